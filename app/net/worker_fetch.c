/* worker_fetch: the worker's reads: the inbox (conditional GET with the last ETag), item
 * details (content hash over the exact bytes), attachment pages (hash-checked against the item,
 * decoded only as PNG/JPEG with caps) and the officials list. Every answer becomes one result. */
#include "worker_int.h"

#include "crypto.h"
#include "doc_json.h"
#include "image.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void worker_cache_put(worker *w, const char *item_id, const doc_node *atts);
static const char *worker_cache_get(worker *w, const char *item_id, int n);
static bool worker_inbox_parse(const doc_node *root, inbox_list *l);

/* ---- the offline cache (store_cache.c) ---------------------------------------------------------
 */

/* Failures a cached copy may stand in for: the hub was not reached or gave nothing usable. */
static bool worker_cache_fits(net_status s)
{
    return s == NET_OFFLINE || s == NET_TIMEOUT || s == NET_TLS || s == NET_SERVER ||
           s == NET_MALFORMED || s == NET_NOT_ENROLLED;
}

static void worker_page_key(char *key, size_t cap, const char *item_id, int n)
{
    snprintf(key, cap, "%.64s/%d", item_id, n);
}

/* Keeps a successful answer; a failure to cache is logged, never fatal for the fetch. */
static void worker_cache_save(worker *w, const char *kind, const char *key, const void *body,
                              size_t len)
{
    if (!worker_store(w))
        return;
    if (store_cache_put(w->st, kind, key, body, len, worker_wall_s()) != STORE_OK)
        fprintf(stderr, "paraf: worker: cannot cache %s %s\n", kind, key);
    else if (strcmp(kind, "page") == 0 &&
             store_cache_trim(w->st, WORKER_CACHE_PAGE_ITEMS) != STORE_OK)
        fprintf(stderr, "paraf: worker: cannot trim the page cache\n");
}

bool worker_from_cache(worker *w, msg_result *r)
{
    char key[100], sha[CRYPTO_SHA256_HEX], why[160] = "";
    const char *kind = r->kind == RES_INBOX ? "inbox" : r->kind == RES_ITEM ? "item" : "page";
    uint8_t *body = NULL;
    size_t len = 0;
    int64_t at = 0;
    doc *d = NULL;
    bool ok = false;
    if (r->kind == RES_ATTACHMENT)
        worker_page_key(key, sizeof key, r->id, r->arg);
    else
        snprintf(key, sizeof key, "%s", r->kind == RES_INBOX ? w->id.user_id : r->id);
    if (!wire_id_valid(r->kind == RES_INBOX ? w->id.user_id : r->id) || !worker_store(w) ||
        store_cache_get(w->st, kind, key, &body, &len, &at) != STORE_OK)
        goto out;
    if (r->kind == RES_INBOX) {
        inbox_list l = {0};
        d = doc_from_json((const char *)body, len, why, sizeof why);
        if (!d || !worker_inbox_parse(doc_root(d), &l)) {
            inbox_list_free(&l);
            goto out;
        }
        inbox_list_free(&r->inbox);
        r->inbox = l;
        r->inbox.synced_at = at;
    } else if (r->kind == RES_ITEM) {
        d = doc_from_json((const char *)body, len, why, sizeof why);
        const doc_node *root = doc_root(d);
        if (!root || root->kind != DOC_OBJ || doc_int(root, "version", 0) < 1)
            goto out;
        crypto_sha256_hex(body, len, r->content_sha256); /* as online: the exact bytes */
        r->version = doc_int(root, "version", 0);
        worker_cache_put(w, r->id, doc_get(root, "attachments"));
        r->item = d;
        d = NULL;
    } else {
        crypto_sha256_hex(body, len, sha);
        const char *want = worker_cache_get(w, r->id, r->arg);
        SDL_Surface *img =
            want && strcmp(want, sha) != 0 ? NULL : image_decode(body, len, why, sizeof why);
        if (!img)
            goto out;
        r->image = img;
        r->image_w = img->w;
        r->image_h = img->h;
    }
    r->cached = true;
    r->synced_at = at;
    ok = true;
out:
    doc_free(d);
    if (body) {
        crypto_zero(body, len);
        free(body);
    }
    return ok;
}

