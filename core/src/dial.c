/* dial.c — Dial, DialTimeout, Dialer.Dial and the typed dial forms. */
#include <stdio.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"

static bool is_unix(xnet_kind k) {
  return k == XNET_KIND_UNIX || k == XNET_KIND_UNIXGRAM ||
         k == XNET_KIND_UNIXPACKET;
}

/* Connects sock to ra, waiting for completion until deadline (0: none). */
static int connect_wait(xnet_stack *s, int sock, const xnet_sockaddr *ra,
                        int64_t deadline) {
  int rc = s->ops.connect(s->inst, sock, ra);
  if (rc != XNET_EAGAIN) return rc;
  /* A private poll descriptor carries the deadline; it never closes the
   * socket (the caller owns it) and creates no waker unless it blocks. */
  xnet__pd pd;
  xnet__pd_init(&pd, s, sock);
  atomic_store(&pd.deadline[XNET__WRITE], deadline);
  rc = xnet__pd_wait(&pd, XNET__WRITE);
  xnet__pd_dispose(&pd);
  if (rc < 0) return rc;
  return s->ops.connect_result(s->inst, sock);
}

/* Dials one resolved remote address. */
static int dial_one(xnet_stack *s, const xnet_network *n, const xnet_addr *la,
                    const xnet_addr *ra, const xnet_dialer *d,
                    int64_t deadline, const char *address, xnet_conn **out) {
  int family = is_unix(n->kind) ? XNET_AF_UNIX : xnet__addr_family(n, la, ra);
  xnet_sockaddr rsa, lsa;
  int rc = xnet__addr_to_sockaddr(s, ra, family, &rsa);
  if (rc < 0) return rc;
  int sock;
  rc = xnet__socket(s, n, family, false, d ? d->control : NULL,
                    d ? d->control_arg : NULL, address, &sock);
  if (rc < 0) return rc;
  if (la) {
    rc = xnet__addr_to_sockaddr(s, la, family, &lsa);
    if (rc == 0) rc = s->ops.bind(s->inst, sock, &lsa);
  }
  if (rc == 0) rc = connect_wait(s, sock, &rsa, deadline);
  if (rc == 0 && d && d->keep_alive > 0 && n->kind == XNET_KIND_TCP) {
    int64_t sec = (d->keep_alive + XNET_SECOND - 1) / XNET_SECOND;
    rc = s->ops.setsockopt(s->inst, sock, XNET_SO_KEEPALIVE, 1);
    if (rc == 0) rc = s->ops.setsockopt(s->inst, sock, XNET_TCP_KEEPIDLE, (int)sec);
    if (rc == 0) rc = s->ops.setsockopt(s->inst, sock, XNET_TCP_KEEPINTVL, (int)sec);
  }
  if (rc < 0) {
    s->ops.close(s->inst, sock);
    return rc;
  }
  return xnet__conn_new(s, sock, n->kind, n->name, true, out);
}

/* The dial deadline: the earlier of the dialer's deadline and its timeout. */
static int64_t dial_deadline(xnet_stack *s, const xnet_dialer *d) {
  int64_t deadline = d ? d->deadline : 0;
  if (d && d->timeout > 0) {
    int64_t t = s->ops.now(s->inst) + d->timeout;
    if (deadline == 0 || t < deadline) deadline = t;
  }
  return deadline;
}

int xnet_dialer_dial(const xnet_dialer *d, const char *network,
                     const char *address, xnet_conn **out) {
  *out = NULL;
  xnet_network n;
  int rc = xnet_network_parse(network, &n);
  if (rc < 0) return xnet__fail_text("dial", network, "", rc);
  xnet_stack *s = d ? d->stack : NULL;
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("dial", network, NULL, NULL, rc);
  xnet_addr ra;
  rc = xnet_resolve_addr(s, network, address, &ra);
  if (rc < 0) {
    /* Keep the resolver's detail, name the operation "dial". */
    xnet_op_error e = *xnet_last_error();
    return xnet__fail_text("dial", network, e.detail, rc);
  }
  const xnet_addr *la = d ? d->local_addr : NULL;
  int64_t deadline = dial_deadline(s, d);
  rc = dial_one(s, &n, la, &ra, d, deadline, address, out);
  return rc < 0 ? xnet__fail("dial", network, la, &ra, rc) : 0;
}

int xnet_dial(const char *network, const char *address, xnet_conn **out) {
  return xnet_dialer_dial(NULL, network, address, out);
}

int xnet_dial_timeout(const char *network, const char *address,
                      int64_t timeout, xnet_conn **out) {
  xnet_dialer d = {0};
  d.timeout = timeout;
  return xnet_dialer_dial(&d, network, address, out);
}

int xnet_dial_addr(xnet_stack *s, const char *network, const xnet_addr *laddr,
                   const xnet_addr *raddr, xnet_conn **out) {
  *out = NULL;
  xnet_network n;
  int rc = xnet_network_parse(network, &n);
  if (rc < 0) return xnet__fail_text("dial", network, "", rc);
  if (!raddr || raddr->kind != n.kind ||
      (laddr && laddr->kind != XNET_KIND_NONE && laddr->kind != n.kind))
    return xnet__fail("dial", network, laddr, raddr, XNET_EINVAL);
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("dial", network, NULL, NULL, rc);
  xnet_dialer d = {0};
  d.stack = s;
  rc = dial_one(s, &n, laddr && laddr->kind != XNET_KIND_NONE ? laddr : NULL,
                raddr, &d, 0, "", out);
  return rc < 0 ? xnet__fail("dial", network, laddr, raddr, rc) : 0;
}
