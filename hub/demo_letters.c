/* demo_letters: the letters of the demo inbox: incoming letters (surat masuk) awaiting a disposisi,
 * with scanned pages under the sender's letterhead, and outgoing drafts (naskah keluar) with their
 * verifiers' initials, awaiting the certified e-signature of the Sekda or, for a letter an official
 * signs on the Sekda's behalf (a.n.), of that official, in whose inbox the draft then lies. The
 * page header block (number, nature, attachments, subject) and the timeline of drafts are generated
 * from the content fields.
 */
#include "demo_build.h"

#include <stdio.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *nature_text(const char *nature)
{
    if (strcmp(nature, "sangat_segera") == 0)
        return "Sangat Segera";
    return strcmp(nature, "segera") == 0 ? "Segera" : "Biasa";
}

/* "Sifat" line of a letter: the nature, and the classification when it is not ordinary. */
static void sifat_text(char *buf, size_t cap, const char *nature, const char *classification)
{
    if (strcmp(classification, "rahasia") == 0)
        snprintf(buf, cap, "%s / Rahasia", nature_text(nature));
    else if (strcmp(classification, "terbatas") == 0)
        snprintf(buf, cap, "%s / Terbatas", nature_text(nature));
    else
        snprintf(buf, cap, "%s", nature_text(nature));
}

/* ---- letter_in --------------------------------------------------------------------------- */

typedef struct {
    const char *id, *title, *summary, *deadline, *received_at;
    const char *agenda_number, *sender, *sender_address, *letter_number, *letter_date;
    const char *received_date, *subject, *classification, *nature, *attachments_note;
    const char *kop[3]; /* the sender's letterhead */
    const char *city;   /* where the letter was signed */
    const char *text;   /* addressee and paragraphs, after the header block */
    const char *signature;
    const char *annex; /* second page (lampiran) or NULL */
    demo_event events[4];
} letter_in_spec;

static void add_letter_in(demo_b *b, cJSON *items, const letter_in_spec *l)
{
    demo_item_head head = {l->id,      "letter_in", "BIRO-UMUM", l->title,
                           l->summary, l->nature,   l->deadline, l->received_at};
    cJSON *it = demo_item_begin(b, items, &head);
    cJSON *c = db_obj(b, it, "content");
    db_str(b, c, "agenda_number", l->agenda_number);
    db_str(b, c, "sender", l->sender);
    db_str(b, c, "sender_address", l->sender_address);
    db_str(b, c, "letter_number", l->letter_number);
    db_str(b, c, "letter_date", l->letter_date);
    db_str(b, c, "received_date", l->received_date);
    db_str(b, c, "subject", l->subject);
    db_str(b, c, "classification", l->classification);
    db_str(b, c, "nature", l->nature);
    db_str(b, c, "attachments_note", l->attachments_note);

    char date[32], sifat[40], sig[400];
    demo_date_text(date, sizeof date, l->letter_date);
    sifat_text(sifat, sizeof sifat, l->nature, l->classification);
    demo_text body;
    dt_init(&body);
    dt_add(&body, "Nomor : %s\nSifat : %s\nLampiran : %s\nHal : %s\n--\n%s", l->letter_number,
           sifat, l->attachments_note, l->subject, l->text);
    snprintf(sig, sizeof sig, "%s, %s\n%s", l->city, date, l->signature);
    demo_page pages[2] = {{"jpeg", {l->kop[0], l->kop[1], l->kop[2]}, NULL, dt_str(b, &body), sig},
                          {"jpeg", {l->kop[0], l->kop[1], l->kop[2]}, "LAMPIRAN", l->annex, NULL}};
    if (pages[0].body)
        demo_item_finish(b, it, l->events, N_OF(l->events), pages, l->annex ? 2 : 1);
}

#define RECEIVED_BY  "Ni Kadek Sri Utami, A.Md. (Pengadministrasi Umum, Biro Umum dan Protokol)"
#define FORWARDED_BY "I Gusti Made Rai Sudana, S.Sos. (Kepala Bagian Tata Usaha Pimpinan)"

