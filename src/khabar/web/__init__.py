"""The analyst's workbench: a FastAPI app (JSON API and server-rendered pages) over a Khabar store.

>>> from khabar.web import create_app
>>> app = create_app("sqlite:///corpus.db")
"""

from khabar.web.app import create_app

__all__ = ["create_app"]
