/* listen.c — Listen, ListenPacket, ListenConfig and listeners (Go's
 * TCPListener, UnixListener, ListenUDP, ListenIP, ListenUnixgram). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"

#define SOMAXCONN_DEFAULT 4096

static bool is_unix(xnet_kind k) {
  return k == XNET_KIND_UNIX || k == XNET_KIND_UNIXGRAM ||
         k == XNET_KIND_UNIXPACKET;
}

/* Creates, configures and binds a socket for laddr. */
static int bind_socket(xnet_stack *s, const xnet_network *n,
                       const xnet_addr *la, bool listener,
                       const xnet_listen_config *lc, const char *address,
                       int *sock) {
  int family = is_unix(n->kind) ? XNET_AF_UNIX : xnet__addr_family(n, la, NULL);
  xnet_sockaddr sa;
  int rc = xnet__addr_to_sockaddr(s, la, family, &sa);
  if (rc < 0) return rc;
  rc = xnet__socket(s, n, family, listener, lc ? lc->control : NULL,
                    lc ? lc->control_arg : NULL, address, sock);
  if (rc < 0) return rc;
  if (family != XNET_AF_UNIX || sa.path_len > 0)
    rc = s->ops.bind(s->inst, *sock, &sa);
  if (rc < 0) {
    s->ops.close(s->inst, *sock);
    *sock = -1;
  }
  return rc;
}

static int listen_stream(xnet_stack *s, const xnet_network *n,
                         const xnet_addr *la, const xnet_listen_config *lc,
                         const char *address, xnet_listener **out) {
  if (n->kind != XNET_KIND_TCP && n->kind != XNET_KIND_UNIX &&
      n->kind != XNET_KIND_UNIXPACKET)
    return XNET_EUNKNOWNNET;
  int sock;
  int rc = bind_socket(s, n, la, true, lc, address, &sock);
  if (rc < 0) return rc;
  int backlog = lc && lc->backlog > 0 ? lc->backlog : SOMAXCONN_DEFAULT;
  rc = s->ops.listen(s->inst, sock, backlog);
  if (rc < 0) {
    s->ops.close(s->inst, sock);
    return rc;
  }
  if ((rc = xnet__listener_new(s, sock, n->kind, n->name, out)) < 0)
    return rc;
  /* Go removes the socket file of a Unix listener it bound. */
  (*out)->unlink_on_close = is_unix(n->kind) && la && la->path_len > 0 &&
                            la->path[0] != '@';
  return 0;
}

int xnet__listener_new(xnet_stack *s, int sock, xnet_kind kind,
                       const char *net, xnet_listener **out) {
  *out = NULL;
  xnet_listener *l = calloc(1, sizeof *l);
  if (!l) {
    s->ops.close(s->inst, sock);
    return XNET_ENOMEM;
  }
  xnet__pd_init(&l->pd, s, sock);
  l->kind = kind;
  snprintf(l->net, sizeof l->net, "%s", net);
  xnet_sockaddr sa;
  if (s->ops.local_addr(s->inst, sock, &sa) == 0) {
    xnet__addr_from_sockaddr(s, kind, &sa, &l->laddr);
    /* Bound to one IP: accepted conns have it as their local address,
     * which saves asking for it on every accept. */
    if ((sa.family == XNET_AF_INET || sa.family == XNET_AF_INET6) &&
        !xnet_ip_is_unspecified(&sa.ip))
      l->accepted_local = sa;
  }
  *out = l;
  return 0;
}

static int listen_packet(xnet_stack *s, const xnet_network *n,
                         const xnet_addr *la, const xnet_listen_config *lc,
                         const char *address, xnet_conn **out) {
  if (n->kind != XNET_KIND_UDP && n->kind != XNET_KIND_IP &&
      n->kind != XNET_KIND_UNIXGRAM)
    return XNET_EUNKNOWNNET;
  int sock;
  int rc = bind_socket(s, n, la, false, lc, address, &sock);
  if (rc < 0) return rc;
  return xnet__conn_new(s, sock, n->kind, n->name, false, NULL, NULL, out);
}

/* Resolves the address text of a listen call. */
static int resolve_local(xnet_stack *s, const char *op, const char *network,
                         const char *address, xnet_network *n, xnet_addr *la) {
  int rc = xnet_network_parse(network, n);
  if (rc < 0) return xnet__fail_text(op, network, "", rc);
  rc = xnet_resolve_addr(s, network, address, la);
  if (rc < 0) {
    xnet_op_error e = *xnet_last_error();
    return xnet__fail_text(op, network, e.detail, rc);
  }
  return 0;
}

int xnet_listen_config_listen(const xnet_listen_config *lc,
                              const char *network, const char *address,
                              xnet_listener **out) {
  *out = NULL;
  int rc = xnet__sctp_listen_any(lc, network, address, out);
  if (rc <= 0) return rc; /* an SCTP network: sctp_dial.c's */
  xnet_stack *s = lc ? lc->stack : NULL;
  rc = xnet__stack_resolve(&s);
  if (rc < 0) return xnet__fail("listen", network, NULL, NULL, rc);
  xnet_network n;
  xnet_addr la;
  if ((rc = resolve_local(s, "listen", network, address, &n, &la)) < 0)
    return rc;
  rc = listen_stream(s, &n, &la, lc, address, out);
  return rc < 0 ? xnet__fail("listen", network, NULL, &la, rc) : 0;
}

