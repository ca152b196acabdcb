"""Pagination: every list the API or a page returns is ``{"items": [...], "total": n, "limit": l, "offset": o}``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")

MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class Paging:
    """``?limit=`` (1-500) and ``?offset=`` query parameters."""

    def __init__(
        self,
        limit: int = Query(50, ge=1, le=MAX_LIMIT, description="Items per page (at most 500)."),
        offset: int = Query(0, ge=0, description="Items to skip."),
    ) -> None:
        self.limit = limit
        self.offset = offset

    def page(self, items: Sequence[Any], total: int) -> dict[str, Any]:
        return {"items": list(items), "total": total, "limit": self.limit, "offset": self.offset}

    def slice(self, items: Sequence[Any]) -> dict[str, Any]:
        """Paginate a list that is already whole."""
        return self.page(items[self.offset : self.offset + self.limit], len(items))


def pager_links(path: str, params: dict[str, Any], page: dict[str, Any]) -> dict[str, str | None]:
    """Previous/next links of an HTML page, keeping its other query parameters."""
    keep = {k: v for k, v in params.items() if v not in (None, "") and k not in ("offset",)}
    limit, offset, total = page["limit"], page["offset"], page["total"]

    def link(off: int) -> str:
        q = {**keep, "offset": off} if off else keep
        return path + ("?" + urlencode(q) if q else "")

    return {
        "prev": link(max(0, offset - limit)) if offset > 0 else None,
        "next": link(offset + limit) if offset + limit < total else None,
        "first": offset + 1 if total else 0,
        "last": min(offset + limit, total),
        "total": str(total),
    }
