/*
** test_evidence.c — the evidence store and metadata (src/evidence.c):
** type sniffing, hashing, content-addressed store with dedupe, EXIF
** capture time and GPS (libexif), scope of links, nothing left behind on a
** refusal, void instead of delete, audio-video records and the
** missing-recording flag.
*/
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <libexif/exif-data.h>
#include <libheif/heif.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"
#include "evidence.h"

static char test_dir[64];

static int test_rm_one(const char *zPath, const struct stat *st, int flag, struct FTW *f){
  (void)st; (void)flag; (void)f;
  return remove(zPath);
}

/* Removes the previous test's directory. */
static void test_store_cleanup(void){
  if( test_dir[0] ) nftw(test_dir, test_rm_one, 16, FTW_DEPTH | FTW_PHYS);
  test_dir[0] = 0;
}

/* A fresh store directory and a temp file name inside it. */
static void test_store_setup(void){
  char zStore[128];
  test_store_cleanup();
  snprintf(test_dir, sizeof test_dir, "/tmp/zf-ev-XXXXXX");
  assert_non_null(mkdtemp(test_dir));
  snprintf(zStore, sizeof zStore, "%s/evidence", test_dir);
  assert_int_equal(evidence_set_dir(zStore), 0);
}

/* Writes n bytes of a to a new temp file; returns its path (static). */
static const char *test_file(const void *a, size_t n){
  static char zPath[128];
  static int seq = 0;
  FILE *f;
  snprintf(zPath, sizeof zPath, "%s/upload-%d", test_dir, ++seq);
  f = fopen(zPath, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(a, 1, n, f), n);
  fclose(f);
  return zPath;
}

static int test_exists(const char *zPath){
  struct stat st;
  return stat(zPath, &st)==0;
}

static void test_sniff(void **state){
  static const struct { const char *z; size_t n; const char *zMime, *zMedia; } a[] = {
    {"\xFF\xD8\xFF\xE0", 4, "image/jpeg", "photo"},
    {"\x89PNG\r\n\x1a\n", 8, "image/png", "photo"},
    {"\0\0\0\x18" "ftypheic\0\0\0\0", 16, "image/heic", "photo"},
    {"\0\0\0\x18" "ftypisom\0\0\0\0", 16, "video/mp4", "video"},
    {"\0\0\0\x14" "ftypqt  \0\0\0\0", 16, "video/quicktime", "video"},
    {"\0\0\0\x20" "ftypM4A \0\0\0\0", 16, "audio/mp4", "audio"},
    {"ID3\x03\0", 5, "audio/mpeg", "audio"},
    {"\xFF\xFB\x90\x00", 4, "audio/mpeg", "audio"},
    {"#!AMR\n", 6, "audio/amr", "audio"},
    {"RIFF\0\0\0\0WAVEfmt ", 16, "audio/wav", "audio"},
    {"%PDF-1.7", 8, "application/pdf", "scan"},
    {"\x1a\x45\xdf\xa3\x9f", 5, "video/webm", "video"},
    {"OggS\0\2", 6, "audio/ogg", "audio"},
    {"II*\0\x08\0", 6, "image/tiff", "scan"},
  };
  const char *zMedia;
  size_t i;
  (void)state;
  for(i=0; i<sizeof a/sizeof a[0]; i++){
    assert_string_equal(evidence_sniff((const unsigned char*)a[i].z, a[i].n, &zMedia), a[i].zMime);
    assert_string_equal(zMedia, a[i].zMedia);
  }
  assert_null(evidence_sniff((const unsigned char*)"hello world", 11, &zMedia));
  assert_null(evidence_sniff((const unsigned char*)"<html>", 6, &zMedia));
  assert_null(evidence_sniff((const unsigned char*)"\0\0\0\x18" "ftypXXXX", 12, &zMedia));
  assert_null(evidence_sniff((const unsigned char*)"\xFF", 1, &zMedia));
  assert_null(evidence_sniff((const unsigned char*)"PK\x03\x04", 4, &zMedia));
}

