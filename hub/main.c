/* paraf-hub: the reference backend of Paraf. Parses options, prepares the data directory (CA,
 * server certificate, tokens, database, demo data), serves HTTPS until SIGINT/SIGTERM, then
 * stops cleanly: in-flight requests finish and the database is closed. */
#include "crypto.h"
#include "hub.h"
#include "wire.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef PARAF_VERSION
#define PARAF_VERSION "0.0.0"
#endif

static void usage(FILE *f)
{
    fputs(
        "usage: paraf-hub --data DIR --listen HOST:PORT [options]\n"
        "\n"
        "The reference backend of Paraf: the v1 API (docs/api.md) over HTTPS with device\n"
        "certificates, on a SQLite database in DIR.\n"
        "\n"
        "  --data DIR            data directory; created with a development CA, a server\n"
        "                        certificate, enrolment tokens (DIR/tokens/*.token) and hub.db\n"
        "  --listen HOST:PORT    IPv4 address and port to serve on (port 0: any free port)\n"
        "  --demo                load the demo data set (Pemprov Bali, July 2020) on first start\n"
        "  --demo-bulk N         also add N synthetic SPJ items (load tests, long lists)\n"
        "  --threads N           worker threads (default 2)\n"
        "  --body-max BYTES      largest JSON request body (default 1048576)\n"
        "  --quiet               log only errors\n"
        "  --board-poll S        poll_interval_s told to devices in heartbeat answers and\n"
        "                        the device config, 5..3600 (default 30)\n"
        "  --new-token PROFILE:USER FILE\n"
        "                        write a new one-time enrolment token to FILE and exit\n"
        "  --show-heartbeats     print one line per enrolled device with its latest\n"
        "                        heartbeat ('seen=never' if none) and exit\n"
        "  --show-reports        print one line per field report (id, assignment, user,\n"
        "                        status, files arrived/listed) and exit\n"
        "  --revise-item ID PATCH  correct a pending item: apply the JSON merge patch PATCH\n"
        "                        (RFC 7396) to its document, give it the next version, exit\n"
        "  --update-service ID PATCH\n"
        "                        change a service of the lobby board (queue figures, status,\n"
        "                        hours): apply the JSON merge patch PATCH to it, refuse a\n"
        "                        result the boards would not accept, print 'updated ID\n"
        "                        revision N' and exit (0 done, 1 failed, 2 bad patch).\n"
        "                        Safe while a hub serves DIR; boards see it on their next poll\n"
        "\n"
        "Fault injection, for tests (P is a probability from 0 to 1):\n"
        "  --fault-latency MS:P  wait MS milliseconds before answering\n"
        "  --fault-drop P        close the connection without answering\n"
        "  --fault-5xx P         answer 503 with the JSON error body\n"
        "  --fault-malformed P   answer 200 with a body that is not valid JSON\n"
        "  --fault-truncate P    send half of the body, then close the connection\n"
        "  --fault-path PREFIX   apply faults only to paths starting with PREFIX\n"
        "                        (default: every path except /v1/devices/enroll)\n"
        "  --fault-seed N        seed of the fault generator\n"
        "\n"
        "  --help                this text\n"
        "  --version             the version\n"
        "\n"
        "On start it prints, one per line: 'url URL', 'ca FILE', 'pin sha256//...', then a\n"
        "'token PROFILE FILE' line per unused enrolment token file.\n",
        f);
}

static int parse_prob(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || !end || *end || v < 0 || v > 1)
        return -1;
    *out = v;
    return 0;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || !end || *end || end == s || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

typedef struct {
    const char *data, *listen, *token_spec, *token_file, *revise_id, *revise_patch;
    const char *service_id, *service_patch;
    bool demo, show_heartbeats, show_reports;
    long bulk;
} options;

