/* model: the plain data the device shows: inbox rows, officials, the signed-decision draft.
 * Pure C. Strings are fixed-size and NUL-terminated (truncated at UTF-8 boundaries by whoever
 * fills them). */
#ifndef PARAF_MODEL_H
#define PARAF_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEL_ID_MAX 65

typedef enum {
    ITEM_REVENUE = 0,   /* revenue_report */
    ITEM_AUDIT,         /* audit_report */
    ITEM_PROCUREMENT,   /* procurement */
    ITEM_SPJ,           /* spj */
    ITEM_LETTER_IN,     /* letter_in */
    ITEM_LETTER_OUT,    /* letter_out */
    ITEM_BUDGET,        /* budget_summary */
    ITEM_TYPES,
    ITEM_UNKNOWN = ITEM_TYPES,
} item_type;

typedef enum { URGENCY_NORMAL = 0, URGENCY_SOON, URGENCY_VERY_SOON } item_urgency;

typedef struct {
    char id[MODEL_ID_MAX];
    item_type type;
    int64_t version;
    char agency_code[24];
    char agency_name[96];
    char title[128];
    char summary[256];
    item_urgency urgency;
    int64_t deadline;    /* Unix seconds UTC, 0 = none */
    int64_t received_at; /* Unix seconds UTC */
    bool needs_action;
    int attachments;
} inbox_row;

typedef struct {
    inbox_row *rows; /* owned */
    size_t count;
    char etag[80];
    int64_t synced_at; /* device clock, Unix seconds UTC */
} inbox_list;

typedef struct {
    char id[MODEL_ID_MAX];
    char name[96];
    char title[128];
    char unit[96];
} official;

/* item_type from the API's type string; ITEM_UNKNOWN when unknown. */
item_type model_item_type(const char *s);
const char *model_item_type_code(item_type t);
item_urgency model_urgency(const char *s);
void inbox_list_free(inbox_list *l);

#endif
