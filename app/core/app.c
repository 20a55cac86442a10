/* app: the device program's update function: lock and PIN rules, inbox filtering and scrolling
 * with inertia, item detail and attachment loading, the decision dialogs, and what the worker's
 * results change. Time only arrives through events. */
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCROLL_FRICTION 3.0f  /* per second: velocity decays as exp(-friction * t) */
#define SCROLL_STOP     20.0f /* px/s below which inertia stops */

static void secure_clear(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

msg_cmd *app_out_push(app_out *out, msg_cmd_kind kind)
{
    if (out->n >= APP_MAX_CMDS)
        return NULL;
    msg_cmd *c = calloc(1, sizeof *c);
    if (c) {
        c->kind = kind;
        out->cmds[out->n++] = c;
    }
    return c;
}

void app_init(app_state *s, lang l, const tz_info *tz, int idle_lock_s, int poll_interval_s,
              const char *role, int view_w, int view_h)
{
    memset(s, 0, sizeof *s);
    s->lang = l;
    s->tz = *tz;
    s->idle_lock_s = idle_lock_s;
    s->poll_interval_s = poll_interval_s;
    snprintf(s->role, sizeof s->role, "%s", role);
    s->view_w = view_w;
    s->view_h = view_h;
    s->screen = SCREEN_LOCK;
    s->lock = LOCK_CHECKING; /* until the worker says whether a PIN exists */
    s->type_filter = -1;
    s->zoom = 1;
    s->dirty = true;
}

static void item_clear(app_state *s)
{
    doc_free(s->item);
    s->item = NULL;
    s->item_state = LOAD_NONE;
    s->n_pages = 0;
    memset(s->pages, 0, sizeof s->pages);
    s->conflict = false;
    s->n_conflict_changed = 0;
}

/* RES_ITEM with the version the user decided on: remember what changed since. */
static void take_conflict(app_state *s, const msg_result *r)
{
    const char *names[APP_MAX_CHANGED];
    s->conflict = r->before != NULL;
    if (!s->conflict)
        return;
    snprintf(s->conflict_action, sizeof s->conflict_action, "%s", r->before_action);
    snprintf(s->conflict_code, sizeof s->conflict_code, "%s", r->before_code);
    size_t n = doc_changed(doc_root(r->before), doc_root(r->item), names, APP_MAX_CHANGED);
    for (size_t i = 0; i < n; i++)
        snprintf(s->conflict_changed[i], sizeof s->conflict_changed[i], "%s", names[i]);
    s->n_conflict_changed = (int)n;
}

void app_deinit(app_state *s)
{
    inbox_list_free(&s->inbox);
    free(s->visible);
    item_clear(s);
    free(s->officials);
    free(s->outbox);
    secure_clear(s->passphrase, sizeof s->passphrase);
    secure_clear(s->pin, sizeof s->pin);
    secure_clear(s->pin_first, sizeof s->pin_first);
}

int64_t app_wall(const app_state *s)
{
    return s->now_ms / 1000 + s->wall_offset_s;
}

bool app_animating(const app_state *s)
{
    /* Only motion needs frames at display rate. Waits show static progress text and change
     * when a result arrives; the lockout countdown changes once a second (on_tick). */
    return s->scroll_v != 0;
}

size_t app_item_actions(const app_state *s, const char *out[8])
{
    const doc_node *acts = doc_get(doc_root(s->item), "actions");
    size_t n = 0;
    for (size_t i = 0; i < doc_len(acts) && n < 8; i++) {
        const doc_node *a = doc_at(acts, i);
        if (a && a->kind == DOC_STR && wire_action_valid(a->str))
            out[n++] = a->str;
    }
    return n;
}

/* ---- inbox ---------------------------------------------------------------------------------- */

int app_group_of(item_type t)
{
    switch (t) {
    case ITEM_LETTER_IN:
        return APP_GROUP_LETTER_IN;
    case ITEM_LETTER_OUT:
        return APP_GROUP_LETTER_OUT;
    case ITEM_SPJ:
        return APP_GROUP_SPJ;
    case ITEM_PROCUREMENT:
        return APP_GROUP_PROCUREMENT;
    default:
        return APP_GROUP_REPORTS;
    }
}

static void inbox_filter(app_state *s)
{
    memset(s->counts, 0, sizeof s->counts);
    if (s->cap_visible < s->inbox.count) {
        size_t *v = realloc(s->visible, s->inbox.count * sizeof *v);
        if (!v)
            return;
        s->visible = v;
        s->cap_visible = s->inbox.count;
    }
    s->n_visible = 0;
    for (size_t i = 0; i < s->inbox.count; i++) {
        const inbox_row *r = &s->inbox.rows[i];
        if (!s->filter_all && !r->needs_action)
            continue;
        int g = app_group_of(r->type);
        s->counts[g]++;
        if (s->type_filter >= 0 && g != s->type_filter)
            continue;
        s->visible[s->n_visible++] = i;
    }
    s->scroll_max = 0; /* the UI sets it from the layout */
    s->dirty = true;
}

static void request_inbox(app_state *s, app_out *out)
{
    if (s->inbox_loading || !s->started)
        return;
    if (app_out_push(out, CMD_FETCH_INBOX)) {
        s->inbox_loading = true;
        s->last_poll_ms = s->now_ms;
        s->dirty = true;
    }
}

static void clamp_scroll(float *v, float max)
{
    if (*v > max)
        *v = max;
    if (*v < 0)
        *v = 0;
}

/* ---- lock ----------------------------------------------------------------------------------- */

static void lock_now(app_state *s, int why)
{
    s->screen = SCREEN_LOCK;
    s->lock = s->pin_exists ? LOCK_ENTER : LOCK_SETUP;
    s->lock_message = why;
    s->dialog = DLG_NONE;
    s->keyboard = false;
    secure_clear(s->pin, sizeof s->pin);
    secure_clear(s->passphrase, sizeof s->passphrase);
    s->dirty = true;
}

static int64_t lockout_ms(int failures)
{
    /* 30 s after the 5th wrong PIN, doubling each time after that, at most an hour. */
    int extra = failures - APP_PIN_TRIES;
    int64_t ms = 30000;
    for (int i = 0; i < extra && ms < 3600000; i++)
        ms *= 2;
    return ms > 3600000 ? 3600000 : ms;
}

static void pin_complete(app_state *s, app_out *out)
{
    if (s->lock == LOCK_SETUP) {
        memcpy(s->pin_first, s->pin, sizeof s->pin);
        secure_clear(s->pin, sizeof s->pin);
        s->lock = LOCK_CONFIRM;
        s->lock_message = LOCKMSG_NONE;
        return;
    }
    if (s->lock == LOCK_CONFIRM) {
        if (strcmp(s->pin, s->pin_first) != 0) {
            s->lock = LOCK_SETUP;
            s->lock_message = LOCKMSG_MISMATCH;
        } else {
            msg_cmd *c = app_out_push(out, CMD_PIN_SET);
            if (c) {
                memcpy(c->text, s->pin, sizeof s->pin);
                s->lock = LOCK_CHECKING;
            }
        }
        secure_clear(s->pin, sizeof s->pin);
        secure_clear(s->pin_first, sizeof s->pin_first);
        return;
    }
    msg_cmd *c = app_out_push(out, CMD_PIN_CHECK);
    if (c) {
        memcpy(c->text, s->pin, sizeof s->pin);
        c->arg = s->dialog == DLG_PIN ? PIN_FOR_DECISION : PIN_FOR_UNLOCK;
        if (c->arg == PIN_FOR_UNLOCK)
            s->lock = LOCK_CHECKING;
    }
    secure_clear(s->pin, sizeof s->pin);
}

static void pin_digit(app_state *s, int d, app_out *out)
{
    bool in_lock = s->screen == SCREEN_LOCK && s->lock != LOCK_CHECKING;
    bool in_dialog = s->dialog == DLG_PIN;
    if ((!in_lock && !in_dialog) || s->locked_until_ms > s->now_ms)
        return;
    size_t n = strlen(s->pin);
    if (n >= APP_PIN_LEN || d < 0 || d > 9)
        return;
    s->pin[n] = (char)('0' + d);
    s->pin[n + 1] = '\0';
    if (n + 1 == APP_PIN_LEN)
        pin_complete(s, out);
}

/* ---- detail and decisions ---------------------------------------------------------------------
 */

/* Asks for the open item again (its state: busy). */
static void refetch_item(app_state *s, app_out *out)
{
    msg_cmd *c = app_out_push(out, CMD_FETCH_ITEM);
    if (c) {
        memcpy(c->id, s->item_id, sizeof c->id);
        s->item_state = LOAD_BUSY;
        s->item_retry_ms = 0;
        s->dirty = true;
    }
}

/* A failed item is fetched again by itself after 2, 4, 8, 16, then every 30 s while it is open,
 * when the failure may pass (the hub unreachable, slow, failing or garbled). */
static void schedule_item_retry(app_state *s)
{
    bool transient = s->item_status == NET_OFFLINE || s->item_status == NET_TIMEOUT ||
                     s->item_status == NET_SERVER || s->item_status == NET_MALFORMED;
    if (!transient) {
        s->item_retry_ms = 0;
        return;
    }
    int n = s->item_retries < 5 ? s->item_retries : 5;
    int64_t delay = (int64_t)2000 << n;
    s->item_retry_ms = s->now_ms + (delay < 30000 ? delay : 30000);
    s->item_retries++;
}

static void open_item(app_state *s, const char *id, app_out *out)
{
    item_clear(s);
    snprintf(s->item_id, sizeof s->item_id, "%s", id);
    s->screen = SCREEN_DETAIL;
    s->detail_scroll = 0;
    s->scroll_v = 0;
    s->item_retries = 0;
    s->item_retry_ms = 0;
    msg_cmd *c = app_out_push(out, CMD_FETCH_ITEM);
    if (c) {
        memcpy(c->id, id, sizeof c->id);
        s->item_state = LOAD_BUSY;
    }
}

static void request_page(app_state *s, int i, app_out *out)
{
    if (i < 0 || i >= s->n_pages || s->pages[i].state == LOAD_BUSY || s->pages[i].state == LOAD_OK)
        return;
    msg_cmd *c = app_out_push(out, CMD_FETCH_ATTACHMENT);
    if (c) {
        memcpy(c->id, s->item_id, sizeof c->id);
        c->arg = i + 1;
        s->pages[i].state = LOAD_BUSY;
    }
}

static void start_decision(app_state *s, const char *action, app_out *out)
{
    snprintf(s->action, sizeof s->action, "%s", action);
    s->note[0] = '\0';
    secure_clear(s->passphrase, sizeof s->passphrase);
    memset(s->recipient_on, 0, sizeof s->recipient_on);
    memset(s->instruction_on, 0, sizeof s->instruction_on);
    s->dialog_error = DLGERR_NONE;
    s->keyboard = false;
    s->shift = false;
    if (strcmp(action, "forward") == 0) {
        s->dialog = DLG_FORWARD;
        s->field = FIELD_NOTE;
        if (!s->officials && !s->officials_loading && app_out_push(out, CMD_FETCH_OFFICIALS))
            s->officials_loading = true;
    } else if (strcmp(action, "sign") == 0) {
        s->dialog = DLG_SIGN;
        s->field = FIELD_PASSPHRASE;
        s->keyboard = true;
    } else {
        s->dialog = DLG_DECIDE;
        s->field = FIELD_NOTE;
        s->keyboard = strcmp(action, "return") == 0 || strcmp(action, "reject") == 0;
    }
}

/* Checks the dialog's fields and builds the draft; then asks for the PIN. */
static void submit_dialog(app_state *s)
{
    wire_decision *d = &s->draft;
    memset(d, 0, sizeof *d);
    snprintf(d->item_id, sizeof d->item_id, "%s", s->item_id);
    d->item_version = s->item_version;
    memcpy(d->content_sha256, s->item_sha, sizeof d->content_sha256);
    snprintf(d->action, sizeof d->action, "%s", s->action);
    snprintf(d->note, sizeof d->note, "%s", s->note);
    snprintf(d->signer, sizeof d->signer, "%s", s->user_id);
    snprintf(d->role, sizeof d->role, "%s", s->role);
    bool needs_note = strcmp(s->action, "return") == 0 || strcmp(s->action, "reject") == 0;
    s->dialog_error = DLGERR_NONE;
    if (needs_note && !s->note[0])
        s->dialog_error = DLGERR_NOTE_REQUIRED;
    if (s->dialog == DLG_FORWARD) {
        for (size_t i = 0; i < s->n_officials && i < 64; i++)
            if (s->recipient_on[i] && d->n_recipients < WIRE_RECIPIENTS_MAX)
                snprintf(d->recipients[d->n_recipients++], sizeof d->recipients[0], "%s",
                         s->officials[i].id);
        size_t n;
        const wire_label *ins = wire_instructions(&n);
        for (size_t i = 0; i < n && i < WIRE_INSTR_MAX; i++)
            if (s->instruction_on[i])
                snprintf(d->instructions[d->n_instructions++], sizeof d->instructions[0], "%s",
                         ins[i].code);
        if (!d->n_recipients)
            s->dialog_error = DLGERR_PICK_RECIPIENT;
        else if (!d->n_instructions)
            s->dialog_error = DLGERR_PICK_INSTRUCTION;
    }
    if (s->dialog == DLG_SIGN && !s->passphrase[0])
        s->dialog_error = DLGERR_PASSPHRASE_REQUIRED;
    if (s->dialog_error)
        return;
    s->dialog = DLG_PIN;
    s->keyboard = false;
    secure_clear(s->pin, sizeof s->pin);
}

/* The decision takes the platform's fresh UUID; the platform supplies the next one. */
static void take_decision_id(app_state *s)
{
    memcpy(s->draft.decision_id, s->next_decision_id, sizeof s->draft.decision_id);
    s->next_decision_id[0] = '\0';
}

static void send_decision(app_state *s, app_out *out)
{
    bool sign = strcmp(s->draft.action, "sign") == 0;
    msg_cmd *c = app_out_push(out, sign ? CMD_SIGN_LETTER : CMD_DECIDE);
    if (!c)
        return;
    take_decision_id(s);
    c->decision = s->draft;
    if (sign) {
        snprintf(c->text, sizeof c->text, "%s", s->passphrase);
        secure_clear(s->passphrase, sizeof s->passphrase);
    }
    memcpy(c->id, s->item_id, sizeof c->id);
    if (s->item) /* the outbox shows what was decided by the title the user saw */
        fmt_copy_utf8(c->title, sizeof c->title, doc_str(doc_root(s->item), "title", ""));
    s->dialog = DLG_SENDING;
    s->decision = DECISION_RETRYING;
    s->decision_known = false;
    s->decision_done = false;
    s->decision_code[0] = '\0';
}

/* ---- text fields ---------------------------------------------------------------------------- */

static char *field_buf(app_state *s, size_t *cap)
{
    if (s->field == FIELD_PASSPHRASE) {
        *cap = sizeof s->passphrase;
        return s->passphrase;
    }
    *cap = sizeof s->note;
    return s->note;
}

static bool dialog_has_field(const app_state *s)
{
    return s->dialog == DLG_DECIDE || s->dialog == DLG_FORWARD || s->dialog == DLG_SIGN;
}

static void field_append(app_state *s, const char *text)
{
    if (!dialog_has_field(s))
        return;
    size_t cap, n = strlen(text);
    char *b = field_buf(s, &cap);
    size_t len = strlen(b);
    if (!wire_utf8_valid(text, n) || len + n + 1 > cap)
        return;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 && text[i] != '\n')
            return;
    memcpy(b + len, text, n + 1);
    s->dialog_error = DLGERR_NONE;
}

