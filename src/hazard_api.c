/*
** hazard_api.c — HTTP for hazards (list with filters, detail with the
** timeline, record, actions of the status machine), transfers (the
** bureau's list and acts; the department account's own list, receipt and
** answer) and notifications (the signed-in account's, mark read). Domain
** rules are in hazard.c and transfer.c. Plan clauses 12, 16, 19.
*/
#include <stdlib.h>
#include <string.h>
#include "core/clock.h"
#include "core/text.h"
#include "core/calendar.h"
#include "fieldwork.h"
#include "hazard.h"
#include "org.h"

const json_field hazard_create_body[] = {
  {"inspection_id", JF_INT, JF_REQUIRED, 1, 0, "检查", "inspection.id"},
  {"checklist_item", JF_STRING, JF_NULLABLE, 1, 40, "检查表条目", "checklist item code"},
  {"catalog_item", JF_STRING, JF_NULLABLE, 1, 40, "执法事项", "catalog item code"},
  {"checklist_lines", JF_ARRAY, 0, 0, HAZARD_MAX_LINKS, "关联检查项", "checklist line ids of the inspection's checklist"},
  {"catalog_items", JF_ARRAY, 0, 0, HAZARD_MAX_LINKS, "关联执法事项", "catalog item ids (published catalog)"},
  {"from_line_id", JF_INT, 0, 1, 0, "不符合检查项", "a line with a 不符合 result of this inspection: pre-links it"},
  {"description", JF_STRING, 0, 2, 2000, "隐患描述", "required unless from_line_id"},
  {"place", JF_STRING, JF_REQUIRED, 1, 200, "隐患部位", 0},
  {"category", JF_STRING, JF_REQUIRED, 1, 10, "隐患类别", "general | major"},
  {"standard_item", JF_STRING, JF_NULLABLE, 0, 500, "判定标准条款", "required when major"},
  {"rectify", JF_STRING, JF_REQUIRED, 1, 10, "整改方式", "immediate | deadline"},
  {0}
};

const json_field hazard_action_body[] = {
  {"action", JF_STRING, JF_REQUIRED, 1, 20, "操作", "order report reinspect rectified propose void"},
  {"order_no", JF_STRING, 0, 0, 60, "指令书文号", "never: the server numbers the order"},
  {"order_date", JF_STRING, 0, 10, 10, "指令书日期", "order: YYYY-MM-DD"},
  {"deadline", JF_STRING, 0, 10, 10, "整改期限", "order: YYYY-MM-DD"},
  {"date", JF_STRING, 0, 10, 10, "日期", "report / reinspect / rectified: YYYY-MM-DD"},
  {"result", JF_STRING, 0, 1, 10, "复查结论", "reinspect: passed | failed"},
  {"note", JF_STRING, 0, 0, 2000, "说明", "propose, void: required"},
  {"evidence", JF_ARRAY, 0, 0, HAZARD_MAX_EVIDENCE, "证据", "report: evidence ids"},
  {0}
};

const json_field transfer_create_body[] = {
  {"direction", JF_STRING, JF_REQUIRED, 2, 3, "移交方向", "out | in"},
  {"hazard_id", JF_INT, 0, 1, 0, "隐患", "out"},
  {"unit_id", JF_INT, JF_REQUIRED, 1, 0, "部门", "unit of kind department"},
  {"matter", JF_STRING, 0, 2, 2000, "移交事项", "in: required"},
  {"doc_no", JF_STRING, JF_REQUIRED, 1, 60, "移交文书文号", 0},
  {"doc_date", JF_STRING, JF_REQUIRED, 10, 10, "移交日期", "YYYY-MM-DD"},
  {"assigned_unit_id", JF_INT, 0, 1, 0, "承办单位", "in"},
  {0}
};

const json_field transfer_act_body[] = {
  {"action", JF_STRING, JF_REQUIRED, 1, 20, "操作", "receive answer assign void"},
  {"answer", JF_STRING, 0, 0, 2000, "答复意见", "answer"},
  {"reason", JF_STRING, 0, 0, 500, "作废原因", "void"},
  {"assigned_unit_id", JF_INT, 0, 1, 0, "承办单位", "assign"},
  {0}
};

/* Today's overdue marks before anything is read. */
static void hazard_api_sweep(zf_req *r){
  char zToday[11];
  calendar_today(zToday);
  hazard_sweep(r->pDb, zToday);
}

