"""``prune``: run the retention prune now and print what it removed, by kind."""

from __future__ import annotations

from bot.config import Settings
from storage import Storage
from storage.retention import prune


async def run_prune(settings: Settings) -> int:
    """Prune with ``RETENTION_DAYS`` and print one line per kind."""
    storage = await Storage.open(settings.database_target)
    try:
        report = await prune(storage, retention_days=settings.retention_days)
    finally:
        await storage.close()
    for line in report.lines():
        print(line)
    return 0
