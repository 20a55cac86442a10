/* board_app: the lobby board's state machine, driven by events with a fake clock. */
#include "board_app.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* 2020-07-06 01:42:00 UTC = 09.42 WITA, as ms of the board's clock (wall offset 0). */
#define T0 1593999720000LL

static board_state S;
static app_out O;

static void reset_out(void)
{
    for (int i = 0; i < O.n; i++) {
        msg_cmd_free(O.cmds[i]);
        free(O.cmds[i]);
    }
    memset(&O, 0, sizeof O);
}

static int count(msg_cmd_kind k)
{
    int n = 0;
    for (int i = 0; i < O.n; i++)
        n += O.cmds[i]->kind == k;
    return n;
}

static void tick(int64_t ms)
{
    reset_out();
    app_event e = {.kind = EV_TICK, .now_ms = ms};
    board_app_update(&S, &e, &O);
}

static void act(int action, int arg)
{
    reset_out();
    app_event e = {.kind = EV_ACTION, .action = action, .arg = arg};
    board_app_update(&S, &e, &O);
}

static void input(void)
{
    reset_out();
    app_event e = {.kind = EV_INPUT};
    board_app_update(&S, &e, &O);
}

static void board_result(net_status st, int services, int64_t synced_at)
{
    msg_result *r = calloc(1, sizeof *r);
    assert_non_null(r);
    r->kind = RES_BOARD;
    r->status = st;
    r->now = S.now_ms / 1000;
    r->synced_at = synced_at;
    r->cached = st != NET_OK;
    r->board = calloc(1, sizeof *r->board);
    assert_non_null(r->board);
    board_data_init(r->board);
    r->board->n_services = services;
    reset_out();
    app_event e = {.kind = EV_RESULT, .result = r};
    board_app_update(&S, &e, &O);
    msg_result_free(r);
    free(r);
}

static int setup(void **st)
{
    (void)st;
    tz_info wita = {.offset_min = 480, .abbr = "WITA"};
    board_app_init(&S, LANG_ID, &wita, 30, 900, 300);
    strcpy(S.admin_pin, "2468");
    S.night_start_min = 22 * 60;
    S.night_end_min = 6 * 60;
    tick(T0);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    reset_out();
    board_app_deinit(&S);
    return 0;
}

static void test_polls_and_keeps_data(void **st)
{
    (void)st;
    assert_int_equal(count(CMD_FETCH_BOARD), 1); /* at once */
    assert_int_equal(count(CMD_HEARTBEAT), 1);
    tick(T0 + 10000);
    assert_int_equal(count(CMD_FETCH_BOARD), 0); /* one at a time */
    board_result(NET_OK, 11, T0 / 1000);
    assert_non_null(S.data);
    assert_int_equal(S.data->n_services, 11);
    assert_int_equal(S.synced_at, T0 / 1000);
    tick(T0 + 29999);
    assert_int_equal(count(CMD_FETCH_BOARD), 0);
    tick(T0 + 30000);
    assert_int_equal(count(CMD_FETCH_BOARD), 1);
    /* Offline: the worker's cached board; the synced time stays that of the last good data. */
    board_result(NET_OFFLINE, 11, T0 / 1000);
    assert_int_equal(S.net, NET_OFFLINE);
    assert_int_equal(S.synced_at, T0 / 1000);
    /* A failure without any board keeps what is shown. */
    msg_result r = {.kind = RES_BOARD, .status = NET_MALFORMED, .now = T0 / 1000 + 31};
    app_event e = {.kind = EV_RESULT, .result = &r};
    reset_out();
    board_app_update(&S, &e, &O);
    assert_non_null(S.data);
    assert_int_equal(S.data->n_services, 11);
}

static void test_detail_closes_itself(void **st)
{
    (void)st;
    board_result(NET_OK, 3, T0 / 1000);
    act(BOARD_ACT_SERVICE, 2);
    assert_int_equal(S.detail, 2);
    tick(T0 + 29999);
    assert_int_equal(S.detail, 2);
    tick(T0 + 30000);
    assert_int_equal(S.detail, -1);
    act(BOARD_ACT_SERVICE, 3); /* out of range: nothing */
    assert_int_equal(S.detail, -1);
}

static void test_admin_gesture_and_pin(void **st)
{
    (void)st;
    for (int i = 0; i < 4; i++)
        act(BOARD_ACT_CORNER, 0);
    assert_false(S.pin_pad);
    tick(T0 + BOARD_GESTURE_MS + 1); /* too slow: the count starts again */
    act(BOARD_ACT_CORNER, 0);
    assert_false(S.pin_pad);
    for (int i = 0; i < 4; i++)
        act(BOARD_ACT_CORNER, 0);
    assert_true(S.pin_pad);
    /* Five wrong PINs: the pad rests; digits are ignored meanwhile. */
    for (int k = 0; k < BOARD_PIN_TRIES; k++)
        for (int d = 0; d < 4; d++)
            act(BOARD_ACT_PIN_DIGIT, 1);
    assert_false(S.admin);
    assert_true(S.pin_rest_until_ms > S.now_ms);
    act(BOARD_ACT_PIN_DIGIT, 2);
    assert_int_equal(S.pin_len, 0);
    tick(S.pin_rest_until_ms); /* the idle pad has closed meanwhile: the gesture again */
    assert_false(S.pin_pad);
    for (int i = 0; i < BOARD_GESTURE_TAPS; i++)
        act(BOARD_ACT_CORNER, 0);
    assert_true(S.pin_pad);
    act(BOARD_ACT_PIN_DIGIT, 2);
    act(BOARD_ACT_PIN_DIGIT, 4);
    act(BOARD_ACT_PIN_DIGIT, 6);
    act(BOARD_ACT_PIN_DIGIT, 8);
    assert_true(S.admin);
    assert_false(S.pin_pad);
    act(BOARD_ACT_ADMIN_REFRESH, 0);
    assert_int_equal(count(CMD_FETCH_BOARD), 1);
    act(BOARD_ACT_ADMIN_EXIT, 0);
    assert_true(S.quit);
}

static void test_no_admin_without_pin(void **st)
{
    (void)st;
    S.admin_pin[0] = '\0';
    for (int i = 0; i < 10; i++)
        act(BOARD_ACT_CORNER, 0);
    assert_false(S.pin_pad);
    act(BOARD_ACT_ADMIN_EXIT, 0); /* not from the board itself */
    assert_false(S.quit);
}

static void test_night(void **st)
{
    (void)st;
    board_result(NET_OK, 3, T0 / 1000);
    assert_false(board_app_dark(&S));
    /* 22.00 WITA = 14.00 UTC */
    int64_t night = T0 + (int64_t)(14 * 60 - 102) * 60000;
    tick(night);
    assert_true(S.night);
    assert_true(board_app_dark(&S));
    /* A touch wakes it and does not act, up to its release. */
    input();
    act(BOARD_ACT_SERVICE, 1);
    assert_false(board_app_dark(&S));
    assert_int_equal(S.detail, -1);
    tick(night + 3000);
    act(BOARD_ACT_SERVICE, 1); /* a later touch acts */
    assert_int_equal(S.detail, 1);
    tick(night + BOARD_WAKE_S * 1000 + 1000);
    assert_true(board_app_dark(&S));
    /* 06.00 WITA: on again. */
    tick(night + 8LL * 3600 * 1000);
    assert_false(S.night);
    assert_false(board_app_dark(&S));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_polls_and_keeps_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_detail_closes_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(test_admin_gesture_and_pin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_admin_without_pin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_night, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
