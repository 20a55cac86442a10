/* Tests of image decoding (image.c): valid PNG and JPEG decode to ARGB8888; garbage, other
 * formats, truncated files and headers that declare oversized or empty images are refused with a
 * plain message before any decoder runs; random damage never crashes (run under ASan too). */
#include "image.h"

#include <SDL.h>
#include <SDL_image.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static size_t encode(SDL_Surface *s, bool jpeg, uint8_t *buf, size_t cap)
{
    SDL_RWops *rw = SDL_RWFromMem(buf, (int)cap);
    assert_non_null(rw);
    int rc = jpeg ? IMG_SaveJPG_RW(s, rw, 0, 90) : IMG_SavePNG_RW(s, rw, 0);
    assert_int_equal(rc, 0);
    size_t n = (size_t)SDL_RWtell(rw);
    SDL_RWclose(rw);
    return n;
}

static void expect_refused(const void *b, size_t n, const char *why)
{
    char err[160] = "";
    SDL_Surface *s = image_decode(b, n, err, sizeof err);
    if (s)
        SDL_FreeSurface(s);
    assert_null(s);
    if (!strstr(err, why))
        fail_msg("expected \"%s\" in \"%s\"", why, err);
}

static void be32_put(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* One 64x48 picture, encoded as PNG and JPEG, shared by the tests. */
typedef struct {
    SDL_Surface *s;
    uint8_t *png, *jpg, *tmp;
    size_t npng, njpg;
} fixture;

enum { CAP = 1 << 20 };

static int group_setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->png = malloc(CAP), f->jpg = malloc(CAP), f->tmp = malloc(CAP);
    assert_true(f->png && f->jpg && f->tmp);
    f->s = SDL_CreateRGBSurfaceWithFormat(0, 64, 48, 24, SDL_PIXELFORMAT_RGB24);
    assert_non_null(f->s);
    SDL_FillRect(f->s, NULL, SDL_MapRGB(f->s->format, 200, 40, 40));
    f->npng = encode(f->s, false, f->png, CAP);
    f->njpg = encode(f->s, true, f->jpg, CAP);
    *state = f;
    return 0;
}

static int group_teardown(void **state)
{
    fixture *f = *state;
    SDL_FreeSurface(f->s);
    free(f->png);
    free(f->jpg);
    free(f->tmp);
    free(f);
    return 0;
}

static void test_decode_valid(void **state)
{
    fixture *f = *state;
    char err[160];
    SDL_Surface *d = image_decode(f->png, f->npng, err, sizeof err);
    assert_non_null(d);
    assert_int_equal(d->format->format, SDL_PIXELFORMAT_ARGB8888);
    assert_int_equal(d->w, 64);
    assert_int_equal(d->h, 48);
    assert_int_equal(((uint32_t *)d->pixels)[0], 0xFFC82828u);
    SDL_FreeSurface(d);
    d = image_decode(f->jpg, f->njpg, err, sizeof err);
    assert_non_null(d);
    assert_int_equal(d->format->format, SDL_PIXELFORMAT_ARGB8888);
    assert_int_equal(d->w, 64);
    assert_int_equal(d->h, 48);
    assert_in_range((((uint32_t *)d->pixels)[100] >> 16) & 0xFF, 190, 210);
    SDL_FreeSurface(d);
}

