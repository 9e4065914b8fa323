-- 0031_security_log.sql — issue 10, item 9.
-- The security log: failed logins and refused requests (401, 403, 429),
-- counted per minute, kind, account, client address and route pattern
-- (core/auth.c auth_seclog). Operational data for the audit roles
-- (GET /api/v1/security-log), kept apart from the legal audit chain.
-- kind: login_failed, throttled, unauthenticated, forbidden, out_of_scope,
-- csrf, password_failed.
CREATE TABLE security_event(
  id        INTEGER PRIMARY KEY,
  minute    TEXT NOT NULL,           -- UTC minute "2026-12-05T10:35Z"
  kind      TEXT NOT NULL,
  account   TEXT NOT NULL,           -- username tried or signed in, '' when none
  client    TEXT NOT NULL,           -- client address
  method    TEXT NOT NULL,
  route     TEXT NOT NULL,           -- route pattern, e.g. /api/v1/users/{id}
  count     INTEGER NOT NULL,
  first_at  TEXT NOT NULL,
  last_at   TEXT NOT NULL,
  UNIQUE(minute, kind, account, client, method, route)
) STRICT;
CREATE INDEX security_event_minute ON security_event(minute);
