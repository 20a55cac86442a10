/* demo: the demo data set (Pemprov Bali at 2020-07-06T01:00:00Z, Monday 09:00 WITA) as one cJSON
 * document: officials, inbox items (demo_items.c, demo_spending.c, demo_letters.c), the service
 * board, announcements and field assignments, shaped as docs/items.md specifies. Also holds the
 * builders shared by those files (demo_build.h). */
#include "demo.h"
#include "demo_build.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DEMO_NOW "2020-07-06T01:00:00Z"

/* ---- cJSON builders ---------------------------------------------------------------------- */

static cJSON *db_attach(demo_b *b, cJSON *parent, const char *key, cJSON *item)
{
    if (!item) {
        b->ok = false;
        return NULL;
    }
    bool added = parent && (key ? cJSON_AddItemToObject(parent, key, item)
                                : cJSON_AddItemToArray(parent, item));
    if (!added) {
        cJSON_Delete(item);
        b->ok = false;
        return NULL;
    }
    return item;
}

cJSON *db_obj(demo_b *b, cJSON *parent, const char *key)
{
    return db_attach(b, parent, key, cJSON_CreateObject());
}

cJSON *db_arr(demo_b *b, cJSON *parent, const char *key)
{
    return db_attach(b, parent, key, cJSON_CreateArray());
}

void db_str(demo_b *b, cJSON *parent, const char *key, const char *s)
{
    db_attach(b, parent, key, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

void db_int(demo_b *b, cJSON *parent, const char *key, long long v)
{
    db_attach(b, parent, key, cJSON_CreateNumber((double)v));
}

void db_num(demo_b *b, cJSON *parent, const char *key, double v)
{
    db_attach(b, parent, key, cJSON_CreateNumber(v));
}

void db_bool(demo_b *b, cJSON *parent, const char *key, bool v)
{
    db_attach(b, parent, key, cJSON_CreateBool(v));
}

void db_null(demo_b *b, cJSON *parent, const char *key)
{
    db_attach(b, parent, key, cJSON_CreateNull());
}

/* ---- numbers and text -------------------------------------------------------------------- */

long long demo_div_round(long long num, long long den)
{
    if (num >= 0)
        return (2 * num + den) / (2 * den);
    return -((2 * -num + den) / (2 * den));
}

long long demo_pct_hundredths(long long num, long long den)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    return demo_div_round(num * 10000, den);
}

double demo_pct(long long num, long long den)
{
    return (double)demo_pct_hundredths(num, den) / 100.0;
}

void demo_thousands(char *buf, size_t cap, long long v)
{
    char rev[40];
    size_t n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        if (n > 0 && n % 4 == 3)
            rev[n++] = '.';
        rev[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        rev[n++] = '-';
    char out[40];
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    out[n] = '\0';
    snprintf(buf, cap, "%s", out);
}

void demo_rupiah(char *buf, size_t cap, long long v)
{
    char num[40];
    demo_thousands(num, sizeof num, v < 0 ? -v : v);
    snprintf(buf, cap, "%sRp %s", v < 0 ? "-" : "", num);
}

void demo_pct_text(char *buf, size_t cap, long long hundredths)
{
    long long a = hundredths < 0 ? -hundredths : hundredths;
    snprintf(buf, cap, "%s%lld,%02lld", hundredths < 0 ? "-" : "", a / 100, a % 100);
}

static bool parse_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool parse_date(const char *iso, int *y, int *m, int *d)
{
    return iso && strlen(iso) >= 10 && iso[4] == '-' && iso[7] == '-' && parse_digits(iso, 4, y) &&
           parse_digits(iso + 5, 2, m) && parse_digits(iso + 8, 2, d) && *m >= 1 && *m <= 12 &&
           *d >= 1 && *d <= 31;
}

static const char *const month_names[12] = {"Januari",   "Februari", "Maret",    "April",
                                            "Mei",       "Juni",     "Juli",     "Agustus",
                                            "September", "Oktober",  "November", "Desember"};

void demo_date_text(char *buf, size_t cap, const char *iso_date)
{
    int y, m, d;
    if (!parse_date(iso_date, &y, &m, &d)) {
        snprintf(buf, cap, "%s", iso_date ? iso_date : "");
        return;
    }
    snprintf(buf, cap, "%d %s %d", d, month_names[m - 1], y);
}

int demo_day_of_year(const char *iso, int *days_in_year)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    if (!parse_date(iso, &y, &m, &d))
        return 0;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int doy = d;
    for (int i = 0; i < m - 1; i++)
        doy += mdays[i] + (i == 1 && leap);
    if (days_in_year)
        *days_in_year = leap ? 366 : 365;
    return doy;
}

void dt_init(demo_text *t)
{
    t->buf[0] = '\0';
    t->len = 0;
    t->overflow = false;
}

void dt_add(demo_text *t, const char *fmt, ...)
{
    if (t->overflow)
        return;
    size_t room = sizeof t->buf - t->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room) {
        t->overflow = true;
        t->buf[t->len] = '\0';
        return;
    }
    t->len += (size_t)n;
}

const char *dt_str(demo_b *b, const demo_text *t)
{
    if (t->overflow) {
        fprintf(stderr, "demo: page text longer than %zu bytes\n", sizeof t->buf);
        b->ok = false;
        return NULL;
    }
    return t->buf;
}

/* ---- agencies and officials -------------------------------------------------------------- */

#define KOP_SETDA  "SEKRETARIAT DAERAH"
#define ADDR_SETDA "Jalan Basuki Rahmat, Niti Mandala Renon, Denpasar 80235"

