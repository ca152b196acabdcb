"""Tests for khabar.documents: reading .txt/.md/.html files and standard input, and rejecting bad input.

Every test writes real files under pytest's tmp_path; HTML goes through the real trafilatura.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import sys
from pathlib import Path

import pytest

from khabar import documents
from khabar.documents import InputError, decode, looks_like_html, read_document
from khabar.model import Document

# Written for Khabar tests: a factual summary of the 2020-01-03 US drone strike at Baghdad airport.
ARTICLE_TITLE = "US drone strike at Baghdad airport kills Qassem Soleimani"
ARTICLE_BODY = (
    "A US drone strike near Baghdad International Airport on 3 January 2020 killed Qassem Soleimani, "
    "the commander of the Quds Force of Iran's Islamic Revolutionary Guard Corps.\n"
    "Abu Mahdi al-Muhandis, deputy chairman of Iraq's Popular Mobilization Forces and head of "
    "Kata'ib Hezbollah, was killed in the same strike.\n"
    "Iran responded on 8 January by firing ballistic missiles at Ain al-Asad air base in Iraq, "
    "which hosts US troops.\n"
)
ARTICLE = f"{ARTICLE_TITLE}\n\n{ARTICLE_BODY}"

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Drone strike at Baghdad airport kills Soleimani | Example Wire</title>
<meta property="og:title" content="Drone strike at Baghdad airport kills Soleimani">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2020-01-03T08:15:00+00:00">
<meta name="author" content="Jane Example">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/subscribe">Subscribe now</a></li>
</ul></nav></header>
<div class="cookie-banner">We use cookies. Accept all cookies?</div>
<main>
<article>
<h1>Drone strike at Baghdad airport kills Soleimani</h1>
<p>A United States drone strike near Baghdad International Airport on Friday killed Qassem Soleimani, the
commander of the Quds Force of Iran's Islamic Revolutionary Guard Corps.</p>
<p>Abu Mahdi al-Muhandis, the deputy head of Iraq's Popular Mobilisation Forces, was killed in the same
strike, Iraqi officials said.</p>
<p>The Pentagon said the strike was ordered by President Donald Trump. Iran's Supreme Leader Ali Khamenei
vowed severe revenge.</p>
</article>
</main>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity recipe of the week</a></li></ul></aside>
<footer><p>Copyright 2020 Example Wire. All rights reserved.</p></footer>
</body>
</html>
"""

HTML_NO_ARTICLE = """<!DOCTYPE html>
<html><head><title>Example Wire</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav></header>
<script>window.app = {"loading": true};</script>
<div id="app"></div>
<footer><p>Copyright 2020 Example Wire</p></footer>
</body></html>
"""


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def reject(path: Path | str) -> str:
    """Read ``path`` expecting an InputError; return its message (which must name the path)."""
    with pytest.raises(InputError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------------------------------
# Plain text and Markdown
# --------------------------------------------------------------------------------------------------


def test_txt_first_line_is_title_and_text_keeps_it(tmp_path: Path) -> None:
    path = write(tmp_path, "soleimani.txt", ARTICLE)
    doc = read_document(path)
    assert isinstance(doc, Document)
    assert doc.title == ARTICLE_TITLE
    assert doc.text == ARTICLE
    assert doc.text.startswith(ARTICLE_TITLE + "\n")
    assert doc.doc_id == "soleimani"
    assert doc.source_path == str(path)
    assert doc.published is None and doc.published_source is None


def test_txt_offsets_index_the_document_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", ARTICLE))
    start = doc.text.index("Abu Mahdi al-Muhandis")
    assert doc.text[start : start + len("Abu Mahdi al-Muhandis")] == "Abu Mahdi al-Muhandis"
    assert start == ARTICLE.index("Abu Mahdi al-Muhandis")  # the title line is counted


def test_txt_title_skips_leading_blank_lines(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", "\n\n   \n  " + ARTICLE))
    assert doc.title == ARTICLE_TITLE
    assert doc.text.endswith(ARTICLE_BODY)


def test_txt_crlf_line_ends_are_normalised(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", ARTICLE.replace("\n", "\r\n")))
    assert "\r" not in doc.text
    assert doc.text == ARTICLE
    assert doc.title == ARTICLE_TITLE


def test_txt_given_publication_date(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.txt", ARTICLE), published=dt.date(2020, 1, 3))
    assert doc.published == dt.date(2020, 1, 3)
    assert doc.published_source == "given"


def test_str_path_and_uppercase_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "REPORT.TXT", ARTICLE)
    doc = read_document(str(path))
    assert doc.doc_id == "REPORT"
    assert doc.title == ARTICLE_TITLE


def test_file_without_suffix_is_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "article", ARTICLE))
    assert doc.text == ARTICLE
    assert doc.doc_id == "article"


def test_markdown(tmp_path: Path) -> None:
    md = f"# {ARTICLE_TITLE}\n\n*Written for Khabar tests*\n\n{ARTICLE_BODY}"
    doc = read_document(write(tmp_path, "story.md", md))
    assert doc.text == md  # kept verbatim: offsets index the file as written
    assert doc.title == ARTICLE_TITLE
    assert doc.doc_id == "story"


def test_markdown_heading_only_hashes_keeps_title(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "x.markdown", "###\nSome text.\n"))
    assert doc.title == "###"


