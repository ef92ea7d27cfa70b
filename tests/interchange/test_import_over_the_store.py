"""A return imported over what the store already holds (store/from_a_return.py).

The one-year fixture is the 2025-26 return. A "2026-27 return" is written here from it:
900002 leaves care on 01/06/2026 (E11), 900001's ethnicity is corrected, and it holds a
review of 900001's on 20/04/2026 coded PN1, which the IRO recorded in the app as PN6.
"""

import shutil
from datetime import date

import pytest

from iro_tui.domain.agenda import build_agenda
from iro_tui.interchange.import903 import import_903
from iro_tui.paths import fixtures_dir
from iro_tui.store.records import load_diary

ONE_YEAR = fixtures_dir() / "903-oneyear"
SPRING = date(2026, 4, 15)
AUTUMN = date(2026, 10, 1)


@pytest.fixture
def later_return(tmp_path):
    folder = tmp_path / "2026-27"
    shutil.copytree(ONE_YEAR, folder)
    header = folder / "header.csv"
    header.write_text(
        header.read_text().replace("900001,F,14/02/2011,WBRI", "900001,F,14/02/2011,WIRI")
    )
    episodes = folder / "episodes.csv"
    episodes.write_text(
        episodes.read_text().replace(
            "900002,20/08/2025,T,C2,N4,U4,PR4,,,",
            "900002,20/08/2025,T,C2,N4,U4,PR4,01/06/2026,E11,",
        )
    )
    reviews = folder / "reviews.csv"
    reviews.write_text(reviews.read_text() + "900001,14/02/2011,20/04/2026,PN1\n")
    return folder


def recorded_in_the_app(store, child_ref, held, code):
    """A held review as the recording screen leaves it: completed, with views."""
    with store.transaction():
        store.conn.execute(
            "INSERT INTO reviews (child_id, status, held_date, scheduled_date, completed_date,"
            " participation_code, child_views) VALUES (?, 'held', ?, ?, ?, ?, ?)",
            [store.child_id(child_ref), held, held, held, code, "Sent by text to the IRO."],
        )


def column(store, sql, *params):
    return store.conn.execute(sql, params).fetchone()[0]


def test_a_later_return_keeps_the_code_of_a_review_recorded_in_the_app_and_says_so(
    store, later_return
):
    import_903(store, ONE_YEAR, SPRING)
    recorded_in_the_app(store, "900001", "2026-04-20", "PN6")
    summary = import_903(store, later_return, AUTUMN)
    code = column(
        store,
        "SELECT participation_code FROM reviews WHERE held_date = '2026-04-20' "
        "AND child_id = (SELECT id FROM children WHERE child_ref = '900001')",
    )
    assert code == "PN6"
    said = summary.describe()
    assert (
        "child 900001, review of 20/04/2026 recorded in the app: REVIEW_CODE (participation) "
        "PN6 (the return: PN1)" in said
    )
    # What it did change, it says: the corrected ethnicity, and 900002's leaving care.
    assert "child 900001: ETHNIC WBRI to WIRI" in said
    assert "child 900002, episode from 20/08/2025: DEC (ended) blank to 01/06/2026" in said
    assert column(store, "SELECT ethnicity FROM children WHERE child_ref = '900001'") == "WIRI"


def test_an_older_return_imported_again_does_not_undo_a_later_one(store, later_return):
    import_903(store, ONE_YEAR, SPRING)
    import_903(store, later_return, AUTUMN)
    summary = import_903(store, ONE_YEAR, AUTUMN)
    ended = store.conn.execute(
        "SELECT dec, rec FROM episodes WHERE decom = '2025-08-20' "
        "AND child_id = (SELECT id FROM children WHERE child_ref = '900002')"
    ).fetchone()
    assert tuple(ended) == ("2026-06-01", "E11")
    assert column(store, "SELECT ethnicity FROM children WHERE child_ref = '900001'") == "WIRI"
    said = summary.describe()
    assert "the 2025-26 return is older than one already imported" in said
    assert "child 900001: ETHNIC WIRI (the return: WBRI)" in said
    # 900002 left care on 01/06/2026 and stays off the diary.
    items = build_agenda(load_diary(store, AUTUMN), store.rulebook(), AUTUMN)
    assert not [i for i in items if i.child == "900002" and i.kind == "review"]


