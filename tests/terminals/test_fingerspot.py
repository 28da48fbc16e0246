"""The Fingerspot webhook body: attlog scans in device-local time, every value a string."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminals.errors import MalformedUpload
from terminals.fingerspot import parse_post, read_envelope
from tests.terminals.conftest import FIXTURES


def test_parse_post_reads_documented_attlog() -> None:
    """The documented post gives one punch in local time, without seconds, with its photo URL."""
    post = parse_post((FIXTURES / "fingerspot_attlog.json").read_bytes())

    assert (post.kind, post.cloud_id) == ("attlog", "C263045107E1C26")
    punch = post.punches[0]
    assert (punch.pin, punch.time) == ("1001", dt.datetime(2025, 9, 2, 7, 31))
    assert punch.details["verify"] == "4"
    assert punch.details["photo_url"].startswith("https://")


def test_parse_post_accepts_numbers_and_seconds() -> None:
    """Numbers where strings are expected and scans with seconds are read."""
    body = {
        "type": "attlog",
        "cloud_id": "S118000033",
        "data": {"pin": 7, "scan": "2025-09-02 07:31:05", "verify": 1, "status_scan": 0},
    }

    punch = parse_post(json.dumps(body).encode()).punches[0]

    assert (punch.pin, punch.time.second, punch.details["status"]) == ("7", 5, "0")


def test_parse_post_of_other_type_has_no_punches() -> None:
    """A reply to a device command is read as its type, without punches."""
    body = {
        "type": "set_userinfo",
        "cloud_id": "S118000033",
        "trans_id": "9",
        "data": {"result": True},
    }

    post = parse_post(json.dumps(body).encode())

    assert (post.kind, post.punches) == ("set_userinfo", ())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b'{"type": "attlog"}', "cloud_id"),
        (b'{"type": "attlog", "cloud_id": "C1", "data": {"scan": "2025-09-02 07:31"}}', "pin"),
    ],
)
def test_parse_post_names_what_is_missing(body: bytes, field: str) -> None:
    """A malformed post is refused with the field named."""
    with pytest.raises(MalformedUpload, match=field):
        parse_post(body)


def test_read_envelope_refuses_a_bad_cloud_id() -> None:
    """The Cloud ID becomes a serial, so it must be one."""
    with pytest.raises(MalformedUpload, match="Serial"):
        read_envelope(b'{"type": "attlog", "cloud_id": "C 1"}')


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


@given(
    st.one_of(
        st.binary(max_size=200),
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["attlog", "x"]),
                "cloud_id": json_values,
                "data": json_values,
            }
        ).map(lambda item: json.dumps(item).encode()),
    )
)
def test_parse_post_never_crashes(body: bytes) -> None:
    """Any body is either read or refused as malformed."""
    with contextlib.suppress(MalformedUpload):
        parse_post(body)


def test_parse_post_reads_every_scan_of_a_list() -> None:
    """A list of 1,500 scans is read whole; nothing beyond 1,000 is dropped."""
    scans = [{"pin": str(number), "scan": "2025-09-02 07:31"} for number in range(1500)]
    body = {"type": "attlog", "cloud_id": "C1", "data": scans}

    assert len(parse_post(json.dumps(body).encode()).punches) == 1500


def test_parse_post_refuses_nan() -> None:
    """Non-standard JSON (a NaN PIN) is refused, not stored as "NaN"."""
    with pytest.raises(MalformedUpload, match="not JSON"):
        parse_post(b'{"type": "attlog", "cloud_id": "C1", "data": {"pin": NaN, "scan": "x"}}')
