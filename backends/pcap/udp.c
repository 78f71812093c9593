/* udp.c — which conn a packet belongs to, and delivery as the kernel does
 * it: UDP payload and source; raw IPv4 with its header, raw IPv6 without;
 * control messages (Linux layout, xnet_profile_linux) built from the
 * headers for the options the conn turned on. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"

void rp_queue_push(rp_queue *q, rp_pkt *p) {
  p->next = NULL;
  if (q->tail) q->tail->next = p;
  else q->head = p;
  q->tail = p;
  q->count++;
  q->bytes += p->len;
}

rp_pkt *rp_queue_pop(rp_queue *q) {
  rp_pkt *p = q->head;
  if (!p) return NULL;
  q->head = p->next;
  if (!q->head) q->tail = NULL;
  q->count--;
  q->bytes -= p->len;
  p->next = NULL;
  return p;
}

rp_pkt *rp_pkt_alloc(replay *r, size_t n) {
  if (n <= RP_POOL_DATA && r->pool) {
    rp_pkt *p = r->pool;
    r->pool = p->next;
    r->pool_count--;
    return p;
  }
  size_t cap = n <= RP_POOL_DATA ? RP_POOL_DATA : n;
  rp_pkt *p = malloc(sizeof *p + cap);
  if (p) p->cap = cap;
  return p;
}

void rp_pkt_free(replay *r, rp_pkt *p) {
  if (!p) return;
  if (p->cap == RP_POOL_DATA && r->pool_count < RP_POOL_MAX) {
    p->next = r->pool;
    r->pool = p;
    r->pool_count++;
    return;
  }
  free(p);
}

void rp_queue_free(replay *r, rp_queue *q) {
  rp_pkt *p;
  while ((p = rp_queue_pop(q))) rp_pkt_free(r, p);
}

/* Both run for every packet and socket: fixed-size compares, which the
 * compiler inlines, rather than a loop or a memcmp call. */
static const uint8_t zero16[16];

static bool wildcard(const xnet_ip *ip) {
  if (ip->len == 4) return !memcmp(ip->bytes, zero16, 4);
  if (ip->len == 16) return !memcmp(ip->bytes, zero16, 16);
  for (int i = 0; i < ip->len; i++)
    if (ip->bytes[i]) return false;
  return true;
}

static bool ip_eq(const xnet_ip *a, const xnet_ip *b) {
  if (a->len != b->len) return false;
  return a->len == 4    ? !memcmp(a->bytes, b->bytes, 4)
         : a->len == 16 ? !memcmp(a->bytes, b->bytes, 16)
                        : !memcmp(a->bytes, b->bytes, a->len);
}

bool rp_is_local_ip(const replay *r, const rp_ep *a) {
  for (size_t i = 0; i < r->local_count; i++)
    if (ip_eq(&r->local[i], &a->ip)) return true;
  return false;
}

/* Whether the socket's family takes the packet's: an IPv6 socket bound to
 * the wildcard without IPV6_V6ONLY takes IPv4 too (as mapped addresses). */
static bool family_ok(const rp_sock *s, const rp_pkt *p) {
  if (s->family == p->family) return true;
  return s->family == XNET_AF_INET6 && p->family == XNET_AF_INET &&
         !s->v6only && wildcard(&s->local.ip) && s->type == XNET_SOCK_DGRAM;
}

/* Whether s joined the group a (replay.c, group_change). */
static bool joined(const rp_sock *s, const rp_ep *a) {
  for (int i = 0; i < s->ngroups; i++)
    if (s->group_len[i] == a->ip.len &&
        !memcmp(s->groups[i], a->ip.bytes, s->group_len[i]))
      return true;
  return false;
}

/* Whether addr (the socket's local IP) covers ip from a packet. */
static bool local_covers(const replay *r, const rp_sock *s,
                         const rp_ep *a) {
  if (!wildcard(&s->local.ip)) {
    if (s->family == a->family) return ip_eq(&s->local.ip, &a->ip);
    return false;
  }
  return r->local_count == 0 || rp_is_local_ip(r, a) ||
         (s->ngroups && joined(s, a));
}

static bool remote_is(const rp_sock *s, const rp_ep *a, bool port) {
  if (s->family == a->family) {
    if (!ip_eq(&s->remote.ip, &a->ip)) return false;
  } else { /* IPv4 peer of an IPv6 socket: ::ffff:a.b.c.d */
    static const uint8_t pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (s->remote.ip.len != 16 || memcmp(s->remote.ip.bytes, pre, 12) ||
        memcmp(s->remote.ip.bytes + 12, a->ip.bytes, 4))
      return false;
  }
  return !port || s->remote.port == a->port;
}

bool rp_match_in(const replay *r, const rp_sock *s, const rp_pkt *p) {
  if (!s->open || !s->bound || !family_ok(s, p)) return false;
  if (s->type == XNET_SOCK_DGRAM) {
    if (!p->udp || p->dst.port != s->local.port) return false;
  } else if (s->type == XNET_SOCK_RAW) {
    if (p->proto != s->protocol) return false;
  } else {
    return false;
  }
  if (!local_covers(r, s, &p->dst)) return false;
  return !s->connected || remote_is(s, &p->src, s->type == XNET_SOCK_DGRAM);
}

