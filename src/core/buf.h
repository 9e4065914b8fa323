/*
** buf.h — a growing text buffer: append strings, characters and printf
** output, then take the text. Generic (no domain knowledge); used where a
** reply is assembled from pieces, such as JSON rows rendered by the
** database.
**
** A failed allocation is remembered: later appends do nothing and
** buf_finish() returns NULL, so callers check once, at the end.
*/
#ifndef ZF_BUF_H
#define ZF_BUF_H
#include <stddef.h>

typedef struct zf_buf {
  char *z;        /* the text so far, NUL-terminated (NULL while empty) */
  size_t n;       /* its length in bytes */
  size_t nAlloc;  /* bytes allocated */
  int oom;        /* an allocation failed */
} zf_buf;

#define ZF_BUF_INIT {0, 0, 0, 0}

void buf_append(zf_buf *p, const char *z);
void buf_append_n(zf_buf *p, const char *z, size_t n);
void buf_appendf(zf_buf *p, const char *zFmt, ...) __attribute__((format(printf, 2, 3)));
/* The text (malloc'ed, the caller frees it), "" when nothing was appended;
** NULL after a failed allocation. The buffer is empty again afterwards. */
char *buf_finish(zf_buf *p);
/* Frees the text without taking it. */
void buf_free(zf_buf *p);

#endif
