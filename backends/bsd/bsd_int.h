/* bsd_int.h — the BSD host backend (FreeBSD, NetBSD, OpenBSD, DragonFly,
 * macOS): what its files share.
 *
 * The backend is the POSIX socket logic (backends/posix) driven by a
 * flavour: one constant table per OS giving the numbers in which the
 * flavours differ (portable-sockopt rows, the flags that make descriptors
 * non-blocking and close-on-exec at birth, the no-SIGPIPE mechanism, the
 * keepalive time unit) and the flavour's ABI profile. The flavour tables
 * and the translation code (sockopt.c) use no BSD header, so they also
 * build on Linux, where tests drive them through the syscall recorder;
 * bsd.c selects the host's flavour in one place and ties its numbers to
 * the system headers with _Static_assert. kqueue.c, syscalls.c, mmsg.c
 * and interfaces.c need the BSD headers and build only there; the other
 * files (sockopt.c, group.c, recv.c, maddrs.c, sctp.c) are portable.
 *
 * Thread-safety: as posix_int.h (instances immutable after open).
 */
#ifndef XNET_BSD_INT_H
#define XNET_BSD_INT_H

#include "file_int.h" /* import_fd, unlink_path (XNET__BSD_COMMON_OPS) */
#include "posix_int.h"
#include "xnet/profile.h"
#include "xnet/sctp_abi.h"

/* One BSD flavour, as data. A number 0 means "the flavour has none". */
typedef struct xnet_bsd_flavour {
  const char *name;               /* "freebsd", ..., "darwin" */
  const xnet_profile *profile;    /* the stack's ops->profile */
  const xnet_posix_sockopt *sockopts; /* XNET_SOCKOPT__MAX rows */
  int sock_nonblock;              /* SOCK_NONBLOCK for socket/accept4 */
  int sock_cloexec;               /* SOCK_CLOEXEC */
  int msg_nosignal;               /* MSG_NOSIGNAL, added to every send */
  int msg_cmsg_cloexec;           /* MSG_CMSG_CLOEXEC, added to receives */
  int so_nosigpipe;               /* SOL_SOCKET option set on every socket
                                   * when there is no MSG_NOSIGNAL (Darwin) */
  int sol_socket;                 /* SOL_SOCKET (0xffff everywhere) */
  int tcp_keep_unit_ms;           /* 1: TCP_KEEPIDLE/KEEPINTVL take
                                   * milliseconds (DragonFly), else seconds */
  int has_mmsg;                   /* recvmmsg/sendmmsg (FreeBSD 11+,
                                   * NetBSD 7+) */
  /* 1: no RFC 3678 (NetBSD, OpenBSD, DragonFly). The sockopts rows of
   * XNET_IP_MULTICAST_IF, XNET_IP_MCAST_JOIN/LEAVE_GROUP and
   * XNET_IPV6_MCAST_JOIN/LEAVE_GROUP then name IP_MULTICAST_IF (an
   * in_addr), IP_ADD/DROP_MEMBERSHIP (struct ip_mreq) and
   * IPV6_JOIN/LEAVE_GROUP (struct ipv6_mreq), and an interface index
   * becomes the interface's first IPv4 address (group.c). 0: the
   * profile's ip_mreqn / group_req. */
  int mreq_groups;
  int has_getifmaddrs;            /* getifmaddrs(3): FreeBSD, Darwin
                                   * (maddrs.c) */
  /* The kernel SCTP ABI (FreeBSD); NULL: SCTP sockets are refused with
   * XNET_ENOTSUP and no system call (sctp.c). */
  const xnet_sctp_layout *sctp;
} xnet_bsd_flavour;

extern const xnet_bsd_flavour xnet__bsd_freebsd;
extern const xnet_bsd_flavour xnet__bsd_netbsd;
extern const xnet_bsd_flavour xnet__bsd_openbsd;
extern const xnet_bsd_flavour xnet__bsd_dragonfly;
extern const xnet_bsd_flavour xnet__bsd_darwin;

/* The instance of a BSD stack: the POSIX state first (the POSIX ops take
 * the instance as an xnet_posix), then the flavour and the host
 * description built from it. */
typedef struct xnet_bsd {
  xnet_posix posix;
  const xnet_bsd_flavour *flavour;
  xnet_posix_host host;
} xnet_bsd;

/* xnet__bsd_open initialises inst for flavour fl from config (an
 * xnet_posix_config or NULL). Errors: none today (returns 0). */
int xnet__bsd_open(void *inst, const xnet_bsd_flavour *fl,
                   const void *config);

/* ---- sockopt.c: the translation ops (portable code) ---- */

/* ops->socket: refuses SCTP (XNET_ENOTSUP: no SCTP on this backend), then
 * the POSIX socket, then SO_NOSIGPIPE where the flavour needs it. */
int xnet__bsd_socket(void *inst, int family, int type, int protocol,
                     int *sock);
/* ops->accept and ops->import_fd: the POSIX ones, then SO_NOSIGPIPE. */
int xnet__bsd_accept(void *inst, int sock, int *new_sock,
                     xnet_sockaddr *peer);
int xnet__bsd_import_fd(void *inst, int fd, int *sock);
/* ops->setsockopt/getsockopt: the POSIX ones with the flavour's value
 * conventions (one-byte options per the profile, DragonFly's keepalive
 * milliseconds). */
