bot-description =
    News from feeds and channels with a short summary of every article, and one digest a day at the time you choose. Search the archive, read any article in full; the interface speaks Russian, Kazakh and English.
bot-short-description = A daily news digest with short summaries, at the time you choose.
start-greeting =
    Hello, { $name }! I collect news from feeds and channels, write a short summary of every article and send you one digest a day at the time you choose.
    The button below subscribes you to the digest. All commands: /help
button-subscribe = 🔔 Subscribe to the digest
button-full-text = 📄 { $number }
help-text =
    <b>Commands</b>
    /start — what the bot does, with a subscribe button
    /subscribe — get digests at your times (/time, /days)
    /unsubscribe — stop the digest
    /latest [N] — the N newest stories (5 by default, at most 20)
    /digest — the digest as it would be now
    /read NUMBER — an article's full text
    /search WORDS — search the archive
    /time HH:MM [HH:MM…] — digest times, up to six a day
    /days DAYS — digest days (mon-fri, sat,sun, all)
    /timezone ZONE — time zone (Almaty, Asia/Almaty or +05:00)
    /sources — choose sources
    /add URL — add a feed of your own (or send an OPML file)
    /export — your feeds as an OPML file
    /filter +word -word — word filters
    /alert WORDS — alerts for news with the words, /alerts — their list
    /settings — all settings
    /language — interface language
    /help — this help
help-admin =
    <b>For admins</b>
    /addsource ADDRESS — add an RSS or Atom feed
    /removesource NUMBER — remove a source
    /fetch — poll the sources now
    /stats — statistics
subscribed = Done: the digest will come { $schedule } ({ $timezone }). The first one comes { $next }. What's new right now: /digest
already-subscribed = You are already subscribed: the digest comes { $schedule } ({ $timezone }). The next one comes { $next }. What's new right now: /digest
unsubscribed = Unsubscribed: no more digests. Your settings are kept — /subscribe brings everything back.
not-subscribed = You are not subscribed. To subscribe: /subscribe
toast-subscribed = 🔔 Subscribed
toast-unsubscribed = 🔕 Unsubscribed
toast-full-text = 📄 Full text below
toast-sources = 📰 Sources below
toast-language = 🌐 Choose a language below
toast-digest = 🗞 Digest below
button-stale = This button is out of date. Send the command again, for example /settings.
source-gone = This source is gone — the list is updated.
latest-empty = There are no articles yet. Check back later.
latest-heading = <b>Latest news</b>
latest-usage = Give a number from 1 to 20, for example: /latest 5
read-usage = Give the article's number, for example: /read 12 or /read_12
read-not-found = There is no article number { NUMBER($id, useGrouping: 0) }. Numbers are shown in /latest and in the digest.
read-original = 🔗 Original
read-source-line = { $source }, { $date }
read-truncated = ✂️ The text is too long for a chat: the rest is at the link below.
read-truncated-no-link = ✂️ The text is too long for a chat; the rest is not shown.
search-usage = Say what to look for, for example: /search elections
search-no-words = “{ $query }” has only words like “and”, “in”, “the”, which I don't search for. Say what to look for, for example: /search elections
search-nothing = Nothing found for “{ $query }”.
search-heading = <b>Found for “{ $query }”</b>
search-partial-heading = <b>No article has every word of “{ $query }”. The closest:</b>
language-choose = Choose the interface language:
language-set = Interface language: English.
unknown-command = I don't know that command. All commands: /help
not-a-command = I understand commands. For example: /latest for the newest stories, /search word to search. All commands: /help
admin-only = This command is for the bot's admins only.
error-generic = Something went wrong. Please try again a little later.
story-more-sources = { $count ->
    [one] +{ $count } source
   *[other] +{ $count } sources
}
cmd-start = About the bot, with a subscribe button
cmd-subscribe = Get the digest
cmd-unsubscribe = Stop the digest
cmd-latest = Latest news
cmd-digest = Digest now
cmd-read = Article full text
cmd-search = Search the news
cmd-time = Digest time
cmd-timezone = Time zone
cmd-sources = Sources
cmd-settings = Settings
cmd-language = Language
cmd-help = Help
cmd-addsource = Add a feed (admin)
cmd-removesource = Remove a source (admin)
cmd-fetch = Poll sources now (admin)
cmd-stats = Statistics (admin)
cmd-days = Digest days
cmd-add = Add a feed of your own
cmd-export = Export your feeds as OPML
cmd-filter = Word filter
cmd-alert = Alert on words
cmd-alerts = Your alerts
