"""Resolve date expressions found in news text against the article's publication date.

The pipeline hands us the text of a spaCy ``DATE`` entity ("on Friday morning", "Friday (January 28)",
"December 28", "last year", "two days later", ...) and the publication date; :func:`resolve_date`
returns a :class:`ResolvedDate` (``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` plus a precision and a
confidence) or ``None`` when the expression is not a calendar reference (durations, decades, "recent
weeks", ranges, ...).

How an expression is resolved:

* The text is normalised (lower case, parentheses and commas become spaces, clock times and ordinal
  suffixes are removed) and checked against cheap regexes first: vague expressions, decades, ranges
  and bare durations return ``None`` without touching dateparser.
* Named relative expressions ("yesterday", "last week", "the next day", "three days ago", ...) and
  weekdays are resolved by calendar arithmetic (dateparser gets "Monday" wrong for an article
  published on a Monday: news convention says that is the publication day, dateparser says a week
  earlier).  "N units ago/later/earlier" goes through ``dateparser.parse`` with the publication date
  (or the ``anchor``) as ``RELATIVE_BASE``.
* Calendar dates ("January 28", "4 November 2021", "2021-11-04", "in December", "July 2023") are
  located with a regex and parsed with ``dateparser.parse`` (never ``search_dates``), cached per
  (span, base) with :func:`functools.lru_cache`; the year of a month-day or month without year is
  then re-derived from the publication date (see the rules in :func:`resolve_date`).

Confidence is a hand-set scale, not a calibrated probability: ~0.95 explicit date confirmed by a
weekday, 0.9 explicit date or "yesterday"/"today", ~0.85 year or weekday inferred from publication,
0.7–0.8 relative offsets, 0.4 "last week" style approximations and weekday/date contradictions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser
from dateutil.relativedelta import relativedelta

__all__ = ["ResolvedDate", "infer_publication_date", "resolve_date"]


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved calendar reference."""

    value: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"
    precision: str  # "day" | "month" | "year"
    confidence: float  # 0..1
    note: str | None = None  # e.g. "weekday contradicts date", "year inferred", "relative to publication"


# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "thursday": 3, "thurs": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_WEEKDAY_RE = r"(?:monday|tuesday|tues|wednesday|thursday|thurs|friday|saturday|sunday)"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30,
}  # fmt: skip
_NUM_RE = r"(?:\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_YEAR_RE = r"\b(1[89]\d\d|2[01]\d\d)\b"  # plausible years only: 1800-2199

# Expressions that are never a single calendar reference.
_VAGUE_RE = re.compile(
    r"\b(?:recent(?:ly)?|lately|past|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|millenni(?:um|a)"
    r"|ages|eras?|times|tens|dozens|hundreds|thousands|several|few|many|couple|some|now|currently"
    r"|soon|nowadays|season|period)\b"
    r"|\b\d{2,4}\s*'?s\b|'\d0s\b"  # decades: "80s", "1980s", "1980 s", "'90s"
    r"|\b(?:spring|summer|autumn|fall|winter)\b(?!.*\d{4})"  # a season without a year
)
# Ranges: two calendar anchors joined by a connective, "2014-2016", "January 20-22", "2014/15".
_RANGE_RE = re.compile(
    r"\b(?:between|from)\b.+\b(?:and|to|until|till|through)\b"
    r"|\b\d{1,4}\s*-\s*\d{1,4}\b(?!\s*-)"
    r"|\b\d{4}\s*/\s*\d{2}\b(?!\s*/)"
    r"|\b(?:to|until|till|through|and)\b"
)
_TIME_RE = re.compile(
    r"\b(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?=\W|$)"
    r"|\b(?:at\s+)?\d{1,2}:\d{2}\b"
    r"|\b(?:local time|gmt|utc|[ecmp][sd]t)\b"
    r"|\b(?:at\s+)?(?:noon|midnight|midday|dawn|dusk)\b"
)
_ORDINAL_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
# Words that never change the resolved calendar date.
_LIGHT_FILLER_RE = re.compile(r"\b(?:the|on|at|in|during|by|late|early|around|about|approximately|circa|just|only)\b")
_TOD = r"(?:\s+(?:morning|afternoon|evening|night))?"
_HEAVY_FILLER_RE = re.compile(
    r"\b(?:morning|afternoon|evening|night|overnight|end|beginning|start|middle|mid|of|since|from|day"
    r"|date)\b"
)

