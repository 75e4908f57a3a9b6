"""The message catalogue below the UI layer: stable ids → English and Persian text.

Hand-written rather than gettext .po/.mo files because the catalogue is small, both
languages are reviewed side by side in one place, and the frozen application needs no
compile step for it. The GUI renders Persian (``fa``), the command line English (``en``);
adding a language is adding a column. Qt widgets translate their own strings with tr().
"""

from __future__ import annotations

from typing import Any

Lang = str

MESSAGES: dict[str, dict[Lang, str]] = {
    # validation
    "field.required": {"en": "{field_label} is required.", "fa": "{field_label} را وارد کنید."},
    "field.too_long": {
        "en": "{field_label} is too long (at most {limit} characters).",
        "fa": "{field_label} بیش از حد طولانی است (حداکثر {limit} نویسه).",
    },
    "field.too_short": {"en": "{field_label} is required.", "fa": "{field_label} را وارد کنید."},
    "field.invalid": {"en": "{field_label} is not valid.", "fa": "{field_label} معتبر نیست."},
    "field.out_of_range": {
        "en": "{field_label} is out of range.",
        "fa": "{field_label} خارج از محدوده مجاز است.",
    },
    "field.email": {
        "en": "{field_label} is not a valid e-mail address.",
        "fa": "{field_label} نشانی رایانامه معتبری نیست.",
    },
    "field.phone": {
        "en": "{field_label} may hold only digits, spaces and + - ( ).",
        "fa": "{field_label} فقط می‌تواند رقم، فاصله و + - ( ) داشته باشد.",
    },
    "range.dates": {
        "en": "The departure date is before the arrival date.",
        "fa": "تاریخ بازگشت پیش از تاریخ ورود است.",
    },
    "range.times": {
        "en": "The end time is before the start time.",
        "fa": "ساعت پایان پیش از ساعت شروع است.",
    },
    "date.format": {
        "en": "'{value}' is not a date; write it as year/month/day, e.g. 1399/11/16.",
        "fa": "«{value}» تاریخ نیست؛ به شکل سال/ماه/روز بنویسید، مثلاً ۱۳۹۹/۱۱/۱۶.",
    },
    "date.invalid": {
        "en": "'{value}' is not a day of the Jalali calendar.",
        "fa": "«{value}» روزی در تقویم هجری شمسی نیست.",
    },
    "time.format": {
        "en": "'{value}' is not a time; write it as hour:minute, e.g. 13:30.",
        "fa": "«{value}» ساعت نیست؛ به شکل ساعت:دقیقه بنویسید، مثلاً ۱۳:۳۰.",
    },
    "time.invalid": {"en": "'{value}' is not a valid time.", "fa": "«{value}» ساعت معتبری نیست."},
    # records
    "record.not_found": {
        "en": "No {entity_label} with the number or id '{ref}'.",
        "fa": "{entity_label} با شماره یا شناسه «{ref}» پیدا نشد.",
    },
    "record.stale": {
        "en": "This {entity_label} was changed by someone else meanwhile; reload it and try again.",
        "fa": "این {entity_label} در این فاصله تغییر کرده است؛ دوباره باز کنید و از نو تلاش کنید.",
    },
    "reference.missing": {
        "en": "{field_label} points to a record that does not exist.",
        "fa": "{field_label} به رکوردی اشاره می‌کند که وجود ندارد.",
    },
    "meeting.final": {
        "en": "Meeting {number} is final; reopen it before editing its minutes.",
        "fa": "صورتجلسه {number} نهایی شده است؛ برای ویرایش ابتدا آن را بازگشایی کنید.",
    },
    "meeting.not_final": {
        "en": "Meeting {number} is not final.",
        "fa": "صورتجلسه {number} نهایی نشده است.",
    },
    "action.note_required": {
        "en": "A status change needs a progress note.",
        "fa": "برای تغییر وضعیت، شرح پیشرفت را بنویسید.",
    },
    "action.same_status": {
        "en": "The action already has this status.",
        "fa": "پیگیری هم‌اکنون همین وضعیت را دارد.",
    },
    "attachment.too_large": {
        "en": "The file is too large to attach (at most {limit} MB).",
        "fa": "پرونده برای پیوست بیش از حد بزرگ است (حداکثر {limit} مگابایت).",
    },
    # storage
    "db.newer": {
        "en": "The database {path} was made by a newer version of Peyvand "
        "(schema {found}); this version knows up to {known}. Nothing was changed.",
        "fa": "پایگاه داده {path} با نسخه جدیدتری از پیوند ساخته شده است؛ "
        "هیچ تغییری در آن داده نشد. لطفاً پیوند را به‌روز کنید.",
    },
    "db.not_sqlite": {
        "en": "{path} is not a Peyvand database.",
        "fa": "{path} پایگاه داده پیوند نیست.",
    },
    "db.corrupt": {
        "en": "The database {path} failed its integrity check: {detail}",
        "fa": "پایگاه داده {path} در بررسی سلامت رد شد: {detail}",
    },
    "db.missing": {"en": "There is no database at {path}.", "fa": "پایگاه داده‌ای در {path} نیست."},
    "db.not_empty": {
        "en": "{path} already holds data; choose a new file for the demo database.",
        "fa": "{path} از قبل داده دارد؛ برای داده نمونه پرونده تازه‌ای برگزینید.",
    },
    # import / export
    "import.unreadable": {
        "en": "Cannot read {path}: {detail}",
        "fa": "خواندن {path} ممکن نشد: {detail}",
    },
    "import.not_json": {
        "en": "{path} is not a JSON file: {detail}",
        "fa": "{path} پرونده JSON نیست: {detail}",
    },
    "import.not_export": {
        "en": "{path} is not a Peyvand export (format marker missing).",
        "fa": "{path} پرونده خروجی پیوند نیست.",
    },
    "import.version": {
        "en": "{path} uses export format version {found}; this version reads {known}.",
        "fa": "نسخه قالب {path} ({found}) پشتیبانی نمی‌شود؛ این نسخه قالب {known} را می‌خواند.",
    },
    "import.too_large": {
        "en": "{path} is too large to import ({size} bytes, at most {limit}).",
        "fa": "{path} برای درون‌ریزی بیش از حد بزرگ است.",
    },
    "import.bad_row": {
        "en": "{table} row {index}: {detail}",
        "fa": "جدول {table}، ردیف {index}: {detail}",
    },
    "import.unknown_table": {
        "en": "The export holds an unknown table '{table}'.",
        "fa": "پرونده جدول ناشناخته «{table}» دارد.",
    },
    "import.duplicate_id": {
        "en": "{table}: the id {id} appears more than once.",
        "fa": "جدول {table}: شناسه {id} بیش از یک بار آمده است.",
    },
    "import.exists": {
        "en": "{table}: the id {id} is already in the database.",
        "fa": "جدول {table}: شناسه {id} از قبل در پایگاه داده هست.",
    },
    "import.dangling": {
        "en": "{table} row {id}: {field} points to {ref}, which is neither in the file "
        "nor in the database.",
        "fa": "جدول {table}، ردیف {id}: {field} به {ref} اشاره می‌کند که وجود ندارد.",
    },
    "import.blob_hash": {
        "en": "Attachment content {sha256} does not match its SHA-256.",
        "fa": "محتوای پیوست {sha256} با چکیده‌اش نمی‌خواند.",
    },
    "import.number_taken": {
        "en": "{table} row {id}: the number {number} is already used by another record.",
        "fa": "جدول {table}، ردیف {id}: شماره {number} از قبل برای رکورد دیگری به کار رفته است.",
    },
    "file.unwritable": {
        "en": "Cannot write {path}: {detail}",
        "fa": "نوشتن در {path} ممکن نشد: {detail}",
    },
    "search.empty": {"en": "Give some text to search for.", "fa": "متنی برای جست‌وجو بنویسید."},
    "cli.no_db": {
        "en": "There is no database at {path}; create one with 'peyvand demo --db {path}'.",
        "fa": "پایگاه داده‌ای در {path} نیست.",
    },
}

