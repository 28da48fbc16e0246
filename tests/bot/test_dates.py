"""Dates typed in chat: single days, words counted from today, ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.dates import DateProblem, read_day, read_range

MONDAY = dt.date(2026, 12, 7)


def test_read_range_reads_single_days_and_ranges() -> None:
    """One date, a range, 'hari ini', 'besok'; text that is no date is None."""
    assert read_range("7-12-2026", MONDAY) == (MONDAY, MONDAY)
    assert read_range("7/12/2026 s.d. 9/12/2026", MONDAY) == (MONDAY, dt.date(2026, 12, 9))
    assert read_range("7-12-2026 - 9-12-2026", MONDAY) == (MONDAY, dt.date(2026, 12, 9))
    assert read_range("hari ini", MONDAY) == (MONDAY, MONDAY)
    assert read_range("besok", MONDAY) == (dt.date(2026, 12, 8),) * 2
    assert read_range("kemarin sampai besok", MONDAY) == (
        dt.date(2026, 12, 6),
        dt.date(2026, 12, 8),
    )
    assert read_range("kemarin lusa", MONDAY) is None
    assert read_range("٧-١٢-٢٠٢٦", MONDAY) is None  # digits of another script are not dates


def test_read_day_reads_both_orders_and_words() -> None:
    """ISO and Indonesian order, with dashes, slashes or dots; words count from today."""
    assert read_day("2026-12-07", MONDAY) == MONDAY
    assert read_day("07.12.2026", MONDAY) == MONDAY
    assert read_day("7/12/2026", MONDAY) == MONDAY
    assert read_day("  Kemarin ", MONDAY) == dt.date(2026, 12, 6)
    assert read_day("Hari  Ini", MONDAY) == MONDAY
    assert read_day("Sarang", MONDAY) is None


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("31-12-9999", "Tahun 9999 tidak wajar"),
        ("9999-12-31", "Tahun 9999 tidak wajar"),
        ("1-1-1999", "Tahun 1999 tidak wajar"),
        ("31-2-2026", "tidak ada di kalender"),
        ("2026-13-01", "tidak ada di kalender"),
    ],
)
def test_read_day_explains_unusable_dates(text: str, hint: str) -> None:
    """A date-shaped text that names no usable day raises with an Indonesian hint."""
    with pytest.raises(DateProblem) as caught:
        read_day(text, MONDAY)
    assert hint in caught.value.hint


def test_read_day_bounds_years_and_distance() -> None:
    """Years 2000 and 2100 are the edges; `within_days` bounds the distance from today."""
    assert read_day("1-1-2000", MONDAY) == dt.date(2000, 1, 1)
    assert read_day("31-12-2100", MONDAY) == dt.date(2100, 12, 31)
    assert read_day("7-12-2027", MONDAY, within_days=366) == dt.date(2027, 12, 7)
    assert read_day("Kragan", MONDAY) is None
    with pytest.raises(DateProblem, match="more than 366 days"):
        read_day("9-12-2027", MONDAY, within_days=366)
    with pytest.raises(DateProblem, match="more than 366 days"):
        read_day("1-12-2025", MONDAY, within_days=366)


def test_read_range_explains_reversed_and_absurd_ranges() -> None:
    """A reversed range has its own reason; an absurd year on either end is refused."""
    with pytest.raises(DateProblem) as reversed_range:
        read_range("10-12-2026 s.d. 1-12-2026", MONDAY)
    assert "Tanggal selesai sebelum tanggal mulai" in reversed_range.value.hint
    with pytest.raises(DateProblem, match="1900"):
        read_range("1-1-1900 s.d. 31-12-2199", MONDAY)
    with pytest.raises(DateProblem, match="2199"):
        read_range("1-1-2026 s.d. 31-12-2199", MONDAY)
    assert read_range("minggu depan", MONDAY) is None
    assert read_range("7-12-2026 s.d. 9-12-2026", MONDAY, within_days=366) == (
        MONDAY,
        dt.date(2026, 12, 9),
    )
