/* test_linux_sockopt.c — which (level, option, value bytes) each portable
 * socket option puts on the wire to the kernel, seen by a recorder
 * installed in a stack's syscall table (and forwarded, so the kernel must
 * accept it too); and how option values the kernel returns are read back
 * (injected by a fake getsockopt). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include "posix_int.h"
#include "xnet/stack.h"
#include "xnet_test.h"

static xnet_stack *stack;
static const xnet_backend_ops *ops;
static void *inst;

/* What the recorder saw. */
static struct {
  int calls;
  int level, name;
  uint8_t val[64];
  size_t len;
} rec;

/* A value the fake getsockopt returns instead of asking the kernel. */
static struct {
  int on;
  uint8_t val[16];
  socklen_t len;
  int level, name; /* what it was asked for */
} fake;

static int (*real_setsockopt)(int, int, int, const void *, socklen_t);
static int (*real_getsockopt)(int, int, int, void *, socklen_t *);

static int record_setsockopt(int fd, int level, int name, const void *val,
                             socklen_t len) {
  rec.calls++;
  rec.level = level;
  rec.name = name;
  rec.len = len;
  memcpy(rec.val, val, len < sizeof rec.val ? len : sizeof rec.val);
  return real_setsockopt(fd, level, name, val, len);
}

static int fake_getsockopt(int fd, int level, int name, void *val,
                           socklen_t *len) {
  if (!fake.on) return real_getsockopt(fd, level, name, val, len);
  fake.level = level;
  fake.name = name;
  socklen_t n = fake.len < *len ? fake.len : *len;
  memcpy(val, fake.val, n);
  *len = n;
  return 0;
}

static int suite_init(void) {
  xnet_posix_syscalls t;
  xnet__host_syscalls(&t);
  real_setsockopt = t.setsockopt;
  real_getsockopt = t.getsockopt;
  t.setsockopt = record_setsockopt;
  t.getsockopt = fake_getsockopt;
  xnet_posix_config cfg = {.syscalls = &t}; /* copied at open */
  if (xnet__host_stack_open_config(&cfg, &stack) < 0) return -1;
  ops = xnet__stack_ops(stack);
  inst = xnet__stack_instance(stack);
  return 0;
}

static int suite_cleanup(void) {
  xnet_stack_close(stack);
  return 0;
}

static const char *need_little_endian(void) {
  const uint16_t one = 1;
  return *(const uint8_t *)&one == 1 ? NULL
                                     : "vectors are little-endian ints";
}

static const char *need_le_and_ipv6(void) {
  const char *why = need_little_endian();
  if (why) return why;
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) return "no IPv6 sockets here";
  close(fd);
  return NULL;
}

typedef struct option_case {
  xnet_sockopt opt;
  int value;
  int level, name; /* the host's numbers, from the system headers */
  int sock;        /* 0 TCP/IPv6; 1 Unix (SO_PASSCRED); 2 UDP/IPv6
                    * (multicast options, which TCP refuses) */
  uint8_t bytes[8];
  size_t len;
} option_case;

