/* tcp_reasm.c — one direction of a TCP conn as a byte stream: segments are
 * put in sequence order. A retransmission (data before the next expected
 * sequence number) is dropped; a segment beyond it is kept aside
 * (out-of-order) until the gap is filled; when copies overlap, the first
 * copy seen wins, byte by byte. Sequence numbers are compared modulo 2^32
 * (RFC 793's arithmetic), so a stream may wrap around.
 *
 * Memory is bounded: RP_TCP_OOO_MAX bytes of out-of-order data and
 * RP_TCP_STREAM_MAX bytes of in-order data not yet consumed per direction;
 * beyond either the stream fails with XNET_ENOBUFS (rp_stream.err). */
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

/* Keeps [seq, seq+n) aside, minus what earlier out-of-order copies hold
 * (they win): the parts left over are inserted recursively. */
static int keep(rp_stream *s, uint32_t seq, const uint8_t *d, size_t n) {
  if (!n) return 0;
  for (rp_seg *g = s->ooo; g; g = g->next) {
    int64_t a = seq_diff(seq, s->nxt), b = a + (int64_t)n;
    int64_t ga = seq_diff(g->seq, s->nxt), gb = ga + (int64_t)g->n;
    if (b <= ga || gb <= a) continue;
    int rc = 0;
    if (a < ga) rc = keep(s, seq, d, (size_t)(ga - a));
    if (rc == 0 && gb < b)
      rc = keep(s, g->seq + (uint32_t)g->n, d + (gb - a), (size_t)(b - gb));
    return rc;
  }
  if (s->ooo_bytes + n > RP_TCP_OOO_MAX) return XNET_ENOBUFS;
  rp_seg *g = malloc(sizeof *g + n);
  if (!g) return XNET_ENOMEM;
  g->seq = seq;
  g->n = n;
  memcpy(g->d, d, n);
  g->next = s->ooo;
  s->ooo = g;
  s->ooo_bytes += n;
  return 0;
}

/* Moves kept segments that now start at or before nxt into the stream. */
static int drain(rp_stream *s) {
  bool moved = true;
  while (moved) {
    moved = false;
    for (rp_seg **pp = &s->ooo; *pp;) {
      rp_seg *g = *pp;
      int64_t a = seq_diff(g->seq, s->nxt);
      if (a > 0) {
        pp = &g->next;
        continue;
      }
      int rc = 0;
      if ((int64_t)g->n + a > 0)
        rc = append(s, g->d + (size_t)-a, (size_t)((int64_t)g->n + a));
      if (rc) return rc;
      *pp = g->next;
      s->ooo_bytes -= g->n;
      free(g);
      moved = true;
    }
  }
  return 0;
}

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
  } else {
    rc = keep(s, seq, d, n);
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
  while (s->ooo) {
    rp_seg *g = s->ooo;
    s->ooo = g->next;
    free(g);
  }
  memset(s, 0, sizeof *s);
}
