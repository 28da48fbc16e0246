"""Database tables of Si-Sregep (tortoise-orm), one class per stored concept.

Times are stored in UTC (tortoise ``use_tz``); office-local dates are stored as dates already
attributed in the office's zone. Raw attendance events are never updated or deleted except for
the review decision, which is written once by an audited action.

Tortoise turns model docstrings into table comments, and its SQLite migrator splits statements on
semicolons: keep semicolons out of model docstrings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tortoise import fields
from tortoise.models import Model

from attendance.enums import (
    AdminRole,
    CommandStatus,
    DayStatus,
    DeviceStatus,
    EventKind,
    EventSource,
    HolidayKind,
    LeaveStatus,
    LeaveType,
    LocationSource,
    OutboxStatus,
    Role,
    Verdict,
    WarningLevel,
    ZoneKind,
    ZoneShape,
)


class LocalTimeField(fields.CharField):  # type: ignore[type-arg]
    """A wall-clock time of day in the office's zone, stored as ``HH:MM:SS`` text.

    Tortoise's ``TimeField`` follows ``use_tz`` and labels times UTC (PostgreSQL) or cannot bind
    them at all (SQLite), while a leave window such as 06:00-09:00 is local and zone-less.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=8, **kwargs)

    def to_db_value(self, value: Any, instance: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.time.fromisoformat(value)
        if not isinstance(value, dt.time) or value.tzinfo is not None:
            msg = f"{self.model_field_name} must be a time of day without a zone, got {value!r}."
            raise ValueError(msg)
        return value.isoformat(timespec="seconds")

    def to_python_value(self, value: Any) -> dt.time | None:
        if value is None or isinstance(value, dt.time):
            return value
        return dt.time.fromisoformat(str(value))


class District(Model):
    """A kecamatan: the unit the camat runs."""

    code = fields.CharField(max_length=8, primary_key=True)
    name = fields.CharField(max_length=100)
    regency = fields.CharField(max_length=100)
    timezone = fields.CharField(max_length=40)

    villages: fields.ReverseRelation[Village]

    class Meta:
        table = "district"


class Village(Model):
    """A desa, with the time zone its office keeps and its boundary polygon if imported."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=13, unique=True)
    name = fields.CharField(max_length=100)
    district: fields.ForeignKeyRelation[District] = fields.ForeignKeyField(
        "models.District", related_name="villages", on_delete=fields.RESTRICT
    )
    district_id: str
    timezone = fields.CharField(max_length=40)
    boundary: dict[str, Any] | None = fields.JSONField(null=True)
    active = fields.BooleanField(default=True)

    zones: fields.ReverseRelation[Zone]
    people: fields.ReverseRelation[Person]

    class Meta:
        table = "village"


class Zone(Model):
    """A geofence: a circle or polygon a check-in location must be in.

    A trip destination belongs to its official-trip leave (``leave``) and counts only for it.
    """

    id = fields.IntField(primary_key=True)
    village: fields.ForeignKeyRelation[Village] = fields.ForeignKeyField(
        "models.Village", related_name="zones", on_delete=fields.CASCADE
    )
    village_id: int
    kind = fields.CharEnumField(ZoneKind, max_length=20, default=ZoneKind.OFFICE)
    name = fields.CharField(max_length=100)
    shape = fields.CharEnumField(ZoneShape, max_length=10, default=ZoneShape.CIRCLE)
    lat = fields.FloatField(null=True)
    lng = fields.FloatField(null=True)
    radius_m = fields.FloatField(null=True)
    polygon: dict[str, Any] | None = fields.JSONField(null=True)
    source = fields.CharEnumField(LocationSource, max_length=10, default=LocationSource.CENTROID)
    leave: fields.ForeignKeyNullableRelation[Leave] = fields.ForeignKeyField(
        "models.Leave", related_name="destinations", null=True, on_delete=fields.CASCADE
    )
    leave_id: int | None
    active = fields.BooleanField(default=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "zone"


class Person(Model):
    """A Kades or perangkat desa whose attendance is kept."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=150)
    role = fields.CharEnumField(Role, max_length=10)
    village: fields.ForeignKeyRelation[Village] = fields.ForeignKeyField(
        "models.Village", related_name="people", on_delete=fields.RESTRICT
    )
    village_id: int
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    deactivated_at = fields.DatetimeField(null=True)

    chat_accounts: fields.ReverseRelation[ChatAccount]
    templates: fields.ReverseRelation[FaceTemplate]

    class Meta:
        table = "person"


class ChatAccount(Model):
    """A chat identity bound to one person. An account belongs to one person only."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="chat_accounts", on_delete=fields.CASCADE
    )
    person_id: int
    channel = fields.CharField(max_length=20, default="telegram")
    external_id = fields.CharField(max_length=64)
    bound_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "chat_account"
        unique_together = (("channel", "external_id"),)


class RegistrationCode(Model):
    """A one-time code the camat issues so a person can bind a chat account."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="registration_codes", on_delete=fields.CASCADE
    )
    person_id: int
    code_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "registration_code"


