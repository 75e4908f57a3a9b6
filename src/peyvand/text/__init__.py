"""Persian text handling: normalization for storage and search, digits, Jalali dates.

Pure Python (no Qt), so the same rules apply in the UI, the services and the PDF briefs.
"""

from .collation import PERSIAN_ALPHABET, sort_key
from .digits import parse_int, persian_number, to_latin_digits, to_persian_digits
from .jalali import (
    TEHRAN,
    JalaliParseError,
    TimeParseError,
    format_datetime_local,
    format_jalali_date,
    format_jalali_long,
    format_time,
    jalali_month_name,
    jalali_year,
    parse_jalali_date,
    parse_time,
    today_tehran,
    utc_now,
    weekday_name,
)
from .normalize import fold_compact, fold_for_search, fold_stored, normalize_input

__all__ = [
    "PERSIAN_ALPHABET",
    "TEHRAN",
    "JalaliParseError",
    "TimeParseError",
    "fold_compact",
    "fold_for_search",
    "fold_stored",
    "format_datetime_local",
    "format_jalali_date",
    "format_jalali_long",
    "format_time",
    "jalali_month_name",
    "jalali_year",
    "normalize_input",
    "parse_int",
    "parse_jalali_date",
    "parse_time",
    "persian_number",
    "sort_key",
    "to_latin_digits",
    "to_persian_digits",
    "today_tehran",
    "utc_now",
    "weekday_name",
]
