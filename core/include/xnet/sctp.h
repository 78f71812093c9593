/* xnet/sctp.h — SCTP associations: the github.com/ishidawataru/sctp API
 * (Dial, Listen, SCTPConn, SCTPListener, SCTPAddr, events) in C.
 *
 * Networks are "sctp", "sctp4" (IPv4 only) and "sctp6" (IPv6 only).
 * Addresses are multi-homed: "h1/h2/[v6]:port" (xnet_sctp_endpoint, Go's
 * SCTPAddr), each host a literal IP (IPv6 bracketed, optionally zoned) or a
 * name, of which only the first address is used, as in Go.
 *
 * An SCTP conn is an ordinary xnet_conn of kind XNET_KIND_SCTP, a one-to-one
 * style socket (SOCK_STREAM, IPPROTO_SCTP): xnet_conn_read / xnet_conn_write
 * (one message per write, on stream 0), deadlines, xnet_conn_close,
 * xnet_conn_close_read / xnet_conn_close_write, xnet_conn_set_linger,
 * xnet_conn_set_read_buffer / _write_buffer, xnet_conn_local_addr /
 * _remote_addr (the primary address, kind XNET_KIND_SCTP) all apply. A
 * listener is an xnet_listener: xnet_listener_accept returns SCTP conns,
 * xnet_listener_set_deadline / _close / _addr apply. xnet_dial("sctp", ...)
 * and xnet_listen("sctp", ...) work too (with the default init options; an
 * xnet_dialer's stack, timeout, deadline, local address, control and
 * canceler are used), and so do the typed xnet_dial_addr /
 * xnet_listen_addr with "sctp*" and an address of kind XNET_KIND_SCTP,
 * which holds one IP: a single-homed endpoint (as xnet_sctp_dial_addr /
 * xnet_sctp_listen_addr with a one-address endpoint; those take several).
 * The functions here add what only SCTP has: streams and PPIDs, message
 * boundaries, notifications, multi-homing, status.
 *
 * SCTP semantics to know:
 *  - Messages: a read returns at most one message, or part of one when the
 *    buffer is smaller; the last part carries XNET_SCTP_MSG_EOR
 *    (xnet_sctp_conn_read_msg). xnet_conn_read cannot see boundaries.
 *  - xnet_conn_close_write (SHUT_WR) starts the full SHUTDOWN of the
 *    association at once (not a TCP half-close); reads still deliver what
 *    arrived and the notifications. xnet_conn_close is graceful (SHUTDOWN)
 *    unless xnet_conn_set_linger(c, 0) was called: then it sends ABORT.
 *    (The sndinfo flags XNET_SCTP_EOF / XNET_SCTP_ABORT do the same from a
 *    write on stacks that allow it; Linux does not on these sockets.)
 *  - Notifications arrive only for subscribed types
 *    (xnet_sctp_conn_subscribe), through xnet_sctp_conn_read_msg with
 *    XNET_SCTP_MSG_NOTIFICATION set; decode them with xnet_sctp_event_parse.
 *    A listener's subscriptions are inherited by the conns it accepts.
 *  - Every SCTP socket xnet creates has SCTP_RECVRCVINFO on, so each data
 *    message comes with its xnet_sctp_rcvinfo (stream, SSN, PPID, TSN).
 *  - PPIDs are opaque 32-bit values stored as the kernel sees them: the
 *    wire carries their bytes as they lie in memory (RFC 6458), so a PPID
 *    meant to read as a number on the wire is passed through
 *    xnet_sctp_htonl first (Go's Htonui32), and read back with
 *    xnet_sctp_ntohl.
 *
 * Stacks: the host Linux stack uses the kernel's SCTP (with
 * xnet_sctp_layout_linux). On a kernel without SCTP (CONFIG_IP_SCTP unset:
 * socket() fails with EPROTONOSUPPORT), every dial and listen fails at once
 * with XNET_ENOTSUP, before resolving anything, leaving nothing open; the
 * op error's detail says so and names the backend that can serve instead:
 * a replay stack (xnet/replay.h, xnet_replay_stack_open) plays SCTP
 * associations from captures. Test code takes an xnet_stack * and sets it
 * in the dialer or listen config. xnet_sctp_supported asks a stack
 * beforehand.
 *
 * Portable constants are the codecs' (xnet/sctp_abi.h): notification types
 * (XNET_SCTP_ASSOC_CHANGE ...), association and address states, sndinfo
 * flags (XNET_SCTP_UNORDERED, _ADDR_OVER, _ABORT, _EOF, _SENDALL), read
 * flags (XNET_SCTP_MSG_NOTIFICATION, _EOR, _CTRUNC); the info structures
 * are xnet_sctp_sndinfo / xnet_sctp_rcvinfo (xnet/sctp_cmsg.h), the status
 * xnet_sctp_status and the events xnet_sctp_notification
 * (xnet/sctp_notify.h). Their values follow the Go package's.
 *
 * Errors: negative XNET_E* codes; each failing call fills the thread's
 * xnet_op_error (xnet/op_error.h) with op "dial", "listen", "read",
 * "write", "bindx", "set", "get", "accept" or "close". A dial or listen
 * names a multi-homed endpoint whole ("dial sctp 10.0.0.1/10.0.0.2:9:
 * i/o timeout", the op error's source_text / addr_text), as Go prints an
 * *SCTPAddr.
 *
 * Thread-safety: as xnet/conn.h (one reader and one writer per conn at a
 * time; close wakes blocked calls); the option calls may run on any
 * thread.
 */
