/* test_demo: checks the demo data set (hub/demo.c) by walking the JSON it produces, not the C
 * tables behind it: shape and vocabulary of every part, arithmetic (percentages, totals, ranks,
 * ticket counts) recomputed from the figures, cross-item consistency, and NULL without leaks
 * when allocation fails at any point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "demo.h"
#include "hub.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW "2020-07-06T01:00:00Z"

/* ---- helpers ----------------------------------------------------------------------------- */

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fail_msg("missing key \"%s\"", key);
    return v;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    if (!cJSON_IsString(v))
        fail_msg("\"%s\" is not a string", key);
    return v->valuestring;
}

/* A non-empty string. */
static const char *text(const cJSON *o, const char *key)
{
    const char *s = str(o, key);
    if (s[0] == '\0')
        fail_msg("\"%s\" is empty", key);
    return s;
}

static double absd(double x)
{
    return x < 0 ? -x : x;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    if (!cJSON_IsNumber(v))
        fail_msg("\"%s\" is not a number", key);
    return v->valuedouble;
}

/* An integral JSON number (money, counts), exactly representable. */
static long long integer(const cJSON *o, const char *key)
{
    double d = num(o, key);
    if (absd(d) > 9007199254740992.0 || d != (double)(long long)d)
        fail_msg("\"%s\" = %f is not an integer", key, d);
    return (long long)d;
}

static const cJSON *arr(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    if (!cJSON_IsArray(v))
        fail_msg("\"%s\" is not an array", key);
    return v;
}

static const cJSON *obj(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    if (!cJSON_IsObject(v))
        fail_msg("\"%s\" is not an object", key);
    return v;
}

static bool one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int val(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool is_date(const char *s)
{
    return strlen(s) == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
           digits(s + 8, 2) && val(s + 5, 2) >= 1 && val(s + 5, 2) <= 12 && val(s + 8, 2) >= 1 &&
           val(s + 8, 2) <= 31;
}

/* RFC 3339 in UTC with second precision, the only form the API uses: 2020-07-03T08:00:00Z. */
static bool is_time(const char *s)
{
    char d[11];
    if (strlen(s) != 20)
        return false;
    memcpy(d, s, 10);
    d[10] = '\0';
    return is_date(d) && s[10] == 'T' && digits(s + 11, 2) && s[13] == ':' && digits(s + 14, 2) &&
           s[16] == ':' && digits(s + 17, 2) && s[19] == 'Z' && val(s + 11, 2) < 24 &&
           val(s + 14, 2) < 60 && val(s + 17, 2) < 60;
}

static bool is_id(const char *s)
{
    if (!s[0])
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

static bool is_hhmm(const char *s)
{
    return strlen(s) == 5 && digits(s, 2) && s[2] == ':' && digits(s + 3, 2) && val(s, 2) < 24 &&
           val(s + 3, 2) < 60;
}

/* 100 * a / b rounded half away from zero to 2 decimals, in doubles (the test's own arithmetic). */
static double round2_pct(double a, double b)
{
    double x = 100.0 * a / b * 100.0;
    return (double)(x < 0 ? -(long long)(-x + 0.5) : (long long)(x + 0.5)) / 100.0;
}

static void assert_pct(double got, double a, double b)
{
    double want = round2_pct(a, b);
    if (absd(got - want) > 0.005)
        fail_msg("percentage %.4f, expected %.2f (%.0f / %.0f)", got, want, a, b);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Decodes UTF-8 strictly enough for our own data; returns the number of code points or -1. */
static int utf8_decode(const char *s, uint32_t *cp, int cap)
{
    int n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        int len;
        if (*p < 0x80) {
            c = *p;
            len = 1;
        } else if ((*p & 0xE0) == 0xC0) {
            c = *p & 0x1F;
            len = 2;
        } else if ((*p & 0xF0) == 0xE0) {
            c = *p & 0x0F;
            len = 3;
        } else {
            return -1;
        }
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return -1;
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (n >= cap)
            return -1;
        cp[n++] = c;
        p += len;
    }
    return n;
}

static void assert_balinese(const char *s)
{
    uint32_t cp[256];
    int n = utf8_decode(s, cp, 256);
    assert_true(n > 0);
    int letters = 0;
    for (int i = 0; i < n; i++) {
        if (cp[i] == ' ')
            continue;
        if (cp[i] < 0x1B00 || cp[i] > 0x1B7F)
            fail_msg("U+%04X in \"%s\" is outside the Balinese block", (unsigned)cp[i], s);
        letters++;
    }
    assert_true(letters >= 3);
}

static int day_of_year(const char *date, int *days_in_year)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = val(date, 4), m = val(date + 5, 2), d = val(date + 8, 2);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int doy = d;
    for (int i = 1; i < m; i++)
        doy += mdays[i - 1] + (i == 2 && leap);
    *days_in_year = leap ? 366 : 365;
    return doy;
}

static void rupiah(char *buf, size_t cap, long long v)
{
    char d[32], out[48];
    int n = snprintf(d, sizeof d, "%lld", v), k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[k++] = '.';
        out[k++] = d[i];
    }
    out[k] = '\0';
    snprintf(buf, cap, "Rp %s", out);
}

