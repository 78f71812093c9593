/* core_test_util.h — helpers shared by the core suites: threads that run a
 * function, loopback listeners, fd counting, elapsed time. */
#ifndef XNET_CORE_TEST_UTIL_H
#define XNET_CORE_TEST_UTIL_H

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "core_int.h"
#include "xnet/conn.h"

static inline int64_t ctu_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void ctu_sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

/* Number of open file descriptors of this process. */
static inline int ctu_count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  while (readdir(d)) n++;
  closedir(d);
  return n - 3; /* ".", "..", and the directory's own fd */
}

/* Spins until a call is in progress on the poll descriptor, so a test can
 * close it knowing the call has entered (closing first would free the
 * handle under a call that has not started: a use-after-free in C). */
static inline void ctu_wait_busy(xnet__pd *pd) {
  while (atomic_load(&pd->busy) == 0) ctu_sleep_ms(0);
}

/* Waits until a call holds dir's own waker: it tried, found nothing and is
 * in (or entering) its wait — blocked, not merely inside the conn. */
static inline void ctu_wait_blocked(xnet__pd *pd, int dir) {
  while (atomic_load(&pd->waker_busy[dir]) == 0) ctu_sleep_ms(0);
}

/* "127.0.0.1:PORT" of a listener into buf. */
static inline void ctu_listener_text(xnet_listener *l, char *buf, size_t n) {
  xnet_addr a;
  xnet_listener_addr(l, &a);
  xnet_addr_format(&a, buf, n);
}

/* Whether ::1 can be bound here (some CI hosts disable IPv6). */
static inline const char *ctu_need_ipv6(void) {
  xnet_listener *l;
  if (xnet_listen("tcp6", "[::1]:0", &l) < 0) return "IPv6 loopback unavailable";
  xnet_listener_close(l);
  return NULL;
}

#endif /* XNET_CORE_TEST_UTIL_H */
