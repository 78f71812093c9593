/* tcp.c — TCP conns of a replay stack.
 *
 * A SYN to a listening local port makes a conn that accept returns; a dial
 * finds the capture's SYN to the remote address (which names the local
 * endpoint), then succeeds on the SYN-ACK or fails with
 * XNET_ECONNREFUSED on a RST. Each direction of a conn is reassembled by
 * tcp_reasm.c: the inbound one is what reads return (then 0 once the
 * peer's FIN is reached, XNET_ECONNRESET after a RST), the outbound one is
 * what writes are compared with (expect.c), as a byte stream, not segment
 * by segment. Reads wait in virtual time like UDP reads (clock.c), paced
 * as they are when the stack has a pacing factor. An IPv6 listener on the wildcard without IPV6_V6ONLY also takes
 * IPv4 SYNs: its conns have IPv4-mapped addresses, as on Linux. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "replay_int.h"
#include "xnet/error.h"

enum { F_FIN = 1, F_SYN = 2, F_RST = 4, F_ACK = 16 };

typedef struct tcph {
  uint16_t sport, dport;
  uint32_t seq;
  uint8_t flags;
  const uint8_t *pay;
  size_t n;
} tcph;

static uint32_t be32(const uint8_t *b) {
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
         b[3];
}

/* The TCP header of p; the payload ends where the IP length says. */
static bool parse(const rp_pkt *p, tcph *h) {
  if (p->proto != 6 || p->l4_off + 20 > p->len) return false;
  size_t end = p->len;
  if (p->family == XNET_AF_INET) {
    size_t tot = (size_t)(p->data[2] << 8 | p->data[3]);
    if (tot < end) end = tot;
  } else {
    size_t tot = 40 + (size_t)(p->data[4] << 8 | p->data[5]);
    if (tot < end) end = tot;
  }
  const uint8_t *t = p->data + p->l4_off;
  size_t hl = (size_t)(t[12] >> 4) * 4;
  if (hl < 20 || p->l4_off + hl > end) return false;
  h->sport = (uint16_t)(t[0] << 8 | t[1]);
  h->dport = (uint16_t)(t[2] << 8 | t[3]);
  h->seq = be32(t + 4);
  h->flags = t[13];
  h->pay = t + hl;
  h->n = end - p->l4_off - hl;
  return true;
}

static bool wildcard(const xnet_ip *ip) {
  for (int i = 0; i < ip->len; i++)
    if (ip->bytes[i]) return false;
  return true;
}

static const uint8_t mapped_pre[12] = {0, 0, 0, 0, 0,    0,
                                       0, 0, 0, 0, 0xff, 0xff};

/* Whether a (a socket's address, maybe IPv4-mapped) is e's address. */
static bool ip_is(const xnet_ip *a, const rp_ep *e) {
  if (a->len == e->ip.len) return !memcmp(a->bytes, e->ip.bytes, a->len);
  return a->len == 16 && e->ip.len == 4 && !memcmp(a->bytes, mapped_pre, 12) &&
         !memcmp(a->bytes + 12, e->ip.bytes, 4);
}

static bool local_ok(const replay *r, const rp_sock *s, const rp_ep *e) {
  if (!wildcard(&s->local.ip)) return ip_is(&s->local.ip, e);
  return r->local_count == 0 || rp_is_local_ip(r, e);
}

static bool is_conn(const rp_sock *s) {
  return s->open && s->type == XNET_SOCK_STREAM && s->tcp &&
         !s->tcp->listening && s->connected;
}

/* Whether p (header h) goes from the peer to conn s. */
static bool conn_in(const replay *r, const rp_sock *s, const rp_pkt *p,
                    const tcph *h) {
  return is_conn(s) && s->local.port == h->dport &&
         s->remote.port == h->sport && ip_is(&s->remote.ip, &p->src) &&
         local_ok(r, s, &p->dst);
}

