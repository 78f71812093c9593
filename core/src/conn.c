/* conn.c — conns: blocking I/O over non-blocking sockets, deadlines,
 * addresses and socket options (Go's netFD, TCPConn, UDPConn, IPConn,
 * UnixConn). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/sctp.h"

#define OPS(c) ((c)->pd.stack->ops)
#define INST(c) ((c)->pd.stack->inst)

static int conn_fail(xnet_conn *c, const char *op, int code) {
  return xnet__fail(op, c->net, xnet__conn_laddr(c),
                    c->raddr.kind != XNET_KIND_NONE ? &c->raddr : NULL, code);
}

const xnet_addr *xnet__conn_laddr(xnet_conn *c) {
  if (atomic_load_explicit(&c->laddr_known, memory_order_acquire) ||
      atomic_load(&c->pd.closed)) /* its socket (and mutex) may be gone */
    return &c->laddr;
  /* Under the pd's mutex: close marks the conn closed under it before it
   * closes the socket, so the socket asked here is still this conn's. */
  pthread_mutex_lock(&c->pd.mu);
  if (!atomic_load_explicit(&c->laddr_known, memory_order_relaxed) &&
      !atomic_load(&c->pd.closed)) {
    xnet_stack *s = c->pd.stack;
    xnet_sockaddr sa;
    if (c->pd.sock >= 0 && s->ops.local_addr(s->inst, c->pd.sock, &sa) == 0)
      xnet__addr_from_sockaddr(s, c->kind, &sa, &c->laddr);
    atomic_store_explicit(&c->laddr_known, true, memory_order_release);
  }
  pthread_mutex_unlock(&c->pd.mu);
  return &c->laddr;
}

int xnet__conn_new(xnet_stack *s, int sock, xnet_kind kind, const char *net,
                   bool connected, const xnet_sockaddr *local,
                   const xnet_sockaddr *peer, xnet_conn **out) {
  *out = NULL;
  xnet_conn *c = calloc(1, sizeof *c);
  if (!c) {
    s->ops.close(s->inst, sock);
    return XNET_ENOMEM;
  }
  xnet__pd_init(&c->pd, s, sock);
  c->kind = kind;
  /* The network name, cut to fit (calloc has ended it). memchr stops at
   * the first NUL, so a short name is not read past its end. */
  const char *end = memchr(net, '\0', sizeof c->net - 1);
  memcpy(c->net, net, end ? (size_t)(end - net) : sizeof c->net - 1);
  c->connected = connected;
  bool has_peer = connected && peer && peer->family != XNET_AF_UNSPEC;
  xnet_sockaddr sa;
  atomic_init(&c->laddr_known, true);
  if (local && local->family != XNET_AF_UNSPEC) {
    c->family = local->family;
    xnet__addr_from_sockaddr(s, kind, local, &c->laddr);
  } else if (has_peer && kind != XNET_KIND_SCTP) {
    /* A dialled or accepted conn: its family is the peer's, and its local
     * address is rarely asked for, so it is asked for then (one system
     * call fewer per conn). SCTP conns read theirs directly. */
    c->family = peer->family;
    atomic_init(&c->laddr_known, false);
  } else if (s->ops.local_addr(s->inst, sock, &sa) == 0) {
    c->family = sa.family;
    xnet__addr_from_sockaddr(s, kind, &sa, &c->laddr);
  }
  /* accept already reported the peer: one system call fewer per conn. */
  if (has_peer)
    xnet__addr_from_sockaddr(s, kind, peer, &c->raddr);
  else if (connected && s->ops.remote_addr(s->inst, sock, &sa) == 0)
    xnet__addr_from_sockaddr(s, kind, &sa, &c->raddr);
  *out = c;
  return 0;
}

static bool is_stream(const xnet_conn *c) {
  return c->kind == XNET_KIND_TCP || c->kind == XNET_KIND_UNIX;
}

static size_t clamp(size_t n) { return n > INT_MAX ? INT_MAX : n; }

