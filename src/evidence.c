/*
** evidence.c — the evidence store and its metadata (plan clauses 16, 19).
**
** Store: DB.files/evidence/ab/cd/<sha256>, content-addressed. A file gets
** there only complete: the upload is received into DB.files/uploads (same
** file system) by src/core/http.c, hashed here, fsync'ed and renamed into
** place; an interrupted upload never reaches this module and its
** temporary file is removed by http.c. Identical content is stored once.
** Types are sniffed from magic bytes (never the client's Content-Type);
** capture time and GPS come from EXIF through libexif (for HEIC photos the
** EXIF block is taken out of the file with libheif first).
**
** Links: (kind, id) to an inspection, a hazard or a case. Inspections and
** hazards are looked up and scope-checked; cases (a later issue) are stored
** with the actor's scope until their table exists — see the HOOK in
** evidence_link_region().
** Audio-video records (全过程记录, RULES.md) are the second half of the
** file: occasion, start/end trigger, device, officer, storage period.
*/
#include <errno.h>
#include <fcntl.h>
#include <libexif/exif-data.h>
#include <libheif/heif.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/audit.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/log.h"
#include "evidence.h"
#include "org.h"
#include "fieldwork.h"
#include "rules.h"
#include "region.h"

static char evidence_root[4096] = "";

int evidence_set_dir(const char *zDir){
  snprintf(evidence_root, sizeof evidence_root, "%s", zDir);
  if( mkdir(zDir, 0750) && errno!=EEXIST ){
    log_error("cannot create %s: %s", zDir, strerror(errno));
    return 1;
  }
  return 0;
}

/* ISO base media (MP4, MOV, M4A, HEIC): the major brand after "ftyp". */
static const char *evidence_sniff_bmff(const unsigned char *a, const char **pzMedia){
  static const struct { const char *zBrand, *zMime, *zMedia; } aBrand[] = {
    {"heic", "image/heic", "photo"}, {"heix", "image/heic", "photo"},
    {"mif1", "image/heic", "photo"}, {"msf1", "image/heic", "photo"},
    {"M4A ", "audio/mp4", "audio"}, {"M4B ", "audio/mp4", "audio"},
    {"qt  ", "video/quicktime", "video"},
    {"isom", "video/mp4", "video"}, {"iso2", "video/mp4", "video"},
    {"mp41", "video/mp4", "video"}, {"mp42", "video/mp4", "video"},
    {"avc1", "video/mp4", "video"}, {"3gp4", "video/3gpp", "video"},
    {"3gp5", "video/3gpp", "video"}, {"3g2a", "video/3gpp2", "video"},
  };
  size_t i;
  for(i=0; i<sizeof aBrand/sizeof aBrand[0]; i++){
    if( memcmp(a+8, aBrand[i].zBrand, 4)==0 ){ *pzMedia = aBrand[i].zMedia; return aBrand[i].zMime; }
  }
  return 0;
}

const char *evidence_sniff(const unsigned char *a, size_t n, const char **pzMedia){
  *pzMedia = 0;
  if( n>=3 && a[0]==0xFF && a[1]==0xD8 && a[2]==0xFF ){ *pzMedia = "photo"; return "image/jpeg"; }
  if( n>=8 && memcmp(a, "\x89PNG\r\n\x1a\n", 8)==0 ){ *pzMedia = "photo"; return "image/png"; }
  if( n>=5 && memcmp(a, "%PDF-", 5)==0 ){ *pzMedia = "scan"; return "application/pdf"; }
  if( n>=4 && (memcmp(a, "II*\0", 4)==0 || memcmp(a, "MM\0*", 4)==0) ){
    *pzMedia = "scan"; return "image/tiff";
  }
  if( n>=12 && memcmp(a+4, "ftyp", 4)==0 ) return evidence_sniff_bmff(a, pzMedia);
  if( n>=12 && memcmp(a, "RIFF", 4)==0 && memcmp(a+8, "WAVE", 4)==0 ){ *pzMedia = "audio"; return "audio/wav"; }
  /* what browsers' MediaRecorder writes (the field app): WebM and Ogg */
  if( n>=4 && memcmp(a, "\x1a\x45\xdf\xa3", 4)==0 ){ *pzMedia = "video"; return "video/webm"; }
  if( n>=4 && memcmp(a, "OggS", 4)==0 ){ *pzMedia = "audio"; return "audio/ogg"; }
  if( n>=5 && memcmp(a, "#!AMR", 5)==0 ){ *pzMedia = "audio"; return "audio/amr"; }
  if( n>=3 && memcmp(a, "ID3", 3)==0 ){ *pzMedia = "audio"; return "audio/mpeg"; }
  if( n>=2 && a[0]==0xFF && (a[1]&0xE6)==0xE2 ){ *pzMedia = "audio"; return "audio/mpeg"; }
  return 0;
}

