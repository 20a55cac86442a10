/* bench_outbox: the outbox part of `paraf --bench`, against a real paraf-hub over mutual TLS.
 *
 * It starts paraf-hub (next to this binary, or $PARAF_HUB) with demo data and 1,000 extra SPJ
 * items in a fresh directory under $TMPDIR (default /var/tmp: a disk, so fsync costs what it
 * costs), enrols a device worker and fetches the items. Then the hub is stopped and 1,000
 * approvals are made: each one's time from the command to "durable in the outbox" (signed, sealed,
 * committed with fsync) is `enqueue`. Then the hub starts again, a fresh worker starts on the same
 * device store as after a reboot, and `drain1000_s` is the time until the hub has accepted all
 * 1,000; `tls_handshakes.drain1000` is how many new connections that took. The hub's own database
 * is counted at the end, so a figure cannot be claimed for decisions that did not land. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "crypto.h"
#include "paraf.h"
#include "worker.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DRAIN_N 1000

typedef struct node {
    msg_result *r;
    struct node *next;
} node;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    node *head, *tail;
} inbox_q;

typedef struct {
    pid_t pid;
    char url[256], ca[512], pin[80], token[512];
} hub_proc;

typedef struct {
    char id[MODEL_ID_MAX];
    int64_t version;
    char sha[65];
    char title[128];
} bulk_item;

static void post_cb(void *ctx, msg_result *r)
{
    inbox_q *q = ctx;
    node *nd = r ? calloc(1, sizeof *nd) : NULL;
    if (!nd) {
        if (r) {
            msg_result_free(r);
            free(r);
        }
        return;
    }
    nd->r = r;
    pthread_mutex_lock(&q->mu);
    if (q->tail)
        q->tail->next = nd;
    else
        q->head = nd;
    q->tail = nd;
    pthread_cond_signal(&q->cv);
    pthread_mutex_unlock(&q->mu);
}

/* The next result, or NULL after timeout_ms. */
static msg_result *next_result(inbox_q *q, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&q->mu);
    while (!q->head)
        if (pthread_cond_timedwait(&q->cv, &q->mu, &until) == ETIMEDOUT)
            break;
    node *nd = q->head;
    if (nd) {
        q->head = nd->next;
        if (!q->head)
            q->tail = NULL;
    }
    pthread_mutex_unlock(&q->mu);
    msg_result *r = nd ? nd->r : NULL;
    free(nd);
    return r;
}

static void drop(msg_result *r)
{
    if (!r)
        return;
    if (r->image) /* never asked for here */
        SDL_FreeSurface(r->image);
    msg_result_free(r);
    free(r);
}

static void send_cmd(worker *w, msg_cmd_kind kind, const char *id)
{
    msg_cmd *c = calloc(1, sizeof *c);
    if (!c)
        return;
    c->kind = kind;
    if (id)
        snprintf(c->id, sizeof c->id, "%s", id);
    worker_send(w, c);
}

/* Copies src when it fits (false otherwise: dst is then ""). */
static bool copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    dst[0] = '\0';
    if (n >= cap)
        return false;
    memcpy(dst, src, n + 1);
    return true;
}

static bool hub_path(char *out, size_t cap)
{
    const char *env = getenv("PARAF_HUB");
    if (env && *env) {
        snprintf(out, cap, "%s", env);
        return access(out, X_OK) == 0;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return false;
    *slash = '\0';
    int k = snprintf(out, cap, "%s/paraf-hub", self);
    return k > 0 && (size_t)k < cap && access(out, X_OK) == 0;
}

/* Starts the hub and reads its url/ca/pin/token lines. */
static bool hub_start(hub_proc *hp, const char *bin, const char *data, bool demo)
{
    int fd[2];
    if (pipe(fd) != 0)
        return false;
    memset(hp, 0, sizeof *hp);
    hp->pid = fork();
    if (hp->pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return false;
    }
    if (hp->pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        if (!freopen("/dev/null", "w", stderr))
            _exit(127);
        if (demo)
            execl(bin, bin, "--data", data, "--listen", "127.0.0.1:0", "--demo", "--demo-bulk",
                  "1000", (char *)NULL);
        else
            execl(bin, bin, "--data", data, "--listen", "127.0.0.1:0", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[800];
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "url ", 4) == 0)
            copy(hp->url, sizeof hp->url, line + 4);
        else if (strncmp(line, "ca ", 3) == 0)
            copy(hp->ca, sizeof hp->ca, line + 3);
        else if (strncmp(line, "pin ", 4) == 0)
            copy(hp->pin, sizeof hp->pin, line + 4);
        else if (strncmp(line, "token approver ", 15) == 0)
            copy(hp->token, sizeof hp->token, line + 15);
        if (hp->pin[0] && (!demo || hp->token[0]))
            break;
    }
    if (f)
        fclose(f); /* the hub prints nothing more on stdout */
    else
        close(fd[0]);
    return hp->url[0] && hp->pin[0];
}

