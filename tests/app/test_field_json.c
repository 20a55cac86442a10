/* field_json on its own: the hub's assignments parsed strictly (every kind, number ranges and
 * decimals, photo limits, caps, UTF-8-safe cuts; a bad assignment is skipped and counted, the
 * rest kept), the stored report round trip with every answer kind, the manifest, and the POST
 * body with each answer written as its kind asks (docs/items.md §14). */
#include "field_json.h"
#include "crypto.h"
#include "wire_json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SHA_A "3f2a9c1b00000000000000000000000000000000000000000000000000000000"
#define SHA_B "aa00000000000000000000000000000000000000000000000000000000000001"
#define KEYID "1111111111111111111111111111111111111111111111111111111111111111"
#define RID   "5b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b"

/* One assignment around a form (JSON text of the form array). */
static char *doc_with(const char *id, const char *form, const char *extra)
{
    char *b = malloc(16384);
    assert_non_null(b);
    snprintf(
        b, 16384,
        "{\"revision\":3,\"generated_at\":\"2020-07-06T01:00:00Z\",\"assignments\":[{"
        "\"id\":\"%s\",\"title\":\"Verifikasi objek pajak\",\"agency\":{\"code\":\"BAPENDA\","
        "\"name\":\"Badan Pendapatan Daerah\"},\"assignee\":\"petugas-01\",\"location\":{"
        "\"name\":\"Instalasi air\",\"address\":\"Jalan Raya Kedewatan, Ubud\",\"lat\":-8.4862,"
        "\"lon\":115.2471},\"instructions\":\"Periksa meter air.\",\"due\":"
        "\"2020-07-08T08:00:00Z\",\"priority\":\"tinggi\",\"status\":\"baru\",\"form\":%s%s}]}",
        id, form, extra ? extra : "");
    return b;
}

static field_list *parse_ok(const char *json)
{
    field_list *l = malloc(sizeof *l);
    char why[120] = "";
    assert_non_null(l);
    if (!field_json_assignments(json, strlen(json), l, why, sizeof why))
        fail_msg("refused: %s", why);
    return l;
}

/* Parses a one-assignment document and returns how many assignments were kept (0 or 1). */
static int kept(const char *form, const char *extra)
{
    char *d = doc_with("tgs-001", form, extra);
    field_list *l = parse_ok(d);
    int n = l->n;
    assert_int_equal(l->n + l->n_invalid, 1);
    free(l);
    free(d);
    return n;
}

static const char every_kind[] =
    "[{\"key\":\"catatan\",\"label\":\"Catatan\",\"kind\":\"text\",\"required\":false},"
    "{\"key\":\"angka\",\"label\":\"Angka meter\",\"kind\":\"number\",\"required\":true,"
    "\"unit\":\"m\xC2\xB3\",\"min\":0,\"max\":99999.5,\"decimals\":1},"
    "{\"key\":\"kondisi\",\"label\":\"Kondisi\",\"kind\":\"choice\",\"required\":true,"
    "\"choices\":[\"Baik\",\"Rusak\",\"Segel terbuka\"]},"
    "{\"key\":\"temuan\",\"label\":\"Temuan\",\"kind\":\"multi\",\"required\":false,"
    "\"choices\":[\"Bocor\",\"Retak\",\"Kotor\"]},"
    "{\"key\":\"ada_izin\",\"label\":\"Ada izin?\",\"kind\":\"yesno\",\"required\":true},"
    "{\"key\":\"tgl\",\"label\":\"Tanggal kunjungan\",\"kind\":\"date\",\"required\":true},"
    "{\"key\":\"foto\",\"label\":\"Foto meter\",\"kind\":\"photo\",\"required\":true,"
    "\"min_photos\":2,\"max_photos\":40},"
    "{\"key\":\"lokasi\",\"label\":\"Lokasi\",\"kind\":\"location\",\"required\":true,"
    "\"future_member\":{\"x\":1}}]";

