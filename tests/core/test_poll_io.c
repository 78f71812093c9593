/* test_poll_io.c — the order of operation and readiness wait in a blocking
 * call (xnet__pd_io): request/response traffic waits first (a wait and the
 * operation, no failed attempt), streaming traffic tries first (the
 * operation alone), and the clock is read on few of the waits. Counted
 * through a stack whose syscall table tallies calls. */
#include <string.h>

#include "core_test_util.h"
#include "posix_int.h"
#include "xnet/error.h"
#include "xnet_test.h"

static xnet_posix_syscalls real;
static atomic_int n_recv, n_recv_again, n_poll, n_clock;

static ssize_t counting_recvmsg(int fd, struct msghdr *m, int flags) {
  ssize_t r = real.recvmsg(fd, m, flags);
  atomic_fetch_add(&n_recv, 1);
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    atomic_fetch_add(&n_recv_again, 1);
  return r;
}
static ssize_t counting_recvfrom(int fd, void *buf, size_t n, int flags,
                                 struct sockaddr *sa, socklen_t *len) {
  ssize_t r = real.recvfrom(fd, buf, n, flags, sa, len);
  atomic_fetch_add(&n_recv, 1);
  if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    atomic_fetch_add(&n_recv_again, 1);
  return r;
}
static int counting_poll(struct pollfd *fds, nfds_t n, int ms) {
  atomic_fetch_add(&n_poll, 1);
  return real.poll(fds, n, ms);
}
/* Set: the clock steps 100 ns per reading, so every timed wait is short
 * whatever the machine's load. */
static atomic_int stepping_clock;
static atomic_llong step_ns;

static int counting_clock(clockid_t id, struct timespec *ts) {
  atomic_fetch_add(&n_clock, 1);
  if (!atomic_load(&stepping_clock)) return real.clock_gettime(id, ts);
  long long t = atomic_fetch_add(&step_ns, 100) + 100;
  ts->tv_sec = (time_t)(t / 1000000000);
  ts->tv_nsec = (long)(t % 1000000000);
  return 0;
}

static xnet_stack *counting_stack(void) {
  static xnet_posix_syscalls sys;
  xnet__host_syscalls(&real);
  sys = real;
  sys.recvmsg = counting_recvmsg;
  sys.recvfrom = counting_recvfrom; /* read_from's call */
  sys.poll = counting_poll;
  sys.clock_gettime = counting_clock;
  xnet_posix_config cfg = {.syscalls = &sys};
  xnet_stack *s = NULL;
  if (xnet__host_stack_open_config(&cfg, &s) < 0) return NULL;
  return s;
}

static void reset_counts(void) {
  atomic_store(&n_recv, 0);
  atomic_store(&n_recv_again, 0);
  atomic_store(&n_poll, 0);
  atomic_store(&n_clock, 0);
}

typedef struct {
  xnet_conn *c;
  int rounds;
  atomic_int ready; /* reads started */
  int failures;
} reader;

static void *read_rounds(void *arg) {
  reader *r = arg;
  char b[16];
  xnet_addr from;
  for (int i = 0; i < r->rounds; i++) {
    atomic_fetch_add(&r->ready, 1);
    if (xnet_conn_read_from(r->c, b, sizeof b, &from) != 4) r->failures++;
  }
  return NULL;
}

/* A reader rc on the counting stack s and a writer wc on the host stack,
 * both UDP on 127.0.0.1. The first error. */
static int open_conns(xnet_stack *s, xnet_conn **rc, xnet_conn **wc) {
  xnet_listen_config lc = {.stack = s};
  int err = xnet_listen_config_listen_packet(&lc, "udp4", "127.0.0.1:0", rc);
  return err ? err : xnet_listen_packet("udp4", "127.0.0.1:0", wc);
}

#define ROUNDS 32

/* Each read blocks until the writer sends: after the first two reads
 * (which try, fail and wait), every read waits first and then reads once. */