int evidence_hash_file(const char *zPath, char zHex[65], int64_t *pSize){
  static const char zDigit[] = "0123456789abcdef";
  unsigned char aHash[32];
  unsigned nHash = 0, i;
  size_t nBuf = 1u<<20;
  char *zBuf = malloc(nBuf);
  EVP_MD_CTX *pCtx = EVP_MD_CTX_new();
  int fd = open(zPath, O_RDONLY), ok = zBuf && pCtx && fd>=0;
  int64_t nTotal = 0;
  if( ok ) ok = EVP_DigestInit_ex(pCtx, EVP_sha256(), 0)==1;
  while( ok ){
    ssize_t k = read(fd, zBuf, nBuf);
    if( k<0 && errno==EINTR ) continue;
    if( k<0 ){ ok = 0; break; }
    if( k==0 ) break;
    ok = EVP_DigestUpdate(pCtx, zBuf, (size_t)k)==1;
    nTotal += k;
  }
  if( ok ) ok = EVP_DigestFinal_ex(pCtx, aHash, &nHash)==1 && nHash==32;
  if( fd>=0 ) close(fd);
  EVP_MD_CTX_free(pCtx);
  free(zBuf);
  if( !ok ){ log_error("cannot hash %s: %s", zPath, strerror(errno)); return ZF_EINTERNAL; }
  for(i=0; i<32; i++){ zHex[2*i] = zDigit[aHash[i]>>4]; zHex[2*i+1] = zDigit[aHash[i]&15]; }
  zHex[64] = 0;
  *pSize = nTotal;
  return ZF_OK;
}

void evidence_store_path(const char *zSha, char *zOut, size_t n){
  snprintf(zOut, n, "%s/%.2s/%.2s/%s", evidence_root, zSha, zSha+2, zSha);
}

/* fsync of a file or directory by path; 0 on success. */
static int evidence_fsync_path(const char *zPath, int isDir){
  int fd = open(zPath, isDir ? (O_RDONLY|O_DIRECTORY) : O_RDONLY), rc;
  if( fd<0 ) return -1;
  rc = fsync(fd);
  close(fd);
  return rc;
}

int evidence_store_file(const char *zTmp, const char *zSha, int *pDeduped, zf_error *e){
  char zDir[4200], zPath[4300];
  struct stat st;
  *pDeduped = 0;
  if( evidence_root[0]==0 ){
    unlink(zTmp);
    return err_set(e, ZF_EINTERNAL, "file", "证据存储目录未配置");
  }
  evidence_store_path(zSha, zPath, sizeof zPath);
  if( stat(zPath, &st)==0 ){
    unlink(zTmp);
    *pDeduped = 1;
    return ZF_OK;
  }
  /* a directory made here is made durable by an fsync of its parent */
  snprintf(zDir, sizeof zDir, "%s/%.2s", evidence_root, zSha);
  if( mkdir(zDir, 0750)==0 ) evidence_fsync_path(evidence_root, 1);
  else if( errno!=EEXIST ) goto fail;
  snprintf(zDir, sizeof zDir, "%s/%.2s/%.2s", evidence_root, zSha, zSha+2);
  if( mkdir(zDir, 0750)==0 ){
    char zParent[4200];
    snprintf(zParent, sizeof zParent, "%s/%.2s", evidence_root, zSha);
    evidence_fsync_path(zParent, 1);
  }else if( errno!=EEXIST ) goto fail;
  if( evidence_fsync_path(zTmp, 0) ) goto fail;
  chmod(zTmp, 0440);
  if( rename(zTmp, zPath) ) goto fail;
  if( evidence_fsync_path(zDir, 1) ) log_warn("cannot fsync %s: %s", zDir, strerror(errno));
  return ZF_OK;
fail:
  log_error("cannot store evidence %s: %s", zSha, strerror(errno));
  unlink(zTmp);
  return err_set(e, ZF_EINTERNAL, "file", "无法保存证据文件（服务器磁盘空间或权限）");
}

/* Degrees from an EXIF GPS entry (three rationals) and its N/S/E/W ref. */
static int evidence_exif_coord(ExifData *pData, ExifTag tag, ExifTag refTag, double *pOut){
  ExifContent *pGps = pData->ifd[EXIF_IFD_GPS];
  ExifEntry *pE = exif_content_get_entry(pGps, tag);
  ExifEntry *pRef = exif_content_get_entry(pGps, refTag);
  ExifByteOrder o = exif_data_get_byte_order(pData);
  double v = 0, scale = 1;
  unsigned i;
  if( pE==0 || pE->format!=EXIF_FORMAT_RATIONAL || pE->components<3 || pE->data==0 ) return 0;
  for(i=0; i<3; i++){
    ExifRational q = exif_get_rational(pE->data + 8*i, o);
    if( q.denominator==0 ) return 0;
    v += (double)q.numerator / q.denominator / scale;
    scale *= 60;
  }
  if( pRef && pRef->data && pRef->size>0 && (pRef->data[0]=='S' || pRef->data[0]=='W') ) v = -v;
  *pOut = v;
  return 1;
}