/* ROUTE: POST /api/v1/hazards — records a hazard of an inspection; 201
** HAZARD (a major one notifies the leaders). checklist_lines and
** catalog_items link it (422 naming the field for an id that is not the
** inspection's checklist line or a published catalog item); from_line_id
** records it from a 不符合 result, pre-linked (hazard.h). */
/* Body array zName of positive ids into a (at most HAZARD_MAX_LINKS, the
** body table's limit). */
static int hazard_ids(zf_req *r, const char *zName, int64_t *a, int *pN){
  json_t *pArr = json_object_get(r->pBody, zName), *v;
  size_t i;
  *pN = 0;
  json_array_foreach(pArr, i, v){
    if( !json_is_integer(v) || json_integer_value(v)<=0 || *pN>=HAZARD_MAX_LINKS ){
      return http_fail(r, ZF_ETYPE, zName, "%s[%zu] 应为编号（正整数）", zName, i);
    }
    a[(*pN)++] = json_integer_value(v);
  }
  return ZF_OK;
}

int hazard_create_handler(zf_req *r){
  int64_t aLine[HAZARD_MAX_LINKS], aItem[HAZARD_MAX_LINKS];
  hazard_new nu;
  int64_t id;
  int rc;
  memset(&nu, 0, sizeof nu);
  if( (rc = hazard_ids(r, "checklist_lines", aLine, &nu.nChecklistLine))!=0 ) return rc;
  if( (rc = hazard_ids(r, "catalog_items", aItem, &nu.nCatalogItem))!=0 ) return rc;
  nu.aChecklistLine = aLine;
  nu.aCatalogItem = aItem;
  nu.fromLineId = json_integer_value(json_object_get(r->pBody, "from_line_id"));
  nu.inspectionId = json_integer_value(json_object_get(r->pBody, "inspection_id"));
  nu.zChecklistItem = json_str(r->pBody, "checklist_item");
  nu.zCatalogItem = json_str(r->pBody, "catalog_item");
  nu.zDescription = json_str(r->pBody, "description");
  nu.zPlace = json_str(r->pBody, "place");
  nu.zCategory = json_str(r->pBody, "category");
  nu.zStandardItem = json_str(r->pBody, "standard_item");
  nu.zRectify = json_str(r->pBody, "rectify");
  if( (rc = hazard_create(r->pDb, &r->who, &nu, &id, &r->err))!=0 ) return rc;
  return http_reply(r, 201, hazard_json(r->pDb, id, 1));
}

/* The covert rule (fieldwork.h) for hazard id: a hazard of a covert
** inspection the actor may not see is absent. */
static int hazard_visible(zf_db *pDb, const zf_who *pActor, int64_t id){
  return covert_link_visible(pDb, pActor, "hazard", id);
}

/* Path {id} as a hazard inside the caller's scope (404 when hidden). */
static int hazard_lookup(zf_req *r, int64_t *pId){
  static const char zSql[] = "SELECT region_path FROM hazard WHERE id=?";
  return http_scoped_row(r, "id", zSql, "隐患", hazard_visible, pId);
}

/* ROUTE: GET /api/v1/hazards/{id} — HAZARD with "events" (the timeline)
** and "transfers". */
int hazard_get_handler(zf_req *r){
  int64_t id;
  int rc = hazard_lookup(r, &id);
  if( rc ) return rc;
  hazard_api_sweep(r);
  return http_reply(r, 200, hazard_json(r->pDb, id, 1));
}

/* ROUTE: POST /api/v1/hazards/{id}/actions — {"action", …}: order, report,
** reinspect, rectified, propose, void (hazard.h); 200 HAZARD. */
int hazard_action_handler(zf_req *r){
  int64_t id, aEv[HAZARD_MAX_EVIDENCE];
  json_t *pEv = json_object_get(r->pBody, "evidence"), *v;
  hazard_action a;
  size_t i;
  int rc = hazard_lookup(r, &id);
  if( rc ) return rc;
  memset(&a, 0, sizeof a);
  json_array_foreach(pEv, i, v){
    if( !json_is_integer(v) || json_integer_value(v)<=0 ){
      return http_fail(r, ZF_ETYPE, "evidence", "evidence[%zu] 应为证据编号（正整数）", i);
    }
    aEv[a.nEvidence++] = json_integer_value(v);
  }
  a.aEvidence = aEv;
  a.zAction = json_str(r->pBody, "action");
  a.zOrderNo = json_str(r->pBody, "order_no");
  a.zOrderDate = json_str(r->pBody, "order_date");
  a.zDeadline = json_str(r->pBody, "deadline");
  a.zDate = json_str(r->pBody, "date");
  a.zResult = json_str(r->pBody, "result");
  a.zNote = json_str(r->pBody, "note");
  hazard_api_sweep(r);
  if( (rc = hazard_act(r->pDb, &r->who, id, &a, &r->err))!=0 ) return rc;
  return http_reply(r, 200, hazard_json(r->pDb, id, 1));
}

