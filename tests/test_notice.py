"""Drafting the notice to the series editor: fields, drafts, templates, messages."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import tomllib
import zipfile
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from reprint import api
from reprint.errors import (
    InputError,
    NonCompliantCopyError,
    TemplateError,
    UsageError,
)
from reprint.fields import parse_date
from reprint.model import (
    CreditFinding,
    CreditStatus,
    Extent,
    Format,
    Location,
    Passage,
    Problem,
    ProblemCode,
    Publication,
    Report,
    ReuseFinding,
    Verdict,
)
from reprint.notice import (
    NO_RECIPIENT_NOTE,
    EmailDraft,
    Mailbox,
    Notice,
    NoticeFields,
    NoticeFormat,
    Prefill,
    build_message,
    default_template_dir,
    draft_notice,
    format_draft,
)
from reprint.notice.drafting import HTML_TEMPLATE, TEXT_TEMPLATE, _environment
from reprint.work import Work

GOLDENS = Path(__file__).resolve().parent / "goldens" / "notify"
CASES = sorted(GOLDENS.glob("*.toml"))
DATE = dt.datetime(2024, 5, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=10)))
MESSAGE_ID = "<notice-1@example.org>"


def fields_from_case(path: Path) -> NoticeFields:
    raw = tomllib.loads(path.read_text("utf-8"))
    return NoticeFields.from_options(
        publication=raw.get("publication"),
        url=raw.get("url"),
        edition=raw.get("edition"),
        date=raw.get("date"),
        extent=raw.get("extent"),
        parts=raw.get("parts"),
        credit=raw.get("credit"),
        sender=raw.get("from"),
        recipient=raw.get("to"),
    )


def sample_fields(**changes: str) -> NoticeFields:
    options = {
        "publication": "East Asia Forum",
        "date": "2024-05-01",
        "extent": "entire",
        "sender": "Zoë Ångström <zoe@example.org>",
        **changes,
    }
    return NoticeFields.from_options(**options)


def draft(work: Work, **changes: str) -> EmailDraft:
    return draft_notice(sample_fields(**changes).complete(), work)


# --- golden drafts -----------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
@pytest.mark.parametrize(
    ("output", "suffix"),
    [(NoticeFormat.TEXT, ".txt"), (NoticeFormat.HTML, ".html")],
    ids=["text", "html"],
)
def test_draft_matches_golden(
    case: Path, output: NoticeFormat, suffix: str, work: Work, update_goldens: bool
) -> None:
    drafted = draft_notice(fields_from_case(case).complete(), work)
    rendered = format_draft(drafted, output) + "\n"
    golden = case.with_suffix(suffix)
    if update_goldens:
        golden.write_text(rendered, "utf-8")
    assert rendered == golden.read_text("utf-8")


def test_every_golden_case_has_both_outputs() -> None:
    assert CASES, "no golden cases found"
    for case in CASES:
        assert case.with_suffix(".txt").is_file(), case
        assert case.with_suffix(".html").is_file(), case


def test_editor_is_addressed_by_name_and_affiliation_from_the_work(work: Work) -> None:
    text = draft(work).text
    assert text.startswith(
        "\n".join(work.editor.title_lines) + "\n\nDear David Envall,"
    )
    assert "The Australian National University" in work.editor.affiliation


def test_no_address_is_invented_for_the_editor(work: Work) -> None:
    drafted = draft(work)
    assert work.editor.email == ""
    assert drafted.recipient is None
    assert not drafted.has_recipient
    assert f"To: ({NO_RECIPIENT_NOTE})" in format_draft(drafted, NoticeFormat.TEXT)


def test_bare_recipient_address_is_named_after_the_editor(work: Work) -> None:
    drafted = draft(work, recipient="ed@example.org")
    assert drafted.recipient == Mailbox("David Envall", "ed@example.org")


def test_script_in_publication_name_is_escaped_in_html_only(work: Work) -> None:
    drafted = draft(work, publication="<script>alert(1)</script>")
    assert "<script>" not in drafted.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in drafted.html
    assert "Republished in: <script>alert(1)</script>" in drafted.text


def test_part_from_a_check_gives_words_share_and_paragraphs(work: Work) -> None:
    fields = replace(
        sample_fields(),
        extent=Extent.PART,
        parts=("paragraphs 4–9", "paragraph 12"),
        words=412,
        share=0.231,
    )
    drafted = draft_notice(fields.complete(), work)
    assert "part of the paper: 412 words (23 % of its text)\n" in drafted.text
    assert "paragraphs 4–9; paragraph 12\n" in drafted.text
    assert "412 words (23 % of its text)<br>paragraphs 4–9; paragraph 12" in (
        drafted.html
    )


def test_html_part_fits_a_phone_without_a_table(work: Work) -> None:
    html = draft(work).html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        html
    )
    assert "<table" not in html
    assert "max-width:600px" in html


def test_notice_without_a_credit_says_not_stated(work: Work) -> None:
    drafted = draft_notice(replace(sample_fields(), credit=None).complete(), work)
    assert "Credit as printed: not stated\n" in drafted.text
    assert "(not given)" not in drafted.text + drafted.html


def test_subject_names_paper_and_publication(work: Work) -> None:
    assert draft(work).subject == (
        "Republication of “Japan, the US Alliance and Asia” "
        "(ANU–MASI Policy Background Paper No. 1) in East Asia Forum"
    )


# --- fields: parsing, validation, merging ------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zoë Ångström <zoe@example.org>", Mailbox("Zoë Ångström", "zoe@example.org")),
        ("zoe@example.org", Mailbox("", "zoe@example.org")),
        ("  <zoe@example.org> ", Mailbox("", "zoe@example.org")),
        # A quoted name may hold a comma, which would otherwise split addresses.
        (
            '"Ångström, Zoë" <zoe@example.org>',
            Mailbox("Ångström, Zoë", "zoe@example.org"),
        ),
    ],
    ids=["name-addr", "bare", "angle-only", "quoted-comma"],
)
def test_mailbox_parses_name_and_address(text: str, expected: Mailbox) -> None:
    assert Mailbox.from_header(text) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("zoe", "not an e-mail address (expected local@domain)"),
        ("zoe@", "not an e-mail address (expected local@domain)"),
        ("@example.org", "not an e-mail address (expected local@domain)"),
        ("a b@example.org", "not an e-mail address"),
        ("a@example.org, b@example.org", "not an e-mail address"),
        ("Zoë <zoe@example.org", "is not of the form 'Name <local@domain>'"),
        ("zoë@example.org", "is not ASCII"),
        # Header injection: a second header smuggled in through a name or address.
        ("Zoë\r\nBcc: x@evil.example <zoe@example.org>", "control character (U+000D)"),
        ("Zoë <zoe@example.org>\nBcc: x@evil.example", "control character (U+000A)"),
        (
            "Zoë\u2028Bcc: x@evil.example <zoe@example.org>",
            "control character (U+2028)",
        ),
        ("Zoë\x00 <zoe@example.org>", "control character (U+0000)"),
    ],
    ids=[
        "no-at",
        "no-domain",
        "no-local",
        "space",
        "two-addresses",
        "unclosed",
        "non-ascii",
        "crlf-in-name",
        "lf-after-address",
        "line-separator",
        "nul",
    ],
)
def test_mailbox_refuses_bad_addresses(text: str, complaint: str) -> None:
    with pytest.raises(UsageError, match=r"^--to: ") as caught:
        Mailbox.from_header(text, "--to")
    assert complaint in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "publication",
    ["Forum\r\nBcc: x@evil.example", "Forum\nX-Evil: 1", "Forum\x1b[31m"],
    ids=["crlf", "lf", "escape"],
)
def test_control_characters_in_publication_are_refused(publication: str) -> None:
    with pytest.raises(
        UsageError, match=r"^publication contains a control character"
    ) as caught:
        sample_fields(publication=publication)
    assert caught.value.field == "publication"


def test_notice_built_directly_still_refuses_header_injection() -> None:
    sender = Mailbox("Zoë", "zoe@example.org")
    with pytest.raises(UsageError, match="publication name contains a control"):
        Notice(
            "Forum\r\nBcc: x@evil.example", dt.date(2024, 5, 1), Extent.ENTIRE, sender
        )


def test_subject_with_control_characters_is_refused() -> None:
    sender = Mailbox("", "zoe@example.org")
    with pytest.raises(UsageError, match="subject contains a control character"):
        EmailDraft(sender, None, "Hi\r\nBcc: x@evil.example", "text", "<p>html</p>")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2024-05-01", dt.date(2024, 5, 1)), (" 2024-02-29 ", dt.date(2024, 2, 29))],
    ids=["plain", "padded-leap-day"],
)
def test_date_is_read_as_yyyy_mm_dd(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("2024-5-1", "is not a date in the form YYYY-MM-DD"),
        ("01/05/2024", "is not a date in the form YYYY-MM-DD"),
        # fromisoformat alone would accept this basic form; the option does not.
        ("20240501", "is not a date in the form YYYY-MM-DD"),
        ("2023-02-29", "is not a real day"),
        ("2024-13-01", "is not a real day"),
    ],
    ids=["unpadded", "slashes", "basic-format", "not-leap", "month-13"],
)
def test_malformed_dates_are_refused(text: str, complaint: str) -> None:
    with pytest.raises(UsageError, match=f"^date '{text}' {complaint}") as caught:
        parse_date(text)
    assert caught.value.field == "date"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "/2024/05/article", "ftp://example.org/a", "https://"],
    ids=["javascript", "relative", "ftp", "no-host"],
)
def test_only_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(UsageError, match="is not an http\\(s\\) URL"):
        sample_fields(url=url)


def test_parts_imply_a_partial_reprint() -> None:
    fields = NoticeFields.from_options(parts=" Summary ;; Section 2; ")
    assert fields.extent is Extent.PART
    assert fields.parts == ("Summary", "Section 2")


def test_parts_with_entire_extent_are_refused() -> None:
    with pytest.raises(UsageError) as caught:
        NoticeFields.from_options(extent="entire", parts="Summary")
    assert str(caught.value) == "parts lists parts of the paper, but extent is entire"
    assert caught.value.fields == ("parts", "extent")


def test_missing_fields_are_named_in_one_message() -> None:
    fields = NoticeFields.from_options(extent="entire", sender="zoe@example.org")
    assert fields.missing == ("publication", "date")
    with pytest.raises(UsageError) as caught:
        fields.complete()
    assert str(caught.value) == (
        "missing publication, date; give them, or pre-fill them with from_check"
    )
    assert caught.value.fields == ("publication", "date", "from_check")


def test_explicit_values_override_prefilled_ones() -> None:
    prefilled = NoticeFields(
        publication="From the page",
        url="https://page.example/a",
        published=dt.date(2024, 1, 1),
        extent=Extent.PART,
        parts=("Summary",),
        credit="Page credit",
    )
    explicit = NoticeFields.from_options(publication="Typed", extent="entire")
    merged = prefilled.overriding(explicit)
    assert merged.publication == "Typed"
    assert merged.url == "https://page.example/a"
    assert merged.published == dt.date(2024, 1, 1)
    assert merged.credit == "Page credit"
    # --extent entire wins, and the parts found for a partial reprint go with it.
    assert merged.extent is Extent.ENTIRE
    assert merged.parts == ()


# --- pre-filling from a check report -------------------------------------------


def passage(*sections: str, paragraphs: tuple[int, int] = (1, 2)) -> Passage:
    return Passage(
        words=60,
        doc_start=Location(paragraph=1),
        doc_end=Location(paragraph=2),
        paragraphs=paragraphs,
        sections=sections,
        excerpt="Japan's alliance with the US",
    )


def report(
    *,
    extent: Extent = Extent.PART,
    passages: tuple[Passage, ...] = (),
    publication: Publication | None = None,
    credits: tuple[CreditFinding, ...] = (),
) -> Report:
    return Report(
        file="article.html",
        format=Format.HTML,
        verdict=Verdict.COMPLIANT,
        reprint=ReuseFinding(extent=extent, coverage=0.4, passages=passages),
        credits=credits,
        publication=publication or Publication(),
    )


def test_report_prefills_publication_url_date_parts_and_credit() -> None:
    found = report(
        passages=(
            passage("Summary", "Introduction"),
            passage("Introduction", "Asia", paragraphs=(7, 7)),
            passage("Asia", paragraphs=(9, 12)),
        ),
        publication=Publication(
            title="Japan and the alliance | East Asia Forum",
            site_name="East  Asia\nForum",
            url="https://www.eastasiaforum.org/2024/05/01/japan/",
            published="2024-05-01T23:30:00-05:00",
        ),
        credits=(
            CreditFinding("author", "author", CreditStatus.PRESENT, "Rikki  Kersten"),
            CreditFinding("dept", "dept", CreditStatus.PRESENT, "Rikki Kersten"),
            CreditFinding("macarthur", "mac", CreditStatus.HIDDEN, "MacArthur"),
            CreditFinding("anu", "anu", CreditStatus.PRESENT, "the ANU"),
        ),
    )
    assert NoticeFields.from_report(found) == NoticeFields(
        publication="East Asia Forum",
        url="https://www.eastasiaforum.org/2024/05/01/japan/",
        # The date as the page gives it, not moved to another time zone.
        published=dt.date(2024, 5, 1),
        extent=Extent.PART,
        # The paper prints no section labels: its paragraphs, words and share.
        parts=("paragraphs 1–2", "paragraph 7", "paragraphs 9–12"),
        words=180,
        share=0.4,
        # Only visible credits, each once, as printed.
        credit="Rikki Kersten; the ANU",
    )


def test_report_values_a_notice_cannot_use_are_left_out() -> None:
    found = report(
        extent=Extent.NONE,
        publication=Publication(
            title="Newsletter, Winter 2024",
            url="/posts/japan",
            published="Winter 2024",
        ),
    )
    assert NoticeFields.from_report(found) == NoticeFields(
        publication="Newsletter, Winter 2024"
    )


def test_report_of_entire_reprint_prefills_entire_without_parts() -> None:
    found = report(extent=Extent.ENTIRE, passages=(passage("Summary"),))
    fields = NoticeFields.from_report(found)
    assert fields.extent is Extent.ENTIRE
    assert fields.parts == ()


def test_prefill_warns_of_problems_and_a_verdict_short_of_compliant() -> None:
    found = replace(
        report(extent=Extent.ENTIRE, publication=Publication(site_name="EAF")),
        verdict=Verdict.UNVERIFIABLE,
        problems=(
            Problem(ProblemCode.FORMAT_MISMATCH, "named .pdf but is HTML"),
            Problem(ProblemCode.NO_TEXT, "page.html: image only"),
        ),
    )
    prefill = Prefill.from_report(found, "page.html")
    assert prefill.fields == NoticeFields(publication="EAF", extent=Extent.ENTIRE)
    assert prefill.warnings == (
        "page.html: named .pdf but is HTML",
        "page.html: image only",
        "page.html: the check's verdict is unverifiable",
    )


def test_prefill_of_a_non_compliant_copy_refuses_naming_the_credits_it_lacks() -> None:
    # A byline is no credit: the notice must not quote it as the credit printed.
    found = replace(
        report(
            extent=Extent.ENTIRE,
            credits=(
                CreditFinding("author", "the author", CreditStatus.PRESENT, "Kersten"),
                CreditFinding("anu_ir", "the department", CreditStatus.MISSING),
                CreditFinding(
                    "macarthur",
                    "the MacArthur Foundation",
                    CreditStatus.HIDDEN,
                    "MacArthur Foundation",
                    why="only in text no reader sees (display-none)",
                ),
            ),
        ),
        verdict=Verdict.NON_COMPLIANT,
    )
    with pytest.raises(NonCompliantCopyError) as caught:
        Prefill.from_report(found, "page.html")
    message = str(caught.value)
    assert "page.html is non-compliant" in message
    assert "the department missing" in message
    assert (
        "the MacArthur Foundation hidden (only in text no reader sees (display-none))"
        in message
    )
    assert "the author" not in message
    assert caught.value.exit_code == 1


def test_prefill_from_an_unread_document_is_an_input_error_naming_its_field() -> None:
    unread = replace(
        report(),
        format=None,
        problems=(Problem("unreadable", "cannot read 'gone.html': no such file"),),
    )
    with pytest.raises(InputError) as caught:
        Prefill.from_report(unread, "gone.html")
    assert caught.value.worded(lambda name: f"--{name.replace('_', '-')}") == (
        "--from-check: cannot read 'gone.html': no such file"
    )


# --- templates -----------------------------------------------------------------


def write_templates(folder: Path, text: str = "T {{ notice.publication }}\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TEXT_TEMPLATE).write_text(text, "utf-8")
    (folder / HTML_TEMPLATE).write_text("<p>{{ notice.publication }}</p>\n", "utf-8")
    return folder


def test_installed_templates_are_found_inside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "reprint"
    write_templates(package / "templates")
    checkout = write_templates(tmp_path / "checkout" / "templates").parent
    found = default_template_dir(package=package, checkout=checkout)
    assert found == package / "templates"


def test_zipped_installed_templates_are_read_through_importlib(
    tmp_path: Path, work: Work
) -> None:
    archive = tmp_path / "reprint.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(
            f"reprint/templates/{TEXT_TEMPLATE}", "zipped {{ sender.name }}"
        )
        bundle.writestr(
            f"reprint/templates/{HTML_TEMPLATE}", "<b>{{ sender.name }}</b>"
        )
    package = zipfile.Path(archive, "reprint/")
    found = default_template_dir(package=package, checkout=tmp_path / "nowhere")
    drafted = draft_notice(sample_fields().complete(), work, found)
    assert (drafted.text, drafted.html) == (
        "zipped Zoë Ångström",
        "<b>Zoë Ångström</b>",
    )


def test_dev_checkout_templates_are_used_when_package_has_none(tmp_path: Path) -> None:
    package = tmp_path / "src" / "reprint"
    package.mkdir(parents=True)
    checkout = write_templates(tmp_path / "templates").parent
    assert default_template_dir(package=package, checkout=checkout) == checkout / (
        "templates"
    )


def test_missing_templates_everywhere_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="e-mail templates are missing"):
        default_template_dir(package=tmp_path / "pkg", checkout=tmp_path / "co")


def test_this_installation_finds_its_templates() -> None:
    root = default_template_dir()
    assert root.joinpath(TEXT_TEMPLATE).is_file()
    assert root.joinpath(HTML_TEMPLATE).is_file()


def test_template_dir_overrides_packaged_templates(tmp_path: Path, work: Work) -> None:
    folder = write_templates(tmp_path / "mine")
    drafted = api.notify(sample_fields(publication="A & B"), work=work, template=folder)
    # Autoescaping applies to the HTML template only.
    assert (drafted.text, drafted.html) == ("T A & B\n", "<p>A &amp; B</p>\n")


def test_undefined_variable_is_a_one_line_template_error(
    tmp_path: Path, work: Work
) -> None:
    folder = write_templates(tmp_path / "t", "{{ notice.no_such_field }}\n")
    with pytest.raises(TemplateError) as caught:
        draft_notice(sample_fields().complete(), work, folder)
    assert str(caught.value) == (
        f"template '{TEXT_TEMPLATE}' in '{folder}': "
        "'reprint.notice.values.Notice object' has no attribute 'no_such_field'"
    )


def test_missing_template_is_a_template_error(tmp_path: Path, work: Work) -> None:
    folder = tmp_path / "only-text"
    folder.mkdir()
    (folder / TEXT_TEMPLATE).write_text("x", "utf-8")
    with pytest.raises(TemplateError) as caught:
        draft_notice(sample_fields().complete(), work, folder)
    assert str(caught.value) == f"no template '{HTML_TEMPLATE}' in '{folder}'"


def test_template_syntax_error_names_the_line(tmp_path: Path, work: Work) -> None:
    folder = write_templates(tmp_path / "t", "ok\n{% if %}\n")
    with pytest.raises(TemplateError, match=f"'{TEXT_TEMPLATE}' in .*, line 2: "):
        draft_notice(sample_fields().complete(), work, folder)


def test_nonexistent_template_dir_is_a_template_error(
    tmp_path: Path, work: Work
) -> None:
    with pytest.raises(TemplateError, match=r"template folder '.*nope' does not exist"):
        draft_notice(sample_fields().complete(), work, tmp_path / "nope")


def test_one_environment_per_template_dir(tmp_path: Path) -> None:
    first = write_templates(tmp_path / "a")
    second = write_templates(tmp_path / "b")
    assert _environment(first) is _environment(Path(str(first)))
    assert _environment(first) is not _environment(second)


# --- the message -------------------------------------------------------------


def parse(message: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_message_round_trips_headers_parts_and_non_ascii_names(work: Work) -> None:
    drafted = draft(work, recipient="Dávid Envall <ed@example.org>")
    parsed = parse(build_message(drafted, date=DATE, message_id=MESSAGE_ID))
    assert parsed["From"] == "Zoë Ångström <zoe@example.org>"
    assert parsed["To"] == "Dávid Envall <ed@example.org>"
    assert parsed["From"].addresses[0].display_name == "Zoë Ångström"
    assert parsed["Subject"] == drafted.subject
    assert parsed["Date"].datetime == DATE
    assert parsed["Message-ID"] == MESSAGE_ID
    assert parsed["X-Reprint-Note"] is None
    assert parsed.get_content_type() == "multipart/alternative"
    text, html = parsed.iter_parts()
    assert (text.get_content_type(), html.get_content_type()) == (
        "text/plain",
        "text/html",
    )
    assert text.get_content_charset() == html.get_content_charset() == "utf-8"
    # The file has CRLF line ends (RFC 5322), which decoding keeps.
    assert text.get_content() == drafted.text.replace("\n", "\r\n")
    assert html.get_content() == drafted.html.replace("\n", "\r\n")


def test_raw_message_headers_are_ascii_and_encoded(work: Work) -> None:
    raw = build_message(draft(work), date=DATE, message_id=MESSAGE_ID).as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"From: =?utf-8?" in head
    assert b"Date: Thu, 02 May 2024 09:30:00 +1000" in head


def test_message_without_recipient_has_no_to_and_a_note(work: Work) -> None:
    parsed = parse(build_message(draft(work), date=DATE, message_id=MESSAGE_ID))
    assert parsed["To"] is None
    assert parsed["X-Reprint-Note"] == NO_RECIPIENT_NOTE


@pytest.mark.parametrize(
    ("date", "message_id", "complaint"),
    [
        (dt.datetime(2024, 5, 2, 9, 30), MESSAGE_ID, "needs a timezone"),
        (DATE, "no-brackets@example.org", "is not a Message-ID"),
        (DATE, "<a@b>\r\nBcc: x@evil.example", "control character"),
    ],
    ids=["naive-date", "bare-id", "injected-id"],
)
def test_bad_date_or_message_id_is_refused(
    work: Work, date: dt.datetime, message_id: str, complaint: str
) -> None:
    with pytest.raises(UsageError, match=complaint):
        build_message(draft(work), date=date, message_id=message_id)


def test_mailto_link_percent_encodes_subject_and_body(work: Work) -> None:
    drafted = draft(work, recipient="ed+notices@example.org")
    link = format_draft(drafted, NoticeFormat.MAILTO)
    parts = urlsplit(link)
    assert (parts.scheme, unquote(parts.path)) == ("mailto", "ed+notices@example.org")
    assert " " not in link
    assert "+" not in parts.query  # RFC 6068: '+' would not mean a space
    query = parse_qs(parts.query)
    assert query["subject"] == [drafted.subject]
    assert query["body"] == [drafted.text.replace("\n", "\r\n")]


def test_mailto_link_without_recipient_leaves_address_empty(work: Work) -> None:
    assert format_draft(draft(work), NoticeFormat.MAILTO).startswith(
        "mailto:?subject=Republication%20of%20%E2%80%9CJapan%2C"
    )


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2011-07-31", r"^date 2011-07-31 is before the paper's date \(2011-08-01\)$"),
        ((dt.date.today() + dt.timedelta(days=2)).isoformat(), r"is in the future$"),
    ],
    ids=["before-the-paper", "future"],
)
def test_republication_before_the_paper_or_in_the_future_is_refused(
    work: Work, date: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        draft(work, date=date)
    assert caught.value.field == "date"
