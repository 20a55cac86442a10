/* The field profile's photos in the worker (field_harness.h), against a real paraf-hub: the photo
 * folder listed from headers only (newest first, bad files with their reason, hidden files and
 * folders left out), thumbnails, photos prepared and stored sealed with the draft (names, sizes,
 * a save never drops them, removal), bad files refused with nothing stored and no temporary file
 * left, transfers kept moving between photos; and a full or read-only data directory (a small
 * tmpfs; root only, skipped otherwise): the draft and photo are refused with NET_STORAGE and the
 * code, and what was saved before is intact. */
#include "field_harness.h"

#include "store.h"

#include <errno.h>
#include <sys/mount.h>
#include <sys/stat.h>

/* ---- photos ------------------------------------------------------------------------------------
 */

static void set_mtime(fixture *f, const char *name, time_t t)
{
    char path[600];
    struct timeval tv[2] = {{t, 0}, {t, 0}};
    snprintf(path, sizeof path, "%s/%s", f->photos, name);
    assert_int_equal(utimes(path, tv), 0);
}

static void write_file(fixture *f, const char *name, const char *data, size_t len)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", f->photos, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
}

static const field_pick *pick(const msg_result *r, const char *name)
{
    for (size_t i = 0; i < r->n_picks; i++)
        if (strcmp(r->picks[i].name, name) == 0)
            return &r->picks[i];
    return NULL;
}

static bool dir_has(const char *dir, const char *needle)
{
    DIR *d = opendir(dir);
    bool found = false;
    size_t k = strlen(needle);
    for (struct dirent *e; d && !found && (e = readdir(d)) != NULL;) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        static char buf[16 << 20];
        size_t n = fp ? fread(buf, 1, sizeof buf, fp) : 0;
        if (fp)
            fclose(fp);
        for (size_t at = 0; at + k <= n && !found; at++)
            found = memcmp(buf + at, needle, k) == 0;
    }
    if (d)
        closedir(d);
    return found;
}

static void test_photo_folder(void **state)
{
    fixture *f = *state;
    static const char gif[] = "GIF89a\x10\x00\x10\x00\x80\x00\x00";
    write_file(f, "anim.gif", gif, sizeof gif - 1);
    write_file(f, "readme.txt", "not a picture\n", 14);
    write_file(f, ".hidden.jpg", "x", 1);
    char sub[600];
    snprintf(sub, sizeof sub, "%s/sub.jpg", f->photos);
    assert_int_equal(mkdir(sub, 0755), 0);
    static const char *const order[] = {
        "notes.jpg",     "small-1600.jpg", "scan.png",  "anim.gif",   "portrait-exif6.jpg",
        "truncated.jpg", "huge.png",       "empty.jpg", "readme.txt", "big-12mp.jpg"};
    time_t t = time(NULL);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        set_mtime(f, order[i], t - (time_t)(i * 60));
    send_cmd(f, CMD_PHOTO_SCAN, NULL, NULL, NULL);
    msg_result *r = must(&f->q, RES_PHOTO_SCAN, NULL);
    assert_int_equal(r->status, NET_OK);
    assert_string_equal(r->text, f->photos);
    assert_int_equal(r->n_picks, sizeof order / sizeof order[0]); /* not hidden, not the folder */
    for (size_t i = 0; i < r->n_picks; i++)
        assert_string_equal(r->picks[i].name, order[i]); /* newest first */
    assert_int_equal(pick(r, "big-12mp.jpg")->problem, FP_OK);
    assert_int_equal(pick(r, "big-12mp.jpg")->width, 4000);
    assert_int_equal(pick(r, "portrait-exif6.jpg")->width, 1800); /* upright */
    assert_int_equal(pick(r, "portrait-exif6.jpg")->height, 2400);
    assert_int_equal(pick(r, "scan.png")->problem, FP_OK);
    assert_int_equal(pick(r, "truncated.jpg")->problem, FP_OK); /* the header is fine */
    assert_int_equal(pick(r, "huge.png")->problem, FP_TOO_LARGE);
    assert_int_equal(pick(r, "empty.jpg")->problem, FP_NOT_IMAGE);
    assert_int_equal(pick(r, "notes.jpg")->problem, FP_NOT_IMAGE);
    assert_int_equal(pick(r, "readme.txt")->problem, FP_NOT_IMAGE);
    assert_int_equal(pick(r, "anim.gif")->problem, FP_UNSUPPORTED);
    assert_true(pick(r, "notes.jpg")->bytes > 0);
    result_free(r);

    /* Thumbnails: a surface of at most 256 px, or the reason. */
    send_cmd(f, CMD_PHOTO_THUMB, NULL, NULL, "portrait-exif6.jpg");
    r = must(&f->q, RES_PHOTO_THUMB, NULL);
    assert_true(r->ok);
    assert_non_null(r->image);
    assert_int_equal(r->image_h, 256);
    assert_int_equal(r->image_w, 192);
    assert_string_equal(r->text, "portrait-exif6.jpg");
    result_free(r);
    static const struct {
        const char *name;
        field_photo_problem p;
    } bad[] = {{"truncated.jpg", FP_BROKEN},
               {"notes.jpg", FP_NOT_IMAGE},
               {"anim.gif", FP_UNSUPPORTED},
               {"gone.jpg", FP_UNREADABLE},
               {"../photos/scan.png", FP_UNREADABLE}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        send_cmd(f, CMD_PHOTO_THUMB, NULL, NULL, bad[i].name);
        r = must(&f->q, RES_PHOTO_THUMB, NULL);
        assert_false(r->ok);
        assert_null(r->image);
        assert_string_equal(r->text, bad[i].name);
        assert_int_equal(r->arg, bad[i].p);
        result_free(r);
    }
}

