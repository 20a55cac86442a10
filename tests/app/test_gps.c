/* Tests of the field profile's location: gps_judge (location.c) at chosen times; the NMEA log
 * tests/data/field-bali.nmea itself (checksums, one epoch a second); gps_src (platform/gps.c)
 * against an in-process fake gpsd on loopback (split lines, reports without a position, accuracy
 * from eph or epx/epy, gpsd closing, retry interval, an endless line), with nothing listening, and
 * end to end against a real gpsd that gpsfake feeds with the NMEA log (fix matches the log, gpsd
 * killed: no block, no crash, "not connected"; gpsd back: reconnected). gpsfake comes with the
 * Debian package gpsd-clients (deps.txt); without it the end-to-end test fails, it does not skip.
 */
#include "gps_src.h"
#include "location.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

/* 2020-07-06T02:15:00Z, the first epoch of the log. */
#define LOG_T0 1594001700LL

/* ---- small helpers ---- */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* One gps_src_poll, timed: every call must return at once. */
static bool poll_timed(gps_src *g, gps_fix *f, int64_t *max_ms)
{
    int64_t t0 = mono_ms();
    bool r = gps_src_poll(g, f);
    int64_t dt = mono_ms() - t0;
    if (dt > *max_ms)
        *max_ms = dt;
    assert_true(dt < 100);
    return r;
}

static int loopback_socket(int port, bool listening)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listening) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
        assert_int_equal(listen(fd, 4), 0);
        return fd;
    }
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int socket_port(int fd)
{
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    return ntohs(a.sin_port);
}

/* A loopback port nobody listens on (just bound and released). */
static int free_port(void)
{
    int fd = loopback_socket(0, true);
    int port = socket_port(fd);
    close(fd);
    return port;
}

static void port_str(int port, char out[16])
{
    snprintf(out, 16, "%d", port);
}

/* ---- gps_judge ---- */

static gps_fix fix_at(int64_t t, double acc)
{
    gps_fix f = {.valid = true,
                 .lat = -8.3961,
                 .lon = 115.2296,
                 .accuracy_m = acc,
                 .fix_time = t,
                 .mode = GPS_MODE_3D,
                 .received_at = t};
    return f;
}

static void test_judge_none(void **state)
{
    (void)state;
    assert_int_equal(gps_judge(NULL, LOG_T0, 60, 50.0), GPS_NONE);
    gps_fix f = fix_at(LOG_T0, 5.0);
    f.valid = false;
    assert_int_equal(gps_judge(&f, LOG_T0, 60, 50.0), GPS_NONE);
    gps_fix zero = {0};
    assert_int_equal(gps_judge(&zero, LOG_T0, 60, 50.0), GPS_NONE);
    f = fix_at(LOG_T0, 5.0);
    f.lat = NAN;
    assert_int_equal(gps_judge(&f, LOG_T0, 60, 50.0), GPS_NONE);
    f = fix_at(LOG_T0, 5.0);
    f.lat = 91.0;
    assert_int_equal(gps_judge(&f, LOG_T0, 60, 50.0), GPS_NONE);
    f = fix_at(LOG_T0, 5.0);
    f.lon = -180.5;
    assert_int_equal(gps_judge(&f, LOG_T0, 60, 50.0), GPS_NONE);
    f = fix_at(LOG_T0, 5.0);
    f.lon = INFINITY;
    assert_int_equal(gps_judge(&f, LOG_T0, 60, 50.0), GPS_NONE);
}

static void test_judge_good_and_age(void **state)
{
    (void)state;
    gps_fix f = fix_at(LOG_T0, 4.5);
    assert_int_equal(gps_judge(&f, LOG_T0, 60, 10.0), GPS_GOOD);
    assert_int_equal(gps_judge(&f, LOG_T0 + 60, 60, 10.0), GPS_GOOD); /* the limit is included */
    assert_int_equal(gps_judge(&f, LOG_T0 + 61, 60, 10.0), GPS_OLD);
    assert_int_equal(gps_judge(&f, LOG_T0 + 86400, 60, 10.0), GPS_OLD);
    /* A device clock behind the receiver's: a negative age counts as 0. */
    assert_int_equal(gps_judge(&f, LOG_T0 - 3600, 60, 10.0), GPS_GOOD);
    /* No age limit. */
    assert_int_equal(gps_judge(&f, LOG_T0 + 86400, 0, 10.0), GPS_GOOD);
    assert_int_equal(gps_judge(&f, LOG_T0 + 86400, -1, 10.0), GPS_GOOD);
}

