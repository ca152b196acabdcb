"""The server-rendered pages. As in Datasette, every page has a JSON twin: the same path with
``.json`` appended (``/actors`` -> ``/actors.json``, ``/actors/12`` -> ``/actors/12.json``, the home
page ``/`` -> ``/index.json``) returns the data the page shows, with the same query parameters."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from khabar.store import queries
from khabar.web import actions, graphview, highlight, vocab
from khabar.web.api import MAX_FIND, search_all
from khabar.web.kbfacts import kb_facts
from khabar.web.paging import Paging, pager_links
from khabar.web.state import WebState, state

router = APIRouter(include_in_schema=False)

St = Annotated[WebState, Depends(state)]
Pg = Annotated[Paging, Depends()]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def twin(path: str, template: str, *, json_path: str | None = None) -> Callable:
    """Register a page at ``path`` (HTML from ``template``) and its JSON twin at ``path + '.json'``.
    The decorated function returns the page's context; keys starting with ``_`` are for the template only."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def html(**kw: Any) -> Response:
            ctx = fn(**kw)
            if isinstance(ctx, Response):
                return ctx
            request: Request = kw["request"]
            return request.app.state.templates.TemplateResponse(request, template, ctx)

        @functools.wraps(fn)
        def as_json(**kw: Any) -> Response:
            ctx = fn(**kw)
            if isinstance(ctx, Response):
                if isinstance(ctx, RedirectResponse):
                    loc = ctx.headers["location"]
                    path_part, _, query = loc.partition("?")
                    return RedirectResponse(path_part + ".json" + ("?" + query if query else ""), ctx.status_code)
                return ctx
            return JSONResponse(jsonable_encoder({k: v for k, v in ctx.items() if not k.startswith("_")}))

        router.add_api_route(path, html, methods=["GET"], response_class=HTMLResponse)
        router.add_api_route(json_path or path + ".json", as_json, methods=["GET"])
        return fn

    return deco


# -- home, search --------------------------------------------------------------------------------------
@twin("/", "home.html", json_path="/index.json")
def home(request: Request, st: St) -> dict[str, Any]:
    return {
        "stats": queries.stats(st.store).model_dump(exclude={"database"}),
        "actors": queries.list_actors(st.store, top=12),
        "events": queries.list_events(st.store, limit=10),
        "event_types": vocab.event_types(),
    }


@twin("/search", "search.html")
def search_page(request: Request, st: St, pg: Pg, q: str | None = None) -> dict[str, Any]:
    q = _clean(q)
    return {"q": q or "", "results": search_all(st, q, pg) if q else None}


# -- actors --------------------------------------------------------------------------------------------
@twin("/actors", "actors.html")
def actors_page(request: Request, st: St, pg: Pg, type: str | None = None, q: str | None = None) -> dict[str, Any]:
    type_, q = _clean(type), _clean(q)
    if q:
        found = queries.find_entities(st.store, q, limit=MAX_FIND)
        page = pg.slice(
            [a for a in found if a.type == type_.upper()] if type_ else [a for a in found if a.type != "LOCATION"]
        )
    else:
        page = pg.page(
            queries.list_actors(st.store, type=type_, top=pg.limit, offset=pg.offset),
            queries.count_actors(st.store, type=type_),
        )
    return {
        "type": type_ or "",
        "q": q or "",
        "actors": page,
        "types": vocab.ENTITY_TYPES,
        "_pager": pager_links("/actors", {"type": type_, "q": q, "limit": pg.limit}, page),
    }


@twin("/actors/{actor_id:int}", "actor.html")
def actor_page(request: Request, st: St, actor_id: int) -> Any:
    try:
        prof = queries.actor_profile(st.store, actor_id, kb=st.kb)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    if prof.actor.id != actor_id:  # merged into another: show the one it lives in now
        return RedirectResponse(f"/actors/{prof.actor.id}", 307)
    events = sorted(prof.events, key=lambda e: (e.date or "", e.id), reverse=True)
    return {
        "profile": prof,
        "kb": kb_facts(st, prof.actor.kb_id),
        "events": events,
        "graph": graphview.neighbourhood(st, prof),
        "event_types": vocab.event_types(),
    }


# -- graph, timeline, map ------------------------------------------------------------------------------
@twin("/graph", "graph.html")
def graph_page(
    request: Request,
    st: St,
    predicate: str | None = None,
    type: Annotated[list[str] | None, Query()] = None,
    since: str | None = None,
    until: str | None = None,
    min_documents: Annotated[int, Query(ge=1)] = 1,
) -> dict[str, Any]:
    predicate = _clean(predicate)
    types = [t for t in (type or []) if t]
    data = graphview.network(
        st, predicate=predicate, types=types, since=_date(since), until=_date(until), min_documents=min_documents
    )
    return {
        "filters": {
            "predicate": predicate or "",
            "type": types,
            "since": since or "",
            "until": until or "",
            "min_documents": min_documents,
        },
        "graph": data,
        "predicates": vocab.PREDICATES,
        "types": vocab.ENTITY_TYPES,
    }


