/* flavours.c — the five BSD flavours as data: the portable-sockopt rows
 * and the flag numbers of each (STYLE.md: profiles are data). No BSD
 * header is included: this file also builds on Linux, where the tests run
 * the translation code against it; bsd.c checks the host flavour's numbers
 * against its system headers.
 *
 * Sources (each OS's own headers, public source):
 *   All five, sys/socket.h: SOL_SOCKET 0xffff; SO_REUSEADDR 0x0004,
 *     SO_KEEPALIVE 0x0008, SO_BROADCAST 0x0020, SO_LINGER 0x0080,
 *     SO_REUSEPORT 0x0200, SO_SNDBUF 0x1001, SO_RCVBUF 0x1002,
 *     SO_ERROR 0x1007, SO_TYPE 0x1008. No SO_PASSCRED (credentials are
 *     LOCAL_CREDS / LOCAL_PEERCRED, another model): unsupported.
 *   All five, netinet/in.h and netinet6/in6.h: IPPROTO_IP 0, IPPROTO_TCP
 *     6, IPPROTO_IPV6 41; IP_MULTICAST_IF 9, IP_MULTICAST_LOOP 11;
 *     IPV6_MULTICAST_IF 9, IPV6_MULTICAST_LOOP 11, IPV6_V6ONLY 27.
 *   netinet/tcp.h: TCP_NODELAY 1 everywhere; keepalive knobs:
 *     FreeBSD, DragonFly  TCP_KEEPIDLE 256, TCP_KEEPINTVL 512,
 *                         TCP_KEEPCNT 1024 (DragonFly in milliseconds,
 *                         as Go's tcpsockopt for dragonfly)
 *     NetBSD              TCP_KEEPIDLE 3, TCP_KEEPINTVL 5, TCP_KEEPCNT 6
 *     Darwin              TCP_KEEPALIVE 0x10 (the idle time),
 *                         TCP_KEEPINTVL 0x101, TCP_KEEPCNT 0x102
 *                         (checked against the SDK headers, bsd.c)
 *     OpenBSD             none (system-wide sysctls only): unsupported
 *   Darwin sys/socket.h: SO_LINGER 0x0080 counts ticks; SO_LINGER_SEC
 *     0x1080 counts seconds, which is what XNET_SO_LINGER means.
 *     SO_NOSIGPIPE 0x1022 (no MSG_NOSIGNAL before macOS 11's SDK, so the
 *     option is set on every socket); no SOCK_NONBLOCK / accept4 / pipe2.
 *   MCAST_JOIN_GROUP 80, MCAST_LEAVE_GROUP 81 (FreeBSD sys/netinet/in.h,
 *     Darwin netinet/in.h).
 *     NetBSD, OpenBSD and DragonFly have no RFC 3678 options and no
 *     source-specific API at all (their sys/netinet/in.h define neither
 *     MCAST_* nor IP_ADD_SOURCE_MEMBERSHIP): the 4.4BSD forms instead,
 *     IP_MULTICAST_IF 9 taking a struct in_addr ("in_addr; set/get IP
 *     multicast i/f", NetBSD sys/netinet/in.h), IP_ADD_MEMBERSHIP 12 with
 *     struct ip_mreq {imr_multiaddr; imr_interface} (in.h of all three),
 *     and IPV6_JOIN_GROUP 12 with struct ipv6_mreq {ipv6mr_multiaddr;
 *     unsigned ipv6mr_interface} (KAME sys/netinet6/in6.h of all three);
 *     leaving with the same structures: IP_DROP_MEMBERSHIP 13 ("ip_mreq;
 *     drop an IP group membership", sys/netinet/in.h) and IPV6_LEAVE_GROUP
 *     13 ("ipv6_mreq; leave a group membership", netinet6/in6.h):
 *     mreq_groups = 1, group.c builds them.
 *   SCTP: FreeBSD only (kernel SCTP, sys/netinet/sctp_uio.h, libc's
 *     sctp_bindx(3) & co.): the codecs' xnet_sctp_layout_freebsd. NetBSD 9
 *     has an optional kernel SCTP that this backend does not use.
 *   getifmaddrs(3): FreeBSD ("first appeared in FreeBSD 5.2",
 *     lib/libc/net/getifmaddrs.3) and Darwin (<ifaddrs.h>, macOS 10.7).
 *     NetBSD, OpenBSD and DragonFly have none (DragonFly's
 *     lib/libc/net/Makefile.inc builds getifaddrs.c only; Go's
 *     interface_bsdvar.go returns no groups on all three).
 *   Flags, sys/sys/socket.h of each:
 *     FreeBSD   SOCK_CLOEXEC 0x10000000, SOCK_NONBLOCK 0x20000000,
 *               MSG_NOSIGNAL 0x00020000, MSG_CMSG_CLOEXEC 0x00040000
 *     NetBSD    SOCK_CLOEXEC 0x10000000, SOCK_NONBLOCK 0x20000000,
 *               MSG_NOSIGNAL 0x0400, MSG_CMSG_CLOEXEC 0x0800
 *     OpenBSD   SOCK_CLOEXEC 0x8000, SOCK_NONBLOCK 0x4000,
 *               MSG_NOSIGNAL 0x400, MSG_CMSG_CLOEXEC 0x800
 *     DragonFly SOCK_CLOEXEC 0x10000000, SOCK_NONBLOCK 0x20000000,
 *               MSG_NOSIGNAL 0x0400, MSG_CMSG_CLOEXEC 0x1000
 *     Darwin    none of them (emulated with fcntl; SO_NOSIGPIPE)
 */
