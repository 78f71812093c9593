/* kqueue.c — readiness through kqueue, with an EVFILT_USER waker.
 *
 * A waker is a kqueue holding one EV_CLEAR user event (rfd == wfd == the
 * kqueue); waking triggers it (NOTE_TRIGGER), and the wait that retrieves
 * it consumes it (EV_CLEAR): the latch of backend.h. A blocked call adds
 * its socket(s) to the waker's kqueue as one-shot filters and waits on
 * both at once with the remaining time in nanoseconds; filters that did
 * not fire are deleted before returning. core keeps one waker per
 * direction of a conn, so one thread waits on a kqueue at a time. A wait
 * without a waker is a plain poll (no kqueue to create); a wait on the
 * waker alone (sock < 0) waits for the user event only.
 *
 * Where the OS has no EVFILT_USER this file is empty and bsd.c uses the
 * POSIX poll wait and pipe waker. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/time.h>

#include "bsd_host.h"

#if XNET_BSD_HAS_EVFILT_USER

int xnet__bsd_waker_open(void *inst, xnet_waker **out) {
  xnet_posix *p = inst;
  *out = NULL;
  xnet_waker *w = malloc(sizeof *w);
  if (!w) return XNET_ENOMEM;
  int kq = kqueue();
  if (kq < 0) {
    int e = errno;
    free(w);
    return xnet__posix_err(e);
  }
  struct kevent ev;
  EV_SET(&ev, 0, EVFILT_USER, EV_ADD | EV_CLEAR, 0, 0, NULL);
  if (p->sys.fcntl(kq, F_SETFD, FD_CLOEXEC) < 0 ||
      kevent(kq, &ev, 1, NULL, 0, NULL) < 0) {
    int e = errno;
    p->sys.close(kq);
    free(w);
    return xnet__posix_err(e);
  }
  w->rfd = kq;
  w->wfd = kq;
  *out = w;
  return 0;
}

void xnet__bsd_waker_wake(void *inst, xnet_waker *w) {
  (void)inst;
  struct kevent ev;
  EV_SET(&ev, 0, EVFILT_USER, 0, NOTE_TRIGGER, 0, NULL);
  while (kevent(w->wfd, &ev, 1, NULL, 0, NULL) < 0 && errno == EINTR) {
  }
}

/* Deletes the filters of socks that may still be registered. */
static void forget(int kq, const xnet_backend_wait *socks, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (socks[i].sock < 0) continue;
    struct kevent ev[2];
    int k = 0;
    if (socks[i].events & XNET_WAIT_READ)
      EV_SET(&ev[k++], (uintptr_t)socks[i].sock, EVFILT_READ, EV_DELETE, 0,
             0, NULL);
    if (socks[i].events & XNET_WAIT_WRITE)
      EV_SET(&ev[k++], (uintptr_t)socks[i].sock, EVFILT_WRITE, EV_DELETE, 0,
             0, NULL);
    /* ENOENT (the one-shot filter fired) is expected: errors ignored. */
    (void)kevent(kq, ev, k, NULL, 0, NULL);
  }
}

int xnet__bsd_wait_many(void *inst, xnet_backend_wait *socks, size_t n,
                        int64_t deadline, xnet_waker *w) {
  if (n == 0 || n > XNET_WAIT_MANY_MAX) return XNET_EINVAL;
  if (!w) return xnet__posix_wait_many(inst, socks, n, deadline, NULL);
  struct kevent ch[2 * XNET_WAIT_MANY_MAX];
  int nch = 0;
  for (size_t i = 0; i < n; i++) {
    socks[i].ready = 0;
    if (socks[i].sock < 0) continue;
    if (socks[i].events & XNET_WAIT_READ)
      EV_SET(&ch[nch++], (uintptr_t)socks[i].sock, EVFILT_READ,
             EV_ADD | EV_ONESHOT, 0, 0, (void *)(uintptr_t)i);
    if (socks[i].events & XNET_WAIT_WRITE)
      EV_SET(&ch[nch++], (uintptr_t)socks[i].sock, EVFILT_WRITE,
             EV_ADD | EV_ONESHOT, 0, 0, (void *)(uintptr_t)i);
  }
  struct kevent got[2 * XNET_WAIT_MANY_MAX + 1];
  const int cap = nch + 1; /* every filter and the user event */
  for (;;) {
    struct timespec ts, *tsp = NULL;
    if (deadline != 0) {
      int64_t left = deadline - xnet__posix_now(inst);
      if (left <= 0) {
        forget(w->rfd, socks, n);
        return XNET_ETIMEDOUT;
      }
      ts.tv_sec = (time_t)(left / 1000000000);
      ts.tv_nsec = (long)(left % 1000000000);
      tsp = &ts;
    }
    int r = kevent(w->rfd, ch, nch, got, cap, tsp);
    if (r < 0) {
      if (errno == EINTR) continue; /* re-adding is idempotent */
      int e = errno;
      forget(w->rfd, socks, n);
      return xnet__posix_err(e);
    }
    nch = 0; /* registered */
    int woke = 0, ready = 0, err = 0;
    for (int k = 0; k < r; k++) {
      if (got[k].filter == EVFILT_USER) {
        woke = 1;
      } else if (got[k].flags & EV_ERROR) {
        err = got[k].data == EBADF ? XNET_EBADF
                                   : xnet__posix_err((int)got[k].data);
      } else {
        socks[(uintptr_t)got[k].udata].ready = 1;
        ready = 1;
      }
    }
    if (woke || ready || err) forget(w->rfd, socks, n);
    if (woke) return 1;
    if (ready) return 0;
    if (err) return err;
  }
}

int xnet__bsd_wait(void *inst, int sock, unsigned events, int64_t deadline,
                   xnet_waker *w) {
  if (!w) return xnet__posix_wait(inst, sock, events, deadline, NULL);
  xnet_backend_wait one = {.sock = sock, .events = events, .ready = 0};
  return xnet__bsd_wait_many(inst, &one, 1, deadline, w);
}

#else
typedef int xnet__bsd_no_evfilt_user;
#endif
