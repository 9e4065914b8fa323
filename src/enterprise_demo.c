/*
** enterprise_demo.c — demo enterprises for `zhifa demo` (plan clause 18:
** a populated ledger to work with).
**
** District scale: ~3,000 enterprises in 青云谱区's seven townships;
** province scale: 500,000 across every township of Jiangxi (benchmarks).
** Names are built from word lists ("南昌鑫达机械制造有限公司"); each kind
** of business brings its GB/T 4754 class, sector, typical hazard features
** and licences. Credit codes are valid: "91" + the county code + a GB 11714
** organisation code (8 characters from a bijective counter, so never twice,
** plus its check digit) + the GB 32100 check character. A fixed seed makes
** every demo database the same. Everything is written in one transaction
** through ent_insert (history rows and the name index included) with one
** audit entry.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/audit.h"
#include "core/idcheck.h"
#include "core/log.h"
#include "enterprise.h"
#include "enterprise_search.h"

#define H(x) (1u<<(x))
enum { HZ_MAJOR, HZ_PRODUCE, HZ_STORE, HZ_USE, HZ_SELL, HZ_DUST, HZ_AMMONIA, HZ_CONFINED,
       HZ_SMELT, HZ_HOT, HZ_GAS, HZ_LIFT };

/* A kind of business. */
typedef struct demo_kind {
  const char *zWord, *zIndustry, *zSector;
  unsigned hazards;
  int majorPct;                 /* percentage with a major hazard source */
  const char *zLicence;         /* licence type, or NULL */
  const char *zLicenceCode;     /* in the licence number */
  int weight;
  int shop;                     /* may end in 经营部/商行 */
} demo_kind;