int xnet_listen_config_listen_packet(const xnet_listen_config *lc,
                                     const char *network, const char *address,
                                     xnet_conn **out) {
  *out = NULL;
  xnet_stack *s = lc ? lc->stack : NULL;
  int rc = xnet__stack_resolve(&s);
  if (rc < 0) return xnet__fail("listen", network, NULL, NULL, rc);
  xnet_network n;
  xnet_addr la;
  if ((rc = resolve_local(s, "listen", network, address, &n, &la)) < 0)
    return rc;
  rc = listen_packet(s, &n, &la, lc, address, out);
  return rc < 0 ? xnet__fail("listen", network, NULL, &la, rc) : 0;
}

int xnet_listen(const char *network, const char *address,
                xnet_listener **out) {
  return xnet_listen_config_listen(NULL, network, address, out);
}

int xnet_listen_packet(const char *network, const char *address,
                       xnet_conn **out) {
  return xnet_listen_config_listen_packet(NULL, network, address, out);
}

static int typed_network(const char *network, const xnet_addr *la,
                         xnet_network *n) {
  int rc = xnet_network_parse(network, n);
  if (rc < 0) return rc;
  if (la && la->kind != XNET_KIND_NONE && la->kind != n->kind)
    return XNET_EINVAL;
  return 0;
}

int xnet_listen_addr(xnet_stack *s, const char *network, const xnet_addr *laddr,
                     xnet_listener **out) {
  *out = NULL;
  xnet_network n;
  int rc = typed_network(network, laddr, &n);
  if (rc == 0 && n.kind == XNET_KIND_SCTP) /* sctp_dial.c's */
    return xnet__sctp_listen_addr_any(s, network, laddr, out);
  if (rc == 0) rc = xnet__stack_resolve(&s);
  if (rc == 0) rc = listen_stream(s, &n, laddr, NULL, "", out);
  return rc < 0 ? xnet__fail("listen", network, NULL, laddr, rc) : 0;
}

int xnet_listen_packet_addr(xnet_stack *s, const char *network,
                            const xnet_addr *laddr, xnet_conn **out) {
  *out = NULL;
  xnet_network n;
  int rc = typed_network(network, laddr, &n);
  if (rc == 0) rc = xnet__stack_resolve(&s);
  if (rc == 0) rc = listen_packet(s, &n, laddr, NULL, "", out);
  return rc < 0 ? xnet__fail("listen", network, NULL, laddr, rc) : 0;
}

/* ---- listeners ---- */

typedef struct accept_call {
  xnet_listener *l;
  int sock;
  xnet_sockaddr peer;
} accept_call;

static int call_accept(void *ctx) {
  accept_call *k = ctx;
  xnet_stack *s = k->l->pd.stack;
  return s->ops.accept(s->inst, k->l->pd.sock, &k->sock, &k->peer);
}

int xnet_listener_accept(xnet_listener *l, xnet_conn **out) {
  *out = NULL;
  accept_call k = {l, -1, {0}};
  int rc = xnet__pd_enter(&l->pd);
  if (rc == 0) rc = xnet__pd_io(&l->pd, XNET__READ, call_accept, &k);
  if (rc == 0)
    rc = xnet__conn_new(l->pd.stack, k.sock, l->kind, l->net, true,
                        &l->accepted_local, &k.peer, out);
  if (rc == 0 && l->kind == XNET_KIND_SCTP) rc = xnet__sctp_accepted(out);
  if (rc < 0) xnet__fail("accept", l->net, NULL, &l->laddr, rc);
  xnet__pd_leave(&l->pd);
  return rc < 0 ? rc : 0;
}

int xnet_listener_set_deadline(xnet_listener *l, int64_t deadline) {
  if (atomic_load(&l->pd.closed))
    return xnet__fail("set", l->net, NULL, &l->laddr, XNET_ECLOSED);
  xnet__pd_set_deadline(&l->pd, XNET__READ, deadline);
  return 0;
}

int xnet_listener_addr(const xnet_listener *l, xnet_addr *out) {
  *out = l->laddr;
  return 0;
}

int xnet_listener_close(xnet_listener *l) {
  if (!l) return XNET_EINVAL;
  int rc = xnet__pd_close(&l->pd);
  if (l->unlink_on_close) {
    char path[XNET_UNIX_PATH_MAX + 1];
    memcpy(path, l->laddr.path, l->laddr.path_len);
    path[l->laddr.path_len] = '\0';
    l->pd.stack->ops.unlink_path(l->pd.stack->inst, path);
  }
  if (rc < 0) xnet__fail("close", l->net, NULL, &l->laddr, rc);
  free(l);
  return rc < 0 ? rc : 0;
}
