/* test_linux_backend.c — the Linux host backend driven through its ops on a
 * stack from xnet__host_stack_open: loopback TCP and UDP over 127.0.0.1 and
 * ::1, deadlines, wakers, descriptor flags, names, interfaces, batch I/O,
 * and no descriptor left open when the suite ends. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "iff.h"
#include "posix_int.h"
#include "xnet/stack.h"
#include "xnet_test.h"

static xnet_stack *stack;
static const xnet_backend_ops *ops;
static void *inst;
static int fds_at_start = -1;

/* Open descriptors of the process (the listing's own one excluded). */
static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d) return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n - 1;
}

static int suite_init(void) {
  fds_at_start = count_fds();
  if (xnet__host_stack_open(&stack) < 0) return -1;
  ops = xnet__stack_ops(stack);
  inst = xnet__stack_instance(stack);
  return 0;
}

static int suite_cleanup(void) {
  xnet_stack_close(stack);
  return 0;
}

static const char *need_ipv6(void) {
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  if (fd < 0) return "no IPv6 sockets here";
  struct sockaddr_in6 a = {.sin6_family = AF_INET6};
  a.sin6_addr.s6_addr[15] = 1;
  int rc = bind(fd, (struct sockaddr *)&a, sizeof a);
  close(fd);
  return rc == 0 ? NULL : "::1 is not configured";
}

static const char *need_proc_fd(void) {
  return count_fds() < 0 ? "no /proc/self/fd" : NULL;
}

/* The loopback address of family, port 0. */
static xnet_sockaddr loopback(int family) {
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = (uint8_t)family;
  if (family == XNET_AF_INET)
    xnet_ip_from4((const uint8_t[4]){127, 0, 0, 1}, &a.ip);
  else
    a.ip = xnet_ipv6_loopback;
  return a;
}

static int64_t in_ms(int64_t ms) { return ops->now(inst) + ms * XNET_MILLISECOND; }

static int has_flags(int fd) {
  int fl = fcntl(fd, F_GETFL), fd_fl = fcntl(fd, F_GETFD);
  return fl >= 0 && (fl & O_NONBLOCK) && fd_fl >= 0 && (fd_fl & FD_CLOEXEC);
}

/* ---- TCP over loopback ---- */

