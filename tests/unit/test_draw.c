/*
** test_draw.c — double-random draws: the algorithm against a fixed vector
** computed by the independent JavaScript port (web/src/views/draw/
** drawAlgo.js, run once under node); the constraints over many seeds
** (never an excluded officer, never over capacity, always k distinct
** officers); determinism; the batched last-inspector query equal to
** inspection_last_officers(); freeze → draw on the demo district (no
** invalid certificate, conflict or last inspector, ≥ draw.min_officers,
** commitment and hashes right, inspections created); the refusals with
** their numbers and nothing saved; immutability; re-draw keeps the old
** draw; document verification and tampering.
** Demo people (src/staff_demo.c): 6 李明, 8 刘芳 valid; 10 吴涛 certificate
** expired; 19 高翔 suspended; unit 2 is the brigade.
*/
#include "testutil.h"
#include "core/calendar.h"
#include <stdlib.h>
#include "core/auth.h"
#include "draw.h"
#include "draw_int.h"
#include "inspection.h"
#include "org.h"
#include "staff.h"

/* ---- the pure algorithm ------------------------------------------------- */

static char *dup(const char *z){ return strdup(z); }

/* The fixed input of the vector below (same as /tmp/fixed.mjs in the
** commit that added this test: 40 enterprises, 7 officers, 3 experts). */
static void fixed_input(draw_input *p){
  static const char *const azSector[3] = {"chem", "trade.light", "trade.machinery"};
  static const char *const azRegion[2] = {"360104002", "360104006"};
  static const int64_t aOff[7][2] = {{101,3},{102,1},{103,2},{104,5},{105,0},{106,4},{107,6}};
  static const int64_t aExp[3][2] = {{201,4},{202,2},{203,3}};
  static const int64_t aExcl[9][2] = {{3,101},{3,104},{9,106},{9,107},{12,201},{30,102},{30,103},{30,104},{60,101}};
  char z[32];
  int i;
  memset(p, 0, sizeof *p);
  p->aPool = calloc(40, sizeof *p->aPool);
  for(i=1; i<=40; i++){
    draw_ent *x = &p->aPool[i-1];
    x->id = i*3;
    snprintf(z, sizeof z, "U%017d", i);
    x->zUscc = dup(z); x->zSector = dup(azSector[i%3]); x->zRegion = dup(azRegion[(i>>1)%2]);
  }
  p->nPool = 40;
  p->aOfficer = calloc(7, sizeof *p->aOfficer);
  for(i=0; i<7; i++){
    p->aOfficer[i].id = aOff[i][0]; p->aOfficer[i].capacity = aOff[i][1];
    snprintf(z, sizeof z, "C%d", i+1); p->aOfficer[i].zInfo = dup(z);
    snprintf(z, sizeof z, "%c", 'A'+i); p->aOfficer[i].zName = dup(z);
  }
  p->nOfficer = 7;
  p->aExpert = calloc(3, sizeof *p->aExpert);
  for(i=0; i<3; i++){
    p->aExpert[i].id = aExp[i][0]; p->aExpert[i].capacity = aExp[i][1];
    p->aExpert[i].zInfo = dup("F"); p->aExpert[i].zName = dup(i==0 ? "X" : i==1 ? "Y" : "Z");
  }
  p->nExpert = 3;
  p->aExcl = calloc(9, sizeof *p->aExcl);
  for(i=0; i<9; i++){ p->aExcl[i].entId = aExcl[i][0]; p->aExcl[i].personId = aExcl[i][1]; }
  p->nExcl = 9;
  for(i=0; i<32; i++) p->seed[i] = (unsigned char)i;
  p->hasSeed = 1;
  p->par.sampleSize = 7; p->par.stratifySector = 1; p->par.stratifyStreet = 1;
  p->par.officersPer = 2; p->par.expertsPer = 1;
}

