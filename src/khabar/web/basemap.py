"""The map's basemap: country outlines that ship with an installed package, so the map works offline.

The outlines are Natural Earth's admin-0 countries (public domain) as simplified and shipped by the
PyPI package ``geo-intel-offline`` (``geo_intel_offline/data/polygons.json.gz``, ``[lat, lon]`` rings,
and ``metadata.json.gz`` with names and ISO codes). They are read once, simplified further for a
world view and served as GeoJSON; nothing is copied into this repository.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Any

#: Drop a vertex closer than this (degrees) to the last kept one: about 10 km at the equator.
TOLERANCE = 0.08


class BasemapMissing(RuntimeError):
    """The package that ships the country outlines is not installed."""


def _data_file(name: str) -> Any:
    try:
        return resources.files("geo_intel_offline").joinpath("data", name)
    except ModuleNotFoundError as exc:
        raise BasemapMissing(
            "the country outlines come from the package geo-intel-offline; "
            "install it with `pip install geo-intel-offline`"
        ) from exc


def _read(name: str) -> Any:
    with _data_file(name).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _simplify(ring: list[list[float]], tolerance: float) -> list[list[float]] | None:
    """``[lat, lon]`` ring -> closed ``[lon, lat]`` ring without near-duplicate vertices (None if degenerate)."""
    out: list[list[float]] = []
    for lat, lon in ring:
        if not out or abs(out[-1][0] - lon) >= tolerance or abs(out[-1][1] - lat) >= tolerance:
            out.append([round(lon, 2), round(lat, 2)])
    if len(out) < 3:
        return None
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


@lru_cache(maxsize=2)
def countries_geojson(tolerance: float = TOLERANCE) -> bytes:
    """A GeoJSON FeatureCollection (as UTF-8 bytes) of the world's countries, ``name`` and ``iso`` in
    each feature's properties."""
    polygons = _read("polygons.json.gz")
    try:
        meta = _read("metadata.json.gz")
    except FileNotFoundError:
        meta = {}
    features = []
    for key, poly in polygons.items():
        exteriors = poly.get("exteriors") or [poly.get("exterior") or []]
        parts = []
        for ext in exteriors:
            ring = _simplify(ext, tolerance)
            if ring is not None:
                parts.append([ring])
        if not parts:
            continue
        info = meta.get(key, {})
        features.append(
            {
                "type": "Feature",
                "properties": {"name": info.get("name") or "", "iso": info.get("iso2") or ""},
                "geometry": {"type": "MultiPolygon", "coordinates": parts},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()
