/* Hub fault injection over real HTTPS: each option (latency, drop, 5xx, malformed, truncated)
 * does what it says, only on the chosen paths, and the hub keeps serving afterwards. */
#include "hubtest.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Start a hub with one fault option on /v1/inbox, enrol an approver device. */
static void start(hubtest_hub *h, hubtest_device *d, const char *opt, const char *val)
{
    const char *args[] = {opt, val, "--fault-path", "/v1/inbox", NULL};
    assert_int_equal(hubtest_start(h, args), 0);
    char tok[128];
    assert_int_equal(hubtest_read_token(h->tokens[0], tok, sizeof tok), 0);
    assert_int_equal(hubtest_enroll(h, tok, d), 201); /* enrolment is outside the fault path */
}

static void finish(hubtest_hub *h, hubtest_device *d)
{
    /* Other paths are untouched, and the hub still answers. */
    hubtest_resp r = hubtest_request(h, d, "GET", "/v1/devices/config", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    hubtest_resp_free(&r);
    hubtest_device_free(d);
    assert_int_equal(hubtest_stop(h), 0);
    hubtest_destroy(h);
}

static void test_latency(void **state)
{
    (void)state;
    hubtest_hub h;
    hubtest_device d;
    start(&h, &d, "--fault-latency", "700:1");
    hubtest_resp r = hubtest_request(&h, &d, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    assert_true(r.seconds >= 0.7);
    hubtest_resp_free(&r);
    r = hubtest_request(&h, &d, "GET", "/v1/devices/config", NULL, NULL, 0);
    assert_true(r.seconds < 0.7);
    hubtest_resp_free(&r);
    finish(&h, &d);
}

static void test_drop(void **state)
{
    (void)state;
    hubtest_hub h;
    hubtest_device d;
    start(&h, &d, "--fault-drop", "1");
    hubtest_resp r = hubtest_request(&h, &d, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 0);
    assert_true(r.curl_code == CURLE_GOT_NOTHING || r.curl_code == CURLE_RECV_ERROR);
    hubtest_resp_free(&r);
    finish(&h, &d);
}

static void test_5xx(void **state)
{
    (void)state;
    hubtest_hub h;
    hubtest_device d;
    start(&h, &d, "--fault-5xx", "1");
    hubtest_resp r = hubtest_request(&h, &d, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 503);
    assert_non_null(strstr(r.body, "\"code\":\"unavailable\""));
    hubtest_resp_free(&r);
    finish(&h, &d);
}

static void test_malformed(void **state)
{
    (void)state;
    hubtest_hub h;
    hubtest_device d;
    start(&h, &d, "--fault-malformed", "1");
    hubtest_resp r = hubtest_request(&h, &d, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_null(j); /* not JSON */
    hubtest_resp_free(&r);
    finish(&h, &d);
}

static void test_truncate(void **state)
{
    (void)state;
    hubtest_hub h;
    hubtest_device d;
    start(&h, &d, "--fault-truncate", "1");
    hubtest_resp r = hubtest_request(&h, &d, "GET", "/v1/inbox", NULL, NULL, 0);
    assert_int_equal(r.status, 0);
    assert_true(r.curl_code == CURLE_PARTIAL_FILE || r.curl_code == CURLE_RECV_ERROR);
    assert_true(r.len > 0); /* half of the body arrived */
    hubtest_resp_free(&r);
    finish(&h, &d);
}

static void test_probability(void **state)
{
    (void)state;
    hubtest_hub h;
    hubtest_device d;
    const char *args[] = {"--fault-5xx", "0.5", "--fault-seed", "7", "--fault-path",
                          "/v1/inbox",   NULL};
    assert_int_equal(hubtest_start(&h, args), 0);
    char tok[128];
    assert_int_equal(hubtest_read_token(h.tokens[0], tok, sizeof tok), 0);
    assert_int_equal(hubtest_enroll(&h, tok, &d), 201);
    int fails = 0;
    for (int i = 0; i < 60; i++) {
        hubtest_resp r = hubtest_request(&h, &d, "GET", "/v1/inbox", NULL, NULL, 0);
        assert_true(r.status == 200 || r.status == 503);
        fails += r.status == 503;
        hubtest_resp_free(&r);
    }
    /* Binomial(60, 0.5): 10..50 holds with probability > 0.999999. */
    assert_true(fails >= 10 && fails <= 50);
    finish(&h, &d);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latency),  cmocka_unit_test(test_drop),
        cmocka_unit_test(test_5xx),      cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_truncate), cmocka_unit_test(test_probability),
    };
    int r = cmocka_run_group_tests_name("hub_faults", tests, NULL, NULL);
    curl_global_cleanup();
    return r;
}
