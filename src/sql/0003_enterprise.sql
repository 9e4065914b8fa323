-- 0003_enterprise.sql — the enterprise ledger (企业安全基础电子台账, plan
-- clauses 5, 14 and 18): the GB/T 4754-2017 industry table, supervision
-- sectors and hazard kinds (reference tables), enterprises with their hazard
-- features and licences, the change history, the name-search index, and
-- background jobs (imports).
--
-- Plain SQL with STRICT tables, except enterprise_fts (FTS5, SQLite only),
-- which is written and read only by src/enterprise_search.c.
--
-- CHECK constraints list allowed values with OR, not IN (…): SQLite builds
-- a temporary b-tree for an IN list each time a statement runs, which made
-- every insert ~50,000 instructions dearer (measured with callgrind).

-- 国民经济行业分类 GB/T 4754-2017 (loaded from ref/ by industry.c).
-- code: section letter for level 1 ("C"), digits below ("26", "261", "2614").
CREATE TABLE industry(
  code     TEXT PRIMARY KEY,
  level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  section  TEXT NOT NULL,
  name     TEXT NOT NULL
) STRICT;
CREATE INDEX industry_section ON industry(section, code);

-- Supervision sectors (监管行业). "trade.*" are the 工贸 sub-sectors; a
-- filter on "trade" matches all of them. Mirrored by enterprise_sectors[] in
-- src/enterprise.c (a unit test checks both agree).
CREATE TABLE sector(
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL UNIQUE,
  parent  TEXT REFERENCES sector(code),
  sort    INTEGER NOT NULL
) STRICT;
INSERT INTO sector(code, name, parent, sort) VALUES
  ('chem',             '危险化学品', NULL,    10),
  ('fireworks',        '烟花爆竹',   NULL,    20),
  ('trade',            '工贸',       NULL,    30),
  ('trade.metallurgy', '冶金',       'trade', 31),
  ('trade.nonferrous', '有色',       'trade', 32),
  ('trade.building',   '建材',       'trade', 33),
  ('trade.machinery',  '机械',       'trade', 34),
  ('trade.light',      '轻工',       'trade', 35),
  ('trade.textile',    '纺织',       'trade', 36),
  ('trade.tobacco',    '烟草',       'trade', 37),
  ('trade.commerce',   '商贸',       'trade', 38),
  ('mining',           '非煤矿山',   NULL,    40),
  ('other',            '其他',       NULL,    90);

-- Hazard features (安全风险特征), stored on each enterprise as flags:
-- enterprise.hazards has bit `bit` set for each feature (any SQL engine
-- has integer &). major_hazard carries a level 1–4 (一级 … 四级 重大危险源)
-- in enterprise.major_hazard_level. Mirrored, in bit order, by
-- enterprise_hazards[] in src/enterprise.c (a unit test checks both agree).
CREATE TABLE hazard_kind(
  code       TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  bit        INTEGER NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 30),
  has_level  INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO hazard_kind(code, name, bit, has_level) VALUES
  ('major_hazard',   '重大危险源',     0, 1),
  ('chem_produce',   '危化品生产',     1, 0),
  ('chem_store',     '危化品储存',     2, 0),
  ('chem_use',       '危化品使用',     3, 0),
  ('chem_sell',      '危化品经营',     4, 0),
  ('dust',           '粉尘涉爆',       5, 0),
  ('ammonia',        '涉氨制冷',       6, 0),
  ('confined',       '有限空间作业',   7, 0),
  ('metal_smelting', '金属冶炼',       8, 0),
  ('hot_work',       '动火作业',       9, 0),
  ('gas',            '涉及燃气使用',   10, 0),
  ('lifting',        '起重机械',       11, 0);