static void tcp_loopback(int family) {
  xnet_sockaddr any = loopback(family), laddr, caddr, peer, raddr;
  int ln, cl, sv;
  XT_ASSERT_OK(ops->socket(inst, family, XNET_SOCK_STREAM, 0, &ln));
  XT_ASSERT_OK(ops->bind(inst, ln, &any));
  XT_ASSERT_OK(ops->listen(inst, ln, 16));
  XT_ASSERT_OK(ops->local_addr(inst, ln, &laddr));
  XT_ASSERT_INT_EQ(laddr.family, family);
  XT_ASSERT(laddr.port != 0);
  XT_ASSERT(xnet_ip_equal(&laddr.ip, &any.ip));
  XT_ASSERT_INT_EQ(laddr.ip.len, family == XNET_AF_INET ? 4 : 16);

  XT_ASSERT_OK(ops->socket(inst, family, XNET_SOCK_STREAM, 0, &cl));
  int rc = ops->connect(inst, cl, &laddr);
  XT_ASSERT(rc == 0 || rc == XNET_EAGAIN);
  if (rc == XNET_EAGAIN) {
    XT_ASSERT_OK(ops->wait(inst, cl, XNET_WAIT_WRITE, in_ms(2000), NULL));
    XT_ASSERT_OK(ops->connect_result(inst, cl));
  }
  while ((rc = ops->accept(inst, ln, &sv, &peer)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, ln, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_OK(rc);
  XT_ASSERT_OK(ops->local_addr(inst, cl, &caddr));
  XT_ASSERT_INT_EQ(peer.family, family);
  XT_ASSERT_UINT_EQ(peer.port, caddr.port);
  XT_ASSERT_OK(ops->remote_addr(inst, cl, &raddr));
  XT_ASSERT_UINT_EQ(raddr.port, laddr.port);

  /* write -> read */
  XT_ASSERT_INT_EQ(ops->write(inst, cl, "hello", 5), 5);
  char buf[16];
  while ((rc = ops->read(inst, sv, buf, sizeof buf)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, sv, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_MEM_EQ(buf, (size_t)rc, "hello", 5);

  /* sendmsg -> recvmsg: a connected stream has no source address */
  struct iovec iov = {.iov_base = (void *)(uintptr_t)"world!", .iov_len = 6};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1};
  XT_ASSERT_INT_EQ(ops->sendmsg(inst, sv, &m, 0), 6);
  XT_ASSERT_UINT_EQ(m.n, 6);
  struct iovec riov = {.iov_base = buf, .iov_len = sizeof buf};
  xnet_backend_msg r = {.iov = &riov, .iov_len = 1};
  while ((rc = ops->recvmsg(inst, cl, &r, 0)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, cl, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_INT_EQ(rc, 6);
  XT_ASSERT_MEM_EQ(buf, r.n, "world!", 6);
  XT_ASSERT_INT_EQ(r.addr.family, XNET_AF_UNSPEC);
  XT_ASSERT_INT_EQ(r.flags, 0);

  /* shutdown(write) -> the peer reads end of stream */
  XT_ASSERT_OK(ops->shutdown(inst, cl, 1));
  while ((rc = ops->read(inst, sv, buf, sizeof buf)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, sv, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_INT_EQ(rc, 0);

  XT_ASSERT_OK(ops->close(inst, sv));
  XT_ASSERT_OK(ops->close(inst, cl));
  XT_ASSERT_OK(ops->close(inst, ln));
}

static void test_linux_backend_tcp_loopback_ipv4(void) {
  tcp_loopback(XNET_AF_INET);
}

static void test_linux_backend_tcp_loopback_ipv6(void) {
  tcp_loopback(XNET_AF_INET6);
}

static void test_linux_backend_connect_refused(void) {
  /* A bound socket that does not listen answers SYN with RST. */
  xnet_sockaddr a = loopback(XNET_AF_INET), closed;
  int holder, cl;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &holder));
  XT_ASSERT_OK(ops->bind(inst, holder, &a));
  XT_ASSERT_OK(ops->local_addr(inst, holder, &closed));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &cl));
  int rc = ops->connect(inst, cl, &closed);
  if (rc == XNET_EAGAIN) {
    XT_ASSERT_OK(ops->wait(inst, cl, XNET_WAIT_WRITE, in_ms(2000), NULL));
    rc = ops->connect_result(inst, cl);
  }
  XT_ASSERT_ERR(rc, XNET_ECONNREFUSED);
  XT_ASSERT_OK(ops->close(inst, cl));
  XT_ASSERT_OK(ops->close(inst, holder));
}

static void test_linux_backend_bind_in_use(void) {
  xnet_sockaddr a = loopback(XNET_AF_INET), bound;
  int s1, s2;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &s1));
  XT_ASSERT_OK(ops->bind(inst, s1, &a));
  XT_ASSERT_OK(ops->local_addr(inst, s1, &bound));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &s2));
  XT_ASSERT_ERR(ops->bind(inst, s2, &bound), XNET_EADDRINUSE);
  XT_ASSERT_OK(ops->close(inst, s2));
  XT_ASSERT_OK(ops->close(inst, s1));
}

static void test_linux_backend_socket_rejects_unknown_family_and_type(void) {
  int s = 7;
  XT_ASSERT_ERR(ops->socket(inst, 99, XNET_SOCK_STREAM, 0, &s),
                XNET_EAFNOSUPPORT);
  XT_ASSERT_INT_EQ(s, -1);
  XT_ASSERT_ERR(ops->socket(inst, XNET_AF_UNSPEC, XNET_SOCK_STREAM, 0, &s),
                XNET_EAFNOSUPPORT);
  XT_ASSERT_ERR(ops->socket(inst, XNET_AF_INET, 42, 0, &s),
                XNET_ESOCKTNOSUPPORT);
}

/* ---- Unix sockets ---- */

