/* demo_spending: the spending items of the demo inbox: procurement results (Biro Pengadaan Barang
 * dan Jasa) and SPJ accountability reports. Ranks, the proposed winner, savings and SPJ totals are
 * computed from the bidder and expense tables; the pages print the same figures. */
#include "demo_build.h"

#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- procurement ------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    long long offer;
    double technical_score;
    const char *status, *note;
} bidder;

typedef struct {
    demo_item_head head;
    const char *package_name, *rup_code, *budget_code, *method, *owner;
    long long ceiling, hps;
    bidder bidders[6]; /* up to the first with name == NULL */
    const char *pokja, *bahp_number, *evaluation_date;
    demo_official chair; /* signs the BAHP; title = position in the signature block */
    demo_event events[4];
} proc_spec;

/* Rank among the bidders that passed evaluation: by lowest offer, except for Seleksi
 * (consultancy, quality-based) where the highest technical score ranks first. 0 = failed. */
static int proc_rank(const proc_spec *p, size_t i)
{
    const bidder *me = &p->bidders[i];
    if (strcmp(me->status, "lulus") != 0)
        return 0;
    bool by_score = strcmp(p->method, "Seleksi") == 0;
    int rank = 1;
    for (size_t k = 0; k < N_OF(p->bidders) && p->bidders[k].name; k++) {
        const bidder *o = &p->bidders[k];
        if (k == i || strcmp(o->status, "lulus") != 0)
            continue;
        bool better = by_score ? o->technical_score > me->technical_score : o->offer < me->offer;
        rank += better;
    }
    return rank;
}

static void add_procurement(demo_b *b, cJSON *items, const proc_spec *p)
{
    const bidder *win = NULL;
    for (size_t i = 0; i < N_OF(p->bidders) && p->bidders[i].name; i++)
        if (proc_rank(p, i) == 1)
            win = &p->bidders[i];
    if (!win) {
        b->ok = false;
        return;
    }
    long long savings = p->hps - win->offer;

    cJSON *it = demo_item_begin(b, items, &p->head);
    cJSON *c = db_obj(b, it, "content");
    db_str(b, c, "package_name", p->package_name);
    db_str(b, c, "rup_code", p->rup_code);
    db_str(b, c, "budget_code", p->budget_code);
    db_str(b, c, "method", p->method);
    db_int(b, c, "fiscal_year", 2020);
    db_int(b, c, "ceiling", p->ceiling);
    db_int(b, c, "hps", p->hps);
    cJSON *ba = db_arr(b, c, "bidders");
    demo_text body;
    dt_init(&body);
    char t1[40], t2[40], t3[40], pct[16], date[32], score[16];
    demo_rupiah(t1, sizeof t1, p->ceiling);
    demo_rupiah(t2, sizeof t2, p->hps);
    demo_date_text(date, sizeof date, p->evaluation_date);
    dt_add(&body,
           "Nomor: %s\nPada tanggal %s, %s telah menyelesaikan evaluasi penawaran paket "
           "berikut:\nNama paket: %s\nPerangkat daerah: %s\nKode RUP: %s; metode pemilihan: "
           "%s\nPagu anggaran: %s; HPS: %s\n",
           p->bahp_number, date, p->pokja, p->package_name, p->owner, p->rup_code, p->method, t1,
           t2);
    dt_add(&body, "|No|Peserta|>Penawaran (Rp)|>Nilai Teknis|Hasil|>Peringkat\n");
    for (size_t i = 0; i < N_OF(p->bidders) && p->bidders[i].name; i++) {
        const bidder *d = &p->bidders[i];
        int rank = proc_rank(p, i);
        cJSON *j = db_obj(b, ba, NULL);
        db_str(b, j, "name", d->name);
        db_int(b, j, "offer", d->offer);
        db_num(b, j, "technical_score", d->technical_score);
        if (rank > 0)
            db_int(b, j, "rank", rank);
        else
            db_null(b, j, "rank");
        db_str(b, j, "status", d->status);
        db_str(b, j, "note", d->note);
        demo_thousands(t1, sizeof t1, d->offer);
        snprintf(t3, sizeof t3, "%d", rank);
        demo_pct_text(score, sizeof score, (long long)(d->technical_score * 100.0 + 0.5));
        dt_add(&body, "|%zu|%s|>%s|>%s|%s|>%s\n", i + 1, d->name, t1, score, d->status,
               rank > 0 ? t3 : "-");
    }
    cJSON *w = db_obj(b, c, "proposed_winner");
    db_str(b, w, "name", win->name);
    db_int(b, w, "offer", win->offer);
    db_int(b, c, "savings", savings);
    db_num(b, c, "savings_pct", demo_pct(savings, p->hps));
    db_str(b, c, "pokja", p->pokja);
    db_str(b, c, "evaluation_date", p->evaluation_date);

    demo_rupiah(t1, sizeof t1, win->offer);
    demo_rupiah(t2, sizeof t2, savings);
    demo_pct_text(pct, sizeof pct, demo_pct_hundredths(savings, p->hps));
    for (size_t i = 0; i < N_OF(p->bidders) && p->bidders[i].name; i++)
        if (strcmp(p->bidders[i].status, "gugur") == 0)
            dt_add(&body, "%s gugur: %s\n", p->bidders[i].name, p->bidders[i].note);
    dt_add(&body,
           "Diusulkan sebagai pemenang %s dengan penawaran %s, sehingga terdapat efisiensi %s "
           "(%s%% dari HPS).",
           win->name, t1, t2, pct);
    char sig[256];
    demo_signature(sig, sizeof sig, p->evaluation_date, p->chair.title, &p->chair);
    demo_page pages[1] = {{"png", {0}, "BERITA ACARA HASIL PEMILIHAN", dt_str(b, &body), sig}};
    demo_kop(demo_agency_find("BIRO-PBJ"), pages[0].letterhead);
    if (pages[0].body)
        demo_item_finish(b, it, p->events, N_OF(p->events), pages, N_OF(pages));
}

