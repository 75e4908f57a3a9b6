"""Qt widgets only: screens, dialogs, table models, custom widgets.

Screens and dialogs call services; they hold no SQL and no business rules.
"""
