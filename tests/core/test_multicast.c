/* test_multicast.c — ListenMulticastUDP: argument errors before any system
 * call, the exact options and bind a recorder sees (joins on lo only, or
 * swallowed), and datagrams to a group received over a veth pair in a
 * private namespace — while a unicast datagram to the port is not (the
 * socket is bound to the group). */
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core_test_util.h"
#include "netns_test_util.h"
#include "posix_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

/* ---- a recorder stack ---- */

typedef struct rec_opt {
  int level, name;
  uint8_t val[160];
  socklen_t len;
} rec_opt;

static xnet_posix_syscalls real;
static rec_opt opts[32];
static int nopts, nsockets;
static struct sockaddr_storage bound;
static socklen_t bound_len;
static bool swallow_joins; /* record MCAST_JOIN_GROUP without making it */

static int rec_socket(int domain, int type, int protocol) {
  nsockets++;
  return real.socket(domain, type, protocol);
}

static int rec_setsockopt(int fd, int level, int name, const void *val,
                          socklen_t len) {
  if (nopts < 32 && len <= sizeof opts[0].val) {
    opts[nopts].level = level;
    opts[nopts].name = name;
    memcpy(opts[nopts].val, val, len);
    opts[nopts].len = len;
    nopts++;
  }
  if (swallow_joins && name == MCAST_JOIN_GROUP) return 0;
  return real.setsockopt(fd, level, name, val, len);
}

static int rec_bind(int fd, const struct sockaddr *sa, socklen_t len) {
  memcpy(&bound, sa, len);
  bound_len = len;
  return real.bind(fd, sa, len);
}

static xnet_stack *recorder(void) {
  xnet__host_syscalls(&real);
  xnet_posix_syscalls t = real;
  t.socket = rec_socket;
  t.setsockopt = rec_setsockopt;
  t.bind = rec_bind;
  xnet_posix_config cfg = {.syscalls = &t};
  xnet_stack *s = NULL;
  nopts = nsockets = 0;
  bound_len = 0;
  swallow_joins = false;
  return xnet__host_stack_open_config(&cfg, &s) == 0 ? s : NULL;
}

static xnet_addr group(const char *ip, uint16_t port) {
  xnet_addr a;
  memset(&a, 0, sizeof a);
  a.kind = XNET_KIND_UDP;
  a.port = port;
  if (xnet_ip_parse(ip, strlen(ip), &a.ip) < 0) a.kind = XNET_KIND_NONE;
  return a;
}

/* Whether recorded option i is (level, name) with exactly these bytes. */
static bool opt_is(int i, int level, int name, const void *val, size_t len) {
  return i < nopts && opts[i].level == level && opts[i].name == name &&
         opts[i].len == len && memcmp(opts[i].val, val, len) == 0;
}

static const char *need_ipv6(void) { return ctu_need_ipv6(); }

/* ---- errors before any system call ---- */

static void test_multicast_rejects_before_any_syscall(void) {
  xnet_stack *s = recorder();
  XT_ASSERT(s != NULL);
  xnet_interface lo;
  XT_ASSERT_OK(xnet_interface_by_name(s, "lo", &lo));
  nsockets = 0; /* the lookup's own socket (the MTU ioctl) */
  xnet_conn *c = (xnet_conn *)&lo; /* must be reset to NULL */
  xnet_addr unicast = group("10.0.0.1", 5000);
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "udp4", &lo, &unicast, &c),
                XNET_EBADADDR);
  XT_ASSERT(c == NULL);
  const xnet_op_error *e = xnet_last_error();
  XT_ASSERT_STR_EQ(e->op, "listen");
  XT_ASSERT_STR_EQ(e->net, "udp4");
  char text[128];
  xnet_op_error_format(e, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "listen udp4 10.0.0.1:5000: invalid address");
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "udp", &lo, NULL, &c),
                XNET_EBADADDR);
  xnet_addr nil = {.kind = XNET_KIND_UDP, .port = 5000};
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "udp", &lo, &nil, &c),
                XNET_EBADADDR);
  xnet_addr tcp = group("239.1.1.1", 5000);
  tcp.kind = XNET_KIND_TCP;
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "udp", &lo, &tcp, &c),
                XNET_EBADADDR);
  xnet_addr g4 = group("239.1.1.1", 5000), g6 = group("ff12::1", 5000);
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "tcp", &lo, &g4, &c),
                XNET_EUNKNOWNNET);
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "udp7", &lo, &g4, &c),
                XNET_EUNKNOWNNET);
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "udp4", &lo, &g6, &c),
                XNET_ENOSUITABLEADDR);
  XT_ASSERT_ERR(xnet_listen_multicast_udp(s, "udp6", &lo, &g4, &c),
                XNET_ENOSUITABLEADDR);
  XT_ASSERT_INT_EQ(nsockets, 0);
  XT_ASSERT_INT_EQ(nopts, 0);
  xnet_stack_close(s);
}

