import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from attendance.enums import (
    AdminRole,
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


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("actor", fields.CharField(max_length=100)),
                ("action", fields.CharField(max_length=60)),
                ("target_type", fields.CharField(max_length=40)),
                ("target_id", fields.CharField(max_length=64)),
                ("reason", fields.TextField(default="", unique=False)),
                (
                    "details",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
            ],
            options={
                "table": "audit_log",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Who did what, when and why: every admin action and every correction.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="District",
            fields=[
                (
                    "code",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=8),
                ),
                ("name", fields.CharField(max_length=100)),
                ("regency", fields.CharField(max_length=100)),
                ("timezone", fields.CharField(max_length=40)),
            ],
            options={
                "table": "district",
                "app": "models",
                "pk_attr": "code",
                "table_description": "A kecamatan: the unit the camat runs.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Village",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("code", fields.CharField(unique=True, max_length=13)),
                ("name", fields.CharField(max_length=100)),
                (
                    "district",
                    fields.ForeignKeyField(
                        "models.District",
                        source_field="district_id",
                        db_constraint=True,
                        to_field="code",
                        related_name="villages",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("timezone", fields.CharField(max_length=40)),
                (
                    "boundary",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
            ],
            options={
                "table": "village",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A desa, with the time zone its office keeps and its boundary polygon if imported.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AdminUser",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("username", fields.CharField(unique=True, max_length=64)),
                ("password_hash", fields.CharField(max_length=200)),
                (
                    "role",
                    fields.CharEnumField(
                        description="CAMAT: camat\nOPERATOR: operator\nKADES: kades\nVIEWER: viewer",
                        enum_type=AdminRole,
                        max_length=10,
                    ),
                ),
                (
                    "village",
                    fields.ForeignKeyField(
                        "models.Village",
                        source_field="village_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="admins",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "admin_user",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A web-admin account. The password is stored as an argon2 hash.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Device",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("serial", fields.CharField(unique=True, max_length=64)),
                ("protocol", fields.CharField(max_length=20)),
                ("name", fields.CharField(default="", max_length=100)),
                (
                    "village",
                    fields.ForeignKeyField(
                        "models.Village",
                        source_field="village_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="devices",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("timezone", fields.CharField(null=True, max_length=40)),
                ("sealed_secret", fields.BinaryField(null=True)),
                (
                    "status",
                    fields.CharEnumField(
                        default=DeviceStatus.PENDING,
                        description="PENDING: pending\nAPPROVED: approved\nBLOCKED: blocked",
                        enum_type=DeviceStatus,
                        max_length=10,
                    ),
                ),
                (
                    "last_seen_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "device",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An attendance terminal that pushes punches. Unknown ones wait for approval.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="HolidayOverride",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("date", fields.DateField()),
                (
                    "kind",
                    fields.CharEnumField(
                        description="DAY_OFF: day_off\nWORKING_DAY: working_day",
                        enum_type=HolidayKind,
                        max_length=12,
                    ),
                ),
                ("name", fields.CharField(max_length=150)),
                (
                    "village",
                    fields.ForeignKeyField(
                        "models.Village",
                        source_field="village_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="holiday_overrides",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_by", fields.CharField(max_length=100)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "holiday_override",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A local change to the national calendar: an extra day off, or a holiday worked.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Person",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("name", fields.CharField(max_length=150)),
                (
                    "role",
                    fields.CharEnumField(
                        description="KADES: kades\nSEKDES: sekdes\nKAUR: kaur\nKASI: kasi\nKADUS: kadus\nSTAF: staf",
                        enum_type=Role,
                        max_length=10,
                    ),
                ),
                (
                    "village",
                    fields.ForeignKeyField(
                        "models.Village",
                        source_field="village_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="people",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "deactivated_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "person",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A Kades or perangkat desa whose attendance is kept.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AttendanceDay",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="days",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("local_date", fields.DateField()),
                (
                    "status",
                    fields.CharEnumField(
                        description="ON_TIME: on_time\nLATE: late\nEARLY_DEPARTURE: early_departure\nMISSING_CHECK_OUT: missing_check_out\nPRESENT: present\nPENDING: pending\nABSENT: absent\nEXCUSED: excused\nHOLIDAY: holiday\nNON_WORKING_DAY: non_working_day",
                        enum_type=DayStatus,
                        max_length=20,
                    ),
                ),
                ("first_in", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("last_out", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("late_minutes", fields.IntField(default=0)),
                ("early_minutes", fields.IntField(default=0)),
                (
                    "leave_type",
                    fields.CharEnumField(
                        null=True,
                        description="PERMISSION: permission\nSICK: sick\nLEAVE: leave\nOFFICIAL_TRIP: official_trip\nOUTAGE: outage",
                        enum_type=LeaveType,
                        max_length=20,
                    ),
                ),
                ("work_rule_name", fields.CharField(null=True, max_length=200)),
                (
                    "reasons",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("computed_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "attendance_day",
                "app": "models",
                "unique_together": (("person", "local_date"),),
                "pk_attr": "id",
                "table_description": "The derived result for one person on one office-local date, recomputed, never edited.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AttendanceEvent",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("idempotency_key", fields.CharField(unique=True, max_length=200)),
                (
                    "source",
                    fields.CharEnumField(
                        description="TELEGRAM: telegram\nTERMINAL: terminal\nADMIN: admin",
                        enum_type=EventSource,
                        max_length=10,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="CHECK_IN: check_in\nCHECK_OUT: check_out\nPUNCH: punch",
                        enum_type=EventKind,
                        max_length=10,
                    ),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "village",
                    fields.ForeignKeyField(
                        "models.Village",
                        source_field="village_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "device",
                    fields.ForeignKeyField(
                        "models.Device",
                        source_field="device_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("device_pin", fields.CharField(null=True, max_length=32)),
                ("occurred_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("received_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("local_date", fields.DateField(null=True)),
                (
                    "evidence",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "verdict",
                    fields.CharEnumField(
                        description="ACCEPTED: accepted\nREVIEW: review\nREJECTED: rejected",
                        enum_type=Verdict,
                        max_length=10,
                    ),
                ),
                (
                    "reasons",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "reviewed_verdict",
                    fields.CharEnumField(
                        null=True,
                        description="ACCEPTED: accepted\nREVIEW: review\nREJECTED: rejected",
                        enum_type=Verdict,
                        max_length=10,
                    ),
                ),
                ("reviewed_by", fields.CharField(null=True, max_length=100)),
                (
                    "reviewed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "attendance_event",
                "app": "models",
                "indexes": [
                    Index(fields=["person_id", "local_date"]),
                    Index(fields=["device_id", "device_pin"]),
                ],
                "pk_attr": "id",
                "table_description": "One raw check-in, check-out or punch, stored once per idempotency key and never edited.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ChatAccount",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="chat_accounts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("channel", fields.CharField(default="telegram", max_length=20)),
                ("external_id", fields.CharField(max_length=64)),
                ("bound_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "chat_account",
                "app": "models",
                "unique_together": (("channel", "external_id"),),
                "pk_attr": "id",
                "table_description": "A chat identity bound to one person. An account belongs to one person only.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="DevicePin",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "device",
                    fields.ForeignKeyField(
                        "models.Device",
                        source_field="device_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="pins",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("pin", fields.CharField(max_length=32)),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="device_pins",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
            ],
            options={
                "table": "device_pin",
                "app": "models",
                "unique_together": (("device", "pin"),),
                "pk_attr": "id",
                "table_description": "The number a person has on one terminal.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="FaceTemplate",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="templates",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("engine", fields.CharField(max_length=40)),
                ("model_version", fields.CharField(max_length=80)),
                ("sealed", fields.BinaryField()),
                (
                    "quality",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "face_template",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An enrolled face embedding, sealed with AES-GCM and tagged with the engine that made it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Leave",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="leaves",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "village",
                    fields.ForeignKeyField(
                        "models.Village",
                        source_field="village_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="leaves",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "leave_type",
                    fields.CharEnumField(
                        description="PERMISSION: permission\nSICK: sick\nLEAVE: leave\nOFFICIAL_TRIP: official_trip\nOUTAGE: outage",
                        enum_type=LeaveType,
                        max_length=20,
                    ),
                ),
                ("start_date", fields.DateField()),
                ("end_date", fields.DateField()),
                ("start_time", fields.TimeField(null=True, auto_now=False, auto_now_add=False)),
                ("end_time", fields.TimeField(null=True, auto_now=False, auto_now_add=False)),
                ("reason", fields.TextField(default="", unique=False)),
                ("destination", fields.CharField(null=True, max_length=200)),
                (
                    "status",
                    fields.CharEnumField(
                        default=LeaveStatus.PENDING,
                        description="PENDING: pending\nAPPROVED: approved\nREJECTED: rejected\nCANCELLED: cancelled",
                        enum_type=LeaveStatus,
                        max_length=10,
                    ),
                ),
                ("decided_by", fields.CharField(null=True, max_length=100)),
                (
                    "decided_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("sealed_document", fields.BinaryField(null=True)),
                ("document_type", fields.CharField(null=True, max_length=50)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "leave",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An excuse for a date range: izin, sakit, cuti, dinas luar, or a bulk outage excuse.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OutboxMessage",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("dedupe_key", fields.CharField(unique=True, max_length=200)),
                ("channel", fields.CharField(default="telegram", max_length=20)),
                ("chat_id", fields.CharField(max_length=64)),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="outbox",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("kind", fields.CharField(max_length=40)),
                (
                    "payload",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=OutboxStatus.PENDING,
                        description="PENDING: pending\nSENT: sent\nFAILED: failed\nBLOCKED: blocked",
                        enum_type=OutboxStatus,
                        max_length=10,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("not_before", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("sent_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("last_error", fields.TextField(null=True, unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "outbox_message",
                "app": "models",
                "indexes": [Index(fields=["status", "not_before"])],
                "pk_attr": "id",
                "table_description": "A message to send, written before sending so that nothing is sent twice.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RegistrationCode",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="registration_codes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("code_hash", fields.CharField(unique=True, max_length=64)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "registration_code",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A one-time code the camat issues so a person can bind a chat account.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SeenPicture",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="seen_pictures",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("file_unique_id", fields.CharField(null=True, unique=True, max_length=128)),
                ("phash", fields.CharField(db_index=True, max_length=64)),
                ("seen_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "seen_picture",
                "app": "models",
                "pk_attr": "id",
                "table_description": "Perceptual hashes and file ids of pictures already received, to catch a re-sent photo.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StoredSelfie",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                (
                    "event",
                    fields.ForeignKeyField(
                        "models.AttendanceEvent",
                        source_field="event_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="selfies",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("sealed", fields.BinaryField()),
                ("content_type", fields.CharField(default="image/jpeg", max_length=40)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "stored_selfie",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A selfie kept as evidence for review, sealed, and deleted after the retention period.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Warning",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "person",
                    fields.ForeignKeyField(
                        "models.Person",
                        source_field="person_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="warnings",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "level",
                    fields.CharEnumField(
                        description="ORAL: oral\nWRITTEN_1: written_1\nWRITTEN_2: written_2\nWRITTEN_3: written_3\nSUSPENSION_PROPOSAL: suspension_proposal",
                        enum_type=WarningLevel,
                        max_length=25,
                    ),
                ),
                ("facts_key", fields.CharField(unique=True, max_length=200)),
                (
                    "facts",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("issued_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("letter_path", fields.CharField(null=True, max_length=300)),
            ],
            options={
                "table": "warning",
                "app": "models",
                "pk_attr": "id",
                "table_description": "One step of the warning ladder, issued once for a given set of facts.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WorkRuleVersion",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "district",
                    fields.ForeignKeyField(
                        "models.District",
                        source_field="district_id",
                        db_constraint=True,
                        to_field="code",
                        related_name="work_rules",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=200)),
                ("effective_from", fields.DateField()),
                (
                    "rule",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("created_by", fields.CharField(max_length=100)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "work_rule_version",
                "app": "models",
                "unique_together": (("district", "effective_from"),),
                "pk_attr": "id",
                "table_description": "Working hours in force from a date on. Later versions never change earlier days.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Zone",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "village",
                    fields.ForeignKeyField(
                        "models.Village",
                        source_field="village_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="zones",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        default=ZoneKind.OFFICE,
                        description="OFFICE: office\nHALL: hall\nDISTRICT_OFFICE: district_office\nOTHER: other\nTRIP_DESTINATION: trip_destination",
                        enum_type=ZoneKind,
                        max_length=20,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                (
                    "shape",
                    fields.CharEnumField(
                        default=ZoneShape.CIRCLE,
                        description="CIRCLE: circle\nPOLYGON: polygon",
                        enum_type=ZoneShape,
                        max_length=10,
                    ),
                ),
                ("lat", fields.FloatField(null=True)),
                ("lng", fields.FloatField(null=True)),
                ("radius_m", fields.FloatField(null=True)),
                (
                    "polygon",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "source",
                    fields.CharEnumField(
                        default=LocationSource.CENTROID,
                        description="CENTROID: centroid\nSURVEYED: surveyed\nIMPORTED: imported",
                        enum_type=LocationSource,
                        max_length=10,
                    ),
                ),
                ("active", fields.BooleanField(default=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "zone",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A geofence: a circle or polygon a check-in location must be in.",
            },
            bases=["Model"],
        ),
    ]
