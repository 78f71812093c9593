/* tcp_reasm.c — one direction of a TCP conn as a byte stream: segments are
 * put in sequence order. A retransmission (data before the next expected
 * sequence number) is dropped; a segment beyond it is kept aside
 * (out-of-order) until the gap is filled; when copies overlap, the first
 * copy seen wins, byte by byte. Sequence numbers are compared modulo 2^32
 * (RFC 793's arithmetic), so a stream may wrap around.
 *
 * Memory is bounded: RP_TCP_OOO_MAX bytes in at most RP_TCP_OOO_SEGS
 * out-of-order segments and RP_TCP_STREAM_MAX bytes of in-order
 * data not yet consumed per direction; beyond either the stream fails
 * with XNET_ENOBUFS (rp_stream.err). Out-of-order segments are a treap
 * (replay_int.h), so holding many costs O(log n) per segment, not O(n). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"
#include "xnet/error.h"

/* Signed distance from b to a, modulo 2^32. */
static int64_t seq_diff(uint32_t a, uint32_t b) { return (int32_t)(a - b); }

void rp_stream_syn(rp_stream *s, uint32_t seq) {
  if (s->started) return; /* a retransmitted SYN */
  s->started = true;
  s->nxt = seq + 1;
}

static int append(rp_stream *s, const uint8_t *d, size_t n) {
  if (!n) return 0;
  if (s->len - s->off + n > RP_TCP_STREAM_MAX) return XNET_ENOBUFS;
  if (s->off && s->len + n > s->cap) { /* slide the unread bytes down */
    memmove(s->buf, s->buf + s->off, s->len - s->off);
    s->len -= s->off;
    s->off = 0;
  }
  if (s->len + n > s->cap) {
    size_t cap = s->cap ? s->cap : 4096;
    while (cap < s->len + n) cap *= 2;
    uint8_t *b = realloc(s->buf, cap);
    if (!b) return XNET_ENOMEM;
    s->buf = b;
    s->cap = cap;
  }
  memcpy(s->buf + s->len, d, n);
  s->len += n;
  s->nxt += (uint32_t)n;
  return 0;
}

/* The treap of kept segments. They never overlap, and all start less than
 * 2^30 bytes after nxt (rp_stream_add drops the rest), so comparing two
 * sequence numbers modulo 2^32 orders them as the stream does. */
static bool before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

/* Priorities only shape the tree, never the result: seeded from the
 * stream's address so that a capture cannot choose keys against them. */
static uint32_t next_prio(rp_stream *s) {
  if (!s->rnd) s->rnd = (uint32_t)((uintptr_t)s >> 4) ^ 0x9e3779b9u;
  if (!s->rnd) s->rnd = 1;
  s->rnd ^= s->rnd << 13;
  s->rnd ^= s->rnd >> 17;
  s->rnd ^= s->rnd << 5;
  return s->rnd;
}

/* Inserts g below t by sequence number, rotating it up past parents of
 * lower priority; returns the subtree's new root. Recursion depth is the
 * tree's height, O(log n) expected. */
static rp_seg *seg_insert(rp_seg *t, rp_seg *g) {
  if (!t) return g;
  if (before(g->seq, t->seq)) {
    t->left = seg_insert(t->left, g);
    if (t->left->prio > t->prio) {
      rp_seg *l = t->left;
      t->left = l->right;
      l->right = t;
      return l;
    }
  } else {
    t->right = seg_insert(t->right, g);
    if (t->right->prio > t->prio) {
      rp_seg *x = t->right;
      t->right = x->left;
      x->left = t;
      return x;
    }
  }
  return t;
}

/* The kept segment starting last at or before seq. */
static rp_seg *seg_floor(rp_seg *t, uint32_t seq) {
  rp_seg *best = NULL;
  while (t) {
    if (before(seq, t->seq)) t = t->left;
    else {
      best = t;
      t = t->right;
    }
  }
  return best;
}

/* The kept segment starting first after seq. */
static rp_seg *seg_after(rp_seg *t, uint32_t seq) {
  rp_seg *best = NULL;
  while (t) {
    if (before(seq, t->seq)) {
      best = t;
      t = t->left;
    } else {
      t = t->right;
    }
  }
  return best;
}

