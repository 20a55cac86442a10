/* bench: `paraf --bench`. Renders every approver screen headless at the configured size with the
 * software renderer from fixture data and prints `name value` lines: time to the first frame,
 * per-screen frame time percentiles, scrolling a 100- and a 10,000-item inbox, peak RSS, and how
 * many frames an idle screen renders in 5 seconds; then the outbox against a real hub
 * (bench_outbox.c). A frame = UI build + render + present. */
#include "paraf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define BENCH_FRAMES 120

double paraf_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Handle every queued event (fixture results) and tick the app. */
static void pump(paraf *p)
{
    SDL_Event e;
    for (int guard = 0; guard < 64; guard++) {
        bool any = false;
        while (SDL_PollEvent(&e)) {
            paraf_handle_event(p, &e);
            any = true;
        }
        app_event tick = {.kind = EV_TICK, .now_ms = paraf_now_ms(p)};
        paraf_dispatch(p, &tick);
        if (!any)
            break;
    }
    p->app.dirty = true;
    paraf_frame(p);
}

static void act(paraf *p, int action, int arg)
{
    app_event e = {.kind = EV_ACTION, .action = action, .arg = arg};
    paraf_dispatch(p, &e);
    pump(p);
}

/* Render `frames` frames, each forced dirty; `scroll` px of scrolling per frame when > 0. */
static void measure(paraf *p, const char *name, int frames, float scroll)
{
    static double t[BENCH_FRAMES * 4];
    if (frames > (int)(sizeof t / sizeof t[0]))
        frames = (int)(sizeof t / sizeof t[0]);
    for (int i = 0; i < frames; i++) {
        if (scroll > 0) {
            app_event e = {.kind = EV_SCROLL,
                           .dy = p->app.scroll >= p->app.scroll_max ? -p->app.scroll : scroll};
            paraf_dispatch(p, &e);
        }
        p->app.dirty = true;
        double t0 = paraf_mono_ms();
        paraf_frame(p);
        t[i] = paraf_mono_ms() - t0;
    }
    qsort(t, (size_t)frames, sizeof t[0], cmp);
    if (scroll > 0) {
        printf("%s_p99_ms %.2f\n", name, t[frames * 99 / 100]);
    } else {
        printf("frame_p50_ms.%s %.2f\n", name, t[frames / 2]);
        printf("frame_p99_ms.%s %.2f\n", name, t[frames * 99 / 100]);
    }
}

static void synthetic_inbox(paraf *p, size_t n)
{
    inbox_list_free(&p->app.inbox);
    inbox_row *rows = calloc(n, sizeof *rows);
    if (!rows)
        return;
    for (size_t i = 0; i < n; i++) {
        inbox_row *r = &rows[i];
        snprintf(r->id, sizeof r->id, "itm-bench-%05zu", i);
        r->type = (item_type)(i % ITEM_TYPES);
        r->version = 1;
        snprintf(r->agency_code, sizeof r->agency_code, "BPKAD");
        snprintf(r->agency_name, sizeof r->agency_name, "Badan Pengelola Keuangan dan Aset Daerah");
        snprintf(r->title, sizeof r->title, "SPJ GU nomor %05zu bulan Juni 2020", i + 1);
        snprintf(r->summary, sizeof r->summary, "Pertanggungjawaban ganti uang persediaan %zu", i);
        r->urgency = (item_urgency)(i % 3);
        r->received_at = 1593561600 + (int64_t)i * 60;
        r->deadline = i % 2 ? 1594022400 : 0;
        r->needs_action = true;
    }
    p->app.inbox.rows = rows;
    p->app.inbox.count = n;
    app_event e = {.kind = EV_ACTION, .action = ACT_FILTER, .arg = 1};
    paraf_dispatch(p, &e);
    p->app.scroll = 0;
    paraf_frame(p);
}

