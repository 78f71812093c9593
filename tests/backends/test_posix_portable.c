/* test_posix_portable.c — the portable syscall table, as a host without
 * Linux's calls would use it (the BSD backend's path), run here: socket,
 * accept4 and pipe2 emulated with fcntl, the pipe waker, /dev/urandom, no
 * batch I/O. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "posix_int.h"
#include "xnet/stack.h"
#include "xnet_test.h"

static xnet_stack *stack;
static const xnet_backend_ops *ops;
static void *inst;
static int fds_at_start = -1;

static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1;
}

/* The emulated socket, called as a host without SOCK_NONBLOCK and
 * SOCK_CLOEXEC would call it (Linux's socket would honour them itself). */
static int (*emulated_socket)(int, int, int);
static int flagless_socket(int domain, int type, int protocol) {
  return emulated_socket(domain, type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC),
                         protocol);
}

static int suite_init(void) {
  fds_at_start = count_fds();
  xnet_posix_syscalls t;
  xnet__posix_syscalls_init(&t);
  emulated_socket = t.socket;
  t.socket = flagless_socket;
  xnet_posix_config cfg = {.syscalls = &t};
  if (xnet__host_stack_open_config(&cfg, &stack) < 0) return -1;
  ops = xnet__stack_ops(stack);
  inst = xnet__stack_instance(stack);
  return 0;
}

static int suite_cleanup(void) {
  xnet_stack_close(stack);
  return 0;
}

static const char *need_proc_fd(void) {
  return count_fds() < 0 ? "no /proc/self/fd" : NULL;
}

static int has_flags(int fd) {
  int fl = fcntl(fd, F_GETFL), fd_fl = fcntl(fd, F_GETFD);
  return fl >= 0 && (fl & O_NONBLOCK) && fd_fl >= 0 && (fd_fl & FD_CLOEXEC);
}

static int64_t in_ms(int64_t ms) {
  return ops->now(inst) + ms * XNET_MILLISECOND;
}

static void test_posix_portable_table_has_no_extensions(void) {
  xnet_posix_syscalls t;
  xnet__posix_syscalls_init(&t);
  XT_ASSERT(t.recvmmsg == NULL && t.sendmmsg == NULL);
  XT_ASSERT(t.eventfd == NULL && t.getrandom == NULL);
  XT_ASSERT(t.socket && t.accept4 && t.pipe2 && t.poll && t.clock_gettime);
  xnet_backend_msg m;
  memset(&m, 0, sizeof m);
  XT_ASSERT_ERR(ops->recvmmsg(inst, 0, &m, 1, 0), XNET_ENOTSUP);
  XT_ASSERT_ERR(ops->sendmmsg(inst, 0, &m, 1, 0), XNET_ENOTSUP);
}

static void test_posix_portable_emulated_descriptors_have_flags(void) {
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = XNET_AF_INET;
  xnet_ip_from4((const uint8_t[4]){127, 0, 0, 1}, &a.ip);
  int ln, cl, sv = -1, rc;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &ln));
  XT_ASSERT_OK(ops->bind(inst, ln, &a));
  XT_ASSERT_OK(ops->listen(inst, ln, 4));
  XT_ASSERT_OK(ops->local_addr(inst, ln, &a));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &cl));
  rc = ops->connect(inst, cl, &a);
  XT_ASSERT(rc == 0 || rc == XNET_EAGAIN);
  while ((rc = ops->accept(inst, ln, &sv, NULL)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, ln, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_OK(rc);
  int ok = has_flags(ln) && has_flags(cl) && has_flags(sv);
  /* A round trip over the emulated sockets. */
  XT_ASSERT_INT_EQ(ops->write(inst, cl, "ping", 4), 4);
  char buf[8];
  while ((rc = ops->read(inst, sv, buf, sizeof buf)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, sv, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_OK(ops->close(inst, sv));
  XT_ASSERT_OK(ops->close(inst, cl));
  XT_ASSERT_OK(ops->close(inst, ln));
  XT_ASSERT(ok);
  XT_ASSERT_MEM_EQ(buf, (size_t)rc, "ping", 4);
}

static void test_posix_portable_pipe_waker(void) {
  xnet_waker *w = NULL;
  XT_ASSERT_OK(ops->waker_open(inst, &w));
  /* Without eventfd the waker is a pipe: two descriptors. */
  int two = w->rfd != w->wfd;
  int ok = has_flags(w->rfd) && has_flags(w->wfd);
  ops->waker_wake(inst, w);
  ops->waker_wake(inst, w);
  ops->waker_wake(inst, w);
  int rc1 = ops->wait(inst, -1, XNET_WAIT_READ, in_ms(2000), w);
  int rc2 = ops->wait(inst, -1, XNET_WAIT_READ, in_ms(10), w);
  ops->waker_close(inst, w);
  XT_ASSERT(two);
  XT_ASSERT(ok);
  XT_ASSERT_INT_EQ(rc1, 1); /* three wakes drained by one wait */
  XT_ASSERT_ERR(rc2, XNET_ETIMEDOUT);
}

static void test_posix_portable_urandom(void) {
  uint8_t a[300], b[300];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  XT_ASSERT_OK(ops->random(inst, a, sizeof a));
  XT_ASSERT_OK(ops->random(inst, b, sizeof b));
  XT_ASSERT(memcmp(a, b, sizeof a) != 0);
}

static void test_posix_portable_no_fd_leak(void) {
  XT_ASSERT(fds_at_start >= 0);
  XT_ASSERT_INT_EQ(count_fds(), fds_at_start);
}

XT_SUITE(backends, posix_portable, suite_init, suite_cleanup,
         XT_TEST(test_posix_portable_table_has_no_extensions),
         XT_TEST(test_posix_portable_emulated_descriptors_have_flags),
         XT_TEST(test_posix_portable_pipe_waker),
         XT_TEST(test_posix_portable_urandom),
         XT_TEST_IF(test_posix_portable_no_fd_leak, need_proc_fd));
