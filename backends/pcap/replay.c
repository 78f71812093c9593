/* replay.c — the replay backend's ops table (xnet_backend_replay), its
 * sockets, and the public API of xnet/replay.h.
 *
 * Sockets are slots of a table. A handle is the slot's index plus
 * RP_MAX_SOCKS times the slot's generation, which grows each time a
 * closed slot is reused: an old handle then fails with XNET_EBADF rather
 * than reaching the new socket. Core calls close last, once no call of
 * the conn is running (xnet__pd_close), so a slot is reused only after
 * its conn is gone. A closed UDP/raw conn of a strict stack still
 * accounts for its expected writes until its slot is needed again
 * (rp_sock_new). UDP, raw IP, TCP (tcp.c) and one-to-one SCTP (sctp.c)
 * sockets are served. Every op
 * takes the one lock of the instance. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "replay_int.h"
#include "sctp_int.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet/sockopt_table.h"

typedef struct rp_config {
  const char *path;
  const void *bytes;
  size_t len;
  const xnet_replay_options *opts;
} rp_config;

/* The open socket of a handle, or NULL (closed, or its slot reused). */
static rp_sock *get(replay *r, int sock) {
  if (sock < 0) return NULL;
  int i = sock % RP_MAX_SOCKS;
  uint32_t gen = (uint32_t)(sock / RP_MAX_SOCKS);
  if (i >= r->nsocks || !r->socks[i].open || r->socks[i].gen != gen)
    return NULL;
  return &r->socks[i];
}

static int handle_of(const replay *r, int idx) {
  return idx + RP_MAX_SOCKS * (int)r->socks[idx].gen;
}

/* Frees what a closed slot may still hold (close freed it already; a
 * pending conn closed with its listener too, but cheaply checked). */
static void slot_clear(replay *r, int i) {
  rp_sock *s = &r->socks[i];
  rp_queue_free(r, &s->in);
  rp_queue_free(r, &s->expect);
  if (s->tcp) {
    rp_stream_free(&s->tcp->in);
    rp_stream_free(&s->tcp->out);
    free(s->tcp);
    s->tcp = NULL;
  }
  rp_sctp_free(r, s);
  /* An unaccepted SCTP association names its listener by slot. */
  for (int j = 0; j < r->nsocks; j++)
    if (r->socks[j].sctp && r->socks[j].sctp->listener == i)
      r->socks[j].sctp->listener = -1;
}

rp_sock *rp_sock_new(replay *r, int *idx) {
  /* The closed slot to reuse: one whose expected writes nobody accounts
   * for first, then the one closed longest ago. */
  int best = -1;
  bool best_keeps = true;
  for (int i = 0; i < r->nsocks; i++) {
    const rp_sock *s = &r->socks[i];
    if (s->open) continue;
    bool keeps = !r->lenient &&
                 (s->type == XNET_SOCK_DGRAM || s->type == XNET_SOCK_RAW);
    if (best < 0 || (best_keeps && !keeps) ||
        (keeps == best_keeps && s->closed_seq < r->socks[best].closed_seq)) {
      best = i;
      best_keeps = keeps;
    }
  }
  int i;
  uint32_t gen = 0;
  if (best >= 0 && (!best_keeps || r->nsocks >= RP_MAX_SOCKS)) {
    i = best;
    slot_clear(r, i);
    gen = (r->socks[i].gen + 1) % RP_SOCK_GENS;
  } else if (r->nsocks < RP_MAX_SOCKS) {
    i = r->nsocks++;
  } else {
    return NULL;
  }
  rp_sock *s = &r->socks[i];
  memset(s, 0, sizeof *s);
  s->gen = gen;
  s->used = s->open = true;
  *idx = i;
  return s;
}

rp_sock *rp_sock_accepted(replay *r, const rp_sock *l, int protocol,
                          int *idx) {
  rp_sock *s = rp_sock_new(r, idx); /* never l: it is open */
  if (!s) return NULL;
  s->bound = s->connected = true;
  s->family = l->family;
  s->type = XNET_SOCK_STREAM;
  s->protocol = protocol;
  return s;
}

void rp_sock_closed(replay *r, rp_sock *s) {
  s->open = false;
  s->closed_seq = ++r->close_seq;
}