static void test_photo_add(void **state)
{
    fixture *f = *state;
    field_report *r = report_new("tgs-001");
    save_ok(f, r);
    field_photo p = photo_add_ok(f, r->report_id, "foto_meter", "small-1600.jpg");
    char want[40];
    snprintf(want, sizeof want, "p01-%.8s.jpg", p.sha256);
    assert_string_equal(p.name, want);
    assert_string_equal(p.field, "foto_meter");
    assert_string_equal(p.source, "small-1600.jpg");
    assert_int_equal(p.width, 1600);
    assert_int_equal(p.height, 1200);
    assert_true(p.bytes > 10000);
    /* Bad files: the reason, nothing stored, no temporary file left. */
    static const struct {
        const char *name;
        field_photo_problem p;
    } bad[] = {{"truncated.jpg", FP_BROKEN}, {"huge.png", FP_TOO_LARGE},
               {"notes.jpg", FP_NOT_IMAGE},  {"empty.jpg", FP_NOT_IMAGE},
               {"anim.gif", FP_UNSUPPORTED}, {"gone.jpg", FP_UNREADABLE},
               {"sub.jpg", FP_UNREADABLE}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        msg_result *x = photo_add(f, r->report_id, "foto_meter", bad[i].name);
        assert_false(x->ok);
        assert_int_equal(x->arg, bad[i].p);
        assert_string_equal(x->text, bad[i].name);
        assert_string_equal(x->photo.name, "");
        result_free(x);
    }
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s/.photo-prepare.jpg", f->data);
    assert_int_equal(access(tmp, F_OK), -1);
    field_report *back = malloc(sizeof *back);
    assert_true(listed(f, r->report_id, back));
    assert_int_equal(back->n_photos, 1);
    assert_memory_equal(&back->photos[0], &p, sizeof p);
    /* A save does not drop photos (they are the store's), a removal does; names keep counting. */
    r->n_photos = 0;
    save_ok(f, r);
    field_photo q = photo_add_ok(f, r->report_id, "foto_meter", "scan.png");
    assert_int_equal(strncmp(q.name, "p02-", 4), 0);
    send_cmd(f, CMD_PHOTO_REMOVE, r->report_id, NULL, p.name);
    msg_result *x = must(&f->q, RES_REPORT_SAVED, r->report_id);
    assert_int_equal(x->status, NET_OK);
    result_free(x);
    field_photo s = photo_add_ok(f, r->report_id, "foto_meter", "portrait-exif6.jpg");
    assert_int_equal(strncmp(s.name, "p03-", 4), 0);
    assert_int_equal(s.width, 1536); /* 1800x2400 upright, at most 2048 on the long edge */
    assert_int_equal(s.height, 2048);
    assert_true(listed(f, r->report_id, back));
    assert_int_equal(back->n_photos, 2);
    assert_string_equal(back->photos[0].name, q.name);
    assert_string_equal(back->photos[1].name, s.name);
    /* Sealed at rest: no JPEG header anywhere in the data directory. */
    assert_false(dir_has(f->data, "JFIF"));
    /* A stored photo's thumbnail, for a form opened again: read back from the store, upright. */
    send_cmd(f, CMD_PHOTO_THUMB, r->report_id, NULL, s.name);
    x = must(&f->q, RES_PHOTO_THUMB, r->report_id);
    assert_true(x->ok);
    assert_string_equal(x->text, s.name);
    assert_non_null(x->image);
    assert_int_equal(x->image_w, 192);
    assert_int_equal(x->image_h, 256);
    result_free(x);
    send_cmd(f, CMD_PHOTO_THUMB, r->report_id, NULL, p.name); /* removed: none */
    x = must(&f->q, RES_PHOTO_THUMB, r->report_id);
    assert_false(x->ok);
    assert_null(x->image);
    result_free(x);

    /* Photos do not stall the network: a fetch sent with five photos is answered before the
     * third photo is ready (one photo per turn, and a turn for the transfers between photos). */
    send_cmd(f, CMD_FETCH_ASSIGNMENTS, NULL, NULL, NULL); /* a warm connection, as in use */
    result_free(must(&f->q, RES_ASSIGNMENTS, NULL));
    send_cmd(f, CMD_FETCH_ASSIGNMENTS, NULL, NULL, NULL);
    static const char *const five[] = {"portrait-exif6.jpg", "small-1600.jpg", "scan.png",
                                       "portrait-exif6.jpg", "small-1600.jpg"};
    for (int i = 0; i < 5; i++)
        send_cmd(f, CMD_PHOTO_ADD, r->report_id, "foto_meter", five[i]);
    /* Nor do they hold back a removal: it is on disk before the queued photos are. */
    send_cmd(f, CMD_PHOTO_REMOVE, r->report_id, NULL, q.name);
    for (int i = 0; i < 2; i++)
        result_free(must(&f->q, RES_PHOTO_ADDED, r->report_id));
    x = wait_id(&f->q, RES_ASSIGNMENTS, NULL, 0);
    assert_non_null(x); /* already there */
    result_free(x);
    x = wait_id(&f->q, RES_REPORT_SAVED, r->report_id, 0);
    assert_non_null(x); /* already there */
    assert_int_equal(x->status, NET_OK);
    assert_string_equal(x->photo.name, q.name);
    result_free(x);
    assert_true(listed(f, r->report_id, back));
    for (int i = 0; i < back->n_photos; i++)
        assert_string_not_equal(back->photos[i].name, q.name);
    for (int i = 0; i < 3; i++)
        result_free(must(&f->q, RES_PHOTO_ADDED, r->report_id));
    send_cmd(f, CMD_REPORT_DISCARD, r->report_id, NULL, NULL);
    result_free(must(&f->q, RES_REPORTS, r->report_id));
    free(back);
    free(r);
}