/* Expected output computed by the JavaScript port, not by this C code. */
static void test_fixed_vector(void **state){
  static const int64_t aWant[7][4] = {
    {72,101,104,201}, {45,104,106,203}, {84,104,107,202}, {120,101,107,203},
    {30,106,107,201}, {24,101,104,201}, {105,102,107,203},
  };
  static const int64_t aWant2[10][3] = {
    {96,104,107}, {48,103,104}, {66,104,107}, {78,101,106}, {72,106,107},
    {12,104,107}, {84,101,102}, {81,101,107}, {105,104,106}, {3,103,106},
  };
  draw_input in;
  draw_result r;
  draw_buf b = {0};
  zf_error e = {0};
  char zHex[65];
  int i;
  (void)state;
  fixed_input(&in);
  draw_ser_pool(&in, &b);
  draw_sha256_hex(b.z, b.n, zHex);
  assert_string_equal(zHex, "a0ea0170a0e4b7b0ee8f83d90b95fb5969643265a596420bff92e57e9dbc8522");
  draw_buf_free(&b);
  assert_int_equal(draw_algo_run(&in, &r, &e), ZF_OK);
  assert_int_equal(r.n, 7);
  for(i=0; i<7; i++){
    assert_int_equal(r.aEnt[i], aWant[i][0]);
    assert_int_equal(r.aOfficer[2*i], aWant[i][1]);
    assert_int_equal(r.aOfficer[2*i+1], aWant[i][2]);
    assert_int_equal(r.aExpert[i], aWant[i][3]);
  }
  draw_ser_result(&r, &b);
  draw_sha256_hex(b.z, b.n, zHex);
  assert_string_equal(zHex, "ff6ba7a7dd9f0c7edd952c18a045e40c9e4fcbfa0384b1ca59021f79dc8b2a41");
  draw_buf_free(&b);
  draw_result_free(&r);
  /* unstratified, 10 of 40, no experts: every capacity but one is used */
  in.par.stratifySector = in.par.stratifyStreet = 0;
  in.par.sampleSize = 10; in.par.expertsPer = 0;
  assert_int_equal(draw_algo_run(&in, &r, &e), ZF_OK);
  for(i=0; i<10; i++){
    assert_int_equal(r.aEnt[i], aWant2[i][0]);
    assert_int_equal(r.aOfficer[2*i], aWant2[i][1]);
    assert_int_equal(r.aOfficer[2*i+1], aWant2[i][2]);
  }
  draw_result_free(&r);
  /* one more needs more than the capacity: refused, naming an enterprise */
  in.par.sampleSize = 11;
  assert_int_equal(draw_algo_run(&in, &r, &e), ZF_EPROCEDURE);
  assert_true(r.failEnt>0);
  assert_int_equal(r.failNeed, 2);
  draw_result_free(&r);
  draw_input_free(&in);
}

/* 1 when (ent, person) is an exclusion pair of p. */
static int excluded(const draw_input *p, int64_t ent, int64_t person){
  int i;
  for(i=0; i<p->nExcl; i++) if( p->aExcl[i].entId==ent && p->aExcl[i].personId==person ) return 1;
  return 0;
}

