/* store_field: the field officer's reports in the device store (schema v4). A draft is saved on
 * every change with one UPSERT that only a draft accepts, so a submitted report stays frozen even
 * if a late save arrives. Photos live in their own rows (the prepared JPEG sealed beside its name,
 * hash and size), so adding one is one transaction that never rewrites the answers, and the
 * upload can mark each file the hub has. Every write is a single statement or an IMMEDIATE
 * transaction: all of it is on disk (WAL, synchronous=FULL) or none of it. */
#include "store_int.h"

#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = {"draft", "waiting", "", "sent", "rejected"};

static const char *state_name(report_state st)
{
    return (unsigned)st < sizeof state_names / sizeof state_names[0] ? state_names[st] : "";
}

static report_state state_parse(const unsigned char *s)
{
    for (size_t i = 0; s && i < sizeof state_names / sizeof state_names[0]; i++)
        if (state_names[i][0] && strcmp((const char *)s, state_names[i]) == 0)
            return (report_state)i;
    return REPORT_REJECTED;
}

static void num(char *out, size_t cap, int64_t v)
{
    snprintf(out, cap, "%lld", (long long)v);
}

static bool file_row(char *row, size_t cap, const char *report_id, const char *name)
{
    int n = snprintf(row, cap, "%s/%s", report_id, name);
    return n > 0 && (size_t)n < cap;
}

static store_err begin(store *s)
{
    return store_run(s, "BEGIN IMMEDIATE", NULL, 0);
}

/* Commits when e is STORE_OK, else rolls back; returns the outcome. */
static store_err end(store *s, store_err e)
{
    if (e == STORE_OK)
        e = store_run(s, "COMMIT", NULL, 0);
    if (e != STORE_OK && !sqlite3_get_autocommit(s->db) &&
        store_run(s, "ROLLBACK", NULL, 0) != STORE_OK)
        store_log(s, "rollback");
    return e;
}

/* Runs a prepared statement with blob parameter `at` bound to data (may be NULL: SQL NULL). */
static store_err run_blob(store *s, sqlite3_stmt *st, int at, const void *data, size_t len,
                          const char *what)
{
    int rc = !st    ? SQLITE_ERROR
             : data ? sqlite3_bind_blob(st, at, data, (int)len, SQLITE_TRANSIENT)
                    : SQLITE_OK;
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        store_log(s, what);
        return store_sqlite_err(rc);
    }
    return STORE_OK;
}

/* The state of a report inside a transaction: STORE_NOT_FOUND, or STORE_EXISTS when it is not a
 * draft. */
static store_err draft_check(store *s, const char *report_id)
{
    const char *p[] = {report_id};
    sqlite3_stmt *st = store_prepare(s, "SELECT state FROM reports WHERE report_id=?1", p, 1);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    store_err e = rc == SQLITE_DONE  ? STORE_NOT_FOUND
                  : rc != SQLITE_ROW ? store_sqlite_err(rc)
                  : strcmp((const char *)sqlite3_column_text(st, 0), "draft") == 0 ? STORE_OK
                                                                                   : STORE_EXISTS;
    sqlite3_finalize(st);
    return e;
}

store_err store_report_save(store *s, const char *user_id, const char *report_id,
                            const char *assignment_id, const char *json, int64_t created_at,
                            int64_t now)
{
    char c[24], u[24];
    uint8_t *sealed = NULL;
    size_t slen = 0;
    if (!seal_box(s->key, "report", report_id, json, strlen(json), &sealed, &slen))
        return STORE_ERR_CRYPTO;
    num(c, sizeof c, created_at);
    num(u, sizeof u, now);
    const char *p[] = {report_id, user_id, assignment_id, NULL, c, u};
    /* Only a draft of the same user takes new answers: a frozen report stays as it was sent. */
    sqlite3_stmt *st = store_prepare(
        s,
        "INSERT INTO reports(report_id, user_id, assignment_id, state, body, created_at, "
        "updated_at) VALUES(?1, ?2, ?3, 'draft', ?4, ?5, ?6) ON CONFLICT(report_id) DO UPDATE SET "
        "body=excluded.body, updated_at=excluded.updated_at WHERE reports.state='draft' AND "
        "reports.user_id=excluded.user_id AND reports.assignment_id=excluded.assignment_id",
        p, 6);
    store_err e = run_blob(s, st, 4, sealed, slen, "report save");
    free(sealed);
    if (e == STORE_OK && sqlite3_changes(s->db) == 0)
        e = STORE_EXISTS;
    return e;
}

void store_report_row_free(report_row *row)
{
    if (row && row->body) {
        crypto_zero(row->body, row->len);
        free(row->body);
        row->body = NULL;
    }
}

void store_report_rows_free(report_row *rows, size_t count)
{
    for (size_t i = 0; rows && i < count; i++)
        store_report_row_free(&rows[i]);
    free(rows);
}