static void test_linux_backend_unix_abstract_and_unnamed(void) {
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = XNET_AF_UNIX;
  char name[40];
  int len = snprintf(name + 1, sizeof name - 1, "xnet-test-%d", (int)getpid());
  name[0] = '\0';
  a.path_len = (uint16_t)(len + 1);
  memcpy(a.path, name, a.path_len);
  int ln, cl, sv;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_UNIX, XNET_SOCK_STREAM, 0, &ln));
  XT_ASSERT_OK(ops->bind(inst, ln, &a));
  XT_ASSERT_OK(ops->listen(inst, ln, 4));
  xnet_sockaddr got;
  XT_ASSERT_OK(ops->local_addr(inst, ln, &got));
  XT_ASSERT_INT_EQ(got.family, XNET_AF_UNIX);
  XT_ASSERT_MEM_EQ(got.path, got.path_len, a.path, a.path_len);
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_UNIX, XNET_SOCK_STREAM, 0, &cl));
  int rc = ops->connect(inst, cl, &a);
  XT_ASSERT(rc == 0 || rc == XNET_EAGAIN);
  while ((rc = ops->accept(inst, ln, &sv, &got)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, ln, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_OK(rc);
  /* The client never bound: its address is unnamed on both ends. */
  XT_ASSERT_INT_EQ(got.family, XNET_AF_UNIX);
  XT_ASSERT_INT_EQ(got.path_len, 0);
  XT_ASSERT_OK(ops->local_addr(inst, cl, &got));
  XT_ASSERT_INT_EQ(got.path_len, 0);
  XT_ASSERT_OK(ops->close(inst, sv));
  XT_ASSERT_OK(ops->close(inst, cl));
  XT_ASSERT_OK(ops->close(inst, ln));
}

static void test_linux_backend_unix_pathname(void) {
  char dir[] = "/tmp/xnet-posix-XXXXXX";
  XT_ASSERT(mkdtemp(dir) != NULL);
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = XNET_AF_UNIX;
  a.path_len = (uint16_t)snprintf(a.path, sizeof a.path, "%s/sock", dir);
  int s;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_UNIX, XNET_SOCK_DGRAM, 0, &s));
  int rc = ops->bind(inst, s, &a);
  xnet_sockaddr got;
  int rc2 = ops->local_addr(inst, s, &got);
  XT_ASSERT_OK(ops->close(inst, s));
  unlink(a.path);
  rmdir(dir);
  XT_ASSERT_OK(rc);
  XT_ASSERT_OK(rc2);
  /* The kernel reports the NUL; the address does not keep it. */
  XT_ASSERT_MEM_EQ(got.path, got.path_len, a.path, a.path_len);
}

/* ---- UDP and batch I/O ---- */