def test_text_file_holding_html_is_read_as_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.txt", HTML_PAGE))
    assert doc.text == HTML_PAGE
    assert doc.title == "<!DOCTYPE html>"


# --------------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------------


def test_utf8_with_bom(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + ARTICLE.encode("utf-8")))
    assert doc.text == ARTICLE
    assert doc.title == ARTICLE_TITLE
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom_are_read(tmp_path: Path, encoding: str) -> None:
    text = "Strike at Baghdad airport\n\nQassem Soleimani and Abu Mahdi al-Muhandis were killed. قاسم سليماني\n"
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    data = boms.get(encoding, b"") + text.encode(encoding)
    assert b"\x00" in data
    doc = read_document(write(tmp_path, f"{encoding}.txt", data))
    assert doc.text == text
    assert doc.title == "Strike at Baghdad airport"


def test_non_ascii_utf8(tmp_path: Path) -> None:
    text = "Erdoğan meets Kılıçdaroğlu\n\nRecep Tayyip Erdoğan met “the opposition” — قاسم سليماني.\n"
    doc = read_document(write(tmp_path, "tr.txt", text))
    assert doc.text == text


def test_utf16_without_bom_is_rejected_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "nobom.txt", ARTICLE.encode("utf-16-le"))
    assert "binary" in reject(path)


def test_invalid_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.txt", "Caf\u00e9 in Baghdad\n\nA strike near the caf\u00e9.\n".encode("latin-1"))
    message = reject(path)
    assert "not valid UTF-8" in message
    assert "0xe9" in message
    assert "position 3" in message


def test_invalid_utf16_after_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.txt", codecs.BOM_UTF16_LE + "Baghdad".encode("utf-16-le") + b"\x00")
    assert "not valid utf-16" in reject(path)


# --------------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("html") / "soleimani.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    return read_document(path)


def test_html_main_text(html_doc: Document) -> None:
    assert "killed Qassem Soleimani" in html_doc.text
    assert "Abu Mahdi al-Muhandis" in html_doc.text
    assert "Ali Khamenei" in html_doc.text
    for junk in ("Subscribe now", "cookies", "Celebrity recipe", "All rights reserved", "<p>", "<article"):
        assert junk not in html_doc.text


def test_html_metadata(html_doc: Document) -> None:
    assert html_doc.title == "Drone strike at Baghdad airport kills Soleimani"
    assert html_doc.published == dt.date(2020, 1, 3)
    assert html_doc.published_source == "metadata"
    assert html_doc.author == "Jane Example"
    assert html_doc.publisher == "Example Wire"
    assert html_doc.doc_id == "soleimani"


def test_html_text_starts_with_title_once(html_doc: Document) -> None:
    assert html_doc.text.startswith(html_doc.title + "\n")
    assert html_doc.text.count(html_doc.title) == 1
    assert html_doc.text.endswith("\n")


def test_html_given_date_wins_over_metadata(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "p.htm", HTML_PAGE), published=dt.date(2020, 1, 4))
    assert doc.published == dt.date(2020, 1, 4)
    assert doc.published_source == "given"


NO_DATE_PAGE = HTML_PAGE.replace('<meta property="article:published_time" content="2020-01-03T08:15:00+00:00">', "")


def test_html_without_date_metadata_has_no_date(tmp_path: Path) -> None:
    # The footer says "Copyright 2020": that must not become a publication date of 2020-01-01.
    assert "Copyright 2020" in NO_DATE_PAGE and "published_time" not in NO_DATE_PAGE
    doc = read_document(write(tmp_path, "p.html", NO_DATE_PAGE))
    assert "killed Qassem Soleimani" in doc.text
    assert doc.published is None
    assert doc.published_source is None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<h1>", '<p>By Jane Example, <time datetime="2020-01-03T10:00:00Z">3 January 2020</time></p><h1>'),
        ("<h1>", '<p class="byline">Published 3 January 2020</p><h1>'),
        ("<head>", '<head><link rel="canonical" href="https://example.com/2020/01/03/soleimani-strike">'),
    ],
    ids=["time-element", "byline-text", "url"],
)
def test_html_date_from_page_markup(tmp_path: Path, old: str, new: str) -> None:
    doc = read_document(write(tmp_path, "p.html", NO_DATE_PAGE.replace(old, new, 1)))
    assert doc.published == dt.date(2020, 1, 3)
    assert doc.published_source == "metadata"


def test_html_detected_by_content_without_suffix(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page", HTML_PAGE))
    assert "killed Qassem Soleimani" in doc.text
    assert "<p>" not in doc.text
    assert doc.published == dt.date(2020, 1, 3)


def test_html_detected_by_content_with_unknown_suffix(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "page.php", HTML_PAGE))
    assert "<" not in doc.text
    assert "Abu Mahdi al-Muhandis" in doc.text


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", HTML_NO_ARTICLE)
    assert "no article text" in reject(path)


