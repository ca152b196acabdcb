"""RSS and Atom feeds (feedparser): each item becomes an article to fetch (or to read from the feed
itself when the feed carries the full text)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import feedparser

#: A feed item whose own content is at least this long (characters of text) is used without fetching.
FULL_TEXT_MIN = 600


class FeedError(ValueError):
    """A feed that cannot be read; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    link: str | None
    title: str | None
    published: dt.date | None
    author: str | None
    publisher: str | None
    content_html: str | None
    guid: str | None


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    if any(t in content_type for t in ("rss", "atom", "rdf")):
        return True
    head = data[:2000].lstrip().lower()
    return (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head)
    ) or head.startswith((b"<rss", b"<feed"))


def _date(entry: dict) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def parse_feed(data: bytes, origin: str) -> list[FeedItem]:
    parsed = feedparser.parse(data)
    usable = [e for e in parsed.entries if e.get("link") or e.get("content") or e.get("summary")]
    if parsed.bozo and not usable:
        exc = parsed.get("bozo_exception")
        detail = str(exc).splitlines()[0] if exc else "not RSS or Atom"
        raise FeedError(f"{origin}: malformed feed ({detail})")
    if not parsed.entries:
        if not parsed.get("version"):
            raise FeedError(f"{origin}: not an RSS or Atom feed")
        return []
    publisher = (parsed.feed.get("title") or "").strip() or None
    items = []
    for e in parsed.entries:
        content = None
        if e.get("content"):
            content = max((c.get("value", "") for c in e["content"]), key=len)
        elif e.get("summary"):
            content = e.get("summary")
        items.append(
            FeedItem(
                link=e.get("link"),
                title=(e.get("title") or "").strip() or None,
                published=_date(e),
                author=e.get("author"),
                publisher=publisher,
                content_html=content,
                guid=e.get("id"),
            )
        )
    return items


def text_of(html: str) -> str:
    """Plain text of a feed item's HTML content, paragraphs kept."""
    text = re.sub(r"(?i)<\s*(br|/p|/div|/h\d|/li)\s*/?>", "\n\n", html)
    text = re.sub(r"<[^>]+>", "", text)
    import html as _html

    text = _html.unescape(text)
    return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
