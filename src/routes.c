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
#include "catalog.h"
#include "checklist.h"
#include "calendar_api.h"
#include "enterprise.h"
#include "enterprise_io.h"
#include "industry.h"
#include "job.h"
#include "openapi.h"
#include "org.h"
#include "plan.h"
#include "region.h"
#include "risk.h"
#include "routes.h"
#include "rules.h"
#include "session.h"
#include "staff.h"
#include "inspection.h"
#include "hazard.h"
#include "draw.h"
#include "evidence.h"
#include "fieldwork.h"
#include "workbench.h"

/* ROUTE: GET /api/v1/health — liveness and database reachability. */
static int health_handler(zf_req *r){
  zf_stmt *pStmt = db_stmt(r->pDb, "SELECT 1");
  int ok = pStmt && db_step(pStmt)==1;
  if( pStmt ) db_reset(pStmt);
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
  {"GET", "/api/v1/workbench", workbench_handler, PERM_SIGNED_IN, "session",
   "工作台待办计数（src/workbench.c）", 0, 0},

  /* regions */
  {"GET", "/api/v1/regions", region_list_handler, PERM_SIGNED_IN, "org", "下级区划列表", 0, "parent"},

  /* org: units and powers granted to streets (src/org.c, src/org_power.c) */
  {"GET", "/api/v1/units", org_unit_list_handler, PERM_ORG_READ, "org", "单位列表", 0,
   "kind,status,q,parent,cursor,limit"},
  {"POST", "/api/v1/units", org_unit_create_handler, PERM_ORG_ADMIN, "org", "新建单位",
   org_unit_create_body, 0},
  {"GET", "/api/v1/units/{id}", org_unit_get_handler, PERM_ORG_READ, "org", "单位详情（街道含授权事项）", 0, 0},
  {"PATCH", "/api/v1/units/{id}", org_unit_patch_handler, PERM_ORG_ADMIN, "org", "修改单位",
   org_unit_patch_body, 0},
  {"GET", "/api/v1/units/{id}/may", org_may_handler, PERM_ORG_READ, "org",
   "街道能否在某日实施某执法事项", 0, "item,date,place"},
  {"GET", "/api/v1/units/{id}/powers", org_power_list_handler, PERM_ORG_READ, "org",
   "街道的授权/委托事项", 0, "date"},
  {"POST", "/api/v1/units/{id}/powers", org_power_add_handler, PERM_ORG_ADMIN, "org",
   "授权/委托街道执法事项", org_power_body, 0},
  {"POST", "/api/v1/units/{id}/powers/{pid}/revoke", org_power_revoke_handler, PERM_ORG_ADMIN, "org",
   "撤销授权/委托", org_revoke_body, 0},
  {"POST", "/api/v1/units/{id}/void", org_unit_void_handler, PERM_ORG_ADMIN, "org", "撤销单位",
   org_void_body, 0},

  /* staff: persons, certificates, training, conflicts, experts, eligibility
  ** (src/staff.c, src/staff_record.c) */
  {"GET", "/api/v1/certificates/warnings", staff_cert_warnings_handler, PERM_STAFF_READ, "staff",
   "执法证到期预警（即将到期/已过期）", 0, "date"},
  {"PATCH", "/api/v1/certificates/{id}", staff_cert_patch_handler, PERM_STAFF_ADMIN, "staff",
   "更正执法证信息", staff_cert_patch_body, 0},
  {"POST", "/api/v1/certificates/{id}/status", staff_cert_status_handler, PERM_STAFF_ADMIN, "staff",
   "暂扣、吊销或恢复执法证", staff_cert_status_body, 0},
  {"POST", "/api/v1/conflicts/{id}/void", staff_conflict_void_handler, PERM_STAFF_ADMIN, "staff",
   "作废回避登记", staff_void_body, 0},
  {"GET", "/api/v1/experts", staff_expert_list_handler, PERM_STAFF_READ, "staff", "专家库", 0,
   "field,q,status,cursor,limit"},
  {"GET", "/api/v1/professional-ratio", staff_ratio_handler, PERM_STAFF_READ, "staff",
   "专业化比例（各单位与全局，目标 75%）", 0, "date"},
  {"POST", "/api/v1/qualifications/{id}/void", staff_qual_void_handler, PERM_STAFF_ADMIN, "staff",
   "作废职业资格", staff_void_body, 0},
  {"GET", "/api/v1/staff", staff_list_handler, PERM_STAFF_READ, "staff", "人员列表", 0,
   "unit,kind,status,cert,professional,q,cursor,limit"},
  {"POST", "/api/v1/staff", staff_create_handler, PERM_STAFF_ADMIN, "staff", "新增人员（可同时登记执法证）",
   staff_create_body, 0},
  {"GET", "/api/v1/staff/{id}", staff_get_handler, PERM_STAFF_READ, "staff",
   "人员详情（证件、培训、资格、回避、执法资格）", 0, 0},
  {"PATCH", "/api/v1/staff/{id}", staff_patch_handler, PERM_STAFF_ADMIN, "staff", "修改人员、离岗/在岗",
   staff_patch_body, 0},
  {"POST", "/api/v1/staff/{id}/certificates", staff_cert_add_handler, PERM_STAFF_ADMIN, "staff",
   "登记执法证", staff_cert_body, 0},
  {"POST", "/api/v1/staff/{id}/conflicts", staff_conflict_add_handler, PERM_STAFF_ADMIN, "staff",
   "登记利害关系（回避）", staff_conflict_body, 0},
  {"GET", "/api/v1/staff/{id}/eligibility", staff_eligibility_handler, PERM_STAFF_READ, "staff",
   "能否作为执法人员（持证、在岗、回避、街道授权）", 0, "date,item,enterprise"},
  {"POST", "/api/v1/staff/{id}/qualifications", staff_qual_add_handler, PERM_STAFF_ADMIN, "staff",
   "登记职业资格", staff_qual_body, 0},
  {"POST", "/api/v1/staff/{id}/trainings", staff_training_add_handler, PERM_STAFF_ADMIN, "staff",
   "登记培训", staff_training_body, 0},
  {"POST", "/api/v1/trainings/{id}/void", staff_training_void_handler, PERM_STAFF_ADMIN, "staff",
   "作废培训记录", staff_void_body, 0},

  /* inspections: scheduling, fewer-visits warnings, cancel (src/inspection*.c,
  ** plan clauses 14, 15, 18) */
  {"GET", "/api/v1/inspections", inspection_list_handler, PERM_INSPECTION_READ, "inspections",
   "检查列表（范围内；mine=true 为本人参加的）", 0,
   "enterprise_id,unit,status,type,from,to,draw_id,plan_id,mine,late,report_overdue,cursor,limit"},
  {"POST", "/api/v1/inspections", inspection_create_handler, PERM_INSPECTION_SCHEDULE, "inspections",
   "安排检查（人员资格、年度上限；同期他单位已安排时提示联合检查）", inspection_create_body, 0},
  {"GET", "/api/v1/inspections/overlaps", inspection_overlaps_handler, PERM_INSPECTION_READ,
   "inspections", "同一企业同期已安排的检查与本年检查次数（减少检查频次）", 0,
   "enterprise_id,from,to,unit"},
  {"GET", "/api/v1/inspections/{id}", inspection_get_handler, PERM_INSPECTION_READ, "inspections",
   "检查详情", 0, 0},
  {"POST", "/api/v1/inspections/{id}/cancel", inspection_cancel_handler, PERM_INSPECTION_SCHEDULE,
   "inspections", "取消尚未开始的检查（说明原因）", inspection_cancel_body, 0},

  /* hazards: rectification, re-inspection, overdue, case proposal; transfers
  ** to and from other departments; notifications (src/hazard*.c,
  ** src/transfer.c, src/notify.c; plan clauses 12, 16, 19) */
  {"GET", "/api/v1/hazards", hazard_list_handler, PERM_HAZARD_READ, "hazards",
   "隐患列表（范围内；按状态、类别、逾期、企业、检查筛选）", 0,
   "status,category,overdue,enterprise_id,inspection_id,q,cursor,limit"},
  {"POST", "/api/v1/hazards", hazard_create_handler, PERM_HAZARD_WRITE, "hazards",
   "登记检查发现的隐患或违法行为（重大事故隐患即时通知局领导）", hazard_create_body, 0},
  {"GET", "/api/v1/hazards/{id}", hazard_get_handler, PERM_HAZARD_READ, "hazards",
   "隐患详情与处理经过", 0, 0},
  {"POST", "/api/v1/hazards/{id}/actions", hazard_action_handler, PERM_HAZARD_WRITE, "hazards",
   "责令限期整改、企业报告整改完成、整改复查、当场整改完成、立案建议、作废", hazard_action_body, 0},
  {"GET", "/api/v1/transfers", transfer_list_handler, PERM_HAZARD_READ, "hazards",
   "移交列表（移出与移入）", 0, "direction,status,overdue,cursor,limit"},
  {"POST", "/api/v1/transfers", transfer_create_handler, PERM_HAZARD_WRITE, "hazards",
   "移交隐患至其他部门，或登记其他部门移入的事项", transfer_create_body, 0},
  {"GET", "/api/v1/transfers/{id}", transfer_get_handler, PERM_HAZARD_READ, "hazards", "移交详情", 0, 0},
  {"POST", "/api/v1/transfers/{id}/actions", transfer_bureau_act_handler, PERM_HAZARD_WRITE, "hazards",
   "移入事项指派承办单位、答复；作废移交", transfer_act_body, 0},
  {"GET", "/api/v1/department/transfers", transfer_dept_list_handler, PERM_TRANSFER_ANSWER, "hazards",
   "移交给本部门的事项", 0, "status,overdue,cursor,limit"},
  {"POST", "/api/v1/department/transfers/{id}/actions", transfer_dept_act_handler, PERM_TRANSFER_ANSWER,
   "hazards", "部门签收、答复移交事项", transfer_act_body, 0},
  {"GET", "/api/v1/notifications", notification_list_handler, PERM_SIGNED_IN, "notifications",
   "本人的通知", 0, "unread,cursor,limit"},
  {"POST", "/api/v1/notifications/{id}/read", notification_read_handler, PERM_SIGNED_IN,
   "notifications", "标记通知已读", 0, 0},
  /* evidence: streamed uploads into the content-addressed store, range
  ** playback, void; audio-video records (全过程记录) and the missing-
  ** recording flag (src/evidence*.c, plan clauses 16, 19) */
  {"POST", "/api/v1/evidence", evidence_upload_handler, PERM_EVIDENCE_WRITE, "evidence",
   "上传证据文件（请求体即文件，流式写盘；照片、音频、视频、扫描件）", 0, "link_kind,link_id,name,note"},
  {"GET", "/api/v1/evidence", evidence_list_handler, PERM_INSPECTION_READ, "evidence",
   "证据列表（范围内；按关联对象、类型筛选）", 0, "link_kind,link_id,media,include_voided,cursor,limit"},
  {"GET", "/api/v1/evidence/{id}", evidence_get_handler, PERM_INSPECTION_READ, "evidence",
   "证据详情（哈希、拍摄时间、GPS、上传人与设备）", 0, 0},
  {"GET", "/api/v1/evidence/{id}/content", evidence_content_handler, PERM_INSPECTION_READ, "evidence",
   "下载或播放证据文件（支持 Range 断点与拖动）", 0, 0},
  {"GET", "/api/v1/evidence/{id}/verify", evidence_verify_handler, PERM_INSPECTION_READ, "evidence",
   "校验证据文件（重新计算 SHA-256 与登记值比对）", 0, 0},
  {"POST", "/api/v1/evidence/{id}/void", evidence_void_handler, PERM_EVIDENCE_WRITE, "evidence",
   "作废证据记录（说明原因，文件保留）", evidence_void_body, 0},
  {"GET", "/api/v1/av-records", av_record_list_handler, PERM_INSPECTION_READ, "evidence",
   "执法全过程音像记录列表", 0, "link_kind,link_id,occasion,cursor,limit"},
  {"POST", "/api/v1/av-records", av_record_create_handler, PERM_EVIDENCE_WRITE, "evidence",
   "登记执法全过程音像记录（场景、起止触发、设备、执法人员、保存期限）", av_record_create_body, 0},
  {"GET", "/api/v1/av-records/missing", evidence_missing_handler, PERM_INSPECTION_READ, "evidence",
   "已到现场但缺少现场检查全过程记录的检查", 0, "from,cursor,limit"},
  {"POST", "/api/v1/av-records/{id}/void", av_record_void_handler, PERM_EVIDENCE_WRITE, "evidence",
   "作废音像记录（说明原因）", evidence_void_body, 0},
  /* fieldwork: carrying out an inspection on site — start, steps,
  ** attendance, checklist results, measures, report, close; every write
  ** takes the inspection's version (409 with "current") (src/fieldwork*.c,
  ** plan clauses 12, 15, 16, 19) */
  {"POST", "/api/v1/inspections/{id}/attendance", fieldwork_attendance_handler, PERM_INSPECTION_SCHEDULE,
   "fieldwork", "记录主要负责人、安全管理人员、操作人员是否全程在场", fieldwork_attendance_body, 0},
  {"POST", "/api/v1/inspections/{id}/close", fieldwork_close_handler, PERM_INSPECTION_SCHEDULE,
   "fieldwork", "办结已报告的检查", fieldwork_close_body, 0},
  {"GET", "/api/v1/inspections/{id}/field", fieldwork_get_handler, PERM_INSPECTION_READ,
   "fieldwork", "现场检查记录（步骤、在场情况、检查表及结果、报告）", 0, 0},
  {"POST", "/api/v1/inspections/{id}/notes", fieldwork_notes_handler, PERM_INSPECTION_SCHEDULE,
   "fieldwork", "现场处理措施与普法（以案释法）", fieldwork_notes_body, 0},
  {"POST", "/api/v1/inspections/{id}/report", fieldwork_report_handler, PERM_INSPECTION_SCHEDULE,
   "fieldwork", "报告检查结果（必查项不得遗漏；超过时限标记逾期）", fieldwork_report_body, 0},
  {"POST", "/api/v1/inspections/{id}/results", fieldwork_results_handler, PERM_INSPECTION_SCHEDULE,
   "fieldwork", "录入检查表结果（符合 / 不符合 / 不涉及）", fieldwork_results_body, 0},
  {"POST", "/api/v1/inspections/{id}/start", fieldwork_start_handler, PERM_INSPECTION_SCHEDULE,
   "fieldwork", "开始现场检查（执法人员人数与资格按实际日期核验）", fieldwork_start_body, 0},
  {"POST", "/api/v1/inspections/{id}/steps", fieldwork_step_handler, PERM_INSPECTION_SCHEDULE,
   "fieldwork", "记录现场步骤（执法告知 → 现场检查 → 交流反馈）", fieldwork_step_body, 0},

  /* draws: verifiable double-random draws (src/draw*.c; algorithm
  ** docs/draw-algorithm.md) */
  {"GET", "/api/v1/draws", draw_list_handler, PERM_DRAW_READ, "draws", "双随机抽查列表", 0,
   "status,q,cursor,limit"},
  {"POST", "/api/v1/draws", draw_create_handler, PERM_DRAW_RUN, "draws",
   "新建双随机抽查并冻结对象库（公布对象库哈希与种子承诺）", draw_create_body, 0},
  {"POST", "/api/v1/draws/preview", draw_preview_handler, PERM_DRAW_RUN, "draws",
   "预览对象库规模与可用执法人员（不保存）", draw_create_body, 0},
  {"GET", "/api/v1/draws/{id}", draw_get_handler, PERM_DRAW_READ, "draws", "双随机抽查详情", 0, 0},
  {"POST", "/api/v1/draws/{id}/draw", draw_run_handler, PERM_DRAW_RUN, "draws",
   "抽取：生成检查安排，公布种子与结果", 0, 0},
  {"GET", "/api/v1/draws/{id}/document", draw_document_handler, PERM_DRAW_READ, "draws",
   "抽查公示文件（JSON，可独立验证）", 0, "download"},
  {"POST", "/api/v1/draws/{id}/redraw", draw_redraw_handler, PERM_DRAW_RUN, "draws",
   "重新抽取（说明原因；原抽查作废，未开始的检查取消）", draw_redraw_body, 0},

  /* accounts */
  {"GET", "/api/v1/users", account_list_handler, PERM_USER_ADMIN, "accounts", "账号列表", 0,
   "q,role,disabled,cursor,limit"},
  {"POST", "/api/v1/users", account_create_handler, PERM_USER_ADMIN, "accounts", "新建账号",
   account_create_body, 0},
  {"GET", "/api/v1/users/{id}", account_get_handler, PERM_USER_ADMIN, "accounts", "账号详情", 0, 0},
  {"PATCH", "/api/v1/users/{id}", account_patch_handler, PERM_USER_ADMIN, "accounts",
   "修改账号（角色、范围、停用、重置密码）", account_patch_body, 0},

  /* enforcement catalog (执法事项目录, plan clause 4) — catalog.c */
  {"GET", "/api/v1/public/draws", draw_public_list_handler, PERM_PUBLIC, "draws",
   "公开：双随机抽查（对象库哈希、种子承诺、种子与结果）", 0, "status,q,cursor,limit"},
  {"GET", "/api/v1/public/draws/{id}", draw_public_get_handler, PERM_PUBLIC, "draws",
   "公开：一次双随机抽查及其结果", 0, 0},
  {"GET", "/api/v1/public/draws/{id}/document", draw_public_document_handler, PERM_PUBLIC, "draws",
   "公开：抽查公示文件（JSON，可独立验证；抽取前不含种子）", 0, "download"},
  {"GET", "/api/v1/public/catalog", catalog_public_handler, PERM_PUBLIC, "catalog",
   "公开的现行执法事项目录（免登录）", 0, "date,q,kind,sector,level,cursor,limit"},
  {"GET", "/api/v1/catalog/items", catalog_item_list_handler, PERM_SIGNED_IN, "catalog",
   "执法事项列表", 0, "version,q,kind,sector,level,cursor,limit"},
  {"GET", "/api/v1/catalog/items/{id}", catalog_item_get_handler, PERM_SIGNED_IN, "catalog",
   "执法事项详情", 0, 0},
  {"PATCH", "/api/v1/catalog/items/{id}", catalog_item_patch_handler, PERM_CATALOG_EDIT, "catalog",
   "修改草稿中的执法事项", catalog_item_patch_body, 0},
  {"DELETE", "/api/v1/catalog/items/{id}", catalog_item_delete_handler, PERM_CATALOG_EDIT, "catalog",
   "从草稿中移除执法事项", 0, 0},
  {"GET", "/api/v1/catalog/versions", catalog_version_list_handler, PERM_SIGNED_IN, "catalog",
   "目录版本列表", 0, "status,cursor,limit"},
  {"POST", "/api/v1/catalog/versions", catalog_version_create_handler, PERM_CATALOG_EDIT, "catalog",
   "新建目录草稿（可复制已有版本）", catalog_version_body, 0},
  {"GET", "/api/v1/catalog/versions/{id}", catalog_version_get_handler, PERM_SIGNED_IN, "catalog",
   "目录版本详情", 0, 0},
  {"PATCH", "/api/v1/catalog/versions/{id}", catalog_version_patch_handler, PERM_CATALOG_EDIT, "catalog",
   "修改目录草稿", catalog_version_patch_body, 0},
  {"GET", "/api/v1/catalog/versions/{id}/diff", catalog_version_diff_handler, PERM_SIGNED_IN, "catalog",
   "两个目录版本的差异", 0, "against"},
  {"POST", "/api/v1/catalog/versions/{id}/items", catalog_item_create_handler, PERM_CATALOG_EDIT, "catalog",
   "在草稿中新增执法事项", catalog_item_body, 0},
  {"POST", "/api/v1/catalog/versions/{id}/publish", catalog_version_publish_handler, PERM_CATALOG_PUBLISH,
   "catalog", "发布目录版本", 0, 0},
  {"POST", "/api/v1/catalog/versions/{id}/void", catalog_version_void_handler, PERM_CATALOG_EDIT, "catalog",
   "作废目录草稿", catalog_void_body, 0},

  /* checklists (检查表, plan clauses 12, 18) — checklist.c */
  {"GET", "/api/v1/public/checklists", checklist_public_handler, PERM_PUBLIC, "checklists",
   "公开的现行检查表（免登录）", 0, "sector,date"},
  {"GET", "/api/v1/checklists/current", checklist_current_handler, PERM_SIGNED_IN, "checklists",
   "某行业现行检查项", 0, "sector,date,features,must"},
  {"PATCH", "/api/v1/checklists/items/{id}", checklist_item_patch_handler, PERM_CATALOG_EDIT, "checklists",
   "修改草稿中的检查项", checklist_item_patch_body, 0},
  {"DELETE", "/api/v1/checklists/items/{id}", checklist_item_delete_handler, PERM_CATALOG_EDIT, "checklists",
   "从草稿中移除检查项", 0, 0},
  {"GET", "/api/v1/checklists/versions", checklist_version_list_handler, PERM_SIGNED_IN, "checklists",
   "检查表版本列表", 0, "sector,status,cursor,limit"},
  {"POST", "/api/v1/checklists/versions", checklist_version_create_handler, PERM_CATALOG_EDIT, "checklists",
   "新建检查表草稿（可复制已有版本）", checklist_version_body, 0},
  {"GET", "/api/v1/checklists/versions/{id}", checklist_version_get_handler, PERM_SIGNED_IN, "checklists",
   "检查表详情（含检查项）", 0, 0},
  {"PATCH", "/api/v1/checklists/versions/{id}", checklist_version_patch_handler, PERM_CATALOG_EDIT,
   "checklists", "修改检查表草稿", checklist_version_patch_body, 0},
  {"POST", "/api/v1/checklists/versions/{id}/items", checklist_item_create_handler, PERM_CATALOG_EDIT,
   "checklists", "在草稿中新增检查项", checklist_item_body, 0},
  {"POST", "/api/v1/checklists/versions/{id}/publish", checklist_version_publish_handler,
   PERM_CATALOG_PUBLISH, "checklists", "发布检查表", 0, 0},
  {"POST", "/api/v1/checklists/versions/{id}/void", checklist_version_void_handler, PERM_CATALOG_EDIT,
   "checklists", "作废检查表草稿", catalog_void_body, 0},
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

  /* risk grading and key enterprises (risk.c, risk_api.c; plan clauses 14, 18);
  ** the fixed paths come before /risk/enterprises/{id} */
  {"GET", "/api/v1/risk/enterprises", risk_list_handler, PERM_RISK_READ, "risk",
   "风险分级列表（按分值从高到低）", 0, "grade,sector,region,level,status,hazard,key,year,q,cursor,limit"},
  {"GET", "/api/v1/risk/enterprises/{id}", risk_get_handler, PERM_RISK_READ, "risk",
   "企业风险等级详情（逐项得分、人工调整记录、重点企业记录）", 0, 0},
  {"GET", "/api/v1/risk/enterprises/{id}/facts", risk_fact_list_handler, PERM_RISK_READ, "risk",
   "企业的风险事实（事故、违法、隐患、失信）", 0, "cursor,limit"},
  {"POST", "/api/v1/risk/enterprises/{id}/facts", risk_fact_add_handler, PERM_RISK_ADMIN, "risk",
   "登记风险事实（并重新计算该企业）", risk_fact_body, 0},
  {"POST", "/api/v1/risk/enterprises/{id}/overrides", risk_override_add_handler, PERM_RISK_ADMIN, "risk",
   "人工调整风险等级（须填理由）", risk_override_body, 0},
  {"POST", "/api/v1/risk/facts/{id}/void", risk_fact_void_handler, PERM_RISK_ADMIN, "risk",
   "作废风险事实", risk_reason_body, 0},
  {"GET", "/api/v1/risk/key-enterprises", risk_key_list_handler, PERM_RISK_READ, "risk",
   "重点检查企业名单（按年度）", 0, "year,region,basis,removed,q,cursor,limit"},
  {"POST", "/api/v1/risk/key-enterprises", risk_key_add_handler, PERM_RISK_ADMIN, "risk",
   "人工列入重点检查企业（须填理由）", risk_key_body, 0},
  {"POST", "/api/v1/risk/key-enterprises/{id}/remove", risk_key_remove_handler, PERM_RISK_ADMIN, "risk",
   "移出重点检查企业名单（须填理由）", risk_reason_body, 0},
  {"GET", "/api/v1/risk/model", risk_model_handler, PERM_RISK_READ, "risk",
   "现行风险分级模型（权重与等级分界，来自规则集）", 0, 0},
  {"POST", "/api/v1/risk/overrides/{id}/withdraw", risk_override_withdraw_handler, PERM_RISK_ADMIN, "risk",
   "撤销人工调整", risk_reason_body, 0},
  {"POST", "/api/v1/risk/recompute", risk_recompute_handler, PERM_RISK_ADMIN, "risk",
   "重新计算全部企业的风险等级与重点企业名单（后台任务）", 0, 0},
  {"GET", "/api/v1/risk/stats", risk_stats_handler, PERM_RISK_READ, "risk",
   "风险等级统计（按街道、按行业）", 0, "region,sector,status,year"},
  /* annual enforcement plans (年度执法计划, plan clause 14) — plan.c, plan_report.c,
  ** plan_api.c; /plans/progress comes before /plans/{id}, which would match it */
  {"GET", "/api/v1/public/plans", plan_public_handler, PERM_PUBLIC, "plans",
   "已公布的年度执法计划摘要（免登录）", 0, "year"},
  {"GET", "/api/v1/plans", plan_list_handler, PERM_PLAN_READ, "plans", "年度执法计划列表", 0,
   "year,unit,status,cursor,limit"},
  {"POST", "/api/v1/plans", plan_create_handler, PERM_PLAN_EDIT, "plans", "新建年度执法计划（草稿）",
   plan_create_body, 0},
  {"GET", "/api/v1/plans/progress", plan_year_progress_handler, PERM_PLAN_READ, "plans",
   "某年度各单位计划执行进度", 0, "year"},
  {"GET", "/api/v1/plans/{id}", plan_get_handler, PERM_PLAN_READ, "plans",
   "计划详情（预算、覆盖、重点企业、配额、专项）", 0, "version"},
  {"PATCH", "/api/v1/plans/{id}", plan_patch_handler, PERM_PLAN_EDIT, "plans",
   "修改计划草稿（名称、人员数、说明、工作日预算）", plan_patch_body, 0},
  {"POST", "/api/v1/plans/{id}/adjust", plan_adjust_handler, PERM_PLAN_EDIT, "plans",
   "提出计划调整（新版本草稿，须说明原因）", plan_reason_body, 0},
  {"POST", "/api/v1/plans/{id}/approve", plan_approve_handler, PERM_PLAN_APPROVE, "plans",
   "登记区政府批准（文号、日期）", plan_approve_body, 0},
  {"GET", "/api/v1/plans/{id}/budget", plan_budget_handler, PERM_PLAN_READ, "plans", "工作日预算表", 0,
   "version"},
  {"POST", "/api/v1/plans/{id}/campaigns", plan_campaign_add_handler, PERM_PLAN_EDIT, "plans",
   "在草稿中新增专项检查", plan_campaign_body, 0},
  {"PATCH", "/api/v1/plans/{id}/campaigns/{cid}", plan_campaign_patch_handler, PERM_PLAN_EDIT, "plans",
   "修改草稿中的专项检查", plan_campaign_body, 0},
  {"DELETE", "/api/v1/plans/{id}/campaigns/{cid}", plan_campaign_delete_handler, PERM_PLAN_EDIT, "plans",
   "从草稿中移除专项检查", 0, 0},
  {"POST", "/api/v1/plans/{id}/entries", plan_entries_handler, PERM_PLAN_EDIT, "plans",
   "安排（或取消安排）重点企业的检查月份/季度", plan_entries_body, 0},
  {"GET", "/api/v1/plans/{id}/keys", plan_keys_handler, PERM_PLAN_READ, "plans",
   "重点企业安排表（覆盖情况）", 0, "version"},
  {"GET", "/api/v1/plans/{id}/progress", plan_progress_handler, PERM_PLAN_READ, "plans",
   "计划执行进度（按月、按单位、重点企业覆盖）", 0, "version"},
  {"POST", "/api/v1/plans/{id}/publish", plan_publish_handler, PERM_PLAN_APPROVE, "plans",
   "公布已批准的计划（生成重点检查任务）", 0, 0},
  {"PUT", "/api/v1/plans/{id}/quotas", plan_quotas_handler, PERM_PLAN_EDIT, "plans",
   "设置各行业、各时段的“双随机”/日常检查配额", plan_quotas_body, 0},
  {"POST", "/api/v1/plans/{id}/return", plan_return_handler, PERM_PLAN_APPROVE, "plans",
   "退回已提交的计划", plan_reason_body, 0},
  {"POST", "/api/v1/plans/{id}/spread", plan_spread_handler, PERM_PLAN_EDIT, "plans",
   "把未安排的重点企业均匀分配到各月/季度", plan_spread_body, 0},
  {"POST", "/api/v1/plans/{id}/submit", plan_submit_handler, PERM_PLAN_EDIT, "plans",
   "提交计划报批（重点企业未全部安排或超出预算时拒绝）", 0, 0},
  {"GET", "/api/v1/plans/{id}/versions", plan_versions_handler, PERM_PLAN_READ, "plans",
   "计划的各版本及其审批记录", 0, 0},

  /* background jobs (job.c): only the account that submitted a job sees it */
  {"GET", "/api/v1/jobs/{id}", job_get_handler, PERM_SIGNED_IN, "jobs", "后台任务状态与结果", 0, 0},
  {"GET", "/api/v1/jobs/{id}/errors", job_errors_handler, PERM_SIGNED_IN, "jobs",
   "下载后台任务的错误文件", 0, 0},

  /* audit chain */
  {"GET", "/api/v1/audit", auditlog_list_handler, PERM_AUDIT_READ, "audit", "审计记录",
   0, "entity,entity_id,actor,action,cursor,limit"},
  {"GET", "/api/v1/audit/verify", auditlog_verify_handler, PERM_AUDIT_READ, "audit",
   "校验审计链", 0, 0},

  /* rules: working-day calendar (public calculator), rule sets, discretion benchmarks */
  {"GET", "/api/v1/calendar", calendar_year_get_handler, PERM_PUBLIC, "rules",
   "某年节假日安排（放假与调休上班日）", 0, "year"},
  {"GET", "/api/v1/calendar/add", calendar_add_handler, PERM_PUBLIC, "rules",
   "期限计算：起算日加工作日或自然日", 0, "from,workdays,days"},
  {"GET", "/api/v1/calendar/versions", calendar_versions_handler, PERM_SIGNED_IN, "rules",
   "某年节假日安排的历史版本", 0, "year"},
  {"POST", "/api/v1/calendar/years", calendar_year_post_handler, PERM_RULES_ADMIN, "rules",
   "录入或替换某年节假日安排", calendar_year_body, 0},
  {"GET", "/api/v1/rules", rules_in_force_handler, PERM_SIGNED_IN, "rules",
   "某日生效的法规参数", 0, "date"},
  {"GET", "/api/v1/rule-sets", rules_set_list_handler, PERM_SIGNED_IN, "rules",
   "法规参数版本列表", 0, "status,q,cursor,limit"},
  {"POST", "/api/v1/rule-sets", rules_set_create_handler, PERM_RULES_ADMIN, "rules",
   "以某版本为基础新建草稿", rules_set_create_body, 0},
  {"GET", "/api/v1/rule-sets/{id}", rules_set_get_handler, PERM_SIGNED_IN, "rules",
   "法规参数版本详情", 0, 0},
  {"PATCH", "/api/v1/rule-sets/{id}", rules_set_patch_handler, PERM_RULES_ADMIN, "rules",
   "修改草稿（名称、生效日期、参数值）", rules_set_patch_body, 0},
  {"GET", "/api/v1/rule-sets/{id}/diff", rules_set_diff_handler, PERM_SIGNED_IN, "rules",
   "比较两个版本", 0, "base"},
  {"POST", "/api/v1/rule-sets/{id}/publish", rules_set_publish_handler, PERM_RULES_ADMIN, "rules",
   "发布草稿", rules_publish_body, 0},
  {"PATCH", "/api/v1/rule-sets/{id}/values/{key}", rules_value_patch_handler, PERM_RULES_ADMIN,
   "rules", "修改草稿中的一个参数", rules_value_patch_body, 0},
  {"POST", "/api/v1/rule-sets/{id}/void", rules_set_void_handler, PERM_RULES_ADMIN, "rules",
   "作废草稿", rules_void_body, 0},
  {"GET", "/api/v1/benchmarks", rules_benchmark_list_handler, PERM_SIGNED_IN, "rules",
   "裁量基准列表", 0, "q,status,code,date,cursor,limit"},
  {"POST", "/api/v1/benchmarks", rules_benchmark_create_handler, PERM_RULES_ADMIN, "rules",
   "新建裁量基准（或其新版本）草稿", rules_benchmark_body, 0},
  {"GET", "/api/v1/benchmarks/{id}", rules_benchmark_get_handler, PERM_SIGNED_IN, "rules",
   "裁量基准详情", 0, 0},
  {"PATCH", "/api/v1/benchmarks/{id}", rules_benchmark_patch_handler, PERM_RULES_ADMIN, "rules",
   "修改裁量基准草稿", rules_benchmark_patch_body, 0},
  {"POST", "/api/v1/benchmarks/{id}/publish", rules_benchmark_publish_handler, PERM_RULES_ADMIN,
   "rules", "发布裁量基准", rules_publish_body, 0},
  {"POST", "/api/v1/benchmarks/{id}/void", rules_benchmark_void_handler, PERM_RULES_ADMIN,
   "rules", "作废裁量基准草稿", rules_void_body, 0},
};

const int zf_nroutes = (int)(sizeof zf_routes / sizeof zf_routes[0]);

/* Upload routes: body limit instead of --max-body, streamed to a file. */
const zf_upload zf_uploads[] = {
  {"POST", "/api/v1/enterprises/import", 256u<<20},
  /* the cap is --evidence-max-bytes (main.c replaces this default) */
  {"POST", EVIDENCE_UPLOAD_PATTERN, (size_t)EVIDENCE_MAX_BYTES_DEFAULT},
};
const int zf_nuploads = (int)(sizeof zf_uploads / sizeof zf_uploads[0]);

const job_kind zf_job_kinds[] = {
  {"enterprise.import", enterprise_import_job},
  {"risk.recompute", risk_recompute_job},
};
const int zf_njob_kinds = (int)(sizeof zf_job_kinds / sizeof zf_job_kinds[0]);