static const char *page_body(const cJSON *item, int n)
{
    return str(cJSON_GetArrayItem(arr(item, "pages"), n), "body");
}

/* ---- fixture ----------------------------------------------------------------------------- */

static int setup(void **state)
{
    cJSON *d = demo_dataset_create();
    if (!d)
        return -1;
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    cJSON_Delete(*state);
    return 0;
}

#define FOR_TYPE(it, state, type)                                                                  \
    cJSON_ArrayForEach(it, arr(*(state), "items")) if (strcmp(str(it, "type"), type) == 0)

/* ---- top level and items ----------------------------------------------------------------- */

static void test_top_level(void **state)
{
    static const char *const keys[] = {"now",      "officials",     "items",       "hall",
                                       "services", "announcements", "assignments", NULL};
    const cJSON *d = *state, *k;
    int n = 0;
    cJSON_ArrayForEach(k, d)
    {
        if (!one_of(k->string, keys))
            fail_msg("unexpected top-level key \"%s\"", k->string);
        n++;
    }
    assert_int_equal(n, 7);
    assert_string_equal(str(d, "now"), NOW);
    const cJSON *hall = obj(d, "hall");
    assert_string_equal(text(hall, "name"), "Mal Pelayanan Publik Provinsi Bali");
    text(hall, "address");
    assert_balinese(text(hall, "name_bali"));
}

static void test_items_common(void **state)
{
    static const char *const types[] = {"revenue_report", "audit_report", "procurement",   "spj",
                                        "letter_in",      "letter_out",   "budget_summary"};
    static const char *const actions[][4] = {{"acknowledge", "return"},
                                             {"approve", "return", "forward"},
                                             {"approve", "reject", "return"},
                                             {"approve", "return"},
                                             {"forward"},
                                             {"sign", "return"},
                                             {"approve", "return"}};
    static const char *const urgencies[] = {"biasa", "segera", "sangat_segera", NULL};
    static const char *const events[] = {"created",  "submitted", "verified", "initialled",
                                         "received", "returned",  NULL};
    static const char *const formats[] = {"png", "jpeg", NULL};
    const cJSON *items = arr(*state, "items"), *it;
    int n = cJSON_GetArraySize(items);
    assert_true(n >= 22);

    int per_type[7] = {0};
    char agencies[32][24];
    int n_agencies = 0;
    const char *ids[64];
    int n_ids = 0;
    cJSON_ArrayForEach(it, items)
    {
        const char *id = text(it, "id");
        assert_true(is_id(id));
        for (int i = 0; i < n_ids; i++)
            if (strcmp(ids[i], id) == 0)
                fail_msg("duplicate item id %s", id);
        assert_true(n_ids < 64);
        ids[n_ids++] = id;

        const char *type = str(it, "type");
        int t = -1;
        for (int i = 0; i < 7; i++)
            if (strcmp(type, types[i]) == 0)
                t = i;
        if (t < 0)
            fail_msg("%s: unknown type %s", id, type);
        per_type[t]++;

        const cJSON *ag = obj(it, "agency");
        const char *code = text(ag, "code");
        text(ag, "name");
        bool seen = false;
        for (int i = 0; i < n_agencies; i++)
            seen |= strcmp(agencies[i], code) == 0;
        if (!seen && n_agencies < 32)
            snprintf(agencies[n_agencies++], sizeof agencies[0], "%s", code);

        const char *title = text(it, "title");
        if (utf8_chars(title) > 90)
            fail_msg("%s: title longer than 90 characters", id);
        text(it, "summary");
        assert_true(one_of(str(it, "urgency"), urgencies));
        const char *received = str(it, "received_at");
        assert_true(is_time(received));
        assert_true(strcmp(received, NOW) <= 0);
        assert_true(strcmp(received, "2020-06-20T00:00:00Z") >= 0);
        const cJSON *deadline = get(it, "deadline");
        if (!cJSON_IsNull(deadline)) {
            assert_true(cJSON_IsString(deadline) && is_time(deadline->valuestring));
            assert_true(strcmp(deadline->valuestring, received) > 0);
        }
        /* a draft lies in the inbox of the official who signs it; everything else in the Sekda's */
        if (strcmp(type, "letter_out") == 0)
            assert_string_equal(str(it, "assignee"), str(obj(obj(it, "content"), "signer"), "id"));
        else
            assert_string_equal(str(it, "assignee"), "sekda");

        const cJSON *acts = arr(it, "actions");
        int na = 0;
        while (na < 4 && actions[t][na])
            na++;
        assert_int_equal(cJSON_GetArraySize(acts), na);
        for (int i = 0; i < na; i++)
            assert_string_equal(cJSON_GetArrayItem(acts, i)->valuestring, actions[t][i]);
        obj(it, "content");

        /* timeline: 2-4 entries, chronological, the last one is the arrival in the inbox */
        const cJSON *tl = arr(it, "timeline"), *e;
        int ne = cJSON_GetArraySize(tl);
        if (ne < 2 || ne > 4)
            fail_msg("%s: %d timeline entries", id, ne);
        const char *prev = "";
        cJSON_ArrayForEach(e, tl)
        {
            const char *at = str(e, "at");
            assert_true(is_time(at));
            assert_true(strcmp(at, prev) >= 0);
            prev = at;
            assert_true(one_of(str(e, "event"), events));
            text(e, "actor");
            str(e, "note");
        }
        assert_string_equal(prev, received);

        const cJSON *pages = arr(it, "pages"), *p;
        int np = cJSON_GetArraySize(pages);
        if (np < 1 || np > 3)
            fail_msg("%s: %d pages", id, np);
        cJSON_ArrayForEach(p, pages)
        {
            const char *fmt = str(p, "format");
            assert_true(one_of(fmt, formats));
            /* incoming letters are scans */
            assert_int_equal(strcmp(fmt, "jpeg") == 0, strcmp(type, "letter_in") == 0);
            const cJSON *lh = arr(p, "letterhead"), *l;
            assert_true(cJSON_GetArraySize(lh) >= 1 && cJSON_GetArraySize(lh) <= 3);
            cJSON_ArrayForEach(l, lh) assert_true(cJSON_IsString(l) && l->valuestring[0]);
            const cJSON *title_v = get(p, "title"), *sig = get(p, "signature");
            assert_true(cJSON_IsNull(title_v) || cJSON_IsString(title_v));
            assert_true(cJSON_IsNull(sig) || cJSON_IsString(sig));
            const char *body = text(p, "body");
            assert_true(strlen(body) < 4000); /* fits one A4 page */
        }
        /* the first page carries the signature of whoever issued the document */
        assert_true(cJSON_IsString(get(cJSON_GetArrayItem(pages, 0), "signature")));
    }
    assert_true(n_agencies >= 6);
    for (int t = 0; t < 7; t++)
        if (per_type[t] < (t == 6 ? 1 : 2))
            fail_msg("only %d items of type %s", per_type[t], types[t]);
    assert_true(per_type[4] >= 4); /* letter_in */
    assert_true(per_type[5] >= 3); /* letter_out */
}

