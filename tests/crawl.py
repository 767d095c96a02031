"""A generated web crawl for the scan tests and benchmark, deterministic from a seed.

Ordinary pages of varied length and language, pages that quote the paper a sentence
or two (the screen passes them, ``check`` finds no reprint), planted reprints with
known labels (HTML, PDF and DOCX; entire and part; credited, uncredited and with the
credit hidden), HTTP bodies gzip-encoded, chunked or in a charset only the header
names, request/metadata/revisit records, and a sprinkling of malformed records.
Written with warcio's writer, gzip per record (the Common Crawl layout) or not.
"""

from __future__ import annotations

import gzip
import io
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from reprint.work import Work, default_work

CREDIT = (
    "Rikki Kersten, “Japan, the US Alliance and Asia”, ANU–MASI Policy Background "
    "Paper No. 1 (1 August 2011), Department of International Relations, The "
    "Australian National University. Republished with the permission of the "
    "author, the Department of International Relations (ANU) and the MacArthur "
    "Foundation."
)
_VOCABULARY = {
    "en": [
        "the",
        "market",
        "council",
        "weather",
        "river",
        "school",
        "garden",
        "train",
        "city",
        "report",
        "season",
        "festival",
        "recipe",
        "museum",
        "harbour",
        "library",
        "election",
        "bridge",
        "coffee",
        "village",
        "music",
        "football",
        "island",
        "morning",
        "evening",
        "county",
        "water",
        "budget",
    ],
    "de": [
        "der",
        "die",
        "das",
        "stadt",
        "wetter",
        "schule",
        "garten",
        "zug",
        "bericht",
        "fluss",
        "haus",
        "bibliothek",
        "markt",
        "brücke",
        "kaffee",
        "dorf",
        "musik",
        "morgen",
        "abend",
        "wasser",
    ],
    "fr": [
        "le",
        "la",
        "les",
        "ville",
        "météo",
        "école",
        "jardin",
        "train",
        "rapport",
        "rivière",
        "maison",
        "bibliothèque",
        "marché",
        "pont",
        "café",
        "village",
        "musique",
        "matin",
        "soir",
        "eau",
    ],
    "es": [
        "el",
        "la",
        "los",
        "ciudad",
        "tiempo",
        "escuela",
        "jardín",
        "tren",
        "informe",
        "río",
        "casa",
        "biblioteca",
        "mercado",
        "puente",
        "café",
        "pueblo",
        "música",
        "mañana",
        "tarde",
        "agua",
    ],
    "ja": [
        "東京",
        "天気",
        "学校",
        "電車",
        "図書館",
        "市場",
        "橋",
        "珈琲",
        "村",
        "音楽",
        "朝",
        "夕方",
        "水",
        "川",
    ],
}
# The charset a page's HTTP header names (never the page itself) by language.
_CHARSETS = {"en": "utf-8", "de": "iso-8859-1", "fr": "windows-1252", "es": "utf-8"}
_CHARSETS["ja"] = "shift_jis"
MALFORMED = ("junk", "truncated", "http-header", "too-large")
# A scan's payload limit in the tests: the "too-large" record is 1.2 MB.
MAX_BYTES = 1 << 20
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class Plant:
    """One planted reprint and what ``check`` must say about it."""

    kind: str  # html, pdf, docx
    extent: str  # entire, part
    credit: str  # credited, uncredited, hidden

    @property
    def verdict(self) -> str:
        return "compliant" if self.credit == "credited" else "non-compliant"

    @property
    def slug(self) -> str:
        return f"{self.kind}-{self.extent}-{self.credit}"


ALL_PLANTS = tuple(
    Plant(kind, extent, credit)
    for kind in ("html", "pdf", "docx")
    for extent in ("entire", "part")
    for credit in ("credited", "uncredited", "hidden")
)


@dataclass(slots=True)
class Manifest:
    """What a generated crawl holds: the planted reprints and the records."""

    planted: dict[str, Plant] = field(default_factory=dict)  # URI -> label
    records: Counter[str] = field(default_factory=Counter)  # WARC type -> count
    malformed: Counter[str] = field(default_factory=Counter)  # cause -> count
    quoting: list[str] = field(default_factory=list)  # URIs that quote a sentence


def _paragraphs(work: Work, extent: str) -> list[str]:
    texts = [p.text for p in work.paragraphs]
    return texts if extent == "entire" else texts[6:12]  # about 350 words