static const demo_kind demo_kinds[] = {
  {"化工", "2614", "chem", H(HZ_PRODUCE)|H(HZ_STORE)|H(HZ_CONFINED)|H(HZ_HOT), 30, "安全生产许可证", "WH安许证字", 3, 0},
  {"涂料", "2641", "chem", H(HZ_PRODUCE)|H(HZ_STORE)|H(HZ_DUST), 10, "安全生产许可证", "WH安许证字", 2, 0},
  {"化学试剂", "2661", "chem", H(HZ_PRODUCE)|H(HZ_STORE), 10, "安全生产许可证", "WH安许证字", 1, 0},
  {"工业气体", "2619", "chem", H(HZ_PRODUCE)|H(HZ_STORE)|H(HZ_CONFINED), 20, "安全生产许可证", "WH安许证字", 1, 0},
  {"化工贸易", "5169", "chem", H(HZ_SELL)|H(HZ_STORE), 5, "危险化学品经营许可证", "危化经字", 4, 1},
  {"石化加油站", "5265", "chem", H(HZ_SELL)|H(HZ_STORE)|H(HZ_GAS), 0, "危险化学品经营许可证", "危化经字", 3, 0},
  {"焰火鞭炮", "2672", "fireworks", H(HZ_STORE)|H(HZ_DUST), 0, "安全生产许可证", "YH安许证字", 1, 0},
  {"烟花爆竹", "5239", "fireworks", H(HZ_STORE), 0, "烟花爆竹经营（零售）许可证", "烟经零字", 2, 1},
  {"钢铁", "3120", "trade.metallurgy", H(HZ_SMELT)|H(HZ_HOT)|H(HZ_LIFT)|H(HZ_CONFINED), 0, 0, 0, 1, 0},
  {"铸造", "3391", "trade.metallurgy", H(HZ_SMELT)|H(HZ_DUST)|H(HZ_HOT)|H(HZ_LIFT), 0, 0, 0, 3, 0},
  {"铝业", "3216", "trade.nonferrous", H(HZ_SMELT)|H(HZ_DUST)|H(HZ_HOT), 0, 0, 0, 1, 0},
  {"铜材", "3251", "trade.nonferrous", H(HZ_HOT)|H(HZ_LIFT), 0, 0, 0, 2, 0},
  {"水泥", "3011", "trade.building", H(HZ_DUST)|H(HZ_CONFINED)|H(HZ_LIFT), 0, 0, 0, 1, 0},
  {"建材", "3021", "trade.building", H(HZ_DUST)|H(HZ_LIFT), 0, 0, 0, 3, 1},
  {"陶瓷", "3072", "trade.building", H(HZ_DUST)|H(HZ_GAS), 0, 0, 0, 2, 0},
  {"玻璃", "3041", "trade.building", H(HZ_GAS)|H(HZ_HOT), 0, 0, 0, 1, 0},
  {"机械制造", "3421", "trade.machinery", H(HZ_HOT)|H(HZ_LIFT), 0, 0, 0, 6, 0},
  {"汽车配件", "3670", "trade.machinery", H(HZ_DUST)|H(HZ_HOT), 0, 0, 0, 5, 0},
  {"钢结构", "3311", "trade.machinery", H(HZ_HOT)|H(HZ_LIFT), 0, 0, 0, 4, 0},
  {"电机", "3811", "trade.machinery", H(HZ_LIFT), 0, 0, 0, 2, 0},
  {"表面处理", "3360", "trade.machinery", H(HZ_USE)|H(HZ_CONFINED), 0, 0, 0, 2, 0},
  {"食品", "1431", "trade.light", H(HZ_AMMONIA)|H(HZ_DUST)|H(HZ_GAS), 0, 0, 0, 4, 0},
  {"家具", "2110", "trade.light", H(HZ_DUST)|H(HZ_USE), 0, 0, 0, 4, 0},
  {"纸业", "2221", "trade.light", H(HZ_CONFINED)|H(HZ_DUST), 0, 0, 0, 1, 0},
  {"塑胶", "2929", "trade.light", H(HZ_HOT), 0, 0, 0, 3, 0},
  {"印刷", "2319", "trade.light", H(HZ_USE), 0, 0, 0, 3, 0},
  {"酒业", "1512", "trade.light", H(HZ_CONFINED)|H(HZ_GAS), 0, 0, 0, 1, 0},
  {"纺织", "1711", "trade.textile", H(HZ_DUST), 0, 0, 0, 3, 0},
  {"服饰", "1819", "trade.textile", 0, 0, 0, 0, 4, 0},
  {"印染", "1713", "trade.textile", H(HZ_USE)|H(HZ_CONFINED), 0, 0, 0, 1, 0},
  {"超市", "5212", "trade.commerce", H(HZ_GAS), 0, 0, 0, 4, 0},
  {"商贸", "5211", "trade.commerce", 0, 0, 0, 0, 4, 1},
  {"冷链物流", "5930", "trade.commerce", H(HZ_AMMONIA)|H(HZ_CONFINED), 0, 0, 0, 2, 0},
  {"物流", "5920", "trade.commerce", H(HZ_LIFT), 0, 0, 0, 3, 0},
  {"砂石", "1019", "mining", 0, 0, "安全生产许可证", "FM安许证字", 1, 0},
  {"石灰石矿业", "1011", "mining", 0, 0, "安全生产许可证", "FM安许证字", 1, 0},
  {"物业", "7020", "other", H(HZ_CONFINED)|H(HZ_GAS), 0, 0, 0, 2, 0},
  {0, 0, 0, 0, 0, 0, 0, 0, 0}
};

static const char *const demo_brand[] = {
  "华","鑫","盛","达","兴","昌","宏","泰","丰","源","瑞","祥","恒","隆","通","安","利","顺","鸿","德",
  "信","和","嘉","福","成","金","银","新","永","东","博","创","聚","汇","众","力","正","中","天","宇",
  "晟","锦","启","铭","骏","洪","赣","豫","章","江","联","联","合","荣","振","凯","旺","佳","润","益", 0
};
static const char *const demo_suffix[] = { "有限公司", "有限公司", "有限公司", "有限公司", "有限公司",
  "有限公司", "有限公司", "有限责任公司", "股份有限公司", "厂", 0 };
static const char *const demo_surname[] = {
  "王","李","张","刘","陈","杨","黄","赵","吴","周","徐","孙","马","朱","胡","郭","何","高","林","罗",
  "郑","梁","谢","宋","唐","许","韩","冯","邓","曹","彭","曾","肖","田","董","袁","潘","蒋","蔡","余",
  "杜","叶","程","魏","吕","丁","熊","万","涂","邹","钟","龚","熊","付","甘","晏","喻","胡", 0 };
static const char *const demo_given[] = {
  "伟","芳","敏","静","丽","强","磊","军","洋","勇","艳","杰","娟","涛","明","超","秀英","华","平","刚",
  "建华","志强","文","斌","辉","鹏","红","玲","建国","海","波","宁","晓东","小红","春梅","国平","家豪",
  "子涵","思远","俊杰","晨","欣怡","雨","卫东","水根","金生","细妹","桂兰", 0 };