/* The EXIF block of a HEIC/HEIF photo (what phones shoot), read with
** libheif: the primary image's "Exif" metadata item is a 4-byte offset to
** the TIFF header followed by the block; libexif wants it behind the
** "Exif\0\0" marker. NULL when there is none. Files over 256 MiB are not
** parsed (no phone photo is that large; the parser need not see them). */
static ExifData *evidence_heif_exif(const char *zPath){
  struct heif_context *pCtx;
  struct heif_image_handle *pH = 0;
  heif_item_id id;
  ExifData *pData = 0;
  struct stat st;
  if( stat(zPath, &st) || st.st_size > ((off_t)256<<20) ) return 0;
  if( (pCtx = heif_context_alloc())==0 ) return 0;
  if( heif_context_read_from_file(pCtx, zPath, 0).code==heif_error_Ok
   && heif_context_get_primary_image_handle(pCtx, &pH).code==heif_error_Ok
   && heif_image_handle_get_list_of_metadata_block_IDs(pH, "Exif", &id, 1)==1 ){
    size_t n = heif_image_handle_get_metadata_size(pH, id);
    unsigned char *a = n>4 && n<(1u<<20) ? malloc(n) : 0;
    if( a && heif_image_handle_get_metadata(pH, id, a).code==heif_error_Ok ){
      size_t off = ((size_t)a[0]<<24) | ((size_t)a[1]<<16) | ((size_t)a[2]<<8) | a[3];
      if( off < n-4 ){
        size_t m = n - 4 - off;
        unsigned char *b = malloc(6 + m);
        if( b ){
          memcpy(b, "Exif\0\0", 6);
          memcpy(b + 6, a + 4 + off, m);
          pData = exif_data_new_from_data(b, (unsigned)(6 + m));
          free(b);
        }
      }
    }
    free(a);
  }
  if( pH ) heif_image_handle_release(pH);
  heif_context_free(pCtx);
  return pData;
}

