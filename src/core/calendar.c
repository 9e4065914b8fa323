/*
** calendar.c — date arithmetic and the working-day calendar (see
** calendar.h for the rules). Plan clauses 12 and 13: every legal deadline
** of inspections, cases and publicity is computed here.
**
** Day numbers are days since 1970-01-01 (proleptic Gregorian), converted
** with Howard Hinnant's days_from_civil / civil_from_days. A walk over
** working days keeps one year's special days in memory at a time (at most
** a few dozen rows), so adding 3,650 working days costs ~15 queries.
*/
#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "calendar.h"
#include "clock.h"
#include "embed.h"
#include "json.h"
#include "log.h"

#define CALENDAR_REF "cn-calendar-2004-2026.csv"

/* ---- pure date arithmetic ------------------------------------------- */

int32_t calendar_day_number(int y, int m, int d){
  int era, yoe, doy, doe;
  y -= m<=2;
  era = (y>=0 ? y : y-399) / 400;
  yoe = y - era*400;
  doy = (153*(m>2 ? m-3 : m+9) + 2)/5 + d - 1;
  doe = yoe*365 + yoe/4 - yoe/100 + doy;
  return era*146097 + doe - 719468;
}

/* y-m-d of day number z. */
static void calendar_civil(int32_t z, int *pY, int *pM, int *pD){
  int era, doe, yoe, y, doy, mp;
  z += 719468;
  era = (z>=0 ? z : z-146096) / 146097;
  doe = z - era*146097;
  yoe = (doe - doe/1460 + doe/36524 - doe/146096) / 365;
  y = yoe + era*400;
  doy = doe - (365*yoe + yoe/4 - yoe/100);
  mp = (5*doy + 2)/153;
  *pD = doy - (153*mp + 2)/5 + 1;
  *pM = mp<10 ? mp+3 : mp-9;
  *pY = y + (*pM<=2);
}

void calendar_format(int32_t day, char zOut[11]){
  int y, m, d, i;
  calendar_civil(day, &y, &m, &d);
  y = y<0 ? 0 : y % 10000;
  for(i=3; i>=0; i--){ zOut[i] = (char)('0' + y%10); y /= 10; }
  zOut[4] = '-';
  zOut[5] = (char)('0' + m/10); zOut[6] = (char)('0' + m%10);
  zOut[7] = '-';
  zOut[8] = (char)('0' + d/10); zOut[9] = (char)('0' + d%10);
  zOut[10] = 0;
}

int calendar_year_of(int32_t day){
  int y, m, d;
  calendar_civil(day, &y, &m, &d);
  return y;
}

int calendar_weekday(int32_t day){
  return ((day % 7 + 7) % 7 + 3) % 7 + 1;   /* 1970-01-01 was a Thursday */
}

static int calendar_leap(int y){ return (y%4==0 && y%100!=0) || y%400==0; }

static int calendar_month_days(int y, int m){
  static const int a[12] = {31,28,31,30,31,30,31,31,30,31,30,31};
  return m==2 && calendar_leap(y) ? 29 : a[m-1];
}

int calendar_parse_date(const char *zDate, const char *zField, int32_t *pDay, zf_error *e){
  int i, y, m, d;
  if( zDate==0 || zDate[0]==0 ){
    return err_set(e, ZF_EINVAL, zField, "缺少日期（%s），格式应为 YYYY-MM-DD", zField);
  }
  for(i=0; i<10; i++){
    char c = zDate[i];
    if( (i==4 || i==7) ? c!='-' : (c<'0' || c>'9') ) break;
  }
  if( i<10 || zDate[10]!=0 ){
    return err_set(e, ZF_EINVAL, zField, "日期（%s）格式应为 YYYY-MM-DD：%.40s", zField, zDate);
  }
  y = atoi(zDate); m = atoi(zDate+5); d = atoi(zDate+8);
  if( y<CALENDAR_MIN_YEAR || y>CALENDAR_MAX_YEAR ){
    return err_set(e, ZF_EINVAL, zField, "日期（%s）的年份应在 %d 到 %d 之间：%s", zField,
                   CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR, zDate);
  }
  if( m<1 || m>12 ){
    return err_set(e, ZF_EINVAL, zField, "日期（%s）不存在：%s（月份应为 01–12）", zField, zDate);
  }
  if( d<1 || d>calendar_month_days(y, m) ){
    return err_set(e, ZF_EINVAL, zField, "日期（%s）不存在：%s（%d年%d月只有%d天）", zField, zDate,
                   y, m, calendar_month_days(y, m));
  }
  if( pDay ) *pDay = calendar_day_number(y, m, d);
  return ZF_OK;
}