bool rp_match_out(const replay *r, const rp_sock *s, const rp_pkt *p) {
  if (!s->bound || !family_ok(s, p)) return false;
  if (s->type == XNET_SOCK_DGRAM) {
    if (!p->udp || p->src.port != s->local.port) return false;
    if (!local_covers(r, s, &p->src)) return false;
  } else if (s->type == XNET_SOCK_RAW) {
    if (p->proto != s->protocol) return false;
    if (wildcard(&s->local.ip) && !rp_is_local_ip(r, &p->src)) return false;
    if (!wildcard(&s->local.ip) && !ip_eq(&s->local.ip, &p->src.ip))
      return false;
  } else {
    return false;
  }
  return !s->connected || remote_is(s, &p->dst, s->type == XNET_SOCK_DGRAM);
}

static rp_pkt *copy_pkt(replay *r, const rp_pkt *p) {
  rp_pkt *c = rp_pkt_alloc(r, p->len);
  if (c) {
    size_t cap = c->cap;
    memcpy(c, p, sizeof *c + p->len);
    c->cap = cap;
  }
  return c;
}

/* The conn p is delivered to (the first that takes it) and the conn
 * whose expected write it is (the first other that sent it). */
static void targets(replay *r, const rp_pkt *p, rp_sock **in_,
                    rp_sock **out_) {
  rp_sock *in = NULL, *out = NULL;
  for (int i = 0; i < r->nsocks && !in; i++)
    if (rp_match_in(r, &r->socks[i], p)) in = &r->socks[i];
  /* The write belongs to an open conn when one matches: a port closed
   * and opened again has the old, closed conn earlier in the table. */
  for (int i = 0; i < r->nsocks; i++) {
    rp_sock *s = &r->socks[i];
    if (!s->used || s == in || !rp_match_out(r, s, p)) continue;
    if (s->open) {
      out = s;
      break;
    }
    if (!out) out = s;
  }
  *in_ = in;
  *out_ = out;
}

rp_sock *rp_dispatch_only_to(replay *r, const rp_pkt *p) {
  if (p->proto == 6 || p->proto == 132) return NULL; /* tcp.c, sctp*.c */
  rp_sock *in, *out;
  targets(r, p, &in, &out);
  if (out || !in || in->in.bytes + p->len > RP_SOCK_QUEUE_BYTES) return NULL;
  return in;
}

void rp_dispatch(replay *r, rp_pkt *p) {
  /* TCP and SCTP conns copy what they need; raw ip4:tcp conns still see
   * it. */
  if (p->proto == 6) (void)rp_tcp_dispatch(r, p);
  else if (p->proto == 132) (void)rp_sctp_dispatch(r, p);
  rp_sock *in, *out;
  targets(r, p, &in, &out);
  if (out && !out->open) { /* the conn closed before writing it */
    if (!r->lenient && !out->missing++)
      rp_note_problem(r, XNET_EMISMATCH,
                      "record %llu: the capture's write of %zu bytes never "
                      "happened (the conn was closed)",
                      (unsigned long long)p->recno,
                      p->udp ? p->len - p->pay_off : p->len);
    out = NULL;
  }
  if (out) {
    rp_pkt *c = in ? copy_pkt(r, p) : p;
    if (c) rp_expect_push(r, out, c); /* expect.c: bounded */
    if (!in) return;
  }
  if (in && in->in.bytes + p->len <= RP_SOCK_QUEUE_BYTES) {
    rp_queue_push(&in->in, p);
    return;
  }
  rp_pkt_free(r, p);
}

/* Appends one control message; false when it did not fit. */
static bool put(const xnet_profile *pr, uint8_t *oob, size_t cap,
                size_t *used, const xnet_cmsg_row *row, const void *v,
                size_t n) {
  size_t len = 0;
  /* No buffer (a read without one, control messages on): nothing fits,
   * as the kernel then reports MSG_CTRUNC; and NULL + 0 is undefined. */
  if (!oob) return false;
  if (xnet_cmsg_put(pr, oob + *used, cap - *used, &len, row->level, row->type,
                    v, n) < 0)
    return false;
  *used += len;
  return true;
}

