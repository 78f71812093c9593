/* msg.c — the hot path: recvmsg, sendmsg, read and write.
 *
 * Counts are returned as int (clamped to INT_MAX; m->n holds the exact
 * count). Sends always add the host's send_flags (MSG_NOSIGNAL), so a
 * write to a reset connection fails with XNET_EPIPE instead of raising
 * SIGPIPE; write therefore goes through send, not write(2). A message of
 * one buffer and no control data goes through sendto/recvfrom (the latter
 * only when the caller wants no flags back, XNET_MSG_NO_FLAGS): the same
 * effect, without the kernel copying a msghdr and importing an iovec. */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "posix_int.h"

int xnet__posix_recv_flags(const xnet_posix *p, int flags) {
  int f = p->host->recv_flags;
  if (flags & XNET_MSG_PEEK) f |= MSG_PEEK;
  if (flags & XNET_MSG_OOB) f |= MSG_OOB;
  return f;
}

int xnet__posix_send_flags(const xnet_posix *p, int flags) {
  int f = p->host->send_flags;
  if (flags & XNET_MSG_OOB) f |= MSG_OOB;
  if (flags & XNET_MSG_EOR) f |= MSG_EOR;
  return f;
}

int xnet__posix_msg_flags(const xnet_posix *p, int host_flags) {
  int f = 0;
  if (host_flags & MSG_TRUNC) f |= XNET_MSG_TRUNC;
  if (host_flags & MSG_CTRUNC) f |= XNET_MSG_CTRUNC;
  if (host_flags & MSG_OOB) f |= XNET_MSG_OOB;
  if (host_flags & MSG_EOR) f |= XNET_MSG_EOR;
  if (p->host->msg_notification && (host_flags & p->host->msg_notification))
    f |= XNET_MSG_NOTIFICATION;
  return f;
}

int xnet__posix_msghdr_prepare(struct msghdr *h, const xnet_backend_msg *m,
                               struct sockaddr_storage *name, int sending) {
  memset(h, 0, sizeof *h);
  h->msg_iov = m->iov;
  h->msg_iovlen = m->iov_len;
  if (m->oob) {
    h->msg_control = m->oob;
    h->msg_controllen = sending ? m->oob_len : m->oob_cap;
  }
  if (!sending) {
    h->msg_name = name;
    h->msg_namelen = sizeof *name;
    return 0;
  }
  if (m->addr.family == XNET_AF_UNSPEC) return 0; /* connected */
  socklen_t len;
  int rc = xnet__posix_sockaddr_to(&m->addr, name, &len);
  if (rc < 0) return rc;
  h->msg_name = name;
  h->msg_namelen = len;
  return 0;
}

void xnet__posix_msghdr_received(const xnet_posix *p, const struct msghdr *h,
                                 size_t n, xnet_backend_msg *m) {
  m->n = n;
  m->oob_len = m->oob ? (size_t)h->msg_controllen : 0;
  m->flags = xnet__posix_msg_flags(p, h->msg_flags);
  /* An address of a family we do not model reads as AF_UNSPEC. */
  if (xnet__posix_sockaddr_from(h->msg_name, h->msg_namelen, &m->addr) < 0)
    memset(&m->addr, 0, sizeof m->addr);
}

static int count(ssize_t n) { return n > INT_MAX ? INT_MAX : (int)n; }

/* Whether m is one buffer with no control data, for sendto/recvfrom. */
static bool one_buffer(const xnet_backend_msg *m, int sending) {
  return m->iov_len == 1 && (sending ? m->oob_len == 0 : m->oob == NULL);
}

int xnet__posix_recvmsg(void *inst, int sock, xnet_backend_msg *m,
                        int flags) {
  xnet_posix *p = inst;
  struct sockaddr_storage name;
  struct msghdr h;
  (void)xnet__posix_msghdr_prepare(&h, m, &name, 0); /* cannot fail */
  int host_flags = xnet__posix_recv_flags(p, flags);
  bool plain = (flags & XNET_MSG_NO_FLAGS) && p->sys.recvfrom && one_buffer(m, 0);
  ssize_t r;
  do {
    h.msg_namelen = sizeof name;
    r = plain ? p->sys.recvfrom(sock, m->iov[0].iov_base, m->iov[0].iov_len,
                                host_flags, h.msg_name, &h.msg_namelen)
              : p->sys.recvmsg(sock, &h, host_flags);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    m->n = 0;
    return xnet__posix_err(errno);
  }
  xnet__posix_msghdr_received(p, &h, (size_t)r, m);
  return count(r);
}

int xnet__posix_sendmsg(void *inst, int sock, xnet_backend_msg *m,
                        int flags) {
  xnet_posix *p = inst;
  struct sockaddr_storage name;
  struct msghdr h;
  m->n = 0;
  int rc = xnet__posix_msghdr_prepare(&h, m, &name, 1);
  if (rc < 0) return rc;
  int host_flags = xnet__posix_send_flags(p, flags);
  bool plain = p->sys.sendto && one_buffer(m, 1);
  ssize_t r;
  do r = plain ? p->sys.sendto(sock, m->iov[0].iov_base, m->iov[0].iov_len,
                               host_flags, h.msg_name, h.msg_namelen)
               : p->sys.sendmsg(sock, &h, host_flags);
  while (r < 0 && errno == EINTR);
  if (r < 0) return xnet__posix_err(errno);
  m->n = (size_t)r;
  return count(r);
}

int xnet__posix_read(void *inst, int sock, void *buf, size_t n) {
  xnet_posix *p = inst;
  if (n > INT_MAX) n = INT_MAX;
  ssize_t r;
  do r = p->sys.read(sock, buf, n);
  while (r < 0 && errno == EINTR);
  return r < 0 ? xnet__posix_err(errno) : count(r);
}

int xnet__posix_write(void *inst, int sock, const void *buf, size_t n) {
  if (n > INT_MAX) n = INT_MAX; /* a partial write; the caller continues */
  struct iovec iov = {.iov_base = (void *)(uintptr_t)buf, .iov_len = n};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1};
  return xnet__posix_sendmsg(inst, sock, &m, 0);
}
