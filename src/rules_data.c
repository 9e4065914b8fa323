/*
** rules_data.c — the legal parameters and discretion benchmarks that ship
** with zhifa (shared RULES.md), loaded by demo_init() and so by `zhifa
** init`: two published rule sets and the benchmark examples.
**
**   set 1, effective 2021-07-15: 《行政处罚法》(2021) and the department
**          rules then in force (总局令第15号/第77号 …);
**   set 2, effective 2026-02-01: 应急管理部令第18号 replaces 15号/77号. Its
**          article-level numbers were not obtained, so values whose source
**          was 15号/77号 keep their number and are marked 待核.
**
** verified = 0 marks RULES.md's [K] items (and anything whose source is
** uncertain): the UI shows "待核" and an administrator confirms or changes
** them in a new version. Days in 《行政处罚法》 of 2/3/5/7 are working days
** (第八十五条), hence the unit "workdays" on those periods.
*/
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/clock.h"
#include "rules.h"

typedef struct rules_default {
  const char *zKey;
  long long value;
  const char *zUnit;
  const char *zLabel;
  const char *zSource;       /* set 1 */
  int verified;
  const char *zSource2;      /* set 2, NULL: as set 1 */
  int verified2;             /* used when zSource2 is set */
  const char *zNote;
} rules_default;

#define LAW "《行政处罚法》"
#define OLD77 "原总局令第15号（第77号修正）"
#define NEW18 "应急管理部令第18号相应条款待核（原依据："

