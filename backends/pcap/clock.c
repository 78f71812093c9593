/* clock.c — the virtual clock, blocking reads in virtual time, wakers.
 *
 * The clock starts at the first record's time and only moves forward: to
 * a packet's time when a read returns it (or a write matches it), to a
 * deadline when a read times out. Moving it dispatches every look-ahead
 * packet it reaches (udp.c's rp_dispatch): to the conn it is addressed to,
 * to a conn's expected writes, or away, as a kernel drops a datagram for
 * which no socket is bound. A read never waits in real time, except with
 * pacing (until the real time that corresponds to the packet's), and at
 * the end of the capture with no deadline, where it blocks until a waker
 * fires (close from another thread). Both waits are on the condition
 * variable, so wakers interrupt them. */
#define _GNU_SOURCE
#include <time.h>

#include "replay_int.h"
#include "xnet/error.h"

static int64_t real_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * XNET_SECOND + ts.tv_nsec;
}

void rp_pace_start(replay *r) {
  r->real0 = real_now();
  r->virt0 = r->now;
}

/* Pacing: before the clock moves to t, wait until the real time that
 * corresponds to t (capture time divided by the factor, from the start).
 * The wait is on the condition variable, so wakers interrupt it. Returns
 * 0 when t is due, 1 after waiting (the caller re-checks everything: the
 * state may have changed meanwhile). */
static int pace(replay *r, int64_t t) {
  if (r->pacing <= 0) return 0;
  int64_t due = r->real0 + (int64_t)((double)(t - r->virt0) / r->pacing);
  if (real_now() >= due) return 0;
  struct timespec ts = {(time_t)(due / XNET_SECOND), (long)(due % XNET_SECOND)};
  pthread_cond_timedwait(&r->cv, &r->mu, &ts);
  return 1;
}

static void set_now(replay *r, int64_t t) {
  if (t > r->now) r->now = t;
}

/* Dispatches look-ahead packets the clock has reached. */
static void dispatch_due(replay *r) {
  while (r->fifo.head && r->fifo.head->t <= r->now)
    rp_dispatch(r, rp_queue_pop(&r->fifo));
}

void rp_advance(replay *r, int64_t t) {
  set_now(r, t);
  dispatch_due(r);
}

void rp_advance_through(replay *r, rp_pkt *pkt) {
  set_now(r, pkt->t);
  for (;;) {
    rp_pkt *h = rp_queue_pop(&r->fifo);
    if (!h) break;
    bool last = h == pkt;
    rp_dispatch(r, h);
    if (last) break;
  }
  dispatch_due(r);
}

/* Keeps the look-ahead bounded: past its limits the oldest packet is
 * dispatched as if its time had come (clock moved to it). */
static void bound_fifo(replay *r) {
  while (r->fifo.count > RP_FIFO_MAX_PKTS ||
         r->fifo.bytes > RP_FIFO_MAX_BYTES)
    rp_advance_through(r, r->fifo.head);
}

int rp_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w) {
  for (;;) {
    if (w && w->fired) {
      w->fired = 0;
      return 1;
    }
    if (sock < 0 || sock >= r->nsocks || !r->socks[sock].open) return 0;
    rp_sock *s = &r->socks[sock];
    if (s->type == XNET_SOCK_STREAM) return XNET_ENOTSUP;
    if (s->in.head) {
      rp_pkt *h = s->in.head;
      if (h->t <= r->now) return 0;
      int64_t to = deadline && deadline < h->t ? deadline : h->t;
      if (pace(r, to)) continue;
      if (to == deadline && deadline < h->t) {
        rp_advance(r, deadline);
        return XNET_ETIMEDOUT;
      }
      rp_advance(r, h->t);
      return 0;
    }
    if (deadline && deadline <= r->now) return XNET_ETIMEDOUT;
    /* Look ahead for the next packet addressed to this conn. */
    rp_pkt *found = NULL;
    for (rp_pkt *p = r->fifo.head; p && !found; p = p->next)
      if (rp_match_in(r, s, p)) found = p;
    while (!found) {
      if (deadline && r->fifo.tail && r->fifo.tail->t > deadline) break;
      if (!rp_pull(r)) break;
      if (rp_match_in(r, s, r->fifo.tail)) found = r->fifo.tail;
      else if (r->fifo.count > RP_FIFO_MAX_PKTS ||
               r->fifo.bytes > RP_FIFO_MAX_BYTES) {
        bound_fifo(r);
        if (s->in.head) break; /* a dispatched packet was ours */
      }
    }
    if (s->in.head) continue;
    /* Then look again: the packet was queued to s, or dropped (queue
     * full). */
    int rc = found ? rp_wait_for(r, found, deadline)
                   : rp_wait_idle(r, sock, deadline, w);
    if (rc != 0) return rc;
  }
}

int rp_wait_for(replay *r, rp_pkt *found, int64_t deadline) {
  bool first = deadline && deadline < found->t;
  if (pace(r, first ? deadline : found->t)) return 0;
  if (first) {
    rp_advance(r, deadline);
    return XNET_ETIMEDOUT;
  }
  rp_advance_through(r, found);
  return 0;
}

int rp_wait_idle(replay *r, int sock, int64_t deadline, xnet_waker *w) {
  /* A damaged capture ends here: the read fails, and xnet_replay_error
   * names the record. */
  if (r->src_error) return r->src_error;
  if (deadline) {
    if (pace(r, deadline)) return 0;
    rp_advance(r, deadline);
    return XNET_ETIMEDOUT;
  }
  /* End of capture, no deadline: nothing will ever arrive; block until a
   * waker fires or the conn closes. */
  while (!(w && w->fired) && r->socks[sock].open)
    pthread_cond_wait(&r->cv, &r->mu);
  return 0;
}
