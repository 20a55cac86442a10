/* fixture: answers the worker's commands from files instead of a hub, on the UI thread, so that
 * golden screenshots and the benchmark see fixed data and a fixed clock. Layout of DIR:
 * inbox.json, officials.json, items/<id>.json (exact item bodies), attachments/<id>-<n>.png|jpg,
 * an optional file `offline` that makes every request fail as if the hub were down, and an optional
 * file `disk_full` that makes every decision fail as if the device storage were full. The field
 * profile's files are fixture_field.c's. */
#include "board_json.h"
#include "paraf.h"

#include "crypto.h"
#include "doc_json.h"
#include "image.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIXTURE_OUTBOX 64

struct fixture {
    char dir[512];
    paraf *p;
    char pin[APP_PIN_LEN + 1];
    outbox_entry outbox[FIXTURE_OUTBOX]; /* the decisions made in this run, oldest first */
    size_t n_outbox;
    void *field; /* fixture_field.c's state (profile field) */
};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 131072;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, 65536, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void outbox_note(fixture *f, const msg_cmd *c, const char *id, decision_state st,
                        const char *code)
{
    if (f->n_outbox == FIXTURE_OUTBOX)
        return;
    outbox_entry *e = &f->outbox[f->n_outbox++];
    memset(e, 0, sizeof *e);
    memcpy(e->decision_id, id, sizeof e->decision_id);
    memcpy(e->item_id, c->decision.item_id, sizeof e->item_id);
    memcpy(e->action, c->decision.action, sizeof e->action);
    e->state = st;
    snprintf(e->code, sizeof e->code, "%s", code);
    char path[700];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/items/%s.json", f->dir, e->item_id);
    char *text = slurp(path, &len);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    fmt_copy_utf8(e->title, sizeof e->title, jstr(j, "title"));
    cJSON_Delete(j);
    free(text);
    e->attempts = 1;
    e->created_at = e->updated_at = paraf_now_ms(f->p) / 1000;
}

static void fill_inbox(msg_result *r, const cJSON *root)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(root, "items"), *it;
    size_t n = (size_t)cJSON_GetArraySize(items), i = 0;
    r->inbox.rows = calloc(n ? n : 1, sizeof *r->inbox.rows);
    if (!r->inbox.rows)
        return;
    cJSON_ArrayForEach(it, items)
    {
        inbox_row *row = &r->inbox.rows[i++];
        fmt_copy_utf8(row->id, sizeof row->id, jstr(it, "id"));
        row->type = model_item_type(jstr(it, "type"));
        row->version =
            (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "version"));
        const cJSON *ag = cJSON_GetObjectItemCaseSensitive(it, "agency");
        fmt_copy_utf8(row->agency_code, sizeof row->agency_code, jstr(ag, "code"));
        fmt_copy_utf8(row->agency_name, sizeof row->agency_name, jstr(ag, "name"));
        fmt_copy_utf8(row->title, sizeof row->title, jstr(it, "title"));
        fmt_copy_utf8(row->summary, sizeof row->summary, jstr(it, "summary"));
        row->urgency = model_urgency(jstr(it, "urgency"));
        wire_time_parse(jstr(it, "deadline"), &row->deadline);
        wire_time_parse(jstr(it, "received_at"), &row->received_at);
        row->needs_action = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "needs_action"));
        row->attachments =
            (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "attachments"));
    }
    r->inbox.count = i;
    snprintf(r->inbox.etag, sizeof r->inbox.etag, "\"fixture\"");
}

static void fill_officials(msg_result *r, const cJSON *root)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "officials"), *o;
    size_t n = (size_t)cJSON_GetArraySize(list), i = 0;
    r->officials = calloc(n ? n : 1, sizeof *r->officials);
    if (!r->officials)
        return;
    cJSON_ArrayForEach(o, list)
    {
        official *f = &r->officials[i++];
        fmt_copy_utf8(f->id, sizeof f->id, jstr(o, "id"));
        fmt_copy_utf8(f->name, sizeof f->name, jstr(o, "name"));
        fmt_copy_utf8(f->title, sizeof f->title, jstr(o, "title"));
        fmt_copy_utf8(f->unit, sizeof f->unit, jstr(o, "unit"));
    }
    r->n_officials = i;
}

static msg_result *result(fixture *f, msg_result_kind kind)
{
    msg_result *r = calloc(1, sizeof *r);
    if (r) {
        r->kind = kind;
        r->now = paraf_now_ms(f->p) / 1000;
    }
    return r;
}

