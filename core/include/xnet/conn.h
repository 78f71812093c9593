/* xnet/conn.h — conns, listeners, dialers (Go's net.Conn, PacketConn,
 * Listener, Dialer, ListenConfig and the typed TCP/UDP/IP/Unix forms).
 *
 * One xnet_conn handle serves every kind of endpoint (tcp, udp, ip, unix,
 * unixgram, unixpacket); functions that apply to some kinds only check the
 * kind and fail with XNET_EINVAL otherwise. Sizes are size_t in and int out:
 * a single call moves at most INT_MAX bytes.
 *
 * Deadlines are absolute nanoseconds on the conn's stack clock
 * (xnet_deadline_in); 0 means none. A call that passes its deadline fails
 * with XNET_ETIMEDOUT, for which xnet_error_is_timeout() is true.
 *
 * Ownership: a successful dial/listen/accept returns a conn or listener the
 * caller owns and releases with xnet_conn_close / xnet_listener_close,
 * exactly once.
 *
 * Thread-safety (Go's contract): one thread may read while another writes;
 * xnet_conn_close from any thread wakes every call blocked on the conn,
 * which then fails with XNET_ECLOSED, and close returns once they have left
 * (so the handle is never freed under a blocked call). Using a handle after
 * close has returned is a use-after-free, as with any C object.
 */
#ifndef XNET_CONN_H
#define XNET_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/cancel.h"
#include "xnet/interface.h"
#include "xnet/net.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xnet_conn xnet_conn;
typedef struct xnet_listener xnet_listener;

/* Called on the socket after it is created and before connect (dial) or
 * bind (listen). Returning a negative XNET code aborts the dial/listen with
 * it. fd is the backend's socket handle (the fd on host stacks). */
typedef int (*xnet_control_fn)(void *arg, const char *network,
                               const char *address, int fd);

/* Go's net.Dialer; the zero value dials with no timeout on the default
 * stack. */
typedef struct xnet_dialer {
  xnet_stack *stack;          /* NULL: the default host stack */
  int64_t timeout;            /* ns; 0 none */
  int64_t deadline;           /* absolute, stack clock; 0 none */
  const xnet_addr *local_addr;/* NULL: chosen by the system */
  int64_t keep_alive;         /* TCP keep-alive period, ns; 0 off */
  bool dual_stack;            /* RFC 6555/8305 Happy Eyeballs for "tcp" */
  int64_t fallback_delay;     /* ns before the fallback family; 0: 300 ms */
  xnet_control_fn control;    /* run before connect; NULL none */
  void *control_arg;
  /* Cancels the dial from another thread (xnet/cancel.h); NULL none. It
   * must belong to the dialer's stack. Go: Dialer.Cancel, DialContext. */
  xnet_canceler *cancel;
} xnet_dialer;

/* Go's net.ListenConfig; the zero value listens on the default stack with
 * the system's default backlog (SOMAXCONN). */
typedef struct xnet_listen_config {
  xnet_stack *stack;
  xnet_control_fn control; /* run before bind; NULL none */
  void *control_arg;
  int backlog;             /* 0: SOMAXCONN */
} xnet_listen_config;

/* ---- dial and listen with address strings ---- */