/* Keeps [seq, seq+n) aside, minus what earlier out-of-order copies hold
 * (they win): each gap between kept segments becomes a segment. */
static int keep(rp_stream *s, uint32_t seq, const uint8_t *d, size_t n) {
  uint32_t cur = seq, end = seq + (uint32_t)n;
  while (before(cur, end)) {
    rp_seg *g = seg_floor(s->ooo, cur);
    if (g && before(cur, g->seq + (uint32_t)g->n)) {
      cur = g->seq + (uint32_t)g->n; /* covered: skip to its end */
      continue;
    }
    rp_seg *h = seg_after(s->ooo, cur);
    uint32_t stop = h && before(h->seq, end) ? h->seq : end;
    size_t k = (size_t)(stop - cur);
    if (s->ooo_bytes + k > RP_TCP_OOO_MAX || s->ooo_count >= RP_TCP_OOO_SEGS)
      return XNET_ENOBUFS;
    rp_seg *x = malloc(sizeof *x + k);
    if (!x) return XNET_ENOMEM;
    x->left = x->right = NULL;
    x->prio = next_prio(s);
    x->seq = cur;
    x->n = k;
    memcpy(x->d, d + (uint32_t)(cur - seq), k);
    s->ooo = seg_insert(s->ooo, x);
    s->ooo_bytes += k;
    s->ooo_count++;
    cur = stop;
  }
  return 0;
}

/* Moves kept segments that now start at or before nxt into the stream:
 * the first (leftmost) one each time, O(log n) to find. */
static int drain(rp_stream *s) {
  while (s->ooo) {
    rp_seg **pp = &s->ooo;
    while ((*pp)->left) pp = &(*pp)->left;
    rp_seg *g = *pp;
    int64_t a = seq_diff(g->seq, s->nxt);
    if (a > 0) return 0;
    *pp = g->right; /* the first has no left subtree */
    int rc = 0;
    if ((int64_t)g->n + a > 0)
      rc = append(s, g->d + (size_t)-a, (size_t)((int64_t)g->n + a));
    s->ooo_bytes -= g->n;
    s->ooo_count--;
    free(g);
    if (rc) return rc;
  }
  return 0;
}

/* Segments starting this far beyond nxt are outside any window TCP can
 * advertise (2^30 with scaling, RFC 7323): dropped, as a receiver would. */
#define RP_TCP_WINDOW_MAX ((int64_t)1 << 30)

int rp_stream_add(rp_stream *s, uint32_t seq, const uint8_t *d, size_t n,
                  bool fin) {
  if (s->err) return s->err;
  if (!s->started) { /* no SYN seen (a capture started mid-conn) */
    s->started = true;
    s->nxt = seq;
  }
  if (fin && !s->fin_seen) {
    s->fin_seen = true;
    s->fin_seq = seq + (uint32_t)n;
  }
  int rc = 0;
  int64_t a = seq_diff(seq, s->nxt);
  if (a <= 0) { /* in order, or (partly) a retransmission */
    if ((int64_t)n + a > 0)
      rc = append(s, d + (size_t)-a, (size_t)((int64_t)n + a));
    if (rc == 0) rc = drain(s);
  } else if (a + (int64_t)n <= RP_TCP_WINDOW_MAX) {
    rc = keep(s, seq, d, n);
    if (rc == XNET_ENOBUFS) s->ooo_full = true;
  }
  if (rc) s->err = rc;
  if (s->fin_seen && seq_diff(s->nxt, s->fin_seq) >= 0) s->eof = true;
  return rc;
}

void rp_stream_consume(rp_stream *s, size_t n) {
  s->off += n;
  s->consumed += n;
  if (s->off == s->len) s->off = s->len = 0;
}

void rp_stream_free(rp_stream *s) {
  free(s->buf);
  /* Without recursion: rotate each left child up until the root has
   * none, then free the root. */
  rp_seg *t = s->ooo;
  while (t) {
    if (t->left) {
      rp_seg *l = t->left;
      t->left = l->right;
      l->right = t;
      t = l;
    } else {
      rp_seg *next = t->right;
      free(t);
      t = next;
    }
  }
  memset(s, 0, sizeof *s);
}
