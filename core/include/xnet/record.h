/* xnet/record.h — recording a stack's traffic into a capture.
 *
 * A recording stack wraps another stack (normally the host stack): every
 * operation goes to the inner stack unchanged, and every datagram or
 * stream chunk a conn on it sends or receives is also written, both
 * directions, into a pcapng file as an IP packet with synthesised headers,
 * timestamped with the inner stack's clock. A fixture for the replay
 * backend (xnet/replay.h) is then made by running the real program once,
 * and replaying that file gives the program the same observations.
 *
 * What is written (link type Linux cooked v2, SLL2: each packet's header
 * names its interface index and direction; nanosecond timestamps):
 *  - UDP: one IPv4/IPv6 + UDP packet per datagram, valid checksums. A
 *    received datagram carries the TTL/hop limit, TOS/traffic class,
 *    destination and interface the kernel reported in control messages:
 *    the recorder turns those receive options on at every UDP and raw IP
 *    socket it creates, and hands the application only the messages it
 *    turned on itself (its setsockopt / getsockopt of those options see
 *    its own setting), so what it observes is unchanged. The interface is
 *    the pcapng interface (index - 1). A sent datagram carries the conn's
 *    TTL (multicast TTL to a group) and TOS options as the inner stack
 *    reports them.
 *  - TCP: a SYN / SYN-ACK / ACK handshake when a dial succeeds or a conn
 *    is accepted (SYN then RST when a dial is refused), one segment per
 *    read or write with sequence numbers that advance with the bytes
 *    (split below 64 KiB), the peer's FIN when a read sees end of stream,
 *    the peer's RST on a reset, the local FIN at close-write or close.
 *  - Raw IP (ip4:proto, ip6:proto): received IPv4 datagrams as the kernel
 *    delivered them (header included); sent payloads and received IPv6
 *    payloads under a synthesised header with the conn's protocol.
 * Unix-domain and SCTP conns are passed through unrecorded, and so is the
 * traffic of a descriptor duplicated from a conn (xnet/file.h) and of a
 * TCP conn made from an existing descriptor (no handshake was seen).
 * A datagram longer than the application's buffer is recorded as the
 * part the application read. A conn bound to the wildcard address sends
 * from the loopback address when its peer is on loopback, else from the
 * wildcard itself (the kernel's choice of source is not asked for); what
 * it receives carries the destination the kernel reported.
 *
 * Thread-safety: as the inner stack; the file is written under one lock,
 * so packets appear in the order their operations completed.
 */
#ifndef XNET_RECORD_H
#define XNET_RECORD_H

#include <stdint.h>

#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options of a recording stack; the zero value means: timestamps are the
 * inner clock shifted to wall-clock time, the inner stack is borrowed. */
typedef struct xnet_record_options {
  /* 1: xnet_stack_close of the recording stack also closes the inner
   * stack (never the default stack). */
  int close_inner;
  /* 1: write the inner clock's readings unshifted (a monotonic clock then
   * dates packets near 1970); 0: shift them so the first reads as the
   * wall-clock time the stack opened. */
  int raw_clock;
} xnet_record_options;

/* xnet_record_stack_open opens a stack that forwards every operation to
 * inner (NULL: the default host stack) and records its conns' traffic into
 * a new pcapng file at path (truncated if it exists). opt NULL means the
 * zero options. Packets are buffered; the file is complete once
 * xnet_record_flush or xnet_stack_close returns.
 * Go: none.
 * Errors: XNET_EINVAL (NULL path or out, inner a recording stack),
 * XNET_ENOENT and other file errors, XNET_ENOMEM. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_record_stack_open(xnet_stack *inner, const char *path,
                       const xnet_record_options *opt, xnet_stack **out);

/* xnet_record_flush writes buffered packets to the file.
 * Go: none. Errors: XNET_EINVAL (not a recording stack), XNET_EIO (a write
 * to the file failed, now or earlier). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_record_flush(xnet_stack *s);

/* xnet_record_stats reports the packets and payload bytes recorded so far.
 * Either pointer may be NULL.
 * Go: none. Errors: XNET_EINVAL (not a recording stack). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_record_stats(xnet_stack *s, uint64_t *packets, uint64_t *bytes);

#ifdef __cplusplus
}
#endif
#endif /* XNET_RECORD_H */
