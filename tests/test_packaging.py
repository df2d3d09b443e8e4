"""The installed package carries its data files: the default script and the catalogs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.paths import packaged

ROOT = Path(__file__).resolve().parents[1]


def _data_files() -> dict[str, bytes]:
    """The editable sources, by their path inside the package."""
    files = {}
    for top in ("dialogs", "locales"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.suffix in {".yaml", ".po", ".pot", ".mo"}:
                files[f"bot/data/{path.relative_to(ROOT).as_posix()}"] = path.read_bytes()
    # The intent classifier's weights live only inside the package.
    for path in sorted((ROOT / "bot" / "data" / "understanding").glob("*.json")):
        files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return files


def test_packaged_paths_are_the_editable_sources() -> None:
    assert (
        packaged("dialogs/collections.yaml").read_bytes()
        == (ROOT / "dialogs" / "collections.yaml").read_bytes()
    )
    assert packaged("locales/zh_TW/LC_MESSAGES/messages.po").is_file()


@pytest.mark.slow
def test_the_wheel_ships_the_script_and_catalogs(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("bot", "dialogs", "locales"):
        shutil.copytree(
            ROOT / name, src / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(tmp_path / "dist"),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("repaybot-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        shipped = {name: zf.read(name) for name in zf.namelist() if name.startswith("bot/data/")}
    expected = _data_files()
    assert "bot/data/dialogs/collections.yaml" in expected
    assert "bot/data/understanding/classifier.json" in expected
    assert shipped == expected