/* ---- a full and a read-only data directory ------------------------------------------------------
 */

static void fill_disk(const char *path)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    static char chunk[4096];
    while (fwrite(chunk, 1, sizeof chunk, fp) == sizeof chunk && fflush(fp) == 0) {
    }
    fclose(fp);
}

static void test_storage_full(void **state)
{
    fixture *f = *state;
    static fixture g; /* a second device on a 4 MiB tmpfs, same hub */
    char mnt[64] = "/tmp/paraf-wfield-fs-XXXXXX", filler[200], token[300], tokfile[300];
    assert_non_null(mkdtemp(mnt));
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=4m,mode=0700") != 0) {
        fprintf(stderr, "test_storage_full: SKIPPED: cannot mount a tmpfs (%s)\n", strerror(errno));
        rmdir(mnt);
        skip();
    }
    g = *f;
    g.w = NULL;
    g.q.n = 0;
    pthread_mutex_init(&g.q.mu, NULL);
    pthread_cond_init(&g.q.cv, NULL);
    snprintf(g.data, sizeof g.data, "%s/data", mnt);
    snprintf(g.cfg.data_dir, sizeof g.cfg.data_dir, "%s", g.data);
    snprintf(filler, sizeof filler, "%s/filler", mnt);
    snprintf(tokfile, sizeof tokfile, "%s/field.token", f->dir);
    assert_int_equal(hubtest_new_token(&f->hub, "field:petugas-01", token, sizeof token), 0);
    FILE *tf = fopen(tokfile, "w");
    assert_non_null(tf);
    fprintf(tf, "%s\n", token);
    fclose(tf);
    snprintf(g.cfg.token_file, sizeof g.cfg.token_file, "%s", tokfile);
    start_worker(&g);
    field_report *r = report_new("tgs-001");
    field_answer *a = field_answer_for(r, "catatan");
    a->set = true;
    snprintf(a->text, sizeof a->text, "sebelum penuh");
    save_ok(&g, r);
    field_photo p = photo_add_ok(&g, r->report_id, "foto_meter", "small-1600.jpg");

    /* Full: neither the answers nor a photo are claimed saved. */
    fill_disk(filler);
    snprintf(a->text, sizeof a->text, "sesudah penuh");
    msg_result *x = save(&g, r);
    assert_int_equal(x->status, NET_STORAGE);
    assert_string_equal(x->code, "disk_full");
    assert_false(x->ok);
    result_free(x);
    x = photo_add(&g, r->report_id, "foto_meter", "scan.png");
    assert_false(x->ok);
    assert_int_equal(x->arg, FP_NO_SPACE);
    assert_int_equal(x->status, NET_STORAGE);
    assert_string_equal(x->code, "disk_full");
    result_free(x);
    stop_worker(&g);
    assert_int_equal(unlink(filler), 0);

    /* Read-only: either the store does not open (the start says so) or it opens for reading only
     * (the WAL could not be folded back while the disk was full); a save says read_only. */
    assert_int_equal(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
    g.w = worker_start(&g.cfg, results_post, &g.q);
    assert_non_null(g.w);
    send_cmd(&g, CMD_START, NULL, NULL, NULL);
    x = must(&g.q, RES_STARTED, NULL);
    if (x->status != NET_OK) {
        assert_int_equal(x->status, NET_STORAGE);
        assert_string_equal(x->code, "read_only");
    }
    result_free(x);
    x = save(&g, r);
    assert_int_equal(x->status, NET_STORAGE);
    assert_string_equal(x->code, "read_only");
    result_free(x);
    stop_worker(&g);
    assert_int_equal(mount(NULL, mnt, NULL, MS_REMOUNT, NULL), 0);

    /* What was saved before is intact: the first answers and the photo. */
    start_worker(&g);
    field_report *back = malloc(sizeof *back);
    assert_true(listed(&g, r->report_id, back));
    assert_string_equal(field_answer_find(back, "catatan")->text, "sebelum penuh");
    assert_int_equal(back->n_photos, 1);
    assert_memory_equal(&back->photos[0], &p, sizeof p);
    stop_worker(&g);
    free(back);
    free(r);
    assert_int_equal(umount(mnt), 0);
    assert_int_equal(rmdir(mnt), 0);
}

