/*
** job.c — background jobs: the queue (table `job`), the worker thread, the
** in-memory progress of the running job, and GET /api/v1/jobs/{id} (plus
** the download of a job's error file). Generic: the kinds come from the
** caller (routes.c lists them).
*/
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/clock.h"
#include "core/log.h"
#include "job.h"

struct zf_job {
  int64_t id;
  char zKind[32];
  zf_who who;
  json_t *pParams;
  char zInput[1024];
  char zInputName[256];
  json_t *pResult;
  char zErrorFile[1024];
  char zMessage[512];
};

static char job_dir_path[1024] = "/tmp";

/* The running job's progress, shared with request threads. */
static pthread_mutex_t job_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_cond = PTHREAD_COND_INITIALIZER;
static struct { int64_t id, done, total, items; } job_live;
static volatile int job_stop = 0;
static int job_wake = 0;
static pthread_t job_thread;
static int job_thread_running = 0;
static struct { char *zDbPath; const job_kind *aKind; int nKind; } job_worker;

int job_set_dir(const char *zDir){
  if( mkdir(zDir, 0750)!=0 && errno!=EEXIST ){
    log_error("cannot create %s: %s", zDir, strerror(errno));
    return ZF_EINTERNAL;
  }
  snprintf(job_dir_path, sizeof job_dir_path, "%s", zDir);
  return ZF_OK;
}

int64_t job_id(zf_job *p){ return p->id; }
const zf_who *job_who(zf_job *p){ return &p->who; }
json_t *job_params(zf_job *p){ return p->pParams; }
const char *job_input(zf_job *p){ return p->zInput[0] ? p->zInput : 0; }
const char *job_input_name(zf_job *p){ return p->zInputName; }
int job_cancelled(zf_job *p){ (void)p; return job_stop; }

void job_file(zf_job *p, const char *zSuffix, char *zOut, size_t n){
  snprintf(zOut, n, "%s/job-%lld-%s", job_dir_path, (long long)p->id, zSuffix);
}

void job_progress(zf_job *p, int64_t done, int64_t total, int64_t items){
  pthread_mutex_lock(&job_mutex);
  job_live.id = p->id;
  job_live.done = done;
  job_live.total = total;
  job_live.items = items;
  pthread_mutex_unlock(&job_mutex);
}

void job_set_result(zf_job *p, json_t *pResult){
  json_decref(p->pResult);
  p->pResult = pResult;
}

void job_set_error_file(zf_job *p, const char *zPath){
  snprintf(p->zErrorFile, sizeof p->zErrorFile, "%s", zPath ? zPath : "");
}

void job_fail(zf_job *p, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  vsnprintf(p->zMessage, sizeof p->zMessage, zFmt, ap);
  va_end(ap);
}

