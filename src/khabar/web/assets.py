"""Front-end files, all served by this server (no CDN, works offline):

- ``/static/...``: Khabar's own CSS and scripts (``khabar/web/static``);
- ``/vendor/leaflet/...``: Leaflet, from the installed PyPI package ``XStatic-Leaflet``;
- ``/vendor/d3/d3.js``: D3 (v3), from ``XStatic-D3``: the network graph and the charts;
- ``/vendor/swagger/...``: Swagger UI, from ``swagger-ui-bundle``: the API docs at ``/docs``;
- ``/api/basemap.geojson``: country outlines from ``geo-intel-offline`` (see :mod:`khabar.web.basemap`).

Nothing third-party is copied into the repository: the files are read from the installed packages.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"


def vendor_dirs() -> dict[str, Path]:
    import swagger_ui_bundle
    import xstatic.pkg.d3 as d3
    import xstatic.pkg.leaflet as leaflet

    return {
        "leaflet": Path(leaflet.BASE_DIR),
        "d3": Path(d3.BASE_DIR),
        "swagger": Path(swagger_ui_bundle.swagger_ui_path),
    }


def mount(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name, path in vendor_dirs().items():
        app.mount(f"/vendor/{name}", StaticFiles(directory=path), name=f"vendor-{name}")
