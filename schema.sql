-- iro-tui store schema. The whole model; later issues add screens, not tables.
-- Version: PRAGMA user_version at the end. A fresh store runs this file; an older
-- store is upgraded by iro_tui/store/migrations.py, step by step.
-- Dates are ISO text (YYYY-MM-DD) and are checked: date(x, '+0 days') IS x rejects 2026-02-30.
-- Audit triggers are generated from this schema by iro_tui/store/audit.py.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE children (
    id                  INTEGER PRIMARY KEY,
    child_ref           TEXT NOT NULL UNIQUE,          -- 903 CHILD
    given_name          TEXT,
    family_name         TEXT,
    preferred_name      TEXT,
    dob                 TEXT NOT NULL CHECK (date(dob, '+0 days') IS dob),
    sex                 TEXT NOT NULL CHECK (sex IN ('M', 'F', 'U')),
    ethnicity           TEXT,                          -- 903 ETHNIC
    upn                 TEXT,                          -- 903 UPN
    mother              INTEGER CHECK (mother IN (0, 1)),  -- 903 MOTHER
    mc_dob              TEXT CHECK (mc_dob IS NULL OR date(mc_dob, '+0 days') IS mc_dob),
    first_language      TEXT,
    interpreter_needed  INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_needed IN (0, 1)),
    communication_needs TEXT,
    uasc                INTEGER NOT NULL DEFAULT 0 CHECK (uasc IN (0, 1)),
    uasc_ceased         TEXT CHECK (uasc_ceased IS NULL OR date(uasc_ceased, '+0 days') IS uasc_ceased), -- 903 DUC
    disability          TEXT,
    red_list            INTEGER NOT NULL DEFAULT 0 CHECK (red_list IN (0, 1))
, joined_on TEXT CHECK (joined_on IS NULL OR date(joined_on, '+0 days') IS joined_on));
-- joined_on (v8, written as ALTER TABLE ADD COLUMN writes it, so an upgraded store's
-- schema reads the same): the day the child joined this IRO's caseload (the intake, an
-- import); NULL before v8 and for the demo.

-- One row per 903 episode: a period with one legal status and one placement.
CREATE TABLE episodes (
    id                  INTEGER PRIMARY KEY,
    child_id            INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    decom               TEXT NOT NULL CHECK (date(decom, '+0 days') IS decom),
    rne                 TEXT NOT NULL,
    ls                  TEXT NOT NULL,
    cin                 TEXT NOT NULL,
    place               TEXT NOT NULL,
    place_provider      TEXT,
    dec                 TEXT CHECK (dec IS NULL OR (date(dec, '+0 days') IS dec AND dec >= decom)),
    rec                 TEXT,
    reason_place_change TEXT,
    home_post           TEXT,
    pl_post             TEXT,
    urn                 TEXT,
    UNIQUE (child_id, decom)
);

-- What the 903 does not carry about a placement.
CREATE TABLE placements (
    id            INTEGER PRIMARY KEY,
    episode_id    INTEGER NOT NULL UNIQUE REFERENCES episodes(id) ON DELETE CASCADE,
    provider_name TEXT,
    carer_name    TEXT,
    address       TEXT,
    area          TEXT,                 -- the local authority area it is in
    out_of_area   INTEGER NOT NULL DEFAULT 0 CHECK (out_of_area IN (0, 1)),
    phone         TEXT,
    notes         TEXT
);

CREATE TABLE people (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('social_worker', 'team_manager', 'carer',
                    'parent', 'advocate', 'independent_visitor', 'other')),
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    relationship TEXT,
    organisation TEXT,
    phone        TEXT,
    email        TEXT,
    address      TEXT,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    notes        TEXT
);

