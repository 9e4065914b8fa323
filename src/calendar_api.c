/*
** calendar_api.c — HTTP side of the working-day calendar (工作日历): the
** public deadline calculator, a year's official arrangement, its version
** history, and adding / replacing a year (PERM_RULES_ADMIN). The
** arithmetic and the storage are in core/calendar.c. Plan clauses 12, 13.
*/
#include <stdlib.h>
#include <string.h>
#include "calendar_api.h"
#include "core/calendar.h"

const json_field calendar_year_body[] = {
  {"year", JF_INT, JF_REQUIRED, CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR, "年份", 0},
  {"source", JF_STRING, JF_REQUIRED, 1, 200, "依据文件及文号", "e.g. 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）"},
  {"reason", JF_STRING, 0, 0, 200, "替换原因", "required when the year already has an arrangement"},
  {"days", JF_OBJECTS, JF_REQUIRED, 1, CALENDAR_MAX_ENTRIES, "放假和调休上班日",
   "[{\"date\":\"2027-01-01\",\"kind\":\"holiday|workday\",\"name\":\"元旦\"}]"},
  {0}
};

static const json_field calendar_day_fields[] = {
  {"date", JF_STRING, JF_REQUIRED, 10, 10, "日期", 0},
  {"kind", JF_STRING, JF_REQUIRED, 1, 16, "类型", 0},
  {"name", JF_STRING, JF_REQUIRED, 1, 32, "节日名称", 0},
  {0}
};

/* Strict integer query parameter: [+-]digits, |v| <= max. */
static int calendar_query_int(zf_req *r, const char *zName, const char *zLabel, int max, int *pOut){
  const char *z = http_query(r, zName);
  const char *p;
  long v;
  if( z==0 ) return http_fail(r, ZF_EINVAL, zName, "缺少参数 %s（%s）", zName, zLabel);
  p = (*z=='-' || *z=='+') ? z+1 : z;
  if( *p==0 || strspn(p, "0123456789")!=strlen(p) ){
    return http_fail(r, ZF_EINVAL, zName, "参数 %s（%s）应为整数：%.20s", zName, zLabel, z);
  }
  v = strlen(p)>7 ? (long)max + 1 : strtol(z, 0, 10);
  if( v>max || v<-max ){
    return http_fail(r, ZF_EINVAL, zName, "参数 %s（%s）应在 -%d 到 %d 之间", zName, zLabel, max, max);
  }
  *pOut = (int)v;
  return ZF_OK;
}

/* Years between two dates whose arrangement is not loaded. */
static json_t *calendar_uncovered(zf_db *pDb, const char *zA, const char *zB){
  int32_t a, b;
  int y, covered;
  json_t *p = json_array();
  if( calendar_parse_date(zA, "a", &a, 0) || calendar_parse_date(zB, "b", &b, 0) ) return p;
  if( a>b ){ int32_t t = a; a = b; b = t; }
  for(y=calendar_year_of(a); y<=calendar_year_of(b); y++){
    if( calendar_year_covered(pDb, y, &covered)==ZF_OK && !covered ) json_array_append_new(p, json_integer(y));
  }
  return p;
}

/* Adds "uncovered_years" and a Chinese note to a provisional answer. */
static void calendar_mark_provisional(zf_db *pDb, json_t *pOut, const char *zA, const char *zB){
  json_t *pYears = calendar_uncovered(pDb, zA, zB);
  char zYears[96] = "";
  size_t i, n = 0;
  json_t *v;
  json_array_foreach(pYears, i, v){
    n += snprintf(zYears + n, sizeof zYears - n, "%s%lld", i ? "、" : "", (long long)json_integer_value(v));
    if( n>=sizeof zYears ) break;
  }
  json_object_set_new(pOut, "uncovered_years", pYears);
  json_object_set_new(pOut, "note", json_sprintf(
    "%s 年的节假日安排尚未录入，本结果仅排除周末，为暂定结果；录入后请重新计算", zYears));
}

