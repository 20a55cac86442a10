/* The worker's field profile against a real paraf-hub on loopback HTTPS (field_harness.h): the
 * position from an in-process fake gpsd; assignments with their ETag, 304 and the sealed copy when
 * the hub is down or after a restart; drafts stored and read back with every answer kind; a report
 * submitted with the hub down (WAITING, frozen), sent when it is back (progress, SENT, the hub's
 * files match their SHA-256, the manifest signature verifies with the device certificate); and
 * uploads interrupted by the hub stopping and by the device restarting, which resume with the
 * missing photos only. The photo folder and photos are in test_worker_photos.c. */
#include "field_harness.h"
#include "wire_json.h"

/* The hub holds the photo once, and its bytes hash to the manifest's SHA-256. */
static void hub_has_photo(fixture *f, const char *rid, const field_photo *p)
{
    assert_int_equal(sql_int(f,
                             "SELECT count(*) FROM field_files WHERE report_id='%s' AND name='%s'",
                             rid, p->name),
                     1);
    char *hex = sql(f, "SELECT hex(data) FROM field_files WHERE report_id='%s' AND name='%s'", rid,
                    p->name);
    size_t n = strlen(hex) / 2;
    assert_int_equal((int64_t)n, p->bytes);
    uint8_t *bytes = malloc(n ? n : 1);
    char sha[CRYPTO_SHA256_HEX];
    assert_int_equal(crypto_hex_decode(hex, bytes, n), CRYPTO_OK);
    crypto_sha256_hex(bytes, n, sha);
    assert_string_equal(sha, p->sha256);
    free(bytes);
    free(hex);
}

/* The stored report's signature verifies with the device certificate over the canonical bytes
 * (the manifest and the answers' hash) rebuilt from what the hub received. */
static void hub_signature_ok(fixture *f, const char *rid)
{
    char *payload = sql(f, "SELECT payload FROM field_reports WHERE report_id='%s'", rid);
    cJSON *j = cJSON_Parse(payload);
    assert_non_null(j);
    wire_report_manifest m;
    memset(&m, 0, sizeof m);
    snprintf(m.report_id, sizeof m.report_id, "%s",
             cJSON_GetObjectItem(j, "report_id")->valuestring);
    snprintf(m.assignment_id, sizeof m.assignment_id, "%s",
             cJSON_GetObjectItem(j, "assignment_id")->valuestring);
    snprintf(m.created_at, sizeof m.created_at, "%s",
             cJSON_GetObjectItem(j, "created_at")->valuestring);
    snprintf(m.device_key_id, sizeof m.device_key_id, "%s",
             cJSON_GetObjectItem(j, "device_key_id")->valuestring);
    size_t alen = 0;
    char *atext = wire_answers_canonical(cJSON_GetObjectItem(j, "answers"), &alen);
    assert_non_null(atext);
    crypto_sha256_hex(atext, alen, m.answers_sha256);
    free(atext);
    const cJSON *file;
    cJSON_ArrayForEach(file, cJSON_GetObjectItem(j, "files"))
    {
        wire_report_file *x = &m.files[m.n_files++];
        snprintf(x->name, sizeof x->name, "%s", cJSON_GetObjectItem(file, "name")->valuestring);
        x->size = (int64_t)cJSON_GetObjectItem(file, "size")->valuedouble;
        snprintf(x->sha256, sizeof x->sha256, "%s",
                 cJSON_GetObjectItem(file, "sha256")->valuestring);
        snprintf(x->mime, sizeof x->mime, "%s", cJSON_GetObjectItem(file, "mime")->valuestring);
    }
    char canon[8192], cert_path[400];
    size_t clen = 0, slen = 0;
    uint8_t sig[CRYPTO_SIG_MAX];
    assert_int_equal(wire_report_canonical(&m, canon, sizeof canon, &clen), WIRE_OK);
    const char *b64 = cJSON_GetObjectItem(j, "signature")->valuestring;
    assert_int_equal(crypto_base64_decode(b64, strlen(b64), sig, sizeof sig, &slen), CRYPTO_OK);
    snprintf(cert_path, sizeof cert_path, "%s/device.pem", f->data);
    FILE *fp = fopen(cert_path, "rb");
    assert_non_null(fp);
    char cert[8192];
    size_t n = fread(cert, 1, sizeof cert - 1, fp);
    fclose(fp);
    cert[n] = '\0';
    assert_int_equal(crypto_verify(cert, canon, clen, sig, slen), CRYPTO_OK);
    cJSON_Delete(j);
    free(payload);
}

