"""Fetching URLs with httpx: timeouts, a size cap and one-line errors."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from khabar import __version__

USER_AGENT = f"khabar/{__version__} (+https://github.com/khabar; news ingestion)"
MAX_DOWNLOAD = 10_000_000


class FetchError(RuntimeError):
    """A URL that could not be fetched; the message says why in one line."""


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str


class Fetcher:
    """An HTTP client shared by one ingest run."""

    def __init__(self, timeout: float = 20.0, connect_timeout: float = 5.0, max_bytes: int = MAX_DOWNLOAD) -> None:
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            follow_redirects=True,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
            },
        )

    def get(self, url: str) -> Fetched:
        try:
            with self._client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: larger than {self.max_bytes // 1_000_000} MB; not an article")
                    chunks.append(chunk)
                ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                return Fetched(url=str(resp.url), content=b"".join(chunks), content_type=ctype)
        except httpx.ConnectError as exc:
            raise FetchError(f"{url}: cannot connect ({_reason(exc)})") from exc
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out after {self.timeout:g} s") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"{url}: too many redirects") from exc
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(f"{url}: unsupported URL scheme") from exc
        except httpx.InvalidURL as exc:
            raise FetchError(f"{url}: not a valid URL ({exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {_reason(exc)}") from exc

    def close(self) -> None:
        self._client.close()


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if "connection refused" in low or "errno 111" in low:
        return "connection refused: nothing is listening there"
    if "name or service not known" in low or "nodename nor servname" in low or "name resolution" in low:
        return "unknown host name"
    return text.splitlines()[0]
