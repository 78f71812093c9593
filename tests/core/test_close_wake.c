/* test_close_wake.c — close from another thread wakes every blocked call
 * (read, write, accept), every time, over 1,000 iterations each. The suite
 * also runs under ThreadSanitizer in CI (tools/run test). */
#include <string.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet_test.h"

#define ITERATIONS 1000

typedef struct {
  xnet_conn *c;
  xnet_listener *l;
  int rc;
} blocked_call;

static void *block_read(void *arg) {
  blocked_call *b = arg;
  char buf[16];
  b->rc = xnet_conn_read(b->c, buf, sizeof buf);
  return NULL;
}

static void *block_accept(void *arg) {
  blocked_call *b = arg;
  xnet_conn *c = NULL;
  b->rc = xnet_listener_accept(b->l, &c);
  if (c) xnet_conn_close(c);
  return NULL;
}

/* Writes until the socket's buffers are full, so the last write blocks. */
static void *block_write(void *arg) {
  blocked_call *b = arg;
  static char chunk[65536];
  int rc;
  while ((rc = xnet_conn_write(b->c, chunk, sizeof chunk)) > 0) {
  }
  b->rc = rc;
  return NULL;
}

static void test_close_wake_blocked_read(void) {
  int fds_before = ctu_count_fds();
  for (int i = 0; i < ITERATIONS; i++) {
    blocked_call b = {0};
    XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &b.c));
    pthread_t t;
    pthread_create(&t, NULL, block_read, &b);
    ctu_wait_blocked(&b.c->pd, XNET__READ);
    XT_ASSERT_OK(xnet_conn_close(b.c));
    pthread_join(t, NULL);
    XT_ASSERT_ERR(b.rc, XNET_ECLOSED);
  }
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds_before);
}

static void test_close_wake_blocked_accept(void) {
  int fds_before = ctu_count_fds();
  for (int i = 0; i < ITERATIONS; i++) {
    blocked_call b = {0};
    XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &b.l));
    pthread_t t;
    pthread_create(&t, NULL, block_accept, &b);
    ctu_wait_blocked(&b.l->pd, XNET__READ);
    XT_ASSERT_OK(xnet_listener_close(b.l));
    pthread_join(t, NULL);
    XT_ASSERT_ERR(b.rc, XNET_ECLOSED);
  }
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds_before);
}

static void test_close_wake_blocked_write(void) {
  int fds_before = ctu_count_fds();
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  for (int i = 0; i < ITERATIONS; i++) {
    blocked_call b = {0};
    xnet_conn *peer;
    XT_ASSERT_OK(xnet_dial("tcp4", addr, &b.c));
    XT_ASSERT_OK(xnet_listener_accept(l, &peer));
    /* Small buffers fill fast; the peer never reads. */
    XT_ASSERT_OK(xnet_conn_set_write_buffer(b.c, 4096));
    XT_ASSERT_OK(xnet_conn_set_read_buffer(peer, 4096));
    pthread_t t;
    pthread_create(&t, NULL, block_write, &b);
    /* Busy alone could be a write that is still making progress. */
    ctu_wait_blocked(&b.c->pd, XNET__WRITE);
    XT_ASSERT_OK(xnet_conn_close(b.c));
    pthread_join(t, NULL);
    XT_ASSERT_ERR(b.rc, XNET_ECLOSED);
    xnet_conn_close(peer);
  }
  xnet_listener_close(l);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds_before);
}

/* Two reads and a write blocked on one TCP conn at once: close wakes all
 * three (each waits on a waker of its own), every time. */
static void test_close_wake_three_calls_on_one_conn(void) {
  int fds_before = ctu_count_fds();
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  for (int i = 0; i < ITERATIONS / 5; i++) {
    blocked_call w = {0}, r1 = {0}, r2 = {0};
    xnet_conn *peer;
    XT_ASSERT_OK(xnet_dial("tcp4", addr, &w.c));
    XT_ASSERT_OK(xnet_listener_accept(l, &peer));
    XT_ASSERT_OK(xnet_conn_set_write_buffer(w.c, 4096));
    XT_ASSERT_OK(xnet_conn_set_read_buffer(peer, 4096));
    r1.c = r2.c = w.c;
    pthread_t t[3];
    pthread_create(&t[0], NULL, block_write, &w);
    pthread_create(&t[1], NULL, block_read, &r1);
    pthread_create(&t[2], NULL, block_read, &r2);
    ctu_wait_blocked(&w.c->pd, XNET__WRITE);
    ctu_wait_blocked(&w.c->pd, XNET__READ);
    while (atomic_load(&w.c->pd.busy) < 3) ctu_sleep_ms(0);
    XT_ASSERT_OK(xnet_conn_close(w.c));
    for (int k = 0; k < 3; k++) pthread_join(t[k], NULL);
    XT_ASSERT_ERR(w.rc, XNET_ECLOSED);
    XT_ASSERT_ERR(r1.rc, XNET_ECLOSED);
    XT_ASSERT_ERR(r2.rc, XNET_ECLOSED);
    xnet_conn_close(peer);
  }
  xnet_listener_close(l);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds_before);
}

static void test_close_wake_closed_listener_frees_its_port(void) {
  /* The handle is freed by close, so the only observable post-close state
   * is through a second handle: a closed listener's port is free again. */
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_OK(xnet_listen("tcp4", addr, &l));
  XT_ASSERT_OK(xnet_listener_close(l));
}

XT_SUITE(core, close_wake, NULL, NULL,
         XT_TEST(test_close_wake_blocked_read),
         XT_TEST(test_close_wake_blocked_accept),
         XT_TEST(test_close_wake_blocked_write),
         XT_TEST(test_close_wake_three_calls_on_one_conn),
         XT_TEST(test_close_wake_closed_listener_frees_its_port));
