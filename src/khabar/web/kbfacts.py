"""What the knowledge base says about an actor, for its profile (names resolved for display)."""

from __future__ import annotations

from typing import Any

from khabar.web.state import WebState


def kb_facts(st: WebState, kb_id: str | None) -> dict[str, Any] | None:
    if not kb_id:
        return None
    entry = st.kb.get(kb_id)
    if entry is None:
        return None
    facts: dict[str, Any] = {
        "id": entry.id,
        "name": entry.name,
        "description": entry.description,
        "country": getattr(entry, "country", None),
    }
    if hasattr(entry, "affiliations"):
        facts.update(
            type=str(entry.type),
            aliases=entry.aliases,
            acronyms=entry.acronyms,
            translations=entry.translations,
            roles=entry.roles,
            affiliations=[
                {
                    "predicate": str(a.predicate),
                    "object": a.object,
                    "object_name": getattr(st.kb.get(a.object), "name", a.object),
                    "since": a.since,
                    "until": a.until,
                    "note": a.note,
                }
                for a in entry.affiliations
            ],
        )
    else:
        facts.update(kind=entry.kind, aliases=entry.aliases, lat=entry.lat, lon=entry.lon)
    return facts
