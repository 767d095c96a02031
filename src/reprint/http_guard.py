"""What the HTTP service refuses before a request reaches an endpoint.

Plain ASGI middleware (no framework), each answering with a JSON error body:

- ``HostCheck``: a ``Host`` header that is not one of the allowed names is 400
  (a page on another site cannot reach a loopback service through DNS rebinding);
- ``BodyLimit``: a body over the size limit is 413, counted while it arrives;
- ``BodyDeadline``: a body that has not arrived in full within its time is 408;
- ``JsonErrors``: any error response that is not JSON (a framework's plain-text
  400 or 500) is rewritten as ``{"error": "..."}``.

``check_json_bounds`` bounds the structure of a JSON body (nesting depth, keys and
items, number length) in time proportional to the bound, not to the body, so a
body of a million unknown keys costs nothing to refuse.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]  # C, untyped

from reprint.errors import InputError, UnsafeInputError

__all__ = [
    "ASGIApp",
    "ASGIMessage",
    "BodyDeadline",
    "BodyLimit",
    "HostCheck",
    "JsonBounds",
    "JsonErrors",
    "Receive",
    "Send",
    "check_json_bounds",
    "error_body",
    "host_name",
]

ASGIMessage = MutableMapping[str, object]
Receive = Callable[[], Awaitable[ASGIMessage]]
Send = Callable[[ASGIMessage], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, object], Receive, Send], Awaitable[None]]


def error_body(message: str) -> bytes:
    """The JSON body of an error response: ``{"error": message}``."""
    return json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")


async def _send_error(send: Send, status: int, message: str) -> None:
    body = error_body(message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: MutableMapping[str, object], name: bytes) -> bytes | None:
    headers = scope.get("headers")
    if not isinstance(headers, list):
        return None
    for key, value in headers:
        if key == name:
            return bytes(value)
    return None


# --------------------------------------------------------------------------------
# The Host header


# RFC 9110 7.2: host [":" port]; an IPv6 address is in brackets.
_HOST = re.compile(r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<name>[^:\[\]]+))(?::\d*)?")


def host_name(header: str) -> str | None:
    """The host of a ``Host`` header, lower-cased, without its port; None if bad."""
    found = _HOST.fullmatch(header.strip())
    if found is None:
        return None
    return (found["ipv6"] or found["name"]).lower().rstrip(".")


class HostCheck:
    """Answer 400 to a request whose ``Host`` is not one of ``allowed_hosts``.

    Names compare case-insensitively and without the port; ``*`` allows any host.
    A request without a ``Host`` header is refused too: every browser sends one.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        self._app = app
        self._is_any = "*" in allowed_hosts
        # A name as given: "example.org", "127.0.0.1", "::1" or "[::1]".
        self._allowed = {host.strip("[]").lower().rstrip(".") for host in allowed_hosts}

    async def __call__(
        self, scope: MutableMapping[str, object], receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http" or self._is_any:
            await self._app(scope, receive, send)
            return
        header = _header(scope, b"host")
        name = None if header is None else host_name(header.decode("latin-1"))
        if name in self._allowed:
            await self._app(scope, receive, send)
            return
        if header is None:
            message = "a request without a Host header is not answered"
        else:
            host = header.decode("latin-1")
            message = f"host {host!r} is not one this service answers to"
        await _send_error(send, 400, f"{message} (reprint serve --allowed-hosts)")


# --------------------------------------------------------------------------------
# The request body: its size and its time


class BodyLimit:
    """Refuse a request body over ``max_bytes`` with 413, without buffering it.

    A declared Content-Length over the limit is refused before any byte is read;
    a chunked body is counted as it arrives and cut off at the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self._app = app
        self._max_bytes = max_bytes

    def _message(self) -> str:
        return (
            f"the request body is over the {self._max_bytes} byte limit "
            "(reprint serve --max-upload-bytes)"
        )

    async def __call__(
        self, scope: MutableMapping[str, object], receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self._max_bytes:
            await _send_error(send, 413, self._message())
            return
        received = 0

        async def limited_receive() -> ASGIMessage:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                received += len(body) if isinstance(body, bytes) else 0
                if received > self._max_bytes:
                    raise _Refusal(413, self._message())
            return message

        await _refusing(self._app, scope, limited_receive, send)


class BodyDeadline:
    """Answer 408 when a request body has not arrived in full ``timeout_s`` after
    the request's headers did.

    A total, not an idle, time: a client sending a byte a second never idles. The
    endpoint reading the body is stopped where it waits; the connection is closed.
    """

    def __init__(self, app: ASGIApp, timeout_s: float) -> None:
        self._app = app
        self._timeout_s = timeout_s

    async def __call__(
        self, scope: MutableMapping[str, object], receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        deadline = asyncio.get_running_loop().time() + self._timeout_s
        is_complete = False

        async def timed_receive() -> ASGIMessage:
            nonlocal is_complete
            if is_complete:  # after the body, receive waits for a disconnect
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise _Refusal(
                    408,
                    f"the request body did not arrive within {self._timeout_s:g} s "
                    "(reprint serve --body-timeout-s)",
                ) from None
            is_complete = message["type"] != "http.request" or not message.get(
                "more_body", False
            )
            return message

        await _refusing(self._app, scope, timed_receive, send)


class _Refusal(Exception):
    """Raised from ``receive`` to stop an endpoint reading a body it must not get."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def _refusing(
    app: ASGIApp, scope: MutableMapping[str, object], receive: Receive, send: Send
) -> None:
    """Run ``app``; if ``receive`` refused the body, answer with that refusal.

    Whatever the app made of the aborted read (an exception, or an error response
    of its own, as a multipart parser's 400), the answer is the refusal.
    """
    refusal: _Refusal | None = None
    is_answered = False

    async def refusing_receive() -> ASGIMessage:
        nonlocal refusal
        try:
            return await receive()
        except _Refusal as exc:
            refusal = exc
            raise

    async def answer_once() -> None:
        nonlocal is_answered
        if not is_answered and refusal is not None:
            is_answered = True
            await _send_error(send, refusal.status, refusal.message)

    async def guarded_send(message: ASGIMessage) -> None:
        if refusal is None:
            await send(message)
        else:
            await answer_once()

    try:
        await app(scope, refusing_receive, guarded_send)
    except Exception:
        if refusal is None:
            raise
        await answer_once()