/* The list query: scope, then each filter in "(?N IS NULL OR …)" form;
** such terms cannot use an index, so the most selective filter given
** (inspection, enterprise) is repeated as a plain term that can. */
#define HAZARD_LIST_HEAD "SELECT h.id FROM hazard h WHERE h.region_path LIKE ?1 || '%'"
#define HAZARD_LIST_TAIL \
  " AND (?2 IS NULL OR h.status=?2) AND (?3 IS NULL OR h.category=?3)" \
  " AND (?4 IS NULL OR h.enterprise_id=?4) AND (?5 IS NULL OR h.inspection_id=?5)" \
  " AND (?6=0 OR h.status='overdue' OR (h.status='reported' AND h.reinspect_due<?7))" \
  " AND (?8 IS NULL OR h.description LIKE ?8 ESCAPE '\\')" \
  " AND (?9=0 OR h.id<?9) AND" COVERT_VISIBLE_SQL("h.inspection_id", "11", "12", "13") \
  " ORDER BY h.id DESC LIMIT ?10"

/* Checks the list's enumerated filters. */
static int hazard_list_check(zf_req *r, const char *zStatus, const char *zCat, const char *zOver){
  if( zStatus && hazard_status_name(zStatus)==0 ) return http_fail(r, ZF_EINVAL, "status", "未知隐患状态：%.20s", zStatus);
  if( zCat && strcmp(zCat, "general") && strcmp(zCat, "major") ){
    return http_fail(r, ZF_EINVAL, "category", "隐患类别应为 general 或 major");
  }
  if( zOver && zOver[0] && strcmp(zOver, "true") && strcmp(zOver, "false") ){
    return http_fail(r, ZF_EINVAL, "overdue", "overdue 应为 true 或 false");
  }
  return ZF_OK;
}

/* Runs a list statement whose first column is an id; renders each with
** x, paging by id. */
static int hazard_page_reply(zf_req *r, zf_stmt *pStmt, int limit,
                             json_t *(*x)(zf_db*, int64_t)){
  int64_t aId[201], last = 0;
  int n = 0, i, more = 0, rc;
  json_t *pItems;
  while( (rc = db_step(pStmt))==1 ){
    if( n<limit ) aId[n++] = db_column_int64(pStmt, 0); else more = 1;
  }
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  pItems = json_array();
  for(i=0; i<n; i++){
    json_t *p = x(r->pDb, aId[i]);
    if( p ) json_array_append_new(pItems, p);
    last = aId[i];
  }
  return http_reply(r, 200, json_pack("{s:o,s:o}", "items", pItems, "next_cursor",
                    more ? json_sprintf("%lld", (long long)last) : json_null()));
}

static json_t *hazard_item_json(zf_db *pDb, int64_t id){ return hazard_json(pDb, id, 0); }

