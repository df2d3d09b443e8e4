"""One TLS context per process for the adapters' HTTP clients.

Building a context loads the whole CA bundle (tens of milliseconds); every
client the adapters open shares this one instead. An ``SSLContext`` is safe to
share between clients and threads once it is configured.
"""

from __future__ import annotations

import ssl
from functools import cache

import httpx


@cache
def tls_context() -> ssl.SSLContext:
    """The verifying TLS context (system defaults with certifi's CA bundle)."""
    return httpx.create_ssl_context()
