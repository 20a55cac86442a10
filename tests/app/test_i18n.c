/* Unit tests of i18n: the table is strictly sorted (binary search depends on it), complete for
 * the screens' strings, valid UTF-8, with identical printf placeholders in both languages; tr()
 * falls back to the Indonesian key. */
#include "i18n.h"
#include "wire.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static void test_sorted_unique(void **state)
{
    (void)state;
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    assert_non_null(p);
    assert_true(n >= 70);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(p[i - 1].id, p[i].id) >= 0)
            fail_msg("i18n table out of order or duplicated at %zu: '%s' then '%s'", i, p[i - 1].id,
                     p[i].id);
    }
}

static void test_entries_well_formed(void **state)
{
    (void)state;
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(p[i].id);
        assert_non_null(p[i].en);
        assert_true(p[i].id[0] != '\0');
        assert_true(p[i].en[0] != '\0');
        assert_true(wire_utf8_valid(p[i].id, strlen(p[i].id)));
        assert_true(wire_utf8_valid(p[i].en, strlen(p[i].en)));
    }
}

/* The conversion specifications of a printf format, in order: "%d|%s|". */
static void placeholders(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (; *s; s++) {
        if (*s != '%')
            continue;
        const char *start = s++;
        while (*s && strchr("-+ #0123456789.lhzjt", *s))
            s++;
        if (!*s)
            break;
        size_t len = (size_t)(s - start) + 1;
        if (k + len + 2 > cap)
            break;
        memcpy(out + k, start, len);
        k += len;
        out[k++] = '|';
        out[k] = '\0';
    }
}

static void test_placeholders_match(void **state)
{
    (void)state;
    size_t n = 0, with = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < n; i++) {
        char a[64], b[64];
        placeholders(p[i].id, a, sizeof a);
        placeholders(p[i].en, b, sizeof b);
        if (strcmp(a, b) != 0)
            fail_msg("placeholders differ for '%s': '%s' vs '%s'", p[i].id, a, b);
        with += a[0] != '\0';
    }
    assert_int_equal(with, 3);
    char ph[64];
    placeholders(tr(LANG_EN, "PIN salah. Sisa %d percobaan."), ph, sizeof ph);
    assert_string_equal(ph, "%d|");
    placeholders(tr(LANG_EN, "Terakhir sinkron %s"), ph, sizeof ph);
    assert_string_equal(ph, "%s|");
}

static void test_tr(void **state)
{
    (void)state;
    const char *key = "Batal";
    assert_ptr_equal(tr(LANG_ID, key), key);
    assert_string_equal(tr(LANG_EN, key), "Cancel");
    assert_string_equal(tr(LANG_EN, "Masukkan PIN"), "Enter PIN");
    assert_string_equal(tr(LANG_EN, "PIN salah. Sisa %d percobaan."),
                        "Wrong PIN. Attempts left: %d.");
    assert_string_equal(tr(LANG_EN, "Terlalu banyak percobaan. Coba lagi dalam %d detik."),
                        "Too many attempts. Try again in %d s.");
    assert_string_equal(tr(LANG_EN, "Kotak Masuk"), "Inbox");
    assert_string_equal(tr(LANG_EN, "Sangat segera"), "Very urgent");
    assert_string_equal(tr(LANG_EN, "Disposisi"), "Forward");
    assert_string_equal(tr(LANG_EN, "Mengirim\xE2\x80\xA6"), "Sending\xE2\x80\xA6");
    assert_string_equal(tr(LANG_EN, "Selesai"), "Done");
    assert_string_equal(tr(LANG_EN, "Coba lagi"), "Try again");
    assert_string_equal(tr(LANG_EN, "Tersimpan, menunggu koneksi"),
                        "Saved, waiting for a connection");

    /* Unknown or near-miss keys fall back to the key itself (same pointer). */
    const char *misses[] = {"Kata yang belum diterjemahkan",
                            "batal",
                            "Batal ",
                            " Batal",
                            "Bata",
                            "Batall",
                            "",
                            "\xFF\xFE"};
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++) {
        assert_ptr_equal(tr(LANG_EN, misses[i]), misses[i]);
        assert_ptr_equal(tr(LANG_ID, misses[i]), misses[i]);
    }
    assert_string_equal(tr(LANG_EN, NULL), "");
    assert_string_equal(tr(LANG_ID, NULL), "");
    /* Any lang value other than LANG_EN reads Indonesian. */
    assert_ptr_equal(tr((lang)7, key), key);

    /* Binary search finds every entry, first and last included. */
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(tr(LANG_EN, p[i].id), p[i].en);
        assert_ptr_equal(tr(LANG_ID, p[i].id), p[i].id);
    }
    assert_non_null(i18n_pairs(NULL));
}