_DAY = datetime.timedelta(days=1)
_ROLLOVER_DAYS = 7  # month-day without year may land at most this many days after publication


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def _as_date(value: datetime.date | None) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _day(d: datetime.date, confidence: float, note: str | None = None) -> ResolvedDate:
    return ResolvedDate(d.isoformat(), "day", confidence, note)


def _month(year: int, month: int, confidence: float, note: str | None = None) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}-{month:02d}", "month", confidence, note)


def _year(year: int, confidence: float, note: str | None = None) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}", "year", confidence, note)


def _join(*notes: str | None) -> str | None:
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


def _month_number(token: str) -> int:
    return _MONTH_NUM[token.rstrip(".")[:3]]


@lru_cache(maxsize=8192)
def _dp_parse(
    text: str, base: datetime.date | None, date_order: str | None = None, prefer_day: str = "current"
) -> datetime.date | None:
    """``dateparser.parse`` with the project settings, cached per (text, base, options)."""
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": prefer_day,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.datetime.combine(base, datetime.time())
    if date_order is not None:
        settings["DATE_ORDER"] = date_order
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def _normalize(text: str) -> tuple[str, bool]:
    """Lower-case, drop clock times / ordinal suffixes / brackets / commas; report if an ordinal was seen."""
    s = text.lower().replace("\xa0", " ").replace("\u2013", "-").replace("\u2014", "-").replace("’", "'")
    s = re.sub(r"[()\[\],;]", " ", s)
    s = _TIME_RE.sub(" ", s)
    had_ordinal = _ORDINAL_RE.search(s) is not None
    s = _ORDINAL_RE.sub(r"\1", s)
    s = re.sub(r"\bmid-", "mid ", s)
    s = re.sub(r"\bthis past\b", "last", s)
    s = re.sub(r"(?<=[a-z])'s\b", "", s)  # possessive: "friday's attack"
    s = re.sub(r"'(\d{2})\b(?!\s*s\b)", r"20\1", s)  # "jan '22" (decades "'90s" are left alone)
    s = re.sub(r"\s+", " ", s).strip(" .:!?\"'")
    return s, had_ordinal


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip(" .")


# --------------------------------------------------------------------------------------------------
# Relative expressions
# --------------------------------------------------------------------------------------------------

_UNIT_PRECISION = {"day": "day", "week": "day", "month": "month", "year": "year"}
_OFFSET_RE = re.compile(
    rf"(?P<n>{_NUM_RE})\s+(?P<unit>day|week|month|year)s?"
    r"\s+(?P<dir>ago|earlier|later|before|after|afterwards|prior|previously)"
)


def _format(d: datetime.date, precision: str, confidence: float, note: str | None) -> ResolvedDate:
    if precision == "year":
        return _year(d.year, confidence, note)
    if precision == "month":
        return _month(d.year, d.month, confidence, note)
    return _day(d, confidence, note)


def _relative_offset(r: str, pub: datetime.date | None, anchor: datetime.date | None) -> ResolvedDate | None:
    m = _OFFSET_RE.fullmatch(r)
    if m is None:
        return None
    raw = m["n"]
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit, direction = m["unit"], m["dir"]
    if direction == "ago":
        base, note, conf = pub, "relative to publication", 0.8
    elif anchor is not None:
        base, note, conf = anchor, "relative to anchor", 0.75
    else:
        base, note, conf = pub, "relative to publication (no anchor)", 0.4
    if base is None or n == 0 or n > 500:
        return None
    forward = direction in {"later", "after", "afterwards"}
    phrase = f"in {n} {unit}s" if forward else f"{n} {unit}s ago"
    resolved = _dp_parse(phrase, base)
    if resolved is None:  # pragma: no cover - dateparser understands these phrases
        return None
    if unit == "week":
        conf = round(conf - 0.1, 2)
    return _format(resolved, _UNIT_PRECISION[unit], conf, note)