class FaceTemplate(Model):
    """An enrolled face embedding, sealed with AES-GCM and tagged with the engine that made it."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="templates", on_delete=fields.CASCADE
    )
    person_id: int
    engine = fields.CharField(max_length=40)
    model_version = fields.CharField(max_length=80)
    sealed = fields.BinaryField()
    quality: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "face_template"


class Device(Model):
    """An attendance terminal that pushes punches. Unknown ones wait for approval."""

    id = fields.IntField(primary_key=True)
    serial = fields.CharField(max_length=64, unique=True)
    protocol = fields.CharField(max_length=20)
    name = fields.CharField(max_length=100, default="")
    village: fields.ForeignKeyNullableRelation[Village] = fields.ForeignKeyField(
        "models.Village", related_name="devices", null=True, on_delete=fields.SET_NULL
    )
    village_id: int | None
    timezone = fields.CharField(max_length=40, null=True)
    sealed_secret = fields.BinaryField(null=True)
    status = fields.CharEnumField(DeviceStatus, max_length=10, default=DeviceStatus.PENDING)
    info: dict[str, Any] = fields.JSONField(default=dict)
    last_seen_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "device"


class DeviceCommand(Model):
    """A command queued for a terminal, handed out on its next poll and closed by its reply."""

    id = fields.IntField(primary_key=True)
    device: fields.ForeignKeyRelation[Device] = fields.ForeignKeyField(
        "models.Device", related_name="commands", on_delete=fields.CASCADE
    )
    device_id: int
    command_id = fields.CharField(max_length=16)
    command = fields.TextField()
    status = fields.CharEnumField(CommandStatus, max_length=10, default=CommandStatus.QUEUED)
    return_code = fields.IntField(null=True)
    result = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    done_at = fields.DatetimeField(null=True)

    class Meta:
        table = "device_command"
        unique_together = (("device", "command_id"),)


class TerminalUpload(Model):
    """A raw request from a terminal, stored before it is parsed, for audit and reprocessing.

    Uploads of a device that is not approved yet stay here, unprocessed, until an admin approves
    the device, so nothing a terminal was told we received is lost.
    """

    id = fields.BigIntField(primary_key=True)
    serial = fields.CharField(max_length=64, db_index=True)
    protocol = fields.CharField(max_length=20)
    table_name = fields.CharField(max_length=40, default="")
    query = fields.TextField(default="")
    body = fields.BinaryField()
    received_at = fields.DatetimeField()
    processed_at = fields.DatetimeField(null=True)
    outcome: dict[str, Any] = fields.JSONField(default=dict)

    class Meta:
        table = "terminal_upload"


class DevicePin(Model):
    """The number a person has on one terminal."""

    id = fields.IntField(primary_key=True)
    device: fields.ForeignKeyRelation[Device] = fields.ForeignKeyField(
        "models.Device", related_name="pins", on_delete=fields.CASCADE
    )
    device_id: int
    pin = fields.CharField(max_length=32)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="device_pins", on_delete=fields.CASCADE
    )
    person_id: int

    class Meta:
        table = "device_pin"
        unique_together = (("device", "pin"),)


class AttendanceEvent(Model):
    """One raw check-in, check-out or punch, stored once per idempotency key and never edited.

    ``person`` is empty for a terminal punch whose PIN is not mapped yet. The punch is kept and
    attached when the PIN is mapped. ``local_date`` is the office-local date the event counts for.
    """

    id = fields.BigIntField(primary_key=True)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    source = fields.CharEnumField(EventSource, max_length=10)
    kind = fields.CharEnumField(EventKind, max_length=10)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="events", null=True, on_delete=fields.RESTRICT
    )
    person_id: int | None
    village: fields.ForeignKeyNullableRelation[Village] = fields.ForeignKeyField(
        "models.Village", related_name="events", null=True, on_delete=fields.RESTRICT
    )
    village_id: int | None
    device: fields.ForeignKeyNullableRelation[Device] = fields.ForeignKeyField(
        "models.Device", related_name="events", null=True, on_delete=fields.RESTRICT
    )
    device_id: int | None
    device_pin = fields.CharField(max_length=32, null=True)
    occurred_at = fields.DatetimeField()
    received_at = fields.DatetimeField()
    local_date = fields.DateField(null=True)
    evidence: dict[str, Any] = fields.JSONField(default=dict)
    verdict = fields.CharEnumField(Verdict, max_length=10)
    reasons: list[str] = fields.JSONField(default=list)
    reviewed_verdict = fields.CharEnumField(Verdict, max_length=10, null=True)
    reviewed_by = fields.CharField(max_length=100, null=True)
    reviewed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "attendance_event"
        indexes = (("person_id", "local_date"), ("device_id", "device_pin"))


class AttendanceDay(Model):
    """The derived result for one person on one office-local date, recomputed, never edited."""

    id = fields.BigIntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="days", on_delete=fields.CASCADE
    )
    person_id: int
    local_date = fields.DateField()
    status = fields.CharEnumField(DayStatus, max_length=20)
    first_in = fields.DatetimeField(null=True)
    last_out = fields.DatetimeField(null=True)
    late_minutes = fields.IntField(default=0)
    early_minutes = fields.IntField(default=0)
    leave_type = fields.CharEnumField(LeaveType, max_length=20, null=True)
    work_rule_name = fields.CharField(max_length=200, null=True)
    reasons: list[str] = fields.JSONField(default=list)
    computed_at = fields.DatetimeField()

    class Meta:
        table = "attendance_day"
        unique_together = (("person", "local_date"),)


class Leave(Model):
    """An excuse for a date range: izin, sakit, cuti, dinas luar, or a bulk outage excuse.

    ``person`` empty means everyone of the village (or the whole district when ``village`` is
    empty too), and ``start_time``/``end_time`` limit it to part of the day.
    """

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="leaves", null=True, on_delete=fields.CASCADE
    )
    person_id: int | None
    village: fields.ForeignKeyNullableRelation[Village] = fields.ForeignKeyField(
        "models.Village", related_name="leaves", null=True, on_delete=fields.CASCADE
    )
    village_id: int | None
    leave_type = fields.CharEnumField(LeaveType, max_length=20)
    start_date = fields.DateField()
    end_date = fields.DateField()
    start_time = LocalTimeField(null=True)
    end_time = LocalTimeField(null=True)
    reason = fields.TextField(default="")
    destination = fields.CharField(max_length=200, null=True)
    status = fields.CharEnumField(LeaveStatus, max_length=10, default=LeaveStatus.PENDING)
    decided_by = fields.CharField(max_length=100, null=True)
    decided_at = fields.DatetimeField(null=True)
    sealed_document = fields.BinaryField(null=True)
    document_type = fields.CharField(max_length=50, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "leave"


class Warning(Model):
    """One step of the warning ladder, issued once for a given set of facts."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="warnings", on_delete=fields.CASCADE
    )
    person_id: int
    level = fields.CharEnumField(WarningLevel, max_length=25)
    facts_key = fields.CharField(max_length=200, unique=True)
    facts: dict[str, Any] = fields.JSONField(default=dict)
    issued_at = fields.DatetimeField(auto_now_add=True)
    letter_path = fields.CharField(max_length=300, null=True)

    class Meta:
        table = "warning"


