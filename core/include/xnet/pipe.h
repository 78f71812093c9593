/* xnet/pipe.h — Go's net.Pipe: two conns joined in memory.
 *
 * Writes on one end are matched with reads on the other, copying directly
 * from the writer's buffer into the reader's: there is no buffering, so a
 * write returns only once readers have consumed all of it (over as many
 * reads as they need); a read returns bytes of one write, up to its own
 * length. Both directions work at once (full duplex).
 *
 * The ends are ordinary xnet_conn handles of kind XNET_KIND_PIPE:
 * xnet_conn_read / _write / _close / _set_deadline / _set_read_deadline /
 * _set_write_deadline / _last_write / _local_addr / _remote_addr / _kind
 * apply; the socket-only functions (message I/O, half-close, options,
 * xnet_conn_file) fail with XNET_EINVAL. Both addresses are Go's pipeAddr:
 * kind XNET_KIND_PIPE, network and text "pipe".
 *
 * Errors of the I/O calls, and how they map Go's:
 *  - the end itself was closed (also wakes its blocked calls):
 *    XNET_ECLOSED (Go: io.ErrClosedPipe);
 *  - the other end was closed: a read returns 0, end of stream (Go:
 *    io.EOF); a write fails with XNET_EPIPE (Go: io.ErrClosedPipe — a
 *    distinct code here, so a writer can tell "my end" from "the peer");
 *  - a passed deadline: XNET_ETIMEDOUT (xnet_error_is_timeout); a write
 *    that times out or fails after part of its bytes were read reports
 *    that part through xnet_conn_last_write (Go: the n of the Write).
 * A zero-length write returns 0 at once, without waiting for a reader (in
 * C a read returning 0 means end of stream, so it could not be told from a
 * zero-length delivery as Go's Read can); a zero-length read returns 0.
 *
 * Time and blocking go through the default stack: deadlines are on its
 * clock, and a blocked call sleeps in its wait op on a waker, so close and
 * deadline changes from other threads wake it.
 *
 * Thread-safety: as every conn — one reader and one writer per end at a
 * time, close from any thread.
 */
#ifndef XNET_PIPE_H
#define XNET_PIPE_H

#include "xnet/conn.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* xnet_pipe creates a pair of connected in-memory conns on the default
 * stack. Owns: the caller closes each end with xnet_conn_close (in any
 * order; the shared state goes with the last).
 * Go: net.Pipe.
 * Errors: XNET_ENOMEM; the default stack's error when it cannot open. On
 * error *a and *b are NULL. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_pipe(xnet_conn **a, xnet_conn **b);

#ifdef __cplusplus
}
#endif
#endif /* XNET_PIPE_H */
