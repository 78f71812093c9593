/* dial_int.h — what dial.c shares with the files that grew out of it:
 * dialing a list of addresses (happy_eyeballs.c), resolving every address
 * of a host (resolve_list.c) and cancellation (cancel.c). Private to core.
 */
#ifndef XNET_DIAL_INT_H
#define XNET_DIAL_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core_int.h"
#include "xnet/cancel.h"
#include "xnet/conn.h"

/* Most addresses one dial tries (resolve.c keeps as many). */
#define XNET__DIAL_MAX_ADDRS 16

/* ---- cancel.c ---- */
struct xnet_canceler {
  xnet_stack *stack;
  xnet_waker *waker;     /* fired by cancel, and kept fired after it */
  atomic_int canceled;
  atomic_int waiters;    /* dials blocked in xnet__cancel_wait (tests) */
};

/* Whether c (may be NULL) has been cancelled. */
bool xnet__canceled(const xnet_canceler *c);

/* Waits until one of socks[0..n) is ready (its `ready` set), the deadline
 * passes (XNET_ETIMEDOUT) or c (may be NULL) is cancelled (XNET_ECANCELED).
 * One socket waits through ops->wait, more through ops->wait_many (or, on
 * a stack without it, through ops->wait on each in turn, in short slices).
 * Returns 0 when a socket is ready, else the code. */
int xnet__cancel_wait(xnet_stack *s, xnet_canceler *c, xnet_backend_wait *socks,
                      size_t n, int64_t deadline);

/* ---- dial.c: one attempt in two halves, so attempts can overlap ---- */
/* Creates the socket for ra, binds la, runs the dialer's control and
 * starts connecting: 0 connected at once, XNET_EAGAIN in progress (wait
 * for writability, then ops->connect_result), or an error (no socket
 * left open). *sock is the socket, or -1 on error. */
int xnet__dial_start(xnet_stack *s, const xnet_network *n,
                     const xnet_addr *la, const xnet_addr *ra,
                     const xnet_dialer *d, const char *address, int *sock);
/* Applies the dialer's keep-alive to a connected socket and wraps it in a
 * conn; the socket is closed on failure. */
int xnet__dial_finish(xnet_stack *s, const xnet_network *n,
                      const xnet_dialer *d, const xnet_addr *la,
                      const xnet_addr *ra, int sock, xnet_conn **out);

/* ---- happy_eyeballs.c: Go's dialSerial and dialParallel ---- */
/* Go's partialDeadline: the deadline of one attempt when `remaining`
 * addresses share the time until deadline (0: none, giving 0): an equal
 * share, raised to 2 s (or all that is left, if less). XNET_ETIMEDOUT when
 * the deadline has passed. */
int xnet__partial_deadline(int64_t now, int64_t deadline, size_t remaining,
                           int64_t *out);

/* Go's filterAddrList + partition for a dual-stack dial: drops addresses
 * whose family differs from a non-wildcard local address, then moves the
 * addresses of the first one's family (the primaries) ahead of the others
 * (the fallbacks), keeping order within each. Returns the new count;
 * *primaries is how many lead. */
size_t xnet__dial_partition(xnet_addr *addrs, size_t n, const xnet_addr *la,
                            size_t *primaries);

/* Dials addrs[0..primaries) one after another and, when primaries < n,
 * races addrs[primaries..n) against them from the dialer's fallback delay
 * on (or as soon as the primaries have all failed); the first connection
 * wins, the other attempt is closed. deadline is absolute (0 none). On
 * failure *failed is the address whose error is returned: the primaries'
 * first (Go: dialParallel returns the primary's error), or the one in
 * flight when cancelled. */
int xnet__dial_addrs(xnet_stack *s, const xnet_network *n,
                     const xnet_addr *la, const xnet_addr *addrs,
                     size_t primaries, size_t count, const xnet_dialer *d,
                     int64_t deadline, const char *address, xnet_conn **out,
                     xnet_addr *failed);

/* ---- dial.c ---- */
/* The earlier of an absolute deadline and now + timeout (either 0: none):
 * when a dial must be done by. */
int64_t xnet__dial_deadline(xnet_stack *s, int64_t deadline, int64_t timeout);

/* ---- resolve_list.c ---- */
/* Every address of the host in "host:port" for network (Go's
 * resolveAddrList), in the resolver's order, at most cap of them: a
 * literal or empty host gives one, as xnet_resolve_addr does. A name is
 * looked up under deadline (stack clock, 0 none) and cancel (NULL none).
 * Records a "resolve" failure as xnet_resolve_addr does. */
int xnet__resolve_list(xnet_stack *s, const char *network,
                       const char *address, int64_t deadline,
                       xnet_canceler *cancel, xnet_addr *out, size_t cap,
                       size_t *count);

#endif /* XNET_DIAL_INT_H */
