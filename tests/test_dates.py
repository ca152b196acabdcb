"""Tests for khabar.extract.dates (real dateparser, no mocks).

Most cases use a Monday publication date (2022-01-31) so that weekday look-back, weekday/date
agreement and year rollover (December/October dates belong to 2021) all matter.
"""

from __future__ import annotations

import datetime

import pytest

from khabar.extract.dates import ResolvedDate, infer_publication_date, resolve_date

MON_2022_01_31 = datetime.date(2022, 1, 31)  # a Monday
SAT_2025_03_22 = datetime.date(2025, 3, 22)  # a Saturday
FRI_2022_01_28 = datetime.date(2022, 1, 28)  # a Friday


def test_fixture_weekdays() -> None:
    assert MON_2022_01_31.weekday() == 0
    assert SAT_2025_03_22.weekday() == 5
    assert FRI_2022_01_28.weekday() == 4


def _resolved(text: str, published: datetime.date | None, **kwargs: datetime.date) -> ResolvedDate:
    result = resolve_date(text, published, **kwargs)
    assert result is not None, text
    return result


# --------------------------------------------------------------------------------------------------
# Day precision
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # weekday alone: most recent such weekday on or before publication
        ("Friday", MON_2022_01_31, "2022-01-28"),
        ("Saturday", MON_2022_01_31, "2022-01-29"),
        ("Thursday", MON_2022_01_31, "2022-01-27"),
        ("Tuesday", MON_2022_01_31, "2022-01-25"),
        ("on Saturday", MON_2022_01_31, "2022-01-29"),
        ("on Friday morning", MON_2022_01_31, "2022-01-28"),
        ("Saturday night", MON_2022_01_31, "2022-01-29"),
        ("at 3 p.m. on Friday", MON_2022_01_31, "2022-01-28"),
        ("Friday's", MON_2022_01_31, "2022-01-28"),
        ("late on Friday", SAT_2025_03_22, "2025-03-21"),
        ("early on Sunday", SAT_2025_03_22, "2025-03-16"),
        # published on that weekday: the publication day itself
        ("Friday", FRI_2022_01_28, "2022-01-28"),
        ("Monday", MON_2022_01_31, "2022-01-31"),
        # modifiers
        ("last Friday", FRI_2022_01_28, "2022-01-21"),
        ("last Friday", MON_2022_01_31, "2022-01-28"),
        ("this past Saturday", MON_2022_01_31, "2022-01-29"),
        ("next Friday", MON_2022_01_31, "2022-02-04"),
        # month-day without year: publication year unless > 7 days ahead
        ("January 20", MON_2022_01_31, "2022-01-20"),
        ("Jan. 20", MON_2022_01_31, "2022-01-20"),
        ("20 January", MON_2022_01_31, "2022-01-20"),
        ("the 20th of January", MON_2022_01_31, "2022-01-20"),
        ("December 28", MON_2022_01_31, "2021-12-28"),
        ("December 28", datetime.date(2022, 1, 5), "2021-12-28"),
        ("October 10", MON_2022_01_31, "2021-10-10"),
        ("February 5", MON_2022_01_31, "2022-02-05"),  # 5 days ahead: still this year
        ("February 10", MON_2022_01_31, "2021-02-10"),  # 10 days ahead: last year
        ("January 2", datetime.date(2021, 12, 30), "2022-01-02"),  # forward across new year
        ("February 29", MON_2022_01_31, "2020-02-29"),  # latest year where the date exists
        # explicit full dates
        ("November 4, 2021", MON_2022_01_31, "2021-11-04"),
        ("4 November 2021", MON_2022_01_31, "2021-11-04"),
        ("on the 4th of November, 2021", MON_2022_01_31, "2021-11-04"),
        ("2021-11-04", MON_2022_01_31, "2021-11-04"),
        ("13/11/2021", MON_2022_01_31, "2021-11-13"),  # unambiguous day-first
        ("11/13/2021", MON_2022_01_31, "2021-11-13"),  # unambiguous month-first
        ("November 4, 2021", None, "2021-11-04"),  # needs no publication date
        # relative to publication
        ("yesterday", MON_2022_01_31, "2022-01-30"),
        ("yesterday morning", MON_2022_01_31, "2022-01-30"),
        ("today", MON_2022_01_31, "2022-01-31"),
        ("tonight", MON_2022_01_31, "2022-01-31"),
        ("the day before yesterday", MON_2022_01_31, "2022-01-29"),
        ("three days ago", MON_2022_01_31, "2022-01-28"),
        ("a week ago", MON_2022_01_31, "2022-01-24"),
        ("the 28th", MON_2022_01_31, "2022-01-28"),
    ],
)
def test_day_precision(text: str, published: datetime.date | None, expected: str) -> None:
    result = _resolved(text, published)
    assert result.value == expected
    assert result.precision == "day"