/* A failed answer, filled from the cache when it may be. */
static void worker_post_fetch(worker *w, msg_result *r)
{
    if (r && r->status != NET_OK && worker_cache_fits(r->status))
        (void)worker_from_cache(w, r);
    worker_post(w, r);
}

bool worker_need_enrolled(worker *w, msg_result_kind kind, const char *id, int arg)
{
    if (w->enrolled)
        return true;
    msg_result *r = worker_result(kind);
    if (r) {
        r->status = NET_NOT_ENROLLED;
        snprintf(r->id, sizeof r->id, "%s", id ? id : "");
        r->arg = arg;
        snprintf(r->text, sizeof r->text, "the device is not enrolled");
    }
    worker_post(w, r);
    return false;
}

/* Every command gets an answer, even when its request could not be started. */
static void worker_submit_failed(worker *w, msg_result_kind kind)
{
    msg_result *r = worker_result(kind);
    if (r)
        worker_malformed(r, "out of memory: the request was not started");
    worker_post(w, r);
}

void worker_fetch_inbox(worker *w)
{
    if (!w->enrolled) {
        /* Enrol first (again), then answer this fetch. */
        w->inbox_after_enrol = true;
        if (!w->enrolling && worker_store(w))
            worker_enrol_begin(w);
        else if (!w->st)
            worker_enrol_fail(w, NET_STORAGE, store_err_code(w->st_err),
                              "the store cannot be opened");
        return;
    }
    if (!worker_submit(w, "GET", "/v1/inbox", NULL, w->cfg.max_json_bytes, TAG_INBOX, 0, NULL,
                       w->inbox_etag, NULL))
        worker_submit_failed(w, RES_INBOX);
}

void worker_fetch_officials(worker *w)
{
    if (worker_need_enrolled(w, RES_OFFICIALS, NULL, 0) &&
        !worker_submit(w, "GET", "/v1/officials", NULL, w->cfg.max_json_bytes, TAG_OFFICIALS, 0,
                       NULL, NULL, NULL))
        worker_submit_failed(w, RES_OFFICIALS);
}

static bool worker_inbox_parse(const doc_node *root, inbox_list *l)
{
    const doc_node *items = doc_get(root, "items");
    if (!items || items->kind != DOC_ARR)
        return false;
    l->rows = calloc(doc_len(items) ? doc_len(items) : 1, sizeof *l->rows);
    if (!l->rows)
        return false;
    for (const doc_node *it = items->child; it; it = it->next) {
        const char *id = doc_str(it, "id", "");
        if (!wire_id_valid(id))
            continue; /* a row we could not act on */
        inbox_row *row = &l->rows[l->count++];
        snprintf(row->id, sizeof row->id, "%s", id);
        row->type = model_item_type(doc_str(it, "type", ""));
        row->version = doc_int(it, "version", 0);
        const doc_node *ag = doc_get(it, "agency");
        worker_copy_utf8(row->agency_code, sizeof row->agency_code, doc_str(ag, "code", ""));
        worker_copy_utf8(row->agency_name, sizeof row->agency_name, doc_str(ag, "name", ""));
        worker_copy_utf8(row->title, sizeof row->title, doc_str(it, "title", ""));
        worker_copy_utf8(row->summary, sizeof row->summary, doc_str(it, "summary", ""));
        row->urgency = model_urgency(doc_str(it, "urgency", ""));
        if (!wire_time_parse(doc_str(it, "deadline", ""), &row->deadline))
            row->deadline = 0;
        if (!wire_time_parse(doc_str(it, "received_at", ""), &row->received_at))
            row->received_at = 0;
        row->needs_action = doc_bool(it, "needs_action", true);
        int64_t n = doc_int(it, "attachments", 0);
        row->attachments = n >= 0 && n <= 1000 ? (int)n : 0;
    }
    return true;
}

