/* paraf-flap: a TCP proxy on loopback whose network flaps, for soak and outage tests. Forwards
 * connections from --listen to --to and alternates UP phases (forward normally) with DOWN phases,
 * their durations drawn uniformly from the given ranges by a seeded xorshift generator. DOWN in
 * mode refuse resets every open connection (RST) and closes the listening socket, so new connects
 * get ECONNREFUSED; in mode blackhole it freezes open connections and accepts new ones without
 * forwarding anything (clients hit their timeouts), then resets them all when the phase ends;
 * mixed picks one of the two per DOWN phase. Prints `port N` once listening. SIGUSR1 stops
 * flapping (UP at once), SIGUSR2 resumes it; both print a `stats ...` line. SIGTERM/SIGINT print
 * the final line `flaps N up_ms U down_ms D connections C refused R reset S bytes B` and exit 0:
 * N = DOWN phases entered, C = connections accepted, R = accepted but dropped at once (pair limit,
 * upstream unreachable), S = pairs reset by a DOWN phase, B = bytes forwarded both ways.
 * Single-threaded and poll()-based with non-blocking sockets; signals arrive through a self-pipe.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXPAIRS 256
#define BUFCAP   (64 * 1024)
#define AGAIN()  (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)

enum { REFUSE, BLACKHOLE, MIXED };

struct pair {
    int used, fd[2]; /* fd[0] the client, fd[1] the upstream (-1: none) */
    int connecting, frozen;
    int eof[2];            /* EOF read on fd[i] */
    int shut[2];           /* direction i done: fd[!i] shut down for writing */
    int hup[2];            /* POLLHUP seen on fd[i]: poll it only when it has events */
    size_t off[2], len[2]; /* buf[i] holds bytes read from fd[i] for fd[!i] at [off, len) */
    char *buf[2];
};

static struct pair pairs[MAXPAIRS];
static struct sockaddr_in listen_addr, to_addr;
static const char *listen_arg;
static int lfd = -1, sig_fd[2] = {-1, -1};
static int mode = MIXED, down_mode, flapping = 1, is_down;
static long long up_range[2] = {2000, 6000}, down_range[2] = {500, 3000};
static long long phase_start, phase_end = -1, relisten_at = -1, accept_at = -1, up_ms, down_ms;
static unsigned long long n_flaps, n_conn, n_refused, n_reset, n_bytes;
static uint64_t rng;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long pick(const long long r[2])
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return r[0] + (long long)(rng % (uint64_t)(r[1] - r[0] + 1));
}

static void set_nonblock(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void close_reset(int fd)
{
    struct linger lg = {1, 0};
    if (fd < 0)
        return;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
}

static void pair_close(struct pair *p, int reset)
{
    for (int s = 0; s < 2; s++) {
        if (reset)
            close_reset(p->fd[s]);
        else if (p->fd[s] >= 0)
            close(p->fd[s]);
    }
    free(p->buf[0]);
    memset(p, 0, sizeof *p);
}

static void print_stats(const char *prefix, long long now)
{
    long long up = up_ms + (is_down ? 0 : now - phase_start);
    long long down = down_ms + (is_down ? now - phase_start : 0);
    printf("%sflaps %llu up_ms %lld down_ms %lld connections %llu refused %llu reset %llu bytes "
           "%llu\n",
           prefix, n_flaps, up, down, n_conn, n_refused, n_reset, n_bytes);
    fflush(stdout);
}

static int open_listener(int quiet)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    socklen_t len = sizeof listen_addr;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&listen_addr, sizeof listen_addr) < 0 ||
        listen(fd, 128) < 0 || getsockname(fd, (struct sockaddr *)&listen_addr, &len) < 0) {
        if (!quiet)
            fprintf(stderr, "paraf-flap: cannot listen on %s: %s\n", listen_arg, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    set_nonblock(fd);
    lfd = fd;
    return 0;
}

static void try_listen(long long now)
{
    relisten_at = open_listener(relisten_at >= 0) == 0 ? -1 : now + 100;
}

static void begin_down(long long now)
{
    static const long long coin[2] = {REFUSE, BLACKHOLE};
    up_ms += now - phase_start;
    phase_start = now;
    is_down = 1;
    n_flaps++;
    down_mode = mode == MIXED ? (int)pick(coin) : mode;
    phase_end = now + pick(down_range);
    for (int i = 0; i < MAXPAIRS; i++) {
        n_reset += pairs[i].used && down_mode == REFUSE;
        if (pairs[i].used && down_mode == REFUSE)
            pair_close(&pairs[i], 1);
        pairs[i].frozen = pairs[i].used;
    }
    if (down_mode == REFUSE && lfd >= 0) {
        close(lfd);
        lfd = -1;
    }
}

static void begin_up(long long now)
{
    if (is_down) {
        down_ms += now - phase_start;
        for (int i = 0; i < MAXPAIRS; i++)
            if (pairs[i].used && pairs[i].frozen) {
                pair_close(&pairs[i], 1);
                n_reset++;
            }
    } else {
        up_ms += now - phase_start;
    }
    phase_start = now;
    is_down = 0;
    phase_end = flapping ? now + pick(up_range) : -1;
    if (lfd < 0)
        try_listen(now);
}

static int connect_upstream(struct pair *p)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0)
        return -1;
    set_nonblock(fd);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    p->fd[1] = fd;
    if (connect(fd, (struct sockaddr *)&to_addr, sizeof to_addr) == 0)
        return 0;
    p->connecting = 1;
    return errno == EINPROGRESS ? 0 : -1;
}

