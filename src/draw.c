/*
** draw.c — creating and freezing double-random draws (双随机抽查), and
** re-draws: the pool (active enterprises of the unit's area supervised at
** district or street level, matching the filters, without the year's key
** enterprises nor those inspected within draw.exclude_recent_months before
** the window or already scheduled in it), the officer pool (officers of the
** unit and the units below it, eligible on both ends of the window by
** staff_may_enforce, with draw.officer_monthly_cap minus their workload),
** the expert pool, the exclusion pairs (回避 conflicts in force in the
** window, last inspector), the secret seed and its commitment. Drawing,
** documents and the demo are in draw_run.c; the algorithm in draw_algo.c.
** Plan clauses 14, 15; see draw.h.
*/
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "core/audit.h"
#include "core/text.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "draw.h"
#include "draw_int.h"
#include "inspection.h"
#include "org.h"
#include "rules.h"
#include "staff.h"

/*
** The plan a draw carries out (optional): planId must name a published
** plan (its version in force published) of the drawing unit or of a unit
** above it, for the year of the window; quotaId (needs planId) one of its
** double-random quotas. Refusals name plan_id / quota_id.
*/
int draw_plan_check(zf_db *pDb, int64_t unitId, int64_t planId, int64_t quotaId, const char *zFrom,
                    zf_error *e){
  static const char zPlan[] =
    "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT u.parent_id FROM unit u JOIN up ON u.id=up.id"
    "  WHERE u.parent_id IS NOT NULL)"
    " SELECT p.year, p.unit_id IN (SELECT id FROM up),"
    "  EXISTS(SELECT 1 FROM plan_version v WHERE v.plan_id=p.id AND v.status='published')"
    " FROM plan p WHERE p.id=?2";
  static const char zQuota[] =
    "SELECT q.kind FROM plan_quota q JOIN plan_version v ON v.id=q.version_id"
    " WHERE q.id=? AND v.plan_id=? AND v.status='published'";
  zf_stmt *pStmt;
  int rc, year = 0, ours = 0, published = 0;
  if( planId<0 ) return err_set(e, ZF_EINVAL, "plan_id", "计划编号无效");
  if( quotaId<0 ) return err_set(e, ZF_EINVAL, "quota_id", "抽查指标编号无效");
  if( quotaId>0 && planId==0 ) return err_set(e, ZF_EMISSING, "plan_id", "指定抽查指标（quota_id）时须同时指定年度计划（plan_id）");
  if( planId==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zPlan))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "ii", unitId, planId);
  rc = db_step(pStmt);
  if( rc==1 ){
    year = db_column_int(pStmt, 0);
    ours = db_column_int(pStmt, 1);
    published = db_column_int(pStmt, 2);
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_EINVAL, "plan_id", "年度执法计划不存在：%lld", (long long)planId);
  if( !ours ) return err_set(e, ZF_EINVAL, "plan_id", "年度执法计划 %lld 不是本单位（或上级单位）的计划", (long long)planId);
  if( !published ) return err_set(e, ZF_EPROCEDURE, "plan_id", "年度执法计划 %lld 尚未经批准并发布，不能据以抽查", (long long)planId);
  if( zFrom && atoi(zFrom)!=year ){
    return err_set(e, ZF_EINVAL, "plan_id", "检查时段在 %.4s 年，而所选计划是 %d 年度的", zFrom, year);
  }
  if( quotaId==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zQuota))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "ii", quotaId, planId);
  rc = db_step(pStmt);
  if( rc==1 && strcmp(db_text(pStmt, 0), "random")!=0 ) rc = 2;
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_EINVAL, "quota_id", "抽查指标 %lld 不属于该计划的现行版本", (long long)quotaId);
  if( rc==2 ) return err_set(e, ZF_EINVAL, "quota_id", "指标 %lld 是日常检查指标，不是“双随机”抽查指标", (long long)quotaId);
  return ZF_OK;
}

void draw_frozen_free(draw_frozen *f){
  draw_input_free(&f->in);
  json_decref(f->pIneligible);
  memset(f, 0, sizeof *f);
}

/* ---- parameters ------------------------------------------------------ */

