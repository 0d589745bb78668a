"""Command line: run (default), import, fetch, summarize, digest, migrate, prune, backup, copy-db."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.logging_setup import setup_logging
from storage.backend import DatabaseUnavailableError
from storage.schema import SchemaTooNewError

log = logging.getLogger("bot")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description="Telegram news-digest bot")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="start the bot (default)")
    imp = commands.add_parser("import", help="import articles from files and folders")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--source", help="source name for files that do not name one")
    imp.add_argument("--no-progress", action="store_true", help="no progress bar")
    commands.add_parser("fetch", help="poll every source once and print what was stored")
    summ = commands.add_parser("summarize", help="print summaries of files (JSON Lines in, JSON Lines out)")
    summ.add_argument("paths", nargs="+", type=Path)
    commands.add_parser("resummarize", help="summarize every stored article again")
    dig = commands.add_parser("digest", help="print or send one reader's digest")
    dig.add_argument("--chat", type=int, required=True)
    dig.add_argument("--dry-run", action="store_true", help="print instead of sending")
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("prune", help="remove what RETENTION_DAYS allows now and print what went")
    back = commands.add_parser("backup", help="write a consistent copy of the SQLite database to PATH")
    back.add_argument("path", type=Path, help="the copy's file name (or a folder to put it in)")
    copy = commands.add_parser(
        "copy-db", help="copy the SQLite database at DATABASE_URL into PostgreSQL (again: only what is new)"
    )
    copy.add_argument("--to", required=True, metavar="URL", help="postgresql://user:pass@host:port/db")
    copy.add_argument("--no-progress", action="store_true", help="no progress bars")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = load_settings()
        token = settings.token if command == "run" or (command == "digest" and not args.dry_run) else None
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, [token] if token else [])
    try:
        return asyncio.run(_dispatch(command, args, settings))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (SchemaTooNewError, DatabaseUnavailableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _dispatch(command: str, args: argparse.Namespace, settings: Settings) -> int:
    if command == "summarize":
        from bot.cli.summarize import run_summarize

        return run_summarize(args.paths, settings.summary_max_chars, sys.stdout)
    if command == "migrate":
        from storage import Storage

        storage = await Storage.open(settings.database_target)
        await storage.close()
        print(f"database {settings.database_label} is up to date")
        return 0
    if command == "import":
        from bot.cli.importing import run_import

        return await run_import(settings, args.paths, source_name=args.source, progress=not args.no_progress)
    if command == "resummarize":
        from bot.cli.resummarize import run_resummarize

        return await run_resummarize(settings)
    if command == "fetch":
        from bot.cli.fetch import run_fetch

        return await run_fetch(settings)
    if command == "prune":
        from bot.cli.prune import run_prune

        return await run_prune(settings)
    if command == "backup":
        from bot.cli.backup import run_backup

        return await run_backup(settings, args.path)
    if command == "copy-db":
        from bot.cli.copy_db import run_copy_db

        return await run_copy_db(settings, args.to, progress=not args.no_progress)
    if command == "digest":
        from bot.cli.digest import run_digest_command

        return await run_digest_command(settings, args.chat, dry_run=args.dry_run)
    from bot.cli.run import run_bot

    await run_bot(settings)
    return 0