/* ---- location ----------------------------------------------------------------------------------
 */

/* The first RES_LOCATION that pred accepts (others are dropped). */
static msg_result *location_where(fixture *f, bool (*pred)(const msg_result *))
{
    for (;;) {
        msg_result *r = must(&f->q, RES_LOCATION, NULL);
        if (pred(r))
            return r;
        result_free(r);
    }
}

static bool has_fix(const msg_result *r)
{
    return r->ok && r->fix.valid;
}

static bool disconnected(const msg_result *r)
{
    return !r->ok;
}

/* gpsd on loopback: the fix the worker reports is the one gpsd sent; gpsd gone is reported. */
static void test_location(void **state)
{
    fixture *f = *state;
    struct pollfd p = {.fd = f->gps_lfd, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 5000), 1);
    int c = accept(f->gps_lfd, NULL, NULL);
    assert_true(c >= 0);
    char buf[512];
    size_t got = 0;
    while (got < sizeof buf - 1 && !memchr(buf, '\n', got)) {
        struct pollfd cp = {.fd = c, .events = POLLIN};
        assert_int_equal(poll(&cp, 1, 5000), 1);
        ssize_t n = read(c, buf + got, sizeof buf - 1 - got);
        assert_true(n > 0);
        got += (size_t)n;
    }
    buf[got] = '\0';
    assert_non_null(strstr(buf, "?WATCH="));
    char when[WIRE_TIME_LEN], msg[600];
    int64_t t = (int64_t)time(NULL);
    wire_time_format(t, when);
    int n = snprintf(msg, sizeof msg,
                     "{\"class\":\"VERSION\",\"release\":\"3.22\",\"rev\":\"3.22\","
                     "\"proto_major\":3,\"proto_minor\":14}\n"
                     "{\"class\":\"TPV\",\"device\":\"/dev/ttyACM0\",\"mode\":3,\"time\":\"%s\","
                     "\"lat\":-8.670512,\"lon\":115.212630,\"eph\":6.5}\n",
                     when);
    assert_int_equal(send(c, msg, (size_t)n, MSG_NOSIGNAL), n);
    msg_result *r = location_where(f, has_fix);
    assert_true(fabs(r->fix.lat + 8.670512) < 1e-9);
    assert_true(fabs(r->fix.lon - 115.21263) < 1e-9);
    assert_true(fabs(r->fix.accuracy_m - 6.5) < 1e-9);
    assert_int_equal(r->fix.fix_time, t);
    assert_int_equal(r->fix.mode, GPS_MODE_3D);
    result_free(r);
    close(c);
    r = location_where(f, disconnected);
    result_free(r);
}

/* ---- assignments -------------------------------------------------------------------------------
 */

static void test_assignments(void **state)
{
    fixture *f = *state;
    send_cmd(f, CMD_FETCH_ASSIGNMENTS, NULL, NULL, NULL);
    msg_result *r = must(&f->q, RES_ASSIGNMENTS, NULL);
    assert_int_equal(r->status, NET_OK);
    assert_false(r->cached);
    assert_non_null(r->assignments);
    assert_int_equal(r->assignments->n_invalid, 0);
    assert_int_equal(r->assignments->n, 4); /* petugas-01's: tgs-001, -004, -006, -007 */
    assert_true(r->synced_at == r->now);
    f->list = *r->assignments;
    const field_assignment *a = assignment(f, "tgs-001");
    assert_true(a->n_form >= 5);
    result_free(r);

    /* Unchanged: 304, nothing to parse. */
    send_cmd(f, CMD_FETCH_ASSIGNMENTS, NULL, NULL, NULL);
    r = must(&f->q, RES_ASSIGNMENTS, NULL);
    assert_int_equal(r->status, NET_OK);
    assert_true(r->not_modified);
    assert_null(r->assignments);
    result_free(r);

    /* The hub away: the sealed copy, marked cached, with the last sync. */
    hub_down(f);
    send_cmd(f, CMD_FETCH_ASSIGNMENTS, NULL, NULL, NULL);
    r = must(&f->q, RES_ASSIGNMENTS, NULL);
    assert_int_equal(r->status, NET_OFFLINE);
    assert_true(r->cached);
    assert_non_null(r->assignments);
    assert_int_equal(r->assignments->n, 4);
    assert_true(r->synced_at > 0 && r->synced_at <= r->now);
    result_free(r);

    /* After a restart, before any answer from the hub: the copy at once. */
    stop_worker(f);
    start_worker(f);
    r = must(&f->q, RES_ASSIGNMENTS, NULL);
    assert_true(r->cached);
    assert_int_equal(r->assignments->n, 4);
    result_free(r);
    hub_up(f, false);
}

