/* posix_int.h — the POSIX socket logic shared by the host backends.
 *
 * The host backends (Linux, BSD) are split in three: this POSIX socket
 * logic, a per-OS host description (the portable-sockopt table, flag
 * values, interface details: data and a hook, xnet_posix_host), and the
 * readiness mechanism (poll here). The POSIX code never names an OS: every
 * OS-specific number reaches it through the host description, and every
 * system call through a small table (xnet_posix_syscalls) that a test can
 * replace per stack to record which (level, option, value bytes) a call
 * issues, or to inject EINTR.
 *
 * Every descriptor is non-blocking and close-on-exec from birth (socket,
 * accept4 and pipe2 take the flags; hosts without them get emulations that
 * set them with fcntl). Blocking semantics come from ops->wait with a
 * deadline. Errors are -errno (XNET_E* values), EWOULDBLOCK as XNET_EAGAIN;
 * EINTR is retried inside every op.
 *
 * Thread-safety: a stack instance is immutable after open, so every op may
 * run on any thread; a waker is woken from any thread and waited on by one.
 */
#ifndef XNET_POSIX_INT_H
#define XNET_POSIX_INT_H

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include "xnet/backend.h"
#include "xnet/error.h"

struct addrinfo;
struct ifaddrs;
struct mmsghdr;
struct ifmaddrs; /* BSD getifmaddrs(3); never defined on Linux */

/* The system calls the host backends make, one slot per call with the
 * call's own signature; errors are reported as the calls do (-1 and errno,
 * or a getaddrinfo EAI_* code). socket, accept4 and pipe2 are always called
 * with the non-blocking and close-on-exec flags of the host (see
 * xnet_posix_host.sock_flags). The OS-extension slots are NULL where the
 * host has no such call, and the ops that use them then fall back or fail
 * with XNET_ENOTSUP. */
typedef struct xnet_posix_syscalls {
  int (*socket)(int domain, int type, int protocol);
  int (*bind)(int fd, const struct sockaddr *sa, socklen_t len);
  int (*connect)(int fd, const struct sockaddr *sa, socklen_t len);
  int (*listen)(int fd, int backlog);
  int (*accept4)(int fd, struct sockaddr *sa, socklen_t *len, int flags);
  ssize_t (*recvmsg)(int fd, struct msghdr *m, int flags);
  ssize_t (*sendmsg)(int fd, const struct msghdr *m, int flags);
  /* The one-buffer forms, for messages without control data: the kernel
   * then copies no msghdr and imports no iovec (a measured 3-5% of a small
   * UDP datagram's cost). NULL: everything goes through recvmsg/sendmsg. */
  ssize_t (*recvfrom)(int fd, void *buf, size_t n, int flags,
                      struct sockaddr *sa, socklen_t *len);
  ssize_t (*sendto)(int fd, const void *buf, size_t n, int flags,
                    const struct sockaddr *sa, socklen_t len);
  ssize_t (*read)(int fd, void *buf, size_t n);
  ssize_t (*write)(int fd, const void *buf, size_t n);
  int (*setsockopt)(int fd, int level, int name, const void *val,
                    socklen_t len);
  int (*getsockopt)(int fd, int level, int name, void *val, socklen_t *len);
  int (*getsockname)(int fd, struct sockaddr *sa, socklen_t *len);
  int (*getpeername)(int fd, struct sockaddr *sa, socklen_t *len);
  int (*shutdown)(int fd, int how);
  int (*close)(int fd);
  int (*poll)(struct pollfd *fds, nfds_t n, int timeout_ms);
  int (*fcntl)(int fd, int cmd, int arg); /* the int-argument forms only */
  int (*ioctl)(int fd, unsigned long request, void *arg);
  int (*pipe2)(int fds[2], int flags);
  int (*open)(const char *path, int flags);
  int (*getaddrinfo)(const char *host, const char *service,
                     const struct addrinfo *hints, struct addrinfo **res);
  void (*freeaddrinfo)(struct addrinfo *res);
  int (*getnameinfo)(const struct sockaddr *sa, socklen_t salen, char *host,
                     socklen_t hostlen, char *serv, socklen_t servlen,
                     int flags);
  int (*getifaddrs)(struct ifaddrs **list);
  void (*freeifaddrs)(struct ifaddrs *list);
  unsigned (*if_nametoindex)(const char *name);
  char *(*if_indextoname)(unsigned index, char *name);
  int (*clock_gettime)(clockid_t clock, struct timespec *ts);
  /* ---- OS extensions: NULL where the host lacks them ---- */
  int (*recvmmsg)(int fd, struct mmsghdr *v, unsigned n, int flags,
                  struct timespec *timeout);
  int (*sendmmsg)(int fd, struct mmsghdr *v, unsigned n, int flags);
  int (*eventfd)(unsigned initval, int flags);
  ssize_t (*getrandom)(void *buf, size_t n, unsigned flags);
  /* BSD: the multicast groups joined per interface (getifmaddrs(3):
   * FreeBSD, Darwin). */
  int (*getifmaddrs)(struct ifmaddrs **list);
  void (*freeifmaddrs)(struct ifmaddrs *list);
  /* FreeBSD libc's SCTP calls (sctp_bindx(3), sctp_connectx(3),
   * sctp_getpaddrs(3)); the association id is FreeBSD's sctp_assoc_t (a
   * uint32_t). The address arrays are packed BSD sockaddrs (sa_len). */
  int (*sctp_bindx)(int fd, struct sockaddr *addrs, int n, int flags);
  int (*sctp_connectx)(int fd, const struct sockaddr *addrs, int n,
                       uint32_t *assoc_id);
  int (*sctp_getpaddrs)(int fd, uint32_t assoc_id, struct sockaddr **addrs);
  void (*sctp_freepaddrs)(struct sockaddr *addrs);
  int (*sctp_getladdrs)(int fd, uint32_t assoc_id, struct sockaddr **addrs);
  void (*sctp_freeladdrs)(struct sockaddr *addrs);
} xnet_posix_syscalls;