static const proc_spec procurements[] = {
    {{"itm-0006", "procurement", "BIRO-PBJ",
      "Tender Jaringan Fiber Optik Backbone Kawasan Niti Mandala Renon",
      "Hasil tender pembangunan jaringan fiber optik antarkantor perangkat daerah. Penawar "
      "terendah gugur karena personel manajerial tidak memenuhi syarat.",
      "segera", "2020-07-08T08:00:00Z", "2020-07-02T05:45:00Z"},
     "Pembangunan Jaringan Fiber Optik Backbone Kawasan Niti Mandala Renon",
     "25514872",
     "2.16.03.1.02.0003",
     "Tender",
     "Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
     4850000000,
     4792350000,
     {{"PT Bali Sinar Nusantara Teknik", 4312880000, 82.50, "lulus",
       "Memenuhi persyaratan administrasi, teknis, dan kualifikasi."},
      {"PT Dewata Jaringan Mandiri", 4205600000, 68.00, "gugur",
       "Personel manajerial tidak memiliki sertifikat keahlian yang disyaratkan."},
      {"CV Karya Teknik Persada", 4455175000, 79.25, "lulus", "Memenuhi persyaratan."},
      {"PT Nusa Fiber Indonesia", 4398090500, 85.00, "lulus", "Memenuhi persyaratan."},
      {"PT Catur Mitra Telematika", 4690000000, 71.40, "gugur",
       "Masa berlaku jaminan penawaran kurang dari yang disyaratkan."},
      {NULL, 0, 0, NULL, NULL}},
     "Pokja Pemilihan 07 Biro Pengadaan Barang dan Jasa",
     "027/07-BAHP/Pokja-07/BPBJ/2020",
     "2020-07-01",
     {"", "198003142006041009", "I Made Sudiarsa, S.T., M.T.",
      "Ketua Pokja Pemilihan 07\nBiro Pengadaan Barang dan Jasa", "", "Penata Tingkat I (III/d)",
      false, "", ""},
     {{"2020-07-01T08:30:00Z", "created", "I Made Sudiarsa, S.T., M.T. (Ketua Pokja 07)",
       "BAHP ditetapkan."},
      {"2020-07-02T03:10:00Z", "verified",
       "I Wayan Darma Suteja, S.T., M.T. (Kepala Biro Pengadaan Barang dan Jasa)",
       "Proses pemilihan sesuai ketentuan."},
      {"2020-07-02T05:45:00Z", "submitted", "Biro Pengadaan Barang dan Jasa",
       "Mohon persetujuan Bapak Sekda."},
      {NULL, NULL, NULL, NULL}}},
    {{"itm-0007", "procurement", "BIRO-PBJ",
      "Seleksi Konsultan Pengawas Rehabilitasi Gedung Rawat Inap RSUD Bali Mandara",
      "Seleksi jasa konsultansi pengawasan dengan metode evaluasi kualitas. Empat peserta, satu "
      "gugur karena nilai teknis di bawah ambang batas.",
      "segera", "2020-07-06T08:00:00Z", "2020-06-30T02:50:00Z"},
     "Jasa Konsultansi Pengawasan Rehabilitasi Gedung Rawat Inap RSUD Bali Mandara",
     "25498310",
     "1.02.02.1.01.0003",
     "Seleksi",
     "Dinas Kesehatan Provinsi Bali",
     1250000000,
     1198500000,
     {{"PT Wiswakarma Konsultan", 1105000000, 86.75, "lulus", "Nilai teknis tertinggi."},
      {"CV Taru Cipta Engineering", 1064300000, 81.20, "lulus", "Memenuhi ambang batas teknis."},
      {"PT Griya Arsitek Bali", 1150800000, 78.90, "lulus", "Memenuhi ambang batas teknis."},
      {"PT Sarana Bangun Konsultindo", 998400000, 64.30, "gugur",
       "Nilai teknis di bawah ambang batas 70."},
      {NULL, 0, 0, NULL, NULL}},
     "Pokja Pemilihan 03 Biro Pengadaan Barang dan Jasa",
     "027/03-BAHP/Pokja-03/BPBJ/2020",
     "2020-06-29",
     {"", "198507222010012014", "Ni Luh Gede Sukmawati, S.T.",
      "Ketua Pokja Pemilihan 03\nBiro Pengadaan Barang dan Jasa", "", "Penata (III/c)", false, "",
      ""},
     {{"2020-06-29T07:45:00Z", "created", "Ni Luh Gede Sukmawati, S.T. (Ketua Pokja 03)",
       "BAHP ditetapkan setelah klarifikasi dan negosiasi."},
      {"2020-06-30T01:30:00Z", "verified",
       "I Wayan Darma Suteja, S.T., M.T. (Kepala Biro Pengadaan Barang dan Jasa)",
       "Sudah direviu."},
      {"2020-06-30T02:50:00Z", "submitted", "Biro Pengadaan Barang dan Jasa", "Mohon persetujuan."},
      {NULL, NULL, NULL, NULL}}},
    {{"itm-0008", "procurement", "BIRO-PBJ",
      "E-Purchasing Reagen dan Bahan Habis Pakai RT-PCR COVID-19",
      "Mini kompetisi katalog elektronik untuk kebutuhan laboratorium RT-PCR tiga bulan. "
      "Penawar terendah gugur karena masa kedaluwarsa produk kurang dari 12 bulan.",
      "sangat_segera", "2020-07-06T06:00:00Z", "2020-07-03T08:40:00Z"},
     "Pengadaan Reagen dan Bahan Habis Pakai Pemeriksaan RT-PCR COVID-19",
     "25560127",
     "1.02.02.1.02.0021",
     "E-Purchasing",
     "Dinas Kesehatan Provinsi Bali",
     2400000000,
     2376000000,
     {{"PT Sinar Medika Dewata", 2214720000, 90.00, "lulus", "Produk dan jadwal sesuai."},
      {"PT Bali Farma Utama", 2289000000, 88.50, "lulus", "Produk dan jadwal sesuai."},
      {"PT Andalan Diagnostika Nusantara", 2190000000, 60.00, "gugur",
       "Masa kedaluwarsa produk kurang dari 12 bulan."},
      {NULL, 0, 0, NULL, NULL}},
     "Pejabat Pengadaan Dinas Kesehatan Provinsi Bali",
     "027/112-BAHP/PP-Dinkes/2020",
     "2020-07-03",
     {"", "198811052014022003", "Ni Made Ayu Lestari, S.Farm., Apt.",
      "Pejabat Pengadaan\nDinas Kesehatan Provinsi Bali", "", "Penata Muda Tingkat I (III/b)",
      false, "", ""},
     {{"2020-07-03T04:00:00Z", "created", "Ni Made Ayu Lestari, S.Farm., Apt. (Pejabat Pengadaan)",
       "Hasil mini kompetisi katalog elektronik."},
      {"2020-07-03T07:20:00Z", "verified",
       "I Wayan Darma Suteja, S.T., M.T. (Kepala Biro Pengadaan Barang dan Jasa)",
       "Mendesak: stok reagen tersisa 5 hari."},
      {"2020-07-03T08:40:00Z", "submitted", "Biro Pengadaan Barang dan Jasa",
       "Mohon persetujuan segera."},
      {NULL, NULL, NULL, NULL}}},
};

