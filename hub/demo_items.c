/* demo_items: the report items of the demo inbox: Bapenda revenue realisation, Inspektorat audit
 * reports (LHP) and the RAPBD 2021 summary (procurement and SPJ are in demo_spending.c). Figures
 * live in tables; percentages, totals and summaries are computed here, and the attachment pages are
 * written from the same figures so page and content always agree. */
#include "demo_build.h"

#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- revenue_report ---------------------------------------------------------------------- */

typedef struct {
    const char *account, *name, *kind;
    long long target, real_may, real_jun; /* realisation to the end of May and of June 2020 */
} rev_row;

/* PAD targets of the 2020 budget and realisation to date (Rp). */
static const rev_row rev_rows[] = {
    {"4.1.01.01", "Pajak Kendaraan Bermotor (PKB)", "pajak", 1452600000000, 497630218400,
     598215437800},
    {"4.1.01.02", "Bea Balik Nama Kendaraan Bermotor (BBNKB)", "pajak", 1046250000000, 276905330000,
     331604912500},
    {"4.1.01.03", "Pajak Bahan Bakar Kendaraan Bermotor (PBBKB)", "pajak", 611400000000,
     205318774100, 248973160240},
    {"4.1.01.04", "Pajak Air Permukaan (PAP)", "pajak", 12850000000, 4210990500, 5127845300},
    {"4.1.01.05", "Pajak Rokok", "pajak", 231560000000, 59120258000, 118240516000},
    {"4.1.02.01", "Retribusi Jasa Umum", "retribusi", 9785000000, 2401120000, 2915340000},
    {"4.1.02.02", "Retribusi Jasa Usaha", "retribusi", 21430000000, 5310660500, 6402775500},
    {"4.1.02.03", "Retribusi Perizinan Tertentu", "retribusi", 3150000000, 905300000, 1087450000},
    {"4.1.03.01", "Bagian Laba atas Penyertaan Modal pada BUMD", "kekayaan", 186720000000,
     181355903600, 181355903600},
    {"4.1.04.01", "Jasa Giro dan Pendapatan Bunga", "lain", 48600000000, 17893442108, 21448306914},
    {"4.1.04.02", "Pendapatan BLUD", "lain", 402300000000, 138905610400, 166720455120},
};

/* Cumulative realisation January..April as per mille of the May total (from the monthly ledger). */
static const int rev_cum_permille[4] = {215, 430, 640, 820};

typedef struct {
    demo_item_head head;
    int month; /* 5 or 6 */
    const char *data_as_of;
    const char *signed_on;
    const char *notes;
    demo_event events[4];
} rev_spec;

static long long rev_real(const rev_row *r, int month)
{
    return month == 6 ? r->real_jun : r->real_may;
}

static long long rev_total(int month, bool target)
{
    long long s = 0;
    for (size_t i = 0; i < N_OF(rev_rows); i++)
        s += target ? rev_rows[i].target : rev_real(&rev_rows[i], month);
    return s;
}

static long long rev_cum(int m)
{
    long long may = rev_total(5, false);
    if (m <= 4)
        return demo_div_round(may * rev_cum_permille[m - 1], 1000);
    return m == 5 ? may : rev_total(6, false);
}