/* xnet__posix_syscalls_init fills t with the portable table: the plain
 * POSIX calls, with socket, accept4 and pipe2 emulated (create, then set
 * O_NONBLOCK and FD_CLOEXEC with fcntl; not atomic against a concurrent
 * fork, the reason hosts with the real calls replace them) and the OS
 * extensions NULL. */
void xnet__posix_syscalls_init(xnet_posix_syscalls *t);

/* xnet__host_syscalls fills t with the host backend's default table (the
 * portable one with the host's real calls in place of emulations). Defined
 * by the host backend this build selected. */
void xnet__host_syscalls(xnet_posix_syscalls *t);

/* One row of a portable-sockopt table: the host's (level, name). A table
 * has XNET_SOCKOPT__MAX rows indexed by xnet_sockopt; name 0 means the host
 * does not support the option. */
typedef struct xnet_posix_sockopt {
  int level;
  int name;
} xnet_posix_sockopt;

typedef struct xnet_posix xnet_posix;

/* What differs between POSIX hosts, as data (plus one hook). */
typedef struct xnet_posix_host {
  const xnet_posix_sockopt *sockopts; /* indexed by xnet_sockopt */
  int sock_flags;       /* socket/accept4 flags giving non-blocking and
                         * close-on-exec (SOCK_NONBLOCK|SOCK_CLOEXEC); 0
                         * when the table's calls are the emulations */
  int send_flags;       /* added to every send (MSG_NOSIGNAL: no SIGPIPE) */
  int recv_flags;       /* added to every receive (MSG_CMSG_CLOEXEC: fds
                         * passed with SCM_RIGHTS arrive close-on-exec) */
  int msg_notification; /* the host's MSG_NOTIFICATION bit (SCTP), 0 none */
  /* Fills what getifaddrs leaves to the OS: hardware address and MTU of
   * out[0..n) (names, indexes and flags already filled), from the list and
   * the host's own calls. NULL: both stay 0. */
  void (*interfaces_fill)(const xnet_posix *p, const struct ifaddrs *list,
                          xnet_backend_interface *out, size_t n);
} xnet_posix_host;

