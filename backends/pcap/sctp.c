/* sctp.c — SCTP sockets of a replay stack: the vtable's SCTP contract
 * (xnet/backend.h) over the associations of sctp_assoc.c, with a subscribed
 * Linux kernel's semantics (xnet_sctp_layout_linux).
 *
 * Dial (connect, sctp_connectx) finds the capture's INIT to the peer and
 * follows the handshake synchronously in virtual time: established on the
 * COOKIE-ACK, XNET_ECONNREFUSED on an ABORT, XNET_ETIMEDOUT when the
 * capture ends first. Listen/accept take the associations INITs made.
 * Reads return queued messages (whole or in parts, end of record on the
 * last part, rcvinfo on each part when SCTP_RECVRCVINFO is on) and
 * notifications; then, after the association ends, the socket error once
 * (ECONNRESET after the peer's ABORT) and 0. Writes are compared with the
 * capture's next outbound message: payload, stream, PPID, unordered flag
 * and, with an explicit destination, the path (strict mode: a readable
 * diff and XNET_EMISMATCH); a write the capture never sends because the
 * peer aborts first is taken as the kernel takes it (queued), and the
 * ABORT reports it with SCTP_SEND_FAILED_EVENT, as it does the messages
 * sent and not acknowledged. close-write and close check the local
 * SHUTDOWN (or, with linger 0 or unread data, the ABORT) the capture
 * shows. Option lengths and errors are Linux's (EINVAL for a short value,
 * ENOPROTOOPT for an unknown option, EINVAL for SCTP_ABORT / SCTP_EOF send
 * flags on a one-to-one socket). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sctp_int.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"

/* Linux's answer to an option it does not know (no XNET_ code names it). */
#define RP_ENOPROTOOPT (-ENOPROTOOPT)
/* SOL_SOCKET / SO_LINGER on Linux, for the raw struct linger form. */
#define RP_SOL_SOCKET 1
#define RP_SO_LINGER 13

static const uint8_t mapped_pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static int opt(xnet_sctp_sockopt o) { return RP_SCTP_LAYOUT->sockopt[o]; }

/* The path MTU Linux uses toward e: loopback's 65532 (measured:
 * fixtures/sctp/README.md), else an Ethernet path's 1500. */
static size_t path_mtu(const rp_ep *e) {
  static const uint8_t lo6[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                  0, 0, 0, 0, 0, 0, 0, 1};
  bool lo = e->family == XNET_AF_INET ? e->ip.bytes[0] == 127
                                      : !memcmp(e->ip.bytes, lo6, 16);
  return lo ? 65532 : 1500;
}

/* The fragmentation point: MTU - IP header - SCTP header - DATA header
 * (65484 on IPv4 loopback, as measured; 1452 on Ethernet). */
static size_t frag_point(const rp_ep *e) {
  return path_mtu(e) - (e->family == XNET_AF_INET ? 20 : 40) - 12 - 16;
}