/* ---- spj --------------------------------------------------------------------------------- */

typedef struct {
    const char *description;
    long long amount;
} spj_line;

typedef struct {
    const char *document;
    bool present;
    const char *note;
} spj_check;

typedef struct {
    demo_item_head head;
    const char *spj_number, *agency_name, *period, *budget_code, *signed_on, *position;
    demo_official head_of_agency; /* Pengguna Anggaran, signs the SPJ: the official with this
                                     id when listed in "officials", otherwise these fields */
    spj_line lines[6];            /* up to the first with description == NULL */
    spj_check checks[8];          /* up to the first with document == NULL */
    demo_event events[4];
} spj_spec;

static void add_spj(demo_b *b, cJSON *items, const spj_spec *s)
{
    long long amount = 0;
    for (size_t i = 0; i < N_OF(s->lines) && s->lines[i].description; i++)
        amount += s->lines[i].amount;

    cJSON *it = demo_item_begin(b, items, &s->head);
    cJSON *c = db_obj(b, it, "content");
    db_str(b, c, "spj_number", s->spj_number);
    db_str(b, c, "agency", s->agency_name);
    db_str(b, c, "period", s->period);
    db_str(b, c, "budget_code", s->budget_code);
    db_int(b, c, "amount", amount);
    cJSON *ia = db_arr(b, c, "items");
    demo_text body;
    dt_init(&body);
    char t[40];
    dt_add(&body,
           "Nomor: %s\nPerangkat daerah: %s\nPeriode: %s\nSub kegiatan: %s\n"
           "Rincian belanja yang dipertanggungjawabkan:\n|No|Uraian|>Jumlah (Rp)\n",
           s->spj_number, s->agency_name, s->period, s->budget_code);
    for (size_t i = 0; i < N_OF(s->lines) && s->lines[i].description; i++) {
        cJSON *j = db_obj(b, ia, NULL);
        db_str(b, j, "description", s->lines[i].description);
        db_int(b, j, "amount", s->lines[i].amount);
        demo_thousands(t, sizeof t, s->lines[i].amount);
        dt_add(&body, "|%zu|%s|>%s\n", i + 1, s->lines[i].description, t);
    }
    demo_thousands(t, sizeof t, amount);
    dt_add(&body, "| |Jumlah|>%s\n", t);
    /* page 2: the verifier's checklist of supporting documents */
    demo_text body2;
    dt_init(&body2);
    int missing = 0;
    dt_add(&body2, "Nomor SPJ: %s\nPerangkat daerah: %s\n|No|Dokumen|Ada|Keterangan\n",
           s->spj_number, s->agency_name);
    cJSON *ca = db_arr(b, c, "checklist");
    for (size_t i = 0; i < N_OF(s->checks) && s->checks[i].document; i++) {
        const spj_check *k = &s->checks[i];
        cJSON *j = db_obj(b, ca, NULL);
        db_str(b, j, "document", k->document);
        db_bool(b, j, "present", k->present);
        db_str(b, j, "note", k->note);
        missing += !k->present;
        dt_add(&body2, "|%zu|%s|%s|%s\n", i + 1, k->document, k->present ? "Ada" : "Tidak ada",
               k->note[0] ? k->note : "-");
    }
    if (missing)
        dt_add(&body2, "Kesimpulan: %d dokumen belum lengkap; SPJ belum dapat disahkan.", missing);
    else
        dt_add(&body2, "Kesimpulan: dokumen lengkap; SPJ dapat disahkan.");
    demo_rupiah(t, sizeof t, amount);
    dt_add(&body,
           "Dengan ini kami menyatakan bertanggung jawab penuh atas penggunaan dana sebesar %s "
           "sesuai bukti-bukti yang sah.",
           t);
    char sig[320];
    const demo_official *pa = demo_official_find(s->head_of_agency.id);
    demo_signature(sig, sizeof sig, s->signed_on, s->position, pa ? pa : &s->head_of_agency);
    demo_page pages[2] = {
        {"png", {0}, "SURAT PERTANGGUNGJAWABAN (SPJ)", dt_str(b, &body), sig},
        {"png", {0}, "LEMBAR VERIFIKASI KELENGKAPAN SPJ", dt_str(b, &body2), NULL}};
    demo_kop(demo_agency_find(s->head.agency), pages[0].letterhead);
    demo_kop(demo_agency_find(s->head.agency), pages[1].letterhead);
    if (pages[0].body && pages[1].body)
        demo_item_finish(b, it, s->events, N_OF(s->events), pages, N_OF(pages));
}

