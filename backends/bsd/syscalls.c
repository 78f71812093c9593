/* syscalls.c — the BSD syscall table: the portable one, with the real
 * flag-taking socket/accept4/pipe2 where the OS has them (atomic
 * close-on-exec), recvmmsg/sendmmsg where it has those, getifmaddrs(3)
 * where it exists and FreeBSD libc's SCTP calls; Darwin keeps the fcntl
 * emulations (bsd_host.h decides). */
#include <fcntl.h>
#include <unistd.h>

#include "bsd_host.h"

#if XNET_BSD_HAS_GETIFMADDRS
#include <ifaddrs.h>
#endif
#if XNET_BSD_HAS_SCTP
#include <netinet/in.h>
#include <netinet/sctp.h>
#endif

#if XNET_BSD_HAS_FLAG_CALLS
static int bsd_socket(int domain, int type, int protocol) {
  return socket(domain, type, protocol);
}
static int bsd_accept4(int fd, struct sockaddr *sa, socklen_t *len,
                       int flags) {
  return accept4(fd, sa, len, flags);
}
static int bsd_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
#endif

#if XNET_BSD_HAS_MMSG
static int bsd_recvmmsg(int fd, struct mmsghdr *v, unsigned n, int flags,
                        struct timespec *timeout) {
  return (int)recvmmsg(fd, v, n, flags, timeout);
}
static int bsd_sendmmsg(int fd, struct mmsghdr *v, unsigned n, int flags) {
  return (int)sendmmsg(fd, v, n, flags);
}
#endif

#if XNET_BSD_HAS_SCTP
/* sctp_assoc_t is a uint32_t (sys/netinet/sctp_uio.h), the slots' type. */
_Static_assert(sizeof(sctp_assoc_t) == sizeof(uint32_t),
               "FreeBSD sctp_assoc_t is not 32 bits");
/* libc's sctp_connectx returns E2BIG itself, not -1, when the packed
 * addresses outgrow its 2048-byte buffer (lib/libc/net/sctp_sys_calls.c):
 * the slot answers -1 with errno as every other call does. */
static int bsd_sctp_connectx(int fd, const struct sockaddr *addrs, int n,
                             uint32_t *id) {
  sctp_assoc_t a = 0;
  int rc = sctp_connectx(fd, addrs, n, &a);
  if (id) *id = (uint32_t)a;
  if (rc > 0) {
    errno = rc;
    rc = -1;
  }
  return rc;
}
static int bsd_sctp_getpaddrs(int fd, uint32_t id, struct sockaddr **addrs) {
  return sctp_getpaddrs(fd, (sctp_assoc_t)id, addrs);
}
static int bsd_sctp_getladdrs(int fd, uint32_t id, struct sockaddr **addrs) {
  return sctp_getladdrs(fd, (sctp_assoc_t)id, addrs);
}
#endif

void xnet__host_syscalls(xnet_posix_syscalls *t) {
  xnet__posix_syscalls_init(t);
#if XNET_BSD_HAS_FLAG_CALLS
  t->socket = bsd_socket;
  t->accept4 = bsd_accept4;
  t->pipe2 = bsd_pipe2;
#endif
#if XNET_BSD_HAS_MMSG
  t->recvmmsg = bsd_recvmmsg;
  t->sendmmsg = bsd_sendmmsg;
#endif
#if XNET_BSD_HAS_GETIFMADDRS
  t->getifmaddrs = getifmaddrs;
  t->freeifmaddrs = freeifmaddrs;
#endif
#if XNET_BSD_HAS_SCTP
  t->sctp_bindx = sctp_bindx;
  t->sctp_connectx = bsd_sctp_connectx;
  t->sctp_getpaddrs = bsd_sctp_getpaddrs;
  t->sctp_freepaddrs = sctp_freepaddrs;
  t->sctp_getladdrs = bsd_sctp_getladdrs;
  t->sctp_freeladdrs = sctp_freeladdrs;
#endif
}
