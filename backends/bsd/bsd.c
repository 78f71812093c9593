/* bsd.c — the BSD host backend: the ops table of the host's flavour and
 * the stack constructors. The flavour and the OS features come from
 * bsd_host.h (the one place that asks which BSD this is); the checks below
 * tie the numbers of the flavour table (flavours.c) to the system
 * headers, so a table that disagrees with its OS fails to compile. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>

#include "bsd_host.h"
#include "file_int.h"
#if XNET_BSD_HAS_SCTP
#include <netinet/sctp.h>
#endif

/* ---- the flavour table against the headers (flavours.c) ---- */
_Static_assert(SOL_SOCKET == 0xffff && SO_REUSEADDR == 0x0004 &&
                   SO_KEEPALIVE == 0x0008 && SO_BROADCAST == 0x0020 &&
                   SO_REUSEPORT == 0x0200 && SO_SNDBUF == 0x1001 &&
                   SO_RCVBUF == 0x1002 && SO_ERROR == 0x1007 &&
                   SO_TYPE == 0x1008,
               "SOL_SOCKET options differ from flavours.c");
_Static_assert(IPPROTO_IP == 0 && IPPROTO_TCP == 6 && IPPROTO_IPV6 == 41 &&
                   TCP_NODELAY == 1 && IP_MULTICAST_IF == 9 &&
                   IP_MULTICAST_LOOP == 11 && IPV6_MULTICAST_IF == 9 &&
                   IPV6_MULTICAST_LOOP == 11 && IPV6_V6ONLY == 27,
               "IP options differ from flavours.c");
#if defined(__NetBSD__) || defined(__OpenBSD__) || defined(__DragonFly__)
_Static_assert(IP_ADD_MEMBERSHIP == 12 && IPV6_JOIN_GROUP == 12 &&
                   IP_DROP_MEMBERSHIP == 13 && IPV6_LEAVE_GROUP == 13 &&
                   sizeof(struct ip_mreq) == 8 &&
                   sizeof(struct ipv6_mreq) == 20,
               "4.4BSD group options differ from flavours.c / group.c");
#endif
#if defined(__APPLE__)
_Static_assert(SO_LINGER_SEC == 0x1080 && SO_NOSIGPIPE == 0x1022,
               "Darwin SO_LINGER_SEC / SO_NOSIGPIPE differ from flavours.c");
_Static_assert(TCP_KEEPALIVE == 0x10 && TCP_KEEPINTVL == 0x101 &&
                   TCP_KEEPCNT == 0x102,
               "Darwin keepalive options differ from flavours.c");
_Static_assert(MCAST_JOIN_GROUP == 80 && MCAST_LEAVE_GROUP == 81,
               "MCAST_JOIN_GROUP / MCAST_LEAVE_GROUP differ");
#elif defined(__FreeBSD__)
_Static_assert(IPPROTO_SCTP == 132 && MSG_NOTIFICATION == 0x2000 &&
                   SCTP_BINDX_ADD_ADDR == 0x8001 &&
                   SCTP_BINDX_REM_ADDR == 0x8002,
               "FreeBSD SCTP numbers differ from xnet_sctp_layout_freebsd");
_Static_assert(SO_LINGER == 0x0080 && TCP_KEEPIDLE == 256 &&
                   TCP_KEEPINTVL == 512 && TCP_KEEPCNT == 1024 &&
                   MCAST_JOIN_GROUP == 80 && MCAST_LEAVE_GROUP == 81,
               "FreeBSD options differ from flavours.c");
_Static_assert(SOCK_NONBLOCK == 0x20000000 && SOCK_CLOEXEC == 0x10000000 &&
                   MSG_NOSIGNAL == 0x00020000 &&
                   MSG_CMSG_CLOEXEC == 0x00040000,
               "FreeBSD flags differ from flavours.c");
#elif defined(__NetBSD__)
_Static_assert(SO_LINGER == 0x0080 && TCP_KEEPIDLE == 3 &&
                   TCP_KEEPINTVL == 5 && TCP_KEEPCNT == 6,
               "NetBSD options differ from flavours.c");