/* 青云谱区's townships with a share of the enterprises and local roads. */
static const struct { const char *zCode; int weight; const char *azRoad[3]; } demo_district[] = {
  {"360104002", 25, {"洪都中大道", "洪都南大道", "顺化门路"}},
  {"360104006", 15, {"京山北路", "京山南路", "井冈山大道"}},
  {"360104007", 12, {"三店西路", "三店东路", "井冈山大道"}},
  {"360104008", 15, {"岱山东路", "岱山西路", "迎宾北大道"}},
  {"360104009", 10, {"徐家坊路", "五一路", "迎宾中大道"}},
  {"360104100", 13, {"青云谱路", "昌南大道", "施尧路"}},
  {"360104400", 10, {"洪城路", "南莲路", "广州路"}},
};
static const char *const demo_roads[] = { "工业大道", "人民路", "建设路", "解放路", "新华路", "胜利路",
  "文化路", "中山路", "八一大道", "民营科技园", 0 };

/* xorshift64*: reproducible demo data. */
typedef struct demo_rng { uint64_t s; } demo_rng;
static uint32_t demo_next(demo_rng *g){
  g->s ^= g->s >> 12; g->s ^= g->s << 25; g->s ^= g->s >> 27;
  return (uint32_t)((g->s * 2685821657736338717ULL) >> 32);
}
static int demo_pick(demo_rng *g, int n){ return (int)(demo_next(g) % (uint32_t)n); }
static int demo_count(const char *const *a){ int n = 0; while( a[n] ) n++; return n; }
static const char *demo_any(demo_rng *g, const char *const *a){ return a[demo_pick(g, demo_count(a))]; }

/* A credit code: 91 + county + organisation code n (bijective) + check. */
static void demo_uscc(const char *zCounty, uint64_t n, char zOut[19]){
  static const char zChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  const uint64_t m = 852891037441ULL;          /* 31^8 */
  uint64_t v = (n * 500000000023ULL + 97531ULL) % m;   /* 500000000023 is prime to 31 */
  int i, sum = 0, c;
  memcpy(zOut, "91", 2);
  memcpy(zOut + 2, zCounty, 6);
  for(i=7; i>=0; i--){ zOut[8+i] = zChars[v % 31]; v /= 31; }
  for(i=0; i<8; i++){                          /* GB 11714 check digit */
    char ch = zOut[8+i];
    sum += (ch<='9' ? ch - '0' : ch - 'A' + 10) * w[i];
  }
  c = 11 - sum % 11;
  zOut[16] = c==10 ? 'X' : c==11 ? '0' : (char)('0' + c);
  zOut[17] = idcheck_uscc_check(zOut);
  zOut[18] = 0;
}

/* Short place name: "南昌市" → "南昌", "青云谱区" → "青云谱". */
static void demo_short(const char *zName, char *zOut, size_t n){
  size_t len = strlen(zName);
  snprintf(zOut, n, "%s", zName);
  if( len>6 && (strcmp(zName+len-3, "市")==0 || strcmp(zName+len-3, "区")==0
             || strcmp(zName+len-3, "县")==0) ) zOut[len-3] = 0;
}

static const demo_kind *demo_kind_pick(demo_rng *g){
  int i, total = 0, r;
  for(i=0; demo_kinds[i].zWord; i++) total += demo_kinds[i].weight;
  r = demo_pick(g, total);
  for(i=0; demo_kinds[i].zWord; i++){
    if( r<demo_kinds[i].weight ) return &demo_kinds[i];
    r -= demo_kinds[i].weight;
  }
  return &demo_kinds[0];
}

