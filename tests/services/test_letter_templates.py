"""Letter templates: placeholders filled in a sandbox; hostile templates refused, quickly."""

from __future__ import annotations

import time

import pytest

from peyvand.domain.enums import Language
from peyvand.domain.errors import ValidationError
from peyvand.services import letter_context
from peyvand.services.letter_templates import fields, placeholders, render

CONTEXT = {
    "today": "۱۶ بهمن ۱۳۹۹",
    "visit": fields(
        {
            "title": "سفر هیئت حیدرآباد",
            "members": [{"name": "راوی اوداهاران"}, {"name": "آنیتا نمونه"}],
        }
    ),
    "recipient": fields({"full_name": "جناب آقای سید کاظم سجادی", "title": ""}),
}


def test_placeholders_loops_and_conditions() -> None:
    text = render(
        "با سلام و احترام،\n{{ recipient.full_name }}{% if recipient.title %}، "
        "{{ recipient.title }}{% endif %}\n{% for m in visit.members %}"
        "{{ loop.index|fa }}. {{ m.name }}\n{% endfor %}تاریخ: {{ today }}",
        CONTEXT,
    )
    assert text.splitlines() == [
        "با سلام و احترام،",
        "جناب آقای سید کاظم سجادی",
        "۱. راوی اوداهاران",
        "۲. آنیتا نمونه",
        "تاریخ: ۱۶ بهمن ۱۳۹۹",
    ]
    assert render("{{ visit }}", CONTEXT) == "سفر هیئت حیدرآباد"  # a record reads as its title
    assert placeholders(
        "{{ visit.title }} {{ today }} {% for m in visit.members %}{% endfor %}"
    ) == [
        "visit",
        "today",
    ]


@pytest.mark.parametrize(
    ("source", "name"),
    [("{{ visit.titel }}", "titel"), ("{{ گیرنده }}", "گیرنده"), ("{{ recipient.name }}", "name")],
)
def test_an_unknown_placeholder_is_named(source: str, name: str) -> None:
    with pytest.raises(ValidationError) as info:
        render(source, CONTEXT)
    assert info.value.msg_id == "letter.template_unknown"
    assert info.value.params["name"] == name
    assert name in info.value.message("fa")


def test_a_syntax_error_names_its_line() -> None:
    with pytest.raises(ValidationError) as info:
        render("سطر یک\n{{ visit.title", CONTEXT, field="subject")
    assert info.value.msg_id == "letter.template_syntax"
    assert info.value.field == "subject" and info.value.params["line"] == 2
    assert "۲" in info.value.message("fa")


HOSTILE = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ visit.__init__.__globals__ }}",
    "{{ visit._values }}",
    "{{ 'x'.center(1000000000) }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ '{:>1000000000}'.format(1) }}",
    "{{ 'x' * 1000000000 }}",
    "{{ [1] * 1000000000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ '%1000000000s' % 'x' }}",
    "{{ range(1000000000)|list }}",
    "{{ lipsum(1000000) }}",
    "{{ cycler }}",
    "{{ visit.members.append(1) }}",
    "{{ visit|attr('__class__') }}",
    "{{ visit.members|map('upper')|list }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{% include 'x.txt' %}",
    "{% import 'x' as y %}",
    "{% extends 'base' %}",
    "{% for a in visit.members recursive %}{{ loop(visit.members) }}{% endfor %}",
    "{% for a in visit.members %}{% for b in visit.members %}{% for c in visit.members %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "{% for a in [" + ",".join(["1"] * 500) + "] %}x{% endfor %}",
    "{{ ('a' * 500)|replace('a', 'b' * 500) }}",
    "{% for a in ['x'] * 500 %}{% for b in ['y'] * 500 %}{{ visit.title * 100 }}"
    "{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_templates_are_refused_quickly(source: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ValidationError) as info:
        render(source, CONTEXT)
    assert time.perf_counter() - started < 2.0
    assert info.value.msg_id.startswith("letter.")
    assert info.value.message("fa")  # a Persian sentence for the editor


def test_no_eval_or_format_of_user_text() -> None:
    # Braces that are not placeholders, and Python's format syntax, stay text.
    assert render("{0} {name} {{ '{x}' }}", CONTEXT) == "{0} {name} {x}"


def test_sample_context_holds_every_documented_placeholder() -> None:
    sample = letter_context.sample_context(Language.PERSIAN)
    for record, names in letter_context.PLACEHOLDERS.items():
        for name in names:
            assert render(f"{{{{ {record}.{name} }}}}", sample) is not None
    for name, inner in letter_context.LIST_ITEMS.items():
        source = (
            f"{{% for r in visit.{name} %}}{{{{ r.{inner[0]} }}}}{{% endfor %}}"
            if name != "head"
            else "{{ visit.head.name }}"
        )
        owner = "meeting" if name == "participants" else "visit"
        render(source.replace("visit.", f"{owner}."), sample)
