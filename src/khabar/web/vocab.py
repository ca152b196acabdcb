"""The fixed vocabularies the filters offer: entity types, relation predicates, PLOVER event types."""

from __future__ import annotations

from functools import cache

from khabar.model import EntityType, Predicate

ENTITY_TYPES = [t.value for t in EntityType]
PREDICATES = [p.value for p in Predicate]


@cache
def event_types() -> dict[str, dict[str, object]]:
    """PLOVER type -> its quad and weight (from the shipped ontology)."""
    from khabar.extract.ontology import load_ontology

    onto = load_ontology()
    return {name: {"quad": et.quad, "weight": et.weight, "conflict": et.weight < 0} for name, et in onto.types.items()}