/* ROUTE: GET /api/v1/hazards — HAZARDs in scope, newest first; filters
** status, category, overdue=true (overdue, or reported and not re-inspected
** by its due day), enterprise_id, inspection_id, q (description). */
int hazard_list_handler(zf_req *r){
  static const char zAny[] = HAZARD_LIST_HEAD HAZARD_LIST_TAIL;
  static const char zEnt[] = HAZARD_LIST_HEAD " AND h.enterprise_id=?4" HAZARD_LIST_TAIL;
  static const char zInsp[] = HAZARD_LIST_HEAD " AND h.inspection_id=?5" HAZARD_LIST_TAIL;
  const char *zStatus = http_query(r, "status"), *zCat = http_query(r, "category");
  const char *zOver = http_query(r, "overdue"), *zQ = http_query(r, "q");
  int64_t cursor, ent, insp;
  char zToday[11], zLike[210];
  zf_stmt *pStmt;
  int limit, rc;
  if( zStatus && !zStatus[0] ) zStatus = 0;
  if( zCat && !zCat[0] ) zCat = 0;
  if( (rc = http_page(r, &limit, &cursor))!=0 ) return rc;
  if( (rc = http_query_id(r, "enterprise_id", &ent))!=0 || (rc = http_query_id(r, "inspection_id", &insp))!=0 ) return rc;
  if( (rc = hazard_list_check(r, zStatus, zCat, zOver))!=0 ) return rc;
  hazard_api_sweep(r);
  calendar_today(zToday);
  if( (pStmt = db_stmt(r->pDb, insp ? zInsp : ent ? zEnt : zAny))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", r->who.zScopePath);
  if( zStatus ) db_bind_text(pStmt, 2, zStatus, -1, DB_TRANSIENT);
  if( zCat ) db_bind_text(pStmt, 3, zCat, -1, DB_TRANSIENT);
  if( ent ) db_bind_int64(pStmt, 4, ent);
  if( insp ) db_bind_int64(pStmt, 5, insp);
  db_bind_int(pStmt, 6, zOver && strcmp(zOver, "true")==0);
  db_bind_text(pStmt, 7, zToday, -1, DB_TRANSIENT);
  if( zQ && zQ[0] ){
    text_like(zQ, zLike, sizeof zLike);
    db_bind_text(pStmt, 8, zLike, -1, DB_TRANSIENT);
  }
  db_bind_int64(pStmt, 9, cursor);
  db_bind_int(pStmt, 10, limit + 1);
  covert_bind(pStmt, &r->who, 11, 12, 13);
  return hazard_page_reply(r, pStmt, limit, hazard_item_json);
}

/* ---- transfers ----------------------------------------------------- */

/* ROUTE: POST /api/v1/transfers — an outgoing transfer of a hazard to a
** department, or an incoming matter from one; 201 TRANSFER. */
int transfer_create_handler(zf_req *r){
  transfer_new nu;
  int64_t id;
  int rc;
  memset(&nu, 0, sizeof nu);
  nu.zDirection = json_str(r->pBody, "direction");
  nu.hazardId = json_integer_value(json_object_get(r->pBody, "hazard_id"));
  nu.unitId = json_integer_value(json_object_get(r->pBody, "unit_id"));
  nu.zMatter = json_str(r->pBody, "matter");
  nu.zDocNo = json_str(r->pBody, "doc_no");
  nu.zDocDate = json_str(r->pBody, "doc_date");
  nu.assignedUnitId = json_integer_value(json_object_get(r->pBody, "assigned_unit_id"));
  if( (rc = transfer_create(r->pDb, &r->who, &nu, &id, &r->err))!=0 ) return rc;
  return http_reply(r, 201, transfer_json(r->pDb, id));
}

/* Filters shared by both transfer lists. */
#define TRANSFER_FILTER \
  " AND (?2 IS NULL OR t.direction=?2) AND (?3 IS NULL OR t.status=?3)" \
  " AND (?4=0 OR ((t.status='sent' OR t.status='received') AND t.answer_due<?5))" \
  " AND (?6=0 OR t.id<?6)" \
  " AND (t.hazard_id IS NULL OR" COVERT_VISIBLE_SQL("SELECT hz.inspection_id FROM hazard hz" \
  " WHERE hz.id=t.hazard_id", "8", "9", "10") ")" \
  " ORDER BY t.id DESC LIMIT ?7"

/* The list of transfers: the bureau's (scope) or a department's (unit). */
static int transfer_list(zf_req *r, int64_t deptUnit){
  static const char zScope[] =
    "SELECT t.id FROM hazard_transfer t WHERE t.region_path LIKE ?1 || '%'" TRANSFER_FILTER;
  static const char zDept[] =
    "SELECT t.id FROM hazard_transfer t WHERE t.unit_id=?1 AND t.direction='out'" TRANSFER_FILTER;
  const char *zDir = http_query(r, "direction"), *zStatus = http_query(r, "status");
  const char *zOver = http_query(r, "overdue");
  int64_t cursor;
  char zToday[11];
  zf_stmt *pStmt;
  int limit, rc;
  if( zDir && !zDir[0] ) zDir = 0;
  if( zStatus && !zStatus[0] ) zStatus = 0;
  if( (rc = http_page(r, &limit, &cursor))!=0 ) return rc;
  if( zDir && strcmp(zDir, "out") && strcmp(zDir, "in") ) return http_fail(r, ZF_EINVAL, "direction", "移交方向应为 out 或 in");
  if( zStatus && strcmp(zStatus, "sent") && strcmp(zStatus, "received") && strcmp(zStatus, "answered")
   && strcmp(zStatus, "void") ){
    return http_fail(r, ZF_EINVAL, "status", "未知移交状态：%.20s", zStatus);
  }
  if( zOver && zOver[0] && strcmp(zOver, "true") && strcmp(zOver, "false") ){
    return http_fail(r, ZF_EINVAL, "overdue", "overdue 应为 true 或 false");
  }
  calendar_today(zToday);
  if( (pStmt = db_stmt(r->pDb, deptUnit ? zDept : zScope))==0 ) return ZF_EINTERNAL;
  if( deptUnit ) db_bind_int64(pStmt, 1, deptUnit);
  else db_bind_text(pStmt, 1, r->who.zScopePath, -1, DB_TRANSIENT);
  if( zDir ) db_bind_text(pStmt, 2, zDir, -1, DB_TRANSIENT);
  if( zStatus ) db_bind_text(pStmt, 3, zStatus, -1, DB_TRANSIENT);
  db_bind_int(pStmt, 4, zOver && strcmp(zOver, "true")==0);
  db_bind_text(pStmt, 5, zToday, -1, DB_TRANSIENT);
  db_bind_int64(pStmt, 6, cursor);
  db_bind_int(pStmt, 7, limit + 1);
  /* the department sees what was sent to it; the bureau side the covert rule */
  covert_bind(pStmt, deptUnit ? 0 : &r->who, 8, 9, 10);
  return hazard_page_reply(r, pStmt, limit, transfer_json);
}

/* ROUTE: GET /api/v1/transfers — the bureau's transfers in scope, both
** directions; filters direction, status, overdue=true. */
int transfer_list_handler(zf_req *r){
  return transfer_list(r, 0);
}

/* The department unit of the signed-in account (403 when it has none). */
static int transfer_dept_unit(zf_req *r, int64_t *pUnit){
  if( hazard_account_unit(r->pDb, r->who.accountId, pUnit)!=ZF_OK ){
    return http_fail(r, ZF_EFORBIDDEN, 0, "您的账号未关联部门，请联系管理员");
  }
  return ZF_OK;
}

/* ROUTE: GET /api/v1/department/transfers — transfers to the signed-in
** department account's unit; filters status, overdue=true. */
int transfer_dept_list_handler(zf_req *r){
  int64_t unit;
  int rc = transfer_dept_unit(r, &unit);
  return rc ? rc : transfer_list(r, unit);
}

/* The covert rule for transfer id: that of its hazard, if any. */
static int transfer_visible(zf_db *pDb, const zf_who *pActor, int64_t id){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT hazard_id FROM hazard_transfer WHERE id=?");
  int64_t hazardId = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) hazardId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return hazardId==0 || hazard_visible(pDb, pActor, hazardId);
}