/* ---- revenue_report ---------------------------------------------------------------------- */

static void check_revenue(const cJSON *it)
{
    static const char *const kinds[] = {"pajak", "retribusi", "kekayaan", "lain", NULL};
    const cJSON *c = obj(it, "content"), *r;
    const char *period = str(c, "period");
    assert_int_equal(strlen(period), 7);
    assert_int_equal(integer(c, "fiscal_year"), 2020);
    assert_int_equal(val(period, 4), 2020);
    const char *asof = str(c, "data_as_of");
    assert_true(is_time(asof));
    assert_true(strcmp(asof, str(it, "received_at")) < 0);
    /* data as of the last day of the reported month */
    assert_memory_equal(asof, period, 7);
    int diy, doy = day_of_year(asof, &diy);
    assert_pct(num(c, "time_elapsed_pct"), doy, diy);

    long long st = 0, sr = 0;
    cJSON_ArrayForEach(r, arr(c, "rows"))
    {
        text(r, "account");
        text(r, "name");
        assert_true(one_of(str(r, "kind"), kinds));
        long long t = integer(r, "target"), re = integer(r, "realisation");
        assert_true(t > 0 && re >= 0);
        assert_pct(num(r, "pct"), (double)re, (double)t);
        assert_true(integer(r, "remaining") == t - re);
        st += t;
        sr += re;
    }
    const cJSON *tot = obj(c, "total");
    assert_true(integer(tot, "target") == st);
    assert_true(integer(tot, "realisation") == sr);
    assert_true(integer(tot, "remaining") == st - sr);
    assert_pct(num(tot, "pct"), (double)sr, (double)st);
    /* COVID year: realisation below time elapsed */
    assert_true(num(tot, "pct") < num(c, "time_elapsed_pct"));
    assert_true(st > 1000000000000LL); /* trillions of rupiah */

    const cJSON *monthly = arr(c, "monthly"), *m;
    int months = val(period + 5, 2), k = 0;
    assert_int_equal(cJSON_GetArraySize(monthly), months);
    long long prev = 0;
    cJSON_ArrayForEach(m, monthly)
    {
        k++;
        char want[24];
        snprintf(want, sizeof want, "2020-%02d", k);
        assert_string_equal(str(m, "month"), want);
        long long tc = integer(m, "target_cum"), rc = integer(m, "realisation_cum");
        assert_true(absd((double)tc - (double)st * k / 12.0) <= 0.5);
        assert_true(rc >= prev);
        prev = rc;
    }
    assert_true(prev == sr);
    text(c, "notes");

    /* the page shows the same total */
    char buf[64], dots[64];
    rupiah(buf, sizeof buf, sr);
    snprintf(dots, sizeof dots, "%s", buf + 3);
    assert_non_null(strstr(page_body(it, 0), dots));
}

