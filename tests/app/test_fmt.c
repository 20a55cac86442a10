/* Unit tests of fmt: money (full and short, rounding and int64 extremes), numbers, percentages,
 * dates and times in WITA/WIB/WIT/UTC (midnight boundaries, leap years, range ends), relative
 * times, deadlines, ISO date parsing, and the all-or-nothing output contract for every cap. */
#include "fmt.h"
#include "wire.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static char buf[FMT_CAP];

static int64_t T(const char *rfc3339)
{
    int64_t t = 0;
    assert_true(wire_time_parse(rfc3339, &t));
    return t;
}

static tz_info zone(const char *name)
{
    tz_info tz;
    assert_true(tz_lookup(name, &tz));
    return tz;
}

static const char *money(int64_t v)
{
    assert_true(fmt_money(v, buf, sizeof buf));
    return buf;
}

static const char *money_short(int64_t v, lang l)
{
    assert_true(fmt_money_short(v, l, buf, sizeof buf));
    return buf;
}

static const char *number(int64_t v, lang l)
{
    assert_true(fmt_number(v, l, buf, sizeof buf));
    return buf;
}

static const char *percent(double v, int d, lang l)
{
    assert_true(fmt_percent(v, d, l, buf, sizeof buf));
    return buf;
}

static const char *date_long(int64_t t, const tz_info *tz, lang l)
{
    assert_true(fmt_date_long(t, tz, l, buf, sizeof buf));
    return buf;
}

static const char *date_short(int64_t t, const tz_info *tz, lang l)
{
    assert_true(fmt_date_short(t, tz, l, buf, sizeof buf));
    return buf;
}

static const char *time_of(int64_t t, const tz_info *tz, lang l)
{
    assert_true(fmt_time(t, tz, l, buf, sizeof buf));
    return buf;
}

static const char *datetime(int64_t t, const tz_info *tz, lang l)
{
    assert_true(fmt_datetime(t, tz, l, buf, sizeof buf));
    return buf;
}

static const char *relative(int64_t now, int64_t t, const tz_info *tz, lang l)
{
    assert_true(fmt_relative(now, t, tz, l, buf, sizeof buf));
    return buf;
}

static const char *deadline(int64_t now, int64_t d, const tz_info *tz, lang l)
{
    assert_true(fmt_deadline(now, d, tz, l, buf, sizeof buf));
    return buf;
}

static void test_tz_lookup(void **state)
{
    (void)state;
    tz_info tz;
    assert_true(tz_lookup("Asia/Makassar", &tz));
    assert_int_equal(tz.offset_min, 480);
    assert_string_equal(tz.abbr, "WITA");
    assert_true(tz_lookup("Asia/Jakarta", &tz));
    assert_int_equal(tz.offset_min, 420);
    assert_string_equal(tz.abbr, "WIB");
    assert_true(tz_lookup("Asia/Pontianak", &tz));
    assert_int_equal(tz.offset_min, 420);
    assert_string_equal(tz.abbr, "WIB");
    assert_true(tz_lookup("Asia/Jayapura", &tz));
    assert_int_equal(tz.offset_min, 540);
    assert_string_equal(tz.abbr, "WIT");
    assert_true(tz_lookup("UTC", &tz));
    assert_int_equal(tz.offset_min, 0);
    assert_string_equal(tz.abbr, "UTC");
    assert_true(tz_lookup("Asia/Makassar", NULL));

    tz.offset_min = 12345;
    assert_false(tz_lookup("Asia/Singapore", &tz));
    assert_false(tz_lookup("asia/makassar", &tz));
    assert_false(tz_lookup("Asia/Makassar ", &tz));
    assert_false(tz_lookup("", &tz));
    assert_false(tz_lookup(NULL, &tz));
    assert_int_equal(tz.offset_min, 12345); /* untouched */
}

