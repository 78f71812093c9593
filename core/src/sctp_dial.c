/* sctp_dial.c — SCTP Dial, Listen, Dialer and ListenConfig: one-to-one
 * sockets configured with the init options, bound with bind + bindx and
 * connected with connect or connectx (Go's sctp.Dialer.DialSCTP and
 * ListenConfig.ListenSCTP). */
#include <stdio.h>
#include <string.h>

#include "dial_int.h"
#include "sctp_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"

/* IPPROTO_SCTP, the protocol number every stack uses for SCTP sockets. */
#define SCTP_PROTOCOL 132
#define SOMAXCONN_DEFAULT 4096

/* Checks that the stack has SCTP before anything else happens (no name is
 * looked up, no socket made: a dial fails at once, without side effects).
 * A stack without a layout has none at all; one with a layout whose
 * kernel refused SCTP when the stack opened (XNET_CAP_SCTP clear) says so
 * in the words of the host backend's socket op. */
static int stack_has_sctp(xnet_stack *s) {
  char text[256];
  if (!xnet__sctp_layout(s)) {
    snprintf(text, sizeof text,
             "the %s backend has no SCTP; the replay backend "
             "(xnet_replay_stack_open) plays SCTP from captures",
             s->ops.name ? s->ops.name : "?");
  } else if (!(xnet__stack_caps(s) & XNET_CAP_SCTP)) {
    snprintf(text, sizeof text,
             "this kernel has no SCTP (the %s stack's SCTP socket was "
             "refused when it opened; on Linux: CONFIG_IP_SCTP off or the "
             "sctp module not loaded); the replay backend "
             "(xnet_replay_stack_open) serves SCTP from captures",
             s->ops.name ? s->ops.name : "?");
  } else {
    return 0;
  }
  xnet__backend_detail(XNET_ENOTSUP, text);
  return XNET_ENOTSUP;
}

/* Resolves the text of a dial or listen and records a failure as op, the
 * way Go words it ("lookup HOST" or "address TEXT"). Callers have checked
 * the stack's SCTP first, so a name is looked up only where SCTP can
 * follow. */
static int resolve_text(xnet_stack *s, const char *op, const xnet_network *n,
                        const char *address, xnet_sctp_endpoint *out) {
  bool needs_lookup = false;
  const char *host = NULL;
  size_t host_len = 0;
  int rc = xnet__sctp_resolve(s, n, address, false, out, &needs_lookup, NULL,
                              NULL);
  if (rc < 0 && needs_lookup)
    rc = xnet__sctp_resolve(s, n, address, true, out, NULL, &host, &host_len);
  if (rc >= 0) return rc;
  char detail[192];
  if (host_len > 0 && rc != XNET_ENOSUITABLEADDR)
    snprintf(detail, sizeof detail, "lookup %.*s", (int)host_len, host);
  else
    snprintf(detail, sizeof detail, "address %s", address);
  return xnet__fail_text(op, n->name, detail, rc);
}

/* The socket family for the network and addresses (Go's
 * favoriteAddrFamily): IPv4 when every address is IPv4, IPv6 otherwise;
 * a passive wildcard listens dual-stack on IPv6. */
static int sctp_family(const xnet_network *n, const xnet_sctp_endpoint *la,
                       const xnet_sctp_endpoint *ra) {
  if (n->family != XNET_AF_UNSPEC) return n->family;
  if (!ra && (!la || la->count == 0)) return XNET_AF_INET6;
  bool v4 = xnet__sctp_all_v4(la) && xnet__sctp_all_v4(ra);
  return v4 ? XNET_AF_INET : XNET_AF_INET6;
}

/* What a new socket is given before bind: the init options, the
 * subscriptions and the caller's control. */
typedef struct socket_setup {
  const xnet_sctp_init_options *init;
  const xnet_sctp_notification_type *events;
  size_t nevents;
  xnet_control_fn control;
  void *control_arg;
} socket_setup;

