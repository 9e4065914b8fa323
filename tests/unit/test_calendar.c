/*
** test_calendar.c — the working-day calendar (src/core/calendar.c) against
** the official arrangements shipped in ref/cn-calendar-2004-2026.csv:
** 国庆 and 春节 2026 with their make-up Saturdays, 2024's make-up days, a
** start date that is itself a make-up Saturday, a deadline landing on a
** holiday, provisional answers for years without an arrangement, strict
** date parsing, and adding / replacing a year as a new version.
*/
#include "testutil.h"
#include "core/audit.h"
#include "core/calendar.h"

static char zOut[11];

/* n-th working day after zFrom; checks the provisional flag too. */
static const char *wadd(zf_db *pDb, const char *zFrom, int n, int expectProvisional){
  zf_error e = {0};
  int prov = -1;
  assert_int_equal(calendar_workdays_add(pDb, zFrom, n, zOut, &prov, &e), ZF_OK);
  assert_int_equal(prov, expectProvisional);
  return zOut;
}

static int workday(zf_db *pDb, const char *zDate){
  zf_error e = {0};
  int w = -1, prov = -1;
  assert_int_equal(calendar_is_workday(pDb, zDate, &w, &prov, &e), ZF_OK);
  return w;
}

static void test_date_arithmetic(void **state){
  zf_error e = {0};
  int32_t day;
  int i;
  (void)state;
  assert_int_equal(calendar_parse_date("1970-01-01", "d", &day, &e), ZF_OK);
  assert_int_equal(day, 0);
  assert_int_equal(calendar_weekday(0), 4);                       /* a Thursday */
  assert_int_equal(calendar_parse_date("2026-11-29", "d", &day, &e), ZF_OK);
  assert_int_equal(calendar_weekday(day), 7);                     /* a Sunday */
  assert_int_equal(calendar_parse_date("2024-02-29", "d", &day, &e), ZF_OK);
  /* format ∘ parse is the identity over 1900–2999 */
  for(i=calendar_day_number(1900, 1, 1); i<=calendar_day_number(2999, 12, 31); i+=7){
    int32_t back;
    calendar_format(i, zOut);
    assert_int_equal(calendar_parse_date(zOut, "d", &back, &e), ZF_OK);
    assert_int_equal(back, i);
  }
  assert_int_equal(calendar_days_add("2026-12-25", 10, zOut, &e), ZF_OK);
  assert_string_equal(zOut, "2027-01-04");
  assert_int_equal(calendar_days_add("2024-03-01", -1, zOut, &e), ZF_OK);
  assert_string_equal(zOut, "2024-02-29");
  assert_int_equal(calendar_months_add("2024-02-29", 12, zOut, &e), ZF_OK);
  assert_string_equal(zOut, "2025-02-28");
  assert_int_equal(calendar_months_add("2026-01-31", 1, zOut, &e), ZF_OK);
  assert_string_equal(zOut, "2026-02-28");
  assert_int_equal(calendar_months_add("2026-05-15", -5, zOut, &e), ZF_OK);
  assert_string_equal(zOut, "2025-12-15");
}

static void test_parse_refuses(void **state){
  static const char *const azBad[] = {
    "2026-02-30", "2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-2-3",
    "20260203", "2026-02-03x", "", "1899-12-31", "3000-01-01", "2026/02/03", " 2026-02-03",
  };
  zf_error e;
  size_t i;
  (void)state;
  for(i=0; i<sizeof azBad/sizeof azBad[0]; i++){
    memset(&e, 0, sizeof e);
    assert_int_equal(calendar_parse_date(azBad[i], "from", 0, &e), ZF_EINVAL);
    assert_string_equal(e.field, "from");
  }
  memset(&e, 0, sizeof e);
  calendar_parse_date("2026-02-30", "from", 0, &e);
  assert_non_null(strstr(e.message, "2026-02-30"));
  assert_non_null(strstr(e.message, "28"));
  /* the add functions name their fields */
  memset(&e, 0, sizeof e);
  assert_int_equal(calendar_days_add("2026-02-30", 1, zOut, &e), ZF_EINVAL);
  assert_string_equal(e.field, "from");
  memset(&e, 0, sizeof e);
  assert_int_equal(calendar_days_add("2026-02-03", CALENDAR_MAX_SPAN + 1, zOut, &e), ZF_EINVAL);
  assert_string_equal(e.field, "days");
}

