"""Letter templates: named placeholders filled in a sandbox (Jinja2), never Python.

Templates are user text stored in the database, and may arrive in an import: they are
hostile input. They are rendered by Jinja2's :class:`SandboxedEnvironment`, narrowed
further, because the stock sandbox stops attribute tricks (``().__class__``) but not a
template that eats the machine:

* the values are plain text and lists of records (:class:`Fields`); a record exposes
  its named fields and nothing else, strings and lists expose no methods
  (``"x".center(10**9)`` is refused), and there are no globals (no ``range``);
* only a short list of filters (upper, lower, join, length, default, …, and ``fa`` for
  Persian digits);
* ``**`` and ``%`` are refused, ``*`` may not build a text or list longer than
  ``MAX_REPEAT``;
* before rendering, the template's tree is checked: no macros, includes, imports,
  ``call`` blocks or recursive loops; loops nested at most ``MAX_LOOP_DEPTH`` deep; list
  literals at most ``MAX_LITERAL_ITEMS`` long; so the work is bounded by the data;
* the output stops at ``MAX_OUTPUT`` characters.

An unknown placeholder is an error that names it («visit.titel»), in Persian in the
GUI (``letter.template_unknown``), instead of an empty gap in a letter going out.
Autoescaping is off: the output is plain text for a PDF or a Word file, not HTML.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from peyvand.domain.errors import ValidationError
from peyvand.domain.limits import TEXT_MAX
from peyvand.text import to_persian_digits

MAX_OUTPUT: Final = TEXT_MAX
MAX_REPEAT: Final = 500
MAX_LOOP_DEPTH: Final = 2
MAX_LITERAL_ITEMS: Final = 100

_FILTERS: Final[tuple[str, ...]] = (
    "upper",
    "lower",
    "title",
    "capitalize",
    "trim",
    "length",
    "count",
    "first",
    "last",
    "join",
    "default",
    "d",
    "list",
    "reverse",
    "truncate",
    "wordcount",
    "string",
    "replace",
)
_LOOP_FIELDS: Final = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length"}
)
_FORBIDDEN_NODES: Final = (
    nodes.Macro,
    nodes.CallBlock,
    nodes.Include,
    nodes.Import,
    nodes.FromImport,
    nodes.Extends,
    nodes.Block,
)


class Fields:
    """A record as a template sees it: named values (text, numbers, lists of
    :class:`Fields`), read as ``visit.title``; nothing else is reachable from it."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        values: dict[str, Any] = object.__getattribute__(self, "_values")
        try:
            return values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(name)

    def has(self, name: str) -> bool:
        return name in object.__getattribute__(self, "_values")

    def __str__(self) -> str:
        # A record printed whole ({{ visit }}) reads as its title or name.
        values: dict[str, Any] = object.__getattribute__(self, "_values")
        for key in ("title", "name", "text"):
            if isinstance(values.get(key), str):
                return str(values[key])
        return ""


def fields(values: Mapping[str, Any]) -> Fields:
    """``values`` as a record, nested mappings and lists of mappings included."""

    def convert(value: Any) -> Any:
        if isinstance(value, Mapping):
            return Fields({k: convert(v) for k, v in value.items()})
        if isinstance(value, list | tuple):
            return tuple(convert(v) for v in value)
        return value

    return Fields({k: convert(v) for k, v in values.items()})


def _safe_replace(value: Any, old: Any, new: Any, count: Any = None) -> str:
    text, old, new = str(value), str(old), str(new)
    occurrences = text.count(old) if old else len(text) + 1
    if len(text) + occurrences * max(0, len(new) - len(old)) > MAX_OUTPUT:
        raise SecurityError("replace would build too long a text")
    return text.replace(old, new) if count is None else text.replace(old, new, int(count))


def _persian_digits(value: Any) -> str:
    """``{{ loop.index|fa }}``: a number in Persian digits."""
    return to_persian_digits(str(value))


class _LetterSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})
    intercepted_unops = frozenset()

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # Only a record's own fields and a loop's counters: no method of a string, a
        # list or anything else.
        if isinstance(obj, LoopContext):
            return attr in _LOOP_FIELDS
        return isinstance(obj, Fields) and obj.has(attr)

    def is_safe_callable(self, obj: Any) -> bool:
        return False  # templates call nothing but the allowed filters

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            size = _repeat_size(left, right)
            if size is not None and size > MAX_REPEAT:
                raise SecurityError("repetition builds too long a value")
            return operator.mul(left, right)
        raise SecurityError(f"the operator {operator_name} is not allowed")


def _repeat_size(left: Any, right: Any) -> int | None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * max(times, 0)
    return None