/* ---- what the socket is told ---- */

static void test_multicast_ipv4_options_bind_and_join(void) {
  xnet_stack *s = recorder();
  XT_ASSERT(s != NULL);
  xnet_interface lo;
  XT_ASSERT_OK(xnet_interface_by_name(s, "lo", &lo));
  xnet_addr g = group("239.255.0.9", 0);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_multicast_udp(s, "udp4", &lo, &g, &c));
  const int one = 1, zero = 0;
  XT_ASSERT(opt_is(0, SOL_SOCKET, SO_BROADCAST, &one, sizeof one));
  XT_ASSERT(opt_is(1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
  struct ip_mreqn mreqn;
  memset(&mreqn, 0, sizeof mreqn);
  mreqn.imr_ifindex = lo.index;
  XT_ASSERT(opt_is(2, IPPROTO_IP, IP_MULTICAST_IF, &mreqn, sizeof mreqn));
  XT_ASSERT(opt_is(3, IPPROTO_IP, IP_MULTICAST_LOOP, &zero, sizeof zero));
  struct group_req gr;
  memset(&gr, 0, sizeof gr);
  gr.gr_interface = (uint32_t)lo.index;
  struct sockaddr_in sin = {.sin_family = AF_INET};
  memcpy(&sin.sin_addr, (const uint8_t[]){239, 255, 0, 9}, 4);
  memcpy(&gr.gr_group, &sin, sizeof sin);
  XT_ASSERT(opt_is(4, IPPROTO_IP, MCAST_JOIN_GROUP, &gr, sizeof gr));
  XT_ASSERT_INT_EQ(nopts, 5);
  /* Bound to the group, port 0 (the kernel's choice). */
  XT_ASSERT_UINT_EQ(bound_len, sizeof sin);
  XT_ASSERT_MEM_EQ(&bound, sizeof sin, &sin, sizeof sin);
  xnet_addr la;
  XT_ASSERT_OK(xnet_conn_local_addr(c, &la));
  XT_ASSERT(xnet_ip_equal(&la.ip, &g.ip));
  XT_ASSERT(la.port != 0);
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_UDP);
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(s);
}