/* The instance state of a host stack (ops->instance_size bytes). The
 * syscall table is copied in, so the hot path loads a slot from the
 * instance it already holds. */
struct xnet_posix {
  xnet_posix_syscalls sys;
  const xnet_posix_host *host;
};

/* The open config of a host stack (ops->open's config; NULL: defaults). */
typedef struct xnet_posix_config {
  /* The syscall table to use, copied at open; NULL: the host's. */
  const xnet_posix_syscalls *syscalls;
} xnet_posix_config;

/* xnet__posix_open initialises an instance for host from config (may be
 * NULL). Errors: none today (returns 0). */
int xnet__posix_open(xnet_posix *p, const xnet_posix_host *host,
                     const xnet_posix_config *config);

/* xnet__host_stack_open_config opens a stack on the host backend with a
 * config (a test's recorder table). Errors: XNET_ENOMEM. */
int xnet__host_stack_open_config(const xnet_posix_config *config,
                                 xnet_stack **out);

/* The waker: a pipe (posix) or an eventfd (Linux; rfd == wfd). Waking
 * writes an 8-byte 1 to wfd (what an eventfd requires, and fine for a
 * pipe); the wait that sees rfd readable drains it, which makes the waker
 * the latch backend.h describes. */
struct xnet_waker {
  int rfd;
  int wfd;
};

/* ---- errors ---- */

/* xnet__posix_err turns an errno value into an XNET_E* code. */
static inline int xnet__posix_err(int e) {
  if (e == EWOULDBLOCK || e == EAGAIN) return XNET_EAGAIN;
  return e > 0 ? -e : XNET_EIO;
}

/* ---- addresses (sockaddr.c) ---- */

/* The host AF_* of an XNET_AF_* value, or -1. */
int xnet__posix_family_to_host(int family);
/* The host SOCK_* of an XNET_SOCK_* value, or -1; and back (0: unknown). */
int xnet__posix_type_to_host(int type);
int xnet__posix_type_from_host(int type);

/* xnet__posix_sockaddr_to converts a into *ss and its length. IPv4 takes a
 * 4-byte or IPv4-mapped address, IPv6 a 16-byte one (a 4-byte one becomes
 * IPv4-mapped); length 0 is the wildcard. Unix: path_len bytes (0 unnamed,
 * a leading NUL abstract; a pathname is NUL-terminated when it fits).
 * Errors: XNET_EBADADDR (address does not fit the family), XNET_EINVAL
 * (path too long), XNET_EAFNOSUPPORT. */
int xnet__posix_sockaddr_to(const xnet_sockaddr *a,
                            struct sockaddr_storage *ss, socklen_t *len);

/* xnet__posix_sockaddr_from converts len bytes at sa into *out: a length
 * too short to hold a family gives XNET_AF_UNSPEC (a connected stream's
 * empty source); IPv4 as a 4-byte address; IPv6 as 16 bytes with the scope
 * id (core names the zone); Unix as the path bytes (unnamed: path_len 0;
 * abstract: the leading NUL and every byte the kernel reported; pathname:
 * up to the first NUL). Errors: XNET_EBADADDR (truncated), XNET_EAFNOSUPPORT. */
int xnet__posix_sockaddr_from(const struct sockaddr *sa, socklen_t len,
                              xnet_sockaddr *out);

/* ---- messages (msg.c), shared with the batch forms ---- */

/* Host recv/send flags for XNET_MSG_* flags, and XNET_MSG_* flags of a
 * received msg_flags. */
int xnet__posix_recv_flags(const xnet_posix *p, int flags);
int xnet__posix_send_flags(const xnet_posix *p, int flags);
int xnet__posix_msg_flags(const xnet_posix *p, int host_flags);

/* Points h at m's buffers; name is the scratch for the address (filled from
 * m->addr when sending). Errors: those of xnet__posix_sockaddr_to. */