static const demo_agency agencies[] = {
    {"BAPENDA", "Badan Pendapatan Daerah Provinsi Bali", "BADAN PENDAPATAN DAERAH",
     "Jalan D.I. Panjaitan No. 2, Niti Mandala Renon, Denpasar 80235"},
    {"INSPEKTORAT", "Inspektorat Provinsi Bali", "INSPEKTORAT",
     "Jalan Kapten Tantular No. 11, Niti Mandala Renon, Denpasar 80235"},
    {"BIRO-PBJ", "Biro Pengadaan Barang dan Jasa Setda Provinsi Bali", KOP_SETDA, ADDR_SETDA},
    {"BIRO-UMUM", "Biro Umum dan Protokol Setda Provinsi Bali", KOP_SETDA, ADDR_SETDA},
    {"BIRO-PEM", "Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Bali", KOP_SETDA, ADDR_SETDA},
    {"BIRO-HUKUM", "Biro Hukum Setda Provinsi Bali", KOP_SETDA, ADDR_SETDA},
    {"DISKOMINFOS", "Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
     "DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK",
     "Jalan D.I. Panjaitan No. 7, Niti Mandala Renon, Denpasar 80235"},
    {"DINKES", "Dinas Kesehatan Provinsi Bali", "DINAS KESEHATAN",
     "Jalan Melati No. 20, Dangin Puri Kangin, Denpasar 80233"},
    {"BPBD", "Badan Penanggulangan Bencana Daerah Provinsi Bali",
     "BADAN PENANGGULANGAN BENCANA DAERAH",
     "Jalan Kapten Tantular No. 6, Niti Mandala Renon, Denpasar 80235"},
    {"BPKAD", "Badan Pengelola Keuangan dan Aset Daerah Provinsi Bali",
     "BADAN PENGELOLA KEUANGAN DAN ASET DAERAH", ADDR_SETDA},
    {"BAPPEDA", "Badan Perencanaan Pembangunan Daerah Provinsi Bali",
     "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
     "Jalan Kusuma Atmaja, Niti Mandala Renon, Denpasar 80235"},
    {"PUPRKIM",
     "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman Provinsi Bali",
     "DINAS PEKERJAAN UMUM, PENATAAN RUANG, PERUMAHAN DAN KAWASAN PERMUKIMAN",
     "Jalan Beliton No. 2, Dauh Puri Kangin, Denpasar 80113"},
    {"DISDIKPORA", "Dinas Pendidikan, Kepemudaan dan Olahraga Provinsi Bali",
     "DINAS PENDIDIKAN, KEPEMUDAAN DAN OLAHRAGA",
     "Jalan Raya Puputan No. 10, Niti Mandala Renon, Denpasar 80235"},
};

const demo_agency *demo_agency_find(const char *code)
{
    for (size_t i = 0; i < sizeof agencies / sizeof agencies[0]; i++)
        if (strcmp(agencies[i].code, code) == 0)
            return &agencies[i];
    return NULL;
}

void demo_kop(const demo_agency *a, const char *out[3])
{
    out[0] = "PEMERINTAH PROVINSI BALI";
    out[1] = a ? a->kop : NULL;
    out[2] = a ? a->address : NULL;
}

/* NIP = birth date (8) + civil-service start YYYYMM (6) + sex (1 = male, 2 = female) + serial (3).
 */
static const demo_official officials[] = {
    {"sekda", "196710151993031009", "I Gusti Ngurah Wiradharma", "Sekretaris Daerah Provinsi Bali",
     "Sekretariat Daerah", "Pembina Utama Madya (IV/d)", false, "registered", "Paraf#Bali2020"},
    {"asisten-1", "196603171992031008", "Drs. I Nyoman Gde Sukerta Jaya, M.Si.",
     "Asisten Pemerintahan dan Kesejahteraan Rakyat", "Sekretariat Daerah",
     "Pembina Utama Muda (IV/c)", true, "not_registered", "Rahasia#2020"},
    {"asisten-2", "196808221995031004", "Ir. I Made Ariasa Wiguna, M.T.",
     "Asisten Perekonomian dan Pembangunan", "Sekretariat Daerah", "Pembina Utama Muda (IV/c)",
     true, "registered", "Ekonomi#Bali2020"},
    {"asisten-3", "197002141996032003", "Dr. Ni Luh Made Sekarini, S.H., M.H.",
     "Asisten Administrasi Umum", "Sekretariat Daerah", "Pembina Utama Muda (IV/c)", true,
     "registered", "Umum#Bali2020"},
    {"karo-pemerintahan", "197706111996121001", "I Gusti Ngurah Bagus Wiradana, S.STP., M.Si.",
     "Kepala Biro Pemerintahan dan Otonomi Daerah", "Sekretariat Daerah",
     "Pembina Tingkat I (IV/b)", true, "registered", "Otda#Bali2020"},
    {"karo-hukum", "197104251998031005", "Ida Bagus Ketut Adnyana, S.H., M.H.", "Kepala Biro Hukum",
     "Sekretariat Daerah", "Pembina Tingkat I (IV/b)", true, "expired", "Hukum#Bali2019"},
    {"karo-pbj", "197512092000121002", "I Wayan Darma Suteja, S.T., M.T.",
     "Kepala Biro Pengadaan Barang dan Jasa", "Sekretariat Daerah", "Pembina Tingkat I (IV/b)",
     true, "registered", "Pbj#Bali2020"},
    {"kaban-bapenda", "196712281993031006", "Drs. I Ketut Lanus Arsana, M.Si.",
     "Kepala Badan Pendapatan Daerah Provinsi Bali", "Badan Pendapatan Daerah",
     "Pembina Utama Muda (IV/c)", true, "registered", "Pad#Bali2020"},
    {"inspektur", "196904031994032007", "Ni Wayan Sri Astiti Dewi, S.E., M.Si., Ak.",
     "Inspektur Provinsi Bali", "Inspektorat", "Pembina Utama Muda (IV/c)", true, "registered",
     "Audit#Bali2020"},
    {"kadis-kominfos", "197301171999031003", "I Gede Putu Adi Suryawan, S.Kom., M.T.",
     "Kepala Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
     "Dinas Komunikasi, Informatika dan Statistik", "Pembina Tingkat I (IV/b)", true, "registered",
     "Kominfos#Bali2020"},
    {"kaban-bpkad", "197006301997032004", "Dewa Ayu Putu Widiantari, S.E., M.M.",
     "Kepala Badan Pengelola Keuangan dan Aset Daerah Provinsi Bali",
     "Badan Pengelola Keuangan dan Aset Daerah", "Pembina Utama Muda (IV/c)", true, "registered",
     "Aset#Bali2020"},
    {"kaban-bappeda", "196609121993031011", "Ir. Anak Agung Gede Rai Wisnawa, M.Si.",
     "Kepala Badan Perencanaan Pembangunan Daerah Provinsi Bali",
     "Badan Perencanaan Pembangunan Daerah", "Pembina Utama Muda (IV/c)", true, "registered",
     "Rencana#Bali2020"},
    {"petugas-01", "199105162015031002", "I Komang Budi Artawan, A.Md.",
     "Pengelola Data Pendapatan (Petugas Lapangan)", "Badan Pendapatan Daerah",
     "Pengatur Tingkat I (II/d)", false, "not_registered", "Lapangan#2020"},
    {"petugas-02", "199208072019022001", "Ni Kadek Ayu Pradnyani, S.T.",
     "Teknik Pengawas Bangunan (Petugas Lapangan)",
     "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
     "Penata Muda (III/a)", false, "not_registered", "Lapangan#2020"},
};

