/* xnet/batch.h — batch I/O: many datagrams per call over caller-owned
 * message arrays (Go x/net's ipv4/ipv6 Message, PacketConn.ReadBatch and
 * WriteBatch, RawConn's, and x/net/internal/socket's RecvMsgs/SendMsgs).
 *
 * A message is the caller's: its payload buffers are struct iovec (no
 * invented buffer type), its control buffer (OOB) is bytes in the profile's
 * layout (xnet/cmsg.h), and N, NN, the address and the flags are filled in
 * place. Where the backend batches (Linux recvmmsg/sendmmsg) a system
 * call moves up to XNET_BATCH_CHUNK messages, and one batch call makes as
 * many as it needs; a backend without batching is driven one message per
 * system call with the same results.
 *
 * Zero allocations per call: the backend form of the messages (the work
 * array x/net allocates on every call) lives in the conn, allocated by the
 * first batch call in each direction (at most XNET_BATCH_CHUNK entries)
 * and kept until close; later calls allocate nothing. (Exceptions, as for
 * xnet_conn_read_msg/write_msg: an IPv6 source with a scope id is named by
 * interface, and a destination zone given as an interface name is looked
 * up; both list the interfaces.)
 *
 * Control messages: the conn delivers the ones enabled on its socket (per
 * socket option, e.g. IP_PKTINFO, as x/net's SetControlMessage); a read
 * copies their bytes to oob and, on request (cm4/cm6 set), parses them
 * with the codecs of xnet/ipv4_cmsg.h / xnet/ipv6_cmsg.h under the conn's
 * profile (xnet_conn_profile, in xnet/unix.h).
 *
 * Thread-safety: as xnet/conn.h — one reader (read-batch, read-from, ...)
 * and one writer at a time; close from another thread wakes a blocked
 * batch call, which fails with XNET_ECLOSED.
 */
#ifndef XNET_BATCH_H
#define XNET_BATCH_H

#include <stddef.h>
#include <sys/uio.h> /* struct iovec */

#include "xnet/conn.h"
#include "xnet/ipv4_cmsg.h"
#include "xnet/ipv6_cmsg.h"
#include "xnet/net.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Message flags: xnet_msg.flags of a received message, and the flags
 * argument of xnet_conn_read_batch. The values are those xnet_conn_read_msg
 * reports. */
enum {
  XNET_MSGF_TRUNC = 1 << 0,  /* payload truncated (MSG_TRUNC) */
  XNET_MSGF_CTRUNC = 1 << 1, /* control data truncated (MSG_CTRUNC) */
  XNET_MSGF_PEEK = 1 << 2    /* read-batch flag: leave the data queued */
};

/* Most messages one system call of a batch moves (the Linux backend's
 * recvmmsg/sendmmsg chunk); a longer array is moved in several system
 * calls within one batch call. */
#define XNET_BATCH_CHUNK 32

/* One message of a batch (Go: ipv4.Message / socket.Message). Zero it,
 * then set iov (and oob); the rest is filled in by the call. Borrowed: the
 * buffers are the caller's and are only used during the call. */
typedef struct xnet_msg {
  struct iovec *iov; /* payload buffers (Go: Buffers) */
  size_t iov_len;
  void *oob;         /* control bytes, profile layout; NULL: none (Go: OOB) */
  size_t oob_cap;    /* read: bytes oob holds */
  size_t oob_len;    /* write: bytes of oob to send; read: bytes received
                        (Go: NN) */
  xnet_addr addr;    /* write: destination (kind NONE on a connected conn);
                        read: source (kind NONE for an unnamed Unix
                        sender) (Go: Addr) */
  size_t n;          /* payload bytes moved (Go: N) */
  int flags;         /* read: XNET_MSGF_* of the message (Go: Flags) */
  /* On request, read only: when non-NULL, the received control bytes are
   * parsed into *cm4 (xnet_ipv4_cmsg_parse) and/or *cm6
   * (xnet_ipv6_cmsg_parse); cm_status is 0 or the parser's error
   * (XNET_ETRUNCATED after MSG_CTRUNC, ...). */
  xnet_ipv4_cmsg *cm4;
  xnet_ipv6_cmsg *cm6;
  int cm_status;
} xnet_msg;

/* xnet_conn_read_batch reads up to n datagrams into msgs[0..n) and returns
 * how many it read (>= 1). It blocks, under the read deadline, until one
 * datagram is ready, then takes those already queued without waiting for
 * the rest (recvmmsg's MSG_WAITFORONE semantics). For each message read it
 * sets n, oob_len, addr, flags and, on request, the parsed control
 * message. flags is 0 or XNET_MSGF_PEEK.
 * Go: ipv4.PacketConn.ReadBatch (and ipv6's, RawConn's).
 * Errors: XNET_EINVAL (a stream or pipe conn, msgs NULL with n > 0,
 *   unknown flags); XNET_ETIMEDOUT; XNET_ECLOSED; XNET_ENOMEM (the first
 *   batch call could not allocate the conn's work array); host errors.
 *   A failure after some datagrams were read ends the call with their
 *   count (that error is not reported); n == 0 returns 0 at once. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_conn_read_batch(xnet_conn *c, xnet_msg *msgs, size_t n, int flags);

/* xnet_conn_write_batch writes the datagrams msgs[0..n) in order, each
 * with its oob (oob_len bytes) and to its addr (kind NONE on a connected
 * conn), waiting under the write deadline while the socket is full, and
 * returns how many it wrote (n unless it failed part-way); each written
 * message's n is set. flags must be 0.
 * Go: ipv4.PacketConn.WriteBatch (and ipv6's, RawConn's).
 * Errors: XNET_EINVAL (a stream or pipe conn, msgs NULL with n > 0,
 *   flags, a message without an address on an unconnected conn);
 *   XNET_EWRITETOCONNECTED (an address on a connected conn);
 *   XNET_ETIMEDOUT; XNET_ECLOSED; XNET_ENOMEM (first call); address and
 *   host errors. A failure after some datagrams were written ends the call
 *   with their count (the failing message is the next one). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_conn_write_batch(xnet_conn *c, xnet_msg *msgs, size_t n, int flags);

#ifdef __cplusplus
}
#endif
#endif /* XNET_BATCH_H */
