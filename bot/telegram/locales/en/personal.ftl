add-usage = Send the address of a feed or of a site page, for example: /add https://example.com/rss.xml
add-disabled = Adding feeds of your own is not allowed in this bot.
add-too-often = Too many attempts to add a feed this hour (at most { $count }). Please try later.
add-failed = The feed was not added: { $reason }.
add-limit = You already have { $count } feeds of your own, the most you can. Remove one in /sources.
add-done = Added: “{ $title }”, { $items ->
        [one] { $items } item
       *[other] { $items } items
    } in the feed. New articles from it will come in your digest.
add-shared-on = “{ $title }” is one of the shared sources; I switched it on for you.
add-already = You already have “{ $title }”.
feed-removed = Removed: { $title }
button-remove-feed = ❌ { $title }
opml-not-opml-name = I take OPML files with a list of feeds: the file name must end in .opml or .xml.
opml-download-failed = I could not get the file from Telegram. Please send it again.
opml-too-large = The file is over 1 MB, which I do not read.
opml-not-xml = This is not an OPML file: there is no XML inside.
opml-entities = The file declares entities (a DTD); for safety I do not open such files.
opml-not-opml = This is XML but not OPML: there is no list of feeds in it.
opml-no-feeds = The OPML file holds no feeds.
opml-too-many-feeds = The file holds more than 500 feeds, too many at once.
opml-progress = Importing feeds: { $done } of { $total }…
opml-result = <b>Import finished</b>
    Added: { $added }, already there: { $already }, failed: { $failed }.
opml-failure-line = • { $feed }: { $reason }
opml-more-failures = …and { $count } more failed.
opml-reason-limit = the limit of { $count } feeds of your own is reached
export-empty = You have no feeds to export yet: add one with /add or switch shared ones on in /sources.
export-title = My feeds
export-caption = Your feeds as OPML ({ $count }). Open this file in any RSS reader, or send it back to me.
terms-rejected-empty = “{ $term }”: empty, nothing to look for.
terms-rejected-too-long = “{ $term }”: too long (at most 100 characters and 8 words).
terms-rejected-no-words = “{ $term }”: there are no words here.
terms-rejected-too-many = “{ $term }”: not added, the limit is reached.
terms-rejected-exclude-in-alert = “{ $term }”: alerts have no exclusions; use /filter -word for that.
filter-usage = Word filter: /filter +word keeps only news with the word, /filter -word drops news with it, /filter "two words" is a phrase. /filter alone shows the list.
filter-empty = No filters: you get all the news. Add one: /filter +word or /filter -word.
filter-heading = <b>Your filters</b> ({ $count } of { $limit })
    ➕ a story must hold at least one of these words, ➖ it must hold none. A button removes the word.
filter-added = Filter updated: { $terms }
filter-already = Already there: { $terms }
filter-limit = A filter holds at most { $limit } words.
filter-hint = Word forms count: “election” also finds “elections”. The list: /filter
button-remove-term = ❌ { $term }
term-removed = Removed: { $term }
term-gone = That word is no longer in the filter.
alert-usage = Alerts for news with words: /alert WORDS sends each new article holding all the words at once. The list: /alerts
alert-added = Alert on: { $words }. New articles with these words will come at once. The list: /alerts
alert-limit = You can have at most { $limit } alerts. Remove one in /alerts.
alerts-empty = No alerts. Add one: /alert WORDS
alerts-heading = <b>Your alerts</b> ({ $count } of { $limit })
button-remove-alert = ❌ { $words }
alert-removed = Alert removed
alert-gone = That alert is gone already.
alert-heading = 🔔 Alert: { $words }
alert-more-matched = You have had { $count } alerts today, the daily limit. More news matched: have a look at /latest.
latest-hidden = Hidden by your filters: { $count } (/filter)
latest-all-hidden = All the latest news is hidden by your filters ({ $count }). See them: /filter
button-news-languages = 🗣 News languages
toast-news-languages = 🗣 News languages below
news-languages-text = <b>News languages</b>
    { $default ->
        [yes] Now the default: news in the interface language first, then the others.
       *[no] You get news in the ticked languages only.
    }
    Press a language to switch it on or off.
news-language-saved = Saved
