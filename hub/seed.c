/* seed: loads the demo data set (demo.c) into the database in one transaction: officials with
 * hashed signing passphrases, items with their rendered attachment pages, services, announcements
 * and field assignments. Optional synthetic items for load tests. Runs once per data directory. */
#include "crypto.h"
#include "demo.h"
#include "hub.h"
#include "pages.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TTE_PBKDF2_ROUNDS 60000 /* must match decide.c */

typedef struct {
    hub *h;
    cJSON *data;
    int bulk;
} seed_ctx;

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static db_err insert_json_row(sqlite3 *s, const char *sql, const char *id, int pos, cJSON *json,
                              const char *extra)
{
    char *txt = cJSON_PrintUnformatted(json);
    char ps[16];
    snprintf(ps, sizeof ps, "%d", pos);
    const char *p[] = {id, ps, txt, extra};
    db_err e = txt ? db_s_exec(s, sql, p, extra ? 4 : 3) : DB_ERROR;
    free(txt);
    return e;
}

static db_err seed_officials(sqlite3 *s, const cJSON *officials)
{
    int pos = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, officials)
    {
        cJSON *pub = cJSON_Duplicate(o, 1);
        cJSON *tte = cJSON_DetachItemFromObjectCaseSensitive(pub, "tte");
        const char *status = jstr(tte, "status");
        const char *pass = jstr(tte, "passphrase");
        uint8_t salt[16], hash[32];
        db_err e = DB_ERROR;
        if (crypto_random(salt, sizeof salt) == CRYPTO_OK &&
            crypto_pbkdf2(pass, strlen(pass), salt, sizeof salt, TTE_PBKDF2_ROUNDS, hash,
                          sizeof hash) == CRYPTO_OK) {
            cJSON_AddStringToObject(pub, "tte_status", status[0] ? status : "not_registered");
            char *txt = cJSON_PrintUnformatted(pub);
            char ps[16];
            snprintf(ps, sizeof ps, "%d", pos++);
            const cJSON *dv = cJSON_GetObjectItemCaseSensitive(o, "disposisi");
            const char *p[] = {jstr(o, "id"), ps, txt, cJSON_IsTrue(dv) ? "1" : "0",
                               status[0] ? status : "not_registered"};
            e = txt ? db_s_exec(s,
                                "INSERT INTO officials(id, pos, json, disposisi, tte_status) "
                                "VALUES(?1,?2,?3,?4,?5)",
                                p, 5)
                    : DB_ERROR;
            const char *pid[] = {jstr(o, "id")};
            if (e == DB_OK)
                e = db_s_insert_blob(s, "UPDATE officials SET pass_salt=?2 WHERE id=?1", pid, 1,
                                     salt, sizeof salt);
            if (e == DB_OK)
                e = db_s_insert_blob(s, "UPDATE officials SET pass_hash=?2 WHERE id=?1", pid, 1,
                                     hash, sizeof hash);
            free(txt);
        }
        crypto_zero(hash, sizeof hash);
        cJSON_Delete(tte);
        cJSON_Delete(pub);
        if (e != DB_OK)
            return e;
    }
    return DB_OK;
}

/* The inbox row of an item: what the list shows without fetching the detail. */
static cJSON *item_summary(const cJSON *item, int pages)
{
    cJSON *s = cJSON_CreateObject();
    static const char *const keys[] = {"id",      "type",     "title",      "summary",
                                       "urgency", "deadline", "received_at"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, keys[i]);
        cJSON_AddItemToObject(s, keys[i], v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull());
    }
    cJSON_AddItemToObject(s, "agency",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(item, "agency"), 1));
    cJSON_AddNumberToObject(s, "version", 1);
    cJSON_AddBoolToObject(s, "needs_action", strcmp(jstr(item, "type"), "revenue_report") != 0);
    cJSON_AddNumberToObject(s, "attachments", pages);
    return s;
}

