"""Typed settings from ``config.toml``, with defaults and environment overrides.

Every key is documented in ``config.example.toml``. The loader fills defaults so
the bot runs with no file at all; ``REPAYBOT_<SECTION>__<KEY>`` environment
variables override file values; a value ``env:NAME`` reads the secret from the
environment variable ``NAME``. Secrets print as ``**********``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from zoneinfo import available_timezones

from bot.config_paths import resolve_paths
from bot.config_sections import (
    MASK,
    AnalyticsSettings,
    AppSettings,
    ChannelsSettings,
    CollectionSettings,
    ComplianceSettings,
    ConsoleSettings,
    DatabaseSettings,
    DialogSettings,
    EmailSettings,
    Secret,
    SecuritySettings,
    SenderSettings,
    Settings,
    SmsSettings,
    TelegramSettings,
    TencentSmsSettings,
    TwilioSettings,
    VerificationSettings,
    WebChatSettings,
    WebSettings,
    WechatSettings,
)

__all__ = [
    "ENV_PREFIX",
    "MASK",
    "AnalyticsSettings",
    "AppSettings",
    "ChannelsSettings",
    "CollectionSettings",
    "ComplianceSettings",
    "ConfigError",
    "ConsoleSettings",
    "DatabaseSettings",
    "DialogSettings",
    "EmailSettings",
    "Secret",
    "SecuritySettings",
    "SenderSettings",
    "Settings",
    "SmsSettings",
    "TelegramSettings",
    "TencentSmsSettings",
    "TwilioSettings",
    "VerificationSettings",
    "WebChatSettings",
    "WebSettings",
    "WechatSettings",
    "load_settings",
]

ENV_PREFIX = "REPAYBOT_"


class ConfigError(Exception):
    """A configuration problem a user can fix; the message names file and key."""


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """A settings class's resolved field types (resolved once: it is not cheap)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _section_types() -> dict[str, type[Any]]:
    hints = _hints(Settings)
    return {f.name: hints[f.name] for f in dataclasses.fields(Settings) if f.name != "source"}