static void accept_new(long long now)
{
    for (int k = 0; k < 64; k++) {
        int fd = accept(lfd, NULL, NULL), one = 1;
        if (fd < 0 && (errno == EINTR || errno == ECONNABORTED))
            continue;
        if (fd < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            accept_at = now + 100; /* EMFILE and the like: pause instead of spinning */
        if (fd < 0)
            return;
        n_conn++;
        set_nonblock(fd);
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct pair *p = NULL;
        for (int i = 0; i < MAXPAIRS && !p; i++)
            if (!pairs[i].used)
                p = &pairs[i];
        char *buf = p ? malloc(2 * BUFCAP) : NULL;
        if (!buf) {
            n_refused++;
            close_reset(fd);
            continue;
        }
        *p = (struct pair){.used = 1, .fd = {fd, -1}, .buf = {buf, buf + BUFCAP}};
        p->frozen = is_down; /* only reachable in a blackhole DOWN phase */
        if (!p->frozen && connect_upstream(p) < 0) {
            n_refused++;
            pair_close(p, 1);
        }
    }
}

static short wanted(const struct pair *p, int s)
{
    if (p->frozen || p->connecting)
        return p->connecting && s == 1 ? POLLOUT : 0;
    short ev = 0;
    if (!p->eof[s] && p->len[s] - p->off[s] < BUFCAP)
        ev |= POLLIN;
    if (p->len[!s] > p->off[!s])
        ev |= POLLOUT;
    return ev;
}

static void pair_io(struct pair *p, const short re[2])
{
    int bad = (re[0] | re[1]) & (POLLERR | POLLNVAL);
    if (p->frozen) { /* a frozen peer that went away: reset it now rather than at phase end */
        if (bad || ((re[0] | re[1]) & POLLHUP)) {
            pair_close(p, 1);
            n_reset++;
        }
        return;
    }
    if (p->connecting) { /* re[0]: the client went away; re[1]: the connect finished */
        int err = 0;
        socklen_t len = sizeof err;
        if (!re[0] && getsockopt(p->fd[1], SOL_SOCKET, SO_ERROR, &err, &len) == 0 && !err) {
            p->connecting = 0;
            return;
        }
        n_refused += !re[0];
        pair_close(p, 1);
        return;
    }
    if (bad)
        goto reset;
    for (int s = 0; s < 2; s++) {
        if (!(re[s] & (POLLIN | POLLHUP)) || p->eof[s] || p->len[s] - p->off[s] >= BUFCAP)
            continue;
        memmove(p->buf[s], p->buf[s] + p->off[s], p->len[s] - p->off[s]);
        p->len[s] -= p->off[s];
        p->off[s] = 0;
        ssize_t n = recv(p->fd[s], p->buf[s] + p->len[s], BUFCAP - p->len[s], 0);
        if (n > 0)
            p->len[s] += (size_t)n;
        else if (n == 0)
            p->eof[s] = 1;
        else if (!AGAIN())
            goto reset;
    }
    for (int s = 0; s < 2; s++) {
        if (p->len[s] > p->off[s]) {
            ssize_t n = send(p->fd[!s], p->buf[s] + p->off[s], p->len[s] - p->off[s], MSG_NOSIGNAL);
            if (n < 0 && !AGAIN())
                goto reset;
            if (n > 0) {
                p->off[s] += (size_t)n;
                n_bytes += (unsigned long long)n;
            }
            if (p->off[s] == p->len[s])
                p->off[s] = p->len[s] = 0;
        }
        if (p->eof[s] && p->len[s] == 0 && !p->shut[s]) {
            shutdown(p->fd[!s], SHUT_WR); /* half-close: pass the EOF on */
            p->shut[s] = 1;
        }
    }
    if (p->shut[0] && p->shut[1]) {
        pair_close(p, 0);
        return;
    }
    for (int s = 0; s < 2; s++) {
        if ((re[s] & POLLHUP) && p->len[!s] > p->off[!s])
            goto reset; /* the peer is gone: what is left cannot be delivered */
        p->hup[s] |= !!(re[s] & POLLHUP);
    }
    return;
reset:
    pair_close(p, 1);
}

static void on_signal(int sig)
{
    int e = errno;
    unsigned char c = (unsigned char)sig;
    if (write(sig_fd[1], &c, 1) < 0) {
    }
    errno = e;
}

static int handle_signals(long long now)
{
    unsigned char sigs[64];
    ssize_t n = read(sig_fd[0], sigs, sizeof sigs);
    int quit = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (sigs[i] == SIGTERM || sigs[i] == SIGINT) {
            quit = 1;
        } else if (sigs[i] == SIGUSR1) {
            flapping = 0;
            if (is_down)
                begin_up(now);
            phase_end = -1;
            print_stats("stats ", now);
        } else if (sigs[i] == SIGUSR2) {
            if (!flapping && !is_down)
                phase_end = now + pick(up_range);
            flapping = 1;
            print_stats("stats ", now);
        }
    }
    return quit;
}

