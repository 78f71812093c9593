/* test_unix.c — Unix networks (unix, unixgram, unixpacket; paths and
 * abstract names; the listener's socket file), and their control messages:
 * descriptor passing and credentials, byte-exact for every profile and
 * end to end over the host kernel (with MSG_CTRUNC and leak checks).
 *
 * The end-to-end tests run on file_ops_stack.h's stack (the default one
 * once the host backend registers unlink_path). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core_test_util.h"
#include "file_ops_stack.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet/pipe.h"
#include "xnet/unix.h"
#include "xnet_test.h"

static xnet_stack *us; /* the stack of the end-to-end tests */
static bool us_own;

static int suite_init(void) { return fos_open(&us, &us_own) == 0 ? 0 : -1; }

static int suite_cleanup(void) {
  fos_close(us, us_own);
  return 0;
}

/* A fresh socket path (or abstract name when abstract) into buf. */
static void unique_name(char *buf, size_t n, bool abstract) {
  static int seq;
  snprintf(buf, n, "%sxnet-unix-%d-%d%s", abstract ? "@" : "/tmp/",
           (int)getpid(), seq++, abstract ? "" : ".sock");
  if (!abstract) unlink(buf);
}

static int listen_on(const char *network, const char *name, xnet_listener **l) {
  xnet_listen_config lc = {0};
  lc.stack = us;
  return xnet_listen_config_listen(&lc, network, name, l);
}

static int listen_packet_on(const char *name, xnet_conn **c) {
  xnet_listen_config lc = {0};
  lc.stack = us;
  return xnet_listen_config_listen_packet(&lc, "unixgram", name, c);
}

static int dial_to(const char *network, const char *name, xnet_conn **c) {
  xnet_dialer d = {0};
  d.stack = us;
  return xnet_dialer_dial(&d, network, name, c);
}

/* A connected pair of a stream or packet network: client *a, server *b. */
static int unix_pair(const char *network, xnet_conn **a, xnet_conn **b) {
  char name[64];
  unique_name(name, sizeof name, true);
  xnet_listener *l;
  int rc = listen_on(network, name, &l);
  if (rc < 0) return rc;
  rc = dial_to(network, name, a);
  if (rc == 0) rc = xnet_listener_accept(l, b);
  xnet_listener_close(l);
  return rc;
}

static bool is_cloexec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }

/* ---- Unix networks ---- */

static void *echo_once(void *arg) {
  xnet_listener *l = arg;
  xnet_conn *c;
  if (xnet_listener_accept(l, &c) < 0) return NULL;
  char buf[256];
  int n;
  while ((n = xnet_conn_read(c, buf, sizeof buf)) > 0)
    if (xnet_conn_write(c, buf, (size_t)n) != n) break;
  xnet_conn_close(c);
  return NULL;
}

static void test_unix_stream_echo(void) {
  char path[64];
  unique_name(path, sizeof path, false);
  xnet_listener *l;
  XT_ASSERT_OK(listen_on("unix", path, &l));
  xnet_addr la;
  XT_ASSERT_OK(xnet_listener_addr(l, &la));
  XT_ASSERT_INT_EQ(la.kind, XNET_KIND_UNIX);
  XT_ASSERT_MEM_EQ(la.path, la.path_len, path, strlen(path));
  pthread_t t;
  pthread_create(&t, NULL, echo_once, l);
  xnet_conn *c;
  XT_ASSERT_OK(dial_to("unix", path, &c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_UNIX);
  xnet_addr ra;
  XT_ASSERT_OK(xnet_conn_remote_addr(c, &ra));
  XT_ASSERT_MEM_EQ(ra.path, ra.path_len, path, strlen(path));
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "hello, unix", 11), 11);
  XT_ASSERT_OK(xnet_conn_close_write(c));
  char got[64];
  size_t total = 0;
  int n;
  while ((n = xnet_conn_read(c, got + total, sizeof got - total)) > 0)
    total += (size_t)n;
  XT_ASSERT_INT_EQ(n, 0);
  XT_ASSERT_MEM_EQ(got, total, "hello, unix", 11);
  xnet_conn_close(c);
  pthread_join(t, NULL);
  XT_ASSERT_OK(xnet_listener_close(l));
}

static void test_unix_listener_close_removes_socket_file(void) {
  char path[64];
  unique_name(path, sizeof path, false);
  xnet_listener *l;
  XT_ASSERT_OK(listen_on("unix", path, &l));
  struct stat st;
  XT_ASSERT_INT_EQ(stat(path, &st), 0);
  XT_ASSERT(S_ISSOCK(st.st_mode));
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_INT_EQ(stat(path, &st), -1);
  /* The path is free again. */
  XT_ASSERT_OK(listen_on("unixpacket", path, &l));
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_INT_EQ(stat(path, &st), -1);
}