static bool offline(const fixture *f)
{
    char path[600];
    struct stat st;
    snprintf(path, sizeof path, "%s/offline", f->dir);
    return stat(path, &st) == 0;
}

/* Load a JSON file of the fixture directory; NULL (and r->status) when missing or broken. */
static char *load(fixture *f, msg_result *r, const char *name, size_t *len)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    char *text = offline(f) ? NULL : slurp(path, len);
    if (!text)
        r->status = offline(f) ? NET_OFFLINE : NET_REFUSED;
    return text;
}

/* The board's data from services.json and announcements.json; `synced_at` (Unix seconds) says
 * when it was fetched (default: now); with `offline` it comes as the cache of an unreachable hub.
 */
static void fixture_board(fixture *f, msg_result *r)
{
    char why[120] = "";
    size_t len = 0;
    r->board = malloc(sizeof *r->board);
    if (!r->board) {
        r->status = NET_MALFORMED;
        return;
    }
    board_data_init(r->board);
    char path[600];
    snprintf(path, sizeof path, "%s/services.json", f->dir);
    char *s = slurp(path, &len);
    if (!s || board_parse_services(r->board, s, len, why, sizeof why) != BOARD_OK)
        r->status = NET_MALFORMED;
    free(s);
    snprintf(path, sizeof path, "%s/announcements.json", f->dir);
    char *a = slurp(path, &len);
    if (!a || board_parse_announcements(r->board, a, len, why, sizeof why) != BOARD_OK)
        r->status = NET_MALFORMED;
    free(a);
    snprintf(path, sizeof path, "%s/synced_at", f->dir);
    char *at = slurp(path, &len);
    r->synced_at = at ? strtoll(at, NULL, 10) : r->now;
    free(at);
    if (r->status != NET_OK) {
        fprintf(stderr, "paraf: fixture: board data: %s\n", why[0] ? why : "missing");
        free(r->board);
        r->board = NULL;
    } else if (offline(f)) {
        r->status = NET_OFFLINE;
        r->cached = true;
    }
}