static void test_revenue(void **state)
{
    const cJSON *it, *may = NULL, *june = NULL;
    FOR_TYPE(it, state, "revenue_report")
    {
        check_revenue(it);
        const char *period = str(obj(it, "content"), "period");
        if (strcmp(period, "2020-05") == 0)
            may = it;
        if (strcmp(period, "2020-06") == 0)
            june = it;
    }
    assert_non_null(may);
    assert_non_null(june);
    /* the two reports agree: same targets, May's figures are June's figures one month earlier */
    const cJSON *cm = obj(may, "content"), *cj = obj(june, "content");
    const cJSON *rm = arr(cm, "rows"), *rj = arr(cj, "rows");
    assert_int_equal(cJSON_GetArraySize(rm), cJSON_GetArraySize(rj));
    for (int i = 0; i < cJSON_GetArraySize(rm); i++) {
        const cJSON *a = cJSON_GetArrayItem(rm, i), *b = cJSON_GetArrayItem(rj, i);
        assert_string_equal(str(a, "account"), str(b, "account"));
        assert_true(integer(a, "target") == integer(b, "target"));
        assert_true(integer(a, "realisation") <= integer(b, "realisation"));
    }
    long long may_total = integer(obj(cm, "total"), "realisation");
    assert_true(may_total < integer(obj(cj, "total"), "realisation"));
    assert_true(integer(cJSON_GetArrayItem(arr(cj, "monthly"), 4), "realisation_cum") == may_total);
    for (int i = 0; i < 5; i++)
        assert_true(cJSON_Compare(cJSON_GetArrayItem(arr(cm, "monthly"), i),
                                  cJSON_GetArrayItem(arr(cj, "monthly"), i), true));
    /* 30 June 2020 is day 182 of 366 */
    assert_true(absd(num(cj, "time_elapsed_pct") - 49.73) < 0.001);
}

/* ---- audit_report ------------------------------------------------------------------------ */

static void test_audit(void **state)
{
    static const char *const statuses[] = {"selesai", "proses", "belum", NULL};
    const cJSON *it;
    int audits = 0;
    FOR_TYPE(it, state, "audit_report")
    {
        audits++;
        const cJSON *c = obj(it, "content"), *f;
        text(c, "lhp_number");
        text(c, "audit_type");
        text(c, "auditee");
        text(c, "period");
        assert_true(is_date(str(c, "issued_on")));
        int nf = 0, nr = 0, ns[3] = {0};
        long long total = 0;
        cJSON_ArrayForEach(f, arr(c, "findings"))
        {
            nf++;
            assert_int_equal(integer(f, "no"), nf);
            text(f, "title");
            text(f, "condition");
            text(f, "cause");
            text(f, "criteria");
            long long v = integer(f, "value");
            assert_true(v >= 0);
            total += v;
            const cJSON *r;
            int k = 0;
            cJSON_ArrayForEach(r, arr(f, "recommendations"))
            {
                k++;
                nr++;
                assert_int_equal(integer(r, "no"), k);
                text(r, "text");
                const char *st = str(r, "status");
                assert_true(one_of(st, statuses));
                for (int i = 0; i < 3; i++)
                    ns[i] += strcmp(st, statuses[i]) == 0;
                assert_true(is_date(str(r, "due")));
            }
            assert_true(k >= 1);
        }
        assert_true(nf >= 1);
        const cJSON *s = obj(c, "summary");
        assert_int_equal(integer(s, "findings"), nf);
        assert_int_equal(integer(s, "recommendations"), nr);
        assert_int_equal(integer(s, "selesai"), ns[0]);
        assert_int_equal(integer(s, "proses"), ns[1]);
        assert_int_equal(integer(s, "belum"), ns[2]);
        assert_true(integer(s, "total_value") == total);
    }
    assert_true(audits >= 2);
}

/* ---- procurement ------------------------------------------------------------------------- */

