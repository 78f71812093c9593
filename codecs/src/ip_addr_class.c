/* ip_addr_class.c — the IP.Is* classification methods and Go's well-known
 * address variables.
 *
 * Each predicate first reduces an IPv4 address (4-byte or IPv4-mapped) to
 * its 4 bytes, as Go's methods do with To4, so both forms classify alike.
 */
#include <string.h>

#include "ip_addr_int.h"
#include "xnet/address.h"

#define V4(a, b, c, d)                                                         \
  {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d}, 16, ""}
#define V6(b0, b1, b15)                                                        \
  {{b0, b1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b15}, 16, ""}

const xnet_ip xnet_ipv4_bcast = V4(255, 255, 255, 255);
const xnet_ip xnet_ipv4_allsys = V4(224, 0, 0, 1);
const xnet_ip xnet_ipv4_allrouter = V4(224, 0, 0, 2);
const xnet_ip xnet_ipv4_zero = V4(0, 0, 0, 0);
const xnet_ip xnet_ipv6_unspecified = V6(0, 0, 0);
const xnet_ip xnet_ipv6_loopback = V6(0, 0, 1);
const xnet_ip xnet_ipv6_interfacelocalallnodes = V6(0xff, 0x01, 1);
const xnet_ip xnet_ipv6_linklocalallnodes = V6(0xff, 0x02, 1);
const xnet_ip xnet_ipv6_linklocalallrouters = V6(0xff, 0x02, 2);

/* The 4 IPv4 bytes of ip, or NULL when ip is not IPv4 (Go's To4). */
static const uint8_t *v4_bytes(const xnet_ip *ip) {
  if (ip->len == 4)
    return ip->bytes;
  if (ip->len == 16 && memcmp(ip->bytes, xnet__v4_in_v6_prefix, 12) == 0)
    return ip->bytes + 12;
  return NULL;
}

bool xnet_ip_is_unspecified(const xnet_ip *ip) {
  return xnet_ip_equal(ip, &xnet_ipv4_zero) ||
         xnet_ip_equal(ip, &xnet_ipv6_unspecified);
}

bool xnet_ip_is_loopback(const xnet_ip *ip) {
  const uint8_t *v4 = v4_bytes(ip);
  if (v4)
    return v4[0] == 127;
  return xnet_ip_equal(ip, &xnet_ipv6_loopback);
}

bool xnet_ip_is_private(const xnet_ip *ip) {
  const uint8_t *v4 = v4_bytes(ip);
  if (v4)
    return v4[0] == 10 || (v4[0] == 172 && (v4[1] & 0xf0) == 16) ||
           (v4[0] == 192 && v4[1] == 168);
  return ip->len == 16 && (ip->bytes[0] & 0xfe) == 0xfc;
}

bool xnet_ip_is_multicast(const xnet_ip *ip) {
  const uint8_t *v4 = v4_bytes(ip);
  if (v4)
    return (v4[0] & 0xf0) == 0xe0;
  return ip->len == 16 && ip->bytes[0] == 0xff;
}

bool xnet_ip_is_interface_local_multicast(const xnet_ip *ip) {
  return ip->len == 16 && ip->bytes[0] == 0xff && (ip->bytes[1] & 0x0f) == 0x01;
}

bool xnet_ip_is_link_local_multicast(const xnet_ip *ip) {
  const uint8_t *v4 = v4_bytes(ip);
  if (v4)
    return v4[0] == 224 && v4[1] == 0 && v4[2] == 0;
  return ip->len == 16 && ip->bytes[0] == 0xff && (ip->bytes[1] & 0x0f) == 0x02;
}

bool xnet_ip_is_link_local_unicast(const xnet_ip *ip) {
  const uint8_t *v4 = v4_bytes(ip);
  if (v4)
    return v4[0] == 169 && v4[1] == 254;
  return ip->len == 16 && ip->bytes[0] == 0xfe && (ip->bytes[1] & 0xc0) == 0x80;
}

bool xnet_ip_is_global_unicast(const xnet_ip *ip) {
  return (ip->len == 4 || ip->len == 16) &&
         !xnet_ip_equal(ip, &xnet_ipv4_bcast) && !xnet_ip_is_unspecified(ip) &&
         !xnet_ip_is_loopback(ip) && !xnet_ip_is_multicast(ip) &&
         !xnet_ip_is_link_local_unicast(ip);
}
