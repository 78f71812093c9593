/* test_pipe.c — net.Pipe: synchronous in-memory conns, deadlines, close on
 * either side, full-duplex traffic, and close waking blocked calls (1,000
 * iterations each, as test_close_wake.c). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core_test_util.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet/pipe.h"
#include "xnet_test.h"

#define ITERATIONS 1000

/* A call run on another thread, with its outcome. */
typedef struct pipe_call {
  xnet_conn *c;
  const void *src;
  size_t n;
  char buf[64];
  int rc;
  size_t last_write;
  bool closed_under_it; /* another thread closes c: do not touch it after */
  atomic_int finished;
} pipe_call;

static void *do_write(void *arg) {
  pipe_call *k = arg;
  k->rc = xnet_conn_write(k->c, k->src, k->n);
  if (!k->closed_under_it) k->last_write = xnet_conn_last_write(k->c);
  atomic_store(&k->finished, 1);
  return NULL;
}

static void *do_read(void *arg) {
  pipe_call *k = arg;
  k->rc = xnet_conn_read(k->c, k->buf, k->n ? k->n : sizeof k->buf);
  atomic_store(&k->finished, 1);
  return NULL;
}

static void test_pipe_round_trip_both_directions(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  pipe_call w = {.c = a, .src = "ping", .n = 4};
  pthread_t t;
  pthread_create(&t, NULL, do_write, &w);
  char got[16];
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 4);
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(w.rc, 4);
  XT_ASSERT_MEM_EQ(got, 4, "ping", 4);
  pipe_call back = {.c = b, .src = "pong!", .n = 5};
  pthread_create(&t, NULL, do_write, &back);
  XT_ASSERT_INT_EQ(xnet_conn_read(a, got, sizeof got), 5);
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(back.rc, 5);
  XT_ASSERT_MEM_EQ(got, 5, "pong!", 5);
  XT_ASSERT_OK(xnet_conn_close(a));
  XT_ASSERT_OK(xnet_conn_close(b));
}

static void test_pipe_write_blocks_until_read(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  pipe_call w = {.c = a, .src = "0123456789", .n = 10};
  pthread_t t;
  pthread_create(&t, NULL, do_write, &w);
  ctu_sleep_ms(50);
  XT_ASSERT_INT_EQ(atomic_load(&w.finished), 0); /* nobody has read */
  char got[16];
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, 4), 4);
  XT_ASSERT_MEM_EQ(got, 4, "0123", 4);
  ctu_sleep_ms(30);
  XT_ASSERT_INT_EQ(atomic_load(&w.finished), 0); /* 6 bytes still unread */
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 6);
  XT_ASSERT_MEM_EQ(got, 6, "456789", 6);
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(w.rc, 10);
  XT_ASSERT_UINT_EQ(w.last_write, 10);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

/* Two writes in a row: each read returns bytes of one write only. */
static void *write_two(void *arg) {
  pipe_call *k = arg;
  k->rc = xnet_conn_write(k->c, "abc", 3);
  if (k->rc == 3) k->rc = xnet_conn_write(k->c, "defg", 4);
  return NULL;
}

static void test_pipe_read_returns_data_of_one_write(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  pipe_call w = {.c = a};
  pthread_t t;
  pthread_create(&t, NULL, write_two, &w);
  char got[64];
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 3);
  XT_ASSERT_MEM_EQ(got, 3, "abc", 3);
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 4);
  XT_ASSERT_MEM_EQ(got, 4, "defg", 4);
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(w.rc, 4);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_pipe_zero_length_calls_return_at_once(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  XT_ASSERT_INT_EQ(xnet_conn_write(a, "", 0), 0);
  char c;
  XT_ASSERT_INT_EQ(xnet_conn_read(a, &c, 0), 0);
  xnet_conn_close(b);
  /* The peer's close is still reported to a zero-length write. */
  XT_ASSERT_ERR(xnet_conn_write(a, "", 0), XNET_EPIPE);
  xnet_conn_close(a);
}