#define INT_BYTES(a, b, c, d) {a, b, c, d}, 4
static const option_case cases[] = {
    {XNET_SO_REUSEADDR, 1, SOL_SOCKET, SO_REUSEADDR, 0, INT_BYTES(1, 0, 0, 0)},
    {XNET_SO_REUSEPORT, 1, SOL_SOCKET, SO_REUSEPORT, 0, INT_BYTES(1, 0, 0, 0)},
    {XNET_SO_KEEPALIVE, 1, SOL_SOCKET, SO_KEEPALIVE, 0, INT_BYTES(1, 0, 0, 0)},
    /* seconds -> struct linger {l_onoff, l_linger} */
    {XNET_SO_LINGER, 0, SOL_SOCKET, SO_LINGER, 0, {1, 0, 0, 0, 0, 0, 0, 0}, 8},
    {XNET_SO_LINGER, 7, SOL_SOCKET, SO_LINGER, 0, {1, 0, 0, 0, 7, 0, 0, 0}, 8},
    {XNET_SO_LINGER, -1, SOL_SOCKET, SO_LINGER, 0, {0, 0, 0, 0, 0, 0, 0, 0}, 8},
    {XNET_SO_RCVBUF, 65536, SOL_SOCKET, SO_RCVBUF, 0, INT_BYTES(0, 0, 1, 0)},
    {XNET_SO_SNDBUF, 32768, SOL_SOCKET, SO_SNDBUF, 0, INT_BYTES(0, 0x80, 0, 0)},
    {XNET_SO_BROADCAST, 1, SOL_SOCKET, SO_BROADCAST, 0, INT_BYTES(1, 0, 0, 0)},
    {XNET_SO_PASSCRED, 1, SOL_SOCKET, SO_PASSCRED, 1, INT_BYTES(1, 0, 0, 0)},
    {XNET_TCP_NODELAY, 1, IPPROTO_TCP, TCP_NODELAY, 0, INT_BYTES(1, 0, 0, 0)},
    {XNET_TCP_KEEPIDLE, 30, IPPROTO_TCP, TCP_KEEPIDLE, 0,
     INT_BYTES(30, 0, 0, 0)},
    {XNET_TCP_KEEPINTVL, 10, IPPROTO_TCP, TCP_KEEPINTVL, 0,
     INT_BYTES(10, 0, 0, 0)},
    {XNET_TCP_KEEPCNT, 4, IPPROTO_TCP, TCP_KEEPCNT, 0, INT_BYTES(4, 0, 0, 0)},
    {XNET_IPV6_V6ONLY, 1, IPPROTO_IPV6, IPV6_V6ONLY, 0, INT_BYTES(1, 0, 0, 0)},
    {XNET_IP_MULTICAST_LOOP, 0, IPPROTO_IP, IP_MULTICAST_LOOP, 2,
     INT_BYTES(0, 0, 0, 0)},
    {XNET_IPV6_MULTICAST_IF, 0, IPPROTO_IPV6, IPV6_MULTICAST_IF, 2,
     INT_BYTES(0, 0, 0, 0)},
    {XNET_IPV6_MULTICAST_LOOP, 1, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 2,
     INT_BYTES(1, 0, 0, 0)},
    {XNET_SO_RCVBUFFORCE, 65536, SOL_SOCKET, SO_RCVBUFFORCE, 0,
     INT_BYTES(0, 0, 1, 0)},
    {XNET_SO_SNDBUFFORCE, 65536, SOL_SOCKET, SO_SNDBUFFORCE, 0,
     INT_BYTES(0, 0, 1, 0)},
};
#undef INT_BYTES
#define NCASES (sizeof cases / sizeof cases[0])

static void test_linux_sockopt_every_option_has_a_vector(void) {
  for (int opt = 1; opt < XNET_SOCKOPT__MAX; opt++) {
    if (opt == XNET_SO_ERROR || opt == XNET_SO_TYPE) continue; /* get-only */
    /* Set through ops->setsockopt_group, whose bytes core.multicast checks. */
    if (opt == XNET_IP_MULTICAST_IF || opt == XNET_IP_MCAST_JOIN_GROUP ||
        opt == XNET_IPV6_MCAST_JOIN_GROUP || opt == XNET_IP_MCAST_LEAVE_GROUP ||
        opt == XNET_IPV6_MCAST_LEAVE_GROUP)
      continue;
    size_t i = 0;
    while (i < NCASES && (int)cases[i].opt != opt) i++;
    XT_ASSERT(i < NCASES);
  }
}

static void test_linux_sockopt_set_issues_exact_bytes(void) {
  int socks[3];
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET6, XNET_SOCK_STREAM, 0, &socks[0]));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_UNIX, XNET_SOCK_STREAM, 0, &socks[1]));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET6, XNET_SOCK_DGRAM, 0, &socks[2]));
  for (size_t i = 0; i < NCASES; i++) {
    const option_case *c = &cases[i];
    memset(&rec, 0, sizeof rec);
    int rc = ops->setsockopt(inst, socks[c->sock], c->opt, c->value);
    if (rc != 0) {
      xt_fail(__LINE__, __FILE__, "case %zu (option %d): %s", i, (int)c->opt,
              xt_err_name(rc));
      break;
    }
    XT_ASSERT_INT_EQ(rec.calls, 1);
    XT_ASSERT_INT_EQ(rec.level, c->level);
    XT_ASSERT_INT_EQ(rec.name, c->name);
    XT_ASSERT_MEM_EQ(rec.val, rec.len, c->bytes, c->len);
  }
  for (int i = 0; i < 3; i++) ops->close(inst, socks[i]);
}

