/* sctp_opt.c — SCTP socket options through the backend's raw options at
 * the stack's SCTP layout (SCTP_INITMSG, SCTP_EVENT, SCTP_STATUS, ...),
 * bindx and address lists, and the public option calls on conns and
 * listeners. */
#include <stdio.h>
#include <string.h>

#include "sctp_int.h"
#include "xnet/error.h"

const xnet_sctp_layout *xnet__sctp_layout(xnet_stack *s) {
  return s ? s->ops.sctp_layout : NULL;
}

const xnet_sctp_layout *xnet_sctp_stack_layout(xnet_stack *s) {
  if (xnet__stack_resolve(&s) < 0) return NULL;
  return xnet__sctp_layout(s);
}

/* Stores v at b in the layout's byte order (the kernel's host order). */
static void put_u32(const xnet_sctp_layout *l, uint8_t *b, uint32_t v) {
  for (int i = 0; i < 4; i++)
    b[l->little_endian ? i : 3 - i] = (uint8_t)(v >> (8 * i));
}

static void put_u16(const xnet_sctp_layout *l, uint8_t *b, uint16_t v) {
  b[l->little_endian ? 0 : 1] = (uint8_t)v;
  b[l->little_endian ? 1 : 0] = (uint8_t)(v >> 8);
}

/* The layout's level and number of opt. */
static int opt_number(const xnet_sctp_layout *l, xnet_sctp_sockopt opt,
                      int *level, int *name) {
  if (!l) return XNET_ENOTSUP;
  int32_t v;
  int rc = xnet_sctp_layout_to_native(l, XNET_SCTP_MAP_SOCKOPT, (int)opt, &v);
  if (rc < 0) return rc;
  *level = l->sockopt_level;
  *name = v;
  return 0;
}

static int set_raw(xnet_stack *s, int sock, xnet_sctp_sockopt opt,
                   const void *val, size_t len) {
  int level, name;
  int rc = opt_number(xnet__sctp_layout(s), opt, &level, &name);
  if (rc < 0) return rc;
  return s->ops.setsockopt_raw(s->inst, sock, level, name, val, len);
}

int xnet__sctp_set_int(xnet_stack *s, int sock, xnet_sctp_sockopt opt,
                       int value) {
  const xnet_sctp_layout *l = xnet__sctp_layout(s);
  if (!l) return XNET_ENOTSUP;
  uint8_t b[4];
  put_u32(l, b, (uint32_t)value);
  return set_raw(s, sock, opt, b, sizeof b);
}

/* Sets a buffer size as Go's package does on Linux: the FORCE option
 * first (with CAP_NET_ADMIN it passes net.core.rmem_max / wmem_max), the
 * plain one, capped by those limits, when that is refused (EPERM) or the
 * host has no FORCE option (XNET_ENOTSUP). */
static int set_buffer(xnet_stack *s, int sock, xnet_sockopt opt, int bytes) {
  xnet_sockopt force =
      opt == XNET_SO_RCVBUF ? XNET_SO_RCVBUFFORCE : XNET_SO_SNDBUFFORCE;
  if (s->ops.setsockopt(s->inst, sock, force, bytes) == 0) return 0;
  return s->ops.setsockopt(s->inst, sock, opt, bytes);
}

int xnet__sctp_init_socket(xnet_stack *s, int sock,
                           const xnet_sctp_init_options *o) {
  const xnet_sctp_layout *l = xnet__sctp_layout(s);
  if (!l) return XNET_ENOTSUP;
  xnet_sctp_init_options d = o ? *o : (xnet_sctp_init_options){0};
  xnet_sctp_initmsg im = {
      .num_ostreams = d.num_ostreams ? d.num_ostreams : XNET_SCTP_DEFAULT_STREAMS,
      .max_instreams =
          d.max_instreams ? d.max_instreams : XNET_SCTP_DEFAULT_STREAMS,
      .max_attempts = d.max_attempts,
      .max_init_timeo = d.max_init_timeout,
  };
  uint8_t b[16];
  size_t len;
  int rc = xnet_sctp_initmsg_marshal(l, &im, b, sizeof b, &len);
  if (rc == 0) rc = set_raw(s, sock, XNET_SCTP_OPT_INITMSG, b, len);
  int rcv = d.read_buffer_size > 0 ? d.read_buffer_size
                                   : XNET_SCTP_DEFAULT_BUFFER_SIZE;
  int snd = d.write_buffer_size > 0 ? d.write_buffer_size
                                    : XNET_SCTP_DEFAULT_BUFFER_SIZE;
  if (rc == 0) rc = set_buffer(s, sock, XNET_SO_RCVBUF, rcv);
  if (rc == 0) rc = set_buffer(s, sock, XNET_SO_SNDBUF, snd);
  /* Every data message then comes with its stream, SSN and PPID. */
  if (rc == 0) rc = xnet__sctp_set_int(s, sock, XNET_SCTP_OPT_RECVRCVINFO, 1);
  if (rc == 0 && d.adaptation_indication_enabled) {
    /* struct sctp_setadaptation { uint32_t ssb_adaptation_ind; } */
    put_u32(l, b, d.adaptation_indication);
    rc = set_raw(s, sock, XNET_SCTP_OPT_ADAPTATION_LAYER, b, 4);
  }
  return rc;
}

