"""What making a brief returns: the PDF bytes, and what the reader should be warned about.

:class:`Brief` is ``bytes`` (every caller that writes or previews the PDF keeps working)
with the characters that no bundled font could draw: they are printed as «�», and the
preview should say so (:meth:`Brief.warnings`). Collected while the document is laid out
(:func:`collecting`), per thread: the GUI makes briefs off its own thread.

No reportlab here: the GUI imports this to read a result without loading the PDF code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from peyvand.messages import render

_found: ContextVar[set[str] | None] = ContextVar("peyvand_brief_missing", default=None)


class Brief(bytes):
    """The PDF of a brief. ``missing_glyphs``: the characters printed as «�», in the
    order of their code points (empty when every character was drawn)."""

    missing_glyphs: tuple[str, ...]

    def __new__(cls, pdf: bytes, missing_glyphs: Iterable[str] = ()) -> Brief:
        self = super().__new__(cls, pdf)
        self.missing_glyphs = tuple(sorted(set(missing_glyphs)))
        return self

    def warnings(self, lang: str = "fa") -> list[str]:
        """Sentences for the preview (``fa``) or the command line (``en``)."""
        if not self.missing_glyphs:
            return []
        chars = " ".join(self.missing_glyphs)
        codes = ", ".join(f"U+{ord(c):04X}" for c in self.missing_glyphs)
        return [render("brief.missing_glyphs", lang, chars=chars, codes=codes)]


def missing_glyphs(pdf: bytes) -> tuple[str, ...]:
    """The characters printed as «�» in ``pdf`` (a :class:`Brief`; plain bytes: none)."""
    return pdf.missing_glyphs if isinstance(pdf, Brief) else ()


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect, into the set it yields, the characters :func:`note_missing` is told of."""
    found: set[str] = set()
    token = _found.set(found)
    try:
        yield found
    finally:
        _found.reset(token)


def note_missing(chars: Iterable[str]) -> None:
    found = _found.get()
    if found is not None:
        found.update(chars)
