"""The IRO's settings: what each one means, what it may hold, and why a value is refused.

One list, used by the command line (`iro-tui config get/set KEY`) and by the
settings screen, so the two can never accept different things. Values are stored
as text in the store's `settings` table (audited like every other table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iro_tui.domain.fields import FieldProblem, email_address, phone_number
from iro_tui.errors import BadInput

IDLE_MAX_MINUTES = 24 * 60  # a day; 0 means never lock


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    choices: tuple[str, ...] = ()  # empty: free text, checked by `check`
    default: str | None = None
    hint: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("iro_name", "Your name (signs letters to children)", hint="As a child would know you"),
    Setting("iro_phone", "Your phone number (in letters to children)"),
    Setting("iro_email", "Your email address (in letters to children)"),
    Setting("authority_name", "The authority (heads the annual report)"),
    Setting(
        "ons_code",
        "The authority's ONS code",
        hint="A letter and eight digits, like E09000001 (City of London)",
    ),
    Setting(
        "rulebook",
        "Statutory rulebook",
        ("england", "jersey"),
        "england",
        hint="England: CPPCR 2010 reg 33; Jersey: IRO Handbook 2013 3.23",
    ),
    Setting(
        "idle_lock_minutes",
        "Lock the screen after this many idle minutes",
        default="5",
        hint=f"A whole number from 1 to {IDLE_MAX_MINUTES}; 0 never locks (not advised)",
    ),
    Setting(
        "drp_ladder",
        "Dispute resolution ladder (formal stages)",
        hint="Each stage and its working days, like: Team manager=5; Service manager=5; "
        "Cafcass referral=10. Empty: the rulebook's. The stages should fit 20 working days",
    ),
    Setting(
        "calendar_full_names",
        "Full names in calendar exports",
        ("yes", "no"),
        "no",
        hint="No: initials and ID only, since calendars sync beyond this laptop",
    ),
    Setting(
        "keymap",
        "Your own keys (a key's name from F1, then the key)",
        hint="Like: caseload.filter=ctrl+g; diary.refresh=f9. Empty: the usual keys",
    ),
)
SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}
# Settings that an empty value clears, and what is in force then. Any other setting
# typed empty on the command line is refused: a blank name is a slip, not a wish.
EMPTY_MEANS = {"keymap": "the usual keys", "drp_ladder": "the rulebook's ladder"}
DEFAULTS = {s.key: s.default for s in SETTINGS if s.default is not None}

# ONS (GSS) area codes: one letter for the nation (E England, W Wales, S Scotland,
# N Northern Ireland) and eight digits; English councils are E06-E10.
# A binding's name as F1 shows it (screen.action) and a Textual key (ctrl+g, f9, x).
BINDING_ID = re.compile(r"^[a-z_]+\.[a-z_]+$")
KEY_NAME = re.compile(r"^(?:(?:ctrl|shift|alt|super|meta)\+)*[a-z0-9_]+$")


def parse_keymap(text: str) -> dict[str, str]:
    """'caseload.filter=ctrl+g; diary.refresh=f9' as {name: key}; BadInput names the
    pair that is wrong. Whether each name exists is for the app, which has the keys."""
    mapping: dict[str, str] = {}
    for number, part in enumerate((p.strip() for p in text.split(";")), start=1):
        if not part:
            continue
        name, equals, key = (x.strip() for x in part.partition("="))
        if not equals or not BINDING_ID.match(name) or not KEY_NAME.match(key.lower()):
            raise BadInput(
                f"key {number} '{part}' is not name=key: the name as F1 shows it "
                "(like caseload.filter) and a key (like ctrl+g or f9)"
            )
        mapping[name] = key.lower()
    return mapping


ONS_CODE = re.compile(r"^[ENSW]\d{8}$")


def check_setting(key: str, value: str) -> str:
    """The value to store (trimmed), or FieldProblem(key, why) in plain words."""
    setting = SETTINGS_BY_KEY.get(key)
    if setting is None:
        raise FieldProblem(key, f"'{key}' is not a setting")
    value = value.strip()
    if not value:
        raise FieldProblem(key, f"{setting.label} cannot be empty")
    if key == "rulebook" and value not in setting.choices:
        raise FieldProblem(
            key, f"unknown rulebook '{value}': choose one of {', '.join(setting.choices)}"
        )
    if setting.choices and value not in setting.choices:
        raise FieldProblem(key, f"{key} must be one of {', '.join(setting.choices)}")
    if key == "ons_code":
        value = value.upper()
        if not ONS_CODE.match(value):
            raise FieldProblem(
                key,
                f"'{value}' is not an ONS code: it is a letter (E for England) and "
                "eight digits, like E09000001",
            )
    elif key == "iro_email":
        email_address(key, value)
    elif key == "iro_phone":
        phone_number(key, value)
    elif key == "idle_lock_minutes":
        if not value.isdigit() or int(value) > IDLE_MAX_MINUTES:
            raise FieldProblem(
                key,
                # Said in the words of the box, not the setting's name.
                f"the minutes before the screen locks must be a whole number from 0 (never "
                f"lock) to {IDLE_MAX_MINUTES}, not '{value}'",
            )
        value = str(int(value))
    elif key == "keymap":
        try:
            value = "; ".join(f"{name}={k}" for name, k in parse_keymap(value).items())
        except BadInput as problem:
            raise FieldProblem(key, str(problem)) from None
    elif key == "drp_ladder":
        # Here, not at the top: the CLI's parser imports this module for the settings'
        # names, and `--help` or `locate` need no rulebook (nor `holidays`).
        from iro_tui.domain.rulebook import parse_drp_ladder

        try:  # names the stage that is wrong; stored tidied
            value = "; ".join(f"{name}={days}" for name, days in parse_drp_ladder(value))
        except BadInput as problem:
            raise FieldProblem(key, str(problem)) from None
    return value