static db_err seed_item(sqlite3 *s, hub *h, const cJSON *item, int pos)
{
    const char *id = jstr(item, "id");
    const cJSON *pages = cJSON_GetObjectItemCaseSensitive(item, "pages");
    cJSON *body = cJSON_Duplicate(item, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(body, "pages");
    cJSON_DeleteItemFromObjectCaseSensitive(body, "assignee");
    cJSON_AddNumberToObject(body, "version", 1);
    cJSON_AddStringToObject(body, "status", "pending");
    cJSON *atts = cJSON_AddArrayToObject(body, "attachments");
    int n = 0, count = cJSON_GetArraySize(pages);
    db_err e = DB_OK;
    const cJSON *pg;
    cJSON_ArrayForEach(pg, pages)
    {
        n++;
        const cJSON *lh = cJSON_GetObjectItemCaseSensitive(pg, "letterhead");
        pages_spec spec = {.title = jstr(pg, "title"),
                           .body = jstr(pg, "body"),
                           .signature = jstr(pg, "signature"),
                           .page_no = n,
                           .page_count = count};
        for (int i = 0; i < 3 && i < cJSON_GetArraySize(lh); i++)
            spec.letterhead[i] = cJSON_GetArrayItem(lh, i)->valuestring;
        bool jpeg = strcmp(jstr(pg, "format"), "jpeg") == 0;
        unsigned char *img = NULL;
        size_t len = 0;
        if (pages_render(h->font_dir, &spec, jpeg ? PAGES_JPEG : PAGES_PNG, &img, &len) != 0) {
            fprintf(stderr, "paraf-hub: page %d of demo item %s could not be rendered\n", n, id);
            e = DB_ERROR;
            break;
        }
        char sha[CRYPTO_SHA256_HEX], ns[16];
        crypto_sha256_hex(img, len, sha);
        snprintf(ns, sizeof ns, "%d", n);
        const char *mime = jpeg ? "image/jpeg" : "image/png";
        const char *p[] = {id, ns, mime, sha};
        e = db_s_insert_blob(
            s, "INSERT INTO attachments(item_id, n, mime, sha256, data) VALUES(?1,?2,?3,?4,?5)", p,
            4, img, len);
        free(img);
        if (e != DB_OK)
            break;
        cJSON *a = cJSON_CreateObject();
        cJSON_AddNumberToObject(a, "n", n);
        char title[160];
        snprintf(title, sizeof title, "%s", spec.title && spec.title[0] ? spec.title : "Halaman");
        cJSON_AddStringToObject(a, "title", title);
        cJSON_AddStringToObject(a, "mime", mime);
        cJSON_AddNumberToObject(a, "bytes", (double)len);
        cJSON_AddStringToObject(a, "sha256", sha);
        cJSON_AddItemToArray(atts, a);
    }
    char *txt = e == DB_OK ? cJSON_PrintUnformatted(body) : NULL;
    cJSON *sum = item_summary(item, n);
    char *stxt = cJSON_PrintUnformatted(sum);
    cJSON_Delete(sum);
    cJSON_Delete(body);
    if (e == DB_OK && txt && stxt) {
        char sha[CRYPTO_SHA256_HEX], ps[16];
        crypto_sha256_hex(txt, strlen(txt), sha);
        snprintf(ps, sizeof ps, "%d", pos);
        const char *assignee = jstr(item, "assignee");
        const char *p[] = {id,  ps, jstr(item, "type"), assignee[0] ? assignee : "sekda", stxt,
                           txt, sha};
        e = db_s_exec(
            s,
            "INSERT INTO items(id, pos, type, assignee, version, summary, body, body_sha256)"
            " VALUES(?1,?2,?3,?4,1,?5,?6,?7)",
            p, 7);
    } else if (e == DB_OK) {
        e = DB_ERROR;
    }
    if (e != DB_OK)
        fprintf(stderr, "paraf-hub: demo item %s could not be stored\n", id);
    free(txt);
    free(stxt);
    return e;
}

/* Synthetic SPJ items, numbered after the demo items, for load tests and long lists. */
static db_err seed_bulk(sqlite3 *s, hub *h, int count, int first_pos)
{
    (void)h;
    static const char *const agencies[][2] = {
        {"BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"},
        {"DISKOMINFOS", "Dinas Komunikasi, Informatika dan Statistik"},
        {"BAPPEDA", "Badan Perencanaan Pembangunan Daerah"},
        {"DINKES", "Dinas Kesehatan"}};
    for (int i = 0; i < count; i++) {
        char id[32], title[160], num[64], rec[21];
        snprintf(id, sizeof id, "itm-bulk-%05d", i + 1);
        const char *const *ag = agencies[i % 4];
        long long amount = 2500000LL + (long long)(i % 97) * 1375000LL;
        snprintf(num, sizeof num, "SPJ/%05d/%s/VI/2020", i + 1, ag[0]);
        snprintf(title, sizeof title, "SPJ GU %s nomor %05d", ag[0], i + 1);
        wire_time_format(1593561600LL + (int64_t)(i % 5000) * 60, rec); /* from 1 July 2020 */
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "id", id);
        cJSON_AddStringToObject(it, "type", "spj");
        cJSON *a = cJSON_AddObjectToObject(it, "agency");
        cJSON_AddStringToObject(a, "code", ag[0]);
        cJSON_AddStringToObject(a, "name", ag[1]);
        cJSON_AddStringToObject(it, "title", title);
        cJSON_AddStringToObject(it, "summary",
                                "Pertanggungjawaban ganti uang persediaan bulan Juni 2020.");
        cJSON_AddStringToObject(it, "urgency", "biasa");
        cJSON_AddNullToObject(it, "deadline");
        cJSON_AddStringToObject(it, "received_at", rec);
        cJSON_AddStringToObject(it, "assignee", "sekda");
        cJSON *acts = cJSON_AddArrayToObject(it, "actions");
        cJSON_AddItemToArray(acts, cJSON_CreateString("approve"));
        cJSON_AddItemToArray(acts, cJSON_CreateString("return"));
        cJSON *c = cJSON_AddObjectToObject(it, "content");
        cJSON_AddStringToObject(c, "spj_number", num);
        cJSON_AddStringToObject(c, "agency", ag[1]);
        cJSON_AddStringToObject(c, "period", "2020-06");
        cJSON_AddStringToObject(c, "budget_code", "4.01.01.1.02.0001");
        cJSON_AddNumberToObject(c, "amount", (double)amount);
        cJSON *items = cJSON_AddArrayToObject(c, "items");
        cJSON *li = cJSON_CreateObject();
        cJSON_AddStringToObject(li, "description", "Belanja alat tulis kantor");
        cJSON_AddNumberToObject(li, "amount", (double)amount);
        cJSON_AddItemToArray(items, li);
        cJSON *cl = cJSON_AddArrayToObject(c, "checklist");
        static const char *const docs[] = {"Kuitansi", "Nota/Faktur", "Bukti Setor Pajak"};
        for (size_t k = 0; k < 3; k++) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "document", docs[k]);
            cJSON_AddBoolToObject(d, "present", 1);
            cJSON_AddStringToObject(d, "note", "");
            cJSON_AddItemToArray(cl, d);
        }
        cJSON_AddArrayToObject(it, "timeline");
        cJSON_AddArrayToObject(it, "pages");
        db_err e = seed_item(s, h, it, first_pos + i);
        cJSON_Delete(it);
        if (e != DB_OK)
            return e;
    }
    return DB_OK;
}

