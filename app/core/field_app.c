/* field_app: see field_app.h. */
#include "field_app.h"

#include "i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THUMBS_PER_UPDATE 3 /* thumbnail requests in flight added per update (APP_MAX_CMDS) */
#define THUMBS_IN_FLIGHT  4

void field_app_init(field_state *s, lang l, const tz_info *tz, int poll_s, int gps_max_age_s,
                    double gps_max_acc_m)
{
    memset(s, 0, sizeof *s);
    s->lang = l;
    if (tz)
        s->tz = *tz;
    s->poll_s = poll_s > 0 ? poll_s : 60;
    s->gps_max_age_s = gps_max_age_s > 0 ? gps_max_age_s : FIELD_GPS_AGE_S;
    s->gps_max_acc_m = gps_max_acc_m > 0 ? gps_max_acc_m : FIELD_GPS_ACC_M;
    s->net = NET_OK;
    s->cur = -1;
    s->focus = -1;
    s->picker_field = -1;
    s->sun = true;
    s->dirty = true;
}

void field_app_deinit(field_state *s)
{
    free(s->list);
    free(s->reports);
    free(s->picks);
    s->list = NULL;
    s->reports = NULL;
    s->picks = NULL;
}

int64_t field_app_wall(const field_state *s)
{
    return s->now_ms / 1000 + s->wall_offset_s;
}

