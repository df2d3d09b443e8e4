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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from bot.config_paths import resolve_paths
from bot.paths import DEFAULT_CANNED_REPLIES, DEFAULT_LOCALES, DEFAULT_SCRIPT, packaged

ENV_PREFIX = "REPAYBOT_"
MASK = "**********"


class ConfigError(Exception):
    """A configuration problem a user can fix; the message names file and key."""


class Secret:
    """A string that never shows itself in logs, reprs or error messages."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the secret value."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return f"Secret('{MASK}')" if self._value else "Secret('')"

    def __str__(self) -> str:
        return MASK if self._value else ""


@dataclass(frozen=True)
class AppSettings:
    environment: Literal["development", "production"] = "development"
    log_level: str = "INFO"


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = "sqlite:///repaybot.db"
    echo: bool = False


@dataclass(frozen=True)
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str = ""
    max_body_bytes: int = 1 << 20


@dataclass(frozen=True)
class DialogSettings:
    script: str = field(default_factory=lambda: str(packaged(DEFAULT_SCRIPT)))
    locales_dir: str = field(default_factory=lambda: str(packaged(DEFAULT_LOCALES)))
    default_locale: str = "en"
    enabled_locales: list[str] = field(default_factory=lambda: ["en", "zh_CN", "zh_TW"])
    resume_after_minutes: int = 30
    max_not_understood: int = 3
    agent_ack_minutes: int = 30


@dataclass(frozen=True)
class SecuritySettings:
    key_file: str = "repaybot.keys"
    encryption_keys: list[Secret] = field(default_factory=list)
    hmac_key: Secret = field(default_factory=lambda: Secret(""))
    link_secret: Secret = field(default_factory=lambda: Secret(""))
    link_ttl_hours: int = 72


@dataclass(frozen=True)
class VerificationSettings:
    fields: list[str] = field(default_factory=lambda: ["date_of_birth"])
    max_attempts: int = 5
    window_minutes: int = 15
    max_attempts_per_account_per_day: int = 20
    binding_days: int = 180


@dataclass(frozen=True)
class TelegramSettings:
    token: Secret = field(default_factory=lambda: Secret(""))
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_secret: Secret = field(default_factory=lambda: Secret(""))
    base_url: str = "https://api.telegram.org/bot"
    bot_username: str = ""


@dataclass(frozen=True)
class WechatSettings:
    app_id: str = ""
    app_secret: Secret = field(default_factory=lambda: Secret(""))
    token: Secret = field(default_factory=lambda: Secret(""))
    encoding_aes_key: Secret = field(default_factory=lambda: Secret(""))
    previous_encoding_aes_key: Secret = field(default_factory=lambda: Secret(""))
    api_base_url: str = "https://api.weixin.qq.com/cgi-bin/"
    reply_deadline_seconds: float = 4.0
    max_body_bytes: int = 65536
    timestamp_tolerance_seconds: int = 300
    default_locale: str = "zh_CN"
    service_window_hours: int = 48
    service_window_quota: int = 5


@dataclass(frozen=True)
class EmailSettings:
    """Email as a two-way channel: SMTP out, a signed HTTP hook (or IMAP) in."""

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_tls: Literal["none", "starttls", "tls"] = "starttls"
    smtp_username: str = ""
    smtp_password: Secret = field(default_factory=lambda: Secret(""))
    smtp_timeout_seconds: float = 30.0
    smtp_ca_file: str = ""
    from_address: str = ""
    reply_to: str = ""
    from_by_creditor: dict[str, str] = field(default_factory=dict)
    reply_to_by_creditor: dict[str, str] = field(default_factory=dict)
    inbound_secret: Secret = field(default_factory=lambda: Secret(""))
    unsubscribe_secret: Secret = field(default_factory=lambda: Secret(""))
    max_body_bytes: int = 1 << 20
    default_locale: str = "en"
    subject: dict[str, str] = field(
        default_factory=lambda: {
            "en": "A message from {sender}",
            "zh_CN": "来自{sender}的消息",
            "zh_TW": "來自{sender}的訊息",
        }
    )
    imap_host: str = ""
    imap_port: int = 993
    imap_tls: Literal["tls", "starttls", "none"] = "tls"
    imap_username: str = ""
    imap_password: Secret = field(default_factory=lambda: Secret(""))
    imap_folder: str = "INBOX"
    imap_poll_seconds: float = 60.0


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str = ""
    auth_token: Secret = field(default_factory=lambda: Secret(""))
    from_number: str = ""
    api_base_url: str = "https://api.twilio.com"
    webhook_url: str = ""
    status_callback_url: str = ""


@dataclass(frozen=True)
class TencentSmsSettings:
    secret_id: str = ""
    secret_key: Secret = field(default_factory=lambda: Secret(""))
    sdk_app_id: str = ""
    sign_name: str = ""
    template_id: str = ""
    template_params: list[str] = field(default_factory=lambda: ["link"])
    region: str = "ap-guangzhou"
    endpoint: str = "https://sms.tencentcloudapi.com"
    callback_secret: Secret = field(default_factory=lambda: Secret(""))


@dataclass(frozen=True)
class SmsSettings:
    """SMS as a two-way channel through one provider (Twilio, or Tencent Cloud in China)."""

    provider: Literal["", "twilio", "tencent"] = ""
    default_region: str = "US"
    default_locale: str = "en"
    max_segments: int = 3
    more_link_ttl_hours: int = 72
    opt_out_text: dict[str, str] = field(
        default_factory=lambda: {
            "en": "Reply STOP to opt out.",
            "zh_CN": "回复TD退订",
            "zh_TW": "回覆TD退訂",
        }
    )
    help_text: dict[str, str] = field(
        default_factory=lambda: {
            "en": (
                "{sender}: reply to this number to talk to us; reply AGENT to reach a person. "
                "Reply STOP to opt out."
            ),
            "zh_CN": "{sender}：直接回复本号码即可联系我们，回复“人工”转人工客服。回复TD退订",
            "zh_TW": "{sender}：直接回覆本號碼即可聯絡我們，回覆「真人」轉真人客服。回覆TD退訂",
        }
    )
    twilio: TwilioSettings = field(default_factory=TwilioSettings)
    tencent: TencentSmsSettings = field(default_factory=TencentSmsSettings)


@dataclass(frozen=True)
class ComplianceSettings:
    profile: Literal["us_reg_f", "cn", "custom"] = "us_reg_f"
    hotline: dict[str, str] = field(
        default_factory=lambda: {
            "en": "988 (Suicide & Crisis Lifeline)",
            "zh_CN": "心理援助热线 400-161-9995",
            "zh_TW": "安心專線 1925",
        }
    )
    blocked_action: Literal["hold", "drop"] = "hold"
    custom_window: str = "08:00-21:00"
    custom_timezone: str = "UTC"
    custom_max_initiated: int = 7
    custom_cap_days: int = 7
    custom_cap_across_channels: bool = False
    custom_retention_years: int = 3
    extra_banned_phrases: list[str] = field(default_factory=list)
    extra_distress_words: list[str] = field(default_factory=list)
    mask_stored_transcripts: bool = True
    reveal_allowed: bool = False


@dataclass(frozen=True)
class ConsoleSettings:
    idle_timeout_minutes: int = 30
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    business_hours: str = "09:00-18:00"
    business_timezone: str = "Asia/Shanghai"
    canned_replies: str = field(default_factory=lambda: str(packaged(DEFAULT_CANNED_REPLIES)))
    queue_poll_seconds: float = 2.0
    login_address_free_attempts: int = 20
    service_level_minutes: int = 15
    away_after_minutes: int = 5
    page_size: int = 50
    refused_api_audits_per_minute: int = 60


@dataclass(frozen=True)
class WebChatSettings:
    """Limits for the anonymous web chat (per browser session and per client address)."""

    messages_per_minute: int = 20
    address_messages_per_minute: int = 60
    address_chats_per_hour: int = 30
    unverified_escalations_per_hour: int = 3


@dataclass(frozen=True)
class CollectionSettings:
    """After the agreement: offers, how to pay, payments in, reminders."""

    offer_valid_hours: int = 24
    recap_after_minutes: int = 120
    pay_instructions: dict[str, str] = field(default_factory=dict)
    pay_link_template: str = ""
    pay_link_key: Secret = field(default_factory=lambda: Secret(""))
    pay_link_ttl_hours: int = 72
    payments_secret: Secret = field(default_factory=lambda: Secret(""))
    payments_tolerance_seconds: int = 300
    remind_days_before: int = 3
    missed_after_days: int = 2
    moves_per_plan: int = 1
    remind_at: str = "10:00"
    scheduler_interval_seconds: float = 60.0
    wechat_template_id: str = ""
    wechat_template_ids: dict[str, str] = field(default_factory=dict)
    wechat_template_fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalyticsSettings:
    """Reports and experiments."""

    #: How often ``repaybot serve`` applies the experiment safety rule (0: never).
    safety_check_interval_seconds: float = 300.0


@dataclass(frozen=True)
class SenderSettings:
    """Who the bot says it is: a neutral name before verification, the collector after."""

    name: dict[str, str] = field(
        default_factory=lambda: {
            "en": "Customer Care",
            "zh_CN": "客户服务中心",
            "zh_TW": "客戶服務中心",
        }
    )
    collector: dict[str, str] = field(
        default_factory=lambda: {
            "en": "Example Recovery Services",
            "zh_CN": "示例资产管理有限公司",
            "zh_TW": "範例資產管理股份有限公司",
        }
    )


@dataclass(frozen=True)
class ChannelsSettings:
    """How a channel is chosen for messages the bot or an agent starts."""

    #: When the channel the debtor last wrote on cannot be used: the account's channels in
    #: this order (those not listed come after). Opted-out or unusable ones are never used.
    preferred_order: list[str] = field(
        default_factory=lambda: ["telegram", "wechat", "sms", "email"]
    )


@dataclass(frozen=True)
class Settings:
    """All settings; ``source`` is the file they came from, if any."""

    app: AppSettings = field(default_factory=AppSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    web: WebSettings = field(default_factory=WebSettings)
    dialog: DialogSettings = field(default_factory=DialogSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    verification: VerificationSettings = field(default_factory=VerificationSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    wechat: WechatSettings = field(default_factory=WechatSettings)
    email: EmailSettings = field(default_factory=EmailSettings)
    sms: SmsSettings = field(default_factory=SmsSettings)
    channels: ChannelsSettings = field(default_factory=ChannelsSettings)
    compliance: ComplianceSettings = field(default_factory=ComplianceSettings)
    console: ConsoleSettings = field(default_factory=ConsoleSettings)
    webchat: WebChatSettings = field(default_factory=WebChatSettings)
    collection: CollectionSettings = field(default_factory=CollectionSettings)
    analytics: AnalyticsSettings = field(default_factory=AnalyticsSettings)
    sender: SenderSettings = field(default_factory=SenderSettings)
    source: str = "<defaults>"

    def masked(self) -> dict[str, dict[str, Any]]:
        """Return all settings as plain data with secrets masked, for display."""
        out: dict[str, dict[str, Any]] = {}
        for f in dataclasses.fields(self):
            if f.name == "source":
                continue
            section = getattr(self, f.name)
            out[f.name] = {k: _display(v) for k, v in dataclasses.asdict(section).items()}
        return out


def _display(value: Any) -> Any:
    if isinstance(value, Secret):
        return str(value)
    if isinstance(value, list):
        return [_display(v) for v in value]
    if isinstance(value, dict):
        return {k: _display(v) for k, v in value.items()}
    return value


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
    if s.email.smtp_host and "@" not in s.email.from_address:
        raise ConfigError(f"{where}: email.from_address is required when email.smtp_host is set")
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
