/* worker_photo: the field profile's photos on the worker. The photo folder is listed from file
 * headers only (photo_probe), newest first; a thumbnail is decoded at 256 px for the picker; a
 * chosen photo is prepared (<= 2048 px, upright, metadata-free JPEG, photo.c) into a temporary
 * file in the data directory, read back and checked against its SHA-256, and stored sealed with
 * the draft in one transaction (store_report_photo_add), then the temporary file goes. Each of
 * these runs as one step of worker_field_step: at most one photo per loop iteration. */
#include "photo.h"
#include "worker_int.h"

#include "crypto.h"

#include <SDL.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* ---- photos ------------------------------------------------------------------------------------
 */

/* A file name in the photo folder (no path, not hidden) and its path. */
static bool photo_path(worker *w, const char *name, char *path, size_t cap)
{
    if (!name[0] || name[0] == '.' || strchr(name, '/') || !w->cfg.photo_dir[0])
        return false;
    int n = snprintf(path, cap, "%s/%s", w->cfg.photo_dir, name);
    return n > 0 && (size_t)n < cap;
}

static int pick_cmp(const void *pa, const void *pb)
{
    const field_pick *a = pa, *b = pb;
    if (a->mtime != b->mtime)
        return a->mtime > b->mtime ? -1 : 1; /* newest first */
    return strcmp(a->name, b->name);
}

void worker_photo_scan(worker *w)
{
    msg_result *r = worker_result(RES_PHOTO_SCAN);
    DIR *d = NULL;
    size_t cap = 0;
    if (!r)
        goto out;
    worker_copy_utf8(r->text, sizeof r->text, w->cfg.photo_dir);
    if (!w->cfg.photo_dir[0] || !(d = opendir(w->cfg.photo_dir))) {
        r->status = NET_STORAGE;
        snprintf(r->code, sizeof r->code, "%s",
                 !w->cfg.photo_dir[0] ? "no_folder"
                 : errno == ENOENT    ? "not_found"
                                      : "io");
        snprintf(r->text, sizeof r->text, "the photo folder cannot be read");
        goto out;
    }
    /* Every regular file: a picture is probed from its header, anything else says why not. */
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        char path[1024];
        struct stat sb;
        /* A name must come back whole in a result's text (CMD_PHOTO_THUMB, _ADD). */
        if (strlen(e->d_name) >= sizeof r->text || !photo_path(w, e->d_name, path, sizeof path) ||
            stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (r->n_picks == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            field_pick *np = realloc(r->picks, ncap * sizeof *np);
            if (!np)
                break;
            r->picks = np;
            cap = ncap;
        }
        field_pick *p = &r->picks[r->n_picks++];
        memset(p, 0, sizeof *p);
        snprintf(p->name, sizeof p->name, "%s", e->d_name);
        p->bytes = (int64_t)sb.st_size;
        p->mtime = (int64_t)sb.st_mtime;
    }
    if (r->n_picks)
        qsort(r->picks, r->n_picks, sizeof r->picks[0], pick_cmp);
    if (r->n_picks > WORKER_PICKS_MAX)
        r->n_picks = WORKER_PICKS_MAX;
    for (size_t i = 0; i < r->n_picks; i++) {
        char path[1024];
        photo_info info;
        field_pick *p = &r->picks[i];
        photo_err pe =
            photo_path(w, p->name, path, sizeof path) ? photo_probe(path, &info) : PHOTO_ERR_IO;
        p->problem = photo_problem(pe);
        if (pe == PHOTO_OK || pe == PHOTO_ERR_TOO_LARGE) {
            bool turned = info.orientation >= 5 && info.orientation <= 8;
            p->width = turned ? info.height : info.width;
            p->height = turned ? info.width : info.height;
        }
    }
out:
    if (d)
        closedir(d);
    worker_post(w, r);
}

void worker_photo_thumb(worker *w, const msg_cmd *c)
{
    msg_result *r = worker_result(RES_PHOTO_THUMB);
    char path[1024];
    SDL_Surface *s = NULL;
    if (!r)
        goto out;
    worker_copy_utf8(r->text, sizeof r->text, c->text);
    photo_err e;
    if (c->id[0]) { /* a photo of a stored report: its prepared bytes */
        uint8_t *data = NULL;
        size_t len = 0;
        snprintf(r->id, sizeof r->id, "%s", c->id);
        e = worker_field_ready(w, r) &&
                    store_report_file(w->st, c->id, c->text, &data, &len) == STORE_OK
                ? photo_thumbnail_mem(data, len, PHOTO_THUMB, &s)
                : PHOTO_ERR_IO;
        free(data);
    } else {
        e = photo_path(w, c->text, path, sizeof path) ? photo_thumbnail(path, PHOTO_THUMB, &s)
                                                      : PHOTO_ERR_IO;
    }
    if (e != PHOTO_OK) {
        r->arg = photo_problem(e);
        snprintf(r->code, sizeof r->code, "%s", photo_err_name(e));
        goto out;
    }
    r->ok = true;
    r->image = s;
    r->image_w = s->w;
    r->image_h = s->h;
out:
    worker_post(w, r);
}

/* The NET_STORAGE code of a failed write into the data directory. */
static const char *space_code(const char *dir)
{
    struct statvfs v;
    if (statvfs(dir, &v) != 0)
        return "io";
    if (v.f_flag & ST_RDONLY)
        return "read_only";
    return (uint64_t)v.f_bavail * v.f_frsize < 4u * 1024 * 1024 ? "disk_full" : "io";
}

