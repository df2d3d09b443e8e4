"""Jinja2 templates for the console and the web chat.

Visible strings in templates are wrapped in ``_()`` (the ``jinja2.ext.i18n``
extension) and translated from the gettext catalogs in ``locales/``. The page
language is, in order: ``?lang=`` (remembered in a cookie), the cookie, the
context's ``page_locale`` (the web chat passes the debtor's), the browser's
``Accept-Language``, English. One template environment per locale keeps the
translations thread-safe.
"""

from __future__ import annotations

import threading
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from babel.numbers import format_currency
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse
from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from bot.analytics.results import stopped_arms
from bot.i18n import Catalogs, normalize_locale

if TYPE_CHECKING:
    from bot.web.parts import Parts

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


def money(amount: Decimal | str | None, currency: str, locale: str = "en") -> str:
    """``amount`` in ``currency``, formatted for ``locale`` (exact decimal, no float)."""
    if amount is None:
        return ""
    return str(format_currency(Decimal(str(amount)), currency, locale=locale))


@jinja2.pass_context
def money_filter(context: Any, amount: Decimal | str | None, currency: str) -> str:
    """Template filter: :func:`money` in the page's language."""
    return money(amount, currency, context.get("page_locale") or "en")


def zone(name: str | None) -> ZoneInfo:
    """The timezone called ``name``; UTC when it is empty or unknown."""
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ValueError, ZoneInfoNotFoundError):
        return ZoneInfo("UTC")


def local_time(value: datetime | None, tz: str | None, *, short: bool = False) -> str:
    """``value`` in timezone ``tz``: ``2026-03-10 14:00 Asia/Shanghai``.

    Args:
        short: ``03-10 14:00`` without the zone (where the page names it once).
    """
    if value is None:
        return ""
    where = zone(tz)
    local = value.astimezone(where)
    if short:
        return local.strftime("%m-%d %H:%M")
    return f"{local.strftime('%Y-%m-%d %H:%M')} {where.key}"


@jinja2.pass_context
def when(context: Any, value: datetime | None, short: bool = False) -> str:
    """Template filter: ``value`` in the page's timezone (``tz`` in the context)."""
    return local_time(value, context.get("tz"), short=short)


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``)."""
    return message


_SECONDS, _MINUTES = N_("%(n)s s"), N_("%(n)s min")
_HOURS, _HOURS_MINUTES, _DAYS = N_("%(h)s h"), N_("%(h)s h %(m)s min"), N_("%(n)s d")
KEYED = N_("%(path)s: %(problem)s")  # a problem about one key of a script (its policy)


def waited(value: datetime | None, now: datetime, gettext: Any = None) -> str:
    """How long ago ``value`` was, roughly: ``45 s``, ``12 min``, ``3 h 5 min``, ``2 d``.

    Args:
        gettext: translates the unit patterns (English when None).
    """
    if value is None:
        return ""
    tr = gettext or (lambda text: text)
    seconds = max(0, int((now - value).total_seconds()))
    if seconds < 60:
        return str(tr(_SECONDS) % {"n": seconds})
    minutes = seconds // 60
    if minutes < 60:
        return str(tr(_MINUTES) % {"n": minutes})
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        if minutes:
            return str(tr(_HOURS_MINUTES) % {"h": hours, "m": minutes})
        return str(tr(_HOURS) % {"h": hours})
    return str(tr(_DAYS) % {"n": hours // 24})


def fill(gettext: Any, msgid: str, params: dict[str, Any]) -> str:
    """``msgid`` translated, with ``params`` filled in (list params: translated, joined)."""
    text = str(gettext(msgid))
    if not params:
        return text
    sep = "；" if text and any("\u4e00" <= ch <= "\u9fff" for ch in text) else "; "
    values = {
        k: sep.join(str(gettext(x)) for x in v) if isinstance(v, list | tuple) else v
        for k, v in params.items()
    }
    return text % values


@jinja2.pass_context
def tr_global(context: Any, message: Any) -> str:
    """Template function: an error (``msgid`` + ``params``, or text) in the page's language."""
    translations = context.environment.globals.get("_translations")
    gettext = translations.gettext if translations is not None else (lambda text: text)
    if message is None:
        return ""
    if isinstance(message, str):
        return str(gettext(message))
    text = fill(gettext, message.msgid, getattr(message, "params", {}))
    key = getattr(message, "key", "")
    return fill(gettext, KEYED, {"path": key, "problem": text}) if key else text