/*
** ROUTE: GET /api/v1/calendar/add
** Public deadline calculator. ?from=YYYY-MM-DD&workdays=N → the N-th
** working day after from (from itself not counted; N may be 0 or
** negative); or &days=N → from + N days ("date") and the legal last day
** moved past rest days ("deadline"). "provisional": true when a year
** involved has no official arrangement loaded (weekends-only answer).
*/
int calendar_add_handler(zf_req *r){
  const char *zFrom = http_query(r, "from");
  int hasWork = http_query(r, "workdays")!=0, hasDays = http_query(r, "days")!=0;
  int n = 0, prov = 0, moved = 0, rc;
  char zOut[11], zDeadline[11];
  json_t *pOut;
  if( zFrom==0 ) return http_fail(r, ZF_EINVAL, "from", "缺少参数 from（起算日期，YYYY-MM-DD）");
  rc = calendar_parse_date(zFrom, "from", 0, &r->err);
  if( rc ) return rc;
  if( hasWork && hasDays ) return http_fail(r, ZF_EINVAL, "days", "workdays 与 days 只能指定其一");
  if( !hasWork && !hasDays ) return http_fail(r, ZF_EINVAL, "workdays", "缺少参数 workdays（工作日数）或 days（自然日数）");
  rc = calendar_query_int(r, hasWork ? "workdays" : "days", hasWork ? "工作日数" : "自然日数",
                          CALENDAR_MAX_SPAN, &n);
  if( rc ) return rc;
  if( hasWork ){
    rc = calendar_workdays_add(r->pDb, zFrom, n, zOut, &prov, &r->err);
    if( rc ) return rc;
    pOut = json_pack("{s:s,s:i,s:s,s:b}", "from", zFrom, "workdays", n, "date", zOut, "provisional", prov);
    if( prov ) calendar_mark_provisional(r->pDb, pOut, zFrom, zOut);
    return http_reply(r, 200, pOut);
  }
  rc = calendar_days_add(zFrom, n, zOut, &r->err);
  if( rc==ZF_OK ) rc = calendar_deadline_days(r->pDb, zFrom, n, zDeadline, &moved, &prov, &r->err);
  if( rc ) return rc;
  pOut = json_pack("{s:s,s:i,s:s,s:s,s:b,s:b}", "from", zFrom, "days", n, "date", zOut,
                   "deadline", zDeadline, "moved", moved, "provisional", prov);
  if( prov ) calendar_mark_provisional(r->pDb, pOut, zOut, zDeadline);
  return http_reply(r, 200, pOut);
}

/* Every covered year, ascending. */
static json_t *calendar_covered_years(zf_db *pDb){
  static const char zSql[] = "SELECT year FROM calendar_year WHERE voided_at IS NULL ORDER BY year";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = json_array();
  if( pStmt==0 ) return p;
  while( db_step(pStmt)==1 ) json_array_append_new(p, json_integer(db_column_int(pStmt, 0)));
  db_reset(pStmt);
  return p;
}

/* The days of version id. */
static json_t *calendar_days_json(zf_db *pDb, int64_t id){
  static const char zSql[] = "SELECT date, kind, name FROM calendar_day WHERE version_id=? ORDER BY date";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = json_array();
  if( pStmt==0 ) return p;
  db_bind(pStmt, "i", id);
  while( db_step(pStmt)==1 ){
    int32_t day = 0;
    calendar_parse_date(db_text(pStmt, 0), "date", &day, 0);
    json_array_append_new(p, json_pack("{s:s,s:s,s:s,s:i}", "date", db_text(pStmt, 0),
      "kind", db_text(pStmt, 1), "name", db_text(pStmt, 2), "weekday", calendar_weekday(day)));
  }
  db_reset(pStmt);
  return p;
}

/* The CALENDAR_YEAR JSON: year, covered, version, days, workdays, covered_years. */
static json_t *calendar_year_json(zf_db *pDb, int year){
  static const char zSql[] =
    "SELECT id, source, created_at FROM calendar_year WHERE year=? AND voided_at IS NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = json_pack("{s:i,s:b}", "year", year, "covered", 0);
  int64_t id = 0;
  char zA[11], zB[11];
  int n, prov;
  if( pStmt ){
    db_bind(pStmt, "d", year);
    if( db_step(pStmt)==1 ){
      id = db_column_int64(pStmt, 0);
      json_object_set_new(p, "version", json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id,
        "source", db_text(pStmt, 1), "created_at", db_text(pStmt, 2)));
    }
    db_reset(pStmt);
  }
  if( id ){
    json_object_set_new(p, "covered", json_true());
    json_object_set_new(p, "days", calendar_days_json(pDb, id));
  }else{
    json_object_set_new(p, "version", json_null());
    json_object_set_new(p, "days", json_array());
  }
  snprintf(zA, sizeof zA, "%04d-01-01", year);
  snprintf(zB, sizeof zB, "%04d-12-31", year);
  if( calendar_workdays_between(pDb, zA, zB, &n, &prov, 0)==ZF_OK ){
    json_object_set_new(p, "workdays", json_integer(n));
    json_object_set_new(p, "workdays_provisional", json_boolean(prov));
  }
  json_object_set_new(p, "covered_years", calendar_covered_years(pDb));
  return p;
}