void evidence_exif_read(const char *zPath, evidence_exif *p){
  ExifData *pData;
  ExifEntry *pE;
  memset(p, 0, sizeof *p);
  pData = exif_data_new_from_file(zPath);
  if( pData && pData->ifd[EXIF_IFD_0]->count==0 && pData->ifd[EXIF_IFD_EXIF]->count==0 ){
    exif_data_unref(pData);       /* not a JPEG: libexif found nothing */
    pData = 0;
  }
  if( pData==0 ) pData = evidence_heif_exif(zPath);
  if( pData==0 ) return;
  pE = exif_content_get_entry(pData->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
  if( pE==0 ) pE = exif_content_get_entry(pData->ifd[EXIF_IFD_0], EXIF_TAG_DATE_TIME);
  if( pE ){
    char zVal[64];
    exif_entry_get_value(pE, zVal, sizeof zVal);
    /* "2024:05:01 10:00:00" → "2024-05-01T10:00:00" */
    if( strlen(zVal)==19 && zVal[4]==':' && zVal[7]==':' && zVal[10]==' ' && zVal[0]!='0' ){
      zVal[4] = '-'; zVal[7] = '-'; zVal[10] = 'T';
      memcpy(p->zTime, zVal, 20);
    }
  }
  if( pData->ifd[EXIF_IFD_GPS]
   && evidence_exif_coord(pData, (ExifTag)EXIF_TAG_GPS_LATITUDE, (ExifTag)EXIF_TAG_GPS_LATITUDE_REF, &p->lat)
   && evidence_exif_coord(pData, (ExifTag)EXIF_TAG_GPS_LONGITUDE, (ExifTag)EXIF_TAG_GPS_LONGITUDE_REF, &p->lon)
   && p->lat>=-90 && p->lat<=90 && p->lon>=-180 && p->lon<=180 ){
    p->hasGps = 1;
  }
  exif_data_unref(pData);
}

/* 1 when zPath lies inside the actor's scope (always for the command line). */
static int evidence_in_scope(const zf_who *pActor, const char *zPath){
  return pActor==0 || strncmp(zPath, pActor->zScopePath, strlen(pActor->zScopePath))==0;
}

int evidence_link_region(zf_db *pDb, const zf_who *pActor, const char *zKind, int64_t id,
                         char *zPath, size_t n, zf_error *e){
  static const char zInspection[] = "SELECT region_path FROM inspection WHERE id=?";
  static const char zHazard[] = "SELECT region_path FROM hazard WHERE id=?";
  int isHazard = zKind && strcmp(zKind, "hazard")==0;
  zf_stmt *pStmt;
  int rc;
  if( zKind==0 || (strcmp(zKind, "inspection")!=0 && !isHazard && strcmp(zKind, "case")!=0) ){
    return err_set(e, ZF_EINVAL, "link_kind", "关联对象类型应为 inspection、hazard 或 case");
  }
  if( id<1 ) return err_set(e, ZF_EINVAL, "link_id", "关联对象编号无效");
  if( strcmp(zKind, "case")==0 ){
    /* HOOK(cases): look the case up here once its table exists; until then
    ** the link is kept as given, in the actor's scope. */
    snprintf(zPath, n, "%s", pActor ? pActor->zScopePath : "/");
    return ZF_OK;
  }
  if( (pStmt = db_stmt(pDb, isHazard ? zHazard : zInspection))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ) snprintf(zPath, n, "%s", db_text(pStmt, 0));
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( rc==0 ){
    return err_set(e, ZF_ENOTFOUND, "link_id", "%s不存在：%lld", isHazard ? "隐患" : "检查", (long long)id);
  }
  /* 暗访暗查: hidden until closed from all but its people, leaders and
  ** its scheduler — as absent (fieldwork.h) */
  if( !covert_link_visible(pDb, pActor, zKind, id) ){
    return err_set(e, ZF_ENOTFOUND, "link_id", "%s不存在：%lld", isHazard ? "隐患" : "检查", (long long)id);
  }
  if( !evidence_in_scope(pActor, zPath) ){
    return err_set(e, ZF_ESCOPE, "link_id", "该%s不在您的管辖范围内", isHazard ? "隐患" : "检查");
  }
  return ZF_OK;
}

/*
** Who may void a record of, or file a recording for, what zKind / linkId
** names: the officers of the inspection it hangs off (an inspection, or a
** hazard of one), or the brigade and leaders for them; the command line
** (NULL) always. An assistant (安监员) never. Links without an inspection
** (cases) are left to the scope check. zWhat names the act in the refusal
** (ZF_EFORBIDDEN naming zField).
*/
static int evidence_may_act(zf_db *pDb, const zf_who *pActor, const char *zKind, int64_t linkId,
                            const char *zField, const char *zWhat, zf_error *e){
  static const char zInsp[] = "SELECT inspection_id FROM hazard WHERE id=?";
  static const char zMine[] =
    "SELECT 1 FROM inspection_person ip JOIN person p ON p.id=ip.person_id"
    " WHERE ip.inspection_id=? AND p.account_id=? AND ip.role='officer'";
  const unsigned lead = (1u<<ROLE_LEADER) | (1u<<ROLE_BRIGADE);
  const unsigned acts = lead | (1u<<ROLE_OFFICER) | (1u<<ROLE_STREET);
  int64_t inspectionId = 0;
  zf_stmt *pStmt;
  int rc = 0;
  if( pActor==0 || (pActor->roles & lead) ) return ZF_OK;
  if( (pActor->roles & (1u<<ROLE_ASSISTANT)) && !(pActor->roles & acts) ){
    return err_set(e, ZF_EFORBIDDEN, zField, "安监员不能%s，请由本次检查的执法人员办理", zWhat);
  }
  if( strcmp(zKind, "inspection")==0 ){
    inspectionId = linkId;
  }else if( strcmp(zKind, "hazard")==0 ){
    if( (pStmt = db_stmt(pDb, zInsp))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
    db_bind(pStmt, "i", linkId);
    if( db_step(pStmt)==1 ) inspectionId = db_column_int64(pStmt, 0);
    db_reset(pStmt);
  }
  if( inspectionId==0 ) return ZF_OK;
  if( (pStmt = db_stmt(pDb, zMine))==0 ) return err_set(e, ZF_EINTERNAL, 0, 0);
  db_bind(pStmt, "ii", inspectionId, pActor->accountId);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ) return err_set(e, -rc, 0, 0);
  return rc==1 ? ZF_OK
       : err_set(e, ZF_EFORBIDDEN, zField, "只有本次检查的执法人员（或大队、领导）可以%s", zWhat);
}

/* The type of the file, or ZF_EMEDIA naming "file". */
static int evidence_sniff_file(const char *zTmp, const char **pzMime, const char **pzMedia, zf_error *e){
  unsigned char a[64];
  ssize_t n = 0;
  int fd = open(zTmp, O_RDONLY);
  if( fd>=0 ){ n = read(fd, a, sizeof a); close(fd); }
  if( n<=0 ) return err_set(e, ZF_EINVAL, "file", "请选择要上传的文件（请求体为空）");
  *pzMime = evidence_sniff(a, (size_t)n, pzMedia);
  if( *pzMime==0 ){
    return err_set(e, ZF_EMEDIA, "file",
                   "文件类型不受支持：证据只接受照片（JPEG/PNG/HEIC）、音频（MP3/M4A/AMR/WAV/OGG）、视频（MP4/MOV/WebM）与扫描件（PDF/TIFF）");
  }
  return ZF_OK;
}

/* Inserts the row and its audit entry in one transaction. */
static int evidence_insert(zf_db *pDb, const zf_who *pActor, const evidence_new *p, const char *zSha,
                           int64_t nSize, const char *zMime, const char *zMedia, const char *zRegion,
                           const evidence_exif *pX, int deduped, int64_t *pId){
  static const char zSql[] =
    "INSERT INTO evidence(sha256, size, mime, media, name, note, link_kind, link_id, region_path,"
    " capture_time, gps_lat, gps_lon, uploaded_by, device, client, created_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  char zNow[24], zId[24], zCode[24];
  zf_stmt *pStmt;
  json_t *pA;
  int rc = db_begin(pDb);
  if( rc ) return rc;
  clock_now_iso(zNow);
  if( (pStmt = db_stmt(pDb, zSql))==0 ){ db_rollback(pDb); return ZF_EINTERNAL; }
  db_bind(pStmt, "sisssssiss", zSha, nSize, zMime, zMedia, p->zName ? p->zName : "",
          p->zNote ? p->zNote : "", p->zLinkKind, p->linkId, zRegion, pX->zTime[0] ? pX->zTime : 0);
  if( pX->hasGps ){ db_bind_double(pStmt, 11, pX->lat); db_bind_double(pStmt, 12, pX->lon); }
  else{ db_bind_null(pStmt, 11); db_bind_null(pStmt, 12); }
  db_bind_text(pStmt, 13, zActor, -1, DB_TRANSIENT);
  db_bind_text(pStmt, 14, p->zDevice ? p->zDevice : "", -1, DB_TRANSIENT);
  db_bind_text(pStmt, 15, p->zClient ? p->zClient : "", -1, DB_TRANSIENT);
  db_bind_text(pStmt, 16, zNow, -1, DB_TRANSIENT);
  rc = db_step(pStmt);
  db_reset(pStmt);
  if( rc<0 ){ db_rollback(pDb); return -rc; }
  *pId = db_last_id(pDb);
  snprintf(zId, sizeof zId, "%lld", (long long)*pId);
  region_code_of_path(zRegion, zCode, sizeof zCode);
  pA = json_pack("{s:s,s:I,s:s,s:s,s:I,s:b}", "sha256", zSha, "size", (json_int_t)nSize, "mime", zMime,
                 "link_kind", p->zLinkKind, "link_id", (json_int_t)p->linkId, "deduplicated", deduped);
  rc = audit_append(pDb, zActor, "evidence.upload", "evidence", zId, zCode, pA);
  json_decref(pA);
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ) db_rollback(pDb);
  return rc;
}