static void test_poll_io_request_response_waits_first(void) {
  xnet_stack *s = counting_stack();
  XT_ASSERT(s != NULL);
  xnet_conn *rc, *wc;
  XT_ASSERT_OK(open_conns(s, &rc, &wc));
  xnet_addr to;
  xnet_conn_local_addr(rc, &to);
  reset_counts();
  reader r = {rc, ROUNDS, 0, 0};
  pthread_t t;
  pthread_create(&t, NULL, read_rounds, &r);
  for (int i = 0; i < ROUNDS; i++) {
    while (atomic_load(&r.ready) <= i) ctu_sleep_ms(0);
    ctu_sleep_ms(1); /* the reader is blocked by now (almost always) */
    XT_ASSERT_INT_EQ(xnet_conn_write_to(wc, "ping", 4, &to), 4);
  }
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(r.failures, 0);
  /* Every datagram is read by one successful recvfrom. A read that waited
   * first but found nothing... cannot happen: a wait returns on readiness.
   * Failed attempts: the first two reads', plus one for each wait that a
   * timed check judged "no block" under a loaded machine (rare). */
  XT_ASSERT_INT_EQ(atomic_load(&n_recv) - atomic_load(&n_recv_again), ROUNDS);
  XT_ASSERT(atomic_load(&n_recv_again) >= 2);
  XT_ASSERT(atomic_load(&n_recv_again) <= 4);
  XT_ASSERT(atomic_load(&n_poll) >= ROUNDS - 3);
  XT_ASSERT(atomic_load(&n_poll) <= ROUNDS + 3);
  /* The clock: two reads per timed wait, one wait in eight timed. */
  XT_ASSERT(atomic_load(&n_clock) <= 2 * (ROUNDS / 8 + 2));
  xnet_conn_close(rc);
  xnet_conn_close(wc);
  xnet_stack_close(s);
}

/* Runs `waits` reads on rc that each have to wait for wc's datagram. */
static void reads_that_wait(xnet_conn *rc, xnet_conn *wc, int waits) {
  xnet_addr to;
  xnet_conn_local_addr(rc, &to);
  reader r = {rc, waits, 0, 0};
  pthread_t t;
  pthread_create(&t, NULL, read_rounds, &r);
  for (int i = 0; i < waits; i++) {
    while (atomic_load(&r.ready) <= i) ctu_sleep_ms(0);
    ctu_sleep_ms(5);
    XT_ASSERT_INT_EQ(xnet_conn_write_to(wc, "ping", 4, &to), 4);
  }
  pthread_join(t, NULL);
  XT_ASSERT_INT_EQ(r.failures, 0);
}

/* After `waits` reads that each had to wait, 20 datagrams are queued and
 * read: asserts that every read found its datagram on its first try except
 * for `want_polls` waits. Timed waits use a clock that steps 100 ns per
 * reading, so load cannot make a wait look slow. */
static void stream_after_waits(int waits, int want_polls) {
  xnet_stack *s = counting_stack();
  XT_ASSERT(s != NULL);
  xnet_conn *rc, *wc;
  XT_ASSERT_OK(open_conns(s, &rc, &wc));
  xnet_addr to, from;
  xnet_conn_local_addr(rc, &to);
  reads_that_wait(rc, wc, waits);
  for (int i = 0; i < 20; i++)
    XT_ASSERT_INT_EQ(xnet_conn_write_to(wc, "ping", 4, &to), 4);
  ctu_sleep_ms(5);
  reset_counts();
  atomic_store(&stepping_clock, 1);
  char b[16];
  for (int i = 0; i < 20; i++)
    XT_ASSERT_INT_EQ(xnet_conn_read_from(rc, b, sizeof b, &from), 4);
  XT_ASSERT_INT_EQ(atomic_load(&n_recv), 20);
  XT_ASSERT_INT_EQ(atomic_load(&n_recv_again), 0);
  XT_ASSERT_INT_EQ(atomic_load(&n_poll), want_polls);
  atomic_store(&stepping_clock, 0);
  xnet_conn_close(rc);
  xnet_conn_close(wc);
  xnet_stack_close(s);
}

/* Two reads in a row that had to wait: the conn waits first. The next
 * read's wait finds the socket ready at once, and the reads after it try
 * first: one wait for the 20 datagrams, not one each. */
static void test_poll_io_streaming_tries_first_again(void) {
  stream_after_waits(2, 1);
}

/* A reader that caught up with a stream once keeps trying first: one read
 * that had to wait is not a pattern, so the queued datagrams after it are
 * read with no wait at all. */
static void test_poll_io_one_wait_keeps_trying_first(void) {
  stream_after_waits(1, 0);
}

XT_SUITE(core, poll_io, NULL, NULL,
         XT_TEST(test_poll_io_request_response_waits_first),
         XT_TEST(test_poll_io_streaming_tries_first_again),
         XT_TEST(test_poll_io_one_wait_keeps_trying_first));
