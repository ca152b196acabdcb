"""Sources to documents to the store: files, directories, URLs, feeds; deduplication; parallel extraction.

>>> from khabar.ingest import Ingestor
>>> report = Ingestor(store, workers=2).run(["articles/"])
"""

from khabar.ingest.extracting import extractor_version
from khabar.ingest.runner import Ingestor, IngestReport, Outcome

__all__ = ["IngestReport", "Ingestor", "Outcome", "extractor_version"]
