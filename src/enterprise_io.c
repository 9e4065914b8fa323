/*
** enterprise_io.c — imports, exports and the template of the enterprise
** ledger (see enterprise_io.h), and their HTTP handlers.
**
** Import rules (each has a test):
**   - the header row must name the first nine template columns (any
**     order); other known columns are optional; unknown ones are ignored
**     with a warning; a column present in the file sets its field (an empty
**     cell clears an optional field; for 监管层级, 安全生产标准化等级 and
**     企业状态 an empty cell keeps the stored value);
**   - every field of every row is checked, and every problem is reported as
**     {row, field, column, reason} — row is the row number in the file
**     (the header is row 1);
**   - rows are upserted by credit code: a new code registers the
**     enterprise, a known one (inside the actor's scope) is updated, and a
**     row equal to the stored record changes nothing and writes nothing;
**   - a credit code twice in one file: the later row is refused;
**   - licence columns add or update the licence with that type and number
**     (other licences stay);
**   - a dry run does all of this and writes nothing;
**   - one transaction; one audit entry with the counts (none when nothing
**     changed); one history row per inserted or changed enterprise.
*/
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/audit.h"
#include "core/clock.h"
#include "core/log.h"
#include "enterprise_io.h"
#include "industry.h"
#include "risk.h"
#include "tabular.h"

/* What a column carries. */
enum { IO_FIELD, IO_LNG, IO_LAT, IO_MAJOR, IO_HAZARDS, IO_LIC_TYPE, IO_LIC_NUMBER, IO_LIC_FROM,
       IO_LIC_TO, IO_INFO };

typedef struct io_col {
  const char *zName;
  int kind;                    /* IO_* */
  int field;                   /* EF_* (IO_FIELD), the field errors name otherwise */
  int width;
  int isNumber;
  const char *zNote;           /* for the template's notes sheet */
} io_col;

#define IO_NREQUIRED 9
static const io_col io_cols[] = {
  {"统一社会信用代码", IO_FIELD, EF_USCC, 22, 0, "必填，18 位，按 GB 32100 校验"},
  {"企业名称", IO_FIELD, EF_NAME, 34, 0, "必填，2–100 个字"},
  {"注册地址", IO_FIELD, EF_ADDRESS, 36, 0, "必填"},
  {"所属区划代码", IO_FIELD, EF_REGION, 14, 0, "必填，9 位乡镇（街道）代码，如 360104002（洪都街道）"},
  {"国民经济行业代码", IO_FIELD, EF_INDUSTRY, 12, 0, "必填，GB/T 4754-2017，如 C3421 或 3421"},
  {"监管行业", IO_FIELD, EF_SECTOR, 12, 0, 0},
  {"从业人员数", IO_FIELD, EF_EMPLOYEES, 10, 1, "整数，可空"},
  {"主要负责人", IO_FIELD, EF_PRINCIPAL, 10, 0, "可空"},
  {"联系电话", IO_FIELD, EF_PRINCIPAL_PHONE, 15, 0, "主要负责人电话：手机 11 位，或区号-号码"},
  {"安全管理人员", IO_FIELD, EF_SAFETY, 10, 0, "可空"},
  {"安全管理人员电话", IO_FIELD, EF_SAFETY_PHONE, 15, 0, "可空"},
  {"监管层级", IO_FIELD, EF_LEVEL, 12, 0, 0},
  {"营业收入区间", IO_FIELD, EF_REVENUE, 14, 0, 0},
  {"安全生产标准化等级", IO_FIELD, EF_STANDARD, 12, 0, 0},
  {"重大危险源等级", IO_MAJOR, EF_HAZARDS, 10, 0, "一级、二级、三级、四级；没有则留空"},
  {"安全风险特征", IO_HAZARDS, EF_HAZARDS, 28, 0, 0},
  {"许可证类型", IO_LIC_TYPE, EF_LICENCES, 20, 0, "如 安全生产许可证、危险化学品经营许可证"},
  {"许可证编号", IO_LIC_NUMBER, EF_LICENCES, 28, 0, "填写后按“类型+编号”新增或更新该许可证"},
  {"许可证有效期起", IO_LIC_FROM, EF_LICENCES, 12, 0, "日期，如 2024-03-01"},
  {"许可证有效期至", IO_LIC_TO, EF_LICENCES, 12, 0, "填写许可证编号时必填"},
  {"经度", IO_LNG, EF_LOCATION, 11, 1, "十进制度，73–136，与纬度同时填写"},
  {"纬度", IO_LAT, EF_LOCATION, 11, 1, "十进制度，3–54"},
  {"企业状态", IO_FIELD, EF_STATUS, 10, 0, 0},
  {"状态变更原因", IO_FIELD, EF_STATUS_REASON, 24, 0, "企业状态改变时必填"},
};
#define IO_NCOLS ((int)(sizeof io_cols / sizeof io_cols[0]))
#define IO_MAX_FILE_COLS 256

/* Columns an export adds for people (ignored on import), and the error
** file's columns. */
static const char *const io_info_cols[] = { "所属区划名称", "国民经济行业名称", "更新时间",
  "错误行号", "错误原因", 0 };

/* Allowed values of a choice column, "、"-separated, for notes. */
static void io_choice_list(const ent_choice *a, char *zOut, size_t n){
  int i;
  zOut[0] = 0;
  for(i=0; a[i].zCode; i++){
    size_t m = strlen(zOut);
    snprintf(zOut + m, n - m, "%s%s", i ? "、" : "", a[i].zName);
  }
}

/* ---- the template ---------------------------------------------------------- */

