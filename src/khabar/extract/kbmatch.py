"""Find knowledge-base names in a parsed document, under every spelling the normaliser folds.

Each token is reduced to its transliteration skeletons (``khabar.normalize``); names of the KB are
stored as sequences of skeletons; matching walks the document once, taking the longest name that
starts at each position. Hyphens, apostrophes and particles (al-, el-, the ...) are transparent, so
"Asaib Ahl al-Haq", "Asa'ib Ahl al Haq" and "Asa’ib Ahl al-Haq" all match one entry.
Acronyms match exactly and case-sensitively. Ambiguous names (a bare "Badr") only count when the
same actor is matched elsewhere in the article by an unambiguous name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc

from khabar.kb import KnowledgeBase
from khabar.normalize import PARTICLES, STOPWORDS, fold, skeleton, word_keys

_TRANSPARENT = {"-", "‐", "‑", "'", "’", "'s", "’s"}


@dataclass(frozen=True)
class KBMatch:
    start: int  # token index
    end: int  # token index (exclusive)
    ids: tuple[str, ...]
    acronym: bool = False
    ambiguous: bool = False


class KBMatcher:
    """Index of a knowledge base's names for fast matching over spaCy docs."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._trie: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], bool]]] = defaultdict(list)
        grouped: dict[tuple[tuple[str, ...], bool], list[str]] = defaultdict(list)
        for key, ids in kb.by_key.items():
            grouped[(tuple(key.split()), False)].extend(ids)
        for key, ids in kb.by_ambiguous.items():
            k = tuple(key.split())
            if (k, False) not in grouped:
                grouped[(k, True)].extend(ids)
        for (keys, amb), ids in grouped.items():
            if keys:
                self._trie[keys[0]].append((keys, tuple(dict.fromkeys(ids)), amb))
        for entries in self._trie.values():
            entries.sort(key=lambda e: -len(e[0]))
        self._max_acronym_tokens = 3

    # -- document side ---------------------------------------------------------------------
    @staticmethod
    def doc_keys(doc: Doc) -> list[tuple[str, int]]:
        """(skeleton, token index) for every word of the document, transparent tokens skipped.

        A sentence break or other punctuation is recorded as an empty key so no name spans it.
        """
        out: list[tuple[str, int]] = []
        for tok in doc:
            # a name never spans a line break or sentence punctuation; the parser's own sentence starts
            # are not trusted here (it sometimes starts one inside "Qais al-Khazali")
            if tok.i > 0 and "\n" in doc[tok.i - 1].whitespace_ + doc[tok.i - 1].text:
                out.append(("", tok.i))
            text = tok.text
            if text in _TRANSPARENT or (tok.is_space and "\n" not in text):
                continue
            if tok.is_punct or tok.is_space:
                out.append(("", tok.i))
                continue
            for w in fold(text).split():
                if w not in PARTICLES:
                    out.append((skeleton(w), tok.i))
        return out

    def _plausible(self, doc: Doc, start: int, end: int, key: tuple[str, ...]) -> bool:
        """Capitalised like a name (unless the KB writes the name in lower case), and a single word
        matched only through transliteration folding must be a name to the model too ("There" is
        not Tyre, "Attack" is not Ataq)."""
        content = [t for t in doc[start:end] if t.is_alpha and fold(t.text) not in PARTICLES | STOPWORDS]
        if not content:
            return False
        if " ".join(key) not in self.kb.lowercase_keys:
            upper = [t.text[0].isupper() for t in content]
            if not (upper[0] and sum(upper) * 2 >= len(upper)):
                return False
        if len(content) == 1 and len(content[0]) > 2 and fold(doc[start:end].text) in self.kb.ambiguous_forms:
            # an actor's ambiguous name as the KB writes it ("Houthi military spokesman") needs no label from
            # the model: match() keeps it only when the article names that actor (or its country) unambiguously
            return True
        if len(content) == 1 and fold(doc[start:end].text) not in self.kb.exact_forms:
            tok = content[0]
            return bool(tok.ent_type_) and not tok.is_stop
        # "Rockets Hit Kirkuk Base": a headline's verb, not the town of Hit
        return not (len(content) == 1 and content[0].pos_ in ("VERB", "AUX", "ADJ", "ADV") and not content[0].ent_type_)

    def match(self, doc: Doc) -> list[KBMatch]:
        keys = self.doc_keys(doc)
        found: list[KBMatch] = []
        i = 0
        while i < len(keys):
            key, _ = keys[i]
            best = None
            for seq, ids, amb in self._trie.get(key, ()) if key else ():
                n = len(seq)
                if tuple(k for k, _ in keys[i : i + n]) == seq:
                    start, end = keys[i][1], keys[i + n - 1][1] + 1
                    if self._plausible(doc, start, end, seq):
                        best = KBMatch(start, end, ids, ambiguous=amb)
                        i += n
                        break
            if best is None:
                i += 1
            else:
                found.append(best)
        found.extend(self._acronyms(doc, {t for m in found for t in range(m.start, m.end)}))
        confirmed = {i for m in found if not m.ambiguous for i in m.ids}
        countries = {getattr(self.kb.get(i), "country", None) for i in confirmed} - {None}
        kept = []
        for m in found:
            if m.ambiguous:
                # an ambiguous name counts when its actor, or another actor of its country, is named
                # unambiguously, and it is not the first name of somebody ("Amal Clooney")
                nxt = doc[m.end] if m.end < len(doc) else None
                first_name = nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha
                ids = tuple(
                    i
                    for i in m.ids
                    if i in confirmed or (not first_name and getattr(self.kb.get(i), "country", None) in countries)
                )
                if not ids:
                    continue
                m = KBMatch(m.start, m.end, ids, m.acronym, True)
            kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _acronyms(self, doc: Doc, taken: set[int]) -> list[KBMatch]:
        """Exact, case-sensitive acronyms: "PMF", and hyphenated ones split by the tokenizer ("IRGC-QF")."""
        out = []
        by_acr = self.kb.by_acronym
        texts = [t.text for t in doc]
        n_tok = len(texts)
        i = 0
        while i < n_tok:
            hit = None
            if i not in taken and texts[i][:1].isupper():
                if i + 2 < n_tok and texts[i + 1] in ("-", "‐", "‑") and not {i + 1, i + 2} & taken:
                    joined = texts[i] + texts[i + 1] + texts[i + 2]
                    if joined in by_acr:
                        hit = KBMatch(i, i + 3, tuple(by_acr[joined]), acronym=True)
                if hit is None and texts[i] in by_acr:
                    text = texts[i]
                    if not (len(text) <= 2 and _shouting(doc[i].sent)):
                        hit = KBMatch(i, i + 1, tuple(by_acr[text]), acronym=True)
            if hit:
                out.append(hit)
                i = hit.end
            else:
                i += 1
        return out


def _shouting(sent) -> bool:
    """A line written in capitals, where two-letter acronyms ("IS", "US") cannot be trusted."""
    letters = [c for c in sent.text if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def key_of(name: str) -> tuple[str, ...]:
    return word_keys(name)