static void test_procurement(void **state)
{
    static const char *const methods[] = {"Tender", "Seleksi", "E-Purchasing", NULL};
    const cJSON *it;
    bool lowest_offer_failed = false;
    FOR_TYPE(it, state, "procurement")
    {
        const cJSON *c = obj(it, "content"), *b;
        text(c, "package_name");
        text(c, "rup_code");
        text(c, "budget_code");
        const char *method = str(c, "method");
        assert_true(one_of(method, methods));
        assert_int_equal(integer(c, "fiscal_year"), 2020);
        long long ceiling = integer(c, "ceiling"), hps = integer(c, "hps");
        assert_true(hps > 0 && hps <= ceiling);
        const cJSON *winner = NULL;
        int passed = 0, rank_seen[16] = {0};
        double lowest = 1e18;
        bool lowest_passed = false;
        cJSON_ArrayForEach(b, arr(c, "bidders"))
        {
            text(b, "name");
            long long offer = integer(b, "offer");
            double score = num(b, "technical_score");
            assert_true(score >= 0 && score <= 100);
            const char *st = str(b, "status");
            const cJSON *rank = get(b, "rank");
            text(b, "note");
            if (offer < lowest) {
                lowest = (double)offer;
                lowest_passed = strcmp(st, "lulus") == 0;
            }
            if (strcmp(st, "gugur") == 0) {
                assert_true(cJSON_IsNull(rank));
                continue;
            }
            assert_string_equal(st, "lulus");
            passed++;
            long long rk = integer(b, "rank");
            assert_true(rk >= 1 && rk < 16 && !rank_seen[rk]);
            rank_seen[rk] = 1;
            if (rk == 1)
                winner = b;
        }
        lowest_offer_failed |= !lowest_passed;
        assert_true(passed >= 1);
        for (int r = 1; r <= passed; r++)
            assert_true(rank_seen[r]);
        assert_non_null(winner);
        /* ranking among passing bidders: by offer, except Seleksi (by technical score) */
        cJSON_ArrayForEach(b, arr(c, "bidders"))
        {
            if (strcmp(str(b, "status"), "lulus") != 0 || b == winner)
                continue;
            if (strcmp(method, "Seleksi") == 0)
                assert_true(num(b, "technical_score") < num(winner, "technical_score"));
            else
                assert_true(integer(b, "offer") > integer(winner, "offer"));
        }
        const cJSON *pw = obj(c, "proposed_winner");
        assert_string_equal(str(pw, "name"), str(winner, "name"));
        long long offer = integer(pw, "offer");
        assert_true(offer == integer(winner, "offer"));
        assert_true(offer <= hps);
        assert_true(integer(c, "savings") == hps - offer);
        assert_pct(num(c, "savings_pct"), (double)(hps - offer), (double)hps);
        text(c, "pokja");
        assert_true(is_date(str(c, "evaluation_date")));
        char buf[64];
        rupiah(buf, sizeof buf, offer);
        assert_non_null(strstr(page_body(it, 0), buf));
    }
    assert_true(lowest_offer_failed); /* some tender shows why the cheapest is not the winner */
}

/* ---- spj --------------------------------------------------------------------------------- */

static void test_spj(void **state)
{
    const cJSON *it;
    bool some_missing = false;
    FOR_TYPE(it, state, "spj")
    {
        const cJSON *c = obj(it, "content"), *x;
        text(c, "spj_number");
        text(c, "agency");
        text(c, "period");
        text(c, "budget_code");
        long long amount = integer(c, "amount"), sum = 0;
        cJSON_ArrayForEach(x, arr(c, "items"))
        {
            text(x, "description");
            long long a = integer(x, "amount");
            assert_true(a > 0);
            sum += a;
        }
        assert_true(sum == amount);
        int docs = 0;
        cJSON_ArrayForEach(x, arr(c, "checklist"))
        {
            docs++;
            text(x, "document");
            const cJSON *p = get(x, "present");
            assert_true(cJSON_IsBool(p));
            const char *note = str(x, "note");
            if (cJSON_IsFalse(p)) {
                some_missing = true;
                assert_true(note[0] != '\0'); /* says what is missing */
            }
        }
        assert_true(docs >= 4);
        char buf[64];
        rupiah(buf, sizeof buf, amount);
        assert_non_null(strstr(page_body(it, 0), buf));
    }
    assert_true(some_missing);
}

/* ---- budget_summary ---------------------------------------------------------------------- */

static long long rows_sum(const cJSON *rows)
{
    const cJSON *r;
    long long s = 0;
    cJSON_ArrayForEach(r, rows)
    {
        text(r, "code");
        text(r, "name");
        s += integer(r, "amount");
    }
    return s;
}

static void test_budget(void **state)
{
    const cJSON *it;
    int n = 0;
    FOR_TYPE(it, state, "budget_summary")
    {
        n++;
        const cJSON *c = obj(it, "content"), *t = obj(c, "totals");
        assert_int_equal(integer(c, "fiscal_year"), 2021);
        assert_string_equal(str(c, "stage"), "RAPBD");
        long long pend = integer(t, "pendapatan"), bel = integer(t, "belanja");
        long long in = integer(t, "pembiayaan_penerimaan"),
                  out = integer(t, "pembiayaan_pengeluaran");
        assert_true(integer(t, "pembiayaan_netto") == in - out);
        assert_true(integer(t, "surplus_defisit") == pend - bel);
        assert_true(rows_sum(arr(c, "pendapatan_rows")) == pend);
        assert_true(rows_sum(arr(c, "belanja_by_urusan")) == bel);
        assert_true(cJSON_GetArraySize(arr(c, "programs")) >= 3);
        rows_sum(arr(c, "programs"));
        /* a draft budget balances: the deficit is covered exactly by net financing */
        assert_true((pend - bel) + (in - out) == 0);
    }
    assert_true(n >= 1);
}

/* ---- letters ----------------------------------------------------------------------------- */

