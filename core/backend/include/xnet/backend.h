/* xnet/backend.h — the backend operations table (the vtable) and the stack.
 *
 * A backend is one `static const xnet_backend_ops` table shared by all of
 * its instances, in the style of libpcap's pcap_t ops. A stack (xnet_stack)
 * is one instance: core allocates the backend's private state
 * (ops->instance_size bytes) in the same block as the stack and passes it
 * first to every op. Core never calls a socket function or reads a clock
 * except through these ops, so the same application code runs on the host
 * kernel and on a replayed capture.
 *
 * Conventions for every op: the instance comes first, out-parameters last;
 * the return is an int, >= 0 for success or a count, < 0 an XNET_E* code.
 * Sockets are backend handles (an fd for the host backends, a table index
 * for replay), always >= 0. Ops are never NULL once a stack is open:
 * xnet__stack_open replaces missing ones with a stub returning XNET_ENOTSUP.
 * Every socket is non-blocking: an op that would block returns XNET_EAGAIN
 * and core waits with ops->wait until the deadline.
 *
 * This header is for backends and core only: applications never see it
 * (CMake exposes it through the xnet_backend_api interface target).
 */
#ifndef XNET_BACKEND_H
#define XNET_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h> /* struct iovec: batch I/O uses the caller's iovecs */

#include "xnet/address.h"
#include "xnet/ip_net.h"
#include "xnet/profile.h"
#include "xnet/sctp_abi.h"
#include "xnet/stack.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An endpoint as the backend sees it: what a sockaddr holds, without its
 * layout. family XNET_AF_UNSPEC means "none" (e.g. no source address). */
typedef struct xnet_sockaddr {
  uint8_t family;      /* XNET_AF_* */
  uint16_t port;       /* host order */
  xnet_ip ip;          /* 4-byte for AF_INET, 16-byte for AF_INET6 */
  uint32_t scope_id;   /* IPv6 scope (interface index); 0 none */
  uint16_t path_len;   /* AF_UNIX: bytes used in path (0: unnamed; an
                        * abstract name starts with a NUL byte) */
  char path[108];      /* AF_UNIX */
} xnet_sockaddr;

/* One message of a batch (Go x/net's ipv4.Message): caller-owned buffers.
 * On receive n, oob_len, addr and flags are filled in. */
typedef struct xnet_backend_msg {
  struct iovec *iov;
  size_t iov_len;
  void *oob;          /* control-message buffer, profile layout */
  size_t oob_cap;
  size_t oob_len;     /* in: bytes to send; out: bytes received */
  xnet_sockaddr addr; /* in: destination (AF_UNSPEC: connected); out: source */
  size_t n;           /* out: payload bytes moved */
  int flags;          /* out: XNET_MSG_* flags of the received message */
} xnet_backend_msg;

/* Portable message flags (received-message and send flags). */
enum {
  XNET_MSG_TRUNC = 1 << 0,    /* payload truncated */
  XNET_MSG_CTRUNC = 1 << 1,   /* control data truncated */
  XNET_MSG_PEEK = 1 << 2,     /* recv: leave the data queued */
  XNET_MSG_OOB = 1 << 3,      /* out-of-band (TCP urgent) data */
  XNET_MSG_WAITFORONE = 1 << 4, /* recvmmsg: return once one is ready */
  XNET_MSG_EOR = 1 << 5,      /* end of record (SCTP) */
  XNET_MSG_NOTIFICATION = 1 << 6, /* an SCTP notification */
  /* recvmsg input: the caller will not read m->flags, so a backend may
   * leave them 0 (the host backends then receive a message without control
   * data by recvfrom, which reports none and costs the kernel less). */
  XNET_MSG_NO_FLAGS = 1 << 7
};

/* Readiness events for ops->wait. */
enum { XNET_WAIT_READ = 1, XNET_WAIT_WRITE = 2 };

