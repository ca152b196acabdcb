"""Actor knowledge base and place gazetteer: data files, loader, alias indexes."""

from khabar.kb.loader import DATA_DIR, KBError, KnowledgeBase
from khabar.kb.schema import Actor, Affiliation, Place

__all__ = ["DATA_DIR", "Actor", "Affiliation", "KBError", "KnowledgeBase", "Place"]
