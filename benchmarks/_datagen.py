"""Generator of large fake Peyvand databases for benchmarks (not for tests).

``generate(path, meetings=100_000, actions=500_000)`` creates a fresh database with
:meth:`Database.open` (so the schema is the real, migrated one), bulk-loads it with
SQLAlchemy Core ``executemany`` straight into the model tables, and then builds the
search index with :func:`search_index.rebuild_all` in one transaction.

The bulk load deliberately bypasses the ORM unit of work (no audit rows, no per-record
index refresh): going through it would take hours at this size. Values are written in
the storage format SQLAlchemy itself uses on SQLite, and :func:`check_orm_roundtrip`
reads a few rows back through the ORM to prove it.

Text is Persian, in the style of minutes: a few thousand distinct words with Zipf-like
frequencies, names of people, cities and organisations, numbers mostly in Persian
digits, and in a few percent of the meetings the word «خواهرخواندگی» / «خواهرخوانده» in
its usual spellings (joined, with a space, with ZWNJ, with an Arabic yeh). Every string
goes through :func:`normalize_input`, as the domain models do before storing.

Everything is deterministic for a given ``seed`` and size.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from peyvand.domain.numbering import format_number
from peyvand.storage import search_index
from peyvand.storage.database import Database
from peyvand.text import jalali_year, normalize_input, sort_key, to_persian_digits

__all__ = [
    "HOME_CITY",
    "RARE_PERSON",
    "GenerationStats",
    "check_orm_roundtrip",
    "drop_stale_fts_stats",
    "generate",
]

ZWNJ = "\u200c"


def _words(block: str) -> list[str]:
    """Split a whitespace-separated word list; ``+`` stands for a ZWNJ inside a word."""
    return [w.replace("+", ZWNJ) for w in block.split()]


# --------------------------------------------------------------------------- lexicon
# Lists are in rough order of frequency: the first items are drawn most often.

NOUNS = _words("""
همکاری توسعه برنامه پروژه شهر گزارش موضوع طرح زمینه حوزه پیشنهاد سرمایه+گذاری گردشگری
هیئت مدیریت سفر بازدید نشست فرهنگ آموزش تجارت اقتصاد فناوری دانشگاه حمل+ونقل
محیط+زیست انرژی آب پسماند ترافیک سلامت ورزش میراث هنر نمایشگاه جشنواره همایش شبکه
زیرساخت مسکن شهرسازی معماری نوسازی بازیافت آلودگی هوا بحران ایمنی مترو اتوبوس
فرودگاه بندر پارک بوستان موزه کتابخانه بیمارستان درمان صادرات واردات صنعت معدن
کشاورزی بازار قرارداد تفاهم+نامه پیمان توافق مذاکره دعوت+نامه سفارت کنسولگری اتاق+بازرگانی
شورا کمیته کارگروه دبیرخانه اداره واحد بودجه اعتبار هزینه درآمد منابع سهم مشارکت
ظرفیت امکانات خدمات نیاز اولویت راهبرد سیاست قانون مقررات آیین+نامه دستورالعمل
ضوابط مجوز پروانه ارزیابی نظارت پایش پیگیری هماهنگی اطلاع+رسانی رسانه تبلیغات
برند تصویر جایگاه روابط ارتباط تعامل گفت+وگو دیپلماسی صلح دوستی اعتماد فرصت تهدید
چالش مشکل راهکار تجربه دانش مهارت نیروی+انسانی کارشناس متخصص دانشجو استاد پژوهش
مطالعه نقشه سند چشم+انداز هدف شاخص آمار داده سامانه نرم+افزار دیجیتال هوشمندسازی
نوآوری کارآفرینی استارتاپ شرکت کارخانه محصول کالا خدمت بسته سفارش تحویل لجستیک
گمرک ویزا روادید اقامت هتل اقامتگاه رستوران غذا صنایع+دستی فرش سفال کاشی مینیاتور
خوشنویسی موسیقی سینما تئاتر عکاسی کتاب نشر ترجمه زبان آموزشگاه مدرسه کودک نوجوان
جوان زنان سالمند معلولان شهروند جامعه محله منطقه ناحیه خیابان میدان پل تونل بزرگراه
دوچرخه پیاده+راه پارکینگ تاکسی قطار ریل ایستگاه پایانه روشنایی فاضلاب سیلاب زلزله
آتش+نشانی اورژانس امداد بهداشت واکسن دارو تجهیزات ماشین+آلات فناوری+اطلاعات ارتباطات
مخابرات اینترنت داده+کاوی امنیت حریم حقوق قضا داوری اختلاف شکایت رضایت کیفیت استاندارد
گواهی+نامه جایزه مسابقه المپیاد اردو بورسیه کارگاه دوره سمینار وبینار کنفرانس اجلاس
مجمع اتحادیه سازمان نهاد انجمن بنیاد صندوق بانک اعتبارات وام تسهیلات یارانه مالیات
عوارض تعرفه نرخ قیمت ارز ریال دلار یورو سکه طلا نفت گاز پتروشیمی فولاد سیمان خودرو
قطعات نساجی پوشاک چرم کفش لوازم+خانگی مبلمان دارویی غذایی لبنیات خشکبار زعفران پسته
خرما میوه سبزی گل گیاه باغ جنگل کوه رود دریا دریاچه ساحل جزیره بیابان کویر اقلیم
""")

# Rarer content words: drawn seldom, so that some queries have a mid or low frequency.
RARE_NOUNS = _words("""
آبخیزداری آبرسانی آرشیو آزمایشگاه آسانسور آمبولانس اتوبوس+برقی اسکله انبارداری انتشارات
انیمیشن باستان+شناسی بالگرد بذر بیمه پارکبان پرستار پلاک پناهگاه پهپاد تراموا تصفیه+خانه
تلکابین تندیس جدول+گذاری چاپخانه حمام خطاطی خیریه دامپزشکی دندانپزشکی رصدخانه زباله+سوز
زورخانه ساعت+شهری سالن+همایش سردخانه سرسرا شهربازی صخره+نوردی ضایعات طراحی+صنعتی
عصاری غواصی فانوس قنات کاروانسرا کبوترخانه گلخانه گورستان مترونوم مخزن مرمت نانوایی
نقاره+خانه نگارخانه هنرستان یخچال+طبیعی باغ+وحش بادگیر آب+انبار تیمچه چهارسو سرای
خانقاه بقعه منار گنبد ایوان سنگفرش آبنما فواره کتیبه سفالینه گلیم جاجیم قلمکار ترمه
ملیله منبت خاتم میناکاری قلمزنی زیلو گیوه نمد چاقوسازی شیشه+گری
""")

ADJECTIVES = _words("""
مشترک بین+المللی فرهنگی اقتصادی شهری جدید علمی تجاری گردشگری دوجانبه ویژه مهم لازم
هوشمند پایدار ملی منطقه+ای فنی تخصصی عمومی آموزشی ورزشی هنری زیست+محیطی عمرانی
اجتماعی تاریخی سنتی مدرن دیجیتال سبز پاک کوتاه+مدت بلندمدت میان+مدت سالانه فصلی
ماهانه نهایی اولیه مقدماتی تکمیلی جامع کلان خرد محلی خارجی داخلی رسمی غیررسمی
دولتی خصوصی مردمی دانشگاهی پژوهشی صنعتی کشاورزی فرامرزی راهبردی عملیاتی اجرایی
حقوقی مالی اداری انسانی طبیعی گسترده محدود مستمر موقت دائمی فوری اساسی جزئی کامل
موفق مثبت مؤثر مناسب کافی بیشتر کمتر بهتر سریع آرام ایمن سالم زیبا بزرگ کوچک
""")

VERBS = _words("""
شد گردید است بود می+شود خواهد+شد انجام+شد بررسی+شد تصویب+شد ارائه+شد مطرح+شد
تأکید+شد پیگیری+شود انجام+گیرد قرار+گرفت اعلام+گردید پیشنهاد+شد موافقت+شد تشکیل+شود
برگزار+شد برگزار+خواهد+شد تدوین+شود ابلاغ+گردد اجرا+شود آغاز+شد ادامه+یابد
تقویت+شود فراهم+شود ارسال+گردد تهیه+شود مکاتبه+شود اطلاع+داده+شد هماهنگ+گردد
در+دستور+کار+قرار+گرفت مورد+استقبال+قرار+گرفت به+تصویب+رسید به+امضا+رسید
""")

PREPOSITIONS = _words("""
در با از به برای درباره ضمن طی پیرو جهت در+زمینه در+حوزه در+راستای به+منظور
با+هدف بر+اساس از+طریق با+همکاری با+حضور
""")

HOME_CITY = "اصفهان"

IRAN_CITIES = _words("""
تهران مشهد شیراز تبریز یزد کرمان رشت کیش قزوین همدان کرمانشاه اهواز ارومیه زاهدان
ساری گرگان سنندج بوشهر بندرعباس اراک قم کاشان اردبیل زنجان خرم+آباد بیرجند سمنان
ایلام یاسوج شهرکرد بجنورد نیشابور سبزوار دزفول آبادان مراغه خوی چابهار
""")

# (city, country) of partner and visiting cities.
FOREIGN_CITIES: list[tuple[str, str]] = [
    (c, k)
    for k, cities in (
        ("ترکیه", "استانبول آنکارا ازمیر قونیه بورسا ترابزون"),
        ("ارمنستان", "ایروان گیومری"),
        ("تاجیکستان", "دوشنبه خجند"),
        ("روسیه", "مسکو سن+پترزبورگ کازان آستراخان"),
        ("آذربایجان", "باکو گنجه"),
        ("گرجستان", "تفلیس باتومی"),
        ("چین", "پکن شانگهای گوانگژو شیان چنگدو"),
        ("ژاپن", "کیوتو یوکوهاما اوساکا"),
        ("کره+جنوبی", "سئول بوسان"),
        ("مالزی", "کوالالامپور پنانگ"),
        ("تایلند", "بانکوک"),
        ("هند", "دهلی+نو بمبئی حیدرآباد"),
        ("پاکستان", "لاهور کراچی"),
        ("افغانستان", "کابل هرات"),
        ("قطر", "دوحه"),
        ("عمان", "مسقط"),
        ("لبنان", "بیروت"),
        ("سوریه", "دمشق حلب"),
        ("عراق", "بغداد نجف کربلا"),
        ("ایتالیا", "فلورانس ونیز رم میلان"),
        ("اسپانیا", "بارسلونا مادرید سویل"),
        ("فرانسه", "پاریس لیون"),
        ("اتریش", "وین"),
        ("آلمان", "برلین مونیخ هامبورگ"),
        ("مجارستان", "بوداپست"),
        ("صربستان", "بلگراد"),
        ("ازبکستان", "سمرقند بخارا تاشکند"),
        ("قزاقستان", "آلماتی"),
        ("کوبا", "هاوانا"),
        ("ونزوئلا", "کاراکاس"),
        ("برزیل", "ریودوژانیرو"),
    )
    for c in _words(cities)
]
FOREIGN_CITIES = [(c, k.replace("+", ZWNJ)) for c, k in FOREIGN_CITIES]

MALE_NAMES = _words("""
علی محمد حسین رضا مهدی امیر سعید حمید مجید مسعود فرهاد بهرام کامران داریوش سیاوش
پرویز منصور ناصر جواد عباس مرتضی مصطفی احمد یوسف هادی وحید بابک آرش کوروش بهروز
فریدون هوشنگ ایرج منوچهر جمشید اکبر اصغر محسن حامد نوید پیمان شهرام کیوان رامین
""")
FEMALE_NAMES = _words("""
زهرا فاطمه مریم سارا نرگس لیلا مینا شیرین نازنین پریسا الهام فرزانه سمیه مهسا نیلوفر
آزاده مهناز شهره رویا سیمین پروین منیژه گلناز ساناز بهاره ترانه هانیه زینب معصومه
""")
SURNAMES = _words("""
محمدی احمدی حسینی رضایی کریمی موسوی جعفری صادقی رحیمی کاظمی عباسی حیدری نوری قاسمی
ملکی یزدانی شریفی طاهری اکبری نجفی هاشمی باقری صالحی امینی زمانی فرهادی سلطانی
نظری رستمی مرادی کرمانی اصفهانی شیرازی تهرانی ابراهیمی یوسفی قربانی عزیزی بهرامی
طالبی مختاری خسروی جلالی کمالی جمالی فاضلی منصوری نیکخواه پورمحمدی علیزاده حسن+زاده
رحمانی سبحانی توکلی افشار مشایخی دهقان کشاورز آهنگر نجار بزرگمهر فروتن روشن شکیبا
""")
FOREIGN_FIRST = _words("""
یوهان آنا هیروشی ماریا لی اوزگور ایوان النا جووانی لوکا پیر سوفیا کارلوس آیگول
آرمن گئورگی رستم تیمور آکیرا مین+جون فاطیما احمت اولگا ماتئو
""")
FOREIGN_LAST = _words("""
مولر پتروا تاناکا گارسیا وی ییلماز ایوانف روسی بیانکی دوبوا کیم پارک آغایف
سارکیسیان بردیف اوستروفسکی ناکامورا لوپز شمیت فیشر کایا دمیر چن وانگ
""")
# The one person whose surname appears in no other list: the "rare name" of the benchmark.
RARE_PERSON = ("کاوه", "شهبازیان")

ROLES = _words("""
شهردار معاون+شهردار مدیرکل+روابط+بین+الملل رئیس+شورای+شهر عضو+شورای+شهر سفیر سرکنسول
رایزن+فرهنگی رایزن+بازرگانی رئیس+اتاق+بازرگانی استاندار معاون+استاندار رئیس+دانشگاه
مدیرعامل دبیر+کمیته کارشناس+ارشد مشاور+شهردار مدیر+پروژه شهردار+منطقه نماینده+مجلس
""")

PLACES = [
    "سالن جلسات شورای اسلامی شهر",
    "دفتر شهردار",
    "ساختمان مرکزی شهرداری، طبقه سوم",
    "اداره کل روابط بین‌الملل",
    "تالار وحدت",
    "هتل عباسی",
    "سالن همایش‌های بین‌المللی",
    "برخط (ویدئوکنفرانس)",
    "اتاق بازرگانی استان",
    "کاخ چهلستون",
    "دانشگاه اصفهان",
    "محل سفارت",
]

UNITS = [
    "اداره کل روابط بین‌الملل",
    "دفتر همکاری‌های اقتصادی",
    "دفتر شهرهای خواهرخوانده",
    "واحد تشریفات",
    "اداره امور فرهنگی",
    "دفتر سرمایه‌گذاری خارجی",
    "واحد ترجمه",
    "اداره گردشگری",
    "دبیرخانه کمیته دیپلماسی شهری",
    "واحد رسانه و اطلاع‌رسانی",
    "اداره حقوقی",
    "دفتر برنامه‌ریزی",
]

SISTER_NOUN = [  # «sister-cityhood»: joined, spaced, ZWNJ, Arabic yeh (normalized on storage)
    "خواهرخواندگی", "خواهرخواندگی", "خواهر خواندگی", f"خواهر{ZWNJ}خواندگی", "خواهرخواندگي",
]
SISTER_ADJ = [  # «sister (city)»
    "خواهرخوانده", "خواهرخوانده", "خواهر خوانده", f"خواهر{ZWNJ}خوانده", "خواهر خوانده",
]

STATEMENT_TEMPLATES = [
    "{per} با اشاره به {n} {a} در {fc} گفت {n} {n} {a} {v}",
    "{role} بر ضرورت {n} {n} {a} و {n} {a} تأکید کرد",
    "در ادامه گزارشی از {n} {n} در سال {year} ارائه شد و {n} {a} {v}",
    "میزان {n} {n} در {ic} حدود {pct} درصد {v}",
    "برای {n} {a} مبلغ {amount} میلیارد ریال پیش‌بینی شده است",
    "{per} پیشنهاد کرد {n} {a} {p} {n} {n} {fc} {v}",
    "هیئت {fc} به ریاست {per} از {n} {a} {home} بازدید کرد",
    "طرفین درباره {n} {n} و {n} {a} گفت‌وگو کردند",
    "{n} {a} {p} {n} {a} {v} و {n} {n} نیز {v}",
    "{p} {n} {n} {a} {p} {n} {rare} {v}",
    "{per} از {n} {a} {fc} در {n} {n} قدردانی کرد",
    "تعداد {count} نفر از {n} {fc} در {n} {a} شرکت کردند",
    "به گفته {per} {n} {n} {a} از سال {year} {v}",
    "{n} {rare} و {n} {a} {p} {n} {v}",
    "گزارش جلسه قبلی خوانده شد و {n} {n} {v}",
]
DECISION_TEMPLATES = [
    "مقرر شد {unit} نسبت به {n} {n} {a} تا تاریخ {date} اقدام کند",
    "{n} {n} {a} با همکاری {org} {v}",
    "مسئولیت پیگیری {n} {n} به {per} سپرده شد",
    "گزارش {n} {n} {a} در جلسه بعد ارائه شود",
    "مقرر شد مکاتبه با {org} درباره {n} {a} انجام شود",
    "اعتبار {amount} میلیارد ریال برای {n} {n} {rare} در نظر گرفته شد",
]
AGENDA_TEMPLATES = [
    "بررسی {n} {n} {a}",
    "گزارش {n} {n}",
    "برنامه‌ریزی {n} {a} با {fc}",
    "پیشنهاد {n} {n} {rare}",
]
TITLE_TEMPLATES = [
    "دیدار با هیئت {fc}",
    "نشست بررسی {n} {n} {a}",
    "جلسه کمیته {n} {a}",
    "نشست مشترک با {org}",
    "دیدار {role} {fc}",
    "نشست هماهنگی {n} {n}",
    "جلسه کارگروه {n} {a} {home} و {fc}",
]
SUMMARY_TEMPLATES = [
    "این جلسه با حضور {per} و هیئت همراه برگزار شد و {n} {n} {a} {v}",
    "در این نشست {n} {n} {a} و {n} {a} بررسی شد",
    "هدف از این جلسه {n} {n} {a} میان {home} و {fc} بود",
]
SISTER_TEMPLATES = [
    "پیشنهاد انعقاد پیمان {ss} میان {home} و {fc} مطرح شد",
    "{fc} به عنوان شهر {sa} {home} در {n} {a} پیشگام است",
    "در چارچوب تفاهم‌نامه {ss} {home} و {fc} برنامه {n} {a} تدوین شد",
    "سالگرد {ss} دو شهر با برگزاری {n} {a} گرامی داشته شد",
    "هیئتی از شهر {sa} {fc} برای {n} {n} به {home} سفر می‌کند",
]
ACTION_TITLE_TEMPLATES = [
    "پیگیری {n} {n} {a}",
    "تهیه گزارش {n} {n}",
    "مکاتبه با {org} درباره {n}",
    "هماهنگی {n} {a} با {fc}",
    "ارسال {n} {rare} به {unit}",
]
NOTE_TEMPLATES = [
    "مکاتبه انجام شد و پاسخ {org} در انتظار است",
    "{n} {n} {v}",
    "جلسه هماهنگی با {per} برگزار شد",
    "پیش‌نویس {n} {a} تهیه و ارسال شد",
]

_SLOT_RE = re.compile(r"\{(\w+)\}")


# --------------------------------------------------------------------------- text


class _Zipf:
    """Draws from ``items`` with probability ∝ 1 / (rank + offset)^s."""

    def __init__(self, rng: random.Random, items: Sequence[str], s: float = 1.0,
                 offset: float = 2.0) -> None:
        self._rng = rng
        self._items = list(items)
        self._cum = list(itertools.accumulate(1.0 / (r + offset) ** s for r in range(len(items))))

    def __call__(self) -> str:
        return self._rng.choices(self._items, cum_weights=self._cum)[0]


@dataclass
class _People:
    """Names used in the text; drawn Zipf-like so some people are mentioned very often."""

    names: list[str]
    ids: list[str]
    pick: Callable[[], int]


class _TextMaker:
    def __init__(self, rng: random.Random, people: _People, orgs: list[str]) -> None:
        self.rng = rng
        self.people = people
        # Offsets flatten the head: the commonest noun is in about half the meetings,
        # not in all of them.
        self.noun = _Zipf(rng, NOUNS, offset=12.0)
        self.rare = _Zipf(rng, RARE_NOUNS, s=0.6)
        self.adj = _Zipf(rng, ADJECTIVES, offset=6.0)
        self.verb = _Zipf(rng, VERBS, offset=4.0)
        self.prep = _Zipf(rng, PREPOSITIONS)
        self.icity = _Zipf(rng, IRAN_CITIES)
        self.fcity_index = _Zipf(rng, [str(i) for i in range(len(FOREIGN_CITIES))], s=0.9)
        self.role = _Zipf(rng, ROLES)
        self.org = _Zipf(rng, orgs, s=0.9)
        self.jyear = 1400
        self.fillers: dict[str, Callable[[], str]] = {
            "n": self._noun,
            "a": self.adj,
            "v": self.verb,
            "p": self.prep,
            "rare": self.rare,
            "ic": self.icity,
            "fc": lambda: FOREIGN_CITIES[int(self.fcity_index())][0],
            "per": self._person,
            "role": self.role,
            "org": self.org,
            "unit": lambda: self.rng.choice(UNITS),
            "home": lambda: HOME_CITY,
            "year": lambda: self._digits(str(self.jyear - self.rng.randint(0, 3))),
            "date": self._date,
            "pct": lambda: self._digits(str(self.rng.randint(2, 95))),
            "amount": lambda: self._digits(str(self.rng.choice((5, 12, 50, 120, 250, 800)))),
            "count": lambda: self._digits(str(self.rng.randint(3, 60))),
            "ss": lambda: self.rng.choice(SISTER_NOUN),
            "sa": lambda: self.rng.choice(SISTER_ADJ),
        }

    def _noun(self) -> str:
        word = self.noun()
        # Attached plural (no ZWNJ) makes a distinct search token, as typists often write it.
        if not word.endswith(("ه", "ی")) and ZWNJ not in word and self.rng.random() < 0.15:
            return word + "ها"
        return word

    def _person(self) -> str:
        return self.people.names[self.people.pick()]

    def _digits(self, s: str) -> str:
        r = self.rng.random()
        if r < 0.85:
            return to_persian_digits(s)
        if r < 0.95:
            return s
        return s.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    def _date(self) -> str:
        return self._digits(
            f"{self.jyear}/{self.rng.randint(1, 12):02d}/{self.rng.randint(1, 29):02d}"
        )

    def fill(self, template: str) -> str:
        return _SLOT_RE.sub(lambda m: self.fillers[m.group(1)](), template)

    def sentence(self, templates: Sequence[str]) -> str:
        return self.fill(self.rng.choice(templates))

    def paragraph(self, templates: Sequence[str], low: int, high: int) -> str:
        return "، ".join(self.sentence(templates) for _ in range(self.rng.randint(low, high))) + "."


# --------------------------------------------------------------------------- rows


def _new_id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _ts(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _sync(rng: random.Random, created: dt.datetime) -> dict[str, Any]:
    return {
        "id": _new_id(rng),
        "created_at": _ts(created),
        "updated_at": _ts(created),
        "revision": 1,
        "deleted_at": None,
    }


class _Inserter:
    """executemany into one model table, with the column list checked against the model."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.columns = SQLModel.metadata.tables[table].columns
        # Rows go in behind the unit of work's back: the sort keys it would keep are
        # computed here (column "<field>_sort" holds sort_key(<field>)).
        self.sort_keys = {
            c.name: c.name.removesuffix("_sort") for c in self.columns if c.name.endswith("_sort")
        }
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        for key, source in self.sort_keys.items():
            row[key] = sort_key(row.get(source) or "")
        self.rows.append(row)

    def flush(self, conn: Connection) -> None:
        if not self.rows:
            return
        names = list(self.rows[0])
        known = {c.name for c in self.columns}
        required = {c.name for c in self.columns if not c.nullable and c.server_default is None}
        if set(names) - known or required - set(names):
            raise RuntimeError(
                f"{self.table}: unknown {sorted(set(names) - known)}, "
                f"missing {sorted(required - set(names))}"
            )
        sql = (f"INSERT INTO {self.table} ({', '.join(names)}) "
               f"VALUES ({', '.join('?' for _ in names)})")
        conn.exec_driver_sql(sql, [tuple(r[n] for n in names) for r in self.rows])
        self.count += len(self.rows)
        self.rows.clear()


