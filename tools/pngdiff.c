/* pngdiff: compares two PNG images pixel by pixel. Exit 0 when identical in size and pixels;
 * otherwise prints how many pixels differ, writes a diff image (differences in red over a faded
 * copy of the expected image) when a path is given, and exits 1. Used by the golden tests. */
#include <SDL.h>
#include <SDL_image.h>
#include <stdio.h>

static Uint32 px(SDL_Surface *s, int x, int y)
{
    return ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pngdiff EXPECTED ACTUAL [DIFF_OUT]\n");
        return 2;
    }
    SDL_Surface *a0 = IMG_Load(argv[1]), *b0 = IMG_Load(argv[2]);
    if (!a0 || !b0) {
        fprintf(stderr, "pngdiff: cannot read %s\n", !a0 ? argv[1] : argv[2]);
        return 2;
    }
    SDL_Surface *a = SDL_ConvertSurfaceFormat(a0, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *b = SDL_ConvertSurfaceFormat(b0, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(a0);
    SDL_FreeSurface(b0);
    if (a->w != b->w || a->h != b->h) {
        printf("size differs: %dx%d vs %dx%d\n", a->w, a->h, b->w, b->h);
        return 1;
    }
    long diff = 0;
    SDL_Surface *d =
        argc > 3 ? SDL_CreateRGBSurfaceWithFormat(0, a->w, a->h, 32, SDL_PIXELFORMAT_ARGB8888)
                 : NULL;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            Uint32 pa = px(a, x, y), pb = px(b, x, y);
            if (pa != pb)
                diff++;
            if (d) {
                Uint32 g = ((pa >> 16 & 0xFF) + (pa >> 8 & 0xFF) + (pa & 0xFF)) / 3;
                g = 160 + g * 95 / 255;
                ((Uint32 *)((Uint8 *)d->pixels + y * d->pitch))[x] =
                    pa != pb ? 0xFFFF0000u : (0xFF000000u | g << 16 | g << 8 | g);
            }
        }
    if (diff && d)
        IMG_SavePNG(d, argv[3]);
    SDL_FreeSurface(d);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    if (diff) {
        printf("%ld pixels differ\n", diff);
        return 1;
    }
    return 0;
}
