/* profile_freebsd.c — the freebsd ABI profile (amd64, arm64).
 *
 * Sources (freebsd-src):
 *   struct cmsghdr {socklen_t cmsg_len; int cmsg_level; int cmsg_type;},
 *   CMSG_ALIGN = _ALIGN: sizeof(register_t) on amd64/arm64 (8)
 *                                          sys/sys/socket.h,
 *                                          sys/amd64/include/_align.h
 *   SOL_SOCKET 0xffff, AF_INET6 28         sys/sys/socket.h
 *   IP_RECVDSTADDR 7, IP_SENDSRCADDR = IP_RECVDSTADDR, IP_RECVIF 20,
 *   IP_RECVTTL 65, IP_RECVTOS 68           sys/netinet/in.h
 *   IPV6_RECVPKTINFO 36, IPV6_RECVHOPLIMIT 37, IPV6_RECVPATHMTU 43,
 *   IPV6_PATHMTU 44, IPV6_PKTINFO 46, IPV6_HOPLIMIT 47, IPV6_NEXTHOP 48,
 *   IPV6_RECVTCLASS 57, IPV6_TCLASS 61     sys/netinet6/in6.h
 *   struct sockaddr_dl: sdl_index (u_short) at 2, sizeof 54
 *                                          sys/net/if_dl.h
 *   IP_RECVTTL and IP_RECVTOS arrive as one byte of type IP_RECVTTL /
 *   IP_RECVTOS, IP_RECVIF as a sockaddr_dl of sdl_len bytes
 *                                          sys/netinet/ip_input.c
 *                                          (ip_savecontrol)
 *
 * Rows follow Go's x/net/ipv4 and ipv6 sys_freebsd.go ctlOpts, plus TOS
 * (receive) and IP_SENDSRCADDR (send Src; Go sends nothing for IPv4 here).
 */
#include "xnet/cmsg.h"
#include "xnet/profile.h"
#include "xnet/sockopt_table.h"

static const xnet_cmsg_abi freebsd_cmsg = {
    .hdr_len = 12,
    .align = 8,
    .len_size = 4,
    .sa_len_byte = 1,
    .sdl_index_off = 2,
    .af_inet6 = 28,
    .sol_socket = 0xffff,
    .level_ip = 0,
    .level_ipv6 = 41,
    .ipv4 =
        {
            [XNET_CTL_TTL] = {0, 65, 1, XNET_CMSG_KIND_NONE, XNET_CMSG_KIND_U8,
                              65},
            [XNET_CTL_TOS] = {0, 68, 1, XNET_CMSG_KIND_NONE, XNET_CMSG_KIND_U8,
                              68},
            [XNET_CTL_SRC] = {0, 7, 4, XNET_CMSG_KIND_IN_ADDR,
                              XNET_CMSG_KIND_NONE, 0},
            [XNET_CTL_DST] = {0, 7, 4, XNET_CMSG_KIND_NONE,
                              XNET_CMSG_KIND_IN_ADDR, 7},
            [XNET_CTL_INTERFACE] = {0, 20, 54, XNET_CMSG_KIND_NONE,
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
    /* SCM_RIGHTS 0x01, SCM_CREDS 0x03; struct cmsgcred {pid_t cmcred_pid;
     * uid_t cmcred_uid, cmcred_euid; gid_t cmcred_gid; short
     * cmcred_ngroups; gid_t cmcred_groups[CMGROUP_MAX = 16];} (84): sent
     * zeroed, filled by the kernel (sys/sys/socket.h, unix(4)). */
    .scm_rights = 1,
    .scm_creds = 3,
    .cred_len = 84,
    .cred_pid_off = 0,
    .cred_uid_off = 4,
    .cred_gid_off = 12,
    .cred_send = 1,
};

/* IP-level socket options (freebsd-src sys/netinet/in.h,
 * sys/netinet6/in6.h, sys/netinet/icmp6.h):
 *   IP_HDRINCL 2, IP_TOS 3, IP_TTL 4, IP_MULTICAST_IF 9 (ip_mreqn accepted
 *   by inp_set_multicast_if), IP_MULTICAST_TTL 10, IP_MULTICAST_LOOP 11
 *   (u_char), MCAST_JOIN_GROUP 80, MCAST_LEAVE_GROUP 81,
 *   MCAST_JOIN_SOURCE_GROUP 82, MCAST_LEAVE_SOURCE_GROUP 83,
 *   MCAST_BLOCK_SOURCE 84, MCAST_UNBLOCK_SOURCE 85;
 *   IPV6_UNICAST_HOPS 4, IPV6_MULTICAST_IF 9, IPV6_MULTICAST_HOPS 10,
 *   IPV6_MULTICAST_LOOP 11, IPV6_CHECKSUM 26, IPV6_PATHMTU 44,
 *   IPV6_TCLASS 61; ICMP6_FILTER 18 at IPPROTO_ICMPV6 58.
 *   group_req/group_source_req with an 8-aligned sockaddr_storage (LP64):
 *   136 / 264 bytes, group at 8, source at 136. No ICMP_FILTER for IPv4
 *   and no SO_ATTACH_FILTER (BPF is /dev/bpf). As Go's sys_freebsd.go. */
static const xnet_sockopt_abi freebsd_sockopt = {
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
            [XNET_SO_IPV6_TCLASS] = {41, 61, XNET_SO_KIND_INT},
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
    .af_inet6 = 28,
    .sa_len_byte = 1,
    .ss_size = 128,
    .gr_size = 136,
    .gr_group_off = 8,
    .gsr_size = 264,
    .gsr_group_off = 8,
    .gsr_source_off = 136,
};

const xnet_profile xnet_profile_freebsd = {
    .name = "freebsd",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .icmp6_filter_set_passes = 1,
    .cmsg = &freebsd_cmsg,
    .sockopt = &freebsd_sockopt,
};