static void field_backspace(app_state *s)
{
    if (!dialog_has_field(s))
        return;
    size_t cap;
    char *b = field_buf(s, &cap);
    size_t len = strlen(b);
    while (len > 0) { /* remove one UTF-8 character */
        len--;
        if (((unsigned char)b[len] & 0xC0) != 0x80)
            break;
    }
    secure_clear(b + len, cap - len);
}

/* ---- results from the worker ------------------------------------------------------------------
 */

static void on_result(app_state *s, msg_result *r, app_out *out)
{
    if (r->now)
        s->wall_offset_s = r->now - s->now_ms / 1000;
    switch (r->kind) {
    case RES_STARTED:
        s->started = true;
        s->enrolled = r->enrolled;
        s->pin_exists = r->arg == 1;
        fmt_copy_utf8(s->user_id, sizeof s->user_id, r->text);
        if (!r->enrolled) {
            s->net = r->status;
            snprintf(s->net_code, sizeof s->net_code, "%s", r->code);
        }
        if (s->screen == SCREEN_LOCK && s->lock == LOCK_CHECKING)
            s->lock = s->pin_exists ? LOCK_ENTER : LOCK_SETUP;
        break;
    case RES_ENROLLED:
        s->enrolled = true;
        s->net = NET_OK;
        fmt_copy_utf8(s->user_id, sizeof s->user_id, r->text);
        break;
    case RES_PIN_SET:
        if (!r->ok) { /* nothing stored: stay locked and let the user try again */
            s->lock = LOCK_SETUP;
            s->lock_message = LOCKMSG_STORE;
            break;
        }
        s->pin_exists = true;
        s->lock = LOCK_ENTER;
        s->screen = SCREEN_INBOX;
        s->lock_message = LOCKMSG_NONE;
        s->last_input_ms = s->now_ms;
        request_inbox(s, out);
        break;
    case RES_PIN_RESULT:
        if (r->ok) {
            s->pin_failures = 0;
            if (r->arg == PIN_FOR_DECISION && s->dialog == DLG_PIN) {
                send_decision(s, out);
            } else if (r->arg == PIN_FOR_UNLOCK) {
                s->screen = s->item ? SCREEN_DETAIL : SCREEN_INBOX;
                if (!s->item)
                    s->screen = SCREEN_INBOX;
                s->lock_message = LOCKMSG_NONE;
                s->last_input_ms = s->now_ms;
                request_inbox(s, out);
            }
        } else {
            /* The store counts failures across restarts; trust the larger count. */
            long stored = r->code[0] ? strtol(r->code, NULL, 10) : 0;
            s->pin_failures = stored > s->pin_failures ? (int)stored : s->pin_failures + 1;
            if (s->pin_failures >= APP_PIN_TRIES) {
                s->locked_until_ms = s->now_ms + lockout_ms(s->pin_failures);
                if (r->arg == PIN_FOR_DECISION)
                    lock_now(s, LOCKMSG_LOCKED);
                s->lock_message = LOCKMSG_LOCKED;
            } else {
                s->lock_message = LOCKMSG_WRONG;
            }
            if (r->arg == PIN_FOR_DECISION && s->dialog == DLG_PIN)
                s->dialog_error = DLGERR_PIN_WRONG;
        }
        if (r->arg == PIN_FOR_UNLOCK && s->screen == SCREEN_LOCK)
            s->lock = LOCK_ENTER;
        break;
    case RES_INBOX:
        s->inbox_loading = false;
        s->net = r->status;
        snprintf(s->net_code, sizeof s->net_code, "%s", r->code);
        if ((r->status == NET_OK && !r->not_modified) || (r->cached && r->inbox.rows)) {
            inbox_list_free(&s->inbox);
            s->inbox = r->inbox;
            memset(&r->inbox, 0, sizeof r->inbox);
            inbox_filter(s);
        }
        if (r->cached) { /* the last good copy: say when it was fetched */
            if (s->inbox.rows) {
                s->inbox_cached = true;
                s->inbox.synced_at = r->synced_at;
            }
        } else if (r->status == NET_OK) {
            s->inbox.synced_at = r->now;
            s->inbox_cached = false;
        }
        break;
    case RES_ITEM:
        if (strcmp(r->id, s->item_id) != 0)
            break;
        s->item_status = r->status;
        if (!r->item) { /* neither from the hub nor from the cache */
            s->item_state = LOAD_FAILED;
            schedule_item_retry(s);
            break;
        }
        s->item_retry_ms = 0;
        s->item_cached = r->cached;
        take_conflict(s, r);
        doc_free(s->item);
        s->item = r->item;
        r->item = NULL;
        s->item_version = r->version;
        memcpy(s->item_sha, r->content_sha256, sizeof s->item_sha);
        s->item_state = LOAD_OK;
        s->n_pages = (int)doc_len(doc_get(doc_root(s->item), "attachments"));
        if (s->n_pages > APP_MAX_PAGES)
            s->n_pages = APP_MAX_PAGES;
        for (int i = 0; i < s->n_pages && i < 2; i++)
            request_page(s, i, out);
        break;
    case RES_ATTACHMENT:
        if (strcmp(r->id, s->item_id) != 0 || r->arg < 1 || r->arg > s->n_pages)
            break;
        {
            app_page *p = &s->pages[r->arg - 1];
            p->status = r->status;
            p->state = r->image_key[0] ? LOAD_OK : LOAD_FAILED; /* from the hub or the cache */
            snprintf(p->key, sizeof p->key, "%s", r->image_key);
            p->w = r->image_w;
            p->h = r->image_h;
        }
        break;
    case RES_OFFICIALS:
        s->officials_loading = false;
        if (r->status == NET_OK) {
            free(s->officials);
            s->officials = r->officials;
            s->n_officials = r->n_officials;
            r->officials = NULL;
        }
        break;
    case RES_DECISION:
        /* Only results about the decision on screen (outbox retries of older ones are not). */
        if (!s->draft.decision_id[0] || strcmp(r->id, s->draft.decision_id) != 0)
            break;
        s->decision_known = true;
        s->decision = r->state;
        snprintf(s->decision_code, sizeof s->decision_code, "%s", r->code);
        s->decision_done = r->state == DECISION_ACCEPTED || r->state == DECISION_REJECTED ||
                           r->state == DECISION_CONFLICT;
        if (r->state == DECISION_ACCEPTED)
            request_inbox(s, out);
        break;
    case RES_BOARD: /* the board profile's (board_app.c) */
    case RES_HEARTBEAT:
    case RES_ASSIGNMENTS: /* the field profile's (field_app.c) */
    case RES_REPORTS:
    case RES_REPORT_SAVED:
    case RES_REPORT:
    case RES_PHOTO_SCAN:
    case RES_PHOTO_THUMB:
    case RES_PHOTO_ADDED:
    case RES_LOCATION:
        break;
    case RES_OUTBOX:
        free(s->outbox);
        s->outbox = r->outbox;
        s->n_outbox = r->n_outbox;
        r->outbox = NULL;
        s->outbox_pending = 0;
        for (size_t i = 0; i < s->n_outbox; i++)
            s->outbox_pending += s->outbox[i].state == DECISION_SAVED ||
                                 s->outbox[i].state == DECISION_RETRYING ||
                                 s->outbox[i].state == DECISION_SENDING;
        break;
    case RES_NET:
        s->net = r->status;
        snprintf(s->net_code, sizeof s->net_code, "%s", r->code);
        break;
    }
    s->dirty = true;
}

