/* Tests of the field officer's screens (app/ui/ui_field*.c) on their draw lists, without a window:
 * text is measured by a fake (bytes times the size), so layouts are deterministic. For a sample
 * state of every screen (the list with each report state, the form with every kind of field and
 * every verdict, its keyboards, the picker with skipped files, the sent reports with a progress
 * bar): every hit region is a glove target (76 dp, 12 mm) at scale 1 and 2, in landscape and
 * portrait; the words are there; the script ids are there; no text is smaller than 17 dp; and in
 * the sunlight theme every text is at least 7:1 against what it is drawn on (4.5:1 in the normal
 * theme), computed from the list's colours as WCAG does. */
#include "ui_field.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define T0 1594001700LL /* Monday 6 July 2020 02:15 UTC, 10.15 WITA */

/* ---- a fake of the platform's text metrics ---- */

static const float size_dp[TEXT_SIZES] = {14, 17, 22, 32};

static int fake_width(void *ctx, const char *text, size_t len, draw_size size, draw_weight w)
{
    (void)text;
    float scale = *(const float *)ctx;
    float per = size_dp[size] * (w == FONT_BOLD ? 0.58f : 0.54f);
    return (int)((float)len * per * scale + 0.5f);
}

static int fake_line(void *ctx, draw_size size)
{
    return (int)(size_dp[size] * 1.36f * *(const float *)ctx + 0.5f);
}

typedef struct {
    float scale;
    ui_ctx c;
    draw_list l;
    ui_field_metrics m;
} rig;

static void rig_init(rig *g, int w, int h, float scale)
{
    memset(g, 0, sizeof *g);
    g->scale = scale;
    g->c.scale = scale;
    g->c.w = w;
    g->c.h = h;
    g->c.measure = (draw_measure){&g->scale, fake_width, fake_line};
    draw_list_init(&g->l);
}

/* ---- a sample state ---- */

static void cp(char *d, size_t cap, const char *s)
{
    snprintf(d, cap, "%s", s);
}

static form_field *add_field(field_assignment *a, const char *key, field_kind k, bool req)
{
    form_field *f = &a->form[a->n_form++];
    memset(f, 0, sizeof *f);
    cp(f->key, sizeof f->key, key);
    snprintf(f->label, sizeof f->label, "Isian %s", key);
    f->kind = k;
    f->required = req;
    return f;
}

static field_assignment *add_assignment(field_list *l, const char *id, int64_t due, bool started)
{
    field_assignment *a = &l->a[l->n++];
    memset(a, 0, sizeof *a);
    cp(a->id, sizeof a->id, id);
    snprintf(a->title, sizeof a->title, "Tugas %s di lapangan", id);
    cp(a->agency_name, sizeof a->agency_name, "Badan Pendapatan Daerah Provinsi Bali");
    cp(a->place, sizeof a->place, "Instalasi pengambilan air");
    cp(a->address, sizeof a->address, "Jalan Raya Kedewatan, Ubud, Gianyar");
    cp(a->instructions, sizeof a->instructions, "Periksa meter air dan catat angkanya.");
    a->lat = -8.4862;
    a->lon = 115.2471;
    a->due = due;
    a->started = started;
    return a;
}

static field_report *add_report(field_state *s, const char *aid, report_state st)
{
    field_report *r = &s->reports[s->n_reports++];
    memset(r, 0, sizeof *r);
    snprintf(r->report_id, sizeof r->report_id, "00000000-0000-4000-8000-%012d", s->n_reports);
    cp(r->assignment_id, sizeof r->assignment_id, aid);
    r->state = st;
    r->created_at = T0 - 3600;
    r->updated_at = T0 - 600;
    return r;
}

static void add_photo(field_report *r, const char *field, const char *name, int64_t bytes)
{
    field_photo *p = &r->photos[r->n_photos++];
    memset(p, 0, sizeof *p);
    cp(p->name, sizeof p->name, name);
    cp(p->field, sizeof p->field, field);
    snprintf(p->source, sizeof p->source, "IMG_%s", name);
    p->bytes = bytes;
    p->width = 2048;
    p->height = 1536;
}