static void test_linux_sockopt_rejected_options_issue_nothing(void) {
  int s;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &s));
  memset(&rec, 0, sizeof rec);
  int e1 = ops->setsockopt(inst, s, XNET_SO_ERROR, 0);
  int e2 = ops->setsockopt(inst, s, XNET_SO_TYPE, 1);
  int e3 = ops->setsockopt(inst, s, (xnet_sockopt)0, 1);
  int e4 = ops->setsockopt(inst, s, XNET_SOCKOPT__MAX, 1);
  int e5 = ops->setsockopt(inst, s, (xnet_sockopt)-3, 1);
  ops->close(inst, s);
  XT_ASSERT_ERR(e1, XNET_EINVAL);
  XT_ASSERT_ERR(e2, XNET_EINVAL);
  XT_ASSERT_ERR(e3, XNET_EINVAL);
  XT_ASSERT_ERR(e4, XNET_EINVAL);
  XT_ASSERT_ERR(e5, XNET_EINVAL);
  XT_ASSERT_INT_EQ(rec.calls, 0);
}

static void test_linux_sockopt_raw_passes_bytes_through(void) {
  int s;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &s));
  memset(&rec, 0, sizeof rec);
  const uint8_t ttl[4] = {64, 0, 0, 0};
  int rc = ops->setsockopt_raw(inst, s, IPPROTO_IP, IP_TTL, ttl, sizeof ttl);
  ops->close(inst, s);
  XT_ASSERT_OK(rc);
  XT_ASSERT_INT_EQ(rec.level, IPPROTO_IP);
  XT_ASSERT_INT_EQ(rec.name, IP_TTL);
  XT_ASSERT_MEM_EQ(rec.val, rec.len, ttl, sizeof ttl);
}

/* ops->setsockopt_group leaves a group with MCAST_LEAVE_GROUP and the same
 * struct group_req as the join (the kernel, which gets both, finds the
 * membership; a second leave finds none), for both families on lo. */
static void group_join_leave(int family, const uint8_t *group, size_t glen) {
  int lo = (int)if_nametoindex("lo");
  XT_ASSERT(lo > 0);
  int s;
  XT_ASSERT_OK(ops->socket(inst, family, XNET_SOCK_DGRAM, 0, &s));
  xnet_sockaddr g;
  memset(&g, 0, sizeof g);
  g.family = (uint8_t)family;
  g.ip.len = (uint8_t)glen;
  memcpy(g.ip.bytes, group, glen);
  bool v4 = family == XNET_AF_INET;
  xnet_sockopt join = v4 ? XNET_IP_MCAST_JOIN_GROUP : XNET_IPV6_MCAST_JOIN_GROUP;
  xnet_sockopt leave =
      v4 ? XNET_IP_MCAST_LEAVE_GROUP : XNET_IPV6_MCAST_LEAVE_GROUP;
  XT_ASSERT_OK(ops->setsockopt_group(inst, s, join, lo, &g));
  memset(&rec, 0, sizeof rec);
  XT_ASSERT_OK(ops->setsockopt_group(inst, s, leave, lo, &g));
  struct group_req want;
  memset(&want, 0, sizeof want);
  want.gr_interface = (uint32_t)lo;
  if (v4) {
    struct sockaddr_in *sin = (struct sockaddr_in *)&want.gr_group;
    sin->sin_family = AF_INET;
    memcpy(&sin->sin_addr, group, 4);
  } else {
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&want.gr_group;
    sin6->sin6_family = AF_INET6;
    memcpy(&sin6->sin6_addr, group, 16);
  }
  XT_ASSERT_INT_EQ(rec.calls, 1);
  XT_ASSERT_INT_EQ(rec.level, v4 ? IPPROTO_IP : IPPROTO_IPV6);
  XT_ASSERT_INT_EQ(rec.name, MCAST_LEAVE_GROUP);
  XT_ASSERT_UINT_EQ(rec.len, sizeof want);
  XT_ASSERT(memcmp(rec.val, &want, sizeof rec.val) == 0);
  /* Left already: the kernel's own answer. */
  XT_ASSERT_ERR(ops->setsockopt_group(inst, s, leave, lo, &g),
                XNET_EADDRNOTAVAIL);
  /* A group of the other family, or none: nothing issued. */
  memset(&rec, 0, sizeof rec);
  xnet_sockaddr other = g;
  other.family = v4 ? XNET_AF_INET6 : XNET_AF_INET;
  XT_ASSERT_ERR(ops->setsockopt_group(inst, s, leave, lo, &other),
                XNET_EINVAL);
  XT_ASSERT_ERR(ops->setsockopt_group(inst, s, leave, lo, NULL), XNET_EINVAL);
  XT_ASSERT_INT_EQ(rec.calls, 0);
  ops->close(inst, s);
}