static void test_linux_backend_udp_truncation_and_source(void) {
  xnet_sockaddr a = loopback(XNET_AF_INET), ra, sa;
  int rx, tx;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &rx));
  XT_ASSERT_OK(ops->bind(inst, rx, &a));
  XT_ASSERT_OK(ops->local_addr(inst, rx, &ra));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &tx));
  XT_ASSERT_OK(ops->bind(inst, tx, &a));
  XT_ASSERT_OK(ops->local_addr(inst, tx, &sa));
  struct iovec iov = {.iov_base = (void *)(uintptr_t)"0123456789",
                      .iov_len = 10};
  xnet_backend_msg m = {.iov = &iov, .iov_len = 1, .addr = ra};
  XT_ASSERT_INT_EQ(ops->sendmsg(inst, tx, &m, 0), 10);
  char buf[4];
  struct iovec riov = {.iov_base = buf, .iov_len = sizeof buf};
  xnet_backend_msg r = {.iov = &riov, .iov_len = 1};
  XT_ASSERT_OK(ops->wait(inst, rx, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_INT_EQ(ops->recvmsg(inst, rx, &r, 0), 4);
  XT_ASSERT_MEM_EQ(buf, r.n, "0123", 4);
  XT_ASSERT_INT_EQ(r.flags, XNET_MSG_TRUNC);
  XT_ASSERT_INT_EQ(r.addr.family, XNET_AF_INET);
  XT_ASSERT_UINT_EQ(r.addr.port, sa.port);
  XT_ASSERT(xnet_ip_equal(&r.addr.ip, &a.ip));
  XT_ASSERT_ERR(ops->recvmsg(inst, rx, &r, 0), XNET_EAGAIN);
  XT_ASSERT_OK(ops->close(inst, tx));
  XT_ASSERT_OK(ops->close(inst, rx));
}

static void test_linux_backend_mmsg_moves_several_datagrams(void) {
  xnet_sockaddr a = loopback(XNET_AF_INET), ra, sa;
  int rx, tx;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &rx));
  XT_ASSERT_OK(ops->bind(inst, rx, &a));
  XT_ASSERT_OK(ops->local_addr(inst, rx, &ra));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &tx));
  XT_ASSERT_OK(ops->bind(inst, tx, &a));
  XT_ASSERT_OK(ops->local_addr(inst, tx, &sa));

  static const char *const payload[3] = {"one", "three", "fifteen"};
  struct iovec siov[3];
  xnet_backend_msg out[3];
  for (int i = 0; i < 3; i++) {
    siov[i].iov_base = (void *)(uintptr_t)payload[i];
    siov[i].iov_len = strlen(payload[i]);
    memset(&out[i], 0, sizeof out[i]);
    out[i].iov = &siov[i];
    out[i].iov_len = 1;
    out[i].addr = ra;
  }
  XT_ASSERT_INT_EQ(ops->sendmmsg(inst, tx, out, 3, 0), 3);
  for (int i = 0; i < 3; i++) XT_ASSERT_UINT_EQ(out[i].n, strlen(payload[i]));

  char bufs[4][16];
  struct iovec riov[4];
  xnet_backend_msg in[4];
  for (int i = 0; i < 4; i++) {
    riov[i].iov_base = bufs[i];
    riov[i].iov_len = sizeof bufs[i];
    memset(&in[i], 0, sizeof in[i]);
    in[i].iov = &riov[i];
    in[i].iov_len = 1;
  }
  XT_ASSERT_OK(ops->wait(inst, rx, XNET_WAIT_READ, in_ms(2000), NULL));
  /* Loopback delivers inside sendmmsg, so all three are queued. */
  XT_ASSERT_INT_EQ(ops->recvmmsg(inst, rx, in, 4, XNET_MSG_WAITFORONE), 3);
  for (int i = 0; i < 3; i++) {
    XT_ASSERT_MEM_EQ(bufs[i], in[i].n, payload[i], strlen(payload[i]));
    XT_ASSERT_UINT_EQ(in[i].addr.port, sa.port);
    XT_ASSERT_INT_EQ(in[i].flags, 0);
  }
  XT_ASSERT_ERR(ops->recvmmsg(inst, rx, in, 4, 0), XNET_EAGAIN);
  XT_ASSERT_INT_EQ(ops->recvmmsg(inst, rx, in, 0, 0), 0);
  XT_ASSERT_OK(ops->close(inst, tx));
  XT_ASSERT_OK(ops->close(inst, rx));
}

static void test_linux_backend_mmsg_chunks_and_bad_destination(void) {
  xnet_sockaddr a = loopback(XNET_AF_INET), ra;
  int rx, tx;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &rx));
  XT_ASSERT_OK(ops->bind(inst, rx, &a));
  XT_ASSERT_OK(ops->local_addr(inst, rx, &ra));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &tx));
  enum { N = 40 };
  uint8_t data[N], got[N];
  struct iovec iov[N];
  xnet_backend_msg m[N];
  for (int i = 0; i < N; i++) {
    data[i] = (uint8_t)i;
    iov[i].iov_base = &data[i];
    iov[i].iov_len = 1;
    memset(&m[i], 0, sizeof m[i]);
    m[i].iov = &iov[i];
    m[i].iov_len = 1;
    m[i].addr = ra;
  }
  /* One call moves at most 32 (the on-stack scratch); the rest follow. */
  XT_ASSERT_INT_EQ(ops->sendmmsg(inst, tx, m, N, 0), 32);
  XT_ASSERT_INT_EQ(ops->sendmmsg(inst, tx, m + 32, N - 32, 0), N - 32);
  for (int i = 0; i < N; i++) iov[i].iov_base = &got[i];
  XT_ASSERT_OK(ops->wait(inst, rx, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_INT_EQ(ops->recvmmsg(inst, rx, m, N, 0), 32);
  XT_ASSERT_INT_EQ(ops->recvmmsg(inst, rx, m + 32, N - 32, 0), N - 32);
  XT_ASSERT_MEM_EQ(got, N, data, N);
  /* A destination that does not fit the family: the good prefix goes,
   * then the bad message fails on its own. */
  iov[0].iov_base = &data[0];
  iov[1].iov_base = &data[1];
  m[1].addr.ip = xnet_ipv6_loopback;
  XT_ASSERT_INT_EQ(ops->sendmmsg(inst, tx, m, 2, 0), 1);
  XT_ASSERT_ERR(ops->sendmmsg(inst, tx, m + 1, 1, 0), XNET_EBADADDR);
  XT_ASSERT_OK(ops->close(inst, tx));
  XT_ASSERT_OK(ops->close(inst, rx));
}

/* ---- deadlines and wakers ---- */

static int udp_socket(void) {
  xnet_sockaddr a = loopback(XNET_AF_INET);
  int s = -1;
  if (ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &s) < 0) return -1;
  if (ops->bind(inst, s, &a) < 0) {
    ops->close(inst, s);
    return -1;
  }
  return s;
}

