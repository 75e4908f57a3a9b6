"""The message catalogue below the UI layer: stable ids → English and Persian text.

Hand-written rather than gettext .po/.mo files because the catalogue is small, both
languages are reviewed side by side in one place, and the frozen application needs no
compile step for it. The GUI renders Persian (``fa``), the command line English (``en``);
adding a language is adding a column. Qt widgets translate their own strings with tr().
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from peyvand.text.digits import to_persian_digits

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
    "range.expiry": {
        "en": "The expiry date is before the signing date.",
        "fa": "تاریخ انقضا پیش از تاریخ امضا است.",
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
        "en": "'{value}' is not a time; write it as hour:minute, e.g. 13:30 or 1330.",
        "fa": "«{value}» ساعت نیست؛ به شکل ساعت:دقیقه بنویسید، مثلاً ۱۳:۳۰ یا ۱۳۳۰.",
    },
    "time.invalid": {
        "en": "'{value}' is not a time of day: hours run from 0 to 23, minutes from 0 to 59.",
        "fa": "«{value}» ساعت نیست: ساعت از ۰ تا ۲۳ است و دقیقه از ۰ تا ۵۹.",
    },
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
    "decision.deadline_followed": {
        "en": "Decision {number} is followed up in action {action}: its deadline is that "
        "action's; change it there.",
        "fa": "مهلت مصوبه {number} همان مهلت پیگیری {action} است؛ آن را در پیگیری تغییر دهید.",
    },
    "decision.followed_up": {
        "en": "Decision {number} is already followed up in action {action}.",
        "fa": "مصوبه {number} پیش‌تر در پیگیری {action} پیگیری می‌شود.",
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
        "fa": "{path} از قبل داده دارد؛ داده نمونه فقط در پایگاه داده خالی بارگذاری می‌شود.",
    },
    "db.network_path": {
        "en": "The database {path} is on a network share. SQLite cannot lock files safely "
        "there, so the live database must be on this computer's own disk: copy it to a "
        "local folder and open it from there. Nothing was changed.",
        "fa": "پایگاه داده {path} روی یک پوشه شبکه‌ای است. قفل‌گذاری پرونده روی شبکه مطمئن "
        "نیست و داده ممکن است خراب شود؛ پایگاه داده را در دیسک همین رایانه نگه دارید: "
        "پرونده را به پوشه‌ای محلی رونوشت کنید و از آنجا باز کنید. هیچ تغییری داده نشد.",
    },
    "db.read_only": {
        "en": "The database {path} is on a read-only disk or folder (or the file is "
        "read-only): it can be read, not changed. Nothing was changed.",
        "fa": "پایگاه داده {path} روی دیسک یا پوشه‌ای فقط خواندنی است (یا خود پرونده فقط "
        "خواندنی است): می‌توان آن را خواند، اما نمی‌توان چیزی در آن تغییر داد. هیچ تغییری "
        "داده نشد.",
    },
    "db.read_only_old": {
        "en": "The database {path} was made by an older version of Peyvand and must be "
        "upgraded before use, which cannot be done on a read-only disk or folder. Copy it "
        "to a folder on this computer and open it from there. Nothing was changed.",
        "fa": "پایگاه داده {path} با نسخه قدیمی‌تری از پیوند ساخته شده و پیش از کار باید "
        "به‌روز شود، که روی دیسک یا پوشه فقط خواندنی ممکن نیست. آن را در پوشه‌ای روی همین "
        "رایانه رونوشت کنید و از آنجا باز کنید. هیچ تغییری داده نشد.",
    },
    "db.read_only_wal": {
        "en": "The database {path} was copied while it was open: its latest changes are in "
        "{wal}, which cannot be read on a read-only disk or folder. Copy both files to a "
        "folder on this computer and open the database from there.",
        "fa": "پایگاه داده {path} هنگامی رونوشت شده که باز بوده است و آخرین تغییرهایش در "
        "پرونده {wal} است که روی دیسک یا پوشه فقط خواندنی خواندنی نیست. هر دو پرونده را "
        "در پوشه‌ای روی همین رایانه رونوشت کنید و از آنجا باز کنید.",
    },
    "db.cant_open": {
        "en": "Peyvand cannot open the database {path} ({detail}). Check that the folder "
        "exists and that Peyvand may write there. Nothing was changed.",
        "fa": "پیوند نمی‌تواند پایگاه داده {path} را باز کند. بررسی کنید که پوشه وجود دارد "
        "و پیوند اجازه نوشتن در آن را دارد. هیچ تغییری داده نشد.",
    },
    "db.busy": {
        "en": "Another program is writing to the database {path}; Peyvand waited {seconds} "
        "seconds for it. Nothing was changed: try again when the other program has "
        "finished, or close it.",
        "fa": "برنامه دیگری در حال نوشتن در پایگاه داده {path} است و پیوند {seconds} ثانیه "
        "منتظر ماند. هیچ تغییری داده نشد؛ پس از پایان کار آن برنامه (یا بستن آن) دوباره "
        "بکوشید.",
    },
    "db.busy_cancelled": {
        "en": "Stopped waiting for the other program that is writing to {path}. Nothing was "
        "changed.",
        "fa": "انتظار برای برنامه دیگری که در {path} می‌نویسد متوقف شد. هیچ تغییری داده نشد.",
    },
    "db.waiting": {
        "en": "waiting for another program that is writing to {path} (up to {seconds} s)…",
        "fa": "در انتظار برنامه دیگری که در حال نوشتن در {path} است (تا {seconds} ثانیه)…",
    },
    # disks
    "disk.full": {
        "en": "There is no space left on the disk that holds {path}. Nothing was changed: "
        "free some space (or choose another disk) and try again.",
        "fa": "روی دیسکی که {path} در آن است جای خالی نمانده است. هیچ تغییری داده نشد؛ "
        "کمی جا باز کنید (یا دیسک دیگری برگزینید) و دوباره بکوشید.",
    },
    "disk.read_only": {
        "en": "{path} is on a read-only disk or folder; nothing can be written there. "
        "Nothing was changed.",
        "fa": "{path} روی دیسک یا پوشه‌ای فقط خواندنی است و چیزی در آن نوشته نمی‌شود. "
        "هیچ تغییری داده نشد.",
    },
    "disk.no_access": {
        "en": "Peyvand is not allowed to write {path} (no permission). Nothing was changed.",
        "fa": "پیوند اجازه نوشتن در {path} را ندارد. هیچ تغییری داده نشد.",
    },
    "disk.full_unnamed": {
        "en": "There is no space left on the disk. Nothing was changed: free some space "
        "(or choose another disk) and try again.",
        "fa": "روی دیسک جای خالی نمانده است. هیچ تغییری داده نشد؛ کمی جا باز کنید (یا "
        "دیسک دیگری برگزینید) و دوباره بکوشید.",
    },
    "disk.read_only_unnamed": {
        "en": "The disk or folder is read-only; nothing can be written there. Nothing was "
        "changed.",
        "fa": "دیسک یا پوشه فقط خواندنی است و چیزی در آن نوشته نمی‌شود. هیچ تغییری داده نشد.",
    },
    "disk.no_access_unnamed": {
        "en": "Peyvand is not allowed to write there (no permission). Nothing was changed.",
        "fa": "پیوند اجازه نوشتن در آنجا را ندارد. هیچ تغییری داده نشد.",
    },
    "disk.io_error": {
        "en": "The disk that holds {path} could not be read or written ({detail}). Nothing "
        "was changed; check the disk.",
        "fa": "دیسکی که {path} در آن است خوانده یا نوشته نشد. هیچ تغییری داده نشد؛ دیسک را "
        "بررسی کنید.",
    },
    # backups
    "backup.same_file": {
        "en": "{path} is the database itself; choose another file for the backup.",
        "fa": "{path} خود پایگاه داده است؛ پرونده دیگری برای پشتیبان برگزینید.",
    },
    "restore.missing": {
        "en": "There is no backup file at {path}.",
        "fa": "پرونده پشتیبانی در {path} نیست.",
    },
    "restore.not_backup": {
        "en": "{path} is not a backup of a Peyvand database. Nothing was changed.",
        "fa": "{path} پشتیبان پایگاه داده پیوند نیست. هیچ تغییری داده نشد.",
    },
    "restore.newer": {
        "en": "The backup {path} was made by a newer version of Peyvand (schema {found}); "
        "this version knows up to {known}. Nothing was changed.",
        "fa": "پشتیبان {path} با نسخه جدیدتری از پیوند ساخته شده است؛ برای بازگردانی آن "
        "پیوند را به‌روز کنید. هیچ تغییری داده نشد.",
    },
    "restore.corrupt": {
        "en": "The backup {path} failed its integrity check ({detail}). Nothing was changed.",
        "fa": "پشتیبان {path} در بررسی سلامت رد شد و قابل بازگردانی نیست. "
        "هیچ تغییری داده نشد.",
    },
    "restore.bad_schema": {
        "en": "{path} does not have the tables of a Peyvand backup ({detail}); it may have "
        "been altered. Nothing was changed.",
        "fa": "ساختار جدول‌های {path} با پشتیبان‌های پیوند یکی نیست و شاید دست‌کاری شده "
        "باشد. هیچ تغییری داده نشد.",
    },
    "restore.bad_blob": {
        "en": "The backup {path} holds an attachment whose bytes do not match its checksum "
        "or size ({detail}). Nothing was changed.",
        "fa": "پشتیبان {path} پیوستی دارد که محتوایش با چکیده یا اندازه ثبت‌شده‌اش یکی "
        "نیست. هیچ تغییری داده نشد.",
    },
    "restore.bad_value": {
        "en": "The backup {path} holds a value that no Peyvand writes ({detail}). Nothing "
        "was changed.",
        "fa": "پشتیبان {path} مقداری دارد که پیوند هرگز نمی‌نویسد (شماره، نسخه یا شمارنده "
        "نادرست). هیچ تغییری داده نشد.",
    },
    "restore.unverified": {
        "en": "No checksum was recorded for the backup {path} when it was made (it was "
        "made elsewhere or by an older version: {catalogue} has no line for it), so "
        "Peyvand cannot tell whether it changed since. Nothing was changed. If you trust "
        "this file, restore it with --force.",
        "fa": "هنگام ساختن پشتیبان {path} چکیده‌ای برای آن ثبت نشده است (جای دیگری یا با "
        "نسخه قدیمی‌تری ساخته شده)، پس نمی‌توان گفت پس از آن تغییر کرده است یا نه. هیچ "
        "تغییری داده نشد.",
    },
    "restore.changed": {
        "en": "The backup {path} has changed since it was made: its checksum differs from "
        "the one recorded in {catalogue}. Nothing was changed. If you still want this "
        "file, restore it with --force.",
        "fa": "پشتیبان {path} پس از ساخته شدن تغییر کرده است: چکیده آن با چکیده ثبت‌شده "
        "یکی نیست. هیچ تغییری داده نشد.",
    },
    "restore.same_file": {
        "en": "{path} is the live database itself, not a backup of it.",
        "fa": "{path} خود پایگاه داده در حال کار است، نه پشتیبانی از آن.",
    },
    "restore.busy": {
        "en": "The database {path} is in use by another program; close it and try again. "
        "Nothing was changed.",
        "fa": "پایگاه داده {path} در دست برنامه دیگری است؛ آن را ببندید و دوباره "
        "بکوشید. هیچ تغییری داده نشد.",
    },
    "restore.failed": {
        "en": "Restoring into {path} failed: {detail}",
        "fa": "بازگردانی در {path} انجام نشد: {detail}",
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
        "fa": "جدول {table_label}، ردیف {index}: {detail}",
    },
    "import.unknown_table": {
        "en": "The export holds an unknown table '{table}'.",
        "fa": "پرونده جدول ناشناخته «{table}» دارد.",
    },
    "import.duplicate_id": {
        "en": "{table}: the id {id} appears more than once.",
        "fa": "جدول {table_label}: شناسه {id} بیش از یک بار آمده است.",
    },
    "import.exists": {
        "en": "{table}: the id {id} is already in the database.",
        "fa": "جدول {table_label}: شناسه {id} از قبل در پایگاه داده هست.",
    },
    "import.dangling": {
        "en": "{table} row {id}: {field} points to {ref}, which is neither in the file "
        "nor in the database.",
        "fa": "جدول {table_label}، ردیف {id}: {field} به {ref} اشاره می‌کند که وجود ندارد.",
    },
    "import.blob_hash": {
        "en": "Attachment content {sha256} does not match its SHA-256.",
        "fa": "محتوای پیوست {sha256} با چکیده‌اش نمی‌خواند.",
    },
    "import.number_taken": {
        "en": "{table} row {id}: the number {number} is already used by another record.",
        "fa": "جدول {table_label}، ردیف {id}: شماره {number} "
        "از قبل برای رکورد دیگری به کار رفته است.",
    },
    # import: hostile or malformed input (services/intake.py)
    "import.trip_package": {
        "en": "{path} is a trip package, not an export; import it with 'peyvand trip import'.",
        "fa": "{path} بسته سفر است، نه پرونده خروجی؛ آن را با درون‌ریزی بسته سفر بخوانید.",
    },
    "import.database_file": {
        "en": "{path} is a database file, not an export; a backup is brought back with "
        "'peyvand restore'.",
        "fa": "{path} پرونده پایگاه داده است، نه پرونده خروجی؛ پشتیبان با "
        "«بازگردانی پشتیبان» برگردانده می‌شود.",
    },
    "import.too_deep": {
        "en": "{path} nests objects or lists more than {limit} levels deep; "
        "it is not a Peyvand export.",
        "fa": "ساختار {path} بیش از {limit} لایه تودرتو است؛ پرونده خروجی پیوند نیست.",
    },
    "import.too_many_values": {
        "en": "{path} holds more than {limit} values; it is too large to import.",
        "fa": "{path} بیش از {limit} مقدار دارد و برای درون‌ریزی بیش از حد بزرگ است.",
    },
    "import.bad_number": {
        "en": "{path}: the number {value} cannot be imported (too large, or not a finite "
        "number).",
        "fa": "{path}: عدد {value} پذیرفتنی نیست (بیش از حد بزرگ است یا عدد متناهی نیست).",
    },
    "import.duplicate_key": {
        "en": "{path}: the key '{key}' appears twice in one object.",
        "fa": "{path}: کلید «{key}» در یک شیء دو بار آمده است.",
    },
    "import.unknown_key": {
        "en": "{path}: unknown top-level key '{key}' (written by a newer version?).",
        "fa": "{path}: کلید ناشناخته «{key}» در بالاترین سطح پرونده "
        "(شاید نسخه تازه‌تری آن را نوشته است).",
    },
    "import.table_not_list": {
        "en": "{table}: the rows must be a list.",
        "fa": "جدول {table_label}: ردیف‌ها باید به شکل فهرست باشند.",
    },
    "import.too_many_rows": {
        "en": "{table} holds {count} rows; one import may bring at most {limit}.",
        "fa": "جدول {table_label} {count} ردیف دارد؛ هر درون‌ریزی حداکثر {limit} ردیف "
        "می‌پذیرد.",
    },
    "import.too_many_rows_total": {
        "en": "The file holds {count} rows; one import may bring at most {limit}.",
        "fa": "پرونده {count} ردیف دارد؛ هر درون‌ریزی حداکثر {limit} ردیف می‌پذیرد.",
    },
    "import.not_unicode": {
        "en": "{field_label} holds text that is not valid Unicode (an unpaired surrogate "
        "such as \\ud800).",
        "fa": "{field_label} متنی دارد که یونیکد معتبر نیست.",
    },
    "import.expects_text": {
        "en": "{field_label} must be text.",
        "fa": "{field_label} باید متن باشد.",
    },
    "import.expects_integer": {
        "en": "{field_label} must be a whole number.",
        "fa": "{field_label} باید عدد صحیح باشد.",
    },
    "import.expects_boolean": {
        "en": "{field_label} must be true or false.",
        "fa": "{field_label} باید درست یا نادرست (true یا false) باشد.",
    },
    "import.expects_text_list": {
        "en": "{field_label} must be a list of texts.",
        "fa": "{field_label} باید فهرستی از متن‌ها باشد.",
    },
    "import.too_many_items": {
        "en": "{field_label} holds {count} items; at most {limit} are allowed.",
        "fa": "{field_label} {count} مورد دارد؛ حداکثر {limit} مورد مجاز است.",
    },
    "file.unwritable": {
        "en": "Cannot write {path}: {detail}",
        "fa": "نوشتن در {path} ممکن نشد: {detail}",
    },
    "sheet.unsupported": {
        "en": "{path}: only Excel workbooks (.xlsx) and CSV files can be read; "
        "save an older .xls sheet as .xlsx first.",
        "fa": "«{path}» خوانده نشد: فقط پرونده‌های اکسل (xlsx) و CSV خوانده می‌شوند؛ "
        "برگه‌های قدیمی xls را در اکسل با قالب xlsx ذخیره کنید.",
    },
    # office mode: the PostgreSQL server (storage/server.py)
    "server.bad_url": {
        "en": "{url} is not a server address Peyvand can use; write it as "
        "postgresql://user@host:port/database.",
        "fa": "«{url}» نشانی کارگزاری نیست که پیوند بتواند به کار ببرد؛ آن را به شکل "
        "postgresql://user@host:port/database بنویسید.",
    },
    "server.unreachable": {
        "en": "The office server {server} cannot be reached ({detail}). Check the network "
        "and that the server is running; nothing was changed.",
        "fa": "کارگزار دفتر ({server}) در دسترس نیست. شبکه و روشن بودن کارگزار را بررسی کنید؛ "
        "چیزی تغییر نکرد.",
    },
    "server.auth_failed": {
        "en": "The office server {server} refused the sign-in: check the user name and "
        "password.",
        "fa": "کارگزار دفتر ({server}) ورود را نپذیرفت: نام کاربری و گذرواژه را بررسی کنید.",
    },
    "server.no_database": {
        "en": "The office server has no such database: {server}.",
        "fa": "چنین پایگاه داده‌ای روی کارگزار دفتر نیست: {server}",
    },
    "server.try_again": {
        "en": "Another workstation changed the same records at the same moment on {server}. "
        "Nothing was changed; try again.",
        "fa": "همکاری در همان لحظه همین رکوردها را تغییر داد. چیزی تغییر نکرد؛ دوباره بکوشید.",
    },
    "server.not_initialized": {
        "en": "{server} holds no Peyvand database yet; set it up with "
        "'peyvand server init --db URL'.",
        "fa": "روی کارگزار ({server}) هنوز پایگاه دادهٔ پیوند ساخته نشده است؛ مسئول فنی باید "
        "آن را راه‌اندازی کند.",
    },
    "server.needs_upgrade": {
        "en": "The Peyvand database on {server} is at schema {found}; this version needs "
        "{head}. Ask for 'peyvand server upgrade --db URL' to be run; nothing was changed.",
        "fa": "پایگاه دادهٔ پیوند روی کارگزار ({server}) به‌روزرسانی لازم دارد. از مسئول فنی "
        "بخواهید آن را به‌روز کند؛ چیزی تغییر نکرد.",
    },
    "server.others_connected": {
        "en": "{count} other Peyvand workstation(s) are connected to {server} ({who}); the "
        "schema is upgraded when they have closed Peyvand (or with --force). Nothing was "
        "changed.",
        "fa": "{count} رایانهٔ دیگر با پیوند به کارگزار وصل است؛ به‌روزرسانی پس از بستن پیوند "
        "در آن‌ها انجام می‌شود. چیزی تغییر نکرد.",
    },
    "server.foreign_database": {
        "en": "The database {server} holds tables that are not Peyvand's; Peyvand does not "
        "write into it. Use an empty database.",
        "fa": "پایگاه دادهٔ {server} جدول‌هایی دارد که از پیوند نیستند؛ پیوند در آن نمی‌نویسد. "
        "یک پایگاه دادهٔ خالی به کار ببرید.",
    },
    "server.no_file": {
        "en": "{server} is the office server, not a file on this computer.",
        "fa": "({server}) کارگزار دفتر است، نه پرونده‌ای روی این رایانه.",
    },
    "server.tool_missing": {
        "en": "{tool} is not on the PATH; install PostgreSQL's client tools (Debian: "
        "postgresql-client) on this computer.",
        "fa": "ابزار {tool} روی این رایانه نیست؛ ابزارهای کلاینت PostgreSQL را نصب کنید.",
    },
    "server.tool_failed": {
        "en": "{tool} failed: {detail}",
        "fa": "{tool} با خطا پایان یافت: {detail}",
    },
    "server.backup_exists": {
        "en": "{path} already exists; choose a new file for the backup.",
        "fa": "{path} از پیش وجود دارد؛ برای پشتیبان پرونده‌ای تازه برگزینید.",
    },
    "server.restore_not_empty": {
        "en": "{server} already holds a Peyvand database; restore into a new, empty "
        "database (createdb), never over the live one.",
        "fa": "({server}) از پیش پایگاه دادهٔ پیوند دارد؛ پشتیبان را در پایگاه داده‌ای تازه و "
        "خالی بازگردانید، نه روی پایگاه دادهٔ در حال کار.",
    },
    "server.import_mismatch": {
        "en": "The copy of {path} on the server did not come out equal to the file "
        "(tables: {detail}); nothing was kept.",
        "fa": "رونوشت {path} روی کارگزار با خود پرونده یکی درنیامد؛ چیزی نگه داشته نشد.",
    },
    "server.import_not_file": {
        "en": "{path} is not a workstation database file (a trip package is imported with "
        "'peyvand trip import').",
        "fa": "{path} پروندهٔ پایگاه دادهٔ یک رایانه نیست.",
    },
    "server.backup_elsewhere": {
        "en": "The office server {server} is backed up with PostgreSQL's own tools: "
        "'peyvand server backup --db URL -o FILE' (see docs/office-mode.md).",
        "fa": "از کارگزار دفتر با ابزارهای خود PostgreSQL پشتیبان گرفته می‌شود، نه از این "
        "رایانه.",
    },
    # people and permissions (services/accounts.py, storage/access.py)
    "account.not_permitted": {
        "en": "You may not do this: your account lacks the permission (an administrator "
        "can change your roles). Nothing was changed.",
        "fa": "شما اجازهٔ این کار را ندارید؛ مدیر سامانه می‌تواند نقش‌های شما را تغییر دهد. "
        "چیزی تغییر نکرد.",
    },
    "account.disabled": {
        "en": "Your account on {server} is disabled; an administrator can tell you why.",
        "fa": "حساب شما روی کارگزار دفتر غیرفعال شده است؛ از مدیر سامانه بپرسید.",
    },
    "account.login_taken": {
        "en": "There is already an account or database role named '{login}'; choose another "
        "login.",
        "fa": "حساب یا نقشی با نام «{login}» از پیش وجود دارد؛ نام دیگری برگزینید.",
    },
    "account.unknown_login": {
        "en": "There is no Peyvand account '{login}' on this server.",
        "fa": "حسابی با نام «{login}» روی کارگزار پیوند نیست.",
    },
    "account.bad_login": {
        "en": "'{login}' cannot be a login: use 1 to 63 letters, digits and . _ @ - (not "
        "beginning with pg_ or peyvand_).",
        "fa": "«{login}» نام کاربری مناسبی نیست: ۱ تا ۶۳ حرف لاتین، رقم و . _ @ - به کار ببرید.",
    },
    "account.bad_role": {
        "en": "'{role}' is not a role; the roles are reader, staff, cleared and admin.",
        "fa": "«{role}» نقش نیست؛ نقش‌ها: خواننده، کارشناس، دارای مجوز محرمانه و مدیر سامانه.",
    },
    "account.no_role": {
        "en": "Give the account at least one role (reader, staff, cleared, admin).",
        "fa": "دست‌کم یک نقش برای حساب برگزینید.",
    },
    "account.single_workstation": {
        "en": "{path} is a single workstation's database: it has no accounts and enforces "
        "no roles (accounts live on the office server).",
        "fa": "این پایگاه دادهٔ یک رایانه است: حساب و نقش ندارد (حساب‌ها روی کارگزار دفترند).",
    },
    "account.password_mismatch": {
        "en": "The two passwords differ; nothing was changed.",
        "fa": "دو گذرواژه یکی نیستند؛ چیزی تغییر نکرد.",
    },
    "trip.not_permitted": {
        "en": "You may not change {title} ({table} {id}), which this package changes; "
        "nothing was imported.",
        "fa": "شما اجازهٔ تغییر «{title}» را ندارید و این بسته آن را تغییر می‌دهد؛ چیزی "
        "وارد نشد.",
    },
    "server.no_host": {
        "en": "Give the office server's name or address.",
        "fa": "نام یا نشانی کارگزار اداره را وارد کنید.",
    },
    "server.no_database_name": {
        "en": "Give the name of the database on the office server.",
        "fa": "نام پایگاه داده روی کارگزار اداره را وارد کنید.",
    },
    "server.bad_sslmode": {
        "en": "{mode} is not a TLS mode Peyvand offers (prefer, require, verify-full, disable).",
        "fa": "«{mode}» از حالت‌های رمزگذاری اتصال نیست.",
    },
    "server.no_ca_file": {
        "en": "verify-full needs the office's CA certificate file (sslrootcert).",
        "fa": "برای وارسی کامل گواهی کارگزار، پرونده گواهی مرجع (CA) اداره را برگزینید.",
    },
    # trip packages
    "trip.missing": {
        "en": "There is no trip package at {path}.",
        "fa": "بسته سفری در {path} نیست.",
    },
    "trip.exists": {
        "en": "{path} already exists; choose a new file name for the trip package.",
        "fa": "{path} از قبل وجود دارد؛ برای بسته سفر نام پرونده تازه‌ای برگزینید.",
    },
    "trip.passphrase_required": {
        "en": "Enter the trip package's passphrase.",
        "fa": "گذرواژه بسته سفر را وارد کنید.",
    },
    "trip.not_package": {
        "en": "{path} is not a Peyvand trip package. Nothing was read from it.",
        "fa": "{path} بسته سفر پیوند نیست. چیزی از آن خوانده نشد.",
    },
    "trip.wrong_passphrase": {
        "en": "The passphrase does not open the trip package {path}. Check the keyboard "
        "language and try again. Nothing was read from it.",
        "fa": "این گذرواژه بسته سفر {path} را باز نمی‌کند. زبان صفحه‌کلید را بررسی کنید و "
        "دوباره بکوشید. چیزی از آن خوانده نشد.",
    },
    "trip.tampered": {
        "en": "The trip package {path} has been altered or damaged since it was made "
        "({detail}). Nothing was imported from it; ask for a fresh copy.",
        "fa": "بسته سفر {path} پس از ساخته شدن دست‌کاری شده یا آسیب دیده است. چیزی از آن "
        "وارد نشد؛ رونوشت تازه‌ای از آن بخواهید.",
    },
    "trip.newer_version": {
        "en": "The trip package {path} was made by a newer version of Peyvand (package "
        "format {found}); this version reads up to {known}. Nothing was read from it; "
        "please update Peyvand.",
        "fa": "بسته سفر {path} با نسخه جدیدتری از پیوند ساخته شده است؛ چیزی از آن خوانده "
        "نشد. لطفاً پیوند را به‌روز کنید.",
    },
    "trip.bad_content": {
        "en": "The trip package {path} holds content that cannot be imported ({detail}). "
        "Nothing was changed.",
        "fa": "بسته سفر {path} محتوایی دارد که وارد شدنی نیست. هیچ تغییری داده نشد.",
    },
    "trip.stale": {
        "en": "{table} row {id} changed while the trip package was being imported. "
        "Nothing was changed; import it again.",
        "fa": "رکوردی در جدول {table_label} هنگام ورود بسته سفر تغییر کرد. هیچ تغییری "
        "داده نشد؛ دوباره وارد کنید.",
    },
    "trip.passphrase_mismatch": {
        "en": "The two passphrases differ. Nothing was written.",
        "fa": "دو گذرواژه یکسان نیستند. چیزی نوشته نشد.",
    },
    "trip.too_large": {
        "en": "The trip package {path} is {size} bytes; packages larger than {limit} bytes "
        "are refused. Nothing was read from it.",
        "fa": "بسته سفر {path} بزرگ‌تر از اندازه مجاز است. چیزی از آن خوانده نشد.",
    },
    "trip.bad_schema": {
        "en": "The trip package {path} does not have the tables of a Peyvand package "
        "({detail}). Nothing was read from it.",
        "fa": "ساختار بسته سفر {path} با بسته‌های پیوند یکی نیست. چیزی از آن خوانده نشد.",
    },
    "trip.bad_meta": {
        "en": "The trip package {path} holds package information that no Peyvand wrote "
        "({detail}). Nothing was read from it; ask for a fresh copy.",
        "fa": "اطلاعات شناسنامه بسته سفر {path} را هیچ نسخه‌ای از پیوند ننوشته است و "
        "پذیرفته نمی‌شود. چیزی از آن خوانده نشد؛ رونوشت تازه‌ای از آن بخواهید.",
    },
    "trip.newer_schema": {
        "en": "The trip package {path} was made by a newer version of Peyvand (schema "
        "{found}; this version knows up to {known}). Nothing was changed; please update "
        "Peyvand.",
        "fa": "بسته سفر {path} با نسخه جدیدتری از پیوند ساخته شده است. هیچ تغییری داده "
        "نشد؛ لطفاً پیوند را به‌روز کنید.",
    },
    "trip.no_export": {
        "en": "{path} is a trip package but holds no exported visit.",
        "fa": "{path} بسته سفر است اما سفری در آن صادر نشده است.",
    },
    "trip.not_exported": {
        "en": "The trip package {path} was not exported from this office database (or was "
        "made by an earlier version of Peyvand, which kept no record of what left). "
        "Nothing was changed; export the visit anew and bring that package back.",
        "fa": "بسته سفر {path} از این پایگاه داده دفتر صادر نشده است (یا با نسخه‌ای قدیمی از "
        "پیوند ساخته شده که فهرست آنچه بیرون رفته را نگه نمی‌داشت). هیچ تغییری داده نشد؛ "
        "سفر را دوباره صادر کنید و آن بسته را بازگردانید.",
    },
    "trip.base_not_exported": {
        "en": "The trip package {path} claims that {table} «{title}» ({id}) was exported in "
        "it, but the office never gave it that record. Nothing was changed.",
        "fa": "بسته سفر {path} مدعی است «{title}» از {table_label} در آن صادر شده، اما دفتر "
        "چنین رکوردی در آن نگذاشته است. هیچ تغییری داده نشد.",
    },
    "trip.base_differs": {
        "en": "In the trip package {path}, the exported copy of {table} «{title}» ({id}) is "
        "not what the office exported. The package has been altered; nothing was changed.",
        "fa": "در بسته سفر {path}، رونوشت صادرشده «{title}» از {table_label} با آنچه دفتر "
        "صادر کرده بود یکی نیست. بسته دست‌کاری شده است؛ هیچ تغییری داده نشد.",
    },
    "trip.base_missing": {
        "en": "The trip package {path} lacks the exported copy of {table} row {id}. The "
        "package has been altered; nothing was changed.",
        "fa": "رونوشت صادرشده رکوردی از {table_label} در بسته سفر {path} نیست. بسته دست‌کاری "
        "شده است؛ هیچ تغییری داده نشد.",
    },
    "trip.row_not_exported": {
        "en": "The trip package {path} would change {table} «{title}» ({id}), which the "
        "office did not export in it. Nothing was changed.",
        "fa": "بسته سفر {path} می‌خواهد «{title}» از {table_label} را تغییر دهد که دفتر آن را "
        "در این بسته صادر نکرده است. هیچ تغییری داده نشد.",
    },
    "trip.outside_reference": {
        "en": "In the trip package {path}, {table} «{title}» ({id}) points at a record "
        "that is not in the package. Nothing was changed.",
        "fa": "در بسته سفر {path}، «{title}» از {table_label} به رکوردی اشاره می‌کند که در "
        "بسته نیست. هیچ تغییری داده نشد.",
    },
    "trip.not_in_trip_mode": {
        "en": "This command needs the office database, not a trip package.",
        "fa": "این کار در پایگاه داده دفتر انجام می‌شود، نه در بسته سفر.",
    },
    "restore.trip_package": {
        "en": "Trip packages are not restored with this command: their backups are "
        "encrypted copies that open with the same passphrase; copy one over {path} "
        "after closing Peyvand.",
        "fa": "بسته سفر با این فرمان بازگردانده نمی‌شود: پشتیبان‌های آن رونوشت‌های رمزگذاری‌شده‌ای "
        "هستند که با همان گذرواژه باز می‌شوند.",
    },
    "conflict.missing": {
        "en": "There is no merge conflict number {seq}.",
        "fa": "ناسازگاری شماره {seq} پیدا نشد.",
    },
    "conflict.resolved": {
        "en": "Merge conflict {seq} has already been resolved.",
        "fa": "ناسازگاری شماره {seq} پیش‌تر حل شده است.",
    },
    "conflict.bad_choice": {
        "en": "Choose office, laptop or edited.",
        "fa": "یکی از گزینه‌های «نگه‌داشتن مقدار دفتر»، «پذیرفتن مقدار سفر» یا «ویرایش» را "
        "برگزینید.",
    },
    "conflict.not_editable": {
        "en": "The field {field} cannot be typed in; keep the office value or take the "
        "laptop's.",
        "fa": "این فیلد را نمی‌توان دستی نوشت؛ مقدار دفتر یا مقدار سفر را برگزینید.",
    },
    "search.empty": {"en": "Give some text to search for.", "fa": "متنی برای جست‌وجو بنویسید."},
    "cli.document_suffix": {
        "en": "The output {path} must end in .pdf or .docx.",
        "fa": "نام پرونده خروجی باید به .pdf یا .docx ختم شود.",
    },
    "cli.docx_kinds": {
        "en": "A Word copy ({path}) is made of the minutes (meeting) and the visit brief "
        "(visit) only.",
        "fa": "نسخه Word فقط برای صورتجلسه و گزارش توجیهی هیئت ساخته می‌شود.",
    },
    "cli.no_db": {
        "en": "There is no database at {path}; create one with 'peyvand demo --db {path}'.",
        "fa": "پایگاه داده‌ای در {path} نیست.",
    },
    # letters and the correspondence register (services/letters.py, letter_templates.py)
    "letter.template_unknown": {
        "en": "The template uses a placeholder that does not exist: {name}.",
        "fa": "الگو جای‌خالی ناشناخته‌ای دارد: {name}",
    },
    "letter.template_syntax": {
        "en": "The template cannot be read at line {line}: {detail}",
        "fa": "الگو در سطر {line} خوانده نمی‌شود؛ «{{{{» و «}}}}» یا «{{%» و «%}}» را بررسی کنید.",
    },
    "letter.template_unsafe": {
        "en": "The template uses something templates may not ({what}); use placeholders, "
        "'if' and 'for' only.",
        "fa": "الگو چیزی به کار برده که در الگوی نامه مجاز نیست؛ فقط جای‌خالی‌ها و «if» و "
        "«for» را به کار ببرید.",
    },
    "letter.template_error": {
        "en": "The template could not be filled in: {detail}",
        "fa": "الگو پر نشد؛ عبارت‌های درون «{{{{ }}}}» را بررسی کنید.",
    },
    "letter.too_long": {
        "en": "The letter would be longer than {limit} characters.",
        "fa": "متن نامه بیش از {limit} نویسه می‌شود.",
    },
    "letter.pattern_needs_n": {
        "en": "The register number pattern must hold {{n}} (the sequence), e.g. "
        "{{n}}/{{yyyy}}/IR.",
        "fa": "الگوی شماره نامه باید {{n}} (ردیف) را داشته باشد، مانند {{n}}/{{yyyy}}/ب‌م.",
    },
    "letter.pattern_unknown": {
        "en": "The register number pattern holds an unknown name {{{name}}}; only {{n}}, "
        "{{yyyy}} and {{yy}} are known.",
        "fa": "الگوی شماره نامه نام ناشناخته‌ای دارد؛ فقط {{n}}، {{yyyy}} و {{yy}} شناخته "
        "می‌شوند.",
    },
    "letter.no_template": {
        "en": "There is no letter template of kind {kind} in language {language}; add one "
        "in Settings.",
        "fa": "الگوی نامه‌ای از این نوع و به این زبان نیست؛ در تنظیمات یکی بیفزایید.",
    },
    "letter.already_registered": {
        "en": "This letter is already registered as {number}.",
        "fa": "این نامه پیش‌تر با شماره {number} ثبت شده است.",
    },
    "letter.registered": {
        "en": "Letter {number} is registered; change it with a revision, which keeps the "
        "previous text.",
        "fa": "نامه {number} ثبت شده است؛ تغییر آن فقط با «ویرایش تازه» ممکن است که متن پیشین "
        "را نگه می‌دارد.",
    },
    "letter.register_in_office": {
        "en": "Letters are registered in the office; a trip package cannot take register "
        "numbers.",
        "fa": "ثبت نامه در دبیرخانه دفتر انجام می‌شود؛ در بسته سفر نمی‌توان شماره گرفت.",
    },
    "letter.reply_to_outgoing": {
        "en": "Only an incoming letter can be replied to.",
        "fa": "فقط به نامه وارده می‌توان پاسخ داد.",
    },
    "letter.reason_required": {
        "en": "Say why the registered letter is revised.",
        "fa": "دلیل ویرایش نامه ثبت‌شده را بنویسید.",
    },
    "letter.not_revisable": {
        "en": "{field_label} of a registered letter cannot be changed.",
        "fa": "{field_label} نامه ثبت‌شده تغییر نمی‌کند.",
    },
    "letter.not_registered": {
        "en": "Only a registered letter gets a revision; edit the draft instead.",
        "fa": "فقط نامه ثبت‌شده ویرایش تازه می‌گیرد؛ پیش‌نویس را مستقیم ویرایش کنید.",
    },
    "letter.scan_unreadable": {
        "en": "The scan {path} cannot be read.",
        "fa": "پرونده اسکن {path} خوانده نشد.",
    },
    "letter.no_change": {
        "en": "The revision changes nothing.",
        "fa": "ویرایش تازه چیزی را تغییر نمی‌دهد.",
    },
    # protocol checklists (services/checklists.py)
    "checklist.offset.before": {
        "en": "{days} days before {anchor}",
        "fa": "{days} روز پیش از {anchor}",
    },
    "checklist.offset.after": {
        "en": "{days} days after {anchor}",
        "fa": "{days} روز پس از {anchor}",
    },
    "checklist.offset.on": {"en": "on the day of {anchor}", "fa": "روز {anchor}"},
    "checklist.progress": {"en": "{done} of {total} done", "fa": "{done} از {total} انجام شد"},
    "checklist.overdue_suffix": {"en": ", {count} overdue", "fa": "، {count} مورد عقب‌افتاده"},
    "checklist.no_template": {
        "en": "There is no checklist template for {direction} visits; add one in Settings.",
        "fa": "الگوی فهرست آمادگی برای این نوع سفر نیست؛ در تنظیمات یکی بیفزایید.",
    },
    "checklist.hint.no_gifts": {
        "en": "No gift given is recorded for this visit.",
        "fa": "هدیه‌ای برای این سفر در دفتر هدایا ثبت نشده است.",
    },
    "checklist.hint.gift_repeated": {
        "en": "{person} already received «{gift}» on visit {visit}.",
        "fa": "«{gift}» پیش‌تر در سفر {visit} به {person} داده شده است.",
    },
    "checklist.hint.gifts_ok": {
        "en": "{count} gifts recorded, none given before.",
        "fa": "{count} هدیه ثبت شده و هیچ‌یک تکراری نیست.",
    },
    "checklist.hint.letter_registered": {
        "en": "{kind} registered as {number}.",
        "fa": "{kind} با شماره {number} ثبت شده است.",
    },
    "checklist.hint.letter_draft": {
        "en": "The {kind} letter is still a draft.",
        "fa": "{kind} هنوز پیش‌نویس است و ثبت نشده.",
    },
    "checklist.hint.letter_missing": {
        "en": "No {kind} letter for this visit yet.",
        "fa": "برای این سفر هنوز {kind} نوشته نشده است.",
    },
    "checklist.hint.no_meetings": {
        "en": "No meeting is recorded for this visit.",
        "fa": "جلسه‌ای برای این سفر ثبت نشده است.",
    },
    "checklist.hint.minutes_open": {
        "en": "The minutes of {count} of {total} meetings are not final yet.",
        "fa": "صورتجلسه {count} جلسه از {total} جلسه هنوز نهایی نشده است.",
    },
    "checklist.hint.minutes_final": {
        "en": "The minutes of all {total} meetings are final.",
        "fa": "صورتجلسه هر {total} جلسه نهایی شده است.",
    },
    "starters.unreadable": {
        "en": "The starter templates {path} cannot be read: {detail}",
        "fa": "پرونده الگوهای پیشنهادی {path} خوانده نشد.",
    },
    # calendar, activity report and news draft (issue 15)
    "calendar.bad_range": {
        "en": "The start date is after the end date.",
        "fa": "تاریخ آغاز پس از تاریخ پایان است.",
    },
    "news.classified": {
        "en": "Meeting {number} is confidential or secret; no news draft is made from "
        "classified minutes.",
        "fa": "جلسه {number} محرمانه یا سری است؛ از صورتجلسهٔ طبقه‌بندی‌شده پیش‌نویس خبر "
        "ساخته نمی‌شود.",
    },
    "news.not_final": {
        "en": "The minutes of meeting {number} are not final yet: check the draft against "
        "the final minutes before it is published.",
        "fa": "صورتجلسهٔ {number} هنوز نهایی نشده است؛ پیش از انتشار، پیش‌نویس را با "
        "صورتجلسهٔ نهایی مقایسه کنید.",
    },
    "news.restricted": {
        "en": "Meeting {number} is marked restricted: ask its owner before anything of it "
        "is published.",
        "fa": "جلسه {number} «محدود» است؛ پیش از انتشار هر بخشی از آن، با مسئول جلسه "
        "هماهنگ کنید.",
    },
    "news.no_statements": {
        "en": "Meeting {number} has no recorded statements: the draft has only its lead "
        "and decisions.",
        "fa": "برای جلسه {number} اظهاراتی ثبت نشده است؛ پیش‌نویس فقط مقدمه و مصوبات را "
        "دارد.",
    },
    # briefs (peyvand.briefs.result)
    "brief.missing_glyphs": {
        "en": "These characters are not in the brief's fonts and are printed as "
        "\N{REPLACEMENT CHARACTER}: {chars} ({codes}).",
        "fa": "این نویسه‌ها در قلم‌های گزارش نیستند و به شکل \N{REPLACEMENT CHARACTER} "
        "چاپ می‌شوند: {chars}",
    },
    # values as the history shows them (services/history.py)
    "value.yes": {"en": "Yes", "fa": "بله"},
    "value.no": {"en": "No", "fa": "خیر"},
    "value.missing": {"en": "(not found)", "fa": "(پیدا نشد)"},
    "value.bytes": {"en": "a file of {size} bytes", "fa": "پرونده‌ای {size} بایتی"},
    "value.decision": {"en": "Decision {number}: {text}", "fa": "مصوبه {number}: {text}"},
    "value.deleted": {"en": "deleted", "fa": "حذف‌شده"},
    "value.live": {"en": "edited and kept", "fa": "ویرایش‌شده و برقرار"},
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
    "checklist_template": {"en": "checklist template", "fa": "الگوی فهرست آمادگی"},
    "checklist_template_item": {"en": "checklist template item", "fa": "بند الگوی آمادگی"},
    "letter_template": {"en": "letter template", "fa": "الگوی نامه"},
    "letter": {"en": "letter", "fa": "نامه"},
    "letter_revision": {"en": "letter revision", "fa": "ویرایش نامه"},
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
    "action_id": {"en": "Action", "fa": "پیگیری"},
    "activity_en": {"en": "Activity (English)", "fa": "فعالیت (انگلیسی)"},
    "attendance": {"en": "Attendance", "fa": "حضور"},
    "author": {"en": "Author", "fa": "نویسنده"},
    "blob_sha256": {"en": "File", "fa": "پرونده"},
    "city": {"en": "City", "fa": "شهر"},
    "city_en": {"en": "City (English)", "fa": "شهر (انگلیسی)"},
    "classification": {"en": "Classification", "fa": "طبقه‌بندی"},
    "code": {"en": "Code", "fa": "کد"},
    "country": {"en": "Country", "fa": "کشور"},
    "direction": {"en": "Direction", "fa": "نوع سفر"},
    "expires_on": {"en": "Expiry date", "fa": "تاریخ انقضا"},
    "given_on": {"en": "Date given", "fa": "تاریخ اهدا"},
    "honorific": {"en": "Honorific", "fa": "عنوان احترام"},
    "hosts": {"en": "Hosts", "fa": "میزبانان"},
    "hosts_en": {"en": "Hosts (English)", "fa": "میزبانان (انگلیسی)"},
    "hotel": {"en": "Hotel", "fa": "هتل"},
    "interpreter": {"en": "Interpreter", "fa": "مترجم"},
    "is_head": {"en": "Head of delegation", "fa": "سرپرست هیئت"},
    "kind": {"en": "Kind", "fa": "نوع"},
    "languages": {"en": "Languages", "fa": "زبان‌ها"},
    "logistics_notes": {"en": "Logistics notes", "fa": "یادداشت پشتیبانی"},
    "mime_type": {"en": "File type", "fa": "نوع پرونده"},
    "note": {"en": "Note", "fa": "یادداشت"},
    "noted_at": {"en": "Noted at", "fa": "زمان یادداشت"},
    "notes": {"en": "Notes", "fa": "یادداشت‌ها"},
    "number": {"en": "Number", "fa": "شماره"},
    "ordinal": {"en": "Ordinal", "fa": "ردیف"},
    "owner_unit_id": {"en": "Owner unit", "fa": "واحد مسئول"},
    "partner_city_en": {"en": "Partner city (English)", "fa": "شهر طرف همکاری (انگلیسی)"},
    "partner_country": {"en": "Partner country", "fa": "کشور طرف همکاری"},
    "partnership_id": {"en": "Partnership", "fa": "همکاری"},
    "place": {"en": "Place", "fa": "محل"},
    "place_en": {"en": "Place (English)", "fa": "محل (انگلیسی)"},
    "position": {"en": "Order", "fa": "ترتیب"},
    "priority": {"en": "Priority", "fa": "اولویت"},
    "protocol_notes": {"en": "Protocol notes", "fa": "نکات تشریفاتی"},
    "purpose": {"en": "Purpose", "fa": "هدف سفر"},
    "role": {"en": "Role", "fa": "نقش"},
    "security": {"en": "Security", "fa": "حفاظت"},
    "side": {"en": "Side", "fa": "طرف"},
    "signed_on": {"en": "Signing date", "fa": "تاریخ امضا"},
    "since": {"en": "Since", "fa": "از تاریخ"},
    "size": {"en": "Size", "fa": "اندازه"},
    "source_decision_id": {"en": "Source decision", "fa": "مصوبه مبنا"},
    "source_visit_id": {"en": "Source visit", "fa": "هیئت مبنا"},
    "status": {"en": "Status", "fa": "وضعیت"},
    "status_from": {"en": "Previous status", "fa": "وضعیت پیشین"},
    "status_to": {"en": "New status", "fa": "وضعیت جدید"},
    "summary": {"en": "Summary", "fa": "خلاصه"},
    "tags": {"en": "Tags", "fa": "برچسب‌ها"},
    "talking_points": {"en": "Talking points", "fa": "محورهای گفت‌وگو"},
    "transport": {"en": "Transport", "fa": "حمل‌ونقل"},
    "website": {"en": "Website", "fa": "وبگاه"},
    # Checklists and letters (domain/protocol.py, domain/letters.py)
    "anchor": {"en": "Counted from", "fa": "مبنای مهلت"},
    "offset_days": {"en": "Days", "fa": "روز"},
    "check": {"en": "Check against", "fa": "بررسی با"},
    "high_level": {"en": "High-level delegation", "fa": "هیئت عالی‌رتبه"},
    "template_id": {"en": "Template", "fa": "الگو"},
    "deadline_anchor": {"en": "Deadline counted from", "fa": "مبنای مهلت"},
    "checklist_check": {"en": "Readiness check", "fa": "بررسی آمادگی"},
    "language": {"en": "Language", "fa": "زبان"},
    "subject": {"en": "Subject", "fa": "موضوع"},
    "body": {"en": "Text", "fa": "متن"},
    "counterpart": {"en": "Recipient or sender", "fa": "گیرنده یا فرستنده"},
    "counterpart_person_id": {"en": "Person", "fa": "شخص"},
    "counterpart_organization_id": {"en": "Organization", "fa": "سازمان"},
    "signatory": {"en": "Signatory", "fa": "امضاکننده"},
    "copies_to": {"en": "Copies to", "fa": "رونوشت"},
    "has_attachments": {"en": "Enclosures", "fa": "پیوست"},
    "attachments_note": {"en": "Enclosures", "fa": "شرح پیوست"},
    "reply_to_id": {"en": "In reply to", "fa": "در پاسخ به"},
    "their_number": {"en": "Sender's number", "fa": "شماره نامه فرستنده"},
    "their_date": {"en": "Sender's date", "fa": "تاریخ نامه فرستنده"},
    "received_on": {"en": "Received on", "fa": "تاریخ دریافت"},
    "letter_id": {"en": "Letter", "fa": "نامه"},
    "letter_date": {"en": "Letter date", "fa": "تاریخ نامه"},
    "register_year": {"en": "Register year", "fa": "سال دبیرخانه"},
    "register_seq": {"en": "Register sequence", "fa": "ردیف دبیرخانه"},
    "edition": {"en": "Edition", "fa": "ویرایش"},
    "registered_at": {"en": "Registered at", "fa": "زمان ثبت"},
    "registered_by": {"en": "Registered by", "fa": "ثبت‌کننده"},
    "reason": {"en": "Reason", "fa": "دلیل"},
    "revised_at": {"en": "Revised at", "fa": "زمان ویرایش"},
    "revised_by": {"en": "Revised by", "fa": "ویرایش‌کننده"},
    # Set by use cases, not typed in a form; shown in the history.
    "is_final": {"en": "Final minutes", "fa": "صورتجلسه نهایی"},
    "finalized_at": {"en": "Finalized at", "fa": "زمان نهایی‌شدن"},
    "finalized_by": {"en": "Finalized by", "fa": "نهایی‌کننده"},
    "number_provisional": {"en": "Provisional number", "fa": "شماره موقت"},
    "completed_on": {"en": "Completed on", "fa": "تاریخ انجام"},
    "deleted_at": {"en": "Deleted at", "fa": "زمان حذف"},
    # Settings (config.py), named as the settings dialog names them.
    "letterhead_org": {"en": "Organization name", "fa": "نام سازمان"},
    "letterhead_unit": {"en": "Letterhead unit", "fa": "واحد سربرگ"},
    "letterhead_logo": {"en": "Letterhead logo", "fa": "نشان سربرگ"},
    "current_person_id": {"en": "Me", "fa": "شخص من"},
    "current_unit_id": {"en": "My unit", "fa": "واحد من"},
    "dormancy_months": {"en": "Dormant after (months)", "fa": "کم‌فروغ پس از (ماه)"},
    "backup_dir": {"en": "Backup folder", "fa": "پوشه پشتیبان"},
    "write_wait_seconds": {"en": "Write wait (seconds)", "fa": "انتظار برای نوشتن (ثانیه)"},
    "letter_number_pattern": {"en": "Outgoing letter number", "fa": "شماره نامه صادره"},
    "incoming_number_pattern": {"en": "Incoming letter number", "fa": "شماره نامه وارده"},
    "letter_signatory": {"en": "Letters' signatory", "fa": "امضاکننده نامه‌ها"},
    "letter_signatory_en": {"en": "Signatory (English)", "fa": "امضاکننده (انگلیسی)"},
    "docx_font": {"en": "Font of Word files", "fa": "قلم پرونده‌های Word"},
    "host": {"en": "Server address", "fa": "نشانی سرور"},
    "port": {"en": "Port", "fa": "درگاه"},
    "user": {"en": "User name", "fa": "نام کاربری"},
    "sslmode": {"en": "Connection encryption", "fa": "رمزگذاری اتصال"},
    "sslrootcert": {"en": "CA certificate", "fa": "گواهی مرجع (CA)"},
}

# Where a form calls a field otherwise than FIELD_LABELS does («سمت» for a person's
# title, «طرف مقابل» for a meeting's organization): "<table>.<field>" -> the form's
# label, without its colon. The forms' labels live in forms/*.ui; tests/test_form_labels.py
# checks that every labelled field of a form reads the same here, so the history
# dialog names fields exactly as the forms do.
FORM_FIELD_LABELS: dict[str, dict[Lang, str]] = {
    "person.title": {"en": "Position", "fa": "سمت"},
    "person.title_en": {"en": "Position (English)", "fa": "سمت به انگلیسی"},
    "person.unit_id": {"en": "Unit (office staff)", "fa": "واحد (کارکنان اداره)"},
    "organization.city_en": {"en": "City (English)", "fa": "شهر به انگلیسی"},
    "partnership.partner_city_en": {"en": "City (English)", "fa": "شهر به انگلیسی"},
    "partnership.partner_country": {"en": "Country", "fa": "کشور"},
    "partnership.organization_id": {"en": "Partner organization", "fa": "سازمان طرف"},
    "partnership.ordinal": {"en": "Sister-city rank", "fa": "ردیف خواهرخواندگی"},
    "agreement.title": {"en": "Agreement title", "fa": "عنوان توافق‌نامه"},
    "visit.organization_id": {"en": "Partner organization", "fa": "سازمان طرف"},
    "visit.partnership_id": {"en": "Partnership", "fa": "همکاری"},
    "visit.city_en": {"en": "City (English)", "fa": "شهر به انگلیسی"},
    "meeting.kind": {"en": "Meeting kind", "fa": "نوع جلسه"},
    "meeting.visit_id": {"en": "Related visit", "fa": "هیئت مرتبط"},
    "meeting.organization_id": {"en": "Counterpart", "fa": "طرف مقابل"},
    "decision.text": {"en": "Decision text", "fa": "متن مصوبه"},
    "decision.owner_unit_id": {"en": "Owner unit", "fa": "واحد مسئول"},
    "action.owner_person_id": {"en": "Owner", "fa": "مسئول"},
    "action.unit_id": {"en": "Unit", "fa": "واحد"},
    "letter.kind": {"en": "Letter kind", "fa": "نوع نامه"},
    "letter_template.kind": {"en": "Letter kind", "fa": "نوع نامه"},
}


ENUM_LABELS: dict[str, dict[str, dict[Lang, str]]] = {
    "OrgKind": {
        "municipality": {"en": "Municipality", "fa": "شهرداری"},
        "ministry": {"en": "Ministry", "fa": "وزارتخانه"},
        "embassy": {"en": "Embassy", "fa": "سفارت"},
        "consulate": {"en": "Consulate", "fa": "کنسولگری"},
        "chamber": {"en": "Chamber of commerce", "fa": "اتاق بازرگانی"},
        "university": {"en": "University", "fa": "دانشگاه"},
        "international": {"en": "International body", "fa": "نهاد بین‌المللی"},
        "company": {"en": "Company", "fa": "شرکت"},
        "ngo": {"en": "NGO", "fa": "سازمان مردم‌نهاد"},
        "other": {"en": "Other", "fa": "سایر"},
    },
    "PartnershipKind": {
        "sister_city": {"en": "Sister city", "fa": "خواهرخواندگی"},
        "mou": {"en": "Memorandum of understanding", "fa": "تفاهم‌نامه"},
        "friendship": {"en": "Friendship", "fa": "دوستی"},
        "cooperation": {"en": "Cooperation", "fa": "همکاری"},
    },
    "PartnershipStatus": {
        "active": {"en": "Active", "fa": "فعال"},
        "pending": {"en": "Pending", "fa": "در جریان"},
        "suspended": {"en": "Suspended", "fa": "معلق"},
        "ended": {"en": "Ended", "fa": "پایان‌یافته"},
    },
    "Direction": {
        "incoming": {"en": "Incoming", "fa": "ورودی"},
        "outgoing": {"en": "Outgoing", "fa": "خروجی"},
    },
    "VisitStatus": {
        "planned": {"en": "Planned", "fa": "برنامه‌ریزی‌شده"},
        "confirmed": {"en": "Confirmed", "fa": "قطعی"},
        "in_progress": {"en": "In progress", "fa": "در حال انجام"},
        "done": {"en": "Done", "fa": "انجام‌شده"},
        "cancelled": {"en": "Cancelled", "fa": "لغوشده"},
    },
    "Side": {
        "host": {"en": "Host", "fa": "میزبان"},
        "guest": {"en": "Guest", "fa": "مهمان"},
    },
    "GiftDirection": {
        "given": {"en": "Given", "fa": "اهدایی"},
        "received": {"en": "Received", "fa": "دریافتی"},
    },
    "MeetingKind": {
        "official": {"en": "Official", "fa": "رسمی"},
        "working": {"en": "Working", "fa": "کاری"},
        "courtesy": {"en": "Courtesy", "fa": "تشریفاتی"},
        "online": {"en": "Online", "fa": "برخط"},
        "other": {"en": "Other", "fa": "سایر"},
    },
    "Classification": {
        "normal": {"en": "Normal", "fa": "عادی"},
        "restricted": {"en": "Restricted", "fa": "محدود"},
        "confidential": {"en": "Confidential", "fa": "محرمانه"},
        "secret": {"en": "Secret", "fa": "سری"},
    },
    "ParticipantRole": {
        "chair": {"en": "Chair", "fa": "رئیس جلسه"},
        "speaker": {"en": "Speaker", "fa": "سخنران"},
        "minute_taker": {"en": "Minute-taker", "fa": "دبیر جلسه"},
        "member": {"en": "Member", "fa": "عضو"},
    },
    "Attendance": {
        "present": {"en": "Present", "fa": "حاضر"},
        "absent": {"en": "Absent", "fa": "غایب"},
        "excused": {"en": "Excused", "fa": "غیبت موجه"},
    },
    "Priority": {
        "low": {"en": "Low", "fa": "کم"},
        "normal": {"en": "Normal", "fa": "عادی"},
        "high": {"en": "High", "fa": "زیاد"},
        "urgent": {"en": "Urgent", "fa": "فوری"},
    },
    "ActionStatus": {
        "open": {"en": "Open", "fa": "باز"},
        "in_progress": {"en": "In progress", "fa": "در جریان"},
        "done": {"en": "Done", "fa": "انجام‌شده"},
        "cancelled": {"en": "Cancelled", "fa": "لغوشده"},
    },
    "DeadlineAnchor": {
        "arrival": {"en": "arrival", "fa": "ورود"},
        "departure": {"en": "departure", "fa": "بازگشت"},
    },
    "ChecklistCheck": {
        "gifts": {"en": "Gift register", "fa": "دفتر هدایا"},
        "invitation": {"en": "Invitation letter", "fa": "دعوت‌نامه"},
        "visa": {"en": "Visa support letter", "fa": "نامه روادید"},
        "thank_you": {"en": "Thank-you letter", "fa": "نامه تشکر"},
        "minutes": {"en": "Minutes", "fa": "صورتجلسه"},
    },
    "LetterKind": {
        "invitation": {"en": "Invitation", "fa": "دعوت‌نامه"},
        "visa_support": {"en": "Visa support", "fa": "درخواست روادید"},
        "thank_you": {"en": "Thank-you letter", "fa": "نامه تشکر"},
        "intent": {"en": "Letter of intent", "fa": "نامه اعلام تمایل"},
        "minutes_cover": {"en": "Minutes cover letter", "fa": "نامه ارسال صورتجلسه"},
        "general": {"en": "General", "fa": "عمومی"},
    },
    "RegisterBook": {
        "incoming": {"en": "Incoming", "fa": "وارده"},
        "outgoing": {"en": "Outgoing", "fa": "صادره"},
    },
    "LetterStatus": {
        "draft": {"en": "Draft", "fa": "پیش‌نویس"},
        "registered": {"en": "Registered", "fa": "ثبت‌شده"},
    },
    "Language": {
        "fa": {"en": "Persian", "fa": "فارسی"},
        "en": {"en": "English", "fa": "انگلیسی"},
    },
}


def enum_label(value: Enum, lang: Lang = "fa") -> str:
    """The user-facing name of an enum value (message id ``enum.<Class>.<value>``)."""
    entry = ENUM_LABELS.get(type(value).__name__, {}).get(str(value.value))
    if entry is None:
        return str(value.value)
    return entry.get(lang) or entry["en"]


def label(table: dict[str, dict[Lang, str]], key: str, lang: Lang) -> str:
    entry = table.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


def field_label(table: str, field: str, lang: Lang = "fa") -> str:
    """A field's name as the record's form shows it (``FORM_FIELD_LABELS``), else its
    usual name (``FIELD_LABELS``)."""
    entry = FORM_FIELD_LABELS.get(f"{table}.{field}")
    if entry is not None:
        return entry.get(lang) or entry["en"]
    return label(FIELD_LABELS, field, lang)


def render(msg_id: str, lang: Lang = "fa", /, **params: Any) -> str:
    """The message in ``lang``; unknown ids render as the id, never raise."""
    entry = MESSAGES.get(msg_id)
    if entry is None:
        return msg_id if not params else f"{msg_id} {params}"
    template = entry.get(lang) or entry["en"]
    values: dict[str, Any] = {key: _localized(value, lang) for key, value in params.items()}
    if "field" in params:
        values.setdefault("field_label", label(FIELD_LABELS, str(params["field"]), lang))
    if "table" in params:
        values.setdefault("table_label", label(ENTITY_LABELS, str(params["table"]), lang))
    if "entity" in params:
        values.setdefault("entity_label", label(ENTITY_LABELS, str(params["entity"]), lang))
    try:
        return template.format_map(_Missing(values))
    except (ValueError, IndexError):
        return template


_NUMBER_LIKE = re.compile(r"^[0-9][0-9/\-:.]*$")


def _localized(value: Any, lang: Lang) -> Any:
    """Numbers, short numbers and dates read with Persian digits in Persian text;
    paths and free text are left as they are."""
    if lang != "fa":
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return to_persian_digits(value)
    if isinstance(value, str) and _NUMBER_LIKE.match(value):
        return to_persian_digits(value)
    return value


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
