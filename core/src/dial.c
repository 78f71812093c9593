/* dial.c — Dial, DialTimeout, Dialer.Dial and the typed dial forms; one
 * attempt is started and finished here, the waiting and the order of
 * attempts are happy_eyeballs.c's. */
#include <stdio.h>
#include <string.h>

#include "dial_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"

static bool is_unix(xnet_kind k) {
  return k == XNET_KIND_UNIX || k == XNET_KIND_UNIXGRAM ||
         k == XNET_KIND_UNIXPACKET;
}

int xnet__dial_start(xnet_stack *s, const xnet_network *n,
                     const xnet_addr *la, const xnet_addr *ra,
                     const xnet_dialer *d, const char *address, int *sock) {
  *sock = -1;
  int family = is_unix(n->kind) ? XNET_AF_UNIX : xnet__addr_family(n, la, ra);
  xnet_sockaddr rsa, lsa;
  int rc = xnet__addr_to_sockaddr(s, ra, family, &rsa);
  if (rc < 0) return rc;
  int fd;
  rc = xnet__socket(s, n, family, false, d ? d->control : NULL,
                    d ? d->control_arg : NULL, address, &fd);
  if (rc < 0) return rc;
  if (la) {
    rc = xnet__addr_to_sockaddr(s, la, family, &lsa);
    if (rc == 0) rc = s->ops.bind(s->inst, fd, &lsa);
  }
  /* XNET_EAGAIN: in progress; the caller waits (happy_eyeballs.c). */
  if (rc == 0) rc = s->ops.connect(s->inst, fd, &rsa);
  /* On loopback the handshake has usually finished by the time connect
   * returns "in progress": asking again (success once connected, the
   * refusal, or still in progress) saves the wait and the SO_ERROR read. */
  if (rc == XNET_EAGAIN) rc = s->ops.connect(s->inst, fd, &rsa);
  if (rc < 0 && rc != XNET_EAGAIN) {
    s->ops.close(s->inst, fd);
    return rc;
  }
  *sock = fd;
  return rc;
}

int xnet__dial_finish(xnet_stack *s, const xnet_network *n,
                      const xnet_dialer *d, const xnet_addr *la,
                      const xnet_addr *ra, int sock, xnet_conn **out) {
  int rc = 0;
  if (d && d->keep_alive > 0 && n->kind == XNET_KIND_TCP) {
    int64_t sec = (d->keep_alive + XNET_SECOND - 1) / XNET_SECOND;
    rc = s->ops.setsockopt(s->inst, sock, XNET_SO_KEEPALIVE, 1);
    if (rc == 0) rc = s->ops.setsockopt(s->inst, sock, XNET_TCP_KEEPIDLE, (int)sec);
    if (rc == 0) rc = s->ops.setsockopt(s->inst, sock, XNET_TCP_KEEPINTVL, (int)sec);
  }
  if (rc < 0) {
    s->ops.close(s->inst, sock);
    return rc;
  }
  /* The peer is the address just connected to: no getpeername needed. */
  int family = is_unix(n->kind) ? XNET_AF_UNIX : xnet__addr_family(n, la, ra);
  xnet_sockaddr peer;
  if (xnet__addr_to_sockaddr(s, ra, family, &peer) < 0) peer.family = XNET_AF_UNSPEC;
  return xnet__conn_new(s, sock, n->kind, n->name, true, NULL, &peer, out);
}

int64_t xnet__dial_deadline(xnet_stack *s, int64_t deadline,
                            int64_t timeout) {
  if (timeout > 0) {
    int64_t t = s->ops.now(s->inst) + timeout;
    if (deadline == 0 || t < deadline) deadline = t;
  }
  return deadline;
}

int xnet_dialer_dial(const xnet_dialer *d, const char *network,
                     const char *address, xnet_conn **out) {
  *out = NULL;
  int rc = xnet__sctp_dial_any(d, network, address, out);
  if (rc <= 0) return rc; /* an SCTP network: sctp_dial.c's */
  xnet_network n;
  rc = xnet_network_parse(network, &n);
  if (rc < 0) return xnet__fail_text("dial", network, "", rc);
  xnet_stack *s = d ? d->stack : NULL;
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("dial", network, NULL, NULL, rc);
  const xnet_addr *la = d ? d->local_addr : NULL;
  xnet_canceler *cancel = d ? d->cancel : NULL;
  if (cancel && cancel->stack != s)
    return xnet__fail("dial", network, la, NULL, XNET_EINVAL);
  if (xnet__canceled(cancel))
    return xnet__fail("dial", network, la, NULL, XNET_ECANCELED);
  /* Every address of the name, found under the dial's deadline and
   * canceler, is tried in the resolver's order (Go's dialSerial); with
   * Happy Eyeballs the other family races after the fallback delay. */
  bool dual = d && d->dual_stack && n.kind == XNET_KIND_TCP &&
              n.family == XNET_AF_UNSPEC;
  int64_t deadline =
      xnet__dial_deadline(s, d ? d->deadline : 0, d ? d->timeout : 0);
  xnet_addr ra[XNET__DIAL_MAX_ADDRS];
  size_t count = 0, primaries;
  rc = xnet__resolve_list(s, network, address, deadline, cancel, ra,
                          XNET__DIAL_MAX_ADDRS, &count);
  if (rc < 0) {
    /* Keep the resolver's detail, name the operation "dial". */
    xnet_op_error e = *xnet_last_error();
    return xnet__fail_text("dial", network, e.detail, rc);
  }
  primaries = count;
  if (dual && (count = xnet__dial_partition(ra, count, la, &primaries)) == 0)
    return xnet__fail("dial", network, la, NULL, XNET_ENOSUITABLEADDR);
  xnet_addr failed;
  rc = xnet__dial_addrs(s, &n, la, ra, primaries, count, d, deadline, address,
                        out, &failed);
  if (rc == 0) return 0;
  const xnet_addr *at = failed.kind != XNET_KIND_NONE ? &failed : &ra[0];
  return xnet__fail("dial", network, la, at, rc);
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
  if (n.kind == XNET_KIND_SCTP) /* sctp_dial.c's, as xnet_dial("sctp") */
    return xnet__sctp_dial_addr_any(s, network, laddr, raddr, out);
  if ((rc = xnet__stack_resolve(&s)) < 0)
    return xnet__fail("dial", network, NULL, NULL, rc);
  xnet_dialer d = {0};
  d.stack = s;
  xnet_addr failed;
  rc = xnet__dial_addrs(s, &n,
                        laddr && laddr->kind != XNET_KIND_NONE ? laddr : NULL,
                        raddr, 1, 1, &d, 0, "", out, &failed);
  return rc < 0 ? xnet__fail("dial", network, laddr, raddr, rc) : 0;
}
