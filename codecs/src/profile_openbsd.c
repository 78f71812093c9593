/* profile_openbsd.c — the openbsd ABI profile (amd64, arm64).
 *
 * Sources (openbsd src):
 *   struct cmsghdr {socklen_t cmsg_len; int cmsg_level; int cmsg_type;},
 *   CMSG alignment _ALIGNBYTES = sizeof(long) - 1 on amd64 (8)
 *                                          sys/sys/socket.h,
 *                                          sys/arch/amd64/include/_types.h
 *   SOL_SOCKET 0xffff, AF_INET6 24         sys/sys/socket.h
 *   IP_RECVDSTADDR 7, IP_SENDSRCADDR = IP_RECVDSTADDR, IP_RECVIF 30,
 *   IP_RECVTTL 31                          sys/netinet/in.h
 *   IPV6_RECVPKTINFO 36, IPV6_RECVHOPLIMIT 37, IPV6_RECVPATHMTU 43,
 *   IPV6_PATHMTU 44, IPV6_PKTINFO 46, IPV6_HOPLIMIT 47, IPV6_NEXTHOP 48,
 *   IPV6_RECVTCLASS 57, IPV6_TCLASS 61     sys/netinet6/in6.h
 *   struct sockaddr_dl: sdl_index (u_int16_t) at 2, sizeof 32
 *                                          sys/net/if_dl.h
 *   IP_RECVTTL arrives as one byte, IP_RECVIF as a sockaddr_dl
 *                                          sys/netinet/ip_input.c
 *                                          (ip_savecontrol)
 *
 * Rows follow Go's x/net/ipv4 and ipv6 sys_bsd.go ctlOpts, plus
 * IP_SENDSRCADDR for sending Src. There is no IP_RECVTOS.
 */
#include "xnet/cmsg.h"
#include "xnet/profile.h"

static const xnet_cmsg_abi openbsd_cmsg = {
    .hdr_len = 12,
    .align = 8,
    .len_size = 4,
    .sa_len_byte = 1,
    .sdl_index_off = 2,
    .af_inet6 = 24,
    .sol_socket = 0xffff,
    .level_ip = 0,
    .level_ipv6 = 41,
    .ipv4 =
        {
            [XNET_CTL_TTL] = {0, 31, 1, XNET_CMSG_KIND_NONE, XNET_CMSG_KIND_U8,
                              31},
            [XNET_CTL_SRC] = {0, 7, 4, XNET_CMSG_KIND_IN_ADDR,
                              XNET_CMSG_KIND_NONE, 0},
            [XNET_CTL_DST] = {0, 7, 4, XNET_CMSG_KIND_NONE,
                              XNET_CMSG_KIND_IN_ADDR, 7},
            [XNET_CTL_INTERFACE] = {0, 30, 32, XNET_CMSG_KIND_NONE,
                                    XNET_CMSG_KIND_SOCKADDR_DL, 30},
        },
    .ipv6 =
        {
            [XNET_CTL6_TCLASS] = {41, 61, 4, XNET_CMSG_KIND_INT,
                                  XNET_CMSG_KIND_INT, 57},
            [XNET_CTL6_HOPLIMIT] = {41, 47, 4, XNET_CMSG_KIND_INT,
                                    XNET_CMSG_KIND_INT, 37},
            [XNET_CTL6_PKTINFO] = {41, 46, 20, XNET_CMSG_KIND_IN6_PKTINFO,
                                   XNET_CMSG_KIND_IN6_PKTINFO, 36},
            [XNET_CTL6_NEXTHOP] = {41, 48, 28, XNET_CMSG_KIND_SOCKADDR_IN6,
                                   XNET_CMSG_KIND_NONE, 0},
            [XNET_CTL6_PATHMTU] = {41, 44, 32, XNET_CMSG_KIND_NONE,
                                   XNET_CMSG_KIND_IP6_MTUINFO, 43},
        },
    /* SCM_RIGHTS 0x01 (sys/sys/socket.h). No credentials message: peers
     * are identified with getsockopt(SO_PEERCRED) instead. */
    .scm_rights = 1,
};

const xnet_profile xnet_profile_openbsd = {
    .name = "openbsd",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .icmp6_filter_set_passes = 1,
    .cmsg = &openbsd_cmsg,
};
