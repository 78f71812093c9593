/* test_posix_syscalls.c — the POSIX logic's handling of what system calls
 * return, driven by fakes in a stack's syscall table: EINTR retried (or
 * not, for connect), errno and EAI_* codes mapped, deadlines turned into
 * poll timeouts rounded up on a fake clock, send flags. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "posix_int.h"
#include "xnet/stack.h"
#include "xnet_test.h"

static xnet_posix_syscalls real; /* the host table the fakes forward to */

/* Opens a stack whose table is the host's with t's changes. */
static xnet_stack *open_with(const xnet_posix_syscalls *t) {
  xnet_posix_config cfg = {.syscalls = t};
  xnet_stack *s = NULL;
  return xnet__host_stack_open_config(&cfg, &s) == 0 ? s : NULL;
}

static int suite_init(void) {
  xnet__host_syscalls(&real);
  return 0;
}

/* ---- EINTR ---- */

static int eintr_left, calls;

static ssize_t eintr_recvmsg(int fd, struct msghdr *m, int flags) {
  calls++;
  if (eintr_left > 0) {
    eintr_left--;
    errno = EINTR;
    return -1;
  }
  return real.recvmsg(fd, m, flags);
}

static void test_posix_syscalls_recvmsg_retries_eintr(void) {
  xnet_posix_syscalls t = real;
  t.recvmsg = eintr_recvmsg;
  xnet_stack *s = open_with(&t);
  XT_ASSERT(s != NULL);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *in = xnet__stack_instance(s);
  int fds[2];
  XT_ASSERT_INT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, fds), 0);
  XT_ASSERT_INT_EQ(write(fds[1], "abc", 3), 3);
  char buf[8];
  struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1};
  eintr_left = 2;
  calls = 0;
  int rc = ops->recvmsg(in, fds[0], &m, 0);
  close(fds[0]);
  close(fds[1]);
  xnet_stack_close(s);
  XT_ASSERT_INT_EQ(rc, 3);
  XT_ASSERT_INT_EQ(calls, 3);
  XT_ASSERT_MEM_EQ(buf, m.n, "abc", 3);
}

/* ---- connect, accept, close ---- */

static int fake_errno;

static int fake_connect(int fd, const struct sockaddr *sa, socklen_t len) {
  (void)fd, (void)sa, (void)len;
  calls++;
  errno = fake_errno;
  return -1;
}

static void test_posix_syscalls_connect_maps_in_progress(void) {
  xnet_posix_syscalls t = real;
  t.connect = fake_connect;
  xnet_stack *s = open_with(&t);
  XT_ASSERT(s != NULL);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *in = xnet__stack_instance(s);
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = XNET_AF_INET;
  a.port = 1;
  static const struct {
    int e, want;
  } cases[] = {{EINPROGRESS, XNET_EAGAIN},   {EINTR, XNET_EAGAIN},
               {EALREADY, XNET_EAGAIN},      {EISCONN, 0},
               {ECONNREFUSED, XNET_ECONNREFUSED}, {ENETUNREACH, XNET_ENETUNREACH}};
  int got[6];
  calls = 0;
  for (int i = 0; i < 6; i++) {
    fake_errno = cases[i].e;
    got[i] = ops->connect(in, 3, &a);
  }
  xnet_stack_close(s);
  for (int i = 0; i < 6; i++) XT_ASSERT_ERR(got[i], cases[i].want);
  XT_ASSERT_INT_EQ(calls, 6); /* EINTR is not retried: connect continues */
}

static int accept_script[3];

static int fake_accept4(int fd, struct sockaddr *sa, socklen_t *len,
                        int flags) {
  (void)fd, (void)sa, (void)len, (void)flags;
  errno = accept_script[calls < 3 ? calls : 2];
  calls++;
  return -1;
}