/* Creates and configures the socket (before bind, as Go's Control). */
static int new_socket(xnet_stack *s, const xnet_network *n, int family,
                      bool listener, const socket_setup *u,
                      const char *address, int *sock) {
  *sock = -1;
  int fd;
  int rc = s->ops.socket(s->inst, family, XNET_SOCK_STREAM, SCTP_PROTOCOL, &fd);
  if (rc < 0) return rc;
  if (family == XNET_AF_INET6)
    rc = s->ops.setsockopt(s->inst, fd, XNET_IPV6_V6ONLY,
                           n->family == XNET_AF_INET6 ? 1 : 0);
  if (rc == 0 && listener)
    rc = s->ops.setsockopt(s->inst, fd, XNET_SO_REUSEADDR, 1);
  if (rc == 0) rc = xnet__sctp_init_socket(s, fd, u->init);
  /* Subscribed before connect (or listen), so the association's first
   * notifications are queued for this socket (or inherited by accepted
   * ones). */
  if (rc == 0 && u->nevents > 0)
    rc = xnet__sctp_subscribe(s, fd, u->events, u->nevents, true);
  if (rc == 0 && u->control) {
    /* Go passes the family-specific network to Control. */
    const char *net = family == XNET_AF_INET ? "sctp4" : "sctp6";
    rc = u->control(u->control_arg, net, address ? address : "", fd);
  }
  if (rc < 0) {
    s->ops.close(s->inst, fd);
    return rc;
  }
  *sock = fd;
  return 0;
}

/* Binds the first address with bind and the others with bindx. */
static int bind_endpoint(xnet_stack *s, int sock, int family,
                         const xnet_sctp_endpoint *la) {
  xnet_ip nil = {0};
  const xnet_ip *first = la && la->count > 0 ? &la->ips[0] : &nil;
  xnet_sockaddr sa;
  int rc = xnet__sctp_sockaddr(s, first, la ? la->port : 0, family, &sa);
  if (rc == 0) rc = s->ops.bind(s->inst, sock, &sa);
  if (rc < 0 || !la || la->count < 2) return rc;
  /* The others share the port just bound (the system's choice for 0). */
  xnet_sockaddr self;
  uint16_t port = la->port;
  if (port == 0 && s->ops.local_addr(s->inst, sock, &self) == 0)
    port = self.port;
  xnet_sctp_endpoint rest = {0};
  rest.count = la->count - 1;
  memcpy(rest.ips, la->ips + 1, rest.count * sizeof rest.ips[0]);
  return xnet__sctp_bindx(s, sock, family, &rest, port, true);
}

/* A wildcard remote address means the local system (Go: "the local
 * system is assumed"): the loopback address of the family. */
static void local_system(int family, xnet_sctp_endpoint *ra) {
  ra->count = 1;
  memset(&ra->ips[0], 0, sizeof ra->ips[0]);
  if (family == XNET_AF_INET)
    xnet_ip_from4((const uint8_t[4]){127, 0, 0, 1}, &ra->ips[0]);
  else
    xnet_ip_from16((const uint8_t[16]){[15] = 1}, &ra->ips[0]);
}

/* Connects sock to ra (connect for one address, connectx for more) and
 * waits for the association under deadline. */
static int connect_endpoint(xnet_stack *s, int sock, int family,
                            const xnet_sctp_endpoint *ra, int64_t deadline,
                            xnet_canceler *cancel) {
  xnet_sockaddr sa[XNET_SCTP_ENDPOINT_MAX];
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < ra->count; i++)
    rc = xnet__sctp_sockaddr(s, &ra->ips[i], ra->port,
                             ra->count == 1 ? family : XNET_AF_UNSPEC, &sa[i]);
  for (size_t i = 0; rc == 0 && i < ra->count; i++)
    if (family == XNET_AF_INET && sa[i].family != XNET_AF_INET)
      rc = XNET_ENOSUITABLEADDR;
  if (rc < 0) return rc;
  if (ra->count == 1)
    rc = s->ops.connect(s->inst, sock, &sa[0]);
  else
    rc = s->ops.sctp_connectx(s->inst, sock, sa, ra->count);
  if (rc != XNET_EAGAIN) return rc;
  /* The canceler's waker is in the same wait: a cancel ends it at once. */
  xnet_backend_wait w = {.sock = sock, .events = XNET_WAIT_WRITE};
  rc = xnet__cancel_wait(s, cancel, &w, 1, deadline);
  if (rc < 0) return rc;
  return s->ops.connect_result(s->inst, sock);
}