static void test_assignments_every_kind(void **state)
{
    (void)state;
    char *d = doc_with("tgs-001", every_kind, ",\"unknown_member\":[1,2]");
    field_list *l = parse_ok(d);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->n_invalid, 0);
    const field_assignment *a = &l->a[0];
    assert_string_equal(a->id, "tgs-001");
    assert_string_equal(a->agency_code, "BAPENDA");
    assert_string_equal(a->place, "Instalasi air");
    assert_true(fabs(a->lat + 8.4862) < 1e-9);
    assert_int_equal(a->due, 1594195200);
    assert_int_equal(a->priority, FIELD_PRIO_HIGH);
    assert_false(a->started);
    assert_int_equal(a->n_form, 8);
    assert_int_equal(a->form[0].kind, FK_TEXT);
    assert_int_equal(a->form[1].kind, FK_NUMBER);
    assert_string_equal(a->form[1].unit, "m\xC2\xB3");
    assert_true(a->form[1].has_min && a->form[1].has_max);
    assert_true(a->form[1].max == 99999.5);
    assert_int_equal(a->form[1].decimals, 1);
    assert_int_equal(a->form[2].kind, FK_CHOICE);
    assert_int_equal(a->form[2].n_choices, 3);
    assert_string_equal(a->form[2].choices[2], "Segel terbuka");
    assert_int_equal(a->form[3].kind, FK_MULTI);
    assert_int_equal(a->form[4].kind, FK_YESNO);
    assert_int_equal(a->form[5].kind, FK_DATE);
    assert_int_equal(a->form[6].kind, FK_PHOTO);
    assert_int_equal(a->form[6].min_photos, 2);
    assert_int_equal(a->form[6].max_photos, FIELD_PHOTOS_MAX); /* capped to what the device takes */
    assert_int_equal(a->form[7].kind, FK_LOCATION);
    free(l);
    free(d);
}

static void test_assignments_rules(void **state)
{
    (void)state;
    /* A number without decimals takes the default; without a range, none. */
    char *d = doc_with(
        "tgs-002", "[{\"key\":\"n\",\"label\":\"N\",\"kind\":\"number\",\"required\":true}]", NULL);
    field_list *l = parse_ok(d);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->a[0].form[0].decimals, FIELD_DECIMALS_DEFAULT);
    assert_false(l->a[0].form[0].has_min);
    free(l);
    free(d);
    /* Each of these makes the assignment unreadable. */
    static const char *const bad[] = {
        "[{\"key\":\"x\",\"label\":\"X\",\"kind\":\"signature\",\"required\":true}]",
        "[{\"key\":\"x\",\"label\":\"X\",\"kind\":\"text\"}]",
        "[{\"key\":\"X\",\"label\":\"X\",\"kind\":\"text\",\"required\":true}]",
        "[{\"key\":\"x\",\"label\":\"\",\"kind\":\"text\",\"required\":true}]",
        "[{\"key\":\"x\",\"label\":\"X\",\"kind\":\"text\",\"required\":true},"
        "{\"key\":\"x\",\"label\":\"Y\",\"kind\":\"text\",\"required\":true}]",
        "[{\"key\":\"c\",\"label\":\"C\",\"kind\":\"choice\",\"required\":true,\"choices\":[\"a\"]}"
        "]",
        "[{\"key\":\"c\",\"label\":\"C\",\"kind\":\"multi\",\"required\":true,"
        "\"choices\":[\"a\",\"a\"]}]",
        "[{\"key\":\"c\",\"label\":\"C\",\"kind\":\"choice\",\"required\":true}]",
        "[{\"key\":\"n\",\"label\":\"N\",\"kind\":\"number\",\"required\":true,\"min\":5,"
        "\"max\":1}]",
        "[{\"key\":\"n\",\"label\":\"N\",\"kind\":\"number\",\"required\":true,\"decimals\":7}]",
        "[{\"key\":\"n\",\"label\":\"N\",\"kind\":\"number\",\"required\":true,\"min\":\"0\"}]",
        "[{\"key\":\"p\",\"label\":\"P\",\"kind\":\"photo\",\"required\":true}]",
        "[{\"key\":\"p\",\"label\":\"P\",\"kind\":\"photo\",\"required\":true,\"min_photos\":3,"
        "\"max_photos\":2}]",
        "[{\"key\":\"p\",\"label\":\"P\",\"kind\":\"photo\",\"required\":true,\"min_photos\":13}]",
        "[]",
        "{}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (kept(bad[i], NULL) != 0)
            fail_msg("kept: %s", bad[i]);
    /* A choice longer than the device keeps is refused, not cut (it is the answer itself). */
    char form[1024], choice[200];
    memset(choice, 'a', 120);
    choice[120] = '\0';
    snprintf(form, sizeof form,
             "[{\"key\":\"c\",\"label\":\"C\",\"kind\":\"choice\",\"required\":true,"
             "\"choices\":[\"%s\",\"b\"]}]",
             choice);
    assert_int_equal(kept(form, NULL), 0);
    /* An unknown priority. */
    char *d2 = doc_with(
        "tgs-004", "[{\"key\":\"x\",\"label\":\"X\",\"kind\":\"text\",\"required\":true}]", NULL);
    memcpy(strstr(d2, "\"tinggi\""), "\"urgent\"", 8);
    l = parse_ok(d2);
    assert_int_equal(l->n, 0);
    assert_int_equal(l->n_invalid, 1);
    free(l);
    free(d2);
}

