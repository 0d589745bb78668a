"""The files an operator deploys with: pyproject's dependencies, .env.example, Dockerfile, compose.yaml.

No Docker daemon runs here: the image's install steps are replayed by `.ci/install_check.py`; these
tests hold the files to what the README promises.
"""

from __future__ import annotations

import ast
import re
import shlex
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
CODE = ("bot", "handlers", "storage")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def readme_variables() -> list[str]:
    """Every variable named in the first column of the README's configuration table."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names += re.findall(r"`([A-Z][A-Z0-9_]+)`", first_cell)
    assert names, "no configuration table in README"
    return names


def test_every_third_party_import_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = {canonical(re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0]) for dep in project["dependencies"]}
    providers = packages_distributions()
    missing: dict[str, set[str]] = {}
    for folder in CODE:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in CODE or top == "__future__":
                        continue
                    dists = {canonical(d) for d in providers.get(top, [top])}
                    if not dists & declared:
                        missing.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    assert not missing, f"imported but not in [project].dependencies: {missing}"


def test_every_readme_variable_is_a_setting_and_in_env_example() -> None:
    settings_names = {name.upper() for name in Settings.model_fields}
    example = (ROOT / ".env.example").read_text("utf-8")
    example_names = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    for name in readme_variables():
        if name in ("WEBHOOK_HOST", "WEBHOOK_PORT"):  # older names of HTTP_HOST / HTTP_PORT
            continue
        assert name in settings_names, name
        assert name in example_names, name


def test_compose_names_every_readme_variable_and_has_a_postgres_profile() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
    services = compose["services"]
    bots = {name: s for name, s in services.items() if s.get("build")}
    assert set(bots) == {"bot", "bot-postgres"}
    for name, service in bots.items():
        environment = service["environment"]
        for variable in readme_variables():
            if variable in ("WEBHOOK_HOST", "WEBHOOK_PORT"):
                continue
            assert variable in environment, (name, variable)
        assert "/data" in " ".join(service["volumes"])
    assert bots["bot"]["environment"]["DATABASE_URL"].endswith("sqlite:////data/newsbot.db}")
    assert bots["bot"]["profiles"] == ["sqlite"]
    assert bots["bot-postgres"]["profiles"] == ["postgres"]
    assert bots["bot-postgres"]["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert "@postgres:5432/" in bots["bot-postgres"]["environment"]["DATABASE_URL"]
    assert bots["bot-postgres"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    postgres = services["postgres"]
    assert postgres["profiles"] == ["postgres"]
    assert postgres["image"].startswith("postgres:")
    # The two bots never run together: each profile starts exactly one.
    assert "sqlite" not in postgres["profiles"]


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text("utf-8").replace("\\\n", " ")
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, rest = line.partition(" ")
            pairs.append((instruction.upper(), rest.strip()))
    return pairs


def test_dockerfile_is_slim_non_root_with_a_data_volume_and_a_health_check() -> None:
    steps = dockerfile()
    [base] = [rest for name, rest in steps if name == "FROM"]
    assert re.fullmatch(r"python:3\.(1[1-9])-slim", base), base
    users = [rest for name, rest in steps if name == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert any(name == "VOLUME" and "/data" in rest for name, rest in steps)
    [health] = [rest for name, rest in steps if name == "HEALTHCHECK"]
    assert "/healthz" in health
    assert any(name == "ENV" and "DATABASE_URL=sqlite:////data/" in rest for name, rest in steps)
    [command] = [rest for name, rest in steps if name == "CMD"]
    assert "bot" in command and "run" in command


def test_dockerfile_copies_everything_the_install_needs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    copied: set[str] = set()
    for name, rest in dockerfile():
        if name == "COPY":
            *sources, _target = shlex.split(rest)
            for source in sources:
                assert (ROOT / source).exists(), source
                copied.add(source.rstrip("/"))
    needed = {project["project"]["readme"], *project["project"]["license-files"], "pyproject.toml"}
    needed |= {
        pattern.rstrip("*") for pattern in project["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    assert needed <= copied, needed - copied
    installs = [rest for name, rest in dockerfile() if name == "RUN" and "pip install" in rest]
    assert len(installs) == 1
    # The plain install CI checks: no extras, no pip upgrade.
    assert "--upgrade" not in installs[0] and "[" not in installs[0]