static const letter_in_spec letters_in[] = {
    {"itm-0013",
     "Kemendagri: percepatan realisasi anggaran penanganan COVID-19",
     "Direktorat Jenderal Bina Keuangan Daerah meminta percepatan realisasi belanja penanganan "
     "COVID-19 dan laporan realisasi mingguan melalui SIPD.",
     "2020-07-10T08:00:00Z",
     "2020-07-01T06:00:00Z",
     "SM/2020/02318",
     "Direktur Jenderal Bina Keuangan Daerah, Kementerian Dalam Negeri",
     "Jalan Medan Merdeka Utara Nomor 7, Jakarta Pusat 10110",
     "903/3564/Keuda",
     "2020-06-29",
     "2020-07-01",
     "Percepatan Realisasi Anggaran Penanganan COVID-19 dan Pemulihan Ekonomi Daerah",
     "biasa",
     "segera",
     "1 (satu) berkas",
     {"KEMENTERIAN DALAM NEGERI REPUBLIK INDONESIA", "DIREKTORAT JENDERAL BINA KEUANGAN DAERAH",
      "Jalan Medan Merdeka Utara Nomor 7, Jakarta 10110"},
     "Jakarta",
     "Yth. Gubernur Bali\ndi Denpasar\n"
     "Sehubungan dengan masih rendahnya realisasi belanja daerah untuk penanganan pandemi "
     "COVID-19 dan pemulihan ekonomi daerah sampai dengan akhir Juni 2020, dengan hormat diminta "
     "kepada Saudara untuk:\n"
     "1. Mempercepat realisasi belanja tidak terduga untuk penanganan kesehatan, penanganan "
     "dampak ekonomi, dan penyediaan jaring pengaman sosial.\n"
     "2. Menyampaikan laporan realisasi anggaran penanganan COVID-19 setiap minggu melalui "
     "aplikasi Sistem Informasi Pemerintahan Daerah (SIPD) sesuai format terlampir.\n"
     "3. Menunjuk pejabat penghubung yang bertanggung jawab atas pelaporan tersebut.\n"
     "Demikian disampaikan, atas perhatian dan kerja sama Saudara diucapkan terima kasih.",
     "a.n. Menteri Dalam Negeri\nDirektur Jenderal Bina Keuangan Daerah,\n\n\n\nDr. Hendra "
     "Kusumawardhana, M.Si.",
     "Format laporan mingguan realisasi anggaran penanganan COVID-19:\n"
     "|No|Uraian|Anggaran|Realisasi|Keterangan\n"
     "|1|Penanganan kesehatan| | | \n"
     "|2|Penanganan dampak ekonomi| | | \n"
     "|3|Jaring pengaman sosial| | | \n"
     "Laporan disampaikan setiap hari Senin paling lambat pukul 12.00 WIB.",
     {{"2020-07-01T02:10:00Z", "received", RECEIVED_BY, "Diterima melalui e-mail dinas dan pos."},
      {"2020-07-01T06:00:00Z", "verified", FORWARDED_BY, "Diteruskan ke Sekretaris Daerah."},
      {NULL, NULL, NULL, NULL}}},
    {"itm-0014",
     "DPRD: undangan Rapat Paripurna 7 Juli 2020",
     "Undangan rapat paripurna pendapat akhir fraksi atas Ranperda Pertanggungjawaban APBD "
     "Semesta Berencana 2019, Selasa 7 Juli 2020 pukul 10.00 WITA.",
     "2020-07-07T01:00:00Z",
     "2020-07-02T07:30:00Z",
     "SM/2020/02351",
     "Sekretariat DPRD Provinsi Bali",
     "Jalan Dr. Kusuma Atmaja, Niti Mandala Renon, Denpasar 80235",
     "005/1187/DPRD",
     "2020-07-02",
     "2020-07-02",
     "Undangan Rapat Paripurna ke-12 Masa Persidangan II Tahun 2020",
     "biasa",
     "sangat_segera",
     "-",
     {"DEWAN PERWAKILAN RAKYAT DAERAH", "PROVINSI BALI",
      "Jalan Dr. Kusuma Atmaja, Niti Mandala Renon, Denpasar 80235"},
     "Denpasar",
     "Yth. Sekretaris Daerah Provinsi Bali\ndi Denpasar\n"
     "Dengan hormat, mengharap kehadiran Bapak pada Rapat Paripurna ke-12 Masa Persidangan II "
     "DPRD Provinsi Bali yang akan diselenggarakan pada:\n"
     "Hari/tanggal: Selasa, 7 Juli 2020\nPukul: 10.00 WITA\nTempat: Ruang Sidang Utama DPRD "
     "Provinsi Bali\n"
     "Acara: Pendapat Akhir Fraksi-fraksi terhadap Rancangan Peraturan Daerah tentang "
     "Pertanggungjawaban Pelaksanaan APBD Semesta Berencana Provinsi Bali Tahun Anggaran 2019.\n"
     "Mengingat pelaksanaan protokol kesehatan, undangan terbatas dan wajib mengenakan masker. "
     "Atas perhatian Bapak diucapkan terima kasih.",
     "a.n. Ketua DPRD Provinsi Bali\nSekretaris DPRD,\n\n\n\nDrs. I Gede Indra Dewa Putra, M.Si.\n"
     "NIP 196804171994031006",
     NULL,
     {{"2020-07-02T05:20:00Z", "received", RECEIVED_BY, "Diantar kurir Sekretariat DPRD."},
      {"2020-07-02T07:30:00Z", "verified", FORWARDED_BY, "Sangat segera: rapat 7 Juli 2020."},
      {NULL, NULL, NULL, NULL}}},
    {"itm-0015",
     "Kabupaten Badung: permohonan bantuan keuangan khusus sektor pariwisata",
     "Pemerintah Kabupaten Badung mengajukan bantuan keuangan khusus Rp 150 miliar untuk "
     "menutup turunnya PHR dan menjaga layanan dasar selama pandemi.",
     NULL,
     "2020-06-29T03:40:00Z",
     "SM/2020/02276",
     "Sekretaris Daerah Kabupaten Badung a.n. Bupati Badung",
     "Pusat Pemerintahan Mangupraja Mandala, Jalan Raya Sempidi, Mangupura, Badung 80351",
     "900/2217/Bappeda",
     "2020-06-26",
     "2020-06-29",
     "Permohonan Bantuan Keuangan Khusus Penanganan Dampak COVID-19 Sektor Pariwisata",
     "biasa",
     "segera",
     "1 (satu) bendel proposal",
     {"PEMERINTAH KABUPATEN BADUNG", "SEKRETARIAT DAERAH",
      "Pusat Pemerintahan Mangupraja Mandala, Jalan Raya Sempidi, Mangupura 80351"},
     "Mangupura",
     "Yth. Gubernur Bali\ndi Denpasar\n"
     "Pandemi COVID-19 menyebabkan penerimaan Pajak Hotel dan Restoran (PHR) Kabupaten Badung "
     "sampai dengan Juni 2020 turun lebih dari 80%, sehingga kemampuan keuangan daerah untuk "
     "membiayai layanan dasar dan jaring pengaman sosial sangat terbatas.\n"
     "Sehubungan dengan hal tersebut, kami mohon bantuan keuangan khusus dari Pemerintah Provinsi "
     "Bali sebesar Rp 150.000.000.000 untuk penanganan dampak ekonomi pada sektor pariwisata, "
     "dengan rincian sebagaimana proposal terlampir.\n"
     "Demikian permohonan ini kami sampaikan, atas perhatian dan bantuan Bapak Gubernur kami "
     "ucapkan terima kasih.",
     "a.n. Bupati Badung\nSekretaris Daerah,\n\n\n\nI Wayan Sudiarta Nugraha, S.H., M.Si.\n"
     "NIP 196705031993031012",
     NULL,
     {{"2020-06-29T01:15:00Z", "received", RECEIVED_BY, "Diterima beserta proposal."},
      {"2020-06-29T03:40:00Z", "verified", FORWARDED_BY, "Diteruskan ke Sekretaris Daerah."},
      {NULL, NULL, NULL, NULL}}},
    {"itm-0016",
     "Kanwil DJP Bali: sosialisasi insentif pajak PMK 44/2020",
     "Undangan sosialisasi daring insentif pajak bagi bendahara instansi pemerintah, Rabu 8 Juli "
     "2020. Mohon konfirmasi peserta paling lambat 6 Juli 2020.",
     "2020-07-06T08:00:00Z",
     "2020-07-02T04:25:00Z",
     "SM/2020/02347",
     "Kepala Kantor Wilayah Direktorat Jenderal Pajak Bali",
     "Jalan Raya Puputan Nomor 13, Renon, Denpasar 80235",
     "S-1183/WPJ.17/2020",
     "2020-06-30",
     "2020-07-02",
     "Undangan Sosialisasi Insentif Pajak bagi Wajib Pajak Terdampak Pandemi COVID-19",
     "biasa",
     "biasa",
     "1 (satu) lembar",
     {"KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "KANTOR WILAYAH DIREKTORAT JENDERAL PAJAK BALI",
      "Jalan Raya Puputan Nomor 13, Renon, Denpasar 80235"},
     "Denpasar",
     "Yth. Sekretaris Daerah Provinsi Bali\ndi Denpasar\n"
     "Dalam rangka pelaksanaan Peraturan Menteri Keuangan Nomor 44/PMK.03/2020 tentang Insentif "
     "Pajak untuk Wajib Pajak Terdampak Pandemi Corona Virus Disease 2019, kami mengundang "
     "bendahara pengeluaran perangkat daerah Pemerintah Provinsi Bali untuk mengikuti sosialisasi "
     "secara daring pada:\nHari/tanggal: Rabu, 8 Juli 2020\nPukul: 09.00 - 12.00 WITA\n"
     "Media: Zoom Meeting (tautan dikirim setelah konfirmasi)\n"
     "Mohon nama peserta disampaikan paling lambat Senin, 6 Juli 2020. Atas perhatian dan kerja "
     "sama Bapak kami ucapkan terima kasih.",
     "Kepala Kantor Wilayah,\n\n\n\nDr. Bambang Setyo Nugroho\nNIP 196903121990101001",
     NULL,
     {{"2020-07-02T02:00:00Z", "received", RECEIVED_BY, "Diterima melalui pos."},
      {"2020-07-02T04:25:00Z", "verified", FORWARDED_BY, "Usul disposisi ke Kepala BPKAD."},
      {NULL, NULL, NULL, NULL}}},
    {"itm-0017",
     "Universitas Udayana: permohonan narasumber webinar pemerintahan digital",
     "LPPM Universitas Udayana memohon Sekda menjadi narasumber webinar nasional transformasi "
     "digital pemerintahan daerah pada 16 Juli 2020.",
     NULL,
     "2020-07-01T07:50:00Z",
     "SM/2020/02325",
     "Ketua Lembaga Penelitian dan Pengabdian kepada Masyarakat, Universitas Udayana",
     "Kampus Bukit Jimbaran, Kuta Selatan, Badung 80361",
     "B/2165/UN14.2.2/PM.04.00/2020",
     "2020-06-29",
     "2020-07-01",
     "Permohonan Narasumber Webinar Nasional Transformasi Digital Pemerintahan Daerah",
     "biasa",
     "biasa",
     "1 (satu) lembar kerangka acuan",
     {"KEMENTERIAN PENDIDIKAN DAN KEBUDAYAAN", "UNIVERSITAS UDAYANA",
      "Kampus Bukit Jimbaran, Kuta Selatan, Badung 80361"},
     "Jimbaran",
     "Yth. Sekretaris Daerah Provinsi Bali\ndi Denpasar\n"
     "Lembaga Penelitian dan Pengabdian kepada Masyarakat (LPPM) Universitas Udayana akan "
     "menyelenggarakan Webinar Nasional bertema \"Transformasi Digital Pemerintahan Daerah di "
     "Masa Pandemi\" pada Kamis, 16 Juli 2020 pukul 09.00 - 12.00 WITA.\n"
     "Sehubungan dengan itu, kami mohon kesediaan Bapak menjadi narasumber dengan topik "
     "\"Pengalaman Pemerintah Provinsi Bali dalam Penerapan Naskah Dinas Elektronik dan Tanda "
     "Tangan Elektronik\". Kerangka acuan kegiatan kami lampirkan.\n"
     "Atas perhatian dan kesediaan Bapak kami ucapkan terima kasih.",
     "Ketua LPPM,\n\n\n\nProf. Dr. Ir. I Ketut Suamba Wirya, M.Sc.\nNIP 196212311988031019",
     NULL,
     {{"2020-07-01T05:30:00Z", "received", RECEIVED_BY, "Diterima melalui e-mail."},
      {"2020-07-01T07:50:00Z", "verified", FORWARDED_BY, "Mohon arahan Bapak Sekda."},
      {NULL, NULL, NULL, NULL}}},
    {"itm-0018",
     "Diskominfos: kesiapan penerapan tanda tangan elektronik",
     "Laporan kesiapan TTE: 41 dari 52 pejabat pimpinan tinggi dan administrator telah memiliki "
     "sertifikat elektronik; satu sertifikat kedaluwarsa dan perlu diperbarui.",
     "2020-07-09T08:00:00Z",
     "2020-07-03T06:15:00Z",
     "SM/2020/02369",
     "Kepala Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
     "Jalan D.I. Panjaitan No. 7, Niti Mandala Renon, Denpasar 80235",
     "005/1234/Diskominfos",
     "2020-07-03",
     "2020-07-03",
     "Laporan Kesiapan Penerapan Tanda Tangan Elektronik dan Permohonan Penetapan Pejabat "
     "Pengguna",
     "terbatas",
     "segera",
     "1 (satu) lembar",
     {"PEMERINTAH PROVINSI BALI", "DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK",
      "Jalan D.I. Panjaitan No. 7, Niti Mandala Renon, Denpasar 80235"},
     "Denpasar",
     "Yth. Sekretaris Daerah Provinsi Bali\ndi Denpasar\n"
     "Menindaklanjuti arahan Bapak tentang penerapan naskah dinas elektronik, dengan hormat kami "
     "laporkan bahwa 41 dari 52 pejabat pimpinan tinggi dan administrator telah memiliki "
     "sertifikat elektronik yang diterbitkan Balai Sertifikasi Elektronik (BSrE). Satu "
     "sertifikat telah kedaluwarsa dan 10 pejabat belum mendaftar.\n"
     "Kami mohon Bapak berkenan menetapkan Keputusan Sekretaris Daerah tentang pejabat pengguna "
     "tanda tangan elektronik, agar pendaftaran dapat dituntaskan sebelum 31 Juli 2020.\n"
     "Demikian kami sampaikan, atas perkenan Bapak kami ucapkan terima kasih.",
     "Kepala Dinas Komunikasi, Informatika\ndan Statistik Provinsi Bali,\n\n\n\nI Gede Putu Adi "
     "Suryawan, S.Kom., M.T.\nPembina Tingkat I (IV/b)\nNIP 197301171999031003",
     "Status sertifikat elektronik pejabat per 3 Juli 2020:\n"
     "|Kelompok jabatan|>Jumlah|>Terdaftar|>Kedaluwarsa|>Belum\n"
     "|Sekretaris Daerah dan Asisten|>4|>3|>0|>1\n"
     "|Kepala Biro|>8|>6|>1|>1\n"
     "|Kepala Perangkat Daerah|>40|>32|>0|>8\n"
     "|Jumlah|>52|>41|>1|>10\nSumber: data pendaftaran sertifikat elektronik BSrE.",
     {{"2020-07-03T03:45:00Z", "received", RECEIVED_BY, "Diterima melalui aplikasi naskah dinas."},
      {"2020-07-03T06:15:00Z", "verified", FORWARDED_BY, "Diteruskan ke Sekretaris Daerah."},
      {NULL, NULL, NULL, NULL}}},
    {"itm-0019",
     "Kejati Bali: permintaan data pengelolaan dana hibah 2019",
     "Kejaksaan Tinggi Bali meminta salinan dokumen penyaluran hibah TA 2019 pada tiga "
     "perangkat daerah untuk keperluan pengumpulan data.",
     "2020-07-08T08:00:00Z",
     "2020-06-30T04:05:00Z",
     "SM/2020/02301",
     "Asisten Tindak Pidana Khusus, Kejaksaan Tinggi Bali",
     "Jalan Kapten Tantular Nomor 5, Renon, Denpasar 80234",
     "B-1457/N.1.5/Fd.1/06/2020",
     "2020-06-26",
     "2020-06-30",
     "Permintaan Data dan Dokumen Pengelolaan Dana Hibah Tahun Anggaran 2019",
     "rahasia",
     "segera",
     "1 (satu) lembar daftar dokumen",
     {"KEJAKSAAN REPUBLIK INDONESIA", "KEJAKSAAN TINGGI BALI",
      "Jalan Kapten Tantular Nomor 5, Renon, Denpasar 80234"},
     "Denpasar",
     "Yth. Sekretaris Daerah Provinsi Bali\ndi Denpasar\n"
     "Dalam rangka pengumpulan data dan bahan keterangan, dengan hormat kami mohon bantuan "
     "Bapak untuk memberikan salinan dokumen pengelolaan dana hibah Tahun Anggaran 2019 pada "
     "Biro Kesejahteraan Rakyat, Dinas Kebudayaan, dan Dinas Pemberdayaan Masyarakat dan Desa "
     "sebagaimana daftar terlampir.\n"
     "Dokumen agar diserahkan kepada tim kami paling lambat Rabu, 8 Juli 2020. Surat ini "
     "bersifat rahasia. Atas kerja sama Bapak kami ucapkan terima kasih.",
     "a.n. Kepala Kejaksaan Tinggi Bali\nAsisten Tindak Pidana Khusus,\n\n\n\nDr. Agus Setiawan "
     "Wibowo, S.H., M.H.\nJaksa Utama Pratama\nNIP 197008151995031002",
     "Daftar dokumen yang diminta:\n"
     "|No|Dokumen\n|1|Keputusan Gubernur tentang penerima hibah TA 2019\n"
     "|2|Naskah Perjanjian Hibah Daerah (NPHD)\n|3|Laporan penggunaan hibah dari penerima\n"
     "|4|Bukti transfer dana hibah\nSalinan dokumen dilegalisasi oleh pejabat yang berwenang.",
     {{"2020-06-30T01:30:00Z", "received", RECEIVED_BY, "Amplop tertutup, bertanda RAHASIA."},
      {"2020-06-30T04:05:00Z", "verified", FORWARDED_BY, "Langsung kepada Sekretaris Daerah."},
      {NULL, NULL, NULL, NULL}}},
};

