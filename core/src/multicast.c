/* multicast.c — ListenMulticastUDP: a UDP conn that has joined a group.
 *
 * The steps are Go's (udpsock_posix.go listenMulticastUDP and
 * sockopt_posix.go): a reusable-address UDP socket, bound, then on the
 * interface (when given) the multicast sending interface, loopback of its
 * own datagrams off, and the join. One deliberate difference: the socket
 * is bound to the group address, not the wildcard, so it receives only
 * the group's datagrams (golang.org/issue/73484). A link-local or
 * interface-local IPv6 group needs the interface as its scope to bind. */
#include <string.h>

#include "core_int.h"
#include "xnet/error.h"

/* Checks what Go checks before any system call. */
static int check(const xnet_network *n, const xnet_addr *gaddr) {
  if (n->kind != XNET_KIND_UDP) return XNET_EUNKNOWNNET;
  if (!gaddr || gaddr->kind != XNET_KIND_UDP || gaddr->ip.len == 0 ||
      !xnet_ip_is_multicast(&gaddr->ip))
    return XNET_EBADADDR;
  xnet_ip v4;
  bool is4 = xnet_ip_to4(&gaddr->ip, &v4) == 0;
  if ((n->family == XNET_AF_INET && !is4) ||
      (n->family == XNET_AF_INET6 && is4))
    return XNET_ENOSUITABLEADDR;
  return 0;
}

/* Configures and joins the bound socket (Go's listenIPv4MulticastUDP and
 * listenIPv6MulticastUDP). */
static int join(xnet_stack *s, int sock, int family, int ifindex,
                const xnet_sockaddr *group) {
  bool v4 = family == XNET_AF_INET;
  int rc = 0;
  if (ifindex > 0)
    rc = v4 ? s->ops.setsockopt_group(s->inst, sock, XNET_IP_MULTICAST_IF,
                                      ifindex, NULL)
            : s->ops.setsockopt(s->inst, sock, XNET_IPV6_MULTICAST_IF,
                                ifindex);
  if (rc == 0)
    rc = s->ops.setsockopt(s->inst, sock,
                           v4 ? XNET_IP_MULTICAST_LOOP
                              : XNET_IPV6_MULTICAST_LOOP,
                           0);
  xnet_sockaddr g = *group;
  g.port = 0;
  g.scope_id = 0; /* the interface is the request's own field */
  xnet_sockopt opt = v4 ? XNET_IP_MCAST_JOIN_GROUP : XNET_IPV6_MCAST_JOIN_GROUP;
  if (rc == 0) rc = s->ops.setsockopt_group(s->inst, sock, opt, ifindex, &g);
  return rc;
}

static int listen_group(xnet_stack *s, const xnet_network *n,
                        const xnet_interface *ifi, const xnet_addr *gaddr,
                        xnet_conn **out) {
  int family = xnet__addr_family(n, gaddr, NULL);
  int ifindex = ifi ? ifi->index : 0;
  xnet_sockaddr sa;
  int rc = xnet__addr_to_sockaddr(s, gaddr, family, &sa);
  if (rc < 0) return rc;
  if (family == XNET_AF_INET6 && sa.scope_id == 0 &&
      (xnet_ip_is_link_local_multicast(&gaddr->ip) ||
       xnet_ip_is_interface_local_multicast(&gaddr->ip)))
    sa.scope_id = (uint32_t)ifindex;
  int sock;
  rc = xnet__socket(s, n, family, false, NULL, NULL, "", &sock);
  if (rc < 0) return rc;
  /* Go's setDefaultMulticastSockopts: several listeners may share the
   * group and port. */
  rc = s->ops.setsockopt(s->inst, sock, XNET_SO_REUSEADDR, 1);
  if (rc == 0) rc = s->ops.bind(s->inst, sock, &sa);
  if (rc == 0) rc = join(s, sock, family, ifindex, &sa);
  if (rc < 0) {
    s->ops.close(s->inst, sock);
    return rc;
  }
  return xnet__conn_new(s, sock, XNET_KIND_UDP, n->name, false, NULL, NULL, out);
}

int xnet_listen_multicast_udp(xnet_stack *s, const char *network,
                              const xnet_interface *ifi,
                              const xnet_addr *gaddr, xnet_conn **out) {
  *out = NULL;
  xnet_network n;
  int rc = xnet_network_parse(network, &n);
  if (rc == 0) rc = check(&n, gaddr);
  if (rc == 0 && (rc = xnet__stack_resolve(&s)) == 0)
    rc = listen_group(s, &n, ifi, gaddr, out);
  if (rc < 0) {
    const xnet_addr *a = gaddr && gaddr->kind != XNET_KIND_NONE ? gaddr : NULL;
    return xnet__fail("listen", network, NULL, a, rc);
  }
  return 0;
}
