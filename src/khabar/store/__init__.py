"""The corpus store: documents, statements with provenance, clusters and decisions.

>>> from khabar.store import Store
>>> store = Store.open("sqlite:///corpus.db")      # migrations run on open
>>> with store.begin() as conn: ...               # one transaction
"""

from khabar.store.engine import StoreError, normalise_url
from khabar.store.handle import Store, default_url

__all__ = ["Store", "StoreError", "default_url", "normalise_url"]
