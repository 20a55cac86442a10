/* config: parser of the device's configuration file. The input may be anything (a damaged SD card,
 * a hostile USB stick), so it is read as bytes with explicit lengths, each line is checked before
 * it is interpreted, and every value goes through a validator with a message a technician can act
 * on. Nothing is allocated; the result is written only when the whole file is good. */
#include "config.h"

#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef enum {
    K_URL,
    K_PATH,
    K_PIN,
    K_PROFILE,
    K_LANG,
    K_TZ,
    K_SCREEN,
    K_INT,
    K_ROLE,
    K_TEXT,   /* any valid UTF-8 without control characters */
    K_HOURS,  /* "22:00-06:00" */
    K_DIGITS, /* 4..8 digits */
    K_GPSD,   /* loopback HOST[:PORT] */
} key_kind;

typedef struct {
    const char *name;
    key_kind kind;
    size_t offset; /* of the field in paraf_config */
    size_t size;   /* of a string field */
    int min, max;  /* K_INT */
    bool required;
} key_def;

#define STR_FIELD(f) offsetof(paraf_config, f), sizeof(((paraf_config *)0)->f)
#define INT_FIELD(f) offsetof(paraf_config, f), sizeof(int)

static const key_def keys[] = {
    {"hub_url", K_URL, STR_FIELD(hub_url), 0, 0, true},
    {"ca_file", K_PATH, STR_FIELD(ca_file), 0, 0, true},
    {"server_pin", K_PIN, STR_FIELD(server_pin), 0, 0, true},
    {"profile", K_PROFILE, 0, 0, 0, 0, false},
    {"data_dir", K_PATH, STR_FIELD(data_dir), 0, 0, true},
    {"language", K_LANG, 0, 0, 0, 0, false},
    {"time_zone", K_TZ, STR_FIELD(time_zone), 0, 0, false},
    {"screen", K_SCREEN, 0, 0, 0, 0, false},
    {"token_file", K_PATH, STR_FIELD(token_file), 0, 0, false},
    {"idle_lock_s", K_INT, INT_FIELD(idle_lock_s), 30, 86400, false},
    {"connect_timeout_ms", K_INT, INT_FIELD(connect_timeout_ms), 500, 60000, false},
    {"request_timeout_ms", K_INT, INT_FIELD(request_timeout_ms), 1000, 300000, false},
    {"poll_interval_s", K_INT, INT_FIELD(poll_interval_s), 5, 3600, false},
    {"user_role", K_ROLE, STR_FIELD(user_role), 0, 0, false},
    {"board_title", K_TEXT, STR_FIELD(board_title), 0, 0, false},
    {"board_title_bali", K_TEXT, STR_FIELD(board_title_bali), 0, 0, false},
    {"board_stale_s", K_INT, INT_FIELD(board_stale_s), 60, 86400, false},
    {"heartbeat_s", K_INT, INT_FIELD(heartbeat_s), 30, 86400, false},
    {"screen_off", K_HOURS, 0, 0, 0, 0, false},
    {"admin_pin", K_DIGITS, STR_FIELD(admin_pin), 0, 0, false},
    {"photo_dir", K_PATH, STR_FIELD(photo_dir), 0, 0, false},
    {"gpsd", K_GPSD, 0, 0, 0, 0, false},
    {"gps_max_age_s", K_INT, INT_FIELD(gps_max_age_s), 5, 86400, false},
    {"gps_max_accuracy_m", K_INT, INT_FIELD(gps_max_accuracy_m), 1, 10000, false},
};
#define N_KEYS (sizeof keys / sizeof keys[0])

static const char *const profile_names[] = {"approver", "board", "field"};