/* Whether p goes from conn s to its peer. */
static bool conn_out(const replay *r, const rp_sock *s, const rp_pkt *p,
                     const tcph *h) {
  return is_conn(s) && s->local.port == h->sport &&
         s->remote.port == h->dport && ip_is(&s->remote.ip, &p->dst) &&
         local_ok(r, s, &p->src);
}

static bool listener_syn(const replay *r, const rp_sock *s, const rp_pkt *p,
                         const tcph *h) {
  bool fam = s->family == p->family ||
             (s->family == XNET_AF_INET6 && p->family == XNET_AF_INET &&
              !s->v6only && wildcard(&s->local.ip));
  return s->open && s->tcp && s->tcp->listening && fam &&
         (h->flags & (F_SYN | F_ACK | F_RST)) == F_SYN &&
         s->local.port == h->dport && local_ok(r, s, &p->dst);
}

static void fail_stream(replay *r, const rp_sock *s, const rp_pkt *p,
                        bool out, int rc) {
  char la[XNET_IP_STRLEN], ra[XNET_IP_STRLEN], why[300];
  if (xnet_ip_format(&s->local.ip, la, sizeof la) < 0) la[0] = 0;
  if (xnet_ip_format(&s->remote.ip, ra, sizeof ra) < 0) ra[0] = 0;
  const rp_stream *st = out ? &s->tcp->out : &s->tcp->in;
  if (rc != XNET_ENOBUFS)
    snprintf(why, sizeof why, "failed: out of memory");
  else if (st->ooo_full)
    snprintf(why, sizeof why,
             "exceeds the reassembly cap: more out-of-order data than %u "
             "bytes or %u segments",
             RP_TCP_OOO_MAX, RP_TCP_OOO_SEGS);
  else if (out)
    snprintf(why, sizeof why,
             "exceeds the reassembly cap: more than %u bytes the capture "
             "shows the local side sending that the application has not "
             "written (strict mode keeps them to compare its writes; "
             "lenient mode keeps only a window of them)",
             RP_TCP_STREAM_MAX);
  else
    snprintf(why, sizeof why,
             "exceeds the reassembly cap: more than %u bytes the "
             "application has not read",
             RP_TCP_STREAM_MAX);
  bool v6 = s->family == XNET_AF_INET6;
  rp_note_problem(r, rc, "record %llu: TCP %s stream %s%s%s:%u%s%s%s%s:%u %s",
                  (unsigned long long)p->recno, out ? "outbound" : "inbound",
                  v6 ? "[" : "", la, v6 ? "]" : "", s->local.port,
                  out ? "->" : "<-", v6 ? "[" : "", ra, v6 ? "]" : "",
                  s->remote.port, why);
}

static void take_in(replay *r, rp_sock *s, const rp_pkt *p, const tcph *h) {
  rp_tcp *t = s->tcp;
  if (h->flags & F_RST) {
    if (t->syn_sent && !t->established) t->refused = true;
    else t->reset = true;
    return;
  }
  uint32_t seq = h->seq;
  if (h->flags & F_SYN) {
    rp_stream_syn(&t->in, seq);
    if ((h->flags & F_ACK) && t->syn_sent) t->established = true;
    seq++;
  }
  if (h->n || (h->flags & F_FIN)) {
    bool had = t->in.err != 0;
    int rc = rp_stream_add(&t->in, seq, h->pay, h->n, (h->flags & F_FIN) != 0);
    if (rc && !had) fail_stream(r, s, p, false, rc);
    if (h->n) r->delivered++;
  }
}

