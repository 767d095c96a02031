"""``POST /v1/fix`` and the offline ``/docs`` through FastAPI's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reprint import api
from reprint.service import Settings, create_app

EVAL = Path(__file__).resolve().parents[2] / "fixtures" / "eval"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(max_upload_bytes=1024 * 1024, timeout_s=20.0, workers=1)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_json_html_comes_back_fixed_under_its_key_with_the_recheck(
    client: TestClient,
) -> None:
    html = (EVAL / "html" / "wp-missing-all.html").read_text("utf-8")
    response = client.post("/v1/fix", json={"html": html, "name": "post.html"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"changed", "html", "report"}
    assert body["changed"] is True
    assert body["report"]["verdict"] == "compliant"
    # The report is /v1/check's for the corrected document.
    check = client.post("/v1/check", json={"html": body["html"], "name": "post.html"})
    assert body["report"] == check.json()["reports"][0]
    assert body["html"].startswith(html[: html.index("</ol>")])


def test_json_compliant_markdown_is_unchanged(client: TestClient) -> None:
    markdown = (EVAL / "md" / "pandoc-entire.md").read_text("utf-8")
    response = client.post("/v1/fix", json={"markdown": markdown})
    assert response.status_code == 200
    body = response.json()
    assert body["changed"] is False
    assert body["markdown"] == markdown
    assert body["report"]["verdict"] == "compliant"


def test_uploaded_docx_comes_back_as_a_fixed_docx(client: TestClient) -> None:
    data = (EVAL / "docx" / "python-docx-missing-all.docx").read_bytes()
    response = client.post("/v1/fix", files={"file": ("paper.docx", data, DOCX)})
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX
    assert response.headers["x-reprint-changed"] == "true"
    assert response.headers["x-reprint-verdict"] == "compliant"
    assert api.check(response.content, name="paper.docx").verdict.value == ("compliant")


def test_misattribution_is_422_with_the_report(client: TestClient) -> None:
    html = (EVAL / "html" / "wp-misattr-ford.html").read_text("utf-8")
    response = client.post("/v1/fix", json={"html": html, "name": "ford.html"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith(
        "'ford.html' was not fixed: the MacArthur Foundation is misattributed "
        "(another foundation)"
    )
    assert body["report"]["credits"]["macarthur"]["status"] == "misattributed"


def test_empty_document_is_422_with_the_unverifiable_report(
    client: TestClient,
) -> None:
    response = client.post("/v1/fix", json={"html": ""})
    assert response.status_code == 422
    body = response.json()
    assert body["error"].startswith("'document.html' was not fixed: it cannot be read")
    assert body["report"]["verdict"] == "unverifiable"


def test_fix_of_another_media_type_is_415(client: TestClient) -> None:
    response = client.post(
        "/v1/fix", content=b"x", headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_load_every_asset_from_the_service_itself(
    client: TestClient, page: str
) -> None:
    response = client.get(page)
    assert response.status_code == 200
    urls = re.findall(r"""(?:src|href|spec-url)=["']([^"']+)["']""", response.text)
    urls += re.findall(r"""\burl: ?["']([^"']+)["']""", response.text)
    assert urls
    assert not re.search(r"https?://", response.text)
    for url in urls:
        assert url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
    assert any(url.endswith(".js") for url in urls)
    assert "/openapi.json" in urls
