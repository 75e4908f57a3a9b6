"""Use cases. No Qt; every function returns plain rows, never live ORM objects."""