def _weekend(pub: datetime.date, strictly_before: bool) -> datetime.date:
    back = (pub.weekday() - 5) % 7
    if back == 0 and strictly_before:
        back = 7
    if pub.weekday() == 6 and strictly_before:  # a Sunday article: "last weekend" is the one before
        back += 7
    return pub - datetime.timedelta(days=back)


def _named_relative(r: str, pub: datetime.date | None, anchor: datetime.date | None) -> ResolvedDate | None:
    """Fixed phrases: today/yesterday/last week/the next day/... ``r`` is the light-cleaned text."""
    pub_note = "relative to publication"
    if anchor is not None:
        anc, anc_note, anc_conf = anchor, "relative to anchor", 0.75
    else:
        anc, anc_note, anc_conf = pub, "relative to publication (no anchor)", 0.4

    if pub is not None:
        p = pub
        if re.fullmatch(rf"(?:earlier |later )?today{_TOD}|tonight|this (?:morning|afternoon|evening)", r):
            return _day(p, 0.9, pub_note)
        if re.fullmatch(r"day before yesterday", r):
            return _day(p - 2 * _DAY, 0.85, pub_note)
        if re.fullmatch(rf"yesterday{_TOD}", r):
            return _day(p - _DAY, 0.9, pub_note)
        if re.fullmatch(r"last (?:night|evening)|overnight", r):
            return _day(p - _DAY, 0.7, _join(pub_note, "approximate"))
        if re.fullmatch(rf"tomorrow{_TOD}", r):
            return _day(p + _DAY, 0.85, _join(pub_note, "future"))
        if re.fullmatch(r"last week|week before last", r):
            days = 14 if r.startswith("week before") else 7
            return _day(p - datetime.timedelta(days=days), 0.4, _join(pub_note, "approximate"))
        if re.fullmatch(r"(?:earlier |later )?this week", r):
            return _day(p, 0.3, _join(pub_note, "approximate"))
        if re.fullmatch(r"next week", r):
            return _day(p + datetime.timedelta(days=7), 0.4, _join(pub_note, "approximate", "future"))
        if re.fullmatch(r"last weekend|weekend before", r):
            return _day(_weekend(p, strictly_before=True), 0.5, _join(pub_note, "approximate"))
        if re.fullmatch(r"(?:over |this )?weekend", r):
            return _day(_weekend(p, strictly_before=False), 0.5, _join(pub_note, "approximate"))
        if re.fullmatch(r"last month", r):
            d = p - relativedelta(months=1)
            return _month(d.year, d.month, 0.85, pub_note)
        if re.fullmatch(r"(?:earlier |later )?this month", r):
            return _month(p.year, p.month, 0.8, pub_note)
        if re.fullmatch(r"next month", r):
            d = p + relativedelta(months=1)
            return _month(d.year, d.month, 0.8, _join(pub_note, "future"))
        if re.fullmatch(r"last year", r):
            return _year(p.year - 1, 0.85, pub_note)
        if re.fullmatch(r"(?:earlier |later )?this year", r):
            return _year(p.year, 0.85, pub_note)
        if re.fullmatch(r"next year", r):
            return _year(p.year + 1, 0.8, _join(pub_note, "future"))

    if anc is None:
        return None
    if re.fullmatch(rf"(?:next|following) day|day after|(?:next|following) (?:morning|afternoon|evening){_TOD}", r):
        return _day(anc + _DAY, anc_conf, anc_note)
    if re.fullmatch(r"(?:previous|preceding) (?:day|evening|night)|(?:day|night) before|eve", r):
        return _day(anc - _DAY, anc_conf, anc_note)
    if re.fullmatch(r"same (?:day|morning|afternoon|evening|night)|that (?:day|morning|afternoon|evening|night)", r):
        return _day(anc, anc_conf, anc_note)
    if re.fullmatch(r"(?:following|next) week|week after", r):
        return _day(anc + datetime.timedelta(days=7), min(anc_conf, 0.4), _join(anc_note, "approximate"))
    if re.fullmatch(r"(?:previous|preceding) week|week before", r):
        return _day(anc - datetime.timedelta(days=7), min(anc_conf, 0.4), _join(anc_note, "approximate"))
    if re.fullmatch(r"(?:following|next) month|month after", r):
        d = anc + relativedelta(months=1)
        return _month(d.year, d.month, anc_conf, anc_note)
    if re.fullmatch(r"(?:previous|preceding) month|month before", r):
        d = anc - relativedelta(months=1)
        return _month(d.year, d.month, anc_conf, anc_note)
    if re.fullmatch(r"(?:following|next) year|year after", r):
        return _year(anc.year + 1, anc_conf, anc_note)
    if re.fullmatch(r"(?:previous|preceding) year|year before", r):
        return _year(anc.year - 1, anc_conf, anc_note)
    return None


