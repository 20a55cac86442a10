/* results_queue: the worker tests' queue of results. The worker thread posts (results_post, the
 * worker's callback); the test thread waits for one of a kind (results_wait), leaving the others
 * queued. Included by test_worker.c, test_worker_board.c and field_harness.h. */
#ifndef PARAF_TEST_RESULTS_QUEUE_H
#define PARAF_TEST_RESULTS_QUEUE_H

#include "msg.h"

#include <SDL.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RESULTS_MAX 4096

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    msg_result *r[RESULTS_MAX];
    size_t n;
} results;

__attribute__((unused)) static void result_free(msg_result *r)
{
    if (!r)
        return;
    if (r->image)
        SDL_FreeSurface(r->image);
    msg_result_free(r);
    free(r);
}

/* The worker's result callback (ctx: the queue). */
__attribute__((unused)) static void results_post(void *ctx, msg_result *r)
{
    results *q = ctx;
    pthread_mutex_lock(&q->mu);
    if (q->n < RESULTS_MAX) {
        q->r[q->n++] = r;
        r = NULL;
    }
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    result_free(r); /* overflow: should not happen in these tests */
}

__attribute__((unused)) static void results_clear(results *q)
{
    pthread_mutex_lock(&q->mu);
    for (size_t i = 0; i < q->n; i++)
        result_free(q->r[i]);
    q->n = 0;
    pthread_mutex_unlock(&q->mu);
}

/* The first result of this kind (and about id, when given); others stay queued. NULL after ms. */
__attribute__((unused)) static msg_result *results_wait(results *q, msg_result_kind kind,
                                                        const char *id, int ms)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += ms / 1000;
    dl.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    msg_result *got = NULL;
    pthread_mutex_lock(&q->mu);
    while (!got) {
        for (size_t i = 0; i < q->n && !got; i++) {
            if (q->r[i]->kind == kind && (!id || strcmp(q->r[i]->id, id) == 0)) {
                got = q->r[i];
                memmove(&q->r[i], &q->r[i + 1], (q->n - i - 1) * sizeof q->r[0]);
                q->n--;
            }
        }
        if (!got && pthread_cond_timedwait(&q->cv, &q->mu, &dl) != 0)
            break;
    }
    pthread_mutex_unlock(&q->mu);
    return got;
}

#endif
