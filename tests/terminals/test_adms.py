"""The ADMS protocol: reading terminal bodies as real devices send them, and the replies."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config.terminals import AdmsSettings
from terminals import adms
from terminals.adms import OutgoingCommand, Table
from terminals.errors import MalformedUpload
from tests.terminals.conftest import FIXTURES

NOW = dt.datetime(2026, 11, 30, 0, 0, tzinfo=dt.UTC)


def test_parse_attlog_reads_real_capture_with_crlf_and_trailing_tabs() -> None:
    """The saifulcoder capture (CRLF, empty workcode, trailing tab) gives three punches."""
    parsed = adms.parse_attlog((FIXTURES / "attlog_capture.txt").read_bytes())

    assert parsed.errors == ()
    assert [(p.pin, p.time.isoformat(sep=" ")) for p in parsed.records] == [
        ("1", "2024-07-28 01:25:24"),
        ("1", "2024-07-28 10:41:21"),
        ("4", "2024-07-28 10:41:31"),
    ]
    assert parsed.records[0].details == {
        "status": "0",
        "verify": "1",
        "reserved1": "0",
        "reserved2": "0",
    }


def test_parse_attlog_counts_bad_lines_and_keeps_good_ones() -> None:
    """A bad line is reported with its number and reason; the others still count."""
    body = b"1001\t2025-09-02 07:31:05\t0\t15\n\nA-7\t2025-09-02 07:32\n1002\tnot a time\n1003\n"

    parsed = adms.parse_attlog(body)

    assert [punch.pin for punch in parsed.records] == ["1001", "A-7"]
    assert [(error.number, error.reason[:4]) for error in parsed.errors] == [
        (4, "Time"),
        (5, "An A"),
    ]
    assert parsed.lines == 4


def test_parse_attlog_keeps_leading_zero_pins_and_temperature_fields() -> None:
    """PIN 0042 stays text; mask and temperature fields of newer models are read."""
    body = b"0042\t2025-09-02 07:31:05\t1\t15\t\t0\t0\t1\t36.5\n"

    punch = adms.parse_attlog(body).records[0]

    assert punch.pin == "0042"
    assert punch.details["mask"] == "1"
    assert punch.details["temperature"] == "36.5"


def test_parse_rows_counts_oplog_user_and_template_rows() -> None:
    """OPLOG, USER and FACE rows are read; the template value is not kept."""
    parsed = adms.parse_rows((FIXTURES / "operlog.txt").read_bytes())

    assert [row.kind for row in parsed.records] == ["OPLOG", "USER", "FACE"]
    assert parsed.records[1].fields["PIN"] == "1001"
    assert "TMP" not in parsed.records[2].fields


def test_parse_rows_reports_unknown_kinds() -> None:
    """A row of an unknown kind is a counted error."""
    parsed = adms.parse_rows(b"WHAT 1\t2\nOPLOG 4\t0\t2025-09-02 07:40:00\n")

    assert len(parsed.records) == 1
    assert "WHAT" in parsed.errors[0].reason


def test_redact_templates_blanks_tmp_and_content_values() -> None:
    """Templates and user pictures are blanked before an upload is kept."""
    body = (FIXTURES / "operlog.txt").read_bytes() + b"USERPIC PIN=1\tSize=3\tContent=abc\n"

    redacted = adms.redact_templates(body)

    assert b"c2VjcmV0" not in redacted
    assert b"TMP=\n" in redacted
    assert b"Content=\n" in redacted
    assert b"Name=Siti Aminah" in redacted


def test_parse_rtlog_keeps_verified_punches_only() -> None:
    """A verified rtlog event is a punch; a denied one (27) is read and ignored."""
    body = (
        b"time=2025-09-02 07:31:05\tpin=1001\tcardno=0\teventaddr=1\tevent=0\tinoutstatus=0"
        b"\tverifytype=15\tindex=21\n"
        b"time=2025-09-02 07:32:00\tpin=0\tcardno=123\tevent=27\tindex=22\n"
    )

    parsed = adms.parse_rtlog(body)

    assert [record.event for record in parsed.records] == [0, 27]
    punch = parsed.records[0].punch
    assert punch is not None
    assert (punch.pin, punch.details["index"]) == ("1001", "21")
    assert parsed.records[1].punch is None


def test_parse_photo_reads_name_and_binary_picture() -> None:
    """The file name gives the punch; the picture is everything after the NUL byte."""
    image = b"\xff\xd8\x00\n\xff\xd9"
    body = b"PIN=20250902073105-1001.jpg\nSN=SIM0001\nsize=6\nCMD=uploadphoto\x00" + image

    photo = adms.parse_photo(body)

    assert (photo.pin, photo.time) == ("1001", dt.datetime(2025, 9, 2, 7, 31, 5))
    assert photo.image == image
    assert photo.size_matches
    assert adms.photo_header(body).endswith(b"CMD=uploadphoto")


def test_parse_photo_without_nul_is_malformed() -> None:
    """A photo upload without the NUL separator is refused."""
    with pytest.raises(MalformedUpload, match="NUL"):
        adms.parse_photo(b"PIN=x.jpg\nsize=3")


def test_parse_command_results_reads_batched_and_multiline_answers() -> None:
    """Several one-line answers and a multi-line INFO answer are read with their codes."""
    body = (
        b"ID=101&Return=0&CMD=DATA\nID=108&Return=0&CMD=INFO\n~SerialNumber=SIM0001\n"
        b"FirmVer=1.2\nID=109&Return=-1002&CMD=DATA\n"
    )

    parsed = adms.parse_command_results(body)

    assert [(r.command_id, r.return_code) for r in parsed.records] == [
        ("101", 0),
        ("108", 0),
        ("109", -1002),
    ]
    assert "FirmVer=1.2" in parsed.records[1].text


def test_parse_pairs_and_info_read_what_terminals_say_about_themselves() -> None:
    """Options pushes and getrequest INFO are read into names and values."""
    pairs = adms.parse_pairs(b"~DeviceName=SpeedFace-V5L,FaceFunOn=1,UserCount=2")
    info = adms.parse_info("ZAM180-NF-Ver1.1.17,2,0,1,192.168.1.235,10,7,1,2,11")

    assert pairs == {"DeviceName": "SpeedFace-V5L", "FaceFunOn": "1", "UserCount": "2"}
    assert (info["firmware"], info["users"], info["ip"]) == (
        "ZAM180-NF-Ver1.1.17",
        "2",
        "192.168.1.235",
    )


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Asia/Jakarta", 7), ("Asia/Makassar", 8), ("Asia/Jayapura", 9), ("Asia/Kolkata", 330)],
)
def test_zk_timezone_gives_hours_or_minutes_for_half_hour_zones(zone: str, expected: int) -> None:
    """WIB 7, WITA 8, WIT 9; a half-hour zone goes in minutes (the +2:30 clock-jump bug)."""
    assert adms.zk_timezone(ZoneInfo(zone), NOW) == expected


def test_options_reply_starts_with_serial_and_uses_documented_keys() -> None:
    """The block starts with GET OPTION FROM and uses the stamp names firmware reads."""
    reply = adms.options_reply("SIM0001", AdmsSettings(), 8)

    lines = reply.splitlines()
    assert lines[0] == "GET OPTION FROM: SIM0001"
    assert {"ATTLOGStamp=None", "TimeZone=8", "Delay=10", "ErrorDelay=30"} <= set(lines)
    assert not any(line.startswith(("OpStamp", "AttLogStamp")) for line in lines)
    assert "TransFlag=TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser" in lines


def test_commands_reply_is_ok_when_idle_else_one_line_per_command() -> None:
    """Idle polls get OK; queued commands go out as C:<id>:<command>."""
    commands = [
        OutgoingCommand("17", "DATA QUERY USERINFO PIN=1001"),
        OutgoingCommand("18", "INFO"),
    ]

    assert adms.commands_reply([]) == "OK"
    assert adms.commands_reply(commands) == "C:17:DATA QUERY USERINFO PIN=1001\nC:18:INFO\n"


def test_user_info_command_strips_tabs_from_names() -> None:
    """A name cannot break the tab-separated command."""
    command = adms.user_info_command("7", "Siti\tAminah\nBinti  Ahmad Dahlan Panjang")

    assert command.startswith("DATA UPDATE USERINFO PIN=7\tName=Siti Aminah Binti Ahmad\tPri=0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ATTLOG", Table.ATTLOG),
        ("attlog", Table.ATTLOG),
        ("OPTIONS", Table.OPTIONS),
        ("x", Table.OTHER),
    ],
)
def test_table_of_ignores_case(value: str, expected: Table) -> None:
    """Table names are matched whatever their case."""
    assert Table.of(value) is expected


def test_push_version_defaults_to_2_2_14() -> None:
    """An absent or odd pushver counts as the first release."""
    assert adms.push_version(None) == (2, 2, 14)
    assert adms.push_version("3.1.2") == (3, 1, 2)
    assert adms.push_version("x") == (2, 2, 14)


attlog_lines = st.lists(
    st.tuples(
        st.text(alphabet="0123456789AZaz-_. \t", max_size=6),
        st.sampled_from(["2025-09-02 07:31:05", "2025-13-02 07:31", "1756773065", "", "x\ty"]),
        st.lists(st.text(alphabet="0123456789\t ", max_size=3), max_size=9),
    ),
    max_size=8,
).map(lambda rows: "\r\n".join("\t".join([pin, time, *rest]) for pin, time, rest in rows).encode())


@given(st.one_of(st.binary(max_size=300), attlog_lines))
def test_parsers_never_crash_on_any_body(body: bytes) -> None:
    """Every line parser returns records and errors for any body; whole-body readers raise only
    MalformedUpload."""
    for parse in (
        adms.parse_attlog,
        adms.parse_rows,
        adms.parse_rtlog,
        adms.parse_command_results,
    ):
        parsed = parse(body)
        assert parsed.lines == len(adms.body_lines(body))
    adms.parse_pairs(body)
    adms.redact_templates(body)
    with contextlib.suppress(MalformedUpload):
        adms.parse_photo(body)


@given(st.text(max_size=200))
def test_info_and_version_readers_accept_any_text(text: str) -> None:
    """Query values from a terminal never crash the readers."""
    adms.parse_info(text)
    adms.push_version(text)


def test_parse_attlog_drops_a_byte_order_mark() -> None:
    """A UTF-8 BOM before the first line does not make that line unreadable."""
    parsed = adms.parse_attlog(b"\xef\xbb\xbf1001\t2026-12-03 07:31:05\t0\t15\r\n")

    assert (parsed.errors, [punch.pin for punch in parsed.records]) == ((), ["1001"])


def test_numbers_in_adms_bodies_are_ascii_digits_only() -> None:
    """Arabic-Indic digits: no date, no OPLOG number, no rtlog event, size, code or version."""
    attlog = adms.parse_attlog("1001\t٢٠٢٦-12-03 07:31:05\t0\t15\n".encode())
    oplog = adms.parse_rows("OPLOG ٤\t0\t2026-12-03 07:40:00\n".encode())
    rtlog = adms.parse_rtlog("time=2026-12-03 07:31:05\tpin=1001\tevent=٠\n".encode())
    photo = adms.parse_photo("PIN=20261203073105-1001.jpg\nsize=٤\x00\xff".encode())
    results = adms.parse_command_results("ID=1&Return=٠&CMD=INFO".encode())

    assert [len(parsed.errors) for parsed in (attlog, oplog, rtlog, results)] == [1, 1, 1, 1]
    assert photo.declared_size is None
    assert adms.push_version("٣.1.2") == (2, 2, 14)
