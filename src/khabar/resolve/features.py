"""Comparing one document entity with one cluster: names, types, context, roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from khabar.normalize import is_part_of, similar

PERSON = "PERSON"
ORGS = frozenset({"ARMED_GROUP", "POLITICAL_PARTY", "GOV_BODY", "OTHER_ORG", "MEDIA"})
PLACES = frozenset({"STATE", "LOCATION"})
#: Context clusters of these types say little about identity (every article mentions Iraq).
WEAK_CONTEXT_TYPES = PLACES

_ROLE_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "and",
        "in",
        "for",
        "to",
        "its",
        "his",
        "her",
        "former",
        "senior",
        "top",
        "head",
        "deputy",
        "chief",
        "leader",
        "member",
        "official",
        "spokesman",
        "said",
    }
)


def type_factor(a: str, b: str) -> float:
    """1 for the same type, 0.8 for two kinds of organisation (or state/place), 0 otherwise."""
    if a == b:
        return 1.0
    if (a in ORGS and b in ORGS) or (a in PLACES and b in PLACES):
        return 0.8
    return 0.0


def role_words(role: str | None) -> set[str]:
    if not role:
        return set()
    return {w for w in re.findall(r"[a-z]+", role.lower()) if len(w) > 2 and w not in _ROLE_STOP}


@dataclass(frozen=True)
class NameRow:
    name: str
    key: str
    n_words: int
    derived: bool = False


@dataclass
class Comparison:
    """The evidence for (and against) putting a document entity into a cluster."""

    entity_id: int
    name_score: float = 0.0
    name_match: str = ""
    matched: tuple[str, str] = ("", "")
    type_factor: float = 1.0
    shared_context: list[int] = field(default_factory=list)
    doc_context: int = 0
    cluster_context: int = 0
    role_agreement: int = 0  # +1 shared role words, -1 both known and disjoint, 0 unknown
    full_name_conflict: bool = False

    @property
    def context_conflict(self) -> bool:
        """Both sides have context, they share none, and their roles disagree."""
        return (
            not self.shared_context and self.doc_context >= 2 and self.cluster_context >= 2 and self.role_agreement < 0
        )

    @property
    def score(self) -> float:
        return round(
            self.name_score * self.type_factor
            + 0.1 * min(len(self.shared_context), 3)
            + 0.1 * max(self.role_agreement, 0),
            3,
        )

    def features(self) -> dict:
        return {
            "name_match": self.name_match,
            "name_score": self.name_score,
            "names": list(self.matched),
            "type_factor": self.type_factor,
            "shared_context": self.shared_context,
            "doc_context": self.doc_context,
            "cluster_context": self.cluster_context,
            "role_agreement": self.role_agreement,
            "full_name_conflict": self.full_name_conflict,
        }


def compare_names(mine: list[NameRow], theirs: list[NameRow], type_: str) -> tuple[float, str, tuple[str, str], bool]:
    """Best name evidence between two sets of names: (score, kind, (my name, their name), full-name conflict).

    For people a shared surname alone is weak (``part``), and two different full names sharing a surname
    are a conflict ("Abdul Qader al-Dulaimi" is not "Ahmed al-Dulaimi").
    """
    best = (0.0, "", ("", ""))
    person = type_ == PERSON
    for a in mine:
        for b in theirs:
            if a.derived or b.derived:
                if a.key != b.key:
                    continue
                cand = (0.75, "acronym", (a.name, b.name))
            elif a.key == b.key:
                if person and min(a.n_words, b.n_words) < 2:
                    cand = (0.55, "same surname", (a.name, b.name))
                else:
                    cand = (1.0, "same name", (a.name, b.name))
            elif a.n_words == b.n_words and similar(a.name, b.name):
                cand = (0.9 if (not person or a.n_words >= 2) else 0.55, "spelling variant", (a.name, b.name))
            elif person and (is_part_of(a.name, b.name) or is_part_of(b.name, a.name)):
                short = min(a.n_words, b.n_words)
                cand = (0.55 if short < 2 else 0.85, "part of name", (a.name, b.name))
            else:
                continue
            if cand[0] > best[0]:
                best = cand
    conflict = False
    if person and best[0] < 0.85:
        mine_full = [a for a in mine if a.n_words >= 2 and not a.derived]
        theirs_full = [b for b in theirs if b.n_words >= 2 and not b.derived]
        if mine_full and theirs_full:
            conflict = True  # both have full names and none of them agree
    return best[0], best[1], best[2], conflict
