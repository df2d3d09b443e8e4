"""``GET /console/events``: live inbox updates over Server-Sent Events.

One :class:`Broker` per web process polls the database a few times a second
(:mod:`bot.console.events`, by id, so several workers on PostgreSQL all see
every change) and hands each event to the connected screens that may see it.
Events are named like Chatwoot's (``message.created``,
``conversation.status_changed``, ``assignee.changed``); the page then fetches
the fragments it shows, so the stream itself carries no personal data.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from bot.console import events
from bot.web.console.auth import Principal
from bot.web.deps import AppDep, PageUser

if TYPE_CHECKING:
    from bot.web.parts import Parts

log = logging.getLogger(__name__)
router = APIRouter(prefix="/console", include_in_schema=False)
POLL_SECONDS = 0.25
PING_SECONDS = 15


class Broker:
    """Polls the database for inbox events and fans them out to subscribers."""

    def __init__(self, app: Parts) -> None:
        self.app = app
        self.subscribers: set[tuple[Principal, asyncio.Queue[events.LiveEvent]]] = set()
        self._task: asyncio.Task[None] | None = None
        self._cursor: events.Cursor | None = None

    def _start_cursor(self) -> events.Cursor:
        with self.app.db.session() as s:
            return events.start(s, self.app.clock())

    def _read(self, cursor: events.Cursor) -> list[events.LiveEvent]:
        with self.app.db.session() as s:
            return events.read(s, cursor)

    async def _run(self) -> None:
        if self._cursor is None:
            self._cursor = await anyio.to_thread.run_sync(self._start_cursor)
        cursor = self._cursor
        while self.subscribers:
            try:
                found = await anyio.to_thread.run_sync(self._read, cursor)
            except Exception:  # the database is away for a moment: try again
                log.exception("live inbox: reading events failed")
                found = []
            for event in found:
                for user, queue in list(self.subscribers):
                    if event.visible_to(user.user_id, user.is_admin):
                        queue.put_nowait(event)
            await asyncio.sleep(POLL_SECONDS)
        self._task = None

    async def subscribe(self, user: Principal) -> tuple[asyncio.Queue[events.LiveEvent], object]:
        """A queue of events this user may see; pass the token to :meth:`unsubscribe`."""
        if self._cursor is None:
            self._cursor = await anyio.to_thread.run_sync(self._start_cursor)
        queue: asyncio.Queue[events.LiveEvent] = asyncio.Queue(maxsize=1000)
        entry = (user, queue)
        self.subscribers.add(entry)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())
        return queue, entry

    def unsubscribe(self, token: object) -> None:
        """Stop delivering to a subscriber."""
        self.subscribers.discard(token)  # type: ignore[arg-type,unused-ignore]


def broker_for(request: Request, app: Parts) -> Broker:
    """The process's broker (created on first use)."""
    found: Broker | None = getattr(request.app.state, "live_broker", None)
    if found is None:
        found = request.app.state.live_broker = Broker(app)
    return found


@router.get("/events")
async def stream(request: Request, app: AppDep, user: PageUser) -> EventSourceResponse:
    """Inbox events for the signed-in user, as they happen."""
    broker = broker_for(request, app)
    queue, token = await broker.subscribe(user)

    async def feed() -> AsyncIterator[ServerSentEvent]:
        try:
            yield ServerSentEvent(event="ready", data="{}")
            while True:
                event = await queue.get()
                yield ServerSentEvent(event=event.kind, data=json.dumps(event.to_json()))
        finally:
            broker.unsubscribe(token)

    return EventSourceResponse(
        feed(), ping=PING_SECONDS, headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
