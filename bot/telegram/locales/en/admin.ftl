admin-addsource-usage = Give the address of an RSS or Atom feed, for example: /addsource https://example.com/rss.xml
admin-source-exists = This feed is already a source: #{ $id } { $title }.
admin-url-refused = I can't fetch that address: { $reason }
admin-fetch-failed = The feed could not be fetched: { $reason }
admin-not-a-feed = That address is not an RSS or Atom feed: { $reason }
admin-source-added = Source #{ $id } added: <b>{ $title }</b>
    { $url }
    New articles stored: { $stored }.
admin-removesource-usage = Give the source's number, for example: /removesource 3 (numbers are in /stats).
admin-source-not-found = There is no source number { $id }. Numbers are in /stats.
admin-source-removed = Source #{ $id } ({ $title }) removed together with its articles.
admin-fetch-no-sources = There are no feeds to poll. Add one with /addsource URL.
admin-fetch-line = #{ $id } { $title }: new { $stored }, already known { $duplicates }
admin-fetch-line-not-modified = #{ $id } { $title }: not modified
admin-fetch-line-error = #{ $id } { $title }: error: { $error }
admin-fetch-total = <b>Total:</b> { $stored } new articles from { $sources } sources, { $failed } failed.
admin-stats =
    <b>Statistics</b>
    Readers: { $readers }, subscribed: { $subscribers }
    Articles: { $articles }
    Sources: { $sources }
admin-stats-source = #{ $id } [{ $kind }] { $title }: { $articles } articles
admin-stats-source-error = ⚠️ last error ({ $count } in a row): { $error }