#ifndef XNET_SCTP_H
#define XNET_SCTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/cancel.h"
#include "xnet/conn.h"
#include "xnet/net.h"
#include "xnet/sctp_abi.h"
#include "xnet/sctp_cmsg.h"
#include "xnet/sctp_notify.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- addresses ------------------------------------------------------- */

/* Most addresses an xnet_sctp_endpoint holds (Go's slice is unbounded). */
#define XNET_SCTP_ENDPOINT_MAX 16
/* Enough for any xnet_sctp_endpoint_format result. */
#define XNET_SCTP_ENDPOINT_STRLEN \
  (XNET_SCTP_ENDPOINT_MAX * (XNET_IP_STRLEN + 3) + 8)

/* The address of an SCTP endpoint: several IPs (each with its zone) and
 * one port. count 0 is the wildcard (every local address). A value type:
 * copy freely. Go: SCTPAddr {IPAddrs []net.IPAddr; Port int}. */
typedef struct xnet_sctp_endpoint {
  xnet_ip ips[XNET_SCTP_ENDPOINT_MAX];
  size_t count;
  uint16_t port;
} xnet_sctp_endpoint;

/* xnet_sctp_endpoint_format prints "h1/h2/[v6%zone]:port" (IPv4 plain,
 * IPv6 bracketed; ":port" alone for none), snprintf semantics.
 * Go: SCTPAddr.String. */
XNET_API int xnet_sctp_endpoint_format(const xnet_sctp_endpoint *a,
                                       char *buf, size_t cap);

/* xnet_sctp_endpoint_to_addr gives address i of a as an xnet_addr of kind
 * XNET_KIND_SCTP with a's port (i == 0 with count 0: the wildcard).
 * Go: none (an IPAddrs element and Port).
 * Errors: XNET_EINVAL (NULL, or i out of range). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_endpoint_to_addr(const xnet_sctp_endpoint *a, size_t i,
                           xnet_addr *out);

/* xnet_sctp_endpoint_from_addr makes a one-address endpoint from an IP
 * address of any kind (its IP and port; a nil IP gives count 0).
 * Go: none. Errors: XNET_EINVAL (NULL, or a Unix/pipe address). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_endpoint_from_addr(const xnet_addr *a, xnet_sctp_endpoint *out);

/* xnet_sctp_resolve_addr resolves "h1/h2:port" for network ("sctp",
 * "sctp4", "sctp6") through the stack s (NULL: the default): literal IPs
 * directly, names through the stack's resolver (the first address of the
 * network's family), numeric ports or service names. An empty host list
 * (":80") gives count 0. With "sctp4"/"sctp6" every address must be of that
 * family.
 * Go: ResolveSCTPAddr.
 * Errors: XNET_EUNKNOWNNET; the xnet_sctp_addr_parse / xnet_hostport_split
 * codes; XNET_EBADPORT, XNET_EUNKNOWNPORT; XNET_ENOHOST; XNET_ENOBUFS (more
 * than XNET_SCTP_ENDPOINT_MAX hosts); XNET_ENOSUITABLEADDR (an address of
 * the wrong family). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_resolve_addr(xnet_stack *s, const char *network,
                       const char *address, xnet_sctp_endpoint *out);

/* ---- options of new associations -------------------------------------- */