/* ---- drafts ------------------------------------------------------------------------------------
 */

static int cmp_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Every answer kind survives the store; a save replaces the answers; discard removes it. */
static void test_draft_round_trip(void **state)
{
    fixture *f = *state;
    field_report *r = report_new("tgs-004");
    field_answer *x = field_answer_for(r, "catatan");
    x->set = true;
    snprintf(x->text, sizeof x->text, "Kios 12 \"tutup\"\nsejak Maret \xE2\x80\x94 pemilik pindah");
    x = field_answer_for(r, "kios_terisi");
    x->set = true;
    snprintf(x->text, sizeof x->text, "1.250,5"); /* as typed, even when not acceptable */
    x = field_answer_for(r, "pilihan");
    x->chosen = 1u << 3;
    x = field_answer_for(r, "banyak");
    x->chosen = 0x85;
    x = field_answer_for(r, "ya_tidak");
    x->set = true;
    x->yes = false;
    x = field_answer_for(r, "tanggal");
    x->set = true;
    snprintf(x->text, sizeof x->text, "2020-07-06");
    x = field_answer_for(r, "lokasi");
    x->set = true;
    x->loc = (gps_fix){.valid = true,
                       .lat = -8.654512345678901,
                       .lon = 115.233612345678901,
                       .accuracy_m = NAN,
                       .fix_time = 0,
                       .mode = GPS_MODE_2D,
                       .received_at = 1594001700};
    r->focus = 4;
    double ms[40];
    for (int i = 0; i < 40; i++) {
        snprintf(field_answer_for(r, "tanggal")->text, FIELD_TEXT_CAP, "2020-07-%02d", 1 + i % 28);
        double t0 = now_ms();
        save_ok(f, r);
        ms[i] = now_ms() - t0;
    }
    qsort(ms, 40, sizeof ms[0], cmp_ms);
    fprintf(stderr, "draft save (command to durable answer): p50 %.1f ms, max %.1f ms\n", ms[20],
            ms[39]);
    field_report *back = malloc(sizeof *back);
    assert_true(listed(f, r->report_id, back));
    assert_int_equal(back->state, REPORT_DRAFT);
    assert_int_equal(back->n_answers, r->n_answers);
    for (int i = 0; i < r->n_answers; i++) {
        const field_answer *p = &r->answers[i], *q = field_answer_find(back, p->key);
        assert_non_null(q);
        assert_int_equal(p->set, q->set);
        assert_string_equal(p->text, q->text);
        assert_int_equal(p->chosen, q->chosen);
        assert_int_equal(p->yes, q->yes);
        assert_int_equal(p->loc.valid, q->loc.valid);
        assert_true(p->loc.lat == q->loc.lat && p->loc.lon == q->loc.lon);
        assert_int_equal(isnan(p->loc.accuracy_m), isnan(q->loc.accuracy_m));
        assert_int_equal(p->loc.mode, q->loc.mode);
    }
    assert_string_equal(field_answer_find(back, "tanggal")->text, "2020-07-12");
    assert_int_equal(back->focus, 4);
    assert_true(back->open);
    assert_int_equal(back->created_at, r->created_at);
    /* Discarded: gone, with its photos. */
    send_cmd(f, CMD_REPORT_DISCARD, r->report_id, NULL, NULL);
    msg_result *d = must(&f->q, RES_REPORTS, r->report_id);
    assert_int_equal(d->status, NET_OK);
    for (size_t i = 0; i < d->n_reports; i++)
        assert_string_not_equal(d->reports[i].report_id, r->report_id);
    result_free(d);
    assert_false(listed(f, r->report_id, NULL));
    free(back);
    free(r);
}

/* ---- submitting and sending -------------------------------------------------------------------
 */

static void sizes_distinct(const field_report *r)
{
    for (int i = 0; i < r->n_photos; i++)
        for (int k = 0; k < i; k++)
            assert_true(r->photos[i].bytes != r->photos[k].bytes);
}

/* Follows RES_REPORT about r until SENT; the sizes of the photos that went out (each PUT starts
 * with a result whose arg is the photo's size) are added to sent[] (n_sent). */
