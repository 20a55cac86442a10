/* image: PNG/JPEG decoding of untrusted bytes. The format is sniffed from the magic bytes, the
 * header is parsed here (PNG IHDR and chunk layout, JPEG marker segments up to the frame header)
 * so oversized or truncated images are refused before a decoder allocates anything, and only the
 * PNG and JPEG loaders of SDL_image are called: never its format guessing, which reaches decoders
 * (XCF, PCX, ...) with a history of memory-safety bugs. */
#include "image.h"

#include <SDL_image.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum { IMAGE_PNG, IMAGE_JPEG } image_kind;

static const uint8_t image_png_magic[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
static const char image_damaged[] = "the image data is damaged";

__attribute__((format(printf, 3, 4))) static void image_err_set(char *err, size_t cap,
                                                                const char *fmt, ...)
{
    if (!err || cap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    if (n < 0)
        err[0] = '\0'; /* a message cut short by a small buffer is still worth showing */
}

static uint32_t image_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t image_be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

/* PNG: IHDR must be the first chunk; every chunk must fit in the data, up to IEND (so a cut
 * download is refused here rather than half-decoded). */
static bool image_png_header(const uint8_t *b, size_t len, uint32_t *w, uint32_t *h, bool *whole)
{
    if (len < 8 + 8 + 13 + 4 || image_be32(b + 8) != 13 || memcmp(b + 12, "IHDR", 4) != 0)
        return false;
    *w = image_be32(b + 16);
    *h = image_be32(b + 20);
    *whole = false;
    size_t pos = 8;
    while (len - pos >= 12) {
        uint32_t clen = image_be32(b + pos);
        if (clen > 0x7FFFFFFFu || clen > len - pos - 12)
            return true; /* header readable, body cut or corrupt */
        if (memcmp(b + pos + 4, "IEND", 4) == 0) {
            *whole = true;
            break;
        }
        pos += 12 + (size_t)clen;
    }
    return true;
}

static bool image_jpeg_sof(uint8_t m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* JPEG: walk the marker segments to the first frame header (SOFn), which holds the size the
 * decoder will allocate for. Returns 0 ok, -1 damaged, -2 a JPEG kind we don't decode. */
static int image_jpeg_header(const uint8_t *b, size_t len, uint32_t *w, uint32_t *h, bool *whole)
{
    size_t pos = 2;
    for (;;) {
        /* Like libjpeg, skip stray bytes before a marker, then any 0xFF fill bytes. */
        while (pos < len && b[pos] != 0xFF)
            pos++;
        while (pos < len && b[pos] == 0xFF)
            pos++;
        if (pos >= len)
            return -1;
        uint8_t m = b[pos++];
        if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
            continue; /* no length: stuffed byte, TEM, restart markers */
        if (m == 0xD8 || m == 0xD9 || m == 0xDA)
            return -1; /* second SOI, or end/scan before any frame header */
        if (len - pos < 2)
            return -1;
        uint32_t seg = image_be16(b + pos);
        if (seg < 2 || seg > len - pos)
            return -1;
        if (image_jpeg_sof(m)) {
            if (seg < 8)
                return -1;
            *h = image_be16(b + pos + 3);
            *w = image_be16(b + pos + 5);
            if (m > 0xC2)
                return -2; /* lossless, hierarchical, arithmetic: not used by cameras */
            break;
        }
        pos += seg;
    }
    /* Entropy-coded data never holds FF D9 (0xFF is stuffed), so finding it means the file was
     * not cut short. */
    *whole = false;
    for (size_t i = pos; i + 1 < len; i++)
        if (b[i] == 0xFF && b[i + 1] == 0xD9) {
            *whole = true;
            break;
        }
    return 0;
}

/* SDL_image initialises its loaders lazily without a lock: the first initialisation is made
 * here, once, under a spin lock, so decoding may start on any thread. */
static SDL_SpinLock image_init_lock;
static bool image_ready; /* guarded by image_init_lock */

int image_init(void)
{
    int want = IMG_INIT_PNG | IMG_INIT_JPG, rc = 0;
    SDL_AtomicLock(&image_init_lock);
    if (!image_ready) {
        if ((IMG_Init(want) & want) == want) {
            image_ready = true;
        } else {
            fprintf(stderr, "image: cannot initialise PNG/JPEG loaders: %s\n", IMG_GetError());
            rc = -1;
        }
    }
    SDL_AtomicUnlock(&image_init_lock);
    return rc;
}

void image_quit(void)
{
    SDL_AtomicLock(&image_init_lock);
    if (image_ready)
        IMG_Quit();
    image_ready = false;
    SDL_AtomicUnlock(&image_init_lock);
}

SDL_Surface *image_decode(const void *bytes, size_t len, char *err, size_t err_cap)
{
    const uint8_t *b = bytes;
    image_kind kind;
    if (b && len >= 8 && memcmp(b, image_png_magic, 8) == 0) {
        kind = IMAGE_PNG;
    } else if (b && len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
        kind = IMAGE_JPEG;
    } else {
        image_err_set(err, err_cap, "not a PNG or JPEG image");
        return NULL;
    }

    uint32_t w = 0, h = 0;
    bool whole = false;
    if (kind == IMAGE_PNG) {
        if (!image_png_header(b, len, &w, &h, &whole)) {
            image_err_set(err, err_cap, "%s", image_damaged);
            return NULL;
        }
    } else {
        int rc = image_jpeg_header(b, len, &w, &h, &whole);
        if (rc == -2) {
            image_err_set(err, err_cap,
                          "this kind of JPEG (lossless or arithmetic-coded) is not "
                          "supported; save it as a standard JPEG or PNG");
            return NULL;
        }
        if (rc != 0) {
            image_err_set(err, err_cap, "%s", image_damaged);
            return NULL;
        }
    }
    /* The size check comes before the completeness check: it is the more useful message. */
    if (w == 0 || h == 0) {
        image_err_set(err, err_cap, "the image is empty (%" PRIu32 "x%" PRIu32 " pixels)", w, h);
        return NULL;
    }
    if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
        image_err_set(err, err_cap, "image is %" PRIu32 "x%" PRIu32 " pixels; the limit is %d", w,
                      h, IMAGE_MAX_SIDE);
        return NULL;
    }
    if ((uint64_t)w * h > IMAGE_MAX_PIXELS) {
        image_err_set(err, err_cap,
                      "image is %" PRIu32 "x%" PRIu32 " pixels (%" PRIu64
                      " megapixels); the limit is %llu megapixels",
                      w, h, ((uint64_t)w * h + 500000) / 1000000, IMAGE_MAX_PIXELS / 1000000);
        return NULL;
    }
    if (!whole || len > INT32_MAX) {
        image_err_set(err, err_cap, "%s", image_damaged);
        return NULL;
    }
    if (image_init() != 0) {
        image_err_set(err, err_cap,
                      "images cannot be decoded on this device (no PNG/JPEG support)");
        return NULL;
    }

    SDL_RWops *rw = SDL_RWFromConstMem(bytes, (int)len);
    if (!rw) {
        image_err_set(err, err_cap, "out of memory");
        return NULL;
    }
    SDL_Surface *s = kind == IMAGE_PNG ? IMG_LoadPNG_RW(rw) : IMG_LoadJPG_RW(rw);
    SDL_RWclose(rw);
    if (!s) {
        image_err_set(err, err_cap, "%s", image_damaged);
        return NULL;
    }
    if (s->w != (int)w || s->h != (int)h) {
        /* The decoder read another header than we checked: refuse, whatever it is. */
        SDL_FreeSurface(s);
        image_err_set(err, err_cap, "%s", image_damaged);
        return NULL;
    }
    SDL_Surface *out = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    if (!out)
        image_err_set(err, err_cap, "out of memory for a %" PRIu32 "x%" PRIu32 " image", w, h);
    return out;
}

int image_save_png(SDL_Surface *s, const char *path)
{
    if (!s || !path)
        return -1;
    return IMG_SavePNG(s, path) == 0 ? 0 : -1;
}