/* xnet_dial connects to address on the named network (tcp*, udp*, ip*,
 * unix*). Go: net.Dial.
 * Errors: XNET_EUNKNOWNNET, address errors (xnet/hostport.h codes,
 * XNET_ENOHOST), XNET_ECONNREFUSED, XNET_ETIMEDOUT, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_dial(const char *network, const char *address, xnet_conn **out);

/* xnet_dial_timeout is xnet_dial with a timeout in ns. Go: DialTimeout. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_dial_timeout(const char *network, const char *address, int64_t timeout,
                  xnet_conn **out);

/* xnet_dialer_dial dials with the dialer's settings. Go: Dialer.Dial.
 * With dual_stack set, a "tcp" dial to a name with both IPv4 and IPv6
 * addresses races the families (RFC 6555/8305 Happy Eyeballs, as Go):
 * the first address's family first, one address after another, each
 * given an equal share of the time left (at least 2 s when there is that
 * much); the other family starts after fallback_delay, or as soon as the
 * first has failed; the first connection wins and the other attempt is
 * closed. When every address fails, the first family's first error is
 * reported (its address in the op error).
 * Errors: as xnet_dial; XNET_ECANCELED ("operation was canceled")
 * when d->cancel is cancelled; XNET_EINVAL when d->cancel belongs to
 * another stack.
 * Limits: name resolution itself is not interrupted by a cancel; the dial
 * fails as soon as it returns. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_dialer_dial(const xnet_dialer *d, const char *network,
                 const char *address, xnet_conn **out);

/* xnet_listen listens on a stream network (tcp*, unix, unixpacket); port 0
 * picks a free port, which xnet_listener_addr reports. Go: net.Listen. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_listen(const char *network, const char *address, xnet_listener **out);

/* xnet_listen_packet opens a packet conn (udp*, ip*, unixgram) bound to
 * address. Go: net.ListenPacket. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_listen_packet(const char *network, const char *address,
                   xnet_conn **out);

/* xnet_listen_config_listen / _listen_packet: with the config's settings.
 * Go: ListenConfig.Listen, ListenConfig.ListenPacket. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_listen_config_listen(const xnet_listen_config *lc, const char *network,
                          const char *address, xnet_listener **out);
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_listen_config_listen_packet(const xnet_listen_config *lc,
                                 const char *network, const char *address,
                                 xnet_conn **out);

/* ---- the typed forms (Go's DialTCP, ListenUDP, ...) ----
 * laddr may be NULL (system's choice); raddr is required for dial. The
 * network must match the address kind (e.g. "tcp", "tcp4", "tcp6" with a
 * TCP address). Errors: XNET_EUNKNOWNNET, XNET_EINVAL (wrong kind or NULL
 * raddr), XNET_ENOSUITABLEADDR (address of the wrong family). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_dial_addr(xnet_stack *s, const char *network, const xnet_addr *laddr,
               const xnet_addr *raddr, xnet_conn **out);
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_listen_addr(xnet_stack *s, const char *network, const xnet_addr *laddr,
                 xnet_listener **out);
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_listen_packet_addr(xnet_stack *s, const char *network,
                        const xnet_addr *laddr, xnet_conn **out);

/* xnet_listen_multicast_udp opens a UDP conn on the stack s (NULL: the
 * default) receiving the datagrams sent to the group gaddr (IP and port;
 * port 0 picks one) on the interface ifi (NULL: the system's choice, which
 * may need routing configuration). The
 * socket reuses addresses (SO_REUSEADDR, so several listeners can share a
 * group and port), is bound to the group address and port, sends on ifi,
 * does not loop its own multicast datagrams back (as Go sets it) and joins
 * the group on ifi (MCAST_JOIN_GROUP). Unlike Go, which binds the wildcard
 * address and so also receives unicast and other groups' datagrams for the
 * port (golang.org/issue/73484), only the group's datagrams arrive.
 * network is "udp", "udp4" or "udp6". Go: net.ListenMulticastUDP.
 * Errors: XNET_EUNKNOWNNET (another network); XNET_EBADADDR (gaddr NULL,
 * not UDP, or not a multicast address: checked before any system call);
 * XNET_ENOSUITABLEADDR (an IPv6 group on "udp4" or IPv4 on "udp6");
 * XNET_ENOTSUP (a stack without the multicast options); host errors
 * (-ENODEV for an interface index that no longer exists). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_listen_multicast_udp(xnet_stack *s, const char *network,
                          const xnet_interface *ifi, const xnet_addr *gaddr,
                          xnet_conn **out);

/* ---- listeners ---- */

/* xnet_listener_accept waits for the next connection (honouring the
 * listener's deadline). Go: Listener.Accept / TCPListener.AcceptTCP.
 * Errors: XNET_ETIMEDOUT, XNET_ECLOSED, host errors. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_listener_accept(xnet_listener *l,
                                                          xnet_conn **out);
/* Go: TCPListener.SetDeadline. */
XNET_API int xnet_listener_set_deadline(xnet_listener *l, int64_t deadline);
/* Go: Listener.Addr. */
XNET_API int xnet_listener_addr(const xnet_listener *l, xnet_addr *out);
/* Closes the listener; a blocked accept fails with XNET_ECLOSED. Unix
 * listeners remove their socket file, as Go's do. Go: Listener.Close. */
XNET_API int xnet_listener_close(xnet_listener *l);

