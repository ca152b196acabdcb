"""Sources to articles: files (.txt .md .html .json .jsonl .rss/.atom/.xml), directories (recursive),
URLs and RSS/Atom feeds. Each yields :class:`Item` s; an input that cannot be read is an item with
``outcome="failed"`` and a one-line reason, so a batch always goes on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from khabar.documents import InputError, decode, html_to_article, looks_like_html, read_document
from khabar.ingest.checks import MAX_ARTICLE_CHARS
from khabar.ingest.feeds import FULL_TEXT_MIN, FeedError, FeedItem, looks_like_feed, parse_feed, text_of
from khabar.ingest.fetch import Fetcher, FetchError
from khabar.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
META_FIELDS = ("title", "publisher", "author", "url", "published")


@dataclass
class Item:
    """One article read from a source, or the reason it could not be."""

    locator: str
    kind: str
    document: Document | None = None
    outcome: str = "ok"  # ok | failed | skipped | known
    reason: str | None = None
    feed: str | None = None

    @property
    def publisher(self) -> str | None:
        return self.document.publisher if self.document else None


def _failed(locator: str, kind: str, reason: str, feed: str | None = None) -> Item:
    return Item(locator=locator, kind=kind, outcome="failed", reason=reason, feed=feed)


def _skipped(locator: str, kind: str, reason: str) -> Item:
    return Item(locator=locator, kind=kind, outcome="skipped", reason=reason)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 4:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def article_from_obj(obj: object, origin: str) -> Document:
    """An article from a JSON object with ``text`` (and optional title/url/published/publisher/author)."""
    if not isinstance(obj, dict):
        raise InputError(f"{origin}: expected a JSON object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f"{origin}: no 'text' field (an article needs its text)")
    if not text.strip():
        raise InputError(f"{origin}: empty 'text' field")
    meta = {k: obj.get(k) if isinstance(obj.get(k), str) and obj.get(k).strip() else None for k in META_FIELDS}
    published = parse_date(obj.get("published") or obj.get("date"))
    if looks_like_html(text):
        art = html_to_article(text, origin)
        text = art["text"]
        for k in ("title", "publisher", "author", "url"):
            meta[k] = meta[k] or art.get(k)
        published = published or art.get("published")
    title = (meta["title"] or "").strip() or None
    text = text.replace("\r\n", "\n")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text.strip()}\n"
    elif not title:
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Document(
        text=text,
        doc_id=str(obj.get("id") or Path(origin).stem)[:80],
        title=title,
        publisher=meta["publisher"],
        author=meta["author"],
        url=meta["url"],
        published=published,
        published_source="metadata" if published else None,
        source_path=origin,
    )


def _sidecar(path: Path) -> dict | None:
    """Metadata for ``X.txt`` from a sibling ``X.json`` that is not itself an article (no ``text``)."""
    side = path.with_suffix(".json")
    if not side.is_file() or side == path:
        return None
    try:
        obj = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(obj, dict) or "text" in obj:
        return None
    named = obj.get("text_file")
    if named and Path(str(named)).name != path.name:
        return None
    return {k: obj.get(k) for k in META_FIELDS if obj.get(k)}


def _sidecar_target(path: Path, obj: object) -> Path | None:
    """The text file a metadata-only JSON file describes, if it sits beside it."""
    if not isinstance(obj, dict):
        return None
    named = obj.get("text_file")
    if isinstance(named, str) and (path.parent / named).is_file():
        return path.parent / named
    for suffix in sorted(TEXT_SUFFIXES):
        if path.with_suffix(suffix).is_file():
            return path.with_suffix(suffix)
    return None


def _with_meta(doc: Document, meta: dict) -> Document:
    update: dict = {}
    for k in ("title", "publisher", "author", "url"):
        if meta.get(k) and not getattr(doc, k):
            update[k] = str(meta[k])
    if meta.get("published") and doc.published is None:
        pub = parse_date(meta["published"])
        if pub:
            update["published"], update["published_source"] = pub, "metadata"
    return doc.model_copy(update=update) if update else doc


class SourceReader:
    """Turns the command line's sources into :class:`Item` s."""

    def __init__(
        self,
        *,
        known: Callable[[str], bool] = lambda _: False,
        refetch: bool = False,
        max_chars: int = MAX_ARTICLE_CHARS,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.known = known
        self.refetch = refetch
        self.max_chars = max_chars
        self._fetcher = fetcher

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def items(self, sources: list[str]) -> Iterator[Item]:
        for source in sources:
            if source == "-":
                yield self._stdin()
            elif is_url(source):
                yield from self._url(source)
            else:
                path = Path(source).expanduser()
                if path.is_dir():
                    yield from self._directory(path)
                elif path.exists() or path.is_symlink():
                    yield from self._file(path, explicit=True)
                else:
                    yield _failed(source, "file", f"{source}: no such file or directory")

    # -- files ----------------------------------------------------------------------------------------
    def _stdin(self) -> Item:
        try:
            return Item(locator="-", kind="stdin", document=read_document("-"))
        except InputError as exc:
            return _failed("-", "stdin", str(exc))

    def _directory(self, root: Path) -> Iterator[Item]:
        try:
            paths = sorted(
                p for p in root.rglob("*") if not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
        except OSError as exc:
            yield _failed(str(root), "file", f"{root}: cannot list the directory ({exc.strerror or exc})")
            return
        for path in paths:
            if path.is_dir():
                continue
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                yield _skipped(str(path), "file", f"{path}: not an article file type ({path.suffix or 'no suffix'})")
                continue
            yield from self._file(path, explicit=False)

    def _too_big(self, path: Path) -> str | None:
        try:
            size = path.stat().st_size
        except OSError:
            return None
        if size > self.max_chars * 4 and path.suffix.lower() not in JSONL_SUFFIXES | FEED_SUFFIXES:
            return (
                f"{path}: too large for a news article ({size / 1e6:.1f} MB; the limit is "
                f"{self.max_chars / 1e6:g} million characters, set with --max-chars)"
            )
        return None

    def _file(self, path: Path, *, explicit: bool) -> Iterator[Item]:
        locator = str(path)
        suffix = path.suffix.lower()
        if (why := self._too_big(path)) is not None:
            yield _failed(locator, "file", why)
            return
        if suffix in JSONL_SUFFIXES:
            yield from self._jsonl(path)
        elif suffix in JSON_SUFFIXES:
            yield from self._json(path)
        elif suffix in FEED_SUFFIXES:
            yield from self._feed_file(path)
        else:
            try:
                doc = read_document(path)
            except InputError as exc:
                yield _failed(locator, "file", str(exc))
                return
            meta = _sidecar(path)
            if meta:
                doc = _with_meta(doc, meta)
            yield Item(locator=locator, kind="file", document=doc)

    def _read_text(self, path: Path) -> str:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
        return decode(data, str(path))

    def _json(self, path: Path) -> Iterator[Item]:
        locator = str(path)
        try:
            obj = json.loads(self._read_text(path))
        except InputError as exc:
            yield _failed(locator, "json", str(exc))
            return
        except json.JSONDecodeError as exc:
            yield _failed(locator, "json", f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})")
            return
        objs = obj if isinstance(obj, list) else [obj]
        if isinstance(obj, dict) and "text" not in obj:
            target = _sidecar_target(path, obj)
            why = (
                f"{path}: JSON without a 'text' field, read as metadata for {target.name}"
                if target
                else f"{path}: JSON without a 'text' field: not an article"
            )
            yield _skipped(locator, "json", why)
            return
        for i, o in enumerate(objs, 1):
            loc = locator if len(objs) == 1 else f"{locator}#{i}"
            try:
                yield Item(locator=loc, kind="json", document=article_from_obj(o, loc))
            except InputError as exc:
                yield _failed(loc, "json", str(exc))

    def _jsonl(self, path: Path) -> Iterator[Item]:
        """One article per line, read line by line (a large file is never held in memory)."""
        try:
            f = path.open("rb")
        except OSError as exc:
            yield _failed(str(path), "jsonl", f"{path}: cannot read ({exc.strerror or exc})")
            return
        seen_text = False
        with f:
            for n, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                seen_text = True
                loc = f"{path}:{n}"
                try:
                    line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    yield _failed(loc, "jsonl", f"{path} line {n}: not valid UTF-8 (byte {exc.start})")
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield _failed(loc, "jsonl", f"{path} line {n}: not valid JSON ({exc.msg} at column {exc.colno})")
                    continue
                try:
                    yield Item(locator=loc, kind="jsonl", document=article_from_obj(obj, f"{path} line {n}"))
                except InputError as exc:
                    yield _failed(loc, "jsonl", str(exc))
        if not seen_text:
            yield _failed(str(path), "jsonl", f"{path}: empty input (no text to read)")

    def _feed_file(self, path: Path) -> Iterator[Item]:
        try:
            data = path.read_bytes()
            if not data.strip():
                raise InputError(f"{path}: empty input (no text to read)")
            items = parse_feed(data, str(path))
        except (InputError, FeedError) as exc:
            yield _failed(str(path), "feed", str(exc))
            return
        except OSError as exc:
            yield _failed(str(path), "feed", f"{path}: cannot read ({exc.strerror or exc})")
            return
        yield from self._feed_items(items, str(path))

    # -- network -------------------------------------------------------------------------------------
    def _url(self, url: str) -> Iterator[Item]:
        if self.known(url) and not self.refetch:
            yield Item(locator=url, kind="url", outcome="known", reason="already ingested from this URL")
            return
        try:
            got = self.fetcher.get(url)
        except FetchError as exc:
            yield _failed(url, "url", str(exc))
            return
        if looks_like_feed(got.content, got.content_type):
            try:
                items = parse_feed(got.content, url)
            except FeedError as exc:
                yield _failed(url, "feed", str(exc))
                return
            yield from self._feed_items(items, url)
            return
        try:
            yield Item(locator=url, kind="url", document=self._page(got.content, got.content_type, url))
        except InputError as exc:
            yield _failed(url, "url", str(exc))

    def _page(self, content: bytes, content_type: str, url: str) -> Document:
        text = decode(content, url)
        if content_type in ("text/plain", "text/markdown") and not looks_like_html(text):
            title = next((line.strip() for line in text.splitlines() if line.strip()), None)
            return Document(
                text=text.replace("\r\n", "\n"),
                doc_id=url.rsplit("/", 1)[-1][:80] or "page",
                title=title,
                url=url,
                source_path=url,
            )
        if content_type and "html" not in content_type and not looks_like_html(text):
            raise InputError(f"{url}: unsupported content type {content_type!r} (expected HTML, text or a feed)")
        art = html_to_article(text, url)
        return Document(
            text=art["text"],
            doc_id=url.rsplit("/", 1)[-1][:80] or "page",
            title=art["title"],
            author=art["author"],
            publisher=art["publisher"],
            url=art["url"] or url,
            published=art["published"],
            published_source="metadata" if art["published"] else None,
            source_path=url,
        )

    def _feed_items(self, items: list[FeedItem], feed: str) -> Iterator[Item]:
        for i, entry in enumerate(items, 1):
            locator = entry.link or entry.guid or f"{feed}#{i}"
            if self.known(locator) and not self.refetch:
                yield Item(
                    locator=locator, kind="feed", outcome="known", feed=feed, reason="already ingested from this URL"
                )
                continue
            content = text_of(entry.content_html) if entry.content_html else ""
            try:
                if len(content) >= FULL_TEXT_MIN or (content and not entry.link):
                    title = entry.title
                    body = f"{title}\n\n{content}\n" if title else content
                    doc = Document(
                        text=body,
                        doc_id=f"feed-{i}",
                        title=title or content.splitlines()[0][:200],
                        url=entry.link,
                        source_path=locator,
                    )
                elif entry.link and is_url(entry.link):
                    got = self.fetcher.get(entry.link)
                    doc = self._page(got.content, got.content_type, entry.link)
                else:
                    yield _failed(locator, "feed", f"{feed} item {i}: no link and no text", feed=feed)
                    continue
            except (FetchError, InputError) as exc:
                yield _failed(locator, "feed", str(exc), feed=feed)
                continue
            doc = _with_meta(
                doc,
                {
                    "title": entry.title,
                    "publisher": entry.publisher,
                    "author": entry.author,
                    "published": entry.published.isoformat() if entry.published else None,
                },
            )
            yield Item(locator=locator, kind="feed", document=doc, feed=feed)