def _environment() -> _LetterSandbox:
    env = _LetterSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=0,
    )
    env.globals.clear()
    allowed: dict[str, Any] = {name: env.filters[name] for name in _FILTERS if name in env.filters}
    allowed["replace"] = _safe_replace
    allowed["fa"] = _persian_digits
    env.filters.clear()
    env.filters.update(allowed)
    env.tests = {
        name: env.tests[name] for name in ("defined", "undefined", "none") if name in env.tests
    }
    return env


_ENV: Final = _environment()


def _check_tree(tree: nodes.Template) -> None:
    for node in tree.find_all(_FORBIDDEN_NODES):
        raise ValidationError("letter.template_unsafe", field="body", what=type(node).__name__)
    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            raise ValidationError("letter.template_unsafe", field="body", what="recursive loop")
    if _loop_depth(tree) > MAX_LOOP_DEPTH:
        raise ValidationError("letter.template_unsafe", field="body", what="nested loops")
    for literal in tree.find_all((nodes.List, nodes.Tuple, nodes.Dict)):
        items: list[Any] = literal.items  # type: ignore[attr-defined]
        if len(items) > MAX_LITERAL_ITEMS:
            raise ValidationError("letter.template_unsafe", field="body", what="long list")


def _loop_depth(node: nodes.Node, depth: int = 0) -> int:
    deepest = depth
    for child in node.iter_child_nodes():
        inner = depth + 1 if isinstance(child, nodes.For) else depth
        deepest = max(deepest, _loop_depth(child, inner))
    return deepest


_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def _unknown_name(message: str) -> str:
    match = _UNDEFINED_NAME.search(message)
    if match is None:
        return message
    return match.group(1) or match.group(2)


@dataclass(frozen=True)
class Compiled:
    render: Callable[[Mapping[str, Any]], Iterator[str]]


# A line holding nothing but block tags ({% if … %}, {% endfor %}).
_TAGS_ONLY_LINE = re.compile(r"^[ \t]*(?:\{%(?:[^%]|%(?!\}))*%\}[ \t]*)+$", re.MULTILINE)


def _prepare(source: str) -> str:
    """A line of block tags alone takes its line break with it, so that
    ``{% if %}`` on a line of its own leaves no empty line; a tag after text on the
    same line («… {% endif %}») keeps the line break that follows it (Jinja's
    ``trim_blocks`` would eat it). Line numbers stay those of the source."""

    def trim(match: re.Match[str]) -> str:
        line = match.group(0).rstrip(" \t")
        return line if line.endswith("-%}") else line[:-2] + "-%}"

    return _TAGS_ONLY_LINE.sub(trim, source)


def compile_template(source: str, *, field: str = "body") -> Compiled:
    """Parse and check ``source``; a syntax error or a forbidden construct raises a
    :class:`ValidationError` for ``field`` (its line in ``line``)."""
    source = _prepare(source)
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError as exc:
        raise ValidationError(
            "letter.template_syntax", field=field, line=exc.lineno or 0, detail=exc.message or ""
        ) from None
    try:
        _check_tree(tree)
    except ValidationError as exc:
        raise ValidationError(
            exc.msg_id, field=field, **{k: v for k, v in exc.params.items() if k != "field"}
        ) from None
    try:
        # Compiling finds what parsing does not: an unknown filter or test.
        template = _ENV.from_string(tree)
    except TemplateSyntaxError as exc:
        raise ValidationError(
            "letter.template_syntax", field=field, line=exc.lineno or 0, detail=exc.message or ""
        ) from None
    return Compiled(render=lambda context: template.generate(dict(context)))


def render(source: str, context: Mapping[str, Any], *, field: str = "body") -> str:
    """``source`` with its placeholders filled from ``context`` (made with
    :func:`fields` for records), as plain text."""
    compiled = compile_template(source, field=field)
    out: list[str] = []
    size = 0
    try:
        for piece in compiled.render(context):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise ValidationError("letter.too_long", field=field, limit=MAX_OUTPUT)
            out.append(piece)
    except UndefinedError as exc:
        raise ValidationError(
            "letter.template_unknown", field=field, name=_unknown_name(str(exc))
        ) from None
    except SecurityError:
        raise ValidationError("letter.template_unsafe", field=field, what="expression") from None
    except ValidationError:
        raise
    except (RecursionError, MemoryError, ArithmeticError, TypeError, ValueError) as exc:
        raise ValidationError("letter.template_error", field=field, detail=str(exc)[:200]) from None
    text = "".join(out)
    # Lines as the office typed them, without the blank lines loops leave behind.
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def placeholders(source: str) -> list[str]:
    """The top-level names a template uses (for the editor's check), in order."""
    try:
        tree = _ENV.parse(source)
    except TemplateSyntaxError:
        return []
    seen: list[str] = []
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in seen:
            seen.append(name.name)
    return seen


def check(source: str, sample: Mapping[str, Any], *, field: str = "body") -> None:
    """Render ``source`` once with ``sample`` values: what saving a template checks."""
    render(source, sample, field=field)