static void test_assignments_caps(void **state)
{
    (void)state;
    /* A long label is cut between characters with an ellipsis. */
    char label[400], form[1200];
    for (int i = 0; i < 100; i++)
        memcpy(label + 2 * i, "\xC3\xA9", 2); /* é: two bytes each */
    label[200] = '\0';
    snprintf(form, sizeof form,
             "[{\"key\":\"x\",\"label\":\"%s\",\"kind\":\"text\",\"required\":true}]", label);
    char *d = doc_with("tgs-003", form, NULL);
    field_list *l = parse_ok(d);
    assert_int_equal(l->n, 1);
    const char *got = l->a[0].form[0].label;
    size_t n = strlen(got);
    assert_true(n < FIELD_LABEL_CAP);
    assert_memory_equal(got + n - 3, "\xE2\x80\xA6", 3);
    assert_true(wire_utf8_valid(got, n));
    free(l);
    free(d);
    /* More assignments than the device keeps: the rest are counted as not shown; a bad one is
     * skipped and the others kept. */
    size_t cap = 64 * 2048;
    char *big = malloc(cap);
    assert_non_null(big);
    size_t at = (size_t)snprintf(big, cap, "{\"assignments\":[");
    for (int i = 0; i < FIELD_ASSIGNMENTS_MAX + 3; i++) {
        at += (size_t)snprintf(
            big + at, cap - at,
            "%s{\"id\":\"tgs-%03d\",\"title\":\"T\",\"agency\":{\"code\":\"A\",\"name\":\"A\"},"
            "\"assignee\":\"p\",\"location\":{\"name\":\"N\",\"address\":\"A\",\"lat\":-8,"
            "\"lon\":115},\"instructions\":\"I\",\"due\":\"2020-07-08T08:00:00Z\","
            "\"priority\":\"normal\",\"status\":\"%s\",\"form\":[{\"key\":\"k\",\"label\":\"L\","
            "\"kind\":\"text\",\"required\":true}]}",
            i ? "," : "", i, i == 5 ? "selesai" : "dikerjakan");
    }
    snprintf(big + at, cap - at, "]}");
    l = parse_ok(big);
    assert_int_equal(l->n, FIELD_ASSIGNMENTS_MAX);
    assert_int_equal(l->n_invalid, 3);
    assert_true(l->a[0].started);
    free(l);
    free(big);
    /* Not a document at all. */
    field_list *x = malloc(sizeof *x);
    char why[80];
    assert_false(field_json_assignments("[1,2]", 5, x, why, sizeof why));
    assert_false(field_json_assignments("<html>", 6, x, why, sizeof why));
    assert_false(field_json_assignments("{\"assignments\":{}}", 18, x, why, sizeof why));
    free(x);
}