/* Defaults applied to a zero field. */
#define XNET_SCTP_DEFAULT_STREAMS 10
#define XNET_SCTP_DEFAULT_BUFFER_SIZE (512 * 1024)

/* What every new association of a dialer or listener starts with: the
 * SCTP_INITMSG option, the socket buffer sizes and the adaptation layer
 * indication. The zero value means the defaults.
 * Go: InitOptions. */
typedef struct xnet_sctp_init_options {
  uint16_t num_ostreams;     /* streams we send on; 0: 10 */
  uint16_t max_instreams;    /* streams we accept; 0: 10 */
  uint16_t max_attempts;     /* INIT retransmissions; 0: the kernel's
                              * (net.sctp.max_init_retransmits) */
  uint16_t max_init_timeout; /* ms, largest INIT RTO; 0: the kernel's
                              * (net.sctp.rto_max) */
  /* Socket buffer sizes in bytes; 0: 512 KiB. As Go's package, Linux
   * stacks try SO_RCVBUFFORCE / SO_SNDBUFFORCE first (allowed with
   * CAP_NET_ADMIN: the size is set even above net.core.rmem_max /
   * wmem_max) and fall back to SO_RCVBUF / SO_SNDBUF, which the kernel
   * caps at those limits. Linux doubles the value it stores. */
  int read_buffer_size;
  int write_buffer_size;
  /* When set, SCTP_ADAPTATION_LAYER is set to adaptation_indication, which
   * the INIT / INIT-ACK then carry (RFC 5061). */
  bool adaptation_indication_enabled;
  uint32_t adaptation_indication;
} xnet_sctp_init_options;

/* Go's sctp.Dialer; the zero value dials with the default init options and
 * no timeout on the default stack. */
typedef struct xnet_sctp_dialer {
  xnet_stack *stack;                    /* NULL: the default host stack */
  int64_t timeout;                      /* ns; 0 none */
  int64_t deadline;                     /* absolute, stack clock; 0 none */
  const xnet_sctp_endpoint *local_addr; /* NULL: chosen by the system;
                                         * several IPs are bound with
                                         * bindx */
  /* Run on the socket after it is created and configured and before it
   * connects, with the network ("sctp4" or "sctp6") and the address text.
   * Go: Dialer.Control. */
  xnet_control_fn control;
  void *control_arg;
  xnet_sctp_init_options init_options;
  /* When not NULL, cancelling it makes a dial blocked in connect (or one
   * started afterwards) fail at once with XNET_ECANCELED, as the TCP
   * dialer's (xnet/cancel.h); it must belong to the dialer's stack.
   * Go: DialContext's ctx. */
  xnet_canceler *cancel;
  /* Notification types events[0..nevents) subscribed on the socket before
   * it connects, so the association's first notifications (COMM_UP with
   * the stream counts, the peer's adaptation indication) reach the new
   * conn; xnet_sctp_conn_subscribe after the dial comes too late for
   * them. Go: none (SCTPConn.Subscribe, done before connect). */
  const xnet_sctp_notification_type *events;
  size_t nevents;
} xnet_sctp_dialer;

/* Go's sctp.ListenConfig; the zero value listens on the default stack
 * with the default init options and backlog. */
typedef struct xnet_sctp_listen_config {
  xnet_stack *stack;
  /* Run after the socket is created and configured, before bind.
   * Go: ListenConfig.Control. */
  xnet_control_fn control;
  void *control_arg;
  xnet_sctp_init_options init_options;
  int backlog; /* 0: SOMAXCONN */
  /* Notification types subscribed on the listening socket before it
   * listens, inherited by every accepted conn (as after
   * xnet_sctp_listener_subscribe). Go: none (SCTPListener.Subscribe). */
  const xnet_sctp_notification_type *events;
  size_t nevents;
} xnet_sctp_listen_config;

/* ---- dial and listen --------------------------------------------------- */