/* The unit: given (inside the actor's scope, active) or the actor's own. */
static int draw_unit(zf_db *pDb, const zf_who *pActor, int64_t unitId, draw_spec *s, zf_error *e){
  static const char zUnit[] =
    "SELECT u.status, u.region, g.path, u.name FROM unit u JOIN region g ON g.code=u.region WHERE u.id=?";
  static const char zPerson[] = "SELECT unit_id FROM person WHERE id=?";
  zf_stmt *pStmt;
  int64_t personId;
  int rc;
  if( unitId==0 ){
    if( pActor==0 || staff_person_of_account(pDb, pActor->accountId, &personId)!=ZF_OK ){
      return err_set(e, ZF_EMISSING, "unit_id", "您的账号未关联执法人员，请指定抽查单位（unit_id）");
    }
    if( (pStmt = db_stmt(pDb, zPerson))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "i", personId);
    if( db_step(pStmt)==1 ) unitId = db_column_int64(pStmt, 0);
    db_reset(pStmt);
  }
  if( (pStmt = db_stmt(pDb, zUnit))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", unitId);
  rc = db_step(pStmt);
  if( rc==1 ){
    s->unitActive = strcmp(db_text(pStmt, 0), "active")==0;
    snprintf(s->zRegion, sizeof s->zRegion, "%s", db_text(pStmt, 1));
    snprintf(s->zPath, sizeof s->zPath, "%s", db_text(pStmt, 2));
    snprintf(s->zUnitName, sizeof s->zUnitName, "%s", db_text(pStmt, 3));
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_EINVAL, "unit_id", "单位不存在：%lld", (long long)unitId);
  if( !s->unitActive ) return err_set(e, ZF_EINVAL, "unit_id", "单位“%s”已撤销", s->zUnitName);
  if( pActor && strncmp(s->zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    return err_set(e, ZF_ESCOPE, "unit_id", "单位“%s”不在您的管辖范围内", s->zUnitName);
  }
  s->unitId = unitId;
  return ZF_OK;
}

/* One code list filter: strings, each found by zSql (one ? parameter,
** first column an integer kept in aBit when aBit is given); copied into az. */
static int draw_codes(zf_db *pDb, json_t *pArr, const char *zField, const char *zLabel,
                      const char *zSql, char az[][24], int *pN, int *aBit, zf_error *e){
  json_t *v;
  size_t i;
  *pN = 0;
  if( pArr==0 || json_is_null(pArr) ) return ZF_OK;
  if( !json_is_array(pArr) || json_array_size(pArr)>DRAW_MAX_CODES ){
    return err_set(e, ZF_EINVAL, zField, "%s应为不超过 %d 项的代码列表", zLabel, DRAW_MAX_CODES);
  }
  json_array_foreach(pArr, i, v){
    const char *z = json_string_value(v);
    zf_stmt *pStmt = db_stmt(pDb, zSql);
    int rc;
    if( z==0 || strlen(z)==0 || strlen(z)>=24 ) return err_set(e, ZF_EINVAL, zField, "%s[%zu] 无效", zLabel, i);
    if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "s", z);
    rc = db_step(pStmt);
    if( rc==1 && aBit ) aBit[*pN] = db_column_int(pStmt, 0);
    db_reset(pStmt);
    if( rc<0 ) return err_set(e, -rc, 0, 0);
    if( rc==0 ) return err_set(e, ZF_EINVAL, zField, "%s“%.23s”不存在", zLabel, z);
    snprintf(az[*pN], 24, "%s", z);
    (*pN)++;
  }
  return ZF_OK;
}

/* Regions: each inside the unit's area. */
static int draw_regions_check(zf_db *pDb, draw_spec *s, zf_error *e){
  static const char zSql[] = "SELECT path FROM region WHERE code=?";
  int i;
  for(i=0; i<s->nRegion; i++){
    zf_stmt *pStmt = db_stmt(pDb, zSql);
    int inside = 0;
    if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "s", s->azRegion[i]);
    if( db_step(pStmt)==1 ) inside = strncmp(db_text(pStmt, 0), s->zPath, strlen(s->zPath))==0;
    db_reset(pStmt);
    if( !inside ) return err_set(e, ZF_EINVAL, "regions", "区划 %s 不在%s的辖区内", s->azRegion[i], s->zUnitName);
  }
  return ZF_OK;
}

/* The sample: by count or by ratio (basis points), never both. */
static int draw_sample_check(const draw_new *p, draw_spec *s, zf_error *e){
  if( p->sampleCount && p->ratioBp ) return err_set(e, ZF_EINVAL, "ratio", "抽取数量与抽取比例只能填写一项");
  if( p->sampleCount==0 && p->ratioBp==0 ){
    return err_set(e, ZF_EMISSING, "count", "请填写抽取数量（count）或抽取比例（ratio）");
  }
  if( p->sampleCount<0 ) return err_set(e, ZF_EINVAL, "count", "抽取数量应大于 0");
  if( p->ratioBp && (p->ratioBp<=0 || p->ratioBp>=10000) ){
    return err_set(e, ZF_EINVAL, "ratio", "抽取比例应大于 0%% 且小于 100%%（现为 %lld.%02lld%%）",
                   (long long)(p->ratioBp/100), (long long)(llabs(p->ratioBp)%100));
  }
  s->sampleCount = p->sampleCount;
  s->ratioBp = p->ratioBp;
  return ZF_OK;
}

/* Checks and resolves every parameter of pNew into s (no pool yet). */
int draw_spec_resolve(zf_db *pDb, const zf_who *pActor, const draw_new *p, draw_spec *s, zf_error *e){
  static const char zSector[] = "SELECT 1 FROM sector WHERE code=?";
  static const char zRegion[] = "SELECT 1 FROM region WHERE code=?";
  static const char zHazard[] = "SELECT bit FROM hazard_kind WHERE code=?";
  int32_t a, b;
  int64_t minOfficers;
  int aBit[DRAW_MAX_CODES], i, rc;
  memset(s, 0, sizeof *s);
  if( (rc = text_check(p->zName, 2, 100, "name", "抽查名称", e))!=0 ) return rc;
  if( (rc = calendar_parse_date(p->zFrom, "window_from", &a, e))!=0 ) return rc;
  if( (rc = calendar_parse_date(p->zTo, "window_to", &b, e))!=0 ) return rc;
  if( b<a ) return err_set(e, ZF_EINVAL, "window_to", "检查时段的结束日期早于开始日期");
  if( b-a>366 ) return err_set(e, ZF_EINVAL, "window_to", "检查时段不能超过一年");
  if( (rc = draw_sample_check(p, s, e))!=0 ) return rc;
  if( (rc = draw_unit(pDb, pActor, p->unitId, s, e))!=0 ) return rc;
  if( (rc = draw_plan_check(pDb, s->unitId, p->planId, p->quotaId, p->zFrom, e))!=0 ) return rc;
  if( (rc = draw_codes(pDb, p->pSectors, "sectors", "监管行业", zSector, s->azSector, &s->nSector, 0, e))!=0 ) return rc;
  if( (rc = draw_codes(pDb, p->pRegions, "regions", "区划", zRegion, s->azRegion, &s->nRegion, 0, e))!=0 ) return rc;
  if( (rc = draw_regions_check(pDb, s, e))!=0 ) return rc;
  if( (rc = draw_codes(pDb, p->pHazards, "hazards", "风险特征", zHazard, s->azHazard, &s->nHazard, aBit, e))!=0 ) return rc;
  for(i=0; i<s->nHazard; i++) s->hazardMask |= 1LL << aBit[i];
  if( (rc = rules_int(pDb, "draw.min_officers", p->zFrom, &minOfficers, e))!=0 ) return rc;
  s->officersPer = p->officersPer ? p->officersPer : (int)minOfficers;
  if( s->officersPer<minOfficers ){
    return err_set(e, ZF_EINVAL, "officers_per_enterprise", "每户抽派执法人员不得少于 %lld 名（现为 %d 名）",
                   (long long)minOfficers, s->officersPer);
  }
  if( s->officersPer>10 ) return err_set(e, ZF_EINVAL, "officers_per_enterprise", "每户抽派执法人员不超过 10 名");
  if( p->expertsPer<0 || p->expertsPer>5 ) return err_set(e, ZF_EINVAL, "experts_per_enterprise", "每户抽派专家应为 0–5 名");
  s->expertsPer = p->expertsPer;
  if( p->zExpertField && (rc = text_check(p->zExpertField, 1, 40, "expert_field", "专家领域", e))!=0 ) return rc;
  if( p->zItemCode && (rc = text_check(p->zItemCode, 1, 40, "item_code", "检查事项", e))!=0 ) return rc;
  snprintf(s->zName, sizeof s->zName, "%s", p->zName);
  snprintf(s->zFrom, sizeof s->zFrom, "%s", p->zFrom);
  snprintf(s->zTo, sizeof s->zTo, "%s", p->zTo);
  snprintf(s->zExpertField, sizeof s->zExpertField, "%s", p->zExpertField ? p->zExpertField : "");
  snprintf(s->zItemCode, sizeof s->zItemCode, "%s", p->zItemCode ? p->zItemCode : "");
  s->planId = p->planId;
  s->quotaId = p->quotaId;
  s->stratifySector = p->stratifySector;
  s->stratifyStreet = p->stratifyStreet;
  return ZF_OK;
}