int enterprise_template(const char *zPath, int isXlsx, zf_error *e){
  static const tab_column aNoteCols[] = { {"列名", 20, 0}, {"必填", 6, 0}, {"说明", 90, 0} };
  tab_column aCol[IO_NCOLS];
  tab_writer *w;
  char zNote[1024], zCell[1200];
  int i, rc;
  for(i=0; i<IO_NCOLS; i++){
    aCol[i].zName = io_cols[i].zName;
    aCol[i].width = io_cols[i].width;
    aCol[i].isNumber = 0;
  }
  rc = tab_writer_open(zPath, isXlsx, "企业台账", aCol, IO_NCOLS, 0, &w, e);
  if( rc ) return rc;
  if( isXlsx ){
    rc = tab_writer_sheet(w, "填写说明", aNoteCols, 3);
    for(i=0; rc==ZF_OK && i<IO_NCOLS; i++){
      const char *az[3];
      const char *zSet = 0;
      switch( io_cols[i].kind==IO_FIELD ? io_cols[i].field : -1 ){
        case EF_SECTOR: io_choice_list(enterprise_sectors, zNote, sizeof zNote); zSet = "必填，"; break;
        case EF_LEVEL: io_choice_list(enterprise_levels, zNote, sizeof zNote); zSet = "空为区（县）级："; break;
        case EF_REVENUE: io_choice_list(enterprise_revenue_bands, zNote, sizeof zNote); zSet = ""; break;
        case EF_STANDARD: io_choice_list(enterprise_standards, zNote, sizeof zNote); zSet = ""; break;
        case EF_STATUS: io_choice_list(enterprise_statuses, zNote, sizeof zNote); zSet = "空为正常经营："; break;
        default: zNote[0] = 0;
      }
      if( io_cols[i].kind==IO_HAZARDS ){
        io_choice_list(enterprise_hazards + 1, zNote, sizeof zNote);
        zSet = "可多项，用“；”分隔：";
      }
      if( zSet ) snprintf(zCell, sizeof zCell, "%s%s", zSet, zNote);
      else snprintf(zCell, sizeof zCell, "%s", io_cols[i].zNote ? io_cols[i].zNote : "");
      az[0] = io_cols[i].zName;
      az[1] = i<6 ? "是" : "";
      az[2] = zCell;
      rc = tab_writer_row(w, 3, az);
    }
    if( rc==ZF_OK ){
      const char *az[3] = {"（行号）", "", "导入结果中的“行号”是文件中的行号，表头为第 1 行；"
                           "同一文件中统一社会信用代码重复时，后出现的行不导入"};
      rc = tab_writer_row(w, 3, az);
    }
  }
  if( rc ){ tab_writer_close(w, e); return err_set(e, rc, 0, "无法写入模板"); }
  return tab_writer_close(w, e);
}

/* ---- import ------------------------------------------------------------------ */

/* Credit codes seen in this file → their row (open addressing). */
typedef struct io_seen { struct { char z[19]; int64_t row; } *a; size_t n, cap; } io_seen;

static uint64_t io_hash(const char *z){
  uint64_t h = 1469598103934665603ULL;
  while( *z ){ h ^= (unsigned char)*z++; h *= 1099511628211ULL; }
  return h;
}

/* The row where zCode was seen first, or 0 (then remembered at row). */
static int64_t io_seen_check(io_seen *p, const char *zCode, int64_t row){
  size_t i;
  if( p->n*2 >= p->cap ){
    io_seen bigger;
    bigger.cap = p->cap ? p->cap*2 : 4096;
    bigger.n = 0;
    bigger.a = calloc(bigger.cap, sizeof bigger.a[0]);
    if( bigger.a==0 ) return 0;
    for(i=0; i<p->cap; i++) if( p->a[i].z[0] ) io_seen_check(&bigger, p->a[i].z, p->a[i].row);
    free(p->a);
    *p = bigger;
  }
  for(i=io_hash(zCode) & (p->cap-1); p->a[i].z[0]; i=(i+1) & (p->cap-1)){
    if( strcmp(p->a[i].z, zCode)==0 ) return p->a[i].row;
  }
  snprintf(p->a[i].z, sizeof p->a[i].z, "%s", zCode);
  p->a[i].row = row;
  p->n++;
  return 0;
}

/*
** First loads run in two threads: one reads and checks the rows, the other
** (holding the transaction) writes them. Checked rows pass through a ring
** of records; the reader fills the slot at the tail in place and publishes
** it only when the row is valid, the writer inserts the head slot in place
** and then frees it — no record is copied.
*/
#define IO_RING 256
#define IO_BATCH 64                 /* wake the other side per this many rows, not per row */
typedef struct io_ring {
  pthread_mutex_t mu;
  pthread_cond_t cvData, cvRoom;
  ent_rec *aRec;               /* IO_RING slots */
  int64_t aRow[IO_RING];
  unsigned head, tail;         /* head: next to write; tail: next to fill */
  int closed;                  /* the reader is done */
  int aborted;                 /* the writer failed: the reader stops */
  int writerWaits, readerWaits;
} io_ring;

typedef struct io_import {
  ent_ctx *c;
  const ent_import_opts *pOpt;
  ent_import_result *pRes;
  int aHave[IO_NCOLS];
  int kLng, kMajor, kList, kType, kNum, kFrom, kTo;   /* io_cols indexes */               /* io_cols index → file column, -1 absent */
  int nFileCol;
  char **azHeader;
  int gotHeader;
  io_seen seen;
  tab_writer *pErrW;
  ent_rec *pOld, *pNew;
  int64_t nDone, nTotal, lastTick;
  int64_t histFrom, histTo;
  int initialLoad;             /* the ledger was empty: no lookups, indexes rebuilt at the end */
  io_ring *pRing;              /* first loads: valid rows go to the writer thread */
  zf_error *e;
} io_import;

/* The reader's slot to fill (waits for room); NULL once the writer failed. */
static ent_rec *io_ring_slot(io_ring *q){
  ent_rec *p = 0;
  pthread_mutex_lock(&q->mu);
  while( !q->aborted && q->tail - q->head >= IO_RING ){
    q->readerWaits = 1;
    pthread_cond_wait(&q->cvRoom, &q->mu);
  }
  q->readerWaits = 0;
  if( !q->aborted ) p = &q->aRec[q->tail % IO_RING];
  pthread_mutex_unlock(&q->mu);
  return p;
}

/* Publishes the filled tail slot (row iRow). */
static void io_ring_publish(io_ring *q, int64_t iRow){
  pthread_mutex_lock(&q->mu);
  q->aRow[q->tail % IO_RING] = iRow;
  q->tail++;
  if( q->writerWaits && q->tail - q->head >= IO_BATCH ) pthread_cond_signal(&q->cvData);
  pthread_mutex_unlock(&q->mu);
}

/* The writer's next record (in place), or NULL when the reader is done. */
static ent_rec *io_ring_next(io_ring *q, int64_t *pRow){
  ent_rec *p = 0;
  pthread_mutex_lock(&q->mu);
  if( q->head==q->tail && !q->closed ){
    q->writerWaits = 1;
    while( q->tail - q->head < IO_BATCH && !q->closed ) pthread_cond_wait(&q->cvData, &q->mu);
    q->writerWaits = 0;
  }
  if( q->head!=q->tail ){
    p = &q->aRec[q->head % IO_RING];
    *pRow = q->aRow[q->head % IO_RING];
  }
  pthread_mutex_unlock(&q->mu);
  return p;
}

static void io_ring_done(io_ring *q){             /* the writer is done with the head */
  pthread_mutex_lock(&q->mu);
  q->head++;
  if( q->readerWaits && q->tail - q->head <= IO_RING - IO_BATCH ) pthread_cond_signal(&q->cvRoom);
  pthread_mutex_unlock(&q->mu);
}

