"""Event merging across sources: reports of one happening become one event with all its sources.

Two event statements from different documents are one event when they have the same type, dates
within :data:`MAX_DAYS` days of each other (or the same month when either is only a month), and
share a participant (actor or target cluster) or the place. Threats and hypotheticals never merge
with reports of things that happened.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Connection, delete, insert, select, update

from khabar.resolve.entities import flush_decisions, record
from khabar.store.schema import DocEntity, Entity, Event, Statement, StatementArg, utcnow

MAX_DAYS = 2
REAL = frozenset({"asserted", "claimed_by", "denied"})
PARTICIPANT_ROLES = ("actor", "target", "claimed_by")


def _day(value: str | None) -> dt.date | None:
    if value and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _status_group(status: str | None) -> str:
    return "real" if (status or "asserted") in REAL else str(status)


def _statement_clusters(conn: Connection, statement_ids: list[int]) -> dict[int, dict[str, set[int]]]:
    out: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    if not statement_ids:
        return out
    rows = conn.execute(
        select(StatementArg.statement_id, StatementArg.role, DocEntity.entity_id)
        .join(DocEntity, DocEntity.id == StatementArg.doc_entity_id)
        .where(StatementArg.statement_id.in_(statement_ids))
    )
    for sid, role, eid in rows:
        if eid is not None:
            out[sid][role].add(eid)
    return out


Profile = tuple[set[int], set[int], set[int], set[str]]


def _event_profiles(conn: Connection, event_ids: list[int]) -> dict[int, Profile]:
    """(participants, places, documents, status groups) of each event, from its statements."""
    out: dict[int, Profile] = {e: (set(), set(), set(), set()) for e in event_ids}
    if not event_ids:
        return out
    sts = conn.execute(
        select(Statement.id, Statement.event_id, Statement.document_id, Statement.status).where(
            Statement.event_id.in_(event_ids)
        )
    ).all()
    clusters = _statement_clusters(conn, [s.id for s in sts])
    for s in sts:
        parts, places, docs, statuses = out[s.event_id]
        roles = clusters.get(s.id, {})
        for r in PARTICIPANT_ROLES:
            parts |= roles.get(r, set())
        places |= roles.get("location", set())
        docs.add(s.document_id)
        statuses.add(_status_group(s.status))
    for eid, place in conn.execute(
        select(Event.id, Event.place_entity_id).where(Event.id.in_(event_ids), Event.place_entity_id.is_not(None))
    ):
        out[eid][1].add(place)
    return out


#: A place of these kinds contains the places under it for event merging (an attack "in Baghdad" and one
#: "in Baghdad's Green Zone" can be one); wider ones (countries, governorates) do not.
CONTAINER_KINDS = frozenset(
    {
        "city",
        "town",
        "village",
        "district",
        "neighbourhood",
        "zone",
        "facility",
        "airport",
        "base",
        "port",
        "field",
        "border_crossing",
        "landmark",
    }
)


class _Places:
    """Place clusters compared through the gazetteer: the same place, or one city-level place inside another."""

    def __init__(self, conn: Connection, kb: object | None) -> None:
        self.conn, self.kb = conn, kb
        self._kb_ids: dict[int, str | None] = {}

    def _kb_id(self, cluster: int) -> str | None:
        if cluster not in self._kb_ids:
            self._kb_ids[cluster] = self.conn.execute(select(Entity.kb_id).where(Entity.id == cluster)).scalar()
        return self._kb_ids[cluster]

    def _within(self, kb_id: str) -> set[str]:
        """The city-level places containing ``kb_id`` (itself excluded)."""
        out: set[str] = set()
        place = self.kb.places.get(kb_id) if self.kb is not None else None  # type: ignore[attr-defined]
        for _ in range(6):
            if place is None or not place.parent:
                break
            place = self.kb.places.get(place.parent)  # type: ignore[attr-defined]
            if place is not None and place.kind in CONTAINER_KINDS:
                out.add(place.id)
        return out

    def overlap(self, mine: set[int], theirs: set[int]) -> bool:
        if mine & theirs:
            return True
        a = {k for c in mine if (k := self._kb_id(c))}
        b = {k for c in theirs if (k := self._kb_id(c))}
        if a & b:
            return True
        return any(x in self._within(y) for x in a for y in b) or any(y in self._within(x) for x in a for y in b)


def _candidates(conn: Connection, type_: str, date: str) -> list[tuple[int, str | None]]:
    day = _day(date)
    q = select(Event.id, Event.date).where(Event.type == type_)
    if day is not None:
        lo, hi = (day - dt.timedelta(days=MAX_DAYS)).isoformat(), (day + dt.timedelta(days=MAX_DAYS)).isoformat()
        q = q.where(((Event.date >= lo) & (Event.date <= hi)) | (Event.date == date[:7]))
    else:
        q = q.where((Event.date == date) | (Event.date.like(f"{date[:7]}-%")))
    # a fixed order (newest first) so SQLite and PostgreSQL consider the same 200 candidates
    return [(r[0], r[1]) for r in conn.execute(q.order_by(Event.id.desc()).limit(200))]


def merge_document_events(conn: Connection, document_id: int, kb: object | None = None) -> list[int]:
    """Attach each event statement of the document to a matching event or a new one; returns event ids.
    With the knowledge base, a place inside another city-level place counts as the same place."""
    geo = _Places(conn, kb)
    sts = conn.execute(
        select(Statement.id, Statement.label, Statement.date, Statement.status, Statement.data)
        .where(Statement.document_id == document_id, Statement.kind == "event")
        .order_by(Statement.id)
    ).all()
    clusters = _statement_clusters(conn, [s.id for s in sts])
    profiles: dict[int, Profile] = {}
    pending: list[dict] = []
    out = []
    for st in sts:
        roles = clusters.get(st.id, {})
        parts = set().union(*(roles.get(r, set()) for r in PARTICIPANT_ROLES))
        places = set(roles.get("location", set()))
        event_id = None
        if st.date:
            best: tuple[float, int, dict] | None = None
            cands = _candidates(conn, st.label, st.date)
            profiles.update(_event_profiles(conn, [c for c, _ in cands if c not in profiles]))
            for cand_id, cand_date in cands:
                c_parts, c_places, c_docs, c_status = profiles[cand_id]
                if document_id in c_docs or _status_group(st.status) not in c_status:
                    continue
                shared = sorted(parts & c_parts)
                same_place = bool(places and c_places and geo.overlap(places, c_places))
                if not shared and not same_place:
                    continue
                d1, d2 = _day(st.date), _day(cand_date)
                delta = abs((d1 - d2).days) if d1 and d2 else None
                score = (
                    0.4
                    + 0.3 * min(1.0, len(shared) / max(1, min(len(parts), len(c_parts))))
                    + (0.3 if same_place else 0.0)
                    - 0.05 * (delta or 0)
                )
                feats = {
                    "statement": st.id,
                    "type": st.label,
                    "date": st.date,
                    "other_date": cand_date,
                    "days_apart": delta,
                    "shared_participants": shared,
                    "same_place": same_place,
                    "other_documents": sorted(c_docs),
                }
                if best is None or score > best[0]:
                    best = (round(score, 3), cand_id, feats)
            if best is not None:
                event_id = best[1]
                bits = [f"same type {st.label}", f"dates {st.date} / {best[2]['other_date']}"]
                if best[2]["shared_participants"]:
                    bits.append(f"{len(best[2]['shared_participants'])} shared participant(s)")
                if best[2]["same_place"]:
                    bits.append("same place")
                record(
                    conn,
                    "event_merge",
                    ", ".join(bits),
                    event_id=event_id,
                    document_id=document_id,
                    score=best[0],
                    features=best[2],
                    pending=pending,
                )
                conn.execute(update(Event).where(Event.id == event_id).values(updated_at=utcnow()))
        if event_id is None:
            data = st.data or {}
            event_id = conn.execute(
                insert(Event)
                .values(
                    type=st.label,
                    date=st.date,
                    date_precision=data.get("date_precision"),
                    place_entity_id=min(places) if places else None,
                    location_name=None,
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
                .returning(Event.id)
            ).scalar_one()
        conn.execute(update(Statement).where(Statement.id == st.id).values(event_id=event_id))
        profiles.pop(event_id, None)  # it now holds this document's report
        out.append(event_id)
    flush_decisions(conn, pending)
    return out


def drop_orphan_events(conn: Connection, candidates: list[int] | None = None) -> int:
    """Delete events no statement reports any more (after re-extraction), among ``candidates`` if given."""
    used = select(Statement.event_id).where(Statement.event_id.is_not(None)).distinct()
    q = delete(Event).where(Event.id.not_in(used))
    if candidates is not None:
        if not candidates:
            return 0
        q = q.where(Event.id.in_(sorted(set(candidates))))
    return conn.execute(q).rowcount or 0


def unmerge_statement(conn: Connection, statement_id: int, *, actor: str = "user") -> int:
    """Take one report out of its event into an event of its own; returns the new event id."""
    st = conn.execute(
        select(
            Statement.id, Statement.label, Statement.date, Statement.event_id, Statement.data, Statement.document_id
        ).where(Statement.id == statement_id, Statement.kind == "event")
    ).one_or_none()
    if st is None:
        raise LookupError(f"no event statement {statement_id}")
    new_id = conn.execute(
        insert(Event)
        .values(
            type=st.label,
            date=st.date,
            date_precision=(st.data or {}).get("date_precision"),
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        .returning(Event.id)
    ).scalar_one()
    conn.execute(update(Statement).where(Statement.id == statement_id).values(event_id=new_id))
    record(
        conn,
        "event_split",
        f"statement {statement_id} taken out of event {st.event_id}",
        event_id=new_id,
        other_id=st.event_id,
        document_id=st.document_id,
        actor=actor,
        features={"statement": statement_id, "from_event": st.event_id},
    )
    drop_orphan_events(conn)
    return new_id