static void test_judge_age_uses_older_clock(void **state)
{
    (void)state;
    /* Received just now, but measured 10 minutes ago (a replayed log, a stuck receiver). */
    gps_fix f = fix_at(LOG_T0, 4.5);
    f.received_at = LOG_T0 + 600;
    assert_int_equal(gps_judge(&f, LOG_T0 + 601, 60, 10.0), GPS_OLD);
    /* Measured just now by the receiver, but received long ago and never updated since. */
    f = fix_at(LOG_T0 + 600, 4.5);
    f.received_at = LOG_T0;
    assert_int_equal(gps_judge(&f, LOG_T0 + 601, 60, 10.0), GPS_OLD);
    /* The receiver's time unknown: the time it arrived decides. */
    f = fix_at(0, 4.5);
    f.received_at = LOG_T0;
    assert_int_equal(gps_judge(&f, LOG_T0 + 30, 60, 10.0), GPS_GOOD);
    assert_int_equal(gps_judge(&f, LOG_T0 + 90, 60, 10.0), GPS_OLD);
}

static void test_judge_accuracy(void **state)
{
    (void)state;
    gps_fix f = fix_at(LOG_T0, 25.0);
    assert_int_equal(gps_judge(&f, LOG_T0 + 1, 60, 50.0), GPS_GOOD);
    assert_int_equal(gps_judge(&f, LOG_T0 + 1, 60, 25.0), GPS_GOOD); /* the limit is included */
    assert_int_equal(gps_judge(&f, LOG_T0 + 1, 60, 24.9), GPS_INACCURATE);
    /* Unknown accuracy cannot pass an accuracy limit... */
    f.accuracy_m = NAN;
    assert_int_equal(gps_judge(&f, LOG_T0 + 1, 60, 50.0), GPS_INACCURATE);
    f.accuracy_m = -1.0;
    assert_int_equal(gps_judge(&f, LOG_T0 + 1, 60, 50.0), GPS_INACCURATE);
    /* ...but with the check off (<= 0 or NAN) it does not matter. */
    assert_int_equal(gps_judge(&f, LOG_T0 + 1, 60, 0.0), GPS_GOOD);
    assert_int_equal(gps_judge(&f, LOG_T0 + 1, 60, NAN), GPS_GOOD);
    /* Old wins over inaccurate. */
    f.accuracy_m = 500.0;
    assert_int_equal(gps_judge(&f, LOG_T0 + 1000, 60, 50.0), GPS_OLD);
    assert_string_equal(gps_quality_name(GPS_NONE), "none");
    assert_string_equal(gps_quality_name(GPS_GOOD), "good");
    assert_string_equal(gps_quality_name(GPS_OLD), "old");
    assert_string_equal(gps_quality_name(GPS_INACCURATE), "inaccurate");
    assert_string_equal(gps_quality_name((gps_quality)42), "none");
}

/* ---- the NMEA log ---- */

typedef struct {
    int64_t t; /* Unix s */
    double lat, lon, hdop;
    bool rmc, gga, gsa;
} nmea_epoch;

typedef struct {
    nmea_epoch e[64];
    int n;
    int sentences;
} nmea_log;

