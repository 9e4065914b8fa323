-- 0005_org_staff.sql — organisation units and the powers granted to streets
-- (plan clauses 1, 2, 3, 5); enforcement staff, certificates, training,
-- professional background, conflicts of interest and the expert pool
-- (plan clauses 7, 8, 9, 10). Plain SQL with STRICT tables.
--
-- Dates with legal meaning are calendar dates 'YYYY-MM-DD'; both ends of a
-- [from, to] period are inclusive, to NULL = open. Times are UTC ISO-8601.
-- Nothing here is deleted: units, grants, certificates, training records,
-- qualifications and conflicts are voided / revoked with a reason.

-- Units (table from 0001): code (e.g. the unit's credit code), the short
-- name used in document numbers (（青）应急罚〔2026〕12号 → '青'), contacts,
-- and voiding instead of deletion.
ALTER TABLE unit ADD COLUMN code TEXT;
ALTER TABLE unit ADD COLUMN short_name TEXT;
ALTER TABLE unit ADD COLUMN phone TEXT;
ALTER TABLE unit ADD COLUMN address TEXT;
ALTER TABLE unit ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
  CHECK (status IN ('active','voided'));
ALTER TABLE unit ADD COLUMN voided_at TEXT;
ALTER TABLE unit ADD COLUMN void_reason TEXT;
ALTER TABLE unit ADD COLUMN updated_at TEXT;
CREATE UNIQUE INDEX unit_code ON unit(code);
CREATE INDEX unit_parent ON unit(parent_id);
CREATE INDEX unit_region ON unit(region);

-- Powers granted to a street unit (授权 'grant' / 委托 'entrust') for one
-- catalog item. item_code is catalog_item.code (the catalog lives in its own
-- migration; no foreign key on purpose: a code names a matter across catalog
-- versions). A revocation takes effect on revoked_from: acts before that
-- date stay covered.
CREATE TABLE unit_power(
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES unit(id),
  item_code     TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('grant','entrust')),
  valid_from    TEXT NOT NULL,
  valid_to      TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
  document      TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  revoked_from  TEXT,
  revoked_at    TEXT,
  revoked_by    TEXT,
  revoke_reason TEXT
) STRICT;
CREATE INDEX unit_power_unit ON unit_power(unit_id, item_code);

-- People of the service. kind: officer 执法人员, assistant 安监员 (assist
-- only), legal 法制审核, leader 领导, expert 专家. Background for the
-- "professional" flag (plan clause 9): education with major and whether it
-- is emergency-management related, and the date practice began.
CREATE TABLE person(
  id                INTEGER PRIMARY KEY,
  unit_id           INTEGER NOT NULL REFERENCES unit(id),
  kind              TEXT NOT NULL CHECK (kind IN ('officer','assistant','legal','leader','expert')),
  name              TEXT NOT NULL,
  id_number         TEXT NOT NULL UNIQUE,
  phone             TEXT,
  position          TEXT NOT NULL DEFAULT '',
  account_id        INTEGER UNIQUE REFERENCES account(id),
  status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','left')),
  left_on           TEXT,
  left_reason       TEXT,
  education         TEXT NOT NULL DEFAULT '' CHECK (education IN
                      ('','doctor','master','bachelor','college','secondary','other')),
  major             TEXT NOT NULL DEFAULT '',
  education_related INTEGER NOT NULL DEFAULT 0 CHECK (education_related IN (0,1)),
  practice_since    TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX person_unit ON person(unit_id);

-- Enforcement certificates (执法证). status is the current one; the
-- history with effective dates is certificate_status, so that "was it valid
-- on date D" has an answer for past dates too.
CREATE TABLE certificate(
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES person(id),
  number      TEXT NOT NULL UNIQUE,
  issuer      TEXT NOT NULL,
  valid_from  TEXT NOT NULL,
  valid_to    TEXT NOT NULL CHECK (valid_to >= valid_from),
  status      TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','suspended','revoked')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX certificate_person ON certificate(person_id);
CREATE INDEX certificate_to ON certificate(valid_to);

CREATE TABLE certificate_status(
  id             INTEGER PRIMARY KEY,
  certificate_id INTEGER NOT NULL REFERENCES certificate(id),
  status         TEXT NOT NULL CHECK (status IN ('valid','suspended','revoked')),
  effective_on   TEXT NOT NULL,
  reason         TEXT NOT NULL,
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL
) STRICT;
CREATE INDEX certificate_status_cert ON certificate_status(certificate_id, effective_on);

-- Training (入职 induction / 轮训 rotation / 专项 special), hours and exam.
CREATE TABLE training(
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES person(id),
  kind        TEXT NOT NULL CHECK (kind IN ('induction','rotation','special')),
  title       TEXT NOT NULL,
  held_on     TEXT NOT NULL,
  hours       INTEGER NOT NULL CHECK (hours > 0),
  exam        TEXT NOT NULL DEFAULT 'none' CHECK (exam IN ('none','pass','fail')),
  score       INTEGER CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
  organiser   TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  voided_at   TEXT,
  void_reason TEXT
) STRICT;
CREATE INDEX training_person ON training(person_id);

-- Professional qualifications (注册安全工程师 …); related: counts toward
-- the professional flag.
CREATE TABLE qualification(
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES person(id),
  name        TEXT NOT NULL,
  number      TEXT NOT NULL DEFAULT '',
  obtained_on TEXT,
  related     INTEGER NOT NULL DEFAULT 1 CHECK (related IN (0,1)),
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  voided_at   TEXT,
  void_reason TEXT
) STRICT;
CREATE INDEX qualification_person ON qualification(person_id);

-- Conflicts of interest (回避): person ↔ enterprise. enterprise_id is
-- enterprise.id (the ledger lives in its own migration; no foreign key on
-- purpose); the credit code and name are copied for display.
CREATE TABLE conflict(
  id               INTEGER PRIMARY KEY,
  person_id        INTEGER NOT NULL REFERENCES person(id),
  enterprise_id    INTEGER NOT NULL CHECK (enterprise_id > 0),
  enterprise_uscc  TEXT NOT NULL DEFAULT '',
  enterprise_name  TEXT NOT NULL,
  reason           TEXT NOT NULL,
  valid_from       TEXT NOT NULL,
  valid_to         TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  voided_at        TEXT,
  void_reason      TEXT
) STRICT;
CREATE INDEX conflict_person ON conflict(person_id, enterprise_id);
CREATE INDEX conflict_enterprise ON conflict(enterprise_id);

-- The expert pool (执法+专家, plan clause 15): one row per person of kind
-- expert. The phone is the person's.
CREATE TABLE expert(
  person_id    INTEGER PRIMARY KEY REFERENCES person(id),
  field        TEXT NOT NULL,
  title        TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  contact      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX expert_field ON expert(field);
