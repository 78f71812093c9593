/* poll.c — the blocking machinery of one socket (Go's pollDesc and fdMutex).
 *
 * Sockets are non-blocking; a call that would block waits through the
 * backend's wait op with the direction's deadline. Each waiting call waits
 * on a waker of its own: the direction's waker (created on the first
 * blocking wait, so a conn that never blocks never pays for one), or, when
 * another call of the same direction already waits on it, one from the
 * pd's pool. Setting a deadline wakes every waiter of that direction so the
 * new deadline takes effect, and close wakes them all. A waker is a latch
 * (backend.h) that wakes one wait per wake, so a wake that races with the
 * start of a wait is not lost, and two calls sharing one would not both
 * wake. close waits until every call in progress has left before closing
 * the socket, so a blocked reader never touches a reused descriptor, and
 * a call touches the object only while it is counted in `busy`. */
#include <sched.h>
#include <stdlib.h>

#include "core_int.h"
#include "xnet/error.h"

void xnet__pd_init(xnet__pd *pd, xnet_stack *s, int sock) {
  pd->stack = s;
  pd->sock = sock;
  atomic_init(&pd->deadline[0], 0);
  atomic_init(&pd->deadline[1], 0);
  atomic_init(&pd->closed, 0);
  atomic_init(&pd->busy, 0);
  pthread_mutex_init(&pd->mu, NULL);
  atomic_init(&pd->wait_first[0], 0);
  atomic_init(&pd->wait_first[1], 0);
  atomic_init(&pd->misses[0], 0);
  atomic_init(&pd->misses[1], 0);
  atomic_init(&pd->waker[0], NULL);
  atomic_init(&pd->waker[1], NULL);
  atomic_init(&pd->waker_busy[0], 0);
  atomic_init(&pd->waker_busy[1], 0);
  atomic_init(&pd->has_extras, 0);
  pd->extras = NULL;
}

int xnet__pd_enter(xnet__pd *pd) {
  atomic_fetch_add(&pd->busy, 1);
  return atomic_load(&pd->closed) ? XNET_ECLOSED : 0;
}

int xnet__pd_prepare(xnet__pd *pd, int dir) {
  int64_t deadline = atomic_load(&pd->deadline[dir]);
  if (deadline != 0 && pd->stack->ops.now(pd->stack->inst) >= deadline)
    return XNET_ETIMEDOUT;
  return 0;
}

void xnet__pd_leave(xnet__pd *pd) {
  /* The last access: once the count drops, a concurrent close may free the
   * object (xnet__pd_close polls the count, nobody signals it). */
  atomic_fetch_sub(&pd->busy, 1);
}

static xnet_waker *get_waker(xnet__pd *pd, int dir, int *err) {
  xnet_waker *w = atomic_load(&pd->waker[dir]);
  if (w) return w;
  pthread_mutex_lock(&pd->mu);
  w = atomic_load(&pd->waker[dir]);
  if (atomic_load(&pd->closed)) {
    /* close already woke the wakers it knew: a new one would sleep. */
    *err = XNET_ECLOSED;
    w = NULL;
  } else if (!w) {
    *err = pd->stack->ops.waker_open(pd->stack->inst, &w);
    if (*err == 0) atomic_store(&pd->waker[dir], w);
    else w = NULL;
  }
  pthread_mutex_unlock(&pd->mu);
  return w;
}

/* A pooled waker for a second (third...) call waiting in direction dir:
 * an idle one of the pool, or a new one. Under pd->mu, not closed. */
static xnet_waker *take_extra(xnet__pd *pd, int dir, int *err) {
  xnet__pd_extra *e = pd->extras;
  while (e && (e->in_use || e->dir != dir)) e = e->next;
  if (!e) {
    e = calloc(1, sizeof *e);
    if (!e) {
      *err = XNET_ENOMEM;
      return NULL;
    }
    *err = pd->stack->ops.waker_open(pd->stack->inst, &e->w);
    if (*err < 0) {
      free(e);
      return NULL;
    }
    e->dir = dir;
    e->next = pd->extras;
    pd->extras = e;
    atomic_store(&pd->has_extras, 1);
  }
  e->in_use = true;
  return e->w;
}