static void until_sent(fixture *f, const field_report *r, int64_t *sent, int *n_sent)
{
    for (;;) {
        msg_result *x = must(&f->q, RES_REPORT, r->report_id);
        assert_int_equal(x->n_reports, 1);
        const field_report *s = &x->reports[0];
        if (s->state == REPORT_REJECTED)
            fail_msg("rejected: %s (%s)", x->code, x->text);
        bool done = s->state == REPORT_SENT;
        if (s->state == REPORT_SENDING && x->arg > 0) {
            bool seen = false;
            for (int i = 0; i < *n_sent; i++)
                seen = seen || sent[i] == x->arg;
            if (!seen)
                sent[(*n_sent)++] = x->arg;
            assert_true(s->bytes_done <= x->arg);
        }
        if (done) {
            assert_int_equal(x->status, NET_OK);
            assert_int_equal(s->files_done, r->n_photos);
        }
        result_free(x);
        if (done)
            return;
    }
}

static void hub_has_report(fixture *f, const field_report *r)
{
    assert_int_equal(
        sql_int(f, "SELECT count(*) FROM field_files WHERE report_id='%s'", r->report_id),
        r->n_photos);
    assert_int_equal(sql_int(f,
                             "SELECT count(*) FROM field_reports WHERE report_id='%s' AND "
                             "complete_at IS NOT NULL",
                             r->report_id),
                     1);
    for (int i = 0; i < r->n_photos; i++)
        hub_has_photo(f, r->report_id, &r->photos[i]);
    hub_signature_ok(f, r->report_id);
}

static void test_submit_offline_then_sent(void **state)
{
    fixture *f = *state;
    static const char *const src[] = {"small-1600.jpg", "scan.png", "portrait-exif6.jpg"};
    field_report *r = report_new("tgs-001");
    fill(f, assignment(f, "tgs-001"), r, src, 3, 0);
    assert_true(r->n_photos >= 2);
    hub_down(f);
    send_report(f, CMD_REPORT_SUBMIT, r);
    msg_result *x = must(&f->q, RES_REPORT, r->report_id);
    if (x->status != NET_OK)
        fail_msg("submit: %d %s (%s)", x->status, x->code, x->text);
    assert_int_equal(x->reports[0].state, REPORT_WAITING);
    assert_int_equal(x->reports[0].n_photos, r->n_photos);
    result_free(x);
    /* The hub is away: the first try fails and it waits. */
    x = must(&f->q, RES_REPORT, r->report_id);
    assert_int_equal(x->reports[0].state, REPORT_WAITING);
    assert_int_equal(x->status, NET_OFFLINE);
    assert_string_equal(x->reports[0].code, "offline");
    result_free(x);
    /* Frozen: no new answers, no new photos; a second submit only tells the state. */
    snprintf(field_answer_for(r, "catatan")->text, FIELD_TEXT_CAP, "diubah setelah dikirim");
    x = save(f, r);
    assert_int_equal(x->status, NET_REFUSED);
    assert_string_equal(x->code, "not_draft");
    result_free(x);
    x = photo_add(f, r->report_id, "foto_meter", "portrait-exif6.jpg");
    assert_false(x->ok);
    assert_string_equal(x->code, "not_draft");
    result_free(x);
    send_report(f, CMD_REPORT_SUBMIT, r);
    x = must(&f->q, RES_REPORT, r->report_id);
    assert_int_equal(x->status, NET_OK);
    assert_int_equal(x->reports[0].state, REPORT_WAITING);
    result_free(x);
    field_report *back = malloc(sizeof *back);
    assert_true(listed(f, r->report_id, back));
    assert_int_equal(back->state, REPORT_WAITING);
    assert_int_equal(back->n_photos, r->n_photos);
    assert_string_equal(field_answer_find(back, "catatan")->text,
                        "Diperiksa bersama petugas desa.");

    /* The hub is back: the next good answer from it (a fetch) sends the report at once. */
    hub_up(f, false);
    send_cmd(f, CMD_FETCH_ASSIGNMENTS, NULL, NULL, NULL);
    int64_t sent[FIELD_PHOTOS_MAX];
    int n_sent = 0;
    until_sent(f, r, sent, &n_sent);
    assert_int_equal(n_sent, r->n_photos);
    result_free(must(&f->q, RES_ASSIGNMENTS, NULL));
    hub_has_report(f, r);
    assert_true(listed(f, r->report_id, back));
    assert_int_equal(back->state, REPORT_SENT);
    assert_int_equal(back->files_done, r->n_photos);
    free(back);
    free(r);
}