# --------------------------------------------------------------------------------------------------
# Calendar dates
# --------------------------------------------------------------------------------------------------

_ISO_DAY_RE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_ISO_MONTH_RE = re.compile(r"\b(\d{4})-(\d{2})\b")
_NUMERIC_RE = re.compile(r"\b(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})\b")
_MDY_RE = re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})\b(?:\s+(?P<y>\d{{4}})\b)?")
_DMY_RE = re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_MONTH_RE})(?:\s+(?P<y>\d{{4}})\b)?")
_MY_RE = re.compile(rf"\b(?P<m>{_MONTH_RE})(?:\s+(?P<y>\d{{4}})\b)?")
_MONTH_WORD_RE = re.compile(rf"\b{_MONTH_RE}(?!\w)")


def _future_note(d: datetime.date, pub: datetime.date | None) -> str | None:
    return "after publication" if pub is not None and d > pub else None


def _numeric(p: str, pub: datetime.date | None) -> ResolvedDate | None:
    m = _ISO_DAY_RE.search(p)
    if m is not None:
        d = _dp_parse(m.group(0), None, "YMD")
        return _day(d, 0.95, _future_note(d, pub)) if d is not None else None
    m = _NUMERIC_RE.search(p)
    if m is not None:
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 and b <= 12:
            order, note = "DMY", None
        elif (b > 12 and a <= 12) or a == b:
            order, note = "MDY", None
        elif a <= 12 and b <= 12:
            order, note = "MDY", "ambiguous day/month order"
        else:
            return None
        d = _dp_parse(m.group(0), None, order)
        if d is None:
            return None
        return _day(d, 0.5 if note else 0.9, _join(note, _future_note(d, pub)))
    m = _ISO_MONTH_RE.search(p)
    if m is not None and 1 <= int(m.group(2)) <= 12:
        return _month(int(m.group(1)), int(m.group(2)), 0.9)
    return None


def _drop_iso_month(m: re.Match[str]) -> str:
    """Blank out "2022-01" (a month) but keep "2014-15" (a range) for the range check."""
    return " " if 1 <= int(m.group(2)) <= 12 else m.group(0)