const demo_official *demo_official_find(const char *id)
{
    for (size_t i = 0; i < sizeof officials / sizeof officials[0]; i++)
        if (strcmp(officials[i].id, id) == 0)
            return &officials[i];
    return NULL;
}

void demo_signature(char *buf, size_t cap, const char *iso_date, const char *position,
                    const demo_official *o)
{
    char date[64] = "";
    if (iso_date) {
        char d[32];
        demo_date_text(d, sizeof d, iso_date);
        snprintf(date, sizeof date, "Denpasar, %s\n", d);
    }
    snprintf(buf, cap, "%s%s,\n\n\n\n%s\n%s\nNIP %s", date, position, o ? o->name : "",
             o ? o->rank : "", o ? o->nip : "");
}

static void add_officials(demo_b *b, cJSON *root)
{
    cJSON *arr = db_arr(b, root, "officials");
    for (size_t i = 0; i < sizeof officials / sizeof officials[0]; i++) {
        const demo_official *o = &officials[i];
        cJSON *j = db_obj(b, arr, NULL);
        db_str(b, j, "id", o->id);
        db_str(b, j, "nip", o->nip);
        db_str(b, j, "name", o->name);
        db_str(b, j, "title", o->title);
        db_str(b, j, "unit", o->unit);
        db_bool(b, j, "disposisi", o->disposisi);
        cJSON *tte = db_obj(b, j, "tte");
        db_str(b, tte, "status", o->tte_status);
        db_str(b, tte, "passphrase", o->passphrase);
    }
}

/* ---- items: common head and tail --------------------------------------------------------- */

static const struct {
    const char *type;
    const char *actions[4];
} type_actions[] = {
    {"revenue_report", {"acknowledge", "return"}},
    {"audit_report", {"approve", "return", "forward"}},
    {"procurement", {"approve", "reject", "return"}},
    {"spj", {"approve", "return"}},
    {"letter_in", {"forward"}},
    {"letter_out", {"sign", "return"}},
    {"budget_summary", {"approve", "return"}},
};

cJSON *demo_item_begin(demo_b *b, cJSON *items, const demo_item_head *h)
{
    const demo_agency *ag = demo_agency_find(h->agency);
    cJSON *it = db_obj(b, items, NULL);
    db_str(b, it, "id", h->id);
    db_str(b, it, "type", h->type);
    cJSON *a = db_obj(b, it, "agency");
    db_str(b, a, "code", h->agency);
    db_str(b, a, "name", ag ? ag->name : h->agency);
    db_str(b, it, "title", h->title);
    db_str(b, it, "summary", h->summary);
    db_str(b, it, "urgency", h->urgency);
    db_str(b, it, "deadline", h->deadline);
    db_str(b, it, "received_at", h->received_at);
    db_str(b, it, "assignee", "sekda");
    cJSON *acts = db_arr(b, it, "actions");
    for (size_t i = 0; i < sizeof type_actions / sizeof type_actions[0]; i++) {
        if (strcmp(type_actions[i].type, h->type) != 0)
            continue;
        for (size_t k = 0; k < 4 && type_actions[i].actions[k]; k++)
            db_str(b, acts, NULL, type_actions[i].actions[k]);
    }
    return it;
}

void demo_item_finish(demo_b *b, cJSON *item, const demo_event *ev, size_t n_ev,
                      const demo_page *pages, size_t n_pages)
{
    cJSON *tl = db_arr(b, item, "timeline");
    for (size_t i = 0; i < n_ev && ev[i].at; i++) {
        cJSON *e = db_obj(b, tl, NULL);
        db_str(b, e, "at", ev[i].at);
        db_str(b, e, "event", ev[i].event);
        db_str(b, e, "actor", ev[i].actor);
        db_str(b, e, "note", ev[i].note);
    }
    cJSON *pg = db_arr(b, item, "pages");
    for (size_t i = 0; i < n_pages && pages[i].body; i++) {
        cJSON *p = db_obj(b, pg, NULL);
        db_str(b, p, "format", pages[i].format);
        cJSON *lh = db_arr(b, p, "letterhead");
        for (int k = 0; k < 3; k++)
            if (pages[i].letterhead[k])
                db_str(b, lh, NULL, pages[i].letterhead[k]);
        db_str(b, p, "title", pages[i].title);
        db_str(b, p, "body", pages[i].body);
        db_str(b, p, "signature", pages[i].signature);
    }
}