/* xnet_sctp_dial connects to address ("h1/h2:port") on network ("sctp",
 * "sctp4", "sctp6"): every remote IP is given to sctp_connectx, and the
 * conn's remote address is the primary one. An empty host list dials the
 * local system.
 * Go: sctp.Dial.
 * Errors: XNET_EUNKNOWNNET, the xnet_sctp_resolve_addr codes,
 * XNET_ENOTSUP (no SCTP on the stack: see the header comment),
 * XNET_ECONNREFUSED, XNET_ETIMEDOUT, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_dial(const char *network, const char *address, xnet_conn **out);

/* xnet_sctp_dialer_dial dials with the dialer's settings (d may be NULL).
 * The socket is created, given the init options, subscribed to d->events,
 * passed to d->control, bound to d->local_addr (bind for the first IP,
 * bindx for the rest), then connected under the earlier of d->timeout and
 * d->deadline, and d->cancel.
 * Go: Dialer.Dial, Dialer.DialContext.
 * Errors: as xnet_sctp_dial; a control callback's code; XNET_ECANCELED
 * (d->cancel cancelled, before or during the dial); XNET_EINVAL (d->cancel
 * of another stack, or nevents > 0 with events NULL or a bad type, as
 * xnet_sctp_conn_subscribe). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_dialer_dial(const xnet_sctp_dialer *d, const char *network,
                      const char *address, xnet_conn **out);

/* xnet_sctp_dialer_dial_addr dials a resolved endpoint (count 0: the local
 * system, raddr->port required).
 * Go: Dialer.DialSCTP, Dialer.DialSCTPContext.
 * Errors: as xnet_sctp_dial; XNET_EINVAL (raddr NULL). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_dialer_dial_addr(const xnet_sctp_dialer *d, const char *network,
                           const xnet_sctp_endpoint *raddr, xnet_conn **out);

/* xnet_sctp_dial_addr dials raddr from laddr (NULL: the system's choice)
 * on the stack s (NULL: the default) with the default init options.
 * Go: DialSCTP. Errors: as xnet_sctp_dialer_dial_addr. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_dial_addr(xnet_stack *s, const char *network,
                    const xnet_sctp_endpoint *laddr,
                    const xnet_sctp_endpoint *raddr, xnet_conn **out);

/* xnet_sctp_listen listens on address ("h1/h2:port"; an empty host list or
 * an unspecified IP: every local address; port 0: a free one, which
 * xnet_sctp_listener_addr / xnet_listener_addr report). The first IP is
 * bound with bind, the others added with bindx.
 * Go: sctp.Listen.
 * Errors: as xnet_sctp_dial (XNET_EADDRINUSE ...). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_listen(const char *network, const char *address,
                 xnet_listener **out);

/* xnet_sctp_listen_config_listen listens with the config's settings (lc may
 * be NULL). Go: ListenConfig.Listen. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_listen_config_listen(const xnet_sctp_listen_config *lc,
                               const char *network, const char *address,
                               xnet_listener **out);

/* xnet_sctp_listen_config_listen_addr listens on a resolved endpoint (NULL
 * or count 0: every local address). Go: ListenConfig.ListenSCTP. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_listen_config_listen_addr(const xnet_sctp_listen_config *lc,
                                    const char *network,
                                    const xnet_sctp_endpoint *laddr,
                                    xnet_listener **out);

/* xnet_sctp_listen_addr listens on laddr on the stack s (NULL: the
 * default) with the default init options. Go: ListenSCTP. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_listen_addr(xnet_stack *s, const char *network,
                      const xnet_sctp_endpoint *laddr, xnet_listener **out);

/* ---- conns: messages ----------------------------------------------------
 * Each call below fails with XNET_EINVAL (op error recorded) on a conn that
 * is not XNET_KIND_SCTP. */

/* xnet_sctp_conn_read_msg reads one message, or its next part, into
 * buf[0..n): returns the bytes read. *info (may be NULL) receives the
 * message's receive information (zeroed for a notification, or when the
 * stack delivered none); *flags (may be NULL) the XNET_SCTP_MSG_* bits:
 * XNET_SCTP_MSG_EOR on the last part of a message, XNET_SCTP_MSG_NOTIFICATION
 * when buf holds a notification (parse it with xnet_sctp_event_parse once
 * it is whole), XNET_SCTP_MSG_CTRUNC when the ancillary data was cut.
 * Returns 0 with no flags when the peer has shut the association down.
 * Go: SCTPConn.ReadMsg.
 * Errors: XNET_ETIMEDOUT, XNET_ECLOSED, XNET_ECONNRESET (aborted), host
 * errors. */
