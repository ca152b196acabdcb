"""Name normalisation for Arabic-, Persian- and Kurdish-origin names in English news.

Three levels, from strict to loose:

``fold``        case, accents, apostrophes, hyphen and space variants (incl. non-breaking spaces
                and "Al- Fictiwi"): the form two spellings of *the same characters* share.
``name_key``    ``fold`` minus particles (al-, el-, ad-, as-, the ...) with each word reduced to a
                transliteration skeleton (doubled letters, e/i, o/u, ou/u, q/k, dh/z, s/z ...):
                "Qais al-Khazaali" and "Qays Khazali" share one key.
``similar``     length-aware fuzzy comparison of two keys: short words must be equal (Sadr is not
                Badr), longer words may differ by an edit or two.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

APOSTROPHES = "'’‘`ʼʻ´′ʹʾʿ"  # ʾ ʿ: hamza and ayn of scholarly transliteration
_HYPHENS = "-‐‑‒–—―−_/"
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\r\n"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # incl. the soft hyphen (&shy;)
#: Lower-case letters without a Unicode decomposition that English text writes without the mark.
_PLAIN_LETTERS = {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "þ": "th", "æ": "ae", "œ": "oe"}

#: Articles and particles that transliterations attach to names or leave out.
PARTICLES = frozenset(
    {
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ed",
        "as",
        "es",
        "ash",
        "esh",
        "at",
        "et",
        "az",
        "ez",
        "an",
        "en",
        "ar",
        "er",
        "ath",
        "adh",
        "the",
        "l",
    }
)
#: Words that carry no identity in an organisation's name (for acronyms and loose matching).
STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "de", "del", "la", "le", "du"})

_TRANSLATION = str.maketrans(
    {**{c: "" for c in APOSTROPHES + _ZERO_WIDTH}, **{c: " " for c in _HYPHENS + _SPACES}, **_PLAIN_LETTERS}
)
_WORD_SPLIT = re.compile(f"[\\s{re.escape(_HYPHENS)}]+")

# Ordered rewrites that map common transliteration variants onto one skeleton.
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"ph", "f"),
        (r"ck", "k"),
        (r"dh", "z"),
        (r"th", "t"),
        (r"gh", "g"),
        (r"ou|oo|uu", "u"),
        (r"ee|ei|ey|ay|ai", "i"),
        (r"q", "k"),
        (r"z", "s"),
        (r"w", "u"),
        (r"y", "i"),
        (r"e", "i"),
        (r"o", "u"),
        (r"(?<=[aiu])h$", ""),  # Hamzah/Hamza, Fatah/Fata, Hezbollah/Hizbulla
        (r"(.)\1+", r"\1"),  # Khazaali/Khazali, Mohammed/Mohamed
    )
)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case, accents, apostrophes, hyphens and odd spaces folded away; words joined by one space."""
    # Apostrophes go before NFKD (which turns "´" into a space and an accent) and again after it
    # (which turns "ŉ" into "ʼn"); casefold, not lower: "Straße" is "strasse".
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLATION))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_TRANSLATION)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Folded words without particles ("Al- Fictiwi" -> ["fictiwi"])."""
    toks = fold(text).split()
    kept = [t for t in toks if t not in PARTICLES]
    return kept or toks


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Transliteration skeleton of one folded word."""
    for _ in range(3):  # until stable: "saeed" -> "said" -> "sid"
        before = word
        for pattern, repl in _SKELETON_RULES:
            word = pattern.sub(repl, word)
        if word == before:
            break
    return word


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """The loose identity key of a name: folded, particles dropped, each word skeletonised."""
    return " ".join(skeleton(w) for w in words(text))


@lru_cache(maxsize=200_000)
def word_keys(text: str) -> tuple[str, ...]:
    return tuple(skeleton(w) for w in words(text))


def _max_edits(length: int) -> int:
    """How many edits two word skeletons of this length may differ by and still be one name."""
    if length <= 4:
        return 0
    if length <= 7:
        return 1
    return 2


def similar_words(a: str, b: str) -> bool:
    """Length-aware comparison of two word skeletons (short words must match exactly)."""
    if a == b:
        return True
    if a[:1] != b[:1]:
        return False
    shorter = min(len(a), len(b))
    return Levenshtein.distance(a, b, score_cutoff=_max_edits(shorter) + 1) <= _max_edits(shorter)


@lru_cache(maxsize=200_000)
def similar(a: str, b: str) -> bool:
    """True when two names are spelling variants of one another (same words, same order)."""
    ka, kb = word_keys(a), word_keys(b)
    if not ka or len(ka) != len(kb):
        return False
    return all(similar_words(x, y) for x, y in zip(ka, kb, strict=True))


@lru_cache(maxsize=200_000)
def is_part_of(short: str, full: str) -> bool:
    """True when ``short`` is a trailing part of the person name ``full`` (a bare surname, or the
    last two words): "Al-Fictiwi" of "Samir Hadi al-Fictiwi", "Khazaali" of "Qais al-Khazali"."""
    ks, kf = word_keys(short), word_keys(full)
    if not ks or len(ks) >= len(kf):
        return False
    return all(similar_words(x, y) for x, y in zip(ks, kf[-len(ks) :], strict=True))


def acronym(text: str) -> str:
    """Initials of the significant words: "Popular Mobilisation Forces" -> "PMF", "Hay'at Tahrir
    al-Sham" -> "HTS" (particles count only at the start: "Al-Qaeda in the Arabian Peninsula" -> "AQAP")."""
    parts = [w for w in _WORD_SPLIT.split(text) if w]
    letters = [
        w[0]
        for i, w in enumerate(parts)
        if w.lower() not in STOPWORDS and not (i and w.lower() in PARTICLES) and w[0].isalpha()
    ]
    return "".join(letters).upper()


def looks_like_acronym(text: str) -> bool:
    """IRGC, PMF, IS-KP, IRGC-QF: two or more capitals, possibly hyphenated."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{1,4})?", text))