def test_weekday_alone_never_after_publication() -> None:
    for offset in range(14):
        published = MON_2022_01_31 + datetime.timedelta(days=offset)
        for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
            day = datetime.date.fromisoformat(_resolved(name, published).value)
            assert published - datetime.timedelta(days=6) <= day <= published
            assert day.strftime("%A") == name


# --------------------------------------------------------------------------------------------------
# Weekday + date
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Friday (January 28)", "Friday, January 28", "Friday 28 January", "Friday, Jan. 28, 2022"]
)
def test_weekday_agrees_with_date(text: str) -> None:
    result = _resolved(text, MON_2022_01_31)
    assert result.value == "2022-01-28"
    assert result.confidence >= 0.9
    assert "contradicts" not in (result.note or "")


@pytest.mark.parametrize("text", ["Thursday (January 28)", "Thursday, January 28, 2022", "Sunday 28 January"])
def test_weekday_contradicts_date(text: str) -> None:
    result = _resolved(text, MON_2022_01_31)
    assert result.value == "2022-01-28"  # the date wins over the weekday
    assert result.confidence <= 0.5
    assert result.note is not None and "weekday contradicts date" in result.note


def test_weekday_confirmation_raises_confidence_over_bare_date() -> None:
    bare = _resolved("January 28", MON_2022_01_31)
    confirmed = _resolved("Friday (January 28)", MON_2022_01_31)
    contradicted = _resolved("Thursday (January 28)", MON_2022_01_31)
    assert contradicted.confidence < bare.confidence < confirmed.confidence


# --------------------------------------------------------------------------------------------------
# Month and year precision
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        ("in December", MON_2022_01_31, "2021-12", "month"),
        ("December", MON_2022_01_31, "2021-12", "month"),
        ("the end of December", MON_2022_01_31, "2021-12", "month"),
        ("in December", datetime.date(2022, 12, 15), "2022-12", "month"),  # current month counts
        ("in January", MON_2022_01_31, "2022-01", "month"),
        ("early February", MON_2022_01_31, "2021-02", "month"),
        ("July 2023", SAT_2025_03_22, "2023-07", "month"),
        ("November 2022", SAT_2025_03_22, "2022-11", "month"),
        ("July 2023", None, "2023-07", "month"),
        ("last month", MON_2022_01_31, "2021-12", "month"),
        ("earlier this month", MON_2022_01_31, "2022-01", "month"),
        ("next month", MON_2022_01_31, "2022-02", "month"),
        ("two months ago", MON_2022_01_31, "2021-11", "month"),
        ("2018", MON_2022_01_31, "2018", "year"),
        ("the 2018 elections", MON_2022_01_31, "2018", "year"),
        ("ever since 2015", MON_2022_01_31, "2015", "year"),
        ("summer 2021", MON_2022_01_31, "2021", "year"),
        ("in 2014", MON_2022_01_31, "2014", "year"),
        ("late 2020", MON_2022_01_31, "2020", "year"),
        ("mid-2020", MON_2022_01_31, "2020", "year"),
        ("2018", None, "2018", "year"),
        ("last year", MON_2022_01_31, "2021", "year"),
        ("last year", SAT_2025_03_22, "2024", "year"),
        ("earlier this year", SAT_2025_03_22, "2025", "year"),
        ("five years ago", SAT_2025_03_22, "2020", "year"),
    ],
)
def test_month_and_year_precision(
    text: str, published: datetime.date | None, expected: str, precision: str
) -> None:
    result = _resolved(text, published)
    assert (result.value, result.precision) == (expected, precision)


