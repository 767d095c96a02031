"""What a request to the service sends, and how it is read: a document as an upload
or as JSON, and the fields of a notice. Validation errors name where in the request
the fault is, as FastAPI's own do.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath
from typing import Literal

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from reprint.http_guard import JsonBounds, check_json_bounds

__all__ = [
    "DocumentBody",
    "NoticeBody",
    "Received",
    "field_key",
    "json_body",
    "read_notice",
    "read_request",
    "validation_error",
]


class DocumentBody(BaseModel):
    """A document given as text: exactly one of ``html``, ``markdown``, ``text``."""

    model_config = ConfigDict(extra="forbid")

    html: str | None = None
    markdown: str | None = None
    text: str | None = None
    name: str | None = Field(
        default=None,
        description="The name reports use for the document (default document.html, "
        "document.md or document.txt).",
        max_length=255,
    )
    assume_reprint: bool = False

    def content(self) -> tuple[str, str]:
        """The document and its default name.

        Raises:
            ValueError: not exactly one of html, markdown, text.
        """
        given = [
            (value, default)
            for value, default in (
                (self.html, "document.html"),
                (self.markdown, "document.md"),
                (self.text, "document.txt"),
            )
            if value is not None
        ]
        if len(given) != 1:
            raise ValueError("give exactly one of 'html', 'markdown' or 'text'")
        return given[0]


class NoticeBody(BaseModel):
    """What is known about a republication, as ``reprint notify`` options take it."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    publication: str | None = None
    url: str | None = Field(
        default=None, description="The republished copy's address; never fetched."
    )
    edition: str | None = None
    date: str | None = Field(default=None, description="YYYY-MM-DD")
    extent: Literal["entire", "part"] | None = None
    parts: str | None = Field(default=None, description="e.g. 'Summary; Section 2'")
    credit: str | None = None
    sender: str | None = Field(
        default=None, alias="from", description="'Name <local@domain>'"
    )
    recipient: str | None = Field(
        default=None, alias="to", description="The editor's address."
    )
    check: DocumentBody | None = Field(
        default=None,
        description="The republished document, as POST /v1/check takes it as JSON: "
        "checked, and what it says pre-fills the fields the body leaves out.",
    )


# Fields whose JSON key or query parameter is not their Python keyword.
_KEYS = {"sender": "from", "recipient": "to", "fmt": "format", "from_check": "check"}
_NOT_KEYS = {"list_styles": "GET /v1/styles"}


def field_key(name: str) -> str:
    """How a request names the field ``name``: its JSON key or query parameter."""
    return _NOT_KEYS.get(name) or f'"{_KEYS.get(name, name)}"'


_FLAG = TypeAdapter(bool)


def validation_error(location: tuple[str, ...], message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"type": "value_error", "loc": location, "msg": message, "input": None}]
    )


def _upload_name(filename: str | None) -> str:
    # Browsers send "C:\fakepath\post.html"; the client's folders mean nothing here.
    if not filename:
        return "upload"
    return PurePath(PureWindowsPath(filename).name).name or "upload"


async def _read_upload(request: Request) -> tuple[bytes, str, bool]:
    async with request.form(max_files=1, max_fields=8) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise validation_error(
                ("body", "file"), "a multipart upload needs a file field named 'file'"
            )
        flag = form.get("assume_reprint", "false")
        try:
            assume_reprint = _FLAG.validate_python(flag)
        except ValidationError as exc:  # a bare value: its errors have no loc
            raise _located(exc, "body", "assume_reprint") from exc
        return await upload.read(), _upload_name(upload.filename), assume_reprint


def _located(exc: ValidationError, *prefix: str) -> RequestValidationError:
    """Pydantic's errors for a part of the request, with where that part is."""
    return RequestValidationError(
        [{**error, "loc": (*prefix, *error["loc"])} for error in exc.errors()]
    )


@dataclass(frozen=True, slots=True)
class Received:
    """A document as a request sent it: an upload, or JSON text under ``key``."""

    data: bytes
    name: str
    assume_reprint: bool
    key: str | None = None  # "html", "markdown" or "text"; None for an upload


def _read_document(raw: bytes, bounds: JsonBounds) -> Received:
    """The document of a JSON body; CPU-bound, so the caller runs it in a thread."""
    check_json_bounds(raw, bounds)
    try:
        body = DocumentBody.model_validate_json(raw)
        content, default_name = body.content()
    except ValidationError as exc:
        raise _located(exc, "body") from exc
    except ValueError as exc:
        raise validation_error(("body",), str(exc)) from exc
    key = next(k for k in ("html", "markdown", "text") if getattr(body, k) is not None)
    return Received(
        content.encode("utf-8"), body.name or default_name, body.assume_reprint, key
    )


async def read_request(request: Request, bounds: JsonBounds) -> Received:
    """The document of a /v1/check or /v1/fix request, by its media type.

    Raises:
        HTTPException: 415 for a body that is neither multipart nor JSON.
    """
    # Media types are case-insensitive (RFC 9110, 8.3.1).
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        return Received(*await _read_upload(request))
    if media_type == "application/json" or media_type.endswith("+json"):
        # Off the event loop: a large body must not hold up /healthz.
        return await asyncio.to_thread(_read_document, await request.body(), bounds)
    raise HTTPException(
        415,
        f"cannot read a {media_type or 'body without a content type'}: send "
        "multipart/form-data with a 'file' field, or application/json",
    )


async def json_body(request: Request) -> bytes:
    """The raw body of a request that must be JSON.

    Raises:
        HTTPException: 415 for another media type.
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if (
        media_type
        and media_type != "application/json"
        and not media_type.endswith("+json")
    ):
        raise HTTPException(415, f"cannot read a {media_type}: send application/json")
    return await request.body()


def read_notice(raw: bytes, bounds: JsonBounds) -> NoticeBody:
    """The notice fields of a JSON body; CPU work, so the caller runs it in a thread."""
    check_json_bounds(raw, bounds)
    try:
        return NoticeBody.model_validate_json(raw)
    except ValidationError as exc:
        raise _located(exc, "body") from exc