int xnet__sctp_subscribe(xnet_stack *s, int sock,
                         const xnet_sctp_notification_type *types, size_t n,
                         bool on) {
  const xnet_sctp_layout *l = xnet__sctp_layout(s);
  if (!l) return XNET_ENOTSUP;
  if (!types || n == 0) return XNET_EINVAL;
  /* Validate all first, so a bad argument changes nothing. */
  for (size_t i = 0; i < n; i++)
    if ((int)types[i] <= 0 || types[i] >= XNET_SCTP_NOTIFICATION__MAX)
      return XNET_EINVAL;
  for (size_t i = 0; i < n; i++) {
    int32_t native;
    int rc = xnet_sctp_layout_to_native(l, XNET_SCTP_MAP_NOTIFICATION,
                                        (int)types[i], &native);
    if (rc < 0) return rc;
    /* struct sctp_event { sctp_assoc_t se_assoc_id; uint16_t se_type;
     * uint8_t se_on; } (RFC 6458 6.2.1): 8 bytes with one of padding.
     * Association 0: the one association of a one-to-one socket. */
    uint8_t b[8] = {0};
    put_u16(l, b + 4, (uint16_t)native);
    b[6] = on ? 1 : 0;
    if ((rc = set_raw(s, sock, XNET_SCTP_OPT_EVENT, b, sizeof b)) < 0)
      return rc;
  }
  return 0;
}

/* Backend sockaddrs of e's addresses (nil ones: the wildcard). */
static int to_sockaddrs(xnet_stack *s, const xnet_sctp_endpoint *e,
                        uint16_t port, xnet_sockaddr *out) {
  for (size_t i = 0; i < e->count; i++) {
    int rc = xnet__sctp_sockaddr(s, &e->ips[i], port, XNET_AF_UNSPEC, &out[i]);
    if (rc < 0) return rc;
  }
  return 0;
}

int xnet__sctp_bindx(xnet_stack *s, int sock, int family,
                     const xnet_sctp_endpoint *e, uint16_t port, bool add) {
  if (!e || e->count == 0 || e->count > XNET_SCTP_ENDPOINT_MAX)
    return XNET_EINVAL;
  xnet_sockaddr sa[XNET_SCTP_ENDPOINT_MAX];
  int rc = to_sockaddrs(s, e, port, sa);
  if (rc < 0) return rc;
  /* An IPv6 address cannot go on an IPv4 socket. */
  for (size_t i = 0; i < e->count; i++)
    if (family == XNET_AF_INET && sa[i].family != XNET_AF_INET)
      return XNET_ENOSUITABLEADDR;
  return s->ops.sctp_bindx(s->inst, sock, sa, e->count, add ? 1 : 0);
}

int xnet__sctp_addrs(xnet_stack *s, int sock, bool remote,
                     xnet_sctp_endpoint *out) {
  memset(out, 0, sizeof *out);
  xnet_sockaddr sa[XNET_SCTP_ENDPOINT_MAX];
  int got = s->ops.sctp_addrs(s->inst, sock, remote ? 1 : 0, sa,
                              XNET_SCTP_ENDPOINT_MAX);
  if (got < 0) return got;
  xnet__sctp_endpoint_from(s, sa,
                           (size_t)got < XNET_SCTP_ENDPOINT_MAX
                               ? (size_t)got
                               : XNET_SCTP_ENDPOINT_MAX,
                           out);
  return 0;
}

