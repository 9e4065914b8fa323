/*
** inspection_api.c — HTTP for scheduled inspections: list (scope, filters,
** "mine"), detail, schedule (with the fewer-visits warnings in the reply),
** the overlap preview the scheduling form shows before saving, cancel.
** Domain rules are in inspection.c. Plan clauses 14, 15, 18.
*/
#include <stdlib.h>
#include <string.h>
#include "core/calendar.h"
#include "fieldwork.h"
#include "inspection.h"
#include "org.h"
#include "region.h"
#include "rules.h"
#include "staff.h"

#define INSPECTION_MAX_PEOPLE 20

const json_field inspection_create_body[] = {
  {"enterprise_id", JF_INT, JF_REQUIRED, 1, 0, "企业", "enterprise.id"},
  {"unit_id", JF_INT, 0, 1, 0, "检查单位", "unit.id; default: the unit of the signed-in person"},
  {"type", JF_STRING, JF_REQUIRED, 1, 20, "检查类型",
   "key random routine special covert cross complaint reinspection joint"},
  {"window_from", JF_STRING, JF_REQUIRED, 10, 10, "计划开始日期", "YYYY-MM-DD"},
  {"window_to", JF_STRING, JF_REQUIRED, 10, 10, "计划结束日期", "YYYY-MM-DD"},
  {"officers", JF_ARRAY, 0, 0, INSPECTION_MAX_PEOPLE, "执法人员", "person ids; none = assigned later"},
  {"assistants", JF_ARRAY, 0, 0, INSPECTION_MAX_PEOPLE, "安监员", "person ids"},
  {"experts", JF_ARRAY, 0, 0, INSPECTION_MAX_PEOPLE, "专家", "person ids from the expert pool"},
  {"item_code", JF_STRING, JF_NULLABLE, 1, 40, "检查事项", "catalog item code (street powers)"},
  {"departments", JF_STRING, 0, 0, 500, "联合检查部门", "joint inspections: other departments"},
  {"note", JF_STRING, 0, 0, 2000, "备注", 0},
  {"join_id", JF_INT, 0, 1, 0, "合并到检查", "accept the joint offer: inspection id to join"},
  {0}
};

const json_field inspection_cancel_body[] = {
  {"reason", JF_STRING, JF_REQUIRED, 2, 200, "取消原因", 0},
  {0}
};

/* Reads array zKey of person ids into a (at most INSPECTION_MAX_PEOPLE). */
static int inspection_ids(zf_req *r, const char *zKey, int64_t *a, int *pN){
  json_t *p = json_object_get(r->pBody, zKey), *v;
  size_t i;
  *pN = 0;
  if( p==0 ) return ZF_OK;
  json_array_foreach(p, i, v){
    if( !json_is_integer(v) || json_integer_value(v)<=0 ){
      return http_fail(r, ZF_ETYPE, zKey, "%s[%zu] 应为人员编号（正整数）", zKey, i);
    }
    a[(*pN)++] = json_integer_value(v);
  }
  return ZF_OK;
}

/* The unit of the signed-in person, for schedules that do not name one. */
static int inspection_default_unit(zf_req *r, int64_t *pUnit){
  static const char zSql[] = "SELECT unit_id FROM person WHERE id=?";
  int64_t personId;
  zf_stmt *pStmt;
  int rc;
  if( staff_person_of_account(r->pDb, r->who.accountId, &personId)!=ZF_OK ){
    return http_fail(r, ZF_EMISSING, "unit_id", "您的账号未关联执法人员，请指定检查单位（unit_id）");
  }
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", personId);
  rc = db_step(pStmt);
  if( rc==1 ) *pUnit = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : http_fail(r, ZF_EMISSING, "unit_id", "请指定检查单位（unit_id）");
}