/* Eight assignments: with each report state (draft, waiting, sending 45%, sent, rejected) and
 * without a report (started or new); the first has a field of every kind. */
static void sample(field_state *s)
{
    tz_info tz;
    assert_true(tz_lookup("Asia/Makassar", &tz));
    field_app_init(s, LANG_ID, &tz, 60, 120, 50);
    s->now_ms = 5000000;
    s->wall_offset_s = T0 - 5000;
    s->synced_at = T0 - 33 * 60;
    s->fix = (gps_fix){true, -8.48617, 115.24702, 12.0, T0 - 2, GPS_MODE_3D, T0 - 1};
    s->gps_connected = true;
    s->list = calloc(1, sizeof *s->list);
    s->reports = calloc(8, sizeof *s->reports);
    assert_non_null(s->list);
    assert_non_null(s->reports);
    field_assignment *a = add_assignment(s->list, "tgs-001", T0 + 2 * 86400, false);
    a->priority = FIELD_PRIO_HIGH;
    form_field *f = add_field(a, "angka", FK_NUMBER, true);
    cp(f->unit, sizeof f->unit, "m\xC2\xB3");
    f->has_min = true;
    f = add_field(a, "persen", FK_NUMBER, true);
    cp(f->unit, sizeof f->unit, "%");
    f->has_min = f->has_max = true;
    f->max = 100;
    f = add_field(a, "kondisi", FK_CHOICE, true);
    f->n_choices = 3;
    cp(f->choices[0], sizeof f->choices[0], "Berfungsi baik");
    cp(f->choices[1], sizeof f->choices[1], "Rusak");
    cp(f->choices[2], sizeof f->choices[2], "Segel terbuka");
    f = add_field(a, "temuan", FK_MULTI, false);
    f->n_choices = 2;
    cp(f->choices[0], sizeof f->choices[0], "Pipa bypass");
    cp(f->choices[1], sizeof f->choices[1], "Kebocoran");
    add_field(a, "segel", FK_YESNO, true);
    add_field(a, "tanggal", FK_DATE, true);
    f = add_field(a, "foto", FK_PHOTO, true);
    f->min_photos = 3;
    f->max_photos = 6;
    add_field(a, "lokasi", FK_LOCATION, true);
    add_field(a, "catatan", FK_TEXT, true);
    add_field(a, "nilai", FK_NUMBER, false);
    add_field(a, "kunjungan", FK_DATE, false);
    add_assignment(s->list, "tgs-002", T0 + 3600, true); /* due today */
    add_assignment(s->list, "tgs-003", T0 - 3600, true); /* overdue */
    add_assignment(s->list, "tgs-004", T0 + 86400, false);
    add_assignment(s->list, "tgs-005", T0 + 3 * 86400, false);
    add_assignment(s->list, "tgs-006", T0 + 4 * 86400, false);
    add_assignment(s->list, "tgs-007", T0 + 5 * 86400, false);
    add_assignment(s->list, "tgs-008", T0 + 6 * 86400, false); /* no report, not started */
    add_report(s, "tgs-001", REPORT_DRAFT);
    add_report(s, "tgs-004", REPORT_WAITING);
    field_report *r = add_report(s, "tgs-005", REPORT_SENDING);
    add_photo(r, "foto", "p01.jpg", 1000000);
    add_photo(r, "foto", "p02.jpg", 1000000);
    r->files_done = 1;
    r->bytes_done = 350000; /* 1.35 of 3 MB: 45%, "Mengirim foto 2 dari 3" */
    add_photo(r, "foto", "p03.jpg", 1000000);
    add_report(s, "tgs-006", REPORT_SENT);
    r = add_report(s, "tgs-007", REPORT_REJECTED);
    cp(r->code, sizeof r->code, "unknown_assignment");
}

