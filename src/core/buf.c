/*
** buf.c — the growing text buffer of buf.h.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"

/* Makes room for n more bytes plus the NUL; 0 on success. */
static int buf_grow(zf_buf *p, size_t n){
  size_t need = p->n + n + 1, nNew;
  char *z;
  if( p->oom ) return 1;
  if( need<=p->nAlloc ) return 0;
  nNew = p->nAlloc ? p->nAlloc : 256;
  while( nNew<need ) nNew *= 2;
  z = realloc(p->z, nNew);
  if( z==0 ){ p->oom = 1; return 1; }
  p->z = z;
  p->nAlloc = nNew;
  return 0;
}

void buf_append_n(zf_buf *p, const char *z, size_t n){
  if( buf_grow(p, n) ) return;
  memcpy(p->z + p->n, z, n);
  p->n += n;
  p->z[p->n] = 0;
}

void buf_append(zf_buf *p, const char *z){
  buf_append_n(p, z, strlen(z));
}

void buf_appendf(zf_buf *p, const char *zFmt, ...){
  va_list ap;
  int n;
  va_start(ap, zFmt);
  n = vsnprintf(0, 0, zFmt, ap);
  va_end(ap);
  if( n<0 || buf_grow(p, (size_t)n) ) return;
  va_start(ap, zFmt);
  vsnprintf(p->z + p->n, (size_t)n + 1, zFmt, ap);
  va_end(ap);
  p->n += (size_t)n;
}

char *buf_finish(zf_buf *p){
  char *z = p->z;
  if( p->oom ){ buf_free(p); return 0; }
  if( z==0 ) z = strdup("");
  memset(p, 0, sizeof *p);
  return z;
}

void buf_free(zf_buf *p){
  free(p->z);
  memset(p, 0, sizeof *p);
}