/* The same through the plain xnet_listen, on the default stack. */
static void test_unix_default_stack_removes_socket_file(void) {
  char path[64];
  unique_name(path, sizeof path, false);
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("unix", path, &l));
  XT_ASSERT_OK(xnet_listener_close(l));
  struct stat st;
  XT_ASSERT_INT_EQ(stat(path, &st), -1);
}

static void test_unix_abstract_names(void) {
  char name[64];
  unique_name(name, sizeof name, true);
  xnet_listener *l;
  XT_ASSERT_OK(listen_on("unix", name, &l));
  xnet_addr la;
  XT_ASSERT_OK(xnet_listener_addr(l, &la));
  XT_ASSERT_MEM_EQ(la.path, la.path_len, name, strlen(name)); /* '@' kept */
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(&la, text, sizeof text);
  XT_ASSERT_STR_EQ(text, name);
  xnet_conn *c, *s;
  XT_ASSERT_OK(dial_to("unix", name, &c));
  XT_ASSERT_OK(xnet_listener_accept(l, &s));
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "abs", 3), 3);
  char got[8];
  XT_ASSERT_INT_EQ(xnet_conn_read(s, got, sizeof got), 3);
  struct stat st;
  XT_ASSERT_INT_EQ(stat(name, &st), -1); /* no file anywhere */
  XT_ASSERT_INT_EQ(stat(name + 1, &st), -1);
  xnet_conn_close(c);
  xnet_conn_close(s);
  XT_ASSERT_OK(xnet_listener_close(l));
  /* unixgram on abstract names too. */
  char n1[64], n2[64];
  unique_name(n1, sizeof n1, true);
  unique_name(n2, sizeof n2, true);
  xnet_conn *g1, *g2;
  XT_ASSERT_OK(listen_packet_on(n1, &g1));
  XT_ASSERT_OK(listen_packet_on(n2, &g2));
  xnet_addr a2;
  xnet_conn_local_addr(g2, &a2);
  XT_ASSERT_INT_EQ(xnet_conn_write_to(g1, "dg", 2, &a2), 2);
  xnet_addr from;
  XT_ASSERT_INT_EQ(xnet_conn_read_from(g2, got, sizeof got, &from), 2);
  XT_ASSERT_MEM_EQ(from.path, from.path_len, n1, strlen(n1));
  xnet_conn_close(g1);
  xnet_conn_close(g2);
}

static void test_unixgram_read_from_write_to(void) {
  char p1[64], p2[64];
  unique_name(p1, sizeof p1, false);
  unique_name(p2, sizeof p2, false);
  xnet_conn *a, *b;
  XT_ASSERT_OK(listen_packet_on(p1, &a));
  XT_ASSERT_OK(listen_packet_on(p2, &b));
  XT_ASSERT_INT_EQ(xnet_conn_kind(a), XNET_KIND_UNIXGRAM);
  xnet_addr bt;
  XT_ASSERT_OK(xnet_conn_local_addr(b, &bt));
  XT_ASSERT_INT_EQ(bt.kind, XNET_KIND_UNIXGRAM);
  XT_ASSERT_INT_EQ(xnet_conn_write_to(a, "first", 5, &bt), 5);
  XT_ASSERT_INT_EQ(xnet_conn_write_to(a, "second!", 7, &bt), 7);
  char got[32];
  xnet_addr from;
  XT_ASSERT_INT_EQ(xnet_conn_read_from(b, got, sizeof got, &from), 5);
  XT_ASSERT_MEM_EQ(got, 5, "first", 5);
  XT_ASSERT_INT_EQ(from.kind, XNET_KIND_UNIXGRAM);
  XT_ASSERT_MEM_EQ(from.path, from.path_len, p1, strlen(p1));
  XT_ASSERT_INT_EQ(xnet_conn_read_from(b, got, sizeof got, &from), 7);
  /* Reply to where it came from. */
  XT_ASSERT_INT_EQ(xnet_conn_write_to(b, "reply", 5, &from), 5);
  XT_ASSERT_INT_EQ(xnet_conn_read_from(a, got, sizeof got, &from), 5);
  XT_ASSERT_MEM_EQ(from.path, from.path_len, p2, strlen(p2));
  /* Not connected: a write without a destination is refused. */
  XT_ASSERT_ERR(xnet_conn_write(a, "x", 1), XNET_ENOTCONN);
  xnet_conn_close(a);
  xnet_conn_close(b);
  unlink(p1);
  unlink(p2);
}

