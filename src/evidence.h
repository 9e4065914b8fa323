/*
** evidence.h — evidence files (photos, audio, video, scans) in a
** content-addressed store, and audio-video records (全过程记录).
**
** Plan clauses 16 (现场检查 with evidence) and 19 (执法全过程记录); rules
** in ../shared/RULES.md "Full-process recording". The bytes arrive as an
** upload route's temporary file (src/core/http.c streams the body to
** DB.files/uploads), are sniffed (magic bytes), hashed (SHA-256), read for
** EXIF (libexif) and renamed into DB.files/evidence/ab/cd/<sha256> after
** an fsync; identical content is kept once. Metadata rows are never
** deleted: they are voided with a reason.
*/
#ifndef ZF_EVIDENCE_H
#define ZF_EVIDENCE_H
#include <stdint.h>
#include <jansson.h>
#include "core/auth.h"
#include "core/db.h"
#include "core/err.h"
#include "core/http.h"

/* Default largest evidence upload (--evidence-max-bytes): 2 GiB. */
#define EVIDENCE_MAX_BYTES_DEFAULT (2048ull<<20)
/* The upload route (its row in zf_uploads; main.c sets the cap). */
#define EVIDENCE_UPLOAD_PATTERN "/api/v1/evidence"

/* Sets (and creates) the store directory; 0 on success. */
int evidence_set_dir(const char *zDir);

/* What the first bytes of a file say it is: the MIME type and *pzMedia
** (photo audio video scan), or NULL for a type not accepted. */
const char *evidence_sniff(const unsigned char *a, size_t n, const char **pzMedia);

/* SHA-256 (lower-case hex) and size of a file. ZF_OK or ZF_EINTERNAL. */
int evidence_hash_file(const char *zPath, char zHex[65], int64_t *pSize);

/* The store's path for a hash. */
void evidence_store_path(const char *zSha, char *zOut, size_t n);

/*
** Moves the temporary file zTmp into the store under zSha: fsync, rename,
** fsync of the directory. When that content is already stored zTmp is
** removed and *pDeduped set. zTmp is gone afterwards in every case.
*/
int evidence_store_file(const char *zTmp, const char *zSha, int *pDeduped, zf_error *e);

/* Capture time ("YYYY-MM-DDTHH:MM:SS", local camera time) and GPS read
** from EXIF (JPEG); fields left empty / hasGps 0 when absent. */
typedef struct evidence_exif {
  char zTime[24];
  int hasGps;
  double lat, lon;
} evidence_exif;
void evidence_exif_read(const char *zPath, evidence_exif *p);

/* A new upload: what it is linked to and where it came from. */
typedef struct evidence_new {
  const char *zLinkKind;   /* inspection hazard case */
  int64_t linkId;
  const char *zName;       /* client's file name, may be NULL */
  const char *zNote;
  const char *zDevice;     /* X-Device or User-Agent */
  const char *zClient;     /* client address */
  const char *zSha256;     /* the body's hash computed while it streamed
                           ** (http_upload_sha256), or NULL: hashed here */
} evidence_new;

/*
** Adds an upload: link checked (scope), type sniffed (ZF_EMEDIA naming
** "file"), hashed, EXIF read, stored, then the row and its audit entry in
** one transaction. Takes ownership of the file zTmp (removed or stored).
*/
int evidence_add(zf_db *pDb, const zf_who *pActor, const char *zTmp, const evidence_new *p,
                 int64_t *pId, zf_error *e);

/* The covert rule (covert_link_visible) for evidence row id: 0 when
** it is linked to a covert inspection, or a hazard of one, the actor may
** not see; such rows are answered as absent everywhere. */
int evidence_visible(zf_db *pDb, const zf_who *pActor, int64_t id);

/* Voids an evidence row with a reason (the bytes stay). */
int evidence_void(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason, zf_error *e);

/* The region path of a link (kind, id) inside the actor's scope: ZF_OK,
** ZF_ENOTFOUND or ZF_ESCOPE (naming field "link_id"). */
int evidence_link_region(zf_db *pDb, const zf_who *pActor, const char *zKind, int64_t id,
                         char *zPath, size_t n, zf_error *e);

/* One row as JSON, or NULL when absent. */
json_t *evidence_json(zf_db *pDb, int64_t id);

/* Opens an evidence file for reading after the scope check: *pFd (caller
** closes), size, MIME type and hash. */
int evidence_open(zf_db *pDb, const zf_who *pActor, int64_t id, int *pFd, int64_t *pSize,
                  char zMime[64], char zSha[65], zf_error *e);

/* Fixity check: re-hashes the stored file of a row (scope checked); *pOk
** is 1 when it still has the recorded SHA-256 and size, zActual its hash
** now ("" when the file is missing). */
int evidence_verify(zf_db *pDb, const zf_who *pActor, int64_t id, int *pOk, char zActual[65],
                    zf_error *e);

/* ---- audio-video records (全过程记录) ---- */
typedef struct av_record_new {
  const char *zLinkKind;
  int64_t linkId;
  const char *zOccasion;
  const char *zStarted, *zEnded;          /* ISO-8601 */
  const char *zStartTrigger, *zEndTrigger;
  const char *zDevice;
  int64_t officerId;                      /* person.id */
  const char *zNote;
  const int64_t *aEvidence; int nEvidence;
} av_record_new;

/* 1 when zOccasion is one RULES.md lists. */
int av_occasion_valid(const char *zOccasion);
int av_record_add(zf_db *pDb, const zf_who *pActor, const av_record_new *p, int64_t *pId,
                  zf_error *e);
int av_record_void(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason, zf_error *e);
json_t *av_record_json(zf_db *pDb, int64_t id);

/* 1 when an inspection that has reached the site (in_progress, reported,
** closed) has no live onsite_inspection recording; 0 otherwise. */
int evidence_missing_recording(zf_db *pDb, int64_t inspectionId);

/* Demo: recordings for some inspections already on site. */
int evidence_demo(zf_db *pDb, int scale, zf_error *e);

/* ---- HTTP (evidence_api.c) ---- */
extern const json_field evidence_void_body[];
extern const json_field av_record_create_body[];
int evidence_upload_handler(zf_req *r);
int evidence_list_handler(zf_req *r);
int evidence_get_handler(zf_req *r);
int evidence_content_handler(zf_req *r);
int evidence_void_handler(zf_req *r);
int evidence_verify_handler(zf_req *r);
int av_record_create_handler(zf_req *r);
int av_record_list_handler(zf_req *r);
int av_record_void_handler(zf_req *r);
int evidence_missing_handler(zf_req *r);

#endif
