"""Channels, groups and forum topics: who administers them, and what their administrators are told."""
