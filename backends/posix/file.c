/* file.c — descriptors and paths from outside the stack: import_fd (behind
 * Go's FileConn, FileListener and FilePacketConn) and unlink_path (the
 * socket file of a closing Unix listener). Plain POSIX, shared by the host
 * backends. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "file_int.h"
#include "posix_int.h"

int xnet__posix_import_fd(void *inst, int fd, int *sock) {
  xnet_posix *p = inst;
  *sock = -1;
  /* Ask for the socket type first, so a descriptor that is not a socket
   * fails before anything is duplicated or changed. */
  int type;
  int rc = xnet__posix_getsockopt(inst, fd, XNET_SO_TYPE, &type);
  if (rc < 0) return rc;
  int copy = p->sys.fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return xnet__posix_err(errno);
  /* Every socket of the stack is non-blocking: the waits do the blocking. */
  int flags = p->sys.fcntl(copy, F_GETFL, 0);
  if (flags < 0 || p->sys.fcntl(copy, F_SETFL, flags | O_NONBLOCK) < 0) {
    int e = errno;
    p->sys.close(copy);
    return xnet__posix_err(e);
  }
  *sock = copy;
  return 0;
}

int xnet__posix_unlink_path(void *inst, const char *path) {
  (void)inst;
  /* unlink(2) directly: xnet_posix_syscalls has no slot for it yet, so a
   * recorder table does not see this call. */
  return unlink(path) < 0 ? xnet__posix_err(errno) : 0;
}
