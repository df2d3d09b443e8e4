"""The settings section dataclasses, the ``Secret`` wrapper and their display form."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.paths import DEFAULT_CANNED_REPLIES, DEFAULT_LOCALES, DEFAULT_SCRIPT, packaged

MASK = "**********"


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
    # Teams serving debtors in other regions: the debtor's time zone, or its area
    # ("America"), mapped to "HH:MM-HH:MM Zone/Name" (that team's hours, Monday to Friday).
    regional_hours: dict[str, str] = field(default_factory=dict)
    canned_replies: str = field(default_factory=lambda: str(packaged(DEFAULT_CANNED_REPLIES)))
    queue_poll_seconds: float = 2.0
    login_address_free_attempts: int = 20
    service_level_minutes: int = 15
    away_after_minutes: int = 5
    page_size: int = 50
    refused_api_audits_per_minute: int = 60

    def hours_for(self, timezone: str | None) -> tuple[str, str]:
        """The hours and time zone of the team serving a debtor in ``timezone``.

        An exact time zone in ``regional_hours`` wins over its area ("America" for
        "America/Chicago"); with neither, the team of ``business_hours`` answers.
        """
        if timezone:
            area = timezone.split("/", 1)[0]
            spec = self.regional_hours.get(timezone) or self.regional_hours.get(area)
            if spec:
                hours, _, zone = spec.strip().partition(" ")
                return hours, zone.strip()
        return self.business_hours, self.business_timezone


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
    #: A reminder for a debtor with no conversation but a usable email address or mobile
    #: number opens one there with this neutral text ({sender}: [sender] name; {link}: a
    #: signed web-chat link for the account, valid first_contact_link_hours).
    first_contact_text: dict[str, str] = field(
        default_factory=lambda: {
            "en": (
                "Hello, this is {sender}. We would like to talk with you about a personal "
                "matter. Please reply to this message, or continue securely in our web chat: "
                "{link}"
            ),
            "zh_CN": "您好，这里是{sender}。我们有一件私人事务想与您沟通。请直接回复本消息，"
            "或通过安全链接进入网页聊天：{link}",
            "zh_TW": "您好，這裡是{sender}。我們有一件私人事務想與您溝通。請直接回覆本訊息，"
            "或透過安全連結進入網頁聊天：{link}",
        }
    )
    first_contact_link_hours: int = 72


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
    #: How long a worker holds a message it took to send (seconds); a worker that dies
    #: leaves its messages to the others for this long. A message still waiting in a
    #: worker after three quarters of it is left to the next claim instead of being sent.
    lease_seconds: int = 120


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
