/*
** tabular.c — CSV and XLSX files row by row (see tabular.h).
**
** CSV: the file is read in 64 KiB chunks and fed to libcsv; the first
** chunk decides the encoding (UTF-8, with the BOM dropped, or else
** GB18030 — what Excel writes on Chinese Windows — converted to UTF-8 with
** iconv; anything else is refused) and the delimiter (comma, tab or
** semicolon, whichever the header line has most of).
**
** XLSX: a zip of XML files. xl/workbook.xml and its relationships name the
** first sheet (usually xl/worksheets/sheet1.xml); xl/sharedStrings.xml
** holds the text cells refer to by number. Both are parsed with libxml2's
** streaming xmlReader straight from libzip, so neither is ever whole in
** memory (the shared strings are kept, one copy each). Cells carry their
** own column ("C7"), so gaps are filled with empty cells; numbers keep the
** text Excel stored ("13800138000", dates as serial numbers).
**
** Zip bombs: the entries read (workbook, relationships, shared strings,
** sheet) may hold at most TAB_XLSX_MAX_UNZIPPED bytes together, checked
** against the sizes the archive declares before an entry is opened and
** counted again as it inflates (a lying header is caught too); the shared
** strings, the only part kept in memory, at most TAB_SST_MAX_COUNT strings
** of TAB_SST_MAX_BYTES together. Beyond either the file is refused
** (ZF_EINVAL naming "file"), so memory stays bounded whatever the archive.
**
** CSV cells written that a spreadsheet would take for a formula (starting
** with = + - @, a tab or a carriage return) get a leading apostrophe
** (tab_csv_field); the reader drops that apostrophe again, so a file
** exported and imported back is unchanged.
*/
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xlsxwriter.h>
#include <zip.h>
#include "core/json.h"
#include "core/log.h"
#include "tabular.h"

#define TAB_CHUNK 65536
#define TAB_MAX_COLS 256
#define TAB_XLSX_MAX_UNZIPPED (1024ll<<20)  /* the entries read, inflated (a 500,000-row export: ~700 MB) */
#define TAB_SST_MAX_COUNT 2000000           /* shared strings kept in memory */
#define TAB_SST_MAX_BYTES (64u<<20)

/* ---- a row being assembled ------------------------------------------------ */

typedef struct tab_row {
  char *zBuf; size_t nBuf, nAlloc;          /* cells, NUL-separated */
  size_t aOff[TAB_MAX_COLS];
  int nCell;
  const char *azCell[TAB_MAX_COLS];
} tab_row;

static int tab_row_grow(tab_row *p, size_t n){
  if( p->nBuf + n + 1 > p->nAlloc ){
    size_t nNew = p->nAlloc ? p->nAlloc*2 : 4096;
    char *zNew;
    while( nNew < p->nBuf + n + 1 ) nNew *= 2;
    zNew = realloc(p->zBuf, nNew);
    if( zNew==0 ) return 0;
    p->zBuf = zNew;
    p->nAlloc = nNew;
  }
  return 1;
}

/* Appends a cell at column iCol (filling gaps with empty cells). */
static void tab_row_cell(tab_row *p, int iCol, const char *z, size_t n){
  if( iCol>=TAB_MAX_COLS ) return;
  while( p->nCell<=iCol ){
    if( !tab_row_grow(p, p->nCell==iCol ? n : 0) ) return;
    p->aOff[p->nCell] = p->nBuf;
    if( p->nCell==iCol && n ){ memcpy(p->zBuf + p->nBuf, z, n); p->nBuf += n; }
    p->zBuf[p->nBuf++] = 0;
    p->nCell++;
  }
}

/* Hands a finished row to the callback (empty rows are skipped). */
static int tab_row_emit(tab_row *p, int64_t iRow, tab_row_fn xRow, void *pArg, tab_info *pInfo){
  int i, empty = 1, rc = 0;
  for(i=0; i<p->nCell; i++){
    const char *z = p->zBuf + p->aOff[i];
    p->azCell[i] = z;
    if( z[strspn(z, " \t\r\n")] ) empty = 0;
  }
  if( !empty ){
    pInfo->nRow++;
    rc = xRow(pArg, iRow, p->nCell, p->azCell);
  }
  p->nBuf = 0;
  p->nCell = 0;
  return rc;
}

/* ---- CSV ---------------------------------------------------------------------- */

