/* test_pages: renders demo attachment pages and decodes them back to check what is on them.
 * Set PARAF_PAGES_SAMPLE_DIR to also write the sample letter and report as PNG files there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"

#define PAGE_W   992
#define PAGE_H   1403
#define MARGIN_X 118

static char font_dir[4096];

static const pages_spec letter = {
    .letterhead = {"PEMERINTAH PROVINSI BALI",
                   "DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK PROVINSI BALI",
                   "Jalan D.I. Panjaitan No. 7 Niti Mandala, Renon, Denpasar 80235, "
                   "Telepon (0361) 224671"},
    .title = NULL,
    .body = ">Denpasar, 14 Juli 2020\n"
            "Nomor\t: 005/1021/Diskominfos\n"
            "Sifat\t: Segera\n"
            "Lampiran\t: 1 (satu) berkas\n"
            "Perihal\t: Undangan Rapat Koordinasi Satu Data Indonesia Tingkat Provinsi Bali\n"
            "\n"
            "Yth. Sekretaris Daerah Provinsi Bali\n"
            "di -\n"
            "\tDenpasar\n"
            "\n"
            "Dalam rangka pelaksanaan Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data "
            "Indonesia serta mendukung percepatan transformasi digital di lingkungan Pemerintah "
            "Provinsi Bali, bersama ini kami mengundang Bapak untuk hadir pada Rapat Koordinasi "
            "Forum Satu Data Provinsi Bali yang akan dilaksanakan pada:\n"
            "\tHari/Tanggal\t: Kamis, 23 Juli 2020\n"
            "\tPukul\t: 09.00 WITA s.d. selesai\n"
            "\tTempat\t: Ruang Rapat Praja Sabha, Kantor Gubernur Bali\n"
            "\tAcara\t: Pembahasan daftar data prioritas dan jadwal pemutakhiran data sektoral "
            "tahun 2020\n"
            "Mengingat pentingnya acara tersebut, mohon kiranya Bapak berkenan hadir tepat pada "
            "waktunya dengan tetap menerapkan protokol kesehatan pencegahan COVID-19. Susunan "
            "acara dan bahan rapat terlampir.\n"
            "Demikian kami sampaikan, atas perhatian dan kehadiran Bapak kami ucapkan terima "
            "kasih.",
    .signature = "Kepala Dinas Komunikasi, Informatika\ndan Statistik Provinsi Bali,\n\n\n\n"
                 "I Gede Pramana, S.T., M.T.\nPembina Utama Muda\nNIP 19701231 199603 1 001",
    .page_no = 1,
    .page_count = 1,
};

static const pages_spec report = {
    .letterhead = {"PEMERINTAH PROVINSI BALI", "BADAN PENDAPATAN DAERAH",
                   "Jalan Cok Agung Tresna, Niti Mandala, Renon, Denpasar 80235"},
    .title = "LAPORAN REALISASI PENDAPATAN DAERAH SEMESTER I TAHUN ANGGARAN 2020",
    .body =
        "Berikut kami sampaikan realisasi pendapatan asli daerah Provinsi Bali sampai dengan "
        "30 Juni 2020 berdasarkan data Sistem Informasi Pendapatan Daerah yang telah "
        "direkonsiliasi dengan Badan Pengelola Keuangan dan Aset Daerah.\n"
        "|Rekening|Uraian|Target (Rp)|Realisasi (Rp)|%\n"
        "|4.1.01.01|Pajak Kendaraan Bermotor|>1.203.500.000.000|>561.211.000.000|>46,63\n"
        "|4.1.01.02|Bea Balik Nama Kendaraan Bermotor|>812.000.000.000|>301.447.250.000|>37,12\n"
        "|4.1.01.03|Pajak Bahan Bakar Kendaraan Bermotor|>426.300.000.000|>189.902.118.500|"
        ">44,55\n"
        "|4.1.01.04|Pajak Air Permukaan|>4.250.000.000|>1.987.420.000|>46,76\n"
        "|4.1.01.05|Pajak Rokok|>241.800.000.000|>123.117.540.000|>50,92\n"
        "||Jumlah|>2.687.850.000.000|>1.177.665.328.500|>43,81\n"
        "--\n"
        "Penurunan realisasi terutama disebabkan oleh menurunnya kunjungan wisatawan akibat "
        "pandemi COVID-19 serta kebijakan relaksasi pajak daerah sebagaimana diatur dalam "
        "Peraturan Gubernur Bali Nomor 27 Tahun 2020.",
    .signature = "Kepala Badan Pendapatan Daerah\nProvinsi Bali,\n\n\n\n"
                 "I Made Santha, S.E., M.Si.\nNIP 19660612 198803 1 012",
    .page_no = 2,
    .page_count = 3,
};

/* A short nota dinas: everything ends well above the middle of the page. */
static const pages_spec short_note = {
    .letterhead = {"PEMERINTAH PROVINSI BALI", "SEKRETARIAT DAERAH", NULL},
    .title = "NOTA DINAS",
    .body = "Yth.\t: Gubernur Bali\nDari\t: Sekretaris Daerah\n--\n"
            "Bersama ini kami laporkan bahwa rapat telah dilaksanakan dengan lancar.",
    .signature = "Sekretaris Daerah,\n\n\nI Gusti Ngurah Wiradharma",
    .page_no = 1,
    .page_count = 1,
};