XNET_API int xnet_sctp_conn_read_msg(xnet_conn *c, void *buf, size_t n,
                                     xnet_sctp_rcvinfo *info, int *flags);

/* xnet_sctp_conn_read_msg_ext is xnet_sctp_conn_read_msg that also gives
 * the raw ancillary data, in the stack's layout (xnet_sctp_stack_layout),
 * in oob[0..oob_cap), its length in *oobn; when oob is too small the data
 * is cut and XNET_SCTP_MSG_CTRUNC set (info is then what could be parsed).
 * Go: SCTPConn.ReadMsgExt. */
XNET_API int xnet_sctp_conn_read_msg_ext(xnet_conn *c, void *buf, size_t n,
                                         void *oob, size_t oob_cap,
                                         size_t *oobn,
                                         xnet_sctp_rcvinfo *info, int *flags);

/* xnet_sctp_conn_write_msg sends buf[0..n) as one message with the send
 * information info (NULL: stream 0, PPID 0, no flags). With
 * XNET_SCTP_EOF in info->flags (and n 0) a stack that allows it starts a
 * graceful shutdown, with XNET_SCTP_ABORT it aborts the association (buf
 * then is the user-initiated-abort reason). Returns n.
 * Go: SCTPConn.WriteMsg.
 * Limits: Linux refuses XNET_SCTP_EOF and XNET_SCTP_ABORT on one-to-one
 * sockets (XNET_EINVAL, measured in the VM suite); there, shut down with
 * xnet_conn_close_write and abort with xnet_sctp_conn_set_linger(c, 0)
 * then xnet_conn_close.
 * Errors: XNET_EINVAL (a stream beyond the association's outbound
 * streams, reported by the kernel), XNET_EMSGSIZE (larger than the path
 * MTU with fragments disabled, or than the send buffer), XNET_ENOTSUP (a
 * flag the stack lacks), XNET_EPIPE (shut down), XNET_ETIMEDOUT,
 * XNET_ECLOSED, host errors. */
XNET_API int xnet_sctp_conn_write_msg(xnet_conn *c, const void *buf,
                                      size_t n,
                                      const xnet_sctp_sndinfo *info);

/* xnet_sctp_conn_write_msg_ext is xnet_sctp_conn_write_msg with an
 * optional destination: when to is not NULL (and not a nil IP), the
 * message goes to that peer address (a port of the association's) instead
 * of the primary path, and XNET_SCTP_ADDR_OVER is added to the flags.
 * flags is reserved and must be 0.
 * Go: SCTPConn.WriteMsgExt.
 * Errors: as xnet_sctp_conn_write_msg; XNET_EINVAL (flags not 0, or to not
 * an address of the peer: the kernel's answer), XNET_ENOSUITABLEADDR (an
 * IPv6 to on an "sctp4" conn). */
XNET_API int xnet_sctp_conn_write_msg_ext(xnet_conn *c, const void *buf,
                                          size_t n,
                                          const xnet_sctp_sndinfo *info,
                                          const xnet_ip *to, int flags);

/* ---- events ------------------------------------------------------------ */

/* xnet_sctp_conn_subscribe turns on the notification types types[0..n)
 * (XNET_SCTP_ASSOC_CHANGE ...; one SCTP_EVENT option each); the others
 * keep their state. By default no type is on.
 * Go: SCTPConn.Subscribe.
 * Errors: XNET_EINVAL (n 0, types NULL, a value outside the enum: nothing
 * is changed), XNET_ENOTSUP (a type the stack lacks: the types before it
 * are on), host errors. */
XNET_API int xnet_sctp_conn_subscribe(xnet_conn *c,
                                      const xnet_sctp_notification_type *types,
                                      size_t n);
/* Turns the types off. Go: SCTPConn.Unsubscribe. Errors: as subscribe. */
XNET_API int
xnet_sctp_conn_unsubscribe(xnet_conn *c,
                           const xnet_sctp_notification_type *types, size_t n);

