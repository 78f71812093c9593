/* ipv6_opt.c — IPv6 socket options on conns (Go x/net/ipv6's
 * genericOpt, dgramOpt): traffic class, hop limits, path MTU, multicast,
 * ICMPv6 filter, BPF, raw checksum offset. */
#include <string.h>

#include "ip_opt_int.h"
#include "xnet/error.h"
#include "xnet/ipv6.h"

#define PROFILE(c) ((c)->pd.stack->ops.profile)

int xnet_ipv6_traffic_class(xnet_conn *c, int *tclass) {
  return xnet__ipopt_get_int(c, XNET_SO_IPV6_TCLASS, tclass);
}
int xnet_ipv6_set_traffic_class(xnet_conn *c, int tclass) {
  return xnet__ipopt_set_int(c, XNET_SO_IPV6_TCLASS, tclass);
}
int xnet_ipv6_hop_limit(xnet_conn *c, int *hops) {
  return xnet__ipopt_get_int(c, XNET_SO_IPV6_UNICAST_HOPS, hops);
}
int xnet_ipv6_set_hop_limit(xnet_conn *c, int hops) {
  return xnet__ipopt_set_int(c, XNET_SO_IPV6_UNICAST_HOPS, hops);
}

int xnet_ipv6_path_mtu(xnet_conn *c, int *mtu) {
  *mtu = 0;
  /* struct ip6_mtuinfo {struct sockaddr_in6 ip6m_addr; u32 ip6m_mtu}. */
  uint8_t b[32];
  size_t n = sizeof b;
  int rc = xnet__ipopt_get_bytes(c, XNET_SO_IPV6_PATHMTU, b, &n);
  if (rc < 0)
    return rc;
  if (n != sizeof b)
    return xnet__ipopt_fail(c, "get", XNET_SO_IPV6_PATHMTU, XNET_EBADLEN);
  *mtu = (int)xnet_profile_get_u32(PROFILE(c), b + 28);
  return 0;
}

int xnet_ipv6_multicast_hop_limit(xnet_conn *c, int *hops) {
  return xnet__ipopt_get_int(c, XNET_SO_IPV6_MULTICAST_HOPS, hops);
}
int xnet_ipv6_set_multicast_hop_limit(xnet_conn *c, int hops) {
  return xnet__ipopt_set_int(c, XNET_SO_IPV6_MULTICAST_HOPS, hops);
}
int xnet_ipv6_multicast_loopback(xnet_conn *c, bool *on) {
  int v = 0;
  int rc = xnet__ipopt_get_int(c, XNET_SO_IPV6_MULTICAST_LOOP, &v);
  *on = v != 0;
  return rc;
}
int xnet_ipv6_set_multicast_loopback(xnet_conn *c, bool on) {
  return xnet__ipopt_set_int(c, XNET_SO_IPV6_MULTICAST_LOOP, on ? 1 : 0);
}
int xnet_ipv6_multicast_interface(xnet_conn *c, int *ifindex) {
  return xnet__ipopt_get_int(c, XNET_SO_IPV6_MULTICAST_IF, ifindex);
}
int xnet_ipv6_set_multicast_interface(xnet_conn *c, int ifindex) {
  return xnet__ipopt_set_mcast_if(c, XNET_SO_IPV6_MULTICAST_IF, ifindex);
}

int xnet_ipv6_join_group(xnet_conn *c, int ifindex, const xnet_ip *group) {
  return xnet__ipopt_group(c, XNET_SO_IPV6_JOIN_GROUP, XNET_AF_INET6, ifindex,
                           group, NULL);
}
int xnet_ipv6_leave_group(xnet_conn *c, int ifindex, const xnet_ip *group) {
  return xnet__ipopt_group(c, XNET_SO_IPV6_LEAVE_GROUP, XNET_AF_INET6, ifindex,
                           group, NULL);
}
int xnet_ipv6_join_source_specific_group(xnet_conn *c, int ifindex,
                                         const xnet_ip *group,
                                         const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IPV6_JOIN_SOURCE_GROUP, XNET_AF_INET6,
                           ifindex, group, source);
}
int xnet_ipv6_leave_source_specific_group(xnet_conn *c, int ifindex,
                                          const xnet_ip *group,
                                          const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IPV6_LEAVE_SOURCE_GROUP, XNET_AF_INET6,
                           ifindex, group, source);
}
int xnet_ipv6_exclude_source_specific_group(xnet_conn *c, int ifindex,
                                            const xnet_ip *group,
                                            const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IPV6_BLOCK_SOURCE, XNET_AF_INET6, ifindex,
                           group, source);
}
int xnet_ipv6_include_source_specific_group(xnet_conn *c, int ifindex,
                                            const xnet_ip *group,
                                            const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IPV6_UNBLOCK_SOURCE, XNET_AF_INET6,
                           ifindex, group, source);
}

int xnet_ipv6_icmp_filter(xnet_conn *c, xnet_icmp6_filter *f) {
  memset(f, 0, sizeof *f);
  uint8_t b[XNET_ICMP6_FILTER_SIZE];
  size_t n = sizeof b;
  int rc = xnet__ipopt_get_bytes(c, XNET_SO_IPV6_ICMP6_FILTER, b, &n);
  if (rc < 0)
    return rc;
  rc = xnet_icmp6_filter_parse(PROFILE(c), b, n, f);
  return rc < 0 ? xnet__ipopt_fail(c, "get", XNET_SO_IPV6_ICMP6_FILTER, rc) : 0;
}

int xnet_ipv6_set_icmp_filter(xnet_conn *c, const xnet_icmp6_filter *f) {
  uint8_t b[XNET_ICMP6_FILTER_SIZE];
  size_t n;
  int rc = xnet_icmp6_filter_marshal(PROFILE(c), f, b, sizeof b, &n);
  if (rc < 0)
    return xnet__ipopt_fail(c, "set", XNET_SO_IPV6_ICMP6_FILTER, rc);
  return xnet__ipopt_set_bytes(c, XNET_SO_IPV6_ICMP6_FILTER, b, n);
}

int xnet_ipv6_set_bpf(xnet_conn *c, const xnet_bpf_insn *prog, size_t n) {
  return xnet__ipopt_set_bpf(c, prog, n);
}

int xnet_ipv6_checksum(xnet_conn *c, bool *on, int *offset) {
  int v = -1;
  int rc = xnet__ipopt_get_int(c, XNET_SO_IPV6_CHECKSUM, &v);
  /* Go: the option is off at -1 (RFC 3542). */
  *on = rc == 0 && v >= 0;
  *offset = *on ? v : 0;
  return rc;
}

int xnet_ipv6_set_checksum(xnet_conn *c, bool on, int offset) {
  return xnet__ipopt_set_int(c, XNET_SO_IPV6_CHECKSUM, on ? offset : -1);
}

int xnet_ipv6_set_control_message(xnet_conn *c, uint32_t flags, bool on) {
  return xnet__ipopt_set_cm(c, true, flags, on);
}