static uint32_t swap32(uint32_t v) {
  return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

/* A PPID of the API (the bytes of the kernel's field, read in the
 * layout's order) from / to its value on the wire. */
static uint32_t ppid_from_wire(uint32_t w) {
  return RP_SCTP_LAYOUT->little_endian ? swap32(w) : w;
}
static uint32_t ppid_to_wire(uint32_t v) { return ppid_from_wire(v); }

static void ep_from_sa(const xnet_sockaddr *a, rp_ep *e) {
  memset(e, 0, sizeof *e);
  e->family = a->family;
  e->ip = a->ip;
  e->ip.zone[0] = 0;
  /* An IPv4-mapped address (a dual-stack socket's IPv4 peer, or an IPv4
   * address in its 16-byte form) is the IPv4 address on the wire. */
  if (a->ip.len == 16 && !memcmp(a->ip.bytes, mapped_pre, 12)) {
    e->family = XNET_AF_INET;
    memmove(e->ip.bytes, e->ip.bytes + 12, 4);
    memset(e->ip.bytes + 4, 0, 12);
    e->ip.len = 4;
  }
}

static bool wildcard(const xnet_ip *ip) {
  for (int i = 0; i < ip->len; i++)
    if (ip->bytes[i]) return false;
  return true;
}

int rp_sctp_socket(rp_sock *s) {
  rp_sctp *t = calloc(1, sizeof *t);
  if (!t) return XNET_ENOMEM;
  t->state = XNET_SCTP_CLOSED;
  t->listener = -1;
  /* Linux's defaults (net.sctp: 10 streams each way, 8 attempts, 60 s). */
  t->initmsg.num_ostreams = 10;
  t->initmsg.max_instreams = 10;
  t->initmsg.max_attempts = 8;
  t->initmsg.max_init_timeo = 60000;
  s->sctp = t;
  return 0;
}

void rp_sctp_free(replay *r, rp_sock *s) {
  (void)r;
  rp_sctp *t = s->sctp;
  if (!t) return;
  rp_sctp_dir_free(&t->in);
  rp_sctp_dir_free(&t->out);
  rp_sctp_mq_free(&t->rq);
  rp_sctp_mq_free(&t->wq);
  rp_sctp_mq_free(&t->inflight);
  rp_sctp_mq_free(&t->unsent);
  free(t);
  s->sctp = NULL;
}

/* ---- addresses ---------------------------------------------------------- */

int rp_sctp_bind(replay *r, rp_sock *s, const xnet_sockaddr *a) {
  (void)r;
  rp_sctp *t = s->sctp;
  if (s->bound) return XNET_EINVAL;
  if (a->family != s->family) return XNET_EAFNOSUPPORT;
  s->local = *a;
  if (s->local.ip.len == 0) s->local.ip.len = s->family == XNET_AF_INET ? 4 : 16;
  if (s->family == XNET_AF_INET && s->local.ip.len == 16) {
    rp_ep e;
    ep_from_sa(a, &e);
    s->local.ip = e.ip;
  }
  s->bound = true;
  t->bound[0] = s->local.ip;
  t->nbound = 1;
  return 0;
}

int rp_sctp_bindx(replay *r, rp_sock *s, const xnet_sockaddr *a, size_t n,
                  int add) {
  rp_sctp *t = s->sctp;
  if (!a || n == 0) return XNET_EINVAL;
  for (size_t i = 0; i < n; i++) {
    if (a[i].family != XNET_AF_INET && a[i].family != XNET_AF_INET6)
      return XNET_EAFNOSUPPORT;
    if (s->family == XNET_AF_INET && a[i].family != XNET_AF_INET)
      return XNET_EINVAL;
    if (a[i].port != a[0].port) return XNET_EINVAL;
  }
  /* net.sctp.addip_enable is 0 by default: the set changes locally, no
   * ASCONF goes out, and an association keeps the addresses the capture
   * shows. */
  if (add) {
    size_t i = 0;
    if (!s->bound) {
      int rc = rp_sctp_bind(r, s, &a[0]);
      if (rc < 0) return rc;
      i = 1;
    } else if (a[0].port && a[0].port != s->local.port) {
      return XNET_EINVAL;
    }
    for (; i < n; i++) {
      bool have = false;
      for (size_t j = 0; j < t->nbound; j++)
        if (t->bound[j].len == a[i].ip.len &&
            !memcmp(t->bound[j].bytes, a[i].ip.bytes, a[i].ip.len))
          have = true;
      if (have) continue;
      if (t->nbound >= RP_SCTP_MAX_ADDRS) return XNET_ENOMEM;
      t->bound[t->nbound] = a[i].ip;
      t->bound[t->nbound++].zone[0] = 0;
    }
    return 0;
  }
  if (!s->bound) return XNET_EINVAL;
  for (size_t i = 0; i < n; i++) {
    size_t j = 0;
    while (j < t->nbound && !(t->bound[j].len == a[i].ip.len &&
                              !memcmp(t->bound[j].bytes, a[i].ip.bytes,
                                      a[i].ip.len)))
      j++;
    if (j == t->nbound) return XNET_EADDRNOTAVAIL;
    if (t->nbound == 1) return XNET_EINVAL;
    memmove(&t->bound[j], &t->bound[j + 1],
            (t->nbound - j - 1) * sizeof t->bound[0]);
    t->nbound--;
  }
  s->local.ip = t->bound[0];
  return 0;
}

int rp_sctp_addrs(replay *r, rp_sock *s, int remote, xnet_sockaddr *out,
                  size_t cap) {
  (void)r;
  rp_sctp *t = s->sctp;
  size_t n = 0;
  if (remote) {
    if (!t->assoc || !t->established || t->state == XNET_SCTP_CLOSED)
      return XNET_ENOTCONN;
    /* The primary path first, as the kernel lists it after a connect. */
    for (size_t k = 0; k < t->npeer; k++) {
      size_t i = k == 0 ? t->primary : (k <= t->primary ? k - 1 : k);
      if (n < cap) rp_sctp_peer_sockaddr(s, &t->peer[i], &out[n]);
      n++;
    }
    return (int)n;
  }
  if (t->assoc && t->established) {
    for (size_t i = 0; i < t->nlocal; i++) {
      if (n < cap) {
        rp_sctp_peer_sockaddr(s, &t->local[i], &out[n]);
        out[n].port = s->local.port;
      }
      n++;
    }
    return (int)n;
  }
  if (!s->bound) return 0;
  for (size_t i = 0; i < t->nbound; i++) {
    if (n < cap) {
      memset(&out[n], 0, sizeof out[n]);
      out[n].family = (uint8_t)s->family;
      out[n].ip = t->bound[i];
      out[n].port = s->local.port;
    }
    n++;
  }
  return (int)n;
}

/* ---- look-ahead --------------------------------------------------------- */

typedef bool want_fn(const replay *r, const rp_sock *s, const rp_pkt *p);

/* The first packet of the look-ahead (pulling records within its limits)
 * for which want holds. */
static rp_pkt *look(replay *r, const rp_sock *s, want_fn *want,
                    int64_t deadline) {
  for (rp_pkt *p = r->fifo.head; p; p = p->next)
    if (p->proto == RP_SCTP_PROTO && want(r, s, p)) return p;
  while (r->fifo.count < RP_FIFO_MAX_PKTS &&
         r->fifo.bytes < RP_FIFO_MAX_BYTES) {
    if (deadline && r->fifo.tail && r->fifo.tail->t > deadline) break;
    if (!rp_pull(r)) break;
    rp_pkt *p = r->fifo.tail;
    if (p->proto == RP_SCTP_PROTO && want(r, s, p)) return p;
  }
  return NULL;
}

static bool want_in(const replay *r, const rp_sock *s, const rp_pkt *p) {
  return rp_sctp_match_in(r, s, p);
}

static bool want_out(const replay *r, const rp_sock *s, const rp_pkt *p) {
  return rp_sctp_match_out(r, s, p);
}

/* The peer's ABORT of the association of s. */
static bool want_abort(const replay *r, const rp_sock *s, const rp_pkt *p) {
  xnet_sctp_packet pk;
  return rp_sctp_match_in(r, s, p) && rp_sctp_parse(p, &pk) &&
         rp_sctp_first_chunk(&pk) == XNET_SCTP_CHUNK_ABORT;
}

/* The dial's INIT: to one of the addresses dialled (t->dial, port of the
 * first), from the bound port when there is one, from a local address, and
 * not a retransmission of another socket's INIT. */

static bool want_init(const replay *r, const rp_sock *s, const rp_pkt *p) {
  xnet_sctp_packet pk;
  if (!rp_sctp_parse(p, &pk) ||
      rp_sctp_first_chunk(&pk) != XNET_SCTP_CHUNK_INIT ||
      pk.header.verification_tag != 0 ||
      pk.header.dst_port != s->sctp->dial[0].port)
    return false;
  if (s->local.port && pk.header.src_port != s->local.port) return false;
  bool to = false;
  for (size_t i = 0; i < s->sctp->ndial && !to; i++) {
    rp_ep e;
    ep_from_sa(&s->sctp->dial[i], &e);
    to = e.family == p->dst.family && e.ip.len == p->dst.ip.len &&
         !memcmp(e.ip.bytes, p->dst.ip.bytes, e.ip.len);
  }
  if (!to) return false;
  const rp_sctp *t = s->sctp;
  if (s->bound && t->nbound) {
    bool ok = false;
    for (size_t i = 0; i < t->nbound && !ok; i++) {
      rp_ep b;
      xnet_sockaddr sa = {.family = (uint8_t)s->family, .ip = t->bound[i]};
      ep_from_sa(&sa, &b);
      ok = wildcard(&t->bound[i]) ||
           (b.ip.len == p->src.ip.len &&
            !memcmp(b.ip.bytes, p->src.ip.bytes, b.ip.len));
    }
    if (!ok) return false;
  }
  if (r->local_count && !rp_is_local_ip(r, &p->src)) return false;
  for (int i = 0; i < r->nsocks; i++) {
    const rp_sock *o = &r->socks[i];
    if (o != s && o->sctp && o->sctp->assoc &&
        o->local.port == pk.header.src_port &&
        o->sctp->peer_port == pk.header.dst_port &&
        rp_sctp_peer_index(o->sctp, &p->dst) >= 0)
      return false;
  }
  return true;
}

/* ---- connect / listen / accept ------------------------------------------ */

int rp_sctp_connectx(replay *r, rp_sock *s, const xnet_sockaddr *a, size_t n) {
  rp_sctp *t = s->sctp;
  if (!a || n == 0 || n > RP_SCTP_MAX_ADDRS) return XNET_EINVAL;
  if (t->listening) return XNET_EINVAL;
  if (t->assoc) return t->refused ? XNET_ECONNREFUSED : XNET_EISCONN;
  for (size_t i = 0; i < n; i++)
    if (a[i].family != s->family) return XNET_EAFNOSUPPORT;
  t->dial = a;
  t->ndial = n;
  rp_pkt *init = look(r, s, want_init, 0);
  t->dial = NULL;
  t->ndial = 0;
  if (!init) {
    char ra[XNET_IP_STRLEN];
    if (xnet_ip_format(&a[0].ip, ra, sizeof ra) < 0) ra[0] = 0;
    rp_note_problem(r, XNET_EMISMATCH,
                    "dial SCTP %s port %u: the capture shows no INIT to it",
                    ra, a[0].port);
    return XNET_EMISMATCH;
  }
  xnet_sctp_packet pk;
  (void)rp_sctp_parse(init, &pk);
  /* The dialled addresses are "unknown" until the INIT-ACK confirms them
   * (Linux drops those it does not list); the INIT's target is primary. */
  t->npeer = 0;
  for (size_t i = 0; i < n; i++) {
    rp_ep e;
    ep_from_sa(&a[i], &e);
    if (rp_sctp_peer_index(t, &e) >= 0) continue;
    t->peer[t->npeer] = e;
    t->peer_state[t->npeer++] = RP_PADDR_UNKNOWN;
  }
  int pi = rp_sctp_peer_index(t, &init->dst);
  t->primary = pi >= 0 ? (size_t)pi : 0;
  t->peer_state[t->primary] = RP_PADDR_ACTIVE;
  t->peer_port = pk.header.dst_port;
  t->local[0] = init->src;
  t->nlocal = 1;
  rp_sctp_peer_sockaddr(s, &init->src, &s->local);
  s->local.port = pk.header.src_port;
  rp_sctp_peer_sockaddr(s, &init->dst, &s->remote);
  s->bound = true;
  if (!t->nbound) {
    t->bound[0] = s->local.ip;
    t->nbound = 1;
  }
  t->assoc = true;
  t->state = XNET_SCTP_COOKIE_WAIT;
  t->listener = -1;
  t->assoc_id = rp_sctp_new_assoc_id(r);
  rp_advance_through(r, init); /* sctp_assoc.c takes the INIT's tag */
  while (!t->established && !t->refused) {
    rp_pkt *p = look(r, s, want_in, 0);
    if (!p) break;
    rp_advance_through(r, p);
  }
  if (t->established) {
    rp_sctp_peer_sockaddr(s, &t->peer[t->primary], &s->remote);
    s->connected = true;
    return 0;
  }
  bool refused = t->refused;
  if (!refused) { /* the capture's INIT retransmissions pass, in its time */
    rp_pkt *p;
    while ((p = look(r, s, want_out, 0))) rp_advance_through(r, p);
  }
  t->refused = true; /* the attempt is over: no packet matches it now */
  t->state = XNET_SCTP_CLOSED;
  return refused ? XNET_ECONNREFUSED : XNET_ETIMEDOUT;
}

int rp_sctp_listen(replay *r, rp_sock *s) {
  rp_sctp *t = s->sctp;
  if (t->assoc) return XNET_EINVAL;
  if (!s->bound) {
    s->local.ip.len = s->family == XNET_AF_INET ? 4 : 16;
    s->bound = true;
  }
  if (s->local.port == 0) s->local.port = r->next_port++;
  t->listening = true;
  return 0;
}

int rp_sctp_accept(replay *r, rp_sock *s, int *new_sock, xnet_sockaddr *peer) {
  rp_sctp *t = s->sctp;
  if (!t->listening) return XNET_EINVAL;
  for (size_t i = 0; i < t->npend; i++) {
    rp_sock *c = &r->socks[t->pend[i]];
    if (!c->sctp || !c->sctp->established) continue;
    *new_sock = t->pend[i];
    memmove(&t->pend[i], &t->pend[i + 1], (t->npend - i - 1) * sizeof t->pend[0]);
    t->npend--;
    c->sctp->listener = -1;
    if (peer) *peer = c->remote;
    return 0;
  }
  return XNET_EAGAIN;
}

/* ---- reads -------------------------------------------------------------- */

static bool readable(const replay *r, const rp_sock *s) {
  const rp_sctp *t = s->sctp;
  if (t->listening) {
    for (size_t i = 0; i < t->npend; i++) {
      const rp_sctp *c = r->socks[t->pend[i]].sctp;
      if (c && c->established) return true;
    }
    return false;
  }
  return t->rq.head || t->in.err || t->err || !t->assoc || t->refused ||
         t->eof_final || (t->established && t->state == XNET_SCTP_CLOSED);
}

/* What a read returns once nothing is queued. */
static int end_code(rp_sctp *t) {
  if (t->in.err) return t->in.err;
  if (t->err) { /* sock_error: reported once */
    int rc = t->err;
    t->err = 0;
    return rc;
  }
  /* After the peer's SHUTDOWN the kernel has RCV_SHUTDOWN set, but in
   * capture time its SHUTDOWN-COMPLETE (and the notification it brings)
   * is still to come: the wait looks for it before reads say 0. */
  if (t->eof_final || (t->established && t->state == XNET_SCTP_CLOSED))
    return 0;
  if (!t->assoc || !t->established) return XNET_ENOTCONN;
  return XNET_EAGAIN;
}

static bool put_cmsg(uint8_t *oob, size_t cap, size_t *used,
                     xnet_sctp_cmsg_type kind, const uint8_t *v, size_t n) {
  size_t len = 0;
  if (xnet_cmsg_put(&xnet_profile_linux, oob + *used, cap - *used, &len,
                    RP_SCTP_LAYOUT->cmsg_level,
                    RP_SCTP_LAYOUT->cmsg_type[kind], v, n) < 0)
    return false;
  *used += len;
  return true;
}

/* The control messages Linux attaches to a data message: SCTP_SNDRCV with
 * the deprecated data_io subscription, SCTP_RCVINFO with RECVRCVINFO. */
static bool put_cmsgs(const rp_sctp *t, const rp_sctp_msg *m,
                      xnet_backend_msg *bm) {
  uint8_t *oob = bm->oob;
  size_t cap = oob ? bm->oob_cap : 0, used = 0;
  bool ok = true;
  if (!m->notification && t->data_io) {
    xnet_sctp_sndrcvinfo v;
    memset(&v, 0, sizeof v);
    v.stream = m->sid;
    v.ssn = m->ssn;
    v.flags = m->unordered ? XNET_SCTP_UNORDERED : 0;
    v.ppid = ppid_from_wire(m->ppid);
    v.tsn = m->tsn;
    v.cumtsn = m->cumtsn;
    v.assoc_id = t->assoc_id;
    uint8_t b[32];
    size_t n = 0;
    ok = xnet_sctp_sndrcvinfo_marshal(RP_SCTP_LAYOUT, &v, b, sizeof b, &n) == 0 &&
         put_cmsg(oob, cap, &used, XNET_SCTP_CMSG_SNDRCV, b, n) && ok;
  }
  if (!m->notification && t->recvrcvinfo) {
    xnet_sctp_rcvinfo v;
    memset(&v, 0, sizeof v);
    v.sid = m->sid;
    v.ssn = m->ssn;
    v.flags = m->unordered ? XNET_SCTP_UNORDERED : 0;
    v.ppid = ppid_from_wire(m->ppid);
    v.tsn = m->tsn;
    v.cumtsn = m->cumtsn;
    v.assoc_id = t->assoc_id;
    uint8_t b[28];
    size_t n = 0;
    ok = xnet_sctp_rcvinfo_marshal(RP_SCTP_LAYOUT, &v, b, sizeof b, &n) == 0 &&
         put_cmsg(oob, cap, &used, XNET_SCTP_CMSG_RCVINFO, b, n) && ok;
  }
  bm->oob_len = used;
  return ok;
}

int rp_sctp_recv(replay *r, rp_sock *s, xnet_backend_msg *bm, int flags) {
  (void)r;
  rp_sctp *t = s->sctp;
  if (t->listening) return XNET_ENOTCONN;
  rp_sctp_msg *m = t->rq.head;
  if (!m) return end_code(t);
  size_t left = m->len - m->off, done = 0;
  for (size_t i = 0; i < bm->iov_len && done < left; i++) {
    size_t k = bm->iov[i].iov_len < left - done ? bm->iov[i].iov_len
                                                : left - done;
    if (k) memcpy(bm->iov[i].iov_base, m->d + m->off + done, k);
    done += k;
  }
  bm->n = done;
  bm->flags = 0;
  if (done == left) bm->flags |= XNET_MSG_EOR;
  if (m->notification) bm->flags |= XNET_MSG_NOTIFICATION;
  rp_sctp_peer_sockaddr(s, m->notification && t->npeer ? &t->peer[t->primary]
                                                       : &m->src,
                        &bm->addr);
  if (!put_cmsgs(t, m, bm)) bm->flags |= XNET_MSG_CTRUNC;
  if (!(flags & XNET_MSG_PEEK)) {
    m->off += done;
    if (m->off == m->len) free(rp_sctp_mq_pop(&t->rq));
  }
  return (int)done;
}

int rp_sctp_read(replay *r, rp_sock *s, void *buf, size_t n) {
  struct iovec iov = {buf, n};
  xnet_backend_msg m;
  memset(&m, 0, sizeof m);
  m.iov = &iov;
  m.iov_len = 1;
  return rp_sctp_recv(r, s, &m, 0);
}

static bool wait_ready(const replay *r, const rp_sock *s) {
  return !s->sctp || readable(r, s);
}

static rp_pkt *wait_next(replay *r, const rp_sock *s, int64_t deadline) {
  return look(r, s, want_in, deadline);
}

static bool wait_ended(const replay *r, rp_sock *s, int64_t deadline) {
  if (!s->sctp->eof ||
      (deadline && r->fifo.tail && r->fifo.tail->t > deadline))
    return false;
  s->sctp->eof_final = true; /* the peer will send nothing more */
  return true;
}

int rp_sctp_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w) {
  static const rp_stream_wait how = {wait_ready, wait_next, wait_ended};
  return rp_stream_wait_read(r, sock, deadline, w, &how);
}

