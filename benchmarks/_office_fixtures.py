"""The records the office benchmark opens and saves, made the same way on both engines.

The generated data has meetings and follow-ups but no visit, and its meetings have 3-6
statements; the editors are measured on a visit with members, a programme and gifts,
and on a meeting with 20 statements (the "save of a meeting with 20 statements" of the
office-mode issue). Both are made through the services, so they are real records with
their audit rows and search documents.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from peyvand.services import minutes, visits
from peyvand.storage.database import Database

DAY = dt.date(2026, 12, 1)
STATEMENTS = 20


@dataclass(frozen=True)
class Fixtures:
    visit_id: uuid.UUID
    meeting_id: uuid.UUID
    people: list[uuid.UUID]


def people(db: Database, n: int = 8) -> list[uuid.UUID]:
    with db.read_engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id FROM person WHERE deleted_at IS NULL ORDER BY name_sort LIMIT :n"),
            {"n": n},
        )
        return [v if isinstance(v, uuid.UUID) else uuid.UUID(hex=str(v)) for (v,) in rows]


def statement_rows(who: list[uuid.UUID], tag: str, n: int = STATEMENTS) -> list[dict[str, Any]]:
    return [
        {
            "speaker_id": who[i % len(who)],
            "text": f"بند {i + 1} ({tag}): گزارش پیشرفت همکاری در حوزهٔ مدیریت پسماند و "
            "حمل‌ونقل عمومی، با پیشنهاد تشکیل کارگروه مشترک و تبادل کارشناس.",
        }
        for i in range(n)
    ]


def meeting_header(title: str) -> dict[str, Any]:
    return {"title": title, "date": DAY, "place": "تالار شورا"}


def save_meeting(db: Database, who: list[uuid.UUID], tag: str) -> minutes.Minutes:
    """A new meeting with four participants and ``STATEMENTS`` statements, as the
    meeting editor saves it (one ``minutes.save``)."""
    return minutes.save(
        db,
        None,
        meeting_header(f"جلسهٔ سنجش {tag}"),
        participants=[
            {"person_id": p, "side": "host" if i % 2 == 0 else "guest", "role": "member",
             "attendance": "present"}
            for i, p in enumerate(who[:4])
        ],
        statements=statement_rows(who, tag),
        decisions=[{"text": f"تصمیم سنجش {tag}", "due_date": DAY + dt.timedelta(days=30)}],
    )


def prepare(db: Database) -> Fixtures:
    who = people(db)
    detail = visits.save_visit(
        db,
        None,
        {
            "title": "هیئت سنجش از شهر خواهرخوانده",
            "city": "کاشان",
            "country": "ایران",
            "arrival": DAY,
            "departure": DAY + dt.timedelta(days=3),
            "purpose": "بررسی طرح‌های مشترک حمل‌ونقل عمومی",
        },
        members=[
            {"person_id": p, "side": "guest" if i < 4 else "host", "role": "عضو",
             "is_head": i == 0}
            for i, p in enumerate(who[:6])
        ],
        itinerary=[
            {"day": DAY + dt.timedelta(days=i // 4), "activity": f"برنامهٔ {i + 1}",
             "place": "شهرداری", "start_time": dt.time(9 + 2 * (i % 4), 0)}
            for i in range(12)
        ],
        gifts=[
            {"description": f"هدیهٔ {i + 1}", "direction": "given", "person_id": who[i]}
            for i in range(3)
        ],
    )
    saved = save_meeting(db, who, "ویرایشگر")
    return Fixtures(detail.visit.id, saved.detail.meeting.id, who)
