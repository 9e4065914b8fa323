/*
** json.c — parse a request body with jansson and validate it against a
** json_field table. jansson already refuses malformed JSON, invalid UTF-8
** and duplicate keys (JSON_REJECT_DUPLICATES); this file turns its verdicts
** and the table's rules into zf_error values that name the field: the
** message by its Chinese label (what a user reads), the error's field
** member by its API name (what a client matches on). A NUL character
** (\u0000) is let through the parser only so that json_check() can refuse
** it naming the field, instead of a bare "not JSON".
*/
#include <string.h>
#include "json.h"

size_t json_utf8_len(const char *z){
  size_t n = 0;
  for(; *z; z++) if( ((unsigned char)*z & 0xC0)!=0x80 ) n++;
  return n;
}

/* Strict UTF-8 check: no overlongs, no surrogates, max U+10FFFF, no NUL. */
int json_utf8_valid(const char *z, size_t n){
  const unsigned char *s = (const unsigned char*)z, *e = s + n;
  while( s<e ){
    unsigned c = *s;
    int k;
    unsigned cp;
    if( c==0 ) return 0;
    if( c<0x80 ){ s++; continue; }
    if( c>=0xC2 && c<=0xDF ){ k = 1; cp = c & 0x1F; }
    else if( c>=0xE0 && c<=0xEF ){ k = 2; cp = c & 0x0F; }
    else if( c>=0xF0 && c<=0xF4 ){ k = 3; cp = c & 0x07; }
    else return 0;
    if( e-s<=k ) return 0;
    for(int i=1; i<=k; i++){
      if( (s[i] & 0xC0)!=0x80 ) return 0;
      cp = (cp<<6) | (s[i] & 0x3F);
    }
    if( (k==2 && cp<0x800) || (k==3 && (cp<0x10000 || cp>0x10FFFF)) ) return 0;
    if( cp>=0xD800 && cp<=0xDFFF ) return 0;
    s += k + 1;
  }
  return 1;
}

