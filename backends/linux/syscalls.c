/* syscalls.c — the Linux syscall table: the portable one with the real
 * flag-taking calls in place of the emulations (atomic close-on-exec) and
 * the Linux extensions (recvmmsg, sendmmsg, eventfd, getrandom). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "linux_int.h"

static int linux_socket(int domain, int type, int protocol) {
  return socket(domain, type, protocol);
}
static int linux_accept4(int fd, struct sockaddr *sa, socklen_t *len,
                         int flags) {
  return accept4(fd, sa, len, flags);
}
static int linux_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
static int linux_recvmmsg(int fd, struct mmsghdr *v, unsigned n, int flags,
                          struct timespec *timeout) {
  return recvmmsg(fd, v, n, flags, timeout);
}
static int linux_sendmmsg(int fd, struct mmsghdr *v, unsigned n, int flags) {
  return sendmmsg(fd, v, n, flags);
}
static int linux_eventfd(unsigned initval, int flags) {
  return eventfd(initval, flags);
}
static ssize_t linux_getrandom(void *buf, size_t n, unsigned flags) {
  return getrandom(buf, n, flags);
}

void xnet__host_syscalls(xnet_posix_syscalls *t) {
  xnet__posix_syscalls_init(t);
  t->socket = linux_socket;
  t->accept4 = linux_accept4;
  t->pipe2 = linux_pipe2;
  t->recvmmsg = linux_recvmmsg;
  t->sendmmsg = linux_sendmmsg;
  t->eventfd = linux_eventfd;
  t->getrandom = linux_getrandom;
}