def _month_day(month: int, day: int, pub: datetime.date) -> datetime.date | None:
    """Latest valid date month/day that is at most ``_ROLLOVER_DAYS`` after publication."""
    limit = pub + datetime.timedelta(days=_ROLLOVER_DAYS)
    for year in range(pub.year + 1, pub.year - 9, -1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= limit:
            return candidate
    return None


def _calendar(p: str, pub: datetime.date | None, had_ordinal: bool) -> ResolvedDate | None:
    """Resolve the weekday-free remainder ``p`` of an expression."""
    if not p:
        return None
    if re.search(r"\d[-/.]\d", p):
        return _numeric(p, pub)
    if len(_MONTH_WORD_RE.findall(p)) > 1:
        return None  # "January and February": not a single reference
    years = {int(y) for y in re.findall(_YEAR_RE, p)}
    if len(years) > 1:
        return None

    for rx in (_MDY_RE, _DMY_RE):
        m = rx.search(p)
        if m is None:
            continue
        month_tok, day, year_tok = m["m"], int(m["d"]), m["y"]
        if year_tok is not None:
            d = _dp_parse(f"{month_tok} {day} {year_tok}", pub)
            return _day(d, 0.9, _future_note(d, pub)) if d is not None else None
        if pub is None:
            return None
        parsed = _dp_parse(f"{month_tok} {day}", pub)  # validates the month/day pair
        if parsed is None:
            return None
        d = _month_day(parsed.month, parsed.day, pub)
        if d is None:
            return None
        rolled = "previous year" if d.year < pub.year else None
        return _day(d, 0.85, _join("year inferred", rolled, _future_note(d, pub)))

    m = _MY_RE.search(p)
    if m is not None:
        month_tok, year_tok = m["m"], m["y"]
        if year_tok is not None:
            d = _dp_parse(f"{month_tok} {year_tok}", pub, None, "first")
            return _month(d.year, d.month, 0.9, _future_note(d, pub)) if d is not None else None
        if pub is None or (month_tok == "may" and p != "may"):
            return None  # "may" inside other words is more likely the verb
        d = _dp_parse(month_tok, pub, None, "first")
        if d is None:
            return None
        month = d.month
        year = pub.year if month <= pub.month else pub.year - 1
        return _month(year, month, 0.8 if year == pub.year else 0.75, "year inferred")

    if years:
        (year,) = years
        if re.search(r"\d", re.sub(_YEAR_RE, "", p)):
            return None  # stray numbers next to the year: unclear
        note = "after publication" if pub is not None and year > pub.year else None
        return _year(year, 0.9, note)

    # "on the 28th": a day of month alone, month taken from publication.
    if had_ordinal and pub is not None and re.fullmatch(r"\d{1,2}", p):
        day = int(p)
        for back in range(3):
            first = pub.replace(day=1) - relativedelta(months=back)
            try:
                candidate = first.replace(day=day)
            except ValueError:
                continue
            if candidate <= pub:
                return _day(candidate, 0.6, "month inferred")
    return None


def _weekday_alone(weekday: int, modifier: str | None, pub: datetime.date) -> ResolvedDate:
    back = (pub.weekday() - weekday) % 7
    if modifier == "last":
        return _day(pub - datetime.timedelta(days=back or 7), 0.8, "relative to publication")
    if modifier in {"next", "coming", "this coming"}:
        ahead = (weekday - pub.weekday()) % 7
        if modifier == "next":
            ahead = ahead or 7
        return _day(pub + datetime.timedelta(days=ahead), 0.7, "relative to publication; future")
    conf = 0.6 if modifier == "this" else 0.85
    return _day(pub - datetime.timedelta(days=back), conf, "relative to publication")


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def resolve_date(
    text: str, published: datetime.date | None, *, anchor: datetime.date | None = None
) -> ResolvedDate | None:
    """Resolve one date expression; None when it is not a resolvable calendar reference
    (durations like "two days", "hours", decades "the 80s", vague "recent weeks", "tens of years").

    Rules (``published`` = publication date; ``anchor`` = the date of a previously mentioned event,
    used instead of ``published`` for "two days later", "the next day", "a day earlier", ...; when no
    anchor is given those fall back to ``published`` with confidence 0.4):

    * weekday alone → most recent such weekday on or before publication ("last Friday": strictly
      before; "next Friday": strictly after);
    * weekday + date → the date; confidence 0.95 when the weekday agrees, 0.4 and a note when not;
    * month-day without year → publication year, unless that is more than 7 days after publication,
      then the latest earlier year where the date exists (rollover, Feb 29);
    * month without year → most recent such month not after the publication month;
    * explicit dates / years are returned as given (note "after publication" if later);
    * ambiguous numeric dates (04/11/2021) are read month-first with confidence 0.5;
    * "last week" → publication − 7 days, confidence 0.4, note "approximate";
    * expressions that need the publication date return None when it is unknown.
    """
    pub = _as_date(published)
    anc = _as_date(anchor)
    if not text or not text.strip():
        return None
    s, had_ordinal = _normalize(text)
    if not s or _VAGUE_RE.search(s):
        return None
    r = _squash(_LIGHT_FILLER_RE.sub(" ", s))
    if not r:
        return None
    iso_free = _ISO_MONTH_RE.sub(_drop_iso_month, _ISO_DAY_RE.sub(" ", _NUMERIC_RE.sub(" ", r)))
    if _RANGE_RE.search(iso_free):
        return None

    rel = _relative_offset(r, pub, anc) or _named_relative(r, pub, anc)
    if rel is not None:
        return rel
    if re.fullmatch(rf"(?:{_NUM_RE}\s+)?(?:day|week|month|year)s?(?:\s+\w+)?", r):
        return None  # durations: "two days", "three weeks", "weeks", "a year long"

    c = _squash(_HEAVY_FILLER_RE.sub(" ", r))
    weekday_hits = list(re.finditer(rf"\b(?:(last|next|this coming|coming|this)\s+)?({_WEEKDAY_RE})\b", c))
    if len(weekday_hits) > 1:
        return None
    weekday: int | None = None
    modifier: str | None = None
    if weekday_hits:
        hit = weekday_hits[0]
        weekday, modifier = _WEEKDAYS[hit.group(2)], hit.group(1)
        c = _squash(c[: hit.start()] + " " + c[hit.end() :])

    if weekday is not None and not c:
        return _weekday_alone(weekday, modifier, pub) if pub is not None else None

    resolved = _calendar(c, pub, had_ordinal)
    if resolved is None or weekday is None:
        return resolved
    if resolved.precision != "day":
        return ResolvedDate(
            resolved.value, resolved.precision, resolved.confidence, _join(resolved.note, "weekday ignored")
        )
    day = datetime.date.fromisoformat(resolved.value)
    if day.weekday() == weekday:
        return ResolvedDate(resolved.value, "day", max(resolved.confidence, 0.95), resolved.note)
    return ResolvedDate(resolved.value, "day", 0.4, _join("weekday contradicts date", resolved.note))


_FULL_DATE_RES = (
    re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_RE}),?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
)


