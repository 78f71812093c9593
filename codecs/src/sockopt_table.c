/* sockopt_table.c — lookups in a profile's IP socket-option table and the
 * value layouts (ints, bytes, ip_mreqn, group_req, group_source_req). */
#include <string.h>

#include "xnet/sockopt_table.h"

static const char *const so_names[XNET_SO__MAX] = {
    [XNET_SO_IP_TOS] = "IP_TOS",
    [XNET_SO_IP_TTL] = "IP_TTL",
    [XNET_SO_IP_HDRINCL] = "IP_HDRINCL",
    [XNET_SO_IP_MULTICAST_IF] = "IP_MULTICAST_IF",
    [XNET_SO_IP_MULTICAST_TTL] = "IP_MULTICAST_TTL",
    [XNET_SO_IP_MULTICAST_LOOP] = "IP_MULTICAST_LOOP",
    [XNET_SO_IP_ICMP_FILTER] = "ICMP_FILTER",
    [XNET_SO_IP_JOIN_GROUP] = "MCAST_JOIN_GROUP",
    [XNET_SO_IP_LEAVE_GROUP] = "MCAST_LEAVE_GROUP",
    [XNET_SO_IP_JOIN_SOURCE_GROUP] = "MCAST_JOIN_SOURCE_GROUP",
    [XNET_SO_IP_LEAVE_SOURCE_GROUP] = "MCAST_LEAVE_SOURCE_GROUP",
    [XNET_SO_IP_BLOCK_SOURCE] = "MCAST_BLOCK_SOURCE",
    [XNET_SO_IP_UNBLOCK_SOURCE] = "MCAST_UNBLOCK_SOURCE",
    [XNET_SO_IPV6_TCLASS] = "IPV6_TCLASS",
    [XNET_SO_IPV6_UNICAST_HOPS] = "IPV6_UNICAST_HOPS",
    [XNET_SO_IPV6_MULTICAST_IF] = "IPV6_MULTICAST_IF",
    [XNET_SO_IPV6_MULTICAST_HOPS] = "IPV6_MULTICAST_HOPS",
    [XNET_SO_IPV6_MULTICAST_LOOP] = "IPV6_MULTICAST_LOOP",
    [XNET_SO_IPV6_PATHMTU] = "IPV6_PATHMTU",
    [XNET_SO_IPV6_CHECKSUM] = "IPV6_CHECKSUM",
    [XNET_SO_IPV6_ICMP6_FILTER] = "ICMP6_FILTER",
    [XNET_SO_IPV6_JOIN_GROUP] = "MCAST_JOIN_GROUP",
    [XNET_SO_IPV6_LEAVE_GROUP] = "MCAST_LEAVE_GROUP",
    [XNET_SO_IPV6_JOIN_SOURCE_GROUP] = "MCAST_JOIN_SOURCE_GROUP",
    [XNET_SO_IPV6_LEAVE_SOURCE_GROUP] = "MCAST_LEAVE_SOURCE_GROUP",
    [XNET_SO_IPV6_BLOCK_SOURCE] = "MCAST_BLOCK_SOURCE",
    [XNET_SO_IPV6_UNBLOCK_SOURCE] = "MCAST_UNBLOCK_SOURCE",
    [XNET_SO_ATTACH_FILTER] = "SO_ATTACH_FILTER",
};

const xnet_so_row *xnet_sockopt_row(const xnet_profile *p, xnet_so opt) {
  if (!p || !p->sockopt || (unsigned)opt >= XNET_SO__MAX)
    return NULL;
  const xnet_so_row *r = &p->sockopt->rows[opt];
  return r->name != 0 && r->kind != XNET_SO_KIND_NONE ? r : NULL;
}

const char *xnet_sockopt_name(xnet_so opt) {
  return (unsigned)opt < XNET_SO__MAX && so_names[opt] ? so_names[opt] : "?";
}

/* Writes a sockaddr_in / sockaddr_in6 of the flavour (port 0) at b, which
 * has room for a sockaddr_storage and is zeroed. */
