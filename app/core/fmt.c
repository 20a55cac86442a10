/* fmt: money, numbers, dates, times and deadlines for people, in Indonesian or English, in the
 * device's zone. Calendar arithmetic is integer-only (days_from_civil / civil_from_days), never
 * gmtime/mktime, so results do not depend on the process's TZ or on time_t's width. */
#include "fmt.h"

#include <math.h>
#include <string.h>

#define SECS_PER_DAY 86400

/* ---- output buffer: all-or-nothing appends ---- */

typedef struct {
    char *out;
    size_t cap;
    size_t len;
    bool ok;
} sbuf;

static void sbuf_init(sbuf *b, char *out, size_t cap)
{
    b->out = out;
    b->cap = out ? cap : 0;
    b->len = 0;
    b->ok = b->cap > 0;
    if (b->ok)
        out[0] = '\0';
}

static void sbuf_putn(sbuf *b, const char *s, size_t n)
{
    if (!b->ok)
        return;
    if (n >= b->cap - b->len) {
        b->ok = false;
        return;
    }
    memcpy(b->out + b->len, s, n);
    b->len += n;
    b->out[b->len] = '\0';
}

static void sbuf_put(sbuf *b, const char *s)
{
    sbuf_putn(b, s, strlen(s));
}

static void sbuf_putc(sbuf *b, char c)
{
    sbuf_putn(b, &c, 1);
}

/* Digits of v with zero padding to at least width. */
static void sbuf_put_uint(sbuf *b, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    char rev[24];
    for (int i = 0; i < n; i++)
        rev[i] = tmp[n - 1 - i];
    sbuf_putn(b, rev, (size_t)n);
}

/* v with a separator every three digits: 1234567 -> "1.234.567". */
static void sbuf_put_grouped(sbuf *b, uint64_t v, char sep)
{
    char tmp[32];
    int n = 0, digits = 0;
    do {
        if (digits && digits % 3 == 0)
            tmp[n++] = sep;
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
        digits++;
    } while (v);
    char rev[32];
    for (int i = 0; i < n; i++)
        rev[i] = tmp[n - 1 - i];
    sbuf_putn(b, rev, (size_t)n);
}

/* The caller's buffer holds the whole text, or "" on failure. */
static bool sbuf_finish(sbuf *b)
{
    if (!b->ok && b->cap > 0)
        b->out[0] = '\0';
    return b->ok;
}

static bool fail_empty(char *out, size_t cap)
{
    if (out && cap > 0)
        out[0] = '\0';
    return false;
}

/* |v| without overflow, also for INT64_MIN. */
static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* ---- time zones ---- */

/* Indonesia has not observed daylight saving time since 1964 and its zones have had fixed offsets
 * since 1988, so a fixed table is exact for every time this device will show. */
static const struct {
    const char *name;
    int offset_min;
    const char *abbr;
} tz_table[] = {
    {"Asia/Jakarta", 7 * 60, "WIB"},
    {"Asia/Pontianak", 7 * 60, "WIB"},
    {"Asia/Makassar", 8 * 60, "WITA"},
    {"Asia/Jayapura", 9 * 60, "WIT"},
    {"UTC", 0, "UTC"},
};

bool tz_lookup(const char *name, tz_info *out)
{
    if (!name)
        return false;
    for (size_t i = 0; i < sizeof tz_table / sizeof tz_table[0]; i++) {
        if (strcmp(name, tz_table[i].name) == 0) {
            if (out) {
                out->offset_min = tz_table[i].offset_min;
                memset(out->abbr, 0, sizeof out->abbr);
                memcpy(out->abbr, tz_table[i].abbr, strlen(tz_table[i].abbr));
            }
            return true;
        }
    }
    return false;
}

/* ---- calendar ---- */

