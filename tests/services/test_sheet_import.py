"""sheet_import: real .xlsx and .csv files, header guessing, the plan, one-transaction import."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import col, select

from peyvand.domain import AuditEvent, Organization, Person
from peyvand.domain.directory import OrganizationRow, PersonRow
from peyvand.domain.errors import PeyvandError
from peyvand.services import records, sheet_import
from peyvand.services.sheet_import import guess_mapping, plan_import, read_sheet
from peyvand.storage.database import Database

ARABIC_YEH, ARABIC_KAF = "\u064a", "\u0643"
PERSIAN_YEH, KEHEH = "\u06cc", "\u06a9"
ZWNJ = "\u200c"

HEADERS = ["نام", "نام لاتین", "سمت", "سازمان", "کشور", "شهر", "تلفن", "رایانامه", "برچسب‌ها"]
ROWS = [
    ["مارکو روسی", "Marco Rossi", "معاون شهردار", "شهرداری فلورانس", "ایتالیا", "فلورانس",
     "+39 055 1234", "marco@example.it", "خواهرخواندگی، ایتالیا"],
    ["جوليا بيانکي", "Giulia Bianchi", "مدیر روابط بین‌الملل", "شهرداری فلورانس", "ایتالیا",
     "فلورانس", "", "giulia@example.it", ""],
    ["احمد كريمي", "Ahmad Karimi", "رایزن", "سفارت مالزی", "مالزی", "کوالالامپور",
     "۰۹۱۲ ۱۲۳ ۴۵۶۷", "", "شهروند دیپلمات"],
]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[str]], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def people(db: Database) -> list[PersonRow]:
    with db.reading() as session:
        found = session.exec(
            select(Person).where(col(Person.deleted_at).is_(None)).order_by(col(Person.name))
        )
        return records.rows(list(found))


def organizations(db: Database) -> list[OrganizationRow]:
    with db.reading() as session:
        found = session.exec(
            select(Organization)
            .where(col(Organization.deleted_at).is_(None))
            .order_by(col(Organization.name))
        )
        return records.rows(list(found))


def plan_file(db: Database, path: Path) -> sheet_import.ImportPlan:
    sheet = read_sheet(path)
    return plan_import(db, sheet.rows, guess_mapping(sheet.headers), first_line=sheet.first_line)


# -- reading ---------------------------------------------------------------------------


def test_xlsx_first_sheet_with_a_title_row_above_the_headers(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "people.xlsx",
        [["فهرست مهمانان هیئت فلورانس"], [], HEADERS, *ROWS, [], []],
    )
    sheet = read_sheet(path)
    assert sheet.headers == HEADERS
    assert sheet.header_line == 3
    assert sheet.first_line == 4
    assert len(sheet.rows) == 3
    assert sheet.rows[0][0] == "مارکو روسی"


def test_xlsx_numbers_and_dates_become_text(tmp_path: Path) -> None:
    import datetime as dt

    path = write_xlsx(
        tmp_path / "n.xlsx", [["Name", "Phone", "Since"], ["Ali", 3132221234, dt.date(2021, 2, 4)]]
    )
    sheet = read_sheet(path)
    assert sheet.rows == [["Ali", "3132221234", "2021-02-04"]]


def test_csv_utf8_with_bom(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [HEADERS, *ROWS])
    sheet = read_sheet(path)
    assert sheet.headers == HEADERS
    assert sheet.rows[2][0] == "احمد كريمي"


def test_csv_windows_1256_with_semicolons(tmp_path: Path) -> None:
    # What Persian Excel writes: Arabic yeh and kaf (cp1256 has no Persian yeh).
    rows = [["نام", "سازمان", "شهر"], [f"عل{ARABIC_YEH} {ARABIC_KAF}ر{ARABIC_YEH}م{ARABIC_YEH}",
                                      "شهرداری اصفهان", "اصفهان"]]
    rows = [[cell.replace(PERSIAN_YEH, ARABIC_YEH) for cell in row] for row in rows]
    path = write_csv(tmp_path / "p.csv", rows, encoding="cp1256", delimiter=";")
    sheet = read_sheet(path)
    assert len(sheet.headers) == 3
    assert guess_mapping(sheet.headers) == {0: "name", 1: "organization", 2: "city"}
    assert sheet.rows[0][0] == f"عل{ARABIC_YEH} {ARABIC_KAF}ر{ARABIC_YEH}م{ARABIC_YEH}"


def test_csv_utf16_tab_separated(tmp_path: Path) -> None:
    # Excel's «Unicode text».
    path = write_csv(tmp_path / "p.csv", [HEADERS, *ROWS], encoding="utf-16", delimiter="\t")
    sheet = read_sheet(path)
    assert sheet.headers == HEADERS
    assert sheet.rows[0][6] == "+39 055 1234"


def test_quoted_csv_cells_keep_their_commas(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Name,Tags\n"Ali","a, b"\n', encoding="utf-8")
    assert read_sheet(path).rows == [["Ali", "a, b"]]


def test_an_unsupported_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(PeyvandError) as caught:
        read_sheet(path)
    assert caught.value.msg_id == "sheet.unsupported"


def test_a_damaged_workbook_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(PeyvandError) as caught:
        read_sheet(path)
    assert caught.value.msg_id == "import.unreadable"
    assert "bad.xlsx" in caught.value.message("fa")


def test_an_empty_file_has_no_headers(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    sheet = read_sheet(path)
    assert sheet.headers == [] and sheet.rows == []


# -- mapping ---------------------------------------------------------------------------


def test_persian_headers_are_mapped() -> None:
    assert guess_mapping(HEADERS) == {
        0: "name", 1: "name_latin", 2: "title", 3: "organization", 4: "country", 5: "city",
        6: "phone", 7: "email", 8: "tags",
    }


def test_english_headers_and_spelling_variants_are_mapped() -> None:
    headers = ["Name", "Latin", "Title", "Organisation", "Country", "City", "Tel", "E-mail",
               "Tags", "Remarks", "Something else"]
    assert guess_mapping(headers) == {
        0: "name", 1: "name_latin", 2: "title", 3: "organization", 4: "country", 5: "city",
        6: "phone", 7: "email", 8: "tags", 9: "protocol_notes",
    }
    # Arabic letters, ZWNJ or a space, and case do not matter.
    headers = [f"ا{ARABIC_YEH}م{ARABIC_YEH}ل", "برچسب ها", "EMAIL", "عنوان"]
    assert guess_mapping(headers) == {0: "email", 1: "tags", 3: "title"}


def test_a_field_goes_to_its_first_column_except_the_name() -> None:
    mapping = guess_mapping(["نام", "نام خانوادگی", "ایمیل", "رایانامه", "ردیف"])
    assert mapping == {0: "name", 1: "name", 2: "email"}


# -- planning and importing ------------------------------------------------------------


def test_import_creates_people_and_organizations_normalized(db: Database, tmp_path: Path) -> None:
    plan = plan_file(db, write_xlsx(tmp_path / "p.xlsx", [HEADERS, *ROWS]))
    assert len(plan.people) == 3
    assert sorted(o.name for o in plan.new_organizations) == ["سفارت مالزی", "شهرداری فلورانس"]
    assert not plan.errors and not plan.duplicates
    assert people(db) == []  # planning writes nothing

    result = sheet_import.apply_import(db, plan)
    assert (result.people, result.organizations) == (3, 2)
    stored = {p.name: p for p in people(db)}
    # Arabic yeh/kaf typed in the sheet are stored as Persian letters.
    assert "احمد کریمی" in stored
    assert "جولیا بیانکی" in stored
    assert not any(ARABIC_YEH in n or ARABIC_KAF in n for n in stored)
    ahmad = stored["احمد کریمی"]
    assert ahmad.phone == "0912 123 4567"  # Persian digits become Latin in a phone
    assert ahmad.tags == ["شهروند دیپلمات"]
    assert stored["مارکو روسی"].tags == ["خواهرخواندگی", "ایتالیا"]
    assert stored["مارکو روسی"].email == "marco@example.it"
    orgs = {o.name: o for o in organizations(db)}
    assert stored["مارکو روسی"].organization_id == orgs["شهرداری فلورانس"].id
    assert stored["جولیا بیانکی"].organization_id == orgs["شهرداری فلورانس"].id
    assert orgs["سفارت مالزی"].city == "کوالالامپور"
    # The history says where the rows came from.
    with db.reading() as session:
        actions = set(
            session.exec(select(AuditEvent.action).where(AuditEvent.entity == "person"))
        )
    assert actions == {"import"}


def test_existing_organizations_are_reused_by_folded_name(db: Database, tmp_path: Path) -> None:
    florence = records.create_row(
        db, Organization, {"name": f"شهرداری فلورانس{ZWNJ}", "name_en": "Comune di Firenze"}
    )
    rows = [
        ["نام", "سازمان"],
        ["مارکو روسی", "شهرداري  فلورانس"],  # Arabic yeh, double space
        ["جولیا بیانکی", "COMUNE DI FIRENZE"],  # the English name
        ["لوکا ورده", "دانشگاه فلورانس"],
    ]
    plan = plan_file(db, write_csv(tmp_path / "p.csv", rows))
    assert [o.name for o in plan.reused_organizations] == [florence.name]
    assert [o.name for o in plan.new_organizations] == ["دانشگاه فلورانس"]
    sheet_import.apply_import(db, plan)
    stored = {p.name: p for p in people(db)}
    assert stored["مارکو روسی"].organization_id == florence.id
    assert stored["جولیا بیانکی"].organization_id == florence.id
    assert len(organizations(db)) == 2


def test_duplicates_are_skipped_and_reported(db: Database, tmp_path: Path) -> None:
    org = records.create_row(db, Organization, {"name": "شهرداری فلورانس"})
    records.create_row(db, Person, {"name": "مارکو روسی", "organization_id": org.id})
    records.create_row(db, Person, {"name": "علی رضایی"})
    rows = [
        ["نام", "سازمان"],
        ["مارکو  روسي", "شهرداری فلورانس"],  # in the database (same folded name and org)
        ["مارکو روسی", "دانشگاه فلورانس"],  # a namesake elsewhere: new
        ["علی رضایی", ""],  # in the database, no organization
        ["سارا احمدی", "سفارت ایتالیا"],
        ["سارا احمدی", "سفارت ايتاليا"],  # repeated in the sheet
    ]
    plan = plan_file(db, write_csv(tmp_path / "p.csv", rows))
    assert [(d.line, d.where) for d in plan.duplicates] == [
        (2, "database"), (4, "database"), (6, "sheet")
    ]
    assert [p.line for p in plan.people] == [3, 5]
    result = sheet_import.apply_import(db, plan)
    assert result.people == 2
    assert len(people(db)) == 4
    # Importing the same sheet again adds nothing.
    again = plan_file(db, tmp_path / "p.csv")
    assert again.people == () and len(again.duplicates) == 5


def test_error_rows_are_reported_in_persian_and_english_and_excluded(
    db: Database, tmp_path: Path
) -> None:
    rows = [
        ["نام", "سازمان", "رایانامه", "سمت"],
        ["مارکو روسی", "شهرداری فلورانس", "marco@example.it", ""],
        ["جولیا بیانکی", "شهرداری فلورانس", "not-an-address", ""],
        ["", "", "", "معاون"],  # details without a name
        ["لوکا ورده", "سازمان " + "بسیار " * 60, "", ""],  # organization name too long
    ]
    plan = plan_file(db, write_csv(tmp_path / "p.csv", rows))
    assert [(e.line, e.field) for e in plan.errors] == [
        (3, "email"), (4, "name"), (5, "organization_id")
    ]
    email_error = plan.errors[0]
    assert email_error.message("fa") == "رایانامه نشانی رایانامه معتبری نیست."
    assert email_error.message("en") == "E-mail is not a valid e-mail address."
    assert plan.errors[1].message("fa") == "نام را وارد کنید."
    assert "سازمان" in plan.errors[2].message("fa")
    # The valid row is imported; the bad ones are not, nor their organizations.
    assert [p.line for p in plan.people] == [2]
    result = sheet_import.apply_import(db, plan)
    assert result.people == 1
    assert [p.name for p in people(db)] == ["مارکو روسی"]
    assert [o.name for o in organizations(db)] == ["شهرداری فلورانس"]


def test_a_plan_of_errors_only_imports_nothing(db: Database, tmp_path: Path) -> None:
    rows = [["نام", "رایانامه"], ["مارکو روسی", "bad"], ["جولیا بیانکی", "also bad"]]
    plan = plan_file(db, write_csv(tmp_path / "p.csv", rows))
    assert plan.is_empty and len(plan.errors) == 2
    result = sheet_import.apply_import(db, plan)
    assert (result.people, result.organizations) == (0, 0)
    assert people(db) == [] and organizations(db) == []


def test_apply_is_all_or_nothing(db: Database, tmp_path: Path) -> None:
    embassy = records.create_row(db, Organization, {"name": "سفارت ایتالیا"})
    rows = [
        ["نام", "سازمان"],
        ["مارکو روسی", "شهرداری فلورانس"],
        ["جولیا بیانکی", "سفارت ایتالیا"],
    ]
    plan = plan_file(db, write_csv(tmp_path / "p.csv", rows))
    assert len(plan.people) == 2 and len(plan.new_organizations) == 1
    # The reused organization is deleted between the preview and the import.
    records.delete_row(db, Organization, embassy.id)
    with pytest.raises(PeyvandError) as caught:
        sheet_import.apply_import(db, plan)
    assert caught.value.msg_id == "reference.missing"
    # Nothing at all was written: neither the first person nor the new organization.
    assert people(db) == []
    assert organizations(db) == []  # the new one was not created, the old one is deleted


def test_people_added_meanwhile_are_not_doubled(db: Database, tmp_path: Path) -> None:
    rows = [["نام"], ["مارکو روسی"], ["جولیا بیانکی"]]
    plan = plan_file(db, write_csv(tmp_path / "p.csv", rows))
    records.create_row(db, Person, {"name": "مارکو روسی"})
    result = sheet_import.apply_import(db, plan)
    assert (result.people, result.skipped) == (1, 1)
    assert len(people(db)) == 2


def test_first_and_family_name_columns_are_joined(db: Database, tmp_path: Path) -> None:
    rows = [["نام", "نام خانوادگی", "سمت"], ["مارکو", "روسی", "معاون شهردار"]]
    plan = plan_file(db, write_csv(tmp_path / "p.csv", rows))
    assert plan.people[0].name == "مارکو روسی"


def test_organization_only_rows_add_organizations(db: Database, tmp_path: Path) -> None:
    records.create_row(db, Organization, {"name": "یونیسف"})
    rows = [
        ["سازمان", "کشور", "شهر"],
        ["شهرداری بارسلون", "اسپانیا", "بارسلون"],
        ["یونیسف", "", ""],
        ["شهرداری بارسلون", "", ""],
    ]
    plan = plan_file(db, write_csv(tmp_path / "orgs.csv", rows))
    assert plan.people == ()
    assert [(o.name, o.country, o.city) for o in plan.new_organizations] == [
        ("شهرداری بارسلون", "اسپانیا", "بارسلون")
    ]
    assert [(d.line, d.where) for d in plan.duplicates] == [(3, "database"), (4, "sheet")]
    result = sheet_import.apply_import(db, plan)
    assert (result.people, result.organizations) == (0, 1)
    assert len(organizations(db)) == 2


def test_without_a_name_or_organization_column_nothing_is_planned(
    db: Database, tmp_path: Path
) -> None:
    plan = plan_import(db, [["x", "y"]], {0: "title", 1: "city"})
    assert plan.missing_fields == ("name", "organization")
    assert plan.is_empty and not plan.errors


def test_blank_rows_are_counted_not_reported(db: Database) -> None:
    plan = plan_import(db, [["علی"], [""], ["  "]], {0: "name"})
    assert len(plan.people) == 1 and plan.blank_rows == 2 and not plan.errors


def test_an_unknown_field_is_refused(db: Database) -> None:
    with pytest.raises(PeyvandError):
        plan_import(db, [["x"]], {0: "salary"})


def test_five_thousand_rows_read_and_plan(db: Database, tmp_path: Path) -> None:
    rows: list[list[object]] = [list(HEADERS)]
    for i in range(5000):
        rows.append(
            [f"شخص شماره {i}", f"Person {i}", "کارشناس", f"سازمان {i % 50}", "ایران", "اصفهان",
             f"031 {i:07d}", f"p{i}@example.org", "نمونه"]
        )
    xlsx = write_xlsx(tmp_path / "big.xlsx", rows)
    csv_path = write_csv(tmp_path / "big.csv", [[str(c) for c in r] for r in rows])
    for path in (xlsx, csv_path):
        # Its speed is a benchmark's business: timed here it failed under a loaded CI.
        sheet = read_sheet(path)
        plan = plan_import(db, sheet.rows, guess_mapping(sheet.headers))
        assert len(sheet.rows) == 5000
        assert len(plan.people) == 5000 and len(plan.new_organizations) == 50