static void test_posix_syscalls_accept_skips_aborted(void) {
  xnet_posix_syscalls t = real;
  t.accept4 = fake_accept4;
  xnet_stack *s = open_with(&t);
  XT_ASSERT(s != NULL);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *in = xnet__stack_instance(s);
  accept_script[0] = ECONNABORTED;
  accept_script[1] = EINTR;
  accept_script[2] = EAGAIN;
  calls = 0;
  int ns = 5;
  int rc = ops->accept(in, 3, &ns, NULL);
  xnet_stack_close(s);
  XT_ASSERT_ERR(rc, XNET_EAGAIN);
  XT_ASSERT_INT_EQ(calls, 3);
  XT_ASSERT_INT_EQ(ns, -1);
}

static int fake_close(int fd) {
  (void)fd;
  calls++;
  errno = fake_errno;
  return -1;
}

static void test_posix_syscalls_close_eintr_counts_as_closed(void) {
  xnet_posix_syscalls t = real;
  t.close = fake_close;
  xnet_stack *s = open_with(&t);
  XT_ASSERT(s != NULL);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *in = xnet__stack_instance(s);
  calls = 0;
  fake_errno = EINTR;
  int rc1 = ops->close(in, 1000);
  fake_errno = EBADF;
  int rc2 = ops->close(in, 1000);
  xnet_stack_close(s);
  XT_ASSERT_OK(rc1);
  XT_ASSERT_ERR(rc2, XNET_EBADF);
  XT_ASSERT_INT_EQ(calls, 2); /* never retried */
}

/* ---- getaddrinfo ---- */

static int fake_eai;
static struct sockaddr_in fake_v4;
static struct sockaddr_in6 fake_v6;
static struct addrinfo fake_list[3];

static int fake_getaddrinfo(const char *host, const char *service,
                            const struct addrinfo *hints,
                            struct addrinfo **res) {
  (void)host, (void)service, (void)hints;
  *res = NULL;
  if (fake_eai == EAI_SYSTEM) errno = EMFILE;
  if (fake_eai) return fake_eai;
  /* 127.0.0.1, ::1%2, 127.0.0.1 again */
  memset(fake_list, 0, sizeof fake_list);
  memset(&fake_v4, 0, sizeof fake_v4);
  fake_v4.sin_family = AF_INET;
  fake_v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  memset(&fake_v6, 0, sizeof fake_v6);
  fake_v6.sin6_family = AF_INET6;
  fake_v6.sin6_addr = in6addr_loopback;
  fake_v6.sin6_scope_id = 2;
  fake_list[0].ai_addr = (struct sockaddr *)&fake_v4;
  fake_list[0].ai_addrlen = sizeof fake_v4;
  fake_list[0].ai_next = &fake_list[1];
  fake_list[1].ai_addr = (struct sockaddr *)&fake_v6;
  fake_list[1].ai_addrlen = sizeof fake_v6;
  fake_list[1].ai_next = &fake_list[2];
  fake_list[2] = fake_list[0];
  fake_list[2].ai_next = NULL;
  *res = fake_list;
  return 0;
}

static void fake_freeaddrinfo(struct addrinfo *res) {
  (void)res;
  calls++;
}

