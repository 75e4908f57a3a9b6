"""The tabs of the minutes editor, one widget and one form each.

:class:`~peyvand.ui.dialogs.meeting_editor.MeetingEditor` holds the header, the buttons
and the save; each tab keeps its own rows on screen and says when they change.
"""
