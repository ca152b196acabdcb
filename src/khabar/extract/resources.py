"""Shared, loaded-once resources of the extraction components (KB, gazetteer, matchers)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from khabar.extract.kbmatch import KBMatcher
from khabar.kb import KnowledgeBase
from khabar.kb.geo import Gazetteer


@dataclass(frozen=True)
class Resources:
    kb: KnowledgeBase
    matcher: KBMatcher
    gazetteer: Gazetteer


@lru_cache(maxsize=8)
def load_resources(kb_files: tuple[str, ...] = ()) -> Resources:
    kb = KnowledgeBase.load([Path(p) for p in kb_files])
    return Resources(kb=kb, matcher=KBMatcher(kb), gazetteer=Gazetteer(kb))
