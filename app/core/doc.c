/* doc: an immutable tree of JSON-like values kept in one arena of growing blocks, so a whole item
 * is freed at once and readers hold plain pointers. Building appends children in order (each
 * parent remembers its last child); reading is NULL-safe everywhere so the UI can probe optional
 * fields of untrusted content without checks at every step. Pure C. */
#include "doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DOC_BLOCK_MIN 4096

typedef struct doc_block {
    struct doc_block *next;
    size_t used, cap;
    max_align_t data[]; /* aligned storage for nodes and strings */
} doc_block;

/* A node as built: the public node first, so a doc_node * converts back to its builder view. */
typedef struct {
    doc_node node;
    doc_node *last; /* last child, for appending in O(1) */
} doc_build_node;

struct doc {
    doc_block *blocks; /* newest first */
    doc_node *root;
};

static void *doc_alloc(doc *d, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    doc_block *b = d->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > DOC_BLOCK_MIN ? n : DOC_BLOCK_MIN;
        /* Grow blocks with the document so large items need few allocations. */
        if (b && b->cap * 2 > cap && b->cap < (size_t)1 << 24)
            cap = b->cap * 2;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = d->blocks;
        b->used = 0;
        b->cap = cap;
        d->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

doc *doc_create(void)
{
    return calloc(1, sizeof(doc));
}

void doc_free(doc *d)
{
    if (!d)
        return;
    doc_block *b = d->blocks;
    while (b) {
        doc_block *next = b->next;
        free(b);
        b = next;
    }
    free(d);
}

const doc_node *doc_root(const doc *d)
{
    return d ? d->root : NULL;
}

static const char *doc_strdup(doc *d, const char *s)
{
    size_t n = strlen(s);
    char *p = doc_alloc(d, n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

doc_node *doc_add(doc *d, doc_node *parent, const char *key, doc_kind kind)
{
    if (!d || (!parent && d->root) ||
        (parent && parent->kind != DOC_ARR && parent->kind != DOC_OBJ))
        return NULL;
    doc_build_node *b = doc_alloc(d, sizeof *b);
    if (!b)
        return NULL;
    memset(b, 0, sizeof *b);
    b->node.kind = kind;
    /* Only members of objects carry a key. */
    if (key && parent && parent->kind == DOC_OBJ) {
        b->node.key = doc_strdup(d, key);
        if (!b->node.key)
            return NULL;
    }
    if (!parent) {
        d->root = &b->node;
        return &b->node;
    }
    doc_build_node *p = (doc_build_node *)parent;
    if (p->last)
        p->last->next = &b->node;
    else
        p->node.child = &b->node;
    p->last = &b->node;
    p->node.count++;
    return &b->node;
}

doc_node *doc_add_str(doc *d, doc_node *parent, const char *key, const char *s)
{
    doc_node *n = doc_add(d, parent, key, DOC_STR);
    if (n) {
        n->str = doc_strdup(d, s ? s : "");
        if (!n->str)
            return NULL;
    }
    return n;
}

doc_node *doc_add_num(doc *d, doc_node *parent, const char *key, double v)
{
    doc_node *n = doc_add(d, parent, key, DOC_NUM);
    if (n)
        n->num = v;
    return n;
}

doc_node *doc_add_bool(doc *d, doc_node *parent, const char *key, bool v)
{
    doc_node *n = doc_add(d, parent, key, DOC_BOOL);
    if (n)
        n->num = v ? 1 : 0;
    return n;
}

const doc_node *doc_get(const doc_node *obj, const char *key)
{
    if (!obj || !key || obj->kind != DOC_OBJ)
        return NULL;
    for (const doc_node *c = obj->child; c; c = c->next)
        if (c->key && strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

const doc_node *doc_at(const doc_node *arr, size_t i)
{
    if (!arr || (arr->kind != DOC_ARR && arr->kind != DOC_OBJ) || i >= arr->count)
        return NULL;
    const doc_node *c = arr->child;
    while (c && i--)
        c = c->next;
    return c;
}

const char *doc_str(const doc_node *obj, const char *key, const char *fallback)
{
    const doc_node *n = key ? doc_get(obj, key) : obj;
    return n && n->kind == DOC_STR && n->str ? n->str : fallback;
}

double doc_num(const doc_node *obj, const char *key, double fallback)
{
    const doc_node *n = key ? doc_get(obj, key) : obj;
    return n && n->kind == DOC_NUM ? n->num : fallback;
}

int64_t doc_int(const doc_node *obj, const char *key, int64_t fallback)
{
    const doc_node *n = key ? doc_get(obj, key) : obj;
    /* Out-of-range or non-finite numbers would make the conversion undefined. */
    if (!n || n->kind != DOC_NUM || !isfinite(n->num) || n->num < -9.2e18 || n->num > 9.2e18)
        return fallback;
    return (int64_t)n->num;
}

bool doc_bool(const doc_node *obj, const char *key, bool fallback)
{
    const doc_node *n = key ? doc_get(obj, key) : obj;
    return n && n->kind == DOC_BOOL ? n->num != 0 : fallback;
}

size_t doc_len(const doc_node *arr)
{
    return arr && (arr->kind == DOC_ARR || arr->kind == DOC_OBJ) ? arr->count : 0;
}

/* A path segment of digits indexes an array ("attachments.0.sha256"). */
static bool doc_segment_index(const char *s, size_t n, size_t *out)
{
    if (n == 0 || n > 9)
        return false;
    size_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

const doc_node *doc_path(const doc_node *n, const char *path)
{
    if (!n || !path)
        return NULL;
    const char *p = path;
    while (n && *p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        size_t idx = 0;
        if (n->kind == DOC_ARR) {
            n = doc_segment_index(p, len, &idx) ? doc_at(n, idx) : NULL;
        } else if (n->kind == DOC_OBJ) {
            const doc_node *c = n->child;
            while (c && !(c->key && strncmp(c->key, p, len) == 0 && c->key[len] == '\0'))
                c = c->next;
            n = c;
        } else {
            n = NULL;
        }
        if (!dot)
            break;
        p = dot + 1;
    }
    return n;
}

bool doc_equal(const doc_node *a, const doc_node *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case DOC_NULL:
        return true;
    case DOC_BOOL:
    case DOC_NUM:
        return a->num == b->num;
    case DOC_STR:
        return strcmp(a->str, b->str) == 0;
    case DOC_ARR:
        if (a->count != b->count)
            return false;
        for (const doc_node *x = a->child, *y = b->child; x && y; x = x->next, y = y->next)
            if (!doc_equal(x, y))
                return false;
        return true;
    case DOC_OBJ:
        if (a->count != b->count)
            return false;
        for (const doc_node *x = a->child; x; x = x->next)
            if (!doc_equal(x, doc_get(b, x->key)))
                return false;
        return true;
    }
    return false;
}

static size_t changed_members(const doc_node *before, const doc_node *after, const char **out,
                              size_t n, size_t max, bool skip_meta)
{
    for (const doc_node *x = after ? after->child : NULL; x && n < max; x = x->next) {
        if (skip_meta && (strcmp(x->key, "version") == 0 || strcmp(x->key, "status") == 0 ||
                          strcmp(x->key, "content") == 0))
            continue;
        if (!doc_equal(x, doc_get(before, x->key)))
            out[n++] = x->key;
    }
    for (const doc_node *x = before ? before->child : NULL; x && n < max; x = x->next)
        if (!doc_get(after, x->key) && !(skip_meta && strcmp(x->key, "content") == 0))
            out[n++] = x->key;
    return n;
}

size_t doc_changed(const doc_node *before, const doc_node *after, const char **out, size_t max)
{
    if (!before || !after || before->kind != DOC_OBJ || after->kind != DOC_OBJ)
        return 0;
    size_t n =
        changed_members(doc_get(before, "content"), doc_get(after, "content"), out, 0, max, false);
    return changed_members(before, after, out, n, max, true);
}