int xnet__sctp_bind_text(xnet_stack *s, const char *network,
                         const char *address, xnet_sctp_endpoint *out) {
  memset(out, 0, sizeof *out);
  if (!address) return XNET_EINVAL;
  xnet_network n;
  int rc = xnet_network_parse(network, &n);
  if (rc < 0) return rc;
  rc = xnet__sctp_resolve(s, &n, address, true, out, NULL, NULL, NULL);
  if (rc == XNET_EMISSINGPORT) {
    /* Go: "Port number should be absent from the address string". */
    char text[XNET_SCTP_ENDPOINT_STRLEN];
    if ((size_t)snprintf(text, sizeof text, "%s:0", address) >= sizeof text)
      return XNET_EINVAL;
    rc = xnet__sctp_resolve(s, &n, text, true, out, NULL, NULL, NULL);
  }
  if (rc == 0 && out->count == 0) rc = XNET_EINVAL;
  return rc;
}

/* ---- conns ---- */

#define CONN_STACK(c) ((c)->pd.stack)

/* Runs fn on an SCTP conn's socket inside an entered call, recording a
 * failure as op. */
typedef int (*conn_fn)(xnet_conn *c, void *arg);

static int on_conn(xnet_conn *c, const char *op, conn_fn fn, void *arg) {
  if (!c) return XNET_EINVAL;
  if (c->kind != XNET_KIND_SCTP || !c->sctp)
    return xnet__sctp_conn_fail(c, op, XNET_EINVAL);
  int rc = xnet__pd_enter(&c->pd);
  if (rc == 0) rc = fn(c, arg);
  if (rc < 0) xnet__sctp_conn_fail(c, op, rc);
  xnet__pd_leave(&c->pd);
  return rc < 0 ? rc : 0;
}

typedef struct sub_arg {
  const xnet_sctp_notification_type *types;
  size_t n;
  bool on;
} sub_arg;

static int do_subscribe(xnet_conn *c, void *arg) {
  sub_arg *a = arg;
  return xnet__sctp_subscribe(CONN_STACK(c), c->pd.sock, a->types, a->n,
                              a->on);
}

int xnet_sctp_conn_subscribe(xnet_conn *c,
                             const xnet_sctp_notification_type *types,
                             size_t n) {
  sub_arg a = {types, n, true};
  return on_conn(c, "set", do_subscribe, &a);
}

int xnet_sctp_conn_unsubscribe(xnet_conn *c,
                               const xnet_sctp_notification_type *types,
                               size_t n) {
  sub_arg a = {types, n, false};
  return on_conn(c, "set", do_subscribe, &a);
}

static int do_status(xnet_conn *c, void *arg) {
  xnet_stack *s = CONN_STACK(c);
  const xnet_sctp_layout *l = xnet__sctp_layout(s);
  int level, name;
  int rc = opt_number(l, XNET_SCTP_OPT_STATUS, &level, &name);
  if (rc < 0) return rc;
  /* The association id (0: the socket's one) goes in, the status out. */
  uint8_t b[XNET_SCTP_STATUS_SIZE] = {0};
  size_t len = sizeof b;
  rc = s->ops.getsockopt_raw(s->inst, c->pd.sock, level, name, b, &len);
  if (rc < 0) return rc;
  return xnet_sctp_status_parse(l, b, len, arg);
}

int xnet_sctp_conn_status(xnet_conn *c, xnet_sctp_status *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!out) return XNET_EINVAL;
  return on_conn(c, "get", do_status, out);
}

typedef struct bind_arg {
  const char *text;
  const xnet_sctp_endpoint *ep;
  bool add;
} bind_arg;

/* The endpoint a bind argument names (text in network, or a copy of ep);
 * its port must be 0 or the socket's own port. */
static int bind_endpoint(xnet_stack *s, const char *network,
                         const bind_arg *a, uint16_t port,
                         xnet_sctp_endpoint *ep) {
  int rc = 0;
  if (a->text)
    rc = xnet__sctp_bind_text(s, network, a->text, ep);
  else if (!a->ep || a->ep->count == 0)
    rc = XNET_EINVAL;
  else
    *ep = *a->ep;
  if (rc == 0 && ep->port != 0 && ep->port != port) rc = XNET_EINVAL;
  return rc;
}

static int do_bind(xnet_conn *c, void *arg) {
  bind_arg *a = arg;
  xnet_stack *s = CONN_STACK(c);
  xnet_sctp_endpoint ep;
  uint16_t port = c->laddr.port;
  int rc = bind_endpoint(s, c->net, a, port, &ep);
  if (rc == 0) rc = xnet__sctp_bindx(s, c->pd.sock, c->family, &ep, port, a->add);
  if (rc < 0) return rc;
  /* Go re-reads the local addresses after a change. */
  xnet_sctp_endpoint now;
  if (xnet__sctp_addrs(s, c->pd.sock, false, &now) == 0 && now.count > 0) {
    pthread_mutex_lock(&c->sctp->mu);
    c->sctp->laddr = now;
    pthread_mutex_unlock(&c->sctp->mu);
  }
  return 0;
}

