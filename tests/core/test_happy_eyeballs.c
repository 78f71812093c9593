/* test_happy_eyeballs.c — dual-stack dialing (RFC 6555/8305, Go's
 * dialParallel and dialSerial) over loopback, on a stack whose getaddrinfo
 * answers a made-up name, "dual.test", with ::1 and 127.0.0.1 in a chosen
 * order and whose connect is recorded: a refused IPv6 attempt falls back
 * at once, a hanging one (a listener whose accept queue is full drops the
 * SYN) after the fallback delay; the losers are closed; errors name the
 * primary family's address. Also Go's partialDeadline and partition, and
 * the backend's wait_many. */
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dial_int.h"
#include "dial_test_util.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

static xnet_stack *stack; /* the recorder */

static int suite_init(void) { return recorder_open(&stack) == 0 ? 0 : -1; }

static int suite_cleanup(void) {
  xnet_stack_close(stack);
  return 0;
}

static const char *need_ipv6(void) { return ctu_need_ipv6(); }

/* The dialer of these tests: dual-stack on the recorder stack. */
static xnet_dialer dual_dialer(int64_t fallback_delay) {
  xnet_dialer d = {0};
  d.stack = stack;
  d.dual_stack = true;
  d.fallback_delay = fallback_delay;
  d.timeout = 5 * XNET_SECOND;
  return d;
}

static void assert_remote(xnet_conn *c, const char *want) {
  xnet_addr ra;
  XT_ASSERT_OK(xnet_conn_remote_addr(c, &ra));
  char text[XNET_ADDR_STRLEN];
  xnet_ip_format(&ra.ip, text, sizeof text);
  XT_ASSERT_STR_EQ(text, want);
}

/* ---- Go's helpers ---- */

static void test_happy_eyeballs_partial_deadline(void) {
  const int64_t s = XNET_SECOND;
  int64_t out = 7;
  XT_ASSERT_OK(xnet__partial_deadline(100, 0, 3, &out));
  XT_ASSERT_INT_EQ(out, 0); /* no deadline: none per attempt */
  XT_ASSERT_OK(xnet__partial_deadline(0, 10 * s, 2, &out));
  XT_ASSERT_INT_EQ(out, 5 * s); /* an equal share */
  XT_ASSERT_OK(xnet__partial_deadline(s, 11 * s, 10, &out));
  XT_ASSERT_INT_EQ(out, 3 * s); /* 1 s each is too short: 2 s */
  XT_ASSERT_OK(xnet__partial_deadline(0, s, 4, &out));
  XT_ASSERT_INT_EQ(out, s); /* less than 2 s left: all of it */
  XT_ASSERT_ERR(xnet__partial_deadline(5 * s, 5 * s, 1, &out),
                XNET_ETIMEDOUT);
  XT_ASSERT_INT_EQ(out, 0);
  XT_ASSERT_ERR(xnet__partial_deadline(6 * s, 5 * s, 1, &out),
                XNET_ETIMEDOUT);
}

static xnet_addr tcp_addr(const char *ip) {
  xnet_addr a;
  memset(&a, 0, sizeof a);
  a.kind = XNET_KIND_TCP;
  a.port = 80;
  if (xnet_ip_parse(ip, strlen(ip), &a.ip) < 0) a.kind = XNET_KIND_NONE;
  return a;
}

static void assert_order(const xnet_addr *a, size_t n,
                         const char *const *want) {
  for (size_t i = 0; i < n; i++) {
    char text[XNET_IP_STRLEN];
    xnet_ip_format(&a[i].ip, text, sizeof text);
    XT_ASSERT_STR_EQ(text, want[i]);
  }
}

