/* xnet/profile.h — ABI profiles: what differs between kernels, as data.
 *
 * A profile is a table of numbers, sizes, alignments and quirk flags for one
 * platform flavour (Linux, FreeBSD, NetBSD, OpenBSD, DragonFly, Darwin).
 * Every codec that reads or writes bytes whose layout a kernel decides (raw
 * IPv4 headers, control messages) takes a profile explicitly, so every
 * flavour is testable on every host; only a host backend picks the host's.
 *
 * Thread-safety: profiles are immutable constants.
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
   * DragonFly, FreeBSD before 10). Linux, FreeBSD 10+, NetBSD, OpenBSD: 0. */
  uint8_t ipv4_raw_host_order;
  /* Control-message layout and option rows; see xnet/cmsg.h. */
  const struct xnet_cmsg_abi *cmsg;
} xnet_profile;

XNET_API extern const xnet_profile xnet_profile_linux;
XNET_API extern const xnet_profile xnet_profile_freebsd;
XNET_API extern const xnet_profile xnet_profile_netbsd;
XNET_API extern const xnet_profile xnet_profile_openbsd;
XNET_API extern const xnet_profile xnet_profile_dragonfly;
XNET_API extern const xnet_profile xnet_profile_darwin;

#ifdef __cplusplus
}
#endif
#endif /* XNET_PROFILE_H */
