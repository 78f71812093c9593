/* xnet/profile.h — ABI profiles: what differs between kernels, as data.
 *
 * A profile is a table of numbers, sizes, alignments and quirk flags for one
 * platform flavour (Linux, FreeBSD, NetBSD, OpenBSD, DragonFly, Darwin).
 * Every codec that reads or writes bytes whose layout a kernel decides (raw
 * IPv4 headers, control messages) takes a profile explicitly, so every
 * flavour is testable on every host; only a host backend picks the host's.
 *
 * Thread-safety: profiles are immutable constants; the inline helpers below
 * are reentrant.
 */
#ifndef XNET_PROFILE_H
#define XNET_PROFILE_H

#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Defined by xnet/cmsg.h: cmsghdr geometry and the per-option rows. */
struct xnet_cmsg_abi;
/* Defined by xnet/sockopt_table.h: IP-level socket option numbers. */
struct xnet_sockopt_abi;

typedef struct xnet_profile {
  /* Short flavour name: "linux", "freebsd", "netbsd", "openbsd",
   * "dragonfly", "darwin". */
  const char *name;
  /* 1 when the flavour's kernel fields in "host order" are little-endian
   * (every supported target: amd64, arm64). Codecs never use the build
   * host's order: output depends on the profile only. */
  uint8_t little_endian;
  /* Raw IPv4 sockets exchange total length and fragment offset in host
   * order, and received total length excludes the header (Darwin,
   * DragonFly, NetBSD — as x/net/ipv4 treats them). Linux, FreeBSD 10+,
   * OpenBSD: 0. FreeBSD before 10 (host order too) has no profile. */
  uint8_t ipv4_raw_host_order;
  /* In the kernel's struct icmp6_filter a set bit means *pass* (RFC 3542,
   * the BSDs, Darwin: ICMP6_FILTER_WILLPASS) rather than *block* (Linux's
   * include/uapi/linux/icmpv6.h, ICMPV6_FILTER_WILLBLOCK). */
  uint8_t icmp6_filter_set_passes;
  /* Control-message layout and option rows; see xnet/cmsg.h. */
  const struct xnet_cmsg_abi *cmsg;
  /* IP-level socket options (numbers, value layouts); see
   * xnet/sockopt_table.h. */
  const struct xnet_sockopt_abi *sockopt;
} xnet_profile;

XNET_API extern const xnet_profile xnet_profile_linux;
XNET_API extern const xnet_profile xnet_profile_freebsd;
XNET_API extern const xnet_profile xnet_profile_netbsd;
XNET_API extern const xnet_profile xnet_profile_openbsd;
XNET_API extern const xnet_profile xnet_profile_dragonfly;
XNET_API extern const xnet_profile xnet_profile_darwin;

/* Kernel integers ("host order" of the profiled machine): loads and stores
 * in the profile's byte order, independent of the build host. The caller
 * has checked that the bytes exist (2, 4 or 8 of them at b). */

/* xnet_profile_get_u16 reads a 16-bit kernel integer at b.
 * Go: binary.NativeEndian.Uint16 (for the profiled machine). Errors: none. */
static inline uint16_t xnet_profile_get_u16(const xnet_profile *p,
                                            const uint8_t *b) {
  return p->little_endian ? (uint16_t)(b[0] | b[1] << 8)
                          : (uint16_t)(b[0] << 8 | b[1]);
}

/* xnet_profile_get_u32 reads a 32-bit kernel integer at b.
 * Go: binary.NativeEndian.Uint32. Errors: none. */
static inline uint32_t xnet_profile_get_u32(const xnet_profile *p,
                                            const uint8_t *b) {
  if (p->little_endian)
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
  return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 |
         (uint32_t)b[3];
}

/* xnet_profile_get_u64 reads a 64-bit kernel integer at b.
 * Go: binary.NativeEndian.Uint64. Errors: none. */
static inline uint64_t xnet_profile_get_u64(const xnet_profile *p,
                                            const uint8_t *b) {
  uint64_t lo = xnet_profile_get_u32(p, b), hi = xnet_profile_get_u32(p, b + 4);
  return p->little_endian ? hi << 32 | lo : lo << 32 | hi;
}

/* xnet_profile_put_u16 writes v as a 16-bit kernel integer at b.
 * Go: binary.NativeEndian.PutUint16. Errors: none. */
static inline void xnet_profile_put_u16(const xnet_profile *p, uint8_t *b,
                                        uint16_t v) {
  b[p->little_endian ? 0 : 1] = (uint8_t)v;
  b[p->little_endian ? 1 : 0] = (uint8_t)(v >> 8);
}

/* xnet_profile_put_u32 writes v as a 32-bit kernel integer at b.
 * Go: binary.NativeEndian.PutUint32. Errors: none. */
static inline void xnet_profile_put_u32(const xnet_profile *p, uint8_t *b,
                                        uint32_t v) {
  for (int i = 0; i < 4; i++)
    b[p->little_endian ? i : 3 - i] = (uint8_t)(v >> (8 * i));
}

/* xnet_profile_put_u64 writes v as a 64-bit kernel integer at b.
 * Go: binary.NativeEndian.PutUint64. Errors: none. */
static inline void xnet_profile_put_u64(const xnet_profile *p, uint8_t *b,
                                        uint64_t v) {
  for (int i = 0; i < 8; i++)
    b[p->little_endian ? i : 7 - i] = (uint8_t)(v >> (8 * i));
}

#ifdef __cplusplus
}
#endif
#endif /* XNET_PROFILE_H */
