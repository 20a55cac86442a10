/* fmt: how the device writes money, numbers, dates, times, relative times and deadlines for
 * people, in Bahasa Indonesia (first) or English, in the device's time zone. Pure C: every time is
 * an argument (Unix seconds, UTC); nothing reads the clock or the process's TZ. Thread-safe: no
 * state. RFC 3339 UTC parsing is wire_time_parse (wire.h). */
#ifndef PARAF_FMT_H
#define PARAF_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { LANG_ID = 0, LANG_EN = 1 } lang;

/* A fixed UTC offset and the abbreviation people read next to a time ("WITA"). */
typedef struct {
    int offset_min; /* east of UTC, -1440..1440 */
    char abbr[8];
} tz_info;

/* Every fmt_* output fits in this many bytes (the largest, a long date with time, is ~45). */
#define FMT_CAP 64

/* Times fmt accepts: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
#define FMT_TIME_MIN (-62135596800LL)
#define FMT_TIME_MAX 253402300799LL

/* Fills *out for "Asia/Jakarta", "Asia/Pontianak" (WIB, +7), "Asia/Makassar" (WITA, +8),
 * "Asia/Jayapura" (WIT, +9) and "UTC". False (and *out untouched) for any other name. */
bool tz_lookup(const char *name, tz_info *out);

/* Copies src (NULL: "") into dst (cap > 0), cut when it does not fit before the character that
 * does not, so a multi-byte UTF-8 sequence is never split. For names and ids, never figures: unlike
 * the fmt_* functions below, it cuts. */
void fmt_copy_utf8(char *dst, size_t cap, const char *src);

/* Output convention of every fmt_* function below: the text goes to out (cap bytes, always
 * NUL-terminated when cap > 0) and the function returns true. When the whole text does not fit, or
 * an input is out of range, out becomes "" and the function returns false: a figure or a date is
 * never shown cut short (a truncated "Rp 1.234" of Rp 1.234.567 would be a wrong amount). Outputs
 * are valid UTF-8. A NULL tz means UTC. */

/* "Rp 1.234.567", "Rp 0", "-Rp 1.500". Dot thousands in both languages: that is how rupiah are
 * written, also in English-language Indonesian documents. Exact for every int64_t. */
bool fmt_money(int64_t rupiah, char *out, size_t cap);

/* Abbreviated for tiles and charts; the full figure (fmt_money) is one tap away.
 * id: "Rp 1,23 T" (triliun), "Rp 561,21 M" (miliar), "Rp 4,3 jt" (juta);
 * en: "Rp 1.23 T", "Rp 561.21 B", "Rp 4.3 M". T and M/B have up to 2 decimals, jt/M up to 1,
 * rounded half away from zero, trailing zeros dropped ("Rp 4 jt"). A value that rounds up to 1000
 * of a unit is written in the next unit (999.995 miliar -> "Rp 1 T"). Below one million: the full
 * figure, as fmt_money. */
bool fmt_money_short(int64_t rupiah, lang l, char *out, size_t cap);

/* Thousands separated: id "1.234.567", en "1,234,567". */
bool fmt_number(int64_t v, lang l, char *out, size_t cap);

/* "46,63%" / "46.63%" with decimals 0..4 (clamped), rounded half away from zero; thousands
 * grouped. Not finite or |v| >= 1e11: an em dash "—" (a server's nonsense is not a number). */
bool fmt_percent(double v, int decimals, lang l, char *out, size_t cap);

/* "Senin, 6 Juli 2020" / "Monday, 6 July 2020". */
bool fmt_date_long(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap);
/* "6 Jul 2020" (id months: Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des). */
bool fmt_date_short(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap);
/* "09.15 WITA" (Indonesian writes a period) / "09:15 WITA"; no suffix when tz->abbr is "". */
bool fmt_time(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap);
/* "Senin, 6 Juli 2020 09.15 WITA" / "Monday, 6 July 2020 09:15 WITA". */
bool fmt_datetime(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap);

/* How long ago t was, seen at now: "baru saja" (< 1 min, or up to 1 min in the future: clocks
 * differ), "5 menit lalu", "2 jam lalu" (< 24 h), then by calendar day in tz: "kemarin",
 * "3 hari lalu" (up to 6), else the short date. en: "just now", "5 min ago", "2 h ago",
 * "yesterday", "3 days ago". A time further in the future is shown as its short date. */
bool fmt_relative(int64_t now, int64_t t, const tz_info *tz, lang l, char *out, size_t cap);

typedef enum {
    DEADLINE_NONE = 0, /* no deadline (0) or out of range */
    DEADLINE_LATER,    /* after today (in tz) */
    DEADLINE_TODAY,    /* today in tz, not yet passed */
    DEADLINE_OVERDUE,  /* passed */
} deadline_state;

/* The state behind the deadline's colour and icon. "Today" is the device's calendar day (tz), so
 * state and text (fmt_deadline) always agree. A deadline of 0 means none. */
deadline_state fmt_deadline_state(int64_t now, int64_t deadline, const tz_info *tz);

/* id: "Tenggat hari ini 16.00", "Tenggat besok 08.00", "Tenggat Kamis, 9 Juli" (the year is added
 * when it is not this year), "Lewat tenggat 2 hari" (or "... 3 jam", "... 20 menit");
 * en: "Due today 16:00", "Due tomorrow 08:00", "Due Thursday, 9 July", "Overdue by 2 days".
 * DEADLINE_NONE writes "" and returns true. */
bool fmt_deadline(int64_t now, int64_t deadline, const tz_info *tz, lang l, char *out, size_t cap);

/* "YYYY-MM-DD" (exactly, year 0001..9999, a real calendar day) -> Unix seconds of its midnight
 * UTC. False (and *unix_midnight_utc untouched) otherwise. */
bool fmt_date_iso_parse(const char *yyyy_mm_dd, int64_t *unix_midnight_utc);

#endif
