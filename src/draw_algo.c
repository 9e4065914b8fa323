/*
** draw_algo.c — the draw algorithm "zhifa-draw-1" as a pure function of
** (parameters, pool, officer pool, expert pool, exclusions, seed), its
** canonical serialisations and hashes, and the verification of a published
** document. No database: the server (draw.c), `zhifa draw verify` and the
** unit tests share this file; the web page has a JavaScript port
** (web/src/views/draw/drawAlgo.js). The specification is
** docs/draw-algorithm.md — change neither without the other.
**
** Plan clause 14 (双随机: 随机抽取检查对象、随机选派执法检查人员).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "draw.h"

/* ---- buffers and hashes ------------------------------------------------ */

void draw_buf_append(draw_buf *b, const char *z, size_t n){
  if( b->oom ) return;
  if( b->n + n + 1 > b->nAlloc ){
    size_t nNew = (b->nAlloc ? b->nAlloc*2 : 256);
    char *zNew;
    while( nNew < b->n + n + 1 ) nNew *= 2;
    if( (zNew = realloc(b->z, nNew))==0 ){ b->oom = 1; return; }
    b->z = zNew; b->nAlloc = nNew;
  }
  memcpy(b->z + b->n, z, n);
  b->n += n;
  b->z[b->n] = 0;
}

void draw_buf_printf(draw_buf *b, const char *zFmt, ...){
  char zSmall[512];
  va_list ap;
  int n;
  va_start(ap, zFmt);
  n = vsnprintf(zSmall, sizeof zSmall, zFmt, ap);
  va_end(ap);
  if( n<0 ) return;
  if( (size_t)n < sizeof zSmall ){ draw_buf_append(b, zSmall, (size_t)n); return; }
  {
    char *z = malloc((size_t)n + 1);
    if( z==0 ){ b->oom = 1; return; }
    va_start(ap, zFmt);
    vsnprintf(z, (size_t)n + 1, zFmt, ap);
    va_end(ap);
    draw_buf_append(b, z, (size_t)n);
    free(z);
  }
}

void draw_buf_free(draw_buf *b){
  free(b->z);
  memset(b, 0, sizeof *b);
}

static void draw_hex(const unsigned char *p, size_t n, char *zOut){
  static const char hex[] = "0123456789abcdef";
  size_t i;
  for(i=0; i<n; i++){ zOut[2*i] = hex[p[i]>>4]; zOut[2*i+1] = hex[p[i]&15]; }
  zOut[2*n] = 0;
}

void draw_sha256_hex(const void *p, size_t n, char zHex[65]){
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char*)p, n);
  draw_hex(h, sizeof h, zHex);
}

int draw_hex32(const char *z, unsigned char out[32]){
  int i;
  if( z==0 || strlen(z)!=64 ) return -1;
  for(i=0; i<64; i++){
    int c = z[i], v = c>='0' && c<='9' ? c-'0' : c>='a' && c<='f' ? c-'a'+10 : -1;
    if( v<0 ) return -1;
    if( i&1 ) out[i/2] |= (unsigned char)v; else out[i/2] = (unsigned char)(v<<4);
  }
  return 0;
}

void draw_input_free(draw_input *p){
  int i;
  for(i=0; !p->zPoolText && i<p->nPool; i++){ free(p->aPool[i].zUscc); free(p->aPool[i].zSector); free(p->aPool[i].zRegion); }
  free(p->zPoolText);
  for(i=0; i<p->nOfficer; i++){ free(p->aOfficer[i].zInfo); free(p->aOfficer[i].zName); }
  for(i=0; i<p->nExpert; i++){ free(p->aExpert[i].zInfo); free(p->aExpert[i].zName); }
  free(p->aPool); free(p->aOfficer); free(p->aExpert); free(p->aExcl);
  sodium_memzero(p->seed, sizeof p->seed);
  memset(p, 0, sizeof *p);
}

void draw_result_free(draw_result *p){
  free(p->aEnt); free(p->aOfficer); free(p->aExpert);
  memset(p, 0, sizeof *p);
}

/* ---- canonical serialisations ----------------------------------------- */

void draw_ser_params(const draw_params *p, draw_buf *b){
  draw_buf_printf(b, "algorithm\t%s\nsample_size\t%lld\nstratify_sector\t%d\nstratify_street\t%d\n"
                  "officers_per_enterprise\t%d\nexperts_per_enterprise\t%d\n", DRAW_ALGORITHM,
                  (long long)p->sampleSize, p->stratifySector ? 1 : 0, p->stratifyStreet ? 1 : 0,
                  p->officersPer, p->expertsPer);
}

void draw_ser_pool(const draw_input *p, draw_buf *b){
  int i;
  for(i=0; i<p->nPool; i++){
    const draw_ent *e = &p->aPool[i];
    draw_buf_printf(b, "%lld\t%s\t%s\t%s\n", (long long)e->id, e->zUscc, e->zSector, e->zRegion);
  }
}

void draw_ser_persons(const draw_person *a, int n, draw_buf *b){
  int i;
  for(i=0; i<n; i++){
    draw_buf_printf(b, "%lld\t%lld\t%s\t%s\n", (long long)a[i].id, (long long)a[i].capacity,
                    a[i].zInfo ? a[i].zInfo : "", a[i].zName ? a[i].zName : "");
  }
}