static void add_revenue(demo_b *b, cJSON *items, const rev_spec *r)
{
    static const char *const month_upper[] = {"", "", "", "", "", "31 MEI", "30 JUNI"};
    long long tt = rev_total(r->month, true), tr = rev_total(r->month, false);
    int days_in_year = 0, day = demo_day_of_year(r->data_as_of, &days_in_year);
    long long elapsed = demo_pct_hundredths(day, days_in_year);

    cJSON *it = demo_item_begin(b, items, &r->head);
    cJSON *c = db_obj(b, it, "content");
    char period[16];
    snprintf(period, sizeof period, "2020-%02d", r->month);
    db_str(b, c, "period", period);
    db_int(b, c, "fiscal_year", 2020);
    db_str(b, c, "data_as_of", r->data_as_of);
    db_num(b, c, "time_elapsed_pct", (double)elapsed / 100.0);
    cJSON *rows = db_arr(b, c, "rows");
    for (size_t i = 0; i < N_OF(rev_rows); i++) {
        const rev_row *w = &rev_rows[i];
        long long real = rev_real(w, r->month);
        cJSON *j = db_obj(b, rows, NULL);
        db_str(b, j, "account", w->account);
        db_str(b, j, "name", w->name);
        db_str(b, j, "kind", w->kind);
        db_int(b, j, "target", w->target);
        db_int(b, j, "realisation", real);
        db_num(b, j, "pct", demo_pct(real, w->target));
        db_int(b, j, "remaining", w->target - real);
    }
    cJSON *tot = db_obj(b, c, "total");
    db_int(b, tot, "target", tt);
    db_int(b, tot, "realisation", tr);
    db_num(b, tot, "pct", demo_pct(tr, tt));
    db_int(b, tot, "remaining", tt - tr);
    cJSON *monthly = db_arr(b, c, "monthly");
    for (int m = 1; m <= r->month; m++) {
        char mon[16];
        snprintf(mon, sizeof mon, "2020-%02d", m);
        cJSON *j = db_obj(b, monthly, NULL);
        db_str(b, j, "month", mon);
        db_int(b, j, "target_cum", demo_div_round(tt * m, 12));
        db_int(b, j, "realisation_cum", rev_cum(m));
    }
    db_str(b, c, "notes", r->notes);

    /* page 1: the realisation table */
    char t1[40], t2[40], t3[40], p[16], pe[16], asof[32];
    demo_date_text(asof, sizeof asof, r->data_as_of);
    int hour = (r->data_as_of[11] - '0') * 10 + (r->data_as_of[12] - '0') + 8; /* WITA */
    demo_text body;
    dt_init(&body);
    dt_add(&body,
           "Realisasi Pendapatan Asli Daerah (PAD) Provinsi Bali TA 2020 sampai dengan %s "
           "(data per pukul %02d.%.2s WITA):\n",
           asof, hour, r->data_as_of + 14);
    /* Five columns fit the A4 text width with 13-digit figures; the remaining amounts per
     * account go to the annex page. */
    dt_add(&body, "|Rekening|Uraian|>Target (Rp)|>Realisasi (Rp)|>%%\n");
    for (size_t i = 0; i < N_OF(rev_rows); i++) {
        const rev_row *w = &rev_rows[i];
        long long real = rev_real(w, r->month);
        demo_thousands(t1, sizeof t1, w->target);
        demo_thousands(t2, sizeof t2, real);
        demo_pct_text(p, sizeof p, demo_pct_hundredths(real, w->target));
        dt_add(&body, "|%s|%s|>%s|>%s|>%s\n", w->account, w->name, t1, t2, p);
    }
    demo_thousands(t1, sizeof t1, tt);
    demo_thousands(t2, sizeof t2, tr);
    demo_pct_text(p, sizeof p, demo_pct_hundredths(tr, tt));
    dt_add(&body, "|4.1|Jumlah PAD|>%s|>%s|>%s\n", t1, t2, p);
    demo_pct_text(pe, sizeof pe, elapsed);
    demo_rupiah(t3, sizeof t3, tt - tr);
    dt_add(&body,
           "Capaian %s%% di bawah waktu berjalan %s%% (%d/%d hari); sisa target %s. "
           "Rincian terlampir.",
           p, pe, day, days_in_year, t3);
    char sig[256];
    demo_signature(sig, sizeof sig, r->signed_on, "Kepala Badan Pendapatan Daerah\nProvinsi Bali",
                   demo_official_find("kaban-bapenda"));
    char title[96];
    snprintf(title, sizeof title, "LAPORAN REALISASI PAD S.D. %s 2020", month_upper[r->month]);

    /* page 2: remaining target per account and cumulative realisation per month */
    static const char *const mon_names[] = {"",      "Januari", "Februari", "Maret",
                                            "April", "Mei",     "Juni"};
    demo_text body2;
    dt_init(&body2);
    dt_add(&body2, "A. Sisa target per rekening:\n|Rekening|Uraian|>Sisa (Rp)\n");
    for (size_t i = 0; i < N_OF(rev_rows); i++) {
        const rev_row *w = &rev_rows[i];
        demo_thousands(t3, sizeof t3, w->target - rev_real(w, r->month));
        dt_add(&body2, "|%s|%s|>%s\n", w->account, w->name, t3);
    }
    demo_thousands(t3, sizeof t3, tt - tr);
    dt_add(&body2, "|4.1|Jumlah PAD|>%s\n", t3);
    dt_add(&body2, "B. Realisasi kumulatif per bulan dibandingkan dengan target proporsional "
                   "(target tahunan x bulan / 12):\n");
    dt_add(&body2, "|Bulan|>Target Kumulatif (Rp)|>Realisasi Kumulatif (Rp)|>%%\n");
    for (int m = 1; m <= r->month; m++) {
        long long tc = demo_div_round(tt * m, 12), rc = rev_cum(m);
        demo_thousands(t1, sizeof t1, tc);
        demo_thousands(t2, sizeof t2, rc);
        demo_pct_text(p, sizeof p, demo_pct_hundredths(rc, tc));
        dt_add(&body2, "|%s|>%s|>%s|>%s\n", mon_names[m], t1, t2, p);
    }
    dt_add(&body2, "Catatan: %s", r->notes);

    const demo_agency *ag = demo_agency_find("BAPENDA");
    demo_page pages[2] = {{"png", {0}, title, dt_str(b, &body), sig},
                          {"png", {0}, "LAMPIRAN", dt_str(b, &body2), NULL}};
    demo_kop(ag, pages[0].letterhead);
    demo_kop(ag, pages[1].letterhead);
    if (pages[0].body && pages[1].body)
        demo_item_finish(b, it, r->events, N_OF(r->events), pages, N_OF(pages));
}

