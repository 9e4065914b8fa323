/*
** log.c — stderr logging. Each line: "2026-11-29T01:23:45Z INFO message".
*/
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "log.h"

static int log_level = LOG_INFO;

/* Messages below level are dropped. */
void log_set_level(int level){ log_level = level; }

/* Writes one line to stderr when level is at or above the set level. */
void log_msg(int level, const char *fmt, ...){
  static const char *azName[] = {"DEBUG", "INFO", "WARN", "ERROR"};
  char zTime[32], zLine[2048];
  time_t now = time(0);
  struct tm tm;
  va_list ap;
  if( level < log_level ) return;
  gmtime_r(&now, &tm);
  strftime(zTime, sizeof zTime, "%Y-%m-%dT%H:%M:%SZ", &tm);
  va_start(ap, fmt);
  vsnprintf(zLine, sizeof zLine, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s %s %s\n", zTime, azName[level & 3], zLine);
}