void draw_ser_pairs(const draw_pair *a, int n, draw_buf *b){
  int i;
  for(i=0; i<n; i++) draw_buf_printf(b, "%lld\t%lld\n", (long long)a[i].entId, (long long)a[i].personId);
}

/* "5,9" (ascending ids, already sorted) or "". */
static void draw_ser_ids(const int64_t *a, int n, draw_buf *b){
  int i;
  for(i=0; i<n; i++) draw_buf_printf(b, i ? ",%lld" : "%lld", (long long)a[i]);
}

void draw_ser_result(const draw_result *r, draw_buf *b){
  int i;
  for(i=0; i<r->n; i++){
    draw_buf_printf(b, "%d\t%lld\t", i+1, (long long)r->aEnt[i]);
    draw_ser_ids(r->aOfficer + (size_t)i*r->k, r->k, b);
    draw_buf_append(b, "\t", 1);
    draw_ser_ids(r->aExpert + (size_t)i*r->m, r->m, b);
    draw_buf_append(b, "\n", 1);
  }
}

void draw_inputs_hash(const draw_input *p, char zHex[65]){
  draw_buf b = {0};
  draw_buf_append(&b, "#params\n", 8);
  draw_ser_params(&p->par, &b);
  draw_buf_append(&b, "#pool\n", 6);
  draw_ser_pool(p, &b);
  draw_buf_append(&b, "#officers\n", 10);
  draw_ser_persons(p->aOfficer, p->nOfficer, &b);
  draw_buf_append(&b, "#experts\n", 9);
  draw_ser_persons(p->aExpert, p->nExpert, &b);
  draw_buf_append(&b, "#exclusions\n", 12);
  draw_ser_pairs(p->aExcl, p->nExcl, &b);
  draw_sha256_hex(b.z ? b.z : "", b.n, zHex);
  draw_buf_free(&b);
}

/* ---- parsing the text forms --------------------------------------------- */

/* Splits the line at z (up to '\n') into at most nMax tab-separated fields
** (copied, NUL-terminated, into zLine). Returns the number of fields and
** sets *pzNext past the newline; -1 at the end or on a line without '\n'. */
static int draw_line(const char **pz, char *zLine, size_t nLine, char **azField, int nMax){
  const char *z = *pz, *zEnd;
  size_t n;
  int nField = 0;
  char *c;
  if( *z==0 ) return -1;
  if( (zEnd = strchr(z, '\n'))==0 ) return -1;
  n = (size_t)(zEnd - z);
  if( n>=nLine ) return -1;
  memcpy(zLine, z, n);
  zLine[n] = 0;
  *pz = zEnd + 1;
  azField[nField++] = zLine;
  for(c=zLine; *c; c++){
    if( *c=='\t' ){
      *c = 0;
      if( nField>=nMax ) return -1;
      azField[nField++] = c+1;
    }
  }
  return nField;
}

/* Counts lines of z. */
static int draw_count_lines(const char *z){
  int n = 0;
  for(; *z; z++) if( *z=='\n' ) n++;
  return n;
}

/* A decimal integer, whole string; 0 on success. */
static int draw_int(const char *z, int64_t *pV){
  char *zEnd;
  long long v;
  if( *z==0 || (*z=='-' && z[1]==0) ) return -1;
  v = strtoll(z, &zEnd, 10);
  if( *zEnd ) return -1;
  *pV = v;
  return 0;
}

int draw_parse_pool(const char *zText, draw_input *p){
  int n = draw_count_lines(zText), i = 0;
  char *z;
  p->aPool = calloc((size_t)(n ? n : 1), sizeof *p->aPool);
  p->nPool = 0;
  if( p->aPool==0 || (p->zPoolText = strdup(zText))==0 ) return -1;
  /* in place: the four fields of each line become NUL-terminated strings */
  for(z=p->zPoolText; *z; i++){
    char *az[4], *zEnd = strchr(z, '\n');
    int f;
    if( zEnd==0 ) return -1;
    *zEnd = 0;
    for(f=0; f<4; f++){
      az[f] = z;
      z += strcspn(z, "\t");
      if( f<3 ){ if( *z!='\t' ) return -1; *z++ = 0; }
    }
    if( z!=zEnd || draw_int(az[0], &p->aPool[i].id) ) return -1;
    p->aPool[i].zUscc = az[1]; p->aPool[i].zSector = az[2]; p->aPool[i].zRegion = az[3];
    p->nPool = i + 1;
    z = zEnd + 1;
  }
  return 0;
}

int draw_parse_persons(const char *z, draw_person **pa, int *pn){
  int n = draw_count_lines(z), i = 0, nf;
  char zLine[512], *az[4];
  draw_person *a = calloc((size_t)(n ? n : 1), sizeof *a);
  *pa = a; *pn = 0;
  if( a==0 ) return -1;
  while( (nf = draw_line(&z, zLine, sizeof zLine, az, 4))>0 ){
    if( nf!=4 || draw_int(az[0], &a[i].id) || draw_int(az[1], &a[i].capacity) ) return -1;
    a[i].zInfo = strdup(az[2]); a[i].zName = strdup(az[3]);
    *pn = ++i;
    if( !a[i-1].zInfo || !a[i-1].zName ) return -1;
  }
  return *z ? -1 : 0;
}