/* A random input from a libsodium-seeded stream (for the property test). */
static void random_input(draw_input *p, uint32_t salt){
  int i, j;
  memset(p, 0, sizeof *p);
  p->nPool = 60 + (int)(salt % 90);
  p->aPool = calloc((size_t)p->nPool, sizeof *p->aPool);
  for(i=0; i<p->nPool; i++){
    char z[24];
    p->aPool[i].id = 10 + i*2;
    snprintf(z, sizeof z, "U%d", i);
    p->aPool[i].zUscc = dup(z);
    p->aPool[i].zSector = dup(i%4==0 ? "chem" : i%4==1 ? "trade.light" : "trade.building");
    p->aPool[i].zRegion = dup(i%3==0 ? "360104002" : "360104006");
  }
  p->nOfficer = 6 + (int)(salt % 7);
  p->aOfficer = calloc((size_t)p->nOfficer, sizeof *p->aOfficer);
  for(i=0; i<p->nOfficer; i++){
    p->aOfficer[i].id = 100 + i;
    p->aOfficer[i].capacity = 4 + (int)randombytes_uniform(12);
    p->aOfficer[i].zInfo = dup("C"); p->aOfficer[i].zName = dup("N");
  }
  p->aExcl = calloc((size_t)p->nPool * 3, sizeof *p->aExcl);
  for(i=0; i<p->nPool; i++){
    for(j=0; j<p->nOfficer; j++){
      if( randombytes_uniform(10)==0 ){
        p->aExcl[p->nExcl].entId = p->aPool[i].id;
        p->aExcl[p->nExcl].personId = p->aOfficer[j].id;
        if( ++p->nExcl==p->nPool*3 ) break;
      }
    }
    if( p->nExcl==p->nPool*3 ) break;
  }
  p->par.sampleSize = 5 + (int)randombytes_uniform(20);
  p->par.officersPer = 2;
  p->par.stratifySector = salt & 1;
  p->par.stratifyStreet = (salt >> 1) & 1;
  randombytes_buf(p->seed, sizeof p->seed);
  p->hasSeed = 1;
}

/* Over many seeds: k distinct officers per enterprise, none excluded,
** nobody over capacity, enterprises distinct and from the pool; the same
** input gives the same output. */
static void test_constraints_many_seeds(void **state){
  int round, nFail = 0;
  (void)state;
  for(round=0; round<400; round++){
    draw_input in;
    draw_result r, r2;
    zf_error e = {0};
    int i, j, t, rc;
    random_input(&in, (uint32_t)round);
    rc = draw_algo_run(&in, &r, &e);
    if( rc==ZF_EPROCEDURE ){ nFail++; draw_result_free(&r); draw_input_free(&in); continue; }
    assert_int_equal(rc, ZF_OK);
    for(i=0; i<r.n; i++){
      for(t=0; t<i; t++) assert_true(r.aEnt[t]!=r.aEnt[i]);
      for(j=0; j<2; j++){
        int64_t o = r.aOfficer[2*i+j];
        assert_false(excluded(&in, r.aEnt[i], o));
        assert_true(o>=100 && o<100+in.nOfficer);
      }
      assert_true(r.aOfficer[2*i] < r.aOfficer[2*i+1]);
    }
    for(j=0; j<in.nOfficer; j++){
      int used = 0;
      for(i=0; i<2*r.n; i++) used += r.aOfficer[i]==in.aOfficer[j].id;
      assert_true(used <= in.aOfficer[j].capacity);
    }
    assert_int_equal(draw_algo_run(&in, &r2, &e), ZF_OK);
    assert_memory_equal(r.aEnt, r2.aEnt, sizeof(int64_t)*(size_t)r.n);
    assert_memory_equal(r.aOfficer, r2.aOfficer, sizeof(int64_t)*(size_t)r.n*2);
    draw_result_free(&r); draw_result_free(&r2);
    draw_input_free(&in);
  }
  assert_true(nFail < 40);   /* the most constrained first: failures are rare */
}

/* Bad inputs are refused before anything is drawn. */
static void test_input_checks(void **state){
  draw_input in;
  draw_result r;
  zf_error e = {0};
  (void)state;
  fixed_input(&in);
  in.par.sampleSize = 41;
  assert_int_equal(draw_algo_run(&in, &r, &e), ZF_EINVAL);
  draw_result_free(&r);
  in.par.sampleSize = 3;
  in.aPool[5].id = in.aPool[4].id;      /* not ascending */
  assert_int_equal(draw_algo_run(&in, &r, &e), ZF_EINVAL);
  draw_result_free(&r);
  draw_input_free(&in);
}

/* ---- the domain on the demo district --------------------------------- */

static char zFrom[11], zTo[11];

static zf_db *setup(void){
  zf_db *pDb = test_db(1);
  char zToday[11];
  calendar_today(zToday);
  calendar_days_add(zToday, 150, zFrom, 0);
  calendar_days_add(zToday, 160, zTo, 0);
  return pDb;
}

