/* test_deadline.c — deadlines: timeouts, past deadlines, changes while
 * blocked. */
#include <string.h>

#include "core_test_util.h"
#include "posix_int.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet/pipe.h"
#include "xnet_test.h"

static void test_deadline_read_times_out_between_50_and_150_ms(void) {
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &c));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, 50 * XNET_MILLISECOND)));
  char b[8];
  int64_t t0 = ctu_now_ns();
  int rc = xnet_conn_read(c, b, sizeof b);
  int64_t ms = (ctu_now_ns() - t0) / 1000000;
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(xnet_error_is_timeout(rc));
  XT_ASSERT(ms >= 50 && ms < 150);
  char text[128];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(strstr(text, "read udp4 127.0.0.1:") == text ? "ok" : text, "ok");
  XT_ASSERT(strstr(text, ": i/o timeout") != NULL);
  xnet_conn_close(c);
}

static void test_deadline_in_the_past_fails_at_once(void) {
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &c));
  XT_ASSERT_OK(xnet_conn_set_deadline(c, xnet_deadline_in(NULL, -1)));
  char b[8];
  int64_t t0 = ctu_now_ns();
  XT_ASSERT_ERR(xnet_conn_read(c, b, sizeof b), XNET_ETIMEDOUT);
  XT_ASSERT((ctu_now_ns() - t0) < 20 * 1000000);
  /* As in Go, a passed deadline fails the call even when data is ready;
   * clearing it lets the data through. */
  xnet_addr self;
  xnet_conn_local_addr(c, &self);
  XT_ASSERT_OK(xnet_conn_set_write_deadline(c, 0));
  XT_ASSERT_INT_EQ(xnet_conn_write_to(c, "hi", 2, &self), 2);
  XT_ASSERT_ERR(xnet_conn_read(c, b, sizeof b), XNET_ETIMEDOUT);
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, 0));
  XT_ASSERT_INT_EQ(xnet_conn_read(c, b, sizeof b), 2);
  xnet_conn_close(c);
}

typedef struct {
  xnet_conn *c;
  int rc;
  int64_t ms;
} blocked_read;

static void *read_blocked(void *arg) {
  blocked_read *r = arg;
  char b[8];
  int64_t t0 = ctu_now_ns();
  r->rc = xnet_conn_read(r->c, b, sizeof b);
  r->ms = (ctu_now_ns() - t0) / 1000000;
  return NULL;
}

static void test_deadline_extended_while_blocked_takes_effect(void) {
  blocked_read r = {0};
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &r.c));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(r.c, xnet_deadline_in(NULL, 100 * XNET_MILLISECOND)));
  pthread_t t;
  pthread_create(&t, NULL, read_blocked, &r);
  ctu_sleep_ms(30);
  XT_ASSERT_OK(xnet_conn_set_read_deadline(r.c, xnet_deadline_in(NULL, 270 * XNET_MILLISECOND)));
  pthread_join(t, NULL);
  XT_ASSERT_ERR(r.rc, XNET_ETIMEDOUT);
  XT_ASSERT(r.ms >= 290 && r.ms < 450);
  xnet_conn_close(r.c);
}

static void test_deadline_shortened_while_blocked_takes_effect(void) {
  blocked_read r = {0};
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &r.c));
  pthread_t t;
  pthread_create(&t, NULL, read_blocked, &r); /* no deadline at all */
  ctu_sleep_ms(30);
  XT_ASSERT_OK(xnet_conn_set_read_deadline(r.c, xnet_deadline_in(NULL, 50 * XNET_MILLISECOND)));
  pthread_join(t, NULL);
  XT_ASSERT_ERR(r.rc, XNET_ETIMEDOUT);
  XT_ASSERT(r.ms >= 75 && r.ms < 250);
  xnet_conn_close(r.c);
}

typedef struct {
  xnet_conn *c;
  atomic_int done;
  int rc;
} racing_read;

static void *read_racing(void *arg) {
  racing_read *r = arg;
  char b[8];
  r->rc = xnet_conn_read(r->c, b, sizeof b);
  atomic_store(&r->done, 1);
  return NULL;
}

/* The waker is created on a reader's first block; make that slow so a
 * deadline set meanwhile lands in the window between the reader's
 * decision to block and its wait. */
static int (*real_eventfd)(unsigned, int);
static int slow_eventfd(unsigned init, int flags) {
  ctu_sleep_ms(5);
  return real_eventfd(init, flags);
}

/* A deadline set while the reader is creating its waker (before it can be
 * woken) must still end the read. */