static void test_unixgram_unbound_dialer(void) {
  char path[64];
  unique_name(path, sizeof path, false);
  xnet_conn *srv, *c;
  XT_ASSERT_OK(listen_packet_on(path, &srv));
  XT_ASSERT_OK(dial_to("unixgram", path, &c));
  xnet_addr la, ra;
  XT_ASSERT_OK(xnet_conn_local_addr(c, &la));
  XT_ASSERT_INT_EQ(la.path_len, 0); /* unbound */
  XT_ASSERT_OK(xnet_conn_remote_addr(c, &ra));
  XT_ASSERT_MEM_EQ(ra.path, ra.path_len, path, strlen(path));
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "anon", 4), 4);
  char got[8];
  xnet_addr from = {.kind = XNET_KIND_UNIX};
  XT_ASSERT_INT_EQ(xnet_conn_read_from(srv, got, sizeof got, &from), 4);
  XT_ASSERT_INT_EQ(from.kind, XNET_KIND_NONE); /* Go: a nil address */
  /* A connected conn takes no destination. */
  XT_ASSERT_ERR(xnet_conn_write_to(c, "x", 1, &ra), XNET_EWRITETOCONNECTED);
  xnet_conn_close(c);
  xnet_conn_close(srv);
  unlink(path);
}

static void test_unixpacket_keeps_message_boundaries(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(unix_pair("unixpacket", &a, &b));
  XT_ASSERT_INT_EQ(xnet_conn_kind(b), XNET_KIND_UNIXPACKET);
  XT_ASSERT_INT_EQ(xnet_conn_write(a, "abc", 3), 3);
  XT_ASSERT_INT_EQ(xnet_conn_write(a, "defgh", 5), 5);
  XT_ASSERT_INT_EQ(xnet_conn_write(a, "truncated", 9), 9);
  XT_ASSERT_INT_EQ(xnet_conn_write(a, "next", 4), 4);
  char got[64];
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 3);
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 5);
  XT_ASSERT_MEM_EQ(got, 5, "defgh", 5);
  /* A short buffer takes the head of one message and drops the rest. */
  size_t oobn;
  int flags;
  XT_ASSERT_INT_EQ(xnet_conn_read_msg(b, got, 4, NULL, 0, &oobn, &flags, NULL), 4);
  XT_ASSERT(flags & XNET_MSG_TRUNC);
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 4);
  XT_ASSERT_MEM_EQ(got, 4, "next", 4);
  xnet_conn_close(a);
  XT_ASSERT_INT_EQ(xnet_conn_read(b, got, sizeof got), 0);
  xnet_conn_close(b);
}

/* ---- codec: byte-exact messages for every profile ---- */

