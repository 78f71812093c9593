/* sctp_conn.c — SCTP conns: their SCTP part, messages with send and receive
 * information (sndinfo/rcvinfo control messages in the stack's layout),
 * notifications (Go's SCTPConn.ReadMsg, WriteMsg, ParseEvent). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sctp_int.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"

int xnet__sctp_conn_fail(const xnet_conn *c, const char *op, int code) {
  if (!c) return code;
  return xnet__fail(op, c->net, &c->laddr,
                    c->raddr.kind != XNET_KIND_NONE ? &c->raddr : NULL, code);
}

/* One side's endpoint of a new conn. The stack's list is the truth (every
 * address of a multi-homed association); a stack that cannot list keeps
 * what the caller knew (known), else the conn's one address (addr). */
static void conn_endpoint(xnet_stack *s, int sock, bool remote,
                          const xnet_sctp_endpoint *known,
                          const xnet_addr *addr, xnet_sctp_endpoint *out) {
  if (xnet__sctp_addrs(s, sock, remote, out) >= 0 && out->count > 0) return;
  if (known && known->count > 0)
    *out = *known;
  else if (xnet_sctp_endpoint_from_addr(addr, out) < 0)
    memset(out, 0, sizeof *out);
}

int xnet__sctp_conn_setup(xnet_conn *c, const xnet_sctp_endpoint *known_local,
                          const xnet_sctp_endpoint *known_remote) {
  struct xnet__sctp *p = calloc(1, sizeof *p);
  if (!p) {
    xnet_conn_close(c);
    return XNET_ENOMEM;
  }
  pthread_mutex_init(&p->mu, NULL);
  xnet_stack *s = c->pd.stack;
  conn_endpoint(s, c->pd.sock, false, known_local, &c->laddr, &p->laddr);
  conn_endpoint(s, c->pd.sock, true, known_remote, &c->raddr, &p->raddr);
  /* The port is the socket's even when the list came from elsewhere. */
  if (c->laddr.port) p->laddr.port = c->laddr.port;
  if (c->raddr.port) p->raddr.port = c->raddr.port;
  c->sctp = p;
  return 0;
}

void xnet__sctp_free(xnet_conn *c) {
  if (!c || !c->sctp) return;
  pthread_mutex_destroy(&c->sctp->mu);
  free(c->sctp);
  c->sctp = NULL;
}

int xnet__sctp_accepted(xnet_conn **cp) {
  xnet_conn *c = *cp;
  /* Receive information is per socket: turn it on for this one too (the
   * kernel copies it from the listener, but not every stack does). */
  int rc = xnet__sctp_set_int(c->pd.stack, c->pd.sock,
                              XNET_SCTP_OPT_RECVRCVINFO, 1);
  if (rc < 0) {
    xnet_conn_close(c);
    *cp = NULL;
    return rc;
  }
  rc = xnet__sctp_conn_setup(c, NULL, NULL);
  if (rc < 0) *cp = NULL;
  return rc;
}

/* ---- messages ---- */

static size_t clamp(size_t n) { return n > INT_MAX ? INT_MAX : n; }

typedef struct msg_call {
  xnet_conn *c;
  xnet_backend_msg *m;
} msg_call;

static int call_recvmsg(void *ctx) {
  msg_call *k = ctx;
  xnet_stack *s = k->c->pd.stack;
  return s->ops.recvmsg(s->inst, k->c->pd.sock, k->m, 0);
}

static int call_sendmsg(void *ctx) {
  msg_call *k = ctx;
  xnet_stack *s = k->c->pd.stack;
  return s->ops.sendmsg(s->inst, k->c->pd.sock, k->m, 0);
}

static int check_conn(xnet_conn *c, const char *op) {
  if (!c) return XNET_EINVAL;
  if (c->kind != XNET_KIND_SCTP) return xnet__sctp_conn_fail(c, op, XNET_EINVAL);
  return 0;
}

/* XNET_SCTP_MSG_* bits of a received message's backend flags. */
static int msg_flags(int f) {
  int out = 0;
  if (f & XNET_MSG_EOR) out |= (int)XNET_SCTP_MSG_EOR;
  if (f & XNET_MSG_NOTIFICATION) out |= (int)XNET_SCTP_MSG_NOTIFICATION;
  if (f & XNET_MSG_CTRUNC) out |= (int)XNET_SCTP_MSG_CTRUNC;
  return out;
}

/* The rcvinfo among the received control messages (zeroed when none). */
static void find_rcvinfo(xnet_stack *s, const uint8_t *oob, size_t len,
                         xnet_sctp_rcvinfo *info) {
  memset(info, 0, sizeof *info);
  const xnet_sctp_layout *l = xnet__sctp_layout(s);
  if (!l || !oob || len == 0) return;
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, s->ops.profile, oob, len);
  while (xnet_cmsg_iter_next(&it, &m) == 1) {
    xnet_sctp_cmsg_type kind;
    if (xnet_sctp_cmsg_kind(l, m.level, m.type, &kind) == 0 &&
        kind == XNET_SCTP_CMSG_RCVINFO &&
        xnet_sctp_rcvinfo_parse(l, m.data, m.len, info) == 0)
      return;
  }
}

