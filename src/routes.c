/*
** routes.c — THE route table: every API endpoint of zhifa, with its
** permission, OpenAPI tag and summary, and request body table. A route
** whose permission is PERM_UNDECLARED is refused at run time and fails the
** unit test that walks this table (deny by default).
**
** Keep rows grouped by module and in path order inside a group.
*/
#include "account.h"
#include "auditlog.h"
#include "enterprise.h"
#include "enterprise_io.h"
#include "industry.h"
#include "job.h"
#include "openapi.h"
#include "region.h"
#include "routes.h"
#include "session.h"

/* ROUTE: GET /api/v1/health — liveness and database reachability. */
static int health_handler(zf_req *r){
  sqlite3_stmt *pStmt = db_stmt(r->pDb, "SELECT 1");
  int ok = pStmt && db_step(pStmt)==1;
  if( pStmt ) sqlite3_reset(pStmt);
  if( !ok ) return http_fail(r, ZF_EBUSY, 0, "数据库不可用");
  return http_reply(r, 200, json_pack("{s:s,s:s,s:s}", "status", "ok", "version", ZF_VERSION,
                                      "db", "ok"));
}

const zf_route zf_routes[] = {
  /* system */
  {"GET", "/api/v1/health", health_handler, PERM_PUBLIC, "system", "健康检查", 0, 0},
  {"GET", "/api/v1/openapi.json", openapi_handler, PERM_PUBLIC, "system", "OpenAPI 接口描述", 0, 0},

  /* sessions and the current account */
  {"POST", "/api/v1/session", session_login_handler, PERM_PUBLIC, "session", "登录",
   session_login_body, 0},
  {"DELETE", "/api/v1/session", session_logout_handler, PERM_SIGNED_IN, "session", "退出登录", 0, 0},
  {"GET", "/api/v1/me", session_me_handler, PERM_SIGNED_IN, "session", "当前账号", 0, 0},
  {"POST", "/api/v1/me/password", session_password_handler, PERM_SIGNED_IN, "session",
   "修改本人密码", session_password_body, 0},
  {"GET", "/api/v1/roles", session_roles_handler, PERM_SIGNED_IN, "session", "角色列表", 0, 0},

  /* regions */
  {"GET", "/api/v1/regions", region_list_handler, PERM_SIGNED_IN, "org", "下级区划列表", 0, "parent"},

  /* accounts */
  {"GET", "/api/v1/users", account_list_handler, PERM_USER_ADMIN, "accounts", "账号列表", 0,
   "q,role,disabled,cursor,limit"},
  {"POST", "/api/v1/users", account_create_handler, PERM_USER_ADMIN, "accounts", "新建账号",
   account_create_body, 0},
  {"GET", "/api/v1/users/{id}", account_get_handler, PERM_USER_ADMIN, "accounts", "账号详情", 0, 0},
  {"PATCH", "/api/v1/users/{id}", account_patch_handler, PERM_USER_ADMIN, "accounts",
   "修改账号（角色、范围、停用、重置密码）", account_patch_body, 0},

  /* enterprise ledger (enterprise.c, enterprise_api.c, enterprise_search.c);
  ** the fixed paths come before /enterprises/{id}, which would match them */
  {"GET", "/api/v1/industries", industry_list_handler, PERM_SIGNED_IN, "enterprises",
   "国民经济行业分类（GB/T 4754-2017）", 0, "parent,q,limit"},
  {"GET", "/api/v1/enterprises", enterprise_list_handler, PERM_ENTERPRISE_READ, "enterprises",
   "企业台账列表与搜索", 0, "q,region,sector,level,status,hazard,industry,sort,cursor,limit"},
  {"POST", "/api/v1/enterprises", enterprise_create_handler, PERM_ENTERPRISE_WRITE, "enterprises",
   "登记企业", enterprise_create_body, 0},
  {"GET", "/api/v1/enterprises/export.csv", enterprise_export_handler, PERM_ENTERPRISE_READ, "enterprises",
   "导出企业台账（CSV，按当前筛选条件，流式下载）", 0, "q,region,sector,level,status,hazard,industry,sort"},
  {"GET", "/api/v1/enterprises/export.xlsx", enterprise_export_handler, PERM_ENTERPRISE_READ, "enterprises",
   "导出企业台账（XLSX，按当前筛选条件）", 0, "q,region,sector,level,status,hazard,industry,sort"},
  {"POST", "/api/v1/enterprises/import", enterprise_import_handler, PERM_ENTERPRISE_WRITE, "enterprises",
   "导入企业台账（请求体为 CSV/XLSX 文件，后台任务）", 0, "filename,dry_run"},
  {"GET", "/api/v1/enterprises/options", enterprise_options_handler, PERM_ENTERPRISE_READ, "enterprises",
   "企业台账的选项（监管行业、风险特征等）", 0, 0},
  {"GET", "/api/v1/enterprises/template.csv", enterprise_template_handler, PERM_ENTERPRISE_READ, "enterprises",
   "企业台账导入模板（CSV）", 0, 0},
  {"GET", "/api/v1/enterprises/template.xlsx", enterprise_template_handler, PERM_ENTERPRISE_READ, "enterprises",
   "企业台账导入模板（XLSX，含填写说明）", 0, 0},
  {"GET", "/api/v1/enterprises/{id}", enterprise_get_handler, PERM_ENTERPRISE_READ, "enterprises",
   "企业详情（as_of=日期：该日的状态）", 0, "as_of"},
  {"PATCH", "/api/v1/enterprises/{id}", enterprise_patch_handler, PERM_ENTERPRISE_WRITE, "enterprises",
   "修改企业信息（含停产、关闭，须填原因）", enterprise_patch_body, 0},
  {"GET", "/api/v1/enterprises/{id}/history", enterprise_history_handler, PERM_ENTERPRISE_READ,
   "enterprises", "企业变更记录", 0, "cursor,limit"},

  /* background jobs (job.c): only the account that submitted a job sees it */
  {"GET", "/api/v1/jobs/{id}", job_get_handler, PERM_SIGNED_IN, "jobs", "后台任务状态与结果", 0, 0},
  {"GET", "/api/v1/jobs/{id}/errors", job_errors_handler, PERM_SIGNED_IN, "jobs",
   "下载后台任务的错误文件", 0, 0},

  /* audit chain */
  {"GET", "/api/v1/audit", auditlog_list_handler, PERM_AUDIT_READ, "audit", "审计记录",
   0, "entity,entity_id,actor,action,cursor,limit"},
  {"GET", "/api/v1/audit/verify", auditlog_verify_handler, PERM_AUDIT_READ, "audit",
   "校验审计链", 0, 0},
};

const int zf_nroutes = (int)(sizeof zf_routes / sizeof zf_routes[0]);

/* Upload routes: body limit instead of --max-body, streamed to a file. */
const zf_upload zf_uploads[] = {
  {"POST", "/api/v1/enterprises/import", 256u<<20},
};
const int zf_nuploads = (int)(sizeof zf_uploads / sizeof zf_uploads[0]);

const job_kind zf_job_kinds[] = {
  {"enterprise.import", enterprise_import_job},
};
const int zf_njob_kinds = (int)(sizeof zf_job_kinds / sizeof zf_job_kinds[0]);