static void new_draw(draw_new *p, json_t *pSectors, int64_t count){
  memset(p, 0, sizeof *p);
  p->zName = "测试抽查";
  p->unitId = 2;
  p->zFrom = zFrom; p->zTo = zTo;
  p->pSectors = pSectors;
  p->sampleCount = count;
}

static void test_batched_last_equals(void **state){
  zf_db *pDb = setup();
  zf_stmt *pStmt;
  int64_t aEnt[6], two[2] = {6, 8}, other[2] = {11, 14}, id, aOut[8];
  int i, n;
  (void)state;
  for(i=0; i<6; i++) aEnt[i] = test_int(pDb, "SELECT min(id) FROM enterprise") + i;
  for(i=0; i<12; i++){
    inspection_new nu;
    char zA[11];
    memset(&nu, 0, sizeof nu);
    calendar_days_add(zFrom, -400 + i*20, zA, 0);
    nu.enterpriseId = aEnt[i%6]; nu.unitId = 3; nu.zType = "routine"; nu.zFrom = zA; nu.zTo = zA;
    nu.aOfficer = i%2 ? two : other; nu.nOfficer = 2;
    assert_int_equal(inspection_insert_tx(pDb, "t", &nu, &id), ZF_OK);
  }
  db_exec(pDb, "UPDATE inspection SET status='cancelled' WHERE id=(SELECT max(id) FROM inspection WHERE enterprise_id=?)", "i", aEnt[1]);
  assert_non_null(pStmt = db_stmt(pDb, draw_last_sql));
  for(i=0; i<6; i++){
    int64_t aBatch[8];
    int nb = 0;
    n = inspection_last_officers(pDb, aEnt[i], zFrom, aOut, 8);
    db_bind(pStmt, "ss", zFrom, "/");
    while( db_step(pStmt)==1 ){
      if( db_column_int64(pStmt, 0)==aEnt[i] ) aBatch[nb++] = db_column_int64(pStmt, 1);
    }
    db_reset(pStmt);
    assert_int_equal(nb, n);
    assert_true(n>0);
    assert_memory_equal(aBatch, aOut, sizeof(int64_t)*(size_t)n);
  }
  db_close(pDb);
}

