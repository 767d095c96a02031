"""Untrusted input never crashes a run, hangs it or loses a report (issue 14).

Each test here reproduces a finding of the reliability field report
(``field-report/turn-2/reliability``) and states what must hold instead.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reprint import pipeline
from reprint.cli import main
from reprint.formats import registry
from reprint.formats.options import ExtractOptions
from reprint.model import Document, Verdict
from reprint.pipeline import Skipped, check, check_file
from reprint.work import default_work

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample"
REPRINT = [sys.executable, "-m", "reprint"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bug_in_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that meets a bug on any file whose name holds "bug"."""
    real = registry.extract_bytes

    def extract_bytes(data: bytes, label: str, options: ExtractOptions) -> Document:
        if "bug" in Path(label).name:
            raise KeyError("a reader's bug\nsecond line")
        return real(data, label, options)

    monkeypatch.setattr(pipeline, "extract_bytes", extract_bytes)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copy(SAMPLE / "reprint.html", folder / "a-ok.html")
    shutil.copy(SAMPLE / "uncredited-reprint.html", folder / "b-bug.html")
    shutil.copy(SAMPLE / "uncredited-reprint.html", folder / "c-uncredited.html")
    return folder


# --------------------------------------------------------------------------------
# Item 1: a bug in one document is that document's report


@pytest.mark.usefixtures("bug_in_reader")
def test_a_bug_reading_a_document_is_its_report() -> None:
    report = check(b"<p>x</p>", name="bug.html")
    assert report.verdict is Verdict.UNVERIFIABLE
    [problem] = report.problems
    assert problem.code == "internal-error"
    assert "KeyError: \"a reader's bug" in problem.message
    assert "\n" not in problem.message
    assert "bug.html" in problem.message


@pytest.mark.usefixtures("bug_in_reader")
def test_a_bug_in_a_folder_file_is_its_report(site: Path) -> None:
    outcome = check_file(site / "b-bug.html", found_in=site, work=default_work())
    assert not isinstance(outcome, Skipped)
    assert [p.code for p in outcome.problems] == ["internal-error"]