/* Path {id} as a transfer inside the caller's scope (404 when hidden). */
static int transfer_lookup(zf_req *r, int64_t *pId){
  static const char zSql[] = "SELECT region_path FROM hazard_transfer WHERE id=?";
  return http_scoped_row(r, "id", zSql, "移交", transfer_visible, pId);
}

/* ROUTE: GET /api/v1/transfers/{id} — TRANSFER. */
int transfer_get_handler(zf_req *r){
  int64_t id;
  int rc = transfer_lookup(r, &id);
  return rc ? rc : http_reply(r, 200, transfer_json(r->pDb, id));
}

/* The act of a transfer route: {"action","answer","reason","assigned_unit_id"}. */
static int transfer_act_reply(zf_req *r, int64_t id){
  const char *zWhat = json_str(r->pBody, "action");
  const char *zText = zWhat && strcmp(zWhat, "void")==0 ? json_str(r->pBody, "reason")
                                                       : json_str(r->pBody, "answer");
  int64_t assigned = json_integer_value(json_object_get(r->pBody, "assigned_unit_id"));
  int rc = transfer_act(r->pDb, &r->who, id, zWhat, zText, assigned, &r->err);
  return rc ? rc : http_reply(r, 200, transfer_json(r->pDb, id));
}

/* ROUTE: POST /api/v1/transfers/{id}/actions — the bureau: answer or
** assign an incoming transfer, void one; 200 TRANSFER. */
int transfer_bureau_act_handler(zf_req *r){
  int64_t id;
  int rc = transfer_lookup(r, &id);
  return rc ? rc : transfer_act_reply(r, id);
}