/* Reads a whole file of at most max bytes. */
static bool read_all(const char *path, size_t max, uint8_t **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    *out = NULL;
    if (fd < 0 || fstat(fd, &sb) != 0 || sb.st_size < 1 || (uint64_t)sb.st_size > max ||
        !(*out = malloc((size_t)sb.st_size))) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    size_t done = 0, want = (size_t)sb.st_size;
    while (done < want) {
        ssize_t n = read(fd, *out + done, want - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    close(fd);
    if (done != want) {
        free(*out);
        *out = NULL;
        return false;
    }
    *len = want;
    return true;
}

static bool key_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= FIELD_KEY_CAP)
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* The next manifest name: "pNN-<first 8 hex of the hash>.jpg", NN after the highest in use. */
static void photo_name(const report_row *row, const char *sha, char *out, size_t cap)
{
    int top = 0;
    for (int i = 0; i < row->n_photos; i++) {
        int k = 0;
        if (sscanf(row->photos[i].name, "p%d-", &k) == 1 && k > top)
            top = k;
    }
    snprintf(out, cap, "p%02d-%.8s.jpg", top + 1, sha);
}

void worker_photo_add(worker *w, const msg_cmd *c)
{
    msg_result *r = worker_result(RES_PHOTO_ADDED);
    report_row row = {0};
    char src[1024], tmp[600], sha[CRYPTO_SHA256_HEX];
    uint8_t *data = NULL;
    size_t len = 0;
    bool have_tmp = false;
    if (!r)
        goto out;
    snprintf(r->id, sizeof r->id, "%s", c->id);
    worker_copy_utf8(r->text, sizeof r->text, c->text);
    r->arg = FP_UNREADABLE;
    if (!worker_field_ready(w, r))
        goto out;
    store_err e = store_report_get(w->st, c->id, &row);
    if (e == STORE_NOT_FOUND || (e == STORE_OK && row.state != REPORT_DRAFT)) {
        worker_refuse(r, "not_draft", "photos go only into a stored draft");
        goto out;
    }
    if (e != STORE_OK) {
        worker_store_status(r, e);
        goto out;
    }
    if (!key_valid(c->title)) {
        worker_refuse(r, "invalid_field", "not a form field key");
        goto out;
    }
    if (row.n_photos >= FIELD_PHOTOS_MAX) {
        worker_refuse(r, "too_many_photos", "the report has as many photos as it can take");
        goto out;
    }
    photo_result pr;
    snprintf(tmp, sizeof tmp, "%s/%s", w->cfg.data_dir, WORKER_TEMP_PHOTO);
    photo_err pe = photo_path(w, c->text, src, sizeof src)
                       ? photo_prepare(src, tmp, PHOTO_EDGE, PHOTO_QUALITY, &pr)
                       : PHOTO_ERR_IO;
    have_tmp = pe == PHOTO_OK;
    if (pe != PHOTO_OK) {
        r->arg = photo_problem(pe);
        worker_copy_utf8(r->text, sizeof r->text, c->text);
        if (pe == PHOTO_ERR_WRITE) {
            r->status = NET_STORAGE;
            snprintf(r->code, sizeof r->code, "%s", space_code(w->cfg.data_dir));
        } else {
            snprintf(r->code, sizeof r->code, "%s", photo_err_name(pe));
        }
        goto out;
    }
    /* The stored bytes are the prepared file exactly: its hash is checked again. */
    bool read = read_all(tmp, WIRE_FILE_MAX, &data, &len);
    if (read)
        crypto_sha256_hex(data, len, sha);
    if (!read || strcmp(sha, pr.sha256) != 0) {
        r->arg = FP_UNREADABLE;
        snprintf(r->code, sizeof r->code, "prepared photo unreadable");
        goto out;
    }
    field_photo *p = &r->photo;
    photo_name(&row, sha, p->name, sizeof p->name);
    worker_copy_utf8(p->field, sizeof p->field, c->title); /* a key: checked above */
    worker_copy_utf8(p->source, sizeof p->source, c->text);
    snprintf(p->sha256, sizeof p->sha256, "%s", sha);
    p->bytes = (int64_t)len;
    p->width = pr.width;
    p->height = pr.height;
    e = store_report_photo_add(w->st, c->id, p, data, len, worker_wall_s());
    if (e != STORE_OK) {
        memset(p, 0, sizeof *p);
        if (e == STORE_EXISTS) {
            worker_refuse(r, "not_draft", "the report was submitted meanwhile");
        } else {
            r->arg = FP_NO_SPACE;
            worker_store_status(r, e);
        }
        goto out;
    }
    r->ok = true;
    r->arg = FP_OK;
    /* The form shows the photo as it will be sent (upright, resized): a thumbnail of it. */
    SDL_Surface *thumb = NULL;
    if (photo_thumbnail(tmp, PHOTO_THUMB, &thumb) == PHOTO_OK)
        r->image = thumb;
out:
    if (have_tmp && unlink(tmp) != 0)
        fprintf(stderr, "paraf: worker: cannot remove %s\n", tmp);
    free(data);
    store_report_row_free(&row);
    worker_post(w, r);
}

void worker_photo_remove(worker *w, const msg_cmd *c)
{
    msg_result *r = worker_result(RES_REPORT_SAVED);
    if (!r) {
        worker_post(w, r);
        return;
    }
    snprintf(r->id, sizeof r->id, "%s", c->id);
    snprintf(r->photo.name, sizeof r->photo.name, "%.63s",
             c->text); /* which removal this answers */
    if (worker_field_ready(w, r)) {
        store_err e = store_report_photo_remove(w->st, c->id, c->text, worker_wall_s());
        if (e == STORE_EXISTS)
            worker_refuse(r, "not_draft", "the report was submitted: its photos are frozen");
        else if (e != STORE_OK && e != STORE_NOT_FOUND)
            worker_store_status(r, e);
    }
    r->ok = r->status == NET_OK;
    worker_post(w, r);
}
