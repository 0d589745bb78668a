"""Personal news: readers' word filters, alerts, OPML files and the languages they read.

Pure cores with no I/O: handlers, digests and the ingest pipeline call them.
"""
