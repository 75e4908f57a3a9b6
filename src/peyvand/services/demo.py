"""The demo database (``peyvand demo``): one real meeting, told completely, and a sample office.

1. The seed: the meeting of ۱۶ بهمن ۱۳۹۹ (2021-02-04) between the mayor of Isfahan and the
   Foreign Ministry's deputy for consular, parliamentary and expatriate affairs, with the
   municipality's director general of international affairs, as reported by the municipality's
   media office (riahnews.ir, news code 4402). Its people and titles, every point each side
   made (summarized in our own words), the decisions and the follow-ups an office would have
   opened from them, and the sister cities it names.
2. Fictional sample records, marked «نمونه»: invented people and organizations (their Latin
   names are the word "example" in the partner's language: Beispiel, Esempio, Exemple,
   Contoh, Namuna, Örnek, Primerov…), every date relative to today so the dashboard, the
   briefs and every list have something to show whenever the demo is created.

Everything goes through the services (``records`` and the meeting and action use cases), so
numbers, audit trail and search index are exactly what the application itself writes. A use
case is its own transaction: if loading fails half-way, discard the file (it was empty).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from peyvand.domain import (
    Action,
    ActionNote,
    AgendaItem,
    Agreement,
    Attachment,
    Decision,
    Gift,
    ItineraryItem,
    Meeting,
    Organization,
    Participant,
    Partnership,
    Person,
    Statement,
    Unit,
    Visit,
    VisitMember,
)
from peyvand.domain.base import SyncColumns
from peyvand.domain.enums import (
    ActionStatus,
    Classification,
    Direction,
    GiftDirection,
    MeetingKind,
    OrgKind,
    ParticipantRole,
    PartnershipKind,
    PartnershipStatus,
    Priority,
    Side,
    VisitStatus,
)
from peyvand.domain.errors import PeyvandError
from peyvand.services import actions, attachments, meetings, records
from peyvand.services.clock import SYSTEM_CLOCK, Clock, FixedClock, today
from peyvand.storage.database import Database
from peyvand.text import TEHRAN

Values = dict[str, Any]

# The tag and the note that mark fictional records.
SAMPLE = "نمونه"
SAMPLE_NOTE = "داده نمونه و ساختگی، برای نمایش برنامه."

SEED_DATE = dt.date(2021, 2, 4)  # ۱۶ بهمن ۱۳۹۹
SEED_TITLE = "دیدار شهردار اصفهان با معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه"

# Fields that hold a date: an int there means "days from a base date" (today, or the
# arrival day of a visit for its itinerary and gifts).
_DATE_FIELDS = frozenset(
    {"since", "signed_on", "expires_on", "arrival", "departure", "day", "given_on", "due_date"}
)


def _t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


# --------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    """How many live records of each kind the demo database holds."""

    seed_meeting_id: uuid.UUID
    units: int
    organizations: int
    people: int
    partnerships: int
    agreements: int
    visits: int
    visit_members: int
    itinerary_items: int
    gifts: int
    meetings: int
    participants: int
    agenda_items: int
    statements: int
    decisions: int
    actions: int
    action_notes: int
    attachments: int

    @property
    def counts(self) -> dict[str, int]:
        """Kind -> count, in the order of the fields (for printing)."""
        return {k: v for k, v in asdict(self).items() if isinstance(v, int)}


# --------------------------------------------------------------------------------------
# Shapes of the data tables
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One entry in an action's history, ``offset`` days after the action's start day.

    With ``status`` it is a status change (its note is required); without, a progress note.
    """

    offset: int
    text: str
    status: ActionStatus | None = None


@dataclass(frozen=True)
class Reschedule:
    """A later change of deadline: on today+``noted``, the due date becomes today+``due``."""

    noted: int
    due: int
    note: str


@dataclass(frozen=True)
class FollowUp:
    """The follow-up action an office opens from a decision (or for a visit)."""

    title: str
    priority: Priority = Priority.NORMAL
    steps: tuple[Step, ...] = ()
    reschedule: Reschedule | None = None


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    owner: str | None  # person key
    unit: str | None  # unit key
    due: int  # days after the meeting
    follow_up: FollowUp | None = None


@dataclass(frozen=True)
class MeetingSpec:
    key: str
    title: str
    day: dt.date | int  # an int: days from today
    start: dt.time
    end: dt.time
    place: str
    kind: MeetingKind
    summary: str
    participants: tuple[tuple[str, Side, ParticipantRole], ...]
    agenda: tuple[str, ...]
    statements: tuple[tuple[str, str], ...] = ()
    decisions: tuple[DecisionSpec, ...] = ()
    classification: Classification = Classification.NORMAL
    visit: str | None = None
    organization: str | None = None
    partnership: str | None = None
    final: bool = False


@dataclass(frozen=True)
class VisitSpec:
    key: str
    values: Values
    # (person key, side, role, is head)
    members: tuple[tuple[str, Side, str, bool], ...]
    itinerary: tuple[Values, ...] = ()  # "day": days from arrival
    gifts: tuple[Values, ...] = ()  # "given_on": days from arrival


@dataclass(frozen=True)
class VisitAction:
    """A follow-up opened for a visit rather than from a decision."""

    visit: str
    unit: str
    owner: str
    opened: int  # days from today
    due: int  # days from today
    follow_up: FollowUp
    description: str = ""


@dataclass(frozen=True)
class AttachmentSpec:
    owner: str  # "visit" | "meeting"
    key: str
    name: str
    text: str
    note: str = ""


# --------------------------------------------------------------------------------------
# Directory: units, organizations, people
# --------------------------------------------------------------------------------------

UNITS: tuple[tuple[str, Values], ...] = (
    (
        "unit.intl",
        {
            "name": "اداره کل ارتباطات و امور بین‌الملل",
            "name_en": "Directorate General of Communications and International Affairs",
            "code": "INTL",
            "notes": "پیگیری خواهرخواندگی‌ها، هیئت‌ها، جلسات بین‌المللی و طرح شهروند دیپلمات.",
        },
    ),
    (
        "unit.mayor",
        {
            "name": "دفتر شهردار",
            "name_en": "Office of the Mayor",
            "code": "MAYOR",
        },
    ),
    (
        "unit.econ",
        {
            "name": "معاونت اقتصادی",
            "name_en": "Deputy Mayor for Economic Affairs",
            "code": "ECON",
        },
    ),
    (
        "unit.invest",
        {
            "name": "اداره کل سرمایه‌گذاری",
            "name_en": "Directorate General of Investment",
            "code": "INVEST",
        },
    ),
    (
        "unit.protocol",
        {
            "name": "اداره تشریفات",
            "name_en": "Protocol Department",
            "code": "PROTO",
        },
    ),
    (
        "unit.media",
        {
            "name": "اداره ارتباطات رسانه‌ای",
            "name_en": "Media Relations Department",
            "code": "MEDIA",
        },
    ),
)

_DIM_NOTE = (
    "به گفته مدیرکل ارتباطات و امور بین‌الملل در دیدار ۱۶ بهمن ۱۳۹۹، این پیوند "
    "خواهرخواندگی از مهر ۱۳۹۸ کم‌فروغ شده بود و بازسازی ارتباط با آن در دستور کار قرار "
    "گرفت. تاریخ برقراری و شماره ترتیب این خواهرخواندگی در منبع نیامده است."
)

ORGANIZATIONS: tuple[tuple[str, Values], ...] = (
    # Real organizations named in the seed meeting.
    (
        "org.isfahan",
        {
            "name": "شهرداری اصفهان",
            "name_en": "Isfahan Municipality",
            "kind": OrgKind.MUNICIPALITY,
            "country": "ایران",
            "city": "اصفهان",
            "city_en": "Isfahan",
            "website": "https://www.isfahan.ir",
        },
    ),
    (
        "org.mfa",
        {
            "name": "وزارت امور خارجه",
            "name_en": "Ministry of Foreign Affairs",
            "kind": OrgKind.MINISTRY,
            "country": "ایران",
            "city": "تهران",
            "city_en": "Tehran",
            "website": "https://mfa.ir",
        },
    ),
    (
        "org.mfa_isfahan",
        {
            "name": "دفتر نمایندگی وزارت امور خارجه در اصفهان",
            "name_en": "Office of the Ministry of Foreign Affairs in Isfahan",
            "kind": OrgKind.MINISTRY,
            "country": "ایران",
            "city": "اصفهان",
            "city_en": "Isfahan",
            "notes": (
                "در دیدار ۱۶ بهمن ۱۳۹۹ وزارت امور خارجه خواستار ارتقای این دفتر به سطح اداره کل شد."
            ),
        },
    ),
    (
        "org.chamber",
        {
            "name": "اتاق بازرگانی اصفهان",
            "name_en": "Isfahan Chamber of Commerce",
            "kind": OrgKind.CHAMBER,
            "country": "ایران",
            "city": "اصفهان",
            "city_en": "Isfahan",
            "notes": "بخشی از سالن اجلاس سران به این اتاق اختصاص یافته است (دیدار ۱۶ بهمن ۱۳۹۹).",
        },
    ),
    (
        "org.unicef",
        {
            "name": "صندوق کودکان سازمان ملل متحد (یونیسف)",
            "name_en": "UNICEF",
            "kind": OrgKind.INTERNATIONAL,
            "website": "https://www.unicef.org",
            "notes": (
                "برنامه شهر دوستدار کودک؛ به گزارش دیدار ۱۶ بهمن ۱۳۹۹، اصفهان پس از سه سال "
                "لوگوی نامزدی این برنامه را دریافت کرد."
            ),
        },
    ),
    (
        "org.florence",
        {
            "name": "شهرداری فلورانس",
            "name_en": "Municipality of Florence (Comune di Firenze)",
            "kind": OrgKind.MUNICIPALITY,
            "country": "ایتالیا",
            "city": "فلورانس",
            "city_en": "Florence",
        },
    ),
    (
        "org.kl",
        {
            "name": "شهرداری کوالالامپور",
            "name_en": "Kuala Lumpur City Hall",
            "kind": OrgKind.MUNICIPALITY,
            "country": "مالزی",
            "city": "کوالالامپور",
            "city_en": "Kuala Lumpur",
        },
    ),
    (
        "org.barcelona",
        {
            "name": "شهرداری بارسلون",
            "name_en": "Barcelona City Council",
            "kind": OrgKind.MUNICIPALITY,
            "country": "اسپانیا",
            "city": "بارسلون",
            "city_en": "Barcelona",
        },
    ),
    (
        "org.hyderabad",
        {
            "name": "شهرداری بزرگ حیدرآباد",
            "name_en": "Greater Hyderabad Municipal Corporation",
            "kind": OrgKind.MUNICIPALITY,
            "country": "هند",
            "city": "حیدرآباد",
            "city_en": "Hyderabad",
        },
    ),
    # Fictional organizations.
    (
        "org.saxony",
        {
            "name": "دانشگاه نمونه زاکسن",
            "name_en": "Saxony Sample University",
            "kind": OrgKind.UNIVERSITY,
            "country": "آلمان",
            "city": "لایپزیگ",
            "city_en": "Leipzig",
            "website": "https://example.org/saxony-sample-university",
            "notes": SAMPLE_NOTE,
        },
    ),
    (
        "org.izmir",
        {
            "name": "انجمن دوستی ازمیر و اصفهان (نمونه)",
            "name_en": "Izmir-Isfahan Friendship Association (sample)",
            "kind": OrgKind.NGO,
            "country": "ترکیه",
            "city": "ازمیر",
            "city_en": "Izmir",
            "notes": SAMPLE_NOTE,
        },
    ),
    (
        "org.kazan",
        {
            "name": "مرکز گردشگری نمونه کازان",
            "name_en": "Kazan Sample Tourism Centre",
            "kind": OrgKind.OTHER,
            "country": "روسیه",
            "city": "کازان",
            "city_en": "Kazan",
            "notes": SAMPLE_NOTE,
        },
    ),
)

_SAMPLE_TAGS = [SAMPLE]
_CITIZEN_DIPLOMAT_TAGS = [SAMPLE, "شهروند دیپلمات", "ایرانی مقیم خارج"]

