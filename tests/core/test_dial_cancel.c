/* test_dial_cancel.c — a canceler wakes a dial blocked in connect (to a
 * loopback listener whose accept queue is full, so the SYN is dropped),
 * from another thread, every time over 1,000 iterations, leaking no
 * descriptor; a cancelled canceler fails later dials before they start;
 * one canceler stops several dials, and both attempts of a dual-stack
 * race. The suite also runs under ThreadSanitizer (tools/run test). */
#include <stdatomic.h>
#include <string.h>

#include "dial_int.h"
#include "dial_test_util.h"
#include "xnet/cancel.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

#define ITERATIONS 1000

static full_listener full4;       /* 127.0.0.1, accept queue full */
static char full4_addr[XNET_ADDR_STRLEN];

static int suite_init(void) {
  if (full_open("tcp4", "127.0.0.1:0", &full4) < 0) return -1;
  ctu_listener_text(full4.l, full4_addr, sizeof full4_addr);
  return 0;
}

static int suite_cleanup(void) {
  full_close(&full4);
  return 0;
}

static const char *need_ipv6(void) { return ctu_need_ipv6(); }

/* A dial on another thread, and what it saw. */
typedef struct blocked_dial {
  xnet_dialer d;
  const char *network;
  const char *address;
  int rc;
  xnet_op_error err;
  xnet_conn *c;
} blocked_dial;

static void *dial_thread(void *arg) {
  blocked_dial *b = arg;
  b->rc = xnet_dialer_dial(&b->d, b->network, b->address, &b->c);
  b->err = *xnet_last_error(); /* per thread: copied before it ends */
  return NULL;
}

static void wait_waiters(xnet_canceler *c, int n) {
  while (atomic_load(&c->waiters) < n) ctu_sleep_ms(0);
}

static void test_dial_cancel_wakes_blocked_dial(void) {
  int fds = ctu_count_fds();
  for (int i = 0; i < ITERATIONS; i++) {
    blocked_dial b = {0};
    XT_ASSERT_OK(xnet_canceler_new(NULL, &b.d.cancel));
    b.d.timeout = 30 * XNET_SECOND; /* the cancel, not this, ends it */
    b.network = "tcp";
    b.address = full4_addr;
    pthread_t t;
    pthread_create(&t, NULL, dial_thread, &b);
    wait_waiters(b.d.cancel, 1); /* blocked in the connect's wait */
    int64_t t0 = ctu_now_ns();
    xnet_canceler_cancel(b.d.cancel);
    pthread_join(t, NULL);
    XT_ASSERT(ctu_now_ns() - t0 < XNET_SECOND);
    XT_ASSERT_ERR(b.rc, XNET_ECANCELED);
    XT_ASSERT(b.c == NULL);
    XT_ASSERT_STR_EQ(b.err.op, "dial");
    xnet_canceler_free(b.d.cancel);
  }
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_dial_cancel_error_text_names_the_address(void) {
  blocked_dial b = {0};
  XT_ASSERT_OK(xnet_canceler_new(NULL, &b.d.cancel));
  b.network = "tcp4";
  b.address = full4_addr;
  pthread_t t;
  pthread_create(&t, NULL, dial_thread, &b);
  wait_waiters(b.d.cancel, 1);
  xnet_canceler_cancel(b.d.cancel);
  pthread_join(t, NULL);
  xnet_canceler_free(b.d.cancel);
  char text[256], want[256];
  xnet_op_error_format(&b.err, text, sizeof text);
  snprintf(want, sizeof want,
           "dial tcp4 %s: operation was canceled",
           full4_addr);
  XT_ASSERT_STR_EQ(text, want);
}

static void test_dial_cancel_before_dial_fails_at_once(void) {
  int fds = ctu_count_fds();
  xnet_dialer d = {0};
  XT_ASSERT_OK(xnet_canceler_new(NULL, &d.cancel));
  XT_ASSERT(!xnet_canceler_is_canceled(d.cancel));
  xnet_canceler_cancel(d.cancel);
  xnet_canceler_cancel(d.cancel); /* again: nothing more */
  XT_ASSERT(xnet_canceler_is_canceled(d.cancel));
  xnet_conn *c = NULL;
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "tcp", full4_addr, &c), XNET_ECANCELED);
  XT_ASSERT(c == NULL);
  /* Every later dial too, and no socket was made. */
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "udp", "127.0.0.1:9", &c), XNET_ECANCELED);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds + 1); /* the canceler's waker */
  xnet_canceler_free(d.cancel);
  xnet_canceler_free(NULL);
  XT_ASSERT(!xnet_canceler_is_canceled(NULL));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_dial_cancel_one_canceler_stops_several_dials(void) {
  int fds = ctu_count_fds();
  xnet_canceler *c;
  XT_ASSERT_OK(xnet_canceler_new(NULL, &c));
  blocked_dial b[3];
  pthread_t t[3];
  for (int i = 0; i < 3; i++) {
    memset(&b[i], 0, sizeof b[i]);
    b[i].d.cancel = c;
    b[i].network = "tcp4";
    b[i].address = full4_addr;
    pthread_create(&t[i], NULL, dial_thread, &b[i]);
  }
  wait_waiters(c, 3);
  xnet_canceler_cancel(c);
  for (int i = 0; i < 3; i++) {
    pthread_join(t[i], NULL);
    XT_ASSERT_ERR(b[i].rc, XNET_ECANCELED);
  }
  xnet_canceler_free(c);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_dial_cancel_unused_canceler_changes_nothing(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_dialer d = {0};
  XT_ASSERT_OK(xnet_canceler_new(NULL, &d.cancel));
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp", addr, &c));
  xnet_conn_close(c);
  XT_ASSERT_OK(xnet_dialer_dial(&d, "tcp", addr, &c)); /* reusable */
  xnet_conn_close(c);
  /* The dialer's timeout still applies: a timeout, not a cancel. */
  d.timeout = 50 * XNET_MILLISECOND;
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "tcp", full4_addr, &c), XNET_ETIMEDOUT);
  XT_ASSERT_STR_EQ(xnet_last_error()->detail, "");
  xnet_canceler_free(d.cancel);
  xnet_listener_close(l);
}