static store_err photos_load(store *s, report_row *r)
{
    const char *p[] = {r->report_id};
    sqlite3_stmt *st = store_prepare(s,
                                     "SELECT name, field, source, sha256, size, width, height, "
                                     "sent FROM report_files WHERE report_id=?1 ORDER BY pos",
                                     p, 1);
    if (!st)
        return STORE_ERR_IO;
    int rc;
    r->n_photos = r->files_sent = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && r->n_photos < FIELD_PHOTOS_MAX) {
        field_photo *f = &r->photos[r->n_photos++];
        memset(f, 0, sizeof *f);
        snprintf(f->name, sizeof f->name, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(f->field, sizeof f->field, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(f->source, sizeof f->source, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(f->sha256, sizeof f->sha256, "%s", (const char *)sqlite3_column_text(st, 3));
        f->bytes = sqlite3_column_int64(st, 4);
        f->width = sqlite3_column_int(st, 5);
        f->height = sqlite3_column_int(st, 6);
        r->files_sent += sqlite3_column_int(st, 7) != 0;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_sqlite_err(rc);
}

/* Fills r from the current row of st (the columns of report_select). */
static store_err row_read(store *s, sqlite3_stmt *st, report_row *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->report_id, sizeof r->report_id, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(r->user_id, sizeof r->user_id, "%s", (const char *)sqlite3_column_text(st, 1));
    snprintf(r->assignment_id, sizeof r->assignment_id, "%s",
             (const char *)sqlite3_column_text(st, 2));
    r->state = state_parse(sqlite3_column_text(st, 3));
    r->attempts = sqlite3_column_int(st, 5);
    snprintf(r->last_error, sizeof r->last_error, "%s", (const char *)sqlite3_column_text(st, 6));
    r->created_at = sqlite3_column_int64(st, 7);
    r->updated_at = sqlite3_column_int64(st, 8);
    uint8_t *body = NULL;
    if (!seal_open(s->key, "report", r->report_id, sqlite3_column_blob(st, 4),
                   (size_t)sqlite3_column_bytes(st, 4), &body, &r->len)) {
        fprintf(stderr, "paraf: store: report %s cannot be opened\n", r->report_id);
        return STORE_ERR_CRYPTO;
    }
    r->body = (char *)body;
    store_err e = photos_load(s, r);
    if (e != STORE_OK)
        store_report_row_free(r);
    return e;
}

#define REPORT_COLUMNS                                                                             \
    "SELECT report_id, user_id, assignment_id, state, body, attempts, last_error, created_at, "    \
    "updated_at FROM reports "

store_err store_report_get(store *s, const char *report_id, report_row *row)
{
    const char *p[] = {report_id};
    memset(row, 0, sizeof *row);
    sqlite3_stmt *st = store_prepare(s, REPORT_COLUMNS "WHERE report_id=?1", p, 1);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    store_err e = rc == SQLITE_ROW    ? row_read(s, st, row)
                  : rc == SQLITE_DONE ? STORE_NOT_FOUND
                                      : store_sqlite_err(rc);
    sqlite3_finalize(st);
    return e;
}

store_err store_report_list(store *s, const char *user_id, int state, size_t max, report_row **rows,
                            size_t *count)
{
    char sql[400], lim[24];
    *rows = NULL;
    *count = 0;
    num(lim, sizeof lim, (int64_t)max);
    const char *p[] = {user_id, state >= 0 ? state_name((report_state)state) : "", lim};
    snprintf(sql, sizeof sql, "%s%s", REPORT_COLUMNS,
             state >= 0 ? "WHERE user_id=?1 AND state=?2 ORDER BY created_at, rowid "
                          "LIMIT CAST(?3 AS INTEGER)"
                        : "WHERE user_id=?1 AND ?2='' ORDER BY updated_at DESC, rowid DESC "
                          "LIMIT CAST(?3 AS INTEGER)");
    sqlite3_stmt *st = store_prepare(s, sql, p, 3);
    if (!st)
        return STORE_ERR_IO;
    size_t cap = 0;
    int rc = SQLITE_DONE;
    store_err e = STORE_OK;
    while (e == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            report_row *nr = realloc(*rows, ncap * sizeof *nr);
            if (!nr) {
                e = STORE_ERR_IO;
                break;
            }
            *rows = nr;
            cap = ncap;
        }
        store_err re = row_read(s, st, &(*rows)[*count]);
        if (re == STORE_OK)
            (*count)++;
        else if (re != STORE_ERR_CRYPTO) /* a row that does not open is left out */
            e = re;
    }
    if (e == STORE_OK && rc != SQLITE_DONE)
        e = store_sqlite_err(rc);
    sqlite3_finalize(st);
    if (e != STORE_OK) {
        store_report_rows_free(*rows, *count);
        *rows = NULL;
        *count = 0;
    }
    return e;
}

store_err store_report_discard(store *s, const char *report_id)
{
    const char *p[] = {report_id};
    store_err e = begin(s);
    if (e != STORE_OK)
        return e;
    e = draft_check(s, report_id);
    if (e == STORE_OK)
        e = store_run(s, "DELETE FROM report_files WHERE report_id=?1", p, 1);
    if (e == STORE_OK)
        e = store_run(s, "DELETE FROM reports WHERE report_id=?1", p, 1);
    return end(s, e);
}

static store_err touch(store *s, const char *report_id, int64_t now)
{
    char u[24];
    num(u, sizeof u, now);
    const char *p[] = {report_id, u};
    return store_run(s, "UPDATE reports SET updated_at=CAST(?2 AS INTEGER) WHERE report_id=?1", p,
                     2);
}

store_err store_report_photo_add(store *s, const char *report_id, const field_photo *f,
                                 const void *data, size_t len, int64_t now)
{
    char row[160], size[24], w[24], h[24];
    uint8_t *sealed = NULL;
    size_t slen = 0;
    if (!file_row(row, sizeof row, report_id, f->name) || len > (size_t)INT32_MAX - SEAL_OVERHEAD)
        return STORE_ERR_IO;
    if (!seal_box(s->key, "report-file", row, data, len, &sealed, &slen))
        return STORE_ERR_CRYPTO;
    num(size, sizeof size, (int64_t)len);
    num(w, sizeof w, f->width);
    num(h, sizeof h, f->height);
    store_err e = begin(s);
    if (e == STORE_OK)
        e = draft_check(s, report_id);
    if (e == STORE_OK) {
        const char *p[] = {report_id, f->name, f->field, f->source, f->sha256, size, w, h, NULL};
        sqlite3_stmt *st = store_prepare(
            s,
            "INSERT OR IGNORE INTO report_files(report_id, name, pos, field, source, sha256, size, "
            "width, height, data, sent) VALUES(?1, ?2, (SELECT coalesce(max(pos), 0) + 1 FROM "
            "report_files WHERE report_id=?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)",
            p, 9);
        e = run_blob(s, st, 9, sealed, slen, "report photo add");
        if (e == STORE_OK && sqlite3_changes(s->db) == 0)
            e = STORE_EXISTS; /* the name is taken */
    }
    if (e == STORE_OK)
        e = touch(s, report_id, now);
    free(sealed);
    return end(s, e);
}

store_err store_report_photo_remove(store *s, const char *report_id, const char *name, int64_t now)
{
    const char *p[] = {report_id, name};
    store_err e = begin(s);
    if (e == STORE_OK)
        e = draft_check(s, report_id);
    if (e == STORE_OK)
        e = store_run(s, "DELETE FROM report_files WHERE report_id=?1 AND name=?2", p, 2);
    if (e == STORE_OK && sqlite3_changes(s->db) == 0)
        e = STORE_NOT_FOUND;
    if (e == STORE_OK)
        e = touch(s, report_id, now);
    return end(s, e);
}

/* Names of the report's photos (up to FIELD_PHOTOS_MAX). */
static store_err photo_names(store *s, const char *report_id, char names[][FIELD_FILE_CAP], int *n)
{
    const char *p[] = {report_id};
    sqlite3_stmt *st =
        store_prepare(s, "SELECT name FROM report_files WHERE report_id=?1 ORDER BY pos", p, 1);
    if (!st)
        return STORE_ERR_IO;
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < FIELD_PHOTOS_MAX)
        snprintf(names[(*n)++], FIELD_FILE_CAP, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : store_sqlite_err(rc);
}

static bool listed(const char *name, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

store_err store_report_submit(store *s, const char *report_id, const char *json,
                              const char *request, const char *const *keep, int n_keep, int64_t now)
{
    char u[24], names[FIELD_PHOTOS_MAX][FIELD_FILE_CAP];
    uint8_t *body = NULL, *req = NULL;
    size_t blen = 0, rlen = 0;
    int n = 0;
    if (!seal_box(s->key, "report", report_id, json, strlen(json), &body, &blen) ||
        !seal_box(s->key, "report-request", report_id, request, strlen(request), &req, &rlen)) {
        free(body);
        return STORE_ERR_CRYPTO;
    }
    num(u, sizeof u, now);
    store_err e = begin(s);
    if (e == STORE_OK)
        e = draft_check(s, report_id);
    if (e == STORE_OK)
        e = photo_names(s, report_id, names, &n);
    /* Every photo the request names must be here; the others (of fields no longer in the form)
     * are not sent and not kept. */
    for (int i = 0; e == STORE_OK && i < n_keep; i++) {
        bool have = false;
        for (int k = 0; k < n && !have; k++)
            have = strcmp(names[k], keep[i]) == 0;
        if (!have)
            e = STORE_NOT_FOUND;
    }
    for (int k = 0; e == STORE_OK && k < n; k++) {
        const char *p[] = {report_id, names[k]};
        if (!listed(names[k], keep, n_keep))
            e = store_run(s, "DELETE FROM report_files WHERE report_id=?1 AND name=?2", p, 2);
    }
    if (e == STORE_OK) {
        const char *p[] = {report_id, NULL, NULL, u};
        sqlite3_stmt *st =
            store_prepare(s,
                          "UPDATE reports SET state='waiting', body=?2, request=?3, "
                          "attempts=0, last_error='', updated_at=CAST(?4 AS INTEGER) "
                          "WHERE report_id=?1",
                          p, 4);
        int rc = st ? sqlite3_bind_blob(st, 2, body, (int)blen, SQLITE_TRANSIENT) : SQLITE_ERROR;
        if (rc == SQLITE_OK)
            e = run_blob(s, st, 3, req, rlen, "report submit");
        else {
            sqlite3_finalize(st);
            e = STORE_ERR_IO;
        }
    }
    free(body);
    free(req);
    return end(s, e);
}

/* One sealed blob column of a row, opened. */
static store_err blob_get(store *s, const char *sql, const char *const *p, int n, const char *table,
                          const char *row, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    sqlite3_stmt *st = store_prepare(s, sql, p, n);
    if (!st)
        return STORE_ERR_IO;
    int rc = sqlite3_step(st);
    store_err e = rc == SQLITE_DONE                           ? STORE_NOT_FOUND
                  : rc != SQLITE_ROW                          ? store_sqlite_err(rc)
                  : sqlite3_column_type(st, 0) != SQLITE_BLOB ? STORE_NOT_FOUND
                                                              : STORE_OK;
    if (e == STORE_OK && !seal_open(s->key, table, row, sqlite3_column_blob(st, 0),
                                    (size_t)sqlite3_column_bytes(st, 0), out, len)) {
        fprintf(stderr, "paraf: store: %s %s cannot be opened\n", table, row);
        e = STORE_ERR_CRYPTO;
    }
    sqlite3_finalize(st);
    return e;
}

store_err store_report_request(store *s, const char *report_id, char **out)
{
    const char *p[] = {report_id};
    size_t len = 0;
    return blob_get(s, "SELECT request FROM reports WHERE report_id=?1", p, 1, "report-request",
                    report_id, (uint8_t **)out, &len);
}

store_err store_report_file(store *s, const char *report_id, const char *name, uint8_t **data,
                            size_t *len)
{
    char row[160];
    const char *p[] = {report_id, name};
    if (!file_row(row, sizeof row, report_id, name))
        return STORE_NOT_FOUND;
    return blob_get(s, "SELECT data FROM report_files WHERE report_id=?1 AND name=?2", p, 2,
                    "report-file", row, data, len);
}

store_err store_report_files_have(store *s, const char *report_id, const char *const *missing,
                                  int n_missing)
{
    char names[FIELD_PHOTOS_MAX][FIELD_FILE_CAP];
    int n = 0;
    store_err e = begin(s);
    if (e == STORE_OK)
        e = photo_names(s, report_id, names, &n);
    for (int k = 0; e == STORE_OK && k < n; k++) {
        const char *p[] = {report_id, names[k], listed(names[k], missing, n_missing) ? "0" : "1"};
        e = store_run(s,
                      "UPDATE report_files SET sent=CAST(?3 AS INTEGER) WHERE report_id=?1 AND "
                      "name=?2",
                      p, 3);
    }
    return end(s, e);
}

store_err store_report_final(store *s, const char *report_id, report_state state, const char *code,
                             int64_t now)
{
    char u[24];
    num(u, sizeof u, now);
    const char *p[] = {report_id, state_name(state), code ? code : "", u};
    store_err e = begin(s);
    if (e == STORE_OK)
        e = store_run(s,
                      "UPDATE reports SET state=?2, last_error=?3, updated_at=CAST(?4 AS INTEGER) "
                      "WHERE report_id=?1",
                      p, 4);
    /* The hub has every photo: the device's copies go (their names and hashes stay). */
    if (e == STORE_OK && state == REPORT_SENT)
        e = store_run(s, "UPDATE report_files SET data=NULL, sent=1 WHERE report_id=?1", p, 1);
    return end(s, e);
}

store_err store_report_attempt(store *s, const char *report_id, const char *why, int64_t now)
{
    char u[24];
    num(u, sizeof u, now);
    const char *p[] = {report_id, why ? why : "", u};
    return store_run(s,
                     "UPDATE reports SET attempts=attempts+1, last_error=?2, "
                     "updated_at=CAST(?3 AS INTEGER) WHERE report_id=?1 AND state='waiting'",
                     p, 3);
}