/* Saves land in the order they were made. A save waiting behind a discard (which nothing
 * overtakes) and a photo must not be overtaken by the next save either: the older answers would
 * overwrite the newer ones on disk after the form said "Draf tersimpan". */
static void test_saves_keep_their_order(void **state)
{
    fixture *f = *state;
    field_report *r = report_new("tgs-001"), *other = report_new("tgs-004");
    save_ok(f, r);
    save_ok(f, other);
    for (int round = 0; round < 3; round++) {
        send_cmd(f, CMD_PHOTO_THUMB, NULL, NULL, "small-1600.jpg");
        send_cmd(f, CMD_REPORT_DISCARD, other->report_id, NULL, NULL);
        send_cmd(f, CMD_PHOTO_THUMB, NULL, NULL, "portrait-exif6.jpg");
        int seq[2] = {1000 + 2 * round, 1001 + 2 * round};
        for (int k = 0; k < 2; k++) {
            snprintf(field_answer_for(r, "catatan")->text, FIELD_TEXT_CAP, "versi %d", seq[k]);
            field_answer_for(r, "catatan")->set = true;
            msg_cmd *c = cmd_new(CMD_REPORT_SAVE, NULL, NULL, NULL);
            c->report = malloc(sizeof *c->report);
            assert_non_null(c->report);
            *c->report = *r;
            c->arg = seq[k];
            worker_send(f->w, c);
            if (k == 0)
                usleep(5000); /* the discard has run, the first save waits behind a photo */
        }
        for (int k = 0; k < 2; k++) {
            msg_result *x = must(&f->q, RES_REPORT_SAVED, r->report_id);
            assert_int_equal(x->status, NET_OK);
            assert_int_equal(x->arg, seq[k]); /* in the order they were made */
            result_free(x);
        }
        for (int k = 0; k < 2; k++)
            result_free(must(&f->q, RES_PHOTO_THUMB, NULL));
        result_free(must(&f->q, RES_REPORTS, other->report_id)); /* the discard's answer */
        field_report *back = malloc(sizeof *back);
        assert_true(listed(f, r->report_id, back));
        char want[32];
        snprintf(want, sizeof want, "versi %d", seq[1]);
        const field_answer *note = field_answer_find(back, "catatan");
        assert_non_null(note);
        assert_string_equal(note->text, want); /* the newer answer is the one on disk */
        free(back);
        save_ok(f, other); /* there again for the next round */
    }
    send_cmd(f, CMD_REPORT_DISCARD, r->report_id, NULL, NULL);
    result_free(must(&f->q, RES_REPORTS, r->report_id));
    send_cmd(f, CMD_REPORT_DISCARD, other->report_id, NULL, NULL);
    result_free(must(&f->q, RES_REPORTS, other->report_id));
    free(r);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_photo_folder),
        cmocka_unit_test(test_photo_add),
        cmocka_unit_test(test_saves_keep_their_order),
        cmocka_unit_test(test_storage_full),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
