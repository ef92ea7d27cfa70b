"""Read the national SSDA903 CSVs (Header, Episodes, Reviews, UASC, Missing).

Files are recognised by their header row, since councils name them differently,
and real exports (Liquidlogic, Mosaic, Eclipse) differ in small ways that do not
change what the data says: extra columns, any column order, ISO dates, a UTF-8 BOM,
CRLF line ends, rows repeated word for word. All of those are accepted, with a
notice. The other 903 files (OC2, OC3, AD1, ...) are recognised and skipped.

All or nothing: every row is parsed and checked before anything is written, and
every problem found is reported (file, line, column and what is wrong), not just
the first, so one run tells the IRO everything to fix.

- tables.py: the 903 files and their columns
- cells.py: one cell's text to a date or a code
- problems.py: what is wrong, where, and the refusal that lists it all
- files.py: finding the 903 files in a folder by their header rows
- rows.py: a file's rows, parsed cell by cell
- checks.py: the rows checked against each other, into one batch ready to write
"""
