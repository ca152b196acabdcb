"""What the web app holds while it runs: the store, its settings, and the slow things loaded once
when first needed (the knowledge base, the gazetteer, the extraction pipeline for web ingest)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request

from khabar.store import Store
from khabar.web.security import TOKEN_COOKIE, TOKEN_HEADER, bearer, token_matches


@dataclass
class WebState:
    store: Store
    read_only: bool = False
    token: str | None = None
    kb_files: Sequence[Path] = ()
    extractor_factory: Callable[[], Any] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)  # one web ingest at a time
    _kb: Any = None
    _gazetteer: Any = None
    _extractor: Any = None

    @property
    def kb(self) -> Any:
        """The actor knowledge base and gazetteer (shipped files plus the configured ``kb_files``)."""
        with self._lock:
            if self._kb is None:
                from khabar.kb import KnowledgeBase

                self._kb = KnowledgeBase.load(self.kb_files)
            return self._kb

    @property
    def gazetteer(self) -> Any:
        kb = self.kb
        with self._lock:
            if self._gazetteer is None:
                from khabar.kb.geo import Gazetteer

                self._gazetteer = Gazetteer(kb)
            return self._gazetteer

    def extractor(self) -> Any:
        """One extraction pipeline for every web ingest (loading spaCy takes seconds)."""
        with self._lock:
            if self._extractor is None:
                if self.extractor_factory is not None:
                    self._extractor = self.extractor_factory()
                else:
                    from khabar.extract.pipeline import Extractor

                    self._extractor = Extractor(kb_files=list(self.kb_files))
            return self._extractor

    # -- writes -----------------------------------------------------------------------------------
    @property
    def needs_token(self) -> bool:
        return bool(self.token)

    def token_ok(self, request: Request, given: str | None = None) -> bool:
        for candidate in (
            given,
            request.headers.get(TOKEN_HEADER),
            bearer(request.headers.get("authorization")),
            request.cookies.get(TOKEN_COOKIE),
        ):
            if candidate and token_matches(self.token, candidate):
                return True
        return not self.token

    def check_write(self, request: Request, given: str | None = None) -> None:
        """Raise 403 in read-only mode, 401 without the right token."""
        if self.read_only:
            raise HTTPException(
                403,
                "this server is read-only (started with --read-only): merges, splits, undos and ingests are disabled",
            )
        if not self.token_ok(request, given):
            raise HTTPException(
                401,
                "this action needs the server's token: send it in the X-Khabar-Token "
                "header (API) or the token field of the form (KHABAR_TOKEN / --token)",
            )


def state(request: Request) -> WebState:
    return request.app.state.khabar