const char *config_profile_name(paraf_profile p)
{
    return (unsigned)p < 3 ? profile_names[p] : "approver";
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void config_defaults(paraf_config *c)
{
    memset(c, 0, sizeof *c);
    c->profile = PROFILE_APPROVER;
    c->language = LANG_ID;
    copy_str(c->time_zone, sizeof c->time_zone, "Asia/Makassar");
    tz_lookup(c->time_zone, &c->tz);
    c->screen_w = 1280;
    c->screen_h = 800;
    c->idle_lock_s = 300;
    c->board_stale_s = 900;
    c->heartbeat_s = 300;
    c->connect_timeout_ms = 5000;
    c->request_timeout_ms = 20000;
    c->poll_interval_s = 30;
    copy_str(c->user_role, sizeof c->user_role, "sekda");
    copy_str(c->gpsd_host, sizeof c->gpsd_host, "127.0.0.1");
    copy_str(c->gpsd_port, sizeof c->gpsd_port, "2947");
    c->gps_max_age_s = 120;
    c->gps_max_accuracy_m = 50;
}

/* ---- messages ---- */

/* Length of the longest prefix of s[0..n) that does not end inside a UTF-8 sequence. */
static size_t utf8_boundary(const char *s, size_t n)
{
    size_t i = n;
    /* Step back over continuation bytes to the lead byte of the last sequence. */
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    return n - (i - 1) >= need ? n : i - 1;
}

static void set_err(char *err, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t cap, const char *fmt, ...)
{
    if (!err || cap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    if (n < 0) {
        err[0] = '\0';
    } else if ((size_t)n >= cap) {
        /* Cut short: do not leave half a character at the end. */
        err[utf8_boundary(err, cap - 1)] = '\0';
    }
}

/* A value or key quoted in a message: at most 48 bytes (whole characters), tabs shown as spaces.
 * Lines have already been checked for NULs, other control characters and UTF-8. */
static void snippet(const char *s, size_t n, char *out, size_t cap)
{
    const size_t limit = 48;
    bool cut = n > limit;
    size_t k = utf8_boundary(s, cut ? limit : n);
    if (k + 4 > cap)
        k = utf8_boundary(s, cap > 4 ? cap - 4 : 0);
    for (size_t i = 0; i < k; i++)
        out[i] = s[i] == '\t' ? ' ' : s[i];
    out[k] = '\0';
    if (cut && k + 4 <= cap)
        memcpy(out + k, "\xE2\x80\xA6", 4); /* "…" and its NUL */
}

/* ---- small parsers ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_space((*s)[*n - 1]))
        (*n)--;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whole decimal number of 1..9 digits (no sign, no spaces): anything longer is out of every range
 * here anyway, and 9 digits cannot overflow an int. */
static bool parse_uint(const char *s, size_t n, long *v)
{
    if (n == 0 || n > 9)
        return false;
    long r = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        r = r * 10 + (s[i] - '0');
    }
    *v = r;
    return true;
}

static bool ieq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* Characters allowed unescaped in the path of a base URL (RFC 3986 pchar, '/', '%'). */
static bool is_url_path_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
           (c != '\0' && strchr("-._~!$&'()*+,;=:@/%", c) != NULL);
}

static bool is_host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.';
}

/* ---- validators: each checks v[0..n) and stores it, or explains in why ---- */

static bool check_url(const char *v, size_t n, paraf_config *c, char *why, size_t cap)
{
    static const char usage[] = "hub_url must start with https:// (http:// is allowed only for "
                                "127.0.0.1, localhost or [::1], for tests)";
    size_t p;
    bool https;
    if (n >= 8 && ieq(v, 8, "https://")) {
        https = true;
        p = 8;
    } else if (n >= 7 && ieq(v, 7, "http://")) {
        https = false;
        p = 7;
    } else {
        set_err(why, cap, "%s", usage);
        return false;
    }
    size_t auth = p;
    while (p < n && v[p] != '/' && v[p] != '?' && v[p] != '#')
        p++;
    size_t auth_end = p;
    for (size_t i = auth_end; i < n; i++) {
        if (v[i] == '?' || v[i] == '#') {
            set_err(why, cap, "hub_url must not have a query or fragment ('?' or '#')");
            return false;
        }
        if (!is_url_path_char(v[i])) {
            set_err(why, cap,
                    "hub_url has a character that is not allowed in a URL path at byte %zu", i + 1);
            return false;
        }
    }
    if (memchr(v + auth, '@', auth_end - auth)) {
        set_err(why, cap, "hub_url must not contain a user name or password ('@')");
        return false;
    }
    /* Host: a name, an IPv4 address or a bracketed IPv6 address; then an optional port. */
    size_t host_end, q = auth;
    if (q < auth_end && v[q] == '[') {
        while (q < auth_end && v[q] != ']')
            q++;
        if (q == auth_end || q == auth + 1) {
            set_err(why, cap, "hub_url has an unterminated or empty IPv6 address");
            return false;
        }
        for (size_t i = auth + 1; i < q; i++) {
            char ch = v[i];
            if (!(is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F') ||
                  ch == ':' || ch == '.')) {
                set_err(why, cap, "hub_url has an invalid IPv6 address");
                return false;
            }
        }
        host_end = q + 1;
    } else {
        while (q < auth_end && v[q] != ':')
            q++;
        host_end = q;
        if (host_end == auth) {
            set_err(why, cap, "hub_url has no host name");
            return false;
        }
        for (size_t i = auth; i < host_end; i++) {
            if (!is_host_char(v[i])) {
                set_err(why, cap, "hub_url has an invalid host name");
                return false;
            }
        }
    }
    if (host_end < auth_end) {
        long port;
        if (v[host_end] != ':' || !parse_uint(v + host_end + 1, auth_end - host_end - 1, &port) ||
            port < 1 || port > 65535) {
            set_err(why, cap, "hub_url has an invalid port (1..65535)");
            return false;
        }
    }
    if (!https) {
        const char *h = v + auth;
        size_t hn = host_end - auth;
        if (!ieq(h, hn, "127.0.0.1") && !ieq(h, hn, "localhost") && !ieq(h, hn, "[::1]")) {
            set_err(why, cap, "%s", usage);
            return false;
        }
    }
    /* Request paths are appended as "/v1/...": drop trailing slashes. */
    while (n > auth_end && v[n - 1] == '/')
        n--;
    if (n >= sizeof c->hub_url) {
        set_err(why, cap, "hub_url is longer than %zu bytes", sizeof c->hub_url - 1);
        return false;
    }
    memcpy(c->hub_url, v, n);
    c->hub_url[n] = '\0';
    return true;
}

