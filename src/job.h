/*
** job.h — background jobs: work too long for one request (imports of
** large files; later modules may add kinds). A job is a row of the `job`
** table (kind, status queued → running → done | failed, who asked, its
** parameters and input file, progress, result JSON, error file); one worker
** thread of `zhifa serve` runs queued jobs one at a time as the account that
** submitted them. The web page polls GET /api/v1/jobs/{id}.
**
** While a job runs, its progress lives in memory (the job usually holds
** the write transaction, so the row cannot be updated until it ends) and
** is stored in the row when it finishes. A server stopped during a job
** marks it failed at the next start.
*/
#ifndef ZF_JOB_H
#define ZF_JOB_H
#include "core/http.h"

typedef struct zf_job zf_job;

/* A kind of job: xRun does the work and returns ZF_OK (done) or an rc
** after job_fail() (failed). */
typedef struct job_kind {
  const char *zKind;
  int (*xRun)(zf_db *pDb, zf_job *pJob);
} job_kind;

/*
** Queues a job for pWho. zInput (may be NULL) is a file the job reads: it
** is moved into the jobs directory and belongs to the job from then on;
** zInputName is its original name, for display. pParams is borrowed.
*/
int job_submit(zf_db *pDb, const zf_who *pWho, const char *zKind, json_t *pParams,
               const char *zInput, const char *zInputName, int64_t *pId, zf_error *e);

/* For runners: the job's id, account, parameters, input file, directory. */
int64_t job_id(zf_job *p);
const zf_who *job_who(zf_job *p);
json_t *job_params(zf_job *p);
const char *job_input(zf_job *p);
const char *job_input_name(zf_job *p);
/* A new file path in the jobs directory: "<dir>/job-<id>-<zSuffix>". */
void job_file(zf_job *p, const char *zSuffix, char *zOut, size_t n);
/* Progress: done of total (any unit, e.g. bytes), and items handled. */
void job_progress(zf_job *p, int64_t done, int64_t total, int64_t items);
/* 1 when the server is stopping: the runner should roll back and return. */
int job_cancelled(zf_job *p);
/* The result (stolen), an error file to offer for download, a failure. */
void job_set_result(zf_job *p, json_t *pResult);
void job_set_error_file(zf_job *p, const char *zPath);
void job_fail(zf_job *p, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));

/* The directory for job files (created if needed); "/tmp" until set. */
int job_set_dir(const char *zDir);

/*
** Runs queued jobs in this thread until none is left (tests, and the
** worker's loop). aKind/nKind: the kinds known. Returns how many ran.
*/
int job_run_pending(zf_db *pDb, const job_kind *aKind, int nKind);

/* The worker thread of `serve`: its own connection to zDbPath. Jobs left
** "running" by a previous process are marked failed first. */
int job_worker_start(const char *zDbPath, const job_kind *aKind, int nKind);
/* Asks the running job to stop and joins the worker. */
void job_worker_stop(void);

/* JSON of job id as its owner sees it, or NULL; *pOwner (may be NULL)
** gets the submitting account. */
json_t *job_json(zf_db *pDb, int64_t id, int64_t *pOwner);

int job_get_handler(zf_req *r);
int job_errors_handler(zf_req *r);

#endif