def _coerce(value: Any, hint: Any, where: str, env: Mapping[str, str]) -> Any:
    """Check ``value`` against the type ``hint``; raise ConfigError naming ``where``."""
    origin = get_origin(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table")
        hints = _hints(hint)
        kwargs: dict[str, Any] = {}
        for key, item in value.items():
            if key not in hints:
                raise ConfigError(f"{where}: unknown key {key}")
            kwargs[key] = _coerce(item, hints[key], f"{where}.{key}", env)
        return hint(**kwargs)
    if hint is Secret:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {type(value).__name__}")
        return Secret(_resolve_env(value, where, env))
    if origin is Literal:
        allowed = get_args(hint)
        if value not in allowed:
            choices = ", ".join(repr(a) for a in allowed)
            raise ConfigError(f"{where}: {value!r} is not one of {choices}")
        return value
    if origin is list:
        (item,) = get_args(hint)
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {type(value).__name__}")
        return [_coerce(v, item, f"{where}[{i}]", env) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{where}: expected a table of strings")
        return {str(k): _resolve_env(v, where, env) for k, v in value.items()}
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
        if value < 0:
            raise ConfigError(f"{where}: must not be negative, got {value}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {type(value).__name__}")
        return _resolve_env(value, where, env)
    raise ConfigError(f"{where}: unsupported setting type {hint!r}")  # pragma: no cover


def _resolve_env(value: str, where: str, env: Mapping[str, str]) -> str:
    if value.startswith("env:"):
        name = value[4:]
        if name not in env:
            raise ConfigError(f"{where}: environment variable {name} is not set")
        return env[name]
    return value


def _from_env_string(raw: str, hint: Any) -> Any:
    """Turn an environment variable's text into the TOML-ish value for ``hint``."""
    origin = get_origin(hint)
    if hint is bool:
        low = raw.strip().lower()
        if low in {"1", "true", "yes", "on"}:
            return True
        if low in {"0", "false", "no", "off"}:
            return False
        return raw
    if hint is int:
        try:
            return int(raw)
        except ValueError:
            return raw
    if hint is float:
        try:
            return float(raw)
        except ValueError:
            return raw
    if origin is list:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def load_settings(
    path: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Load settings from ``path`` (or ``./config.toml`` if present, else defaults).

    Args:
        path: an explicit config file; it must exist.
        environ: environment to read overrides from (default ``os.environ``).

    Raises:
        ConfigError: the file is missing or unreadable, or a key is unknown,
            of the wrong type or has an invalid value.
    """
    env = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    source = "<defaults>"
    if path is None and Path("config.toml").is_file():
        path = "config.toml"
    if path is not None:
        p = Path(path)
        source = str(p)
        try:
            with p.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(f"{p}: config file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML: {exc}") from None
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read config file: {exc.strerror}") from None

    sections = _section_types()
    for name, value in data.items():
        if name not in sections:
            known = ", ".join(sorted(sections))
            raise ConfigError(f"{source}: unknown section [{name}] (known: {known})")
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: [{name}] must be a table")

    given = {f"{sec}.{key}" for sec, values in data.items() for key in values}
    from_env: dict[str, str] = {}  # section.key -> the variable that set it
    for key, raw in env.items():
        if not key.startswith(ENV_PREFIX) or "__" not in key:
            continue
        sec, _, opt = key[len(ENV_PREFIX) :].lower().partition("__")
        if sec not in sections:
            raise ConfigError(f"environment {key}: unknown section [{sec}]")
        hints = _hints(sections[sec])
        table, _, sub = opt.partition("__")
        if sub and table in hints and dataclasses.is_dataclass(hints[table]):
            # A nested table: REPAYBOT_SMS__TWILIO__AUTH_TOKEN is [sms.twilio] auth_token.
            inner = _hints(hints[table])
            if sub not in inner:
                raise ConfigError(f"environment {key}: unknown key {sec}.{table}.{sub}")
            nested = data.setdefault(sec, {}).setdefault(table, {})
            nested[sub] = _from_env_string(raw, inner[sub])
            from_env[f"{sec}.{table}"] = key
            continue
        if opt not in hints:
            raise ConfigError(f"environment {key}: unknown key {sec}.{opt}")
        data.setdefault(sec, {})[opt] = _from_env_string(raw, hints[opt])
        from_env[f"{sec}.{opt}"] = key

    built: dict[str, Any] = {}
    for name, cls in sections.items():
        values = data.get(name, {})
        hints = _hints(cls)
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            if key not in hints:
                raise ConfigError(f"{source}: unknown key {name}.{key}")
            where = from_env.get(f"{name}.{key}") or f"{source}: {name}.{key}"
            kwargs[key] = _coerce(value, hints[key], where, env)
        built[name] = cls(**kwargs)
    settings = Settings(**built, source=source)
    folder = Path(path).resolve().parent if path is not None else None
    settings = resolve_paths(settings, folder, given | from_env.keys())
    _validate(settings)
    return settings


def _validate(s: Settings) -> None:
    """Cross-field checks that types alone cannot express."""
    where = s.source
    if not 1 <= s.web.port <= 65535:
        raise ConfigError(f"{where}: web.port must be between 1 and 65535, got {s.web.port}")
    if not s.database.url or "://" not in s.database.url:
        raise ConfigError(f"{where}: database.url is not a database URL: {s.database.url!r}")
    if s.telegram.mode == "webhook" and s.telegram.token and not s.telegram.webhook_secret:
        raise ConfigError(f"{where}: telegram.webhook_secret is required when mode = 'webhook'")
    for name in ("encoding_aes_key", "previous_encoding_aes_key"):
        aes_key = getattr(s.wechat, name).reveal()
        if aes_key and len(aes_key) != 43:
            raise ConfigError(
                f"{where}: wechat.{name} must be the 43-character EncodingAESKey from the "
                f"WeChat console, got {len(aes_key)} characters"
            )
    if not re.fullmatch(
        r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d", s.compliance.custom_window
    ):
        raise ConfigError(
            f"{where}: compliance.custom_window must look like '08:00-21:00', "
            f"got {s.compliance.custom_window!r}"
        )
    start, _, end = s.compliance.custom_window.partition("-")
    if start >= end:
        raise ConfigError(
            f"{where}: compliance.custom_window must end after it starts, "
            f"got {s.compliance.custom_window!r}"
        )
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", s.collection.remind_at):
        raise ConfigError(
            f"{where}: collection.remind_at must look like '10:00', got {s.collection.remind_at!r}"
        )
    kinds = ("before_due", "due", "missed", "broken")
    for kind in s.collection.wechat_template_ids:
        if kind not in kinds:
            raise ConfigError(
                f"{where}: collection.wechat_template_ids.{kind} is not a reminder kind "
                f"(one of {', '.join(kinds)})"
            )
    known = {"account_ref", "amount", "due_date", "creditor", "text"}
    for name, pattern in s.collection.wechat_template_fields.items():
        unknown = sorted(set(re.findall(r"\{(\w*)\}", pattern)) - known)
        if unknown:
            raise ConfigError(
                f"{where}: collection.wechat_template_fields.{name} uses {{{unknown[0]}}}; "
                f"the fields are filled from {', '.join('{' + k + '}' for k in sorted(known))}"
            )
    _validate_hours(s)
    if s.email.smtp_host and "@" not in s.email.from_address:
        raise ConfigError(f"{where}: email.from_address is required when email.smtp_host is set")
    if s.channels.lease_seconds < 5:
        raise ConfigError(f"{where}: channels.lease_seconds must be at least 5")
    if s.sms.max_segments < 1:
        raise ConfigError(f"{where}: sms.max_segments must be at least 1")
    if s.sms.provider == "twilio" and s.sms.twilio.auth_token and not s.sms.twilio.webhook_url:
        raise ConfigError(
            f"{where}: sms.twilio.webhook_url (the public URL Twilio posts to) is required "
            "to check X-Twilio-Signature"
        )
    if s.verification.max_attempts < 1:
        raise ConfigError(f"{where}: verification.max_attempts must be at least 1")
    for fld in s.verification.fields:
        if fld not in {"date_of_birth", "id_last4"}:
            raise ConfigError(
                f"{where}: verification.fields: {fld!r} is not 'date_of_birth' or 'id_last4'"
            )
    if s.app.environment == "production" and (
        not s.security.encryption_keys or not s.security.hmac_key or not s.security.link_secret
    ):
        raise ConfigError(
            f"{where}: security.encryption_keys, security.hmac_key and security.link_secret "
            "must be set when app.environment = 'production'"
        )


_HOURS = re.compile(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d")


def _validate_hours(s: Settings) -> None:
    """Office hours ``HH:MM-HH:MM`` that end after they start, in time zones that exist."""
    where = s.source
    zones = available_timezones()
    teams = [("console.business_hours", s.console.business_hours, s.console.business_timezone)]
    if s.console.business_timezone not in zones:
        raise ConfigError(
            f"{where}: console.business_timezone: {s.console.business_timezone!r} "
            "is not a time zone"
        )
    for region, spec in s.console.regional_hours.items():
        key = f"console.regional_hours.{region}"
        if region not in zones and not any(z.startswith(region + "/") for z in zones):
            raise ConfigError(
                f"{where}: {key}: {region!r} is neither a time zone (America/New_York) "
                "nor an area of them (America)"
            )
        hours, _, zone = str(spec).strip().partition(" ")
        if not zone.strip():
            raise ConfigError(
                f"{where}: {key} must look like '09:00-18:00 America/New_York', got {spec!r}"
            )
        teams.append((key, hours, zone.strip()))
    for key, hours, zone in teams:
        if not _HOURS.fullmatch(hours) or hours[:5] >= hours[6:]:
            raise ConfigError(
                f"{where}: {key} must be opening and closing times like '09:00-18:00', "
                f"got {hours!r}"
            )
        if zone not in zones:
            raise ConfigError(f"{where}: {key}: {zone!r} is not a time zone")