static const rev_spec revenue_reports[] = {
    {{"itm-0001", "revenue_report", "BAPENDA", "Laporan Realisasi PAD s.d. Juni 2020",
      "Realisasi PAD semester I 2020 di bawah waktu berjalan akibat turunnya penerimaan BBNKB dan "
      "PKB selama pandemi COVID-19. Pajak Rokok triwulan II sudah diterima.",
      "segera", NULL, "2020-07-02T02:15:00Z"},
     6,
     "2020-06-30T09:00:00Z",
     "2020-07-01",
     "Penurunan terbesar pada BBNKB karena penjualan kendaraan baru turun sejak April 2020. "
     "Program pembebasan sanksi administratif PKB diperpanjang sampai 31 Juli 2020 untuk "
     "mendorong pembayaran tunggakan.",
     {{"2020-07-01T07:30:00Z", "created", "Ni Putu Eka Suryani, S.E. (Kepala Subbidang Pelaporan)",
       "Data ditarik dari sistem e-Samsat dan SIMPADA per 30 Juni 2020."},
      {"2020-07-02T01:40:00Z", "verified", "I Made Gede Wirata, S.Sos., M.Si. (Sekretaris Bapenda)",
       "Angka sudah dicocokkan dengan rekening kas umum daerah."},
      {"2020-07-02T02:15:00Z", "submitted", "Drs. I Ketut Lanus Arsana, M.Si. (Kepala Bapenda)",
       "Mohon arahan Bapak Sekda."},
      {NULL, NULL, NULL, NULL}}},
    {{"itm-0002", "revenue_report", "BAPENDA", "Laporan Realisasi PAD s.d. Mei 2020",
      "Realisasi PAD sampai akhir Mei 2020. Dividen Bank BPD Bali sudah diterima; penerimaan "
      "pajak kendaraan turun sejak pembatasan kegiatan masyarakat.",
      "biasa", NULL, "2020-06-24T03:05:00Z"},
     5,
     "2020-05-31T08:00:00Z",
     "2020-06-22",
     "Pajak Rokok triwulan II belum ditransfer oleh pemerintah pusat. Penerimaan PBBKB turun "
     "seiring berkurangnya konsumsi bahan bakar di sektor pariwisata.",
     {{"2020-06-22T06:00:00Z", "created", "Ni Putu Eka Suryani, S.E. (Kepala Subbidang Pelaporan)",
       "Laporan bulanan Mei 2020."},
      {"2020-06-23T02:30:00Z", "verified", "I Made Gede Wirata, S.Sos., M.Si. (Sekretaris Bapenda)",
       "Sudah diverifikasi."},
      {"2020-06-24T03:05:00Z", "submitted", "Drs. I Ketut Lanus Arsana, M.Si. (Kepala Bapenda)",
       "Untuk diketahui."},
      {NULL, NULL, NULL, NULL}}},
};

/* ---- audit_report ------------------------------------------------------------------------ */

typedef struct {
    const char *text, *status, *due;
} audit_rec;

typedef struct {
    const char *title, *condition, *cause, *criteria;
    long long value;
    audit_rec recs[3]; /* up to the first with text == NULL */
} audit_finding;

typedef struct {
    demo_item_head head;
    const char *lhp_number, *audit_type, *auditee, *period, *issued_on;
    audit_finding findings[3]; /* up to the first with title == NULL */
    demo_event events[4];
} audit_spec;