def test_a_return_never_blanks_an_ending_the_store_holds(store):
    import_903(store, ONE_YEAR, SPRING)
    # The IRO recorded 900002 leaving care in the app; then the same return again.
    with store.transaction():
        store.conn.execute(
            "UPDATE episodes SET dec = '2026-04-10', rec = 'E4A' WHERE decom = '2025-08-20'"
        )
    summary = import_903(store, ONE_YEAR, SPRING)
    ended = store.conn.execute(
        "SELECT dec, rec FROM episodes WHERE decom = '2025-08-20'"
    ).fetchone()
    assert tuple(ended) == ("2026-04-10", "E4A")
    said = summary.describe()
    assert (
        "child 900002, episode from 20/08/2025: DEC (ended) 10/04/2026 (the return: blank)" in said
    )
    assert "a return never blanks what the store holds" in said


def test_a_child_in_care_left_out_of_a_later_return_is_named(store, later_return):
    import_903(store, ONE_YEAR, SPRING)
    for name in ("header.csv", "episodes.csv", "reviews.csv"):
        path = later_return / name
        path.write_text(
            "".join(row for row in path.read_text().splitlines(True) if "900003" not in row)
        )
    said = import_903(store, later_return, AUTUMN).describe()
    assert "1 child in care in the store but not in this return: 900003" in said


def test_an_older_return_imports_though_a_later_one_closed_an_episode_it_has_open(
    store, later_return
):
    """900002 moved on 01/06/2026 (X1, a new episode that day) in the 2026-27 return; the
    2025-26 return has the episode before it open. It was refused as overlapping the
    store's next episode, so no older return could be imported at all."""
    episodes = later_return / "episodes.csv"
    episodes.write_text(
        episodes.read_text().replace(",01/06/2026,E11,", ",01/06/2026,X1,CARPL").rstrip("\n")
        + "\n900002,01/06/2026,P,C2,N4,U4,PR4,,,,,,\n"
    )
    import_903(store, later_return, AUTUMN)
    summary = import_903(store, ONE_YEAR, AUTUMN)
    ended = store.conn.execute(
        "SELECT dec, rec FROM episodes WHERE decom = '2025-08-20'"
    ).fetchone()
    assert tuple(ended) == ("2026-06-01", "X1")
    assert (
        "child 900002, episode from 20/08/2025: DEC (ended) 01/06/2026 (the return: blank)"
        in summary.describe()
    )


def test_an_older_return_keeps_the_end_of_a_missing_episode(store, later_return, tmp_path):
    """MIS_END 05/04/2026 from the later return was blanked by the older one's open
    episode: the Missing file was written over the store without the rules."""
    older = tmp_path / "2025-26"
    shutil.copytree(ONE_YEAR, older)
    (older / "missing.csv").write_text(
        "CHILD,DOB,MISSING,MIS_START,MIS_END\n900001,14/02/2011,M,20/03/2026,\n"
    )
    (later_return / "missing.csv").write_text(
        "CHILD,DOB,MISSING,MIS_START,MIS_END\n900001,14/02/2011,M,20/03/2026,05/04/2026\n"
    )
    import_903(store, later_return, AUTUMN)
    summary = import_903(store, older, AUTUMN)
    assert column(store, "SELECT mis_end FROM missing_episodes") == "2026-04-05"
    assert (
        "child 900001, missing from 20/03/2026: MIS_END 05/04/2026 (the return: blank)"
        in summary.describe()
    )