static void take_out(replay *r, rp_sock *s, const rp_pkt *p, const tcph *h) {
  rp_tcp *t = s->tcp;
  if (h->flags & F_RST) {
    t->out.eof = true; /* the local side wrote nothing more */
    return;
  }
  uint32_t seq = h->seq;
  if (h->flags & F_SYN) {
    rp_stream_syn(&t->out, seq);
    seq++;
  }
  if (!(h->n || (h->flags & F_FIN))) return;
  if (r->lenient) {
    /* No write is compared: keep only the last bytes, and start over
     * past a segment the stream cannot hold rather than fail. */
    size_t have = rp_stream_avail(&t->out);
    if (have + h->n > RP_TCP_LENIENT_OUT_KEEP)
      rp_stream_consume(&t->out, have + h->n - RP_TCP_LENIENT_OUT_KEEP < have
                                     ? have + h->n - RP_TCP_LENIENT_OUT_KEEP
                                     : have);
    if (rp_stream_add(&t->out, seq, h->pay, h->n, (h->flags & F_FIN) != 0)) {
      uint64_t consumed = t->out.consumed;
      rp_stream_free(&t->out);
      t->out.started = true;
      t->out.nxt = seq + (uint32_t)h->n;
      t->out.consumed = consumed;
      t->out.eof = (h->flags & F_FIN) != 0;
    }
    return;
  }
  bool had = t->out.err != 0;
  int rc = rp_stream_add(&t->out, seq, h->pay, h->n, (h->flags & F_FIN) != 0);
  if (rc && !had) fail_stream(r, s, p, true, rc);
}

/* e as an address of a family socket (IPv4-mapped on an IPv6 one). */
static void set_ep(xnet_sockaddr *a, int family, const rp_ep *e,
                   uint16_t port) {
  memset(a, 0, sizeof *a);
  a->family = (uint8_t)family;
  a->ip = e->ip;
  if (family == XNET_AF_INET6 && e->family == XNET_AF_INET) {
    memcpy(a->ip.bytes, mapped_pre, 12);
    memcpy(a->ip.bytes + 12, e->ip.bytes, 4);
    a->ip.len = 16;
  }
  a->port = port;
}

/* A SYN to a listener: a new conn, waiting to be accepted. */
static void new_conn(replay *r, rp_sock *l, const rp_pkt *p, const tcph *h) {
  if (l->tcp->npend >= RP_TCP_BACKLOG) return;
  rp_tcp *t = calloc(1, sizeof *t);
  if (!t) return;
  int idx;
  rp_sock *s = rp_sock_accepted(r, l, 6, &idx);
  if (!s) {
    free(t);
    return;
  }
  set_ep(&s->local, s->family, &p->dst, h->dport);
  set_ep(&s->remote, s->family, &p->src, h->sport);
  s->tcp = t;
  t->established = true;
  rp_stream_syn(&t->in, h->seq);
  l->tcp->pend[l->tcp->npend++] = idx;
}

bool rp_tcp_dispatch(replay *r, rp_pkt *p) {
  tcph h;
  if (!parse(p, &h)) return false;
  rp_sock *in = NULL, *out = NULL, *lis = NULL;
  for (int i = 0; i < r->nsocks; i++) {
    rp_sock *s = &r->socks[i];
    if (s->type != XNET_SOCK_STREAM || !s->tcp) continue;
    if (!in && conn_in(r, s, p, &h)) in = s;
    else if (!out && conn_out(r, s, p, &h)) out = s;
    else if (!lis && listener_syn(r, s, p, &h)) lis = s;
  }
  if (!in && !out && !lis) return false;
  if (in) take_in(r, in, p, &h);
  else if (lis) new_conn(r, lis, p, &h);
  if (out) take_out(r, out, p, &h);
  return true;
}

int rp_tcp_socket(rp_sock *s) {
  s->tcp = calloc(1, sizeof *s->tcp);
  return s->tcp ? 0 : XNET_ENOMEM;
}

int rp_tcp_listen(replay *r, rp_sock *s) {
  if (!s->tcp || s->connected) return XNET_EINVAL;
  if (!s->bound) {
    s->local.ip.len = s->family == XNET_AF_INET ? 4 : 16;
    s->bound = true;
  }
  if (s->local.port == 0) s->local.port = r->next_port++;
  s->tcp->listening = true;
  return 0;
}