static void test_deadline_set_while_reader_starts_is_never_missed(void) {
  static xnet_posix_syscalls sys;
  xnet__host_syscalls(&sys);
  real_eventfd = sys.eventfd;
  sys.eventfd = slow_eventfd;
  xnet_posix_config cfg = {.syscalls = &sys};
  xnet_stack *s;
  XT_ASSERT_OK(xnet__host_stack_open_config(&cfg, &s));
  xnet_listen_config lc = {0};
  lc.stack = s;
  int missed = 0, timeouts = 0;
  for (int i = 0; i < 20; i++) {
    racing_read r = {0};
    atomic_init(&r.done, 0);
    if (xnet_listen_config_listen_packet(&lc, "udp4", "127.0.0.1:0", &r.c) < 0) break;
    pthread_t t;
    pthread_create(&t, NULL, read_racing, &r);
    ctu_sleep_ms(2); /* the reader is inside slow_eventfd */
    xnet_conn_set_read_deadline(r.c, xnet_deadline_in(s, -1));
    int64_t until = ctu_now_ns() + 1000 * 1000000LL;
    while (!atomic_load(&r.done) && ctu_now_ns() < until) ctu_sleep_ms(1);
    missed += !atomic_load(&r.done);
    xnet_conn_close(r.c); /* also frees a reader that missed the deadline */
    pthread_join(t, NULL);
    timeouts += r.rc == XNET_ETIMEDOUT;
  }
  xnet_stack_close(s);
  XT_ASSERT_INT_EQ(missed, 0);
  XT_ASSERT_INT_EQ(timeouts, 20);
}

/* Three reads blocked on c with no deadline, then a read deadline `in`
 * from now: every one of them must end with a timeout, not only the first
 * (each waits on a waker of its own; a shared latch wakes one wait per
 * wake). A read that misses it is freed by closing c, and counted. Closes
 * c. */
#define READERS 3
static void every_reader_times_out(xnet_conn *c, int64_t in) {
  racing_read r[READERS];
  pthread_t t[READERS];
  for (int i = 0; i < READERS; i++) {
    r[i].c = c;
    r[i].rc = 0;
    atomic_init(&r[i].done, 0);
    pthread_create(&t[i], NULL, read_racing, &r[i]);
  }
  ctu_sleep_ms(50); /* all three are blocked by now */
  int early = 0;
  for (int i = 0; i < READERS; i++) early += atomic_load(&r[i].done);
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(NULL, in)));
  int64_t until = ctu_now_ns() + 2000 * 1000000LL;
  int done = 0;
  while (ctu_now_ns() < until) {
    done = 0;
    for (int i = 0; i < READERS; i++) done += atomic_load(&r[i].done);
    if (done == READERS) break;
    ctu_sleep_ms(1);
  }
  xnet_conn_close(c); /* frees a reader that missed the deadline */
  int timeouts = 0;
  for (int i = 0; i < READERS; i++) {
    pthread_join(t[i], NULL);
    timeouts += r[i].rc == XNET_ETIMEDOUT;
  }
  XT_ASSERT_INT_EQ(early, 0);
  XT_ASSERT_INT_EQ(done, READERS);
  XT_ASSERT_INT_EQ(timeouts, READERS);
}

static void test_deadline_reaches_every_blocked_read(void) {
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &c));
  every_reader_times_out(c, -1); /* passed */
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &c));
  every_reader_times_out(c, 30 * XNET_MILLISECOND); /* a wait shortened */
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  every_reader_times_out(a, 30 * XNET_MILLISECOND);
  xnet_conn_close(b);
}

static void test_deadline_accept_times_out(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp", "127.0.0.1:0", &l));
  XT_ASSERT_OK(xnet_listener_set_deadline(l, xnet_deadline_in(NULL, 30 * XNET_MILLISECOND)));
  xnet_conn *c;
  int64_t t0 = ctu_now_ns();
  XT_ASSERT_ERR(xnet_listener_accept(l, &c), XNET_ETIMEDOUT);
  XT_ASSERT((ctu_now_ns() - t0) >= 30 * 1000000);
  XT_ASSERT(c == NULL);
  xnet_listener_close(l);
}

XT_SUITE(core, deadline, NULL, NULL,
         XT_TEST(test_deadline_read_times_out_between_50_and_150_ms),
         XT_TEST(test_deadline_in_the_past_fails_at_once),
         XT_TEST(test_deadline_extended_while_blocked_takes_effect),
         XT_TEST(test_deadline_shortened_while_blocked_takes_effect),
         XT_TEST(test_deadline_set_while_reader_starts_is_never_missed),
         XT_TEST(test_deadline_accept_times_out),
         XT_TEST(test_deadline_reaches_every_blocked_read));