xnet_waker *xnet__pd_waker_take(xnet__pd *pd, int dir, int *err) {
  *err = 0;
  int idle = 0;
  if (atomic_compare_exchange_strong(&pd->waker_busy[dir], &idle, 1)) {
    xnet_waker *w = get_waker(pd, dir, err);
    if (!w) atomic_store(&pd->waker_busy[dir], 0);
    return w;
  }
  pthread_mutex_lock(&pd->mu);
  xnet_waker *w = NULL;
  if (atomic_load(&pd->closed)) *err = XNET_ECLOSED;
  else w = take_extra(pd, dir, err);
  pthread_mutex_unlock(&pd->mu);
  return w;
}

void xnet__pd_waker_give(xnet__pd *pd, int dir, xnet_waker *w) {
  if (!w) return;
  if (w == atomic_load(&pd->waker[dir])) {
    atomic_store(&pd->waker_busy[dir], 0);
    return;
  }
  pthread_mutex_lock(&pd->mu);
  for (xnet__pd_extra *e = pd->extras; e; e = e->next)
    if (e->w == w) e->in_use = false;
  pthread_mutex_unlock(&pd->mu);
}

void xnet__pd_wake(xnet__pd *pd, int dir) {
  xnet_stack *s = pd->stack;
  xnet_waker *w = atomic_load(&pd->waker[dir]);
  if (w) s->ops.waker_wake(s->inst, w);
  if (!atomic_load(&pd->has_extras)) return;
  pthread_mutex_lock(&pd->mu);
  for (xnet__pd_extra *e = pd->extras; e; e = e->next)
    if (e->in_use && e->dir == dir) s->ops.waker_wake(s->inst, e->w);
  pthread_mutex_unlock(&pd->mu);
}

int xnet__pd_wait(xnet__pd *pd, int dir) {
  xnet_stack *s = pd->stack;
  for (;;) {
    if (atomic_load(&pd->closed)) return XNET_ECLOSED;
    int err = 0;
    xnet_waker *w = xnet__pd_waker_take(pd, dir, &err);
    if (!w) return err < 0 ? err : XNET_ECLOSED;
    /* Read the deadline only once this call holds its waker: a setter
     * stores the deadline and then wakes the wakers held, so either it
     * wakes this one or this load sees its deadline (sequentially
     * consistent atomics, and the pool's mutex) — a change is never
     * missed. */
    int64_t deadline = atomic_load(&pd->deadline[dir]);
    bool passed = deadline != 0 && s->ops.now(s->inst) >= deadline;
    int rc = passed ? XNET_ETIMEDOUT
                    : s->ops.wait(s->inst, pd->sock,
                                  dir == XNET__READ ? XNET_WAIT_READ
                                                    : XNET_WAIT_WRITE,
                                  deadline, w);
    xnet__pd_waker_give(pd, dir, w);
    if (passed) return XNET_ETIMEDOUT;
    if (rc == 0) return atomic_load(&pd->closed) ? XNET_ECLOSED : 0;
    /* Woken (deadline changed or closing) or timed out: re-check, since
     * the deadline may have been extended meanwhile. */
    if (rc != 1 && rc != XNET_ETIMEDOUT) return rc;
  }
}

/* A wait shorter than this found the socket ready at once: the traffic is
 * streaming, and the next call tries its operation first again. */
#define NO_BLOCK_NS 3000
/* Of the calls that wait first, the first two and then one in TIMED_EVERY
 * are timed: two clock reads per call were a measurable share of a
 * loopback round trip. Streaming shows on the first of them (or the second:
 * the first wait after a pause is often slow to return on a VM). */
#define TIMED_EVERY 8u
/* Calls in a row whose first try found nothing before calls wait first. */
#define MISSES_TO_WAIT 2u

