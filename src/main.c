/*
** main.c — the verbs of the zhifa binary: serve, init, demo, migrate,
** backup, audit verify, user add|passwd|disable|enable, import, export,
** risk recompute (risk_api.c), draw verify (draw_api.c).
** Each verb parses its own options (--help on any verb prints them) and
** works on one database.
*/
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "account.h"
#include "core/audit.h"
#include "core/log.h"
#include "demo.h"
#include "evidence.h"
#include "draw.h"
#include "enterprise_io.h"
#include "risk.h"
#include "routes.h"

/* ---- option helpers -------------------------------------------------- */

typedef struct opt_spec { const char *zName; int takesValue; const char *zHelp; } opt_spec;

/*
** Parses argv[from..] against aSpec into azVal (index-aligned). Flags get
** "1". Returns 0, or prints the problem and returns 2. "--help" returns 1.
*/
static int opt_parse(int argc, char **argv, int from, const opt_spec *aSpec,
                     const char **azVal, const char *zUsage){
  int i, k;
  for(i=from; i<argc; i++){
    if( strcmp(argv[i], "--help")==0 || strcmp(argv[i], "-h")==0 ){
      printf("usage: %s\n", zUsage);
      for(k=0; aSpec[k].zName; k++) printf("  %-26s %s\n", aSpec[k].zName, aSpec[k].zHelp);
      return 1;
    }
    for(k=0; aSpec[k].zName; k++) if( strcmp(argv[i], aSpec[k].zName)==0 ) break;
    if( aSpec[k].zName==0 ){
      fprintf(stderr, "zhifa: unknown option '%s' (try --help)\n", argv[i]);
      return 2;
    }
    if( aSpec[k].takesValue ){
      if( i+1>=argc ){
        fprintf(stderr, "zhifa: option %s needs a value\n", argv[i]);
        return 2;
      }
      azVal[k] = argv[++i];
    }else{
      azVal[k] = "1";
    }
  }
  return 0;
}

static int opt_require(const char *zVal, const char *zName){
  if( zVal ) return 1;
  fprintf(stderr, "zhifa: %s is required (try --help)\n", zName);
  return 0;
}

/* Reads the first line of a file ("-" = stdin) into a malloc'd string. */
static char *read_secret(const char *zPath){
  FILE *f = strcmp(zPath, "-")==0 ? stdin : fopen(zPath, "r");
  char zBuf[512];
  if( f==0 ){ perror(zPath); return 0; }
  if( fgets(zBuf, sizeof zBuf, f)==0 ) zBuf[0] = 0;
  if( f!=stdin ) fclose(f);
  zBuf[strcspn(zBuf, "\r\n")] = 0;
  return strdup(zBuf);
}

static int open_db(const char *zPath, int mustExist, zf_db **ppDb){
  if( mustExist && access(zPath, F_OK)!=0 ){
    fprintf(stderr, "zhifa: database %s does not exist (create it with `zhifa init` or `zhifa demo`)\n", zPath);
    return 1;
  }
  if( !mustExist && access(zPath, F_OK)==0 ){
    fprintf(stderr, "zhifa: %s already exists; refusing to overwrite it\n", zPath);
    return 1;
  }
  if( db_open(zPath, DB_CREATE, ppDb)!=ZF_OK ){
    fprintf(stderr, "zhifa: cannot open %s\n", zPath);
    return 1;
  }
  return 0;
}

static int report(int rc, const zf_error *e){
  if( rc==ZF_OK ) return 0;
  fprintf(stderr, "zhifa: %s%s%s%s\n", e->message[0] ? e->message : err_message(rc),
          e->field[0] ? " [" : "", e->field, e->field[0] ? "]" : "");
  return 1;
}

/* ---- verbs ----------------------------------------------------------- */

