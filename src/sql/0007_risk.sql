-- 0007_risk.sql — risk grading (安全风险分级, plan clauses 14 and 18):
-- the facts of an enterprise's history that its risk score counts
-- (accidents, violations, hazards found, the serious-dishonesty list) and
-- the manual overrides of its grade. The grade itself and the key-
-- enterprise list live in 0006 (enterprise_risk, key_enterprise); the
-- model that turns these rows into a score is src/risk.c, its weights and
-- thresholds are rule keys risk.* (src/rules_data.c).
--
-- Plain SQL, STRICT tables; CHECKs use OR lists (see 0003). Nothing here is
-- deleted: facts are voided and overrides withdrawn, each with a reason.

-- One fact of an enterprise's safety history (风险因素事实). Recorded by
-- hand today (POST /api/v1/risk/enterprises/{id}/facts); the modules of
-- field enforcement, cases and credit append to it later with their own
-- `source` ('inspection', 'case', 'credit', …) and `reference` (the
-- document number or record id). kind:
--   accident            生产安全事故
--   violation           安全生产违法行为（已查实）
--   hazard              一般事故隐患
--   major_hazard_found  重大事故隐患
--   dishonest           列入严重失信主体名单
-- severity: 1 一般, 2 较大, 3 重大, 4 特别重大 (for accidents the legal
-- accident grades; for others the recorder's judgement). occurred_on is
-- the calendar date of the event (the score counts those inside the
-- window risk.window_years).
CREATE TABLE risk_fact(
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
  kind           TEXT NOT NULL CHECK (kind='accident' OR kind='violation' OR kind='hazard'
                   OR kind='major_hazard_found' OR kind='dishonest'),
  occurred_on    TEXT NOT NULL,
  severity       INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
  source         TEXT NOT NULL,
  reference      TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL,
  recorded_by    TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  voided_at      TEXT,
  voided_by      TEXT,
  void_reason    TEXT,
  CHECK ((voided_at IS NULL) = (void_reason IS NULL))
) STRICT;
CREATE INDEX risk_fact_enterprise ON risk_fact(enterprise_id, occurred_on);
CREATE TRIGGER risk_fact_no_delete BEFORE DELETE ON risk_fact
BEGIN SELECT RAISE(ABORT, 'risk facts are voided, never deleted'); END;

-- A manual override of an enterprise's grade (人工调整): the grade that is
-- in force instead of the model's, with the reason, who and when, and an
-- optional last day (expires_on, inclusive). score and computed_grade are
-- what the model said when the override was made. At most one override of
-- an enterprise is open (not withdrawn); a new one withdraws the old.
-- Withdrawn overrides are kept with who, when and why.
CREATE TABLE risk_override(
  id              INTEGER PRIMARY KEY,
  enterprise_id   INTEGER NOT NULL REFERENCES enterprise(id),
  grade           TEXT NOT NULL CHECK (grade='red' OR grade='orange' OR grade='yellow' OR grade='blue'),
  computed_grade  TEXT NOT NULL,
  score           INTEGER NOT NULL,
  reason          TEXT NOT NULL,
  expires_on      TEXT,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  withdrawn_at    TEXT,
  withdrawn_by    TEXT,
  withdraw_reason TEXT
) STRICT;
CREATE INDEX risk_override_enterprise ON risk_override(enterprise_id, id);
CREATE UNIQUE INDEX risk_override_open ON risk_override(enterprise_id) WHERE withdrawn_at IS NULL;
CREATE TRIGGER risk_override_no_delete BEFORE DELETE ON risk_override
BEGIN SELECT RAISE(ABORT, 'risk overrides are withdrawn, never deleted'); END;

-- The risk list is ordered by score (highest first).
CREATE INDEX enterprise_risk_score ON enterprise_risk(score, enterprise_id);

CREATE TRIGGER key_enterprise_no_delete BEFORE DELETE ON key_enterprise
BEGIN SELECT RAISE(ABORT, 'key enterprises are removed with a reason, never deleted'); END;