int draw_parse_pairs(const char *z, draw_pair **pa, int *pn){
  int n = draw_count_lines(z), i = 0, nf;
  char zLine[64], *az[2];
  draw_pair *a = calloc((size_t)(n ? n : 1), sizeof *a);
  *pa = a; *pn = 0;
  if( a==0 ) return -1;
  while( (nf = draw_line(&z, zLine, sizeof zLine, az, 2))>0 ){
    if( nf!=2 || draw_int(az[0], &a[i].entId) || draw_int(az[1], &a[i].personId) ) return -1;
    *pn = ++i;
  }
  return *z ? -1 : 0;
}

/* ---- checks -------------------------------------------------------------- */

/* A text field of a pool line or person: no tab, no newline. */
static int draw_clean_text(const char *z){
  return z && strpbrk(z, "\t\n")==0;
}

static int draw_persons_check(const draw_person *a, int n, const char *zWhat, zf_error *e){
  int i;
  int64_t sum = 0;
  for(i=0; i<n; i++){
    if( a[i].id<=0 || (i>0 && a[i].id<=a[i-1].id) ){
      return err_set(e, ZF_EINVAL, zWhat, "%s pool: ids must be positive and strictly ascending (row %d)", zWhat, i+1);
    }
    if( a[i].capacity<0 || a[i].capacity>1000000 ){
      return err_set(e, ZF_EINVAL, zWhat, "%s pool: capacity out of range (row %d)", zWhat, i+1);
    }
    if( !draw_clean_text(a[i].zInfo) || !draw_clean_text(a[i].zName) ){
      return err_set(e, ZF_EINVAL, zWhat, "%s pool: text with a tab or newline (row %d)", zWhat, i+1);
    }
    sum += a[i].capacity;
  }
  if( sum>4294967295LL ) return err_set(e, ZF_EINVAL, zWhat, "%s pool: total capacity over 2^32-1", zWhat);
  return ZF_OK;
}

int draw_input_check(const draw_input *p, zf_error *e){
  int i, rc;
  if( !p->hasSeed ) return err_set(e, ZF_EINVAL, "seed", "no seed");
  if( p->nPool<=0 ) return err_set(e, ZF_EINVAL, "pool", "the pool is empty");
  if( p->par.sampleSize<1 || p->par.sampleSize>p->nPool ){
    return err_set(e, ZF_EINVAL, "sample_size", "sample size %lld outside 1..%d", (long long)p->par.sampleSize, p->nPool);
  }
  if( p->par.officersPer<1 || p->par.officersPer>50 ) return err_set(e, ZF_EINVAL, "officers_per_enterprise", "officers per enterprise outside 1..50");
  if( p->par.expertsPer<0 || p->par.expertsPer>50 ) return err_set(e, ZF_EINVAL, "experts_per_enterprise", "experts per enterprise outside 0..50");
  for(i=0; i<p->nPool; i++){
    const draw_ent *x = &p->aPool[i];
    if( x->id<=0 || (i>0 && x->id<=p->aPool[i-1].id) ){
      return err_set(e, ZF_EINVAL, "pool", "pool ids must be positive and strictly ascending (row %d)", i+1);
    }
    if( !draw_clean_text(x->zUscc) || !draw_clean_text(x->zSector) || !draw_clean_text(x->zRegion) ){
      return err_set(e, ZF_EINVAL, "pool", "pool row %d has a missing field or a tab/newline", i+1);
    }
  }
  if( (rc = draw_persons_check(p->aOfficer, p->nOfficer, "officers", e))!=0 ) return rc;
  if( (rc = draw_persons_check(p->aExpert, p->nExpert, "experts", e))!=0 ) return rc;
  for(i=0; i<p->nExcl; i++){
    const draw_pair *a = &p->aExcl[i];
    if( a->entId<=0 || a->personId<=0 || (i>0 && (a->entId<p->aExcl[i-1].entId
        || (a->entId==p->aExcl[i-1].entId && a->personId<=p->aExcl[i-1].personId))) ){
      return err_set(e, ZF_EINVAL, "exclusions", "exclusion pairs must be positive and strictly ascending (row %d)", i+1);
    }
  }
  return ZF_OK;
}

/* ---- the PRNG: SHA-256(seed ‖ "zhifa-draw-1" ‖ uint64_be(i)) ------------- */

typedef struct draw_prng {
  unsigned char seed[DRAW_SEED_BYTES];
  uint64_t block;                    /* next block index */
  unsigned char buf[32];
  int pos;                           /* next word 0..8 of buf */
} draw_prng;

static void draw_prng_init(draw_prng *g, const unsigned char *seed){
  memcpy(g->seed, seed, DRAW_SEED_BYTES);
  g->block = 0;
  g->pos = 8;
}