static void test_letters(void **state)
{
    static const char *const classes[] = {"biasa", "terbatas", "rahasia", NULL};
    const cJSON *it;
    FOR_TYPE(it, state, "letter_in")
    {
        const cJSON *c = obj(it, "content");
        text(c, "agenda_number");
        text(c, "sender");
        text(c, "sender_address");
        text(c, "letter_number");
        text(c, "subject");
        text(c, "attachments_note");
        const char *ld = str(c, "letter_date"), *rd = str(c, "received_date");
        assert_true(is_date(ld) && is_date(rd));
        assert_true(strcmp(ld, rd) <= 0);
        assert_true(strncmp(rd, str(it, "received_at"), 10) <= 0);
        assert_true(one_of(str(c, "classification"), classes));
        assert_string_equal(str(c, "nature"), str(it, "urgency"));
        assert_non_null(strstr(page_body(it, 0), str(c, "letter_number")));
    }
    const cJSON *officials = arr(*state, "officials");
    static const char *const signers[] = {"sekda", "asisten-1", "karo-hukum", NULL};
    int by_signer[3] = {0};
    FOR_TYPE(it, state, "letter_out")
    {
        const cJSON *c = obj(it, "content"), *x;
        text(c, "draft_number");
        text(c, "recipient");
        text(c, "subject");
        text(c, "document_title");
        assert_true(one_of(str(c, "classification"), classes));
        assert_string_equal(str(c, "nature"), str(it, "urgency"));
        const cJSON *d = obj(c, "drafted_by");
        text(d, "name");
        text(d, "title");
        int n = 0;
        const char *prev = "";
        cJSON_ArrayForEach(x, arr(c, "initials"))
        {
            n++;
            text(x, "name");
            text(x, "title");
            const char *at = str(x, "at");
            assert_true(is_time(at));
            assert_true(strcmp(at, prev) >= 0 && strcmp(at, str(it, "received_at")) <= 0);
            prev = at;
        }
        assert_true(n >= 2 && n <= 3);
        const cJSON *s = obj(c, "signer"), *o;
        const char *signer = text(s, "id");
        assert_string_equal(str(it, "assignee"), signer);
        for (int i = 0; signers[i]; i++)
            by_signer[i] += strcmp(signer, signers[i]) == 0;
        bool found = false;
        cJSON_ArrayForEach(o, officials)
        {
            if (strcmp(str(o, "id"), signer) == 0) {
                found = true;
                assert_string_equal(str(s, "name"), str(o, "name"));
                assert_string_equal(str(s, "title"), str(o, "title"));
            }
        }
        if (!found)
            fail_msg("%s: signer %s is not an official", str(it, "id"), signer);
        /* the signature block: the Sekda's own title, or another official's "a.n." the Sekda */
        char want[300];
        snprintf(want, sizeof want, "%s%s,\n",
                 strcmp(signer, "sekda") == 0 ? "" : "a.n. SEKRETARIS DAERAH PROVINSI BALI\n",
                 str(s, "title"));
        const char *sig = str(cJSON_GetArrayItem(arr(it, "pages"), 0), "signature");
        if (!strstr(sig, want) || !strstr(sig, str(s, "name")))
            fail_msg("%s: signature block not by %s:\n%s", str(it, "id"), signer, sig);
    }
    for (int i = 0; signers[i]; i++)
        if (by_signer[i] < 1)
            fail_msg("no letter_out signed by %s", signers[i]);
}

/* ---- officials --------------------------------------------------------------------------- */

static void test_officials(void **state)
{
    static const char *const tte[] = {"registered", "not_registered", "expired", NULL};
    const cJSON *o;
    int n = 0, targets = 0, st[3] = {0};
    const char *ids[32];
    cJSON_ArrayForEach(o, arr(*state, "officials"))
    {
        const char *id = text(o, "id");
        assert_true(is_id(id));
        for (int i = 0; i < n; i++)
            assert_string_not_equal(ids[i], id);
        assert_true(n < 32);
        ids[n++] = id;
        const char *nip = str(o, "nip");
        assert_int_equal(strlen(nip), 18);
        assert_true(digits(nip, 18));
        assert_true(nip[14] == '1' || nip[14] == '2');               /* sex digit */
        assert_true(val(nip, 4) >= 1950 && val(nip + 8, 4) >= 1975); /* born, entered service */
        text(o, "name");
        text(o, "title");
        text(o, "unit");
        const cJSON *dv = get(o, "disposisi");
        assert_true(cJSON_IsBool(dv));
        targets += cJSON_IsTrue(dv);
        const cJSON *t = obj(o, "tte");
        const char *s = str(t, "status");
        assert_true(one_of(s, tte));
        for (int i = 0; i < 3; i++)
            st[i] += strcmp(s, tte[i]) == 0;
        text(t, "passphrase");
        if (strcmp(id, "sekda") == 0) {
            assert_string_equal(s, "registered");
            assert_string_equal(str(t, "passphrase"), "Paraf#Bali2020");
            assert_true(cJSON_IsFalse(dv));
        }
        if (strcmp(id, "asisten-1") == 0)
            assert_string_equal(s, "not_registered");
        if (strcmp(id, "karo-hukum") == 0)
            assert_string_equal(s, "expired");
        if (strncmp(id, "petugas-", 8) == 0) {
            assert_true(cJSON_IsFalse(dv));
            assert_string_equal(s, "not_registered");
        }
    }
    assert_true(n >= 9);
    assert_true(targets >= 8);
    assert_true(st[0] >= 1 && st[1] >= 1 && st[2] >= 1);
}