/* One backend call on a conn, as a closure for xnet__pd_io. */
typedef struct conn_call {
  xnet_conn *c;
  void *buf;
  size_t n;
  xnet_backend_msg *m;
  int msg_flags; /* XNET_MSG_* for recvmsg */
} conn_call;

static int call_read(void *ctx) {
  conn_call *k = ctx;
  return OPS(k->c).read(INST(k->c), k->c->pd.sock, k->buf, k->n);
}
static int call_write(void *ctx) {
  conn_call *k = ctx;
  return OPS(k->c).write(INST(k->c), k->c->pd.sock, k->buf, k->n);
}
static int call_recvmsg(void *ctx) {
  conn_call *k = ctx;
  return OPS(k->c).recvmsg(INST(k->c), k->c->pd.sock, k->m, k->msg_flags);
}
static int call_sendmsg(void *ctx) {
  conn_call *k = ctx;
  return OPS(k->c).sendmsg(INST(k->c), k->c->pd.sock, k->m, 0);
}

/* Runs one blocking call on c and records its failure, all inside the
 * entered window (see xnet__pd_enter). */
static int conn_io(xnet_conn *c, int dir, const char *op_name,
                   int (*op)(void *ctx), conn_call *k) {
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0) rc = xnet__pd_io(&c->pd, dir, op, k);
  if (rc < 0) conn_fail(c, op_name, rc);
  xnet__pd_leave(&c->pd);
  return rc;
}

int xnet_conn_read(xnet_conn *c, void *buf, size_t n) {
  if (c->kind == XNET_KIND_PIPE) return xnet__pipe_read(c, buf, n);
  if (c->kind == XNET_KIND_SCTP) return xnet__sctp_read(c, buf, n);
  if (n == 0 && is_stream(c)) return 0; /* Go: no syscall for 0 bytes */
  conn_call k = {.c = c, .buf = buf, .n = clamp(n)};
  return conn_io(c, XNET__READ, "read", call_read, &k);
}