/* Freeze and draw: stored hashes and commitment right; every inspection
** has >= draw.min_officers eligible officers, none with a conflict or the
** last inspector. */
static void test_freeze_draw_rules(void **state){
  zf_db *pDb = setup();
  json_t *pSectors = json_pack("[s]", "trade");
  draw_new nu;
  zf_error e = {0};
  int64_t id, aEnt[40], conflictOfficer = 11, last[2] = {6, 8}, insId, cid;
  char zPast[11], zHex[65];
  zf_stmt *pStmt;
  int i, nEnt = 0;
  (void)state;
  /* 40 enterprises of the pool last inspected by 李明 and 刘芳 eight
  ** months before (outside the recent-months exclusion), and a conflict
  ** of officer 11 with each of them */
  calendar_days_add(zFrom, -250, zPast, 0);
  pStmt = 0;
  assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), "SELECT id, uscc, name FROM enterprise WHERE sector LIKE 'trade%'"
                   " AND status='active' AND (supervising_level='district' OR supervising_level='street') ORDER BY id LIMIT 40",
                   -1, &pStmt, 0), SQLITE_OK);
  while( sqlite3_step(pStmt)==SQLITE_ROW ){
    inspection_new in;
    staff_conflict_new c;
    aEnt[nEnt] = db_column_int64(pStmt, 0);
    memset(&in, 0, sizeof in);
    in.enterpriseId = aEnt[nEnt]; in.unitId = 3; in.zType = "routine"; in.zFrom = zPast; in.zTo = zPast;
    in.aOfficer = last; in.nOfficer = 2;
    assert_int_equal(inspection_insert_tx(pDb, "t", &in, &insId), ZF_OK);
    memset(&c, 0, sizeof c);
    c.enterpriseId = aEnt[nEnt]; c.zName = (const char*)db_column_text(pStmt, 2);
    c.zReason = "近亲属任职"; c.zValidFrom = "2020-01-01";
    assert_int_equal(staff_conflict_add(pDb, "t", conflictOfficer, &c, &cid, &e), ZF_OK);
    nEnt++;
  }
  db_finalize(pStmt);
  new_draw(&nu, pSectors, 60);
  nu.stratifySector = 1;
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_OK);
  assert_string_equal(test_int(pDb, "SELECT count(*) FROM draw WHERE status='frozen' AND seed IS NULL AND result_hash IS NULL")>0 ? "y" : "n", "y");
  /* commitment = SHA-256(secret seed); pool hash = SHA-256(stored pool) */
  assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), "SELECT s.seed, d.commitment, i.pool, d.pool_hash FROM draw d"
                   " JOIN draw_secret s ON s.draw_id=d.id JOIN draw_input i ON i.draw_id=d.id WHERE d.id=?", -1, &pStmt, 0), SQLITE_OK);
  db_bind_int64(pStmt, 1, id);
  assert_int_equal(sqlite3_step(pStmt), SQLITE_ROW);
  draw_sha256_hex(db_column_blob(pStmt, 0), 32, zHex);
  assert_string_equal(zHex, (const char*)db_column_text(pStmt, 1));
  draw_sha256_hex(db_column_text(pStmt, 2), (size_t)db_column_bytes(pStmt, 2), zHex);
  assert_string_equal(zHex, (const char*)db_column_text(pStmt, 3));
  db_finalize(pStmt);
  /* the invalid certificates are not in the officer pool */
  assert_int_equal(draw_run(pDb, 0, id, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection WHERE draw_id=(SELECT max(id) FROM draw)"
                            " AND type='random' AND status='scheduled'"), 60);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection i WHERE i.draw_id=(SELECT max(id) FROM draw)"
                            " AND (SELECT count(*) FROM inspection_person p WHERE p.inspection_id=i.id AND p.role='officer')<>2"), 0);
  /* the rows are those inspection_insert_tx() would write: the enterprise's region path, the unit */
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection i JOIN enterprise e ON e.id=i.enterprise_id"
                            " WHERE i.draw_id=(SELECT max(id) FROM draw) AND (i.region_path<>e.region_path OR i.unit_id<>2"
                            " OR i.created_by<>'cli' OR i.version<>1)"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id"
                            " WHERE i.draw_id=(SELECT max(id) FROM draw) AND p.person_id IN (10, 19)"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id"
                            " JOIN conflict c ON c.person_id=p.person_id AND c.enterprise_id=i.enterprise_id"
                            " WHERE i.draw_id=(SELECT max(id) FROM draw) AND c.voided_at IS NULL"), 0);
  for(i=0; i<nEnt; i++){
    char zSql[300];
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id"
             " WHERE i.draw_id=%lld AND i.enterprise_id=%lld AND p.person_id IN (6, 8, 11)", (long long)id, (long long)aEnt[i]);
    assert_int_equal(test_int(pDb, zSql), 0);
  }
  /* every officer eligible on both ends by THE eligibility function */
  assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), "SELECT p.person_id, i.enterprise_id FROM inspection_person p"
                   " JOIN inspection i ON i.id=p.inspection_id WHERE i.draw_id=?", -1, &pStmt, 0), SQLITE_OK);
  db_bind_int64(pStmt, 1, id);
  while( sqlite3_step(pStmt)==SQLITE_ROW ){
    assert_int_equal(staff_may_enforce(pDb, db_column_int64(pStmt, 0), zFrom, 0, db_column_int64(pStmt, 1), &e), ZF_OK);
    assert_int_equal(staff_may_enforce(pDb, db_column_int64(pStmt, 0), zTo, 0, db_column_int64(pStmt, 1), &e), ZF_OK);
  }
  db_finalize(pStmt);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM draw WHERE status='published' AND seed IS NOT NULL"
                            " AND publish_due IS NOT NULL AND id=(SELECT max(id) FROM draw)"), 1);
  /* a second draw of the same draw is refused */
  assert_int_equal(draw_run(pDb, 0, id, &e), ZF_ECONFLICT);
  json_decref(pSectors);
  db_close(pDb);
}

