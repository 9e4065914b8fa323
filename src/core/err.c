/*
** err.c — the table that maps each zf_rc to an HTTP status, a stable code
** string and a default Chinese message. Callers add the field name and a
** specific message; this table is the fallback and the single source of the
** status and code. Messages are for people: err_setv drops an API name
** in full-width brackets ("（approval_document）") from them, since the
** error's field member carries it for clients.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "err.h"

static const struct {
  int status;
  const char *code;
  const char *message;
} err_table[ZF_NERR] = {
  [ZF_OK]         = {200, "ok", "成功"},
  [ZF_EJSON]      = {400, "bad_json", "请求体不是合法的 JSON 对象"},
  [ZF_EUTF8]      = {400, "invalid_utf8", "请求包含非法的 UTF-8 字符"},
  [ZF_EUNKNOWN]   = {400, "unknown_field", "请求包含未知字段"},
  [ZF_EMISSING]   = {400, "missing_field", "缺少必填字段"},
  [ZF_ETYPE]      = {400, "wrong_type", "字段类型错误"},
  [ZF_EINVAL]     = {400, "invalid", "字段取值无效"},
  [ZF_EAUTH]      = {401, "unauthenticated", "未登录或登录已过期，请重新登录"},
  [ZF_ELOGIN]     = {401, "bad_credentials", "用户名或密码错误"},
  [ZF_EFORBIDDEN] = {403, "forbidden", "当前账号无权执行此操作"},
  [ZF_ECSRF]      = {403, "csrf", "拒绝跨站请求"},
  [ZF_ESCOPE]     = {403, "out_of_scope", "该记录不在本账号的管辖范围内"},
  [ZF_ENOTFOUND]  = {404, "not_found", "请求的资源不存在"},
  [ZF_EMETHOD]    = {405, "method_not_allowed", "该地址不支持此请求方法"},
  [ZF_ECONFLICT]  = {409, "conflict", "与现有记录冲突"},
  [ZF_ETOOLARGE]  = {413, "too_large", "请求体过大"},
  [ZF_EMEDIA]     = {415, "unsupported_media_type", "请求体必须为 application/json"},
  [ZF_EPROCEDURE] = {422, "procedure", "不符合法定程序"},
  [ZF_ETHROTTLE]  = {429, "too_many_attempts", "登录失败次数过多，请稍后再试"},
  [ZF_EBUSY]      = {503, "busy", "系统繁忙，请稍后重试"},
  [ZF_EINTERNAL]  = {500, "internal", "系统内部错误"},
};

static int err_valid(int rc){
  return rc >= 0 && rc < ZF_NERR && err_table[rc].code != 0;
}

/* HTTP status for rc; unknown codes map to 500. */
int err_status(int rc){
  return err_valid(rc) ? err_table[rc].status : 500;
}

/* Stable machine-readable code string for rc. */
const char *err_code(int rc){
  return err_valid(rc) ? err_table[rc].code : "internal";
}

/* Default Chinese message for rc. */
const char *err_message(int rc){
  return err_valid(rc) ? err_table[rc].message : err_table[ZF_EINTERNAL].message;
}

/*
** Makes z valid UTF-8 in place: a multi-byte character cut off at the end
** (snprintf truncation, "%.40s" of Chinese text) is dropped, and any other
** invalid byte becomes '?'. Messages and field names go to clients as JSON,
** which must be valid UTF-8.
*/
void err_utf8_clean(char *z){
  unsigned char *s = (unsigned char*)z;
  while( *s ){
    unsigned c = *s;
    int k, i, ok = 1;
    if( c<0x80 ){ s++; continue; }
    if( c>=0xC2 && c<=0xDF ) k = 1;
    else if( c>=0xE0 && c<=0xEF ) k = 2;
    else if( c>=0xF0 && c<=0xF4 ) k = 3;
    else { *s++ = '?'; continue; }
    for(i=1; i<=k; i++){
      if( s[i]==0 ){ *s = 0; return; }            /* cut at the end: drop it */
      if( (s[i] & 0xC0)!=0x80 ){ ok = 0; break; }
    }
    if( ok && k==2 && ((c==0xE0 && s[1]<0xA0) || (c==0xED && s[1]>=0xA0)) ) ok = 0;
    if( ok && k==3 && ((c==0xF0 && s[1]<0x90) || (c==0xF4 && s[1]>=0x90)) ) ok = 0;
    if( !ok ){ *s++ = '?'; continue; }
    s += k + 1;
  }
}

/* True when z[0..n) is an API name: a lower-case letter, then lower-case
** letters, digits, '_' and '.' (approval_document, entries.month). */
static int err_is_api_name(const char *z, size_t n){
  size_t i;
  if( n==0 || z[0]<'a' || z[0]>'z' ) return 0;
  for(i=1; i<n; i++){
    char c = z[i];
    if( !((c>='a' && c<='z') || (c>='0' && c<='9') || c=='_' || c=='.') ) return 0;
  }
  return 1;
}

/*
** Removes every "（name）" whose name is an API name from message z, in
** place: "批准文号（approval_document）不能为空" → "批准文号不能为空". Chinese,
** dates, codes and other bracketed text stay.
*/
void err_drop_api_names(char *z){
  static const char zOpen[] = "\xEF\xBC\x88", zClose[] = "\xEF\xBC\x89";   /* （ ） */
  char *p = z;
  while( (p = strstr(p, zOpen))!=0 ){
    char *zName = p + 3, *q = strstr(zName, zClose);
    if( q && err_is_api_name(zName, (size_t)(q - zName)) ){
      memmove(p, q + 3, strlen(q + 3) + 1);
    }else{
      p = zName;
    }
  }
}

int err_setv(zf_error *e, int rc, const char *field, const char *fmt, va_list ap){
  if( e==0 ) return rc;
  e->rc = rc;
  snprintf(e->field, sizeof e->field, "%s", field ? field : "");
  err_utf8_clean(e->field);
  if( fmt ){
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    err_utf8_clean(e->message);
    err_drop_api_names(e->message);
  }else{
    e->message[0] = 0;
  }
  return rc;
}

/* Records rc, the blamed field and a formatted message in e; returns rc. */
int err_set(zf_error *e, int rc, const char *field, const char *fmt, ...){
  va_list ap;
  va_start(ap, fmt);
  rc = err_setv(e, rc, field, fmt, ap);
  va_end(ap);
  return rc;
}
