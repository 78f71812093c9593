/* test_error_thread.c — the failure record (xnet_last_error) is per
 * thread: two threads fail differently at the same time and each still
 * reads its own op, network, address, code and text afterwards, as Go's
 * error values belong to the call that returned them. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

#define ROUNDS 100

/* One thread's failing call and what its record must then hold. */
typedef struct failer {
  int (*call)(struct failer *);
  const char *op, *net, *addr; /* addr "" when the record has none */
  int code;
  const char *text;            /* xnet_op_error_format's output */
  const char *busy;            /* failer_busy_addr: the address in use */
  pthread_barrier_t *bar;
  char err[1200];              /* first mismatch ("" none) */
  int round;                   /* where it happened */
} failer;

/* Nothing listens on port 1 of loopback (binding it needs root). */
static int dial_refused(failer *f) {
  (void)f;
  xnet_conn *c = NULL;
  int rc = xnet_dial("tcp4", "127.0.0.1:1", &c);
  if (c) xnet_conn_close(c);
  return rc;
}

static int dial_unknown_net(failer *f) {
  (void)f;
  xnet_conn *c = NULL;
  int rc = xnet_dial("nosuchnet", "x:1", &c);
  if (c) xnet_conn_close(c);
  return rc;
}

static int listen_in_use(failer *f) {
  xnet_listener *l = NULL;
  int rc = xnet_listen("tcp4", f->busy, &l);
  if (l) xnet_listener_close(l);
  return rc;
}

/* Compares this thread's record with f's expectations; the first
 * difference goes to f->err (CUnit's asserts are not for other threads). */
static void check_own_record(failer *f, int round, int rc) {
  if (f->err[0]) return;
  const xnet_op_error *e = xnet_last_error();
  char addr[XNET_ADDR_STRLEN] = "";
  if (e->addr.kind != XNET_KIND_NONE)
    xnet_addr_format(&e->addr, addr, sizeof addr);
  char text[512];
  xnet_op_error_format(e, text, sizeof text);
  if (rc != f->code)
    snprintf(f->err, sizeof f->err, "returned %d, want %d", rc, f->code);
  else if (e->code != f->code)
    snprintf(f->err, sizeof f->err, "code %d, want %d", e->code, f->code);
  else if (strcmp(e->op, f->op) != 0)
    snprintf(f->err, sizeof f->err, "op \"%s\", want \"%s\"", e->op, f->op);
  else if (strcmp(e->net, f->net) != 0)
    snprintf(f->err, sizeof f->err, "net \"%s\", want \"%s\"", e->net,
             f->net);
  else if (strcmp(addr, f->addr) != 0)
    snprintf(f->err, sizeof f->err, "addr \"%s\", want \"%s\"", addr,
             f->addr);
  else if (strcmp(text, f->text) != 0)
    snprintf(f->err, sizeof f->err, "text \"%s\", want \"%s\"", text,
             f->text);
  if (f->err[0]) f->round = round;
}

/* Each round: both threads fail, wait for each other (so the other's
 * failure has certainly been recorded), then read their own record; a
 * record shared between threads would hold the other one's failure. */
static void *failer_main(void *arg) {
  failer *f = arg;
  for (int round = 0; round < ROUNDS; round++) {
    pthread_barrier_wait(f->bar);
    int rc = f->call(f);
    pthread_barrier_wait(f->bar);
    check_own_record(f, round, rc);
  }
  return NULL;
}

static void run_pair(failer *a, failer *b) {
  pthread_barrier_t bar;
  pthread_barrier_init(&bar, NULL, 2);
  a->bar = b->bar = &bar;
  pthread_t ta, tb;
  pthread_create(&ta, NULL, failer_main, a);
  pthread_create(&tb, NULL, failer_main, b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  pthread_barrier_destroy(&bar);
}

/* Asserts the thread found its own record in every round: its first
 * mismatch, with the round, must be empty. */
static void assert_clean(const failer *f) {
  char got[1400] = "";
  if (f->err[0])
    snprintf(got, sizeof got, "%s %s, round %d: %s", f->op, f->net, f->round,
             f->err);
  XT_ASSERT_STR_EQ(got, "");
}

static void test_error_thread_refused_and_unknown_net_stay_apart(void) {
  int fds = ctu_count_fds();
  failer a = {.call = dial_refused,
              .op = "dial",
              .net = "tcp4",
              .addr = "127.0.0.1:1",
              .code = XNET_ECONNREFUSED,
              .text = "dial tcp4 127.0.0.1:1: connection refused"};
  failer b = {.call = dial_unknown_net,
              .op = "dial",
              .net = "nosuchnet",
              .addr = "",
              .code = XNET_EUNKNOWNNET,
              .text = "dial nosuchnet: unknown network nosuchnet"};
  run_pair(&a, &b);
  assert_clean(&a);
  assert_clean(&b);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds); /* refused sockets were closed */
}

/* A listen failure records the local address (Go: OpError.Addr is the
 * listen address); a dial failure at the same time must not replace it. */
static void test_error_thread_addr_in_use_and_refused_stay_apart(void) {
  int fds = ctu_count_fds();
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char busy[XNET_ADDR_STRLEN];
  ctu_listener_text(l, busy, sizeof busy);
  char text[XNET_ADDR_STRLEN + 64];
  snprintf(text, sizeof text, "listen tcp4 %s: address already in use", busy);
  failer a = {.call = listen_in_use,
              .op = "listen",
              .net = "tcp4",
              .addr = busy,
              .code = XNET_EADDRINUSE,
              .text = text,
              .busy = busy};
  failer b = {.call = dial_refused,
              .op = "dial",
              .net = "tcp4",
              .addr = "127.0.0.1:1",
              .code = XNET_ECONNREFUSED,
              .text = "dial tcp4 127.0.0.1:1: connection refused"};
  run_pair(&a, &b);
  XT_ASSERT_OK(xnet_listener_close(l));
  assert_clean(&a);
  assert_clean(&b);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void *read_fresh_record(void *arg) {
  *(xnet_op_error *)arg = *xnet_last_error();
  return NULL;
}

/* A new thread starts with an empty record even though the thread that
 * created it has just failed. */
static void test_error_thread_new_thread_starts_empty(void) {
  xnet_conn *c = NULL;
  XT_ASSERT_ERR(xnet_dial("nosuchnet", "x:1", &c), XNET_EUNKNOWNNET);
  XT_ASSERT_INT_EQ(xnet_last_error()->code, XNET_EUNKNOWNNET);
  xnet_op_error seen;
  memset(&seen, 0xff, sizeof seen);
  pthread_t t;
  pthread_create(&t, NULL, read_fresh_record, &seen);
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(seen.code, 0);
  XT_ASSERT_STR_EQ(seen.op, "");
  XT_ASSERT_STR_EQ(seen.net, "");
  XT_ASSERT_INT_EQ(seen.addr.kind, XNET_KIND_NONE);
  /* And the creator's own record is still its failure. */
  XT_ASSERT_INT_EQ(xnet_last_error()->code, XNET_EUNKNOWNNET);
  XT_ASSERT_STR_EQ(xnet_last_error()->net, "nosuchnet");
}

XT_SUITE(core, error_thread, NULL, NULL,
         XT_TEST(test_error_thread_refused_and_unknown_net_stay_apart),
         XT_TEST(test_error_thread_addr_in_use_and_refused_stay_apart),
         XT_TEST(test_error_thread_new_thread_starts_empty));
