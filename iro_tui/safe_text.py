"""Text from files and forms, made safe to show or write (issue 13).

Imported or typed text may carry terminal escape sequences (which would recolour,
retitle or move the user's terminal), control characters (which python-docx and XML
refuse) or Markdown (a fake heading, a link, a remote image in a letter to a child).
`plain` strips the first two on every output; `markdown_text` also escapes Markdown,
so free text always reads as the words typed. Pure: no textual, no sqlite.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks,
# clipboard), and the two-character escapes; then any other C0/C1 control except
# tab and newline, DEL, and the bidirectional overrides that reorder what is shown.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"  # other escapes, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """Without escape sequences or control characters (tabs and newlines stay;
    a carriage return becomes a newline, as a Windows line end would)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


# Markdown that acts anywhere in a line: emphasis, code, links and images, HTML,
# entities, tables, strikethrough, and the backslash itself.
_INLINE = re.compile(r"([\\`*_\[\]<>!&|~])")
# Markdown that acts at the start of a line: headings, quotes, lists, rules,
# setext underlines, and numbered lists.
_LINE_START = re.compile(r"^([#>+\-=*])")
_NUMBERED = re.compile(r"^(\d+)([.)])")
# Bare addresses that Markdown viewers turn into links by themselves.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|file|mailto)(:)|\b(www)(\.)")


def markdown_text(text: str) -> str:
    """Free text for a Markdown document: shown as typed, never as markup."""
    lines = []
    for line in plain(text).split("\n"):
        line = _INLINE.sub(r"\\\1", line.strip())  # 4 leading spaces: a code block
        line = _AUTOLINK.sub(lambda m: f"{m[1] or m[3]}\\{m[2] or m[4]}", line)
        line = _NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", line))
        lines.append(line)
    return "\n".join(lines)
