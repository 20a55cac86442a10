/* script: runs test scripts through the real event path. Each line becomes SDL events pushed
 * into the queue (taps as mouse down/up on the widget's centre, typing as taps on the on-screen
 * keyboard when it is open), and the next line runs only after those events were handled and
 * the frame redrawn. Lines: tap, drag, type, key, pin, wait, wait-not, wait-file, expect,
 * expect-not, screenshot, advance, fast-forward, sleep, mark-resources, expect-resources
 * (docs/scripts.md). */
#include "paraf.h"

#include <ctype.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCRIPT_LINES 2000
#define SCRIPT_STEPS 512

typedef enum { SUB_DOWN, SUB_MOVE, SUB_UP, SUB_TAP_ID, SUB_TEXT, SUB_REVEAL } sub_kind;

typedef struct {
    sub_kind kind;
    int x, y;
    char arg[320];
} sub_step;

typedef struct {
    int no;
    char text[512];
} script_line;

struct script {
    script_line *lines;
    int n, pc;
    sub_step steps[SCRIPT_STEPS];
    int n_steps, step;
    bool waiting;
    bool wait_gone; /* wait-not: until the text is no longer visible */
    uint64_t wait_deadline;
    char wait_text[256];
    uint64_t sleep_until;
    char wait_file[600]; /* wait-file: until this path exists */
    int64_t ff_until;    /* fast-forward: the program time to reach */
    uint64_t ff_jumps;
    int reveal_tries; /* SUB_REVEAL: scroll steps so far */
    proc_usage mark;  /* mark-resources */
    bool marked;
};

static int fail(paraf *p, script *s, const char *fmt, const char *detail)
    __attribute__((format(printf, 3, 0)));
static int fail(paraf *p, script *s, const char *fmt, const char *detail)
{
    int no = s->pc < s->n ? s->lines[s->pc].no : 0;
    fprintf(stderr, "script line %d: ", no);
    char msg[400];
    /* fmt is always one of this file's literals with one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(msg, sizeof msg, fmt, detail ? detail : "");
#pragma GCC diagnostic pop
    fputs(msg, stderr);
    fputc('\n', stderr);
    if (p->shots_dir[0]) {
        char path[700];
        snprintf(path, sizeof path, "%s/failure-line-%d.png", p->shots_dir, no);
        if (paraf_screenshot(p, path) == 0)
            fprintf(stderr, "script: screenshot of the failure: %s\n", path);
    }
    return -1;
}

script *script_load(const char *path, char *err, size_t cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, cap, "cannot open script %s", path);
        return NULL;
    }
    script *s = calloc(1, sizeof *s);
    s->lines = calloc(SCRIPT_LINES, sizeof *s->lines);
    char buf[600];
    int no = 0;
    while (s->lines && fgets(buf, sizeof buf, f)) {
        no++;
        buf[strcspn(buf, "\r\n")] = '\0';
        char *t = buf;
        while (isspace((unsigned char)*t))
            t++;
        if (!*t || *t == '#')
            continue;
        if (s->n == SCRIPT_LINES) {
            snprintf(err, cap, "%s: more than %d lines", path, SCRIPT_LINES);
            break;
        }
        s->lines[s->n].no = no;
        size_t tl = strlen(t);
        if (tl >= sizeof s->lines[0].text)
            tl = sizeof s->lines[0].text - 1;
        memcpy(s->lines[s->n].text, t, tl);
        s->lines[s->n].text[tl] = '\0';
        s->n++;
    }
    fclose(f);
    if (!s->lines || s->n == 0 || s->n == SCRIPT_LINES) {
        if (!s->n)
            snprintf(err, cap, "%s: no commands", path);
        script_free(s);
        return NULL;
    }
    return s;
}

void script_free(script *s)
{
    if (!s)
        return;
    free(s->lines);
    free(s);
}

/* Quoted argument: "text" with \" and \\ escapes; returns the rest of the line or NULL. */
static const char *quoted(const char *p, char *out, size_t cap)
{
    while (*p == ' ')
        p++;
    if (*p != '"')
        return NULL;
    size_t n = 0;
    for (p++; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        if (n + 1 < cap)
            out[n++] = *p;
    }
    out[n] = '\0';
    return *p == '"' ? p + 1 : NULL;
}

static bool text_visible(const paraf *p, const char *needle)
{
    for (size_t i = 0; i < p->dl.n_cmds; i++) {
        const draw_cmd *c = &p->dl.cmds[i];
        if (c->kind == DRAW_TEXT && strstr(draw_text(&p->dl, c->text_off), needle))
            return true;
    }
    return false;
}

/* The topmost-visible hit whose label (or id, for '#id') matches, first from the top. */
static const draw_hit *find_hit(const paraf *p, const char *what, bool by_id)
{
    const draw_hit *best = NULL;
    for (int pass = 0; pass < 2 && !best; pass++) {
        for (size_t i = 0; i < p->dl.n_hits; i++) {
            const draw_hit *h = &p->dl.hits[i];
            const char *s = draw_text(&p->dl, by_id ? h->id_off : h->label_off);
            bool match = pass == 0 ? strcmp(s, what) == 0 : (!by_id && what[0] && strstr(s, what));
            if (!match)
                continue;
            int cx = h->rect.x + h->rect.w / 2, cy = h->rect.y + h->rect.h / 2;
            if (ui_hit_at(&p->dl, cx, cy) != h)
                continue; /* covered by something above it */
            if (!best || h->rect.y < best->rect.y)
                best = h;
        }
    }
    return best;
}

static void push_mouse(Uint32 type, int x, int y)
{
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.x = x;
        e.motion.y = y;
        e.motion.state = SDL_BUTTON_LMASK;
    } else {
        e.button.button = SDL_BUTTON_LEFT;
        e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        e.button.clicks = 1;
        e.button.x = x;
        e.button.y = y;
    }
    SDL_PushEvent(&e);
}

