/* test_field: the field officer's pure model (field.c: numbers, dates, verdicts per kind,
 * sorting) and state machine (field_app.c: a new draft saved on every change, typing, choices,
 * dates, location, submit refused until valid, the open draft reopened after a restart, saves
 * held back while photos are prepared). */
#include "field_app.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define NOW 1594001700LL /* Monday 6 July 2020, 10.15 WITA */

static const tz_info wita = {.offset_min = 480, .abbr = "WITA"};

static void test_number(void **st)
{
    (void)st;
    double v;
    int dec;
    assert_true(field_parse_number("12", &v, &dec));
    assert_true(v == 12.0 && dec == 0);
    assert_true(field_parse_number(" 12,5 ", &v, &dec));
    assert_true(fabs(v - 12.5) < 1e-9 && dec == 1);
    assert_true(field_parse_number("-0.25", &v, &dec));
    assert_true(fabs(v + 0.25) < 1e-9 && dec == 2);
    assert_false(field_parse_number("1.250,5", &v, &dec)); /* which is the thousands mark? */
    assert_false(field_parse_number("12a", &v, &dec));
    assert_false(field_parse_number("", &v, &dec));
    assert_false(field_parse_number(",", &v, &dec));
    assert_false(field_parse_number("1e308", &v, &dec));
}

