/*
** enterprise.c — the enterprise ledger's record (企业安全基础电子台账,
** plan clauses 5, 14, 18): reference choices, field rules, loading,
** writing with history, the "as of date" view and the record's JSON.
**
** Rules enforced here (each has a unit test):
**   - the credit code passes the GB 32100 check character and is unique;
**   - name 2–100 characters, address 2–200, no control characters;
**   - region is a township (街道/镇/乡, 9 digits; the 12-digit form ending
**     in 000 is accepted) inside the acting account's scope — for a change,
**     the stored region must be in scope too;
**   - industry exists in GB/T 4754-2017 ("2614" or "C2614");
**   - sector, revenue band, standardisation level, supervising level,
**     status are codes of the tables below (or their Chinese labels);
**   - coordinates both or neither, longitude 73–136, latitude 3–54;
**   - a major hazard source carries its level 1–4, other features none;
**   - licences: type, number, valid-to date; valid-from not after it;
**   - a status change carries a (new) reason; nothing is ever deleted;
**   - every change bumps the version and writes one enterprise_history row
**     with [before, after] per changed field; API changes also write an
**     audit entry in the same transaction;
**   - every create and change recomputes the enterprise's risk grade and
**     key-list rows in the same transaction (risk_recompute_one).
*/
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/audit.h"
#include "core/clock.h"
#include "core/idcheck.h"
#include "core/log.h"
#include "enterprise.h"
#include "enterprise_search.h"
#include "industry.h"
#include "risk.h"

/* ---- reference choices ----------------------------------------------- */

const ent_choice enterprise_sectors[] = {
  {"chem", "危险化学品", "Hazardous chemicals"},
  {"fireworks", "烟花爆竹", "Fireworks"},
  {"trade", "工贸", "Industry and trade"},
  {"trade.metallurgy", "冶金", "Metallurgy"},
  {"trade.nonferrous", "有色", "Non-ferrous metals"},
  {"trade.building", "建材", "Building materials"},
  {"trade.machinery", "机械", "Machinery"},
  {"trade.light", "轻工", "Light industry"},
  {"trade.textile", "纺织", "Textiles"},
  {"trade.tobacco", "烟草", "Tobacco"},
  {"trade.commerce", "商贸", "Commerce"},
  {"mining", "非煤矿山", "Non-coal mining"},
  {"other", "其他", "Other"},
  {0, 0, 0}
};

const ent_choice enterprise_hazards[] = {
  {"major_hazard", "重大危险源", "Major hazard installation"},
  {"chem_produce", "危化品生产", "Produces hazardous chemicals"},
  {"chem_store", "危化品储存", "Stores hazardous chemicals"},
  {"chem_use", "危化品使用", "Uses hazardous chemicals"},
  {"chem_sell", "危化品经营", "Sells hazardous chemicals"},
  {"dust", "粉尘涉爆", "Combustible dust"},
  {"ammonia", "涉氨制冷", "Ammonia refrigeration"},
  {"confined", "有限空间作业", "Confined spaces"},
  {"metal_smelting", "金属冶炼", "Metal smelting"},
  {"hot_work", "动火作业", "Hot work"},
  {"gas", "涉及燃气使用", "Fuel gas use"},
  {"lifting", "起重机械", "Lifting machinery"},
  {0, 0, 0}
};

const ent_choice enterprise_revenue_bands[] = {
  {"lt1m", "100万元以下", "under 1 million yuan"},
  {"1m_5m", "100万–500万元", "1–5 million yuan"},
  {"5m_20m", "500万–2000万元", "5–20 million yuan"},
  {"20m_100m", "2000万–1亿元", "20–100 million yuan"},
  {"100m_400m", "1亿–4亿元", "100–400 million yuan"},
  {"ge400m", "4亿元以上", "400 million yuan or more"},
  {0, 0, 0}
};

const ent_choice enterprise_standards[] = {
  {"none", "未评定", "Not graded"},
  {"level3", "三级", "Grade 3"},
  {"level2", "二级", "Grade 2"},
  {"level1", "一级", "Grade 1"},
  {0, 0, 0}
};

const ent_choice enterprise_levels[] = {
  {"province", "省级", "Province"},
  {"city", "市级", "City"},
  {"district", "区（县）级", "District"},
  {"street", "街道（乡镇）级", "Sub-district"},
  {0, 0, 0}
};

const ent_choice enterprise_statuses[] = {
  {"active", "正常经营", "Operating"},
  {"suspended", "停产停业", "Suspended"},
  {"closed", "已关闭", "Closed"},
  {0, 0, 0}
};

/* Other spellings accepted on input (import files are typed by people). */
static const struct { const char *zAlias, *zCode; } ent_aliases[] = {
  {"危化", "chem"}, {"危化品", "chem"}, {"危险化学品", "chem"},
  {"工贸-冶金", "trade.metallurgy"}, {"工贸-有色", "trade.nonferrous"},
  {"工贸-建材", "trade.building"}, {"工贸-机械", "trade.machinery"},
  {"工贸-轻工", "trade.light"}, {"工贸-纺织", "trade.textile"},
  {"工贸-烟草", "trade.tobacco"}, {"工贸-商贸", "trade.commerce"},
  {"非煤", "mining"}, {"金属非金属矿山", "mining"},
  {"正常", "active"}, {"在营", "active"}, {"存续", "active"},
  {"停产", "suspended"}, {"停业", "suspended"}, {"停产整顿", "suspended"},
  {"关闭", "closed"}, {"注销", "closed"}, {"吊销", "closed"},
  {"省", "province"}, {"市", "city"}, {"区", "district"}, {"县", "district"},
  {"区级", "district"}, {"县级", "district"}, {"街道", "street"}, {"乡镇", "street"},
  {"街道级", "street"}, {"乡镇级", "street"},
  {"一级", "level1"}, {"二级", "level2"}, {"三级", "level3"},
  {"未达标", "none"}, {"无", "none"},
  {0, 0}
};

static const ent_field_info ent_fields[EF_COUNT] = {
  [EF_USCC] = {"uscc", "统一社会信用代码"},
  [EF_NAME] = {"name", "企业名称"},
  [EF_ADDRESS] = {"address", "注册地址"},
  [EF_REGION] = {"region", "所属区划代码"},
  [EF_LOCATION] = {"location", "经纬度"},
  [EF_INDUSTRY] = {"industry", "国民经济行业代码"},
  [EF_SECTOR] = {"sector", "监管行业"},
  [EF_EMPLOYEES] = {"employees", "从业人员数"},
  [EF_REVENUE] = {"revenue_band", "营业收入区间"},
  [EF_STANDARD] = {"standardisation", "安全生产标准化等级"},
  [EF_HAZARDS] = {"hazards", "安全风险特征"},
  [EF_LICENCES] = {"licences", "许可证"},
  [EF_PRINCIPAL] = {"principal", "主要负责人"},
  [EF_PRINCIPAL_PHONE] = {"principal_phone", "联系电话"},
  [EF_SAFETY] = {"safety_manager", "安全管理人员"},
  [EF_SAFETY_PHONE] = {"safety_manager_phone", "安全管理人员电话"},
  [EF_LEVEL] = {"supervising_level", "监管层级"},
  [EF_STATUS] = {"status", "企业状态"},
  [EF_STATUS_REASON] = {"status_reason", "状态变更原因"},
};

const ent_field_info *enterprise_field(int f){
  return f>=0 && f<EF_COUNT ? &ent_fields[f] : 0;
}

const char *ent_choice_name(const ent_choice *a, const char *zCode){
  int i;
  for(i=0; zCode && a[i].zCode; i++) if( strcmp(a[i].zCode, zCode)==0 ) return a[i].zName;
  return "";
}

/* Index of a code or label (or alias) in a choice table, -1 when none. */
static int ent_choice_find(const ent_choice *a, const char *z){
  int i;
  for(i=0; a[i].zCode; i++){
    if( strcmp(a[i].zCode, z)==0 || strcmp(a[i].zName, z)==0 ) return i;
  }
  for(i=0; ent_aliases[i].zAlias; i++){
    if( strcmp(ent_aliases[i].zAlias, z)==0 ){
      int k;
      for(k=0; a[k].zCode; k++) if( strcmp(a[k].zCode, ent_aliases[i].zCode)==0 ) return k;
    }
  }
  return -1;
}

/* "工贸/机械", "工贸（机械）", "工贸—机械" → "工贸-机械" before lookup. */
static int ent_sector_find(const char *z){
  static const char *azSep[] = {"/", "／", "（", "(", "—", "－", "·", "、", " ", 0};
  char zBuf[96];
  int i, k = ent_choice_find(enterprise_sectors, z);
  if( k>=0 || strncmp(z, "工贸", 6)!=0 ) return k;
  for(i=0; azSep[i]; i++){
    size_t n = strlen(azSep[i]);
    if( strncmp(z + 6, azSep[i], n)==0 ){
      snprintf(zBuf, sizeof zBuf, "工贸-%s", z + 6 + n);
      zBuf[strcspn(zBuf, ")）")] = 0;
      return ent_choice_find(enterprise_sectors, zBuf);
    }
  }
  return -1;
}

/* ---- errors ---------------------------------------------------------- */

static void ent_err_va(ent_errs *p, int rc, int field, const char *zFmt, va_list ap){
  if( p==0 || p->n>=ENT_MAX_ERRS ) return;
  p->a[p->n].field = field;
  p->a[p->n].rc = rc;
  vsnprintf(p->a[p->n].zMsg, sizeof p->a[p->n].zMsg, zFmt, ap);
  p->n++;
}