ENTITY_LABELS: dict[str, dict[Lang, str]] = {
    "unit": {"en": "unit", "fa": "واحد"},
    "organization": {"en": "organization", "fa": "سازمان"},
    "person": {"en": "person", "fa": "شخص"},
    "partnership": {"en": "partnership", "fa": "همکاری"},
    "agreement": {"en": "agreement", "fa": "توافق‌نامه"},
    "visit": {"en": "visit", "fa": "هیئت"},
    "visit_member": {"en": "visit member", "fa": "عضو هیئت"},
    "itinerary_item": {"en": "itinerary item", "fa": "برنامه"},
    "gift": {"en": "gift", "fa": "هدیه"},
    "meeting": {"en": "meeting", "fa": "جلسه"},
    "participant": {"en": "participant", "fa": "شرکت‌کننده"},
    "agenda_item": {"en": "agenda item", "fa": "دستور جلسه"},
    "statement": {"en": "statement", "fa": "اظهارات"},
    "decision": {"en": "decision", "fa": "مصوبه"},
    "action": {"en": "action", "fa": "پیگیری"},
    "action_note": {"en": "progress note", "fa": "یادداشت پیشرفت"},
    "blob": {"en": "file", "fa": "پرونده"},
    "attachment": {"en": "attachment", "fa": "پیوست"},
}