static void io_ring_end(io_ring *q, int aborted){
  pthread_mutex_lock(&q->mu);
  if( aborted ) q->aborted = 1; else q->closed = 1;
  pthread_cond_broadcast(&q->cvData);
  pthread_cond_broadcast(&q->cvRoom);
  pthread_mutex_unlock(&q->mu);
}

/* Index in io_cols of a header text, -1 when unknown. */
static int io_col_find(const char *z){
  int i;
  for(i=0; i<IO_NCOLS; i++) if( strcmp(io_cols[i].zName, z)==0 ) return i;
  return -1;
}

/* Copies a header cell without spaces, a BOM or a trailing "*" (required mark). */
static void io_header_text(const char *z, char *zOut, size_t n){
  size_t len;
  if( strncmp(z, "\xEF\xBB\xBF", 3)==0 ) z += 3;
  while( *z==' ' || *z=='\t' ) z++;
  snprintf(zOut, n, "%s", z);
  len = strlen(zOut);
  while( len>0 && (zOut[len-1]==' ' || zOut[len-1]=='\t' || zOut[len-1]=='*' || zOut[len-1]=='\r') ) zOut[--len] = 0;
  if( len>=3 && strcmp(zOut + len - 3, "＊")==0 ) zOut[len-3] = 0;
}

/* The header row: which file column holds which template column. */
static int io_header(io_import *s, int nCell, const char *const *azCell){
  char zMissing[512] = "", zName[256];
  int i, k;
  s->gotHeader = 1;
  for(i=0; i<IO_NCOLS; i++) s->aHave[i] = -1;
  s->nFileCol = nCell < IO_MAX_FILE_COLS ? nCell : IO_MAX_FILE_COLS;
  s->azHeader = calloc((size_t)s->nFileCol + 1, sizeof(char*));
  if( s->azHeader==0 ) return err_set(s->e, ZF_EINTERNAL, 0, 0);
  for(i=0; i<s->nFileCol; i++){
    io_header_text(azCell[i], zName, sizeof zName);
    s->azHeader[i] = strdup(zName);
    k = io_col_find(zName);
    if( k>=0 ){
      if( s->aHave[k]>=0 ) return err_set(s->e, ZF_EINVAL, "file", "表头中“%s”列出现了两次", zName);
      s->aHave[k] = i;
      continue;
    }
    for(k=0; io_info_cols[k] && strcmp(io_info_cols[k], zName)!=0; k++){}
    if( io_info_cols[k]==0 && zName[0] && json_array_size(s->pRes->pWarnings)<20 ){
      json_array_append_new(s->pRes->pWarnings, json_sprintf("未识别的列“%s”，已忽略", zName));
    }
  }
  s->kLng = io_col_find("经度");
  s->kMajor = io_col_find("重大危险源等级");
  s->kList = io_col_find("安全风险特征");
  s->kType = io_col_find("许可证类型");
  s->kNum = io_col_find("许可证编号");
  s->kFrom = io_col_find("许可证有效期起");
  s->kTo = io_col_find("许可证有效期至");
  for(k=0; k<IO_NREQUIRED; k++){
    if( s->aHave[k]<0 ){
      size_t m = strlen(zMissing);
      snprintf(zMissing + m, sizeof zMissing - m, "%s%s", m ? "、" : "", io_cols[k].zName);
    }
  }
  if( zMissing[0] ){
    return err_set(s->e, ZF_EINVAL, "file", "文件缺少必需的列：%s（第一行应为表头，请使用导入模板）", zMissing);
  }
  if( (s->aHave[io_col_find("经度")]<0)!=(s->aHave[io_col_find("纬度")]<0) ){
    return err_set(s->e, ZF_EINVAL, "file", "“经度”和“纬度”两列应同时存在");
  }
  return ZF_OK;
}

/* The column a field's problems are reported under. */
static const char *io_field_column(int field){
  int i;
  for(i=0; i<IO_NCOLS; i++) if( io_cols[i].field==field ) return io_cols[i].zName;
  return enterprise_field(field)->zLabel;
}

/* A refused row: into the result list and the error file. */
static int io_refuse(io_import *s, int64_t iRow, int nCell, const char *const *azCell, const ent_errs *pErrs){
  char zReasons[2048] = "", zRow[24];
  int i, rc = ZF_OK;
  s->pRes->nRefused++;
  for(i=0; i<pErrs->n; i++){
    size_t m = strlen(zReasons);
    const char *zCol = io_field_column(pErrs->a[i].field);
    if( json_array_size(s->pRes->pErrors)<ENT_IO_MAX_ERRORS ){
      json_array_append_new(s->pRes->pErrors, json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)iRow,
        "field", enterprise_field(pErrs->a[i].field)->zKey, "column", zCol, "reason", pErrs->a[i].zMsg));
    }
    snprintf(zReasons + m, sizeof zReasons - m, "%s%s：%s", m ? "；" : "", zCol, pErrs->a[i].zMsg);
  }
  if( s->pOpt->zErrorPath ){
    const char *az[IO_MAX_FILE_COLS + 2];
    if( s->pErrW==0 ){
      tab_column aCol[IO_MAX_FILE_COLS + 2];
      for(i=0; i<s->nFileCol; i++){ aCol[i].zName = s->azHeader[i]; aCol[i].width = 14; aCol[i].isNumber = 0; }
      aCol[i].zName = "错误行号"; aCol[i].width = 8; aCol[i].isNumber = 0;
      aCol[i+1].zName = "错误原因"; aCol[i+1].width = 60; aCol[i+1].isNumber = 0;
      rc = tab_writer_open(s->pOpt->zErrorPath, 0, "错误", aCol, s->nFileCol + 2, 0, &s->pErrW, s->e);
      if( rc ) return rc;
      if( s->pOpt->pErrorFileWritten ) *s->pOpt->pErrorFileWritten = 1;
    }
    for(i=0; i<s->nFileCol; i++) az[i] = i<nCell ? azCell[i] : "";
    snprintf(zRow, sizeof zRow, "%lld", (long long)iRow);
    az[i] = zRow;
    az[i+1] = zReasons;
    rc = tab_writer_row(s->pErrW, s->nFileCol + 2, az);
  }
  return rc;
}