static void test_posix_syscalls_resolve_maps_eai_codes(void) {
  xnet_posix_syscalls t = real;
  t.getaddrinfo = fake_getaddrinfo;
  t.freeaddrinfo = fake_freeaddrinfo;
  xnet_stack *s = open_with(&t);
  XT_ASSERT(s != NULL);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *in = xnet__stack_instance(s);
  static const int cases[][2] = {
      {EAI_NONAME, XNET_ENOHOST},      {EAI_AGAIN, XNET_EAGAIN},
      {EAI_FAIL, XNET_EIO},            {EAI_MEMORY, XNET_ENOMEM},
      {EAI_FAMILY, XNET_EAFNOSUPPORT}, {EAI_SYSTEM, XNET_EMFILE},
      {EAI_SERVICE, XNET_EINVAL},      {EAI_NODATA, XNET_ENOHOST}};
  xnet_resolved r[4];
  int got[8];
  for (int i = 0; i < 8; i++) {
    fake_eai = cases[i][0];
    got[i] = ops->resolve(in, "h", XNET_AF_UNSPEC, r, 4);
  }
  fake_eai = 0;
  calls = 0;
  int n = ops->resolve(in, "h", XNET_AF_UNSPEC, r, 4);
  int freed = calls;
  int n1 = ops->resolve(in, "h", XNET_AF_UNSPEC, r, 1);
  xnet_stack_close(s);
  for (int i = 0; i < 8; i++) XT_ASSERT_ERR(got[i], cases[i][1]);
  XT_ASSERT_INT_EQ(n, 2); /* the duplicate is dropped */
  XT_ASSERT_INT_EQ(freed, 1);
  XT_ASSERT_INT_EQ(r[0].ip.len, 4);
  XT_ASSERT_INT_EQ(n1, 1);
}

static void test_posix_syscalls_resolve_keeps_scope_as_zone(void) {
  xnet_posix_syscalls t = real;
  t.getaddrinfo = fake_getaddrinfo;
  t.freeaddrinfo = fake_freeaddrinfo;
  xnet_stack *s = open_with(&t);
  XT_ASSERT(s != NULL);
  fake_eai = 0;
  xnet_resolved r[4];
  int n = xnet__stack_ops(s)->resolve(xnet__stack_instance(s), "h",
                                      XNET_AF_UNSPEC, r, 4);
  xnet_stack_close(s);
  XT_ASSERT_INT_EQ(n, 2);
  XT_ASSERT_INT_EQ(r[1].ip.len, 16);
  XT_ASSERT_STR_EQ(r[1].ip.zone, "2");
  XT_ASSERT_STR_EQ(r[0].ip.zone, "");
}

/* ---- wait: a fake clock and a scripted poll ---- */

static int64_t fake_now;
typedef struct poll_step {
  int64_t advance; /* ns the fake clock moves during this poll */
  int ret;         /* poll's return; -1 with errno EINTR */
  short revents;   /* for the socket entry */
} poll_step;
static const poll_step *script;
static int steps, step;
static int timeouts[8];

static int fake_clock(clockid_t c, struct timespec *ts) {
  (void)c;
  ts->tv_sec = (time_t)(fake_now / 1000000000);
  ts->tv_nsec = (long)(fake_now % 1000000000);
  return 0;
}

static int fake_poll(struct pollfd *fds, nfds_t n, int timeout_ms) {
  (void)n;
  if (step >= steps) return 0;
  const poll_step *p = &script[step];
  timeouts[step++] = timeout_ms;
  fake_now += p->advance;
  fds[0].revents = p->revents;
  if (p->ret < 0) errno = EINTR;
  return p->ret;
}

static int run_wait(const poll_step *sc, int n, int64_t deadline_from_now) {
  xnet_posix_syscalls t = real;
  t.clock_gettime = fake_clock;
  t.poll = fake_poll;
  xnet_stack *s = open_with(&t);
  if (!s) return INT_MIN;
  script = sc;
  steps = n;
  step = 0;
  memset(timeouts, 0, sizeof timeouts);
  fake_now = 1000 * XNET_SECOND;
  int64_t deadline = deadline_from_now ? fake_now + deadline_from_now : 0;
  int rc = xnet__stack_ops(s)->wait(xnet__stack_instance(s), 3,
                                    XNET_WAIT_READ, deadline, NULL);
  xnet_stack_close(s);
  return rc;
}

static void test_posix_syscalls_wait_rounds_up_and_repolls(void) {
  /* 1.5 ms left -> poll(2); back after 1 ms with nothing -> poll(1);
   * back after 1 ms more: the deadline has passed. */
  static const poll_step sc[] = {{XNET_MILLISECOND, 0, 0},
                                 {XNET_MILLISECOND, 0, 0}};
  int rc = run_wait(sc, 2, 1500000);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT_INT_EQ(step, 2);
  XT_ASSERT_INT_EQ(timeouts[0], 2);
  XT_ASSERT_INT_EQ(timeouts[1], 1);
}