void worker_inbox_done(worker *w, http_result *h)
{
    msg_result *r = worker_result(RES_INBOX);
    doc *d = NULL;
    char why[120] = "not an inbox";
    if (!r)
        goto out;
    worker_copy_status(r, h);
    r->inbox.synced_at = r->now;
    if (h->status != NET_OK)
        goto out;
    if (h->http_status == 304) {
        r->not_modified = true;
        snprintf(r->inbox.etag, sizeof r->inbox.etag, "%s", w->inbox_etag);
        /* Still current: an offline start later says "synced" as of now, not of the last 200. */
        if (worker_store(w) &&
            store_cache_touch(w->st, "inbox", w->id.user_id, worker_wall_s()) != STORE_OK)
            fprintf(stderr, "paraf: worker: cannot mark the inbox cache current\n");
        goto out;
    }
    d = doc_from_json(h->body, h->len, why, sizeof why);
    if (!d || !worker_inbox_parse(doc_root(d), &r->inbox)) {
        inbox_list_free(&r->inbox);
        worker_malformed(r, why);
        goto out;
    }
    snprintf(w->inbox_etag, sizeof w->inbox_etag, "%s", h->etag);
    snprintf(r->inbox.etag, sizeof r->inbox.etag, "%s", h->etag);
    worker_cache_save(w, "inbox", w->id.user_id, h->body, h->len); /* per user */
out:
    doc_free(d);
    worker_post_fetch(w, r);
}

void worker_fetch(worker *w, const msg_cmd *c)
{
    char path[200];
    int tag = c->kind == CMD_FETCH_ITEM ? TAG_ITEM : TAG_ATTACHMENT;
    msg_result_kind kind = tag == TAG_ITEM ? RES_ITEM : RES_ATTACHMENT;
    if (!w->enrolled) {
        msg_result *nr = worker_result(kind);
        if (nr) {
            nr->status = NET_NOT_ENROLLED;
            snprintf(nr->id, sizeof nr->id, "%s", c->id);
            nr->arg = c->arg;
            snprintf(nr->text, sizeof nr->text, "the device is not enrolled");
        }
        worker_post_fetch(w, nr);
        return;
    }
    bool ok = wire_id_valid(c->id) && (tag == TAG_ITEM || (c->arg >= 1 && c->arg <= 1000));
    if (ok && tag == TAG_ITEM)
        snprintf(path, sizeof path, "/v1/items/%s", c->id);
    else if (ok)
        snprintf(path, sizeof path, "/v1/items/%s/attachments/%d", c->id, c->arg);
    size_t cap = tag == TAG_ITEM ? w->cfg.max_json_bytes : w->cfg.max_image_bytes;
    if (ok && worker_submit(w, "GET", path, NULL, cap, tag, c->arg, c->id, NULL, NULL))
        return;
    msg_result *r = worker_result(kind);
    if (r) {
        snprintf(r->id, sizeof r->id, "%s", c->id);
        r->arg = c->arg;
        worker_malformed(r, ok ? "out of memory" : "invalid item id or page");
    }
    worker_post(w, r);
}

static void worker_cache_put(worker *w, const char *item_id, const doc_node *atts)
{
    worker_hashes *c = NULL;
    for (int i = 0; i < WORKER_CACHE_ITEMS && !c; i++)
        if (strcmp(w->cache[i].item_id, item_id) == 0)
            c = &w->cache[i];
    if (!c) {
        c = &w->cache[w->cache_next];
        w->cache_next = (w->cache_next + 1) % WORKER_CACHE_ITEMS;
    }
    free(c->sha);
    memset(c, 0, sizeof *c);
    size_t n = doc_len(atts);
    if (n == 0 || n > 1000 || !(c->sha = calloc(n, sizeof *c->sha)))
        return;
    snprintf(c->item_id, sizeof c->item_id, "%s", item_id);
    c->n = n;
    for (size_t i = 0; i < n; i++) {
        const doc_node *a = doc_at(atts, i);
        int64_t k = doc_int(a, "n", (int64_t)i + 1);
        const char *sha = doc_str(a, "sha256", "");
        if (k >= 1 && (size_t)k <= n && wire_hex64_valid(sha))
            snprintf(c->sha[k - 1], sizeof c->sha[0], "%s", sha);
    }
}

static const char *worker_cache_get(worker *w, const char *item_id, int n)
{
    for (int i = 0; i < WORKER_CACHE_ITEMS; i++) {
        worker_hashes *c = &w->cache[i];
        if (c->sha && strcmp(c->item_id, item_id) == 0 && n >= 1 && (size_t)n <= c->n &&
            c->sha[n - 1][0])
            return c->sha[n - 1];
    }
    return NULL;
}