-- review_number (v3): which review of the period of care this was, when known
-- (recorded in the app, or typed in when taking over a caseload); a 903 return
-- does not carry it, so domain/history.py works it out where it can.
CREATE TABLE reviews (
    id                      INTEGER PRIMARY KEY,
    child_id                INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    status                  TEXT NOT NULL CHECK (status IN ('planned', 'held', 'adjourned', 'cancelled')),
    additional              INTEGER NOT NULL DEFAULT 0 CHECK (additional IN (0, 1)), -- IRO-directed
    scheduled_date          TEXT CHECK (scheduled_date IS NULL OR date(scheduled_date, '+0 days') IS scheduled_date),
    scheduled_time          TEXT,
    venue                   TEXT,
    late_booking_reason     TEXT,   -- booked after the statutory deadline: why
    held_date               TEXT CHECK (held_date IS NULL OR date(held_date, '+0 days') IS held_date),
    series                  INTEGER NOT NULL DEFAULT 0 CHECK (series IN (0, 1)),
    completed_date          TEXT CHECK (completed_date IS NULL OR date(completed_date, '+0 days') IS completed_date),
    adjourned_reason        TEXT,
    cancelled_reason        TEXT,
    participation_code      TEXT CHECK (participation_code IS NULL OR participation_code IN
                                ('PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7')),
    late_reason             TEXT,   -- held after its deadline: why
    child_views             TEXT,
    parents_views           TEXT,
    carers_views            TEXT,
    advocacy_offered        INTEGER CHECK (advocacy_offered IN (0, 1)),
    advocacy_wanted         INTEGER CHECK (advocacy_wanted IN (0, 1)),
    advocate_name           TEXT,
    seen_alone              INTEGER CHECK (seen_alone IN (0, 1)),
    next_review_date        TEXT CHECK (next_review_date IS NULL OR date(next_review_date, '+0 days') IS next_review_date),
    next_review_reason      TEXT,
    decisions_sent_date     TEXT CHECK (decisions_sent_date IS NULL OR date(decisions_sent_date, '+0 days') IS decisions_sent_date),
    record_sent_date        TEXT CHECK (record_sent_date IS NULL OR date(record_sent_date, '+0 days') IS record_sent_date),
    care_plan_updated_date  TEXT CHECK (care_plan_updated_date IS NULL OR date(care_plan_updated_date, '+0 days') IS care_plan_updated_date),
    manager_response        TEXT CHECK (manager_response IS NULL OR manager_response IN ('agreed', 'objected')),
    manager_response_date   TEXT CHECK (manager_response_date IS NULL OR date(manager_response_date, '+0 days') IS manager_response_date),
    review_number INTEGER CHECK (review_number IS NULL OR review_number >= 1),
    CHECK (status != 'held' OR held_date IS NOT NULL),
    CHECK (status != 'planned' OR scheduled_date IS NOT NULL)
);
CREATE INDEX reviews_child ON reviews(child_id, status);

-- The essential matters considered at a review (IRO Handbook 3.38).
CREATE TABLE review_matters (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    matter    TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, matter)
);

-- A review being recorded autosaves here until it is saved for real: one draft per
-- child, which may or may not belong to a booked review yet (v2).
CREATE TABLE review_drafts (
    child_id  INTEGER PRIMARY KEY REFERENCES children(id) ON DELETE CASCADE,
    review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL,
    payload   TEXT NOT NULL CHECK (json_valid(payload)),
    saved_at  TEXT NOT NULL
);

-- Autosaves of a form being typed (a footprint note), by the form it is for ('note' for
-- the quick note, 'note:<CHILD>' on a child): a note typed at a placement and lost to a
-- flat battery is given back when the form opens again. Not audited (audit.py).
CREATE TABLE form_drafts (
    form      TEXT PRIMARY KEY,
    payload   TEXT NOT NULL CHECK (json_valid(payload)),
    saved_at  TEXT NOT NULL
);

CREATE TABLE checklist_items (
    id        INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    item      TEXT NOT NULL,
    state     TEXT NOT NULL DEFAULT 'not_done' CHECK (state IN ('not_done', 'done', 'not_applicable')),
    done_date TEXT CHECK (done_date IS NULL OR date(done_date, '+0 days') IS done_date),
    reason    TEXT,   -- why not applicable
    note      TEXT,
    UNIQUE (review_id, item),
    CHECK (state != 'done' OR done_date IS NOT NULL),
    CHECK (state != 'not_applicable' OR length(trim(coalesce(reason, ''))) > 0)
);