FIELD_LABELS: dict[str, dict[Lang, str]] = {
    "name": {"en": "Name", "fa": "نام"},
    "name_latin": {"en": "Latin spelling", "fa": "نام به لاتین"},
    "name_en": {"en": "English name", "fa": "نام انگلیسی"},
    "title": {"en": "Title", "fa": "عنوان"},
    "title_en": {"en": "English title", "fa": "عنوان انگلیسی"},
    "email": {"en": "E-mail", "fa": "رایانامه"},
    "phone": {"en": "Phone", "fa": "تلفن"},
    "date": {"en": "Date", "fa": "تاریخ"},
    "due_date": {"en": "Due date", "fa": "مهلت"},
    "arrival": {"en": "Arrival", "fa": "تاریخ ورود"},
    "departure": {"en": "Departure", "fa": "تاریخ بازگشت"},
    "start_time": {"en": "Start time", "fa": "ساعت شروع"},
    "end_time": {"en": "End time", "fa": "ساعت پایان"},
    "text": {"en": "Text", "fa": "متن"},
    "partner_city": {"en": "Partner city", "fa": "شهر طرف همکاری"},
    "description": {"en": "Description", "fa": "شرح"},
    "activity": {"en": "Activity", "fa": "فعالیت"},
    "day": {"en": "Day", "fa": "روز"},
    "organization_id": {"en": "Organization", "fa": "سازمان"},
    "person_id": {"en": "Person", "fa": "شخص"},
    "unit_id": {"en": "Unit", "fa": "واحد"},
    "owner_person_id": {"en": "Owner", "fa": "مسئول"},
    "speaker_id": {"en": "Speaker", "fa": "گوینده"},
    "visit_id": {"en": "Visit", "fa": "هیئت"},
    "meeting_id": {"en": "Meeting", "fa": "جلسه"},
}


def label(table: dict[str, dict[Lang, str]], key: str, lang: Lang) -> str:
    entry = table.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


def render(msg_id: str, lang: Lang = "fa", /, **params: Any) -> str:
    """The message in ``lang``; unknown ids render as the id, never raise."""
    entry = MESSAGES.get(msg_id)
    if entry is None:
        return msg_id if not params else f"{msg_id} {params}"
    template = entry.get(lang) or entry["en"]
    values: dict[str, Any] = dict(params)
    if "field" in params:
        values.setdefault("field_label", label(FIELD_LABELS, str(params["field"]), lang))
    if "entity" in params:
        values.setdefault("entity_label", label(ENTITY_LABELS, str(params["entity"]), lang))
    try:
        return template.format_map(_Missing(values))
    except (ValueError, IndexError):
        return template


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
