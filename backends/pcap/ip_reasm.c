/* ip_reasm.c — IPv4 fragment reassembly (RFC 791 / RFC 815), bounded.
 *
 * At most RP_REASM_SLOTS datagrams are in progress; a new one evicts the
 * oldest. A datagram not complete RP_REASM_TIMEOUT of capture time after
 * its first fragment is dropped, as Linux's ipfrag_time (30 s). Where
 * fragments overlap, the first copy of a byte wins. The result carries the
 * first fragment's header with MF and the offset cleared, the total length
 * of the whole and a fresh checksum — what Linux hands a raw socket. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"
#include "xnet/inet_checksum.h"

#define RP_REASM_SLOTS 64
#define RP_REASM_TIMEOUT (30 * XNET_SECOND)
#define RP_REASM_MAX 65535

typedef struct slot {
  bool used;
  int64_t start;
  uint8_t key[9];       /* src, dst, proto */
  uint16_t id;
  uint8_t hdr[60];
  size_t hdr_len;       /* 0 until the first fragment arrives */
  size_t total;         /* payload bytes; 0 until the last arrives */
  uint8_t have[RP_REASM_MAX / 8 / 8 + 1]; /* one bit per 8-byte block */
  uint8_t *buf;         /* payload, RP_REASM_MAX bytes */
} slot;

struct rp_reasm {
  slot s[RP_REASM_SLOTS];
};

struct rp_reasm *rp_reasm_new(void) { return calloc(1, sizeof(struct rp_reasm)); }

void rp_reasm_free(struct rp_reasm *z) {
  if (!z) return;
  for (int i = 0; i < RP_REASM_SLOTS; i++) free(z->s[i].buf);
  free(z);
}

static void drop(slot *s) {
  free(s->buf);
  memset(s, 0, sizeof *s);
}

static bool complete(const slot *s) {
  if (!s->hdr_len || !s->total) return false;
  size_t blocks = (s->total + 7) / 8;
  for (size_t b = 0; b < blocks; b++)
    if (!(s->have[b / 8] & (1u << (b % 8)))) return false;
  return true;
}

uint8_t *rp_reasm_add(struct rp_reasm *z, const uint8_t *ip, size_t n,
                      int64_t t, size_t *out_len) {
  if (n < 20) return NULL;
  size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
  size_t tot = (size_t)(ip[2] << 8 | ip[3]);
  if (ihl < 20 || ihl > n || tot < ihl) return NULL;
  if (tot < n) n = tot;
  uint16_t id = (uint16_t)(ip[4] << 8 | ip[5]);
  unsigned frag = (unsigned)(ip[6] << 8 | ip[7]);
  size_t off = (size_t)(frag & 0x1fff) * 8;
  bool more = frag & 0x2000;
  size_t plen = n - ihl;
  if (off + plen > RP_REASM_MAX - ihl) return NULL;
  if (more && plen % 8) return NULL; /* only the last may be ragged */
  uint8_t key[9];
  memcpy(key, ip + 12, 8);
  key[8] = ip[9];
  slot *s = NULL, *oldest = NULL, *free_slot = NULL;
  for (int i = 0; i < RP_REASM_SLOTS; i++) {
    slot *c = &z->s[i];
    if (c->used && t - c->start > RP_REASM_TIMEOUT) drop(c);
    if (!c->used) {
      if (!free_slot) free_slot = c;
      continue;
    }
    if (c->id == id && !memcmp(c->key, key, 9)) s = c;
    if (!oldest || c->start < oldest->start) oldest = c;
  }
  if (!s) {
    s = free_slot ? free_slot : oldest;
    if (s->used) drop(s);
    s->buf = malloc(RP_REASM_MAX);
    if (!s->buf) return NULL;
    s->used = true;
    s->start = t;
    s->id = id;
    memcpy(s->key, key, 9);
  }
  if (!more) {
    if (s->total && s->total != off + plen) { /* contradicting ends */
      drop(s);
      return NULL;
    }
    s->total = off + plen;
  }
  if (off == 0 && !s->hdr_len) {
    memcpy(s->hdr, ip, ihl);
    s->hdr_len = ihl;
  }
  for (size_t o = 0; o < plen; o += 8) {
    size_t b = (off + o) / 8;
    if (s->have[b / 8] & (1u << (b % 8))) continue; /* first copy wins */
    size_t k = plen - o < 8 ? plen - o : 8;
    memcpy(s->buf + off + o, ip + ihl + o, k);
    s->have[b / 8] |= (uint8_t)(1u << (b % 8));
  }
  if (!complete(s)) return NULL;
  size_t whole = s->hdr_len + s->total;
  uint8_t *out = malloc(whole);
  if (!out) {
    drop(s);
    return NULL;
  }
  memcpy(out, s->hdr, s->hdr_len);
  memcpy(out + s->hdr_len, s->buf, s->total);
  out[2] = (uint8_t)(whole >> 8);
  out[3] = (uint8_t)whole;
  out[6] = (uint8_t)(out[6] & 0x40); /* keep DF, clear MF and offset */
  out[7] = 0;
  out[10] = out[11] = 0;
  uint16_t sum =
      xnet_inet_checksum_finish(xnet_inet_checksum_add(0, out, s->hdr_len));
  out[10] = (uint8_t)(sum >> 8);
  out[11] = (uint8_t)sum;
  drop(s);
  *out_len = whole;
  return out;
}