/* Sets the fields of pNew from the row's cells (present columns only). */
static void io_apply(io_import *s, int nCell, const char *const *azCell, ent_rec *p, ent_errs *pErrs){
  const char *azVal[IO_NCOLS];
  int k;
  for(k=0; k<IO_NCOLS; k++){
    int i = s->aHave[k];
    azVal[k] = (i>=0 && i<nCell) ? azCell[i] : "";
  }
  for(k=1; k<IO_NCOLS; k++){
    int f = io_cols[k].field;
    if( s->aHave[k]<0 || io_cols[k].kind!=IO_FIELD ) continue;
    if( (f==EF_LEVEL || f==EF_STATUS || f==EF_STANDARD) && azVal[k][strspn(azVal[k], " ")]==0 ) continue;
    ent_set_text(p, f, azVal[k], pErrs);
  }
  k = s->kLng;
  if( s->aHave[k]>=0 ) ent_set_location_text(p, azVal[k], azVal[k+1], pErrs);
  {
    int kMajor = s->kMajor, kList = s->kList;
    if( s->aHave[kMajor]>=0 || s->aHave[kList]>=0 ){
      unsigned keep = s->aHave[kList]<0 ? p->hazards & ~1u : 0;
      int keepMajor = s->aHave[kMajor]<0 ? p->majorLevel : 0;
      unsigned keepMajorBit = s->aHave[kMajor]<0 ? (p->hazards & 1u) : 0;
      ent_set_hazards_text(p, s->aHave[kMajor]>=0 ? azVal[kMajor] : "", s->aHave[kList]>=0 ? azVal[kList] : "", pErrs);
      p->hazards |= keep | keepMajorBit;
      if( keepMajorBit ) p->majorLevel = keepMajor;
    }
  }
  {
    int kType = s->kType, kNum = s->kNum, kFrom = s->kFrom, kTo = s->kTo;
    const char *zNum = azVal[kNum];
    if( zNum[strspn(zNum, " ")] ){
      ent_merge_licence(p, azVal[kType], zNum, azVal[kFrom], azVal[kTo], pErrs);
    }else if( azVal[kType][strspn(azVal[kType], " ")] || azVal[kTo][strspn(azVal[kTo], " ")] ){
      ent_err(pErrs, EF_LICENCES, "填写了许可证类型或有效期，但缺少许可证编号");
    }
  }
}

static void io_progress(void *pArg, int64_t done, int64_t total){
  io_import *s = pArg;
  s->nDone = done;
  s->nTotal = total;
  if( s->pOpt->xProgress ) s->pOpt->xProgress(s->pOpt->pProgressArg, done, total, s->pRes->nRow);
}

/* One row of the file (the first is the header). */
static int io_row(void *pArg, int64_t iRow, int nCell, const char *const *azCell){
  io_import *s = pArg;
  ent_rec *pOld = s->pOld, *pNew = s->pNew;
  const char *zUscc = s->aHave[0]>=0 && s->aHave[0]<nCell ? azCell[s->aHave[0]] : "";
  ent_errs errs;
  char zSource[300];
  int64_t prev, id;
  int existing = 0, rc = ZF_OK;
  if( !s->gotHeader ) return io_header(s, nCell, azCell);
  s->pRes->nRow++;
  if( s->pOpt->xCancelled && (s->pRes->nRow & 1023)==0 && s->pOpt->xCancelled(s->pOpt->pProgressArg) ){
    return err_set(s->e, ZF_EBUSY, 0, "导入已中断（服务正在停止），未写入任何数据");
  }
  memset(&errs, 0, sizeof errs);
  if( s->pRing && (pNew = io_ring_slot(s->pRing))==0 ) return ZF_EINTERNAL;   /* the writer failed */
  ent_rec_init(pNew);
  ent_set_text(pNew, EF_USCC, zUscc, &errs);
  if( errs.n==0 && pNew->zUscc[0] ){
    if( (prev = io_seen_check(&s->seen, pNew->zUscc, iRow))!=0 ){
      ent_err(&errs, EF_USCC, "与第 %lld 行的统一社会信用代码重复，本行未导入", (long long)prev);
    }else if( !s->initialLoad && ent_find_uscc(s->c->pDb, pNew->zUscc, &id)==ZF_OK
           && ent_load(s->c->pDb, id, pOld)==ZF_OK ){
      existing = 1;
      *pNew = *pOld;
      if( !ent_in_scope(s->c, pOld->zRegionPath) ){
        ent_err_rc(&errs, ZF_ESCOPE, EF_USCC, "该企业（%s）不在您的管辖范围内，不能修改", pOld->zName);
      }
    }
  }
  io_apply(s, nCell, azCell, pNew, &errs);
  ent_check(s->c, pNew, existing ? pOld : 0, &errs);
  if( errs.n ) return io_refuse(s, iRow, nCell, azCell, &errs);
  if( s->pRing ){
    io_ring_publish(s->pRing, iRow);
    s->pRes->nInserted++;
    return ZF_OK;
  }
  snprintf(zSource, sizeof zSource, "导入 %.200s 第 %lld 行", s->pOpt->zDisplayName ? s->pOpt->zDisplayName
           : s->pOpt->zFile, (long long)iRow);
  if( existing ){
    unsigned changed = ent_diff(pOld, pNew);
    if( changed==0 ){
      s->pRes->nUnchanged++;
    }else{
      if( !s->pOpt->dryRun ) rc = ent_update(s->c, pOld, pNew, changed, zSource);
      s->pRes->nUpdated++;
    }
  }else{
    if( !s->pOpt->dryRun ) rc = ent_insert(s->c, pNew, zSource);
    s->pRes->nInserted++;
  }
  if( rc ) return err_set(s->e, rc, 0, "第 %lld 行写入失败", (long long)iRow);
  return ZF_OK;
}

static int64_t io_max_history(zf_db *pDb){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT coalesce(max(id), 0) FROM enterprise_history");
  int64_t v = 0;
  if( pStmt && db_step(pStmt)==1 ) v = db_column_int64(pStmt, 0);
  if( pStmt ) db_reset(pStmt);
  return v;
}

/* The audit entry summarising a (real) import that changed something. */
static int io_audit(io_import *s){
  ent_import_result *p = s->pRes;
  json_t *pChange;
  int rc;
  if( p->nInserted + p->nUpdated==0 ) return ZF_OK;
  pChange = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:[I,I]}",
    "file", s->pOpt->zDisplayName ? s->pOpt->zDisplayName : s->pOpt->zFile,
    "rows", (json_int_t)p->nRow, "inserted", (json_int_t)p->nInserted, "updated", (json_int_t)p->nUpdated,
    "unchanged", (json_int_t)p->nUnchanged, "refused", (json_int_t)p->nRefused,
    "history", (json_int_t)s->histFrom, (json_int_t)io_max_history(s->c->pDb));
  rc = audit_append(s->c->pDb, s->c->zActor, "enterprise.import", "enterprise", "*",
                    s->c->pWho ? s->c->pWho->zScope : "", pChange);
  json_decref(pChange);
  return rc;
}