/* ---- writes ------------------------------------------------------------- */

/* Formats an endpoint as "10.0.0.1:5000" / "[2001:db8::1]:5000". */
static void fmt_ep(const rp_ep *e, uint16_t port, char *buf, size_t cap) {
  char ip[XNET_IP_STRLEN];
  if (xnet_ip_format(&e->ip, ip, sizeof ip) < 0) snprintf(ip, sizeof ip, "?");
  if (e->family == XNET_AF_INET6) snprintf(buf, cap, "[%s]:%u", ip, port);
  else snprintf(buf, cap, "%s:%u", ip, port);
}

static size_t hex(char *out, size_t cap, const uint8_t *b, size_t n,
                  size_t from, size_t count) {
  size_t w = 0;
  if (cap) out[0] = 0;
  for (size_t i = from; i < n && i < from + count && w + 4 < cap; i++)
    w += (size_t)snprintf(out + w, cap - w, "%02x ", b[i]);
  if (from + count < n && w + 4 < cap)
    w += (size_t)snprintf(out + w, cap - w, "...");
  return w;
}

/* Gathers the capture's outbound packets of s until a message is pending
 * or done() holds (or the capture has no more). */
static void gather(replay *r, rp_sock *s, bool (*done)(const rp_sctp *)) {
  rp_sctp *t = s->sctp;
  while (s->sctp && !done(t) && !t->out.err) {
    rp_pkt *p = look(r, s, want_out, 0);
    if (!p) break;
    rp_advance_through(r, p);
  }
}