/* ---- the pool ----------------------------------------------------------- */

/* 1 when the enterprise matches the sector, region and hazard filters. */
static int draw_matches(const draw_spec *s, const char *zSector, const char *zPath, int64_t hazards){
  int i, ok = s->nSector==0;
  for(i=0; !ok && i<s->nSector; i++){
    size_t n = strlen(s->azSector[i]);
    ok = strcmp(zSector, s->azSector[i])==0 || (strncmp(zSector, s->azSector[i], n)==0 && zSector[n]=='.');
  }
  if( !ok ) return 0;
  for(i=0, ok = s->nRegion==0; !ok && i<s->nRegion; i++){
    char zSeg[32];
    snprintf(zSeg, sizeof zSeg, "/%s/", s->azRegion[i]);
    ok = strstr(zPath, zSeg)!=0;
  }
  if( !ok ) return 0;
  return s->nHazard==0 || (hazards & s->hazardMask)!=0;
}

/* zOut = first day of zDate's month moved back n months. */
static void draw_months_back(const char *zDate, int n, char zOut[11]){
  int y = atoi(zDate), m = atoi(zDate + 5), d = atoi(zDate + 8), t = y*12 + (m-1) - n;
  static const int aDays[] = {31,28,31,30,31,30,31,31,30,31,30,31};
  int yy = t/12, mm = t%12 + 1, dmax = aDays[mm-1] + (mm==2 && ((yy%4==0 && yy%100!=0) || yy%400==0));
  char z[48];
  snprintf(z, sizeof z, "%04d-%02d-%02d", yy, mm, d>dmax ? dmax : d);
  memcpy(zOut, z, 10);
  zOut[10] = 0;
}

/* Fills f->in.aPool from the ledger (sorted by id). */
static int draw_pool(zf_db *pDb, const draw_spec *s, draw_frozen *f, zf_error *e){
  static const char zSql[] =
    "SELECT e.id, e.uscc, e.sector, e.region, e.region_path, e.hazards,"
    " EXISTS(SELECT 1 FROM key_enterprise k WHERE k.enterprise_id=e.id AND k.year>=?2 AND k.year<=?3"
    "   AND k.removed_at IS NULL),"
    " EXISTS(SELECT 1 FROM inspection i WHERE i.enterprise_id=e.id AND i.status<>'cancelled'"
    "   AND i.window_from<=?4 AND i.window_to>=?5)"
    " FROM enterprise e WHERE e.region_path LIKE ?1 || '%' AND e.status='active'"
    " AND (e.supervising_level='district' OR e.supervising_level='street') ORDER BY e.id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t months;
  char zRecent[11];
  int rc, nAlloc = 0;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( (rc = rules_int(pDb, "draw.exclude_recent_months", s->zFrom, &months, e))!=0 ){ db_reset(pStmt); return rc; }
  draw_months_back(s->zFrom, (int)months, zRecent);
  db_bind(pStmt, "siiss", s->zPath, (int64_t)atoi(s->zFrom), (int64_t)atoi(s->zTo), s->zTo, zRecent);
  while( (rc = db_step(pStmt))==1 ){
    draw_ent *x;
    if( !draw_matches(s, db_text(pStmt, 2), db_text(pStmt, 4), db_column_int64(pStmt, 5)) ) continue;
    if( db_column_int(pStmt, 6) ){ f->excludedKey++; continue; }
    if( db_column_int(pStmt, 7) ){ f->excludedRecent++; continue; }
    if( f->in.nPool==nAlloc ){
      draw_ent *aNew = realloc(f->in.aPool, sizeof *aNew * (size_t)(nAlloc = nAlloc ? nAlloc*2 : 1024));
      if( aNew==0 ){ rc = -ZF_EINTERNAL; break; }
      f->in.aPool = aNew;
    }
    x = &f->in.aPool[f->in.nPool++];
    x->id = db_column_int64(pStmt, 0);
    x->zUscc = strdup(db_text(pStmt, 1));
    x->zSector = strdup(db_text(pStmt, 2));
    x->zRegion = strdup(db_text(pStmt, 3));
    if( !x->zUscc || !x->zSector || !x->zRegion ){ rc = -ZF_EINTERNAL; break; }
  }
  db_reset(pStmt);
  return rc<0 ? err_set(e, -rc, 0, 0) : ZF_OK;
}