static void add_step(script *s, sub_kind k, int x, int y, const char *arg)
{
    if (s->n_steps >= SCRIPT_STEPS)
        return;
    sub_step *st = &s->steps[s->n_steps++];
    st->kind = k;
    st->x = x;
    st->y = y;
    int n = snprintf(st->arg, sizeof st->arg, "%s", arg ? arg : "");
    if (n < 0 || (size_t)n >= sizeof st->arg)
        st->arg[0] = '\0'; /* cannot happen: lines are shorter than arg */
}

/* One queued sub-step; returns 0 when done, -1 on failure. */
static int run_step(script *s, paraf *p, const sub_step *st)
{
    switch (st->kind) {
    case SUB_DOWN:
        push_mouse(SDL_MOUSEBUTTONDOWN, st->x, st->y);
        break;
    case SUB_MOVE:
        push_mouse(SDL_MOUSEMOTION, st->x, st->y);
        break;
    case SUB_UP:
        push_mouse(SDL_MOUSEBUTTONUP, st->x, st->y);
        break;
    case SUB_TEXT: {
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_TEXTINPUT;
        size_t al = strlen(st->arg);
        if (al >= sizeof e.text.text)
            al = sizeof e.text.text - 1;
        memcpy(e.text.text, st->arg, al);
        SDL_PushEvent(&e);
        break;
    }
    case SUB_REVEAL: { /* field screens: scroll until the widget is on screen */
        if (find_hit(p, st->arg, true)) {
            s->reveal_tries = 0;
            break;
        }
        if (!p->field || s->reveal_tries > 80 ||
            (s->reveal_tries > 0 && p->field->scroll >= p->field->scroll_max)) {
            s->reveal_tries = 0;
            break; /* the tap that follows reports it */
        }
        /* From the top, then down a step a frame. */
        app_event e = {.kind = EV_SCROLL, .dy = s->reveal_tries == 0 ? -1e6f : 120.0f};
        paraf_dispatch(p, &e);
        s->reveal_tries++;
        s->step--; /* again, after the frame */
        break;
    }
    case SUB_TAP_ID: {
        const draw_hit *h = find_hit(p, st->arg, true);
        if (!h)
            return fail(p, s, "no visible widget with id '%s'", st->arg);
        int cx = h->rect.x + h->rect.w / 2, cy = h->rect.y + h->rect.h / 2;
        push_mouse(SDL_MOUSEBUTTONDOWN, cx, cy);
        push_mouse(SDL_MOUSEBUTTONUP, cx, cy);
        break;
    }
    }
    return 0;
}

