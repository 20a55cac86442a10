/* Unit tests of i18n: the table is strictly sorted (binary search depends on it), complete for
 * the screens' strings, valid UTF-8, with identical printf placeholders in both languages; tr()
 * falls back to the Indonesian key. A scan of the sources (app/core, app/ui, app/main under
 * PARAF_SOURCE) finds every key
 * handed to T() or tr() and fails on any without English. */
#include "i18n.h"
#include "wire.h"

#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void test_sorted_unique(void **state)
{
    (void)state;
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    assert_non_null(p);
    assert_true(n >= 70);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(p[i - 1].id, p[i].id) >= 0)
            fail_msg("i18n table out of order or duplicated at %zu: '%s' then '%s'", i, p[i - 1].id,
                     p[i].id);
    }
}

static void test_entries_well_formed(void **state)
{
    (void)state;
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(p[i].id);
        assert_non_null(p[i].en);
        assert_true(p[i].id[0] != '\0');
        assert_true(p[i].en[0] != '\0');
        assert_true(wire_utf8_valid(p[i].id, strlen(p[i].id)));
        assert_true(wire_utf8_valid(p[i].en, strlen(p[i].en)));
    }
}

/* The conversion specifications of a printf format, in order: "%d|%s|". */
static void placeholders(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (; *s; s++) {
        if (*s != '%')
            continue;
        const char *start = s++;
        while (*s && strchr("-+ #0123456789.lhzjt", *s))
            s++;
        if (!*s)
            break;
        size_t len = (size_t)(s - start) + 1;
        if (k + len + 2 > cap)
            break;
        memcpy(out + k, start, len);
        k += len;
        out[k++] = '|';
        out[k] = '\0';
    }
}

static void test_placeholders_match(void **state)
{
    (void)state;
    size_t n = 0, with = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < n; i++) {
        char a[64], b[64];
        placeholders(p[i].id, a, sizeof a);
        placeholders(p[i].en, b, sizeof b);
        if (strcmp(a, b) != 0)
            fail_msg("placeholders differ for '%s': '%s' vs '%s'", p[i].id, a, b);
        with += a[0] != '\0';
    }
    assert_true(with >= 3);
    char ph[64];
    placeholders(tr(LANG_EN, "PIN salah. Sisa %d percobaan."), ph, sizeof ph);
    assert_string_equal(ph, "%d|");
    placeholders(tr(LANG_EN, "Terakhir sinkron %s"), ph, sizeof ph);
    assert_string_equal(ph, "%s|");
    placeholders(tr(LANG_EN, "Halaman %d dari %d"), ph, sizeof ph);
    assert_string_equal(ph, "%d|%d|");
}

static void test_tr(void **state)
{
    (void)state;
    const char *key = "Batal";
    assert_ptr_equal(tr(LANG_ID, key), key);
    assert_string_equal(tr(LANG_EN, key), "Cancel");
    assert_string_equal(tr(LANG_EN, "Masukkan PIN"), "Enter PIN");
    assert_string_equal(tr(LANG_EN, "PIN salah. Sisa %d percobaan."),
                        "Wrong PIN. Attempts left: %d.");
    assert_string_equal(tr(LANG_EN, "Terlalu banyak percobaan. Coba lagi dalam %d detik."),
                        "Too many attempts. Try again in %d s.");
    assert_string_equal(tr(LANG_EN, "Kotak Masuk"), "Inbox");
    assert_string_equal(tr(LANG_EN, "Sangat segera"), "Very urgent");
    assert_string_equal(tr(LANG_EN, "Disposisi"), "Forward");
    assert_string_equal(tr(LANG_EN, "Mengirim\xE2\x80\xA6"), "Sending\xE2\x80\xA6");
    assert_string_equal(tr(LANG_EN, "Selesai"), "Done");
    assert_string_equal(tr(LANG_EN, "Coba lagi"), "Try again");
    assert_string_equal(tr(LANG_EN, "Tersimpan, menunggu koneksi"),
                        "Saved, waiting for a connection");

    /* Unknown or near-miss keys fall back to the key itself (same pointer). */
    const char *misses[] = {"Kata yang belum diterjemahkan",
                            "batal",
                            "Batal ",
                            " Batal",
                            "Bata",
                            "Batall",
                            "",
                            "\xFF\xFE"};
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++) {
        assert_ptr_equal(tr(LANG_EN, misses[i]), misses[i]);
        assert_ptr_equal(tr(LANG_ID, misses[i]), misses[i]);
    }
    assert_string_equal(tr(LANG_EN, NULL), "");
    assert_string_equal(tr(LANG_ID, NULL), "");
    /* Any lang value other than LANG_EN reads Indonesian. */
    assert_ptr_equal(tr((lang)7, key), key);

    /* Binary search finds every entry, first and last included. */
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(tr(LANG_EN, p[i].id), p[i].en);
        assert_ptr_equal(tr(LANG_ID, p[i].id), p[i].id);
    }
    assert_non_null(i18n_pairs(NULL));
}

