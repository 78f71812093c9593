/* test_caps.c — the capability bits of each kind of stack (ops->caps,
 * read through xnet__stack_caps) and xnet_sctp_supported answering from
 * them: the host stack asks its kernel once, when it opens, through its
 * syscall table (seen here by a recorder); a replay stack has every bit; a
 * recording stack has its inner stack's. Asking never makes a system call
 * and never takes a replay socket slot. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../backends/sctp_fixtures_test.h"
#include "core_test_util.h"
#include "posix_int.h"
#include "xnet/record.h"
#include "xnet/replay.h"
#include "xnet/sctp.h"
#include "xnet_test.h"

/* ---- a host stack over a recording syscall table ---- */

static xnet_posix_syscalls real;
static struct {
  int sockets;      /* socket() calls of any protocol */
  int sctp_sockets; /* socket(..., IPPROTO_SCTP) calls */
  int closes;       /* close() calls */
  int sctp_errno;   /* 0: SCTP sockets are UDP stand-ins; else refused */
  int standin_fd;   /* the last stand-in handed out */
  int standin_closed;
} rec;

static int f_socket(int domain, int type, int protocol) {
  rec.sockets++;
  if (protocol != IPPROTO_SCTP) return real.socket(domain, type, protocol);
  rec.sctp_sockets++;
  if (rec.sctp_errno) {
    errno = rec.sctp_errno;
    return -1;
  }
  int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
  rec.standin_fd = real.socket(domain, SOCK_DGRAM | flags, 0);
  return rec.standin_fd;
}

static int f_close(int fd) {
  rec.closes++;
  if (fd == rec.standin_fd) rec.standin_closed = 1;
  return real.close(fd);
}

static xnet_posix_syscalls table;

static void rec_reset(int sctp_errno) {
  memset(&rec, 0, sizeof rec);
  rec.standin_fd = -1;
  rec.sctp_errno = sctp_errno;
}

/* A host stack over the recorder, its SCTP socket answered as sctp_errno
 * says (0: it opens). */
static xnet_stack *host_open(int sctp_errno) {
  rec_reset(sctp_errno);
  xnet_posix_config cfg = {.syscalls = &table};
  xnet_stack *s = NULL;
  return xnet__host_stack_open_config(&cfg, &s) < 0 ? NULL : s;
}

static int kernel_has_sctp(void) {
  int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (fd < 0) return 0;
  close(fd);
  return 1;
}

static int suite_init(void) {
  xnet__host_syscalls(&real);
  table = real;
  table.socket = f_socket;
  table.close = f_close;
  return 0;
}

static int suite_cleanup(void) { return 0; }

static xnet_stack *replay_open(void) {
  xnet_replay_options o;
  char path[512];
  xnet_stack *s = NULL;
  if (sctp_fixture("sctp_client.pcap", XNET_REPLAY_LENIENT, &o, path,
                   sizeof path) < 0)
    return NULL;
  return xnet_replay_stack_open(path, &o, &s) == 0 ? s : NULL;
}

static const char *record_path(char *buf, size_t cap) {
  snprintf(buf, cap, "/tmp/xnet_test_caps_%d.pcapng", (int)getpid());
  return buf;
}

/* ---- the host stack ---- */

/* The default stack: batch I/O and control messages always, SCTP as this
 * kernel's own socket() says, a wall clock. */
static void test_caps_host_default(void) {
  xnet_stack *s = xnet_stack_default();
  XT_ASSERT(s != NULL);
  if (!s) return;
  int want = XNET_CAP_BATCH | XNET_CAP_PKTINFO |
             (kernel_has_sctp() ? XNET_CAP_SCTP : 0);
  XT_ASSERT_INT_EQ(xnet__stack_caps(s), want);
  XT_ASSERT_INT_EQ(xnet_sctp_supported(NULL), kernel_has_sctp());
}

/* At open the stack makes one SCTP socket and closes it at once; the
 * refusals that mean "no SCTP in this kernel" clear the bit, another
 * failure (out of descriptors) leaves it to each call's socket op. */
static void test_caps_host_decided_at_open(void) {
  static const struct {
    int err; /* 0: the socket opens */
    int sctp;
  } cases[] = {
      {0, 1},
      {EPROTONOSUPPORT, 0},
      {ESOCKTNOSUPPORT, 0},
      {EMFILE, 1},
      {EACCES, 1},
  };
  int fds = ctu_count_fds();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    xnet_stack *s = host_open(cases[i].err);
    XT_ASSERT(s != NULL);
    if (!s) continue;
    XT_ASSERT_INT_EQ(rec.sockets, 1);
    XT_ASSERT_INT_EQ(rec.sctp_sockets, 1);
    XT_ASSERT_INT_EQ(rec.standin_closed, cases[i].err == 0);
    int caps = xnet__stack_caps(s);
    XT_ASSERT_INT_EQ((caps & XNET_CAP_SCTP) != 0, cases[i].sctp);
    XT_ASSERT_INT_EQ(caps & ~XNET_CAP_SCTP, XNET_CAP_BATCH | XNET_CAP_PKTINFO);
    /* Asking again: no system call, the same answer. */
    XT_ASSERT_INT_EQ(xnet_sctp_supported(s), cases[i].sctp);
    XT_ASSERT_INT_EQ(xnet__stack_caps(s), caps);
    XT_ASSERT_INT_EQ(rec.sockets, 1);
    XT_ASSERT_INT_EQ(rec.closes, cases[i].err == 0);
    xnet_stack_close(s);
  }
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

