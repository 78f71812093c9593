/* poll.c — readiness with a deadline, and the pipe waker.
 *
 * ops->wait polls the socket and the waker's read end together. The
 * deadline is absolute CLOCK_MONOTONIC nanoseconds; poll takes whole
 * milliseconds, so the remaining time is rounded up (a deadline never fires
 * early) and a poll that returns before the deadline with nothing ready is
 * simply repeated with the new remainder. poll is the mechanism on every
 * host: a blocked call watches one socket, where epoll or kqueue would only
 * add registration calls. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>

#include "posix_int.h"

/* Empties the waker's read end: the wait that observes a wake consumes it.
 * Reads smaller than the buffer mean nothing more is queued (an eventfd
 * always reads 8 bytes; a pipe at most what is there). */
static void drain(xnet_posix *p, xnet_waker *w) {
  uint64_t buf[8];
  ssize_t r;
  do r = p->sys.read(w->rfd, buf, sizeof buf);
  while (r == (ssize_t)sizeof buf || (r < 0 && errno == EINTR));
}

/* Milliseconds for poll until deadline, rounded up; -1 without deadline;
 * 0 and *passed = 1 when it has passed. */
static int timeout_ms(xnet_posix *p, int64_t deadline, int *passed) {
  *passed = 0;
  if (deadline == 0) return -1;
  int64_t left = deadline - xnet__posix_now(p);
  if (left <= 0) {
    *passed = 1;
    return 0;
  }
  int64_t ms = left / 1000000 + (left % 1000000 != 0);
  return ms > INT_MAX ? INT_MAX : (int)ms;
}

int xnet__posix_wait(void *inst, int sock, unsigned events, int64_t deadline,
                     xnet_waker *w) {
  xnet_posix *p = inst;
  struct pollfd fds[2];
  fds[0].fd = sock; /* a negative sock is ignored by poll: a pure sleep */
  fds[0].events = (short)(((events & XNET_WAIT_READ) ? POLLIN : 0) |
                          ((events & XNET_WAIT_WRITE) ? POLLOUT : 0));
  nfds_t n = 1;
  if (w) {
    fds[1].fd = w->rfd;
    fds[1].events = POLLIN;
    n = 2;
  }
  for (;;) {
    int passed;
    int ms = timeout_ms(p, deadline, &passed);
    if (passed) return XNET_ETIMEDOUT;
    fds[0].revents = 0;
    if (w) fds[1].revents = 0;
    int r = p->sys.poll(fds, n, ms);
    if (r < 0) {
      if (errno == EINTR) continue;
      return xnet__posix_err(errno);
    }
    if (w && fds[1].revents) {
      drain(p, w);
      return 1;
    }
    if (fds[0].revents & POLLNVAL) return XNET_EBADF;
    /* POLLERR and POLLHUP count as ready: the retried call reports them. */
    if (fds[0].revents) return 0;
  }
}

int xnet__posix_waker_open(void *inst, xnet_waker **out) {
  xnet_posix *p = inst;
  *out = NULL;
  xnet_waker *w = malloc(sizeof *w);
  if (!w) return XNET_ENOMEM;
  int fds[2];
  if (p->sys.pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
    int e = errno;
    free(w);
    return xnet__posix_err(e);
  }
  w->rfd = fds[0];
  w->wfd = fds[1];
  *out = w;
  return 0;
}

void xnet__posix_waker_wake(void *inst, xnet_waker *w) {
  xnet_posix *p = inst;
  const uint64_t one = 1;
  ssize_t r;
  /* EAGAIN (a full pipe, a saturated eventfd) means already signalled. */
  do r = p->sys.write(w->wfd, &one, sizeof one);
  while (r < 0 && errno == EINTR);
}

void xnet__posix_waker_close(void *inst, xnet_waker *w) {
  xnet_posix *p = inst;
  if (!w) return;
  p->sys.close(w->rfd);
  if (w->wfd != w->rfd) p->sys.close(w->wfd);
  free(w);
}