void fixture_send(fixture *f, msg_cmd *c)
{
    if (f->p->field && fixture_field_send(f->dir, &f->field, f->p, c)) {
        msg_cmd_free(c);
        free(c);
        return;
    }
    msg_result *r = NULL;
    char name[200];
    size_t len = 0;
    char *text = NULL;
    switch (c->kind) {
    case CMD_START:
        r = result(f, RES_STARTED);
        r->enrolled = true;
        r->arg = f->pin[0] ? 1 : 0;
        snprintf(r->text, sizeof r->text, "sekda");
        break;
    case CMD_PIN_SET:
        r = result(f, RES_PIN_SET);
        r->ok = true;
        fmt_copy_utf8(f->pin, sizeof f->pin, c->text);
        break;
    case CMD_PIN_CHECK:
        r = result(f, RES_PIN_RESULT);
        r->ok = strcmp(f->pin, c->text) == 0;
        r->arg = c->arg;
        break;
    case CMD_FETCH_INBOX: {
        r = result(f, RES_INBOX);
        text = load(f, r, "inbox.json", &len);
        cJSON *j = text ? cJSON_Parse(text) : NULL;
        if (j)
            fill_inbox(r, j);
        else if (text)
            r->status = NET_MALFORMED;
        cJSON_Delete(j);
        break;
    }
    case CMD_FETCH_ITEM:
        r = result(f, RES_ITEM);
        snprintf(r->id, sizeof r->id, "%s", c->id);
        snprintf(name, sizeof name, "items/%s.json", c->id);
        text = load(f, r, name, &len);
        if (text) {
            char err[120];
            r->item = doc_from_json(text, len, err, sizeof err);
            r->version = doc_int(doc_root(r->item), "version", 1);
            crypto_sha256_hex(text, len, r->content_sha256);
            if (!r->item)
                r->status = NET_MALFORMED;
        }
        break;
    case CMD_FETCH_ATTACHMENT: {
        r = result(f, RES_ATTACHMENT);
        snprintf(r->id, sizeof r->id, "%s", c->id);
        r->arg = c->arg;
        static const char *const ext[] = {"png", "jpg"};
        for (size_t i = 0; i < 2 && !text; i++) {
            snprintf(name, sizeof name, "attachments/%s-%d.%s", c->id, c->arg, ext[i]);
            text = load(f, r, name, &len);
        }
        if (text) {
            char err[160];
            r->status = NET_OK;
            r->image = image_decode(text, len, err, sizeof err);
            if (!r->image) {
                r->status = NET_MALFORMED;
                snprintf(r->text, sizeof r->text, "%s", err);
            }
        }
        break;
    }
    case CMD_FETCH_OFFICIALS: {
        r = result(f, RES_OFFICIALS);
        text = load(f, r, "officials.json", &len);
        cJSON *j = text ? cJSON_Parse(text) : NULL;
        if (j)
            fill_officials(r, j);
        cJSON_Delete(j);
        break;
    }
    case CMD_DECIDE:
    case CMD_SIGN_LETTER: {
        char full[600];
        struct stat fst;
        snprintf(full, sizeof full, "%s/disk_full", f->dir);
        if (stat(full, &fst) == 0) { /* the device cannot store it: refused, never "saved" */
            r = result(f, RES_DECISION);
            if (r) {
                memcpy(r->id, c->decision.decision_id, sizeof c->decision.decision_id);
                r->state = DECISION_REJECTED;
                r->status = NET_STORAGE;
                snprintf(r->code, sizeof r->code, "disk_full");
            }
            break;
        }
        msg_result *saved = result(f, RES_DECISION);
        if (saved) {
            if (c->decision.decision_id[0])
                memcpy(saved->id, c->decision.decision_id, sizeof c->decision.decision_id);
            else if (crypto_uuid4(saved->id) != CRYPTO_OK)
                snprintf(saved->id, sizeof saved->id, "fixture-decision");
            saved->state = DECISION_SAVED;
            r = result(f, RES_DECISION);
            if (r) {
                memcpy(r->id, saved->id, sizeof r->id);
                bool wrong = c->kind == CMD_SIGN_LETTER && strcmp(c->text, "Paraf#Bali2020") != 0;
                r->state = offline(f) ? DECISION_RETRYING
                           : wrong    ? DECISION_REJECTED
                                      : DECISION_ACCEPTED;
                if (wrong)
                    snprintf(r->code, sizeof r->code, "passphrase_wrong");
                outbox_note(f, c, r->id, r->state, r->code);
            }
            paraf_post_result(f->p, saved);
        }
        break;
    }
    case CMD_OUTBOX_LIST:
        r = result(f, RES_OUTBOX);
        if (r && f->n_outbox) {
            r->outbox = calloc(f->n_outbox, sizeof *r->outbox);
            for (size_t i = 0; r->outbox && i < f->n_outbox; i++) /* newest first */
                r->outbox[i] = f->outbox[f->n_outbox - 1 - i];
            r->n_outbox = r->outbox ? f->n_outbox : 0;
        }
        break;
    case CMD_FETCH_BOARD:
        r = result(f, RES_BOARD);
        if (r)
            fixture_board(f, r);
        break;
    case CMD_HEARTBEAT:
        r = result(f, RES_HEARTBEAT);
        if (r)
            r->status = offline(f) ? NET_OFFLINE : NET_OK;
        break;
    case CMD_OUTBOX_SEND_NOW:
    case CMD_STOP:
    case CMD_FETCH_ASSIGNMENTS: /* the field profile's: fixture_field.c */
    case CMD_REPORTS_LIST:
    case CMD_REPORT_SAVE:
    case CMD_REPORT_SUBMIT:
    case CMD_REPORT_DISCARD:
    case CMD_PHOTO_SCAN:
    case CMD_PHOTO_THUMB:
    case CMD_PHOTO_ADD:
    case CMD_PHOTO_REMOVE:
        break;
    }
    free(text);
    msg_cmd_free(c);
    free(c);
    if (r)
        paraf_post_result(f->p, r);
}

fixture *fixture_open(const char *dir, paraf *p)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "paraf: fixtures directory %s not found\n", dir);
        return NULL;
    }
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    f->p = p;
    char path[600];
    snprintf(path, sizeof path, "%s/pin", dir);
    size_t len = 0;
    char *pin = slurp(path, &len);
    if (pin) {
        pin[strcspn(pin, "\r\n")] = '\0';
        fmt_copy_utf8(f->pin, sizeof f->pin, pin);
        free(pin);
    }
    return f;
}

void fixture_close(fixture *f)
{
    if (f)
        fixture_field_close(f->field);
    free(f);
}