/* Every string of the lock, inbox, detail, action, error and keyboard screens has a pair. */
static void test_screens_covered(void **state)
{
    (void)state;
    static const char *const screens[] = {
        "Masukkan PIN",
        "Buat PIN baru",
        "Ulangi PIN baru",
        "PIN salah. Sisa %d percobaan.",
        "Terlalu banyak percobaan. Coba lagi dalam %d detik.",
        "PIN tidak sama. Ulangi.",
        "Tablet terkunci",
        "Kotak Masuk",
        "Perlu tindakan",
        "Semua",
        "Laporan",
        "Surat disposisi",
        "Surat untuk ditandatangani",
        "SPJ",
        "Pengadaan",
        "Anggaran",
        "Terakhir sinkron %s",
        "Muat ulang",
        "Tidak ada yang perlu ditindaklanjuti",
        "Segera",
        "Sangat segera",
        "Biasa",
        "Ringkasan",
        "Lampiran",
        "Riwayat",
        "Realisasi",
        "Target",
        "Sisa",
        "Waktu berjalan",
        "Temuan",
        "Rekomendasi",
        "Selesai",
        "Proses",
        "Belum",
        "Pagu",
        "HPS",
        "Calon pemenang",
        "Penawaran",
        "Kelengkapan dokumen",
        "Ada",
        "Tidak ada",
        "Pengirim",
        "Nomor surat",
        "Tanggal diterima",
        "Perihal",
        "Paraf verifikator",
        "Penanda tangan",
        "Pendapatan",
        "Belanja",
        "Pembiayaan netto",
        "Surplus/defisit",
        "Program",
        "Setujui",
        "Kembalikan",
        "Tolak",
        "Disposisi",
        "Tanda tangan",
        "Terima laporan",
        "Batal",
        "Kirim",
        "Alasan (wajib)",
        "Catatan",
        "Penerima (maks. 5)",
        "Instruksi",
        "Passphrase",
        "Masukkan PIN untuk menyetujui",
        "Mengirim\xE2\x80\xA6",
        "Diterima server",
        "Tersimpan, menunggu koneksi",
        "Ditolak server",
        "Server tidak dapat dihubungi. Periksa jaringan, lalu coba lagi.",
        "Sambungan aman gagal: sertifikat server tidak cocok. Hubungi admin TI.",
        "Server sedang bermasalah. Coba lagi beberapa saat lagi.",
        "Data dari server rusak. Coba lagi.",
        "Gambar lampiran rusak dan tidak dapat ditampilkan.",
        "Coba lagi",
        "Spasi"};
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = strcmp(p[j].id, screens[i]) == 0;
        if (!found)
            fail_msg("no English for '%s'", screens[i]);
        /* A copy of the key (another pointer) is found by content. */
        char copy[128];
        snprintf(copy, sizeof copy, "%s", screens[i]);
        assert_ptr_not_equal(tr(LANG_EN, copy), copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_unique),      cmocka_unit_test(test_entries_well_formed),
        cmocka_unit_test(test_placeholders_match), cmocka_unit_test(test_tr),
        cmocka_unit_test(test_screens_covered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