static bool put_cmsgs(const rp_sock *s, const rp_pkt *p, xnet_backend_msg *m) {
  const xnet_profile *pr = &xnet_profile_linux;
  const xnet_cmsg_abi *abi = pr->cmsg;
  uint8_t *oob = m->oob;
  size_t cap = oob ? m->oob_cap : 0, used = 0;
  bool ok = true;
  if (p->family == XNET_AF_INET && s->family == XNET_AF_INET) {
    /* Linux's order (ip_cmsg_recv_offset): PKTINFO, TTL, TOS. */
    if (s->recv & RP_RECV_PKTINFO) {
      uint8_t v[12];
      xnet_profile_put_u32(pr, v, p->ifindex);
      memcpy(v + 4, p->dst.ip.bytes, 4); /* spec_dst: the local address */
      memcpy(v + 8, p->dst.ip.bytes, 4); /* addr: the header destination */
      ok = ok && put(pr, oob, cap, &used, &abi->ipv4[XNET_CTL_PKTINFO], v, 12);
    }
    if (s->recv & RP_RECV_TTL) {
      uint8_t v[4];
      xnet_profile_put_u32(pr, v, p->ttl);
      ok = ok && put(pr, oob, cap, &used, &abi->ipv4[XNET_CTL_TTL], v, 4);
    }
    if (s->recv & RP_RECV_TOS)
      ok = ok && put(pr, oob, cap, &used, &abi->ipv4[XNET_CTL_TOS], &p->tos, 1);
  } else if (p->family == XNET_AF_INET6) {
    /* ip6_datagram_recv_specific_ctl: PKTINFO, HOPLIMIT, TCLASS. */
    if (s->recv & RP_RECV6_PKTINFO) {
      uint8_t v[20];
      memcpy(v, p->dst.ip.bytes, 16);
      xnet_profile_put_u32(pr, v + 16, p->ifindex);
      ok = ok && put(pr, oob, cap, &used, &abi->ipv6[XNET_CTL6_PKTINFO], v, 20);
    }
    if (s->recv & RP_RECV6_HOPLIMIT) {
      uint8_t v[4];
      xnet_profile_put_u32(pr, v, p->ttl);
      ok = ok && put(pr, oob, cap, &used, &abi->ipv6[XNET_CTL6_HOPLIMIT], v, 4);
    }
    if (s->recv & RP_RECV6_TCLASS) {
      uint8_t v[4];
      xnet_profile_put_u32(pr, v, p->tos);
      ok = ok && put(pr, oob, cap, &used, &abi->ipv6[XNET_CTL6_TCLASS], v, 4);
    }
  }
  m->oob_len = used;
  return ok;
}

int rp_recv_copy(const rp_sock *s, const rp_pkt *p, const uint8_t *data,
                 xnet_backend_msg *m) {
  const uint8_t *d = data;
  size_t n = p->len;
  if (s->type == XNET_SOCK_DGRAM) {
    d += p->pay_off;
    n -= p->pay_off;
  } else if (p->family == XNET_AF_INET6) {
    d += p->l4_off;
    n -= p->l4_off;
  }
  size_t done = 0;
  for (size_t i = 0; i < m->iov_len && done < n; i++) {
    size_t k = m->iov[i].iov_len < n - done ? m->iov[i].iov_len : n - done;
    if (k) memcpy(m->iov[i].iov_base, d + done, k);
    done += k;
  }
  m->n = done;
  m->flags = done < n ? XNET_MSG_TRUNC : 0;
  m->addr.family = (uint8_t)s->family;
  m->addr.port = 0;
  m->addr.scope_id = 0;
  m->addr.path_len = 0;
  if (s->family == p->family) {
    m->addr.ip = p->src.ip;
  } else {
    memset(&m->addr.ip, 0, sizeof m->addr.ip);
    m->addr.ip.len = 16;
    m->addr.ip.bytes[10] = m->addr.ip.bytes[11] = 0xff;
    memcpy(m->addr.ip.bytes + 12, p->src.ip.bytes, 4);
  }
  if (s->type == XNET_SOCK_DGRAM) m->addr.port = p->src.port;
  if (!put_cmsgs(s, p, m)) m->flags |= XNET_MSG_CTRUNC;
  return (int)done;
}

int rp_recv(replay *r, rp_sock *s, xnet_backend_msg *m, int flags) {
  rp_pkt *p = s->in.head;
  if (!p || p->t > r->now) return XNET_EAGAIN;
  int done = rp_recv_copy(s, p, p->data, m);
  if (!(flags & XNET_MSG_PEEK)) {
    rp_pkt_free(r, rp_queue_pop(&s->in));
    r->delivered++;
  }
  return done;
}

int rp_read_copy(const rp_sock *s, const rp_pkt *p, const uint8_t *data,
                 void *buf, size_t n) {
  size_t off = s->type == XNET_SOCK_DGRAM ? p->pay_off
               : p->family == XNET_AF_INET6 ? p->l4_off : 0;
  size_t len = p->len - off;
  if (len > n) len = n; /* the rest of the datagram is discarded */
  if (len) memcpy(buf, data + off, len);
  return (int)len;
}

int rp_read(replay *r, rp_sock *s, void *buf, size_t n) {
  rp_pkt *p = s->in.head;
  if (!p || p->t > r->now) return XNET_EAGAIN;
  int len = rp_read_copy(s, p, p->data, buf, n);
  rp_pkt_free(r, rp_queue_pop(&s->in));
  r->delivered++;
  return len;
}
