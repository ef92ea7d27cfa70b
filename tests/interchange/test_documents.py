"""A recorded review as a letter or the formal record, in Markdown and .docx."""

from datetime import date

import pytest
from docx import Document

from iro_tui.__main__ import main
from iro_tui.domain.recording import Attendee, DecisionDraft, ReviewRecord
from iro_tui.domain.records import PlacementDetails
from iro_tui.store.changes import save_placement_details
from iro_tui.store.reviews import save_review_record

ADDRESS = "12 Example Gardens, Enfield EN1 3XA"


@pytest.fixture
def recorded(demo):
    """Dawit's review held on 1 Jun 2026, recorded with three decisions."""
    save_placement_details(
        demo,
        "100101",
        date(2024, 11, 4),
        PlacementDetails(
            carer_name="Mr and Mrs Adeyemi", address=ADDRESS, area="Enfield", out_of_area=True
        ),
    )
    record = ReviewRecord(
        held_date=date(2026, 6, 1),
        venue="Foster home, 12 Example Gardens",
        participation_code="PN1",
        child_views="I want to play football and learn English quickly.",
        carers_views="Dawit is settled.",
        matters={
            "permanence": "Staying with the Adeyemis until 18",
            "education": "ESOL at college three days a week",
        },
        attendees=[
            Attendee(name="Dawit Tesfay", role="Child", attendance="attended"),
            Attendee(name="Grace Okafor", role="Social worker", attendance="attended"),
            Attendee(name="Helen Marsh", role="Team manager", attendance="apologies"),
        ],
        decisions=[
            DecisionDraft(
                text="Find a local football club",
                owner_name="Grace Okafor",
                owner_role="Social worker",
                due_date=date(2026, 6, 29),
            ),
            DecisionDraft(
                text="Arrange a dental check",
                owner_name="Mr and Mrs Adeyemi",
                owner_role="Carers",
                due_date=date(2026, 7, 10),
            ),
            DecisionDraft(
                text="Update the pathway plan",
                owner_name="Grace Okafor",
                owner_role="Social worker",
                due_date=date(2026, 8, 14),
            ),
        ],
        next_review_date=date(2026, 11, 26),
    )
    return save_review_record(demo, "100101", None, record)


