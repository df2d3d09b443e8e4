"""The state machine drawn as SVG, from Python and from the command line."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.commands import cli
from bot.scripts.graph import render_svg, script_graph
from bot.scripts.script import load_script

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [t.text or "" for t in root.iter(f"{SVG}text")]


@pytest.mark.graphviz
def test_the_diagram_is_valid_svg_with_every_state_and_transition() -> None:
    script = load_script("dialogs/collections.yaml")
    texts = _texts(render_svg(script))
    for state in script.states:
        assert state in texts
    assert "answer → verify_identity: ok" in texts
    assert "answer → verify_identity: locked" in texts
    assert "then" in texts  # start moves on to verify by itself
    assert any(t.startswith("in every state (engine)") for t in texts)


def test_final_states_have_a_double_border() -> None:
    source = script_graph(load_script("dialogs/collections.yaml")).source
    assert re.search(
        r'\tstalled \[label="stalled\s+says: negotiation_stalled[^]]*peripheries=2', source
    )
    assert not re.search(r'\toffer \[label="offer[^]]*peripheries', source)


@pytest.mark.graphviz
def test_dialogs_graph_command(tmp_path: Path) -> None:
    out = tmp_path / "out.svg"
    result = CliRunner().invoke(
        cli, ["dialogs", "graph", "dialogs/collections.yaml", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: 11 states\n"
    assert "confirm" in _texts(out.read_text(encoding="utf-8"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("states: [\n", encoding="utf-8")
    failed = CliRunner().invoke(cli, ["dialogs", "graph", str(bad), "-o", str(out)])
    assert failed.exit_code == 1 and failed.stdout.startswith(f"{bad}:2:1: not valid YAML")