/* ?year= as an integer in range (default: this year in Asia/Shanghai). */
static int calendar_year_param(zf_req *r, int *pYear){
  const char *z = http_query(r, "year");
  char zToday[11];
  if( z==0 ){
    calendar_today(zToday);
    *pYear = atoi(zToday);
    return ZF_OK;
  }
  if( strlen(z)!=4 || strspn(z, "0123456789")!=4 || atoi(z)<CALENDAR_MIN_YEAR || atoi(z)>CALENDAR_MAX_YEAR ){
    return http_fail(r, ZF_EINVAL, "year", "参数 year（年份）应为 %d–%d 的四位数字：%.12s",
                     CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR, z);
  }
  *pYear = atoi(z);
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/calendar
** Public: the official arrangement of ?year= (default this year): whether
** it is covered, its source, its holidays and make-up working days, the
** number of working days, and every covered year.
*/
int calendar_year_get_handler(zf_req *r){
  int year, rc = calendar_year_param(r, &year);
  if( rc ) return rc;
  return http_reply(r, 200, calendar_year_json(r->pDb, year));
}

/*
** ROUTE: GET /api/v1/calendar/versions
** Every version of ?year='s arrangement, newest first, voided ones with who,
** when and why.
*/
int calendar_versions_handler(zf_req *r){
  static const char zSql[] =
    "SELECT v.id, v.source, v.created_at, v.created_by, v.voided_at, v.voided_by, v.void_reason,"
    " (SELECT count(*) FROM calendar_day d WHERE d.version_id=v.id)"
    " FROM calendar_year v WHERE v.year=? ORDER BY v.id DESC";
  zf_stmt *pStmt;
  json_t *pItems;
  int year, rc = calendar_year_param(r, &year);
  if( rc ) return rc;
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  pItems = json_array();
  db_bind(pStmt, "d", year);
  while( db_step(pStmt)==1 ){
    json_t *p = json_pack("{s:I,s:i,s:s,s:s,s:s,s:I}", "id", (json_int_t)db_column_int64(pStmt, 0),
      "year", year, "source", db_text(pStmt, 1), "created_at", db_text(pStmt, 2),
      "created_by", db_text(pStmt, 3), "days", (json_int_t)db_column_int64(pStmt, 7));
    int voided = db_column_type(pStmt, 4)!=DB_NULL;
    json_object_set_new(p, "voided_at", voided ? json_string(db_text(pStmt, 4)) : json_null());
    json_object_set_new(p, "voided_by", voided ? json_string(db_text(pStmt, 5)) : json_null());
    json_object_set_new(p, "void_reason", voided ? json_string(db_text(pStmt, 6)) : json_null());
    json_array_append_new(pItems, p);
  }
  db_reset(pStmt);
  return http_reply(r, 200, json_pack("{s:o,s:n}", "items", pItems, "next_cursor"));
}

/*
** ROUTE: POST /api/v1/calendar/years
** Adds a year's official arrangement, or replaces it (a new version; the
** old one is voided with the reason and kept). 201 with the year.
*/
int calendar_year_post_handler(zf_req *r){
  json_t *pDays = json_object_get(r->pBody, "days"), *v;
  calendar_entry a[CALENDAR_MAX_ENTRIES];
  int year = (int)json_int(r->pBody, "year", 0);
  size_t i;
  int rc;
  json_array_foreach(pDays, i, v){
    zf_error e = {0};
    rc = json_check(v, calendar_day_fields, &e);
    if( rc ){
      char zField[64];
      snprintf(zField, sizeof zField, "days[%zu].%.32s", i, e.field);
      return http_fail(r, rc, zField, "第 %zu 项：%s", i+1, e.message);
    }
    a[i].zDate = json_str(v, "date");
    a[i].zKind = json_str(v, "kind");
    a[i].zName = json_str(v, "name");
  }
  rc = calendar_year_replace(r->pDb, r->who.zUsername, year, json_str(r->pBody, "source"),
                             json_str(r->pBody, "reason"), a, (int)json_array_size(pDays), 0, &r->err);
  if( rc ) return rc;
  return http_reply(r, 201, calendar_year_json(r->pDb, year));
}
