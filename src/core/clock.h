/*
** clock.h — the platform's notion of "now". Everything that compares times
** (session timeouts, login throttling, deadlines) asks clock_now(), so tests
** can move time forward with clock_advance() instead of sleeping.
*/
#ifndef ZF_CLOCK_H
#define ZF_CLOCK_H
#include <stdint.h>

int64_t clock_now(void);                 /* Unix seconds, UTC */
void clock_advance(int64_t seconds);     /* tests only: shift "now" */
void clock_iso(int64_t t, char out[24]); /* "2026-11-29T01:23:45Z" */
void clock_now_iso(char out[24]);

#endif
