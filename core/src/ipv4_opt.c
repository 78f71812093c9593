/* ipv4_opt.c — IPv4 socket options on conns (Go x/net/ipv4's
 * genericOpt, dgramOpt): TOS, TTL, multicast, ICMP filter, BPF. */
#include <string.h>

#include "ip_opt_int.h"
#include "xnet/error.h"

#define PROFILE(c) ((c)->pd.stack->ops.profile)

int xnet_ipv4_tos(xnet_conn *c, int *tos) {
  return xnet__ipopt_get_int(c, XNET_SO_IP_TOS, tos);
}
int xnet_ipv4_set_tos(xnet_conn *c, int tos) {
  return xnet__ipopt_set_int(c, XNET_SO_IP_TOS, tos);
}
int xnet_ipv4_ttl(xnet_conn *c, int *ttl) {
  return xnet__ipopt_get_int(c, XNET_SO_IP_TTL, ttl);
}
int xnet_ipv4_set_ttl(xnet_conn *c, int ttl) {
  return xnet__ipopt_set_int(c, XNET_SO_IP_TTL, ttl);
}

int xnet_ipv4_multicast_ttl(xnet_conn *c, int *ttl) {
  return xnet__ipopt_get_int(c, XNET_SO_IP_MULTICAST_TTL, ttl);
}
int xnet_ipv4_set_multicast_ttl(xnet_conn *c, int ttl) {
  return xnet__ipopt_set_int(c, XNET_SO_IP_MULTICAST_TTL, ttl);
}
int xnet_ipv4_multicast_loopback(xnet_conn *c, bool *on) {
  int v = 0;
  int rc = xnet__ipopt_get_int(c, XNET_SO_IP_MULTICAST_LOOP, &v);
  *on = v != 0;
  return rc;
}
int xnet_ipv4_set_multicast_loopback(xnet_conn *c, bool on) {
  return xnet__ipopt_set_int(c, XNET_SO_IP_MULTICAST_LOOP, on ? 1 : 0);
}
int xnet_ipv4_set_multicast_interface(xnet_conn *c, int ifindex) {
  return xnet__ipopt_set_mcast_if(c, XNET_SO_IP_MULTICAST_IF, ifindex);
}

int xnet_ipv4_join_group(xnet_conn *c, int ifindex, const xnet_ip *group) {
  return xnet__ipopt_group(c, XNET_SO_IP_JOIN_GROUP, XNET_AF_INET, ifindex,
                           group, NULL);
}
int xnet_ipv4_leave_group(xnet_conn *c, int ifindex, const xnet_ip *group) {
  return xnet__ipopt_group(c, XNET_SO_IP_LEAVE_GROUP, XNET_AF_INET, ifindex,
                           group, NULL);
}
int xnet_ipv4_join_source_specific_group(xnet_conn *c, int ifindex,
                                         const xnet_ip *group,
                                         const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IP_JOIN_SOURCE_GROUP, XNET_AF_INET,
                           ifindex, group, source);
}
int xnet_ipv4_leave_source_specific_group(xnet_conn *c, int ifindex,
                                          const xnet_ip *group,
                                          const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IP_LEAVE_SOURCE_GROUP, XNET_AF_INET,
                           ifindex, group, source);
}
int xnet_ipv4_exclude_source_specific_group(xnet_conn *c, int ifindex,
                                            const xnet_ip *group,
                                            const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IP_BLOCK_SOURCE, XNET_AF_INET, ifindex,
                           group, source);
}
int xnet_ipv4_include_source_specific_group(xnet_conn *c, int ifindex,
                                            const xnet_ip *group,
                                            const xnet_ip *source) {
  return xnet__ipopt_group(c, XNET_SO_IP_UNBLOCK_SOURCE, XNET_AF_INET, ifindex,
                           group, source);
}

int xnet_ipv4_icmp_filter(xnet_conn *c, xnet_icmp4_filter *f) {
  memset(f, 0, sizeof *f);
  uint8_t b[XNET_ICMP4_FILTER_SIZE];
  size_t n = sizeof b;
  int rc = xnet__ipopt_get_bytes(c, XNET_SO_IP_ICMP_FILTER, b, &n);
  if (rc < 0)
    return rc;
  rc = xnet_icmp4_filter_parse(PROFILE(c), b, n, f);
  return rc < 0 ? xnet__ipopt_fail(c, "get", XNET_SO_IP_ICMP_FILTER, rc) : 0;
}

int xnet_ipv4_set_icmp_filter(xnet_conn *c, const xnet_icmp4_filter *f) {
  uint8_t b[XNET_ICMP4_FILTER_SIZE];
  size_t n;
  int rc = xnet_icmp4_filter_marshal(PROFILE(c), f, b, sizeof b, &n);
  if (rc < 0)
    return xnet__ipopt_fail(c, "set", XNET_SO_IP_ICMP_FILTER, rc);
  return xnet__ipopt_set_bytes(c, XNET_SO_IP_ICMP_FILTER, b, n);
}

int xnet_ipv4_set_bpf(xnet_conn *c, const xnet_bpf_insn *prog, size_t n) {
  return xnet__ipopt_set_bpf(c, prog, n);
}

int xnet_ipv4_set_control_message(xnet_conn *c, uint32_t flags, bool on) {
  return xnet__ipopt_set_cm(c, false, flags, on);
}