/* ROUTE: POST /api/v1/inspections — schedules one inspection (rules in
** inspection.c); 201 INSPECTION with "warnings" (the joint offers). */
int inspection_create_handler(zf_req *r){
  int64_t aOfficer[INSPECTION_MAX_PEOPLE], aAssistant[INSPECTION_MAX_PEOPLE], aExpert[INSPECTION_MAX_PEOPLE];
  inspection_new nu;
  json_t *pWarn = 0, *p;
  int64_t id;
  int rc;
  memset(&nu, 0, sizeof nu);
  nu.enterpriseId = json_integer_value(json_object_get(r->pBody, "enterprise_id"));
  nu.unitId = json_integer_value(json_object_get(r->pBody, "unit_id"));
  nu.joinId = json_integer_value(json_object_get(r->pBody, "join_id"));
  nu.zType = json_str(r->pBody, "type");
  nu.zFrom = json_str(r->pBody, "window_from");
  nu.zTo = json_str(r->pBody, "window_to");
  nu.zItemCode = json_str(r->pBody, "item_code");
  nu.zDepartments = json_str(r->pBody, "departments");
  nu.zNote = json_str(r->pBody, "note");
  if( (rc = inspection_ids(r, "officers", aOfficer, &nu.nOfficer))!=0 ) return rc;
  if( (rc = inspection_ids(r, "assistants", aAssistant, &nu.nAssistant))!=0 ) return rc;
  if( (rc = inspection_ids(r, "experts", aExpert, &nu.nExpert))!=0 ) return rc;
  nu.aOfficer = aOfficer; nu.aAssistant = aAssistant; nu.aExpert = aExpert;
  if( nu.unitId==0 && (rc = inspection_default_unit(r, &nu.unitId))!=0 ) return rc;
  rc = inspection_schedule(r->pDb, &r->who, &nu, &id, &pWarn, &r->err);
  if( rc ) return rc;
  p = inspection_json(r->pDb, id);
  if( p==0 ){ json_decref(pWarn); return ZF_EINTERNAL; }
  json_object_set_new(p, "warnings", pWarn);
  return http_reply(r, 201, p);
}

/* Path {id} as an inspection inside the caller's scope. */
static int inspection_lookup(zf_req *r, int64_t *pId){
  static const char zSql[] = "SELECT region_path FROM inspection WHERE id=?";
  return http_scoped_row(r, "id", zSql, "检查", covert_visible, pId);
}

/* The other inspections of id's joint group inside the caller's scope:
** [{"id","unit_id","unit_name","type","type_name","status","window_from",
** "window_to"}], empty when it is in no group. */
static json_t *inspection_group_json(zf_req *r, int64_t id){
  static const char zSql[] =
    "SELECT m.id, m.unit_id, u.name, m.type, m.status, m.window_from, m.window_to"
    " FROM inspection i JOIN inspection m ON COALESCE(m.joint_group, m.id)=i.joint_group"
    " JOIN unit u ON u.id=m.unit_id"
    " WHERE i.id=? AND m.id<>i.id AND m.region_path LIKE ? || '%' ORDER BY m.id LIMIT 50";
  zf_stmt *pStmt = db_stmt(r->pDb, zSql);
  json_t *pOut = json_array();
  if( pStmt==0 ) return pOut;
  db_bind(pStmt, "is", id, r->who.zScopePath);
  while( db_step(pStmt)==1 ){
    json_array_append_new(pOut, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s}",
      "id", (json_int_t)db_column_int64(pStmt, 0), "unit_id", (json_int_t)db_column_int64(pStmt, 1),
      "unit_name", db_text(pStmt, 2), "type", db_text(pStmt, 3), "type_name", inspection_type_name(db_text(pStmt, 3)),
      "status", db_text(pStmt, 4), "window_from", db_text(pStmt, 5), "window_to", db_text(pStmt, 6)));
  }
  db_reset(pStmt);
  return pOut;
}

/* ROUTE: GET /api/v1/inspections/{id} — INSPECTION with "joint_members". */
int inspection_get_handler(zf_req *r){
  int64_t id;
  int rc = inspection_lookup(r, &id);
  json_t *p;
  if( rc ) return rc;
  if( (p = inspection_json(r->pDb, id))==0 ) return ZF_EINTERNAL;
  json_object_set_new(p, "joint_members", inspection_group_json(r, id));
  return http_reply(r, 200, p);
}

/* ROUTE: POST /api/v1/inspections/{id}/cancel — {"reason"}; only while
** scheduled. */
int inspection_cancel_handler(zf_req *r){
  int64_t id;
  int rc = inspection_lookup(r, &id);
  if( rc ) return rc;
  rc = inspection_cancel(r->pDb, &r->who, id, json_str(r->pBody, "reason"), &r->err);
  if( rc ) return rc;
  return http_reply(r, 200, inspection_json(r->pDb, id));
}

