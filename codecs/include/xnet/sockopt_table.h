/* xnet/sockopt_table.h — IP-level socket options as profile data (Go
 * x/net/ipv4 and ipv6's per-OS sockOpts tables).
 *
 * Each flavour numbers the IP and IPv6 options differently and lays out
 * their values differently (an int or one byte; struct ip_mreqn; RFC 3678
 * struct group_req and group_source_req, whose sockaddr_storage sits at 8
 * on LP64 Linux and FreeBSD but at 4 on Darwin, which packs them). A
 * profile's `sockopt` table gives, per portable option XNET_SO_*, the
 * (level, name) pair and the value's kind; name 0 means the flavour lacks
 * the option. The core layer builds value bytes with the helpers below and
 * hands them to the backend's raw setsockopt, so no OS constant appears
 * outside the profile files.
 *
 * Thread-safety: tables are immutable; functions are reentrant.
 */
#ifndef XNET_SOCKOPT_TABLE_H
#define XNET_SOCKOPT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Portable IP-level options (Go: ipv4.sockOpts / ipv6.sockOpts indices). */
typedef enum xnet_so {
  XNET_SO_IP_TOS = 0,               /* IP_TOS */
  XNET_SO_IP_TTL,                   /* IP_TTL */
  XNET_SO_IP_HDRINCL,               /* IP_HDRINCL */
  XNET_SO_IP_MULTICAST_IF,          /* IP_MULTICAST_IF (by index) */
  XNET_SO_IP_MULTICAST_TTL,         /* IP_MULTICAST_TTL */
  XNET_SO_IP_MULTICAST_LOOP,        /* IP_MULTICAST_LOOP */
  XNET_SO_IP_ICMP_FILTER,           /* ICMP_FILTER (raw ICMP sockets) */
  XNET_SO_IP_JOIN_GROUP,            /* MCAST_JOIN_GROUP, IPv4 level */
  XNET_SO_IP_LEAVE_GROUP,           /* MCAST_LEAVE_GROUP */
  XNET_SO_IP_JOIN_SOURCE_GROUP,     /* MCAST_JOIN_SOURCE_GROUP */
  XNET_SO_IP_LEAVE_SOURCE_GROUP,    /* MCAST_LEAVE_SOURCE_GROUP */
  XNET_SO_IP_BLOCK_SOURCE,          /* MCAST_BLOCK_SOURCE */
  XNET_SO_IP_UNBLOCK_SOURCE,        /* MCAST_UNBLOCK_SOURCE */
  XNET_SO_IPV6_TCLASS,              /* IPV6_TCLASS */
  XNET_SO_IPV6_UNICAST_HOPS,        /* IPV6_UNICAST_HOPS */
  XNET_SO_IPV6_MULTICAST_IF,        /* IPV6_MULTICAST_IF */
  XNET_SO_IPV6_MULTICAST_HOPS,      /* IPV6_MULTICAST_HOPS */
  XNET_SO_IPV6_MULTICAST_LOOP,      /* IPV6_MULTICAST_LOOP */
  XNET_SO_IPV6_PATHMTU,             /* IPV6_PATHMTU (get: ip6_mtuinfo) */
  XNET_SO_IPV6_CHECKSUM,            /* IPV6_CHECKSUM (raw sockets) */
  XNET_SO_IPV6_ICMP6_FILTER,        /* ICMP6_FILTER (raw ICMPv6 sockets) */
  XNET_SO_IPV6_JOIN_GROUP,          /* MCAST_JOIN_GROUP, IPv6 level */
  XNET_SO_IPV6_LEAVE_GROUP,
  XNET_SO_IPV6_JOIN_SOURCE_GROUP,
  XNET_SO_IPV6_LEAVE_SOURCE_GROUP,
  XNET_SO_IPV6_BLOCK_SOURCE,
  XNET_SO_IPV6_UNBLOCK_SOURCE,
  XNET_SO_ATTACH_FILTER,            /* SO_ATTACH_FILTER (classic BPF) */
  XNET_SO__MAX
} xnet_so;

/* How an option's value is laid out. */
typedef enum xnet_so_kind {
  XNET_SO_KIND_NONE = 0,
  XNET_SO_KIND_INT,              /* 32-bit kernel integer */
  XNET_SO_KIND_BYTE,             /* one byte (BSD IP_MULTICAST_TTL/LOOP) */
  XNET_SO_KIND_IP_MREQN,         /* struct ip_mreqn {in_addr multiaddr,
                                    address; int ifindex} (12 bytes) */
  XNET_SO_KIND_GROUP_REQ,        /* struct group_req (RFC 3678) */
  XNET_SO_KIND_GROUP_SOURCE_REQ, /* struct group_source_req (RFC 3678) */
  XNET_SO_KIND_ICMP_FILTER,      /* xnet/icmp_filter.h, 4 bytes */
  XNET_SO_KIND_ICMP6_FILTER,     /* xnet/icmp_filter.h, 32 bytes */
  XNET_SO_KIND_MTUINFO,          /* struct ip6_mtuinfo {sockaddr_in6; u32} */
  XNET_SO_KIND_SOCK_FPROG        /* struct sock_fprog {unsigned short len;
                                    struct sock_filter *filter} — holds a
                                    pointer, so only the host's C layout */
} xnet_so_kind;

