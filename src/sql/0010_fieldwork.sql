-- 0010_fieldwork.sql — carrying out a scheduled inspection on site (issue 5,
-- plan clauses 12, 15, 16): the on-site record of an inspection and its
-- checklist results. src/fieldwork.c writes these; inspection.status,
-- actual_start, actual_end and version (0006) move with them.
--
-- inspection_site: one row per started inspection. The three on-site steps
-- 执法告知 (notice_at) → 现场检查 (check_at) → 交流反馈 (feedback_at), UTC
-- times, recorded in that order; attendance throughout (NULL = not yet
-- recorded; 1 present, 0 not) with names; on-site measures (现场处理措施)
-- and the legal-education note (普法, 以案释法); the checklist version in
-- force for the enterprise's sector on the start date; the report: when
-- it was entered (reported_at, the server's clock, never the client's),
-- whether after the inspection.report_hours deadline (late, with
-- late_reason), and when it was closed.
CREATE TABLE inspection_site(
  inspection_id       INTEGER PRIMARY KEY REFERENCES inspection(id),
  checklist_version   INTEGER NOT NULL DEFAULT 0,
  started_by          TEXT NOT NULL,
  started_at          TEXT NOT NULL,
  notice_at           TEXT,
  check_at            TEXT,
  feedback_at         TEXT,
  principal_present   INTEGER CHECK (principal_present IN (0, 1)),
  principal_name      TEXT NOT NULL DEFAULT '',
  safety_present      INTEGER CHECK (safety_present IN (0, 1)),
  safety_name         TEXT NOT NULL DEFAULT '',
  operators_present   INTEGER CHECK (operators_present IN (0, 1)),
  operators_names     TEXT NOT NULL DEFAULT '',
  measures            TEXT NOT NULL DEFAULT '',
  education           TEXT NOT NULL DEFAULT '',
  report_deadline     TEXT,
  reported_at         TEXT,
  reported_by         TEXT,
  late                INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
  late_reason         TEXT,
  closed_at           TEXT,
  closed_by           TEXT
) STRICT;
CREATE INDEX inspection_site_late ON inspection_site(late, inspection_id) WHERE late=1;
CREATE TRIGGER inspection_site_no_delete BEFORE DELETE ON inspection_site
BEGIN SELECT RAISE(ABORT, 'on-site records are never deleted'); END;

-- Checklist results (检查结果) per line of the checklist in force: verdict
-- ok 符合 / fail 不符合 / na 不涉及, a note, evidence ids (JSON array of
-- integers, until the evidence store exists). key_point and content are a
-- copy of the line as it was checked. The hazard module turns 'fail' rows
-- into hazards (fieldwork_failures()).
CREATE TABLE inspection_result(
  inspection_id  INTEGER NOT NULL REFERENCES inspection(id),
  line_id        INTEGER NOT NULL,
  must_check     INTEGER NOT NULL CHECK (must_check IN (0, 1)),
  section        TEXT NOT NULL DEFAULT '',
  key_point      TEXT NOT NULL,
  content        TEXT NOT NULL,
  catalog_code   TEXT NOT NULL DEFAULT '',
  verdict        TEXT NOT NULL CHECK (verdict='ok' OR verdict='fail' OR verdict='na'),
  note           TEXT NOT NULL DEFAULT '',
  evidence       TEXT NOT NULL DEFAULT '[]',
  recorded_by    TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  PRIMARY KEY(inspection_id, line_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX inspection_result_fail ON inspection_result(inspection_id) WHERE verdict='fail';
CREATE TRIGGER inspection_result_no_delete BEFORE DELETE ON inspection_result
BEGIN SELECT RAISE(ABORT, 'checklist results are never deleted'); END;
