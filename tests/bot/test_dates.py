"""Dates typed in chat: single days, words counted from today, ranges."""

from __future__ import annotations

import datetime as dt

from bot.dates import parse_day, parse_range

MONDAY = dt.date(2026, 12, 7)


def test_parse_range_reads_single_days_and_ranges() -> None:
    """One date, a range, 'hari ini', 'besok'; a reversed range or nonsense is None."""
    assert parse_range("7-12-2026", MONDAY) == (MONDAY, MONDAY)
    assert parse_range("7/12/2026 s.d. 9/12/2026", MONDAY) == (MONDAY, dt.date(2026, 12, 9))
    assert parse_range("7-12-2026 - 9-12-2026", MONDAY) == (MONDAY, dt.date(2026, 12, 9))
    assert parse_range("hari ini", MONDAY) == (MONDAY, MONDAY)
    assert parse_range("besok", MONDAY) == (dt.date(2026, 12, 8),) * 2
    assert parse_range("kemarin sampai besok", MONDAY) == (
        dt.date(2026, 12, 6),
        dt.date(2026, 12, 8),
    )
    assert parse_range("9-12-2026 s.d. 7-12-2026", MONDAY) is None
    assert parse_range("31-2-2026", MONDAY) is None
    assert parse_range("kemarin lusa", MONDAY) is None


def test_parse_day_reads_both_orders_and_words() -> None:
    """ISO and Indonesian order, with dashes, slashes or dots; words count from today."""
    assert parse_day("2026-12-07", MONDAY) == MONDAY
    assert parse_day("07.12.2026", MONDAY) == MONDAY
    assert parse_day("7/12/2026", MONDAY) == MONDAY
    assert parse_day("  Kemarin ", MONDAY) == dt.date(2026, 12, 6)
    assert parse_day("Hari  Ini", MONDAY) == MONDAY
    assert parse_day("Sarang", MONDAY) is None
    assert parse_day("2026-13-01", MONDAY) is None
