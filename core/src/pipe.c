/* pipe.c — Go's net.Pipe: two conns joined in memory, no buffering.
 *
 * Each direction holds at most one write in progress, as a view of the
 * writer's own buffer (Go passes the slice over a channel the same way):
 * readers copy straight out of it and advance it, and the writer returns
 * once nothing is left. All shared state is guarded by one mutex per pair;
 * the copy happens under it, so a writer that gives up (deadline, close)
 * withdraws its buffer knowing no reader is still copying from it.
 *
 * Blocking goes through the stack, never a clock or sleep of our own: a
 * blocked call sleeps in ops->wait with no socket (-1) and a waker of its
 * own, under its deadline. The wakers are the poll descriptor's
 * (xnet__pd_waker_take), so xnet_conn_set_deadline's wake-up reaches pipe
 * calls unchanged. A waiter takes its waker under the pair's mutex, and
 * every state change (a write offered, a write consumed, an end closed)
 * happens under that mutex and wakes every waiter of the end: a waiter
 * checks the state and takes its waker in one locked section, so a change
 * is either seen by the check or latched in the waker. A waiter reads its
 * deadline after taking its waker, which is what makes a concurrent
 * set_deadline (store, then wake) impossible to miss.
 *
 * Close marks the end closed and wakes both ends (the local calls fail
 * with XNET_ECLOSED, the peer's read EOF or write XNET_EPIPE), waits under
 * the pair's mutex for the local calls to leave, then unlinks the end; the
 * last end out frees the pair. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/pipe.h"

/* One direction: the unread part of the write in progress. */
typedef struct pipe_flow {
  const unsigned char *p; /* next unread byte of the writer's buffer */
  size_t left;            /* unread bytes; 0: no write waiting */
} pipe_flow;

struct xnet__pipe {
  pthread_mutex_t mu;  /* guards every field, and the ends' pd.busy drops */
  pthread_cond_t idle; /* a call of a closed end left */
  pipe_flow flow[2];   /* flow[i]: written by end i, read by end 1 - i */
  bool closed[2];      /* end i was closed */
  xnet_conn *end[2];   /* end i until its close has finished with it */
};

typedef struct xnet__pipe xnet__pipe;

static int pipe_fail(const xnet_conn *c, const char *op, int code) {
  return xnet__fail(op, c->net, &c->laddr, &c->raddr, code);
}

/* Leaves a call entered with xnet__pd_enter. A pipe's close waits on the
 * pair's condition variable rather than polling, so the count drops under
 * the pair's mutex and the drop is signalled once the end is closed. */
static void pipe_leave(xnet__pipe *pp, xnet_conn *c) {
  pthread_mutex_lock(&pp->mu);
  atomic_fetch_sub(&c->pd.busy, 1);
  if (pp->closed[c->pipe_end]) pthread_cond_broadcast(&pp->idle);
  pthread_mutex_unlock(&pp->mu);
}

/* Wakes the calls of end `end` blocked in direction dir (mu held). */
static void pipe_wake(xnet__pipe *pp, int end, int dir) {
  xnet_conn *c = pp->end[end];
  if (c) xnet__pd_wake(&c->pd, dir);
}

/* Sleeps in direction dir of c until woken or its deadline passes, with
 * the pair's mutex released meanwhile (held on entry and on return).
 * Returns 0 when the caller should re-check the state, XNET_ETIMEDOUT, or
 * a backend error (no waker could be made). */
static int pipe_sleep(xnet__pipe *pp, xnet_conn *c, int dir) {
  xnet_stack *s = c->pd.stack;
  int rc;
  xnet_waker *w = xnet__pd_waker_take(&c->pd, dir, &rc);
  if (!w) return rc < 0 ? rc : XNET_ECLOSED;
  int64_t deadline = atomic_load(&c->pd.deadline[dir]);
  if (deadline != 0 && s->ops.now(s->inst) >= deadline) {
    xnet__pd_waker_give(&c->pd, dir, w);
    return XNET_ETIMEDOUT;
  }
  pthread_mutex_unlock(&pp->mu);
  rc = s->ops.wait(s->inst, -1,
                   dir == XNET__READ ? XNET_WAIT_READ : XNET_WAIT_WRITE,
                   deadline, w);
  pthread_mutex_lock(&pp->mu);
  xnet__pd_waker_give(&c->pd, dir, w);
  /* Woken, or timed out under a deadline that may have moved since: the
   * caller re-checks, and the next sleep re-reads the deadline. */
  return rc == 1 || rc == 0 || rc == XNET_ETIMEDOUT ? 0 : rc;
}