static void test_unix_rights_put_vectors(void) {
  static const uint8_t linux_v[] = {
      0x18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, /* len 24, 1, 1 */
      3, 0, 0, 0, 4, 0, 0, 0};
  static const uint8_t freebsd_v[] = {
      0x18, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, /* pad to 16 */
      3, 0, 0, 0, 4, 0, 0, 0};
  static const uint8_t darwin_v[] = {0x14, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0,
                                     0,    0, 3, 0, 0, 0, 4, 0, 0, 0};
  const int fds[2] = {3, 4};
  uint8_t buf[64];
  size_t len;
  XT_ASSERT_OK(xnet_unix_rights_put(&xnet_profile_linux, fds, 2, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, linux_v, sizeof linux_v);
  XT_ASSERT_UINT_EQ(xnet_unix_rights_space(&xnet_profile_linux, 2), 24);
  XT_ASSERT_OK(xnet_unix_rights_put(&xnet_profile_freebsd, fds, 2, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, freebsd_v, sizeof freebsd_v);
  XT_ASSERT_OK(xnet_unix_rights_put(&xnet_profile_darwin, fds, 2, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, darwin_v, sizeof darwin_v);
  XT_ASSERT_UINT_EQ(xnet_unix_rights_space(&xnet_profile_darwin, 2), 20);
  /* Every flavour frames SCM_RIGHTS 1 at its SOL_SOCKET. */
  const xnet_profile *all[] = {&xnet_profile_linux, &xnet_profile_freebsd,
                               &xnet_profile_netbsd, &xnet_profile_openbsd,
                               &xnet_profile_dragonfly, &xnet_profile_darwin};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    XT_ASSERT_OK(xnet_unix_rights_put(all[i], fds, 2, buf, sizeof buf, &len));
    XT_ASSERT_UINT_EQ(len, xnet_unix_rights_space(all[i], 2));
    xnet_cmsg_iter it;
    xnet_cmsg m;
    xnet_cmsg_iter_init(&it, all[i], buf, len);
    XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
    XT_ASSERT_INT_EQ(m.type, 1);
    XT_ASSERT_INT_EQ(m.level, all[i]->cmsg->sol_socket);
    int back[2];
    size_t n;
    XT_ASSERT_OK(xnet_unix_rights_parse(all[i], &m, back, 2, &n));
    XT_ASSERT_UINT_EQ(n, 2);
    XT_ASSERT_INT_EQ(back[0], 3);
    XT_ASSERT_INT_EQ(back[1], 4);
    XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 0);
  }
}

static void test_unix_rights_put_errors(void) {
  const int fds[3] = {0, 1, 2};
  uint8_t buf[64];
  size_t len = 0;
  /* Too small: ENOBUFS with the size needed, for every cap below it. */
  for (size_t cap = 0; cap < 28; cap++) {
    XT_ASSERT_ERR(xnet_unix_rights_put(&xnet_profile_linux, fds, 3, buf, cap, &len),
                  XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(len, 32);
  }
  XT_ASSERT_ERR(xnet_unix_rights_put(&xnet_profile_linux, fds, 3, NULL, 0, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 32);
  const int bad[1] = {-1};
  XT_ASSERT_ERR(xnet_unix_rights_put(&xnet_profile_linux, bad, 1, buf, sizeof buf, &len),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_unix_rights_put(&xnet_profile_linux, NULL, 1, buf, sizeof buf, &len),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_unix_rights_put(NULL, fds, 1, buf, sizeof buf, &len), XNET_EINVAL);
  const xnet_profile bare = {.name = "bare"};
  XT_ASSERT_ERR(xnet_unix_rights_put(&bare, fds, 1, buf, sizeof buf, &len), XNET_EINVAL);
  XT_ASSERT_UINT_EQ(xnet_unix_rights_space(&bare, 1), 0);
  XT_ASSERT_ERR(xnet_unix_rights_put(&xnet_profile_linux, fds, SIZE_MAX / 2, buf,
                                     sizeof buf, &len),
                XNET_EMSGSIZE);
  /* Zero descriptors is a header alone (what Go's UnixRights() gives). */
  XT_ASSERT_OK(xnet_unix_rights_put(&xnet_profile_linux, NULL, 0, buf, sizeof buf, &len));
  XT_ASSERT_UINT_EQ(len, 16);
}

static void test_unix_rights_parse_errors(void) {
  uint8_t data[12] = {5, 0, 0, 0, 6, 0, 0, 0, 7, 0, 0, 0};
  xnet_cmsg m = {1, 1, data, 12, 0};
  int fds[3] = {-1, -1, -1};
  size_t n = 99;
  XT_ASSERT_ERR(xnet_unix_rights_parse(&xnet_profile_linux, &m, fds, 2, &n),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(n, 3);
  XT_ASSERT_INT_EQ(fds[0], -1); /* nothing written */
  XT_ASSERT_OK(xnet_unix_rights_parse(&xnet_profile_linux, &m, fds, 3, &n));
  XT_ASSERT_INT_EQ(fds[2], 7);
  m.len = 10;
  XT_ASSERT_ERR(xnet_unix_rights_parse(&xnet_profile_linux, &m, fds, 3, &n), XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(n, 0);
  m.len = 12;
  m.type = 2; /* SCM_CREDENTIALS */
  XT_ASSERT_ERR(xnet_unix_rights_parse(&xnet_profile_linux, &m, fds, 3, &n), XNET_EBADTYPE);
  m.type = 1;
  m.level = 0xffff; /* a BSD SOL_SOCKET read with the Linux profile */
  XT_ASSERT_ERR(xnet_unix_rights_parse(&xnet_profile_linux, &m, fds, 3, &n), XNET_EBADTYPE);
  XT_ASSERT_OK(xnet_unix_rights_parse(&xnet_profile_freebsd, &m, fds, 3, &n));
  XT_ASSERT_ERR(xnet_unix_rights_parse(&xnet_profile_linux, NULL, fds, 3, &n), XNET_EINVAL);
}

/* Every truncation of a valid two-message buffer: the iterator stops
 * cleanly, and whatever it yields parses or is refused, never read past. */
static void test_unix_truncated_buffers_fail_cleanly(void) {
  const int fds[2] = {8, 9};
  const xnet_unix_cred cred = {42, 1000, 100};
  uint8_t buf[128];
  size_t a, b;
  XT_ASSERT_OK(xnet_unix_rights_put(&xnet_profile_linux, fds, 2, buf, sizeof buf, &a));
  XT_ASSERT_OK(xnet_unix_credentials_put(&xnet_profile_linux, &cred, buf + a,
                                         sizeof buf - a, &b));
  for (size_t n = 0; n <= a + b; n++) {
    uint8_t cut[128];
    memcpy(cut, buf, n);
    xnet_cmsg_iter it;
    xnet_cmsg m;
    xnet_cmsg_iter_init(&it, &xnet_profile_linux, cut, n);
    int rc, whole = 0;
    while ((rc = xnet_cmsg_iter_next(&it, &m)) == 1) {
      int got[2];
      size_t k;
      xnet_unix_cred c;
      if (m.type == 1 && xnet_unix_rights_parse(&xnet_profile_linux, &m, got, 2, &k) == 0 &&
          k == 2)
        whole++;
      if (m.type == 2 && xnet_unix_credentials_parse(&xnet_profile_linux, &m, &c) == 0 &&
          c.pid == 42)
        whole++;
    }
    XT_ASSERT(rc <= 0);
    if (n == a + b) XT_ASSERT_INT_EQ(whole, 2);
    if (n < a) XT_ASSERT_INT_EQ(whole, 0);
  }
}

static void test_unix_credentials_vectors(void) {
  const xnet_unix_cred cred = {0x1234, 1000, 100};
  static const uint8_t linux_v[] = {
      0x1c, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, /* len 28 */
      0x34, 0x12, 0, 0, 0xe8, 3, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0};
  uint8_t buf[128];
  size_t len;
  XT_ASSERT_OK(xnet_unix_credentials_put(&xnet_profile_linux, &cred, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, linux_v, sizeof linux_v);
  XT_ASSERT_UINT_EQ(xnet_unix_credentials_space(&xnet_profile_linux), 32);
  /* FreeBSD: struct cmsgcred (84 bytes) after a 16-byte header, padded to
   * 104; pid at 0, uid at 4, euid (zero) at 8, gid at 12. */
  XT_ASSERT_OK(xnet_unix_credentials_put(&xnet_profile_freebsd, &cred, buf, sizeof buf, &len));
  XT_ASSERT_UINT_EQ(len, 104);
  static const uint8_t freebsd_head[] = {
      100, 0, 0, 0, 0xff, 0xff, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, /* len 100 */
      0x34, 0x12, 0, 0, 0xe8, 3, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0};
  XT_ASSERT_MEM_EQ(buf, sizeof freebsd_head, freebsd_head, sizeof freebsd_head);
  for (size_t i = sizeof freebsd_head; i < len; i++) XT_ASSERT_INT_EQ(buf[i], 0);
  /* Round trips through the iterator. */
  const xnet_profile *send[] = {&xnet_profile_linux, &xnet_profile_freebsd,
                                &xnet_profile_dragonfly};
  for (size_t i = 0; i < 3; i++) {
    XT_ASSERT_OK(xnet_unix_credentials_put(send[i], &cred, buf, sizeof buf, &len));
    xnet_cmsg_iter it;
    xnet_cmsg m;
    xnet_cmsg_iter_init(&it, send[i], buf, len);
    XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &m), 1);
    xnet_unix_cred back;
    XT_ASSERT_OK(xnet_unix_credentials_parse(send[i], &m, &back));
    XT_ASSERT_INT_EQ(back.pid, cred.pid);
    XT_ASSERT_UINT_EQ(back.uid, cred.uid);
    XT_ASSERT_UINT_EQ(back.gid, cred.gid);
  }
}

static void test_unix_credentials_by_flavour(void) {
  const xnet_unix_cred cred = {1, 2, 3};
  uint8_t buf[128];
  size_t len;
  /* No credentials message at all. */
  XT_ASSERT_ERR(xnet_unix_credentials_put(&xnet_profile_darwin, &cred, buf, sizeof buf, &len),
                XNET_ENOTSUP);
  XT_ASSERT_ERR(xnet_unix_credentials_put(&xnet_profile_openbsd, &cred, buf, sizeof buf, &len),
                XNET_ENOTSUP);
  XT_ASSERT_UINT_EQ(xnet_unix_credentials_space(&xnet_profile_darwin), 0);
  uint8_t data[28] = {0};
  xnet_cmsg m = {0xffff, 3, data, sizeof data, 0};
  xnet_unix_cred out = {9, 9, 9};
  XT_ASSERT_ERR(xnet_unix_credentials_parse(&xnet_profile_darwin, &m, &out), XNET_ENOTSUP);
  XT_ASSERT_INT_EQ(out.pid, 0);
  /* NetBSD: delivered (struct sockcred, SCM_CREDS 0x10), never sent. */
  XT_ASSERT_ERR(xnet_unix_credentials_put(&xnet_profile_netbsd, &cred, buf, sizeof buf, &len),
                XNET_ENOTSUP);
  data[0] = 7;  /* sc_pid */
  data[4] = 8;  /* sc_uid */
  data[8] = 99; /* sc_euid */
  data[12] = 9; /* sc_gid */
  m.type = 0x10;
  XT_ASSERT_OK(xnet_unix_credentials_parse(&xnet_profile_netbsd, &m, &out));
  XT_ASSERT_INT_EQ(out.pid, 7);
  XT_ASSERT_UINT_EQ(out.uid, 8);
  XT_ASSERT_UINT_EQ(out.gid, 9);
  /* Short payloads and wrong types. */
  m.len = 15;
  XT_ASSERT_ERR(xnet_unix_credentials_parse(&xnet_profile_netbsd, &m, &out), XNET_ESHORT);
  XT_ASSERT_INT_EQ(out.pid, 0);
  m.len = 16;
  XT_ASSERT_OK(xnet_unix_credentials_parse(&xnet_profile_netbsd, &m, &out));
  m.type = 3;
  XT_ASSERT_ERR(xnet_unix_credentials_parse(&xnet_profile_netbsd, &m, &out), XNET_EBADTYPE);
  xnet_cmsg lm = {1, 2, data, 11, 0};
  XT_ASSERT_ERR(xnet_unix_credentials_parse(&xnet_profile_linux, &lm, &out), XNET_ESHORT);
  lm.type = 1;
  lm.len = 12;
  XT_ASSERT_ERR(xnet_unix_credentials_parse(&xnet_profile_linux, &lm, &out), XNET_EBADTYPE);
  XT_ASSERT_ERR(xnet_unix_credentials_put(&xnet_profile_linux, &cred, buf, 31, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 32);
}

/* The Linux profile's numbers are the host's. */
static void test_unix_linux_profile_matches_host(void) {
  const xnet_cmsg_abi *abi = xnet_profile_linux.cmsg;
  XT_ASSERT_INT_EQ(abi->scm_rights, SCM_RIGHTS);
  XT_ASSERT_INT_EQ(abi->scm_creds, SCM_CREDENTIALS);
  XT_ASSERT_INT_EQ(abi->cred_len, sizeof(struct ucred));
  XT_ASSERT_INT_EQ(abi->cred_pid_off, offsetof(struct ucred, pid));
  XT_ASSERT_INT_EQ(abi->cred_uid_off, offsetof(struct ucred, uid));
  XT_ASSERT_INT_EQ(abi->cred_gid_off, offsetof(struct ucred, gid));
  XT_ASSERT_UINT_EQ(xnet_unix_rights_space(&xnet_profile_linux, 3), CMSG_SPACE(12));
  XT_ASSERT_UINT_EQ(xnet_unix_credentials_space(&xnet_profile_linux),
                    CMSG_SPACE(sizeof(struct ucred)));
}

/* ---- end to end: descriptors ---- */

/* Collects every passed descriptor of a control buffer into fds. */
static size_t collect_fds(const xnet_profile *p, const uint8_t *oob, size_t n,
                          int *fds, size_t cap) {
  xnet_cmsg_iter it;
  xnet_cmsg m;
  size_t total = 0;
  xnet_cmsg_iter_init(&it, p, oob, n);
  while (xnet_cmsg_iter_next(&it, &m) == 1) {
    size_t k;
    if (xnet_unix_rights_parse(p, &m, fds + total, cap - total, &k) == 0)
      total += k;
  }
  return total;
}

static void pass_pipe_over(xnet_conn *snd, xnet_conn *rcv, const xnet_addr *to) {
  const xnet_profile *p = xnet_conn_profile(snd);
  int pp[2];
  XT_ASSERT_INT_EQ(pipe(pp), 0);
  uint8_t oob[64];
  size_t oobn;
  XT_ASSERT_OK(xnet_unix_rights_put(p, pp, 2, oob, sizeof oob, &oobn));
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(snd, "F", 1, oob, oobn, to), 1);
  uint8_t roob[64];
  size_t roobn;
  int flags;
  char c;
  XT_ASSERT_INT_EQ(xnet_conn_read_msg(rcv, &c, 1, roob, sizeof roob, &roobn, &flags, NULL), 1);
  XT_ASSERT_INT_EQ(flags & XNET_MSG_CTRUNC, 0);
  int got[4];
  XT_ASSERT_UINT_EQ(collect_fds(p, roob, roobn, got, 4), 2);
  XT_ASSERT(got[0] != pp[0] && got[1] != pp[1]); /* new descriptors */
  /* Written through the received write end, read from the original. */
  XT_ASSERT_INT_EQ(write(got[1], "via", 3), 3);
  char buf[8];
  XT_ASSERT_INT_EQ(read(pp[0], buf, sizeof buf), 3);
  XT_ASSERT_MEM_EQ(buf, 3, "via", 3);
  XT_ASSERT_INT_EQ(write(pp[1], "back", 4), 4);
  XT_ASSERT_INT_EQ(read(got[0], buf, sizeof buf), 4);
  XT_ASSERT_MEM_EQ(buf, 4, "back", 4);
  close(got[0]);
  close(got[1]);
  close(pp[0]);
  close(pp[1]);
}

static void test_unix_pass_descriptors_over_stream(void) {
  int fds = ctu_count_fds();
  xnet_conn *a, *b;
  XT_ASSERT_OK(unix_pair("unix", &a, &b));
  pass_pipe_over(a, b, NULL);
  xnet_conn_close(a);
  xnet_conn_close(b);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

static void test_unix_pass_descriptors_over_unixgram(void) {
  int fds = ctu_count_fds();
  char n1[64], n2[64];
  unique_name(n1, sizeof n1, true);
  unique_name(n2, sizeof n2, true);
  xnet_conn *a, *b;
  XT_ASSERT_OK(listen_packet_on(n1, &a));
  XT_ASSERT_OK(listen_packet_on(n2, &b));
  xnet_addr to;
  xnet_conn_local_addr(b, &to);
  pass_pipe_over(a, b, &to);
  xnet_conn_close(a);
  xnet_conn_close(b);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

/* Whether descriptors the host backend's recvmsg installs are
 * close-on-exec (it must pass MSG_CMSG_CLOEXEC). Probed with the op itself
 * over a socketpair. */
static const char *need_cmsg_cloexec(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0) return "no socketpair";
  union {
    char b[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  memset(&u, 0, sizeof u);
  struct iovec iov = {.iov_base = (void *)(uintptr_t) "x", .iov_len = 1};
  struct msghdr h = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b,
                     .msg_controllen = sizeof u.b};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&h);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &sv[0], sizeof(int));
  bool ok = false;
  if (sendmsg(sv[0], &h, 0) == 1) {
    char c;
    uint8_t oob[CMSG_SPACE(sizeof(int))];
    struct iovec riov = {&c, 1};
    xnet_backend_msg m = {.iov = &riov, .iov_len = 1, .oob = oob,
                          .oob_cap = sizeof oob};
    xnet_stack *d = xnet_stack_default();
    if (xnet__stack_ops(d)->recvmsg(xnet__stack_instance(d), sv[1], &m, 0) == 1) {
      int got[1];
      if (collect_fds(&xnet_profile_linux, oob, m.oob_len, got, 1) == 1) {
        ok = is_cloexec(got[0]);
        close(got[0]);
      }
    }
  }
  close(sv[0]);
  close(sv[1]);
  return ok ? NULL
            : "the host backend's recvmsg does not pass MSG_CMSG_CLOEXEC "
              "(backends/posix/msg.c)";
}

static void test_unix_received_descriptors_close_on_exec(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(unix_pair("unixpacket", &a, &b));
  int pp[2];
  XT_ASSERT_INT_EQ(pipe(pp), 0);
  uint8_t oob[64], roob[64];
  size_t oobn, roobn;
  int flags, got[2];
  char c;
  XT_ASSERT_OK(xnet_unix_rights_put(xnet_conn_profile(a), pp, 2, oob, sizeof oob, &oobn));
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(a, "F", 1, oob, oobn, NULL), 1);
  XT_ASSERT_INT_EQ(xnet_conn_read_msg(b, &c, 1, roob, sizeof roob, &roobn, &flags, NULL), 1);
  XT_ASSERT_UINT_EQ(collect_fds(xnet_conn_profile(b), roob, roobn, got, 2), 2);
  XT_ASSERT(is_cloexec(got[0]));
  XT_ASSERT(is_cloexec(got[1]));
  close(got[0]);
  close(got[1]);
  close(pp[0]);
  close(pp[1]);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_unix_truncated_control_reports_ctrunc_without_leak(void) {
  int fds = ctu_count_fds();
  xnet_conn *a, *b;
  XT_ASSERT_OK(unix_pair("unixpacket", &a, &b));
  const xnet_profile *p = xnet_conn_profile(a);
  int pp[2];
  XT_ASSERT_INT_EQ(pipe(pp), 0);
  uint8_t oob[64], roob[64];
  size_t oobn, roobn;
  int flags, got[2];
  char c;
  XT_ASSERT_OK(xnet_unix_rights_put(p, pp, 2, oob, sizeof oob, &oobn));
  /* Room for one descriptor of two (CMSG_LEN(4): the space of one, padded,
   * would hold two): the kernel installs one and drops the other. */
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(a, "1", 1, oob, oobn, NULL), 1);
  size_t one = xnet_cmsg_len(p, 4);
  XT_ASSERT_INT_EQ(xnet_conn_read_msg(b, &c, 1, roob, one, &roobn, &flags, NULL), 1);
  XT_ASSERT(flags & XNET_MSG_CTRUNC);
  XT_ASSERT_UINT_EQ(collect_fds(p, roob, roobn, got, 2), 1);
  close(got[0]);
  /* Room for no header at all, and no buffer: both dropped. */
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(a, "2", 1, oob, oobn, NULL), 1);
  XT_ASSERT_INT_EQ(xnet_conn_read_msg(b, &c, 1, roob, 8, &roobn, &flags, NULL), 1);
  XT_ASSERT(flags & XNET_MSG_CTRUNC);
  XT_ASSERT_UINT_EQ(collect_fds(p, roob, roobn, got, 2), 0);
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(a, "3", 1, oob, oobn, NULL), 1);
  XT_ASSERT_INT_EQ(xnet_conn_read_msg(b, &c, 1, NULL, 0, &roobn, &flags, NULL), 1);
  XT_ASSERT(flags & XNET_MSG_CTRUNC);
  XT_ASSERT_UINT_EQ(roobn, 0);
  close(pp[0]);
  close(pp[1]);
  xnet_conn_close(a);
  xnet_conn_close(b);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

/* ---- end to end: credentials ---- */

/* Reads one message and returns its credentials in *out. */
static int read_credentials(xnet_conn *c, xnet_unix_cred *out) {
  char buf[8];
  uint8_t oob[128];
  size_t oobn;
  int flags;
  int rc = xnet_conn_read_msg(c, buf, sizeof buf, oob, sizeof oob, &oobn, &flags, NULL);
  if (rc < 0) return rc;
  const xnet_profile *p = xnet_conn_profile(c);
  xnet_cmsg_iter it;
  xnet_cmsg m;
  xnet_cmsg_iter_init(&it, p, oob, oobn);
  while (xnet_cmsg_iter_next(&it, &m) == 1)
    if (xnet_unix_credentials_parse(p, &m, out) == 0) return 0;
  return XNET_ENOENT;
}

static void check_credentials_over(xnet_conn *snd, xnet_conn *rcv,
                                   const xnet_addr *to) {
  XT_ASSERT_OK(xnet_conn_set_pass_credentials(rcv, true));
  const xnet_unix_cred me = {(int32_t)getpid(), (uint32_t)getuid(), (uint32_t)getgid()};
  uint8_t oob[64];
  size_t oobn;
  XT_ASSERT_OK(xnet_unix_credentials_put(xnet_conn_profile(snd), &me, oob, sizeof oob, &oobn));
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(snd, "C", 1, oob, oobn, to), 1);
  xnet_unix_cred got;
  XT_ASSERT_OK(read_credentials(rcv, &got));
  XT_ASSERT_INT_EQ(got.pid, getpid());
  XT_ASSERT_UINT_EQ(got.uid, getuid());
  XT_ASSERT_UINT_EQ(got.gid, getgid());
  /* With the option on, the kernel attaches them unasked. */
  XT_ASSERT_INT_EQ(xnet_conn_write_msg(snd, "D", 1, NULL, 0, to), 1);
  memset(&got, 0, sizeof got);
  XT_ASSERT_OK(read_credentials(rcv, &got));
  XT_ASSERT_INT_EQ(got.pid, getpid());
  XT_ASSERT_UINT_EQ(got.uid, getuid());
  XT_ASSERT_UINT_EQ(got.gid, getgid());
}

static void test_unix_pass_credentials(void) {
  xnet_conn *a, *b;
  XT_ASSERT_OK(unix_pair("unix", &a, &b));
  check_credentials_over(a, b, NULL);
  xnet_conn_close(a);
  xnet_conn_close(b);
  char n1[64], n2[64];
  unique_name(n1, sizeof n1, true);
  unique_name(n2, sizeof n2, true);
  XT_ASSERT_OK(listen_packet_on(n1, &a));
  XT_ASSERT_OK(listen_packet_on(n2, &b));
  xnet_addr to;
  xnet_conn_local_addr(b, &to);
  check_credentials_over(a, b, &to);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_unix_pass_credentials_needs_a_unix_conn(void) {
  xnet_conn *u, *a, *b;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &u));
  XT_ASSERT_ERR(xnet_conn_set_pass_credentials(u, true), XNET_EINVAL);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "set");
  xnet_conn_close(u);
  XT_ASSERT_OK(xnet_pipe(&a, &b));
  XT_ASSERT_ERR(xnet_conn_set_pass_credentials(a, true), XNET_EINVAL);
  XT_ASSERT(xnet_conn_profile(a) == xnet__stack_ops(xnet_stack_default())->profile);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