static void test_happy_eyeballs_partition_keeps_order_within_family(void) {
  xnet_addr a[5] = {tcp_addr("::1"), tcp_addr("127.0.0.1"), tcp_addr("::2"),
                    tcp_addr("127.0.0.2"), tcp_addr("::3")};
  size_t p;
  XT_ASSERT_UINT_EQ(xnet__dial_partition(a, 5, NULL, &p), 5);
  XT_ASSERT_UINT_EQ(p, 3);
  const char *want[] = {"::1", "::2", "::3", "127.0.0.1", "127.0.0.2"};
  assert_order(a, 5, want);

  xnet_addr b[3] = {tcp_addr("127.0.0.1"), tcp_addr("::1"),
                    tcp_addr("127.0.0.2")};
  XT_ASSERT_UINT_EQ(xnet__dial_partition(b, 3, NULL, &p), 3);
  XT_ASSERT_UINT_EQ(p, 2);
  const char *want_b[] = {"127.0.0.1", "127.0.0.2", "::1"};
  assert_order(b, 3, want_b);
}

static void test_happy_eyeballs_partition_filters_by_local_family(void) {
  xnet_addr a[3] = {tcp_addr("::1"), tcp_addr("127.0.0.1"), tcp_addr("::2")};
  xnet_addr la = tcp_addr("127.0.0.5");
  size_t p;
  XT_ASSERT_UINT_EQ(xnet__dial_partition(a, 3, &la, &p), 1);
  XT_ASSERT_UINT_EQ(p, 1);
  const char *want[] = {"127.0.0.1"};
  assert_order(a, 1, want);
  /* A wildcard local address filters nothing. */
  xnet_addr b[2] = {tcp_addr("::1"), tcp_addr("127.0.0.1")};
  xnet_addr any = tcp_addr("0.0.0.0");
  XT_ASSERT_UINT_EQ(xnet__dial_partition(b, 2, &any, &p), 2);
  XT_ASSERT_UINT_EQ(p, 1);
  /* Nothing of the local family: nothing to dial. */
  xnet_addr c[1] = {tcp_addr("127.0.0.1")};
  xnet_addr la6 = tcp_addr("::1");
  XT_ASSERT_UINT_EQ(xnet__dial_partition(c, 1, &la6, &p), 0);
  XT_ASSERT_UINT_EQ(p, 0);
}

/* ---- dials ---- */

static void test_happy_eyeballs_refused_ipv6_falls_back_at_once(void) {
  int fds = ctu_count_fds();
  xnet_listener *l4;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l4));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(l4));
  resolve_to(6, 4); /* nothing listens on [::1]:port: refused */
  xnet_dialer d = dual_dialer(2 * XNET_SECOND);
  xnet_conn *c;
  int64_t t0 = ctu_now_ns();
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp", address, &c));
  int64_t elapsed = ctu_now_ns() - t0;
  XT_ASSERT(elapsed < XNET_SECOND); /* not after the 2 s delay */
  XT_ASSERT_INT_EQ(nconnects, 2);
  XT_ASSERT_INT_EQ(connect_family[0], 6);
  XT_ASSERT_INT_EQ(connect_family[1], 4);
  assert_remote(c, "127.0.0.1");
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(l4));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void hanging_ipv6_loses(xnet_stack *s) {
  int fds = ctu_count_fds();
  full_listener f6, f4;
  xnet_listener *l4 = NULL;
  XT_ASSERT_OK(hanging_pair(&f6, &f4, &l4, false));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(l4));
  resolve_to(6, 4);
  xnet_dialer d = dual_dialer(50 * XNET_MILLISECOND);
  d.stack = s;
  xnet_conn *c = NULL;
  int64_t t0 = ctu_now_ns();
  int rc = xnet_dialer_dial(&d, "tcp", address, &c);
  int64_t elapsed = ctu_now_ns() - t0;
  full_close(&f6);
  XT_ASSERT_OK(rc);
  XT_ASSERT(elapsed >= 50 * XNET_MILLISECOND);
  XT_ASSERT(elapsed < XNET_SECOND); /* far from the 5 s hang */
  XT_ASSERT_INT_EQ(nconnects, 2);
  XT_ASSERT_INT_EQ(connect_family[0], 6);
  XT_ASSERT_INT_EQ(connect_family[1], 4);
  XT_ASSERT(connect_at[1] - connect_at[0] >= 50 * XNET_MILLISECOND);
  assert_remote(c, "127.0.0.1");
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(l4));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds); /* the IPv6 attempt was closed */
}

