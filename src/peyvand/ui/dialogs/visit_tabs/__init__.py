"""The tabs of the visit editor, one widget and one form each.

:class:`~peyvand.ui.dialogs.visit_editor.VisitEditor` holds the header, the buttons, the
save and the drafts; each tab keeps its own fields or rows. A new tab is a widget with a
form here, added in ``VisitEditor._build_tabs`` (its values, errors, drafts and Tab
order are asked of it there).
"""