/* 1 when a spreadsheet would take a cell starting with z for a formula. */
static int tab_formula_lead(const char *z){
  return z[0] && strchr("=+-@\t\r", z[0])!=0;
}

typedef struct tab_csv {
  tab_row row;
  int64_t iRow;
  tab_row_fn xRow;
  void *pArg;
  tab_info *pInfo;
  int rc;
} tab_csv;

static void tab_csv_cb_field(void *s, size_t n, void *pArg){
  tab_csv *p = pArg;
  const char *z = s;
  if( z && n>=2 && z[0]=='\'' && tab_formula_lead(z+1) ){ s = (void*)(z+1); n--; }   /* our guard */
  if( p->rc==0 ) tab_row_cell(&p->row, p->row.nCell, s ? (const char*)s : "", s ? n : 0);
}

static void tab_csv_cb_row(int c, void *pArg){
  tab_csv *p = pArg;
  (void)c;
  p->iRow++;
  if( p->rc==0 ) p->rc = tab_row_emit(&p->row, p->iRow, p->xRow, p->pArg, p->pInfo);
  else{ p->row.nBuf = 0; p->row.nCell = 0; }
}

/* 1 when z[0..n) is UTF-8, allowing an incomplete character at the end. */
static int tab_utf8_prefix(const char *z, size_t n){
  size_t k = n, i;
  for(i=0; i<3 && k>0; i++){
    unsigned char c = (unsigned char)z[k-1];
    if( (c & 0xC0)==0x80 ){ k--; continue; }
    if( c>=0xC0 ){ k--; }
    break;
  }
  if( k<n && ((unsigned char)z[k] & 0xC0)!=0xC0 ) k = n;
  return json_utf8_valid(z, k);
}

/* Delimiter of the first line: the most frequent of , \t ; */
static char tab_delimiter(const char *z, size_t n){
  size_t i, nComma = 0, nTab = 0, nSemi = 0;
  for(i=0; i<n && z[i]!='\n'; i++){
    if( z[i]==',' ) nComma++; else if( z[i]=='\t' ) nTab++; else if( z[i]==';' ) nSemi++;
  }
  if( nTab>nComma && nTab>=nSemi ) return '\t';
  if( nSemi>nComma && nSemi>nTab ) return ';';
  return ',';
}

/* Converts GB18030 in zIn (with *pnLeft carried bytes) to UTF-8. */
static int tab_gb_convert(iconv_t cd, char *zIn, size_t nIn, char *zOut, size_t nOut,
                          size_t *pnOut, size_t *pnLeft){
  char *in = zIn, *out = zOut;
  size_t inLeft = nIn, outLeft = nOut;
  while( inLeft>0 ){
    if( iconv(cd, &in, &inLeft, &out, &outLeft)==(size_t)-1 ){
      if( errno==EINVAL ) break;              /* incomplete character: next chunk */
      return 0;
    }
  }
  memmove(zIn, in, inLeft);
  *pnLeft = inLeft;
  *pnOut = nOut - outLeft;
  return 1;
}

