/* multicast.c — options whose value is an interface and a multicast group
 * (ops->setsockopt_group): the host structures are built here, where the
 * Linux layouts are known, from the portable (ifindex, group) pair.
 *
 *   XNET_IP_MULTICAST_IF       struct ip_mreqn {imr_ifindex}, as Go's
 *                              setIPv4MulticastInterface on Linux
 *   XNET_*_MCAST_JOIN_GROUP    struct group_req {gr_interface, gr_group}
 *   XNET_*_MCAST_LEAVE_GROUP   (RFC 3678), one form for both families and
 *                              for joining and leaving
 *
 * (level, name) come from the host's portable-sockopt table. */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "linux_int.h"

int xnet__linux_setsockopt_group(void *inst, int sock, xnet_sockopt opt,
                                 int ifindex, const xnet_sockaddr *group) {
  xnet_posix *p = inst;
  int family;
  switch (opt) {
  case XNET_IP_MULTICAST_IF: family = 0; break;
  case XNET_IP_MCAST_JOIN_GROUP:
  case XNET_IP_MCAST_LEAVE_GROUP: family = XNET_AF_INET; break;
  case XNET_IPV6_MCAST_JOIN_GROUP:
  case XNET_IPV6_MCAST_LEAVE_GROUP: family = XNET_AF_INET6; break;
  default: return XNET_EINVAL;
  }
  if (ifindex < 0) return XNET_EINVAL;
  xnet_posix_sockopt row;
  int rc = xnet__posix_sockopt_row(p->host->sockopts, opt, &row);
  if (rc < 0) return rc;
  int r;
  if (family == 0) {
    struct ip_mreqn m;
    memset(&m, 0, sizeof m);
    m.imr_ifindex = ifindex;
    r = p->sys.setsockopt(sock, row.level, row.name, &m, sizeof m);
  } else {
    if (!group || group->family != family) return XNET_EINVAL;
    struct group_req g;
    memset(&g, 0, sizeof g);
    g.gr_interface = (uint32_t)ifindex;
    socklen_t len;
    xnet_sockaddr a = *group;
    a.port = 0;
    rc = xnet__posix_sockaddr_to(&a, &g.gr_group, &len);
    if (rc < 0) return rc;
    r = p->sys.setsockopt(sock, row.level, row.name, &g, sizeof g);
  }
  return r < 0 ? xnet__posix_err(errno) : 0;
}