int32_t calendar_today_number(void){
  int64_t t = clock_now() + 8*3600;
  return (int32_t)(t>=0 ? t/86400 : -((-t + 86399)/86400));
}

void calendar_today(char zOut[11]){ calendar_format(calendar_today_number(), zOut); }

/* Refuses |n| over the span and results outside the supported years. */
static int calendar_check_span(int32_t from, int n, int32_t result, const char *zField,
                               zf_error *e){
  int y;
  (void)from;
  if( n>CALENDAR_MAX_SPAN || n<-CALENDAR_MAX_SPAN ){
    return err_set(e, ZF_EINVAL, zField, "天数（%s）应在 -%d 到 %d 之间", zField,
                   CALENDAR_MAX_SPAN, CALENDAR_MAX_SPAN);
  }
  y = calendar_year_of(result);
  if( y<CALENDAR_MIN_YEAR || y>CALENDAR_MAX_YEAR ){
    return err_set(e, ZF_EINVAL, zField, "计算结果超出支持的日期范围（%d–%d 年）",
                   CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR);
  }
  return ZF_OK;
}

int calendar_days_add(const char *zFrom, int n, char zOut[11], zf_error *e){
  int32_t from;
  int rc = calendar_parse_date(zFrom, "from", &from, e);
  if( rc ) return rc;
  rc = calendar_check_span(from, n, n>CALENDAR_MAX_SPAN || n<-CALENDAR_MAX_SPAN ? from : from + n,
                           "days", e);
  if( rc ) return rc;
  calendar_format(from + n, zOut);
  return ZF_OK;
}

int calendar_months_add(const char *zFrom, int n, char zOut[11], zf_error *e){
  int32_t from;
  int y, m, d, total, rc = calendar_parse_date(zFrom, "from", &from, e);
  if( rc ) return rc;
  if( n>1200 || n<-1200 ) return err_set(e, ZF_EINVAL, "months", "月数（months）应在 -1200 到 1200 之间");
  calendar_civil(from, &y, &m, &d);
  total = y*12 + (m-1) + n;
  y = total/12;
  m = total%12 + 1;
  if( y<CALENDAR_MIN_YEAR || y>CALENDAR_MAX_YEAR ){
    return err_set(e, ZF_EINVAL, "months", "计算结果超出支持的日期范围（%d–%d 年）",
                   CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR);
  }
  if( d>calendar_month_days(y, m) ) d = calendar_month_days(y, m);
  calendar_format(calendar_day_number(y, m, d), zOut);
  return ZF_OK;
}

/* ---- the official arrangements -------------------------------------- */

#define CAL_YEAR_MAX 400   /* special days kept for one year (a year has < 60) */

/* One year's special days, loaded on demand during a walk. */
typedef struct cal_year {
  zf_db *pDb;
  int year;                 /* 0: nothing loaded */
  int covered;
  int n;
  int32_t aDay[CAL_YEAR_MAX];
  char aKind[CAL_YEAR_MAX]; /* 'h' holiday, 'w' workday */
} cal_year;

int calendar_year_covered(zf_db *pDb, int year, int *pCovered){
  static const char zSql[] = "SELECT 1 FROM calendar_year WHERE year=? AND voided_at IS NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "d", year);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  *pCovered = rc==1;
  return ZF_OK;
}