/* Optional date query parameter. */
static int inspection_query_date(zf_req *r, const char *zName, const char **pz){
  *pz = http_query(r, zName);
  if( *pz && (*pz)[0]==0 ) *pz = 0;
  return *pz ? calendar_parse_date(*pz, zName, 0, &r->err) : ZF_OK;
}

/* The list query, one per page: each row rendered to its JSON text by
** SQLite (INSPECTION_JSON_SQL, the people as one JSON array), so a page of
** 50 is one statement, not 50 query sets and 50 JSON trees. Scope, then
** each filter in "(?N IS NULL OR …)" form so that one text serves every
** combination. Such terms cannot use an index, so the most selective
** filter given is also repeated as a plain term that can: one static text
** per driver (inspection_list_sql). The terms an index
** row can answer (the window, then "mine" by inspection_person's key) come
** before those that need the table row. The scope is "region_path LIKE
** ?1 || '%'", which no index can use; the status and window texts write it
** as the range [?1, ?16) instead (?16: the path with its last '/' made
** '0'; the same rows, two comparisons on the index entry instead of a LIKE
** per row), and the window text also as the region paths inside it
** (region.path; an inspection's region_path is its enterprise's, always one
** of them): one equality per path lets the index go on to window_to. */
#define INSPECTION_LIST_HEAD "SELECT i.id, " INSPECTION_JSON_SQL INSPECTION_FROM " WHERE i.region_path LIKE ?1 || '%'"
#define INSPECTION_LIST_HEAD_RANGE "SELECT i.id, " INSPECTION_JSON_SQL INSPECTION_FROM \
  " WHERE i.region_path>=?1 AND i.region_path<?16"
#define INSPECTION_LIST_TAIL \
  " AND (?6 IS NULL OR i.window_to>=?6) AND (?7 IS NULL OR i.window_from<=?7)" \
  " AND (?10 IS NULL OR EXISTS(SELECT 1 FROM inspection_person p WHERE p.inspection_id=i.id" \
  "   AND p.person_id=?10))" \
  " AND (?11=0 OR i.id<?11)" \
  " AND (?2 IS NULL OR i.enterprise_id=?2) AND (?3 IS NULL OR i.unit_id=?3)" \
  " AND (?4 IS NULL OR i.status=?4) AND (?5 IS NULL OR i.type=?5)" \
  " AND (?8 IS NULL OR i.draw_id=?8) AND (?9 IS NULL OR i.plan_id=?9)" \
  " AND (?17 IS NULL OR EXISTS(SELECT 1 FROM inspection_site ls WHERE ls.inspection_id=i.id AND ls.late=1))" \
  " AND (?18 IS NULL OR (i.status='in_progress' AND i.window_to<?18))" \
  " AND" COVERT_VISIBLE_ROW_SQL("i", "13", "14", "15")
#define INSPECTION_LIST_ORDER " ORDER BY i.id DESC LIMIT ?12"
#define INSPECTION_LIST_PATHS " AND i.region_path IN (SELECT path FROM region WHERE path>=?1 AND path<?16)"

