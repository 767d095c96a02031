"""reprint: check, cite and report republished copies of a paper.

The public API is ``check``, ``extract``, ``cite``, ``credit_line`` and ``notify``
(see ``reprint.api``), and ``NoticeFields``, what ``notify`` takes (see
``reprint.notice``); they are imported on first use to keep start-up cheap. ``fix``
(see ``reprint.fix``) adds a missing credit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = [
    "NoticeFields",
    "__version__",
    "check",
    "cite",
    "credit_line",
    "extract",
    "fix",
    "notify",
]

# The package reprint.fix and its function share a name: bound here, the function
# wins over the submodule (whose own import loads nothing heavy).
from reprint.fix import fix

if TYPE_CHECKING:  # pragma: no cover
    from reprint.api import check, cite, credit_line, extract, notify
    from reprint.notice.values import NoticeFields


def __getattr__(name: str) -> object:
    if name == "NoticeFields":
        from reprint.notice.values import NoticeFields

        return NoticeFields
    if name in __all__:
        from reprint import api

        return getattr(api, name)
    raise AttributeError(f"module 'reprint' has no attribute {name!r}")