int64_t field_app_today(const field_state *s)
{
    int64_t local = field_app_wall(s) + (int64_t)s->tz.offset_min * 60;
    return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

const field_report *field_app_report_of(const field_state *s, const char *assignment_id)
{
    if (s->cur >= 0 && s->list && strcmp(s->draft.assignment_id, assignment_id) == 0 &&
        s->draft.report_id[0])
        return &s->draft;
    const field_report *best = NULL;
    for (int i = 0; i < s->n_reports; i++)
        if (strcmp(s->reports[i].assignment_id, assignment_id) == 0 &&
            (!best || s->reports[i].updated_at > best->updated_at))
            best = &s->reports[i];
    return best;
}

gps_quality field_app_gps(const field_state *s)
{
    return gps_judge(&s->fix, field_app_wall(s), s->gps_max_age_s, s->gps_max_acc_m);
}

static void toast(field_state *s, const char *text)
{
    fmt_copy_utf8(s->toast, sizeof s->toast, text);
    s->toast_until_ms = s->now_ms + FIELD_TOAST_S * 1000;
    s->dirty = true;
}

static const field_assignment *current(const field_state *s)
{
    return s->list && s->cur >= 0 && s->cur < s->list->n ? &s->list->a[s->cur] : NULL;
}

static bool draft_editable(const field_state *s)
{
    return current(s) && s->draft.state == REPORT_DRAFT;
}

static void revalidate(field_state *s)
{
    const field_assignment *a = current(s);
    if (a)
        field_validate(a, &s->draft, s->verdicts, field_app_today(s), field_app_wall(s),
                       s->gps_max_age_s, s->gps_max_acc_m);
}

/* Every change is saved at once; while photos are being prepared the save waits for them, so the
 * worker never stores a photo list older than the one it has just extended. */
static void save_draft(field_state *s, app_out *out)
{
    if (!draft_editable(s) || !s->draft_dirty || s->preparing > 0)
        return;
    msg_cmd *c = app_out_push(out, CMD_REPORT_SAVE);
    if (!c)
        return;
    c->report = malloc(sizeof *c->report);
    if (!c->report) {
        out->cmds[--out->n] = NULL;
        free(c);
        return;
    }
    s->draft.updated_at = field_app_wall(s);
    *c->report = s->draft;
    c->arg = (int)(++s->save_seq & 0x7fffffffu);
    s->draft_dirty = false;
}

bool field_app_saving(const field_state *s)
{
    return s->draft_dirty || s->preparing > 0 || s->saved_seq != (s->save_seq & 0x7fffffffu);
}

static void changed(field_state *s, int field, app_out *out)
{
    if (field >= 0 && field < 32)
        s->touched |= 1u << field;
    s->draft_dirty = true;
    revalidate(s);
    save_draft(s, out);
    s->dirty = true;
}

/* Opens an assignment's form: its stored report (a draft to continue, or a submitted one to
 * show), or a new draft whose id the platform supplied in next_report_id. */
static void open_form(field_state *s, int index, app_out *out)
{
    if (!s->list || index < 0 || index >= s->list->n)
        return;
    const field_assignment *a = &s->list->a[index];
    const field_report *r = NULL;
    for (int i = 0; i < s->n_reports; i++)
        if (strcmp(s->reports[i].assignment_id, a->id) == 0 &&
            (!r || s->reports[i].updated_at > r->updated_at))
            r = &s->reports[i];
    s->cur = index;
    s->screen = FS_FORM;
    s->scroll = 0;
    s->keyboard = false;
    s->shift = false;
    s->show_all = false;
    if (r) {
        s->draft = *r;
        s->touched = 0;
        for (int i = 0; i < a->n_form && i < 32; i++)
            if (field_answer_find(&s->draft, a->form[i].key) ||
                field_photo_count(&s->draft, a->form[i].key))
                s->touched |= 1u << i;
        s->focus = r->focus >= 0 && r->focus < a->n_form ? r->focus : -1;
    } else {
        memset(&s->draft, 0, sizeof s->draft);
        fmt_copy_utf8(s->draft.report_id, sizeof s->draft.report_id, s->next_report_id);
        s->next_report_id[0] = '\0'; /* the platform supplies a fresh one */
        fmt_copy_utf8(s->draft.assignment_id, sizeof s->draft.assignment_id, a->id);
        s->draft.created_at = field_app_wall(s);
        s->draft.state = REPORT_DRAFT;
        s->touched = 0;
        s->focus = -1;
    }
    s->draft.open = true;
    s->draft_dirty = s->draft.state == REPORT_DRAFT;
    revalidate(s);
    save_draft(s, out);
    /* The photos' thumbnails come from the store (the platform drops them when a form closes),
     * asked for a few at a time (ask_photo_thumbs). */
    s->photo_thumb_next = 0;
    s->photo_thumb_end = s->draft.n_photos;
    s->n_removing = 0;
    s->dirty = true;
}

static void close_form(field_state *s, app_out *out)
{
    if (draft_editable(s)) {
        s->draft.open = false;
        s->draft_dirty = true;
        save_draft(s, out);
    }
    s->screen = FS_LIST;
    s->keyboard = false;
    s->focus = -1;
    s->cur = -1;
    msg_cmd *c = app_out_push(out, CMD_REPORTS_LIST); /* the list shows each report's state */
    (void)c;
    s->dirty = true;
}

/* ---- typing --------------------------------------------------------------------------------- */

static field_answer *focused_answer(field_state *s)
{
    const field_assignment *a = current(s);
    if (!a || s->focus < 0 || s->focus >= a->n_form || !draft_editable(s))
        return NULL;
    return field_answer_for(&s->draft, a->form[s->focus].key);
}

static size_t text_cap(const field_state *s)
{
    const field_assignment *a = current(s);
    field_kind k = a && s->focus >= 0 ? a->form[s->focus].kind : FK_TEXT;
    return k == FK_TEXT ? FIELD_TEXT_CAP : FIELD_SHORT_CAP;
}

static void type_text(field_state *s, const char *t, app_out *out)
{
    field_answer *ans = focused_answer(s);
    if (!ans)
        return;
    size_t len = strlen(ans->text), n = strlen(t), cap = text_cap(s);
    if (len + n + 1 > cap)
        return;
    memcpy(ans->text + len, t, n + 1);
    ans->set = true;
    changed(s, s->focus, out);
}

static void backspace(field_state *s, app_out *out)
{
    field_answer *ans = focused_answer(s);
    if (!ans)
        return;
    size_t len = strlen(ans->text);
    if (!len)
        return;
    do
        len--;
    while (len > 0 && ((unsigned char)ans->text[len] & 0xC0) == 0x80);
    ans->text[len] = '\0';
    ans->set = len > 0;
    changed(s, s->focus, out);
}

/* ---- the picker ----------------------------------------------------------------------------- */

static void open_picker(field_state *s, int field, app_out *out)
{
    s->screen = FS_PICKER;
    s->picker_field = field;
    memset(s->selected, 0, sizeof s->selected);
    s->n_selected = 0;
    s->keyboard = false;
    if (!s->scanning && app_out_push(out, CMD_PHOTO_SCAN))
        s->scanning = true;
    s->dirty = true;
}

static bool picked(const field_state *s, int i)
{
    return (s->selected[i / 64] >> (i % 64)) & 1u;
}

static void ask_photo_thumbs(field_state *s, app_out *out)
{
    for (int added = 0; s->cur >= 0 && s->photo_thumb_next < s->photo_thumb_end &&
                        s->photo_thumb_next < s->draft.n_photos && added < THUMBS_PER_UPDATE;
         added++) {
        msg_cmd *c = app_out_push(out, CMD_PHOTO_THUMB);
        if (!c)
            break;
        fmt_copy_utf8(c->id, sizeof c->id, s->draft.report_id);
        fmt_copy_utf8(c->text, sizeof c->text, s->draft.photos[s->photo_thumb_next++].name);
    }
}

static void ask_thumbs(field_state *s, app_out *out)
{
    if (s->screen != FS_PICKER)
        return;
    int asked = 0, added = 0;
    for (int i = 0; i < s->n_picks; i++)
        asked += s->thumb_ready[i] == THUMB_ASKED;
    for (int i = 0; i < s->n_picks && asked < THUMBS_IN_FLIGHT && added < THUMBS_PER_UPDATE; i++) {
        if (s->thumb_ready[i] != THUMB_NONE || s->picks[i].problem != FP_OK)
            continue;
        msg_cmd *c = app_out_push(out, CMD_PHOTO_THUMB);
        if (!c)
            break;
        fmt_copy_utf8(c->text, sizeof c->text, s->picks[i].name);
        s->thumb_ready[i] = THUMB_ASKED;
        asked++;
        added++;
    }
}

static void attach_selected(field_state *s, app_out *out)
{
    const field_assignment *a = current(s);
    if (!a || !draft_editable(s) || s->picker_field < 0 || s->picker_field >= a->n_form)
        return;
    const form_field *f = &a->form[s->picker_field];
    int room = FIELD_PHOTOS_MAX - s->draft.n_photos - s->preparing;
    if (f->max_photos > 0 && f->max_photos - field_photo_count(&s->draft, f->key) < room)
        room = f->max_photos - field_photo_count(&s->draft, f->key);
    int sent = 0;
    for (int i = 0; i < s->n_picks && sent < room; i++) {
        if (!picked(s, i))
            continue;
        msg_cmd *c = app_out_push(out, CMD_PHOTO_ADD);
        if (!c)
            break; /* APP_MAX_CMDS: the rest stay selected for the next tap */
        fmt_copy_utf8(c->id, sizeof c->id, s->draft.report_id);
        fmt_copy_utf8(c->title, sizeof c->title, f->key);
        fmt_copy_utf8(c->text, sizeof c->text, s->picks[i].name);
        s->selected[i / 64] &= ~(UINT64_C(1) << (i % 64));
        s->n_selected--;
        s->preparing++;
        sent++;
    }
    if (s->n_selected <= 0) {
        s->n_selected = 0;
        s->screen = FS_FORM;
    }
    if (s->picker_field < 32)
        s->touched |= 1u << s->picker_field;
    s->dirty = true;
}

/* ---- actions -------------------------------------------------------------------------------- */

static void set_date(field_state *s, int field, int64_t days, app_out *out)
{
    const field_assignment *a = current(s);
    if (!a || field < 0 || field >= a->n_form || !draft_editable(s))
        return;
    field_answer *ans = field_answer_for(&s->draft, a->form[field].key);
    if (!ans)
        return;
    /* civil_from_days */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int y = (int)(yoe + era * 400 + (m <= 2));
    snprintf(ans->text, sizeof ans->text, "%04d-%02d-%02d", y, m, d);
    ans->set = true;
    changed(s, field, out);
}

static void on_action(field_state *s, int action, int arg, app_out *out)
{
    const field_assignment *a = current(s);
    s->dirty = true;
    switch (action) {
    case FIELD_ACT_OPEN:
        open_form(s, arg, out);
        break;
    case FIELD_ACT_BACK:
        if (s->screen == FS_PICKER) {
            s->screen = FS_FORM;
        } else if (s->screen == FS_FORM) {
            if (s->keyboard) {
                s->keyboard = false;
                s->focus = -1;
            } else {
                close_form(s, out);
            }
        } else if (s->screen == FS_REPORTS) {
            s->screen = FS_LIST;
        }
        break;
    case FIELD_ACT_REPORTS:
        s->screen = FS_REPORTS;
        app_out_push(out, CMD_REPORTS_LIST);
        break;
    case FIELD_ACT_REFRESH:
        if (!s->fetching && app_out_push(out, CMD_FETCH_ASSIGNMENTS))
            s->fetching = true;
        break;
    case FIELD_ACT_THEME:
        s->sun = !s->sun;
        break;
    case FIELD_ACT_EDIT:
        if (a && arg >= 0 && arg < a->n_form && draft_editable(s)) {
            field_kind k = a->form[arg].kind;
            if (k == FK_TEXT || k == FK_NUMBER || k == FK_DATE) {
                if (s->focus >= 0 && s->focus < 32)
                    s->touched |= 1u << s->focus; /* left: its message may show now */
                s->focus = arg;
                s->keyboard = true;
                s->shift = false;
                s->draft.focus = arg;
                s->draft_dirty = true;
                save_draft(s, out);
            }
        }
        break;
    case FIELD_ACT_CHOICE: {
        int field = arg / 32, c = arg % 32;
        if (!a || field < 0 || field >= a->n_form || !draft_editable(s) ||
            c >= a->form[field].n_choices)
            break;
        field_answer *ans = field_answer_for(&s->draft, a->form[field].key);
        if (!ans)
            break;
        if (a->form[field].kind == FK_MULTI)
            ans->chosen ^= 1u << c;
        else if (a->form[field].kind == FK_CHOICE)
            ans->chosen = 1u << c;
        ans->set = ans->chosen != 0;
        s->draft.focus = field;
        changed(s, field, out);
        break;
    }
    case FIELD_ACT_YES:
    case FIELD_ACT_NO:
        if (a && arg >= 0 && arg < a->n_form && draft_editable(s) &&
            a->form[arg].kind == FK_YESNO) {
            field_answer *ans = field_answer_for(&s->draft, a->form[arg].key);
            if (ans) {
                ans->set = true;
                ans->yes = action == FIELD_ACT_YES;
                s->draft.focus = arg;
                changed(s, arg, out);
            }
        }
        break;
    case FIELD_ACT_DATE_TODAY:
        set_date(s, arg, field_app_today(s), out);
        break;
    case FIELD_ACT_DATE_PREV:
    case FIELD_ACT_DATE_NEXT:
        if (a && arg >= 0 && arg < a->n_form) {
            const field_answer *ans = field_answer_find(&s->draft, a->form[arg].key);
            int64_t d;
            if (!ans || !field_parse_date(ans->text, &d))
                d = field_app_today(s);
            set_date(s, arg, d + (action == FIELD_ACT_DATE_NEXT ? 1 : -1), out);
        }
        break;
    case FIELD_ACT_LOCATE:
        if (a && arg >= 0 && arg < a->n_form && draft_editable(s) &&
            a->form[arg].kind == FK_LOCATION) {
            if (!s->fix.valid) {
                toast(s, tr(s->lang, "Lokasi tidak tersedia: nyalakan GPS dan tunggu sebentar"));
                break;
            }
            field_answer *ans = field_answer_for(&s->draft, a->form[arg].key);
            if (ans) {
                ans->set = true;
                ans->loc = s->fix;
                s->draft.focus = arg;
                changed(s, arg, out);
            }
        }
        break;
    case FIELD_ACT_PHOTOS:
        if (a && arg >= 0 && arg < a->n_form && draft_editable(s) &&
            a->form[arg].kind == FK_PHOTO) {
            s->draft.focus = arg;
            s->draft_dirty = true;
            save_draft(s, out);
            open_picker(s, arg, out);
        }
        break;
    case FIELD_ACT_PHOTO_REMOVE:
        if (draft_editable(s) && arg >= 0 && arg < s->draft.n_photos && s->preparing == 0) {
            msg_cmd *c = app_out_push(out, CMD_PHOTO_REMOVE);
            if (!c)
                break;
            fmt_copy_utf8(c->id, sizeof c->id, s->draft.report_id);
            fmt_copy_utf8(c->text, sizeof c->text, s->draft.photos[arg].name);
            if (s->n_removing < FIELD_PHOTOS_MAX)
                s->removing[s->n_removing++] = s->draft.photos[arg];
            memmove(&s->draft.photos[arg], &s->draft.photos[arg + 1],
                    (size_t)(s->draft.n_photos - arg - 1) * sizeof s->draft.photos[0]);
            s->draft.n_photos--;
            s->photo_thumb_next -= arg < s->photo_thumb_next; /* the ones still to ask shift */
            s->photo_thumb_end -= arg < s->photo_thumb_end;
            changed(s, -1, out);
        }
        break;
    case FIELD_ACT_SUBMIT:
        if (!draft_editable(s) || s->preparing > 0)
            break;
        s->keyboard = false;
        s->focus = -1;
        revalidate(s);
        s->show_all = true;
        for (int i = 0; a && i < a->n_form; i++)
            if (s->verdicts[i] != FV_OK) {
                toast(s, tr(s->lang, "Laporan belum lengkap: periksa isian yang ditandai"));
                return;
            }
        {
            msg_cmd *c = app_out_push(out, CMD_REPORT_SUBMIT);
            if (!c || !(c->report = malloc(sizeof *c->report))) {
                if (c) {
                    out->cmds[--out->n] = NULL;
                    free(c);
                }
                break;
            }
            s->draft.open = false;
            s->draft.updated_at = field_app_wall(s);
            *c->report = s->draft;
            s->draft.state = REPORT_WAITING; /* frozen; the worker confirms with RES_REPORT */
            s->draft_dirty = false;
            fmt_copy_utf8(s->submitting, sizeof s->submitting, s->draft.report_id);
            s->screen = FS_REPORTS;
            s->cur = -1;
        }
        break;
    case FIELD_ACT_KEYBOARD_DONE:
    case ACT_KEY_DONE:
        if (s->focus >= 0 && s->focus < 32)
            s->touched |= 1u << s->focus;
        s->keyboard = false;
        s->focus = -1;
        break;
    case ACT_KEY_CHAR: {
        char c[2] = {(char)arg, 0};
        if (s->shift && c[0] >= 'a' && c[0] <= 'z')
            c[0] = (char)(c[0] - 'a' + 'A');
        s->shift = false;
        type_text(s, c, out);
        break;
    }
    case ACT_KEY_SHIFT:
        s->shift = !s->shift;
        break;
    case ACT_KEY_BACKSPACE:
        backspace(s, out);
        break;
    case ACT_KEY_SPACE:
        type_text(s, " ", out);
        break;
    case FIELD_ACT_PICK:
        if (s->screen == FS_PICKER && arg >= 0 && arg < s->n_picks &&
            s->picks[arg].problem == FP_OK) {
            bool on = picked(s, arg);
            s->selected[arg / 64] ^= UINT64_C(1) << (arg % 64);
            s->n_selected += on ? -1 : 1;
        }
        break;
    case FIELD_ACT_PICK_ATTACH:
        attach_selected(s, out);
        break;
    case FIELD_ACT_SEND_NOW:
        app_out_push(out, CMD_OUTBOX_SEND_NOW);
        break;
    default:
        break;
    }
}

/* ---- results -------------------------------------------------------------------------------- */

/* The report the worker speaks of replaces the copy in the list (or joins it, newest first). */
static void put_report(field_state *s, const field_report *r)
{
    for (int i = 0; i < s->n_reports; i++)
        if (strcmp(s->reports[i].report_id, r->report_id) == 0) {
            s->reports[i] = *r;
            return;
        }
    field_report *n = realloc(s->reports, (size_t)(s->n_reports + 1) * sizeof *n);
    if (!n)
        return;
    memmove(n + 1, n, (size_t)s->n_reports * sizeof *n);
    n[0] = *r;
    s->reports = n;
    s->n_reports++;
}

/* The worker's answer to a removal: a photo it could not remove goes back on the form (it is
 * still stored, and would be sent with the report). */
static void photo_removed(field_state *s, const msg_result *r)
{
    for (int i = 0; i < s->n_removing; i++) {
        if (strcmp(s->removing[i].name, r->photo.name) != 0)
            continue;
        field_photo ph = s->removing[i];
        memmove(&s->removing[i], &s->removing[i + 1],
                (size_t)(s->n_removing - i - 1) * sizeof s->removing[0]);
        s->n_removing--;
        if (r->status != NET_OK && strcmp(r->id, s->draft.report_id) == 0 && s->cur >= 0 &&
            s->draft.n_photos < FIELD_PHOTOS_MAX) {
            s->draft.photos[s->draft.n_photos++] = ph;
            if (s->photo_thumb_next >= s->photo_thumb_end) /* its thumbnail is asked for again */
                s->photo_thumb_next = s->draft.n_photos - 1;
            s->photo_thumb_end = s->draft.n_photos;
            revalidate(s);
            toast(s, tr(s->lang, r->status == NET_STORAGE
                                     ? "Foto tidak dapat dihapus: penyimpanan penuh"
                                     : "Foto tidak dapat dihapus"));
        }
        return;
    }
}

static int find_assignment(const field_state *s, const char *id)
{
    for (int i = 0; s->list && i < s->list->n; i++)
        if (strcmp(s->list->a[i].id, id) == 0)
            return i;
    return -1;
}

static void on_result(field_state *s, msg_result *r, app_out *out)
{
    if (r->now)
        s->wall_offset_s = r->now - s->now_ms / 1000;
    s->dirty = true;
    switch (r->kind) {
    case RES_STARTED:
    case RES_ENROLLED:
        if (r->enrolled) {
            s->next_poll_ms = 0;
            app_out_push(out, CMD_REPORTS_LIST);
        }
        break;
    case RES_ASSIGNMENTS: {
        s->fetching = false;
        s->net = r->status;
        if (r->assignments) {
            /* Keep the open form on its assignment across the new list. */
            char open_id[FIELD_ID_CAP] = "";
            if (current(s))
                fmt_copy_utf8(open_id, sizeof open_id, current(s)->id);
            free(s->list);
            s->list = r->assignments;
            r->assignments = NULL;
            field_list_sort(s->list);
            s->cached = r->cached;
            if (open_id[0]) {
                s->cur = find_assignment(s, open_id);
                if (s->cur < 0) {
                    s->screen = FS_LIST;
                    s->keyboard = false;
                }
            }
            revalidate(s);
        }
        if (r->status == NET_OK)
            s->synced_at = r->synced_at ? r->synced_at : r->now;
        else if (r->cached && r->synced_at > s->synced_at)
            s->synced_at = r->synced_at;
        break;
    }
    case RES_REPORTS: {
        free(s->reports);
        s->reports = r->reports;
        s->n_reports = (int)r->n_reports;
        r->reports = NULL;
        r->n_reports = 0;
        /* After a restart: the draft that was open reopens where the officer was. */
        if (!s->resumed && s->cur < 0 && s->list) {
            for (int i = 0; i < s->n_reports; i++) {
                const field_report *d = &s->reports[i];
                int idx =
                    d->state == REPORT_DRAFT && d->open ? find_assignment(s, d->assignment_id) : -1;
                if (idx >= 0) {
                    int focus = d->focus;
                    open_form(s, idx, out);
                    if (focus >= 0 && focus < s->list->a[idx].n_form) {
                        field_kind k = s->list->a[idx].form[focus].kind;
                        s->focus = focus;
                        s->keyboard = k == FK_TEXT || k == FK_NUMBER || k == FK_DATE;
                    }
                    break;
                }
            }
            s->resumed = true;
        }
        break;
    }
    case RES_REPORT_SAVED:
        if (r->arg == 0 && r->photo.name[0]) { /* a photo's removal */
            photo_removed(s, r);
            break;
        }
        if (strcmp(r->id, s->draft.report_id) == 0 || !r->id[0]) {
            s->save_failed = r->status != NET_OK;
            /* A draft save's answer (a photo removal's has none); answers come in order, but
             * the count only moves forward. */
            if (r->arg > 0 && (int)((unsigned)r->arg - s->saved_seq) > 0)
                s->saved_seq = (unsigned)r->arg;
        }
        break;
    case RES_REPORT:
        if (r->reports && r->n_reports > 0) {
            const field_report *rep = &r->reports[0];
            put_report(s, rep);
            if (strcmp(rep->report_id, s->draft.report_id) == 0 && rep->state != REPORT_DRAFT)
                s->draft.state = rep->state;
            if (s->submitting[0] && strcmp(rep->report_id, s->submitting) == 0) {
                s->submitting[0] = '\0';
                if (r->status == NET_OK && rep->state != REPORT_DRAFT)
                    toast(s, tr(s->lang, "Laporan disimpan untuk dikirim"));
                else
                    toast(s, tr(s->lang, r->status == NET_STORAGE
                                             ? "Laporan belum dikirim: penyimpanan penuh. "
                                               "Drafnya tetap ada."
                                             : "Laporan belum dikirim: periksa isiannya. "
                                               "Drafnya tetap ada."));
            }
        }
        break;
    case RES_PHOTO_SCAN:
        s->scanning = false;
        free(s->picks);
        s->picks = r->picks;
        s->n_picks = (int)(r->n_picks > FIELD_PICKS_MAX ? FIELD_PICKS_MAX : r->n_picks);
        r->picks = NULL;
        r->n_picks = 0;
        memset(s->thumb_ready, THUMB_NONE, sizeof s->thumb_ready);
        memset(s->selected, 0, sizeof s->selected);
        s->n_selected = 0;
        if (r->status != NET_OK)
            toast(s, tr(s->lang, "Folder foto tidak dapat dibaca"));
        break;
    case RES_PHOTO_THUMB:
        for (int i = 0; !r->id[0] && i < s->n_picks; i++) /* an attached photo's: drawn by key */
            if (strcmp(s->picks[i].name, r->text) == 0) {
                s->thumb_ready[i] = r->image_key[0] ? THUMB_READY : THUMB_FAILED;
                if (!r->image_key[0] && r->arg > FP_OK)
                    s->picks[i].problem = (field_photo_problem)r->arg;
                break;
            }
        break;
    case RES_PHOTO_ADDED:
        if (s->preparing > 0)
            s->preparing--;
        if (strcmp(r->id, s->draft.report_id) != 0)
            break;
        if (r->ok && s->draft.n_photos < FIELD_PHOTOS_MAX) {
            s->draft.photos[s->draft.n_photos++] = r->photo;
            revalidate(s);
        } else if (!r->ok) {
            char msg[240];
            snprintf(msg, sizeof msg, tr(s->lang, "%s dilewati: %s"), r->text,
                     tr(s->lang, r->arg == FP_NO_SPACE      ? "penyimpanan penuh"
                                 : r->arg == FP_TOO_LARGE   ? "gambar terlalu besar"
                                 : r->arg == FP_BROKEN      ? "gambar rusak"
                                 : r->arg == FP_NOT_IMAGE   ? "bukan gambar"
                                 : r->arg == FP_UNSUPPORTED ? "format tidak didukung"
                                                            : "tidak dapat dibaca"));
            toast(s, msg);
        }
        save_draft(s, out); /* edits made while the photos were prepared */
        break;
    case RES_LOCATION:
        s->fix = r->fix;
        s->gps_connected = r->ok;
        revalidate(s);
        break;
    default:
        break;
    }
}

static void on_tick(field_state *s, int64_t now_ms, app_out *out)
{
    int64_t before = s->now_ms;
    s->now_ms = now_ms;
    if (now_ms >= s->next_poll_ms && !s->fetching) {
        if (app_out_push(out, CMD_FETCH_ASSIGNMENTS))
            s->fetching = true;
        s->next_poll_ms = now_ms + (int64_t)s->poll_s * 1000;
    }
    if (s->toast[0] && now_ms >= s->toast_until_ms) {
        s->toast[0] = '\0';
        s->dirty = true;
    }
    ask_thumbs(s, out);
    ask_photo_thumbs(s, out);
    /* Times on screen ("Diperbarui", due, location age) change with the minute. */
    if (before / 60000 != now_ms / 60000) {
        revalidate(s);
        s->dirty = true;
    }
}

void field_app_update(field_state *s, const app_event *e, app_out *out)
{
    switch (e->kind) {
    case EV_TICK:
        on_tick(s, e->now_ms, out);
        break;
    case EV_RESULT:
        if (e->result)
            on_result(s, e->result, out);
        break;
    case EV_ACTION:
        on_action(s, e->action, e->arg, out);
        break;
    case EV_TEXT:
        if (s->keyboard)
            type_text(s, e->text, out);
        break;
    case EV_KEY:
        if (e->key == APP_KEY_BACKSPACE && s->keyboard)
            backspace(s, out);
        else if (e->key == APP_KEY_ENTER && s->keyboard)
            on_action(s, FIELD_ACT_KEYBOARD_DONE, 0, out);
        else if (e->key == APP_KEY_ESCAPE)
            on_action(s, FIELD_ACT_BACK, 0, out);
        break;
    case EV_SCROLL:
        s->scroll += (int)e->dy;
        if (s->scroll > s->scroll_max)
            s->scroll = s->scroll_max;
        if (s->scroll < 0)
            s->scroll = 0;
        s->dirty = true;
        break;
    default:
        break;
    }
    if (s->screen != s->scrolled_screen) {
        /* Every screen opens at its top, except the form back from the picker: where it was. */
        bool back_to_form = s->scrolled_screen == FS_PICKER && s->screen == FS_FORM;
        if (s->scrolled_screen == FS_FORM && s->screen == FS_PICKER)
            s->form_scroll = s->scroll;
        s->scroll = back_to_form ? s->form_scroll : 0;
        s->scrolled_screen = s->screen;
    }
}