int xnet_pipe(xnet_conn **a, xnet_conn **b) {
  *a = NULL;
  *b = NULL;
  xnet_stack *s = NULL;
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return xnet__fail("pipe", "pipe", NULL, NULL, rc);
  xnet__pipe *pp = calloc(1, sizeof *pp);
  xnet_conn *c[2] = {calloc(1, sizeof(xnet_conn)), calloc(1, sizeof(xnet_conn))};
  if (!pp || !c[0] || !c[1]) {
    free(pp);
    free(c[0]);
    free(c[1]);
    return xnet__fail("pipe", "pipe", NULL, NULL, XNET_ENOMEM);
  }
  pthread_mutex_init(&pp->mu, NULL);
  pthread_cond_init(&pp->idle, NULL);
  for (int i = 0; i < 2; i++) {
    xnet__pd_init(&c[i]->pd, s, -1);
    c[i]->kind = XNET_KIND_PIPE;
    memcpy(c[i]->net, "pipe", sizeof "pipe");
    c[i]->connected = true;
    c[i]->laddr.kind = XNET_KIND_PIPE;
    c[i]->raddr.kind = XNET_KIND_PIPE;
    c[i]->pipe = pp;
    c[i]->pipe_end = i;
    pp->end[i] = c[i];
  }
  *a = c[0];
  *b = c[1];
  return 0;
}

int xnet__pipe_read(xnet_conn *c, void *buf, size_t n) {
  xnet__pipe *pp = c->pipe;
  int me = c->pipe_end, peer = 1 - me;
  if (n > INT_MAX) n = INT_MAX;
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0 && n > 0) rc = xnet__pd_prepare(&c->pd, XNET__READ);
  if (rc == 0 && n > 0) {
    pthread_mutex_lock(&pp->mu);
    pipe_flow *f = &pp->flow[peer];
    for (;;) {
      if (pp->closed[me]) {
        rc = XNET_ECLOSED;
      } else if (pp->closed[peer]) {
        rc = 0; /* end of stream */
      } else if (f->left > 0) {
        size_t m = f->left < n ? f->left : n;
        memcpy(buf, f->p, m);
        f->p += m;
        f->left -= m;
        if (f->left == 0) pipe_wake(pp, peer, XNET__WRITE);
        rc = (int)m;
      } else if ((rc = pipe_sleep(pp, c, XNET__READ)) == 0) {
        continue;
      }
      break;
    }
    pthread_mutex_unlock(&pp->mu);
  }
  if (rc < 0) pipe_fail(c, "read", rc);
  pipe_leave(pp, c);
  return rc;
}

int xnet__pipe_write(xnet_conn *c, const void *buf, size_t n) {
  xnet__pipe *pp = c->pipe;
  int me = c->pipe_end, peer = 1 - me;
  size_t done = 0;
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0) rc = xnet__pd_prepare(&c->pd, XNET__WRITE);
  if (rc == 0) {
    pthread_mutex_lock(&pp->mu);
    pipe_flow *f = &pp->flow[me];
    if (pp->closed[me]) {
      rc = XNET_ECLOSED;
    } else if (pp->closed[peer]) {
      rc = XNET_EPIPE;
    } else if (n > 0) {
      f->p = buf;
      f->left = n;
      pipe_wake(pp, peer, XNET__READ);
      /* Until the readers have taken everything, or the write fails. */
      while (rc == 0 && f->left > 0) {
        if (pp->closed[me]) rc = XNET_ECLOSED;
        else if (pp->closed[peer]) rc = XNET_EPIPE;
        else rc = pipe_sleep(pp, c, XNET__WRITE);
      }
      done = n - f->left;
      /* Withdraw what is left: no reader copies from buf after this. */
      f->p = NULL;
      f->left = 0;
    }
    pthread_mutex_unlock(&pp->mu);
  }
  c->last_write = done;
  if (rc < 0) pipe_fail(c, "write", rc);
  pipe_leave(pp, c);
  return rc < 0 ? rc : (int)(n > INT_MAX ? INT_MAX : n);
}

int xnet__pipe_close(xnet_conn *c) {
  xnet__pipe *pp = c->pipe;
  int me = c->pipe_end, peer = 1 - me;
  atomic_store(&c->pd.closed, 1); /* calls entering from now fail */
  pthread_mutex_lock(&pp->mu);
  pp->closed[me] = true;
  for (int dir = 0; dir < 2; dir++) {
    pipe_wake(pp, me, dir);
    pipe_wake(pp, peer, dir);
  }
  /* Every call inside has seen `closed` or been woken: wait for them to
   * leave (pipe_leave signals idle once closed is set). */
  while (atomic_load(&c->pd.busy) > 0) pthread_cond_wait(&pp->idle, &pp->mu);
  pp->end[me] = NULL; /* the peer no longer wakes our wakers */
  bool last = pp->end[peer] == NULL;
  pthread_mutex_unlock(&pp->mu);
  xnet__pd_dispose(&c->pd);
  if (last) {
    pthread_cond_destroy(&pp->idle);
    pthread_mutex_destroy(&pp->mu);
    free(pp);
  }
  free(c);
  return 0;
}