/* The answer at open is the answer: SCTP calls on a stack without it fail
 * at once, with no socket and no lookup, and the op error says why. */
static void test_caps_host_no_sctp_fails_at_once(void) {
  xnet_stack *s = host_open(EPROTONOSUPPORT);
  XT_ASSERT(s != NULL);
  if (!s) return;
  rec_reset(0); /* the kernel would now say yes: not asked again */
  xnet_sctp_dialer d = {0};
  d.stack = s;
  xnet_conn *c = (xnet_conn *)1;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp", "127.0.0.1:9", &c),
                XNET_ENOTSUP);
  XT_ASSERT(c == NULL);
  char text[768];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT(strstr(text, "kernel has no SCTP") != NULL);
  XT_ASSERT(strstr(text, "xnet_replay_stack_open") != NULL);
  xnet_sctp_listen_config lc = {0};
  lc.stack = s;
  xnet_listener *l = (xnet_listener *)1;
  XT_ASSERT_ERR(xnet_sctp_listen_config_listen(&lc, "sctp", ":0", &l),
                XNET_ENOTSUP);
  XT_ASSERT(l == NULL);
  XT_ASSERT_INT_EQ(rec.sockets, 0);
  xnet_stack_close(s);
}

/* ---- the replay stack ---- */

/* Every bit; and asking takes no socket slot: with all of them in use,
 * the answer is still yes and the next socket is still refused. */
static void test_caps_replay(void) {
  xnet_stack *s = replay_open();
  XT_ASSERT(s != NULL);
  if (!s) return;
  XT_ASSERT_INT_EQ(xnet__stack_caps(s), XNET_CAP_SCTP | XNET_CAP_PKTINFO |
                                            XNET_CAP_BATCH |
                                            XNET_CAP_VIRTUAL_CLOCK);
  const xnet_backend_ops *ops = xnet__stack_ops(s);
  void *inst = xnet__stack_instance(s);
  enum { MAX = 4096 };
  static int socks[MAX];
  int n = 0, rc = 0;
  while (n < MAX &&
         (rc = ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0,
                           &socks[n])) == 0)
    n++;
  XT_ASSERT_ERR(rc, XNET_EMFILE);
  XT_ASSERT(n > 0 && n < MAX);
  XT_ASSERT(xnet_sctp_supported(s));
  int extra;
  XT_ASSERT_ERR(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &extra),
                XNET_EMFILE);
  for (int i = 0; i < n; i++) XT_ASSERT_OK(ops->close(inst, socks[i]));
  /* A slot taken and given back by the answer would show as a newer
   * generation in the next handle: the handles after a close/open pair
   * step the same way with or without asking in between. */
  int a, b, c;
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &a));
  XT_ASSERT_OK(ops->close(inst, a));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &b));
  XT_ASSERT_OK(ops->close(inst, b));
  for (int i = 0; i < 10; i++) XT_ASSERT(xnet_sctp_supported(s));
  XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &c));
  XT_ASSERT_OK(ops->close(inst, c));
  XT_ASSERT_INT_EQ(c - b, b - a);
  xnet_stack_close(s);
}

/* ---- the recording stack ---- */

/* The recorder's bits are its inner stack's: a replay's (virtual clock
 * included), a host stack's with or without SCTP; asking through it makes
 * no system call. */
static void test_caps_record_forwards(void) {
  char path[128];
  record_path(path, sizeof path);
  xnet_stack *rp = replay_open();
  XT_ASSERT(rp != NULL);
  if (rp) {
    xnet_stack *r = NULL;
    XT_ASSERT_OK(xnet_record_stack_open(rp, path, NULL, &r));
    if (r) {
      XT_ASSERT_INT_EQ(xnet__stack_caps(r), xnet__stack_caps(rp));
      XT_ASSERT(xnet_sctp_supported(r));
      xnet_stack_close(r);
    }
    xnet_stack_close(rp);
  }
  for (int has = 0; has <= 1; has++) {
    xnet_stack *h = host_open(has ? 0 : EPROTONOSUPPORT);
    XT_ASSERT(h != NULL);
    if (!h) continue;
    xnet_stack *r = NULL;
    XT_ASSERT_OK(xnet_record_stack_open(h, path, NULL, &r));
    if (r) {
      rec_reset(0);
      int caps = xnet__stack_caps(r);
      XT_ASSERT_INT_EQ(caps, xnet__stack_caps(h));
      XT_ASSERT_INT_EQ((caps & XNET_CAP_SCTP) != 0, has);
      XT_ASSERT_INT_EQ(xnet_sctp_supported(r), has);
      XT_ASSERT_INT_EQ(rec.sockets, 0);
      XT_ASSERT_INT_EQ(rec.closes, 0);
      xnet_stack_close(r);
    }
    xnet_stack_close(h);
  }
  unlink(path);
}

XT_SUITE(core, caps, suite_init, suite_cleanup,
         XT_TEST(test_caps_host_default),
         XT_TEST(test_caps_host_decided_at_open),
         XT_TEST(test_caps_host_no_sctp_fails_at_once),
         XT_TEST(test_caps_replay),
         XT_TEST(test_caps_record_forwards));
