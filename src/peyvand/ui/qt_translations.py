"""Qt's own strings in Persian, including the ones qtbase_fa misses.

Qt 6 gave some labels a keyboard mnemonic («&Look in:», «Files of &type:» in its file
dialog) after qtbase_fa was translated: the catalogue holds «Look in:» and «Files of
type:», so the new strings stayed English in an otherwise Persian dialog. A fallback
translator answers for such a string with the translation of the same words without
the «&» (Persian labels carry no mnemonics).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator


class MnemonicFallback(QTranslator):
    """Asked only when every other translator had nothing: install it first (Qt asks
    the most recently installed translators first)."""

    def __init__(self, catalogue: QTranslator, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None, not "": Qt takes an empty string as the translation and stops asking
        # (it asks on only while a translator's answer is a null string).
        if "&" not in source:
            return None
        plain = source.replace("&&", "\0").replace("&", "").replace("\0", "&")
        return self.catalogue.translate(context, plain, disambiguation, n) or None

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def install_mnemonic_fallback(app: QCoreApplication, catalogue: QTranslator) -> QTranslator:
    """Install the fallback for ``catalogue`` (qtbase_fa), which must be installed
    after it."""
    fallback = MnemonicFallback(catalogue, app)
    app.installTranslator(fallback)
    return fallback
