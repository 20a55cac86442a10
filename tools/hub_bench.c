/* paraf-hub-bench: hub throughput over HTTPS with keep-alive and mutual TLS. Starts a real
 * paraf-hub (demo data plus synthetic items) in a temporary directory, enrols a device, then
 * measures (1) conditional inbox polls answered 304 and (2) signed decisions, each with N
 * concurrent keep-alive connections through libcurl's multi interface. Client and hub share the
 * machine, so the figures are a floor for a dedicated server. Prints `name value` lines. */
#include "crypto.h"
#include "hubtest.h"
#include "wire_json.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    CURL *easy;
    struct curl_slist *hdr;
    char *body; /* POST body, or NULL for a GET */
    double started;
} slot;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t sink(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static CURL *make_easy(hubtest_hub *h, const hubtest_device *d)
{
    CURL *e = curl_easy_init();
    curl_easy_setopt(e, CURLOPT_CAINFO, h->ca);
    curl_easy_setopt(e, CURLOPT_PINNEDPUBLICKEY, h->pin);
    curl_easy_setopt(e, CURLOPT_SSLCERT, d->cert_path);
    curl_easy_setopt(e, CURLOPT_SSLKEY, d->key_pem_path);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(e, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    return e;
}

/* Run `total` requests (or for `seconds` when total == 0) over `conns` connections. next() fills
 * a slot's URL/body for the i-th request. Returns requests completed with the expected status. */
typedef void (*next_fn)(void *ctx, int i, slot *s);

static long run(CURLM *m, slot *slots, int conns, next_fn next, void *ctx, long expect, int total,
                double seconds, double *lat, long *nlat, double *elapsed, long *bad)
{
    double t0 = now_s(), end = t0 + seconds;
    int issued = 0;
    long ok = 0;
    *nlat = 0;
    *bad = 0;
    for (int i = 0; i < conns && (total == 0 || issued < total); i++) {
        next(ctx, issued++, &slots[i]);
        slots[i].started = now_s();
        curl_multi_add_handle(m, slots[i].easy);
    }
    int running = 1;
    while (running) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            slot *s = NULL;
            for (int i = 0; i < conns; i++)
                if (slots[i].easy == msg->easy_handle)
                    s = &slots[i];
            long code = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &code);
            double t = now_s();
            if (msg->data.result == CURLE_OK && code == expect) {
                ok++;
                lat[(*nlat)++ % 200000] = t - s->started;
            } else {
                (*bad)++;
            }
            curl_multi_remove_handle(m, msg->easy_handle);
            bool more = total ? issued < total : t < end;
            if (more) {
                next(ctx, issued++, s);
                s->started = now_s();
                curl_multi_add_handle(m, s->easy);
                running = 1;
            }
        }
        if (running)
            curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    *elapsed = now_s() - t0;
    return ok;
}

typedef struct {
    hubtest_hub *h;
    char url[300];
    char inm[120];
} poll_ctx;

static void next_poll(void *ctx, int i, slot *s)
{
    (void)i;
    poll_ctx *p = ctx;
    curl_easy_setopt(s->easy, CURLOPT_URL, p->url);
    if (!s->hdr)
        s->hdr = curl_slist_append(NULL, p->inm);
    curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->hdr);
}

typedef struct {
    hubtest_hub *h;
    const hubtest_device *d;
    char (*ids)[WIRE_ID_MAX + 1];
    char (*shas)[65];
} dec_ctx;

static void next_decision(void *ctx, int i, slot *s)
{
    dec_ctx *c = ctx;
    wire_decision d;
    memset(&d, 0, sizeof d);
    if (crypto_uuid4(d.decision_id) != CRYPTO_OK)
        return;
    snprintf(d.item_id, sizeof d.item_id, "%s", c->ids[i]);
    d.item_version = 1;
    memcpy(d.content_sha256, c->shas[i], 65);
    snprintf(d.action, sizeof d.action, "approve");
    snprintf(d.signer, sizeof d.signer, "sekda");
    snprintf(d.role, sizeof d.role, "sekda");
    wire_time_format((int64_t)time(NULL), d.signed_at);
    memcpy(d.device_key_id, c->d->key_id, 65);
    char canon[WIRE_CANON_MAX], b64[WIRE_SIG_B64_MAX], url[300], idem[80];
    uint8_t sig[CRYPTO_SIG_MAX];
    size_t clen = 0, slen = 0, blen = 0;
    if (wire_decision_canonical(&d, canon, sizeof canon, &clen) != WIRE_OK ||
        crypto_sign(c->d->key_pem, canon, clen, sig, sizeof sig, &slen) != CRYPTO_OK ||
        crypto_base64_encode(sig, slen, b64, sizeof b64, &blen) != CRYPTO_OK)
        return;
    cJSON *j = wire_decision_to_json(&d, b64);
    free(s->body);
    s->body = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    snprintf(url, sizeof url, "%s/v1/items/%s/decisions", c->h->url, d.item_id);
    snprintf(idem, sizeof idem, "Idempotency-Key: %s", d.decision_id);
    curl_slist_free_all(s->hdr);
    s->hdr = curl_slist_append(NULL, idem);
    s->hdr = curl_slist_append(s->hdr, "Content-Type: application/json");
    curl_easy_setopt(s->easy, CURLOPT_URL, url);
    curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, s->hdr);
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->body);
}