static bool have_write(const rp_sctp *t) {
  return t->wq.head || t->saw_local_shutdown || t->saw_local_abort ||
         t->state == XNET_SCTP_CLOSED;
}

static bool have_end(const rp_sctp *t) {
  return t->saw_local_shutdown || t->saw_local_abort ||
         t->state == XNET_SCTP_CLOSED;
}

static bool have_abort(const rp_sctp *t) {
  return t->saw_local_abort || (t->state == XNET_SCTP_CLOSED && !t->err);
}

static void put16(uint8_t *b, uint16_t v) {
  b[0] = (uint8_t)(v >> 8);
  b[1] = (uint8_t)v;
}

/* Appends the write to the output capture: IPv4/IPv6 + SCTP with one DATA
 * chunk per fragment (fragmentation point of a 1500-byte path) and a
 * valid CRC32c. */
static void record(replay *r, rp_sock *s, const rp_sctp_msg *e,
                   const rp_ep *to, const xnet_sctp_sndinfo *si,
                   const uint8_t *b, size_t n) {
  rp_sctp *t = s->sctp;
  if (!r->out) return;
  const rp_ep *from = e ? &e->src : &t->local[0];
  if (!e && (!t->nlocal || t->local[0].family != to->family)) return;
  bool v4 = to->family == XNET_AF_INET;
  size_t hl = v4 ? 20 : 40;
  size_t fp = frag_point(to);
  uint32_t tsn = e ? e->tsn : t->next_tsn;
  size_t off = 0;
  do {
    size_t k = n - off < fp ? n - off : fp;
    size_t total = hl + 12 + 16 + ((k + 3) & ~(size_t)3);
    uint8_t *f = calloc(1, total);
    if (!f) return;
    if (v4) {
      f[0] = 0x45;
      put16(f + 2, (uint16_t)total);
      f[6] = 0x40;
      f[8] = 64;
      f[9] = RP_SCTP_PROTO;
      memcpy(f + 12, from->ip.bytes, 4);
      memcpy(f + 16, to->ip.bytes, 4);
      uint32_t sum = 0;
      for (int i = 0; i < 20; i += 2) sum += (uint32_t)(f[i] << 8 | f[i + 1]);
      while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
      put16(f + 10, (uint16_t)~sum);
    } else {
      f[0] = 0x60;
      put16(f + 4, (uint16_t)(total - 40));
      f[6] = RP_SCTP_PROTO;
      f[7] = 64;
      memcpy(f + 8, from->ip.bytes, 16);
      memcpy(f + 24, to->ip.bytes, 16);
    }
    xnet_sctp_common_header h = {s->local.port, t->peer_port, t->peer_tag, 0};
    size_t len = 0;
    xnet_sctp_data d;
    memset(&d, 0, sizeof d);
    d.flags = (uint8_t)((off == 0 ? XNET_SCTP_DATA_FLAG_B : 0) |
                        (off + k == n ? XNET_SCTP_DATA_FLAG_E : 0) |
                        ((si->flags & XNET_SCTP_UNORDERED) ? XNET_SCTP_DATA_FLAG_U
                                                           : 0));
    d.tsn = tsn++;
    d.stream_id = si->sid;
    d.ssn = e ? e->ssn : 0;
    d.ppid = ppid_to_wire(si->ppid);
    d.payload = b + off;
    d.payload_len = k;
    if (xnet_sctp_common_header_marshal(&h, f + hl, 12, &len) == 0 &&
        xnet_sctp_data_marshal(&d, f + hl + 12, total - hl - 12, &len) == 0 &&
        xnet_sctp_packet_finalize(f + hl, total - hl) == 0)
      rp_output_packet(r, f, total);
    free(f);
    off += k;
  } while (off < n);
  if (!e) t->next_tsn = tsn;
}

