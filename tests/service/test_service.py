"""The HTTP service through FastAPI's TestClient: every endpoint and every error."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import time
from collections.abc import Iterator, MutableMapping
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from posts import UNRELATED_TEXT, excerpt_markdown, post_html, post_markdown

from reprint import __version__, api
from reprint.cli import main
from reprint.errors import UsageError
from reprint.model import Report
from reprint.service import CheckJob, Settings, create_app, run_check
from reprint.work import Work

SLOW_MARKER = b"<!-- slow -->"
# One pytest worker runs these and the 64-client loads of test_serve_guards.py in
# turn, so those loads never make a time-limit test here late.
pytestmark = pytest.mark.xdist_group("service")


# Stand-in checkers run in the worker processes, so they are module-level functions
# the workers can import by name.
def slow_check(job: CheckJob) -> Report:
    """Never finishes a document marked slow; checks any other for real."""
    if job.data.startswith(SLOW_MARKER):
        time.sleep(600)
    return run_check(job)


def refusing_check(job: CheckJob) -> Report:
    raise UsageError(f"refusing '{job.name}' on purpose")


def buggy_check(job: CheckJob) -> Report:
    raise RuntimeError("a bug in a checker")


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(max_upload_bytes=256 * 1024, timeout_s=20.0, workers=1)


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[TestClient]:
    # One server for the tests that do not change its settings: starting the
    # worker process is most of a test's time.
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def cli_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> object:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--format", "json", name])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_healthz_reports_version_and_live_workers(client: TestClient) -> None:
    health = _wait_until_ready(client)
    assert health == {"status": "ok", "version": __version__, "workers": 1, "ready": 1}


def _wait_until_ready(client: TestClient, timeout_s: float = 60) -> dict[str, object]:
    """Poll /healthz until every worker has loaded the checker (bounded)."""
    deadline = time.monotonic() + timeout_s
    while True:
        response = client.get("/healthz")
        assert response.status_code == 200
        health: dict[str, object] = response.json()
        if health["ready"] == health["workers"] or time.monotonic() > deadline:
            return health
        time.sleep(0.05)


def test_uploaded_file_gets_the_json_of_check_format_json(
    client: TestClient, work: Work, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = post_markdown(work, is_credited=True)
    (tmp_path / "post.md").write_text(post, "utf-8")
    response = client.post(
        "/v1/check", files={"file": ("post.md", post.encode(), "text/markdown")}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == cli_json(tmp_path, monkeypatch, "post.md")
    assert response.json()["reports"][0]["verdict"] == "compliant"


def test_json_html_body_gets_the_json_of_check_format_json(
    client: TestClient, work: Work, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = post_html(work, is_credited=False)
    (tmp_path / "post.html").write_text(post, "utf-8")
    response = client.post("/v1/check", json={"html": post, "name": "post.html"})
    assert response.status_code == 200
    assert response.json() == cli_json(tmp_path, monkeypatch, "post.html")
    report = response.json()["reports"][0]
    assert report["verdict"] == "non-compliant"
    assert report["credit_line"] == work.credit_line


@pytest.mark.parametrize(
    ("field", "name", "fmt"),
    [
        ("html", "document.html", "html"),
        ("markdown", "document.md", "markdown"),
        ("text", "document.txt", "text"),
    ],
    ids=["html", "markdown", "text"],
)
def test_json_body_names_the_document_by_its_field(
    client: TestClient, field: str, name: str, fmt: str
) -> None:
    body = {
        "html": f"<p>{UNRELATED_TEXT}</p>",
        "markdown": f"# Council\n\n{UNRELATED_TEXT}\n",
        "text": UNRELATED_TEXT,
    }[field]
    response = client.post("/v1/check", json={field: body})
    report = response.json()["reports"][0]
    assert (report["file"], report["format"], report["verdict"]) == (
        name,
        fmt,
        "not-a-reprint",
    )


def test_upload_keeps_only_the_file_name_of_a_client_path(client: TestClient) -> None:
    response = client.post(
        "/v1/check",
        files={"file": ("C:\\fakepath\\notes.txt", UNRELATED_TEXT.encode())},
    )
    assert response.json()["reports"][0]["file"] == "notes.txt"


@pytest.mark.parametrize(
    "how",
    ["query", "form", "json"],
    ids=["query-parameter", "form-field", "json-field"],
)
def test_assume_reprint_judges_credits_of_a_short_excerpt(
    client: TestClient, work: Work, how: str
) -> None:
    excerpt = excerpt_markdown(work)
    plain = client.post("/v1/check", json={"markdown": excerpt})
    assert plain.json()["reports"][0]["verdict"] == "not-a-reprint"
    if how == "query":
        response = client.post(
            "/v1/check?assume_reprint=true", json={"markdown": excerpt}
        )
    elif how == "form":
        response = client.post(
            "/v1/check",
            files={"file": ("excerpt.md", excerpt.encode())},
            data={"assume_reprint": "true"},
        )
    else:
        response = client.post(
            "/v1/check", json={"markdown": excerpt, "assume_reprint": True}
        )
    assert response.json()["reports"][0]["verdict"] == "non-compliant"


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "empty"), (b"\x00\x01\x02\xff" * 64, "unsupported-format")],
    ids=["empty-file", "binary-file"],
)
def test_unreadable_upload_is_200_unverifiable_with_the_cause(
    client: TestClient, content: bytes, code: str
) -> None:
    response = client.post("/v1/check", files={"file": ("post.bin", content)})
    assert response.status_code == 200
    report = response.json()["reports"][0]
    assert report["verdict"] == "unverifiable"
    assert [problem["code"] for problem in report["problems"]] == [code]
    assert {c["status"] for c in report["credits"].values()} == {"unknown"}


def test_declared_body_over_the_limit_is_413_json(
    settings: Settings, work: Work
) -> None:
    small = replace(settings, max_upload_bytes=4096)
    with TestClient(create_app(small)) as client:
        post = post_markdown(work, is_credited=True).encode()
        response = client.post("/v1/check", files={"file": ("post.md", post)})
        assert response.status_code == 413
        assert response.json() == {
            "error": "the request body is over the 4096 byte limit "
            "(reprint serve --max-upload-bytes)"
        }
        # A body under the limit still goes through on the same server.
        ok = client.post("/v1/check", json={"text": UNRELATED_TEXT})
        assert ok.status_code == 200


def test_endless_body_is_cut_off_at_the_limit_while_reading(
    settings: Settings,
) -> None:
    # No Content-Length and a body that never ends: only a limit applied while
    # reading can answer; buffering first would never return.
    app = create_app(replace(settings, max_upload_bytes=10_000))
    chunk = b"x" * 1000
    chunks_read = 0
    sent: list[MutableMapping[str, object]] = []

    async def receive() -> MutableMapping[str, object]:
        nonlocal chunks_read
        chunks_read += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: MutableMapping[str, object]) -> None:
        sent.append(message)

    scope: dict[str, object] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/check",
        "raw_path": b"/v1/check",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 10))
    assert sent[0]["status"] == 413
    body = sent[1]["body"]
    assert isinstance(body, bytes)
    assert json.loads(body)["error"].startswith("the request body is over")
    assert chunks_read == 11  # 11 000 bytes: the first chunk past 10 000


def test_check_over_the_time_limit_is_408_and_the_server_recovers(
    settings: Settings, work: Work
) -> None:
    quick = replace(settings, timeout_s=3.0, checker=slow_check)
    with TestClient(create_app(quick)) as client:
        started = time.monotonic()
        response = client.post(
            "/v1/check",
            files={"file": ("stuck.html", SLOW_MARKER + b"<p>text</p>")},
        )
        elapsed = time.monotonic() - started
        assert response.status_code == 408
        assert response.json() == {
            "error": "checking 'stuck.html' took longer than the 3 s limit "
            "(reprint serve --timeout-s)"
        }
        assert elapsed < 6
        # The only worker was stuck; it was ended and replaced, so the next check
        # (on the same one-worker server) gets an answer.
        assert client.get("/healthz").json()["workers"] == 1
        # The replacement loads the checker before it takes the next check, so
        # that check is not charged for it.
        assert _wait_until_ready(client)["ready"] == 1
        post = post_html(work, is_credited=True)
        after = client.post("/v1/check", json={"html": post})
        assert after.status_code == 200
        assert after.json()["reports"][0]["verdict"] == "compliant"


def test_reprint_error_in_a_worker_keeps_its_http_status(settings: Settings) -> None:
    with TestClient(create_app(replace(settings, checker=refusing_check))) as client:
        response = client.post("/v1/check", json={"text": "hello", "name": "a.txt"})
    assert response.status_code == 400
    assert response.json() == {"error": "refusing 'a.txt' on purpose"}


def test_bug_in_a_worker_is_the_documents_report_not_500(settings: Settings) -> None:
    with TestClient(create_app(replace(settings, checker=buggy_check))) as client:
        response = client.post("/v1/check", json={"text": "hello", "name": "a.txt"})
        assert response.status_code == 200
        [report] = response.json()["reports"]
        assert report["file"] == "a.txt"
        assert report["verdict"] == "unverifiable"
        assert report["problems"] == [
            {
                "code": "internal-error",
                "message": "internal error in reprint while checking 'a.txt' "
                "(a bug; please report it): RuntimeError: a bug in a checker",
            }
        ]
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"html": "<p>a</p>", "text": "a"}, "body"),
        ({}, "body"),
        ({"html": 3}, "body.html"),
        ({"html": "<p>a</p>", "url": "https://example.org/"}, "body.url"),
        ({"text": "a", "assume_reprint": "perhaps"}, "body.assume_reprint"),
    ],
    ids=["two-documents", "no-document", "not-a-string", "url-field", "bad-flag"],
)
def test_invalid_json_body_is_422_with_an_error_naming_the_field(
    client: TestClient, body: dict[str, object], where: str
) -> None:
    response = client.post("/v1/check", json=body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["error"].startswith(f"{where}: ")
    assert payload["detail"][0]["loc"] == where.split(".")


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/v1/check",
        content=b'{"html": ',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"].startswith("body: Invalid JSON")


@pytest.mark.parametrize(
    ("files", "data", "where"),
    [
        ({"document": ("a.txt", b"a")}, {}, "body.file"),
        (
            {"file": ("a.txt", b"a")},
            {"assume_reprint": "perhaps"},
            "body.assume_reprint",
        ),
    ],
    ids=["no-file-field", "bad-flag"],
)
def test_invalid_upload_is_422(
    client: TestClient,
    files: dict[str, tuple[str, bytes]],
    data: dict[str, str],
    where: str,
) -> None:
    response = client.post("/v1/check", files=files, data=data)
    assert response.status_code == 422
    assert response.json()["error"].startswith(f"{where}: ")


def test_body_of_another_media_type_is_415(client: TestClient) -> None:
    response = client.post(
        "/v1/check", content=b"hello", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415
    assert response.json() == {
        "error": "cannot read a text/plain: send multipart/form-data with a 'file' "
        "field, or application/json"
    }


def test_a_multipart_media_type_in_any_case_is_an_upload(
    client: TestClient, work: Work
) -> None:
    # L-10: media types are case-insensitive (RFC 9110, 8.3.1).
    upload = httpx.Request(
        "POST",
        "http://localhost/v1/check",
        files={"file": ("post.md", post_markdown(work, is_credited=True).encode())},
    )
    media_type = upload.headers["content-type"]
    assert media_type.startswith("multipart/form-data; ")
    shouted = "MULTIPART/Form-Data" + media_type.removeprefix("multipart/form-data")
    response = client.post(
        "/v1/check", content=upload.read(), headers={"content-type": shouted}
    )
    assert response.status_code == 200
    [report] = response.json()["reports"]
    assert (report["file"], report["verdict"]) == ("post.md", "compliant")


def test_cite_in_a_style_is_api_cite(client: TestClient, work: Work) -> None:
    response = client.get("/v1/cite", params={"style": "apa"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == api.cite(style="apa", work=work) + "\n"
    assert response.text.startswith("Kersten, R. (2011).")


@pytest.mark.parametrize(
    "params",
    [
        {"style": "apa", "mode": "narrative", "locator": "para. 3"},
        {"style": "apa", "prefix": "see", "suffix": "emphasis added"},
        {"style": "chicago-notes-bibliography", "position": "subsequent"},
        {"style": "apa", "format": "html", "standalone": "true"},
        {
            "style": "ieee",
            "format": "html",
            "links": "true",
            "url": "https://pacificledger.example/japan/",
            "accessed": "2024-05-01",
        },
    ],
    ids=["narrative-locator", "affixes", "subsequent", "standalone", "links"],
)
def test_cite_forms_are_api_cite(
    client: TestClient, work: Work, params: dict[str, str]
) -> None:
    response = client.get("/v1/cite", params=params)
    assert response.status_code == 200
    expected = api.cite(
        style=params["style"],
        fmt=params.get("format", "text"),
        mode=params.get("mode", "normal"),
        locator=params.get("locator"),
        prefix=params.get("prefix", ""),
        suffix=params.get("suffix", ""),
        position=params.get("position", "first"),
        standalone="standalone" in params,
        links="links" in params,
        url=params.get("url"),
        accessed=params.get("accessed"),
        work=work,
    )
    assert response.text == expected + "\n"
    assert response.text != api.cite(style=params["style"], work=work) + "\n"


def test_cite_form_refusal_names_the_query_parameter(client: TestClient) -> None:
    response = client.get("/v1/cite", params={"style": "apa", "locator": "foo 3"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("\"locator\" 'foo 3': give a CSL")


def test_cite_exchange_format_has_its_media_type(client: TestClient) -> None:
    response = client.get("/v1/cite", params={"format": "bibtex"})
    assert response.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    assert response.text.startswith("@")


def test_cite_of_an_online_copy_does_not_fetch_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the service opened a network connection")

    monkeypatch.setattr("socket.socket.connect", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    response = client.get(
        "/v1/cite",
        params={
            "style": "apa",
            "url": "https://pacificledger.example/2011/08/15/japan/",
            "accessed": "2024-05-01",
        },
    )
    assert response.status_code == 200
    assert "https://pacificledger.example/2011/08/15/japan/" in response.text


@pytest.mark.parametrize(
    ("params", "error"),
    [
        (
            {"accessed": "2024-05-01"},
            '"accessed" needs "url": it dates the visit to an online copy',
        ),
        (
            {"in_text": "true"},
            '"in_text" needs a "style": the cite-as line has no in-text form',
        ),
        (
            {"style": "apa", "format": "bibtex"},
            '"style" and "in_text" do not apply to "format" bibtex',
        ),
    ],
    ids=["accessed-alone", "in-text-alone", "style-with-export"],
)
def test_cite_errors_name_query_parameters_not_flags(
    client: TestClient, params: dict[str, str], error: str
) -> None:
    response = client.get("/v1/cite", params=params)
    assert (response.status_code, response.json()) == (400, {"error": error})


def test_unknown_style_is_400_json(client: TestClient) -> None:
    response = client.get("/v1/cite", params={"style": "no-such-style"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "unknown style 'no-such-style': give a CSL style id (see GET "
        "/v1/styles) or the path of a .csl file"
    }


@pytest.mark.parametrize(
    "style", ["../secret.csl", "/etc/passwd", "styles\\apa", "mine.csl"]
)
def test_style_naming_a_file_is_400_and_no_file_is_read(
    client: TestClient, style: str
) -> None:
    response = client.get("/v1/cite", params={"style": style})
    assert response.status_code == 400
    assert response.json() == {
        "error": f"style '{style}' is not a CSL style id: the service reads no "
        "files; see GET /v1/styles"
    }


def test_unknown_cite_format_is_422(client: TestClient) -> None:
    response = client.get("/v1/cite", params={"format": "docx"})
    assert response.status_code == 422
    assert response.json()["error"].startswith("query.format: ")


def test_styles_lists_the_checked_styles(client: TestClient) -> None:
    response = client.get("/v1/styles")
    ids = [entry["id"] for entry in response.json()]
    assert ids == [entry.id for entry in api.list_styles()]
    assert "apa" in ids


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_credit_is_api_credit_line(client: TestClient, work: Work, fmt: str) -> None:
    response = client.get("/v1/credit", params={"format": fmt})
    assert response.status_code == 200
    assert response.text == api.credit_line(fmt, work=work) + "\n"


NOTICE = {
    "publication": "The Pacific Ledger",
    "url": "https://pacificledger.example/2011/08/15/japan/",
    "date": "2011-08-15",
    "extent": "entire",
    "from": "Ann Editor <ann@pacificledger.example>",
    "to": "Series Editor <editor@example.org>",
}


def test_notify_returns_the_text_draft(client: TestClient) -> None:
    response = client.post("/v1/notify", json=NOTICE)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    head = response.text.splitlines()[:2]
    assert head == [
        "From: Ann Editor <ann@pacificledger.example>",
        "To: Series Editor <editor@example.org>",
    ]
    assert "The Pacific Ledger" in response.text
    assert "15 August 2011" in response.text


def test_notify_as_eml_is_an_rfc822_message(client: TestClient) -> None:
    response = client.post("/v1/notify?format=eml", json=NOTICE)
    assert response.status_code == 200
    assert response.headers["content-type"] == "message/rfc822"
    message = email.message_from_bytes(response.content, policy=email.policy.default)
    assert message["To"] == "Series Editor <editor@example.org>"
    assert message["From"] == "Ann Editor <ann@pacificledger.example>"
    assert message.get_content_type() == "multipart/alternative"
    assert message["Message-ID"].endswith("@pacificledger.example>")


def test_notify_missing_fields_is_400_naming_their_keys(client: TestClient) -> None:
    response = client.post("/v1/notify", json={"publication": "The Ledger"})
    assert response.status_code == 400
    assert response.json() == {
        "error": 'missing "date", "extent", "from"; give them, or pre-fill them '
        'with "check"'
    }


@pytest.mark.parametrize(
    ("date", "complaint"),
    [
        ("15/08/2011", "is not a date in the form YYYY-MM-DD"),
        ("2020-13-01", "is not a real day (month must be in 1..12)"),
    ],
    ids=["form", "no-such-day"],
)
def test_notify_bad_date_is_400_naming_the_key_not_the_flag(
    client: TestClient, date: str, complaint: str
) -> None:
    response = client.post("/v1/notify", json={**NOTICE, "date": date})
    assert response.status_code == 400
    assert response.json() == {"error": f'"date" {date!r} {complaint}'}


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            {"extent": "entire", "parts": "Summary"},
            '"parts" lists parts of the paper, but "extent" is entire',
        ),
        (
            {"from": "Ann <ann@example.org"},
            "\"from\": 'Ann <ann@example.org' is not of the form 'Name <local@domain>'",
        ),
        (
            {"to": "editor at example.org"},
            "\"to\": 'editor at example.org' is not an e-mail address "
            "(expected local@domain)",
        ),
    ],
    ids=["parts-of-entire", "from", "to"],
)
def test_notify_invalid_values_name_their_json_keys(
    client: TestClient, body: dict[str, str], error: str
) -> None:
    response = client.post("/v1/notify", json={**NOTICE, **body})
    assert (response.status_code, response.json()) == (400, {"error": error})


SAMPLE_PAGE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "reprint.html"
)


def test_notify_prefills_from_a_checked_document(client: TestClient) -> None:
    response = client.post(
        "/v1/notify",
        json={
            "from": "Ana Editor <ana@pacificledger.example>",
            "check": {"html": SAMPLE_PAGE.read_text("utf-8")},
        },
    )
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert lines[2] == (
        "Subject: Republication of “Japan, the US Alliance and Asia” "
        "(ANU–MASI Policy Background Paper No. 1) in The Pacific Ledger"
    )
    assert "Date of republication: 15 August 2011" in lines
    assert "Extent:         the entire paper" in lines


def test_notify_values_given_override_the_checked_document(
    client: TestClient,
) -> None:
    response = client.post(
        "/v1/notify",
        json={
            "publication": "EAF",
            "date": "2012-01-02",
            "from": "Ana Editor <ana@pacificledger.example>",
            "check": {"html": SAMPLE_PAGE.read_text("utf-8")},
        },
    )
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert "Republished in: EAF" in lines
    assert "Date of republication: 2 January 2012" in lines
    assert "Extent:         the entire paper" in lines  # from the check


def test_notify_check_needs_exactly_one_document(client: TestClient) -> None:
    response = client.post("/v1/notify", json={**NOTICE, "check": {}})
    assert response.status_code == 422
    assert response.json()["error"] == (
        "body.check: give exactly one of 'html', 'markdown' or 'text'"
    )


def test_notify_unknown_field_is_422(client: TestClient) -> None:
    response = client.post("/v1/notify", json={**NOTICE, "smtp_host": "mx.example"})
    assert response.status_code == 422
    assert response.json()["error"].startswith("body.smtp_host: ")


def test_unknown_path_is_404_json(client: TestClient) -> None:
    response = client.get("/v1/fetch")
    assert response.status_code == 404
    assert response.json() == {"error": "Not Found"}


def test_openapi_documents_every_endpoint_and_both_check_bodies(
    client: TestClient,
) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/healthz",
        "/v1/check",
        "/v1/cite",
        "/v1/styles",
        "/v1/credit",
        "/v1/notify",
        "/v1/fix",
    }
    body = spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert set(body) == {"multipart/form-data", "application/json"}
    assert set(body["application/json"]["schema"]["properties"]) == {
        "html",
        "markdown",
        "text",
        "name",
        "assume_reprint",
    }
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/openapi.json" in docs.text


def test_serve_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> object:
        return None if name == "fastapi" else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the HTTP service needs FastAPI and uvicorn: "
        "pip install 'reprint[serve]'\n"
    )


def test_help_imports_neither_fastapi_nor_uvicorn() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from reprint.cli import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "CliRunner().invoke(main, ['serve', '--help'])\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'starlette') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


def test_cite_locale_is_api_cite_with_the_locale(
    client: TestClient, work: Work
) -> None:
    response = client.get(
        "/v1/cite",
        params={"style": "harvard-cite-them-right", "url": "https://x.org/",
                "accessed": "2025-05-06", "locale": "en-GB"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "(Accessed: 6 May 2025)" in response.text
    assert (
        response.text
        == api.cite(
            style="harvard-cite-them-right",
            url="https://x.org/",
            accessed="2025-05-06",
            locale="en-GB",
            work=work,
        )
        + "\n"
    )