/* Loads year y's special days into p (sorted by date). */
static int cal_year_load(cal_year *p, int y){
  static const char zSql[] =
    "SELECT d.date, d.kind FROM calendar_day d JOIN calendar_year v ON v.id=d.version_id"
    " WHERE v.year=? AND v.voided_at IS NULL ORDER BY d.date";
  zf_stmt *pStmt;
  int rc = calendar_year_covered(p->pDb, y, &p->covered);
  if( rc ) return rc;
  p->year = y;
  p->n = 0;
  pStmt = db_stmt(p->pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "d", y);
  while( (rc = db_step(pStmt))==1 && p->n<CAL_YEAR_MAX ){
    int32_t day;
    if( calendar_parse_date(db_text(pStmt, 0), "date", &day, 0) ) continue;
    p->aDay[p->n] = day;
    p->aKind[p->n] = db_text(pStmt, 1)[0]=='w' ? 'w' : 'h';
    p->n++;
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* 1 when day is a working day; sets *pProv when its year is not covered. */
static int cal_workday(cal_year *p, int32_t day, int *pProv, int *pRc){
  int y = calendar_year_of(day), lo = 0, hi, wd = calendar_weekday(day);
  if( p->year!=y ){
    int rc = cal_year_load(p, y);
    if( rc ){ *pRc = rc; return 0; }
  }
  if( !p->covered ){
    *pProv = 1;
    return wd<=5;
  }
  hi = p->n - 1;
  while( lo<=hi ){
    int mid = (lo + hi)/2;
    if( p->aDay[mid]==day ) return p->aKind[mid]=='w';
    if( p->aDay[mid]<day ) lo = mid + 1; else hi = mid - 1;
  }
  return wd<=5;
}

int calendar_is_workday(zf_db *pDb, const char *zDate, int *pWorkday, int *pProvisional,
                        zf_error *e){
  cal_year *p;
  int32_t day;
  int prov = 0, rc = calendar_parse_date(zDate, "date", &day, e);
  if( rc ) return rc;
  p = calloc(1, sizeof *p);
  if( p==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  p->pDb = pDb;
  *pWorkday = cal_workday(p, day, &prov, &rc);
  free(p);
  if( pProvisional ) *pProvisional = prov;
  return rc ? err_set(e, rc, 0, "无法读取工作日历") : ZF_OK;
}

int calendar_workdays_add(zf_db *pDb, const char *zFrom, int n, char zOut[11],
                          int *pProvisional, zf_error *e){
  cal_year *p;
  int32_t day;
  int left, step, prov = 0, rc = calendar_parse_date(zFrom, "from", &day, e);
  if( rc ) return rc;
  if( n>CALENDAR_MAX_SPAN || n<-CALENDAR_MAX_SPAN ) return calendar_check_span(day, n, day, "workdays", e);
  p = calloc(1, sizeof *p);
  if( p==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  p->pDb = pDb;
  step = n<0 ? -1 : 1;
  left = n<0 ? -n : n;
  while( left>0 && rc==ZF_OK ){
    day += step;
    if( calendar_year_of(day)<CALENDAR_MIN_YEAR || calendar_year_of(day)>CALENDAR_MAX_YEAR ) break;
    if( cal_workday(p, day, &prov, &rc) ) left--;
  }
  free(p);
  if( rc ) return err_set(e, rc, 0, "无法读取工作日历");
  rc = calendar_check_span(day, n, day, "workdays", e);
  if( rc ) return rc;
  calendar_format(day, zOut);
  if( pProvisional ) *pProvisional = prov;
  return ZF_OK;
}

int calendar_workdays_between(zf_db *pDb, const char *zFrom, const char *zTo, int *pCount,
                              int *pProvisional, zf_error *e){
  cal_year *p;
  int32_t from, to, day;
  int n = 0, prov = 0, rc = calendar_parse_date(zFrom, "from", &from, e);
  if( rc==ZF_OK ) rc = calendar_parse_date(zTo, "to", &to, e);
  if( rc ) return rc;
  if( to-from>CALENDAR_MAX_SPAN ){
    return err_set(e, ZF_EINVAL, "to", "起止日期相隔不能超过 %d 天", CALENDAR_MAX_SPAN);
  }
  p = calloc(1, sizeof *p);
  if( p==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  p->pDb = pDb;
  for(day=from; day<=to && rc==ZF_OK; day++) n += cal_workday(p, day, &prov, &rc);
  free(p);
  if( rc ) return err_set(e, rc, 0, "无法读取工作日历");
  *pCount = n;
  if( pProvisional ) *pProvisional = prov;
  return ZF_OK;
}

int calendar_deadline_days(zf_db *pDb, const char *zFrom, int n, char zOut[11],
                           int *pMoved, int *pProvisional, zf_error *e){
  cal_year *p;
  int32_t day;
  int moved = 0, prov = 0, guard, step = n<0 ? -1 : 1;
  char zPlain[11];
  int rc = calendar_days_add(zFrom, n, zPlain, e);
  if( rc ) return rc;
  calendar_parse_date(zPlain, "from", &day, 0);
  p = calloc(1, sizeof *p);
  if( p==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  p->pDb = pDb;
  /* the longest run of rest days ever arranged is 10 days; 60 is generous */
  for(guard=0; guard<60 && !cal_workday(p, day, &prov, &rc) && rc==ZF_OK; guard++){
    day += step;
    moved = 1;
  }
  free(p);
  if( rc ) return err_set(e, rc, 0, "无法读取工作日历");
  rc = calendar_check_span(day, n, day, "days", e);
  if( rc ) return rc;
  calendar_format(day, zOut);
  if( pMoved ) *pMoved = moved;
  if( pProvisional ) *pProvisional = prov;
  return ZF_OK;
}

/* ---- loading and replacing a year's arrangement ---------------------- */

/* Checks every entry of a year's arrangement; names "days[i].field". */
static int calendar_entries_check(int year, const calendar_entry *a, int n, zf_error *e){
  int i, j;
  char zField[32];
  if( n<1 ) return err_set(e, ZF_EINVAL, "days", "至少需要一个放假或调休上班日（days）");
  if( n>CALENDAR_MAX_ENTRIES ){
    return err_set(e, ZF_EINVAL, "days", "一年的特殊日期不能超过 %d 个（days）", CALENDAR_MAX_ENTRIES);
  }
  for(i=0; i<n; i++){
    int32_t day;
    int rc;
    size_t nName;
    snprintf(zField, sizeof zField, "days[%d].date", i);
    rc = calendar_parse_date(a[i].zDate, zField, &day, e);
    if( rc ) return rc;
    if( calendar_year_of(day)!=year ){
      return err_set(e, ZF_EINVAL, zField,
        "第 %d 项的日期 %s 不在 %d 年内（跨年的日期请在其所在年份的安排中填写）", i+1, a[i].zDate, year);
    }
    for(j=0; j<i; j++){
      if( strcmp(a[j].zDate, a[i].zDate)==0 ){
        return err_set(e, ZF_EINVAL, zField, "日期 %s 重复（第 %d 项与第 %d 项）", a[i].zDate, j+1, i+1);
      }
    }
    snprintf(zField, sizeof zField, "days[%d].kind", i);
    if( a[i].zKind==0 || (strcmp(a[i].zKind, "holiday")!=0 && strcmp(a[i].zKind, "workday")!=0) ){
      return err_set(e, ZF_EINVAL, zField, "第 %d 项的类型应为 holiday（放假）或 workday（调休上班）", i+1);
    }
    if( a[i].zKind[0]=='w' && calendar_weekday(day)<=5 ){
      return err_set(e, ZF_EINVAL, zField,
        "第 %d 项 %s 是周一至周五，本来就是工作日，不能登记为调休上班日", i+1, a[i].zDate);
    }
    snprintf(zField, sizeof zField, "days[%d].name", i);
    nName = a[i].zName ? json_utf8_len(a[i].zName) : 0;
    if( nName<1 || nName>32 ){
      return err_set(e, ZF_EINVAL, zField, "第 %d 项的节日名称应为 1–32 个字符", i+1);
    }
  }
  return ZF_OK;
}

/* Writes one version and its days; inside the caller's transaction. */
static int calendar_version_write(zf_db *pDb, const char *zActor, int year, const char *zSource,
                                  const calendar_entry *a, int n, int64_t *pId){
  static const char zYear[] =
    "INSERT INTO calendar_year(year, source, created_at, created_by) VALUES(?,?,?,?)";
  static const char zDay[] = "INSERT INTO calendar_day(version_id, date, kind, name) VALUES(?,?,?,?)";
  char zNow[24];
  int i, rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zYear, "dsss", year, zSource, zNow, zActor);
  if( rc ) return rc;
  *pId = db_last_id(pDb);
  for(i=0; i<n && rc==ZF_OK; i++){
    rc = db_exec(pDb, zDay, "isss", *pId, a[i].zDate, a[i].zKind, a[i].zName);
  }
  return rc;
}

/* Id of year's current version, 0 when none. */
static int64_t calendar_current_version(zf_db *pDb, int year){
  static const char zSql[] = "SELECT id FROM calendar_year WHERE year=? AND voided_at IS NULL";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t id = 0;
  if( pStmt==0 ) return -1;
  db_bind(pStmt, "d", year);
  if( db_step(pStmt)==1 ) id = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return id;
}

static int calendar_replace_check(zf_db *pDb, int year, const char *zSource, const char *zReason,
                                  const calendar_entry *a, int n, int64_t *pOld, zf_error *e){
  size_t nSource = zSource ? json_utf8_len(zSource) : 0;
  if( year<CALENDAR_MIN_YEAR || year>CALENDAR_MAX_YEAR ){
    return err_set(e, ZF_EINVAL, "year", "年份（year）应在 %d 到 %d 之间", CALENDAR_MIN_YEAR,
                   CALENDAR_MAX_YEAR);
  }
  if( nSource<1 || nSource>200 ){
    return err_set(e, ZF_EINVAL, "source", "依据文件及文号（source）应为 1–200 个字符");
  }
  *pOld = calendar_current_version(pDb, year);
  if( *pOld<0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( *pOld>0 && (zReason==0 || json_utf8_len(zReason)<2 || json_utf8_len(zReason)>200) ){
    return err_set(e, ZF_EINVAL, "reason",
      "%d 年已有节假日安排，替换时须填写 2–200 个字符的原因（reason）", year);
  }
  return calendar_entries_check(year, a, n, e);
}

int calendar_year_replace(zf_db *pDb, const char *zActor, int year, const char *zSource,
                          const char *zReason, const calendar_entry *aEntry, int nEntry,
                          int64_t *pVersion, zf_error *e){
  static const char zVoid[] =
    "UPDATE calendar_year SET voided_at=?, voided_by=?, void_reason=? WHERE id=?";
  char zNow[24], zYear[8];
  int64_t old = 0, id = 0;
  json_t *pChange;
  int rc = calendar_replace_check(pDb, year, zSource, zReason, aEntry, nEntry, &old, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  if( old>0 ) rc = db_exec(pDb, zVoid, "sssi", zNow, zActor, zReason, old);
  if( rc==ZF_OK ) rc = calendar_version_write(pDb, zActor, year, zSource, aEntry, nEntry, &id);
  if( rc==ZF_OK ){
    snprintf(zYear, sizeof zYear, "%d", year);
    pChange = json_pack("{s:i,s:I,s:s,s:i}", "year", year, "version", (json_int_t)id,
                        "source", zSource, "days", nEntry);
    if( old>0 ){
      json_object_set_new(pChange, "replaced_version", json_integer(old));
      json_object_set_new(pChange, "reason", json_string(zReason));
    }
    rc = audit_append(pDb, zActor, old>0 ? "calendar.replace" : "calendar.add", "calendar_year",
                      zYear, "", pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( rc==ZF_ECONFLICT ) return err_set(e, rc, "year", "%d 年的安排刚被他人修改，请刷新后重试", year);
  if( rc ) return err_set(e, rc, 0, "无法保存节假日安排");
  if( pVersion ) *pVersion = id;
  return ZF_OK;
}

/* ---- the shipped reference CSV (date,kind,name) ----------------------- */

typedef struct cal_row { char zDate[11], zKind[8], zName[96]; } cal_row;

typedef struct cal_parse {
  cal_row *aRow;
  int nRow, nAlloc, iField, isHeader, oom;
  cal_row cur;
} cal_parse;

static void cal_cb_field(void *s, size_t n, void *pArg){
  cal_parse *p = pArg;
  char *aDst[3] = { p->cur.zDate, p->cur.zKind, p->cur.zName };
  size_t aMax[3] = { sizeof p->cur.zDate, sizeof p->cur.zKind, sizeof p->cur.zName };
  if( p->iField<3 ){
    if( n>=aMax[p->iField] ) n = aMax[p->iField] - 1;
    memcpy(aDst[p->iField], s, n);
    aDst[p->iField][n] = 0;
  }
  p->iField++;
}

static void cal_cb_row(int c, void *pArg){
  cal_parse *p = pArg;
  (void)c;
  if( p->isHeader ){
    p->isHeader = 0;
  }else if( p->iField>=3 ){
    if( p->nRow>=p->nAlloc ){
      cal_row *aNew;
      p->nAlloc = p->nAlloc ? p->nAlloc*2 : 1024;
      aNew = realloc(p->aRow, sizeof(cal_row)*p->nAlloc);
      if( aNew==0 ){ p->oom = 1; p->iField = 0; return; }
      p->aRow = aNew;
    }
    p->aRow[p->nRow++] = p->cur;
  }
  p->iField = 0;
  memset(&p->cur, 0, sizeof p->cur);
}

/* Parses the embedded CSV into p (rows sorted by date in the file). */
static int calendar_ref_parse(cal_parse *p, zf_error *e){
  const zf_asset *pCsv = embed_find(zf_ref_assets, zf_ref_nassets, CALENDAR_REF);
  struct csv_parser csv;
  int rc = ZF_OK;
  memset(p, 0, sizeof *p);
  p->isHeader = 1;
  if( pCsv==0 ) return err_set(e, ZF_EINTERNAL, 0, "缺少内置的节假日数据");
  if( csv_init(&csv, CSV_STRICT | CSV_APPEND_NULL)!=0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( csv_parse(&csv, pCsv->pData, pCsv->nData, cal_cb_field, cal_cb_row, p)!=pCsv->nData ){
    rc = err_set(e, ZF_EINTERNAL, 0, "节假日数据格式错误：%s", csv_strerror(csv_error(&csv)));
  }
  csv_fini(&csv, cal_cb_field, cal_cb_row, p);
  csv_free(&csv);
  if( rc==ZF_OK && (p->oom || p->nRow==0) ) rc = err_set(e, ZF_EINTERNAL, 0, "节假日数据为空");
  return rc;
}

/* Writes one year of the reference rows [i0, i1) unless already covered. */
static int calendar_ref_year(zf_db *pDb, const char *zActor, cal_row *a, int i0, int i1,
                             json_t *pYears, zf_error *e){
  calendar_entry aEntry[CALENDAR_MAX_ENTRIES];
  zf_error bad = {0};
  char zSource[160];
  int i, covered, year = atoi(a[i0].zDate), n = i1 - i0, rc;
  int64_t id;
  rc = calendar_year_covered(pDb, year, &covered);
  if( rc || covered ) return rc;
  if( n>CALENDAR_MAX_ENTRIES ) return err_set(e, ZF_EINTERNAL, 0, "节假日数据 %d 年行数过多", year);
  for(i=0; i<n; i++){
    aEntry[i].zDate = a[i0+i].zDate;
    aEntry[i].zKind = a[i0+i].zKind;
    aEntry[i].zName = a[i0+i].zName;
  }
  rc = calendar_entries_check(year, aEntry, n, &bad);
  if( rc ) return err_set(e, ZF_EINTERNAL, 0, "内置节假日数据有误：%s", bad.message);
  snprintf(zSource, sizeof zSource, "国务院办公厅关于%d年部分节假日安排的通知（内置数据 %s）",
           year, CALENDAR_REF);
  rc = calendar_version_write(pDb, zActor, year, zSource, aEntry, n, &id);
  if( rc==ZF_OK ) json_array_append_new(pYears, json_integer(year));
  return rc;
}

int calendar_load_reference(zf_db *pDb, const char *zActor, zf_error *e){
  cal_parse p;
  json_t *pYears = json_array(), *pChange;
  int i0, i1, rc = calendar_ref_parse(&p, e);
  if( rc ){ free(p.aRow); json_decref(pYears); return rc; }
  rc = db_begin(pDb);
  for(i0=0; rc==ZF_OK && i0<p.nRow; i0=i1){
    for(i1=i0+1; i1<p.nRow && memcmp(p.aRow[i1].zDate, p.aRow[i0].zDate, 4)==0; i1++){}
    rc = calendar_ref_year(pDb, zActor, p.aRow, i0, i1, pYears, e);
  }
  if( rc==ZF_OK && json_array_size(pYears)>0 ){
    pChange = json_pack("{s:s,s:O,s:i}", "source", CALENDAR_REF, "years", pYears, "rows", p.nRow);
    rc = audit_append(pDb, zActor, "calendar.load", "calendar_year", "*", "", pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  free(p.aRow);
  json_decref(pYears);
  if( rc && (e==0 || e->message[0]==0) ) return err_set(e, rc, 0, "节假日数据导入失败");
  return rc;
}
