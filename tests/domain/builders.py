"""Small builders so each deadline test reads as the case it checks."""

from datetime import date

from iro_tui.domain.models import Child, ChildCase, Episode, Review


def d(text: str) -> date:
    return date.fromisoformat(text)


def episode(decom, rne="S", ls="V2", place="U6", dec=None, rec=None, reason=None) -> Episode:
    return Episode(
        decom=d(decom),
        rne=rne,
        ls=ls,
        cin="N8",
        place=place,
        place_provider="PR4",
        dec=d(dec) if dec else None,
        rec=rec,
        reason_place_change=reason,
    )


def case(*episodes: Episode, held=(), booked=(), dob="2010-05-05", red_list=False) -> ChildCase:
    reviews = [Review(status="held", held_date=d(h)) for h in held]
    reviews += [Review(status="planned", scheduled_date=d(b)) for b in booked]
    child = Child(child_ref="T1", dob=d(dob), sex="M", red_list=red_list)
    return ChildCase(child=child, episodes=episodes, reviews=tuple(reviews))