void worker_item_done(worker *w, http_result *h)
{
    msg_result *r = worker_result(RES_ITEM);
    char why[120] = "not an item";
    if (!r)
        goto out;
    snprintf(r->id, sizeof r->id, "%s", h->ref);
    worker_copy_status(r, h);
    if (h->status != NET_OK) {
        /* The hub no longer has it: nothing of it stays on the device. */
        if (h->http_status == 404 && worker_store(w) &&
            store_cache_drop_item(w->st, h->ref) != STORE_OK)
            fprintf(stderr, "paraf: worker: cannot drop the cache of %s\n", h->ref);
        goto out;
    }
    /* The content hash is over the exact bytes received (docs/api.md §4). */
    crypto_sha256_hex(h->body, h->len, r->content_sha256);
    r->item = doc_from_json(h->body, h->len, why, sizeof why);
    const doc_node *root = doc_root(r->item);
    r->version = doc_int(root, "version", 0);
    if (!root || root->kind != DOC_OBJ || r->version < 1 ||
        strcmp(doc_str(root, "id", ""), h->ref) != 0) {
        doc_free(r->item);
        r->item = NULL;
        worker_malformed(r, why);
        goto out;
    }
    worker_cache_put(w, h->ref, doc_get(root, "attachments"));
    worker_cache_save(w, "item", h->ref, h->body, h->len);
    worker_conflict_attach(w, r);
out:
    worker_post_fetch(w, r);
}

void worker_attachment_done(worker *w, http_result *h)
{
    msg_result *r = worker_result(RES_ATTACHMENT);
    char sha[CRYPTO_SHA256_HEX], err[160] = "";
    if (!r)
        goto out;
    snprintf(r->id, sizeof r->id, "%s", h->ref);
    r->arg = h->arg;
    worker_copy_status(r, h);
    if (h->status != NET_OK)
        goto out;
    crypto_sha256_hex(h->body, h->len, sha);
    const char *want = worker_cache_get(w, h->ref, h->arg);
    if (want && strcmp(want, sha) != 0) {
        worker_malformed(r, "the page does not match the item's hash");
        goto out;
    }
    SDL_Surface *s = image_decode(h->body, h->len, err, sizeof err);
    if (!s) {
        worker_malformed(r, err[0] ? err : "the page cannot be decoded");
        goto out;
    }
    r->image = s;
    r->image_w = s->w;
    r->image_h = s->h;
    char key[100];
    worker_page_key(key, sizeof key, h->ref, h->arg);
    worker_cache_save(w, "page", key, h->body, h->len);
out:
    worker_post_fetch(w, r);
}

void worker_officials_done(worker *w, http_result *h)
{
    msg_result *r = worker_result(RES_OFFICIALS);
    doc *d = NULL;
    char why[120] = "not a list of officials";
    if (!r)
        goto out;
    worker_copy_status(r, h);
    if (h->status != NET_OK)
        goto out;
    d = doc_from_json(h->body, h->len, why, sizeof why);
    const doc_node *list = doc_get(doc_root(d), "officials");
    if (!list || list->kind != DOC_ARR ||
        !(r->officials = calloc(doc_len(list) ? doc_len(list) : 1, sizeof *r->officials))) {
        worker_malformed(r, why);
        goto out;
    }
    for (const doc_node *o = list->child; o; o = o->next) {
        if (!wire_id_valid(doc_str(o, "id", "")))
            continue;
        official *f = &r->officials[r->n_officials++];
        snprintf(f->id, sizeof f->id, "%s", doc_str(o, "id", ""));
        worker_copy_utf8(f->name, sizeof f->name, doc_str(o, "name", ""));
        worker_copy_utf8(f->title, sizeof f->title, doc_str(o, "title", ""));
        worker_copy_utf8(f->unit, sizeof f->unit, doc_str(o, "unit", ""));
    }
out:
    doc_free(d);
    worker_post(w, r);
}

void worker_cache_free(worker *w)
{
    for (int i = 0; i < WORKER_CACHE_ITEMS; i++) {
        free(w->cache[i].sha);
        memset(&w->cache[i], 0, sizeof w->cache[i]);
    }
}
