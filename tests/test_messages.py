"""The message catalogue: every id used in the code exists in English and Persian."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from peyvand.domain import SPECS
from peyvand.domain.errors import ConflictError, PeyvandError, ValidationError
from peyvand.messages import ENTITY_LABELS, FIELD_LABELS, MESSAGES, render
from peyvand.services import records

SRC = Path(__file__).resolve().parents[1] / "src" / "peyvand"
MSG_ID = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
PERSIAN_LETTER = re.compile("[\u0600-\u06ff]")
LATIN_LETTER = re.compile("[A-Za-z]")
# Calls whose string arguments are message ids.
_MSG_CALLS = re.compile(r"(Error|^_ordered|^render)$")


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _used_ids() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "ui/forms" in path.as_posix():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not _MSG_CALLS.search(_call_name(node)):
                continue
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and MSG_ID.match(arg.value)
                ):
                    where = f"{path.relative_to(SRC)}:{node.lineno}"
                    used.setdefault(arg.value, []).append(where)
    return used


USED = _used_ids()


def test_the_scan_finds_the_ids_in_use() -> None:
    # Guard against a scan that silently finds nothing.
    for known in ("record.stale", "meeting.final", "field.email", "range.dates", "search.empty"):
        assert known in USED, known
    assert len(USED) >= 15


@pytest.mark.parametrize("msg_id", sorted(USED))
def test_every_id_used_in_the_code_has_english_and_persian(msg_id: str) -> None:
    assert msg_id in MESSAGES, f"{msg_id} used at {USED[msg_id]} is not in MESSAGES"
    entry = MESSAGES[msg_id]
    assert entry.get("en", "").strip()
    assert entry.get("fa", "").strip()


def test_pydantic_translations_point_at_known_ids() -> None:
    for msg_id in {*records._PYDANTIC_IDS.values(), "field.invalid"}:
        assert msg_id in MESSAGES, msg_id


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_every_message_is_written_in_both_languages(msg_id: str) -> None:
    en, fa = MESSAGES[msg_id]["en"], MESSAGES[msg_id]["fa"]
    assert LATIN_LETTER.search(en), en
    assert PERSIAN_LETTER.search(fa), fa
    # The Persian text never needs a value the English one does not get.
    assert _placeholders(fa) <= _placeholders(en) | {"field_label", "entity_label", "table_label"}


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
@pytest.mark.parametrize("lang", ["en", "fa", "de"])
def test_render_never_raises_on_missing_or_odd_params(msg_id: str, lang: str) -> None:
    assert isinstance(render(msg_id, lang), str)
    odd = {"field": None, "entity": "no_such_entity", "limit": "{x}", "path": "{0}", "ref": "}{"}
    rendered = render(msg_id, lang, **odd)
    assert isinstance(rendered, str) and rendered


def test_render_falls_back_to_english_for_an_unknown_language() -> None:
    assert render("search.empty", "de") == MESSAGES["search.empty"]["en"]


def test_render_of_an_unknown_id_is_the_id() -> None:
    assert render("no.such.message") == "no.such.message"
    assert "no.such.message" in render("no.such.message", "en", a=1)


def test_render_fills_field_and_entity_labels() -> None:
    assert render("field.required", "fa", field="name") == "نام را وارد کنید."
    assert render("field.required", "en", field="name") == "Name is required."
    assert render("record.stale", "fa", entity="meeting").startswith("این جلسه")
    assert "meeting" in render("record.stale", "en", entity="meeting")
    # An unknown field still renders, with its key.
    assert "mystery" in render("field.invalid", "en", field="mystery")


def test_errors_render_in_both_languages() -> None:
    error = ValidationError("field.too_long", field="title", limit=300)
    assert str(error) == error.message("en")
    assert "300" in error.message("en")
    assert error.message("fa").startswith("عنوان")
    conflict = ConflictError("meeting.final", number="1399-001")
    assert isinstance(conflict, PeyvandError)
    assert "1399-001" in conflict.message("en")


def test_every_entity_has_labels_in_both_languages() -> None:
    for model in SPECS:
        name = str(model.__tablename__)
        assert name in ENTITY_LABELS, name
        assert PERSIAN_LETTER.search(ENTITY_LABELS[name]["fa"]), name


def _fields_that_can_fail_validation() -> set[str]:
    fields: set[str] = set()
    for data_cls, _row in SPECS.values():
        for name, info in data_cls.model_fields.items():
            if info.annotation is bool:
                continue
            fields.add(name)
    return fields


def test_every_field_a_user_can_get_wrong_has_a_persian_label() -> None:
    # A Persian message must not show a raw column name such as «summary» or «place».
    missing = sorted(
        name
        for name in _fields_that_can_fail_validation()
        if not PERSIAN_LETTER.search(FIELD_LABELS.get(name, {}).get("fa", ""))
    )
    assert missing == [], f"fields without a Persian label: {missing}"