def test_html_in_utf16(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "p.html", HTML_PAGE.encode("utf-16")))
    assert "killed Qassem Soleimani" in doc.text


def test_looks_like_html() -> None:
    assert looks_like_html(HTML_PAGE)
    assert looks_like_html("  <html><body>x</body></html>")
    assert looks_like_html("<div class='story'><p>Text</p></div>")
    assert not looks_like_html(ARTICLE)
    assert not looks_like_html("Use <b> tags for bold.")


# --------------------------------------------------------------------------------------------------
# Standard input
# --------------------------------------------------------------------------------------------------


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, ARTICLE.encode("utf-8"))
    doc = read_document("-")
    assert doc.text == ARTICLE
    assert doc.title == ARTICLE_TITLE
    assert doc.doc_id == "stdin"
    assert doc.source_path is None


def test_stdin_html(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, HTML_PAGE.encode("utf-8"))
    doc = read_document("-", published=dt.date(2020, 1, 5))
    assert "killed Qassem Soleimani" in doc.text
    assert "<p>" not in doc.text
    assert doc.published == dt.date(2020, 1, 5)
    assert doc.source_path is None


def test_stdin_utf16(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, ARTICLE.encode("utf-16"))
    assert read_document("-").text == ARTICLE


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b" \n\t\n", "empty input"),
        (b"\x00\x01\x02\x03binary\x00", "binary data"),
        (b"Caf\xe9\n", "not valid UTF-8"),
    ],
)
def test_stdin_bad_input(monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str) -> None:
    feed_stdin(monkeypatch, data)
    with pytest.raises(InputError, match=rf"^-: {reason}"):
        read_document("-")


def test_stdin_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_BYTES", 100)
    feed_stdin(monkeypatch, ARTICLE.encode("utf-8"))
    with pytest.raises(InputError, match=r"^-: too large"):
        read_document("-")


# --------------------------------------------------------------------------------------------------
# Bad input: every message names the path and the reason
# --------------------------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert reject(tmp_path / "nope.txt").endswith("no such file")


def test_missing_path_under_a_file(tmp_path: Path) -> None:
    parent = write(tmp_path, "a.txt", ARTICLE)
    assert "no such file" in reject(parent / "b.txt")


def test_directory(tmp_path: Path) -> None:
    message = reject(tmp_path)
    assert "is a directory" in message
    assert "khabar ingest" in message


def test_empty_file(tmp_path: Path) -> None:
    assert "empty input" in reject(write(tmp_path, "empty.txt", b""))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("spaces.txt", b"   \n\n\t  \r\n"),
        ("nbsp.txt", "\u00a0\u202f\u3000\n".encode()),
        ("bom-blank.txt", codecs.BOM_UTF8 + b" \n\t\n"),
        ("utf16-blank.txt", " \n \n".encode("utf-16")),
        ("bom-only.txt", codecs.BOM_UTF16_LE),
        ("blank.html", b"\n\n   \n"),
        ("blank.md", b"\n"),
    ],
)
def test_whitespace_only_file(tmp_path: Path, name: str, data: bytes) -> None:
    assert "empty input" in reject(write(tmp_path, name, data))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
        b"Baghdad\x00airport\n",
        b"\x01\x02\x03\x04\x05\x06\x07\x08 mostly control characters \x0e\x0f\x10\x11\x12\x13\x14\x15",
    ],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    assert reject(write(tmp_path, "image.txt", data)).endswith("binary data, not text")


def test_few_control_characters_are_tolerated(tmp_path: Path) -> None:
    text = ARTICLE + "\x0b" + "A form feed\x0c and a vertical tab are fine in a long text.\n"
    doc = read_document(write(tmp_path, "a.txt", text))
    assert doc.text == text


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_BYTES", 100)
    path = write(tmp_path, "big.txt", ARTICLE)
    assert len(ARTICLE.encode()) > 100
    assert "too large" in reject(path)
    small = write(tmp_path, "small.txt", "Short title\nShort body.\n")
    assert read_document(small).title == "Short title"


def test_dangling_symlink(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    assert reject(dangling).endswith("no such file")


# --------------------------------------------------------------------------------------------------
# decode() directly
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain", "plain"),
        (codecs.BOM_UTF8 + b"bom", "bom"),
        ("utf16".encode("utf-16"), "utf16"),
        (codecs.BOM_UTF16_BE + "be".encode("utf-16-be"), "be"),
        ("utf32".encode("utf-32"), "utf32"),
        ("Ḥasan Naṣrallāh".encode(), "Ḥasan Naṣrallāh"),
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert decode(data, "x") == text


def test_decode_error_names_origin() -> None:
    with pytest.raises(InputError, match=r"^feed item 7: not valid UTF-8"):
        decode(b"\xfe\xfd", "feed item 7")