void ent_import_result_free(ent_import_result *p){
  json_decref(p->pErrors);
  json_decref(p->pWarnings);
  p->pErrors = p->pWarnings = 0;
}

json_t *ent_import_result_json(const ent_import_result *p, const char *zFile, int dryRun){
  return json_pack("{s:s,s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I,s:O,s:b,s:O}", "file", zFile ? zFile : "",
    "format", p->isXlsx ? "xlsx" : "csv", "encoding", p->isXlsx ? "utf-8" : p->wasGb18030 ? "gb18030" : "utf-8",
    "dry_run", dryRun, "rows", (json_int_t)p->nRow, "inserted", (json_int_t)p->nInserted,
    "updated", (json_int_t)p->nUpdated, "unchanged", (json_int_t)p->nUnchanged,
    "refused", (json_int_t)p->nRefused, "errors", p->pErrors,
    "errors_truncated", (json_int_t)json_array_size(p->pErrors) < p->nRefused
                        && json_array_size(p->pErrors)>=ENT_IO_MAX_ERRORS,
    "warnings", p->pWarnings);
}

/* The reader thread of a first load. */
typedef struct io_reader { io_import *s; tab_info info; zf_error e; int rc; } io_reader;

static void *io_reader_main(void *pArg){
  io_reader *x = pArg;
  x->rc = tab_read(x->s->pOpt->zFile, io_row, io_progress, x->s, &x->info, &x->e);
  io_ring_end(x->s->pRing, 0);
  return 0;
}

/*
** A first load in two threads (see io_ring): this thread writes what the
** reader has checked. Either side's failure stops both; the caller rolls
** the transaction back.
*/
static int io_pipeline(io_import *s, tab_info *pInfo){
  io_ring q;
  io_reader x;
  pthread_t t;
  ent_rec *p;
  int64_t iRow;
  char zSource[300];
  zf_error *eOrig = s->e;
  int rc = ZF_OK;
  memset(&q, 0, sizeof q);
  memset(&x, 0, sizeof x);
  q.aRec = malloc(sizeof(ent_rec) * IO_RING);
  if( q.aRec==0 ) return err_set(s->e, ZF_EINTERNAL, 0, 0);
  pthread_mutex_init(&q.mu, 0);
  pthread_cond_init(&q.cvData, 0);
  pthread_cond_init(&q.cvRoom, 0);
  s->pRing = &q;
  x.s = s;
  s->e = &x.e;                          /* the reader reports into its own error */
  if( pthread_create(&t, 0, io_reader_main, &x)!=0 ){
    free(q.aRec);
    return err_set(s->e, ZF_EINTERNAL, 0, "无法启动导入线程");
  }
  while( (p = io_ring_next(&q, &iRow))!=0 ){
    snprintf(zSource, sizeof zSource, "导入 %.200s 第 %lld 行", s->pOpt->zDisplayName ? s->pOpt->zDisplayName
             : s->pOpt->zFile, (long long)iRow);
    rc = ent_insert(s->c, p, zSource);
    io_ring_done(&q);
    if( rc ){ io_ring_end(&q, 1); break; }
  }
  pthread_join(t, 0);
  *pInfo = x.info;
  s->e = eOrig;
  if( rc ) err_set(eOrig, rc, 0, "第 %lld 行写入失败", (long long)iRow);
  else if( x.rc ) *eOrig = x.e;
  pthread_cond_destroy(&q.cvData);
  pthread_cond_destroy(&q.cvRoom);
  pthread_mutex_destroy(&q.mu);
  free(q.aRec);
  s->pRing = 0;
  return rc ? rc : x.rc;
}

/* 1 when the ledger has no enterprise yet. */
static int io_ledger_empty(zf_db *pDb){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT NOT EXISTS(SELECT 1 FROM enterprise)");
  int empty = 0;
  if( pStmt && db_step(pStmt)==1 ) empty = db_column_int(pStmt, 0);
  if( pStmt ) db_reset(pStmt);
  return empty;
}

int enterprise_import(ent_ctx *c, const ent_import_opts *pOpt, ent_import_result *pRes, zf_error *eOut){
  zf_error eLocal = {0}, *e = &eLocal;
  io_import s;
  tab_info info;
  db_saved_indexes saved;
  int i, rc;
  memset(&s, 0, sizeof s);
  memset(pRes, 0, sizeof *pRes);
  pRes->pErrors = json_array();
  pRes->pWarnings = json_array();
  s.c = c; s.pOpt = pOpt; s.pRes = pRes; s.e = e;
  s.pOld = malloc(sizeof *s.pOld);
  s.pNew = malloc(sizeof *s.pNew);
  rc = (s.pOld && s.pNew) ? ent_ctx_cache_regions(c) : ZF_EINTERNAL;
  memset(&saved, 0, sizeof saved);
  if( rc==ZF_OK && !pOpt->dryRun ){
    db_bulk(c->pDb, pOpt->cacheMb>0 ? pOpt->cacheMb : 256);
    rc = db_begin(c->pDb);
    s.histFrom = io_max_history(c->pDb) + 1;
    /* A first load into an empty ledger: nothing to look up (repeats in
    ** the file are caught by io_seen), and the table's indexes are built
    ** once at the end instead of row by row. */
    if( rc==ZF_OK && io_ledger_empty(c->pDb) ){
      s.initialLoad = 1;
      rc = db_indexes_drop(c->pDb, "enterprise", &saved);
    }
  }
  if( rc ){ err_set(e, rc, 0, "无法开始导入"); goto done; }
  if( s.initialLoad ){
    rc = io_pipeline(&s, &info);
  }else{
    rc = tab_read(pOpt->zFile, io_row, io_progress, &s, &info, e);
  }
  pRes->isXlsx = info.isXlsx;
  pRes->wasGb18030 = info.wasGb18030;
  if( rc==ZF_OK && !s.gotHeader ) rc = err_set(e, ZF_EINVAL, "file", "文件中没有数据（第一行应为表头）");
  if( !pOpt->dryRun ){
    if( rc==ZF_OK && s.initialLoad ) rc = db_indexes_restore(c->pDb, &saved);
    if( rc==ZF_OK && pRes->nInserted + pRes->nUpdated>0 ){     /* grades and key lists */
      rc = risk_recompute_since(c->pDb, s.histFrom, c->zActor, e);
    }
    if( rc==ZF_OK ) rc = io_audit(&s);
    if( rc==ZF_OK ) rc = db_commit(c->pDb); else db_rollback(c->pDb);
    db_bulk(c->pDb, 0);
    if( rc==ZF_OK && pRes->nInserted ) ent_search_forget();
  }
  if( info.wasGb18030 ) json_array_append_new(pRes->pWarnings, json_string("文件编码为 GB18030（GBK），已自动转换"));
done:
  if( s.pErrW ){
    zf_error e2 = {0};
    tab_writer_close(s.pErrW, &e2);
    if( rc && pOpt->zErrorPath ) unlink(pOpt->zErrorPath);
  }
  for(i=0; i<saved.n; i++) sqlite3_free(saved.azSql[i]);     /* not restored: rolled back */
  for(i=0; s.azHeader && i<s.nFileCol; i++) free(s.azHeader[i]);
  free(s.azHeader);
  free(s.seen.a);
  free(s.pOld);
  free(s.pNew);
  if( rc && e->message[0]==0 ) err_set(e, rc, 0, "导入失败");
  if( eOut ) *eOut = *e;
  return rc;
}

