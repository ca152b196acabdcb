"""Jinja2 set-up for the pages: autoescaping everywhere (set by the app), and a few filters. No
filter marks article text safe: :func:`snippet` escapes the text first and adds only its own tags."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from markupsafe import Markup, escape

NAV = [
    ("/", "Home"),
    ("/search", "Search"),
    ("/actors", "Actors"),
    ("/graph", "Network"),
    ("/timeline", "Timeline"),
    ("/map", "Map"),
    ("/documents", "Documents"),
    ("/quotes", "Quotes"),
    ("/review", "Review"),
]


def snippet(text: str | None) -> Markup:
    """A search snippet whose matches the store marked ``[like this]``: escaped, then the brackets
    become ``<mark>`` (brackets are not HTML-special, so escaping leaves them in place)."""
    safe = str(escape(text or ""))
    return Markup(safe.replace("[", "<mark>").replace("]", "</mark>"))


def type_label(value: str | None) -> str:
    return (value or "").replace("_", " ").lower()


def query(params: dict[str, Any] | None = None, **extra: Any) -> str:
    merged = {**(params or {}), **extra}
    flat = [(k, x) for k, v in merged.items() for x in (v if isinstance(v, list) else [v]) if x not in (None, "")]
    return "?" + urlencode(flat) if flat else ""


def nice_date(value: Any) -> str:
    if value is None or value == "":
        return "undated"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def setup(env: Environment) -> None:
    env.filters.update(snippet=snippet, type_label=type_label, nice_date=nice_date)
    env.globals.update(nav=NAV, query=query)
