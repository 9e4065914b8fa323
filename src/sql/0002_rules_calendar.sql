-- 0002_rules_calendar.sql — the working-day calendar, versioned legal
-- parameters (rule sets) and discretion benchmarks (裁量基准).
-- Plan clauses 12 and 13; numbers from shared RULES.md. Nothing here is
-- deleted: older versions are voided or superseded, with the audit chain.

-- ---- working-day calendar ---------------------------------------------
-- One row per loaded version of a year's official arrangement (国务院办公厅
-- 关于某年部分节假日安排的通知). A year is "covered" when it has a version
-- that is not voided; replacing a year voids the old version (kept).
CREATE TABLE calendar_year(
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
  source      TEXT NOT NULL,            -- document and 文号
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  voided_at   TEXT,
  voided_by   TEXT,
  void_reason TEXT
) STRICT;
CREATE UNIQUE INDEX calendar_year_current ON calendar_year(year) WHERE voided_at IS NULL;

-- The special days of one version: holidays (放假, also on weekends) and
-- make-up working days (调休上班, always a Saturday or Sunday). Any other
-- Monday–Friday is a working day, any other Saturday/Sunday a rest day.
CREATE TABLE calendar_day(
  version_id  INTEGER NOT NULL REFERENCES calendar_year(id),
  date        TEXT NOT NULL,             -- YYYY-MM-DD
  kind        TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
  name        TEXT NOT NULL,
  PRIMARY KEY(version_id, date)
) STRICT;
CREATE INDEX calendar_day_date ON calendar_day(date);

CREATE TRIGGER calendar_day_no_update BEFORE UPDATE ON calendar_day
BEGIN SELECT RAISE(ABORT, 'calendar days are kept as loaded'); END;
CREATE TRIGGER calendar_day_no_delete BEFORE DELETE ON calendar_day
BEGIN SELECT RAISE(ABORT, 'calendar days are kept as loaded'); END;
CREATE TRIGGER calendar_year_no_delete BEFORE DELETE ON calendar_year
BEGIN SELECT RAISE(ABORT, 'calendar versions are voided, never deleted'); END;

-- ---- versioned rule sets ----------------------------------------------
-- The set in force on a date D is the published set with the latest
-- effective_from <= D. Drafts are edited, then published (immutable from
-- then on) or voided. Publishing a set with the same effective date as a
-- published one supersedes it (a correction); superseded sets stay readable
-- because cases record the set they used.
CREATE TABLE rule_set(
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  legal_source   TEXT NOT NULL,
  effective_from TEXT NOT NULL,          -- YYYY-MM-DD
  status         TEXT NOT NULL CHECK (status IN ('draft','published','superseded','void')),
  base_id        INTEGER REFERENCES rule_set(id),
  note           TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  published_at   TEXT,
  published_by   TEXT,
  retroactive_reason TEXT,               -- set when published with effective_from < today
  superseded_by  INTEGER REFERENCES rule_set(id),
  voided_at      TEXT,
  voided_by      TEXT,
  void_reason    TEXT
) STRICT;
CREATE UNIQUE INDEX rule_set_in_force ON rule_set(effective_from) WHERE status='published';
CREATE INDEX rule_set_status ON rule_set(status, effective_from);

-- One legal parameter of a set. unit says how to use value: days (calendar
-- days, moved past rest days at the end), workdays, hours, months, years,
-- fen (money), percent, count.
CREATE TABLE rule_value(
  set_id    INTEGER NOT NULL REFERENCES rule_set(id),
  key       TEXT NOT NULL,
  value     INTEGER NOT NULL,
  unit      TEXT NOT NULL CHECK (unit IN ('days','workdays','hours','months','years',
              'fen','percent','count')),
  label     TEXT NOT NULL,               -- 中文 name
  source    TEXT NOT NULL,               -- legal source
  verified  INTEGER NOT NULL CHECK (verified IN (0,1)),   -- 0 = 待核
  note      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(set_id, key)
) STRICT;

-- Published, superseded and voided sets are immutable (also when the
-- application has a bug). The only change a published set may still see is
-- being superseded.
CREATE TRIGGER rule_set_frozen BEFORE UPDATE ON rule_set
WHEN OLD.status<>'draft' AND NOT (OLD.status='published' AND NEW.status='superseded'
  AND NEW.name=OLD.name AND NEW.effective_from=OLD.effective_from
  AND NEW.legal_source=OLD.legal_source)