def test_inferred_year_is_noted() -> None:
    assert "year inferred" in (_resolved("December 28", MON_2022_01_31).note or "")
    assert "year inferred" not in (_resolved("December 28, 2021", MON_2022_01_31).note or "")


# --------------------------------------------------------------------------------------------------
# Relative expressions and anchors
# --------------------------------------------------------------------------------------------------


def test_last_week_is_seven_days_back_with_low_confidence() -> None:
    result = _resolved("last week", MON_2022_01_31)
    assert (result.value, result.precision) == ("2022-01-24", "day")
    assert result.confidence <= 0.5
    assert result.note is not None and "approximate" in result.note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two days later", "2022-01-12"),
        ("2 days later", "2022-01-12"),
        ("a day earlier", "2022-01-09"),
        ("three weeks later", "2022-01-31"),
        ("the next day", "2022-01-11"),
        ("the following day", "2022-01-11"),
        ("the previous day", "2022-01-09"),
        ("the same day", "2022-01-10"),
    ],
)
def test_anchor_relative(text: str, expected: str) -> None:
    anchor = datetime.date(2022, 1, 10)
    result = _resolved(text, MON_2022_01_31, anchor=anchor)
    assert result.value == expected
    assert result.note == "relative to anchor"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("the weekend", MON_2022_01_31, "2022-01-29"),
        ("over the weekend", SAT_2025_03_22, "2025-03-22"),
        ("last weekend", SAT_2025_03_22, "2025-03-15"),
        ("last weekend", datetime.date(2025, 3, 23), "2025-03-15"),  # a Sunday article
    ],
)
def test_weekend_is_its_saturday_with_low_confidence(
    text: str, published: datetime.date, expected: str
) -> None:
    result = _resolved(text, published)
    assert result.value == expected
    assert result.confidence <= 0.5


def test_anchor_relative_falls_back_to_publication_with_low_confidence() -> None:
    with_anchor = _resolved("two days later", MON_2022_01_31, anchor=datetime.date(2022, 1, 10))
    without = _resolved("two days later", MON_2022_01_31)
    assert without.value == "2022-02-02"
    assert without.confidence < with_anchor.confidence
    assert "no anchor" in (without.note or "")


def test_ago_ignores_anchor() -> None:
    result = _resolved("three days ago", MON_2022_01_31, anchor=datetime.date(2022, 1, 10))
    assert result.value == "2022-01-28"


def test_datetime_publication_is_accepted() -> None:
    published = datetime.datetime(2022, 1, 31, 23, 59)
    assert _resolved("yesterday", published).value == "2022-01-30"


# --------------------------------------------------------------------------------------------------
# Not resolvable
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "in recent weeks",
        "in recent days",
        "recently",
        "hours",
        "minutes",
        "48 hours",
        "two days",
        "three weeks",
        "days later",
        "several days later",
        "the past",
        "the past week",
        "tens of years",
        "decades",
        "the 80s",
        "the 80s and 90s",
        "the 1990s",
        "the '90s",
        "the 19th century",
        "2014-2016",
        "between 2014 and 2016",
        "from January to March",
        "January 20-22",
        "January and February",
        "Friday and Saturday",
        "Friday or Saturday",
        "January or February",
        "last summer",
        "",
        "   ",
        "the marathon",
        # a vague word next to a real date: the vague word wins
        "decades after 1948",
        "hours before January 28",
        "some 20 years ago",
        # ranges that contain a resolvable start
        "January 20 to 22",
        "2014 to the present",
        "2014/15",
        "from 2014 until 2016",
    ],
)
def test_vague_returns_none(text: str) -> None:
    assert resolve_date(text, MON_2022_01_31) is None


