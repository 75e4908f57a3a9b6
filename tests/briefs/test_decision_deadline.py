"""The printed minutes show a followed decision's deadline as its follow-up has it: one
deadline wins, whatever the decision held when the follow-up was opened."""

from __future__ import annotations

import datetime as dt

from pdftext import lines

from peyvand import briefs
from peyvand.briefs import meeting_data
from peyvand.briefs.common import fa_date
from peyvand.domain import Action
from peyvand.services import actions, meetings, minutes, records
from peyvand.storage.database import Database


def test_a_followed_decision_prints_its_followups_deadline(own_db: Database) -> None:
    meeting_id = meetings.get_detail(own_db, "1399-001").meeting.id
    loaded = minutes.load(own_db, meeting_id)
    decision = next(d.row for d in loaded.detail.decisions if d.row.id in loaded.followups)
    action_id = loaded.followups[decision.id][0].id
    moved = dt.date(2027, 1, 14)  # ۱۴۰۵/۱۰/۲۴
    assert decision.due_date != moved
    records.update_row(own_db, Action, action_id, {"due_date": moved})

    brief = meeting_data.meeting_data(own_db, "1399-001")
    printed = next(d for d in brief.decisions if d.number == decision.number)
    assert printed.due == moved
    # The decision keeps its own deadline in its row, but what is printed is the follow-up's.
    assert minutes.load(own_db, meeting_id).followups[decision.id][0].due_date == moved
    text = "\n".join(line.text for line in lines(briefs.meeting_brief(own_db, "1399-001")))
    assert f"مهلت: {fa_date(moved)}" in text
    assert decision.due_date is not None
    assert f"مهلت: {fa_date(decision.due_date)}" not in text
    with own_db.reading() as session:
        assert actions.decision_deadlines(session, [decision])[decision.id] == moved