def docx_text(path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("style", ["letter", "formal"])
def test_each_style_and_format_holds_the_decisions_and_owners(
    demo, recorded, tmp_path, fmt, style, capsys
):
    out = tmp_path / f"review.{fmt}"
    assert (
        main(
            [
                "--db",
                str(demo.path),
                "export",
                "review",
                str(recorded),
                "--format",
                fmt,
                "--style",
                style,
                "--with-address",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text() if fmt == "md" else docx_text(out)
    for decision in (
        "Find a local football club",
        "Arrange a dental check",
        "Update the pathway plan",
    ):
        assert decision in text
    assert "29 June 2026" in text and "26 November 2026" in text
    assert ADDRESS in text  # asked for
    if style == "letter":
        assert "Dear Dawit," in text
        assert "I want to play football and learn English quickly." in text
        assert "Grace Okafor (Social worker) will do this by Monday 29 June 2026" in text
        assert "Your next review will be on Thursday 26 November 2026" in text
    else:
        assert "Record of the statutory review" in text
        assert "PN1: attended and spoke for themselves" in text
        assert "Helen Marsh" in text and "Apologies" in text
        assert "The permanence plan" in text


def test_the_docx_has_real_headings_and_a_decisions_table(demo, recorded, tmp_path):
    out = tmp_path / "formal.docx"
    main(
        [
            "--db",
            str(demo.path),
            "export",
            "review",
            str(recorded),
            "--format",
            "docx",
            "--style",
            "formal",
            "--out",
            str(out),
        ]
    )
    document = Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Record of the statutory review", "Attendance"]
    assert "Decisions" in headings
    decisions = next(
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == ["Decision", "Owner", "Role", "Due by"]
    )
    assert [c.text for c in decisions.rows[1].cells][:2] == [
        "Find a local football club",
        "Grace Okafor",
    ]
    assert len(decisions.rows) == 4


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("style", ["letter", "formal"])
def test_redaction_leaves_out_the_address(demo, recorded, tmp_path, fmt, style):
    out = tmp_path / f"redacted.{fmt}"
    assert (
        main(
            [
                "--db",
                str(demo.path),
                "export",
                "review",
                str(recorded),
                "--format",
                fmt,
                "--style",
                style,
                "--redact-address",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = out.read_text() if fmt == "md" else docx_text(out)
    assert ADDRESS not in text and "Example Gardens" not in text
    assert "Find a local football club" in text


def test_a_review_not_held_is_refused_plainly(demo, tmp_path, capsys):
    planned = demo.conn.execute("SELECT id FROM reviews WHERE status = 'planned'").fetchone()[0]
    assert (
        main(
            [
                "--db",
                str(demo.path),
                "export",
                "review",
                str(planned),
                "--format",
                "md",
                "--style",
                "letter",
                "--out",
                str(tmp_path / "x.md"),
            ]
        )
        == 2
    )
    assert "has not been held" in capsys.readouterr().err
    assert not (tmp_path / "x.md").exists()


def test_the_markdown_formal_record_has_real_tables(demo, recorded, tmp_path):
    """The rule under a table's headers was escaped ('| \\--- |'): no Markdown reader,
    nor the app's own preview, saw a table, only lines of pipes."""
    from markdown_it import MarkdownIt

    out = tmp_path / "formal.md"
    code = main(
        ["--db", str(demo.path), "export", "review", str(recorded), "--format", "md"]
        + ["--style", "formal", "--out", str(out)]
    )
    assert code == 0
    text = out.read_text()
    assert "\\---" not in text
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    # The details, attendance, essential matters and decisions (no consultations here).
    assert sum(t.type == "table_open" for t in tokens) == 4
    cells = [t.content for t in tokens if t.type == "inline"]
    # The decisions table's first row, cell by cell.
    at = cells.index("Find a local football club")
    assert cells[at : at + 3] == ["Find a local football club", "Grace Okafor", "Social worker"]


def test_the_docx_details_table_has_no_empty_first_row(demo, recorded, tmp_path):
    out = tmp_path / "formal.docx"
    main(
        ["--db", str(demo.path), "export", "review", str(recorded), "--format", "docx"]
        + ["--style", "formal", "--out", str(out)]
    )
    details = Document(str(out)).tables[0]
    assert all(cell.text for cell in details.rows[0].cells)


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("style", ["letter", "formal"])
def test_the_address_is_left_out_unless_asked_for_as_in_the_app(
    demo, recorded, tmp_path, fmt, style, capsys
):
    base = ["--db", str(demo.path), "export", "review", str(recorded), "--format", fmt]
    plain_out, with_out = tmp_path / f"plain.{fmt}", tmp_path / f"with.{fmt}"
    assert main([*base, "--style", style, "--out", str(plain_out)]) == 0
    assert main([*base, "--style", style, "--with-address", "--out", str(with_out)]) == 0
    read = (lambda p: p.read_text()) if fmt == "md" else docx_text
    # Not in the venue either: a review is often held at the placement.
    assert "Example Gardens" not in read(plain_out)
    assert "Example Gardens" in read(with_out)
    assert "Foster home, 12 Example Gardens" in read(with_out)
    said = capsys.readouterr().out
    what = "letter to the child" if style == "letter" else "formal record"
    assert f"wrote the {what} for review {recorded} (without the placement address)" in said
    assert f"wrote the {what} for review {recorded} (with the placement address)" in said


def test_a_last_review_before_18_says_so_in_the_letter_and_the_record(demo, tmp_path):
    """Mohamed turns 18 on Wed 08/07/2026: after a review on 01/06/2026 no other falls
    due. The letter said "We will agree the date of your next review soon"."""
    record = ReviewRecord(
        held_date=date(2026, 6, 1),
        participation_code="PN7",
        matters={"permanence": "Staying put with his carers after 18"},
    )
    review_id = save_review_record(demo, "100104", 65, record)  # his booked review, held
    base = ["--db", str(demo.path), "export", "review", str(review_id), "--format", "md"]
    letter, formal = tmp_path / "letter.md", tmp_path / "formal.md"
    assert main([*base, "--style", "letter", "--out", str(letter)]) == 0
    assert main([*base, "--style", "formal", "--out", str(formal)]) == 0
    assert (
        "This was your last review before you turn 18 on Wednesday 08 July 2026."
        in letter.read_text()
    )
    assert "agree the date of your next review" not in letter.read_text()
    assert (
        "None: the child turns 18 on Wednesday 08 July 2026, before another review falls due"
        in formal.read_text()
    )


def test_a_review_before_the_final_one_names_the_next_not_the_last(demo, tmp_path):
    """Mohamed's review of 22/01/2026 (review 18) was not his last before 18: his final
    review is booked for Thu 04/06/2026. The letter said "This was your last review"."""
    base = ["--db", str(demo.path), "export", "review", "18", "--format", "md"]
    letter, formal = tmp_path / "letter.md", tmp_path / "formal.md"
    assert main([*base, "--style", "letter", "--out", str(letter)]) == 0
    assert main([*base, "--style", "formal", "--out", str(formal)]) == 0
    assert "Your next review will be on Thursday 04 June 2026." in letter.read_text()
    assert "last review" not in letter.read_text()
    assert "Thursday 04 June 2026 (booked)" in formal.read_text()
    # Not booked: the final review's window, 6 to 4 weeks before the 18th birthday on
    # Wed 08/07/2026, from Wed 27/05 to Wed 10/06/2026.
    demo.conn.execute("DELETE FROM reviews WHERE id = 65")
    demo.conn.commit()
    assert main([*base, "--style", "letter", "--out", str(letter), "--replace"]) == 0
    assert main([*base, "--style", "formal", "--out", str(formal), "--replace"]) == 0
    assert (
        "Your last review before you turn 18 will be between Wednesday 27 May 2026 and "
        "Wednesday 10 June 2026: we will agree the date soon." in letter.read_text()
    )
    assert (
        "The final review before 18, between Wednesday 27 May 2026 and Wednesday 10 June "
        "2026: not yet booked" in formal.read_text()
    )


def test_a_review_with_another_to_come_before_18_does_not_say_last(demo, recorded, tmp_path):
    out = tmp_path / "letter.md"
    base = ["--db", str(demo.path), "export", "review", str(recorded), "--format", "md"]
    assert main([*base, "--style", "letter", "--out", str(out)]) == 0
    assert "last review before you turn 18" not in out.read_text()


def test_a_child_who_gave_views_is_never_told_we_did_not_hear_them(demo, tmp_path):
    """Review 18 (Mohamed, from the demo's history) is coded PN1, he spoke for himself,
    but holds no words: the letter said "We did not hear your views this time"."""
    from iro_tui.interchange.documents import review_blocks

    blocks, warnings = review_blocks(demo, 18, "letter", True)
    text = " ".join(str(b.text) for b in blocks)
    assert "did not hear your views" not in text and "did not share" not in text
    assert "Thank you for telling us what you think at your review." in text
    assert any(w.startswith("The child's views are not written down, though PN1") for w in warnings)


def test_a_docx_does_not_name_python_docx_as_its_author(demo, recorded, tmp_path):
    out = tmp_path / "letter.docx"
    base = ["--db", str(demo.path), "export", "review", str(recorded), "--format", "docx"]
    assert main([*base, "--style", "letter", "--out", str(out)]) == 0
    properties = Document(str(out)).core_properties
    assert (properties.author, properties.last_modified_by, properties.comments) == ("", "", "")
    assert properties.title == "Your review on Monday 01 June 2026"


def test_a_docx_on_a_full_disk_is_refused_in_words_and_nothing_left_behind(
    demo, recorded, tmp_path, monkeypatch, capsys
):
    """A full disk met as the .docx is written: python-docx's zip file was left open,
    and Python printed its traceback as it was thrown away (seen with 0 and 12 KB free
    on a tmpfs)."""
    import builtins
    import errno
    import gc
    import io
    import sys

    real_open = io.open

    class FullDisk:
        """A file on a disk with room for 2 KB: a write past it fails, and so does
        every flush and close after (the bytes still waiting cannot go anywhere)."""

        def __init__(self, handle):
            self._handle, self._written, self._full = handle, 0, False

        def __getattr__(self, name):
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

        def _refuse(self):
            self._full = True
            raise OSError(errno.ENOSPC, "No space left on device")

        def write(self, data):
            self._written += len(data)
            if self._full or self._written > 2048:
                self._refuse()
            return self._handle.write(data)

        def flush(self):
            if self._full:
                self._refuse()
            self._handle.flush()

        def close(self):
            self._handle.close()
            if self._full:
                self._refuse()

    def opening(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if "w" in mode and str(file).endswith(".docx"):
            return FullDisk(handle)
        return handle

    thrown_away = []
    monkeypatch.setattr(sys, "unraisablehook", thrown_away.append)
    monkeypatch.setattr(builtins, "open", opening)
    monkeypatch.setattr(io, "open", opening)
    out = tmp_path / "record.docx"
    base = ["--db", str(demo.path), "export", "review", str(recorded), "--format", "docx"]
    code = main([*base, "--style", "formal", "--out", str(out)])
    gc.collect()
    assert code == 2
    assert capsys.readouterr().err == f"iro-tui: could not write {out}: No space left on device\n"
    assert thrown_away == []
    assert list(tmp_path.glob("*.docx")) == []


def test_right_to_left_words_in_a_docx_are_marked_so(tmp_path):
    """A child's views in Arabic, quoted in an English letter, had no right-to-left mark:
    Word laid them out left to right, the punctuation around them out of place."""
    import docx
    from docx.oxml.ns import qn

    from iro_tui.interchange.blocks import Block, to_docx

    said = "You told us: “أريد البقاء مع عائلتي.” Thank you."
    path = tmp_path / "letter.docx"
    to_docx([Block("p", said), Block("bullets", items=("Ring עדן on Friday",))], path)
    paragraphs = docx.Document(str(path)).paragraphs

    def runs(paragraph):
        return [
            (
                run.text,
                run._element.rPr is not None and run._element.rPr.find(qn("w:rtl")) is not None,
            )
            for run in paragraph.runs
        ]

    assert paragraphs[0].text == said  # the words unchanged, only marked
    # The full stop and the closing quotation mark belong to the English around the quote:
    # kept in the Arabic run, the quotation mark stood at its far (left) end.
    assert runs(paragraphs[0]) == [
        ("You told us: “", False),
        ("أريد البقاء مع عائلتي", True),
        (".” Thank you.", False),
    ]
    assert runs(paragraphs[1]) == [("Ring ", False), ("עדן", True), (" on Friday", False)]


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_the_formal_record_says_seen_alone_and_advocacy(demo, tmp_path, fmt):
    """Recorded at the review, the child seen alone and advocacy offered and wanted were
    left out of the formal record (the child's voice: handbook 3.33-3.36)."""
    record = ReviewRecord(
        held_date=date(2026, 6, 1),
        participation_code="PN1",
        child_views="I want to stay at my school.",
        attendees=[Attendee(name="Dawit Tesfay", role="Child", attendance="attended")],
        seen_alone=True,
        advocacy_offered=True,
        advocacy_wanted=True,
        advocate_name="Ms Ruth Amankwah",
        decisions=[
            DecisionDraft(
                text="Refer to the advocacy service",
                owner_name="Grace Okafor",
                owner_role="Social worker",
                due_date=date(2026, 6, 15),
            )
        ],
        next_review_date=date(2026, 11, 26),
    )
    review_id = save_review_record(demo, "100101", None, record)
    out = tmp_path / f"formal.{fmt}"
    code = main(
        ["--db", str(demo.path), "export", "review", str(review_id), "--format", fmt]
        + ["--style", "formal", "--out", str(out)]
    )
    assert code == 0
    text = docx_text(out) if fmt == "docx" else out.read_text()
    assert "Seen alone by the IRO" in text
    assert "offered: yes; wanted by the child: yes; advocate: Ms Ruth Amankwah" in text


def test_the_formal_record_names_attendees_roles_in_words(demo, tmp_path):
    """An imported or older review's attendance keeps roles as codes: the formal record
    sent to a family showed "social_worker" and "team_manager" (an adversarial check),
    though its decisions table said "Social worker"."""
    record = ReviewRecord(
        held_date=date(2026, 6, 1),
        participation_code="PN1",
        child_views="Fine.",
        attendees=[
            Attendee(name="Dawit Tesfay", role="Child", attendance="attended"),
            Attendee(name="Grace Okafor", role="social_worker", attendance="attended"),
            Attendee(name="Helen Marsh", role="team_manager", attendance="apologies"),
        ],
    )
    review = save_review_record(demo, "100101", None, record)
    out = tmp_path / "formal.md"
    code = main(
        ["--db", str(demo.path), "export", "review", str(review), "--format", "md"]
        + ["--style", "formal", "--out", str(out)]
    )
    assert code == 0
    text = out.read_text()
    assert "social_worker" not in text and "team_manager" not in text
    assert "| Grace Okafor | Social worker | Attended |" in text.replace("  ", " ")


def test_a_document_already_there_is_not_written_over_without_replace(demo, recorded, tmp_path):
    """A letter or record is edited by hand before it is sent: a second export to the same
    name wrote over it (the letter over the formal record) without a word (an adversarial
    check). As the report's --out: refused, unless --replace."""
    out = tmp_path / "kidane.md"
    export = ["--db", str(demo.path), "export", "review", str(recorded), "--format", "md"]
    assert main([*export, "--style", "formal", "--out", str(out)]) == 0
    out.write_text(out.read_text() + "\nEdited by the IRO.\n")
    edited = out.read_text()
    assert main([*export, "--style", "letter", "--out", str(out)]) == 2
    assert out.read_text() == edited
    assert main([*export, "--style", "letter", "--out", str(out), "--replace"]) == 0
    assert "Edited by the IRO." not in out.read_text()


def test_with_no_next_review_set_the_letter_and_record_give_the_latest_date(demo, tmp_path):
    """Yonas's (100103) 3rd review, 26/03/2026, with no next review set nor booked: the
    letter said only "we will agree the date soon" and the record "not set", though the
    law sets the latest: 6 months on, Sat 26/09/2026 (an adversarial check)."""
    base = ["--db", str(demo.path), "export", "review", "12", "--format", "md"]
    letter, formal = tmp_path / "letter.md", tmp_path / "formal.md"
    assert main([*base, "--style", "letter", "--out", str(letter)]) == 0
    assert main([*base, "--style", "formal", "--out", str(formal)]) == 0
    assert (
        "Your next review will be by Saturday 26 September 2026 at the latest: we will "
        "agree the date soon." in letter.read_text()
    )
    assert "Not yet booked: due by Saturday 26 September 2026 at the latest" in formal.read_text()