def _full_dates(text: str) -> list[datetime.date]:
    """Every explicit day-month-year date in ``text`` (regex only; invalid dates skipped)."""
    found: list[datetime.date] = []
    for rx in _FULL_DATE_RES:
        for m in rx.finditer(text):
            month_tok = m["m"]
            month = int(month_tok) if month_tok.isdigit() else _month_number(month_tok.lower())
            try:
                found.append(datetime.date(int(m["y"]), month, int(m["d"])))
            except ValueError:
                continue
    return found


def _parse_meta_date(meta_date: str) -> datetime.date | None:
    meta = meta_date.strip()
    if not meta:
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", meta):
        try:
            return datetime.date.fromisoformat(meta[:10])
        except ValueError:
            return None
    dates = _full_dates(meta)
    if dates:
        return dates[0]
    # Other formats ("Mon, 31 Jan 2022 10:00:00 GMT", "31.01.2022"): need day, month and year.
    if len(re.findall(r"\d+", meta)) + len(_MONTH_WORD_RE.findall(meta.lower())) < 3:
        return None
    return _dp_parse(meta, None, "DMY" if re.match(r"\d{1,2}\.\d{1,2}\.\d{4}", meta) else None)


def infer_publication_date(
    text: str, meta_date: str | None = None, *, today: datetime.date | None = None
) -> datetime.date | None:
    """Best guess of publication date when none is given: the HTML metadata date if given
    and parseable, else the latest explicit full date (day, month and year) in the text that is
    not in the future relative to today.

    ``today`` defaults to :meth:`datetime.date.today` (a parameter so tests are deterministic).
    Only unambiguous written-out or ISO dates in the text count ("January 28, 2022",
    "28 January 2022", "2022-01-28"); numeric "04/11/2021" forms are ignored.
    """
    if meta_date:
        parsed = _parse_meta_date(meta_date)
        if parsed is not None:
            return parsed
    limit = today or datetime.date.today()
    candidates = [d for d in _full_dates(text or "") if d <= limit]
    return max(candidates) if candidates else None
