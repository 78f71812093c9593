/* xnet/ipv6_cmsg.h — per-packet IPv6 control messages (x/net/ipv6's
 * ControlMessage): traffic class, hop limit, source/destination and
 * interface (in6_pktinfo), next hop, path MTU.
 *
 * The RFC 3542 messages are the same on every flavour; their numbers, the
 * cmsg geometry and the sockaddr_in6 layout (BSDs start it with sin6_len)
 * come from the profile (xnet/cmsg.h). Sending: IPV6_TCLASS, IPV6_HOPLIMIT,
 * IPV6_PKTINFO (src, ifindex) and IPV6_NEXTHOP, in that order, as Go's
 * Marshal. Receiving: IPV6_TCLASS, IPV6_HOPLIMIT, IPV6_PKTINFO (dst,
 * ifindex) and IPV6_PATHMTU (ip6_mtuinfo: dst, ifindex from the scope id,
 * mtu). Linux has no IPV6_NEXTHOP cmsg (sendmsg rejects it), so there, as
 * in Go, a next hop is left out. Unknown messages are skipped.
 *
 * Truncation (MSG_CTRUNC): as in xnet/ipv4_cmsg.h — whole options are
 * kept, `cut` names the cut ones, and parse returns XNET_ETRUNCATED.
 *
 * Thread-safety: reentrant.
 */
#ifndef XNET_IPV6_CMSG_H
#define XNET_IPV6_CMSG_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/profile.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Control flags (Go: ipv6.ControlFlags): which options to receive, and in
 * xnet_ipv6_cmsg.has / .cut which fields hold a value. */
enum {
  XNET_IPV6_FLAG_TRAFFIC_CLASS = 1 << 0, /* Go: FlagTrafficClass */
  XNET_IPV6_FLAG_HOP_LIMIT = 1 << 1,     /* Go: FlagHopLimit */
  XNET_IPV6_FLAG_SRC = 1 << 2,           /* Go: FlagSrc */
  XNET_IPV6_FLAG_DST = 1 << 3,           /* Go: FlagDst */
  XNET_IPV6_FLAG_INTERFACE = 1 << 4,     /* Go: FlagInterface */
  XNET_IPV6_FLAG_PATH_MTU = 1 << 5,      /* Go: FlagPathMTU */
  XNET_IPV6_FLAG_NEXT_HOP = 1 << 6       /* xnet: next_hop is set (only
                                            meaningful in .has) */
};

/* One packet's IPv6 options (Go: ipv6.ControlMessage). Zero-initialise
 * before filling it for marshal. */
typedef struct xnet_ipv6_cmsg {
  uint32_t traffic_class; /* 1..255 when specifying, 0: not sent */
  uint32_t hop_limit;     /* 1..255 when specifying, 0: not sent */
  uint8_t src[16];        /* source, specifying only; has SRC */
  uint8_t dst[16];        /* destination, receiving only; has DST */
  uint32_t ifindex;       /* interface index; when specifying, 0: none */
  uint8_t next_hop[16];   /* next hop, specifying only; has NEXT_HOP */
  uint32_t mtu;           /* path MTU, receiving only */
  uint32_t has;           /* XNET_IPV6_FLAG_* of the fields holding a
                             value: parse sets it; marshal reads the SRC
                             and NEXT_HOP bits */
  uint32_t cut;           /* after parse: flags of options cut short */
} xnet_ipv6_cmsg;

/* xnet_ipv6_cmsg_space returns the receive-buffer size for the options
 * flags asks for on this flavour (Dst and Interface share one
 * in6_pktinfo). Go: ipv6.NewControlMessage (its length). Errors: none (0
 * for a profile without a cmsg ABI). */
XNET_API size_t xnet_ipv6_cmsg_space(const xnet_profile *p, uint32_t flags);

/* xnet_ipv6_cmsg_marshal encodes the sending options of in into buf, as
 * Go does: traffic class and hop limit when non-zero, in6_pktinfo when a
 * non-IPv4-mapped src is set or ifindex is non-zero, next hop (with
 * ifindex as its scope id) when a non-IPv4-mapped next_hop is set; what
 * the flavour lacks is left out. *len = bytes written (0 when nothing to
 * send, or in is NULL).
 * Go: (*ipv6.ControlMessage).Marshal.
 * Errors: XNET_ENOBUFS (cap too small; *len = the size needed);
 *   XNET_EINVAL (len NULL, or a profile without a cmsg ABI). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_cmsg_marshal(const xnet_profile *p, const xnet_ipv6_cmsg *in,
                       uint8_t *buf, size_t cap, size_t *len);

/* xnet_ipv6_cmsg_parse decodes the control buffer b[0..n) as received by
 * recvmsg on this flavour. Messages of other levels and unknown types are
 * skipped; a recognised option must have exactly its payload size.
 * Go: (*ipv6.ControlMessage).Parse.
 * Errors: XNET_ETRUNCATED (the buffer was cut: *out keeps every whole
 *   option and out->cut lists the cut ones); XNET_EBADLEN (malformed
 *   header or wrong payload size; *out zeroed); XNET_EINVAL (out NULL or
 *   a profile without a cmsg ABI; *out zeroed). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv6_cmsg_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                     xnet_ipv6_cmsg *out);

/* xnet_ipv6_cmsg_format writes Go's String() form, "tclass=0x0 hoplim=64
 * src=<nil> dst=::1 ifindex=1 nexthop=<nil> mtu=0" (addresses as Go's
 * net.IP.String: RFC 5952, IPv4-mapped ones dotted), with snprintf
 * semantics; cm NULL gives "<nil>".
 * Go: (*ipv6.ControlMessage).String. Errors: none. */
XNET_API int xnet_ipv6_cmsg_format(const xnet_ipv6_cmsg *cm, char *buf,
                                   size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* XNET_IPV6_CMSG_H */
