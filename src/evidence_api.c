/*
** evidence_api.c — HTTP for evidence files and audio-video records
** (plan clauses 16, 19): streamed upload into the content-addressed store,
** metadata, download and playback with byte ranges, void; 全过程记录 and
** the "missing mandatory recording" list. Handler order: permission (route
** table) → parse → domain (src/evidence.c) → render.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "evidence.h"
#include "core/calendar.h"
#include "fieldwork.h"
#include "org.h"

#define EVIDENCE_MAX_IDS 50

/* The covert rule in a list of rows with link_kind / link_id: the
** inspection linked directly, or through a hazard. */
#define EVIDENCE_COVERT_TERM(L, U, A) COVERT_VISIBLE_SQL( \
  "CASE link_kind WHEN 'inspection' THEN link_id" \
  " WHEN 'hazard' THEN (SELECT hz.inspection_id FROM hazard hz WHERE hz.id=link_id) END", L, U, A)

const json_field evidence_void_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 2, 200, "作废原因", 0},
  {0}
};

const json_field av_record_create_body[] = {
  {"link_kind", JF_STRING, JF_REQUIRED, 1, 20, "关联对象类型", "inspection hazard case"},
  {"link_id", JF_INT, JF_REQUIRED, 1, 0, "关联对象", "id of the inspection, hazard or case"},
  {"occasion", JF_STRING, JF_REQUIRED, 1, 40, "记录场景",
   "onsite_inspection evidence_collection preservation statement simple_penalty "
   "rectification_check refusal hearing lien_service"},
  {"started_at", JF_STRING, JF_REQUIRED, 19, 30, "开始时间", "YYYY-MM-DDTHH:MM:SSZ"},
  {"ended_at", JF_STRING, JF_REQUIRED, 19, 30, "结束时间", "YYYY-MM-DDTHH:MM:SSZ"},
  {"start_trigger", JF_STRING, JF_REQUIRED, 1, 100, "开始触发", "e.g. 进入现场 / 出示证件"},
  {"end_trigger", JF_STRING, JF_REQUIRED, 1, 100, "结束触发", "e.g. 交流反馈结束 / 离开现场"},
  {"device", JF_STRING, JF_REQUIRED, 1, 100, "记录设备", "执法记录仪编号"},
  {"officer_id", JF_INT, JF_REQUIRED, 1, 0, "执法人员", "person.id"},
  {"evidence_ids", JF_ARRAY, 0, 0, EVIDENCE_MAX_IDS, "音视频文件", "evidence ids (audio or video)"},
  {"note", JF_STRING, 0, 0, 500, "备注", 0},
  {0}
};

/* ?zName= as a positive id; 0 when absent. */
static int evidence_query_id(zf_req *r, const char *zName, int64_t *pId){
  const char *z = http_query(r, zName);
  char *zEnd;
  *pId = 0;
  if( z==0 ) return ZF_OK;
  *pId = strtoll(z, &zEnd, 10);
  if( *zEnd || *pId<=0 ) return http_fail(r, ZF_EINVAL, zName, "参数 %s 应为正整数", zName);
  return ZF_OK;
}

/*
** ROUTE: POST /api/v1/evidence
** The body is the file itself (X-Requested-With: zhifa), streamed to disk
** by the server up to --evidence-max-bytes (413 beyond). ?link_kind=
** inspection|hazard|case &link_id= what it belongs to, ?name= the file
** name, ?note=. The device is X-Device, else the User-Agent. 201 with the
** row; identical content is stored once (deduplicated:true).
*/
int evidence_upload_handler(zf_req *r){
  const char *zDevice = http_header(r, "X-Device");
  const char *zUa = http_header(r, "User-Agent");
  char zDev[201], zSha[65];
  evidence_new n;
  int64_t id;
  char *zTaken;
  int rc;
  json_t *p;
  memset(&n, 0, sizeof n);
  n.zLinkKind = http_query(r, "link_kind");
  n.zName = http_query(r, "name");
  n.zNote = http_query(r, "note");
  rc = evidence_query_id(r, "link_id", &n.linkId);
  if( rc ) return rc;
  if( n.zLinkKind==0 ) return http_fail(r, ZF_EMISSING, "link_kind", "请指定关联对象类型（link_kind）");
  if( n.linkId==0 ) return http_fail(r, ZF_EMISSING, "link_id", "请指定关联对象（link_id）");
  if( n.zNote && json_utf8_len(n.zNote)>500 ) return http_fail(r, ZF_EINVAL, "note", "备注至多 500 字");
  if( http_upload_path(r)==0 || http_body_size(r)==0 ){
    return http_fail(r, ZF_EINVAL, "file", "请选择要上传的文件（请求体为空）");
  }
  snprintf(zDev, sizeof zDev, "%s", zDevice && *zDevice ? zDevice : zUa ? zUa : "");
  if( !json_utf8_valid(zDev, strlen(zDev)) ) zDev[0] = 0;
  n.zDevice = zDev;
  n.zClient = r->zClient;
  if( http_upload_sha256(r) ){
    snprintf(zSha, sizeof zSha, "%s", http_upload_sha256(r));
    n.zSha256 = zSha;
  }
  zTaken = http_upload_take(r);
  rc = evidence_add(r->pDb, &r->who, zTaken, &n, &id, &r->err);
  free(zTaken);
  if( rc ) return rc;
  p = evidence_json(r->pDb, id);
  if( p==0 ) return ZF_EINTERNAL;
  return http_reply(r, 201, p);
}

