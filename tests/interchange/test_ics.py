"""The diary as .ics: parsed back with icalendar, matching the agenda exactly."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from iro_tui.__main__ import main
from iro_tui.domain.agenda import build_agenda
from iro_tui.interchange.ics import CALENDAR_KINDS, export_diary
from iro_tui.store.records import load_diary

STAMP = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def events(path):
    calendar = Calendar.from_ical(path.read_bytes())
    return [c for c in calendar.walk("VEVENT")]


def test_events_match_the_agenda_and_name_no_one(demo, today, tmp_path):
    path = tmp_path / "diary.ics"
    count = export_diary(demo, today, path, STAMP)
    expected = [
        i
        for i in build_agenda(load_diary(demo, today), demo.rulebook(), today)
        if i.kind in CALENDAR_KINDS
    ]
    found = events(path)
    assert count == len(found) == len(expected) > 40
    by_uid = {str(e["UID"]): e for e in found}
    for item in expected:
        event = by_uid[f"{item.key}@iro-tui"]
        start = event.decoded("DTSTART")
        assert (start.date() if isinstance(start, datetime) else start) == item.due
    # Kidane's review meeting: Fri 5 Jun 2026 14:00 London time, 90 minutes.
    meeting = next(
        e
        for e in found
        if "Review meeting" in str(e["SUMMARY"]) and "(100108)" in str(e["SUMMARY"])
    )
    assert str(meeting["SUMMARY"]) == "Review meeting – KB (100108)"
    assert meeting.decoded("DTSTART").isoformat() == "2026-06-05T14:00:00+01:00"
    assert meeting.decoded("DTEND").isoformat() == "2026-06-05T15:30:00+01:00"
    deadline = by_uid["deadline-100102@iro-tui"]
    assert str(deadline["SUMMARY"]) == "Review deadline – AR (100102)"
    assert deadline.decoded("DTSTART") == date(2026, 5, 27)
    # No child's full name anywhere in the file by default.
    text = path.read_text()
    for case in demo.load_cases():
        assert case.child.display_name not in text
        assert case.child.family_name not in text


def test_uids_are_stable_across_exports(demo, today, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    export_diary(demo, today, first, STAMP)
    export_diary(demo, today, second, datetime(2026, 6, 2, tzinfo=UTC))
    uids = [sorted(str(e["UID"]) for e in events(p)) for p in (first, second)]
    assert uids[0] == uids[1] and len(set(uids[0])) == len(uids[0])


def test_full_names_only_when_the_setting_says_so(demo, today, tmp_path, capsys):
    assert main(["--db", str(demo.path), "config", "set", "calendar_full_names", "yes"]) == 0
    path = tmp_path / "full.ics"
    export_diary(demo, today, path, STAMP)
    assert "Ahmad Rahimi (100102)" in path.read_text()
    assert main(["--db", str(demo.path), "config", "set", "calendar_full_names", "maybe"]) == 2
    assert "calendar_full_names must be one of yes, no" in capsys.readouterr().err


def test_the_cli_writes_the_file_and_refuses_a_missing_folder(demo, tmp_path, capsys):
    path = tmp_path / "cli.ics"
    assert main(["--db", str(demo.path), "--today", "2026-06-01", "export", "ics", str(path)]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert len(events(path)) > 40
    assert main(["--db", str(demo.path), "export", "ics", str(tmp_path / "no" / "x.ics")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_decision_text_stays_out_of_the_calendar_by_default(demo, today, tmp_path):
    path = tmp_path / "d.ics"
    export_diary(demo, today, path, STAMP)
    assert "CAMHS" not in path.read_text()


def test_the_time_zone_named_by_timed_events_is_defined(demo, today, tmp_path):
    """Every TZID used has its VTIMEZONE (RFC 5545 3.2.19), with summer and winter time."""
    from icalendar import Calendar

    out = tmp_path / "diary.ics"
    export_diary(demo, today, out, STAMP)
    calendar = Calendar.from_ical(out.read_bytes())
    timed = [e for e in calendar.walk("VEVENT") if "TZID" in e["DTSTART"].params]
    assert timed, "the demo has timed appointments"
    assert {e["DTSTART"].params["TZID"] for e in timed} == {"Europe/London"}
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    assert {c.name for c in zones[0].subcomponents} >= {"STANDARD", "DAYLIGHT"}
    # 10:00 in June is 09:00 UTC: the time survives a round trip through the zone.
    booked = next(e for e in timed if e.decoded("DTSTART").date().isoformat() == "2026-06-05")
    assert booked.decoded("DTSTART").utcoffset().total_seconds() == 3600


def test_every_diary_deadline_is_in_the_calendar_and_appointments_end_when_set(
    demo, today, tmp_path
):
    """The calendar held 53 of the diary's 74 items: no mid-point checks, replies due,
    follow-ups, final reviews or pathway plans; and every appointment ended an hour
    after it began, whatever its end time."""
    path = tmp_path / "diary.ics"
    export_diary(demo, today, path, STAMP)
    agenda = build_agenda(load_diary(demo, today), demo.rulebook(), today)
    found = {str(e["UID"]): e for e in events(path)}
    assert {f"{i.key}@iro-tui" for i in agenda} == set(found)
    kinds = {str(e["CATEGORIES"].cats[0]) for e in found.values()}
    assert {"midpoint", "escalation", "final-review", "pathway-plan"} <= kinds
    midpoint = next(e for e in found.values() if "Mid-point monitoring check" in str(e["SUMMARY"]))
    assert str(midpoint["SUMMARY"]).startswith("Mid-point monitoring check – ")
    for item in agenda:
        if item.kind == "appointment" and item.until:
            event = found[f"{item.key}@iro-tui"]
            assert event.decoded("DTEND").strftime("%H:%M") == item.until
    assert any(i.kind == "appointment" and i.until for i in agenda)


def test_a_child_with_no_name_is_their_id_not_a_question_mark(demo, today, tmp_path):
    demo.conn.execute(
        "UPDATE children SET given_name = NULL, family_name = NULL WHERE child_ref = '100102'"
    )
    demo.conn.commit()
    path = tmp_path / "diary.ics"
    export_diary(demo, today, path, STAMP)
    deadline = {str(e["UID"]): e for e in events(path)}["deadline-100102@iro-tui"]
    assert str(deadline["SUMMARY"]) == "Review deadline – child 100102"


def test_a_childs_appointment_place_stays_out_of_the_calendar_by_default(demo, today, tmp_path):
    """ "KB (100108)" with "11:00-12:00 Foster home, Croydon": where a child lives, synced
    to phones beside their initials."""
    path = tmp_path / "diary.ics"
    export_diary(demo, today, path, STAMP)
    agenda = build_agenda(load_diary(demo, today), demo.rulebook(), today)
    found = {str(e["UID"]): e for e in events(path)}
    theirs = [i for i in agenda if i.kind == "appointment" and i.child]
    own = [i for i in agenda if i.kind == "appointment" and not i.child]
    assert theirs and own
    for item in theirs:
        assert "DESCRIPTION" not in found[f"{item.key}@iro-tui"]
    for item in own:
        assert str(found[f"{item.key}@iro-tui"]["DESCRIPTION"]) == item.detail


def test_a_calendar_or_report_named_without_its_extension_gets_it(demo, tmp_path, capsys):
    """The command line wrote the name given ("diary"): a file no calendar opens by
    double-clicking. The app's form added .ics; the commands now do as it does."""
    demo.close()
    base = ["--db", str(demo.path), "--today", "2026-06-01"]
    assert main([*base, "export", "ics", str(tmp_path / "diary")]) == 0
    assert capsys.readouterr().out.endswith(f"events to {tmp_path / 'diary.ics'}\n")
    assert (tmp_path / "diary.ics").read_text().startswith("BEGIN:VCALENDAR")
    assert main([*base, "report", "annual", "--year", "2025-26", "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r.md").read_text().startswith("# ")
    out = str(tmp_path / "figures")
    assert main([*base, "report", "annual", "--year", "2025-26", "--json", "--out", out]) == 0
    assert (tmp_path / "figures.json").read_text().lstrip().startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo")) == [
        "diary.ics",
        "figures.json",
        "r.md",
    ]