/* Refusals with their numbers; nothing saved. */
static void test_refusals(void **state){
  zf_db *pDb = setup();
  json_t *pSectors = json_pack("[s]", "trade"), *pNone = json_pack("[s]", "fireworks"), *p;
  int64_t before = test_int(pDb, "SELECT count(*) FROM draw"), id;
  draw_new nu;
  zf_error e = {0};
  (void)state;
  new_draw(&nu, pSectors, 0);
  nu.ratioBp = 10000;
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "ratio");
  nu.ratioBp = 0; nu.sampleCount = 100000;
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "count");
  assert_non_null(strstr(e.message, "超过抽查对象库中的企业数"));
  nu.sampleCount = 400;
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "需要 800 人次"));
  assert_non_null(strstr(e.message, "还差"));
  nu.sampleCount = 3; nu.officersPer = 1;
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "officers_per_enterprise");
  nu.officersPer = 0; nu.pSectors = pNone;
  db_exec(pDb, "UPDATE enterprise SET sector='trade.light' WHERE sector='fireworks'", "");
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "抽查对象库为空"));
  nu.pSectors = pSectors; nu.expertsPer = 3; nu.zExpertField = "没有这个领域";
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_EPROCEDURE);
  assert_string_equal(e.field, "experts_per_enterprise");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM draw"), before);
  /* the preview says the same without saving */
  nu.expertsPer = 0; nu.zExpertField = 0; nu.sampleCount = 400;
  assert_int_equal(draw_preview(pDb, 0, &nu, &p, &e), ZF_OK);
  assert_false(json_is_true(json_object_get(p, "ok")));
  assert_true(json_integer_value(json_object_get(p, "pool_size"))>400);
  json_decref(p);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM draw"), before);
  json_decref(pSectors); json_decref(pNone);
  db_close(pDb);
}