/* 2026: 国庆 10-01..07 with make-up days Sun 09-20 and Sat 10-10; 春节
** 02-15..23 with make-up Saturdays 02-14 and 02-28. */
static void test_2026_official(void **state){
  zf_db *pDb = test_db(0);
  (void)state;
  /* a deadline crossing 国庆: Thu 10-08, Fri 10-09, Sat 10-10 (调休上班) */
  assert_string_equal(wadd(pDb, "2026-09-30", 1, 0), "2026-10-08");
  assert_string_equal(wadd(pDb, "2026-09-30", 3, 0), "2026-10-10");
  assert_string_equal(wadd(pDb, "2026-09-30", 4, 0), "2026-10-12");
  /* 7 working days of publicity from Fri 09-18: Sun 09-20 counts, 中秋 09-25..27 does not */
  assert_string_equal(wadd(pDb, "2026-09-18", 1, 0), "2026-09-20");
  assert_string_equal(wadd(pDb, "2026-09-18", 7, 0), "2026-09-29");
  /* 春节: the make-up Saturday before, nine days off, the one after */
  assert_string_equal(wadd(pDb, "2026-02-13", 1, 0), "2026-02-14");
  assert_string_equal(wadd(pDb, "2026-02-13", 2, 0), "2026-02-24");
  /* a start date that is itself a make-up Saturday */
  assert_string_equal(wadd(pDb, "2026-02-14", 5, 0), "2026-02-28");
  assert_string_equal(wadd(pDb, "2026-02-14", 0, 0), "2026-02-14");
  /* counting backwards over the holiday */
  assert_string_equal(wadd(pDb, "2026-02-24", -1, 0), "2026-02-14");
  assert_string_equal(wadd(pDb, "2026-10-12", -2, 0), "2026-10-09");
  /* 元旦 2026: Thu–Sat off, Sun 01-04 worked */
  assert_string_equal(wadd(pDb, "2025-12-31", 1, 0), "2026-01-04");
  /* 90 working days */
  assert_string_equal(wadd(pDb, "2026-01-30", 90, 0), "2026-06-16");
  assert_int_equal(workday(pDb, "2026-10-10"), 1);
  assert_int_equal(workday(pDb, "2026-10-07"), 0);
  assert_int_equal(workday(pDb, "2026-02-28"), 1);
  assert_int_equal(workday(pDb, "2026-06-19"), 0);   /* 端午, a Friday */
  db_close(pDb);
}

/* 2024's make-up days: Sun 02-04, Sun 02-18, Sun 04-07, Sun 04-28, Sat 05-11,
** Sat 09-14, Sun 09-29, Sat 10-12. */
static void test_2024_makeup_days(void **state){
  static const char *const azMakeup[] = {
    "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
    "2024-09-29", "2024-10-12",
  };
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  size_t i;
  int n, prov;
  (void)state;
  for(i=0; i<sizeof azMakeup/sizeof azMakeup[0]; i++) assert_int_equal(workday(pDb, azMakeup[i]), 1);
  assert_int_equal(workday(pDb, "2024-02-12"), 0);    /* Monday of 春节 */
  assert_int_equal(workday(pDb, "2024-05-12"), 0);    /* an ordinary Sunday */
  assert_string_equal(wadd(pDb, "2024-09-27", 1, 0), "2024-09-29");
  assert_string_equal(wadd(pDb, "2024-09-27", 7, 0), "2024-10-12");
  assert_string_equal(wadd(pDb, "2024-09-30", 1, 0), "2024-10-08");
  /* starting on the make-up Saturday 10-12 */
  assert_string_equal(wadd(pDb, "2024-10-12", 1, 0), "2024-10-14");
  assert_string_equal(wadd(pDb, "2024-05-10", 1, 0), "2024-05-11");
  /* working days in the year (plan budget): 2024 251, 2025 and 2026 248 */
  assert_int_equal(calendar_workdays_between(pDb, "2024-01-01", "2024-12-31", &n, &prov, &e), ZF_OK);
  assert_int_equal(n, 251);
  assert_int_equal(prov, 0);
  assert_int_equal(calendar_workdays_between(pDb, "2026-01-01", "2026-12-31", &n, &prov, &e), ZF_OK);
  assert_int_equal(n, 248);
  db_close(pDb);
}

