/*
** plan_demo.c — the demo district's annual enforcement plans (plan clause
** 14; SCENARIOS.md journey 1): the brigade's plan of this year, approved
** by the district government and published (its key enterprises are
** scheduled inspections), and next year's plan in draft with every key
** enterprise but two spread over the months, double-random quotas per
** sector and a 粉尘涉爆 campaign in May — "submit" is refused naming the
** two until they are scheduled.
**
** Key enterprises are chosen by the risk module (key_enterprise); this
** works with whatever rows exist, none included. Days set aside follow the
** kinds of the 宽城区 2025 plan; when the keys and quotas need more
** person-days than the budget, the planned headcount is raised to fit, so
** that the demo plan is always submittable once scheduled.
*/
#include <stdlib.h>
#include <string.h>
#include "account.h"
#include "core/calendar.h"
#include "plan.h"

#define PLAN_DEMO_BRIGADE "青云谱区应急管理综合行政执法大队"

/* Person-days set aside per kind (a brigade of about eight officers). */
static const struct { const char *zKind; int days; } plan_demo_days[] = {
  {"other.complaint", 60}, {"other.accident", 40}, {"other.case", 120}, {"other.reinspection", 80},
  {"other.joint", 30}, {"other.cross", 20}, {"other.supervision", 20}, {"other.duty", 150},
  {"other.emergency", 30}, {"other.assigned", 40},
  {"non.leave", 60}, {"non.training", 80}, {"non.meeting", 50}, {"non.admin", 60}, {"non.sick", 20},
  {"non.travel", 20}, {"non.other", 20},
};

/* Double-random and routine inspections per sector and quarter. */
static const plan_quota_new plan_demo_quotas[] = {
  {"trade", "random", "quarter", 1, 45}, {"trade", "random", "quarter", 2, 60},
  {"trade", "random", "quarter", 3, 60}, {"trade", "random", "quarter", 4, 45},
  {"chem", "random", "quarter", 1, 8}, {"chem", "random", "quarter", 2, 10},
  {"chem", "random", "quarter", 3, 10}, {"chem", "random", "quarter", 4, 8},
  {"fireworks", "random", "month", 1, 4}, {"fireworks", "random", "month", 12, 6},
  {"trade", "routine", "quarter", 2, 20}, {"trade", "routine", "quarter", 4, 20},
  {"other", "routine", "quarter", 3, 15},
};

static const plan_campaign_new plan_demo_campaigns[] = {
  {"粉尘涉爆企业专项检查", "粉尘涉爆", "month", 5, "trade", "dust", 24, "除尘系统、防爆电气、清扫制度"},
  {"有限空间作业专项检查", "有限空间", "quarter", 3, 0, "confined", 18, "汛期前后各一轮"},
  {"涉氨制冷企业专项检查", "涉氨制冷", "month", 7, 0, "ammonia", 6, 0},
};

static int plan_demo_who(zf_db *pDb, const char *zUser, zf_who *p){
  int64_t id;
  int rc = account_find(pDb, zUser, &id);
  return rc ? rc : auth_load_account(pDb, id, p);
}

/* Header, budget days, quotas and campaigns of a new demo plan. */
static int plan_demo_content(zf_db *pDb, const zf_who *pBrigade, int64_t planId, int officers, zf_error *e){
  plan_edit ed;
  int64_t cid;
  int i, rc;
  memset(&ed, 0, sizeof ed);
  if( officers>0 ){ ed.setOfficers = 1; ed.officersPlanned = officers; }
  ed.zNote = "按“局队合一”要求由执法大队统一编制，执法中队分片实施；街道、镇、集聚区另行编制本辖区计划。";
  for(i=0; i<(int)(sizeof plan_demo_days/sizeof plan_demo_days[0]); i++){
    ed.azKind[ed.nBudget] = plan_demo_days[i].zKind;
    ed.aDays[ed.nBudget++] = plan_demo_days[i].days;
  }
  rc = plan_update(pDb, pBrigade, planId, &ed, e);
  if( rc==ZF_OK ){
    rc = plan_quotas_set(pDb, pBrigade, planId, plan_demo_quotas,
                         (int)(sizeof plan_demo_quotas/sizeof plan_demo_quotas[0]), e);
  }
  for(i=0; rc==ZF_OK && i<(int)(sizeof plan_demo_campaigns/sizeof plan_demo_campaigns[0]); i++){
    rc = plan_campaign_add(pDb, pBrigade, planId, &plan_demo_campaigns[i], &cid, e);
  }
  return rc;
}