static int parse_addr(const char *s, struct sockaddr_in *a, long min_port)
{
    const char *colon = strrchr(s, ':');
    char host[64], *end;
    if (!colon || colon == s || (size_t)(colon - s) >= sizeof host || colon[1] < '0' ||
        colon[1] > '9')
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (errno || *end || port < min_port || port > 65535)
        return -1;
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &a->sin_addr) == 1 ? 0 : -1;
}

static int parse_range(const char *s, long long r[2])
{
    char *end;
    errno = 0;
    long long a = strtoll(s, &end, 10), b = a;
    if (end != s && *end == '-') {
        const char *t = end + 1;
        b = strtoll(t, &end, 10);
        if (end == t)
            return -1;
    }
    if (end == s || errno || *end || a < 1 || b < a || b > 86400000)
        return -1;
    r[0] = a;
    r[1] = b;
    return 0;
}

static int usage(FILE *f, const char *why, const char *arg)
{
    if (why)
        fprintf(f, "paraf-flap: %s%s\n", why, arg ? arg : "");
    fprintf(f,
            "usage: paraf-flap --listen 127.0.0.1:PORT --to 127.0.0.1:PORT [--up-ms MIN-MAX]\n"
            "         [--down-ms MIN-MAX] [--mode refuse|blackhole|mixed] [--seed N] [--steady]\n"
            "  defaults: --up-ms 2000-6000 --down-ms 500-3000 --mode mixed --seed 1;\n"
            "  --listen port 0 = any free port (printed as `port N`)\n");
    return why ? 2 : 0;
}