/* ---- export ------------------------------------------------------------------ */

#define IO_EXPORT_COLS (IO_NCOLS + 3)

/* The cells of one record in io_cols order, then region name, industry
** name, last change. Uses the buffers of pBuf. */
typedef struct io_cells {
  const char *az[IO_EXPORT_COLS];
  char zInd[12], zEmp[24], zMajor[8], zHaz[512], zLng[24], zLat[24], zP1[32], zP2[32], zRegion[96];
} io_cells;

static void io_rec_cells(ent_ctx *c, const ent_rec *p, int showPhones, io_cells *x){
  static const char *azLevel[5] = {"", "一级", "二级", "三级", "四级"};
  char zNorm[8];
  const char *zIndName = industry_lookup(p->zIndustry, zNorm);
  char cSec = industry_section(p->zIndustry);
  ent_region reg;
  int i, k = 0;
  if( cSec && !isalpha((unsigned char)p->zIndustry[0]) ) snprintf(x->zInd, sizeof x->zInd, "%c%s", cSec, p->zIndustry);
  else snprintf(x->zInd, sizeof x->zInd, "%s", p->zIndustry);
  if( p->employees>=0 ) snprintf(x->zEmp, sizeof x->zEmp, "%lld", (long long)p->employees); else x->zEmp[0] = 0;
  snprintf(x->zMajor, sizeof x->zMajor, "%s", (p->hazards & 1u) && p->majorLevel>=1 && p->majorLevel<=4
           ? azLevel[p->majorLevel] : "");
  x->zHaz[0] = 0;
  for(i=1; enterprise_hazards[i].zCode; i++){
    size_t m = strlen(x->zHaz);
    if( p->hazards & (1u<<i) ) snprintf(x->zHaz + m, sizeof x->zHaz - m, "%s%s", m ? "；" : "", enterprise_hazards[i].zName);
  }
  if( p->hasLocation ){
    snprintf(x->zLng, sizeof x->zLng, "%.6f", p->lng);
    snprintf(x->zLat, sizeof x->zLat, "%.6f", p->lat);
  }else x->zLng[0] = x->zLat[0] = 0;
  if( showPhones ){
    snprintf(x->zP1, sizeof x->zP1, "%s", p->zPrincipalPhone);
    snprintf(x->zP2, sizeof x->zP2, "%s", p->zSafetyPhone);
  }else{
    ent_mask_phone(p->zPrincipalPhone, x->zP1, sizeof x->zP1);
    ent_mask_phone(p->zSafetyPhone, x->zP2, sizeof x->zP2);
  }
  snprintf(x->zRegion, sizeof x->zRegion, "%s", ent_region_get(c, p->zRegion, &reg) ? reg.zName : "");
  x->az[k++] = p->zUscc; x->az[k++] = p->zName; x->az[k++] = p->zAddress; x->az[k++] = p->zRegion;
  x->az[k++] = x->zInd; x->az[k++] = ent_choice_name(enterprise_sectors, p->zSector); x->az[k++] = x->zEmp;
  x->az[k++] = p->zPrincipal; x->az[k++] = x->zP1; x->az[k++] = p->zSafety; x->az[k++] = x->zP2;
  x->az[k++] = ent_choice_name(enterprise_levels, p->zLevel);
  x->az[k++] = ent_choice_name(enterprise_revenue_bands, p->zRevenue);
  x->az[k++] = ent_choice_name(enterprise_standards, p->zStandard);
  x->az[k++] = x->zMajor; x->az[k++] = x->zHaz;
  x->az[k++] = p->nLicence ? p->aLicence[0].zType : ""; x->az[k++] = p->nLicence ? p->aLicence[0].zNumber : "";
  x->az[k++] = p->nLicence ? p->aLicence[0].zFrom : ""; x->az[k++] = p->nLicence ? p->aLicence[0].zTo : "";
  x->az[k++] = x->zLng; x->az[k++] = x->zLat;
  x->az[k++] = ent_choice_name(enterprise_statuses, p->zStatus); x->az[k++] = p->zStatusReason;
  x->az[k++] = x->zRegion; x->az[k++] = zIndName ? zIndName : ""; x->az[k++] = p->zUpdated;
}

static void io_export_columns(tab_column *aCol){
  int i;
  for(i=0; i<IO_NCOLS; i++){
    aCol[i].zName = io_cols[i].zName;
    aCol[i].width = io_cols[i].width;
    aCol[i].isNumber = io_cols[i].isNumber;
  }
  for(i=0; i<3; i++){
    aCol[IO_NCOLS+i].zName = io_info_cols[i];
    aCol[IO_NCOLS+i].width = i==2 ? 22 : 16;
    aCol[IO_NCOLS+i].isNumber = 0;
  }
}

typedef struct io_export {
  ent_ctx c;
  tab_writer *w;
  ent_rec *p;
  int showPhones;
  int64_t n;
} io_export;

static int io_export_row(void *pArg, zf_stmt *pStmt){
  io_export *x = pArg;
  io_cells cells;
  int rc = ent_load(x->c.pDb, db_column_int64(pStmt, 0), x->p);
  if( rc ) return rc;
  io_rec_cells(&x->c, x->p, x->showPhones, &cells);
  x->n++;
  return tab_writer_row(x->w, IO_EXPORT_COLS, cells.az);
}