/* Every string of the lock, inbox, detail, action, error and keyboard screens has a pair. */
static void test_screens_covered(void **state)
{
    (void)state;
    static const char *const screens[] = {
        "Masukkan PIN",
        "Buat PIN baru",
        "Ulangi PIN baru",
        "PIN salah. Sisa %d percobaan.",
        "Terlalu banyak percobaan. Coba lagi dalam %d detik.",
        "PIN tidak sama. Ulangi.",
        "Tablet terkunci",
        "Kotak Masuk",
        "Perlu tindakan",
        "Semua",
        "Laporan",
        "Surat disposisi",
        "Surat untuk ditandatangani",
        "SPJ",
        "Pengadaan",
        "Anggaran",
        "Terakhir sinkron %s",
        "Muat ulang",
        "Tidak ada yang perlu ditindaklanjuti",
        "Segera",
        "Sangat segera",
        "Biasa",
        "Ringkasan",
        "Lampiran",
        "Riwayat",
        "Realisasi",
        "Target",
        "Sisa",
        "Waktu berjalan",
        "Temuan",
        "Rekomendasi",
        "Selesai",
        "Proses",
        "Belum",
        "Pagu",
        "HPS",
        "Calon pemenang",
        "Penawaran",
        "Kelengkapan dokumen",
        "Ada",
        "Tidak ada",
        "Pengirim",
        "Nomor surat",
        "Tanggal diterima",
        "Perihal",
        "Paraf verifikator",
        "Penanda tangan",
        "Pendapatan",
        "Belanja",
        "Pembiayaan netto",
        "Surplus/defisit",
        "Program",
        "Setujui",
        "Kembalikan",
        "Tolak",
        "Disposisi",
        "Tanda tangan",
        "Terima laporan",
        "Batal",
        "Kirim",
        "Alasan (wajib)",
        "Catatan",
        "Penerima (maks. 5)",
        "Instruksi",
        "Passphrase",
        "Masukkan PIN untuk menyetujui",
        "Mengirim\xE2\x80\xA6",
        "Diterima server",
        "Tersimpan, menunggu koneksi",
        "Ditolak server",
        "Server tidak dapat dihubungi. Periksa jaringan, lalu coba lagi.",
        "Sambungan aman gagal: sertifikat server tidak cocok. Hubungi admin TI.",
        "Server sedang bermasalah. Coba lagi beberapa saat lagi.",
        "Data dari server rusak. Coba lagi.",
        "Gambar lampiran rusak dan tidak dapat ditampilkan.",
        "Coba lagi",
        "Spasi"};
    size_t n = 0;
    const i18n_pair *p = i18n_pairs(&n);
    for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = strcmp(p[j].id, screens[i]) == 0;
        if (!found)
            fail_msg("no English for '%s'", screens[i]);
        /* A copy of the key (another pointer) is found by content. */
        char copy[128];
        snprintf(copy, sizeof copy, "%s", screens[i]);
        assert_ptr_not_equal(tr(LANG_EN, copy), copy);
    }
}

/* ---- The UI sources: every key handed to T() or tr() has English ---- */

/* A token of C source: a word (identifier or number), a string or character literal (quotes
 * included), or one byte of punctuation. Comments and white space are dropped. */
typedef enum { TK_WORD, TK_STRING, TK_CHAR, TK_PUNCT } tok_kind;

typedef struct {
    tok_kind kind;
    const char *p;
    size_t len;
    int line;
} tok;

typedef struct {
    tok *v;
    size_t n, cap;
} tok_list;

typedef struct {
    char *v;
    size_t n, cap;
} byte_buf;

static void buf_put(byte_buf *b, char c)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->v = realloc(b->v, b->cap);
        assert_non_null(b->v);
    }
    b->v[b->n++] = c;
}

static void toks_push(tok_list *t, tok k)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->v = realloc(t->v, t->cap * sizeof *t->v);
        assert_non_null(t->v);
    }
    t->v[t->n++] = k;
}

