/*
** draw_run.c — drawing a frozen draw (run the algorithm, re-check the
** officers, create the inspections, reveal the seed, publish), the DRAW
** JSON and the published document, the demo draws and `zhifa draw verify`.
** Freezing and re-draws are in draw.c, the algorithm in draw_algo.c.
** Plan clauses 14, 15; see draw.h.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "draw.h"
#include "draw_int.h"
#include "inspection.h"
#include "org.h"
#include "rules.h"
#include "staff.h"

/* Result rows in DRAW JSON (the document has them all). */
#define DRAW_JSON_ROWS 1000

/* What drawing needs of the draw row. */
typedef struct draw_row {
  char zStatus[16], zPath[128], zRegion[16], zFrom[11], zTo[11], zItem[44], zName[404];
  int64_t unitId, planId;
} draw_row;

/* Loads the row, the frozen inputs and the secret seed of draw id. */
static int draw_load(zf_db *pDb, int64_t id, draw_row *w, draw_input *in, zf_error *e){
  static const char zSql[] =
    "SELECT d.status, d.region_path, d.region, d.window_from, d.window_to, COALESCE(d.item_code,''),"
    " d.unit_id, COALESCE(d.plan_id,0), d.sample_size, d.stratify_sector, d.stratify_street, d.officers_per,"
    " d.experts_per, i.pool, i.officers, i.experts, i.exclusions, s.seed, d.name"
    " FROM draw d JOIN draw_input i ON i.draw_id=d.id JOIN draw_secret s ON s.draw_id=d.id WHERE d.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc, bad = 0;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( (rc = db_step(pStmt))==1 ){
    snprintf(w->zStatus, sizeof w->zStatus, "%s", db_text(pStmt, 0));
    snprintf(w->zPath, sizeof w->zPath, "%s", db_text(pStmt, 1));
    snprintf(w->zRegion, sizeof w->zRegion, "%s", db_text(pStmt, 2));
    snprintf(w->zFrom, sizeof w->zFrom, "%s", db_text(pStmt, 3));
    snprintf(w->zTo, sizeof w->zTo, "%s", db_text(pStmt, 4));
    snprintf(w->zItem, sizeof w->zItem, "%s", db_text(pStmt, 5));
    snprintf(w->zName, sizeof w->zName, "%s", db_text(pStmt, 18));
    w->unitId = db_column_int64(pStmt, 6);
    w->planId = db_column_int64(pStmt, 7);
    in->par.sampleSize = db_column_int64(pStmt, 8);
    in->par.stratifySector = db_column_int(pStmt, 9);
    in->par.stratifyStreet = db_column_int(pStmt, 10);
    in->par.officersPer = db_column_int(pStmt, 11);
    in->par.expertsPer = db_column_int(pStmt, 12);
    bad = draw_parse_pool(db_text(pStmt, 13), in)
       || draw_parse_persons(db_text(pStmt, 14), &in->aOfficer, &in->nOfficer)
       || draw_parse_persons(db_text(pStmt, 15), &in->aExpert, &in->nExpert)
       || draw_parse_pairs(db_text(pStmt, 16), &in->aExcl, &in->nExcl)
       || db_column_bytes(pStmt, 17)!=DRAW_SEED_BYTES;
    if( !bad ){ memcpy(in->seed, db_column_blob(pStmt, 17), DRAW_SEED_BYTES); in->hasSeed = 1; }
  }
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  if( rc==0 ) return err_set(e, ZF_ENOTFOUND, "id", "抽查不存在：%lld", (long long)id);
  if( bad ) return err_set(e, ZF_EINTERNAL, 0, "抽查 %lld 的冻结数据无法读取", (long long)id);
  return ZF_OK;
}

/* Name and credit code of an enterprise, for messages. */
static void draw_enterprise_label(zf_db *pDb, int64_t id, char *zOut, size_t n){
  static const char zSql[] = "SELECT name, uscc FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  snprintf(zOut, n, "企业 %lld", (long long)id);
  if( pStmt==0 ) return;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) snprintf(zOut, n, "“%s”（%s）", db_text(pStmt, 0), db_text(pStmt, 1));
  db_reset(pStmt);
}

