"""The minutes (صورتجلسه) as a Word document: what the PDF prints (briefs/meeting.py),
laid out by Word."""

from __future__ import annotations

from peyvand.briefs.common import fa_date, fa_time_range, label
from peyvand.briefs.heads import Letterhead
from peyvand.briefs.meeting_data import MeetingBrief
from peyvand.domain.enums import Attendance, Classification
from peyvand.text import to_persian_digits
from peyvand.word.writer import MUTED, Run, WordWriter

TITLE = "صورتجلسه"


def info_lines(doc: WordWriter, pairs: list[tuple[str, str]]) -> None:
    """«label: value» two to a line, as the PDF's info grid."""
    shown = [(k, v) for k, v in pairs if v]
    for i in range(0, len(shown), 2):
        runs: list[Run] = []
        for n, (name, value) in enumerate(shown[i : i + 2]):
            if n:
                runs.append(Run("    "))
            runs += [Run(f"{name}: ", bold=True), Run(value)]
        doc.paragraph(runs, size=10.5, space_after=1)


def letterhead(doc: WordWriter, head: Letterhead) -> None:
    doc.paragraph(head.org, size=13, bold=True, space_after=0)
    doc.paragraph(head.unit, size=10.5, color=MUTED, space_after=8)


def build(brief: MeetingBrief, head: Letterhead, font: str) -> bytes:
    doc = WordWriter("R", font)
    if brief.classification != Classification.NORMAL:
        doc.mark(label(brief.classification))
    letterhead(doc, head)
    doc.heading(TITLE, level=0)
    doc.paragraph(brief.title, size=12.5, bold=True, align="center", space_after=6)
    info_lines(
        doc,
        [
            ("شماره", brief.number),
            ("طبقه‌بندی", label(brief.classification)),
            ("تاریخ", fa_date(brief.date)),
            ("ساعت", fa_time_range(brief.start, brief.end)),
            ("محل", brief.place),
            ("نوع جلسه", label(brief.kind)),
            ("طرف جلسه", brief.organization),
            ("هیئت", brief.visit),
            ("وضعیت صورتجلسه", "نهایی" if brief.is_final else "پیش‌نویس"),
        ],
    )
    _body(doc, brief)
    return doc.to_bytes()


def _body(doc: WordWriter, brief: MeetingBrief) -> None:
    if brief.summary:
        doc.heading("خلاصه")
        for part in (p for p in brief.summary.split("\n") if p.strip()):
            doc.paragraph(part, align="justify")
    if brief.participants:
        doc.heading("حاضران")
        doc.table(
            ["ردیف", "نام", "سمت", "سازمان", "طرف", "نقش", "حضور"],
            [
                [
                    to_persian_digits(n),
                    p.name,
                    p.title,
                    p.organization,
                    label(p.side),
                    label(p.role),
                    label(p.attendance),
                ]
                for n, p in enumerate(brief.participants, start=1)
            ],
            widths=[0.8, 2.0, 3.0, 2.0, 0.9, 1.1, 0.9],
            size=9,
        )
    if brief.agenda:
        doc.heading("دستور جلسه")
        for n, item in enumerate(brief.agenda, start=1):
            doc.paragraph(f"{to_persian_digits(n)}. {item}", align="justify")
    if brief.statements:
        doc.heading("مشروح مذاکرات")
        for group in brief.statements:
            runs = [Run(group.speaker or "سایر اظهارات", bold=True)]
            if group.title:
                runs.append(Run(" — " + group.title, color=MUTED))
            doc.paragraph(runs, size=11, space_before=4, keep_with_next=True)
            for statement in group.statements:
                doc.paragraph(f"• {statement}", align="justify", space_after=3)
    _decisions(doc, brief)


def _decisions(doc: WordWriter, brief: MeetingBrief) -> None:
    if brief.decisions:
        doc.heading("مصوبات")
        for decision in brief.decisions:
            doc.paragraph(
                f"{to_persian_digits(decision.number)}. {decision.text}",
                align="justify",
                space_after=1,
                keep_with_next=True,
            )
            meta: list[Run] = []
            owner = "، ".join(x for x in (decision.owner, decision.unit) if x)
            if owner:
                meta += [Run("مسئول اجرا: ", bold=True), Run(owner)]
            if decision.due:
                meta += [
                    Run(("؛ " if meta else "") + "مهلت: ", bold=True),
                    Run(fa_date(decision.due)),
                ]
            if meta:
                doc.paragraph(meta, size=9.5, color=MUTED, space_after=5)
    present = [p for p in brief.participants if p.attendance == Attendance.PRESENT]
    if present:
        doc.heading("امضای حاضران")
        doc.table(
            ["ردیف", "نام", "سمت", "امضا"],
            [[to_persian_digits(n), p.name, p.title, ""] for n, p in enumerate(present, start=1)],
            widths=[0.8, 2.2, 3.4, 2.2],
        )