static void test_posix_syscalls_wait_exact_ms_not_rounded(void) {
  static const poll_step sc[] = {{50 * XNET_MILLISECOND, 0, 0}};
  XT_ASSERT_ERR(run_wait(sc, 1, 50 * XNET_MILLISECOND), XNET_ETIMEDOUT);
  XT_ASSERT_INT_EQ(timeouts[0], 50);
  /* One nanosecond left still waits a whole millisecond. */
  XT_ASSERT_ERR(run_wait(sc, 1, 1), XNET_ETIMEDOUT);
  XT_ASSERT_INT_EQ(timeouts[0], 1);
}

static void test_posix_syscalls_wait_retries_eintr_and_reports_ready(void) {
  static const poll_step sc[] = {{200000, -1, 0}, /* EINTR after 0.2 ms */
                                 {0, 1, POLLIN}};
  XT_ASSERT_OK(run_wait(sc, 2, 10 * XNET_MILLISECOND));
  XT_ASSERT_INT_EQ(step, 2);
  XT_ASSERT_INT_EQ(timeouts[0], 10);
  XT_ASSERT_INT_EQ(timeouts[1], 10); /* 9.8 ms left, rounded up */
  /* No deadline: poll blocks (-1); hang-up and error count as ready. */
  static const poll_step hup[] = {{0, 1, POLLHUP}};
  XT_ASSERT_OK(run_wait(hup, 1, 0));
  XT_ASSERT_INT_EQ(timeouts[0], -1);
  static const poll_step nval[] = {{0, 1, POLLNVAL}};
  XT_ASSERT_ERR(run_wait(nval, 1, 0), XNET_EBADF);
}

static void test_posix_syscalls_wait_far_deadline_caps_timeout(void) {
  static const poll_step sc[] = {{0, 1, POLLIN}};
  XT_ASSERT_OK(run_wait(sc, 1, INT64_C(1) << 62));
  XT_ASSERT_INT_EQ(timeouts[0], INT_MAX);
}

/* ---- send flags, and which call carries a message ---- */

static int seen_flags;
static char seen_call; /* 'm': sendmsg/recvmsg, 't': sendto, 'f': recvfrom */
static size_t seen_controllen;

static ssize_t flag_sendmsg(int fd, const struct msghdr *m, int flags) {
  (void)fd;
  seen_flags = flags;
  seen_call = 'm';
  seen_controllen = m->msg_controllen;
  return (ssize_t)m->msg_iov[0].iov_len;
}

static ssize_t flag_sendto(int fd, const void *buf, size_t n, int flags,
                           const struct sockaddr *sa, socklen_t len) {
  (void)fd, (void)buf, (void)sa, (void)len;
  seen_flags = flags;
  seen_call = 't';
  return (ssize_t)n;
}

static ssize_t flag_recvmsg(int fd, struct msghdr *m, int flags) {
  (void)fd;
  seen_flags = flags;
  seen_call = 'm';
  m->msg_namelen = 0;
  m->msg_controllen = 0;
  m->msg_flags = MSG_TRUNC | MSG_CTRUNC | MSG_EOR | MSG_OOB;
  return 0;
}

static ssize_t flag_recvfrom(int fd, void *buf, size_t n, int flags,
                             struct sockaddr *sa, socklen_t *len) {
  (void)fd, (void)buf, (void)n, (void)sa;
  seen_flags = flags;
  seen_call = 'f';
  *len = 0;
  return 0;
}

/* A stack whose message calls are the flag_* fakes; without the
 * one-buffer calls when one_buffer is 0. */