#include "bsd_int.h"

enum {
  BSD_SOL_SOCKET = 0xffff,
  BSD_SO_REUSEADDR = 0x0004,
  BSD_SO_KEEPALIVE = 0x0008,
  BSD_SO_BROADCAST = 0x0020,
  BSD_SO_LINGER = 0x0080,
  BSD_SO_REUSEPORT = 0x0200,
  BSD_SO_SNDBUF = 0x1001,
  BSD_SO_RCVBUF = 0x1002,
  BSD_SO_ERROR = 0x1007,
  BSD_SO_TYPE = 0x1008,
  BSD_IPPROTO_IP = 0,
  BSD_IPPROTO_TCP = 6,
  BSD_IPPROTO_IPV6 = 41,
  BSD_TCP_NODELAY = 1,
  BSD_IP_MULTICAST_IF = 9,
  BSD_IP_MULTICAST_LOOP = 11,
  BSD_IPV6_MULTICAST_IF = 9,
  BSD_IPV6_MULTICAST_LOOP = 11,
  BSD_IPV6_V6ONLY = 27,
  BSD_MCAST_JOIN_GROUP = 80,
  BSD_MCAST_LEAVE_GROUP = 81,
  BSD_IP_ADD_MEMBERSHIP = 12,
  BSD_IP_DROP_MEMBERSHIP = 13,
  BSD_IPV6_JOIN_GROUP = 12,
  BSD_IPV6_LEAVE_GROUP = 13,
  FREEBSD_TCP_KEEPIDLE = 256,
  FREEBSD_TCP_KEEPINTVL = 512,
  FREEBSD_TCP_KEEPCNT = 1024,
  NETBSD_TCP_KEEPIDLE = 3,
  NETBSD_TCP_KEEPINTVL = 5,
  NETBSD_TCP_KEEPCNT = 6,
  DARWIN_SO_LINGER_SEC = 0x1080,
  DARWIN_SO_NOSIGPIPE = 0x1022,
  DARWIN_TCP_KEEPALIVE = 0x10,
  DARWIN_TCP_KEEPINTVL = 0x101,
  DARWIN_TCP_KEEPCNT = 0x102
};

/* The rows every flavour shares. */
#define BSD_COMMON_ROWS                                                   \
  [XNET_SO_REUSEADDR] = {BSD_SOL_SOCKET, BSD_SO_REUSEADDR},               \
  [XNET_SO_REUSEPORT] = {BSD_SOL_SOCKET, BSD_SO_REUSEPORT},               \
  [XNET_SO_KEEPALIVE] = {BSD_SOL_SOCKET, BSD_SO_KEEPALIVE},               \
  [XNET_SO_RCVBUF] = {BSD_SOL_SOCKET, BSD_SO_RCVBUF},                     \
  [XNET_SO_SNDBUF] = {BSD_SOL_SOCKET, BSD_SO_SNDBUF},                     \
  [XNET_SO_BROADCAST] = {BSD_SOL_SOCKET, BSD_SO_BROADCAST},               \
  [XNET_SO_ERROR] = {BSD_SOL_SOCKET, BSD_SO_ERROR},                       \
  [XNET_SO_TYPE] = {BSD_SOL_SOCKET, BSD_SO_TYPE},                         \
  [XNET_TCP_NODELAY] = {BSD_IPPROTO_TCP, BSD_TCP_NODELAY},                \
  [XNET_IPV6_V6ONLY] = {BSD_IPPROTO_IPV6, BSD_IPV6_V6ONLY},               \
  [XNET_IP_MULTICAST_LOOP] = {BSD_IPPROTO_IP, BSD_IP_MULTICAST_LOOP},     \
  [XNET_IPV6_MULTICAST_IF] = {BSD_IPPROTO_IPV6, BSD_IPV6_MULTICAST_IF},   \
  [XNET_IPV6_MULTICAST_LOOP] = {BSD_IPPROTO_IPV6, BSD_IPV6_MULTICAST_LOOP}

