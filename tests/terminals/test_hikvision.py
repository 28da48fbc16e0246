"""Hikvision event notifications: which events are punches, and their times."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminals.errors import MalformedUpload
from terminals.hikvision import parse_event
from tests.terminals.conftest import FIXTURES


def test_parse_event_reads_a_real_face_event_with_its_offset() -> None:
    """A DS-K1T face pass (major 5, minor 75) is a punch at its own offset time."""
    event = parse_event((FIXTURES / "hikvision_event.json").read_bytes())

    assert event.punch is not None
    assert event.punch.pin == "123123123"
    assert event.punch.time == dt.datetime(2026, 2, 24, 11, 45, 13, tzinfo=dt.UTC)
    assert event.punch.details["serial_no"] == "1199"
    assert "Mateo" not in json.dumps(dict(event.punch.details))


def test_parse_event_ignores_heartbeats_and_failed_verifications() -> None:
    """Heartbeats and a failed face (minor 76) are acknowledged, not punches."""
    heartbeat = parse_event((FIXTURES / "hikvision_heartbeat.json").read_bytes())
    failed = json.loads((FIXTURES / "hikvision_event.json").read_text())
    failed["AccessControllerEvent"]["subEventType"] = 76

    assert (heartbeat.punch, heartbeat.ignored_because) == (None, "not an access event")
    assert parse_event(json.dumps(failed).encode()).ignored_because == "not a passed verification"


def test_parse_event_reads_numeric_employee_no_of_older_firmware() -> None:
    """Older firmware sends a numeric employeeNo instead of employeeNoString."""
    event = json.loads((FIXTURES / "hikvision_event.json").read_text())
    access = event["AccessControllerEvent"]
    del access["employeeNoString"]
    access["employeeNo"] = 42

    parsed = parse_event(json.dumps(event).encode())

    assert parsed.punch is not None
    assert parsed.punch.pin == "42"


def test_parse_event_refuses_xml_with_advice() -> None:
    """XML notifications are refused with what to change on the terminal."""
    with pytest.raises(MalformedUpload, match="JSON"):
        parse_event(b'<EventNotificationAlert xmlns="http://www.isapi.org/ver20/XMLSchema"/>')


@given(
    st.binary(max_size=200)
    | st.dictionaries(
        st.sampled_from(["eventType", "dateTime", "AccessControllerEvent"]),
        st.none()
        | st.integers()
        | st.text(max_size=30)
        | st.dictionaries(
            st.sampled_from(["majorEventType", "subEventType", "employeeNoString"]),
            st.integers() | st.text(max_size=12),
        ),
    ).map(lambda item: json.dumps(item).encode())
)
def test_parse_event_never_crashes(body: bytes) -> None:
    """Any body is either read or refused as malformed."""
    with contextlib.suppress(MalformedUpload):
        parse_event(body)