/* The statement for the filters given, by its driver: an enterprise, draw
** or plan (their indexes); a status other than closed (inspection_status:
** the four others are states an inspection passes through, few at any
** time, while closed is where nearly all end); a window from a date no
** more than a month back (inspection_window: what ends on or after it is
** what is still ahead, bounded by how far ahead anyone schedules); "mine"
** (the person's own inspections newest first, through
** inspection_person_person, stopping at the page's end); else the ids
** newest first. Which text runs changes the plan only, never the rows. */
static const char *inspection_list_sql(int64_t ent, int64_t draw, int64_t plan, int64_t person,
                                       const char *zStatus, const char *zFrom){
  static const char zAny[] = INSPECTION_LIST_HEAD INSPECTION_LIST_TAIL INSPECTION_LIST_ORDER;
  static const char zEnt[] = INSPECTION_LIST_HEAD " AND i.enterprise_id=?2" INSPECTION_LIST_TAIL
    INSPECTION_LIST_ORDER;
  static const char zDraw[] = INSPECTION_LIST_HEAD " AND i.draw_id=?8" INSPECTION_LIST_TAIL INSPECTION_LIST_ORDER;
  static const char zPlan[] = INSPECTION_LIST_HEAD " AND i.plan_id=?9" INSPECTION_LIST_TAIL INSPECTION_LIST_ORDER;
  static const char zStatusSql[] = INSPECTION_LIST_HEAD_RANGE " AND i.status=?4"
    INSPECTION_LIST_TAIL INSPECTION_LIST_ORDER;
  static const char zWindow[] = INSPECTION_LIST_HEAD_RANGE " AND i.window_to>=?6" INSPECTION_LIST_PATHS
    INSPECTION_LIST_TAIL INSPECTION_LIST_ORDER;
  static const char zPerson[] = "SELECT i.id, " INSPECTION_JSON_SQL " FROM inspection_person mp"
    " CROSS JOIN inspection i ON i.id=mp.inspection_id JOIN enterprise e ON e.id=i.enterprise_id"
    " JOIN unit u ON u.id=i.unit_id WHERE mp.person_id=?10 AND i.region_path LIKE ?1 || '%'"
    INSPECTION_LIST_TAIL " ORDER BY mp.inspection_id DESC LIMIT ?12";
  char zRecent[11];
  if( ent ) return zEnt;
  if( draw ) return zDraw;
  if( plan ) return zPlan;
  if( zStatus && strcmp(zStatus, "closed")!=0 ) return zStatusSql;
  if( zFrom ){
    calendar_format(calendar_today_number() - 31, zRecent);
    if( strcmp(zFrom, zRecent)>=0 ) return zWindow;
  }
  return person ? zPerson : zAny;
}