/* Raises the planned headcount when the plan needs more days than it has. */
static int plan_demo_fit(zf_db *pDb, const zf_who *pBrigade, int64_t planId, zf_error *e){
  plan_row row;
  plan_budget b;
  plan_edit ed;
  int rc = plan_load(pDb, planId, 0, &row);
  if( rc==ZF_OK ) rc = plan_budget_compute(pDb, &row, &b, e);
  if( rc || b.remaining>=0 || b.legalWorkdays<=0 ) return rc;
  memset(&ed, 0, sizeof ed);
  ed.setOfficers = 1;
  ed.officersPlanned = (int)((b.planned + b.otherDays + b.nonDays + b.legalWorkdays - 1) / b.legalWorkdays);
  if( ed.officersPlanned>10000 ) ed.officersPlanned = 10000;
  return plan_update(pDb, pBrigade, planId, &ed, e);
}

/* This year's plan: scheduled, submitted, approved on 20 January (or
** today, early in January), published. */
static int plan_demo_current(zf_db *pDb, const zf_who *pBrigade, const zf_who *pLeader, int year,
                             int64_t unitId, zf_error *e){
  char zToday[11], zApproved[11], zDoc[64];
  int64_t id;
  int n, rc = plan_create(pDb, pBrigade, unitId, year, 0, &id, e);
  if( rc==ZF_OK ) rc = plan_demo_content(pDb, pBrigade, id, 0, e);
  if( rc==ZF_OK ) rc = plan_spread(pDb, pBrigade, id, "month", 1, &n, e);
  if( rc==ZF_OK ) rc = plan_demo_fit(pDb, pBrigade, id, e);
  if( rc==ZF_OK ) rc = plan_submit(pDb, pBrigade, id, 0, 0, e);
  calendar_today(zToday);
  snprintf(zApproved, sizeof zApproved, "%04d-01-20", year);
  if( strcmp(zApproved, zToday)>0 ) snprintf(zApproved, sizeof zApproved, "%s", zToday);
  snprintf(zDoc, sizeof zDoc, "青府字〔%d〕8号", year);
  if( rc==ZF_OK ) rc = plan_approve(pDb, pLeader, id, zDoc, zApproved, e);
  if( rc==ZF_OK ) rc = plan_publish(pDb, pLeader, id, 0, 0, e);
  return rc;
}

/* Next year's draft: every key enterprise but the last two (by name)
** spread over the months, eight officers planned. */
static int plan_demo_next(zf_db *pDb, const zf_who *pBrigade, int year, int64_t unitId, zf_error *e){
  json_t *pTodo;
  plan_row row;
  int64_t id;
  int n, rc = plan_create(pDb, pBrigade, unitId, year, 0, &id, e);
  if( rc==ZF_OK ) rc = plan_demo_content(pDb, pBrigade, id, 8, e);
  if( rc==ZF_OK ) rc = plan_spread(pDb, pBrigade, id, "month", 1, &n, e);
  if( rc==ZF_OK ) rc = plan_demo_fit(pDb, pBrigade, id, e);
  if( rc==ZF_OK ) rc = plan_load(pDb, id, 0, &row);
  if( rc ) return rc;
  /* take two back out: the journey's "two key enterprises are unscheduled" */
  pTodo = plan_keys_json(pDb, &row);
  if( pTodo ){
    json_t *pItems = json_object_get(pTodo, "items");
    plan_entry_new a[2];
    size_t i, k = 0;
    for(i=json_array_size(pItems); i>0 && k<2; i--){
      json_t *o = json_array_get(pItems, i-1);
      if( !json_is_true(json_object_get(o, "required")) ) continue;
      a[k].enterpriseId = json_integer_value(json_object_get(o, "enterprise_id"));
      a[k].zPeriodKind = 0;
      a[k++].period = 0;
    }
    if( k>0 ) rc = plan_entries_set(pDb, pBrigade, id, a, (int)k, e);
    json_decref(pTodo);
  }
  return rc;
}

int plan_demo(zf_db *pDb, int scale, zf_error *e){
  zf_who brigade, leader;
  char zToday[11];
  int64_t unitId = 0;
  zf_stmt *pStmt;
  int year, rc;
  (void)scale;
  pStmt = db_stmt(pDb, "SELECT id FROM unit WHERE name=? AND kind='brigade'");
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "s", PLAN_DEMO_BRIGADE);
  if( db_step(pStmt)==1 ) unitId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( unitId==0 ) return ZF_OK;                 /* not the demo district */
  rc = plan_demo_who(pDb, "brigade", &brigade);
  if( rc==ZF_OK ) rc = plan_demo_who(pDb, "leader", &leader);
  if( rc ) return err_set(e, rc, 0, "演示账号 brigade / leader 不存在");
  calendar_today(zToday);
  year = atoi(zToday);
  rc = plan_demo_current(pDb, &brigade, &leader, year, unitId, e);
  if( rc==ZF_OK ) rc = plan_demo_next(pDb, &brigade, year + 1, unitId, e);
  return rc;
}
