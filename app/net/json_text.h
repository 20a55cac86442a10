/* json_text: copying text out of the hub's JSON for the screen, shared by the parsers of app/net
 * (board_json.c, field_json.c): valid UTF-8 only, control characters turned into spaces, long
 * prose cut at a character boundary with "…". Thread-safe: no state. */
#ifndef PARAF_JSON_TEXT_H
#define PARAF_JSON_TEXT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Copies UTF-8 text into out (cap bytes), control characters turned into spaces (every field is
 * drawn on one line or wrapped by the UI). When it does not fit: cut at a character boundary
 * with "…" if `cut` is true, else false. */
bool json_text_copy(const char *s, char *out, size_t cap, bool cut);

/* A required text member of o: a non-empty string of valid UTF-8, copied with json_text_copy
 * (cut when long). False when absent, empty, not a string or not UTF-8. */
bool json_text_get(const cJSON *o, const char *key, char *out, size_t cap);

#endif