/* ROUTE: POST /api/v1/department/transfers/{id}/actions — the department
** account: receive (签收) or answer a transfer to its unit; 200 TRANSFER.
** A transfer to another unit is 404 (it is not the account's to see). */
int transfer_dept_act_handler(zf_req *r){
  static const char zSql[] = "SELECT 1 FROM hazard_transfer WHERE id=? AND unit_id=? AND direction='out'";
  int64_t id, unit;
  zf_stmt *pStmt;
  int rc = http_path_id(r, "id", &id);
  if( rc || (rc = transfer_dept_unit(r, &unit))!=0 ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ii", id, unit);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc!=1 ) return http_fail(r, ZF_ENOTFOUND, "id", "移交不存在：%lld", (long long)id);
  {
    const char *zWhat = json_str(r->pBody, "action");
    if( zWhat && strcmp(zWhat, "receive") && strcmp(zWhat, "answer") ){
      return http_fail(r, ZF_EINVAL, "action", "部门只能签收（receive）或答复（answer）");
    }
  }
  return transfer_act_reply(r, id);
}

/* ---- notifications ------------------------------------------------- */

/* ROUTE: GET /api/v1/notifications — the signed-in account's
** notifications, newest first; unread=true for the unread ones; "unread"
** counts them all. */
int notification_list_handler(zf_req *r){
  static const char zSql[] =
    "SELECT id, kind, title, body, entity, entity_id, created_at, read_at FROM notification"
    " WHERE account_id=?1 AND (?2=0 OR read_at IS NULL) AND (?3=0 OR id<?3) ORDER BY id DESC LIMIT ?4";
  static const char zCount[] = "SELECT count(*) FROM notification WHERE account_id=? AND read_at IS NULL";
  const char *zUnread = http_query(r, "unread");
  int64_t cursor, last = 0, unread = 0;
  zf_stmt *pStmt;
  json_t *pItems;
  int limit, rc, n = 0, more = 0;
  if( (rc = http_page(r, &limit, &cursor))!=0 ) return rc;
  if( zUnread && zUnread[0] && strcmp(zUnread, "true") && strcmp(zUnread, "false") ){
    return http_fail(r, ZF_EINVAL, "unread", "unread 应为 true 或 false");
  }
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "iiii", r->who.accountId, (int64_t)(zUnread && strcmp(zUnread, "true")==0), cursor,
          (int64_t)limit + 1);
  pItems = json_array();
  while( (rc = db_step(pStmt))==1 ){
    if( n++>=limit ){ more = 1; break; }
    last = db_column_int64(pStmt, 0);
    json_array_append_new(pItems, db_row_json(pStmt, "id,kind,title,body,entity,entity_id,created_at,read_at"));
  }
  db_reset(pStmt);
  if( rc<0 ){ json_decref(pItems); return -rc; }
  if( (pStmt = db_stmt(r->pDb, zCount))!=0 ){
    db_bind(pStmt, "i", r->who.accountId);
    if( db_step(pStmt)==1 ) unread = db_column_int64(pStmt, 0);
    db_reset(pStmt);
  }
  return http_reply(r, 200, json_pack("{s:o,s:o,s:I}", "items", pItems, "next_cursor",
                    more ? json_sprintf("%lld", (long long)last) : json_null(), "unread", (json_int_t)unread));
}

/* ROUTE: POST /api/v1/notifications/{id}/read — marks one of the
** account's notifications read (404 for anyone else's). */
int notification_read_handler(zf_req *r){
  static const char zUpd[] =
    "UPDATE notification SET read_at=COALESCE(read_at, ?) WHERE id=? AND account_id=?";
  char zNow[24];
  int64_t id;
  int rc = http_path_id(r, "id", &id);
  if( rc ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_exec(r->pDb, zUpd, "sii", zNow, id, r->who.accountId))!=0 ) return rc;
  if( db_changes(r->pDb)==0 ) return http_fail(r, ZF_ENOTFOUND, "id", "通知不存在：%lld", (long long)id);
  return http_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "read", 1));
}