/* Index of enterprise id in the pool, or -1. */
static int draw_pool_index(const draw_input *p, int64_t id){
  int lo = 0, hi = p->nPool - 1;
  while( lo<=hi ){
    int mid = lo + (hi - lo)/2;
    if( p->aPool[mid].id==id ) return mid;
    if( p->aPool[mid].id<id ) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/* ---- officers and experts -------------------------------------------- */

/* Text without tabs or newlines (they would break the canonical lines). */
static char *draw_clean_dup(const char *z){
  char *zOut = strdup(z ? z : ""), *c;
  for(c=zOut; c && *c; c++) if( *c=='\t' || *c=='\n' || *c=='\r' ) *c = ' ';
  return zOut;
}

/* Workload capacity of a person in the window's months. */
static int64_t draw_capacity(zf_db *pDb, const draw_spec *s, int64_t personId, int64_t cap){
  int y1 = atoi(s->zFrom), m1 = atoi(s->zFrom + 5), y2 = atoi(s->zTo), m2 = atoi(s->zTo + 5);
  int months = (y2*12 + m2) - (y1*12 + m1) + 1, load;
  char zA[11], zB[11];
  snprintf(zA, sizeof zA, "%04d-%02d-01", y1, m1);
  snprintf(zB, sizeof zB, "%04d-%02d-31", y2, m2);
  load = inspection_person_load(pDb, personId, zA, zB);
  return cap*months - (load<0 ? 0 : load);
}

/* Appends a person to *pa (growing it). */
static int draw_person_add(draw_person **pa, int *pn, int64_t id, int64_t capacity, const char *zInfo,
                           const char *zName){
  draw_person *aNew = realloc(*pa, sizeof *aNew * (size_t)(*pn + 1));
  if( aNew==0 ) return ZF_EINTERNAL;
  *pa = aNew;
  aNew[*pn].id = id;
  aNew[*pn].capacity = capacity;
  aNew[*pn].zInfo = draw_clean_dup(zInfo);
  aNew[*pn].zName = draw_clean_dup(zName);
  (*pn)++;
  return ZF_OK;
}

/* The reason a person is left out, into the ineligible list. */
static void draw_ineligible(draw_frozen *f, int64_t id, const char *zName, const char *zWhy){
  if( f->pIneligible==0 ) f->pIneligible = json_array();
  json_array_append_new(f->pIneligible, json_pack("{s:I,s:s,s:s}", "person_id", (json_int_t)id,
                        "name", zName, "reason", zWhy));
}

/* Officers of the unit and the units below it, eligible on both ends of
** the window, with capacity left. */
static int draw_officers(zf_db *pDb, const draw_spec *s, draw_frozen *f, zf_error *e){
  static const char zSql[] =
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT u.id FROM unit u JOIN sub ON u.parent_id=sub.id"
    "   WHERE u.status='active')"
    " SELECT p.id, p.name, (SELECT c.number FROM certificate c WHERE c.person_id=p.id AND c.valid_from<=?2"
    "   AND c.valid_to>=?3 ORDER BY c.valid_to DESC, c.id DESC LIMIT 1)"
    " FROM person p WHERE p.unit_id IN sub AND p.kind='officer' AND p.status='active' ORDER BY p.id";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t cap, aId[DRAW_MAX_OFFICERS];
  char azName[DRAW_MAX_OFFICERS][64], azCert[DRAW_MAX_OFFICERS][48];
  int n = 0, i, rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "iss", s->unitId, s->zFrom, s->zTo);
  while( (rc = db_step(pStmt))==1 && n<DRAW_MAX_OFFICERS ){
    aId[n] = db_column_int64(pStmt, 0);
    snprintf(azName[n], sizeof azName[n], "%s", db_text(pStmt, 1));
    snprintf(azCert[n], sizeof azCert[n], "%s", db_text(pStmt, 2));
    n++;
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( (rc = rules_int(pDb, "draw.officer_monthly_cap", s->zFrom, &cap, e))!=0 ) return rc;
  f->cap = cap;
  for(i=0; i<n; i++){
    zf_error e2 = {0};
    const char *zItem = s->zItemCode[0] ? s->zItemCode : 0;
    int64_t c;
    rc = staff_may_enforce(pDb, aId[i], s->zFrom, zItem, 0, &e2);
    if( rc==ZF_OK && strcmp(s->zFrom, s->zTo)!=0 ) rc = staff_may_enforce(pDb, aId[i], s->zTo, zItem, 0, &e2);
    if( rc==ZF_EPROCEDURE ){ draw_ineligible(f, aId[i], azName[i], e2.message); continue; }
    if( rc ) return err_set(e, rc, 0, "%s", e2.message);
    c = draw_capacity(pDb, s, aId[i], cap);
    if( c<=0 ){ draw_ineligible(f, aId[i], azName[i], "本期工作量已达上限"); continue; }
    if( draw_person_add(&f->in.aOfficer, &f->in.nOfficer, aId[i], c, azCert[i], azName[i]) ){
      return err_set(e, ZF_EINTERNAL, 0, 0);
    }
    f->capacity += c;
  }
  return ZF_OK;
}

/* The expert pool: active experts of the field (any field when none). */
static int draw_experts(zf_db *pDb, const draw_spec *s, draw_frozen *f, zf_error *e){
  static const char zSql[] =
    "SELECT p.id, p.name, x.field FROM expert x JOIN person p ON p.id=x.person_id"
    " WHERE p.status='active' AND (?1 IS NULL OR x.field=?1) ORDER BY p.id LIMIT 1000";
  zf_stmt *pStmt;
  int rc;
  if( s->expertsPer==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zSql))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "s", s->zExpertField[0] ? s->zExpertField : 0);
  while( (rc = db_step(pStmt))==1 ){
    int64_t c = draw_capacity(pDb, s, db_column_int64(pStmt, 0), f->cap);
    if( c<=0 ) continue;
    if( draw_person_add(&f->in.aExpert, &f->in.nExpert, db_column_int64(pStmt, 0), c,
                        db_text(pStmt, 2), db_text(pStmt, 1)) ){ rc = -ZF_EINTERNAL; break; }
    f->expertCapacity += c;
  }
  db_reset(pStmt);
  return rc<0 ? err_set(e, -rc, 0, 0) : ZF_OK;
}

/* ---- exclusions ---------------------------------------------------------- */

static int draw_pair_cmp(const void *a, const void *b){
  const draw_pair *x = a, *y = b;
  if( x->entId!=y->entId ) return x->entId < y->entId ? -1 : 1;
  return (x->personId > y->personId) - (x->personId < y->personId);
}