static const xnet_posix_sockopt freebsd_rows[XNET_SOCKOPT__MAX] = {
    BSD_COMMON_ROWS,
    [XNET_SO_LINGER] = {BSD_SOL_SOCKET, BSD_SO_LINGER},
    [XNET_TCP_KEEPIDLE] = {BSD_IPPROTO_TCP, FREEBSD_TCP_KEEPIDLE},
    [XNET_TCP_KEEPINTVL] = {BSD_IPPROTO_TCP, FREEBSD_TCP_KEEPINTVL},
    [XNET_TCP_KEEPCNT] = {BSD_IPPROTO_TCP, FREEBSD_TCP_KEEPCNT},
    [XNET_IP_MULTICAST_IF] = {BSD_IPPROTO_IP, BSD_IP_MULTICAST_IF},
    [XNET_IP_MCAST_JOIN_GROUP] = {BSD_IPPROTO_IP, BSD_MCAST_JOIN_GROUP},
    [XNET_IPV6_MCAST_JOIN_GROUP] = {BSD_IPPROTO_IPV6, BSD_MCAST_JOIN_GROUP},
    [XNET_IP_MCAST_LEAVE_GROUP] = {BSD_IPPROTO_IP, BSD_MCAST_LEAVE_GROUP},
    [XNET_IPV6_MCAST_LEAVE_GROUP] = {BSD_IPPROTO_IPV6, BSD_MCAST_LEAVE_GROUP},
};

/* The pre-RFC 3678 group rows (mreq_groups). */
#define BSD_MREQ_ROWS                                                     \
  [XNET_IP_MULTICAST_IF] = {BSD_IPPROTO_IP, BSD_IP_MULTICAST_IF},         \
  [XNET_IP_MCAST_JOIN_GROUP] = {BSD_IPPROTO_IP, BSD_IP_ADD_MEMBERSHIP},   \
  [XNET_IPV6_MCAST_JOIN_GROUP] = {BSD_IPPROTO_IPV6, BSD_IPV6_JOIN_GROUP}, \
  [XNET_IP_MCAST_LEAVE_GROUP] = {BSD_IPPROTO_IP, BSD_IP_DROP_MEMBERSHIP}, \
  [XNET_IPV6_MCAST_LEAVE_GROUP] = {BSD_IPPROTO_IPV6, BSD_IPV6_LEAVE_GROUP}

static const xnet_posix_sockopt netbsd_rows[XNET_SOCKOPT__MAX] = {
    BSD_COMMON_ROWS,
    BSD_MREQ_ROWS,
    [XNET_SO_LINGER] = {BSD_SOL_SOCKET, BSD_SO_LINGER},
    [XNET_TCP_KEEPIDLE] = {BSD_IPPROTO_TCP, NETBSD_TCP_KEEPIDLE},
    [XNET_TCP_KEEPINTVL] = {BSD_IPPROTO_TCP, NETBSD_TCP_KEEPINTVL},
    [XNET_TCP_KEEPCNT] = {BSD_IPPROTO_TCP, NETBSD_TCP_KEEPCNT},
};

static const xnet_posix_sockopt openbsd_rows[XNET_SOCKOPT__MAX] = {
    BSD_COMMON_ROWS,
    BSD_MREQ_ROWS,
    [XNET_SO_LINGER] = {BSD_SOL_SOCKET, BSD_SO_LINGER},
};