static void test_store_dedupe(void **state){
  char zSha[65], zSha2[65], zPath[4300];
  int64_t n = 0;
  int deduped = -1;
  const char *zTmp;
  zf_error e = {0};
  (void)state;
  test_store_setup();
  zTmp = test_file("abc", 3);
  assert_int_equal(evidence_hash_file(zTmp, zSha, &n), ZF_OK);
  assert_string_equal(zSha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert_int_equal(n, 3);
  assert_int_equal(evidence_store_file(zTmp, zSha, &deduped, &e), ZF_OK);
  assert_int_equal(deduped, 0);
  assert_false(test_exists(zTmp));
  evidence_store_path(zSha, zPath, sizeof zPath);
  assert_non_null(strstr(zPath, "/evidence/ba/78/ba7816bf"));
  assert_true(test_exists(zPath));
  /* the same bytes again: stored once, the temp file removed */
  zTmp = test_file("abc", 3);
  assert_int_equal(evidence_hash_file(zTmp, zSha2, &n), ZF_OK);
  assert_string_equal(zSha, zSha2);
  assert_int_equal(evidence_store_file(zTmp, zSha2, &deduped, &e), ZF_OK);
  assert_int_equal(deduped, 1);
  assert_false(test_exists(zTmp));
  assert_int_equal(evidence_hash_file("/nonexistent/x", zSha, &n), ZF_EINTERNAL);
}

/* A rational EXIF entry of three values (degrees, minutes, seconds). */
static void test_exif_gps(ExifData *d, ExifTag tag, ExifTag refTag, const char *zRef,
                          unsigned deg, unsigned min, unsigned sec100){
  ExifEntry *pE = exif_entry_new(), *pR = exif_entry_new();
  ExifRational q[3] = {{deg, 1}, {min, 1}, {sec100, 100}};
  int i;
  pE->tag = tag; pE->format = EXIF_FORMAT_RATIONAL; pE->components = 3;
  pE->size = 24; pE->data = calloc(1, 24);
  for(i=0; i<3; i++) exif_set_rational(pE->data + 8*i, exif_data_get_byte_order(d), q[i]);
  exif_content_add_entry(d->ifd[EXIF_IFD_GPS], pE);
  pR->tag = refTag; pR->format = EXIF_FORMAT_ASCII; pR->components = 2;
  pR->size = 2; pR->data = calloc(1, 2); pR->data[0] = (unsigned char)zRef[0];
  exif_content_add_entry(d->ifd[EXIF_IFD_GPS], pR);
  exif_entry_unref(pE); exif_entry_unref(pR);
}

/* The EXIF block (no marker) of test_exif_jpeg / test_exif_heic. */
static void test_exif_block(unsigned char **ppExif, unsigned *pnExif){
  ExifData *d = exif_data_new();
  ExifEntry *pT;
  exif_data_set_byte_order(d, EXIF_BYTE_ORDER_INTEL);
  pT = exif_entry_new();
  pT->tag = EXIF_TAG_DATE_TIME_ORIGINAL; pT->format = EXIF_FORMAT_ASCII; pT->components = 20;
  pT->size = 20; pT->data = malloc(20); memcpy(pT->data, "2026:05:01 10:20:30", 20);
  exif_content_add_entry(d->ifd[EXIF_IFD_EXIF], pT);
  exif_entry_unref(pT);
  test_exif_gps(d, (ExifTag)EXIF_TAG_GPS_LATITUDE, (ExifTag)EXIF_TAG_GPS_LATITUDE_REF, "N", 28, 39, 3600);
  test_exif_gps(d, (ExifTag)EXIF_TAG_GPS_LONGITUDE, (ExifTag)EXIF_TAG_GPS_LONGITUDE_REF, "E", 115, 54, 0);
  exif_data_save_data(d, ppExif, pnExif);
  assert_non_null(*ppExif);
  exif_data_unref(d);
}

/* A JPEG (SOI, APP1 Exif, EOI) with DateTimeOriginal and GPS. */
static const char *test_exif_jpeg(void){
  unsigned char *pExif = 0, aJpeg[4096];
  unsigned nExif = 0;
  size_t n = 0;
  test_exif_block(&pExif, &nExif);
  assert_true(nExif + 8 < sizeof aJpeg);
  aJpeg[n++] = 0xFF; aJpeg[n++] = 0xD8; aJpeg[n++] = 0xFF; aJpeg[n++] = 0xE1;
  aJpeg[n++] = (unsigned char)((nExif + 2)>>8); aJpeg[n++] = (unsigned char)((nExif + 2)&255);
  memcpy(aJpeg + n, pExif, nExif); n += nExif;
  aJpeg[n++] = 0xFF; aJpeg[n++] = 0xD9;
  free(pExif);
  return test_file(aJpeg, n);
}

/* A 64×64 HEIC photo encoded with libheif (HEVC), carrying the same EXIF
** block as test_exif_jpeg — what an iPhone sends. NULL when this libheif
** has no HEVC encoder (Debian's has x265). */
static const char *test_exif_heic(void){
  static char zPath[] = "/tmp/zhifa-test-heic-XXXXXX";
  struct heif_context *pCtx = heif_context_alloc();
  struct heif_encoder *pEnc = 0;
  struct heif_image *pImg = 0;
  struct heif_image_handle *pH = 0;
  unsigned char *pExif = 0;
  unsigned nExif = 0;
  int stride, y, fd;
  uint8_t *pPlane;
  assert_int_equal(heif_context_get_encoder_for_format(pCtx, heif_compression_HEVC, &pEnc).code, heif_error_Ok);
  assert_int_equal(heif_image_create(64, 64, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &pImg).code,
                   heif_error_Ok);
  assert_int_equal(heif_image_add_plane(pImg, heif_channel_interleaved, 64, 64, 8).code, heif_error_Ok);
  pPlane = heif_image_get_plane(pImg, heif_channel_interleaved, &stride);
  for(y=0; y<64; y++) memset(pPlane + y*stride, 40 + y*3, 64*3);
  assert_int_equal(heif_context_encode_image(pCtx, pImg, pEnc, 0, &pH).code, heif_error_Ok);
  test_exif_block(&pExif, &nExif);
  assert_int_equal(heif_context_add_exif_metadata(pCtx, pH, pExif, (int)nExif).code, heif_error_Ok);
  fd = mkstemp(zPath);
  assert_true(fd>=0);
  close(fd);
  assert_int_equal(heif_context_write_to_file(pCtx, zPath).code, heif_error_Ok);
  free(pExif);
  heif_image_handle_release(pH);
  heif_image_release(pImg);
  heif_encoder_release(pEnc);
  heif_context_free(pCtx);
  return zPath;
}

static void test_exif(void **state){
  evidence_exif x;
  const char *zJpeg;
  (void)state;
  test_store_setup();
  zJpeg = test_exif_jpeg();
  evidence_exif_read(zJpeg, &x);
  assert_string_equal(x.zTime, "2026-05-01T10:20:30");
  assert_int_equal(x.hasGps, 1);
  assert_true(x.lat > 28.655 && x.lat < 28.665);     /* 28°39'36" */
  assert_true(x.lon > 115.89 && x.lon < 115.91);   /* 115°54' */
  /* a HEIC photo: the EXIF block is found inside it (libheif) */
  zJpeg = test_exif_heic();
  {
    unsigned char a[64];
    const char *zMedia = 0;
    FILE *f = fopen(zJpeg, "rb");
    size_t n;
    assert_non_null(f);
    n = fread(a, 1, sizeof a, f);
    fclose(f);
    assert_string_equal(evidence_sniff(a, n, &zMedia), "image/heic");
  }
  evidence_exif_read(zJpeg, &x);
  assert_string_equal(x.zTime, "2026-05-01T10:20:30");
  assert_int_equal(x.hasGps, 1);
  assert_true(x.lat > 28.655 && x.lat < 28.665);
  unlink(zJpeg);
  evidence_exif_read(test_file("\xFF\xD8\xFF\xD9", 4), &x);
  assert_string_equal(x.zTime, "");
  assert_int_equal(x.hasGps, 0);
}

/* An actor whose scope is zPath. */
static zf_who test_who(const char *zUser, const char *zPath){
  zf_who w;
  memset(&w, 0, sizeof w);
  snprintf(w.zUsername, sizeof w.zUsername, "%s", zUser);
  snprintf(w.zScopePath, sizeof w.zScopePath, "%s", zPath);
  return w;
}

/* The demo's officer1 (account and role) with scope zPath. */
static zf_who test_officer1(zf_db *pDb, const char *zPath){
  zf_who w = test_who("officer1", zPath);
  w.accountId = test_int(pDb, "SELECT id FROM account WHERE username='officer1'");
  w.roles = 1u<<ROLE_OFFICER;
  return w;
}

/* officer1's lowest scheduled inspection (officer1 on it as an officer). */
#define TEST_MINE_SQL \
  "SELECT min(i.id) FROM inspection i JOIN inspection_person ip ON ip.inspection_id=i.id" \
  " JOIN person p ON p.id=ip.person_id JOIN account a ON a.id=p.account_id" \
  " WHERE a.username='officer1' AND ip.role='officer' AND i.status='scheduled'"

static void test_add_void(void **state){
  zf_db *pDb = test_db(1);
  zf_who w = test_officer1(pDb, "/360000/360100/360104/");
  zf_who other = test_who("someone", "/360000/360100/360199/");
  zf_who officer2 = test_who("officer2", "/360000/360100/360104/");
  zf_who assistant = test_who("assistant1", "/360000/360100/360104/");
  evidence_new n = {"inspection", test_int(pDb, TEST_MINE_SQL), "scene.jpg", "现场照片", "DSJ-1", "127.0.0.1", 0};
  int64_t id = 0, id2 = 0, nAudit;
  zf_error e = {0};
  const char *zTmp;
  json_t *p;
  (void)state;
  test_store_setup();
  officer2.accountId = test_int(pDb, "SELECT id FROM account WHERE username='officer2'");
  officer2.roles = 1u<<ROLE_OFFICER;
  assistant.accountId = test_int(pDb, "SELECT id FROM account WHERE username='assistant1'");
  assistant.roles = 1u<<ROLE_ASSISTANT;
  nAudit = test_int(pDb, "SELECT count(*) FROM audit");
  /* refusals: nothing stored, no row, the temp file gone */
  zTmp = test_file("just text", 9);
  assert_int_equal(evidence_add(pDb, &w, zTmp, &n, &id, &e), ZF_EMEDIA);
  assert_string_equal(e.field, "file");
  assert_false(test_exists(zTmp));
  zTmp = test_file("\xFF\xD8\xFF\xD9", 4);
  memset(&e, 0, sizeof e);
  assert_int_equal(evidence_add(pDb, &other, zTmp, &n, &id, &e), ZF_ESCOPE);
  assert_string_equal(e.field, "link_id");
  assert_false(test_exists(zTmp));
  n.linkId = 99999999;
  zTmp = test_file("\xFF\xD8\xFF\xD9", 4);
  assert_int_equal(evidence_add(pDb, &w, zTmp, &n, &id, &e), ZF_ENOTFOUND);
  n.zLinkKind = "meeting"; n.linkId = 1;
  zTmp = test_file("\xFF\xD8\xFF\xD9", 4);
  assert_int_equal(evidence_add(pDb, &w, zTmp, &n, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "link_kind");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM evidence"), 0);
  /* a photo with EXIF, then the same bytes for another record */
  n.zLinkKind = "inspection"; n.linkId = test_int(pDb, TEST_MINE_SQL);
  assert_int_equal(evidence_add(pDb, &w, test_exif_jpeg(), &n, &id, &e), ZF_OK);
  n.zLinkKind = "hazard"; n.linkId = 99999999;  /* hazards are looked up like inspections */
  assert_int_equal(evidence_add(pDb, &w, test_exif_jpeg(), &n, &id2, &e), ZF_ENOTFOUND);
  assert_string_equal(e.field, "link_id");
  n.linkId = test_int(pDb, "SELECT min(id) FROM hazard");
  assert_int_equal(evidence_add(pDb, &w, test_exif_jpeg(), &n, &id2, &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(DISTINCT sha256) FROM evidence"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit"), nAudit + 2);
  p = evidence_json(pDb, id);
  assert_string_equal(json_string_value(json_object_get(p, "capture_time")), "2026-05-01T10:20:30");
  assert_true(json_real_value(json_object_get(p, "gps_lat")) > 28.6);
  assert_string_equal(json_string_value(json_object_get(p, "device")), "DSJ-1");
  assert_string_equal(json_string_value(json_object_get(p, "uploaded_by")), "officer1");
  assert_string_equal(json_string_value(json_object_get(p, "media")), "photo");
  json_decref(p);
  /* void, never delete */
  assert_int_equal(evidence_void(pDb, &w, id, "x", &e), ZF_EINVAL);
  assert_int_equal(evidence_void(pDb, &other, id, "拍错对象", &e), ZF_ESCOPE);
  /* only the inspection's officers (or brigade, leader); an assistant never */
  assert_int_equal(evidence_void(pDb, &officer2, id, "拍错对象", &e), ZF_EFORBIDDEN);
  assert_string_equal(e.field, "id");
  assert_int_equal(evidence_void(pDb, &assistant, id, "拍错对象", &e), ZF_EFORBIDDEN);
  assert_int_equal(evidence_void(pDb, &assistant, id2, "拍错对象", &e), ZF_EFORBIDDEN);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM evidence WHERE voided_at IS NOT NULL"), 0);
  assert_int_equal(evidence_void(pDb, &w, id, "拍错对象", &e), ZF_OK);
  assert_int_equal(evidence_void(pDb, &w, id, "拍错对象", &e), ZF_ECONFLICT);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM evidence WHERE voided_at IS NOT NULL"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='evidence.void'"), 1);
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM evidence", 0), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM evidence"), 2);
  {
    int fd = -1; int64_t nSize = 0; char zMime[64], zSha[65];
    assert_int_equal(evidence_open(pDb, &other, id2, &fd, &nSize, zMime, zSha, &e), ZF_ESCOPE);
    assert_int_equal(evidence_open(pDb, &w, id2, &fd, &nSize, zMime, zSha, &e), ZF_OK);
    assert_true(fd>=0);
    assert_string_equal(zMime, "image/jpeg");
    close(fd);
  }
  {
    /* fixity: intact, then the stored bytes changed behind our back */
    int ok = 0; char zActual[65], zPath[4300], zSha[65];
    int64_t nSize = 0;
    FILE *f;
    assert_int_equal(evidence_verify(pDb, &w, id2, &ok, zActual, &e), ZF_OK);
    assert_int_equal(ok, 1);
    snprintf(zSha, sizeof zSha, "%s", zActual);
    assert_int_equal(evidence_verify(pDb, &other, id2, &ok, zActual, &e), ZF_ESCOPE);
    evidence_store_path(zSha, zPath, sizeof zPath);
    chmod(zPath, 0640);
    f = fopen(zPath, "ab");
    assert_non_null(f);
    fputc('x', f);
    fclose(f);
    assert_int_equal(evidence_verify(pDb, &w, id2, &ok, zActual, &e), ZF_OK);
    assert_int_equal(ok, 0);
    assert_string_not_equal(zActual, zSha);
    unlink(zPath);
    assert_int_equal(evidence_verify(pDb, &w, id2, &ok, zActual, &e), ZF_OK);
    assert_int_equal(ok, 0);
    assert_string_equal(zActual, "");
    (void)nSize;
  }
  db_close(pDb);
}

