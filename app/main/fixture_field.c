/* fixture_field: the field profile's answers from files, for golden screenshots (see fixture.c).
 * In DIR: assignments.json (a /v1/assignments body), photos/ (the picker's folder: probed,
 * thumbnailed and prepared with the real photo pipeline, into a temporary folder), and optional
 * files: `offline` (the hub is unreachable: the cached list, submitted reports wait), `uploading`
 * (a submitted report stays on its way: the second of its photos at 45 %), `no-gps` (gpsd is not
 * running). The fix otherwise is 9 m from the first assignment's site, taken a minute ago. Reports
 * live in memory for the run. */
#include "paraf.h"

#include "field_json.h"
#include "photo.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURE_REPORTS 16

typedef struct {
    field_report reports[FIXTURE_REPORTS];
    int n;
    char tmp[64]; /* prepared photos */
} field_fixture;

static bool flag(const char *dir, const char *name)
{
    char path[700];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static msg_result *result(paraf *p, msg_result_kind kind)
{
    msg_result *r = calloc(1, sizeof *r);
    if (r) {
        r->kind = kind;
        r->now = paraf_now_ms(p) / 1000;
    }
    return r;
}

static int cmp_pick(const void *a, const void *b)
{
    return strcmp(((const field_pick *)a)->name, ((const field_pick *)b)->name);
}

/* The folder's files, by name (fixtures have no meaningful times). */
static void scan(const char *dir, msg_result *r)
{
    char path[700];
    snprintf(path, sizeof path, "%s/photos", dir);
    DIR *d = opendir(path);
    snprintf(r->text, sizeof r->text, "%.190s", path);
    if (!d) {
        r->status = NET_STORAGE;
        return;
    }
    r->picks = calloc(FIELD_PICKS_MAX, sizeof *r->picks);
    struct dirent *e;
    while (r->picks && r->n_picks < FIELD_PICKS_MAX && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        field_pick *k = &r->picks[r->n_picks++];
        snprintf(k->name, sizeof k->name, "%s", e->d_name);
        char file[1000];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        photo_info info;
        photo_err pe = photo_probe(file, &info);
        k->problem = photo_problem(pe);
        if (pe == PHOTO_OK || pe == PHOTO_ERR_TOO_LARGE) {
            k->width = info.width;
            k->height = info.height;
        }
        k->bytes = (int64_t)info.file_size;
    }
    closedir(d);
    if (r->picks)
        qsort(r->picks, r->n_picks, sizeof *r->picks, cmp_pick);
}

static field_report *find(field_fixture *ff, const char *id)
{
    for (int i = 0; i < ff->n; i++)
        if (strcmp(ff->reports[i].report_id, id) == 0)
            return &ff->reports[i];
    return NULL;
}

static field_report *put(field_fixture *ff, const field_report *rep)
{
    field_report *old = find(ff, rep->report_id);
    if (!old && ff->n < FIXTURE_REPORTS)
        old = &ff->reports[ff->n++];
    if (old)
        *old = *rep;
    return old;
}

static void post_report(paraf *p, const field_report *rep)
{
    msg_result *r = result(p, RES_REPORT);
    if (!r)
        return;
    r->reports = malloc(sizeof *r->reports);
    if (r->reports) {
        r->reports[0] = *rep;
        r->n_reports = 1;
    }
    paraf_post_result(p, r);
}

bool fixture_field_send(const char *dir, void **state, paraf *p, msg_cmd *c)
{
    field_fixture *ff = *state;
    if (!ff) {
        ff = *state = calloc(1, sizeof *ff);
        if (!ff)
            return false;
        snprintf(ff->tmp, sizeof ff->tmp, "/tmp/paraf-fixture-XXXXXX");
        if (!mkdtemp(ff->tmp))
            ff->tmp[0] = '\0';
    }
    msg_result *r = NULL;
    char path[1200];
    switch (c->kind) {
    case CMD_START: { /* the fix arrives with the start */
        msg_result *loc = result(p, RES_LOCATION);
        if (loc && !flag(dir, "no-gps")) {
            loc->ok = true;
            loc->fix = (gps_fix){.valid = true,
                                 .lat = -8.48615,
                                 .lon = 115.24705,
                                 .accuracy_m = 9.0,
                                 .mode = GPS_MODE_3D,
                                 .fix_time = loc->now - 60,
                                 .received_at = loc->now - 60};
        }
        if (loc)
            paraf_post_result(p, loc);
        return false; /* fixture.c answers the start itself */
    }
    case CMD_FETCH_ASSIGNMENTS: {
        r = result(p, RES_ASSIGNMENTS);
        if (!r)
            break;
        snprintf(path, sizeof path, "%s/assignments.json", dir);
        FILE *fp = fopen(path, "rb");
        char *body = fp ? malloc(FIELD_JSON_MAX) : NULL;
        size_t len = body ? fread(body, 1, FIELD_JSON_MAX, fp) : 0;
        if (fp)
            fclose(fp);
        char why[160] = "";
        r->assignments = body ? malloc(sizeof *r->assignments) : NULL;
        if (!r->assignments ||
            !field_json_assignments(body, len, r->assignments, why, sizeof why)) {
            fprintf(stderr, "paraf: fixture: assignments: %s\n", why[0] ? why : "missing");
            free(r->assignments);
            r->assignments = NULL;
            r->status = NET_MALFORMED;
        } else if (flag(dir, "offline")) {
            r->status = NET_OFFLINE;
            r->cached = true;
            r->synced_at = r->now - 3 * 3600;
        }
        free(body);
        break;
    }
    case CMD_REPORTS_LIST:
        r = result(p, RES_REPORTS);
        if (r && ff->n) {
            r->reports = calloc((size_t)ff->n, sizeof *r->reports);
            for (int i = 0; r->reports && i < ff->n; i++) /* newest first */
                r->reports[i] = ff->reports[ff->n - 1 - i];
            r->n_reports = r->reports ? (size_t)ff->n : 0;
        }
        break;
    case CMD_REPORT_SAVE:
        r = result(p, RES_REPORT_SAVED);
        if (r)
            r->arg = c->arg; /* the save's number, as the worker echoes it */
        if (r && c->report) {
            snprintf(r->id, sizeof r->id, "%s", c->report->report_id);
            const field_report *old = find(ff, c->report->report_id);
            if (old && old->state != REPORT_DRAFT)
                r->status = NET_REFUSED; /* frozen */
            else
                put(ff, c->report);
        }
        break;
    case CMD_REPORT_SUBMIT:
        if (c->report) {
            field_report rep = *c->report;
            rep.state = flag(dir, "offline") ? REPORT_WAITING : REPORT_SENDING;
            if (rep.state == REPORT_SENDING && !flag(dir, "uploading"))
                rep.state = REPORT_SENT;
            if (rep.state == REPORT_SENDING) {
                rep.files_done = rep.n_photos > 1 ? 1 : 0;
                rep.bytes_done = rep.n_photos > 1 ? rep.photos[1].bytes * 45 / 100 : 0;
            } else if (rep.state == REPORT_SENT) {
                rep.files_done = rep.n_photos;
            }
            const field_report *stored = put(ff, &rep);
            if (stored)
                post_report(p, stored);
        }
        break;
    case CMD_REPORT_DISCARD:
        for (int i = 0; i < ff->n; i++)
            if (strcmp(ff->reports[i].report_id, c->id) == 0) {
                memmove(&ff->reports[i], &ff->reports[i + 1],
                        (size_t)(ff->n - i - 1) * sizeof ff->reports[0]);
                ff->n--;
                break;
            }
        break;
    case CMD_PHOTO_SCAN:
        r = result(p, RES_PHOTO_SCAN);
        if (r)
            scan(dir, r);
        break;
    case CMD_PHOTO_THUMB: {
        r = result(p, RES_PHOTO_THUMB);
        if (!r)
            break;
        snprintf(r->text, sizeof r->text, "%.190s", c->text);
        snprintf(path, sizeof path, "%s/photos/%s", dir, c->text);
        if (c->id[0]) { /* a stored photo: the fixture keeps its source's name */
            snprintf(r->id, sizeof r->id, "%s", c->id);
            const field_report *rep = find(ff, c->id);
            for (int i = 0; rep && i < rep->n_photos; i++)
                if (strcmp(rep->photos[i].name, c->text) == 0)
                    snprintf(path, sizeof path, "%s/photos/%s", dir, rep->photos[i].source);
        }
        SDL_Surface *s = NULL;
        photo_err pe = photo_thumbnail(path, PHOTO_THUMB, &s);
        if (pe == PHOTO_OK)
            r->image = s;
        else
            r->arg = photo_problem(pe);
        break;
    }
    case CMD_PHOTO_ADD: {
        r = result(p, RES_PHOTO_ADDED);
        if (!r)
            break;
        snprintf(r->id, sizeof r->id, "%s", c->id);
        snprintf(r->text, sizeof r->text, "%.190s", c->text);
        field_report *rep = find(ff, c->id);
        char src[1000], dst[600];
        snprintf(src, sizeof src, "%s/photos/%s", dir, c->text);
        int n = rep ? rep->n_photos + 1 : 1;
        snprintf(dst, sizeof dst, "%s/p%02d.jpg", ff->tmp, n);
        photo_result pr;
        photo_err pe =
            ff->tmp[0] ? photo_prepare(src, dst, PHOTO_EDGE, PHOTO_QUALITY, &pr) : PHOTO_ERR_WRITE;
        if (pe != PHOTO_OK) {
            r->arg = photo_problem(pe);
            break;
        }
        SDL_Surface *thumb = NULL;
        if (photo_thumbnail(dst, PHOTO_THUMB, &thumb) == PHOTO_OK)
            r->image = thumb; /* the form shows the photo as it will be sent */
        unlink(dst);
        r->ok = true;
        field_photo *ph = &r->photo;
        snprintf(ph->name, sizeof ph->name, "p%02d-%.8s.jpg", n, pr.sha256);
        snprintf(ph->field, sizeof ph->field, "%.32s", c->title);
        snprintf(ph->source, sizeof ph->source, "%.250s", c->text);
        snprintf(ph->sha256, sizeof ph->sha256, "%s", pr.sha256);
        ph->bytes = (int64_t)pr.bytes;
        ph->width = pr.width;
        ph->height = pr.height;
        if (rep && rep->n_photos < FIELD_PHOTOS_MAX)
            rep->photos[rep->n_photos++] = *ph;
        break;
    }
    case CMD_PHOTO_REMOVE: {
        field_report *rep = find(ff, c->id);
        for (int i = 0; rep && i < rep->n_photos; i++)
            if (strcmp(rep->photos[i].name, c->text) == 0) {
                memmove(&rep->photos[i], &rep->photos[i + 1],
                        (size_t)(rep->n_photos - i - 1) * sizeof rep->photos[0]);
                rep->n_photos--;
                break;
            }
        break;
    }
    default:
        return false;
    }
    if (r)
        paraf_post_result(p, r);
    return true;
}

void fixture_field_close(void *state)
{
    field_fixture *ff = state;
    if (ff && ff->tmp[0])
        rmdir(ff->tmp);
    free(ff);
}
