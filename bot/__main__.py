"""``python -m bot``: the command line (see bot.cli)."""

from bot.cli import main

# Guarded: worker processes (page extraction) import the main module again under another name.
if __name__ == "__main__":
    raise SystemExit(main())
