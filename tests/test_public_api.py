"""The public surface, and the promise that start-up imports no heavy backend."""

from __future__ import annotations

import subprocess
import sys

import pytest

import reprint

HEAVY = ("pypdf", "pypdfium2", "docx", "bs4", "lxml", "citeproc", "fastapi", "jinja2")


def test_public_surface_is_exactly_all() -> None:
    assert reprint.__all__ == [
        "NoticeFields",
        "__version__",
        "check",
        "cite",
        "credit_line",
        "extract",
        "fix",
        "notify",
    ]
    for name in reprint.__all__:
        assert getattr(reprint, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = reprint.nope


def _modules_after(code: str) -> set[str]:
    probe = (
        "import sys\n"
        f"{code}\n"
        "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def _cli(*args: str) -> str:
    return (
        "from reprint.cli import main\n"
        f"try:\n    main({list(args)!r})\nexcept SystemExit:\n    pass"
    )


@pytest.mark.parametrize(
    "code",
    [_cli("--help"), _cli("check", "--help"), _cli("cite"), "import reprint"],
    ids=["help", "check-help", "default-cite", "import"],
)
def test_start_up_imports_no_backend(code: str) -> None:
    loaded = _modules_after(code)
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_public_names_are_the_api_functions_whatever_was_imported_first() -> None:
    # A subpackage named like a public function would shadow it once imported.
    code = (
        "import reprint.formats.html.reader, reprint.notice\n"
        "from reprint import api, check, extract, notify\n"
        "print(extract is api.extract, check is api.check, notify is api.notify)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    # api re-exports the pipeline's functions: the same objects, whatever module
    # defines them.
    assert result.stdout.split() == ["True"] * 3


def test_what_notify_takes_is_public_and_drafts_without_other_imports() -> None:
    fields = reprint.NoticeFields.from_options(
        publication="The Ledger",
        date="2011-08-15",
        extent="entire",
        sender="ann@ledger.example",
    )
    draft = reprint.notify(fields)
    assert draft.subject.endswith("in The Ledger")
    assert draft.sender.address == "ann@ledger.example"