int enterprise_export(zf_db *pDb, const ent_query *pQ, const char *zPath, int isXlsx,
                      int showPhones, int64_t *pnRow, zf_error *e){
  tab_column aCol[IO_EXPORT_COLS];
  ent_query all;
  ent_cursor cur;
  io_export x;
  int more = 1, rc;
  memset(&x, 0, sizeof x);
  memset(&cur, 0, sizeof cur);
  if( pQ==0 ){
    memset(&all, 0, sizeof all);
    ent_query_scope(&all, "/");
    pQ = &all;
  }
  ent_ctx_init(&x.c, pDb, 0, "cli");
  x.showPhones = showPhones;
  x.p = malloc(sizeof *x.p);
  io_export_columns(aCol);
  rc = x.p ? ent_ctx_cache_regions(&x.c) : ZF_EINTERNAL;
  if( rc==ZF_OK ) rc = tab_writer_open(zPath, isXlsx, "企业台账", aCol, IO_EXPORT_COLS, 0, &x.w, e);
  if( rc==ZF_OK ) rc = db_begin_read(pDb);
  while( rc==ZF_OK && more ) rc = ent_search_page(pDb, pQ, &cur, 500, io_export_row, &x, &more);
  if( db_in_tx(pDb) ) db_commit(pDb);
  if( x.w ){
    zf_error e2 = {0};
    int rc2 = tab_writer_close(x.w, &e2);
    if( rc==ZF_OK && rc2 ){ rc = rc2; *e = e2; }
  }
  if( rc && e->message[0]==0 ) err_set(e, rc, 0, "导出失败");
  ent_ctx_free(&x.c);
  free(x.p);
  *pnRow = x.n;
  return rc;
}

/* ---- HTTP: streamed downloads ------------------------------------------------ */

/* A streamed CSV export over its own connection and read snapshot. */
typedef struct io_stream {
  io_export x;
  zf_db *pDb;
  ent_query q;
  ent_cursor cur;
  int more, started;
  int64_t aId[256];
  int nId, iId;
  char *zPend; size_t nPend, iPend, nAlloc;
} io_stream;

static int io_stream_collect(void *pArg, zf_stmt *pStmt){
  io_stream *s = pArg;
  s->aId[s->nId++] = db_column_int64(pStmt, 0);
  return 0;
}

/* Appends one CSV line of cells to the pending buffer. */
static int io_stream_line(io_stream *s, int n, const char *const *az){
  size_t need = 4, j;
  int i;
  for(i=0; i<n; i++) need += 2*strlen(az[i]) + 3;
  if( s->nPend + need > s->nAlloc ){
    char *zNew = realloc(s->zPend, s->nPend + need + 4096);
    if( zNew==0 ) return 0;
    s->zPend = zNew;
    s->nAlloc = s->nPend + need + 4096;
  }
  j = s->nPend;
  for(i=0; i<n; i++) tab_csv_field(s->zPend, s->nAlloc, &j, az[i], i==0);
  s->zPend[j++] = '\r';
  s->zPend[j++] = '\n';
  s->nPend = j;
  return 1;
}

/* Refills the pending buffer; 0 at the end, -1 on an error. */
static int io_stream_fill(io_stream *s){
  s->nPend = s->iPend = 0;
  if( !s->started ){
    tab_column aCol[IO_EXPORT_COLS];
    const char *az[IO_EXPORT_COLS];
    int i;
    io_export_columns(aCol);
    for(i=0; i<IO_EXPORT_COLS; i++) az[i] = aCol[i].zName;
    s->started = 1;
    s->more = 1;
    if( !io_stream_line(s, IO_EXPORT_COLS, az) ) return -1;
    memmove(s->zPend + 3, s->zPend, s->nPend);
    memcpy(s->zPend, "\xEF\xBB\xBF", 3);
    s->nPend += 3;
    return 1;
  }
  while( s->iId>=s->nId ){
    if( !s->more ) return 0;
    s->nId = s->iId = 0;
    if( ent_search_page(s->pDb, &s->q, &s->cur, 256, io_stream_collect, s, &s->more) ) return -1;
    if( s->nId==0 ) return 0;
  }
  while( s->iId<s->nId && s->nPend<48*1024 ){
    io_cells cells;
    if( ent_load(s->pDb, s->aId[s->iId++], s->x.p) ) return -1;
    io_rec_cells(&s->x.c, s->x.p, s->x.showPhones, &cells);
    if( !io_stream_line(s, IO_EXPORT_COLS, cells.az) ) return -1;
  }
  return 1;
}

static long io_stream_read(void *pArg, char *zBuf, size_t nMax){
  io_stream *s = pArg;
  size_t n = 0;
  while( n<nMax ){
    size_t k;
    if( s->iPend>=s->nPend ){
      int rc = io_stream_fill(s);
      if( rc<0 ) return n ? (long)n : -1;
      if( rc==0 ) break;
      continue;
    }
    k = s->nPend - s->iPend;
    if( k > nMax - n ) k = nMax - n;
    memcpy(zBuf + n, s->zPend + s->iPend, k);
    s->iPend += k;
    n += k;
  }
  return (long)n;
}

static void io_stream_free(void *pArg){
  io_stream *s = pArg;
  if( s->pDb && db_in_tx(s->pDb) ) db_commit(s->pDb);
  ent_ctx_free(&s->x.c);
  db_close(s->pDb);
  free(s->x.p);
  free(s->zPend);
  free(s);
}

/* A file streamed and deleted afterwards (XLSX exports, templates). */
typedef struct io_tmpfile { FILE *f; char zPath[300]; } io_tmpfile;

static long io_tmpfile_read(void *pArg, char *zBuf, size_t nMax){
  io_tmpfile *t = pArg;
  size_t n = fread(zBuf, 1, nMax, t->f);
  return n>0 ? (long)n : ferror(t->f) ? -1 : 0;
}

static void io_tmpfile_free(void *pArg){
  io_tmpfile *t = pArg;
  if( t->f ) fclose(t->f);
  unlink(t->zPath);
  free(t);
}

/* A new empty temporary file name ending in zSuffix. */
static io_tmpfile *io_tmpfile_new(const char *zSuffix){
  io_tmpfile *t = calloc(1, sizeof *t);
  int fd;
  if( t==0 ) return 0;
  snprintf(t->zPath, sizeof t->zPath, "/tmp/zhifa-XXXXXX%s", zSuffix);
  fd = mkstemps(t->zPath, (int)strlen(zSuffix));
  if( fd<0 ){ free(t); return 0; }
  close(fd);
  return t;
}

static int io_send_tmpfile(zf_req *r, io_tmpfile *t, const char *zType, const char *zName){
  t->f = fopen(t->zPath, "rb");
  if( t->f==0 ){ io_tmpfile_free(t); return ZF_EINTERNAL; }
  return http_stream(r, zType, zName, io_tmpfile_read, t, io_tmpfile_free);
}