static void test_pipe_read_deadline_times_out(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(b, xnet_deadline_in(NULL, 50 * XNET_MILLISECOND)));
  char got[8];
  int64_t t0 = ctu_now_ns();
  int rc = xnet_conn_read(b, got, sizeof got);
  int64_t took = ctu_now_ns() - t0;
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(xnet_error_is_timeout(rc));
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "read");
  XT_ASSERT_STR_EQ(xnet_last_error()->net, "pipe");
  XT_ASSERT(took >= 50 * XNET_MILLISECOND);
  XT_ASSERT(took < 1000 * XNET_MILLISECOND);
  /* A passed deadline fails at once, even with a write waiting. */
  XT_ASSERT_OK(xnet_conn_set_read_deadline(b, xnet_deadline_in(NULL, 0)));
  pipe_call w = {.c = a, .src = "x", .n = 1};
  pthread_t t;
  pthread_create(&t, NULL, do_write, &w);
  ctu_sleep_ms(20);
  XT_ASSERT_ERR(xnet_conn_read(b, got, sizeof got), XNET_ETIMEDOUT);
  /* Clearing the deadline lets the next read take the write. */
  XT_ASSERT_OK(xnet_conn_set_read_deadline(b, 0));
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 1);
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(w.rc, 1);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_pipe_write_deadline_reports_bytes_consumed(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  pipe_call r = {.c = b, .n = 4};
  pthread_t t;
  pthread_create(&t, NULL, do_read, &r);
  XT_ASSERT_OK(xnet_conn_set_write_deadline(a, xnet_deadline_in(NULL, 100 * XNET_MILLISECOND)));
  int64_t t0 = ctu_now_ns();
  int rc = xnet_conn_write(a, "0123456789", 10);
  int64_t took = ctu_now_ns() - t0;
  pthread_join(t, NULL);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT_UINT_EQ(xnet_conn_last_write(a), 4); /* the reader took 4 */
  XT_ASSERT_INT_EQ(r.rc, 4);
  XT_ASSERT_MEM_EQ(r.buf, 4, "0123", 4);
  XT_ASSERT(took >= 100 * XNET_MILLISECOND);
  /* The rest was withdrawn: a later read sees only a new write. */
  XT_ASSERT_OK(xnet_conn_set_write_deadline(a, 0));
  pipe_call w = {.c = a, .src = "new", .n = 3};
  pthread_create(&t, NULL, do_write, &w);
  char got[16];
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 3);
  XT_ASSERT_MEM_EQ(got, 3, "new", 3);
  pthread_join(t, NULL);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_pipe_deadline_moved_wakes_blocked_read(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  pipe_call r = {.c = b};
  pthread_t t;
  pthread_create(&t, NULL, do_read, &r);
  /* Wait until the reader sleeps on its waker, then pull the deadline in. */
  while (atomic_load(&b->pd.waker[XNET__READ]) == NULL) ctu_sleep_ms(1);
  int64_t t0 = ctu_now_ns();
  XT_ASSERT_OK(xnet_conn_set_deadline(b, xnet_deadline_in(NULL, 0)));
  pthread_join(t, NULL);
  XT_ASSERT_ERR(r.rc, XNET_ETIMEDOUT);
  XT_ASSERT(ctu_now_ns() - t0 < 500 * XNET_MILLISECOND);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_pipe_peer_close_gives_eof_and_epipe(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  XT_ASSERT_OK(xnet_conn_close(b));
  char got[8];
  XT_ASSERT_INT_EQ(xnet_conn_read(a, got, sizeof got), 0);
  XT_ASSERT_ERR(xnet_conn_write(a, "x", 1), XNET_EPIPE);
  XT_ASSERT_UINT_EQ(xnet_conn_last_write(a), 0);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "write");
  XT_ASSERT_OK(xnet_conn_close(a));
}

static void test_pipe_peer_close_wakes_blocked_calls(void) {
  /* Reader blocked on a, then b closes: EOF. */
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  pipe_call r = {.c = a};
  pthread_t t;
  pthread_create(&t, NULL, do_read, &r);
  ctu_wait_busy(&a->pd);
  XT_ASSERT_OK(xnet_conn_close(b));
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(r.rc, 0);
  xnet_conn_close(a);
  /* Writer blocked on a after a partial read, then b closes: EPIPE with
   * the part that was read. */
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  pipe_call w = {.c = a, .src = "0123456789", .n = 10};
  pthread_create(&t, NULL, do_write, &w);
  char got[3];
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 3);
  XT_ASSERT_OK(xnet_conn_close(b));
  pthread_join(t, NULL);
  XT_ASSERT_ERR(w.rc, XNET_EPIPE);
  XT_ASSERT_UINT_EQ(w.last_write, 3);
  xnet_conn_close(a);
}