/* Every row of the shipped CSV is what the calendar says. */
static void test_every_reference_row(void **state){
  zf_db *pDb = test_db(0);
  zf_stmt *pStmt;
  int n = 0;
  (void)state;
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM calendar_year WHERE voided_at IS NULL"), 23);
  assert_int_equal(test_int(pDb, "SELECT min(year) FROM calendar_year"), 2004);
  assert_int_equal(test_int(pDb, "SELECT max(year) FROM calendar_year"), 2026);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM calendar_day"), 769);
  assert_int_equal(sqlite3_prepare_v2(db_handle(pDb), "SELECT date, kind FROM calendar_day", -1, &pStmt, 0),
                   SQLITE_OK);
  while( sqlite3_step(pStmt)==SQLITE_ROW ){
    const char *zDate = (const char*)db_column_text(pStmt, 0);
    int want = strcmp((const char*)db_column_text(pStmt, 1), "workday")==0;
    if( workday(pDb, zDate)!=want ) fail_msg("%s should be %s", zDate, want ? "a working day" : "a holiday");
    n++;
  }
  db_finalize(pStmt);
  assert_int_equal(n, 769);
  db_close(pDb);
}

/* Calendar-day deadlines: a last day on a rest day moves to the next working day. */
static void test_deadline_days(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  int moved, prov;
  (void)state;
  /* 15 days from 09-20 is 10-05, inside 国庆: moves on to Thu 10-08 */
  assert_int_equal(calendar_deadline_days(pDb, "2026-09-20", 15, zOut, &moved, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-10-08");
  assert_int_equal(moved, 1);
  /* 中秋 2024 (Mon 09-16, Tue 09-17): 09-01 + 15 = 09-16 → Wed 09-18 */
  assert_int_equal(calendar_deadline_days(pDb, "2024-09-01", 15, zOut, &moved, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2024-09-18");
  /* landing on a make-up Saturday: it is a working day, no move */
  assert_int_equal(calendar_deadline_days(pDb, "2026-09-30", 10, zOut, &moved, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-10-10");
  assert_int_equal(moved, 0);
  /* an ordinary Sunday moves to Monday */
  assert_int_equal(calendar_deadline_days(pDb, "2026-11-01", 7, zOut, &moved, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-11-09");
  assert_int_equal(moved, 1);
  /* a latest date before an event moves earlier: 10-12 − 7 = 10-05 → 09-30 */
  assert_int_equal(calendar_deadline_days(pDb, "2026-10-12", -7, zOut, &moved, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2026-09-30");
  db_close(pDb);
}

/* Years without an arrangement: weekends only, and the answer says so. */
static void test_provisional(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  int moved, prov, covered;
  static const calendar_entry a2027[] = {
    {"2027-01-01", "holiday", "元旦"}, {"2027-01-02", "holiday", "元旦"}, {"2027-01-03", "holiday", "元旦"},
  };
  (void)state;
  assert_int_equal(calendar_year_covered(pDb, 2027, &covered), ZF_OK);
  assert_int_equal(covered, 0);
  assert_string_equal(wadd(pDb, "2026-11-29", 5, 0), "2026-12-04");
  assert_string_equal(wadd(pDb, "2026-12-31", 1, 1), "2027-01-01");
  assert_string_equal(wadd(pDb, "2026-11-29", 30, 1), "2027-01-08");
  assert_string_equal(wadd(pDb, "2027-03-01", 0, 0), "2027-03-01");   /* nothing counted */
  assert_string_equal(wadd(pDb, "2004-01-05", -3, 1), "2003-12-30");
  assert_int_equal(calendar_deadline_days(pDb, "2026-12-17", 15, zOut, &moved, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2027-01-01");
  assert_int_equal(prov, 1);
  /* once 2027 is loaded the same question has a firm, different answer */
  assert_int_equal(calendar_year_replace(pDb, "admin", 2027, "国务院办公厅关于2027年部分节假日安排的通知",
                                         0, a2027, 3, 0, &e), ZF_OK);
  assert_string_equal(wadd(pDb, "2026-12-31", 1, 0), "2027-01-04");
  assert_int_equal(calendar_deadline_days(pDb, "2026-12-17", 15, zOut, &moved, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2027-01-04");
  assert_int_equal(prov, 0);
  db_close(pDb);
}

static void test_span_bounds(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  int prov;
  (void)state;
  assert_int_equal(calendar_workdays_add(pDb, "2024-01-01", CALENDAR_MAX_SPAN, zOut, &prov, &e), ZF_OK);
  assert_string_equal(zOut, "2038-02-16");
  assert_int_equal(prov, 1);
  assert_int_equal(calendar_workdays_add(pDb, "2024-01-01", CALENDAR_MAX_SPAN + 1, zOut, &prov, &e), ZF_EINVAL);
  assert_string_equal(e.field, "workdays");
  memset(&e, 0, sizeof e);
  assert_int_equal(calendar_workdays_add(pDb, "2024-01-01", -CALENDAR_MAX_SPAN - 1, zOut, &prov, &e), ZF_EINVAL);
  memset(&e, 0, sizeof e);
  assert_int_equal(calendar_workdays_add(pDb, "1900-01-03", -5, zOut, &prov, &e), ZF_EINVAL);
  assert_string_equal(e.field, "workdays");
  memset(&e, 0, sizeof e);
  assert_int_equal(calendar_workdays_add(pDb, "2026-02-30", 1, zOut, &prov, &e), ZF_EINVAL);
  assert_string_equal(e.field, "from");
  db_close(pDb);
}

static int replace(zf_db *pDb, int year, const char *zReason, const calendar_entry *a, int n,
                   zf_error *e){
  memset(e, 0, sizeof *e);
  return calendar_year_replace(pDb, "admin", year, "国办发明电〔2026〕1号", zReason, a, n, 0, e);
}

/* Adding a year is validated whole; replacing it keeps the old version. */
static void test_year_replace(void **state){
  zf_db *pDb = test_db(0);
  zf_error e;
  audit_report rep;
  int64_t nAudit;
  calendar_entry a[3] = {
    {"2027-02-06", "holiday", "春节"}, {"2027-02-07", "workday", "春节"}, {"2027-02-08", "holiday", "春节"},
  };
  calendar_entry aOut[1] = {{"2026-12-31", "holiday", "元旦"}};
  calendar_entry aDup[2] = {{"2027-05-01", "holiday", "劳动节"}, {"2027-05-01", "holiday", "劳动节"}};
  calendar_entry aKind[1] = {{"2027-05-01", "vacation", "劳动节"}};
  calendar_entry aWeekday[1] = {{"2027-05-05", "workday", "劳动节"}};
  calendar_entry aBadDate[1] = {{"2027-02-30", "holiday", "春节"}};
  calendar_entry aNoName[1] = {{"2027-05-01", "holiday", ""}};
  (void)state;
  nAudit = test_int(pDb, "SELECT count(*) FROM audit");
  assert_int_equal(replace(pDb, 2027, 0, aOut, 1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "days[0].date");
  assert_int_equal(replace(pDb, 2027, 0, aDup, 2, &e), ZF_EINVAL);
  assert_string_equal(e.field, "days[1].date");
  assert_int_equal(replace(pDb, 2027, 0, aKind, 1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "days[0].kind");
  assert_int_equal(replace(pDb, 2027, 0, aWeekday, 1, &e), ZF_EINVAL);   /* a Wednesday */
  assert_string_equal(e.field, "days[0].kind");
  assert_int_equal(replace(pDb, 2027, 0, aBadDate, 1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "days[0].date");
  assert_int_equal(replace(pDb, 2027, 0, aNoName, 1, &e), ZF_EINVAL);
  assert_string_equal(e.field, "days[0].name");
  assert_int_equal(replace(pDb, 2027, 0, a, 0, &e), ZF_EINVAL);
  assert_string_equal(e.field, "days");
  assert_int_equal(replace(pDb, 1800, 0, a, 3, &e), ZF_EINVAL);
  assert_string_equal(e.field, "year");
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM calendar_year WHERE year=2027"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit"), nAudit);
  /* a valid year */
  assert_int_equal(replace(pDb, 2027, 0, a, 3, &e), ZF_OK);
  assert_int_equal(workday(pDb, "2027-02-07"), 1);       /* a Sunday, worked */
  assert_int_equal(workday(pDb, "2027-02-08"), 0);       /* a Monday, off */
  /* replacing needs a reason; then the old version is voided, not deleted */
  a[1].zKind = "holiday";
  assert_int_equal(replace(pDb, 2027, 0, a, 3, &e), ZF_EINVAL);
  assert_string_equal(e.field, "reason");
  assert_int_equal(replace(pDb, 2027, "更正：2月7日为休息日", a, 3, &e), ZF_OK);
  assert_int_equal(workday(pDb, "2027-02-07"), 0);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM calendar_year WHERE year=2027"), 2);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM calendar_year WHERE year=2027 AND voided_at IS NOT NULL"
                                 " AND void_reason LIKE '更正%'"), 1);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM calendar_day d JOIN calendar_year v ON v.id=d.version_id"
                                 " WHERE v.year=2027"), 6);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action IN ('calendar.add','calendar.replace')"
                                 " AND entity_id='2027'"), 2);
  /* the database refuses deleting or rewriting loaded days */
  assert_int_not_equal(sqlite3_exec(db_handle(pDb), "DELETE FROM calendar_day", 0, 0, 0), SQLITE_OK);
  assert_int_not_equal(sqlite3_exec(db_handle(pDb), "UPDATE calendar_day SET kind='workday'", 0, 0, 0), SQLITE_OK);
  assert_int_equal(audit_verify(pDb, &rep), ZF_OK);
  assert_int_equal(rep.brokenSeq, 0);
  db_close(pDb);
}

/* Loading the reference again (an upgraded database) adds nothing. */
static void test_reference_idempotent(void **state){
  zf_db *pDb = test_db(0);
  zf_error e = {0};
  (void)state;
  assert_int_equal(calendar_load_reference(pDb, "cli", &e), ZF_OK);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM calendar_year"), 23);
  assert_int_equal(test_int(pDb, "SELECT count(*) FROM audit WHERE action='calendar.load'"), 1);
  db_close(pDb);
}

int main(void){
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_date_arithmetic),
    cmocka_unit_test(test_parse_refuses),
    cmocka_unit_test(test_2026_official),
    cmocka_unit_test(test_2024_makeup_days),
    cmocka_unit_test(test_every_reference_row),
    cmocka_unit_test(test_deadline_days),
    cmocka_unit_test(test_provisional),
    cmocka_unit_test(test_span_bounds),
    cmocka_unit_test(test_year_replace),
    cmocka_unit_test(test_reference_idempotent),
  };
  return cmocka_run_group_tests(tests, 0, 0);
}