def reprint_html(work: Work, plant: Plant, rng: random.Random) -> str:
    """A news site's page republishing the paper as the plant says."""
    body = "".join(f"<p>{text}</p>\n" for text in _paragraphs(work, plant.extent))
    credit = {
        "credited": f"<p>By Rikki Kersten</p><p class='note'>{CREDIT}</p>",
        "uncredited": "",
        "hidden": f"<p>By Rikki Kersten</p><div style='display:none'>{CREDIT}</div>",
    }[plant.credit]
    nav = " ".join(rng.choice(_VOCABULARY["en"]) for _ in range(30))
    return (
        "<!DOCTYPE html><html><head><title>Japan, the US Alliance and Asia</title>"
        f"</head><body><nav>{nav}</nav><article><h1>Japan, the US Alliance and "
        f"Asia</h1>{credit}{body}</article><footer>{nav}</footer></body></html>"
    )


def reprint_pdf(work: Work, plant: Plant) -> bytes:
    """The paper typeset by reportlab; a hidden credit is white text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    story = [Paragraph("Japan, the US Alliance and Asia", styles["Title"])]
    if plant.credit != "uncredited":
        story.append(Paragraph("By Rikki Kersten", styles["Normal"]))
        colour = "white" if plant.credit == "hidden" else "black"
        story.append(
            Paragraph(f"<font color='{colour}'>{CREDIT}</font>", styles["Normal"])
        )
    story += [Paragraph(t, styles["Normal"]) for t in _paragraphs(work, plant.extent)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


def reprint_docx(work: Work, plant: Plant) -> bytes:
    """The paper written by python-docx; a hidden credit is a vanished run."""
    import docx

    document = docx.Document()
    document.add_heading("Japan, the US Alliance and Asia", level=1)
    if plant.credit != "uncredited":
        document.add_paragraph("By Rikki Kersten")
        document.add_paragraph().add_run(CREDIT).font.hidden = plant.credit == "hidden"
    for text in _paragraphs(work, plant.extent):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def ordinary_html(rng: random.Random, language: str, quote: str = "") -> str:
    """A page of 50 to 3,000 words of one language, maybe quoting a sentence."""
    words = _VOCABULARY[language]
    paragraphs = []
    for _ in range(rng.randint(1, 30)):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(50, 100)))
        paragraphs.append(f"<p>{text}.</p>")
    if quote:
        paragraphs.insert(
            rng.randrange(len(paragraphs) + 1), f"<blockquote>{quote}</blockquote>"
        )
    return (
        f"<!DOCTYPE html><html lang='{language}'><head><title>{words[1]}</title>"
        f"</head><body><main>{''.join(paragraphs)}</main></body></html>"
    )


@dataclass(frozen=True, slots=True)
class Crawl:
    """A generated crawl file and what it holds."""

    path: Path
    manifest: Manifest


class _Crawl:
    def __init__(self, out: io.BufferedIOBase, *, gzipped: bool, seed: int) -> None:
        self.out = out
        self.writer = WARCWriter(out, gzip=gzipped)
        self.rng = random.Random(seed)
        self.manifest = Manifest()
        self.serial = 0

    def write(self, record: ArcWarcRecord, writer: WARCWriter | None = None) -> None:
        """Write a record and close the temporary file warcio spooled it to."""
        (writer or self.writer).write_record(record)
        record.raw_stream.close()

    def headers(self) -> dict[str, str]:
        """A record's date and id, from the seed (warcio would draw a random id)."""
        record_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        return {"WARC-Date": self.date(), "WARC-Record-ID": f"<urn:uuid:{record_id}>"}

    def date(self) -> str:
        day = 1 + self.serial % 28
        return f"2026-11-{day:02d}T{self.serial % 24:02d}:{self.serial % 60:02d}:00Z"

    def uri(self, site: str) -> str:
        self.serial += 1
        return f"https://{site}/page/{self.serial}"

    def response(
        self,
        uri: str,
        body: bytes,
        content_type: str,
        *,
        encoding: str = "",
        chunked: bool = False,
        status: str = "200 OK",
    ) -> None:
        headers = [("Content-Type", content_type)]
        if encoding == "gzip":
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        if chunked:
            step = max(1, len(body) // 3)
            parts = [body[i : i + step] for i in range(0, len(body), step)]
            body = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
            headers.append(("Transfer-Encoding", "chunked"))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict=self.headers(),
            length=len(body),
        )
        self.write(record)
        self.manifest.records["response"] += 1

    def other(self, kind: str, uri: str) -> None:
        if kind == "revisit":
            record = self.writer.create_revisit_record(
                uri,
                "sha1:AAAA",
                uri,
                "2026-10-01T00:00:00Z",
                warc_headers_dict=self.headers(),
            )
        else:
            content = (
                b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                if kind == "request"
                else b"fetchTimeMs: 12\r\n"
            )
            record = self.writer.create_warc_record(
                uri,
                kind,
                payload=io.BytesIO(content),
                warc_content_type="application/http; msgtype=request"
                if kind == "request"
                else "application/warc-fields",
                warc_headers_dict=self.headers(),
            )
        self.write(record)
        self.manifest.records[kind] += 1

    def ordinary(self, quote: str = "") -> None:
        language = self.rng.choice(sorted(_VOCABULARY))
        charset = _CHARSETS[language] if self.rng.random() < 0.5 else "utf-8"
        page = ordinary_html(self.rng, language, quote)
        uri = self.uri(f"{language}.example.org")
        if quote:
            self.manifest.quoting.append(uri)
        self.response(
            uri,
            page.encode(charset),
            f"text/html; charset={charset}",
            encoding="gzip" if self.rng.random() < 0.3 else "",
            chunked=self.rng.random() < 0.2,
        )
        if self.rng.random() < 0.3:
            self.other("request", uri)
        if self.rng.random() < 0.2:
            self.other("metadata", uri)

    def plant(self, work: Work, plant: Plant) -> None:
        uri = self.uri(f"{plant.slug}.news.example")
        self.manifest.planted[uri] = plant
        if plant.kind == "html":
            body, content_type = (
                reprint_html(work, plant, self.rng).encode(),
                "text/html",
            )
        elif plant.kind == "pdf":
            body, content_type = reprint_pdf(work, plant), "application/pdf"
        else:
            body, content_type = reprint_docx(work, plant), DOCX_TYPE
        self.response(
            uri, body, content_type, encoding="gzip" if plant.kind == "html" else ""
        )

    def malformed(self, cause: str) -> None:
        """One bad record: the cause names what the scan must count it as."""
        uri = self.uri("broken.example")
        if cause == "junk":
            self.out.write(bytes(self.rng.getrandbits(8) for _ in range(512)))
        elif cause == "truncated":
            # A record cut mid-way, as a crawler that died writes it; then more follow.
            buffer = io.BytesIO()
            writer = WARCWriter(buffer, gzip=self.writer.gzip)
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            payload = ordinary_html(self.rng, "en").encode()
            self.write(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(payload),
                    http_headers=http,
                    warc_headers_dict=self.headers(),
                ),
                writer,
            )
            whole = buffer.getvalue()
            self.out.write(whole[: len(whole) // 2])
        elif cause == "http-header":
            # warcio refuses to write this, rightly: the one record made by hand.
            block = b"\x00\x01 not an HTTP status line\r\n\r\n<p>x</p>"
            record = (
                b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: "
                + uri.encode()
                + b"\r\nWARC-Date: 2026-11-01T00:00:00Z\r\nWARC-Record-ID: "
                + b"<urn:uuid:00000000-0000-0000-0000-%012d>\r\n" % self.serial
                + b"Content-Type: application/http; msgtype=response\r\n"
                + b"Content-Length: %d\r\n\r\n" % len(block)
                + block
                + b"\r\n\r\n"
            )
            self.out.write(
                gzip.compress(record, mtime=0) if self.writer.gzip else record
            )
        elif cause == "too-large":
            self.response(uri, b"<p>" + b"big " * 300_000 + b"</p>", "text/html")
            self.manifest.records["response"] -= 1
        self.manifest.malformed[cause] += 1


def write_crawl(
    path: Path,
    *,
    seed: int,
    pages: int,
    plants: tuple[Plant, ...] = (),
    malformed: tuple[str, ...] = (),
    quotes: int = 0,
    gzipped: bool = True,
    work: Work | None = None,
) -> Manifest:
    """Write a crawl of ``pages`` ordinary pages with ``plants`` and ``malformed``
    records spread among them (causes: junk, truncated, http-header, too-large)."""
    work = work or default_work()
    rng = random.Random(seed)
    events: list[tuple[str, object]] = [("page", None)] * pages
    events += [("plant", p) for p in plants]
    events += [("bad", cause) for cause in malformed]
    sentences = [p.text for p in work.paragraphs if len(p.text.split()) > 30]
    events += [
        ("quote", rng.choice(sentences).split(". ")[0] + ".") for _ in range(quotes)
    ]
    rng.shuffle(events)
    with path.open("wb") as out:
        crawl = _Crawl(out, gzipped=gzipped, seed=seed)
        crawl.other("revisit", crawl.uri("seen.example"))
        for kind, value in events:
            if kind == "page":
                crawl.ordinary()
            elif kind == "quote":
                crawl.ordinary(str(value))
            elif kind == "plant":
                assert isinstance(value, Plant)
                crawl.plant(work, value)
            else:
                crawl.malformed(str(value))
        crawl.response(
            crawl.uri("img.example"), b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"
        )
    return crawl.manifest


def main() -> None:
    """``python tests/crawl.py OUT.warc.gz [--seed N] [--pages N]``: a crawl with
    every kind of planted reprint and one malformed record of each kind."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    manifest = write_crawl(
        args.out,
        seed=args.seed,
        pages=args.pages,
        plants=ALL_PLANTS,
        malformed=MALFORMED,
        quotes=8,
    )
    print(f"{args.out}: {sum(manifest.records.values())} records")  # noqa: T201


if __name__ == "__main__":
    main()
