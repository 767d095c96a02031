"""What the service refuses before an endpoint runs: Host, CORS, JSON structure,
and JSON error bodies for every failure (through FastAPI's TestClient)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import MutableMapping

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from reprint import api
from reprint.errors import UnsafeInputError
from reprint.http_guard import HostCheck, JsonBounds, check_json_bounds, host_name
from reprint.service import LOOPBACK_HOSTS, Settings, create_app

BOUNDS = JsonBounds()


def unknown_keys_body(keys: int) -> bytes:
    """The field report's body: one object of ``keys`` unknown keys (M-2)."""
    return b"{" + b",".join(b'"k%d":1' % i for i in range(keys)) + b"}"


# Without `with`, the TestClient runs no lifespan, so no worker process starts:
# these tests never check a document.
@pytest.fixture(scope="module")
def app_client() -> TestClient:
    settings = Settings(workers=1, allowed_hosts=(*LOOPBACK_HOSTS, "cms.example"))
    return TestClient(
        create_app(settings), base_url="http://localhost", raise_server_exceptions=False
    )


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("localhost", 200),
        ("localhost:8000", 200),
        ("LOCALHOST.", 200),  # names are case-insensitive; a final dot is the root
        ("127.0.0.1:8000", 200),
        ("[::1]:8000", 200),
        ("cms.example", 200),
        ("evil.example", 400),
        ("localhost.evil.example", 400),
        ("127.0.0.1.nip.io", 400),
        ("[::2]", 400),
        ("localhost:8000:1", 400),
    ],
)
def test_host_header_is_checked_against_the_allowed_names(
    app_client: TestClient, host: str, status: int
) -> None:
    response = app_client.get("/healthz", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert response.json() == {
            "error": f"host {host!r} is not one this service answers to "
            "(reprint serve --allowed-hosts)"
        }


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Example.ORG:443", "example.org"),
        ("[::1]", "::1"),
        ("[::1]:80", "::1"),
        ("a:b:c", None),
        ("[::1", None),
        ("", None),
    ],
)
def test_host_name_drops_the_port_and_brackets(header: str, name: str | None) -> None:
    assert host_name(header) == name


def test_any_host_is_answered_without_a_host_check() -> None:
    client = TestClient(create_app(Settings(workers=1)))  # Host: testserver
    assert client.get("/healthz").status_code == 200


def test_no_cors_header_is_sent_by_default(app_client: TestClient) -> None:
    origin = {"origin": "https://cms.example"}
    response = app_client.get("/v1/credit", headers=origin)
    assert response.status_code == 200
    assert not [h for h in response.headers if h.startswith("access-control-")]
    preflight = app_client.options(
        "/v1/check", headers={**origin, "access-control-request-method": "POST"}
    )
    assert preflight.status_code == 405
    assert preflight.json() == {"error": "Method Not Allowed"}
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_the_origins_given_and_no_other() -> None:
    settings = Settings(workers=1, cors_origins=("https://cms.example",))
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    allowed = client.get("/v1/credit", headers={"origin": "https://cms.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://cms.example"
    other = client.get("/v1/credit", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = client.options(
        "/v1/check",
        headers={
            "origin": "https://evil.example",
            "access-control-request-method": "POST",
        },
    )
    # Starlette refuses it in text/plain; the service answers JSON.
    assert (preflight.status_code, preflight.json()) == (
        400,
        {"error": "Disallowed CORS origin"},
    )
    assert preflight.headers["content-type"] == "application/json"


def test_a_bug_in_an_endpoint_is_500_json(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "credit_line", broken)
    response = app_client.get("/v1/credit")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "error": "internal error in reprint (a bug; please report it)"
    }


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/v1/nothing", 404), ("DELETE", "/v1/check", 405)],
)
def test_routing_errors_are_json(
    app_client: TestClient, method: str, path: str, status: int
) -> None:
    response = app_client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"error"}


