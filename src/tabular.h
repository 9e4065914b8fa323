/*
** tabular.h — spreadsheet files, read and written row by row: CSV (libcsv;
** UTF-8 with or without BOM, GB18030 converted with iconv) and XLSX (read
** with libzip + libxml2's xmlReader: shared strings and the first sheet;
** written with libxlsxwriter in constant-memory mode). Memory stays flat
** however many rows a file has. Knows nothing of what the columns mean:
** the enterprise import/export (enterprise_io.c) and later modules use it.
*/
#ifndef ZF_TABULAR_H
#define ZF_TABULAR_H
#include <stdint.h>
#include "core/err.h"

/* Encoding and format a reader found (for messages). */
typedef struct tab_info {
  int isXlsx;
  int wasGb18030;          /* CSV converted from GB18030 */
  int64_t nRow;            /* rows delivered */
} tab_info;

/*
** Called for each non-empty row: iRow is the row's number as a person sees
** it in the file (1 = the header row; for XLSX the sheet's own row number),
** azCell[0..nCell) NUL-terminated UTF-8. Returns 0 to go on; anything else
** stops reading and becomes tab_read's return value.
*/
typedef int (*tab_row_fn)(void *pArg, int64_t iRow, int nCell, const char *const *azCell);
/* Progress: done of total (bytes of the data read so far). */
typedef void (*tab_progress_fn)(void *pArg, int64_t done, int64_t total);

/*
** Reads zPath (XLSX when it is a zip archive, else CSV). Returns ZF_OK,
** the callback's value, or ZF_EINVAL with a Chinese message in e when the
** file cannot be read (not UTF-8 or GB18030, broken zip, no sheet, an
** XLSX whose content inflates past the caps of tabular.c …).
*/
int tab_read(const char *zPath, tab_row_fn xRow, tab_progress_fn xProgress, void *pArg,
             tab_info *pInfo, zf_error *e);

/* Writing. A cell is text, or a number when its text is a plain number
** and the column is numeric (XLSX only; CSV writes text). */
typedef struct tab_writer tab_writer;
typedef struct tab_column { const char *zName; int width; int isNumber; } tab_column;

/*
** Creates zPath as XLSX (isXlsx) or CSV (UTF-8 with BOM, CRLF, for
** Excel) with a header row of the columns (copied). zSheet names the XLSX
** sheet. zTmpDir: where libxlsxwriter keeps its row files (NULL: /tmp).
*/
int tab_writer_open(const char *zPath, int isXlsx, const char *zSheet, const tab_column *aCol,
                    int nCol, const char *zTmpDir, tab_writer **ppW, zf_error *e);
/* A second sheet of plain text rows (XLSX; ignored for CSV), e.g. notes. */
int tab_writer_sheet(tab_writer *w, const char *zSheet, const tab_column *aCol, int nCol);
int tab_writer_row(tab_writer *w, int nCell, const char *const *azCell);
/* Finishes the file; ZF_OK or ZF_EINTERNAL. Frees w. */
int tab_writer_close(tab_writer *w, zf_error *e);

/* Appends one CSV field (quoted when needed) to zOut at *pn (size n); 0
** when it does not fit. A value starting with = + - @, a tab or a carriage
** return gets a leading apostrophe, so a spreadsheet never runs it as a
** formula (tab_read drops that apostrophe again). */
int tab_csv_field(char *zOut, size_t n, size_t *pn, const char *z, int isFirst);

#endif
