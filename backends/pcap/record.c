/* record.c — the recording stack: a decorator over another stack. Each op
 * calls the inner stack's op with the inner instance and returns what it
 * returned; the ops that move data (recvmsg, sendmsg, read, write), make
 * or end conns (connect, connect_result, accept, shutdown, close) also
 * hand what happened to the writer (record_packet.c, record_tcp.c). Core
 * needs no change: to it this is one more backend. The table is copied
 * per stack because the profile, the SCTP layout and whether batch ops
 * exist are the inner stack's. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record_int.h"
#include "xnet/error.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet/ipv6_cmsg.h"
#include "xnet/sockopt_table.h"

typedef struct rec_config {
  xnet_stack *inner;
  const char *path;
  const xnet_record_options *opt;
} rec_config;

#define R(inst) ((recorder *)(inst))

/* ---- the socket table ---- */

static rec_sock *sock_get(recorder *r, int sock) {
  if (sock < 0 || sock > (1 << 24)) return NULL;
  if ((size_t)sock >= r->nsocks) {
    size_t n = r->nsocks ? r->nsocks : 64;
    while (n <= (size_t)sock) n *= 2;
    rec_sock *t = realloc(r->socks, n * sizeof *t);
    if (!t) return NULL;
    memset(t + r->nsocks, 0, (n - r->nsocks) * sizeof *t);
    r->socks = t;
    r->nsocks = n;
  }
  return &r->socks[sock];
}

/* The entry of a followed IP socket, or NULL. */
static rec_sock *sock_ip(recorder *r, int sock) {
  if (sock < 0 || (size_t)sock >= r->nsocks) return NULL;
  rec_sock *s = &r->socks[sock];
  return s->used && s->ip ? s : NULL;
}

static void sock_init(rec_sock *s, int family, int type, int protocol) {
  memset(s, 0, sizeof *s);
  s->used = true;
  s->family = (uint8_t)family;
  s->type = type;
  s->protocol = protocol;
  s->ip = (family == XNET_AF_INET || family == XNET_AF_INET6) &&
          (type == XNET_SOCK_DGRAM || type == XNET_SOCK_RAW ||
           (type == XNET_SOCK_STREAM && protocol != 132));
}

/* ---- endpoints ---- */

static bool wildcard(const xnet_ip *ip) {
  for (int i = 0; i < ip->len; i++)
    if (ip->bytes[i]) return false;
  return true;
}

static bool mapped4(const xnet_ip *ip) {
  static const uint8_t pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return ip->len == 16 && !memcmp(ip->bytes, pre, 12);
}

static bool loopback(const xnet_ip *ip) {
  static const uint8_t one6[16] = {[15] = 1};
  if (ip->len == 4) return ip->bytes[0] == 127;
  if (mapped4(ip)) return ip->bytes[12] == 127;
  return ip->len == 16 && !memcmp(ip->bytes, one6, 16);
}

static void set_loopback(xnet_ip *ip, uint8_t family) {
  memset(ip, 0, sizeof *ip);
  if (family == XNET_AF_INET) {
    ip->len = 4;
    ip->bytes[0] = 127;
    ip->bytes[3] = 1;
  } else {
    ip->len = 16;
    ip->bytes[15] = 1;
  }
}

/* The family of the packets a socket exchanges with peer: an IPv6 socket
 * talking to an IPv4-mapped address sends IPv4. */
static uint8_t pkt_family(const rec_sock *s, const xnet_sockaddr *peer) {
  if (peer->ip.len == 4 || mapped4(&peer->ip)) return XNET_AF_INET;
  if (peer->ip.len == 16) return XNET_AF_INET6;
  return s->family;
}

static void local_of(recorder *r, int sock, rec_sock *s) {
  if (s->have_local) return;
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  if (r->io->local_addr(r->ii, sock, &a) < 0) return;
  s->local = a;
  /* An implicit bind may come later: keep asking until a port is set. */
  s->have_local = a.port != 0 || s->type == XNET_SOCK_RAW;
}

static void remote_of(recorder *r, int sock, rec_sock *s) {
  if (s->have_remote) return;
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  if (r->io->remote_addr(r->ii, sock, &a) < 0) return;
  s->remote = a;
  s->have_remote = true;
}

/* The local end of a packet to or from peer: the bound address, or where
 * that is a wildcard, the loopback address when the peer is on it. */