static void tokenize(const char *s, size_t len, tok_list *out)
{
    size_t i = 0;
    int line = 1;
    while (i < len) {
        char c = s[i];
        if (c == '\n') {
            line++;
            i++;
            continue;
        }
        if (isspace((unsigned char)c)) {
            i++;
            continue;
        }
        if (c == '/' && i + 1 < len && s[i + 1] == '/') {
            while (i < len && s[i] != '\n')
                i++;
            continue;
        }
        if (c == '/' && i + 1 < len && s[i + 1] == '*') {
            for (i += 2; i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/'); i++)
                line += s[i] == '\n';
            i = i + 2 < len ? i + 2 : len;
            continue;
        }
        tok k = {TK_PUNCT, s + i, 1, line};
        if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < len && s[j] != c && s[j] != '\n')
                j += s[j] == '\\' && j + 1 < len ? 2 : 1;
            k.kind = c == '"' ? TK_STRING : TK_CHAR;
            k.len = j - i + (j < len && s[j] == c);
        } else if (isalnum((unsigned char)c) || c == '_') {
            size_t j = i;
            while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            k.kind = TK_WORD;
            k.len = j - i;
        }
        toks_push(out, k);
        i += k.len;
    }
}

static bool is_punct(const tok *k, char c)
{
    return k->kind == TK_PUNCT && k->p[0] == c;
}

static bool is_word(const tok *k, const char *w)
{
    return k->kind == TK_WORD && k->len == strlen(w) && memcmp(k->p, w, k->len) == 0;
}

static int hex_value(char c)
{
    return isdigit((unsigned char)c) ? c - '0' : tolower((unsigned char)c) - 'a' + 10;
}

/* Appends the bytes a string literal compiles to (escapes resolved, quotes dropped). */
static void decode_literal(const tok *k, byte_buf *b)
{
    const char *p = k->p + 1, *end = k->p + k->len;
    if (end > p && end[-1] == '"')
        end--;
    while (p < end) {
        if (*p != '\\') {
            buf_put(b, *p++);
            continue;
        }
        if (++p >= end)
            break;
        char e = *p++;
        if (e == 'x') {
            unsigned v = 0;
            while (p < end && isxdigit((unsigned char)*p))
                v = v * 16 + (unsigned)hex_value(*p++);
            buf_put(b, (char)(v & 0xFF));
        } else if (e >= '0' && e <= '7') {
            unsigned v = (unsigned)(e - '0');
            for (int d = 0; d < 2 && p < end && *p >= '0' && *p <= '7'; d++)
                v = v * 8 + (unsigned)(*p++ - '0');
            buf_put(b, (char)(v & 0xFF));
        } else {
            static const char from[] = "ntrabfv", to[] = "\n\t\r\a\b\f\v";
            const char *f = e ? strchr(from, e) : NULL;
            buf_put(b, f ? to[f - from] : e); /* \\ \" \' \? stand for themselves */
        }
    }
}

/* The index of the first ';', closing bracket or (with commas) ',' at depth 0 from t[i]. */
static size_t expr_end(const tok_list *t, size_t i, bool commas)
{
    int depth = 0;
    for (; i < t->n; i++) {
        const tok *k = &t->v[i];
        if (k->kind != TK_PUNCT)
            continue;
        char c = k->p[0];
        if (c == '(' || c == '[' || c == '{')
            depth++;
        else if (c == ')' || c == ']' || c == '}') {
            if (depth-- == 0)
                return i;
        } else if (depth == 0 && (c == ';' || (commas && c == ',')))
            return i;
    }
    return i;
}

typedef void (*key_fn)(void *ctx, const char *key, size_t len, int line);

/* The keys of the expression t[a..b): each branch of a ?: made of string literals only (adjacent
 * literals are one key). */
static size_t literal_keys(const tok_list *t, size_t a, size_t b, key_fn fn, void *ctx)
{
    size_t found = 0, start = a;
    int depth = 0;
    for (size_t i = a; i <= b; i++) {
        bool cut = i == b;
        if (!cut && t->v[i].kind == TK_PUNCT) {
            char c = t->v[i].p[0];
            if (c == '(' || c == '[' || c == '{')
                depth++;
            else if (c == ')' || c == ']' || c == '}')
                depth--;
            else if (depth == 0 && (c == '?' || c == ':'))
                cut = true;
        }
        if (!cut)
            continue;
        bool literals = i > start;
        for (size_t j = start; j < i && literals; j++)
            literals = t->v[j].kind == TK_STRING;
        if (literals) {
            byte_buf key = {0};
            for (size_t j = start; j < i; j++)
                decode_literal(&t->v[j], &key);
            buf_put(&key, '\0');
            fn(ctx, key.v, key.n - 1, t->v[start].line);
            free(key.v);
            found++;
        }
        start = i + 1;
    }
    return found;
}