static void add_audit(demo_b *b, cJSON *items, const audit_spec *a)
{
    cJSON *it = demo_item_begin(b, items, &a->head);
    cJSON *c = db_obj(b, it, "content");
    db_str(b, c, "lhp_number", a->lhp_number);
    db_str(b, c, "audit_type", a->audit_type);
    db_str(b, c, "auditee", a->auditee);
    db_str(b, c, "period", a->period);
    db_str(b, c, "issued_on", a->issued_on);
    cJSON *fa = db_arr(b, c, "findings");
    int n_find = 0, n_rec = 0, n_sel = 0, n_pro = 0, n_bel = 0;
    long long total = 0;
    demo_text body, body2;
    dt_init(&body);
    dt_init(&body2);
    char v[40];
    dt_add(&body2, "Uraian temuan dan rekomendasi:\n");
    for (size_t i = 0; i < N_OF(a->findings) && a->findings[i].title; i++) {
        const audit_finding *f = &a->findings[i];
        n_find++;
        total += f->value;
        cJSON *fj = db_obj(b, fa, NULL);
        db_int(b, fj, "no", n_find);
        db_str(b, fj, "title", f->title);
        db_str(b, fj, "condition", f->condition);
        db_str(b, fj, "cause", f->cause);
        db_str(b, fj, "criteria", f->criteria);
        db_int(b, fj, "value", f->value);
        cJSON *ra = db_arr(b, fj, "recommendations");
        demo_rupiah(v, sizeof v, f->value);
        dt_add(&body2, "%d. %s. Kondisi: %s Kriteria: %s Sebab: %s\n", n_find, f->title,
               f->condition, f->criteria, f->cause);
        for (size_t k = 0; k < N_OF(f->recs) && f->recs[k].text; k++) {
            const audit_rec *r = &f->recs[k];
            n_rec++;
            n_sel += strcmp(r->status, "selesai") == 0;
            n_pro += strcmp(r->status, "proses") == 0;
            n_bel += strcmp(r->status, "belum") == 0;
            cJSON *rj = db_obj(b, ra, NULL);
            db_int(b, rj, "no", (long long)k + 1);
            db_str(b, rj, "text", r->text);
            db_str(b, rj, "status", r->status);
            db_str(b, rj, "due", r->due);
            char due[32];
            demo_date_text(due, sizeof due, r->due);
            dt_add(&body2, "Rekomendasi %d.%zu: %s (status: %s, batas waktu %s)\n", n_find, k + 1,
                   r->text, r->status, due);
        }
    }
    cJSON *s = db_obj(b, c, "summary");
    db_int(b, s, "findings", n_find);
    db_int(b, s, "recommendations", n_rec);
    db_int(b, s, "selesai", n_sel);
    db_int(b, s, "proses", n_pro);
    db_int(b, s, "belum", n_bel);
    db_int(b, s, "total_value", total);

    char issued[32];
    demo_date_text(issued, sizeof issued, a->issued_on);
    demo_rupiah(v, sizeof v, total);
    dt_add(&body,
           "Nomor: %s\nTanggal: %s\nJenis pengawasan: %s\nObjek: %s\nPeriode: %s\n--\n"
           "Inspektorat Provinsi Bali telah melaksanakan %s sesuai Program Kerja Pengawasan "
           "Tahunan 2020. Hasil pengawasan memuat %d temuan dengan %d rekomendasi dan nilai "
           "temuan seluruhnya %s, dengan rincian sebagai berikut:\n",
           a->lhp_number, issued, a->audit_type, a->auditee, a->period, a->audit_type, n_find,
           n_rec, v);
    dt_add(&body, "|No|Temuan|>Nilai (Rp)|>Rekomendasi\n");
    for (size_t i = 0; i < N_OF(a->findings) && a->findings[i].title; i++) {
        int nr = 0;
        while (nr < 3 && a->findings[i].recs[nr].text)
            nr++;
        demo_thousands(v, sizeof v, a->findings[i].value);
        dt_add(&body, "|%zu|%s|>%s|>%d\n", i + 1, a->findings[i].title, v, nr);
    }
    dt_add(&body,
           "Status tindak lanjut: %d selesai, %d dalam proses, %d belum ditindaklanjuti.\n"
           "Mohon perkenan Bapak Sekretaris Daerah untuk menyetujui laporan ini dan "
           "memerintahkan perangkat daerah terkait menindaklanjuti rekomendasi sesuai batas waktu.",
           n_sel, n_pro, n_bel);
    char sig[256];
    demo_signature(sig, sizeof sig, a->issued_on, "Inspektur Provinsi Bali",
                   demo_official_find("inspektur"));
    demo_page pages[2] = {{"png", {0}, "LAPORAN HASIL PENGAWASAN", dt_str(b, &body), sig},
                          {"png", {0}, "URAIAN TEMUAN", dt_str(b, &body2), NULL}};
    demo_kop(demo_agency_find("INSPEKTORAT"), pages[0].letterhead);
    demo_kop(demo_agency_find("INSPEKTORAT"), pages[1].letterhead);
    if (pages[0].body && pages[1].body)
        demo_item_finish(b, it, a->events, N_OF(a->events), pages, N_OF(pages));
}