def test_a_bug_judging_a_document_is_its_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import reprint.match

    def find_reuse(*args: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(reprint.match, "find_reuse", find_reuse)
    report = check(SAMPLE / "reprint.html")
    assert report.verdict is Verdict.UNVERIFIABLE
    assert report.problems[0].message.endswith("ZeroDivisionError: division by zero")


@pytest.mark.usefixtures("bug_in_reader")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_keeps_every_other_report_and_exits_70(site: Path, jobs: str) -> None:
    code, out, err = run("check", "--format", "json", "--jobs", jobs, str(site))
    assert code == 70
    reports = json.loads(out)["reports"]
    assert [Path(r["file"]).name for r in reports] == [
        "a-ok.html",
        "b-bug.html",
        "c-uncredited.html",
    ]
    assert [r["verdict"] for r in reports] == [
        "compliant",
        "unverifiable",
        "non-compliant",
    ]
    assert "internal-error" not in err  # the message, not the code, on stderr
    assert "internal error in reprint while checking" in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("bug_in_reader")
def test_a_bug_keeps_the_sarif_whole(site: Path) -> None:
    code, out, _ = run("check", "--format", "sarif", str(site))
    assert code == 70
    sarif = json.loads(out)
    assert len(sarif["runs"]) == 1


def test_a_document_over_its_cpu_budget_is_unverifiable(
    monkeypatch: pytest.MonkeyPatch, site: Path
) -> None:
    import reprint.match

    def find_reuse(work: object, blocks: object) -> object:
        end = time.process_time() + 30
        while time.process_time() < end:  # spin: only the budget can stop it
            pass
        raise AssertionError("the CPU budget did not stop the check")

    monkeypatch.setattr(reprint.match, "find_reuse", find_reuse)
    started = time.monotonic()
    code, out, err = run(
        "check", "--format", "json", "--timeout", "0.3", str(site / "a-ok.html")
    )
    assert time.monotonic() - started < 10
    assert code == 2
    [report] = json.loads(out)["reports"]
    assert report["problems"][0]["code"] == "timeout"
    assert "took more than its 0.3 s CPU-time budget" in err


def test_a_closed_pipe_ends_quietly() -> None:
    # `reprint check … | head -c 10`, made certain: the reader is gone before the
    # first byte is written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [*REPRINT, "check", "--format", "json", str(SAMPLE / "reprint.html")],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141


# --------------------------------------------------------------------------------
# Item 2: nothing found is skipped without a word


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "a-post.html"
    os.mkfifo(fifo)
    report = check(fifo)  # before: blocked for ever in open()
    assert report.verdict is Verdict.UNVERIFIABLE
    assert "a FIFO (named pipe), not a regular file" in report.problems[0].message


def test_a_fifo_in_a_folder_is_listed_as_skipped(tmp_path: Path) -> None:
    shutil.copy(SAMPLE / "uncredited-reprint.html", tmp_path / "b-post.html")
    os.mkfifo(tmp_path / "a-post.html")
    code, out, err = run("check", "--format", "json", str(tmp_path))
    assert code == 1
    payload = json.loads(out)
    assert [Path(r["file"]).name for r in payload["reports"]] == ["b-post.html"]
    [skipped] = payload["skipped"]
    assert Path(skipped["file"]).name == "a-post.html"
    assert "FIFO" in skipped["cause"]
    assert f"skipped: {tmp_path / 'a-post.html'}: is a FIFO" in err
    assert "1 checked, 1 skipped" in err


def test_a_file_no_document_in_a_folder_is_listed_as_skipped(tmp_path: Path) -> None:
    shutil.copy(SAMPLE / "reprint.html", tmp_path / "post.html")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    code, out, err = run("check", "--format", "json", str(tmp_path))
    assert code == 0
    [skipped] = json.loads(out)["skipped"]
    assert Path(skipped["file"]).name == "logo.png"
    assert "logo.png" in err


def test_a_docx_without_a_word_document_in_a_folder_is_listed_as_skipped(
    tmp_path: Path,
) -> None:
    # Apache POI's stress025.docx, a zip without word/document.xml, vanished from
    # a folder's reports with no message.
    shutil.copy(SAMPLE / "reprint.html", tmp_path / "post.html")
    with zipfile.ZipFile(tmp_path / "stress.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<styles/>")
    code, out, err = run("check", "--format", "json", str(tmp_path))
    assert code == 0
    payload = json.loads(out)
    assert [Path(r["file"]).name for r in payload["reports"]] == ["post.html"]
    [skipped] = payload["skipped"]
    assert Path(skipped["file"]).name == "stress.docx"
    assert "no word/document.xml" in skipped["cause"]
    assert "stress.docx" in err


@pytest.fixture
def outside_link(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SAMPLE / "uncredited-reprint.html", outside / "secret.html")
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copy(SAMPLE / "reprint.html", folder / "post.html")
    (folder / "linked.html").symlink_to(outside / "secret.html")
    return folder


def test_a_link_out_of_the_folder_is_not_followed(outside_link: Path) -> None:
    code, out, _ = run("check", "--format", "json", str(outside_link))
    payload = json.loads(out)
    assert [Path(r["file"]).name for r in payload["reports"]] == ["post.html"]
    assert "outside the folder" in payload["skipped"][0]["cause"]
    assert code == 0


def test_follow_links_reads_a_link_out_of_the_folder(outside_link: Path) -> None:
    code, out, _ = run("check", "--format", "json", "--follow-links", str(outside_link))
    names = [Path(r["file"]).name for r in json.loads(out)["reports"]]
    assert names == ["linked.html", "post.html"]
    assert code == 1


_AS_A_USER = [
    "setpriv",
    "--bounding-set",
    "-dac_override,-dac_read_search",
    "--inh-caps",
    "-dac_override,-dac_read_search",
]
_needs_setpriv = pytest.mark.skipif(
    shutil.which("setpriv") is None and os.geteuid() == 0,
    reason="as root, permissions apply only with setpriv dropping capabilities",
)


def _as_a_user(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    prefix = _AS_A_USER if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@_needs_setpriv
def test_unreadable_files_and_folders_are_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(SAMPLE / "uncredited-reprint.html", locked / "b.html")
    shutil.copy(SAMPLE / "reprint.html", tmp_path / "ok.html")
    locked.chmod(0)
    try:
        named = _as_a_user(
            [*REPRINT, "check", "--format", "json", "ok.html", "locked/b.html"],
            tmp_path,
        )
        found = _as_a_user([*REPRINT, "check", "--format", "json", "."], tmp_path)
    finally:
        locked.chmod(0o755)
    assert named.returncode == 2, named.stderr
    assert "Traceback" not in named.stderr
    verdicts = [r["verdict"] for r in json.loads(named.stdout)["reports"]]
    assert verdicts == ["compliant", "unverifiable"]
    assert found.returncode == 0, found.stderr
    payload = json.loads(found.stdout)
    assert [r["file"] for r in payload["reports"]] == ["ok.html"]
    assert payload["skipped"] == [
        {"file": "locked", "cause": "cannot be listed: Permission denied"}
    ]
    assert "skipped: locked: cannot be listed: Permission denied" in found.stderr


def _uncredited_with(marker: bytes, where: bytes = b"<body") -> bytes:
    page = (SAMPLE / "uncredited-reprint.html").read_bytes()
    assert where in page
    return page.replace(where, marker + where, 1)


@pytest.mark.parametrize(
    "page",
    [
        _uncredited_with(b"<!--\0-->"),
        b"\0" + _uncredited_with(b""),
        _uncredited_with(b"<title>%PDF-1.7</title>", b"</head"),
        b"<!-- %PDF-1.7 -->" + _uncredited_with(b""),
    ],
    ids=["nul-in-page", "nul-first", "pdf-in-title", "pdf-in-comment"],
)
def test_a_page_a_browser_renders_is_checked_as_one(
    tmp_path: Path, page: bytes
) -> None:
    # nul-evasion/: before, the page was "not a document" (skipped in a folder,
    # so an uncredited reprint vanished and the run said compliant) or a
    # truncated PDF; browsers render all four as the page.
    shutil.copy(SAMPLE / "reprint.html", tmp_path / "good.html")
    (tmp_path / "uncredited.html").write_bytes(page)
    code, out, _ = run("check", "--format", "json", str(tmp_path))
    verdicts = {Path(r["file"]).name: r["verdict"] for r in json.loads(out)["reports"]}
    assert verdicts == {"good.html": "compliant", "uncredited.html": "non-compliant"}
    assert code == 1


_TRANSITIONAL = "http://schemas.openxmlformats.org/"
_STRICT = "http://purl.oclc.org/ooxml/"
_STRICT_NAMESPACES = [
    ((_TRANSITIONAL + old).encode(), (_STRICT + new).encode())
    for old, new in (
        ("officeDocument/2006/relationships", "officeDocument/relationships"),
        ("wordprocessingml/2006/main", "wordprocessingml/main"),
        ("officeDocument/2006/math", "officeDocument/math"),
        (
            "officeDocument/2006/extended-properties",
            "officeDocument/extendedProperties",
        ),
        ("officeDocument/2006/docPropsVTypes", "officeDocument/docPropsVTypes"),
        ("drawingml/2006/main", "drawingml/main"),
        ("drawingml/2006/wordprocessingDrawing", "drawingml/wordprocessingDrawing"),
        ("drawingml/2006/picture", "drawingml/picture"),
    )
]


def _as_strict(docx: bytes) -> bytes:
    """A transitional DOCX rewritten as Strict Open XML by the namespace
    substitution of ISO/IEC 29500-1 (annex A), every part, relationship types too."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            for transitional, strict in _STRICT_NAMESPACES:
                data = data.replace(transitional, strict)
            target.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "name", ["python-docx-header-footer.docx", "pandoc-footnote.docx"]
)
def test_strict_open_xml_docx_is_read_as_word_reads_it(name: str) -> None:
    original = (ROOT / "fixtures" / "eval" / "docx" / name).read_bytes()
    strict = _as_strict(original)
    with zipfile.ZipFile(io.BytesIO(strict)) as package:
        main = package.read("word/document.xml")
    assert b"http://purl.oclc.org/ooxml/wordprocessingml/main" in main
    assert b"schemas.openxmlformats.org/wordprocessingml" not in main
    expected = check(original, name=name)
    report = check(strict, name=name)
    assert report.format == expected.format
    assert report.verdict is expected.verdict
    assert report.verdict is not Verdict.UNVERIFIABLE
    assert report.to_dict() == expected.to_dict()


@pytest.mark.parametrize(
    ("limit", "worded"),
    [
        ("1000000", "the file is 1.2 MiB, over the 1,000,000-byte limit"),
        ("1000", "the file is 1.2 MiB, over the 1,000-byte limit"),
        ("2097152", None),
    ],
)
def test_the_size_limit_is_worded_in_its_unit(
    tmp_path: Path, limit: str, worded: str | None
) -> None:
    # L-8: `--max-bytes 1000000` said "over the 0 MiB limit".
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"x" * (1_258_291 - 3))
    code, _, err = run("check", "--max-bytes", limit, str(page))
    if worded is None:
        assert "limit" not in err
        return
    assert code == 2
    assert worded in err
    assert "0 MiB" not in err


# --------------------------------------------------------------------------------
# --template runs in a sandbox, reading only its folder (template-ssti/)


@pytest.mark.parametrize(
    "template",
    [
        "{{ cycler.__init__.__globals__.os.popen('echo PWNED').read() }}",
        "{{ lipsum.__globals__['os'].environ.get('HOME') }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% include '../secret.txt' %}",
        "{% include 'linked.txt' %}",
    ],
    ids=["os-popen", "environ", "subclasses", "include-parent", "include-link-out"],
)
def test_a_template_reaches_nothing_outside_its_values(
    tmp_path: Path, template: str
) -> None:
    (tmp_path / "secret.txt").write_text("SECRET-OUTSIDE")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "linked.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "notice.txt.j2").write_text(template + "\n")
    (folder / "notice.html.j2").write_text("<p>{{ notice.publication }}</p>\n")
    code, out, err = run(
        "notify",
        "--template",
        str(folder),
        "--publication",
        "The Daily Example",
        "--from",
        "Ed <ed@daily.example>",
        "--to",
        "Series <series@anu.example>",
        "--url",
        "https://daily.example/post",
        "--date",
        "2026-01-02",
        "--extent",
        "entire",
    )
    assert "PWNED" not in out
    assert "SECRET-OUTSIDE" not in out
    assert os.environ.get("HOME", "/root") not in out
    assert "subclass" not in out
    assert code == 2, out
    assert err.startswith(("error: template 'notice.txt.j2'", "error: no template"))


# --------------------------------------------------------------------------------
# CLI and service polish


def test_a_style_id_too_long_for_a_file_name_is_a_usage_error() -> None:
    # L-4: OSError "File name too long", a traceback and exit 70.
    code, _, err = run("cite", "--style", "x" * 300)
    assert code == 2
    assert err.startswith("error: unknown style 'xxx")
    assert "Traceback" not in err


def test_the_service_refuses_a_long_style_id_as_json() -> None:
    from fastapi.testclient import TestClient

    from reprint.service import Settings, create_app

    with TestClient(create_app(Settings(workers=1))) as client:
        response = client.get("/v1/cite", params={"style": "x" * 300})
        assert response.status_code == 400
        assert response.json()["error"].startswith("unknown style")
        # L-10: media types are case-insensitive.
        checked = client.post(
            "/v1/check",
            content=json.dumps({"text": "A short note."}),
            headers={"content-type": "Application/JSON; charset=UTF-8"},
        )
        assert checked.status_code == 200
        assert checked.json()["reports"][0]["verdict"] == "not-a-reprint"
        # /v1/fix reads its request the same way: a short note is no reprint to fix
        # (422 with its report), not an unsupported media type (415).
        fixed = client.post(
            "/v1/fix",
            content=json.dumps({"text": "A short note."}),
            headers={"content-type": "Application/JSON; charset=UTF-8"},
        )
        assert fixed.status_code == 422
        assert fixed.json()["report"]["verdict"] == "not-a-reprint"


def test_help_lists_every_exit_status_and_v_prints_the_version() -> None:
    from reprint import __version__

    code, out, _ = run("--help")
    assert code == 0
    assert "70 a bug in reprint" in " ".join(out.split())
    code, out, _ = run("-V")
    assert code == 0
    assert out == f"reprint, version {__version__}\n"
    code, out, _ = run("check", "--help")
    assert "70 a bug in reprint" in " ".join(out.split())
    assert "[default: 300.0; x>0]" in out


# --------------------------------------------------------------------------------
# Bounded DOCX XML (big/): a 60 MiB document.xml inside every zip limit took
# 1.0 GB and 52 s; each XML part is now held to a size and a tag count.


def _docx_with_body(paragraphs: bytes) -> bytes:
    source = ROOT / "fixtures" / "eval" / "docx" / "python-docx-missing-all.docx"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target,
    ):
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                head, sep, tail = data.partition(b"<w:body>")
                data = head + sep + paragraphs + tail
            target.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("limits", "cause"),
    [
        ({"max_xml_part_bytes": 64 * 1024}, "MiB of XML, over the 65,536-byte limit"),
        ({"max_xml_part_tags": 5_000}, "holds over 5,000 tags"),
    ],
    ids=["bytes", "tags"],
)
def test_a_docx_part_over_the_xml_limits_is_refused(
    limits: dict[str, int], cause: str
) -> None:
    from dataclasses import replace

    from reprint.errors import UnsafeInputError
    from reprint.formats.registry import extract_bytes
    from reprint.limits import DEFAULT_LIMITS

    data = _docx_with_body(b"<w:p><w:r><w:t>word</w:t></w:r></w:p>" * 2_000)
    assert extract_bytes(data, "big.docx", ExtractOptions()).blocks
    options = ExtractOptions(limits=replace(DEFAULT_LIMITS, **limits))
    with pytest.raises(UnsafeInputError, match=cause):
        extract_bytes(data, "big.docx", options)


def test_the_xml_limits_hold_within_the_zip_limits() -> None:
    from reprint.limits import DEFAULT_LIMITS

    assert DEFAULT_LIMITS.max_xml_part_bytes < DEFAULT_LIMITS.max_unzipped_bytes
    assert DEFAULT_LIMITS.max_xml_part_bytes <= 16 * 1024 * 1024


def test_a_page_that_is_no_reprint_raises_no_missing_credit_alarms(
    tmp_path: Path,
) -> None:
    page = tmp_path / "news.html"
    page.write_text("<html><body><p>A news story about something else.</p></body>")
    code, out, _ = run("check", str(page))
    assert code == 0
    assert "NOT-A-REPRINT" in out
    assert "missing" not in out
    assert "credits: none required (not a reprint)" in out
