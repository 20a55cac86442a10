/* photo: the field profile's photo pipeline. A chosen photo (camera folder, USB stick) is probed
 * from its header alone, refused when it is not a PNG/JPEG we take, damaged or too large, and
 * otherwise decoded, downscaled by area averaging, turned upright (EXIF orientation) and
 * re-encoded as a metadata-free JPEG written atomically. See docs/photos.md.
 * Thread-safe: every function may run on any thread (meant for the worker); none touches SDL
 * video, and no state is shared between calls. */
#ifndef PARAF_PHOTO_H
#define PARAF_PHOTO_H

#include "field.h"

#include <SDL.h>

#include <stdbool.h>
#include <stdint.h>

/* Limits, checked from the header before anything is decoded. 50.3 MP is the largest frame of a
 * 50-megapixel sensor (8192x6144); it decodes to 151 MB (RGB) at most. */
#define PHOTO_MAX_FILE_BYTES (40ull * 1024 * 1024)
#define PHOTO_MAX_SIDE       20000
#define PHOTO_MAX_PIXELS     (8192ull * 6144)

#define PHOTO_EDGE    2048 /* long edge of a prepared photo */
#define PHOTO_QUALITY 85   /* JPEG quality of a prepared photo */
#define PHOTO_THUMB   256  /* long edge of a picker thumbnail */

typedef enum {
    PHOTO_OK = 0,
    PHOTO_ERR_ARG,         /* NULL argument, or edge/quality out of range */
    PHOTO_ERR_IO,          /* source missing, unreadable or not a regular file */
    PHOTO_ERR_EMPTY,       /* source has 0 bytes */
    PHOTO_ERR_NOT_IMAGE,   /* not an image at all (e.g. a text file named .jpg) */
    PHOTO_ERR_UNSUPPORTED, /* an image we don't take: GIF, WebP, HEIC, BMP, TIFF, ...; a CMYK,
                              12-bit, lossless or arithmetic-coded JPEG */
    PHOTO_ERR_BROKEN,      /* PNG/JPEG with a damaged header, or data cut short or undecodable */
    PHOTO_ERR_TOO_LARGE,   /* over PHOTO_MAX_FILE_BYTES, PHOTO_MAX_SIDE or PHOTO_MAX_PIXELS */
    PHOTO_ERR_NOMEM,
    PHOTO_ERR_WRITE, /* the output could not be written durably; nothing is left at dst */
} photo_err;

typedef enum { PHOTO_TYPE_NONE, PHOTO_TYPE_JPEG, PHOTO_TYPE_PNG } photo_type;

typedef struct {
    photo_type type;
    int width, height;  /* as stored; orientations 5-8 show it with the two swapped */
    int orientation;    /* EXIF orientation 1-8; 1 when absent (always 1 for PNG) */
    bool progressive;   /* JPEG SOF2 */
    uint64_t file_size; /* bytes */
} photo_info;

typedef struct {
    int width, height; /* of the output, upright */
    uint64_t bytes;    /* size of the output file */
    char sha256[65];   /* lower-case hex SHA-256 of the output file */
} photo_result;

/* Reads only the header: type, stored size, EXIF orientation, file size. PHOTO_OK when the photo
 * is acceptable as far as the header tells; a body cut short is found only by photo_prepare and
 * photo_thumbnail. On an error, *info holds what was read before it (e.g. the size of an image
 * that is too large). */
photo_err photo_probe(const char *path, photo_info *info) __attribute__((warn_unused_result));

/* Probes, decodes, scales to at most max_edge (16-8192) px on the long edge (never up), bakes in
 * the EXIF orientation and writes a JPEG of the given quality (1-100) to dst through a temporary
 * file beside it (fsync, rename, fsync of the directory; mode 0600). The output is always
 * re-encoded and carries no metadata (no EXIF, so no GPS). On any error nothing is written at dst
 * and *out is zeroed. Peak memory: the source file plus one decoded image plus the scaled one. */
photo_err photo_prepare(const char *src_path, const char *dst_path, int max_edge, int quality,
                        photo_result *out) __attribute__((warn_unused_result));

/* An upright ARGB8888 surface of at most `edge` (16-2048) px on its long edge for the picker; the
 * caller frees it with SDL_FreeSurface. Same checks as photo_prepare; *out is NULL on error. */
photo_err photo_thumbnail(const char *src_path, int edge, SDL_Surface **out)
    __attribute__((warn_unused_result));
/* The same from a photo's bytes in memory (a prepared photo kept in the device store); the
 * bytes are parsed and held to the same limits as a file's. */
photo_err photo_thumbnail_mem(const void *data, size_t len, int edge, SDL_Surface **out)
    __attribute__((warn_unused_result));

/* Short English name of an error for logs ("image too large"); never NULL. Not for the screen. */
const char *photo_err_name(photo_err e);

/* What the field screens say of e (app/core/field.h). */
field_photo_problem photo_problem(photo_err e);

#endif
