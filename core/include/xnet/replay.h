/* xnet/replay.h — stacks over a captured trace (the pcap replay backend).
 *
 * A replay stack reads a pcap or pcapng file with libpcap and plays it to
 * the application through the same vtable as the host stack: a conn bound
 * to a local endpoint receives the packets the capture shows arriving
 * there, and its writes are compared with the packets the capture shows it
 * sending (the *expected writes*). Time is virtual: the clock starts at the
 * first record's timestamp, a read that returns the next packet advances it
 * to that packet's time, and a deadline earlier than the next packet
 * expires at once, in virtual time.
 *
 * The backend delivers UDP (udp, udp4, udp6), raw IP (ip4:proto,
 * ip6:proto), TCP and SCTP (xnet/sctp.h; Linux's notification layout);
 * IPv4 and IPv6 fragments are reassembled. Multicast joins are accepted
 * (as the kernel checks them: a second join EADDRINUSE, at most 8 groups
 * per socket) and a wildcard-bound conn then receives its groups'
 * traffic. The stack lists the capture's interfaces (pcapng interface
 * blocks, named by their if_name option, else "replayN"), so a join by
 * one of their indexes works. TCP: a
 * SYN to a listening local port makes a conn for accept; a dial succeeds
 * when the capture answers the local SYN with SYN-ACK and fails with
 * XNET_ECONNREFUSED on RST; each direction is reassembled in sequence
 * order (retransmissions dropped, overlaps resolved to the first copy,
 * sequence wraparound handled, at most 1 MiB out of order and 4 MiB not
 * yet read, and in strict mode 4 MiB the application has not yet written
 * (lenient mode keeps no outbound stream), beyond which the conn fails
 * with XNET_ENOBUFS; a strict UDP/raw conn's unmade writes are capped at
 * 16 MiB);
 * writes are compared with the capture's outbound byte stream, whatever
 * its segmentation; the peer's FIN reads as end of stream, its RST as
 * XNET_ECONNRESET; close-write and close check that no outbound byte of
 * the capture is left unwritten (strict mode). The stack's
 * profile is xnet_profile_linux: control messages and raw IPv4 headers are
 * delivered in Linux's layout whatever the host.
 *
 * Thread-safety: a replay stack may be used from several threads; its
 * state is guarded by one lock, so calls on it are serialised.
 */
#ifndef XNET_REPLAY_H
#define XNET_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How writes are checked against the capture. */
enum {
  XNET_REPLAY_STRICT = 0,  /* a write that differs from the next expected
                              packet fails with XNET_EMISMATCH */
  XNET_REPLAY_LENIENT = 1  /* writes are accepted and only recorded */
};

/* Most local addresses an options struct names. */
#define XNET_REPLAY_MAX_LOCAL 8

/* Options of a replay stack; the zero value means: local host inferred
 * from what the application binds and dials, strict writes, no pacing, no
 * output capture. */
typedef struct xnet_replay_options {
  /* The local host's addresses (no zone). Packets to them are delivered,
   * packets from them are expected writes. 0: inferred. */
  xnet_ip local[XNET_REPLAY_MAX_LOCAL];
  size_t local_count;
  int writes;          /* XNET_REPLAY_STRICT or XNET_REPLAY_LENIENT */
  /* Pacing: replay at capture speed times this factor (2.0 twice as
   * fast); 0 replays as fast as possible. */
  double pacing;
  /* When non-NULL, every write is also recorded here as a pcap file
   * (LINKTYPE_RAW, synthesised IP and UDP headers). */
  const char *output_path;
} xnet_replay_options;

/* xnet_replay_stack_open opens a replay stack over the capture at path.
 * opts NULL means the zero options. The stack owns the open file until
 * xnet_stack_close. Records are read one at a time, as the clock needs
 * them; the file is never loaded whole.
 * Go: none.
 * Errors: XNET_EINVAL (NULL path or out, bad options), XNET_ENOENT and
 * other open errors, XNET_EBADFORMAT (not a pcap/pcapng file, or a link
 * type the dissector does not support; xnet_replay_error says which),
 * XNET_ENOMEM. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_replay_stack_open(const char *path, const xnet_replay_options *opts,
                       xnet_stack **out);

/* xnet_replay_stack_open_memory is xnet_replay_stack_open over a capture
 * held in bytes[0..len), which must stay valid and unchanged until the
 * stack is closed (it is read in place, not copied).
 * Go: none. Errors: as xnet_replay_stack_open. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_replay_stack_open_memory(const void *bytes, size_t len,
                              const xnet_replay_options *opts,
                              xnet_stack **out);

/* xnet_replay_finish reads the rest of the capture and reports whether
 * every expected write happened and every write matched: 0, or
 * XNET_EMISMATCH with xnet_replay_error describing the first problem (a
 * mismatched write with its diff, or the first missing write with its
 * record number). Call it once the application is done; it does not move
 * the clock.
 * Go: none. Errors: XNET_EINVAL (not a replay stack), XNET_EMISMATCH,
 * XNET_EBADFORMAT (the capture is damaged; the message names the record). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_replay_finish(xnet_stack *s);

/* xnet_replay_error copies into buf[0..cap) (NUL terminated) the message
 * of the stack's first problem: a write mismatch with a readable diff
 * (expected and actual, offset of the first differing byte, hex of both
 * around it), a missing write, or a damaged record (naming its number).
 * Returns the message's length (0 when there has been no problem).
 * Go: none. Errors: XNET_EINVAL (not a replay stack). */
XNET_API int xnet_replay_error(xnet_stack *s, char *buf, size_t cap);

/* xnet_replay_stats reports counters of a replay stack: records read,
 * packets delivered to conns, and writes compared. Any pointer may be NULL.
 * Go: none. Errors: XNET_EINVAL (not a replay stack). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_replay_stats(xnet_stack *s, uint64_t *records, uint64_t *delivered,
                  uint64_t *writes);

#ifdef __cplusplus
}
#endif
#endif /* XNET_REPLAY_H */