static int conn_bind(xnet_conn *c, const char *text,
                     const xnet_sctp_endpoint *ep, bool add) {
  bind_arg a = {text, ep, add};
  return on_conn(c, "bindx", do_bind, &a);
}

int xnet_sctp_conn_bind_add(xnet_conn *c, const char *address) {
  return conn_bind(c, address ? address : "", NULL, true);
}
int xnet_sctp_conn_bind_remove(xnet_conn *c, const char *address) {
  return conn_bind(c, address ? address : "", NULL, false);
}
int xnet_sctp_conn_bind_add_addr(xnet_conn *c,
                                 const xnet_sctp_endpoint *laddr) {
  return conn_bind(c, NULL, laddr, true);
}
int xnet_sctp_conn_bind_remove_addr(xnet_conn *c,
                                    const xnet_sctp_endpoint *laddr) {
  return conn_bind(c, NULL, laddr, false);
}

typedef struct int_arg {
  xnet_sctp_sockopt opt;
  int value;
} int_arg;

static int do_set_int(xnet_conn *c, void *arg) {
  int_arg *a = arg;
  return xnet__sctp_set_int(CONN_STACK(c), c->pd.sock, a->opt, a->value);
}

int xnet_sctp_conn_set_no_delay(xnet_conn *c, bool on) {
  int_arg a = {XNET_SCTP_OPT_NODELAY, on ? 1 : 0};
  return on_conn(c, "set", do_set_int, &a);
}

int xnet_sctp_conn_set_disable_fragments(xnet_conn *c, bool on) {
  int_arg a = {XNET_SCTP_OPT_DISABLE_FRAGMENTS, on ? 1 : 0};
  return on_conn(c, "set", do_set_int, &a);
}

typedef struct sock_arg {
  xnet_sockopt opt;
  int value;
} sock_arg;

static int do_set_sock(xnet_conn *c, void *arg) {
  sock_arg *a = arg;
  return CONN_STACK(c)->ops.setsockopt(CONN_STACK(c)->inst, c->pd.sock, a->opt,
                                       a->value);
}

static int do_get_sock(xnet_conn *c, void *arg) {
  sock_arg *a = arg;
  return CONN_STACK(c)->ops.getsockopt(CONN_STACK(c)->inst, c->pd.sock, a->opt,
                                       &a->value);
}

int xnet_sctp_conn_set_linger(xnet_conn *c, int sec) {
  sock_arg a = {XNET_SO_LINGER, sec};
  return on_conn(c, "set", do_set_sock, &a);
}

static int get_buffer(xnet_conn *c, xnet_sockopt opt, int *out) {
  if (out) *out = 0;
  if (!out) return XNET_EINVAL;
  sock_arg a = {opt, 0};
  int rc = on_conn(c, "get", do_get_sock, &a);
  if (rc == 0) *out = a.value;
  return rc;
}

int xnet_sctp_conn_read_buffer_size(xnet_conn *c, int *out) {
  return get_buffer(c, XNET_SO_RCVBUF, out);
}
int xnet_sctp_conn_write_buffer_size(xnet_conn *c, int *out) {
  return get_buffer(c, XNET_SO_SNDBUF, out);
}

/* A copy of the conn's local or remote endpoint, taken under its lock. */
static int conn_endpoint(xnet_conn *c, bool remote, xnet_sctp_endpoint *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!c || !out) return XNET_EINVAL;
  if (c->kind != XNET_KIND_SCTP || !c->sctp)
    return xnet__sctp_conn_fail(c, "get", XNET_EINVAL);
  pthread_mutex_lock(&c->sctp->mu);
  *out = remote ? c->sctp->raddr : c->sctp->laddr;
  pthread_mutex_unlock(&c->sctp->mu);
  return 0;
}

int xnet_sctp_conn_local_addr(xnet_conn *c, xnet_sctp_endpoint *out) {
  return conn_endpoint(c, false, out);
}

int xnet_sctp_conn_remote_addr(xnet_conn *c, xnet_sctp_endpoint *out) {
  return conn_endpoint(c, true, out);
}

