/* test_cat.c — `xnet cat`: round trips between two xnet processes (tcp,
 * tcp6, unix, unixpacket) with half-close, udp datagrams seen by a socket of
 * the test, and in-process usage and error cases.
 *
 * Children are the built binary, with pipes for their standard streams.
 * Every wait is bounded (WAIT_MS), so a broken tool fails a test instead of
 * hanging it; whatever a test leaves running is killed and reaped, and the
 * test's descriptor count must come back to where it started. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xnet/conn.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"
#include "xnet_tool.h"

#define CAT_BINARY XNET_BINARY_DIR "/tools/xnet/xnet"
#define WAIT_MS 10000

/* ---- children ---- */

typedef struct child {
  pid_t pid; /* 0: none */
  int in, out, err; /* our ends of its stdin, stdout, stderr; -1 closed */
} child;

typedef struct text {
  char data[4096];
  size_t len;
} text;

/* What a test may leave behind, released by fixture_release. */
static struct {
  child kids[2];
  xnet_conn *conn;
  char dir[64];
  char path[128];
} fx;

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

/* Starts the xnet binary with argv (NULL-terminated) in fx.kids[slot]. The
 * pipes are close-on-exec so that a second child does not hold the first
 * one's stdin open. */
static bool child_start(int slot, char *argv[]) {
  child *ch = &fx.kids[slot];
  int p[3][2];
  for (int i = 0; i < 3; i++)
    if (pipe2(p[i], O_CLOEXEC) != 0) return false;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(p[0][0], 0);
    dup2(p[1][1], 1);
    dup2(p[2][1], 2);
    signal(SIGPIPE, SIG_DFL); /* the suite ignores it; the tool must not */
    execv(CAT_BINARY, argv);
    _exit(127);
  }
  close(p[0][0]);
  close(p[1][1]);
  close(p[2][1]);
  *ch = (child){pid > 0 ? pid : 0, p[0][1], p[1][0], p[2][0]};
  if (pid < 0) {
    close_fd(&ch->in);
    close_fd(&ch->out);
    close_fd(&ch->err);
  }
  return pid > 0;
}

static bool write_text(int fd, const char *s) {
  size_t n = strlen(s);
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    s += w;
    n -= (size_t)w;
  }
  return true;
}

/* Reads fd into t until t holds `until` (NULL: until end of file) or
 * WAIT_MS pass; returns whether it got there. */
