"""The HTTP pre-publish check service (the optional ``serve`` extra): a thin shell.

A CMS posts a draft to ``POST /v1/check`` before it publishes and gets back the same
JSON as ``reprint check --format json``. Checks run in worker processes, so the
event loop only moves bytes; a check over the time limit ends its worker, which is
replaced. The service reads no files and fetches no URLs: every document arrives
in the request body.
"""

from reprint.service.app import (
    LOOPBACK_HOSTS,
    Checker,
    CheckJob,
    Settings,
    create_app,
    run_check,
)

__all__ = [
    "LOOPBACK_HOSTS",
    "CheckJob",
    "Checker",
    "Settings",
    "create_app",
    "run_check",
]