/* Socket types. */
enum { XNET_SOCK_STREAM = 1, XNET_SOCK_DGRAM = 2, XNET_SOCK_RAW = 3,
       XNET_SOCK_SEQPACKET = 5 };

/* Portable socket options; each host backend maps them to (level, name)
 * through its profile table, and a value is an int unless noted. */
typedef enum xnet_sockopt {
  XNET_SO_REUSEADDR = 1,
  XNET_SO_REUSEPORT,
  XNET_SO_KEEPALIVE,
  XNET_SO_LINGER,       /* int seconds; < 0 turns linger off */
  XNET_SO_RCVBUF,
  XNET_SO_SNDBUF,
  XNET_SO_BROADCAST,
  XNET_SO_ERROR,        /* get only: pending error as XNET_E* (<= 0) */
  XNET_SO_TYPE,         /* get only: XNET_SOCK_* */
  XNET_SO_PASSCRED,     /* unix: receive credentials */
  XNET_TCP_NODELAY,
  XNET_TCP_KEEPIDLE,    /* seconds */
  XNET_TCP_KEEPINTVL,   /* seconds */
  XNET_TCP_KEEPCNT,
  XNET_IPV6_V6ONLY,
  /* Multicast (ListenMulticastUDP). The *_LOOP options and
   * IPV6_MULTICAST_IF (an interface index) are ints through setsockopt;
   * IP_MULTICAST_IF and the *_MCAST_JOIN_GROUP / *_MCAST_LEAVE_GROUP
   * options take an interface index and a group, whose host structure
   * (ip_mreqn, group_req; ip_mreq, ipv6_mreq on the BSDs without RFC 3678)
   * the backend builds: they go through ops->setsockopt_group only. */
  XNET_IP_MULTICAST_IF,
  XNET_IP_MULTICAST_LOOP,
  XNET_IPV6_MULTICAST_IF,
  XNET_IPV6_MULTICAST_LOOP,
  XNET_IP_MCAST_JOIN_GROUP,   /* RFC 3678 MCAST_JOIN_GROUP, IPv4 group */
  XNET_IPV6_MCAST_JOIN_GROUP, /* RFC 3678 MCAST_JOIN_GROUP, IPv6 group */
  XNET_IP_MCAST_LEAVE_GROUP,   /* RFC 3678 MCAST_LEAVE_GROUP, IPv4 group */
  XNET_IPV6_MCAST_LEAVE_GROUP, /* RFC 3678 MCAST_LEAVE_GROUP, IPv6 group */
  /* Linux SO_RCVBUFFORCE / SO_SNDBUFFORCE: a buffer size past the
   * net.core.rmem_max / wmem_max caps, for a privileged process (EPERM
   * otherwise); XNET_ENOTSUP where the host has none. */
  XNET_SO_RCVBUFFORCE,
  XNET_SO_SNDBUFFORCE,
  XNET_SOCKOPT__MAX
} xnet_sockopt;

/* Capability bits, decided when a stack opens (ops->caps). */
enum {
  XNET_CAP_BATCH = 1 << 0,   /* recvmmsg/sendmmsg in one call */
  XNET_CAP_SCTP = 1 << 1,    /* SCTP sockets */
  XNET_CAP_PKTINFO = 1 << 2, /* per-packet control messages */
  XNET_CAP_VIRTUAL_CLOCK = 1 << 3 /* time is not wall time (replay) */
};

/* A network interface (Go's net.Interface) as a backend reports it. */
typedef struct xnet_backend_interface {
  int index;
  int mtu;
  char name[64];
  uint8_t hwaddr[20];
  uint8_t hwaddr_len;
  unsigned flags; /* XNET_IFF_* (xnet/interface.h) */
} xnet_backend_interface;

/* One socket of ops->wait_many: sock < 0 is skipped; ready is set nonzero
 * when the socket is ready for events (or has an error or hang-up pending,
 * which the next call on it reports). */