/* The refusal when the algorithm could not staff an enterprise. */
static int draw_fail_message(zf_db *pDb, const draw_result *r, int k, int m, zf_error *e){
  char zEnt[400];
  draw_enterprise_label(pDb, r->failEnt, zEnt, sizeof zEnt);
  return err_set(e, ZF_EPROCEDURE, r->failExpert ? "experts_per_enterprise" : "officers_per_enterprise",
    "%s无法配齐%s：%s库 %d 名中，须回避或上次检查过该企业的 %d 名，本期工作量已满 %d 名，可用 %d 名，"
    "每户需 %d 名。本次抽取未保存；请调整参数后重新抽取（说明原因）", zEnt,
    r->failExpert ? "专家" : "执法人员", r->failExpert ? "专家" : "执法人员", r->failPool, r->failExcluded,
    r->failFull, r->failAvail, r->failExpert ? m : k);
}

typedef struct draw_rowref { int64_t ent; int row; } draw_rowref;

static int draw_rowref_cmp(const void *a, const void *b){
  const draw_rowref *x = a, *y = b;
  return (x->ent > y->ent) - (x->ent < y->ent);
}

/* Row of enterprise ent in the sorted references, or -1. */
static int draw_row_of(const draw_rowref *a, int n, int64_t ent){
  int lo = 0, hi = n - 1;
  while( lo<=hi ){
    int mid = lo + (hi - lo)/2;
    if( a[mid].ent==ent ) return a[mid].row;
    if( a[mid].ent<ent ) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/* Officers of the pool still eligible on both window ends. */
static int draw_recheck_officers(zf_db *pDb, const draw_row *w, const draw_input *in, zf_error *e){
  int i;
  for(i=0; i<in->nOfficer; i++){
    zf_error e2 = {0};
    int x = staff_may_enforce(pDb, in->aOfficer[i].id, w->zFrom, w->zItem[0] ? w->zItem : 0, 0, &e2);
    if( x==ZF_OK ) x = staff_may_enforce(pDb, in->aOfficer[i].id, w->zTo, w->zItem[0] ? w->zItem : 0, 0, &e2);
    if( x ) return err_set(e, ZF_EPROCEDURE, "officers", "冻结后情况有变：%s。本次抽取未保存，请重新抽取（说明原因）", e2.message);
  }
  return ZF_OK;
}

/* Between freeze and draw things may change: every officer of the pool
** must still be eligible on both window ends, and no conflict in force may
** touch an assigned pair. (Closed enterprises: draw_closed_check.) */
static int draw_recheck(zf_db *pDb, const draw_row *w, const draw_input *in, const draw_result *r,
                        zf_error *e){
  static const char zConflict[] =
    "SELECT person_id, enterprise_id FROM conflict WHERE voided_at IS NULL AND valid_from<=?1"
    " AND (valid_to IS NULL OR valid_to>=?2)";
  draw_rowref *aRef = malloc(sizeof *aRef * (size_t)(r->n ? r->n : 1));
  zf_stmt *pStmt;
  int i, j, rc = draw_recheck_officers(pDb, w, in, e);
  char zEnt[400];
  if( aRef==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  for(i=0; i<r->n; i++){ aRef[i].ent = r->aEnt[i]; aRef[i].row = i; }
  qsort(aRef, (size_t)r->n, sizeof *aRef, draw_rowref_cmp);
  if( rc==ZF_OK && (pStmt = db_stmt(pDb, zConflict))!=0 ){
    db_bind(pStmt, "ss", w->zTo, w->zFrom);
    while( rc==ZF_OK && db_step(pStmt)==1 ){
      int64_t person = db_column_int64(pStmt, 0), ent = db_column_int64(pStmt, 1);
      int row = draw_row_of(aRef, r->n, ent);
      for(j=0; row>=0 && j<r->k + r->m; j++){
        int64_t x = j<r->k ? r->aOfficer[(size_t)row*r->k + j] : r->aExpert[(size_t)row*r->m + j - r->k];
        if( x!=person ) continue;
        draw_enterprise_label(pDb, ent, zEnt, sizeof zEnt);
        rc = err_set(e, ZF_EPROCEDURE, "officers", "冻结后登记了人员 %lld 与%s的利害关系（回避），"
                     "本次抽取未保存，请重新抽取（说明原因）", (long long)person, zEnt);
        break;
      }
    }
    db_reset(pStmt);
  }
  free(aRef);
  return rc;
}

/* Region path of township code zRegion, cached in the small table a. */
typedef struct draw_path { char zRegion[16], zPath[128]; } draw_path;

static const char *draw_path_of(zf_db *pDb, draw_path *a, int *pn, int nMax, const char *zRegion){
  static const char zSql[] = "SELECT path FROM region WHERE code=?";
  zf_stmt *pStmt;
  int i;
  for(i=0; i<*pn; i++) if( strcmp(a[i].zRegion, zRegion)==0 ) return a[i].zPath;
  if( *pn==nMax || (pStmt = db_stmt(pDb, zSql))==0 ) return 0;
  db_bind(pStmt, "s", zRegion);
  if( db_step(pStmt)!=1 ){ db_reset(pStmt); return 0; }
  snprintf(a[*pn].zRegion, sizeof a[*pn].zRegion, "%s", zRegion);
  snprintf(a[*pn].zPath, sizeof a[*pn].zPath, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return a[(*pn)++].zPath;
}

/* Index of enterprise id in the pool (sorted), or -1. */
static int draw_pool_pos(const draw_input *p, int64_t id){
  int lo = 0, hi = p->nPool - 1;
  while( lo<=hi ){
    int mid = lo + (hi - lo)/2;
    if( p->aPool[mid].id==id ) return mid;
    if( p->aPool[mid].id<id ) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/*
** The scheduled inspections of the result, one prepared-statement loop:
** the same rows as inspection_insert_tx() writes (type random, status
** scheduled, draw_id and plan_id set, officers and experts in
** inspection_person), without its per-row lookup of the enterprise's
** region path (the frozen pool has the township; its path is cached).
** Every constraint was checked by the freeze, the algorithm and
** draw_recheck(). *pFirst gets the first inspection id.
*/
static int draw_insert_inspections(zf_db *pDb, const char *zActor, int64_t id, const draw_row *w,
                                   const draw_input *in, const draw_result *r, int64_t *pFirst){
  static const char zIns[] =
    "INSERT INTO inspection(enterprise_id, unit_id, region_path, type, status, window_from, window_to,"
    " departments, note, created_by, created_at, updated_at, plan_id, draw_id)"
    " VALUES(?1,?2,?3,'random','scheduled',?4,?5,'','',?6,?7,?7,?8,?9)";
  static const char zPerson[] = "INSERT INTO inspection_person(inspection_id, person_id, role) VALUES(?,?,?)";
  draw_path aPath[64];
  char zNow[24];
  int nPath = 0, t, j, rc = ZF_OK;
  zf_stmt *pIns = db_stmt(pDb, zIns), *pPerson = db_stmt(pDb, zPerson);
  draw_rowref *aRef = malloc(sizeof *aRef * (size_t)(r->n ? r->n : 1));
  if( pIns==0 || pPerson==0 || aRef==0 ){ free(aRef); return ZF_EINTERNAL; }
  /* in enterprise order: the enterprise index is then appended to, not
  ** written all over (the result rows find their inspection by enterprise) */
  for(t=0; t<r->n; t++){ aRef[t].ent = r->aEnt[t]; aRef[t].row = t; }
  qsort(aRef, (size_t)r->n, sizeof *aRef, draw_rowref_cmp);
  clock_now_iso(zNow);
  *pFirst = 0;
  for(t=0; t<r->n && rc==ZF_OK; t++){
    int i = aRef[t].row, pos = draw_pool_pos(in, r->aEnt[i]);
    const char *zPath = pos<0 ? 0 : draw_path_of(pDb, aPath, &nPath, 64, in->aPool[pos].zRegion);
    int64_t insId;
    if( zPath==0 ){ rc = ZF_EINTERNAL; break; }
    db_bind(pIns, "iisssss", r->aEnt[i], w->unitId, zPath, w->zFrom, w->zTo, zActor, zNow);
    if( w->planId ) db_bind_int64(pIns, 8, w->planId); else db_bind_null(pIns, 8);
    db_bind_int64(pIns, 9, id);
    rc = db_step(pIns);
    db_reset(pIns);
    if( rc<0 ){ rc = -rc; break; }
    rc = ZF_OK;
    insId = db_last_id(pDb);
    if( t==0 ) *pFirst = insId;
    for(j=0; j<r->k + r->m && rc==ZF_OK; j++){
      int isOfficer = j<r->k;
      db_bind(pPerson, "iis", insId, isOfficer ? r->aOfficer[(size_t)i*r->k + j] : r->aExpert[(size_t)i*r->m + j - r->k],
              isOfficer ? "officer" : "expert");
      rc = db_step(pPerson);
      db_reset(pPerson);
      rc = rc<0 ? -rc : ZF_OK;
    }
  }
  free(aRef);
  return rc;
}

/* After the inserts, inside the transaction: no drawn enterprise may have
** been closed or suspended since the freeze (one join over the draw's
** inspections instead of a scan of the ledger). */
static int draw_closed_check(zf_db *pDb, int64_t id, zf_error *e){
  static const char zSql[] =
    "SELECT e.id FROM inspection i JOIN enterprise e ON e.id=i.enterprise_id"
    " WHERE i.draw_id=? AND e.status<>'active' LIMIT 1";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int64_t closed = 0;
  char zEnt[400];
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) closed = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( closed==0 ) return ZF_OK;
  draw_enterprise_label(pDb, closed, zEnt, sizeof zEnt);
  return err_set(e, ZF_EPROCEDURE, "pool", "冻结后%s已停业或注销，本次抽取未保存，请重新抽取（说明原因）", zEnt);
}

/* Creates the inspections (one prepared loop), stores the result, reveals
** the seed, publishes. Inside the caller's transaction. */
static int draw_write(zf_db *pDb, const char *zActor, int64_t id, const draw_row *w, const draw_input *in,
                      const draw_result *r, zf_error *e){
  static const char zUpd[] =
    "UPDATE draw SET status='published', seed=?, result_hash=?, publish_due=?, drawn_at=?, drawn_by=?"
    " WHERE id=? AND status='frozen'";
  static const char zOut[] = "INSERT INTO draw_output(draw_id, result) VALUES(?,?)";
  draw_buf res = {0};
  char zSeed[65], zHash[65], zDue[11] = "", zNow[24], zId[24];
  int64_t first = 0;
  int rc = ZF_OK, provisional = 0;
  rc = draw_insert_inspections(pDb, zActor, id, w, in, r, &first);
  if( rc ) return err_set(e, rc, 0, "无法保存抽查结果");
  if( (rc = draw_closed_check(pDb, id, e))!=0 ) return rc;
  if( (rc = rules_deadline(pDb, "publicity.draw_workdays", w->zTo, 0, zDue, &provisional, e))!=0 ) return rc;
  draw_ser_result(r, &res);
  if( res.oom ){ draw_buf_free(&res); return err_set(e, ZF_EINTERNAL, 0, 0); }
  draw_sha256_hex(res.z, res.n, zHash);
  sodium_bin2hex(zSeed, sizeof zSeed, in->seed, DRAW_SEED_BYTES);
  clock_now_iso(zNow);
  rc = db_exec(pDb, zUpd, "sssssi", zSeed, zHash, zDue, zNow, zActor, id);
  if( rc==ZF_OK && db_changes(pDb)!=1 ) rc = ZF_ECONFLICT;
  if( rc==ZF_OK ) rc = db_exec(pDb, zOut, "is", id, res.z);
  draw_buf_free(&res);
  if( rc==ZF_OK ){
    json_t *pA = json_pack("{s:i,s:s,s:s,s:s,s:I}", "rows", r->n, "seed", zSeed, "result_hash", zHash,
                           "publish_due", zDue, "first_inspection_id", (json_int_t)first);
    snprintf(zId, sizeof zId, "%lld", (long long)id);
    rc = audit_append(pDb, zActor, "draw.run", "draw", zId, w->zRegion, pA);
    json_decref(pA);
  }
  return rc ? err_set(e, rc, 0, "无法保存抽查结果") : ZF_OK;
}

int draw_run(zf_db *pDb, const zf_who *pActor, int64_t id, zf_error *e){
  const char *zActor = pActor ? pActor->zUsername : "cli";
  draw_input in;
  draw_result r;
  draw_row w;
  int rc;
  memset(&in, 0, sizeof in);
  memset(&r, 0, sizeof r);
  if( (rc = db_begin(pDb))!=0 ) return err_set(e, rc, 0, 0);
  rc = draw_load(pDb, id, &w, &in, e);
  if( rc==ZF_OK && pActor && strncmp(w.zPath, pActor->zScopePath, strlen(pActor->zScopePath))!=0 ){
    rc = err_set(e, ZF_ESCOPE, "id", "该抽查不在您的管辖范围内");
  }
  if( rc==ZF_OK && strcmp(w.zStatus, "frozen")!=0 ){
    rc = err_set(e, ZF_ECONFLICT, "status", strcmp(w.zStatus, "published")==0
                 ? "该抽查已经抽取并公布，不能再次抽取；如需重抽，请“重新抽取”并说明原因"
                 : "该抽查已被重新抽取，不能再抽取");
  }
  if( rc==ZF_OK ){
    zf_error e2 = {0};
    rc = draw_algo_run(&in, &r, &e2);
    if( rc==ZF_EPROCEDURE ) draw_fail_message(pDb, &r, in.par.officersPer, in.par.expertsPer, e);
    else if( rc ) err_set(e, rc, 0, "抽取失败：%s", e2.message);
  }
  if( rc==ZF_OK ) rc = draw_recheck(pDb, &w, &in, &r, e);
  if( rc==ZF_OK && r.n>2000 ) db_bulk(pDb, 256);     /* ~n inspections and 2n people in one transaction */
  if( rc==ZF_OK ) rc = draw_write(pDb, zActor, id, &w, &in, &r, e);
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ){
    db_rollback(pDb);
    if( e->rc==0 ) err_set(e, rc, 0, 0);
  }
  if( r.n>2000 ) db_bulk(pDb, 0);
  draw_result_free(&r);
  draw_input_free(&in);
  return rc ? e->rc : ZF_OK;
}

/* ---- JSON and the published document --------------------------------- */

#define DRAW_COLS "d.id, d.unit_id, u.name, d.region, d.name, d.window_from, d.window_to, d.plan_id, d.quota_id," \
  " d.sample_mode, d.sample_count, d.ratio_bp, d.sample_size, d.stratify_sector, d.stratify_street," \
  " d.officers_per, d.experts_per, d.expert_field, d.item_code, d.algorithm, d.pool_size, d.excluded_key," \
  " d.excluded_recent, d.pool_hash, d.inputs_hash, d.commitment, d.officer_count, d.officer_capacity," \
  " d.expert_count, d.exclusion_count, d.status, d.seed, d.result_hash, d.publish_due, d.drawn_at," \
  " d.drawn_by, d.supersedes, d.redraw_reason, d.superseded_by, d.superseded_at, d.created_by, d.created_at," \
  " d.filters"
#define DRAW_NAMES "id,unit_id,unit_name,region,name,window_from,window_to,plan_id,quota_id,sample_mode," \
  "sample_count,ratio_bp,sample_size,?stratify_sector,?stratify_street,officers_per_enterprise," \
  "experts_per_enterprise,expert_field,item_code,algorithm,pool_size,excluded_key,excluded_recent,pool_hash," \
  "inputs_hash,commitment,officer_count,officer_capacity,expert_count,exclusion_count,status,seed," \
  "result_hash,publish_due,drawn_at,drawn_by,supersedes,redraw_reason,superseded_by,superseded_at," \
  "created_by,created_at"

static const char *draw_status_name(const char *z){
  if( strcmp(z, "frozen")==0 ) return "已冻结（待抽取）";
  if( strcmp(z, "published")==0 ) return "已抽取并公布";
  if( strcmp(z, "superseded")==0 ) return "已重新抽取（作废）";
  return z;
}

/* The row of draw id as JSON (no inputs). */
static json_t *draw_row_json(zf_db *pDb, int64_t id){
  static const char zSql[] = "SELECT " DRAW_COLS " FROM draw d JOIN unit u ON u.id=d.unit_id WHERE d.id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    p = db_row_json(pStmt, DRAW_NAMES);
    json_object_set_new(p, "filters", json_loads(db_text(pStmt, 42), 0, 0));
    json_object_set_new(p, "status_name", json_string(draw_status_name(db_text(pStmt, 30))));
    if( db_column_type(pStmt, 11)!=DB_NULL ){
      json_object_set_new(p, "ratio_percent", json_real(db_column_int64(pStmt, 11)/100.0));
    }
  }
  db_reset(pStmt);
  return p;
}

/* {"columns":[…],"rows":[[…]]} of a person pool text. */
static json_t *draw_persons_section(const char *zText, const char *zInfo){
  draw_person *a = 0;
  int n = 0, i;
  json_t *pRows = json_array();
  draw_parse_persons(zText, &a, &n);
  for(i=0; i<n; i++){
    json_array_append_new(pRows, json_pack("[I,I,s,s]", (json_int_t)a[i].id, (json_int_t)a[i].capacity,
                                           a[i].zInfo, a[i].zName));
    free(a[i].zInfo); free(a[i].zName);
  }
  free(a);
  return json_pack("{s:[s,s,s,s],s:o}", "columns", "id", "capacity", zInfo, "name", "rows", pRows);
}

/* Name of a person of the frozen pools (by id), "" when absent. */
static const char *draw_name_in(json_t *pSec, int64_t id){
  json_t *pRows = json_object_get(pSec, "rows"), *v;
  size_t i;
  json_array_foreach(pRows, i, v){
    if( json_integer_value(json_array_get(v, 0))==id ) return json_string_value(json_array_get(v, 3));
  }
  return "";
}

/* Ids "5,9" into a JSON array of integers and one of names. */
static void draw_ids_json(const char *z, json_t *pSec, json_t *pIds, json_t *pNames){
  while( z && *z ){
    char *zEnd;
    long long v = strtoll(z, &zEnd, 10);
    if( zEnd==z ) break;
    json_array_append_new(pIds, json_integer(v));
    json_array_append_new(pNames, json_string(draw_name_in(pSec, v)));
    z = *zEnd==',' ? zEnd + 1 : zEnd;
  }
}

/* Result rows with names and the inspections they created (up to nMax). */
static json_t *draw_result_rows(zf_db *pDb, int64_t id, json_t *pOfficers, json_t *pExperts, int nMax){
  static const char zOut[] = "SELECT result FROM draw_output WHERE draw_id=?";
  static const char zIns[] = "SELECT id, status FROM inspection WHERE draw_id=? AND enterprise_id=?";
  static const char zEnt[] = "SELECT name FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zOut), *pI, *pE;
  json_t *pRows = json_array();
  char *zText = 0, *z, *zLine;
  if( pStmt==0 ) return pRows;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ) zText = strdup(db_text(pStmt, 0));
  db_reset(pStmt);
  if( zText==0 ) return pRows;
  for(z=zText; (zLine = strsep(&z, "\n"))!=0 && *zLine && (int)json_array_size(pRows)<nMax; ){
    char *azF[4] = {0, 0, 0, 0}, *c = zLine;
    int f;
    json_int_t ent;
    json_t *pO = json_array(), *pON = json_array(), *pX = json_array(), *pXN = json_array(), *pRow;
    for(f=0; f<4; f++) azF[f] = strsep(&c, "\t");
    draw_ids_json(azF[2], pOfficers, pO, pON);
    draw_ids_json(azF[3], pExperts, pX, pXN);
    ent = atoll(azF[1] ? azF[1] : "0");
    pRow = json_pack("{s:i,s:I,s:o,s:o,s:o,s:o}", "seq", atoi(azF[0] ? azF[0] : "0"),
                     "enterprise_id", ent, "officers", pO, "officer_names", pON, "experts", pX, "expert_names", pXN);
    if( (pE = db_stmt(pDb, zEnt))!=0 ){
      db_bind(pE, "i", (int64_t)ent);
      json_object_set_new(pRow, "enterprise_name", json_string(db_step(pE)==1 ? db_text(pE, 0) : ""));
      db_reset(pE);
    }
    if( (pI = db_stmt(pDb, zIns))!=0 ){
      db_bind(pI, "ii", id, (int64_t)ent);
      if( db_step(pI)==1 ){
        json_object_set_new(pRow, "inspection_id", json_integer(db_column_int64(pI, 0)));
        json_object_set_new(pRow, "inspection_status", json_string(db_text(pI, 1)));
      }
      db_reset(pI);
    }
    json_array_append_new(pRows, pRow);
  }
  free(zText);
  return pRows;
}

/* The frozen texts of draw id (NULL when absent; caller frees each). */
static int draw_texts(zf_db *pDb, int64_t id, char **azOut){
  static const char zSql[] = "SELECT pool, officers, experts, exclusions FROM draw_input WHERE draw_id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int i, found = 0;
  for(i=0; i<4; i++) azOut[i] = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    found = 1;
    for(i=0; i<4; i++) azOut[i] = strdup(db_text(pStmt, i));
  }
  db_reset(pStmt);
  return found;
}

json_t *draw_json(zf_db *pDb, int64_t id, int withPeople){
  json_t *p = draw_row_json(pDb, id), *pO, *pX;
  char *az[4];
  int i;
  if( p==0 || !withPeople ) return p;
  if( !draw_texts(pDb, id, az) ) return p;
  pO = draw_persons_section(az[1], "certificate");
  pX = draw_persons_section(az[2], "field");
  json_object_set_new(p, "result", draw_result_rows(pDb, id, pO, pX, DRAW_JSON_ROWS));
  if( json_integer_value(json_object_get(p, "sample_size"))>DRAW_JSON_ROWS && json_array_size(json_object_get(p, "result")) ){
    json_object_set_new(p, "result_truncated", json_true());   /* the document has every row */
  }
  json_object_set_new(p, "officers", pO);
  json_object_set_new(p, "experts", pX);
  for(i=0; i<4; i++) free(az[i]);
  return p;
}

/* Rows of the pool text as [[id,"uscc","sector","region"]]. */
static json_t *draw_pool_rows(const char *zText){
  draw_input in;
  json_t *pRows = json_array();
  int i;
  memset(&in, 0, sizeof in);
  if( draw_parse_pool(zText, &in)==0 ){
    for(i=0; i<in.nPool; i++){
      json_array_append_new(pRows, json_pack("[I,s,s,s]", (json_int_t)in.aPool[i].id, in.aPool[i].zUscc,
                                             in.aPool[i].zSector, in.aPool[i].zRegion));
    }
  }
  draw_input_free(&in);
  return pRows;
}

/* [[enterprise_id, person_id]] of the exclusions text. */
static json_t *draw_pair_rows(const char *zText){
  draw_pair *a = 0;
  int n = 0, i;
  json_t *pRows = json_array();
  draw_parse_pairs(zText, &a, &n);
  for(i=0; i<n; i++) json_array_append_new(pRows, json_pack("[I,I]", (json_int_t)a[i].entId, (json_int_t)a[i].personId));
  free(a);
  return pRows;
}

json_t *draw_document(zf_db *pDb, int64_t id){
  json_t *pRow = draw_row_json(pDb, id), *pDoc, *pO, *pX;
  char *az[4];
  int i;
  if( pRow==0 ) return 0;
  if( !draw_texts(pDb, id, az) ){ json_decref(pRow); return 0; }
  pO = draw_persons_section(az[1], "certificate");
  pX = draw_persons_section(az[2], "field");
  pDoc = json_pack("{s:s,s:s,s:{s:I,s:b,s:b,s:I,s:I}}", "format", "zhifa-draw-document-1",
    "algorithm", DRAW_ALGORITHM, "parameters",
    "sample_size", json_integer_value(json_object_get(pRow, "sample_size")),
    "stratify_sector", json_is_true(json_object_get(pRow, "stratify_sector")),
    "stratify_street", json_is_true(json_object_get(pRow, "stratify_street")),
    "officers_per_enterprise", json_integer_value(json_object_get(pRow, "officers_per_enterprise")),
    "experts_per_enterprise", json_integer_value(json_object_get(pRow, "experts_per_enterprise")));
  json_object_set_new(pDoc, "pool", json_pack("{s:O,s:O,s:[s,s,s,s],s:o}", "count",
    json_object_get(pRow, "pool_size"), "hash", json_object_get(pRow, "pool_hash"), "columns", "id", "uscc",
    "sector", "region", "rows", draw_pool_rows(az[0])));
  json_object_set_new(pDoc, "exclusions", json_pack("{s:[s,s],s:o}", "columns", "enterprise_id", "person_id",
                                                    "rows", draw_pair_rows(az[3])));
  json_object_set(pDoc, "inputs_hash", json_object_get(pRow, "inputs_hash"));
  json_object_set(pDoc, "commitment", json_object_get(pRow, "commitment"));
  json_object_set(pDoc, "seed", json_object_get(pRow, "seed"));
  json_object_set_new(pDoc, "result", json_pack("{s:O,s:o}", "hash", json_object_get(pRow, "result_hash"),
                      "rows", draw_result_rows(pDb, id, pO, pX, 0x7fffffff)));
  json_object_set_new(pDoc, "officers", pO);
  json_object_set_new(pDoc, "experts", pX);
  json_object_del(pRow, "inputs_hash");
  json_object_set_new(pDoc, "draw", pRow);
  for(i=0; i<4; i++) free(az[i]);
  return pDoc;
}

int draw_region_path(zf_db *pDb, int64_t id, char *zPath, size_t n){
  static const char zSql[] = "SELECT region_path FROM draw WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zPath, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* ---- demo and the command line ----------------------------------------- */

/* One demo draw: create, freeze and draw; *pId gets its id. */
static int draw_demo_one(zf_db *pDb, int64_t unitId, const char *zName, const char *zSector,
                         int64_t count, const char *zFrom, const char *zTo, int64_t *pId, zf_error *e){
  draw_new nu;
  json_t *pSectors = json_pack("[s]", zSector);
  int rc;
  memset(&nu, 0, sizeof nu);
  nu.zName = zName;
  nu.unitId = unitId;
  nu.zFrom = zFrom; nu.zTo = zTo;
  nu.pSectors = pSectors;
  nu.sampleCount = count;
  nu.stratifyStreet = 1;
  rc = draw_create(pDb, 0, &nu, pId, e);
  json_decref(pSectors);
  return rc ? rc : draw_run(pDb, 0, *pId, e);
}

int draw_demo(zf_db *pDb, int scale, zf_error *e){
  static const char zUnit[] = "SELECT id FROM unit WHERE name='青云谱区应急管理综合行政执法大队'";
  zf_stmt *pStmt = db_stmt(pDb, zUnit);
  char zToday[11], zFrom[11], zTo[11], zName[128];
  int64_t unitId = 0, id, chemId, newId;
  int rc;
  (void)scale;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( db_step(pStmt)==1 ) unitId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( unitId==0 ) return ZF_OK;
  calendar_today(zToday);
  calendar_days_add(zToday, 7, zFrom, 0);
  calendar_days_add(zToday, 30, zTo, 0);
  snprintf(zName, sizeof zName, "%.4s年%.2s月工贸行业双随机抽查", zFrom, zFrom + 5);
  rc = draw_demo_one(pDb, unitId, zName, "trade", 30, zFrom, zTo, &id, e);
  snprintf(zName, sizeof zName, "%.4s年%.2s月危险化学品双随机抽查", zFrom, zFrom + 5);
  if( rc==ZF_OK ) rc = draw_demo_one(pDb, unitId, zName, "chem", 5, zFrom, zTo, &chemId, e);
  if( rc==ZF_OK ) rc = draw_redraw(pDb, 0, chemId, "抽中企业名单与区级危化品专项检查重复，经大队会议研究重新抽取（演示）",
                                   &newId, e);
  if( rc==ZF_OK ) rc = draw_run(pDb, 0, newId, e);
  return rc;
}

int draw_verify_file(const char *zPath){
  json_error_t je;
  json_t *pDoc = json_load_file(zPath, 0, &je);
  char zWhy[1024];
  int rc;
  if( pDoc==0 ){
    fprintf(stderr, "zhifa: cannot read %s: %s (line %d)\n", zPath, je.text, je.line);
    return 2;
  }
  rc = draw_verify_document(pDoc, zWhy, sizeof zWhy);
  json_decref(pDoc);
  if( rc==ZF_OK ){ printf("%s\n", zWhy); return 0; }
  if( rc==ZF_EINVAL ){ fprintf(stderr, "zhifa: %s is not a readable draw document: %s\n", zPath, zWhy); return 2; }
  printf("MISMATCH: %s\n", zWhy);
  return 1;
}