int job_submit(zf_db *pDb, const zf_who *pWho, const char *zKind, json_t *pParams,
               const char *zInput, const char *zInputName, int64_t *pId, zf_error *e){
  static const char zIns[] =
    "INSERT INTO job(kind, status, account_id, params, input_name, created_at)"
    " VALUES(?, 'queued', ?, ?, ?, ?)";
  static const char zSetInput[] = "UPDATE job SET input_path=? WHERE id=?";
  char zNow[24], zPath[1200];
  char *zParams = json_dumps(pParams ? pParams : json_object(), JSON_COMPACT);
  int rc;
  if( zParams==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  if( rc==ZF_OK ) rc = db_exec(pDb, zIns, "sisss", zKind, pWho->accountId, zParams, zInputName, zNow);
  free(zParams);
  if( rc==ZF_OK ){
    *pId = db_last_id(pDb);
    if( zInput ){
      snprintf(zPath, sizeof zPath, "%s/job-%lld-input", job_dir_path, (long long)*pId);
      if( rename(zInput, zPath)!=0 ){
        log_error("cannot move %s to %s: %s", zInput, zPath, strerror(errno));
        rc = ZF_EINTERNAL;
      }else{
        rc = db_exec(pDb, zSetInput, "si", zPath, *pId);
      }
    }
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( rc ) return err_set(e, rc, 0, "无法创建后台任务");
  pthread_mutex_lock(&job_mutex);
  job_wake = 1;
  pthread_cond_signal(&job_cond);
  pthread_mutex_unlock(&job_mutex);
  return ZF_OK;
}

/* Claims the oldest queued job into p; 0 when there is none. */
static int job_claim(zf_db *pDb, zf_job *p){
  static const char zPick[] =
    "SELECT id, kind, account_id, params, input_path, input_name FROM job"
    " WHERE status='queued' ORDER BY id LIMIT 1";
  static const char zRun[] = "UPDATE job SET status='running', started_at=? WHERE id=? AND status='queued'";
  zf_stmt *pStmt = db_stmt(pDb, zPick);
  int64_t account = 0;
  char zNow[24];
  int found = 0;
  if( pStmt==0 ) return 0;
  memset(p, 0, sizeof *p);
  if( db_step(pStmt)==1 ){
    p->id = db_column_int64(pStmt, 0);
    snprintf(p->zKind, sizeof p->zKind, "%s", db_text(pStmt, 1));
    account = db_column_int64(pStmt, 2);
    p->pParams = json_loads(db_text(pStmt, 3), 0, 0);
    snprintf(p->zInput, sizeof p->zInput, "%s", db_text(pStmt, 4));
    snprintf(p->zInputName, sizeof p->zInputName, "%s", db_text(pStmt, 5));
    found = 1;
  }
  db_reset(pStmt);
  if( !found ) return 0;
  if( p->pParams==0 ) p->pParams = json_object();
  clock_now_iso(zNow);
  if( db_exec(pDb, zRun, "si", zNow, p->id)!=ZF_OK || db_changes(pDb)!=1 ){
    json_decref(p->pParams);
    return 0;
  }
  if( auth_load_account(pDb, account, &p->who)!=ZF_OK ){
    snprintf(p->zMessage, sizeof p->zMessage, "提交任务的账号不存在");
  }
  return 1;
}

/* Stores the outcome of a finished job. */
static void job_finish(zf_db *pDb, zf_job *p, int rc){
  static const char zDone[] =
    "UPDATE job SET status=?, result=?, error_path=?, message=?, progress_done=?, progress_total=?,"
    " finished_at=? WHERE id=?";
  char zNow[24], *zResult = p->pResult ? json_dumps(p->pResult, JSON_COMPACT) : 0;
  int64_t done, total;
  pthread_mutex_lock(&job_mutex);
  done = job_live.id==p->id ? job_live.done : 0;
  total = job_live.id==p->id ? job_live.total : 0;
  pthread_mutex_unlock(&job_mutex);
  if( rc==ZF_OK && total>0 ) done = total;
  if( rc && p->zMessage[0]==0 ) snprintf(p->zMessage, sizeof p->zMessage, "%s", err_message(rc));
  clock_now_iso(zNow);
  if( db_exec(pDb, zDone, "ssssiisi", rc ? "failed" : "done", zResult,
              p->zErrorFile[0] ? p->zErrorFile : 0, rc ? p->zMessage : 0, done, total, zNow, p->id)!=ZF_OK ){
    log_error("job %lld: cannot store its outcome", (long long)p->id);
  }
  pthread_mutex_lock(&job_mutex);
  if( job_live.id==p->id ) memset(&job_live, 0, sizeof job_live);
  pthread_mutex_unlock(&job_mutex);
  free(zResult);
  json_decref(p->pParams);
  json_decref(p->pResult);
}

int job_run_pending(zf_db *pDb, const job_kind *aKind, int nKind){
  zf_job *p = malloc(sizeof *p);
  int n = 0;
  if( p==0 ) return 0;
  while( !job_stop && job_claim(pDb, p) ){
    int i, rc = ZF_EINTERNAL;
    pthread_mutex_lock(&job_mutex);
    memset(&job_live, 0, sizeof job_live);
    job_live.id = p->id;
    pthread_mutex_unlock(&job_mutex);
    for(i=0; i<nKind; i++) if( strcmp(aKind[i].zKind, p->zKind)==0 ) break;
    if( p->zMessage[0] ) rc = ZF_EINVAL;
    else if( i==nKind ) job_fail(p, "未知的任务类型：%s", p->zKind);
    else rc = aKind[i].xRun(pDb, p);
    if( db_in_tx(pDb) ) db_rollback(pDb);
    log_info("job %lld (%s) %s", (long long)p->id, p->zKind, rc ? "failed" : "done");
    job_finish(pDb, p, rc);
    db_release(pDb);
    n++;
  }
  free(p);
  return n;
}

static void *job_main(void *pArg){
  zf_db *pDb = 0;
  (void)pArg;
  if( db_open(job_worker.zDbPath, 0, &pDb)!=ZF_OK ){
    log_error("job worker: cannot open %s", job_worker.zDbPath);
    return 0;
  }
  while( !job_stop ){
    job_run_pending(pDb, job_worker.aKind, job_worker.nKind);
    pthread_mutex_lock(&job_mutex);
    if( !job_wake && !job_stop ){
      struct timespec t;
      clock_gettime(CLOCK_REALTIME, &t);
      t.tv_sec += 2;
      pthread_cond_timedwait(&job_cond, &job_mutex, &t);
    }
    job_wake = 0;
    pthread_mutex_unlock(&job_mutex);
  }
  db_close(pDb);
  return 0;
}

int job_worker_start(const char *zDbPath, const job_kind *aKind, int nKind){
  static const char zStale[] =
    "UPDATE job SET status='failed', message='服务重启，任务中断（未写入任何数据）', finished_at=?"
    " WHERE status='running'";
  zf_db *pDb;
  char zNow[24];
  if( db_open(zDbPath, 0, &pDb)==ZF_OK ){
    clock_now_iso(zNow);
    db_exec(pDb, zStale, "s", zNow);
    db_close(pDb);
  }
  job_worker.zDbPath = strdup(zDbPath);
  job_worker.aKind = aKind;
  job_worker.nKind = nKind;
  job_stop = 0;
  if( job_worker.zDbPath==0 || pthread_create(&job_thread, 0, job_main, 0)!=0 ){
    log_error("cannot start the job worker");
    return ZF_EINTERNAL;
  }
  job_thread_running = 1;
  return ZF_OK;
}

void job_worker_stop(void){
  if( !job_thread_running ) return;
  pthread_mutex_lock(&job_mutex);
  job_stop = 1;
  pthread_cond_signal(&job_cond);
  pthread_mutex_unlock(&job_mutex);
  pthread_join(job_thread, 0);
  job_thread_running = 0;
  free(job_worker.zDbPath);
  job_worker.zDbPath = 0;
}

/* ---- reading ------------------------------------------------------------- */

#define JOB_COLS "id, kind, status, account_id, result, error_path, message, progress_done," \
  " progress_total, input_name, created_at, started_at, finished_at"

static json_t *job_opt_text(zf_stmt *pStmt, int i){
  return db_column_type(pStmt, i)==DB_NULL ? json_null() : json_string(db_text(pStmt, i));
}

json_t *job_json(zf_db *pDb, int64_t id, int64_t *pOwner){
  static const char zSql[] = "SELECT " JOB_COLS " FROM job WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    int64_t done = db_column_int64(pStmt, 7), total = db_column_int64(pStmt, 8), items = -1;
    const char *zStatus = db_text(pStmt, 2);
    json_t *pResult = db_column_type(pStmt, 4)==DB_NULL ? json_null()
                      : json_loads(db_text(pStmt, 4), 0, 0);
    if( strcmp(zStatus, "running")==0 ){
      pthread_mutex_lock(&job_mutex);
      if( job_live.id==id ){ done = job_live.done; total = job_live.total; items = job_live.items; }
      pthread_mutex_unlock(&job_mutex);
    }
    p = json_pack("{s:I,s:s,s:s,s:{s:I,s:I},s:o,s:b,s:o,s:o,s:s,s:o,s:o}",
      "id", (json_int_t)id, "kind", db_text(pStmt, 1), "status", zStatus,
      "progress", "done", (json_int_t)done, "total", (json_int_t)total,
      "result", pResult ? pResult : json_null(), "error_file", db_column_type(pStmt, 5)!=DB_NULL,
      "message", job_opt_text(pStmt, 6), "input_name", job_opt_text(pStmt, 9),
      "created_at", db_text(pStmt, 10), "started_at", job_opt_text(pStmt, 11),
      "finished_at", job_opt_text(pStmt, 12));
    if( items>=0 ) json_object_set_new(json_object_get(p, "progress"), "items", json_integer(items));
    if( pOwner ) *pOwner = db_column_int64(pStmt, 3);
  }
  db_reset(pStmt);
  return p;
}

/* Loads job {id} if it belongs to the caller (others get 404). */
static int job_lookup_or_reply(zf_req *r, json_t **ppJob){
  const char *zId = http_param(r, "id");
  char *zEnd;
  int64_t id = strtoll(zId ? zId : "", &zEnd, 10);
  int64_t owner = 0;
  json_t *p;
  if( zId==0 || *zEnd || id<=0 || (p = job_json(r->pDb, id, &owner))==0 ){
    return http_fail(r, ZF_ENOTFOUND, "id", "任务不存在：%.20s", zId ? zId : "");
  }
  if( owner!=r->who.accountId ){
    json_decref(p);
    return http_fail(r, ZF_ENOTFOUND, "id", "任务不存在：%.20s", zId);
  }
  *ppJob = p;
  return ZF_OK;
}

/*
** ROUTE: GET /api/v1/jobs/{id}
** A job the caller submitted: {id, kind, status (queued, running, done,
** failed), progress:{done, total, items}, result, error_file, message, …}.
*/
int job_get_handler(zf_req *r){
  json_t *p;
  int rc = job_lookup_or_reply(r, &p);
  if( rc ) return rc;
  return http_reply(r, 200, p);
}

typedef struct job_file_stream { FILE *f; } job_file_stream;

static long job_file_read(void *pArg, char *zBuf, size_t nMax){
  job_file_stream *s = pArg;
  size_t n = fread(zBuf, 1, nMax, s->f);
  return n>0 ? (long)n : ferror(s->f) ? -1 : 0;
}

static void job_file_close(void *pArg){
  job_file_stream *s = pArg;
  fclose(s->f);
  free(s);
}

/*
** ROUTE: GET /api/v1/jobs/{id}/errors
** The job's error file (CSV, UTF-8 with BOM: the refused rows with their
** row number, field and reason), streamed.
*/
int job_errors_handler(zf_req *r){
  static const char zSql[] = "SELECT error_path FROM job WHERE id=?";
  json_t *p;
  zf_stmt *pStmt;
  job_file_stream *s;
  char zPath[1024] = "", zName[64];
  int rc = job_lookup_or_reply(r, &p);
  if( rc ) return rc;
  pStmt = db_stmt(r->pDb, zSql);
  if( pStmt==0 ){ json_decref(p); return ZF_EINTERNAL; }
  db_bind(pStmt, "i", json_integer_value(json_object_get(p, "id")));
  if( db_step(pStmt)==1 ) snprintf(zPath, sizeof zPath, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  snprintf(zName, sizeof zName, "导入错误-%lld.csv", (long long)json_integer_value(json_object_get(p, "id")));
  json_decref(p);
  if( zPath[0]==0 ) return http_fail(r, ZF_ENOTFOUND, "id", "该任务没有错误文件");
  s = malloc(sizeof *s);
  if( s==0 ) return ZF_EINTERNAL;
  s->f = fopen(zPath, "rb");
  if( s->f==0 ){
    free(s);
    return http_fail(r, ZF_ENOTFOUND, "id", "错误文件已不存在");
  }
  return http_stream(r, "text/csv; charset=utf-8", zName, job_file_read, s, job_file_close);
}
