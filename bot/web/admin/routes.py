"""``/console/admin/dialogs``: script versions, the editor, preview, translations (admins only).

Every page needs a signed-in admin (agents get 403); every POST carries the
session's CSRF token (the console's :class:`~bot.web.console.auth.Guards`).
The editor is one form: Validate, Diff, Diagram, Preview and Save all post the
textarea, so the admin's text is never lost between actions.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Coroutine
from html import escape
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute

from bot.dialog.preview import run_preview
from bot.scripts.admin import VersionError, VersionInfo, VersionService, with_translations
from bot.scripts.graph import NOT_INSTALLED, GraphError, dot_installed, render_svg
from bot.scripts.model import TRANSLATIONS_EDITED
from bot.scripts.script import Problem, ScriptError, parse_script
from bot.web.admin.drafts import (
    Gutter,
    diff_lines,
    parse_messages,
    preview_locale,
    translation_changes,
    translation_rows,
)
from bot.web.console.auth import Principal
from bot.web.deps import AppDep, FormUser, PageUser
from bot.web.rendering import render, translate

if TYPE_CHECKING:
    from bot.web.parts import Parts

ACTIONS = ("validate", "diff", "graph", "preview", "reset", "save")


def N_(message: str) -> str:
    """Mark ``message`` for translation (Babel extracts ``N_``); shown translated."""
    return message


class NotAdmin(Exception):
    """A signed-in agent asked for an admin page."""

    def __init__(self, user: Principal) -> None:
        super().__init__(N_("Only admins can edit dialog scripts."))
        self.user = user


class _AdminRoute(APIRoute):
    """Answers an agent with the console's own error page (403), not bare JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except NotAdmin as exc:
                context = {"user": exc.user, "message": str(exc), "translate": True}
                return render(request, "console/error.html", context, 403)

        return guarded


router = APIRouter(prefix="/console/admin", include_in_schema=False, route_class=_AdminRoute)


def _service(app: AppDep) -> VersionService:
    """Script versions of the web application's database."""
    return VersionService(app)


Service = Annotated[VersionService, Depends(_service)]


def admin_page(user: PageUser) -> Principal:
    """A signed-in admin; an agent gets the console's error page (403)."""
    if not user.is_admin:
        raise NotAdmin(user)
    return user


def admin_form(user: FormUser) -> Principal:
    """A signed-in admin posting with the session's CSRF token."""
    if not user.is_admin:
        raise NotAdmin(user)
    return user


AdminPage = Annotated[Principal, Depends(admin_page)]
AdminForm = Annotated[Principal, Depends(admin_form)]


def version_or_404(service: VersionService, version_id: int) -> VersionInfo:
    try:
        return service.get(version_id)
    except VersionError as exc:
        raise HTTPException(404, str(exc)) from None


CANNOT_COMPILE = N_(
    "This version of the script does not compile, so it cannot be drawn: "
    "open it in the editor to see its problems."
)


def diagram_problem(request: Request, version: VersionInfo) -> tuple[int, str] | None:
    """Why the version's diagram cannot be drawn (HTTP status, text in the page's
    language), as far as is known without drawing it; None when it should draw."""
    try:
        parse_script(version.source, version.label)
    except ScriptError:
        return 422, translate(request, CANNOT_COMPILE)
    if not dot_installed():
        return 503, translate(request, NOT_INSTALLED)
    return None


def problem_svg(text: str) -> str:
    """An SVG image that states ``text`` (what an ``<img>`` of a diagram shows instead)."""
    cjk = any("\u3000" <= ch <= "\u9fff" for ch in text)
    lines = textwrap.wrap(text, width=38 if cjk else 72) or [""]
    width, height = 640, 28 + 22 * len(lines)
    spans = "".join(
        f'<tspan x="16" dy="{0 if i == 0 else 22}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    label = escape(text, quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(text)}</title>"
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" rx="6" '
        'fill="#fff4f4" stroke="#b00020"/>'
        '<text x="16" y="26" font-family="sans-serif" font-size="15" fill="#7a0010">'
        f"{spans}</text></svg>"
    )


