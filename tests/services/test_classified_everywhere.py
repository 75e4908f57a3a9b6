"""A member of staff who is not cleared meets no classified record anywhere through the
services — not its title, not a row that carries its content, not even a count that
includes it — on a real office server with real logins (storage/access.py enforces it).

Every figure is also read as a cleared colleague, who must see the hidden records: so
each test would fail if the records were not there to be hidden. Hidden titles all hold
the word «نهان»; nothing open does.

One database per module, filled once by the owner through the services.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlmodel import select

import pg_support
from peyvand import briefs
from peyvand.briefs.data import visit_data
from peyvand.briefs.meeting_data import meeting_data
from peyvand.config import Settings
from peyvand.domain import (
    Action,
    Decision,
    Letter,
    Meeting,
    Organization,
    Partnership,
    Statement,
    TripInfo,
    Unit,
    Visit,
)
from peyvand.domain.enums import Classification
from peyvand.domain.errors import NotFoundError
from peyvand.services import (
    accounts,
    activity,
    calendar_entries,
    classification,
    dashboard_charts,
    excel_export,
    lists,
    records,
    timeline,
    transfer,
    trips,
)
from peyvand.services.clock import FixedClock
from peyvand.storage.database import Database
from peyvand.storage.server_database import ServerDatabase
from peyvand.storage.trip_package import KdfCost

sys.path.insert(0, str(Path(__file__).parents[1] / "briefs"))
from pdftext import clean, lines

CLOCK = FixedClock(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC))  # 5 Azar 1405
YEAR = (dt.date(2026, 3, 21), dt.date(2027, 3, 20))  # Jalali 1405
BUSY_DAY = dt.date(2026, 10, 15)  # two open meetings and a confidential one
HIDDEN = "نهان"
CHEAP = KdfCost(memory_kib=8, iterations=1, lanes=1)
PASS = "رمز سفر"


@dataclass(frozen=True)
class Office:
    url: str
    logins: dict[str, str]
    ids: dict[str, uuid.UUID]
    hidden: frozenset[str]  # ids of every row a non-cleared login must not meet


def _fill(db: Database) -> tuple[dict[str, uuid.UUID], set[str]]:
    ids: dict[str, uuid.UUID] = {}
    hidden: set[str] = set()
    conf, secret = Classification.CONFIDENTIAL, Classification.SECRET
    with db.session() as s:

        def add(key: str, model: Any, values: dict[str, Any], *, hide: bool = False) -> Any:
            obj = records.create(s, model, values, clock=CLOCK)
            ids[key] = obj.id
            if hide:
                hidden.add(str(obj.id))
            return obj

        unit = add("unit", Unit, {"name": "واحد اروپا"})
        org = add("org", Organization, {"name": "شهرداری استانبول", "city": "استانبول"})
        partner = add(
            "partner", Partnership, {"partner_city": "استانبول", "organization_id": org.id}
        )
        link = {"partnership_id": partner.id}
        add(
            "visit",
            Visit,
            {"title": "سفر هیئت استانبول", "arrival": dt.date(2026, 12, 10), **link},
        )
        open_meeting = add(
            "open_meeting", Meeting, {"title": "جلسهٔ باز با استانبول",
                                      "date": dt.date(2026, 9, 1), **link},
        )  # fmt: skip
        for n in (1, 2):
            add(f"busy_{n}", Meeting, {"title": f"جلسهٔ فنی {n}", "date": BUSY_DAY})
        conf_meeting = add(
            "conf_meeting",
            Meeting,
            {"title": "جلسهٔ نهان بندر", "date": BUSY_DAY, "classification": conf, **link},
            hide=True,
        )
        secret_visit = add(
            "secret_visit",
            Visit,
            {"title": "سفر نهان لنگرگاه", "arrival": dt.date(2026, 8, 1),
             "departure": dt.date(2026, 8, 5), "classification": secret, **link},
            hide=True,
        )  # fmt: skip
        add(
            "under_secret",
            Meeting,
            {"title": "جلسهٔ درون سفر نهان", "date": dt.date(2026, 8, 2),
             "visit_id": secret_visit.id, **link},
            hide=True,
        )  # fmt: skip
        add("conf_statement", Statement, {"meeting_id": conf_meeting.id, "text": "سخن نهان"},
            hide=True)  # fmt: skip
        open_decision = add(
            "open_decision", Decision, {"meeting_id": open_meeting.id, "text": "مصوبهٔ باز"}
        )
        conf_decision = add(
            "conf_decision",
            Decision,
            {"meeting_id": conf_meeting.id, "text": "مصوبهٔ نهان بندر"},
            hide=True,
        )
        due = {"due_date": dt.date(2026, 12, 20), "unit_id": unit.id}
        add("open_action", Action,
            {"title": "پیگیری باز", "source_decision_id": open_decision.id, **due})  # fmt: skip
        add(
            "conf_action",
            Action,
            {"title": "پیگیری نهان بندر", "source_decision_id": conf_decision.id, **due},
            hide=True,
        )
        add(
            "visit_action",
            Action,
            {"title": "کار سفر نهان", "source_visit_id": secret_visit.id, **due},
            hide=True,
        )
        add("open_letter", Letter, {"subject": "نامهٔ باز"})
        add(
            "conf_letter",
            Letter,
            {"subject": "نامهٔ نهان بندر", "meeting_id": conf_meeting.id,
             "classification": conf},
            hide=True,
        )  # fmt: skip
    return ids, hidden


@pytest.fixture(scope="module")
def office(pg_template: str) -> Iterator[Office]:
    name = pg_support.new_name("peyvand_cls")
    pg_support.create_database(name, template=pg_template)
    url = pg_support.database_url(name)
    tag = f"pvc{os.getpid()}{uuid.uuid4().hex[:6]}"
    logins = {who: f"{tag}_{who}" for who in ("staff", "cleared", "reader")}
    db = ServerDatabase.connect(url)
    try:
        ids, hidden = _fill(db)
        accounts.add_account(db, logins["staff"], ["staff"], password=None)
        accounts.add_account(db, logins["cleared"], ["staff", "cleared"], password=None)
        accounts.add_account(db, logins["reader"], ["reader"], password=None)
        yield Office(url, logins, ids, frozenset(hidden))
    finally:
        db.close()
        pg_support.drop_database(name)
        with psycopg.connect(pg_support.database_url("postgres"), autocommit=True) as conn:
            for login in logins.values():
                conn.execute(f'DROP ROLE IF EXISTS "{login}"')


@pytest.fixture(scope="module")
def staff(office: Office) -> Iterator[Database]:
    db = _as(office, "staff")
    yield db
    db.close()


@pytest.fixture(scope="module")
def cleared(office: Office) -> Iterator[Database]:
    db = _as(office, "cleared")
    yield db
    db.close()


def _as(office: Office, who: str) -> Database:
    url = make_url(office.url).set(username=office.logins[who])
    db = ServerDatabase.connect(url.render_as_string(hide_password=False))
    accounts.current(db, Settings())
    return db


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(clean(line.text) for line in lines(pdf))


def test_excel_exports_of_every_list_hold_no_classified_row(
    staff: Database, cleared: Database, tmp_path: Path
) -> None:
    for kind, hidden_rows in (("meetings", 2), ("visits", 1), ("actions", 2), ("letters", 1)):
        written = {}
        texts = {}
        for who, db in (("staff", staff), ("cleared", cleared)):
            path = tmp_path / f"{kind}-{who}.xlsx"
            written[who] = excel_export.export_list(
                db, lists.ListQuery(kind), path, {}, clock=CLOCK
            )
            sheet = openpyxl.load_workbook(path).active
            assert sheet is not None
            texts[who] = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
        assert HIDDEN not in texts["staff"], kind
        assert HIDDEN in texts["cleared"], kind
        assert written["cleared"] - written["staff"] == hidden_rows, kind


def test_the_letters_register_lists_and_counts_only_what_may_be_read(
    staff: Database, cleared: Database
) -> None:
    query = lists.ListQuery("letters")
    assert lists.count(staff, query, clock=CLOCK) == 1
    assert lists.count(cleared, query, clock=CLOCK) == 2
    shown = lists.page(staff, query, 0, 50, clock=CLOCK)
    assert [row.values.get("subject") for row in shown] == ["نامهٔ باز"]


def test_the_relationship_timeline_shows_no_classified_entry(
    office: Office, staff: Database, cleared: Database
) -> None:
    partner = office.ids["partner"]
    mine = timeline.timeline(staff, partnership_id=partner)
    theirs = timeline.timeline(cleared, partnership_id=partner)
    assert not [e.title for e in mine if HIDDEN in e.title]
    assert not {str(e.entity_id) for e in mine} & office.hidden
    assert {str(e.entity_id) for e in theirs} & office.hidden
    by_city = timeline.timeline(staff, city="استانبول")
    assert not [e.title for e in by_city if HIDDEN in e.title]


def test_the_visit_brief_neither_lists_nor_counts_hidden_meetings(
    office: Office, staff: Database, cleared: Database
) -> None:
    mine = visit_data(staff, "1405-001", clock=CLOCK)
    theirs = visit_data(cleared, "1405-001", clock=CLOCK)
    assert [h.title for h in mine.history] == ["جلسهٔ باز با استانبول"]
    assert len(theirs.history) == 4  # and the secret visit, its meeting, the confidential one
    assert [c.title for c in mine.commitments] == ["پیگیری باز"]
    assert len(theirs.commitments) == 3
    # The last contact with the partner is the open meeting, not the later hidden one.
    assert mine.partnership is not None and theirs.partnership is not None
    assert mine.partnership.last_contact == dt.date(2026, 9, 1)
    assert theirs.partnership.last_contact == BUSY_DAY
    text = _pdf_text(briefs.visit_brief(staff, "1405-001", clock=CLOCK))
    assert HIDDEN not in text
    assert "۱ مورد باز" in text and "۳ مورد باز" not in text
    cleared_text = _pdf_text(briefs.visit_brief(cleared, "1405-001", clock=CLOCK))
    assert HIDDEN in cleared_text and "۳ مورد باز" in cleared_text


def test_the_minutes_of_a_hidden_meeting_cannot_be_printed_and_say_nothing_hidden(
    office: Office, staff: Database, cleared: Database
) -> None:
    # The meeting brief reads through Core (issue 16); row-level security applies to it.
    for key in ("conf_meeting", "under_secret"):
        ref = str(office.ids[key])
        with pytest.raises(NotFoundError):
            meeting_data(staff, ref)
        with pytest.raises(NotFoundError):
            briefs.meeting_brief(staff, ref)
        assert HIDDEN in meeting_data(cleared, ref).title
    conf = meeting_data(cleared, str(office.ids["conf_meeting"]))
    assert [s.statements for s in conf.statements] == [("سخن نهان",)]
    assert [d.text for d in conf.decisions] == ["مصوبهٔ نهان بندر"]
    shown = meeting_data(staff, str(office.ids["open_meeting"]))
    assert [d.text for d in shown.decisions] == ["مصوبهٔ باز"]
    assert HIDDEN not in _pdf_text(briefs.meeting_brief(staff, str(office.ids["open_meeting"])))


def test_the_activity_report_counts_only_what_may_be_read(
    staff: Database, cleared: Database
) -> None:
    mine = activity.report(staff, *YEAR, clock=CLOCK)
    theirs = activity.report(cleared, *YEAR, clock=CLOCK)

    def totals(report: activity.ActivityReport) -> tuple[int, int, int, int]:
        return (
            sum(m.meetings for m in report.months),
            sum(m.incoming + m.outgoing for m in report.months),
            sum(u.total for u in report.units),
            sum(t.decisions for t in report.partners),
        )

    assert totals(mine) == (3, 1, 1, 1)
    assert totals(theirs) == (5, 2, 3, 2)
    assert HIDDEN not in str(mine)
    text = _pdf_text(briefs.activity_report(staff, start=YEAR[0], end=YEAR[1], clock=CLOCK))
    assert HIDDEN not in text


def test_the_calendar_shows_and_counts_only_what_may_be_read(
    staff: Database, cleared: Database
) -> None:
    october = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    mine = calendar_entries.view(staff, *october, clock=CLOCK, per_day=1)
    theirs = calendar_entries.view(cleared, *october, clock=CLOCK, per_day=1)
    assert mine.more.get(BUSY_DAY) == 1  # two open meetings, one shown
    assert theirs.more.get(BUSY_DAY) == 2
    everything = calendar_entries.entries(staff, *YEAR, clock=CLOCK)
    assert everything and not [e.title for e in everything if HIDDEN in e.title]
    assert [e.title for e in calendar_entries.entries(cleared, *YEAR, clock=CLOCK)
            if HIDDEN in e.title]  # fmt: skip


def test_the_dashboard_charts_count_only_what_may_be_read(
    office: Office, staff: Database, cleared: Database
) -> None:
    unit = office.ids["unit"]
    mine = dashboard_charts.charts(staff, unit_id=unit, clock=CLOCK)
    theirs = dashboard_charts.charts(cleared, unit_id=unit, clock=CLOCK)

    def figures(charts: dashboard_charts.DashboardCharts) -> tuple[int, int]:
        return sum(sum(b.values) for b in charts.followups), sum(
            sum(b.values) for b in charts.visits
        )

    assert figures(mine) == (1, 1)
    assert figures(theirs) == (3, 2)


def test_the_json_export_holds_every_readable_record_and_nothing_hidden(
    office: Office, staff: Database, cleared: Database
) -> None:
    def ids(db: Database) -> set[str]:
        tables = transfer.export_data(db)["tables"]
        return {str(row["id"]) for rows in tables.values() for row in rows}

    mine, theirs = ids(staff), ids(cleared)
    assert theirs - mine == office.hidden
    assert HIDDEN not in json.dumps(transfer.export_data(staff), ensure_ascii=False)


def test_a_trip_export_holds_nothing_hidden_not_even_a_hidden_last_contact(
    office: Office, staff: Database, cleared: Database, tmp_path: Path
) -> None:
    """The package records each partnership's last contact in the office; one made
    without classified records must not carry the date of a hidden meeting, whoever
    exported it."""
    partner = str(office.ids["partner"])
    for who, db in (("staff", staff), ("cleared", cleared)):
        path = tmp_path / f"{who}.pvtrip"
        trips.export_visit(db, "1405-001", path, PASS, cost=CHEAP, clock=CLOCK)
        package = Database.open_package(path, PASS, cost=CHEAP)
        try:
            exported = transfer.export_data(package)
            with package.reading() as session:
                info = session.exec(select(TripInfo)).one()
                contacts = dict(info.last_contacts or {})
        finally:
            package.close()
        rows = {str(r["id"]) for rows in exported["tables"].values() for r in rows}
        assert not rows & office.hidden, who
        assert HIDDEN not in json.dumps(exported, ensure_ascii=False), who
        assert contacts == {partner: "2026-09-01"}, who


def test_the_hidden_rows_are_really_there_for_the_owner(office: Office) -> None:
    """The other tests compare with a cleared colleague; this pins the owner's view."""
    db = ServerDatabase.connect(office.url)
    try:
        with db.reading() as session:
            titles = [m.title for m in session.exec(select(Meeting))]
        assert "جلسهٔ نهان بندر" in titles and len(titles) == 5
        # Open by its own mark, secret with its visit: who may change it follows that.
        under = classification.of_record(db, "meeting", office.ids["under_secret"])
        letter = classification.of_record(db, "letter", office.ids["conf_letter"])
        assert (under, letter) == (Classification.SECRET, Classification.CONFIDENTIAL)
    finally:
        db.close()

