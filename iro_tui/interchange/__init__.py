"""Data in and out: SSDA903 CSVs, iCalendar, review documents. No SQL here."""