/* ---- the update function ----------------------------------------------------------------------
 */

static void on_tick(app_state *s, int64_t now_ms, app_out *out)
{
    int64_t dt = now_ms - s->now_ms;
    s->now_ms = now_ms;
    if (dt <= 0)
        return;
    if (s->scroll_v != 0) {
        float *pos = s->screen == SCREEN_DETAIL ? &s->detail_scroll : &s->scroll;
        float max = s->screen == SCREEN_DETAIL ? s->detail_scroll_max : s->scroll_max;
        float t = (float)dt / 1000.0f;
        *pos += s->scroll_v * t;
        s->scroll_v *= expf(-SCROLL_FRICTION * t);
        if (fabsf(s->scroll_v) < SCROLL_STOP || *pos <= 0 || *pos >= max)
            s->scroll_v = 0;
        clamp_scroll(pos, max);
        s->dirty = true;
    }
    if (s->screen == SCREEN_LOCK && s->locked_until_ms) {
        if (s->locked_until_ms <= now_ms) {
            s->locked_until_ms = 0;
            s->lock_message = LOCKMSG_NONE;
            s->dirty = true;
        } else if ((s->locked_until_ms - now_ms) / 1000 !=
                   (s->locked_until_ms - now_ms + dt) / 1000) {
            s->dirty = true; /* the countdown shows whole seconds */
        }
    }
    if (s->screen == SCREEN_DETAIL && s->item_state == LOAD_FAILED && s->item_retry_ms &&
        now_ms >= s->item_retry_ms)
        refetch_item(s, out);
    if (s->screen != SCREEN_LOCK && s->idle_lock_s > 0 && s->dialog != DLG_SENDING &&
        now_ms - s->last_input_ms >= (int64_t)s->idle_lock_s * 1000)
        lock_now(s, LOCKMSG_IDLE);
    if (s->screen == SCREEN_INBOX && s->poll_interval_s > 0 &&
        now_ms - s->last_poll_ms >= (int64_t)s->poll_interval_s * 1000)
        request_inbox(s, out);
}

