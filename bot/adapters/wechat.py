"""WeChat Official Account adapter: requests in, passive replies and customer-service out.

WeChat POSTs each message to ``/webhooks/wechat`` and waits 5 seconds for the
answer. :class:`WechatCodec` authenticates a request
(:mod:`bot.adapters.wechat_protocol`), turns it into a neutral event
(:mod:`bot.adapters.wechat_messages`), says which replies fit in the passive
answer (:meth:`WechatCodec.passive`) and renders that answer (encrypted in safe
mode). :class:`WechatAdapter` sends one customer-service message for the
delivery core (:mod:`bot.delivery`), through :mod:`bot.adapters.wechat_api`, or a
template message when the message carries one.
Neither writes to the database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence

from wechatpy.replies import TextReply

from bot.adapters.wechat_api import (
    QUOTA_USED,
    WINDOW_CLOSED,
    CustomerService,
    Tokens,
    WechatApiError,
)
from bot.adapters.wechat_messages import (
    PASSIVE_LIMIT_BYTES,
    PLATFORM,
    Unsupported,
    cut,
    join,
    render,
    size,
    to_incoming,
)
from bot.adapters.wechat_protocol import (
    Envelope,
    WechatRequestError,
    check_signature,
    check_timestamp,
    encrypt_reply,
    open_envelope,
    verify_echo,
)
from bot.config import WechatSettings
from bot.messages import Gone, Incoming, Outbound, Reply, Retry, SendResult, Sent, Unfollowed

log = logging.getLogger(__name__)

SUCCESS = "success"
CUSTOM = "custom"
TEMPLATE = "template"
# WeChat codes that will not change by retrying the same message (40037: no such template).
PERMANENT_CODES = frozenset({40003, 40037, 43004, 43019, 45002, WINDOW_CLOSED, QUOTA_USED})
# A passive answer is only promised while this much of the deadline is left,
# so the engine's commit cannot outlast the answer.
PASSIVE_MARGIN_SECONDS = 0.5
# Replies joined into one customer-service message stay under WeChat's 2,048 bytes.
MAX_JOINED_CHARS = 600

Parsed = Incoming | Unfollowed | Unsupported | None


class WechatCodec:
    """Reads and answers WeChat's requests for one Official Account."""

    def __init__(self, settings: WechatSettings) -> None:
        self.settings = settings

    @property
    def enabled(self) -> bool:
        """WeChat is configured (a Token to check signatures with)."""
        return bool(self.settings.token)

    def verify(self, params: Mapping[str, str]) -> str:
        """Answer WeChat's server verification with ``echostr``.

        Raises:
            WechatRequestError: the signature does not match (403) or a parameter is missing.
        """
        return verify_echo(params, self.settings.token.reveal())

    def open(
        self, params: Mapping[str, str], body: bytes, now_timestamp: float
    ) -> tuple[Envelope, Parsed]:
        """Authenticate one POSTed message and say what it means.

        Raises:
            WechatRequestError: the request is not authentic, stale, too big or malformed.
        """
        from datetime import UTC, datetime

        s = self.settings
        if len(body) > s.max_body_bytes:
            raise WechatRequestError(413, f"body of {len(body)} bytes is over the limit")
        token = s.token.reveal()
        check_signature(params, token)
        now = datetime.fromtimestamp(now_timestamp, tz=UTC)
        check_timestamp(params, now, s.timestamp_tolerance_seconds)
        keys = (s.encoding_aes_key.reveal(), s.previous_encoding_aes_key.reveal())
        envelope = open_envelope(params, body, token=token, app_id=s.app_id, aes_keys=keys)
        message = to_incoming(envelope.fields, s.default_locale)
        if isinstance(message, Incoming) and message.command == "stop":
            return envelope, Unfollowed(message.chat, message.message_id, message.timestamp)
        return envelope, message

    def passive(self, deadline: float, budget: int = PASSIVE_LIMIT_BYTES) -> PassiveFit:
        """What fits in the passive answer, while ``deadline`` (monotonic) is not too near."""
        return PassiveFit(deadline - PASSIVE_MARGIN_SECONDS, budget)

    def answer(
        self,
        envelope: Envelope,
        replies: Sequence[Reply],
        params: Mapping[str, str],
        now_timestamp: float,
    ) -> str:
        """The HTTP answer carrying ``replies`` (``success`` when there are none)."""
        text = join([render(r.text, r.buttons) for r in replies])
        if not text:
            return SUCCESS
        return self.reply_xml(envelope, text, params, now_timestamp)

    def reply_xml(
        self, envelope: Envelope, text: str, params: Mapping[str, str], now_timestamp: float
    ) -> str:
        """A passive text reply (encrypted with the request's key in safe mode)."""
        fields = envelope.fields
        stamp = int(now_timestamp)
        xml = TextReply(
            source=fields.get("ToUserName", ""),
            target=fields.get("FromUserName", ""),
            content=text,
            time=stamp,
        ).render()
        if envelope.aes_key is None:
            return str(xml)
        return encrypt_reply(
            xml,
            token=self.settings.token.reveal(),
            key=envelope.aes_key,
            app_id=self.settings.app_id,
            nonce=params.get("nonce", ""),
            timestamp=str(stamp),
        )