int xnet_conn_write(xnet_conn *c, const void *buf, size_t n) {
  if (c->kind == XNET_KIND_PIPE) return xnet__pipe_write(c, buf, n);
  if (c->kind == XNET_KIND_SCTP) return xnet__sctp_write(c, buf, n);
  const char *p = buf;
  size_t done = 0;
  int rc = xnet__pd_enter(&c->pd);
  /* A stream writes everything, one xnet__pd_io per partial write; a
   * packet conn's write is one datagram, written whole or not at all. */
  while (rc == 0) {
    conn_call k = {.c = c, .buf = (void *)(uintptr_t)(p + done),
                   .n = clamp(n - done)};
    rc = xnet__pd_io(&c->pd, XNET__WRITE, call_write, &k);
    if (rc < 0) break;
    done += (size_t)rc;
    rc = 0;
    if (done >= n || !is_stream(c)) break;
  }
  c->last_write = done;
  if (rc < 0) conn_fail(c, "write", rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : (int)clamp(done);
}

size_t xnet_conn_last_write(const xnet_conn *c) { return c->last_write; }

int xnet_conn_close(xnet_conn *c) {
  if (!c) return XNET_EINVAL;
  if (c->kind == XNET_KIND_PIPE) return xnet__pipe_close(c);
  int rc = xnet__pd_close(&c->pd);
  if (rc < 0) conn_fail(c, "close", rc);
  xnet__batch_free(c);
  xnet__sctp_free(c);
  free(c);
  return rc < 0 ? rc : 0;
}

static int conn_shutdown(xnet_conn *c, int how, const char *op) {
  /* SCTP's SHUT_WR starts the full SHUTDOWN (xnet/sctp.h). */
  if (!is_stream(c) && c->kind != XNET_KIND_UNIXPACKET &&
      c->kind != XNET_KIND_SCTP)
    return conn_fail(c, op, XNET_EINVAL);
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0) rc = OPS(c).shutdown(INST(c), c->pd.sock, how);
  if (rc < 0) conn_fail(c, op, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

int xnet_conn_close_read(xnet_conn *c) { return conn_shutdown(c, 0, "close"); }
int xnet_conn_close_write(xnet_conn *c) { return conn_shutdown(c, 1, "close"); }

int xnet_conn_local_addr(const xnet_conn *c, xnet_addr *out) {
  /* const for the caller; the lazily filled address is not const data
   * (every conn is allocated by conn_new). */
  *out = *xnet__conn_laddr((xnet_conn *)(uintptr_t)c);
  return 0;
}

int xnet_conn_remote_addr(const xnet_conn *c, xnet_addr *out) {
  *out = c->raddr;
  return 0;
}

static int set_deadline(xnet_conn *c, int dir_mask, int64_t deadline) {
  if (atomic_load(&c->pd.closed))
    return conn_fail(c, "set", XNET_ECLOSED);
  if (dir_mask & 1) xnet__pd_set_deadline(&c->pd, XNET__READ, deadline);
  if (dir_mask & 2) xnet__pd_set_deadline(&c->pd, XNET__WRITE, deadline);
  return 0;
}

int xnet_conn_set_deadline(xnet_conn *c, int64_t d) { return set_deadline(c, 3, d); }
int xnet_conn_set_read_deadline(xnet_conn *c, int64_t d) { return set_deadline(c, 1, d); }
int xnet_conn_set_write_deadline(xnet_conn *c, int64_t d) { return set_deadline(c, 2, d); }

/* ---- message I/O ---- */

static bool takes_addresses(const xnet_conn *c) {
  return c->kind != XNET_KIND_TCP && c->kind != XNET_KIND_NONE &&
         c->kind != XNET_KIND_PIPE;
}

int xnet_conn_read_msg(xnet_conn *c, void *buf, size_t n, void *oob,
                       size_t oob_cap, size_t *oobn, int *flags,
                       xnet_addr *from) {
  if (oobn) *oobn = 0;
  if (flags) *flags = 0;
  struct iovec iov = {buf, clamp(n)};
  /* Field by field: m.addr is the backend's output, and zeroing its 168
   * bytes (and `from`'s, filled below) on every datagram was a measurable
   * part of a read. An address the backend leaves alone reads as none. */
  xnet_backend_msg m;
  m.iov = &iov;
  m.iov_len = 1;
  m.oob = oob;
  m.oob_cap = oob ? oob_cap : 0;
  m.oob_len = 0;
  m.addr.family = XNET_AF_UNSPEC;
  m.n = 0;
  m.flags = 0;
  /* A caller that asks for no flags lets the backend take a cheaper call
   * (XNET_MSG_NO_FLAGS). */
  conn_call k = {.c = c, .m = &m, .msg_flags = flags ? 0 : XNET_MSG_NO_FLAGS};
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0 && !takes_addresses(c)) rc = XNET_EINVAL;
  if (rc == 0) rc = xnet__pd_io(&c->pd, XNET__READ, call_recvmsg, &k);
  if (rc < 0) conn_fail(c, "read", rc);
  if (!from) {
  } else if (rc >= 0 && m.addr.family != XNET_AF_UNSPEC &&
             (m.addr.family != XNET_AF_UNIX || m.addr.path_len > 0)) {
    xnet__addr_from_sockaddr(c->pd.stack, c->kind, &m.addr, from);
  } else { /* none; an unnamed Unix sender has none (Go: a nil *UnixAddr) */
    memset(from, 0, sizeof *from);
  }
  xnet__pd_leave(&c->pd);
  if (rc < 0) return rc;
  if (oobn) *oobn = m.oob_len;
  if (flags) *flags = m.flags;
  return (int)m.n;
}

int xnet_conn_read_from(xnet_conn *c, void *buf, size_t n, xnet_addr *from) {
  return xnet_conn_read_msg(c, buf, n, NULL, 0, NULL, NULL, from);
}

/* Checks a write-msg destination against the conn and converts it. */
static int write_target(xnet_conn *c, const xnet_addr *to, xnet_sockaddr *sa) {
  bool has_to = to && to->kind != XNET_KIND_NONE;
  if (!takes_addresses(c)) return XNET_EINVAL;
  if (c->connected && has_to) return XNET_EWRITETOCONNECTED;
  if (c->connected) return 0;
  if (!has_to) return XNET_EINVAL;
  return xnet__addr_to_sockaddr(c->pd.stack, to, c->family, sa);
}

int xnet_conn_write_msg(xnet_conn *c, const void *buf, size_t n,
                        const void *oob, size_t oobn, const xnet_addr *to) {
  struct iovec iov = {(void *)(uintptr_t)buf, clamp(n)};
  xnet_backend_msg m; /* field by field, as in read_msg; write_target sets
                       * m.addr */
  m.iov = &iov;
  m.iov_len = 1;
  m.oob = (void *)(uintptr_t)oob;
  m.oob_cap = 0;
  m.oob_len = oobn;
  m.addr.family = XNET_AF_UNSPEC;
  m.n = 0;
  m.flags = 0;
  conn_call k = {.c = c, .m = &m};
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0) rc = write_target(c, to, &m.addr);
  if (rc == 0) rc = xnet__pd_io(&c->pd, XNET__WRITE, call_sendmsg, &k);
  if (rc < 0)
    xnet__fail("write", c->net, xnet__conn_laddr(c),
               to && to->kind != XNET_KIND_NONE ? to : &c->raddr, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : (int)m.n;
}

int xnet_conn_write_to(xnet_conn *c, const void *buf, size_t n,
                       const xnet_addr *to) {
  if (!to || to->kind == XNET_KIND_NONE)
    return conn_fail(c, "write", XNET_EINVAL);
  return xnet_conn_write_msg(c, buf, n, NULL, 0, to);
}

/* ---- socket options ---- */

static int set_opt(xnet_conn *c, xnet_sockopt opt, int value) {
  if (c->kind == XNET_KIND_PIPE) return conn_fail(c, "set", XNET_EINVAL);
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0) rc = OPS(c).setsockopt(INST(c), c->pd.sock, opt, value);
  if (rc < 0) conn_fail(c, "set", rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

int xnet_conn_set_read_buffer(xnet_conn *c, int bytes) {
  return set_opt(c, XNET_SO_RCVBUF, bytes);
}
int xnet_conn_set_write_buffer(xnet_conn *c, int bytes) {
  return set_opt(c, XNET_SO_SNDBUF, bytes);
}
int xnet_conn_set_keep_alive(xnet_conn *c, bool on) {
  return set_opt(c, XNET_SO_KEEPALIVE, on ? 1 : 0);
}
int xnet_conn_set_keep_alive_period(xnet_conn *c, int64_t period) {
  if (period <= 0) return conn_fail(c, "set", XNET_EINVAL);
  /* Go rounds up to whole seconds and sets idle and interval alike. */
  int64_t sec = (period + XNET_SECOND - 1) / XNET_SECOND;
  if (sec > INT_MAX) sec = INT_MAX;
  int rc = set_opt(c, XNET_TCP_KEEPIDLE, (int)sec);
  return rc < 0 ? rc : set_opt(c, XNET_TCP_KEEPINTVL, (int)sec);
}
int xnet_conn_set_linger(xnet_conn *c, int sec) {
  return set_opt(c, XNET_SO_LINGER, sec);
}
int xnet_conn_set_no_delay(xnet_conn *c, bool on) {
  if (c->kind == XNET_KIND_SCTP) return xnet_sctp_conn_set_no_delay(c, on);
  if (c->kind != XNET_KIND_TCP) return conn_fail(c, "set", XNET_EINVAL);
  return set_opt(c, XNET_TCP_NODELAY, on ? 1 : 0);
}

xnet_kind xnet_conn_kind(const xnet_conn *c) { return c->kind; }
xnet_stack *xnet_conn_stack(const xnet_conn *c) { return c->pd.stack; }
