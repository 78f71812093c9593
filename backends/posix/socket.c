/* socket.c — the socket lifecycle ops: socket, bind, connect, listen,
 * accept, shutdown, close, addresses, dup. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>

#include "posix_int.h"

int xnet__posix_socket(void *inst, int family, int type, int protocol,
                       int *sock) {
  xnet_posix *p = inst;
  *sock = -1;
  int domain = xnet__posix_family_to_host(family);
  if (domain < 0 || family == XNET_AF_UNSPEC) return XNET_EAFNOSUPPORT;
  int t = xnet__posix_type_to_host(type);
  if (t < 0) return XNET_ESOCKTNOSUPPORT;
  int fd = p->sys.socket(domain, t | p->host->sock_flags, protocol);
  if (fd < 0) return xnet__posix_err(errno);
  *sock = fd;
  return 0;
}

int xnet__posix_bind(void *inst, int sock, const xnet_sockaddr *a) {
  xnet_posix *p = inst;
  struct sockaddr_storage ss;
  socklen_t len;
  int rc = xnet__posix_sockaddr_to(a, &ss, &len);
  if (rc < 0) return rc;
  if (p->sys.bind(sock, (struct sockaddr *)&ss, len) < 0)
    return xnet__posix_err(errno);
  return 0;
}

int xnet__posix_connect(void *inst, int sock, const xnet_sockaddr *a) {
  xnet_posix *p = inst;
  struct sockaddr_storage ss;
  socklen_t len;
  int rc = xnet__posix_sockaddr_to(a, &ss, &len);
  if (rc < 0) return rc;
  if (p->sys.connect(sock, (struct sockaddr *)&ss, len) == 0) return 0;
  switch (errno) {
  /* Under way: wait for writability, then connect_result. A connect
   * interrupted by a signal continues in the background, so EINTR is not
   * retried (a second connect would say EALREADY), as in Go. */
  case EINPROGRESS:
  case EALREADY:
  case EINTR:
    return XNET_EAGAIN;
  case EISCONN: /* Go: already connected counts as success */
    return 0;
  default:
    return xnet__posix_err(errno);
  }
}

int xnet__posix_connect_result(void *inst, int sock) {
  int err = 0;
  int rc = xnet__posix_getsockopt(inst, sock, XNET_SO_ERROR, &err);
  return rc < 0 ? rc : err;
}

int xnet__posix_listen(void *inst, int sock, int backlog) {
  xnet_posix *p = inst;
  return p->sys.listen(sock, backlog) < 0 ? xnet__posix_err(errno) : 0;
}

int xnet__posix_accept(void *inst, int sock, int *new_sock,
                       xnet_sockaddr *peer) {
  xnet_posix *p = inst;
  *new_sock = -1;
  if (peer) memset(peer, 0, sizeof *peer);
  for (;;) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int fd = p->sys.accept4(sock, (struct sockaddr *)&ss, &len,
                            p->host->sock_flags);
    if (fd >= 0) {
      *new_sock = fd;
      if (peer && xnet__posix_sockaddr_from((struct sockaddr *)&ss, len,
                                            peer) < 0)
        memset(peer, 0, sizeof *peer);
      return 0;
    }
    /* A connection reset before it was accepted is not the listener's
     * error: take the next one (Go does the same). */
    if (errno == EINTR || errno == ECONNABORTED) continue;
    return xnet__posix_err(errno);
  }
}

int xnet__posix_shutdown(void *inst, int sock, int how) {
  xnet_posix *p = inst;
  int h;
  switch (how) {
  case 0: h = SHUT_RD; break;
  case 1: h = SHUT_WR; break;
  case 2: h = SHUT_RDWR; break;
  default: return XNET_EINVAL;
  }
  return p->sys.shutdown(sock, h) < 0 ? xnet__posix_err(errno) : 0;
}

int xnet__posix_close(void *inst, int sock) {
  xnet_posix *p = inst;
  /* After EINTR the descriptor is released anyway (Linux, and POSIX 2024
   * lets it be): retrying could close a descriptor another thread just
   * got, so EINTR counts as closed. */
  if (p->sys.close(sock) < 0 && errno != EINTR) return xnet__posix_err(errno);
  return 0;
}

typedef int (*name_fn)(int, struct sockaddr *, socklen_t *);

static int sock_name(name_fn fn, int sock, xnet_sockaddr *out) {
  memset(out, 0, sizeof *out);
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (fn(sock, (struct sockaddr *)&ss, &len) < 0) return xnet__posix_err(errno);
  return xnet__posix_sockaddr_from((struct sockaddr *)&ss, len, out);
}

int xnet__posix_local_addr(void *inst, int sock, xnet_sockaddr *out) {
  xnet_posix *p = inst;
  return sock_name(p->sys.getsockname, sock, out);
}

int xnet__posix_remote_addr(void *inst, int sock, xnet_sockaddr *out) {
  xnet_posix *p = inst;
  return sock_name(p->sys.getpeername, sock, out);
}

int xnet__posix_dup(void *inst, int sock, int *out) {
  xnet_posix *p = inst;
  /* The copy shares the file status flags (non-blocking) with sock, and
   * is close-on-exec like every descriptor the backend makes. */
  int fd = p->sys.fcntl(sock, F_DUPFD_CLOEXEC, 0);
  *out = fd;
  return fd < 0 ? xnet__posix_err(errno) : 0;
}