static const audit_spec audits[] = {
    {{"itm-0003", "audit_report", "INSPEKTORAT",
      "LHP Audit Kinerja Pelayanan PKB pada UPTD PPD Gianyar",
      "Audit kinerja menemukan tunggakan PKB yang belum ditagih, setoran kas yang terlambat, dan "
      "waktu tunggu layanan di atas standar. Dua dari lima rekomendasi sudah selesai.",
      "biasa", "2020-07-10T08:00:00Z", "2020-06-29T01:30:00Z"},
     "700/521/LHP-AK/Irban I/Insp/2020",
     "Audit Kinerja",
     "UPTD Pengelolaan Pendapatan Daerah Kabupaten Gianyar, Badan Pendapatan Daerah Provinsi Bali",
     "Tahun Anggaran 2019",
     "2020-06-26",
     {{"Tunggakan PKB belum ditagih secara aktif",
       "Terdapat 12.486 kendaraan dengan tunggakan PKB lebih dari dua tahun yang belum menerima "
       "surat teguran.",
       "Belum ada prosedur penagihan aktif dan data alamat wajib pajak tidak mutakhir.",
       "Peraturan Daerah Provinsi Bali Nomor 1 Tahun 2011 tentang Pajak Daerah.",
       9874250000,
       {{"Menyusun SOP penagihan aktif tunggakan PKB.", "proses", "2020-08-31"},
        {"Memutakhirkan data alamat wajib pajak bersama Ditlantas Polda Bali.", "belum",
         "2020-09-30"},
        {NULL, NULL, NULL}}},
      {"Penerimaan harian terlambat disetor ke Kas Daerah",
       "Penerimaan tanggal 3, 10, dan 17 Januari 2019 disetor 2 sampai 3 hari kerja setelah "
       "diterima.",
       "Bendahara penerimaan pembantu menunggu rekapitulasi mingguan.",
       "PP Nomor 12 Tahun 2019: penerimaan disetor paling lambat 1 hari kerja.",
       1236480000,
       {{"Memerintahkan bendahara penerimaan pembantu menyetor paling lambat 1 hari kerja.",
         "selesai", "2020-07-15"},
        {NULL, NULL, NULL}}},
      {"Waktu tunggu layanan melebihi standar pelayanan",
       "Rata-rata waktu tunggu 74 menit, sedangkan standar pelayanan 30 menit.",
       "Dua dari lima loket tidak beroperasi karena kekurangan petugas.",
       "Standar Pelayanan UPTD PPD Kabupaten Gianyar Tahun 2019.",
       0,
       {{"Mengatur jadwal petugas agar seluruh loket buka pada jam sibuk.", "selesai",
         "2020-07-15"},
        {"Menerapkan antrean daring terhubung dengan aplikasi Samsat.", "proses", "2020-10-31"},
        {NULL, NULL, NULL}}}},
     {{"2020-06-26T03:00:00Z", "created", "Ir. I Nyoman Sutama Adi, M.T. (Pengendali Teknis)",
       "Konsep LHP selesai disusun."},
      {"2020-06-26T07:00:00Z", "verified",
       "Ni Wayan Sri Astiti Dewi, S.E., M.Si., Ak. (Inspektur Provinsi Bali)",
       "LHP ditandatangani."},
      {"2020-06-29T01:30:00Z", "submitted", "Sekretariat Inspektorat",
       "Disampaikan kepada Sekretaris Daerah."},
      {NULL, NULL, NULL, NULL}}},
    {{"itm-0004", "audit_report", "INSPEKTORAT",
      "Reviu Refocusing dan Realokasi Anggaran Penanganan COVID-19 Tahap III",
      "Reviu atas realokasi anggaran tahap III: belanja tidak terduga belum didukung rencana "
      "kebutuhan lengkap dan realokasi pada tiga perangkat daerah belum sesuai SKB.",
      "sangat_segera", "2020-07-07T08:00:00Z", "2020-07-03T03:20:00Z"},
     "700/588/LHR/Irban II/Insp/2020",
     "Reviu",
     "Tim Anggaran Pemerintah Daerah (TAPD) Provinsi Bali",
     "April - Juni 2020",
     "2020-07-01",
     {{"Belanja tidak terduga belum didukung rencana kebutuhan belanja",
       "Pencairan BTT tahap II untuk 4 perangkat daerah tidak dilampiri rencana kebutuhan belanja "
       "(RKB) yang disahkan.",
       "Perangkat daerah mengajukan pencairan sebelum RKB disusun.",
       "Permendagri Nomor 20 Tahun 2020 tentang Percepatan Penanganan COVID-19 di Lingkungan "
       "Pemerintah Daerah.",
       0,
       {{"Mewajibkan RKB yang disahkan Kepala BPKAD sebelum pencairan BTT.", "proses",
         "2020-07-15"},
        {"Melengkapi RKB atas pencairan BTT tahap II.", "belum", "2020-07-20"},
        {NULL, NULL, NULL}}},
      {"Realokasi anggaran belum sesuai SKB Mendagri dan Menkeu",
       "Pengurangan belanja barang dan jasa pada tiga perangkat daerah kurang dari 50% sebagaimana "
       "ditetapkan.",
       "Perangkat daerah mempertahankan kegiatan yang kontraknya telah ditandatangani.",
       "SKB Menteri Dalam Negeri dan Menteri Keuangan Nomor 119/2813/SJ dan 177/KMK.07/2020.",
       2450000000,
       {{"Menyesuaikan rasionalisasi belanja barang dan jasa pada tiga perangkat daerah.", "belum",
         "2020-07-31"},
        {NULL, NULL, NULL}}},
      {NULL, NULL, NULL, NULL, 0, {{NULL, NULL, NULL}}}},
     {{"2020-07-01T04:00:00Z", "created", "Dra. Ni Made Sutarini, M.Si. (Inspektur Pembantu II)",
       "Hasil reviu tahap III."},
      {"2020-07-02T08:15:00Z", "verified",
       "Ni Wayan Sri Astiti Dewi, S.E., M.Si., Ak. (Inspektur Provinsi Bali)",
       "Disetujui untuk disampaikan."},
      {"2020-07-03T03:20:00Z", "submitted", "Sekretariat Inspektorat",
       "Segera: bahan rapat TAPD 7 Juli 2020."},
      {NULL, NULL, NULL, NULL}}},
    {{"itm-0005", "audit_report", "INSPEKTORAT",
      "LHP Audit Dengan Tujuan Tertentu Dana BOS SMA Negeri 2 Tabanan",
      "Audit atas pengaduan masyarakat: honor tanpa surat keputusan dan pajak belanja yang belum "
      "dipungut. Kelebihan honor sudah disetor kembali.",
      "biasa", NULL, "2020-07-01T06:10:00Z"},
     "700/574/LHP-ADTT/Irban III/Insp/2020",
     "Audit Dengan Tujuan Tertentu",
     "SMA Negeri 2 Tabanan, Dinas Pendidikan, Kepemudaan dan Olahraga Provinsi Bali",
     "Tahun Anggaran 2019",
     "2020-06-30",
     {{"Honor kegiatan tidak didukung surat keputusan",
       "Pembayaran honor ekstrakurikuler kepada 8 pembina tidak didukung SK Kepala Sekolah.",
       "Bendahara BOS membayar berdasarkan daftar hadir saja.",
       "Permendikbud Nomor 8 Tahun 2020 tentang Petunjuk Teknis BOS Reguler.",
       38400000,
       {{"Menyetorkan kembali honor yang tidak sah ke rekening BOS sekolah.", "selesai",
         "2020-07-10"},
        {NULL, NULL, NULL}}},
      {"Pajak atas belanja barang belum dipungut",
       "PPN dan PPh Pasal 22 atas pembelian buku dan alat praktik belum dipungut dan disetor.",
       "Bendahara BOS belum memahami kewajiban pemungutan pajak.",
       "Undang-Undang Nomor 42 Tahun 2009 tentang PPN dan ketentuan PPh Pasal 22.",
       4125600,
       {{"Memungut dan menyetorkan pajak yang kurang dipungut.", "proses", "2020-07-31"},
        {"Mengikutsertakan bendahara BOS dalam bimbingan teknis perpajakan.", "belum",
         "2020-09-30"},
        {NULL, NULL, NULL}}},
      {NULL, NULL, NULL, NULL, 0, {{NULL, NULL, NULL}}}},
     {{"2020-06-30T02:00:00Z", "created", "I Putu Gede Arnawa, S.E., M.Ak. (Ketua Tim Audit)",
       "ADTT atas pengaduan masyarakat."},
      {"2020-06-30T08:30:00Z", "verified",
       "Ni Wayan Sri Astiti Dewi, S.E., M.Si., Ak. (Inspektur Provinsi Bali)",
       "LHP ditandatangani."},
      {"2020-07-01T06:10:00Z", "submitted", "Sekretariat Inspektorat", "Untuk diketahui."},
      {NULL, NULL, NULL, NULL}}},
};