void ent_err(ent_errs *p, int field, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  ent_err_va(p, ZF_EINVAL, field, zFmt, ap);
  va_end(ap);
}

void ent_err_rc(ent_errs *p, int rc, int field, const char *zFmt, ...){
  va_list ap;
  va_start(ap, zFmt);
  ent_err_va(p, rc, field, zFmt, ap);
  va_end(ap);
}

/* 1 when the field already has a problem recorded. */
static int ent_has_err(const ent_errs *p, int field){
  int i;
  for(i=0; p && i<p->n; i++) if( p->a[i].field==field ) return 1;
  return 0;
}

int ent_errs_to_error(const ent_errs *p, zf_error *e){
  if( p->n==0 ) return ZF_OK;
  return err_set(e, p->a[0].rc, ent_fields[p->a[0].field].zKey, "%s", p->a[0].zMsg);
}

/* ---- text helpers ----------------------------------------------------- */

/* Copies z into zOut (size n) without surrounding spaces (ASCII and the
** ideographic space U+3000). Returns the copy's length in bytes. */
static size_t ent_trim(const char *z, char *zOut, size_t n){
  size_t len;
  if( z==0 ) z = "";
  for(;;){
    if( *z==' ' || *z=='\t' || *z=='\r' || *z=='\n' ) z++;
    else if( strncmp(z, "\xe3\x80\x80", 3)==0 ) z += 3;
    else break;
  }
  len = strlen(z);
  for(;;){
    if( len>0 && (z[len-1]==' ' || z[len-1]=='\t' || z[len-1]=='\r' || z[len-1]=='\n') ) len--;
    else if( len>=3 && strncmp(z+len-3, "\xe3\x80\x80", 3)==0 ) len -= 3;
    else break;
  }
  if( len>=n ){
    len = n - 1;
    while( len>0 && ((unsigned char)z[len] & 0xC0)==0x80 ) len--;   /* whole characters */
  }
  memcpy(zOut, z, len);
  zOut[len] = 0;
  return len;
}

/* Checks a free-text value: valid UTF-8, no control characters, length in
** [nMin, nMax] characters. Records a problem and returns 0 when not. */
static int ent_text_ok(const char *z, int nMin, int nMax, int field, ent_errs *pErrs){
  const char *zL = ent_fields[field].zLabel;
  size_t i, n = strlen(z);
  long len;
  if( !json_utf8_valid(z, n) ){
    ent_err(pErrs, field, "%s包含非法字符（不是有效的 UTF-8）", zL);
    return 0;
  }
  for(i=0; i<n; i++){
    if( (unsigned char)z[i]<0x20 || z[i]==0x7f ){
      ent_err(pErrs, field, "%s不能包含控制字符或换行", zL);
      return 0;
    }
  }
  len = (long)json_utf8_len(z);
  if( len<nMin || len>nMax ){
    ent_err(pErrs, field, "%s应为 %d–%d 个字符（当前 %ld 个）", zL, nMin, nMax, len);
    return 0;
  }
  return 1;
}

/* Copies trimmed text into a record field of size n (checked by caller). */
#define ENT_COPY(dst, src) ent_trim((src), (dst), sizeof(dst))

static int ent_is_leap(int y){ return (y%4==0 && y%100!=0) || y%400==0; }

static int ent_date_valid(int y, int m, int d){
  static const int aDays[12] = {31,28,31,30,31,30,31,31,30,31,30,31};
  if( y<1900 || y>2200 || m<1 || m>12 || d<1 ) return 0;
  return d <= aDays[m-1] + (m==2 && ent_is_leap(y));
}

/*
** Parses a calendar date: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, or
** a spreadsheet serial day number (1900 date system, e.g. 46082). Writes
** "YYYY-MM-DD" to zOut. Returns 1 on success.
*/
int ent_parse_date(const char *z, char zOut[11]){
  int y, m, d, n = 0;
  char zSep1[8], zSep2[8];
  if( sscanf(z, "%4d-%2d-%2d%n", &y, &m, &d, &n)==3 && z[n]==0 ) goto ok;
  n = 0;
  if( sscanf(z, "%4d/%2d/%2d%n", &y, &m, &d, &n)==3 && z[n]==0 ) goto ok;
  n = 0;
  if( sscanf(z, "%4d.%2d.%2d%n", &y, &m, &d, &n)==3 && z[n]==0 ) goto ok;
  n = 0;
  if( sscanf(z, "%4d%3[^0-9]%2d%3[^0-9]%2d%n", &y, zSep1, &m, zSep2, &d, &n)==5
   && strcmp(zSep1, "年")==0 && strcmp(zSep2, "月")==0 && strcmp(z+n, "日")==0 ) goto ok;
  {
    char *zEnd;
    double v = strtod(z, &zEnd);
    if( *z && *zEnd==0 && v>=1 && v<=109574 && v==floor(v) ){
      /* Day 1 = 1900-01-01; Excel's phantom 1900-02-29 is day 60. */
      long days = (long)v - (v>60 ? 2 : 1);
      int64_t t = (int64_t)(days - 25567) * 86400;   /* 1900-01-01 → 1970-01-01 */
      char zIso[24];
      clock_iso(t, zIso);
      memcpy(zOut, zIso, 10);
      zOut[10] = 0;
      return 1;
    }
  }
  return 0;
ok:
  if( !ent_date_valid(y, m, d) ) return 0;
  snprintf(zOut, 11, "%04d-%02d-%02d", y, m, d);
  return 1;
}

/* Phone numbers: mobile 1[3-9]XXXXXXXXX, landline 0XX(X)-XXXXXXX(X)[-ext],
** service 400/800 numbers. Spaces are dropped. Returns 1 when valid. */
static int ent_phone_normalize(const char *z, char *zOut, size_t n){
  char zBuf[64];
  size_t i, j = 0, len, nDigit = 0;
  for(i=0; z[i] && j+1<sizeof zBuf; i++){
    if( z[i]==' ' ) continue;
    zBuf[j++] = z[i];
  }
  zBuf[j] = 0;
  len = j;
  if( len+1>n ) return 0;
  for(i=0; i<len; i++){
    if( isdigit((unsigned char)zBuf[i]) ) nDigit++;
    else if( zBuf[i]!='-' ) return 0;
  }
  if( len==11 && nDigit==11 && zBuf[0]=='1' && zBuf[1]>='3' && zBuf[1]<='9' ) goto ok;
  if( zBuf[0]=='0' && nDigit>=10 && nDigit<=18 ){
    const char *zDash = strchr(zBuf, '-');
    size_t nArea = zDash ? (size_t)(zDash - zBuf) : (nDigit==11 || nDigit==12 ? (size_t)(nDigit - 8) : 0);
    if( nArea==3 || nArea==4 ){
      const char *zLocal = zBuf + nArea + (zDash ? 1 : 0);
      size_t nLocal = strcspn(zLocal, "-");
      if( (nLocal==7 || nLocal==8) && (zLocal[nLocal]==0 || strlen(zLocal+nLocal+1)<=6) ) goto ok;
    }
  }
  if( (strncmp(zBuf, "400", 3)==0 || strncmp(zBuf, "800", 3)==0) && nDigit==10 ) goto ok;
  return 0;
ok:
  memcpy(zOut, zBuf, len+1);
  return 1;
}

void ent_mask_phone(const char *z, char *zOut, size_t n){
  size_t len = strlen(z), i, keepHead;
  if( n==0 ) return;
  if( len<7 ){ snprintf(zOut, n, "%s", len ? "****" : ""); return; }
  keepHead = z[0]=='1' ? 3 : strcspn(z, "-")<len ? strcspn(z, "-") + 1 : 3;
  for(i=0; i<len && i+1<n; i++){
    zOut[i] = (i<keepHead || i+4>=len || z[i]=='-') ? z[i] : '*';
  }
  zOut[i] = 0;
}

/* ---- setting fields ---------------------------------------------------- */

void ent_rec_init(ent_rec *p){
  memset(p, 0, offsetof(ent_rec, aLicence));        /* the licences are unused while nLicence is 0 */
  p->employees = -1;
  strcpy(p->zStandard, "none");
  strcpy(p->zLevel, "district");
  strcpy(p->zStatus, "active");
}

/* Sets a choice field from a code or label; empty: zDefault. */
/*
** Imports repeat the same few texts in a choice column hundreds of
** thousands of times: the last answers are remembered per thread (texts
** up to 63 bytes, 16 slots).
*/
typedef struct ent_memo { const ent_choice *a; char z[64]; int k; } ent_memo;
static _Thread_local ent_memo ent_memos[16];
static _Thread_local unsigned ent_memo_next;

static int ent_choice_lookup(const ent_choice *a, const char *z){
  size_t n = strlen(z);
  int i, k;
  for(i=0; i<16; i++){
    if( ent_memos[i].a==a && strcmp(ent_memos[i].z, z)==0 ) return ent_memos[i].k;
  }
  k = a==enterprise_sectors ? ent_sector_find(z) : ent_choice_find(a, z);
  if( n<sizeof ent_memos[0].z ){
    ent_memo *m = &ent_memos[ent_memo_next++ % 16];
    m->a = a;
    memcpy(m->z, z, n + 1);
    m->k = k;
  }
  return k;
}

