/* Tests of the lobby service board: the model (app/core/board.c: strict parsing of the hub's
 * services and announcements bodies, data freshness, paging, burn-in shift, today's hours) and
 * the screen (app/ui/ui_board.c) rendered headless (SDL dummy driver, software renderer, bundled
 * fonts) at 1920x1080 and 1080x1920: fresh, amber, red, offline after a restart, a service's
 * detail, the admin screen, night and "no data yet", each checked on its draw list (the data age
 * label and its colour, text sizes, Aksara Bali above the Latin name, nothing outside the screen,
 * hit regions). PARAF_TEST_DUMP=dir saves each frame there as board-*.png, to look at. */
#include "board_json.h"
#include "board.h"
#include "image.h"
#include "render.h"
#include "ui_board.h"

#include <SDL.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* The hub's demo data (paraf-hub --demo, hub/demo.c): GET /v1/services and /v1/announcements. */
static const char demo_services[] =
    "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":\"Mal Pelay"
    "anan Publik Provinsi Bali\",\"name_bali\":\"\xE1\xAC\xAB\xE1\xAC\xAE\xE1\xAD\x84 "
    "\xE1\xAC\xA7\xE1\xAD\x82\xE1\xAC\xAE\xE1\xAC\xAC\xE1\xAC\xA6\xE1\xAC\xA6\xE1\xAD\x84 "
    "\xE1\xAC\xA7\xE1\xAC\xB8\xE1\xAC\xA9\xE1\xAD\x84\xE1\xAC\xAE\xE1\xAC\xB6\xE1\xAC\x93"
    "\xE1\xAD\x84 \xE1\xAC\xA7\xE1\xAD\x84\xE1\xAC\xAD\xE1\xAD\x80\xE1\xAC\xAF\xE1\xAC\xB6"
    "\xE1\xAC\xA6\xE1\xAD\x84\xE1\xAC\xB2\xE1\xAC\xB6 \xE1\xAC\xA9\xE1\xAC\xAE\xE1\xAC\xB6\","
    "\"address\":\"Jalan Cok Agung Tresna No. 1, Niti Mandala Renon, Denpasar 80235\"},\"serv"
    "ices\":[{\"id\":\"samsat-pkb\",\"name\":\"Pembayaran PKB dan Pengesahan STNK\",\"name_ba"
    "li\":\"\xE1\xAC\xB2\xE1\xAC\xAB\xE1\xAD\x84\xE1\xAC\xB2\xE1\xAC\xA2\xE1\xAD\x84\",\"agen"
    "cy\":\"UPTD PPD Badan Pendapatan Daerah Provinsi Bali (Samsat Denpasar)\",\"status\":\"g"
    "angguan\",\"status_message\":\"Gangguan jaringan e-Samsat sejak 08.30 WITA. Pembayaran P"
    "KB tetap dilayani, pengesahan STNK menyusul.\",\"quota_daily\":150,\"quota_remaining\":1"
    "04,\"now_serving\":\"A-022\",\"counter\":\"Loket 1\",\"waiting\":24,\"served_today\":21,"
    "\"est_wait_min\":72,\"hours\":[{\"day\":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day"
    "\":2,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"1"
    "5:00\"},{\"day\":4,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\""
    ",\"close\":\"13:00\"},{\"day\":6,\"open\":\"08:00\",\"close\":\"12:00\"}],\"holidays\":["
    "\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21\",\"2020-09-16\",\"2020-09-17"
    "\",\"2020-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\",\"2020-12-24\",\"2020-12-"
    "25\",\"2020-12-31\"]},{\"id\":\"dukcapil-ktp\",\"name\":\"Perekaman dan Pencetakan KTP-e"
    "l\",\"name_bali\":\"\xE1\xAC\xA4\xE1\xAC\xB8\xE1\xAC\x93\xE1\xAD\x84\xE1\xAC\x98"
    "\xE1\xAC\xA7\xE1\xAC\xB6\xE1\xAC\xAE\xE1\xAD\x84\",\"agency\":\"Dinas Kependudukan dan P"
    "encatatan Sipil Kota Denpasar\",\"status\":\"buka\",\"status_message\":\"Bawa fotokopi K"
    "artu Keluarga. Blangko KTP-el tersedia.\",\"quota_daily\":80,\"quota_remaining\":49,\"no"
    "w_serving\":\"B-013\",\"counter\":\"Loket 4\",\"waiting\":18,\"served_today\":12,\"est_w"
    "ait_min\":63,\"hours\":[{\"day\":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\""
    "open\":\"08:00\",\"close\":\"15:00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"}"
    ",{\"day\":4,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"clos"
    "e\":\"13:00\"}],\"holidays\":[\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21"
    "\",\"2020-09-16\",\"2020-09-17\",\"2020-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-"
    "09\",\"2020-12-24\",\"2020-12-25\",\"2020-12-31\"]},{\"id\":\"dukcapil-kk\",\"name\":\"K"
    "artu Keluarga dan Akta Kelahiran\",\"name_bali\":\"\xE1\xAC\xA4\xE1\xAC\xB8\xE1\xAC\x93"
    "\xE1\xAD\x84\xE1\xAC\x98\xE1\xAC\xA7\xE1\xAC\xB6\xE1\xAC\xAE\xE1\xAD\x84\",\"agency\":\""
    "Dinas Kependudukan dan Pencatatan Sipil Kota Denpasar\",\"status\":\"buka\",\"status_mes"
    "sage\":\"Dokumen selesai dalam 1 hari kerja; dapat dicetak mandiri dengan kertas HVS A4."
    "\",\"quota_daily\":60,\"quota_remaining\":42,\"now_serving\":\"C-008\",\"counter\":\"Lok"
    "et 6\",\"waiting\":10,\"served_today\":7,\"est_wait_min\":100,\"hours\":[{\"day\":1,\"op"
    "en\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\"open\":\"08:00\",\"close\":\"15:00\"},{"
    "\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":4,\"open\":\"08:00\",\"close"
    "\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"close\":\"13:00\"}],\"holidays\":[\"2020-0"
    "7-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21\",\"2020-09-16\",\"2020-09-17\",\"2020"
    "-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\",\"2020-12-24\",\"2020-12-25\",\"20"
    "20-12-31\"]},{\"id\":\"dpmptsp-izin\",\"name\":\"Perizinan Berusaha (OSS) dan Non-Berusa"
    "ha\",\"agency\":\"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Bali\""
    ",\"status\":\"buka\",\"status_message\":\"Konsultasi perizinan OSS RBA dan izin usaha pa"
    "riwisata.\",\"quota_daily\":50,\"quota_remaining\":41,\"now_serving\":\"D-005\",\"counte"
    "r\":\"Loket 7\",\"waiting\":4,\"served_today\":4,\"est_wait_min\":40,\"hours\":[{\"day\""
    ":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\"open\":\"08:00\",\"close\":\"15:"
    "00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":4,\"open\":\"08:00\","
    "\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"close\":\"13:00\"}],\"holidays\":["
    "\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21\",\"2020-09-16\",\"2020-09-17"
    "\",\"2020-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\",\"2020-12-24\",\"2020-12-"
    "25\",\"2020-12-31\"]},{\"id\":\"kpp-pajak\",\"name\":\"Layanan Perpajakan (NPWP, SPT, e-"
    "Filing)\",\"agency\":\"KPP Pratama Denpasar Timur\",\"status\":\"buka\",\"status_message"
    "\":\"Pengajuan insentif pajak PMK 86/2020 dilayani di loket ini.\",\"quota_daily\":70,\""
    "quota_remaining\":55,\"now_serving\":\"E-007\",\"counter\":\"Loket 9\",\"waiting\":8,\"s"
    "erved_today\":6,\"est_wait_min\":48,\"hours\":[{\"day\":1,\"open\":\"08:00\",\"close\":"
    "\"15:00\"},{\"day\":2,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":3,\"open\":\"08:0"
    "0\",\"close\":\"15:00\"},{\"day\":4,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":5,"
    "\"open\":\"08:00\",\"close\":\"14:00\"}],\"holidays\":[\"2020-07-31\",\"2020-08-17\",\"2"
    "020-08-20\",\"2020-08-21\",\"2020-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\","
    "\"2020-12-24\",\"2020-12-25\",\"2020-12-31\"]},{\"id\":\"bpjs-kesehatan\",\"name\":\"BPJ"
    "S Kesehatan: Pendaftaran dan Perubahan Data\",\"agency\":\"BPJS Kesehatan Kantor Cabang "
    "Denpasar\",\"status\":\"buka\",\"status_message\":\"Perubahan kelas rawat dapat diajukan"
    " melalui aplikasi Mobile JKN.\",\"quota_daily\":60,\"quota_remaining\":38,\"now_serving"
    "\":\"F-010\",\"counter\":\"Loket 12\",\"waiting\":12,\"served_today\":9,\"est_wait_min\""
    ":48,\"hours\":[{\"day\":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\"open\":\""
    "08:00\",\"close\":\"15:00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\""
    ":4,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"close\":\"14:"
    "00\"}],\"holidays\":[\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21\",\"2020-"
    "10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\",\"2020-12-24\",\"2020-12-25\",\"202"
    "0-12-31\"]},{\"id\":\"bpjs-tk-jht\",\"name\":\"BPJS Ketenagakerjaan: Klaim Jaminan Hari "
    "Tua\",\"agency\":\"BPJS Ketenagakerjaan Kantor Cabang Denpasar\",\"status\":\"kuota_penu"
    "h\",\"status_message\":\"Kuota klaim JHT hari ini habis. Daftar antrean untuk besok mela"
    "lui antrian.bpjsketenagakerjaan.go.id.\",\"quota_daily\":40,\"quota_remaining\":0,\"now_"
    "serving\":\"G-011\",\"counter\":\"Loket 13\",\"waiting\":29,\"served_today\":10,\"est_wa"
    "it_min\":218,\"hours\":[{\"day\":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\""
    "open\":\"08:00\",\"close\":\"15:00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"}"
    ",{\"day\":4,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"clos"
    "e\":\"14:00\"}],\"holidays\":[\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21"
    "\",\"2020-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\",\"2020-12-24\",\"2020-12-"
    "25\",\"2020-12-31\"]},{\"id\":\"imigrasi-paspor\",\"name\":\"Permohonan Paspor RI\",\"na"
    "me_bali\":\"\xE1\xAC\x87\xE1\xAC\xAB\xE1\xAC\xB6\xE1\xAC\x95\xE1\xAD\x84\xE1\xAC\xAD"
    "\xE1\xAC\xB2\xE1\xAC\xB6\",\"agency\":\"Kantor Imigrasi Kelas I TPI Denpasar\",\"status"
    "\":\"buka\",\"status_message\":\"Hanya pemohon dengan nomor antrean daring (aplikasi APA"
    "PO) hari ini.\",\"quota_daily\":30,\"quota_remaining\":16,\"now_serving\":\"H-006\",\"co"
    "unter\":\"Loket 15\",\"waiting\":8,\"served_today\":5,\"est_wait_min\":120,\"hours\":[{"
    "\"day\":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\"open\":\"08:00\",\"close"
    "\":\"15:00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":4,\"open\":\"0"
    "8:00\",\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"close\":\"14:00\"}],\"holida"
    "ys\":[\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21\",\"2020-10-28\",\"2020-"
    "10-29\",\"2020-10-30\",\"2020-12-09\",\"2020-12-24\",\"2020-12-25\",\"2020-12-31\"]},{\""
    "id\":\"polri-skck\",\"name\":\"Penerbitan SKCK\",\"agency\":\"Kepolisian Resor Kota Denp"
    "asar\",\"status\":\"buka\",\"status_message\":\"Bawa pas foto 4x6 latar merah sebanyak 6"
    " lembar.\",\"quota_daily\":60,\"quota_remaining\":41,\"now_serving\":\"I-009\",\"counter"
    "\":\"Loket 16\",\"waiting\":10,\"served_today\":8,\"est_wait_min\":60,\"hours\":[{\"day"
    "\":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\"open\":\"08:00\",\"close\":\"1"
    "5:00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":4,\"open\":\"08:00\""
    ",\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"close\":\"13:00\"}],\"holidays\":["
    "\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21\",\"2020-10-28\",\"2020-10-29"
    "\",\"2020-10-30\",\"2020-12-09\",\"2020-12-24\",\"2020-12-25\",\"2020-12-31\"]},{\"id\":"
    "\"kejari-tilang\",\"name\":\"Pengambilan Barang Bukti Tilang\",\"agency\":\"Kejaksaan Ne"
    "geri Denpasar\",\"status\":\"tutup\",\"status_message\":\"Loket dibuka Selasa dan Kamis,"
    " 08.00-12.00 WITA. Denda dapat dibayar melalui BRIVA.\",\"quota_daily\":100,\"quota_rema"
    "ining\":100,\"now_serving\":null,\"counter\":null,\"waiting\":0,\"served_today\":0,\"est"
    "_wait_min\":0,\"hours\":[{\"day\":2,\"open\":\"08:00\",\"close\":\"12:00\"},{\"day\":4,"
    "\"open\":\"08:00\",\"close\":\"12:00\"}],\"holidays\":[\"2020-07-31\",\"2020-08-17\",\"2"
    "020-08-20\",\"2020-08-21\",\"2020-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\","
    "\"2020-12-24\",\"2020-12-25\",\"2020-12-31\"]},{\"id\":\"pdam-denpasar\",\"name\":\"Pemb"
    "ayaran dan Pengaduan Air Minum\",\"agency\":\"Perumda Air Minum Tirta Sewakadarma Kota D"
    "enpasar\",\"status\":\"buka\",\"status_message\":\"Pengaduan kebocoran pipa juga dapat d"
    "isampaikan ke nomor layanan 24 jam.\",\"quota_daily\":40,\"quota_remaining\":34,\"now_se"
    "rving\":\"K-004\",\"counter\":\"Loket 18\",\"waiting\":2,\"served_today\":3,\"est_wait_m"
    "in\":10,\"hours\":[{\"day\":1,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":2,\"open"
    "\":\"08:00\",\"close\":\"15:00\"},{\"day\":3,\"open\":\"08:00\",\"close\":\"15:00\"},{\""
    "day\":4,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":5,\"open\":\"08:00\",\"close\":"
    "\"13:00\"}],\"holidays\":[\"2020-07-31\",\"2020-08-17\",\"2020-08-20\",\"2020-08-21\",\""
    "2020-09-16\",\"2020-09-17\",\"2020-10-28\",\"2020-10-29\",\"2020-10-30\",\"2020-12-09\","
    "\"2020-12-24\",\"2020-12-25\",\"2020-12-31\"]}]}";