static void test_decode_other_formats(void **state)
{
    fixture *f = *state;
    expect_refused("hello, world", 12, "not a PNG or JPEG image");
    expect_refused("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13, "not a PNG or JPEG image");
    SDL_RWops *rw = SDL_RWFromMem(f->tmp, CAP);
    assert_int_equal(SDL_SaveBMP_RW(f->s, rw, 0), 0);
    size_t nbmp = (size_t)SDL_RWtell(rw);
    SDL_RWclose(rw);
    expect_refused(f->tmp, nbmp, "not a PNG or JPEG image");
    expect_refused(NULL, 0, "not a PNG or JPEG image");
    expect_refused(f->png, 7, "not a PNG or JPEG image");
    /* No room for a message, or a tiny one: still refused, never overflowed. */
    char small[8];
    assert_null(image_decode("BM", 2, NULL, 0));
    assert_null(image_decode("BM", 2, small, sizeof small));
    assert_int_equal(strlen(small), sizeof small - 1);
}

static void test_decode_truncated(void **state)
{
    fixture *f = *state;
    expect_refused(f->png, f->npng / 2, "the image data is damaged"); /* cut in half */
    expect_refused(f->png, f->npng - 1, "the image data is damaged");
    expect_refused(f->png, 20, "the image data is damaged");
    expect_refused(f->jpg, f->njpg / 2, "the image data is damaged");
    expect_refused(f->jpg, 4, "the image data is damaged");
}

static void test_decode_declared_size(void **state)
{
    fixture *f = *state;
    uint8_t *t = f->tmp;
    memcpy(t, f->png, f->npng); /* IHDR claims 30000x30000 (CRC left stale: our check is first) */
    be32_put(t + 16, 30000);
    be32_put(t + 20, 30000);
    expect_refused(t, f->npng, "image is 30000x30000 pixels; the limit is 8192");
    be32_put(t + 16, 8000);
    be32_put(t + 20, 6000);
    expect_refused(t, f->npng, "image is 8000x6000 pixels (48 megapixels); the limit is 40");
    be32_put(t + 16, 0);
    expect_refused(t, f->npng, "empty");
    be32_put(t + 16, 64); /* 64x49 is allowed, but the CRC is stale now: libpng refuses it */
    be32_put(t + 20, 49);
    expect_refused(t, f->npng, "the image data is damaged");

    memcpy(t, f->jpg, f->njpg); /* the JPEG frame header claims 20000 px wide */
    size_t sof = 2;
    while (!(t[sof] == 0xFF && (t[sof + 1] == 0xC0 || t[sof + 1] == 0xC2)))
        sof++;
    t[sof + 7] = 20000 >> 8, t[sof + 8] = 20000 & 0xFF;
    expect_refused(t, f->njpg, "image is 20000x48 pixels; the limit is 8192");
    t[sof + 1] = 0xC3; /* lossless JPEG */
    t[sof + 7] = 0, t[sof + 8] = 64;
    expect_refused(t, f->njpg, "not supported");
}

/* Random damage never crashes the decoders (this runs under ASan in make check). */
static void test_decode_damage(void **state)
{
    fixture *f = *state;
    char err[160];
    srand(7);
    for (int i = 0; i < 400; i++) {
        bool jpeg = i % 2;
        size_t n = jpeg ? f->njpg : f->npng;
        memcpy(f->tmp, jpeg ? f->jpg : f->png, n);
        for (int k = 0; k < 1 + i % 8; k++)
            f->tmp[(size_t)rand() % n] = (uint8_t)rand();
        err[0] = '\0';
        SDL_Surface *d = image_decode(f->tmp, n, err, sizeof err);
        if (d)
            SDL_FreeSurface(d);
        else
            assert_true(err[0] != '\0');
    }
}

typedef struct {
    const fixture *f;
    int ok;
} thread_job;

static int decode_thread(void *p)
{
    thread_job *j = p;
    for (int i = 0; i < 20; i++) {
        char err[160];
        bool jpeg = i % 2;
        SDL_Surface *d = image_decode(jpeg ? j->f->jpg : j->f->png, jpeg ? j->f->njpg : j->f->npng,
                                      err, sizeof err);
        j->ok += d != NULL;
        SDL_FreeSurface(d);
    }
    return 0;
}

static void test_decode_threads(void **state)
{
    thread_job jobs[4];
    SDL_Thread *t[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){*state, 0};
        t[i] = SDL_CreateThread(decode_thread, "decode", &jobs[i]);
        assert_non_null(t[i]);
    }
    for (int i = 0; i < 4; i++) {
        SDL_WaitThread(t[i], NULL);
        assert_int_equal(jobs[i].ok, 20);
    }
}

static void test_save_png(void **state)
{
    fixture *f = *state;
    char path[] = "/tmp/paraf-test-image-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(image_save_png(f->s, path), 0);
    SDL_Surface *back = IMG_Load(path);
    assert_non_null(back);
    assert_int_equal(back->w, 64);
    assert_int_equal(back->h, 48);
    SDL_FreeSurface(back);
    unlink(path);
    assert_int_equal(image_save_png(f->s, "/nonexistent-dir/x.png"), -1);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_threads),
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_other_formats),
        cmocka_unit_test(test_decode_truncated),
        cmocka_unit_test(test_decode_declared_size),
        cmocka_unit_test(test_decode_damage),
        cmocka_unit_test(test_save_png),
    };
    int rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
    image_quit();
    SDL_Quit();
    return rc;
}