/* `type`: through the on-screen keyboard when it is open, else as text input events. */
static int queue_type(script *s, paraf *p, const char *text)
{
    if (!(p->field ? p->field->keyboard : p->app.keyboard)) {
        add_step(s, SUB_TEXT, 0, 0, text);
        return 0;
    }
    for (const char *c = text; *c; c++) {
        char id[16];
        unsigned char ch = (unsigned char)*c;
        if (ch == ' ') {
            add_step(s, SUB_TAP_ID, 0, 0, "key-space");
            continue;
        }
        if (isupper(ch)) {
            add_step(s, SUB_TAP_ID, 0, 0, "key-shift");
            ch = (unsigned char)tolower(ch);
        }
        snprintf(id, sizeof id, "key-%c", ch);
        add_step(s, SUB_TAP_ID, 0, 0, id);
    }
    return 0;
}

/* The program's clock moves ahead by ms (the worker's wall time with it). */
static void clock_ahead(paraf *p, int64_t ms)
{
    p->clock_offset_ms += ms;
    worker_set_clock_skew_ms(p->clock_offset_ms);
}

static int parse_line(script *s, paraf *p, const char *line)
{
    char cmd[32] = "", arg[300];
    int n = 0;
    sscanf(line, "%31s %n", cmd, &n);
    const char *rest = line + n;
    uint64_t now = SDL_GetTicks64();
    if (strcmp(cmd, "tap") == 0) {
        int x, y;
        if (rest[0] == '#') {
            if (p->field) /* the field form is long: a widget below the fold is scrolled to */
                add_step(s, SUB_REVEAL, 0, 0, rest + 1);
            add_step(s, SUB_TAP_ID, 0, 0, rest + 1);
        } else if (rest[0] == '"') {
            if (!quoted(rest, arg, sizeof arg))
                return fail(p, s, "tap needs \"label\", #id or X Y%s", NULL);
            const draw_hit *h = find_hit(p, arg, false);
            if (!h)
                return fail(p, s, "no visible widget labelled \"%s\"", arg);
            add_step(s, SUB_TAP_ID, 0, 0, draw_text(&p->dl, h->id_off));
        } else if (sscanf(rest, "%d %d", &x, &y) == 2) {
            add_step(s, SUB_DOWN, x, y, NULL);
            add_step(s, SUB_UP, x, y, NULL);
        } else {
            return fail(p, s, "tap needs \"label\", #id or X Y%s", NULL);
        }
    } else if (strcmp(cmd, "drag") == 0) {
        int x0, y0, x1, y1;
        if (sscanf(rest, "%d %d %d %d", &x0, &y0, &x1, &y1) != 4)
            return fail(p, s, "drag needs X0 Y0 X1 Y1%s", NULL);
        add_step(s, SUB_DOWN, x0, y0, NULL);
        for (int i = 1; i <= 12; i++)
            add_step(s, SUB_MOVE, x0 + (x1 - x0) * i / 12, y0 + (y1 - y0) * i / 12, NULL);
        add_step(s, SUB_UP, x1, y1, NULL);
    } else if (strcmp(cmd, "type") == 0) {
        if (!quoted(rest, arg, sizeof arg))
            return fail(p, s, "type needs \"text\"%s", NULL);
        return queue_type(s, p, arg);
    } else if (strcmp(cmd, "pin") == 0) {
        for (const char *c = rest; *c; c++) {
            if (*c < '0' || *c > '9')
                continue;
            char id[8];
            snprintf(id, sizeof id, "pin-%c", *c);
            add_step(s, SUB_TAP_ID, 0, 0, id);
        }
    } else if (strcmp(cmd, "close-window") == 0) {
        /* What a window manager sends for the close button or Alt+F4. */
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_WINDOWEVENT;
        e.window.event = SDL_WINDOWEVENT_CLOSE;
        SDL_PushEvent(&e);
        SDL_zero(e);
        e.type = SDL_QUIT;
        SDL_PushEvent(&e);
    } else if (strcmp(cmd, "key") == 0) {
        SDL_Event e;
        SDL_zero(e);
        e.type = SDL_KEYDOWN;
        e.key.keysym.sym = SDL_GetKeyFromName(rest);
        if (e.key.keysym.sym == SDLK_UNKNOWN)
            return fail(p, s, "unknown key '%s'", rest);
        SDL_PushEvent(&e);
    } else if (strcmp(cmd, "wait") == 0 || strcmp(cmd, "wait-not") == 0) {
        const char *after = quoted(rest, s->wait_text, sizeof s->wait_text);
        long ms = after ? strtol(after, NULL, 10) : 0;
        if (!after || ms <= 0)
            return fail(p, s, "wait needs \"text\" and a timeout in ms%s", NULL);
        s->waiting = true;
        s->wait_gone = strcmp(cmd, "wait-not") == 0;
        s->wait_deadline = now + (uint64_t)ms;
    } else if (strcmp(cmd, "expect") == 0 || strcmp(cmd, "expect-not") == 0) {
        if (!quoted(rest, arg, sizeof arg))
            return fail(p, s, "%s needs \"text\"", cmd);
        bool vis = text_visible(p, arg);
        if (vis != (strcmp(cmd, "expect") == 0))
            return fail(p, s, vis ? "\"%s\" is visible" : "\"%s\" is not visible", arg);
    } else if (strcmp(cmd, "screenshot") == 0) {
        char path[800];
        snprintf(path, sizeof path, "%s/%s.png", p->shots_dir[0] ? p->shots_dir : ".", rest);
        if (paraf_screenshot(p, path) != 0)
            return fail(p, s, "cannot write %s", path);
    } else if (strcmp(cmd, "advance") == 0) {
        long ms = strtol(rest, NULL, 10);
        if (ms <= 0)
            return fail(p, s, "advance needs milliseconds%s", NULL);
        clock_ahead(p, ms);
    } else if (strcmp(cmd, "fast-forward") == 0) {
        long long ms = strtoll(rest, NULL, 10);
        if (ms <= 0)
            return fail(p, s, "fast-forward needs milliseconds%s", NULL);
        if (!p->board)
            return fail(p, s, "fast-forward runs the board profile only%s", NULL);
        s->ff_until = paraf_now_ms(p) + ms;
        s->ff_jumps = 0;
        s->waiting = true;
    } else if (strcmp(cmd, "wait-file") == 0) {
        char name[256];
        long ms = 0;
        if (sscanf(rest, "%255s %ld", name, &ms) != 2 || ms <= 0 || strchr(name, '/'))
            return fail(p, s, "wait-file needs a file name and a timeout in ms%s", NULL);
        int fl = snprintf(s->wait_file, sizeof s->wait_file, "%s/%s",
                          p->shots_dir[0] ? p->shots_dir : ".", name);
        if (fl < 0 || (size_t)fl >= sizeof s->wait_file)
            return fail(p, s, "wait-file: the path is too long%s", NULL);
        s->waiting = true;
        s->wait_deadline = now + (uint64_t)ms;
    } else if (strcmp(cmd, "mark-resources") == 0) {
        char text[200];
        proc_usage_read(&s->mark);
        s->marked = true;
        proc_usage_format(&s->mark, text, sizeof text);
        printf("resources: mark %s\n", text);
        fflush(stdout);
    } else if (strcmp(cmd, "expect-resources") == 0) {
        long max_kb = -1, max_tcp = -1;
        if (sscanf(rest, "%ld %ld", &max_kb, &max_tcp) != 2 || !s->marked || max_kb < 0 ||
            max_tcp < 0)
            return fail(p, s, "expect-resources needs a mark, then KIB TCP%s", NULL);
        proc_usage u, *m = &s->mark;
        proc_usage_read(&u);
        char detail[300];
        snprintf(detail, sizeof detail,
                 "rss %ld -> %ld kB (%+ld; heap in use %ld -> %ld kB), files %d -> %d, TCP "
                 "connections %d -> %d (at most %ld), other sockets %d -> %d",
                 m->rss_kb, u.rss_kb, u.rss_kb - m->rss_kb, m->heap_kb, u.heap_kb, m->files,
                 u.files, m->tcp, u.tcp, max_tcp, m->sockets, u.sockets);
        printf("resources: %s\n", detail);
        fflush(stdout);
        if (u.rss_kb < 0 || m->rss_kb < 0 || u.rss_kb - m->rss_kb > max_kb || u.files > m->files ||
            u.tcp > max_tcp || u.sockets > m->sockets)
            return fail(p, s, "resources grew: %s", detail);
    } else if (strcmp(cmd, "sleep") == 0) {
        long ms = strtol(rest, NULL, 10);
        if (ms < 0)
            return fail(p, s, "sleep needs milliseconds%s", NULL);
        s->sleep_until = now + (uint64_t)ms;
    } else {
        return fail(p, s, "unknown command '%s'", cmd);
    }
    return 0;
}