/* ROUTE: GET /api/v1/evidence — evidence rows in the caller's scope,
** newest first, filtered by link_kind + link_id and media; voided ones
** only with include_voided=true. */
int evidence_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT id FROM evidence WHERE substr(region_path, 1, length(?1))=?1"
    " AND (?2 IS NULL OR link_kind=?2) AND (?3 IS NULL OR link_id=?3)"
    " AND (?4 IS NULL OR media=?4) AND (?5=1 OR voided_at IS NULL)"
    " AND (?6=0 OR id<?6) AND" EVIDENCE_COVERT_TERM("8", "9", "10") " ORDER BY id DESC LIMIT ?7";
  const char *zKind = http_query(r, "link_kind"), *zMedia = http_query(r, "media");
  const char *zVoided = http_query(r, "include_voided");
  int64_t linkId, cursor, last = 0;
  int limit, rc, n = 0;
  zf_stmt *pStmt;
  json_t *pItems;
  if( (rc = http_page(r, &limit, &cursor))!=ZF_OK ) return rc;
  if( (rc = evidence_query_id(r, "link_id", &linkId))!=ZF_OK ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ssssdii", r->who.zScopePath, zKind, (const char*)0, zMedia,
          zVoided && strcmp(zVoided, "true")==0, cursor, (int64_t)limit);
  if( linkId ) db_bind_int64(pStmt, 3, linkId);
  covert_bind(pStmt, &r->who, 8, 9, 10);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, evidence_json(r->pDb, last));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems,
                    "next_cursor", n==limit ? json_integer(last) : json_null()));
}

/* Path {id} as an evidence row inside the caller's scope. */
static int evidence_lookup(zf_req *r, int64_t *pId){
  static const char zSql[] = "SELECT region_path FROM evidence WHERE id=?";
  return http_scoped_row(r, "id", zSql, "证据", evidence_visible, pId);
}

/* ROUTE: GET /api/v1/evidence/{id} — one evidence row (metadata). */
int evidence_get_handler(zf_req *r){
  int64_t id;
  int rc = evidence_lookup(r, &id);
  json_t *p;
  if( rc ) return rc;
  if( (p = evidence_json(r->pDb, id))==0 ) return ZF_EINTERNAL;
  return http_reply(r, 200, p);
}

/*
** A single "bytes=" range against a file of nSize bytes: 1 with [*pFrom,
** *pTo] when satisfiable, -1 when not (416), 0 when the header is absent,
** malformed or asks for several ranges (the whole file is sent, as RFC
** 9110 allows).
*/
static int evidence_range(const char *z, int64_t nSize, int64_t *pFrom, int64_t *pTo){
  char *zEnd;
  long long a, b;
  if( z==0 || strncmp(z, "bytes=", 6)!=0 || strchr(z, ',') ) return 0;
  z += 6;
  if( *z=='-' ){
    if( z[1]<'0' || z[1]>'9' ) return 0;
    b = strtoll(z+1, &zEnd, 10);
    if( *zEnd ) return 0;
    if( b==0 ) return -1;
    *pFrom = b>=nSize ? 0 : nSize - b;
    *pTo = nSize - 1;
    return 1;
  }
  if( *z<'0' || *z>'9' ) return 0;
  a = strtoll(z, &zEnd, 10);
  if( *zEnd!='-' ) return 0;
  z = zEnd + 1;
  if( *z==0 ){
    b = nSize - 1;
  }else{
    if( *z<'0' || *z>'9' ) return 0;
    b = strtoll(z, &zEnd, 10);
    if( *zEnd || b<a ) return 0;
    if( b>=nSize ) b = nSize - 1;
  }
  if( a>=nSize ) return -1;
  *pFrom = a;
  *pTo = b;
  return 1;
}