def test_a_name_already_there_is_left_as_typed_for_the_checks(demo, tmp_path, capsys):
    """/dev/null typed became /dev/null.ics, a new file beside the device, past the
    check that refuses special files; a link or a file already there likewise."""
    demo.close()
    (tmp_path / "kept").write_text("a file of the IRO's own\n")
    base = ["--db", str(demo.path), "--today", "2026-06-01", "export", "ics"]
    assert main([*base, str(tmp_path / "kept")]) == 2
    assert not (tmp_path / "kept.ics").exists()
    assert (tmp_path / "kept").read_text() == "a file of the IRO's own\n"


def test_a_calendar_or_report_is_never_written_over_a_file_of_another_kind(demo, tmp_path, capsys):
    """`export ics report.md` wrote a calendar over the IRO's edited report draft, and
    `report annual --json --out report.md` JSON into it."""
    demo.close()
    draft = tmp_path / "report.md"
    draft.write_text("# My edited annual report\n")
    base = ["--db", str(demo.path), "--today", "2026-06-01"]
    assert main([*base, "export", "ics", str(draft)]) == 2
    assert capsys.readouterr().err == (
        f"iro-tui: {draft} is already there and is not a calendar file (.ics): give a name "
        "ending in .ics, or another name\n"
    )
    assert main([*base, "report", "annual", "--json", "--out", str(draft)]) == 2
    assert "is not a report draft (.json)" in capsys.readouterr().err
    assert draft.read_text() == "# My edited annual report\n"
    # A name ending in a dot gets one dot: "trail." is trail.ics, not trail..ics.
    assert main([*base, "export", "ics", str(tmp_path / "trail.")]) == 0
    assert (tmp_path / "trail.ics").exists()


def test_a_report_draft_already_there_is_written_over_only_with_replace(demo, tmp_path, capsys):
    """`report annual --out notes.md` wrote over the IRO's own notes without a word."""
    demo.close()
    notes = tmp_path / "notes.md"
    notes.write_text("# my notes\n")
    base = ["--db", str(demo.path), "--today", "2026-06-01", "report", "annual"]
    assert main([*base, "--out", str(notes)]) == 2
    assert capsys.readouterr().err == (
        f"iro-tui: {notes} is already there (a draft you may have edited): give another "
        "name, or add --replace to write over it\n"
    )
    assert notes.read_text() == "# my notes\n"
    assert main([*base, "--out", str(notes), "--replace"]) == 0
    assert notes.read_text().startswith("# ") and "my notes" not in notes.read_text()