static bool check_path(const key_def *k, const char *v, size_t n, paraf_config *c, char *why,
                       size_t cap)
{
    if (n >= k->size) {
        set_err(why, cap, "%s is longer than %zu bytes", k->name, k->size - 1);
        return false;
    }
    if (memchr(v, '\t', n)) {
        set_err(why, cap, "%s contains a tab", k->name);
        return false;
    }
    char *dst = (char *)c + k->offset;
    memcpy(dst, v, n);
    dst[n] = '\0';
    return true;
}

static int b64_value(char ch)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = ch ? strchr(alphabet, ch) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

static bool check_pin(const char *v, size_t n, paraf_config *c, char *why, size_t cap)
{
    /* 32 bytes of SHA-256 are 43 base64 characters and one '='. The last character carries 4
     * bits of hash and 2 zero bits: a non-zero filler means a damaged or hand-edited pin. */
    bool ok = n == 52 && memcmp(v, "sha256//", 8) == 0 && v[51] == '=';
    for (size_t i = 8; ok && i < 51; i++)
        ok = b64_value(v[i]) >= 0;
    if (ok && (b64_value(v[50]) & 3) != 0)
        ok = false;
    if (!ok) {
        set_err(why, cap,
                "server_pin must be sha256// followed by 44 base64 characters (the SHA-256 of the "
                "server's public key, as paraf-hub prints it)");
        return false;
    }
    memcpy(c->server_pin, v, n);
    c->server_pin[n] = '\0';
    return true;
}

static bool check_int(const key_def *k, const char *v, size_t n, paraf_config *c, char *why,
                      size_t cap)
{
    long x;
    char shown[64];
    if (!parse_uint(v, n, &x) || x < k->min || x > k->max) {
        snippet(v, n, shown, sizeof shown);
        set_err(why, cap, "%s must be a whole number from %d to %d (got '%s')", k->name, k->min,
                k->max, shown);
        return false;
    }
    int iv = (int)x;
    memcpy((char *)c + k->offset, &iv, sizeof iv);
    return true;
}

static bool check_screen(const char *v, size_t n, paraf_config *c, char *why, size_t cap)
{
    const char *x = memchr(v, 'x', n);
    if (!x)
        x = memchr(v, 'X', n);
    long w, h;
    if (!x || !parse_uint(v, (size_t)(x - v), &w) ||
        !parse_uint(x + 1, n - (size_t)(x - v) - 1, &h)) {
        set_err(why, cap, "screen must be WIDTHxHEIGHT in pixels, e.g. 1280x800");
        return false;
    }
    if (w < 320 || w > 7680 || h < 320 || h > 7680) {
        set_err(why, cap, "screen width and height must each be 320..7680 (got %ldx%ld)", w, h);
        return false;
    }
    c->screen_w = (int)w;
    c->screen_h = (int)h;
    return true;
}

