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
 * variable, so wakers interrupt them.
 *
 * Streaming: a wait records the read deadline it was given on the socket;
 * until the read waker fires (which a new deadline or a close does), a
 * read that finds nothing queued moves the clock itself, exactly as that
 * wait would have (rp_read_ahead), or takes a plain UDP datagram straight
 * from libpcap's buffer when the look-ahead is empty (rp_read_direct): a
 * read then costs one call and one lock instead of a read, a wait and a
 * read, and no copy into a packet. Never with pacing, never past the
 * deadline, never blocking: everything else is left to the wait. */
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

/* Looks ahead (pulling from the capture) for the next packet for s, not
 * past the deadline (0: none). NULL when there is none, or when keeping
 * the look-ahead bounded dispatched one to s (s->in.head then says so). */
static rp_pkt *look_ahead(replay *r, rp_sock *s, int64_t deadline) {
  for (rp_pkt *p = r->fifo.head; p; p = p->next)
    if (rp_match_in(r, s, p)) return p;
  for (;;) {
    if (deadline && r->fifo.tail && r->fifo.tail->t > deadline) return NULL;
    if (!rp_pull(r)) return NULL;
    if (rp_match_in(r, s, r->fifo.tail)) return r->fifo.tail;
    if (r->fifo.count > RP_FIFO_MAX_PKTS || r->fifo.bytes > RP_FIFO_MAX_BYTES) {
      bound_fifo(r);
      if (s->in.head) return NULL; /* a dispatched packet was ours */
    }
  }
}

int rp_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w) {
  for (;;) {
    if (rp_waker_take(w)) return 1;
    if (sock < 0 || sock >= r->nsocks || !r->socks[sock].open) return 0;
    rp_sock *s = &r->socks[sock];
    if (s->type == XNET_SOCK_STREAM) return XNET_ENOTSUP;
    /* Reads may now look ahead themselves (rp_read_ahead), the waker
     * being this socket's reads' (core: one per direction of a conn); one
     * seen on two sockets is trusted for neither. */
    if (w && w->sock != -2 && w->sock != sock && w->sock >= 0) {
      if (w->sock < r->nsocks) r->socks[w->sock].rd_known = false;
      w->sock = -2;
    }
    if (w && w->sock != -2) {
      w->sock = sock;
      s->rd_known = true;
      s->rd_deadline = deadline;
    }
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
    rp_pkt *found = look_ahead(r, s, deadline);
    if (s->in.head) continue;
    /* Ready, leaving the clock to the read (rp_read_ahead moves it to
     * found exactly as rp_wait_for would). Core's wait-first heuristic
     * times waits on the stack's clock: one that moved the virtual clock
     * past a capture gap looks blocking and would keep every later read
     * on the wait-then-read path. */
    if (found && s->rd_known && w && w->sock == sock && r->pacing <= 0 &&
        !(deadline && deadline < found->t)) {
      s->rd_due = true;
      return 0;
    }
    /* Then look again: the packet was queued to s, or dropped (queue
     * full). */
    int rc = found ? rp_wait_for(r, found, deadline)
                   : rp_wait_idle(r, sock, deadline, w);
    if (rc != 0) return rc;
  }
}

bool rp_read_ahead(replay *r, rp_sock *s) {
  if (!s->rd_known || r->pacing > 0 ||
      (s->type != XNET_SOCK_DGRAM && s->type != XNET_SOCK_RAW))
    return false;
  int64_t deadline = s->rd_deadline;
  if (!s->in.head) {
    if (deadline && deadline <= r->now) return false;
    rp_pkt *found = look_ahead(r, s, deadline);
    if (!s->in.head) {
      if (!found || (deadline && deadline < found->t)) return false;
      rp_advance_through(r, found);
      if (!s->in.head) return false; /* another conn's, or dropped */
    }
  }
  rp_pkt *h = s->in.head;
  if (h->t > r->now) {
    if (deadline && deadline < h->t) return false;
    rp_advance(r, h->t);
  }
  return true;
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

int rp_read_direct(replay *r, rp_sock *s, void *buf, size_t n,
                   xnet_backend_msg *m, int flags) {
  if (m && (flags & XNET_MSG_PEEK)) return XNET_EAGAIN; /* keeps it */
  if (!s->rd_known || r->pacing > 0 || s->type != XNET_SOCK_DGRAM ||
      s->in.head || r->fifo.head)
    return XNET_EAGAIN;
  int64_t deadline = s->rd_deadline;
  if (deadline && deadline <= r->now) return XNET_EAGAIN;
  rp_pkt head;
  const uint8_t *bytes = NULL;
  rp_pkt *p = NULL;
  int k = rp_source_next_view(r, &head, &bytes, &p);
  if (k == 1) {
    /* Due before the deadline, and rp_dispatch would only queue it to s:
     * the clock moves to it and s reads it, the look-ahead being empty. */
    if ((!deadline || head.t <= deadline) && rp_dispatch_only_to(r, &head) == s) {
      set_now(r, head.t);
      r->delivered++;
      return m ? rp_recv_copy(s, &head, bytes, m)
               : rp_read_copy(s, &head, bytes, buf, n);
    }
    p = rp_source_adopt(r, &head, bytes);
  }
  if (p) rp_queue_push(&r->fifo, p);
  return XNET_EAGAIN;
}
