"""Reviewing resolution: merge two clusters, split one, read its history, undo.

Every change is a :class:`~khabar.store.schema.Decision` with ``actor="user"``; a split records a
*separation* (the pair will not be merged again without ``force``) and *pins* (the moved names stay
where the user put them when their documents are re-extracted).
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, or_, select, update

from khabar.normalize import name_key
from khabar.resolve.entities import rebuild_names, record, refresh_name, resolve_entity
from khabar.store.schema import Decision, DocEntity, DocEntityName, Entity, EntityName, Event, Pin, Separation, utcnow


class ReviewError(ValueError):
    """A merge or split that cannot be done; the message says why."""


def _get(conn: Connection, entity_id: int):
    row = conn.execute(
        select(
            Entity.id, Entity.name, Entity.type, Entity.kb_id, Entity.status, Entity.merged_into, Entity.name_locked
        ).where(Entity.id == entity_id)
    ).one_or_none()
    if row is None:
        raise ReviewError(f"no entity {entity_id}")
    return row


def _separated(conn: Connection, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return (
        conn.execute(select(Separation.id).where(Separation.entity_a == lo, Separation.entity_b == hi)).first()
        is not None
    )


def _separate(conn: Connection, a: int, b: int, decision_id: int) -> None:
    lo, hi = min(a, b), max(a, b)
    if not _separated(conn, lo, hi):
        conn.execute(insert(Separation).values(entity_a=lo, entity_b=hi, decision_id=decision_id))


def merge(
    conn: Connection, keep: int, other: int, *, reason: str | None = None, force: bool = False, actor: str = "user"
) -> int:
    """Merge cluster ``other`` into ``keep``; returns the decision id."""
    a, b = _get(conn, keep), _get(conn, other)
    if a.id == b.id:
        raise ReviewError("cannot merge an entity with itself")
    for e in (a, b):
        if e.status != "active":
            raise ReviewError(f"entity {e.id} ({e.name}) was merged into {e.merged_into}; use that one")
    if a.kb_id and b.kb_id and a.kb_id != b.kb_id and not force:
        raise ReviewError(
            f"{a.name} ({a.kb_id}) and {b.name} ({b.kb_id}) are different knowledge-base "
            "entries; use --force to merge anyway"
        )
    if _separated(conn, a.id, b.id) and not force:
        raise ReviewError(f"{a.id} and {b.id} were split apart by an earlier decision; use --force to merge")
    moved = conn.execute(select(DocEntity.id).where(DocEntity.entity_id == b.id)).scalars().all()
    pins = conn.execute(select(Pin.id).where(Pin.entity_id == b.id)).scalars().all()
    events = conn.execute(select(Event.id).where(Event.place_entity_id == b.id)).scalars().all()
    did = record(
        conn,
        "merge",
        reason or f"merged {b.name!r} into {a.name!r}",
        entity_id=a.id,
        other_id=b.id,
        score=None,
        actor=actor,
        features={
            "doc_entities": list(moved),
            "pins": list(pins),
            "events": list(events),
            "kept": {"name": a.name, "kb_id": a.kb_id, "type": a.type, "name_locked": bool(a.name_locked)},
            "merged": {"name": b.name, "kb_id": b.kb_id, "type": b.type},
        },
    )
    conn.execute(update(DocEntity).where(DocEntity.entity_id == b.id).values(entity_id=a.id))
    conn.execute(update(Pin).where(Pin.entity_id == b.id).values(entity_id=a.id))
    conn.execute(update(Event).where(Event.place_entity_id == b.id).values(place_entity_id=a.id))
    # the kept cluster keeps its name (the user chose it); it adopts the other's KB entry if it has none
    values: dict = {"updated_at": utcnow(), "name_locked": not (not a.kb_id and b.kb_id)}
    if not a.kb_id and b.kb_id:
        values.update(kb_id=b.kb_id, name=b.name)
    conn.execute(update(Entity).where(Entity.id == a.id).values(**values))
    conn.execute(update(Entity).where(Entity.id == b.id).values(status="merged", merged_into=a.id, updated_at=utcnow()))
    rebuild_names(conn, [a.id, b.id])
    return did


def _undo_merge(conn: Connection, dec, actor: str) -> int:
    keep, other = dec.entity_id, dec.other_id
    feats = dec.features or {}
    moved = feats.get("doc_entities", [])
    sid = record(
        conn,
        "split",
        f"undid merge decision {dec.id}",
        entity_id=keep,
        other_id=other,
        actor=actor,
        features={"undoes": dec.id, "doc_entities": moved},
    )
    conn.execute(
        update(Entity).where(Entity.id == other).values(status="active", merged_into=None, updated_at=utcnow())
    )
    if moved:
        conn.execute(
            update(DocEntity).where(DocEntity.id.in_(moved), DocEntity.entity_id == keep).values(entity_id=other)
        )
    if feats.get("pins"):
        conn.execute(update(Pin).where(Pin.id.in_(feats["pins"])).values(entity_id=other))
    if feats.get("events"):
        conn.execute(update(Event).where(Event.id.in_(feats["events"])).values(place_entity_id=other))
    kept = feats.get("kept", {})
    if "kb_id" in kept:
        conn.execute(
            update(Entity)
            .where(Entity.id == keep)
            .values(kb_id=kept["kb_id"], name=kept["name"], name_locked=bool(kept.get("name_locked")))
        )
    conn.execute(update(Decision).where(Decision.id == dec.id).values(undone_by=sid))
    _separate(conn, keep, other, sid)
    rebuild_names(conn, [keep, other])
    refresh_name(conn, keep)
    refresh_name(conn, other)
    return sid


def _move_out(
    conn: Connection, entity_id: int, doc_entities: list[int], reason: str, actor: str, extra: dict | None = None
) -> tuple[int, int]:
    src = _get(conn, entity_id)
    names = conn.execute(select(DocEntity.name).where(DocEntity.id.in_(doc_entities))).scalars().all()
    best = max(names, key=lambda n: (len(n.split()) > 1, len(n))) if names else src.name
    new_id = conn.execute(
        insert(Entity)
        .values(name=best, type=src.type, kb_id=None, status="active", created_at=utcnow(), updated_at=utcnow())
        .returning(Entity.id)
    ).scalar_one()
    sid = record(
        conn,
        "split",
        reason,
        entity_id=entity_id,
        other_id=new_id,
        actor=actor,
        features={"doc_entities": doc_entities, **(extra or {})},
    )
    conn.execute(update(DocEntity).where(DocEntity.id.in_(doc_entities)).values(entity_id=new_id))
    for _de, doc_id, name in conn.execute(
        select(DocEntity.id, DocEntity.document_id, DocEntity.name).where(DocEntity.id.in_(doc_entities))
    ).all():
        key = name_key(name)
        conn.execute(delete(Pin).where(Pin.document_id == doc_id, Pin.key == key))
        conn.execute(insert(Pin).values(document_id=doc_id, key=key, entity_id=new_id, decision_id=sid))
    _separate(conn, entity_id, new_id, sid)
    rebuild_names(conn, [entity_id, new_id])
    refresh_name(conn, entity_id)
    refresh_name(conn, new_id)
    return sid, new_id


def split(
    conn: Connection,
    entity_id: int,
    *,
    decision: int | None = None,
    names: list[str] | None = None,
    documents: list[int] | None = None,
    actor: str = "user",
) -> dict:
    """Split a cluster: undo a merge or link decision, or move out the mentions under some names or
    from some documents. With no option, undo the latest merge into it. Returns what was done."""
    ent = _get(conn, entity_id)
    if ent.status != "active":
        raise ReviewError(f"entity {entity_id} was merged into {ent.merged_into}; split that one")
    if names or documents:
        q = select(DocEntity.id).where(DocEntity.entity_id == entity_id)
        conds = []
        if names:
            keys = [name_key(n) for n in names]
            conds.append(DocEntity.id.in_(select(DocEntityName.doc_entity_id).where(DocEntityName.key.in_(keys))))
        if documents:
            conds.append(DocEntity.document_id.in_(documents))
        moving = conn.execute(q.where(or_(*conds))).scalars().all()
        if not moving:
            raise ReviewError(f"entity {entity_id} has no mentions under those names or documents")
        total = conn.execute(select(DocEntity.id).where(DocEntity.entity_id == entity_id)).scalars().all()
        if len(moving) == len(total):
            raise ReviewError("that would move every mention; nothing would be left to split from")
        what = ", ".join([*(names or []), *(f"document {d}" for d in documents or [])])
        sid, new_id = _move_out(
            conn,
            entity_id,
            list(moving),
            f"split out {what}",
            actor,
            {"names": names or [], "documents": documents or []},
        )
        return {"decision": sid, "entity": entity_id, "new_entity": new_id, "moved": len(moving)}
    if decision is None:
        dec = conn.execute(
            select(Decision.__table__)
            .where(Decision.kind == "merge", Decision.entity_id == entity_id, Decision.undone_by.is_(None))
            .order_by(Decision.id.desc())
            .limit(1)
        ).first()
        if dec is None:
            raise ReviewError(
                f"entity {entity_id} has no merge to undo; name what to split with --name, --document or --decision"
            )
    else:
        dec = conn.execute(select(Decision.__table__).where(Decision.id == decision)).first()
        if dec is None:
            raise ReviewError(f"no decision {decision}")
        if dec.undone_by is not None:
            raise ReviewError(f"decision {decision} was already undone by decision {dec.undone_by}")
    if dec.kind == "merge":
        if resolve_entity(conn, dec.entity_id) != entity_id:
            raise ReviewError(f"decision {dec.id} did not merge into entity {entity_id}")
        sid = _undo_merge(conn, dec, actor)
        return {
            "decision": sid,
            "entity": entity_id,
            "new_entity": dec.other_id,
            "moved": len((dec.features or {}).get("doc_entities", [])),
        }
    if dec.kind == "link":
        de = (dec.features or {}).get("doc_entity")
        still = conn.execute(select(DocEntity.id).where(DocEntity.id == de, DocEntity.entity_id == entity_id)).scalar()
        if still is None:
            raise ReviewError(f"decision {dec.id} linked a mention that is no longer in entity {entity_id}")
        sid, new_id = _move_out(conn, entity_id, [de], f"undid link decision {dec.id}", actor, {"undoes": dec.id})
        conn.execute(update(Decision).where(Decision.id == dec.id).values(undone_by=sid))
        return {"decision": sid, "entity": entity_id, "new_entity": new_id, "moved": 1}
    raise ReviewError(f"decision {dec.id} is a {dec.kind!r} decision; only merges and links can be undone")


def history(conn: Connection, entity_id: int) -> list[dict]:
    """Every decision about this cluster (links, merges, splits), oldest first."""
    cond = or_(Decision.entity_id == entity_id, Decision.other_id == entity_id)
    rows = conn.execute(select(Decision.__table__).where(cond).order_by(Decision.id)).all()
    return [
        {
            "id": d.id,
            "kind": d.kind,
            "entity": d.entity_id,
            "other": d.other_id,
            "document": d.document_id,
            "score": d.score,
            "reason": d.reason,
            "actor": d.actor,
            "created_at": d.created_at.isoformat(timespec="seconds"),
            "undone_by": d.undone_by,
            "features": d.features,
        }
        for d in rows
    ]


def drop_empty_clusters(conn: Connection, candidates: list[int] | None = None) -> int:
    """Delete active clusters left without mentions (after re-extraction) that no user decision holds;
    among ``candidates`` if given."""
    used = select(DocEntity.entity_id).where(DocEntity.entity_id.is_not(None)).distinct()
    pinned = select(Pin.entity_id).distinct()
    targets = select(Entity.merged_into).where(Entity.merged_into.is_not(None)).distinct()
    q = select(Entity.id).where(
        Entity.status == "active", Entity.id.not_in(used), Entity.id.not_in(pinned), Entity.id.not_in(targets)
    )
    if candidates is not None:
        if not candidates:
            return 0
        q = q.where(Entity.id.in_(sorted({c for c in candidates if c is not None})))
    empty = conn.execute(q).scalars().all()
    if not empty:
        return 0
    conn.execute(update(Event).where(Event.place_entity_id.in_(empty)).values(place_entity_id=None))
    conn.execute(delete(EntityName).where(EntityName.entity_id.in_(empty)))
    conn.execute(delete(Entity).where(Entity.id.in_(empty)))
    return len(empty)


def undo(conn: Connection, decision_id: int, *, actor: str = "user") -> dict:
    """Undo one decision: a merge or a link is split apart again (as :func:`split` with ``decision``);
    a split is merged back (forced past the separation it recorded). Returns what was done."""
    dec = conn.execute(select(Decision.__table__).where(Decision.id == decision_id)).first()
    if dec is None:
        raise ReviewError(f"no decision {decision_id}")
    if dec.undone_by is not None:
        raise ReviewError(f"decision {decision_id} was already undone by decision {dec.undone_by}")
    if dec.kind in ("merge", "link"):
        return split(conn, resolve_entity(conn, dec.entity_id), decision=decision_id, actor=actor)
    if dec.kind == "split":
        keep, other = resolve_entity(conn, dec.entity_id), resolve_entity(conn, dec.other_id)
        if keep == other:
            raise ReviewError(f"the two sides of split {decision_id} are one entity again")
        mid = merge(conn, keep, other, reason=f"undid split decision {decision_id}", force=True, actor=actor)
        conn.execute(update(Decision).where(Decision.id == decision_id).values(undone_by=mid))
        return {"decision": mid, "entity": keep, "merged": other}
    raise ReviewError(f"decision {decision_id} is a {dec.kind!r} decision; only merges, links and splits can be undone")