/* 1 when person id is in the officer or expert pool. */
static int draw_in_persons(const draw_input *p, int64_t id){
  int i;
  for(i=0; i<p->nOfficer; i++) if( p->aOfficer[i].id==id ) return 1;
  for(i=0; i<p->nExpert; i++) if( p->aExpert[i].id==id ) return 1;
  return 0;
}

/* Runs zSql (pairs enterprise_id, person_id) and keeps those of the pools. */
static int draw_pairs_from(zf_db *pDb, const char *zSql, const char *zTypes, const char *zA,
                           const char *zB, draw_frozen *f, int *pAlloc){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, zTypes, zA, zB);
  while( (rc = db_step(pStmt))==1 ){
    int64_t ent = db_column_int64(pStmt, 0), person = db_column_int64(pStmt, 1);
    if( draw_pool_index(&f->in, ent)<0 || !draw_in_persons(&f->in, person) ) continue;
    if( f->in.nExcl==*pAlloc ){
      draw_pair *aNew = realloc(f->in.aExcl, sizeof *aNew * (size_t)(*pAlloc = *pAlloc ? *pAlloc*2 : 256));
      if( aNew==0 ){ rc = -ZF_EINTERNAL; break; }
      f->in.aExcl = aNew;
    }
    f->in.aExcl[f->in.nExcl].entId = ent;
    f->in.aExcl[f->in.nExcl].personId = person;
    f->in.nExcl++;
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

/* The SQL of the last inspectors of every enterprise of a scope: the
** batched form of inspection_last_officers() (test_draw.c proves them
** equal). */
const char draw_last_sql[] =
  "SELECT l.enterprise_id, p.person_id FROM (SELECT id, enterprise_id, row_number() OVER ("
  "   PARTITION BY enterprise_id ORDER BY COALESCE(substr(actual_start,1,10), window_from) DESC, id DESC) AS rn"
  "   FROM inspection WHERE status<>'cancelled' AND COALESCE(substr(actual_start,1,10), window_from)<?1"
  "   AND region_path LIKE ?2 || '%') l"
  " JOIN inspection_person p ON p.inspection_id=l.id AND p.role='officer' WHERE l.rn=1"
  " ORDER BY l.enterprise_id, p.person_id";

/* Conflicts in force at some time in the window, and last inspectors. */
static int draw_exclusions(zf_db *pDb, const draw_spec *s, draw_frozen *f, zf_error *e){
  static const char zConflict[] =
    "SELECT enterprise_id, person_id FROM conflict WHERE voided_at IS NULL AND valid_from<=?1"
    " AND (valid_to IS NULL OR valid_to>=?2)";
  int nAlloc = 0, rc, i, j;
  rc = draw_pairs_from(pDb, zConflict, "ss", s->zTo, s->zFrom, f, &nAlloc);
  if( rc==ZF_OK ) rc = draw_pairs_from(pDb, draw_last_sql, "ss", s->zFrom, s->zPath, f, &nAlloc);
  if( rc ) return err_set(e, rc, 0, 0);
  if( f->in.nExcl ) qsort(f->in.aExcl, (size_t)f->in.nExcl, sizeof *f->in.aExcl, draw_pair_cmp);
  for(i=0, j=0; i<f->in.nExcl; i++){
    if( j>0 && draw_pair_cmp(&f->in.aExcl[i], &f->in.aExcl[j-1])==0 ) continue;
    f->in.aExcl[j++] = f->in.aExcl[i];
  }
  f->in.nExcl = j;
  return ZF_OK;
}

/* ---- building and checking a frozen draw ---------------------------------- */

/* The sample size from count or ratio (rounded up), with the refusals. */
static int draw_sample_size(const draw_spec *s, draw_frozen *f, zf_error *e){
  int64_t N = f->in.nPool;
  if( N==0 ){
    return err_set(e, ZF_EPROCEDURE, "sectors",
                   "抽查对象库为空：%s辖区内没有符合筛选条件、可以抽查的企业（已排除本年度重点检查企业 %d 家、"
                   "近期已检查或本期已安排检查的企业 %d 家）", s->zUnitName, f->excludedKey, f->excludedRecent);
  }
  if( s->sampleCount ){
    if( s->sampleCount>N ){
      return err_set(e, ZF_EPROCEDURE, "count", "抽取数量 %lld 超过抽查对象库中的企业数 %lld，还多 %lld 家",
                     (long long)s->sampleCount, (long long)N, (long long)(s->sampleCount - N));
    }
    f->in.par.sampleSize = s->sampleCount;
  }else{
    f->in.par.sampleSize = (N*s->ratioBp + 9999)/10000;
  }
  return ZF_OK;
}

/* Enough officers and experts for the sample? */
static int draw_staff_check(const draw_spec *s, draw_frozen *f, zf_error *e){
  int64_t n = f->in.par.sampleSize, need = n*s->officersPer;
  if( f->in.nOfficer<s->officersPer ){
    return err_set(e, ZF_EPROCEDURE, "officers_per_enterprise",
                   "每户需 %d 名执法人员，%s及下属单位符合条件的执法人员只有 %d 名，还差 %d 名",
                   s->officersPer, s->zUnitName, f->in.nOfficer, s->officersPer - f->in.nOfficer);
  }
  if( f->capacity<need ){
    return err_set(e, ZF_EPROCEDURE, "count",
                   "需要 %lld 人次（%lld 户 × 每户 %d 名），符合条件的执法人员 %d 名剩余工作量合计 %lld 人次，还差 %lld",
                   (long long)need, (long long)n, s->officersPer, f->in.nOfficer, (long long)f->capacity,
                   (long long)(need - f->capacity));
  }
  if( s->expertsPer>0 ){
    int64_t needX = n*s->expertsPer;
    if( f->in.nExpert<s->expertsPer ){
      return err_set(e, ZF_EPROCEDURE, "experts_per_enterprise", "每户需 %d 名专家，专家库%s%s中可用的只有 %d 名",
                     s->expertsPer, s->zExpertField[0] ? "“" : "", s->zExpertField[0] ? s->zExpertField : "", f->in.nExpert);
    }
    if( f->expertCapacity<needX ){
      return err_set(e, ZF_EPROCEDURE, "experts_per_enterprise",
                     "需要专家 %lld 人次，专家剩余工作量合计 %lld 人次，还差 %lld",
                     (long long)needX, (long long)f->expertCapacity, (long long)(needX - f->expertCapacity));
    }
  }
  return ZF_OK;
}

int draw_build(zf_db *pDb, const draw_spec *s, draw_frozen *f, zf_error *e){
  int rc;
  memset(f, 0, sizeof *f);
  f->in.par.stratifySector = s->stratifySector;
  f->in.par.stratifyStreet = s->stratifyStreet;
  f->in.par.officersPer = s->officersPer;
  f->in.par.expertsPer = s->expertsPer;
  if( (rc = draw_pool(pDb, s, f, e))!=0 ) return rc;
  if( (rc = draw_sample_size(s, f, e))!=0 ) return rc;
  if( (rc = draw_officers(pDb, s, f, e))!=0 ) return rc;
  if( (rc = draw_experts(pDb, s, f, e))!=0 ) return rc;
  if( (rc = draw_staff_check(s, f, e))!=0 ) return rc;
  return draw_exclusions(pDb, s, f, e);
}

/* ---- preview, create, re-draw --------------------------------------------- */

int draw_preview(zf_db *pDb, const zf_who *pActor, const draw_new *pNew, json_t **ppOut, zf_error *e){
  draw_spec s;
  draw_frozen f;
  int rc = draw_spec_resolve(pDb, pActor, pNew, &s, e);
  *ppOut = 0;
  if( rc ) return rc;
  if( (rc = db_begin_read(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = draw_build(pDb, &s, &f, e);
  db_commit(pDb);
  if( rc==ZF_OK || rc==ZF_EPROCEDURE ){
    json_t *p = json_pack("{s:i,s:i,s:i,s:I,s:i,s:I,s:I,s:i,s:I,s:i,s:I,s:b}",
      "pool_size", f.in.nPool, "excluded_key", f.excludedKey, "excluded_recent", f.excludedRecent,
      "sample_size", (json_int_t)f.in.par.sampleSize, "officers", f.in.nOfficer,
      "officer_capacity", (json_int_t)f.capacity, "needed", (json_int_t)(f.in.par.sampleSize*s.officersPer),
      "experts", f.in.nExpert, "expert_capacity", (json_int_t)f.expertCapacity, "exclusions", f.in.nExcl,
      "monthly_cap", (json_int_t)f.cap, "ok", rc==ZF_OK);
    json_object_set_new(p, "ineligible", f.pIneligible ? json_incref(f.pIneligible) : json_array());
    json_object_set_new(p, "problem", rc ? json_string(e->message) : json_null());
    *ppOut = p;
    rc = ZF_OK;
  }
  draw_frozen_free(&f);
  return rc;
}

int draw_create(zf_db *pDb, const zf_who *pActor, const draw_new *pNew, int64_t *pId, zf_error *e){
  draw_spec s;
  int rc = draw_spec_resolve(pDb, pActor, pNew, &s, e);
  if( rc ) return rc;
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = draw_freeze(pDb, pActor ? pActor->zUsername : "cli", &s, pNew, 0, 0, pId, e);
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ){
    db_rollback(pDb);
    return e->rc ? e->rc : err_set(e, rc, 0, 0);
  }
  return ZF_OK;
}

/* The parameters of draw id as a draw_new (strings point into s / pFilters). */
static int draw_params_of(zf_db *pDb, int64_t id, draw_new *p, draw_spec *s, json_t **ppFilters,
                          char *zStatus, size_t nStatus, char *zPath, size_t nPath){
  static const char zSql[] =
    "SELECT name, unit_id, window_from, window_to, filters, plan_id, quota_id, sample_mode, sample_count,"
    " ratio_bp, stratify_sector, stratify_street, officers_per, experts_per, expert_field, item_code,"
    " status, region_path FROM draw WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    memset(p, 0, sizeof *p);
    snprintf(s->zName, sizeof s->zName, "%s", db_text(pStmt, 0));
    p->unitId = db_column_int64(pStmt, 1);
    snprintf(s->zFrom, sizeof s->zFrom, "%s", db_text(pStmt, 2));
    snprintf(s->zTo, sizeof s->zTo, "%s", db_text(pStmt, 3));
    *ppFilters = json_loads(db_text(pStmt, 4), 0, 0);
    p->planId = db_column_int64(pStmt, 5);
    p->quotaId = db_column_int64(pStmt, 6);
    if( strcmp(db_text(pStmt, 7), "count")==0 ) p->sampleCount = db_column_int64(pStmt, 8);
    else p->ratioBp = db_column_int64(pStmt, 9);
    p->stratifySector = db_column_int(pStmt, 10);
    p->stratifyStreet = db_column_int(pStmt, 11);
    p->officersPer = db_column_int(pStmt, 12);
    p->expertsPer = db_column_int(pStmt, 13);
    snprintf(s->zExpertField, sizeof s->zExpertField, "%s", db_text(pStmt, 14));
    snprintf(s->zItemCode, sizeof s->zItemCode, "%s", db_text(pStmt, 15));
    snprintf(zStatus, nStatus, "%s", db_text(pStmt, 16));
    snprintf(zPath, nPath, "%s", db_text(pStmt, 17));
  }
  db_reset(pStmt);
  if( rc!=1 ) return rc<0 ? -rc : ZF_ENOTFOUND;
  p->zName = s->zName; p->zFrom = s->zFrom; p->zTo = s->zTo;
  p->zExpertField = s->zExpertField[0] ? s->zExpertField : 0;
  p->zItemCode = s->zItemCode[0] ? s->zItemCode : 0;
  p->pSectors = json_object_get(*ppFilters, "sectors");
  p->pRegions = json_object_get(*ppFilters, "regions");
  p->pHazards = json_object_get(*ppFilters, "hazards");
  return ZF_OK;
}

/* Cancels the old draw's inspections not yet started, with the reason. */
static int draw_cancel_inspections(zf_db *pDb, const char *zActor, int64_t oldId, const char *zReason,
                          int *pCancelled){
  static const char zCancel[] =
    "UPDATE inspection SET status='cancelled', cancel_reason=?, cancelled_at=?, cancelled_by=?,"
    " updated_at=?, version=version+1 WHERE draw_id=? AND status='scheduled'";
  char zNow[24], zWhy[600];
  int rc;
  clock_now_iso(zNow);
  snprintf(zWhy, sizeof zWhy, "重新抽取：%s", zReason);
  rc = db_exec(pDb, zCancel, "ssssi", zWhy, zNow, zActor, zNow, oldId);
  *pCancelled = rc==ZF_OK ? db_changes(pDb) : 0;
  return rc;
}

/* Marks the old draw superseded by newId, revealing its seed if it was
** never drawn (anyone may then see what it would have given). */
static int draw_mark_superseded(zf_db *pDb, int64_t oldId, int64_t newId){
  static const char zMark[] =
    "UPDATE draw SET status='superseded', superseded_by=?, superseded_at=?,"
    " seed=COALESCE(seed, (SELECT lower(hex(seed)) FROM draw_secret WHERE draw_id=?)) WHERE id=?";
  char zNow[24];
  clock_now_iso(zNow);
  return db_exec(pDb, zMark, "isii", newId, zNow, oldId, oldId);
}

/* The old draw of a re-draw: exists, in scope, not superseded. */
static int draw_redraw_check(int rc, int64_t id, const zf_who *pActor, const char *zStatus,
                             const char *zPath, zf_error *e){
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "id", "抽查不存在：%lld", (long long)id);
  if( rc ) return err_set(e, rc, 0, 0);
  if( pActor && strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    return err_set(e, ZF_ESCOPE, "id", "该抽查不在您的管辖范围内");
  }
  if( strcmp(zStatus, "superseded")==0 ){
    return err_set(e, ZF_ECONFLICT, "status", "该抽查已被重新抽取，请在最新的抽查上操作");
  }
  return ZF_OK;
}

int draw_redraw(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason, int64_t *pNewId,
                zf_error *e){
  const char *zActor = pActor ? pActor->zUsername : "cli";
  draw_new nu = {0};
  draw_spec old, s;
  json_t *pFilters = 0;
  char zStatus[16] = "", zPath[128] = "";
  int rc = text_check(zReason, 2, 200, "reason", "重新抽取原因", e), nCancelled = 0;
  if( rc ) return rc;
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = draw_params_of(pDb, id, &nu, &old, &pFilters, zStatus, sizeof zStatus, zPath, sizeof zPath);
  rc = draw_redraw_check(rc, id, pActor, zStatus, zPath, e);
  /* cancel first: the old draw's inspections must not keep their
  ** enterprises out of the new pool */
  if( rc==ZF_OK ) rc = draw_cancel_inspections(pDb, zActor, id, zReason, &nCancelled);
  if( rc==ZF_OK ) rc = draw_spec_resolve(pDb, 0, &nu, &s, e);
  if( rc==ZF_OK ) rc = draw_freeze(pDb, zActor, &s, &nu, id, zReason, pNewId, e);
  if( rc==ZF_OK ) rc = draw_mark_superseded(pDb, id, *pNewId);
  if( rc==ZF_OK ){
    json_t *pA = json_pack("{s:I,s:s,s:i}", "new_draw_id", (json_int_t)*pNewId, "reason", zReason,
                           "inspections_cancelled", nCancelled);
    char zId[24];
    snprintf(zId, sizeof zId, "%lld", (long long)id);
    rc = audit_append(pDb, zActor, "draw.redraw", "draw", zId, s.zRegion, pA);
    json_decref(pA);
  }
  json_decref(pFilters);
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ){
    db_rollback(pDb);
    return e->rc ? e->rc : err_set(e, rc, 0, "无法重新抽取");
  }
  return ZF_OK;
}