static void test_money(void **state)
{
    (void)state;
    assert_string_equal(money(0), "Rp 0");
    assert_string_equal(money(1), "Rp 1");
    assert_string_equal(money(999), "Rp 999");
    assert_string_equal(money(1000), "Rp 1.000");
    assert_string_equal(money(1234567), "Rp 1.234.567");
    assert_string_equal(money(100000000), "Rp 100.000.000");
    assert_string_equal(money(-1500), "-Rp 1.500");
    assert_string_equal(money(-1), "-Rp 1");
    assert_string_equal(money(INT64_MAX), "Rp 9.223.372.036.854.775.807");
    assert_string_equal(money(INT64_MIN), "-Rp 9.223.372.036.854.775.808");
    assert_string_equal(money(INT64_MIN + 1), "-Rp 9.223.372.036.854.775.807");
}

static void test_money_short_id(void **state)
{
    (void)state;
    assert_string_equal(money_short(1230000000000, LANG_ID), "Rp 1,23 T");
    assert_string_equal(money_short(561210000000, LANG_ID), "Rp 561,21 M");
    assert_string_equal(money_short(4300000, LANG_ID), "Rp 4,3 jt");
    assert_string_equal(money_short(6243110000000, LANG_ID), "Rp 6,24 T");
    /* Trailing zeros dropped. */
    assert_string_equal(money_short(4000000, LANG_ID), "Rp 4 jt");
    assert_string_equal(money_short(1200000000000, LANG_ID), "Rp 1,2 T");
    assert_string_equal(money_short(1000000000, LANG_ID), "Rp 1 M");
    assert_string_equal(money_short(1000000, LANG_ID), "Rp 1 jt");
    assert_string_equal(money_short(1050000000, LANG_ID), "Rp 1,05 M");
    /* Below a million: the full figure. */
    assert_string_equal(money_short(999999, LANG_ID), "Rp 999.999");
    assert_string_equal(money_short(0, LANG_ID), "Rp 0");
    assert_string_equal(money_short(-1500, LANG_ID), "-Rp 1.500");
    /* Half away from zero, in exact integers. */
    assert_string_equal(money_short(4250000, LANG_ID), "Rp 4,3 jt");
    assert_string_equal(money_short(4249999, LANG_ID), "Rp 4,2 jt");
    assert_string_equal(money_short(-4250000, LANG_ID), "-Rp 4,3 jt");
    assert_string_equal(money_short(-4249999, LANG_ID), "-Rp 4,2 jt");
    assert_string_equal(money_short(561205000000, LANG_ID), "Rp 561,21 M");
    assert_string_equal(money_short(561204999999, LANG_ID), "Rp 561,2 M");
    assert_string_equal(money_short(1005000000000, LANG_ID), "Rp 1,01 T");
    assert_string_equal(money_short(1004999999999, LANG_ID), "Rp 1 T");
    /* Rounding up to 1000 of a unit is written in the next unit. */
    assert_string_equal(money_short(999949999, LANG_ID), "Rp 999,9 jt");
    assert_string_equal(money_short(999950000, LANG_ID), "Rp 1 M");
    assert_string_equal(money_short(999994999999, LANG_ID), "Rp 999,99 M");
    assert_string_equal(money_short(999995000000, LANG_ID), "Rp 1 T");
    assert_string_equal(money_short(-999995000000, LANG_ID), "-Rp 1 T");
    /* Past a thousand trillion the T figure is grouped; int64 extremes are exact. */
    assert_string_equal(money_short(1234567000000000, LANG_ID), "Rp 1.234,57 T");
    assert_string_equal(money_short(INT64_MAX, LANG_ID), "Rp 9.223.372,04 T");
    assert_string_equal(money_short(INT64_MIN, LANG_ID), "-Rp 9.223.372,04 T");
}

static void test_money_short_en(void **state)
{
    (void)state;
    assert_string_equal(money_short(1230000000000, LANG_EN), "Rp 1.23 T");
    assert_string_equal(money_short(561210000000, LANG_EN), "Rp 561.21 B");
    assert_string_equal(money_short(4300000, LANG_EN), "Rp 4.3 M");
    assert_string_equal(money_short(4000000, LANG_EN), "Rp 4 M");
    assert_string_equal(money_short(999950000, LANG_EN), "Rp 1 B");
    assert_string_equal(money_short(999995000000, LANG_EN), "Rp 1 T");
    assert_string_equal(money_short(-1500000, LANG_EN), "-Rp 1.5 M");
    assert_string_equal(money_short(999999, LANG_EN), "Rp 999.999"); /* rupiah: dot thousands */
    assert_string_equal(money_short(INT64_MAX, LANG_EN), "Rp 9,223,372.04 T");
}