typedef struct dial_params {
  xnet_stack *stack;
  const xnet_network *n;
  const xnet_sctp_endpoint *la; /* NULL: the system's choice */
  xnet_sctp_endpoint ra;
  socket_setup setup;
  xnet_canceler *cancel;
  const char *address;
  int64_t deadline;
} dial_params;

/* The dial_params of a dialer (d may be NULL). */
static dial_params dialer_params(xnet_stack *s, const xnet_network *n,
                                 const xnet_sctp_dialer *d) {
  dial_params p = {.stack = s, .n = n};
  if (d) {
    p.la = d->local_addr;
    p.setup.init = &d->init_options;
    p.setup.events = d->events;
    p.setup.nevents = d->nevents;
    p.setup.control = d->control;
    p.setup.control_arg = d->control_arg;
    p.cancel = d->cancel;
  }
  p.deadline =
      xnet__dial_deadline(s, d ? d->deadline : 0, d ? d->timeout : 0);
  return p;
}

/* A dialer's canceler must be the stack's; a cancelled one fails the dial
 * before it starts. */
static int check_cancel(xnet_stack *s, const xnet_canceler *c) {
  if (c && c->stack != s) return XNET_EINVAL;
  return xnet__canceled(c) ? XNET_ECANCELED : 0;
}

static int dial_endpoint(const dial_params *p, xnet_conn **out) {
  xnet_stack *s = p->stack;
  xnet_sctp_endpoint ra = p->ra;
  int family = sctp_family(p->n, p->la, &ra);
  if (ra.count == 0 || (ra.count == 1 && (ra.ips[0].len == 0 ||
                                          xnet_ip_is_unspecified(&ra.ips[0]))))
    local_system(family, &ra);
  int sock;
  /* Cancelled while the name was looked up: nothing is created. */
  if (xnet__canceled(p->cancel)) return XNET_ECANCELED;
  int rc = new_socket(s, p->n, family, false, &p->setup, p->address, &sock);
  if (rc < 0) return rc;
  if (p->la && (p->la->count > 0 || p->la->port != 0))
    rc = bind_endpoint(s, sock, family, p->la);
  if (rc == 0)
    rc = connect_endpoint(s, sock, family, &ra, p->deadline, p->cancel);
  if (rc < 0) {
    s->ops.close(s->inst, sock);
    return rc;
  }
  xnet_sockaddr peer;
  if (xnet__sctp_sockaddr(s, &ra.ips[0], ra.port, family, &peer) < 0)
    peer.family = XNET_AF_UNSPEC;
  if ((rc = xnet__conn_new(s, sock, XNET_KIND_SCTP, p->n->name, true, NULL,
                           &peer, out)) < 0)
    return rc;
  rc = xnet__sctp_conn_setup(*out, p->la, &ra);
  if (rc < 0) *out = NULL;
  return rc;
}

/* The address an op error holds for an endpoint: its first IP. */
static const xnet_addr *first_addr(const xnet_sctp_endpoint *e,
                                   xnet_addr *tmp) {
  if (!e || xnet_sctp_endpoint_to_addr(e, 0, tmp) < 0) return NULL;
  return tmp;
}

/* The text of a multi-homed endpoint ("h1/h2:port", Go's SCTPAddr.String)
 * into buf, or NULL when the first IP says it all. */