/* ---- freezing ----------------------------------------------------------- */

/* The filters as stored: {"sectors":[…],"regions":[…],"hazards":[…]}. */
static json_t *draw_filters_json(const draw_spec *s){
  json_t *p = json_pack("{s:[],s:[],s:[]}", "sectors", "regions", "hazards");
  int i;
  for(i=0; i<s->nSector; i++) json_array_append_new(json_object_get(p, "sectors"), json_string(s->azSector[i]));
  for(i=0; i<s->nRegion; i++) json_array_append_new(json_object_get(p, "regions"), json_string(s->azRegion[i]));
  for(i=0; i<s->nHazard; i++) json_array_append_new(json_object_get(p, "hazards"), json_string(s->azHazard[i]));
  return p;
}

/* Binds v to parameter i, NULL when 0 / empty. */
static void draw_bind_opt(zf_stmt *pStmt, int i, int64_t v, const char *z){
  if( z ){ if( z[0] ) db_bind_text(pStmt, i, z, -1, DB_TRANSIENT); else db_bind_null(pStmt, i); }
  else if( v ) db_bind_int64(pStmt, i, v); else db_bind_null(pStmt, i);
}

/* Inserts the draw row. */
static int draw_insert_row(zf_db *pDb, const char *zActor, const draw_spec *s, const draw_frozen *f,
                           const char *zPoolHash, const char *zInputsHash, const char *zCommit,
                           int64_t supersedes, const char *zReason, int64_t *pId){
  static const char zSql[] =
    "INSERT INTO draw(unit_id, region, region_path, name, window_from, window_to, filters, plan_id, quota_id,"
    " sample_mode, sample_count, ratio_bp, sample_size, stratify_sector, stratify_street, officers_per,"
    " experts_per, expert_field, item_code, algorithm, pool_size, excluded_key, excluded_recent, pool_hash,"
    " inputs_hash, commitment, officer_count, officer_capacity, expert_count, exclusion_count, status,"
    " supersedes, redraw_reason, created_by, created_at)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,"
    " ?27,?28,?29,?30,'frozen',?31,?32,?33,?34)";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *pFilters = draw_filters_json(s);
  char *zFilters = json_dumps(pFilters, JSON_COMPACT), zNow[24];
  int rc;
  json_decref(pFilters);
  if( pStmt==0 || zFilters==0 ){ free(zFilters); if( pStmt ) db_reset(pStmt); return ZF_EINTERNAL; }
  clock_now_iso(zNow);
  db_bind(pStmt, "isssss", s->unitId, s->zRegion, s->zPath, s->zName, s->zFrom, s->zTo);
  db_bind_text(pStmt, 7, zFilters, -1, DB_TRANSIENT);
  draw_bind_opt(pStmt, 8, s->planId, 0);
  draw_bind_opt(pStmt, 9, s->quotaId, 0);
  db_bind_text(pStmt, 10, s->sampleCount ? "count" : "ratio", -1, DB_STATIC);
  draw_bind_opt(pStmt, 11, s->sampleCount, 0);
  draw_bind_opt(pStmt, 12, s->ratioBp, 0);
  db_bind_int64(pStmt, 13, f->in.par.sampleSize);
  db_bind_int(pStmt, 14, s->stratifySector ? 1 : 0);
  db_bind_int(pStmt, 15, s->stratifyStreet ? 1 : 0);
  db_bind_int(pStmt, 16, s->officersPer);
  db_bind_int(pStmt, 17, s->expertsPer);
  draw_bind_opt(pStmt, 18, 0, s->zExpertField);
  draw_bind_opt(pStmt, 19, 0, s->zItemCode);
  db_bind_text(pStmt, 20, DRAW_ALGORITHM, -1, DB_STATIC);
  db_bind_int(pStmt, 21, f->in.nPool);
  db_bind_int(pStmt, 22, f->excludedKey);
  db_bind_int(pStmt, 23, f->excludedRecent);
  db_bind_text(pStmt, 24, zPoolHash, -1, DB_TRANSIENT);
  db_bind_text(pStmt, 25, zInputsHash, -1, DB_TRANSIENT);
  db_bind_text(pStmt, 26, zCommit, -1, DB_TRANSIENT);
  db_bind_int(pStmt, 27, f->in.nOfficer);
  db_bind_int64(pStmt, 28, f->capacity);
  db_bind_int(pStmt, 29, f->in.nExpert);
  db_bind_int(pStmt, 30, f->in.nExcl);
  draw_bind_opt(pStmt, 31, supersedes, 0);
  draw_bind_opt(pStmt, 32, 0, zReason ? zReason : "");
  db_bind_text(pStmt, 33, zActor, -1, DB_TRANSIENT);
  db_bind_text(pStmt, 34, zNow, -1, DB_TRANSIENT);
  rc = db_step(pStmt);
  db_reset(pStmt);
  free(zFilters);
  if( rc<0 ) return -rc;
  *pId = db_last_id(pDb);
  return ZF_OK;
}