/* A report answering every kind of every_kind, with two photos. */
static void full_report(field_report *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->report_id, sizeof r->report_id, RID);
    snprintf(r->assignment_id, sizeof r->assignment_id, "tgs-001");
    r->created_at = 1594001700;
    r->updated_at = 1594001760;
    r->focus = 3;
    r->open = true;
    field_answer *a = field_answer_for(r, "catatan");
    a->set = true;
    snprintf(a->text, sizeof a->text, "Meter \"baru\"\nsegel utuh \xE2\x9C\x93");
    a = field_answer_for(r, "angka");
    a->set = true;
    snprintf(a->text, sizeof a->text, "1234,5");
    a = field_answer_for(r, "kondisi");
    a->chosen = 1u << 2;
    a = field_answer_for(r, "temuan");
    a->chosen = (1u << 0) | (1u << 2);
    a = field_answer_for(r, "ada_izin");
    a->set = true;
    a->yes = false;
    a = field_answer_for(r, "tgl");
    a->set = true;
    snprintf(a->text, sizeof a->text, "2020-07-06");
    a = field_answer_for(r, "lokasi");
    a->set = true;
    a->loc = (gps_fix){.valid = true,
                       .lat = -8.486213456789,
                       .lon = 115.247112345678,
                       .accuracy_m = NAN,
                       .fix_time = 1594001690,
                       .mode = GPS_MODE_3D,
                       .received_at = 1594001691};
    for (int i = 0; i < 2; i++) {
        field_photo *p = &r->photos[r->n_photos++];
        snprintf(p->name, sizeof p->name, "p0%d-%.8s.jpg", i + 1, i ? SHA_B : SHA_A);
        snprintf(p->field, sizeof p->field, "foto");
        snprintf(p->source, sizeof p->source, "IMG_00%d.JPG", i);
        snprintf(p->sha256, sizeof p->sha256, "%s", i ? SHA_B : SHA_A);
        p->bytes = 400000 + i;
        p->width = 2048;
        p->height = 1536;
    }
}

static void test_report_round_trip(void **state)
{
    (void)state;
    field_report *r = malloc(sizeof *r), *back = malloc(sizeof *back);
    full_report(r);
    char *j = field_json_report_encode(r);
    assert_non_null(j);
    char why[80];
    assert_true(field_json_report_decode(j, strlen(j), back, why, sizeof why));
    assert_string_equal(back->report_id, RID);
    assert_int_equal(back->n_answers, r->n_answers);
    for (int i = 0; i < r->n_answers; i++) {
        const field_answer *x = &r->answers[i], *y = &back->answers[i];
        assert_string_equal(x->key, y->key);
        assert_int_equal(x->set, y->set);
        assert_string_equal(x->text, y->text);
        assert_int_equal(x->chosen, y->chosen);
        assert_int_equal(x->yes, y->yes);
        assert_int_equal(x->loc.valid, y->loc.valid);
        if (x->loc.valid) {
            assert_true(x->loc.lat == y->loc.lat && x->loc.lon == y->loc.lon);
            assert_true(isnan(y->loc.accuracy_m));
            assert_int_equal(x->loc.fix_time, y->loc.fix_time);
            assert_int_equal(x->loc.received_at, y->loc.received_at);
        }
    }
    assert_int_equal(back->n_photos, 2);
    assert_memory_equal(back->photos, r->photos, sizeof r->photos[0] * 2);
    assert_int_equal(back->focus, 3);
    assert_true(back->open);
    assert_int_equal(back->created_at, r->created_at);
    /* Damaged or foreign documents are refused, never half read. */
    assert_false(field_json_report_decode("{\"v\":2}", 7, back, why, sizeof why));
    j[strlen(j) / 2] = '\0';
    assert_false(field_json_report_decode(j, strlen(j), back, why, sizeof why));
    assert_int_equal(back->n_answers, 0);
    free(j);
    free(r);
    free(back);
}

