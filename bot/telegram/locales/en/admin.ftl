admin-addsource-usage = Give the address of an RSS or Atom feed, for example: /addsource https://example.com/rss.xml
admin-source-exists = This feed is already a source: #{ NUMBER($id, useGrouping: 0) } { $title }.
admin-url-refused = I can't fetch that address: { $reason }
admin-fetch-failed = The feed could not be fetched: { $reason }
admin-not-a-feed = That address is not an RSS or Atom feed: { $reason }
admin-source-added = Source #{ NUMBER($id, useGrouping: 0) } added: <b>{ $title }</b>
    { $url }
    New articles stored: { $stored }.
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
admin-stats-source-error = ⚠️ last error ({ $count } in a row): { $error }
