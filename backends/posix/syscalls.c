/* syscalls.c — an instance's syscall table. The portable table holds thin
 * wrappers with the exact slot signatures (libc prototypes vary: variadic
 * fcntl/ioctl/open, glibc's transparent-union sockaddr arguments) and
 * emulations of the calls that create descriptors with flags, for hosts
 * that lack them. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "posix_int.h"

static int sys_bind(int fd, const struct sockaddr *sa, socklen_t len) {
  return bind(fd, sa, len);
}
static int sys_connect(int fd, const struct sockaddr *sa, socklen_t len) {
  return connect(fd, sa, len);
}
static int sys_listen(int fd, int backlog) { return listen(fd, backlog); }
static ssize_t sys_recvmsg(int fd, struct msghdr *m, int flags) {
  return recvmsg(fd, m, flags);
}
static ssize_t sys_sendmsg(int fd, const struct msghdr *m, int flags) {
  return sendmsg(fd, m, flags);
}
static ssize_t sys_recvfrom(int fd, void *buf, size_t n, int flags,
                            struct sockaddr *sa, socklen_t *len) {
  return recvfrom(fd, buf, n, flags, sa, len);
}
static ssize_t sys_sendto(int fd, const void *buf, size_t n, int flags,
                          const struct sockaddr *sa, socklen_t len) {
  return sendto(fd, buf, n, flags, sa, len);
}
static ssize_t sys_read(int fd, void *buf, size_t n) {
  return read(fd, buf, n);
}
static ssize_t sys_write(int fd, const void *buf, size_t n) {
  return write(fd, buf, n);
}
static int sys_setsockopt(int fd, int level, int name, const void *val,
                          socklen_t len) {
  return setsockopt(fd, level, name, val, len);
}
static int sys_getsockopt(int fd, int level, int name, void *val,
                          socklen_t *len) {
  return getsockopt(fd, level, name, val, len);
}
static int sys_getsockname(int fd, struct sockaddr *sa, socklen_t *len) {
  return getsockname(fd, sa, len);
}
static int sys_getpeername(int fd, struct sockaddr *sa, socklen_t *len) {
  return getpeername(fd, sa, len);
}
static int sys_shutdown(int fd, int how) { return shutdown(fd, how); }
static int sys_close(int fd) { return close(fd); }
static int sys_poll(struct pollfd *fds, nfds_t n, int timeout_ms) {
  return poll(fds, n, timeout_ms);
}
static int sys_fcntl(int fd, int cmd, int arg) { return fcntl(fd, cmd, arg); }
static int sys_ioctl(int fd, unsigned long request, void *arg) {
  return ioctl(fd, request, arg);
}
static int sys_open(const char *path, int flags) { return open(path, flags); }
static int sys_getaddrinfo(const char *host, const char *service,
                           const struct addrinfo *hints,
                           struct addrinfo **res) {
  return getaddrinfo(host, service, hints, res);
}
static void sys_freeaddrinfo(struct addrinfo *res) { freeaddrinfo(res); }
static int sys_getnameinfo(const struct sockaddr *sa, socklen_t salen,
                           char *host, socklen_t hostlen, char *serv,
                           socklen_t servlen, int flags) {
  return getnameinfo(sa, salen, host, hostlen, serv, servlen, flags);
}
static int sys_getifaddrs(struct ifaddrs **list) { return getifaddrs(list); }
static void sys_freeifaddrs(struct ifaddrs *list) { freeifaddrs(list); }
static unsigned sys_if_nametoindex(const char *name) {
  return if_nametoindex(name);
}
static char *sys_if_indextoname(unsigned index, char *name) {
  return if_indextoname(index, name);
}
static int sys_clock_gettime(clockid_t clock, struct timespec *ts) {
  return clock_gettime(clock, ts);
}

/* Makes a new descriptor non-blocking and close-on-exec, closing it on
 * failure (errno preserved). */
static int finish_fd(int fd) {
  if (fd < 0) return fd;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
      fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* The emulations ignore `flags`: the backend only ever asks for
 * non-blocking and close-on-exec, which is what they set. */
static int emulated_socket(int domain, int type, int protocol) {
  return finish_fd(socket(domain, type, protocol));
}

static int emulated_accept4(int fd, struct sockaddr *sa, socklen_t *len,
                            int flags) {
  (void)flags;
  return finish_fd(accept(fd, sa, len));
}

static int emulated_pipe2(int fds[2], int flags) {
  (void)flags;
  int p[2];
  if (pipe(p) < 0) return -1;
  if (finish_fd(p[0]) < 0) {
    int e = errno;
    close(p[1]);
    errno = e;
    return -1;
  }
  if (finish_fd(p[1]) < 0) {
    int e = errno;
    close(p[0]);
    errno = e;
    return -1;
  }
  fds[0] = p[0];
  fds[1] = p[1];
  return 0;
}

void xnet__posix_syscalls_init(xnet_posix_syscalls *t) {
  *t = (xnet_posix_syscalls){
      .socket = emulated_socket,
      .bind = sys_bind,
      .connect = sys_connect,
      .listen = sys_listen,
      .accept4 = emulated_accept4,
      .recvmsg = sys_recvmsg,
      .sendmsg = sys_sendmsg,
      .recvfrom = sys_recvfrom,
      .sendto = sys_sendto,
      .read = sys_read,
      .write = sys_write,
      .setsockopt = sys_setsockopt,
      .getsockopt = sys_getsockopt,
      .getsockname = sys_getsockname,
      .getpeername = sys_getpeername,
      .shutdown = sys_shutdown,
      .close = sys_close,
      .poll = sys_poll,
      .fcntl = sys_fcntl,
      .ioctl = sys_ioctl,
      .pipe2 = emulated_pipe2,
      .open = sys_open,
      .getaddrinfo = sys_getaddrinfo,
      .freeaddrinfo = sys_freeaddrinfo,
      .getnameinfo = sys_getnameinfo,
      .getifaddrs = sys_getifaddrs,
      .freeifaddrs = sys_freeifaddrs,
      .if_nametoindex = sys_if_nametoindex,
      .if_indextoname = sys_if_indextoname,
      .clock_gettime = sys_clock_gettime,
  };
}

/* An instance uses the config's table (a test's recorder) or the host's. */
int xnet__posix_open(xnet_posix *p, const xnet_posix_host *host,
                     const xnet_posix_config *config) {
  if (config && config->syscalls)
    p->sys = *config->syscalls;
  else
    xnet__host_syscalls(&p->sys);
  p->host = host;
  return 0;
}