/* xnet_sctp_event_parse decodes a notification read from c (flags had
 * XNET_SCTP_MSG_NOTIFICATION and XNET_SCTP_MSG_EOR) in the layout of c's
 * stack. Views in *out borrow from b.
 * Go: ParseEvent.
 * Errors: those of xnet_sctp_notification_parse (XNET_ENOTDECODED for a
 * type that is recognised but not decoded: its type and bytes are set);
 * XNET_EINVAL (not an SCTP conn). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_event_parse(const xnet_conn *c, const void *b, size_t n,
                      xnet_sctp_notification *out);

/* xnet_sctp_supported reports whether the stack s (NULL: the default) can
 * make SCTP sockets: false for a backend without SCTP and for a Linux
 * kernel without it (the case in which every dial and listen fails at
 * once with XNET_ENOTSUP). The answer was decided when the stack opened
 * (the Linux stack opened and closed one SCTP socket then); the call
 * makes no system call, uses no socket of a replay stack and changes
 * nothing (the thread's op error included).
 * Go: none. Thread-safety: any thread. */
XNET_API bool xnet_sctp_supported(xnet_stack *s);

/* xnet_sctp_stack_layout returns the SCTP ABI of the stack s (NULL: the
 * default), whose bytes read_msg_ext's ancillary data and notifications
 * use, or NULL when the stack has no SCTP.
 * Go: none. */
XNET_API const xnet_sctp_layout *xnet_sctp_stack_layout(xnet_stack *s);

/* ---- conns: association state and options ------------------------------ */

/* xnet_sctp_conn_status reads SCTP_STATUS: state, peer window, pending
 * and unacknowledged chunks, stream counts, fragmentation point and the
 * primary path's information.
 * Go: SCTPConn.Status.
 * Errors: XNET_EINVAL (the association is gone: the kernel's answer),
 * XNET_ECLOSED, host errors. */
XNET_API int xnet_sctp_conn_status(xnet_conn *c, xnet_sctp_status *out);

/* xnet_sctp_conn_bind_add adds the local addresses of address ("h1/h2"
 * or "h1/h2:port"; the port must be 0 or the bound one) to the
 * association's endpoint (sctp_bindx SCTP_BINDX_ADD_ADDR). Whether the
 * peer is told (ASCONF) depends on net.sctp.addip_enable.
 * Go: SCTPConn.BindAdd.
 * Errors: the xnet_sctp_resolve_addr codes, XNET_EINVAL (no address, or
 * another port), host errors. */
XNET_API int xnet_sctp_conn_bind_add(xnet_conn *c, const char *address);
/* Go: SCTPConn.BindRemove (SCTP_BINDX_REM_ADDR). Errors: as bind_add. */
XNET_API int xnet_sctp_conn_bind_remove(xnet_conn *c, const char *address);
/* Go: SCTPConn.BindAddSCTP. Errors: as bind_add. */
XNET_API int xnet_sctp_conn_bind_add_addr(xnet_conn *c,
                                          const xnet_sctp_endpoint *laddr);
/* Go: SCTPConn.BindRemoveSCTP. Errors: as bind_add. */
XNET_API int xnet_sctp_conn_bind_remove_addr(xnet_conn *c,
                                             const xnet_sctp_endpoint *laddr);

/* xnet_sctp_conn_local_addr gives every local address of the association
 * (sctp_getladdrs), as known when the conn was made or last changed with
 * bind_add / bind_remove. Go: SCTPConn.LocalAddr.
 * Errors: XNET_EINVAL. */
XNET_API int xnet_sctp_conn_local_addr(xnet_conn *c, xnet_sctp_endpoint *out);
/* xnet_sctp_conn_remote_addr gives the peer's addresses as last known
 * (at connect/accept, or the last refresh). Go: SCTPConn.RemoteAddr.
 * Errors: XNET_EINVAL. */
XNET_API int xnet_sctp_conn_remote_addr(xnet_conn *c,
                                        xnet_sctp_endpoint *out);
/* xnet_sctp_conn_refresh_remote_addr asks the stack for the peer's
 * current addresses (sctp_getpaddrs), e.g. after an
 * XNET_SCTP_PEER_ADDR_CHANGE event, stores them as the remote address and
 * gives them in *out (may be NULL).
 * Go: SCTPConn.RefreshRemoteAddr.
 * Errors: XNET_ENOTCONN (no association), XNET_ECLOSED, host errors. */