int evidence_add(zf_db *pDb, const zf_who *pActor, const char *zTmp, const evidence_new *p,
                 int64_t *pId, zf_error *e){
  char zRegion[160], zSha[65];
  const char *zMime = 0, *zMedia = 0;
  evidence_exif x;
  int64_t nSize = 0;
  int deduped = 0;
  int rc = evidence_link_region(pDb, pActor, p->zLinkKind, p->linkId, zRegion, sizeof zRegion, e);
  if( rc==ZF_OK && p->zName && (strlen(p->zName)>200 || strchr(p->zName, '/')) ){
    rc = err_set(e, ZF_EINVAL, "name", "文件名无效（至多 200 字节，不含 /）");
  }
  if( rc==ZF_OK ) rc = evidence_sniff_file(zTmp, &zMime, &zMedia, e);
  if( rc==ZF_OK && p->zSha256 && strlen(p->zSha256)==64 ){
    struct stat st;
    memcpy(zSha, p->zSha256, 65);
    if( stat(zTmp, &st) ) rc = err_set(e, ZF_EINTERNAL, "file", "无法读取上传的文件");
    else nSize = (int64_t)st.st_size;
  }else if( rc==ZF_OK ){
    rc = evidence_hash_file(zTmp, zSha, &nSize);
  }
  if( rc ){ unlink(zTmp); return rc; }
  if( strcmp(zMime, "image/jpeg")==0 || strcmp(zMime, "image/heic")==0 ) evidence_exif_read(zTmp, &x);
  else memset(&x, 0, sizeof x);
  rc = evidence_store_file(zTmp, zSha, &deduped, e);
  if( rc ) return rc;
  /* A failure past this point leaves the content in the store with no
  ** row: invisible (every read goes through a row), and reused by the
  ** next upload of the same bytes. */
  rc = evidence_insert(pDb, pActor, p, zSha, nSize, zMime, zMedia, zRegion, &x, deduped, pId);
  if( rc ) return err_set(e, rc, 0, 0);
  return ZF_OK;
}

/* Voids a row of zTable (evidence or av_record) inside the scope. */
static int evidence_void_row(zf_db *pDb, const zf_who *pActor, const char *zTable, int64_t id,
                             const char *zReason, zf_error *e){
  char zSql[200], zPath[160] = "", zCode[24], zNow[24], zId[24], zAction[40], zKind[16] = "";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  int64_t linkId = 0;
  zf_stmt *pStmt;
  json_t *pA;
  int rc, voided = 0;
  if( zReason==0 || json_utf8_len(zReason)<2 ) return err_set(e, ZF_EINVAL, "reason", "请填写作废原因（至少 2 个字）");
  snprintf(zSql, sizeof zSql, "SELECT region_path, voided_at IS NOT NULL, link_kind, link_id FROM %s WHERE id=?",
           zTable);
  if( (rc = db_begin(pDb))!=ZF_OK ) return rc;
  if( (pStmt = db_stmt(pDb, zSql))==0 ){ db_rollback(pDb); return ZF_EINTERNAL; }
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zPath, sizeof zPath, "%s", db_text(pStmt, 0));
    voided = db_column_int(pStmt, 1);
    snprintf(zKind, sizeof zKind, "%s", db_text(pStmt, 2));
    linkId = db_column_int64(pStmt, 3);
  }
  db_reset(pStmt);
  if( rc==1 && !covert_link_visible(pDb, pActor, zKind, linkId) ) rc = 0;   /* covert */
  if( rc<=0 ){
    db_rollback(pDb);
    return rc<0 ? -rc : err_set(e, ZF_ENOTFOUND, "id", "记录不存在：%lld", (long long)id);
  }
  if( !evidence_in_scope(pActor, zPath) ){ db_rollback(pDb); return err_set(e, ZF_ESCOPE, "id", "该记录不在您的管辖范围内"); }
  rc = evidence_may_act(pDb, pActor, zKind, linkId, "id", strcmp(zTable, "evidence")==0 ? "作废证据" : "作废音像记录", e);
  if( rc ){ db_rollback(pDb); return rc; }
  if( voided ){ db_rollback(pDb); return err_set(e, ZF_ECONFLICT, "id", "该记录已作废"); }
  clock_now_iso(zNow);
  snprintf(zSql, sizeof zSql, "UPDATE %s SET voided_at=?, voided_by=?, void_reason=? WHERE id=?", zTable);
  rc = db_exec(pDb, zSql, "sssi", zNow, zActor, zReason, id);
  snprintf(zId, sizeof zId, "%lld", (long long)id);
  snprintf(zAction, sizeof zAction, "%s.void", zTable);
  region_code_of_path(zPath, zCode, sizeof zCode);
  pA = json_pack("{s:s}", "reason", zReason);
  if( rc==ZF_OK ) rc = audit_append(pDb, zActor, zAction, zTable, zId, zCode, pA);
  json_decref(pA);
  if( rc==ZF_OK ) rc = db_commit(pDb);
  if( rc ){ db_rollback(pDb); return err_set(e, rc, 0, 0); }
  return ZF_OK;
}