static const spj_spec spjs[] = {
    {{"itm-0009", "spj", "DISKOMINFOS", "SPJ GU Juni 2020 Dinas Kominfos",
      "SPJ ganti uang persediaan bulan Juni 2020 untuk langganan internet, alat tulis, perjalanan "
      "dinas monitoring Wi-Fi publik, dan rapat. Dokumen lengkap.",
      "biasa", NULL, "2020-07-03T02:00:00Z"},
     "900/0712/SPJ-GU/Diskominfos/2020",
     "Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
     "Juni 2020",
     "2.16.03.1.02.0001",
     "2020-07-02",
     "Kepala Dinas Komunikasi, Informatika\ndan Statistik Provinsi Bali\nselaku Pengguna Anggaran",
     {"kadis-kominfos", "", "", "", "", "", true, "", ""},
     {{"Langganan internet dan bandwidth Juni 2020", 186450000},
      {"Belanja alat tulis kantor", 12375500},
      {"Perjalanan dinas dalam daerah: monitoring titik Wi-Fi publik", 23800000},
      {"Makanan dan minuman rapat koordinasi", 4620000},
      {NULL, 0}},
     {{"Kuitansi", true, ""},
      {"Nota/Faktur", true, ""},
      {"Berita Acara Serah Terima", true, "BAST layanan internet Juni 2020"},
      {"Surat Pertanggungjawaban", true, ""},
      {"Bukti Setor Pajak", true, "PPN dan PPh Pasal 23"},
      {"Laporan Perjalanan Dinas", true, "12 laporan"},
      {NULL, false, NULL}},
     {{"2020-07-01T03:00:00Z", "created", "Ni Komang Sri Wahyuni, A.Md. (Bendahara Pengeluaran)",
       "SPJ GU Juni 2020."},
      {"2020-07-02T06:30:00Z", "verified", "I Gusti Ayu Putu Rasmini, S.E. (PPK Dinas Kominfos)",
       "Lengkap dan sah."},
      {"2020-07-03T02:00:00Z", "submitted", "Dinas Komunikasi, Informatika dan Statistik",
       "Untuk pengesahan."},
      {NULL, NULL, NULL, NULL}}},
    {{"itm-0010", "spj", "DINKES", "SPJ LS Belanja APD Penanganan COVID-19 Mei 2020",
      "SPJ belanja alat pelindung diri untuk rumah sakit rujukan COVID-19. Bukti setor pajak atas "
      "pembelian APD belum dilampirkan.",
      "segera", "2020-07-08T08:00:00Z", "2020-07-01T03:30:00Z"},
     "900/1284/SPJ-LS/Dinkes/2020",
     "Dinas Kesehatan Provinsi Bali",
     "Mei 2020",
     "1.02.02.1.02.0020",
     "2020-06-30",
     "Kepala Dinas Kesehatan\nProvinsi Bali\nselaku Pengguna Anggaran",
     {"", "197104121998032006", "dr. I Gusti Ayu Made Sriwahyuni, M.Kes.", "", "",
      "Pembina Utama Muda (IV/c)", false, "", ""},
     {{"Baju pelindung (coverall) 2.000 set", 650000000},
      {"Masker N95 5.000 buah", 275000000},
      {"Sarung tangan medis 400 kotak", 46000000},
      {"Pelindung wajah (face shield) 3.000 buah", 84000000},
      {NULL, 0}},
     {{"Kuitansi", true, ""},
      {"Nota/Faktur", true, ""},
      {"Berita Acara Serah Terima", true, "BAST dari PT Sinar Medika Dewata"},
      {"Berita Acara Pemeriksaan Barang", true, ""},
      {"Surat Pertanggungjawaban", true, ""},
      {"Bukti Setor Pajak", false, "Bukti setor PPN dan PPh Pasal 22 belum dilampirkan."},
      {NULL, false, NULL}},
     {{"2020-06-29T05:00:00Z", "created", "Ni Wayan Murniasih, S.E. (Bendahara Pengeluaran)",
       "SPJ LS belanja APD."},
      {"2020-06-30T07:10:00Z", "verified", "I Ketut Sudarma, S.E. (PPK Dinas Kesehatan)",
       "Bukti setor pajak menyusul dari penyedia."},
      {"2020-07-01T03:30:00Z", "submitted", "Dinas Kesehatan", "Untuk pengesahan."},
      {NULL, NULL, NULL, NULL}}},
    {{"itm-0011", "spj", "BPBD", "SPJ BTT Logistik Posko COVID-19 Tahap II",
      "SPJ belanja tidak terduga untuk logistik posko dan bantuan pangan. Dikembalikan sekali "
      "karena daftar penerima belum ditandatangani; kini sudah dilengkapi.",
      "segera", "2020-07-09T08:00:00Z", "2020-07-02T01:00:00Z"},
     "900/0451/SPJ-BTT/BPBD/2020",
     "Badan Penanggulangan Bencana Daerah Provinsi Bali",
     "Mei - Juni 2020",
     "1.05.03.1.01.0004",
     "2020-07-01",
     "Kepala Pelaksana BPBD Provinsi Bali\nselaku Pengguna Anggaran",
     {"", "196907191995031003", "Drs. I Wayan Sunarta Giri, M.Si.", "", "",
      "Pembina Utama Muda (IV/c)", false, "", ""},
     {{"Paket sembako bagi pekerja pariwisata terdampak (6.500 paket)", 1137500000},
      {"Sewa tenda dan perlengkapan posko terpadu", 96800000},
      {"Disinfektan dan penyemprotan fasilitas umum", 142650000},
      {"Distribusi logistik ke 9 kabupaten/kota", 58300000},
      {NULL, 0}},
     {{"Kuitansi", true, ""},
      {"Nota/Faktur", true, ""},
      {"Berita Acara Serah Terima", true, "BAST kepada 9 kabupaten/kota"},
      {"Surat Pertanggungjawaban", true, ""},
      {"Bukti Setor Pajak", true, ""},
      {"Daftar Penerima Bantuan", true, "Ditandatangani perbekel/lurah (dilengkapi 1 Juli 2020)"},
      {"Dokumentasi Penyaluran", true, "Foto penyaluran"},
      {NULL, false, NULL}},
     {{"2020-06-25T04:00:00Z", "submitted", "Badan Penanggulangan Bencana Daerah",
       "SPJ BTT tahap II."},
      {"2020-06-29T02:20:00Z", "returned", "Dewa Ayu Putu Widiantari, S.E., M.M. (Kepala BPKAD)",
       "Daftar penerima bantuan belum ditandatangani perbekel/lurah."},
      {"2020-07-01T08:00:00Z", "verified", "I Nyoman Wirasa, S.E. (PPK BPBD)",
       "Daftar penerima sudah dilengkapi."},
      {"2020-07-02T01:00:00Z", "submitted", "Badan Penanggulangan Bencana Daerah",
       "Diajukan kembali."}}},
};

void demo_spending_add(demo_b *b, cJSON *items)
{
    for (size_t i = 0; i < N_OF(procurements); i++)
        add_procurement(b, items, &procurements[i]);
    for (size_t i = 0; i < N_OF(spjs); i++)
        add_spj(b, items, &spjs[i]);
}