static void test_happy_eyeballs_hanging_ipv6_loses_after_fallback_delay(void) {
  hanging_ipv6_loses(stack);
}

static void test_happy_eyeballs_races_without_wait_many(void) {
  /* A backend without wait_many: each connect is watched in turn. */
  xnet_backend_ops ops = *xnet__stack_ops(stack);
  ops.wait_many = NULL;
  xnet_posix_syscalls t;
  recorder_syscalls(&t);
  xnet_posix_config cfg = {.syscalls = &t};
  xnet_stack *s;
  XT_ASSERT_OK(xnet__stack_open(&ops, &cfg, &s));
  XT_ASSERT_ERR(xnet__stack_ops(s)->wait_many(xnet__stack_instance(s), NULL,
                                              1, 0, NULL),
                XNET_ENOTSUP);
  hanging_ipv6_loses(s);
  xnet_stack_close(s);
}

static void test_happy_eyeballs_shared_deadline_times_out(void) {
  int fds = ctu_count_fds();
  full_listener f6, f4;
  XT_ASSERT_OK(hanging_pair(&f6, &f4, NULL, true));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(f4.l));
  resolve_to(6, 4);
  xnet_dialer d = dual_dialer(20 * XNET_MILLISECOND);
  d.timeout = 300 * XNET_MILLISECOND;
  xnet_conn *c = NULL;
  int64_t t0 = ctu_now_ns();
  int rc = xnet_dialer_dial(&d, "tcp", address, &c);
  int64_t elapsed = ctu_now_ns() - t0;
  full_close(&f6);
  full_close(&f4);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(c == NULL);
  XT_ASSERT(elapsed >= 300 * XNET_MILLISECOND);
  XT_ASSERT(elapsed < 2 * XNET_SECOND);
  XT_ASSERT_INT_EQ(nconnects, 2);
  /* The primary family's error, at its address. */
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(&xnet_last_error()->addr, text, sizeof text);
  char want[64];
  snprintf(want, sizeof want, "[::1]:%s", strrchr(address, ':') + 1);
  XT_ASSERT_STR_EQ(text, want);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_happy_eyeballs_ipv4_first_needs_no_fallback(void) {
  xnet_listener *l4;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l4));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(l4));
  resolve_to(4, 6);
  xnet_dialer d = dual_dialer(10 * XNET_MILLISECOND);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp", address, &c));
  ctu_sleep_ms(30); /* the fallback timer is gone with the dial */
  XT_ASSERT_INT_EQ(nconnects, 1);
  XT_ASSERT_INT_EQ(connect_family[0], 4);
  assert_remote(c, "127.0.0.1");
  xnet_conn_close(c);
  xnet_listener_close(l4);
}

static void test_happy_eyeballs_all_refused_reports_primary(void) {
  int fds = ctu_count_fds();
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  uint16_t port = listener_port(l);
  xnet_listener_close(l); /* a port nobody listens on */
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", port);
  resolve_to(6, 4);
  xnet_dialer d = dual_dialer(0);
  xnet_conn *c = NULL;
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "tcp", address, &c), XNET_ECONNREFUSED);
  XT_ASSERT(c == NULL);
  XT_ASSERT_INT_EQ(nconnects, 2);
  const xnet_op_error *e = xnet_last_error();
  XT_ASSERT_STR_EQ(e->op, "dial");
  char text[160], want[160];
  xnet_op_error_format(e, text, sizeof text);
  snprintf(want, sizeof want, "dial tcp [::1]:%u: connection refused", port);
  XT_ASSERT_STR_EQ(text, want);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

/* Without dual stack the addresses are tried one after another in the
 * resolver's order, as Go's dialSerial does: the refused IPv6 one first. */
