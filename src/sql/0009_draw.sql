-- 0009_draw.sql — verifiable double-random draws (双随机抽查, plan clauses
-- 14 and 15), written by src/draw.c; the algorithm "zhifa-draw-1" is
-- specified in docs/draw-algorithm.md.
--
-- A draw is created frozen: its pool, officer and expert pools and
-- exclusion pairs are stored in their canonical text forms (draw_input),
-- hashed (pool_hash, inputs_hash) and published together with the
-- commitment SHA-256(seed); the seed itself waits in draw_secret. Drawing
-- stores the result (draw_output), copies the seed into draw.seed (the
-- reveal), creates the inspections (inspection.draw_id) and marks the draw
-- published. A re-draw is a new draw (supersedes, redraw_reason); the old
-- one becomes superseded. Nothing here is updated except the lifecycle
-- columns, nor ever deleted (triggers).
--
-- plan_id / quota_id name the plan of migration 0008 (no foreign key: the
-- plan module owns those tables). Dates are 'YYYY-MM-DD', times UTC ISO-8601.

CREATE TABLE draw(
  id               INTEGER PRIMARY KEY,
  unit_id          INTEGER NOT NULL REFERENCES unit(id),
  region           TEXT NOT NULL,           -- the unit's region code (audit)
  region_path      TEXT NOT NULL,           -- the unit's region path (scope)
  name             TEXT NOT NULL,
  window_from      TEXT NOT NULL,
  window_to        TEXT NOT NULL CHECK (window_to >= window_from),
  filters          TEXT NOT NULL,           -- JSON {"sectors","regions","hazards"}
  plan_id          INTEGER,
  quota_id         INTEGER,
  sample_mode      TEXT NOT NULL CHECK (sample_mode='count' OR sample_mode='ratio'),
  sample_count     INTEGER,
  ratio_bp         INTEGER CHECK (ratio_bp IS NULL OR (ratio_bp > 0 AND ratio_bp < 10000)),
  sample_size      INTEGER NOT NULL CHECK (sample_size > 0),
  stratify_sector  INTEGER NOT NULL CHECK (stratify_sector=0 OR stratify_sector=1),
  stratify_street  INTEGER NOT NULL CHECK (stratify_street=0 OR stratify_street=1),
  officers_per     INTEGER NOT NULL CHECK (officers_per > 0),
  experts_per      INTEGER NOT NULL CHECK (experts_per >= 0),
  expert_field     TEXT,
  item_code        TEXT,
  algorithm        TEXT NOT NULL,
  pool_size        INTEGER NOT NULL,
  excluded_key     INTEGER NOT NULL,        -- left out: the year's key enterprises
  excluded_recent  INTEGER NOT NULL,        -- left out: inspected recently / scheduled in the window
  pool_hash        TEXT NOT NULL,
  inputs_hash      TEXT NOT NULL,
  commitment       TEXT NOT NULL,
  officer_count    INTEGER NOT NULL,
  officer_capacity INTEGER NOT NULL,
  expert_count     INTEGER NOT NULL,
  exclusion_count  INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status='frozen' OR status='published' OR status='superseded'),
  seed             TEXT,                    -- hex, NULL until revealed
  result_hash      TEXT,
  publish_due      TEXT,                    -- results to be public by (publicity.draw_workdays)
  drawn_at         TEXT,
  drawn_by         TEXT,
  supersedes       INTEGER REFERENCES draw(id),
  redraw_reason    TEXT,
  superseded_by    INTEGER REFERENCES draw(id),
  superseded_at    TEXT,
  created_by       TEXT NOT NULL,
  created_at       TEXT NOT NULL
) STRICT;
CREATE INDEX draw_scope ON draw(region_path, id);
CREATE INDEX draw_status ON draw(status, id);

-- The frozen inputs, in the canonical text forms of docs/draw-algorithm.md.
CREATE TABLE draw_input(
  draw_id     INTEGER PRIMARY KEY REFERENCES draw(id),
  pool        TEXT NOT NULL,
  officers    TEXT NOT NULL,
  experts     TEXT NOT NULL,
  exclusions  TEXT NOT NULL
) STRICT;

-- The secret seed (32 bytes) until the draw reveals it in draw.seed.
CREATE TABLE draw_secret(
  draw_id  INTEGER PRIMARY KEY REFERENCES draw(id),
  seed     BLOB NOT NULL CHECK (length(seed) = 32)
) STRICT;

-- The result in its canonical text form (one line per drawn enterprise).
CREATE TABLE draw_output(
  draw_id  INTEGER PRIMARY KEY REFERENCES draw(id),
  result   TEXT NOT NULL
) STRICT;

CREATE TRIGGER draw_no_delete BEFORE DELETE ON draw
BEGIN SELECT RAISE(ABORT, 'draws are superseded, never deleted'); END;
-- Frozen means frozen: only the lifecycle columns change, the seed and the
-- result only once (from NULL).
CREATE TRIGGER draw_frozen BEFORE UPDATE ON draw
WHEN NEW.unit_id IS NOT OLD.unit_id OR NEW.region_path IS NOT OLD.region_path
  OR NEW.name IS NOT OLD.name OR NEW.window_from IS NOT OLD.window_from
  OR NEW.window_to IS NOT OLD.window_to OR NEW.filters IS NOT OLD.filters
  OR NEW.sample_size IS NOT OLD.sample_size OR NEW.officers_per IS NOT OLD.officers_per
  OR NEW.experts_per IS NOT OLD.experts_per OR NEW.stratify_sector IS NOT OLD.stratify_sector
  OR NEW.stratify_street IS NOT OLD.stratify_street OR NEW.pool_hash IS NOT OLD.pool_hash
  OR NEW.inputs_hash IS NOT OLD.inputs_hash OR NEW.commitment IS NOT OLD.commitment
  OR NEW.algorithm IS NOT OLD.algorithm OR NEW.created_at IS NOT OLD.created_at
  OR (OLD.seed IS NOT NULL AND NEW.seed IS NOT OLD.seed)
  OR (OLD.result_hash IS NOT NULL AND NEW.result_hash IS NOT OLD.result_hash)
  OR (OLD.status='superseded')
BEGIN SELECT RAISE(ABORT, 'a frozen draw cannot be changed'); END;
CREATE TRIGGER draw_input_no_update BEFORE UPDATE ON draw_input
BEGIN SELECT RAISE(ABORT, 'draw inputs are frozen'); END;
CREATE TRIGGER draw_input_no_delete BEFORE DELETE ON draw_input
BEGIN SELECT RAISE(ABORT, 'draw inputs are frozen'); END;
CREATE TRIGGER draw_secret_no_update BEFORE UPDATE ON draw_secret
BEGIN SELECT RAISE(ABORT, 'draw seeds are frozen'); END;
CREATE TRIGGER draw_secret_no_delete BEFORE DELETE ON draw_secret
BEGIN SELECT RAISE(ABORT, 'draw seeds are frozen'); END;
CREATE TRIGGER draw_output_no_update BEFORE UPDATE ON draw_output
BEGIN SELECT RAISE(ABORT, 'draw results are final'); END;
CREATE TRIGGER draw_output_no_delete BEFORE DELETE ON draw_output
BEGIN SELECT RAISE(ABORT, 'draw results are final'); END;
