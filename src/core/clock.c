/*
** clock.c — wall-clock time in Unix seconds and ISO-8601 UTC text, with a
** test-only offset.
*/
#include <stdatomic.h>
#include <time.h>
#include "clock.h"

static _Atomic int64_t clock_offset = 0;

/* Current Unix time in seconds, plus any offset a test has set. */
int64_t clock_now(void){
  return (int64_t)time(0) + atomic_load(&clock_offset);
}

/* Moves "now" forward by seconds (tests of timeouts and windows). */
void clock_advance(int64_t seconds){
  atomic_fetch_add(&clock_offset, seconds);
}

/* Formats t as ISO-8601 UTC with a Z suffix into out (24 bytes). */
void clock_iso(int64_t t, char out[24]){
  time_t tt = (time_t)t;
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_now_iso(char out[24]){ clock_iso(clock_now(), out); }
