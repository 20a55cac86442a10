/* bench_field: `paraf --bench --profile field`. The field officer's first frame from fixtures, then
 * the photo pipeline on a 12-megapixel camera JPEG (made by the same generator as the tests,
 * tools/make_photos.c): photo_prepare (probe, decode, resize to 2048 px, orientation, JPEG,
 * SHA-256, fsync) five times, the median as photo_resize_ms, and the peak resident memory while
 * doing it (VmHWM, reset through /proc/self/clear_refs first) as photo_resize_rss_mb. */
#define MAKE_PHOTOS_NO_MAIN
#include "../../tools/make_photos.c"

#include "paraf.h"
#include "photo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static double vm_hwm_mb(void)
{
    char line[256];
    double kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtod(line + 6, NULL);
    if (f)
        fclose(f);
    return kb / 1024;
}

static int cmp_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void pump_field(paraf *p, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        SDL_Event e;
        while (SDL_PollEvent(&e))
            paraf_handle_event(p, &e);
        app_event tick = {.kind = EV_TICK, .now_ms = paraf_now_ms(p)};
        paraf_dispatch(p, &tick);
        paraf_frame(p);
    }
}

int bench_field(paraf *p)
{
    msg_cmd *c = calloc(1, sizeof *c);
    if (!c)
        return 1;
    c->kind = CMD_START;
    paraf_send(p, c);
    pump_field(p, 8); /* the start, the assignments, the first frame */
    printf("first_frame_ms %.1f\n", paraf_mono_ms() - p->start_ms);
    printf("screen %dx%d software\n", p->w, p->h);
    printf("field_assignments %d\n", p->field->list ? p->field->list->n : 0);

    char dir[64] = "/tmp/paraf-bench-photos-XXXXXX", src[128], dst[128];
    if (!mkdtemp(dir) || make_photos_write(dir) != 0) {
        fprintf(stderr, "paraf: bench: cannot write the test photos in %s\n", dir);
        return 1;
    }
    snprintf(src, sizeof src, "%s/big-12mp.jpg", dir);
    snprintf(dst, sizeof dst, "%s/prepared.jpg", dir);
    photo_info info;
    if (photo_probe(src, &info) != PHOTO_OK) {
        fprintf(stderr, "paraf: bench: %s is not a photo\n", src);
        return 1;
    }
    FILE *cr = fopen("/proc/self/clear_refs", "w"); /* "5": reset the peak resident size */
    if (cr) {
        fputs("5", cr);
        fclose(cr);
    }
    double ms[5];
    photo_result res;
    for (int i = 0; i < 5; i++) {
        double t0 = paraf_mono_ms();
        photo_err e = photo_prepare(src, dst, PHOTO_EDGE, PHOTO_QUALITY, &res);
        ms[i] = paraf_mono_ms() - t0;
        if (e != PHOTO_OK) {
            fprintf(stderr, "paraf: bench: photo_prepare: %s\n", photo_err_name(e));
            return 1;
        }
    }
    double hwm = vm_hwm_mb();
    qsort(ms, 5, sizeof ms[0], cmp_ms);
    printf("photo_source %dx%d %.1f MB\n", info.width, info.height, (double)info.file_size / 1e6);
    printf("photo_resize_ms %.1f\n", ms[2]);
    printf("photo_resize_ms_max %.1f\n", ms[4]);
    printf("photo_resize_rss_mb %.1f\n", hwm);
    printf("photo_out %dx%d %.0f kB\n", res.width, res.height, (double)res.bytes / 1024.0);
    static const char *const names[] = {"big-12mp.jpg", "portrait-exif6.jpg", "small-1600.jpg",
                                        "scan.png",     "truncated.jpg",      "huge.png",
                                        "notes.jpg",    "empty.jpg",          "prepared.jpg"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rss_peak_mb %.1f\n", (double)ru.ru_maxrss / 1024.0);
    return 0;
}
