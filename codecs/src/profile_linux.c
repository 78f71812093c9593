/* profile_linux.c — the linux ABI profile (amd64, arm64).
 *
 * Sources (Linux UAPI and glibc headers; checked against the headers and
 * the running kernel by tests/codecs/test_cmsg_kernel.c):
 *   struct cmsghdr {size_t cmsg_len; int cmsg_level; int cmsg_type;},
 *   CMSG_ALIGN to sizeof(size_t)          bits/socket.h (glibc)
 *   SOL_SOCKET 1                          asm-generic/socket.h
 *   AF_INET6 10                           linux/socket.h
 *   IP_TOS 1, IP_TTL 2, IP_PKTINFO 8, IP_RECVTTL 12, IP_RECVTOS 13
 *                                         linux/in.h
 *   IPV6_RECVPKTINFO 49, IPV6_PKTINFO 50,
 *   IPV6_RECVHOPLIMIT 51, IPV6_HOPLIMIT 52, IPV6_RECVPATHMTU 60,
 *   IPV6_PATHMTU 61, IPV6_RECVTCLASS 66, IPV6_TCLASS 67
 *                                         linux/in6.h
 *   struct in_pktinfo {int ipi_ifindex; struct in_addr ipi_spec_dst,
 *   ipi_addr;} (12)                       linux/in.h
 *   The kernel delivers IP_TTL as an int and IP_TOS as one byte
 *   (net/ipv4/ip_sockglue.c ip_cmsg_recv_ttl, ip_cmsg_recv_tos).
 *
 * Rows follow Go's x/net/ipv4 and ipv6 sys_linux.go ctlOpts, plus TOS
 * (receive). IPV6_NEXTHOP (9) exists as a socket option only: sendmsg
 * rejects it as a cmsg with EINVAL (net/ipv6/datagram.c
 * ip6_datagram_send_ctl has no case for it; test_cmsg_kernel.c shows it),
 * so, as in Go's table, the row is empty and next hops are not sent.
 */
#include "xnet/cmsg.h"
#include "xnet/profile.h"
#include "xnet/sockopt_table.h"

static const xnet_cmsg_abi linux_cmsg = {
    .hdr_len = 16,
    .align = 8,
    .len_size = 8,
    .sa_len_byte = 0,
    .sdl_index_off = 0, /* no sockaddr_dl on Linux */
    .af_inet6 = 10,
    .sol_socket = 1,
    .level_ip = 0,
    .level_ipv6 = 41,
    .ipv4 =
        {
            [XNET_CTL_TTL] = {0, 2, 4, XNET_CMSG_KIND_NONE,
                              XNET_CMSG_KIND_INT, 12},
            [XNET_CTL_TOS] = {0, 1, 1, XNET_CMSG_KIND_NONE, XNET_CMSG_KIND_U8,
                              13},
            [XNET_CTL_PKTINFO] = {0, 8, 12, XNET_CMSG_KIND_IN_PKTINFO,
                                  XNET_CMSG_KIND_IN_PKTINFO, 8},
        },
    .ipv6 =
        {
            [XNET_CTL6_TCLASS] = {41, 67, 4, XNET_CMSG_KIND_INT,
                                  XNET_CMSG_KIND_INT, 66},
            [XNET_CTL6_HOPLIMIT] = {41, 52, 4, XNET_CMSG_KIND_INT,
                                    XNET_CMSG_KIND_INT, 51},
            [XNET_CTL6_PKTINFO] = {41, 50, 20, XNET_CMSG_KIND_IN6_PKTINFO,
                                   XNET_CMSG_KIND_IN6_PKTINFO, 49},
            [XNET_CTL6_PATHMTU] = {41, 61, 32, XNET_CMSG_KIND_NONE,
                                   XNET_CMSG_KIND_IP6_MTUINFO, 60},
        },
    /* SCM_RIGHTS 1, SCM_CREDENTIALS 2 (include/linux/socket.h); struct
     * ucred {u32 pid; u32 uid; u32 gid;} (12, glibc bits/socket.h), filled
     * by the sender and checked by the kernel (net/core/scm.c). */
    .scm_rights = 1,
    .scm_creds = 2,
    .cred_len = 12,
    .cred_pid_off = 0,
    .cred_uid_off = 4,
    .cred_gid_off = 8,
    .cred_send = 1,
};