static const char *endpoint_text(const xnet_sctp_endpoint *e, char *buf,
                                 size_t cap) {
  if (!e || e->count < 2 || e->count > XNET_SCTP_ENDPOINT_MAX) return NULL;
  xnet_sctp_endpoint_format(e, buf, cap);
  return buf;
}

/* Records a failed dial or listen naming la and ra (either may be NULL)
 * whole, as Go's OpError does with *SCTPAddr. */
static int fail_endpoints(const char *op, const char *network,
                          const xnet_sctp_endpoint *la,
                          const xnet_sctp_endpoint *ra, int code) {
  xnet_addr lt, rt;
  char ltext[XNET_SCTP_ENDPOINT_STRLEN], rtext[XNET_SCTP_ENDPOINT_STRLEN];
  xnet__fail(op, network, first_addr(la, &lt), first_addr(ra, &rt), code);
  xnet__fail_addr_text(endpoint_text(la, ltext, sizeof ltext),
                       endpoint_text(ra, rtext, sizeof rtext));
  return code;
}

static int parse_sctp_network(const char *network, xnet_network *n) {
  int rc = xnet_network_parse(network, n);
  if (rc == 0 && n->kind != XNET_KIND_SCTP) rc = XNET_EUNKNOWNNET;
  return rc;
}

int xnet_sctp_dialer_dial(const xnet_sctp_dialer *d, const char *network,
                          const char *address, xnet_conn **out) {
  if (!out) return XNET_EINVAL;
  *out = NULL;
  xnet_network n;
  int rc = parse_sctp_network(network, &n);
  if (rc < 0) return xnet__fail_text("dial", network, "", rc);
  if (!address) return xnet__fail("dial", network, NULL, NULL, XNET_EINVAL);
  xnet_stack *s = d ? d->stack : NULL;
  if ((rc = xnet__stack_resolve(&s)) < 0 || (rc = stack_has_sctp(s)) < 0 ||
      (rc = check_cancel(s, d ? d->cancel : NULL)) < 0)
    return xnet__fail("dial", network, NULL, NULL, rc);
  dial_params p = dialer_params(s, &n, d);
  p.address = address;
  if ((rc = resolve_text(s, "dial", &n, address, &p.ra)) < 0) return rc;
  rc = dial_endpoint(&p, out);
  return rc < 0 ? fail_endpoints("dial", network, p.la, &p.ra, rc) : 0;
}

int xnet_sctp_dial(const char *network, const char *address, xnet_conn **out) {
  return xnet_sctp_dialer_dial(NULL, network, address, out);
}

int xnet_sctp_dialer_dial_addr(const xnet_sctp_dialer *d, const char *network,
                               const xnet_sctp_endpoint *raddr,
                               xnet_conn **out) {
  if (!out) return XNET_EINVAL;
  *out = NULL;
  xnet_network n;
  int rc = parse_sctp_network(network, &n);
  if (rc < 0) return xnet__fail_text("dial", network, "", rc);
  const xnet_sctp_endpoint *la = d ? d->local_addr : NULL;
  if (!raddr || raddr->count > XNET_SCTP_ENDPOINT_MAX ||
      (la && la->count > XNET_SCTP_ENDPOINT_MAX))
    return xnet__fail("dial", network, NULL, NULL, XNET_EINVAL);
  xnet_stack *s = d ? d->stack : NULL;
  if ((rc = xnet__stack_resolve(&s)) < 0 || (rc = stack_has_sctp(s)) < 0 ||
      (rc = check_cancel(s, d ? d->cancel : NULL)) < 0)
    return fail_endpoints("dial", network, la, raddr, rc);
  dial_params p = dialer_params(s, &n, d);
  p.ra = *raddr;
  char text[XNET_SCTP_ENDPOINT_STRLEN];
  xnet_sctp_endpoint_format(raddr, text, sizeof text);
  p.address = text;
  rc = dial_endpoint(&p, out);
  return rc < 0 ? fail_endpoints("dial", network, la, raddr, rc) : 0;
}