/* ROUTE: GET /api/v1/inspections — INSPECTIONs inside the caller's scope,
** newest first (the cursor is the last id seen), filtered by enterprise, unit, status, type, window meeting
** [from, to], draw, plan, mine=true (the signed-in person takes part),
** late=true (reported after the deadline, 逾期填报) and report_overdue=true
** (under way, results overdue: fieldwork_report_cutoff, 逾期未报告).
** Covert inspections not yet closed are left out for everyone but their
** people, leaders and the account that scheduled them. */
int inspection_list_handler(zf_req *r){
  const char *zStatus = http_query(r, "status"), *zType = http_query(r, "type");
  const char *zFrom, *zTo, *zMine = http_query(r, "mine");
  const char *zLate = http_query(r, "late"), *zOverdue = http_query(r, "report_overdue");
  char zCut[11] = "";
  int64_t cursor, ent, unit, draw, plan, person = 0, last = 0;
  zf_stmt *pStmt;
  sqlite3_str *pOut;
  char *zOut;
  int limit, rc, n = 0, more = 0;
  if( (rc = http_page(r, &limit, &cursor))!=0 ) return rc;
  if( (rc = http_query_id(r, "enterprise_id", &ent))!=0 || (rc = http_query_id(r, "unit", &unit))!=0
   || (rc = http_query_id(r, "draw_id", &draw))!=0 || (rc = http_query_id(r, "plan_id", &plan))!=0 ) return rc;
  if( (rc = inspection_query_date(r, "from", &zFrom))!=0 || (rc = inspection_query_date(r, "to", &zTo))!=0 ) return rc;
  if( zFrom && zTo && strcmp(zTo, zFrom)<0 ) return http_fail(r, ZF_EINVAL, "to", "结束日期 %s 早于开始日期 %s", zTo, zFrom);
  if( zType && inspection_type_name(zType)==0 ) return http_fail(r, ZF_EINVAL, "type", "未知检查类型：%.20s", zType);
  if( zStatus && strcmp(zStatus, "scheduled") && strcmp(zStatus, "in_progress") && strcmp(zStatus, "reported")
   && strcmp(zStatus, "closed") && strcmp(zStatus, "cancelled") ){
    return http_fail(r, ZF_EINVAL, "status", "未知检查状态：%.20s", zStatus);
  }
  if( zMine && zMine[0] && strcmp(zMine, "true") && strcmp(zMine, "false") ){
    return http_fail(r, ZF_EINVAL, "mine", "mine 应为 true 或 false");
  }
  if( zLate && zLate[0] && strcmp(zLate, "true") && strcmp(zLate, "false") ){
    return http_fail(r, ZF_EINVAL, "late", "late 应为 true 或 false");
  }
  if( zOverdue && zOverdue[0] && strcmp(zOverdue, "true") && strcmp(zOverdue, "false") ){
    return http_fail(r, ZF_EINVAL, "report_overdue", "report_overdue 应为 true 或 false");
  }
  if( zOverdue && strcmp(zOverdue, "true")==0 ){
    char zToday[11];
    int64_t hours;
    calendar_today(zToday);
    if( (rc = fieldwork_report_cutoff(r->pDb, zToday, zCut, &hours, &r->err))!=ZF_OK ) return rc;
  }
  if( zMine && strcmp(zMine, "true")==0 && staff_person_of_account(r->pDb, r->who.accountId, &person)!=ZF_OK ){
    return http_reply(r, 200, json_pack("{s:[],s:n}", "items", "next_cursor"));
  }
  if( (pStmt = db_stmt(r->pDb, inspection_list_sql(ent, draw, plan, person, zStatus, zFrom)))==0 ){
    return ZF_EINTERNAL;
  }
  db_bind(pStmt, "s", r->who.zScopePath);
  if( ent ) db_bind_int64(pStmt, 2, ent);
  if( unit ) db_bind_int64(pStmt, 3, unit);
  if( zStatus ) db_bind_text(pStmt, 4, zStatus, -1, DB_TRANSIENT);
  if( zType ) db_bind_text(pStmt, 5, zType, -1, DB_TRANSIENT);
  if( zFrom ) db_bind_text(pStmt, 6, zFrom, -1, DB_TRANSIENT);
  if( zTo ) db_bind_text(pStmt, 7, zTo, -1, DB_TRANSIENT);
  if( draw ) db_bind_int64(pStmt, 8, draw);
  if( plan ) db_bind_int64(pStmt, 9, plan);
  if( person ) db_bind_int64(pStmt, 10, person);
  if( zLate && strcmp(zLate, "true")==0 ) db_bind_int(pStmt, 17, 1);
  if( zCut[0] ) db_bind_text(pStmt, 18, zCut, -1, DB_TRANSIENT);
  db_bind_int64(pStmt, 11, cursor);
  db_bind_int(pStmt, 12, limit + 1);
  /* covert inspections (暗访暗查), until closed: their people, leaders and
  ** the account that scheduled them only (fieldwork.h) */
  covert_bind(pStmt, &r->who, 13, 14, 15);
  if( db_bind_parameter_count(pStmt)>=16 ){
    char zEnd[160];
    region_path_end(r->who.zScopePath, zEnd, sizeof zEnd);
    db_bind_text(pStmt, 16, zEnd, -1, DB_TRANSIENT);
  }
  /* {"items":[row,…],"next_cursor":"id"|null}, the rows as SQLite wrote them */
  pOut = sqlite3_str_new(0);
  sqlite3_str_appendall(pOut, "{\"items\":[");
  while( (rc = db_step(pStmt))==1 ){
    if( n==limit ){ more = 1; break; }
    if( n ) sqlite3_str_appendchar(pOut, 1, ',');
    sqlite3_str_appendall(pOut, db_text(pStmt, 1));
    last = db_column_int64(pStmt, 0);
    n++;
  }
  db_reset(pStmt);
  if( more ) sqlite3_str_appendf(pOut, "],\"next_cursor\":\"%lld\"}", (long long)last);
  else sqlite3_str_appendall(pOut, "],\"next_cursor\":null}");
  zOut = sqlite3_str_finish(pOut);
  if( rc<0 ){ sqlite3_free(zOut); return -rc; }
  if( zOut==0 ) return ZF_EINTERNAL;
  rc = http_reply_text(r, 200, zOut);
  sqlite3_free(zOut);
  return rc;
}

