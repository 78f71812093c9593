/* core_int.h — core's private declarations shared between its files. */
#ifndef XNET_CORE_INT_H
#define XNET_CORE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "stack_int.h"
#include "xnet/conn.h"
#include "xnet/net.h"

/* ---- network.c ---- */
/* xnet_network_parse, where an "ip" network without ":proto" is accepted
 * unless needs_proto (Go's parseNetwork: Resolve takes "ip4", Dial not). */
int xnet__network_parse(const char *network, bool needs_proto,
                        xnet_network *out);

/* ---- op_error.c: records this thread's failure and returns code ---- */
int xnet__fail(const char *op, const char *net, const xnet_addr *source,
               const xnet_addr *addr, int code);
/* After xnet__fail: the source / remote address as text (NULL: keep
 * the xnet_addr), for a multi-homed SCTP endpoint ("h1/h2:port"). */
void xnet__fail_addr_text(const char *source_text, const char *addr_text);
/* Same, with a detail text placed before the cause ("lookup h"). */
int xnet__fail_text(const char *op, const char *net, const char *text,
                    int code);

/* ---- resolve.c ---- */
/* Records a failed resolution the way Go words it: "lookup HOST" for a
 * lookup that failed (host given), "address ADDRESS" otherwise. */
int xnet__fail_resolve(const char *network, const char *address,
                       const char *host, size_t host_len, int code);
/* Picks the first of n resolved addresses the family accepts, IPv4 first
 * for XNET_AF_UNSPEC (Go's "first IPv4, else first" for one address);
 * XNET_ENOSUITABLEADDR when none does. */
int xnet__resolved_pick(const xnet_resolved *r, int n, int family,
                        xnet_ip *out);

/* ---- addr.c: conversions between xnet_addr and the backend's form ---- */
/* Fills a backend sockaddr from a public address; zones become scope ids
 * (numeric, or an interface name looked up through the stack). */
int xnet__addr_to_sockaddr(xnet_stack *s, const xnet_addr *a, int family,
                           xnet_sockaddr *out);
/* The public address of kind for a backend sockaddr. */
void xnet__addr_from_sockaddr(xnet_stack *s, xnet_kind kind,
                              const xnet_sockaddr *sa, xnet_addr *out);
/* The backend family an address needs on a network (XNET_AF_*), choosing
 * IPv6 for a wildcard on a dual-stack network, as Go's favoriteAddrFamily. */
int xnet__addr_family(const xnet_network *n, const xnet_addr *laddr,
                      const xnet_addr *raddr);

/* ---- poll.c: Go's pollDesc — the blocking machinery of one socket ---- */

/* A waker lent to a blocked call while its direction's own waker is
 * another call's (xnet__pd_waker_take); kept for reuse until dispose. */
typedef struct xnet__pd_extra {
  xnet_waker *w;
  int dir;
  bool in_use;
  struct xnet__pd_extra *next;
} xnet__pd_extra;

typedef struct xnet__pd {
  xnet_stack *stack;
  int sock;
  _Atomic int64_t deadline[2]; /* [0] read, [1] write; 0 none */
  atomic_int closed;
  atomic_int busy;              /* calls in progress */
  pthread_mutex_t mu;           /* orders waker creation against close */
  xnet_waker *_Atomic waker[2]; /* created on the first blocking wait */
  atomic_int waker_busy[2];     /* a call waits on waker[dir] */
  atomic_int has_extras;        /* extras is not empty */
  xnet__pd_extra *extras;       /* under mu: wakers of further waiting calls */
  atomic_uint wait_first[2];    /* pd_io: 0 try first, else waits first */
  atomic_uint misses[2];        /* pd_io: tries in a row that found nothing */
} xnet__pd;

enum { XNET__READ = 0, XNET__WRITE = 1 };

void xnet__pd_init(xnet__pd *pd, xnet_stack *s, int sock);
/* Enters a call; returns XNET_ECLOSED when the socket is closed. Either
 * way the caller is counted as inside until xnet__pd_leave, which it must
 * call exactly once, after its last access to the object: close frees the
 * object as soon as no call is inside, so even the failure record must be
 * written before leaving. */
int xnet__pd_enter(xnet__pd *pd);
void xnet__pd_leave(xnet__pd *pd);
/* Go's prepareRead/prepareWrite: XNET_ETIMEDOUT when the direction's
 * deadline has passed, before any attempt (even if data is ready). */
int xnet__pd_prepare(xnet__pd *pd, int dir);
/* Waits for the direction's readiness under its deadline: 0 ready (retry
 * the operation), XNET_ETIMEDOUT, XNET_ECLOSED, or a backend error. */
int xnet__pd_wait(xnet__pd *pd, int dir);
/* Runs op(ctx) as one blocking call in direction dir, inside an entered
 * call: check the deadline, then retry op after each readiness wait while
 * it returns XNET_EAGAIN. Returns op's result or the wait's error. */
int xnet__pd_io(xnet__pd *pd, int dir, int (*op)(void *ctx), void *ctx);
/* Sets a deadline and wakes every call blocked in that direction. */
void xnet__pd_set_deadline(xnet__pd *pd, int dir, int64_t deadline);
/* A waker for one call about to wait in direction dir, each waiting call
 * its own (a latch wakes one wait per wake, and a deadline change must
 * reach them all): the direction's waker when no other call holds it, else
 * one from the pd's pool. NULL with *err set when closed or out of
 * resources. A waiting call reads its deadline after taking its waker, so
 * a concurrent set_deadline (store, then xnet__pd_wake) cannot be missed.
 * Give it back with xnet__pd_waker_give once the wait has returned. */