int xnet_sctp_dial_addr(xnet_stack *s, const char *network,
                        const xnet_sctp_endpoint *laddr,
                        const xnet_sctp_endpoint *raddr, xnet_conn **out) {
  xnet_sctp_dialer d = {0};
  d.stack = s;
  d.local_addr = laddr;
  return xnet_sctp_dialer_dial_addr(&d, network, raddr, out);
}

/* ---- listen ---- */

static int listen_endpoint(xnet_stack *s, const xnet_network *n,
                           const xnet_sctp_endpoint *la,
                           const xnet_sctp_listen_config *lc,
                           const char *address, xnet_listener **out) {
  int family = sctp_family(n, la, NULL);
  socket_setup u = {0};
  if (lc) {
    u.init = &lc->init_options;
    u.events = lc->events;
    u.nevents = lc->nevents;
    u.control = lc->control;
    u.control_arg = lc->control_arg;
  }
  int sock;
  int rc = new_socket(s, n, family, true, &u, address, &sock);
  if (rc < 0) return rc;
  rc = bind_endpoint(s, sock, family, la);
  int backlog = lc && lc->backlog > 0 ? lc->backlog : SOMAXCONN_DEFAULT;
  if (rc == 0) rc = s->ops.listen(s->inst, sock, backlog);
  if (rc < 0) {
    s->ops.close(s->inst, sock);
    return rc;
  }
  rc = xnet__listener_new(s, sock, XNET_KIND_SCTP, n->name, out);
  /* A multi-homed listener accepts on several addresses: accepted conns
   * ask for theirs. */
  if (rc == 0 && la && la->count > 1)
    (*out)->accepted_local.family = XNET_AF_UNSPEC;
  return rc;
}

int xnet_sctp_listen_config_listen(const xnet_sctp_listen_config *lc,
                                   const char *network, const char *address,
                                   xnet_listener **out) {
  if (!out) return XNET_EINVAL;
  *out = NULL;
  xnet_network n;
  int rc = parse_sctp_network(network, &n);
  if (rc < 0) return xnet__fail_text("listen", network, "", rc);
  if (!address) return xnet__fail("listen", network, NULL, NULL, XNET_EINVAL);
  xnet_stack *s = lc ? lc->stack : NULL;
  if ((rc = xnet__stack_resolve(&s)) < 0 || (rc = stack_has_sctp(s)) < 0)
    return xnet__fail("listen", network, NULL, NULL, rc);
  xnet_sctp_endpoint la;
  if ((rc = resolve_text(s, "listen", &n, address, &la)) < 0) return rc;
  rc = listen_endpoint(s, &n, &la, lc, address, out);
  return rc < 0 ? fail_endpoints("listen", network, NULL, &la, rc) : 0;
}

int xnet_sctp_listen(const char *network, const char *address,
                     xnet_listener **out) {
  return xnet_sctp_listen_config_listen(NULL, network, address, out);
}

int xnet_sctp_listen_config_listen_addr(const xnet_sctp_listen_config *lc,
                                        const char *network,
                                        const xnet_sctp_endpoint *laddr,
                                        xnet_listener **out) {
  if (!out) return XNET_EINVAL;
  *out = NULL;
  xnet_network n;
  int rc = parse_sctp_network(network, &n);
  if (rc < 0) return xnet__fail_text("listen", network, "", rc);
  xnet_sctp_endpoint la = {0};
  if (laddr) la = *laddr;
  if (la.count > XNET_SCTP_ENDPOINT_MAX)
    return xnet__fail("listen", network, NULL, NULL, XNET_EINVAL);
  xnet_stack *s = lc ? lc->stack : NULL;
  if ((rc = xnet__stack_resolve(&s)) < 0 || (rc = stack_has_sctp(s)) < 0)
    return fail_endpoints("listen", network, NULL, &la, rc);
  char text[XNET_SCTP_ENDPOINT_STRLEN];
  xnet_sctp_endpoint_format(&la, text, sizeof text);
  rc = listen_endpoint(s, &n, &la, lc, text, out);
  return rc < 0 ? fail_endpoints("listen", network, NULL, &la, rc) : 0;
}

