/* demo_build: private helpers shared by demo.c and demo_items.c to build the demo data set with
 * cJSON. A helper that fails to allocate clears the builder's `ok` flag instead of returning an
 * error, so the table-driven builders stay linear and demo_dataset_create checks once at the end.
 * Not part of the hub's interface: include only from hub/demo*.c. */
#ifndef PARAF_HUB_DEMO_BUILD_H
#define PARAF_HUB_DEMO_BUILD_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool ok; /* false once an allocation failed (or page text overflowed its buffer: a bug) */
} demo_b;

/* Each adds a value under `key` to the object `parent`, or appends it to the array `parent` when
 * key is NULL. The container helpers return the new container (NULL after a failure; passing a
 * NULL parent onwards is harmless, the failure is already recorded). */
cJSON *db_obj(demo_b *b, cJSON *parent, const char *key);
cJSON *db_arr(demo_b *b, cJSON *parent, const char *key);
void db_str(demo_b *b, cJSON *parent, const char *key, const char *s); /* s NULL: JSON null */
void db_int(demo_b *b, cJSON *parent, const char *key, long long v);   /* |v| < 2^53 */
void db_num(demo_b *b, cJSON *parent, const char *key, double v);
void db_bool(demo_b *b, cJSON *parent, const char *key, bool v);
void db_null(demo_b *b, cJSON *parent, const char *key);

/* Percentages: 100 * num / den rounded half away from zero to 2 decimals, as hundredths
 * (4012 = 40,12 %) and as the JSON number (40.12). den must be non-zero; |num| < 4.6e14. */
long long demo_pct_hundredths(long long num, long long den);
double demo_pct(long long num, long long den);
/* round(num / den) half away from zero, for integer rupiah (den > 0). */
long long demo_div_round(long long num, long long den);

/* Text as printed on pages (Bahasa Indonesia): "1.234.567", "Rp 1.234.567", "40,12" (from
 * hundredths), "2 Juli 2020" (from "2020-07-02"). Always NUL-terminated. */
void demo_thousands(char *buf, size_t cap, long long v);
void demo_rupiah(char *buf, size_t cap, long long v);
void demo_pct_text(char *buf, size_t cap, long long hundredths);
void demo_date_text(char *buf, size_t cap, const char *iso_date);
/* Day of the year (1 = 1 January) of an ISO date or RFC 3339 time ("2020-06-30..." -> 182), and
 * the number of days in that year; 0 when the text is not a date. */
int demo_day_of_year(const char *iso, int *days_in_year);

/* Page text assembled with printf-style appends into a fixed buffer (a page is < 4 KB). */
typedef struct {
    char buf[6144];
    size_t len;
    bool overflow;
} demo_text;
void dt_init(demo_text *t);
void dt_add(demo_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text, or NULL (and b->ok cleared, with a message on stderr) when it overflowed. */
const char *dt_str(demo_b *b, const demo_text *t);

/* Agencies ("OPD") appearing in the data set; letterhead = kop surat lines 2 and 3. */
typedef struct {
    const char *code;    /* "BAPENDA" */
    const char *name;    /* "Badan Pendapatan Daerah Provinsi Bali" */
    const char *kop;     /* "BADAN PENDAPATAN DAERAH" */
    const char *address; /* "Jalan ... Denpasar" */
} demo_agency;
const demo_agency *demo_agency_find(const char *code); /* NULL when unknown */

/* Officials, as in the data set's "officials" array. */
typedef struct {
    const char *id, *nip, *name, *title, *unit;
    const char
        *rank; /* pangkat/golongan printed in signature blocks, e.g. "Pembina Utama (IV/e)" */
    bool disposisi;
    const char *tte_status, *passphrase;
} demo_official;
const demo_official *demo_official_find(const char *id); /* NULL when unknown */
/* Signature block: "Denpasar, 2 Juli 2020\n<position>,\n\n\n\n<name>\n<rank>\nNIP <nip>". date may
 * be NULL (no place/date line, as in a draft awaiting its e-signature date). position may span
 * lines: "a.n. SEKRETARIS DAERAH PROVINSI BALI\nKepala Biro Hukum" when signing on behalf. */
void demo_signature(char *buf, size_t cap, const char *iso_date, const char *position,
                    const demo_official *o);

/* One attachment page (see pages.h for the body mark-up). letterhead entries may be NULL. */
typedef struct {
    const char *format; /* "png" or "jpeg" */
    const char *letterhead[3];
    const char *title; /* NULL: JSON null */
    const char *body;
    const char *signature; /* NULL: JSON null */
} demo_page;

typedef struct {
    const char *at, *event, *actor, *note;
} demo_event;

typedef struct {
    const char *id, *type, *agency, *title, *summary, *urgency;
    const char *deadline; /* NULL: JSON null */
    const char *received_at;
} demo_item_head;

/* Appends an item with the head fields, "assignee": "sekda" and the type's "actions"; returns it so
 * the caller adds "content" next, then calls demo_item_finish. */
cJSON *demo_item_begin(demo_b *b, cJSON *items, const demo_item_head *h);
/* Adds "timeline" (events up to the first with at == NULL, at most n) and "pages" likewise. */
void demo_item_finish(demo_b *b, cJSON *item, const demo_event *ev, size_t n_ev,
                      const demo_page *pages, size_t n_pages);
/* The three kop lines of an agency of Pemprov Bali. */
void demo_kop(const demo_agency *a, const char *out[3]);

/* Append the demo items to the array `items`: revenue, audit, then demo_spending_add's procurement
 * and SPJ, then the budget (demo_items.c); the letters (demo_letters.c). */
void demo_reports_add(demo_b *b, cJSON *items);
void demo_spending_add(demo_b *b, cJSON *items);
void demo_letters_add(demo_b *b, cJSON *items);

#endif