/* ---- budget_summary ---------------------------------------------------------------------- */

typedef struct {
    const char *code, *name;
    long long amount;
} budget_row;

static const budget_row budget_income[] = {
    {"4.1", "Pendapatan Asli Daerah", 2906150000000},
    {"4.2", "Pendapatan Transfer", 2312480000000},
    {"4.3", "Lain-lain Pendapatan Daerah yang Sah", 18500000000},
};

static const budget_row budget_urusan[] = {
    {"1.01", "Pendidikan", 1245870500000},
    {"1.02", "Kesehatan", 986420750000},
    {"1.03", "Pekerjaan Umum dan Penataan Ruang", 412650300000},
    {"1.04", "Perumahan Rakyat dan Kawasan Permukiman", 58230000000},
    {"1.05", "Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat", 64875200000},
    {"1.06", "Sosial", 98540600000},
    {"2.07", "Tenaga Kerja", 41250000000},
    {"2.11", "Lingkungan Hidup", 52380400000},
    {"2.15", "Perhubungan", 96415000000},
    {"2.16", "Komunikasi dan Informatika", 118650000000},
    {"2.22", "Kebudayaan", 187430500000},
    {"3.25", "Kelautan dan Perikanan", 61200000000},
    {"3.26", "Pariwisata", 124560000000},
    {"3.27", "Pertanian", 143870250000},
    {"4.01", "Sekretariat Daerah", 342680000000},
    {"4.02", "Sekretariat DPRD", 198450000000},
    {"5.01", "Perencanaan", 46320000000},
    {"5.02", "Keuangan", 2056930500000}, /* includes tax revenue sharing to regencies */
    {"5.03", "Kepegawaian", 38760000000},
    {"6.01", "Inspektorat", 28940000000},
};