int evidence_void(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason, zf_error *e){
  return evidence_void_row(pDb, pActor, "evidence", id, zReason, e);
}

/* Column i as a JSON string, or null when SQL NULL. */
static json_t *evidence_col(zf_stmt *pStmt, int i){
  switch( db_column_type(pStmt, i) ){
    case DB_NULL: return json_null();
    case DB_INTEGER: return json_integer(db_column_int64(pStmt, i));
    case DB_FLOAT: return json_real(db_column_double(pStmt, i));
    default: return json_string(db_text(pStmt, i));
  }
}

/* The row of zSql (bound to id) as an object of the column names. */
static json_t *evidence_row_json(zf_db *pDb, const char *zSql, int64_t id){
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  json_t *p = 0;
  int i;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    p = json_object();
    for(i=0; i<db_column_count(pStmt); i++){
      json_object_set_new(p, db_column_name(pStmt, i), evidence_col(pStmt, i));
    }
  }
  db_reset(pStmt);
  return p;
}

int evidence_visible(zf_db *pDb, const zf_who *pActor, int64_t id){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT link_kind, link_id FROM evidence WHERE id=?");
  char zKind[16] = "";
  int64_t linkId = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", id);
  if( db_step(pStmt)==1 ){
    snprintf(zKind, sizeof zKind, "%s", db_text(pStmt, 0));
    linkId = db_column_int64(pStmt, 1);
  }
  db_reset(pStmt);
  return covert_link_visible(pDb, pActor, zKind, linkId);
}

json_t *evidence_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT id, sha256, size, mime, media, name, note, link_kind, link_id, capture_time,"
    " gps_lat, gps_lon, uploaded_by, device, created_at, voided_at, voided_by, void_reason"
    " FROM evidence WHERE id=?";
  json_t *p = evidence_row_json(pDb, zSql, id);
  char zUrl[64];
  if( p ){
    snprintf(zUrl, sizeof zUrl, "/api/v1/evidence/%lld/content", (long long)id);
    json_object_set_new(p, "content_url", json_string(zUrl));
  }
  return p;
}

int evidence_open(zf_db *pDb, const zf_who *pActor, int64_t id, int *pFd, int64_t *pSize,
                  char zMime[64], char zSha[65], zf_error *e){
  static const char zSql[] =
    "SELECT sha256, size, mime, region_path, link_kind, link_id FROM evidence WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  char zPath[4300], zKind[16] = "";
  int64_t linkId = 0;
  int rc, inScope = 0;
  if( pStmt==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "i", id);
  rc = db_step(pStmt);
  if( rc==1 ){
    snprintf(zSha, 65, "%s", db_text(pStmt, 0));
    *pSize = db_column_int64(pStmt, 1);
    snprintf(zMime, 64, "%s", db_text(pStmt, 2));
    inScope = evidence_in_scope(pActor, db_text(pStmt, 3));
    snprintf(zKind, sizeof zKind, "%s", db_text(pStmt, 4));
    linkId = db_column_int64(pStmt, 5);
  }
  db_reset(pStmt);
  if( rc<0 ) return -rc;
  if( rc==1 && !covert_link_visible(pDb, pActor, zKind, linkId) ) rc = 0;   /* covert */
  if( rc==0 ) return err_set(e, ZF_ENOTFOUND, "id", "证据不存在：%lld", (long long)id);
  if( !inScope ) return err_set(e, ZF_ESCOPE, "id", "该证据不在您的管辖范围内");
  evidence_store_path(zSha, zPath, sizeof zPath);
  *pFd = open(zPath, O_RDONLY);
  if( *pFd<0 ){
    log_error("evidence %lld: cannot open %s: %s", (long long)id, zPath, strerror(errno));
    return err_set(e, ZF_EINTERNAL, "id", "证据文件缺失（存储目录不完整，请联系管理员）");
  }
  return ZF_OK;
}