static void ent_set_choice(char *zDst, size_t n, const ent_choice *a, const char *z,
                           const char *zDefault, int field, ent_errs *pErrs){
  int k;
  if( z[0]==0 ){ snprintf(zDst, n, "%s", zDefault); return; }
  k = ent_choice_lookup(a, z);
  if( k<0 ){
    char zList[512] = "";
    int i;
    for(i=0; a[i].zCode; i++){
      size_t m = strlen(zList);
      snprintf(zList + m, sizeof zList - m, "%s%s", i ? "、" : "", a[i].zName);
    }
    ent_err(pErrs, field, "%s“%.40s”无效，应为：%s", ent_fields[field].zLabel, z, zList);
    return;
  }
  snprintf(zDst, n, "%s", a[k].zCode);
}

/* Region: 9 digits, or 12 ending in 000 (统计用区划代码). */
static void ent_set_region(ent_rec *p, const char *z, ent_errs *pErrs){
  size_t i, n = strlen(z);
  for(i=0; i<n; i++) if( !isdigit((unsigned char)z[i]) ) break;
  if( n==12 && i==12 && strcmp(z+9, "000")==0 ) n = 9;
  if( i<n || n!=9 ){
    ent_err(pErrs, EF_REGION, "所属区划代码“%.20s”应为 9 位乡镇（街道）代码，如 360104002", z);
    return;
  }
  memcpy(p->zRegion, z, 9);
  p->zRegion[9] = 0;
}

static void ent_set_employees(ent_rec *p, const char *z, ent_errs *pErrs){
  char *zEnd;
  double v;
  if( z[0]==0 ){ p->employees = -1; return; }
  v = strtod(z, &zEnd);
  if( *zEnd || v!=floor(v) || v<0 || v>ENT_EMPLOYEES_MAX || !isdigit((unsigned char)z[0]) ){
    ent_err(pErrs, EF_EMPLOYEES, "从业人员数“%.20s”应为 0–%d 之间的整数", z, ENT_EMPLOYEES_MAX);
    return;
  }
  p->employees = (int64_t)v;
}

static void ent_set_phone(char *zDst, size_t n, const char *z, int field, ent_errs *pErrs){
  if( z[0]==0 ){ zDst[0] = 0; return; }
  if( !ent_phone_normalize(z, zDst, n) ){
    zDst[0] = 0;
    ent_err(pErrs, field, "%s“%.30s”格式不正确（手机 11 位，或区号-号码，如 0791-88888888）",
            ent_fields[field].zLabel, z);
  }
}

void ent_set_text(ent_rec *p, int field, const char *zIn, ent_errs *pErrs){
  char z[1024];
  size_t i;
  ent_trim(zIn, z, sizeof z);
  switch( field ){
    case EF_USCC:
      for(i=0; z[i]; i++) z[i] = (char)toupper((unsigned char)z[i]);
      snprintf(p->zUscc, sizeof p->zUscc, "%.18s", z);
      if( z[0] ){
        zf_error e = {0};
        if( idcheck_uscc(z, "uscc", &e) ) ent_err(pErrs, EF_USCC, "%s", e.message);
      }
      break;
    case EF_NAME:
      if( z[0] && ent_text_ok(z, ENT_NAME_MIN, ENT_NAME_MAX, field, pErrs) ) ENT_COPY(p->zName, z);
      else if( z[0]==0 ) p->zName[0] = 0;
      break;
    case EF_ADDRESS:
      if( z[0] && ent_text_ok(z, 2, ENT_ADDRESS_MAX, field, pErrs) ) ENT_COPY(p->zAddress, z);
      else if( z[0]==0 ) p->zAddress[0] = 0;
      break;
    case EF_REGION:
      if( z[0] ) ent_set_region(p, z, pErrs); else p->zRegion[0] = 0;
      break;
    case EF_INDUSTRY:
      p->zIndustry[0] = 0;
      if( z[0] ){
        zf_error e = {0};
        if( industry_check(z, p->zIndustry, "industry", &e) ) ent_err(pErrs, EF_INDUSTRY, "%s", e.message);
      }
      break;
    case EF_SECTOR:
      p->zSector[0] = 0;
      if( z[0] ) ent_set_choice(p->zSector, sizeof p->zSector, enterprise_sectors, z, "", field, pErrs);
      break;
    case EF_EMPLOYEES: ent_set_employees(p, z, pErrs); break;
    case EF_REVENUE:
      ent_set_choice(p->zRevenue, sizeof p->zRevenue, enterprise_revenue_bands, z, "", field, pErrs);
      break;
    case EF_STANDARD:
      ent_set_choice(p->zStandard, sizeof p->zStandard, enterprise_standards, z, "none", field, pErrs);
      break;
    case EF_PRINCIPAL: case EF_SAFETY: {
      char *zDst = field==EF_PRINCIPAL ? p->zPrincipal : p->zSafety;
      if( z[0]==0 || ent_text_ok(z, 1, ENT_PERSON_MAX, field, pErrs) ) ent_trim(z, zDst, sizeof p->zPrincipal);
      break;
    }
    case EF_PRINCIPAL_PHONE:
      ent_set_phone(p->zPrincipalPhone, sizeof p->zPrincipalPhone, z, field, pErrs);
      break;
    case EF_SAFETY_PHONE:
      ent_set_phone(p->zSafetyPhone, sizeof p->zSafetyPhone, z, field, pErrs);
      break;
    case EF_LEVEL:
      ent_set_choice(p->zLevel, sizeof p->zLevel, enterprise_levels, z, "district", field, pErrs);
      break;
    case EF_STATUS:
      ent_set_choice(p->zStatus, sizeof p->zStatus, enterprise_statuses, z, "active", field, pErrs);
      break;
    case EF_STATUS_REASON:
      if( z[0]==0 || ent_text_ok(z, 2, ENT_REASON_MAX, field, pErrs) ) ENT_COPY(p->zStatusReason, z);
      break;
  }
}

/* Coordinates from two texts (import) or numbers (JSON). */
static void ent_set_location(ent_rec *p, int hasValue, double lng, double lat, ent_errs *pErrs){
  p->hasLocation = 0;
  p->lng = p->lat = 0;
  if( !hasValue ) return;
  if( !(lng>=73.0 && lng<=136.0) ){
    ent_err(pErrs, EF_LOCATION, "经度 %.6f 超出范围（应在 73–136 之间）", lng);
    return;
  }
  if( !(lat>=3.0 && lat<=54.0) ){
    ent_err(pErrs, EF_LOCATION, "纬度 %.6f 超出范围（应在 3–54 之间）", lat);
    return;
  }
  p->hasLocation = 1;
  p->lng = round(lng * 1e6) / 1e6;
  p->lat = round(lat * 1e6) / 1e6;
}

void ent_set_location_text(ent_rec *p, const char *zLng, const char *zLat, ent_errs *pErrs){
  char a[64], b[64], *zEndA, *zEndB;
  double lng, lat;
  ent_trim(zLng, a, sizeof a);
  ent_trim(zLat, b, sizeof b);
  if( a[0]==0 && b[0]==0 ){ ent_set_location(p, 0, 0, 0, pErrs); return; }
  if( a[0]==0 || b[0]==0 ){
    ent_err(pErrs, EF_LOCATION, "经度和纬度应同时填写或同时留空");
    return;
  }
  lng = strtod(a, &zEndA);
  lat = strtod(b, &zEndB);
  if( *zEndA || *zEndB ){
    ent_err(pErrs, EF_LOCATION, "经纬度应为十进制数字（如 115.892151, 28.676493）");
    return;
  }
  ent_set_location(p, 1, lng, lat, pErrs);
}

/* Index of a hazard kind by code or label (or "major_hazard"), -1. */
static int ent_hazard_find(const char *z){
  return ent_choice_find(enterprise_hazards, z);
}

/* Major hazard level from "一级", "1", "1级", "二级重大危险源" …; 0 if none. */
static int ent_major_level(const char *z){
  static const char *azCn[4] = {"一", "二", "三", "四"};
  int i;
  if( z[0]>='1' && z[0]<='4' && (z[1]==0 || strncmp(z+1, "级", 3)==0) ) return z[0] - '0';
  for(i=0; i<4; i++) if( strncmp(z, azCn[i], 3)==0 && (z[3]==0 || strncmp(z+3, "级", 3)==0) ) return i + 1;
  return 0;
}

void ent_set_hazards_text(ent_rec *p, const char *zMajor, const char *zList, ent_errs *pErrs){
  char zBuf[1024], zItem[128], zM[64];
  char *z;
  p->hazards = 0;
  p->majorLevel = 0;
  ent_trim(zMajor, zM, sizeof zM);
  if( zM[0] && strcmp(zM, "无")!=0 && strcmp(zM, "否")!=0 ){
    int level = ent_major_level(zM);
    if( level==0 ){
      ent_err(pErrs, EF_HAZARDS, "重大危险源等级“%.20s”无效，应为一级、二级、三级或四级（没有则留空）", zM);
    }else{
      p->hazards |= 1u<<ENT_HAZARD_MAJOR;
      p->majorLevel = level;
    }
  }
  ent_trim(zList, zBuf, sizeof zBuf);
  /* separators: ；;、，, and spaces */
  for(z=zBuf; *z; ){
    size_t n = 0;
    int k;
    while( z[n] && z[n]!=';' && z[n]!=',' && z[n]!=' ' && strncmp(z+n, "；", 3)!=0
        && strncmp(z+n, "、", 3)!=0 && strncmp(z+n, "，", 3)!=0 ) n++;
    if( n>0 ){
      snprintf(zItem, sizeof zItem, "%.*s", (int)n, z);
      k = ent_hazard_find(zItem);
      if( k<0 || k==ENT_HAZARD_MAJOR ){
        ent_err(pErrs, EF_HAZARDS, k<0 ? "未知的安全风险特征“%.40s”" :
                "重大危险源请填在“重大危险源等级”列（%.40s）", zItem);
      }else{
        p->hazards |= 1u<<k;
      }
    }
    z += n;
    if( *z==';' || *z==',' || *z==' ' ) z++;
    else if( *z ) z += 3;
  }
}