static void hub_stop(hub_proc *hp)
{
    if (hp->pid <= 0)
        return;
    kill(hp->pid, SIGTERM);
    waitpid(hp->pid, NULL, 0);
    hp->pid = 0;
}

static worker *device_start(const hub_proc *hp, const char *dev_dir, inbox_q *q)
{
    worker_config wc;
    memset(&wc, 0, sizeof wc);
    copy(wc.hub_url, sizeof wc.hub_url, hp->url);
    copy(wc.ca_file, sizeof wc.ca_file, hp->ca);
    copy(wc.server_pin, sizeof wc.server_pin, hp->pin);
    copy(wc.data_dir, sizeof wc.data_dir, dev_dir);
    copy(wc.token_file, sizeof wc.token_file, hp->token);
    snprintf(wc.profile, sizeof wc.profile, "approver");
    wc.connect_timeout_ms = 5000;
    wc.request_timeout_ms = 30000;
    wc.max_json_bytes = 2 * 1024 * 1024;
    wc.max_image_bytes = 8 * 1024 * 1024;
    return worker_start(&wc, post_cb, q);
}

/* Enrols and reads the bulk items' versions and content hashes. Returns how many. */
static size_t fetch_items(worker *w, inbox_q *q, bulk_item *items, char *user, size_t ucap)
{
    send_cmd(w, CMD_START, NULL);
    size_t n = 0, answered = 0, asked = 0;
    bool enrolled = false, listed = false;
    msg_result *r;
    while ((r = next_result(q, 30000)) != NULL) {
        if ((r->kind == RES_STARTED && r->enrolled) || (r->kind == RES_ENROLLED && r->enrolled)) {
            copy(user, ucap, r->text);
            if (!enrolled)
                send_cmd(w, CMD_FETCH_INBOX, NULL);
            enrolled = true;
        } else if (r->kind == RES_ENROLLED || (r->kind == RES_STARTED && r->status != NET_OK)) {
            fprintf(stderr, "paraf: bench: the device could not enrol (%s)\n", r->text);
            drop(r);
            break;
        } else if (r->kind == RES_INBOX && !r->cached && r->status == NET_OK && !listed) {
            listed = true;
            for (size_t i = 0; i < r->inbox.count && n < DRAIN_N; i++)
                if (strncmp(r->inbox.rows[i].id, "itm-bulk-", 9) == 0) {
                    copy(items[n].id, sizeof items[n].id, r->inbox.rows[i].id);
                    copy(items[n++].title, sizeof items[0].title, r->inbox.rows[i].title);
                }
        } else if (r->kind == RES_ITEM) {
            for (size_t i = 0; i < n; i++)
                if (strcmp(items[i].id, r->id) == 0 && r->status == NET_OK) {
                    items[i].version = r->version;
                    memcpy(items[i].sha, r->content_sha256, sizeof items[i].sha);
                }
            answered++;
        }
        drop(r);
        /* At most 16 item requests out at a time. */
        while (listed && asked < n && asked - answered < 16)
            send_cmd(w, CMD_FETCH_ITEM, items[asked++].id);
        if (listed && answered == n)
            break;
    }
    size_t ok = 0;
    for (size_t i = 0; i < n; i++)
        ok += items[i].version > 0;
    return ok;
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Approves every item while the hub is down; the time of each until the worker says SAVED. */
static bool enqueue_all(worker *w, inbox_q *q, const bulk_item *items, size_t n, const char *user,
                        char (*ids)[37], double *ms)
{
    for (size_t i = 0; i < n; i++) {
        msg_cmd *c = calloc(1, sizeof *c);
        if (!c || crypto_uuid4(ids[i]) != CRYPTO_OK) {
            free(c);
            return false;
        }
        c->kind = CMD_DECIDE;
        snprintf(c->id, sizeof c->id, "%s", items[i].id);
        copy(c->title, sizeof c->title, items[i].title); /* as the UI does */
        wire_decision *d = &c->decision;
        memcpy(d->decision_id, ids[i], sizeof d->decision_id);
        snprintf(d->item_id, sizeof d->item_id, "%s", items[i].id);
        d->item_version = items[i].version;
        memcpy(d->content_sha256, items[i].sha, sizeof d->content_sha256);
        snprintf(d->action, sizeof d->action, "approve");
        snprintf(d->signer, sizeof d->signer, "%s", user);
        snprintf(d->role, sizeof d->role, "sekda");
        double t0 = paraf_mono_ms();
        worker_send(w, c);
        for (;;) {
            msg_result *r = next_result(q, 10000);
            if (!r) {
                fprintf(stderr, "paraf: bench: no answer to decision %zu\n", i + 1);
                return false;
            }
            bool mine = r->kind == RES_DECISION && strcmp(r->id, ids[i]) == 0;
            decision_state st = r->state;
            drop(r);
            if (mine && st == DECISION_SAVED)
                break;
            if (mine) {
                fprintf(stderr, "paraf: bench: decision %zu was not saved (state %d)\n", i + 1,
                        (int)st);
                return false;
            }
        }
        ms[i] = paraf_mono_ms() - t0;
    }
    return true;
}

/* Starts the worker on the existing store; waits until every id is accepted. */
static size_t drain(worker *w, inbox_q *q, char (*ids)[37], size_t n, int timeout_s)
{
    bool *done = calloc(n, sizeof *done);
    size_t accepted = 0;
    if (!done)
        return 0;
    send_cmd(w, CMD_START, NULL);
    double end = paraf_mono_ms() + timeout_s * 1000.0;
    while (accepted < n && paraf_mono_ms() < end) {
        msg_result *r = next_result(q, 1000);
        if (r && r->kind == RES_DECISION && r->state == DECISION_ACCEPTED)
            for (size_t i = 0; i < n; i++)
                if (!done[i] && strcmp(ids[i], r->id) == 0) {
                    done[i] = true;
                    accepted++;
                    break;
                }
        if (r && r->kind == RES_DECISION &&
            (r->state == DECISION_REJECTED || r->state == DECISION_CONFLICT))
            fprintf(stderr, "paraf: bench: decision %s refused: %s\n", r->id, r->code);
        drop(r);
    }
    free(done);
    return accepted;
}

static long hub_count(const char *hub_dir)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/hub.db", hub_dir);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT count(*), count(DISTINCT item_id) FROM decisions"
                           " WHERE item_id LIKE 'itm-bulk-%' AND response_status = 201",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_int64(st, 0) == sqlite3_column_int64(st, 1))
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int paraf_bench_outbox(void)
{
    char hub_bin[PATH_MAX], root[PATH_MAX], hub_dir[PATH_MAX + 8], dev_dir[PATH_MAX + 8];
    if (!hub_path(hub_bin, sizeof hub_bin)) {
        printf("drain1000_s skipped (paraf-hub not found next to paraf; set PARAF_HUB)\n");
        return 0;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(root, sizeof root, "%s/paraf-bench-XXXXXX", tmp && *tmp ? tmp : "/var/tmp");
    if (!mkdtemp(root)) {
        fprintf(stderr, "paraf: bench: cannot make a directory in %s\n", root);
        return 1;
    }
    snprintf(hub_dir, sizeof hub_dir, "%s/hub", root);
    snprintf(dev_dir, sizeof dev_dir, "%s/device", root);
    int rc = 1;
    hub_proc hp = {0};
    inbox_q q = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
    bulk_item *items = calloc(DRAIN_N, sizeof *items);
    char(*ids)[37] = calloc(DRAIN_N, sizeof *ids);
    double *ms = calloc(DRAIN_N, sizeof *ms);
    char user[80] = "";
    worker *w = NULL;
    if (!items || !ids || !ms || mkdir(dev_dir, 0700) != 0)
        goto out;
    if (!hub_start(&hp, hub_bin, hub_dir, true) || !hp.token[0] ||
        !(w = device_start(&hp, dev_dir, &q))) {
        fprintf(stderr, "paraf: bench: the hub did not start\n");
        goto out;
    }
    size_t n = fetch_items(w, &q, items, user, sizeof user);
    worker_stop(w);
    w = NULL;
    hub_stop(&hp);
    if (n != DRAIN_N) {
        fprintf(stderr, "paraf: bench: %zu of %d items fetched\n", n, DRAIN_N);
        goto out;
    }
    /* The hub is down: every decision is only stored. */
    hp.pid = 0;
    if (!(w = device_start(&hp, dev_dir, &q)))
        goto out;
    send_cmd(w, CMD_START, NULL);
    if (!enqueue_all(w, &q, items, n, user, ids, ms))
        goto out;
    worker_stop(w);
    w = NULL;
    qsort(ms, n, sizeof ms[0], cmpd);
    printf("enqueue_p50_ms %.2f\n", ms[n / 2]);
    printf("enqueue_p99_ms %.2f\n", ms[n * 99 / 100]);
    /* The hub is back; the device restarts with 1,000 pending decisions. */
    if (!hub_start(&hp, hub_bin, hub_dir, false) || !(w = device_start(&hp, dev_dir, &q)))
        goto out;
    double t0 = paraf_mono_ms();
    size_t accepted = drain(w, &q, ids, n, 120);
    double secs = (paraf_mono_ms() - t0) / 1000.0;
    unsigned long requests = 0, connects = 0;
    worker_counts(w, &requests, &connects);
    worker_stop(w);
    w = NULL;
    hub_stop(&hp);
    long at_hub = hub_count(hub_dir);
    printf("drain1000_s %.2f\n", secs);
    printf("drain1000_accepted %zu\n", accepted);
    printf("drain1000_at_hub %ld\n", at_hub);
    printf("drain1000_requests %lu\n", requests);
    printf("tls_handshakes.drain1000 %lu\n", connects);
    rc = accepted == n && at_hub == (long)n ? 0 : 1;
out:
    if (w)
        worker_stop(w);
    hub_stop(&hp);
    for (msg_result *r; (r = next_result(&q, 0)) != NULL;)
        drop(r);
    free(items);
    free(ids);
    free(ms);
    nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
