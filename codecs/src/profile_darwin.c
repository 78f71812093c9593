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

const xnet_profile xnet_profile_darwin = {
    .name = "darwin",
    .little_endian = 1,
    .ipv4_raw_host_order = 1,
    .icmp6_filter_set_passes = 1,
    .cmsg = &darwin_cmsg,
};
