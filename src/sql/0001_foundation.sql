-- 0001_foundation.sql — regions, accounts, sessions, login throttling and
-- the audit chain. Plain SQL (portable to PostgreSQL) with STRICT tables.

-- The jurisdiction tree (行政区划, GB/T 2260 codes; townships 9 digits).
-- path is "/360000/360100/360104/": an account scoped to a region sees
-- every row whose region path starts with its own.
CREATE TABLE region(
  code    TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  parent  TEXT REFERENCES region(code),
  level   TEXT NOT NULL CHECK (level IN ('province','city','county','township')),
  path    TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX region_parent ON region(parent);

-- Accounts. Never deleted: disabled_at marks a disabled one.
CREATE TABLE account(
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  scope         TEXT NOT NULL REFERENCES region(code),
  must_change_password INTEGER NOT NULL DEFAULT 0,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  password_changed_at TEXT NOT NULL,
  last_login_at TEXT
) STRICT;
CREATE INDEX account_scope ON account(scope);

CREATE TABLE account_role(
  account_id INTEGER NOT NULL REFERENCES account(id),
  role       TEXT NOT NULL,
  PRIMARY KEY(account_id, role)
) STRICT;

-- Sessions: only the BLAKE2b hash of the token is stored. Ended sessions
-- are kept (ended_at, end_reason) for the record.
CREATE TABLE session(
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  account_id  INTEGER NOT NULL REFERENCES account(id),
  created_at  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  client      TEXT NOT NULL,
  ended_at    INTEGER,
  end_reason  TEXT
) STRICT;
CREATE INDEX session_account ON session(account_id);

-- Failed logins, keyed "u:<username>" and "a:<address>", for throttling.
-- Rows older than the window carry no meaning and are pruned.
CREATE TABLE login_failure(
  id   INTEGER PRIMARY KEY,
  key  TEXT NOT NULL,
  at   INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_key ON login_failure(key, at);

-- The audit chain (全过程记录). hash = SHA-256 of the entry's fields and
-- prev_hash; see src/core/audit.c for the exact preimage.
CREATE TABLE audit(
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  TEXT NOT NULL,
  region     TEXT NOT NULL,
  change     TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_actor ON audit(actor);

-- Append-only: the application never updates or deletes audit rows, and the
-- database refuses it too. (Tampering that drops these triggers is still
-- caught by `zhifa audit verify`.)
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

-- Deployment settings (agency short name, …), key → value.
CREATE TABLE setting(
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;

-- Organisation units (bureau, brigade, squads, street offices, other
-- departments, police, procuratorate). The org module extends this table.
CREATE TABLE unit(
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('bureau','brigade','squad','street',
                'department','police','procuratorate','supervision')),
  region      TEXT NOT NULL REFERENCES region(code),
  parent_id   INTEGER REFERENCES unit(id),
  created_at  TEXT NOT NULL,
  UNIQUE(region, name)
) STRICT;