static uint32_t draw_prng_word(draw_prng *g){
  const unsigned char *w;
  if( g->pos==8 ){
    unsigned char in[DRAW_SEED_BYTES + 12 + 8];
    int i;
    memcpy(in, g->seed, DRAW_SEED_BYTES);
    memcpy(in + DRAW_SEED_BYTES, DRAW_ALGORITHM, 12);
    for(i=0; i<8; i++) in[DRAW_SEED_BYTES + 12 + i] = (unsigned char)(g->block >> (56 - 8*i));
    crypto_hash_sha256(g->buf, in, sizeof in);
    g->block++;
    g->pos = 0;
  }
  w = g->buf + 4*g->pos++;
  return ((uint32_t)w[0]<<24) | ((uint32_t)w[1]<<16) | ((uint32_t)w[2]<<8) | w[3];
}

/* A uniform integer in [0, m), 1 <= m <= 2^32, by rejection sampling. */
static uint64_t draw_uniform(draw_prng *g, uint64_t m){
  uint64_t limit = 4294967296ULL - (4294967296ULL % m);
  for(;;){
    uint64_t u = draw_prng_word(g);
    if( u<limit ) return u % m;
  }
}

/* ---- sampling: strata, largest remainder, partial Fisher–Yates ---------- */

typedef struct draw_stratum { int start, len; int64_t quota, rem; int order; } draw_stratum;

static int draw_stratum_cmp(const void *a, const void *b){
  const draw_stratum *x = a, *y = b;
  if( x->rem!=y->rem ) return x->rem > y->rem ? -1 : 1;
  return (x->order > y->order) - (x->order < y->order);
}

static int draw_str_cmp(const void *a, const void *b){
  return strcmp(*(const char *const*)a, *(const char *const*)b);
}

/* Rank of every pool entry's field (0: sector, 1: region) among the
** field's distinct values in strcmp order, into aRank; returns the number
** of distinct values, -1 when out of memory. */
static int draw_ranks(const draw_input *p, int field, int *aRank){
  const char **az = 0;
  int nDistinct = 0, nAlloc = 0, i, last = -1;
  for(i=0; i<p->nPool; i++){
    const char *z = field ? p->aPool[i].zRegion : p->aPool[i].zSector;
    int j;
    if( last>=0 && strcmp(az[last], z)==0 ) continue;
    for(j=0; j<nDistinct && strcmp(az[j], z)!=0; j++){}
    if( j==nDistinct ){
      if( nDistinct==nAlloc ){
        const char **azNew = realloc(az, sizeof *az * (size_t)(nAlloc = nAlloc ? nAlloc*2 : 16));
        if( azNew==0 ){ free(az); return -1; }
        az = azNew;
      }
      az[nDistinct++] = z;
    }
    last = j;
  }
  if( nDistinct ) qsort(az, (size_t)nDistinct, sizeof *az, draw_str_cmp);
  for(i=0, last=0; i<p->nPool; i++){
    const char *z = field ? p->aPool[i].zRegion : p->aPool[i].zSector;
    int lo = 0, hi = nDistinct - 1;
    if( strcmp(az[last], z)!=0 ){
      while( lo<=hi ){
        int mid = (lo + hi)/2, c = strcmp(az[mid], z);
        if( c==0 ){ last = mid; break; }
        if( c<0 ) lo = mid + 1; else hi = mid - 1;
      }
    }
    aRank[i] = last;
  }
  free(az);
  return nDistinct;
}

/* The strata: aIdx gets the pool positions grouped by stratum key (sector
** rank, region rank), pool order inside each (a stable counting sort);
** aS the strata in key order (empty ones dropped). Returns their number. */
static int draw_strata(const draw_input *p, int *aIdx, draw_stratum **paS){
  int N = p->nPool, nA = 1, nB = 1, i, s, nS = 0;
  int *aA = calloc((size_t)N, sizeof(int)), *aB = calloc((size_t)N, sizeof(int)), *aCount = 0;
  draw_stratum *aS = 0;
  if( !aA || !aB ) goto done;
  if( p->par.stratifySector && (nA = draw_ranks(p, 0, aA))<0 ) goto done;
  if( p->par.stratifyStreet && (nB = draw_ranks(p, 1, aB))<0 ) goto done;
  if( (aCount = calloc((size_t)nA*nB + 1, sizeof(int)))==0 ) goto done;
  for(i=0; i<N; i++) aCount[aA[i]*nB + aB[i] + 1]++;
  for(s=0; s<nA*nB; s++) aCount[s+1] += aCount[s];        /* aCount[s] = start of stratum s */
  if( (aS = malloc(sizeof *aS * (size_t)(nA*nB)))==0 ) goto done;
  for(s=0; s<nA*nB; s++){
    if( aCount[s+1]==aCount[s] ) continue;
    aS[nS].start = aCount[s]; aS[nS].len = aCount[s+1] - aCount[s]; aS[nS].order = nS;
    nS++;
  }
  for(i=0; i<N; i++) aIdx[aCount[aA[i]*nB + aB[i]]++] = i;
done:
  free(aA); free(aB); free(aCount);
  *paS = aS;
  return aS ? nS : -1;
}