static void nmea_path(char *out, size_t cap)
{
    const char *src = getenv("PARAF_SOURCE");
    int n;
    if (src != NULL) {
        n = snprintf(out, cap, "%s/tests/data/field-bali.nmea", src);
    } else { /* run by hand: this file is <src>/tests/app/test_gps.c */
        const char *file = __FILE__;
        const char *cut = strstr(file, "/tests/app/");
        assert_non_null(cut);
        n = snprintf(out, cap, "%.*s/tests/data/field-bali.nmea", (int)(cut - file), file);
    }
    assert_true(n > 0 && (size_t)n < cap);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Checks "$BODY*HH" (line without CR LF), then cuts it at '*' and splits BODY at commas. */
static int nmea_fields(char *line, char **field, int max)
{
    assert_int_equal(line[0], '$');
    char *star = strrchr(line, '*');
    assert_non_null(star);
    unsigned sum = 0;
    for (const char *p = line + 1; p < star; p++)
        sum ^= (unsigned char)*p;
    int hi = hex_digit(star[1]), lo = hex_digit(star[2]);
    assert_true(hi >= 0 && lo >= 0 && star[3] == '\0');
    if ((unsigned)(hi * 16 + lo) != sum)
        fail_msg("bad NMEA checksum %c%c (want %02X): %s", star[1], star[2], sum, line);
    *star = '\0';
    int n = 0;
    char *p = line + 1;
    while (n < max) {
        field[n++] = p;
        char *comma = strchr(p, ',');
        if (comma == NULL)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

/* "0823.76720","S" with 2 degree digits -> -8.396120 */
static double nmea_coord(const char *v, const char *hemi, int deg_digits)
{
    char deg[4] = {0};
    assert_true(strlen(v) > (size_t)deg_digits);
    memcpy(deg, v, (size_t)deg_digits);
    char *end;
    double d = (double)strtol(deg, &end, 10);
    assert_true(*end == '\0');
    double m = strtod(v + deg_digits, &end);
    assert_true(*end == '\0');
    double x = d + m / 60.0;
    return (hemi[0] == 'S' || hemi[0] == 'W') ? -x : x;
}

static int two_digits(const char *s)
{
    assert_true(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9');
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* hhmmss[.ss] and ddmmyy -> Unix s; without a date, seconds since midnight. */
static int64_t nmea_time(const char *hhmmss, const char *ddmmyy)
{
    int64_t tod = two_digits(hhmmss) * 3600 + two_digits(hhmmss + 2) * 60 + two_digits(hhmmss + 4);
    if (ddmmyy == NULL)
        return tod;
    struct tm tm = {0};
    tm.tm_mday = two_digits(ddmmyy);
    tm.tm_mon = two_digits(ddmmyy + 2) - 1;
    tm.tm_year = 100 + two_digits(ddmmyy + 4);
    return (int64_t)timegm(&tm) + tod;
}

static nmea_epoch *epoch_for(nmea_log *log, int64_t t)
{
    for (int i = 0; i < log->n; i++)
        if (log->e[i].t == t)
            return &log->e[i];
    return NULL;
}

static void nmea_load(nmea_log *log)
{
    char path[PATH_MAX];
    nmea_path(path, sizeof path);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    memset(log, 0, sizeof *log);
    char line[256];
    int64_t day = 0; /* midnight of the date in the last RMC */
    while (fgets(line, sizeof line, fp) != NULL) {
        size_t len = strlen(line);
        assert_true(len >= 2 && line[len - 1] == '\n');
        if (line[0] == '#')
            continue;
        assert_true(line[len - 2] == '\r'); /* NMEA 0183 lines end in CR LF */
        line[len - 2] = '\0';
        assert_true(len - 2 <= 82);
        char *f[32];
        int n = nmea_fields(line, f, 32);
        log->sentences++;
        if (strcmp(f[0], "GPRMC") == 0) {
            assert_int_equal(n, 13);
            assert_string_equal(f[2], "A");
            int64_t t = nmea_time(f[1], f[9]);
            day = t - t % 86400;
            assert_true(log->n < 64);
            nmea_epoch *e = &log->e[log->n++];
            e->t = t;
            e->lat = nmea_coord(f[3], f[4], 2);
            e->lon = nmea_coord(f[5], f[6], 3);
            e->rmc = true;
        } else if (strcmp(f[0], "GPGGA") == 0) {
            assert_int_equal(n, 15);
            nmea_epoch *e = epoch_for(log, day + nmea_time(f[1], NULL));
            assert_non_null(e); /* the RMC of the epoch came first */
            assert_string_equal(f[6], "1");
            assert_true(fabs(nmea_coord(f[2], f[3], 2) - e->lat) < 1e-9);
            assert_true(fabs(nmea_coord(f[4], f[5], 3) - e->lon) < 1e-9);
            e->hdop = strtod(f[8], NULL);
            e->gga = true;
        } else if (strcmp(f[0], "GPGSA") == 0) {
            assert_int_equal(n, 18);
            assert_true(log->n > 0);
            log->e[log->n - 1].gsa = true;
        } else {
            assert_string_equal(f[0], "GPGSV");
        }
    }
    fclose(fp);
}

static void test_nmea_log(void **state)
{
    (void)state;
    nmea_log log;
    nmea_load(&log);
    assert_int_equal(log.n, 30);
    for (int i = 0; i < log.n; i++) {
        const nmea_epoch *e = &log.e[i];
        assert_true(e->rmc && e->gga && e->gsa);
        assert_int_equal(e->t, LOG_T0 + i); /* one fix a second from 02:15:00Z */
        /* Bendungan Sidan, Badung */
        assert_true(e->lat > -8.40 && e->lat < -8.39);
        assert_true(e->lon > 115.22 && e->lon < 115.24);
        assert_true(e->hdop >= 0.8 && e->hdop <= 1.2);
        if (i > 0) { /* walking: under 2 m between fixes */
            double dy = (e->lat - e[-1].lat) * 110574.0;
            double dx = (e->lon - e[-1].lon) * 110574.0 * cos(e->lat * M_PI / 180.0);
            assert_true(sqrt(dx * dx + dy * dy) < 2.0);
        }
    }
}

/* ---- an in-process fake gpsd ---- */

typedef struct {
    int lfd, cfd, port;
} fake_gpsd;

static void fake_listen(fake_gpsd *f)
{
    f->lfd = loopback_socket(0, true);
    f->port = socket_port(f->lfd);
    f->cfd = -1;
}

/* Accepts the client (already queued: connecting to a listening socket completes in the kernel)
 * and checks it asked for JSON reports. */
static void fake_accept(fake_gpsd *f)
{
    struct pollfd p = {.fd = f->lfd, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 1000), 1);
    f->cfd = accept(f->lfd, NULL, NULL);
    assert_true(f->cfd >= 0);
    char buf[512];
    size_t got = 0;
    while (got < sizeof buf - 1 && memchr(buf, '\n', got) == NULL) {
        p = (struct pollfd){.fd = f->cfd, .events = POLLIN};
        assert_int_equal(poll(&p, 1, 1000), 1);
        ssize_t n = read(f->cfd, buf + got, sizeof buf - 1 - got);
        assert_true(n > 0);
        got += (size_t)n;
    }
    buf[got] = '\0';
    assert_non_null(strstr(buf, "?WATCH={\"enable\":true"));
    assert_non_null(strstr(buf, "\"json\":true"));
}

static void fake_send(fake_gpsd *f, const char *s)
{
    size_t len = strlen(s), off = 0;
    while (off < len) {
        ssize_t n = send(f->cfd, s + off, len - off, MSG_NOSIGNAL);
        assert_true(n > 0);
        off += (size_t)n;
    }
    sleep_ms(20); /* loopback delivery */
}

static void fake_close(fake_gpsd *f)
{
    if (f->cfd >= 0)
        close(f->cfd);
    if (f->lfd >= 0)
        close(f->lfd);
    f->cfd = f->lfd = -1;
}

#define TPV_HEAD "{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\","

static void test_fake_gpsd_reports(void **state)
{
    (void)state;
    fake_gpsd fk;
    fake_listen(&fk);
    char port[16];
    port_str(fk.port, port);
    gps_src *g = gps_src_open("127.0.0.1", port);
    assert_non_null(g);
    assert_true(gps_src_connected(g));
    assert_string_equal(gps_src_error(g), "");
    assert_true(gps_src_fd(g) >= 0);
    fake_accept(&fk);
    int64_t worst = 0;
    gps_fix f, before;
    memset(&f, 0x5a, sizeof f);
    before = f;

    /* Nothing has arrived: no fix, still connected, *out untouched. */
    assert_false(poll_timed(g, &f, &worst));
    assert_true(gps_src_connected(g));
    assert_memory_equal(&f, &before, sizeof f);

    /* gpsd's greeting and a fix-less TPV, a SKY and junk: read and dropped. */
    fake_send(&fk, "{\"class\":\"VERSION\",\"release\":\"3.22\",\"rev\":\"3.22\","
                   "\"proto_major\":3,\"proto_minor\":14}\n"
                   "{\"class\":\"DEVICES\",\"devices\":[]}\n"
                   "{\"class\":\"WATCH\",\"enable\":true,\"json\":true}\n" TPV_HEAD "\"mode\":1}\n"
                   "{\"class\":\"SKY\",\"device\":\"/dev/ttyACM0\",\"hdop\":0.9}\n"
                   "hello, not JSON\n"
                   "{\"class\":\"TPV\",\"mode\":3,\"lat\":\n");
    assert_false(poll_timed(g, &f, &worst));
    assert_true(gps_src_connected(g));

    /* A 3D fix with time and eph. */
    int64_t t0 = (int64_t)time(NULL);
    fake_send(&fk, TPV_HEAD "\"mode\":3,\"time\":\"2020-07-06T02:15:00.000Z\",\"ept\":0.005,"
                            "\"lat\":-8.396120000,\"lon\":115.229580000,\"altMSL\":318.6,"
                            "\"epx\":9.306,\"epy\":11.167,\"eph\":17.100}\n");
    assert_true(poll_timed(g, &f, &worst));
    assert_true(f.valid);
    assert_true(fabs(f.lat - -8.39612) < 1e-9);
    assert_true(fabs(f.lon - 115.22958) < 1e-9);
    assert_true(fabs(f.accuracy_m - 17.1) < 1e-9);
    assert_int_equal(f.fix_time, LOG_T0);
    assert_int_equal(f.mode, GPS_MODE_3D);
    assert_true(f.received_at >= t0 && f.received_at <= (int64_t)time(NULL));
    assert_false(poll_timed(g, &f, &worst)); /* nothing new */

    /* A line split across two reads: nothing until the rest arrives. */
    fake_send(&fk, TPV_HEAD "\"mode\":2,\"time\":\"2020-07-06T02:15:01.000Z\",\"lat\":-8.39");
    assert_false(poll_timed(g, &f, &worst));
    assert_true(gps_src_connected(g));
    fake_send(&fk, "6118,\"lon\":115.229585,\"epx\":9.0,\"epy\":12.0}\n");
    assert_true(poll_timed(g, &f, &worst));
    assert_int_equal(f.mode, GPS_MODE_2D);
    assert_int_equal(f.fix_time, LOG_T0 + 1);
    assert_true(fabs(f.lat - -8.396118) < 1e-9);
    assert_true(fabs(f.accuracy_m - 15.0) < 1e-9); /* no eph: sqrt(epx^2 + epy^2) */

    /* No time, no error estimate. */
    fake_send(&fk, TPV_HEAD "\"mode\":3,\"lat\":-8.3961,\"lon\":115.2296}\n");
    assert_true(poll_timed(g, &f, &worst));
    assert_int_equal(f.fix_time, 0);
    assert_true(isnan(f.accuracy_m));

    /* Several at once: the latest wins. Out-of-range positions are not fixes. */
    fake_send(&fk, TPV_HEAD "\"mode\":3,\"time\":\"2020-07-06T02:15:02.000Z\","
                            "\"lat\":-8.1,\"lon\":115.1,\"eph\":20.0}\n" TPV_HEAD
                            "\"mode\":3,\"time\":\"2020-07-06T02:15:03.000Z\","
                            "\"lat\":-8.2,\"lon\":115.2,\"eph\":21.0}\n" TPV_HEAD
                            "\"mode\":3,\"lat\":-95.0,\"lon\":115.2}\n");
    assert_true(poll_timed(g, &f, &worst));
    assert_int_equal(f.fix_time, LOG_T0 + 3);
    assert_true(fabs(f.lat - -8.2) < 1e-9 && fabs(f.accuracy_m - 21.0) < 1e-9);

    /* gpsd goes away: not connected, no fix, no wait. */
    close(fk.cfd);
    fk.cfd = -1;
    before = f;
    assert_false(poll_timed(g, &f, &worst));
    assert_false(gps_src_connected(g));
    assert_int_equal(gps_src_fd(g), -1);
    assert_non_null(strstr(gps_src_error(g), "closed"));
    assert_non_null(strstr(gps_src_error(g), port));
    assert_memory_equal(&f, &before, sizeof f);

    /* The listener is still there, but the next attempt waits GPS_RETRY_S... */
    int64_t dropped = mono_ms();
    while (mono_ms() - dropped < GPS_RETRY_S * 1000 - 500) {
        assert_false(poll_timed(g, &f, &worst));
        assert_false(gps_src_connected(g));
        sleep_ms(100);
    }
    /* ...and then it reconnects and reads again. */
    while (!gps_src_connected(g) && mono_ms() - dropped < GPS_RETRY_S * 1000 + 1500) {
        poll_timed(g, &f, &worst);
        sleep_ms(50);
    }
    assert_true(gps_src_connected(g));
    fake_accept(&fk);
    fake_send(&fk, TPV_HEAD "\"mode\":3,\"time\":\"2020-07-06T02:15:04.000Z\","
                            "\"lat\":-8.3,\"lon\":115.3,\"eph\":18.0}\n");
    assert_true(poll_timed(g, &f, &worst));
    assert_int_equal(f.fix_time, LOG_T0 + 4);

    /* A line that never ends fills libgps's buffer: dropped, not a hang. */
    static char junk[32768]; /* libgps buffers 8 KB (2 x GPS_JSON_RESPONSE_MAX) */
    memset(junk, 'x', sizeof junk - 1);
    junk[sizeof junk - 1] = '\0';
    fake_send(&fk, "{\"class\":\"TPV\",\"tag\":\"");
    fake_send(&fk, junk);
    for (int i = 0; i < 50 && gps_src_connected(g); i++)
        assert_false(poll_timed(g, &f, &worst));
    assert_false(gps_src_connected(g));

    print_message("fake gpsd: slowest gps_src_poll %lld ms\n", (long long)worst);
    gps_src_close(g);
    fake_close(&fk);
}

static void test_nothing_listening(void **state)
{
    (void)state;
    char port[16];
    port_str(free_port(), port);
    int64_t t0 = mono_ms();
    gps_src *g = gps_src_open("127.0.0.1", port);
    assert_true(mono_ms() - t0 < 100);
    assert_non_null(g);
    assert_false(gps_src_connected(g));
    assert_int_equal(gps_src_fd(g), -1);
    assert_true(strlen(gps_src_error(g)) > 0);
    assert_non_null(strstr(gps_src_error(g), port));
    print_message("nothing listening: %s\n", gps_src_error(g));
    int64_t worst = 0;
    gps_fix f;
    for (int i = 0; i < 5; i++)
        assert_false(poll_timed(g, &f, &worst));
    gps_src_close(g);
    gps_src_close(NULL);
    assert_false(gps_src_poll(NULL, &f));
    assert_false(gps_src_connected(NULL));
    assert_int_equal(gps_src_fd(NULL), -1);
    /* Defaults: 127.0.0.1:2947 (a gpsd may or may not run there; either way a handle). */
    g = gps_src_open(NULL, NULL);
    assert_non_null(g);
    if (!gps_src_connected(g))
        assert_non_null(strstr(gps_src_error(g), "127.0.0.1:2947"));
    gps_src_close(g);
}

/* ---- gpsd fed by gpsfake ---- */

typedef struct {
    char dir[64];  /* private temp dir: gpsfake's log and gpsd's control socket */
    char log[128]; /* gpsfake's and gpsd's stdout/stderr */
    char gpsfake[PATH_MAX];
    char nmea[PATH_MAX];
    int port;
    pid_t pid; /* gpsfake, leader of the process group that gpsd joins */
    gps_src *g;
} session;

static bool find_program(const char *name, const char *also, char *out, size_t cap)
{
    const char *path = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s:%s", path != NULL ? path : "/usr/bin:/bin", also);
    char *save = NULL;
    for (char *d = strtok_r(dirs, ":", &save); d != NULL; d = strtok_r(NULL, ":", &save)) {
        int n = snprintf(out, cap, "%s/%s", d, name);
        if (n > 0 && (size_t)n < cap && access(out, X_OK) == 0)
            return true;
    }
    return false;
}

static void print_log(const session *s)
{
    FILE *fp = fopen(s->log, "r");
    if (fp == NULL)
        return;
    char line[512];
    print_message("--- %s\n", s->log);
    while (fgets(line, sizeof line, fp) != NULL)
        print_message("%s", line);
    fclose(fp);
}

static void gpsfake_start(session *s)
{
    char port[16];
    port_str(s->port, port);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* gpsfake stops its gpsd if this test dies */
        int out = open(s->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (out < 0 || in < 0)
            _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        setenv("TMPDIR", s->dir, 1); /* gpsd's control socket goes there */
        /* -c: seconds between sentences (~0.2 s an epoch); the log loops until we stop it.
         * gpsfake runs gpsd -N -S port: it listens on 127.0.0.1 and ::1 only. */
        execl(s->gpsfake, "gpsfake", "-q", "-c", "0.05", "-P", port, s->nmea, (char *)NULL);
        _exit(127);
    }
    setpgid(pid, pid);
    s->pid = pid;
    /* Ready when gpsd accepts connections. */
    int64_t t0 = mono_ms();
    for (;;) {
        int fd = loopback_socket(s->port, false);
        if (fd >= 0) {
            close(fd);
            break;
        }
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            s->pid = 0;
            print_log(s);
            fail_msg("gpsfake exited (status 0x%x) before gpsd listened on port %d", st, s->port);
        }
        if (mono_ms() - t0 > 15000) {
            print_log(s);
            fail_msg("gpsd did not listen on 127.0.0.1:%d within 15 s", s->port);
        }
        sleep_ms(50);
    }
    print_message("gpsfake: gpsd listening on %d after %lld ms\n", s->port,
                  (long long)(mono_ms() - t0));
}

/* Is a gpsd serving our port still running (zombies have no command line)? */
static bool gpsd_running(int port)
{
    char want[16];
    port_str(port, want);
    DIR *d = opendir("/proc");
    assert_non_null(d);
    bool found = false;
    struct dirent *de;
    while (!found && (de = readdir(d)) != NULL) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9')
            continue;
        char path[300], cmd[1024];
        snprintf(path, sizeof path, "/proc/%s/cmdline", de->d_name);
        FILE *fp = fopen(path, "r");
        if (fp == NULL)
            continue;
        size_t n = fread(cmd, 1, sizeof cmd - 1, fp);
        fclose(fp);
        cmd[n] = '\0';
        const char *base = strrchr(cmd, '/');
        if (strcmp(base != NULL ? base + 1 : cmd, "gpsd") != 0)
            continue;
        bool dash_s = false;
        for (size_t i = 0; i < n; i += strlen(cmd + i) + 1) {
            if (dash_s && strcmp(cmd + i, want) == 0)
                found = true;
            dash_s = strcmp(cmd + i, "-S") == 0;
        }
    }
    closedir(d);
    return found;
}

/* Lists the processes left in process group pg (name, state, kernel wait channel). */
static void print_group(pid_t pg)
{
    DIR *d = opendir("/proc");
    if (d == NULL)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        char path[300], stat[512] = "", wchan[64] = "";
        snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
        FILE *fp = fopen(path, "r");
        if (fp == NULL)
            continue;
        size_t n = fread(stat, 1, sizeof stat - 1, fp);
        fclose(fp);
        stat[n] = '\0';
        /* pid (comm) state ppid pgrp ... */
        const char *rp = strrchr(stat, ')');
        char state;
        long ppid, pgrp;
        if (rp == NULL || sscanf(rp + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3 || pgrp != pg)
            continue;
        snprintf(path, sizeof path, "/proc/%s/wchan", de->d_name);
        fp = fopen(path, "r");
        if (fp != NULL) {
            n = fread(wchan, 1, sizeof wchan - 1, fp);
            fclose(fp);
            wchan[n] = '\0';
        }
        print_message("  %.*s state %c wchan %s\n", (int)(rp + 1 - stat), stat, state, wchan);
    }
    closedir(d);
}

/* gpsd exports its state in a SysV shared memory segment and leaves it behind when it exits;
 * gpsfake gives each gpsd the key 0x4770<port in hex> (GPSD_SHM_KEY). Removed after each run so
 * test runs do not pile them up. (gpsd's NTP segments, keys "NTP0".."NTP7", are fixed and may
 * belong to the system's own gpsd or chrony: left alone.) */
static void remove_gpsd_shm(int port)
{
    int id = shmget((key_t)(0x47700000 | (port & 0xffff)), 0, 0);
    if (id >= 0)
        shmctl(id, IPC_RMID, NULL);
}

/* Stops gpsfake and its gpsd (the whole process group), reaping both: this process is a child
 * subreaper, so a gpsd orphaned by gpsfake is ours to reap. gpsd exits at once on SIGTERM;
 * gpsfake sometimes does not: its SIGTERM handler polls its gpsd with Popen.poll, and when the
 * signal lands while the main loop is inside Popen.poll the inner call cannot take the waitpid
 * lock, never sees gpsd (a zombie by then) exit, and spins. So after a second the group gets
 * SIGKILL. True when all are gone. */
static bool gpsfake_stop(session *s)
{
    if (s->pid <= 0)
        return true;
    pid_t pg = s->pid;
    s->pid = 0;
    kill(-pg, SIGTERM);
    int64_t t0 = mono_ms();
    bool killed = false;
    for (;;) {
        int st;
        pid_t r = waitpid(-pg, &st, WNOHANG);
        if (r < 0 && errno == ECHILD)
            break;
        if (r > 0)
            continue;
        int64_t dt = mono_ms() - t0;
        if (dt > 1000 && !killed) {
            print_message("gpsfake: still running 1 s after SIGTERM, SIGKILL\n");
            print_group(pg);
            kill(-pg, SIGKILL);
            killed = true;
        }
        if (dt > 5000)
            return false;
        sleep_ms(20);
    }
    remove_gpsd_shm(s->port);
    return kill(-pg, 0) != 0;
}

static int session_setup(void **state)
{
    session *s = calloc(1, sizeof *s);
    if (s == NULL)
        return -1;
    snprintf(s->dir, sizeof s->dir, "/tmp/paraf-gps-XXXXXX");
    if (mkdtemp(s->dir) == NULL) {
        free(s);
        return -1;
    }
    snprintf(s->log, sizeof s->log, "%s/gpsfake.log", s->dir);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    *state = s;
    return 0;
}

static int session_teardown(void **state)
{
    session *s = *state;
    gps_src_close(s->g);
    bool ok = gpsfake_stop(s);
    if (s->port > 0)
        remove_gpsd_shm(s->port);
    DIR *d = opendir(s->dir);
    if (d != NULL) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char path[384];
            snprintf(path, sizeof path, "%s/%s", s->dir, de->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(s->dir);
    bool stray = s->port > 0 && gpsd_running(s->port);
    free(s);
    return ok && !stray ? 0 : -1;
}

/* Polls until a fix with the receiver's time and an error estimate arrives (at most limit_ms);
 * every timed fix on the way must be where the log says it was at that second. */
static bool wait_fix(session *s, nmea_log *log, gps_fix *out, int limit_ms, int64_t *worst)
{
    int64_t t0 = mono_ms();
    int seen = 0;
    while (mono_ms() - t0 < limit_ms) {
        gps_fix f;
        if (poll_timed(s->g, &f, worst)) {
            seen++;
            assert_true(f.valid);
            if (f.fix_time != 0) {
                const nmea_epoch *e = epoch_for(log, f.fix_time);
                if (e == NULL)
                    fail_msg("fix time %lld is not in the log", (long long)f.fix_time);
                if (fabs(f.lat - e->lat) > 1e-5 || fabs(f.lon - e->lon) > 1e-5)
                    fail_msg("fix %.7f,%.7f at %lld; the log says %.7f,%.7f", f.lat, f.lon,
                             (long long)f.fix_time, e->lat, e->lon);
                if (isfinite(f.accuracy_m)) {
                    *out = f;
                    print_message("gpsd: fix after %lld ms (%d reports): %.7f,%.7f +-%.1f m "
                                  "mode %d at %lld\n",
                                  (long long)(mono_ms() - t0), seen, f.lat, f.lon, f.accuracy_m,
                                  f.mode, (long long)f.fix_time);
                    return true;
                }
            }
        }
        int fd = gps_src_fd(s->g);
        if (fd >= 0) { /* as the worker would: sleep until a report arrives */
            struct pollfd p = {.fd = fd, .events = POLLIN};
            poll(&p, 1, 200);
        } else {
            sleep_ms(100);
        }
    }
    return false;
}

static void test_gpsfake_end_to_end(void **state)
{
    session *s = *state;
    if (!find_program("gpsfake", "/usr/bin", s->gpsfake, sizeof s->gpsfake))
        fail_msg("gpsfake not found in PATH: it comes with the Debian package gpsd-clients "
                 "(listed in deps.txt; run tools/install-deps)");
    char gpsd[PATH_MAX];
    if (!find_program("gpsd", "/usr/sbin", gpsd, sizeof gpsd))
        fail_msg("gpsd not found in PATH or /usr/sbin: install the Debian package gpsd "
                 "(listed in deps.txt; run tools/install-deps)");
    nmea_log log;
    nmea_load(&log);
    nmea_path(s->nmea, sizeof s->nmea);
    s->port = free_port();
    char port[16];
    port_str(s->port, port);

    gpsfake_start(s);
    s->g = gps_src_open("127.0.0.1", port);
    assert_non_null(s->g);
    assert_true(gps_src_connected(s->g));
    int64_t worst = 0;
    gps_fix f;
    if (!wait_fix(s, &log, &f, 20000, &worst)) {
        print_log(s);
        fail_msg("no fix from gpsd on port %d within 20 s", s->port);
    }
    assert_true(f.mode == GPS_MODE_2D || f.mode == GPS_MODE_3D);
    /* gpsd's eph from HDOP 0.9-1.1 (~19 m per unit of HDOP, 95%) */
    assert_true(f.accuracy_m >= 1.0 && f.accuracy_m <= 50.0);
    int64_t now = (int64_t)time(NULL);
    assert_true(f.received_at >= now - 2 && f.received_at <= now);
    assert_int_equal(gps_judge(&f, f.fix_time + 1, 10, 50.0), GPS_GOOD);
    assert_int_equal(gps_judge(&f, f.fix_time + 1, 10, 5.0), GPS_INACCURATE);
    assert_int_equal(gps_judge(&f, now, 60, 50.0), GPS_OLD); /* the log is from 2020 */

    /* gpsd goes away: what it already sent may still be read, then the source says it is not
     * connected; no poll blocks. */
    assert_true(gpsfake_stop(s));
    int64_t t0 = mono_ms();
    while (gps_src_connected(s->g) && mono_ms() - t0 < 3000) {
        poll_timed(s->g, &f, &worst);
        sleep_ms(20);
    }
    assert_false(gps_src_connected(s->g));
    assert_int_equal(gps_src_fd(s->g), -1);
    print_message("gpsd stopped: %s (after %lld ms)\n", gps_src_error(s->g),
                  (long long)(mono_ms() - t0));
    for (int i = 0; i < 10; i++) {
        assert_false(poll_timed(s->g, &f, &worst));
        sleep_ms(50);
    }
    assert_false(gps_src_connected(s->g));
    assert_false(gpsd_running(s->port));

    /* gpsd comes back on the same port: reconnected within GPS_RETRY_S, fixes again. */
    gpsfake_start(s);
    if (!wait_fix(s, &log, &f, GPS_RETRY_S * 1000 + 20000, &worst)) {
        print_log(s);
        fail_msg("no fix after gpsd came back on port %d (%s)", s->port, gps_src_error(s->g));
    }
    assert_true(gps_src_connected(s->g));
    print_message("gpsd: slowest gps_src_poll %lld ms\n", (long long)worst);
    assert_true(gpsfake_stop(s));
    assert_false(gpsd_running(s->port));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_judge_none),
        cmocka_unit_test(test_judge_good_and_age),
        cmocka_unit_test(test_judge_age_uses_older_clock),
        cmocka_unit_test(test_judge_accuracy),
        cmocka_unit_test(test_nmea_log),
        cmocka_unit_test(test_nothing_listening),
        cmocka_unit_test(test_fake_gpsd_reports),
        cmocka_unit_test_setup_teardown(test_gpsfake_end_to_end, session_setup, session_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
