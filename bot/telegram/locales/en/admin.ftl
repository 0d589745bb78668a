admin-addsource-usage = Give the address of an RSS or Atom feed or of a site page, for example: /addsource https://example.com/rss.xml
    A Telegram channel: /addsource @channel
admin-source-exists = This feed is already a source: #{ NUMBER($id, useGrouping: 0) } { $title }.
admin-source-added = Source #{ NUMBER($id, useGrouping: 0) } added: <b>{ $title }</b>
    { $url }
    The feed holds { $items ->
        [one] { $items } item
       *[other] { $items } items
    }; new articles stored: { $stored }.
admin-removesource-usage = Give the source's number, for example: /removesource 3 (numbers are in /stats).
admin-source-not-found = There is no source number { NUMBER($id, useGrouping: 0) }. Numbers are in /stats.
admin-source-removed = Source #{ NUMBER($id, useGrouping: 0) } ({ $title }) removed together with its articles.
admin-fetch-no-sources = There are no feeds to poll. Add one with /addsource URL.
admin-fetch-line = #{ NUMBER($id, useGrouping: 0) } { $title }: new { $stored }, already known { $duplicates }
admin-fetch-line-not-modified = #{ NUMBER($id, useGrouping: 0) } { $title }: not modified
admin-fetch-line-error = #{ NUMBER($id, useGrouping: 0) } { $title }: error: { $error }
admin-fetch-total = <b>Total:</b> { $stored ->
    [one] { $stored } new article
   *[other] { $stored } new articles
} from { $sources ->
    [one] { $sources } source
   *[other] { $sources } sources
}{ $failed ->
    [0] .
   *[other] , { $failed } failed.
}
admin-stats =
    <b>Statistics</b>
    Readers: { $readers }, subscribed: { $subscribers }
    Articles: { $articles }
    Sources: { $sources }
admin-stats-source = #{ NUMBER($id, useGrouping: 0) } [{ $kind ->
    [feed] feed
    [channel] channel
    [import] import
   *[other] { $kind }
}] { $title }: { $articles ->
    [one] { $articles } article
   *[other] { $articles } articles
}
admin-stats-source-error = { $count ->
        [0] ⚠️ last error: { $error }
       *[other] ⚠️ last error ({ $count } in a row): { $error }
    }
admin-addsource-failed = The source was not added: { $reason }.
admin-channel-request = The bot was made an administrator of the channel <b>{ $title }</b> { $link } (by { $user }).
    Its posts become shared news only if you approve it.
button-approve-channel = ✅ Approve as a source
admin-channel-approved = The channel <b>{ $title }</b> is a shared source now (#{ NUMBER($id, useGrouping: 0) }): its new posts will be stored.
admin-channel-not-found = Channel { $name } was not found. Check the name; for a private channel make the bot its administrator and press the button in the message it sends you.
failure-unreachable = the site cannot be reached
failure-not-found = the site has no such page
failure-not-a-feed = there is no RSS or Atom feed at that address
failure-too-big = the response is too large
failure-timed-out = the site did not answer in time
failure-private-address = the address leads into a private network, and I don't fetch those
failure-site-error = the site answered with an error
failure-bad-url = that is not an http or https address
failure-failed = an internal error; the details are in the bot's log
