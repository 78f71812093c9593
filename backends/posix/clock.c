/* clock.c — the stack clock (CLOCK_MONOTONIC) and randomness from
 * /dev/urandom (the fallback of hosts without getrandom). */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <time.h>

#include "posix_int.h"

int64_t xnet__posix_now(void *inst) {
  xnet_posix *p = inst;
  struct timespec ts = {0, 0};
  /* CLOCK_MONOTONIC cannot fail with a valid pointer; a recorder that
   * fails it reads as time 0. */
  if (p->sys.clock_gettime(CLOCK_MONOTONIC, &ts) < 0) return 0;
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int xnet__posix_random(void *inst, void *buf, size_t n) {
  xnet_posix *p = inst;
  int fd;
  do fd = p->sys.open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return xnet__posix_err(errno);
  unsigned char *b = buf;
  size_t got = 0;
  int rc = 0;
  while (got < n) {
    ssize_t r = p->sys.read(fd, b + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) { /* urandom never ends; treat an end as an I/O error */
      rc = r < 0 ? xnet__posix_err(errno) : XNET_EIO;
      break;
    }
    got += (size_t)r;
  }
  p->sys.close(fd);
  return rc;
}