/* Frozen records refuse changes; re-draw keeps the old draw. */
static void test_immutable_and_redraw(void **state){
  zf_db *pDb = setup();
  json_t *pSectors = json_pack("[s]", "chem");
  draw_new nu;
  zf_error e = {0};
  int64_t id, newId, nDraw;
  (void)state;
  new_draw(&nu, pSectors, 4);
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE draw SET pool_hash='x' WHERE id=?", "i", id), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE draw SET sample_size=9 WHERE id=?", "i", id), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE draw_input SET pool='' WHERE draw_id=?", "i", id), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "DELETE FROM draw_secret WHERE draw_id=?", "i", id), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "DELETE FROM draw WHERE id=?", "i", id), ZF_OK);
  assert_int_equal(draw_run(pDb, 0, id, &e), ZF_OK);
  assert_int_not_equal(db_exec(pDb, "UPDATE draw SET seed='00' WHERE id=?", "i", id), ZF_OK);
  nDraw = test_int(pDb, "SELECT count(*) FROM draw");
  assert_int_equal(draw_redraw(pDb, 0, id, "", &newId, &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(draw_redraw(pDb, 0, id, "抽取时段填写错误", &newId, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM draw"), nDraw + 1);
  {
    char zSql[200];
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM draw WHERE id=%lld AND status='superseded' AND superseded_by=%lld"
             " AND seed IS NOT NULL AND result_hash IS NOT NULL", (long long)id, (long long)newId);
    assert_int_equal(test_int(pDb, zSql), 1);
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM draw WHERE id=%lld AND status='frozen' AND supersedes=%lld"
             " AND redraw_reason='抽取时段填写错误'", (long long)newId, (long long)id);
    assert_int_equal(test_int(pDb, zSql), 1);
    snprintf(zSql, sizeof zSql, "SELECT count(*) FROM inspection WHERE draw_id=%lld AND status='cancelled'"
             " AND cancel_reason LIKE '%%抽取时段填写错误%%'", (long long)id);
    assert_int_equal(test_int(pDb, zSql), 4);
  }
  assert_int_equal(draw_redraw(pDb, 0, id, "再来一次", &newId, &e), ZF_ECONFLICT);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='draw.redraw'"), 2);   /* demo + this */
  json_decref(pSectors);
  db_close(pDb);
}

/* The published document verifies; any changed row, the seed or the pool
** is rejected. */
static void test_document_verify(void **state){
  zf_db *pDb = setup();
  json_t *pSectors = json_pack("[s]", "trade"), *pDoc, *pRow;
  draw_new nu;
  zf_error e = {0};
  int64_t id;
  char zWhy[1024];
  (void)state;
  new_draw(&nu, pSectors, 12);
  nu.stratifyStreet = 1;
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_OK);
  pDoc = draw_document(pDb, id);
  assert_true(json_is_null(json_object_get(pDoc, "seed")));       /* secret before the draw */
  assert_int_equal(draw_verify_document(pDoc, zWhy, sizeof zWhy), ZF_EINVAL);
  json_decref(pDoc);
  assert_int_equal(draw_run(pDb, 0, id, &e), ZF_OK);
  pDoc = draw_document(pDb, id);
  assert_int_equal(draw_verify_document(pDoc, zWhy, sizeof zWhy), ZF_OK);
  /* an officer changed in row 5 */
  pRow = json_array_get(json_object_get(json_object_get(pDoc, "result"), "rows"), 4);
  json_array_set_new(json_object_get(pRow, "officers"), 0, json_integer(99999));
  assert_int_equal(draw_verify_document(pDoc, zWhy, sizeof zWhy), ZF_ECONFLICT);
  assert_non_null(strstr(zWhy, "result row 5 differs"));
  json_decref(pDoc);
  /* an enterprise changed */
  pDoc = draw_document(pDb, id);
  pRow = json_array_get(json_object_get(json_object_get(pDoc, "result"), "rows"), 0);
  json_object_set_new(pRow, "enterprise_id", json_integer(1));
  assert_int_equal(draw_verify_document(pDoc, zWhy, sizeof zWhy), ZF_ECONFLICT);
  assert_non_null(strstr(zWhy, "result row 1 differs"));
  json_decref(pDoc);
  /* another seed: the commitment refuses it */
  pDoc = draw_document(pDb, id);
  json_object_set_new(pDoc, "seed", json_string("0000000000000000000000000000000000000000000000000000000000000000"));
  assert_int_equal(draw_verify_document(pDoc, zWhy, sizeof zWhy), ZF_ECONFLICT);
  assert_non_null(strstr(zWhy, "commitment"));
  json_decref(pDoc);
  /* a pool row removed */
  pDoc = draw_document(pDb, id);
  json_array_remove(json_object_get(json_object_get(pDoc, "pool"), "rows"), 0);
  assert_int_equal(draw_verify_document(pDoc, zWhy, sizeof zWhy), ZF_ECONFLICT);
  assert_non_null(strstr(zWhy, "pool hash"));
  json_decref(pDoc);
  json_decref(pSectors);
  db_close(pDb);
}

/* A certificate suspended after the freeze stops the draw. */
static void test_recheck_after_freeze(void **state){
  zf_db *pDb = setup();
  json_t *pSectors = json_pack("[s]", "trade");
  draw_new nu;
  zf_error e = {0};
  int64_t id, before;
  (void)state;
  new_draw(&nu, pSectors, 20);
  assert_int_equal(draw_create(pDb, 0, &nu, &id, &e), ZF_OK);
  assert_int_equal(staff_cert_set_status(pDb, "t", test_int(pDb, "SELECT min(id) FROM certificate WHERE person_id=6"),
                                         "suspended", 0, "测试暂扣", &e), ZF_OK);
  before = test_int(pDb, "SELECT count(*) FROM inspection");
  assert_int_equal(draw_run(pDb, 0, id, &e), ZF_EPROCEDURE);
  assert_non_null(strstr(e.message, "李明"));
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM inspection"), before);
  json_decref(pSectors);
  db_close(pDb);
}