@pytest.mark.parametrize("text", ["Friday", "January 20", "in December", "yesterday", "last week"])
def test_publication_dependent_needs_publication(text: str) -> None:
    assert resolve_date(text, None) is None
    assert resolve_date(text, MON_2022_01_31) is not None


# --------------------------------------------------------------------------------------------------
# Confidence, notes and ambiguity
# --------------------------------------------------------------------------------------------------


def test_ambiguous_numeric_date_is_month_first_with_low_confidence() -> None:
    result = _resolved("04/11/2021", MON_2022_01_31)
    assert result.value == "2021-04-11"
    assert result.confidence <= 0.5
    assert result.note is not None and "ambiguous" in result.note


def test_explicit_future_date_is_kept_and_noted() -> None:
    result = _resolved("November 4, 2026", MON_2022_01_31)
    assert result.value == "2026-11-04"
    assert result.note is not None and "after publication" in result.note


@pytest.mark.parametrize(
    "text",
    [
        "Friday",
        "Friday (January 28)",
        "Thursday (January 28)",
        "December 28",
        "in December",
        "2018",
        "last week",
        "yesterday",
        "two days later",
        "04/11/2021",
    ],
)
def test_result_is_well_formed(text: str) -> None:
    result = _resolved(text, MON_2022_01_31)
    assert 0.0 <= result.confidence <= 1.0
    expected_len = {"day": 10, "month": 7, "year": 4}[result.precision]
    assert len(result.value) == expected_len
    if result.precision == "day":
        datetime.date.fromisoformat(result.value)


def test_resolved_date_is_frozen() -> None:
    result = _resolved("2018", None)
    with pytest.raises(AttributeError):
        result.value = "2019"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# infer_publication_date
# --------------------------------------------------------------------------------------------------

TODAY = datetime.date(2024, 1, 1)
ARTICLE = (
    "The committee first met on March 3, 2021. A second meeting followed on 14 June 2021, "
    "and officials said the report would be released on January 5, 2999. "
    "A spokesperson confirmed on 2021-09-02 that talks had resumed."
)


def test_infer_latest_full_date_ignoring_future() -> None:
    assert infer_publication_date(ARTICLE, today=TODAY) == datetime.date(2021, 9, 2)


def test_infer_respects_today() -> None:
    assert infer_publication_date(ARTICLE, today=datetime.date(2021, 7, 1)) == datetime.date(2021, 6, 14)
    assert infer_publication_date(ARTICLE, today=datetime.date(2021, 1, 1)) is None


def test_infer_default_today_excludes_far_future() -> None:
    assert infer_publication_date(ARTICLE) == datetime.date(2021, 9, 2)


@pytest.mark.parametrize(
    "meta",
    [
        "2020-05-17",
        "2020-05-17T08:30:00+00:00",
        "May 17, 2020",
        "Sun, 17 May 2020 08:30:00 GMT",
        "17.05.2020",
    ],
)
def test_meta_date_wins(meta: str) -> None:
    assert infer_publication_date(ARTICLE, meta, today=TODAY) == datetime.date(2020, 5, 17)


@pytest.mark.parametrize("meta", ["", "unknown", "2020", "not a date at all"])
def test_unparseable_meta_falls_back_to_text(meta: str) -> None:
    assert infer_publication_date(ARTICLE, meta, today=TODAY) == datetime.date(2021, 9, 2)


def test_infer_ignores_partial_dates() -> None:
    text = "Fighting resumed on Friday. In December, and again on January 20, talks stalled."
    assert infer_publication_date(text, today=TODAY) is None