/* The enterprise of an overlap preview: it exists (404) and lies inside the
** caller's scope (403). */
static int inspection_enterprise_or_reply(zf_req *r, int64_t id){
  static const char zSql[] = "SELECT region_path FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(r->pDb, zSql);
  int rc, inScope = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) inScope = strncmp(db_text(pStmt, 0), r->who.zScopePath, strlen(r->who.zScopePath))==0;
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( rc==0 ) return http_fail(r, ZF_ENOTFOUND, "enterprise_id", "企业不存在：%lld", (long long)id);
  if( !inScope ) return http_fail(r, ZF_ESCOPE, "enterprise_id", "该企业不在您的管辖范围内");
  return ZF_OK;
}

/* ROUTE: GET /api/v1/inspections/overlaps?enterprise_id&from&to[&unit] —
** what scheduling would say, before scheduling: "items", other units'
** inspections of the enterprise scheduled or under way in an overlapping
** window (the joint offer); "duplicates", the same unit's (scheduling a
** non-complaint inspection would be refused); "duplicate_hidden": the same
** unit has a covert inspection there the caller may not see (scheduling
** would be refused without naming it); the year's visits against
** inspection.yearly_cap (covert ones counted, not named). */
int inspection_overlaps_handler(zf_req *r){
  static const char zSql[] =
    "SELECT i.id, i.unit_id, i.type FROM inspection i WHERE i.enterprise_id=? AND i.region_path LIKE ? || '%'"
    " AND i.window_from<=? AND i.window_to>=?"
    " AND (i.status='scheduled' OR i.status='in_progress') ORDER BY i.window_from, i.id LIMIT 100";
  const char *zFrom, *zTo;
  int64_t ent, unit, cap;
  zf_stmt *pStmt;
  json_t *pItems, *pDup;
  int rc, year, count, hiddenDup = 0;
  if( (rc = http_query_id(r, "enterprise_id", &ent))!=0 || (rc = http_query_id(r, "unit", &unit))!=0 ) return rc;
  if( ent==0 ) return http_fail(r, ZF_EMISSING, "enterprise_id", "请指定企业（enterprise_id）");
  if( (rc = inspection_query_date(r, "from", &zFrom))!=0 || (rc = inspection_query_date(r, "to", &zTo))!=0 ) return rc;
  if( zFrom==0 ) return http_fail(r, ZF_EMISSING, "from", "请指定开始日期（from）");
  if( zTo==0 ) zTo = zFrom;
  if( strcmp(zTo, zFrom)<0 ) return http_fail(r, ZF_EINVAL, "to", "结束日期 %s 早于开始日期 %s", zTo, zFrom);
  if( (rc = inspection_enterprise_or_reply(r, ent))!=0 ) return rc;
  if( (pStmt = db_stmt(r->pDb, zSql))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "isss", ent, r->who.zScopePath, zTo, zFrom);
  pItems = json_array();
  pDup = json_array();
  while( (rc = db_step(pStmt))==1 ){
    int same = unit && db_column_int64(pStmt, 1)==unit;
    json_t *p;
    if( same && strcmp(db_text(pStmt, 2), "complaint")==0 ) continue;
    if( same && strcmp(db_text(pStmt, 2), "reinspection")==0 ) continue;
    if( !covert_visible(r->pDb, &r->who, db_column_int64(pStmt, 0)) ){   /* covert: never named */
      if( same && strcmp(db_text(pStmt, 2), "covert")==0 ) hiddenDup = 1;
      continue;
    }
    if( (p = inspection_json(r->pDb, db_column_int64(pStmt, 0)))!=0 ){
      json_array_append_new(same ? pDup : pItems, p);
    }
  }
  db_reset(pStmt);
  year = atoi(zFrom);
  count = inspection_year_count(r->pDb, ent, year);
  if( rc<0 || count<0 || rules_int(r->pDb, "inspection.yearly_cap", zFrom, &cap, &r->err)!=ZF_OK ){
    json_decref(pItems);
    json_decref(pDup);
    return rc<0 ? -rc : count<0 ? ZF_EINTERNAL : r->err.rc;
  }
  return http_reply(r, 200, json_pack("{s:o,s:o,s:b,s:i,s:i,s:I}", "items", pItems, "duplicates", pDup,
                                      "duplicate_hidden", hiddenDup, "year", year, "year_count", count,
                                      "year_cap", (json_int_t)cap));
}