int main(int argc, char **argv)
{
    const char *to_arg = NULL;
    unsigned long long seed = 1;
    static const char *const valued[] = {"--listen",  "--to",   "--up-ms",
                                         "--down-ms", "--mode", "--seed"};
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end;
        int known = 0;
        for (size_t k = 0; k < sizeof valued / sizeof *valued; k++)
            known |= !strcmp(o, valued[k]);
        if (!strcmp(o, "--help") || !strcmp(o, "-h"))
            return usage(stdout, NULL, NULL);
        if (!strcmp(o, "--steady")) {
            flapping = 0;
            continue;
        }
        if (!known)
            return usage(stderr, "unknown option ", o);
        if (!v)
            return usage(stderr, "missing value for ", o);
        i++;
        if (!strcmp(o, "--listen") && parse_addr(v, &listen_addr, 0) == 0)
            listen_arg = v;
        else if (!strcmp(o, "--to") && parse_addr(v, &to_addr, 1) == 0)
            to_arg = v;
        else if (!strcmp(o, "--up-ms") && parse_range(v, up_range) == 0)
            continue;
        else if (!strcmp(o, "--down-ms") && parse_range(v, down_range) == 0)
            continue;
        else if (!strcmp(o, "--mode") &&
                 (!strcmp(v, "refuse") || !strcmp(v, "blackhole") || !strcmp(v, "mixed")))
            mode = v[0] == 'r' ? REFUSE : v[0] == 'b' ? BLACKHOLE : MIXED;
        else if (!strcmp(o, "--seed") && v[0] >= '0' && v[0] <= '9' &&
                 (errno = 0, seed = strtoull(v, &end, 10), !errno && !*end))
            continue;
        else
            return usage(stderr, "bad value for ", o);
    }
    if (!listen_arg || !to_arg)
        return usage(stderr, !listen_arg ? "--listen is required" : "--to is required", NULL);
    rng = (seed + 1) * 0x9E3779B97F4A7C15ull;
    rng = rng ? rng : 1;

    static const int sigs[] = {SIGTERM, SIGINT, SIGUSR1, SIGUSR2};
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    if (pipe(sig_fd) < 0) {
        perror("paraf-flap: pipe");
        return 1;
    }
    set_nonblock(sig_fd[0]);
    set_nonblock(sig_fd[1]);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        sigaction(sigs[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (open_listener(0) < 0)
        return 1;
    printf("port %d\n", ntohs(listen_addr.sin_port));
    fflush(stdout);

    long long now = now_ms();
    phase_start = now;
    phase_end = flapping ? now + pick(up_range) : -1;
    static struct pollfd pfd[2 + 2 * MAXPAIRS];
    static int owner[2 + 2 * MAXPAIRS];
    static short re[MAXPAIRS][2];
    for (int quit = 0; !quit;) {
        int n = 0, lidx = -1, relisten = lfd < 0 && relisten_at >= 0 && !is_down;
        pfd[n++] = (struct pollfd){.fd = sig_fd[0], .events = POLLIN};
        if (lfd >= 0 && accept_at < 0) {
            lidx = n;
            pfd[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
        }
        for (int i = 0; i < MAXPAIRS; i++)
            for (int s = 0; pairs[i].used && s < 2; s++) {
                short ev = wanted(&pairs[i], s);
                if (pairs[i].fd[s] < 0 || (!ev && pairs[i].hup[s]))
                    continue;
                owner[n] = i * 2 + s;
                pfd[n++] = (struct pollfd){.fd = pairs[i].fd[s], .events = ev};
            }
        long long wake = phase_end;
        if (relisten && (wake < 0 || relisten_at < wake))
            wake = relisten_at;
        if (accept_at >= 0 && (wake < 0 || accept_at < wake))
            wake = accept_at;
        int timeout = -1;
        if (wake >= 0)
            timeout = wake <= now ? 0 : wake - now > INT_MAX ? INT_MAX : (int)(wake - now);
        int r = poll(pfd, (nfds_t)n, timeout);
        if (r < 0 && errno != EINTR) {
            perror("paraf-flap: poll");
            return 1;
        }
        now = now_ms();
        if (r > 0) {
            memset(re, 0, sizeof re);
            for (int k = lidx < 0 ? 1 : 2; k < n; k++)
                re[owner[k] / 2][owner[k] % 2] = pfd[k].revents;
            for (int i = 0; i < MAXPAIRS; i++)
                if (pairs[i].used && (re[i][0] || re[i][1]))
                    pair_io(&pairs[i], re[i]);
            if (lidx >= 0 && pfd[lidx].revents)
                accept_new(now);
            if (pfd[0].revents)
                quit = handle_signals(now);
        }
        if (phase_end >= 0 && now >= phase_end && is_down)
            begin_up(now);
        else if (phase_end >= 0 && now >= phase_end)
            begin_down(now);
        if (accept_at >= 0 && now >= accept_at)
            accept_at = -1;
        if (lfd < 0 && relisten_at >= 0 && !is_down && now >= relisten_at)
            try_listen(now);
    }
    print_stats("", now);
    for (int i = 0; i < MAXPAIRS; i++)
        if (pairs[i].used)
            pair_close(&pairs[i], 0);
    if (lfd >= 0)
        close(lfd);
    close(sig_fd[0]);
    close(sig_fd[1]);
    return 0;
}
