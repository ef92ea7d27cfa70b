"""A review document as blocks (headings, paragraphs, bullets, tables), rendered as
Markdown or as .docx with python-docx, so the two formats can never say different things."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from iro_tui.safe_text import markdown_text, plain


@dataclass(frozen=True)
class Block:
    kind: str  # h1, h2, p, bullets, table
    text: str = ""
    items: tuple = ()
    headers: tuple = ()


def written_date(value: date | str | None) -> str:
    """A date (or, from a review row, its ISO text) as a document writes it: 'Monday 01
    June 2026' (or 'not set')."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if value else None
    return value.strftime("%A %d %B %Y") if value else "not set"


def to_markdown(blocks: list[Block]) -> str:
    # Every text is escaped (safe_text.markdown_text): a name, a view or a decision
    # that looks like Markdown (a heading, a link, a remote image, HTML) is shown as
    # the words typed, never acted on. The structure comes only from the blocks.
    md = markdown_text
    lines: list[str] = []
    for b in blocks:
        if b.kind == "h1":
            lines += [f"# {md(b.text)}", ""]
        elif b.kind == "h2":
            lines += [f"## {md(b.text)}", ""]
        elif b.kind == "p":
            lines += [md(b.text), ""]
        elif b.kind == "bullets":
            # A line break inside an item is indented, so it stays in that item.
            lines += [f"- {md(item)}".replace("\n", "\n  ") for item in b.items] + [""]
        elif b.kind == "table":
            cells = lambda row: "| " + " | ".join(md(str(c)).replace("\n", " ") for c in row) + " |"  # noqa: E731
            # The rule under the headers is structure, not text: escaped, it read "\---"
            # and no Markdown reader saw a table.
            rule = "|" + "|".join(" --- " for _ in b.headers) + "|"
            lines += [cells(b.headers), rule]
            lines += [cells(row) for row in b.items] + [""]
    return "\n".join(lines)


def _runs_by_direction(text: str) -> list[tuple[str, bool]]:
    """`text` cut where it turns between right-to-left script (Arabic, Hebrew...) and the
    rest: (part, right_to_left). Spaces and punctuation stay with the part before them."""
    runs: list[tuple[str, bool]] = []
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        rtl = kind in ("R", "AL") if kind in ("R", "AL", "L") else None  # None: neutral
        if runs and (rtl is None or rtl == runs[-1][1]):
            runs[-1] = (runs[-1][0] + ch, runs[-1][1])
        else:
            runs.append((ch, bool(rtl)))
    # The spaces and punctuation ending a right-to-left part belong to the text around
    # it: a closing quotation mark kept in the Arabic run stood at its far (left) end.
    settled: list[tuple[str, bool]] = []
    for part, rtl in runs:
        if settled and not settled[-1][1] and not rtl:
            settled[-1] = (settled[-1][0] + part, False)
            continue
        if rtl:
            core = part.rstrip("".join(c for c in part if _neutral(c)))
            tail = part[len(core) :]
            settled.append((core, True))
            if tail:
                settled.append((tail, False))
        else:
            settled.append((part, False))
    return settled


def _neutral(ch: str) -> bool:
    """Spaces and punctuation, of neither direction (digits are not: "2027" in Arabic
    text is part of it)."""
    return unicodedata.bidirectional(ch) in ("WS", "ON", "CS", "ES", "ET", "B", "S")


def _add_text(paragraph: object, text: str) -> None:
    """The text in runs, each right-to-left one marked so (w:rtl): a child's views in
    Arabic or Pashto, quoted in an English letter, were laid out by Word as if left to
    right, the punctuation around them out of place."""
    from docx.oxml import OxmlElement

    for part, rtl in _runs_by_direction(text):
        run = paragraph.add_run(part)  # type: ignore[attr-defined]
        if rtl:
            run._element.get_or_add_rPr().append(OxmlElement("w:rtl"))


def to_docx(blocks: list[Block], path: Path) -> None:
    from docx import Document  # imported here: slow, and only needed for .docx

    # python-docx writes text as text (no markup), but refuses control characters
    # (XML cannot hold them): `plain` strips them and any terminal escapes.
    document = Document()
    # python-docx's template names itself as author and in the comments ("python-docx"):
    # what a letter's properties say in Word is left blank instead.
    properties = document.core_properties
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.title = plain(next((b.text for b in blocks if b.kind == "h1"), ""))
    for b in blocks:
        if b.kind in ("h1", "h2"):
            document.add_heading(plain(b.text), level=1 if b.kind == "h1" else 2)
        elif b.kind == "p":
            _add_text(document.add_paragraph(), plain(b.text))
        elif b.kind == "bullets":
            for item in b.items:
                _add_text(document.add_paragraph(style="List Bullet"), plain(item))
        elif b.kind == "table":
            # A table of details (label and value) has no headers: no empty first row.
            headed = any(b.headers)
            table = document.add_table(rows=1 if headed else 0, cols=len(b.headers))
            table.style = "Table Grid"
            if headed:
                for cell, header in zip(table.rows[0].cells, b.headers, strict=True):
                    cell.text = plain(header)
            for row in b.items:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = plain(str(value))
    # Built in memory, then written: saved straight to a full disk, python-docx left its
    # zip file open and Python printed a traceback as it was thrown away.
    built = io.BytesIO()
    document.save(built)
    path.write_bytes(built.getvalue())
