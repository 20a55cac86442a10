/* i18n: the device's words in English. Bahasa Indonesia is the source language and the Indonesian
 * text is the key (gettext style): tr(LANG_EN, "Batal") is "Cancel". Day and month names are in
 * fmt.c. Pure C, read-only data: any thread. */
#ifndef PARAF_I18N_H
#define PARAF_I18N_H

#include "fmt.h"

#include <stddef.h>

typedef struct {
    const char *id; /* Indonesian (the key) */
    const char *en; /* English; printf placeholders identical to id's, in the same order */
} i18n_pair;

/* The text to show: the English translation when l is LANG_EN and one exists, else id_text
 * itself (the same pointer), so an untranslated string still reads in Indonesian. NULL gives "".
 * The result is static or id_text: never free it. */
const char *tr(lang l, const char *id_text) __attribute__((format_arg(2)));

/* The table, sorted by strcmp of id (tr uses binary search). For tests and tools. */
const i18n_pair *i18n_pairs(size_t *count);

#endif