int json_parse_body(const char *zBody, size_t nBody, json_t **ppObj, zf_error *e){
  json_error_t jerr;
  json_t *p;
  *ppObj = 0;
  if( nBody==0 ) return err_set(e, ZF_EJSON, 0, "请求体为空，应为 JSON 对象");
  p = json_loadb(zBody, nBody, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
  if( p==0 ){
    if( json_error_code(&jerr)==json_error_invalid_utf8 ){
      return err_set(e, ZF_EUTF8, 0, "请求体包含非法的 UTF-8 字符（第 %d 行第 %d 列）",
                     jerr.line, jerr.column);
    }
    if( json_error_code(&jerr)==json_error_duplicate_key ){
      return err_set(e, ZF_EJSON, 0, "请求体包含重复的字段");
    }
    return err_set(e, ZF_EJSON, 0, "请求体不是合法的 JSON（第 %d 行第 %d 列）",
                   jerr.line, jerr.column);
  }
  if( !json_is_object(p) ){
    json_decref(p);
    return err_set(e, ZF_EJSON, 0, "请求体必须是 JSON 对象");
  }
  *ppObj = p;
  return ZF_OK;
}

static const char *json_type_name(int type){
  switch( type ){
    case JF_STRING: return "字符串";
    case JF_INT: return "整数";
    case JF_BOOL: return "布尔值";
    case JF_STRINGS: return "字符串数组";
    case JF_OBJECT: return "对象";
    case JF_NUMBER: return "数字";
    case JF_OBJECTS: return "对象数组";
    case JF_ARRAY: return "数组";
  }
  return "?";
}

/* Checks one present value v against field f. */
static int json_check_one(json_t *v, const json_field *f, zf_error *e){
  const char *zL = f->zLabel ? f->zLabel : f->zName;
  if( json_is_null(v) ){
    if( f->flags & JF_NULLABLE ) return ZF_OK;
    return err_set(e, ZF_ETYPE, f->zName, "字段“%s”不能为空值，应为%s",
                   zL, json_type_name(f->type));
  }
  switch( f->type ){
    case JF_STRING: {
      size_t n;
      if( !json_is_string(v) ) break;
      if( memchr(json_string_value(v), 0, json_string_length(v)) ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”包含空字符", zL);
      }
      n = json_utf8_len(json_string_value(v));
      if( (long long)n<f->min ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”至少需要 %lld 个字符",
                       zL, f->min);
      }
      if( f->max>0 && (long long)n>f->max ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”不能超过 %lld 个字符",
                       zL, f->max);
      }
      return ZF_OK;
    }
    case JF_INT:
      if( !json_is_integer(v) ) break;
      if( f->max>f->min && (json_integer_value(v)<f->min || json_integer_value(v)>f->max) ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”应在 %lld 到 %lld 之间",
                       zL, f->min, f->max);
      }
      return ZF_OK;
    case JF_NUMBER:
      if( !json_is_number(v) ) break;
      return ZF_OK;
    case JF_BOOL:
      if( !json_is_boolean(v) ) break;
      return ZF_OK;
    case JF_OBJECT:
      if( !json_is_object(v) ) break;
      return ZF_OK;
    case JF_OBJECTS: {
      size_t i, n;
      if( !json_is_array(v) ) break;
      n = json_array_size(v);
      for(i=0; i<n; i++){
        if( !json_is_object(json_array_get(v, i)) ){
          return err_set(e, ZF_ETYPE, f->zName, "字段“%s”的第 %zu 项应为对象",
                         zL, i+1);
        }
      }
      if( (long long)n<f->min ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”至少需要 %lld 项",
                       zL, f->min);
      }
      if( f->max>0 && (long long)n>f->max ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”不能超过 %lld 项",
                       zL, f->max);
      }
      return ZF_OK;
    }
    case JF_ARRAY:
      if( !json_is_array(v) ) break;
      if( (long long)json_array_size(v)<f->min ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”至少需要 %lld 项",
                       zL, f->min);
      }
      if( f->max>0 && (long long)json_array_size(v)>f->max ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”不能超过 %lld 项",
                       zL, f->max);
      }
      return ZF_OK;
    case JF_STRINGS: {
      size_t i, n;
      if( !json_is_array(v) ) break;
      n = json_array_size(v);
      for(i=0; i<n; i++){
        if( !json_is_string(json_array_get(v, i)) ){
          return err_set(e, ZF_ETYPE, f->zName, "字段“%s”的第 %zu 项应为字符串",
                         zL, i+1);
        }
      }
      if( (long long)n<f->min ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”至少需要 %lld 项",
                       zL, f->min);
      }
      if( f->max>0 && (long long)n>f->max ){
        return err_set(e, ZF_EINVAL, f->zName, "字段“%s”不能超过 %lld 项",
                       zL, f->max);
      }
      return ZF_OK;
    }
  }
  return err_set(e, ZF_ETYPE, f->zName, "字段“%s”应为%s",
                 zL, json_type_name(f->type));
}

/* 1 when a string anywhere in v holds a NUL character. */
static int json_has_nul(json_t *v){
  const char *zKey;
  json_t *x;
  size_t i;
  if( json_is_string(v) ) return strlen(json_string_value(v))!=json_string_length(v);
  if( json_is_array(v) ){
    json_array_foreach(v, i, x) if( json_has_nul(x) ) return 1;
  }
  if( json_is_object(v) ){
    json_object_foreach(v, zKey, x) if( json_has_nul(x) ) return 1;
  }
  return 0;
}

int json_check(json_t *obj, const json_field *aField, zf_error *e){
  const char *zKey;
  json_t *v;
  const json_field *f;
  int rc;
  json_object_foreach(obj, zKey, v){
    for(f=aField; f && f->zName; f++) if( strcmp(f->zName, zKey)==0 ) break;
    if( f==0 || f->zName==0 ){
      return err_set(e, ZF_EUNKNOWN, zKey, "不支持的字段：%s", zKey);
    }
    if( json_has_nul(v) ){
      return err_set(e, ZF_EINVAL, zKey, "“%s”不能包含空字符", f->zLabel ? f->zLabel : zKey);
    }
    rc = json_check_one(v, f, e);
    if( rc ) return rc;
  }
  for(f=aField; f && f->zName; f++){
    if( (f->flags & JF_REQUIRED) && json_object_get(obj, f->zName)==0 ){
      return err_set(e, ZF_EMISSING, f->zName, "缺少必填字段：%s",
                     f->zLabel ? f->zLabel : f->zName);
    }
  }
  return ZF_OK;
}

const char *json_str(json_t *obj, const char *zKey){
  return json_string_value(json_object_get(obj, zKey));
}

long long json_int(json_t *obj, const char *zKey, long long dflt){
  json_t *v = json_object_get(obj, zKey);
  return json_is_integer(v) ? json_integer_value(v) : dflt;
}