static void test_number(void **state)
{
    (void)state;
    assert_string_equal(number(0, LANG_ID), "0");
    assert_string_equal(number(999, LANG_ID), "999");
    assert_string_equal(number(1234, LANG_ID), "1.234");
    assert_string_equal(number(1234, LANG_EN), "1,234");
    assert_string_equal(number(-1234567, LANG_ID), "-1.234.567");
    assert_string_equal(number(-1234567, LANG_EN), "-1,234,567");
    assert_string_equal(number(INT64_MIN, LANG_ID), "-9.223.372.036.854.775.808");
    assert_string_equal(number(INT64_MAX, LANG_EN), "9,223,372,036,854,775,807");
}

static void test_percent(void **state)
{
    (void)state;
    assert_string_equal(percent(46.63, 2, LANG_ID), "46,63%");
    assert_string_equal(percent(46.63, 2, LANG_EN), "46.63%");
    assert_string_equal(percent(46.625, 2, LANG_ID), "46,63%"); /* exact in binary: half up */
    assert_string_equal(percent(-46.625, 2, LANG_ID), "-46,63%");
    assert_string_equal(percent(100, 2, LANG_ID), "100,00%");
    assert_string_equal(percent(0, 1, LANG_EN), "0.0%");
    assert_string_equal(percent(0.004, 2, LANG_ID), "0,00%");
    assert_string_equal(percent(-0.004, 2, LANG_ID), "0,00%"); /* never "-0,00%" */
    assert_string_equal(percent(99.5, 0, LANG_ID), "100%");
    assert_string_equal(percent(99.4, 0, LANG_ID), "99%");
    assert_string_equal(percent(12345.6, 1, LANG_ID), "12.345,6%");
    assert_string_equal(percent(12345.6, 1, LANG_EN), "12,345.6%");
    assert_string_equal(percent(7.25, -3, LANG_ID), "7%");           /* decimals clamped to 0 */
    assert_string_equal(percent(1.23456789, 9, LANG_ID), "1,2346%"); /* ... and to 4 */
    assert_string_equal(percent(NAN, 2, LANG_ID), "\xE2\x80\x94");
    assert_string_equal(percent(INFINITY, 2, LANG_ID), "\xE2\x80\x94");
    assert_string_equal(percent(-INFINITY, 2, LANG_EN), "\xE2\x80\x94");
    assert_string_equal(percent(1e11, 2, LANG_ID), "\xE2\x80\x94");
    assert_string_equal(percent(99999999999.0, 0, LANG_ID), "99.999.999.999%");
}