-- The ledger. Never deleted: closing is status='closed' with a reason.
-- region is a township (街道/镇/乡) code; region_path is that region's path
-- copied here so that scope ("path starts with the account's") is a range
-- on one index. version counts changes; each has an enterprise_history row.
CREATE TABLE enterprise(
  id                   INTEGER PRIMARY KEY,
  uscc                 TEXT NOT NULL,
  name                 TEXT NOT NULL,
  address              TEXT NOT NULL,
  region               TEXT NOT NULL REFERENCES region(code),
  region_path          TEXT NOT NULL,
  lng                  REAL,
  lat                  REAL,
  industry             TEXT NOT NULL REFERENCES industry(code),
  sector               TEXT NOT NULL REFERENCES sector(code),
  employees            INTEGER,
  revenue_band         TEXT,
  standardisation      TEXT NOT NULL DEFAULT 'none',
  hazards              INTEGER NOT NULL DEFAULT 0,
  major_hazard_level   INTEGER CHECK (major_hazard_level BETWEEN 1 AND 4),
  principal            TEXT,
  principal_phone      TEXT,
  safety_manager       TEXT,
  safety_manager_phone TEXT,
  supervising_level    TEXT NOT NULL CHECK (supervising_level='province' OR supervising_level='city'
                         OR supervising_level='district' OR supervising_level='street'),
  status               TEXT NOT NULL CHECK (status='active' OR status='suspended' OR status='closed'),
  status_reason        TEXT,
  version              INTEGER NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  CHECK ((lng IS NULL) = (lat IS NULL)),
  CHECK ((major_hazard_level IS NULL) = ((hazards & 1) = 0))
) STRICT;
CREATE UNIQUE INDEX enterprise_uscc ON enterprise(uscc);
CREATE INDEX enterprise_name ON enterprise(name, id);
CREATE INDEX enterprise_updated ON enterprise(updated_at, id);
CREATE INDEX enterprise_scope ON enterprise(region_path);

-- Licences (安全生产许可证, 危险化学品经营许可证 …). Dates are calendar dates.
CREATE TABLE enterprise_licence(
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
  type           TEXT NOT NULL,
  number         TEXT NOT NULL,
  valid_from     TEXT,
  valid_to       TEXT NOT NULL,
  UNIQUE(enterprise_id, type, number)
) STRICT;
CREATE INDEX enterprise_licence_expiry ON enterprise_licence(valid_to);

-- Every change to an enterprise: who, when, how, and for each changed field
-- [before, after] (JSON). A creation stores {} — the record as created is
-- the current record with every later change undone, which is also how the
-- "as of date" view is computed (src/enterprise.c, enterprise_as_of).
CREATE TABLE enterprise_history(
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprise(id),
  version        INTEGER NOT NULL,
  at             TEXT NOT NULL,
  actor          TEXT NOT NULL,
  action         TEXT NOT NULL CHECK (action='create' OR action='update' OR action='status'),
  source         TEXT NOT NULL,
  change         TEXT NOT NULL,
  UNIQUE(enterprise_id, version)
) STRICT;
CREATE TRIGGER enterprise_history_no_update BEFORE UPDATE ON enterprise_history
BEGIN SELECT RAISE(ABORT, 'enterprise_history is append-only'); END;
CREATE TRIGGER enterprise_history_no_delete BEFORE DELETE ON enterprise_history
BEGIN SELECT RAISE(ABORT, 'enterprise_history is append-only'); END;

-- Name search (SQLite FTS5, trigram tokenizer, contentless). Each row is
-- the enterprise name with U+001F before, between and after its characters
-- ("\x1f南\x1f昌\x1f…\x1f"), so that every trigram token is either
-- "a\x1fb" (a character pair) or "\x1fa\x1f" (one character): fragments of
-- one, two or more characters are all phrase queries. rowid = enterprise.id.
-- Maintained by src/enterprise_search.c.
-- columnsize=0: no per-row size record (no ranking is done).
CREATE VIRTUAL TABLE enterprise_fts USING fts5(
  grams, content='', tokenize='trigram', detail='full', columnsize=0
);

-- Background jobs (imports; later modules may add kinds). Progress of a
-- running job is kept in memory by the worker (src/job.c) and stored here
-- when it ends.
CREATE TABLE job(
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status='queued' OR status='running' OR status='done' OR status='failed'),
  account_id      INTEGER NOT NULL REFERENCES account(id),
  params          TEXT NOT NULL,
  input_path      TEXT,
  input_name      TEXT,
  result          TEXT,
  error_path      TEXT,
  message         TEXT,
  progress_done   INTEGER NOT NULL DEFAULT 0,
  progress_total  INTEGER NOT NULL DEFAULT 0,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT
) STRICT;
CREATE INDEX job_status ON job(status, id);