static void test_linux_backend_wait_deadline_50ms(void) {
  int s = udp_socket();
  XT_ASSERT(s >= 0);
  int64_t t0 = ops->now(inst);
  int rc = ops->wait(inst, s, XNET_WAIT_READ, t0 + 50 * XNET_MILLISECOND, NULL);
  int64_t took = ops->now(inst) - t0;
  XT_ASSERT_OK(ops->close(inst, s));
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(took >= 50 * XNET_MILLISECOND);
  XT_ASSERT(took < 150 * XNET_MILLISECOND);
}

static void test_linux_backend_wait_past_deadline_returns_at_once(void) {
  int s = udp_socket();
  XT_ASSERT(s >= 0);
  int64_t t0 = ops->now(inst);
  int rc1 = ops->wait(inst, s, XNET_WAIT_READ, t0 - 1, NULL);
  int rc2 = ops->wait(inst, s, XNET_WAIT_READ, 1, NULL);
  int64_t took = ops->now(inst) - t0;
  XT_ASSERT_OK(ops->close(inst, s));
  XT_ASSERT_ERR(rc1, XNET_ETIMEDOUT);
  XT_ASSERT_ERR(rc2, XNET_ETIMEDOUT);
  XT_ASSERT(took < 10 * XNET_MILLISECOND);
}

static void test_linux_backend_wait_ready_socket_returns_0(void) {
  int s = udp_socket();
  XT_ASSERT(s >= 0);
  int rc = ops->wait(inst, s, XNET_WAIT_WRITE, 0, NULL);
  XT_ASSERT_OK(ops->close(inst, s));
  XT_ASSERT_OK(rc);
}

typedef struct waker_job {
  xnet_waker *w;
  int delay_ms;
} waker_job;

static void *wake_later(void *arg) {
  waker_job *j = arg;
  struct timespec ts = {0, (long)j->delay_ms * 1000000L};
  nanosleep(&ts, NULL);
  ops->waker_wake(inst, j->w);
  return NULL;
}

static void test_linux_backend_waker_wakes_blocked_wait(void) {
  int s = udp_socket();
  XT_ASSERT(s >= 0);
  xnet_waker *w = NULL;
  XT_ASSERT_OK(ops->waker_open(inst, &w));
  waker_job job = {w, 50};
  pthread_t t;
  XT_ASSERT_INT_EQ(pthread_create(&t, NULL, wake_later, &job), 0);
  int64_t t0 = ops->now(inst);
  int rc = ops->wait(inst, s, XNET_WAIT_READ, t0 + 5 * XNET_SECOND, w);
  int64_t took = ops->now(inst) - t0;
  pthread_join(t, NULL);
  /* The wake was consumed: the next wait sleeps to its deadline. */
  int rc2 = ops->wait(inst, s, XNET_WAIT_READ, in_ms(20), w);
  ops->waker_close(inst, w);
  XT_ASSERT_OK(ops->close(inst, s));
  XT_ASSERT_INT_EQ(rc, 1);
  XT_ASSERT(took >= 40 * XNET_MILLISECOND);
  XT_ASSERT(took < 2 * XNET_SECOND);
  XT_ASSERT_ERR(rc2, XNET_ETIMEDOUT);
}