static int find_type(const paraf *p, item_type t)
{
    for (size_t i = 0; i < p->app.n_visible; i++)
        if (p->app.inbox.rows[p->app.visible[i]].type == t)
            return (int)i;
    return -1;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* `paraf --bench --profile board`: the board from fixtures at its screen size: the first frame,
 * then 60 s of the real loop showing the board with its clock (pages turn, announcements change,
 * the data is polled from the fixtures every poll interval): the CPU it takes, and peak RSS. */
static int bench_board(paraf *p)
{
    if (board_main_open(p) != 0)
        return 1;
    msg_cmd *c = calloc(1, sizeof *c);
    if (!c)
        return 1;
    c->kind = CMD_START;
    paraf_send(p, c);
    for (int i = 0; i < 8; i++) { /* the start, the first poll and its answer */
        SDL_Event e;
        while (SDL_PollEvent(&e))
            paraf_handle_event(p, &e);
        app_event tick = {.kind = EV_TICK, .now_ms = paraf_now_ms(p)};
        paraf_dispatch(p, &tick);
        paraf_frame(p);
    }
    printf("first_frame_ms %.1f\n", paraf_mono_ms() - p->start_ms);
    printf("screen %dx%d software\n", p->w, p->h);
    double secs = 60;
    const char *env = getenv("PARAF_BENCH_IDLE_S"); /* shorter runs for quick checks */
    if (env && atof(env) >= 1)
        secs = atof(env);
    uint64_t frames0 = p->frames;
    double c0 = cpu_s(), t0 = paraf_mono_ms();
    while (paraf_mono_ms() - t0 < secs * 1000.0) {
        SDL_Event e;
        if (board_next_event(&e, board_wait_ms(p)))
            paraf_handle_event(p, &e);
        app_event tick = {.kind = EV_TICK, .now_ms = paraf_now_ms(p)};
        paraf_dispatch(p, &tick);
        paraf_frame(p);
        board_idle_work(p);
    }
    double wall = (paraf_mono_ms() - t0) / 1000.0;
    printf("board_idle_cpu_pct %.2f\n", 100.0 * (cpu_s() - c0) / wall);
    printf("board_idle_frames %llu\n", (unsigned long long)(p->frames - frames0));
    printf("board_idle_s %.0f\n", wall);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rss_peak_mb %.1f\n", (double)ru.ru_maxrss / 1024.0);
    return 0;
}

int paraf_bench(paraf *p, const char *fixtures_dir)
{
    char dir[600];
    const char *assets = getenv("PARAF_ASSETS");
    snprintf(dir, sizeof dir, "%s", fixtures_dir ? fixtures_dir : "");
    if (!dir[0])
        snprintf(dir, sizeof dir, "%s/fixtures", assets ? assets : PARAF_ASSETS_DIR);
    p->fixed_clock_ms = 1594001700000LL; /* Monday 6 July 2020, 10.15 WITA */
    p->fx = fixture_open(dir, p);
    if (!p->fx)
        return 1;
    if (p->cfg.profile == PROFILE_BOARD) {
        p->fixed_clock_ms = 0; /* real time: the clock, the pages and the polls run */
        return bench_board(p);
    }
    if (p->cfg.profile == PROFILE_FIELD)
        return bench_field(p);
    msg_cmd *c = calloc(1, sizeof *c);
    c->kind = CMD_START;
    paraf_send(p, c);
    pump(p);
    printf("first_frame_ms %.1f\n", paraf_mono_ms() - p->start_ms); /* from the start of main() */
    printf("screen %dx%d software\n", p->w, p->h);
    measure(p, "lock", BENCH_FRAMES, 0);
    for (int i = 0; i < 2 * APP_PIN_LEN; i++) /* set and confirm the PIN */
        act(p, ACT_PIN_DIGIT, (i % APP_PIN_LEN) + 1);
    pump(p);
    act(p, ACT_FILTER, 1);
    measure(p, "inbox", BENCH_FRAMES, 0);
    static const char *const names[ITEM_TYPES] = {
        "detail_revenue",   "detail_audit",      "detail_procurement", "detail_spj",
        "detail_letter_in", "detail_letter_out", "detail_budget"};
    for (int t = 0; t < ITEM_TYPES; t++) {
        int idx = find_type(p, (item_type)t);
        if (idx < 0)
            continue;
        act(p, ACT_OPEN_ITEM, idx);
        pump(p);
        measure(p, names[t], BENCH_FRAMES, 0);
        if (t == ITEM_LETTER_OUT) {
            act(p, ACT_DECIDE, 0); /* sign: passphrase dialog with the keyboard */
            measure(p, "dialog_sign_keyboard", BENCH_FRAMES, 0);
            act(p, ACT_DIALOG_CANCEL, 0);
        }
        if (t == ITEM_LETTER_IN) {
            act(p, ACT_DECIDE, 0);
            pump(p);
            measure(p, "dialog_forward", BENCH_FRAMES, 0);
            act(p, ACT_DIALOG_CANCEL, 0);
        }
        if (t == ITEM_PROCUREMENT) {
            act(p, ACT_DECIDE, 1); /* reject: reason with the keyboard */
            measure(p, "dialog_reject_keyboard", BENCH_FRAMES, 0);
            act(p, ACT_KEY_DONE, 0);
            measure(p, "dialog_reject", BENCH_FRAMES, 0);
            act(p, ACT_DIALOG_CANCEL, 0);
        }
        if (t == ITEM_SPJ) {
            act(p, ACT_DECIDE, 0);
            act(p, ACT_DIALOG_SUBMIT, 0);
            measure(p, "dialog_pin", BENCH_FRAMES, 0);
            act(p, ACT_DIALOG_CANCEL, 0);
            act(p, ACT_OPEN_PAGE, 0);
            pump(p);
            measure(p, "viewer", BENCH_FRAMES, 0);
            act(p, ACT_ZOOM_TOGGLE, 0);
            measure(p, "viewer_zoomed", BENCH_FRAMES, 0);
            act(p, ACT_BACK, 0);
        }
        act(p, ACT_BACK, 0);
    }
    synthetic_inbox(p, 100);
    measure(p, "inbox100_scroll", BENCH_FRAMES * 3, 6.0f * p->uc.scale);
    synthetic_inbox(p, 10000);
    measure(p, "inbox10k_scroll", BENCH_FRAMES * 3, 6.0f * p->uc.scale);

    /* Idle: the real wait of the main loop, nothing happening, for 5 s. */
    p->app.dirty = true;
    paraf_frame(p);
    uint64_t frames0 = p->frames;
    p->fixed_clock_ms = 0; /* real time */
    uint64_t end = SDL_GetTicks64() + 5000;
    while (SDL_GetTicks64() < end) {
        SDL_Event e;
        int timeout = app_animating(&p->app) ? 16 : 1000;
        if (SDL_WaitEventTimeout(&e, timeout))
            paraf_handle_event(p, &e);
        app_event tick = {.kind = EV_TICK, .now_ms = paraf_now_ms(p)};
        paraf_dispatch(p, &tick);
        paraf_frame(p);
    }
    printf("idle_renders_5s %llu\n", (unsigned long long)(p->frames - frames0));
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("rss_peak_mb %.1f\n", (double)ru.ru_maxrss / 1024.0);
    /* Last, so that its hub and worker do not count in the screen figures above. */
    return paraf_bench_outbox();
}