static void report(const char *name, long ok, long bad, double elapsed, double *lat, long n)
{
    long k = n < 200000 ? n : 200000;
    qsort(lat, (size_t)k, sizeof *lat, cmp_double);
    printf("%s_per_s %.0f\n", name, (double)ok / elapsed);
    printf("%s_p50_ms %.2f\n", name, k ? lat[k / 2] * 1000 : 0);
    printf("%s_p99_ms %.2f\n", name, k ? lat[(long)(k * 0.99)] * 1000 : 0);
    printf("%s_total %ld\n%s_failed %ld\n", name, ok, name, bad);
}

int main(int argc, char **argv)
{
    double seconds = 5;
    int conns = 8, decisions = 400;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--hub") == 0 && i + 1 < argc)
            hubtest_binary = argv[++i];
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = strtod(argv[++i], NULL);
        else if (strcmp(argv[i], "--connections") == 0 && i + 1 < argc)
            conns = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--decisions") == 0 && i + 1 < argc)
            decisions = (int)strtol(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "usage: paraf-hub-bench [--hub PATH] [--seconds S] [--connections N] "
                            "[--decisions N]\n");
            return 2;
        }
    }
    if (conns < 1 || conns > 256 || decisions < 1 || decisions > 100000 || seconds <= 0 ||
        seconds > 300) {
        fprintf(stderr, "paraf-hub-bench: argument out of range\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char bulk[16];
    snprintf(bulk, sizeof bulk, "%d", decisions);
    const char *args[] = {"--demo", "--demo-bulk", bulk, NULL};
    hubtest_hub h;
    hubtest_device d;
    char tok[128];
    if (hubtest_start(&h, args) || hubtest_read_token(h.tokens[0], tok, sizeof tok) ||
        hubtest_enroll(&h, tok, &d) != 201) {
        fprintf(stderr, "paraf-hub-bench: could not start and enrol with %s\n", hubtest_binary);
        hubtest_destroy(&h);
        return 1;
    }
    printf("tls_library %s\nconnections %d\n", curl_version_info(CURLVERSION_NOW)->ssl_version,
           conns);
    static double lat[200000];
    long nlat = 0, bad = 0;
    double elapsed = 0;
    CURLM *m = curl_multi_init();
    curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)conns);
    slot *slots = calloc((size_t)conns, sizeof *slots);
    for (int i = 0; i < conns; i++)
        slots[i].easy = make_easy(&h, &d);

    /* 1. Conditional polls. */
    hubtest_resp r = hubtest_request(&h, &d, "GET", "/v1/inbox", NULL, NULL, 0);
    poll_ctx pc = {&h, "", ""};
    snprintf(pc.url, sizeof pc.url, "%s/v1/inbox", h.url);
    snprintf(pc.inm, sizeof pc.inm, "If-None-Match: %s", r.etag);
    hubtest_resp_free(&r);
    long ok = run(m, slots, conns, next_poll, &pc, 304, 0, seconds, lat, &nlat, &elapsed, &bad);
    report("poll304", ok, bad, elapsed, lat, nlat);

    /* 2. Decisions on the synthetic items (content hash fetched beforehand). */
    dec_ctx dc = {&h, &d, calloc((size_t)decisions, WIRE_ID_MAX + 1),
                  calloc((size_t)decisions, 65)};
    for (int i = 0; i < decisions; i++) {
        char path[120];
        snprintf(dc.ids[i], WIRE_ID_MAX + 1, "itm-bulk-%05d", i + 1);
        snprintf(path, sizeof path, "/v1/items/%s", dc.ids[i]);
        hubtest_resp ir = hubtest_request(&h, &d, "GET", path, NULL, NULL, 0);
        crypto_sha256_hex(ir.body, ir.len, dc.shas[i]);
        hubtest_resp_free(&ir);
    }
    for (int i = 0; i < conns; i++) {
        curl_slist_free_all(slots[i].hdr);
        slots[i].hdr = NULL;
        curl_easy_setopt(slots[i].easy, CURLOPT_HTTPHEADER, NULL);
    }
    ok = run(m, slots, conns, next_decision, &dc, 201, decisions, 0, lat, &nlat, &elapsed, &bad);
    report("decision", ok, bad, elapsed, lat, nlat);
    char *stored = hubtest_sql(&h, "SELECT count(*) FROM decisions");
    printf("decisions_stored %s\n", stored);
    free(stored);

    for (int i = 0; i < conns; i++) {
        curl_easy_cleanup(slots[i].easy);
        curl_slist_free_all(slots[i].hdr);
        free(slots[i].body);
    }
    free(slots);
    free(dc.ids);
    free(dc.shas);
    curl_multi_cleanup(m);
    hubtest_device_free(&d);
    hubtest_destroy(&h);
    curl_global_cleanup();
    return 0;
}