static void test_linux_backend_waker_is_a_latch(void) {
  int s = udp_socket();
  XT_ASSERT(s >= 0);
  xnet_waker *w = NULL;
  XT_ASSERT_OK(ops->waker_open(inst, &w));
  /* Two wakes before any wait: remembered once, never lost, never twice. */
  ops->waker_wake(inst, w);
  ops->waker_wake(inst, w);
  int rc1 = ops->wait(inst, s, XNET_WAIT_READ, in_ms(2000), w);
  int rc2 = ops->wait(inst, s, XNET_WAIT_READ, in_ms(10), w);
  /* A pure sleep (no socket) is woken the same way. */
  ops->waker_wake(inst, w);
  int rc3 = ops->wait(inst, -1, XNET_WAIT_READ, in_ms(2000), w);
  ops->waker_close(inst, w);
  XT_ASSERT_OK(ops->close(inst, s));
  XT_ASSERT_INT_EQ(rc1, 1);
  XT_ASSERT_ERR(rc2, XNET_ETIMEDOUT);
  XT_ASSERT_INT_EQ(rc3, 1);
}

static void test_linux_backend_wait_on_closed_descriptor_fails(void) {
  int s = udp_socket();
  XT_ASSERT(s >= 0);
  XT_ASSERT_OK(ops->close(inst, s));
  XT_ASSERT_ERR(ops->wait(inst, s, XNET_WAIT_READ, in_ms(100), NULL),
                XNET_EBADF);
}

/* ---- descriptor flags ---- */

static void test_linux_backend_fds_nonblocking_cloexec(void) {
  xnet_sockaddr a = loopback(XNET_AF_INET), la;
  int ln, cl, sv = -1, dup = -1;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &ln));
  XT_ASSERT_OK(ops->bind(inst, ln, &a));
  XT_ASSERT_OK(ops->listen(inst, ln, 4));
  XT_ASSERT_OK(ops->local_addr(inst, ln, &la));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &cl));
  int rc = ops->connect(inst, cl, &la);
  XT_ASSERT(rc == 0 || rc == XNET_EAGAIN);
  while ((rc = ops->accept(inst, ln, &sv, NULL)) == XNET_EAGAIN)
    XT_ASSERT_OK(ops->wait(inst, ln, XNET_WAIT_READ, in_ms(2000), NULL));
  XT_ASSERT_OK(rc);
  XT_ASSERT_OK(ops->dup(inst, sv, &dup));
  XT_ASSERT(dup != sv);
  xnet_waker *w = NULL;
  XT_ASSERT_OK(ops->waker_open(inst, &w));
  int flags_ok = has_flags(ln) && has_flags(cl) && has_flags(sv) &&
                 has_flags(dup) && has_flags(w->rfd) && has_flags(w->wfd);
  /* Linux: the waker is one eventfd. */
  int one_fd = w->rfd == w->wfd;
  ops->waker_close(inst, w);
  XT_ASSERT_OK(ops->close(inst, dup));
  XT_ASSERT_OK(ops->close(inst, sv));
  XT_ASSERT_OK(ops->close(inst, cl));
  XT_ASSERT_OK(ops->close(inst, ln));
  XT_ASSERT(flags_ok);
  XT_ASSERT(one_fd);
}

/* ---- options through the kernel ---- */

