/* ip6_reasm.c — IPv6 fragment reassembly (RFC 8200 section 4.5), bounded.
 *
 * A datagram is identified by source, destination and Identification. At
 * most RP_REASM6_SLOTS are in progress; a new one evicts the oldest. One
 * not complete RP_REASM6_TIMEOUT of capture time after its first fragment
 * arrived is dropped (RFC 8200's 60 s, Linux's ip6frag_time).
 *
 * Overlapping fragments: RFC 5722 — the datagram is abandoned, with every
 * fragment received for it and, until its timeout, every fragment that
 * still comes for it (as a kernel that discarded it would never complete
 * it either). An exact duplicate (same offset and length as a fragment
 * already held) is dropped alone, as RFC 8200 allows and Linux does.
 *
 * Also from RFC 8200: a fragment with M set whose length is not a multiple
 * of 8, or one that would make the reassembled payload exceed 65,535
 * bytes, is dropped; an atomic fragment (offset 0, M clear; RFC 6946) is a
 * whole datagram on its own and never joins one in progress.
 *
 * The result is what a kernel hands up: the unfragmentable part of the
 * fragment at offset 0 (its header fields: hop limit, traffic class), the
 * Next Header that named the fragment header replaced by the fragment
 * header's Next Header, the Payload Length of the whole, then the
 * fragmentable parts in order. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"

#define RP_REASM6_SLOTS 64
#define RP_REASM6_TIMEOUT (60 * XNET_SECOND)
#define RP_REASM6_MAX 65535 /* payload bytes of the reassembled datagram */
/* Fragments one datagram may have: more is an attack, not traffic (64 KiB
 * in 1,280-byte-MTU fragments is 53). */
#define RP_REASM6_FRAGS 128

typedef struct frag6 {
  uint32_t off, len;
} frag6;

typedef struct slot6 {
  bool used;
  bool dead;             /* overlapped: drop its fragments until timeout */
  int64_t start;
  uint8_t key[36];       /* source, destination, Identification */
  uint8_t *hdr;          /* the offset-0 fragment's unfragmentable part */
  size_t hdr_len, nh_off;
  uint8_t nh;            /* its fragment header's Next Header */
  bool have_last;
  size_t total;          /* fragmentable bytes, once the last arrived */
  size_t got;            /* fragmentable bytes held (no overlaps) */
  size_t nfrags;
  frag6 frags[RP_REASM6_FRAGS];
  uint8_t *buf;          /* fragmentable part, RP_REASM6_MAX bytes */
} slot6;

struct rp_reasm6 {
  slot6 s[RP_REASM6_SLOTS];
};

struct rp_reasm6 *rp_reasm6_new(void) {
  return calloc(1, sizeof(struct rp_reasm6));
}

static void release(slot6 *s) {
  free(s->buf);
  free(s->hdr);
  s->buf = s->hdr = NULL;
}

static void drop(slot6 *s) {
  release(s);
  memset(s, 0, sizeof *s);
}

void rp_reasm6_free(struct rp_reasm6 *z) {
  if (!z) return;
  for (int i = 0; i < RP_REASM6_SLOTS; i++) release(&z->s[i]);
  free(z);
}

/* The datagram of unfragmentable part hdr[0..hdr_len) (Next Header at
 * nh_off to be nh) and fragmentable part data[0..len), malloc'd. */
static uint8_t *assemble(const uint8_t *hdr, size_t hdr_len, size_t nh_off,
                         uint8_t nh, const uint8_t *data, size_t len,
                         size_t *out_len) {
  size_t whole = hdr_len + len;
  uint8_t *out = malloc(whole ? whole : 1);
  if (!out) return NULL;
  memcpy(out, hdr, hdr_len);
  if (len) memcpy(out + hdr_len, data, len);
  out[nh_off] = nh;
  size_t plen = whole - 40;
  out[4] = (uint8_t)(plen >> 8);
  out[5] = (uint8_t)plen;
  *out_len = whole;
  return out;
}

/* Finds (or makes) the slot of key at time t; NULL when the fragment is
 * to be dropped (no memory). */
