/*
** calendar.h — dates and working days (工作日), the infrastructure every
** deadline uses (plan clauses 12, 13; shared RULES.md).
**
** A day is a working day when it is Monday–Friday and the official
** arrangement does not list it as a holiday (放假), or when the arrangement
** lists it as a make-up working day (调休上班, a Saturday or Sunday). The
** arrangements live in calendar_year / calendar_day (migration 0002): the
** years 2004–2026 ship with the product (ref/cn-calendar-2004-2026.csv,
** loaded by calendar_load_reference() from demo_init), administrators add
** later years. For a year whose arrangement is not loaded the functions
** count weekends only and say so through *pProvisional — never silently.
**
** Dates are "YYYY-MM-DD" text (years 1900–2999) or day numbers (days since
** 1970-01-01). "Today" is the date in Asia/Shanghai (UTC+8, no DST).
*/
#ifndef ZF_CALENDAR_H
#define ZF_CALENDAR_H
#include <stdint.h>
#include "db.h"
#include "err.h"

/* Largest |n| the add functions accept (about ten years). */
#define CALENDAR_MAX_SPAN 3650
#define CALENDAR_MIN_YEAR 1900
#define CALENDAR_MAX_YEAR 2999

/*
** Parses zDate strictly as YYYY-MM-DD of a real day (2026-02-30 and
** 2026-2-3 are refused) with a year in 1900–2999. *pDay gets the day
** number. Errors are ZF_EINVAL naming zField, with the reason in Chinese.
*/
int calendar_parse_date(const char *zDate, const char *zField, int32_t *pDay, zf_error *e);

/* Formats day number `day` as YYYY-MM-DD into zOut. */
void calendar_format(int32_t day, char zOut[11]);

/* Day number of y-m-d (no validation; m 1–12, d 1–31). */
int32_t calendar_day_number(int y, int m, int d);

/* Year of day number `day`. */
int calendar_year_of(int32_t day);

/* ISO weekday of day number `day`: 1 = Monday … 7 = Sunday. */
int calendar_weekday(int32_t day);

/* Today's date in Asia/Shanghai (follows clock_now(), so tests can move it). */
void calendar_today(char zOut[11]);
int32_t calendar_today_number(void);

/*
** Pure date arithmetic: zFrom plus n calendar days (n may be negative);
** zOut is "" on error. Errors: bad zFrom (field "from"), a result outside
** 1900–2999 (field "days"). No span limit: the API bounds what users ask.
*/
int calendar_days_add(const char *zFrom, int n, char zOut[11], zf_error *e);

/* Days from zFrom to zTo (negative when zTo is earlier); 0 when either is
** not a valid date. */
int calendar_days_between(const char *zFrom, const char *zTo);

/* The Beijing (UTC+8) calendar date of an ISO instant "YYYY-MM-DDTHH:MM…Z";
** "" when zIso is not one. */
void calendar_local_date(const char *zIso, char zOut[11]);

/*
** zFrom plus n months (n may be negative; |n| <= 1200): the same day of
** the month, or the month's last day when it is shorter (2024-02-29 plus
** 12 months is 2025-02-28). Pure arithmetic, no rest-day moving. Errors
** name "from" and "months".
*/
int calendar_months_add(const char *zFrom, int n, char zOut[11], zf_error *e);

/*
** "Within n working days of zFrom": the n-th working day after zFrom,
** zFrom itself not counted. n = 0 gives zFrom itself; n < 0 counts
** backwards (the n-th working day before zFrom). *pProvisional (may be
** NULL) is set to 1 when any day counted lies in a year whose official
** arrangement is not loaded (weekends-only answer), else 0.
** Errors: bad zFrom (field "from"), |n| > CALENDAR_MAX_SPAN or a result
** out of range (field "workdays").
*/
int calendar_workdays_add(zf_db *pDb, const char *zFrom, int n, char zOut[11],
                          int *pProvisional, zf_error *e);

/*
** A deadline of n calendar days: zFrom plus n days, and when that day is
** not a working day (weekend or holiday, unless a make-up working day) it
** moves to the next working day — or, for n < 0 (a latest date before an
** event), to the previous one. (民法典第二百零三条: when the last day of a
** period is a statutory rest day, the day after the rest ends is the last
** day.) *pMoved gets 1 when the date moved; *pProvisional as above, for
** the days looked at while moving. Either pointer may be NULL.
*/
int calendar_deadline_days(zf_db *pDb, const char *zFrom, int n, char zOut[11],
                           int *pMoved, int *pProvisional, zf_error *e);

/*
** *pWorkday = 1 when zDate is a working day; *pProvisional = 1 when its
** year's arrangement is not loaded (weekday/weekend answer). Errors: bad
** date (field "date").
*/
int calendar_is_workday(zf_db *pDb, const char *zDate, int *pWorkday, int *pProvisional,
                        zf_error *e);

/*
** Number of working days from zFrom to zTo, both included (0 when zTo is
** before zFrom; at most CALENDAR_MAX_SPAN days apart). *pProvisional as
** above. Used for a year's legal workdays (plan budget). Errors name
** "from" / "to".
*/
int calendar_workdays_between(zf_db *pDb, const char *zFrom, const char *zTo, int *pCount,
                              int *pProvisional, zf_error *e);

/* *pCovered = 1 when year has a loaded (not voided) arrangement. */
int calendar_year_covered(zf_db *pDb, int year, int *pCovered);

/* One special day of an arrangement. kind: "holiday" or "workday". */
typedef struct calendar_entry {
  const char *zDate;
  const char *zKind;
  const char *zName;
} calendar_entry;

#define CALENDAR_MAX_ENTRIES 200

/*
** Loads (or replaces) the arrangement of `year`: checks everything first
** (year 1900–2999; source 1–200 characters; 1–200 entries, each a real
** date inside that year, not repeated, kind holiday|workday, a workday only
** on a Saturday or Sunday, name 1–32 characters; a reason of 2–200
** characters when the year already has an arrangement), then in one
** transaction voids the current version (kept, with the reason), writes the
** new version and its days, and appends an audit entry. *pVersion (may be
** NULL) gets the new version id. Errors name the field ("year", "source",
** "reason", "days", "days[3].date" …).
*/
int calendar_year_replace(zf_db *pDb, const char *zActor, int year, const char *zSource,
                          const char *zReason, const calendar_entry *aEntry, int nEntry,
                          int64_t *pVersion, zf_error *e);

/*
** Loads the embedded ref/cn-calendar-2004-2026.csv, one version per year,
** skipping years that already have an arrangement (so it can run again on
** an upgraded database). Called by demo_init().
*/
int calendar_load_reference(zf_db *pDb, const char *zActor, zf_error *e);

#endif