XNET_API int xnet_sctp_conn_refresh_remote_addr(xnet_conn *c,
                                                xnet_sctp_endpoint *out);

/* xnet_sctp_conn_set_no_delay turns SCTP_NODELAY (no Nagle-like bundling
 * delay) on or off. Go: SCTPConn.SetNoDelay. */
XNET_API int xnet_sctp_conn_set_no_delay(xnet_conn *c, bool on);
/* xnet_sctp_conn_set_disable_fragments turns SCTP_DISABLE_FRAGMENTS on or
 * off: when on, a message larger than the path MTU fails with
 * XNET_EMSGSIZE instead of being fragmented.
 * Go: SCTPConn.SetDisableFragments. */
XNET_API int xnet_sctp_conn_set_disable_fragments(xnet_conn *c, bool on);
/* xnet_sctp_conn_set_linger sets SO_LINGER: sec < 0 graceful close in the
 * background (the default), 0 close sends ABORT and discards unsent data,
 * > 0 close waits up to sec seconds for the SHUTDOWN.
 * Go: SCTPConn.SetLinger. (xnet_conn_set_linger does the same.) */
XNET_API int xnet_sctp_conn_set_linger(xnet_conn *c, int sec);
/* The socket's current receive / send buffer size in bytes (SO_RCVBUF /
 * SO_SNDBUF as the kernel reports them). Set them with
 * xnet_conn_set_read_buffer / _write_buffer or the init options.
 * Go: SCTPConn.ReadBufferSize, SCTPConn.WriteBufferSize. */
XNET_API int xnet_sctp_conn_read_buffer_size(xnet_conn *c, int *out);
XNET_API int xnet_sctp_conn_write_buffer_size(xnet_conn *c, int *out);

/* ---- listeners ----------------------------------------------------------
 * Each call fails with XNET_EINVAL on a listener that is not SCTP. Accept,
 * deadline and close are xnet_listener_accept / _set_deadline / _close. */

/* Go: SCTPListener.BindAdd, BindRemove, BindAddSCTP, BindRemoveSCTP: new
 * associations accepted afterwards use the changed address set. Errors: as
 * xnet_sctp_conn_bind_add. */
XNET_API int xnet_sctp_listener_bind_add(xnet_listener *l,
                                         const char *address);
XNET_API int xnet_sctp_listener_bind_remove(xnet_listener *l,
                                            const char *address);
XNET_API int xnet_sctp_listener_bind_add_addr(xnet_listener *l,
                                              const xnet_sctp_endpoint *laddr);
XNET_API int
xnet_sctp_listener_bind_remove_addr(xnet_listener *l,
                                    const xnet_sctp_endpoint *laddr);
/* Subscriptions of the listening socket, inherited by every conn accepted
 * afterwards. Go: SCTPListener.Subscribe, Unsubscribe. Errors: as
 * xnet_sctp_conn_subscribe. */
XNET_API int
xnet_sctp_listener_subscribe(xnet_listener *l,
                             const xnet_sctp_notification_type *types,
                             size_t n);
XNET_API int
xnet_sctp_listener_unsubscribe(xnet_listener *l,
                               const xnet_sctp_notification_type *types,
                               size_t n);
/* Every address the listener is bound to (sctp_getladdrs).
 * Go: SCTPListener.Addr. Errors: XNET_EINVAL, XNET_ECLOSED, host errors. */
XNET_API int xnet_sctp_listener_addr(xnet_listener *l,
                                     xnet_sctp_endpoint *out);

/* ---- byte order of PPIDs ----------------------------------------------- */

/* Host to network order and back, for PPIDs and stream numbers.
 * Go: Htonui32, Ntohui32, Htonui16, Ntohui16. */
XNET_API uint32_t xnet_sctp_htonl(uint32_t v);
XNET_API uint32_t xnet_sctp_ntohl(uint32_t v);
XNET_API uint16_t xnet_sctp_htons(uint16_t v);
XNET_API uint16_t xnet_sctp_ntohs(uint16_t v);

#ifdef __cplusplus
}
#endif
#endif /* XNET_SCTP_H */