static void on_action(app_state *s, int action, int arg, app_out *out)
{
    s->dirty = true;
    switch (action) {
    case ACT_PIN_DIGIT:
        pin_digit(s, arg, out);
        break;
    case ACT_PIN_BACK: {
        size_t n = strlen(s->pin);
        if (n)
            s->pin[n - 1] = '\0';
        break;
    }
    case ACT_FILTER:
        s->filter_all = arg ? 1 : 0;
        s->scroll = 0;
        s->scroll_v = 0;
        inbox_filter(s);
        break;
    case ACT_TYPE_FILTER:
        s->type_filter = arg >= 0 && arg < APP_GROUPS && s->type_filter != arg ? arg : -1;
        s->scroll = 0;
        s->scroll_v = 0;
        inbox_filter(s);
        break;
    case ACT_REFRESH:
    case ACT_RETRY:
        if (s->screen == SCREEN_DETAIL && s->item_state == LOAD_FAILED) {
            refetch_item(s, out);
        } else if (s->screen == SCREEN_VIEWER && s->page < s->n_pages &&
                   s->pages[s->page].state == LOAD_FAILED) {
            s->pages[s->page].state = LOAD_NONE;
            request_page(s, s->page, out);
        } else {
            request_inbox(s, out);
        }
        break;
    case ACT_OPEN_ITEM:
        if (arg >= 0 && (size_t)arg < s->n_visible)
            open_item(s, s->inbox.rows[s->visible[arg]].id, out);
        break;
    case ACT_BACK:
        if (s->dialog != DLG_NONE) {
            on_action(s, ACT_DIALOG_CANCEL, 0, out);
        } else if (s->screen == SCREEN_VIEWER) {
            s->screen = SCREEN_DETAIL;
        } else if (s->screen == SCREEN_OUTBOX) {
            s->screen = SCREEN_INBOX;
        } else if (s->screen == SCREEN_DETAIL) {
            s->screen = SCREEN_INBOX;
            item_clear(s);
            s->item_id[0] = '\0';
        }
        break;
    case ACT_OPEN_PAGE:
        if (arg >= 0 && arg < s->n_pages) {
            s->screen = SCREEN_VIEWER;
            s->page = arg;
            s->zoom = 1;
            s->pan_x = s->pan_y = 0;
            request_page(s, arg, out);
            request_page(s, arg + 1, out);
        }
        break;
    case ACT_PAGE_PREV:
    case ACT_PAGE_NEXT: {
        int p = s->page + (action == ACT_PAGE_NEXT ? 1 : -1);
        if (p >= 0 && p < s->n_pages) {
            s->page = p;
            s->zoom = 1;
            s->pan_x = s->pan_y = 0;
            request_page(s, p, out);
            request_page(s, p + 1, out);
        }
        break;
    }
    case ACT_ZOOM_TOGGLE:
        s->zoom = s->zoom > 1.01f ? 1.0f : 2.5f;
        s->pan_x = s->pan_y = 0;
        break;
    case ACT_DECIDE: {
        const char *acts[8];
        size_t n = app_item_actions(s, acts);
        if (arg >= 0 && (size_t)arg < n && s->item_state == LOAD_OK)
            start_decision(s, acts[arg], out);
        break;
    }
    case ACT_DIALOG_CANCEL:
        /* While sending, the dialog closes only once the decision is safe on the device. */
        if (s->dialog == DLG_SENDING && !s->decision_done && !s->decision_known)
            break;
        s->dialog = DLG_NONE;
        s->keyboard = false;
        secure_clear(s->passphrase, sizeof s->passphrase);
        secure_clear(s->pin, sizeof s->pin);
        break;
    case ACT_DIALOG_SUBMIT:
        if (dialog_has_field(s))
            submit_dialog(s);
        break;
    case ACT_FOCUS_FIELD:
        s->field = arg == FIELD_PASSPHRASE ? FIELD_PASSPHRASE : FIELD_NOTE;
        s->keyboard = true;
        break;
    case ACT_TOGGLE_RECIPIENT:
        if (arg >= 0 && (size_t)arg < s->n_officials && arg < 64) {
            int on = 0;
            for (size_t i = 0; i < s->n_officials && i < 64; i++)
                on += s->recipient_on[i];
            if (s->recipient_on[arg] || on < WIRE_RECIPIENTS_MAX)
                s->recipient_on[arg] = !s->recipient_on[arg];
            s->dialog_error = DLGERR_NONE;
        }
        break;
    case ACT_TOGGLE_INSTRUCTION:
        if (arg >= 0 && arg < WIRE_INSTR_MAX) {
            s->instruction_on[arg] = !s->instruction_on[arg];
            s->dialog_error = DLGERR_NONE;
        }
        break;
    case ACT_KEY_CHAR: {
        char c[2] = {(char)arg, 0};
        if (s->shift && c[0] >= 'a' && c[0] <= 'z')
            c[0] = (char)(c[0] - 'a' + 'A');
        field_append(s, c);
        s->shift = false;
        break;
    }
    case ACT_KEY_SHIFT:
        s->shift = !s->shift;
        break;
    case ACT_KEY_BACKSPACE:
        field_backspace(s);
        break;
    case ACT_KEY_SPACE:
        field_append(s, " ");
        break;
    case ACT_KEY_DONE:
        s->keyboard = false;
        break;
    case ACT_RESULT_OK:
        if (s->dialog == DLG_SENDING && s->decision_done) {
            bool accepted = s->decision == DECISION_ACCEPTED;
            s->dialog = DLG_NONE;
            if (accepted) {
                s->screen = SCREEN_INBOX;
                item_clear(s);
                s->item_id[0] = '\0';
            }
        } else if (s->dialog == DLG_SENDING && s->decision_known) {
            /* Saved on the device and sent in the background: the user may go on. */
            s->dialog = DLG_NONE;
            s->screen = SCREEN_INBOX;
            item_clear(s);
            s->item_id[0] = '\0';
        }
        break;
    case ACT_LOCK_NOW:
        lock_now(s, LOCKMSG_NONE);
        break;
    case ACT_OPEN_OUTBOX:
        s->screen = SCREEN_OUTBOX;
        app_out_push(out, CMD_OUTBOX_LIST);
        break;
    case ACT_OUTBOX_SEND_NOW:
        app_out_push(out, CMD_OUTBOX_SEND_NOW);
        app_out_push(out, CMD_OUTBOX_LIST);
        break;
    case ACT_OUTBOX_OPEN:
        if (arg >= 0 && (size_t)arg < s->n_outbox)
            open_item(s, s->outbox[arg].item_id, out);
        break;
    default:
        break;
    }
}