/* The keys an argument t[a..b) stands for: its literals ("a", c ? "a" : "b"); for a bare name,
 * the literals assigned to it in the file (msg = "..."); for an element (labels[i]), every
 * literal of the array's initializer (labels[N] = {"...", ...}). */
static size_t argument_keys(const tok_list *t, size_t a, size_t b, key_fn fn, void *ctx)
{
    size_t found = literal_keys(t, a, b, fn, ctx);
    if (found || a >= b || t->v[a].kind != TK_WORD)
        return found;
    const tok *name = &t->v[a];
    bool element = b - a > 1 && is_punct(&t->v[a + 1], '[');
    if (!element && b - a != 1)
        return 0;
    for (size_t i = 0; i + 2 < t->n; i++) {
        const tok *k = &t->v[i];
        if (k->kind != TK_WORD || k->len != name->len || memcmp(k->p, name->p, k->len) != 0)
            continue;
        if (i > 0 && (is_punct(&t->v[i - 1], '.') || is_punct(&t->v[i - 1], '>')))
            continue;
        if (element) {
            if (!is_punct(&t->v[i + 1], '['))
                continue;
            size_t j = expr_end(t, i + 2, false); /* the ']' */
            if (j + 2 >= t->n || !is_punct(&t->v[j + 1], '=') || !is_punct(&t->v[j + 2], '{'))
                continue;
            size_t end = expr_end(t, j + 3, false); /* the '}' */
            for (size_t r = j + 3; r < end;) {
                if (t->v[r].kind != TK_STRING) {
                    r++;
                    continue;
                }
                size_t s = r;
                while (r < end && t->v[r].kind == TK_STRING)
                    r++;
                found += literal_keys(t, s, r, fn, ctx);
            }
        } else if (is_punct(&t->v[i + 1], '=') && !is_punct(&t->v[i + 2], '=')) {
            found += literal_keys(t, i + 2, expr_end(t, i + 2, true), fn, ctx);
        }
    }
    return found;
}

/* Calls fn for every key the source text hands to T(ui, key) or tr(lang, key); returns the
 * number of calls. */
static size_t scan_source(const char *text, size_t len, key_fn fn, void *ctx)
{
    tok_list t = {0};
    tokenize(text, len, &t);
    size_t calls = 0;
    for (size_t i = 0; i + 1 < t.n; i++) {
        if (!(is_word(&t.v[i], "T") || is_word(&t.v[i], "tr")) || !is_punct(&t.v[i + 1], '('))
            continue;
        /* Not a declaration (const char *T(...)) nor a member (x.T(...), x->T(...)). */
        if (i > 0 && (is_punct(&t.v[i - 1], '*') || is_punct(&t.v[i - 1], '.') ||
                      is_punct(&t.v[i - 1], '>')))
            continue;
        size_t comma = expr_end(&t, i + 2, true);
        if (comma >= t.n || !is_punct(&t.v[comma], ','))
            continue;
        argument_keys(&t, comma + 1, expr_end(&t, comma + 1, true), fn, ctx);
        calls++;
    }
    free(t.v);
    return calls;
}

/* Nothing to translate: no letter outside printf conversions ("%s %s", "", "1", "—"). */
static bool format_only(const char *s)
{
    for (; *s; s++) {
        if (*s == '%') {
            s++;
            while (*s && strchr("-+ #0123456789.lhzjt", *s))
                s++;
            if (!*s)
                break;
            continue;
        }
        if (isalpha((unsigned char)*s))
            return false;
    }
    return true;
}

static void collect_key(void *ctx, const char *key, size_t len, int line)
{
    (void)line;
    byte_buf *b = ctx;
    for (size_t i = 0; i < len; i++)
        buf_put(b, key[i]);
    buf_put(b, '|');
}