@twin("/timeline", "timeline.html")
def timeline_page(
    request: Request,
    st: St,
    pg: Pg,
    actor: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    flt: dict[str, Any] = {"actor": _clean(actor), "type": _clean(type), "since": _date(since), "until": _date(until)}
    events = queries.list_events(st.store, limit=pg.limit, offset=pg.offset, **flt)
    page = pg.page(events, queries.count_events(st.store, **flt))
    days: dict[str, list] = {}
    for e in events:
        days.setdefault(e.date or "undated", []).append(e)
    filters = {k: (v.isoformat() if isinstance(v, dt.date) else v) or "" for k, v in flt.items()}
    return {
        "filters": filters,
        "events": page,
        "event_types": vocab.event_types(),
        "_days": days,
        "_pager": pager_links("/timeline", {**filters, "limit": pg.limit}, page),
    }


@twin("/map", "map.html")
def map_page(
    request: Request,
    st: St,
    actor: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    from khabar.web import places

    flt: dict[str, Any] = {"actor": _clean(actor), "type": _clean(type), "since": _date(since), "until": _date(until)}
    events = queries.list_events(st.store, limit=1000, **flt)
    filters = {k: (v.isoformat() if isinstance(v, dt.date) else v) or "" for k, v in flt.items()}
    return {"filters": filters, "located": places.events_geojson(st, events), "event_types": vocab.event_types()}


# -- documents, events, quotes -------------------------------------------------------------------------
@twin("/documents", "documents.html")
def documents_page(request: Request, st: St, pg: Pg, publisher: str | None = None) -> dict[str, Any]:
    publisher = _clean(publisher)
    page = pg.page(
        queries.list_documents(st.store, limit=pg.limit, offset=pg.offset, publisher=publisher),
        queries.count_documents(st.store, publisher=publisher),
    )
    return {
        "publisher": publisher or "",
        "documents": page,
        "_pager": pager_links("/documents", {"publisher": publisher, "limit": pg.limit}, page),
    }


@twin("/documents/{document_id:int}", "document.html")
def document_page(request: Request, st: St, document_id: int) -> dict[str, Any]:
    try:
        detail = queries.document_detail(st.store, document_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    mentions = queries.document_mentions(st.store, document_id)
    segs = highlight.segments(detail.text, mentions, detail.statements)
    by_kind: dict[str, list] = {"relation": [], "event": [], "quote": []}
    for s in detail.statements:
        by_kind.setdefault(s["kind"], []).append(s)
    return {
        "document": detail.document,
        "entities": detail.entities,
        "statements": detail.statements,
        "duplicates": detail.duplicates,
        "mentions": mentions,
        "segments": highlight.to_json(segs),
        "_text": highlight.render(segs),
        "_by_kind": by_kind,
    }


@twin("/events/{event_id:int}", "event.html")
def event_page(request: Request, st: St, event_id: int) -> dict[str, Any]:
    try:
        event = queries.event_detail(st.store, event_id)
    except queries.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return {"event": event, "ontology": vocab.event_types().get(event.type)}


@twin("/quotes", "quotes.html")
def quotes_page(
    request: Request, st: St, pg: Pg, speaker: str | None = None, about: str | None = None
) -> dict[str, Any]:
    speaker, about = _clean(speaker), _clean(about)
    page = pg.page(
        queries.list_quotes(st.store, speaker=speaker, about=about, limit=pg.limit, offset=pg.offset),
        queries.count_quotes(st.store, speaker=speaker, about=about),
    )
    return {
        "speaker": speaker or "",
        "about": about or "",
        "quotes": page,
        "_pager": pager_links("/quotes", {"speaker": speaker, "about": about, "limit": pg.limit}, page),
    }


# -- entity review -------------------------------------------------------------------------------------
@twin("/review", "review.html")
def review_page(
    request: Request,
    st: St,
    pg: Pg,
    q: str | None = None,
    entity: int | None = None,
    done: str | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    q = _clean(q)
    candidates = queries.find_entities(st.store, q, limit=30) if q else []
    focus = None
    if entity is not None:
        try:
            prof = queries.actor_profile(st.store, entity)
        except queries.NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        focus = {
            "actor": prof.actor,
            "aliases": prof.aliases,
            "documents": prof.documents,
            "history": list(reversed(actions.history(st, prof.actor.id))),
        }
    decisions, total = queries.recent_decisions(st.store, actor="user", limit=pg.limit, offset=pg.offset)
    page = pg.page(decisions, total)
    return {
        "q": q or "",
        "candidates": candidates,
        "entity": focus,
        "decisions": page,
        "done": _clean(done),
        "error": _clean(error),
        "_pager": pager_links("/review", {"q": q, "entity": entity, "limit": pg.limit}, page),
    }