static const char demo_announcements[] =
    "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\",\"announcements\":[{\"id\":\"a"
    "nn-001\",\"text\":\"Wajib memakai masker, mencuci tangan, dan menjaga jarak minimal 1 me"
    "ter selama berada di Mal Pelayanan Publik.\",\"from\":\"2020-06-01T00:00:00Z\",\"until\""
    ":\"2020-12-31T15:59:59Z\",\"priority\":\"penting\"},{\"id\":\"ann-002\",\"text\":\"Layan"
    "an Samsat: gangguan jaringan e-Samsat sejak pukul 08.30 WITA. Pembayaran PKB tetap dilay"
    "ani, pengesahan STNK menyusul.\",\"from\":\"2020-07-06T00:30:00Z\",\"until\":\"2020-07-0"
    "6T07:00:00Z\",\"priority\":\"penting\"},{\"id\":\"ann-003\",\"text\":\"Program pembebasa"
    "n sanksi administratif (denda) PKB dan BBNKB II berlaku sampai dengan 31 Juli 2020.\",\""
    "from\":\"2020-06-15T00:00:00Z\",\"until\":\"2020-07-31T15:59:59Z\",\"priority\":\"info\""
    "},{\"id\":\"ann-004\",\"text\":\"Hari Raya Idul Adha 1441 H: Jumat, 31 Juli 2020, seluru"
    "h layanan tutup dan buka kembali Senin, 3 Agustus 2020.\",\"from\":\"2020-07-24T00:00:00"
    "Z\",\"until\":\"2020-07-31T15:59:59Z\",\"priority\":\"info\"},{\"id\":\"ann-005\",\"text"
    "\":\"Antrean klaim JHT BPJS Ketenagakerjaan kini hanya melalui pendaftaran daring sehari"
    " sebelumnya.\",\"from\":\"2020-06-22T00:00:00Z\",\"until\":\"2020-08-31T15:59:59Z\",\"pr"
    "iority\":\"info\"},{\"id\":\"ann-006\",\"text\":\"Layanan perekaman KTP-el di Mal Pelaya"
    "nan Publik kembali dibuka mulai 15 Juni 2020.\",\"from\":\"2020-06-10T00:00:00Z\",\"unti"
    "l\":\"2020-06-30T15:59:59Z\",\"priority\":\"info\"}]}";

