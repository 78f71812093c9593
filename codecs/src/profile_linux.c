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

const xnet_profile xnet_profile_linux = {
    .name = "linux",
    .little_endian = 1,
    .ipv4_raw_host_order = 0,
    .icmp6_filter_set_passes = 0,
    .cmsg = &linux_cmsg,
};