static int do_refresh(xnet_conn *c, void *arg) {
  xnet_sctp_endpoint *out = arg;
  int rc = xnet__sctp_addrs(CONN_STACK(c), c->pd.sock, true, out);
  if (rc == 0 && out->count == 0) rc = XNET_ENOTCONN;
  if (rc < 0) return rc;
  pthread_mutex_lock(&c->sctp->mu);
  c->sctp->raddr = *out;
  pthread_mutex_unlock(&c->sctp->mu);
  return 0;
}

int xnet_sctp_conn_refresh_remote_addr(xnet_conn *c, xnet_sctp_endpoint *out) {
  xnet_sctp_endpoint ep;
  if (out) memset(out, 0, sizeof *out);
  int rc = on_conn(c, "get", do_refresh, &ep);
  if (rc == 0 && out) *out = ep;
  return rc;
}

/* ---- listeners ---- */

static int listener_fail(const xnet_listener *l, const char *op, int code) {
  return xnet__fail(op, l ? l->net : "", NULL, l ? &l->laddr : NULL, code);
}

typedef int (*listener_fn)(xnet_listener *l, void *arg);

static int on_listener(xnet_listener *l, const char *op, listener_fn fn,
                       void *arg) {
  if (!l) return XNET_EINVAL;
  if (l->kind != XNET_KIND_SCTP) return listener_fail(l, op, XNET_EINVAL);
  int rc = xnet__pd_enter(&l->pd);
  if (rc == 0) rc = fn(l, arg);
  if (rc < 0) listener_fail(l, op, rc);
  xnet__pd_leave(&l->pd);
  return rc < 0 ? rc : 0;
}

static int l_bind(xnet_listener *l, void *arg) {
  bind_arg *a = arg;
  xnet_stack *s = l->pd.stack;
  xnet_sctp_endpoint ep;
  int rc = bind_endpoint(s, l->net, a, l->laddr.port, &ep);
  xnet_sockaddr self;
  int family = XNET_AF_INET6;
  if (s->ops.local_addr(s->inst, l->pd.sock, &self) == 0)
    family = self.family;
  if (rc == 0)
    rc = xnet__sctp_bindx(s, l->pd.sock, family, &ep, l->laddr.port, a->add);
  return rc;
}

static int listener_bind(xnet_listener *l, const char *text,
                         const xnet_sctp_endpoint *ep, bool add) {
  bind_arg a = {text, ep, add};
  return on_listener(l, "bindx", l_bind, &a);
}

int xnet_sctp_listener_bind_add(xnet_listener *l, const char *address) {
  return listener_bind(l, address ? address : "", NULL, true);
}
int xnet_sctp_listener_bind_remove(xnet_listener *l, const char *address) {
  return listener_bind(l, address ? address : "", NULL, false);
}
int xnet_sctp_listener_bind_add_addr(xnet_listener *l,
                                     const xnet_sctp_endpoint *laddr) {
  return listener_bind(l, NULL, laddr, true);
}
int xnet_sctp_listener_bind_remove_addr(xnet_listener *l,
                                        const xnet_sctp_endpoint *laddr) {
  return listener_bind(l, NULL, laddr, false);
}

static int l_subscribe(xnet_listener *l, void *arg) {
  sub_arg *a = arg;
  return xnet__sctp_subscribe(l->pd.stack, l->pd.sock, a->types, a->n, a->on);
}

int xnet_sctp_listener_subscribe(xnet_listener *l,
                                 const xnet_sctp_notification_type *types,
                                 size_t n) {
  sub_arg a = {types, n, true};
  return on_listener(l, "set", l_subscribe, &a);
}
int xnet_sctp_listener_unsubscribe(xnet_listener *l,
                                   const xnet_sctp_notification_type *types,
                                   size_t n) {
  sub_arg a = {types, n, false};
  return on_listener(l, "set", l_subscribe, &a);
}

static int l_addr(xnet_listener *l, void *arg) {
  xnet_sctp_endpoint *out = arg;
  int rc = xnet__sctp_addrs(l->pd.stack, l->pd.sock, false, out);
  /* A stack that lists nothing: the address bound. */
  if (rc == 0 && out->count == 0) rc = xnet_sctp_endpoint_from_addr(&l->laddr, out);
  return rc;
}

int xnet_sctp_listener_addr(xnet_listener *l, xnet_sctp_endpoint *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!out) return XNET_EINVAL;
  return on_listener(l, "get", l_addr, out);
}
