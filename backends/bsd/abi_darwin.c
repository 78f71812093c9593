/* abi_darwin.c — every constant and offset that xnet_profile_darwin
 * (codecs/src/profile_darwin.c: control messages and IP-level socket
 * options) encodes, checked against Apple's headers when the backend is
 * built for macOS (tools/cross/macos-build.sh does so with the SDK headers
 * zig bundles, for x86_64 and arm64). A profile that disagrees with the SDK
 * fails to compile. The numbers are written out here because the profile's
 * const tables are not constant expressions; the codec tests check the
 * tables hold the same numbers. Elsewhere this file is empty. */
#if defined(__APPLE__)
#define __APPLE_USE_RFC_3542 1
#include <net/if_dl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

/* cmsghdr geometry: a 12-byte header, 4-byte alignment. */
_Static_assert(sizeof(struct cmsghdr) == 12, "sizeof(struct cmsghdr)");
_Static_assert(offsetof(struct cmsghdr, cmsg_len) == 0 &&
                   sizeof(((struct cmsghdr *)0)->cmsg_len) == 4,
               "cmsg_len is a 4-byte socklen_t at 0");
_Static_assert(CMSG_LEN(0) == 12 && CMSG_SPACE(1) == 16 &&
                   CMSG_SPACE(4) == 16 && CMSG_SPACE(12) == 24 &&
                   CMSG_SPACE(20) == 32,
               "CMSG alignment is 4");
/* Levels, families, SCM_RIGHTS. */
_Static_assert(SOL_SOCKET == 0xffff && IPPROTO_IP == 0 &&
                   IPPROTO_IPV6 == 41 && IPPROTO_ICMPV6 == 58,
               "levels");
_Static_assert(AF_INET == 2 && AF_INET6 == 30 && AF_LINK == 18,
               "address families");
_Static_assert(SCM_RIGHTS == 1, "SCM_RIGHTS");
/* IPv4 control messages (profile rows: option, cmsg type). */
_Static_assert(IP_RECVDSTADDR == 7 && IP_RECVIF == 20 && IP_RECVTTL == 24 &&
                   IP_PKTINFO == 26 && IP_RECVPKTINFO == IP_PKTINFO &&
                   IP_RECVTOS == 27,
               "IPv4 control-message options");
_Static_assert(sizeof(struct in_pktinfo) == 12 &&
                   offsetof(struct in_pktinfo, ipi_ifindex) == 0 &&
                   offsetof(struct in_pktinfo, ipi_spec_dst) == 4 &&
                   offsetof(struct in_pktinfo, ipi_addr) == 8,
               "struct in_pktinfo");
/* sockaddr_dl (IP_RECVIF): sdl_index at 2, 20 bytes. */
_Static_assert(offsetof(struct sockaddr_dl, sdl_len) == 0 &&
                   offsetof(struct sockaddr_dl, sdl_family) == 1 &&
                   offsetof(struct sockaddr_dl, sdl_index) == 2 &&
                   sizeof(((struct sockaddr_dl *)0)->sdl_index) == 2 &&
                   sizeof(struct sockaddr_dl) == 20,
               "struct sockaddr_dl");
/* IPv6 control messages, RFC 3542 numbers. */
_Static_assert(IPV6_RECVTCLASS == 35 && IPV6_TCLASS == 36 &&
                   IPV6_RECVHOPLIMIT == 37 && IPV6_RECVPATHMTU == 43 &&
                   IPV6_PATHMTU == 44 && IPV6_PKTINFO == 46 &&
                   IPV6_HOPLIMIT == 47 && IPV6_NEXTHOP == 48 &&
                   IPV6_RECVPKTINFO == 61,
               "IPv6 control-message options (RFC 3542)");
_Static_assert(sizeof(struct in6_pktinfo) == 20 &&
                   offsetof(struct in6_pktinfo, ipi6_ifindex) == 16,
               "struct in6_pktinfo");
_Static_assert(sizeof(struct sockaddr_in6) == 28 &&
                   sizeof(struct ip6_mtuinfo) == 32 &&
                   offsetof(struct ip6_mtuinfo, ip6m_mtu) == 28,
               "sockaddr_in6 / ip6_mtuinfo");
/* IPv4 socket options (profile sockopt rows). */
_Static_assert(IP_HDRINCL == 2 && IP_TOS == 3 && IP_TTL == 4 &&
                   IP_MULTICAST_IF == 9 && IP_MULTICAST_TTL == 10 &&
                   IP_MULTICAST_LOOP == 11,
               "IPv4 socket options");
_Static_assert(MCAST_JOIN_GROUP == 80 && MCAST_LEAVE_GROUP == 81 &&
                   MCAST_JOIN_SOURCE_GROUP == 82 &&
                   MCAST_LEAVE_SOURCE_GROUP == 83 &&
                   MCAST_BLOCK_SOURCE == 84 && MCAST_UNBLOCK_SOURCE == 85,
               "RFC 3678 options");
_Static_assert(sizeof(struct ip_mreqn) == 12 &&
                   offsetof(struct ip_mreqn, imr_ifindex) == 8,
               "struct ip_mreqn");
/* group_req / group_source_req are packed to 4 on Darwin. */
_Static_assert(sizeof(struct sockaddr_storage) == 128, "sockaddr_storage");
_Static_assert(sizeof(struct group_req) == 132 &&
                   offsetof(struct group_req, gr_group) == 4,
               "struct group_req");
_Static_assert(sizeof(struct group_source_req) == 260 &&
                   offsetof(struct group_source_req, gsr_group) == 4 &&
                   offsetof(struct group_source_req, gsr_source) == 132,
               "struct group_source_req");
/* IPv6 socket options. (ICMP6_FILTER 18 is in <netinet/icmp6.h>, which
 * zig does not bundle: not checked here.) */
_Static_assert(IPV6_UNICAST_HOPS == 4 && IPV6_MULTICAST_IF == 9 &&
                   IPV6_MULTICAST_HOPS == 10 && IPV6_MULTICAST_LOOP == 11 &&
                   IPV6_CHECKSUM == 26 && IPV6_V6ONLY == 27,
               "IPv6 socket options");
#endif

/* ISO C wants a declaration in every translation unit. */
typedef int xnet__bsd_abi_darwin_unit;