/* Fills the hazards, licence, size and status of p from its kind. */
static void demo_details(demo_rng *g, const demo_kind *k, const char *zCityShort, ent_rec *p, int i){
  int y;
  p->hazards = 0;
  for(y=1; y<12; y++) if( (k->hazards & (1u<<y)) && demo_pick(g, 100)<75 ) p->hazards |= 1u<<y;
  if( k->majorPct && demo_pick(g, 100)<k->majorPct ){
    p->hazards |= 1u<<HZ_MAJOR;
    p->majorLevel = 1 + (demo_pick(g, 10)>=2) + (demo_pick(g, 10)>=4) + (demo_pick(g, 10)>=6);
    strcpy(p->zLevel, p->majorLevel<=2 ? "city" : "district");
  }
  if( k->zLicence ){
    ent_licence *l = &p->aLicence[0];
    int from = 2021 + demo_pick(g, 5), m = 1 + demo_pick(g, 12), d = 1 + demo_pick(g, 28);
    snprintf(l->zType, sizeof l->zType, "%s", k->zLicence);
    snprintf(l->zNumber, sizeof l->zNumber, "（赣）%s〔%d〕%04d号", k->zLicenceCode, from, 1 + i % 9000);
    snprintf(l->zFrom, sizeof l->zFrom, "%04d-%02d-%02d", from, m, d);
    snprintf(l->zTo, sizeof l->zTo, "%04d-%02d-%02d", from + 3, m, d);
    p->nLicence = 1;
    (void)zCityShort;
  }
  y = demo_pick(g, 100);
  p->employees = y<50 ? 3 + demo_pick(g, 30) : y<85 ? 30 + demo_pick(g, 170) : 200 + demo_pick(g, 1800);
  strcpy(p->zRevenue, p->employees<10 ? "lt1m" : p->employees<50 ? "1m_5m" : p->employees<150 ? "5m_20m"
         : p->employees<500 ? "20m_100m" : p->employees<1200 ? "100m_400m" : "ge400m");
  y = demo_pick(g, 100);
  strcpy(p->zStandard, y<55 ? "none" : y<90 ? "level3" : y<98 ? "level2" : "level1");
  if( p->employees<10 && strcmp(p->zLevel, "district")==0 && demo_pick(g, 3)==0 ) strcpy(p->zLevel, "street");
  y = demo_pick(g, 100);
  if( y<3 ){
    strcpy(p->zStatus, "suspended");
    strcpy(p->zStatusReason, y<1 ? "责令停产停业整顿（重大事故隐患未整改）" : "季节性停产");
  }else if( y<5 ){
    strcpy(p->zStatus, "closed");
    strcpy(p->zStatusReason, y<4 ? "企业已注销" : "依法关闭");
  }
}

/* One demo enterprise numbered i in township zTown (county zCounty). */
static void demo_one(demo_rng *g, ent_ctx *c, int i, const char *zTown, const char *zRoad,
                     const char *zPlace, ent_rec *p){
  const demo_kind *k = demo_kind_pick(g);
  const char *zSuffix = k->shop && demo_pick(g, 3)==0 ? (demo_pick(g, 2) ? "经营部" : "商行")
                        : demo_any(g, demo_suffix);
  char zB1[8], zB2[8];
  ent_region reg;
  ent_rec_init(p);
  snprintf(zB1, sizeof zB1, "%s", demo_any(g, demo_brand));
  do snprintf(zB2, sizeof zB2, "%s", demo_any(g, demo_brand)); while( strcmp(zB1, zB2)==0 );
  if( demo_pick(g, 10)<7 ) snprintf(p->zName, sizeof p->zName, "%s%s%s%s%s", zPlace, zB1, zB2, k->zWord, zSuffix);
  else snprintf(p->zName, sizeof p->zName, "%s%s%s（%s）%s", zB1, zB2, k->zWord, zPlace, zSuffix);
  snprintf(p->zRegion, sizeof p->zRegion, "%s", zTown);
  if( ent_region_get(c, zTown, &reg) ) snprintf(p->zRegionPath, sizeof p->zRegionPath, "%s", reg.zPath);
  demo_uscc(zTown, (uint64_t)i, p->zUscc);
  snprintf(p->zAddress, sizeof p->zAddress, "%s%s%d号", reg.zName, zRoad, 1 + demo_pick(g, 999));
  snprintf(p->zIndustry, sizeof p->zIndustry, "%s", k->zIndustry);
  snprintf(p->zSector, sizeof p->zSector, "%s", k->zSector);
  snprintf(p->zPrincipal, sizeof p->zPrincipal, "%s%s", demo_any(g, demo_surname), demo_any(g, demo_given));
  snprintf(p->zPrincipalPhone, sizeof p->zPrincipalPhone, "1%c%c%08u", "3589"[demo_pick(g, 4)],
           '0' + demo_pick(g, 10), demo_next(g) % 100000000u);
  if( demo_pick(g, 3) ){
    snprintf(p->zSafety, sizeof p->zSafety, "%s%s", demo_any(g, demo_surname), demo_any(g, demo_given));
    snprintf(p->zSafetyPhone, sizeof p->zSafetyPhone, "1%c%c%08u", "3578"[demo_pick(g, 4)],
             '0' + demo_pick(g, 10), demo_next(g) % 100000000u);
  }
  demo_details(g, k, zPlace, p, i);
}