static void test_request_body(void **state)
{
    (void)state;
    char *d = doc_with("tgs-001", every_kind, NULL);
    field_list *l = parse_ok(d);
    field_report *r = malloc(sizeof *r);
    full_report(r);
    wire_report_manifest m;
    char why[120] = "";
    assert_true(field_json_manifest(r, &l->a[0], KEYID, &m, why, sizeof why));
    assert_int_equal(m.n_files, 2);
    assert_string_equal(m.created_at, "2020-07-06T02:15:00Z");
    assert_string_equal(m.files[1].mime, "image/jpeg");
    char *body = field_json_report_body(r, &l->a[0], &m, "TUVVQw==", why, sizeof why);
    if (!body)
        fail_msg("no body: %s", why);
    cJSON *o = cJSON_Parse(body);
    const cJSON *ans = cJSON_GetObjectItemCaseSensitive(o, "answers");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "report_id")->valuestring, RID);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "device_key_id")->valuestring, KEYID);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "signature")->valuestring, "TUVVQw==");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ans, "catatan")->valuestring,
                        "Meter \"baru\"\nsegel utuh \xE2\x9C\x93");
    const cJSON *num = cJSON_GetObjectItemCaseSensitive(ans, "angka");
    assert_true(cJSON_IsNumber(num) && num->valuedouble == 1234.5);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ans, "kondisi")->valuestring,
                        "Segel terbuka");
    const cJSON *multi = cJSON_GetObjectItemCaseSensitive(ans, "temuan");
    assert_int_equal(cJSON_GetArraySize(multi), 2);
    assert_string_equal(cJSON_GetArrayItem(multi, 1)->valuestring, "Kotor");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(ans, "ada_izin")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(ans, "tgl")->valuestring, "2020-07-06");
    const cJSON *foto = cJSON_GetObjectItemCaseSensitive(ans, "foto");
    assert_int_equal(cJSON_GetArraySize(foto), 2);
    assert_string_equal(cJSON_GetArrayItem(foto, 0)->valuestring, m.files[0].name);
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(ans, "lokasi");
    assert_int_equal(cJSON_GetArraySize(loc), 4); /* exactly lat, lon, accuracy_m, fix_time */
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(loc, "accuracy_m")));
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(loc, "fix_time")->valuestring,
                        "2020-07-06T02:14:50Z");
    assert_true(cJSON_GetObjectItemCaseSensitive(loc, "lat")->valuedouble == -8.486213456789);
    /* The report's main location is its first answered location field. */
    assert_true(cJSON_Compare(loc, cJSON_GetObjectItemCaseSensitive(o, "location"), true));
    /* The signed hash of the answers is what the hub computes from the body it parses. */
    size_t alen = 0;
    char *atext = wire_answers_canonical(ans, &alen), hex[65];
    assert_non_null(atext);
    crypto_sha256_hex(atext, alen, hex);
    free(atext);
    assert_string_equal(hex, m.answers_sha256);
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(o, "files");
    assert_int_equal(cJSON_GetArraySize(files), 2);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(files, 0), "sha256")->valuestring,
        SHA_A);
    cJSON_Delete(o);
    free(body);
    /* Unanswered fields are left out (never null); an answer that cannot be written fails. */
    field_answer_for(r, "catatan")->set = false;
    field_answer_for(r, "temuan")->chosen = 0;
    body = field_json_report_body(r, &l->a[0], &m, "TUVVQw==", why, sizeof why);
    o = cJSON_Parse(body);
    ans = cJSON_GetObjectItemCaseSensitive(o, "answers");
    assert_null(cJSON_GetObjectItemCaseSensitive(ans, "catatan"));
    assert_null(cJSON_GetObjectItemCaseSensitive(ans, "temuan"));
    cJSON_Delete(o);
    free(body);
    snprintf(field_answer_for(r, "angka")->text, FIELD_TEXT_CAP, "12a");
    assert_null(field_json_report_body(r, &l->a[0], &m, "TUVVQw==", why, sizeof why));
    assert_non_null(strstr(why, "angka"));
    assert_false(field_json_manifest(r, &l->a[0], KEYID, &m, why, sizeof why));
    assert_non_null(strstr(why, "angka"));
    free(r);
    free(l);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assignments_every_kind), cmocka_unit_test(test_assignments_rules),
        cmocka_unit_test(test_assignments_caps),       cmocka_unit_test(test_report_round_trip),
        cmocka_unit_test(test_request_body),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