xnet_waker *xnet__pd_waker_take(xnet__pd *pd, int dir, int *err);
void xnet__pd_waker_give(xnet__pd *pd, int dir, xnet_waker *w);
/* Wakes every call waiting in direction dir (and latches the direction's
 * waker when none is). */
void xnet__pd_wake(xnet__pd *pd, int dir);
/* Marks closed, wakes every blocked call, waits for them to leave, closes
 * the socket and the wakers. Returns the backend's close result. */
int xnet__pd_close(xnet__pd *pd);
/* Releases the wakers and locks without closing the socket (for a socket
 * the caller keeps, e.g. while connecting). */
void xnet__pd_dispose(xnet__pd *pd);

/* ---- conn.c ---- */
struct xnet_conn {
  xnet__pd pd;
  xnet_kind kind;
  char net[24];       /* the network as dialled, for errors */
  bool connected;     /* has a fixed peer */
  int family;         /* XNET_AF_* of the socket */
  /* The local address, asked of the backend on first use when the conn
   * was made without it (dial, accept): read it through xnet__conn_laddr. */
  xnet_addr laddr;
  atomic_bool laddr_known;
  xnet_addr raddr;
  size_t last_write;
  /* Control-message flags turned on by xnet_ipv4_set_control_message
   * ([0], XNET_IPV4_FLAG_*) and xnet_ipv6_set_control_message ([1]). */
  _Atomic uint32_t cm_flags[2];
  /* XNET_KIND_PIPE only (pipe.c): the pair's shared state and which end
   * this conn is (0 or 1); the pd then has no socket (sock -1). */
  struct xnet__pipe *pipe;
  int pipe_end;
  /* batch.c: the work arrays of read-batch and write-batch, by direction
   * ([XNET__READ], [XNET__WRITE]); allocated by the first batch call. */
  struct xnet__batch *batch[2];
  /* XNET_KIND_SCTP only (sctp_conn.c): cached endpoint addresses. */
  struct xnet__sctp *sctp;
};

struct xnet_listener {
  xnet__pd pd;
  xnet_kind kind;
  char net[24];
  xnet_addr laddr;
  /* The bound address when it is a specific IP: every accepted conn's
   * local address (AF_UNSPEC for a wildcard or Unix listener, whose
   * accepted conns are asked). */
  xnet_sockaddr accepted_local;
  bool unlink_on_close; /* a Unix socket file this listener created */
};

/* Wraps a connected or bound socket in a new conn (addresses queried from
 * the backend, except those the caller already knows: NULL or AF_UNSPEC to
 * query). On failure the socket is closed. */
int xnet__conn_new(xnet_stack *s, int sock, xnet_kind kind, const char *net,
                   bool connected, const xnet_sockaddr *local,
                   const xnet_sockaddr *peer, xnet_conn **out);

/* The conn's local address (Go: LocalAddr), asked of the backend the first
 * time it is needed; a zero address when it cannot be (closed, or the
 * backend failed). Thread-safe. */
const xnet_addr *xnet__conn_laddr(xnet_conn *c);

/* ---- batch.c ---- */
/* Frees the conn's batch work arrays (at close, once no call is inside). */
void xnet__batch_free(xnet_conn *c);

/* ---- pipe.c: net.Pipe conns, dispatched to from conn.c ---- */
int xnet__pipe_read(xnet_conn *c, void *buf, size_t n);
int xnet__pipe_write(xnet_conn *c, const void *buf, size_t n);
int xnet__pipe_close(xnet_conn *c);

/* ---- listen.c ---- */
/* Wraps a listening socket in a new listener (address queried from the
 * backend; unlink_on_close false). On failure the socket is closed. */
int xnet__listener_new(xnet_stack *s, int sock, xnet_kind kind,
                       const char *net, xnet_listener **out);

/* ---- dial.c / listen.c shared ---- */
/* Creates a socket for the network and family, sets the options Go sets
 * (SO_REUSEADDR on listeners, IPV6_V6ONLY off for wildcard dual-stack,
 * SO_BROADCAST on UDP), runs the control callback. */
int xnet__socket(xnet_stack *s, const xnet_network *n, int family,
                 bool listener, xnet_control_fn control, void *control_arg,
                 const char *address, int *sock);

/* The backend socket type of a kind. */
int xnet__sock_type(xnet_kind kind);

/* ---- sctp_*.c: SCTP conns, dispatched to from conn.c, dial.c, listen.c ---- */
int xnet__sctp_read(xnet_conn *c, void *buf, size_t n);
int xnet__sctp_write(xnet_conn *c, const void *buf, size_t n);
/* Releases the SCTP part of a conn (at close, once no call is inside). */
void xnet__sctp_free(xnet_conn *c);
/* Completes a conn just accepted by an SCTP listener; on failure closes it
 * and sets *c to NULL. */
int xnet__sctp_accepted(xnet_conn **c);
/* xnet_dialer_dial / xnet_listen_config_listen for "sctp*" networks;
 * 1 when network is not an SCTP one (the caller goes on). */
int xnet__sctp_dial_any(const xnet_dialer *d, const char *network,
                        const char *address, xnet_conn **out);
int xnet__sctp_listen_any(const xnet_listen_config *lc, const char *network,
                          const char *address, xnet_listener **out);
/* xnet_dial_addr / xnet_listen_addr on an "sctp*" network: the address, of
 * kind XNET_KIND_SCTP, is a single-homed endpoint. */
int xnet__sctp_dial_addr_any(xnet_stack *s, const char *network,
                             const xnet_addr *laddr, const xnet_addr *raddr,
                             xnet_conn **out);
int xnet__sctp_listen_addr_any(xnet_stack *s, const char *network,
                               const xnet_addr *laddr, xnet_listener **out);

#endif /* XNET_CORE_INT_H */