static xnet_stack *flag_stack(int one_buffer) {
  xnet_posix_syscalls t = real;
  t.sendmsg = flag_sendmsg;
  t.recvmsg = flag_recvmsg;
  t.sendto = one_buffer ? flag_sendto : NULL;
  t.recvfrom = one_buffer ? flag_recvfrom : NULL;
  return open_with(&t);
}

static void test_posix_syscalls_message_flags(void) {
  xnet_stack *s = flag_stack(1);
  XT_ASSERT(s != NULL);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *in = xnet__stack_instance(s);
  int w = ops->write(in, 3, "x", 1);
  int write_flags = seen_flags;
  char write_call = seen_call;
  struct iovec iov = {.iov_base = (void *)(uintptr_t)"xy", .iov_len = 2};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1};
  int sm = ops->sendmsg(in, 3, &m, XNET_MSG_OOB | XNET_MSG_EOR);
  int send_flags = seen_flags;
  char send_call = seen_call;
  int rm = ops->recvmsg(in, 3, &m, XNET_MSG_PEEK);
  int recv_flags = seen_flags;
  char recv_call = seen_call;
  XT_ASSERT_INT_EQ(w, 1);
  XT_ASSERT_INT_EQ(write_flags, MSG_NOSIGNAL); /* never SIGPIPE */
  XT_ASSERT_INT_EQ(write_call, 't');           /* send(2): one buffer */
  XT_ASSERT_INT_EQ(sm, 2);
  XT_ASSERT_INT_EQ(send_flags, MSG_NOSIGNAL | MSG_OOB | MSG_EOR);
  XT_ASSERT_INT_EQ(send_call, 't');
  XT_ASSERT_INT_EQ(rm, 0);
  XT_ASSERT_INT_EQ(recv_flags, MSG_CMSG_CLOEXEC | MSG_PEEK); /* passed fds close-on-exec */
  XT_ASSERT_INT_EQ(recv_call, 'm'); /* the caller wants the flags */
  XT_ASSERT_INT_EQ(m.flags, XNET_MSG_TRUNC | XNET_MSG_CTRUNC | XNET_MSG_EOR |
                                XNET_MSG_OOB);
  XT_ASSERT_INT_EQ(m.addr.family, XNET_AF_UNSPEC);

  /* No flags wanted and no control buffer: recvfrom, and flags read 0. */
  XT_ASSERT_INT_EQ(ops->recvmsg(in, 3, &m, XNET_MSG_PEEK | XNET_MSG_NO_FLAGS), 0);
  XT_ASSERT_INT_EQ(seen_call, 'f');
  XT_ASSERT_INT_EQ(seen_flags, MSG_CMSG_CLOEXEC | MSG_PEEK);
  XT_ASSERT_INT_EQ(m.flags, 0);
  /* A control buffer needs recvmsg and sendmsg whatever the flags. */
  uint8_t ctl[64] = {0};
  m.oob = ctl;
  m.oob_cap = sizeof ctl;
  XT_ASSERT_INT_EQ(ops->recvmsg(in, 3, &m, XNET_MSG_NO_FLAGS), 0);
  XT_ASSERT_INT_EQ(seen_call, 'm');
  m.oob_len = 16;
  XT_ASSERT_INT_EQ(ops->sendmsg(in, 3, &m, 0), 2);
  XT_ASSERT_INT_EQ(seen_call, 'm');
  XT_ASSERT_UINT_EQ(seen_controllen, 16);
  /* Two buffers: sendmsg. */
  struct iovec two[2] = {{(void *)(uintptr_t)"a", 1}, {(void *)(uintptr_t)"b", 1}};
  xnet_backend_msg m2 = {.iov = two, .iov_len = 2};
  XT_ASSERT_INT_EQ(ops->sendmsg(in, 3, &m2, 0), 1); /* the fake sends iov[0] */
  XT_ASSERT_INT_EQ(seen_call, 'm');
  xnet_stack_close(s);
}

/* A table without the one-buffer calls sends and receives everything
 * through sendmsg/recvmsg (the fakes of the BSD suites rely on it). */
