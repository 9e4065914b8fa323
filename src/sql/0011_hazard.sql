-- 0011_hazard.sql — hazards and violations found in inspections (隐患/违法
-- 行为) with their rectification, re-inspection and history; transfers
-- (移交) to and from other departments; the department accounts' units;
-- and generic notifications (plan clauses 12, 16, 19). Issue 5 items 3, 4.
--
-- Plain SQL, STRICT tables. Dates with legal meaning are calendar dates
-- 'YYYY-MM-DD'; times are UTC ISO-8601. Nothing is deleted: a hazard or a
-- transfer entered in error is voided with a reason.

-- A hazard or violation. inspection_id: the inspection it was found in
-- (the enterprise and region_path are copied from it, for scope).
-- checklist_item / catalog_item: codes of the checklist item (migration
-- 0010) and the catalog item it falls under, as text.
-- category: general 一般事故隐患 / major 重大事故隐患 (standard_item: the
-- 判定标准条款 text, required for a major one).
-- rectify: immediate 当场整改 / deadline 责令限期整改 (order_no,
-- order_date, deadline: the 责令限期整改指令书).
-- status: open → rectifying (order) → reported (the enterprise's report,
-- report_date, report_evidence = JSON array of evidence ids, report_note)
-- → re-inspection (整改复查, reinspect_*): passed → closed, failed →
-- overdue; rectifying past its deadline → overdue; overdue → proposed
-- (立案建议, proposal_note); open (immediate) → closed (当场整改完成);
-- any open one → transferred (移交, hazard_transfer); any → void.
-- reinspect_due: the last day for the re-inspection (rule
-- reinspection.days from the deadline, or from the report when earlier).
CREATE TABLE hazard(
  id               INTEGER PRIMARY KEY,
  inspection_id    INTEGER NOT NULL REFERENCES inspection(id),
  enterprise_id    INTEGER NOT NULL REFERENCES enterprise(id),
  region_path      TEXT NOT NULL,
  checklist_item   TEXT,
  catalog_item     TEXT,
  description      TEXT NOT NULL,
  place            TEXT NOT NULL,
  category         TEXT NOT NULL CHECK (category='general' OR category='major'),
  standard_item    TEXT,
  rectify          TEXT NOT NULL CHECK (rectify='immediate' OR rectify='deadline'),
  status           TEXT NOT NULL CHECK (status='open' OR status='rectifying' OR status='reported'
                     OR status='closed' OR status='overdue' OR status='proposed'
                     OR status='transferred' OR status='void'),
  order_no         TEXT,
  order_date       TEXT,
  deadline         TEXT,
  report_date      TEXT,
  report_evidence  TEXT,
  report_note      TEXT,
  reinspect_due    TEXT,
  reinspect_date   TEXT,
  reinspect_result TEXT CHECK (reinspect_result IS NULL OR reinspect_result='passed'
                     OR reinspect_result='failed'),
  reinspect_note   TEXT,
  proposal_note    TEXT,
  void_reason      TEXT,
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK (category='general' OR standard_item IS NOT NULL)
) STRICT;
CREATE INDEX hazard_inspection ON hazard(inspection_id);
CREATE INDEX hazard_enterprise ON hazard(enterprise_id, id);
CREATE INDEX hazard_status ON hazard(status, deadline);
CREATE INDEX hazard_region ON hazard(region_path, id);

-- Every transition of a hazard: who, when, from which status to which,
-- the action and the reason or note given. Append-only.
CREATE TABLE hazard_event(
  id           INTEGER PRIMARY KEY,
  hazard_id    INTEGER NOT NULL REFERENCES hazard(id),
  action       TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  actor        TEXT NOT NULL,
  at           TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX hazard_event_hazard ON hazard_event(hazard_id, id);
CREATE TRIGGER hazard_event_no_update BEFORE UPDATE ON hazard_event
BEGIN SELECT RAISE(ABORT, 'hazard_event is append-only'); END;
CREATE TRIGGER hazard_event_no_delete BEFORE DELETE ON hazard_event
BEGIN SELECT RAISE(ABORT, 'hazard_event is append-only'); END;

-- Transfers (移交). direction out: a hazard outside the bureau's remit
-- sent to department unit_id; in: a matter another department (unit_id)
-- sends to the bureau, assigned to assigned_unit_id. doc_no / doc_date:
-- the transfer letter; answer_due: doc_date + rule transfer.answer_days.
-- status: sent → received (签收, received_at/by) → answered (answer,
-- answered_at/by), or void. region_path: the bureau side's scope.
CREATE TABLE hazard_transfer(
  id                INTEGER PRIMARY KEY,
  direction         TEXT NOT NULL CHECK (direction='out' OR direction='in'),
  hazard_id         INTEGER REFERENCES hazard(id),
  unit_id           INTEGER NOT NULL REFERENCES unit(id),
  region_path       TEXT NOT NULL,
  matter            TEXT NOT NULL,
  doc_no            TEXT NOT NULL,
  doc_date          TEXT NOT NULL,
  answer_due        TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status='sent' OR status='received' OR status='answered'
                      OR status='void'),
  assigned_unit_id  INTEGER REFERENCES unit(id),
  received_at       TEXT,
  received_by       TEXT,
  answer            TEXT,
  answered_at       TEXT,
  answered_by       TEXT,
  void_reason       TEXT,
  created_by        TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  CHECK (direction='in' OR hazard_id IS NOT NULL)
) STRICT;
CREATE INDEX hazard_transfer_unit ON hazard_transfer(unit_id, id);
CREATE INDEX hazard_transfer_region ON hazard_transfer(region_path, id);
CREATE INDEX hazard_transfer_hazard ON hazard_transfer(hazard_id);

-- The unit an account acts for when it is not a person of the service
-- (person.account_id covers the bureau's staff): other departments'
-- accounts (role department) see the transfers to their unit.
CREATE TABLE account_unit(
  account_id  INTEGER PRIMARY KEY REFERENCES account(id),
  unit_id     INTEGER NOT NULL REFERENCES unit(id)
) STRICT;

-- Notifications for one account (generic: kind, title, body, the entity
-- it is about). read_at is set when the account marks it read.
CREATE TABLE notification(
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES account(id),
  kind        TEXT NOT NULL,
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',
  entity      TEXT NOT NULL DEFAULT '',
  entity_id   TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  read_at     TEXT
) STRICT;
CREATE INDEX notification_account ON notification(account_id, id);