/* ---- helpers ---- */

static int render_raw(const pages_spec *spec, pages_format fmt, unsigned char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    return pages_render(font_dir, spec, fmt, buf, len);
}

/* Renders spec, checks the encoding's signature and decodes it into an ARGB8888 surface. */
static SDL_Surface *render(const pages_spec *spec, pages_format fmt)
{
    unsigned char *buf;
    size_t len;
    assert_int_equal(render_raw(spec, fmt, &buf, &len), 0);
    assert_non_null(buf);
    assert_true(len > 1000);
    if (fmt == PAGES_PNG) {
        assert_memory_equal(buf, "\x89PNG\r\n\x1a\n", 8);
    } else {
        assert_memory_equal(buf, "\xff\xd8\xff", 3);
        assert_memory_equal(buf + len - 2, "\xff\xd9", 2);
    }
    SDL_RWops *rw = SDL_RWFromConstMem(buf, (int)len);
    assert_non_null(rw);
    SDL_Surface *img = IMG_Load_RW(rw, 1);
    if (!img) {
        fail_msg("IMG_Load_RW: %s", IMG_GetError());
    }
    free(buf);
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(img);
    assert_non_null(argb);
    assert_int_equal(argb->w, PAGE_W);
    assert_int_equal(argb->h, PAGE_H);
    return argb;
}

static unsigned grey(const SDL_Surface *s, int x, int y)
{
    Uint32 p =
        *(const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch + (size_t)x * 4);
    return (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff)) / 3;
}

/* Pixels darker than mid-grey in [x0, x1) x [y0, y1). */
static long ink(const SDL_Surface *s, int x0, int y0, int x1, int y1)
{
    long n = 0;
    for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
            n += grey(s, x, y) < 128;
        }
    }
    return n;
}

static double ink_ratio(const SDL_Surface *s)
{
    return (double)ink(s, 0, 0, s->w, s->h) / ((double)s->w * s->h);
}

/* Nothing is ever drawn in the left and right margins. */
static void assert_margins_clean(const SDL_Surface *s)
{
    assert_int_equal(ink(s, 0, 0, MARGIN_X - 4, PAGE_H), 0);
    assert_int_equal(ink(s, PAGE_W - MARGIN_X + 4, 0, PAGE_W, PAGE_H), 0);
}

