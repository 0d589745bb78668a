"""Delivery: everything the bot sends goes out at Telegram's limits, retried, never doubled."""
