"""``reprint serve``: the HTTP pre-publish check service (needs the ``serve`` extra).

FastAPI and uvicorn are imported only here, when the command runs, so that
``reprint --help`` and the other commands never load them.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reprint import api
from reprint.cli.options import work_option
from reprint.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from uvicorn.protocols.http.h11_impl import H11Protocol

_EXTRA = "the HTTP service needs FastAPI and uvicorn: pip install 'reprint[serve]'"

# A client has this long to send a request's line and headers (from its first
# byte, or from the connection's opening): browsers and proxies send them in one
# packet; a slowloris client sending a byte a second is dropped after it.
DEFAULT_HEADER_TIMEOUT_S = 10.0


def _has_serve_extra() -> bool:
    # python-multipart installs as `python_multipart` (0.0.13+) or `multipart`.
    needed = ("fastapi", "uvicorn", "fastapi_offline")
    multipart = ("python_multipart", "multipart")
    return all(importlib.util.find_spec(name) for name in needed) and any(
        importlib.util.find_spec(name) for name in multipart
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes that run checks (default: the number of cores).",
)
@click.option(
    "--timeout-s",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Time limit of one check, waiting for a worker included (default 30).",
)
@click.option(
    "--max-upload-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest request body accepted (default 16 MiB).",
)
@click.option(
    "--header-timeout-s",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_HEADER_TIMEOUT_S,
    show_default=True,
    help="Time a client has to send a request's line and headers; past it, "
    "408 and the connection is closed.",
)
@click.option(
    "--body-timeout-s",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Time a request body has to arrive in full once its headers have; past "
    "it, 408 (default 60).",
)
@click.option(
    "--allowed-hosts",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A Host header name the service answers to; repeat for several, '*' for "
    "any (default: localhost, 127.0.0.1, ::1 and --host). Others get 400.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="An origin (https://cms.example) whose pages may call the service from "
    "a browser; repeat for several (default: none, no CORS headers).",
)
@work_option
def command(
    host: str,
    port: int,
    workers: int | None,
    timeout_s: float | None,
    max_upload_bytes: int | None,
    header_timeout_s: float,
    body_timeout_s: float | None,
    allowed_hosts: tuple[str, ...],
    cors_origins: tuple[str, ...],
    work_file: Path | None,
) -> None:
    """Run the HTTP service a CMS calls before it publishes: POST /v1/check,
    GET /v1/cite, GET /v1/credit, POST /v1/notify, GET /healthz; docs at /docs.

    It binds to 127.0.0.1 unless --host says otherwise; put it behind your web
    server rather than on a public address.

    Exit status: 0 stopped, 2 a usage error (the serve extra missing), 70 a bug
    in reprint.
    """
    if not _has_serve_extra():
        raise UsageError(_EXTRA)
    import uvicorn

    from reprint import service

    default = service.Settings()
    settings = service.Settings(
        max_upload_bytes=max_upload_bytes or default.max_upload_bytes,
        timeout_s=timeout_s or default.timeout_s,
        workers=workers or default.workers,
        work=api.load_work(work_file),
        body_timeout_s=body_timeout_s or default.body_timeout_s,
        allowed_hosts=allowed_hosts or (*service.LOOPBACK_HOSTS, host),
        cors_origins=cors_origins,
    )
    uvicorn.run(
        service.create_app(settings),
        host=host,
        port=port,
        http=_header_timeout_protocol(header_timeout_s),
    )


def _header_timeout_protocol(timeout_s: float) -> type[H11Protocol]:
    """uvicorn's HTTP/1.1 protocol with a time limit on each request's headers.

    uvicorn has none (its keep-alive timeout ends only idle connections between
    requests, and is disarmed by the first byte of the next), so a client that
    sends a header byte a second holds its connection for ever.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    body = json.dumps(
        {
            "error": f"the request's headers did not arrive within {timeout_s:g} s "
            "(reprint serve --header-timeout-s)"
        }
    ).encode()
    refusal = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(body), body)
    )

    class HeaderTimeoutProtocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]  # a Transport
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is h11.IDLE:  # still no complete request line
                if self._header_timer is None:
                    self._arm()
            else:
                self._disarm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._header_timer = self.loop.call_later(timeout_s, self._expire)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _expire(self) -> None:
            self._header_timer = None
            if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
                return
            pending, _ = self.conn.trailing_data
            if pending and self.conn.our_state is h11.IDLE:
                # A request begun and not finished gets an answer; a silent
                # connection is simply closed.
                self.transport.write(refusal)
            self.transport.close()

    return HeaderTimeoutProtocol
