/* profile_netbsd.c — the netbsd ABI profile (amd64, arm64).
 *
 * Sources (NetBSD src):
 *   struct cmsghdr {socklen_t cmsg_len; int cmsg_level; int cmsg_type;},
 *   __CMSG_ALIGN = the kernel's ALIGNBYTES, sizeof(long) on amd64 (8)
 *                                          sys/sys/socket.h,
 *                                          sys/arch/amd64/include/param.h
 *   SOL_SOCKET 0xffff, AF_INET6 24         sys/sys/socket.h
 *   IP_RECVDSTADDR 7, IP_SENDSRCADDR = IP_RECVDSTADDR, IP_RECVIF 20,
 *   IP_RECVTTL 23                          sys/netinet/in.h
 *   IPV6_* as in KAME: RECVPKTINFO 36, RECVHOPLIMIT 37, RECVPATHMTU 43,
 *   PATHMTU 44, PKTINFO 46, HOPLIMIT 47, NEXTHOP 48, RECVTCLASS 57,
 *   TCLASS 61                              sys/netinet6/in6.h
 *   struct sockaddr_dl: sdl_index (uint16_t) at 2, sizeof 20
 *                                          sys/net/if_dl.h
 *   IP_RECVTTL arrives as one byte (sys/netinet/ip_input.c ip_savecontrol).
 *
 * Rows follow Go's x/net/ipv4 and ipv6 sys_bsd.go ctlOpts, plus
 * IP_SENDSRCADDR for sending Src. NetBSD 8+ also has IP_PKTINFO (25) with
 * a different in_pktinfo {addr; ifindex}; like Go, this profile does not
 * use it. There is no IP_RECVTOS.
 */
#include "xnet/cmsg.h"
#include "xnet/profile.h"
#include "xnet/sockopt_table.h"

static const xnet_cmsg_abi netbsd_cmsg = {
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
            [XNET_CTL_TTL] = {0, 23, 1, XNET_CMSG_KIND_NONE, XNET_CMSG_KIND_U8,
                              23},
            [XNET_CTL_SRC] = {0, 7, 4, XNET_CMSG_KIND_IN_ADDR,
                              XNET_CMSG_KIND_NONE, 0},
            [XNET_CTL_DST] = {0, 7, 4, XNET_CMSG_KIND_NONE,
                              XNET_CMSG_KIND_IN_ADDR, 7},
            [XNET_CTL_INTERFACE] = {0, 20, 20, XNET_CMSG_KIND_NONE,
                                    XNET_CMSG_KIND_SOCKADDR_DL, 20},
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
    /* SCM_RIGHTS 0x01, SCM_CREDS 0x10 and struct sockcred {pid_t sc_pid;
     * uid_t sc_uid, sc_euid; gid_t sc_gid, sc_egid; int sc_ngroups; gid_t
     * sc_groups[1];} (28 with one group), all sys/sys/socket.h. Delivered
     * only to a receiver that set LOCAL_CREDS (sys/sys/un.h): never sent. */
    .scm_rights = 1,
    .scm_creds = 0x10,
    .cred_len = 28,
    .cred_pid_off = 0,
    .cred_uid_off = 4,
    .cred_gid_off = 12,
    .cred_send = 0,
};

/* IP-level socket options (netbsd sys/netinet/in.h, sys/netinet6/in6.h):
 *   IP_HDRINCL 2, IP_TOS 3, IP_TTL 4, IP_MULTICAST_TTL 10,
 *   IP_MULTICAST_LOOP 11 (u_char); IPV6_UNICAST_HOPS 4, IPV6_MULTICAST_IF 9,
 *   IPV6_MULTICAST_HOPS 10, IPV6_MULTICAST_LOOP 11, IPV6_CHECKSUM 26,
 *   IPV6_PATHMTU 44, IPV6_TCLASS 61; ICMP6_FILTER 18 at IPPROTO_ICMPV6.
 *   IP_MULTICAST_IF takes an in_addr, not an index, and there is no RFC
 *   3678 MCAST_* API (only ip_mreq / ipv6_mreq): those rows are empty, so
 *   index-based multicast options fail with XNET_ENOTSUP here. */
static const xnet_sockopt_abi netbsd_sockopt = {
    .rows =
        {
            [XNET_SO_IP_TOS] = {0, 3, XNET_SO_KIND_INT},
            [XNET_SO_IP_TTL] = {0, 4, XNET_SO_KIND_INT},
            [XNET_SO_IP_HDRINCL] = {0, 2, XNET_SO_KIND_INT},
            [XNET_SO_IP_MULTICAST_TTL] = {0, 10, XNET_SO_KIND_BYTE},
            [XNET_SO_IP_MULTICAST_LOOP] = {0, 11, XNET_SO_KIND_BYTE},
            [XNET_SO_IPV6_TCLASS] = {41, 61, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_UNICAST_HOPS] = {41, 4, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_IF] = {41, 9, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_HOPS] = {41, 10, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_LOOP] = {41, 11, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_PATHMTU] = {41, 44, XNET_SO_KIND_MTUINFO},
            [XNET_SO_IPV6_CHECKSUM] = {41, 26, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_ICMP6_FILTER] = {58, 18, XNET_SO_KIND_ICMP6_FILTER},
        },
    .af_inet = 2,
    .af_inet6 = 24,
    .sa_len_byte = 1,
    .ss_size = 128,
    .gr_size = 136,
    .gr_group_off = 8,
    .gsr_size = 264,
    .gsr_group_off = 8,
    .gsr_source_off = 136,
};

const xnet_profile xnet_profile_netbsd = {
    .name = "netbsd",
    .little_endian = 1,
    /* NetBSD raw IP sockets keep the traditional BSD byte order (total
     * length and fragment offset in host order, received length without
     * the header): x/net/ipv4 handles "netbsd" with darwin and dragonfly. */
    .ipv4_raw_host_order = 1,
    .icmp6_filter_set_passes = 1,
    .cmsg = &netbsd_cmsg,
    .sockopt = &netbsd_sockopt,
};
