"""Personal news: readers' word filters, alerts, OPML files and the languages they read.

Pure cores with no I/O (terms, story words, filters, the alert index and cap, OPML, news languages),
which handlers, digests and the ingest pipeline call; ``selection`` feeds them from storage for the
digest and ``/latest``, and ``alert_job`` is the scheduled job that sends alerts through the outbox.
"""