typedef struct xnet_backend_wait {
  int sock;
  unsigned events; /* XNET_WAIT_* */
  unsigned ready;  /* out */
} xnet_backend_wait;

/* Most sockets one ops->wait_many call watches. */
#define XNET_WAIT_MANY_MAX 16

/* One resolved address of ops->resolve. */
typedef struct xnet_resolved {
  xnet_ip ip;
} xnet_resolved;

/* The wake-up handle of a conn: closing the conn, or changing a deadline,
 * from another thread wakes every ops->wait blocked on it. */
typedef struct xnet_waker xnet_waker;

typedef struct xnet_backend_ops {
  const char *name;     /* "linux", "bsd", "replay" */
  size_t instance_size; /* bytes of private state core allocates */
  /* The ABI profile of the kernel behind the stack (cmsg layouts, raw IPv4
   * byte order): what the IP-option and SCTP layers encode with. */
  const struct xnet_profile *profile;

  /* ---- hot path ---- */
  int (*recvmsg)(void *inst, int sock, xnet_backend_msg *m, int flags);
  int (*sendmsg)(void *inst, int sock, xnet_backend_msg *m, int flags);
  /* Batch forms: return the number of messages moved (>= 1) or an error;
   * recvmmsg with XNET_MSG_WAITFORONE returns what is ready after the
   * first. A backend without batching leaves these NULL and core falls
   * back to one message per call. */
  int (*recvmmsg)(void *inst, int sock, xnet_backend_msg *msgs, size_t n,
                  int flags);
  int (*sendmmsg)(void *inst, int sock, xnet_backend_msg *msgs, size_t n,
                  int flags);
  int (*read)(void *inst, int sock, void *buf, size_t n);
  int (*write)(void *inst, int sock, const void *buf, size_t n);
  /* Waits until sock is ready for events, the deadline (stack clock, ns; 0
   * none) passes (XNET_ETIMEDOUT) or the waker fires (returns 1 so the
   * caller re-checks its state). Returns 0 when ready. w may be NULL.
   * A waker is a latch: a wake with no wait in progress is remembered, and
   * the wait that observes it consumes (drains) it, so a wake is never lost
   * and never wakes twice. Core gives each blocked call a waker of its
   * own (a conn's direction keeps one and lends more from a pool while
   * several calls wait), so one waker has at most one waiter. */
  int (*wait)(void *inst, int sock, unsigned events, int64_t deadline,
              xnet_waker *w);

  /* ---- clock and randomness ---- */
  int64_t (*now)(void *inst); /* monotonic nanoseconds */
  int (*random)(void *inst, void *buf, size_t n);

  /* ---- socket lifecycle ---- */
  int (*socket)(void *inst, int family, int type, int protocol, int *sock);
  int (*bind)(void *inst, int sock, const xnet_sockaddr *a);
  /* Starts a connect: 0 when connected at once, XNET_EINPROGRESS-like
   * XNET_EAGAIN when the caller must wait for writability and then call
   * connect_result. */
  int (*connect)(void *inst, int sock, const xnet_sockaddr *a);
  int (*connect_result)(void *inst, int sock);
  int (*listen)(void *inst, int sock, int backlog);
  int (*accept)(void *inst, int sock, int *new_sock, xnet_sockaddr *peer);
  int (*shutdown)(void *inst, int sock, int how); /* 0 rd, 1 wr, 2 both */
  int (*close)(void *inst, int sock);
  int (*local_addr)(void *inst, int sock, xnet_sockaddr *out);
  int (*remote_addr)(void *inst, int sock, xnet_sockaddr *out);
  int (*setsockopt)(void *inst, int sock, xnet_sockopt opt, int value);
  int (*getsockopt)(void *inst, int sock, xnet_sockopt opt, int *value);
  /* Raw option bytes at (level, name) of the backend's own numbering, for
   * the IP/IPv6/SCTP option layers, whose profiles know the numbers. */
  int (*setsockopt_raw)(void *inst, int sock, int level, int name,
                        const void *val, size_t len);
  int (*getsockopt_raw)(void *inst, int sock, int level, int name, void *val,
                        size_t *len);
  /* Duplicates sock into a new handle (Go's File()). */
  int (*dup)(void *inst, int sock, int *out);
  /* Removes the file of a Unix socket path (a closing Unix listener's, as
   * Go does); the replay backend has no files and does nothing. */
  int (*unlink_path)(void *inst, const char *path);

  /* ---- wake-ups ---- */
  int (*waker_open)(void *inst, xnet_waker **out);
  void (*waker_wake)(void *inst, xnet_waker *w);
  void (*waker_close)(void *inst, xnet_waker *w);

  /* ---- names and interfaces ---- */
  /* Resolves host to at most cap addresses of the family (XNET_AF_UNSPEC:
   * both); returns the count. */
  int (*resolve)(void *inst, const char *host, int family,
                 xnet_resolved *out, size_t cap);
  /* Lists interfaces into out (cap entries); returns the total count. */
  int (*interfaces)(void *inst, xnet_backend_interface *out, size_t cap);

  /* ---- stack lifecycle ---- */
  int (*open)(void *inst, const void *config);
  void (*close_stack)(void *inst);

  /* ---- ops added later (appended, so existing tables stay valid) ---- */
  /* Takes an existing host descriptor as a socket of this stack (Go's
   * newFileFD, behind FileConn/FileListener/FilePacketConn): checks that fd
   * is a socket, duplicates it close-on-exec and puts the copy in
   * non-blocking mode, which the original shares (one open file
   * description), as in Go. The caller keeps fd; *sock is the stack's.
   * Errors: XNET_ENOTSOCK (not a socket), XNET_EBADF, XNET_ENOTSUP (a stack
   * without host descriptors, e.g. replay). */
  int (*import_fd)(void *inst, int fd, int *sock);

  /* Lists the unicast addresses of the interface with index (0: of every
   * interface) into out (cap entries); returns the total count. Each is
   * the address (4 bytes for IPv4, 16 without zone for IPv6) and its mask
   * of the same length (len 0 when the system reports none). */
  int (*interface_addrs)(void *inst, int index, xnet_ip_net *out, size_t cap);
  /* Lists the multicast groups joined on the interface with index (0: on
   * every interface), IPv4 groups first, into out (cap entries); returns
   * the total count. */
  int (*multicast_addrs)(void *inst, int index, xnet_ip *out, size_t cap);
  /* ops->wait over n <= XNET_WAIT_MANY_MAX sockets at once (a dial racing
   * two connects): returns 0 when at least one is ready (their `ready`
   * set, the others' cleared), 1 when the waker fired, XNET_ETIMEDOUT, or
   * an error (XNET_EINVAL for n out of range). */
  int (*wait_many)(void *inst, xnet_backend_wait *socks, size_t n,
                   int64_t deadline, xnet_waker *w);
  /* Sets an option whose value names an interface index and a multicast
   * group (XNET_IP_MULTICAST_IF with group NULL, XNET_*_MCAST_JOIN_GROUP,
   * XNET_*_MCAST_LEAVE_GROUP), building the host's structure. Core calls
   * it for ListenMulticastUDP, and for the x/net join / leave / multicast
   * interface when the profile has no RFC 3678 row for them. Errors: XNET_EINVAL for another option,
   * XNET_ENOTSUP when the host lacks it, host errors. */
  int (*setsockopt_group)(void *inst, int sock, xnet_sockopt opt,
                          int ifindex, const xnet_sockaddr *group);
  /* Reverse lookup: the host name of ip (no zone) into name[0..cap), NUL
   * terminated; returns its length. Errors: XNET_ENOHOST when the address
   * has no name, XNET_ENOBUFS when cap is too small. */
  int (*reverse)(void *inst, const xnet_ip *ip, char *name, size_t cap);
  /* IPv6 zones: the index of the interface called name (XNET_EBADADDR when
   * there is none), and the name of interface index into name[0..cap). One
   * lookup each, so addresses of link-local packets convert cheaply. */
  int (*zone_index)(void *inst, const char *name);
  int (*zone_name)(void *inst, int index, char *name, size_t cap);

  /* ---- SCTP: one-to-one style sockets (XNET_CAP_SCTP) ----
   * A socket is ops->socket(family, XNET_SOCK_STREAM, 132); bind, connect,
   * listen, accept, shutdown and close keep their contracts. Messages go
   * through recvmsg/sendmsg: m->oob holds SCTP control messages
   * (sndinfo on send, rcvinfo when SCTP_RECVRCVINFO is on) in the bytes of
   * sctp_layout; a received message sets XNET_MSG_EOR on its last part and
   * XNET_MSG_NOTIFICATION when the payload is a notification (again in
   * sctp_layout's bytes); a send with m->addr set goes to that peer
   * address (SCTP_ADDR_OVER). Options (SCTP_EVENT, SCTP_INITMSG,
   * SCTP_STATUS, SCTP_NODELAY, ...) go through setsockopt_raw /
   * getsockopt_raw at sctp_layout's level and numbers.
   * The SCTP ABI of the kernel behind the stack; NULL when the backend has
   * no SCTP (then the ops below are stubs returning XNET_ENOTSUP). */
  const struct xnet_sctp_layout *sctp_layout;
  /* sctp_bindx: adds (add != 0) or removes (add == 0) n addresses to or
   * from the socket's local set; all must share one port. */
  int (*sctp_bindx)(void *inst, int sock, const xnet_sockaddr *addrs,
                    size_t n, int add);
  /* sctp_connectx: connects to n addresses of one peer; same contract as
   * connect (0, or XNET_EAGAIN then wait for writability and call
   * connect_result). */
  int (*sctp_connectx)(void *inst, int sock, const xnet_sockaddr *addrs,
                       size_t n);
  /* sctp_addrs: the local (remote == 0) or peer (remote != 0) addresses of
   * the socket's association (sctp_getladdrs / sctp_getpaddrs; the bound
   * addresses when not connected) into out (cap entries); returns the
   * total count. */
  int (*sctp_addrs)(void *inst, int sock, int remote, xnet_sockaddr *out,
                    size_t cap);

  /* The XNET_CAP_* bits of this instance, decided when it opened (a host
   * backend asks its kernel once then; the answer never changes after):
   * no side effects, no system call. The stub a table without it gets
   * returns 0; core reads the bits through xnet__stack_caps. */
  int (*caps)(void *inst);
} xnet_backend_ops;