/* A dotted IPv4 address in 127.0.0.0/8. */
static bool is_loopback_v4(const char *v, size_t n)
{
    int parts = 0;
    size_t i = 0;
    while (i < n && parts < 4) {
        size_t k = i;
        long x;
        while (k < n && is_digit(v[k]))
            k++;
        if (k == i || k - i > 3 || !parse_uint(v + i, k - i, &x) || x > 255 ||
            (parts == 0 && x != 127))
            return false;
        parts++;
        if (k == n)
            return parts == 4;
        if (v[k] != '.')
            return false;
        i = k + 1;
    }
    return false;
}

/* gpsd = HOST[:PORT]: gpsd runs on the tablet, and libgps connects with blocking calls, so only a
 * loopback host is taken (127.x.y.z, localhost, [::1]). */
static bool check_gpsd(const char *v, size_t n, paraf_config *c, char *why, size_t cap)
{
    const char *host = v, *port = NULL;
    size_t hn = n, pn = 0;
    if (n > 0 && v[0] == '[') {
        const char *close = memchr(v, ']', n);
        if (close) {
            host = v + 1;
            hn = (size_t)(close - v) - 1;
            if ((size_t)(close - v) + 1 < n) {
                if (close[1] != ':')
                    hn = 0;
                port = close + 2;
                pn = n - (size_t)(close - v) - 2;
            }
        } else {
            hn = 0;
        }
    } else {
        const char *colon = memchr(v, ':', n);
        if (colon) {
            hn = (size_t)(colon - v);
            port = colon + 1;
            pn = n - hn - 1;
        }
    }
    bool brackets = host != v;
    bool ok = hn > 0 && hn < sizeof c->gpsd_host &&
              (brackets ? hn == 3 && memcmp(host, "::1", 3) == 0
                        : is_loopback_v4(host, hn) || ieq(host, hn, "localhost"));
    long p = 2947;
    if (ok && port)
        ok = parse_uint(port, pn, &p) && p >= 1 && p <= 65535;
    if (!ok) {
        char shown[64];
        snippet(v, n, shown, sizeof shown);
        set_err(why, cap,
                "gpsd must be a loopback address with an optional port, e.g. 127.0.0.1:2947 "
                "(got '%s')",
                shown);
        return false;
    }
    memcpy(c->gpsd_host, host, hn);
    c->gpsd_host[hn] = '\0';
    snprintf(c->gpsd_port, sizeof c->gpsd_port, "%ld", p);
    return true;
}

static bool has_control(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7F)
            return true;
    return false;
}

static bool check_value(const key_def *k, const char *v, size_t n, paraf_config *c, char *why,
                        size_t cap)
{
    char shown[64];
    switch (k->kind) {
    case K_URL:
        return check_url(v, n, c, why, cap);
    case K_PATH:
        return check_path(k, v, n, c, why, cap);
    case K_PIN:
        return check_pin(v, n, c, why, cap);
    case K_INT:
        return check_int(k, v, n, c, why, cap);
    case K_SCREEN:
        return check_screen(v, n, c, why, cap);
    case K_PROFILE:
        for (int i = 0; i < 3; i++) {
            if (n == strlen(profile_names[i]) && memcmp(v, profile_names[i], n) == 0) {
                c->profile = (paraf_profile)i;
                return true;
            }
        }
        snippet(v, n, shown, sizeof shown);
        set_err(why, cap, "profile must be approver, board or field (got '%s')", shown);
        return false;
    case K_LANG:
        if (n == 2 && (memcmp(v, "id", 2) == 0 || memcmp(v, "en", 2) == 0)) {
            c->language = v[0] == 'e' ? LANG_EN : LANG_ID;
            return true;
        }
        snippet(v, n, shown, sizeof shown);
        set_err(why, cap, "language must be id or en (got '%s')", shown);
        return false;
    case K_TZ: {
        char name[CONFIG_TZ_MAX];
        if (n < sizeof name) {
            memcpy(name, v, n);
            name[n] = '\0';
            if (tz_lookup(name, &c->tz)) {
                memcpy(c->time_zone, name, n + 1);
                return true;
            }
        }
        snippet(v, n, shown, sizeof shown);
        set_err(why, cap,
                "time_zone '%s' is not supported: use Asia/Makassar (WITA), Asia/Jakarta or "
                "Asia/Pontianak (WIB), Asia/Jayapura (WIT) or UTC",
                shown);
        return false;
    }
    case K_TEXT:
        if (n < k->size && wire_utf8_valid(v, n) && !has_control(v, n)) {
            memcpy((char *)c + k->offset, v, n);
            ((char *)c + k->offset)[n] = '\0';
            return true;
        }
        set_err(why, cap, "%s must be at most %zu bytes of text", k->name, k->size - 1);
        return false;
    case K_HOURS: {
        unsigned h1, m1, h2, m2;
        char buf[16], tail;
        if (n < sizeof buf) {
            memcpy(buf, v, n);
            buf[n] = '\0';
            if (sscanf(buf, "%2u:%2u-%2u:%2u%c", &h1, &m1, &h2, &m2, &tail) == 4 && h1 < 24 &&
                m1 < 60 && h2 < 24 && m2 < 60) {
                c->night_start_min = (int)(h1 * 60 + m1);
                c->night_end_min = (int)(h2 * 60 + m2);
                return true;
            }
        }
        set_err(why, cap, "screen_off takes HH:MM-HH:MM in the local time, e.g. 22:00-06:00");
        return false;
    }
    case K_DIGITS: {
        bool ok = n >= 4 && n <= 8;
        for (size_t i = 0; ok && i < n; i++)
            ok = v[i] >= '0' && v[i] <= '9';
        if (ok) {
            memcpy(c->admin_pin, v, n);
            c->admin_pin[n] = '\0';
            return true;
        }
        set_err(why, cap, "admin_pin must be 4 to 8 digits");
        return false;
    }
    case K_GPSD:
        return check_gpsd(v, n, c, why, cap);
    case K_ROLE: {
        char id[CONFIG_ROLE_MAX];
        if (n < sizeof id) {
            memcpy(id, v, n);
            id[n] = '\0';
            if (wire_id_valid(id)) {
                memcpy(c->user_role, id, n + 1);
                return true;
            }
        }
        set_err(why, cap, "user_role must be 1..64 characters of A-Z a-z 0-9 . _ -");
        return false;
    }
    }
    return false;
}

