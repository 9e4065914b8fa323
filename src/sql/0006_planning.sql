-- 0006_planning.sql — the tables that planning, risk grading, draws and
-- (later) field enforcement all share (plan clauses 14, 15, 18): the risk
-- grade of each enterprise, the key-enterprise list (重点检查企业) per
-- year, and scheduled inspections with their officers. The modules that
-- fill them add their own tables in later migrations (risk 0007, plan 0008,
-- draw 0009); field enforcement (issue 5) extends inspection.
--
-- Plain SQL, STRICT tables. Dates with legal meaning are calendar dates
-- 'YYYY-MM-DD'; times are UTC ISO-8601. CHECKs use OR lists (see 0003).

-- The current risk grade of an enterprise (安全风险分级), written by
-- src/risk.c. grade: red 重大 / orange 较大 / yellow 一般 / blue 低.
-- computed_grade is what the model gave; grade is what is in force (the
-- override's when override_id is set). terms: JSON array of the score's
-- terms ({"key","label","points","detail"}), so that the page explains the
-- score exactly as it was computed. rule_set_id: the rule set whose
-- weights and thresholds were used.
CREATE TABLE enterprise_risk(
  enterprise_id   INTEGER PRIMARY KEY REFERENCES enterprise(id),
  score           INTEGER NOT NULL,
  computed_grade  TEXT NOT NULL CHECK (computed_grade='red' OR computed_grade='orange'
                    OR computed_grade='yellow' OR computed_grade='blue'),
  grade           TEXT NOT NULL CHECK (grade='red' OR grade='orange'
                    OR grade='yellow' OR grade='blue'),
  override_id     INTEGER,
  rule_set_id     INTEGER NOT NULL,
  terms           TEXT NOT NULL,
  computed_at     TEXT NOT NULL
) STRICT;
CREATE INDEX enterprise_risk_grade ON enterprise_risk(grade, enterprise_id);

-- Key enterprises of a year (重点检查企业): each must get at least
-- plan.key_enterprise_min_inspections full-coverage inspections that year.
-- basis 'rule' rows are maintained by src/risk.c from the published rule
-- (reason names the criterion met); 'manual' rows are added by a person
-- with a reason. Never deleted: removal sets removed_at with a reason.
CREATE TABLE key_enterprise(
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
  year           INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  basis          TEXT NOT NULL CHECK (basis='rule' OR basis='manual'),
  reason         TEXT NOT NULL,
  added_by       TEXT NOT NULL,
  added_at       TEXT NOT NULL,
  removed_at     TEXT,
  removed_by     TEXT,
  remove_reason  TEXT
) STRICT;
CREATE UNIQUE INDEX key_enterprise_one ON key_enterprise(year, enterprise_id)
  WHERE removed_at IS NULL;
CREATE INDEX key_enterprise_enterprise ON key_enterprise(enterprise_id, year);

-- Inspections (执法检查). Scheduled here by plans, draws or by hand
-- (src/inspection.c); carried out and reported by field enforcement.
-- type: key 重点检查, random 双随机抽查, routine 日常检查, special 专项检查,
-- covert 暗访暗查, cross 交叉互检, complaint 举报投诉核查,
-- reinspection 复查, joint 联合检查.
-- status: scheduled → in_progress → reported → closed, or cancelled (with
-- a reason; never deleted). [window_from, window_to] is the scheduled
-- period; actual_start/actual_end are set on site. region_path is the
-- enterprise's (scope). plan_id / draw_id / campaign_id name where the
-- inspection came from (tables of later migrations; no foreign key).
-- joint_group: inspections of several units done together share the id
-- of the first one.
CREATE TABLE inspection(
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
  unit_id        INTEGER NOT NULL REFERENCES unit(id),
  region_path    TEXT NOT NULL,
  type           TEXT NOT NULL CHECK (type='key' OR type='random' OR type='routine'
                   OR type='special' OR type='covert' OR type='cross' OR type='complaint'
                   OR type='reinspection' OR type='joint'),
  status         TEXT NOT NULL CHECK (status='scheduled' OR status='in_progress'
                   OR status='reported' OR status='closed' OR status='cancelled'),
  window_from    TEXT NOT NULL,
  window_to      TEXT NOT NULL CHECK (window_to >= window_from),
  plan_id        INTEGER,
  draw_id        INTEGER,
  campaign_id    INTEGER,
  joint_group    INTEGER,
  departments    TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  actual_start   TEXT,
  actual_end     TEXT,
  cancel_reason  TEXT,
  cancelled_at   TEXT,
  cancelled_by   TEXT,
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX inspection_enterprise ON inspection(enterprise_id, window_from);
CREATE INDEX inspection_scope ON inspection(region_path, window_from);
CREATE INDEX inspection_unit ON inspection(unit_id, window_from);
CREATE INDEX inspection_draw ON inspection(draw_id) WHERE draw_id IS NOT NULL;
CREATE INDEX inspection_plan ON inspection(plan_id) WHERE plan_id IS NOT NULL;
CREATE TRIGGER inspection_no_delete BEFORE DELETE ON inspection
BEGIN SELECT RAISE(ABORT, 'inspections are cancelled, never deleted'); END;

-- The people of an inspection. role: officer 执法人员 (certificate checked
-- by staff_may_enforce when scheduled), assistant 安监员 (assists only),
-- expert 专家 (执法+专家).
CREATE TABLE inspection_person(
  inspection_id  INTEGER NOT NULL REFERENCES inspection(id),
  person_id      INTEGER NOT NULL REFERENCES person(id),
  role           TEXT NOT NULL CHECK (role='officer' OR role='assistant' OR role='expert'),
  PRIMARY KEY(inspection_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX inspection_person_person ON inspection_person(person_id, inspection_id);
