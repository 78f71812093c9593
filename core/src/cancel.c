/* cancel.c — cancelling dials (Go's Dialer.Cancel channel and the cancel
 * function of DialContext's context), and the wait every dial makes.
 *
 * A canceler is a flag and a backend waker. Cancelling sets the flag and
 * fires the waker; a dial checks the flag before each attempt and waits
 * for its connects with the waker in the same wait, so a cancel that lands
 * at any moment is seen at once (the waker is a latch: a wake before the
 * wait starts is kept). Several dials may share one canceler although a
 * waker wakes one waiter per wake: a wait that consumes the wake of a
 * cancelled canceler fires it again before returning, so the waker stays
 * fired for the next. */
#include <stdint.h>
#include <stdlib.h>

#include "dial_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"

int xnet_canceler_new(xnet_stack *s, xnet_canceler **out) {
  *out = NULL;
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return xnet__fail("cancel", "", NULL, NULL, rc);
  xnet_canceler *c = calloc(1, sizeof *c);
  if (!c) return xnet__fail("cancel", "", NULL, NULL, XNET_ENOMEM);
  rc = s->ops.waker_open(s->inst, &c->waker);
  if (rc < 0) {
    free(c);
    return xnet__fail("cancel", "", NULL, NULL, rc);
  }
  c->stack = s;
  atomic_init(&c->canceled, 0);
  atomic_init(&c->waiters, 0);
  *out = c;
  return 0;
}

void xnet_canceler_cancel(xnet_canceler *c) {
  if (!c || atomic_exchange(&c->canceled, 1)) return;
  c->stack->ops.waker_wake(c->stack->inst, c->waker);
}

bool xnet_canceler_is_canceled(const xnet_canceler *c) {
  return xnet__canceled(c);
}

void xnet_canceler_free(xnet_canceler *c) {
  if (!c) return;
  c->stack->ops.waker_close(c->stack->inst, c->waker);
  free(c);
}

bool xnet__canceled(const xnet_canceler *c) {
  return c && atomic_load(&c->canceled);
}

/* How long one socket is watched at a time on a stack without wait_many. */
#define SLICE (5 * XNET_MILLISECOND)

/* One wait over socks: 0 ready, 1 woken, XNET_ETIMEDOUT or an error. */
static int wait_once(xnet_stack *s, xnet_waker *w, xnet_backend_wait *socks,
                     size_t n, int64_t deadline) {
  if (n == 1) {
    int rc = s->ops.wait(s->inst, socks[0].sock, socks[0].events, deadline, w);
    socks[0].ready = rc == 0;
    return rc;
  }
  int rc = s->ops.wait_many(s->inst, socks, n, deadline, w);
  if (rc != XNET_ENOTSUP) return rc;
  for (size_t i = 0; i < n; i++) socks[i].ready = 0;
  for (size_t i = 0;; i = (i + 1) % n) {
    int64_t now = s->ops.now(s->inst);
    if (deadline != 0 && now >= deadline) return XNET_ETIMEDOUT;
    int64_t until = now + SLICE;
    if (deadline != 0 && deadline < until) until = deadline;
    rc = s->ops.wait(s->inst, socks[i].sock, socks[i].events, until, w);
    if (rc == 0) {
      socks[i].ready = 1;
      return 0;
    }
    if (rc != XNET_ETIMEDOUT) return rc;
  }
}

int xnet__cancel_wait(xnet_stack *s, xnet_canceler *c, xnet_backend_wait *socks,
                      size_t n, int64_t deadline) {
  xnet_waker *w = c ? c->waker : NULL;
  for (;;) {
    if (xnet__canceled(c)) return XNET_ECANCELED;
    if (c) atomic_fetch_add(&c->waiters, 1);
    int rc = wait_once(s, w, socks, n, deadline);
    if (c) atomic_fetch_sub(&c->waiters, 1);
    if (rc != 1) return rc;
    /* Only a cancel fires the waker; keep it fired for the other dials
     * sharing c (the wake just consumed was theirs too). */
    if (xnet__canceled(c)) {
      s->ops.waker_wake(s->inst, w);
      return XNET_ECANCELED;
    }
  }
}
