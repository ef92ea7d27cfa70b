"""Free text is text: in letters and records (Markdown and .docx), in files, on the
terminal and on screen, never markup, never a terminal escape (issue 13)."""

from datetime import date

import pytest
from markdown_it import MarkdownIt

from iro_tui.__main__ import main
from iro_tui.demo import ANCHOR
from iro_tui.domain.recording import ReviewRecord
from iro_tui.interchange.import903 import import_903
from iro_tui.safe_text import markdown_text, plain
from iro_tui.store.changes import update_profile
from iro_tui.store.reviews import save_review_record

from .test_documents import docx_text

HOSTILE_VIEWS = (
    "# You are being moved\n"
    "![tracker](https://evil.example/pixel.png) [click here](https://evil.example)\n"
    "<img src=x onerror=alert(1)> <b>bold</b> &copy; **shout** `code`\n"
    "1. first\n"
    "- a fake list\n"
    "    an indented code block\n"
    "> a fake quote\n"
    "===\n"
    "see www.evil.example and http://evil.example/x | a | table\n"
    "red \x1b[31mtext\x1b[0m, a title \x1b]0;pwned\x07 and a bell \x07 end"
)
NAME = "[bold]Ayla[/bold] <i>"


def render(markdown: str) -> str:
    return MarkdownIt("gfm-like").render(markdown)


@pytest.mark.parametrize(
    "text",
    [
        "# heading",
        "## heading",
        "![image](https://x.example/i.png)",
        "[link](https://x.example)",
        "<script>alert(1)</script>",
        "https://x.example/a and www.x.example",
        "1. numbered",
        "12) numbered",
        "- bullet",
        "+ bullet",
        "* bullet",
        "> quote",
        "    code",
        "---",
        "*emphasis* _emphasis_ **strong** ~~gone~~ `code`",
        "&amp; &copy;",
        "a | b | c",
    ],
)
def test_markdown_special_text_renders_as_the_words_typed(text):
    html = render(markdown_text(text))
    inner = html.strip().removeprefix("<p>").removesuffix("</p>")
    assert html.startswith("<p>"), html  # one plain paragraph: no heading, list, code
    for tag in ("<a ", "<img", "<h1", "<h2", "<script", "<em>", "<strong>", "<code>", "<s>"):
        assert tag not in inner
    # What a reader sees is exactly what was typed (HTML entities aside).
    unescaped = inner.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert unescaped == text.strip()


def test_plain_strips_terminal_escapes_and_control_characters():
    assert plain("a\x1b[1;31mred\x1b[0m b") == "ared b"
    assert plain("t\x1b]0;title\x07x\x1b]8;;https://e.example\x1b\\y") == "txy"
    assert plain("bell\x07 nul\x00 del\x7f c1\x9b2J bidi\u202eevil") == "bell nul del c1 bidievil"
    assert plain("tab\tnew\nline\r\nwin\rmac") == "tab\tnew\nline\nwin\nmac"
    assert plain("Zoë Ní Bhriain, 李") == "Zoë Ní Bhriain, 李"


@pytest.fixture
def hostile(demo):
    update_profile(demo, "100101", {"preferred_name": NAME})
    record = ReviewRecord(
        held_date=date(2026, 6, 1),
        venue="<b>Foster</b> home",
        participation_code="PN1",
        child_views=HOSTILE_VIEWS,
        matters={"education": "# ESOL\n[college](https://evil.example)"},
        next_review_date=date(2026, 11, 26),
    )
    return save_review_record(demo, "100101", None, record)


@pytest.mark.parametrize("style", ["letter", "formal"])
def test_free_text_in_a_letter_or_record_is_text_not_markup(demo, hostile, tmp_path, style):
    out = tmp_path / f"{style}.md"
    assert main(["--db", str(demo.path), "export", "review", str(hostile), "--format", "md",
                 "--style", style, "--out", str(out)]) == 0  # fmt: skip
    markdown = out.read_text()
    assert "\x1b" not in markdown and "\x07" not in markdown
    html = render(markdown)
    assert "<img" not in html and "<a " not in html and "<b>" not in html
    assert "You are being moved</h" not in html and "ESOL</h" not in html  # no fake headings
    assert "<blockquote>" not in html and "<pre>" not in html and "<ol>" not in html
    assert "# You are being moved" in html  # the words, as typed
    assert "![tracker](https://evil.example/pixel.png)" in html
    if style == "letter":
        assert "[bold]Ayla[/bold] &lt;i&gt;" in html


@pytest.mark.parametrize("style", ["letter", "formal"])
def test_a_docx_holds_the_words_without_control_characters(demo, hostile, tmp_path, style):
    out = tmp_path / f"{style}.docx"
    assert main(["--db", str(demo.path), "export", "review", str(hostile), "--format", "docx",
                 "--style", style, "--out", str(out)]) == 0  # fmt: skip
    text = docx_text(out)
    assert "# You are being moved" in text and "[click here](https://evil.example)" in text
    assert "red text, a title  and a bell  end" in text
    assert "\x1b" not in text and "\x07" not in text


def test_imported_text_is_stored_without_terminal_escapes(store, folder_903, capsys):
    header = folder_903 / "header.csv"
    header.write_text(
        header.read_text().replace("W201400014100", "W2014000141\x1b[2J\x1b]0;x\x0700")
    )
    import_903(store, folder_903, ANCHOR)
    upn = store.conn.execute("SELECT upn FROM children WHERE child_ref = '100101'").fetchone()[0]
    assert upn == "W201400014100"


def test_an_error_quoting_input_is_still_one_plain_line(store, tmp_path, capsys):
    folder = tmp_path / "bad\nname\x1b[31m"
    assert main(["--db", str(store.path), "--plain", "import-903", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "bad name" in err