static void test_happy_eyeballs_off_dials_serially(void) {
  xnet_listener *l4;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l4));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(l4));
  resolve_to(6, 4);
  xnet_dialer d = dual_dialer(0);
  d.dual_stack = false;
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp", address, &c));
  XT_ASSERT_INT_EQ(nconnects, 2);
  XT_ASSERT_INT_EQ(connect_family[0], 6);
  XT_ASSERT_INT_EQ(connect_family[1], 4);
  xnet_conn_close(c);
  /* "tcp4" never races, dual-stack or not. */
  d.dual_stack = true;
  nconnects = 0;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp4", address, &c));
  XT_ASSERT_INT_EQ(nconnects, 1);
  xnet_conn_close(c);
  xnet_listener_close(l4);
}

static void test_happy_eyeballs_literal_and_unknown_names(void) {
  xnet_listener *l4;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l4));
  char address[64];
  snprintf(address, sizeof address, "127.0.0.1:%u", listener_port(l4));
  xnet_dialer d = dual_dialer(0);
  xnet_conn *c;
  nconnects = 0;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp", address, &c));
  XT_ASSERT_INT_EQ(nconnects, 1);
  xnet_conn_close(c);
  xnet_listener_close(l4);
  resolve_to(6, 4);
  nanswer = 0; /* the name does not resolve */
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "tcp", "dual.test:80", &c), XNET_ENOHOST);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "dial");
  XT_ASSERT_STR_EQ(xnet_last_error()->detail, "lookup dual.test"); /* Go names the host */
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "tcp", "dual.test:nosuchservice", &c),
                XNET_EUNKNOWNPORT);
  XT_ASSERT_STR_EQ(xnet_last_error()->detail,
                   "address dual.test:nosuchservice");
  XT_ASSERT_INT_EQ(nconnects, 0);
}

/* ---- the backend's wait_many ---- */

static void test_happy_eyeballs_wait_many_reports_ready_sockets(void) {
  const xnet_backend_ops *ops = xnet__stack_ops(stack);
  void *in = xnet__stack_instance(stack);
  int udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int quiet = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  XT_ASSERT(udp >= 0 && quiet >= 0);
  /* quiet has nothing to read; udp can always write. */
  xnet_backend_wait w[3] = {{quiet, XNET_WAIT_READ, 9},
                            {-1, XNET_WAIT_READ, 9},
                            {udp, XNET_WAIT_WRITE, 9}};
  int64_t soon = ops->now(in) + 20 * XNET_MILLISECOND;
  XT_ASSERT_OK(ops->wait_many(in, w, 3, soon, NULL));
  XT_ASSERT_UINT_EQ(w[0].ready, 0);
  XT_ASSERT_UINT_EQ(w[1].ready, 0); /* skipped */
  XT_ASSERT(w[2].ready);
  /* Nothing ready: the deadline. */
  int64_t t0 = ctu_now_ns();
  soon = ops->now(in) + 20 * XNET_MILLISECOND;
  XT_ASSERT_ERR(ops->wait_many(in, w, 2, soon, NULL), XNET_ETIMEDOUT);
  XT_ASSERT(ctu_now_ns() - t0 >= 20 * XNET_MILLISECOND);
  /* A fired waker: 1, and the wake is consumed. */
  xnet_waker *wk;
  XT_ASSERT_OK(ops->waker_open(in, &wk));
  ops->waker_wake(in, wk);
  XT_ASSERT_INT_EQ(ops->wait_many(in, w, 2, 0, wk), 1);
  soon = ops->now(in) + 10 * XNET_MILLISECOND;
  XT_ASSERT_ERR(ops->wait_many(in, w, 2, soon, wk), XNET_ETIMEDOUT);
  ops->waker_close(in, wk);
  XT_ASSERT_ERR(ops->wait_many(in, w, 0, 0, NULL), XNET_EINVAL);
  xnet_backend_wait many[XNET_WAIT_MANY_MAX + 1];
  XT_ASSERT_ERR(ops->wait_many(in, many, XNET_WAIT_MANY_MAX + 1, 0, NULL),
                XNET_EINVAL);
  close(udp);
  close(quiet);
}