/* Monday 6 July 2020, 09.42 WITA. */
#define NOW    1593999720LL /* 2020-07-06T01:42:00Z */
#define POLL_S 30
#define RED_S  900
#define SAMSAT 0
#define KUOTA  6 /* bpjs-tk-jht, kuota_penuh */
#define TILANG 9 /* kejari-tilang, tutup */

static board_data *parsed(void)
{
    board_data *d = malloc(sizeof *d);
    assert_non_null(d);
    board_data_init(d);
    char why[128];
    assert_int_equal(board_parse_services(d, demo_services, strlen(demo_services), why, sizeof why),
                     BOARD_OK);
    assert_int_equal(board_parse_announcements(d, demo_announcements, strlen(demo_announcements),
                                               why, sizeof why),
                     BOARD_OK);
    return d;
}

static const tz_info WITA = {480, "WITA"};

/* ---- parsing ---- */

static void test_parse_demo(void **state)
{
    (void)state;
    board_data *d = parsed();
    assert_true(d->have_services);
    assert_int_equal(d->n_services, 11);
    assert_int_equal(d->n_invalid_services, 0);
    assert_string_equal(d->hall_name, "Mal Pelayanan Publik Provinsi Bali");
    assert_true(d->hall_name_bali[0] != '\0');
    assert_int_equal(d->services_revision, 1);
    const board_service *s = &d->services[SAMSAT];
    assert_true(s->valid);
    assert_string_equal(s->id, "samsat-pkb");
    assert_int_equal(s->status, BOARD_GANGGUAN);
    assert_string_equal(s->now_serving, "A-022");
    assert_string_equal(s->counter, "Loket 1");
    assert_int_equal(s->waiting, 24);
    assert_int_equal(s->est_wait_min, 72);
    assert_int_equal(s->quota_daily, 150);
    assert_int_equal(s->quota_remaining, 104);
    assert_int_equal(s->served_today, 21);
    assert_int_equal(s->n_hours, 6);
    assert_int_equal(s->n_holidays, 13);
    assert_true(s->name_bali[0] != '\0');
    assert_int_equal(d->services[KUOTA].status, BOARD_KUOTA_PENUH);
    assert_int_equal(d->services[KUOTA].quota_remaining, 0);
    assert_int_equal(d->services[TILANG].status, BOARD_TUTUP);
    assert_string_equal(d->services[TILANG].now_serving, "");
    assert_string_equal(d->services[TILANG].counter, "");
    assert_string_equal(board_status_code(BOARD_KUOTA_PENUH), "kuota_penuh");
    assert_string_equal(board_status_code((board_status)9), "");

    /* Announcements: 6 parsed; at 09.42 WITA two `penting` first, then two `info` (one has
     * expired, one is not due yet). */
    assert_int_equal(d->n_ann, 6);
    int idx[BOARD_ANN_MAX];
    int n = board_ann_active(d, NOW, idx, BOARD_ANN_MAX);
    assert_int_equal(n, 4);
    assert_string_equal(d->ann[idx[0]].id, "ann-001");
    assert_string_equal(d->ann[idx[1]].id, "ann-002");
    assert_string_equal(d->ann[idx[2]].id, "ann-003");
    assert_string_equal(d->ann[idx[3]].id, "ann-005");
    assert_int_equal(board_ann_active(d, NOW, idx, 1), 1);
    /* ann-002 ends at 07:00Z: from then on, only one penting. */
    n = board_ann_active(d, 1594018800LL, idx, BOARD_ANN_MAX);
    assert_int_equal(n, 3);
    assert_string_equal(d->ann[idx[0]].id, "ann-001");
    free(d);
}

static void test_hours(void **state)
{
    (void)state;
    board_data *d = parsed();
    int o = -1, c = -1;
    assert_int_equal(board_iso_weekday(NOW, &WITA), 1);              /* Monday */
    assert_int_equal(board_iso_weekday(1593964800LL - 1, &WITA), 7); /* Sunday 23:59:59 WITA... */
    assert_true(board_hours_today(&d->services[SAMSAT], NOW, &WITA, &o, &c));
    assert_int_equal(o, 8 * 60);
    assert_int_equal(c, 15 * 60);
    /* The tilang counter opens Tuesday and Thursday only. */
    o = c = -1;
    assert_false(board_hours_today(&d->services[TILANG], NOW, &WITA, &o, &c));
    assert_int_equal(o, -1);
    assert_true(board_hours_today(&d->services[TILANG], NOW + 86400, &WITA, &o, &c));
    /* Friday 31 July 2020 is a holiday (Idul Adha), though Friday is a working day. */
    int64_t jul31 = 1596153600LL + 3600; /* 2020-07-31T01:00:00Z, 09.00 WITA */
    assert_int_equal(board_iso_weekday(jul31, &WITA), 5);
    assert_false(board_hours_today(&d->services[SAMSAT], jul31, &WITA, &o, &c));
    assert_true(board_hours_of_day(&d->services[SAMSAT], 5, &o, &c));
    assert_int_equal(c, 13 * 60);
    assert_false(board_hours_of_day(&d->services[SAMSAT], 7, &o, &c));
    free(d);
}

