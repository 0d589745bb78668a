"""Digests and story lists: choose and rank stories, render Telegram HTML, split into messages."""