static void test_linux_backend_sockopts_round_trip(void) {
  int s;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_STREAM, 0, &s));
  int v = -9;
  XT_ASSERT_OK(ops->getsockopt(inst, s, XNET_SO_LINGER, &v));
  XT_ASSERT_INT_EQ(v, -1);
  XT_ASSERT_OK(ops->setsockopt(inst, s, XNET_SO_LINGER, 5));
  XT_ASSERT_OK(ops->getsockopt(inst, s, XNET_SO_LINGER, &v));
  XT_ASSERT_INT_EQ(v, 5);
  XT_ASSERT_OK(ops->setsockopt(inst, s, XNET_SO_LINGER, -1));
  XT_ASSERT_OK(ops->getsockopt(inst, s, XNET_SO_LINGER, &v));
  XT_ASSERT_INT_EQ(v, -1);
  XT_ASSERT_OK(ops->setsockopt(inst, s, XNET_TCP_NODELAY, 1));
  XT_ASSERT_OK(ops->getsockopt(inst, s, XNET_TCP_NODELAY, &v));
  XT_ASSERT_INT_EQ(v, 1);
  XT_ASSERT_OK(ops->setsockopt(inst, s, XNET_TCP_KEEPIDLE, 30));
  XT_ASSERT_OK(ops->getsockopt(inst, s, XNET_TCP_KEEPIDLE, &v));
  XT_ASSERT_INT_EQ(v, 30);
  XT_ASSERT_OK(ops->getsockopt(inst, s, XNET_SO_TYPE, &v));
  XT_ASSERT_INT_EQ(v, XNET_SOCK_STREAM);
  XT_ASSERT_OK(ops->getsockopt(inst, s, XNET_SO_ERROR, &v));
  XT_ASSERT_INT_EQ(v, 0);
  XT_ASSERT_ERR(ops->setsockopt(inst, s, XNET_SO_ERROR, 0), XNET_EINVAL);
  XT_ASSERT_ERR(ops->setsockopt(inst, s, XNET_SO_TYPE, 1), XNET_EINVAL);
  XT_ASSERT_ERR(ops->setsockopt(inst, s, (xnet_sockopt)0, 1), XNET_EINVAL);
  XT_ASSERT_ERR(ops->getsockopt(inst, s, XNET_SOCKOPT__MAX, &v), XNET_EINVAL);
  /* Raw bytes at the host's numbering: IP_TTL is (0, 2). */
  int ttl = 33;
  size_t len = sizeof ttl;
  XT_ASSERT_OK(ops->setsockopt_raw(inst, s, 0, 2, &ttl, sizeof ttl));
  ttl = 0;
  XT_ASSERT_OK(ops->getsockopt_raw(inst, s, 0, 2, &ttl, &len));
  XT_ASSERT_INT_EQ(ttl, 33);
  XT_ASSERT_UINT_EQ(len, sizeof ttl);
  XT_ASSERT_OK(ops->close(inst, s));
}

/* ---- clock, randomness, names, interfaces ---- */

static void test_linux_backend_clock_and_random(void) {
  XT_ASSERT_STR_EQ(xnet_stack_name(stack), "linux");
  int64_t a = ops->now(inst), b = ops->now(inst);
  XT_ASSERT(a > 0);
  XT_ASSERT(b >= a);
  uint8_t r1[64], r2[64];
  memset(r1, 0, sizeof r1);
  memset(r2, 0, sizeof r2);
  XT_ASSERT_OK(ops->random(inst, r1, sizeof r1));
  XT_ASSERT_OK(ops->random(inst, r2, sizeof r2));
  XT_ASSERT(memcmp(r1, r2, sizeof r1) != 0);
  XT_ASSERT_OK(ops->random(inst, r1, 0));
}

static void test_linux_backend_resolve_localhost(void) {
  xnet_resolved r[8];
  int n = ops->resolve(inst, "localhost", XNET_AF_UNSPEC, r, 8);
  XT_ASSERT(n >= 1);
  int loop = 0;
  for (int i = 0; i < n; i++) {
    XT_ASSERT(xnet_ip_is_loopback(&r[i].ip));
    xnet_ip v4;
    if (xnet_ip_to4(&r[i].ip, &v4) == 0) {
      XT_ASSERT_INT_EQ(r[i].ip.len, 4);
      loop |= 1;
    } else {
      loop |= 2;
    }
    for (int j = 0; j < i; j++) XT_ASSERT(!xnet_ip_equal(&r[i].ip, &r[j].ip));
  }
  XT_ASSERT(loop != 0);
  n = ops->resolve(inst, "localhost", XNET_AF_INET, r, 8);
  XT_ASSERT(n >= 1);
  XT_ASSERT_INT_EQ(r[0].ip.len, 4);
  XT_ASSERT_MEM_EQ(r[0].ip.bytes, 4, "\x7f\x00\x00\x01", 4);
  /* A literal resolves to itself; cap bounds the count. */
  XT_ASSERT_INT_EQ(ops->resolve(inst, "127.0.0.1", XNET_AF_UNSPEC, r, 1), 1);
  XT_ASSERT_ERR(ops->resolve(inst, "", XNET_AF_UNSPEC, r, 8), XNET_EINVAL);
  XT_ASSERT_ERR(ops->resolve(inst, "localhost", XNET_AF_UNIX, r, 8),
                XNET_EAFNOSUPPORT);
}