/* The townships of Jiangxi with their county and city short names. */
typedef struct demo_town { char zCode[16], zPlace[32]; } demo_town;

static int demo_towns(zf_db *pDb, demo_town **paTown){
  static const char zSql[] =
    "SELECT t.code, c.name, m.name FROM region t JOIN region c ON c.code=t.parent"
    " JOIN region m ON m.code=c.parent WHERE t.level='township' ORDER BY t.code";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int n = 0, nAlloc = 0;
  demo_town *a = 0;
  if( pStmt==0 ) return 0;
  while( db_step(pStmt)==1 ){
    char zCity[32];
    if( n>=nAlloc ){
      demo_town *pNew;
      nAlloc = nAlloc ? nAlloc*2 : 2048;
      pNew = realloc(a, sizeof *a * nAlloc);
      if( pNew==0 ) break;
      a = pNew;
    }
    snprintf(a[n].zCode, sizeof a[n].zCode, "%s", db_text(pStmt, 0));
    demo_short(db_text(pStmt, 2), zCity, sizeof zCity);
    snprintf(a[n].zPlace, sizeof a[n].zPlace, "%s", zCity);
    n++;
  }
  db_reset(pStmt);
  *paTown = a;
  return n;
}

int enterprise_demo(zf_db *pDb, int scale, zf_error *e){
  ent_rec *p = malloc(sizeof *p);
  demo_town *aTown = 0;
  demo_rng g = { 0x5eed2026c0ffeeULL };
  ent_ctx c;
  int i, n = scale ? 500000 : 3000, nTown = 0, rc;
  struct timespec t0, t1;
  if( p==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ent_ctx_init(&c, pDb, 0, "demo");
  rc = ent_ctx_cache_regions(&c);
  if( rc==ZF_OK && scale ){
    nTown = demo_towns(pDb, &aTown);
    if( nTown==0 ) rc = ZF_EINTERNAL;
  }
  if( rc==ZF_OK && scale ) db_bulk(pDb, 512);
  if( rc==ZF_OK ) rc = db_begin(pDb);
  for(i=0; rc==ZF_OK && i<n; i++){
    if( scale ){
      const demo_town *t = &aTown[demo_pick(&g, nTown)];
      demo_one(&g, &c, i, t->zCode, demo_any(&g, demo_roads), t->zPlace, p);
    }else{
      int k, r = demo_pick(&g, 100);
      const char *zPlace = demo_pick(&g, 10)<7 ? "南昌" : demo_pick(&g, 2) ? "江西" : "洪都";
      for(k=0; r>=demo_district[k].weight && k<6; k++) r -= demo_district[k].weight;
      demo_one(&g, &c, i, demo_district[k].zCode, demo_district[k].azRoad[demo_pick(&g, 3)], zPlace, p);
      p->hasLocation = 1;
      p->lng = 115.880 + demo_pick(&g, 70000) / 1e6;
      p->lat = 28.590 + demo_pick(&g, 70000) / 1e6;
    }
    rc = ent_insert(&c, p, "demo");
  }
  if( rc==ZF_OK ){
    json_t *pChange = json_pack("{s:s,s:i,s:s}", "source", "demo", "enterprises", n,
                                "scale", scale ? "province" : "district");
    rc = audit_append(pDb, "demo", "enterprise.demo", "enterprise", "*", scale ? "360000" : "360104", pChange);
    json_decref(pChange);
  }
  if( rc==ZF_OK ) rc = db_commit(pDb); else db_rollback(pDb);
  if( scale ) db_bulk(pDb, 0);
  ent_search_forget();
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if( rc==ZF_OK ){
    log_info("demo: %d enterprises written in %.2f s", n,
             (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  }
  ent_ctx_free(&c);
  free(aTown);
  free(p);
  return rc ? err_set(e, rc, 0, "无法写入演示企业") : ZF_OK;
}