static int tab_read_csv(FILE *f, int64_t nSize, tab_row_fn xRow, tab_progress_fn xProgress,
                        void *pArg, tab_info *pInfo, zf_error *e){
  struct csv_parser csv;
  tab_csv st;
  char *zIn = malloc(TAB_CHUNK + 8), *zConv = malloc(TAB_CHUNK * 2 + 16);
  iconv_t cd = (iconv_t)-1;
  size_t nLeft = 0, n;
  int64_t done = 0;
  int first = 1, rc = ZF_OK;
  memset(&st, 0, sizeof st);
  st.xRow = xRow; st.pArg = pArg; st.pInfo = pInfo;
  if( zIn==0 || zConv==0 || csv_init(&csv, CSV_APPEND_NULL | CSV_STRICT_FINI)!=0 ){
    free(zIn); free(zConv);
    return err_set(e, ZF_EINTERNAL, 0, 0);
  }
  while( rc==ZF_OK && st.rc==0 && (n = fread(zIn + nLeft, 1, TAB_CHUNK - nLeft, f))>0 ){
    char *z = zIn;
    size_t nData = n + nLeft;
    done += (int64_t)n;
    if( first ){
      first = 0;
      if( nData>=3 && memcmp(z, "\xEF\xBB\xBF", 3)==0 ){ z += 3; nData -= 3; }
      else if( !tab_utf8_prefix(z, nData) ){
        size_t nOut;
        cd = iconv_open("UTF-8", "GB18030");
        if( cd==(iconv_t)-1 || !tab_gb_convert(cd, z, nData, zConv, TAB_CHUNK*2, &nOut, &nLeft) ){
          rc = err_set(e, ZF_EINVAL, "file",
            "文件编码无法识别：既不是 UTF-8 也不是 GB18030（GBK）。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后重新导入");
          break;
        }
        pInfo->wasGb18030 = 1;
        csv_set_delim(&csv, tab_delimiter(zConv, nOut));
        if( csv_parse(&csv, zConv, nOut, tab_csv_cb_field, tab_csv_cb_row, &st)!=nOut ) goto bad;
        if( xProgress ) xProgress(pArg, done, nSize);
        continue;
      }
      csv_set_delim(&csv, tab_delimiter(z, nData));
    }
    if( cd!=(iconv_t)-1 ){
      size_t nOut;
      if( !tab_gb_convert(cd, zIn, nData, zConv, TAB_CHUNK*2, &nOut, &nLeft) ){
        rc = err_set(e, ZF_EINVAL, "file", "文件第 %lld 字节附近不是有效的 GB18030 字符",
                     (long long)(done - (int64_t)n));
        break;
      }
      if( csv_parse(&csv, zConv, nOut, tab_csv_cb_field, tab_csv_cb_row, &st)!=nOut ) goto bad;
    }else{
      if( csv_parse(&csv, z, nData, tab_csv_cb_field, tab_csv_cb_row, &st)!=nData ) goto bad;
      nLeft = 0;
    }
    if( xProgress ) xProgress(pArg, done, nSize);
  }
  if( rc==ZF_OK && st.rc==0 && ferror(f) ) rc = err_set(e, ZF_EINVAL, "file", "读取文件失败");
  if( rc==ZF_OK && st.rc==0 && csv_fini(&csv, tab_csv_cb_field, tab_csv_cb_row, &st)!=0 ) goto bad;
  goto done;
bad:
  rc = err_set(e, ZF_EINVAL, "file", "CSV 格式错误（第 %lld 行附近）：%s", (long long)st.iRow + 1,
               csv_error(&csv)==CSV_EPARSE ? "引号不配对" : csv_strerror(csv_error(&csv)));
done:
  csv_free(&csv);
  if( cd!=(iconv_t)-1 ) iconv_close(cd);
  free(st.row.zBuf);
  free(zIn);
  free(zConv);
  return rc ? rc : st.rc;
}

/* ---- XLSX ------------------------------------------------------------------------ */

/* What is left of TAB_XLSX_MAX_UNZIPPED for one archive. */
typedef struct tab_zbudget { int64_t nLeft; int tooBig; } tab_zbudget;

typedef struct tab_zin {
  zip_file_t *f;
  int64_t nDone, nSize;
  tab_zbudget *pBudget;
} tab_zin;

static int tab_zip_read(void *ctx, char *zBuf, int n){
  tab_zin *p = ctx;
  zip_int64_t k = zip_fread(p->f, zBuf, (zip_uint64_t)n);
  if( k<0 ) return -1;
  if( k>p->pBudget->nLeft ){ p->pBudget->tooBig = 1; return -1; }
  p->pBudget->nLeft -= k;
  p->nDone += k;
  return (int)k;
}

static int tab_zip_close(void *ctx){ (void)ctx; return 0; }