/* Names of the report's photos the hub lacks, comma-separated (malloc'd). */
static char *hub_missing(fixture *f, const char *rid)
{
    return sql(f,
               "SELECT coalesce(group_concat(name), '') FROM field_files WHERE report_id='%s' AND "
               "data IS NULL",
               rid);
}

/* Sizes of r's photos named in the list. */
static int sizes_of(const field_report *r, const char *names, int64_t *out)
{
    int n = 0;
    for (int i = 0; i < r->n_photos; i++)
        if (strstr(names, r->photos[i].name))
            out[n++] = r->photos[i].bytes;
    return n;
}

static void same_sizes(const int64_t *a, int na, const int64_t *b, int nb)
{
    assert_int_equal(na, nb);
    for (int i = 0; i < na; i++) {
        bool found = false;
        for (int k = 0; k < nb; k++)
            found = found || a[i] == b[k];
        if (!found)
            fail_msg("a photo of %lld bytes went out again", (long long)a[i]);
    }
}

/* Waits for a RES_REPORT about r with at least one photo at the hub. */
static void until_first_photo(fixture *f, const field_report *r)
{
    for (;;) {
        msg_result *x = must(&f->q, RES_REPORT, r->report_id);
        bool one = x->reports[0].files_done >= 1;
        assert_true(x->reports[0].state != REPORT_SENT);
        result_free(x);
        if (one)
            return;
    }
}

static void test_interrupted_uploads(void **state)
{
    fixture *f = *state;
    static const char *const src[] = {"small-1600.jpg", "scan.png", "portrait-exif6.jpg"};
    int64_t sent[FIELD_PHOTOS_MAX], want[FIELD_PHOTOS_MAX];
    int n_sent = 0;
    hub_down(f);
    hub_up(f, true); /* each PUT takes 400 ms: there is time to interrupt */

    /* The hub stops after the first photo; when it is back the report resumes with the rest. */
    field_report *r = report_new("tgs-004");
    fill(f, assignment(f, "tgs-004"), r, src, 3, 1);
    assert_int_equal(r->n_photos, 3);
    sizes_distinct(r);
    send_report(f, CMD_REPORT_SUBMIT, r);
    until_first_photo(f, r);
    hub_down(f);
    for (;;) {
        msg_result *x = must(&f->q, RES_REPORT, r->report_id);
        bool failed = x->status != NET_OK && x->reports[0].state == REPORT_WAITING;
        assert_int_not_equal(x->reports[0].state, REPORT_SENT);
        result_free(x);
        if (failed)
            break;
    }
    char *missing = hub_missing(f, r->report_id);
    int n_want = sizes_of(r, missing, want);
    fprintf(stderr, "hub stopped with %d of 3 photos missing: %s\n", n_want, missing);
    assert_true(n_want >= 1 && n_want <= 2);
    free(missing);
    hub_up(f, true);
    send_cmd(f, CMD_OUTBOX_SEND_NOW, NULL, NULL, NULL);
    until_sent(f, r, sent, &n_sent);
    same_sizes(sent, n_sent, want, n_want);
    hub_has_report(f, r);

    /* The device stops (killed) after the first photo: the next start resumes by itself. */
    field_report *r2 = report_new("tgs-006");
    fill(f, assignment(f, "tgs-006"), r2, src, 3, 2);
    assert_int_equal(r2->n_photos, 3);
    send_report(f, CMD_REPORT_SUBMIT, r2);
    until_first_photo(f, r2);
    stop_worker(f);
    struct timespec ts = {0, 600 * 1000000L}; /* the PUT the device abandoned ends at the hub */
    nanosleep(&ts, NULL);
    missing = hub_missing(f, r2->report_id);
    n_want = sizes_of(r2, missing, want);
    fprintf(stderr, "device stopped with %d of 3 photos missing: %s\n", n_want, missing);
    assert_true(n_want >= 1 && n_want <= 2);
    free(missing);
    start_worker(f);
    n_sent = 0;
    until_sent(f, r2, sent, &n_sent);
    same_sizes(sent, n_sent, want, n_want);
    hub_has_report(f, r2);
    hub_down(f);
    hub_up(f, false);
    free(r);
    free(r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_location),
        cmocka_unit_test(test_assignments),
        cmocka_unit_test(test_draft_round_trip),
        cmocka_unit_test(test_submit_offline_then_sent),
        cmocka_unit_test(test_interrupted_uploads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