static int verb_init(int argc, char **argv){
  static const opt_spec a[] = {
    {"--db", 1, "database file to create"},
    {"--admin-password-file", 1, "file holding the admin password (default: random, printed)"},
    {"--scope", 1, "region code the deployment serves (default 360104 青云谱区)"},
    {0, 0, 0}
  };
  const char *az[3] = {0};
  zf_db *pDb;
  zf_error e = {0};
  char *zPw = 0, zRand[33];
  int rc = opt_parse(argc, argv, 2, a, az, "zhifa init --db FILE [--admin-password-file F] [--scope CODE]");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") ) return 2;
  if( az[1] ){
    zPw = read_secret(az[1]);
    if( zPw==0 ) return 1;
  }else{
    unsigned char aRaw[12];
    randombytes_buf(aRaw, sizeof aRaw);
    sodium_bin2base64(zRand, sizeof zRand, aRaw, sizeof aRaw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    zPw = strdup(zRand);
  }
  if( open_db(az[0], 0, &pDb) ){ free(zPw); return 1; }
  rc = demo_init(pDb, az[2] ? az[2] : "360104", zPw, az[1]==0, &e);
  db_close(pDb);
  if( rc ){ unlink(az[0]); free(zPw); return report(rc, &e); }
  printf("created %s (schema version %d)\n", az[0], db_latest_version());
  if( az[1]==0 ) printf("admin password (change it at first login): %s\n", zPw);
  free(zPw);
  return 0;
}

static int verb_demo(int argc, char **argv){
  static const opt_spec a[] = {
    {"--db", 1, "database file to create"},
    {"--password", 1, "password of every demo account (≥ 10 characters)"},
    {"--scale", 1, "district (default: ~3,000 enterprises) or province (500,000, for benchmarks)"},
    {0, 0, 0}
  };
  const char *az[3] = {0};
  zf_db *pDb;
  zf_error e = {0};
  int i, scale = 0, rc = opt_parse(argc, argv, 2, a, az,
                                   "zhifa demo --db FILE --password PW [--scale district|province]");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") || !opt_require(az[1], "--password") ) return 2;
  if( az[2] ){
    if( strcmp(az[2], "province")==0 ) scale = 1;
    else if( strcmp(az[2], "district")!=0 ){
      fprintf(stderr, "zhifa: --scale is district or province\n");
      return 2;
    }
  }
  if( open_db(az[0], 0, &pDb) ) return 1;
  rc = demo_init(pDb, "360104", az[1], 0, &e);
  if( rc==ZF_OK ) rc = demo_fill(pDb, az[1], scale, &e);
  db_close(pDb);
  if( rc ){ unlink(az[0]); return report(rc, &e); }
  printf("demo district 青云谱区 (360104) created in %s\naccounts (password: %s):\n", az[0], az[1]);
  for(i=0; demo_accounts[i].zUser; i++){
    printf("  %-11s %-8s %s\n", demo_accounts[i].zUser, demo_accounts[i].zRoles, demo_accounts[i].zName);
  }
  return 0;
}

static int verb_migrate(int argc, char **argv){
  static const opt_spec a[] = { {"--db", 1, "database file"}, {0, 0, 0} };
  const char *az[1] = {0};
  zf_db *pDb;
  zf_error e = {0};
  int from, rc = opt_parse(argc, argv, 2, a, az, "zhifa migrate --db FILE");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") ) return 2;
  if( open_db(az[0], 1, &pDb) ) return 1;
  from = db_version(pDb);
  rc = db_migrate(pDb, &e);
  if( rc==ZF_OK ) rc = demo_reference(pDb, &e);
  if( rc==ZF_OK ) printf("schema version %d → %d\n", from, db_version(pDb));
  db_close(pDb);
  return report(rc, &e);
}

static int verb_backup(int argc, char **argv){
  static const opt_spec a[] = {
    {"--db", 1, "live database (may be serving)"},
    {"--out", 1, "backup file to write"},
    {0, 0, 0}
  };
  const char *az[2] = {0};
  zf_db *pDb;
  zf_error e = {0};
  int rc = opt_parse(argc, argv, 2, a, az, "zhifa backup --db FILE --out FILE");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") || !opt_require(az[1], "--out") ) return 2;
  if( open_db(az[0], 1, &pDb) ) return 1;
  rc = db_backup(pDb, az[1], &e);
  db_close(pDb);
  if( rc==ZF_OK ) printf("backup written to %s\n", az[1]);
  return report(rc, &e);
}

static int verb_audit(int argc, char **argv){
  static const opt_spec a[] = { {"--db", 1, "database file"}, {0, 0, 0} };
  const char *az[1] = {0};
  audit_report rep;
  zf_db *pDb;
  int rc;
  if( argc<3 || strcmp(argv[2], "verify")!=0 ){
    if( argc>=3 && strcmp(argv[2], "--help")==0 ){
      printf("usage: zhifa audit verify --db FILE\n");
      return 0;
    }
    fprintf(stderr, "usage: zhifa audit verify --db FILE\n");
    return 2;
  }
  rc = opt_parse(argc, argv, 3, a, az, "zhifa audit verify --db FILE");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") ) return 2;
  if( open_db(az[0], 1, &pDb) ) return 1;
  rc = audit_verify(pDb, &rep);
  db_close(pDb);
  if( rc ){ fprintf(stderr, "zhifa: cannot read the audit table\n"); return 1; }
  if( rep.brokenSeq ){
    printf("audit chain BROKEN at entry %lld: %s\n", rep.brokenSeq, rep.zReason);
    return 1;
  }
  printf("audit chain ok: %lld entries\n", rep.nEntry);
  return 0;
}

static int verb_user(int argc, char **argv){
  static const opt_spec a[] = {
    {"--db", 1, "database file"},
    {"--username", 1, "account name"},
    {"--display-name", 1, "name shown (add)"},
    {"--roles", 1, "comma-separated roles (add), e.g. officer,brigade"},
    {"--scope", 1, "region code (add)"},
    {"--password-file", 1, "file with the password, '-' for stdin (add, passwd)"},
    {0, 0, 0}
  };
  const char *az[6] = {0};
  const char *zSub = argc>=3 ? argv[2] : "";
  zf_db *pDb;
  zf_error e = {0};
  int64_t id;
  char *zPw = 0;
  int rc;
  if( strcmp(zSub, "add") && strcmp(zSub, "passwd") && strcmp(zSub, "disable") && strcmp(zSub, "enable") ){
    printf("usage: zhifa user add|passwd|disable|enable --db FILE --username U [options]\n"
           "  add:     --display-name N --roles R[,R] --scope CODE --password-file F\n"
           "  passwd:  --password-file F   (the user must change it at next login)\n");
    return strcmp(zSub, "--help")==0 ? 0 : 2;
  }
  rc = opt_parse(argc, argv, 3, a, az, "zhifa user add|passwd|disable|enable --db FILE --username U ...");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") || !opt_require(az[1], "--username") ) return 2;
  if( (strcmp(zSub, "add")==0 || strcmp(zSub, "passwd")==0) ){
    if( !opt_require(az[5], "--password-file") ) return 2;
    zPw = read_secret(az[5]);
    if( zPw==0 ) return 1;
  }
  if( open_db(az[0], 1, &pDb) ){ free(zPw); return 1; }
  if( strcmp(zSub, "add")==0 ){
    const char *azRole[10];
    char zRoles[256], *z, *zSave = 0;
    account_new nu;
    int nRole = 0;
    memset(&nu, 0, sizeof nu);
    snprintf(zRoles, sizeof zRoles, "%s", az[3] ? az[3] : "");
    for(z=strtok_r(zRoles, ",", &zSave); z && nRole<10; z=strtok_r(0, ",", &zSave)) azRole[nRole++] = z;
    nu.zUsername = az[1];
    nu.zPassword = zPw;
    nu.zDisplay = az[2] ? az[2] : az[1];
    nu.azRole = azRole;
    nu.nRole = nRole;
    nu.zScope = az[4] ? az[4] : "";
    nu.mustChangePassword = 1;
    rc = account_create(pDb, 0, &nu, &id, &e);
    if( rc==ZF_OK ) printf("account %s created (id %lld)\n", az[1], (long long)id);
  }else{
    rc = account_find(pDb, az[1], &id);
    if( rc ) err_set(&e, rc, "username", "账号不存在：%s", az[1]);
    else if( strcmp(zSub, "passwd")==0 ) rc = account_set_password(pDb, "cli", id, zPw, 1, 0, &e);
    else rc = account_set_disabled(pDb, "cli", id, strcmp(zSub, "disable")==0, &e);
    if( rc==ZF_OK ) printf("account %s: %s done\n", az[1], zSub);
  }
  db_close(pDb);
  free(zPw);
  return report(rc, &e);
}

/*
** The files next to the database: DB.files/uploads (request bodies being
** received; leftovers of a crash are removed), DB.files/jobs (job
** inputs and error files) and DB.files/evidence (the evidence store,
** src/evidence.c).
*/
static int serve_files(const char *zDb, char *zUploads, size_t n){
  char zDir[4096], zJobs[4200];
  DIR *d;
  struct dirent *pEnt;
  snprintf(zDir, sizeof zDir, "%s.files", zDb);
  snprintf(zUploads, n, "%s/uploads", zDir);
  snprintf(zJobs, sizeof zJobs, "%s/jobs", zDir);
  if( (mkdir(zDir, 0750) && errno!=EEXIST) || (mkdir(zUploads, 0750) && errno!=EEXIST) ){
    fprintf(stderr, "zhifa: cannot create %s: %s\n", zUploads, strerror(errno));
    return 1;
  }
  if( job_set_dir(zJobs) ) return 1;
  snprintf(zJobs, sizeof zJobs, "%s/evidence", zDir);
  if( evidence_set_dir(zJobs) ) return 1;
  if( (d = opendir(zUploads))!=0 ){
    while( (pEnt = readdir(d))!=0 ){
      if( strncmp(pEnt->d_name, "upload-", 7)==0 ){
        char zPath[4500];
        snprintf(zPath, sizeof zPath, "%s/%s", zUploads, pEnt->d_name);
        unlink(zPath);
      }
    }
    closedir(d);
  }
  return 0;
}

static int verb_serve(int argc, char **argv){
  static const opt_spec a[] = {
    {"--db", 1, "database file"},
    {"--listen", 1, "ADDR:PORT (default 127.0.0.1:8080)"},
    {"--threads", 1, "worker threads (default: number of CPUs)"},
    {"--session-idle", 1, "idle session timeout in seconds (default 1800)"},
    {"--session-max", 1, "absolute session lifetime in seconds (default 43200)"},
    {"--login-max-failures", 1, "failures per account/address before 429 (default 5)"},
    {"--login-window", 1, "throttling window in seconds (default 900)"},
    {"--max-body", 1, "largest JSON body in bytes (default 1048576)"},
    {"--trust-proxy", 0, "take client address and https from X-Forwarded-* headers"},
    {"--tls-cert", 1, "PEM certificate: serve HTTPS (with --tls-key)"},
    {"--tls-key", 1, "PEM private key"},
    {"--evidence-max-bytes", 1, "largest evidence upload in bytes (default 2147483648)"},
    {0, 0, 0}
  };
  const char *az[12] = {0};
  char zUploads[4200];
  zf_upload aUpload[16];
  unsigned long long evidenceMax = EVIDENCE_MAX_BYTES_DEFAULT;
  int i;
  zf_http_config cfg;
  zf_db *pDb;
  zf_error e = {0};
  long nCpu = sysconf(_SC_NPROCESSORS_ONLN);
  int rc = opt_parse(argc, argv, 2, a, az, "zhifa serve --db FILE [--listen ADDR:PORT] [--threads N] ...");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") ) return 2;
  memset(&cfg, 0, sizeof cfg);
  cfg.zListen = az[1] ? az[1] : "127.0.0.1:8080";
  cfg.nThread = az[2] ? atoi(az[2]) : (int)(nCpu>0 ? nCpu : 2);
  cfg.maxBody = az[7] ? (size_t)strtoull(az[7], 0, 10) : (1u<<20);
  cfg.trustProxy = az[8]!=0;
  cfg.zTlsCert = az[9];
  cfg.zTlsKey = az[10];
  if( az[3] ) auth_config.sessionIdle = atoll(az[3]);
  if( az[4] ) auth_config.sessionMax = atoll(az[4]);
  if( az[5] ) auth_config.loginMaxFailures = atoi(az[5]);
  if( az[6] ) auth_config.loginWindow = atoll(az[6]);
  if( az[11] ) evidenceMax = strtoull(az[11], 0, 10);
  if( evidenceMax<1024 || zf_nuploads>(int)(sizeof aUpload/sizeof aUpload[0]) ){
    fprintf(stderr, "zhifa: --evidence-max-bytes must be at least 1024\n");
    return 2;
  }
  if( cfg.nThread<1 || cfg.nThread>256 || cfg.maxBody<1024 || auth_config.sessionIdle<1
   || auth_config.sessionMax<1 || auth_config.loginMaxFailures<1 || auth_config.loginWindow<1 ){
    fprintf(stderr, "zhifa: an option value is out of range (try --help)\n");
    return 2;
  }
  if( open_db(az[0], 1, &pDb) ) return 1;
  rc = db_migrate(pDb, &e);
  if( rc==ZF_OK ) rc = demo_reference(pDb, &e);
  if( rc ){ db_close(pDb); return report(rc, &e); }
  if( db_thread_setup(az[0]) ){ db_close(pDb); return 1; }
  if( serve_files(az[0], zUploads, sizeof zUploads) ){ db_close(pDb); return 1; }
  for(i=0; i<zf_nuploads; i++){
    aUpload[i] = zf_uploads[i];
    if( strcmp(aUpload[i].zPattern, EVIDENCE_UPLOAD_PATTERN)==0 ) aUpload[i].maxBytes = (size_t)evidenceMax;
  }
  cfg.aUpload = aUpload;
  cfg.nUpload = zf_nuploads;
  cfg.zUploadDir = zUploads;
  if( job_worker_start(az[0], zf_job_kinds, zf_njob_kinds) ){ db_close(pDb); return 1; }
  rc = http_serve(&cfg, zf_routes, zf_nroutes);
  job_worker_stop();
  if( db_checkpoint(pDb)==ZF_OK ) log_info("WAL checkpointed; bye");
  db_close(pDb);
  return rc;
}

/* Progress of a command-line import: a bar on a terminal, else a line
** every few seconds (logs stay readable). */
typedef struct cli_progress { int tty; double last; double t0; } cli_progress;

static double cli_seconds(void){
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void cli_progress_cb(void *pArg, int64_t done, int64_t total, int64_t rows){
  cli_progress *p = pArg;
  double now = cli_seconds();
  int pct = total>0 ? (int)(done * 100 / total) : 0;
  if( now - p->last < (p->tty ? 0.1 : 5.0) && done<total ) return;
  p->last = now;
  if( p->tty ){
    char zBar[41];
    int i, k = pct * 40 / 100;
    for(i=0; i<40; i++) zBar[i] = i<k ? '#' : '.';
    zBar[40] = 0;
    fprintf(stderr, "\r导入 [%s] %3d%%  %lld 行", zBar, pct, (long long)rows);
  }else{
    fprintf(stderr, "import: %d%% (%lld rows, %.1f s)\n", pct, (long long)rows, now - p->t0);
  }
  fflush(stderr);
}

static int verb_import(int argc, char **argv){
  const char *zDb = 0, *zFile = 0, *zErrors = 0;
  int i, dry = 0, rc, written = 0;
  ent_import_opts opt;
  ent_import_result res;
  cli_progress prog;
  ent_ctx c;
  zf_db *pDb;
  zf_error e = {0};
  double t;
  static const char zUsage[] =
    "usage: zhifa import enterprises --db FILE [--dry-run] [--errors OUT.csv] FILE.csv|FILE.xlsx\n"
    "  --dry-run       check every row, write nothing\n"
    "  --errors F      write the refused rows with their reasons to F (CSV)\n"
    "exit status: 0 every row went in, 1 some rows were refused, 2 the file cannot be read\n"
    "(or bad usage), 3 the database cannot be used\n";
  if( argc<3 || strcmp(argv[2], "enterprises")!=0 ){
    fputs(zUsage, argc>=3 && strcmp(argv[2], "--help")==0 ? stdout : stderr);
    return argc>=3 && strcmp(argv[2], "--help")==0 ? 0 : 2;
  }
  for(i=3; i<argc; i++){
    if( strcmp(argv[i], "--help")==0 ){ fputs(zUsage, stdout); return 0; }
    else if( strcmp(argv[i], "--dry-run")==0 ) dry = 1;
    else if( strcmp(argv[i], "--db")==0 && i+1<argc ) zDb = argv[++i];
    else if( strcmp(argv[i], "--errors")==0 && i+1<argc ) zErrors = argv[++i];
    else if( argv[i][0]=='-' || zFile ){ fprintf(stderr, "zhifa: unexpected '%s'\n%s", argv[i], zUsage); return 2; }
    else zFile = argv[i];
  }
  if( !opt_require(zDb, "--db") ) return 2;
  if( zFile==0 ){ fprintf(stderr, "zhifa: which file? (try --help)\n"); return 2; }
  if( open_db(zDb, 1, &pDb) ) return 3;
  if( db_migrate(pDb, &e) ){ db_close(pDb); report(1, &e); return 3; }
  memset(&opt, 0, sizeof opt);
  memset(&prog, 0, sizeof prog);
  prog.tty = isatty(2);
  prog.t0 = t = cli_seconds();
  opt.zFile = zFile;
  opt.zDisplayName = strrchr(zFile, '/') ? strrchr(zFile, '/') + 1 : zFile;
  opt.dryRun = dry;
  opt.zErrorPath = zErrors;
  opt.pErrorFileWritten = &written;
  opt.xProgress = cli_progress_cb;
  opt.pProgressArg = &prog;
  opt.cacheMb = 1024;              /* the command line may use memory freely */
  ent_ctx_init(&c, pDb, 0, "cli");
  rc = enterprise_import(&c, &opt, &res, &e);
  ent_ctx_free(&c);
  db_close(pDb);
  if( prog.tty ) fputs("\n", stderr);
  t = cli_seconds() - t;
  if( rc ){
    fprintf(stderr, "zhifa: %s\n", e.message[0] ? e.message : err_message(rc));
    ent_import_result_free(&res);
    return rc==ZF_EINVAL ? 2 : 3;
  }
  for(i=0; i<(int)json_array_size(res.pErrors); i++){
    json_t *x = json_array_get(res.pErrors, i);
    printf("第 %lld 行 [%s] %s\n", (long long)json_integer_value(json_object_get(x, "row")),
           json_string_value(json_object_get(x, "column")), json_string_value(json_object_get(x, "reason")));
  }
  for(i=0; i<(int)json_array_size(res.pWarnings); i++) printf("注意：%s\n", json_string_value(json_array_get(res.pWarnings, i)));
  printf("%s：%lld 行，新增 %lld，更新 %lld，未变 %lld，拒绝 %lld（%.2f 秒，%.0f 行/秒）%s\n",
         dry ? "试导入（未写入）" : "导入完成", (long long)res.nRow, (long long)res.nInserted,
         (long long)res.nUpdated, (long long)res.nUnchanged, (long long)res.nRefused, t,
         t>0 ? res.nRow / t : 0.0, written ? "；被拒绝的行已写入错误文件" : "");
  rc = res.nRefused ? 1 : 0;
  ent_import_result_free(&res);
  return rc;
}

static int verb_export(int argc, char **argv){
  static const opt_spec a[] = {
    {"--db", 1, "database file"},
    {"--out", 1, "file to write: .xlsx or .csv"},
    {0, 0, 0}
  };
  const char *az[2] = {0};
  zf_db *pDb;
  zf_error e = {0};
  int64_t n = 0;
  double t;
  int rc, isXlsx;
  size_t len;
  if( argc<3 || strcmp(argv[2], "enterprises")!=0 ){
    printf("usage: zhifa export enterprises --db FILE --out FILE.xlsx|FILE.csv\n");
    return argc>=3 && strcmp(argv[2], "--help")==0 ? 0 : 2;
  }
  rc = opt_parse(argc, argv, 3, a, az, "zhifa export enterprises --db FILE --out FILE.xlsx|FILE.csv");
  if( rc ) return rc==1 ? 0 : rc;
  if( !opt_require(az[0], "--db") || !opt_require(az[1], "--out") ) return 2;
  len = strlen(az[1]);
  isXlsx = len>5 && strcmp(az[1] + len - 5, ".xlsx")==0;
  if( !isXlsx && !(len>4 && strcmp(az[1] + len - 4, ".csv")==0) ){
    fprintf(stderr, "zhifa: --out must end in .xlsx or .csv\n");
    return 2;
  }
  if( open_db(az[0], 1, &pDb) ) return 1;
  t = cli_seconds();
  rc = enterprise_export(pDb, 0, az[1], isXlsx, 1, &n, &e);
  db_close(pDb);
  if( rc==ZF_OK ) printf("exported %lld enterprises to %s in %.2f s\n", (long long)n, az[1], cli_seconds() - t);
  return report(rc, &e);
}

static int verb_draw(int argc, char **argv){
  static const char zUsage[] = "zhifa draw verify FILE   (a published draw document, JSON)";
  if( argc>=3 && strcmp(argv[2], "--help")==0 ){ printf("usage: %s\n", zUsage); return 0; }
  if( argc!=4 || strcmp(argv[2], "verify")!=0 ){
    fprintf(stderr, "usage: %s\n", zUsage);
    return 2;
  }
  return draw_verify_file(argv[3]);
}

static const struct { const char *zName; int (*xVerb)(int, char**); const char *zHelp; } aVerb[] = {
  {"serve",   verb_serve,   "run the web server"},
  {"init",    verb_init,    "create a new database with an administrator"},
  {"demo",    verb_demo,    "create a database filled with the demo district"},
  {"migrate", verb_migrate, "bring a database to the latest schema"},
  {"backup",  verb_backup,  "consistent online copy of a (serving) database"},
  {"audit",   verb_audit,   "audit verify: check the hash chain"},
  {"user",    verb_user,    "user add|passwd|disable|enable"},
  {"import",  verb_import,  "import enterprises: load a CSV/XLSX file into the ledger"},
  {"export",  verb_export,  "export enterprises: write the ledger to XLSX/CSV"},
  {"risk",    risk_cli,     "risk recompute: recompute every risk grade and the key-enterprise lists"},
  {"draw",    verb_draw,    "draw verify FILE: re-run a published double-random draw"},
};

int main(int argc, char **argv){
  size_t i;
  if( sodium_init()<0 ){
    fprintf(stderr, "zhifa: libsodium failed to initialise\n");
    return 1;
  }
  if( argc>=2 && strcmp(argv[1], "--version")==0 ){
    printf("zhifa %s (SQLite %s, schema %d)\n", ZF_VERSION, db_engine_version(), db_latest_version());
    return 0;
  }
  for(i=0; argc>=2 && i<sizeof aVerb/sizeof aVerb[0]; i++){
    if( strcmp(argv[1], aVerb[i].zName)==0 ) return aVerb[i].xVerb(argc, argv);
  }
  printf("zhifa %s — 应急管理综合行政执法平台\nusage: zhifa VERB [options]   (zhifa VERB --help)\n",
         ZF_VERSION);
  for(i=0; i<sizeof aVerb/sizeof aVerb[0]; i++) printf("  %-8s %s\n", aVerb[i].zName, aVerb[i].zHelp);
  printf("  --version\n");
  return argc>=2 && strcmp(argv[1], "--help")!=0 ? 2 : 0;
}
