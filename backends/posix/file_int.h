/* file_int.h — the host ops for descriptors and paths from outside a stack
 * (file.c), for a host backend's ops table:
 *   .import_fd = xnet__posix_import_fd,
 *   .unlink_path = xnet__posix_unlink_path,
 *
 * Thread-safety: as posix_int.h (any op on any thread).
 */
#ifndef XNET_POSIX_FILE_INT_H
#define XNET_POSIX_FILE_INT_H

/* ops->import_fd: checks that fd is a socket (SO_TYPE), duplicates it
 * close-on-exec (F_DUPFD_CLOEXEC) and sets O_NONBLOCK on the copy, which
 * the caller's fd shares (one open file description), as Go's newFileFD
 * does. Errors: XNET_ENOTSOCK, XNET_EBADF, XNET_EMFILE, other -errno. */
int xnet__posix_import_fd(void *inst, int fd, int *sock);

/* ops->unlink_path: removes the file at path (a Unix socket's).
 * Errors: -errno of unlink (XNET_ENOENT when already gone). */
int xnet__posix_unlink_path(void *inst, const char *path);

#endif /* XNET_POSIX_FILE_INT_H */