int rp_tcp_accept(replay *r, rp_sock *s, int *new_sock, xnet_sockaddr *peer) {
  (void)r;
  if (!s->tcp || !s->tcp->listening) return XNET_EINVAL;
  rp_tcp *t = s->tcp;
  if (!t->npend) return XNET_EAGAIN;
  int c = t->pend[0];
  memmove(t->pend, t->pend + 1, (t->npend - 1) * sizeof t->pend[0]);
  t->npend--;
  *new_sock = c;
  if (peer) *peer = r->socks[c].remote;
  return 0;
}

/* Looks ahead (pulling records within the look-ahead limits) for the
 * first packet for which want(r, s, p, h) holds. */
typedef bool want_fn(const replay *r, const rp_sock *s, const rp_pkt *p,
                     const tcph *h);

static rp_pkt *look(replay *r, const rp_sock *s, want_fn *want,
                    int64_t deadline) {
  tcph h;
  for (rp_pkt *p = r->fifo.head; p; p = p->next)
    if (parse(p, &h) && want(r, s, p, &h)) return p;
  while (r->fifo.count < RP_FIFO_MAX_PKTS &&
         r->fifo.bytes < RP_FIFO_MAX_BYTES) {
    if (deadline && r->fifo.tail && r->fifo.tail->t > deadline) break;
    if (!rp_pull(r)) break;
    rp_pkt *p = r->fifo.tail;
    if (parse(p, &h) && want(r, s, p, &h)) return p;
  }
  return NULL;
}

static bool ep_is_sa(const rp_ep *e, uint16_t port, const xnet_sockaddr *a) {
  return port == a->port && ip_is(&a->ip, e);
}

static bool want_syn(const replay *r, const rp_sock *s, const rp_pkt *p,
                     const tcph *h) {
  if ((h->flags & (F_SYN | F_ACK | F_RST)) != F_SYN) return false;
  if (!ep_is_sa(&p->dst, h->dport, &s->remote)) return false;
  if (s->local.port && s->local.port != h->sport) return false;
  if (!local_ok(r, s, &p->src)) return false;
  /* Not a retransmitted SYN of an earlier conn to the same peer. */
  for (int i = 0; i < r->nsocks; i++) {
    const rp_sock *o = &r->socks[i];
    if (o != s && is_conn(o) && o->local.port == h->sport &&
        o->remote.port == h->dport && ip_is(&o->remote.ip, &p->dst))
      return false;
  }
  return true;
}

static bool want_answer(const replay *r, const rp_sock *s, const rp_pkt *p,
                        const tcph *h) {
  bool synack = (h->flags & (F_SYN | F_ACK)) == (F_SYN | F_ACK);
  return conn_in(r, s, p, h) && ((h->flags & F_RST) || synack);
}

int rp_tcp_connect(replay *r, rp_sock *s, const xnet_sockaddr *a) {
  if (!s->tcp || s->tcp->listening) return XNET_EINVAL;
  if (s->connected) return s->tcp->established ? XNET_EISCONN : XNET_EISCONN;
  s->remote = *a;
  char ra[XNET_IP_STRLEN];
  if (xnet_ip_format(&a->ip, ra, sizeof ra) < 0) ra[0] = 0;
  rp_pkt *syn = look(r, s, want_syn, 0);
  if (!syn) {
    rp_note_problem(r, XNET_EMISMATCH,
                    "dial %s port %u: the capture shows no SYN to it", ra,
                    a->port);
    return XNET_EMISMATCH;
  }
  tcph h;
  (void)parse(syn, &h);
  set_ep(&s->local, s->family, &syn->src, h.sport);
  s->bound = s->connected = true;
  s->tcp->syn_sent = true;
  rp_advance_through(r, syn); /* take_out: the outbound stream starts */
  rp_pkt *ans = look(r, s, want_answer, 0);
  if (ans) rp_advance_through(r, ans);
  if (s->tcp->established) return 0;
  if (s->tcp->refused) return XNET_ECONNREFUSED;
  return XNET_ETIMEDOUT; /* the capture ends before an answer */
}