static board_err parse_s(board_data *d, const char *json)
{
    char why[128] = "x";
    board_err e = board_parse_services(d, json, strlen(json), why, sizeof why);
    if (e != BOARD_OK)
        assert_true(why[0] != '\0'); /* every refusal says why */
    return e;
}

/* Every malformed body is refused with a reason, and the data shown stays exactly as it was. */
static void test_parse_malformed(void **state)
{
    (void)state;
    board_data *d = parsed();
    board_data *copy = malloc(sizeof *copy);
    assert_non_null(copy);
    memcpy(copy, d, sizeof *d);
    char why[128];

    assert_int_equal(board_parse_services(d, NULL, 0, why, sizeof why), BOARD_ERR_EMPTY);
    assert_int_equal(board_parse_services(d, "", 0, NULL, 0), BOARD_ERR_EMPTY);
    assert_int_equal(parse_s(d, "{"), BOARD_ERR_SYNTAX);
    assert_int_equal(parse_s(d, "<html>Login</html>"), BOARD_ERR_SYNTAX);
    assert_int_equal(parse_s(d, "{} x"), BOARD_ERR_SYNTAX);
    assert_int_equal(parse_s(d, "[]"), BOARD_ERR_SHAPE);
    assert_int_equal(parse_s(d, "42"), BOARD_ERR_SHAPE);
    assert_int_equal(parse_s(d, "null"), BOARD_ERR_SHAPE);
    assert_int_equal(parse_s(d, "{}"), BOARD_ERR_SHAPE);
    static const char *const wrong[] = {
        "{\"revision\":\"1\",\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":\"A\"},"
        "\"services\":[]}",
        "{\"revision\":1.5,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":\"A\"},"
        "\"services\":[]}",
        "{\"revision\":1,\"generated_at\":\"kemarin\",\"hall\":{\"name\":\"A\"},\"services\":[]}",
        "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":\"A\",\"services\":[]}",
        "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":\"\"},"
        "\"services\":[]}",
        "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":\"A\"},"
        "\"services\":{}}",
        "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":\"A\"}}",
        "{\"revision\":-1,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":\"A\"},"
        "\"services\":[]}",
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        if (parse_s(d, wrong[i]) != BOARD_ERR_SHAPE)
            fail_msg("accepted: %s", wrong[i]);
    /* Every truncation of the real body is refused (a cut connection). */
    size_t len = strlen(demo_services);
    for (size_t n = 1; n < len; n++)
        if (board_parse_services(d, demo_services, n, why, sizeof why) == BOARD_OK)
            fail_msg("accepted a body cut at %zu of %zu bytes", n, len);
    /* Too big, even if it is only white space around a valid body. */
    size_t big = BOARD_JSON_MAX + 1;
    char *huge = malloc(big + 1);
    assert_non_null(huge);
    memset(huge, ' ', big);
    memcpy(huge, demo_services, len);
    huge[big] = '\0';
    assert_int_equal(board_parse_services(d, huge, big, why, sizeof why), BOARD_ERR_TOO_BIG);
    assert_int_equal(board_parse_services(d, huge, BOARD_JSON_MAX, why, sizeof why), BOARD_OK);
    memcpy(d, copy, sizeof *d);
    /* Deep nesting: cJSON's own limit. */
    memset(huge, '[', 5000);
    memset(huge + 5000, ']', 5000);
    assert_int_equal(board_parse_services(d, huge, 10000, why, sizeof why), BOARD_ERR_SYNTAX);
    /* More services than the cap. */
    char *many = malloc(64 * 1024);
    assert_non_null(many);
    size_t k = (size_t)snprintf(many, 64 * 1024,
                                "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\","
                                "\"hall\":{\"name\":\"A\"},\"services\":[");
    for (int i = 0; i <= BOARD_SERVICES_MAX; i++)
        k += (size_t)snprintf(many + k, 64 * 1024 - k, "%s{}", i ? "," : "");
    snprintf(many + k, 64 * 1024 - k, "]}");
    assert_int_equal(parse_s(d, many), BOARD_ERR_TOO_MANY);
    free(many);
    free(huge);
    assert_memory_equal(d, copy, sizeof *d);

    /* Announcements: the same rules. */
    assert_int_equal(board_parse_announcements(d, "{", 1, why, sizeof why), BOARD_ERR_SYNTAX);
    assert_int_equal(board_parse_announcements(d, "{}", 2, why, sizeof why), BOARD_ERR_SHAPE);
    len = strlen(demo_announcements);
    for (size_t n = 1; n < len; n++)
        if (board_parse_announcements(d, demo_announcements, n, why, sizeof why) == BOARD_OK)
            fail_msg("accepted announcements cut at %zu", n);
    assert_memory_equal(d, copy, sizeof *d);
    free(copy);
    free(d);
}

/* A body with one service made from `fields` (the rest of a good service follows). */
static board_err one_service(board_data *d, const char *fields)
{
    size_t cap = strlen(fields) + 512;
    char *body = malloc(cap);
    assert_non_null(body);
    snprintf(body, cap,
             "{\"revision\":2,\"generated_at\":\"2020-07-06T01:00:00Z\",\"hall\":{\"name\":"
             "\"Mal\",\"name_bali\":\"Mall\"},\"services\":[{%s}]}",
             fields);
    board_err e = parse_s(d, body);
    free(body);
    return e;
}

#define GOOD_TAIL                                                                                  \
    "\"agency\":\"Dinas\",\"status_message\":\"Pesan.\",\"quota_daily\":10,"                       \
    "\"served_today\":1,\"est_wait_min\":5,\"hours\":[{\"day\":1,\"open\":\"08:00\","              \
    "\"close\":\"15:00\"}],\"holidays\":[]"

/* One bad field makes one service "cannot be shown", never the whole board. */
static void test_parse_service_fields(void **state)
{
    (void)state;
    board_data *d = malloc(sizeof *d);
    assert_non_null(d);
    board_data_init(d);
    static const char good[] = "\"id\":\"x-1\",\"name\":\"Layanan\",\"status\":\"buka\","
                               "\"quota_remaining\":5,\"now_serving\":\"A-002\","
                               "\"counter\":\"Loket 1\",\"waiting\":3," GOOD_TAIL;
    assert_int_equal(one_service(d, good), BOARD_OK);
    assert_true(d->services[0].valid);
    assert_string_equal(d->hall_name_bali, ""); /* Latin in name_bali: dropped, hall kept */
    assert_int_equal(d->services[0].hours[0].open_min, 480);

    static const char *const bad[] = {
        /* unknown status */
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"libur\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":0," GOOD_TAIL,
        /* more left than the quota */
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":11,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":0," GOOD_TAIL,
        /* "full" with tickets left */
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"kuota_penuh\",\"quota_remaining\":1,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":0," GOOD_TAIL,
        /* a ticket with no counter */
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":\"A-001\",\"counter\":null,\"waiting\":0," GOOD_TAIL,
        /* a count as a string, negative, fractional, huge */
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":\"3\"," GOOD_TAIL,
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":-1," GOOD_TAIL,
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":1.5," GOOD_TAIL,
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":1e300," GOOD_TAIL,
        /* missing name, bad id, name not UTF-8 */
        "\"id\":\"x-1\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":0," GOOD_TAIL,
        "\"id\":\"x 1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":0," GOOD_TAIL,
        "\"id\":\"x-1\",\"name\":\"L\xFF\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":null,\"counter\":null,\"waiting\":0," GOOD_TAIL,
        /* a ticket too long to be one */
        "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
        "\"now_serving\":\"A-0000000000000000001\",\"counter\":\"Loket "
        "1\",\"waiting\":0," GOOD_TAIL,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(one_service(d, bad[i]), BOARD_OK);
        if (d->services[0].valid)
            fail_msg("service %zu accepted", i);
        assert_int_equal(d->n_invalid_services, 1);
    }
    /* Hours and holidays: day out of range, out of order, open after close, 25:00, bad date. */
    static const char *const hours[] = {
        "[{\"day\":8,\"open\":\"08:00\",\"close\":\"15:00\"}]",
        "[{\"day\":2,\"open\":\"08:00\",\"close\":\"15:00\"},{\"day\":1,\"open\":\"08:00\","
        "\"close\":\"15:00\"}]",
        "[{\"day\":1,\"open\":\"15:00\",\"close\":\"08:00\"}]",
        "[{\"day\":1,\"open\":\"08:00\",\"close\":\"25:00\"}]",
        "[{\"day\":1,\"open\":\"8:00\",\"close\":\"15:00\"}]",
        "[{\"day\":1,\"open\":\"08:00\"}]",
        "{}",
    };
    for (size_t i = 0; i < sizeof hours / sizeof hours[0]; i++) {
        char f[1024];
        snprintf(f, sizeof f,
                 "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\",\"quota_remaining\":5,"
                 "\"now_serving\":null,\"counter\":null,\"waiting\":0,\"agency\":\"D\","
                 "\"status_message\":\"P.\",\"quota_daily\":10,\"served_today\":1,"
                 "\"est_wait_min\":5,\"hours\":%s,\"holidays\":[]",
                 hours[i]);
        assert_int_equal(one_service(d, f), BOARD_OK);
        if (d->services[0].valid)
            fail_msg("hours %zu accepted", i);
    }
    assert_int_equal(one_service(d, "\"id\":\"x-1\",\"name\":\"L\",\"status\":\"buka\","
                                    "\"quota_remaining\":5,\"now_serving\":null,\"counter\":null,"
                                    "\"waiting\":0,\"agency\":\"D\",\"status_message\":\"P.\","
                                    "\"quota_daily\":10,\"served_today\":1,\"est_wait_min\":5,"
                                    "\"hours\":[],\"holidays\":[\"2020-02-30\"]"),
                     BOARD_OK);
    assert_false(d->services[0].valid);
    /* The name survives in an invalid service so the card can say which one it is. */
    assert_int_equal(one_service(d, "\"id\":\"x-1\",\"name\":\"Paspor\",\"status\":\"?\""),
                     BOARD_OK);
    assert_false(d->services[0].valid);
    assert_string_equal(d->services[0].name, "Paspor");
    /* A non-object element takes a place too. */
    assert_int_equal(parse_s(d, "{\"revision\":1,\"generated_at\":\"2020-07-06T01:00:00Z\","
                                "\"hall\":{\"name\":\"A\"},\"services\":[7,\"x\",null]}"),
                     BOARD_OK);
    assert_int_equal(d->n_services, 3);
    assert_int_equal(d->n_invalid_services, 3);

    /* Huge prose is cut with "…" at a character boundary; control characters become spaces;
     * optional requirements are read. */
    size_t big = 20000;
    char *body = malloc(big + 2048);
    assert_non_null(body);
    int k = snprintf(body, 2048, "\"id\":\"x-1\",\"name\":\"");
    for (size_t i = 0; i < big / 2; i++) /* "é" x 10,000: 2 bytes each */
        memcpy(body + k + 2 * i, "\xC3\xA9", 2);
    k += (int)big;
    snprintf(body + k, 2048,
             "\",\"status\":\"buka\",\"quota_remaining\":5,\"now_serving\":null,"
             "\"counter\":null,\"waiting\":0,\"agency\":\"Di\\nnas\",\"status_message\":\"P.\","
             "\"quota_daily\":10,\"served_today\":1,\"est_wait_min\":5,\"hours\":[],"
             "\"holidays\":[],\"requirements\":[\"KTP asli\",\"Kartu Keluarga\"]");
    assert_int_equal(one_service(d, body), BOARD_OK);
    free(body);
    const board_service *s = &d->services[0];
    assert_true(s->valid);
    size_t nl = strlen(s->name);
    assert_true(nl < BOARD_NAME_CAP);
    assert_memory_equal(s->name + nl - 3, "\xE2\x80\xA6", 3);
    assert_true(((nl - 3) % 2) == 0); /* whole "é"s only */
    assert_string_equal(s->agency, "Di nas");
    assert_int_equal(s->n_requirements, 2);
    assert_string_equal(s->requirements[1], "Kartu Keluarga");
    free(d);
}

static void test_parse_announcements_rules(void **state)
{
    (void)state;
    board_data *d = malloc(sizeof *d);
    assert_non_null(d);
    board_data_init(d);
    char body[8192], why[128];
    int k = snprintf(body, sizeof body,
                     "{\"revision\":3,\"generated_at\":\"2020-07-06T01:00:00Z\","
                     "\"announcements\":[");
    /* until before from, unknown priority, empty text, bad time: dropped */
    k += snprintf(body + k, sizeof body - (size_t)k,
                  "{\"id\":\"a\",\"text\":\"T\",\"from\":\"2020-07-06T01:00:00Z\","
                  "\"until\":\"2020-07-06T00:00:00Z\",\"priority\":\"info\"},"
                  "{\"id\":\"b\",\"text\":\"T\",\"from\":\"2020-07-06T00:00:00Z\","
                  "\"until\":\"2020-07-07T00:00:00Z\",\"priority\":\"darurat\"},"
                  "{\"id\":\"c\",\"text\":\"\",\"from\":\"2020-07-06T00:00:00Z\","
                  "\"until\":\"2020-07-07T00:00:00Z\",\"priority\":\"info\"},"
                  "{\"id\":\"d\",\"text\":\"T\",\"from\":\"6 Juli\","
                  "\"until\":\"2020-07-07T00:00:00Z\",\"priority\":\"info\"},");
    for (int i = 0; i < BOARD_ANN_MAX + 2; i++)
        k += snprintf(body + k, sizeof body - (size_t)k,
                      "%s{\"id\":\"ok-%d\",\"text\":\"Teks\",\"from\":\"2020-07-06T00:00:00Z\","
                      "\"until\":\"2020-07-07T00:00:00Z\",\"priority\":\"info\"}",
                      i ? "," : "", i);
    snprintf(body + k, sizeof body - (size_t)k, "]}");
    assert_true(strlen(body) < sizeof body - 1);
    assert_int_equal(board_parse_announcements(d, body, strlen(body), why, sizeof why), BOARD_OK);
    assert_int_equal(d->n_ann, BOARD_ANN_MAX);
    assert_int_equal(d->n_invalid_ann, 4 + 2);
    assert_int_equal(d->announcements_revision, 3);
    int idx[BOARD_ANN_MAX];
    assert_int_equal(board_ann_active(d, NOW, idx, BOARD_ANN_MAX), BOARD_ANN_MAX);
    /* until is exclusive, from inclusive */
    assert_int_equal(board_ann_active(d, 1594080000LL, idx, BOARD_ANN_MAX), 0);
    assert_int_equal(board_ann_active(d, 1593993600LL, idx, BOARD_ANN_MAX), BOARD_ANN_MAX);
    assert_int_equal(board_ann_active(d, 1593993599LL, idx, BOARD_ANN_MAX), 0);
    free(d);
}

/* ---- freshness, paging, shift ---- */

static void test_freshness(void **state)
{
    (void)state;
    assert_int_equal(board_fresh(NOW, 0, POLL_S, RED_S), BOARD_FRESH_NONE);
    assert_int_equal(board_fresh(NOW, NOW, POLL_S, RED_S), BOARD_FRESH);
    assert_int_equal(board_fresh(NOW, NOW - 2 * POLL_S, POLL_S, RED_S), BOARD_FRESH);
    assert_int_equal(board_fresh(NOW, NOW - 2 * POLL_S - 1, POLL_S, RED_S), BOARD_AMBER);
    assert_int_equal(board_fresh(NOW, NOW - RED_S, POLL_S, RED_S), BOARD_AMBER);
    assert_int_equal(board_fresh(NOW, NOW - RED_S - 1, POLL_S, RED_S), BOARD_RED);
    assert_int_equal(board_fresh(NOW, NOW - 86400 * 30, POLL_S, RED_S), BOARD_RED);
    /* A sync "in the future" (the clock went back) is fresh, not negative age. */
    assert_int_equal(board_fresh(NOW, NOW + 3600, POLL_S, RED_S), BOARD_FRESH);
    /* No amber stage / never red. */
    assert_int_equal(board_fresh(NOW, NOW - 500, 0, RED_S), BOARD_FRESH);
    assert_int_equal(board_fresh(NOW, NOW - 86400, POLL_S, 0), BOARD_AMBER);
    /* red before amber would be: red wins */
    assert_int_equal(board_fresh(NOW, NOW - 50, POLL_S, 40), BOARD_RED);
}

static void test_paging(void **state)
{
    (void)state;
    int c = 0, r = 0;
    assert_int_equal(board_grid(1000, 500, 240, 176, 20, &c, &r), 6);
    assert_int_equal(c, 3);
    assert_int_equal(r, 2);
    assert_int_equal(board_grid(100, 100, 240, 176, 20, &c, &r), 1); /* at least one */
    assert_int_equal(board_grid(0, 0, 0, 0, 0, NULL, NULL), 1);
    assert_int_equal(board_pages(0, 6), 1);
    assert_int_equal(board_pages(11, 6), 2);
    assert_int_equal(board_pages(12, 6), 2);
    assert_int_equal(board_pages(13, 6), 3);
    assert_int_equal(board_pages(5, 0), 1);
    assert_int_equal(board_page_at(0, 2, 12000), 0);
    assert_int_equal(board_page_at(11999, 2, 12000), 0);
    assert_int_equal(board_page_at(12000, 2, 12000), 1);
    assert_int_equal(board_page_at(24000, 2, 12000), 0);
    assert_int_equal(board_page_at(36000, 3, 12000), 0);
    assert_int_equal(board_page_at(-1, 3, 12000), 2);
    assert_int_equal(board_page_at(INT64_MAX, 3, 12000), (int)((INT64_MAX / 12000) % 3));
    assert_int_equal(board_page_at(50000, 1, 12000), 0);
    assert_int_equal(board_page_at(50000, 4, 0), 0);
    /* Each page stays for a whole period. */
    for (int64_t t = 0; t < 200000; t += 500)
        assert_int_equal(board_page_at(t, 3, 12000), board_page_at(t - t % 12000, 3, 12000));
}

static void test_shift(void **state)
{
    (void)state;
    const int64_t period = BOARD_SHIFT_MS;
    for (int m = 1; m <= 8; m++) {
        int side = 2 * m + 1, n = side * side;
        bool seen[17 * 17] = {false};
        int pdx = 99, pdy = 99;
        for (int step = 0; step < n; step++) {
            int dx, dy, dx2, dy2;
            board_shift(step * period, period, m, &dx, &dy);
            board_shift(step * period + period - 1, period, m, &dx2, &dy2);
            assert_int_equal(dx, dx2); /* steady within a period */
            assert_int_equal(dy, dy2);
            assert_true(dx >= -m && dx <= m && dy >= -m && dy <= m);
            assert_false(dx == pdx && dy == pdy); /* moves every period */
            seen[(dy + m) * side + dx + m] = true;
            pdx = dx, pdy = dy;
        }
        for (int i = 0; i < n; i++)
            assert_true(seen[i]); /* every position once per cycle */
        int a, b, a2, b2;
        board_shift(123456789, period, m, &a, &b);
        board_shift(123456789 + n * period, period, m, &a2, &b2);
        assert_int_equal(a, a2);
        assert_int_equal(b, b2);
    }
    int dx = 5, dy = 5;
    board_shift(1000000, 0, 4, &dx, &dy);
    assert_true(dx == 0 && dy == 0);
    board_shift(1000000, period, 0, &dx, &dy);
    assert_true(dx == 0 && dy == 0);
    for (int64_t t = -10 * period; t < 10 * period; t += period / 3) {
        board_shift(t, period, 1000, &dx, &dy);
        assert_true(dx >= -32 && dx <= 32 && dy >= -32 && dy <= 32);
    }
}

/* ---- rendering ---- */

static const int size_dp[TEXT_SIZES] = {14, 17, 22, 32}; /* render.c's type scale */

typedef struct {
    int w, h;
    SDL_Surface *surf;
    SDL_Renderer *r;
    render *rd;
    draw_list l;
    ui_ctx c;
    ui u;
} scene;

static void scene_open(scene *s, int w, int h)
{
    memset(s, 0, sizeof *s);
    s->w = w, s->h = h;
    s->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s->surf);
    s->r = SDL_CreateSoftwareRenderer(s->surf);
    assert_non_null(s->r);
    const char *assets = getenv("PARAF_ASSETS");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/fonts", assets ? assets : "assets");
    s->c.scale = ui_board_scale(w, h);
    s->rd = render_create(s->r, dir, s->c.scale);
    assert_non_null(s->rd);
    s->c.w = w, s->c.h = h;
    s->c.measure = render_measure(s->rd);
    s->c.version = "0.1.0";
    draw_list_init(&s->l);
}