/* Reads one message (part) with its control data into oob[0..cap). */
static int read_msg(xnet_conn *c, void *buf, size_t n, void *oob, size_t cap,
                    size_t *oobn, xnet_sctp_rcvinfo *info, int *flags) {
  struct iovec iov = {buf, clamp(n)};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1, .oob = oob,
                        .oob_cap = oob ? cap : 0};
  msg_call k = {c, &m};
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0) rc = xnet__pd_io(&c->pd, XNET__READ, call_recvmsg, &k);
  if (rc < 0) xnet__sctp_conn_fail(c, "read", rc);
  xnet__pd_leave(&c->pd);
  if (rc < 0) return rc;
  if (oobn) *oobn = m.oob_len;
  if (flags) *flags = msg_flags(m.flags);
  if (info) {
    if (m.flags & XNET_MSG_NOTIFICATION)
      memset(info, 0, sizeof *info);
    else
      find_rcvinfo(c->pd.stack, oob, m.oob_len, info);
  }
  return (int)clamp(m.n);
}

/* Room for an sctp_rcvinfo and an sctp_nxtinfo in any cmsg geometry. */
#define SCTP_OOB_SPACE 128

int xnet_sctp_conn_read_msg(xnet_conn *c, void *buf, size_t n,
                            xnet_sctp_rcvinfo *info, int *flags) {
  if (info) memset(info, 0, sizeof *info);
  if (flags) *flags = 0;
  int rc = check_conn(c, "read");
  if (rc < 0) return rc;
  _Alignas(8) uint8_t oob[SCTP_OOB_SPACE];
  return read_msg(c, buf, n, oob, sizeof oob, NULL, info, flags);
}

int xnet_sctp_conn_read_msg_ext(xnet_conn *c, void *buf, size_t n, void *oob,
                                size_t oob_cap, size_t *oobn,
                                xnet_sctp_rcvinfo *info, int *flags) {
  if (info) memset(info, 0, sizeof *info);
  if (flags) *flags = 0;
  if (oobn) *oobn = 0;
  int rc = check_conn(c, "read");
  if (rc < 0) return rc;
  return read_msg(c, buf, n, oob, oob_cap, oobn, info, flags);
}

int xnet__sctp_read(xnet_conn *c, void *buf, size_t n) {
  _Alignas(8) uint8_t oob[SCTP_OOB_SPACE];
  return read_msg(c, buf, n, oob, sizeof oob, NULL, NULL, NULL);
}

/* Sends buf with an optional sndinfo control message and destination. */
static int write_msg(xnet_conn *c, const void *buf, size_t n,
                     const xnet_sctp_sndinfo *info, const xnet_ip *to) {
  xnet_stack *s = c->pd.stack;
  const xnet_sctp_layout *l = xnet__sctp_layout(s);
  struct iovec iov = {(void *)(uintptr_t)buf, clamp(n)};
  _Alignas(8) uint8_t oob[SCTP_OOB_SPACE];
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1};
  bool has_to = to && to->len != 0;
  int rc = xnet__pd_enter(&c->pd);
  xnet_sctp_sndinfo si = info ? *info : (xnet_sctp_sndinfo){0};
  if (rc == 0 && has_to) {
    si.flags |= XNET_SCTP_ADDR_OVER;
    /* The association's port: to names one of the peer's addresses. */
    rc = xnet__sctp_sockaddr(s, to, c->raddr.port, c->family, &m.addr);
  }
  if (rc == 0 && (info || has_to)) {
    int level, type;
    size_t plen, len;
    uint8_t payload[32];
    if (!l) rc = XNET_ENOTSUP;
    if (rc == 0)
      rc = xnet_sctp_cmsg_info(l, XNET_SCTP_CMSG_SNDINFO, &level, &type, NULL);
    if (rc == 0)
      rc = xnet_sctp_sndinfo_marshal(l, &si, payload, sizeof payload, &plen);
    if (rc == 0)
      rc = xnet_cmsg_put(s->ops.profile, oob, sizeof oob, &len, level, type,
                         payload, plen);
    if (rc == 0) {
      m.oob = oob;
      m.oob_len = len;
    }
  }
  msg_call k = {c, &m};
  if (rc == 0) rc = xnet__pd_io(&c->pd, XNET__WRITE, call_sendmsg, &k);
  if (rc < 0) {
    xnet_addr dst = c->raddr;
    if (has_to) dst.ip = *to;
    xnet__fail("write", c->net, &c->laddr,
               dst.kind != XNET_KIND_NONE ? &dst : NULL, rc);
  }
  c->last_write = rc < 0 ? 0 : m.n;
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : (int)clamp(m.n);
}

int xnet_sctp_conn_write_msg(xnet_conn *c, const void *buf, size_t n,
                             const xnet_sctp_sndinfo *info) {
  int rc = check_conn(c, "write");
  if (rc < 0) return rc;
  return write_msg(c, buf, n, info, NULL);
}

int xnet_sctp_conn_write_msg_ext(xnet_conn *c, const void *buf, size_t n,
                                 const xnet_sctp_sndinfo *info,
                                 const xnet_ip *to, int flags) {
  int rc = check_conn(c, "write");
  if (rc < 0) return rc;
  if (flags != 0) return xnet__sctp_conn_fail(c, "write", XNET_EINVAL);
  return write_msg(c, buf, n, info, to);
}

int xnet__sctp_write(xnet_conn *c, const void *buf, size_t n) {
  /* Go's Write: one message on stream 0, no send information. */
  return write_msg(c, buf, n, NULL, NULL);
}

int xnet_sctp_event_parse(const xnet_conn *c, const void *b, size_t n,
                          xnet_sctp_notification *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!c || !out || (!b && n)) return XNET_EINVAL;
  if (c->kind != XNET_KIND_SCTP) return XNET_EINVAL;
  const xnet_sctp_layout *l = xnet__sctp_layout(c->pd.stack);
  if (!l) return XNET_ENOTSUP;
  return xnet_sctp_notification_parse(l, b, n, out);
}
