"""Benchmark building the web application, as every web test does.

Usage::

    python bench/web_app.py [--apps 50]

Prints the import of :mod:`bot.web.app`, the mean time of :func:`create_app`,
and the mean time of a new application answering its first request (``GET
/static/site.css`` through an in-process ASGI client): route building that is
left to the first request shows up there.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bot.app import App
from bot.config import load_settings


async def first_request(create_app: object, app: App) -> float:
    """Seconds to build an application and answer its first request."""
    start = time.perf_counter()
    web = create_app(app)  # type: ignore[operator]
    transport = httpx.ASGITransport(app=web)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        answer = await client.get("/static/site.css")
    assert answer.status_code == 200, answer.status_code
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text(
            f'[database]\nurl = "sqlite:///{Path(tmp) / "bench.db"}"\n',
            encoding="utf-8",
        )
        start = time.perf_counter()
        from bot.web.app import create_app

        imported = time.perf_counter() - start
        app = App(load_settings(config))
        try:
            create_app(app)  # the first one pays for nothing the others do not
            start = time.perf_counter()
            for _ in range(args.apps):
                create_app(app)
            build = (time.perf_counter() - start) / args.apps
            asyncio.run(first_request(create_app, app))
            firsts = [asyncio.run(first_request(create_app, app)) for _ in range(args.apps)]
        finally:
            app.stop()
    print(f"import bot.web.app: {imported * 1000:.0f} ms")
    print(f"create_app: {build * 1000:.2f} ms per application (mean of {args.apps})")
    print(
        f"create_app + first request: {sum(firsts) / len(firsts) * 1000:.2f} ms per application"
        f" (mean of {args.apps})"
    )


if __name__ == "__main__":
    main()