static bool read_until(int fd, text *t, const char *until) {
  int64_t end = now_ms() + WAIT_MS;
  for (;;) {
    t->data[t->len] = '\0';
    if (until && strstr(t->data, until)) return true;
    int64_t left = end - now_ms();
    if (left <= 0 || t->len + 1 >= sizeof t->data) return false;
    struct pollfd pfd = {fd, POLLIN, 0};
    if (poll(&pfd, 1, (int)left) <= 0) continue;
    ssize_t n = read(fd, t->data + t->len, sizeof t->data - 1 - t->len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return until == NULL && n == 0;
    t->len += (size_t)n;
  }
}

/* The text after "listening on " in a child's stderr (its bound address). */
static bool listen_address(int slot, char *addr, size_t cap) {
  text t = {.len = 0};
  if (!read_until(fx.kids[slot].err, &t, "listening on ")) return false;
  if (!strchr(strstr(t.data, "listening on "), '\n') && !read_until(fx.kids[slot].err, &t, "\n"))
    return false;
  const char *a = strstr(t.data, "listening on ") + strlen("listening on ");
  snprintf(addr, cap, "%.*s", (int)strcspn(a, "\n"), a);
  return true;
}

/* Waits up to WAIT_MS for the child to exit and returns its exit status;
 * -1 when it had to be killed or died of a signal. */
static int child_wait(int slot) {
  child *ch = &fx.kids[slot];
  int64_t end = now_ms() + WAIT_MS;
  int st = 0;
  pid_t r;
  while ((r = waitpid(ch->pid, &st, WNOHANG)) == 0 && now_ms() < end) {
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
  if (r == 0) {
    kill(ch->pid, SIGKILL);
    waitpid(ch->pid, &st, 0);
    st = -1;
  }
  ch->pid = 0;
  return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Kills and reaps what a test left running, closes what it left open. */
static void fixture_release(void) {
  for (int i = 0; i < 2; i++) {
    child *ch = &fx.kids[i];
    if (ch->pid > 0) {
      kill(ch->pid, SIGKILL);
      waitpid(ch->pid, NULL, 0);
    }
    close_fd(&ch->in);
    close_fd(&ch->out);
    close_fd(&ch->err);
    ch->pid = 0;
  }
  if (fx.conn) xnet_conn_close(fx.conn);
  fx.conn = NULL;
  if (fx.path[0]) unlink(fx.path);
  if (fx.dir[0]) rmdir(fx.dir);
  fx.path[0] = fx.dir[0] = '\0';
}

static int count_fds(void) {
  int n = 0;
  for (int fd = 0; fd < 1024; fd++) n += fcntl(fd, F_GETFD) >= 0;
  return n;
}

/* Runs a test body, then releases the fixture and checks that no
 * descriptor was leaked. */
#define RUN_RELEASED(body)                                                   \
  do {                                                                       \
    int fds_before = count_fds();                                            \
    body;                                                                    \
    fixture_release();                                                       \
    XT_ASSERT_INT_EQ(count_fds(), fds_before);                               \
  } while (0)

static struct sigaction old_sigpipe;

/* A write to a child that died must fail, not kill the runner; and the
 * default stack's descriptors are opened before any test counts them. */
static int cat_init(void) {
  for (int i = 0; i < 2; i++) fx.kids[i] = (child){0, -1, -1, -1};
  struct sigaction ign;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  if (sigaction(SIGPIPE, &ign, &old_sigpipe) != 0) return -1;
  return xnet_stack_default() ? 0 : -1;
}

static int cat_cleanup(void) {
  fixture_release();
  return sigaction(SIGPIPE, &old_sigpipe, NULL);
}

static const char *need_binary(void) {
  return access(CAT_BINARY, X_OK) == 0 ? NULL : "the xnet binary is not built";
}

static const char *need_ipv6(void) {
  const char *why = need_binary();
  if (why) return why;
  xnet_listener *l;
  if (xnet_listen("tcp6", "[::1]:0", &l) < 0) return "IPv6 loopback unavailable";
  xnet_listener_close(l);
  return NULL;
}

/* ---- stream round trips between two processes ---- */

/* `xnet cat -l NET LADDR` and `xnet cat NET ADDR`: the client's lines
 * reach the server, the client half-closes, and only then does the server
 * send its lines, which must still arrive; both exit 0. */
static void stream_round_trip(char *network, char *laddr) {
  char *server_argv[] = {"xnet", "cat", "-l", network, laddr, NULL};
  XT_ASSERT(child_start(0, server_argv));
  char addr[256];
  XT_ASSERT(listen_address(0, addr, sizeof addr));
  char *client_argv[] = {"xnet", "cat", network, addr, NULL};
  XT_ASSERT(child_start(1, client_argv));
  child *server = &fx.kids[0], *client = &fx.kids[1];

  XT_ASSERT(write_text(client->in, "c1\nc2\n"));
  XT_ASSERT(write_text(client->in, "c3\n"));
  close_fd(&client->in);
  text server_out = {.len = 0}, client_out = {.len = 0};
  XT_ASSERT(read_until(server->out, &server_out, "c3\n"));

  XT_ASSERT(write_text(server->in, "s1\ns2\n"));
  close_fd(&server->in);
  XT_ASSERT(read_until(client->out, &client_out, NULL));
  XT_ASSERT(read_until(server->out, &server_out, NULL));
  XT_ASSERT_STR_EQ(client_out.data, "s1\ns2\n");
  XT_ASSERT_STR_EQ(server_out.data, "c1\nc2\nc3\n");
  XT_ASSERT_INT_EQ(child_wait(1), 0);
  XT_ASSERT_INT_EQ(child_wait(0), 0);
  text client_err = {.len = 0}, server_err = {.len = 0};
  XT_ASSERT(read_until(client->err, &client_err, NULL));
  XT_ASSERT(read_until(server->err, &server_err, NULL));
  /* Diagnostics only when listening: after "listening on" (read above),
   * at most the peer's address (an unnamed Unix socket has none). */
  XT_ASSERT_STR_EQ(client_err.data, "");
  XT_ASSERT(server_err.len == 0 || strncmp(server_err.data, "xnet cat: connection from ", 26) == 0);
  XT_ASSERT(strchr(server_err.data, '\n') == strrchr(server_err.data, '\n'));
}

static void test_cat_tcp_round_trip_with_half_close(void) {
  RUN_RELEASED(stream_round_trip("tcp", "127.0.0.1:0"));
}

static void test_cat_tcp6_round_trip(void) {
  RUN_RELEASED(stream_round_trip("tcp6", "[::1]:0"));
}

/* A socket path in a fresh temporary directory. */
static bool temp_socket_path(void) {
  snprintf(fx.dir, sizeof fx.dir, "/tmp/xnet-cat-XXXXXX");
  if (!mkdtemp(fx.dir)) {
    fx.dir[0] = '\0';
    return false;
  }
  snprintf(fx.path, sizeof fx.path, "%s/s", fx.dir);
  return true;
}

/* Also checks the listener was closed: Unix listeners remove their file. */
static void unix_round_trip(char *network) {
  XT_ASSERT(temp_socket_path());
  stream_round_trip(network, fx.path);
  XT_ASSERT(access(fx.path, F_OK) != 0);
}

static void test_cat_unix_round_trip(void) { RUN_RELEASED(unix_round_trip("unix")); }

/* unixpacket: each line one message, and the same half-close. */
static void test_cat_unixpacket_round_trip(void) {
  RUN_RELEASED(unix_round_trip("unixpacket"));
}

/* ---- udp ---- */

/* Each stdin line is one datagram (an empty line an empty one), a reply is
 * printed as a line, and the end of stdin ends the command. */
static void udp_dial(void) {
  XT_ASSERT_OK(xnet_listen_packet("udp", "127.0.0.1:0", &fx.conn));
  xnet_addr la;
  xnet_conn_local_addr(fx.conn, &la);
  char addr[XNET_ADDR_STRLEN];
  xnet_addr_format(&la, addr, sizeof addr);
  char *argv[] = {"xnet", "cat", "udp", addr, NULL};
  XT_ASSERT(child_start(0, argv));
  child *ch = &fx.kids[0];
  XT_ASSERT(write_text(ch->in, "one\ntwo\n\nthree, with spaces\n"));

  static const char *const want[] = {"one", "two", "", "three, with spaces"};
  XT_ASSERT_OK(xnet_conn_set_read_deadline(fx.conn, xnet_deadline_in(NULL, WAIT_MS * XNET_MILLISECOND)));
  xnet_addr from;
  memset(&from, 0, sizeof from);
  char buf[128];
  for (size_t i = 0; i < 4; i++) {
    int n = xnet_conn_read_from(fx.conn, buf, sizeof buf, &from);
    XT_ASSERT(n >= 0);
    XT_ASSERT_MEM_EQ(buf, (size_t)n, want[i], strlen(want[i]));
  }
  XT_ASSERT_INT_EQ(xnet_conn_write_to(fx.conn, "pong", 4, &from), 4);
  text out = {.len = 0};
  XT_ASSERT(read_until(ch->out, &out, "pong\n"));
  close_fd(&ch->in);
  XT_ASSERT(read_until(ch->out, &out, NULL));
  XT_ASSERT_STR_EQ(out.data, "pong\n");
  XT_ASSERT_INT_EQ(child_wait(0), 0);
  /* Exactly those datagrams: nothing else arrives. */
  XT_ASSERT_OK(xnet_conn_set_read_deadline(fx.conn, xnet_deadline_in(NULL, 100 * XNET_MILLISECOND)));
  XT_ASSERT_ERR(xnet_conn_read_from(fx.conn, buf, sizeof buf, &from), XNET_ETIMEDOUT);
}

static void test_cat_udp_lines_are_datagrams(void) { RUN_RELEASED(udp_dial()); }

/* -l on udp: datagrams are printed, stdin lines go back to the sender,
 * and -w ends the command once traffic stops. */
static void udp_listen(void) {
  char *argv[] = {"xnet", "cat", "-l", "-w", "2", "udp", "127.0.0.1:0", NULL};
  XT_ASSERT(child_start(0, argv));
  child *ch = &fx.kids[0];
  char addr[256];
  XT_ASSERT(listen_address(0, addr, sizeof addr));
  XT_ASSERT_OK(xnet_dial("udp", addr, &fx.conn));
  XT_ASSERT_INT_EQ(xnet_conn_write(fx.conn, "a", 1), 1);
  XT_ASSERT_INT_EQ(xnet_conn_write(fx.conn, "bc", 2), 2);
  text out = {.len = 0};
  XT_ASSERT(read_until(ch->out, &out, "a\nbc\n"));
  XT_ASSERT(write_text(ch->in, "r1\n"));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(fx.conn, xnet_deadline_in(NULL, WAIT_MS * XNET_MILLISECOND)));
  char buf[16];
  int n = xnet_conn_read(fx.conn, buf, sizeof buf);
  XT_ASSERT_MEM_EQ(buf, n < 0 ? 0 : (size_t)n, "r1", 2);
  close_fd(&ch->in);
  XT_ASSERT_INT_EQ(child_wait(0), 0);
  XT_ASSERT(read_until(ch->out, &out, NULL));
  XT_ASSERT_STR_EQ(out.data, "a\nbc\n");
}

static void test_cat_udp_listen_replies_to_last_sender(void) { RUN_RELEASED(udp_listen()); }

/* ---- in-process: usage and errors ---- */

typedef struct run_result {
  int status;
  char *out, *err;
  size_t out_len, err_len;
} run_result;

/* Runs `xnet` with argv (NULL-terminated) in this process, stdin being
 * `input` (a memory stream: no descriptor) and both outputs captured. */
static void run(run_result *r, const char *input, char **argv) {
  int argc = 0;
  while (argv[argc]) argc++;
  FILE *in = fmemopen((void *)(uintptr_t)input, strlen(input), "r");
  FILE *out = open_memstream(&r->out, &r->out_len);
  FILE *err = open_memstream(&r->err, &r->err_len);
  r->status = xnet_tool_main(argc, argv, in, out, err);
  fclose(in);
  fclose(out);
  fclose(err);
}

static void run_free(run_result *r) {
  free(r->out);
  free(r->err);
}

/* Runs argv and checks its status and exact stderr (out must be empty). */
static void expect(char **argv, int status, const char *err) {
  run_result r;
  run(&r, "", argv);
  int st = r.status;
  char got[512];
  snprintf(got, sizeof got, "%s", r.err);
  size_t out_len = r.out_len;
  run_free(&r);
  XT_ASSERT_INT_EQ(st, status);
  XT_ASSERT_UINT_EQ(out_len, 0);
  XT_ASSERT_STR_EQ(got, err);
}

static void test_cat_unknown_network_is_a_usage_error(void) {
  char *dial[] = {"xnet", "cat", "tcp5", "127.0.0.1:1", NULL};
  expect(dial, XNET_TOOL_EXIT_USAGE, "xnet cat: dial tcp5: unknown network tcp5\n");
  char *listen[] = {"xnet", "cat", "-l", "ip4:nosuchproto", "127.0.0.1", NULL};
  expect(listen, XNET_TOOL_EXIT_USAGE,
         "xnet cat: listen ip4:nosuchproto: unknown network ip4:nosuchproto\n");
}

static void test_cat_refused_dial_is_a_network_error(void) {
  /* A port that was just free: listen, note the port, close. */
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  xnet_addr la;
  xnet_listener_addr(l, &la);
  char addr[XNET_ADDR_STRLEN], want[256];
  xnet_addr_format(&la, addr, sizeof addr);
  xnet_listener_close(l);
  char *argv[] = {"xnet", "cat", "tcp", addr, NULL};
  snprintf(want, sizeof want, "xnet cat: dial tcp %s: connection refused\n", addr);
  expect(argv, XNET_TOOL_EXIT_NETWORK, want);
}

static void accept_timeout(void) {
  char *argv[] = {"xnet", "cat", "-w", "0.2", "-l", "tcp", "127.0.0.1:0", NULL};
  run_result r;
  run(&r, "", argv);
  int st = r.status;
  char addr[64] = "", want[256] = "?";
  const char *a = strstr(r.err, "listening on ");
  if (a) {
    a += strlen("listening on ");
    snprintf(addr, sizeof addr, "%.*s", (int)strcspn(a, "\n"), a);
    snprintf(want, sizeof want, "xnet cat: listening on %s\nxnet cat: accept tcp %s: i/o timeout\n",
             addr, addr);
  }
  int same = strcmp(r.err, want) == 0;
  run_free(&r);
  XT_ASSERT_INT_EQ(st, XNET_TOOL_EXIT_NETWORK);
  XT_ASSERT(strncmp(addr, "127.0.0.1:", 10) == 0);
  XT_ASSERT(same);
}

static void test_cat_accept_times_out_with_w(void) { RUN_RELEASED(accept_timeout()); }

static void test_cat_usage_errors_and_help(void) {
  char *none[] = {"xnet", "cat", NULL};
  char *one[] = {"xnet", "cat", "tcp", NULL};
  char *three[] = {"xnet", "cat", "tcp", "a:1", "b:2", NULL};
  char *bad_opt[] = {"xnet", "cat", "-x", "tcp", "a:1", NULL};
  char *no_w[] = {"xnet", "cat", "tcp", "a:1", "-w", NULL};
  char *zero_w[] = {"xnet", "cat", "-w", "0", "tcp", "a:1", NULL};
  char *text_w[] = {"xnet", "cat", "-w", "soon", "tcp", "a:1", NULL};
  char **bad[] = {none, one, three, bad_opt, no_w, zero_w, text_w};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    run_result r;
    run(&r, "", bad[i]);
    int st = r.status;
    size_t out_len = r.out_len;
    int said = strncmp(r.err, "xnet cat: ", 10) == 0;
    run_free(&r);
    XT_ASSERT_INT_EQ(st, XNET_TOOL_EXIT_USAGE);
    XT_ASSERT_UINT_EQ(out_len, 0);
    XT_ASSERT(said);
  }
  char *help[] = {"xnet", "cat", "--help", NULL};
  run_result r;
  run(&r, "", help);
  int st = r.status;
  int said = strstr(r.out, "usage: xnet cat") && strstr(r.out, "unixpacket") &&
             strstr(r.out, "Exit status") && strstr(r.out, "-w SECONDS");
  run_free(&r);
  XT_ASSERT_INT_EQ(st, 0);
  XT_ASSERT(said);
  char *top[] = {"xnet", "--help", NULL};
  run(&r, "", top);
  said = strstr(r.out, "\n  cat ") != NULL;
  run_free(&r);
  XT_ASSERT(said);
}

/* ---- in-process copies (the copying code under the sanitizers) ---- */

/* Accepts one conn and echoes it until its end, then closes. */
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

/* stdin without a descriptor, half-close, and the echo read to its end;
 * -w bounds every wait of the tool itself. */
static void tcp_in_process(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp", "127.0.0.1:0", &l));
  xnet_addr la;
  xnet_listener_addr(l, &la);
  char addr[XNET_ADDR_STRLEN];
  xnet_addr_format(&la, addr, sizeof addr);
  xnet_listener_set_deadline(l, xnet_deadline_in(NULL, WAIT_MS * XNET_MILLISECOND));
  pthread_t t;
  XT_ASSERT_INT_EQ(pthread_create(&t, NULL, echo_once, l), 0);
  char *argv[] = {"xnet", "cat", "-w", "10", "tcp", addr, NULL};
  run_result r;
  run(&r, "hello\nno newline at the end", argv);
  pthread_join(t, NULL);
  xnet_listener_close(l);
  int st = r.status;
  int same = strcmp(r.out, "hello\nno newline at the end") == 0;
  size_t err_len = r.err_len;
  run_free(&r);
  XT_ASSERT_INT_EQ(st, 0);
  XT_ASSERT(same);
  XT_ASSERT_UINT_EQ(err_len, 0);
}

static void test_cat_in_process_tcp_echo(void) { RUN_RELEASED(tcp_in_process()); }

/* A dialed udp copy ends with its input; an unterminated last line is
 * sent too. */
static void udp_in_process(void) {
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &fx.conn));
  xnet_addr la;
  xnet_conn_local_addr(fx.conn, &la);
  char addr[XNET_ADDR_STRLEN];
  xnet_addr_format(&la, addr, sizeof addr);
  char *argv[] = {"xnet", "cat", "udp4", addr, NULL};
  run_result r;
  run(&r, "x\nlast", argv);
  int st = r.status;
  size_t out_len = r.out_len, err_len = r.err_len;
  run_free(&r);
  XT_ASSERT_INT_EQ(st, 0);
  XT_ASSERT_UINT_EQ(out_len, 0);
  XT_ASSERT_UINT_EQ(err_len, 0);
  XT_ASSERT_OK(xnet_conn_set_read_deadline(fx.conn, xnet_deadline_in(NULL, WAIT_MS * XNET_MILLISECOND)));
  char buf[16];
  int n = xnet_conn_read(fx.conn, buf, sizeof buf);
  XT_ASSERT_MEM_EQ(buf, n < 0 ? 0 : (size_t)n, "x", 1);
  n = xnet_conn_read(fx.conn, buf, sizeof buf);
  XT_ASSERT_MEM_EQ(buf, n < 0 ? 0 : (size_t)n, "last", 4);
}

static void test_cat_in_process_udp_last_line(void) { RUN_RELEASED(udp_in_process()); }

XT_SUITE(tools, cat, cat_init, cat_cleanup,
         XT_TEST_IF(test_cat_tcp_round_trip_with_half_close, need_binary),
         XT_TEST_IF(test_cat_tcp6_round_trip, need_ipv6),
         XT_TEST_IF(test_cat_unix_round_trip, need_binary),
         XT_TEST_IF(test_cat_unixpacket_round_trip, need_binary),
         XT_TEST_IF(test_cat_udp_lines_are_datagrams, need_binary),
         XT_TEST_IF(test_cat_udp_listen_replies_to_last_sender, need_binary),
         XT_TEST(test_cat_unknown_network_is_a_usage_error),
         XT_TEST(test_cat_refused_dial_is_a_network_error),
         XT_TEST(test_cat_accept_times_out_with_w),
         XT_TEST(test_cat_usage_errors_and_help),
         XT_TEST(test_cat_in_process_tcp_echo),
         XT_TEST(test_cat_in_process_udp_last_line));