/* ---- letter_out -------------------------------------------------------------------------- */

typedef struct {
    const char *official_id; /* listed official, or NULL and name/title below */
    const char *name, *title, *at;
} initial_spec;

typedef struct {
    const char *id, *agency, *title, *summary, *deadline, *received_at;
    const char *draft_number, *letter_number_blank, *recipient, *subject, *classification;
    const char *nature, *attachments_note, *document_title;
    const char *drafter_name, *drafter_title, *drafted_at;
    initial_spec initials[3]; /* up to the first with at == NULL; the last one sends the draft */
    const char *signer_id;    /* the official who signs and whose inbox holds it; NULL: "sekda" */
    const char *text;         /* addressee and paragraphs, after the header block */
    const char *annex;        /* second page or NULL */
} letter_out_spec;

static void initial_who(const initial_spec *s, const char **name, const char **title)
{
    const demo_official *o = s->official_id ? demo_official_find(s->official_id) : NULL;
    *name = o ? o->name : s->name;
    *title = o ? o->title : s->title;
}

/* demo_item_begin files every item in the Sekda's inbox; move one to another official's. */
static void set_assignee(demo_b *b, cJSON *item, const char *official_id)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(item, "assignee");
    if (a && !cJSON_SetValuestring(a, official_id))
        b->ok = false;
}

