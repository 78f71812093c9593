/* eventfd.c — the Linux waker (one eventfd instead of a pipe's two
 * descriptors) and randomness from getrandom. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/eventfd.h>

#include "linux_int.h"

int xnet__linux_waker_open(void *inst, xnet_waker **out) {
  xnet_posix *p = inst;
  *out = NULL;
  if (!p->sys.eventfd) return xnet__posix_waker_open(inst, out);
  xnet_waker *w = malloc(sizeof *w);
  if (!w) return XNET_ENOMEM;
  int fd = p->sys.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    free(w);
    return xnet__posix_err(e);
  }
  /* Wake and drain are the posix ones: an 8-byte write, an 8-byte read. */
  w->rfd = fd;
  w->wfd = fd;
  *out = w;
  return 0;
}

int xnet__linux_random(void *inst, void *buf, size_t n) {
  xnet_posix *p = inst;
  if (!p->sys.getrandom) return xnet__posix_random(inst, buf, n);
  unsigned char *b = buf;
  size_t got = 0;
  while (got < n) {
    ssize_t r = p->sys.getrandom(b + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    /* Kernels before 3.17 (or a seccomp filter) lack the call. */
    if (r < 0 && errno == ENOSYS) return xnet__posix_random(inst, b + got, n - got);
    if (r < 0) return xnet__posix_err(errno);
    got += (size_t)r;
  }
  return 0;
}
