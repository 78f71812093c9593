/* syscalls.c — the BSD syscall table: the portable one, with the real
 * flag-taking socket/accept4/pipe2 where the OS has them (atomic
 * close-on-exec) and recvmmsg/sendmmsg where it has those; Darwin keeps the
 * fcntl emulations (bsd_host.h decides). */
#include <fcntl.h>
#include <unistd.h>

#include "bsd_host.h"

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
}