static slot6 *slot_for(struct rp_reasm6 *z, const uint8_t *key, int64_t t) {
  slot6 *s = NULL, *oldest = NULL, *free_slot = NULL;
  for (int i = 0; i < RP_REASM6_SLOTS; i++) {
    slot6 *c = &z->s[i];
    if (c->used && t - c->start > RP_REASM6_TIMEOUT) drop(c);
    if (!c->used) {
      if (!free_slot) free_slot = c;
      continue;
    }
    if (!memcmp(c->key, key, sizeof c->key)) s = c;
    if (!oldest || c->start < oldest->start) oldest = c;
  }
  if (s) return s;
  s = free_slot ? free_slot : oldest;
  if (s->used) drop(s);
  s->buf = malloc(RP_REASM6_MAX);
  if (!s->buf) return NULL;
  s->used = true;
  s->start = t;
  memcpy(s->key, key, sizeof s->key);
  return s;
}

/* Overlap abandons the datagram (RFC 5722); the slot stays, dead. */
static void abandon(slot6 *s) {
  release(s);
  s->dead = true;
}

uint8_t *rp_reasm6_add(struct rp_reasm6 *z, const uint8_t *ip, size_t n,
                       size_t frag_off, size_t nh_off, int64_t t,
                       size_t *out_len) {
  if (n < 40 || frag_off < 40 || frag_off + 8 > n || nh_off >= frag_off)
    return NULL;
  const uint8_t *fh = ip + frag_off;
  uint8_t nh = fh[0];
  size_t off = (size_t)(fh[2] << 8 | (fh[3] & 0xf8));
  bool more = fh[3] & 1;
  const uint8_t *data = fh + 8;
  size_t len = n - frag_off - 8;
  if (frag_off - 40 + off + len > RP_REASM6_MAX) return NULL;
  if (off == 0 && !more) /* atomic: complete on its own (RFC 6946) */
    return assemble(ip, frag_off, nh_off, nh, data, len, out_len);
  if (more && (len == 0 || len % 8)) return NULL;
  uint8_t key[36];
  memcpy(key, ip + 8, 32);
  memcpy(key + 32, fh + 4, 4);
  slot6 *s = slot_for(z, key, t);
  if (!s || s->dead) return NULL;
  for (size_t i = 0; i < s->nfrags; i++) {
    const frag6 *f = &s->frags[i];
    if (f->off == off && f->len == len) return NULL; /* exact duplicate */
    if (off < f->off + f->len && f->off < off + len) {
      abandon(s);
      return NULL;
    }
  }
  /* Inconsistent ends (data past the last fragment, or two last ones of
   * different lengths) are an overlap in all but name: abandoned too. */
  if ((s->have_last && off + len > s->total) ||
      (!more && (s->have_last || off + len < s->got))) {
    abandon(s);
    return NULL;
  }
  if (!more) {
    for (size_t i = 0; i < s->nfrags; i++)
      if (s->frags[i].off + s->frags[i].len > off + len) {
        abandon(s);
        return NULL;
      }
  }
  if (s->nfrags == RP_REASM6_FRAGS) {
    abandon(s);
    return NULL;
  }
  if (off == 0) {
    if (frag_off - 40 + s->total > RP_REASM6_MAX && s->have_last) {
      abandon(s);
      return NULL;
    }
    s->hdr = malloc(frag_off);
    if (!s->hdr) {
      drop(s);
      return NULL;
    }
    memcpy(s->hdr, ip, frag_off);
    s->hdr_len = frag_off;
    s->nh_off = nh_off;
    s->nh = nh;
  }
  if (!more) {
    if (s->hdr && s->hdr_len - 40 + off + len > RP_REASM6_MAX) {
      abandon(s);
      return NULL;
    }
    s->have_last = true;
    s->total = off + len;
  }
  memcpy(s->buf + off, data, len);
  s->frags[s->nfrags].off = (uint32_t)off;
  s->frags[s->nfrags].len = (uint32_t)len;
  s->nfrags++;
  s->got += len;
  if (!s->hdr || !s->have_last || s->got != s->total) return NULL;
  uint8_t *out = assemble(s->hdr, s->hdr_len, s->nh_off, s->nh, s->buf,
                          s->total, out_len);
  drop(s);
  return out;
}