static void test_posix_syscalls_message_calls_without_sendto(void) {
  xnet_stack *s = flag_stack(0);
  XT_ASSERT(s != NULL);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *in = xnet__stack_instance(s);
  seen_call = 0;
  XT_ASSERT_INT_EQ(ops->write(in, 3, "x", 1), 1);
  XT_ASSERT_INT_EQ(seen_call, 'm');
  XT_ASSERT_INT_EQ(seen_flags, MSG_NOSIGNAL);
  struct iovec iov = {.iov_base = (void *)(uintptr_t)"xy", .iov_len = 2};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1};
  seen_call = 0;
  XT_ASSERT_INT_EQ(ops->recvmsg(in, 3, &m, XNET_MSG_NO_FLAGS), 0);
  XT_ASSERT_INT_EQ(seen_call, 'm');
  xnet_stack_close(s);
}

static void test_posix_syscalls_sendmsg_rejects_bad_destination(void) {
  xnet_stack *s = flag_stack(1); /* either send call would be seen */
  XT_ASSERT(s != NULL);
  struct iovec iov = {.iov_base = (void *)(uintptr_t)"xy", .iov_len = 2};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1};
  m.addr.family = XNET_AF_INET;
  m.addr.ip = xnet_ipv6_loopback; /* not an IPv4 address */
  seen_flags = -1;
  int rc = xnet__stack_ops(s)->sendmsg(xnet__stack_instance(s), 3, &m, 0);
  xnet_stack_close(s);
  XT_ASSERT_ERR(rc, XNET_EBADADDR);
  XT_ASSERT_INT_EQ(seen_flags, -1); /* nothing sent */
}

/* ---- randomness without getrandom ---- */

static ssize_t enosys_getrandom(void *buf, size_t n, unsigned flags) {
  (void)buf, (void)n, (void)flags;
  calls++;
  errno = ENOSYS;
  return -1;
}

static void test_posix_syscalls_random_falls_back_to_urandom(void) {
  xnet_posix_syscalls t = real;
  t.getrandom = enosys_getrandom;
  xnet_stack *s = open_with(&t);
  XT_ASSERT(s != NULL);
  uint8_t a[32], b[32];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  calls = 0;
  int rc1 = xnet__stack_ops(s)->random(xnet__stack_instance(s), a, sizeof a);
  int rc2 = xnet__stack_ops(s)->random(xnet__stack_instance(s), b, sizeof b);
  xnet_stack_close(s);
  XT_ASSERT_OK(rc1);
  XT_ASSERT_OK(rc2);
  XT_ASSERT_INT_EQ(calls, 2);
  XT_ASSERT(memcmp(a, b, sizeof a) != 0);
}

XT_SUITE(backends, posix_syscalls, suite_init, NULL,
         XT_TEST(test_posix_syscalls_recvmsg_retries_eintr),
         XT_TEST(test_posix_syscalls_connect_maps_in_progress),
         XT_TEST(test_posix_syscalls_accept_skips_aborted),
         XT_TEST(test_posix_syscalls_close_eintr_counts_as_closed),
         XT_TEST(test_posix_syscalls_resolve_maps_eai_codes),
         XT_TEST(test_posix_syscalls_resolve_keeps_scope_as_zone),
         XT_TEST(test_posix_syscalls_wait_rounds_up_and_repolls),
         XT_TEST(test_posix_syscalls_wait_exact_ms_not_rounded),
         XT_TEST(test_posix_syscalls_wait_retries_eintr_and_reports_ready),
         XT_TEST(test_posix_syscalls_wait_far_deadline_caps_timeout),
         XT_TEST(test_posix_syscalls_message_flags),
         XT_TEST(test_posix_syscalls_message_calls_without_sendto),
         XT_TEST(test_posix_syscalls_sendmsg_rejects_bad_destination),
         XT_TEST(test_posix_syscalls_random_falls_back_to_urandom));