/* ---- service board ----------------------------------------------------------------------- */

static void test_services(void **state)
{
    static const char *const statuses[] = {"buka", "tutup", "kuota_penuh", "gangguan", NULL};
    const cJSON *s;
    int n = 0, seen[4] = {0};
    cJSON_ArrayForEach(s, arr(*state, "services"))
    {
        n++;
        assert_true(is_id(text(s, "id")));
        text(s, "name");
        text(s, "agency");
        const cJSON *nb = cJSON_GetObjectItemCaseSensitive(s, "name_bali");
        if (nb)
            assert_balinese(nb->valuestring ? nb->valuestring : "");
        const char *status = str(s, "status");
        assert_true(one_of(status, statuses));
        for (int i = 0; i < 4; i++)
            seen[i] += strcmp(status, statuses[i]) == 0;
        text(s, "status_message");
        long long quota = integer(s, "quota_daily"), rem = integer(s, "quota_remaining");
        long long waiting = integer(s, "waiting"), served = integer(s, "served_today");
        assert_true(quota > 0 && rem >= 0 && rem <= quota && waiting >= 0 && served >= 0);
        assert_true(integer(s, "est_wait_min") >= 0);
        const cJSON *ns = get(s, "now_serving"), *counter = get(s, "counter");
        bool serving = cJSON_IsString(ns);
        assert_true(serving || cJSON_IsNull(ns));
        assert_int_equal(cJSON_IsString(counter), serving);
        /* every ticket issued today is served, waiting, or at a counter now */
        assert_true(quota - rem == served + waiting + (serving ? 1 : 0));
        if (serving) {
            /* tickets are numbered from 1: the one at the counter follows those served */
            char want[32];
            snprintf(want, sizeof want, "%c-%03lld", ns->valuestring[0], served + 1);
            assert_string_equal(ns->valuestring, want);
            assert_true(strncmp(counter->valuestring, "Loket ", 6) == 0);
        }
        if (strcmp(status, "kuota_penuh") == 0)
            assert_true(rem == 0);
        if (strcmp(status, "tutup") == 0)
            assert_true(!serving && waiting == 0);
        if (waiting == 0)
            assert_int_equal(integer(s, "est_wait_min"), 0);
        const cJSON *h;
        int prev_day = 0;
        cJSON_ArrayForEach(h, arr(s, "hours"))
        {
            int day = (int)integer(h, "day");
            assert_true(day > prev_day && day <= 7);
            prev_day = day;
            const char *open = str(h, "open"), *close = str(h, "close");
            assert_true(is_hhmm(open) && is_hhmm(close) && strcmp(open, close) < 0);
        }
        assert_true(prev_day > 0);
        const cJSON *d;
        cJSON_ArrayForEach(d, arr(s, "holidays")) assert_true(is_date(d->valuestring));
    }
    assert_true(n >= 9);
    for (int i = 0; i < 4; i++)
        if (!seen[i])
            fail_msg("no service with status %s", statuses[i]);
}

static void test_announcements(void **state)
{
    static const char *const prio[] = {"info", "penting", NULL};
    const cJSON *a;
    int n = 0, active = 0;
    cJSON_ArrayForEach(a, arr(*state, "announcements"))
    {
        n++;
        assert_true(is_id(text(a, "id")));
        text(a, "text");
        const char *from = str(a, "from"), *until = str(a, "until");
        assert_true(is_time(from) && is_time(until) && strcmp(from, until) < 0);
        assert_true(one_of(str(a, "priority"), prio));
        active += strcmp(from, NOW) <= 0 && strcmp(NOW, until) < 0;
    }
    assert_true(n >= 4);
    assert_true(active >= 2);
}

