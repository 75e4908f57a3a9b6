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
