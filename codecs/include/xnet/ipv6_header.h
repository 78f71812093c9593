/* xnet/ipv6_header.h — the fixed IPv6 header (RFC 8200): parse, marshal,
 * String. Extension headers are not decoded: next_header names the first.
 *
 * The IPv6 header has one layout everywhere (network order): no profile.
 * Addresses are plain byte arrays in network order; xnet/address.h formats
 * them for other uses.
 *
 * Thread-safety: every function is reentrant (no state, no allocation).
 */
#ifndef XNET_IPV6_HEADER_H
#define XNET_IPV6_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/error.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Go: ipv6.Version, ipv6.HeaderLen. */
#define XNET_IPV6_VERSION 6
#define XNET_IPV6_HEADER_LEN 40

/* Go: ipv6.Header. Integer fields hold exactly the wire field's range. */
typedef struct xnet_ipv6_header {
  uint8_t version;       /* 6 after a successful parse */
  uint8_t traffic_class; /* DSCP + ECN */
  uint16_t payload_len;  /* bytes after this 40-byte header */
  uint32_t flow_label;   /* 20 bits */
  uint8_t next_header;   /* first extension header or upper protocol */
  uint8_t hop_limit;
  uint8_t src[16];       /* source address, network order */
  uint8_t dst[16];       /* destination address, network order */
} xnet_ipv6_header;

/* xnet_ipv6_header_parse parses the 40-byte header at b[0..n); bytes after
 * it are payload and are not read. payload_len is not checked against n.
 * Go: ipv6.ParseHeader (which does not check the version; xnet does).
 * Errors: XNET_ESHORT (n < 40), XNET_EBADVERSION (version != 6).
 * *out zeroed on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_header_parse(const uint8_t *b, size_t n, xnet_ipv6_header *out);

/* xnet_ipv6_header_marshal writes h (40 bytes; version always 6, flow_label
 * masked to 20 bits) into buf[0..cap) and sets *len to 40.
 * Go: none (x/net/ipv6 has no Header.Marshal; provided for round trips).
 * Errors: XNET_ENOBUFS (cap < 40; *len = 40), XNET_EINVAL (NULL h, or NULL
 * buf with cap > 0). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_header_marshal(const xnet_ipv6_header *h, uint8_t *buf, size_t cap,
                         size_t *len);

/* xnet_ipv6_header_format writes Go's Header.String form into buf[0..n)
 * with snprintf semantics and returns the length the full text needs:
 * "ver=6 tclass=0x0 flowlbl=0x0 payloadlen=32 nxthdr=58 hoplim=255
 *  src=fe80::1 dst=ff02::1" (addresses as Go's net.IP.String: RFC 5952,
 * IPv4-mapped addresses in dotted form). A NULL h gives "<nil>".
 * Go: ipv6.Header.String. Errors: none. */
XNET_API int xnet_ipv6_header_format(const xnet_ipv6_header *h, char *buf,
                                     size_t n);

#ifdef __cplusplus
}
#endif
#endif /* XNET_IPV6_HEADER_H */
