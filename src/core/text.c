/*
** text.c — shared checks of user-typed text (see text.h).
*/
#include <ctype.h>
#include <string.h>
#include "json.h"
#include "text.h"

int text_check(const char *z, size_t nMin, size_t nMax, const char *zField,
               const char *zLabel, zf_error *e){
  size_t n = z ? json_utf8_len(z) : 0;
  if( n<nMin ) return err_set(e, nMin && !z ? ZF_EMISSING : ZF_EINVAL, zField,
                              nMin<=1 ? "请填写%s" : "%s至少需要 %zu 个字符", zLabel, nMin);
  if( n>nMax ) return err_set(e, ZF_EINVAL, zField, "%s不能超过 %zu 个字符", zLabel, nMax);
  return ZF_OK;
}

int text_phone_check(const char *z, const char *zField, zf_error *e){
  size_t i, n = z ? strlen(z) : 0, nDigit = 0;
  for(i=0; i<n; i++){
    if( isdigit((unsigned char)z[i]) ) nDigit++;
    else if( !strchr("+- ()", z[i]) ) break;
  }
  if( i<n || n<7 || n>20 || nDigit<7 ){
    return err_set(e, ZF_EINVAL, zField, "电话号码“%.24s”无效：应为 7–20 位数字，可含 + - 空格和括号", z ? z : "");
  }
  return ZF_OK;
}

void text_like(const char *zIn, char *zOut, size_t n){
  size_t j = 0;
  if( n<4 ) return;
  zOut[j++] = '%';
  for(; *zIn && j+3<n; zIn++){
    if( *zIn=='%' || *zIn=='_' || *zIn=='\\' ) zOut[j++] = '\\';
    zOut[j++] = *zIn;
  }
  zOut[j++] = '%';
  zOut[j] = 0;
}
