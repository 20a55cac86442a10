/* revise: `paraf-hub --data DIR --revise-item ID PATCH`, an operator's correction of a pending
 * item (an agency sends a corrected report): PATCH is a JSON merge patch (RFC 7396: objects merge,
 * null removes, anything else replaces) applied to the item's document. The item gets the next
 * version and a new content hash, so a decision made on the old content is answered 409
 * stale_version and the device asks its user to decide again. Run while the hub is stopped, or
 * accept that a running hub's inbox ETag follows only after its next change. */
#include "db.h"
#include "hub.h"

#include "crypto.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 7396 on target (an object); patch is consumed. */
static void merge_patch(cJSON *target, cJSON *patch)
{
    cJSON *p = patch->child;
    while (p) {
        cJSON *next = p->next;
        cJSON *t = cJSON_GetObjectItemCaseSensitive(target, p->string);
        if (cJSON_IsNull(p)) {
            cJSON_DeleteItemFromObjectCaseSensitive(target, p->string);
        } else if (cJSON_IsObject(p) && cJSON_IsObject(t)) {
            merge_patch(t, p);
        } else {
            cJSON *v = cJSON_DetachItemViaPointer(patch, p);
            if (t)
                cJSON_ReplaceItemViaPointer(target, t, v);
            else
                cJSON_AddItemToObject(target, v->string, v);
        }
        p = next;
    }
}

typedef struct {
    const char *id;
    cJSON *patch;
    char why[160];
    long long version;
} revise_ctx;

static db_err revise_tx(sqlite3 *s, void *arg)
{
    revise_ctx *c = arg;
    const char *p[] = {c->id};
    char *body = NULL, *status = NULL, *summary = NULL, *ns = NULL;
    cJSON *sum = NULL;
    db_err e = db_s_text(s, "SELECT status FROM items WHERE id=?1", p, 1, &status);
    if (e == DB_OK && strcmp(status, "pending") != 0) {
        snprintf(c->why, sizeof c->why, "item %s is already decided", c->id);
        e = DB_CONFLICT;
    }
    if (e == DB_OK)
        e = db_s_text(s, "SELECT body FROM items WHERE id=?1", p, 1, &body);
    if (e == DB_OK)
        e = db_s_text(s, "SELECT summary FROM items WHERE id=?1", p, 1, &summary);
    cJSON *doc = e == DB_OK ? cJSON_Parse(body) : NULL;
    if (e == DB_OK && !cJSON_IsObject(doc)) {
        snprintf(c->why, sizeof c->why, "item %s has no JSON document", c->id);
        e = DB_ERROR;
    }
    char *nb = NULL;
    if (e == DB_OK) {
        /* The patch may not move the item: its id, type and version are the hub's. */
        static const char *const fixed[] = {"id", "type", "version"};
        for (size_t i = 0; i < 3; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(c->patch, fixed[i]);
        merge_patch(doc, c->patch);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "version");
        c->version = (cJSON_IsNumber(v) ? (long long)v->valuedouble : 1) + 1;
        if (cJSON_IsNumber(v))
            cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(doc, "version"),
                                 (double)c->version);
        else
            cJSON_AddNumberToObject(doc, "version", (double)c->version);
        nb = cJSON_PrintUnformatted(doc);
        if (!nb)
            e = DB_ERROR;
    }
    /* The inbox row follows the document: version and the fields it repeats. */
    if (e == DB_OK && cJSON_IsObject(sum = cJSON_Parse(summary))) {
        static const char *const keys[] = {"title", "summary", "urgency", "deadline", "agency"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, keys[i]);
            if (v)
                cJSON_ReplaceItemInObjectCaseSensitive(sum, keys[i], cJSON_Duplicate(v, 1));
        }
        cJSON_ReplaceItemInObjectCaseSensitive(sum, "version",
                                               cJSON_CreateNumber((double)c->version));
        ns = cJSON_PrintUnformatted(sum);
    }
    if (e == DB_OK && !ns)
        e = DB_ERROR;
    if (e == DB_OK) {
        char sha[CRYPTO_SHA256_HEX], ver[24];
        crypto_sha256_hex(nb, strlen(nb), sha);
        snprintf(ver, sizeof ver, "%lld", c->version);
        const char *up[] = {c->id, ver, nb, sha, ns};
        e = db_s_exec(
            s, "UPDATE items SET version=?2, body=?3, body_sha256=?4, summary=?5 WHERE id=?1", up,
            5);
    }
    if (e == DB_OK)
        e = db_s_counter_bump(s, "rev.inbox", NULL);
    cJSON_Delete(doc);
    cJSON_Delete(sum);
    free(ns);
    free(summary);
    free(nb);
    free(body);
    free(status);
    return e;
}

int hub_revise_item(hub *h, const char *id, const char *patch_json)
{
    revise_ctx c = {.id = id, .patch = cJSON_Parse(patch_json)};
    if (!cJSON_IsObject(c.patch)) {
        fprintf(stderr, "paraf-hub: --revise-item: the patch must be a JSON object\n");
        cJSON_Delete(c.patch);
        return 2;
    }
    db_err e = db_tx(h->db, revise_tx, &c);
    cJSON_Delete(c.patch);
    if (e == DB_NOT_FOUND) {
        fprintf(stderr, "paraf-hub: --revise-item: no item '%s'\n", id);
        return 1;
    }
    if (e != DB_OK) {
        fprintf(stderr, "paraf-hub: --revise-item: %s\n",
                c.why[0] ? c.why : "the database could not be updated");
        return 1;
    }
    printf("revised %s version %lld\n", id, c.version);
    return 0;
}