static void add_letter_out(demo_b *b, cJSON *items, const letter_out_spec *l)
{
    const char *signer_id = l->signer_id ? l->signer_id : "sekda";
    const demo_official *signer = demo_official_find(signer_id);
    if (!signer) { /* a bug in the table below */
        fprintf(stderr, "demo: %s: unknown signer %s\n", l->id, signer_id);
        b->ok = false;
        return;
    }
    bool by_sekda = strcmp(signer_id, "sekda") == 0;
    demo_item_head head = {l->id,      "letter_out", l->agency,   l->title,
                           l->summary, l->nature,    l->deadline, l->received_at};
    cJSON *it = demo_item_begin(b, items, &head);
    if (!by_sekda)
        set_assignee(b, it, signer_id);
    cJSON *c = db_obj(b, it, "content");
    db_str(b, c, "draft_number", l->draft_number);
    db_str(b, c, "recipient", l->recipient);
    db_str(b, c, "subject", l->subject);
    db_str(b, c, "classification", l->classification);
    db_str(b, c, "nature", l->nature);
    cJSON *d = db_obj(b, c, "drafted_by");
    db_str(b, d, "name", l->drafter_name);
    db_str(b, d, "title", l->drafter_title);
    cJSON *ini = db_arr(b, c, "initials");
    /* The timeline: drafted, one entry per initial (paraf), then sent to the signer's inbox. */
    char actors[4][200], note[200];
    demo_event ev[4] = {{0}};
    snprintf(actors[0], sizeof actors[0], "%s (%s)", l->drafter_name, l->drafter_title);
    ev[0] = (demo_event){l->drafted_at, "created", actors[0], "Konsep naskah disusun."};
    size_t n_ev = 1;
    for (size_t i = 0; i < N_OF(l->initials) && l->initials[i].at; i++) {
        const char *name, *title;
        initial_who(&l->initials[i], &name, &title);
        cJSON *j = db_obj(b, ini, NULL);
        db_str(b, j, "name", name);
        db_str(b, j, "title", title);
        db_str(b, j, "at", l->initials[i].at);
        snprintf(actors[n_ev], sizeof actors[n_ev], "%s (%s)", name, title);
        ev[n_ev] = (demo_event){l->initials[i].at, "initialled", actors[n_ev], "Paraf koordinasi."};
        n_ev++;
    }
    snprintf(note, sizeof note, "Siap ditandatangani %s.",
             by_sekda ? "Sekretaris Daerah" : signer->title);
    if (n_ev < N_OF(ev) && strcmp(ev[n_ev - 1].at, l->received_at) != 0)
        ev[n_ev++] = (demo_event){l->received_at, "submitted", "Bagian Tata Usaha Pimpinan", note};
    cJSON *s = db_obj(b, c, "signer");
    db_str(b, s, "id", signer_id);
    db_str(b, s, "name", signer->name);
    db_str(b, s, "title", signer->title);
    db_str(b, c, "document_title", l->document_title);

    char sifat[40], sig[400], block[360], position[200];
    sifat_text(sifat, sizeof sifat, l->nature, l->classification);
    demo_text body;
    dt_init(&body);
    dt_add(&body, "Nomor : %s\nSifat : %s\nLampiran : %s\nHal : %s\n--\n%s", l->letter_number_blank,
           sifat, l->attachments_note, l->subject, l->text);
    /* The day is filled in when the letter is e-signed. Another official signs under the Sekda's
     * name: "a.n." (atas nama) line above the official's own title. */
    snprintf(position, sizeof position, "%s%s",
             by_sekda ? "" : "a.n. SEKRETARIS DAERAH PROVINSI BALI\n", signer->title);
    demo_signature(block, sizeof block, NULL, position, signer);
    snprintf(sig, sizeof sig, "Denpasar,        Juli 2020\n%s", block);
    bool circular = strcmp(l->document_title, "Surat Edaran") == 0;
    demo_page pages[2] = {{"png", {0}, circular ? "SURAT EDARAN" : NULL, dt_str(b, &body), sig},
                          {"png", {0}, "LAMPIRAN", l->annex, NULL}};
    demo_kop(demo_agency_find("BIRO-UMUM"), pages[0].letterhead); /* Setda letterhead */
    demo_kop(demo_agency_find("BIRO-UMUM"), pages[1].letterhead);
    if (pages[0].body)
        demo_item_finish(b, it, ev, n_ev, pages, l->annex ? 2 : 1);
}