static int parse_args(int argc, char **argv, hub *h, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("paraf-hub %s\n", PARAF_VERSION);
            exit(0);
        } else if (strcmp(a, "--demo") == 0) {
            o->demo = true;
        } else if (strcmp(a, "--quiet") == 0) {
            h->quiet = true;
        } else if (strcmp(a, "--show-heartbeats") == 0) {
            o->show_heartbeats = true;
        } else if (strcmp(a, "--show-reports") == 0) {
            o->show_reports = true;
        } else if (!v) {
            fprintf(stderr, "paraf-hub: %s needs a value (see --help)\n", a);
            return -1;
        } else if (strcmp(a, "--data") == 0) {
            o->data = argv[++i];
        } else if (strcmp(a, "--revise-item") == 0) {
            if (i + 2 >= argc)
                goto bad;
            o->revise_id = argv[++i];
            o->revise_patch = argv[++i];
        } else if (strcmp(a, "--update-service") == 0) {
            if (i + 2 >= argc)
                goto bad;
            o->service_id = argv[++i];
            o->service_patch = argv[++i];
        } else if (strcmp(a, "--listen") == 0) {
            o->listen = argv[++i];
        } else if (strcmp(a, "--demo-bulk") == 0) {
            if (parse_int(argv[++i], 0, 1000000, &o->bulk))
                goto bad;
        } else if (strcmp(a, "--threads") == 0) {
            if (parse_int(argv[++i], 1, 64, &n))
                goto bad;
            h->threads = (int)n;
        } else if (strcmp(a, "--board-poll") == 0) {
            if (parse_int(argv[++i], 5, 3600, &n))
                goto bad;
            h->poll_s = (int)n;
        } else if (strcmp(a, "--body-max") == 0) {
            if (parse_int(argv[++i], 1024, 64L * 1024 * 1024, &n))
                goto bad;
            h->body_max = (size_t)n;
        } else if (strcmp(a, "--new-token") == 0) {
            if (i + 2 >= argc)
                goto bad;
            o->token_spec = argv[++i];
            o->token_file = argv[++i];
        } else if (strcmp(a, "--fault-latency") == 0) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", argv[++i]);
            char *colon = strchr(buf, ':');
            if (!colon)
                goto bad;
            *colon = '\0';
            if (parse_int(buf, 0, 600000, &n) || parse_prob(colon + 1, &h->faults.latency))
                goto bad;
            h->faults.latency_ms = (int)n;
        } else if (strcmp(a, "--fault-drop") == 0) {
            if (parse_prob(argv[++i], &h->faults.drop))
                goto bad;
        } else if (strcmp(a, "--fault-5xx") == 0) {
            if (parse_prob(argv[++i], &h->faults.err5xx))
                goto bad;
        } else if (strcmp(a, "--fault-malformed") == 0) {
            if (parse_prob(argv[++i], &h->faults.malformed))
                goto bad;
        } else if (strcmp(a, "--fault-truncate") == 0) {
            if (parse_prob(argv[++i], &h->faults.truncate))
                goto bad;
        } else if (strcmp(a, "--fault-path") == 0) {
            snprintf(h->faults.path_prefix, sizeof h->faults.path_prefix, "%s", argv[++i]);
        } else if (strcmp(a, "--fault-seed") == 0) {
            if (parse_int(argv[++i], 1, 0x7fffffffL, &n))
                goto bad;
            atomic_store(&h->rng, (unsigned long long)n * 0x9E3779B97F4A7C15ULL);
        } else {
            fprintf(stderr, "paraf-hub: unknown option %s (see --help)\n", a);
            return -1;
        }
        continue;
    bad:
        fprintf(stderr, "paraf-hub: bad value for %s (see --help)\n", a);
        return -1;
    }
    if (!o->data || (!o->listen && !o->token_spec && !o->show_heartbeats && !o->show_reports &&
                     !o->revise_id && !o->service_id)) {
        fprintf(stderr, "paraf-hub: --data and --listen are required (see --help)\n");
        return -1;
    }
    return 0;
}

static void free_hub(hub *h)
{
    hub_server_stop(h);
    db_close(h->db);
    crypto_free(h->ca_key_pem);
    crypto_free(h->ca_cert_pem);
    crypto_free(h->server_key_pem);
    crypto_free(h->server_cert_pem);
    crypto_free(h->tte_key_pem);
}

