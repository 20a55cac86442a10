/* demo: the demo data set of a provincial secretariat (Pemprov Bali) in July 2020, in Bahasa
 * Indonesia, as one JSON document that hub/seed.c loads into the database. Numbers are computed,
 * not typed, so percentages and totals agree with their figures. */
#ifndef PARAF_HUB_DEMO_H
#define PARAF_HUB_DEMO_H

#include <cjson/cJSON.h>

/* Builds the data set; the caller owns the result (cJSON_Delete). NULL only when out of memory.
 * Shape: see the comment at the top of demo.c and docs/items.md. */
cJSON *demo_dataset_create(void);

#endif