/* An xmlReader over one member of the archive, or NULL (absent, or
** declared larger than what is left of the budget: pBudget->tooBig). */
static xmlTextReaderPtr tab_xml_open(zip_t *z, const char *zName, tab_zin *pIn, tab_zbudget *pBudget){
  zip_stat_t st;
  memset(pIn, 0, sizeof *pIn);
  pIn->pBudget = pBudget;
  if( zip_stat(z, zName, 0, &st)!=0 ) return 0;
  pIn->nSize = (st.valid & ZIP_STAT_SIZE) ? (int64_t)st.size : 0;
  if( (st.valid & ZIP_STAT_SIZE) && st.size>(zip_uint64_t)pBudget->nLeft ){ pBudget->tooBig = 1; return 0; }
  pIn->f = zip_fopen(z, zName, 0);
  if( pIn->f==0 ) return 0;
  return xmlReaderForIO(tab_zip_read, tab_zip_close, pIn, 0, 0, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
}

static void tab_xml_close(xmlTextReaderPtr rd, tab_zin *pIn){
  if( rd ) xmlFreeTextReader(rd);
  if( pIn->f ) zip_fclose(pIn->f);
  pIn->f = 0;
}

static int tab_is(const xmlChar *zName, const char *z){
  return zName && strcmp((const char*)zName, z)==0;
}

/* The archive path of the first sheet (workbook.xml + its relationships). */
static void tab_first_sheet(zip_t *z, tab_zbudget *pBudget, char *zOut, size_t n){
  char zRid[64] = "";
  tab_zin in;
  xmlTextReaderPtr rd = tab_xml_open(z, "xl/workbook.xml", &in, pBudget);
  snprintf(zOut, n, "xl/worksheets/sheet1.xml");
  while( rd && xmlTextReaderRead(rd)==1 ){
    if( xmlTextReaderNodeType(rd)==XML_READER_TYPE_ELEMENT && tab_is(xmlTextReaderConstLocalName(rd), "sheet") ){
      xmlChar *zId = xmlTextReaderGetAttributeNs(rd, (const xmlChar*)"id",
        (const xmlChar*)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
      if( zId ){ snprintf(zRid, sizeof zRid, "%s", (char*)zId); xmlFree(zId); }
      break;
    }
  }
  tab_xml_close(rd, &in);
  if( zRid[0]==0 ) return;
  rd = tab_xml_open(z, "xl/_rels/workbook.xml.rels", &in, pBudget);
  while( rd && xmlTextReaderRead(rd)==1 ){
    if( xmlTextReaderNodeType(rd)==XML_READER_TYPE_ELEMENT
     && tab_is(xmlTextReaderConstLocalName(rd), "Relationship") ){
      xmlChar *zId = xmlTextReaderGetAttribute(rd, (const xmlChar*)"Id");
      xmlChar *zTarget = xmlTextReaderGetAttribute(rd, (const xmlChar*)"Target");
      if( zId && zTarget && strcmp((char*)zId, zRid)==0 ){
        const char *t = (const char*)zTarget;
        if( t[0]=='/' ) snprintf(zOut, n, "%s", t + 1);
        else snprintf(zOut, n, "xl/%s", t);
      }
      xmlFree(zId);
      xmlFree(zTarget);
    }
  }
  tab_xml_close(rd, &in);
}

/* Shared strings: one buffer, offsets per string; tooBig past the caps. */
typedef struct tab_sst { char *zBuf; size_t nBuf, nAlloc; size_t *aOff; int n, nAlloc2, tooBig; } tab_sst;

static int tab_sst_add(tab_sst *p, const char *z, size_t n, int newString){
  if( (newString && p->n>=TAB_SST_MAX_COUNT) || p->nBuf + n + 2 > TAB_SST_MAX_BYTES ){
    p->tooBig = 1;
    return 0;
  }
  if( newString ){
    if( p->n>=p->nAlloc2 ){
      size_t *aNew;
      p->nAlloc2 = p->nAlloc2 ? p->nAlloc2*2 : 1024;
      aNew = realloc(p->aOff, sizeof(size_t)*p->nAlloc2);
      if( aNew==0 ) return 0;
      p->aOff = aNew;
    }
    p->aOff[p->n++] = p->nBuf;
  }
  if( p->nBuf + n + 2 > p->nAlloc ){
    size_t nNew = p->nAlloc ? p->nAlloc*2 : 65536;
    char *zNew;
    while( nNew < p->nBuf + n + 2 ) nNew *= 2;
    zNew = realloc(p->zBuf, nNew);
    if( zNew==0 ) return 0;
    p->zBuf = zNew;
    p->nAlloc = nNew;
  }
  memcpy(p->zBuf + p->nBuf, z, n);
  p->nBuf += n;
  p->zBuf[p->nBuf] = 0;
  return 1;
}

static void tab_sst_end(tab_sst *p){ if( p->zBuf ) p->nBuf++; }

static int tab_read_sst(zip_t *z, tab_zbudget *pBudget, tab_sst *p){
  tab_zin in;
  xmlTextReaderPtr rd = tab_xml_open(z, "xl/sharedStrings.xml", &in, pBudget);
  int inT = 0, inPh = 0, ok = 1, rc = 0;
  if( rd==0 ) return !pBudget->tooBig;   /* no shared strings: fine */
  while( ok && (rc = xmlTextReaderRead(rd))==1 ){
    int type = xmlTextReaderNodeType(rd);
    const xmlChar *zName = xmlTextReaderConstLocalName(rd);
    if( type==XML_READER_TYPE_ELEMENT ){
      if( tab_is(zName, "si") ){
        ok = tab_sst_add(p, "", 0, 1);
        if( xmlTextReaderIsEmptyElement(rd) ) tab_sst_end(p);
      }
      else if( tab_is(zName, "rPh") ) inPh = !xmlTextReaderIsEmptyElement(rd);
      else if( tab_is(zName, "t") ) inT = !xmlTextReaderIsEmptyElement(rd);
    }else if( type==XML_READER_TYPE_END_ELEMENT ){
      if( tab_is(zName, "si") ) tab_sst_end(p);
      else if( tab_is(zName, "rPh") ) inPh = 0;
      else if( tab_is(zName, "t") ) inT = 0;
    }else if( (type==XML_READER_TYPE_TEXT || type==XML_READER_TYPE_SIGNIFICANT_WHITESPACE
            || type==XML_READER_TYPE_CDATA) && inT && !inPh && p->n>0 ){
      const char *zText = (const char*)xmlTextReaderConstValue(rd);
      ok = tab_sst_add(p, zText, strlen(zText), 0);
    }
  }
  tab_xml_close(rd, &in);
  return ok && rc==0;
}

/* The refusal of an archive past the caps (top of file). */
static int tab_too_big(const tab_zbudget *pBudget, zf_error *e){
  if( pBudget->tooBig ){
    return err_set(e, ZF_EINVAL, "file", "文件解压后过大（XLSX 读取的内容超过 %lld MB），请拆分后分批导入",
                   (long long)(TAB_XLSX_MAX_UNZIPPED>>20));
  }
  return err_set(e, ZF_EINVAL, "file", "文件的共享字符串过多（超过 %d 个或 %u MB），请拆分后分批导入或另存为 CSV",
                 TAB_SST_MAX_COUNT, TAB_SST_MAX_BYTES>>20);
}

/* Column index of a cell reference "AB12" → 27; -1 when absent. */
static int tab_col_of(const char *zRef){
  int c = 0, n = 0;
  while( *zRef>='A' && *zRef<='Z' ){ c = c*26 + (*zRef - 'A' + 1); zRef++; n++; }
  return n ? c - 1 : -1;
}

/* Numbers as Excel stores them; integral values in exponent form become plain digits. */
static void tab_number_text(const char *z, char *zOut, size_t n){
  char *zEnd;
  double v;
  snprintf(zOut, n, "%s", z);
  if( strchr(z, 'E')==0 && strchr(z, 'e')==0 ) return;
  v = strtod(z, &zEnd);
  if( *zEnd==0 && v==floor(v) && fabs(v)<1e16 ) snprintf(zOut, n, "%.0f", v);
}

typedef struct tab_sheet {
  tab_row row;
  int64_t iRow;
  int iCol;
  char cType;                  /* 's' shared, 'i' inline, 'b' bool, 'n' number/str */
  char *zVal; size_t nVal, nValAlloc;
  int inV, inT;
} tab_sheet;

static void tab_val_add(tab_sheet *s, const char *z){
  size_t n = strlen(z);
  if( s->nVal + n + 1 > s->nValAlloc ){
    size_t nNew = s->nValAlloc ? s->nValAlloc*2 : 256;
    char *zNew;
    while( nNew < s->nVal + n + 1 ) nNew *= 2;
    zNew = realloc(s->zVal, nNew);
    if( zNew==0 ) return;
    s->zVal = zNew;
    s->nValAlloc = nNew;
  }
  memcpy(s->zVal + s->nVal, z, n + 1);
  s->nVal += n;
}

/* The value of the finished cell into the row. */
static void tab_cell_end(tab_sheet *s, const tab_sst *pSst){
  const char *z = s->zVal ? s->zVal : "";
  char zNum[64];
  if( s->cType=='s' ){
    long k = strtol(z, 0, 10);
    z = (s->nVal && k>=0 && k<pSst->n) ? pSst->zBuf + pSst->aOff[k] : "";
  }else if( s->cType=='n' ){
    tab_number_text(z, zNum, sizeof zNum);
    z = zNum;
  }
  if( s->iCol>=0 ) tab_row_cell(&s->row, s->iCol, z, strlen(z));
  s->nVal = 0;
  if( s->zVal ) s->zVal[0] = 0;
}

/* Handles one start element of a sheet. */
static void tab_sheet_start(tab_sheet *s, xmlTextReaderPtr rd, const xmlChar *zName, const tab_sst *pSst){
  if( tab_is(zName, "row") ){
    xmlChar *zR = xmlTextReaderGetAttribute(rd, (const xmlChar*)"r");
    s->iRow = zR ? strtoll((char*)zR, 0, 10) : s->iRow + 1;
    xmlFree(zR);
    s->row.nBuf = 0;
    s->row.nCell = 0;
    s->iCol = -1;
  }else if( tab_is(zName, "c") ){
    xmlChar *zR = xmlTextReaderGetAttribute(rd, (const xmlChar*)"r");
    xmlChar *zT = xmlTextReaderGetAttribute(rd, (const xmlChar*)"t");
    int c = zR ? tab_col_of((char*)zR) : -1;
    s->iCol = c>=0 ? c : s->iCol + 1;
    s->cType = !zT ? 'n' : tab_is(zT, "s") ? 's' : tab_is(zT, "inlineStr") ? 'i' : tab_is(zT, "n") ? 'n' : 't';
    xmlFree(zR);
    xmlFree(zT);
    s->nVal = 0;
    if( s->zVal ) s->zVal[0] = 0;
    if( xmlTextReaderIsEmptyElement(rd) ) tab_cell_end(s, pSst);
  }else if( tab_is(zName, "v") ){
    s->inV = !xmlTextReaderIsEmptyElement(rd);
  }else if( tab_is(zName, "t") ){
    s->inT = !xmlTextReaderIsEmptyElement(rd);
  }
}

static int tab_read_xlsx(const char *zPath, tab_row_fn xRow, tab_progress_fn xProgress, void *pArg,
                         tab_info *pInfo, zf_error *e){
  char zSheet[256];
  int zerr = 0, rc = ZF_OK, ret = 0;
  zip_t *z = zip_open(zPath, ZIP_RDONLY, &zerr);
  tab_sst sst;
  tab_sheet s;
  tab_zin in;
  tab_zbudget budget = {TAB_XLSX_MAX_UNZIPPED, 0};
  xmlTextReaderPtr rd;
  int64_t nTick = 0;
  memset(&sst, 0, sizeof sst);
  memset(&s, 0, sizeof s);
  if( z==0 ) return err_set(e, ZF_EINVAL, "file", "无法打开 XLSX 文件（压缩包已损坏？）");
  pInfo->isXlsx = 1;
  tab_first_sheet(z, &budget, zSheet, sizeof zSheet);
  if( !budget.tooBig && !tab_read_sst(z, &budget, &sst) ){
    rc = (budget.tooBig || sst.tooBig) ? tab_too_big(&budget, e)
                                       : err_set(e, ZF_EINVAL, "file", "XLSX 文件的共享字符串表已损坏");
    goto done;
  }
  rd = budget.tooBig ? 0 : tab_xml_open(z, zSheet, &in, &budget);
  if( budget.tooBig ){
    rc = tab_too_big(&budget, e);
    goto done;
  }
  if( rd==0 ){
    rc = err_set(e, ZF_EINVAL, "file", "XLSX 文件中没有工作表（%s）", zSheet);
    goto done;
  }
  while( rc==ZF_OK && (ret = xmlTextReaderRead(rd))==1 ){
    int type = xmlTextReaderNodeType(rd);
    const xmlChar *zName = xmlTextReaderConstLocalName(rd);
    if( type==XML_READER_TYPE_ELEMENT ){
      tab_sheet_start(&s, rd, zName, &sst);
      if( tab_is(zName, "row") && xmlTextReaderIsEmptyElement(rd) ) s.row.nCell = 0;
    }else if( type==XML_READER_TYPE_END_ELEMENT ){
      if( tab_is(zName, "c") ) tab_cell_end(&s, &sst);
      else if( tab_is(zName, "v") ) s.inV = 0;
      else if( tab_is(zName, "t") ) s.inT = 0;
      else if( tab_is(zName, "row") ){
        rc = tab_row_emit(&s.row, s.iRow, xRow, pArg, pInfo);
        if( xProgress && (++nTick & 255)==0 ) xProgress(pArg, in.nDone, in.nSize);
      }
    }else if( type==XML_READER_TYPE_TEXT || type==XML_READER_TYPE_SIGNIFICANT_WHITESPACE
           || type==XML_READER_TYPE_CDATA ){
      if( s.inV || (s.inT && s.cType=='i') ) tab_val_add(&s, (const char*)xmlTextReaderConstValue(rd));
    }
  }
  if( rc==ZF_OK && ret<0 && budget.tooBig ) rc = tab_too_big(&budget, e);
  if( rc==ZF_OK && ret<0 ) rc = err_set(e, ZF_EINVAL, "file", "XLSX 工作表格式错误（第 %lld 行附近）",
                                        (long long)s.iRow);
  if( rc==ZF_OK && xProgress ) xProgress(pArg, in.nSize, in.nSize);
  tab_xml_close(rd, &in);
done:
  zip_close(z);
  free(sst.zBuf);
  free(sst.aOff);
  free(s.row.zBuf);
  free(s.zVal);
  return rc;
}

int tab_read(const char *zPath, tab_row_fn xRow, tab_progress_fn xProgress, void *pArg,
             tab_info *pInfo, zf_error *e){
  FILE *f = fopen(zPath, "rb");
  unsigned char aMagic[4] = {0};
  struct stat st;
  int rc;
  memset(pInfo, 0, sizeof *pInfo);
  if( f==0 ) return err_set(e, ZF_EINVAL, "file", "无法读取文件：%s", strerror(errno));
  if( fstat(fileno(f), &st)!=0 || !S_ISREG(st.st_mode) ){
    fclose(f);
    return err_set(e, ZF_EINVAL, "file", "不是普通文件");
  }
  if( fread(aMagic, 1, 4, f)==4 && memcmp(aMagic, "PK\x03\x04", 4)==0 ){
    fclose(f);
    return tab_read_xlsx(zPath, xRow, xProgress, pArg, pInfo, e);
  }
  if( st.st_size==0 ){
    fclose(f);
    return err_set(e, ZF_EINVAL, "file", "文件是空的");
  }
  rewind(f);
  rc = tab_read_csv(f, (int64_t)st.st_size, xRow, xProgress, pArg, pInfo, e);
  fclose(f);
  return rc;
}

/* ---- writing ------------------------------------------------------------------------ */

struct tab_writer {
  int isXlsx;
  FILE *f;
  lxw_workbook *wb;
  lxw_worksheet *ws;
  lxw_format *fmtHeader, *fmtText;
  lxw_row_t row;
  int nCol;
  unsigned char aNumber[TAB_MAX_COLS];
  char *zLine; size_t nLineAlloc;
};

int tab_csv_field(char *zOut, size_t n, size_t *pn, const char *z, int isFirst){
  size_t j = *pn, i;
  int quote = z[strcspn(z, ",\"\r\n")]!=0 || z[0]==' ' || (z[0] && z[strlen(z)-1]==' ');
  if( !isFirst ){ if( j+1>=n ) return 0; zOut[j++] = ','; }
  if( quote ){ if( j+1>=n ) return 0; zOut[j++] = '"'; }
  if( tab_formula_lead(z) ){ if( j+1>=n ) return 0; zOut[j++] = '\''; }   /* never a formula */
  for(i=0; z[i]; i++){
    if( j+3>=n ) return 0;
    if( z[i]=='"' ) zOut[j++] = '"';
    zOut[j++] = z[i];
  }
  if( quote ){ if( j+1>=n ) return 0; zOut[j++] = '"'; }
  zOut[j] = 0;
  *pn = j;
  return 1;
}

/* The header row of the current sheet, and its column widths. */
static void tab_xlsx_header(tab_writer *w, const tab_column *aCol, int nCol){
  int i;
  w->nCol = nCol < TAB_MAX_COLS ? nCol : TAB_MAX_COLS;
  for(i=0; i<w->nCol; i++){
    w->aNumber[i] = (unsigned char)aCol[i].isNumber;
    worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, aCol[i].width>0 ? aCol[i].width : 14,
                         aCol[i].isNumber ? 0 : w->fmtText);
    worksheet_write_string(w->ws, 0, (lxw_col_t)i, aCol[i].zName, w->fmtHeader);
  }
  worksheet_freeze_panes(w->ws, 1, 0);
  w->row = 1;
}

int tab_writer_open(const char *zPath, int isXlsx, const char *zSheet, const tab_column *aCol,
                    int nCol, const char *zTmpDir, tab_writer **ppW, zf_error *e){
  tab_writer *w = calloc(1, sizeof *w);
  *ppW = 0;
  if( w==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  w->isXlsx = isXlsx;
  if( isXlsx ){
    lxw_workbook_options opt;
    memset(&opt, 0, sizeof opt);
    opt.constant_memory = LXW_TRUE;
    opt.tmpdir = (char*)zTmpDir;
    w->wb = workbook_new_opt(zPath, &opt);
    if( w->wb ) w->ws = workbook_add_worksheet(w->wb, zSheet);
    if( w->ws==0 ){
      if( w->wb ) workbook_close(w->wb);
      free(w);
      return err_set(e, ZF_EINVAL, "out", "无法创建 XLSX 文件 %s", zPath);
    }
    w->fmtHeader = workbook_add_format(w->wb);
    format_set_bold(w->fmtHeader);
    format_set_bg_color(w->fmtHeader, 0xDDEBF7);
    format_set_num_format(w->fmtHeader, "@");
    w->fmtText = workbook_add_format(w->wb);
    format_set_num_format(w->fmtText, "@");        /* text: codes keep their digits */
    tab_xlsx_header(w, aCol, nCol);
  }else{
    const char **az = malloc(sizeof(char*) * (size_t)(nCol>0 ? nCol : 1));
    int i, rc;
    w->f = fopen(zPath, "wb");
    if( w->f==0 || az==0 ){
      if( w->f ) fclose(w->f);
      free(az);
      free(w);
      return err_set(e, ZF_EINVAL, "out", "无法创建文件 %s：%s", zPath, strerror(errno));
    }
    fputs("\xEF\xBB\xBF", w->f);
    w->nCol = nCol;
    for(i=0; i<nCol; i++) az[i] = aCol[i].zName;
    rc = tab_writer_row(w, nCol, az);
    free(az);
    if( rc ){ fclose(w->f); free(w); return err_set(e, rc, "out", "写入文件失败"); }
  }
  *ppW = w;
  return ZF_OK;
}

int tab_writer_sheet(tab_writer *w, const char *zSheet, const tab_column *aCol, int nCol){
  if( !w->isXlsx ) return ZF_OK;
  w->ws = workbook_add_worksheet(w->wb, zSheet);
  if( w->ws==0 ) return ZF_EINTERNAL;
  tab_xlsx_header(w, aCol, nCol);
  return ZF_OK;
}

int tab_writer_row(tab_writer *w, int nCell, const char *const *azCell){
  int i;
  if( w->isXlsx ){
    for(i=0; i<nCell && i<TAB_MAX_COLS; i++){
      const char *z = azCell[i] ? azCell[i] : "";
      char *zEnd;
      double v;
      if( z[0]==0 ) continue;
      if( i<w->nCol && w->aNumber[i] && (v = strtod(z, &zEnd), *zEnd==0) ){
        worksheet_write_number(w->ws, w->row, (lxw_col_t)i, v, 0);
      }else{
        worksheet_write_string(w->ws, w->row, (lxw_col_t)i, z, 0);
      }
    }
    w->row++;
    return ZF_OK;
  }else{
    size_t n = 0, need = 3;
    for(i=0; i<nCell; i++) need += 2*strlen(azCell[i] ? azCell[i] : "") + 4;   /* quotes, comma, formula guard */
    if( need > w->nLineAlloc ){
      char *zNew = realloc(w->zLine, need);
      if( zNew==0 ) return ZF_EINTERNAL;
      w->zLine = zNew;
      w->nLineAlloc = need;
    }
    for(i=0; i<nCell; i++) tab_csv_field(w->zLine, w->nLineAlloc, &n, azCell[i] ? azCell[i] : "", i==0);
    w->zLine[n++] = '\r';
    w->zLine[n++] = '\n';
    return fwrite(w->zLine, 1, n, w->f)==n ? ZF_OK : ZF_EINTERNAL;
  }
}

int tab_writer_close(tab_writer *w, zf_error *e){
  int rc = ZF_OK;
  if( w==0 ) return ZF_OK;
  if( w->isXlsx ){
    lxw_error x = workbook_close(w->wb);
    if( x!=LXW_NO_ERROR ) rc = err_set(e, ZF_EINTERNAL, "out", "写入 XLSX 失败：%s", lxw_strerror(x));
  }else{
    if( fclose(w->f)!=0 ) rc = err_set(e, ZF_EINTERNAL, "out", "写入文件失败：%s", strerror(errno));
  }
  free(w->zLine);
  free(w);
  return rc;
}