static void put_sockaddr(const xnet_profile *p, uint8_t *b, const uint8_t *ip,
                         size_t len) {
  const xnet_sockopt_abi *a = p->sockopt;
  uint16_t fam = len == 4 ? a->af_inet : a->af_inet6;
  if (a->sa_len_byte) {
    b[0] = len == 4 ? 16 : 28; /* sin_len / sin6_len */
    b[1] = (uint8_t)fam;
  } else {
    xnet_profile_put_u16(p, b, fam); /* sa_family_t, host order */
  }
  /* sin_addr at 4; sin6_addr at 8 (after port and flowinfo). */
  memcpy(b + (len == 4 ? 4 : 8), ip, len);
}

int xnet_sockopt_group_marshal(const xnet_profile *p, xnet_so opt,
                               uint32_t ifindex, const uint8_t *group,
                               size_t group_len, const uint8_t *source,
                               size_t source_len, uint8_t *buf, size_t cap,
                               size_t *len) {
  if (len)
    *len = 0;
  const xnet_so_row *r = xnet_sockopt_row(p, opt);
  if (!r)
    return XNET_ENOTSUP;
  if (!len)
    return XNET_EINVAL;
  const xnet_sockopt_abi *a = p->sockopt;
  size_t need;
  switch (r->kind) {
  case XNET_SO_KIND_IP_MREQN:
    need = 12;
    if (group && group_len != 4)
      return XNET_EINVAL;
    break;
  case XNET_SO_KIND_GROUP_REQ:
    need = a->gr_size;
    if (!group || (group_len != 4 && group_len != 16))
      return XNET_EINVAL;
    break;
  case XNET_SO_KIND_GROUP_SOURCE_REQ:
    need = a->gsr_size;
    if (!group || (group_len != 4 && group_len != 16))
      return XNET_EINVAL;
    if (!source || source_len != group_len)
      return XNET_EINVAL;
    break;
  default:
    return XNET_ENOTSUP;
  }
  *len = need;
  if (!buf || cap < need)
    return XNET_ENOBUFS;
  memset(buf, 0, need);
  if (r->kind == XNET_SO_KIND_IP_MREQN) {
    /* {in_addr imr_multiaddr; in_addr imr_address; int imr_ifindex} */
    if (group)
      memcpy(buf, group, 4);
    xnet_profile_put_u32(p, buf + 8, ifindex);
    return 0;
  }
  xnet_profile_put_u32(p, buf, ifindex);
  if (r->kind == XNET_SO_KIND_GROUP_REQ) {
    put_sockaddr(p, buf + a->gr_group_off, group, group_len);
  } else {
    put_sockaddr(p, buf + a->gsr_group_off, group, group_len);
    put_sockaddr(p, buf + a->gsr_source_off, source, source_len);
  }
  return 0;
}

int xnet_sockopt_int_marshal(const xnet_profile *p, xnet_so opt, int v,
                             uint8_t *buf, size_t cap, size_t *len) {
  if (len)
    *len = 0;
  const xnet_so_row *r = xnet_sockopt_row(p, opt);
  if (!r || (r->kind != XNET_SO_KIND_INT && r->kind != XNET_SO_KIND_BYTE))
    return XNET_ENOTSUP;
  if (!len)
    return XNET_EINVAL;
  size_t need = r->kind == XNET_SO_KIND_BYTE ? 1 : 4;
  *len = need;
  if (r->kind == XNET_SO_KIND_BYTE && (v < 0 || v > 255))
    return XNET_EINVAL;
  if (!buf || cap < need)
    return XNET_ENOBUFS;
  if (need == 1)
    buf[0] = (uint8_t)v;
  else
    xnet_profile_put_u32(p, buf, (uint32_t)v);
  return 0;
}

int xnet_sockopt_int_parse(const xnet_profile *p, xnet_so opt, const uint8_t *b,
                           size_t n, int *out) {
  if (out)
    *out = 0;
  const xnet_so_row *r = xnet_sockopt_row(p, opt);
  if (!r || (r->kind != XNET_SO_KIND_INT && r->kind != XNET_SO_KIND_BYTE))
    return XNET_ENOTSUP;
  if (!b || !out)
    return XNET_EINVAL;
  if (n == 1)
    *out = b[0];
  else if (n == 4)
    *out = (int)xnet_profile_get_u32(p, b);
  else
    return XNET_EBADLEN;
  return 0;
}
