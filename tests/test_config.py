"""Configuration: defaults, file values, environment overrides, secrets, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Secret, load_settings
from bot.paths import packaged


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings(None, environ={})
    assert s.source == "<defaults>"
    assert s.database.url == f"sqlite:///{tmp_path / 'repaybot.db'}"
    assert s.security.key_file == str(tmp_path / "repaybot.keys")
    assert s.dialog.script == str(packaged("dialogs/collections.yaml"))
    assert s.dialog.locales_dir == str(packaged("locales"))
    assert (s.web.host, s.web.port) == ("127.0.0.1", 8080)
    assert s.telegram.mode == "polling"


def test_config_toml_in_the_working_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "[web]\nport = 9000\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings(None, environ={}).web.port == 9000


def test_the_example_config_is_valid_and_documents_every_key() -> None:
    example = Path(__file__).parent.parent / "config.example.toml"
    settings = load_settings(example, environ={})
    text = example.read_text(encoding="utf-8")
    for section, values in settings.masked().items():
        assert f"[{section}]" in text
        for key in values:
            assert f"{key} =" in text or f"# {key} =" in text or f"[{section}.{key}]" in text, (
                f"{section}.{key} is not documented in config.example.toml"
            )


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "sqlite:///from-file.db"\n[web]\nport = 9000\n')
    s = load_settings(
        path,
        environ={
            "REPAYBOT_DATABASE__URL": "postgresql+psycopg://u@h/db",
            "REPAYBOT_WEB__PORT": "9100",
            "REPAYBOT_DIALOG__ENABLED_LOCALES": "en,zh_CN",
            "REPAYBOT_DATABASE__ECHO": "true",
        },
    )
    assert s.database.url == "postgresql+psycopg://u@h/db"
    assert s.web.port == 9100
    assert s.dialog.enabled_locales == ["en", "zh_CN"]
    assert s.database.echo is True


def test_env_reference_reads_a_secret_and_it_prints_masked(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntoken = "env:BOT_TOKEN"\n')
    s = load_settings(path, environ={"BOT_TOKEN": "123:abc"})
    assert s.telegram.token.reveal() == "123:abc"
    assert "123:abc" not in repr(s)
    assert "123:abc" not in str(s.masked())
    assert s.masked()["telegram"]["token"] == "**********"
    assert str(Secret("x")) == "**********"


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ('[databse]\nurl = "x"\n', {}, "unknown section [databse]"),
        ("[web]\nprot = 1\n", {}, "unknown key web.prot"),
        ('[web]\nport = "80"\n', {}, "web.port: expected a whole number"),
        ("[web]\nport = 70000\n", {}, "web.port must be between 1 and 65535"),
        ('[telegram]\nmode = "push"\n', {}, "telegram.mode: 'push' is not one of"),
        ('[telegram]\ntoken = "env:MISSING_TOKEN"\n', {}, "MISSING_TOKEN is not set"),
        ('[database]\nurl = "nonsense"\n', {}, "database.url is not a database URL"),
        ("[web\n", {}, "not valid TOML"),
        ('[app]\nenvironment = "production"\n', {}, "must be set when app.environment"),
        ('[compliance]\ncustom_window = "21:00-08:00"\n', {}, "custom_window must end after"),
        ('[compliance]\ncustom_window = "8-21"\n', {}, "custom_window must look like"),
        ('[verification]\nfields = ["pin"]\n', {}, "'pin' is not 'date_of_birth' or"),
        ('[compliance]\nhotline = "988"\n', {}, "compliance.hotline: expected a table"),
        ("[database]\necho = 1\n", {}, "database.echo: expected true or false"),
        ("[web]\nport = -1\n", {}, "web.port: must not be negative"),
        ("[channels]\nlease_seconds = 2\n", {}, "channels.lease_seconds must be at least 5"),
        (
            '[collection]\nwechat_template_ids = {overdue = "T1"}\n',
            {},
            "collection.wechat_template_ids.overdue is not a reminder kind",
        ),
        (
            '[collection]\nwechat_template_fields = {first = "{name}"}\n',
            {},
            "collection.wechat_template_fields.first uses {name}",
        ),
        ("", {"REPAYBOT_WEB__NOPE": "1"}, "environment REPAYBOT_WEB__NOPE: unknown key web.nope"),
    ],
)
def test_bad_config_names_the_file_and_key(
    tmp_path: Path, text: str, environ: dict[str, str], message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ=environ)
    assert message in str(err.value)
    if not message.startswith("environment"):
        assert str(path) in str(err.value)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_config_show_prints_secrets_masked(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bot.commands import cli

    path = write(tmp_path, '[telegram]\ntoken = "env:BOT_TOKEN"\n[security]\nhmac_key = "hk-123"\n')
    settings = load_settings(path, environ={"BOT_TOKEN": "123:abc"})
    result = CliRunner().invoke(cli, ["config", "show"], obj={"settings": settings})
    assert result.exit_code == 0, result.output
    assert f"# effective settings from {path}" in result.output
    assert 'token = "**********"' in result.output
    assert 'hmac_key = "**********"' in result.output
    assert "123:abc" not in result.output and "hk-123" not in result.output