static void local_end(const rec_sock *s, const xnet_sockaddr *peer,
                      xnet_sockaddr *out) {
  *out = s->local;
  if (wildcard(&out->ip) && loopback(&peer->ip))
    set_loopback(&out->ip, pkt_family(s, peer));
}

/* ---- what a conn received or sent ---- */

/* The payload of iov[0..cnt) up to n bytes, contiguous. */
static const uint8_t *gather(recorder *r, const struct iovec *iov,
                             size_t cnt, size_t *n) {
  if (cnt == 1 || *n == 0) return cnt ? iov[0].iov_base : NULL;
  size_t got = 0;
  for (size_t i = 0; i < cnt && got < *n && got < sizeof r->gather; i++) {
    size_t k = iov[i].iov_len;
    if (k > *n - got) k = *n - got;
    if (k > sizeof r->gather - got) k = sizeof r->gather - got;
    memcpy(r->gather + got, iov[i].iov_base, k);
    got += k;
  }
  *n = got;
  return r->gather;
}

/* Control messages the application asked for say what the headers held. */
static void from_cmsgs(recorder *r, rec_pkt *p, const void *oob, size_t len) {
  if (!oob || !len) return;
  const xnet_profile *prof = r->io->profile;
  if (p->family == XNET_AF_INET) {
    xnet_ipv4_cmsg cm;
    /* A cut buffer still fills what it holds; an error zeroes cm. */
    if (xnet_ipv4_cmsg_parse(prof, oob, len, &cm) == XNET_EINVAL) return;
    if (cm.has & XNET_IPV4_FLAG_TTL) p->ttl = (uint8_t)cm.ttl;
    if (cm.has & XNET_IPV4_FLAG_TOS) p->tos = (uint8_t)cm.tos;
    if (cm.has & XNET_IPV4_FLAG_INTERFACE) p->ifindex = cm.ifindex;
    if ((cm.has & XNET_IPV4_FLAG_DST) && p->dst.ip.len == 4)
      memcpy(p->dst.ip.bytes, cm.dst, 4);
    else if ((cm.has & XNET_IPV4_FLAG_DST) && mapped4(&p->dst.ip))
      memcpy(p->dst.ip.bytes + 12, cm.dst, 4);
  }
  xnet_ipv6_cmsg c6; /* an IPv6 socket reports IPv4 packets this way too */
  if (xnet_ipv6_cmsg_parse(prof, oob, len, &c6) == XNET_EINVAL) return;
  if (c6.has & XNET_IPV6_FLAG_HOP_LIMIT) p->ttl = (uint8_t)c6.hop_limit;
  if (c6.has & XNET_IPV6_FLAG_TRAFFIC_CLASS) p->tos = (uint8_t)c6.traffic_class;
  if (c6.has & XNET_IPV6_FLAG_INTERFACE) p->ifindex = c6.ifindex;
  if ((c6.has & XNET_IPV6_FLAG_DST) && p->family == XNET_AF_INET6) {
    p->dst.ip.len = 16;
    memcpy(p->dst.ip.bytes, c6.dst, 16);
  }
}

/* Learns s's local address; the peer of a datagram: the address the call
 * named (given), else the socket's remote one. */
static xnet_sockaddr peer_of(recorder *r, int sock, rec_sock *s,
                             const xnet_sockaddr *given) {
  local_of(r, sock, s);
  if (given && given->family != XNET_AF_UNSPEC) return *given;
  remote_of(r, sock, s);
  return s->remote;
}

/* The packet of a datagram of n bytes at d, sent to peer (out) or
 * received from it: UDP, or the raw socket's protocol. */
static void datagram(const rec_sock *s, const xnet_sockaddr *peer, bool out,
                     const uint8_t *d, size_t n, rec_pkt *p) {
  memset(p, 0, sizeof *p);
  p->family = pkt_family(s, peer);
  p->proto = s->type == XNET_SOCK_RAW ? (uint8_t)s->protocol : 17;
  p->out = out;
  if (out) {
    p->dst = *peer;
    local_end(s, peer, &p->src);
  } else {
    p->src = *peer;
    local_end(s, peer, &p->dst);
  }
  p->payload = d;
  p->len = n;
}