static void test_multicast_ipv6_options_bind_and_join(void) {
  xnet_stack *s = recorder();
  XT_ASSERT(s != NULL);
  xnet_interface lo;
  XT_ASSERT_OK(xnet_interface_by_name(s, "lo", &lo));
  xnet_addr g = group("ff12::9", 0); /* link-local scope: needs lo */
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_multicast_udp(s, "udp6", &lo, &g, &c));
  const int one = 1, zero = 0, index = lo.index;
  XT_ASSERT(opt_is(0, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
  XT_ASSERT(opt_is(1, SOL_SOCKET, SO_BROADCAST, &one, sizeof one));
  XT_ASSERT(opt_is(2, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
  XT_ASSERT(opt_is(3, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index, sizeof index));
  XT_ASSERT(opt_is(4, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &zero, sizeof zero));
  struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
  sin6.sin6_addr.s6_addr[0] = 0xff;
  sin6.sin6_addr.s6_addr[1] = 0x12;
  sin6.sin6_addr.s6_addr[15] = 9;
  struct group_req gr;
  memset(&gr, 0, sizeof gr);
  gr.gr_interface = (uint32_t)lo.index;
  memcpy(&gr.gr_group, &sin6, sizeof sin6);
  XT_ASSERT(opt_is(5, IPPROTO_IPV6, MCAST_JOIN_GROUP, &gr, sizeof gr));
  XT_ASSERT_INT_EQ(nopts, 6);
  sin6.sin6_scope_id = (uint32_t)lo.index; /* the bind carries the scope */
  XT_ASSERT_UINT_EQ(bound_len, sizeof sin6);
  XT_ASSERT_MEM_EQ(&bound, sizeof sin6, &sin6, sizeof sin6);
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(s);
}

static void test_multicast_without_interface_lets_the_system_choose(void) {
  xnet_stack *s = recorder();
  XT_ASSERT(s != NULL);
  swallow_joins = true; /* the system's choice is a real interface */
  xnet_addr g = group("239.255.0.10", 0);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_multicast_udp(s, "udp", NULL, &g, &c));
  const int one = 1, zero = 0;
  XT_ASSERT(opt_is(0, SOL_SOCKET, SO_BROADCAST, &one, sizeof one));
  XT_ASSERT(opt_is(1, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
  /* No IP_MULTICAST_IF; the join names interface 0. */
  XT_ASSERT(opt_is(2, IPPROTO_IP, IP_MULTICAST_LOOP, &zero, sizeof zero));
  struct group_req gr;
  memset(&gr, 0, sizeof gr);
  struct sockaddr_in sin = {.sin_family = AF_INET};
  memcpy(&sin.sin_addr, (const uint8_t[]){239, 255, 0, 10}, 4);
  memcpy(&gr.gr_group, &sin, sizeof sin);
  XT_ASSERT(opt_is(3, IPPROTO_IP, MCAST_JOIN_GROUP, &gr, sizeof gr));
  XT_ASSERT_INT_EQ(nopts, 4);
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(s);
}

static void test_multicast_gone_interface_fails_cleanly(void) {
  xnet_stack *s = recorder();
  XT_ASSERT(s != NULL);
  int fds = ctu_count_fds();
  xnet_interface gone = {.index = 0x7ffffff0};
  xnet_addr g = group("239.255.0.11", 0);
  xnet_conn *c;
  int rc = xnet_listen_multicast_udp(s, "udp4", &gone, &g, &c);
  XT_ASSERT(rc < 0);
  XT_ASSERT(c == NULL);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds); /* the socket was closed */
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "listen");
  xnet_stack_close(s);
}

/* ---- traffic inside a namespace ---- */

static const char *wait_running(char *msg, size_t cap, xnet_interface *xa) {
  for (int i = 0; i < 300; i++) {
    if (xnet_interface_by_name(NULL, "xa", xa) == 0 &&
        (xa->flags & XNET_IFF_RUNNING))
      return NULL;
    ctu_sleep_ms(10);
  }
  snprintf(msg, cap, "xa did not come up");
  return msg;
}

/* Reads one datagram with a deadline ms from now. */
static int read_within(xnet_conn *c, int ms, char *buf, size_t n,
                       xnet_addr *from) {
  xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, ms * XNET_MILLISECOND));
  return xnet_conn_read_from(c, buf, n, from);
}