static const budget_row budget_programs[] = {
    {"1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
     612480300000},
    {"1.01.02", "Program Pengelolaan Pendidikan", 498215000000},
    {"1.03.10", "Program Penyelenggaraan Jalan", 287300000000},
    {"2.22.02", "Program Pengembangan Kebudayaan", 121870000000},
    {"3.26.03", "Program Pemasaran Pariwisata", 64250000000},
    {"2.16.03", "Program Pengelolaan Aplikasi Informatika", 52740000000},
};

/* Financing (pembiayaan) of the draft: receipts are SiLPA 2020 and the national economic
 * recovery (PEN) loan; spending is equity in Bank BPD Bali. Chosen so the draft balances. */
#define BUDGET_FIN_IN  1319794000000LL
#define BUDGET_FIN_OUT 152500000000LL

static long long budget_sum(const budget_row *rows, size_t n)
{
    long long s = 0;
    for (size_t i = 0; i < n; i++)
        s += rows[i].amount;
    return s;
}

static void budget_rows_json(demo_b *b, cJSON *c, const char *key, const budget_row *rows, size_t n,
                             demo_text *page)
{
    cJSON *arr = db_arr(b, c, key);
    char t[40];
    for (size_t i = 0; i < n; i++) {
        cJSON *j = db_obj(b, arr, NULL);
        db_str(b, j, "code", rows[i].code);
        db_str(b, j, "name", rows[i].name);
        db_int(b, j, "amount", rows[i].amount);
        demo_thousands(t, sizeof t, rows[i].amount);
        dt_add(page, "|%s|%s|>%s\n", rows[i].code, rows[i].name, t);
    }
}

