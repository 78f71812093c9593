/* xnet/ip_net.h — IP networks (Go's IPNet) and CIDR text (ParseCIDR).
 *
 * Thread-safety: every function is reentrant.
 */
#ifndef XNET_IP_NET_H
#define XNET_IP_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "xnet/address.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Enough for any formatted xnet_ip_net: an address (no zone), '/', and a
 * 32-digit hex mask, with the NUL. */
#define XNET_IP_NET_STRLEN (XNET_IP_STRLEN + 1 + 32)

/* Go's net.IPNet: a network number and a mask. ip.zone is not used. */
typedef struct xnet_ip_net {
  xnet_ip ip;
  xnet_ip_mask mask;
} xnet_ip_net;

/* xnet_ip_net_parse parses CIDR text, "192.0.2.1/24" or "2001:db8::/32":
 * an address as xnet_ip_parse takes it (no zone), '/', and a decimal prefix
 * length (leading zeros allowed, as Go's dtoi) of at most 32 for dotted
 * IPv4 text and 128 for IPv6 text (::ffff:a.b.c.d counts as IPv6). Stores
 * the address in its 16-byte form in *ip (may be NULL) and the network —
 * the address masked, 4 bytes for IPv4 text — in *net.
 * Go: net.ParseCIDR.
 * Errors: XNET_EBADCIDR (*ip and *net zeroed); Go's error text is
 * xnet_addr_error_format(XNET_EBADCIDR, s, n, ...) =
 * "invalid CIDR address: <s>". */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ip_net_parse(const char *s, size_t n, xnet_ip *ip, xnet_ip_net *net);

/* xnet_ip_net_contains reports whether ip lies in net: an IPv4 ip (4-byte
 * or mapped) matches an IPv4 network, a 16-byte mask applies to an IPv4
 * network through its last 4 bytes. Go: IPNet.Contains. */
XNET_API bool xnet_ip_net_contains(const xnet_ip_net *net, const xnet_ip *ip);

/* xnet_ip_net_format prints "<ip>/<prefix length>", or "<ip>/<hex mask>"
 * when the mask is not ones-then-zeros ("1.2.3.0/ffff00ff"); the address is
 * printed as stored, not masked. A network whose address and mask lengths
 * do not fit together prints "<nil>". snprintf semantics.
 * Go: IPNet.String. Errors: none. */
XNET_API int xnet_ip_net_format(const xnet_ip_net *net, char *buf,
                                size_t cap);

/* xnet_ip_net_network returns the network name of an IPNet, "ip+net"
 * (static string). Go: IPNet.Network. */
XNET_API const char *xnet_ip_net_network(const xnet_ip_net *net);

#ifdef __cplusplus
}
#endif
#endif /* XNET_IP_NET_H */
