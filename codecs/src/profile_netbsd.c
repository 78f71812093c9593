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

const xnet_profile xnet_profile_netbsd = {
    .name = "netbsd",
    .little_endian = 1,
    /* NetBSD raw IP sockets keep the traditional BSD byte order (total
     * length and fragment offset in host order, received length without
     * the header): x/net/ipv4 handles "netbsd" with darwin and dragonfly. */
    .ipv4_raw_host_order = 1,
    .icmp6_filter_set_passes = 1,
    .cmsg = &netbsd_cmsg,
};