CREATE TABLE consultations (
    id            INTEGER PRIMARY KEY,
    review_id     INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    person_id     INTEGER REFERENCES people(id) ON DELETE SET NULL,
    consultee     TEXT NOT NULL,   -- name as recorded
    consultee_role TEXT NOT NULL CHECK (consultee_role IN ('child', 'parent', 'carer',
                    'social_worker', 'professional', 'other')),
    method        TEXT NOT NULL CHECK (method IN ('face_to_face', 'phone', 'text',
                    'booklet', 'advocate', 'app', 'email', 'video')),
    consulted_date TEXT NOT NULL CHECK (date(consulted_date, '+0 days') IS consulted_date),
    views         TEXT NOT NULL DEFAULT ''
);

CREATE TABLE attendance (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    person_id  INTEGER REFERENCES people(id) ON DELETE SET NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL,
    attendance TEXT NOT NULL CHECK (attendance IN ('attended', 'sent_views', 'apologies'))
);

CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    review_id       INTEGER REFERENCES reviews(id) ON DELETE SET NULL,
    text            TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    owner_name      TEXT NOT NULL CHECK (length(trim(owner_name)) > 0),
    owner_role      TEXT NOT NULL CHECK (length(trim(owner_role)) > 0),
    made_date       TEXT NOT NULL CHECK (date(made_date, '+0 days') IS made_date),
    due_date        TEXT NOT NULL CHECK (date(due_date, '+0 days') IS due_date AND due_date >= made_date),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    completed_date  TEXT CHECK (completed_date IS NULL OR date(completed_date, '+0 days') IS completed_date),
    CHECK (status != 'done' OR completed_date IS NOT NULL)
);
CREATE INDEX decisions_open ON decisions(status, due_date);

CREATE TABLE decision_progress (
    id            INTEGER PRIMARY KEY,
    decision_id   INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    recorded_date TEXT NOT NULL CHECK (date(recorded_date, '+0 days') IS recorded_date),
    state         TEXT NOT NULL CHECK (state IN ('on_track', 'at_risk', 'overdue', 'done',
                                                 'dropped')),
    note          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE footprint_notes (
    id             INTEGER PRIMARY KEY,
    child_id       INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    note_date      TEXT NOT NULL CHECK (date(note_date, '+0 days') IS note_date),
    kind           TEXT NOT NULL CHECK (kind IN ('visit', 'sw_contact', 'carer_parent_contact',
                      'email', 'midpoint', 'significant_change', 'manager_alert', 'other')),
    text           TEXT NOT NULL CHECK (length(trim(text)) > 0),
    follow_up_date TEXT CHECK (follow_up_date IS NULL OR date(follow_up_date, '+0 days') IS follow_up_date),
    follow_up_done INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_done IN (0, 1))
);

-- Significant changes the SW must notify (IRO Handbook 3.74-3.77).
CREATE TABLE significant_changes (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    category        TEXT NOT NULL,
    notified_date   TEXT NOT NULL CHECK (date(notified_date, '+0 days') IS notified_date),
    detail          TEXT NOT NULL DEFAULT '',
    review_needed   INTEGER CHECK (review_needed IN (0, 1)),
    decision_reason TEXT,
    review_id       INTEGER REFERENCES reviews(id) ON DELETE SET NULL
);

-- Informal challenges and formal dispute resolution (IRO Handbook ch. 6).
CREATE TABLE escalations (
    id            INTEGER PRIMARY KEY,
    child_id      INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('informal', 'formal')),
    theme         TEXT NOT NULL CHECK (theme IN ('permanence', 'legal_status', 'needs_rights',
                      'safeguarding', 'professional_network')),
    issue         TEXT NOT NULL CHECK (length(trim(issue)) > 0),
    opened_date   TEXT NOT NULL CHECK (date(opened_date, '+0 days') IS opened_date),
    resolved_date TEXT CHECK (resolved_date IS NULL OR date(resolved_date, '+0 days') IS resolved_date),
    outcome       TEXT
);

CREATE TABLE escalation_decisions (
    escalation_id INTEGER NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
    decision_id   INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    PRIMARY KEY (escalation_id, decision_id)
);