/* IP-level socket options (Linux UAPI headers; checked against the host's
 * by _Static_assert in backends/linux/ipopt.c):
 *   IP_TOS 1, IP_TTL 2, IP_HDRINCL 3, IP_MULTICAST_IF 32 (ip_mreqn),
 *   IP_MULTICAST_TTL 33, IP_MULTICAST_LOOP 34 (ints), MCAST_JOIN_GROUP 42,
 *   MCAST_BLOCK_SOURCE 43, MCAST_UNBLOCK_SOURCE 44, MCAST_LEAVE_GROUP 45,
 *   MCAST_JOIN_SOURCE_GROUP 46, MCAST_LEAVE_SOURCE_GROUP 47 (the same
 *   numbers at IPPROTO_IP and IPPROTO_IPV6)          linux/in.h
 *   ICMP_FILTER 1 at SOL_RAW 255                      linux/icmp.h
 *   IPV6_CHECKSUM 7, IPV6_UNICAST_HOPS 16, IPV6_MULTICAST_IF 17,
 *   IPV6_MULTICAST_HOPS 18, IPV6_MULTICAST_LOOP 19, IPV6_PATHMTU 61,
 *   IPV6_TCLASS 67                                    linux/in6.h
 *   ICMPV6_FILTER 1 at IPPROTO_ICMPV6 58              linux/icmpv6.h
 *   SO_ATTACH_FILTER 26 at SOL_SOCKET 1               asm-generic/socket.h
 *   struct group_req {u32; sockaddr_storage (128, 8-aligned)}: 136 bytes,
 *   group at 8; group_source_req: 264, group 8, source 136  linux/in.h
 * As Go's sys_linux.go sockOpts. */
static const xnet_sockopt_abi linux_sockopt = {
    .rows =
        {
            [XNET_SO_IP_TOS] = {0, 1, XNET_SO_KIND_INT},
            [XNET_SO_IP_TTL] = {0, 2, XNET_SO_KIND_INT},
            [XNET_SO_IP_HDRINCL] = {0, 3, XNET_SO_KIND_INT},
            [XNET_SO_IP_MULTICAST_IF] = {0, 32, XNET_SO_KIND_IP_MREQN},
            [XNET_SO_IP_MULTICAST_TTL] = {0, 33, XNET_SO_KIND_INT},
            [XNET_SO_IP_MULTICAST_LOOP] = {0, 34, XNET_SO_KIND_INT},
            [XNET_SO_IP_ICMP_FILTER] = {255, 1, XNET_SO_KIND_ICMP_FILTER},
            [XNET_SO_IP_JOIN_GROUP] = {0, 42, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IP_LEAVE_GROUP] = {0, 45, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IP_JOIN_SOURCE_GROUP] =
                {0, 46, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IP_LEAVE_SOURCE_GROUP] =
                {0, 47, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IP_BLOCK_SOURCE] = {0, 43, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IP_UNBLOCK_SOURCE] =
                {0, 44, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_TCLASS] = {41, 67, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_UNICAST_HOPS] = {41, 16, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_IF] = {41, 17, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_HOPS] = {41, 18, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_MULTICAST_LOOP] = {41, 19, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_PATHMTU] = {41, 61, XNET_SO_KIND_MTUINFO},
            [XNET_SO_IPV6_CHECKSUM] = {41, 7, XNET_SO_KIND_INT},
            [XNET_SO_IPV6_ICMP6_FILTER] = {58, 1, XNET_SO_KIND_ICMP6_FILTER},
            [XNET_SO_IPV6_JOIN_GROUP] = {41, 42, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IPV6_LEAVE_GROUP] = {41, 45, XNET_SO_KIND_GROUP_REQ},
            [XNET_SO_IPV6_JOIN_SOURCE_GROUP] =
                {41, 46, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_LEAVE_SOURCE_GROUP] =
                {41, 47, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_BLOCK_SOURCE] =
                {41, 43, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_IPV6_UNBLOCK_SOURCE] =
                {41, 44, XNET_SO_KIND_GROUP_SOURCE_REQ},
            [XNET_SO_ATTACH_FILTER] = {1, 26, XNET_SO_KIND_SOCK_FPROG},
        },
    .af_inet = 2,
    .af_inet6 = 10,
    .sa_len_byte = 0,
    .ss_size = 128,
    .gr_size = 136,
    .gr_group_off = 8,
    .gsr_size = 264,
    .gsr_group_off = 8,
    .gsr_source_off = 136,
};

const xnet_profile xnet_profile_linux = {
    .name = "linux",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .icmp6_filter_set_passes = 0,
    .cmsg = &linux_cmsg,
    .sockopt = &linux_sockopt,
};