/* Fills r->aEnt with the sample in draw order. */
static int draw_sample(const draw_input *p, draw_prng *g, draw_result *r){
  int N = p->nPool, nS, s;
  int64_t n = p->par.sampleSize, given = 0;
  draw_stratum *aS = 0, *aSorted;
  int *aIdx = malloc(sizeof(int) * (size_t)N);
  if( aIdx==0 || (nS = draw_strata(p, aIdx, &aS))<0 ){ free(aIdx); free(aS); return ZF_EINTERNAL; }
  for(s=0; s<nS; s++){
    aS[s].quota = n * aS[s].len / N;
    aS[s].rem = n * aS[s].len % N;
    given += aS[s].quota;
  }
  if( (aSorted = malloc(sizeof *aSorted * (size_t)(nS ? nS : 1)))==0 ){ free(aS); free(aIdx); return ZF_EINTERNAL; }
  memcpy(aSorted, aS, sizeof *aS * (size_t)nS);
  qsort(aSorted, (size_t)nS, sizeof *aSorted, draw_stratum_cmp);
  for(s=0; given<n && s<nS; s++, given++) aS[aSorted[s].order].quota++;
  free(aSorted);
  r->n = 0;
  for(s=0; s<nS; s++){
    int *a = aIdx + aS[s].start, len = aS[s].len;
    int64_t q;
    for(q=0; q<aS[s].quota; q++){
      int j = (int)q + (int)draw_uniform(g, (uint64_t)(len - q)), t = a[q];
      a[q] = a[j]; a[j] = t;
      r->aEnt[r->n++] = p->aPool[a[q]].id;
    }
  }
  free(aS);
  free(aIdx);
  return ZF_OK;
}

/* ---- assignment ------------------------------------------------------- */

