/* doc_json: converts untrusted JSON text into an immutable doc (app/core/doc.h) so the core and
 * the UI read item content without a JSON library. Bounded: nesting depth and node count are
 * capped, strings must be valid UTF-8, and nothing may follow the value. Thread-safe. */
#ifndef PARAF_DOC_JSON_H
#define PARAF_DOC_JSON_H

#include "doc.h"

#include <stddef.h>

#define DOC_JSON_DEPTH_MAX 64
#define DOC_JSON_NODES_MAX 200000

/* The doc of the JSON value in text[0..len) (no NUL needed). NULL on failure, with a short
 * English reason in err. The caller owns the result (doc_free). */
doc *doc_from_json(const char *text, size_t len, char *err, size_t cap);

#endif
