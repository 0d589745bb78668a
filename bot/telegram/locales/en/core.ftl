start-greeting =
    Hello, { $name }! I collect news from feeds and channels, write a short summary of every article and send you one digest a day at the time you choose.
    Press the button below to subscribe, or type /help to see every command.
button-subscribe = 🔔 Subscribe to the digest
button-full-text = 📄 { $number }
help-text =
    <b>Commands</b>
    /start — greeting and subscription
    /subscribe — get the digest every day
    /unsubscribe — stop the digest
    /latest [N] — the N newest stories (5 by default, at most 20)
    /digest — the digest as it would be now
    /read ID — an article's full text
    /search WORDS — search the archive
    /time HH:MM — digest time
    /timezone ZONE — time zone (Asia/Almaty or +05:00)
    /sources — choose sources
    /settings — all settings
    /language — interface language
    /help — this help
help-admin =
    <b>For admins</b>
    /addsource URL — add an RSS/Atom feed
    /removesource ID — remove a source
    /fetch — poll the sources now
    /stats — statistics
subscribed = Done: the digest will come every day at { $time } ({ $timezone }).
already-subscribed = You are already subscribed: the digest comes every day at { $time } ({ $timezone }).
unsubscribed = Unsubscribed: no more digests. Your settings are kept — /subscribe brings everything back.
not-subscribed = You are not subscribed. To subscribe: /subscribe
latest-empty = There are no articles yet. Check back later.
latest-heading = <b>Latest news</b>
latest-usage = Give a number from 1 to 20, for example: /latest 5
read-usage = Give the article's number, for example: /read 12 or /read_12
read-not-found = There is no article number { $id }. Numbers are shown in /latest and in the digest.
read-original = 🔗 Original
read-source-line = { $source }, { $date }
read-truncated = ✂️ The text is too long for a chat: the rest is at the link below.
read-truncated-no-link = ✂️ The text is too long for a chat; the rest is not shown.
search-usage = Say what to look for, for example: /search elections
search-nothing = Nothing found for “{ $query }”.
search-heading = <b>Found for “{ $query }”</b>
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
cmd-start = Start and subscribe
cmd-subscribe = Get the daily digest
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
