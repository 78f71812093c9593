/* poll_many.c — readiness of several sockets at once (ops->wait_many), for
 * a dial that races two connects (Happy Eyeballs) while watching a
 * canceler's waker.
 *
 * One poll over the sockets and the waker, with ops->wait's conventions
 * (poll.c): the deadline is rounded up to whole milliseconds and a poll
 * that returns early with nothing ready is repeated; POLLERR and POLLHUP
 * count as ready, so the caller's next call on the socket reports them; a
 * fired waker is drained, which consumes the wake (the latch of
 * backend.h). */
#define _DEFAULT_SOURCE
#include <limits.h>
#include <poll.h>

#include "posix_int.h"

/* Empties the waker's read end: 8-byte reads until one comes back short
 * or fails (an eventfd holds one counter; a pipe whatever was written). */
static void drain_waker(xnet_posix *p, xnet_waker *w) {
  uint64_t buf[8];
  for (;;) {
    ssize_t r = p->sys.read(w->rfd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r != (ssize_t)sizeof buf) return;
  }
}

int xnet__posix_wait_many(void *inst, xnet_backend_wait *socks, size_t n,
                          int64_t deadline, xnet_waker *w) {
  xnet_posix *p = inst;
  if (n == 0 || n > XNET_WAIT_MANY_MAX) return XNET_EINVAL;
  struct pollfd fds[XNET_WAIT_MANY_MAX + 1];
  for (size_t i = 0; i < n; i++) {
    socks[i].ready = 0;
    fds[i].fd = socks[i].sock; /* poll skips a negative descriptor */
    fds[i].events =
        (short)(((socks[i].events & XNET_WAIT_READ) ? POLLIN : 0) |
                ((socks[i].events & XNET_WAIT_WRITE) ? POLLOUT : 0));
  }
  nfds_t nfds = (nfds_t)n;
  if (w) {
    fds[n].fd = w->rfd;
    fds[n].events = POLLIN;
    nfds++;
  }
  for (;;) {
    int ms = -1;
    if (deadline != 0) {
      int64_t left = deadline - xnet__posix_now(p);
      if (left <= 0) return XNET_ETIMEDOUT;
      int64_t up = left / 1000000 + (left % 1000000 != 0);
      ms = up > INT_MAX ? INT_MAX : (int)up;
    }
    for (nfds_t i = 0; i < nfds; i++) fds[i].revents = 0;
    int r = p->sys.poll(fds, nfds, ms);
    if (r < 0) {
      if (errno == EINTR) continue;
      return xnet__posix_err(errno);
    }
    if (w && fds[n].revents) {
      drain_waker(p, w);
      return 1;
    }
    int any = 0;
    for (size_t i = 0; i < n; i++) {
      if (fds[i].revents & POLLNVAL) return XNET_EBADF;
      if (fds[i].revents) {
        socks[i].ready = 1;
        any = 1;
      }
    }
    if (any) return 0;
  }
}