static void test_linux_sockopt_group_leave_ipv4(void) {
  const uint8_t g[4] = {239, 255, 0, 7};
  group_join_leave(XNET_AF_INET, g, 4);
}

static void test_linux_sockopt_group_leave_ipv6(void) {
  const uint8_t g[16] = {0xff, 0x12, 0, 0, 0, 0, 0, 0,
                         0,    0,    0, 0, 0, 0, 0, 7};
  group_join_leave(XNET_AF_INET6, g, 16);
}

/* Reads a faked kernel value for opt as the backend converts it. */
static int read_back(xnet_sockopt opt, const void *val, socklen_t len,
                     int *out) {
  int s = -1;
  int rc = ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &s);
  if (rc < 0) return rc;
  memcpy(fake.val, val, len);
  fake.len = len;
  fake.on = 1;
  rc = ops->getsockopt(inst, s, opt, out);
  fake.on = 0;
  ops->close(inst, s);
  return rc;
}

static void test_linux_sockopt_get_converts_kernel_values(void) {
  int v = 0, e = ECONNREFUSED;
  XT_ASSERT_OK(read_back(XNET_SO_ERROR, &e, sizeof e, &v));
  XT_ASSERT_INT_EQ(fake.level, SOL_SOCKET);
  XT_ASSERT_INT_EQ(fake.name, SO_ERROR);
  XT_ASSERT_ERR(v, XNET_ECONNREFUSED);
  /* A BSD kernel answers a boolean with its flag bit (SO_REUSEADDR 4). */
  int bit = 4;
  XT_ASSERT_OK(read_back(XNET_SO_REUSEADDR, &bit, sizeof bit, &v));
  XT_ASSERT_INT_EQ(v, 1);
  int type = SOCK_DGRAM;
  XT_ASSERT_OK(read_back(XNET_SO_TYPE, &type, sizeof type, &v));
  XT_ASSERT_INT_EQ(v, XNET_SOCK_DGRAM);
  struct linger on = {1, 9}, off = {0, 9};
  XT_ASSERT_OK(read_back(XNET_SO_LINGER, &on, sizeof on, &v));
  XT_ASSERT_INT_EQ(v, 9);
  XT_ASSERT_OK(read_back(XNET_SO_LINGER, &off, sizeof off, &v));
  XT_ASSERT_INT_EQ(v, -1);
  int big = 212992; /* a non-boolean passes unchanged */
  XT_ASSERT_OK(read_back(XNET_SO_RCVBUF, &big, sizeof big, &v));
  XT_ASSERT_INT_EQ(v, 212992);
}

static void test_linux_sockopt_connect_result_reports_pending_error(void) {
  int e = ETIMEDOUT, s;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &s));
  memcpy(fake.val, &e, sizeof e);
  fake.len = sizeof e;
  fake.on = 1;
  int rc = ops->connect_result(inst, s);
  fake.on = 0;
  int rc0 = ops->connect_result(inst, s); /* the real one: no error */
  ops->close(inst, s);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT_OK(rc0);
}

XT_SUITE(backends, linux_sockopt, suite_init, suite_cleanup,
         XT_TEST(test_linux_sockopt_every_option_has_a_vector),
         XT_TEST_IF(test_linux_sockopt_set_issues_exact_bytes,
                    need_le_and_ipv6),
         XT_TEST(test_linux_sockopt_rejected_options_issue_nothing),
         XT_TEST(test_linux_sockopt_group_leave_ipv4),
         XT_TEST_IF(test_linux_sockopt_group_leave_ipv6, need_le_and_ipv6),
         XT_TEST_IF(test_linux_sockopt_raw_passes_bytes_through,
                    need_little_endian),
         XT_TEST(test_linux_sockopt_get_converts_kernel_values),
         XT_TEST(test_linux_sockopt_connect_result_reports_pending_error));
