"""iro-tui: a keyboard-first caseload diary for Independent Reviewing Officers."""

__version__ = "0.2.0"