/* ---- service hall board ------------------------------------------------------------------ */

/* Aksara Bali, written in code points so the exact sequence is reviewable. Word-final consonants
 * take adeg-adeg (U+1B44); inner clusters are consonant + adeg-adeg + consonant (gantungan). */
/* ᬫᬮ᭄ ᬧᭂᬮᬬᬦᬦ᭄ ᬧᬸᬩ᭄ᬮᬶᬓ᭄ ᬧ᭄ᬭᭀᬯᬶᬦ᭄ᬲᬶ ᬩᬮᬶ  "Mal Pelayanan Publik Provinsi Bali" */
#define BALI_HALL                                                                                  \
    "\u1B2B\u1B2E\u1B44 \u1B27\u1B42\u1B2E\u1B2C\u1B26\u1B26\u1B44 "                               \
    "\u1B27\u1B38\u1B29\u1B44\u1B2E\u1B36\u1B13\u1B44 "                                            \
    "\u1B27\u1B44\u1B2D\u1B40\u1B2F\u1B36\u1B26\u1B44\u1B32\u1B36 \u1B29\u1B2E\u1B36"
#define BALI_SAMSAT   "\u1B32\u1B2B\u1B44\u1B32\u1B22\u1B44"                   /* Samsat */
#define BALI_DUKCAPIL "\u1B24\u1B38\u1B13\u1B44\u1B18\u1B27\u1B36\u1B2E\u1B44" /* Dukcapil */
#define BALI_IMIGRASI "\u1B07\u1B2B\u1B36\u1B15\u1B44\u1B2D\u1B32\u1B36"       /* Imigrasi */

typedef struct {
    int day; /* ISO weekday, 1 = Monday */
    const char *open, *close;
} demo_hours;

/* Office hours in the hall; a weekday that is absent is closed. */
static const demo_hours hours_office[] = {{1, "08:00", "15:00"}, {2, "08:00", "15:00"},
                                          {3, "08:00", "15:00"}, {4, "08:00", "15:00"},
                                          {5, "08:00", "13:00"}, {0, NULL, NULL}};
static const demo_hours hours_saturday[] = {
    {1, "08:00", "15:00"}, {2, "08:00", "15:00"}, {3, "08:00", "15:00"}, {4, "08:00", "15:00"},
    {5, "08:00", "13:00"}, {6, "08:00", "12:00"}, {0, NULL, NULL}};
static const demo_hours hours_national[] = {{1, "08:00", "15:00"}, {2, "08:00", "15:00"},
                                            {3, "08:00", "15:00"}, {4, "08:00", "15:00"},
                                            {5, "08:00", "14:00"}, {0, NULL, NULL}};
static const demo_hours hours_tue_thu[] = {
    {2, "08:00", "12:00"}, {4, "08:00", "12:00"}, {0, NULL, NULL}};

/* National holidays and joint leave (cuti bersama) of the second half of 2020, plus the Bali
 * holidays Galungan and Umanis Galungan that the province's own offices observe. */
static const char *const holidays_national[] = {
    "2020-07-31", "2020-08-17", "2020-08-20", "2020-08-21", "2020-10-28", "2020-10-29",
    "2020-10-30", "2020-12-09", "2020-12-24", "2020-12-25", "2020-12-31", NULL};
static const char *const holidays_bali[] = {"2020-07-31", "2020-08-17", "2020-08-20", "2020-08-21",
                                            "2020-09-16", "2020-09-17", "2020-10-28", "2020-10-29",
                                            "2020-10-30", "2020-12-09", "2020-12-24", "2020-12-25",
                                            "2020-12-31", NULL};

typedef struct {
    const char *id, *name, *name_bali, *agency, *status, *status_message;
    int quota_daily;
    int issued; /* tickets issued today = quota_daily - quota_remaining */
    int served; /* served_today */
    char prefix;
    int first_counter, counters; /* "Loket first_counter" .. + counters - 1 */
    int avg_min;                 /* minutes per customer at one counter */
    const demo_hours *hours;
    const char *const *holidays;
} demo_service;