class PassiveFit:
    """Which leading replies a passive answer carries (at most ``budget`` bytes).

    Replies are taken in order while they fit; if the first one alone is too
    long its text is cut at a line boundary (the rest, with the buttons, stays
    queued). Nothing is taken once ``until`` (monotonic) has passed.
    """

    def __init__(self, until: float, budget: int) -> None:
        self.until = until
        self.budget = budget

    def __call__(self, replies: Sequence[Reply]) -> tuple[int, tuple[str, str] | None]:
        if time.monotonic() > self.until:
            return 0, None
        parts: list[str] = []
        for reply in replies:
            rendered = render(reply.text, reply.buttons)
            if size(join([*parts, rendered])) > self.budget:
                break
            parts.append(rendered)
        if parts or not replies:
            return len(parts), None
        return 0, cut(replies[0].text, self.budget)


class WechatAdapter:
    """Sends one customer-service message at a time (start/send/stop).

    Args:
        settings: the ``[wechat]`` section.
        tokens: where the access token is shared between workers.
    """

    platform = PLATFORM
    max_text = MAX_JOINED_CHARS

    def __init__(self, settings: WechatSettings, *, tokens: Tokens) -> None:
        self.settings = settings
        self.api = CustomerService(
            app_id=settings.app_id,
            app_secret=settings.app_secret.reveal(),
            api_base_url=settings.api_base_url,
            tokens=tokens,
        )

    async def start(self) -> None:
        """Nothing to connect: the first send fetches a token if none is shared."""

    async def stop(self) -> None:
        """Close the API connections."""
        self.api.close()

    async def send(self, message: Outbound) -> SendResult:
        """Send ``message`` as a customer-service text (choices as tappable links), or as a
        template message when it carries one (outside the customer-service window)."""
        template = message.template
        try:
            if template is not None:
                fields = dict(template.fields)
                msgid = await asyncio.to_thread(
                    self.api.send_template, message.chat_id, template.template_id, fields
                )
                return Sent(f"{TEMPLATE}:{msgid}" if msgid else TEMPLATE)
            text = render(message.text, message.buttons)
            msgid = await asyncio.to_thread(self.api.send_text, message.chat_id, text)
        except WechatApiError as exc:
            return failure(exc)
        return Sent(f"{CUSTOM}:{msgid}" if msgid else CUSTOM)


def failure(exc: WechatApiError) -> Retry | Gone:
    """What a refused customer-service message means."""
    if exc.errcode == WINDOW_CLOSED:
        return Gone("WeChat refused: the 48-hour customer-service window is closed (45015)")
    if exc.errcode == QUOTA_USED:
        return Gone("WeChat refused: the customer-service quota for this window is used (45047)")
    if exc.errcode in PERMANENT_CODES:
        return Gone(f"WeChat refused the message: {exc.errmsg} ({exc.errcode})")
    return Retry(str(exc), kind="network" if exc.errcode is None else "server")
