/* gps_src: a non-blocking gpsd client on libgps. libgps connects, asks gpsd to stream JSON reports
 * (?WATCH), buffers lines and parses TPV reports into struct gps_data_t; this file turns its
 * position reports into gps_fix, never waits for data, and reconnects when gpsd comes back. */
#include "gps_src.h"

#include <gps.h> /* libgps */
#if GPSD_API_MAJOR_VERSION < 11
#error "written and tested for libgps API 11 (gpsd 3.22, Debian 12) and later"
#endif

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reports read per poll at most, so a flood cannot hold the worker (gpsd sends a few a second);
 * what is left stays buffered for the next poll. */
#define GPS_MAX_REPORTS 64

struct gps_src {
    char *host, *port;
    bool connected;
    int64_t next_try_ms; /* CLOCK_MONOTONIC ms of the next connection attempt */
    struct gps_data_t data;
    char error[160];
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_error(gps_src *g, const char *why)
{
    snprintf(g->error, sizeof g->error, "gpsd at %s:%s: %s", g->host, g->port, why);
}

/* gps_stream writes ?WATCH with write(2): if gpsd has just closed the socket that raises SIGPIPE,
 * which would end the program. Block it in this thread for the call and discard one it raised. */
static int stream_nosigpipe(struct gps_data_t *d)
{
    sigset_t pipe_set, old, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE) == 1;
    int rc = gps_stream(d, WATCH_ENABLE | WATCH_JSON, NULL);
    if (!was_pending) {
        struct timespec zero = {0, 0};
        while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE)
            ;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

static void try_connect(gps_src *g)
{
    g->next_try_ms = mono_ms() + GPS_RETRY_S * 1000;
    memset(&g->data, 0, sizeof g->data);
    if (gps_open(g->host, g->port, &g->data) != 0) {
        /* libgps leaves its (negative) netlib code in errno; nothing is allocated. */
        set_error(g, gps_errstr(errno));
        return;
    }
    if (stream_nosigpipe(&g->data) != 0) {
        set_error(g, "could not ask for reports (?WATCH)");
        gps_close(&g->data);
        return;
    }
    g->connected = true;
    g->error[0] = '\0';
}

static void drop(gps_src *g, const char *why)
{
    if (g->connected)
        gps_close(&g->data);
    g->connected = false;
    g->next_try_ms = mono_ms() + GPS_RETRY_S * 1000;
    set_error(g, why);
}

gps_src *gps_src_open(const char *host, const char *port)
{
    gps_src *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->host = strdup(host != NULL ? host : "127.0.0.1");
    g->port = strdup(port != NULL ? port : DEFAULT_GPSD_PORT);
    if (g->host == NULL || g->port == NULL) {
        gps_src_close(g);
        return NULL;
    }
    try_connect(g);
    return g;
}

void gps_src_close(gps_src *g)
{
    if (g == NULL)
        return;
    if (g->connected)
        gps_close(&g->data);
    free(g->host);
    free(g->port);
    free(g);
}

/* The report just read, if it was a position fix (a TPV with mode 2D/3D and a position). */
static bool report_fix(const struct gps_data_t *d, gps_fix *f)
{
    if ((d->set & (LATLON_SET | MODE_SET)) != (LATLON_SET | MODE_SET) || d->fix.mode < MODE_2D)
        return false;
    if (!isfinite(d->fix.latitude) || !isfinite(d->fix.longitude) || fabs(d->fix.latitude) > 90.0 ||
        fabs(d->fix.longitude) > 180.0)
        return false;
    memset(f, 0, sizeof *f);
    f->valid = true;
    f->lat = d->fix.latitude;
    f->lon = d->fix.longitude;
    /* eph is gpsd's horizontal estimate (from HDOP, ~95%); without it combine the per-axis
     * estimates; otherwise unknown. */
    if (isfinite(d->fix.eph) && d->fix.eph >= 0.0)
        f->accuracy_m = d->fix.eph;
    else if (isfinite(d->fix.epx) && isfinite(d->fix.epy))
        f->accuracy_m = sqrt(d->fix.epx * d->fix.epx + d->fix.epy * d->fix.epy);
    else
        f->accuracy_m = NAN;
    f->fix_time = (d->set & TIME_SET) ? (int64_t)d->fix.time.tv_sec : 0;
    f->mode = d->fix.mode >= MODE_3D ? GPS_MODE_3D : GPS_MODE_2D;
    f->received_at = (int64_t)time(NULL);
    return true;
}

bool gps_src_poll(gps_src *g, gps_fix *out)
{
    if (g == NULL)
        return false;
    if (!g->connected) {
        if (mono_ms() < g->next_try_ms)
            return false;
        try_connect(g);
        if (!g->connected)
            return false;
    }
    bool updated = false;
    for (int i = 0; i < GPS_MAX_REPORTS; i++) {
        /* The socket is non-blocking (libgps sets O_NONBLOCK): gps_read makes at most one
         * recv and returns 0 when no whole line has arrived, < 0 when gpsd closed or failed. */
        g->data.set = 0;
        int n = gps_read(&g->data, NULL, 0);
        if (n < 0) {
            drop(g, "gpsd closed the connection");
            break;
        }
        if (n == 0)
            break;
        gps_fix f;
        if (report_fix(&g->data, &f)) {
            *out = f;
            updated = true;
        }
    }
    return updated;
}

bool gps_src_connected(const gps_src *g)
{
    return g != NULL && g->connected;
}

const char *gps_src_error(const gps_src *g)
{
    if (g == NULL)
        return "no source";
    return g->connected ? "" : g->error;
}

int gps_src_fd(const gps_src *g)
{
    if (g == NULL || !g->connected)
        return -1;
    return (int)g->data.gps_fd;
}