/* Checks one licence's texts into pL; 1 when valid. */
static int ent_licence_fill(ent_licence *pL, const char *zType, const char *zNumber,
                            const char *zFrom, const char *zTo, ent_errs *pErrs){
  char zBuf[512];
  ent_trim(zType, zBuf, sizeof zBuf);
  if( !ent_text_ok(zBuf, 1, ENT_LICENCE_TYPE_MAX, EF_LICENCES, pErrs) ) return 0;
  ENT_COPY(pL->zType, zBuf);
  ent_trim(zNumber, zBuf, sizeof zBuf);
  if( !ent_text_ok(zBuf, 1, ENT_LICENCE_NUMBER_MAX, EF_LICENCES, pErrs) ) return 0;
  ENT_COPY(pL->zNumber, zBuf);
  ent_trim(zTo, zBuf, sizeof zBuf);
  if( zBuf[0]==0 || !ent_parse_date(zBuf, pL->zTo) ){
    ent_err(pErrs, EF_LICENCES, "许可证“%s”的有效期至“%.20s”不是有效日期（如 2027-06-30）",
            pL->zNumber, zBuf);
    return 0;
  }
  ent_trim(zFrom, zBuf, sizeof zBuf);
  pL->zFrom[0] = 0;
  if( zBuf[0] && !ent_parse_date(zBuf, pL->zFrom) ){
    ent_err(pErrs, EF_LICENCES, "许可证“%s”的有效期起“%.20s”不是有效日期", pL->zNumber, zBuf);
    return 0;
  }
  if( pL->zFrom[0] && strcmp(pL->zFrom, pL->zTo)>0 ){
    ent_err(pErrs, EF_LICENCES, "许可证“%s”的有效期起 %s 晚于有效期至 %s", pL->zNumber,
            pL->zFrom, pL->zTo);
    return 0;
  }
  return 1;
}

void ent_merge_licence(ent_rec *p, const char *zType, const char *zNumber,
                       const char *zFrom, const char *zTo, ent_errs *pErrs){
  ent_licence l;
  int i;
  memset(&l, 0, sizeof l);
  if( !ent_licence_fill(&l, zType, zNumber, zFrom, zTo, pErrs) ) return;
  for(i=0; i<p->nLicence; i++){
    if( strcmp(p->aLicence[i].zType, l.zType)==0 && strcmp(p->aLicence[i].zNumber, l.zNumber)==0 ){
      p->aLicence[i] = l;
      return;
    }
  }
  if( p->nLicence>=ENT_LICENCE_MAX ){
    ent_err(pErrs, EF_LICENCES, "每家企业最多登记 %d 个许可证", ENT_LICENCE_MAX);
    return;
  }
  p->aLicence[p->nLicence++] = l;
}

/* hazards: [{"kind":"major_hazard","level":2},{"kind":"dust"}] */
static void ent_set_hazards_json(ent_rec *p, json_t *pArr, ent_errs *pErrs){
  size_t i;
  p->hazards = 0;
  p->majorLevel = 0;
  for(i=0; i<json_array_size(pArr); i++){
    json_t *pItem = json_array_get(pArr, i), *pLevel;
    const char *zKind = json_string_value(json_object_get(pItem, "kind"));
    int k;
    if( !json_is_object(pItem) || zKind==0 ){
      ent_err(pErrs, EF_HAZARDS, "安全风险特征第 %zu 项应为 {\"kind\":…} 对象", i+1);
      return;
    }
    k = ent_hazard_find(zKind);
    if( k<0 ){ ent_err(pErrs, EF_HAZARDS, "未知的安全风险特征“%.40s”", zKind); return; }
    if( p->hazards & (1u<<k) ){
      ent_err(pErrs, EF_HAZARDS, "安全风险特征“%s”重复", enterprise_hazards[k].zName);
      return;
    }
    pLevel = json_object_get(pItem, "level");
    if( k==ENT_HAZARD_MAJOR ){
      if( !json_is_integer(pLevel) || json_integer_value(pLevel)<1 || json_integer_value(pLevel)>4 ){
        ent_err(pErrs, EF_HAZARDS, "重大危险源应注明等级 level（1–4，即一级至四级）");
        return;
      }
      p->majorLevel = (int)json_integer_value(pLevel);
    }else if( pLevel && !json_is_null(pLevel) ){
      ent_err(pErrs, EF_HAZARDS, "“%s”没有等级，不应填写 level", enterprise_hazards[k].zName);
      return;
    }
    p->hazards |= 1u<<k;
  }
}

/* licences: [{"type","number","valid_from","valid_to"}] replaces the list. */
static void ent_set_licences_json(ent_rec *p, json_t *pArr, ent_errs *pErrs){
  size_t i;
  int k;
  p->nLicence = 0;
  for(i=0; i<json_array_size(pArr); i++){
    json_t *pItem = json_array_get(pArr, i);
    const char *zType = json_string_value(json_object_get(pItem, "type"));
    const char *zNumber = json_string_value(json_object_get(pItem, "number"));
    const char *zFrom = json_string_value(json_object_get(pItem, "valid_from"));
    const char *zTo = json_string_value(json_object_get(pItem, "valid_to"));
    ent_licence l;
    if( !json_is_object(pItem) || zType==0 || zNumber==0 || zTo==0 ){
      ent_err(pErrs, EF_LICENCES, "许可证第 %zu 项应包含 type、number 和 valid_to", i+1);
      return;
    }
    if( i>=ENT_LICENCE_MAX ){
      ent_err(pErrs, EF_LICENCES, "每家企业最多登记 %d 个许可证", ENT_LICENCE_MAX);
      return;
    }
    memset(&l, 0, sizeof l);
    if( !ent_licence_fill(&l, zType, zNumber, zFrom ? zFrom : "", zTo, pErrs) ) return;
    for(k=0; k<p->nLicence; k++){
      if( strcmp(p->aLicence[k].zType, l.zType)==0 && strcmp(p->aLicence[k].zNumber, l.zNumber)==0 ){
        ent_err(pErrs, EF_LICENCES, "许可证“%s”重复", l.zNumber);
        return;
      }
    }
    p->aLicence[p->nLicence++] = l;
  }
}

/* JSON keys of the text fields, in field order (NULL: not a text key). */
static const char *const ent_text_keys[EF_COUNT] = {
  [EF_USCC] = "uscc", [EF_NAME] = "name", [EF_ADDRESS] = "address", [EF_REGION] = "region",
  [EF_INDUSTRY] = "industry", [EF_SECTOR] = "sector", [EF_REVENUE] = "revenue_band",
  [EF_STANDARD] = "standardisation", [EF_PRINCIPAL] = "principal",
  [EF_PRINCIPAL_PHONE] = "principal_phone", [EF_SAFETY] = "safety_manager",
  [EF_SAFETY_PHONE] = "safety_manager_phone", [EF_LEVEL] = "supervising_level",
  [EF_STATUS] = "status", [EF_STATUS_REASON] = "status_reason",
};

void ent_set_json(ent_rec *p, json_t *pBody, unsigned *pMask, ent_errs *pErrs){
  json_t *v, *pLng = json_object_get(pBody, "lng"), *pLat = json_object_get(pBody, "lat");
  int f;
  *pMask = 0;
  for(f=0; f<EF_COUNT; f++){
    if( ent_text_keys[f]==0 || (v = json_object_get(pBody, ent_text_keys[f]))==0 ) continue;
    *pMask |= EF_BIT(f);
    ent_set_text(p, f, json_is_string(v) ? json_string_value(v) : "", pErrs);
  }
  if( (v = json_object_get(pBody, "employees"))!=0 ){
    *pMask |= EF_BIT(EF_EMPLOYEES);
    p->employees = json_is_integer(v) ? json_integer_value(v) : -1;
  }
  if( pLng || pLat ){
    *pMask |= EF_BIT(EF_LOCATION);
    if( !pLng || !pLat || json_is_null(pLng)!=json_is_null(pLat) ){
      ent_err(pErrs, EF_LOCATION, "经度（lng）和纬度（lat）应同时填写或同时为 null");
    }else{
      ent_set_location(p, !json_is_null(pLng), json_number_value(pLng), json_number_value(pLat), pErrs);
    }
  }
  if( (v = json_object_get(pBody, "hazards"))!=0 ){
    *pMask |= EF_BIT(EF_HAZARDS);
    ent_set_hazards_json(p, json_is_array(v) ? v : 0, pErrs);
  }
  if( (v = json_object_get(pBody, "licences"))!=0 ){
    *pMask |= EF_BIT(EF_LICENCES);
    ent_set_licences_json(p, json_is_array(v) ? v : 0, pErrs);
  }
}

