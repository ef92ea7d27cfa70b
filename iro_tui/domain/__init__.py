"""Pure domain logic: codes, models, calendars, rulebooks, deadlines, the agenda.

Never imports textual or sqlite3: the rules must be testable and reusable headless.
"""
