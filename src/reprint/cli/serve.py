"""``reprint serve``: the HTTP pre-publish check service (needs the ``serve`` extra).

FastAPI and uvicorn are imported only here, when the command runs, so that
``reprint --help`` and the other commands never load them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from reprint import api
from reprint.cli.options import work_option
from reprint.errors import UsageError

_EXTRA = "the HTTP service needs FastAPI and uvicorn: pip install 'reprint[serve]'"


def _has_serve_extra() -> bool:
    # python-multipart installs as `python_multipart` (0.0.13+) or `multipart`.
    needed = ("fastapi", "uvicorn", "fastapi_offline")
    multipart = ("python_multipart", "multipart")
    return all(importlib.util.find_spec(name) for name in needed) and any(
        importlib.util.find_spec(name) for name in multipart
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
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
@work_option
def command(
    host: str,
    port: int,
    workers: int | None,
    timeout_s: float | None,
    max_upload_bytes: int | None,
    work_file: Path | None,
) -> None:
    """Run the HTTP service a CMS calls before it publishes: POST /v1/check,
    GET /v1/cite, GET /v1/credit, POST /v1/notify, GET /healthz; docs at /docs.

    It binds to 127.0.0.1 unless --host says otherwise; put it behind your web
    server rather than on a public address.
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
    )
    uvicorn.run(service.create_app(settings), host=host, port=port)
