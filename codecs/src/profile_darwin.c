/* profile_darwin.c — the darwin (macOS) ABI profile (x86_64, arm64).
 *
 * Sources (xnu bsd/ headers as shipped in the macOS SDK; each value below
 * was checked with _Static_assert against the SDK headers bundled with
 * zig 0.11 for x86_64-macos and aarch64-macos, see notes/bsd-here.md):
 *   struct cmsghdr {socklen_t cmsg_len; int cmsg_level; int cmsg_type;},
 *   CMSG alignment __DARWIN_ALIGN32: sizeof(uint32_t) (4), so
 *   CMSG_LEN(0) = 12 and CMSG_SPACE(1) = 16        sys/socket.h
 *   SOL_SOCKET 0xffff, AF_INET6 30                 sys/socket.h
 *   IP_RECVDSTADDR 7, IP_RECVIF 20, IP_RECVTTL 24, IP_PKTINFO 26
 *   (IP_RECVPKTINFO = IP_PKTINFO), IP_RECVTOS 27; no IP_SENDSRCADDR
 *                                                  netinet/in.h
 *   IPV6_RECVTCLASS 35, IPV6_TCLASS 36, IPV6_RECVHOPLIMIT 37,
 *   IPV6_RECVPATHMTU 43, IPV6_PATHMTU 44, IPV6_PKTINFO 46 (RFC 3542 value,
 *   __APPLE_USE_RFC_3542), IPV6_HOPLIMIT 47, IPV6_NEXTHOP 48,
 *   IPV6_RECVPKTINFO 61                            netinet6/in6.h
 *   struct in_pktinfo {u_int ipi_ifindex; in_addr ipi_spec_dst, ipi_addr}
 *   (12)                                           netinet/in.h
 *   struct sockaddr_dl: sdl_index (u_short) at 2, sizeof 20  net/if_dl.h
 *   IP_RECVTTL and IP_RECVTOS arrive as one byte  (bsd/netinet/ip_input.c
 *                                                  ip_savecontrol)
 *
 * Rows follow Go's x/net/ipv4 and ipv6 sys_darwin.go ctlOpts (IP_PKTINFO
 * carries Src, Dst and the interface), plus TOS (receive).
 */
#include "xnet/cmsg.h"
#include "xnet/profile.h"
#include "xnet/sockopt_table.h"

static const xnet_cmsg_abi darwin_cmsg = {
    .hdr_len = 12,
    .align = 4,
    .len_size = 4,
    .sa_len_byte = 1,
    .sdl_index_off = 2,
    .af_inet6 = 30,
    .sol_socket = 0xffff,
    .level_ip = 0,
    .level_ipv6 = 41,
    .ipv4 =
        {
            [XNET_CTL_TTL] = {0, 24, 1, XNET_CMSG_KIND_NONE, XNET_CMSG_KIND_U8,
                              24},
            [XNET_CTL_TOS] = {0, 27, 1, XNET_CMSG_KIND_NONE, XNET_CMSG_KIND_U8,
                              27},
            [XNET_CTL_DST] = {0, 7, 4, XNET_CMSG_KIND_NONE,
                              XNET_CMSG_KIND_IN_ADDR, 7},
            [XNET_CTL_INTERFACE] = {0, 20, 20, XNET_CMSG_KIND_NONE,
                                    XNET_CMSG_KIND_SOCKADDR_DL, 20},
            [XNET_CTL_PKTINFO] = {0, 26, 12, XNET_CMSG_KIND_IN_PKTINFO,
                                  XNET_CMSG_KIND_IN_PKTINFO, 26},
        },
    .ipv6 =
        {
            [XNET_CTL6_TCLASS] = {41, 36, 4, XNET_CMSG_KIND_INT,
                                  XNET_CMSG_KIND_INT, 35},
            [XNET_CTL6_HOPLIMIT] = {41, 47, 4, XNET_CMSG_KIND_INT,
                                    XNET_CMSG_KIND_INT, 37},
            [XNET_CTL6_PKTINFO] = {41, 46, 20, XNET_CMSG_KIND_IN6_PKTINFO,
                                   XNET_CMSG_KIND_IN6_PKTINFO, 61},
            [XNET_CTL6_NEXTHOP] = {41, 48, 28, XNET_CMSG_KIND_SOCKADDR_IN6,
                                   XNET_CMSG_KIND_NONE, 0},
            [XNET_CTL6_PATHMTU] = {41, 44, 32, XNET_CMSG_KIND_NONE,
                                   XNET_CMSG_KIND_IP6_MTUINFO, 43},
        },
    /* SCM_RIGHTS 0x01 (sys/socket.h). SCM_CREDS (0x03) is declared but
     * XNU's unp_internalize accepts only SCM_RIGHTS: no credentials. */
    .scm_rights = 1,
};

