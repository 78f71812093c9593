/* file_ops_stack.h — the stack the local-conn suites (core.file,
 * core.unix) run on: the default host stack when its backend registers the
 * host-descriptor ops (import_fd, unlink_path), else a stack of the same
 * backend with the POSIX implementations (backends/posix/file.c) filled
 * in, so those ops are exercised either way. The suites' tests of the
 * default stack itself (test_file_default_stack_imports,
 * test_unix_default_stack_removes_socket_file) run unconditionally: the
 * Linux backend registers both ops, and losing one must fail them, not
 * skip them. */
#ifndef XNET_FILE_OPS_STACK_H
#define XNET_FILE_OPS_STACK_H

#include <stdbool.h>

#include "core_int.h"
#include "file_int.h"
#include "xnet/error.h"

/* Whether the default stack implements import_fd: a bad descriptor gives
 * EBADF when the op exists, the stub's ENOTSUP when it does not. */
static inline bool fos_default_imports(void) {
  xnet_stack *d = xnet_stack_default();
  int sock;
  return d && xnet__stack_ops(d)->import_fd(xnet__stack_instance(d), -1,
                                            &sock) != XNET_ENOTSUP;
}

/* Whether the default stack implements unlink_path (an empty path gives
 * ENOENT when it does). */
static inline bool fos_default_unlinks(void) {
  xnet_stack *d = xnet_stack_default();
  return d && xnet__stack_ops(d)->unlink_path(xnet__stack_instance(d), "") !=
                  XNET_ENOTSUP;
}

/* Opens the suite's stack into *s; *own says whether fos_close must close
 * it. Returns 0 or a negative code. */
static inline int fos_open(xnet_stack **s, bool *own) {
  *own = false;
  if (fos_default_imports() && fos_default_unlinks()) {
    *s = xnet_stack_default();
    return *s ? 0 : XNET_ENOTSUP;
  }
  if (!xnet_stack_default()) return XNET_ENOTSUP;
  xnet_backend_ops ops = *xnet__stack_ops(xnet_stack_default());
  ops.import_fd = xnet__posix_import_fd;
  ops.unlink_path = xnet__posix_unlink_path;
  *own = true;
  return xnet__stack_open(&ops, NULL, s);
}

static inline void fos_close(xnet_stack *s, bool own) {
  if (own) xnet_stack_close(s);
}

#endif /* XNET_FILE_OPS_STACK_H */
