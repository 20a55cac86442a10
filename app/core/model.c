/* model: the mapping between the API's type and urgency strings and the device's enums, and the
 * release of inbox lists. Unknown strings map to neutral values so new hub types never crash
 * an older device. Pure C. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static const char *const model_type_codes[ITEM_TYPES] = {
    [ITEM_REVENUE] = "revenue_report",  [ITEM_AUDIT] = "audit_report",
    [ITEM_PROCUREMENT] = "procurement", [ITEM_SPJ] = "spj",
    [ITEM_LETTER_IN] = "letter_in",     [ITEM_LETTER_OUT] = "letter_out",
    [ITEM_BUDGET] = "budget_summary",
};

item_type model_item_type(const char *s)
{
    if (!s)
        return ITEM_UNKNOWN;
    for (int t = 0; t < ITEM_TYPES; t++)
        if (strcmp(s, model_type_codes[t]) == 0)
            return (item_type)t;
    return ITEM_UNKNOWN;
}

const char *model_item_type_code(item_type t)
{
    return (int)t >= 0 && t < ITEM_TYPES ? model_type_codes[t] : "unknown";
}

item_urgency model_urgency(const char *s)
{
    if (s && strcmp(s, "segera") == 0)
        return URGENCY_SOON;
    if (s && strcmp(s, "sangat_segera") == 0)
        return URGENCY_VERY_SOON;
    return URGENCY_NORMAL; /* "biasa", and anything unknown */
}

void inbox_list_free(inbox_list *l)
{
    if (!l)
        return;
    free(l->rows);
    l->rows = NULL;
    l->count = 0;
}