def test_one_date_after_the_year_end_is_said_for_what_it_is(store, tmp_path):
    """The 2025-26 return with one episode ending 15/04/2026: read as the 2026-27 return
    (its latest date decides), it was said to hold reviews "over more than one collection
    year", untrue; and a corrected 2025-26 return imported after it, changing nothing,
    said both "the store held all of it already" and that it kept the store's values
    where they differ (an adversarial check)."""
    wrong = tmp_path / "wrong"
    shutil.copytree(ONE_YEAR, wrong)
    episodes = wrong / "episodes.csv"
    episodes.write_text(
        episodes.read_text().replace(
            "900002,20/08/2025,T,C2,N4,U4,PR4,,,",
            "900002,20/08/2025,T,C2,N4,U4,PR4,15/04/2026,E11,",
        )
    )
    said = import_903(store, wrong, AUTUMN).notices
    [year] = [n for n in said if n.startswith("read as the 2026-27 return by its latest date")]
    assert year == (
        "read as the 2026-27 return by its latest date, child 900002's episode ending "
        "15/04/2026, though its reviews all fall in 2025-26: if it is the 2025-26 return, "
        "that date is after its year's end (31/03/2026) and wrong, and a 2025-26 return "
        "imported after this one only fills in what the store lacks"
    )
    assert not [n for n in said if "over more than one collection year" in n]
    corrected = import_903(store, ONE_YEAR, AUTUMN)
    assert corrected.notices[0] == (
        "nothing changed: where the return differs, the store's values were kept (below)"
    )
    assert corrected.describe().startswith("the return holds ")
    assert not [n for n in corrected.notices if "held all of it already" in n]


def test_a_review_date_put_right_in_a_corrected_return_is_said(store, tmp_path):
    """The corrected 2025-26 return moves a review of 900001's by two days: it was added
    beside the wrong one, counted twice, and the diary counted on from the stale date,
    without a word, then said but kept, the deadline past the law's until the IRO
    cancelled it (adversarial checks). The return's own stale review is cancelled."""
    import_903(store, ONE_YEAR, AUTUMN)
    reviews = (ONE_YEAR / "reviews.csv").read_text().splitlines()
    first = next(line for line in reviews[1:] if line.startswith("900001,"))
    child, dob, held, code = first.split(",")[:4]
    day, month, year = held.split("/")
    moved = (
        f"{int(day) - 2:02d}/{month}/{year}"
        if int(day) > 2
        else f"{int(day) + 2:02d}/{month}/{year}"
    )
    corrected = tmp_path / "corrected"
    shutil.copytree(ONE_YEAR, corrected)
    (corrected / "reviews.csv").write_text(
        "\n".join(line.replace(first, first.replace(held, moved)) for line in reviews) + "\n"
    )
    said = import_903(store, corrected, AUTUMN).notices
    [left_out] = [n for n in said if "not in this one" in n]
    assert left_out == (
        "1 review of 2025-26 from an earlier return, not in this one, which holds every "
        f"review of its year, now cancelled: 900001 on {held} (a date put right: the "
        "deadlines count from the return's. If one was held that day, Enter on it on the "
        "child's Reviews tab puts it back)"
    )
    iso = "-".join(reversed(held.split("/")))
    assert store.conn.execute(
        "SELECT status, held_date, scheduled_date FROM reviews WHERE scheduled_date = ? "
        "OR held_date = ?",
        [iso, iso],
    ).fetchall() == [("cancelled", None, iso)]