static void on_recv(recorder *r, int sock, rec_sock *s, const struct iovec *iov,
                    size_t cnt, size_t n, const xnet_sockaddr *from,
                    const void *oob, size_t oob_len) {
  xnet_sockaddr peer = peer_of(r, sock, s, from);
  const uint8_t *d = gather(r, iov, cnt, &n);
  if (s->type == XNET_SOCK_RAW && pkt_family(s, &peer) == XNET_AF_INET &&
      !r->io->profile->ipv4_raw_host_order) {
    /* Linux delivers the IPv4 header: the datagram as it came. The
     * interface is what a cmsg said, when one did. */
    rec_pkt p;
    memset(&p, 0, sizeof p);
    p.family = XNET_AF_INET;
    p.dst.ip.len = 4;
    from_cmsgs(r, &p, oob, oob_len);
    if (n >= 20) rec_emit_datagram(r, d, n, p.ifindex, false);
    return;
  }
  rec_pkt p;
  datagram(s, &peer, false, d, n, &p);
  p.ttl = 64;
  from_cmsgs(r, &p, oob, oob_len);
  rec_emit(r, &p);
}

/* Reads a byte-sized IP option of the socket (a TTL or TOS, one byte or an
 * int on the wire) into *out; leaves *out when it cannot. */
static void get_mark(recorder *r, int sock, xnet_so opt, uint8_t *out) {
  const xnet_profile *prof = r->io->profile;
  const xnet_so_row *row = xnet_sockopt_row(prof, opt);
  uint8_t v[4] = {0};
  size_t len = sizeof v;
  if (!row ||
      r->io->getsockopt_raw(r->ii, sock, row->level, row->name, v, &len) != 0)
    return;
  int t = len == 1 ? v[0] : (int)xnet_profile_get_u32(prof, v);
  if (t >= 0 && t <= 255) *out = (uint8_t)t;
}

/* The socket's TTL / hop limit and TOS / traffic class for a send. */
static void send_marks(recorder *r, int sock, rec_pkt *p) {
  bool v6 = p->family == XNET_AF_INET6;
  bool mc = v6 ? p->dst.ip.bytes[0] == 0xff
               : (p->dst.ip.len == 4 ? p->dst.ip.bytes[0] : p->dst.ip.bytes[12]) >= 224 &&
                     (p->dst.ip.len == 4 ? p->dst.ip.bytes[0] : p->dst.ip.bytes[12]) < 240;
  xnet_so ttl_opt = v6 ? (mc ? XNET_SO_IPV6_MULTICAST_HOPS : XNET_SO_IPV6_UNICAST_HOPS)
                       : (mc ? XNET_SO_IP_MULTICAST_TTL : XNET_SO_IP_TTL);
  xnet_so tos_opt = v6 ? XNET_SO_IPV6_TCLASS : XNET_SO_IP_TOS;
  p->ttl = mc ? 1 : 64;
  p->tos = 0;
  get_mark(r, sock, ttl_opt, &p->ttl);
  get_mark(r, sock, tos_opt, &p->tos);
}

static void on_send(recorder *r, int sock, rec_sock *s, const struct iovec *iov,
                    size_t cnt, size_t n, const xnet_sockaddr *to) {
  xnet_sockaddr peer = peer_of(r, sock, s, to);
  const uint8_t *d = gather(r, iov, cnt, &n);
  if (s->type == XNET_SOCK_RAW && s->hdrincl) {
    rec_emit_datagram(r, d, n, 0, true);
    return;
  }
  rec_pkt p;
  datagram(s, &peer, true, d, n, &p);
  send_marks(r, sock, &p);
  rec_emit(r, &p);
}

static size_t iov_total(const struct iovec *iov, size_t cnt) {
  size_t t = 0;
  for (size_t i = 0; i < cnt; i++) t += iov[i].iov_len;
  return t;
}

/* n stream bytes in iov[0..cnt), in order: no gathering, so a stream
 * chunk of any size is recorded whole. */
static void stream_data(recorder *r, rec_sock *s, bool out,
                        const struct iovec *iov, size_t cnt, size_t n) {
  for (size_t i = 0; i < cnt && n; i++) {
    size_t k = iov[i].iov_len < n ? iov[i].iov_len : n;
    rec_tcp_data(r, s, out, iov[i].iov_base, k);
    n -= k;
  }
}

/* A stream read of n bytes (rc: the op's result, want: bytes asked). */
static void on_stream_read(recorder *r, rec_sock *s, int rc,
                           const struct iovec *iov, size_t cnt, size_t want) {
  if (rc > 0) {
    stream_data(r, s, false, iov, cnt, (size_t)rc);
  } else if (rc == 0 && want > 0) {
    rec_tcp_fin(r, s, false);
  } else if (rc == XNET_ECONNRESET) {
    rec_tcp_rst_in(r, s);
  }
}