/* ---- keys ---- */

/* Optimal string alignment distance (a swap of neighbours costs 1), for "did you mean". Keys are
 * short; longer input is simply too far from any of them. */
static size_t edit_distance(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an > 32 || bn > 32)
        return 99;
    size_t d[33][33];
    for (size_t i = 0; i <= an; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= bn; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= an; i++) {
        for (size_t j = 1; j <= bn; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[an][bn];
}

static const key_def *key_find(const char *k, size_t n)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strlen(keys[i].name) == n && memcmp(keys[i].name, k, n) == 0)
            return &keys[i];
    return NULL;
}

static const char *key_suggest(const char *k, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3; /* at most 2 edits away */
    for (size_t i = 0; i < N_KEYS; i++) {
        size_t d = edit_distance(k, n, keys[i].name);
        if (d < best_d) {
            best_d = d;
            best = keys[i].name;
        }
    }
    return best;
}

/* ---- lines ---- */

/* Checks the raw bytes of a line before anything looks at its meaning. */
static bool line_check(const char *s, size_t n, size_t lineno, char *err, size_t cap)
{
    if (n > CONFIG_LINE_MAX) {
        set_err(err, cap, "line %zu: longer than %d bytes", lineno, CONFIG_LINE_MAX);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == 0) {
            set_err(err, cap, "line %zu: contains a NUL byte (is this a text file?)", lineno);
            return false;
        }
        if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
            set_err(err, cap, "line %zu: contains a control character (0x%02X)", lineno, ch);
            return false;
        }
    }
    if (!wire_utf8_valid(s, n)) {
        set_err(err, cap, "line %zu: not valid UTF-8 (save the file as UTF-8)", lineno);
        return false;
    }
    return true;
}

/* A value as written: bare (trimmed), or "quoted" with \" and \\ escapes. The result goes to buf
 * (at least CONFIG_LINE_MAX bytes: the unquoted value is never longer than the line). */
static bool value_unquote(const char *v, size_t n, char *buf, size_t *out_n, size_t lineno,
                          char *err, size_t cap)
{
    if (n == 0 || v[0] != '"') {
        memcpy(buf, v, n);
        *out_n = n;
        return true;
    }
    size_t k = 0, i = 1;
    for (;;) {
        if (i >= n) {
            set_err(err, cap, "line %zu: missing closing quote (\")", lineno);
            return false;
        }
        char ch = v[i++];
        if (ch == '"')
            break;
        if (ch == '\\') {
            if (i >= n || (v[i] != '"' && v[i] != '\\')) {
                set_err(err, cap,
                        "line %zu: unknown escape in quoted value (only \\\" and \\\\ are allowed)",
                        lineno);
                return false;
            }
            ch = v[i++];
        }
        buf[k++] = ch;
    }
    /* v was trimmed, so anything after the closing quote is more than white space. */
    if (i != n) {
        set_err(err, cap, "line %zu: unexpected text after the closing quote", lineno);
        return false;
    }
    *out_n = k;
    return true;
}

