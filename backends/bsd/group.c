/* group.c — multicast group options on the BSDs without RFC 3678 (NetBSD,
 * OpenBSD, DragonFly; flavour->mreq_groups), in the 4.4BSD forms Go's
 * x/net uses there (sys_bsd.go: ssoTypeIPMreq, ssoTypeInetAddr):
 *
 *   IP_MULTICAST_IF    struct in_addr: an address of the interface
 *   IP_ADD_MEMBERSHIP  struct ip_mreq {imr_multiaddr; imr_interface}
 *   IP_DROP_MEMBERSHIP (8 bytes, both in network order)
 *   IPV6_JOIN_GROUP    struct ipv6_mreq {ipv6mr_multiaddr;
 *   IPV6_LEAVE_GROUP   unsigned ipv6mr_interface} (20 bytes, the index in
 *                      the kernel's byte order)
 *
 * The IPv4 forms name the interface by one of its addresses, not by its
 * index: the index becomes the first IPv4 address the interface list
 * gives for it (Go's netInterfaceToIP4), index 0 the wildcard (the kernel
 * chooses). An interface without an IPv4 address cannot be named this way:
 * XNET_EADDRNOTAVAIL (Go: "no such network interface"). A leave names
 * the interface the same way as its join, so the kernel finds the
 * membership. The numbers are the flavour's sockopts rows (flavours.c:
 * IP_ADD_MEMBERSHIP 12 / IP_DROP_MEMBERSHIP 13 from sys/netinet/in.h,
 * IPV6_JOIN_GROUP 12 / IPV6_LEAVE_GROUP 13 from netinet6/in6.h of NetBSD,
 * OpenBSD and DragonFly). Portable: no BSD header. */
#include <stdlib.h>
#include <string.h>

#include "bsd_int.h"

/* The first IPv4 address of interface ifindex (0: 0.0.0.0) into out. */
static int interface_in_addr(xnet_bsd *b, int ifindex, uint8_t out[4]) {
  memset(out, 0, 4);
  if (ifindex == 0) return 0;
  xnet_ip_net small[16];
  xnet_ip_net *list = small;
  int n = xnet__posix_interface_addrs(&b->posix, ifindex, small, 16);
  if (n > 16) { /* more addresses than fit: ask again for all of them */
    list = malloc((size_t)n * sizeof *list);
    if (!list) return XNET_ENOMEM;
    int again = xnet__posix_interface_addrs(&b->posix, ifindex, list,
                                            (size_t)n);
    n = again < n ? again : n;
  }
  int rc = XNET_EADDRNOTAVAIL;
  for (int i = 0; i < n; i++)
    if (list[i].ip.len == 4) {
      memcpy(out, list[i].ip.bytes, 4);
      rc = 0;
      break;
    }
  if (n < 0) rc = n;
  if (list != small) free(list);
  return rc;
}

/* The group's address bytes for family (4 or 16; an IPv4 group may come
 * IPv4-mapped). */
static int group_bytes(const xnet_sockaddr *group, int family,
                       const uint8_t **g, size_t *len) {
  if (!group || group->family != family) return XNET_EINVAL;
  *len = family == XNET_AF_INET ? 4 : 16;
  *g = group->ip.bytes;
  if (*len == 4 && group->ip.len == 16) *g += 12;
  else if (group->ip.len != *len) return XNET_EINVAL;
  return 0;
}

int xnet__bsd_group_mreq(xnet_bsd *b, int sock, xnet_sockopt opt,
                         int ifindex, const xnet_sockaddr *group) {
  xnet_posix_sockopt row;
  int rc = xnet__posix_sockopt_row(b->host.sockopts, opt, &row);
  if (rc < 0) return rc;
  uint8_t v[20];
  size_t len;
  const uint8_t *g = NULL;
  size_t glen = 0;
  switch (opt) {
  case XNET_IP_MULTICAST_IF: /* struct in_addr */
    rc = interface_in_addr(b, ifindex, v);
    len = 4;
    break;
  case XNET_IP_MCAST_JOIN_GROUP: /* struct ip_mreq */
  case XNET_IP_MCAST_LEAVE_GROUP:
    rc = group_bytes(group, XNET_AF_INET, &g, &glen);
    if (rc == 0) rc = interface_in_addr(b, ifindex, v + 4);
    if (rc == 0) memcpy(v, g, 4);
    len = 8;
    break;
  case XNET_IPV6_MCAST_JOIN_GROUP: /* struct ipv6_mreq */
  case XNET_IPV6_MCAST_LEAVE_GROUP:
    rc = group_bytes(group, XNET_AF_INET6, &g, &glen);
    if (rc == 0) {
      memcpy(v, g, 16);
      xnet_profile_put_u32(b->flavour->profile, v + 16, (uint32_t)ifindex);
    }
    len = 20;
    break;
  default: return XNET_EINVAL;
  }
  if (rc < 0) return rc;
  return xnet__posix_setsockopt_raw(b, sock, row.level, row.name, v, len);
}
