"""A real ``reprint serve`` process on a loopback port under a bounded, mixed load."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
from posts import UNRELATED_TEXT, post_html, post_markdown

from reprint import api
from reprint.work import Work, default_work

REQUESTS = 200
CONCURRENCY = 8
STARTUP_S = 30.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reprint",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--timeout-s",
                "20",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    children: list[psutil.Process] = []
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert process.poll() is None, log.read_text("utf-8", "replace")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "reprint serve did not start in time"
            time.sleep(0.1)
        children = psutil.Process(process.pid).children(recursive=True)
        yield Server(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        # Its worker processes end with it, whichever way it stopped.
        _, alive = psutil.wait_procs(children, timeout=10)
        for child in alive:
            child.kill()
        assert alive == []


@dataclass(frozen=True, slots=True)
class Call:
    """One kind of request and what a correct answer to it is."""

    name: str
    send: Callable[[httpx.Client], httpx.Response]
    is_correct: Callable[[httpx.Response], bool]


def _verdict(response: httpx.Response) -> str | None:
    if response.status_code != 200:
        return None
    verdict: str = response.json()["reports"][0]["verdict"]
    return verdict


def _calls(work: Work) -> list[Call]:
    credited = post_html(work, is_credited=True)
    uncredited = post_markdown(work, is_credited=False).encode()
    credit = api.credit_line("text", work=work) + "\n"
    citation = api.cite(style="apa", work=work) + "\n"
    return [
        Call(
            "check-json-compliant",
            lambda c: c.post("/v1/check", json={"html": credited}),
            lambda r: _verdict(r) == "compliant",
        ),
        Call(
            "check-upload-non-compliant",
            lambda c: c.post("/v1/check", files={"file": ("post.md", uncredited)}),
            lambda r: _verdict(r) == "non-compliant",
        ),
        Call(
            "check-not-a-reprint",
            lambda c: c.post("/v1/check", json={"text": UNRELATED_TEXT}),
            lambda r: _verdict(r) == "not-a-reprint",
        ),
        Call(
            "check-unreadable",
            lambda c: c.post("/v1/check", files={"file": ("x.bin", b"\x00\xff" * 64)}),
            lambda r: _verdict(r) == "unverifiable",
        ),
        Call(
            "credit",
            lambda c: c.get("/v1/credit"),
            lambda r: r.status_code == 200 and r.text == credit,
        ),
        Call(
            "cite",
            lambda c: c.get("/v1/cite", params={"style": "apa"}),
            lambda r: r.status_code == 200 and r.text == citation,
        ),
        Call(
            "invalid",
            lambda c: c.post("/v1/check", json={"html": "a", "text": "b"}),
            lambda r: r.status_code == 422 and "error" in r.json(),
        ),
        Call(
            "healthz",
            lambda c: c.get("/healthz"),
            lambda r: r.status_code == 200 and r.json()["status"] == "ok",
        ),
    ]


@pytest.mark.slow
def test_real_server_answers_a_mixed_load_correctly_and_stays_healthy(
    server: Server,
) -> None:
    calls = _calls(default_work())
    plan = [calls[i % len(calls)] for i in range(REQUESTS)]

    with httpx.Client(base_url=server.url, timeout=30) as client:

        def run(call: Call) -> str | None:
            response = call.send(client)
            if call.is_correct(response):
                return None
            return f"{call.name}: {response.status_code} {response.text[:200]}"

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            failures = [f for f in pool.map(run, plan) if f is not None]
        elapsed_s = time.monotonic() - started

        assert failures == []
        assert elapsed_s < 45
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["workers"] == 2
    assert server.process.poll() is None
    # Every request was logged as answered, none as an error.
    lines = server.log.read_text("utf-8", "replace").splitlines()
    access = [line for line in lines if '"POST /v1/' in line or '"GET /' in line]
    assert len(access) >= REQUESTS
    assert not [line for line in lines if "Traceback" in line or " 500 " in line]
    assert json.loads(health.text)["status"] == "ok"