static void test_dial_cancel_canceler_of_another_stack(void) {
  xnet_stack *other;
  XT_ASSERT_OK(recorder_open(&other));
  xnet_dialer d = {0}; /* the default stack */
  XT_ASSERT_OK(xnet_canceler_new(other, &d.cancel));
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_dialer_dial(&d, "tcp", full4_addr, &c), XNET_EINVAL);
  xnet_canceler_free(d.cancel);
  xnet_stack_close(other);
}

static void test_dial_cancel_stops_both_racing_families(void) {
  xnet_stack *s;
  XT_ASSERT_OK(recorder_open(&s));
  int fds = ctu_count_fds();
  full_listener f6, f4;
  XT_ASSERT_OK(hanging_pair(&f6, &f4, NULL, true));
  char address[64];
  snprintf(address, sizeof address, "dual.test:%u", listener_port(f4.l));
  resolve_to(6, 4);
  blocked_dial b = {0};
  b.d.stack = s;
  b.d.dual_stack = true;
  b.d.fallback_delay = 10 * XNET_MILLISECOND;
  XT_ASSERT_OK(xnet_canceler_new(s, &b.d.cancel));
  b.network = "tcp";
  b.address = address;
  pthread_t t;
  pthread_create(&t, NULL, dial_thread, &b);
  wait_waiters(b.d.cancel, 1);
  ctu_sleep_ms(60); /* past the fallback delay: both attempts in flight */
  xnet_canceler_cancel(b.d.cancel);
  pthread_join(t, NULL);
  xnet_canceler_free(b.d.cancel);
  full_close(&f6);
  full_close(&f4);
  xnet_stack_close(s);
  XT_ASSERT_ERR(b.rc, XNET_ECANCELED);
  XT_ASSERT_INT_EQ(nconnects, 2);
  XT_ASSERT_INT_EQ(connect_family[0], 6);
  XT_ASSERT_INT_EQ(connect_family[1], 4);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds); /* both attempts closed */
}

/* xnet_dial_timeout ends a dial that hangs (a full accept queue drops the
 * SYN) after its timeout, not before and not much after, with a timeout
 * error naming the address. */
static void test_dial_cancel_timeout_ends_a_hanging_dial(void) {
  full_listener f;
  XT_ASSERT_OK(full_open("tcp4", "127.0.0.1:0", &f));
  char text[XNET_ADDR_STRLEN];
  ctu_listener_text(f.l, text, sizeof text);
  xnet_conn *c = (xnet_conn *)1;
  int64_t t0 = ctu_now_ns();
  int rc = xnet_dial_timeout("tcp4", text, 100 * XNET_MILLISECOND, &c);
  int64_t ms = (ctu_now_ns() - t0) / 1000000;
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(xnet_error_is_timeout(rc));
  XT_ASSERT(c == NULL);
  XT_ASSERT(ms >= 100 && ms < 1000);
  char want[XNET_ADDR_STRLEN + 32];
  snprintf(want, sizeof want, "dial tcp4 %s: i/o timeout", text);
  char got[256];
  xnet_op_error_format(xnet_last_error(), got, sizeof got);
  XT_ASSERT_STR_EQ(got, want);
  full_close(&f);
}

XT_SUITE(core, dial_cancel, suite_init, suite_cleanup,
         XT_TEST(test_dial_cancel_timeout_ends_a_hanging_dial),
         XT_TEST(test_dial_cancel_wakes_blocked_dial),
         XT_TEST(test_dial_cancel_error_text_names_the_address),
         XT_TEST(test_dial_cancel_before_dial_fails_at_once),
         XT_TEST(test_dial_cancel_one_canceler_stops_several_dials),
         XT_TEST(test_dial_cancel_unused_canceler_changes_nothing),
         XT_TEST(test_dial_cancel_canceler_of_another_stack),
         XT_TEST_IF(test_dial_cancel_stops_both_racing_families, need_ipv6));
