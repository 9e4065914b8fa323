/*
** idcheck.c — GB 32100 and GB 11643 check characters.
**
** USCC: characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (31, no I O S V
** Z); positions 1–17 weighted 3^(i-1) mod 31; check = 31 - sum mod 31
** (31 → 0). Identity number: positions 1–17 weighted 2^(17-i) mod 11; check
** from "10X98765432"[sum mod 11]; positions 7–14 a real date of birth.
*/
#include <stdio.h>
#include <string.h>
#include "idcheck.h"

static const char idcheck_uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int idcheck_uscc_w[17] = {1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28};

static int idcheck_uscc_value(char c){
  const char *p = c ? strchr(idcheck_uscc_chars, c) : 0;
  return p ? (int)(p - idcheck_uscc_chars) : -1;
}

char idcheck_uscc_check(const char *z17){
  int i, sum = 0, c;
  for(i=0; i<17; i++){
    int v = idcheck_uscc_value(z17[i]);
    if( v<0 ) return 0;
    sum += v * idcheck_uscc_w[i];
  }
  c = 31 - sum % 31;
  return idcheck_uscc_chars[c==31 ? 0 : c];
}

int idcheck_uscc(const char *zCode, const char *zField, zf_error *e){
  size_t i, n = zCode ? strlen(zCode) : 0;
  char want;
  if( n!=18 ){
    return err_set(e, ZF_EINVAL, zField, "统一社会信用代码应为 18 位（当前 %zu 位）", n);
  }
  for(i=0; i<18; i++){
    if( idcheck_uscc_value(zCode[i])<0 ){
      return err_set(e, ZF_EINVAL, zField,
        "统一社会信用代码第 %zu 位“%c”不是允许的字符（数字或除 I、O、S、V、Z 外的大写字母）",
        i+1, zCode[i]>=32 && zCode[i]<127 ? zCode[i] : '?');
    }
  }
  for(i=2; i<8; i++){
    if( zCode[i]<'0' || zCode[i]>'9' ){
      return err_set(e, ZF_EINVAL, zField, "统一社会信用代码第 3–8 位应为行政区划代码（数字）");
    }
  }
  want = idcheck_uscc_check(zCode);
  if( want!=zCode[17] ){
    return err_set(e, ZF_EINVAL, zField,
      "统一社会信用代码校验位错误（第 18 位应为“%c”，实为“%c”），请核对是否录入有误", want, zCode[17]);
  }
  return ZF_OK;
}

char idcheck_idcard_check(const char *z17){
  static const int w[17] = {7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2};
  int i, sum = 0;
  for(i=0; i<17; i++){
    if( z17[i]<'0' || z17[i]>'9' ) return 0;
    sum += (z17[i] - '0') * w[i];
  }
  return "10X98765432"[sum % 11];
}

static int idcheck_date_ok(int y, int m, int d){
  static const int aDays[12] = {31,29,31,30,31,30,31,31,30,31,30,31};
  if( y<1900 || y>2100 || m<1 || m>12 || d<1 || d>aDays[m-1] ) return 0;
  if( m==2 && d==29 && !((y%4==0 && y%100!=0) || y%400==0) ) return 0;
  return 1;
}

int idcheck_idcard(const char *zId, const char *zField, zf_error *e){
  size_t n = zId ? strlen(zId) : 0;
  int y, m, d;
  char want, got;
  if( n!=18 ) return err_set(e, ZF_EINVAL, zField, "身份证号码应为 18 位（当前 %zu 位）", n);
  if( sscanf(zId + 6, "%4d%2d%2d", &y, &m, &d)!=3 || !idcheck_date_ok(y, m, d) ){
    return err_set(e, ZF_EINVAL, zField, "身份证号码第 7–14 位不是有效的出生日期");
  }
  want = idcheck_idcard_check(zId);
  if( want==0 ) return err_set(e, ZF_EINVAL, zField, "身份证号码前 17 位应为数字");
  got = zId[17]=='x' ? 'X' : zId[17];
  if( want!=got ){
    return err_set(e, ZF_EINVAL, zField, "身份证号码校验位错误（第 18 位应为“%c”）", want);
  }
  return ZF_OK;
}

void idcheck_mask(const char *zId, char *zOut, size_t n){
  size_t len = strlen(zId), i;
  if( n==0 ) return;
  for(i=0; i<len && i+1<n; i++){
    zOut[i] = (i<4 || i+4>=len) ? zId[i] : '*';
  }
  zOut[i] = 0;
}