/*
** ROUTE: GET /api/v1/evidence/{id}/content
** The file, for download or playback: Accept-Ranges: bytes; a single
** Range gives 206 with Content-Range, an unsatisfiable one 416 with
** Content-Range: bytes * /size. Sent from the file (no buffering).
*/
int evidence_content_handler(zf_req *r){
  int64_t id, nSize = 0, a = 0, b = 0;
  char zMime[64], zSha[65], zHdr[96];
  int fd = -1, rc, k;
  if( (rc = http_path_id(r, "id", &id))!=ZF_OK ) return rc;
  rc = evidence_open(r->pDb, &r->who, id, &fd, &nSize, zMime, zSha, &r->err);
  if( rc ) return rc;
  k = evidence_range(http_header(r, "Range"), nSize, &a, &b);
  http_header_add(r, "Accept-Ranges", "bytes");
  snprintf(zHdr, sizeof zHdr, "\"%s\"", zSha);
  http_header_add(r, "ETag", zHdr);
  if( k<0 ){
    close(fd);
    snprintf(zHdr, sizeof zHdr, "bytes */%lld", (long long)nSize);
    http_header_add(r, "Content-Range", zHdr);
    return http_reply(r, 416, json_pack("{s:{s:s,s:s,s:s}}", "error", "code", "range_not_satisfiable",
                      "message", "请求的字节范围超出文件大小", "field", "Range"));
  }
  if( k==0 ) return http_file(r, 200, zMime, fd, 0, (uint64_t)nSize);
  snprintf(zHdr, sizeof zHdr, "bytes %lld-%lld/%lld", (long long)a, (long long)b, (long long)nSize);
  http_header_add(r, "Content-Range", zHdr);
  return http_file(r, 206, zMime, fd, (uint64_t)a, (uint64_t)(b - a + 1));
}

/* ROUTE: GET /api/v1/evidence/{id}/verify — fixity check: the stored
** file is read again and its SHA-256 compared with the recorded one:
** {"id","sha256","actual","ok"} (ok false: changed or missing). */
int evidence_verify_handler(zf_req *r){
  char zActual[65];
  int64_t id;
  int ok = 0, rc = evidence_lookup(r, &id);
  json_t *p, *pReply;
  if( rc ) return rc;
  rc = evidence_verify(r->pDb, &r->who, id, &ok, zActual, &r->err);
  if( rc ) return rc;
  if( (p = evidence_json(r->pDb, id))==0 ) return ZF_EINTERNAL;
  pReply = json_pack("{s:I,s:O,s:s?,s:b}", "id", (json_int_t)id, "sha256", json_object_get(p, "sha256"),
                     "actual", zActual[0] ? zActual : 0, "ok", ok);
  json_decref(p);
  return http_reply(r, 200, pReply);
}

/* ROUTE: POST /api/v1/evidence/{id}/void — voids a row with a reason
** (never deleted; the file stays in the store). */
int evidence_void_handler(zf_req *r){
  int64_t id;
  int rc = evidence_lookup(r, &id);
  if( rc ) return rc;
  rc = evidence_void(r->pDb, &r->who, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, evidence_json(r->pDb, id));
}

/* ROUTE: POST /api/v1/av-records — records an audio-video recording
** session (occasion, triggers, device, officer, files); keep_until from
** the rule av.keep_days. */
int av_record_create_handler(zf_req *r){
  json_t *pIds = json_object_get(r->pBody, "evidence_ids"), *pV;
  int64_t aId[EVIDENCE_MAX_IDS], id;
  av_record_new n;
  size_t i;
  int rc;
  memset(&n, 0, sizeof n);
  json_array_foreach(pIds, i, pV){
    if( !json_is_integer(pV) || json_integer_value(pV)<1 ){
      return http_fail(r, ZF_ETYPE, "evidence_ids", "音视频文件应为证据编号（正整数）");
    }
    aId[n.nEvidence++] = json_integer_value(pV);
  }
  n.aEvidence = aId;
  n.zLinkKind = json_str(r->pBody, "link_kind");
  n.linkId = json_int(r->pBody, "link_id", 0);
  n.zOccasion = json_str(r->pBody, "occasion");
  n.zStarted = json_str(r->pBody, "started_at");
  n.zEnded = json_str(r->pBody, "ended_at");
  n.zStartTrigger = json_str(r->pBody, "start_trigger");
  n.zEndTrigger = json_str(r->pBody, "end_trigger");
  n.zDevice = json_str(r->pBody, "device");
  n.officerId = json_int(r->pBody, "officer_id", 0);
  n.zNote = json_str(r->pBody, "note");
  rc = av_record_add(r->pDb, &r->who, &n, &id, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, av_record_json(r->pDb, id));
}