@dataclass
class GenerationStats:
    path: str
    seed: int
    rows: dict[str, int] = field(default_factory=dict)
    search_docs: int = 0
    seconds_data: float = 0.0
    seconds_index: float = 0.0
    db_bytes: int = 0
    load_average: list[float] = field(default_factory=list)  # 1-min, after each phase
    stale_fts_stats_dropped: int = 0  # see drop_stale_fts_stats

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Meetings span ten Jalali years, 1394-12 .. 1404-12.
_FIRST_DAY = dt.date(2016, 3, 1)
_LAST_DAY = dt.date(2026, 3, 1)


def _spread_dates(rng: random.Random, n: int) -> Iterator[dt.date]:
    """``n`` dates in chronological order over the span, with a little jitter."""
    span = (_LAST_DAY - _FIRST_DAY).days
    previous = _FIRST_DAY
    for i in range(n):
        day = _FIRST_DAY + dt.timedelta(days=int(span * i / max(n, 1)) + rng.randint(0, 2))
        previous = max(previous, min(day, _LAST_DAY))
        yield previous


def _build_directory(
    conn: Connection, rng: random.Random, created: dt.datetime, persons: int
) -> tuple[_People, list[str], list[str], list[str], list[str]]:
    """Units, organisations, people and partnerships; returns what later rows refer to."""
    ins = {t: _Inserter(t) for t in ("unit", "organization", "person", "partnership")}
    unit_ids = []
    for i, name in enumerate(UNITS):
        row = _sync(rng, created) | {"name": name, "name_en": "", "code": f"U{i + 1:02d}",
                                      "notes": ""}
        ins["unit"].add(row)
        unit_ids.append(row["id"])

    org_names: list[str] = []
    org_ids: list[str] = []
    for city, country in FOREIGN_CITIES:
        for kind, label in (("municipality", f"شهرداری {city}"),
                            ("university", f"دانشگاه {city}"),
                            ("chamber", f"اتاق بازرگانی {city}")):
            row = _sync(rng, created) | {
                "name": label, "name_en": "", "kind": kind, "country": country, "city": city,
                "city_en": "", "website": "", "notes": "",
            }
            ins["organization"].add(row)
            org_names.append(label)
            org_ids.append(row["id"])
    for country in sorted({k for _, k in FOREIGN_CITIES}):
        label = f"سفارت {country} در تهران"
        row = _sync(rng, created) | {
            "name": label, "name_en": "", "kind": "embassy", "country": country,
            "city": "تهران", "city_en": "Tehran", "website": "", "notes": "",
        }
        ins["organization"].add(row)
        org_names.append(label)
        org_ids.append(row["id"])

    names: list[str] = []
    ids: list[str] = []
    for i in range(persons):
        foreign = i % 4 == 3
        if foreign:
            first, last = rng.choice(FOREIGN_FIRST), rng.choice(FOREIGN_LAST)
            honorific = rng.choice(("آقای", "خانم"))
            city, country = rng.choice(FOREIGN_CITIES)
        else:
            female = rng.random() < 0.35
            first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            last = rng.choice(SURNAMES)
            honorific = "خانم" if female else "آقای"
            city, country = (HOME_CITY if rng.random() < 0.7 else rng.choice(IRAN_CITIES)), "ایران"
        if i == persons // 2:
            first, last, honorific, city, country = (*RARE_PERSON, "آقای", HOME_CITY, "ایران")
        row = _sync(rng, created) | {
            "name": f"{first} {last}", "name_latin": "", "honorific": honorific,
            "title": rng.choice(ROLES), "title_en": "",
            "organization_id": rng.choice(org_ids) if foreign else None,
            "unit_id": rng.choice(unit_ids) if not foreign and rng.random() < 0.3 else None,
            "country": country, "city": city, "phone": "", "email": "", "languages": "",
            "protocol_notes": "", "tags": json.dumps([], ensure_ascii=False),
        }
        ins["person"].add(row)
        if (first, last) != RARE_PERSON:  # the rare person is only mentioned on purpose
            names.append(f"{honorific} {first} {last}")
            ids.append(row["id"])

    partnership_ids = []
    for city, country in FOREIGN_CITIES[: max(1, len(FOREIGN_CITIES) // 2)]:
        row = _sync(rng, created) | {
            "partner_city": city, "partner_city_en": "", "partner_country": country,
            "organization_id": None, "kind": rng.choice(("sister_city", "sister_city", "mou")),
            "status": "active", "ordinal": None, "since": None, "notes": "",
        }
        ins["partnership"].add(row)
        partnership_ids.append(row["id"])

    for inserter in ins.values():
        inserter.flush(conn)
    cum = list(itertools.accumulate(1.0 / (r + 3) for r in range(len(ids))))
    population = range(len(ids))

    def pick() -> int:
        return rng.choices(population, cum_weights=cum)[0]

    return _People(names, ids, pick), org_names, org_ids, unit_ids, partnership_ids


def _n(s: str) -> str:
    return normalize_input(s)


class _Loader:
    """Writes meetings and actions with their children, chunk by chunk."""

    def __init__(self, db: Database, rng: random.Random, people: _People,
                 writer: _TextMaker, refs: dict[str, list[str]]) -> None:
        self.db = db
        self.rng = rng
        self.people = people
        self.writer = writer
        self.refs = refs  # "org", "unit", "partnership" ids
        self.decisions: list[str] = []
        self.counters: dict[tuple[str, int], int] = {}
        self.ins = {t: _Inserter(t) for t in (
            "meeting", "participant", "agenda_item", "statement", "decision", "action",
            "action_note",
        )}

    def number(self, kind: str, day: dt.date) -> str:
        year = jalali_year(day)
        self.counters[kind, year] = self.counters.get((kind, year), 0) + 1
        return format_number(year, self.counters[kind, year])

    def flush(self) -> None:
        with self.db.engine.begin() as conn:
            for inserter in self.ins.values():
                inserter.flush(conn)

    def _minutes(self, sister: bool, rare: bool) -> tuple[str, list[str], list[str]]:
        rng, writer = self.rng, self.writer
        statements = [writer.paragraph(STATEMENT_TEMPLATES, 1, 3)
                      for _ in range(rng.randint(3, 6))]
        decisions = [writer.paragraph(DECISION_TEMPLATES, 1, 2)
                     for _ in range(rng.randint(1, 3))]
        title = writer.sentence(TITLE_TEMPLATES)
        if sister:
            where = rng.randrange(3)
            line = writer.sentence(SISTER_TEMPLATES)
            if where == 0:
                title = rng.choice(("نشست ", "جلسه ")) + writer.fill("{ss} {home} و {fc}")
            elif where == 1:
                statements[rng.randrange(len(statements))] += f" {line}."
            else:
                decisions[rng.randrange(len(decisions))] += f" {line}."
        if rare:
            name = f"آقای {RARE_PERSON[0]} {RARE_PERSON[1]}"
            statements[0] = f"{name} {writer.fill('در خصوص {n} {n} {a} گزارش داد')}."
        return title, statements, decisions

    def meeting(self, day: dt.date, sister_share: float, rare: bool) -> None:
        rng, writer, people = self.rng, self.writer, self.people
        writer.jyear = jalali_year(day)
        stamp = dt.datetime.combine(day, dt.time(8, 0)) + dt.timedelta(
            minutes=rng.randint(0, 600), microseconds=rng.randint(0, 999_999))
        sister = rng.random() < sister_share
        title, statements, decisions = self._minutes(sister, rare)
        final = day < _LAST_DAY - dt.timedelta(days=60)
        meeting = _sync(rng, stamp) | {
            "number": self.number("meeting", day), "number_provisional": 0,
            "is_final": int(final),
            "finalized_at": _ts(stamp + dt.timedelta(days=2)) if final else None,
            "finalized_by": "dabir" if final else "",
            "title": _n(title), "date": day.isoformat(),
            "start_time": "09:00:00.000000", "end_time": "11:00:00.000000",
            "place": rng.choice(PLACES),
            "kind": rng.choices(("official", "working", "courtesy", "online", "other"),
                                (5, 4, 2, 1, 1))[0],
            "classification": rng.choices(("normal", "restricted", "confidential"),
                                          (90, 8, 2))[0],
            "visit_id": None,
            "organization_id": rng.choice(self.refs["org"]) if rng.random() < 0.5 else None,
            "partnership_id": rng.choice(self.refs["partnership"]) if sister else None,
            "summary": _n(writer.paragraph(SUMMARY_TEMPLATES, 1, 2)),
        }
        self.ins["meeting"].add(meeting)
        mid = meeting["id"]
        for pos in range(rng.randint(2, 6)):
            self.ins["participant"].add(_sync(rng, stamp) | {
                "meeting_id": mid, "person_id": people.ids[people.pick()],
                "side": "host" if pos % 2 == 0 else "guest",
                "role": "chair" if pos == 0 else "member", "attendance": "present",
                "position": pos + 1,
            })
        for pos in range(rng.randint(0, 3)):
            self.ins["agenda_item"].add(_sync(rng, stamp) | {
                "meeting_id": mid, "position": pos + 1,
                "text": _n(writer.sentence(AGENDA_TEMPLATES)),
            })
        for pos, body in enumerate(statements):
            self.ins["statement"].add(_sync(rng, stamp) | {
                "meeting_id": mid, "speaker_id": people.ids[people.pick()],
                "position": pos + 1, "text": _n(body),
            })
        for pos, body in enumerate(decisions):
            row = _sync(rng, stamp) | {
                "meeting_id": mid, "number": pos + 1, "text": _n(body),
                "owner_person_id": people.ids[people.pick()] if rng.random() < 0.6 else None,
                "owner_unit_id": rng.choice(self.refs["unit"]) if rng.random() < 0.4 else None,
                "due_date": (day + dt.timedelta(days=rng.randint(7, 120))).isoformat(),
            }
            self.ins["decision"].add(row)
            self.decisions.append(row["id"])

    def action(self, day: dt.date) -> None:
        rng, writer, people = self.rng, self.writer, self.people
        writer.jyear = jalali_year(day)
        stamp = dt.datetime.combine(day, dt.time(10, 0)) + dt.timedelta(
            seconds=rng.randint(0, 30_000))
        source = rng.choice(self.decisions) if self.decisions and rng.random() < 0.8 else None
        status = rng.choices(("open", "in_progress", "done", "cancelled"), (3, 3, 5, 1))[0]
        action = _sync(rng, stamp) | {
            "number": self.number("action", day), "number_provisional": 0,
            "status": status,
            "completed_on": (day + dt.timedelta(days=rng.randint(1, 90))).isoformat()
            if status == "done" else None,
            "title": _n(writer.sentence(ACTION_TITLE_TEMPLATES)),
            "description": _n(writer.paragraph(STATEMENT_TEMPLATES, 1, 2)),
            "source_decision_id": source, "source_visit_id": None,
            "owner_person_id": people.ids[people.pick()] if rng.random() < 0.7 else None,
            "unit_id": rng.choice(self.refs["unit"]) if rng.random() < 0.7 else None,
            "due_date": (day + dt.timedelta(days=rng.randint(7, 180))).isoformat(),
            "priority": rng.choices(("low", "normal", "high", "urgent"), (2, 6, 3, 1))[0],
        }
        self.ins["action"].add(action)
        for k in range(rng.randint(0, 2)):
            noted = stamp + dt.timedelta(days=k + 1)
            self.ins["action_note"].add(_sync(rng, noted) | {
                "action_id": action["id"], "noted_at": _ts(noted), "author": "dabir",
                "text": _n(writer.sentence(NOTE_TEMPLATES)),
                "status_from": None, "status_to": None,
            })

    def finish(self) -> None:
        self.flush()
        with self.db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO number_counter (kind, year, last) VALUES (?, ?, ?)",
                [(kind, year, last) for (kind, year), last in sorted(self.counters.items())],
            )


def generate(
    db_path: Path | str,
    *,
    meetings: int = 100_000,
    actions: int = 0,
    persons: int = 3_000,
    seed: int = 1403,
    sister_share: float = 0.04,
    index: bool = True,
    chunk: int = 5_000,
    progress: Callable[[str], None] | None = None,
) -> GenerationStats:
    """Create ``db_path`` (must not exist) and fill it with fake records.

    ``actions`` follow-up actions (each with 0-2 progress notes) are created after the
    meetings; most come from a random decision. ``index=False`` skips the search index
    (``rebuild_all``) for benchmarks that do not need it.
    """
    path = Path(db_path)
    if path.exists():
        raise FileExistsError(path)
    say = progress or (lambda _msg: None)
    rng = random.Random(seed)
    stats = GenerationStats(path=str(path), seed=seed)
    db = Database.open(path)
    t0 = time.perf_counter()
    try:
        with db.engine.begin() as conn:
            people, org_names, org_ids, unit_ids, partnership_ids = _build_directory(
                conn, rng, dt.datetime(2016, 3, 1, 6, 0, 0), persons
            )
        loader = _Loader(db, rng, people, _TextMaker(rng, people, org_names),
                         {"org": org_ids, "unit": unit_ids, "partnership": partnership_ids})
        rare_period = max(1, min(10_000, meetings // 5))
        for i, day in enumerate(_spread_dates(rng, meetings)):
            loader.meeting(day, sister_share, i % rare_period == rare_period // 2)
            if (i + 1) % chunk == 0:
                loader.flush()
                say(f"meetings {i + 1:,}/{meetings:,}  {time.perf_counter() - t0:.0f}s")
        loader.flush()
        for j, day in enumerate(list(_spread_dates(rng, actions)) if actions else []):
            loader.action(day)
            if (j + 1) % (chunk * 5) == 0:
                loader.flush()
                say(f"actions {j + 1:,}/{actions:,}  {time.perf_counter() - t0:.0f}s")
        loader.finish()
        stats.seconds_data = time.perf_counter() - t0
        stats.load_average.append(os.getloadavg()[0])
        with db.engine.connect() as conn:
            for table in ("unit", "organization", "person", "partnership", *loader.ins):
                stats.rows[table] = int(
                    conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        say(f"data loaded in {stats.seconds_data:.1f}s: {stats.rows}")
        _index_and_analyze(db, stats, index=index, say=say)
        check_orm_roundtrip(db)
    finally:
        db.close()
    # Fold the WAL into the main file so that readers start from a compact database
    # (outside any transaction, hence a plain connection).
    raw = sqlite3.connect(path)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()
    stats.db_bytes = path.stat().st_size
    return stats


def _index_and_analyze(db: Database, stats: GenerationStats, *, index: bool,
                       say: Callable[[str], None]) -> None:
    with db.engine.begin() as conn:
        stats.stale_fts_stats_dropped = drop_stale_fts_stats(conn)
    db.engine.dispose()  # new connections, which load the statistics afresh
    if index:
        say("building the search index (rebuild_all, one transaction)…")
        t1 = time.perf_counter()
        with db.engine.begin() as conn:
            stats.search_docs = search_index.rebuild_all(conn)
        stats.seconds_index = time.perf_counter() - t1
        stats.load_average.append(os.getloadavg()[0])
        say(f"indexed {stats.search_docs:,} documents in {stats.seconds_index:.1f}s")
    # Statistics as a database in use has them (the app runs PRAGMA optimize on close),
    # minus the FTS5 shadow tables' (see drop_stale_fts_stats).
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA analysis_limit=400")
        conn.exec_driver_sql("ANALYZE")
        drop_stale_fts_stats(conn)


def drop_stale_fts_stats(conn: Connection) -> int:
    """Delete the ``sqlite_stat1`` rows of FTS5 shadow tables; returns how many.

    WORK-AROUND, reported: a new database is ANALYZEd by a migration while its search
    tables are empty, so ``sqlite_stat1`` says e.g. ``search_grams_data`` has 2 rows.
    SQLite then plans FTS5's own ``DELETE FROM search_grams_data WHERE id>=? AND id<=?``
    (run whenever segments are merged) as a full scan, and every index write gets slower
    as the index grows: ``rebuild_all`` of 100,000 meetings takes over half an hour instead
    of about four minutes. Without stat rows SQLite assumes large tables and uses the rowid.
    A connection reads the statistics when it loads the schema and keeps a table's row
    estimate even after its stat row is gone (``ANALYZE sqlite_schema`` does not reset
    it): open new connections afterwards (``generate`` disposes of the engine's pool).
    """
    if conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).first() is None:
        return 0
    fts = [name for (name,) in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'")]
    dropped = 0
    for name in fts:
        dropped += conn.exec_driver_sql(
            "DELETE FROM sqlite_stat1 WHERE tbl LIKE ? ESCAPE '\\'",
            (name.replace("_", "\\_") + "\\_%",),
        ).rowcount
    return dropped


def check_orm_roundtrip(db: Database) -> None:
    """Read a few bulk-loaded rows back through the ORM: proves the storage format."""
    from sqlmodel import select

    from peyvand.domain.actions import Action, ActionRow
    from peyvand.domain.meetings import (
        Decision,
        DecisionRow,
        Meeting,
        MeetingRow,
        Statement,
        StatementRow,
    )

    with db.reading() as session:
        for meeting in session.exec(select(Meeting).limit(3)):
            MeetingRow.model_validate(meeting)
            assert meeting.created_at.tzinfo is not None
        for statement in session.exec(select(Statement).limit(3)):
            StatementRow.model_validate(statement)
        for decision in session.exec(select(Decision).limit(3)):
            DecisionRow.model_validate(decision)
        for action in session.exec(select(Action).limit(3)):
            ActionRow.model_validate(action)
