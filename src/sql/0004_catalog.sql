-- 0004_catalog.sql — the enforcement catalog (执法事项目录 / 权责清单) and
-- the inspection checklists (检查表), both versioned (plan clauses 4, 12, 18).
--
-- A version is a draft until it is published; a published version and its
-- items never change again (the triggers below refuse it even to SQL that
-- bypasses src/catalog.c), except that publishing a successor closes its
-- effective_to the day before the successor starts. Drafts are voided with
-- a reason, never deleted. Dates are calendar dates 'YYYY-MM-DD'; both ends
-- of [effective_from, effective_to] are inclusive, effective_to NULL = open.

CREATE TABLE catalog_version(
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to   TEXT,
  status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','void')),
  based_on       INTEGER REFERENCES catalog_version(id),
  notes          TEXT NOT NULL DEFAULT '',
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  published_by   TEXT,
  published_at   TEXT,
  superseded_by  INTEGER REFERENCES catalog_version(id),
  voided_by      TEXT,
  voided_at      TEXT,
  void_reason    TEXT
) STRICT;
CREATE INDEX catalog_version_force ON catalog_version(status, effective_from);

-- One enforcement matter. sectors: comma-separated keys (",hazchem,industry,")
-- with leading and trailing commas so that a sector filter is one LIKE.
-- levels likewise (",district,street,"): "street" marks the matters a
-- sub-district may be granted (plan clause 3). Fines in fen; NULL = none.
CREATE TABLE catalog_item(
  id                 INTEGER PRIMARY KEY,
  version_id         INTEGER NOT NULL REFERENCES catalog_version(id),
  code               TEXT NOT NULL,
  name               TEXT NOT NULL,
  kind               TEXT NOT NULL CHECK (kind IN ('penalty','coercion','inspection','other')),
  sectors            TEXT NOT NULL,
  violated_provision TEXT NOT NULL,
  penalty_provision  TEXT NOT NULL,
  levels             TEXT NOT NULL,
  benchmark_code     TEXT,
  max_fine_org       INTEGER CHECK (max_fine_org IS NULL OR max_fine_org >= 0),
  max_fine_person    INTEGER CHECK (max_fine_person IS NULL OR max_fine_person >= 0),
  notes              TEXT NOT NULL DEFAULT '',
  sort_order         INTEGER NOT NULL DEFAULT 0,
  UNIQUE(version_id, code)
) STRICT;

CREATE TABLE checklist_version(
  id             INTEGER PRIMARY KEY,
  sector         TEXT NOT NULL,
  name           TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to   TEXT,
  status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','void')),
  based_on       INTEGER REFERENCES checklist_version(id),
  notes          TEXT NOT NULL DEFAULT '',
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  published_by   TEXT,
  published_at   TEXT,
  superseded_by  INTEGER REFERENCES checklist_version(id),
  voided_by      TEXT,
  voided_at      TEXT,
  void_reason    TEXT
) STRICT;
CREATE INDEX checklist_version_force ON checklist_version(sector, status, effective_from);

-- One line of a checklist. feature: '' for every enterprise of the sector,
-- else the hazard feature that brings the line in (dust, confined_space,
-- ammonia, major_hazard). catalog_code: the enforcement matter a finding on
-- this line leads to, checked against the catalog in force on the
-- checklist's effective_from.
CREATE TABLE checklist_item(
  id           INTEGER PRIMARY KEY,
  version_id   INTEGER NOT NULL REFERENCES checklist_version(id),
  section      TEXT NOT NULL,
  feature      TEXT NOT NULL DEFAULT '',
  key_point    TEXT NOT NULL,
  content      TEXT NOT NULL,
  basis        TEXT NOT NULL,
  must_check   INTEGER NOT NULL DEFAULT 0 CHECK (must_check IN (0,1)),
  catalog_code TEXT,
  sort_order   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX checklist_item_version ON checklist_item(version_id, sort_order);

-- Published and voided versions are frozen: their items cannot be added,
-- changed or removed; their own columns cannot change except effective_to
-- being closed (not opened, not moved later) and superseded_by being set.
CREATE TRIGGER catalog_item_frozen_ins BEFORE INSERT ON catalog_item
WHEN (SELECT status FROM catalog_version WHERE id=NEW.version_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'catalog version is not a draft'); END;
CREATE TRIGGER catalog_item_frozen_upd BEFORE UPDATE ON catalog_item
WHEN (SELECT status FROM catalog_version WHERE id=OLD.version_id) IS NOT 'draft'
  OR NEW.version_id<>OLD.version_id
BEGIN SELECT RAISE(ABORT, 'catalog version is not a draft'); END;
CREATE TRIGGER catalog_item_frozen_del BEFORE DELETE ON catalog_item
WHEN (SELECT status FROM catalog_version WHERE id=OLD.version_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'catalog version is not a draft'); END;
CREATE TRIGGER catalog_version_frozen BEFORE UPDATE ON catalog_version
WHEN OLD.status<>'draft' AND (NEW.status<>OLD.status OR NEW.name<>OLD.name
  OR NEW.effective_from<>OLD.effective_from OR NEW.notes<>OLD.notes
  OR NEW.effective_to IS NULL AND OLD.effective_to IS NOT NULL
  OR NEW.effective_to>OLD.effective_to)
BEGIN SELECT RAISE(ABORT, 'catalog version is frozen'); END;
CREATE TRIGGER catalog_version_no_delete BEFORE DELETE ON catalog_version
BEGIN SELECT RAISE(ABORT, 'catalog versions are never deleted'); END;

CREATE TRIGGER checklist_item_frozen_ins BEFORE INSERT ON checklist_item
WHEN (SELECT status FROM checklist_version WHERE id=NEW.version_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'checklist version is not a draft'); END;
CREATE TRIGGER checklist_item_frozen_upd BEFORE UPDATE ON checklist_item
WHEN (SELECT status FROM checklist_version WHERE id=OLD.version_id) IS NOT 'draft'
  OR NEW.version_id<>OLD.version_id
BEGIN SELECT RAISE(ABORT, 'checklist version is not a draft'); END;
CREATE TRIGGER checklist_item_frozen_del BEFORE DELETE ON checklist_item
WHEN (SELECT status FROM checklist_version WHERE id=OLD.version_id) IS NOT 'draft'
BEGIN SELECT RAISE(ABORT, 'checklist version is not a draft'); END;
CREATE TRIGGER checklist_version_frozen BEFORE UPDATE ON checklist_version
WHEN OLD.status<>'draft' AND (NEW.status<>OLD.status OR NEW.name<>OLD.name
  OR NEW.sector<>OLD.sector OR NEW.effective_from<>OLD.effective_from OR NEW.notes<>OLD.notes
  OR NEW.effective_to IS NULL AND OLD.effective_to IS NOT NULL
  OR NEW.effective_to>OLD.effective_to)
BEGIN SELECT RAISE(ABORT, 'checklist version is frozen'); END;
CREATE TRIGGER checklist_version_no_delete BEFORE DELETE ON checklist_version
BEGIN SELECT RAISE(ABORT, 'checklist versions are never deleted'); END;