/* The SCTP send info of a write: SCTP_SNDINFO, or the deprecated
 * SCTP_SNDRCV, from the control messages (Linux layout). */
static int send_info(const xnet_backend_msg *m, xnet_sctp_sndinfo *si) {
  memset(si, 0, sizeof *si);
  if (!m->oob || !m->oob_len) return 0;
  xnet_cmsg_iter it;
  xnet_cmsg c;
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, m->oob, m->oob_len);
  int rc;
  while ((rc = xnet_cmsg_iter_next(&it, &c)) == 1) {
    xnet_sctp_cmsg_type kind;
    if (xnet_sctp_cmsg_kind(RP_SCTP_LAYOUT, c.level, c.type, &kind) < 0)
      continue;
    if (kind == XNET_SCTP_CMSG_SNDINFO) {
      if (xnet_sctp_sndinfo_parse(RP_SCTP_LAYOUT, c.data, c.len, si) < 0)
        return XNET_EINVAL;
    } else if (kind == XNET_SCTP_CMSG_SNDRCV) {
      xnet_sctp_sndrcvinfo v;
      if (xnet_sctp_sndrcvinfo_parse(RP_SCTP_LAYOUT, c.data, c.len, &v) < 0)
        return XNET_EINVAL;
      si->sid = v.stream;
      si->flags = v.flags;
      si->ppid = v.ppid;
      si->context = v.context;
      si->assoc_id = v.assoc_id;
    }
  }
  return rc < 0 ? XNET_EINVAL : 0;
}

static int expect_end(replay *r, rp_sock *s, bool abort, const char *why);

