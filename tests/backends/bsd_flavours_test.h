/* bsd_flavours_test.h — what the BSD backend suites run on Linux share
 * (test_bsd_translation.c, test_bsd_host_ops.c, test_bsd_sctp.c): the five
 * flavours' backend ops, one stack per flavour opened over a recording
 * syscall table, the guard of the little-endian vectors. Include after
 * backends/bsd/bsd_int.h and file_int.h. Test code only. */
#ifndef XNET_BSD_FLAVOURS_TEST_H
#define XNET_BSD_FLAVOURS_TEST_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "xnet/conn.h"
#include "xnet/stack.h"
#include "xnet_test.h"

enum { FREEBSD, NETBSD, OPENBSD, DRAGONFLY, DARWIN, NFLAVOURS };

/* The ops of flavour fl as the library builds them on a BSD host, with
 * the SCTP layout given (NULL: SCTP refused). */
#define BSD_TEST_OPS(fl, layout)                                          \
  static int open_##fl(void *inst, const void *config) {                 \
    return xnet__bsd_open(inst, &xnet__bsd_##fl, config);                 \
  }                                                                       \
  static const xnet_backend_ops ops_##fl = {                              \
      XNET__BSD_COMMON_OPS,                                               \
      .profile = &xnet_profile_##fl,                                      \
      .sctp_layout = layout,                                              \
      .open = open_##fl,                                                  \
      .wait = xnet__posix_wait,                                           \
      .wait_many = xnet__posix_wait_many,                                 \
      .waker_open = xnet__posix_waker_open,                               \
      .waker_wake = xnet__posix_waker_wake,                               \
      .waker_close = xnet__posix_waker_close,                             \
  };

/* flavour_ops[] of the five flavours; FreeBSD's SCTP layout is
 * freebsd_sctp (the others have no kernel SCTP). */
#define BSD_TEST_FLAVOURS(freebsd_sctp)                                   \
  BSD_TEST_OPS(freebsd, freebsd_sctp)                                     \
  BSD_TEST_OPS(netbsd, NULL)                                              \
  BSD_TEST_OPS(openbsd, NULL)                                             \
  BSD_TEST_OPS(dragonfly, NULL)                                           \
  BSD_TEST_OPS(darwin, NULL)                                              \
  static const xnet_backend_ops *const flavour_ops[NFLAVOURS] = {         \
      &ops_freebsd, &ops_netbsd, &ops_openbsd, &ops_dragonfly,            \
      &ops_darwin};

static const char *const flavour_name[NFLAVOURS] = {
    "freebsd", "netbsd", "openbsd", "dragonfly", "darwin"};

/* The host's syscall table t with the suite's recorders in place of
 * socket, setsockopt, sendmsg and recvmsg (each suite defines
 * fake_socket, fake_setsockopt, fake_sendmsg and fake_recvmsg). */
#define BSD_FAKE_SYSCALLS(t)                                              \
  do {                                                                    \
    xnet__host_syscalls(&(t));                                            \
    (t).socket = fake_socket;                                             \
    (t).setsockopt = fake_setsockopt;                                     \
    (t).sendmsg = fake_sendmsg;                                           \
    (t).recvmsg = fake_recvmsg;                                           \
    (t).sendto = NULL; /* every message through the fakes */              \
    (t).recvfrom = NULL;                                                  \
  } while (0)

/* One stack per flavour, open between the suite's init and cleanup. */
static xnet_stack *stacks[NFLAVOURS];

/* Opens stacks[] on ops (flavour_ops) over the syscall table t. */
static inline int bsd_stacks_open(const xnet_backend_ops *const *ops,
                                  const xnet_posix_syscalls *t) {
  xnet_posix_config cfg = {.syscalls = t};
  for (int f = 0; f < NFLAVOURS; f++)
    if (xnet__stack_open(ops[f], &cfg, &stacks[f]) < 0) return -1;
  return 0;
}

static inline int bsd_stacks_close(void) {
  for (int f = 0; f < NFLAVOURS; f++) xnet_stack_close(stacks[f]);
  return 0;
}

/* A conn of network net (kind its address kind) at 127.0.0.1 on flavour
 * f's stack; NULL, the failure recorded, when it does not open. */
static inline xnet_conn *loopback4_conn(int f, xnet_kind kind,
                                        const char *net) {
  xnet_addr a;
  memset(&a, 0, sizeof a);
  a.kind = kind;
  xnet_ip_v4(127, 0, 0, 1, &a.ip);
  xnet_conn *c = NULL;
  int rc = xnet_listen_packet_addr(stacks[f], net, &a, &c);
  if (rc < 0) xt_fail(__LINE__, __FILE__, "listen: %s", xt_err_name(rc));
  return rc < 0 ? NULL : c;
}

/* The rest of a fake recvmsg's answer: the source ip:port (host order) as
 * a Linux sockaddr_in where a name is asked for, the first ctl_len bytes
 * of ctl as control data (as many as fit), no flags. */
static inline void fake_recv_rest(struct msghdr *m, uint32_t ip,
                                  uint16_t port, const void *ctl,
                                  size_t ctl_len) {
  if (m->msg_name && m->msg_namelen >= sizeof(struct sockaddr_in)) {
    struct sockaddr_in sin;
    memset(&sin, 0, sizeof sin);
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(ip);
    memcpy(m->msg_name, &sin, sizeof sin);
    m->msg_namelen = sizeof sin;
  }
  size_t n = ctl_len < m->msg_controllen ? ctl_len : m->msg_controllen;
  if (n) memcpy(m->msg_control, ctl, n);
  m->msg_controllen = n;
  m->msg_flags = 0;
}

static inline const char *need_little_endian(void) {
  const uint16_t one = 1;
  return *(const uint8_t *)&one == 1 ? NULL
                                     : "vectors are little-endian ints";
}

#endif /* XNET_BSD_FLAVOURS_TEST_H */
