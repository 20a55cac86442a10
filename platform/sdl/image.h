/* image: decoding of untrusted image bytes (attachments, photos) into SDL surfaces. Only PNG and
 * JPEG are accepted, sniffed by magic; the dimensions declared in the header are checked against
 * hard limits before any decoder runs. Thread-safe: any thread may decode. */
#ifndef PARAF_IMAGE_H
#define PARAF_IMAGE_H

#include <SDL.h>

#include <stddef.h>

#define IMAGE_MAX_SIDE   8192
#define IMAGE_MAX_PIXELS 40000000ull

/* Initialise SDL_image's PNG and JPEG loaders (image_decode does it on first use; calling it at
 * start-up just reports a problem early). 0 or -1. image_quit at exit, after the last decode. */
int image_init(void);
void image_quit(void);

/* Decode PNG or JPEG bytes into a new ARGB8888 surface (caller frees with SDL_FreeSurface).
 * On refusal or failure: NULL and a plain-English reason in err (e.g. "not a PNG or JPEG image",
 * "image is 20000x20000 pixels; the limit is 8192", "the image data is damaged"). Thread-safe. */
SDL_Surface *image_decode(const void *bytes, size_t len, char *err, size_t err_cap);

/* Write a surface as PNG. 0, or -1 with the reason from SDL_GetError. */
int image_save_png(SDL_Surface *s, const char *path);

#endif
