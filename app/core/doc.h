/* doc: an immutable tree of JSON-like values (null, bool, number, string, array, object) in one
 * arena. The worker converts parsed JSON into a doc (app/net/doc_json.c) so that the core and the
 * UI can read item content without a JSON library. Built once, read by the UI thread; freed with
 * doc_free. */
#ifndef PARAF_DOC_H
#define PARAF_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { DOC_NULL, DOC_BOOL, DOC_NUM, DOC_STR, DOC_ARR, DOC_OBJ } doc_kind;

typedef struct doc_node {
    doc_kind kind;
    const char *key;              /* member name inside an object, else NULL */
    const char *str;              /* DOC_STR */
    double num;                   /* DOC_NUM; also 1/0 for DOC_BOOL */
    const struct doc_node *child; /* first element/member (ARR, OBJ) */
    const struct doc_node *next;  /* next sibling */
    size_t count;                 /* elements/members (ARR, OBJ) */
} doc_node;

typedef struct doc doc;

/* Builder: nodes are added depth-first. Returns NULL on allocation failure. */
doc *doc_create(void);
void doc_free(doc *d);
const doc_node *doc_root(const doc *d);

/* Building (used by the converter). Each returns the new node or NULL on OOM. `parent` NULL makes
 * the root. Strings are copied. Children are appended in order. */
doc_node *doc_add(doc *d, doc_node *parent, const char *key, doc_kind kind);
doc_node *doc_add_str(doc *d, doc_node *parent, const char *key, const char *s);
doc_node *doc_add_num(doc *d, doc_node *parent, const char *key, double v);
doc_node *doc_add_bool(doc *d, doc_node *parent, const char *key, bool v);

/* Reading; every function accepts NULL and returns a neutral value. */
const doc_node *doc_get(const doc_node *obj, const char *key);
const doc_node *doc_at(const doc_node *arr, size_t i);
const char *doc_str(const doc_node *obj, const char *key, const char *fallback);
double doc_num(const doc_node *obj, const char *key, double fallback);
int64_t doc_int(const doc_node *obj, const char *key, int64_t fallback);
bool doc_bool(const doc_node *obj, const char *key, bool fallback);
size_t doc_len(const doc_node *arr);
/* Walk a path of keys separated by '.', e.g. "content.total.target". */
const doc_node *doc_path(const doc_node *n, const char *path);
/* True when a and b hold the same value (objects: the same members in any order). */
bool doc_equal(const doc_node *a, const doc_node *b);
/* What changed between two versions of an item: the names of the members of "content", and of
 * the other members of the root (except version and status), that were added, removed or
 * changed, in the order of `after` then the removed ones. Up to max names; returns how many. */
size_t doc_changed(const doc_node *before, const doc_node *after, const char **out, size_t max);

#endif