static const rules_default rules_defaults[] = {
  {"case.decision_days", 90, "days", "立案后作出处罚决定的期限", LAW "第六十条", 1, 0, 0,
   "延长须经批准并记入案卷"},
  {"case.extended_decision_days", 180, "days", "经批准延长后的最长办案期限",
   OLD77 "：经本部门负责人批准延至90日，经上一级批准可再延长", 0,
   NEW18 "总局令第77号）", 0, "RULES.md：30→90日[V]，→180日[K]"},
  {"case.filing_after_investigation_days", 5, "days", "先行调查后补办立案手续的期限",
   OLD77, 0, NEW18 "总局令第77号）", 0, 0},
  {"limitation.years", 2, "years", "违法行为追责时效", LAW "第三十六条", 1, 0, 0, 0},
  {"limitation.years_harm", 5, "years", "涉及公民生命健康安全且有危害后果的追责时效",
   LAW "第三十六条", 1, 0, 0, 0},
  {"simple.max_fine_person_fen", 20000, "fen", "简易程序当场罚款上限（公民）", LAW "第五十一条", 1, 0, 0,
   "200元以下罚款或警告"},
  {"simple.max_fine_org_fen", 300000, "fen", "简易程序当场罚款上限（法人或其他组织）",
   LAW "第五十一条", 1, 0, 0, "3000元以下罚款或警告"},
  {"onspot.filing_days", 5, "days", "当场处罚决定报所属机关备案期限", "实践做法（当场处罚决定备案）", 1, 0, 0, 0},
  {"hearing.request_days", 5, "workdays", "告知后当事人要求听证的期限",
   LAW "第六十四条；第八十五条（“五日”指工作日）", 1, 0, 0, 0},
  {"hearing.notice_days", 7, "workdays", "举行听证前通知当事人的最短期限",
   LAW "第六十四条；第八十五条（“七日”指工作日）", 1, 0, 0, 0},
  {"hearing.threshold_person_fen", 2000000, "fen", "应告知听证的较大数额罚款（公民）",
   OLD77 "第33条（各来源所引不一：1万元或2万元）；省级另有规定的从其规定", 0,
   NEW18 "总局令第77号第33条）", 0, "RULES.md：取2万元，待核"},
  {"hearing.threshold_org_fen", 5000000, "fen", "应告知听证的较大数额罚款（法人或其他组织）",
   OLD77 "第33条（各来源所引不一：3万元或5万元）；省级另有规定的从其规定", 0,
   NEW18 "总局令第77号第33条）", 0, "RULES.md：取5万元，待核"},
  {"legal_review.confiscation_fen", 5000000, "fen", "须法制审核的没收违法所得数额",
   "重大执法决定法制审核制度（三项制度）", 1, 0, 0, 0},
  {"legal_review.fine_person_fen", 1000000, "fen", "须法制审核的罚款数额（公民）",
   "重大执法决定法制审核目录（某县示例：1万元）", 0, 0, 0, "各地目录不同，请按本地目录核定"},
  {"legal_review.fine_org_fen", 10000000, "fen", "须法制审核的罚款数额（法人或其他组织）",
   "重大执法决定法制审核目录（某县示例：10万元）", 0, 0, 0, "各地目录不同，请按本地目录核定"},
  {"payment.days", 15, "days", "收到处罚决定书后缴纳罚款的期限", LAW "第六十七条", 1, 0, 0, 0},
  {"payment.late_fee_percent_per_day", 3, "percent", "逾期不缴纳罚款每日加处罚款比例",
   LAW "第七十二条", 1, 0, 0, 0},
  {"payment.late_fee_cap_percent", 100, "percent", "加处罚款总额上限（占罚款数额）",
   LAW "第七十二条", 1, 0, 0, 0},
  {"service.absent_days", 7, "workdays", "当事人不在场时送达处罚决定书的期限",
   LAW "第六十一条；第八十五条（“七日”指工作日）", 0, 0, 0, 0},
  {"publicity.penalty_workdays", 7, "workdays", "作出行政处罚决定后公示的期限",
   "“双公示”规定（个人信息须脱敏）", 1, 0, 0, 0},
  {"publicity.other_workdays", 20, "workdays", "其他执法结果公示的期限", "国办发〔2018〕118号", 0, 0, 0, 0},
  {"publicity.draw_workdays", 20, "workdays", "“双随机”抽查结果公示期限（检查结束后）",
   "国发〔2019〕5号", 1, 0, 0, 0},
  {"transfer.min_officers", 2, "count", "提出涉嫌犯罪案件移送的执法人员人数下限",
   "应急〔2019〕54号第7条", 1, 0, 0, 0},
  {"transfer.decide_days", 3, "days", "负责人决定是否移送的期限", "应急〔2019〕54号第7条", 1, 0, 0, 0},
  {"transfer.hours", 24, "hours", "决定移送后向公安机关移送的时限", "应急〔2019〕54号第7条", 1, 0, 0, 0},
  {"police.answer_days", 3, "days", "公安机关作出立案或不立案决定的期限（抄送检察院）",
   "应急〔2019〕54号", 1, 0, 0, 0},
  {"reinspection.days", 10, "days", "整改期满或收到整改报告后复查的期限", "安全生产执法程序规定（待核）", 0,
   0, 0, 0},
  {"hazard.transfer_answer_days", 15, "days", "移交其他部门的隐患、违法线索待对方答复的期限（超期提示）",
   "平台默认（待核）", 0, 0, 0, "超过期限未答复的移交标为逾期"},
  {"seizure.days", 30, "days", "查封、扣押的期限", "《行政强制法》第二十五条", 0, 0, 0, 0},
  {"seizure.extension_days", 30, "days", "查封、扣押经批准延长的期限", "《行政强制法》第二十五条", 0,
   0, 0, 0},
  {"seizure.max_extensions", 1, "count", "查封、扣押可延长的次数", "《行政强制法》第二十五条", 0, 0, 0, 0},
  {"inspection.min_officers", 2, "count", "检查、调查、询问时持证执法人员人数下限",
   LAW "第四十二条", 1, 0, 0, "安监员、辅助人员不计入"},
  {"av.keep_days", 180, "days", "执法全过程音像记录保存期限（自记录开始之日起）", "平台默认（待核）", 0,
   0, 0, 0},
  {"inspection.report_hours", 48, "hours", "现场检查记录签字扫描件上传时限", "本局工作要求（待核）", 0,
   0, 0, 0},
  {"draw.min_officers", 2, "count", "“双随机”每户抽取持证执法人员人数下限", "“双随机、一公开”监管规定", 1,
   0, 0, 0},
  {"draw.exclude_recent_months", 6, "months", "抽取对象库排除近期已检查企业的期限",
   "平台默认（待核）", 0, 0, 0, "在此期限内已检查的企业不进入“双随机”对象库"},
  {"draw.officer_monthly_cap", 20, "count", "每名执法人员每月被抽派检查户数上限", "平台默认（待核）", 0,
   0, 0, "超过上限的人员本次不再抽派"},
  {"inspection.yearly_cap", 4, "count", "同一企业每年非投诉举报类检查次数上限", "平台默认（待核）", 0, 0, 0,
   "减少检查频次（联动）：举报投诉核查、复查不计入"},
  {"plan.double_random_share_percent", 70, "percent", "“双随机”抽查占一般检查的比例下限",
   "计划执法实践（RULES.md）", 1, 0, 0, 0},
  {"plan.legal_workdays", 248, "count", "年度法定工作日数（每名执法人员）", "宽城区2025年执法计划", 1,
   0, 0, "按当年节假日安排核定"},
  {"plan.key_enterprise_min_inspections", 1, "count", "重点生产经营单位每年全覆盖检查次数下限",
   "青办发〔2022〕14号任务14；鹰潭2024年计划", 1, 0, 0, 0},
  {"plan.days_per_inspection", 2, "count", "每户次计划检查占用的人日数（年度计划工作日预算）",
   "平台默认（待核）", 0, 0, 0, "按两名执法人员各一日计；年度计划以此把计划检查户次折算为人日"},
  {"staff.professional_ratio_percent", 75, "percent", "具有专业背景的执法人员占在编执法人员比例目标",
   "青办发〔2022〕14号任务9", 1, 0, 0, 0},
  {"cert.expiry_warning_days", 60, "days", "执法证到期预警提前天数", "平台设置", 1, 0, 0, 0},
  {"staff.professional_practice_years", 3, "years", "认定为具有实践经验的应急管理执法从业年限",
   "平台默认（待核）", 0, 0, 0, 0},
  {"credit.list_years", 3, "years", "严重失信主体名单公布期限", "应急管理部令第11号", 1, 0, 0, 0},
  {"credit.early_removal_months", 12, "months", "可申请提前移出名单的最短公布期", "应急管理部令第11号", 1,
   0, 0, 0},
  {"credit.accident_window_months", 12, "months", "认定“两起以上较大事故”的统计期",
   "应急管理部令第11号", 1, 0, 0, 0},
  {"risk.window_years", 3, "years", "风险分级统计事故、违法行为、隐患和失信记录的期间（近N年）",
   "青办发〔2022〕14号任务14（风险等级划分标准）；平台默认（待核）", 0, 0, 0, "期间外的记录不计分"},
  {"risk.w.sector.chem", 30, "count", "风险分值：危险化学品行业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.sector.fireworks", 30, "count", "风险分值：烟花爆竹行业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.sector.mining", 25, "count", "风险分值：非煤矿山行业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.sector.metallurgy", 20, "count", "风险分值：工贸·冶金（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.sector.nonferrous", 15, "count", "风险分值：工贸·有色（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.sector.trade", 8, "count", "风险分值：其他工贸行业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.sector.other", 5, "count", "风险分值：其他行业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.major_hazard.level1", 40, "count", "风险分值：一级重大危险源（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.major_hazard.level2", 30, "count", "风险分值：二级重大危险源（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.major_hazard.level3", 20, "count", "风险分值：三级重大危险源（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.major_hazard.level4", 15, "count", "风险分值：四级重大危险源（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.chem_produce", 15, "count", "风险分值：危化品生产（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.chem_store", 10, "count", "风险分值：危化品储存（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.chem_use", 6, "count", "风险分值：危化品使用（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.chem_sell", 6, "count", "风险分值：危化品经营（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.dust", 12, "count", "风险分值：粉尘涉爆（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.ammonia", 12, "count", "风险分值：涉氨制冷（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.confined", 6, "count", "风险分值：有限空间作业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.metal_smelting", 12, "count", "风险分值：金属冶炼（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.hot_work", 4, "count", "风险分值：动火作业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.gas", 4, "count", "风险分值：涉及燃气使用（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.feature.lifting", 3, "count", "风险分值：起重机械（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.size.large_employees", 300, "count", "风险分级：大型企业从业人员数下限（人）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.size.medium_employees", 100, "count", "风险分级：中型企业从业人员数下限（人）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.size.large", 10, "count", "风险分值：大型企业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.size.medium", 6, "count", "风险分值：中型企业（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.size.small", 2, "count", "风险分值：小型企业或人数未登记（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.standard.none", 10, "count", "风险分值：安全生产标准化未评定（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.standard.level3", 6, "count", "风险分值：安全生产标准化三级（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.standard.level2", 3, "count", "风险分值：安全生产标准化二级（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.standard.level1", 0, "count", "风险分值：安全生产标准化一级（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.accident", 15, "count", "风险分值：期间内生产安全事故，每级严重程度（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, "严重程度1一般、2较大、3重大、4特别重大"},
  {"risk.cap.accident", 45, "count", "风险分值：生产安全事故项上限（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.violation", 4, "count", "风险分值：期间内违法行为，每级严重程度（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.cap.violation", 20, "count", "风险分值：违法行为项上限（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.hazard", 1, "count", "风险分值：期间内一般事故隐患，每级严重程度（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.cap.hazard", 10, "count", "风险分值：一般事故隐患项上限（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.major_hazard_found", 10, "count", "风险分值：期间内重大事故隐患，每级严重程度（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.cap.major_hazard_found", 30, "count", "风险分值：重大事故隐患项上限（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.w.dishonest", 25, "count", "风险分值：期间内列入严重失信主体名单（分）",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.grade.red", 80, "count", "风险等级：重大风险（红）分值下限",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.grade.orange", 55, "count", "风险等级：较大风险（橙）分值下限",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, 0},
  {"risk.grade.yellow", 30, "count", "风险等级：一般风险（黄）分值下限",
   "平台默认（待核）：按本地风险分级标准核定", 0, 0, 0, "低于此分值为低风险（蓝）"},
  {"risk.key.chem_major_hazard_level", 4, "count", "重点检查企业：危化企业重大危险源等级达到此级及以上（1–4，0不适用）",
   "青办发〔2022〕14号任务14；平台默认（待核）", 0, 0, 0, "4：任一等级的重大危险源"},
  {"risk.key.grade_rank", 1, "count", "重点检查企业：风险等级达到此级及以上（1重大，2较大，3一般，0不适用）",
   "青办发〔2022〕14号任务14（安全风险等级较高的企业）；平台默认（待核）", 0, 0, 0,
   "取1：演示区约60家；取2（含较大）约380家，超出执法力量"},
  {"risk.key.recent_months", 12, "months", "重点检查企业：近期严重事故或违法行为的统计期",
   "平台默认（待核）", 0, 0, 0, 0},
  {"risk.key.serious_severity", 2, "count", "重点检查企业：近期事故或违法行为的严重程度下限（1–4，0不适用）",
   "平台默认（待核）", 0, 0, 0, "2：较大及以上"},
  {0, 0, 0, 0, 0, 0, 0, 0, 0}
};

int rules_default_find(const char *zKey, rules_value *pOut){
  const rules_default *d;
  for(d=rules_defaults; d->zKey; d++){
    if( strcmp(d->zKey, zKey)!=0 ) continue;
    memset(pOut, 0, sizeof *pOut);
    snprintf(pOut->zKey, sizeof pOut->zKey, "%s", d->zKey);
    pOut->value = d->value;
    snprintf(pOut->zUnit, sizeof pOut->zUnit, "%s", d->zUnit);
    snprintf(pOut->zLabel, sizeof pOut->zLabel, "%s", d->zLabel);
    snprintf(pOut->zSource, sizeof pOut->zSource, "%s", d->zSource2 ? d->zSource2 : d->zSource);
    pOut->verified = d->zSource2 ? d->verified2 : d->verified;
    return ZF_OK;
  }
  return ZF_ENOTFOUND;
}

int rules_defaults_fill(zf_db *pDb, int64_t setId){
  static const char zIns[] =
    "INSERT INTO rule_value(set_id, key, value, unit, label, source, verified, note)"
    " SELECT ?,?,?,?,?,?,?,? WHERE NOT EXISTS"
    " (SELECT 1 FROM rule_value WHERE set_id=? AND key=?)";
  const rules_default *d;
  int rc = ZF_OK;
  for(d=rules_defaults; rc==ZF_OK && d->zKey; d++){
    int second = d->zSource2!=0;
    rc = db_exec(pDb, zIns, "isisssdsis", setId, d->zKey, (int64_t)d->value, d->zUnit, d->zLabel,
                 second ? d->zSource2 : d->zSource, second ? d->verified2 : d->verified,
                 d->zNote ? d->zNote : "", setId, d->zKey);
  }
  return rc;
}

static const struct {
  const char *zName, *zEffective, *zLegalSource, *zNote;
} rules_reference_sets[2] = {
  {"行政处罚法（2021年修订）施行后的法定参数", "2021-07-15",
   "《中华人民共和国行政处罚法》（2021年修订，2021-07-15施行）；原国家安全监管总局令第15号"
   "《安全生产违法行为行政处罚办法》（总局令第77号修正）；《行政强制法》；应急〔2019〕54号；"
   "国发〔2019〕5号；国办发〔2018〕118号；应急管理部令第11号；青办发〔2022〕14号",
   "随系统预置（RULES.md）。标“待核”的项目尚未核对原文，请法制审核人员核定后发布新版本。"},
  {"应急管理部令第18号施行后的法定参数", "2026-02-01",
   "《安全生产违法行为行政处罚办法》（应急管理部令第18号，2025-11-24通过，2026-02-01施行，"
   "取代总局令第15号、第77号）；其余依据同2021年版",
   "随系统预置（RULES.md）。部令第18号的条文编号尚未取得，原依据总局令第15号/第77号的参数均标“待核”。"
   "新增处罚种类：通报批评、降低资质等级、限制开展生产经营活动、限制从业；"
   "多个部门均有管辖权的，由最先立案的部门管辖；违反突发事件应对措施的依法快速、从重处罚。"},
};

/* Inserts reference set i (0 or 1) as a draft with every default, then
** marks it published; inside the caller's transaction. */
static int rules_reference_set(zf_db *pDb, const char *zActor, int i, int64_t *pId){
  static const char zSet[] =
    "INSERT INTO rule_set(name, legal_source, effective_from, status, note, created_at, created_by,"
    " updated_at) VALUES(?,?,?,'draft',?,?,?,?)";
  static const char zVal[] =
    "INSERT INTO rule_value(set_id, key, value, unit, label, source, verified, note)"
    " VALUES(?,?,?,?,?,?,?,?)";
  static const char zPub[] =
    "UPDATE rule_set SET status='published', published_at=?, published_by=? WHERE id=?";
  const rules_default *d;
  char zNow[24];
  int rc;
  clock_now_iso(zNow);
  rc = db_exec(pDb, zSet, "sssssss", rules_reference_sets[i].zName, rules_reference_sets[i].zLegalSource,
               rules_reference_sets[i].zEffective, rules_reference_sets[i].zNote, zNow, zActor, zNow);
  if( rc ) return rc;
  *pId = db_last_id(pDb);
  for(d=rules_defaults; rc==ZF_OK && d->zKey; d++){
    int second = i==1 && d->zSource2;
    rc = db_exec(pDb, zVal, "isisssds", *pId, d->zKey, (int64_t)d->value, d->zUnit, d->zLabel,
                 second ? d->zSource2 : d->zSource, second ? d->verified2 : d->verified,
                 d->zNote ? d->zNote : "");
  }
  if( rc==ZF_OK ) rc = db_exec(pDb, zPub, "ssi", zNow, zActor, *pId);
  return rc;
}

int rules_load_reference(zf_db *pDb, const char *zActor, zf_error *e){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT count(*) FROM rule_set");
  int64_t n = -1, aId[2];
  int i, nKey = 0, rc;
  const rules_default *d;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( db_step(pStmt)==1 ) n = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( n!=0 ) return n<0 ? err_set(e, ZF_EINTERNAL, 0, 0) : ZF_OK;
  for(d=rules_defaults; d->zKey; d++) nKey++;
  rc = db_begin(pDb);
  for(i=0; rc==ZF_OK && i<2; i++) rc = rules_reference_set(pDb, zActor, i, &aId[i]);
  for(i=0; rc==ZF_OK && i<2; i++){
    char zId[24];
    json_t *p = json_pack("{s:s,s:s,s:i,s:s}", "name", rules_reference_sets[i].zName,
                          "effective_from", rules_reference_sets[i].zEffective, "values", nKey,
                          "source", "RULES.md");
    snprintf(zId, sizeof zId, "%lld", (long long)aId[i]);
    rc = audit_append(pDb, zActor, "rule_set.load", "rule_set", zId, "", p);
    json_decref(p);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  return rc ? err_set(e, rc, 0, "无法写入预置规则集") : ZF_OK;
}

int rules_demo(zf_db *pDb, int scale, zf_error *e){
  rules_set_new nu = {0, "2027年法规参数（草案）", "2027-01-01", 0,
    "演示：法制审核人员以现行版本为基础起草，待核对部令第18号条文后修改“待核”项目并发布。"};
  int64_t id;
  (void)scale;
  return rules_set_create(pDb, "legal", &nu, &id, e);
}

/* ---- discretion benchmark examples (RULES.md) ---------------------------- */

#define YUAN(x) ((int64_t)(x)*100)
#define NONE RULES_NO_FINE, RULES_NO_FINE

/* Fills p with the RULES.md example i; returns 0 past the last one. */
static int rules_benchmark_example(int i, rules_benchmark *p){
  static const rules_tier aTrain[] = {
    {"未如实记录安全生产教育和培训情况的从业人员占从业人员总数10%以下", 0, 0, YUAN(30000), NONE,
     "责令限期改正"},
    {"未如实记录的从业人员占从业人员总数10%以上、30%以下", 0, YUAN(30000), YUAN(70000), NONE,
     "责令限期改正"},
    {"责令限期改正，逾期未改正的", 1, YUAN(100000), YUAN(200000), YUAN(20000), YUAN(50000),
     "责令停产停业整顿"},
  };
  static const rules_tier aCommand[] = {
    {"违章指挥从业人员作业的", 0, YUAN(10000), YUAN(20000), YUAN(1000), YUAN(5000), "警告"},
    {"强令从业人员违章、冒险作业的", 0, YUAN(20000), YUAN(30000), YUAN(5000), YUAN(10000), "警告"},
  };
  const rules_tier *aTier;
  int nTier;
  memset(p, 0, sizeof *p);
  if( i==0 ){
    snprintf(p->zCode, sizeof p->zCode, "AQF-097-4");
    snprintf(p->zViolation, sizeof p->zViolation, "未如实记录安全生产教育和培训情况");
    snprintf(p->zViolated, sizeof p->zViolated, "《安全生产法》第二十八条");
    snprintf(p->zPenalty, sizeof p->zPenalty, "《安全生产法》第九十七条第（四）项");
    p->maxOrg = YUAN(100000); p->maxPerson = 0;
    p->overdueMaxOrg = YUAN(200000); p->overdueMaxPerson = YUAN(50000);
    snprintf(p->zSource, sizeof p->zSource, "应急管理部令第12号；应急〔2024〕90号");
    p->verified = 1;
    snprintf(p->zNote, sizeof p->zNote, "RULES.md 示例。30%%以上的档次未列入，待核。");
    snprintf(p->zEffectiveFrom, sizeof p->zEffectiveFrom, "2024-11-01");
    aTier = aTrain; nTier = 3;
  }else if( i==1 ){
    snprintf(p->zCode, sizeof p->zCode, "CFB-045-2");
    snprintf(p->zViolation, sizeof p->zViolation, "违章指挥从业人员或者强令从业人员违章、冒险作业");
    snprintf(p->zViolated, sizeof p->zViolated, "《安全生产违法行为行政处罚办法》第四十五条第（二）项（待核）");
    snprintf(p->zPenalty, sizeof p->zPenalty, "《安全生产违法行为行政处罚办法》第四十五条（待核）");
    p->maxOrg = YUAN(30000); p->maxPerson = YUAN(10000);
    p->overdueMaxOrg = 0; p->overdueMaxPerson = 0;
    snprintf(p->zSource, sizeof p->zSource, "应急管理部令第12号；应急〔2024〕90号");
    p->verified = 0;
    snprintf(p->zNote, sizeof p->zNote,
      "RULES.md 示例（罚款幅度已核）。条款为原总局令第15号（第77号修正）第四十五条，"
      "2026-02-01起部令第18号的条文编号待核。");
    snprintf(p->zEffectiveFrom, sizeof p->zEffectiveFrom, "2024-11-01");
    aTier = aCommand; nTier = 2;
  }else{
    return 0;
  }
  p->version = 1;
  p->nTier = nTier;
  memcpy(p->aTier, aTier, sizeof(rules_tier)*nTier);
  return 1;
}

int rules_benchmark_load_reference(zf_db *pDb, const char *zActor, zf_error *e){
  static const char zPub[] =
    "UPDATE benchmark SET status='published', published_at=?, published_by=? WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, "SELECT count(*) FROM benchmark");
  rules_benchmark *p;
  char zNow[24], zId[24];
  int64_t n = -1, id;
  int i, rc;
  if( pStmt==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  if( db_step(pStmt)==1 ) n = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  if( n!=0 ) return n<0 ? err_set(e, ZF_EINTERNAL, 0, 0) : ZF_OK;
  p = malloc(sizeof *p);
  if( p==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  clock_now_iso(zNow);
  rc = db_begin(pDb);
  for(i=0; rc==ZF_OK && rules_benchmark_example(i, p); i++){
    rc = rules_benchmark_check(p, e);
    if( rc==ZF_OK ) rc = rules_benchmark_insert_tx(pDb, zActor, p, &id);
    if( rc==ZF_OK ) rc = db_exec(pDb, zPub, "ssi", zNow, zActor, id);
    if( rc==ZF_OK ){
      json_t *pChange = json_pack("{s:s,s:i,s:s}", "code", p->zCode, "version", 1, "source", "RULES.md");
      snprintf(zId, sizeof zId, "%lld", (long long)id);
      rc = audit_append(pDb, zActor, "benchmark.load", "benchmark", zId, "", pChange);
      json_decref(pChange);
    }
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  free(p);
  return rc ? err_set(e, rc, 0, "无法写入预置裁量基准") : ZF_OK;
}