config_err config_parse(const char *text, size_t len, paraf_config *out, char *err, size_t cap)
{
    paraf_config c;
    config_defaults(&c);
    size_t seen[N_KEYS] = {0}; /* line of each key, 0 = not set */
    char value[CONFIG_LINE_MAX + 1];
    char why[300], shown[64];
    if (err && cap > 0)
        err[0] = '\0';
    if (!text)
        len = 0;

    size_t pos = 0, lineno = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte order mark, as some editors write */
    while (pos < len) {
        lineno++;
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        if (n > 0 && line[n - 1] == '\r')
            n--; /* CRLF line endings */
        if (!line_check(line, n, lineno, err, cap))
            return CONFIG_ERR_SYNTAX;
        trim(&line, &n);
        if (n == 0 || line[0] == '#')
            continue;

        const char *eq = memchr(line, '=', n);
        if (!eq) {
            set_err(err, cap, "line %zu: expected 'key = value'", lineno);
            return CONFIG_ERR_SYNTAX;
        }
        const char *k = line, *v = eq + 1;
        size_t kn = (size_t)(eq - line), vn = n - kn - 1;
        trim(&k, &kn);
        trim(&v, &vn);
        if (kn == 0) {
            set_err(err, cap, "line %zu: no key before '='", lineno);
            return CONFIG_ERR_SYNTAX;
        }
        const key_def *def = key_find(k, kn);
        if (!def) {
            snippet(k, kn, shown, sizeof shown);
            const char *hint = key_suggest(k, kn);
            if (hint)
                set_err(err, cap, "line %zu: unknown key '%s' (did you mean '%s'?)", lineno, shown,
                        hint);
            else
                set_err(err, cap, "line %zu: unknown key '%s'", lineno, shown);
            return CONFIG_ERR_KEY;
        }
        size_t ki = (size_t)(def - keys);
        if (seen[ki]) {
            set_err(err, cap, "line %zu: duplicate key '%s' (first set on line %zu)", lineno,
                    def->name, seen[ki]);
            return CONFIG_ERR_KEY;
        }
        seen[ki] = lineno;

        size_t un;
        if (!value_unquote(v, vn, value, &un, lineno, err, cap))
            return CONFIG_ERR_SYNTAX;
        if (un == 0) {
            set_err(err, cap, "line %zu: %s has no value", lineno, def->name);
            return CONFIG_ERR_VALUE;
        }
        if (!check_value(def, value, un, &c, why, sizeof why)) {
            set_err(err, cap, "line %zu: %s", lineno, why);
            return CONFIG_ERR_VALUE;
        }
    }

    char missing[200] = "";
    size_t mlen = 0, nmissing = 0;
    for (size_t i = 0; i < N_KEYS; i++) {
        if (!keys[i].required || seen[i])
            continue;
        int w = snprintf(missing + mlen, sizeof missing - mlen, "%s%s", nmissing ? ", " : "",
                         keys[i].name);
        if (w > 0 && (size_t)w < sizeof missing - mlen)
            mlen += (size_t)w;
        nmissing++;
    }
    if (nmissing) {
        set_err(err, cap, "missing required key%s: %s", nmissing > 1 ? "s" : "", missing);
        return CONFIG_ERR_MISSING;
    }
    if (c.request_timeout_ms < c.connect_timeout_ms) {
        set_err(err, cap, "request_timeout_ms (%d) must not be less than connect_timeout_ms (%d)",
                c.request_timeout_ms, c.connect_timeout_ms);
        return CONFIG_ERR_VALUE;
    }
    if (out)
        *out = c;
    return CONFIG_OK;
}

bool config_resolve_path(const char *config_dir, const char *value, char *out, size_t cap)
{
    if (!out || cap == 0)
        return false;
    out[0] = '\0';
    if (!value || !value[0])
        return false;
    size_t dn = config_dir ? strlen(config_dir) : 0;
    if (value[0] == '/' || dn == 0)
        dn = 0;
    bool sep = dn > 0 && config_dir[dn - 1] != '/';
    size_t vn = strlen(value);
    if (dn + sep + vn >= cap)
        return false;
    if (dn)
        memcpy(out, config_dir, dn);
    if (sep)
        out[dn] = '/';
    memcpy(out + dn + sep, value, vn + 1);
    return true;
}