static void test_pipe_addresses_are_pipe(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  xnet_addr la, ra;
  XT_ASSERT_OK(xnet_conn_local_addr(a, &la));
  XT_ASSERT_OK(xnet_conn_remote_addr(b, &ra));
  XT_ASSERT_INT_EQ(la.kind, XNET_KIND_PIPE);
  XT_ASSERT_INT_EQ(ra.kind, XNET_KIND_PIPE);
  XT_ASSERT_STR_EQ(xnet_addr_network(&la), "pipe");
  char text[XNET_ADDR_STRLEN];
  XT_ASSERT_INT_EQ(xnet_addr_format(&ra, text, sizeof text), 4);
  XT_ASSERT_STR_EQ(text, "pipe");
  XT_ASSERT_INT_EQ(xnet_conn_kind(a), XNET_KIND_PIPE);
  XT_ASSERT(xnet_conn_stack(a) == xnet_stack_default());
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_pipe_socket_functions_fail(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  char buf[4];
  xnet_addr to = {.kind = XNET_KIND_PIPE};
  XT_ASSERT_ERR(xnet_conn_read_from(a, buf, sizeof buf, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_conn_write_to(a, buf, sizeof buf, &to), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_conn_write_msg(a, buf, sizeof buf, NULL, 0, NULL),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_conn_close_write(a), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_conn_close_read(a), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_conn_set_read_buffer(a, 4096), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_conn_set_keep_alive(a, true), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_conn_set_no_delay(a, true), XNET_EINVAL);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

/* ---- full duplex ---- */

#define DUPLEX_BYTES (1 << 20)

typedef struct duplex_side {
  xnet_conn *c;
  unsigned seed; /* the pattern this side writes, or expects to read */
  int ok;
} duplex_side;

static unsigned char pattern(unsigned seed, size_t i) {
  return (unsigned char)(seed + i * 31 + (i >> 8));
}

static void *duplex_write(void *arg) {
  duplex_side *d = arg;
  unsigned char chunk[3001]; /* odd sizes: reads and writes misalign */
  size_t off = 0;
  d->ok = 1;
  while (off < DUPLEX_BYTES) {
    size_t n = DUPLEX_BYTES - off < sizeof chunk ? DUPLEX_BYTES - off : sizeof chunk;
    for (size_t i = 0; i < n; i++) chunk[i] = pattern(d->seed, off + i);
    if (xnet_conn_write(d->c, chunk, n) != (int)n) d->ok = 0;
    off += n;
  }
  return NULL;
}

static void *duplex_read(void *arg) {
  duplex_side *d = arg;
  unsigned char buf[1777];
  size_t off = 0;
  d->ok = 1;
  while (off < DUPLEX_BYTES) {
    int n = xnet_conn_read(d->c, buf, sizeof buf);
    if (n <= 0) {
      d->ok = 0;
      return NULL;
    }
    for (int i = 0; i < n; i++)
      if (buf[i] != pattern(d->seed, off + (size_t)i)) d->ok = 0;
    off += (size_t)n;
  }
  return NULL;
}

static void test_pipe_full_duplex_concurrent_traffic(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  duplex_side wa = {a, 7, 0}, rb = {b, 7, 0}, wb = {b, 99, 0}, ra = {a, 99, 0};
  pthread_t t[4];
  pthread_create(&t[0], NULL, duplex_write, &wa);
  pthread_create(&t[1], NULL, duplex_read, &rb);
  pthread_create(&t[2], NULL, duplex_write, &wb);
  pthread_create(&t[3], NULL, duplex_read, &ra);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  XT_ASSERT(wa.ok && rb.ok && wb.ok && ra.ok);
  XT_ASSERT_OK(xnet_conn_close(b));
  XT_ASSERT_OK(xnet_conn_close(a));
}

/* ---- close from another thread, 1,000 times ---- */

static void test_pipe_close_wakes_blocked_read(void) {
  int fds_before = ctu_count_fds();
  for (int i = 0; i < ITERATIONS; i++) {
    xnet_conn *a, *b;
    XT_ASSERT_OK(xnet_pipe(&a, &b));
    pipe_call r = {.c = a};
    pthread_t t;
    pthread_create(&t, NULL, do_read, &r);
    ctu_wait_busy(&a->pd);
    XT_ASSERT_OK(xnet_conn_close(a));
    pthread_join(t, NULL);
    XT_ASSERT_ERR(r.rc, XNET_ECLOSED);
    XT_ASSERT_OK(xnet_conn_close(b));
  }
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds_before);
}

typedef struct closer {
  xnet_conn *c;
  atomic_int done;
} closer;

static void *close_in_thread(void *arg) {
  closer *k = arg;
  xnet_conn_close(k->c);
  atomic_store(&k->done, 1);
  return NULL;
}

/* Three reads blocked on one end: close wakes every one (each waits on a
 * waker of its own; with one shared latch, close waited forever for the
 * third). The close runs on a thread so that a missed wake fails the test
 * instead of hanging it. */
static void test_pipe_close_wakes_every_blocked_read(void) {
  enum { N = 3 };
  for (int i = 0; i < 100; i++) {
    xnet_conn *a, *b;
    XT_ASSERT_OK(xnet_pipe(&a, &b));
    pipe_call r[N];
    pthread_t t[N];
    for (int k = 0; k < N; k++) {
      memset(&r[k], 0, sizeof r[k]);
      r[k].c = a;
      r[k].closed_under_it = true;
      pthread_create(&t[k], NULL, do_read, &r[k]);
    }
    while (atomic_load(&a->pd.busy) < N) ctu_sleep_ms(0);
    ctu_sleep_ms(1); /* into their waits */
    closer k = {.c = a};
    atomic_init(&k.done, 0);
    pthread_t ct;
    pthread_create(&ct, NULL, close_in_thread, &k);
    int64_t until = ctu_now_ns() + 2000 * 1000000LL;
    while (!atomic_load(&k.done) && ctu_now_ns() < until) ctu_sleep_ms(1);
    if (!atomic_load(&k.done)) {
      xt_fail(__LINE__, __FILE__, "close did not return with %d reads blocked", N);
      return; /* the threads stay blocked: nothing safe to free */
    }
    pthread_join(ct, NULL);
    for (int j = 0; j < N; j++) {
      pthread_join(t[j], NULL);
      XT_ASSERT_ERR(r[j].rc, XNET_ECLOSED);
    }
    XT_ASSERT_OK(xnet_conn_close(b));
  }
}

static void test_pipe_close_wakes_blocked_write(void) {
  int fds_before = ctu_count_fds();
  for (int i = 0; i < ITERATIONS; i++) {
    xnet_conn *a, *b;
    XT_ASSERT_OK(xnet_pipe(&a, &b));
    pipe_call w = {.c = a, .src = "data", .n = 4, .closed_under_it = true};
    pthread_t t;
    pthread_create(&t, NULL, do_write, &w);
    ctu_wait_busy(&a->pd);
    XT_ASSERT_OK(xnet_conn_close(a));
    pthread_join(t, NULL);
    XT_ASSERT_ERR(w.rc, XNET_ECLOSED);
    XT_ASSERT_OK(xnet_conn_close(b));
  }
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds_before);
}

/* Both ends closed at once from two threads while both ends have a blocked
 * call: whichever close comes last frees the pair. */
static void *close_conn(void *arg) {
  xnet_conn_close(arg);
  return NULL;
}

static void test_pipe_close_both_ends_concurrently(void) {
  int fds_before = ctu_count_fds();
  for (int i = 0; i < ITERATIONS; i++) {
    xnet_conn *a, *b;
    XT_ASSERT_OK(xnet_pipe(&a, &b));
    pipe_call ra = {.c = a}, rb = {.c = b};
    pthread_t t[4];
    pthread_create(&t[0], NULL, do_read, &ra);
    pthread_create(&t[1], NULL, do_read, &rb);
    ctu_wait_busy(&a->pd);
    ctu_wait_busy(&b->pd);
    pthread_create(&t[2], NULL, close_conn, a);
    pthread_create(&t[3], NULL, close_conn, b);
    for (int j = 0; j < 4; j++) pthread_join(t[j], NULL);
    /* Each read saw its own close or the peer's: ECLOSED or EOF. */
    XT_ASSERT(ra.rc == XNET_ECLOSED || ra.rc == 0);
    XT_ASSERT(rb.rc == XNET_ECLOSED || rb.rc == 0);
  }
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds_before);
}

XT_SUITE(core, pipe, NULL, NULL,
         XT_TEST(test_pipe_round_trip_both_directions),
         XT_TEST(test_pipe_close_wakes_every_blocked_read),
         XT_TEST(test_pipe_write_blocks_until_read),
         XT_TEST(test_pipe_read_returns_data_of_one_write),
         XT_TEST(test_pipe_zero_length_calls_return_at_once),
         XT_TEST(test_pipe_read_deadline_times_out),
         XT_TEST(test_pipe_write_deadline_reports_bytes_consumed),
         XT_TEST(test_pipe_deadline_moved_wakes_blocked_read),
         XT_TEST(test_pipe_peer_close_gives_eof_and_epipe),
         XT_TEST(test_pipe_peer_close_wakes_blocked_calls),
         XT_TEST(test_pipe_addresses_are_pipe),
         XT_TEST(test_pipe_socket_functions_fail),
         XT_TEST(test_pipe_full_duplex_concurrent_traffic),
         XT_TEST(test_pipe_close_wakes_blocked_read),
         XT_TEST(test_pipe_close_wakes_blocked_write),
         XT_TEST(test_pipe_close_both_ends_concurrently));