/* Index of person id in a (sorted), or -1. */
static int draw_person_index(const draw_person *a, int n, int64_t id){
  int lo = 0, hi = n - 1;
  while( lo<=hi ){
    int mid = lo + (hi - lo)/2;
    if( a[mid].id==id ) return mid;
    if( a[mid].id<id ) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/* First exclusion pair of enterprise entId (or where it would be). */
static int draw_excl_first(const draw_input *p, int64_t entId){
  int lo = 0, hi = p->nExcl;
  while( lo<hi ){
    int mid = lo + (hi - lo)/2;
    if( p->aExcl[mid].entId<entId ) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/* Marks (stamp) the persons of a excluded for enterprise entId; returns how many. */
static int draw_mark_excluded(const draw_input *p, int64_t entId, const draw_person *a, int n,
                              int *aStamp, int stamp){
  int x = draw_excl_first(p, entId), c = 0;
  for(; x<p->nExcl && p->aExcl[x].entId==entId; x++){
    int j = draw_person_index(a, n, p->aExcl[x].personId);
    if( j>=0 && aStamp[j]!=stamp ){ aStamp[j] = stamp; c++; }
  }
  return c;
}

static int draw_id_cmp(const void *a, const void *b){
  int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
  return (x > y) - (x < y);
}

/*
** Picks need persons for one enterprise from a (remaining capacity aRem),
** each with probability proportional to remaining capacity among those
** not excluded (aExcl==stamp), not yet chosen (aChosen==stamp), with
** capacity left. Writes ascending ids to aOut. 0, or -1 with the counts.
*/
static int draw_pick(draw_prng *g, const draw_person *a, int n, int64_t *aRem, const int *aExcl,
                     int *aChosen, int stamp, int need, int64_t *aOut, draw_result *r){
  int t, j;
  for(t=0; t<need; t++){
    uint64_t W = 0, u;
    int cnt = 0;
    for(j=0; j<n; j++){
      if( aExcl[j]!=stamp && aChosen[j]!=stamp && aRem[j]>0 ){ W += (uint64_t)aRem[j]; cnt++; }
    }
    if( t==0 && cnt<need ){
      int excl = 0, full = 0;
      for(j=0; j<n; j++){
        if( aExcl[j]==stamp ) excl++;
        else if( aRem[j]<=0 ) full++;
      }
      r->failPool = n; r->failExcluded = excl; r->failFull = full; r->failAvail = cnt; r->failNeed = need;
      return -1;
    }
    u = draw_uniform(g, W);
    for(j=0; j<n; j++){
      if( aExcl[j]==stamp || aChosen[j]==stamp || aRem[j]<=0 ) continue;
      if( u < (uint64_t)aRem[j] ) break;
      u -= (uint64_t)aRem[j];
    }
    aChosen[j] = stamp;
    aRem[j]--;
    aOut[t] = a[j].id;
  }
  qsort(aOut, (size_t)need, sizeof *aOut, draw_id_cmp);
  return 0;
}

/* Processing order of the rows: most excluded officers first, then draw order. */
typedef struct draw_order { int row, excluded; } draw_order;

static int draw_order_cmp(const void *a, const void *b){
  const draw_order *x = a, *y = b;
  if( x->excluded!=y->excluded ) return x->excluded > y->excluded ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

static int draw_assign(const draw_input *p, draw_prng *g, draw_result *r, zf_error *e){
  int n = r->n, k = r->k, m = r->m, i, rc = ZF_OK;
  int nO = p->nOfficer, nX = p->nExpert;
  int *aExO = calloc((size_t)nO + 1, sizeof(int)), *aChO = calloc((size_t)nO + 1, sizeof(int));
  int *aExX = calloc((size_t)nX + 1, sizeof(int)), *aChX = calloc((size_t)nX + 1, sizeof(int));
  int64_t *aRemO = malloc(sizeof(int64_t) * ((size_t)nO + 1)), *aRemX = malloc(sizeof(int64_t) * ((size_t)nX + 1));
  draw_order *aOrd = malloc(sizeof *aOrd * (size_t)n);
  if( !aExO || !aChO || !aExX || !aChX || !aRemO || !aRemX || !aOrd ){ rc = ZF_EINTERNAL; goto done; }
  for(i=0; i<nO; i++) aRemO[i] = p->aOfficer[i].capacity;
  for(i=0; i<nX; i++) aRemX[i] = p->aExpert[i].capacity;
  for(i=0; i<n; i++){
    aOrd[i].row = i;
    aOrd[i].excluded = draw_mark_excluded(p, r->aEnt[i], p->aOfficer, nO, aExO, -(i+1));
  }
  qsort(aOrd, (size_t)n, sizeof *aOrd, draw_order_cmp);
  for(i=0; i<n && rc==ZF_OK; i++){
    int row = aOrd[i].row, stamp = row + 1;
    int64_t ent = r->aEnt[row];
    draw_mark_excluded(p, ent, p->aOfficer, nO, aExO, stamp);
    if( draw_pick(g, p->aOfficer, nO, aRemO, aExO, aChO, stamp, k, r->aOfficer + (size_t)row*k, r) ){
      r->failEnt = ent; r->failExpert = 0;
      rc = err_set(e, ZF_EPROCEDURE, "officers", "enterprise %lld: %d officers available, %d needed",
                   (long long)ent, r->failAvail, k);
      break;
    }
    if( m>0 ){
      draw_mark_excluded(p, ent, p->aExpert, nX, aExX, stamp);
      if( draw_pick(g, p->aExpert, nX, aRemX, aExX, aChX, stamp, m, r->aExpert + (size_t)row*m, r) ){
        r->failEnt = ent; r->failExpert = 1;
        rc = err_set(e, ZF_EPROCEDURE, "experts", "enterprise %lld: %d experts available, %d needed",
                     (long long)ent, r->failAvail, m);
      }
    }
  }
done:
  free(aExO); free(aChO); free(aExX); free(aChX); free(aRemO); free(aRemX); free(aOrd);
  return rc;
}

int draw_algo_run(const draw_input *p, draw_result *r, zf_error *e){
  draw_prng g;
  int rc;
  size_t n;
  memset(r, 0, sizeof *r);
  if( (rc = draw_input_check(p, e))!=0 ) return rc;
  n = (size_t)p->par.sampleSize;
  r->k = p->par.officersPer;
  r->m = p->par.expertsPer;
  r->aEnt = calloc(n, sizeof(int64_t));
  r->aOfficer = calloc(n * (size_t)r->k, sizeof(int64_t));
  r->aExpert = calloc(n * (size_t)(r->m ? r->m : 1), sizeof(int64_t));
  if( !r->aEnt || !r->aOfficer || !r->aExpert ) return err_set(e, ZF_EINTERNAL, 0, "out of memory");
  draw_prng_init(&g, p->seed);
  rc = draw_sample(p, &g, r);
  if( rc==ZF_OK ) rc = draw_assign(p, &g, r, e);
  sodium_memzero(&g, sizeof g);
  if( rc==ZF_EINTERNAL ) err_set(e, rc, 0, "out of memory");
  return rc;
}

/* ---- verification of a published document ---------------------------- */

/* Reads rows [[int, int|str, ...]] of a person section into a. */
static int draw_doc_persons(json_t *pSec, draw_person **pa, int *pn){
  json_t *pRows = json_object_get(pSec, "rows"), *v;
  size_t i;
  *pa = 0; *pn = 0;
  if( !json_is_array(pRows) ) return -1;
  *pa = calloc(json_array_size(pRows) + 1, sizeof **pa);
  if( *pa==0 ) return -1;
  json_array_foreach(pRows, i, v){
    draw_person *x = &(*pa)[i];
    if( !json_is_array(v) || json_array_size(v)!=4 || !json_is_integer(json_array_get(v, 0))
     || !json_is_integer(json_array_get(v, 1)) || !json_is_string(json_array_get(v, 2))
     || !json_is_string(json_array_get(v, 3)) ) return -1;
    x->id = json_integer_value(json_array_get(v, 0));
    x->capacity = json_integer_value(json_array_get(v, 1));
    x->zInfo = strdup(json_string_value(json_array_get(v, 2)));
    x->zName = strdup(json_string_value(json_array_get(v, 3)));
    *pn = (int)i + 1;
  }
  return 0;
}

static int draw_doc_pool(json_t *pSec, draw_input *p){
  json_t *pRows = json_object_get(pSec, "rows"), *v;
  size_t i;
  if( !json_is_array(pRows) ) return -1;
  p->aPool = calloc(json_array_size(pRows) + 1, sizeof *p->aPool);
  if( p->aPool==0 ) return -1;
  json_array_foreach(pRows, i, v){
    draw_ent *x = &p->aPool[i];
    if( !json_is_array(v) || json_array_size(v)!=4 || !json_is_integer(json_array_get(v, 0))
     || !json_is_string(json_array_get(v, 1)) || !json_is_string(json_array_get(v, 2))
     || !json_is_string(json_array_get(v, 3)) ) return -1;
    x->id = json_integer_value(json_array_get(v, 0));
    x->zUscc = strdup(json_string_value(json_array_get(v, 1)));
    x->zSector = strdup(json_string_value(json_array_get(v, 2)));
    x->zRegion = strdup(json_string_value(json_array_get(v, 3)));
    p->nPool = (int)i + 1;
  }
  return 0;
}

static int draw_doc_pairs(json_t *pSec, draw_input *p){
  json_t *pRows = json_object_get(pSec, "rows"), *v;
  size_t i;
  if( !json_is_array(pRows) ) return -1;
  p->aExcl = calloc(json_array_size(pRows) + 1, sizeof *p->aExcl);
  if( p->aExcl==0 ) return -1;
  json_array_foreach(pRows, i, v){
    if( !json_is_array(v) || json_array_size(v)!=2 || !json_is_integer(json_array_get(v, 0))
     || !json_is_integer(json_array_get(v, 1)) ) return -1;
    p->aExcl[i].entId = json_integer_value(json_array_get(v, 0));
    p->aExcl[i].personId = json_integer_value(json_array_get(v, 1));
    p->nExcl = (int)i + 1;
  }
  return 0;
}

/* The parameters object; 0 on success. */
static int draw_doc_params(json_t *pPar, draw_params *par){
  json_t *a = json_object_get(pPar, "sample_size"), *b = json_object_get(pPar, "stratify_sector");
  json_t *c = json_object_get(pPar, "stratify_street"), *d = json_object_get(pPar, "officers_per_enterprise");
  json_t *f = json_object_get(pPar, "experts_per_enterprise");
  if( !json_is_integer(a) || !json_is_boolean(b) || !json_is_boolean(c) || !json_is_integer(d)
   || !json_is_integer(f) ) return -1;
  par->sampleSize = json_integer_value(a);
  par->stratifySector = json_is_true(b);
  par->stratifyStreet = json_is_true(c);
  par->officersPer = (int)json_integer_value(d);
  par->expertsPer = (int)json_integer_value(f);
  return 0;
}

/* Reads the published document into p; a message in zWhy when malformed. */
static int draw_doc_read(json_t *pDoc, draw_input *p, char *zWhy, size_t nWhy){
  const char *zAlg = json_string_value(json_object_get(pDoc, "algorithm"));
  const char *zSeed;
  if( !json_is_object(pDoc) ){ snprintf(zWhy, nWhy, "the document is not a JSON object"); return -1; }
  if( zAlg==0 || strcmp(zAlg, DRAW_ALGORITHM)!=0 ){
    snprintf(zWhy, nWhy, "unknown algorithm \"%s\" (this verifier implements %s)", zAlg ? zAlg : "", DRAW_ALGORITHM);
    return -1;
  }
  if( draw_doc_params(json_object_get(pDoc, "parameters"), &p->par) ){
    snprintf(zWhy, nWhy, "parameters: missing or malformed"); return -1;
  }
  if( draw_doc_pool(json_object_get(pDoc, "pool"), p) ){ snprintf(zWhy, nWhy, "pool.rows: malformed"); return -1; }
  if( draw_doc_persons(json_object_get(pDoc, "officers"), &p->aOfficer, &p->nOfficer) ){
    snprintf(zWhy, nWhy, "officers.rows: malformed"); return -1;
  }
  if( draw_doc_persons(json_object_get(pDoc, "experts"), &p->aExpert, &p->nExpert) ){
    snprintf(zWhy, nWhy, "experts.rows: malformed"); return -1;
  }
  if( draw_doc_pairs(json_object_get(pDoc, "exclusions"), p) ){ snprintf(zWhy, nWhy, "exclusions.rows: malformed"); return -1; }
  zSeed = json_string_value(json_object_get(pDoc, "seed"));
  if( zSeed==0 ){ snprintf(zWhy, nWhy, "the seed is not revealed yet: the draw has not been made"); return -1; }
  if( draw_hex32(zSeed, p->seed) ){ snprintf(zWhy, nWhy, "seed: not 64 lowercase hex digits"); return -1; }
  p->hasSeed = 1;
  return 0;
}

/* Compares one published result row with the recomputed one. */
static int draw_row_differs(json_t *pRow, const draw_result *r, int i, char *zWhy, size_t nWhy){
  json_t *pO = json_object_get(pRow, "officers"), *pX = json_object_get(pRow, "experts");
  int64_t ent = json_integer_value(json_object_get(pRow, "enterprise_id"));
  draw_buf a = {0}, b = {0};
  size_t j;
  int differs;
  draw_buf_printf(&a, "enterprise %lld officers ", (long long)ent);
  for(j=0; j<json_array_size(pO); j++) draw_buf_printf(&a, j ? ",%lld" : "%lld", (long long)json_integer_value(json_array_get(pO, j)));
  draw_buf_append(&a, " experts ", 9);
  for(j=0; j<json_array_size(pX); j++) draw_buf_printf(&a, j ? ",%lld" : "%lld", (long long)json_integer_value(json_array_get(pX, j)));
  draw_buf_printf(&b, "enterprise %lld officers ", (long long)r->aEnt[i]);
  draw_ser_ids(r->aOfficer + (size_t)i*r->k, r->k, &b);
  draw_buf_append(&b, " experts ", 9);
  draw_ser_ids(r->aExpert + (size_t)i*r->m, r->m, &b);
  differs = strcmp(a.z ? a.z : "", b.z ? b.z : "")!=0;
  if( differs ) snprintf(zWhy, nWhy, "result row %d differs: published %s; recomputed %s", i+1, a.z, b.z);
  draw_buf_free(&a);
  draw_buf_free(&b);
  return differs;
}

/* Checks the three published hashes against the inputs. */
static int draw_doc_hashes(json_t *pDoc, const draw_input *p, char *zWhy, size_t nWhy){
  const char *zPool = json_string_value(json_object_get(json_object_get(pDoc, "pool"), "hash"));
  const char *zInputs = json_string_value(json_object_get(pDoc, "inputs_hash"));
  const char *zCommit = json_string_value(json_object_get(pDoc, "commitment"));
  char zHex[65];
  draw_buf b = {0};
  draw_ser_pool(p, &b);
  draw_sha256_hex(b.z ? b.z : "", b.n, zHex);
  draw_buf_free(&b);
  if( zPool==0 || strcmp(zPool, zHex)!=0 ){
    snprintf(zWhy, nWhy, "pool hash mismatch: published %s, computed from the pool list %s", zPool ? zPool : "(none)", zHex);
    return -1;
  }
  draw_inputs_hash(p, zHex);
  if( zInputs==0 || strcmp(zInputs, zHex)!=0 ){
    snprintf(zWhy, nWhy, "inputs hash mismatch: published %s, computed %s", zInputs ? zInputs : "(none)", zHex);
    return -1;
  }
  draw_sha256_hex(p->seed, DRAW_SEED_BYTES, zHex);
  if( zCommit==0 || strcmp(zCommit, zHex)!=0 ){
    snprintf(zWhy, nWhy, "seed does not match the commitment: SHA-256(seed) = %s, published commitment %s",
             zHex, zCommit ? zCommit : "(none)");
    return -1;
  }
  return 0;
}

int draw_verify_document(json_t *pDoc, char *zWhy, size_t nWhy){
  draw_input in;
  draw_result r;
  zf_error e = {0};
  json_t *pRows = json_object_get(json_object_get(pDoc, "result"), "rows");
  const char *zResHash = json_string_value(json_object_get(json_object_get(pDoc, "result"), "hash"));
  int rc = ZF_OK, i;
  memset(&in, 0, sizeof in);
  memset(&r, 0, sizeof r);
  zWhy[0] = 0;
  if( draw_doc_read(pDoc, &in, zWhy, nWhy) ){ draw_input_free(&in); return ZF_EINVAL; }
  if( draw_doc_hashes(pDoc, &in, zWhy, nWhy) ){ draw_input_free(&in); return ZF_ECONFLICT; }
  if( !json_is_array(pRows) ){ draw_input_free(&in); snprintf(zWhy, nWhy, "result.rows: missing"); return ZF_EINVAL; }
  rc = draw_algo_run(&in, &r, &e);
  if( rc ){
    snprintf(zWhy, nWhy, "re-running the draw fails: %s", e.message);
    rc = rc==ZF_EPROCEDURE ? ZF_ECONFLICT : ZF_EINVAL;
  }
  for(i=0; rc==ZF_OK && i<r.n && (size_t)i<json_array_size(pRows); i++){
    if( draw_row_differs(json_array_get(pRows, (size_t)i), &r, i, zWhy, nWhy) ) rc = ZF_ECONFLICT;
  }
  if( rc==ZF_OK && (size_t)r.n!=json_array_size(pRows) ){
    snprintf(zWhy, nWhy, "the result has %zu rows, the re-run %d", json_array_size(pRows), r.n);
    rc = ZF_ECONFLICT;
  }
  if( rc==ZF_OK ){
    draw_buf b = {0};
    char zHex[65];
    draw_ser_result(&r, &b);
    draw_sha256_hex(b.z ? b.z : "", b.n, zHex);
    draw_buf_free(&b);
    if( zResHash==0 || strcmp(zResHash, zHex)!=0 ){
      snprintf(zWhy, nWhy, "result hash mismatch: published %s, computed %s", zResHash ? zResHash : "(none)", zHex);
      rc = ZF_ECONFLICT;
    }
  }
  if( rc==ZF_OK ) snprintf(zWhy, nWhy, "OK: %d rows re-drawn and equal; pool, inputs, commitment and result hashes match", r.n);
  draw_result_free(&r);
  draw_input_free(&in);
  return rc;
}