PEOPLE: tuple[tuple[str, Values], ...] = (
    # The three people of the seed meeting, with their titles of ۱۶ بهمن ۱۳۹۹.
    (
        "person.mayor",
        {
            "name": "قدرت اله نوروزی",
            "name_latin": "Ghodratollah Nowroozi",
            "honorific": "جناب آقای",
            "title": "شهردار اصفهان",
            "title_en": "Mayor of Isfahan",
            "organization_id": "org.isfahan",
            "unit_id": "unit.mayor",
            "country": "ایران",
            "city": "اصفهان",
        },
    ),
    (
        "person.sajjadi",
        {
            "name": "سید کاظم سجادی",
            "name_latin": "Seyed Kazem Sajjadi",
            "honorific": "جناب آقای",
            "title": "معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه",
            "title_en": (
                "Deputy Foreign Minister for Consular, Parliamentary and Iranian "
                "Expatriates Affairs"
            ),
            "organization_id": "org.mfa",
            "country": "ایران",
            "city": "تهران",
        },
    ),
    (
        "person.hojjati",
        {
            "name": "ایمان حجتی",
            "name_latin": "Iman Hojjati",
            "honorific": "جناب آقای",
            "title": "مدیرکل ارتباطات و امور بین‌الملل شهرداری اصفهان",
            "title_en": (
                "Director General of Communications and International Affairs, Isfahan Municipality"
            ),
            "organization_id": "org.isfahan",
            "unit_id": "unit.intl",
            "country": "ایران",
            "city": "اصفهان",
        },
    ),
    # Fictional office staff.
    (
        "person.nemounehpour",
        {
            "name": "مهدی نمونه‌پور",
            "name_latin": "Mahdi Nemounehpour",
            "honorific": "جناب آقای",
            "title": "معاون اداره کل ارتباطات و امور بین‌الملل",
            "title_en": "Deputy Director General for International Affairs",
            "organization_id": "org.isfahan",
            "unit_id": "unit.intl",
            "country": "ایران",
            "city": "اصفهان",
            "phone": "+98 31 5555 0101",
            "email": "m.nemounehpour@example.org",
            "languages": "فارسی، انگلیسی، عربی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.azmounfar",
        {
            "name": "مریم آزمون‌فر",
            "name_latin": "Maryam Azmounfar",
            "honorific": "سرکار خانم",
            "title": "کارشناس ارشد خواهرخواندگی",
            "title_en": "Senior Officer, Sister Cities",
            "organization_id": "org.isfahan",
            "unit_id": "unit.intl",
            "country": "ایران",
            "city": "اصفهان",
            "phone": "+98 31 5555 0102",
            "email": "m.azmounfar@example.org",
            "languages": "فارسی، انگلیسی، ایتالیایی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.mesali",
        {
            "name": "نرگس مثالی",
            "name_latin": "Narges Mesali",
            "honorific": "سرکار خانم",
            "title": "کارشناس طرح شهروند دیپلمات",
            "title_en": "Citizen Diplomat Programme Officer",
            "organization_id": "org.isfahan",
            "unit_id": "unit.intl",
            "country": "ایران",
            "city": "اصفهان",
            "email": "n.mesali@example.org",
            "languages": "فارسی، انگلیسی، آلمانی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.farzinejad",
        {
            "name": "سارا فرضی‌نژاد",
            "name_latin": "Sara Farzinejad",
            "honorific": "سرکار خانم",
            "title": "کارشناس تشریفات",
            "title_en": "Protocol Officer",
            "organization_id": "org.isfahan",
            "unit_id": "unit.protocol",
            "country": "ایران",
            "city": "اصفهان",
            "phone": "+98 31 5555 0120",
            "languages": "فارسی، انگلیسی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.nemounehfar",
        {
            "name": "حمید نمونه‌فر",
            "name_latin": "Hamid Nemounehfar",
            "honorific": "جناب آقای",
            "title": "کارشناس ارشد سرمایه‌گذاری خارجی",
            "title_en": "Senior Officer, Foreign Investment",
            "organization_id": "org.isfahan",
            "unit_id": "unit.invest",
            "country": "ایران",
            "city": "اصفهان",
            "email": "h.nemounehfar@example.org",
            "languages": "فارسی، انگلیسی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.azmayeshi",
        {
            "name": "رضا آزمایشی",
            "name_latin": "Reza Azmayeshi",
            "honorific": "جناب آقای",
            "title": "رئیس دفتر شهردار",
            "title_en": "Chief of Staff, Office of the Mayor",
            "organization_id": "org.isfahan",
            "unit_id": "unit.mayor",
            "country": "ایران",
            "city": "اصفهان",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.nemounehzadeh",
        {
            "name": "بهرام نمونه‌زاده",
            "name_latin": "Bahram Nemounehzadeh",
            "honorific": "جناب آقای دکتر",
            "title": "معاون اقتصادی شهرداری اصفهان",
            "title_en": "Deputy Mayor for Economic Affairs, Isfahan Municipality",
            "organization_id": "org.isfahan",
            "unit_id": "unit.econ",
            "country": "ایران",
            "city": "اصفهان",
            "languages": "فارسی، انگلیسی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.olgouei",
        {
            "name": "امیر الگویی",
            "name_latin": "Amir Olgouei",
            "honorific": "جناب آقای",
            "title": "کارشناس ارتباطات رسانه‌ای",
            "title_en": "Media Relations Officer",
            "organization_id": "org.isfahan",
            "unit_id": "unit.media",
            "country": "ایران",
            "city": "اصفهان",
            "tags": _SAMPLE_TAGS,
        },
    ),
    # Fictional counterparts in Iran.
    (
        "person.nemounehdoost",
        {
            "name": "علیرضا نمونه‌دوست",
            "name_latin": "Alireza Nemounehdoost",
            "honorific": "جناب آقای",
            "title": "رئیس دفتر نمایندگی وزارت امور خارجه در اصفهان",
            "title_en": "Head of the Office of the Ministry of Foreign Affairs in Isfahan",
            "organization_id": "org.mfa_isfahan",
            "country": "ایران",
            "city": "اصفهان",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.azmoun",
        {
            "name": "فرهاد آزمون",
            "name_latin": "Farhad Azmoun",
            "honorific": "جناب آقای مهندس",
            "title": "عضو هیئت نمایندگان اتاق بازرگانی اصفهان",
            "title_en": "Board Member, Isfahan Chamber of Commerce",
            "organization_id": "org.chamber",
            "country": "ایران",
            "city": "اصفهان",
            "tags": _SAMPLE_TAGS,
        },
    ),
    # Fictional citizen diplomats (Isfahanis living abroad).
    (
        "person.farzi",
        {
            "name": "آرش فرضی",
            "name_latin": "Arash Farzi",
            "honorific": "جناب آقای",
            "title": "بازرگان صنایع دستی در کوالالامپور",
            "title_en": "Handicrafts trader, Kuala Lumpur",
            "country": "مالزی",
            "city": "کوالالامپور",
            "phone": "+60 3 5555 0142",
            "email": "arash.farzi@example.org",
            "languages": "فارسی، انگلیسی، مالایی",
            "protocol_notes": (
                "اصفهانی و بیش از ده سال مقیم کوالالامپور؛ در برنامه‌های مالزی "
                "هماهنگ‌کننده محلی طرح شهروند دیپلمات است."
            ),
            "tags": _CITIZEN_DIPLOMAT_TAGS,
        },
    ),
    (
        "person.mesalzadeh",
        {
            "name": "شیرین مثال‌زاده",
            "name_latin": "Shirin Mesalzadeh",
            "honorific": "سرکار خانم دکتر",
            "title": "استاد معماری دانشگاه نمونه زاکسن",
            "title_en": "Professor of Architecture, Saxony Sample University",
            "organization_id": "org.saxony",
            "country": "آلمان",
            "city": "لایپزیگ",
            "email": "s.mesalzadeh@example.org",
            "languages": "فارسی، آلمانی، انگلیسی",
            "tags": _CITIZEN_DIPLOMAT_TAGS,
        },
    ),
    (
        "person.nemounehkhah",
        {
            "name": "کاوه نمونه‌خواه",
            "name_latin": "Kaveh Nemounehkhah",
            "honorific": "جناب آقای",
            "title": "روزنامه‌نگار و مدیر یک کانال فارسی‌زبان در بارسلون",
            "title_en": "Journalist, Persian-language channel in Barcelona",
            "country": "اسپانیا",
            "city": "بارسلون",
            "email": "kaveh.n@example.org",
            "languages": "فارسی، اسپانیایی، کاتالان، انگلیسی",
            "tags": _CITIZEN_DIPLOMAT_TAGS,
        },
    ),
    # Fictional foreign counterparts.
    (
        "person.beispiel",
        {
            "name": "لنا بایشپیل",
            "name_latin": "Lena Beispiel",
            "honorific": "سرکار خانم پروفسور",
            "title": "معاون بین‌الملل دانشگاه نمونه زاکسن",
            "title_en": "Vice-Rector for International Affairs, Saxony Sample University",
            "organization_id": "org.saxony",
            "country": "آلمان",
            "city": "لایپزیگ",
            "phone": "+49 341 5550 0177",
            "email": "lena.beispiel@example.org",
            "languages": "آلمانی، انگلیسی",
            "protocol_notes": (
                "گیاه‌خوار است. نام خانوادگی «بای‌شپیل» تلفظ می‌شود. با عنوان «پروفسور» خطاب شود."
            ),
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.muster",
        {
            "name": "توبیاس موستر",
            "name_latin": "Tobias Muster",
            "honorific": "جناب آقای دکتر",
            "title": "مدیر گروه مطالعات ایران‌شناسی دانشگاه نمونه زاکسن",
            "title_en": "Head of Iranian Studies, Saxony Sample University",
            "organization_id": "org.saxony",
            "country": "آلمان",
            "city": "لایپزیگ",
            "languages": "آلمانی، انگلیسی، فارسی (متوسط)",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.probe",
        {
            "name": "آنا پروبه",
            "name_latin": "Anna Probe",
            "honorific": "سرکار خانم",
            "title": "هماهنگ‌کننده دفتر همکاری‌های بین‌المللی دانشگاه نمونه زاکسن",
            "title_en": "International Office Coordinator, Saxony Sample University",
            "organization_id": "org.saxony",
            "country": "آلمان",
            "city": "لایپزیگ",
            "email": "anna.probe@example.org",
            "languages": "آلمانی، انگلیسی",
            "protocol_notes": (
                "حساسیت شدید به بادام‌زمینی؛ در همه پذیرایی‌ها به آشپزخانه اطلاع داده شود."
            ),
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.udaharan",
        {
            "name": "راوی اوداهاران",
            "name_latin": "Ravi Udaharan",
            "honorific": "جناب آقای",
            "title": "مدیر روابط بین‌الملل شهرداری بزرگ حیدرآباد",
            "title_en": (
                "Director of International Relations, Greater Hyderabad Municipal Corporation"
            ),
            "organization_id": "org.hyderabad",
            "country": "هند",
            "city": "حیدرآباد",
            "phone": "+91 40 5555 0190",
            "email": "ravi.udaharan@example.org",
            "languages": "تلوگو، هندی، انگلیسی",
            "protocol_notes": (
                "گیاه‌خوار است و تخم‌مرغ نمی‌خورد. در مکاتبات انگلیسی با عنوان "
                "«Shri» خطاب شود. نام خانوادگی «اُداهاران» تلفظ می‌شود."
            ),
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.namuna",
        {
            "name": "پریا نمونا",
            "name_latin": "Priya Namuna",
            "honorific": "سرکار خانم",
            "title": "کارشناس واحد شهرهای خواهرخوانده شهرداری بزرگ حیدرآباد",
            "title_en": "Officer, Sister Cities Cell, Greater Hyderabad Municipal Corporation",
            "organization_id": "org.hyderabad",
            "country": "هند",
            "city": "حیدرآباد",
            "languages": "هندی، انگلیسی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.exemple",
        {
            "name": "ژوردی اگزمپله",
            "name_latin": "Jordi Exemple",
            "honorific": "جناب آقای",
            "title": "مدیر روابط بین‌الملل شهرداری بارسلون",
            "title_en": "Director of International Relations, Barcelona City Council",
            "organization_id": "org.barcelona",
            "country": "اسپانیا",
            "city": "بارسلون",
            "email": "jordi.exemple@example.org",
            "languages": "کاتالان، اسپانیایی، انگلیسی",
            "protocol_notes": "نام کوچک به کاتالان «ژوردی» تلفظ می‌شود، نه «جوردی».",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.mostra",
        {
            "name": "مونتسرات موسترا",
            "name_latin": "Montserrat Mostra",
            "honorific": "سرکار خانم",
            "title": "کارشناس همکاری‌های شهری شهرداری بارسلون",
            "title_en": "Urban Cooperation Officer, Barcelona City Council",
            "organization_id": "org.barcelona",
            "country": "اسپانیا",
            "city": "بارسلون",
            "languages": "کاتالان، اسپانیایی، انگلیسی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.esempio",
        {
            "name": "مارکو ازمپیو",
            "name_latin": "Marco Esempio",
            "honorific": "جناب آقای",
            "title": "رئیس دفتر روابط بین‌الملل شهرداری فلورانس",
            "title_en": "Head of International Relations, Municipality of Florence",
            "organization_id": "org.florence",
            "country": "ایتالیا",
            "city": "فلورانس",
            "email": "marco.esempio@example.org",
            "languages": "ایتالیایی، انگلیسی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.contoh",
        {
            "name": "سیتی چونتوه",
            "name_latin": "Siti Contoh",
            "honorific": "سرکار خانم",
            "title": "معاون روابط بین‌الملل شهرداری کوالالامپور",
            "title_en": "Deputy Director, International Relations, Kuala Lumpur City Hall",
            "organization_id": "org.kl",
            "country": "مالزی",
            "city": "کوالالامپور",
            "languages": "مالایی، انگلیسی",
            "protocol_notes": "غذای حلال. در مکاتبات انگلیسی با عنوان «Puan» خطاب شود.",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.primerov",
        {
            "name": "ایوان پریمروف",
            "name_latin": "Ivan Primerov",
            "honorific": "جناب آقای",
            "title": "مدیر مرکز گردشگری نمونه کازان",
            "title_en": "Director, Kazan Sample Tourism Centre",
            "organization_id": "org.kazan",
            "country": "روسیه",
            "city": "کازان",
            "languages": "روسی، تاتاری، انگلیسی (محدود)",
            "protocol_notes": (
                "به مترجم روسی نیاز دارد. با نام و نام پدر «ایوان سرگییویچ» خطاب شود."
            ),
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.obraztsova",
        {
            "name": "اولگا اوبرازتسووا",
            "name_latin": "Olga Obraztsova",
            "honorific": "سرکار خانم",
            "title": "کارشناس بازاریابی گردشگری مرکز گردشگری نمونه کازان",
            "title_en": "Tourism Marketing Officer, Kazan Sample Tourism Centre",
            "organization_id": "org.kazan",
            "country": "روسیه",
            "city": "کازان",
            "languages": "روسی، انگلیسی",
            "tags": _SAMPLE_TAGS,
        },
    ),
    (
        "person.ornek",
        {
            "name": "احمت اورنک",
            "name_latin": "Ahmet Örnek",
            "honorific": "جناب آقای",
            "title": "رئیس انجمن دوستی ازمیر و اصفهان",
            "title_en": "Chair, Izmir-Isfahan Friendship Association",
            "organization_id": "org.izmir",
            "country": "ترکیه",
            "city": "ازمیر",
            "phone": "+90 232 555 0150",
            "languages": "ترکی استانبولی، انگلیسی، فارسی (مقدماتی)",
            "protocol_notes": "غذای حلال.",
            "tags": _SAMPLE_TAGS,
        },
    ),
)

# --------------------------------------------------------------------------------------
# Partnerships and agreements (int dates: days from today)
# --------------------------------------------------------------------------------------

PARTNERSHIPS: tuple[tuple[str, Values], ...] = (
    # The four sister cities named in the seed meeting. Their ordinals are not known,
    # except Hyderabad's, announced as the 14th.
    (
        "ps.florence",
        {
            "partner_city": "فلورانس",
            "partner_city_en": "Florence",
            "partner_country": "ایتالیا",
            "organization_id": "org.florence",
            "kind": PartnershipKind.SISTER_CITY,
            "status": PartnershipStatus.ACTIVE,
            "notes": _DIM_NOTE,
        },
    ),
    (
        "ps.kl",
        {
            "partner_city": "کوالالامپور",
            "partner_city_en": "Kuala Lumpur",
            "partner_country": "مالزی",
            "organization_id": "org.kl",
            "kind": PartnershipKind.SISTER_CITY,
            "status": PartnershipStatus.ACTIVE,
            "notes": _DIM_NOTE,
        },
    ),
    (
        "ps.barcelona",
        {
            "partner_city": "بارسلون",
            "partner_city_en": "Barcelona",
            "partner_country": "اسپانیا",
            "organization_id": "org.barcelona",
            "kind": PartnershipKind.SISTER_CITY,
            "status": PartnershipStatus.ACTIVE,
            "notes": _DIM_NOTE,
        },
    ),
    (
        "ps.hyderabad",
        {
            "partner_city": "حیدرآباد",
            "partner_city_en": "Hyderabad",
            "partner_country": "هند",
            "organization_id": "org.hyderabad",
            "kind": PartnershipKind.SISTER_CITY,
            "status": PartnershipStatus.PENDING,
            "ordinal": 14,
            "notes": (
                "به گفته شهردار اصفهان در دیدار ۱۶ بهمن ۱۳۹۹، مقدمات پیوند خواهرخواندگی "
                "اصفهان و حیدرآباد هند به‌عنوان چهاردهمین شهر خواهرخوانده اصفهان به‌زودی "
                "فراهم می‌شود."
            ),
        },
    ),
    # Fictional partnerships.
    (
        "ps.leipzig",
        {
            "partner_city": "لایپزیگ",
            "partner_city_en": "Leipzig",
            "partner_country": "آلمان",
            "organization_id": "org.saxony",
            "kind": PartnershipKind.MOU,
            "status": PartnershipStatus.ACTIVE,
            "since": -730,
            "notes": (
                "تفاهم‌نامه همکاری علمی با دانشگاه نمونه زاکسن: تبادل استادان، وبینارهای "
                "مشترک و مدرسه تابستانی مرمت. " + SAMPLE_NOTE
            ),
        },
    ),
    (
        "ps.izmir",
        {
            "partner_city": "ازمیر",
            "partner_city_en": "Izmir",
            "partner_country": "ترکیه",
            "organization_id": "org.izmir",
            "kind": PartnershipKind.FRIENDSHIP,
            "status": PartnershipStatus.ACTIVE,
            "since": -1100,
            "notes": (
                "پیوند دوستی و همکاری فرهنگی از راه انجمن دوستی ازمیر و اصفهان. " + SAMPLE_NOTE
            ),
        },
    ),
    (
        "ps.kazan",
        {
            "partner_city": "کازان",
            "partner_city_en": "Kazan",
            "partner_country": "روسیه",
            "organization_id": "org.kazan",
            "kind": PartnershipKind.COOPERATION,
            "status": PartnershipStatus.ACTIVE,
            "since": -1500,
            "notes": (
                "همکاری گردشگری با مرکز گردشگری نمونه کازان؛ از آخرین سفر هیئت بیش از یک سال "
                "گذشته و به مکاتبات بعدی پاسخی نرسیده است. " + SAMPLE_NOTE
            ),
        },
    ),
)

AGREEMENTS: tuple[Values, ...] = (
    {
        "partnership_id": "ps.hyderabad",
        "title": "پیش‌نویس تفاهم‌نامه خواهرخواندگی اصفهان و حیدرآباد",
        "summary": (
            "پیش‌نویس فارسی و انگلیسی، تهیه‌شده در پیگیری مصوبه ۱ دیدار ۱۶ بهمن ۱۳۹۹؛ "
            "هنوز امضا نشده است."
        ),
    },
    {
        "partnership_id": "ps.leipzig",
        "title": "تفاهم‌نامه همکاری علمی، دانشجویی و پژوهشی",
        "signed_on": -730,
        "expires_on": 1095,
        "summary": (
            "همکاری در مرمت بناهای تاریخی، برنامه‌ریزی شهری و تبادل دانشجو؛ اعتبار "
            "پنج‌ساله. " + SAMPLE_NOTE
        ),
    },
    {
        "partnership_id": "ps.leipzig",
        "title": "الحاقیه برنامه تبادل استادان",
        "signed_on": -237,
        "summary": (
            "هر سال دو استاد از هر طرف برای دوره‌های آموزشی کوتاه اعزام می‌شوند. " + SAMPLE_NOTE
        ),
    },
    {
        "partnership_id": "ps.izmir",
        "title": "بیانیه دوستی و همکاری فرهنگی",
        "signed_on": -1100,
        "summary": (
            "برگزاری هفته‌های فرهنگی، تبادل هنرمندان صنایع دستی و گروه‌های موسیقی. " + SAMPLE_NOTE
        ),
    },
    {
        "partnership_id": "ps.kazan",
        "title": "برنامه اجرایی همکاری گردشگری",
        "signed_on": -1500,
        "expires_on": -40,
        "summary": (
            "تبادل بروشور و اطلاعات گردشگری، معرفی دفاتر خدمات مسافرتی و حضور در "
            "نمایشگاه‌های یکدیگر. " + SAMPLE_NOTE
        ),
    },
)

# --------------------------------------------------------------------------------------
# Visits (fictional; arrival/departure: days from today; itinerary/gifts: days from arrival)
# --------------------------------------------------------------------------------------

_MAYOR_HOUSE = "ساختمان مرکزی شهرداری اصفهان"
_MAYOR_HOUSE_EN = "Isfahan Municipality headquarters"
_INTL_ROOM = "اتاق جلسات اداره کل ارتباطات و امور بین‌الملل"
_INTL_ROOM_EN = "Meeting room, Directorate General of International Affairs"

VISITS: tuple[VisitSpec, ...] = (
    VisitSpec(
        key="visit.kazan",
        values={
            "title": "سفر هیئت مرکز گردشگری نمونه کازان به اصفهان",
            "title_en": "Visit of the Kazan Sample Tourism Centre delegation to Isfahan",
            "direction": Direction.INCOMING,
            "organization_id": "org.kazan",
            "partnership_id": "ps.kazan",
            "city": "کازان",
            "city_en": "Kazan",
            "country": "روسیه",
            "arrival": -460,
            "departure": -457,
            "purpose": (
                "بررسی بسته مشترک گردشگری اصفهان و کازان و راه‌های افزایش گردشگران "
                "روس‌زبان. " + SAMPLE_NOTE
            ),
            "talking_points": (
                "میراث اسلامی مشترک دو شهر؛ ترجمه روسی بروشورهای گردشگری؛ "
                "حضور هنرمندان تاتارستان در نمایشگاه صنایع دستی اصفهان."
            ),
            "status": VisitStatus.DONE,
            "hotel": "هتل چهارستاره مرکز شهر (سه شب)",
            "transport": "ون تشریفات شهرداری",
            "interpreter": "مترجم زبان روسی از فهرست مترجمان اداره کل",
            "security": "هماهنگی با پلیس گردشگری",
        },
        members=(
            ("person.primerov", Side.GUEST, "رئیس هیئت", True),
            ("person.obraztsova", Side.GUEST, "کارشناس بازاریابی", False),
            ("person.nemounehpour", Side.HOST, "میزبان", False),
            ("person.azmounfar", Side.HOST, "هماهنگ‌کننده", False),
        ),
        itinerary=(
            {
                "day": 0,
                "start_time": _t(14),
                "end_time": _t(15),
                "place": "فرودگاه بین‌المللی اصفهان",
                "place_en": "Isfahan International Airport",
                "activity": "استقبال و انتقال به هتل",
                "activity_en": "Welcome and transfer to hotel",
                "hosts": "اداره تشریفات",
                "hosts_en": "Protocol Department",
            },
            {
                "day": 1,
                "start_time": _t(10),
                "end_time": _t(11, 30),
                "place": _MAYOR_HOUSE,
                "place_en": _MAYOR_HOUSE_EN,
                "activity": "جلسه رسمی درباره بسته مشترک گردشگری",
                "activity_en": "Official meeting on a joint tourism package",
                "hosts": "مهدی نمونه‌پور",
                "hosts_en": "Mahdi Nemounehpour",
            },
            {
                "day": 1,
                "start_time": _t(16),
                "end_time": _t(18),
                "place": "میدان نقش جهان",
                "place_en": "Naqsh-e Jahan Square",
                "activity": "بازدید از میدان و بازار",
                "activity_en": "Tour of the square and bazaar",
                "hosts": "مریم آزمون‌فر",
                "hosts_en": "Maryam Azmounfar",
            },
            {
                "day": 2,
                "start_time": _t(9, 30),
                "end_time": _t(12),
                "place": "بازارچه صنایع دستی",
                "place_en": "Handicrafts market",
                "activity": "دیدار با هنرمندان صنایع دستی",
                "activity_en": "Meeting with handicraft artists",
                "hosts": "اداره کل ارتباطات و امور بین‌الملل",
                "hosts_en": "Directorate General of International Affairs",
            },
        ),
        gifts=(
            {
                "direction": GiftDirection.GIVEN,
                "person_id": "person.primerov",
                "given_on": 1,
                "description": "تابلو مینیاتور میدان نقش جهان",
            },
            {
                "direction": GiftDirection.RECEIVED,
                "person_id": "person.primerov",
                "given_on": 1,
                "description": "مجموعه ظروف چینی با نقش‌های تاتاری",
            },
        ),
    ),
    VisitSpec(
        key="visit.leipzig1",
        values={
            "title": "سفر هیئت دانشگاه نمونه زاکسن به اصفهان",
            "title_en": "Visit of the Saxony Sample University delegation to Isfahan",
            "direction": Direction.INCOMING,
            "organization_id": "org.saxony",
            "partnership_id": "ps.leipzig",
            "city": "لایپزیگ",
            "city_en": "Leipzig",
            "country": "آلمان",
            "arrival": -240,
            "departure": -236,
            "purpose": (
                "امضای الحاقیه تبادل استادان و گسترش همکاری در مرمت بناهای تاریخی. " + SAMPLE_NOTE
            ),
            "talking_points": (
                "گزارش اجرای تفاهم‌نامه؛ تبادل استادان؛ دعوت از استادان ایرانی "
                "مقیم آلمان به طرح شهروند دیپلمات."
            ),
            "status": VisitStatus.DONE,
            "hotel": "هتل پنج‌ستاره نزدیک چهارباغ (چهار شب)",
            "transport": "خودروی تشریفات شهرداری",
            "interpreter": "نیاز ندارد؛ جلسات به زبان انگلیسی",
            "security": "عادی",
            "logistics_notes": "رئیس هیئت گیاه‌خوار است.",
        },
        members=(
            ("person.beispiel", Side.GUEST, "رئیس هیئت", True),
            ("person.muster", Side.GUEST, "عضو هیئت", False),
            ("person.mesalzadeh", Side.GUEST, "عضو هیئت (شهروند دیپلمات)", False),
            ("person.nemounehpour", Side.HOST, "میزبان", False),
            ("person.mesali", Side.HOST, "کارشناس همراه", False),
        ),
        itinerary=(
            {
                "day": 0,
                "start_time": _t(5, 30),
                "end_time": _t(6, 30),
                "place": "فرودگاه بین‌المللی اصفهان",
                "place_en": "Isfahan International Airport",
                "activity": "استقبال و انتقال به هتل",
                "activity_en": "Welcome and transfer to hotel",
                "hosts": "اداره تشریفات",
                "hosts_en": "Protocol Department",
            },
            {
                "day": 1,
                "start_time": _t(9),
                "end_time": _t(12),
                "place": "دانشگاه اصفهان",
                "place_en": "University of Isfahan",
                "activity": "بازدید از دانشکده معماری و دیدار با استادان",
                "activity_en": "Visit to the Faculty of Architecture and meeting with professors",
                "hosts": "دانشکده معماری",
                "hosts_en": "Faculty of Architecture",
            },
            {
                "day": 2,
                "start_time": _t(10),
                "end_time": _t(12),
                "place": _INTL_ROOM,
                "place_en": _INTL_ROOM_EN,
                "activity": "جلسه کاری و امضای الحاقیه تبادل استادان",
                "activity_en": "Working meeting and signing of the faculty exchange addendum",
                "hosts": "مهدی نمونه‌پور",
                "hosts_en": "Mahdi Nemounehpour",
            },
            {
                "day": 3,
                "start_time": _t(15),
                "end_time": _t(18),
                "place": "محله جلفا و کلیسای وانک",
                "place_en": "Jolfa quarter and Vank Cathedral",
                "activity": "بازدید فرهنگی",
                "activity_en": "Cultural visit",
                "hosts": "نرگس مثالی",
                "hosts_en": "Narges Mesali",
            },
        ),
        gifts=(
            # Lena Beispiel comes back in visit.leipzig2: a second pen case would repeat this.
            {
                "direction": GiftDirection.GIVEN,
                "person_id": "person.beispiel",
                "given_on": 2,
                "description": "قلمدان مینیاتور با نقش گل و مرغ",
            },
            {
                "direction": GiftDirection.GIVEN,
                "person_id": "person.muster",
                "given_on": 2,
                "description": "کتاب مصور «اصفهان، نصف جهان»",
            },
            {
                "direction": GiftDirection.RECEIVED,
                "person_id": "person.beispiel",
                "given_on": 2,
                "description": "مدال یادبود دانشگاه نمونه زاکسن",
            },
        ),
    ),
    VisitSpec(
        key="visit.barcelona",
        values={
            "title": "سفر هیئت شهرداری اصفهان به بارسلون",
            "title_en": "Isfahan Municipality delegation to Barcelona",
            "direction": Direction.OUTGOING,
            "organization_id": "org.barcelona",
            "partnership_id": "ps.barcelona",
            "city": "بارسلون",
            "city_en": "Barcelona",
            "country": "اسپانیا",
            "arrival": -75,
            "departure": -70,
            "purpose": (
                "بازسازی پیوند کم‌فروغ خواهرخواندگی و تبادل تجربه در مدیریت گردشگری "
                "شهری. " + SAMPLE_NOTE
            ),
            "talking_points": (
                "برنامه اقدام تازه خواهرخواندگی؛ غرفه صنایع دستی اصفهان؛ "
                "ایرانیان مقیم بارسلون و طرح شهروند دیپلمات."
            ),
            "status": VisitStatus.DONE,
            "hotel": "هتل معرفی‌شده میزبان در مرکز شهر",
            "transport": "پرواز تهران–استانبول–بارسلون؛ در شهر خودروی میزبان",
            "interpreter": "نیاز ندارد؛ جلسات به زبان انگلیسی",
            "security": "هماهنگی با سفارت جمهوری اسلامی ایران در مادرید",
        },
        members=(
            ("person.nemounehzadeh", Side.GUEST, "رئیس هیئت", True),
            ("person.nemounehpour", Side.GUEST, "عضو هیئت", False),
            ("person.azmounfar", Side.GUEST, "کارشناس و صورتجلسه‌نویس", False),
            ("person.exemple", Side.HOST, "میزبان", False),
            ("person.mostra", Side.HOST, "هماهنگ‌کننده میزبان", False),
            ("person.nemounehkhah", Side.HOST, "شهروند دیپلمات، هماهنگ‌کننده محلی", False),
        ),
        itinerary=(
            {
                "day": 0,
                "start_time": _t(18),
                "end_time": _t(19),
                "place": "فرودگاه بارسلون",
                "place_en": "Barcelona Airport",
                "activity": "ورود و انتقال به هتل",
                "activity_en": "Arrival and transfer to hotel",
                "hosts": "شهرداری بارسلون",
                "hosts_en": "Barcelona City Council",
            },
            {
                "day": 1,
                "start_time": _t(11),
                "end_time": _t(12, 30),
                "place": "ساختمان شهرداری بارسلون",
                "place_en": "Barcelona City Hall",
                "activity": "دیدار رسمی با مدیر روابط بین‌الملل",
                "activity_en": "Official meeting with the Director of International Relations",
                "hosts": "ژوردی اگزمپله",
                "hosts_en": "Jordi Exemple",
            },
            {
                "day": 1,
                "start_time": _t(15),
                "end_time": _t(17),
                "place": "طرح ابرمحله‌ها (Superblocks)",
                "place_en": "Superblocks project",
                "activity": "بازدید فنی از طرح پیاده‌راه‌سازی محله‌ای",
                "activity_en": "Technical visit to the neighbourhood pedestrianisation project",
                "hosts": "مونتسرات موسترا",
                "hosts_en": "Montserrat Mostra",
            },
            {
                "day": 2,
                "start_time": _t(10),
                "end_time": _t(12),
                "place": "بازار بوکریا",
                "place_en": "La Boqueria market",
                "activity": "بررسی مکان پیشنهادی غرفه صنایع دستی اصفهان",
                "activity_en": "Survey of a possible site for an Isfahan handicrafts stand",
                "hosts": "مونتسرات موسترا",
                "hosts_en": "Montserrat Mostra",
            },
            {
                "day": 3,
                "start_time": _t(18),
                "end_time": _t(20),
                "place": "مرکز فرهنگی ایرانیان بارسلون",
                "place_en": "Iranian cultural centre, Barcelona",
                "activity": "دیدار با ایرانیان مقیم بارسلون",
                "activity_en": "Meeting with Iranians living in Barcelona",
                "hosts": "کاوه نمونه‌خواه",
                "hosts_en": "Kaveh Nemounehkhah",
            },
        ),
        gifts=(
            {
                "direction": GiftDirection.GIVEN,
                "person_id": "person.exemple",
                "given_on": 1,
                "description": "تابلو قلمزنی مس با نقش میدان نقش جهان",
            },
            {
                "direction": GiftDirection.RECEIVED,
                "person_id": "person.exemple",
                "given_on": 1,
                "description": "بشقاب سرامیکی با نقش موزاییک‌های بارسلون",
            },
        ),
    ),
    VisitSpec(
        key="visit.izmir",
        values={
            "title": "سفر هیئت شهرداری اصفهان به ازمیر",
            "title_en": "Isfahan Municipality delegation to Izmir",
            "direction": Direction.OUTGOING,
            "organization_id": "org.izmir",
            "partnership_id": "ps.izmir",
            "city": "ازمیر",
            "city_en": "Izmir",
            "country": "ترکیه",
            "arrival": -1,
            "departure": 2,
            "purpose": "هماهنگی برگزاری هفته فرهنگی اصفهان در ازمیر. " + SAMPLE_NOTE,
            "talking_points": (
                "هنرمندان صنایع دستی و گروه موسیقی اصفهان؛ مکان و زمان هفته فرهنگی؛ پوشش رسانه‌ای."
            ),
            "status": VisitStatus.IN_PROGRESS,
            "hotel": "هتل معرفی‌شده انجمن دوستی",
            "transport": "پرواز مستقیم اصفهان–استانبول و پرواز داخلی به ازمیر",
            "interpreter": "مترجم ترکی استانبولی معرفی‌شده انجمن",
            "security": "عادی",
        },
        members=(
            ("person.nemounehpour", Side.GUEST, "رئیس هیئت", True),
            ("person.olgouei", Side.GUEST, "عکاس و خبرنگار", False),
            ("person.ornek", Side.HOST, "میزبان", False),
        ),
        itinerary=(
            {
                "day": 0,
                "start_time": _t(20),
                "end_time": _t(22),
                "place": "رستوران میزبان",
                "place_en": "Host's restaurant",
                "activity": "ضیافت شام خوشامد",
                "activity_en": "Welcome dinner",
                "hosts": "احمت اورنک",
                "hosts_en": "Ahmet Örnek",
            },
            {
                "day": 1,
                "start_time": _t(10),
                "end_time": _t(11),
                "place": "دفتر انجمن دوستی ازمیر و اصفهان",
                "place_en": "Office of the Izmir-Isfahan Friendship Association",
                "activity": "دیدار با رئیس انجمن",
                "activity_en": "Meeting with the Chair",
                "hosts": "احمت اورنک",
                "hosts_en": "Ahmet Örnek",
            },
            {
                "day": 1,
                "start_time": _t(15),
                "end_time": _t(17),
                "place": "مرکز فرهنگی ازمیر",
                "place_en": "Izmir cultural centre",
                "activity": "بازدید از مکان پیشنهادی هفته فرهنگی",
                "activity_en": "Visit to the proposed venue of the cultural week",
                "hosts": "انجمن دوستی",
                "hosts_en": "Friendship Association",
            },
            {
                "day": 2,
                "start_time": _t(19),
                "end_time": _t(21),
                "place": "خانه فرهنگ ازمیر",
                "place_en": "Izmir House of Culture",
                "activity": "شب فرهنگی اصفهان با اجرای موسیقی",
                "activity_en": "Isfahan cultural evening with live music",
                "hosts": "انجمن دوستی",
                "hosts_en": "Friendship Association",
            },
        ),
        gifts=(
            {
                "direction": GiftDirection.GIVEN,
                "person_id": "person.ornek",
                "given_on": 1,
                "description": "جعبه خاتم‌کاری",
            },
        ),
    ),
    VisitSpec(
        key="visit.hyderabad",
        values={
            "title": "سفر هیئت شهرداری بزرگ حیدرآباد به اصفهان",
            "title_en": "Visit of the Greater Hyderabad Municipal Corporation delegation",
            "direction": Direction.INCOMING,
            "organization_id": "org.hyderabad",
            "partnership_id": "ps.hyderabad",
            "city": "حیدرآباد",
            "city_en": "Hyderabad",
            "country": "هند",
            "arrival": 9,
            "departure": 12,
            "purpose": (
                "امضای تفاهم‌نامه خواهرخواندگی اصفهان و حیدرآباد، چهاردهمین شهر "
                "خواهرخوانده اصفهان. " + SAMPLE_NOTE
            ),
            "talking_points": (
                "یادآوری پیشینه: مقدمات این خواهرخواندگی در دیدار ۱۶ بهمن ۱۳۹۹ "
                "اعلام شد. همکاری در صنایع دارویی و فناوری اطلاعات؛ گردشگری "
                "سلامت؛ تبادل هیئت‌های تجاری."
            ),
            "status": VisitStatus.CONFIRMED,
            "classification": Classification.RESTRICTED,
            "hotel": "هتل پنج‌ستاره نزدیک میدان نقش جهان (چهار شب، رزرو اداره تشریفات)",
            "transport": "ون تشریفات با خودروی پیشرو پلیس",
            "interpreter": "مترجم انگلیسی اداره کل؛ نیاز به مترجم تلوگو بررسی شود",
            "security": "هماهنگی با پلیس و دفتر نمایندگی وزارت امور خارجه در اصفهان",
            "logistics_notes": "رئیس هیئت گیاه‌خوار است و تخم‌مرغ نمی‌خورد؛ منوی جداگانه.",
        },
        members=(
            ("person.udaharan", Side.GUEST, "رئیس هیئت", True),
            ("person.namuna", Side.GUEST, "کارشناس شهرهای خواهرخوانده", False),
            ("person.nemounehzadeh", Side.HOST, "میزبان", False),
            ("person.nemounehpour", Side.HOST, "هماهنگ‌کننده", False),
            ("person.farzinejad", Side.HOST, "تشریفات", False),
        ),
        itinerary=(
            {
                "day": 0,
                "start_time": _t(4, 30),
                "end_time": _t(5, 30),
                "place": "فرودگاه بین‌المللی اصفهان",
                "place_en": "Isfahan International Airport",
                "activity": "استقبال و انتقال به هتل",
                "activity_en": "Welcome and transfer to hotel",
                "hosts": "اداره تشریفات",
                "hosts_en": "Protocol Department",
            },
            {
                "day": 0,
                "start_time": _t(16),
                "end_time": _t(18, 30),
                "place": "میدان نقش جهان",
                "place_en": "Naqsh-e Jahan Square",
                "activity": "بازدید از میدان، مسجد شیخ لطف‌الله و عالی‌قاپو",
                "activity_en": "Tour of the square, Sheikh Lotfollah Mosque and Ali Qapu",
                "hosts": "مهدی نمونه‌پور",
                "hosts_en": "Mahdi Nemounehpour",
            },
            {
                "day": 1,
                "start_time": _t(10),
                "end_time": _t(12),
                "place": _MAYOR_HOUSE,
                "place_en": _MAYOR_HOUSE_EN,
                "activity": "دیدار رسمی و امضای تفاهم‌نامه خواهرخواندگی",
                "activity_en": "Official meeting and signing of the sister-city memorandum",
                "hosts": "بهرام نمونه‌زاده",
                "hosts_en": "Bahram Nemounehzadeh",
            },
            {
                "day": 1,
                "start_time": _t(12, 30),
                "end_time": _t(14),
                "place": "عمارت تاریخی میزبان",
                "place_en": "Historic guest house",
                "activity": "ضیافت ناهار (منوی گیاهی)",
                "activity_en": "Lunch (vegetarian menu)",
                "hosts": "دفتر شهردار",
                "hosts_en": "Office of the Mayor",
            },
            {
                "day": 2,
                "start_time": _t(9, 30),
                "end_time": _t(12),
                "place": "اتاق بازرگانی اصفهان",
                "place_en": "Isfahan Chamber of Commerce",
                "activity": "نشست با فعالان صنایع دارویی و فناوری اطلاعات",
                "activity_en": "Session with pharmaceutical and IT companies",
                "hosts": "فرهاد آزمون",
                "hosts_en": "Farhad Azmoun",
            },
            {
                "day": 3,
                "start_time": _t(3),
                "end_time": _t(4),
                "place": "فرودگاه بین‌المللی اصفهان",
                "place_en": "Isfahan International Airport",
                "activity": "بدرقه",
                "activity_en": "Farewell at the airport",
                "hosts": "اداره تشریفات",
                "hosts_en": "Protocol Department",
            },
        ),
    ),
    VisitSpec(
        key="visit.leipzig2",
        values={
            "title": "سفر دوم هیئت دانشگاه نمونه زاکسن به اصفهان",
            "title_en": "Second visit of the Saxony Sample University delegation",
            "direction": Direction.INCOMING,
            "organization_id": "org.saxony",
            "partnership_id": "ps.leipzig",
            "city": "لایپزیگ",
            "city_en": "Leipzig",
            "country": "آلمان",
            "arrival": 20,
            "departure": 23,
            "purpose": (
                "ارزیابی سال نخست تبادل استادان و برنامه‌ریزی مدرسه تابستانی مرمت. " + SAMPLE_NOTE
            ),
            "talking_points": (
                "نتیجه تبادل استادان؛ بورس تحصیلی که در سفر قبل منتفی شد؛ "
                "مدرسه تابستانی مرمت در اصفهان."
            ),
            "status": VisitStatus.PLANNED,
            "hotel": "هتل پنج‌ستاره نزدیک چهارباغ (سه شب)",
            "transport": "خودروی تشریفات شهرداری",
            "interpreter": "نیاز ندارد؛ جلسات به زبان انگلیسی",
            "security": "عادی",
            "logistics_notes": (
                "هدیه هنوز انتخاب نشده است؛ هدایای سفر قبل بررسی شود تا تکراری "
                "نباشد. یکی از اعضا به بادام‌زمینی حساسیت شدید دارد."
            ),
        },
        members=(
            ("person.beispiel", Side.GUEST, "رئیس هیئت", True),
            ("person.probe", Side.GUEST, "هماهنگ‌کننده", False),
            ("person.nemounehpour", Side.HOST, "میزبان", False),
            ("person.mesali", Side.HOST, "کارشناس همراه", False),
        ),
        itinerary=(
            {
                "day": 0,
                "start_time": _t(5, 30),
                "end_time": _t(6, 30),
                "place": "فرودگاه بین‌المللی اصفهان",
                "place_en": "Isfahan International Airport",
                "activity": "استقبال و انتقال به هتل",
                "activity_en": "Welcome and transfer to hotel",
                "hosts": "اداره تشریفات",
                "hosts_en": "Protocol Department",
            },
            {
                "day": 1,
                "start_time": _t(10),
                "end_time": _t(12),
                "place": _INTL_ROOM,
                "place_en": _INTL_ROOM_EN,
                "activity": "جلسه کاری ارزیابی تبادل استادان",
                "activity_en": "Working meeting: review of the faculty exchange",
                "hosts": "مهدی نمونه‌پور",
                "hosts_en": "Mahdi Nemounehpour",
            },
            {
                "day": 2,
                "start_time": _t(9),
                "end_time": _t(13),
                "place": "خانه‌های تاریخی محله جلفا",
                "place_en": "Historic houses of Jolfa",
                "activity": "بازدید از کارگاه‌های مرمت",
                "activity_en": "Visit to restoration sites",
                "hosts": "نرگس مثالی",
                "hosts_en": "Narges Mesali",
            },
        ),
    ),
    VisitSpec(
        key="visit.kl",
        values={
            "title": "سفر هیئت شهرداری اصفهان به کوالالامپور",
            "title_en": "Isfahan Municipality delegation to Kuala Lumpur",
            "direction": Direction.OUTGOING,
            "organization_id": "org.kl",
            "partnership_id": "ps.kl",
            "city": "کوالالامپور",
            "city_en": "Kuala Lumpur",
            "country": "مالزی",
            "arrival": 27,
            "departure": 31,
            "purpose": (
                "احیای پیوند کم‌فروغ خواهرخواندگی با کوالالامپور و دیدار با ایرانیان "
                "مقیم مالزی. " + SAMPLE_NOTE
            ),
            "talking_points": (
                "برنامه اقدام دوساله؛ وبینار تجاری با ایرانیان مقیم مالزی؛ "
                "گردشگری حلال و صنایع دستی."
            ),
            "status": VisitStatus.PLANNED,
            "hotel": "هتل معرفی‌شده میزبان",
            "transport": "پرواز تهران–کوالالامپور",
            "interpreter": "نیاز ندارد؛ جلسات به زبان انگلیسی",
            "security": "هماهنگی با سفارت جمهوری اسلامی ایران در کوالالامپور",
        },
        members=(
            ("person.nemounehpour", Side.GUEST, "رئیس هیئت", True),
            ("person.azmounfar", Side.GUEST, "کارشناس", False),
            ("person.nemounehfar", Side.GUEST, "کارشناس سرمایه‌گذاری", False),
            ("person.farzi", Side.HOST, "شهروند دیپلمات، هماهنگ‌کننده محلی", False),
            ("person.contoh", Side.HOST, "میزبان", False),
        ),
        itinerary=(
            {
                "day": 0,
                "start_time": _t(15),
                "end_time": _t(16),
                "place": "فرودگاه بین‌المللی کوالالامپور",
                "place_en": "Kuala Lumpur International Airport",
                "activity": "ورود و انتقال به هتل",
                "activity_en": "Arrival and transfer to hotel",
                "hosts": "شهرداری کوالالامپور",
                "hosts_en": "Kuala Lumpur City Hall",
            },
            {
                "day": 1,
                "start_time": _t(10),
                "end_time": _t(12),
                "place": "ساختمان شهرداری کوالالامپور",
                "place_en": "Kuala Lumpur City Hall",
                "activity": "دیدار رسمی و گفت‌وگو درباره برنامه اقدام دوساله",
                "activity_en": "Official meeting on a two-year action plan",
                "hosts": "سیتی چونتوه",
                "hosts_en": "Siti Contoh",
            },
            {
                "day": 2,
                "start_time": _t(17),
                "end_time": _t(19),
                "place": "مرکز تجاری میزبان",
                "place_en": "Host business centre",
                "activity": "دیدار با تجار ایرانی مقیم مالزی",
                "activity_en": "Meeting with Iranian traders in Malaysia",
                "hosts": "آرش فرضی",
                "hosts_en": "Arash Farzi",
            },
        ),
    ),
)

# Follow-ups opened for visits rather than from a decision.
VISIT_ACTIONS: tuple[VisitAction, ...] = (
    VisitAction(
        visit="visit.hyderabad",
        unit="unit.protocol",
        owner="person.farzinejad",
        opened=-10,
        due=4,
        follow_up=FollowUp(
            "رزرو هتل و خودروهای تشریفات برای هیئت حیدرآباد",
            Priority.HIGH,
            steps=(
                Step(
                    1,
                    "رزرو هتل برای چهار شب انجام شد؛ خودروها هنوز قطعی نشده است.",
                    ActionStatus.IN_PROGRESS,
                ),
            ),
        ),
    ),
    VisitAction(
        visit="visit.hyderabad",
        unit="unit.protocol",
        owner="person.farzinejad",
        opened=-10,
        due=6,
        follow_up=FollowUp("تأمین مترجم انگلیسی و بررسی نیاز به مترجم تلوگو"),
    ),
    VisitAction(
        visit="visit.leipzig2",
        unit="unit.protocol",
        owner="person.farzinejad",
        opened=-3,
        due=14,
        follow_up=FollowUp("انتخاب و تهیه هدیه برای هیئت دانشگاه نمونه زاکسن", Priority.LOW),
        description="هدایای سفر قبل اعضای هیئت بررسی شود تا هدیه تکراری داده نشود.",
    ),
    VisitAction(
        visit="visit.kl",
        unit="unit.intl",
        owner="person.azmounfar",
        opened=-20,
        due=-1,
        follow_up=FollowUp(
            "صدور دعوت‌نامه و پیگیری روادید اعضای هیئت سفر کوالالامپور",
            Priority.HIGH,
            steps=(
                Step(
                    2,
                    "مدارک سه نفر از اعضا جمع‌آوری و به سفارت مالزی ارسال شد.",
                    ActionStatus.IN_PROGRESS,
                ),
            ),
        ),
    ),
    VisitAction(
        visit="visit.barcelona",
        unit="unit.intl",
        owner="person.nemounehpour",
        opened=-69,
        due=-60,
        follow_up=FollowUp(
            "تهیه گزارش سفر بارسلون برای شهردار",
            steps=(Step(5, "گزارش سفر با پیوست عکس‌ها تقدیم دفتر شهردار شد.", ActionStatus.DONE),),
        ),
    ),
)

# --------------------------------------------------------------------------------------
# The seed meeting: ۱۶ بهمن ۱۳۹۹, as reported by the municipality's media office
# --------------------------------------------------------------------------------------

_MAYOR = "person.mayor"
_SAJJADI = "person.sajjadi"
_HOJJATI = "person.hojjati"

SEED_STATEMENTS: tuple[tuple[str, str], ...] = (
    (
        _MAYOR,
        "دولت‌های محلی اگر در دیپلماسی عمومی فعال باشند، می‌توانند بخشی از خلأهایی را که مسائل "
        "بین‌المللی پدید آورده است پر کنند؛ شهرداری‌ها و انجمن‌ها توان انجام کارهای بزرگ در "
        "عرصه بین‌المللی را دارند.",
    ),
    (
        _MAYOR,
        "اصفهان عنوان شهر جهانی دارد و باید استانداردهای جهانی را در همه زمینه‌ها پیاده کند؛ "
        "به همین دلیل مدیریت شهری در این دوره تصمیم گرفت نمایشگاه بین‌المللی اصفهان را ظرف دو "
        "سال به نتیجه برساند. محل این نمایشگاه در کنار حلقه چهارم ترافیکی شهر است.",
    ),
    (
        _MAYOR,
        "پروژه سالن اجلاس سران که پیش‌تر زمین‌گیر شده بود، با صرف ۷۰۰ میلیارد تومان اعتبار "
        "دوباره فعال شد و به پیشرفت کنونی رسید؛ تکمیل آن هنوز به ۳۰۰ میلیارد تومان اعتبار دیگر "
        "نیاز دارد. ساخت حلقه حفاظتی، همه دسترسی‌های سالن را تأمین خواهد کرد. چون سالن جنبه "
        "بین‌المللی دارد، بخشی از فضای آن به اتاق بازرگانی اصفهان که با تجار جهانی در ارتباط "
        "است اختصاص یافته است.",
    ),
    (
        _MAYOR,
        "در شهر جهانی اصفهان باید کنسولگری‌های متعددی فعال باشند؛ از همین رو ایده ایجاد "
        "«منطقه دیپلماتیک» در اصفهان مطرح شده است.",
    ),
    (
        _MAYOR,
        "اصفهان عضو سازمان‌های بین‌المللی است و شهرداری در این مدت با حضور در کنگره‌ها و "
        "همایش‌های جهانی، جدیت خود را در عرصه بین‌المللی نشان داده است. شهرداری اصفهان به‌تازگی "
        "پس از سه سال تلاش، لوگوی نامزدی «شهر دوستدار کودک» یونیسف (UNICEF) را دریافت کرد و "
        "به‌زودی مقدمات پیوند خواهرخواندگی اصفهان با شهر حیدرآباد هند، به‌عنوان چهاردهمین شهر "
        "خواهرخوانده اصفهان، فراهم می‌شود.",
    ),
    (
        _MAYOR,
        "اصفهان در سال‌های اخیر از ظرفیت ایرانیان خارج از کشور بهره گرفته است؛ برای نمونه، هفته "
        "فرهنگی اصفهان در فرانسه با کمک تشکل‌های ایرانیان برگزار شد. در ادامه همین مسیر، طرح "
        "«شهروند دیپلمات» آغاز شد تا اصفهانی‌های مقیم خارج که نسبت به شهر احساس مسئولیت دارند، "
        "فرصت بیان نظر و ایده داشته باشند و از تجربه آنان استفاده شود.",
    ),
    (
        _MAYOR,
        "اصفهان در تحقق بودجه رتبه نخست را میان کلان‌شهرها دارد. برای جذب کمک‌های دولتی، هر "
        "دوشنبه با حضور در تهران و به همراه معاون مالی و اقتصادی شهرداری پیگیری می‌شود؛ حاصل آن "
        "جذب حدود ۷۴۰ میلیارد تومان اعتبار برای اصفهان در یک سال بوده است.",
    ),
    (
        _MAYOR,
        "خشکی رودخانه زاینده‌رود و دغدغه‌هایی که در پی آورده، از جمله آلودگی هوا، چالشی است که "
        "حل آن به ورود سران قوا نیاز دارد.",
    ),
    (
        _SAJJADI,
        "تبریک بابت اعطای نشان نامزدی شهر دوستدار کودک به اصفهان. مجموعه اقدام‌های شهرداری "
        "نشان‌دهنده آینده‌نگری مدیریت شهری است و اصفهان بی‌تردید چشم‌انداز خوبی خواهد داشت.",
    ),
    (
        _SAJJADI,
        "پروژه سالن اجلاس سران بی‌نظیر است و بهتر است در همین دوره مدیریت شهری به پایان برسد "
        "تا این گنجینه شهر با آینده‌نگری حفظ شود و آسیب نبیند.",
    ),
    (
        _SAJJADI,
        "نمایشگاه بین‌المللی اصفهان در مکان مناسبی قرار گرفته است؛ ای کاش در احداث نمایشگاه "
        "تهران هم همین نگاه به کار رفته بود. اگر برای این ظرفیت‌ها تعریف درستی تدوین شود، "
        "سرمایه‌ای برای شهر خواهد بود.",
    ),
    (
        _SAJJADI,
        "شهرداری‌ها به سبب تنوع کار و ظرفیت ارتباط با خواهرخوانده‌ها، حتی بیش از استانداری‌ها "
        "امکان فعالیت در عرصه خارجی و با کشورهای همسایه دارند و باید از این امکانات بهره گرفت.",
    ),
    (
        _SAJJADI,
        "کرونا فرصتی برای سازندگی است و نباید کار متوقف شود؛ برگزاری وبینارها باید در دستور کار "
        "باشد. تشکیل کنسرسیوم علمی و پزشکی در اصفهان ابتکاری است که اگر به نتیجه برسد می‌تواند "
        "الگوی دیگر استان‌ها شود و وزارت امور خارجه در نقش هماهنگ‌کننده، آن را پیش خواهد برد.",
    ),
    (
        _SAJJADI,
        "سرمایه‌گذاری هموطنان مقیم خارج از کشور باید با همین نگاه پیگیری شود و وزارت امور خارجه "
        "در این موضوع بازوی کمکی خواهد بود.",
    ),
    (
        _SAJJADI,
        "اداره کل ایرانیان خارج از کشور حدود سه میلیون ایرانی علاقه‌مند به برقراری ارتباط را "
        "شناسایی کرده است تا پیوندها نگسلد و نسل بعدی ایرانیان خارج از کشور با میهن بیگانه "
        "نشود.",
    ),
    (
        _SAJJADI,
        "معاونت دیپلماسی اقتصادی وزارت امور خارجه ارتباط تجار با نمایندگی‌های وزارت در استان‌ها "
        "را فعالانه پشتیبانی می‌کند. فراکسیون ایرانیان مقیم خارج از کشور در مجلس نیز به‌زودی "
        "دوباره فعال می‌شود و بازوی توانمندی برای روان‌سازی و قانون‌گذاری در تعامل با ایرانیان "
        "خارج از کشور خواهد بود.",
    ),
    (
        _SAJJADI,
        "وزارت امور خارجه به دفاتر استانی خود توجه ویژه دارد و در پی آن است که سمت رؤسای "
        "نمایندگی وزارت در استان‌ها به مدیرکل ارتقا یابد تا جایگاهی همانند سفیران داشته باشند و "
        "همکاری آنان با نهادهایی مانند شهرداری‌ها در همین تراز شکل گیرد. درخواست: برای ارتقای "
        "دفتر نمایندگی وزارت در اصفهان تصمیمی گرفته شود تا این اقدام الگویی برای سایر استان‌ها "
        "شود.",
    ),
    (
        _HOJJATI,
        "از مهر ۱۳۹۸ روشن شد که برخی پیوندهای خواهرخواندگی اصفهان کم‌فروغ یا تیره شده است و "
        "ارتباط با شهرهایی مانند فلورانس، کوالالامپور و بارسلون به بازسازی نیاز دارد. از فرصت "
        "کرونا استفاده شد و ارتباطات گسترده‌ای به‌صورت غیرحضوری با خواهرخوانده‌های اصفهان "
        "برقرار شد.",
    ),
    (
        _HOJJATI,
        "در این تعامل‌ها ظرفیت‌هایی برای رقم زدن اتفاق‌های خوب شناسایی شد که اجرای آنها به یک "
        "طرح نیاز داشت؛ از این رو از تیر ۱۳۹۹ همراه‌سازی برای اجرای طرح شهروند دیپلمات در "
        "اصفهان آغاز شد و فراخوان طرح در دی‌ماه منتشر شد.",
    ),
    (
        _HOJJATI,
        "اصفهان در استفاده از ظرفیت جهانی ایرانیان خارج از کشور تجربه دارد: در دوران کرونا و "
        "بدون حضور شهرداری، غرفه اصفهان در دو نمایشگاه در چین با همراهی و همکاری ایرانیان ساکن "
        "چین برپا شد.",
    ),
    (
        _HOJJATI,
        "ملزومات تقویت تعاملات بین‌المللی: ارتباط مؤثر با شرکای خارجی، مطلوب بودن محیط "
        "بین‌الملل، همراهی دستگاه دیپلماسی با مدیریت شهری، شکل‌گیری دانش و مهارت‌های بین‌المللی "
        "در همه عرصه‌ها و آمادگی پروژه‌ها برای سرمایه‌پذیری.",
    ),
    (
        _HOJJATI,
        "اهداف طرح شهروند دیپلمات: افزایش مشارکت شهروندان، شناسایی تسهیل‌گران و توسعه "
        "همکاری‌های اقتصادی. گروه هدف طرح: استادان دانشگاه، تجار و فعالان اجتماعی و رسانه‌ای که "
        "کانال ارتباطی با خارج از کشور دارند.",
    ),
)

SEED_DECISIONS: tuple[DecisionSpec, ...] = (
    DecisionSpec(
        "تهیه پیش‌نویس تفاهم‌نامه خواهرخواندگی اصفهان و حیدرآباد هند (چهاردهمین شهر "
        "خواهرخوانده) و هماهنگی آن با وزارت امور خارجه",
        _HOJJATI,
        "unit.intl",
        30,
        FollowUp(
            "پیش‌نویس تفاهم‌نامه خواهرخواندگی اصفهان و حیدرآباد",
            Priority.HIGH,
            steps=(
                Step(
                    6,
                    "پیش‌نویس فارسی و انگلیسی بر پایه تفاهم‌نامه‌های پیشین تهیه شد.",
                    ActionStatus.IN_PROGRESS,
                ),
                Step(20, "پیش‌نویس برای اظهارنظر به وزارت امور خارجه ارسال شد."),
                Step(
                    28,
                    "نظرات وزارت امور خارجه اعمال و متن نهایی در پرونده حیدرآباد ثبت شد؛ "
                    "امضا به سفر هیئت طرف هندی موکول است.",
                    ActionStatus.DONE,
                ),
            ),
        ),
    ),
    DecisionSpec(
        "تهیه نامه شهردار به وزارت امور خارجه در حمایت از ارتقای دفتر نمایندگی وزارت در "
        "اصفهان به سطح اداره کل",
        _HOJJATI,
        "unit.mayor",
        14,
        FollowUp(
            "نامه حمایت از ارتقای دفتر نمایندگی وزارت امور خارجه در اصفهان",
            Priority.HIGH,
            steps=(
                Step(3, "پیش‌نویس نامه تهیه و به دفتر شهردار فرستاده شد.", ActionStatus.IN_PROGRESS),
                Step(
                    9,
                    "نامه با امضای شهردار برای معاونت کنسولی، امور مجلس و ایرانیان ارسال شد.",
                    ActionStatus.DONE,
                ),
            ),
        ),
    ),
    DecisionSpec(
        "پیگیری بسته سرمایه‌گذاری ایرانیان خارج از کشور با معاونت کنسولی، امور مجلس و "
        "ایرانیان و معرفی پروژه‌های آماده سرمایه‌پذیری",
        _HOJJATI,
        "unit.invest",
        60,
        FollowUp(
            "بسته سرمایه‌گذاری ایرانیان خارج از کشور",
            steps=(
                Step(
                    10,
                    "فهرست پروژه‌های آماده سرمایه‌پذیری از اداره کل سرمایه‌گذاری دریافت شد.",
                    ActionStatus.IN_PROGRESS,
                ),
                Step(45, "بسته معرفی پروژه‌ها به زبان انگلیسی آماده شد."),
                Step(
                    58,
                    "بسته برای معرفی به ایرانیان خارج از کشور به وزارت امور خارجه تحویل شد.",
                    ActionStatus.DONE,
                ),
            ),
        ),
    ),
    DecisionSpec(
        "تهیه طرح اولیه «منطقه دیپلماتیک» اصفهان برای استقرار کنسولگری‌ها",
        _HOJJATI,
        "unit.intl",
        90,
        FollowUp(
            "طرح اولیه منطقه دیپلماتیک اصفهان",
            steps=(
                Step(
                    30,
                    "مطالعه نمونه‌های منطقه دیپلماتیک در شهرهای دیگر آغاز شد.",
                    ActionStatus.IN_PROGRESS,
                ),
                Step(120, "مکان‌یابی اولیه با همکاری معاونت شهرسازی انجام شد."),
            ),
            reschedule=Reschedule(
                -7, 45, "به دستور مدیرکل، مهلت تکمیل طرح تمدید شد تا با طرح جامع شهر هماهنگ شود."
            ),
        ),
    ),
    DecisionSpec(
        "ارسال گزارش طرح شهروند دیپلمات، شامل اهداف و گروه‌های هدف، به وزارت امور خارجه",
        _HOJJATI,
        "unit.intl",
        21,
        FollowUp(
            "گزارش طرح شهروند دیپلمات برای وزارت امور خارجه",
            steps=(
                Step(
                    14,
                    "گزارش طرح با اهداف (مشارکت شهروندان، شناسایی تسهیل‌گران، همکاری‌های "
                    "اقتصادی) و گروه‌های هدف (استادان دانشگاه، تجار، فعالان اجتماعی و "
                    "رسانه‌ای) ارسال شد.",
                    ActionStatus.DONE,
                ),
            ),
        ),
    ),
    DecisionSpec(
        "احیای ارتباط با شهرهای خواهرخوانده فلورانس، کوالالامپور و بارسلون با برنامه تماس‌های "
        "غیرحضوری و وبینار",
        _HOJJATI,
        "unit.intl",
        45,
        FollowUp(
            "احیای ارتباط با فلورانس، کوالالامپور و بارسلون",
            steps=(
                Step(
                    5,
                    "برای هر سه شهر نامه و پیشنهاد جلسه برخط فرستاده شد.",
                    ActionStatus.IN_PROGRESS,
                ),
                Step(
                    40,
                    "با هر سه شهر تماس برخط برقرار و نقطه تماس هر شهر به‌روز شد.",
                    ActionStatus.DONE,
                ),
            ),
        ),
    ),
    DecisionSpec(
        "برگزاری وبینار معرفی کنسرسیوم علمی و پزشکی اصفهان با هماهنگی وزارت امور خارجه",
        _HOJJATI,
        "unit.intl",
        60,
        FollowUp(
            "وبینار کنسرسیوم علمی و پزشکی اصفهان",
            Priority.LOW,
            steps=(
                Step(
                    50,
                    "وبینار برگزار و گزارش آن برای وزارت امور خارجه فرستاده شد.",
                    ActionStatus.DONE,
                ),
            ),
        ),
    ),
)

SEED_MEETING = MeetingSpec(
    key="meeting.seed",
    title=SEED_TITLE,
    day=SEED_DATE,
    start=_t(10),
    end=_t(11, 30),
    place="ساختمان مرکزی شهرداری اصفهان",
    kind=MeetingKind.OFFICIAL,
    organization="org.mfa",
    summary=(
        "شهردار اصفهان و معاون کنسولی، امور مجلس و ایرانیان وزارت امور خارجه درباره همکاری "
        "مدیریت شهری اصفهان با وزارت امور خارجه، به‌ویژه مشارکت ایرانیان خارج از کشور در "
        "سرمایه‌گذاری و توسعه دفاتر استانی وزارت، گفت‌وگو و تبادل نظر کردند؛ در پایان، مدیرکل "
        "ارتباطات و امور بین‌الملل شهرداری طرح شهروند دیپلمات را تشریح کرد.\n"
        "منبع: خبرگزاری ریاح، کد خبر ۴۴۰۲، ۱۶ بهمن ۱۳۹۹، به نقل از اداره ارتباطات رسانه‌ای "
        "شهرداری اصفهان."
    ),
    participants=(
        (_MAYOR, Side.HOST, ParticipantRole.CHAIR),
        (_HOJJATI, Side.HOST, ParticipantRole.SPEAKER),
        (_SAJJADI, Side.GUEST, ParticipantRole.SPEAKER),
    ),
    agenda=(
        "همکاری مدیریت شهری اصفهان با وزارت امور خارجه در دیپلماسی عمومی و شهری",
        "مشارکت ایرانیان خارج از کشور در سرمایه‌گذاری در اصفهان",
        "توسعه و ارتقای دفاتر استانی وزارت امور خارجه",
        "خواهرخواندگی‌های اصفهان و طرح «شهروند دیپلمات»",
    ),
    statements=SEED_STATEMENTS,
    decisions=SEED_DECISIONS,
)

# --------------------------------------------------------------------------------------
# Fictional meetings (day: days from today; decision due and steps: days from the meeting)
# --------------------------------------------------------------------------------------

_NP = "person.nemounehpour"
_AF = "person.azmounfar"
_MS = "person.mesali"
_FN = "person.farzinejad"
_NF = "person.nemounehfar"
_OL = "person.olgouei"

MEETINGS: tuple[MeetingSpec, ...] = (
    MeetingSpec(
        key="meeting.kazan",
        title="دیدار با هیئت مرکز گردشگری نمونه کازان",
        day=-459,
        start=_t(10),
        end=_t(11, 30),
        place="تالار اجتماعات ساختمان مرکزی شهرداری اصفهان",
        kind=MeetingKind.OFFICIAL,
        visit="visit.kazan",
        organization="org.kazan",
        partnership="ps.kazan",
        summary="بررسی بسته مشترک گردشگری اصفهان و کازان. " + SAMPLE_NOTE,
        participants=(
            (_NP, Side.HOST, ParticipantRole.CHAIR),
            (_AF, Side.HOST, ParticipantRole.MINUTE_TAKER),
            ("person.primerov", Side.GUEST, ParticipantRole.SPEAKER),
            ("person.obraztsova", Side.GUEST, ParticipantRole.MEMBER),
        ),
        agenda=(
            "معرفی ظرفیت‌های گردشگری اصفهان و کازان",
            "بسته مشترک گردشگری و تبادل بروشور",
            "حضور هنرمندان کازان در نمایشگاه صنایع دستی اصفهان",
        ),
        statements=(
            (
                _NP,
                "ضمن خوشامدگویی، اصفهان و کازان را دو شهر تاریخی با میراث اسلامی مشترک "
                "دانست و پیشنهاد کرد برنامه اجرایی همکاری گردشگری با اقدام‌های مشخص فعال "
                "شود.",
            ),
            (
                "person.primerov",
                "مرکز آماده است اصفهان را به گردشگران روس‌زبان معرفی کند و "
                "برای این کار به ترجمه روسی بروشورهای گردشگری اصفهان نیاز "
                "دارد.",
            ),
            (
                "person.obraztsova",
                "پیشنهاد شد در نمایشگاه صنایع دستی اصفهان غرفه‌ای برای "
                "هنرمندان تاتارستان در نظر گرفته شود.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "ترجمه بروشورهای گردشگری اصفهان به زبان روسی و ارسال آن برای مرکز گردشگری "
                "نمونه کازان",
                _AF,
                "unit.intl",
                30,
                FollowUp(
                    "ترجمه روسی بروشورهای گردشگری اصفهان",
                    steps=(
                        Step(
                            4, "ترجمه به مترجم رسمی زبان روسی سپرده شد.", ActionStatus.IN_PROGRESS
                        ),
                        Step(
                            26, "نسخه روسی بروشورها ارسال و دریافت آن تأیید شد.", ActionStatus.DONE
                        ),
                    ),
                ),
            ),
            DecisionSpec(
                "دعوت از هنرمندان کازان برای حضور در نمایشگاه صنایع دستی اصفهان",
                _NP,
                "unit.intl",
                60,
                FollowUp(
                    "دعوت از هنرمندان کازان به نمایشگاه صنایع دستی",
                    Priority.LOW,
                    steps=(
                        Step(
                            35,
                            "دعوت‌نامه رسمی ارسال شد؛ پاسخی از طرف کازانی نرسید.",
                            ActionStatus.DONE,
                        ),
                    ),
                ),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.leipzig1",
        title="جلسه کاری با هیئت دانشگاه نمونه زاکسن",
        day=-238,
        start=_t(10),
        end=_t(12),
        place=_INTL_ROOM,
        kind=MeetingKind.WORKING,
        visit="visit.leipzig1",
        organization="org.saxony",
        partnership="ps.leipzig",
        summary="اجرای تفاهم‌نامه همکاری علمی و امضای الحاقیه تبادل استادان. " + SAMPLE_NOTE,
        participants=(
            (_NP, Side.HOST, ParticipantRole.CHAIR),
            (_MS, Side.HOST, ParticipantRole.SPEAKER),
            (_AF, Side.HOST, ParticipantRole.MINUTE_TAKER),
            ("person.beispiel", Side.GUEST, ParticipantRole.SPEAKER),
            ("person.muster", Side.GUEST, ParticipantRole.SPEAKER),
            ("person.mesalzadeh", Side.GUEST, ParticipantRole.MEMBER),
        ),
        agenda=(
            "گزارش اجرای تفاهم‌نامه همکاری علمی و دانشجویی",
            "برنامه تبادل استادان",
            "مشارکت استادان ایرانی مقیم آلمان در طرح شهروند دیپلمات",
        ),
        statements=(
            (
                _NP,
                "گزارشی از اجرای تفاهم‌نامه در سال گذشته ارائه شد و گسترش همکاری به حوزه "
                "مرمت بناهای تاریخی پیشنهاد شد.",
            ),
            (
                "person.beispiel",
                "دانشگاه آمادگی دارد هر سال دو استاد را برای دوره‌های کوتاه "
                "به اصفهان بفرستد و میزبان دو استاد اصفهانی باشد؛ الحاقیه این "
                "برنامه در همین سفر امضا می‌شود.",
            ),
            (
                "person.muster",
                "برگزاری وبینار مشترک درباره میراث شهری اصفهان و لایپزیگ پیشنهاد شد.",
            ),
            (
                _MS,
                "گروه‌های هدف طرح شهروند دیپلمات معرفی شد و از استادان ایرانی دانشگاه برای "
                "پیوستن به طرح دعوت شد.",
            ),
            (
                "person.mesalzadeh",
                "آمادگی برای هماهنگی میان دانشکده معماری و شهرداری اصفهان اعلام شد.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "امضای الحاقیه برنامه تبادل استادان و معرفی نخستین استادان اعزامی",
                _NP,
                "unit.intl",
                45,
                FollowUp(
                    "الحاقیه تبادل استادان و معرفی استادان اعزامی",
                    steps=(
                        Step(1, "الحاقیه در جریان سفر امضا شد.", ActionStatus.IN_PROGRESS),
                        Step(
                            40,
                            "نام نخستین دو استاد اعزامی به طرف آلمانی اعلام شد.",
                            ActionStatus.DONE,
                        ),
                    ),
                ),
            ),
            DecisionSpec(
                "برگزاری وبینار مشترک میراث شهری اصفهان و لایپزیگ",
                _AF,
                "unit.intl",
                60,
                FollowUp(
                    "وبینار مشترک میراث شهری اصفهان و لایپزیگ",
                    steps=(
                        Step(20, "تاریخ و سخنرانان وبینار تعیین شد.", ActionStatus.IN_PROGRESS),
                        Step(55, "وبینار با حضور ۱۲۰ شرکت‌کننده برگزار شد.", ActionStatus.DONE),
                    ),
                ),
            ),
            DecisionSpec(
                "بررسی امکان بورس تحصیلی برای دانشجویان اصفهانی",
                _NP,
                "unit.intl",
                90,
                FollowUp(
                    "بورس تحصیلی دانشجویان اصفهانی",
                    Priority.LOW,
                    steps=(
                        Step(
                            70,
                            "طرف آلمانی اعلام کرد بودجه بورس امسال تأمین نمی‌شود؛ موضوع در "
                            "سفر بعدی دوباره مطرح می‌شود.",
                            ActionStatus.CANCELLED,
                        ),
                    ),
                ),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.chamber",
        title="جلسه با اتاق بازرگانی اصفهان درباره تجار عضو طرح شهروند دیپلمات",
        day=-45,
        start=_t(11),
        end=_t(12, 30),
        place="اتاق بازرگانی اصفهان",
        kind=MeetingKind.WORKING,
        organization="org.chamber",
        summary=(
            "همکاری با اتاق بازرگانی برای معرفی تجار اصفهانی مقیم خارج و بسته "
            "سرمایه‌گذاری. " + SAMPLE_NOTE
        ),
        participants=(
            ("person.azmoun", Side.HOST, ParticipantRole.CHAIR),
            (_NF, Side.GUEST, ParticipantRole.SPEAKER),
            (_MS, Side.GUEST, ParticipantRole.SPEAKER),
        ),
        agenda=(
            "معرفی تجار اصفهانی مقیم خارج به طرح شهروند دیپلمات",
            "بسته فرصت‌های سرمایه‌گذاری برای ایرانیان خارج از کشور",
        ),
        statements=(
            (
                "person.azmoun",
                "اتاق بازرگانی آماده است تجار اصفهانی مقیم خارج را که با اتاق "
                "در ارتباط‌اند به طرح شهروند دیپلمات معرفی کند.",
            ),
            (
                _NF,
                "بسته معرفی فرصت‌های سرمایه‌گذاری برای ایرانیان خارج از کشور به زبان "
                "انگلیسی در حال به‌روزرسانی است؛ وبینار تجاری با ایرانیان مقیم مالزی "
                "پیشنهاد شد.",
            ),
            (_MS, "تجار یکی از گروه‌های هدف اصلی طرح‌اند؛ فهرست مشترکی از تجار علاقه‌مند لازم است."),
        ),
        decisions=(
            DecisionSpec(
                "تهیه فهرست مشترک تجار اصفهانی مقیم خارج برای طرح شهروند دیپلمات",
                _MS,
                "unit.intl",
                20,
                FollowUp(
                    "فهرست تجار اصفهانی مقیم خارج",
                    steps=(
                        Step(
                            17,
                            "فهرست ۲۳ نفره تهیه و با اتاق بازرگانی به اشتراک گذاشته شد.",
                            ActionStatus.DONE,
                        ),
                    ),
                ),
            ),
            DecisionSpec(
                "به‌روزرسانی و ترجمه انگلیسی بسته فرصت‌های سرمایه‌گذاری برای ایرانیان خارج از کشور",
                _NF,
                "unit.invest",
                35,
                FollowUp(
                    "ترجمه انگلیسی بسته فرصت‌های سرمایه‌گذاری",
                    Priority.URGENT,
                    steps=(
                        Step(5, "ترجمه بخش نخست بسته انجام شد.", ActionStatus.IN_PROGRESS),
                        Step(30, "اطلاعات دو پروژه هنوز از معاونت اقتصادی نرسیده است."),
                    ),
                ),
            ),
            DecisionSpec(
                "برگزاری وبینار تجاری با ایرانیان مقیم مالزی",
                _NF,
                "unit.invest",
                49,
                FollowUp(
                    "وبینار تجاری با ایرانیان مقیم مالزی",
                    steps=(
                        Step(
                            15,
                            "با آقای آرش فرضی، هماهنگ‌کننده محلی، درباره زمان وبینار هماهنگی شد.",
                            ActionStatus.IN_PROGRESS,
                        ),
                    ),
                ),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.barcelona",
        title="دیدار هیئت شهرداری اصفهان با مدیر روابط بین‌الملل شهرداری بارسلون",
        day=-74,
        start=_t(11),
        end=_t(12, 30),
        place="ساختمان شهرداری بارسلون",
        kind=MeetingKind.OFFICIAL,
        visit="visit.barcelona",
        organization="org.barcelona",
        partnership="ps.barcelona",
        summary=(
            "بازسازی پیوند خواهرخواندگی اصفهان و بارسلون و تبادل تجربه در مدیریت "
            "گردشگری شهری. " + SAMPLE_NOTE
        ),
        participants=(
            ("person.exemple", Side.HOST, ParticipantRole.CHAIR),
            ("person.mostra", Side.HOST, ParticipantRole.MEMBER),
            ("person.nemounehzadeh", Side.GUEST, ParticipantRole.SPEAKER),
            (_NP, Side.GUEST, ParticipantRole.SPEAKER),
            (_AF, Side.GUEST, ParticipantRole.MINUTE_TAKER),
            ("person.nemounehkhah", Side.GUEST, ParticipantRole.MEMBER),
        ),
        agenda=(
            "بازسازی پیوند خواهرخواندگی اصفهان و بارسلون",
            "تبادل تجربه در مدیریت گردشگری شهری",
            "مشارکت ایرانیان مقیم بارسلون",
        ),
        statements=(
            (
                "person.exemple",
                "پس از چند سال کم‌فروغ بودن ارتباط، بارسلون آماده است برنامه "
                "اقدام تازه‌ای برای خواهرخواندگی دو شهر تدوین کند.",
            ),
            (
                "person.nemounehzadeh",
                "فرصت‌های سرمایه‌گذاری در گردشگری و صنایع دستی اصفهان "
                "معرفی شد و برپایی غرفه صنایع دستی اصفهان در یکی از "
                "بازارهای فصلی بارسلون پیشنهاد شد.",
            ),
            (
                _NP,
                "تجربه بارسلون در مدیریت گردشگری انبوه و طرح ابرمحله‌ها (Superblocks) برای "
                "اصفهان ارزشمند است؛ تبادل گزارش‌های فنی پیشنهاد شد.",
            ),
            (
                "person.nemounehkhah",
                "ایرانیان مقیم بارسلون آماده‌اند اصفهان را در رسانه‌های محلی معرفی کنند.",
            ),
            (
                "person.mostra",
                "ارسال گزارش فنی تجربه مدیریت گردشگری بارسلون به زبان انگلیسی پذیرفته شد.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "برپایی غرفه صنایع دستی اصفهان در بازار فصلی بارسلون",
                _AF,
                "unit.intl",
                40,
                FollowUp(
                    "غرفه صنایع دستی اصفهان در بارسلون",
                    Priority.HIGH,
                    steps=(
                        Step(
                            10,
                            "مکاتبه با شهرداری بارسلون برای تعیین زمان و مکان غرفه آغاز شد.",
                            ActionStatus.IN_PROGRESS,
                        ),
                        Step(50, "پاسخ طرف اسپانیایی هنوز نرسیده است؛ پیگیری تلفنی انجام شد."),
                    ),
                ),
            ),
            DecisionSpec(
                "ارسال گزارش فنی تجربه‌های اصفهان در مدیریت بافت تاریخی به شهرداری بارسلون",
                _NP,
                "unit.intl",
                30,
                FollowUp(
                    "گزارش فنی مدیریت بافت تاریخی برای بارسلون",
                    steps=(Step(25, "گزارش به زبان انگلیسی ارسال شد.", ActionStatus.DONE),),
                ),
            ),
            DecisionSpec(
                "شناسایی ایرانیان مقیم بارسلون برای پیوستن به طرح شهروند دیپلمات",
                _MS,
                "unit.intl",
                72,
                FollowUp("شناسایی شهروندان دیپلمات در بارسلون"),
            ),
            DecisionSpec(
                "تهیه پیش‌نویس برنامه اقدام تازه خواهرخواندگی اصفهان و بارسلون",
                _NP,
                "unit.intl",
                79,
                FollowUp(
                    "برنامه اقدام تازه خواهرخواندگی اصفهان و بارسلون",
                    Priority.HIGH,
                    steps=(
                        Step(
                            30,
                            "پیش‌نویس اولیه تهیه و برای نظرخواهی به معاونت اقتصادی فرستاده شد.",
                            ActionStatus.IN_PROGRESS,
                        ),
                    ),
                ),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.citizen_diplomat",
        title="جلسه هماهنگی فراخوان دوم طرح شهروند دیپلمات",
        day=-30,
        start=_t(9),
        end=_t(10, 30),
        place=_INTL_ROOM,
        kind=MeetingKind.WORKING,
        final=True,
        summary="گزارش فراخوان نخست و برنامه فراخوان دوم طرح شهروند دیپلمات. " + SAMPLE_NOTE,
        participants=(
            (_NP, Side.HOST, ParticipantRole.CHAIR),
            (_MS, Side.HOST, ParticipantRole.SPEAKER),
            (_NF, Side.HOST, ParticipantRole.SPEAKER),
            (_OL, Side.HOST, ParticipantRole.MEMBER),
            (_AF, Side.HOST, ParticipantRole.MINUTE_TAKER),
        ),
        agenda=(
            "گزارش فراخوان نخست طرح شهروند دیپلمات",
            "برنامه فراخوان دوم",
            "اطلاع‌رسانی و پویش رسانه‌ای",
        ),
        statements=(
            (
                _MS,
                "در فراخوان نخست ۸۶ نفر از اصفهانی‌های مقیم ۱۹ کشور ثبت‌نام کردند؛ بیشترین "
                "سهم با استادان دانشگاه و تجار بود و سهم فعالان رسانه‌ای کم است.",
            ),
            (_NF, "برای تجار عضو طرح، فهرست پروژه‌های آماده سرمایه‌پذیری به زبان انگلیسی لازم است."),
            (
                _OL,
                "برای فراخوان دوم، پویش رسانه‌ای در شبکه‌های اجتماعی و رسانه‌های فارسی‌زبان "
                "خارج از کشور پیشنهاد شد.",
            ),
            (
                _NP,
                "اطلاعات شخصی اعضای طرح فقط با رضایت خود آنان در اختیار دستگاه‌های دیگر قرار "
                "می‌گیرد.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "به‌روزرسانی بانک اطلاعات اعضای طرح شهروند دیپلمات",
                _MS,
                "unit.intl",
                14,
                FollowUp(
                    "بانک اطلاعات اعضای طرح شهروند دیپلمات",
                    steps=(Step(12, "بانک اطلاعات با ۸۶ عضو به‌روز شد.", ActionStatus.DONE),),
                ),
            ),
            DecisionSpec(
                "طراحی فرم انتخاب و ارزیابی داوطلبان فراخوان دوم",
                _MS,
                "unit.intl",
                35,
                FollowUp(
                    "فرم انتخاب داوطلبان فراخوان دوم",
                    steps=(
                        Step(
                            7,
                            "نسخه نخست فرم آماده و برای نظرخواهی فرستاده شد.",
                            ActionStatus.IN_PROGRESS,
                        ),
                    ),
                ),
            ),
            DecisionSpec(
                "اجرای پویش رسانه‌ای فراخوان دوم طرح شهروند دیپلمات",
                _OL,
                "unit.media",
                27,
                FollowUp("پویش رسانه‌ای فراخوان دوم", Priority.HIGH),
            ),
            DecisionSpec(
                "تهیه گزارش فصلی طرح برای دفتر نمایندگی وزارت امور خارجه در اصفهان",
                _NP,
                "unit.intl",
                50,
                FollowUp("گزارش فصلی طرح شهروند دیپلمات"),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.florence",
        title="جلسه برخط با دفتر روابط بین‌الملل شهرداری فلورانس",
        day=-14,
        start=_t(12, 30),
        end=_t(13, 30),
        place="برخط (ویدئوکنفرانس)",
        kind=MeetingKind.ONLINE,
        organization="org.florence",
        partnership="ps.florence",
        summary="فعال‌سازی دوباره ارتباط خواهرخواندگی اصفهان و فلورانس. " + SAMPLE_NOTE,
        participants=(
            (_NP, Side.HOST, ParticipantRole.CHAIR),
            (_AF, Side.HOST, ParticipantRole.MINUTE_TAKER),
            ("person.esempio", Side.GUEST, ParticipantRole.SPEAKER),
        ),
        agenda=(
            "مرور ارتباطات خواهرخواندگی اصفهان و فلورانس",
            "وبینار مشترک مدیریت شهرهای تاریخی",
            "حضور هنرمندان فلورانس در هفته صنایع دستی اصفهان",
        ),
        statements=(
            (
                _NP,
                "ارتباط دو شهر خواهرخوانده در سال‌های اخیر کم‌فروغ بوده و اصفهان می‌خواهد آن "
                "را با برنامه‌های مشخص فرهنگی و علمی دوباره فعال کند.",
            ),
            (
                "person.esempio",
                "فلورانس از وبینار مشترک درباره مدیریت شهرهای تاریخی ثبت‌شده "
                "در فهرست میراث جهانی استقبال می‌کند و تجربه‌های زیادی در این "
                "زمینه دارد.",
            ),
            (
                _AF,
                "فهرست نقاط تماس دو طرف مرور شد و دعوت از هنرمندان صنایع دستی فلورانس به "
                "هفته صنایع دستی اصفهان پیشنهاد شد.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "برگزاری وبینار مشترک مدیریت شهرهای تاریخی با فلورانس",
                _AF,
                "unit.intl",
                29,
                FollowUp(
                    "وبینار مشترک مدیریت شهرهای تاریخی با فلورانس",
                    steps=(
                        Step(
                            3,
                            "سه تاریخ پیشنهادی برای وبینار به طرف ایتالیایی فرستاده شد.",
                            ActionStatus.IN_PROGRESS,
                        ),
                    ),
                ),
            ),
            DecisionSpec(
                "ارسال فهرست به‌روز نقاط تماس دو شهر",
                _AF,
                "unit.intl",
                7,
                FollowUp(
                    "فهرست نقاط تماس اصفهان و فلورانس",
                    Priority.LOW,
                    steps=(Step(5, "فهرست فرستاده و دریافت آن تأیید شد.", ActionStatus.DONE),),
                ),
            ),
            DecisionSpec(
                "ارسال دعوت‌نامه برای هنرمندان فلورانس جهت حضور در هفته صنایع دستی اصفهان",
                _NP,
                "unit.intl",
                12,
                FollowUp("دعوت از هنرمندان فلورانس به هفته صنایع دستی"),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.security",
        title="هماهنگی امنیتی و تشریفاتی سفر هیئت شهرداری بزرگ حیدرآباد",
        day=-5,
        start=_t(14),
        end=_t(15),
        place="دفتر نمایندگی وزارت امور خارجه در اصفهان",
        kind=MeetingKind.WORKING,
        classification=Classification.CONFIDENTIAL,
        visit="visit.hyderabad",
        organization="org.mfa_isfahan",
        partnership="ps.hyderabad",
        summary="ترتیبات امنیتی، روادید و تشریفات مراسم امضای تفاهم‌نامه. " + SAMPLE_NOTE,
        participants=(
            ("person.nemounehdoost", Side.HOST, ParticipantRole.CHAIR),
            (_NP, Side.GUEST, ParticipantRole.SPEAKER),
            (_FN, Side.GUEST, ParticipantRole.MINUTE_TAKER),
        ),
        agenda=(
            "ترتیبات امنیتی سفر هیئت حیدرآباد",
            "فهرست اعضای هیئت و روادید",
            "تشریفات مراسم امضای تفاهم‌نامه",
        ),
        statements=(
            (
                "person.nemounehdoost",
                "فهرست کامل اعضای هیئت و رونوشت گذرنامه‌ها باید دست‌کم یک "
                "هفته پیش از ورود به دفتر نمایندگی برسد.",
            ),
            (
                _NP,
                "برنامه سفر و مکان‌های بازدید تشریح شد و اسکورت پلیس در مسیر فرودگاه و "
                "مراسم امضا درخواست شد.",
            ),
            (_FN, "رئیس هیئت گیاه‌خوار است و برای ضیافت ناهار منوی جداگانه لازم است."),
        ),
        decisions=(
            DecisionSpec(
                "نهایی کردن ترتیبات امنیتی و اسکورت با پلیس",
                _FN,
                "unit.protocol",
                7,
                FollowUp("ترتیبات امنیتی و اسکورت سفر هیئت حیدرآباد", Priority.URGENT),
            ),
            DecisionSpec(
                "ارسال فهرست اعضای هیئت و رونوشت گذرنامه‌ها به دفتر نمایندگی وزارت امور خارجه",
                _FN,
                "unit.protocol",
                11,
                FollowUp(
                    "فهرست اعضا و رونوشت گذرنامه‌های هیئت حیدرآباد",
                    Priority.HIGH,
                    steps=(
                        Step(
                            2,
                            "فهرست اعضا دریافت شد؛ رونوشت دو گذرنامه هنوز نرسیده است.",
                            ActionStatus.IN_PROGRESS,
                        ),
                    ),
                ),
            ),
            DecisionSpec(
                "تهیه متن دوزبانه فارسی و انگلیسی مراسم امضای تفاهم‌نامه خواهرخواندگی",
                _NP,
                "unit.intl",
                13,
                FollowUp("متن دوزبانه مراسم امضای تفاهم‌نامه خواهرخواندگی"),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.izmir",
        title="دیدار با رئیس انجمن دوستی ازمیر و اصفهان",
        day=0,
        start=_t(10),
        end=_t(11),
        place="ازمیر، دفتر انجمن دوستی ازمیر و اصفهان",
        kind=MeetingKind.COURTESY,
        visit="visit.izmir",
        organization="org.izmir",
        partnership="ps.izmir",
        summary="برنامه هفته فرهنگی اصفهان در ازمیر. " + SAMPLE_NOTE,
        participants=(
            ("person.ornek", Side.HOST, ParticipantRole.CHAIR),
            (_NP, Side.GUEST, ParticipantRole.SPEAKER),
            (_OL, Side.GUEST, ParticipantRole.MEMBER),
        ),
        agenda=(
            "برنامه هفته فرهنگی اصفهان در ازمیر",
            "پوشش رسانه‌ای سفر",
        ),
        statements=(
            (
                "person.ornek",
                "انجمن از برگزاری هفته فرهنگی اصفهان در ازمیر در سال آینده "
                "استقبال می‌کند و مکان برگزاری را فراهم خواهد کرد.",
            ),
            (
                _NP,
                "شهرداری اصفهان هنرمندان صنایع دستی و یک گروه موسیقی را برای این هفته "
                "فرهنگی معرفی خواهد کرد.",
            ),
        ),
        decisions=(
            DecisionSpec(
                "تهیه پیش‌نویس برنامه هفته فرهنگی اصفهان در ازمیر",
                _NP,
                "unit.intl",
                25,
                FollowUp("برنامه هفته فرهنگی اصفهان در ازمیر"),
            ),
            DecisionSpec(
                "انتشار گزارش خبری و عکس‌های سفر ازمیر",
                _OL,
                "unit.media",
                3,
                FollowUp("گزارش خبری سفر ازمیر", Priority.LOW),
            ),
        ),
    ),
    MeetingSpec(
        key="meeting.hyderabad_prep",
        title="جلسه آمادگی سفر هیئت شهرداری بزرگ حیدرآباد",
        day=3,
        start=_t(10),
        end=_t(11),
        place=_INTL_ROOM,
        kind=MeetingKind.WORKING,
        visit="visit.hyderabad",
        partnership="ps.hyderabad",
        summary="مرور نهایی برنامه سفر و مراسم امضا. " + SAMPLE_NOTE,
        participants=(
            ("person.azmayeshi", Side.HOST, ParticipantRole.CHAIR),
            (_NP, Side.HOST, ParticipantRole.SPEAKER),
            (_FN, Side.HOST, ParticipantRole.MEMBER),
            (_AF, Side.HOST, ParticipantRole.MINUTE_TAKER),
        ),
        agenda=(
            "مرور روزبه‌روز برنامه سفر",
            "هدایا و پذیرایی (منوی گیاهی)",
            "نهایی کردن متن تفاهم‌نامه خواهرخواندگی",
        ),
    ),
    MeetingSpec(
        key="meeting.hyderabad",
        title="دیدار رسمی و امضای تفاهم‌نامه خواهرخواندگی اصفهان و حیدرآباد",
        day=10,
        start=_t(10),
        end=_t(12),
        place=_MAYOR_HOUSE,
        kind=MeetingKind.OFFICIAL,
        visit="visit.hyderabad",
        organization="org.hyderabad",
        partnership="ps.hyderabad",
        summary="امضای تفاهم‌نامه خواهرخواندگی با چهاردهمین شهر خواهرخوانده اصفهان. " + SAMPLE_NOTE,
        participants=(
            ("person.nemounehzadeh", Side.HOST, ParticipantRole.CHAIR),
            (_NP, Side.HOST, ParticipantRole.SPEAKER),
            ("person.udaharan", Side.GUEST, ParticipantRole.SPEAKER),
            ("person.namuna", Side.GUEST, ParticipantRole.MEMBER),
        ),
        agenda=(
            "امضای تفاهم‌نامه خواهرخواندگی (چهاردهمین شهر خواهرخوانده اصفهان)",
            "همکاری در صنایع دارویی و فناوری اطلاعات",
            "گردشگری سلامت و تبادل هیئت‌های تجاری",
        ),
    ),
    MeetingSpec(
        key="meeting.leipzig2",
        title="جلسه کاری با هیئت دانشگاه نمونه زاکسن (سفر دوم)",
        day=21,
        start=_t(10),
        end=_t(12),
        place=_INTL_ROOM,
        kind=MeetingKind.WORKING,
        visit="visit.leipzig2",
        organization="org.saxony",
        partnership="ps.leipzig",
        summary="ارزیابی سال نخست تبادل استادان. " + SAMPLE_NOTE,
        participants=(
            (_NP, Side.HOST, ParticipantRole.CHAIR),
            (_MS, Side.HOST, ParticipantRole.MINUTE_TAKER),
            ("person.beispiel", Side.GUEST, ParticipantRole.SPEAKER),
            ("person.probe", Side.GUEST, ParticipantRole.MEMBER),
        ),
        agenda=(
            "ارزیابی سال نخست تبادل استادان",
            "مدرسه تابستانی مرمت در اصفهان",
        ),
    ),
)

ATTACHMENTS: tuple[AttachmentSpec, ...] = (
    AttachmentSpec(
        owner="meeting",
        key="meeting.seed",
        name="منبع خبر.txt",
        note="منبع این صورتجلسه",
        text=(
            "گزارش خبری دیدار شهردار اصفهان با معاون کنسولی، امور مجلس و ایرانیان وزارت امور "
            "خارجه\nخبرگزاری ریاح، کد خبر ۴۴۰۲، ۱۶ بهمن ۱۳۹۹، ساعت ۱۳:۲۳\n"
            "منبع: اداره ارتباطات رسانه‌ای شهرداری اصفهان\n"
            "پیوند کوتاه: https://riahnews.ir/?p=4402\n"
        ),
    ),
    AttachmentSpec(
        owner="visit",
        key="visit.hyderabad",
        name="دعوت‌نامه هیئت حیدرآباد.txt",
        note=SAMPLE_NOTE,
        text=(
            "بسمه تعالی\nجناب آقای راوی اوداهاران\nمدیر محترم روابط بین‌الملل شهرداری بزرگ "
            "حیدرآباد\nبا سلام، شهرداری اصفهان مفتخر است از هیئت آن شهرداری برای سفر به "
            "اصفهان و امضای تفاهم‌نامه خواهرخواندگی دعوت کند.\n(" + SAMPLE_NOTE + ")\n"
        ),
    ),
)


# --------------------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------------------


class _Loader:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.today = today(clock)
        self.ids: dict[str, uuid.UUID] = {}

    # -- helpers ------------------------------------------------------------------------

    def day(self, offset: int, base: dt.date | None = None) -> dt.date:
        return (base or self.today) + dt.timedelta(days=offset)

    def at(self, day: dt.date, hour: int = 10) -> FixedClock:
        """A clock on ``day`` in Tehran, never later than the real 'now'."""
        moment = dt.datetime.combine(day, dt.time(hour), tzinfo=TEHRAN)
        return FixedClock(min(moment, self.clock.now()))

    def resolve(self, values: Mapping[str, Any], base: dt.date | None = None) -> Values:
        """Keys become ids (``*_id`` fields) and day offsets become dates."""
        out: Values = {}
        for name, value in values.items():
            if name.endswith("_id") and isinstance(value, str):
                out[name] = self.ids[value]
            elif name in _DATE_FIELDS and isinstance(value, int) and not isinstance(value, bool):
                out[name] = self.day(value, base)
            else:
                out[name] = value
        return out

    def ref(self, key: str | None) -> uuid.UUID | None:
        return self.ids[key] if key else None

    # -- directory, partnerships, visits: one transaction ------------------------------

    def directory(self) -> None:
        with self.db.session() as session:
            tables: tuple[tuple[type[SyncColumns], tuple[tuple[str, Values], ...]], ...] = (
                (Unit, UNITS),
                (Organization, ORGANIZATIONS),
                (Person, PEOPLE),
                (Partnership, PARTNERSHIPS),
            )
            for model, rows in tables:
                for key, values in rows:
                    obj = records.create(session, model, self.resolve(values), clock=self.clock)
                    self.ids[key] = obj.id
            for values in AGREEMENTS:
                records.create(session, Agreement, self.resolve(values), clock=self.clock)
            for spec in VISITS:
                self.visit(session, spec)

    def visit(self, session: Session, spec: VisitSpec) -> None:
        values = self.resolve(spec.values)
        visit = records.create(session, Visit, values, clock=self.clock)
        self.ids[spec.key] = visit.id
        arrival: dt.date = values["arrival"]
        for position, (person, side, role, is_head) in enumerate(spec.members, start=1):
            records.create(
                session,
                VisitMember,
                {
                    "visit_id": visit.id,
                    "person_id": self.ids[person],
                    "side": side,
                    "role": role,
                    "is_head": is_head,
                    "position": position,
                },
            )
        for item in spec.itinerary:
            records.create(
                session, ItineraryItem, {**self.resolve(item, arrival), "visit_id": visit.id}
            )
        for gift in spec.gifts:
            records.create(session, Gift, {**self.resolve(gift, arrival), "visit_id": visit.id})

    # -- meetings and their follow-ups -------------------------------------------------

    def meeting(self, spec: MeetingSpec) -> uuid.UUID:
        day = spec.day if isinstance(spec.day, dt.date) else self.day(spec.day)
        detail = meetings.record_meeting(
            self.db,
            {
                "title": spec.title,
                "date": day,
                "start_time": spec.start,
                "end_time": spec.end,
                "place": spec.place,
                "kind": spec.kind,
                "classification": spec.classification,
                "visit_id": self.ref(spec.visit),
                "organization_id": self.ref(spec.organization),
                "partnership_id": self.ref(spec.partnership),
                "summary": spec.summary,
            },
            participants=[
                {"person_id": self.ids[person], "side": side, "role": role}
                for person, side, role in spec.participants
            ],
            agenda=spec.agenda,
            statements=[(self.ids[speaker], text) for speaker, text in spec.statements],
            decisions=[
                {
                    "text": d.text,
                    "owner_person_id": self.ref(d.owner),
                    "owner_unit_id": self.ref(d.unit),
                    "due_date": self.day(d.due, day),
                }
                for d in spec.decisions
            ],
            clock=self.clock,
        )
        meeting_id = detail.meeting.id
        self.ids[spec.key] = meeting_id
        for decision, view in zip(spec.decisions, detail.decisions, strict=True):
            if decision.follow_up is not None:
                follow = decision.follow_up
                row = actions.action_from_decision(
                    self.db,
                    view.row.id,
                    {"title": follow.title, "priority": follow.priority},
                    clock=self.at(day, 14),
                )
                self.history(row.id, follow, day)
        if spec.final:
            meetings.finalize(self.db, meeting_id, clock=self.at(self.day(1, day), 9))
        return meeting_id

    def visit_action(self, spec: VisitAction) -> None:
        opened = self.day(spec.opened)
        follow = spec.follow_up
        row = actions.create_action(
            self.db,
            {
                "title": follow.title,
                "description": spec.description,
                "source_visit_id": self.ids[spec.visit],
                "owner_person_id": self.ids[spec.owner],
                "unit_id": self.ids[spec.unit],
                "due_date": self.day(spec.due),
                "priority": follow.priority,
            },
            clock=self.at(opened, 9),
        )
        self.history(row.id, follow, opened)

    def history(self, action_id: uuid.UUID, follow: FollowUp, start: dt.date) -> None:
        for step in follow.steps:
            when = self.at(self.day(step.offset, start), 11)
            if step.status is None:
                actions.add_note(self.db, action_id, step.text, clock=when)
            else:
                actions.change_status(self.db, action_id, step.status, step.text, clock=when)
        if follow.reschedule is not None:
            change = follow.reschedule
            with self.db.session() as session:
                records.update(session, Action, action_id, {"due_date": self.day(change.due)})
            actions.add_note(
                self.db, action_id, change.note, clock=self.at(self.day(change.noted), 11)
            )

    def attachment(self, spec: AttachmentSpec) -> None:
        attachments.attach(
            self.db,
            spec.owner,
            self.ids[spec.key],
            name=spec.name,
            data=spec.text.encode("utf-8"),
            note=spec.note,
        )

    # -- result -------------------------------------------------------------------------

    def summary(self) -> DemoSummary:
        kinds: dict[str, type[SyncColumns]] = {
            "units": Unit,
            "organizations": Organization,
            "people": Person,
            "partnerships": Partnership,
            "agreements": Agreement,
            "visits": Visit,
            "visit_members": VisitMember,
            "itinerary_items": ItineraryItem,
            "gifts": Gift,
            "meetings": Meeting,
            "participants": Participant,
            "agenda_items": AgendaItem,
            "statements": Statement,
            "decisions": Decision,
            "actions": Action,
            "action_notes": ActionNote,
            "attachments": Attachment,
        }
        counts: dict[str, int] = {}
        with self.db.reading() as session:
            for name, model in kinds.items():
                counts[name] = int(
                    session.exec(
                        select(func.count())
                        .select_from(model)
                        .where(col(model.deleted_at).is_(None))
                    ).one()
                )
        return DemoSummary(seed_meeting_id=self.ids[SEED_MEETING.key], **counts)


def load_demo(db: Database, *, clock: Clock = SYSTEM_CLOCK) -> DemoSummary:
    """Fill an empty database with the seed meeting and the fictional sample office.

    Refuses a database that already holds data (``db.not_empty``), before writing anything.
    Dates of the fictional records are relative to ``today(clock)``.
    """
    if not db.is_empty():
        raise PeyvandError("db.not_empty", path=str(db.path))
    loader = _Loader(db, clock)
    loader.directory()
    for spec in (SEED_MEETING, *MEETINGS):
        loader.meeting(spec)
    for action in VISIT_ACTIONS:
        loader.visit_action(action)
    for attachment in ATTACHMENTS:
        loader.attachment(attachment)
    return loader.summary()


__all__ = ["SEED_DATE", "SEED_TITLE", "DemoSummary", "load_demo"]