/* One option on one flavour: name 0 means unsupported. */
typedef struct xnet_so_row {
  int32_t level;
  int32_t name;
  uint8_t kind; /* xnet_so_kind */
} xnet_so_row;

/* The socket-option ABI of one flavour. */
typedef struct xnet_sockopt_abi {
  xnet_so_row rows[XNET_SO__MAX];
  uint16_t af_inet;         /* AF_INET */
  uint16_t af_inet6;        /* AF_INET6 */
  uint8_t sa_len_byte;      /* 1: sockaddrs start with a length byte */
  uint16_t ss_size;         /* sizeof(struct sockaddr_storage) */
  uint16_t gr_size;         /* sizeof(struct group_req) */
  uint16_t gr_group_off;    /* offsetof(group_req, gr_group) */
  uint16_t gsr_size;        /* sizeof(struct group_source_req) */
  uint16_t gsr_group_off;   /* offsetof(group_source_req, gsr_group) */
  uint16_t gsr_source_off;  /* offsetof(group_source_req, gsr_source) */
} xnet_sockopt_abi;

/* xnet_sockopt_row returns the row of opt on profile p, or NULL when the
 * flavour lacks it (name 0, no table, or opt out of range).
 * Go: the sockOpts[so] lookup and its "not implemented" check.
 * Errors: none (NULL). */
XNET_API const xnet_so_row *xnet_sockopt_row(const xnet_profile *p,
                                             xnet_so opt);

/* xnet_sockopt_name returns the option's C name as the kernels spell it
 * ("IP_TOS", "MCAST_JOIN_SOURCE_GROUP", "ICMP6_FILTER"), for errors;
 * "?" when opt is out of range. Go: none. Errors: none. */
XNET_API const char *xnet_sockopt_name(xnet_so opt);

/* xnet_sockopt_group_marshal writes the value of a group option of p in
 * the row's kind: group_req {ifindex, group} or group_source_req {ifindex,
 * group, source} (source NULL for group_req), or ip_mreqn {group or 0, 0,
 * ifindex} (group NULL for a multicast interface). group and source are 4
 * bytes (family AF_INET) or 16 (AF_INET6) as their len says. The whole
 * structure is zeroed first; *len = its size.
 * Go: x/net/internal/socket's setsockoptGroupReq / GroupSourceReq and
 * ipv4 setIPMreqn.
 * Errors: XNET_ENOTSUP (the row is not of a group kind or unsupported);
 *   XNET_EINVAL (an address length other than 4 or 16, or source missing
 *   for group_source_req); XNET_ENOBUFS (cap too small; *len = needed). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sockopt_group_marshal(const xnet_profile *p, xnet_so opt,
                           uint32_t ifindex, const uint8_t *group,
                           size_t group_len, const uint8_t *source,
                           size_t source_len, uint8_t *buf, size_t cap,
                           size_t *len);

/* xnet_sockopt_int_marshal writes v in the row's integer kind (4-byte
 * kernel int, or one byte for XNET_SO_KIND_BYTE, v then 0..255); *len is
 * the size. Go: setInt / setByte of x/net's sockOpt.
 * Errors: XNET_ENOTSUP (unsupported or not an integer row), XNET_EINVAL
 *   (v out of 0..255 for a byte), XNET_ENOBUFS (cap < size). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sockopt_int_marshal(const xnet_profile *p, xnet_so opt, int v,
                         uint8_t *buf, size_t cap, size_t *len);

/* xnet_sockopt_int_parse reads an integer option's value b[0..n) (a kernel
 * int, or a byte; Linux answers a 4-byte int even for byte options of the
 * BSDs, so any of 1 or 4 bytes is accepted). Go: sockOpt.getInt.
 * Errors: XNET_ENOTSUP (unsupported row), XNET_EBADLEN (n not 1 or 4). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sockopt_int_parse(const xnet_profile *p, xnet_so opt, const uint8_t *b,
                       size_t n, int *out);

#ifdef __cplusplus
}
#endif
#endif /* XNET_SOCKOPT_TABLE_H */