/* The form of tgs-001, partly answered. */
static void open_form(field_state *s)
{
    s->screen = FS_FORM;
    s->cur = 0;
    field_report *r = &s->draft;
    *r = s->reports[0];
    field_answer *x = field_answer_for(r, "angka");
    cp(x->text, sizeof x->text, "-4");
    x->set = true;
    x = field_answer_for(r, "kondisi");
    x->chosen = 1;
    x->set = true;
    x = field_answer_for(r, "tanggal");
    cp(x->text, sizeof x->text, "2020-07-06");
    x->set = true;
    x = field_answer_for(r, "lokasi");
    x->loc = s->fix;
    x->set = true;
    add_photo(r, "foto", "p01-3f2a9c.jpg", 1800000);
    s->reports[0] = *r;
}

static void free_state(field_state *s)
{
    field_app_deinit(s);
}

/* ---- looking at a frame ---- */

static bool has_text(const draw_list *l, const char *text)
{
    for (size_t i = 0; i < l->n_cmds; i++)
        if (l->cmds[i].kind == DRAW_TEXT && strstr(draw_text(l, l->cmds[i].text_off), text))
            return true;
    return false;
}

static const draw_hit *hit(const draw_list *l, const char *id)
{
    for (size_t i = 0; i < l->n_hits; i++)
        if (strcmp(draw_text(l, l->hits[i].id_off), id) == 0)
            return &l->hits[i];
    return NULL;
}

/* Every hit region at least 76 dp both ways, and on the screen. */
static void check_hits(const rig *g, const char *what)
{
    int min = (int)(UI_FIELD_TARGET_DP * g->scale + 0.5f);
    for (size_t i = 0; i < g->l.n_hits; i++) {
        draw_rect r = g->l.hits[i].rect;
        if (r.w < min || r.h < min)
            fail_msg("%s at scale %.0f: hit '%s' is %dx%d px, less than %d", what, g->scale,
                     draw_text(&g->l, g->l.hits[i].id_off), r.w, r.h, min);
        if (r.x < 0 || r.y < 0 || r.x + r.w > g->c.w || r.y + r.h > g->c.h)
            fail_msg("%s: hit '%s' leaves the screen", what, draw_text(&g->l, g->l.hits[i].id_off));
    }
}