_Static_assert(SOCK_NONBLOCK == 0x20000000 && SOCK_CLOEXEC == 0x10000000 &&
                   MSG_NOSIGNAL == 0x0400 && MSG_CMSG_CLOEXEC == 0x0800,
               "NetBSD flags differ from flavours.c");
#elif defined(__OpenBSD__)
_Static_assert(SO_LINGER == 0x0080, "OpenBSD SO_LINGER differs");
_Static_assert(SOCK_NONBLOCK == 0x4000 && SOCK_CLOEXEC == 0x8000 &&
                   MSG_NOSIGNAL == 0x400 && MSG_CMSG_CLOEXEC == 0x800,
               "OpenBSD flags differ from flavours.c");
#elif defined(__DragonFly__)
_Static_assert(SO_LINGER == 0x0080 && TCP_KEEPIDLE == 256 &&
                   TCP_KEEPINTVL == 512 && TCP_KEEPCNT == 1024,
               "DragonFly options differ from flavours.c");
_Static_assert(SOCK_NONBLOCK == 0x20000000 && SOCK_CLOEXEC == 0x10000000 &&
                   MSG_NOSIGNAL == 0x0400 && MSG_CMSG_CLOEXEC == 0x1000,
               "DragonFly flags differ from flavours.c");
#endif
/* xnet_sockaddr.path holds any sun_path. */
_Static_assert(sizeof(((xnet_sockaddr *)0)->path) >=
                   sizeof(((struct sockaddr_un *)0)->sun_path),
               "xnet_sockaddr.path is shorter than sun_path");

static int bsd_host_open(void *inst, const void *config) {
  xnet_bsd *b = inst;
  int rc = xnet__bsd_open(inst, &XNET_BSD_HOST_FLAVOUR, config);
  b->host.interfaces_fill = xnet__bsd_interfaces_fill;
  return rc;
}

/* The capabilities follow from the build: SCTP where the flavour has
 * kernel SCTP (FreeBSD, whose kernel always has it: no probe), batch I/O
 * where libc has recvmmsg/sendmmsg, per-packet control messages on every
 * flavour (IP_RECVDSTADDR / IPV6_PKTINFO and the TTL/TOS options). */
static int bsd_caps(void *inst) {
  const xnet_bsd *b = inst;
  int caps = XNET_CAP_PKTINFO;
  if (b->flavour && b->flavour->sctp) caps |= XNET_CAP_SCTP;
#if XNET_BSD_HAS_MMSG
  caps |= XNET_CAP_BATCH;
#endif
  return caps;
}

static const xnet_backend_ops xnet_backend_bsd = {
    XNET__BSD_COMMON_OPS,
    .profile = &XNET_BSD_HOST_PROFILE,
    .sctp_layout = XNET_BSD_HOST_SCTP_LAYOUT,
    .open = bsd_host_open,
#if XNET_BSD_HAS_MMSG
    .recvmmsg = xnet__bsd_recvmmsg,
    .sendmmsg = xnet__bsd_sendmmsg,
#endif
#if XNET_BSD_HAS_EVFILT_USER
    .wait = xnet__bsd_wait,
    .wait_many = xnet__bsd_wait_many,
    .waker_open = xnet__bsd_waker_open,
    .waker_wake = xnet__bsd_waker_wake,
#else
    .wait = xnet__posix_wait,
    .wait_many = xnet__posix_wait_many,
    .waker_open = xnet__posix_waker_open,
    .waker_wake = xnet__posix_waker_wake,
#endif
    .waker_close = xnet__posix_waker_close,
    .caps = bsd_caps,
};

int xnet__host_stack_open(xnet_stack **out) {
  return xnet__stack_open(&xnet_backend_bsd, NULL, out);
}

int xnet__host_stack_open_config(const xnet_posix_config *config,
                                 xnet_stack **out) {
  return xnet__stack_open(&xnet_backend_bsd, config, out);
}