/* IP-level socket options (xnu bsd/netinet/in.h, bsd/netinet6/in6.h as
 * shipped in the macOS SDK):
 *   IP_HDRINCL 2, IP_TOS 3, IP_TTL 4, IP_MULTICAST_IF 9 (ip_mreqn),
 *   IP_MULTICAST_TTL 10, IP_MULTICAST_LOOP 11 (u_char), MCAST_JOIN_GROUP
 *   80 ... MCAST_UNBLOCK_SOURCE 85 as FreeBSD; IPV6_TCLASS 36, the other
 *   IPv6 numbers as FreeBSD. group_req and group_source_req are declared
 *   under #pragma pack(4): 132 / 260 bytes, group at 4, source at 132.
 *   As Go's sys_darwin.go. */
static const xnet_sockopt_abi darwin_sockopt = {
    .rows =
        {
            [XNET_SO_IP_TOS] = {0, 3, XNET_SO_KIND_INT},
            [XNET_SO_IP_TTL] = {0, 4, XNET_SO_KIND_INT},
            [XNET_SO_IP_HDRINCL] = {0, 2, XNET_SO_KIND_INT},
            [XNET_SO_IP_MULTICAST_TTL] = {0, 10, XNET_SO_KIND_BYTE},
            [XNET_SO_IP_MULTICAST_LOOP] = {0, 11, XNET_SO_KIND_BYTE},
            [XNET_SO_IP_MULTICAST_IF] = {0, 9, XNET_SO_KIND_IP_MREQN},
            [XNET_SO_IP_JOIN_GROUP] = {0, 80, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IP_LEAVE_GROUP] = {0, 81, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IP_JOIN_SOURCE_GROUP] =
                {0, 82, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IP_LEAVE_SOURCE_GROUP] =
                {0, 83, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IP_BLOCK_SOURCE] = {0, 84, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IP_UNBLOCK_SOURCE] =
                {0, 85, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_TCLASS] = {41, 36, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_UNICAST_HOPS] = {41, 4, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_IF] = {41, 9, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_HOPS] = {41, 10, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_LOOP] = {41, 11, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_PATHMTU] = {41, 44, XNET_SO_KIND_MTUINFO},
            [XNET_SO_IPV6_CHECKSUM] = {41, 26, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_ICMP6_FILTER] = {58, 18, XNET_SO_KIND_ICMP6_FILTER},
            [XNET_SO_IPV6_JOIN_GROUP] = {41, 80, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IPV6_LEAVE_GROUP] = {41, 81, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IPV6_JOIN_SOURCE_GROUP] =
                {41, 82, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_LEAVE_SOURCE_GROUP] =
                {41, 83, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_BLOCK_SOURCE] =
                {41, 84, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_UNBLOCK_SOURCE] =
                {41, 85, XNET_SO_KIND_GROUP_SOURCE_REQ},
        },
    .af_inet = 2,
    .af_inet6 = 30,
    .sa_len_byte = 1,
    .ss_size = 128,
    .gr_size = 132,
    .gr_group_off = 4,
    .gsr_size = 260,
    .gsr_group_off = 4,
    .gsr_source_off = 132,
};

const xnet_profile xnet_profile_darwin = {
    .name = "darwin",
    .little_endian = 1,
    .ipv4_raw_host_order = 1,
    .icmp6_filter_set_passes = 1,
    .cmsg = &darwin_cmsg,
    .sockopt = &darwin_sockopt,
};