int rp_sctp_send(replay *r, rp_sock *s, xnet_backend_msg *m) {
  rp_sctp *t = s->sctp;
  if (t->listening || !t->assoc) return XNET_ENOTCONN;
  if (!t->established) return t->refused ? XNET_ECONNREFUSED : XNET_ENOTCONN;
  if (t->state == XNET_SCTP_CLOSED || t->wr_closed ||
      t->state >= XNET_SCTP_SHUTDOWN_PENDING)
    return XNET_EPIPE;
  xnet_sctp_sndinfo si;
  int rc = send_info(m, &si);
  if (rc < 0) return rc;
  size_t n = rp_msg_len(m);
  if (n > (size_t)INT32_MAX) return XNET_EMSGSIZE;
  /* Linux: SCTP_ABORT and SCTP_EOF are for one-to-many sockets; a
   * one-to-one socket refuses them and sends nothing (measured). */
  if (si.flags & (XNET_SCTP_ABORT | XNET_SCTP_EOF)) return XNET_EINVAL;
  if (t->outstrms && si.sid >= t->outstrms) return XNET_EINVAL;
  if (t->disable_frag && t->npeer && n > frag_point(&t->peer[t->primary]))
    return XNET_EMSGSIZE;
  rp_ep to = t->peer[t->primary];
  bool over = m->addr.family != XNET_AF_UNSPEC;
  if (over) {
    ep_from_sa(&m->addr, &to);
    if (rp_sctp_peer_index(t, &to) < 0) return XNET_EINVAL;
  }
  uint8_t *b = rp_msg_bytes(m, n);
  if (!b) return XNET_ENOMEM;
  r->writes++;
  t->writing = true;
  gather(r, s, have_write);
  t->writing = false;
  rp_sctp_msg *e = rp_sctp_mq_pop(&t->wq);
  record(r, s, e, e && !over ? &e->dst : &to, &si, b, n);
  rc = (int)n;
  char la[80], ta[80];
  fmt_ep(t->nlocal ? &t->local[0] : &to, s->local.port, la, sizeof la);
  fmt_ep(&to, t->peer_port, ta, sizeof ta);
  if (!e && t->state == XNET_SCTP_ESTABLISHED && look(r, s, want_abort, 0)) {
    /* The capture shows no more DATA, then the peer's ABORT: the kernel
     * took the message and kept it queued (the peer's window was shut);
     * the ABORT reports it undelivered. */
    rp_sctp_msg *q = malloc(sizeof *q + (n ? n : 1));
    if (q) {
      memset(q, 0, sizeof *q);
      q->sid = si.sid;
      q->ppid = ppid_to_wire(si.ppid);
      q->unordered = (si.flags & XNET_SCTP_UNORDERED) != 0;
      q->len = n;
      if (n) memcpy(q->d, b, n);
      rp_sctp_mq_push(&t->unsent, q);
    }
    free(b);
    return (int)n;
  }
  if (!r->lenient && !e) {
    rp_note_problem(r, XNET_EMISMATCH,
                    "write %llu (SCTP, %zu bytes, %s->%s): the capture has "
                    "no further message from %s",
                    (unsigned long long)r->writes, n, la, ta, la);
    rc = XNET_EMISMATCH;
  } else if (!r->lenient) {
    size_t diff = 0;
    while (diff < n && diff < e->len && e->d[diff] == b[diff]) diff++;
    bool unord = (si.flags & XNET_SCTP_UNORDERED) != 0;
    uint32_t ppid = ppid_to_wire(si.ppid);
    char what[200] = "";
    if (e->sid != si.sid)
      snprintf(what, sizeof what, "stream %u, expected %u", si.sid, e->sid);
    else if (e->ppid != ppid)
      snprintf(what, sizeof what, "PPID %u, expected %u (as numbers on the wire)",
               ppid, e->ppid);
    else if (e->unordered != unord)
      snprintf(what, sizeof what, "%s, expected %s",
               unord ? "unordered" : "ordered",
               e->unordered ? "unordered" : "ordered");
    else if (over && !(e->dst.family == to.family &&
                       !memcmp(e->dst.ip.bytes, to.ip.bytes, to.ip.len))) {
      char ea[80];
      fmt_ep(&e->dst, t->peer_port, ea, sizeof ea);
      snprintf(what, sizeof what, "destination %s, expected %s", ta, ea);
    }
    if (what[0]) {
      rp_note_problem(r, XNET_EMISMATCH,
                      "write %llu %s->%s (SCTP, record %llu): %s",
                      (unsigned long long)r->writes, la, ta,
                      (unsigned long long)e->recno, what);
      rc = XNET_EMISMATCH;
    } else if (diff < n || diff < e->len) {
      char xh[160], ah[160];
      size_t from = diff > 4 ? diff - 4 : 0;
      hex(xh, sizeof xh, e->d, e->len, from, 16);
      hex(ah, sizeof ah, b, n, from, 16);
      rp_note_problem(r, XNET_EMISMATCH,
                      "write %llu %s->%s (SCTP stream %u, record %llu): "
                      "message differs at byte %zu (expected %zu bytes, got "
                      "%zu)\n  expected @%zu: %s\n  actual   @%zu: %s",
                      (unsigned long long)r->writes, la, ta, si.sid,
                      (unsigned long long)e->recno, diff, e->len, n, from, xh,
                      from, ah);
      rc = XNET_EMISMATCH;
    }
  }
  if (e && rc >= 0 && t->state != XNET_SCTP_CLOSED &&
      (int32_t)(e->tsn_last - t->acked) > 0)
    rp_sctp_mq_push(&t->inflight, e); /* until a SACK covers it */
  else
    free(e);
  free(b);
  return rc;
}

/* ---- the end ------------------------------------------------------------ */

/* Checks, in strict mode, that the capture's local side ends the
 * association as the call does (SHUTDOWN, or ABORT when abort), having
 * written every message first. */
static int expect_end(replay *r, rp_sock *s, bool abort, const char *why) {
  rp_sctp *t = s->sctp;
  gather(r, s, abort ? have_abort : have_end);
  if (r->lenient) return 0;
  char la[80], ta[80];
  fmt_ep(t->nlocal ? &t->local[0] : &t->peer[0], s->local.port, la, sizeof la);
  fmt_ep(&t->peer[t->primary], t->peer_port, ta, sizeof ta);
  if (!abort && t->wq.head) {
    rp_sctp_msg *e = t->wq.head;
    rp_note_problem(r, XNET_EMISMATCH,
                    "SCTP %s->%s: the capture's write of %zu bytes (stream "
                    "%u, record %llu) never happened (%s came first)",
                    la, ta, e->len, e->sid, (unsigned long long)e->recno, why);
    return XNET_EMISMATCH;
  }
  if (abort ? !t->saw_local_abort
            : !(t->saw_local_shutdown || t->saw_local_abort)) {
    rp_note_problem(r, XNET_EMISMATCH,
                    "SCTP %s->%s: %s, but the capture shows no %s from the "
                    "local side",
                    la, ta, why, abort ? "ABORT" : "SHUTDOWN");
    return XNET_EMISMATCH;
  }
  if (!abort && t->saw_local_abort) {
    rp_note_problem(r, XNET_EMISMATCH,
                    "SCTP %s->%s: %s, but the capture shows the local side "
                    "sending ABORT (close with linger 0 or unread data)",
                    la, ta, why);
    return XNET_EMISMATCH;
  }
  return 0;
}

int rp_sctp_shutdown(replay *r, rp_sock *s, int how) {
  rp_sctp *t = s->sctp;
  if (t->listening || !t->assoc || !t->established) return XNET_ENOTCONN;
  if (how == 0) return 0; /* Linux: SHUT_RD changes nothing on SCTP */
  if (t->wr_closed || t->state == XNET_SCTP_CLOSED) return 0;
  t->wr_closed = true;
  if (t->state != XNET_SCTP_ESTABLISHED) return 0; /* already shutting down */
  return expect_end(r, s, false, "close-write");
}

/* The linger setting of the portable option table (replay.c). */
static bool linger_zero(const rp_sock *s) {
  if (s->sctp->linger_set) return s->sctp->linger == 0;
  for (int i = 0; i < RP_MAX_OPTS; i++)
    if (s->opt_key[i] == (0x7fff0000 | (int)XNET_SO_LINGER))
      return s->opt_val[i] == 0;
  return false;
}

