/* board_app: see board_app.h. */
#include "board_app.h"

#include <stdlib.h>
#include <string.h>

void board_app_init(board_state *s, lang l, const tz_info *tz, int poll_s, int red_after_s,
                    int heartbeat_s)
{
    memset(s, 0, sizeof *s);
    s->lang = l;
    if (tz)
        s->tz = *tz;
    s->poll_s = poll_s > 0 ? poll_s : 30;
    s->red_after_s = red_after_s > 0 ? red_after_s : 15 * 60;
    s->heartbeat_s = heartbeat_s > 0 ? heartbeat_s : 300;
    s->detail = -1;
    s->net = NET_OK;
    s->dirty = true;
}

void board_app_deinit(board_state *s)
{
    free(s->data);
    s->data = NULL;
}

int64_t board_app_wall(const board_state *s)
{
    return s->now_ms / 1000 + s->wall_offset_s;
}

static bool in_night(const board_state *s)
{
    int start = s->night_start_min, end = s->night_end_min;
    if (start == end)
        return false;
    int64_t local = board_app_wall(s) / 60 + s->tz.offset_min;
    int m = (int)(((local % 1440) + 1440) % 1440);
    return start < end ? m >= start && m < end : m >= start || m < end;
}

bool board_app_dark(const board_state *s)
{
    return s->night && s->now_ms >= s->woken_until_ms;
}

static void poll_now(board_state *s, app_out *out)
{
    if (s->polling)
        return;
    if (app_out_push(out, CMD_FETCH_BOARD)) {
        s->polling = true;
        s->polls++;
    }
    s->next_poll_ms = s->now_ms + (int64_t)s->poll_s * 1000;
}

static void close_overlays(board_state *s)
{
    s->detail = -1;
    s->admin = s->admin_info = s->pin_pad = false;
    memset(s->pin, 0, sizeof s->pin);
    s->pin_len = 0;
}

/* Constant time over the entered length: the PIN is compared without an early exit. */
static bool pin_matches(const board_state *s)
{
    size_t a = strlen(s->admin_pin), b = (size_t)s->pin_len;
    unsigned diff = (unsigned)(a ^ b);
    for (size_t i = 0; i < sizeof s->pin - 1; i++)
        diff |= (unsigned)(unsigned char)(i < a ? s->admin_pin[i] : 0) ^
                (unsigned)(unsigned char)(i < b ? s->pin[i] : 0);
    return a > 0 && diff == 0;
}

static void pin_digit(board_state *s, int d)
{
    if (s->now_ms < s->pin_rest_until_ms || d < 0 || d > 9 || s->pin_len >= (int)sizeof s->pin - 1)
        return;
    s->pin[s->pin_len++] = (char)('0' + d);
    if ((size_t)s->pin_len < strlen(s->admin_pin))
        return;
    bool ok = pin_matches(s);
    memset(s->pin, 0, sizeof s->pin);
    s->pin_len = 0;
    if (ok) {
        s->pin_pad = false;
        s->pin_fails = 0;
        s->admin = true;
        s->admin_until_ms = s->now_ms + BOARD_ADMIN_IDLE_S * 1000;
    } else if (++s->pin_fails >= BOARD_PIN_TRIES) {
        s->pin_fails = 0;
        s->pin_rest_until_ms = s->now_ms + BOARD_PIN_REST_S * 1000;
    }
}

static void on_action(board_state *s, int action, int arg, app_out *out)
{
    if (s->admin)
        s->admin_until_ms = s->now_ms + BOARD_ADMIN_IDLE_S * 1000;
    switch (action) {
    case BOARD_ACT_SERVICE:
        if (s->data && arg >= 0 && arg < s->data->n_services && !s->admin && !s->pin_pad) {
            s->detail = arg;
            s->detail_until_ms = s->now_ms + BOARD_DETAIL_S * 1000;
        }
        break;
    case BOARD_ACT_DETAIL_CLOSE:
        s->detail = -1;
        break;
    case BOARD_ACT_CORNER:
        if (!s->admin_pin[0] || s->admin || s->pin_pad)
            break;
        if (s->corner_taps == 0 || s->now_ms - s->corner_first_ms > BOARD_GESTURE_MS) {
            s->corner_taps = 0;
            s->corner_first_ms = s->now_ms;
        }
        if (++s->corner_taps >= BOARD_GESTURE_TAPS) {
            s->corner_taps = 0;
            s->detail = -1;
            s->pin_pad = true;
            s->admin_until_ms = s->now_ms + BOARD_ADMIN_IDLE_S * 1000;
        }
        break;
    case BOARD_ACT_PIN_DIGIT:
        if (s->pin_pad)
            pin_digit(s, arg);
        break;
    case BOARD_ACT_PIN_BACK:
        if (s->pin_pad && s->pin_len > 0)
            s->pin[--s->pin_len] = '\0';
        break;
    case BOARD_ACT_PIN_CANCEL:
    case BOARD_ACT_ADMIN_CLOSE:
        close_overlays(s);
        break;
    case BOARD_ACT_ADMIN_EXIT:
        if (s->admin)
            s->quit = true;
        break;
    case BOARD_ACT_ADMIN_REFRESH:
        if (s->admin) {
            s->polling = false; /* a stuck poll must not block the operator */
            poll_now(s, out);
        }
        break;
    case BOARD_ACT_ADMIN_INFO:
        if (s->admin)
            s->admin_info = !s->admin_info;
        break;
    default:
        break;
    }
    s->dirty = true;
}