XT_SUITE(core, unix, suite_init, suite_cleanup,
         XT_TEST(test_unix_stream_echo),
         XT_TEST(test_unix_listener_close_removes_socket_file),
         XT_TEST(test_unix_default_stack_removes_socket_file),
         XT_TEST(test_unix_abstract_names),
         XT_TEST(test_unixgram_read_from_write_to),
         XT_TEST(test_unixgram_unbound_dialer),
         XT_TEST(test_unixpacket_keeps_message_boundaries),
         XT_TEST(test_unix_rights_put_vectors),
         XT_TEST(test_unix_rights_put_errors),
         XT_TEST(test_unix_rights_parse_errors),
         XT_TEST(test_unix_truncated_buffers_fail_cleanly),
         XT_TEST(test_unix_credentials_vectors),
         XT_TEST(test_unix_credentials_by_flavour),
         XT_TEST(test_unix_linux_profile_matches_host),
         XT_TEST(test_unix_pass_descriptors_over_stream),
         XT_TEST(test_unix_pass_descriptors_over_unixgram),
         XT_TEST_IF(test_unix_received_descriptors_close_on_exec, need_cmsg_cloexec),
         XT_TEST(test_unix_truncated_control_reports_ctrunc_without_leak),
         XT_TEST(test_unix_pass_credentials),
         XT_TEST(test_unix_pass_credentials_needs_a_unix_conn));