/* One jump of fast-forward: while the board waits for the hub, real time passes; when it does
 * not, the clock jumps to the next moment the board acts by itself (a poll, a heartbeat), so a
 * week of polling against a real hub takes minutes. The frame of each moment is drawn. */
static int fast_forward(script *s, paraf *p)
{
    const board_state *b = p->board;
    int64_t now = paraf_now_ms(p);
    if (now >= s->ff_until) {
        printf("fast-forward: %llu jumps, %llu polls, %llu heartbeats\n",
               (unsigned long long)s->ff_jumps, (unsigned long long)b->polls,
               (unsigned long long)b->heartbeats);
        fflush(stdout);
        s->ff_until = 0;
        s->waiting = false;
        s->pc++;
        return s->pc < s->n ? 1 : 0;
    }
    if (b->polling)
        return 1;
    int64_t next = s->ff_until;
    if (b->next_poll_ms > now && b->next_poll_ms < next)
        next = b->next_poll_ms;
    if (b->next_heartbeat_ms > now && b->next_heartbeat_ms < next)
        next = b->next_heartbeat_ms;
    clock_ahead(p, next - now);
    s->ff_jumps++;
    return 1;
}

bool script_fast_forwarding(const script *s)
{
    return s && s->ff_until != 0;
}

int script_step(script *s, paraf *p)
{
    /* Let the events of the last step be handled and drawn first. */
    SDL_PumpEvents();
    if ((p->field   ? p->field->dirty
         : p->board ? p->board->dirty
                    : p->app.dirty) ||
        SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0)
        return 1;
    uint64_t now = SDL_GetTicks64();
    if (s->sleep_until > now)
        return 1;
    if (s->waiting && s->ff_until)
        return fast_forward(s, p);
    if (s->waiting && s->wait_file[0]) {
        struct stat st;
        if (stat(s->wait_file, &st) == 0) {
            s->wait_file[0] = '\0';
            s->waiting = false;
            s->pc++;
        } else if (now > s->wait_deadline) {
            return fail(p, s, "waited in vain for the file %s", s->wait_file);
        }
        return 1;
    }
    if (s->waiting) {
        if (text_visible(p, s->wait_text) != s->wait_gone) {
            s->waiting = false;
            s->pc++;
        } else if (now > s->wait_deadline) {
            return fail(p, s, s->wait_gone ? "\"%s\" stayed visible" : "waited in vain for \"%s\"",
                        s->wait_text);
        }
        return 1;
    }
    if (s->step < s->n_steps) {
        if (run_step(s, p, &s->steps[s->step++]) != 0)
            return -1;
        return 1;
    }
    if (s->n_steps) { /* a multi-step line finished */
        s->n_steps = s->step = 0;
        s->pc++;
        return s->pc < s->n ? 1 : 0;
    }
    if (s->pc >= s->n)
        return 0; /* reached only after a trailing sleep has passed (checked above) */
    if (parse_line(s, p, s->lines[s->pc].text) != 0)
        return -1;
    if (!s->waiting && !s->n_steps)
        s->pc++;
    /* A last-line sleep still has to pass before the script ends. */
    return s->pc < s->n || s->n_steps || s->waiting || s->sleep_until > SDL_GetTicks64() ? 1 : 0;
}