static const demo_service services[] = {
    {"samsat-pkb", "Pembayaran PKB dan Pengesahan STNK", BALI_SAMSAT,
     "UPTD PPD Badan Pendapatan Daerah Provinsi Bali (Samsat Denpasar)", "gangguan",
     "Gangguan jaringan e-Samsat sejak 08.30 WITA. Pembayaran PKB tetap dilayani, pengesahan "
     "STNK menyusul.",
     150, 46, 21, 'A', 1, 3, 9, hours_saturday, holidays_bali},
    {"dukcapil-ktp", "Perekaman dan Pencetakan KTP-el", BALI_DUKCAPIL,
     "Dinas Kependudukan dan Pencatatan Sipil Kota Denpasar", "buka",
     "Bawa fotokopi Kartu Keluarga. Blangko KTP-el tersedia.", 80, 31, 12, 'B', 4, 2, 7,
     hours_office, holidays_bali},
    {"dukcapil-kk", "Kartu Keluarga dan Akta Kelahiran", BALI_DUKCAPIL,
     "Dinas Kependudukan dan Pencatatan Sipil Kota Denpasar", "buka",
     "Dokumen selesai dalam 1 hari kerja; dapat dicetak mandiri dengan kertas HVS A4.", 60, 18, 7,
     'C', 6, 1, 10, hours_office, holidays_bali},
    {"dpmptsp-izin", "Perizinan Berusaha (OSS) dan Non-Berusaha", NULL,
     "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Bali", "buka",
     "Konsultasi perizinan OSS RBA dan izin usaha pariwisata.", 50, 9, 4, 'D', 7, 2, 20,
     hours_office, holidays_bali},
    {"kpp-pajak", "Layanan Perpajakan (NPWP, SPT, e-Filing)", NULL, "KPP Pratama Denpasar Timur",
     "buka", "Pengajuan insentif pajak PMK 86/2020 dilayani di loket ini.", 70, 15, 6, 'E', 9, 2,
     12, hours_national, holidays_national},
    {"bpjs-kesehatan", "BPJS Kesehatan: Pendaftaran dan Perubahan Data", NULL,
     "BPJS Kesehatan Kantor Cabang Denpasar", "buka",
     "Perubahan kelas rawat dapat diajukan melalui aplikasi Mobile JKN.", 60, 22, 9, 'F', 11, 2, 8,
     hours_national, holidays_national},
    {"bpjs-tk-jht", "BPJS Ketenagakerjaan: Klaim Jaminan Hari Tua", NULL,
     "BPJS Ketenagakerjaan Kantor Cabang Denpasar", "kuota_penuh",
     "Kuota klaim JHT hari ini habis. Daftar antrean untuk besok melalui "
     "antrian.bpjsketenagakerjaan"
     ".go.id.",
     40, 40, 10, 'G', 13, 2, 15, hours_national, holidays_national},
    {"imigrasi-paspor", "Permohonan Paspor RI", BALI_IMIGRASI,
     "Kantor Imigrasi Kelas I TPI Denpasar", "buka",
     "Hanya pemohon dengan nomor antrean daring (aplikasi APAPO) hari ini.", 30, 14, 5, 'H', 15, 1,
     15, hours_national, holidays_national},
    {"polri-skck", "Penerbitan SKCK", NULL, "Kepolisian Resor Kota Denpasar", "buka",
     "Bawa pas foto 4x6 latar merah sebanyak 6 lembar.", 60, 19, 8, 'I', 16, 1, 6, hours_office,
     holidays_national},
    {"kejari-tilang", "Pengambilan Barang Bukti Tilang", NULL, "Kejaksaan Negeri Denpasar", "tutup",
     "Loket dibuka Selasa dan Kamis, 08.00-12.00 WITA. Denda dapat dibayar melalui BRIVA.", 100, 0,
     0, 'J', 17, 1, 5, hours_tue_thu, holidays_national},
    {"pdam-denpasar", "Pembayaran dan Pengaduan Air Minum", NULL,
     "Perumda Air Minum Tirta Sewakadarma Kota Denpasar", "buka",
     "Pengaduan kebocoran pipa juga dapat disampaikan ke nomor layanan 24 jam.", 40, 6, 3, 'K', 18,
     1, 5, hours_office, holidays_bali},
};

static void add_service(demo_b *b, cJSON *arr, const demo_service *s)
{
    /* Tickets issued = served + waiting + the one at a counter now. A closed service has no
     * ticket at a counter; a disrupted one keeps its current ticket at the counter. */
    bool open = strcmp(s->status, "tutup") != 0;
    int in_service = open && s->issued > s->served ? 1 : 0;
    int waiting = s->issued - s->served - in_service;
    char ticket[16], counter[16];
    snprintf(ticket, sizeof ticket, "%c-%03d", s->prefix, s->served + 1);
    /* the next free counter in rotation */
    snprintf(counter, sizeof counter, "Loket %d", s->first_counter + s->served % s->counters);

    cJSON *j = db_obj(b, arr, NULL);
    db_str(b, j, "id", s->id);
    db_str(b, j, "name", s->name);
    if (s->name_bali)
        db_str(b, j, "name_bali", s->name_bali);
    db_str(b, j, "agency", s->agency);
    db_str(b, j, "status", s->status);
    db_str(b, j, "status_message", s->status_message);
    db_int(b, j, "quota_daily", s->quota_daily);
    db_int(b, j, "quota_remaining", s->quota_daily - s->issued);
    db_str(b, j, "now_serving", in_service ? ticket : NULL);
    db_str(b, j, "counter", in_service ? counter : NULL);
    db_int(b, j, "waiting", waiting);
    db_int(b, j, "served_today", s->served);
    /* every waiting customer shares the counters; round up to whole minutes */
    db_int(b, j, "est_wait_min", (waiting * s->avg_min + s->counters - 1) / s->counters);
    cJSON *hours = db_arr(b, j, "hours");
    for (const demo_hours *h = s->hours; h->day; h++) {
        cJSON *d = db_obj(b, hours, NULL);
        db_int(b, d, "day", h->day);
        db_str(b, d, "open", h->open);
        db_str(b, d, "close", h->close);
    }
    cJSON *hol = db_arr(b, j, "holidays");
    for (const char *const *d = s->holidays; *d; d++)
        db_str(b, hol, NULL, *d);
}

static void add_hall(demo_b *b, cJSON *root)
{
    cJSON *hall = db_obj(b, root, "hall");
    db_str(b, hall, "name", "Mal Pelayanan Publik Provinsi Bali");
    db_str(b, hall, "name_bali", BALI_HALL);
    db_str(b, hall, "address", "Jalan Cok Agung Tresna No. 1, Niti Mandala Renon, Denpasar 80235");
    cJSON *arr = db_arr(b, root, "services");
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
        add_service(b, arr, &services[i]);
}

/* ---- announcements ----------------------------------------------------------------------- */

