"""A draft news item (پیش‌نویس خبر) from a meeting's minutes, for the public relations
office: headline, a lead naming who met whom, when and where, each speaker's statements
attributed in reported speech in the order of the minutes, then the decisions.

The phrasing lives in a data file (resources/news/fa.toml), not in the code; this
module only picks the parts and fills in the records. The draft is a starting point:
the GUI shows it in an editable text area before it leaves as text or Word.

Refused for classified minutes (محرمانه, سری): nothing of them goes to the press. In
office mode a person who is not cleared cannot even read such a meeting (row-level
security), so the refusal matters to those who can.
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from peyvand.config import Settings
from peyvand.domain.enums import Attendance, Classification, ParticipantRole, Side
from peyvand.domain.errors import ValidationError
from peyvand.messages import render
from peyvand.paths import resource
from peyvand.services import meetings
from peyvand.services.meetings import MeetingDetail, ParticipantView
from peyvand.storage.database import Database
from peyvand.text import format_jalali_long, to_persian_digits

CLASSIFIED = frozenset({Classification.CONFIDENTIAL, Classification.SECRET})
_END_MARKS = tuple(".!?؟»)…:؛")


@dataclass(frozen=True)
class DraftWarning:
    msg_id: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "fa") -> str:
        params = dict(self.params)
        if lang == "fa" and "number" in params:
            # An isolate keeps «۱۳۹۹-۰۰۱» in reading order inside the Persian sentence.
            params["number"] = f"\u2066{to_persian_digits(str(params['number']))}\u2069"
        return render(self.msg_id, lang, **params)


@dataclass(frozen=True)
class NewsDraft:
    meeting_id: uuid.UUID
    number: str
    headline: str
    paragraphs: list[str]  # lead, statements, decisions (intro, then one per line), closing
    warnings: list[DraftWarning]

    @property
    def text(self) -> str:
        """The whole item as plain text: the headline, then paragraphs apart."""
        return "\n\n".join([self.headline, *self.paragraphs]) + "\n"


@cache
def templates(lang: str = "fa") -> dict[str, Any]:
    """The phrasing file (static, shipped with the program: read once)."""
    with resource("news", f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def _head(participants: list[ParticipantView], side: Side) -> ParticipantView | None:
    """The head of a side: its chair, else its first speaker, else its first present
    member, in the order of the minutes."""
    present = [
        p for p in participants if p.row.side == side and p.row.attendance == Attendance.PRESENT
    ]
    for role in (ParticipantRole.CHAIR, ParticipantRole.SPEAKER):
        for p in present:
            if p.row.role == role:
                return p
    return present[0] if present else None


def _who(p: ParticipantView) -> str:
    return p.title or p.name


def _joined(items: list[str], t: dict[str, Any]) -> str:
    items = [i.rstrip(".،؛ ") for i in items if i.strip()]
    if len(items) <= 1:
        return "".join(items)
    separator, last = str(t["list_separator"]), str(t["list_last"])
    return separator.join(items[:-1]) + last + items[-1]


def _sentence(text: str, stop: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith(_END_MARKS) else text + stop


def _fill(template: str, **values: str) -> str:
    # An empty part («where» for a meeting with no place) leaves no double space.
    return " ".join(template.format(**values).split())


def _lead(detail: MeetingDetail, host: ParticipantView | None,
          guest: ParticipantView | None, t: dict[str, Any]) -> str:  # fmt: skip
    m = detail.meeting
    lead = t["lead"]
    when = lead["when"].format(day=format_jalali_long(m.date))
    where = lead["where"].format(place=m.place) if m.place else ""
    topics = _joined([a.text for a in detail.agenda], lead)
    parts = {"title": m.title, "when": when, "where": where, "topics": topics}
    if host and guest:
        key = "two_sides" if topics else "two_sides_no_topics"
        return _fill(lead[key], host=_who(host), guest=_who(guest), **parts)
    one = host or guest
    if one:
        key = "one_side" if topics else "one_side_no_topics"
        return _fill(lead[key], host=_who(one), guest="", **parts)
    return _fill(lead["no_sides"], **parts)


def _statements(
    detail: MeetingDetail,
    host: ParticipantView | None,
    guest: ParticipantView | None,
    source: str,
    t: dict[str, Any],
) -> list[str]:
    speech = t["speech"]
    people = {p.row.person_id: p for p in detail.participants}
    order: list[uuid.UUID] = []
    for s in detail.statements:
        if s.row.speaker_id is not None and s.row.speaker_id not in order:
            order.append(s.row.speaker_id)
    out: list[str] = []
    previous: uuid.UUID | None = None
    said_first = False
    verb = 0
    for s in detail.statements:
        text = _sentence(s.row.text, speech["full_stop"])
        speaker = s.row.speaker_id
        if speaker is None:
            out.append(_fill(speech["unattributed"], text=text))
            previous = None
            continue
        p = people.get(speaker)
        name = p.name if p else s.speaker
        title = p.title if p else ""
        if speaker == previous:
            verbs = speech["verbs"]
            out.append(
                _fill(speech["again"], pronoun=speech["pronoun"], verb=verbs[verb % len(verbs)],
                      text=text)
            )  # fmt: skip
            verb += 1
            continue
        previous, verb = speaker, 0
        values = {"name": name, "title": title, "text": text, "source": source}
        if not said_first:
            said_first = True
            other = guest if p is not None and p.row.side == Side.HOST else host
            if other is not None and other.row.person_id != speaker:
                out.append(
                    _fill(speech["first"], other_name=other.name, other_title=other.title,
                          **values)
                )  # fmt: skip
            else:
                out.append(_fill(speech["first_alone"], **values))
            continue
        is_last = len(order) >= 3 and speaker == order[-1]
        out.append(_fill(speech["last" if is_last else "next"], **values))
    # A speaker without a title leaves «، ،» behind: tidy it.
    return [para.replace("، ، ", "، ").replace("، ،", "،") for para in out]


def draft(db: Database, ref: str | uuid.UUID, settings: Settings | None = None) -> NewsDraft:
    """The news draft of meeting ``ref`` (short number in any digit set, or UUID)."""
    settings = settings or Settings()
    detail = meetings.get_detail(db, ref)
    return from_detail(detail, settings)


def from_detail(detail: MeetingDetail, settings: Settings) -> NewsDraft:
    m = detail.meeting
    number = to_persian_digits(m.number)
    if m.classification in CLASSIFIED:
        raise ValidationError("news.classified", number=m.number)
    t = templates("fa")
    warnings: list[DraftWarning] = []
    if not m.is_final:
        warnings.append(DraftWarning("news.not_final", {"number": m.number}))
    if m.classification == Classification.RESTRICTED:
        warnings.append(DraftWarning("news.restricted", {"number": m.number}))
    if not detail.statements:
        warnings.append(DraftWarning("news.no_statements", {"number": m.number}))
    host = _head(detail.participants, Side.HOST)
    guest = _head(detail.participants, Side.GUEST)
    source = _fill(t["source"], unit=settings.letterhead_unit, org=settings.letterhead_org)
    paragraphs = [_lead(detail, host, guest, t)]
    paragraphs += _statements(detail, host, guest, source, t)
    if detail.decisions:
        paragraphs.append(t["decisions"]["intro"])
        paragraphs += [
            _fill(
                t["decisions"]["item"],
                number=to_persian_digits(n),
                text=_sentence(d.row.text, t["speech"]["full_stop"]),
            )
            for n, d in enumerate(detail.decisions, start=1)
        ]
    if t.get("closing"):
        paragraphs.append(t["closing"])
    headline = _fill(t["headline"], title=m.title, number=number)
    return NewsDraft(m.id, m.number, headline, paragraphs, warnings)


def publishable(text: str) -> str:
    """The edited draft as it leaves (clipboard): each line with Persian digits outside
    Latin words, as the briefs print them (briefs.rtl.prepare)."""
    from peyvand.briefs.rtl import prepare

    return "\n".join(prepare(line) if line.strip() else "" for line in text.splitlines())