static void on_result(board_state *s, msg_result *r)
{
    if (r->now)
        s->wall_offset_s = r->now - s->now_ms / 1000;
    if (r->kind == RES_BOARD) {
        s->polling = false;
        s->net = r->status;
        if (r->board) { /* fresh from the hub, or the last good data from the cache */
            free(s->data);
            s->data = r->board;
            r->board = NULL;
            if (s->detail >= s->data->n_services)
                s->detail = -1;
        }
        if (r->status == NET_OK)
            s->synced_at = r->synced_at ? r->synced_at : r->now;
        else if (r->cached && r->synced_at > s->synced_at)
            s->synced_at = r->synced_at;
        s->dirty = true;
    } else if (r->kind == RES_HEARTBEAT) {
        s->heartbeats += r->status == NET_OK;
    } else if (r->kind == RES_STARTED || r->kind == RES_ENROLLED) {
        if (r->enrolled) { /* the device can ask now: do not wait a whole interval */
            s->next_poll_ms = 0;
            s->next_heartbeat_ms = 0;
        }
        s->dirty = true;
    }
}

static void on_tick(board_state *s, int64_t now_ms, app_out *out)
{
    int64_t before = s->now_ms;
    s->now_ms = now_ms;
    if (now_ms >= s->next_poll_ms)
        poll_now(s, out);
    if (now_ms >= s->next_heartbeat_ms) {
        msg_cmd *c = app_out_push(out, CMD_HEARTBEAT);
        if (c)
            c->arg = board_app_dark(s) ? 0 : 1;
        s->next_heartbeat_ms = now_ms + (int64_t)s->heartbeat_s * 1000;
    }
    if (s->detail >= 0 && now_ms >= s->detail_until_ms) {
        s->detail = -1;
        s->dirty = true;
    }
    if ((s->admin || s->pin_pad) && now_ms >= s->admin_until_ms) {
        close_overlays(s);
        s->dirty = true;
    }
    bool night = in_night(s);
    if (night != s->night) {
        s->night = night;
        if (night)
            close_overlays(s);
        s->dirty = true;
    }
    /* The clock shows minutes: one frame when the minute turns (and when the wake ends). */
    if (before / 60000 != now_ms / 60000 ||
        (before < s->woken_until_ms && now_ms >= s->woken_until_ms))
        s->dirty = true;
}

void board_app_update(board_state *s, const app_event *e, app_out *out)
{
    switch (e->kind) {
    case EV_TICK:
        on_tick(s, e->now_ms, out);
        break;
    case EV_RESULT:
        if (e->result)
            on_result(s, e->result);
        break;
    case EV_ACTION:
        /* A touch at night wakes the screen and does nothing else, up to its release. */
        if (board_app_dark(s) || s->now_ms < s->swallow_until_ms) {
            s->woken_until_ms = s->now_ms + BOARD_WAKE_S * 1000;
            s->swallow_until_ms = 0;
            s->dirty = true;
            break;
        }
        on_action(s, e->action, e->arg, out);
        break;
    case EV_INPUT:
        if (board_app_dark(s)) {
            s->woken_until_ms = s->now_ms + BOARD_WAKE_S * 1000;
            s->swallow_until_ms = s->now_ms + 2000;
            s->dirty = true;
        }
        break;
    default: /* keys, scrolling and gestures mean nothing on a kiosk */
        break;
    }
}