/* Stores the canonical inputs and the secret seed. */
static int draw_insert_inputs(zf_db *pDb, int64_t id, const draw_frozen *f, const draw_buf *pPool,
                              const unsigned char *seed){
  static const char zIn[] = "INSERT INTO draw_input(draw_id, pool, officers, experts, exclusions) VALUES(?,?,?,?,?)";
  static const char zSecret[] = "INSERT INTO draw_secret(draw_id, seed) VALUES(?,?)";
  draw_buf o = {0}, x = {0}, p = {0};
  int rc;
  draw_ser_persons(f->in.aOfficer, f->in.nOfficer, &o);
  draw_ser_persons(f->in.aExpert, f->in.nExpert, &x);
  draw_ser_pairs(f->in.aExcl, f->in.nExcl, &p);
  rc = o.oom || x.oom || p.oom ? ZF_EINTERNAL
     : db_exec(pDb, zIn, "issss", id, pPool->z, o.z ? o.z : "", x.z ? x.z : "", p.z ? p.z : "");
  if( rc==ZF_OK ) rc = db_exec(pDb, zSecret, "ib", id, seed, DRAW_SEED_BYTES);
  draw_buf_free(&o); draw_buf_free(&x); draw_buf_free(&p);
  return rc;
}

int draw_freeze(zf_db *pDb, const char *zActor, const draw_spec *s, const draw_new *pNew,
                   int64_t supersedes, const char *zReason, int64_t *pId, zf_error *e){
  draw_frozen f;
  draw_buf pool = {0};
  unsigned char seed[DRAW_SEED_BYTES];
  char zPoolHash[65], zInputsHash[65], zCommit[65], zId[24];
  int rc = draw_build(pDb, s, &f, e);
  (void)pNew;
  if( rc ){ draw_frozen_free(&f); return rc; }
  randombytes_buf(seed, sizeof seed);
  draw_sha256_hex(seed, sizeof seed, zCommit);
  draw_ser_pool(&f.in, &pool);
  draw_sha256_hex(pool.z, pool.n, zPoolHash);
  draw_inputs_hash(&f.in, zInputsHash);
  rc = pool.oom ? ZF_EINTERNAL
     : draw_insert_row(pDb, zActor, s, &f, zPoolHash, zInputsHash, zCommit, supersedes, zReason, pId);
  if( rc==ZF_OK ) rc = draw_insert_inputs(pDb, *pId, &f, &pool, seed);
  sodium_memzero(seed, sizeof seed);
  if( rc==ZF_OK ){
    json_t *pA = json_pack("{s:s,s:s,s:s,s:i,s:I,s:i,s:i,s:i,s:s,s:s,s:s}", "name", s->zName,
      "window_from", s->zFrom, "window_to", s->zTo, "pool_size", f.in.nPool,
      "sample_size", (json_int_t)f.in.par.sampleSize, "officers", f.in.nOfficer, "experts", f.in.nExpert,
      "exclusions", f.in.nExcl, "pool_hash", zPoolHash, "inputs_hash", zInputsHash, "commitment", zCommit);
    if( supersedes ) json_object_set_new(pA, "supersedes", json_integer(supersedes));
    snprintf(zId, sizeof zId, "%lld", (long long)*pId);
    rc = audit_append(pDb, zActor, "draw.freeze", "draw", zId, s->zRegion, pA);
    json_decref(pA);
  }
  draw_buf_free(&pool);
  draw_frozen_free(&f);
  return rc ? err_set(e, rc, 0, "无法保存抽查") : ZF_OK;
}