#define IO_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/*
** ROUTE: GET /api/v1/enterprises/template.xlsx
** ROUTE: GET /api/v1/enterprises/template.csv
** The import template: the header row (and, in XLSX, a notes sheet with
** each column's rules and allowed values).
*/
int enterprise_template_handler(zf_req *r){
  int isXlsx = strstr(r->zPath, ".xlsx")!=0;
  io_tmpfile *t = io_tmpfile_new(isXlsx ? ".xlsx" : ".csv");
  int rc;
  if( t==0 ) return ZF_EINTERNAL;
  rc = enterprise_template(t->zPath, isXlsx, &r->err);
  if( rc ){ io_tmpfile_free(t); return rc; }
  return io_send_tmpfile(r, t, isXlsx ? IO_XLSX_TYPE : "text/csv; charset=utf-8",
                         isXlsx ? "企业台账导入模板.xlsx" : "企业台账导入模板.csv");
}

/*
** ROUTE: GET /api/v1/enterprises/export.csv
** ROUTE: GET /api/v1/enterprises/export.xlsx
** Every enterprise the list would show for the same ?q= and filters, in
** the template's columns (so the file can be edited and imported again),
** streamed: CSV row by row from a read snapshot, XLSX built in
** constant-memory mode and then sent. Phones masked without
** enterprise.contact.
*/
int enterprise_export_handler(zf_req *r){
  int isXlsx = strstr(r->zPath, ".xlsx")!=0;
  int showPhones = auth_allows(r->who.roles, PERM_ENTERPRISE_CONTACT);
  char zName[64], zDay[24];
  io_stream *s;
  int rc;
  clock_iso(clock_now() + 8*3600, zDay);
  snprintf(zName, sizeof zName, "企业台账-%.4s%.2s%.2s.%s", zDay, zDay + 5, zDay + 8, isXlsx ? "xlsx" : "csv");
  s = calloc(1, sizeof *s);
  if( s==0 ) return ZF_EINTERNAL;
  rc = ent_query_from_request(r, &s->q);
  if( rc ){ free(s); return rc; }
  if( isXlsx ){
    io_tmpfile *t = io_tmpfile_new(".xlsx");
    int64_t n;
    ent_query q = s->q;
    free(s);
    if( t==0 ) return ZF_EINTERNAL;
    rc = enterprise_export(r->pDb, &q, t->zPath, 1, showPhones, &n, &r->err);
    if( rc ){ io_tmpfile_free(t); return rc; }
    return io_send_tmpfile(r, t, IO_XLSX_TYPE, zName);
  }
  s->x.showPhones = showPhones;
  s->x.p = malloc(sizeof *s->x.p);
  rc = s->x.p ? db_open(db_path(r->pDb), 0, &s->pDb) : ZF_EINTERNAL;
  if( rc==ZF_OK ){
    ent_ctx_init(&s->x.c, s->pDb, 0, "export");
    rc = ent_ctx_cache_regions(&s->x.c);
  }
  if( rc==ZF_OK ) rc = db_begin_read(s->pDb);
  if( rc ){ io_stream_free(s); return rc; }
  return http_stream(r, "text/csv; charset=utf-8", zName, io_stream_read, s, io_stream_free);
}

/*
** ROUTE: POST /api/v1/enterprises/import
** The body is the file itself (CSV or XLSX, up to the upload limit;
** X-Requested-With: zhifa), ?filename= its name, ?dry_run=1 to only check.
** Queues a background job and answers 202 with it; poll
** GET /api/v1/jobs/{id} for progress and the result.
*/
int enterprise_import_handler(zf_req *r){
  const char *zPath = http_upload_path(r), *zName = http_query(r, "filename");
  const char *zDry = http_query(r, "dry_run");
  unsigned char aMagic[8] = {0};
  json_t *pParams;
  int64_t id;
  char *zTaken;
  FILE *f;
  int rc, dry = zDry && (strcmp(zDry, "1")==0 || strcmp(zDry, "true")==0);
  if( zPath==0 || http_body_size(r)==0 ) return http_fail(r, ZF_EINVAL, "file", "请选择要导入的文件（请求体为空）");
  if( zName && (strlen(zName)>200 || strchr(zName, '/')) ) return http_fail(r, ZF_EINVAL, "filename", "文件名无效");
  f = fopen(zPath, "rb");
  if( f ){ if( fread(aMagic, 1, 8, f)==0 ) aMagic[0] = 0; fclose(f); }
  if( memcmp(aMagic, "\xD0\xCF\x11\xE0", 4)==0 ){
    return http_fail(r, ZF_EINVAL, "file", "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后导入");
  }
  pParams = json_pack("{s:b}", "dry_run", dry);
  zTaken = http_upload_take(r);
  rc = job_submit(r->pDb, &r->who, "enterprise.import", pParams, zTaken, zName ? zName : "upload", &id, &r->err);
  json_decref(pParams);
  if( rc ){ unlink(zTaken); free(zTaken); return rc; }
  free(zTaken);
  return http_reply(r, 202, job_json(r->pDb, id, 0));
}

/* ---- the job ---------------------------------------------------------------------- */

static void io_job_progress(void *pArg, int64_t done, int64_t total, int64_t rows){
  job_progress((zf_job*)pArg, done, total, rows);
}

static int io_job_cancelled(void *pArg){ return job_cancelled((zf_job*)pArg); }

int enterprise_import_job(zf_db *pDb, zf_job *pJob){
  ent_import_opts opt;
  ent_import_result res;
  ent_ctx c;
  char zErrPath[1100];
  int written = 0, rc;
  zf_error e = {0};
  if( job_input(pJob)==0 ){ job_fail(pJob, "任务没有输入文件"); return ZF_EINVAL; }
  memset(&opt, 0, sizeof opt);
  job_file(pJob, "errors.csv", zErrPath, sizeof zErrPath);
  opt.zFile = job_input(pJob);
  opt.zDisplayName = job_input_name(pJob);
  opt.dryRun = json_is_true(json_object_get(job_params(pJob), "dry_run"));
  opt.zErrorPath = zErrPath;
  opt.pErrorFileWritten = &written;
  opt.xProgress = io_job_progress;
  opt.xCancelled = io_job_cancelled;
  opt.pProgressArg = pJob;
  ent_ctx_init(&c, pDb, job_who(pJob), 0);
  rc = enterprise_import(&c, &opt, &res, &e);
  ent_ctx_free(&c);
  if( rc ){
    job_fail(pJob, "%s", e.message[0] ? e.message : "导入失败");
  }else{
    job_set_result(pJob, ent_import_result_json(&res, opt.zDisplayName, opt.dryRun));
    if( written ) job_set_error_file(pJob, zErrPath);
  }
  ent_import_result_free(&res);
  return rc;
}