def test_a_review_recorded_in_the_app_is_never_cancelled_by_a_return(store, tmp_path):
    """Only a return's own reviews are cancelled by a later one: a review the IRO
    recorded (its views, its completion) is theirs."""
    import_903(store, ONE_YEAR, AUTUMN)
    child_id = store.child_id("900001")
    with store.transaction():
        store.conn.execute(
            "UPDATE reviews SET child_views = 'Wants to stay' WHERE child_id = ? "
            "AND held_date = '2025-11-06'",
            [child_id],
        )
    corrected = tmp_path / "corrected"
    shutil.copytree(ONE_YEAR, corrected)
    reviews = corrected / "reviews.csv"
    reviews.write_text(
        reviews.read_text().replace("900001,14/02/2011,06/11/2025", "900001,14/02/2011,04/11/2025")
    )
    said = import_903(store, corrected, AUTUMN).notices
    assert not any("now cancelled" in n for n in said)
    assert store.conn.execute(
        "SELECT status FROM reviews WHERE child_id = ? AND held_date = '2025-11-06'",
        [child_id],
    ).fetchone() == ("held",)


def test_an_episode_a_corrected_return_takes_out_is_said(store, tmp_path):
    """900002's episode from 20/08/2025 is taken out of a corrected 2025-26 return: the
    store kept it without a word (an adversarial check). Said, not removed."""
    import_903(store, ONE_YEAR, AUTUMN)
    corrected = tmp_path / "corrected"
    shutil.copytree(ONE_YEAR, corrected)
    episodes = (corrected / "episodes.csv").read_text().splitlines()
    kept = [line for line in episodes if not line.startswith("900002,20/08/2025,")]
    assert len(kept) == len(episodes) - 1
    (corrected / "episodes.csv").write_text("\n".join(kept) + "\n")
    said = import_903(store, corrected, AUTUMN).notices
    [left_out] = [n for n in said if "episode" in n and "not in this return" in n]
    assert left_out == (
        "1 episode open in 2025-26 in the store, not in this return, which holds every "
        "episode open in its year: 900002 from 20/08/2025 (taken out of a corrected return, "
        "or typed in the app? The store keeps it, and the deadlines count it)"
    )
    again = import_903(store, ONE_YEAR, AUTUMN).notices
    assert not [n for n in again if "episode" in n and "not in this return" in n]


def test_an_episode_over_before_the_return_s_year_is_not_said_left_out(store, later_return):
    """The 2026-27 return need not hold 900002's episode that ended 20/08/2025."""
    import_903(store, ONE_YEAR, SPRING)
    episodes = later_return / "episodes.csv"
    episodes.write_text(
        "\n".join(
            line
            for line in episodes.read_text().splitlines()
            if not line.startswith("900002,03/02/2025,")
        )
        + "\n"
    )
    said = import_903(store, later_return, AUTUMN).notices
    assert not [n for n in said if "episode" in n and "not in this return" in n], said


def test_an_older_return_with_a_date_put_right_says_so_and_cancels_nothing(store, tmp_path):
    """A year's own return imported after a later one (an April extract read as the next
    year) only fills in: its review put right was taken in beside the stale one without
    a word (an adversarial check). It changes nothing the later one brought, and says."""
    from iro_tui.interchange.import903 import RETURNS_SETTING

    import_903(store, ONE_YEAR, AUTUMN)
    store.set_setting(RETURNS_SETTING, "2026,2027")  # a 2026-27 return held since
    corrected = tmp_path / "corrected"
    shutil.copytree(ONE_YEAR, corrected)
    reviews = corrected / "reviews.csv"
    reviews.write_text(
        reviews.read_text().replace("900001,14/02/2011,06/11/2025", "900001,14/02/2011,04/11/2025")
    )
    said = import_903(store, corrected, AUTUMN).notices
    assert any("only filled in" in n for n in said)
    [left_out] = [n for n in said if "not in this one" in n]
    assert "900001 on 06/11/2025" in left_out and "now cancelled" not in left_out
    assert "The store keeps it, and counts it" in left_out
    assert store.conn.execute(
        "SELECT count(*) FROM reviews r JOIN children c ON c.id = r.child_id "
        "WHERE c.child_ref = '900001' AND r.status = 'cancelled'"
    ).fetchone() == (0,)