/* ROUTE: GET /api/v1/av-records — recordings in the caller's scope,
** newest first, filtered by link_kind + link_id and occasion. */
int av_record_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT id FROM av_record WHERE substr(region_path, 1, length(?1))=?1"
    " AND (?2 IS NULL OR link_kind=?2) AND (?3 IS NULL OR link_id=?3)"
    " AND (?4 IS NULL OR occasion=?4) AND (?5=0 OR id<?5)"
    " AND" EVIDENCE_COVERT_TERM("7", "8", "9") " ORDER BY id DESC LIMIT ?6";
  const char *zKind = http_query(r, "link_kind"), *zOcc = http_query(r, "occasion");
  int64_t linkId, cursor, last = 0;
  int limit, rc, n = 0;
  zf_stmt *pStmt;
  json_t *pItems;
  if( (rc = http_page(r, &limit, &cursor))!=ZF_OK ) return rc;
  if( (rc = evidence_query_id(r, "link_id", &linkId))!=ZF_OK ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ssssii", r->who.zScopePath, zKind, (const char*)0, zOcc, cursor, (int64_t)limit);
  if( linkId ) db_bind_int64(pStmt, 3, linkId);
  covert_bind(pStmt, &r->who, 7, 8, 9);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, av_record_json(r->pDb, last));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems,
                    "next_cursor", n==limit ? json_integer(last) : json_null()));
}

/* ROUTE: POST /api/v1/av-records/{id}/void — voids a recording with a reason. */
int av_record_void_handler(zf_req *r){
  int64_t id;
  int rc = http_path_id(r, "id", &id);
  if( rc ) return rc;
  rc = av_record_void(r->pDb, &r->who, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, av_record_json(r->pDb, id));
}

/* ROUTE: GET /api/v1/av-records/missing — inspections in the caller's
** scope that have reached the site (in_progress, reported, closed) without
** a live on-site-inspection recording (缺少现场检查全过程记录), newest first;
** from=YYYY-MM-DD only those whose window reaches that day or later. */
int evidence_missing_handler(zf_req *r){
  static const char zSql[] =
    "SELECT i.id, i.enterprise_id, e.name, i.type, i.status, i.window_from, i.actual_start"
    " FROM inspection i JOIN enterprise e ON e.id=i.enterprise_id"
    " WHERE i.region_path LIKE ?1 || '%'"
    " AND (i.status='in_progress' OR i.status='reported' OR i.status='closed')"
    " AND NOT EXISTS(SELECT 1 FROM av_record a WHERE a.inspection_id=i.id"
    "   AND a.occasion='onsite_inspection' AND a.voided_at IS NULL)"
    " AND (?2=0 OR i.id<?2) AND (?7 IS NULL OR i.window_to>=?7) AND" COVERT_VISIBLE_SQL("i.id", "4", "5", "6")
    " ORDER BY i.id DESC LIMIT ?3";
  const char *zFrom = http_query(r, "from");
  int64_t cursor, last = 0;
  int limit, rc, n = 0;
  zf_stmt *pStmt;
  json_t *pItems;
  if( (rc = http_page(r, &limit, &cursor))!=ZF_OK ) return rc;
  if( zFrom && zFrom[0]==0 ) zFrom = 0;
  if( zFrom && (rc = calendar_parse_date(zFrom, "from", 0, &r->err))!=ZF_OK ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "sii", r->who.zScopePath, cursor, (int64_t)limit);
  covert_bind(pStmt, &r->who, 4, 5, 6);
  if( zFrom ) db_bind_text(pStmt, 7, zFrom, -1, DB_TRANSIENT);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s?,s:s}",
      "inspection_id", (json_int_t)last, "enterprise_id", (json_int_t)db_column_int64(pStmt, 1),
      "enterprise_name", db_text(pStmt, 2), "type", db_text(pStmt, 3), "status", db_text(pStmt, 4),
      "window_from", db_text(pStmt, 5), "actual_start", (const char*)db_column_text(pStmt, 6),
      "flag", "missing_onsite_recording"));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems,
                    "next_cursor", n==limit ? json_integer(last) : json_null()));
}