static void test_assignments(void **state)
{
    static const char *const kinds[] = {"text", "number", "choice",   "multi", "yesno",
                                        "date", "photo",  "location", NULL};
    const cJSON *a, *o;
    int n = 0;
    cJSON_ArrayForEach(a, arr(*state, "assignments"))
    {
        n++;
        assert_true(is_id(text(a, "id")));
        text(a, "title");
        const cJSON *ag = obj(a, "agency");
        text(ag, "code");
        text(ag, "name");
        const char *who = str(a, "assignee");
        bool known = false;
        cJSON_ArrayForEach(o, arr(*state, "officials"))
        {
            if (strcmp(str(o, "id"), who) == 0)
                known = cJSON_IsFalse(get(o, "disposisi"));
        }
        assert_true(known);
        const cJSON *loc = obj(a, "location");
        text(loc, "name");
        text(loc, "address");
        double lat = num(loc, "lat"), lon = num(loc, "lon");
        if (lat < -8.9 || lat > -8.05 || lon < 114.4 || lon > 115.75)
            fail_msg("%s: %f,%f is not in Bali", str(a, "id"), lat, lon);
        text(a, "instructions");
        const char *due = str(a, "due");
        assert_true(is_time(due) && strcmp(due, NOW) > 0);
        assert_true(strcmp(str(a, "priority"), "normal") == 0 ||
                    strcmp(str(a, "priority"), "tinggi") == 0);
        assert_true(strcmp(str(a, "status"), "baru") == 0 ||
                    strcmp(str(a, "status"), "dikerjakan") == 0);
        const cJSON *f;
        int fields = 0, required = 0;
        cJSON_ArrayForEach(f, arr(a, "form"))
        {
            fields++;
            const char *key = text(f, "key");
            const cJSON *g;
            int same = 0;
            cJSON_ArrayForEach(g, arr(a, "form")) same += strcmp(str(g, "key"), key) == 0;
            assert_int_equal(same, 1);
            text(f, "label");
            const char *kind = str(f, "kind");
            assert_true(one_of(kind, kinds));
            const cJSON *req = get(f, "required");
            assert_true(cJSON_IsBool(req));
            required += cJSON_IsTrue(req);
            const cJSON *choices = cJSON_GetObjectItemCaseSensitive(f, "choices");
            const cJSON *photos = cJSON_GetObjectItemCaseSensitive(f, "min_photos");
            assert_int_equal(choices != NULL,
                             strcmp(kind, "choice") == 0 || strcmp(kind, "multi") == 0);
            assert_int_equal(photos != NULL, strcmp(kind, "photo") == 0);
            if (choices)
                assert_true(cJSON_GetArraySize(arr(f, "choices")) >= 2);
            if (photos)
                assert_true(integer(f, "min_photos") >= 1);
        }
        assert_true(fields >= 3 && required >= 2);
        char why[200] = "";
        if (!hub_form_check(arr(a, "form"), why, sizeof why))
            fail_msg("%s: %s", str(a, "id"), why);
    }
    assert_true(n >= 6);
}

/* ---- serialisation and allocation failure ------------------------------------------------ */

static void test_roundtrip(void **state)
{
    char *s = cJSON_PrintUnformatted(*state);
    assert_non_null(s);
    cJSON *back = cJSON_Parse(s);
    assert_non_null(back);
    assert_true(cJSON_Compare(*state, back, true));
    cJSON_Delete(back);
    /* deterministic: a second build is identical */
    cJSON *again = demo_dataset_create();
    assert_non_null(again);
    assert_true(cJSON_Compare(*state, again, true));
    cJSON_Delete(again);
    free(s);
}

/* cJSON allocations through hooks: counted, live blocks tracked, one chosen index fails. */
static long alloc_count, alloc_live, alloc_fail_at = -1;

static void *counting_malloc(size_t n)
{
    if (alloc_count++ == alloc_fail_at)
        return NULL;
    void *p = malloc(n);
    alloc_live += p != NULL;
    return p;
}

static void counting_free(void *p)
{
    alloc_live -= p != NULL;
    free(p);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    cJSON_Hooks hooks = {counting_malloc, counting_free};
    cJSON_InitHooks(&hooks);
    alloc_count = 0;
    alloc_live = 0;
    alloc_fail_at = -1;
    cJSON *d = demo_dataset_create();
    long total = alloc_count;
    cJSON_Delete(d);
    bool ok = d != NULL && alloc_live == 0 && total > 100;
    /* fail the first allocations, then a spread through the whole build, then the last one */
    for (long k = 0; ok && k < total; k += k < 64 ? 1 : 13) {
        alloc_count = 0;
        alloc_fail_at = k;
        d = demo_dataset_create();
        if (d) {
            cJSON_Delete(d);
            ok = false;
            fprintf(stderr, "allocation %ld of %ld failed but the data set was returned\n", k,
                    total);
        }
        if (alloc_live != 0) {
            ok = false;
            fprintf(stderr, "allocation %ld failed: %ld blocks leaked\n", k, alloc_live);
        }
    }
    alloc_count = 0;
    alloc_fail_at = total - 1;
    d = demo_dataset_create();
    ok = ok && d == NULL && alloc_live == 0;
    cJSON_Delete(d);
    cJSON_InitHooks(NULL);
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_top_level),     cmocka_unit_test(test_items_common),
        cmocka_unit_test(test_revenue),       cmocka_unit_test(test_audit),
        cmocka_unit_test(test_procurement),   cmocka_unit_test(test_spj),
        cmocka_unit_test(test_budget),        cmocka_unit_test(test_letters),
        cmocka_unit_test(test_officials),     cmocka_unit_test(test_services),
        cmocka_unit_test(test_announcements), cmocka_unit_test(test_assignments),
        cmocka_unit_test(test_roundtrip),     cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
