-- 0008_plan.sql — the annual enforcement plan (年度执法计划, plan clause
-- 14; RULES.md "Planning and double-random inspection"), written by
-- src/plan.c.
--
-- A plan is one unit's plan for one year (bureau / brigade: the district
-- level, squads belong to the brigade's plan; street units: their own).
-- Its content lives in versions: version 1 is the plan as first approved,
-- each adjustment (调整) is a new version proposed with a reason and
-- approved the same way. A version is edited only while it is a draft;
-- the triggers below refuse any change to the content of a version that
-- has left the draft state, and nothing here is ever deleted except the
-- rows of a draft being edited.
--
-- Plain SQL, STRICT tables, CHECKs as OR lists (see 0003).

CREATE TABLE plan(
  id           INTEGER PRIMARY KEY,
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  level        TEXT NOT NULL CHECK (level='district' OR level='street'),
  region       TEXT NOT NULL REFERENCES region(code),
  region_path  TEXT NOT NULL,
  title        TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE(unit_id, year)
) STRICT;
CREATE INDEX plan_year ON plan(year, region_path);
CREATE TRIGGER plan_no_delete BEFORE DELETE ON plan
BEGIN SELECT RAISE(ABORT, 'plans are never deleted'); END;

-- One version of a plan. status: draft → submitted → approved → published;
-- submitted → draft when the approver returns it; published → superseded
-- when a later version is published. The budget figures (legal_workdays
-- and where they came from, officers, days_per_inspection) are copied at
-- submission so that an approved version keeps the numbers it was
-- approved with; NULL while a draft (computed live). officers_planned: the
-- planner's headcount, NULL = the officers counted from the staff records.
CREATE TABLE plan_version(
  id                   INTEGER PRIMARY KEY,
  plan_id              INTEGER NOT NULL REFERENCES plan(id),
  version              INTEGER NOT NULL CHECK (version >= 1),
  status               TEXT NOT NULL CHECK (status='draft' OR status='submitted' OR status='approved'
                         OR status='published' OR status='superseded'),
  reason               TEXT,
  officers_planned     INTEGER CHECK (officers_planned IS NULL OR officers_planned BETWEEN 0 AND 10000),
  note                 TEXT NOT NULL DEFAULT '',
  legal_workdays       INTEGER,
  workdays_source      TEXT CHECK (workdays_source IS NULL OR workdays_source='calendar' OR workdays_source='rule'),
  officers             INTEGER,
  days_per_inspection  INTEGER,
  submitted_at         TEXT,
  submitted_by         TEXT,
  approval_document    TEXT,
  approved_on          TEXT,
  approved_at          TEXT,
  approved_by          TEXT,
  published_at         TEXT,
  published_by         TEXT,
  superseded_at        TEXT,
  created_by           TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  UNIQUE(plan_id, version)
) STRICT;
CREATE TRIGGER plan_version_no_delete BEFORE DELETE ON plan_version
BEGIN SELECT RAISE(ABORT, 'plan versions are never deleted'); END;

-- The life of a version: created, submitted, returned (reason), approved
-- (文号, date), published, adjusted — shown as the version history.
CREATE TABLE plan_event(
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL REFERENCES plan_version(id),
  action      TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '',
  actor       TEXT NOT NULL,
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX plan_event_version ON plan_event(version_id, id);
CREATE TRIGGER plan_event_no_update BEFORE UPDATE ON plan_event
BEGIN SELECT RAISE(ABORT, 'plan events are append-only'); END;
CREATE TRIGGER plan_event_no_delete BEFORE DELETE ON plan_event
BEGIN SELECT RAISE(ABORT, 'plan events are append-only'); END;

-- Workday budget: person-days set aside per kind (src/plan.c
-- plan_budget_kinds[]: 10 kinds of other enforcement work, 7 kinds of
-- non-enforcement time).
CREATE TABLE plan_budget(
  version_id  INTEGER NOT NULL REFERENCES plan_version(id),
  kind        TEXT NOT NULL,
  days        INTEGER NOT NULL CHECK (days BETWEEN 0 AND 1000000),
  PRIMARY KEY(version_id, kind)
) STRICT, WITHOUT ROWID;

-- Key enterprises scheduled to a month (period 1–12) or quarter (1–4).
CREATE TABLE plan_entry(
  version_id     INTEGER NOT NULL REFERENCES plan_version(id),
  enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
  period_kind    TEXT NOT NULL CHECK (period_kind='month' OR period_kind='quarter'),
  period         INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12
                   AND (period_kind='month' OR period <= 4)),
  PRIMARY KEY(version_id, enterprise_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX plan_entry_enterprise ON plan_entry(enterprise_id, version_id);

-- General inspections per supervision sector and period: kind random
-- (双随机抽查, drawn later) or routine (日常检查).
CREATE TABLE plan_quota(
  id           INTEGER PRIMARY KEY,
  version_id   INTEGER NOT NULL REFERENCES plan_version(id),
  sector       TEXT NOT NULL REFERENCES sector(code),
  kind         TEXT NOT NULL CHECK (kind='random' OR kind='routine'),
  period_kind  TEXT NOT NULL CHECK (period_kind='month' OR period_kind='quarter'),
  period       INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12
                 AND (period_kind='month' OR period <= 4)),
  count        INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100000),
  UNIQUE(version_id, sector, kind, period_kind, period)
) STRICT;

-- Special campaigns (专项检查): a topic (粉尘涉爆 …), a period, the target
-- (sector and / or hazard feature, NULL = any) and the planned count.
CREATE TABLE plan_campaign(
  id           INTEGER PRIMARY KEY,
  version_id   INTEGER NOT NULL REFERENCES plan_version(id),
  name         TEXT NOT NULL,
  topic        TEXT NOT NULL,
  period_kind  TEXT NOT NULL CHECK (period_kind='month' OR period_kind='quarter'),
  period       INTEGER NOT NULL CHECK (period BETWEEN 1 AND 12
                 AND (period_kind='month' OR period <= 4)),
  sector       TEXT REFERENCES sector(code),
  hazard       TEXT REFERENCES hazard_kind(code),
  count        INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100000),
  note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX plan_campaign_version ON plan_campaign(version_id);

-- Content of a version that has left the draft state is frozen.
CREATE TRIGGER plan_budget_frozen_i BEFORE INSERT ON plan_budget
WHEN (SELECT status FROM plan_version WHERE id=NEW.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_budget_frozen_u BEFORE UPDATE ON plan_budget
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_budget_frozen_d BEFORE DELETE ON plan_budget
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_entry_frozen_i BEFORE INSERT ON plan_entry
WHEN (SELECT status FROM plan_version WHERE id=NEW.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_entry_frozen_u BEFORE UPDATE ON plan_entry
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_entry_frozen_d BEFORE DELETE ON plan_entry
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_quota_frozen_i BEFORE INSERT ON plan_quota
WHEN (SELECT status FROM plan_version WHERE id=NEW.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_quota_frozen_u BEFORE UPDATE ON plan_quota
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_quota_frozen_d BEFORE DELETE ON plan_quota
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_campaign_frozen_i BEFORE INSERT ON plan_campaign
WHEN (SELECT status FROM plan_version WHERE id=NEW.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_campaign_frozen_u BEFORE UPDATE ON plan_campaign
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
CREATE TRIGGER plan_campaign_frozen_d BEFORE DELETE ON plan_campaign
WHEN (SELECT status FROM plan_version WHERE id=OLD.version_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'plan version is not a draft'); END;
