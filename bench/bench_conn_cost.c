/* bench_conn_cost.c — xnet's own cost per datagram call, with the system
 * calls taken out: the host backend runs over a syscall table whose sendto
 * and recvfrom return at once (a 64-byte datagram from 127.0.0.1:9). What
 * is left is the library's work around the call: locking out close, the
 * deadline check, the address conversions, the backend dispatch.
 *   net.cost.write_to    ns per xnet_conn_write_to
 *   net.cost.read_from   ns per xnet_conn_read_from
 * No baseline: a raw program's share of this work is zero. bench_net's
 * ratios carry it in; this figure says how much of them it is. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "posix_int.h"
#include "xnet/conn.h"
#include "xnet/stack.h"

static ssize_t instant_sendto(int fd, const void *buf, size_t n, int flags,
                              const struct sockaddr *sa, socklen_t len) {
  (void)fd, (void)buf, (void)flags, (void)sa, (void)len;
  return (ssize_t)n;
}

static ssize_t instant_recvfrom(int fd, void *buf, size_t n, int flags,
                                struct sockaddr *sa, socklen_t *len) {
  (void)fd, (void)flags;
  struct sockaddr_in from = {.sin_family = AF_INET, .sin_port = htons(9),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  memcpy(sa, &from, sizeof from);
  *len = sizeof from;
  size_t got = n < 64 ? n : 64;
  memset(buf, 'x', got);
  return (ssize_t)got;
}

typedef struct {
  xnet_conn *c;
  xnet_addr peer;
  char buf[64];
} cost_ctx;

static void one_write_to(void *arg) {
  cost_ctx *k = arg;
  if (xnet_conn_write_to(k->c, k->buf, sizeof k->buf, &k->peer) < 0) abort();
}

static void one_read_from(void *arg) {
  cost_ctx *k = arg;
  if (xnet_conn_read_from(k->c, k->buf, sizeof k->buf, &k->peer) < 0) abort();
  BENCH_KEEP(k->peer.port);
}

int main(void) {
  static xnet_posix_syscalls sys;
  xnet__host_syscalls(&sys);
  sys.sendto = instant_sendto;
  sys.recvfrom = instant_recvfrom;
  xnet_posix_config cfg = {.syscalls = &sys};
  xnet_stack *s;
  if (xnet__host_stack_open_config(&cfg, &s) < 0) abort();
  xnet_listen_config lc = {.stack = s};
  cost_ctx k;
  memset(&k, 0, sizeof k);
  if (xnet_listen_config_listen_packet(&lc, "udp4", "127.0.0.1:0", &k.c) < 0)
    abort();
  xnet_conn_local_addr(k.c, &k.peer);
  bench_print("net.cost.write_to", bench_ns_per_op(one_write_to, &k, 2e8),
              "ns/op");
  bench_print("net.cost.read_from", bench_ns_per_op(one_read_from, &k, 2e8),
              "ns/op");
  xnet_conn_close(k.c);
  xnet_stack_close(s);
  return 0;
}