static void test_linux_backend_interfaces_lists_lo(void) {
  int total = ops->interfaces(inst, NULL, 0);
  XT_ASSERT(total >= 1);
  xnet_backend_interface ifs[64];
  int n = ops->interfaces(inst, ifs, 64);
  XT_ASSERT_INT_EQ(n, total);
  int found = -1;
  for (int i = 0; i < n && i < 64; i++) {
    XT_ASSERT(ifs[i].index >= 1);
    for (int j = 0; j < i; j++) XT_ASSERT(strcmp(ifs[i].name, ifs[j].name) != 0);
    if (strcmp(ifs[i].name, "lo") == 0) found = i;
  }
  XT_ASSERT(found >= 0);
  const xnet_backend_interface *lo = &ifs[found];
  XT_ASSERT(lo->flags & XNET_IFF_LOOPBACK);
  XT_ASSERT(lo->flags & XNET_IFF_UP);
  XT_ASSERT(!(lo->flags & XNET_IFF_BROADCAST));
  XT_ASSERT(lo->mtu > 0);
  XT_ASSERT_INT_EQ(lo->hwaddr_len, 0); /* all zeros: none, as in Go */
  XT_ASSERT_INT_EQ(lo->index, (int)if_nametoindex("lo"));
  /* An Ethernet interface, when there is one, has a 6-byte address. */
  for (int i = 0; i < n && i < 64; i++)
    if (ifs[i].flags & XNET_IFF_BROADCAST && ifs[i].hwaddr_len)
      XT_ASSERT_INT_EQ(ifs[i].hwaddr_len, 6);
}

/* Last: every test closed what it opened (sockets, wakers, the urandom
 * and ioctl descriptors inside the ops). */
static void test_linux_backend_no_fd_leak(void) {
  XT_ASSERT(fds_at_start >= 0);
  XT_ASSERT_INT_EQ(count_fds(), fds_at_start);
}

XT_SUITE(backends, linux_backend, suite_init, suite_cleanup,
         XT_TEST(test_linux_backend_tcp_loopback_ipv4),
         XT_TEST_IF(test_linux_backend_tcp_loopback_ipv6, need_ipv6),
         XT_TEST(test_linux_backend_connect_refused),
         XT_TEST(test_linux_backend_bind_in_use),
         XT_TEST(test_linux_backend_socket_rejects_unknown_family_and_type),
         XT_TEST(test_linux_backend_unix_abstract_and_unnamed),
         XT_TEST(test_linux_backend_unix_pathname),
         XT_TEST(test_linux_backend_udp_truncation_and_source),
         XT_TEST(test_linux_backend_mmsg_moves_several_datagrams),
         XT_TEST(test_linux_backend_mmsg_chunks_and_bad_destination),
         XT_TEST(test_linux_backend_wait_deadline_50ms),
         XT_TEST(test_linux_backend_wait_past_deadline_returns_at_once),
         XT_TEST(test_linux_backend_wait_ready_socket_returns_0),
         XT_TEST(test_linux_backend_waker_wakes_blocked_wait),
         XT_TEST(test_linux_backend_waker_is_a_latch),
         XT_TEST(test_linux_backend_wait_on_closed_descriptor_fails),
         XT_TEST(test_linux_backend_fds_nonblocking_cloexec),
         XT_TEST(test_linux_backend_sockopts_round_trip),
         XT_TEST(test_linux_backend_clock_and_random),
         XT_TEST(test_linux_backend_resolve_localhost),
         XT_TEST(test_linux_backend_interfaces_lists_lo),
         XT_TEST_IF(test_linux_backend_no_fd_leak, need_proc_fd));