/* A draw names the plan it carries out: a published plan of the unit or a
** unit above it, of the window's year; a quota of that plan. */
static void test_plan_link(void **state){
  zf_db *pDb = test_db(1);
  zf_error e = {0};
  int64_t pub = test_int(pDb, "SELECT p.id FROM plan p JOIN plan_version v ON v.plan_id=p.id"
                              " WHERE v.status='published' ORDER BY p.id LIMIT 1");
  int64_t draft = test_int(pDb, "SELECT p.id FROM plan p WHERE NOT EXISTS(SELECT 1 FROM plan_version v"
                                " WHERE v.plan_id=p.id AND v.status='published') ORDER BY p.id LIMIT 1");
  int64_t year = test_int(pDb, "SELECT year FROM plan WHERE id=(SELECT p.id FROM plan p JOIN plan_version v"
                               " ON v.plan_id=p.id WHERE v.status='published' ORDER BY p.id LIMIT 1)");
  int64_t unit = test_int(pDb, "SELECT unit_id FROM plan WHERE id=(SELECT p.id FROM plan p JOIN plan_version v"
                               " ON v.plan_id=p.id WHERE v.status='published' ORDER BY p.id LIMIT 1)");
  int64_t squad = test_int(pDb, "SELECT min(id) FROM unit WHERE kind='squad'");
  int64_t street = test_int(pDb, "SELECT min(id) FROM unit WHERE kind='street'");
  int64_t quota = test_int(pDb, "SELECT min(q.id) FROM plan_quota q JOIN plan_version v ON v.id=q.version_id"
                                " WHERE v.status='published' AND q.kind='random'");
  char zIn[11], zOut[11];
  (void)state;
  assert_true(pub > 0 && draft > 0 && quota > 0);
  snprintf(zIn, sizeof zIn, "%04d-06-01", (int)year);
  snprintf(zOut, sizeof zOut, "%04d-06-01", (int)year + 3);
  assert_int_equal(draw_plan_check(pDb, unit, 0, 0, zIn, &e), ZF_OK);
  assert_int_equal(draw_plan_check(pDb, unit, pub, 0, zIn, &e), ZF_OK);
  assert_int_equal(draw_plan_check(pDb, squad, pub, quota, zIn, &e), ZF_OK);   /* a squad under the brigade */
  assert_int_equal(draw_plan_check(pDb, street, pub, 0, zIn, &e), ZF_EINVAL);   /* not the street's plan */
  assert_string_equal(e.field, "plan_id");
  assert_int_equal(draw_plan_check(pDb, unit, pub, 0, zOut, &e), ZF_EINVAL);    /* another year */
  assert_int_equal(draw_plan_check(pDb, unit, draft, 0, zIn, &e), ZF_EPROCEDURE);
  assert_int_equal(draw_plan_check(pDb, unit, 99999, 0, zIn, &e), ZF_EINVAL);
  assert_int_equal(draw_plan_check(pDb, unit, 0, quota, zIn, &e), ZF_EMISSING);
  assert_int_equal(draw_plan_check(pDb, unit, pub, 99999, zIn, &e), ZF_EINVAL);
  assert_string_equal(e.field, "quota_id");
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fixed_vector),
    cmocka_unit_test(test_constraints_many_seeds),
    cmocka_unit_test(test_input_checks),
    cmocka_unit_test(test_batched_last_equals),
    cmocka_unit_test(test_freeze_draw_rules),
    cmocka_unit_test(test_refusals),
    cmocka_unit_test(test_immutable_and_redraw),
    cmocka_unit_test(test_document_verify),
    cmocka_unit_test(test_recheck_after_freeze),
    cmocka_unit_test(test_plan_link),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
