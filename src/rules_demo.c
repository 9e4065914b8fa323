/*
** rules_demo.c — the demo district's rule data: a draft of next year's rule
** set made by the legal reviewer.
*/
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/clock.h"
#include "rules.h"

int rules_demo(zf_db *pDb, int scale, zf_error *e){
  rules_set_new nu = {0, "2027年法规参数（草案）", "2027-01-01", 0,
    "演示：法制审核人员以现行版本为基础起草，待核对部令第18号条文后修改“待核”项目并发布。"};
  int64_t id;
  (void)scale;
  return rules_set_create(pDb, ZF_WHO("legal"), &nu, &id, e);
}