int xnet_sctp_listen_addr(xnet_stack *s, const char *network,
                          const xnet_sctp_endpoint *laddr,
                          xnet_listener **out) {
  xnet_sctp_listen_config lc = {0};
  lc.stack = s;
  return xnet_sctp_listen_config_listen_addr(&lc, network, laddr, out);
}

/* ---- whether a stack has SCTP ---- */

/* The bits the stack decided when it opened: no socket, no system call,
 * nothing recorded. */
bool xnet_sctp_supported(xnet_stack *s) {
  if (xnet__stack_resolve(&s) < 0 || !xnet__sctp_layout(s)) return false;
  return (xnet__stack_caps(s) & XNET_CAP_SCTP) != 0;
}

/* ---- the generic entry points (xnet_dial("sctp", ...)) ---- */

/* The SCTP dialer of a generic dialer: its stack, timeout, deadline,
 * control, canceler and (one-address) local address. */
static void sctp_dialer_from(const xnet_dialer *d, xnet_sctp_dialer *sd,
                             xnet_sctp_endpoint *la) {
  memset(sd, 0, sizeof *sd);
  if (!d) return;
  sd->stack = d->stack;
  sd->timeout = d->timeout;
  sd->deadline = d->deadline;
  sd->control = d->control;
  sd->control_arg = d->control_arg;
  sd->cancel = d->cancel;
  if (d->local_addr && xnet_sctp_endpoint_from_addr(d->local_addr, la) == 0)
    sd->local_addr = la;
}

int xnet__sctp_dial_any(const xnet_dialer *d, const char *network,
                        const char *address, xnet_conn **out) {
  if (!xnet__sctp_network(network)) return 1;
  xnet_sctp_dialer sd;
  xnet_sctp_endpoint la;
  sctp_dialer_from(d, &sd, &la);
  return xnet_sctp_dialer_dial(&sd, network, address, out);
}

int xnet__sctp_listen_any(const xnet_listen_config *lc, const char *network,
                          const char *address, xnet_listener **out) {
  if (!xnet__sctp_network(network)) return 1;
  xnet_sctp_listen_config sl = {0};
  if (lc) {
    sl.stack = lc->stack;
    sl.control = lc->control;
    sl.control_arg = lc->control_arg;
    sl.backlog = lc->backlog;
  }
  return xnet_sctp_listen_config_listen(&sl, network, address, out);
}

/* The typed forms with an SCTP address: one IP, a single-homed endpoint. */

int xnet__sctp_dial_addr_any(xnet_stack *s, const char *network,
                             const xnet_addr *laddr, const xnet_addr *raddr,
                             xnet_conn **out) {
  xnet_sctp_endpoint la, ra;
  bool has_la = laddr && laddr->kind != XNET_KIND_NONE;
  if (!raddr || xnet_sctp_endpoint_from_addr(raddr, &ra) < 0 ||
      (has_la && xnet_sctp_endpoint_from_addr(laddr, &la) < 0))
    return xnet__fail("dial", network, laddr, raddr, XNET_EINVAL);
  return xnet_sctp_dial_addr(s, network, has_la ? &la : NULL, &ra, out);
}

int xnet__sctp_listen_addr_any(xnet_stack *s, const char *network,
                               const xnet_addr *laddr, xnet_listener **out) {
  xnet_sctp_endpoint la = {0};
  if (laddr && laddr->kind != XNET_KIND_NONE &&
      xnet_sctp_endpoint_from_addr(laddr, &la) < 0)
    return xnet__fail("listen", network, NULL, laddr, XNET_EINVAL);
  return xnet_sctp_listen_addr(s, network, &la, out);
}