static db_err seed_fn(sqlite3 *s, void *arg)
{
    seed_ctx *c = arg;
    char *done = NULL;
    db_err e = db_s_text(s, "SELECT value FROM meta WHERE key='seeded'", NULL, 0, &done);
    free(done);
    if (e == DB_OK)
        return DB_OK;
    /* Attachments are stored before their item row (the body lists their hashes). */
    e = db_s_exec(s, "PRAGMA defer_foreign_keys=ON", NULL, 0);
    if (e == DB_OK)
        e = seed_officials(s, cJSON_GetObjectItemCaseSensitive(c->data, "officials"));
    int pos = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(c->data, "items"))
    {
        if (e == DB_OK)
            e = seed_item(s, c->h, o, pos++);
    }
    if (e == DB_OK && c->bulk > 0)
        e = seed_bulk(s, c->h, c->bulk, pos);
    pos = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(c->data, "services"))
    {
        if (e == DB_OK)
            e = insert_json_row(s, "INSERT INTO services(id, pos, json) VALUES(?1,?2,?3)",
                                jstr(o, "id"), pos++, (cJSON *)o, NULL);
    }
    pos = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(c->data, "announcements"))
    {
        if (e == DB_OK)
            e = insert_json_row(s, "INSERT INTO announcements(id, pos, json) VALUES(?1,?2,?3)",
                                jstr(o, "id"), pos++, (cJSON *)o, NULL);
    }
    pos = 0;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(c->data, "assignments"))
    {
        if (e == DB_OK)
            e = insert_json_row(
                s, "INSERT INTO assignments(id, pos, json, assignee) VALUES(?1,?2,?3,?4)",
                jstr(o, "id"), pos++, (cJSON *)o, jstr(o, "assignee"));
    }
    char *hall = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c->data, "hall"));
    const char *ph[] = {hall ? hall : "null"};
    if (e == DB_OK)
        e = db_s_exec(s, "INSERT OR REPLACE INTO meta(key, value) VALUES('hall', ?1)", ph, 1);
    free(hall);
    if (e == DB_OK)
        e = db_s_exec(s, "INSERT INTO meta(key, value) VALUES('seeded', '1')", NULL, 0);
    static const char *const counters[] = {"rev.inbox", "rev.services", "rev.assignments"};
    for (size_t i = 0; e == DB_OK && i < 3; i++)
        e = db_s_counter_bump(s, counters[i], NULL);
    return e;
}

int hub_seed_demo(hub *h, int bulk)
{
    seed_ctx c = {h, demo_dataset_create(), bulk};
    if (!c.data) {
        fprintf(stderr, "paraf-hub: out of memory building the demo data\n");
        return -1;
    }
    db_err e = db_tx(h->db, seed_fn, &c);
    cJSON_Delete(c.data);
    if (e != DB_OK) {
        fprintf(stderr, "paraf-hub: the demo data could not be loaded\n");
        return -1;
    }
    return 0;
}
