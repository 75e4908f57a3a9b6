"""Length limits shared by validation, import checks and the GUI's input masks."""

NAME_MAX = 200
TITLE_MAX = 300
SHORT_MAX = 120
TEXT_MAX = 20_000
NOTE_MAX = 4_000
TAG_MAX = 60
TAGS_MAX = 30
FILE_NAME_MAX = 255
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024

# Integer columns hold positions, decision numbers, sizes and revisions: 32 bits is far
# above anything an office reaches, and a value at the 64-bit edge would overflow the
# next "+ 1" (a revision bump, the next position) inside the database. Every door (JSON
# import, trip packages, restored backups) refuses what lies outside.
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
# A short number "YYYY-NNN" (a trip's "TYYYY-…"): a Jalali year and a sequence that the
# counters can go on from (services/numbering.py).
NUMBER_YEAR_MAX = 9999
NUMBER_SEQUENCE_MAX = 999_999_999
