digest-heading = News digest for { $date }
digest-footer = Digest time, time zone and sources: /settings
digest-nothing-new = Nothing new since your last digest. The latest news: /latest
story-yesterday = yesterday, { $time }