int xnet__bsd_setsockopt(void *inst, int sock, xnet_sockopt opt, int value);
int xnet__bsd_getsockopt(void *inst, int sock, xnet_sockopt opt, int *value);
/* ops->setsockopt_group: the structure and (level, name) from the
 * profile's socket-option table; XNET_ENOTSUP where the flavour has no
 * row. */
int xnet__bsd_setsockopt_group(void *inst, int sock, xnet_sockopt opt,
                               int ifindex, const xnet_sockaddr *group);

/* ---- group.c: group options without RFC 3678 ---- */

/* The ip_mreq / in_addr / ipv6_mreq form of setsockopt_group, for a
 * flavour with mreq_groups. Errors: XNET_EINVAL (bad group),
 * XNET_EADDRNOTAVAIL (the interface has no IPv4 address, where Go says
 * "no such network interface"), XNET_ENOTSUP (no row), host errors. */
int xnet__bsd_group_mreq(xnet_bsd *b, int sock, xnet_sockopt opt,
                         int ifindex, const xnet_sockaddr *group);

/* ---- recv.c ---- */

/* ops->recvmsg: the POSIX one; where the flavour has no MSG_CMSG_CLOEXEC
 * (Darwin), every descriptor received with SCM_RIGHTS is then made
 * close-on-exec with fcntl. */
int xnet__bsd_recvmsg(void *inst, int sock, xnet_backend_msg *m, int flags);

/* ---- maddrs.c ---- */

/* struct ifmaddrs of getifmaddrs(3), identical on FreeBSD and Darwin
 * (interfaces.c checks it against the host header): named here so
 * the portable code walks the list on Linux too. Nodes are copied out with
 * memcpy; the sockaddrs are read as bytes in the flavour's layout. */
typedef struct xnet_bsd_ifmaddrs {
  void *next;         /* ifma_next */
  const void *name;   /* ifma_name: the interface's sockaddr_dl */
  const void *addr;   /* ifma_addr: the group */
  const void *lladdr; /* ifma_lladdr */
} xnet_bsd_ifmaddrs;

/* ops->multicast_addrs from getifmaddrs. Errors: XNET_ENOTSUP (NetBSD,
 * OpenBSD, DragonFly: no getifmaddrs), XNET_EINVAL (index < 0), host
 * errors. */
int xnet__bsd_multicast_addrs(void *inst, int index, xnet_ip *out,
                              size_t cap);

/* ---- sctp.c: FreeBSD kernel SCTP (backend.h's SCTP contract) ---- */

int xnet__bsd_sctp_bindx(void *inst, int sock, const xnet_sockaddr *addrs,
                         size_t n, int add);
int xnet__bsd_sctp_connectx(void *inst, int sock, const xnet_sockaddr *addrs,
                            size_t n);
int xnet__bsd_sctp_addrs(void *inst, int sock, int remote, xnet_sockaddr *out,
                         size_t cap);

/* The ops every BSD stack shares, as designated initializers; the host
 * table (bsd.c) adds readiness, wakers, batch I/O, interfaces and
 * .sctp_layout (the flavour's sctp, as a constant), a test adds its own.
 * The SCTP ops answer XNET_ENOTSUP on a flavour without SCTP. */
#define XNET__BSD_COMMON_OPS                                              \
  .name = "bsd", .instance_size = sizeof(xnet_bsd),                       \
  .recvmsg = xnet__bsd_recvmsg, .sendmsg = xnet__posix_sendmsg,            \
  .read = xnet__posix_read, .write = xnet__posix_write,                    \
  .now = xnet__posix_now, .random = xnet__posix_random,                    \
  .socket = xnet__bsd_socket, .bind = xnet__posix_bind,                    \
  .connect = xnet__posix_connect,                                          \
  .connect_result = xnet__posix_connect_result,                            \
  .listen = xnet__posix_listen, .accept = xnet__bsd_accept,                \
  .shutdown = xnet__posix_shutdown, .close = xnet__posix_close,            \
  .local_addr = xnet__posix_local_addr,                                    \
  .remote_addr = xnet__posix_remote_addr,                                  \
  .setsockopt = xnet__bsd_setsockopt, .getsockopt = xnet__bsd_getsockopt,  \
  .setsockopt_raw = xnet__posix_setsockopt_raw,                            \
  .getsockopt_raw = xnet__posix_getsockopt_raw, .dup = xnet__posix_dup,    \
  .import_fd = xnet__bsd_import_fd,                                        \
  .unlink_path = xnet__posix_unlink_path,                                  \
  .resolve = xnet__posix_resolve, .reverse = xnet__posix_reverse,          \
  .interfaces = xnet__posix_interfaces,                                    \
  .zone_index = xnet__posix_zone_index,                                    \
  .zone_name = xnet__posix_zone_name,                                      \
  .interface_addrs = xnet__posix_interface_addrs,                          \
  .setsockopt_group = xnet__bsd_setsockopt_group,                          \
  .multicast_addrs = xnet__bsd_multicast_addrs,                            \
  .sctp_bindx = xnet__bsd_sctp_bindx,                                      \
  .sctp_connectx = xnet__bsd_sctp_connectx,                                \
  .sctp_addrs = xnet__bsd_sctp_addrs

#endif /* XNET_BSD_INT_H */