static void add_budget(demo_b *b, cJSON *items)
{
    static const demo_item_head head = {
        "itm-0012",
        "budget_summary",
        "BPKAD",
        "Ringkasan Rancangan APBD Provinsi Bali Tahun Anggaran 2021",
        "Rancangan APBD 2021 hasil pembahasan TAPD: pendapatan turun karena pemulihan ekonomi "
        "belum pulih, defisit ditutup SiLPA dan pinjaman PEN.",
        "segera",
        "2020-07-09T08:00:00Z",
        "2020-07-03T07:00:00Z"};
    static const demo_event events[] = {
        {"2020-06-30T06:00:00Z", "created", "Tim Anggaran Pemerintah Daerah",
         "Hasil rapat TAPD 29-30 Juni 2020."},
        {"2020-07-02T04:00:00Z", "verified",
         "Ir. Anak Agung Gede Rai Wisnawa, M.Si. (Kepala Bappeda)",
         "Selaras dengan rancangan RKPD 2021."},
        {"2020-07-03T07:00:00Z", "submitted", "Dewa Ayu Putu Widiantari, S.E., M.M. (Kepala BPKAD)",
         "Mohon persetujuan sebelum disampaikan kepada Gubernur."},
    };
    long long pend = budget_sum(budget_income, N_OF(budget_income));
    long long bel = budget_sum(budget_urusan, N_OF(budget_urusan));
    long long netto = BUDGET_FIN_IN - BUDGET_FIN_OUT, surplus = pend - bel;

    cJSON *it = demo_item_begin(b, items, &head);
    cJSON *c = db_obj(b, it, "content");
    db_int(b, c, "fiscal_year", 2021);
    db_str(b, c, "stage", "RAPBD");
    cJSON *t = db_obj(b, c, "totals");
    db_int(b, t, "pendapatan", pend);
    db_int(b, t, "belanja", bel);
    db_int(b, t, "pembiayaan_penerimaan", BUDGET_FIN_IN);
    db_int(b, t, "pembiayaan_pengeluaran", BUDGET_FIN_OUT);
    db_int(b, t, "pembiayaan_netto", netto);
    db_int(b, t, "surplus_defisit", surplus);

    demo_text p1, p2, p3;
    dt_init(&p1);
    dt_init(&p2);
    dt_init(&p3);
    dt_add(&p1, "Ringkasan Rancangan Anggaran Pendapatan dan Belanja Daerah Provinsi Bali Tahun "
                "Anggaran 2021 hasil pembahasan Tim Anggaran Pemerintah Daerah:\n"
                "|Kode|Uraian|>Jumlah (Rp)\n");
    budget_rows_json(b, c, "pendapatan_rows", budget_income, N_OF(budget_income), &p1);
    dt_add(&p2, "|Kode|Urusan|>Jumlah (Rp)\n");
    budget_rows_json(b, c, "belanja_by_urusan", budget_urusan, N_OF(budget_urusan), &p2);
    dt_add(&p3, "Program dengan alokasi terbesar:\n|Kode|Program|>Jumlah (Rp)\n");
    budget_rows_json(b, c, "programs", budget_programs, N_OF(budget_programs), &p3);

    char a[40], bb[40], d[40], e[40], f[40], g[40];
    demo_thousands(a, sizeof a, pend);
    demo_thousands(bb, sizeof bb, bel);
    demo_thousands(d, sizeof d, surplus);
    demo_thousands(e, sizeof e, BUDGET_FIN_IN);
    demo_thousands(f, sizeof f, BUDGET_FIN_OUT);
    demo_thousands(g, sizeof g, netto);
    dt_add(&p1,
           "|4|Jumlah Pendapatan|>%s\n|5|Jumlah Belanja|>%s\n| |Surplus/(Defisit)|>%s\n"
           "|6.1|Penerimaan Pembiayaan|>%s\n|6.2|Pengeluaran Pembiayaan|>%s\n"
           "| |Pembiayaan Netto|>%s\n",
           a, bb, d, e, f, g);
    demo_rupiah(a, sizeof a, surplus + netto);
    dt_add(&p1,
           "Defisit ditutup dengan pembiayaan netto, sehingga sisa lebih pembiayaan anggaran tahun "
           "berkenaan %s.",
           a);
    demo_thousands(a, sizeof a, bel);
    dt_add(&p2,
           "| |Jumlah Belanja|>%s\nUrusan keuangan memuat bagi hasil pajak dan bantuan "
           "keuangan kepada kabupaten/kota.",
           a);
    dt_add(&p3, "Kode program mengikuti Permendagri Nomor 90 Tahun 2019.");
    char sig[320];
    demo_signature(sig, sizeof sig, "2020-07-03",
                   "Kepala Badan Pengelola Keuangan dan Aset Daerah\nselaku Sekretaris TAPD",
                   demo_official_find("kaban-bpkad"));
    demo_page pages[3] = {
        {"png", {0}, "RINGKASAN RANCANGAN APBD TAHUN ANGGARAN 2021", dt_str(b, &p1), sig},
        {"png", {0}, "BELANJA DAERAH MENURUT URUSAN", dt_str(b, &p2), NULL},
        {"png", {0}, "PROGRAM PRIORITAS", dt_str(b, &p3), NULL}};
    for (int i = 0; i < 3; i++)
        demo_kop(demo_agency_find("BPKAD"), pages[i].letterhead);
    if (pages[0].body && pages[1].body && pages[2].body)
        demo_item_finish(b, it, events, N_OF(events), pages, N_OF(pages));
}

void demo_reports_add(demo_b *b, cJSON *items)
{
    for (size_t i = 0; i < N_OF(revenue_reports); i++)
        add_revenue(b, items, &revenue_reports[i]);
    for (size_t i = 0; i < N_OF(audits); i++)
        add_audit(b, items, &audits[i]);
    demo_spending_add(b, items);
    add_budget(b, items);
}