static void scene_close(scene *s)
{
    draw_list_deinit(&s->l);
    render_destroy(s->rd);
    SDL_DestroyRenderer(s->r);
    SDL_FreeSurface(s->surf);
}

static void base_view(board_view *v, const board_data *d)
{
    memset(v, 0, sizeof *v);
    v->data = d;
    v->lang = LANG_ID;
    v->tz = WITA;
    v->now = NOW;
    v->now_ms = 5000;
    v->synced_at = NOW - 12;
    v->fresh = board_fresh(v->now, v->synced_at, POLL_S, RED_S);
    v->title = "Mal Pelayanan Publik Provinsi Bali";
    v->detail = -1;
}

/* A text command whose text contains `needle`, or NULL. */
static const draw_cmd *find_text(const draw_list *l, const char *needle)
{
    for (size_t i = 0; i < l->n_cmds; i++)
        if (l->cmds[i].kind == DRAW_TEXT && strstr(draw_text(l, l->cmds[i].text_off), needle))
            return &l->cmds[i];
    return NULL;
}

static const draw_hit *find_hit(const draw_list *l, const char *id)
{
    for (size_t i = 0; i < l->n_hits; i++)
        if (strcmp(draw_text(l, l->hits[i].id_off), id) == 0)
            return &l->hits[i];
    return NULL;
}