int xnet__pd_io(xnet__pd *pd, int dir, int (*op)(void *ctx), void *ctx) {
  xnet_stack *s = pd->stack;
  int rc = xnet__pd_prepare(pd, dir);
  /* After two calls in a row that had to wait, wait first: request/response
   * traffic then costs a wait and an operation instead of a failed
   * operation, a wait and the operation again. A single miss is a stream's
   * reader that caught up, and its next call finds data again (in a one-way
   * UDP stream, switching at the first miss cost a third more system calls
   * per datagram). wait_first counts the calls that wait first, misses the
   * tries in a row that found nothing (hints only: relaxed, and a lost
   * update merely shifts which call is timed or tries). */
  unsigned waits = atomic_load_explicit(&pd->wait_first[dir], memory_order_relaxed);
  bool try_first = waits == 0, missed = false;
  if (rc == 0 && !try_first) {
    bool timed = waits <= 2 || waits % TIMED_EVERY == 0;
    int64_t t0 = timed ? s->ops.now(s->inst) : 0;
    rc = xnet__pd_wait(pd, dir);
    if (rc == 0 && timed && s->ops.now(s->inst) - t0 < NO_BLOCK_NS) {
      waits = 0;
      atomic_store_explicit(&pd->misses[dir], 0, memory_order_relaxed);
    } else {
      waits = waits + 1 != 0 ? waits + 1 : 1;
    }
    atomic_store_explicit(&pd->wait_first[dir], waits, memory_order_relaxed);
  }
  while (rc == 0) {
    rc = op(ctx);
    if (rc != XNET_EAGAIN) break;
    if (try_first && !missed) {
      /* One empty try is not a pattern: a stream whose reader caught up
       * finds data again on the next call. Two in a row are. */
      unsigned m = atomic_load_explicit(&pd->misses[dir], memory_order_relaxed);
      if (m + 1 >= MISSES_TO_WAIT)
        atomic_store_explicit(&pd->wait_first[dir], 1, memory_order_relaxed);
      atomic_store_explicit(&pd->misses[dir], m + 1, memory_order_relaxed);
      missed = true;
    }
    rc = xnet__pd_wait(pd, dir);
  }
  if (rc >= 0 && try_first && !missed) /* found something at once */
    atomic_store_explicit(&pd->misses[dir], 0, memory_order_relaxed);
  return rc;
}

void xnet__pd_set_deadline(xnet__pd *pd, int dir, int64_t deadline) {
  atomic_store(&pd->deadline[dir], deadline);
  xnet__pd_wake(pd, dir);
}

int xnet__pd_close(xnet__pd *pd) {
  xnet_stack *s = pd->stack;
  /* Under the mutex, so get_waker either created its waker before (and it
   * is woken below) or sees `closed` and creates none. */
  pthread_mutex_lock(&pd->mu);
  atomic_store(&pd->closed, 1);
  pthread_mutex_unlock(&pd->mu);
  /* Wake until every call has left. Calls never block except in the
   * backend's wait, which a wake ends, so this spins for microseconds;
   * waking again each round reaches a call that took its waker after the
   * previous round. */
  while (atomic_load(&pd->busy) > 0) {
    for (int dir = 0; dir < 2; dir++) xnet__pd_wake(pd, dir);
    sched_yield();
  }
  int rc = s->ops.close(s->inst, pd->sock);
  xnet__pd_dispose(pd);
  return rc;
}

void xnet__pd_dispose(xnet__pd *pd) {
  xnet_stack *s = pd->stack;
  for (int dir = 0; dir < 2; dir++) {
    xnet_waker *w = atomic_load(&pd->waker[dir]);
    if (w) s->ops.waker_close(s->inst, w);
  }
  while (pd->extras) {
    xnet__pd_extra *e = pd->extras;
    pd->extras = e->next;
    s->ops.waker_close(s->inst, e->w);
    free(e);
  }
  pthread_mutex_destroy(&pd->mu);
}
