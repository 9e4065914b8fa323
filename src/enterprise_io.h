/*
** enterprise_io.h — the enterprise ledger in and out of spreadsheets
** (plan clause 18: the ledger is loaded from and handed over as the files
** people already keep): the import template, imports of CSV/XLSX files
** (every row and field checked; valid rows upserted by credit code; refused
** rows listed and written to an error file; dry runs), and exports that
** stream whatever the list shows.
**
** Template columns, in this order (the first nine must be present; the
** rest are optional and recognised by name):
**   统一社会信用代码, 企业名称, 注册地址, 所属区划代码, 国民经济行业代码, 监管行业,
**   从业人员数, 主要负责人, 联系电话, 安全管理人员, 安全管理人员电话, 监管层级,
**   营业收入区间, 安全生产标准化等级, 重大危险源等级, 安全风险特征, 许可证类型,
**   许可证编号, 许可证有效期起, 许可证有效期至, 经度, 纬度, 企业状态, 状态变更原因
*/
#ifndef ZF_ENTERPRISE_IO_H
#define ZF_ENTERPRISE_IO_H
#include "enterprise.h"
#include "enterprise_search.h"
#include "job.h"

/* What an import did. errors: [{row, field, column, reason}], at most
** ENT_IO_MAX_ERRORS (the error file has them all). */
#define ENT_IO_MAX_ERRORS 1000
typedef struct ent_import_result {
  int64_t nRow, nInserted, nUpdated, nUnchanged, nRefused;
  int isXlsx, wasGb18030;
  json_t *pErrors;             /* owned; free with ent_import_result_free */
  json_t *pWarnings;
} ent_import_result;
void ent_import_result_free(ent_import_result *p);
json_t *ent_import_result_json(const ent_import_result *p, const char *zFile, int dryRun);

typedef struct ent_import_opts {
  const char *zFile;           /* the file to read */
  const char *zDisplayName;    /* its name as the user knows it */
  int dryRun;                  /* check and count, write nothing */
  const char *zErrorPath;      /* write refused rows here (CSV), or NULL */
  int *pErrorFileWritten;      /* set to 1 when the error file was created */
  void (*xProgress)(void *pArg, int64_t done, int64_t total, int64_t rows);
  void *pProgressArg;
  int (*xCancelled)(void *pArg); /* non-zero: stop and roll back */
  int cacheMb;                 /* page cache for the transaction (0: 256 MiB) */
} ent_import_opts;

/*
** Imports a file as ctx's actor (scope applies; pWho NULL = command line).
** Returns ZF_OK when the file was read (some rows may be refused: see
** pRes->nRefused), ZF_EINVAL with e when the file cannot be read (not
** CSV/XLSX, wrong encoding, required columns missing) — nothing is written
** then. All changes are one transaction with one audit entry summarising
** the counts; every inserted or changed enterprise gets a history row;
** unchanged rows write nothing.
*/
int enterprise_import(ent_ctx *c, const ent_import_opts *pOpt, ent_import_result *pRes, zf_error *e);

/*
** Writes the enterprises matching pQ (NULL: all) in the list's order to
** zPath as XLSX or CSV, the template's columns plus region and industry
** names. showPhones 0 masks phones. *pnRow gets the count.
*/
int enterprise_export(zf_db *pDb, const ent_query *pQ, const char *zPath, int isXlsx,
                      int showPhones, int64_t *pnRow, zf_error *e);

/* Writes the import template (XLSX with a notes sheet, or CSV). */
int enterprise_template(const char *zPath, int isXlsx, zf_error *e);

/* The job kind "enterprise.import" (params: {"dry_run":bool}). */
int enterprise_import_job(zf_db *pDb, zf_job *pJob);

/* Handlers */
int enterprise_template_handler(zf_req *r);
int enterprise_import_handler(zf_req *r);
int enterprise_export_handler(zf_req *r);

#endif
