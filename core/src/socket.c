/* socket.c — creating a socket for a network the way Go does. */
#include "core_int.h"
#include "xnet/error.h"

int xnet__socket(xnet_stack *s, const xnet_network *n, int family,
                 bool listener, xnet_control_fn control, void *control_arg,
                 const char *address, int *sock) {
  *sock = -1;
  int fd;
  int rc = s->ops.socket(s->inst, family, xnet__sock_type(n->kind),
                         n->kind == XNET_KIND_IP ? n->protocol : 0, &fd);
  if (rc < 0) return rc;
  /* Go's defaults: a wildcard "tcp"/"udp" socket is dual-stack; listeners
   * reuse addresses; UDP and raw IPv4 may broadcast. */
  /* Raw sockets take no IPV6_V6ONLY (Linux refuses it): Go skips them. */
  bool v6 = family == XNET_AF_INET6 && n->kind != XNET_KIND_IP;
  if (v6 && n->family == XNET_AF_UNSPEC)
    rc = s->ops.setsockopt(s->inst, fd, XNET_IPV6_V6ONLY, 0);
  else if (v6 && n->family == XNET_AF_INET6)
    rc = s->ops.setsockopt(s->inst, fd, XNET_IPV6_V6ONLY, 1);
  if (rc == 0 && listener && n->kind == XNET_KIND_TCP)
    rc = s->ops.setsockopt(s->inst, fd, XNET_SO_REUSEADDR, 1);
  if (rc == 0 && (n->kind == XNET_KIND_UDP ||
                  (n->kind == XNET_KIND_IP && family == XNET_AF_INET)))
    rc = s->ops.setsockopt(s->inst, fd, XNET_SO_BROADCAST, 1);
  if (rc == 0 && control) rc = control(control_arg, n->name, address, fd);
  if (rc < 0) {
    s->ops.close(s->inst, fd);
    return rc;
  }
  *sock = fd;
  return 0;
}
