"""The dependency list and the committed lock agree, and every runtime bound is capped."""

from __future__ import annotations

import ast
import os
import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]  # type: ignore[no-any-return]


def _lock() -> dict[str, set[str]]:
    """Package name -> the exact versions the lock pins (one per interpreter marker)."""
    pins: dict[str, set[str]] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec = line.split(";", 1)[0].strip()
        name, sep, version = spec.partition("==")
        assert sep, f"requirements.lock: {line!r} is not an exact pin"
        pins.setdefault(_canonical(name), set()).add(version.strip())
    return pins


def _requirements() -> list[str]:
    project = _project()
    extras = project["optional-dependencies"]
    assert isinstance(extras, dict)
    return [*project["dependencies"], *(r for reqs in extras.values() for r in reqs)]  # type: ignore[misc]


def test_every_runtime_dependency_has_an_upper_bound() -> None:
    uncapped = [r for r in _project()["dependencies"] if "<" not in r]  # type: ignore[attr-defined]
    assert uncapped == []


def test_the_lock_pins_every_declared_dependency() -> None:
    pins = _lock()
    missing = []
    for req in _requirements():
        match = NAME.match(req)
        assert match is not None
        if _canonical(match.group(1)) not in pins:
            missing.append(req)
    assert missing == [], "refresh requirements.lock (see README, 'Dependencies')"


def test_runtime_dependencies_leave_out_test_and_lint_tools() -> None:
    runtime = {_canonical(NAME.match(r).group(1)) for r in _project()["dependencies"]}  # type: ignore[union-attr, attr-defined]
    assert runtime.isdisjoint({"pytest", "ruff", "mypy", "playwright", "hypothesis"})


@pytest.mark.skipif(
    os.environ.get("CI") != "true",
    reason="checks the environment .ci/run installs from the lock (CI=true)",
)
def test_the_environment_is_installed_from_the_lock() -> None:
    pins = _lock()
    differ = []
    for dist in metadata.distributions():
        name = _canonical(dist.metadata["Name"])
        if name in pins and dist.version not in pins[name]:
            differ.append(f"{name} {dist.version} (lock: {', '.join(sorted(pins[name]))})")
    assert differ == []


# Runtime dependencies that bot/ uses without importing them by name.
USED_INDIRECTLY = {
    "psycopg": "SQLAlchemy's PostgreSQL driver, chosen by the database URL",
    "python-multipart": "Starlette parses the console's form posts with it",
    "uvloop": "uvicorn runs `repaybot serve` on it when installed (loop='auto')",
    "httptools": "uvicorn parses HTTP with it when installed (http='auto')",
}


def _imported_by_bot() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_every_runtime_dependency_is_used_by_the_package() -> None:
    modules: dict[str, set[str]] = {}
    for module, dists in metadata.packages_distributions().items():
        for dist in dists:
            modules.setdefault(_canonical(dist), set()).add(module)
    imported = _imported_by_bot()
    unused = []
    for req in _project()["dependencies"]:  # type: ignore[attr-defined]
        name = _canonical(NAME.match(req).group(1))  # type: ignore[union-attr]
        if name not in USED_INDIRECTLY and not modules.get(name, set()) & imported:
            unused.append(name)
    assert unused == [], "bot/ never imports these: drop them or move them to an extra"