/* The scanner itself, on a sample: literals, escapes, split literals, ?:, variables, arrays. */
static void test_source_scanner(void **state)
{
    (void)state;
    static const char sample[] =
        "/* T(u, \"komentar\") */\n"
        "static const char *const labels[2] = {\"Satu\", \"Dua\" \"belas\"};\n"
        "const char *T(const ui *u, const char *id_text);\n"
        "void f(ui *u, int k, const char *name)\n"
        "{\n"
        "    // T(u, \"komentar baris\")\n"
        "    const char *msg = NULL;\n"
        "    if (k == 1)\n"
        "        msg = \"Pesan \\\"satu\\\"\";\n"
        "    msg = strcmp(name, \"kode\") == 0 ? \"Dua\" \"puluh\" : \"Tiga\";\n"
        "    bool same = msg == \"Bukan\";\n"
        "    kit_text(u, T(u, \"Memuat\\xE2\\x80\\xA6\"), T(u, msg), '\"', \"/* x */\");\n"
        "    snprintf(b, n, T(u, \"Halaman %d\"), k);\n"
        "    puts(tr(u->s->lang, \"Teruskan surat \"\n"
        "                        \"ini // itu.\"));\n"
        "    puts(T(u, labels[k]));\n"
        "    puts(T(u, k > 1 ? \"Lulus\" : name));\n"
        "    puts(u->T(u, \"anggota\"));\n"
        "    puts(T(u, f(u, \"bukan kunci\")));\n"
        "    puts(T(u, \"\"));\n"
        "}\n";
    byte_buf got = {0};
    size_t calls = scan_source(sample, sizeof sample - 1, collect_key, &got);
    buf_put(&got, '\0');
    assert_int_equal(calls, 8);
    assert_string_equal(got.v, "Memuat\xE2\x80\xA6|Pesan \"satu\"|Duapuluh|Tiga|Halaman %d|"
                               "Teruskan surat ini // itu.|Satu|Duabelas|Lulus||");
    free(got.v);

    assert_true(format_only(""));
    assert_true(format_only("%s %s"));
    assert_true(format_only("%d%%"));
    assert_true(format_only("1"));
    assert_true(format_only("\xE2\x80\x94"));
    assert_false(format_only("Halaman %d"));
    assert_false(format_only("%d dari %d"));
}

typedef struct {
    const char *file;
    size_t keys, missing;
} source_check;

static void check_key(void *ctx, const char *key, size_t len, int line)
{
    source_check *c = ctx;
    if (strlen(key) != len || format_only(key))
        return;
    c->keys++;
    if (tr(LANG_EN, key) == key) {
        c->missing++;
        print_error("%s:%d: no English for \"%s\"\n", c->file, line, key);
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    *len = fread(text, 1, (size_t)n, f);
    text[*len] = '\0';
    fclose(f);
    return text;
}

/* Every key the UI and main sources hand to T() or tr() has an English entry: a new string
 * cannot stay Indonesian in the English UI unnoticed. */
static void test_sources_translated(void **state)
{
    (void)state;
    const char *src = getenv("PARAF_SOURCE");
    if (!src)
        skip();
    static const char *const dirs[] = {"app/core", "app/ui", "app/main"};
    source_check c = {0};
    size_t files = 0, calls = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char dir[1024];
        int n = snprintf(dir, sizeof dir, "%s/%s", src, dirs[d]);
        assert_true(n > 0 && (size_t)n < sizeof dir);
        DIR *dh = opendir(dir);
        if (!dh)
            fail_msg("cannot open %s", dir);
        struct dirent *e;
        while ((e = readdir(dh)) != NULL) {
            size_t nl = strlen(e->d_name);
            if (nl < 3 || e->d_name[nl - 2] != '.' ||
                (e->d_name[nl - 1] != 'c' && e->d_name[nl - 1] != 'h'))
                continue;
            char path[2048], rel[512];
            n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            assert_true(n > 0 && (size_t)n < sizeof path);
            snprintf(rel, sizeof rel, "%s/%s", dirs[d], e->d_name);
            size_t len = 0;
            char *text = read_file(path, &len);
            c.file = rel;
            calls += scan_source(text, len, check_key, &c);
            free(text);
            files++;
        }
        closedir(dh);
    }
    /* A scanner that found nothing would pass vacuously. */
    assert_true(files >= 10);
    assert_true(calls >= 100);
    assert_true(c.keys >= 100);
    if (c.missing)
        fail_msg("%zu UI string(s) without English, listed above: add them to app/core/i18n.c",
                 c.missing);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sorted_unique),      cmocka_unit_test(test_entries_well_formed),
        cmocka_unit_test(test_placeholders_match), cmocka_unit_test(test_tr),
        cmocka_unit_test(test_screens_covered),    cmocka_unit_test(test_source_scanner),
        cmocka_unit_test(test_sources_translated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