static double channel(uint8_t v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(draw_color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

static double contrast(draw_color a, draw_color b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* Every text against the last opaque fill under its centre; no text under 17 dp. */
static void check_text(const rig *g, double min_ratio, const char *what)
{
    const draw_list *l = &g->l;
    size_t texts = 0;
    for (size_t k = 0; k < l->n_cmds; k++) {
        const draw_cmd *t = &l->cmds[k];
        if (t->kind != DRAW_TEXT)
            continue;
        texts++;
        const char *s = draw_text(l, t->text_off);
        if (t->size < TEXT_BODY)
            fail_msg("%s: '%s' is TEXT_SMALL", what, s);
        assert_int_equal(t->color.a, 255);
        int cx = t->rect.x + t->rect.w / 2, cy = t->rect.y + t->rect.h / 2;
        draw_color bg = {0, 0, 0, 0};
        for (size_t j = k; j-- > 0;) {
            const draw_cmd *b = &l->cmds[j];
            if (b->kind == DRAW_RECT && b->color.a == 255 && cx >= b->rect.x &&
                cx < b->rect.x + b->rect.w && cy >= b->rect.y && cy < b->rect.y + b->rect.h) {
                bg = b->color;
                break;
            }
        }
        assert_int_equal(bg.a, 255); /* every text sits on an opaque fill */
        double c = contrast(t->color, bg);
        if (c < min_ratio)
            fail_msg("%s: '%s' has contrast %.2f:1 (#%02X%02X%02X on #%02X%02X%02X)", what, s, c,
                     t->color.r, t->color.g, t->color.b, bg.r, bg.g, bg.b);
    }
    assert_true(texts > 0);
}

/* Builds the frame and checks it; with `all`, scrolls through the whole screen, checking each
 * position, and collects every text seen into seen (for the words' tests). */
static void frame(rig *g, field_state *s, const char *what, char *seen, size_t cap)
{
    int start = s->scroll;
    for (int pass = 0; pass < 40; pass++) {
        ui_field_build_metrics(s, &g->c, &g->l, &g->m);
        check_hits(g, what);
        check_text(g, s->sun ? 7.0 : 4.5, what);
        assert_false(g->l.oom);
        for (size_t k = 0; seen && k < g->l.n_cmds; k++) {
            if (g->l.cmds[k].kind != DRAW_TEXT)
                continue;
            size_t n = strlen(seen);
            snprintf(seen + n, cap - n, "%s|", draw_text(&g->l, g->l.cmds[k].text_off));
        }
        if (!seen || g->m.scroll >= g->m.scroll_max || s->keyboard)
            break;
        s->scroll = g->m.scroll + (g->m.scroll_area.h > 0 ? g->m.scroll_area.h / 2 : 1);
    }
    s->scroll = start;
}

/* Every screen and state, in both themes, at scale 1 and 2, landscape and portrait. */
static void test_glove_targets_and_contrast(void **state)
{
    (void)state;
    static const struct {
        int w, h;
        float scale;
    } sizes[] = {{1280, 800, 1}, {2560, 1600, 2}, {800, 1280, 1}, {1920, 1200, 1.5f}};
    char *seen = malloc(1 << 20);
    assert_non_null(seen);
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        rig g;
        rig_init(&g, sizes[z].w, sizes[z].h, sizes[z].scale);
        for (int sun = 0; sun < 2; sun++) {
            field_state s;
            sample(&s);
            s.sun = sun;
            seen[0] = '\0';
            frame(&g, &s, "list", seen, 1 << 20);
            open_form(&s);
            s.show_all = true;
            field_validate(&s.list->a[0], &s.draft, s.verdicts, field_app_today(&s), T0, 120, 50);
            frame(&g, &s, "form", seen, 1 << 20);
            for (int i = 0; i < s.list->a[0].n_form; i++) {
                field_kind k = s.list->a[0].form[i].kind;
                if (k != FK_TEXT && k != FK_NUMBER && k != FK_DATE)
                    continue;
                s.keyboard = true;
                s.focus = i;
                s.shift = i % 2;
                frame(&g, &s, "form with keyboard", seen, 1 << 20);
                /* The field typed into is in view, above the keyboard. */
                const draw_hit *h = hit(&g.l, "keyboard");
                assert_non_null(h);
                char id[64];
                snprintf(id, sizeof id, "field-%s", s.list->a[0].form[i].key);
                const draw_hit *fh = hit(&g.l, id);
                assert_non_null(fh);
                assert_true(fh->rect.y + fh->rect.h <= h->rect.y);
            }
            s.keyboard = false;
            s.focus = -1;
            s.draft.state = REPORT_SENDING; /* read-only */
            s.reports[0] = s.draft;
            frame(&g, &s, "read-only form", seen, 1 << 20);
            assert_null(hit(&g.l, "submit"));
            s.draft.state = REPORT_DRAFT;
            s.reports[0] = s.draft;
            s.screen = FS_PICKER;
            s.picker_field = 6;
            s.picks = calloc(FIELD_PICKS_MAX, sizeof *s.picks);
            assert_non_null(s.picks);
            s.n_picks = 30;
            for (int i = 0; i < s.n_picks; i++) {
                snprintf(s.picks[i].name, sizeof s.picks[i].name, "IMG_20200706_0945%02d.jpg", i);
                s.picks[i].width = 4000;
                s.picks[i].height = 3000;
                s.thumb_ready[i] = (char)(i % 4 == 0 ? THUMB_ASKED : THUMB_READY);
            }
            s.picks[3].problem = FP_NOT_IMAGE;
            s.picks[4].problem = FP_TOO_LARGE;
            s.picks[4].width = s.picks[4].height = 30000;
            s.selected[0] = 0x26;
            s.n_selected = 3;
            frame(&g, &s, "picker", seen, 1 << 20);
            s.preparing = 2;
            frame(&g, &s, "picker preparing", seen, 1 << 20);
            s.screen = FS_REPORTS;
            frame(&g, &s, "reports", seen, 1 << 20);
            free_state(&s);
        }
        draw_list_deinit(&g.l);
    }
    free(seen);
}

/* ---- the words of each screen ---- */

static char SEEN[1 << 20];

static void see(field_state *s, float scale)
{
    rig g;
    rig_init(&g, (int)(1280 * scale), (int)(800 * scale), scale);
    SEEN[0] = '\0';
    frame(&g, s, "words", SEEN, sizeof SEEN);
    draw_list_deinit(&g.l);
}

static void expect(const char *text)
{
    if (!strstr(SEEN, text))
        fail_msg("'%s' not shown; seen: %.2000s", text, SEEN);
}

static void test_list_words(void **state)
{
    (void)state;
    field_state s;
    sample(&s);
    see(&s, 1);
    expect("Tugas Lapangan");
    expect("Diperbarui 09.42 WITA");
    expect("Lokasi \xC2\xB1"
           "12 m");
    expect("Laporan saya \xC2\xB7 2 menunggu");
    expect("Baru");
    expect("Dikerjakan");
    expect("Draf tersimpan");
    expect("Menunggu jaringan");
    expect("Mengirim\xE2\x80\xA6 45%");
    expect("Terkirim");
    expect("Ditolak server");
    expect("Prioritas tinggi");
    expect("Batas: Rabu, 8 Juli, 10.15 WITA");
    expect("Batas: hari ini, 11.15 WITA");
    expect("Lewat batas: Senin, 6 Juli, 09.15 WITA");
    expect("Batas: besok, 10.15 WITA");
    /* Offline with the cache; the location gone old. */
    s.net = NET_OFFLINE;
    s.fix.received_at = s.fix.fix_time = T0 - 600;
    see(&s, 1);
    expect("Tidak terhubung \xC2\xB7 data tersimpan 09.42 WITA");
    expect("Lokasi lama");
    s.fix.received_at = s.fix.fix_time = T0;
    s.fix.accuracy_m = 180;
    see(&s, 1);
    expect("Lokasi kurang akurat (\xC2\xB1"
           "180 m)");
    s.fix.valid = false;
    see(&s, 1);
    expect("Lokasi tidak tersedia");
    /* Never loaded, offline: says so and offers a retry; loading; nothing to do. */
    field_list *keep = s.list;
    s.list = NULL;
    see(&s, 1);
    expect("Tugas belum dapat dimuat");
    s.fetching = true;
    see(&s, 1);
    expect("Memuat tugas");
    s.list = keep;
    int n = s.list->n;
    s.list->n = 0;
    s.fetching = false;
    see(&s, 1);
    expect("Tidak ada tugas");
    s.list->n = n;
    /* The toast, and the clock that ends it. */
    cp(s.toast, sizeof s.toast, "Laporan disimpan untuk dikirim");
    s.toast_until_ms = s.now_ms + 3000;
    see(&s, 1);
    expect("Laporan disimpan untuk dikirim");
    assert_int_equal(ui_field_next_change_ms(&s), s.now_ms + 3000);
    s.now_ms += 3000;
    see(&s, 1);
    assert_null(strstr(SEEN, "Laporan disimpan untuk dikirim"));
    assert_true(ui_field_next_change_ms(&s) > s.now_ms);
    assert_true(ui_field_next_change_ms(&s) <= s.now_ms + 60000);
    /* English. */
    s.lang = LANG_EN;
    see(&s, 1);
    expect("Field assignments");
    expect("Refused by the server");
    free_state(&s);
}

static void test_form_words(void **state)
{
    (void)state;
    field_state s;
    sample(&s);
    open_form(&s);
    /* Nothing touched: no messages yet. */
    field_validate(&s.list->a[0], &s.draft, s.verdicts, field_app_today(&s), T0, 120, 50);
    see(&s, 1);
    expect("Tugas tgs-001 di lapangan");
    expect("Periksa meter air");
    expect("Isian angka");
    expect("Wajib");
    expect("m\xC2\xB3");
    expect("Paling kecil 0 m\xC2\xB3"); /* the range hint */
    expect("Antara 0 dan 100 %");
    expect("Berfungsi baik");
    expect("Ya|");
    expect("Tidak|");
    expect("Hari ini");
    expect("Senin, 6 Juli 2020");
    expect("1 dari minimal 3 foto");
    expect("Tambah foto");
    expect("p01-3f2a9c.jpg");
    expect("Lintang -8,48617 \xC2\xB7 Bujur 115,24702");
    expect("\xC2\xB1"
           "12 m \xC2\xB7 diambil 10.14 WITA");
    expect("Ambil ulang");
    expect("Kirim laporan");
    expect("Draf tersimpan 10.05 WITA");
    assert_null(strstr(SEEN, "Wajib diisi"));
    /* Every verdict, in words, once shown. */
    s.show_all = true;
    static const struct {
        int field;
        field_verdict v;
        const char *text;
    } cases[] = {
        {0, FV_BELOW_MIN, "Paling kecil 0 m\xC2\xB3"},
        {1, FV_ABOVE_MAX, "Paling besar 100 %"},
        {0, FV_NOT_NUMBER, "Bukan angka"},
        {1, FV_TOO_MANY_DECIMALS, "Harus bilangan bulat"},
        {2, FV_REQUIRED, "Wajib diisi: pilih salah satu"},
        {4, FV_REQUIRED, "Wajib diisi: pilih Ya atau Tidak"},
        {5, FV_BAD_DATE, "Tanggal tidak valid"},
        {5, FV_FUTURE_DATE, "Tanggal belum terjadi"},
        {6, FV_TOO_FEW_PHOTOS, "Perlu minimal 3 foto"},
        {6, FV_TOO_MANY_PHOTOS, "Paling banyak 6 foto"},
        {7, FV_LOCATION_OLD, "Lokasi sudah lama, ambil ulang"},
        {7, FV_LOCATION_INACCURATE,
         "Lokasi kurang akurat (\xC2\xB1"
         "12 m), ambil ulang"},
        {8, FV_REQUIRED, "Wajib diisi"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(s.verdicts, 0, sizeof s.verdicts);
        s.verdicts[cases[i].field] = cases[i].v;
        see(&s, 1);
        expect(cases[i].text);
    }
    memset(s.verdicts, 0, sizeof s.verdicts);
    s.verdicts[0] = FV_NOT_NUMBER;
    s.verdicts[1] = FV_ABOVE_MAX;
    s.verdicts[4] = FV_REQUIRED;
    see(&s, 1);
    expect("2 isian perlu diperbaiki, 1 belum diisi");
    /* A message shows for a touched field without show_all. */
    s.show_all = false;
    s.touched = 1u << 4;
    see(&s, 1);
    expect("Wajib diisi: pilih Ya atau Tidak");
    assert_null(strstr(SEEN, "Bukan angka"));
    s.save_failed = true;
    see(&s, 1);
    expect("Belum tersimpan \xC2\xB7 penyimpanan penuh");
    s.save_failed = false;
    /* A save the worker has not confirmed yet: not "saved". */
    s.save_seq = 5;
    s.saved_seq = 4;
    see(&s, 1);
    expect("Menyimpan\xE2\x80\xA6");
    assert_null(strstr(SEEN, "Draf tersimpan"));
    s.saved_seq = 5;
    see(&s, 1);
    expect("Draf tersimpan");
    /* Submitted: read-only, with its state instead of the button. */
    s.draft.state = REPORT_WAITING;
    s.reports[0] = s.draft;
    see(&s, 1);
    expect("Menunggu jaringan");
    expect("dikirim otomatis saat ada jaringan");
    assert_null(strstr(SEEN, "Kirim laporan"));
    assert_null(strstr(SEEN, "Tambah foto"));
    free_state(&s);
}

/* The script ids of docs/scripts.md, with the actions and args field_app.h defines. */
static void test_hit_ids(void **state)
{
    (void)state;
    rig g;
    rig_init(&g, 1280, 800, 1);
    field_state s;
    sample(&s);
    ui_field_build(&s, &g.c, &g.l);
    const draw_hit *h = hit(&g.l, "assignment-tgs-001");
    assert_non_null(h);
    assert_int_equal(h->action, FIELD_ACT_OPEN);
    assert_int_equal(h->arg, 0);
    assert_int_equal(hit(&g.l, "reports")->action, FIELD_ACT_REPORTS);
    assert_int_equal(hit(&g.l, "refresh")->action, FIELD_ACT_REFRESH);
    assert_int_equal(hit(&g.l, "theme")->action, FIELD_ACT_THEME);
    open_form(&s);
    static const struct {
        const char *id;
        int action, arg;
    } form[] = {
        {"back", FIELD_ACT_BACK, 0},
        {"field-angka", FIELD_ACT_EDIT, 0},
        {"choice-kondisi-2", FIELD_ACT_CHOICE, 2 * 32 + 2},
        {"choice-temuan-1", FIELD_ACT_CHOICE, 3 * 32 + 1},
        {"yes-segel", FIELD_ACT_YES, 4},
        {"no-segel", FIELD_ACT_NO, 4},
        {"date-prev-tanggal", FIELD_ACT_DATE_PREV, 5},
        {"date-today-tanggal", FIELD_ACT_DATE_TODAY, 5},
        {"date-next-tanggal", FIELD_ACT_DATE_NEXT, 5},
        {"photo-remove-0", FIELD_ACT_PHOTO_REMOVE, 0},
        {"photos-foto", FIELD_ACT_PHOTOS, 6},
        {"locate-lokasi", FIELD_ACT_LOCATE, 7},
        {"field-catatan", FIELD_ACT_EDIT, 8},
        {"submit", FIELD_ACT_SUBMIT, 0},
    };
    for (size_t i = 0; i < sizeof form / sizeof form[0]; i++) {
        bool found = false;
        for (s.scroll = 0; !found && s.scroll < 8000; s.scroll += 200) {
            ui_field_build_metrics(&s, &g.c, &g.l, &g.m);
            h = hit(&g.l, form[i].id);
            found = h != NULL;
        }
        if (!found)
            fail_msg("no hit '%s' on the form", form[i].id);
        assert_int_equal(h->action, form[i].action);
        assert_int_equal(h->arg, form[i].arg);
    }
    s.scroll = 0;
    s.keyboard = true;
    s.focus = 8; /* text: letters */
    ui_field_build(&s, &g.c, &g.l);
    assert_int_equal(hit(&g.l, "key-a")->action, ACT_KEY_CHAR);
    assert_int_equal(hit(&g.l, "key-a")->arg, 'a');
    assert_int_equal(hit(&g.l, "key-shift")->action, ACT_KEY_SHIFT);
    assert_int_equal(hit(&g.l, "key-space")->action, ACT_KEY_SPACE);
    assert_int_equal(hit(&g.l, "key-backspace")->action, ACT_KEY_BACKSPACE);
    assert_int_equal(hit(&g.l, "key-done")->action, FIELD_ACT_KEYBOARD_DONE);
    assert_null(hit(&g.l, "submit")); /* the keyboard replaces the bar */
    s.focus = 0;                      /* a whole number from 0: digits, no comma, no minus */
    ui_field_build(&s, &g.c, &g.l);
    assert_non_null(hit(&g.l, "key-7"));
    assert_null(hit(&g.l, "key-a"));
    assert_null(hit(&g.l, "key-,"));
    assert_null(hit(&g.l, "key--"));
    s.focus = 5; /* a date: the dash */
    ui_field_build(&s, &g.c, &g.l);
    assert_non_null(hit(&g.l, "key--"));
    s.keyboard = false;
    s.focus = -1;
    s.screen = FS_PICKER;
    s.picks = calloc(FIELD_PICKS_MAX, sizeof *s.picks);
    assert_non_null(s.picks);
    s.n_picks = 3;
    cp(s.picks[0].name, sizeof s.picks[0].name, "a.jpg");
    cp(s.picks[1].name, sizeof s.picks[1].name, "b.txt");
    s.picks[1].problem = FP_NOT_IMAGE;
    cp(s.picks[2].name, sizeof s.picks[2].name, "c.jpg");
    s.selected[0] = 1;
    s.n_selected = 1;
    ui_field_build(&s, &g.c, &g.l);
    assert_int_equal(hit(&g.l, "pick-2")->action, FIELD_ACT_PICK);
    assert_int_equal(hit(&g.l, "pick-2")->arg, 2);
    assert_null(hit(&g.l, "pick-1")); /* skipped: not tappable */
    assert_int_equal(hit(&g.l, "attach")->action, FIELD_ACT_PICK_ATTACH);
    assert_int_equal(hit(&g.l, "back")->action, FIELD_ACT_BACK);
    assert_true(has_text(&g.l, "Lampirkan 1 foto"));
    assert_true(has_text(&g.l, "Bukan gambar"));
    s.n_selected = 0;
    s.selected[0] = 0;
    ui_field_build(&s, &g.c, &g.l);
    assert_null(hit(&g.l, "attach")); /* nothing to attach */
    s.screen = FS_REPORTS;
    ui_field_build(&s, &g.c, &g.l);
    assert_int_equal(hit(&g.l, "send-now")->action, FIELD_ACT_SEND_NOW);
    assert_int_equal(hit(&g.l, "back")->action, FIELD_ACT_BACK);
    free_state(&s);
    draw_list_deinit(&g.l);
}

static void test_picker_and_reports_words(void **state)
{
    (void)state;
    field_state s;
    sample(&s);
    open_form(&s);
    s.screen = FS_PICKER;
    s.picker_field = 6;
    s.picks = calloc(FIELD_PICKS_MAX, sizeof *s.picks);
    assert_non_null(s.picks);
    static const field_photo_problem probs[] = {FP_OK,     FP_NOT_IMAGE, FP_UNSUPPORTED,
                                                FP_BROKEN, FP_TOO_LARGE, FP_UNREADABLE};
    s.n_picks = 6;
    for (int i = 0; i < 6; i++) {
        snprintf(s.picks[i].name, sizeof s.picks[i].name, "f%d.jpg", i);
        s.picks[i].problem = probs[i];
    }
    s.picks[4].width = s.picks[4].height = 30000;
    s.preparing = 2;
    see(&s, 1);
    expect("Pilih foto");
    expect("Untuk: Isian foto");
    expect("Bukan gambar");
    expect("Format tidak|didukung"); /* wrapped in the tile */
    expect("Gambar rusak");
    expect("Terlalu besar|(30000\xC3\x97"
           "30000)");
    expect("Tidak dapat|dibaca");
    expect("Menyiapkan foto\xE2\x80\xA6 (2 tersisa)");
    expect("Batal");
    s.screen = FS_REPORTS;
    see(&s, 1);
    expect("Laporan saya");
    expect("Mengirim foto 2 dari 3 \xC2\xB7 350 KB dari 1,0 MB");
    expect("Diterima server");
    expect("Ditolak: tugas tidak dikenal server");
    expect("Kirim sekarang");
    assert_null(strstr(SEEN, "Tugas tgs-001 di lapangan")); /* a draft is not listed */
    free_state(&s);
}

/* The progress bar moves with every chunk of the file going out. */
static void test_progress_moves(void **state)
{
    (void)state;
    rig g;
    rig_init(&g, 1280, 800, 1);
    field_state s;
    sample(&s);
    s.screen = FS_REPORTS;
    int last = -1;
    for (int64_t done = 0; done <= 1000000; done += 50000) {
        s.reports[2].bytes_done = done;
        ui_field_build(&s, &g.c, &g.l);
        /* The bar's fill: the primary-coloured rect of the bar's height. */
        int w = -1;
        for (size_t k = 0; k < g.l.n_cmds; k++) {
            const draw_cmd *c = &g.l.cmds[k];
            if (c->kind == DRAW_RECT && c->rect.h == 28 && c->color.b == 0x8C && c->rect.w > w)
                w = c->rect.w;
        }
        assert_true(w > last);
        last = w;
    }
    free_state(&s);
    draw_list_deinit(&g.l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glove_targets_and_contrast),
        cmocka_unit_test(test_list_words),
        cmocka_unit_test(test_form_words),
        cmocka_unit_test(test_hit_ids),
        cmocka_unit_test(test_picker_and_reports_words),
        cmocka_unit_test(test_progress_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
