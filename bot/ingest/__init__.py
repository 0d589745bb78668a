"""Ingestion: fetch, parse, clean and deduplicate articles before they are stored."""
