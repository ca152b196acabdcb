"""Article text preparation: an analysis copy with the same offsets, and the article's blocks.

The analysis copy replaces characters that trip the tokenizer (non-breaking and odd spaces, curly
apostrophes) one-for-one, so every offset found in it indexes the original text too.
Blocks are the article's lines classified as title, heading, caption, boilerplate or body: quotes
and events are only taken from body text, and names in titles and headings only count when the
knowledge base or the body confirms them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from khabar.extract.lexicon import text_patterns

_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u200b": " ",
        "\ufeff": " ",
    }
)


def analysis_text(text: str) -> str:
    """A copy of ``text`` of the same length that the tokenizer handles well."""
    out = text.translate(_SAME_LENGTH)
    assert len(out) == len(text)
    return out


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    CAPTION = "caption"
    BOILERPLATE = "boilerplate"
    BYLINE = "byline"
    BODY = "body"


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: BlockKind

    @property
    def is_body(self) -> bool:
        return self.kind == BlockKind.BODY

    @property
    def trusted_names(self) -> bool:
        """Whether the model's names here are trustworthy (not headline case)."""
        return self.kind not in (BlockKind.TITLE, BlockKind.HEADING)


_END_PUNCT = tuple(".!?:;\"”’'…)]")
_CALENDAR = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "then",
    "now",
    "nightfall",
    "dawn",
    "noon",
    "midnight",
    "morning",
    "evening",
}
_BYLINE = re.compile(r"^(?i:by|written by|reporting by)\s+[A-Z]")


def _kind(line: str, first: bool, seen: set[str]) -> BlockKind:
    pats = text_patterns()
    stripped = line.strip()
    if any(p.search(stripped) for p in pats.compiled("boilerplate")):
        return BlockKind.BOILERPLATE
    if any(p.search(stripped) for p in pats.compiled("caption")) or stripped in seen:
        return BlockKind.CAPTION
    if first:
        return BlockKind.TITLE
    if (
        _BYLINE.match(stripped)
        and len(stripped.split()) <= 8
        and not stripped.endswith(".")
        and stripped.split()[1].lower().strip(",") not in _CALENDAR
    ):
        return BlockKind.BYLINE
    if len(stripped.split()) <= 12 and not stripped.endswith(_END_PUNCT):
        return BlockKind.HEADING
    return BlockKind.BODY


def blocks(text: str, *, first_line_is_title: bool = True) -> list[Block]:
    """Split ``text`` into non-empty lines and classify each."""
    out: list[Block] = []
    seen: set[str] = set()
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            start, end = pos + lead, pos + len(body.rstrip())
            kind = _kind(body, first_line_is_title and not out, seen)
            out.append(Block(start, end, kind))
            seen.add(body.strip())
        pos += len(line)
    return out