static int replay_recvmsg(void *inst, int sock, xnet_backend_msg *m,
                          int flags) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = XNET_EBADF;
  if (s && s->sctp) {
    rc = rp_sctp_recv(r, s, m, flags);
  } else if (s && s->type == XNET_SOCK_STREAM) {
    rc = m->iov_len ? rp_tcp_read(r, s, m->iov[0].iov_base, m->iov[0].iov_len)
                    : 0;
    if (rc >= 0) {
      m->n = (size_t)rc;
      m->flags = 0;
      m->oob_len = 0;
      m->addr = s->remote;
    }
  } else if (s) {
    rc = rp_recv(r, s, m, flags);
    if (rc == XNET_EAGAIN) rc = rp_read_direct(r, s, NULL, 0, m, flags);
    if (rc == XNET_EAGAIN && rp_read_ahead(r, s)) rc = rp_recv(r, s, m, flags);
    s->rd_due = false;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

/* The messages already due, as a kernel's recvmmsg on a non-blocking
 * socket: it looks ahead only for the first message after a wait said
 * ready (rd_due), since core takes later chunks of a batch without
 * waiting. One lock for the batch. */
static int replay_recvmmsg(void *inst, int sock, xnet_backend_msg *msgs,
                           size_t n, int flags) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = !s                            ? XNET_EBADF
           : s->type != XNET_SOCK_DGRAM &&
                   s->type != XNET_SOCK_RAW ? XNET_ENOTSUP
           : n == 0                         ? XNET_EINVAL
                                            : rp_recv(r, s, &msgs[0], flags);
  if (rc == XNET_EAGAIN && s->rd_due && rp_read_ahead(r, s))
    rc = rp_recv(r, s, &msgs[0], flags);
  if (s) s->rd_due = false;
  if (rc >= 0) {
    size_t i = 1;
    while (i < n && i < INT_MAX && rp_recv(r, s, &msgs[i], flags) >= 0) i++;
    rc = (int)i;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_sendmsg(void *inst, int sock, xnet_backend_msg *m,
                          int flags) {
  (void)flags;
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = !s ? XNET_EBADF
           : s->sctp ? rp_sctp_send(r, s, m)
                     : rp_send(r, sock, s, m);
  if (rc >= 0) m->n = (size_t)rc;
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_read(void *inst, int sock, void *buf, size_t n) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = !s                            ? XNET_EBADF
           : s->sctp                     ? rp_sctp_read(r, s, buf, n)
           : s->type == XNET_SOCK_STREAM ? rp_tcp_read(r, s, buf, n)
                                         : rp_read(r, s, buf, n);
  /* Streaming reads (clock.c): one call instead of a read, a wait and a
   * read. */
  if (rc == XNET_EAGAIN && !s->sctp && s->type != XNET_SOCK_STREAM) {
    rc = rp_read_direct(r, s, buf, n, NULL, 0);
    if (rc == XNET_EAGAIN && rp_read_ahead(r, s)) rc = rp_read(r, s, buf, n);
  }
  if (s) s->rd_due = false;
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_write(void *inst, int sock, const void *buf, size_t n) {
  struct iovec iov = {(void *)(uintptr_t)buf, n};
  xnet_backend_msg m;
  memset(&m, 0, sizeof m);
  m.iov = &iov;
  m.iov_len = 1;
  return replay_sendmsg(inst, sock, &m, 0);
}

int rp_stream_wait_read(replay *r, int sock, int64_t deadline, xnet_waker *w,
                        const rp_stream_wait *how) {
  for (;;) {
    if (rp_waker_take(w)) return 1;
    if (sock < 0 || sock >= r->nsocks || !r->socks[sock].open) return 0;
    rp_sock *s = &r->socks[sock];
    if (how->ready(r, s)) return 0;
    if (deadline && deadline <= r->now) return XNET_ETIMEDOUT;
    rp_pkt *found = how->next(r, s, deadline);
    if (found) {
      /* Then look again: what a packet brings need not be readable yet
       * (out-of-order TCP data, an SCTP chunk that delivers nothing). */
      int rc = rp_wait_for(r, found, deadline);
      if (rc != 0) return rc;
      continue;
    }
    if (r->fifo.count >= RP_FIFO_MAX_PKTS ||
        r->fifo.bytes >= RP_FIFO_MAX_BYTES) {
      rp_advance_through(r, r->fifo.head); /* keep the look-ahead bounded */
      continue;
    }
    if (how->ended && how->ended(r, s, deadline)) return 0;
    int rc = rp_wait_idle(r, sock, deadline, w);
    if (rc != 0) return rc;
  }
}

static int replay_wait(void *inst, int sock, unsigned events,
                       int64_t deadline, xnet_waker *w) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  int rc = 0;
  if (rp_waker_take(w)) {
    rc = 1;
  } else if (events & XNET_WAIT_READ) {
    rp_sock *s = get(r, sock);
    /* The waits name the socket by slot (-1: closed, they return). */
    int i = s ? (int)(s - r->socks) : -1;
    if (s && w) w->gen = s->gen;
    if (s && s->sctp)
      rc = rp_sctp_wait_read(r, i, deadline, w);
    else if (s && s->type == XNET_SOCK_STREAM)
      rc = rp_tcp_wait_read(r, i, deadline, w);
    else
      rc = rp_wait_read(r, i, deadline, w);
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int64_t replay_now(void *inst) {
  replay *r = inst;
  return atomic_load_explicit(&r->now, memory_order_acquire);
}

/* Deterministic "randomness" (a fixed xorshift sequence): replays are
 * bit-exact. */
static int replay_random(void *inst, void *buf, size_t n) {
  (void)inst;
  static _Thread_local uint64_t x = 0x9e3779b97f4a7c15u;
  uint8_t *b = buf;
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b[i] = (uint8_t)x;
  }
  return 0;
}

static int replay_socket(void *inst, int family, int type, int protocol,
                         int *sock) {
  replay *r = inst;
  if (family != XNET_AF_INET && family != XNET_AF_INET6)
    return XNET_EAFNOSUPPORT;
  if (type == XNET_SOCK_DGRAM) {
    if (protocol != 0 && protocol != 17) return XNET_EPROTONOSUPPORT;
    protocol = 17;
  } else if (type == XNET_SOCK_STREAM) {
    if (protocol != 0 && protocol != 6 && protocol != RP_SCTP_PROTO)
      return XNET_EPROTONOSUPPORT;
    if (protocol == 0) protocol = 6;
  } else if (type != XNET_SOCK_RAW) {
    return XNET_ENOTSUP; /* one-to-many SCTP: not served */
  }
  pthread_mutex_lock(&r->mu);
  int rc = XNET_EMFILE, idx = -1;
  rp_sock *s = rp_sock_new(r, &idx);
  if (s) {
    s->family = family;
    s->type = type;
    s->protocol = protocol;
    s->local.family = s->remote.family = (uint8_t)family;
    s->local.ip.len = family == XNET_AF_INET ? 4 : 16;
    rc = protocol == RP_SCTP_PROTO ? rp_sctp_socket(s)
         : type == XNET_SOCK_STREAM ? rp_tcp_socket(s)
                                    : 0;
    if (rc == 0) *sock = handle_of(r, idx);
    else rp_sock_closed(r, s);
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_bind(void *inst, int sock, const xnet_sockaddr *a) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) rc = XNET_EBADF;
  else if (s->sctp) rc = rp_sctp_bind(r, s, a);
  else if (s->bound) rc = XNET_EINVAL;
  else if (a->family != s->family) rc = XNET_EAFNOSUPPORT;
  else {
    s->local = *a;
    s->local.family = (uint8_t)s->family;
    if (s->local.ip.len == 0) s->local.ip.len = s->family == XNET_AF_INET ? 4 : 16;
    if (s->type == XNET_SOCK_DGRAM && s->local.port == 0)
      s->local.port = r->next_port++;
    if (s->type == XNET_SOCK_RAW) s->local.port = 0;
    s->bound = true;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_connect(void *inst, int sock, const xnet_sockaddr *a) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) rc = XNET_EBADF;
  else if (a->family != s->family) rc = XNET_EAFNOSUPPORT;
  else if (s->sctp) {
    rc = rp_sctp_connectx(r, s, a, 1);
  } else if (s->type == XNET_SOCK_STREAM) {
    rc = rp_tcp_connect(r, s, a);
  } else {
    s->remote = *a;
    if (s->type == XNET_SOCK_RAW) s->remote.port = 0;
    s->connected = true;
    if (!s->bound) {
      if (s->type == XNET_SOCK_DGRAM) rp_implicit_bind(r, s, &s->remote);
      else s->bound = true;
    }
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_connect_result(void *inst, int sock) {
  (void)inst;
  (void)sock;
  return 0;
}

static int replay_listen(void *inst, int sock, int backlog) {
  (void)backlog;
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = !s ? XNET_EBADF
           : s->sctp ? rp_sctp_listen(r, s)
           : s->type != XNET_SOCK_STREAM ? XNET_ENOTSUP
                                         : rp_tcp_listen(r, s);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_accept(void *inst, int sock, int *new_sock,
                         xnet_sockaddr *peer) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = !s ? XNET_EBADF
           : s->sctp ? rp_sctp_accept(r, s, new_sock, peer)
           : s->type != XNET_SOCK_STREAM ? XNET_ENOTSUP
                                         : rp_tcp_accept(r, s, new_sock, peer);
  /* tcp.c and sctp.c name the conn by slot; core gets its handle. */
  if (rc == 0 && *new_sock >= 0 && *new_sock < r->nsocks)
    *new_sock = handle_of(r, *new_sock);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

/* close-write matches the capture's FIN: strict mode checks that the
 * local side wrote every byte the capture shows. close-read is local. */
static int replay_shutdown(void *inst, int sock, int how) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) rc = XNET_EBADF;
  else if (s->sctp) rc = rp_sctp_shutdown(r, s, how);
  else if (s->type != XNET_SOCK_STREAM) rc = XNET_ENOTSUP;
  else if (how != 0) rc = rp_tcp_close_write(r, s);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_close(void *inst, int sock) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) rc = XNET_EBADF;
  else {
    rp_tcp_close(r, s);
    rp_sctp_close(r, s);
    rp_sock_closed(r, s);
    rp_queue_free(r, &s->in);
    if (s->expect.head && !r->lenient) {
      rp_pkt *e = s->expect.head;
      s->missing += s->expect.count;
      rp_note_problem(r, XNET_EMISMATCH,
                      "record %llu: the capture's write of %zu bytes never "
                      "happened (the conn was closed)",
                      (unsigned long long)e->recno,
                      e->udp ? e->len - e->pay_off : e->len - e->l4_off);
    }
    rp_queue_free(r, &s->expect);
    pthread_cond_broadcast(&r->cv);
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_addr(void *inst, int sock, xnet_sockaddr *out, bool remote) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) rc = XNET_EBADF;
  else if (remote && !s->connected) rc = XNET_ENOTCONN;
  else *out = remote ? s->remote : s->local;
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_local_addr(void *inst, int sock, xnet_sockaddr *out) {
  return replay_addr(inst, sock, out, false);
}

static int replay_remote_addr(void *inst, int sock, xnet_sockaddr *out) {
  return replay_addr(inst, sock, out, true);
}

/* Stored option values: a small table per socket. */
static int *opt_slot(rp_sock *s, int key, bool create) {
  for (int i = 0; i < RP_MAX_OPTS; i++)
    if (s->opt_key[i] == key) return &s->opt_val[i];
  if (!create) return NULL;
  for (int i = 0; i < RP_MAX_OPTS; i++)
    if (!s->opt_key[i]) {
      s->opt_key[i] = key;
      return &s->opt_val[i];
    }
  return NULL;
}

static int replay_setsockopt(void *inst, int sock, xnet_sockopt opt,
                             int value) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) rc = XNET_EBADF;
  else if (opt == XNET_IPV6_V6ONLY) s->v6only = value != 0;
  else {
    int *v = opt_slot(s, 0x7fff0000 | (int)opt, true);
    if (v) *v = value;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_getsockopt(void *inst, int sock, xnet_sockopt opt,
                             int *value) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) rc = XNET_EBADF;
  else if (opt == XNET_SO_TYPE) *value = s->type;
  else if (opt == XNET_SO_ERROR) *value = 0;
  else if (opt == XNET_IPV6_V6ONLY) *value = s->v6only;
  else {
    int *v = opt_slot(s, 0x7fff0000 | (int)opt, false);
    *value = v ? *v : 0;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

/* Multicast membership: no host to tell, so a join is remembered in the
 * socket, as the kernel's membership list, with the kernel's errors for a
 * second join (XNET_EADDRINUSE), a leave of a group not joined
 * (XNET_EADDRNOTAVAIL) and too many groups (XNET_ENOBUFS); core has
 * already checked the interface against the capture's list (pcapng.c), and
 * a capture cannot tell which groups an interface joined, so the join
 * itself does not look at it. Delivery is
 * by address, as ever: a conn bound to the group receives it, and a conn
 * bound to the wildcard also receives the groups it joined (udp.c). */
static int group_change(rp_sock *s, bool join, const uint8_t *g, size_t glen) {
  if (s->type != XNET_SOCK_DGRAM && s->type != XNET_SOCK_RAW)
    return XNET_EINVAL;
  int at = -1;
  for (int i = 0; i < s->ngroups && at < 0; i++)
    if (s->group_len[i] == glen && !memcmp(s->groups[i], g, glen)) at = i;
  if (join) {
    if (at >= 0) return XNET_EADDRINUSE;
    if (s->ngroups == RP_MAX_GROUPS) return XNET_ENOBUFS;
    memcpy(s->groups[s->ngroups], g, glen);
    s->group_len[s->ngroups++] = (uint8_t)glen;
    return 0;
  }
  if (at < 0) return XNET_EADDRNOTAVAIL;
  if (at != --s->ngroups) { /* the last takes its place */
    memcpy(s->groups[at], s->groups[s->ngroups], 16);
    s->group_len[at] = s->group_len[s->ngroups];
  }
  return 0;
}

/* A raw group_req option of the Linux profile (x/net's JoinGroup and
 * LeaveGroup, whose bytes core builds): 1 for a join, 2 for a leave, the
 * group's bytes in g[0..*glen); 0 for another option; XNET_EINVAL for a
 * value too short or of another family. */
static int raw_group(int level, int name, const void *val, size_t len,
                     uint8_t g[16], size_t *glen) {
  static const xnet_so opts[4] = {XNET_SO_IP_JOIN_GROUP, XNET_SO_IP_LEAVE_GROUP,
                                  XNET_SO_IPV6_JOIN_GROUP,
                                  XNET_SO_IPV6_LEAVE_GROUP};
  const xnet_profile *p = &xnet_profile_linux;
  const xnet_sockopt_abi *a = p->sockopt;
  for (int i = 0; i < 4; i++) {
    const xnet_so_row *row = xnet_sockopt_row(p, opts[i]);
    if (!row || row->kind != XNET_SO_KIND_GROUP_REQ || row->level != level ||
        row->name != name)
      continue;
    size_t gl = i < 2 ? 4 : 16;
    size_t at = (size_t)a->gr_group_off + (gl == 4 ? 4 : 8); /* sin(6)_addr */
    const uint8_t *b = val;
    if (!b || len < at + gl ||
        xnet_profile_get_u16(p, b + a->gr_group_off) !=
            (gl == 4 ? a->af_inet : a->af_inet6))
      return XNET_EINVAL;
    memcpy(g, b + at, gl);
    *glen = gl;
    return i % 2 ? 2 : 1;
  }
  return 0;
}

/* Group options (ListenMulticastUDP's join and sending interface): the
 * membership as group_change keeps it; the sending interface is a stored
 * option. */
static int replay_setsockopt_group(void *inst, int sock, xnet_sockopt opt,
                                   int ifindex, const xnet_sockaddr *group) {
  replay *r = inst;
  bool v4 = opt == XNET_IP_MCAST_JOIN_GROUP || opt == XNET_IP_MCAST_LEAVE_GROUP;
  bool join = opt == XNET_IP_MCAST_JOIN_GROUP || opt == XNET_IPV6_MCAST_JOIN_GROUP;
  bool leave = opt == XNET_IP_MCAST_LEAVE_GROUP || opt == XNET_IPV6_MCAST_LEAVE_GROUP;
  size_t glen = v4 ? 4 : 16;
  if (opt != XNET_IP_MULTICAST_IF && !join && !leave) return XNET_EINVAL;
  if ((join || leave) &&
      (!group || group->ip.len != glen ||
       group->family != (v4 ? XNET_AF_INET : XNET_AF_INET6)))
    return XNET_EINVAL;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) {
    rc = XNET_EBADF;
  } else if (opt == XNET_IP_MULTICAST_IF) {
    int *v = opt_slot(s, 0x7fff0000 | (int)opt, true);
    if (v) *v = ifindex;
  } else {
    rc = group_change(s, join, group->ip.bytes, glen);
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

/* The receive options of the Linux profile's rows, as RP_RECV_* bits. */
static unsigned recv_bit(int level, int name) {
  const xnet_cmsg_abi *a = xnet_profile_linux.cmsg;
  if (level == a->level_ip) {
    if (name == a->ipv4[XNET_CTL_PKTINFO].recv_opt) return RP_RECV_PKTINFO;
    if (name == a->ipv4[XNET_CTL_TTL].recv_opt) return RP_RECV_TTL;
    if (name == a->ipv4[XNET_CTL_TOS].recv_opt) return RP_RECV_TOS;
  } else if (level == a->level_ipv6) {
    if (name == a->ipv6[XNET_CTL6_PKTINFO].recv_opt) return RP_RECV6_PKTINFO;
    if (name == a->ipv6[XNET_CTL6_HOPLIMIT].recv_opt) return RP_RECV6_HOPLIMIT;
    if (name == a->ipv6[XNET_CTL6_TCLASS].recv_opt) return RP_RECV6_TCLASS;
  }
  return 0;
}

static int replay_setsockopt_raw(void *inst, int sock, int level, int name,
                                 const void *val, size_t len) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  int v = 0;
  if (len >= 4) memcpy(&v, val, 4);
  else if (len >= 1) v = *(const uint8_t *)val;
  if (!s) {
    rc = XNET_EBADF;
  } else if (s->sctp &&
             (rc = rp_sctp_setsockopt(r, s, level, name, val, len)) != 1) {
    /* an SCTP option sctp.c keeps itself (or refuses) */
  } else {
    uint8_t g[16];
    size_t glen = 0;
    int k = raw_group(level, name, val, len, g, &glen);
    unsigned bit = recv_bit(level, name);
    rc = 0;
    if (k) {
      rc = k < 0 ? k : group_change(s, k == 1, g, glen);
    } else if (bit) {
      if (v) s->recv |= bit;
      else s->recv &= ~bit;
    } else {
      int *slot = opt_slot(s, (level & 0x7fff) << 16 | (name & 0xffff), true);
      if (slot) *slot = v;
    }
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_getsockopt_raw(void *inst, int sock, int level, int name,
                                 void *val, size_t *len) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s = get(r, sock);
  int rc = 0;
  if (!s) {
    rc = XNET_EBADF;
  } else if (s->sctp &&
             (rc = rp_sctp_getsockopt(r, s, level, name, val, len)) != 1) {
    /* an SCTP option sctp.c answers itself (or refuses) */
  } else if (*len < 4) {
    rc = XNET_EINVAL;
  } else {
    rc = 0;
    unsigned bit = recv_bit(level, name);
    int v;
    if (bit) v = (s->recv & bit) != 0;
    else {
      int *slot = opt_slot(s, (level & 0x7fff) << 16 | (name & 0xffff), false);
      v = slot ? *slot : 0;
    }
    memcpy(val, &v, 4);
    *len = 4;
  }
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_unlink_path(void *inst, const char *path) {
  (void)inst;
  (void)path;
  return 0;
}

static int replay_waker_open(void *inst, xnet_waker **out) {
  (void)inst;
  *out = calloc(1, sizeof **out);
  if (*out) (*out)->sock = -1;
  return *out ? 0 : XNET_ENOMEM;
}

/* A wake means a new deadline or a close: reads stop looking ahead with
 * the deadline they knew until the next wait tells them again. */
static void replay_waker_wake(void *inst, xnet_waker *w) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  w->fired = 1;
  /* Not a reused slot's new socket: a waker lives as long as its conn. */
  if (w->sock >= 0 && w->sock < r->nsocks && r->socks[w->sock].gen == w->gen)
    r->socks[w->sock].rd_known = false;
  pthread_cond_broadcast(&r->cv);
  pthread_mutex_unlock(&r->mu);
}

static void replay_waker_close(void *inst, xnet_waker *w) {
  (void)inst;
  free(w);
}

static int replay_resolve(void *inst, const char *host, int family,
                          xnet_resolved *out, size_t cap) {
  (void)inst;
  if (strcmp(host, "localhost") != 0) return XNET_ENOHOST;
  size_t n = 0;
  if (family != XNET_AF_INET6 && n < cap) {
    memset(&out[n], 0, sizeof out[n]);
    out[n].ip.len = 4;
    out[n].ip.bytes[0] = 127;
    out[n++].ip.bytes[3] = 1;
  }
  if (family != XNET_AF_INET && n < cap) {
    memset(&out[n], 0, sizeof out[n]);
    out[n].ip.len = 16;
    out[n++].ip.bytes[15] = 1;
  }
  return (int)n;
}

static int replay_open(void *inst, const void *config) {
  replay *r = inst;
  const rp_config *c = config;
  pthread_mutex_init(&r->mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* pacing's timed waits */
  pthread_cond_init(&r->cv, &ca);
  pthread_condattr_destroy(&ca);
  r->next_port = 49152;
  r->socks = calloc(RP_MAX_SOCKS, sizeof *r->socks);
  if (!r->socks) goto nomem;
  if (c->opts) {
    const xnet_replay_options *o = c->opts;
    if (o->local_count > XNET_REPLAY_MAX_LOCAL || o->pacing < 0 ||
        (o->writes != XNET_REPLAY_STRICT && o->writes != XNET_REPLAY_LENIENT)) {
      free(r->socks);
      pthread_mutex_destroy(&r->mu);
      pthread_cond_destroy(&r->cv);
      return XNET_EINVAL;
    }
    r->local_count = o->local_count;
    for (size_t i = 0; i < o->local_count; i++) {
      r->local[i] = o->local[i];
      r->local[i].zone[0] = 0;
      static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
      if (r->local[i].len == 16 && !memcmp(r->local[i].bytes, mapped, 12)) {
        memmove(r->local[i].bytes, r->local[i].bytes + 12, 4);
        memset(r->local[i].bytes + 4, 0, 12);
        r->local[i].len = 4;
      }
    }
    r->lenient = o->writes == XNET_REPLAY_LENIENT;
    r->pacing = o->pacing;
  }
  int rc = rp_source_open(r, c->path, c->bytes, c->len);
  if (rc == 0 && c->opts && c->opts->output_path)
    rc = rp_output_open(r, c->opts->output_path);
  if (rc < 0) {
    rp_source_close(r);
    free(r->socks);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
    return rc;
  }
  /* The clock starts at the first record's time. */
  if (rp_pull(r)) r->now = r->fifo.head->t;
  rp_pace_start(r);
  return 0;
nomem:
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->cv);
  return XNET_ENOMEM;
}

static void replay_close_stack(void *inst) {
  replay *r = inst;
  for (int i = 0; i < r->nsocks; i++) {
    rp_queue_free(r, &r->socks[i].in);
    rp_queue_free(r, &r->socks[i].expect);
    if (r->socks[i].tcp) {
      rp_stream_free(&r->socks[i].tcp->in);
      rp_stream_free(&r->socks[i].tcp->out);
      free(r->socks[i].tcp);
    }
    rp_sctp_free(r, &r->socks[i]);
  }
  free(r->socks);
  rp_queue_free(r, &r->fifo);
  while (r->pool) {
    rp_pkt *p = r->pool;
    r->pool = p->next;
    free(p);
  }
  rp_source_close(r);
  rp_output_close(r);
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->cv);
}

/* SCTP ops (sctp.c): on SCTP sockets only. */

/* The SCTP socket sock (r->mu held), or the error of a call on it. */
static int get_sctp(replay *r, int sock, rp_sock **out) {
  *out = get(r, sock);
  return !*out ? XNET_EBADF : !(*out)->sctp ? XNET_EINVAL : 0;
}

static int replay_sctp_bindx(void *inst, int sock, const xnet_sockaddr *a,
                             size_t n, int add) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s;
  int rc = get_sctp(r, sock, &s);
  if (rc == 0) rc = rp_sctp_bindx(r, s, a, n, add);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_sctp_connectx(void *inst, int sock, const xnet_sockaddr *a,
                                size_t n) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s;
  int rc = get_sctp(r, sock, &s);
  if (rc == 0) rc = rp_sctp_connectx(r, s, a, n);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

static int replay_sctp_addrs(void *inst, int sock, int remote,
                             xnet_sockaddr *out, size_t cap) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  rp_sock *s;
  int rc = get_sctp(r, sock, &s);
  if (rc == 0) rc = rp_sctp_addrs(r, s, remote, out, cap);
  pthread_mutex_unlock(&r->mu);
  return rc;
}

/* A capture can hold any of it: SCTP, control messages, batches, and its
 * time is the capture's. */
static int replay_caps(void *inst) {
  (void)inst;
  return XNET_CAP_SCTP | XNET_CAP_PKTINFO | XNET_CAP_BATCH |
         XNET_CAP_VIRTUAL_CLOCK;
}

static const xnet_backend_ops xnet_backend_replay = {
    .name = "replay",
    .instance_size = sizeof(replay),
    .profile = &xnet_profile_linux,
    .recvmsg = replay_recvmsg,
    .sendmsg = replay_sendmsg,
    .recvmmsg = replay_recvmmsg,
    .read = replay_read,
    .write = replay_write,
    .wait = replay_wait,
    .now = replay_now,
    .random = replay_random,
    .socket = replay_socket,
    .bind = replay_bind,
    .connect = replay_connect,
    .connect_result = replay_connect_result,
    .listen = replay_listen,
    .accept = replay_accept,
    .shutdown = replay_shutdown,
    .close = replay_close,
    .local_addr = replay_local_addr,
    .remote_addr = replay_remote_addr,
    .setsockopt = replay_setsockopt,
    .getsockopt = replay_getsockopt,
    .setsockopt_raw = replay_setsockopt_raw,
    .getsockopt_raw = replay_getsockopt_raw,
    .setsockopt_group = replay_setsockopt_group,
    .unlink_path = replay_unlink_path,
    .waker_open = replay_waker_open,
    .waker_wake = replay_waker_wake,
    .waker_close = replay_waker_close,
    .resolve = replay_resolve,
    .interfaces = rp_interfaces, /* pcapng.c: the capture's interfaces */
    .open = replay_open,
    .close_stack = replay_close_stack,
    .sctp_layout = &xnet_sctp_layout_linux,
    .sctp_bindx = replay_sctp_bindx,
    .sctp_connectx = replay_sctp_connectx,
    .sctp_addrs = replay_sctp_addrs,
    .caps = replay_caps,
};

/* ---- public API (xnet/replay.h) ---- */

static replay *instance(xnet_stack *s) {
  if (!s || strcmp(xnet__stack_ops(s)->name, "replay") != 0) return NULL;
  return xnet__stack_instance(s);
}

int xnet_replay_stack_open(const char *path, const xnet_replay_options *opts,
                           xnet_stack **out) {
  if (!out) return XNET_EINVAL;
  *out = NULL;
  if (!path) return XNET_EINVAL;
  rp_config c = {path, NULL, 0, opts};
  return xnet__stack_open(&xnet_backend_replay, &c, out);
}

int xnet_replay_stack_open_memory(const void *bytes, size_t len,
                                  const xnet_replay_options *opts,
                                  xnet_stack **out) {
  if (!out) return XNET_EINVAL;
  *out = NULL;
  if (!bytes && len) return XNET_EINVAL;
  rp_config c = {NULL, bytes, len, opts};
  return xnet__stack_open(&xnet_backend_replay, &c, out);
}

static void check_missing(replay *r, const rp_pkt *p) {
  for (int i = 0; i < r->nsocks; i++) {
    rp_sock *s = &r->socks[i];
    if (!s->used || !rp_match_out(r, s, p) || rp_match_in(r, s, p)) continue;
    rp_note_problem(r, XNET_EMISMATCH,
                    "record %llu: the capture's write of %zu bytes never "
                    "happened",
                    (unsigned long long)p->recno,
                    p->udp ? p->len - p->pay_off : p->len - p->l4_off);
    return;
  }
}

int xnet_replay_finish(xnet_stack *st) {
  replay *r = instance(st);
  if (!r) return XNET_EINVAL;
  pthread_mutex_lock(&r->mu);
  if (!r->lenient) {
    for (int i = 0; i < r->nsocks && !r->problem_code; i++)
      if (r->socks[i].expect.head) check_missing(r, r->socks[i].expect.head);
    /* Open TCP conns: the rest of their outbound stream never happened.
     * Gathering it dispatches packets; the clock is put back after. */
    int64_t now = r->now;
    for (int i = 0; i < r->nsocks && !r->problem_code; i++) {
      rp_sock *s = &r->socks[i];
      if (!s->open || !s->tcp || s->tcp->listening || !s->connected) continue;
      rp_tcp_gather(r, s, SIZE_MAX);
      size_t left = rp_stream_avail(&s->tcp->out);
      if (left)
        rp_note_problem(r, XNET_EMISMATCH,
                        "TCP port %u -> port %u: the capture's write of %zu "
                        "more bytes (from stream offset %llu) never happened",
                        s->local.port, s->remote.port, left,
                        (unsigned long long)s->tcp->out.consumed);
    }
    r->now = now;
    rp_sctp_finish(r); /* open SCTP associations' unwritten messages */
    for (rp_pkt *p = r->fifo.head; p && !r->problem_code; p = p->next)
      check_missing(r, p);
    /* The rest of the capture, streamed: nothing is kept. */
    while (!r->problem_code) {
      rp_pkt *p = rp_source_next(r);
      if (!p) break;
      check_missing(r, p);
      rp_pkt_free(r, p);
    }
  }
  int rc = r->problem_code;
  if (!rc && r->src_error) rc = r->src_error;
  pthread_mutex_unlock(&r->mu);
  return rc;
}

int xnet_replay_error(xnet_stack *st, char *buf, size_t cap) {
  replay *r = instance(st);
  if (!r) return XNET_EINVAL;
  pthread_mutex_lock(&r->mu);
  int n = r->problem_code ? (int)strlen(r->problem) : 0;
  if (cap) snprintf(buf, cap, "%s", r->problem_code ? r->problem : "");
  pthread_mutex_unlock(&r->mu);
  return n;
}

int xnet_replay_stats(xnet_stack *st, uint64_t *records, uint64_t *delivered,
                      uint64_t *writes) {
  replay *r = instance(st);
  if (!r) return XNET_EINVAL;
  pthread_mutex_lock(&r->mu);
  if (records) *records = r->recno;
  if (delivered) *delivered = r->delivered;
  if (writes) *writes = r->writes;
  pthread_mutex_unlock(&r->mu);
  return 0;
}
