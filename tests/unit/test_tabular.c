/*
** test_tabular.c — spreadsheet files (src/tabular.c): XLSX archives that
** inflate past the caps (too many shared strings, an entry declaring more
** than the budget) are refused with a message naming the file, while a
** small well-formed one reads; CSV cells a spreadsheet would run as a
** formula are written with a leading apostrophe and read back unchanged.
*/
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>
#include "testutil.h"
#include "tabular.h"

static const char zSheet[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
  "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>名称</t></is></c></row>"
  "</sheetData></worksheet>";

/* A temporary file name ending in .xlsx. */
static char *tmp_name(void){
  static char z[64];
  int fd;
  snprintf(z, sizeof z, "/tmp/zf-tab-XXXXXX");
  fd = mkstemp(z);
  assert_true(fd>=0);
  close(fd);
  return z;
}

/* Writes an archive of (name, bytes, size) entries to zPath. */
static void write_zip(const char *zPath, int n, const char *const *azName, const char *const *azData,
                      const size_t *anData){
  int err = 0, i;
  zip_t *z = zip_open(zPath, ZIP_TRUNCATE | ZIP_CREATE, &err);
  assert_non_null(z);
  for(i=0; i<n; i++){
    zip_source_t *s = zip_source_buffer(z, azData[i], anData[i], 0);
    assert_non_null(s);
    assert_true(zip_file_add(z, azName[i], s, ZIP_FL_OVERWRITE)>=0);
  }
  assert_int_equal(zip_close(z), 0);
}

static int count_row(void *pArg, int64_t iRow, int nCell, const char *const *azCell){
  int *pN = pArg;
  (void)iRow; (void)nCell; (void)azCell;
  (*pN)++;
  return 0;
}

/* Shared strings: a small table reads; one more string than the cap
** (10 MB of "<si/>", 10 kB zipped) is refused naming the file. */
static void test_shared_strings_cap(void **state){
  static const char zHead[] = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
  const char *azName[2] = { "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml" };
  const char *azData[2];
  size_t anData[2], n, i, nSi = 2000001;
  char *zSst = malloc(sizeof zHead + nSi*5 + 16);
  char *zPath = tmp_name();
  tab_info info;
  zf_error e;
  int nRow = 0;
  (void)state;
  assert_non_null(zSst);
  /* well formed and small: reads */
  n = (size_t)sprintf(zSst, "%s<si><t>统一社会信用代码</t></si></sst>", zHead);
  azData[0] = zSst; anData[0] = n; azData[1] = zSheet; anData[1] = sizeof zSheet - 1;
  write_zip(zPath, 2, azName, azData, anData);
  memset(&e, 0, sizeof e);
  assert_int_equal(tab_read(zPath, count_row, 0, &nRow, &info, &e), ZF_OK);
  assert_int_equal(nRow, 1);
  /* two million and one shared strings: refused */
  n = (size_t)sprintf(zSst, "%s", zHead);
  for(i=0; i<nSi; i++){ memcpy(zSst + n, "<si/>", 5); n += 5; }
  n += (size_t)sprintf(zSst + n, "</sst>");
  anData[0] = n;
  write_zip(zPath, 2, azName, azData, anData);
  memset(&e, 0, sizeof e);
  nRow = 0;
  assert_int_equal(tab_read(zPath, count_row, 0, &nRow, &info, &e), ZF_EINVAL);
  assert_string_equal(e.field, "file");
  assert_non_null(strstr(e.message, "共享字符串过多"));
  assert_int_equal(nRow, 0);
  unlink(zPath);
  free(zSst);
}

/* Patches the central directory's uncompressed size of entry zName. */
static void declare_size(const char *zPath, const char *zName, uint32_t size){
  FILE *f = fopen(zPath, "r+b");
  unsigned char a[4096];
  size_t n, i, nName = strlen(zName);
  int done = 0;
  assert_non_null(f);
  n = fread(a, 1, sizeof a, f);
  for(i=0; i+46+nName<=n; i++){
    if( memcmp(a+i, "PK\x01\x02", 4)==0 && memcmp(a+i+46, zName, nName)==0 ){
      a[i+24] = size & 0xff; a[i+25] = (size>>8) & 0xff; a[i+26] = (size>>16) & 0xff; a[i+27] = size>>24;
      done = 1;
    }
  }
  assert_true(done);
  rewind(f);
  assert_int_equal(fwrite(a, 1, n, f), n);
  fclose(f);
}

/* A sheet whose archive says it inflates to 4 GB: refused before reading
** a byte of it, naming the file and the cap. */
static void test_unzipped_cap(void **state){
  const char *azName[1] = { "xl/worksheets/sheet1.xml" };
  const char *azData[1] = { zSheet };
  size_t anData[1] = { sizeof zSheet - 1 };
  char *zPath = tmp_name();
  tab_info info;
  zf_error e;
  int nRow = 0;
  (void)state;
  write_zip(zPath, 1, azName, azData, anData);
  memset(&e, 0, sizeof e);
  assert_int_equal(tab_read(zPath, count_row, 0, &nRow, &info, &e), ZF_OK);
  assert_int_equal(nRow, 1);
  declare_size(zPath, azName[0], 0xfffffff0u);
  memset(&e, 0, sizeof e);
  nRow = 0;
  assert_int_equal(tab_read(zPath, count_row, 0, &nRow, &info, &e), ZF_EINVAL);
  assert_string_equal(e.field, "file");
  assert_non_null(strstr(e.message, "文件解压后过大"));
  assert_int_equal(nRow, 0);
  unlink(zPath);
}

static int collect_row(void *pArg, int64_t iRow, int nCell, const char *const *azCell){
  char *zOut = pArg;
  int i;
  (void)iRow;
  for(i=0; i<nCell; i++){ strcat(zOut, azCell[i]); strcat(zOut, "|"); }
  strcat(zOut, "\n");
  return 0;
}

/* Formula-leading cells: guarded by an apostrophe in the file, read back
** as they were; other cells untouched. */
static void test_csv_formula_guard(void **state){
  static const char *const azCell[] = { "=HYPERLINK(\"http://x\")", "+86 791 1234", "-1", "@SUM(A1)",
                                        "\tx", "a=b", "正常" };
  static const tab_column aCol[] = { {"a", 8, 0}, {"b", 8, 0}, {"c", 8, 0}, {"d", 8, 0}, {"e", 8, 0},
                                     {"f", 8, 0}, {"g", 8, 0} };
  char zLine[256], zBack[1024] = "", zFile[2048];
  char *zPath = tmp_name();
  size_t n = 0, k;
  tab_writer *w = 0;
  tab_info info;
  zf_error e;
  FILE *f;
  int i;
  (void)state;
  for(i=0; i<7; i++) assert_true(tab_csv_field(zLine, sizeof zLine, &n, azCell[i], i==0));
  assert_string_equal(zLine, "\"'=HYPERLINK(\"\"http://x\"\")\",'+86 791 1234,'-1,'@SUM(A1),'\tx,a=b,正常");
  memset(&e, 0, sizeof e);
  assert_int_equal(tab_writer_open(zPath, 0, "s", aCol, 7, 0, &w, &e), ZF_OK);
  assert_int_equal(tab_writer_row(w, 7, azCell), ZF_OK);
  assert_int_equal(tab_writer_close(w, &e), ZF_OK);
  f = fopen(zPath, "rb");
  assert_non_null(f);
  k = fread(zFile, 1, sizeof zFile - 1, f);
  zFile[k] = 0;
  fclose(f);
  assert_null(strstr(zFile, ",=HYPERLINK"));
  assert_non_null(strstr(zFile, "'@SUM(A1)"));
  assert_int_equal(tab_read(zPath, collect_row, 0, zBack, &info, &e), ZF_OK);
  assert_string_equal(zBack, "a|b|c|d|e|f|g|\n=HYPERLINK(\"http://x\")|+86 791 1234|-1|@SUM(A1)|\tx|a=b|正常|\n");
  unlink(zPath);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_shared_strings_cap),
    cmocka_unit_test(test_unzipped_cap),
    cmocka_unit_test(test_csv_formula_guard),
  };
  log_set_level(LOG_ERROR);
  return cmocka_run_group_tests(tests, 0, 0);
}
