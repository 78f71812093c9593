/* record_cmsg.c — the control messages a recording learns its headers
 * from. A received datagram's TTL, TOS, destination and interface are
 * known only from control messages, so the recorder turns their receive
 * options on at every UDP and raw IP socket it creates, whatever the
 * application asked for. The application keeps its own view: its
 * setsockopt of those options is remembered instead of passed on (they
 * stay on), its getsockopt reads the remembered value, and each receive
 * hands it only the messages it turned on (cut, with MSG_CTRUNC, when its
 * buffer is too small, as the kernel does). Rows and numbers are the
 * inner stack's profile's (xnet/cmsg.h), so this is the same on every
 * flavour. */
#define _GNU_SOURCE
#include <string.h>

#include "record_int.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"

/* Bit of a row: IPv4 row i is bit i, IPv6 row i bit 8 + i. */
#define V6 8

/* The rows worth forcing: what carries a header field. */
static bool wanted_row(bool v6, int i) {
  if (v6) return i == XNET_CTL6_TCLASS || i == XNET_CTL6_HOPLIMIT || i == XNET_CTL6_PKTINFO;
  return i == XNET_CTL_TTL || i == XNET_CTL_TOS || i == XNET_CTL_DST ||
         i == XNET_CTL_INTERFACE || i == XNET_CTL_PKTINFO;
}

static const xnet_cmsg_row *row_at(const xnet_cmsg_abi *abi, int bit) {
  return bit >= V6 ? &abi->ipv6[bit - V6] : &abi->ipv4[bit];
}

static bool usable(const xnet_cmsg_row *row) {
  return row->type != 0 && row->recv_opt != 0 && row->parse != XNET_CMSG_KIND_NONE;
}

void rec_cmsg_force(recorder *r, int sock, rec_sock *s) {
  const xnet_profile *p = r->io->profile;
  if (!p || !p->cmsg || (s->type != XNET_SOCK_DGRAM && s->type != XNET_SOCK_RAW))
    return;
  uint8_t one[4];
  xnet_profile_put_u32(p, one, 1);
  /* An IPv6 socket also receives IPv4 packets (mapped): both levels. */
  int last = s->family == XNET_AF_INET6 ? V6 + XNET_CTL6__MAX : XNET_CTL__MAX;
  for (int bit = 0; bit < last; bit++) {
    if (bit >= XNET_CTL__MAX && bit < V6) continue;
    const xnet_cmsg_row *row = row_at(p->cmsg, bit);
    if (!wanted_row(bit >= V6, bit >= V6 ? bit - V6 : bit) || !usable(row)) continue;
    if (r->io->setsockopt_raw(r->ii, sock, row->level, row->recv_opt, one, sizeof one) == 0)
      s->forced |= 1u << bit;
  }
}

/* The forced rows whose receive option is (level, name), as bits. */
static uint32_t bits_of_opt(const recorder *r, const rec_sock *s, int level, int name) {
  const xnet_profile *p = r->io->profile;
  uint32_t bits = 0;
  for (int bit = 0; bit < 32; bit++)
    if (s->forced & (1u << bit)) {
      const xnet_cmsg_row *row = row_at(p->cmsg, bit);
      if (row->level == level && row->recv_opt == name) bits |= 1u << bit;
    }
  return bits;
}

bool rec_cmsg_setopt(recorder *r, rec_sock *s, int level, int name,
                     const void *val, size_t len, int *rc) {
  uint32_t bits = s->forced ? bits_of_opt(r, s, level, name) : 0;
  if (!bits) return false;
  if (!val || len == 0) {
    *rc = XNET_EINVAL;
    return true;
  }
  bool on = len >= 4 ? xnet_profile_get_u32(r->io->profile, val) != 0
                     : ((const uint8_t *)val)[0] != 0;
  if (on) s->want |= bits;
  else s->want &= ~bits;
  *rc = 0;
  return true;
}

bool rec_cmsg_getopt(recorder *r, const rec_sock *s, int level, int name,
                     void *val, size_t *len, int *rc) {
  uint32_t bits = s->forced ? bits_of_opt(r, s, level, name) : 0;
  if (!bits) return false;
  if (!val || !len || *len < 4) {
    *rc = XNET_EINVAL;
    return true;
  }
  xnet_profile_put_u32(r->io->profile, val, (s->want & bits) ? 1 : 0);
  *len = 4;
  *rc = 0;
  return true;
}

/* Whether a received message belongs to a forced row the application
 * did not turn on. */
static bool hidden(const recorder *r, const rec_sock *s, int32_t level, int32_t type) {
  const xnet_profile *p = r->io->profile;
  for (int bit = 0; bit < 32; bit++)
    if (s->forced & (1u << bit)) {
      const xnet_cmsg_row *row = row_at(p->cmsg, bit);
      if (row->level == level && row->type == type) return !(s->want & (1u << bit));
    }
  return false;
}

size_t rec_cmsg_filter(recorder *r, const rec_sock *s, const uint8_t *ctl,
                       size_t n, uint8_t *out, size_t cap, bool *cut) {
  const xnet_profile *p = r->io->profile;
  xnet_cmsg_iter it;
  xnet_cmsg m;
  size_t used = 0;
  *cut = false;
  xnet_cmsg_iter_init(&it, p, ctl, n);
  while (xnet_cmsg_iter_next(&it, &m) == 1) {
    if (hidden(r, s, m.level, m.type)) continue;
    size_t k = 0;
    if (!out || xnet_cmsg_put(p, out + used, cap - used, &k, m.level, m.type,
                              m.data, m.len) < 0) {
      /* As the kernel: what does not fit is dropped and flagged. */
      *cut = true;
      break;
    }
    used += k;
  }
  return used;
}