static bool same_color(draw_color a, draw_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* What every board frame must satisfy: all drawing on screen (after clipping), every Latin text
 * at least 28 px, the data age always there, the Balinese name above the Latin one. */
static void check_frame(const scene *s, bool overlay)
{
    const draw_list *l = &s->l;
    assert_false(l->oom);
    draw_rect clip[16] = {{0, 0, 1 << 20, 1 << 20}};
    int depth = 0;
    for (size_t i = 0; i < l->n_cmds; i++) {
        const draw_cmd *c = &l->cmds[i];
        if (c->kind == DRAW_CLIP_PUSH) {
            assert_true(depth < 15);
            clip[depth + 1] = c->rect; /* nested clips are not used by the board */
            depth++;
            continue;
        }
        if (c->kind == DRAW_CLIP_POP) {
            assert_true(depth > 0);
            depth--;
            continue;
        }
        if (c->kind == DRAW_LAYER)
            continue;
        draw_rect r = c->rect;
        if (c->kind == DRAW_LINE) { /* from (x, y) by (w, h) */
            int x0 = r.x < r.x + r.w ? r.x : r.x + r.w, y0 = r.y < r.y + r.h ? r.y : r.y + r.h;
            r = (draw_rect){x0 - c->width, y0 - c->width, abs(r.w) + 2 * c->width,
                            abs(r.h) + 2 * c->width};
        } else if (c->kind == DRAW_SHADOW) {
            int m = c->width + 4;
            r = (draw_rect){r.x - m, r.y - m, r.w + 2 * m, r.h + 2 * m};
        }
        const draw_rect *k = &clip[depth];
        int x0 = r.x > k->x ? r.x : k->x, y0 = r.y > k->y ? r.y : k->y;
        int x1 = r.x + r.w < k->x + k->w ? r.x + r.w : k->x + k->w;
        int y1 = r.y + r.h < k->y + k->h ? r.y + r.h : k->y + k->h;
        if (x1 <= x0 || y1 <= y0)
            continue; /* clipped away */
        if (x0 < 0 || y0 < 0 || x1 > s->w || y1 > s->h)
            fail_msg("command %zu (kind %d) at %d,%d %dx%d is off the %dx%d screen", i, c->kind,
                     r.x, r.y, r.w, r.h, s->w, s->h);
        if (c->kind == DRAW_TEXT && c->weight != FONT_BALINESE) {
            int px = (int)(size_dp[c->size] * s->c.scale + 0.5f);
            if (px < 28)
                fail_msg("text '%s' is %d px", draw_text(l, c->text_off), px);
        }
    }
    assert_int_equal(depth, 0);
    if (!overlay) {
        const draw_cmd *bali = NULL;
        for (size_t i = 0; i < l->n_cmds && !bali; i++)
            if (l->cmds[i].kind == DRAW_TEXT && l->cmds[i].weight == FONT_BALINESE)
                bali = &l->cmds[i];
        const draw_cmd *latin = find_text(l, "Mal Pelayanan Publik Provinsi Bali");
        assert_non_null(bali);
        assert_non_null(latin);
        assert_true(bali->rect.y + bali->rect.h <= latin->rect.y);
        assert_true(latin->rect.y + latin->rect.h <= (s->h > s->w ? 300 : 180));
    }
}

static void shoot(scene *s, const char *name)
{
    render_frame(s->rd, &s->l, (draw_color){0, 0, 0, 255});
    const char *dir = getenv("PARAF_TEST_DUMP");
    char path[1024];
    if (dir && snprintf(path, sizeof path, "%s/board-%s.png", dir, name) < (int)sizeof path)
        assert_int_equal(image_save_png(s->surf, path), 0);
}

/* Builds the board for v and renders it (saved as board-<orient>-<name>.png when dumping). */
static void build(scene *s, const board_view *v, const char *orient, const char *name)
{
    draw_list_clear(&s->l);
    kit_init(&s->u, &s->l, &s->c, NULL);
    ui_board(&s->u, v);
    char file[128];
    snprintf(file, sizeof file, "%s-%s", orient, name);
    shoot(s, file);
}

/* The four data ages and an offline restart, in both orientations. */
static void render_states(int w, int h, const char *orient)
{
    scene s;
    scene_open(&s, w, h);
    board_data *d = parsed();
    board_view v;
    base_view(&v, d);
    /* Fresh. */
    build(&s, &v, orient, "fresh");
    check_frame(&s, false);
    const draw_cmd *upd = find_text(&s.l, "Diperbarui 09.41 WITA");
    assert_non_null(upd);
    draw_color fresh_c = upd->color;
    assert_non_null(find_text(&s.l, "09.42"));
    assert_non_null(find_text(&s.l, "Senin, 6 Juli 2020"));
    assert_non_null(find_text(&s.l, "A-022"));
    assert_non_null(find_text(&s.l, "Loket 1"));
    assert_non_null(find_text(&s.l, "Gangguan"));
    assert_null(find_text(&s.l, "Data mungkin tidak terbaru"));
    assert_null(find_text(&s.l, "Tidak terhubung"));
    int per = ui_board_per_page(&s.c);
    assert_true(per >= 4 && per < 11); /* 11 services page */
    /* A tap on the first card opens service 0; on the second page, its first card. */
    const draw_hit *hit = find_hit(&s.l, "service-samsat-pkb");
    assert_non_null(hit);
    const draw_hit *at = ui_hit_at(&s.l, hit->rect.x + hit->rect.w / 2, hit->rect.y + 20);
    assert_non_null(at);
    assert_int_equal(at->action, BOARD_ACT_SERVICE);
    assert_int_equal(at->arg, 0);

    v.page = 1;
    v.shift_dx = 8, v.shift_dy = -8;
    build(&s, &v, orient, "page2");
    check_frame(&s, false);
    assert_null(find_hit(&s.l, "service-samsat-pkb"));
    hit = find_hit(&s.l, "service-bpjs-tk-jht");
    if (per <= KUOTA) {
        assert_non_null(hit);
        assert_int_equal(hit->arg, KUOTA);
        assert_non_null(find_text(&s.l, "Kuota penuh"));
    }

    /* Amber: two polls missed. */
    v.page = 0, v.shift_dx = v.shift_dy = 0;
    v.synced_at = NOW - 3 * 60;
    v.fresh = board_fresh(v.now, v.synced_at, POLL_S, RED_S);
    assert_int_equal(v.fresh, BOARD_AMBER);
    build(&s, &v, orient, "amber");
    check_frame(&s, false);
    upd = find_text(&s.l, "Diperbarui 09.39 WITA");
    assert_non_null(upd);
    draw_color amber_c = upd->color;
    assert_false(same_color(fresh_c, amber_c));

    /* Red. */
    v.synced_at = NOW - 20 * 60;
    v.fresh = board_fresh(v.now, v.synced_at, POLL_S, RED_S);
    assert_int_equal(v.fresh, BOARD_RED);
    build(&s, &v, orient, "red");
    check_frame(&s, false);
    upd = find_text(&s.l, "Data mungkin tidak terbaru");
    assert_non_null(upd);
    assert_non_null(strstr(draw_text(&s.l, upd->text_off), "Diperbarui 09.22 WITA"));
    assert_false(same_color(upd->color, fresh_c));
    assert_false(same_color(upd->color, amber_c));

    /* Offline after a restart: yesterday's data from the store. */
    v.synced_at = NOW - 17 * 3600;
    v.fresh = board_fresh(v.now, v.synced_at, POLL_S, RED_S);
    v.offline = true;
    build(&s, &v, orient, "offline");
    check_frame(&s, false);
    assert_non_null(find_text(&s.l, "Tidak terhubung"));
    assert_non_null(find_text(&s.l, "Diperbarui 5 Jul 2020 16.42 WITA"));

    /* English. */
    v.lang = LANG_EN;
    build(&s, &v, orient, "offline-en");
    check_frame(&s, false);
    assert_non_null(find_text(&s.l, "Offline"));
    assert_non_null(find_text(&s.l, "Data may be out of date"));
    assert_non_null(find_text(&s.l, "Disrupted"));
    free(d);
    scene_close(&s);
}

static void test_render_landscape(void **state)
{
    (void)state;
    render_states(1920, 1080, "landscape");
}

static void test_render_portrait(void **state)
{
    (void)state;
    render_states(1080, 1920, "portrait");
}

static void render_overlays(int w, int h, const char *orient)
{
    scene s;
    scene_open(&s, w, h);
    board_data *d = parsed();
    board_service *ktp = &d->services[1];
    snprintf(ktp->requirements[0], BOARD_REQ_CAP, "KTP-el lama atau surat keterangan hilang");
    snprintf(ktp->requirements[1], BOARD_REQ_CAP, "Fotokopi Kartu Keluarga");
    snprintf(ktp->requirements[2], BOARD_REQ_CAP, "Bukti perekaman (untuk pencetakan)");
    ktp->n_requirements = 3;
    board_view v;
    base_view(&v, d);
    char name[64];

    /* A service's detail. */
    v.detail = 1;
    v.detail_left_s = 30;
    build(&s, &v, orient, "detail");
    check_frame(&s, true);
    assert_non_null(find_text(&s.l, "Kembali otomatis dalam 30 detik"));
    assert_non_null(find_text(&s.l, "Jam layanan"));
    assert_non_null(find_text(&s.l, "Minggu"));
    assert_non_null(find_text(&s.l, "Persyaratan"));
    assert_non_null(find_text(&s.l, "Fotokopi Kartu Keluarga"));
    assert_non_null(find_text(&s.l, "Diperbarui")); /* still visible around the overlay */
    const draw_hit *back = find_hit(&s.l, "detail-back");
    assert_non_null(back);
    assert_int_equal(back->action, BOARD_ACT_DETAIL_CLOSE);
    const draw_hit *out = ui_hit_at(&s.l, 2, 2);
    assert_non_null(out);
    assert_int_equal(out->action, BOARD_ACT_DETAIL_CLOSE);
    const draw_hit *in = find_hit(&s.l, "detail");
    assert_non_null(in);
    const draw_hit *on_card = ui_hit_at(&s.l, in->rect.x + 40, in->rect.y + 40);
    assert_non_null(on_card);
    assert_int_not_equal(on_card->action, BOARD_ACT_DETAIL_CLOSE);

    /* The detail of a closed service (tilang: Tuesday and Thursday). */
    v.detail = TILANG;
    build(&s, &v, orient, "detail-closed");
    check_frame(&s, true);

    /* Admin, with the device information. */
    v.detail = -1;
    v.admin = true;
    v.admin_info = true;
    v.device_info = "Versi 0.1.0 \xC2\xB7 profil board\nKunci perangkat 3f9a1c0e2b7d\n"
                    "Menyala 12 hari 4 jam \xC2\xB7 memori 38 MB\nSinkron terakhir 09.41 WITA";
    build(&s, &v, orient, "admin");
    check_frame(&s, true);
    static const struct {
        const char *id;
        int action;
    } buttons[] = {{"admin-exit", BOARD_ACT_ADMIN_EXIT},
                   {"admin-refresh", BOARD_ACT_ADMIN_REFRESH},
                   {"admin-info", BOARD_ACT_ADMIN_INFO},
                   {"admin-close", BOARD_ACT_ADMIN_CLOSE}};
    for (size_t i = 0; i < 4; i++) {
        const draw_hit *b = find_hit(&s.l, buttons[i].id);
        assert_non_null(b);
        const draw_hit *t = ui_hit_at(&s.l, b->rect.x + b->rect.w / 2, b->rect.y + b->rect.h / 2);
        assert_ptr_equal(t, b);
        assert_int_equal(b->action, buttons[i].action);
    }
    /* The board under the admin screen takes no taps. */
    const draw_hit *under = ui_hit_at(&s.l, s.w / 2, 4);
    assert_true(under == NULL || under->action != BOARD_ACT_SERVICE);
    assert_non_null(find_text(&s.l, "Kunci perangkat 3f9a1c0e2b7d"));

    /* Night: black, nothing to touch. */
    draw_list_clear(&s.l);
    kit_init(&s.u, &s.l, &s.c, NULL);
    ui_board_night(&s.u);
    assert_int_equal(s.l.n_cmds, 1);
    assert_int_equal(s.l.n_hits, 0);
    assert_true(same_color(s.l.cmds[0].color, (draw_color){0, 0, 0, 255}));
    assert_int_equal(s.l.cmds[0].rect.w, w);
    assert_int_equal(s.l.cmds[0].rect.h, h);
    snprintf(name, sizeof name, "%s-night", orient);
    shoot(&s, name);

    /* First start, nothing synced yet. */
    board_data *empty = malloc(sizeof *empty);
    assert_non_null(empty);
    board_data_init(empty);
    base_view(&v, empty);
    v.synced_at = 0;
    v.fresh = BOARD_FRESH_NONE;
    v.title_bali = "\xE1\xAC\xA7\xE1\xAD\x84\xE1\xAC\xAD\xE1\xAD\x80\xE1\xAC\xAF\xE1\xAC\xB6"
                   "\xE1\xAC\xA6\xE1\xAD\x84\xE1\xAC\xB2\xE1\xAC\xB6 \xE1\xAC\xA9\xE1\xAC\xAE"
                   "\xE1\xAC\xB6"; /* ᬧ᭄ᬭᭀᬯᬶᬦ᭄ᬲᬶ ᬩᬮᬶ */
    build(&s, &v, orient, "nodata");
    check_frame(&s, false);
    assert_true(find_text(&s.l, "Menunggu data dari server") != NULL);
    free(empty);
    free(d);
    scene_close(&s);
}

static void test_render_overlays_landscape(void **state)
{
    (void)state;
    render_overlays(1920, 1080, "landscape");
}

static void test_render_overlays_portrait(void **state)
{
    (void)state;
    render_overlays(1080, 1920, "portrait");
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || image_init() != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_demo),
        cmocka_unit_test(test_hours),
        cmocka_unit_test(test_parse_malformed),
        cmocka_unit_test(test_parse_service_fields),
        cmocka_unit_test(test_parse_announcements_rules),
        cmocka_unit_test(test_freshness),
        cmocka_unit_test(test_paging),
        cmocka_unit_test(test_shift),
        cmocka_unit_test(test_render_landscape),
        cmocka_unit_test(test_render_portrait),
        cmocka_unit_test(test_render_overlays_landscape),
        cmocka_unit_test(test_render_overlays_portrait),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    image_quit();
    SDL_Quit();
    return rc;
}
