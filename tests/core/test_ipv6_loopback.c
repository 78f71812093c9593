/* test_ipv6_loopback.c — the basic conn behaviours over ::1 that the other
 * suites check on 127.0.0.1: UDP read_from / write_to with the sender's
 * address, a TCP half-close, a read deadline, and close waking a blocked
 * read. Each test is skipped where ::1 cannot be bound. */
#include <pthread.h>
#include <string.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet_test.h"

static const char *need_ipv6(void) { return ctu_need_ipv6(); }

/* Whether two addresses are the same kind, IP and port. */
static bool same_addr(const xnet_addr *a, const xnet_addr *b) {
  char ta[XNET_ADDR_STRLEN], tb[XNET_ADDR_STRLEN];
  xnet_addr_format(a, ta, sizeof ta);
  xnet_addr_format(b, tb, sizeof tb);
  return a->kind == b->kind && strcmp(ta, tb) == 0;
}

static void test_ipv6_loopback_udp_read_from_write_to_both_ways(void) {
  int fds = ctu_count_fds();
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_listen_packet("udp6", "[::1]:0", &a));
  XT_ASSERT_OK(xnet_listen_packet("udp6", "[::1]:0", &b));
  xnet_addr aa, ba;
  XT_ASSERT_OK(xnet_conn_local_addr(a, &aa));
  XT_ASSERT_OK(xnet_conn_local_addr(b, &ba));
  XT_ASSERT_INT_EQ(aa.kind, XNET_KIND_UDP);
  XT_ASSERT(aa.port != 0 && ba.port != 0 && aa.port != ba.port);
  /* A lost datagram must not hang the suite. */
  XT_ASSERT_OK(xnet_conn_set_read_deadline(a, xnet_deadline_in(NULL, 5 * XNET_SECOND)));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(b, xnet_deadline_in(NULL, 5 * XNET_SECOND)));

  XT_ASSERT_INT_EQ(xnet_conn_write_to(a, "ping", 4, &ba), 4);
  char buf[16];
  xnet_addr from;
  memset(&from, 0, sizeof from);
  XT_ASSERT_INT_EQ(xnet_conn_read_from(b, buf, sizeof buf, &from), 4);
  XT_ASSERT_MEM_EQ(buf, 4, "ping", 4);
  XT_ASSERT(same_addr(&from, &aa)); /* [::1]:<a's port>, kind UDP */
  char text[XNET_ADDR_STRLEN];
  xnet_ip_format(&from.ip, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "::1");

  /* Back to the address read_from reported. */
  XT_ASSERT_INT_EQ(xnet_conn_write_to(b, "pong!", 5, &from), 5);
  memset(&from, 0, sizeof from);
  XT_ASSERT_INT_EQ(xnet_conn_read_from(a, buf, sizeof buf, &from), 5);
  XT_ASSERT_MEM_EQ(buf, 5, "pong!", 5);
  XT_ASSERT(same_addr(&from, &ba));

  XT_ASSERT_OK(xnet_conn_close(a));
  XT_ASSERT_OK(xnet_conn_close(b));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

/* A tcp6 pair: *c dialled, *p accepted. */
static int tcp6_pair(xnet_listener **l, xnet_conn **c, xnet_conn **p) {
  int rc = xnet_listen("tcp6", "[::1]:0", l);
  if (rc < 0) return rc;
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(*l, addr, sizeof addr);
  if ((rc = xnet_dial("tcp6", addr, c)) < 0) return rc;
  return xnet_listener_accept(*l, p);
}