class HolidayOverride(Model):
    """A local change to the national calendar: an extra day off, or a holiday worked."""

    id = fields.IntField(primary_key=True)
    date = fields.DateField()
    kind = fields.CharEnumField(HolidayKind, max_length=12)
    name = fields.CharField(max_length=150)
    village: fields.ForeignKeyNullableRelation[Village] = fields.ForeignKeyField(
        "models.Village", related_name="holiday_overrides", null=True, on_delete=fields.CASCADE
    )
    village_id: int | None
    created_by = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "holiday_override"


class WorkRuleVersion(Model):
    """Working hours in force from a date on. Later versions never change earlier days."""

    id = fields.IntField(primary_key=True)
    district: fields.ForeignKeyRelation[District] = fields.ForeignKeyField(
        "models.District", related_name="work_rules", on_delete=fields.CASCADE
    )
    district_id: str
    name = fields.CharField(max_length=200)
    effective_from = fields.DateField()
    rule: dict[str, Any] = fields.JSONField()
    created_by = fields.CharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "work_rule_version"
        unique_together = (("district", "effective_from"),)


class OutboxMessage(Model):
    """A message to send, written before sending so that nothing is sent twice."""

    id = fields.BigIntField(primary_key=True)
    dedupe_key = fields.CharField(max_length=200, unique=True)
    channel = fields.CharField(max_length=20, default="telegram")
    chat_id = fields.CharField(max_length=64)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="outbox", null=True, on_delete=fields.SET_NULL
    )
    person_id: int | None
    kind = fields.CharField(max_length=40)
    payload: dict[str, Any] = fields.JSONField()
    status = fields.CharEnumField(OutboxStatus, max_length=10, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    not_before = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "outbox_message"
        indexes = (("status", "not_before"),)


class AdminUser(Model):
    """A web-admin account. The password is stored as an argon2 hash."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=200)
    role = fields.CharEnumField(AdminRole, max_length=10)
    village: fields.ForeignKeyNullableRelation[Village] = fields.ForeignKeyField(
        "models.Village", related_name="admins", null=True, on_delete=fields.RESTRICT
    )
    village_id: int | None
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "admin_user"


class AuditEntry(Model):
    """Who did what, when and why: every admin action and every correction."""

    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor = fields.CharField(max_length=100)
    action = fields.CharField(max_length=60)
    target_type = fields.CharField(max_length=40)
    target_id = fields.CharField(max_length=64)
    reason = fields.TextField(default="")
    details: dict[str, Any] = fields.JSONField(default=dict)

    class Meta:
        table = "audit_log"


class ProcessedUpdate(Model):
    """A chat update already handled, so a second delivery of it is ignored.

    ``channel`` names the bot as well (``telegram:<bot id>``): update ids count per bot.
    """

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=40)
    update_id = fields.BigIntField()
    processed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "processed_update"
        unique_together = (("channel", "update_id"),)


class SeenPicture(Model):
    """Perceptual hashes and file ids of pictures already received, to catch a re-sent photo."""

    id = fields.BigIntField(primary_key=True)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="seen_pictures", null=True, on_delete=fields.CASCADE
    )
    person_id: int | None
    file_unique_id = fields.CharField(max_length=128, null=True, unique=True)
    phash = fields.CharField(max_length=64, db_index=True)
    seen_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "seen_picture"


class EvidencePhoto(Model):
    """A selfie or terminal photo kept as evidence, sealed, deleted after the retention period."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyNullableRelation[AttendanceEvent] = fields.ForeignKeyField(
        "models.AttendanceEvent", related_name="photos", null=True, on_delete=fields.CASCADE
    )
    event_id: int | None
    sealed = fields.BinaryField()
    content_type = fields.CharField(max_length=40, default="image/jpeg")
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "evidence_photo"
