"""A plain install, as an operator or the Docker image makes it, must give a bot that starts.

Replays the Dockerfile's COPY and `pip install` steps into a temporary folder and a fresh venv made
with the pip that ships with this Python (never upgraded, no extras), then imports every module of
bot/, handlers/ and storage/ from the installed copy and runs the command line. Exits non-zero with
the failing step's output. The pip cache keeps a second run fast.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "handlers", "storage")

IMPORT_ALL = """
import importlib, pkgutil, sys
names = []
for package in {packages!r}:
    module = importlib.import_module(package)
    assert module.__file__ and "site-packages" in module.__file__, (package, module.__file__)
    names.append(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        if info.name.endswith(".__main__"):
            continue  # it runs the program; `python -m bot` below runs it
        importlib.import_module(info.name)
        names.append(info.name)
print(f"imported {{len(names)}} modules")
"""

SAMPLE = """Аким встретился с жителями района

Аким района встретился с жителями и ответил на их вопросы о ремонте дорог. Работы начнутся весной.
По словам акима, на ремонт выделено два миллиарда тенге. Жители попросили начать с центральных улиц.
"""


def dockerfile_steps() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text("utf-8").replace("\\\n", " ")
    steps = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            steps.append((instruction.upper(), rest.strip()))
    return steps


def run(step: str, args: list[str], *, cwd: Path, env: dict[str, str], expect: int = 0) -> str:
    print(f"install check: {step}", flush=True)
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != expect:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"install check failed: {step}: exit {result.returncode}, expected {expect}")
    return result.stdout + result.stderr


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="newsbot-install-"))
    try:
        app, venv = work / "app", work / "venv"
        app.mkdir()
        install = None
        for instruction, rest in dockerfile_steps():
            if instruction == "COPY":
                *sources, target = shlex.split(rest)
                into_folder = len(sources) > 1 or target.endswith("/")
                for source in sources:
                    destination = app / target / Path(source).name if into_folder else app / target
                    if (ROOT / source).is_dir():
                        shutil.copytree(
                            ROOT / source, destination, ignore=shutil.ignore_patterns("__pycache__")
                        )
                    else:
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(ROOT / source, destination)
            elif instruction == "RUN" and "pip install" in rest:
                install = rest
        if install is None:
            raise SystemExit("install check failed: no `pip install` step in the Dockerfile")
        match = re.fullmatch(r"python -m venv (\S+) && (\S+)/bin/pip install (\S+)", install)
        if match is None or match.group(1) != match.group(2):
            raise SystemExit(f"install check failed: cannot replay the Dockerfile's install step: {install}")
        # The image's pip install, with this Python, into a fresh venv, with the pip it ships.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.pop("PIP_NO_CACHE_DIR", None)
        run("python -m venv (stock pip)", [sys.executable, "-m", "venv", str(venv)], cwd=work, env=env)
        python = str(venv / "bin" / "python")
        print(run("pip version", [python, "-m", "pip", "--version"], cwd=work, env=env).strip())
        run(
            "pip install . (no upgrade, no extras)",
            [python, "-m", "pip", "install", "-q", str(app)],
            cwd=work,
            env=env,
        )
        # Outside the checkout, with no .env: only the installed copy can be imported.
        print(
            run(
                "import every module", [python, "-c", IMPORT_ALL.format(packages=PACKAGES)], cwd=work, env=env
            ).strip()
        )
        env = {k: v for k, v in env.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
        env["DATABASE_URL"] = f"sqlite:///{work / 'data' / 'bot.db'}"
        run("python -m bot --help", [python, "-m", "bot", "--help"], cwd=work, env=env)
        sample = work / "sample.txt"
        sample.write_text(SAMPLE, "utf-8")
        summary = run(
            "python -m bot summarize", [python, "-m", "bot", "summarize", str(sample)], cwd=work, env=env
        )
        if "ремонт" not in summary:
            raise SystemExit(f"install check failed: summarize printed {summary!r}")
        run("newsbot migrate", [str(venv / "bin" / "newsbot"), "migrate"], cwd=work, env=env)
        result = subprocess.run(
            [python, "-m", "bot", "run"], cwd=work, env=env, capture_output=True, text=True
        )
        lines = result.stderr.strip().splitlines()
        if result.returncode != 2 or len(lines) != 1 or "BOT_TOKEN" not in lines[0] or result.stdout:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit("install check failed: `run` without BOT_TOKEN must exit 2 with one line")
        print(f"install check: run without BOT_TOKEN: {lines[0]}")
        print("install check: ok")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
