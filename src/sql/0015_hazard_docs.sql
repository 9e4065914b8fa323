-- 0015_hazard_docs.sql — numbers of the rectification documents (issue 5,
-- item 3; plan clauses 12, 16): the 责令限期整改指令书 (a hazard's order)
-- and the 整改复查意见书 (its re-inspection) are numbered by the server, per
-- inspecting unit and per year, never typed by hand (src/hazard.c,
-- hazard_doc_number()).
--
-- doc_number: every number issued. The next number of (kind, unit, year)
-- is the largest seq issued + 1 inside the write transaction; rows are
-- never updated or deleted, so a number is never issued twice nor reused,
-- not even when the hazard is later voided. number is the text as printed,
-- e.g. 执法一中队责改〔2026〕第3号; entity / entity_id: what it was issued
-- for (hazard id). kind: rectify_order 责令限期整改指令书, reinspect_opinion
-- 整改复查意见书. Hazards ordered before this migration keep their typed
-- order_no (no doc_number row).
CREATE TABLE doc_number(
  kind       TEXT NOT NULL CHECK (kind='rectify_order' OR kind='reinspect_opinion'),
  unit_id    INTEGER NOT NULL REFERENCES unit(id),
  year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  seq        INTEGER NOT NULL CHECK (seq>0),
  number     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER NOT NULL,
  issued_by  TEXT NOT NULL,
  issued_at  TEXT NOT NULL,
  PRIMARY KEY(kind, unit_id, year, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX doc_number_entity ON doc_number(entity, entity_id);
CREATE TRIGGER doc_number_no_update BEFORE UPDATE ON doc_number
BEGIN SELECT RAISE(ABORT, 'document numbers are never changed'); END;
CREATE TRIGGER doc_number_no_delete BEFORE DELETE ON doc_number
BEGIN SELECT RAISE(ABORT, 'document numbers are never deleted'); END;

-- The 整改复查意见书 number of a hazard's re-inspection (order_no, 0011,
-- holds the 指令书's).
ALTER TABLE hazard ADD COLUMN reinspect_no TEXT;