/* ---- the hot path ---- */

/* Whether sock's receives go through the recorder's control buffer. */
static bool forced(recorder *r, int sock) {
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  bool f = s && s->forced && s->type != XNET_SOCK_STREAM;
  pthread_mutex_unlock(&r->mu);
  return f;
}

/* A datagram received into m with the recorder's control bytes ctl
 * (NULL: m's own): recorded, and m's control buffer given the messages
 * the application turned on. r->mu held. */
static void took_datagram(recorder *r, int sock, xnet_backend_msg *m,
                          const uint8_t *ctl, size_t ctl_len) {
  rec_sock *s = sock_ip(r, sock);
  if (!s) return;
  size_t cap = iov_total(m->iov, m->iov_len);
  on_recv(r, sock, s, m->iov, m->iov_len, m->n < cap ? m->n : cap, &m->addr,
          ctl ? ctl : m->oob, ctl ? ctl_len : m->oob_len);
  if (!ctl) return;
  bool cut = false;
  m->oob_len = rec_cmsg_filter(r, s, ctl, ctl_len, m->oob, m->oob ? m->oob_cap : 0, &cut);
  if (cut) m->flags |= XNET_MSG_CTRUNC;
}

static int record_recvmsg(void *inst, int sock, xnet_backend_msg *m, int flags) {
  recorder *r = R(inst);
  uint8_t ctl[REC_CTL];
  void *app_oob = m->oob;
  size_t app_cap = m->oob_cap;
  bool own = forced(r, sock);
  if (own) {
    m->oob = ctl;
    m->oob_cap = sizeof ctl;
  }
  int rc = r->io->recvmsg(r->ii, sock, m, flags);
  size_t ctl_len = own ? m->oob_len : 0;
  if (own) {
    m->oob = app_oob;
    m->oob_cap = app_cap;
    m->oob_len = 0;
  }
  if (rc < 0 && rc != XNET_ECONNRESET) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  if (flags & XNET_MSG_PEEK) { /* not recorded until it is taken */
    bool cut = false;
    if (s && own)
      m->oob_len = rec_cmsg_filter(r, s, ctl, ctl_len, m->oob, m->oob ? m->oob_cap : 0, &cut);
    if (cut) m->flags |= XNET_MSG_CTRUNC;
  } else if (s && s->type == XNET_SOCK_STREAM) {
    on_stream_read(r, s, rc, m->iov, m->iov_len, iov_total(m->iov, m->iov_len));
  } else if (s && rc >= 0) {
    took_datagram(r, sock, m, own ? ctl : NULL, ctl_len);
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_sendmsg(void *inst, int sock, xnet_backend_msg *m, int flags) {
  recorder *r = R(inst);
  int rc = r->io->sendmsg(r->ii, sock, m, flags);
  if (rc < 0) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  if (s && s->type == XNET_SOCK_STREAM) {
    stream_data(r, s, true, m->iov, m->iov_len, (size_t)rc);
  } else if (s) {
    on_send(r, sock, s, m->iov, m->iov_len, (size_t)rc, &m->addr);
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

/* Messages of one recvmmsg through the recorder's control buffers (a
 * batch may move fewer than asked: callers loop). */
#define REC_MMSG 32

static int record_recvmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                           size_t n, int flags) {
  recorder *r = R(inst);
  bool own = forced(r, sock);
  uint8_t ctl[REC_MMSG][REC_CTL];
  void *app_oob[REC_MMSG];
  size_t app_cap[REC_MMSG], ctl_len[REC_MMSG];
  if (own) {
    if (n > REC_MMSG) n = REC_MMSG;
    for (size_t i = 0; i < n; i++) {
      app_oob[i] = msgs[i].oob;
      app_cap[i] = msgs[i].oob_cap;
      msgs[i].oob = ctl[i];
      msgs[i].oob_cap = REC_CTL;
    }
  }
  int rc = r->io->recvmmsg(r->ii, sock, msgs, n, flags);
  if (own)
    for (size_t i = 0; i < n; i++) {
      ctl_len[i] = rc > 0 && i < (size_t)rc ? msgs[i].oob_len : 0;
      msgs[i].oob = app_oob[i];
      msgs[i].oob_cap = app_cap[i];
      msgs[i].oob_len = 0;
    }
  if (rc <= 0) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  for (int i = 0; s && s->type != XNET_SOCK_STREAM && i < rc; i++) {
    xnet_backend_msg *m = &msgs[i];
    if (!(flags & XNET_MSG_PEEK)) {
      took_datagram(r, sock, m, own ? ctl[i] : NULL, own ? ctl_len[i] : 0);
    } else if (own) {
      bool cut = false;
      m->oob_len = rec_cmsg_filter(r, s, ctl[i], ctl_len[i], m->oob, m->oob ? m->oob_cap : 0, &cut);
      if (cut) m->flags |= XNET_MSG_CTRUNC;
    }
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_sendmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                           size_t n, int flags) {
  recorder *r = R(inst);
  int rc = r->io->sendmmsg(r->ii, sock, msgs, n, flags);
  if (rc <= 0) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  for (int i = 0; s && s->type != XNET_SOCK_STREAM && i < rc; i++)
    on_send(r, sock, s, msgs[i].iov, msgs[i].iov_len, msgs[i].n, &msgs[i].addr);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_read(void *inst, int sock, void *buf, size_t n) {
  recorder *r = R(inst);
  if (forced(r, sock)) { /* a plain read, with the header fields beside */
    struct iovec v = {.iov_base = buf, .iov_len = n};
    xnet_backend_msg m;
    memset(&m, 0, sizeof m);
    m.iov = &v;
    m.iov_len = 1;
    return record_recvmsg(inst, sock, &m, 0);
  }
  int rc = r->io->read(r->ii, sock, buf, n);
  if (rc < 0 && rc != XNET_ECONNRESET) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  struct iovec iov = {.iov_base = buf, .iov_len = n};
  if (s && s->type == XNET_SOCK_STREAM) on_stream_read(r, s, rc, &iov, 1, n);
  else if (s && rc >= 0) on_recv(r, sock, s, &iov, 1, (size_t)rc, NULL, NULL, 0);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_write(void *inst, int sock, const void *buf, size_t n) {
  recorder *r = R(inst);
  int rc = r->io->write(r->ii, sock, buf, n);
  if (rc < 0) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  struct iovec iov = {.iov_base = (void *)(uintptr_t)buf, .iov_len = (size_t)rc};
  if (s && s->type == XNET_SOCK_STREAM) rec_tcp_data(r, s, true, buf, (size_t)rc);
  else if (s) on_send(r, sock, s, &iov, 1, (size_t)rc, NULL);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_wait(void *inst, int sock, unsigned events, int64_t deadline,
                       xnet_waker *w) {
  return R(inst)->io->wait(R(inst)->ii, sock, events, deadline, w);
}

static int64_t record_now(void *inst) { return R(inst)->io->now(R(inst)->ii); }

static int record_random(void *inst, void *buf, size_t n) {
  return R(inst)->io->random(R(inst)->ii, buf, n);
}

/* ---- socket lifecycle ---- */

static int record_socket(void *inst, int family, int type, int protocol,
                         int *sock) {
  recorder *r = R(inst);
  int rc = r->io->socket(r->ii, family, type, protocol, sock);
  if (rc < 0) return rc;
  rec_sock t;
  sock_init(&t, family, type, protocol);
  if (t.ip) rec_cmsg_force(r, *sock, &t);
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_get(r, *sock);
  if (s) *s = t;
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_bind(void *inst, int sock, const xnet_sockaddr *a) {
  return R(inst)->io->bind(R(inst)->ii, sock, a);
}

/* A dial's endpoints, once the kernel has chosen the local one. */
static void tcp_ends(recorder *r, int sock, rec_sock *s, const xnet_sockaddr *to) {
  s->have_local = false;
  local_of(r, sock, s);
  if (to) {
    s->remote = *to;
    s->have_remote = true;
  } else {
    remote_of(r, sock, s);
  }
  xnet_sockaddr l;
  local_end(s, &s->remote, &l);
  s->local = l;
}

static int record_connect(void *inst, int sock, const xnet_sockaddr *a) {
  recorder *r = R(inst);
  int rc = r->io->connect(r->ii, sock, a);
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  if (s && s->type == XNET_SOCK_STREAM && a) {
    if (rc == 0) {
      tcp_ends(r, sock, s, a);
      rec_tcp_handshake(r, s, false);
    } else if (rc == XNET_EAGAIN) {
      s->remote = *a;
      s->have_remote = true;
      s->syn_pending = true;
    } else if (rc == XNET_ECONNREFUSED) {
      tcp_ends(r, sock, s, a);
      rec_tcp_refused(r, s);
    }
  } else if (s && rc == 0) {
    s->have_remote = false; /* asked again when needed */
    s->have_local = false;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_connect_result(void *inst, int sock) {
  recorder *r = R(inst);
  int rc = r->io->connect_result(r->ii, sock);
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  if (s && s->syn_pending) {
    if (rc == 0) {
      tcp_ends(r, sock, s, &s->remote);
      rec_tcp_handshake(r, s, false);
    } else if (rc == XNET_ECONNREFUSED) {
      tcp_ends(r, sock, s, &s->remote);
      rec_tcp_refused(r, s);
    }
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_listen(void *inst, int sock, int backlog) {
  return R(inst)->io->listen(R(inst)->ii, sock, backlog);
}

static int record_accept(void *inst, int sock, int *new_sock,
                         xnet_sockaddr *peer) {
  recorder *r = R(inst);
  int rc = r->io->accept(r->ii, sock, new_sock, peer);
  if (rc < 0) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *l = sock_get(r, sock);
  bool follow = l && l->used && l->ip;
  int family = l ? l->family : 0, type = l ? l->type : 0,
      proto = l ? l->protocol : 0;
  rec_sock *s = sock_get(r, *new_sock); /* may move the table */
  if (s && follow) {
    sock_init(s, family, type, proto);
    tcp_ends(r, *new_sock, s, peer && peer->family != XNET_AF_UNSPEC ? peer : NULL);
    if (s->type == XNET_SOCK_STREAM) rec_tcp_handshake(r, s, true);
  } else if (s) {
    sock_init(s, family, type, proto);
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_shutdown(void *inst, int sock, int how) {
  recorder *r = R(inst);
  int rc = r->io->shutdown(r->ii, sock, how);
  if (rc < 0 || how < 1) return rc;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  if (s && s->type == XNET_SOCK_STREAM) rec_tcp_fin(r, s, true);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_close(void *inst, int sock) {
  recorder *r = R(inst);
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  if (s && s->type == XNET_SOCK_STREAM) rec_tcp_fin(r, s, true);
  if (sock >= 0 && (size_t)sock < r->nsocks)
    memset(&r->socks[sock], 0, sizeof r->socks[sock]);
  pthread_mutex_unlock(&r->mu);
  return r->io->close(r->ii, sock);
}

static int record_local_addr(void *inst, int sock, xnet_sockaddr *out) {
  return R(inst)->io->local_addr(R(inst)->ii, sock, out);
}

static int record_remote_addr(void *inst, int sock, xnet_sockaddr *out) {
  return R(inst)->io->remote_addr(R(inst)->ii, sock, out);
}

static int record_setsockopt(void *inst, int sock, xnet_sockopt opt, int v) {
  return R(inst)->io->setsockopt(R(inst)->ii, sock, opt, v);
}

static int record_getsockopt(void *inst, int sock, xnet_sockopt opt, int *v) {
  return R(inst)->io->getsockopt(R(inst)->ii, sock, opt, v);
}

static int record_setsockopt_raw(void *inst, int sock, int level, int name,
                                 const void *val, size_t len) {
  recorder *r = R(inst);
  int rc = 0;
  pthread_mutex_lock(&r->mu);
  rec_sock *f = sock_ip(r, sock);
  bool mine = f && rec_cmsg_setopt(r, f, level, name, val, len, &rc);
  pthread_mutex_unlock(&r->mu);
  if (mine) return rc;
  rc = r->io->setsockopt_raw(r->ii, sock, level, name, val, len);
  const xnet_so_row *row = xnet_sockopt_row(r->io->profile, XNET_SO_IP_HDRINCL);
  if (rc == 0 && row && row->level == level && row->name == name && val &&
      len >= 1) {
    pthread_mutex_lock(&r->mu);
    rec_sock *s = sock_ip(r, sock);
    if (s)
      s->hdrincl = len >= 4 ? xnet_profile_get_u32(r->io->profile, val) != 0
                            : ((const uint8_t *)val)[0] != 0;
    pthread_mutex_unlock(&r->mu);
  }
  return rc;
}

static int record_getsockopt_raw(void *inst, int sock, int level, int name,
                                 void *val, size_t *len) {
  recorder *r = R(inst);
  int rc = 0;
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_ip(r, sock);
  bool mine = s && rec_cmsg_getopt(r, s, level, name, val, len, &rc);
  pthread_mutex_unlock(&r->mu);
  return mine ? rc : r->io->getsockopt_raw(r->ii, sock, level, name, val, len);
}

static int record_dup(void *inst, int sock, int *out) {
  recorder *r = R(inst);
  int rc = r->io->dup(r->ii, sock, out);
  if (rc < 0) return rc;
  pthread_mutex_lock(&r->mu);
  /* The copy shares the original's socket: followed through the original
   * only, so closing the copy writes no FIN and the sequence numbers stay
   * one conn's. */
  rec_sock *s = sock_get(r, *out);
  if (s) {
    memset(s, 0, sizeof *s);
    s->used = true;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_unlink_path(void *inst, const char *path) {
  return R(inst)->io->unlink_path(R(inst)->ii, path);
}

static int record_waker_open(void *inst, xnet_waker **out) {
  return R(inst)->io->waker_open(R(inst)->ii, out);
}

static void record_waker_wake(void *inst, xnet_waker *w) {
  R(inst)->io->waker_wake(R(inst)->ii, w);
}

static void record_waker_close(void *inst, xnet_waker *w) {
  R(inst)->io->waker_close(R(inst)->ii, w);
}

static int record_resolve(void *inst, const char *host, int family,
                          xnet_resolved *out, size_t cap) {
  return R(inst)->io->resolve(R(inst)->ii, host, family, out, cap);
}

static int record_interfaces(void *inst, xnet_backend_interface *out,
                             size_t cap) {
  return R(inst)->io->interfaces(R(inst)->ii, out, cap);
}

static int record_import_fd(void *inst, int fd, int *sock) {
  recorder *r = R(inst);
  int rc = r->io->import_fd(r->ii, fd, sock);
  if (rc < 0) return rc;
  int type = 0;
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  (void)r->io->getsockopt(r->ii, *sock, XNET_SO_TYPE, &type);
  (void)r->io->local_addr(r->ii, *sock, &a);
  pthread_mutex_lock(&r->mu);
  rec_sock *s = sock_get(r, *sock);
  /* A stream socket taken from a descriptor is assumed TCP (an SCTP one
   * would be recorded as TCP: rare enough not to ask the kernel). */
  if (s) sock_init(s, a.family, type, 0);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int record_interface_addrs(void *inst, int index, xnet_ip_net *out,
                                  size_t cap) {
  return R(inst)->io->interface_addrs(R(inst)->ii, index, out, cap);
}

static int record_multicast_addrs(void *inst, int index, xnet_ip *out,
                                  size_t cap) {
  return R(inst)->io->multicast_addrs(R(inst)->ii, index, out, cap);
}

static int record_wait_many(void *inst, xnet_backend_wait *socks, size_t n,
                            int64_t deadline, xnet_waker *w) {
  return R(inst)->io->wait_many(R(inst)->ii, socks, n, deadline, w);
}

static int record_setsockopt_group(void *inst, int sock, xnet_sockopt opt,
                                   int ifindex, const xnet_sockaddr *group) {
  return R(inst)->io->setsockopt_group(R(inst)->ii, sock, opt, ifindex, group);
}

static int record_reverse(void *inst, const xnet_ip *ip, char *name,
                          size_t cap) {
  return R(inst)->io->reverse(R(inst)->ii, ip, name, cap);
}

static int record_zone_index(void *inst, const char *name) {
  return R(inst)->io->zone_index(R(inst)->ii, name);
}

static int record_zone_name(void *inst, int index, char *name, size_t cap) {
  return R(inst)->io->zone_name(R(inst)->ii, index, name, cap);
}

static int record_sctp_bindx(void *inst, int sock, const xnet_sockaddr *a,
                             size_t n, int add) {
  return R(inst)->io->sctp_bindx(R(inst)->ii, sock, a, n, add);
}

static int record_sctp_connectx(void *inst, int sock, const xnet_sockaddr *a,
                                size_t n) {
  return R(inst)->io->sctp_connectx(R(inst)->ii, sock, a, n);
}

static int record_sctp_addrs(void *inst, int sock, int remote,
                             xnet_sockaddr *out, size_t cap) {
  return R(inst)->io->sctp_addrs(R(inst)->ii, sock, remote, out, cap);
}

/* The inner stack's capabilities are this stack's (its clock included). */
static int record_caps(void *inst) { return xnet__stack_caps(R(inst)->inner); }

/* ---- stack lifecycle ---- */

static int record_open(void *inst, const void *config) {
  recorder *r = R(inst);
  const rec_config *c = config;
  r->inner = c->inner;
  r->io = xnet__stack_ops(c->inner);
  r->ii = xnet__stack_instance(c->inner);
  r->close_inner = c->opt && c->opt->close_inner;
  if (!c->opt || !c->opt->raw_clock) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    r->shift = (int64_t)ts.tv_sec * XNET_SECOND + ts.tv_nsec - r->io->now(r->ii);
  }
  if (pthread_mutex_init(&r->mu, NULL) != 0) return XNET_ENOMEM;
  int rc = rec_file_open(r, c->path);
  if (rc < 0) {
    (void)rec_file_close(r);
    pthread_mutex_destroy(&r->mu);
  }
  return rc;
}

static void record_close_stack(void *inst) {
  recorder *r = R(inst);
  (void)rec_file_close(r);
  free(r->socks);
  pthread_mutex_destroy(&r->mu);
  if (r->close_inner) xnet_stack_close(r->inner);
}

static const xnet_backend_ops xnet_backend_record = {
    .name = "record",
    .instance_size = sizeof(recorder),
    .recvmsg = record_recvmsg,
    .sendmsg = record_sendmsg,
    .recvmmsg = record_recvmmsg,
    .sendmmsg = record_sendmmsg,
    .read = record_read,
    .write = record_write,
    .wait = record_wait,
    .now = record_now,
    .random = record_random,
    .socket = record_socket,
    .bind = record_bind,
    .connect = record_connect,
    .connect_result = record_connect_result,
    .listen = record_listen,
    .accept = record_accept,
    .shutdown = record_shutdown,
    .close = record_close,
    .local_addr = record_local_addr,
    .remote_addr = record_remote_addr,
    .setsockopt = record_setsockopt,
    .getsockopt = record_getsockopt,
    .setsockopt_raw = record_setsockopt_raw,
    .getsockopt_raw = record_getsockopt_raw,
    .dup = record_dup,
    .unlink_path = record_unlink_path,
    .waker_open = record_waker_open,
    .waker_wake = record_waker_wake,
    .waker_close = record_waker_close,
    .resolve = record_resolve,
    .interfaces = record_interfaces,
    .open = record_open,
    .close_stack = record_close_stack,
    .import_fd = record_import_fd,
    .interface_addrs = record_interface_addrs,
    .multicast_addrs = record_multicast_addrs,
    .wait_many = record_wait_many,
    .setsockopt_group = record_setsockopt_group,
    .reverse = record_reverse,
    .zone_index = record_zone_index,
    .zone_name = record_zone_name,
    .sctp_bindx = record_sctp_bindx,
    .sctp_connectx = record_sctp_connectx,
    .sctp_addrs = record_sctp_addrs,
    .caps = record_caps,
};

/* ---- public API (xnet/record.h) ---- */

static recorder *instance(xnet_stack *s) {
  if (!s || strcmp(xnet__stack_ops(s)->name, "record") != 0) return NULL;
  return xnet__stack_instance(s);
}

int xnet_record_stack_open(xnet_stack *inner, const char *path,
                           const xnet_record_options *opt, xnet_stack **out) {
  if (!out) return XNET_EINVAL;
  *out = NULL;
  if (!path) return XNET_EINVAL;
  if (!inner && !(inner = xnet_stack_default())) return XNET_ENOTSUP;
  if (instance(inner)) return XNET_EINVAL;
  /* The inner stack's ABI and batching are this stack's. */
  xnet_backend_ops ops = xnet_backend_record;
  const xnet_backend_ops *io = xnet__stack_ops(inner);
  ops.profile = io->profile;
  ops.sctp_layout = io->sctp_layout;
  if (!io->recvmmsg) ops.recvmmsg = NULL;
  if (!io->sendmmsg) ops.sendmmsg = NULL;
  rec_config c = {inner, path, opt};
  return xnet__stack_open(&ops, &c, out);
}

int xnet_record_flush(xnet_stack *s) {
  recorder *r = instance(s);
  if (!r) return XNET_EINVAL;
  pthread_mutex_lock(&r->mu);
  if (r->f && fflush(r->f) != 0 && !r->ferr) r->ferr = XNET_EIO;
  int rc = r->ferr;
  pthread_mutex_unlock(&r->mu);
  return rc;
}

int xnet_record_stats(xnet_stack *s, uint64_t *packets, uint64_t *bytes) {
  recorder *r = instance(s);
  if (!r) return XNET_EINVAL;
  pthread_mutex_lock(&r->mu);
  if (packets) *packets = r->packets;
  if (bytes) *bytes = r->bytes;
  pthread_mutex_unlock(&r->mu);
  return 0;
}