BEGIN SELECT RAISE(ABORT, 'rule set is not a draft: immutable'); END;
CREATE TRIGGER rule_set_no_delete BEFORE DELETE ON rule_set
BEGIN SELECT RAISE(ABORT, 'rule sets are voided, never deleted'); END;
CREATE TRIGGER rule_value_frozen BEFORE UPDATE ON rule_value
WHEN (SELECT status FROM rule_set WHERE id=OLD.set_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'rule set is not a draft: immutable'); END;
CREATE TRIGGER rule_value_frozen_insert BEFORE INSERT ON rule_value
WHEN (SELECT status FROM rule_set WHERE id=NEW.set_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'rule set is not a draft: immutable'); END;
CREATE TRIGGER rule_value_no_delete BEFORE DELETE ON rule_value
BEGIN SELECT RAISE(ABORT, 'rule values are never deleted'); END;

-- ---- discretion benchmarks (裁量基准) ------------------------------------
-- One version of one benchmark row. The version in force on D for a code
-- is the published one with the latest effective_from <= D whose
-- effective_to (if any) is >= D. Money in fen.
CREATE TABLE benchmark(
  id                   INTEGER PRIMARY KEY,
  code                 TEXT NOT NULL,
  version              INTEGER NOT NULL,
  violation            TEXT NOT NULL,          -- 违法行为
  violated_provision   TEXT NOT NULL,          -- 违法条款
  penalty_provision    TEXT NOT NULL,          -- 处罚依据
  max_org_fen          INTEGER NOT NULL CHECK (max_org_fen>=0),
  max_person_fen       INTEGER NOT NULL CHECK (max_person_fen>=0),
  overdue_max_org_fen    INTEGER NOT NULL CHECK (overdue_max_org_fen>=0),
  overdue_max_person_fen INTEGER NOT NULL CHECK (overdue_max_person_fen>=0),
  source               TEXT NOT NULL,          -- 应急管理部令第12号, 应急〔2024〕90号, local
  verified             INTEGER NOT NULL CHECK (verified IN (0,1)),
  note                 TEXT NOT NULL DEFAULT '',
  effective_from       TEXT NOT NULL,
  effective_to         TEXT,
  status               TEXT NOT NULL CHECK (status IN ('draft','published','superseded','void')),
  created_at           TEXT NOT NULL,
  created_by           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  published_at         TEXT,
  published_by         TEXT,
  superseded_by        INTEGER REFERENCES benchmark(id),
  voided_at            TEXT,
  voided_by            TEXT,
  void_reason          TEXT,
  UNIQUE(code, version)
) STRICT;
CREATE UNIQUE INDEX benchmark_in_force ON benchmark(code, effective_from) WHERE status='published';

-- Ordered tiers of one benchmark version. overdue=1: the escalation that
-- applies when the party did not correct in time (逾期未改正); such tiers
-- come after the ordinary ones and are bounded by the overdue maxima. A
-- NULL range means that party is not fined in this tier.
CREATE TABLE benchmark_tier(
  benchmark_id   INTEGER NOT NULL REFERENCES benchmark(id),
  ord            INTEGER NOT NULL CHECK (ord>=1),
  condition      TEXT NOT NULL,
  overdue        INTEGER NOT NULL CHECK (overdue IN (0,1)),
  org_min_fen    INTEGER,
  org_max_fen    INTEGER,
  person_min_fen INTEGER,
  person_max_fen INTEGER,
  measures       TEXT NOT NULL DEFAULT '',     -- other penalties: 警告, 责令停产停业整顿 …
  PRIMARY KEY(benchmark_id, ord)
) STRICT;

CREATE TRIGGER benchmark_frozen BEFORE UPDATE ON benchmark
WHEN OLD.status<>'draft' AND NOT (OLD.status='published' AND NEW.status='superseded'
  AND NEW.code=OLD.code AND NEW.version=OLD.version AND NEW.effective_from=OLD.effective_from)
BEGIN SELECT RAISE(ABORT, 'benchmark is not a draft: immutable'); END;
CREATE TRIGGER benchmark_no_delete BEFORE DELETE ON benchmark
BEGIN SELECT RAISE(ABORT, 'benchmarks are voided, never deleted'); END;
CREATE TRIGGER benchmark_tier_frozen_insert BEFORE INSERT ON benchmark_tier
WHEN (SELECT status FROM benchmark WHERE id=NEW.benchmark_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'benchmark is not a draft: immutable'); END;
CREATE TRIGGER benchmark_tier_frozen_update BEFORE UPDATE ON benchmark_tier
WHEN (SELECT status FROM benchmark WHERE id=OLD.benchmark_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'benchmark is not a draft: immutable'); END;
CREATE TRIGGER benchmark_tier_frozen_delete BEFORE DELETE ON benchmark_tier
WHEN (SELECT status FROM benchmark WHERE id=OLD.benchmark_id)<>'draft'
BEGIN SELECT RAISE(ABORT, 'benchmark is not a draft: immutable'); END;
