/* worker_board: the lobby board's data and heartbeat (to be implemented). */
#include "worker_int.h"

void worker_fetch_board(worker *w)
{
    msg_result *r = worker_result(RES_BOARD);
    if (r)
        r->status = NET_MALFORMED;
    worker_post(w, r);
}

void worker_heartbeat(worker *w, int display_on)
{
    (void)display_on;
    msg_result *r = worker_result(RES_HEARTBEAT);
    if (r)
        r->status = NET_MALFORMED;
    worker_post(w, r);
}

void worker_board_done(worker *w, http_result *h)
{
    (void)w;
    (void)h;
}

void worker_heartbeat_done(worker *w, http_result *h)
{
    (void)w;
    (void)h;
}
