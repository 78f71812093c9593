/* test_file.c — conns and listeners from existing descriptors (FileConn,
 * FileListener, FilePacketConn) and duplicates of theirs (File), with
 * descriptor-leak checks.
 *
 * The suite runs on file_ops_stack.h's stack: the default one once its
 * backend registers import_fd, else the same backend with the POSIX op
 * filled in; test_file_default_stack_imports says which it is. */
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core_test_util.h"
#include "file_ops_stack.h"
#include "xnet/error.h"
#include "xnet/file.h"
#include "xnet/op_error.h"
#include "xnet/pipe.h"
#include "xnet_test.h"

static xnet_stack *fs; /* the stack the suite imports into */
static bool fs_own;

static int suite_init(void) { return fos_open(&fs, &fs_own) == 0 ? 0 : -1; }

static int suite_cleanup(void) {
  fos_close(fs, fs_own);
  return 0;
}

static bool cloexec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }
static bool nonblocking(int fd) { return (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

/* A blocking loopback TCP listener made without xnet; *port gets its port. */
static int raw_tcp_listener(uint16_t *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sin = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof sin;
  if (bind(fd, (struct sockaddr *)&sin, sizeof sin) < 0 || listen(fd, 8) < 0 ||
      getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
    close(fd);
    return -1;
  }
  *port = ntohs(sin.sin_port);
  return fd;
}

static int raw_tcp_dial(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (connect(fd, (struct sockaddr *)&sin, sizeof sin) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void test_file_default_stack_imports(void) {
  int sv[2];
  XT_ASSERT_INT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_file_conn(NULL, sv[0], &c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_UNIX);
  xnet_conn_close(c);
  close(sv[0]);
  close(sv[1]);
}

static void test_file_conn_from_tcp_socket(void) {
  int fds = ctu_count_fds();
  uint16_t port;
  int lfd = raw_tcp_listener(&port);
  XT_ASSERT(lfd >= 0);
  int cfd = raw_tcp_dial(port);
  XT_ASSERT(cfd >= 0);
  int sfd = accept(lfd, NULL, NULL);
  XT_ASSERT(sfd >= 0);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_file_conn(fs, cfd, &c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_TCP);
  /* A copy: its own descriptor, close-on-exec and non-blocking. */
  XT_ASSERT(c->pd.sock != cfd);
  XT_ASSERT(cloexec(c->pd.sock));
  XT_ASSERT(nonblocking(c->pd.sock));
  xnet_addr ra;
  XT_ASSERT_OK(xnet_conn_remote_addr(c, &ra));
  XT_ASSERT_INT_EQ(ra.kind, XNET_KIND_TCP);
  XT_ASSERT_INT_EQ(ra.port, port);
  /* The caller's descriptor is its own: closing it leaves the conn. */
  close(cfd);
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "hi", 2), 2);
  char got[4];
  XT_ASSERT_INT_EQ(read(sfd, got, sizeof got), 2);
  XT_ASSERT_INT_EQ(write(sfd, "yo!", 3), 3);
  XT_ASSERT_INT_EQ(xnet_conn_read(c, got, sizeof got), 3);
  XT_ASSERT_MEM_EQ(got, 3, "yo!", 3);
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_INT_EQ(read(sfd, got, sizeof got), 0); /* the last copy closed */
  close(sfd);
  close(lfd);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_conn_from_unix_socketpair(void) {
  int fds = ctu_count_fds();
  int sv[2];
  XT_ASSERT_INT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_file_conn(fs, sv[0], &c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_UNIXPACKET);
  XT_ASSERT_INT_EQ(send(sv[1], "one", 3, 0), 3);
  XT_ASSERT_INT_EQ(send(sv[1], "two!", 4, 0), 4);
  char got[16];
  XT_ASSERT_INT_EQ(xnet_conn_read(c, got, sizeof got), 3);
  XT_ASSERT_INT_EQ(xnet_conn_read(c, got, sizeof got), 4);
  XT_ASSERT_OK(xnet_conn_close(c));
  close(sv[0]);
  close(sv[1]);
  XT_ASSERT_INT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
  XT_ASSERT_OK(xnet_file_conn(fs, sv[0], &c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_UNIXGRAM);
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "dg", 2), 2); /* connected: a peer */
  XT_ASSERT_INT_EQ(recv(sv[1], got, sizeof got, 0), 2);
  XT_ASSERT_OK(xnet_conn_close(c));
  close(sv[0]);
  close(sv[1]);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_conn_rejects_listening_socket(void) {
  int fds = ctu_count_fds();
  uint16_t port;
  int lfd = raw_tcp_listener(&port);
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_file_conn(fs, lfd, &c), XNET_ENOTCONN);
  XT_ASSERT(c == NULL);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "file");
  XT_ASSERT_STR_EQ(xnet_last_error()->net, "file+net");
  close(lfd);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_rejects_non_sockets(void) {
  int fds = ctu_count_fds();
  int p[2];
  XT_ASSERT_INT_EQ(pipe(p), 0);
  xnet_conn *c;
  xnet_listener *l;
  XT_ASSERT_ERR(xnet_file_conn(fs, p[0], &c), XNET_ENOTSOCK);
  XT_ASSERT_ERR(xnet_file_packet_conn(fs, p[0], &c), XNET_ENOTSOCK);
  XT_ASSERT_ERR(xnet_file_listener(fs, p[1], &l), XNET_ENOTSOCK);
  XT_ASSERT(l == NULL);
  /* Nothing was changed on the caller's descriptor. */
  XT_ASSERT(!nonblocking(p[0]));
  char text[256];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "file file+net: socket operation on non-socket");
  close(p[0]);
  close(p[1]);
  XT_ASSERT_ERR(xnet_file_conn(fs, p[0], &c), XNET_EBADF); /* closed fd */
  XT_ASSERT_ERR(xnet_file_conn(fs, -1, &c), XNET_EBADF);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_listener_from_tcp_socket(void) {
  int fds = ctu_count_fds();
  uint16_t port;
  int lfd = raw_tcp_listener(&port);
  xnet_listener *l;
  XT_ASSERT_OK(xnet_file_listener(fs, lfd, &l));
  close(lfd);
  xnet_addr la;
  XT_ASSERT_OK(xnet_listener_addr(l, &la));
  XT_ASSERT_INT_EQ(la.kind, XNET_KIND_TCP);
  XT_ASSERT_INT_EQ(la.port, port);
  int cfd = raw_tcp_dial(port);
  XT_ASSERT(cfd >= 0);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listener_accept(l, &c));
  XT_ASSERT_INT_EQ(write(cfd, "abc", 3), 3);
  char got[4];
  XT_ASSERT_INT_EQ(xnet_conn_read(c, got, sizeof got), 3);
  xnet_conn_close(c);
  close(cfd);
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_listener_keeps_unix_socket_file(void) {
  int fds = ctu_count_fds();
  char path[64];
  snprintf(path, sizeof path, "/tmp/xnet-file-%d.sock", (int)getpid());
  unlink(path);
  int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un un = {.sun_family = AF_UNIX};
  snprintf(un.sun_path, sizeof un.sun_path, "%s", path);
  XT_ASSERT_INT_EQ(bind(lfd, (struct sockaddr *)&un, sizeof un), 0);
  XT_ASSERT_INT_EQ(listen(lfd, 4), 0);
  xnet_listener *l;
  XT_ASSERT_OK(xnet_file_listener(fs, lfd, &l));
  xnet_addr la;
  XT_ASSERT_OK(xnet_listener_addr(l, &la));
  XT_ASSERT_INT_EQ(la.kind, XNET_KIND_UNIX);
  XT_ASSERT_MEM_EQ(la.path, la.path_len, path, strlen(path));
  XT_ASSERT_OK(xnet_listener_close(l));
  struct stat st;
  XT_ASSERT_INT_EQ(stat(path, &st), 0); /* not its file: left in place */
  close(lfd);
  unlink(path);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_listener_rejects_wrong_kinds(void) {
  int fds = ctu_count_fds();
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  xnet_listener *l;
  XT_ASSERT_ERR(xnet_file_listener(fs, u, &l), XNET_EINVAL);
  close(u);
  int sv[2];
  XT_ASSERT_INT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  XT_ASSERT_ERR(xnet_file_listener(fs, sv[0], &l), XNET_EINVAL); /* a peer */
  close(sv[0]);
  close(sv[1]);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_packet_conn_from_udp_socket(void) {
  int fds = ctu_count_fds();
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in sin = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  XT_ASSERT_INT_EQ(bind(u, (struct sockaddr *)&sin, sizeof sin), 0);
  xnet_conn *pc;
  XT_ASSERT_OK(xnet_file_packet_conn(fs, u, &pc));
  close(u);
  XT_ASSERT_INT_EQ(xnet_conn_kind(pc), XNET_KIND_UDP);
  xnet_addr la;
  XT_ASSERT_OK(xnet_conn_local_addr(pc, &la));
  XT_ASSERT(la.port != 0);
  xnet_conn *peer;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &peer));
  XT_ASSERT_INT_EQ(xnet_conn_write_to(peer, "ping", 4, &la), 4);
  char got[8];
  xnet_addr from;
  XT_ASSERT_INT_EQ(xnet_conn_read_from(pc, got, sizeof got, &from), 4);
  XT_ASSERT_INT_EQ(xnet_conn_write_to(pc, "pong", 4, &from), 4);
  XT_ASSERT_INT_EQ(xnet_conn_read(peer, got, sizeof got), 4);
  XT_ASSERT_MEM_EQ(got, 4, "pong", 4);
  xnet_conn_close(peer);
  XT_ASSERT_OK(xnet_conn_close(pc));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_packet_conn_rejects_streams(void) {
  int fds = ctu_count_fds();
  int sv[2];
  XT_ASSERT_INT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_file_packet_conn(fs, sv[0], &c), XNET_EINVAL);
  XT_ASSERT(c == NULL);
  close(sv[0]);
  close(sv[1]);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_conn_file_is_a_separate_duplicate(void) {
  int fds = ctu_count_fds();
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[XNET_ADDR_STRLEN];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_conn *c, *s;
  XT_ASSERT_OK(xnet_dial("tcp4", addr, &c));
  XT_ASSERT_OK(xnet_listener_accept(l, &s));
  int fd;
  XT_ASSERT_OK(xnet_conn_file(c, &fd));
  XT_ASSERT(fd >= 0 && fd != c->pd.sock);
  XT_ASSERT(cloexec(fd));
  XT_ASSERT(nonblocking(fd)); /* documented: stays non-blocking */
  /* Closing the conn leaves the duplicate working, and the other way. */
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_INT_EQ(write(fd, "dup", 3), 3);
  char got[4];
  XT_ASSERT_INT_EQ(xnet_conn_read(s, got, sizeof got), 3);
  XT_ASSERT_MEM_EQ(got, 3, "dup", 3);
  close(fd);
  XT_ASSERT_INT_EQ(xnet_conn_read(s, got, sizeof got), 0);
  xnet_conn_close(s);
  xnet_listener_close(l);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_listener_file_accepts(void) {
  int fds = ctu_count_fds();
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  xnet_addr la;
  xnet_listener_addr(l, &la);
  int fd;
  XT_ASSERT_OK(xnet_listener_file(l, &fd));
  XT_ASSERT(cloexec(fd));
  XT_ASSERT_OK(xnet_listener_close(l));
  /* The duplicate still listens. */
  int cfd = raw_tcp_dial(la.port);
  XT_ASSERT(cfd >= 0);
  struct pollfd pfd = {.fd = fd, .events = POLLIN};
  XT_ASSERT_INT_EQ(poll(&pfd, 1, 5000), 1);
  int a = accept(fd, NULL, NULL);
  XT_ASSERT(a >= 0);
  close(a);
  close(cfd);
  close(fd);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_file_pipe_has_no_descriptor(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  int fd = 7;
  XT_ASSERT_ERR(xnet_conn_file(a, &fd), XNET_EINVAL);
  XT_ASSERT_INT_EQ(fd, -1);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

XT_SUITE(core, file, suite_init, suite_cleanup,
         XT_TEST(test_file_default_stack_imports),
         XT_TEST(test_file_conn_from_tcp_socket),
         XT_TEST(test_file_conn_from_unix_socketpair),
         XT_TEST(test_file_conn_rejects_listening_socket),
         XT_TEST(test_file_rejects_non_sockets),
         XT_TEST(test_file_listener_from_tcp_socket),
         XT_TEST(test_file_listener_keeps_unix_socket_file),
         XT_TEST(test_file_listener_rejects_wrong_kinds),
         XT_TEST(test_file_packet_conn_from_udp_socket),
         XT_TEST(test_file_packet_conn_rejects_streams),
         XT_TEST(test_file_conn_file_is_a_separate_duplicate),
         XT_TEST(test_file_listener_file_accepts),
         XT_TEST(test_file_pipe_has_no_descriptor));