static const xnet_posix_sockopt dragonfly_rows[XNET_SOCKOPT__MAX] = {
    BSD_COMMON_ROWS,
    BSD_MREQ_ROWS,
    [XNET_SO_LINGER] = {BSD_SOL_SOCKET, BSD_SO_LINGER},
    [XNET_TCP_KEEPIDLE] = {BSD_IPPROTO_TCP, FREEBSD_TCP_KEEPIDLE},
    [XNET_TCP_KEEPINTVL] = {BSD_IPPROTO_TCP, FREEBSD_TCP_KEEPINTVL},
    [XNET_TCP_KEEPCNT] = {BSD_IPPROTO_TCP, FREEBSD_TCP_KEEPCNT},
};

static const xnet_posix_sockopt darwin_rows[XNET_SOCKOPT__MAX] = {
    BSD_COMMON_ROWS,
    [XNET_SO_LINGER] = {BSD_SOL_SOCKET, DARWIN_SO_LINGER_SEC},
    [XNET_TCP_KEEPIDLE] = {BSD_IPPROTO_TCP, DARWIN_TCP_KEEPALIVE},
    [XNET_TCP_KEEPINTVL] = {BSD_IPPROTO_TCP, DARWIN_TCP_KEEPINTVL},
    [XNET_TCP_KEEPCNT] = {BSD_IPPROTO_TCP, DARWIN_TCP_KEEPCNT},
    [XNET_IP_MULTICAST_IF] = {BSD_IPPROTO_IP, BSD_IP_MULTICAST_IF},
    [XNET_IP_MCAST_JOIN_GROUP] = {BSD_IPPROTO_IP, BSD_MCAST_JOIN_GROUP},
    [XNET_IPV6_MCAST_JOIN_GROUP] = {BSD_IPPROTO_IPV6, BSD_MCAST_JOIN_GROUP},
    [XNET_IP_MCAST_LEAVE_GROUP] = {BSD_IPPROTO_IP, BSD_MCAST_LEAVE_GROUP},
    [XNET_IPV6_MCAST_LEAVE_GROUP] = {BSD_IPPROTO_IPV6, BSD_MCAST_LEAVE_GROUP},
};
#undef BSD_COMMON_ROWS
#undef BSD_MREQ_ROWS

const xnet_bsd_flavour xnet__bsd_freebsd = {
    .name = "freebsd",
    .profile = &xnet_profile_freebsd,
    .sockopts = freebsd_rows,
    .sock_nonblock = 0x20000000,
    .sock_cloexec = 0x10000000,
    .msg_nosignal = 0x00020000,
    .msg_cmsg_cloexec = 0x00040000,
    .sol_socket = BSD_SOL_SOCKET,
    .has_mmsg = 1,
    .has_getifmaddrs = 1,
    .sctp = &xnet_sctp_layout_freebsd,
};

const xnet_bsd_flavour xnet__bsd_netbsd = {
    .name = "netbsd",
    .profile = &xnet_profile_netbsd,
    .sockopts = netbsd_rows,
    .sock_nonblock = 0x20000000,
    .sock_cloexec = 0x10000000,
    .msg_nosignal = 0x0400,
    .msg_cmsg_cloexec = 0x0800,
    .sol_socket = BSD_SOL_SOCKET,
    .has_mmsg = 1,
    .mreq_groups = 1,
};

const xnet_bsd_flavour xnet__bsd_openbsd = {
    .name = "openbsd",
    .profile = &xnet_profile_openbsd,
    .sockopts = openbsd_rows,
    .sock_nonblock = 0x4000,
    .sock_cloexec = 0x8000,
    .msg_nosignal = 0x400,
    .msg_cmsg_cloexec = 0x800,
    .sol_socket = BSD_SOL_SOCKET,
    .mreq_groups = 1,
};

const xnet_bsd_flavour xnet__bsd_dragonfly = {
    .name = "dragonfly",
    .profile = &xnet_profile_dragonfly,
    .sockopts = dragonfly_rows,
    .sock_nonblock = 0x20000000,
    .sock_cloexec = 0x10000000,
    .msg_nosignal = 0x0400,
    .msg_cmsg_cloexec = 0x1000,
    .sol_socket = BSD_SOL_SOCKET,
    .tcp_keep_unit_ms = 1,
    .mreq_groups = 1,
};

const xnet_bsd_flavour xnet__bsd_darwin = {
    .name = "darwin",
    .profile = &xnet_profile_darwin,
    .sockopts = darwin_rows,
    .so_nosigpipe = DARWIN_SO_NOSIGPIPE,
    .sol_socket = BSD_SOL_SOCKET,
    .has_getifmaddrs = 1,
};