static const struct {
    const char *id, *text, *from, *until, *priority;
} announcements[] = {
    {"ann-001",
     "Wajib memakai masker, mencuci tangan, dan menjaga jarak minimal 1 meter selama berada di Mal "
     "Pelayanan Publik.",
     "2020-06-01T00:00:00Z", "2020-12-31T15:59:59Z", "penting"},
    {"ann-002",
     "Layanan Samsat: gangguan jaringan e-Samsat sejak pukul 08.30 WITA. Pembayaran PKB tetap "
     "dilayani, pengesahan STNK menyusul.",
     "2020-07-06T00:30:00Z", "2020-07-06T07:00:00Z", "penting"},
    {"ann-003",
     "Program pembebasan sanksi administratif (denda) PKB dan BBNKB II berlaku sampai dengan 31 "
     "Juli 2020.",
     "2020-06-15T00:00:00Z", "2020-07-31T15:59:59Z", "info"},
    {"ann-004",
     "Hari Raya Idul Adha 1441 H: Jumat, 31 Juli 2020, seluruh layanan tutup dan buka kembali "
     "Senin, 3 Agustus 2020.",
     "2020-07-24T00:00:00Z", "2020-07-31T15:59:59Z", "info"},
    {"ann-005",
     "Antrean klaim JHT BPJS Ketenagakerjaan kini hanya melalui pendaftaran daring sehari "
     "sebelumnya.",
     "2020-06-22T00:00:00Z", "2020-08-31T15:59:59Z", "info"},
    {"ann-006",
     "Layanan perekaman KTP-el di Mal Pelayanan Publik kembali dibuka mulai 15 Juni 2020.",
     "2020-06-10T00:00:00Z", "2020-06-30T15:59:59Z", "info"},
};

static void add_announcements(demo_b *b, cJSON *root)
{
    cJSON *arr = db_arr(b, root, "announcements");
    for (size_t i = 0; i < sizeof announcements / sizeof announcements[0]; i++) {
        cJSON *j = db_obj(b, arr, NULL);
        db_str(b, j, "id", announcements[i].id);
        db_str(b, j, "text", announcements[i].text);
        db_str(b, j, "from", announcements[i].from);
        db_str(b, j, "until", announcements[i].until);
        db_str(b, j, "priority", announcements[i].priority);
    }
}

/* ---- field assignments ------------------------------------------------------------------- */

typedef struct {
    const char *key, *label, *kind;
    bool required;
    const char *choices[8]; /* "choice", "multi": NULL-terminated */
    const char *unit;       /* "number": optional unit label */
    bool has_min, has_max;  /* "number": optional range */
    double min, max;
    int decimals;               /* "number": -1 leaves it out (the default, 2, applies) */
    int min_photos, max_photos; /* "photo"; max_photos 0 leaves it out */
} demo_field;

/* clang-format off */
#define F_TEXT(k, l, r)  {.key = k, .label = l, .kind = "text", .required = r}
#define F_YESNO(k, l, r) {.key = k, .label = l, .kind = "yesno", .required = r}
#define F_DATE(k, l, r)  {.key = k, .label = l, .kind = "date", .required = r}
#define F_LOC(k, l, r)   {.key = k, .label = l, .kind = "location", .required = r}
#define F_NUM(k, l, r, u, lo, hi, d)                                                               \
    {.key = k, .label = l, .kind = "number", .required = r, .unit = u, .has_min = true,           \
     .has_max = true, .min = lo, .max = hi, .decimals = d}
#define F_NUM_MIN(k, l, r, u, lo, d)                                                               \
    {.key = k, .label = l, .kind = "number", .required = r, .unit = u, .has_min = true,           \
     .min = lo, .decimals = d}
#define F_CHOICE(k, l, r, ...)                                                                     \
    {.key = k, .label = l, .kind = "choice", .required = r, .choices = {__VA_ARGS__, NULL}}
#define F_MULTI(k, l, r, ...)                                                                      \
    {.key = k, .label = l, .kind = "multi", .required = r, .choices = {__VA_ARGS__, NULL}}
#define F_PHOTO(k, l, r, lo, hi)                                                                   \
    {.key = k, .label = l, .kind = "photo", .required = r, .min_photos = lo, .max_photos = hi}
/* clang-format on */

typedef struct {
    const char *id, *title, *agency, *assignee;
    const char *place, *address;
    double lat, lon;
    const char *instructions, *due, *priority, *status;
    demo_field form[10]; /* up to the first with key == NULL */
} demo_assignment;

/* tgs-001 (petugas-01's first due) has a field of every kind; the device's end-to-end test fills
 * it in, with 3 photos. */
