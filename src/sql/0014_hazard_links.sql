-- 0014_hazard_links.sql — a hazard's links to the checklist lines and the
-- enforcement-catalog matters it falls under (issue 5 item 3: "linked
-- checklist and catalog items"; plan clause 12). Until now a hazard had
-- only free-text codes (hazard.checklist_item, hazard.catalog_item, 0011),
-- which stay as they were and are still shown for old rows.
--
-- hazard_link: kind checklist → ref_id is checklist_item.id, a line of the
-- inspection's checklist (the one in force for the enterprise on the
-- inspection's start day, or today when not started); kind catalog →
-- ref_id is catalog_item.id of a published catalog version. Checked by
-- src/hazard.c (hazard_links_check) when the hazard is recorded; written
-- with it, never changed or deleted afterwards (a wrong hazard is voided).
-- from_line_id: the checklist line whose 不符合 result the hazard was
-- recorded from (inspection_result of the same inspection), else NULL.
CREATE TABLE hazard_link(
  hazard_id  INTEGER NOT NULL REFERENCES hazard(id),
  kind       TEXT NOT NULL CHECK (kind='checklist' OR kind='catalog'),
  ref_id     INTEGER NOT NULL,
  PRIMARY KEY(hazard_id, kind, ref_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX hazard_link_ref ON hazard_link(kind, ref_id);
CREATE TRIGGER hazard_link_no_update BEFORE UPDATE ON hazard_link
BEGIN SELECT RAISE(ABORT, 'hazard links are never changed'); END;
CREATE TRIGGER hazard_link_no_delete BEFORE DELETE ON hazard_link
BEGIN SELECT RAISE(ABORT, 'hazard links are never deleted'); END;

ALTER TABLE hazard ADD COLUMN from_line_id INTEGER;