/* Dials "dual.test" (::1 first, which hangs, then 127.0.0.1) with
 * fallback_delay `delay` and asserts the IPv4 attempt started 300 ms after
 * the IPv6 one: Go's default, for every delay <= 0. The delay runs from
 * just before the IPv6 socket is opened, so the IPv4 connect is at least
 * 300 ms after the dial began, and at most the socket's set-up
 * (microseconds; 5 ms allowed) less after the IPv6 connect. The upper
 * bound leaves a loaded VM 300 ms, and still fails a default of 600 ms or
 * more. */
static void fallback_after_300ms(int64_t delay) {
  int fds = ctu_count_fds();
  full_listener f6, f4;
  xnet_listener *l4 = NULL;
  XT_ASSERT_OK(hanging_pair(&f6, &f4, &l4, false));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(l4));
  resolve_to(6, 4);
  xnet_dialer d = dual_dialer(delay);
  xnet_conn *c = NULL;
  int64_t t0 = ctu_now_ns();
  int rc = xnet_dialer_dial(&d, "tcp", address, &c);
  full_close(&f6);
  XT_ASSERT_OK(rc);
  XT_ASSERT_INT_EQ(nconnects, 2);
  XT_ASSERT_INT_EQ(connect_family[0], 6);
  XT_ASSERT_INT_EQ(connect_family[1], 4);
  int64_t gap = connect_at[1] - connect_at[0];
  XT_ASSERT(connect_at[1] - t0 >= 300 * XNET_MILLISECOND);
  if (gap < 295 * XNET_MILLISECOND || gap >= 600 * XNET_MILLISECOND)
    xt_fail(__LINE__, __FILE__, "IPv4 started %lld ms after IPv6, want [300,600)",
            (long long)(gap / XNET_MILLISECOND));
  if (c) {
    assert_remote(c, "127.0.0.1");
    XT_ASSERT_OK(xnet_conn_close(c));
  }
  XT_ASSERT_OK(xnet_listener_close(l4));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds); /* the IPv6 attempt was closed */
}

static void test_happy_eyeballs_default_fallback_delay_is_300ms(void) {
  fallback_after_300ms(0);
}

/* A negative delay is not a delay either (Go's fallbackDelay). */
static void test_happy_eyeballs_default_negative_delay_means_default(void) {
  fallback_after_300ms(-1);
}

XT_SUITE(core, happy_eyeballs, suite_init, suite_cleanup,
         XT_TEST(test_happy_eyeballs_partial_deadline),
         XT_TEST(test_happy_eyeballs_partition_keeps_order_within_family),
         XT_TEST(test_happy_eyeballs_partition_filters_by_local_family),
         XT_TEST_IF(test_happy_eyeballs_refused_ipv6_falls_back_at_once,
                    need_ipv6),
         XT_TEST_IF(test_happy_eyeballs_hanging_ipv6_loses_after_fallback_delay,
                    need_ipv6),
         XT_TEST_IF(test_happy_eyeballs_races_without_wait_many, need_ipv6),
         XT_TEST_IF(test_happy_eyeballs_shared_deadline_times_out, need_ipv6),
         XT_TEST(test_happy_eyeballs_ipv4_first_needs_no_fallback),
         XT_TEST_IF(test_happy_eyeballs_all_refused_reports_primary,
                    need_ipv6),
         XT_TEST(test_happy_eyeballs_off_dials_serially),
         XT_TEST(test_happy_eyeballs_literal_and_unknown_names),
         XT_TEST(test_happy_eyeballs_wait_many_reports_ready_sockets),
         XT_TEST_IF(test_happy_eyeballs_default_fallback_delay_is_300ms,
                    need_ipv6),
         XT_TEST_IF(test_happy_eyeballs_default_negative_delay_means_default,
                    need_ipv6));