static const char *check_ipv4_group_traffic(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_interface xa;
  const char *err = wait_running(msg, cap, &xa);
  if (err) return err;
  xnet_addr g = group("239.1.2.3", 0), la;
  xnet_conn *c1, *c2;
  NTU_CHECK_INT(xnet_listen_multicast_udp(NULL, "udp4", &xa, &g, &c1), 0);
  NTU_CHECK_INT(xnet_conn_local_addr(c1, &la), 0);
  g.port = la.port;
  /* SO_REUSEADDR: a second listener shares the group and port. */
  NTU_CHECK_INT(xnet_listen_multicast_udp(NULL, "udp", &xa, &g, &c2), 0);

  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  NTU_CHECK(tx >= 0);
  struct ip_mreqn m = {.imr_ifindex = xa.index};
  NTU_CHECK_INT(setsockopt(tx, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m), 0);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(g.port)};
  memcpy(&to.sin_addr, (const uint8_t[]){239, 1, 2, 3}, 4);
  NTU_CHECK_INT(sendto(tx, "hello", 5, 0, (struct sockaddr *)&to, sizeof to),
                5);
  char buf[32], text[XNET_ADDR_STRLEN];
  xnet_addr from;
  NTU_CHECK_INT(read_within(c1, 2000, buf, sizeof buf, &from), 5);
  NTU_CHECK(memcmp(buf, "hello", 5) == 0);
  xnet_ip_format(&from.ip, text, sizeof text);
  NTU_CHECK_STR(text, "10.200.0.1");
  NTU_CHECK_INT(read_within(c2, 2000, buf, sizeof buf, &from), 5);

  /* A unicast datagram to the port is not the group's: not received. */
  struct sockaddr_in uni = {.sin_family = AF_INET, .sin_port = htons(g.port)};
  memcpy(&uni.sin_addr, (const uint8_t[]){10, 200, 0, 1}, 4);
  NTU_CHECK_INT(sendto(tx, "unicast", 7, 0, (struct sockaddr *)&uni,
                       sizeof uni),
                7);
  NTU_CHECK_INT(read_within(c1, 200, buf, sizeof buf, &from), XNET_ETIMEDOUT);
  close(tx);
  xnet_conn_close(c1);
  xnet_conn_close(c2);
  return NULL;
}

static const char *check_ipv6_group_traffic(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_interface xa;
  const char *err = wait_running(msg, cap, &xa);
  if (err) return err;
  xnet_addr g = group("ff12::1:2:3", 0), la;
  xnet_conn *c;
  NTU_CHECK_INT(xnet_listen_multicast_udp(NULL, "udp6", &xa, &g, &c), 0);
  NTU_CHECK_INT(xnet_conn_local_addr(c, &la), 0);
  char text[XNET_ADDR_STRLEN];
  xnet_ip_format(&la.ip, text, sizeof text);
  NTU_CHECK_STR(text, "ff12::1:2:3%xa"); /* bound with xa as its scope */

  int tx = socket(AF_INET6, SOCK_DGRAM, 0);
  NTU_CHECK(tx >= 0);
  int index = xa.index;
  NTU_CHECK_INT(setsockopt(tx, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index,
                           sizeof index),
                0);
  struct sockaddr_in6 to = {.sin6_family = AF_INET6,
                            .sin6_port = htons(la.port),
                            .sin6_scope_id = (uint32_t)index};
  memcpy(&to.sin6_addr, &g.ip.bytes, 16);
  NTU_CHECK_INT(sendto(tx, "hello6", 6, 0, (struct sockaddr *)&to, sizeof to),
                6);
  char buf[32];
  xnet_addr from;
  NTU_CHECK_INT(read_within(c, 2000, buf, sizeof buf, &from), 6);
  NTU_CHECK(memcmp(buf, "hello6", 6) == 0);
  close(tx);
  xnet_conn_close(c);
  return NULL;
}

static void test_multicast_ipv4_group_traffic_in_namespace(void) {
  ntu_run_checks("mc4", check_ipv4_group_traffic);
}

static void test_multicast_ipv6_group_traffic_in_namespace(void) {
  ntu_run_checks("mc6", check_ipv6_group_traffic);
}

XT_SUITE(core, multicast, NULL, NULL,
         XT_TEST(test_multicast_rejects_before_any_syscall),
         XT_TEST(test_multicast_ipv4_options_bind_and_join),
         XT_TEST_IF(test_multicast_ipv6_options_bind_and_join, need_ipv6),
         XT_TEST(test_multicast_without_interface_lets_the_system_choose),
         XT_TEST(test_multicast_gone_interface_fails_cleanly),
         XT_TEST_IF(test_multicast_ipv4_group_traffic_in_namespace,
                    ntu_need_netns),
         XT_TEST_IF(test_multicast_ipv6_group_traffic_in_namespace,
                    ntu_need_netns));
