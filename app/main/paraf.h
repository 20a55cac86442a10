/* paraf: the program's own state (the UI thread's world): SDL objects, the renderer of draw
 * lists, the app state, the worker (or the fixture source), gestures and the script runner.
 * Shared by the files of app/main. UI thread only. */
#ifndef PARAF_MAIN_H
#define PARAF_MAIN_H

#include "app.h"
#include "board_app.h"
#include "config.h"
#include "field_app.h"
#include "render.h"
#include "ui.h"
#include "worker.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct script script;
typedef struct display_power display_power;
typedef struct fixture fixture;

typedef struct {
    bool down, dragging, multi;
    int x0, y0, x, y;
    uint32_t t0, t_last;
    float vy, vx;
    char pressed[96];
    uint32_t last_tap_t;
    int last_tap_x, last_tap_y;
    draw_rect area; /* scroll or viewer area when the press began */
    bool in_viewer;
} gesture;

typedef struct paraf {
    paraf_config cfg;
    char config_dir[512];
    bool headless;
    bool quit;
    int exit_code;
    int w, h;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Surface *target; /* headless render target */
    render *rd;
    draw_list dl;
    ui_ctx uc;
    ui_metrics um;
    app_state app;
    worker *wk;
    fixture *fx; /* answers commands from files instead of a hub (goldens, bench) */
    uint32_t result_event;
    int64_t clock_offset_ms; /* script `advance` */
    int64_t fixed_clock_ms;  /* >0: the program clock starts here (goldens) */
    gesture g;
    script *sc;
    char shots_dir[512];
    char current_item[MODEL_ID_MAX]; /* whose attachment images are registered */
    int n_att_keys;
    char att_keys[APP_MAX_PAGES][96];
    uint64_t frames;
    double start_ms; /* monotonic ms at the start of main() */
    int64_t last_minute;
    /* Profile board (board_main.c): its state instead of `app`, the backlight, the watchdog. */
    board_state *board;
    field_state *field; /* profile field (field_main.c): its state instead of `app` */
    char photo_keys[FIELD_PHOTOS_MAX][96]; /* attached photos' thumbnails held by the renderer */
    int n_photo_keys;
    display_power *backlight;
    bool screen_off;         /* applied to the backlight (or rendering stopped) */
    int64_t next_reapply_ms; /* the display state is re-applied every minute */
    int64_t next_watchdog_ms;
    int64_t next_trim_ms; /* free memory back to the system (board_idle_work) */
    uint64_t last_board_frame_ms;
    int64_t board_start_ms; /* program clock at the start: the uptime the admin screen shows */
} paraf;

/* loop.c */
int paraf_video_open(paraf *p);
void paraf_video_close(paraf *p);
int64_t paraf_now_ms(const paraf *p);
void paraf_send(paraf *p, msg_cmd *c);
void paraf_dispatch(paraf *p, const app_event *e);
void paraf_frame(paraf *p); /* build + render when dirty */
void paraf_handle_event(paraf *p, const SDL_Event *e);
int paraf_run(paraf *p);
int paraf_screenshot(paraf *p, const char *path);
void paraf_post_result(void *ctx, msg_result *r); /* worker thread: push as an SDL event */

/* board_main.c */
int board_main_open(paraf *p); /* state, backlight, watchdog READY; -1 on failure */
void board_main_close(paraf *p);
void board_frame(paraf *p);        /* build + render when the board changed; display power */
int board_wait_ms(const paraf *p); /* how long the loop may sleep */
void board_idle_work(paraf *p);    /* watchdog ping */
/* The next event, waiting at most timeout_ms (board_main.c says why not SDL_WaitEventTimeout). */
bool board_next_event(SDL_Event *e, int timeout_ms);
bool board_terminated(void); /* SIGTERM/SIGINT arrived (the only way out but the admin) */

/* field_main.c */
int field_main_open(paraf *p); /* -1: out of memory */
void field_main_close(paraf *p);
void field_before_dispatch(paraf *p);          /* a fresh report id at hand */
void field_on_result(paraf *p, msg_result *r); /* register thumbnails with the renderer */
void field_frame(paraf *p);                    /* build + render when the state changed */

/* script.c */
script *script_load(const char *path, char *err, size_t cap);
void script_free(script *s);
/* Runs the next line when the program is ready; returns 1 while running, 0 when done (all lines
 * passed), -1 on failure (message printed, a screenshot written). */
int script_step(script *s, paraf *p);
bool script_idle_ready(const script *s);
bool script_fast_forwarding(const script *s); /* the loop must not sleep */

/* usage.c: what the process holds (the soak test's resource checks). */
typedef struct {
    long rss_kb, heap_kb;
    int files, tcp, sockets; /* descriptors: files, TCP connections, other sockets */
} proc_usage;
void proc_usage_read(proc_usage *u);
void proc_usage_format(const proc_usage *u, char *out, size_t cap);

/* fixture.c */
fixture *fixture_open(const char *dir, paraf *p);
void fixture_close(fixture *f);
void fixture_send(fixture *f, msg_cmd *c);
/* fixture_field.c: true when it answered c (the caller frees c); *state is its own. */
bool fixture_field_send(const char *dir, void **state, paraf *p, msg_cmd *c);
void fixture_field_close(void *state);

/* bench.c */
double paraf_mono_ms(void);
int paraf_bench(paraf *p, const char *fixtures_dir);
int bench_field(paraf *p); /* bench_field.c: --profile field */

/* bench_outbox.c: enqueue and drain figures against a paraf-hub it starts; 0 when all landed. */
int paraf_bench_outbox(void);

#endif