void rp_sctp_close(replay *r, rp_sock *s) {
  rp_sctp *t = s->sctp;
  if (!t) return;
  if (t->listening) {
    for (size_t i = 0; i < t->npend; i++) {
      rp_sock *c = &r->socks[t->pend[i]];
      c->open = false;
      rp_sctp_free(r, c);
    }
    t->npend = 0;
  } else if (t->assoc && t->established && t->state != XNET_SCTP_CLOSED) {
    /* Linux sends ABORT on close with linger 0 or with data unread. */
    bool unread = false;
    for (rp_sctp_msg *m = t->rq.head; m && !unread; m = m->next)
      unread = !m->notification;
    if (linger_zero(s) || unread)
      (void)expect_end(r, s, true,
                       unread ? "close with unread data" : "close (linger 0)");
    else if (t->state == XNET_SCTP_ESTABLISHED && !t->wr_closed)
      (void)expect_end(r, s, false, "close");
  }
  rp_sctp_free(r, s);
}

void rp_sctp_finish(replay *r) {
  int64_t now = r->now;
  for (int i = 0; i < r->nsocks && !r->problem_code; i++) {
    rp_sock *s = &r->socks[i];
    rp_sctp *t = s->sctp;
    if (!s->open || !t || !t->assoc || !t->established) continue;
    gather(r, s, have_write);
    if (t->wq.head) {
      char la[80], ta[80];
      fmt_ep(&t->local[0], s->local.port, la, sizeof la);
      fmt_ep(&t->peer[t->primary], t->peer_port, ta, sizeof ta);
      rp_note_problem(r, XNET_EMISMATCH,
                      "SCTP %s->%s: the capture's write of %zu bytes (stream "
                      "%u, record %llu) never happened",
                      la, ta, t->wq.head->len, t->wq.head->sid,
                      (unsigned long long)t->wq.head->recno);
    }
  }
  r->now = now;
}

/* ---- options ------------------------------------------------------------ */

static int get_int(const void *val, size_t len, int *v) {
  if (len < sizeof(int)) return XNET_EINVAL;
  memcpy(v, val, sizeof *v);
  return 0;
}

/* sctp_event_subscribe bytes (Linux order) to notification types; byte 0
 * is data_io (the SCTP_SNDRCV control message). */
static const uint8_t events_order[] = {
    0, XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_PEER_ADDR_CHANGE, XNET_SCTP_SEND_FAILED,
    XNET_SCTP_REMOTE_ERROR, XNET_SCTP_SHUTDOWN_EVENT,
    XNET_SCTP_PARTIAL_DELIVERY_EVENT, XNET_SCTP_ADAPTATION_INDICATION,
    XNET_SCTP_AUTHENTICATION_EVENT, XNET_SCTP_SENDER_DRY_EVENT,
    XNET_SCTP_STREAM_RESET_EVENT, XNET_SCTP_ASSOC_RESET_EVENT,
    XNET_SCTP_STREAM_CHANGE_EVENT, XNET_SCTP_SEND_FAILED_EVENT};

/* Linux: subscribing to SENDER_DRY with nothing outstanding queues one at
 * once. */
static void dry_now(rp_sock *s) {
  rp_sctp *t = s->sctp;
  if (t->assoc && t->established && t->state != XNET_SCTP_CLOSED &&
      (!t->out.any || (int32_t)(t->out.last_tsn - t->acked) <= 0))
    rp_sctp_notify_sender_dry(s);
}

int rp_sctp_setsockopt(replay *r, rp_sock *s, int level, int name,
                       const void *val, size_t len) {
  (void)r;
  rp_sctp *t = s->sctp;
  int v = 0, rc;
  if (level == RP_SOL_SOCKET && name == RP_SO_LINGER) {
    int lv[2];
    if (len < sizeof lv) return XNET_EINVAL;
    memcpy(lv, val, sizeof lv);
    t->linger_set = lv[0] != 0;
    t->linger = lv[1];
    return 0;
  }
  if (level != RP_SCTP_LAYOUT->sockopt_level) return 1; /* not SCTP's */
  if (!val && len) return XNET_EINVAL;
  if (name == opt(XNET_SCTP_OPT_EVENT)) {
    uint8_t b[8];
    if (len < sizeof b) return XNET_EINVAL;
    memcpy(b, val, sizeof b);
    int32_t native = (int32_t)(b[4] | b[5] << 8);
    int type;
    if (xnet_sctp_layout_from_native(RP_SCTP_LAYOUT, XNET_SCTP_MAP_NOTIFICATION,
                                     native, &type) < 0)
      return XNET_EINVAL;
    if (b[6]) t->events |= 1u << type;
    else t->events &= ~(1u << type);
    if (b[6] && type == XNET_SCTP_SENDER_DRY_EVENT) dry_now(s);
    return 0;
  }
  if (name == opt(XNET_SCTP_OPT_EVENTS)) {
    if (len > sizeof events_order) return XNET_EINVAL;
    const uint8_t *b = val;
    bool dry_before = (t->events >> XNET_SCTP_SENDER_DRY_EVENT) & 1u;
    for (size_t i = 0; i < len; i++) {
      if (i == 0) t->data_io = b[0] != 0;
      else if (b[i]) t->events |= 1u << events_order[i];
      else t->events &= ~(1u << events_order[i]);
    }
    if (!dry_before && ((t->events >> XNET_SCTP_SENDER_DRY_EVENT) & 1u))
      dry_now(s);
    return 0;
  }
  if (name == opt(XNET_SCTP_OPT_INITMSG)) {
    if (len != 8) return XNET_EINVAL;
    xnet_sctp_initmsg im;
    if (xnet_sctp_initmsg_parse(RP_SCTP_LAYOUT, val, len, &im) < 0)
      return XNET_EINVAL;
    if (im.num_ostreams) t->initmsg.num_ostreams = im.num_ostreams;
    if (im.max_instreams) t->initmsg.max_instreams = im.max_instreams;
    if (im.max_attempts) t->initmsg.max_attempts = im.max_attempts;
    if (im.max_init_timeo) t->initmsg.max_init_timeo = im.max_init_timeo;
    return 0;
  }
  if (name == opt(XNET_SCTP_OPT_ADAPTATION_LAYER)) {
    if (len != 4) return XNET_EINVAL;
    memcpy(&t->adaptation, val, 4);
    return 0;
  }
  if (name == opt(XNET_SCTP_OPT_NODELAY) ||
      name == opt(XNET_SCTP_OPT_DISABLE_FRAGMENTS) ||
      name == opt(XNET_SCTP_OPT_RECVRCVINFO) ||
      name == opt(XNET_SCTP_OPT_RECVNXTINFO) ||
      name == opt(XNET_SCTP_OPT_AUTOCLOSE) ||
      name == opt(XNET_SCTP_OPT_MAXSEG) ||
      name == opt(XNET_SCTP_OPT_FRAGMENT_INTERLEAVE) ||
      name == opt(XNET_SCTP_OPT_PARTIAL_DELIVERY_POINT) ||
      name == opt(XNET_SCTP_OPT_I_WANT_MAPPED_V4_ADDR) ||
      name == opt(XNET_SCTP_OPT_REUSE_PORT)) {
    if ((rc = get_int(val, len, &v)) < 0) return rc;
    if (name == opt(XNET_SCTP_OPT_NODELAY)) t->nodelay = v != 0;
    else if (name == opt(XNET_SCTP_OPT_DISABLE_FRAGMENTS)) t->disable_frag = v != 0;
    else if (name == opt(XNET_SCTP_OPT_RECVRCVINFO)) t->recvrcvinfo = v != 0;
    else if (name == opt(XNET_SCTP_OPT_RECVNXTINFO)) t->recvnxtinfo = v != 0;
    return 1; /* also kept by replay.c's table, for reading back */
  }
  /* Options a kernel accepts whose effect a capture already shows. */
  for (int o = 0; o < XNET_SCTP_SOCKOPT__MAX; o++)
    if (opt((xnet_sctp_sockopt)o) == name && name != opt(XNET_SCTP_OPT_STATUS) &&
        name != opt(XNET_SCTP_OPT_GET_PEER_ADDR_INFO))
      return 1;
  return RP_ENOPROTOOPT;
}