static void test_dates_wita(void **state)
{
    (void)state;
    tz_info wita = zone("Asia/Makassar");
    int64_t t = T("2020-07-06T01:15:00Z");
    assert_string_equal(date_long(t, &wita, LANG_ID), "Senin, 6 Juli 2020");
    assert_string_equal(date_long(t, &wita, LANG_EN), "Monday, 6 July 2020");
    assert_string_equal(date_short(t, &wita, LANG_ID), "6 Jul 2020");
    assert_string_equal(date_short(t, &wita, LANG_EN), "6 Jul 2020");
    assert_string_equal(time_of(t, &wita, LANG_ID), "09.15 WITA");
    assert_string_equal(time_of(t, &wita, LANG_EN), "09:15 WITA");
    assert_string_equal(datetime(t, &wita, LANG_ID), "Senin, 6 Juli 2020 09.15 WITA");
    assert_string_equal(datetime(t, &wita, LANG_EN), "Monday, 6 July 2020 09:15 WITA");

    /* Midnight in Bali is 16:00 UTC the day before. */
    int64_t midnight = T("2020-07-05T16:00:00Z");
    assert_string_equal(datetime(midnight, &wita, LANG_ID), "Senin, 6 Juli 2020 00.00 WITA");
    assert_string_equal(datetime(midnight - 1, &wita, LANG_ID), "Minggu, 5 Juli 2020 23.59 WITA");
    assert_string_equal(datetime(midnight, NULL, LANG_ID), "Minggu, 5 Juli 2020 16.00 UTC");
    tz_info utc = zone("UTC");
    assert_string_equal(datetime(midnight, &utc, LANG_EN), "Sunday, 5 July 2020 16:00 UTC");
    tz_info wib = zone("Asia/Jakarta"), wit = zone("Asia/Jayapura");
    assert_string_equal(datetime(midnight, &wib, LANG_ID), "Minggu, 5 Juli 2020 23.00 WIB");
    assert_string_equal(datetime(midnight, &wit, LANG_ID), "Senin, 6 Juli 2020 01.00 WIT");

    /* New Year in WITA while it is still the old year in UTC. */
    assert_string_equal(datetime(T("2020-12-31T16:00:00Z"), &wita, LANG_ID),
                        "Jumat, 1 Januari 2021 00.00 WITA");
    assert_string_equal(datetime(T("2020-12-31T15:59:59Z"), &wita, LANG_EN),
                        "Thursday, 31 December 2020 23:59 WITA");
    /* A zone without an abbreviation gets no suffix. */
    tz_info bare = {.offset_min = 480, .abbr = ""};
    assert_string_equal(time_of(t, &bare, LANG_ID), "09.15");
    /* Offsets outside +-24 h are refused. */
    tz_info bogus = {.offset_min = 5000, .abbr = "X"};
    assert_false(fmt_time(t, &bogus, LANG_ID, buf, sizeof buf));
    assert_string_equal(buf, "");
}

