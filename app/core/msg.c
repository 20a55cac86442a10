/* msg: release of the messages between the UI thread and the worker. A command's text may hold
 * a PIN or a passphrase, so it is zeroised through a volatile pointer (core links no crypto
 * library, and a plain memset before free may be optimised away). Neither function frees the
 * message struct itself: the owner frees it after calling them. Pure C. */
#include "msg.h"

#include <stdlib.h>

static void msg_zero(void *p, size_t n)
{
    volatile unsigned char *v = p;
    while (n--)
        *v++ = 0;
}

void msg_cmd_free(msg_cmd *c)
{
    if (!c)
        return;
    msg_zero(c->text, sizeof c->text);
    /* The note of a decision is personal content too; it costs nothing to clear it. */
    msg_zero(c->decision.note, sizeof c->decision.note);
    free(c->report);
    c->report = NULL;
}

void msg_result_free(msg_result *r)
{
    if (!r)
        return;
    inbox_list_free(&r->inbox);
    doc_free(r->item);
    r->item = NULL;
    doc_free(r->before);
    r->before = NULL;
    free(r->board);
    r->board = NULL;
    free(r->officials);
    r->officials = NULL;
    r->n_officials = 0;
    free(r->outbox);
    r->outbox = NULL;
    r->n_outbox = 0;
    free(r->assignments);
    r->assignments = NULL;
    free(r->reports);
    r->reports = NULL;
    r->n_reports = 0;
    free(r->picks);
    r->picks = NULL;
    r->n_picks = 0;
    /* r->image belongs to the platform, which turns it into a texture. */
}