static int status(replay *r, rp_sock *s, void *val, size_t *len) {
  (void)r;
  rp_sctp *t = s->sctp;
  if (*len < XNET_SCTP_STATUS_SIZE) return XNET_EINVAL;
  /* Linux: no association (not yet, or freed after SHUTDOWN_COMP or
   * ABORT) is EINVAL. */
  if (!t->assoc || !t->established || t->state == XNET_SCTP_CLOSED)
    return XNET_EINVAL;
  xnet_sctp_status st;
  memset(&st, 0, sizeof st);
  st.assoc_id = t->assoc_id;
  st.state = t->state;
  st.rwnd = t->peer_rwnd;
  uint32_t unacked = t->out.any ? t->out.last_tsn - t->acked : 0;
  st.unackdata = (int32_t)unacked > 0 ? (uint16_t)unacked : 0;
  st.instrms = t->instrms;
  st.outstrms = t->outstrms;
  if (t->npeer) {
    st.fragmentation_point = (uint32_t)frag_point(&t->peer[t->primary]);
    st.primary.mtu = (uint32_t)path_mtu(&t->peer[t->primary]);
  }
  st.primary.assoc_id = t->assoc_id;
  if (t->npeer) {
    const rp_ep *e = &t->peer[t->primary];
    xnet_sockaddr sa;
    rp_sctp_peer_sockaddr(s, e, &sa);
    st.primary.addr.family =
        sa.family == XNET_AF_INET ? XNET_SCTP_AF_INET : XNET_SCTP_AF_INET6;
    st.primary.addr.port = t->peer_port;
    memcpy(st.primary.addr.ip, sa.ip.bytes, sa.ip.len);
  }
  st.primary.state = XNET_SCTP_ACTIVE;
  st.primary.cwnd = 4380; /* RFC 9260 7.2.1 for a 1500-byte path */
  st.primary.rto = 3000;  /* RTO.Initial, ms */
  size_t n = 0;
  if (xnet_sctp_status_marshal(RP_SCTP_LAYOUT, &st, val, *len, &n) < 0)
    return XNET_EINVAL;
  *len = n;
  return 0;
}

int rp_sctp_getsockopt(replay *r, rp_sock *s, int level, int name, void *val,
                       size_t *len) {
  rp_sctp *t = s->sctp;
  if (level == RP_SOL_SOCKET && name == RP_SO_LINGER) {
    int lv[2] = {t->linger_set, t->linger};
    if (*len < sizeof lv) return XNET_EINVAL;
    memcpy(val, lv, sizeof lv);
    *len = sizeof lv;
    return 0;
  }
  if (level != RP_SCTP_LAYOUT->sockopt_level) return 1;
  if (name == opt(XNET_SCTP_OPT_STATUS)) return status(r, s, val, len);
  if (name == opt(XNET_SCTP_OPT_EVENT)) {
    uint8_t *b = val;
    if (*len < 8) return XNET_EINVAL;
    int type;
    if (xnet_sctp_layout_from_native(RP_SCTP_LAYOUT, XNET_SCTP_MAP_NOTIFICATION,
                                     (int32_t)(b[4] | b[5] << 8), &type) < 0)
      return XNET_EINVAL;
    b[6] = (uint8_t)((t->events >> type) & 1u);
    *len = 8;
    return 0;
  }
  if (name == opt(XNET_SCTP_OPT_EVENTS)) {
    uint8_t b[sizeof events_order];
    for (size_t i = 0; i < sizeof b; i++)
      b[i] = i == 0 ? t->data_io : (uint8_t)((t->events >> events_order[i]) & 1u);
    size_t n = *len < sizeof b ? *len : sizeof b;
    memcpy(val, b, n);
    *len = n;
    return 0;
  }
  if (name == opt(XNET_SCTP_OPT_INITMSG)) {
    if (*len < 8) return XNET_EINVAL;
    size_t n = 0;
    if (xnet_sctp_initmsg_marshal(RP_SCTP_LAYOUT, &t->initmsg, val, *len, &n) < 0)
      return XNET_EINVAL;
    *len = n;
    return 0;
  }
  if (name == opt(XNET_SCTP_OPT_ADAPTATION_LAYER)) {
    if (*len < 4) return XNET_EINVAL;
    memcpy(val, &t->adaptation, 4);
    *len = 4;
    return 0;
  }
  int v = -1;
  if (name == opt(XNET_SCTP_OPT_NODELAY)) v = t->nodelay;
  else if (name == opt(XNET_SCTP_OPT_DISABLE_FRAGMENTS)) v = t->disable_frag;
  else if (name == opt(XNET_SCTP_OPT_RECVRCVINFO)) v = t->recvrcvinfo;
  else if (name == opt(XNET_SCTP_OPT_RECVNXTINFO)) v = t->recvnxtinfo;
  if (v >= 0) {
    if (*len < sizeof v) return XNET_EINVAL;
    memcpy(val, &v, sizeof v);
    *len = sizeof v;
    return 0;
  }
  for (int o = 0; o < XNET_SCTP_SOCKOPT__MAX; o++)
    if (opt((xnet_sctp_sockopt)o) == name) return 1;
  return RP_ENOPROTOOPT;
}
