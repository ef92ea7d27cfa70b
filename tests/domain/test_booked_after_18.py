"""A review booked on or after the 18th birthday (made before a date of birth was put
right, or imported) is no looked-after review (domain.md, "Turning 18"): the diary said
it as any other meeting, with checklist tasks after the young person had left care, and
the letter told them "your next review will be" on it (an adversarial check on a whole
authority's store: 17 such bookings)."""

from datetime import date

from iro_tui.domain.agenda import build_agenda
from iro_tui.domain.agenda_types import DiaryData
from iro_tui.domain.recording import after_the_review
from iro_tui.domain.rulebook import load_rulebook

from .builders import case, episode

ENGLAND = load_rulebook("england")
# Born 06/06/2008: 18 on Sat 06/06/2026. In care since 2024, reviewed 10/03/2026.
AMARA = dict(dob="2008-06-06", held=["2024-02-01", "2024-05-01", "2026-03-10"])


def test_a_booking_after_the_18th_birthday_is_said_so_with_no_checklist_work():
    c = case(episode("2024-01-08"), booked=["2026-07-20"], **AMARA)
    today = date(2026, 6, 1)
    items = [i for i in build_agenda(DiaryData(cases=[c]), ENGLAND, today) if i.child == "T1"]
    booked = [i for i in items if i.kind == "booked-review"]
    assert [(i.due, i.title) for i in booked] == [
        (date(2026, 7, 20), "Review booked on or after the 18th birthday: cancel it")
    ]
    assert booked[0].detail.startswith("turns 18 on 06/06/2026: no looked-after review then")
    assert not [i for i in items if i.kind == "pre-review"]


def test_the_letter_never_names_a_review_after_the_18th_birthday_as_the_next():
    c = case(episode("2024-01-08"), booked=["2026-07-20"], **AMARA)
    after = after_the_review(c, date(2026, 3, 10), ENGLAND)
    assert after.booked is None
    before = case(episode("2024-01-08"), booked=["2026-05-20", "2026-07-20"], **AMARA)
    assert after_the_review(before, date(2026, 3, 10), ENGLAND).booked == date(2026, 5, 20)