static void write_sample(const pages_spec *spec, const char *name)
{
    const char *dir = getenv("PARAF_PAGES_SAMPLE_DIR");
    if (!dir || !*dir) {
        return;
    }
    unsigned char *buf;
    size_t len;
    char path[4096];
    assert_int_equal(render_raw(spec, PAGES_PNG, &buf, &len), 0);
    assert_true(snprintf(path, sizeof path, "%s/pages-sample-%s.png", dir, name) <
                (int)sizeof path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    free(buf);
}

/* ---- tests ---- */

static void test_letter_png(void **state)
{
    (void)state;
    SDL_Surface *s = render(&letter, PAGES_PNG);
    double r = ink_ratio(s);
    assert_true(r > 0.01);
    assert_true(r < 0.25);
    /* the letterhead: text and the double rule across the text column */
    assert_true(ink(s, MARGIN_X, 80, PAGE_W - MARGIN_X, 250) > 3000);
    int rules = 0;
    for (int y = 150; y < 250; y++) {
        rules += ink(s, MARGIN_X, y, PAGE_W - MARGIN_X, y + 1) == PAGE_W - 2 * MARGIN_X;
    }
    assert_true(rules >= 5); /* 4 px thick rule + 1 px thin rule */
    /* the first body line, "Denpasar, 14 Juli 2020", is right-aligned */
    int y0 = 200;
    while (y0 < 400 && ink(s, MARGIN_X, y0, PAGE_W - MARGIN_X, y0 + 1) == 0) {
        y0++;
    }
    assert_true(y0 < 300);
    assert_int_equal(ink(s, MARGIN_X, y0, PAGE_W / 2, y0 + 20), 0);
    assert_true(ink(s, PAGE_W - MARGIN_X - 60, y0, PAGE_W - MARGIN_X, y0 + 20) > 50);
    assert_margins_clean(s);
    /* footer "Halaman 1 dari 1", centred */
    assert_true(ink(s, 380, 1320, 612, 1380) > 100);
    assert_int_equal(ink(s, 0, 1320, 380, PAGE_H), 0);
    assert_int_equal(ink(s, 612, 1320, PAGE_W, PAGE_H), 0);
    /* signature block on the right half near the bottom of the body */
    assert_true(ink(s, PAGE_W / 2, 1000, PAGE_W - MARGIN_X, 1300) > 1000);
    assert_int_equal(ink(s, MARGIN_X, 1080, PAGE_W / 2 - 40, 1300), 0);
    SDL_FreeSurface(s);
    write_sample(&letter, "letter");
}

static void test_report_png_and_jpeg(void **state)
{
    (void)state;
    SDL_Surface *png = render(&report, PAGES_PNG);
    SDL_Surface *jpg = render(&report, PAGES_JPEG);
    long a = ink(png, 0, 0, PAGE_W, PAGE_H), b = ink(jpg, 0, 0, PAGE_W, PAGE_H);
    assert_true(ink_ratio(png) > 0.01 && ink_ratio(png) < 0.25);
    assert_true(ink_ratio(jpg) > 0.01 && ink_ratio(jpg) < 0.25);
    assert_true(labs(a - b) < a / 10); /* same page, only compression differs */
    assert_true(ink(png, 0, 0, PAGE_W, 250) > 3000);
    assert_true(ink(jpg, 0, 0, PAGE_W, 250) > 3000);
    assert_margins_clean(png);
    SDL_FreeSurface(png);
    SDL_FreeSurface(jpg);
    write_sample(&report, "report");
}

static void test_deterministic(void **state)
{
    (void)state;
    unsigned char *a, *b;
    size_t na, nb;
    assert_int_equal(render_raw(&report, PAGES_PNG, &a, &na), 0);
    assert_int_equal(render_raw(&report, PAGES_PNG, &b, &nb), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
}

static void test_short_body_leaves_page_empty(void **state)
{
    (void)state;
    SDL_Surface *s = render(&short_note, PAGES_PNG);
    assert_true(ink(s, 0, 0, PAGE_W, 250) > 2000);
    assert_true(ink(s, 0, 250, PAGE_W, 700) > 1000);
    assert_int_equal(ink(s, 0, 750, PAGE_W, 1320), 0);  /* lower middle: blank paper */
    assert_true(ink(s, 0, 1320, PAGE_W, PAGE_H) > 100); /* footer */
    /* the title is underlined: some row under it is a solid run of ink */
    int underline = 0;
    for (int y = 200; y < 320 && !underline; y++) {
        int run = 0;
        for (int x = MARGIN_X; x < PAGE_W - MARGIN_X; x++) {
            run = grey(s, x, y) < 128 ? run + 1 : 0;
            underline |= run > 100;
        }
    }
    assert_true(underline);
    SDL_FreeSurface(s);
}

/* Rows of the vertical line x whose pixels are dark, collapsed to one per run. */
static int dark_runs_y(const SDL_Surface *s, int x, int y0, int y1, int *at, int max)
{
    int n = 0;
    for (int y = y0; y < y1; y++) {
        if (grey(s, x, y) < 128 && (y == y0 || grey(s, x, y - 1) >= 128) && n < max) {
            at[n++] = y;
        }
    }
    return n;
}

static int dark_runs_x(const SDL_Surface *s, int y, int x0, int x1, int *at, int max)
{
    int n = 0;
    for (int x = x0; x < x1; x++) {
        if (grey(s, x, y) < 128 && (x == x0 || grey(s, x - 1, y) >= 128) && n < max) {
            at[n++] = x;
        }
    }
    return n;
}

static void test_table_cells(void **state)
{
    (void)state;
    pages_spec t = {.body = "|Uraian|Jumlah (Rp)|\n|Pajak|>9|"};
    SDL_Surface *s = render(&t, PAGES_PNG);
    int hy[8], vx[8];
    /* horizontal borders, seen in the left padding of the first column */
    assert_int_equal(dark_runs_y(s, MARGIN_X + 3, 0, PAGE_H, hy, 8), 3);
    /* vertical borders, seen in the top padding of the header row */
    assert_int_equal(dark_runs_x(s, hy[0] + 2, 0, PAGE_W, vx, 8), 3);
    assert_int_equal(vx[0], MARGIN_X);
    assert_int_equal(vx[2], PAGE_W - MARGIN_X - 1); /* the table spans the text column */
    /* the header row has a light grey background, the body row is white */
    assert_in_range(grey(s, vx[0] + 3, hy[0] + 2), 0xd0, 0xf0);
    assert_int_equal(grey(s, vx[0] + 3, hy[1] + 2), 0xff);
    /* header text is in both cells */
    assert_true(ink(s, vx[0] + 2, hy[0] + 2, vx[1] - 1, hy[1] - 1) > 50);
    assert_true(ink(s, vx[1] + 2, hy[0] + 2, vx[2] - 1, hy[1] - 1) > 50);
    /* "Pajak" is left-aligned in its cell, ">9" is right-aligned without the '>' */
    int mid0 = (vx[0] + vx[1]) / 2, mid1 = (vx[1] + vx[2]) / 2;
    assert_true(ink(s, vx[0] + 2, hy[1] + 2, vx[0] + 80, hy[2] - 1) > 30);
    assert_int_equal(ink(s, mid0, hy[1] + 2, vx[1] - 1, hy[2] - 1), 0);
    assert_int_equal(ink(s, vx[1] + 2, hy[1] + 2, mid1, hy[2] - 1), 0);
    assert_true(ink(s, vx[2] - 30, hy[1] + 2, vx[2] - 1, hy[2] - 1) > 10);
    SDL_FreeSurface(s);
}

static void test_wide_table_is_capped(void **state)
{
    (void)state;
    pages_spec t = {
        .body =
            "|No|Uraian Kegiatan yang sangat panjang sekali dan tidak akan muat dalam satu "
            "baris tabel|Keterangan yang juga cukup panjang untuk dipecah menjadi beberapa "
            "baris|>Anggaran (Rp)\n"
            "|1|Penyusunan dokumen rencana kerja perangkat daerah tahun 2021 beserta "
            "lampirannya|Sudah dibahas bersama Bappeda|>1.250.000.000\n"
            "|2|Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx||>1\n"
            "|3\n",
        .page_count = 1,
        .page_no = 1};
    SDL_Surface *s = render(&t, PAGES_PNG);
    assert_margins_clean(s);
    int hy[16];
    assert_true(dark_runs_y(s, MARGIN_X + 3, 0, 1300, hy, 16) == 5);
    SDL_FreeSurface(s);
}

static void test_null_fields(void **state)
{
    (void)state;
    pages_spec blank = {0};
    SDL_Surface *s = render(&blank, PAGES_PNG);
    assert_int_equal(ink(s, 0, 0, PAGE_W, PAGE_H), 0);
    SDL_FreeSurface(s);

    pages_spec head_only = {.letterhead = {NULL, "BADAN PENDAPATAN DAERAH", NULL}};
    s = render(&head_only, PAGES_JPEG);
    assert_true(ink(s, 0, 0, PAGE_W, 250) > 1000);
    assert_int_equal(ink(s, 0, 250, PAGE_W, PAGE_H), 0);
    SDL_FreeSurface(s);

    pages_spec body_only = {.body = "Laporan singkat tanpa kop surat dan tanpa tanda tangan.",
                            .page_no = 1,
                            .page_count = 1};
    s = render(&body_only, PAGES_PNG);
    assert_int_equal(ink(s, 0, 0, PAGE_W, 90), 0);
    assert_true(ink(s, 0, 90, PAGE_W, 140) > 300);
    assert_int_equal(ink(s, 0, 140, PAGE_W, 1320), 0);
    SDL_FreeSurface(s);

    pages_spec sig_only = {
        .title = "", .body = "", .signature = "Gubernur Bali,\n\n\nWayan Koster"};
    s = render(&sig_only, PAGES_PNG);
    assert_true(ink(s, PAGE_W / 2, 0, PAGE_W, 400) > 300);
    assert_int_equal(ink(s, 0, 0, PAGE_W / 2 - 80, PAGE_H), 0);
    SDL_FreeSurface(s);
}

static void test_missing_fonts(void **state)
{
    (void)state;
    unsigned char *buf = (unsigned char *)"untouched";
    size_t len = 7;
    assert_int_equal(pages_render("/nonexistent/fonts", &letter, PAGES_PNG, &buf, &len), -1);
    assert_null(buf);
    assert_int_equal(len, 0);
    assert_int_equal(pages_render(font_dir, NULL, PAGES_PNG, &buf, &len), -1);
    assert_int_equal(pages_render(NULL, &letter, PAGES_PNG, &buf, &len), -1);
    assert_int_equal(pages_render(font_dir, &letter, PAGES_PNG, NULL, &len), -1);
    assert_int_equal(pages_render(font_dir, &letter, (pages_format)7, &buf, &len), -1);
    /* and it still works afterwards (TTF init/quit is balanced) */
    SDL_Surface *s = render(&short_note, PAGES_PNG);
    SDL_FreeSurface(s);
}

static void test_absurd_body_is_clipped(void **state)
{
    (void)state;
    static const char *words[] = {"pemerintah",     "provinsi",     "Bali",     "dan",
                                  "kabupaten/kota", "melaksanakan", "anggaran", "pendapatan",
                                  "belanja",        "daerah",       "tahun",    "2020",
                                  "sesuai",         "ketentuan",    "yang",     "berlaku"};
    size_t cap = 20000 * 16 + 8192, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; i < 20000; i++) {
        const char *w = words[(i * 7 + i / 3) % 16];
        int n = snprintf(text + len, cap - len, "%s%s", w, i % 997 == 996 ? "\n" : " ");
        assert_true(n > 0 && (size_t)n < cap - len);
        len += (size_t)n;
    }
    /* a word too long for a line, invalid UTF-8 and a long table at the end */
    for (int i = 0; i < 3000 && len + 8 < cap; i++) {
        text[len++] = (char)('a' + i % 26);
    }
    memcpy(text + len, "\n\xff\xfe\xc3 end\n", 9);
    len += 9;
    for (int i = 0; i < 200; i++) {
        int n = snprintf(text + len, cap - len, "|%d|baris|>%d\n", i, i * 1000);
        assert_true(n > 0 && (size_t)n < cap - len);
        len += (size_t)n;
    }
    text[len] = '\0';

    pages_spec big = letter;
    big.body = text;
    big.title = text; /* a title of 20,000 words is clipped too */
    SDL_Surface *s = render(&big, PAGES_PNG);
    assert_margins_clean(s);
    assert_true(ink_ratio(s) > 0.05 && ink_ratio(s) < 0.25);
    assert_true(ink(s, MARGIN_X, 1200, PAGE_W - MARGIN_X, 1300) > 500); /* filled to the end */
    assert_int_equal(ink(s, 0, 1300, PAGE_W, 1325), 0);                 /* nothing below it */
    assert_true(ink(s, 0, 1325, PAGE_W, PAGE_H) > 100);                 /* but the footer */
    SDL_FreeSurface(s);

    s = render(&big, PAGES_JPEG);
    SDL_FreeSurface(s);

    big.body = text + 20000 * 4; /* starts mid-text; just must not crash */
    big.title = NULL;
    big.signature = text;
    s = render(&big, PAGES_PNG);
    assert_margins_clean(s);
    SDL_FreeSurface(s);
    free(text);
}

int main(void)
{
    const char *assets = getenv("PARAF_ASSETS");
    if (!assets || !*assets) {
        fprintf(stderr, "test_pages: PARAF_ASSETS is not set\n");
        return 1;
    }
    if (snprintf(font_dir, sizeof font_dir, "%s/fonts", assets) >= (int)sizeof font_dir) {
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_letter_png),
        cmocka_unit_test(test_report_png_and_jpeg),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_short_body_leaves_page_empty),
        cmocka_unit_test(test_table_cells),
        cmocka_unit_test(test_wide_table_is_capped),
        cmocka_unit_test(test_null_fields),
        cmocka_unit_test(test_missing_fonts),
        cmocka_unit_test(test_absurd_body_is_clipped),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    IMG_Quit();
    return failed;
}