int evidence_verify(zf_db *pDb, const zf_who *pActor, int64_t id, int *pOk, char zActual[65],
                    zf_error *e){
  char zMime[64], zSha[65], zPath[4300];
  int64_t nSize = 0, nNow = -1;
  int fd = -1, rc = evidence_open(pDb, pActor, id, &fd, &nSize, zMime, zSha, e);
  *pOk = 0;
  zActual[0] = 0;
  if( rc==ZF_EINTERNAL && fd<0 ){ memset(e, 0, sizeof *e); return ZF_OK; }  /* missing file */
  if( rc ) return rc;
  close(fd);
  evidence_store_path(zSha, zPath, sizeof zPath);
  if( evidence_hash_file(zPath, zActual, &nNow)!=ZF_OK ){ zActual[0] = 0; return ZF_OK; }
  *pOk = strcmp(zActual, zSha)==0 && nNow==nSize;
  return ZF_OK;
}

/* ---- audio-video records (全过程记录) ------------------------------- */

int av_occasion_valid(const char *z){
  static const char *const az[] = {"onsite_inspection", "evidence_collection", "preservation",
    "statement", "simple_penalty", "rectification_check", "refusal", "hearing", "lien_service"};
  size_t i;
  for(i=0; z && i<sizeof az/sizeof az[0]; i++) if( strcmp(z, az[i])==0 ) return 1;
  return 0;
}

/* 1 when z looks like "YYYY-MM-DDTHH:MM:SS…" (checked by SQLite's datetime). */
static int av_time_valid(zf_db *pDb, const char *z){
  zf_stmt *pStmt = db_stmt(pDb, "SELECT datetime(?) IS NOT NULL AND length(?)>=19");
  int ok = 0;
  if( z==0 || pStmt==0 ) return 0;
  db_bind(pStmt, "ss", z, z);
  if( db_step(pStmt)==1 ) ok = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return ok && z[10]=='T';
}

/* Checks what the record names (all before any write). */
static int av_record_check(zf_db *pDb, const av_record_new *p, zf_error *e){
  int i;
  if( !av_occasion_valid(p->zOccasion) ) return err_set(e, ZF_EINVAL, "occasion", "记录场景无效（见 RULES.md 全过程记录）");
  if( !av_time_valid(pDb, p->zStarted) ) return err_set(e, ZF_EINVAL, "started_at", "开始时间格式应为 YYYY-MM-DDTHH:MM:SSZ");
  if( !av_time_valid(pDb, p->zEnded) ) return err_set(e, ZF_EINVAL, "ended_at", "结束时间格式应为 YYYY-MM-DDTHH:MM:SSZ");
  if( strcmp(p->zEnded, p->zStarted)<0 ) return err_set(e, ZF_EINVAL, "ended_at", "结束时间不能早于开始时间");
  {
    zf_stmt *pStmt = db_stmt(pDb, "SELECT count(*) FROM person WHERE id=?");
    int n = 0;
    if( pStmt==0 ) return ZF_EINTERNAL;
    db_bind(pStmt, "i", p->officerId);
    if( db_step(pStmt)==1 ) n = db_column_int(pStmt, 0);
    db_reset(pStmt);
    if( n==0 ) return err_set(e, ZF_EINVAL, "officer_id", "执法人员不存在：%lld", (long long)p->officerId);
  }
  for(i=0; i<p->nEvidence; i++){
    zf_stmt *pStmt = db_stmt(pDb, "SELECT link_kind=? AND link_id=? AND voided_at IS NULL"
                                       " AND (media='audio' OR media='video') FROM evidence WHERE id=?");
    int ok = 0;
    if( pStmt==0 ) return ZF_EINTERNAL;
    db_bind(pStmt, "sii", p->zLinkKind, p->linkId, p->aEvidence[i]);
    if( db_step(pStmt)==1 ) ok = db_column_int(pStmt, 0);
    db_reset(pStmt);
    if( !ok ){
      return err_set(e, ZF_EINVAL, "evidence_ids",
                     "证据 %lld 不存在、已作废、不是音视频或不属于同一关联对象", (long long)p->aEvidence[i]);
    }
  }
  return ZF_OK;
}

/* keep_until = the start date + rule av.keep_days. */
static int av_keep_until(zf_db *pDb, const char *zStarted, char zOut[16], zf_error *e){
  int64_t nDays = 0;
  char zDate[11], zMod[32];
  zf_stmt *pStmt;
  int rc;
  calendar_local_date(zStarted, zDate);
  rc = rules_int(pDb, "av.keep_days", zDate, &nDays, e);
  if( rc ) return rc;
  snprintf(zMod, sizeof zMod, "+%lld days", (long long)nDays);
  if( (pStmt = db_stmt(pDb, "SELECT date(?, ?)"))==0 ) return ZF_EINTERNAL;
  db_bind(pStmt, "ss", zDate, zMod);
  rc = db_step(pStmt);
  snprintf(zOut, 16, "%s", rc==1 ? db_text(pStmt, 0) : "");
  db_reset(pStmt);
  return zOut[0] ? ZF_OK : ZF_EINTERNAL;
}