int xnet__posix_msghdr_prepare(struct msghdr *h, const xnet_backend_msg *m,
                               struct sockaddr_storage *name, int sending);
/* Stores the outcome of a receive of n bytes into h back into m. */
void xnet__posix_msghdr_received(const xnet_posix *p, const struct msghdr *h,
                                 size_t n, xnet_backend_msg *m);

/* ---- sockopts (sockopt.c) ---- */

/* xnet__posix_sockopt_row looks opt up in table. Errors: XNET_EINVAL (not
 * an xnet_sockopt), XNET_ENOTSUP (row name 0: the host lacks it). */
int xnet__posix_sockopt_row(const xnet_posix_sockopt *table, xnet_sockopt opt,
                            xnet_posix_sockopt *row);

/* ---- the ops (each file implements the ones it is named after) ---- */

/* msg.c */
int xnet__posix_recvmsg(void *inst, int sock, xnet_backend_msg *m, int flags);
int xnet__posix_sendmsg(void *inst, int sock, xnet_backend_msg *m, int flags);
int xnet__posix_read(void *inst, int sock, void *buf, size_t n);
int xnet__posix_write(void *inst, int sock, const void *buf, size_t n);
/* poll.c: readiness, and the pipe waker */
int xnet__posix_wait(void *inst, int sock, unsigned events, int64_t deadline,
                     xnet_waker *w);
int xnet__posix_waker_open(void *inst, xnet_waker **out);
void xnet__posix_waker_wake(void *inst, xnet_waker *w);
void xnet__posix_waker_close(void *inst, xnet_waker *w);
/* clock.c: the monotonic clock and /dev/urandom */
int64_t xnet__posix_now(void *inst);
int xnet__posix_random(void *inst, void *buf, size_t n);
/* socket.c */
int xnet__posix_socket(void *inst, int family, int type, int protocol,
                       int *sock);
int xnet__posix_bind(void *inst, int sock, const xnet_sockaddr *a);
int xnet__posix_connect(void *inst, int sock, const xnet_sockaddr *a);
int xnet__posix_connect_result(void *inst, int sock);
int xnet__posix_listen(void *inst, int sock, int backlog);
int xnet__posix_accept(void *inst, int sock, int *new_sock,
                       xnet_sockaddr *peer);
int xnet__posix_shutdown(void *inst, int sock, int how);
int xnet__posix_close(void *inst, int sock);
int xnet__posix_local_addr(void *inst, int sock, xnet_sockaddr *out);
int xnet__posix_remote_addr(void *inst, int sock, xnet_sockaddr *out);
int xnet__posix_dup(void *inst, int sock, int *out);
/* sockopt.c */
int xnet__posix_setsockopt(void *inst, int sock, xnet_sockopt opt, int value);
int xnet__posix_getsockopt(void *inst, int sock, xnet_sockopt opt,
                           int *value);
int xnet__posix_setsockopt_raw(void *inst, int sock, int level, int name,
                               const void *val, size_t len);
int xnet__posix_getsockopt_raw(void *inst, int sock, int level, int name,
                               void *val, size_t *len);
/* resolve.c */
int xnet__posix_resolve(void *inst, const char *host, int family,
                        xnet_resolved *out, size_t cap);
int xnet__posix_reverse(void *inst, const xnet_ip *ip, char *name, size_t cap);
/* interfaces.c: IPv6 zones through if_nametoindex / if_indextoname. */
int xnet__posix_zone_index(void *inst, const char *name);
int xnet__posix_zone_name(void *inst, int index, char *name, size_t cap);
/* interfaces.c */
int xnet__posix_interfaces(void *inst, xnet_backend_interface *out,
                           size_t cap);
int xnet__posix_interface_addrs(void *inst, int index, xnet_ip_net *out,
                                size_t cap);
/* poll_many.c: readiness of several sockets (and the waker) in one poll */
int xnet__posix_wait_many(void *inst, xnet_backend_wait *socks, size_t n,
                          int64_t deadline, xnet_waker *w);

#endif /* XNET_POSIX_INT_H */