@jinja2.pass_context
def waited_global(context: Any, value: datetime | None, now: datetime) -> str:
    """Template function: :func:`waited` in the page's language."""
    translations = context.environment.globals.get("_translations")
    return waited(value, now, translations.gettext if translations is not None else None)


LANG_COOKIE = "repaybot_lang"


def make_templates(translations: Any = None) -> Jinja2Templates:
    """A template environment (i18n extension, money and time filters).

    Args:
        translations: a gettext translations object; English source text if None.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if translations is None:
        env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    else:
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_translations"] = translations
    env.filters["money"] = money_filter
    env.filters["when"] = when
    env.globals["waited"] = waited_global
    env.globals["tr"] = tr_global
    return Jinja2Templates(env=env)


TEMPLATES = make_templates()
_LOCALIZED: dict[tuple[str, str], Jinja2Templates] = {}
_LOCALIZED_LOCK = threading.Lock()


def _templates(locales_dir: str, locale: str) -> Jinja2Templates:
    key = (locales_dir, locale)
    found = _LOCALIZED.get(key)
    if found is None:
        with _LOCALIZED_LOCK:
            found = _LOCALIZED.get(key)
            if found is None:
                catalogs = Catalogs(locales_dir)
                found = _LOCALIZED[key] = make_templates(catalogs.translations(locale))
    return found


def page_locale(request: Request, enabled: list[str], fallback: str | None = None) -> str:
    """The language to show a page in (see the module docstring for the order)."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        loc = normalize_locale(candidate) if candidate else None
        if loc in enabled:
            return loc
    if fallback in enabled:
        return fallback
    for part in request.headers.get("accept-language", "").split(","):
        loc = normalize_locale(part.split(";")[0].strip() or None)
        if loc in enabled:
            return loc
    return "en" if "en" in enabled else enabled[0]


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render template ``name`` with ``context`` in the page's language."""
    app = getattr(request.app.state, "app", None)
    if app is None:
        templates, locale = TEMPLATES, "en"
    else:
        enabled = list(app.settings.dialog.enabled_locales)
        locale = page_locale(request, enabled, context.get("page_locale"))
        templates = _templates(app.settings.dialog.locales_dir, locale)
    if app is not None:
        # Console times are shown in the team's business timezone, named on the page.
        context.setdefault("tz", zone(app.settings.console.business_timezone).key)
        if getattr(context.get("user"), "is_admin", False) and "stopped_arms" not in context:
            context["stopped_arms"] = _stopped_arms(app)
    context.setdefault("html_lang", locale.replace("_", "-"))
    context.setdefault("page_locale", locale)
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers.setdefault("Cache-Control", "no-store")
    query_lang = normalize_locale(request.query_params.get("lang") or None)
    if query_lang and query_lang == locale:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax")
    return response


def _stopped_arms(app: Parts) -> list[str]:
    """Experiment arms stopped (by the safety rule or an admin): a notice for admins."""
    with app.db.session() as s:
        return stopped_arms(s)


def translate(request: Request, msgid: str, **values: Any) -> str:
    """``msgid`` in the page's language, with ``values`` filled in (see :func:`fill`)."""
    app = getattr(request.app.state, "app", None)
    if app is None:
        return fill(lambda text: text, msgid, values)
    locale = page_locale(request, list(app.settings.dialog.enabled_locales))
    translations: Any = _templates(app.settings.dialog.locales_dir, locale).env.globals.get(
        "_translations"
    )
    gettext = translations.gettext if translations is not None else (lambda text: text)
    return fill(gettext, msgid, values)


_MEDIA_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


router = APIRouter(include_in_schema=False)
_FILES = {p.name: p for p in STATIC_DIR.iterdir() if p.suffix in _MEDIA_TYPES}


@router.get("/static/{name}")
def static(name: str) -> FileResponse:
    """Serve the files in ``bot/web/static`` at ``/static/NAME``."""
    path = _FILES.get(name)
    if path is None:
        raise HTTPException(404, "no such file")
    return FileResponse(
        path, media_type=_MEDIA_TYPES[path.suffix], headers={"Cache-Control": "no-cache"}
    )
