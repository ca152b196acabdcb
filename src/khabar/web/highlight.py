"""The document view's highlighted text, built safely: the article is cut at every mention and
statement boundary, each piece is escaped, and only then wrapped in our own ``<a>``/``<span>`` tags
(whose attribute values are escaped too). Nothing from the article is ever marked safe as it is.

A piece inside a mention links to the actor; a piece inside an event's evidence (and no mention)
links to the event; inside a quote, to the speaker's quotes; inside a relation, to the subject's
relations. Every piece carries the ids of the statements it belongs to (``data-st``), and the first
piece of each statement the anchor ``st-ID``, so a source link can point at its sentence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from khabar.store.views import MentionSpan

KIND_ORDER = ("event", "quote", "relation")


@dataclass
class Segment:
    start: int
    end: int
    text: str
    mention: MentionSpan | None = None
    statements: list[dict[str, Any]] = field(default_factory=list)

    def href(self) -> str | None:
        if self.mention is not None and self.mention.entity is not None:
            return f"/actors/{self.mention.entity.id}"
        for kind in KIND_ORDER:
            for st in self.statements:
                if st["kind"] != kind:
                    continue
                if kind == "event" and st.get("event"):
                    return f"/events/{int(st['event'])}"
                role = "speaker" if kind == "quote" else "subject"
                who = next((a["entity"] for a in st.get("args", []) if a["role"] == role), None)
                if who is not None:
                    return f"/actors/{int(who['id'])}#{'quotes' if kind == 'quote' else 'relations'}"
        return None

    def title(self) -> str:
        parts = []
        if self.mention is not None:
            ent = self.mention.entity
            parts.append(f"{ent.name} ({ent.type})" if ent else f"{self.mention.text} ({self.mention.type})")
        for st in self.statements:
            label = st["label"]
            if st["kind"] == "event":
                parts.append(f"event: {label}" + (f", {st['date']}" if st.get("date") else ""))
            elif st["kind"] == "quote":
                who = next((a["entity"]["name"] for a in st.get("args", []) if a["role"] == "speaker"), "unknown")
                parts.append(f"{label} quote by {who}")
            else:
                roles = {a["role"]: a["entity"]["name"] for a in st.get("args", [])}
                parts.append(f"{roles.get('subject', '?')} {label} {roles.get('object', '?')}")
        return "; ".join(parts)


def _valid(start: Any, end: Any, n: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n


def segments(text: str, mentions: list[MentionSpan], statements: list[dict[str, Any]]) -> list[Segment]:
    """The text cut at every annotation boundary; each piece knows its innermost mention and its statements."""
    n = len(text)
    ms = [m for m in mentions if _valid(m.start, m.end, n)]
    sts = [s for s in statements if _valid(s.get("start"), s.get("end"), n)]
    cuts = sorted(
        {0, n, *(m.start for m in ms), *(m.end for m in ms), *(s["start"] for s in sts), *(s["end"] for s in sts)}
    )
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        inside = [m for m in ms if m.start <= a and m.end >= b]
        mention = min(inside, key=lambda m: (m.end - m.start, m.id)) if inside else None
        covering = [s for s in sts if s["start"] <= a and s["end"] >= b]
        out.append(Segment(a, b, text[a:b], mention, covering))
    return out


def render(segs: list[Segment]) -> Markup:
    """Escaped HTML of the highlighted text."""
    seen: set[int] = set()
    html: list[str] = []
    for seg in segs:
        body = escape(seg.text)
        if seg.mention is None and not seg.statements:
            html.append(body)
            continue
        classes = ["hl"]
        if seg.mention is not None:
            classes += ["m", f"t-{seg.mention.type.lower()}"]
            if seg.mention.entity is None:
                classes.append("unlinked")
        classes += sorted({f"s-{s['kind']}" for s in seg.statements})
        attrs = {"class": " ".join(classes), "title": seg.title()}
        ids = [int(s["id"]) for s in seg.statements]
        if ids:
            attrs["data-st"] = " ".join(map(str, ids))
        first = [i for i in ids if i not in seen]
        if first:
            attrs["id"] = f"st-{first[0]}"
            seen.update(first)
            html.extend(f'<span class="anchor" id="st-{i}"></span>' for i in first[1:])
        if seg.mention is not None and seg.mention.entity is not None:
            attrs["data-entity"] = str(seg.mention.entity.id)
        href = seg.href()
        tag = "a" if href else "span"
        if href:
            attrs["href"] = href
        attr_html = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
        html.append(f"<{tag}{attr_html}>{body}</{tag}>")
    return Markup("".join(html))  # every piece above was escaped


def to_json(segs: list[Segment]) -> list[dict[str, Any]]:
    return [
        {
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "href": s.href(),
            "entity": s.mention.entity.model_dump() if s.mention and s.mention.entity else None,
            "statements": [int(x["id"]) for x in s.statements],
        }
        for s in segs
    ]
