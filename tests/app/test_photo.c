/* Tests of the photo pipeline (photo.c) on the set written by tools/make_photos.c (compiled in):
 * probe results for every file; prepare gives the right size, an upright picture (every EXIF
 * orientation), no metadata, a SHA-256 that matches the file, no anti-aliasing artefacts; bad
 * files are refused with the right code, write nothing and cost no memory; worker threads. */
#include "photo.h"

#include "crypto.h"
#include "image.h"

#define MAKE_PHOTOS_NO_MAIN
#include "../../tools/make_photos.c"

#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define assert_photo(got, want)                                                                    \
    do {                                                                                           \
        photo_err g_ = (got), w_ = (want);                                                         \
        if (g_ != w_)                                                                              \
            fail_msg("%s: got \"%s\", want \"%s\"", #got, photo_err_name(g_), photo_err_name(w_)); \
    } while (0)

static char dir[256], out[300]; /* the generated set; outputs */

static const char *in(const char *name)
{
    static char p[2][512]; /* two, so a call may take two paths */
    static int k;
    k ^= 1;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static const char *dst(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", out, name);
    return p;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(*len + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, *len, f), *len);
    fclose(f);
    return b;
}

static void spit(const char *path, const void *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Files in the output directory whose name holds s. */
static int count_in_out(const char *s)
{
    DIR *d = opendir(out);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strstr(e->d_name, s) != NULL;
    closedir(d);
    return n;
}

static SDL_Surface *decode_file(const char *path)
{
    size_t len;
    char err[160];
    uint8_t *b = slurp(path, &len);
    SDL_Surface *s = image_decode(b, len, err, sizeof err);
    free(b);
    if (!s)
        fail_msg("%s: %s", path, err);
    return s;
}

/* Whether pixel (x, y) of an ARGB8888 surface is within tol of c in every channel. */
static bool near(SDL_Surface *s, int x, int y, const uint8_t c[3], int tol)
{
    uint8_t r, g, b;
    SDL_GetRGB(((Uint32 *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x], s->format, &r,
               &g, &b);
    if (abs(r - c[0]) <= tol && abs(g - c[1]) <= tol && abs(b - c[2]) <= tol)
        return true;
    print_message("pixel (%d,%d) is %d,%d,%d, expected %d,%d,%d\n", x, y, r, g, b, c[0], c[1],
                  c[2]);
    return false;
}

static long rss_kb(void)
{
    long pages = 0, res = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld %ld", &pages, &res), 2);
    fclose(f);
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static long status_kb(const char *key)
{
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0)
            kb = strtol(line + strlen(key), NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

/* Resets VmHWM to the current RSS (Linux >= 4.0); false where /proc forbids it. */
static bool hwm_reset(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    bool ok = f && fputs("5", f) >= 0;
    if (f && fclose(f) != 0)
        ok = false;
    return ok;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int group_setup(void **state)
{
    (void)state;
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/paraf-photo-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir) || make_photos_write(dir) != 0)
        return -1;
    snprintf(out, sizeof out, "%s/out", dir);
    return mkdir(out, 0700);
}

static void rm_dir(const char *d)
{
    DIR *h = opendir(d);
    char p[600];
    for (struct dirent *e; h && (e = readdir(h)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", d, e->d_name);
        if (unlink(p) != 0)
            rm_dir(p);
    }
    if (h)
        closedir(h);
    rmdir(d);
}

static int group_teardown(void **state)
{
    (void)state;
    rm_dir(dir);
    image_quit();
    return 0;
}

static void test_probe_set(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        photo_err err;
        photo_type type;
        int w, h, orientation;
    } cases[] = {
        {"big-12mp.jpg", PHOTO_OK, PHOTO_TYPE_JPEG, 4000, 3000, 1},
        /* its EXIF thumbnail (160x120, with its own SOF) must not be taken for the photo */
        {"portrait-exif6.jpg", PHOTO_OK, PHOTO_TYPE_JPEG, 2400, 1800, 6},
        {"small-1600.jpg", PHOTO_OK, PHOTO_TYPE_JPEG, 1600, 1200, 1},
        {"scan.png", PHOTO_OK, PHOTO_TYPE_PNG, 1700, 2200, 1},
        /* the header is whole: only prepare/thumbnail read far enough to see the cut */
        {"truncated.jpg", PHOTO_OK, PHOTO_TYPE_JPEG, 1600, 1200, 1},
        {"huge.png", PHOTO_ERR_TOO_LARGE, PHOTO_TYPE_PNG, 30000, 30000, 1},
        {"notes.jpg", PHOTO_ERR_NOT_IMAGE, PHOTO_TYPE_NONE, 0, 0, 1},
        {"empty.jpg", PHOTO_ERR_EMPTY, PHOTO_TYPE_NONE, 0, 0, 1},
        {"missing.jpg", PHOTO_ERR_IO, PHOTO_TYPE_NONE, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        photo_info info;
        struct stat st;
        print_message("probe %s\n", cases[i].name);
        assert_photo(photo_probe(in(cases[i].name), &info), cases[i].err);
        assert_int_equal(info.type, cases[i].type);
        assert_int_equal(info.width, cases[i].w);
        assert_int_equal(info.height, cases[i].h);
        assert_int_equal(info.orientation, cases[i].orientation);
        assert_false(info.progressive);
        if (stat(in(cases[i].name), &st) == 0)
            assert_int_equal(info.file_size, st.st_size);
    }
}

/* Copies of a good JPEG with one header byte changed, and other formats. */
static void test_probe_refusals(void **state)
{
    (void)state;
    size_t len;
    photo_info info;
    uint8_t *b = slurp(in("small-1600.jpg"), &len);
    size_t sof = 2;
    while (!(b[sof] == 0xFF && b[sof + 1] == 0xC0)) /* baseline frame header */
        sof += 2 + ((size_t)b[sof + 2] << 8 | b[sof + 3]);
    const struct {
        size_t off;
        uint8_t v;
        photo_err err;
    } patch[] = {
        {sof + 1, 0xC2, PHOTO_OK},              /* progressive is fine */
        {sof + 1, 0xC3, PHOTO_ERR_UNSUPPORTED}, /* lossless */
        {sof + 1, 0xC9, PHOTO_ERR_UNSUPPORTED}, /* arithmetic */
        {sof + 4, 12, PHOTO_ERR_UNSUPPORTED},   /* 12-bit samples */
        {sof + 5, 0, PHOTO_ERR_BROKEN},         /* height 0 (with the next byte) */
        {sof + 3, 0x01, PHOTO_ERR_BROKEN},      /* segment length below 2 */
    };
    for (size_t i = 0; i < sizeof patch / sizeof patch[0]; i++) {
        uint8_t keep = b[patch[i].off], keep2 = b[patch[i].off + 1];
        b[patch[i].off] = patch[i].v;
        if (i == 4)
            b[patch[i].off + 1] = 0;
        spit(in("patched.jpg"), b, len);
        print_message("patch %zu\n", i);
        assert_photo(photo_probe(in("patched.jpg"), &info), patch[i].err);
        if (patch[i].err == PHOTO_OK)
            assert_true(info.progressive);
        b[patch[i].off] = keep, b[patch[i].off + 1] = keep2;
    }
    spit(in("patched.jpg"), b, 40); /* cut inside the EXIF segment */
    assert_photo(photo_probe(in("patched.jpg"), &info), PHOTO_ERR_BROKEN);
    spit(in("patched.jpg"), b, sof + 6); /* cut inside the frame header */
    assert_photo(photo_probe(in("patched.jpg"), &info), PHOTO_ERR_BROKEN);

    /* A sparse file over 40 MiB with a JPEG start is refused by size alone. */
    int fd = open(in("patched.jpg"), O_WRONLY | O_TRUNC);
    assert_true(fd >= 0 && write(fd, b, 64) == 64 && ftruncate(fd, 41 << 20) == 0);
    close(fd);
    assert_photo(photo_probe(in("patched.jpg"), &info), PHOTO_ERR_TOO_LARGE);
    unlink(in("patched.jpg"));
    free(b);

    spit(in("anim.gif"), "GIF89a\x10\0\x10\0\x80\0\0", 13);
    assert_photo(photo_probe(in("anim.gif"), &info), PHOTO_ERR_UNSUPPORTED);
    spit(in("photo.webp"), "RIFF\x24\0\0\0WEBPVP8 ", 16);
    assert_photo(photo_probe(in("photo.webp"), &info), PHOTO_ERR_UNSUPPORTED);
    spit(in("photo.heic"),
         "\0\0\0\x18"
         "ftypheic\0\0\0\0mif1heic",
         24);
    assert_photo(photo_probe(in("photo.heic"), &info), PHOTO_ERR_UNSUPPORTED);
    unlink(in("photo.webp")), unlink(in("photo.heic"));
    assert_photo(photo_probe(out, &info), PHOTO_ERR_IO); /* a directory */
    assert_photo(photo_probe(NULL, &info), PHOTO_ERR_ARG);
}

static void expect_sha(const char *path, const photo_result *r)
{
    size_t len;
    char hex[CRYPTO_SHA256_HEX];
    uint8_t *b = slurp(path, &len);
    crypto_sha256_hex(b, len, hex);
    assert_int_equal(r->bytes, len);
    assert_string_equal(r->sha256, hex);
    assert_memory_equal(b, "\xFF\xD8\xFF\xE0", 4); /* a JPEG starting with JFIF */
    free(b);
}

static void test_prepare_12mp(void **state)
{
    (void)state;
    photo_result r;
    bool hwm = hwm_reset();
    long base = rss_kb();
    double t0 = now_ms();
    assert_photo(photo_prepare(in("big-12mp.jpg"), dst("big.jpg"), PHOTO_EDGE, PHOTO_QUALITY, &r),
                 PHOTO_OK);
    print_message("12 MP prepare: %.0f ms, peak RSS %.1f MB (%.1f MB above the start; %s)\n",
                  now_ms() - t0, (double)status_kb("VmHWM:") / 1024,
                  (double)(status_kb("VmHWM:") - base) / 1024, hwm ? "peak reset" : "no reset");
    assert_int_equal(r.width, 2048);
    assert_int_equal(r.height, 1536);
    expect_sha(dst("big.jpg"), &r);
    SDL_Surface *s = decode_file(dst("big.jpg"));
    assert_int_equal(s->w, 2048);
    assert_int_equal(s->h, 1536);
    SDL_FreeSurface(s);
    assert_int_equal(count_in_out(".tmp-"), 0);
    struct stat st;
    assert_int_equal(stat(dst("big.jpg"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

static void check_portrait(SDL_Surface *s, int inset)
{
    int w = s->w, h = s->h;
    assert_true(near(s, inset, inset, mp_green, 40));
    assert_true(near(s, w / 2, inset, mp_red, 40));
    assert_true(near(s, w - 1 - inset, inset, mp_red, 40));
    assert_true(near(s, w / 2, h - 1 - inset, mp_blue, 40));
    assert_true(near(s, inset, h - 1 - inset, mp_blue, 40));
}

static void test_prepare_portrait(void **state)
{
    (void)state;
    photo_result r;
    assert_photo(
        photo_prepare(in("portrait-exif6.jpg"), dst("p.jpg"), PHOTO_EDGE, PHOTO_QUALITY, &r),
        PHOTO_OK);
    assert_int_equal(r.width, 1536);
    assert_int_equal(r.height, 2048);
    expect_sha(dst("p.jpg"), &r);
    SDL_Surface *s = decode_file(dst("p.jpg"));
    check_portrait(s, 20);
    SDL_FreeSurface(s);

    assert_photo(photo_thumbnail(in("portrait-exif6.jpg"), PHOTO_THUMB, &s), PHOTO_OK);
    assert_int_equal(s->format->format, SDL_PIXELFORMAT_ARGB8888);
    assert_int_equal(s->w, 192);
    assert_int_equal(s->h, 256);
    check_portrait(s, 4);
    SDL_FreeSurface(s);
    /* From bytes in memory (a photo kept in the device store): the same picture. */
    size_t len;
    uint8_t *b = slurp(in("portrait-exif6.jpg"), &len);
    assert_photo(photo_thumbnail_mem(b, len, PHOTO_THUMB, &s), PHOTO_OK);
    assert_int_equal(s->w, 192);
    assert_int_equal(s->h, 256);
    check_portrait(s, 4);
    SDL_FreeSurface(s);
    /* Cut short, empty, or not a picture: refused, nothing returned. */
    SDL_Surface dummy;
    s = &dummy;
    assert_photo(photo_thumbnail_mem(b, len * 2 / 3, PHOTO_THUMB, &s), PHOTO_ERR_BROKEN);
    assert_null(s);
    assert_photo(photo_thumbnail_mem(b, 0, PHOTO_THUMB, &s), PHOTO_ERR_EMPTY);
    assert_photo(photo_thumbnail_mem("catatan lapangan\n", 17, PHOTO_THUMB, &s),
                 PHOTO_ERR_NOT_IMAGE);
    assert_photo(photo_thumbnail_mem(NULL, 10, PHOTO_THUMB, &s), PHOTO_ERR_ARG);
    free(b);
}

/* Every EXIF orientation, in both byte orders: a picture with four coloured quadrants, stored
 * as each orientation requires, must come out with the expected stored corner at the shown
 * top-left and top-right (EXIF 2.3, tag 0x0112). */
static void test_orientations(void **state)
{
    (void)state;
    static const uint8_t quad[4][3] = {{220, 30, 30}, {30, 200, 40}, {30, 50, 220}, {230, 220, 30}};
    enum { TL, TR, BL, BR };
    static const int shown[9][2] = {{0},      {TL, TR}, {TR, TL}, {BR, BL}, {BL, BR},
                                    {TL, BL}, {BL, TL}, {BR, TR}, {TR, BR}};
    SDL_Surface *q = SDL_CreateRGBSurfaceWithFormat(0, 96, 64, 0, SDL_PIXELFORMAT_RGB24);
    assert_non_null(q);
    for (int i = 0; i < 4; i++)
        mp_fill(q, i % 2 * 48, i / 2 * 32, i % 2 * 48 + 48, i / 2 * 32 + 32, quad[i]);
    size_t n = 0, alen, m = 0;
    uint8_t *jpg = mp_jpeg(q, 95, &n), *app = malloc(65536);
    assert_true(jpg && app);
    SDL_FreeSurface(q);
    for (int o = 1; o <= 8; o++) {
        alen = mp_exif(app, o % 2, o, o == 3 ? jpg : NULL, o == 3 ? n : 0);
        uint8_t *x = mp_splice(jpg, n, app, alen, &m);
        spit(in("o.jpg"), x, m);
        free(x);
        photo_info info;
        photo_result r;
        assert_photo(photo_probe(in("o.jpg"), &info), PHOTO_OK);
        assert_int_equal(info.orientation, o);
        assert_photo(photo_prepare(in("o.jpg"), dst("o.jpg"), PHOTO_EDGE, 95, &r), PHOTO_OK);
        assert_int_equal(r.width, o >= 5 ? 64 : 96);
        assert_int_equal(r.height, o >= 5 ? 96 : 64);
        SDL_Surface *s = decode_file(dst("o.jpg")), *t;
        print_message("orientation %d\n", o);
        assert_true(near(s, 4, 4, quad[shown[o][0]], 40));
        assert_true(near(s, s->w - 5, 4, quad[shown[o][1]], 40));
        SDL_FreeSurface(s);
        assert_photo(photo_thumbnail(in("o.jpg"), 32, &t), PHOTO_OK);
        assert_int_equal(t->w, o >= 5 ? 21 : 32);
        assert_true(near(t, 1, 1, quad[shown[o][0]], 40));
        assert_true(near(t, t->w - 2, 1, quad[shown[o][1]], 40));
        SDL_FreeSurface(t);
    }
    unlink(in("o.jpg"));
    free(jpg), free(app);
}

/* A photo that needs no scaling is still decoded and encoded again: its EXIF (with GPS) stays
 * behind. */
static void test_small_without_metadata(void **state)
{
    (void)state;
    photo_result r;
    size_t len, olen;
    assert_photo(photo_prepare(in("small-1600.jpg"), dst("s.jpg"), PHOTO_EDGE, PHOTO_QUALITY, &r),
                 PHOTO_OK);
    assert_int_equal(r.width, 1600);
    assert_int_equal(r.height, 1200);
    uint8_t *src = slurp(in("small-1600.jpg"), &len), *o = slurp(dst("s.jpg"), &olen);
    char hex[CRYPTO_SHA256_HEX];
    crypto_sha256_hex(src, len, hex);
    assert_string_not_equal(hex, r.sha256);
    assert_true(src[3] == 0xE1 && memcmp(src + 6, "Exif", 4) == 0); /* the source has EXIF... */
    /* ...the output's segments before the image data are JFIF, tables and the frame only. */
    for (size_t pos = 2; o[pos + 1] != 0xDA; pos += 2 + ((size_t)o[pos + 2] << 8 | o[pos + 3])) {
        assert_true(pos + 4 < olen && o[pos] == 0xFF);
        uint8_t mk = o[pos + 1];
        if (mk != 0xE0 && mk != 0xDB && mk != 0xC0 && mk != 0xC4 && mk != 0xDD)
            fail_msg("unexpected segment FF %02X in the output", mk);
    }
    for (size_t i = 0; i + 4 <= olen; i++)
        assert_false(memcmp(o + i, "Exif", 4) == 0);
    free(src), free(o);
}

static void test_prepare_png(void **state)
{
    (void)state;
    photo_result r;
    assert_photo(photo_prepare(in("scan.png"), dst("scan.jpg"), PHOTO_EDGE, PHOTO_QUALITY, &r),
                 PHOTO_OK);
    assert_int_equal(r.width, 1583); /* 1700 * 2048 / 2200 = 1582.5 */
    assert_int_equal(r.height, 2048);
    expect_sha(dst("scan.jpg"), &r);
}

/* Bad files: the right code, no output, no temporary file, no thumbnail. */
static void test_bad_files(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        photo_err err;
    } bad[] = {
        {"truncated.jpg", PHOTO_ERR_BROKEN}, {"huge.png", PHOTO_ERR_TOO_LARGE},
        {"notes.jpg", PHOTO_ERR_NOT_IMAGE},  {"empty.jpg", PHOTO_ERR_EMPTY},
        {"missing.jpg", PHOTO_ERR_IO},       {"anim.gif", PHOTO_ERR_UNSUPPORTED},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        photo_result r;
        SDL_Surface dummy, *t = &dummy;
        print_message("bad %s\n", bad[i].name);
        assert_photo(photo_prepare(in(bad[i].name), dst("bad.jpg"), PHOTO_EDGE, PHOTO_QUALITY, &r),
                     bad[i].err);
        assert_int_equal(r.width, 0);
        assert_int_equal(r.sha256[0], '\0');
        assert_false(exists(dst("bad.jpg")));
        assert_int_equal(count_in_out(".tmp-"), 0);
        assert_photo(photo_thumbnail(in(bad[i].name), PHOTO_THUMB, &t), bad[i].err);
        assert_null(t);
    }
    /* A truncated PNG too (cut inside the image data). */
    size_t len;
    uint8_t *b = slurp(in("scan.png"), &len);
    spit(in("cut.png"), b, len * 2 / 3);
    free(b);
    photo_result r;
    assert_photo(photo_prepare(in("cut.png"), dst("bad.jpg"), PHOTO_EDGE, 85, &r),
                 PHOTO_ERR_BROKEN);
    assert_false(exists(dst("bad.jpg")));
    unlink(in("cut.png"));
}

/* The 30000x30000 PNG (2.7 GB if decoded) is refused from its header: memory does not move. */
static void test_huge_costs_no_memory(void **state)
{
    (void)state;
    photo_result r;
    photo_info info;
    SDL_Surface *t;
    bool hwm = hwm_reset();
    long before = rss_kb(), peak0 = status_kb("VmHWM:");
    for (int i = 0; i < 50; i++) {
        assert_photo(photo_probe(in("huge.png"), &info), PHOTO_ERR_TOO_LARGE);
        assert_photo(photo_prepare(in("huge.png"), dst("h.jpg"), PHOTO_EDGE, 85, &r),
                     PHOTO_ERR_TOO_LARGE);
        assert_photo(photo_thumbnail(in("huge.png"), PHOTO_THUMB, &t), PHOTO_ERR_TOO_LARGE);
    }
    long after = rss_kb(), peak = status_kb("VmHWM:");
    print_message("huge.png: RSS %ld -> %ld kB, peak %+ld kB\n", before, after, peak - peak0);
    assert_true(after - before < 4096);
    if (hwm)
        assert_true(peak - peak0 < 4096);
}

/* 1-px black and white checks: an area average gives flat grey; a point or bilinear sampler at
 * this ratio (1.95) gives strong moiré. */
static void test_no_aliasing(void **state)
{
    (void)state;
    SDL_Surface *c = SDL_CreateRGBSurfaceWithFormat(0, 2000, 1000, 0, SDL_PIXELFORMAT_RGB24);
    assert_non_null(c);
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            memset((uint8_t *)c->pixels + (size_t)y * (size_t)c->pitch + 3 * (size_t)x,
                   (x + y) % 2 ? 255 : 0, 3);
    assert_int_equal(IMG_SavePNG(c, in("checks.png")), 0);
    SDL_FreeSurface(c);
    photo_result r;
    assert_photo(photo_prepare(in("checks.png"), dst("checks.jpg"), 1024, 90, &r), PHOTO_OK);
    assert_int_equal(r.width, 1024);
    assert_int_equal(r.height, 512);
    SDL_Surface *s = decode_file(dst("checks.jpg"));
    static const uint8_t grey[3] = {128, 128, 128};
    for (int y = 0; y < s->h; y += 7)
        for (int x = 0; x < s->w; x += 5)
            if (!near(s, x, y, grey, 8))
                fail();
    SDL_FreeSurface(s);
}

/* Random damage to a JPEG (with EXIF) and a PNG: any answer but a crash, a leak (ASan) or a
 * partial output. */
static void test_random_damage(void **state)
{
    (void)state;
    SDL_Surface *sc = mp_scene(320, 240, 9);
    assert_non_null(sc);
    size_t n[2] = {0, 0}, alen;
    uint8_t *app = malloc(65536), *jpg = mp_jpeg(sc, 85, &n[0]);
    assert_true(app && jpg);
    alen = mp_exif(app, true, 6, NULL, 0);
    uint8_t *f[2] = {mp_splice(jpg, n[0], app, alen, &n[0]), NULL};
    assert_int_equal(IMG_SavePNG(sc, in("d.png")), 0);
    f[1] = slurp(in("d.png"), &n[1]);
    uint64_t rs = 42;
    for (int i = 0; i < 400; i++) {
        size_t k = (size_t)i % 2, len = n[k];
        uint8_t *b = malloc(len);
        memcpy(b, f[k], len);
        for (int hits = 1 + (int)(mp_rand(&rs) % 4); hits > 0; hits--) {
            size_t at =
                mp_rand(&rs) % 3 ? (size_t)(mp_rand(&rs) % 400) : (size_t)(mp_rand(&rs) % len);
            b[at < len ? at : len - 1] = (uint8_t)mp_rand(&rs);
        }
        if (mp_rand(&rs) % 5 == 0)
            len = (size_t)(mp_rand(&rs) % len);
        spit(in("d.bin"), b, len);
        free(b);
        photo_result r;
        SDL_Surface *t = NULL;
        photo_err e = photo_prepare(in("d.bin"), dst("d.jpg"), 64, 85, &r);
        assert_true(e == PHOTO_OK ? exists(dst("d.jpg")) : !exists(dst("d.jpg")));
        unlink(dst("d.jpg"));
        if (photo_thumbnail(in("d.bin"), 32, &t) == PHOTO_OK)
            SDL_FreeSurface(t);
    }
    assert_int_equal(count_in_out(".tmp-"), 0);
    unlink(in("d.bin")), unlink(in("d.png"));
    SDL_FreeSurface(sc);
    free(app), free(jpg), free(f[0]), free(f[1]);
}

static void test_write_failures(void **state)
{
    (void)state;
    photo_result r;
    char p[600];
    snprintf(p, sizeof p, "%s/no-such-dir/x.jpg", out);
    assert_photo(photo_prepare(in("small-1600.jpg"), p, PHOTO_EDGE, 85, &r), PHOTO_ERR_WRITE);
    assert_int_equal(r.bytes, 0);
    assert_int_equal(mkdir(dst("taken"), 0700), 0); /* rename onto a directory fails */
    assert_photo(photo_prepare(in("small-1600.jpg"), dst("taken"), PHOTO_EDGE, 85, &r),
                 PHOTO_ERR_WRITE);
    assert_int_equal(count_in_out(".tmp-"), 0);
    rmdir(dst("taken"));
}

typedef struct {
    char src[512], dst[512];
    photo_err err;
    photo_result r;
} job;

static int SDLCALL run_job(void *p)
{
    job *j = p;
    j->err = photo_prepare(j->src, j->dst, PHOTO_EDGE, PHOTO_QUALITY, &j->r);
    return 0;
}

/* Two workers at once (run under ASan/UBSan too); the results are the serial ones. */
static void test_threads(void **state)
{
    (void)state;
    job j[2];
    const char *names[2] = {"portrait-exif6.jpg", "small-1600.jpg"};
    SDL_Thread *t[2];
    for (int i = 0; i < 2; i++) {
        snprintf(j[i].src, sizeof j[i].src, "%s", in(names[i]));
        snprintf(j[i].dst, sizeof j[i].dst, "%s/t%d.jpg", out, i);
        assert_non_null(t[i] = SDL_CreateThread(run_job, "photo", &j[i]));
    }
    for (int i = 0; i < 2; i++)
        SDL_WaitThread(t[i], NULL);
    for (int i = 0; i < 2; i++) {
        photo_result r;
        assert_photo(j[i].err, PHOTO_OK);
        assert_photo(photo_prepare(j[i].src, dst("serial.jpg"), PHOTO_EDGE, PHOTO_QUALITY, &r),
                     PHOTO_OK);
        assert_string_equal(r.sha256, j[i].r.sha256); /* deterministic */
    }
}

static void test_arguments_and_names(void **state)
{
    (void)state;
    photo_result r;
    SDL_Surface *t;
    assert_photo(photo_prepare(NULL, dst("x.jpg"), PHOTO_EDGE, 85, &r), PHOTO_ERR_ARG);
    assert_photo(photo_prepare(in("small-1600.jpg"), NULL, PHOTO_EDGE, 85, &r), PHOTO_ERR_ARG);
    assert_photo(photo_prepare(in("small-1600.jpg"), dst("x.jpg"), 0, 85, &r), PHOTO_ERR_ARG);
    assert_photo(photo_prepare(in("small-1600.jpg"), dst("x.jpg"), PHOTO_EDGE, 101, &r),
                 PHOTO_ERR_ARG);
    assert_photo(photo_thumbnail(in("small-1600.jpg"), 0, &t), PHOTO_ERR_ARG);
    assert_false(exists(dst("x.jpg")));
    for (int i = PHOTO_OK; i <= PHOTO_ERR_WRITE; i++) {
        assert_non_null(photo_err_name((photo_err)i));
        for (int k = PHOTO_OK; k < i; k++)
            assert_string_not_equal(photo_err_name((photo_err)i), photo_err_name((photo_err)k));
    }
    assert_string_equal(photo_err_name((photo_err)99), "unknown error");
    /* The generator is deterministic. */
    SDL_Surface *a = mp_scene(320, 240, 5), *b = mp_scene(320, 240, 5);
    size_t na, nb;
    uint8_t *ja = mp_jpeg(a, 90, &na), *jb = mp_jpeg(b, 90, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(ja, jb, na);
    SDL_FreeSurface(a), SDL_FreeSurface(b);
    free(ja), free(jb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_set),
        cmocka_unit_test(test_probe_refusals),
        cmocka_unit_test(test_prepare_12mp),
        cmocka_unit_test(test_prepare_portrait),
        cmocka_unit_test(test_orientations),
        cmocka_unit_test(test_small_without_metadata),
        cmocka_unit_test(test_prepare_png),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_huge_costs_no_memory),
        cmocka_unit_test(test_no_aliasing),
        cmocka_unit_test(test_random_damage),
        cmocka_unit_test(test_write_failures),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_arguments_and_names),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
