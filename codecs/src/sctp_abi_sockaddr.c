/* sctp_abi_sockaddr.c — sockaddr_in / sockaddr_in6 in a layout's flavour.
 *
 * Offsets are those of RFC 2553/3493 in both flavours: port at 2, IPv4
 * address at 4; IPv6 flowinfo at 4, address at 8, scope id at 24. Only the
 * first two bytes differ: a 16-bit host-order family (Linux) or a length
 * byte and a family byte (BSD). Port, address and flowinfo are in network
 * order, the scope id in host order. */
#include <string.h>

#include "sctp_abi_int.h"
#include "xnet/error.h"
#include "xnet/sctp_abi.h"

/* The family number at p, which holds at least two bytes. */
static uint16_t sa_family(const xnet_sctp_layout *l, const uint8_t *p) {
  return l->sa_len ? p[1] : sctp_rd16(l, p);
}

static void sa_set_family(const xnet_sctp_layout *l, uint8_t *p,
                          uint16_t family, uint8_t size) {
  if (l->sa_len) {
    p[0] = size;
    p[1] = (uint8_t)family;
  } else {
    sctp_wr16(l, p, family);
  }
}

int xnet_sctp_sockaddr_parse(const xnet_sctp_layout *layout, const uint8_t *b,
                             size_t n, xnet_sctp_addr *out) {
  if (out) memset(out, 0, sizeof *out);
  if (!layout || !b || !out) return XNET_EINVAL;
  if (n < 2) return XNET_ESHORT;
  uint16_t family = sa_family(layout, b);
  size_t size;
  if (family == 0) return 0; /* XNET_SCTP_AF_UNSPEC: no address */
  if (family == layout->af_inet)
    size = XNET_SCTP_SOCKADDR_IN_SIZE;
  else if (family == layout->af_inet6)
    size = XNET_SCTP_SOCKADDR_IN6_SIZE;
  else
    return XNET_EAFNOSUPPORT;
  if (n < size) return XNET_ESHORT;
  if (layout->sa_len && b[0] != size) return XNET_EBADADDR;
  out->port = xnet__get_be16(b + 2);
  if (size == XNET_SCTP_SOCKADDR_IN_SIZE) {
    out->family = XNET_SCTP_AF_INET;
    memcpy(out->ip, b + 4, 4);
  } else {
    out->family = XNET_SCTP_AF_INET6;
    out->flowinfo = xnet__get_be32(b + 4);
    memcpy(out->ip, b + 8, 16);
    out->scope_id = sctp_rd32(layout, b + 24);
  }
  return 0;
}

int xnet__sctp_sockaddr_slot_marshal(const xnet_sctp_layout *l,
                                     const xnet_sctp_addr *a, uint8_t *p,
                                     size_t slot_len) {
  memset(p, 0, slot_len);
  switch (a->family) {
  case XNET_SCTP_AF_UNSPEC:
    return 0;
  case XNET_SCTP_AF_INET:
    if (slot_len < XNET_SCTP_SOCKADDR_IN_SIZE) return XNET_ENOBUFS;
    sa_set_family(l, p, l->af_inet, XNET_SCTP_SOCKADDR_IN_SIZE);
    xnet__put_be16(p + 2, a->port);
    memcpy(p + 4, a->ip, 4);
    return 0;
  case XNET_SCTP_AF_INET6:
    if (slot_len < XNET_SCTP_SOCKADDR_IN6_SIZE) return XNET_ENOBUFS;
    sa_set_family(l, p, l->af_inet6, XNET_SCTP_SOCKADDR_IN6_SIZE);
    xnet__put_be16(p + 2, a->port);
    xnet__put_be32(p + 4, a->flowinfo);
    memcpy(p + 8, a->ip, 16);
    sctp_wr32(l, p + 24, a->scope_id);
    return 0;
  default:
    return XNET_EINVAL;
  }
}

int xnet_sctp_sockaddr_marshal(const xnet_sctp_layout *layout,
                               const xnet_sctp_addr *addr, uint8_t *buf,
                               size_t cap, size_t *len) {
  if (len) *len = 0;
  if (!layout || !addr || !len || (!buf && cap)) return XNET_EINVAL;
  size_t size;
  if (addr->family == XNET_SCTP_AF_INET)
    size = XNET_SCTP_SOCKADDR_IN_SIZE;
  else if (addr->family == XNET_SCTP_AF_INET6)
    size = XNET_SCTP_SOCKADDR_IN6_SIZE;
  else
    return XNET_EINVAL;
  *len = size;
  if (cap < size) return XNET_ENOBUFS;
  return xnet__sctp_sockaddr_slot_marshal(layout, addr, buf, size);
}
