"""Reading articles: plain text (first line = title), Markdown, HTML (main text via trafilatura),
and standard input. Bad input raises :class:`InputError` with a one-line reason.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import sys
from pathlib import Path

import trafilatura

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
MAX_BYTES = 50_000_000


class InputError(ValueError):
    """Input that cannot be read as an article; the message says why."""


def decode(data: bytes, origin: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; anything else is an error."""
    if not data.strip():
        raise InputError(f"{origin}: empty input (no text to read)")
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"{origin}: not valid {enc} text ({exc.reason} at byte {exc.start})") from exc
            if not text.strip():  # a BOM and (UTF-16) blanks: bytes.strip() cannot see those
                raise InputError(f"{origin}: empty input (no text to read)")
            return text
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin}: not valid UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "convert it to UTF-8 first"
        ) from exc
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(f"{origin}: binary data, not text")
    if not text.strip():  # Unicode blanks only (no-break or ideographic spaces)
        raise InputError(f"{origin}: empty input (no text to read)")
    return text


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(body|article|p|div)[\s>]", head))


def _title_and_body(text: str) -> tuple[str | None, str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n"):
        if line.strip():
            return line.strip(), text
    raise InputError("no text to read")


def html_to_article(html: str, origin: str) -> dict:
    """Main text and metadata of an HTML page (title, author, date, publisher, url)."""
    # No extensive date search: it turns a footer's "Copyright 2020" into a publication date of 2020-01-01.
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    body = doc.text if doc is not None else None
    if not body or not body.strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    title = (doc.title or "").strip() or None
    body = body.strip()
    # The headline is often also the first line of the extracted body: do not repeat it.
    text = f"{title}\n\n{body}\n" if title and body.split("\n", 1)[0].strip() != title else body + "\n"
    published = None
    if doc.date:
        try:
            published = dt.date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    return {
        "text": text,
        "title": title or _title_and_body(body)[0],
        "author": doc.author,
        "publisher": doc.sitename,
        "url": doc.url,
        "published": published,
    }


def read_document(source: str | Path, published: dt.date | None = None):
    """Read one article from a path (or ``-`` for standard input) into a :class:`Document`."""
    from khabar.model import Document

    origin = str(source)
    if origin == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InputError(f"{origin}: too large (more than {MAX_BYTES // 10**6} MB, the limit)")
        suffix, doc_id = "", "stdin"
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{origin}: no such file")
        if path.is_dir():
            raise InputError(f"{origin}: is a directory, not a file (use `khabar ingest` for directories)")
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise InputError(f"{origin}: too large ({size / 1e6:.0f} MB; the limit is {MAX_BYTES // 10**6} MB)")
            data = path.read_bytes()
        except PermissionError as exc:
            raise InputError(f"{origin}: permission denied") from exc
        except OSError as exc:
            raise InputError(f"{origin}: cannot read ({exc.strerror or exc})") from exc
        suffix, doc_id = path.suffix.lower(), path.stem
    text = decode(data, origin)
    if (
        suffix in HTML_SUFFIXES
        or (suffix not in TEXT_SUFFIXES and looks_like_html(text))
        or (suffix == "" and looks_like_html(text))
    ):
        art = html_to_article(text, origin)
        return Document(
            text=art["text"],
            doc_id=doc_id,
            title=art["title"],
            author=art["author"],
            publisher=art["publisher"],
            url=art["url"],
            published=published or art["published"],
            published_source="given" if published else ("metadata" if art["published"] else None),
            source_path=None if origin == "-" else origin,
        )
    title, text = _title_and_body(text)
    if suffix in {".md", ".markdown"}:
        title = title.lstrip("#").strip() or title  # "# Headline" -> "Headline"
    return Document(
        text=text,
        doc_id=doc_id,
        title=title,
        published=published,
        published_source="given" if published else None,
        source_path=None if origin == "-" else origin,
    )