static const demo_assignment assignments[] = {
    {"tgs-001",
     "Verifikasi objek Pajak Air Permukaan PT Tirta Ayung Lestari",
     "BAPENDA",
     "petugas-01",
     "Instalasi pengambilan air PT Tirta Ayung Lestari",
     "Jalan Raya Kedewatan, Desa Kedewatan, Ubud, Gianyar",
     -8.4862,
     115.2471,
     "Periksa meter air pada titik pengambilan Tukad Ayung, catat angka meter dan volume "
     "pemakaian bulan Juni 2020, lalu cocokkan dengan SPTPD yang dilaporkan wajib pajak.",
     "2020-07-07T02:00:00Z",
     "tinggi",
     "baru",
     {F_NUM("angka_meter", "Angka meter air saat ini", true, "m³", 0, 99999999, 0),
      F_NUM_MIN("volume_juni", "Volume pemakaian Juni 2020", true, "m³", 0, -1),
      F_CHOICE("kondisi_meter", "Kondisi meter air", true, "Berfungsi baik", "Rusak",
               "Tidak terbaca", "Tidak ada meter"),
      F_YESNO("segel_utuh", "Apakah segel meter utuh?", true),
      F_DATE("tera_terakhir", "Tanggal pemeriksaan (tera) terakhir pada label meter", true),
      F_MULTI("temuan", "Temuan", true, "Kebocoran pipa", "Meter tidak terbaca",
              "Pengambilan di luar izin", "Segel rusak atau diganti", "Tidak ada temuan"),
      F_PHOTO("foto_meter", "Foto meter air, segel, dan titik pengambilan", true, 3, 6),
      F_LOC("lokasi", "Titik lokasi pengambilan air", true),
      F_TEXT("catatan", "Catatan petugas", false)}},
    {"tgs-002",
     "Pemantauan perbaikan ruas jalan provinsi Tabanan - Penebel",
     "PUPRKIM",
     "petugas-02",
     "Ruas jalan provinsi Tabanan - Penebel km 9+400",
     "Desa Riang Gede, Penebel, Tabanan",
     -8.4617,
     115.1358,
     "Catat kemajuan fisik penambalan dan pelapisan ulang aspal, ketebalan lapisan, serta kondisi "
     "rambu pengaman kerja. Ambil foto dari titik 0, 50, dan 100 meter.",
     "2020-07-07T07:00:00Z",
     "normal",
     "dikerjakan",
     {F_NUM("progres_fisik", "Kemajuan fisik pekerjaan", true, "%", 0, 100, 0),
      F_NUM("tebal_aspal", "Tebal lapisan aspal terpasang", true, "cm", 0, 30, 1),
      F_CHOICE("rambu", "Rambu pengaman kerja", true, "Lengkap", "Kurang lengkap", "Tidak ada"),
      F_YESNO("pekerja_ada", "Apakah pekerja penyedia ada di lokasi?", true),
      F_PHOTO("foto_progres", "Foto titik 0, 50, dan 100 m", true, 3, 3),
      F_LOC("lokasi", "Lokasi pemantauan", true), F_TEXT("catatan", "Catatan", false)}},
    {"tgs-003",
     "Pendataan dampak banjir di Desa Pergung, Mendoyo",
     "BPBD",
     "petugas-02",
     "Banjar Dinas Pangkung Dedari, Desa Pergung",
     "Desa Pergung, Kecamatan Mendoyo, Jembrana",
     -8.3792,
     114.7236,
     "Data rumah terdampak luapan Tukad Pergung pada 3 Juli 2020: jumlah KK, rumah rusak, dan "
     "kebutuhan mendesak. Koordinasikan dengan perbekel sebelum pendataan.",
     "2020-07-06T09:00:00Z",
     "tinggi",
     "baru",
     {F_NUM("kk_terdampak", "Jumlah KK terdampak", true, "KK", 0, 5000, 0),
      F_NUM("rumah_rusak_berat", "Rumah rusak berat", true, "unit", 0, 5000, 0),
      F_YESNO("korban_jiwa", "Apakah ada korban jiwa?", true),
      F_MULTI("kebutuhan", "Kebutuhan mendesak (boleh lebih dari satu)", true, "Air bersih",
              "Makanan siap saji", "Terpal dan selimut", "Layanan kesehatan", "Perahu evakuasi"),
      F_PHOTO("foto_dampak", "Foto kondisi terdampak", true, 3, 10),
      F_LOC("lokasi", "Lokasi", true), F_TEXT("keterangan", "Keterangan tambahan", false)}},
    {"tgs-004",
     "Pendataan kios di kawasan Taman Budaya (Art Centre) untuk retribusi",
     "BAPENDA",
     "petugas-01",
     "Taman Budaya Provinsi Bali (Art Centre)",
     "Jalan Nusa Indah, Panjer, Denpasar Selatan",
     -8.6545,
     115.2336,
     "Hitung kios dan los yang dipakai pedagang, cocokkan dengan daftar perjanjian sewa, dan catat "
     "kios yang tutup selama pandemi. Dasar: retribusi pemakaian kekayaan daerah.",
     "2020-07-10T08:00:00Z",
     "normal",
     "baru",
     {F_NUM("kios_terisi", "Kios yang dipakai", true, "kios", 0, 500, 0),
      F_NUM("kios_tutup", "Kios yang tutup", true, "kios", 0, 500, 0),
      F_NUM("los_terisi", "Los yang dipakai", true, "los", 0, 500, 0),
      F_YESNO("tanpa_sewa", "Ada kios tanpa perjanjian sewa?", true),
      F_PHOTO("foto_kawasan", "Foto deretan kios", true, 2, 6),
      F_TEXT("catatan", "Kios tanpa perjanjian sewa (nomor dan nama pedagang)", false)}},
    {"tgs-005",
     "Pemeriksaan rehabilitasi ruang kelas SMA Negeri 1 Kintamani (dana BOS)",
     "DISDIKPORA",
     "petugas-02",
     "SMA Negeri 1 Kintamani",
     "Jalan Raya Penelokan, Batur, Kintamani, Bangli",
     -8.2598,
     115.3396,
     "Periksa kesesuaian pekerjaan rehabilitasi dua ruang kelas dengan RAB BOS 2020: atap, "
     "plafon, lantai, dan pintu-jendela. Minta berita acara dari kepala sekolah.",
     "2020-07-09T06:00:00Z",
     "normal",
     "baru",
     {F_CHOICE("kesesuaian", "Kesesuaian dengan RAB", true, "Sesuai", "Sebagian sesuai",
               "Tidak sesuai"),
      F_MULTI("bagian_bermasalah", "Bagian yang tidak sesuai", false, "Atap", "Plafon", "Lantai",
              "Pintu dan jendela", "Instalasi listrik"),
      F_NUM("progres_fisik", "Kemajuan fisik", true, "%", 0, 100, 0),
      F_DATE("tanggal_ba", "Tanggal berita acara", false),
      F_PHOTO("foto_ruang", "Foto tiap ruang kelas", true, 4, 8),
      F_PHOTO("foto_ba", "Foto berita acara", false, 1, 2), F_LOC("lokasi", "Lokasi sekolah", true),
      F_TEXT("temuan", "Temuan dan catatan", false)}},
    {"tgs-006",
     "Pengecekan titik Wi-Fi publik di Pantai Lebih",
     "DISKOMINFOS",
     "petugas-01",
     "Titik Wi-Fi publik Pantai Lebih",
     "Jalan Pantai Lebih, Desa Lebih, Gianyar",
     -8.5873,
     115.3497,
     "Ukur kecepatan unduh dan unggah dari tiga titik, periksa kondisi perangkat dan catu daya, "
     "dan catat keluhan pengguna.",
     "2020-07-07T06:00:00Z",
     "normal",
     "dikerjakan",
     {F_NUM("kecepatan_unduh", "Kecepatan unduh rata-rata", true, "Mbps", 0, 1000, 1),
      F_NUM("kecepatan_unggah", "Kecepatan unggah rata-rata", true, "Mbps", 0, 1000, 1),
      F_CHOICE("kondisi_perangkat", "Kondisi access point", true, "Normal", "Mati", "Rusak fisik",
               "Catu daya bermasalah"),
      F_YESNO("login_berfungsi", "Apakah halaman login Wi-Fi berfungsi?", true),
      F_PHOTO("foto_perangkat", "Foto perangkat dan tiang", true, 1, 4),
      F_LOC("lokasi", "Lokasi access point", true), F_TEXT("keluhan", "Keluhan pengguna", false)}},
    {"tgs-007",
     "Penagihan tunggakan PKB kendaraan dinas dan pribadi di Kota Singaraja",
     "BAPENDA",
     "petugas-01",
     "Kelurahan Kampung Baru, Singaraja",
     "Jalan Surapati, Kampung Baru, Buleleng",
     -8.1127,
     115.0914,
     "Kunjungi 12 wajib pajak dengan tunggakan PKB lebih dari dua tahun (daftar terlampir di "
     "aplikasi), serahkan surat teguran, dan catat tanggapan wajib pajak.",
     "2020-07-10T08:00:00Z",
     "normal",
     "baru",
     {F_NUM("wp_dikunjungi", "Wajib pajak yang dikunjungi", true, "orang", 0, 12, 0),
      F_NUM("teguran_diserahkan", "Surat teguran diserahkan", true, "surat", 0, 12, 0),
      F_MULTI("tanggapan", "Tanggapan wajib pajak", true, "Bersedia membayar", "Minta keringanan",
              "Kendaraan sudah dijual", "Tidak ditemui"),
      F_DATE("janji_bayar", "Tanggal janji pembayaran terdekat", false),
      F_PHOTO("foto_serah", "Foto penyerahan surat teguran", false, 1, 12),
      F_TEXT("catatan", "Catatan", false)}},
};