def _content_length(scope: MutableMapping[str, object]) -> int | None:
    value = _header(scope, b"content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------------
# JSON error bodies, whoever made the error


class JsonErrors:
    """Rewrite an error response (status 400 or over) that is not JSON as one.

    The endpoints answer JSON themselves; this catches what the framework and its
    middleware answer in plain text (a refused CORS preflight, an unhandled
    exception's 500), keeping the status and putting the text under ``error``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(
        self, scope: MutableMapping[str, object], receive: Receive, send: Send
    ) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        held: ASGIMessage | None = None
        parts: list[bytes] = []

        async def json_send(message: ASGIMessage) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                status = message.get("status")
                if isinstance(status, int) and status >= 400 and not _is_json(message):
                    held = message
                    return
            elif held is not None and message["type"] == "http.response.body":
                body = message.get("body", b"")
                parts.append(body if isinstance(body, bytes) else b"")
                if message.get("more_body", False):
                    return
                await _send_rewritten(send, held, b"".join(parts))
                return
            await send(message)

        await self._app(scope, receive, json_send)


def _is_json(start: ASGIMessage) -> bool:
    headers = start.get("headers")
    if not isinstance(headers, list):
        return False
    for key, value in headers:
        if bytes(key).lower() == b"content-type":
            media = bytes(value).split(b";")[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


async def _send_rewritten(send: Send, start: ASGIMessage, text: bytes) -> None:
    status = start.get("status")
    assert isinstance(status, int)
    message = " ".join(text.decode("utf-8", "replace").split()) or f"HTTP {status}"
    body = error_body(message)
    headers = [
        (bytes(key), bytes(value))
        for key, value in start.get("headers", [])  # type: ignore[attr-defined]
        if bytes(key).lower() not in (b"content-type", b"content-length")
    ]
    headers += [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------------
# The structure of a JSON body


@dataclass(frozen=True, slots=True)
class JsonBounds:
    """How much structure a JSON request body may have.

    The largest valid body (``POST /v1/notify`` with a document to check) has 15
    keys two levels deep; the bounds leave room for clients that add a few.
    """

    max_depth: int = 8
    max_members: int = 128  # keys and array items, in the whole body
    max_number_chars: int = 64  # Python reads a long integer in quadratic time


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?[0-9][0-9.eE+-]*")
_LITERALS = ("true", "false", "null")


def check_json_bounds(raw: bytes, bounds: JsonBounds) -> None:
    """Refuse a JSON body whose structure is over ``bounds``, before it is parsed.

    The scan stops at the first token over a bound, so its cost is at most the
    bound's, whatever the body's size; strings are skipped by the C scanner.
    It does not validate the JSON: the parser that follows does.

    Raises:
        UnsafeInputError: over a bound; the message names it.
        InputError: not UTF-8, or a token no JSON has.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the JSON body is not UTF-8 (byte {exc.start})") from exc
    depth = members = 0
    at = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]  # * matches
    while at < len(text):
        char = text[at]
        if char in "{[":
            depth += 1
            if depth > bounds.max_depth:
                raise UnsafeInputError(
                    f"the JSON body nests deeper than {bounds.max_depth} levels"
                )
            at += 1
        elif char in ":,":
            members += 1
            if members > bounds.max_members:
                raise UnsafeInputError(
                    f"the JSON body has more than {bounds.max_members} keys and items"
                )
            at += 1
        elif char in "}]":
            depth -= 1
            at += 1
        elif char == '"':
            try:
                _, at = scanstring(text, at + 1)
            except ValueError as exc:
                raise InputError(f"the JSON body is not valid JSON: {exc}") from exc
        elif (number := _NUMBER.match(text, at)) is not None:
            if number.end() - at > bounds.max_number_chars:
                raise UnsafeInputError(
                    f"the JSON body has a number over {bounds.max_number_chars} "
                    "characters"
                )
            at = number.end()
        elif text.startswith(_LITERALS, at):
            at += 4 if text[at] != "f" else 5
        else:
            raise InputError(
                f"the JSON body is not valid JSON: unexpected {char!r} at {at}"
            )
        at = _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]
