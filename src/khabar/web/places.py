"""Where things happened: coordinates for place clusters (the extraction's own, else the gazetteer
entry of the place's KB id, else the gazetteer and GeoNames by name), and the map's GeoJSON."""

from __future__ import annotations

from typing import Any

from khabar.store import queries
from khabar.store.views import EntityRef, EventView
from khabar.web.state import WebState


def coordinates(st: WebState, places: list[EntityRef]) -> dict[int, tuple[float, float]]:
    found = queries.place_coordinates(st.store, [p.id for p in places])
    for p in places:
        if p.id in found:
            continue
        entry = st.kb.get(p.kb_id) if p.kb_id else None
        if entry is not None and hasattr(entry, "lat"):
            found[p.id] = (entry.lat, entry.lon)
            continue
        hit = st.gazetteer.locate(p.name)
        if hit is not None and hit.lat is not None and hit.lon is not None:
            found[p.id] = (float(hit.lat), float(hit.lon))
    return found


def events_geojson(st: WebState, events: list[EventView]) -> dict[str, Any]:
    """A FeatureCollection with one point per located event (events without a place are left out)."""
    places = {e.place.id: e.place for e in events if e.place is not None}
    coords = coordinates(st, list(places.values()))
    features = []
    for e in events:
        if e.place is None or e.place.id not in coords:
            continue
        lat, lon = coords[e.place.id]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "event": e.id,
                    "type": e.type,
                    "date": e.date,
                    "place": e.place.name,
                    "place_id": e.place.id,
                    "fatalities": e.fatalities,
                    "documents": e.documents,
                    "actors": [a.name for a in e.actors],
                    "targets": [t.name for t in e.targets],
                    "url": f"/events/{e.id}",
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "unlocated": sum(1 for e in events if e.place is None or e.place.id not in coords),
    }