CREATE TABLE escalation_stages (
    id            INTEGER PRIMARY KEY,
    escalation_id INTEGER NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
    stage_no      INTEGER NOT NULL,
    stage_name    TEXT NOT NULL,
    opened_date   TEXT CHECK (opened_date IS NULL OR date(opened_date, '+0 days') IS opened_date),
    response_due  TEXT CHECK (response_due IS NULL OR date(response_due, '+0 days') IS response_due),
    response      TEXT,
    response_date TEXT CHECK (response_date IS NULL OR date(response_date, '+0 days') IS response_date),
    outcome       TEXT,
    skipped       INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
    skip_reason   TEXT,
    UNIQUE (escalation_id, stage_no),
    CHECK (skipped = 0 OR length(trim(coalesce(skip_reason, ''))) > 0)
);

-- 903 Missing: periods missing (M) or away without authorisation (A).
CREATE TABLE missing_episodes (
    id        INTEGER PRIMARY KEY,
    child_id  INTEGER NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    missing   TEXT NOT NULL CHECK (missing IN ('M', 'A')),
    mis_start TEXT NOT NULL CHECK (date(mis_start, '+0 days') IS mis_start),
    mis_end   TEXT CHECK (mis_end IS NULL OR (date(mis_end, '+0 days') IS mis_end AND mis_end >= mis_start)),
    UNIQUE (child_id, mis_start)
);

-- The IRO's own diary: visits, meetings, conferences, travel.
CREATE TABLE appointments (
    id         INTEGER PRIMARY KEY,
    child_id   INTEGER REFERENCES children(id) ON DELETE SET NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('visit', 'meeting', 'conference', 'travel', 'other')),
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    appt_date  TEXT NOT NULL CHECK (date(appt_date, '+0 days') IS appt_date),
    start_time TEXT CHECK (start_time IS NULL OR strftime('%H:%M', start_time) IS start_time),
    end_time   TEXT CHECK (end_time IS NULL OR strftime('%H:%M', end_time) IS end_time),
    place      TEXT,
    notes      TEXT
);

-- Every insert, update and delete, written by triggers in the same transaction.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    table_name TEXT NOT NULL,
    row_id     INTEGER,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    before     TEXT,
    after      TEXT
);
-- A form notes a record's last audit row when it reads it and checks it again when it
-- saves (no lost update between two windows): found by table and row.
CREATE INDEX audit_by_row ON audit (table_name, row_id);

-- v4: every per-child table is read by child (the child screen, the caseload), and
-- decisions and their progress by review and by decision: without these indexes each
-- of those reads scans the whole table, which on a whole authority is seconds.
CREATE INDEX people_child ON people(child_id);
CREATE INDEX decisions_child ON decisions(child_id, status);
CREATE INDEX decisions_review ON decisions(review_id);
CREATE INDEX decision_progress_decision ON decision_progress(decision_id);
CREATE INDEX significant_changes_child ON significant_changes(child_id);
CREATE INDEX appointments_child ON appointments(child_id);
CREATE INDEX appointments_day ON appointments(appt_date);
CREATE INDEX escalations_child ON escalations(child_id);
CREATE INDEX attendance_review ON attendance(review_id);
CREATE INDEX consultations_review ON consultations(review_id);

-- v6: the diary and the caseload ask, for every child, the date of the latest note
-- and of the latest mid-point note, and every note with a follow-up still to do; the
-- child screen lists a child's notes newest first. Each is now a step in an index,
-- where it read a whole authority's ~200,000 notes (v4's (child_id, kind) index is
-- the first columns of footprint_notes_kind, which replaces it).
CREATE INDEX footprint_notes_child ON footprint_notes(child_id, note_date);
CREATE INDEX footprint_notes_kind ON footprint_notes(child_id, kind, note_date);
CREATE INDEX footprint_notes_follow_up ON footprint_notes(follow_up_date)
    WHERE follow_up_date IS NOT NULL AND follow_up_done = 0;

-- v7: the diary as it was last worked out, kept for the next opening's first paint
-- (store/diary_frames.py): a cache the app rewrites, never a record, so it is left out
-- of the audit trail (store/audit.py). `day` is the day it was worked out for, `basis`
-- what from (the schema version, the last audit row, iro-tui's code); it is shown only
-- when both are as now, and the diary is worked out again straight after.
CREATE TABLE diary_frames (
    day   TEXT PRIMARY KEY,
    basis TEXT NOT NULL,
    frame TEXT NOT NULL CHECK (json_valid(frame))
);

PRAGMA user_version = 10;