/* ---- context: actor, scope, region cache ------------------------------ */

void ent_ctx_init(ent_ctx *c, zf_db *pDb, const zf_who *pWho, const char *zActor){
  memset(c, 0, sizeof *c);
  c->pDb = pDb;
  c->pWho = pWho;
  c->zActor = zActor ? zActor : (pWho ? pWho->zUsername : "cli");
}

static int ent_region_cmp(const void *a, const void *b){
  return strcmp(((const ent_region*)a)->zCode, ((const ent_region*)b)->zCode);
}

int ent_ctx_cache_regions(ent_ctx *c){
  static const char zSql[] = "SELECT code, path, name, level='township' FROM region ORDER BY code";
  zf_stmt *pStmt = db_stmt(c->pDb, zSql);
  int rc, nAlloc = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  free(c->aRegion);
  c->aRegion = 0;
  c->nRegion = 0;
  while( (rc = db_step(pStmt))==1 ){
    ent_region *x;
    if( c->nRegion>=nAlloc ){
      ent_region *pNew;
      nAlloc = nAlloc ? nAlloc*2 : 2048;
      pNew = realloc(c->aRegion, sizeof(ent_region)*nAlloc);
      if( pNew==0 ){ rc = -ZF_EINTERNAL; break; }
      c->aRegion = pNew;
    }
    x = &c->aRegion[c->nRegion++];
    snprintf(x->zCode, sizeof x->zCode, "%s", db_text(pStmt, 0));
    snprintf(x->zPath, sizeof x->zPath, "%s", db_text(pStmt, 1));
    snprintf(x->zName, sizeof x->zName, "%s", db_text(pStmt, 2));
    x->isTownship = db_column_int(pStmt, 3);
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

void ent_ctx_free(ent_ctx *c){
  free(c->aRegion);
  c->aRegion = 0;
  c->nRegion = 0;
}

const ent_region *ent_region_get(ent_ctx *c, const char *zCode, ent_region *pOut){
  static const char zSql[] = "SELECT code, path, name, level='township' FROM region WHERE code=?";
  zf_stmt *pStmt;
  int found = 0;
  if( zCode==0 ) return 0;
  if( c->aRegion ){
    ent_region key, *p;
    snprintf(key.zCode, sizeof key.zCode, "%s", zCode);
    p = bsearch(&key, c->aRegion, c->nRegion, sizeof key, ent_region_cmp);
    if( p ) *pOut = *p;
    return p ? pOut : 0;
  }
  pStmt = db_stmt(c->pDb, zSql);
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "s", zCode);
  if( db_step(pStmt)==1 ){
    snprintf(pOut->zCode, sizeof pOut->zCode, "%s", db_text(pStmt, 0));
    snprintf(pOut->zPath, sizeof pOut->zPath, "%s", db_text(pStmt, 1));
    snprintf(pOut->zName, sizeof pOut->zName, "%s", db_text(pStmt, 2));
    pOut->isTownship = db_column_int(pStmt, 3);
    found = 1;
  }
  db_reset(pStmt);
  return found ? pOut : 0;
}

/* 1 when a region path lies inside the actor's scope (always, for CLI). */
int ent_in_scope(const ent_ctx *c, const char *zPath){
  if( c->pWho==0 ) return 1;
  return strncmp(zPath, c->pWho->zScopePath, strlen(c->pWho->zScopePath))==0;
}

void ent_check(ent_ctx *c, ent_rec *p, const ent_rec *pOld, ent_errs *pErrs){
  static const int aReq[] = {EF_USCC, EF_NAME, EF_ADDRESS, EF_REGION, EF_INDUSTRY, EF_SECTOR};
  const char *azVal[6];
  ent_region reg;
  size_t i;
  azVal[0] = p->zUscc; azVal[1] = p->zName; azVal[2] = p->zAddress;
  azVal[3] = p->zRegion; azVal[4] = p->zIndustry; azVal[5] = p->zSector;
  for(i=0; i<sizeof aReq/sizeof aReq[0]; i++){
    if( azVal[i][0]==0 && !ent_has_err(pErrs, aReq[i]) ){
      ent_err(pErrs, aReq[i], "请填写%s", ent_fields[aReq[i]].zLabel);
    }
  }
  if( p->zRegion[0] && !ent_has_err(pErrs, EF_REGION) ){
    if( ent_region_get(c, p->zRegion, &reg)==0 ){
      ent_err(pErrs, EF_REGION, "所属区划代码 %s 不存在", p->zRegion);
    }else if( !reg.isTownship ){
      ent_err(pErrs, EF_REGION, "所属区划应为乡镇（街道），%s（%s）不是", p->zRegion, reg.zName);
    }else if( !ent_in_scope(c, reg.zPath) ){
      ent_err_rc(pErrs, ZF_ESCOPE, EF_REGION, "所属区划 %s（%s）不在您的管辖范围内", p->zRegion, reg.zName);
    }else{
      snprintf(p->zRegionPath, sizeof p->zRegionPath, "%s", reg.zPath);
    }
  }
  if( (p->hazards & (1u<<ENT_HAZARD_MAJOR)) && (p->majorLevel<1 || p->majorLevel>4) ){
    ent_err(pErrs, EF_HAZARDS, "重大危险源应注明等级（一级至四级）");
  }
  if( pOld==0 && strcmp(p->zStatus, "active")!=0 && p->zStatusReason[0]==0 ){
    ent_err(pErrs, EF_STATUS_REASON, "企业状态为“%s”时应填写状态变更原因",
            ent_choice_name(enterprise_statuses, p->zStatus));
  }
  if( pOld && strcmp(p->zStatus, pOld->zStatus)!=0
   && (p->zStatusReason[0]==0 || strcmp(p->zStatusReason, pOld->zStatusReason)==0) ){
    ent_err(pErrs, EF_STATUS_REASON, "企业状态由“%s”改为“%s”须填写本次变更的原因",
            ent_choice_name(enterprise_statuses, pOld->zStatus),
            ent_choice_name(enterprise_statuses, p->zStatus));
  }
}

/* ---- loading ----------------------------------------------------------- */

#define ENT_COLS "id, version, uscc, name, address, region, region_path, lng, lat, industry," \
  " sector, employees, revenue_band, standardisation, principal, principal_phone, safety_manager," \
  " safety_manager_phone, supervising_level, status, status_reason, created_at, updated_at," \
  " hazards, major_hazard_level"

#define ENT_CPY(dst, i) snprintf((dst), sizeof(dst), "%s", db_text(pStmt, (i)))

static void ent_row_fill(zf_stmt *pStmt, ent_rec *p){
  ent_rec_init(p);
  p->id = db_column_int64(pStmt, 0);
  p->version = db_column_int64(pStmt, 1);
  ENT_CPY(p->zUscc, 2); ENT_CPY(p->zName, 3); ENT_CPY(p->zAddress, 4);
  ENT_CPY(p->zRegion, 5); ENT_CPY(p->zRegionPath, 6);
  if( db_column_type(pStmt, 7)!=DB_NULL ){
    p->hasLocation = 1;
    p->lng = db_column_double(pStmt, 7);
    p->lat = db_column_double(pStmt, 8);
  }
  ENT_CPY(p->zIndustry, 9); ENT_CPY(p->zSector, 10);
  p->employees = db_column_type(pStmt, 11)==DB_NULL ? -1 : db_column_int64(pStmt, 11);
  ENT_CPY(p->zRevenue, 12); ENT_CPY(p->zStandard, 13);
  ENT_CPY(p->zPrincipal, 14); ENT_CPY(p->zPrincipalPhone, 15);
  ENT_CPY(p->zSafety, 16); ENT_CPY(p->zSafetyPhone, 17);
  ENT_CPY(p->zLevel, 18); ENT_CPY(p->zStatus, 19); ENT_CPY(p->zStatusReason, 20);
  ENT_CPY(p->zCreated, 21); ENT_CPY(p->zUpdated, 22);
  p->hazards = (unsigned)db_column_int64(pStmt, 23);
  p->majorLevel = db_column_int(pStmt, 24);
}

/* The licences of p->id. */
static int ent_load_children(zf_db *pDb, ent_rec *p){
  static const char zLic[] =
    "SELECT type, number, valid_from, valid_to FROM enterprise_licence WHERE enterprise_id=?"
    " ORDER BY valid_to, id";
  zf_stmt *pStmt;
  int rc;
  pStmt = db_stmt(pDb, zLic);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", p->id);
  while( (rc = db_step(pStmt))==1 && p->nLicence<ENT_LICENCE_MAX ){
    ent_licence *l = &p->aLicence[p->nLicence++];
    ENT_CPY(l->zType, 0); ENT_CPY(l->zNumber, 1); ENT_CPY(l->zFrom, 2); ENT_CPY(l->zTo, 3);
  }
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

int ent_load(zf_db *pDb, int64_t id, ent_rec *p){
  static const char zSql[] = "SELECT " ENT_COLS " FROM enterprise WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) ent_row_fill(pStmt, p);
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( rc==0 ) return ZF_ENOTFOUND;
  return ent_load_children(pDb, p);
}

int ent_find_uscc(zf_db *pDb, const char *zUscc, int64_t *pId){
  static const char zSql[] = "SELECT id FROM enterprise WHERE uscc=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "s", zUscc);
  rc = db_step(pStmt);
  if( rc==1 ) *pId = db_column_int64(pStmt, 0);
  db_reset(pStmt);
  return rc==1 ? ZF_OK : rc<0 ? -rc : ZF_ENOTFOUND;
}

/* ---- comparing and history form ---------------------------------------- */

static int ent_licences_equal(const ent_rec *a, const ent_rec *b){
  int i, k;
  if( a->nLicence!=b->nLicence ) return 0;
  for(i=0; i<a->nLicence; i++){
    for(k=0; k<b->nLicence; k++){
      if( strcmp(a->aLicence[i].zType, b->aLicence[k].zType)==0
       && strcmp(a->aLicence[i].zNumber, b->aLicence[k].zNumber)==0
       && strcmp(a->aLicence[i].zFrom, b->aLicence[k].zFrom)==0
       && strcmp(a->aLicence[i].zTo, b->aLicence[k].zTo)==0 ) break;
    }
    if( k==b->nLicence ) return 0;
  }
  return 1;
}

unsigned ent_diff(const ent_rec *a, const ent_rec *b){
  unsigned m = 0;
  if( strcmp(a->zUscc, b->zUscc) ) m |= EF_BIT(EF_USCC);
  if( strcmp(a->zName, b->zName) ) m |= EF_BIT(EF_NAME);
  if( strcmp(a->zAddress, b->zAddress) ) m |= EF_BIT(EF_ADDRESS);
  if( strcmp(a->zRegion, b->zRegion) ) m |= EF_BIT(EF_REGION);
  if( a->hasLocation!=b->hasLocation
   || (a->hasLocation && (fabs(a->lng - b->lng)>5e-7 || fabs(a->lat - b->lat)>5e-7)) ){
    m |= EF_BIT(EF_LOCATION);
  }
  if( strcmp(a->zIndustry, b->zIndustry) ) m |= EF_BIT(EF_INDUSTRY);
  if( strcmp(a->zSector, b->zSector) ) m |= EF_BIT(EF_SECTOR);
  if( a->employees!=b->employees ) m |= EF_BIT(EF_EMPLOYEES);
  if( strcmp(a->zRevenue, b->zRevenue) ) m |= EF_BIT(EF_REVENUE);
  if( strcmp(a->zStandard, b->zStandard) ) m |= EF_BIT(EF_STANDARD);
  if( a->hazards!=b->hazards || a->majorLevel!=b->majorLevel ) m |= EF_BIT(EF_HAZARDS);
  if( !ent_licences_equal(a, b) ) m |= EF_BIT(EF_LICENCES);
  if( strcmp(a->zPrincipal, b->zPrincipal) ) m |= EF_BIT(EF_PRINCIPAL);
  if( strcmp(a->zPrincipalPhone, b->zPrincipalPhone) ) m |= EF_BIT(EF_PRINCIPAL_PHONE);
  if( strcmp(a->zSafety, b->zSafety) ) m |= EF_BIT(EF_SAFETY);
  if( strcmp(a->zSafetyPhone, b->zSafetyPhone) ) m |= EF_BIT(EF_SAFETY_PHONE);
  if( strcmp(a->zLevel, b->zLevel) ) m |= EF_BIT(EF_LEVEL);
  if( strcmp(a->zStatus, b->zStatus) ) m |= EF_BIT(EF_STATUS);
  if( strcmp(a->zStatusReason, b->zStatusReason) ) m |= EF_BIT(EF_STATUS_REASON);
  return m;
}

json_t *ent_str_or_null(const char *z){ return z[0] ? json_string(z) : json_null(); }

/* Text field storage by field id (NULL for structured fields). */
static char *ent_text_field(ent_rec *p, int f, size_t *pn){
  switch( f ){
#define X(F, m) case F: *pn = sizeof p->m; return p->m;
    X(EF_USCC, zUscc) X(EF_NAME, zName) X(EF_ADDRESS, zAddress) X(EF_REGION, zRegion)
    X(EF_INDUSTRY, zIndustry) X(EF_SECTOR, zSector) X(EF_REVENUE, zRevenue)
    X(EF_STANDARD, zStandard) X(EF_PRINCIPAL, zPrincipal) X(EF_PRINCIPAL_PHONE, zPrincipalPhone)
    X(EF_SAFETY, zSafety) X(EF_SAFETY_PHONE, zSafetyPhone) X(EF_LEVEL, zLevel)
    X(EF_STATUS, zStatus) X(EF_STATUS_REASON, zStatusReason)
#undef X
  }
  *pn = 0;
  return 0;
}

json_t *ent_field_json(const ent_rec *p, int f){
  size_t n;
  const char *z = ent_text_field((ent_rec*)p, f, &n);
  int i;
  if( z ) return ent_str_or_null(z);
  switch( f ){
    case EF_LOCATION:
      return p->hasLocation ? json_pack("{s:f,s:f}", "lng", p->lng, "lat", p->lat) : json_null();
    case EF_EMPLOYEES:
      return p->employees<0 ? json_null() : json_integer(p->employees);
    case EF_HAZARDS: {
      json_t *pArr = json_array();
      for(i=0; enterprise_hazards[i].zCode; i++){
        if( !(p->hazards & (1u<<i)) ) continue;
        json_array_append_new(pArr, i==ENT_HAZARD_MAJOR
          ? json_pack("{s:s,s:i}", "kind", enterprise_hazards[i].zCode, "level", p->majorLevel)
          : json_pack("{s:s}", "kind", enterprise_hazards[i].zCode));
      }
      return pArr;
    }
    case EF_LICENCES: {
      json_t *pArr = json_array();
      for(i=0; i<p->nLicence; i++){
        const ent_licence *l = &p->aLicence[i];
        json_array_append_new(pArr, json_pack("{s:s,s:s,s:o,s:s}", "type", l->zType,
          "number", l->zNumber, "valid_from", ent_str_or_null(l->zFrom), "valid_to", l->zTo));
      }
      return pArr;
    }
  }
  return json_null();
}

/* Inverse of ent_field_json, without validation (history is trusted). */
static void ent_field_from_json(ent_rec *p, int f, json_t *v){
  size_t n;
  char *z = ent_text_field(p, f, &n);
  ent_errs ignore;
  memset(&ignore, 0, sizeof ignore);
  if( z ){ snprintf(z, n, "%s", json_is_string(v) ? json_string_value(v) : ""); return; }
  switch( f ){
    case EF_LOCATION:
      p->hasLocation = json_is_object(v);
      p->lng = json_number_value(json_object_get(v, "lng"));
      p->lat = json_number_value(json_object_get(v, "lat"));
      break;
    case EF_EMPLOYEES: p->employees = json_is_integer(v) ? json_integer_value(v) : -1; break;
    case EF_HAZARDS: ent_set_hazards_json(p, v, &ignore); break;
    case EF_LICENCES: ent_set_licences_json(p, v, &ignore); break;
  }
}

static int ent_field_by_key(const char *zKey){
  int f;
  for(f=0; f<EF_COUNT; f++) if( strcmp(ent_fields[f].zKey, zKey)==0 ) return f;
  return -1;
}

/* ---- writing ------------------------------------------------------------ */

/* The licence rows (hazards are flags on the enterprise row itself). */
static int ent_write_children(zf_db *pDb, const ent_rec *p, unsigned which){
  static const char zDelL[] = "DELETE FROM enterprise_licence WHERE enterprise_id=?";
  static const char zInsL[] =
    "INSERT INTO enterprise_licence(enterprise_id, type, number, valid_from, valid_to) VALUES(?,?,?,?,?)";
  int i, rc = ZF_OK;
  if( which & EF_BIT(EF_LICENCES) ){
    if( p->version>1 ) rc = db_exec(pDb, zDelL, "i", p->id);
    for(i=0; rc==ZF_OK && i<p->nLicence; i++){
      const ent_licence *l = &p->aLicence[i];
      rc = db_exec(pDb, zInsL, "issss", p->id, l->zType, l->zNumber, l->zFrom[0] ? l->zFrom : 0, l->zTo);
    }
  }
  return rc;
}

/* Binds the scalar columns 1..21 (ENT_COLS order after id and version,
** then hazards and major_hazard_level; not the times). The
** record outlives the statement's step, so the text is not copied. */
static void ent_bind_scalars(zf_stmt *pStmt, const ent_rec *p){
#define S(i, z) db_bind_text(pStmt, (i), (z)[0] ? (z) : 0, -1, DB_STATIC)
  S(1, p->zUscc); S(2, p->zName); S(3, p->zAddress); S(4, p->zRegion); S(5, p->zRegionPath);
  if( p->hasLocation ){
    db_bind_double(pStmt, 6, p->lng);
    db_bind_double(pStmt, 7, p->lat);
  }else{
    db_bind_null(pStmt, 6);
    db_bind_null(pStmt, 7);
  }
  S(8, p->zIndustry); S(9, p->zSector);
  if( p->employees<0 ) db_bind_null(pStmt, 10); else db_bind_int64(pStmt, 10, p->employees);
  S(11, p->zRevenue); db_bind_text(pStmt, 12, p->zStandard, -1, DB_STATIC);
  S(13, p->zPrincipal); S(14, p->zPrincipalPhone); S(15, p->zSafety); S(16, p->zSafetyPhone);
  db_bind_text(pStmt, 17, p->zLevel, -1, DB_STATIC);
  db_bind_text(pStmt, 18, p->zStatus, -1, DB_STATIC);
  S(19, p->zStatusReason);
  db_bind_int64(pStmt, 20, (int64_t)p->hazards);
  if( p->hazards & (1u<<ENT_HAZARD_MAJOR) ) db_bind_int(pStmt, 21, p->majorLevel);
  else db_bind_null(pStmt, 21);
#undef S
}

static int ent_history_add(ent_ctx *c, const ent_rec *p, const char *zAction, const char *zSource,
                           const char *zChange){
  static const char zIns[] =
    "INSERT INTO enterprise_history(enterprise_id, version, at, actor, action, source, change)"
    " VALUES(?,?,?,?,?,?,?)";
  zf_stmt *pStmt = db_stmt(c->pDb, zIns);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind_int64(pStmt, 1, p->id);
  db_bind_int64(pStmt, 2, p->version);
  db_bind_text(pStmt, 3, p->zUpdated, -1, DB_STATIC);
  db_bind_text(pStmt, 4, c->zActor, -1, DB_STATIC);
  db_bind_text(pStmt, 5, zAction, -1, DB_STATIC);
  db_bind_text(pStmt, 6, zSource, -1, DB_STATIC);
  db_bind_text(pStmt, 7, zChange, -1, DB_STATIC);
  rc = db_step(pStmt);
  db_reset(pStmt);
  return rc<0 ? -rc : ZF_OK;
}

int ent_insert(ent_ctx *c, ent_rec *p, const char *zSource){
  static const char zIns[] =
    "INSERT INTO enterprise(uscc, name, address, region, region_path, lng, lat, industry, sector,"
    " employees, revenue_band, standardisation, principal, principal_phone, safety_manager,"
    " safety_manager_phone, supervising_level, status, status_reason, hazards, major_hazard_level,"
    " version, created_at, updated_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)";
  zf_stmt *pStmt = db_stmt(c->pDb, zIns);
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  clock_now_iso(p->zCreated);
  memcpy(p->zUpdated, p->zCreated, sizeof p->zUpdated);
  ent_bind_scalars(pStmt, p);
  db_bind_text(pStmt, 22, p->zCreated, -1, DB_STATIC);
  db_bind_text(pStmt, 23, p->zUpdated, -1, DB_STATIC);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  p->id = db_last_id(c->pDb);
  p->version = 1;
  rc = p->nLicence ? ent_write_children(c->pDb, p, EF_BIT(EF_LICENCES)) : ZF_OK;
  if( rc==ZF_OK ) rc = ent_search_index(c->pDb, p->id, 0, p->zName);
  if( rc==ZF_OK ) rc = ent_history_add(c, p, "create", zSource, "{}");
  return rc;
}

/* {"field":[before, after], …} of the fields in mask. */
static json_t *ent_change_json(const ent_rec *pOld, const ent_rec *pNew, unsigned mask){
  json_t *pChange = json_object();
  int f;
  for(f=0; f<EF_COUNT; f++){
    if( !(mask & EF_BIT(f)) ) continue;
    json_object_set_new(pChange, ent_fields[f].zKey,
                        json_pack("[o,o]", ent_field_json(pOld, f), ent_field_json(pNew, f)));
  }
  return pChange;
}

int ent_update(ent_ctx *c, const ent_rec *pOld, ent_rec *pNew, unsigned changed,
               const char *zSource){
  static const char zUpd[] =
    "UPDATE enterprise SET uscc=?, name=?, address=?, region=?, region_path=?, lng=?, lat=?,"
    " industry=?, sector=?, employees=?, revenue_band=?, standardisation=?, principal=?,"
    " principal_phone=?, safety_manager=?, safety_manager_phone=?, supervising_level=?, status=?,"
    " status_reason=?, hazards=?, major_hazard_level=?, version=?, updated_at=? WHERE id=? AND version=?";
  zf_stmt *pStmt = db_stmt(c->pDb, zUpd);
  json_t *pChange;
  char *zChange;
  int rc;
  if( pStmt==0 ) return ZF_EINTERNAL;
  pNew->id = pOld->id;
  pNew->version = pOld->version + 1;
  memcpy(pNew->zCreated, pOld->zCreated, sizeof pNew->zCreated);
  clock_now_iso(pNew->zUpdated);
  ent_bind_scalars(pStmt, pNew);
  db_bind_int64(pStmt, 22, pNew->version);
  db_bind_text(pStmt, 23, pNew->zUpdated, -1, DB_STATIC);
  db_bind_int64(pStmt, 24, pOld->id);
  db_bind_int64(pStmt, 25, pOld->version);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( db_changes(c->pDb)!=1 ) return ZF_ECONFLICT;      /* changed meanwhile */
  rc = ent_write_children(c->pDb, pNew, changed);
  if( rc==ZF_OK && (changed & EF_BIT(EF_NAME)) ){
    rc = ent_search_index(c->pDb, pNew->id, pOld->zName, pNew->zName);
  }
  if( rc ) return rc;
  pChange = ent_change_json(pOld, pNew, changed);
  zChange = json_dumps(pChange, JSON_COMPACT);
  json_decref(pChange);
  if( zChange==0 ) return ZF_EINTERNAL;
  rc = ent_history_add(c, pNew,
         (changed & ~(EF_BIT(EF_STATUS) | EF_BIT(EF_STATUS_REASON)))==0 ? "status" : "update",
         zSource, zChange);
  free(zChange);
  return rc;
}

/* The whole record in history form (every field), for audit and as-of. */
static json_t *ent_record_json(const ent_rec *p){
  json_t *pObj = json_object();
  int f;
  for(f=0; f<EF_COUNT; f++) json_object_set_new(pObj, ent_fields[f].zKey, ent_field_json(p, f));
  return pObj;
}

static int ent_audit(ent_ctx *c, const char *zAction, const ent_rec *p, json_t *pChange){
  char zId[24];
  int rc;
  snprintf(zId, sizeof zId, "%lld", (long long)p->id);
  rc = audit_append(c->pDb, c->zActor, zAction, "enterprise", zId, p->zRegion, pChange);
  json_decref(pChange);
  return rc;
}

/* A uniqueness problem of p->zUscc (another enterprise has it). */
static int ent_check_unique(ent_ctx *c, const ent_rec *p, ent_errs *pErrs){
  int64_t other;
  if( p->zUscc[0] && ent_find_uscc(c->pDb, p->zUscc, &other)==ZF_OK && other!=p->id ){
    ent_rec o;
    if( ent_load(c->pDb, other, &o)==ZF_OK ){
      ent_err_rc(pErrs, ZF_ECONFLICT, EF_USCC, "统一社会信用代码 %s 已登记（%s）", p->zUscc, o.zName);
    }
    return 1;
  }
  return 0;
}

int enterprise_create(ent_ctx *c, ent_rec *p, zf_error *e){
  ent_errs errs;
  int rc;
  memset(&errs, 0, sizeof errs);
  p->id = 0;
  ent_check(c, p, 0, &errs);
  if( errs.n==0 ) ent_check_unique(c, p, &errs);
  if( errs.n ) return ent_errs_to_error(&errs, e);
  rc = db_begin(c->pDb);
  if( rc ) return err_set(e, rc, 0, 0);
  rc = ent_insert(c, p, "api");
  if( rc==ZF_OK ) rc = ent_audit(c, "enterprise.create", p, ent_record_json(p));
  if( rc==ZF_OK ) rc = risk_recompute_one(c->pDb, p->id, c->zActor, 0);   /* grade and key lists */
  if( rc==ZF_OK ) rc = db_commit(c->pDb); else db_rollback(c->pDb);
  if( rc==ZF_ECONFLICT ) return err_set(e, rc, "uscc", "统一社会信用代码 %s 已登记", p->zUscc);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

/* Copies the fields in mask from pSrc into pDst. */
static void ent_copy_fields(ent_rec *pDst, const ent_rec *pSrc, unsigned mask){
  int f;
  for(f=0; f<EF_COUNT; f++){
    size_t n;
    char *zDst;
    if( !(mask & EF_BIT(f)) ) continue;
    if( (zDst = ent_text_field(pDst, f, &n))!=0 ){
      memcpy(zDst, ent_text_field((ent_rec*)pSrc, f, &n), n);
      continue;
    }
    switch( f ){
      case EF_LOCATION: pDst->hasLocation = pSrc->hasLocation; pDst->lng = pSrc->lng; pDst->lat = pSrc->lat; break;
      case EF_EMPLOYEES: pDst->employees = pSrc->employees; break;
      case EF_HAZARDS: pDst->hazards = pSrc->hazards; pDst->majorLevel = pSrc->majorLevel; break;
      case EF_LICENCES:
        pDst->nLicence = pSrc->nLicence;
        memcpy(pDst->aLicence, pSrc->aLicence, sizeof pDst->aLicence);
        break;
    }
  }
}

int enterprise_patch(ent_ctx *c, int64_t id, const ent_rec *pIn, unsigned mask,
                     int64_t expectVersion, zf_error *e){
  ent_rec *pOld = malloc(sizeof *pOld), *pNew = malloc(sizeof *pNew);
  ent_errs errs;
  unsigned changed;
  int rc;
  memset(&errs, 0, sizeof errs);
  if( pOld==0 || pNew==0 ){ rc = err_set(e, ZF_EINTERNAL, 0, 0); goto done; }
  rc = ent_load(c->pDb, id, pOld);
  if( rc ){ err_set(e, rc, "id", rc==ZF_ENOTFOUND ? "企业不存在" : 0); goto done; }
  if( !ent_in_scope(c, pOld->zRegionPath) ){
    rc = err_set(e, ZF_ESCOPE, "id", "该企业（%s）不在您的管辖范围内", pOld->zName);
    goto done;
  }
  if( expectVersion>0 && expectVersion!=pOld->version ){
    rc = err_set(e, ZF_ECONFLICT, "version",
                 "该企业信息已被他人修改（当前版本 %lld），请刷新后重试", (long long)pOld->version);
    goto done;
  }
  *pNew = *pOld;
  ent_copy_fields(pNew, pIn, mask);
  ent_check(c, pNew, pOld, &errs);
  if( errs.n==0 ) ent_check_unique(c, pNew, &errs);
  if( errs.n ){ rc = ent_errs_to_error(&errs, e); goto done; }
  changed = ent_diff(pOld, pNew);
  if( changed==0 ){ rc = ZF_OK; goto done; }          /* nothing to record */
  rc = db_begin(c->pDb);
  if( rc ){ err_set(e, rc, 0, 0); goto done; }
  rc = ent_update(c, pOld, pNew, changed, "api");
  if( rc==ZF_OK ){
    json_t *pChange = ent_change_json(pOld, pNew, changed), *pBefore = json_object(), *pAfter = json_object();
    const char *zKey;
    json_t *v;
    json_object_foreach(pChange, zKey, v){
      json_object_set(pBefore, zKey, json_array_get(v, 0));
      json_object_set(pAfter, zKey, json_array_get(v, 1));
    }
    json_decref(pChange);
    rc = ent_audit(c, (changed & EF_BIT(EF_STATUS)) ? "enterprise.status" : "enterprise.update", pNew,
                   json_pack("{s:o,s:o,s:I}", "before", pBefore, "after", pAfter,
                             "version", (json_int_t)pNew->version));
  }
  if( rc==ZF_OK ) rc = risk_recompute_one(c->pDb, id, c->zActor, 0);      /* grade and key lists */
  if( rc==ZF_OK ) rc = db_commit(c->pDb); else db_rollback(c->pDb);
  if( rc==ZF_ECONFLICT ) err_set(e, rc, "uscc", "统一社会信用代码已登记，或该企业刚被他人修改");
  else if( rc ) err_set(e, rc, 0, 0);
done:
  free(pOld);
  free(pNew);
  return rc;
}

/* ---- as of a date ------------------------------------------------------- */

/* "YYYY-MM-DD" → the UTC instant its day ends in Asia/Shanghai (UTC+8). */
static int ent_day_end_utc(const char *zDate, char zOut[24]){
  int y, m, d, n = 0;
  if( sscanf(zDate, "%4d-%2d-%2d%n", &y, &m, &d, &n)!=3 || zDate[n] || !ent_date_valid(y, m, d) ) return 0;
  snprintf(zOut, 24, "%04d-%02d-%02dT16:00:00Z", y, m, d);
  return 1;
}

/*
** Rebuilds record id as it stood after version `version` (0: ignore) or
** before the instant zBefore (NULL: ignore): starts from the current
** record and undoes newer changes, newest first. ZF_ENOTFOUND when the
** record did not exist yet.
*/
int ent_rewind(zf_db *pDb, int64_t id, int64_t version, const char *zBefore, ent_rec *p){
  static const char zSql[] =
    "SELECT version, action, change, at FROM enterprise_history WHERE enterprise_id=?"
    " ORDER BY version DESC";
  zf_stmt *pStmt;
  int rc = ent_load(pDb, id, p), found = 0;
  if( rc ) return rc;
  pStmt = db_stmt(pDb, zSql);
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  while( (rc = db_step(pStmt))==1 ){
    int64_t v = db_column_int64(pStmt, 0);
    const char *zAt = db_text(pStmt, 3);
    json_t *pChange, *pPair;
    const char *zKey;
    if( (version>0 && v<=version) || (zBefore && strcmp(zAt, zBefore)<0) ){
      p->version = v;
      snprintf(p->zUpdated, sizeof p->zUpdated, "%s", zAt);
      found = 1;
      break;
    }
    if( strcmp(db_text(pStmt, 1), "create")==0 ) break;
    pChange = json_loads(db_text(pStmt, 2), 0, 0);
    json_object_foreach(pChange, zKey, pPair){
      int f = ent_field_by_key(zKey);
      if( f>=0 ) ent_field_from_json(p, f, json_array_get(pPair, 0));
    }
    json_decref(pChange);
  }
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  return found ? ZF_OK : ZF_ENOTFOUND;
}

int enterprise_as_of(zf_db *pDb, int64_t id, const char *zDate, ent_rec *p, zf_error *e){
  char zEnd[24];
  int rc;
  if( !ent_day_end_utc(zDate, zEnd) ){
    return err_set(e, ZF_EINVAL, "as_of", "参数 as_of 应为日期 YYYY-MM-DD");
  }
  rc = ent_rewind(pDb, id, 0, zEnd, p);
  if( rc==ZF_ENOTFOUND ) return err_set(e, rc, "as_of", "该企业在 %s 尚未登记", zDate);
  return rc ? err_set(e, rc, 0, 0) : ZF_OK;
}

/* ---- JSON ------------------------------------------------------------------ */

/* Today's date in Asia/Shanghai, "YYYY-MM-DD". */
static void ent_today(char zOut[11]){
  char zIso[24];
  clock_iso(clock_now() + 8*3600, zIso);
  memcpy(zOut, zIso, 10);
  zOut[10] = 0;
}

/* The hazards of p as [{kind, name, level?}]. */
json_t *ent_hazards_json(unsigned hazards, int majorLevel){
  json_t *pArr = json_array();
  int i;
  for(i=0; enterprise_hazards[i].zCode; i++){
    json_t *pItem;
    if( !(hazards & (1u<<i)) ) continue;
    pItem = json_pack("{s:s,s:s}", "kind", enterprise_hazards[i].zCode, "name", enterprise_hazards[i].zName);
    if( i==ENT_HAZARD_MAJOR ) json_object_set_new(pItem, "level", json_integer(majorLevel));
    json_array_append_new(pArr, pItem);
  }
  return pArr;
}

static json_t *ent_phone_json(const char *z, int show){
  char zMask[32];
  if( z[0]==0 ) return json_null();
  if( show ) return json_string(z);
  ent_mask_phone(z, zMask, sizeof zMask);
  return json_string(zMask);
}

json_t *enterprise_json(ent_ctx *c, const ent_rec *p, int showPhones){
  ent_region reg;
  char zToday[11], zNorm[8];
  const char *zIndustryName = industry_lookup(p->zIndustry, zNorm);
  json_t *pObj, *pLic = json_array();
  int i;
  ent_today(zToday);
  for(i=0; i<p->nLicence; i++){
    const ent_licence *l = &p->aLicence[i];
    json_array_append_new(pLic, json_pack("{s:s,s:s,s:o,s:s,s:b}", "type", l->zType, "number", l->zNumber,
      "valid_from", ent_str_or_null(l->zFrom), "valid_to", l->zTo, "expired", strcmp(l->zTo, zToday)<0));
  }
  pObj = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
    "id", (json_int_t)p->id, "uscc", p->zUscc, "name", p->zName, "address", p->zAddress,
    "region", p->zRegion, "region_name", ent_region_get(c, p->zRegion, &reg) ? reg.zName : "",
    "industry", p->zIndustry, "industry_name", zIndustryName ? zIndustryName : "",
    "sector", p->zSector);
  json_object_set_new(pObj, "industry_code", isalpha((unsigned char)p->zIndustry[0]) || !industry_section(p->zIndustry)
                      ? json_string(p->zIndustry) : json_sprintf("%c%s", industry_section(p->zIndustry), p->zIndustry));
  json_object_set_new(pObj, "sector_name", json_string(ent_choice_name(enterprise_sectors, p->zSector)));
  json_object_set_new(pObj, "lng", p->hasLocation ? json_real(p->lng) : json_null());
  json_object_set_new(pObj, "lat", p->hasLocation ? json_real(p->lat) : json_null());
  json_object_set_new(pObj, "employees", ent_field_json(p, EF_EMPLOYEES));
  json_object_set_new(pObj, "revenue_band", ent_str_or_null(p->zRevenue));
  json_object_set_new(pObj, "standardisation", json_string(p->zStandard));
  json_object_set_new(pObj, "hazards", ent_hazards_json(p->hazards, p->majorLevel));
  json_object_set_new(pObj, "licences", pLic);
  json_object_set_new(pObj, "principal", ent_str_or_null(p->zPrincipal));
  json_object_set_new(pObj, "principal_phone", ent_phone_json(p->zPrincipalPhone, showPhones));
  json_object_set_new(pObj, "safety_manager", ent_str_or_null(p->zSafety));
  json_object_set_new(pObj, "safety_manager_phone", ent_phone_json(p->zSafetyPhone, showPhones));
  json_object_set_new(pObj, "phones_masked", json_boolean(!showPhones));
  json_object_set_new(pObj, "supervising_level", json_string(p->zLevel));
  json_object_set_new(pObj, "status", json_string(p->zStatus));
  json_object_set_new(pObj, "status_reason", ent_str_or_null(p->zStatusReason));
  json_object_set_new(pObj, "version", json_integer(p->version));
  json_object_set_new(pObj, "created_at", json_string(p->zCreated));
  json_object_set_new(pObj, "updated_at", json_string(p->zUpdated));
  return pObj;
}