int rp_tcp_read(replay *r, rp_sock *s, void *buf, size_t n) {
  (void)r;
  rp_tcp *t = s->tcp;
  if (!t || t->listening) return XNET_ENOTCONN;
  size_t k = rp_stream_avail(&t->in);
  if (k) {
    if (k > n) k = n;
    memcpy(buf, t->in.buf + t->in.off, k);
    rp_stream_consume(&t->in, k);
    return (int)k;
  }
  if (t->in.err) return t->in.err;
  if (t->reset) return XNET_ECONNRESET;
  if (t->in.eof) return 0;
  return XNET_EAGAIN;
}

static bool readable(const rp_sock *s) {
  const rp_tcp *t = s->tcp;
  if (!t) return true;
  if (t->listening) return t->npend > 0;
  return rp_stream_avail(&t->in) || t->in.err || t->reset || t->in.eof;
}

/* Packets that can make s readable. */
static bool want_read(const replay *r, const rp_sock *s, const rp_pkt *p,
                      const tcph *h) {
  if (s->tcp->listening) return listener_syn(r, s, p, h);
  return conn_in(r, s, p, h) && (h->n || (h->flags & (F_FIN | F_RST)));
}

static bool wait_ready(const replay *r, const rp_sock *s) {
  (void)r;
  return readable(s);
}

static rp_pkt *wait_next(replay *r, const rp_sock *s, int64_t deadline) {
  return look(r, s, want_read, deadline);
}

int rp_tcp_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w) {
  static const rp_stream_wait how = {wait_ready, wait_next, NULL};
  return rp_stream_wait_read(r, sock, deadline, w, &how);
}

static bool want_out(const replay *r, const rp_sock *s, const rp_pkt *p,
                     const tcph *h) {
  return conn_out(r, s, p, h);
}

void rp_tcp_gather(replay *r, rp_sock *s, size_t n) {
  rp_tcp *t = s->tcp;
  while (rp_stream_avail(&t->out) < n && !t->out.eof && !t->out.err &&
         !t->reset) {
    rp_pkt *p = look(r, s, want_out, 0);
    if (!p) break;
    rp_advance_through(r, p);
  }
}

int rp_tcp_close_write(replay *r, rp_sock *s) {
  rp_tcp *t = s->tcp;
  if (!t || t->listening || !s->connected) return XNET_ENOTCONN;
  if (t->wr_closed) return 0;
  t->wr_closed = true;
  if (r->lenient) return 0;
  rp_tcp_gather(r, s, SIZE_MAX);
  size_t left = rp_stream_avail(&t->out);
  if (left) {
    rp_note_problem(r, XNET_EMISMATCH,
                    "TCP port %u -> port %u: the capture's write of %zu more "
                    "bytes (from stream offset %llu) never happened (the "
                    "conn was closed for writing)",
                    s->local.port, s->remote.port, left,
                    (unsigned long long)t->out.consumed);
    return XNET_EMISMATCH;
  }
  return 0;
}

void rp_tcp_close(replay *r, rp_sock *s) {
  rp_tcp *t = s->tcp;
  if (!t) return;
  if (t->listening) {
    for (size_t i = 0; i < t->npend; i++) {
      rp_sock *c = &r->socks[t->pend[i]];
      rp_sock_closed(r, c); /* never handed out: its slot is free */
      if (c->tcp) {
        rp_stream_free(&c->tcp->in);
        rp_stream_free(&c->tcp->out);
        free(c->tcp);
        c->tcp = NULL;
      }
    }
    t->npend = 0;
  } else if (s->connected && t->established && !t->wr_closed && !t->reset) {
    (void)rp_tcp_close_write(r, s);
  }
  rp_stream_free(&t->in);
  rp_stream_free(&t->out);
  free(t);
  s->tcp = NULL;
}