static void add_field(demo_b *b, cJSON *form, const demo_field *f)
{
    cJSON *fj = db_obj(b, form, NULL);
    db_str(b, fj, "key", f->key);
    db_str(b, fj, "label", f->label);
    db_str(b, fj, "kind", f->kind);
    db_bool(b, fj, "required", f->required);
    if (f->choices[0]) {
        cJSON *ch = db_arr(b, fj, "choices");
        for (size_t c = 0; c < sizeof f->choices / sizeof f->choices[0] && f->choices[c]; c++)
            db_str(b, ch, NULL, f->choices[c]);
    }
    if (f->unit)
        db_str(b, fj, "unit", f->unit);
    if (f->has_min)
        db_num(b, fj, "min", f->min);
    if (f->has_max)
        db_num(b, fj, "max", f->max);
    if (strcmp(f->kind, "number") == 0 && f->decimals >= 0)
        db_int(b, fj, "decimals", f->decimals);
    if (strcmp(f->kind, "photo") == 0)
        db_int(b, fj, "min_photos", f->min_photos);
    if (f->max_photos)
        db_int(b, fj, "max_photos", f->max_photos);
}

static void add_assignments(demo_b *b, cJSON *root)
{
    cJSON *arr = db_arr(b, root, "assignments");
    for (size_t i = 0; i < sizeof assignments / sizeof assignments[0]; i++) {
        const demo_assignment *a = &assignments[i];
        const demo_agency *ag = demo_agency_find(a->agency);
        cJSON *j = db_obj(b, arr, NULL);
        db_str(b, j, "id", a->id);
        db_str(b, j, "title", a->title);
        cJSON *aj = db_obj(b, j, "agency");
        db_str(b, aj, "code", a->agency);
        db_str(b, aj, "name", ag ? ag->name : a->agency);
        db_str(b, j, "assignee", a->assignee);
        cJSON *loc = db_obj(b, j, "location");
        db_str(b, loc, "name", a->place);
        db_str(b, loc, "address", a->address);
        db_num(b, loc, "lat", a->lat);
        db_num(b, loc, "lon", a->lon);
        db_str(b, j, "instructions", a->instructions);
        db_str(b, j, "due", a->due);
        db_str(b, j, "priority", a->priority);
        db_str(b, j, "status", a->status);
        cJSON *form = db_arr(b, j, "form");
        for (size_t k = 0; k < sizeof a->form / sizeof a->form[0] && a->form[k].key; k++)
            add_field(b, form, &a->form[k]);
    }
}

/* ---- the data set ------------------------------------------------------------------------ */

cJSON *demo_dataset_create(void)
{
    demo_b b = {.ok = true};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    db_str(&b, root, "now", DEMO_NOW);
    add_officials(&b, root);
    cJSON *items = db_arr(&b, root, "items");
    demo_reports_add(&b, items);
    demo_letters_add(&b, items);
    add_hall(&b, root);
    add_announcements(&b, root);
    add_assignments(&b, root);
    if (!b.ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}