int av_record_add(zf_db *pDb, const zf_who *pActor, const av_record_new *p, int64_t *pId,
                  zf_error *e){
  static const char zSql[] =
    "INSERT INTO av_record(inspection_id, link_kind, link_id, region_path, occasion, started_at,"
    " ended_at, start_trigger, end_trigger, device, officer_id, keep_until, note, created_by, created_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  const char *zActor = pActor ? pActor->zUsername : "cli";
  char zRegion[160], zCode[24], zKeep[16], zNow[24], zId[24];
  zf_stmt *pStmt;
  json_t *pA;
  int i, rc = evidence_link_region(pDb, pActor, p->zLinkKind, p->linkId, zRegion, sizeof zRegion, e);
  if( rc==ZF_OK ) rc = evidence_may_act(pDb, pActor, p->zLinkKind, p->linkId, "link_id", "登记音像记录", e);
  if( rc==ZF_OK ) rc = av_record_check(pDb, p, e);
  /* a recording is its files (the command line's demo records stand for
  ** recordings kept elsewhere) */
  if( rc==ZF_OK && pActor && p->nEvidence==0 ){
    rc = err_set(e, ZF_EINVAL, "evidence_ids", "请选择音像记录的音视频文件（至少一个，先上传再登记）");
  }
  if( rc==ZF_OK ) rc = av_keep_until(pDb, p->zStarted, zKeep, e);
  if( rc ) return rc;
  clock_now_iso(zNow);
  if( (rc = db_begin(pDb))!=ZF_OK ) return err_set(e, rc, 0, 0);
  if( (pStmt = db_stmt(pDb, zSql))==0 ) rc = ZF_EINTERNAL;
  if( rc==ZF_OK ){
    db_bind(pStmt, "nsisssssssissss", p->zLinkKind, p->linkId, zRegion, p->zOccasion, p->zStarted,
            p->zEnded, p->zStartTrigger, p->zEndTrigger, p->zDevice, p->officerId, zKeep,
            p->zNote ? p->zNote : "", zActor, zNow);
    if( strcmp(p->zLinkKind, "inspection")==0 ) db_bind_int64(pStmt, 1, p->linkId);
    rc = db_step(pStmt);
    db_reset(pStmt);
    rc = rc<0 ? -rc : ZF_OK;
  }
  if( rc==ZF_OK ) *pId = db_last_id(pDb);
  for(i=0; i<p->nEvidence && rc==ZF_OK; i++){
    rc = db_exec(pDb, "INSERT OR IGNORE INTO av_record_file(av_record_id, evidence_id) VALUES(?,?)",
                 "ii", *pId, p->aEvidence[i]);
  }
  if( rc==ZF_OK ){
    snprintf(zId, sizeof zId, "%lld", (long long)*pId);
    region_code_of_path(zRegion, zCode, sizeof zCode);
    pA = json_pack("{s:s,s:s,s:I,s:s,s:s,s:I}", "occasion", p->zOccasion, "link_kind", p->zLinkKind,
                   "link_id", (json_int_t)p->linkId, "started_at", p->zStarted, "ended_at", p->zEnded,
                   "officer_id", (json_int_t)p->officerId);
    rc = audit_append(pDb, zActor, "av_record.create", "av_record", zId, zCode, pA);
    json_decref(pA);
  }
  return db_finish(pDb, rc, e);
}

int av_record_void(zf_db *pDb, const zf_who *pActor, int64_t id, const char *zReason, zf_error *e){
  return evidence_void_row(pDb, pActor, "av_record", id, zReason, e);
}

json_t *av_record_json(zf_db *pDb, int64_t id){
  static const char zSql[] =
    "SELECT a.id, a.link_kind, a.link_id, a.occasion, a.started_at, a.ended_at, a.start_trigger,"
    " a.end_trigger, a.device, a.officer_id, p.name AS officer_name, a.keep_until, a.note,"
    " a.created_by, a.created_at, a.voided_at, a.void_reason"
    " FROM av_record a LEFT JOIN person p ON p.id=a.officer_id WHERE a.id=?";
  json_t *p = evidence_row_json(pDb, zSql, id), *pIds;
  zf_stmt *pStmt;
  if( p==0 ) return 0;
  pIds = json_array();
  pStmt = db_stmt(pDb, "SELECT evidence_id FROM av_record_file WHERE av_record_id=? ORDER BY evidence_id");
  if( pStmt ){
    db_bind(pStmt, "i", id);
    while( db_step(pStmt)==1 ) json_array_append_new(pIds, json_integer(db_column_int64(pStmt, 0)));
    db_reset(pStmt);
  }
  json_object_set_new(p, "evidence_ids", pIds);
  return p;
}

int evidence_missing_recording(zf_db *pDb, int64_t inspectionId){
  static const char zSql[] =
    "SELECT (status='in_progress' OR status='reported' OR status='closed')"
    " AND NOT EXISTS(SELECT 1 FROM av_record a WHERE a.inspection_id=inspection.id"
    "   AND a.occasion='onsite_inspection' AND a.voided_at IS NULL)"
    " FROM inspection WHERE id=?";
  zf_stmt *pStmt = db_stmt(pDb, zSql);
  int missing = 0;
  if( pStmt==0 ) return 0;
  db_bind(pStmt, "i", inspectionId);
  if( db_step(pStmt)==1 ) missing = db_column_int(pStmt, 0);
  db_reset(pStmt);
  return missing;
}