@pytest.mark.parametrize("path", ["/v1/check", "/v1/fix", "/v1/notify"])
def test_a_body_of_a_million_unknown_keys_is_refused_at_once(
    app_client: TestClient, path: str
) -> None:
    body = unknown_keys_body(1_300_000)  # 15.8 MB, within the upload limit
    started = time.monotonic()
    response = app_client.post(
        path, content=body, headers={"content-type": "application/json"}
    )
    elapsed_s = time.monotonic() - started
    assert (response.status_code, response.json()) == (
        413,
        {"error": "the JSON body has more than 128 keys and items"},
    )
    # Validating it took pydantic 19 s here; refusing it is the body's transfer.
    assert elapsed_s < 5


def test_notify_takes_json_only(app_client: TestClient) -> None:
    response = app_client.post(
        "/v1/notify", content=b"publication=x", headers={"content-type": "text/plain"}
    )
    assert (response.status_code, response.json()) == (
        415,
        {"error": "cannot read a text/plain: send application/json"},
    )


def test_openapi_documents_the_notify_body_with_no_dangling_reference(
    app_client: TestClient,
) -> None:
    spec = app_client.get("/openapi.json").json()
    body = spec["paths"]["/v1/notify"]["post"]["requestBody"]["content"]
    schema = body["application/json"]["schema"]
    assert {"publication", "from", "to", "check"} <= set(schema["properties"])
    assert "#/$defs/" not in json.dumps(spec)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"[" * 9 + b"]" * 9, "the JSON body nests deeper than 8 levels"),
        (b'{"a": ' + b"1" * 65 + b"}", "the JSON body has a number over 64 characters"),
        (b"[" + b"0," * 129 + b"0]", "the JSON body has more than 128 keys and items"),
    ],
    ids=["depth", "number", "items"],
)
def test_json_over_a_bound_is_refused_naming_it(raw: bytes, error: str) -> None:
    with pytest.raises(UnsafeInputError, match=f"^{error}$"):
        check_json_bounds(raw, BOUNDS)


def test_separators_inside_strings_are_not_counted() -> None:
    page = "<p style='a: b; c: d'>" + '"x": 1, "y": [2, 3], {}' * 50_000 + "</p>"
    check_json_bounds(json.dumps({"html": page, "name": "a,b:c"}).encode(), BOUNDS)


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _members(value: object) -> int:
    """What the bound counts: each key's colon and each separating comma."""
    if isinstance(value, dict):
        return 2 * len(value) - (1 if value else 0) + sum(map(_members, value.values()))
    if isinstance(value, list):
        return max(len(value) - 1, 0) + sum(map(_members, value))
    return 0


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=12) | st.dictionaries(st.text(), inner),
    max_leaves=60,
)


@given(value=JSON_VALUES, indent=st.sampled_from([None, 1]))
def test_a_json_body_is_refused_exactly_when_its_structure_is_over_a_bound(
    value: object, indent: int | None
) -> None:
    bounds = JsonBounds(max_depth=4, max_members=30)
    raw = json.dumps(value, indent=indent).encode()
    is_over = _depth(value) > bounds.max_depth or _members(value) > bounds.max_members
    if is_over:
        with pytest.raises(UnsafeInputError):
            check_json_bounds(raw, bounds)
    else:
        check_json_bounds(raw, bounds)


def test_a_request_without_a_host_header_is_400() -> None:
    async def app(scope: object, receive: object, send: object) -> None:
        raise AssertionError("the request reached the app")

    sent: list[MutableMapping[str, object]] = []

    async def send(message: MutableMapping[str, object]) -> None:
        sent.append(message)

    async def receive() -> MutableMapping[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope: MutableMapping[str, object] = {"type": "http", "headers": []}
    asyncio.run(HostCheck(app, LOOPBACK_HOSTS)(scope, receive, send))
    start, body = sent
    assert start["status"] == 400
    assert json.loads(body["body"]) == {  # type: ignore[arg-type]
        "error": "a request without a Host header is not answered "
        "(reprint serve --allowed-hosts)"
    }