static const char *const day_names[2][7] = {
    {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
};
static const char *const month_names[2][12] = {
    {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
     "Oktober", "November", "Desember"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};
static const char *const month_abbr[2][12] = {
    {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"},
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

typedef struct {
    int64_t year;
    unsigned month; /* 1..12 */
    unsigned day;   /* 1..31 */
    unsigned wday;  /* 0 = Sunday */
    unsigned hour, min, sec;
    int64_t days; /* local days since 1970-01-01 */
} civil;

static void civil_from_days(int64_t z, civil *c)
{
    c->days = z;
    /* 1970-01-01 was a Thursday. */
    int64_t w = (z + 4) % 7;
    c->wday = (unsigned)(w < 0 ? w + 7 : w);
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    c->day = doy - (153 * mp + 2) / 5 + 1;
    c->month = mp < 10 ? mp + 3 : mp - 9;
    c->year = (int64_t)yoe + era * 400 + (c->month <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Local calendar fields of a UTC instant; false when t or the zone is out of range (which also
 * keeps t + offset far from overflow). */
static bool civil_local(int64_t t, const tz_info *tz, civil *c)
{
    int off = tz ? tz->offset_min : 0;
    if (t < FMT_TIME_MIN || t > FMT_TIME_MAX || off < -1440 || off > 1440)
        return false;
    int64_t local = t + (int64_t)off * 60;
    int64_t days = floor_div(local, SECS_PER_DAY);
    int64_t secs = local - days * SECS_PER_DAY;
    civil_from_days(days, c);
    c->hour = (unsigned)(secs / 3600);
    c->min = (unsigned)(secs / 60 % 60);
    c->sec = (unsigned)(secs % 60);
    return true;
}

static int lang_index(lang l)
{
    return l == LANG_EN ? 1 : 0;
}

/* Years are 1..9999 for every accepted time, except one day at each end in far zones. */
static void sbuf_put_year(sbuf *b, int64_t y)
{
    if (y < 0) {
        sbuf_putc(b, '-');
        sbuf_put_uint(b, magnitude(y), 1);
    } else {
        sbuf_put_uint(b, (uint64_t)y, 1);
    }
}

/* "Senin, 6 Juli" */
static void put_weekday_day_month(sbuf *b, const civil *c, int li)
{
    sbuf_put(b, day_names[li][c->wday]);
    sbuf_put(b, ", ");
    sbuf_put_uint(b, c->day, 1);
    sbuf_putc(b, ' ');
    sbuf_put(b, month_names[li][c->month - 1]);
}

static void put_long_date(sbuf *b, const civil *c, int li)
{
    put_weekday_day_month(b, c, li);
    sbuf_putc(b, ' ');
    sbuf_put_year(b, c->year);
}

/* "09.15" / "09:15": Indonesian (PUEBI) separates hours and minutes with a period. */
static void put_clock(sbuf *b, const civil *c, int li)
{
    sbuf_put_uint(b, c->hour, 2);
    sbuf_putc(b, li == 0 ? '.' : ':');
    sbuf_put_uint(b, c->min, 2);
}

static void put_clock_zone(sbuf *b, const civil *c, const tz_info *tz, int li)
{
    put_clock(b, c, li);
    /* abbr need not be NUL-terminated when it fills all 8 bytes. */
    const char *abbr = tz ? tz->abbr : "UTC";
    size_t n = tz ? strnlen(tz->abbr, sizeof tz->abbr) : 3;
    if (n > 0) {
        sbuf_putc(b, ' ');
        sbuf_putn(b, abbr, n);
    }
}

static void put_short_date(sbuf *b, const civil *c, int li)
{
    sbuf_put_uint(b, c->day, 1);
    sbuf_putc(b, ' ');
    sbuf_put(b, month_abbr[li][c->month - 1]);
    sbuf_putc(b, ' ');
    sbuf_put_year(b, c->year);
}

bool fmt_date_long(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap)
{
    civil c;
    if (!civil_local(unix_utc, tz, &c))
        return fail_empty(out, cap);
    sbuf b;
    sbuf_init(&b, out, cap);
    put_long_date(&b, &c, lang_index(l));
    return sbuf_finish(&b);
}

bool fmt_date_short(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap)
{
    civil c;
    if (!civil_local(unix_utc, tz, &c))
        return fail_empty(out, cap);
    sbuf b;
    sbuf_init(&b, out, cap);
    put_short_date(&b, &c, lang_index(l));
    return sbuf_finish(&b);
}

bool fmt_time(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap)
{
    civil c;
    if (!civil_local(unix_utc, tz, &c))
        return fail_empty(out, cap);
    sbuf b;
    sbuf_init(&b, out, cap);
    put_clock_zone(&b, &c, tz, lang_index(l));
    return sbuf_finish(&b);
}

bool fmt_datetime(int64_t unix_utc, const tz_info *tz, lang l, char *out, size_t cap)
{
    civil c;
    if (!civil_local(unix_utc, tz, &c))
        return fail_empty(out, cap);
    sbuf b;
    sbuf_init(&b, out, cap);
    int li = lang_index(l);
    put_long_date(&b, &c, li);
    sbuf_putc(&b, ' ');
    put_clock_zone(&b, &c, tz, li);
    return sbuf_finish(&b);
}

/* ---- numbers and money ---- */

bool fmt_money(int64_t rupiah, char *out, size_t cap)
{
    sbuf b;
    sbuf_init(&b, out, cap);
    sbuf_put(&b, rupiah < 0 ? "-Rp " : "Rp ");
    sbuf_put_grouped(&b, magnitude(rupiah), '.');
    return sbuf_finish(&b);
}

bool fmt_number(int64_t v, lang l, char *out, size_t cap)
{
    sbuf b;
    sbuf_init(&b, out, cap);
    if (v < 0)
        sbuf_putc(&b, '-');
    sbuf_put_grouped(&b, magnitude(v), l == LANG_EN ? ',' : '.');
    return sbuf_finish(&b);
}

/* Integer part grouped, then up to `decimals` fraction digits with trailing zeros dropped. */
static void put_fixed(sbuf *b, uint64_t scaled, int decimals, bool strip, lang l)
{
    uint64_t pow10 = 1;
    for (int i = 0; i < decimals; i++)
        pow10 *= 10;
    uint64_t ip = scaled / pow10, frac = scaled % pow10;
    sbuf_put_grouped(b, ip, l == LANG_EN ? ',' : '.');
    int shown = decimals;
    if (strip) {
        while (shown > 0 && frac % 10 == 0) {
            frac /= 10;
            shown--;
        }
    }
    if (shown > 0) {
        sbuf_putc(b, l == LANG_EN ? '.' : ',');
        sbuf_put_uint(b, frac, shown);
    }
}

bool fmt_money_short(int64_t rupiah, lang l, char *out, size_t cap)
{
    /* Units from the largest down; decimals: what a reader can take in on a tile. */
    static const struct {
        uint64_t unit;
        int decimals;
        const char *name[2];
    } units[] = {
        {1000000000000ULL, 2, {"T", "T"}},
        {1000000000ULL, 2, {"M", "B"}},
        {1000000ULL, 1, {"jt", "M"}},
    };
    uint64_t mag = magnitude(rupiah);
    size_t i = 0, n = sizeof units / sizeof units[0];
    while (i < n && mag < units[i].unit)
        i++;
    if (i == n)
        return fmt_money(rupiah, out, cap);
    uint64_t q = 0;
    for (;;) {
        uint64_t step = units[i].unit, pow10 = 1;
        for (int d = 0; d < units[i].decimals; d++) {
            step /= 10;
            pow10 *= 10;
        }
        uint64_t rem = mag % step;
        q = mag / step + (rem >= step - rem); /* half away from zero (sign is written apart) */
        /* 999,995 miliar rounds to "1.000 M": say "1 T" instead. Rounding up into the next unit
         * always lands on exactly 1 of it, so one step back suffices. */
        if (q / pow10 < 1000 || i == 0)
            break;
        i--;
    }
    sbuf b;
    sbuf_init(&b, out, cap);
    sbuf_put(&b, rupiah < 0 ? "-Rp " : "Rp ");
    put_fixed(&b, q, units[i].decimals, true, l);
    sbuf_putc(&b, ' ');
    sbuf_put(&b, units[i].name[lang_index(l)]);
    return sbuf_finish(&b);
}

bool fmt_percent(double v, int decimals, lang l, char *out, size_t cap)
{
    sbuf b;
    sbuf_init(&b, out, cap);
    if (!isfinite(v) || fabs(v) >= 1e11) {
        sbuf_put(&b, "\xE2\x80\x94"); /* em dash */
        return sbuf_finish(&b);
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 4)
        decimals = 4;
    double pow10 = 1;
    for (int i = 0; i < decimals; i++)
        pow10 *= 10;
    /* |v| * 10^4 < 1e15 < 2^53: exact integers in a double, safe to convert. */
    double r = round(fabs(v) * pow10);
    uint64_t scaled = (uint64_t)r;
    if (v < 0 && scaled != 0) /* no "-0,00%" */
        sbuf_putc(&b, '-');
    put_fixed(&b, scaled, decimals, false, l);
    sbuf_putc(&b, '%');
    return sbuf_finish(&b);
}

/* ---- relative times and deadlines ---- */

/* "<n><unit>" where the unit already carries its leading space: "5 menit lalu". */
static void put_count(sbuf *b, int64_t n, const char *unit)
{
    sbuf_put_uint(b, magnitude(n), 1);
    sbuf_put(b, unit);
}

bool fmt_relative(int64_t now, int64_t t, const tz_info *tz, lang l, char *out, size_t cap)
{
    civil cn, ct;
    if (!civil_local(now, tz, &cn) || !civil_local(t, tz, &ct))
        return fail_empty(out, cap);
    int li = lang_index(l);
    int64_t diff = now - t; /* both in range: no overflow */
    sbuf b;
    sbuf_init(&b, out, cap);
    if (diff < -60) {
        put_short_date(&b, &ct, li);
    } else if (diff < 60) {
        sbuf_put(&b, li ? "just now" : "baru saja");
    } else if (diff < 3600) {
        put_count(&b, diff / 60, li ? " min ago" : " menit lalu");
    } else if (diff < SECS_PER_DAY) {
        put_count(&b, diff / 3600, li ? " h ago" : " jam lalu");
    } else {
        /* At least 24 h ago, so at least one calendar day back. */
        int64_t days = cn.days - ct.days;
        if (days == 1)
            sbuf_put(&b, li ? "yesterday" : "kemarin");
        else if (days <= 6)
            put_count(&b, days, li ? " days ago" : " hari lalu");
        else
            put_short_date(&b, &ct, li);
    }
    return sbuf_finish(&b);
}

deadline_state fmt_deadline_state(int64_t now, int64_t deadline, const tz_info *tz)
{
    civil cn, cd;
    if (deadline == 0 || !civil_local(now, tz, &cn) || !civil_local(deadline, tz, &cd))
        return DEADLINE_NONE;
    if (now > deadline)
        return DEADLINE_OVERDUE;
    return cd.days == cn.days ? DEADLINE_TODAY : DEADLINE_LATER;
}

bool fmt_deadline(int64_t now, int64_t deadline, const tz_info *tz, lang l, char *out, size_t cap)
{
    deadline_state st = fmt_deadline_state(now, deadline, tz);
    if (st == DEADLINE_NONE) {
        if (deadline != 0)
            return fail_empty(out, cap); /* out of range: nothing trustworthy to say */
        if (out && cap > 0)
            out[0] = '\0';
        return out && cap > 0;
    }
    civil cn, cd;
    civil_local(now, tz, &cn);
    civil_local(deadline, tz, &cd);
    int li = lang_index(l);
    sbuf b;
    sbuf_init(&b, out, cap);
    if (st == DEADLINE_OVERDUE) {
        /* Whole units passed, at least 1: "Lewat tenggat 0 menit" would read as not late. */
        int64_t late = now - deadline;
        sbuf_put(&b, li ? "Overdue by " : "Lewat tenggat ");
        if (late < 3600) {
            int64_t m = late / 60 ? late / 60 : 1;
            put_count(&b, m, li ? " min" : " menit");
        } else if (late < SECS_PER_DAY) {
            put_count(&b, late / 3600, li ? " h" : " jam");
        } else {
            int64_t d = late / SECS_PER_DAY;
            put_count(&b, d, li ? (d == 1 ? " day" : " days") : " hari");
        }
    } else if (st == DEADLINE_TODAY) {
        sbuf_put(&b, li ? "Due today " : "Tenggat hari ini ");
        put_clock(&b, &cd, li);
    } else if (cd.days == cn.days + 1) {
        sbuf_put(&b, li ? "Due tomorrow " : "Tenggat besok ");
        put_clock(&b, &cd, li);
    } else {
        sbuf_put(&b, li ? "Due " : "Tenggat ");
        put_weekday_day_month(&b, &cd, li);
        if (cd.year != cn.year) {
            sbuf_putc(&b, ' ');
            sbuf_put_year(&b, cd.year);
        }
    }
    return sbuf_finish(&b);
}

/* ---- parsing ---- */

static int parse_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool fmt_date_iso_parse(const char *s, int64_t *unix_midnight_utc)
{
    if (!s || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = parse_digits(s, 4), m = parse_digits(s + 5, 2), d = parse_digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap))
        return false;
    if (unix_midnight_utc)
        *unix_midnight_utc = days_from_civil(y, (unsigned)m, (unsigned)d) * SECS_PER_DAY;
    return true;
}

void fmt_copy_utf8(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] is now the first byte of the character that does not fit */
    }
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}
