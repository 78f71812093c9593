/* xnet/file.h — conns and listeners from existing descriptors, and
 * descriptors from conns and listeners (Go's FileConn, FileListener,
 * FilePacketConn and the File methods of TCPConn, UDPConn, IPConn,
 * UnixConn, TCPListener and UnixListener).
 *
 * Descriptors are the host's (an fd inherited from a parent, passed over a
 * Unix socket, made by socketpair). Nothing is shared by ownership: every
 * function here duplicates, so the caller keeps and closes its own
 * descriptor, and closing one side never closes the other.
 *
 * Blocking mode: a stack's sockets are non-blocking, and a duplicate shares
 * that status with its original (they are one open file description).
 * Importing a descriptor therefore makes the caller's descriptor
 * non-blocking too, as Go's FileConn does. Go's File() goes the other way
 * and sets blocking mode, which would make the conn's own calls block in
 * the kernel past their deadlines and past close; here the duplicate stays
 * non-blocking — set it blocking yourself (fcntl) once the conn is closed.
 *
 * Stacks: these need a stack with host descriptors (the default host
 * stack; NULL means it); a stack without them (replay) fails with
 * XNET_ENOTSUP.
 *
 * Thread-safety: as xnet/conn.h.
 */
#ifndef XNET_FILE_H
#define XNET_FILE_H

#include "xnet/conn.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* xnet_file_conn makes a conn from a copy of the connected socket fd. The
 * kind comes from the socket's type and family (TCP, UDP, IP, unix,
 * unixgram, unixpacket); a stream socket must have a peer (a listening or
 * unconnected one is not a conn), a datagram socket is connected when it
 * has one. Owns: *out is the caller's (xnet_conn_close); fd stays the
 * caller's. Go: net.FileConn.
 * Errors: XNET_ENOTSOCK (fd is not a socket), XNET_EBADF, XNET_ENOTCONN
 * (stream socket without a peer), XNET_EINVAL (a family or type no conn
 * kind has), XNET_ENOTSUP (stack without host descriptors), host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_file_conn(xnet_stack *s, int fd,
                                                    xnet_conn **out);

/* xnet_file_listener makes a listener from a copy of the listening socket
 * fd (TCP, unix or unixpacket). A Unix listener made this way does not
 * remove its socket file on close (the file is not its own, as in Go).
 * Owns: *out is the caller's (xnet_listener_close). Go: net.FileListener.
 * Errors: XNET_ENOTSOCK, XNET_EBADF, XNET_EINVAL (not a stream socket, or
 * a connected one), XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_file_listener(xnet_stack *s, int fd, xnet_listener **out);

/* xnet_file_packet_conn makes a packet conn from a copy of the datagram
 * socket fd (UDP, IP or unixgram; bound or not, connected or not).
 * Owns: *out is the caller's. Go: net.FilePacketConn (which also takes a
 * Unix stream socket; here that is xnet_file_conn's).
 * Errors: XNET_ENOTSOCK, XNET_EBADF, XNET_EINVAL (not a datagram socket),
 * XNET_ENOTSUP, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_file_packet_conn(xnet_stack *s, int fd, xnet_conn **out);

/* xnet_conn_file returns in *fd a duplicate of the conn's socket:
 * close-on-exec, non-blocking (see the top of this header). Owns: *fd is
 * the caller's to close; closing it does not affect c, nor c's close it.
 * Go: TCPConn.File, UDPConn.File, IPConn.File, UnixConn.File.
 * Errors: XNET_EINVAL (a pipe conn: no descriptor), XNET_ECLOSED,
 * XNET_EMFILE, XNET_ENOTSUP (stack without host descriptors). *fd is -1
 * on error. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_conn_file(xnet_conn *c, int *fd);

/* xnet_listener_file returns in *fd a duplicate of the listener's socket,
 * as xnet_conn_file. Go: TCPListener.File, UnixListener.File.
 * Errors: as xnet_conn_file. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_listener_file(xnet_listener *l,
                                                        int *fd);

#ifdef __cplusplus
}
#endif
#endif /* XNET_FILE_H */