static void test_date(void **st)
{
    (void)st;
    int64_t d;
    assert_true(field_parse_date("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(field_parse_date("2020-07-06", &d));
    assert_int_equal(d, NOW / 86400);
    assert_true(field_parse_date("2020-02-29", &d));
    assert_false(field_parse_date("2021-02-29", &d));
    assert_false(field_parse_date("2020-13-01", &d));
    assert_false(field_parse_date("2020-7-6", &d));
    assert_false(field_parse_date("06-07-2020", &d));
}

static form_field mk(const char *key, field_kind k, bool req)
{
    form_field f;
    memset(&f, 0, sizeof f);
    snprintf(f.key, sizeof f.key, "%s", key);
    snprintf(f.label, sizeof f.label, "Label %s", key);
    f.kind = k;
    f.required = req;
    return f;
}

static void test_verdicts(void **st)
{
    (void)st;
    int64_t today = NOW / 86400;
    field_answer a;
    memset(&a, 0, sizeof a);
    form_field num = mk("n", FK_NUMBER, true);
    num.has_min = num.has_max = true;
    num.min = 0;
    num.max = 100;
    num.decimals = 1;
    assert_int_equal(field_check(&num, NULL, 0, today, NOW, 120, 50), FV_REQUIRED);
    a.set = true;
    snprintf(a.text, sizeof a.text, "   ");
    assert_int_equal(field_check(&num, &a, 0, today, NOW, 120, 50), FV_REQUIRED);
    snprintf(a.text, sizeof a.text, "abc");
    assert_int_equal(field_check(&num, &a, 0, today, NOW, 120, 50), FV_NOT_NUMBER);
    snprintf(a.text, sizeof a.text, "101");
    assert_int_equal(field_check(&num, &a, 0, today, NOW, 120, 50), FV_ABOVE_MAX);
    snprintf(a.text, sizeof a.text, "-1");
    assert_int_equal(field_check(&num, &a, 0, today, NOW, 120, 50), FV_BELOW_MIN);
    snprintf(a.text, sizeof a.text, "2,55");
    assert_int_equal(field_check(&num, &a, 0, today, NOW, 120, 50), FV_TOO_MANY_DECIMALS);
    snprintf(a.text, sizeof a.text, "99,5");
    assert_int_equal(field_check(&num, &a, 0, today, NOW, 120, 50), FV_OK);

    form_field date = mk("d", FK_DATE, false);
    snprintf(a.text, sizeof a.text, "2020-07-07");
    assert_int_equal(field_check(&date, &a, 0, today, NOW, 120, 50), FV_FUTURE_DATE);
    snprintf(a.text, sizeof a.text, "2020-02-30");
    assert_int_equal(field_check(&date, &a, 0, today, NOW, 120, 50), FV_BAD_DATE);
    snprintf(a.text, sizeof a.text, "2020-07-06");
    assert_int_equal(field_check(&date, &a, 0, today, NOW, 120, 50), FV_OK);
    assert_int_equal(field_check(&date, NULL, 0, today, NOW, 120, 50), FV_OK); /* optional */

    form_field photo = mk("p", FK_PHOTO, true);
    photo.min_photos = 3;
    photo.max_photos = 5;
    assert_int_equal(field_check(&photo, NULL, 0, today, NOW, 120, 50), FV_REQUIRED);
    assert_int_equal(field_check(&photo, NULL, 2, today, NOW, 120, 50), FV_TOO_FEW_PHOTOS);
    assert_int_equal(field_check(&photo, NULL, 3, today, NOW, 120, 50), FV_OK);
    assert_int_equal(field_check(&photo, NULL, 6, today, NOW, 120, 50), FV_TOO_MANY_PHOTOS);

    form_field multi = mk("m", FK_MULTI, true);
    multi.n_choices = 3;
    memset(&a, 0, sizeof a);
    assert_int_equal(field_check(&multi, &a, 0, today, NOW, 120, 50), FV_REQUIRED);
    a.chosen = 5;
    a.set = true;
    assert_int_equal(field_check(&multi, &a, 0, today, NOW, 120, 50), FV_OK);

    form_field yn = mk("y", FK_YESNO, true);
    memset(&a, 0, sizeof a);
    assert_int_equal(field_check(&yn, &a, 0, today, NOW, 120, 50), FV_REQUIRED);
    a.set = true; /* "Tidak" is an answer too */
    assert_int_equal(field_check(&yn, &a, 0, today, NOW, 120, 50), FV_OK);

    form_field loc = mk("l", FK_LOCATION, true);
    memset(&a, 0, sizeof a);
    a.set = true;
    a.loc = (gps_fix){.valid = true,
                      .lat = -8.4862,
                      .lon = 115.2471,
                      .accuracy_m = 12,
                      .fix_time = NOW - 10,
                      .mode = 3,
                      .received_at = NOW - 10};
    assert_int_equal(field_check(&loc, &a, 0, today, NOW, 120, 50), FV_OK);
    assert_int_equal(field_check(&loc, &a, 0, today, NOW + 600, 120, 50), FV_LOCATION_OLD);
    a.loc.accuracy_m = 80;
    assert_int_equal(field_check(&loc, &a, 0, today, NOW, 120, 50), FV_LOCATION_INACCURATE);
}

static void test_sort(void **st)
{
    (void)st;
    field_list *l = calloc(1, sizeof *l);
    assert_non_null(l);
    l->n = 3;
    snprintf(l->a[0].id, sizeof l->a[0].id, "tgs-003");
    l->a[0].due = NOW + 3600;
    snprintf(l->a[1].id, sizeof l->a[1].id, "tgs-001");
    l->a[1].due = NOW + 7200;
    snprintf(l->a[2].id, sizeof l->a[2].id, "tgs-002");
    l->a[2].due = NOW + 3600;
    l->a[2].priority = FIELD_PRIO_HIGH;
    field_list_sort(l);
    assert_string_equal(l->a[0].id, "tgs-002");
    assert_string_equal(l->a[1].id, "tgs-003");
    assert_string_equal(l->a[2].id, "tgs-001");
    assert_non_null(field_list_find(l, "tgs-003"));
    assert_null(field_list_find(l, "tgs-009"));
    free(l);
}

/* ---- the state machine ---------------------------------------------------------------------- */

static field_list *sample_list(void)
{
    field_list *l = calloc(1, sizeof *l);
    assert_non_null(l);
    l->n = 1;
    field_assignment *a = &l->a[0];
    snprintf(a->id, sizeof a->id, "tgs-001");
    snprintf(a->title, sizeof a->title, "Verifikasi meter air");
    a->due = NOW + 86400;
    a->n_form = 5;
    a->form[0] = mk("angka", FK_NUMBER, true);
    a->form[0].decimals = 2;
    a->form[1] = mk("kondisi", FK_CHOICE, true);
    a->form[1].n_choices = 3;
    a->form[2] = mk("segel", FK_YESNO, true);
    a->form[3] = mk("tanggal", FK_DATE, true);
    a->form[4] = mk("lokasi", FK_LOCATION, true);
    return l;
}

static void run(field_state *s, const app_event *e, app_out *out)
{
    memset(out, 0, sizeof *out);
    field_app_update(s, e, out);
}

static void drop(app_out *out)
{
    for (int i = 0; i < out->n; i++) {
        msg_cmd_free(out->cmds[i]);
        free(out->cmds[i]);
    }
    out->n = 0;
}

static const msg_cmd *find_cmd(const app_out *out, msg_cmd_kind k)
{
    for (int i = 0; i < out->n; i++)
        if (out->cmds[i]->kind == k)
            return out->cmds[i];
    return NULL;
}

static void action(field_state *s, int act, int arg, app_out *out)
{
    app_event e = {.kind = EV_ACTION, .action = act, .arg = arg};
    run(s, &e, out);
}

static void started(field_state *s, app_out *out)
{
    field_app_init(s, LANG_ID, &wita, 60, 120, 50);
    app_event t = {.kind = EV_TICK, .now_ms = 1000};
    run(s, &t, out);
    assert_non_null(find_cmd(out, CMD_FETCH_ASSIGNMENTS));
    drop(out);
    msg_result r = {.kind = RES_ASSIGNMENTS, .status = NET_OK, .now = NOW};
    r.assignments = sample_list();
    app_event e = {.kind = EV_RESULT, .result = &r};
    run(s, &e, out);
    msg_result_free(&r);
    drop(out);
    assert_non_null(s->list);
    assert_false(s->fetching);
}

/* A good fix from gpsd (9 m, 2 s old). */
static void gps_fixed(field_state *s, app_out *out)
{
    msg_result loc = {.kind = RES_LOCATION, .ok = true, .now = NOW};
    loc.fix = (gps_fix){.valid = true,
                        .lat = -8.4862,
                        .lon = 115.2471,
                        .accuracy_m = 9,
                        .fix_time = NOW - 2,
                        .mode = 3,
                        .received_at = NOW - 1};
    app_event le = {.kind = EV_RESULT, .result = &loc};
    run(s, &le, out);
    drop(out);
}

static void test_new_draft_saved_on_every_change(void **st)
{
    (void)st;
    field_state s;
    app_out out;
    started(&s, &out);
    snprintf(s.next_report_id, sizeof s.next_report_id, "3b0f8c2e-6d4a-4f1b-9a7e-2c5d8e9f0a1b");
    action(&s, FIELD_ACT_OPEN, 0, &out);
    assert_int_equal(s.screen, FS_FORM);
    const msg_cmd *c = find_cmd(&out, CMD_REPORT_SAVE);
    assert_non_null(c); /* the draft exists on disk from the first moment */
    assert_string_equal(c->report->report_id, "3b0f8c2e-6d4a-4f1b-9a7e-2c5d8e9f0a1b");
    assert_true(c->report->open);
    drop(&out);

    action(&s, FIELD_ACT_EDIT, 0, &out); /* the number: keyboard opens */
    assert_true(s.keyboard);
    drop(&out);
    action(&s, ACT_KEY_CHAR, '4', &out);
    c = find_cmd(&out, CMD_REPORT_SAVE);
    assert_non_null(c);
    assert_string_equal(field_answer_find(c->report, "angka")->text, "4");
    assert_int_equal(c->report->focus, 0);
    drop(&out);
    app_event text = {.kind = EV_TEXT};
    snprintf(text.text, sizeof text.text, "2,5");
    run(&s, &text, &out);
    assert_non_null(find_cmd(&out, CMD_REPORT_SAVE));
    drop(&out);
    assert_string_equal(field_answer_find(&s.draft, "angka")->text, "42,5");
    action(&s, ACT_KEY_CHAR, 'x', &out);
    drop(&out);
    assert_int_equal(s.verdicts[0], FV_NOT_NUMBER);
    action(&s, ACT_KEY_BACKSPACE, 0, &out);
    drop(&out);
    action(&s, ACT_KEY_BACKSPACE, 0, &out);
    drop(&out);
    assert_string_equal(field_answer_find(&s.draft, "angka")->text, "42,");
    assert_int_equal(s.verdicts[0], FV_OK); /* "42," is 42 */

    action(&s, FIELD_ACT_CHOICE, 1 * 32 + 2, &out);
    assert_non_null(find_cmd(&out, CMD_REPORT_SAVE));
    drop(&out);
    assert_int_equal(field_answer_find(&s.draft, "kondisi")->chosen, 1u << 2);
    action(&s, FIELD_ACT_CHOICE, 1 * 32 + 0, &out); /* single choice: replaces */
    drop(&out);
    assert_int_equal(field_answer_find(&s.draft, "kondisi")->chosen, 1u);
    action(&s, FIELD_ACT_NO, 2, &out);
    drop(&out);
    assert_true(field_answer_find(&s.draft, "segel")->set);
    assert_false(field_answer_find(&s.draft, "segel")->yes);
    action(&s, FIELD_ACT_DATE_TODAY, 3, &out);
    drop(&out);
    assert_string_equal(field_answer_find(&s.draft, "tanggal")->text, "2020-07-06");
    action(&s, FIELD_ACT_DATE_PREV, 3, &out);
    drop(&out);
    assert_string_equal(field_answer_find(&s.draft, "tanggal")->text, "2020-07-05");

    /* Submit is refused while something is wrong: every message shows, nothing is sent. */
    action(&s, FIELD_ACT_SUBMIT, 0, &out);
    assert_null(find_cmd(&out, CMD_REPORT_SUBMIT));
    assert_true(s.show_all);
    assert_int_equal(s.verdicts[4], FV_REQUIRED);
    assert_true(s.toast[0] != '\0');
    drop(&out);

    /* No fix yet: locating says so. Then a fix arrives and is attached. */
    action(&s, FIELD_ACT_LOCATE, 4, &out);
    assert_null(find_cmd(&out, CMD_REPORT_SAVE));
    drop(&out);
    gps_fixed(&s, &out);
    action(&s, FIELD_ACT_LOCATE, 4, &out);
    drop(&out);
    assert_true(field_answer_find(&s.draft, "lokasi")->loc.valid);

    action(&s, FIELD_ACT_EDIT, 0, &out);
    drop(&out);
    action(&s, ACT_KEY_CHAR, '5', &out);
    drop(&out);
    action(&s, FIELD_ACT_SUBMIT, 0, &out);
    c = find_cmd(&out, CMD_REPORT_SUBMIT);
    assert_non_null(c);
    assert_string_equal(c->report->assignment_id, "tgs-001");
    assert_string_equal(field_answer_find(c->report, "angka")->text, "42,5");
    assert_int_equal(s.screen, FS_REPORTS);
    drop(&out);
    field_app_deinit(&s);
}

/* A draft of tgs-001 as the store lists it (open, n_photos photos of the field "foto"). */
static field_report *stored_draft(const char *id, int n_photos)
{
    field_report *r = calloc(1, sizeof *r);
    assert_non_null(r);
    snprintf(r->report_id, sizeof r->report_id, "%s", id);
    snprintf(r->assignment_id, sizeof r->assignment_id, "tgs-001");
    r->open = true;
    r->focus = -1;
    r->n_photos = n_photos;
    for (int i = 0; i < n_photos; i++) {
        snprintf(r->photos[i].name, sizeof r->photos[i].name, "p%02d-0a1b2c3d.jpg", i + 1);
        snprintf(r->photos[i].field, sizeof r->photos[i].field, "foto");
    }
    return r;
}

/* The platform's answer at start: the stored reports (here one, taken over and freed). */
static void restored(field_state *s, field_report *stored, app_out *out)
{
    msg_result r = {.kind = RES_REPORTS, .now = NOW, .reports = stored, .n_reports = 1};
    app_event e = {.kind = EV_RESULT, .result = &r};
    run(s, &e, out);
    msg_result_free(&r);
    drop(out);
}

static void test_reopens_after_restart(void **st)
{
    (void)st;
    field_state s;
    app_out out;
    started(&s, &out);
    /* Five photos: more than one update asks thumbnails for. */
    field_report *stored = stored_draft("11111111-2222-4333-8444-555555555555", 5);
    field_answer *a = field_answer_for(stored, "angka");
    a->set = true;
    snprintf(a->text, sizeof a->text, "7");
    stored->focus = 0;
    restored(&s, stored, &out);
    assert_int_equal(s.screen, FS_FORM);
    assert_string_equal(s.draft.report_id, "11111111-2222-4333-8444-555555555555");
    assert_int_equal(s.focus, 0);
    assert_true(s.keyboard); /* where the officer was: typing the number */
    /* The photos' thumbnails are asked for from the store, a few per update, each once. */
    int asked = 0;
    for (int tick = 0; tick < 4; tick++) {
        app_event te = {.kind = EV_TICK, .now_ms = 3000 + tick * 16};
        run(&s, &te, &out);
        for (int i = 0; i < out.n; i++)
            if (out.cmds[i]->kind == CMD_PHOTO_THUMB) {
                assert_string_equal(out.cmds[i]->id, "11111111-2222-4333-8444-555555555555");
                char want[32];
                snprintf(want, sizeof want, "p%02d-0a1b2c3d.jpg", ++asked);
                assert_string_equal(out.cmds[i]->text, want);
            }
        drop(&out);
    }
    assert_int_equal(asked, 5);
    action(&s, ACT_KEY_CHAR, '0', &out);
    drop(&out);
    assert_string_equal(field_answer_find(&s.draft, "angka")->text, "70");
    field_app_deinit(&s);
}

static void test_saves_wait_for_photos(void **st)
{
    (void)st;
    field_state s;
    app_out out;
    started(&s, &out);
    s.list->a[0].form[4] = mk("foto", FK_PHOTO, true);
    s.list->a[0].form[4].min_photos = 1;
    snprintf(s.next_report_id, sizeof s.next_report_id, "3b0f8c2e-6d4a-4f1b-9a7e-2c5d8e9f0a1b");
    action(&s, FIELD_ACT_OPEN, 0, &out);
    drop(&out);
    action(&s, FIELD_ACT_PHOTOS, 4, &out);
    assert_non_null(find_cmd(&out, CMD_PHOTO_SCAN));
    drop(&out);
    field_pick *picks = calloc(2, sizeof *picks);
    assert_non_null(picks);
    snprintf(picks[0].name, sizeof picks[0].name, "IMG_0001.jpg");
    snprintf(picks[1].name, sizeof picks[1].name, "notes.jpg");
    picks[1].problem = FP_NOT_IMAGE;
    msg_result scan = {.kind = RES_PHOTO_SCAN, .now = NOW, .picks = picks, .n_picks = 2};
    app_event e = {.kind = EV_RESULT, .result = &scan};
    run(&s, &e, &out);
    msg_result_free(&scan);
    drop(&out);
    app_event tick = {.kind = EV_TICK, .now_ms = 2000};
    run(&s, &tick, &out);
    const msg_cmd *th = find_cmd(&out, CMD_PHOTO_THUMB);
    assert_non_null(th); /* only the readable one gets a thumbnail */
    assert_string_equal(th->text, "IMG_0001.jpg");
    drop(&out);
    action(&s, FIELD_ACT_PICK, 1, &out); /* skipped files cannot be chosen */
    assert_int_equal(s.n_selected, 0);
    drop(&out);
    action(&s, FIELD_ACT_PICK, 0, &out);
    drop(&out);
    assert_int_equal(s.n_selected, 1);
    action(&s, FIELD_ACT_PICK_ATTACH, 0, &out);
    const msg_cmd *add = find_cmd(&out, CMD_PHOTO_ADD);
    assert_non_null(add);
    assert_string_equal(add->title, "foto");
    assert_int_equal(s.preparing, 1);
    drop(&out);
    /* An answer while the photo is prepared: not saved yet (the worker extends the stored
     * draft with the photo first)... */
    action(&s, FIELD_ACT_YES, 2, &out);
    assert_null(find_cmd(&out, CMD_REPORT_SAVE));
    drop(&out);
    /* ...then saved with the photo once it arrived. */
    msg_result added = {.kind = RES_PHOTO_ADDED, .ok = true, .now = NOW};
    snprintf(added.id, sizeof added.id, "3b0f8c2e-6d4a-4f1b-9a7e-2c5d8e9f0a1b");
    snprintf(added.photo.name, sizeof added.photo.name, "p01-3f2a9c1d.jpg");
    snprintf(added.photo.field, sizeof added.photo.field, "foto");
    app_event ae = {.kind = EV_RESULT, .result = &added};
    run(&s, &ae, &out);
    const msg_cmd *save = find_cmd(&out, CMD_REPORT_SAVE);
    assert_non_null(save);
    assert_int_equal(save->report->n_photos, 1);
    assert_true(field_answer_find(save->report, "segel")->yes);
    drop(&out);
    assert_int_equal(s.verdicts[4], FV_OK);
    field_app_deinit(&s);
}

static void saved(field_state *s, const char *id, int seq, net_status st, app_out *out)
{
    msg_result r = {.kind = RES_REPORT_SAVED, .now = NOW, .arg = seq, .status = st};
    snprintf(r.id, sizeof r.id, "%s", id);
    r.ok = st == NET_OK;
    app_event e = {.kind = EV_RESULT, .result = &r};
    run(s, &e, out);
}

/* "Draf tersimpan" only once the worker has confirmed the latest save; the submit's toast only
 * once the worker has stored the report for sending, and a refusal says the draft is kept. */
static void test_saved_only_when_confirmed(void **st)
{
    (void)st;
    static const char id[] = "3b0f8c2e-6d4a-4f1b-9a7e-2c5d8e9f0a1b";
    field_state s;
    app_out out;
    started(&s, &out);
    snprintf(s.next_report_id, sizeof s.next_report_id, "%s", id);
    action(&s, FIELD_ACT_OPEN, 0, &out);
    const msg_cmd *c = find_cmd(&out, CMD_REPORT_SAVE);
    assert_non_null(c);
    int first = c->arg;
    assert_true(first > 0);
    drop(&out);
    assert_true(field_app_saving(&s));
    saved(&s, id, first, NET_OK, &out);
    drop(&out);
    assert_false(field_app_saving(&s));

    /* Two edits in a row: the first one's answer does not confirm the second. */
    action(&s, FIELD_ACT_YES, 2, &out);
    c = find_cmd(&out, CMD_REPORT_SAVE);
    assert_non_null(c);
    int second = c->arg;
    drop(&out);
    action(&s, FIELD_ACT_DATE_TODAY, 3, &out);
    c = find_cmd(&out, CMD_REPORT_SAVE);
    assert_non_null(c);
    int third = c->arg;
    drop(&out);
    assert_true(second > first && third > second);
    saved(&s, id, second, NET_OK, &out);
    drop(&out);
    assert_true(field_app_saving(&s));
    /* Another report's answer does not count either. */
    saved(&s, "9d2f1c3e-0a4b-4c5d-8e6f-7a8b9c0d1e2f", third, NET_OK, &out);
    drop(&out);
    assert_true(field_app_saving(&s));
    saved(&s, id, third, NET_OK, &out);
    drop(&out);
    assert_false(field_app_saving(&s));
    assert_false(s.save_failed);

    /* A full disk: "Belum tersimpan" until a later save succeeds. */
    action(&s, FIELD_ACT_NO, 2, &out);
    c = find_cmd(&out, CMD_REPORT_SAVE);
    assert_non_null(c);
    int fourth = c->arg;
    drop(&out);
    saved(&s, id, fourth, NET_STORAGE, &out);
    drop(&out);
    assert_true(s.save_failed);

    /* Complete the form and submit: no toast until the worker answers. */
    action(&s, FIELD_ACT_EDIT, 0, &out);
    drop(&out);
    action(&s, ACT_KEY_CHAR, '7', &out);
    drop(&out);
    action(&s, FIELD_ACT_CHOICE, 1 * 32 + 0, &out);
    drop(&out);
    gps_fixed(&s, &out);
    action(&s, FIELD_ACT_LOCATE, 4, &out);
    drop(&out);
    s.toast[0] = '\0';
    action(&s, FIELD_ACT_SUBMIT, 0, &out);
    c = find_cmd(&out, CMD_REPORT_SUBMIT);
    assert_non_null(c);
    field_report copy = *c->report;
    drop(&out);
    assert_string_equal(s.toast, "");
    /* Refused (the disk is full): the report stays a draft and the officer is told so. */
    msg_result rr = {.kind = RES_REPORT, .now = NOW, .status = NET_STORAGE};
    field_report back = copy;
    back.state = REPORT_DRAFT;
    rr.reports = &back;
    rr.n_reports = 1;
    app_event re = {.kind = EV_RESULT, .result = &rr};
    run(&s, &re, &out);
    drop(&out);
    assert_non_null(strstr(s.toast, "penyimpanan penuh"));
    assert_non_null(strstr(s.toast, "Drafnya tetap ada"));
    assert_int_equal(field_app_report_of(&s, "tgs-001")->state, REPORT_DRAFT);

    /* Opened again and sent: now the worker stores it and the toast says so. */
    action(&s, FIELD_ACT_OPEN, 0, &out);
    drop(&out);
    s.toast[0] = '\0';
    action(&s, FIELD_ACT_SUBMIT, 0, &out);
    assert_non_null(find_cmd(&out, CMD_REPORT_SUBMIT));
    drop(&out);
    assert_string_equal(s.toast, "");
    back.state = REPORT_WAITING;
    rr.status = NET_OK;
    run(&s, &re, &out);
    drop(&out);
    assert_string_equal(s.toast, "Laporan disimpan untuk dikirim");
    assert_int_equal(field_app_report_of(&s, "tgs-001")->state, REPORT_WAITING);
    field_app_deinit(&s);
}

/* A photo the worker could not remove (full disk) comes back on the form, with a message: it is
 * still stored and would be sent with the report. One it removed stays away. */
static void test_failed_removal_puts_the_photo_back(void **st)
{
    (void)st;
    static const char id[] = "11111111-2222-4333-8444-555555555555";
    field_state s;
    app_out out;
    started(&s, &out);
    s.list->a[0].form[4] = mk("foto", FK_PHOTO, false);
    restored(&s, stored_draft(id, 2), &out);
    assert_int_equal(s.screen, FS_FORM);
    assert_int_equal(s.draft.n_photos, 2);

    for (int attempt = 0; attempt < 2; attempt++) {
        action(&s, FIELD_ACT_PHOTO_REMOVE, 0, &out);
        const msg_cmd *c = find_cmd(&out, CMD_PHOTO_REMOVE);
        assert_non_null(c);
        char name[FIELD_FILE_CAP];
        snprintf(name, sizeof name, "%.63s", c->text);
        drop(&out);
        assert_int_equal(s.draft.n_photos, 1);
        s.toast[0] = '\0';
        msg_result r = {.kind = RES_REPORT_SAVED, .now = NOW};
        snprintf(r.id, sizeof r.id, "%s", id);
        snprintf(r.photo.name, sizeof r.photo.name, "%s", name);
        r.status = attempt == 0 ? NET_STORAGE : NET_OK;
        r.ok = r.status == NET_OK;
        app_event e = {.kind = EV_RESULT, .result = &r};
        run(&s, &e, &out);
        drop(&out);
        if (attempt == 0) {
            assert_int_equal(s.draft.n_photos, 2); /* back */
            assert_string_equal(s.draft.photos[1].name, name);
            assert_non_null(strstr(s.toast, "tidak dapat dihapus"));
            assert_false(s.save_failed); /* the answers' save is another matter */
        } else {
            assert_int_equal(s.draft.n_photos, 1);
            assert_string_equal(s.toast, "");
        }
    }
    field_app_deinit(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_new_draft_saved_on_every_change),
        cmocka_unit_test(test_reopens_after_restart),
        cmocka_unit_test(test_saves_wait_for_photos),
        cmocka_unit_test(test_saved_only_when_confirmed),
        cmocka_unit_test(test_failed_removal_puts_the_photo_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