def show_version(
    request: Request,
    service: VersionService,
    user: Principal,
    version: VersionInfo,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> Response:
    active = service.active(version.name)
    diff = ""
    if active is not None and active.id != version.id:
        diff = service.diff_against_active(version.source, version.label)
    context = {
        "user": user,
        "v": version,
        "active": active,
        "diff": diff_lines(diff),
        "gutter": Gutter.of(version.source, problems or []),
        "lines": version.source.splitlines(),
        "problems": problems or [],
        "warnings": service.validate(version.source).warnings,
        "flash": request.query_params.get("done", ""),
        "diagram_problem": (diagram_problem(request, version) or (0, ""))[1],
    }
    return render(request, "admin/version.html", context, status)


@router.get("", response_class=HTMLResponse)
def home(_user: AdminPage) -> Response:
    return RedirectResponse("/console/admin/dialogs", status_code=303)


@router.get("/dialogs", response_class=HTMLResponse)
def versions(request: Request, app: AppDep, service: Service, user: AdminPage) -> Response:
    if not service.versions():
        app.engine.scripts.active()  # first use: the script file becomes version 1
    context = {"user": user, "versions": service.versions()}
    return render(request, "admin/versions.html", context)


@router.get("/dialogs/{version_id}", response_class=HTMLResponse)
def version(request: Request, version_id: int, service: Service, user: AdminPage) -> Response:
    return show_version(request, service, user, version_or_404(service, version_id))


@router.get("/dialogs/{version_id}/graph.svg")
def graph(request: Request, version_id: int, service: Service, _user: AdminPage) -> Response:
    """The version's diagram; when it cannot be drawn, an image saying why (in the
    admin's language): 422 for a script that does not compile, 503 without Graphviz,
    500 when Graphviz fails."""
    v = version_or_404(service, version_id)
    problem = diagram_problem(request, v)
    if problem is None:
        try:
            svg = render_svg(parse_script(v.source, v.label))
        except GraphError as exc:
            status = 503 if exc.dot_missing else 500
            problem = status, translate(request, exc.msgid, **exc.params)
        else:
            headers = {"Cache-Control": "no-store"}
            return Response(svg, media_type="image/svg+xml", headers=headers)
    status, text = problem
    return Response(
        problem_svg(text),
        status_code=status,
        media_type="image/svg+xml",
        headers={"Cache-Control": "no-store"},
    )


@router.post("/dialogs/{version_id}/activate")
def activate(request: Request, version_id: int, service: Service, user: AdminForm) -> Response:
    v = version_or_404(service, version_id)
    try:
        service.activate(v.id, actor=user.name)
    except VersionError as exc:
        return show_version(request, service, user, v, exc.problems, status=409)
    return RedirectResponse(f"/console/admin/dialogs/{v.id}?done=activated", status_code=303)


def editor(
    request: Request,
    app: Parts,
    service: VersionService,
    user: Principal,
    source: str,
    *,
    base: VersionInfo | None,
    comment: str = "",
    action: str = "",
    messages: list[str] | None = None,
    locale: str = "",
    status: int = 200,
    problems: list[Problem] | None = None,
) -> Response:
    context: dict[str, Any] = {
        "user": user,
        "source": source,
        "base": base,
        "comment": comment,
        "action": action,
        "locales": list(app.settings.dialog.enabled_locales),
        "locale": preview_locale(app, locale),
        "messages_json": json.dumps(messages or [], ensure_ascii=False),
        "problems": problems,
        "warnings": [],
        "diff": None,
        "svg": None,
        "preview": None,
        "preview_error": None,
    }
    if problems is None and action in ("validate", "preview", "graph"):
        checked = service.validate(source)
        problems = context["problems"] = checked.problems
        context["warnings"] = checked.warnings
    context["gutter"] = Gutter.of(source, problems or [])
    if action == "diff":
        context["diff"] = diff_lines(service.diff_against_active(source))
    if action in ("graph", "preview"):
        try:
            script = parse_script(source)
        except ScriptError:
            context["preview_error"] = N_("Fix the problems above first.")
        else:
            if action == "graph":
                try:
                    context["svg"] = render_svg(script)
                except GraphError as exc:
                    context["preview_error"] = exc
            else:
                context["preview"] = run_preview(
                    app.settings, app.keys, app.clock, source, messages or [], context["locale"]
                )
    return render(request, "admin/edit.html", context, status)


@router.get("/dialogs/{version_id}/edit", response_class=HTMLResponse)
def edit(
    request: Request, version_id: int, app: AppDep, service: Service, user: AdminPage
) -> Response:
    v = version_or_404(service, version_id)
    return editor(request, app, service, user, v.source, base=v)


@router.post("/dialogs/edit", response_class=HTMLResponse)
async def edit_post(request: Request, app: AppDep, service: Service, user: AdminForm) -> Response:
    form = await request.form()
    source = str(form.get("source", "")).replace("\r\n", "\n")
    comment = str(form.get("comment", ""))
    action = str(form.get("action", "validate"))
    if action not in ACTIONS:
        action = "validate"
    base_raw = str(form.get("base_id", ""))
    base = service.get(int(base_raw)) if base_raw.isdigit() else None
    messages = parse_messages(str(form.get("messages", "")))
    locale = str(form.get("locale", ""))
    if action == "reset":
        messages, action = [], "preview"
    elif action == "preview":
        said = str(form.get("message", "")).strip()
        if said:
            messages.append(said)
    if action == "save":
        try:
            saved = service.create(source, actor=user.name, comment=comment)
        except VersionError as exc:
            return editor(
                request,
                app,
                service,
                user,
                source,
                base=base,
                comment=comment,
                action="save",
                problems=exc.problems,
                status=422,
            )
        return RedirectResponse(f"/console/admin/dialogs/{saved.id}?done=saved", status_code=303)
    return editor(
        request,
        app,
        service,
        user,
        source,
        base=base,
        comment=comment,
        action=action,
        messages=messages,
        locale=locale,
    )


def translations_page(
    request: Request,
    app: Parts,
    user: Principal,
    v: VersionInfo,
    problems: list[Problem] | None = None,
    status: int = 200,
    source: str | None = None,
) -> Response:
    try:
        script = parse_script(source or v.source, v.label)
    except ScriptError:
        script = parse_script(v.source, v.label)
    locales, rows = translation_rows(app, script)
    context = {
        "user": user,
        "v": v,
        "locales": locales,
        "rows": rows,
        "problems": problems or [],
    }
    return render(request, "admin/translations.html", context, status)


@router.get("/dialogs/{version_id}/translations", response_class=HTMLResponse)
def translations(
    request: Request, version_id: int, app: AppDep, service: Service, user: AdminPage
) -> Response:
    return translations_page(request, app, user, version_or_404(service, version_id))


@router.post("/dialogs/{version_id}/translations", response_class=HTMLResponse)
async def translations_post(
    request: Request, version_id: int, app: AppDep, service: Service, user: AdminForm
) -> Response:
    v = version_or_404(service, version_id)
    form = dict(await request.form())
    script = parse_script(v.source, v.label)
    changes = translation_changes(app, script, form)
    if not changes:
        return RedirectResponse(f"/console/admin/dialogs/{v.id}?done=unchanged", 303)
    source = with_translations(v.source, changes)
    comment = str(form.get("comment", "")).strip() or TRANSLATIONS_EDITED % {"label": v.label}
    try:
        saved = service.create(source, actor=user.name, comment=comment)
    except VersionError as exc:
        return translations_page(request, app, user, v, exc.problems, 422, source)
    return RedirectResponse(f"/console/admin/dialogs/{saved.id}?done=saved", status_code=303)