static const letter_out_spec letters_out[] = {
    {"itm-0020",
     "DISKOMINFOS",
     "Surat Edaran penerapan tanda tangan elektronik pada naskah dinas",
     "Surat edaran kepada seluruh kepala perangkat daerah: mulai 1 Agustus 2020 naskah dinas "
     "ditandatangani secara elektronik dengan sertifikat BSrE.",
     "2020-07-08T08:00:00Z",
     "2020-07-03T08:20:00Z",
     "KNK-2020-0187",
     "555/      /Diskominfos",
     "Kepala Perangkat Daerah di Lingkungan Pemerintah Provinsi Bali",
     "Penerapan Tanda Tangan Elektronik pada Naskah Dinas di Lingkungan Pemerintah Provinsi Bali",
     "biasa",
     "segera",
     "1 (satu) lembar",
     "Surat Edaran",
     "I Putu Agus Swastika, S.Kom., M.Cs.",
     "Kepala Bidang Persandian dan Keamanan Informasi, Diskominfos",
     "2020-07-02T03:00:00Z",
     {{"kadis-kominfos", NULL, NULL, "2020-07-02T07:40:00Z"},
      {"asisten-3", NULL, NULL, "2020-07-03T08:20:00Z"},
      {NULL, NULL, NULL, NULL}},
     NULL,
     "Yth. Kepala Perangkat Daerah di Lingkungan Pemerintah Provinsi Bali\ndi tempat\n"
     "Dalam rangka mewujudkan tata kelola pemerintahan yang efektif, efisien, dan akuntabel "
     "berbasis elektronik, dengan ini disampaikan hal-hal sebagai berikut:\n"
     "1. Mulai 1 Agustus 2020 naskah dinas di lingkungan Pemerintah Provinsi Bali "
     "ditandatangani secara elektronik menggunakan sertifikat elektronik dari Balai Sertifikasi "
     "Elektronik (BSrE).\n"
     "2. Pejabat yang belum memiliki sertifikat elektronik agar mendaftar melalui Dinas "
     "Komunikasi, Informatika dan Statistik paling lambat 31 Juli 2020.\n"
     "3. Passphrase sertifikat elektronik bersifat rahasia dan tidak boleh diberikan kepada "
     "orang lain, termasuk staf atau ajudan.\n"
     "4. Naskah dinas yang ditandatangani secara elektronik sah sebagai alat bukti hukum.\n"
     "Demikian surat edaran ini untuk dilaksanakan.",
     "Jadwal pendaftaran sertifikat elektronik:\n|Kelompok|Tanggal\n"
     "|Sekretariat Daerah dan Biro|13 - 17 Juli 2020\n|Dinas|20 - 24 Juli 2020\n"
     "|Badan dan Inspektorat|27 - 31 Juli 2020\nPendaftaran di Ruang Layanan TTE, Dinas Kominfos."},
    {"itm-0021",
     "BPKAD",
     "Laporan realisasi semester pertama APBD 2020 kepada Mendagri",
     "Penyampaian laporan realisasi semester pertama APBD Semesta Berencana 2020 dan prognosis "
     "enam bulan berikutnya kepada Menteri Dalam Negeri.",
     "2020-07-24T08:00:00Z",
     "2020-07-03T09:10:00Z",
     "KNK-2020-0191",
     "903/      /BPKAD",
     "Menteri Dalam Negeri c.q. Direktur Jenderal Bina Keuangan Daerah",
     "Penyampaian Laporan Realisasi Semester Pertama APBD Tahun Anggaran 2020",
     "biasa",
     "biasa",
     "1 (satu) berkas",
     "Surat",
     "Ni Luh Putu Ratna Dewi, S.E., M.Ak.",
     "Kepala Bidang Akuntansi dan Pelaporan, BPKAD",
     "2020-07-02T02:30:00Z",
     {{NULL, "I Gusti Ngurah Made Sutaya, S.E., M.Si.",
       "Sekretaris Badan Pengelola Keuangan dan Aset Daerah", "2020-07-02T06:00:00Z"},
      {"kaban-bpkad", NULL, NULL, "2020-07-03T02:15:00Z"},
      {"asisten-2", NULL, NULL, "2020-07-03T09:10:00Z"}},
     NULL,
     "Yth. Menteri Dalam Negeri\nc.q. Direktur Jenderal Bina Keuangan Daerah\ndi Jakarta\n"
     "Dengan hormat, memenuhi ketentuan Pasal 174 Peraturan Pemerintah Nomor 12 Tahun 2019 "
     "tentang Pengelolaan Keuangan Daerah, bersama ini kami sampaikan Laporan Realisasi Semester "
     "Pertama APBD Semesta Berencana Provinsi Bali Tahun Anggaran 2020 beserta prognosis enam "
     "bulan berikutnya.\n"
     "Laporan ini telah memperhitungkan refocusing kegiatan dan realokasi anggaran untuk "
     "penanganan COVID-19 sesuai SKB Menteri Dalam Negeri dan Menteri Keuangan.\n"
     "Demikian kami sampaikan, atas perhatian Bapak Menteri kami ucapkan terima kasih.",
     NULL},
    {"itm-0022",
     "BIRO-PEM",
     "Dukungan fasilitasi Pemilihan Serentak 2020 kepada KPU Provinsi Bali",
     "Jawaban atas permohonan KPU: dukungan ruang rapat, personel penghubung, dan koordinasi "
     "protokol kesehatan untuk pemilihan di enam kabupaten/kota.",
     "2020-07-10T08:00:00Z",
     "2020-07-03T05:30:00Z",
     "KNK-2020-0189",
     "270/      /Pem.Otda",
     "Ketua Komisi Pemilihan Umum Provinsi Bali",
     "Dukungan Fasilitasi Pemilihan Gubernur, Bupati, dan Wali Kota Serentak Tahun 2020",
     "biasa",
     "segera",
     "-",
     "Surat",
     "Anak Agung Ngurah Putra Wibawa, S.STP., M.AP.",
     "Kepala Bagian Otonomi Daerah, Biro Pemerintahan dan Otonomi Daerah",
     "2020-07-01T04:00:00Z",
     {{"karo-pemerintahan", NULL, NULL, "2020-07-02T03:30:00Z"},
      {"asisten-1", NULL, NULL, "2020-07-03T01:45:00Z"},
      {NULL, NULL, NULL, NULL}},
     NULL,
     "Yth. Ketua Komisi Pemilihan Umum Provinsi Bali\ndi Denpasar\n"
     "Menjawab surat Saudara tentang permohonan dukungan fasilitasi pemilihan serentak tahun "
     "2020 di enam kabupaten/kota di Bali, dengan hormat kami sampaikan bahwa Pemerintah "
     "Provinsi Bali:\n"
     "1. Menyediakan ruang rapat di lingkungan Kantor Gubernur untuk rapat koordinasi.\n"
     "2. Menunjuk Biro Pemerintahan dan Otonomi Daerah sebagai penghubung.\n"
     "3. Mengoordinasikan Satuan Tugas Penanganan COVID-19 kabupaten/kota untuk penerapan "
     "protokol kesehatan pada setiap tahapan.\n"
     "Demikian kami sampaikan, atas kerja sama Saudara kami ucapkan terima kasih.",
     NULL},
    {"itm-0023",
     "BAPPEDA",
     "Undangan rapat koordinasi penyusunan KUA-PPAS 2021",
     "Undangan kepada kepala perangkat daerah untuk rapat koordinasi penyusunan KUA-PPAS 2021 "
     "pada Rabu, 8 Juli 2020 pukul 09.00 WITA.",
     "2020-07-06T08:00:00Z",
     "2020-07-03T07:45:00Z",
     "KNK-2020-0190",
     "005/      /Bappeda",
     "Kepala Perangkat Daerah Provinsi Bali (daftar terlampir)",
     "Undangan Rapat Koordinasi Penyusunan KUA-PPAS Tahun Anggaran 2021",
     "biasa",
     "sangat_segera",
     "1 (satu) lembar",
     "Undangan",
     "Ir. Ni Made Ayu Suciptawati, M.T.",
     "Kepala Bidang Perencanaan Makro dan Pendanaan, Bappeda",
     "2020-07-02T08:00:00Z",
     {{"kaban-bappeda", NULL, NULL, "2020-07-03T03:00:00Z"},
      {"asisten-2", NULL, NULL, "2020-07-03T07:45:00Z"},
      {NULL, NULL, NULL, NULL}},
     NULL,
     "Yth. Kepala Perangkat Daerah Provinsi Bali (daftar terlampir)\ndi tempat\n"
     "Dalam rangka penyusunan Kebijakan Umum APBD serta Prioritas dan Plafon Anggaran Sementara "
     "(KUA-PPAS) Tahun Anggaran 2021, dengan hormat kami mengundang Saudara pada:\n"
     "Hari/tanggal: Rabu, 8 Juli 2020\nPukul: 09.00 WITA\n"
     "Tempat: Ruang Rapat Praja Sabha, Kantor Gubernur Bali\n"
     "Acara: Pembahasan rancangan KUA-PPAS 2021 dan pagu indikatif perangkat daerah.\n"
     "Mengingat pentingnya acara, rapat agar dihadiri langsung oleh kepala perangkat daerah "
     "dengan menerapkan protokol kesehatan.",
     "Daftar undangan:\n|No|Perangkat daerah\n|1|Kepala Bappeda\n|2|Kepala BPKAD\n"
     "|3|Kepala Bapenda\n|4|Kepala Dinas Kesehatan\n|5|Kepala Dinas Pendidikan, Kepemudaan dan "
     "Olahraga\n|6|Kepala Dinas PUPR, Perumahan dan Kawasan Permukiman\n|7|Inspektur Provinsi "
     "Bali\nUndangan hanya dapat diwakili oleh sekretaris perangkat daerah."},
    /* Signed on the Sekda's behalf by officials whose own devices exercise the certified-signature
     * failures: asisten-1 has no certificate, karo-hukum's has expired. */
    {"itm-0024",
     "BIRO-PEM",
     "Jadwal rapat koordinasi administrasi pemerintahan desa se-Bali",
     "Surat kepada bupati/wali kota se-Bali: rapat koordinasi penyelenggaraan administrasi "
     "pemerintahan desa 14-16 Juli 2020, dalam tiga kelompok kabupaten/kota.",
     "2020-07-08T08:00:00Z",
     "2020-07-03T06:40:00Z",
     "KNK-2020-0192",
     "140/      /Pem.Otda",
     "Bupati/Wali Kota se-Bali c.q. Kepala Dinas Pemberdayaan Masyarakat dan Desa "
     "Kabupaten/Kota",
     "Jadwal Rapat Koordinasi Penyelenggaraan Administrasi Pemerintahan Desa Tahun 2020",
     "biasa",
     "segera",
     "-",
     "Surat",
     "Putu Eka Wirawan, S.STP., M.Si.",
     "Kepala Subbagian Fasilitasi Pemerintahan Desa, Biro Pemerintahan dan Otonomi Daerah",
     "2020-07-01T07:00:00Z",
     {{NULL, "Drs. I Made Sudarsana Yasa, M.Si.",
       "Kepala Bagian Pemerintahan, Biro Pemerintahan dan Otonomi Daerah", "2020-07-02T02:30:00Z"},
      {"karo-pemerintahan", NULL, NULL, "2020-07-02T08:15:00Z"},
      {NULL, NULL, NULL, NULL}},
     "asisten-1",
     "Yth. Bupati/Wali Kota se-Bali\nc.q. Kepala Dinas Pemberdayaan Masyarakat dan Desa "
     "Kabupaten/Kota\ndi tempat\n"
     "Dalam rangka pembinaan pemerintahan desa serta percepatan penyaluran Dana Desa dan BLT "
     "Dana Desa pada masa pandemi COVID-19, dengan hormat kami sampaikan jadwal Rapat "
     "Koordinasi Penyelenggaraan Administrasi Pemerintahan Desa Tahun 2020 sebagai berikut:\n"
     "|Hari/tanggal|Kabupaten/Kota|Pukul\n"
     "|Selasa, 14 Juli 2020|Jembrana, Tabanan, Buleleng|09.00 WITA\n"
     "|Rabu, 15 Juli 2020|Badung, Gianyar, Denpasar|09.00 WITA\n"
     "|Kamis, 16 Juli 2020|Klungkung, Bangli, Karangasem|09.00 WITA\n"
     "Tempat: Gedung Wiswa Sabha Pratama, Kantor Gubernur Bali. Materi: evaluasi penyaluran "
     "Dana Desa dan BLT Dana Desa, pengangkatan perangkat desa, dan pemutakhiran Profil Desa.\n"
     "Dimohon kehadiran Kepala Dinas PMD Kabupaten/Kota dan Kepala Bidang Pemerintahan Desa "
     "dengan membawa data pendukung serta menerapkan protokol kesehatan.\n"
     "Demikian disampaikan, atas perhatian Bapak/Ibu diucapkan terima kasih.",
     NULL},
    {"itm-0025",
     "BIRO-HUKUM",
     "Hasil pengharmonisasian Ranperda perlindungan danau, mata air, sungai, dan laut",
     "Penyampaian hasil pengharmonisasian Ranperda bersama Kanwil Kementerian Hukum dan HAM Bali "
     "kepada Bapemperda DPRD, dengan permohonan penjadwalan pembahasan.",
     "2020-07-10T08:00:00Z",
     "2020-07-03T08:50:00Z",
     "KNK-2020-0193",
     "180/      /Hukum",
     "Ketua Badan Pembentukan Peraturan Daerah DPRD Provinsi Bali",
     "Penyampaian Hasil Pengharmonisasian Rancangan Peraturan Daerah tentang Perlindungan Danau, "
     "Mata Air, Sungai, dan Laut",
     "biasa",
     "biasa",
     "1 (satu) berkas",
     "Surat",
     "Ni Putu Ayu Wulandari, S.H., M.H.",
     "Perancang Peraturan Perundang-undangan Ahli Muda, Biro Hukum",
     "2020-07-02T01:30:00Z",
     {{NULL, "I Made Sukadana Putra, S.H., M.H.", "Kepala Subbagian Perundang-undangan, Biro Hukum",
       "2020-07-02T06:10:00Z"},
      {NULL, "Anak Agung Ngurah Oka Darmawan, S.H., M.Hum.",
       "Kepala Bagian Perundang-undangan, Biro Hukum", "2020-07-03T02:40:00Z"},
      {NULL, NULL, NULL, NULL}},
     "karo-hukum",
     "Yth. Ketua Badan Pembentukan Peraturan Daerah\nDPRD Provinsi Bali\ndi Denpasar\n"
     "Menindaklanjuti Program Pembentukan Peraturan Daerah Tahun 2020, dengan hormat kami "
     "sampaikan bahwa Rancangan Peraturan Daerah tentang Perlindungan Danau, Mata Air, Sungai, "
     "dan Laut telah diharmonisasi bersama Kantor Wilayah Kementerian Hukum dan Hak Asasi "
     "Manusia Bali pada 29 Juni sampai dengan 1 Juli 2020, dengan hasil pokok sebagai berikut:\n"
     "1. Dasar hukum disesuaikan dengan Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan "
     "Daerah dan Undang-Undang Nomor 32 Tahun 2009.\n"
     "2. Kewenangan atas sungai dan laut disesuaikan dengan pembagian urusan pemerintahan "
     "antara Pemerintah Pusat, Provinsi, dan Kabupaten/Kota.\n"
     "3. Sanksi administratif dibuat bertahap dan ancaman pidana disesuaikan dengan Pasal 15 "
     "Undang-Undang Nomor 12 Tahun 2011.\n"
     "Sehubungan dengan hal tersebut, kami mohon Rancangan Peraturan Daerah dimaksud "
     "dijadwalkan untuk dibahas dalam rapat Badan Pembentukan Peraturan Daerah. Naskah hasil "
     "pengharmonisasian kami sampaikan terlampir.\n"
     "Demikian disampaikan, atas perhatian Bapak diucapkan terima kasih.",
     NULL},
};

void demo_letters_add(demo_b *b, cJSON *items)
{
    for (size_t i = 0; i < N_OF(letters_in); i++)
        add_letter_in(b, items, &letters_in[i]);
    for (size_t i = 0; i < N_OF(letters_out); i++)
        add_letter_out(b, items, &letters_out[i]);
}
