-- 0012_evidence.sql — evidence files and audio-video records (issue 5,
-- item 5; plan clauses 16 and 19: 执法全过程记录, evidence of inspections).
--
-- The bytes live in a content-addressed store next to the database
-- (DB.files/evidence/ab/cd/<sha256>, src/evidence.c); identical content is
-- stored once. evidence rows are the metadata: which content, linked to
-- what, uploaded by whom from which device. Nothing is deleted: a row is
-- voided with a reason (the bytes stay in the store).

-- One row per upload. link_kind: inspection | hazard | case; link_id the
-- record's id (only inspections are checked today: hazards and cases come
-- from other modules of issue 5 — see evidence_link_check()). region_path:
-- the linked record's (scope). mime: sniffed from the magic bytes, never
-- the client's word. capture_time / gps_*: from EXIF when present, else
-- NULL. device: the X-Device header, else the User-Agent.
CREATE TABLE evidence(
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL CHECK (length(sha256)=64),
  size          INTEGER NOT NULL CHECK (size>0),
  mime          TEXT NOT NULL,
  media         TEXT NOT NULL CHECK (media='photo' OR media='audio' OR media='video'
                  OR media='scan'),
  name          TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  link_kind     TEXT NOT NULL CHECK (link_kind='inspection' OR link_kind='hazard'
                  OR link_kind='case'),
  link_id       INTEGER NOT NULL,
  region_path   TEXT NOT NULL,
  capture_time  TEXT,
  gps_lat       REAL,
  gps_lon       REAL,
  uploaded_by   TEXT NOT NULL,
  device        TEXT NOT NULL DEFAULT '',
  client        TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  voided_at     TEXT,
  voided_by     TEXT,
  void_reason   TEXT
) STRICT;
CREATE INDEX evidence_link ON evidence(link_kind, link_id, id);
CREATE INDEX evidence_sha ON evidence(sha256);
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is voided, never deleted'); END;

-- Audio-video records (全过程记录, RULES.md): one recording session of an
-- occasion, with its start and end trigger, device, officer and storage
-- period (keep_until, from the rule av.keep_days), linked to its files
-- (av_record_file → evidence). occasion: onsite_inspection 现场检查,
-- evidence_collection 调查取证, preservation 先行登记保存, statement 询问/陈述申辩,
-- simple_penalty 简易程序处罚, rectification_check 整改复查, refusal 拒绝配合,
-- hearing 听证, lien_service 留置送达.
CREATE TABLE av_record(
  id             INTEGER PRIMARY KEY,
  inspection_id  INTEGER REFERENCES inspection(id),
  link_kind      TEXT NOT NULL CHECK (link_kind='inspection' OR link_kind='hazard'
                   OR link_kind='case'),
  link_id        INTEGER NOT NULL,
  region_path    TEXT NOT NULL,
  occasion       TEXT NOT NULL CHECK (occasion='onsite_inspection'
                   OR occasion='evidence_collection' OR occasion='preservation'
                   OR occasion='statement' OR occasion='simple_penalty'
                   OR occasion='rectification_check' OR occasion='refusal'
                   OR occasion='hearing' OR occasion='lien_service'),
  started_at     TEXT NOT NULL,
  ended_at       TEXT NOT NULL CHECK (ended_at >= started_at),
  start_trigger  TEXT NOT NULL,
  end_trigger    TEXT NOT NULL,
  device         TEXT NOT NULL,
  officer_id     INTEGER NOT NULL REFERENCES person(id),
  keep_until     TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  voided_at      TEXT,
  voided_by      TEXT,
  void_reason    TEXT
) STRICT;
CREATE INDEX av_record_link ON av_record(link_kind, link_id, id);
CREATE INDEX av_record_inspection ON av_record(inspection_id, occasion)
  WHERE inspection_id IS NOT NULL;
CREATE TRIGGER av_record_no_delete BEFORE DELETE ON av_record
BEGIN SELECT RAISE(ABORT, 'audio-video records are voided, never deleted'); END;

CREATE TABLE av_record_file(
  av_record_id  INTEGER NOT NULL REFERENCES av_record(id),
  evidence_id   INTEGER NOT NULL REFERENCES evidence(id),
  PRIMARY KEY(av_record_id, evidence_id)
) STRICT, WITHOUT ROWID;