static void test_dates_names(void **state)
{
    (void)state;
    static const char *const id_months[] = {"Januari",   "Februari", "Maret",    "April",
                                            "Mei",       "Juni",     "Juli",     "Agustus",
                                            "September", "Oktober",  "November", "Desember"};
    static const char *const id_abbr[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                          "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
    static const char *const en_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (int m = 1; m <= 12; m++) {
        char iso[16], want[48];
        snprintf(iso, sizeof iso, "2020-%02d-15", m);
        int64_t t;
        assert_true(fmt_date_iso_parse(iso, &t));
        snprintf(want, sizeof want, "15 %s 2020", id_abbr[m - 1]);
        assert_string_equal(date_short(t, NULL, LANG_ID), want);
        snprintf(want, sizeof want, "15 %s 2020", en_abbr[m - 1]);
        assert_string_equal(date_short(t, NULL, LANG_EN), want);
        assert_non_null(strstr(date_long(t, NULL, LANG_ID), id_months[m - 1]));
    }
    static const char *const id_days[] = {"Minggu", "Senin", "Selasa", "Rabu",
                                          "Kamis",  "Jumat", "Sabtu"};
    static const char *const en_days[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};
    int64_t sunday = T("2020-07-05T12:00:00Z");
    for (int d = 0; d < 7; d++) {
        char want[48];
        snprintf(want, sizeof want, "%s, %d Juli 2020", id_days[d], 5 + d);
        assert_string_equal(date_long(sunday + d * 86400, NULL, LANG_ID), want);
        snprintf(want, sizeof want, "%s, %d July 2020", en_days[d], 5 + d);
        assert_string_equal(date_long(sunday + d * 86400, NULL, LANG_EN), want);
    }
    /* The longest output fits FMT_CAP with room to spare. */
    tz_info wita = zone("Asia/Makassar");
    assert_string_equal(datetime(T("2020-09-30T15:59:00Z"), &wita, LANG_EN),
                        "Wednesday, 30 September 2020 23:59 WITA");
    assert_string_equal(
        deadline(T("2020-09-01T00:00:00Z"), T("2021-09-29T00:00:00Z"), &wita, LANG_EN),
        "Due Wednesday, 29 September 2021");
}

static void test_dates_calendar(void **state)
{
    (void)state;
    int64_t t;
    /* Leap years: every 4, not every 100, but every 400. */
    assert_true(fmt_date_iso_parse("2020-02-29", &t));
    assert_string_equal(date_long(t, NULL, LANG_ID), "Sabtu, 29 Februari 2020");
    assert_string_equal(date_long(t + 86400, NULL, LANG_ID), "Minggu, 1 Maret 2020");
    assert_true(fmt_date_iso_parse("2024-02-29", &t));
    assert_string_equal(date_long(t, NULL, LANG_EN), "Thursday, 29 February 2024");
    assert_true(fmt_date_iso_parse("2000-02-29", &t));
    assert_string_equal(date_long(t, NULL, LANG_ID), "Selasa, 29 Februari 2000");
    assert_false(fmt_date_iso_parse("1900-02-29", &t));
    assert_false(fmt_date_iso_parse("2100-02-29", &t));
    assert_false(fmt_date_iso_parse("2021-02-29", &t));
    assert_true(fmt_date_iso_parse("2021-02-28", &t));
    assert_string_equal(date_long(t + 86400, NULL, LANG_ID), "Senin, 1 Maret 2021");
    assert_true(fmt_date_iso_parse("1900-02-28", &t));
    assert_string_equal(date_long(t + 86400, NULL, LANG_EN), "Thursday, 1 March 1900");

    /* Epoch and just before it. */
    assert_string_equal(datetime(0, NULL, LANG_ID), "Kamis, 1 Januari 1970 00.00 UTC");
    assert_string_equal(datetime(-1, NULL, LANG_ID), "Rabu, 31 Desember 1969 23.59 UTC");
    assert_string_equal(datetime(-1, NULL, LANG_EN), "Wednesday, 31 December 1969 23:59 UTC");
    /* Beyond 2038 (time_t width does not matter). */
    assert_string_equal(date_long(T("2038-01-19T03:14:08Z"), NULL, LANG_EN),
                        "Tuesday, 19 January 2038");

    /* The ends of the accepted range; outside it: "" and false. */
    assert_string_equal(datetime(FMT_TIME_MIN, NULL, LANG_ID), "Senin, 1 Januari 1 00.00 UTC");
    assert_string_equal(datetime(FMT_TIME_MAX, NULL, LANG_ID), "Jumat, 31 Desember 9999 23.59 UTC");
    tz_info wita = zone("Asia/Makassar");
    assert_string_equal(date_long(FMT_TIME_MAX, &wita, LANG_ID), "Sabtu, 1 Januari 10000");
    const int64_t bad[] = {FMT_TIME_MIN - 1, FMT_TIME_MAX + 1, INT64_MIN, INT64_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(buf, sizeof buf, "junk");
        assert_false(fmt_date_long(bad[i], &wita, LANG_ID, buf, sizeof buf));
        assert_string_equal(buf, "");
        assert_false(fmt_date_short(bad[i], &wita, LANG_ID, buf, sizeof buf));
        assert_false(fmt_time(bad[i], &wita, LANG_ID, buf, sizeof buf));
        assert_false(fmt_datetime(bad[i], &wita, LANG_ID, buf, sizeof buf));
        assert_false(fmt_relative(bad[i], 0, &wita, LANG_ID, buf, sizeof buf));
        assert_false(fmt_relative(0, bad[i], &wita, LANG_ID, buf, sizeof buf));
        assert_string_equal(buf, "");
    }
}

static void test_iso_parse(void **state)
{
    (void)state;
    int64_t t = 0;
    assert_true(fmt_date_iso_parse("2020-07-06", &t));
    assert_int_equal(t, T("2020-07-06T00:00:00Z"));
    assert_true(fmt_date_iso_parse("1970-01-01", &t));
    assert_int_equal(t, 0);
    assert_true(fmt_date_iso_parse("0001-01-01", &t));
    assert_int_equal(t, FMT_TIME_MIN);
    assert_true(fmt_date_iso_parse("9999-12-31", &t));
    assert_int_equal(t, FMT_TIME_MAX - 86399);
    assert_true(fmt_date_iso_parse("2020-07-06", NULL));

    const char *bad[] = {
        "",           "2020-7-06",  "2020-07-6",  "2020-07-06T", " 2020-07-06", "2020-07-06 ",
        "2020/07/06", "2020-13-01", "2020-00-10", "2020-04-31",  "2020-06-00",  "0000-01-01",
        "abcd-ef-gh", "2020-07-0a", "+020-07-06", "2020-07-06Z", "20200706",    "2020--7-06",
        "2020-07-32", "2020-02-30"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = 42;
        assert_false(fmt_date_iso_parse(bad[i], &t));
        assert_int_equal(t, 42);
    }
    assert_false(fmt_date_iso_parse(NULL, &t));
}

static void test_relative(void **state)
{
    (void)state;
    tz_info wita = zone("Asia/Makassar");
    int64_t now = T("2020-07-06T02:00:00Z"); /* Monday 10.00 WITA */
    assert_string_equal(relative(now, now, &wita, LANG_ID), "baru saja");
    assert_string_equal(relative(now, now - 59, &wita, LANG_ID), "baru saja");
    assert_string_equal(relative(now, now + 60, &wita, LANG_ID), "baru saja"); /* clock skew */
    assert_string_equal(relative(now, now - 60, &wita, LANG_ID), "1 menit lalu");
    assert_string_equal(relative(now, now - 5 * 60, &wita, LANG_ID), "5 menit lalu");
    assert_string_equal(relative(now, now - 3599, &wita, LANG_ID), "59 menit lalu");
    assert_string_equal(relative(now, now - 3600, &wita, LANG_ID), "1 jam lalu");
    assert_string_equal(relative(now, now - 2 * 3600, &wita, LANG_ID), "2 jam lalu");
    assert_string_equal(relative(now, now - 86399, &wita, LANG_ID), "23 jam lalu");
    assert_string_equal(relative(now, now - 86400, &wita, LANG_ID), "kemarin");
    /* Calendar days in WITA: Sunday 00.00 is yesterday, Saturday 23.59 two days ago. */
    assert_string_equal(relative(now, T("2020-07-04T16:00:00Z"), &wita, LANG_ID), "kemarin");
    assert_string_equal(relative(now, T("2020-07-04T15:59:59Z"), &wita, LANG_ID), "2 hari lalu");
    assert_string_equal(relative(now, now - 3 * 86400, &wita, LANG_ID), "3 hari lalu");
    assert_string_equal(relative(now, now - 6 * 86400, &wita, LANG_ID), "6 hari lalu");
    assert_string_equal(relative(now, now - 7 * 86400, &wita, LANG_ID), "29 Jun 2020");
    assert_string_equal(relative(now, T("2019-12-25T02:00:00Z"), &wita, LANG_ID), "25 Des 2019");
    /* Further in the future: its date. */
    assert_string_equal(relative(now, now + 61, &wita, LANG_ID), "6 Jul 2020");
    assert_string_equal(relative(now, now + 86400, &wita, LANG_EN), "7 Jul 2020");

    assert_string_equal(relative(now, now - 10, &wita, LANG_EN), "just now");
    assert_string_equal(relative(now, now - 5 * 60, &wita, LANG_EN), "5 min ago");
    assert_string_equal(relative(now, now - 2 * 3600, &wita, LANG_EN), "2 h ago");
    assert_string_equal(relative(now, now - 86400, &wita, LANG_EN), "yesterday");
    assert_string_equal(relative(now, now - 3 * 86400, &wita, LANG_EN), "3 days ago");
    assert_string_equal(relative(now, now - 8 * 86400, &wita, LANG_EN), "28 Jun 2020");

    /* The zone decides the calendar day: Sunday 23.00 WITA seen on Tuesday 00.30 WITA is two
     * days ago, though in UTC it is the day before. */
    int64_t t = T("2020-07-05T15:00:00Z"), later = T("2020-07-06T16:30:00Z");
    assert_string_equal(relative(later, t, &wita, LANG_ID), "2 hari lalu");
    assert_string_equal(relative(later, t, NULL, LANG_ID), "kemarin");
}

static void test_deadline(void **state)
{
    (void)state;
    tz_info wita = zone("Asia/Makassar");
    int64_t now = T("2020-07-06T02:00:00Z"); /* Monday 10.00 WITA */

    int64_t d = T("2020-07-06T08:00:00Z"); /* 16.00 WITA */
    assert_int_equal(fmt_deadline_state(now, d, &wita), DEADLINE_TODAY);
    assert_string_equal(deadline(now, d, &wita, LANG_ID), "Tenggat hari ini 16.00");
    assert_string_equal(deadline(now, d, &wita, LANG_EN), "Due today 16:00");
    assert_string_equal(deadline(now, now, &wita, LANG_ID), "Tenggat hari ini 10.00");
    assert_int_equal(fmt_deadline_state(now, now, &wita), DEADLINE_TODAY);

    d = T("2020-07-06T15:59:00Z"); /* 23.59 WITA: still today */
    assert_int_equal(fmt_deadline_state(now, d, &wita), DEADLINE_TODAY);
    assert_string_equal(deadline(now, d, &wita, LANG_ID), "Tenggat hari ini 23.59");

    d = T("2020-07-06T16:00:00Z"); /* Tuesday 00.00 WITA: tomorrow here, today in UTC */
    assert_int_equal(fmt_deadline_state(now, d, &wita), DEADLINE_LATER);
    assert_string_equal(deadline(now, d, &wita, LANG_ID), "Tenggat besok 00.00");
    assert_int_equal(fmt_deadline_state(now, d, NULL), DEADLINE_TODAY);
    assert_string_equal(deadline(now, d, NULL, LANG_EN), "Due today 16:00");

    d = T("2020-07-07T00:00:00Z"); /* Tuesday 08.00 WITA */
    assert_int_equal(fmt_deadline_state(now, d, &wita), DEADLINE_LATER);
    assert_string_equal(deadline(now, d, &wita, LANG_ID), "Tenggat besok 08.00");
    assert_string_equal(deadline(now, d, &wita, LANG_EN), "Due tomorrow 08:00");

    d = T("2020-07-09T08:00:00Z");
    assert_string_equal(deadline(now, d, &wita, LANG_ID), "Tenggat Kamis, 9 Juli");
    assert_string_equal(deadline(now, d, &wita, LANG_EN), "Due Thursday, 9 July");
    d = T("2021-01-04T02:00:00Z"); /* another year: say which */
    assert_string_equal(deadline(now, d, &wita, LANG_ID), "Tenggat Senin, 4 Januari 2021");

    /* Overdue: whole minutes (at least 1), hours, days. */
    assert_int_equal(fmt_deadline_state(now, now - 1, &wita), DEADLINE_OVERDUE);
    assert_string_equal(deadline(now, now - 1, &wita, LANG_ID), "Lewat tenggat 1 menit");
    assert_string_equal(deadline(now, now - 20 * 60, &wita, LANG_ID), "Lewat tenggat 20 menit");
    assert_string_equal(deadline(now, now - 20 * 60, &wita, LANG_EN), "Overdue by 20 min");
    assert_string_equal(deadline(now, now - 3 * 3600, &wita, LANG_ID), "Lewat tenggat 3 jam");
    assert_string_equal(deadline(now, now - 3 * 3600, &wita, LANG_EN), "Overdue by 3 h");
    assert_string_equal(deadline(now, now - 86400, &wita, LANG_EN), "Overdue by 1 day");
    assert_string_equal(deadline(now, now - 2 * 86400, &wita, LANG_ID), "Lewat tenggat 2 hari");
    assert_string_equal(deadline(now, now - 2 * 86400 - 3600, &wita, LANG_EN), "Overdue by 2 days");

    /* None: 0 means no deadline; an out-of-range one says nothing rather than nonsense. */
    assert_int_equal(fmt_deadline_state(now, 0, &wita), DEADLINE_NONE);
    snprintf(buf, sizeof buf, "junk");
    assert_true(fmt_deadline(now, 0, &wita, LANG_ID, buf, sizeof buf));
    assert_string_equal(buf, "");
    assert_int_equal(fmt_deadline_state(now, INT64_MAX, &wita), DEADLINE_NONE);
    assert_false(fmt_deadline(now, INT64_MAX, &wita, LANG_ID, buf, sizeof buf));
    assert_int_equal(fmt_deadline_state(INT64_MIN, now, &wita), DEADLINE_NONE);
    assert_false(fmt_deadline(INT64_MIN, now, &wita, LANG_ID, buf, sizeof buf));
    assert_string_equal(buf, "");
}

/* Every function, every cap from 0 to past the text: either the whole text or "" and false, and
 * never a byte written past cap. */
static bool render(int which, char *out, size_t cap)
{
    static const tz_info wita = {480, "WITA"};
    const int64_t t = 1594001700; /* 2020-07-06T02:15:00Z */
    switch (which) {
    case 0:
        return fmt_money(INT64_MIN, out, cap);
    case 1:
        return fmt_money_short(561210000000, LANG_ID, out, cap);
    case 2:
        return fmt_number(-1234567, LANG_EN, out, cap);
    case 3:
        return fmt_percent(46.63, 2, LANG_ID, out, cap);
    case 4:
        return fmt_percent(NAN, 2, LANG_ID, out, cap);
    case 5:
        return fmt_date_long(t, &wita, LANG_EN, out, cap);
    case 6:
        return fmt_date_short(t, &wita, LANG_ID, out, cap);
    case 7:
        return fmt_time(t, &wita, LANG_ID, out, cap);
    case 8:
        return fmt_datetime(t, &wita, LANG_ID, out, cap);
    case 9:
        return fmt_relative(t, t - 7200, &wita, LANG_ID, out, cap);
    case 10:
        return fmt_deadline(t, t + 3 * 86400, &wita, LANG_EN, out, cap);
    default:
        return fmt_deadline(t, t - 3 * 86400, &wita, LANG_ID, out, cap);
    }
}

static void test_caps(void **state)
{
    (void)state;
    for (int which = 0; which < 12; which++) {
        char full[FMT_CAP];
        assert_true(render(which, full, sizeof full));
        size_t n = strlen(full);
        assert_true(n > 0 && n < FMT_CAP);
        for (size_t cap = 0; cap <= n + 2; cap++) {
            char out[FMT_CAP + 8];
            memset(out, 'Z', sizeof out);
            bool ok = render(which, out, cap);
            if (cap > n) {
                assert_true(ok);
                assert_string_equal(out, full);
            } else {
                assert_false(ok);
                if (cap > 0)
                    assert_int_equal(out[0], '\0');
            }
            for (size_t i = cap; i < sizeof out; i++)
                assert_int_equal(out[i], 'Z');
        }
        assert_false(render(which, NULL, 16));
    }
}

/* A cut never splits a character, at every size. */
static void test_copy_utf8(void **state)
{
    (void)state;
    static const char src[] = "Bal\xC3\xA9 \xE2\x9C\x93"; /* "Balé ✓": é 2 bytes, ✓ 3 bytes */
    char out[16];
    fmt_copy_utf8(out, sizeof out, src);
    assert_string_equal(out, src);
    static const char *const want[] = {"",
                                       "B",
                                       "Ba",
                                       "Bal",
                                       "Bal",
                                       "Bal\xC3\xA9",
                                       "Bal\xC3\xA9 ",
                                       "Bal\xC3\xA9 ",
                                       "Bal\xC3\xA9 ",
                                       "Bal\xC3\xA9 \xE2\x9C\x93"};
    for (size_t cap = 1; cap <= sizeof want / sizeof want[0]; cap++) {
        memset(out, 'x', sizeof out);
        fmt_copy_utf8(out, cap, src);
        assert_string_equal(out, want[cap - 1]);
    }
    fmt_copy_utf8(out, sizeof out, NULL);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_utf8),      cmocka_unit_test(test_tz_lookup),
        cmocka_unit_test(test_money),          cmocka_unit_test(test_money_short_id),
        cmocka_unit_test(test_money_short_en), cmocka_unit_test(test_number),
        cmocka_unit_test(test_percent),        cmocka_unit_test(test_dates_wita),
        cmocka_unit_test(test_dates_names),    cmocka_unit_test(test_dates_calendar),
        cmocka_unit_test(test_iso_parse),      cmocka_unit_test(test_relative),
        cmocka_unit_test(test_deadline),       cmocka_unit_test(test_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
