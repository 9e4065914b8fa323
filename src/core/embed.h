/*
** embed.h — files compiled into the binary by tools/embed.c: the migrations
** (src/sql), the reference data (ref/) and the built web app (web/dist).
** Each set is a sorted array of zf_asset; data is NUL-terminated for
** convenience (len excludes the NUL).
*/
#ifndef ZF_EMBED_H
#define ZF_EMBED_H

typedef struct zf_asset {
  const char *zName;            /* path inside the set, e.g. "/index.html" */
  const unsigned char *pData;
  unsigned nData;
  const char *zMime;            /* Content-Type */
  const char *zEtag;            /* quoted strong ETag of the content */
  const unsigned char *pGzip;   /* gzip-compressed copy, or NULL */
  unsigned nGzip;
} zf_asset;

extern const zf_asset zf_sql_assets[];
extern const unsigned zf_sql_nassets;
extern const zf_asset zf_ref_assets[];
extern const unsigned zf_ref_nassets;
extern const zf_asset zf_web_assets[];
extern const unsigned zf_web_nassets;

/* Binary search of a sorted set by name; NULL when absent. */
const zf_asset *embed_find(const zf_asset *aSet, unsigned n, const char *zName);

#endif