static void test_av_records(void **state){
  zf_db *pDb = test_db(1);
  zf_who w = test_officer1(pDb, "/360000/360100/360104/");
  zf_who assistant = test_who("assistant1", "/360000/360100/360104/");
  int64_t officer = test_int(pDb, "SELECT min(id) FROM person"), id = 0, video = 0;
  int64_t insp = test_int(pDb, TEST_MINE_SQL);
  int64_t nDemo = test_int(pDb, "SELECT count(*) FROM av_record");   /* the demo's on-site ones */
  evidence_new v = {"inspection", insp, "rec.mp4", "执法记录仪", "DSJ-2", "127.0.0.1", 0};
  static const char aMp4[] = "\0\0\0\x18" "ftypisom\0\0\0\0" "moov-test-bytes";
  av_record_new a;
  zf_error e = {0};
  json_t *p;
  (void)state;
  test_store_setup();
  assert_int_equal(evidence_add(pDb, &w, test_file(aMp4, sizeof aMp4 - 1), &v, &video, &e), ZF_OK);
  assistant.accountId = test_int(pDb, "SELECT id FROM account WHERE username='assistant1'");
  assistant.roles = 1u<<ROLE_ASSISTANT;
  memset(&a, 0, sizeof a);
  a.zLinkKind = "inspection"; a.linkId = insp; a.zOccasion = "onsite_inspection";
  a.zStarted = "2026-06-01T01:00:00Z"; a.zEnded = "2026-06-01T02:00:00Z";
  a.zStartTrigger = "出示证件"; a.zEndTrigger = "离开现场"; a.zDevice = "DSJ-2"; a.officerId = officer;
  /* scheduled: not on site, nothing missing */
  assert_int_equal(evidence_missing_recording(pDb, insp), 0);
  assert_int_equal(db_exec(pDb, "UPDATE inspection SET status='in_progress' WHERE id=?", "i", insp), ZF_OK);
  assert_int_equal(evidence_missing_recording(pDb, insp), 1);
  /* bad input */
  a.zOccasion = "party";
  assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "occasion");
  a.zOccasion = "onsite_inspection"; a.zEnded = "2026-05-31T23:00:00Z";
  assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "ended_at");
  a.zEnded = "2026-06-01 02:00";
  assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_EINVAL);
  a.zEnded = "2026-06-01T02:00:00Z"; a.officerId = 99999999;
  assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "officer_id");
  a.officerId = officer;
  {
    int64_t bogus = 123456;
    a.aEvidence = &bogus; a.nEvidence = 1;
    assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_EINVAL);
    assert_string_equal(e.field, "evidence_ids");
    a.aEvidence = 0; a.nEvidence = 0;
  }
  /* a recording needs its files; an assistant never files one */
  assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_EINVAL);
  assert_string_equal(e.field, "evidence_ids");
  a.aEvidence = &video; a.nEvidence = 1;
  assert_int_equal(av_record_add(pDb, &assistant, &a, &id, &e), ZF_EFORBIDDEN);
  assert_string_equal(e.field, "link_id");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM av_record"), nDemo);
  /* a recording clears the flag; keep_until from the rule (180 days) */
  assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_OK);
  assert_int_equal(evidence_missing_recording(pDb, insp), 0);
  p = av_record_json(pDb, id);
  assert_string_equal(json_string_value(json_object_get(p, "keep_until")), "2026-11-28");
  assert_string_equal(json_string_value(json_object_get(p, "device")), "DSJ-2");
  json_decref(p);
  /* another occasion does not count for on-site */
  assert_int_equal(av_record_void(pDb, &w, id, "误登记", &e), ZF_OK);
  assert_int_equal(evidence_missing_recording(pDb, insp), 1);
  a.zOccasion = "statement";
  assert_int_equal(av_record_add(pDb, &w, &a, &id, &e), ZF_OK);
  assert_int_equal(evidence_missing_recording(pDb, insp), 1);
  assert_int_not_equal(db_exec_script(pDb, "DELETE FROM av_record", 0), ZF_OK);
  assert_true(av_occasion_valid("lien_service"));
  assert_false(av_occasion_valid("lunch"));
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sniff),
    cmocka_unit_test(test_store_dedupe),
    cmocka_unit_test(test_exif),
    cmocka_unit_test(test_add_void),
    cmocka_unit_test(test_av_records),
  };
  int rc = cmocka_run_group_tests_name("evidence", tests, 0, 0);
  test_store_cleanup();
  return rc;
}