int main(int argc, char **argv)
{
    static hub h; /* large; zero-initialised */
    h.threads = 2;
    h.body_max = WIRE_BODY_MAX;
    h.poll_s = HUB_POLL_DEFAULT_S;
    atomic_store(&h.rng, (unsigned long long)time(NULL) * 0x9E3779B97F4A7C15ULL | 1);
    options o = {0};
    if (parse_args(argc, argv, &h, &o))
        return 2;

    /* Block the stop signals before any thread starts, so only sigwait below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (mkdir(o.data, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "paraf-hub: cannot create %s: %s\n", o.data, strerror(errno));
        return 1;
    }
    if (!realpath(o.data, h.data_dir)) {
        fprintf(stderr, "paraf-hub: %s: %s\n", o.data, strerror(errno));
        return 1;
    }
    const char *assets = getenv("PARAF_ASSETS");
    snprintf(h.font_dir, sizeof h.font_dir, "%s/fonts", assets ? assets : PARAF_ASSETS_DIR);

    char dbpath[600];
    snprintf(dbpath, sizeof dbpath, "%s/hub.db", h.data_dir);
    h.db = db_open(dbpath);
    if (!h.db)
        return 1;

    if (o.revise_id) {
        int r = hub_revise_item(&h, o.revise_id, o.revise_patch);
        free_hub(&h);
        return r;
    }
    if (o.service_id) {
        int r = hub_update_service(&h, o.service_id, o.service_patch);
        free_hub(&h);
        return r;
    }
    if (o.show_heartbeats) {
        int r = hub_heartbeats_print(&h, stdout);
        free_hub(&h);
        return r ? 1 : 0;
    }
    if (o.show_reports) {
        int r = hub_reports_print(&h, stdout);
        free_hub(&h);
        return r ? 1 : 0;
    }
    if (o.token_spec) {
        char spec[160];
        snprintf(spec, sizeof spec, "%s", o.token_spec);
        char *colon = strchr(spec, ':');
        if (!colon ||
            (strcmp(spec, "approver") && strncmp(spec, "board:", 6) && strncmp(spec, "field:", 6) &&
             strncmp(spec, "approver:", 9)) ||
            !wire_id_valid(colon + 1)) {
            fprintf(stderr, "paraf-hub: --new-token takes approver|board|field:USER\n");
            free_hub(&h);
            return 2;
        }
        *colon = '\0';
        int r = hub_token_issue(&h, colon + 1, spec, o.token_file);
        free_hub(&h);
        return r ? 1 : 0;
    }

    char host[64];
    long port = 0;
    const char *colon = strrchr(o.listen, ':');
    if (!colon || (size_t)(colon - o.listen) >= sizeof host ||
        parse_int(colon + 1, 0, 65535, &port)) {
        fprintf(stderr, "paraf-hub: --listen takes HOST:PORT, e.g. 127.0.0.1:8443\n");
        free_hub(&h);
        return 2;
    }
    memcpy(host, o.listen, (size_t)(colon - o.listen));
    host[colon - o.listen] = '\0';

    if (hub_pki_setup(&h, host) != 0 || (o.demo && hub_seed_demo(&h, (int)o.bulk) != 0)) {
        free_hub(&h);
        return 1;
    }
    atomic_store(&h.rev_inbox, db_counter_get(h.db, "rev.inbox"));
    atomic_store(&h.rev_assignments, db_counter_get(h.db, "rev.assignments"));
    if (hub_server_start(&h, host, (int)port) != 0) {
        free_hub(&h);
        return 1;
    }
    printf("url %s\nca %s/ca.pem\npin %s\n", h.base_url, h.data_dir, h.pin);
    static const char *const profiles[] = {"approver", "board", "field"};
    for (size_t i = 0; i < 3; i++) {
        char tp[700];
        snprintf(tp, sizeof tp, "%s/tokens/%s.token", h.data_dir, profiles[i]);
        if (access(tp, R_OK) == 0)
            printf("token %s %s\n", profiles[i], tp);
    }
    fflush(stdout);
    fprintf(stderr, "paraf-hub: serving %s (data %s); stop with Ctrl-C\n", h.base_url, h.data_dir);

    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "paraf-hub: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    free_hub(&h);
    fprintf(stderr, "paraf-hub: stopped\n");
    return 0;
}
