/* test_happy_eyeballs_default.c — a dual-stack dial whose dialer leaves
 * fallback_delay at 0 waits Go's default, 300 ms, before starting the
 * IPv4 attempt while the IPv6 one hangs (the recorder stack of
 * dial_test_util.h: "dual.test" is ::1 then 127.0.0.1, and [::1] is a
 * listener with a full accept queue, which drops the SYN). */
#include <stdbool.h>
#include <string.h>

#include "dial_test_util.h"
#include "xnet/error.h"
#include "xnet_test.h"

static xnet_stack *stack; /* the recorder */

static int suite_init(void) { return recorder_open(&stack) == 0 ? 0 : -1; }

static int suite_cleanup(void) {
  xnet_stack_close(stack);
  return 0;
}

static const char *need_ipv6(void) { return ctu_need_ipv6(); }

static void test_happy_eyeballs_default_fallback_delay_is_300ms(void) {
  int fds = ctu_count_fds();
  full_listener f6, f4;
  xnet_listener *l4 = NULL;
  XT_ASSERT_OK(hanging_pair(&f6, &f4, &l4, false));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(l4));
  resolve_to(6, 4);
  xnet_dialer d = {0};
  d.stack = stack;
  d.dual_stack = true;
  d.fallback_delay = 0; /* the default */
  d.timeout = 5 * XNET_SECOND;
  xnet_conn *c = NULL;
  int64_t t0 = ctu_now_ns();
  int rc = xnet_dialer_dial(&d, "tcp", address, &c);
  full_close(&f6);
  XT_ASSERT_OK(rc);
  XT_ASSERT_INT_EQ(nconnects, 2);
  XT_ASSERT_INT_EQ(connect_family[0], 6);
  XT_ASSERT_INT_EQ(connect_family[1], 4);
  int64_t gap = connect_at[1] - connect_at[0];
  /* The delay runs from just before the IPv6 socket is opened, so the IPv4
   * connect is at least 300 ms after the dial began, and at most the
   * socket's set-up (microseconds; 5 ms allowed) less after the IPv6
   * connect. The upper bound leaves a loaded VM 300 ms, and still fails a
   * default of 600 ms or more (Go's is 300 ms). */
  XT_ASSERT(connect_at[1] - t0 >= 300 * XNET_MILLISECOND);
  if (gap < 295 * XNET_MILLISECOND || gap >= 600 * XNET_MILLISECOND)
    xt_fail(__LINE__, __FILE__, "IPv4 started %lld ms after IPv6, want [300,600)",
            (long long)(gap / XNET_MILLISECOND));
  xnet_addr ra;
  XT_ASSERT_OK(xnet_conn_remote_addr(c, &ra));
  char text[XNET_IP_STRLEN];
  xnet_ip_format(&ra.ip, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.1");
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(l4));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds); /* the IPv6 attempt was closed */
}

/* A negative delay is not a delay either: Go's fallbackDelay treats any
 * value <= 0 as the default. */
static void test_happy_eyeballs_default_negative_delay_means_default(void) {
  full_listener f6, f4;
  xnet_listener *l4 = NULL;
  XT_ASSERT_OK(hanging_pair(&f6, &f4, &l4, false));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(l4));
  resolve_to(6, 4);
  xnet_dialer d = {0};
  d.stack = stack;
  d.dual_stack = true;
  d.fallback_delay = -1;
  d.timeout = 5 * XNET_SECOND;
  xnet_conn *c = NULL;
  int rc = xnet_dialer_dial(&d, "tcp", address, &c);
  full_close(&f6);
  XT_ASSERT_OK(rc);
  XT_ASSERT_INT_EQ(nconnects, 2);
  int64_t gap = connect_at[1] - connect_at[0];
  if (gap < 295 * XNET_MILLISECOND || gap >= 600 * XNET_MILLISECOND)
    xt_fail(__LINE__, __FILE__, "IPv4 started %lld ms after IPv6, want [300,600)",
            (long long)(gap / XNET_MILLISECOND));
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(l4));
}

XT_SUITE(core, happy_eyeballs_default, suite_init, suite_cleanup,
         XT_TEST_IF(test_happy_eyeballs_default_fallback_delay_is_300ms,
                    need_ipv6),
         XT_TEST_IF(test_happy_eyeballs_default_negative_delay_means_default,
                    need_ipv6));