/* ---- conns: stream and packet I/O ---- */

/* Go: Conn.Read. Returns bytes read, 0 at end of stream. */
XNET_API int xnet_conn_read(xnet_conn *c, void *buf, size_t n);
/* Go: Conn.Write. Writes all of buf (or fails: with XNET_ETIMEDOUT the
 * bytes already written are reported by xnet_conn_last_write). */
XNET_API int xnet_conn_write(xnet_conn *c, const void *buf, size_t n);
/* Bytes moved by the last xnet_conn_write before it failed. Go: the n of
 * a Write that returns an error. */
XNET_API size_t xnet_conn_last_write(const xnet_conn *c);
/* Go: Conn.Close. */
XNET_API int xnet_conn_close(xnet_conn *c);
/* Go: TCPConn.CloseRead / CloseWrite (and UnixConn's). */
XNET_API int xnet_conn_close_read(xnet_conn *c);
XNET_API int xnet_conn_close_write(xnet_conn *c);
/* Go: Conn.LocalAddr / RemoteAddr (kind NONE when unconnected). */
XNET_API int xnet_conn_local_addr(const xnet_conn *c, xnet_addr *out);
XNET_API int xnet_conn_remote_addr(const xnet_conn *c, xnet_addr *out);
/* Go: SetDeadline, SetReadDeadline, SetWriteDeadline. Takes effect on
 * calls already blocked. */
XNET_API int xnet_conn_set_deadline(xnet_conn *c, int64_t deadline);
XNET_API int xnet_conn_set_read_deadline(xnet_conn *c, int64_t deadline);
XNET_API int xnet_conn_set_write_deadline(xnet_conn *c, int64_t deadline);

/* Go: UDPConn.ReadFrom / ReadFromUDP, IPConn.ReadFromIP, UnixConn's. */
XNET_API int xnet_conn_read_from(xnet_conn *c, void *buf, size_t n,
                                 xnet_addr *from);
/* Go: WriteTo. Errors: XNET_EWRITETOCONNECTED on a connected conn. */
XNET_API int xnet_conn_write_to(xnet_conn *c, const void *buf, size_t n,
                                const xnet_addr *to);
/* Go: UDPConn.ReadMsgUDP, IPConn.ReadMsgIP, UnixConn.ReadMsgUnix: payload
 * into buf, control data (profile layout) into oob; *oobn and *flags
 * (XNET_MSG_*) are set; from may be NULL. Returns payload bytes. */
XNET_API int xnet_conn_read_msg(xnet_conn *c, void *buf, size_t n, void *oob,
                                size_t oob_cap, size_t *oobn, int *flags,
                                xnet_addr *from);
/* Go: WriteMsgUDP / WriteMsgIP / WriteMsgUnix. to is NULL on a connected
 * conn. Returns payload bytes written. */
XNET_API int xnet_conn_write_msg(xnet_conn *c, const void *buf, size_t n,
                                 const void *oob, size_t oobn,
                                 const xnet_addr *to);

/* ---- conns: socket options ---- */
/* Go: SetReadBuffer / SetWriteBuffer. */
XNET_API int xnet_conn_set_read_buffer(xnet_conn *c, int bytes);
XNET_API int xnet_conn_set_write_buffer(xnet_conn *c, int bytes);
/* Go: TCPConn.SetKeepAlive / SetKeepAlivePeriod (ns, rounded up to s). */
XNET_API int xnet_conn_set_keep_alive(xnet_conn *c, bool on);
XNET_API int xnet_conn_set_keep_alive_period(xnet_conn *c, int64_t period);
/* Go: TCPConn.SetLinger: < 0 default (close returns at once, data sent in
 * the background), 0 discard unsent data and reset, > 0 seconds. */
XNET_API int xnet_conn_set_linger(xnet_conn *c, int sec);
/* Go: TCPConn.SetNoDelay. */
XNET_API int xnet_conn_set_no_delay(xnet_conn *c, bool on);

/* ---- handles ---- */
/* The conn's kind (XNET_KIND_TCP, ...) and its stack. */
XNET_API xnet_kind xnet_conn_kind(const xnet_conn *c);
XNET_API xnet_stack *xnet_conn_stack(const xnet_conn *c);

#ifdef __cplusplus
}
#endif
#endif /* XNET_CONN_H */