static void test_ipv6_loopback_tcp_half_close(void) {
  int fds = ctu_count_fds();
  xnet_listener *l;
  xnet_conn *c, *p;
  XT_ASSERT_OK(tcp6_pair(&l, &c, &p));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, 5 * XNET_SECOND)));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(p, xnet_deadline_in(NULL, 5 * XNET_SECOND)));
  xnet_addr ra;
  XT_ASSERT_OK(xnet_conn_remote_addr(c, &ra));
  char text[XNET_ADDR_STRLEN];
  xnet_ip_format(&ra.ip, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "::1");

  XT_ASSERT_INT_EQ(xnet_conn_write(c, "request", 7), 7);
  XT_ASSERT_OK(xnet_conn_close_write(c));
  /* The peer reads everything, then end of stream (not a timeout). */
  char buf[32];
  size_t got = 0;
  int n;
  while ((n = xnet_conn_read(p, buf + got, sizeof buf - got)) > 0)
    got += (size_t)n;
  XT_ASSERT_INT_EQ(n, 0);
  XT_ASSERT_MEM_EQ(buf, got, "request", 7);
  /* Its write side is still open, and ours still reads. */
  XT_ASSERT_INT_EQ(xnet_conn_write(p, "reply", 5), 5);
  got = 0;
  while (got < 5 && (n = xnet_conn_read(c, buf + got, sizeof buf - got)) > 0)
    got += (size_t)n;
  XT_ASSERT_MEM_EQ(buf, got, "reply", 5);
  /* Writing after close_write fails. */
  XT_ASSERT(xnet_conn_write(c, "x", 1) < 0);
  XT_ASSERT_OK(xnet_conn_close(p));
  XT_ASSERT_INT_EQ(xnet_conn_read(c, buf, sizeof buf), 0);
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_ipv6_loopback_udp_read_deadline(void) {
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_packet("udp6", "[::1]:0", &c));
  int64_t t0 = ctu_now_ns();
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, 50 * XNET_MILLISECOND)));
  char buf[16];
  xnet_addr from;
  int rc = xnet_conn_read_from(c, buf, sizeof buf, &from);
  int64_t elapsed = ctu_now_ns() - t0;
  xnet_conn_close(c);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  if (elapsed < 50 * XNET_MILLISECOND || elapsed >= 150 * XNET_MILLISECOND)
    xt_fail(__LINE__, __FILE__, "timed out after %lld ms, want [50,150)",
            (long long)(elapsed / XNET_MILLISECOND));
}

typedef struct {
  xnet_conn *c;
  int rc;
} blocked_read;

static void *block_read(void *arg) {
  blocked_read *b = arg;
  char buf[16];
  b->rc = xnet_conn_read(b->c, buf, sizeof buf);
  return NULL;
}

#define WAKE_ITERATIONS 100

static void test_ipv6_loopback_close_wakes_blocked_tcp_read(void) {
  int fds = ctu_count_fds();
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp6", "[::1]:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  for (int i = 0; i < WAKE_ITERATIONS; i++) {
    blocked_read b = {0};
    xnet_conn *peer;
    XT_ASSERT_OK(xnet_dial("tcp6", addr, &b.c));
    XT_ASSERT_OK(xnet_listener_accept(l, &peer));
    pthread_t t;
    pthread_create(&t, NULL, block_read, &b);
    /* The peer sends nothing: once busy, the read is in (or entering) its
     * wait, and only close can end it. */
    ctu_wait_blocked(&b.c->pd, XNET__READ);
    XT_ASSERT_OK(xnet_conn_close(b.c));
    pthread_join(t, NULL);
    xnet_conn_close(peer);
    XT_ASSERT_ERR(b.rc, XNET_ECLOSED);
  }
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

XT_SUITE(core, ipv6_loopback, NULL, NULL,
         XT_TEST_IF(test_ipv6_loopback_udp_read_from_write_to_both_ways,
                    need_ipv6),
         XT_TEST_IF(test_ipv6_loopback_tcp_half_close, need_ipv6),
         XT_TEST_IF(test_ipv6_loopback_udp_read_deadline, need_ipv6),
         XT_TEST_IF(test_ipv6_loopback_close_wakes_blocked_tcp_read,
                    need_ipv6));