void app_update(app_state *s, const app_event *e, app_out *out)
{
    switch (e->kind) {
    case EV_TICK:
        on_tick(s, e->now_ms, out);
        break;
    case EV_INPUT:
        s->last_input_ms = s->now_ms;
        break;
    case EV_ACTION:
        s->last_input_ms = s->now_ms;
        on_action(s, e->action, e->arg, out);
        break;
    case EV_KEY:
        s->last_input_ms = s->now_ms;
        s->dirty = true;
        if (e->key == APP_KEY_ESCAPE) {
            on_action(s, ACT_BACK, 0, out);
        } else if (e->key == APP_KEY_BACKSPACE) {
            if (s->screen == SCREEN_LOCK || s->dialog == DLG_PIN)
                on_action(s, ACT_PIN_BACK, 0, out);
            else
                field_backspace(s);
        } else if (e->key == APP_KEY_ENTER) {
            if (dialog_has_field(s) && s->field == FIELD_NOTE && s->dialog != DLG_SIGN)
                field_append(s, "\n");
            else if (dialog_has_field(s))
                submit_dialog(s);
        } else if (e->key == APP_KEY_LEFT && s->screen == SCREEN_VIEWER) {
            on_action(s, ACT_PAGE_PREV, 0, out);
        } else if (e->key == APP_KEY_RIGHT && s->screen == SCREEN_VIEWER) {
            on_action(s, ACT_PAGE_NEXT, 0, out);
        }
        break;
    case EV_TEXT:
        s->last_input_ms = s->now_ms;
        s->dirty = true;
        if (s->screen == SCREEN_LOCK || s->dialog == DLG_PIN) {
            for (const char *c = e->text; *c; c++)
                if (*c >= '0' && *c <= '9')
                    pin_digit(s, *c - '0', out);
        } else {
            field_append(s, e->text);
        }
        break;
    case EV_SCROLL: {
        s->last_input_ms = s->now_ms;
        float *pos = s->screen == SCREEN_DETAIL ? &s->detail_scroll : &s->scroll;
        float max = s->screen == SCREEN_DETAIL ? s->detail_scroll_max : s->scroll_max;
        *pos += e->dy;
        clamp_scroll(pos, max);
        s->scroll_v = 0;
        s->dirty = true;
        break;
    }
    case EV_FLING:
        s->scroll_v = fabsf(e->velocity) > SCROLL_STOP ? e->velocity : 0;
        s->dirty = true;
        break;
    case EV_ZOOM:
        if (s->screen == SCREEN_VIEWER) {
            float z = s->zoom * e->factor;
            s->zoom = z < 1 ? 1 : z > 6 ? 6 : z;
            if (s->zoom == 1)
                s->pan_x = s->pan_y = 0;
            s->dirty = true;
        }
        break;
    case EV_PAN:
        if (s->screen == SCREEN_VIEWER && s->zoom > 1) {
            s->pan_x += e->dx;
            s->pan_y += e->dy;
            s->dirty = true;
        }
        break;
    case EV_RESULT:
        if (e->result)
            on_result(s, e->result, out);
        break;
    }
}
