"""The service as an ASGI app: its settings, routes and error answers.

Routes are thin: each reads its request (``reprint.service.bodies``), calls the
library API and answers with what it returns.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Literal, NoReturn, assert_never

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from reprint import __version__, api
from reprint.cite import CiteFormat
from reprint.citeform import AuthorMode, Position
from reprint.errors import ReprintError, UsageError
from reprint.http_guard import (
    BodyDeadline,
    BodyLimit,
    HostCheck,
    JsonBounds,
    JsonErrors,
)
from reprint.limits import MIB
from reprint.markup import Markup
from reprint.model import Format, Report
from reprint.notice import NoticeFields, NoticeFormat, Prefill, format_draft
from reprint.pipeline import internal_error
from reprint.render.json import render_json
from reprint.service.bodies import (
    field_key,
    json_body,
    read_notice,
    read_request,
    validation_error,
)
from reprint.service.openapi import (
    CHECK_BODY,
    ERROR,
    NOTICE_BODY,
    REPORT_RESPONSE,
    offline_docs,
)
from reprint.work import Work, default_work
from reprint.workers.service_pool import (
    Checker,
    CheckJob,
    WorkerLostError,
    WorkerPool,
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

_log = logging.getLogger("reprint.service")

# A long article as a PDF with its figures is a few MiB; 16 MiB leaves room for a
# scanned one without letting one request hold a worker's memory for long.
DEFAULT_MAX_UPLOAD_BYTES = 16 * MIB
# Checking a 40-page PDF takes about a second here; 30 s is far past any real
# document and still short of the 60 s proxies commonly allow before giving up.
DEFAULT_TIMEOUT_S = 30.0
# A whole request body must arrive within this: 16 MiB in 60 s is 280 KB/s, far
# below any link a CMS posts from, and a client sending a byte a second (slowloris)
# holds a connection for a minute at most. Behind a proxy that buffers bodies
# (nginx does by default) a body arrives at once.
DEFAULT_BODY_TIMEOUT_S = 60.0
# The names a service bound to a loopback address answers to (see HostCheck).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Citations kept per app: every style x format x locale a CMS asks for, and a few
# online copies; each is a short string.
CITATION_CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class Settings:
    """What the service allows one request, and what it checks with."""

    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    timeout_s: float = DEFAULT_TIMEOUT_S
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    work: Work = field(default_factory=default_work)
    checker: Checker = run_check
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S
    # The Host names answered to; None answers any (for an app mounted behind a
    # proxy that checks them). ``reprint serve`` gives LOOPBACK_HOSTS and its host.
    allowed_hosts: tuple[str, ...] | None = None
    # Origins whose pages may call the service from a browser (CORS); none by
    # default, so no CORS header is ever sent.
    cors_origins: tuple[str, ...] = ()
    json_bounds: JsonBounds = field(default_factory=JsonBounds)


_CITE_MEDIA = {
    CiteFormat.TEXT: "text/plain",
    CiteFormat.HTML: "text/html",
    CiteFormat.MARKDOWN: "text/markdown",
    CiteFormat.BIBTEX: "application/x-bibtex",
    CiteFormat.BIBLATEX: "application/x-bibtex",
    CiteFormat.RIS: "application/x-research-info-systems",
    CiteFormat.CSL_JSON: "application/vnd.citationstyles.csl+json",
}
_CREDIT_MEDIA = {
    Markup.TEXT: "text/plain",
    Markup.HTML: "text/html",
    Markup.MARKDOWN: "text/markdown",
}


def _refuse_style_file(style: str) -> NoReturn:
    # api.cite reads the .csl file a style names; a request must not name files
    # on the server.
    raise UsageError(
        f"style '{style}' is not a CSL style id: the service reads no files; "
        "see GET /v1/styles"
    )


def _text(body: str, media_type: str) -> Response:
    # RIS ends its own lines with CR LF, the last included; the others get one.
    end = "" if body.endswith("\r\n") else "\n"
    return Response(body + end, media_type=f"{media_type}; charset=utf-8")


# --------------------------------------------------------------------------------
# The app


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service as an ASGI app, with its limits and checker from ``settings``.

    Worker processes start with the app's lifespan and stop with it.
    """
    settings = settings or Settings()
    pool = WorkerPool(settings.workers, settings.checker)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="reprint",
        version=__version__,
        summary="Check that a republished copy of a paper gives its required credits.",
        lifespan=lifespan,
        # FastAPI's own /docs and /redoc load their scripts from a CDN, which an
        # intranet or an air-gapped newsroom does not reach: see offline_docs.
        docs_url=None,
        redoc_url=None,
    )
    offline_docs(app)

    @app.exception_handler(ReprintError)
    async def reprint_error(request: Request, exc: ReprintError) -> JSONResponse:
        return JSONResponse(
            {"error": exc.worded(field_key)}, status_code=exc.http_status
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(
        request: Request, exc: RequestValidationError
    ) -> JSONResponse:
        errors = [
            {key: error[key] for key in ("loc", "msg", "type") if key in error}
            for error in exc.errors()
        ]
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first["loc"])
        message = f"{where}: {first['msg']}" if where else str(first["msg"])
        return JSONResponse({"error": message, "detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        # Starlette still re-raises the exception after this answer, so the
        # server logs its traceback.
        return _internal_error()

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers
        )

    @app.get("/healthz", summary="Liveness: the server answers and has its workers.")
    async def healthz() -> dict[str, object]:
        return {
            "status": "ok",
            "version": __version__,
            "workers": pool.size,
            "ready": pool.ready,
        }

    @app.post(
        "/v1/check",
        summary="Check one document: a multipart upload, or JSON with its text.",
        openapi_extra={"requestBody": CHECK_BODY},
        responses={
            200: REPORT_RESPONSE,
            408: ERROR,
            413: ERROR,
            415: ERROR,
            422: ERROR,
        },
        response_class=Response,
    )
    async def check(
        request: Request,
        assume_reprint: Annotated[
            bool, Query(description="Judge the credits whatever the coverage.")
        ] = False,
        render: Annotated[
            bool,
            Query(
                description="Read HTML in headless Chromium (scripts on, no network)."
            ),
        ] = False,
    ) -> Response:
        received = await read_request(request, settings.json_bounds)
        data, name, flag = received.data, received.name, received.assume_reprint
        job = CheckJob(
            data=data,
            name=name,
            assume_reprint=assume_reprint or flag,
            max_bytes=settings.max_upload_bytes,
            work=settings.work,
            render=render,
        )
        report = await run(job)
        if isinstance(report, JSONResponse):
            return report
        return Response(render_json([report]), media_type="application/json")

    async def run(job: CheckJob) -> Report | JSONResponse:
        """The job's report, or the response that says why there is none."""
        try:
            answer = await pool.run(job, settings.timeout_s)
        except TimeoutError:
            return JSONResponse(
                {
                    "error": f"checking '{job.name}' took longer than the "
                    f"{settings.timeout_s:g} s limit (reprint serve --timeout-s)"
                },
                status_code=408,
            )
        except WorkerLostError:
            # A crash in a native library: the document's report says so (200).
            _log.error("a worker process died checking %r", job.name)
            return internal_error(job.name, job.work, "the worker process ended")
        if answer.error is not None:
            raise answer.error
        if answer.bug is not None:
            _log.error("internal error checking %r:\n%s", job.name, answer.bug)
        if answer.report is None:  # pragma: no cover - a worker always answers one
            return _internal_error()
        return answer.report

    @app.get(
        "/v1/cite",
        summary="The paper's citation in a CSL style or an exchange format.",
        response_class=Response,
        responses={
            200: {"content": {m: {} for m in _CITE_MEDIA.values()}},
            400: ERROR,
        },
    )
    async def cite(
        style: Annotated[
            str | None, Query(description="A CSL style id or alias; see /v1/styles.")
        ] = None,
        output_format: Annotated[CiteFormat, Query(alias="format")] = CiteFormat.TEXT,
        in_text: bool = False,
        url: Annotated[
            str | None, Query(description="An online copy to cite; never fetched.")
        ] = None,
        accessed: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
        locale: Annotated[
            str | None, Query(description="A CSL locale, e.g. en-GB.")
        ] = None,
        mode: Annotated[
            AuthorMode,
            Query(description="narrative, author-only or suppress-author."),
        ] = AuthorMode.NORMAL,
        locator: Annotated[
            str | None, Query(description="A place in the paper, e.g. para. 3.")
        ] = None,
        prefix: str = "",
        suffix: str = "",
        position: Annotated[
            Position, Query(description="A later note: subsequent or ibid.")
        ] = Position.FIRST,
        standalone: bool = False,
        links: bool = False,
    ) -> Response:
        if url is not None and accessed is None:  # today, read here at the edge
            accessed = dt.date.today().isoformat()
        # A thread: rendering a style is CPU work the event loop must not wait on.
        citation = await asyncio.to_thread(
            cited,
            style,
            output_format,
            in_text,
            url,
            accessed,
            locale,
            mode,
            locator,
            prefix,
            suffix,
            position,
            standalone,
            links,
        )
        return _text(citation, _CITE_MEDIA[output_format])

    # The same question always gets the same citation; rendering it takes
    # citeproc 60-100 ms of CPU, answering from here microseconds.
    @functools.lru_cache(maxsize=CITATION_CACHE_SIZE)
    def cited(
        style: str | None,
        output_format: CiteFormat,
        in_text: bool,
        url: str | None,
        accessed: str | None,
        locale: str | None,
        mode: AuthorMode,
        locator: str | None,
        prefix: str,
        suffix: str,
        position: Position,
        standalone: bool,
        links: bool,
    ) -> str:
        return api.cite(
            mode=mode,
            locator=locator,
            prefix=prefix,
            suffix=suffix,
            position=position,
            standalone=standalone,
            links=links,
            locale=locale,
            style=style,
            fmt=output_format,
            in_text=in_text,
            url=url,
            accessed=accessed,
            work=settings.work,
            read_file=_refuse_style_file,
        )

    @app.get("/v1/styles", summary="The CSL styles checked against citeproc-js.")
    async def styles() -> list[dict[str, object]]:
        return [
            {"id": entry.id, "title": entry.title, "aliases": list(entry.aliases)}
            for entry in api.list_styles()
        ]

    @app.get(
        "/v1/credit",
        summary="The credit line a republisher pastes.",
        response_class=Response,
        responses={200: {"content": {m: {} for m in _CREDIT_MEDIA.values()}}},
    )
    async def credit(
        output_format: Annotated[Markup, Query(alias="format")] = Markup.TEXT,
    ) -> Response:
        line = await asyncio.to_thread(
            api.credit_line, output_format, work=settings.work
        )
        return _text(line, _CREDIT_MEDIA[output_format])

    @app.post(
        "/v1/notify",
        summary="Draft the notice to the series editor; nothing is sent.",
        response_class=Response,
        openapi_extra={"requestBody": NOTICE_BODY},
        responses={
            200: {
                "content": {
                    "text/plain": {},
                    "text/html": {},
                    "message/rfc822": {},
                }
            },
            400: ERROR,
        },
    )
    async def notify(
        request: Request,
        output_format: Annotated[
            Literal["text", "html", "mailto", "eml"], Query(alias="format")
        ] = "text",
    ) -> Response:
        body = await asyncio.to_thread(
            read_notice, await json_body(request), settings.json_bounds
        )
        # The body's fields are named as from_options takes them ("from" is
        # an alias of sender, "to" of recipient).
        fields = NoticeFields.from_options(**body.model_dump(exclude={"check"}))
        if body.check is not None:
            try:
                content, name = body.check.content()
            except ValueError as exc:
                raise validation_error(("body", "check"), str(exc)) from exc
            job = CheckJob(
                data=content.encode("utf-8"),
                name=body.check.name or name,
                assume_reprint=body.check.assume_reprint,
                max_bytes=settings.max_upload_bytes,
                work=settings.work,
            )
            report = await run(job)
            if isinstance(report, JSONResponse):
                return report
            fields = Prefill.from_report(report, job.name).fields.overriding(fields)
        draft = await asyncio.to_thread(api.notify, fields, work=settings.work)
        if output_format == "eml":
            from reprint.notice.delivery import stamp

            return Response(
                await asyncio.to_thread(lambda: stamp(draft).as_bytes()),
                media_type="message/rfc822",
                headers={"content-disposition": 'attachment; filename="notice.eml"'},
            )
        shown = NoticeFormat(output_format)
        match shown:
            case NoticeFormat.TEXT | NoticeFormat.MAILTO:
                return _text(format_draft(draft, shown), "text/plain")
            case NoticeFormat.HTML:
                return _text(format_draft(draft, shown), "text/html")
            case _:  # pragma: no cover
                assert_never(shown)

    @app.post(
        "/v1/fix",
        summary="A copy of the document with the missing credit line added.",
        description="The same request as /v1/check. JSON in, JSON out: "
        '{"changed": bool, "<html|markdown|text>": the corrected document, under '
        'the key it was sent in, "report": the re-check (as /v1/check\'s '
        "reports[0])}. A multipart upload gets the corrected file back, with "
        "X-Reprint-Changed and X-Reprint-Verdict headers. 422 with "
        '{"error", "report"} when no compliant copy can be made: not a reprint, '
        "a misattribution (never rewritten), or unreadable.",
        openapi_extra={"requestBody": CHECK_BODY},
        responses={
            200: {"content": {"application/json": {}, **_FIXED_MEDIA_DOC}},
            408: ERROR,
            413: ERROR,
            415: ERROR,
            422: ERROR,
        },
        response_class=Response,
    )
    async def fix_document(
        request: Request,
        assume_reprint: Annotated[
            bool, Query(description="Judge the credits whatever the coverage.")
        ] = False,
    ) -> Response:
        from reprint.fix import FixOutcome, fix

        received = await read_request(request, settings.json_bounds)
        data, name, flag = received.data, received.name, received.assume_reprint
        key = received.key
        try:
            # A thread, not a worker process: the fix edits and checks the
            # document twice, and its answer is a document, not a report.
            async with asyncio.timeout(settings.timeout_s):
                result = await asyncio.to_thread(
                    fix,
                    data,
                    name=name,
                    work=settings.work,
                    assume_reprint=assume_reprint or flag,
                    max_bytes=settings.max_upload_bytes,
                )
        except TimeoutError:
            return JSONResponse(
                {
                    "error": f"fixing '{name}' took longer than the "
                    f"{settings.timeout_s:g} s limit (reprint serve --timeout-s)"
                },
                status_code=408,
            )
        report = json.loads(render_json([result.report]))["reports"][0]
        if result.outcome is FixOutcome.NOT_FIXED:
            return JSONResponse(
                {"error": f"'{name}' was not fixed: {result.reason}", "report": report},
                status_code=422,
            )
        if key is not None:
            return JSONResponse(
                {
                    "changed": result.is_changed,
                    key: result.data.decode("utf-8"),
                    "report": report,
                }
            )
        fmt = result.report.format
        return Response(
            result.data,
            media_type=(
                "application/octet-stream" if fmt is None else _FIXED_MEDIA[fmt]
            ),
            headers={
                "x-reprint-changed": "true" if result.is_changed else "false",
                "x-reprint-verdict": result.report.verdict.value,
                "content-disposition": f'attachment; filename="{_ascii_name(name)}"',
            },
        )

    # The last added runs first: JSON errors around the Host check, around CORS,
    # around the body's time and size limits.
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes)
    app.add_middleware(BodyDeadline, timeout_s=settings.body_timeout_s)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            expose_headers=["X-Reprint-Changed", "X-Reprint-Verdict"],
        )
    if settings.allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(JsonErrors)
    return app


# The corrected file's media type, by the format it was read as.
_FIXED_MEDIA = {
    Format.HTML: "text/html",
    Format.PDF: "application/pdf",
    Format.DOCX: "application/vnd.openxmlformats-officedocument"
    ".wordprocessingml.document",
    Format.MARKDOWN: "text/markdown",
    Format.TEXT: "text/plain",
}
_FIXED_MEDIA_DOC: dict[str, object] = {media: {} for media in _FIXED_MEDIA.values()}


def _ascii_name(name: str) -> str:
    # A header carries ASCII; a quote or backslash would end the quoted name.
    return "".join(c if c.isascii() and c not in '"\\' else "_" for c in name)


def _internal_error() -> JSONResponse:
    return JSONResponse(
        {"error": "internal error in reprint (a bug; please report it)"},
        status_code=500,
    )