/* xnet__backend_detail attaches text to the code an op is about to return:
 * the failure record core makes for that call carries it as its detail
 * (e.g. the diff of a replay write that does not match the capture). */
void xnet__backend_detail(int code, const char *text);

/* xnet__host_stack_open opens a stack on the host backend this build
 * selected (Linux or BSD): core calls it to create the default stack. */
int xnet__host_stack_open(xnet_stack **out);

/* xnet__stack_open allocates a stack for ops (instance state zeroed), fills
 * NULL ops with XNET_ENOTSUP stubs in a per-stack copy of the table and
 * calls ops->open(config). */
int xnet__stack_open(const xnet_backend_ops *ops, const void *config,
                     xnet_stack **out);

/* The backend table of a stack and its instance pointer. */
const xnet_backend_ops *xnet__stack_ops(xnet_stack *s);
void *xnet__stack_instance(xnet_stack *s);

/* The XNET_CAP_* bits of stack s: ops->caps, or for a table that has no
 * caps op (one written before it, a test's) the bits its ops imply:
 * XNET_CAP_SCTP with an sctp_layout, XNET_CAP_BATCH with recvmmsg and
 * sendmmsg. */
int xnet__stack_caps(xnet_stack *s);

#ifdef __cplusplus
}
#endif
#endif /* XNET_BACKEND_H */
