/* test_sctp.c — the SCTP layer on the host: the not-supported error of a
 * kernel without SCTP (this machine's), SCTP addresses, argument checks,
 * and the exact (level, option, bytes) the Linux backend issues for each
 * SCTP call, seen by a recorder in the stack's syscall table. The recorder
 * stands in a UDP socket for each SCTP socket and answers the SCTP-level
 * options itself, so the calls run here without kernel SCTP; end-to-end
 * behaviour is tested through the replay backend (test_sctp_replay.c) and
 * the real kernel in a VM (tests/vm). */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core_test_util.h"
#include "dial_int.h"
#include "posix_int.h"
#include "xnet/op_error.h"
#include "xnet/sctp.h"
#include "xnet_test.h"

/* backends/linux/sctp_abi_check.c */
int xnet__linux_sctp_abi_verify(char *why, size_t cap);

#define SCTP_LEVEL 132 /* SOL_SCTP = IPPROTO_SCTP */

/* ---- the recorder ---- */

typedef struct rec_call {
  int level, name;
  uint8_t val[512];
  size_t len;
} rec_call;

static struct {
  rec_call set[64]; /* setsockopt calls, in order */
  int nset;
  int gai_calls;    /* getaddrinfo */
  int sctp_sockets; /* SCTP sockets asked for */
  /* The last sendmsg: its destination, control bytes and payload size. */
  uint8_t name[128];
  socklen_t namelen;
  uint8_t control[256];
  size_t controllen;
  size_t sent;
  int sends;
  /* The next recvmsg's answer, when rx_on. */
  int rx_on;
  uint8_t rx_data[256];
  size_t rx_len;
  uint8_t rx_control[256];
  size_t rx_controllen;
  int rx_flags;
  /* Answers of getsockopt at the SCTP level, by option. */
  uint8_t status[176];
  int status_on;
  uint8_t paddrs[8 + 4 * 28];
  size_t paddrs_len;
  uint8_t laddrs[8 + 4 * 28];
  size_t laddrs_len;
  int get_level, get_name;
  socklen_t get_len;
  int listen_ok; /* listen(2) on a stand-in succeeds */
  int accept_on; /* accept4 makes a stand-in from 127.0.0.9:4000 */
  int last_accepted;
  int force_eperm;  /* SO_RCVBUFFORCE / SO_SNDBUFFORCE fail as unprivileged */
  int tcp_standin;  /* stand-ins are TCP sockets (their connect can hang) */
} rec;

static xnet_posix_syscalls real;
static int fake_sctp; /* 1: SCTP sockets are UDP stand-ins */

static int f_socket(int domain, int type, int protocol) {
  if (protocol == IPPROTO_SCTP) rec.sctp_sockets++;
  if (protocol == IPPROTO_SCTP && fake_sctp) {
    int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
    return real.socket(domain, (rec.tcp_standin ? SOCK_STREAM : SOCK_DGRAM) |
                                   flags, 0);
  }
  return real.socket(domain, type, protocol);
}

static int f_setsockopt(int fd, int level, int name, const void *val,
                        socklen_t len) {
  if (rec.nset < 64) {
    rec_call *c = &rec.set[rec.nset++];
    c->level = level;
    c->name = name;
    c->len = len;
    memcpy(c->val, val, len < sizeof c->val ? len : sizeof c->val);
  }
  if (level == SCTP_LEVEL && fake_sctp)
    return name == 110 ? 7 : 0; /* CONNECTX returns the association id */
  if (level == SOL_SOCKET && rec.force_eperm &&
      (name == SO_RCVBUFFORCE || name == SO_SNDBUFFORCE)) {
    errno = EPERM;
    return -1;
  }
  return real.setsockopt(fd, level, name, val, len);
}

static int f_getsockopt(int fd, int level, int name, void *val,
                        socklen_t *len) {
  if (level != SCTP_LEVEL || !fake_sctp)
    return real.getsockopt(fd, level, name, val, len);
  rec.get_level = level;
  rec.get_name = name;
  rec.get_len = *len;
  if (name == 14 && rec.status_on && *len >= sizeof rec.status) {
    memcpy(val, rec.status, sizeof rec.status);
    *len = sizeof rec.status;
    return 0;
  }
  if (name == 108 && rec.paddrs_len && *len >= rec.paddrs_len) {
    memcpy(val, rec.paddrs, rec.paddrs_len);
    *len = (socklen_t)rec.paddrs_len;
    return 0;
  }
  if (name == 109 && rec.laddrs_len && *len >= rec.laddrs_len) {
    memcpy(val, rec.laddrs, rec.laddrs_len);
    *len = (socklen_t)rec.laddrs_len;
    return 0;
  }
  errno = ENOPROTOOPT;
  return -1;
}

static int f_listen(int fd, int backlog) {
  if (fake_sctp && rec.listen_ok) return 0;
  return real.listen(fd, backlog);
}

static int f_accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags) {
  if (!fake_sctp || !rec.accept_on) return real.accept4(fd, sa, len, flags);
  rec.accept_on = 0; /* one connection */
  int nfd = real.socket(AF_INET, SOCK_DGRAM | flags, 0);
  struct sockaddr_in peer = {0};
  peer.sin_family = AF_INET;
  peer.sin_port = htons(4000);
  peer.sin_addr.s_addr = htonl(0x7f000009);
  memcpy(sa, &peer, sizeof peer);
  *len = sizeof peer;
  rec.last_accepted = nfd;
  return nfd;
}

static ssize_t f_sendmsg(int fd, const struct msghdr *m, int flags) {
  if (!fake_sctp) return real.sendmsg(fd, m, flags);
  rec.sends++;
  rec.namelen = m->msg_name ? m->msg_namelen : 0;
  if (rec.namelen) memcpy(rec.name, m->msg_name, rec.namelen);
  rec.controllen = m->msg_controllen;
  if (rec.controllen) memcpy(rec.control, m->msg_control, rec.controllen);
  size_t n = 0;
  for (size_t i = 0; i < (size_t)m->msg_iovlen; i++) n += m->msg_iov[i].iov_len;
  rec.sent = n;
  return (ssize_t)n;
}

static ssize_t f_recvmsg(int fd, struct msghdr *m, int flags) {
  if (!rec.rx_on) return real.recvmsg(fd, m, flags);
  size_t n = rec.rx_len < m->msg_iov[0].iov_len ? rec.rx_len
                                                 : m->msg_iov[0].iov_len;
  memcpy(m->msg_iov[0].iov_base, rec.rx_data, n);
  size_t cl = rec.rx_controllen < m->msg_controllen ? rec.rx_controllen
                                                     : m->msg_controllen;
  if (cl) memcpy(m->msg_control, rec.rx_control, cl);
  m->msg_controllen = cl;
  m->msg_flags = rec.rx_flags | (cl < rec.rx_controllen ? MSG_CTRUNC : 0);
  m->msg_namelen = 0;
  return (ssize_t)n;
}

static int f_getaddrinfo(const char *host, const char *service,
                         const struct addrinfo *hints, struct addrinfo **res) {
  rec.gai_calls++;
  return real.getaddrinfo(host, service, hints, res);
}

static xnet_stack *stack; /* the recorder's, opened with stand-ins on */
static xnet_stack *stack_nosctp; /* the same table, opened with them off */
static xnet_posix_syscalls table;

static int suite_init(void) {
  xnet__host_syscalls(&real);
  xnet_posix_syscalls t = real;
  t.socket = f_socket;
  t.setsockopt = f_setsockopt;
  t.getsockopt = f_getsockopt;
  t.sendmsg = f_sendmsg;
  t.recvmsg = f_recvmsg;
  t.sendto = NULL; /* every message through the stand-ins */
  t.recvfrom = NULL;
  t.getaddrinfo = f_getaddrinfo;
  t.listen = f_listen;
  t.accept4 = f_accept4;
  table = t;
  xnet_posix_config cfg = {.syscalls = &table};
  /* The stack decides its SCTP when it opens: with the stand-ins on, it
   * has SCTP; with the real socket(), it has what this kernel has. */
  fake_sctp = 1;
  if (xnet__host_stack_open_config(&cfg, &stack) < 0) return -1;
  fake_sctp = 0;
  return xnet__host_stack_open_config(&cfg, &stack_nosctp) < 0 ? -1 : 0;
}

static int suite_cleanup(void) {
  xnet_stack_close(stack);
  xnet_stack_close(stack_nosctp);
  return 0;
}

static void rec_reset(void) {
  memset(&rec, 0, sizeof rec);
  fake_sctp = 1;
}

/* The index of the first recorded setsockopt at (level, name), or -1. */
static int find_set(int level, int name, int from) {
  for (int i = from; i < rec.nset; i++)
    if (rec.set[i].level == level && rec.set[i].name == name) return i;
  return -1;
}

/* ---- conditions ---- */

static int kernel_has_sctp(void) {
  int fd = socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (fd < 0) return 0;
  close(fd);
  return 1;
}

static const char *need_no_kernel_sctp(void) {
  return kernel_has_sctp() ? "this kernel has SCTP (the VM suite tests it)"
                           : NULL;
}

static const char *need_little_endian(void) {
  const uint16_t one = 1;
  return *(const uint8_t *)&one == 1 ? NULL
                                     : "the byte vectors are little-endian";
}

/* ---- a kernel without SCTP ---- */

static void assert_not_supported_text(const char *op) {
  const xnet_op_error *e = xnet_last_error();
  XT_ASSERT_STR_EQ(e->op, op);
  XT_ASSERT_ERR(e->code, XNET_ENOTSUP);
  char text[768];
  xnet_op_error_format(e, text, sizeof text);
  XT_ASSERT(strstr(text, "kernel has no SCTP") != NULL);
  XT_ASSERT(strstr(text, "xnet_replay_stack_open") != NULL);
  XT_ASSERT(strstr(text, "operation not supported") != NULL);
}

/* This machine's kernel has no SCTP (notes/sctp-here.md): every dial and
 * listen fails at once with XNET_ENOTSUP and says why and what serves
 * instead, leaking no descriptor. */
static void test_sctp_kernel_absent_here(void) {
  int fds = ctu_count_fds();
  int64_t t0 = ctu_now_ns();
  xnet_conn *c = (xnet_conn *)1;
  XT_ASSERT_ERR(xnet_sctp_dial("sctp", "127.0.0.1:9", &c), XNET_ENOTSUP);
  XT_ASSERT(c == NULL);
  assert_not_supported_text("dial");
  xnet_listener *l = (xnet_listener *)1;
  XT_ASSERT_ERR(xnet_sctp_listen("sctp4", "127.0.0.1:0", &l), XNET_ENOTSUP);
  XT_ASSERT(l == NULL);
  assert_not_supported_text("listen");
  /* The generic entry points route "sctp" to the same code. */
  XT_ASSERT_ERR(xnet_dial("sctp6", "[::1]:9", &c), XNET_ENOTSUP);
  assert_not_supported_text("dial");
  XT_ASSERT_ERR(xnet_listen("sctp", ":0", &l), XNET_ENOTSUP);
  assert_not_supported_text("listen");
  /* Typed forms, multi-homed. */
  xnet_sctp_endpoint ra;
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp", "127.0.0.1/127.0.0.2:9",
                                      &ra));
  XT_ASSERT_ERR(xnet_sctp_dial_addr(NULL, "sctp", NULL, &ra, &c),
                XNET_ENOTSUP);
  assert_not_supported_text("dial");
  XT_ASSERT_ERR(xnet_sctp_listen_addr(NULL, "sctp", &ra, &l), XNET_ENOTSUP);
  int64_t elapsed = ctu_now_ns() - t0;
  XT_ASSERT(elapsed < 200 * 1000000LL); /* at once: no retry, no wait */
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
  /* Said by name in the output (tools/run prints it after the suites). */
  printf("\nNOTE core.sctp/test_sctp_kernel_absent_here: this kernel has no "
         "SCTP; every SCTP call failed at once with XNET_ENOTSUP, leaking "
         "nothing. The Linux backend's SCTP runs in the qemu VM (vm.sctp).\n");
}

/* A stack that found no SCTP when it opened fails a dial or listen at
 * once: no getaddrinfo call, no socket at all (it asked once, at open). */
static void test_sctp_kernel_absent_no_lookup(void) {
  rec_reset();
  fake_sctp = 0; /* the real socket(): this kernel refuses SCTP */
  int fds = ctu_count_fds();
  xnet_sctp_dialer d = {0};
  d.stack = stack_nosctp;
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp", "localhost:9", &c),
                XNET_ENOTSUP);
  assert_not_supported_text("dial");
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.1:9", &c),
                XNET_ENOTSUP);
  assert_not_supported_text("dial");
  XT_ASSERT_INT_EQ(rec.gai_calls, 0);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 0);
  xnet_sctp_listen_config lc = {0};
  lc.stack = stack_nosctp;
  xnet_listener *l;
  XT_ASSERT_ERR(xnet_sctp_listen_config_listen(&lc, "sctp", "localhost:0", &l),
                XNET_ENOTSUP);
  assert_not_supported_text("listen");
  XT_ASSERT_INT_EQ(rec.gai_calls, 0);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 0);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

/* The stack with stand-ins (SCTP decided at open) still takes the socket
 * op's word when the kernel refuses later: the Linux backend's own text. */
static void test_sctp_socket_op_text(void) {
  rec_reset();
  fake_sctp = 0;
  xnet_sctp_dialer d = {0};
  d.stack = stack;
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.1:9", &c),
                XNET_ENOTSUP);
  assert_not_supported_text("dial");
  XT_ASSERT(strstr(xnet_last_error()->detail, "this Linux kernel") != NULL);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 1);
  fake_sctp = 1;
}

/* ---- addresses ---- */

static void test_sctp_addr_resolve_and_format(void) {
  xnet_sctp_endpoint a;
  char text[XNET_SCTP_ENDPOINT_STRLEN];
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp", "127.0.0.1/127.0.0.2:80",
                                      &a));
  XT_ASSERT_UINT_EQ(a.count, 2);
  XT_ASSERT_UINT_EQ(a.port, 80);
  xnet_sctp_endpoint_format(&a, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.1/127.0.0.2:80");
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp",
                                      "198.51.100.1/[2001:db8::1]:8000", &a));
  xnet_sctp_endpoint_format(&a, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "198.51.100.1/[2001:db8::1]:8000");
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp6", "[fe80::1%1]/[::1]:5333",
                                      &a));
  XT_ASSERT_UINT_EQ(a.count, 2);
  XT_ASSERT_STR_EQ(a.ips[0].zone, "1");
  /* ":port": every local address. */
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp", ":8000", &a));
  XT_ASSERT_UINT_EQ(a.count, 0);
  XT_ASSERT_UINT_EQ(a.port, 8000);
  xnet_sctp_endpoint_format(&a, text, sizeof text);
  XT_ASSERT_STR_EQ(text, ":8000");
  /* A service name and a host name go through the lookups. */
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp4", "127.0.0.1:http", &a));
  XT_ASSERT_UINT_EQ(a.port, 80);
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp4", "localhost/127.0.0.2:1",
                                      &a));
  XT_ASSERT_UINT_EQ(a.count, 2);
  xnet_sctp_endpoint_format(&a, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.1/127.0.0.2:1");
}

static void test_sctp_addr_rejects(void) {
  xnet_sctp_endpoint a;
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp4", "[::1]:80", &a),
                XNET_ENOSUITABLEADDR);
  XT_ASSERT_UINT_EQ(a.count, 0);
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp6", "::1/127.0.0.1:80", &a),
                XNET_ETOOMANYCOLONS);
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp6", "[::1]/127.0.0.1:80", &a),
                XNET_ENOSUITABLEADDR);
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp", "127.0.0.1", &a),
                XNET_EMISSINGPORT);
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp", "127.0.0.1:65536", &a),
                XNET_EBADPORT);
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "tcp", "127.0.0.1:1", &a),
                XNET_EUNKNOWNNET);
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp7", "127.0.0.1:1", &a),
                XNET_EUNKNOWNNET);
  /* More hosts than an endpoint holds. */
  char many[512] = "";
  for (int i = 0; i <= XNET_SCTP_ENDPOINT_MAX; i++) {
    char one[24];
    snprintf(one, sizeof one, "%s10.0.0.%d", i ? "/" : "", i + 1);
    strcat(many, one);
  }
  strcat(many, ":1");
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp", many, &a), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(a.count, 0);
}

static void test_sctp_addr_conversions(void) {
  xnet_sctp_endpoint e;
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp", "10.0.0.1/10.0.0.2:7", &e));
  xnet_addr a;
  XT_ASSERT_OK(xnet_sctp_endpoint_to_addr(&e, 1, &a));
  XT_ASSERT_INT_EQ(a.kind, XNET_KIND_SCTP);
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(&a, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "10.0.0.2:7");
  XT_ASSERT_STR_EQ(xnet_addr_network(&a), "sctp");
  xnet_sctp_endpoint back;
  XT_ASSERT_OK(xnet_sctp_endpoint_from_addr(&a, &back));
  XT_ASSERT_UINT_EQ(back.count, 1);
  XT_ASSERT_UINT_EQ(back.port, 7);
  xnet_addr u = {0};
  u.kind = XNET_KIND_UNIX;
  XT_ASSERT_ERR(xnet_sctp_endpoint_from_addr(&u, &back), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_endpoint_to_addr(&e, 2, &a), XNET_EINVAL);
  XT_ASSERT_INT_EQ(a.kind, XNET_KIND_NONE);
  /* Go's Htonui32 / Ntohui16. */
  uint32_t be = xnet_sctp_htonl(0x01020304);
  XT_ASSERT_MEM_EQ((const uint8_t *)&be, 4, "\x01\x02\x03\x04", 4);
  XT_ASSERT_UINT_EQ(xnet_sctp_ntohl(be), 0x01020304);
  uint16_t bs = xnet_sctp_htons(0x0102);
  XT_ASSERT_MEM_EQ((const uint8_t *)&bs, 2, "\x01\x02", 2);
  XT_ASSERT_UINT_EQ(xnet_sctp_ntohs(bs), 0x0102);
}

static void test_sctp_network_parse(void) {
  xnet_network n;
  XT_ASSERT_OK(xnet_network_parse("sctp", &n));
  XT_ASSERT_INT_EQ(n.kind, XNET_KIND_SCTP);
  XT_ASSERT_INT_EQ(n.family, XNET_AF_UNSPEC);
  XT_ASSERT_OK(xnet_network_parse("sctp4", &n));
  XT_ASSERT_INT_EQ(n.family, XNET_AF_INET);
  XT_ASSERT_OK(xnet_network_parse("sctp6", &n));
  XT_ASSERT_INT_EQ(n.family, XNET_AF_INET6);
  XT_ASSERT_ERR(xnet_network_parse("sctp:1", &n), XNET_EUNKNOWNNET);
}

/* ---- what the Linux backend issues ---- */

/* Dials 127.0.0.1:9 through the recorder (a UDP stand-in). */
static int dial_fake(const xnet_sctp_init_options *o, const char *address,
                     xnet_conn **c) {
  xnet_sctp_dialer d = {0};
  d.stack = stack;
  if (o) d.init_options = *o;
  return xnet_sctp_dialer_dial(&d, "sctp4", address, c);
}

/* A conn dialled on the fake with default options, the recorder cleared
 * first. */
static int fresh_conn(xnet_conn **c) {
  rec_reset();
  return dial_fake(NULL, "127.0.0.1:9", c);
}

static const uint8_t int1[4] = {1, 0, 0, 0};

static void test_sctp_linux_dial_init_options(void) {
  xnet_conn *c;
  XT_ASSERT_OK(fresh_conn(&c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_SCTP);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 1);
  /* SCTP_INITMSG {ostreams 10, instreams 10, attempts 0, timeout 0}. */
  int i = find_set(SCTP_LEVEL, 2, 0);
  XT_ASSERT(i >= 0);
  XT_ASSERT_MEM_EQ(rec.set[i].val, rec.set[i].len,
                   "\x0a\x00\x0a\x00\x00\x00\x00\x00", 8);
  /* 512 KiB buffers, forced as Go's package does (the stand-in takes it:
   * the suite runs as root, or the kernel's EPERM gives the fallback
   * below), then SCTP_RECVRCVINFO on. */
  int r = find_set(SOL_SOCKET, SO_RCVBUFFORCE, 0);
  XT_ASSERT(r > i);
  XT_ASSERT_MEM_EQ(rec.set[r].val, rec.set[r].len, "\x00\x00\x08\x00", 4);
  int w = find_set(SOL_SOCKET, SO_SNDBUFFORCE, 0);
  XT_ASSERT(w > r);
  XT_ASSERT_MEM_EQ(rec.set[w].val, rec.set[w].len, "\x00\x00\x08\x00", 4);
  if (geteuid() == 0) {
    XT_ASSERT_INT_EQ(find_set(SOL_SOCKET, SO_RCVBUF, 0), -1);
    XT_ASSERT_INT_EQ(find_set(SOL_SOCKET, SO_SNDBUF, 0), -1);
  }
  int rr = find_set(SCTP_LEVEL, 32, 0);
  XT_ASSERT(rr > w);
  XT_ASSERT_MEM_EQ(rec.set[rr].val, rec.set[rr].len, int1, 4);
  XT_ASSERT_INT_EQ(find_set(SCTP_LEVEL, 7, 0), -1); /* no adaptation */
  xnet_addr ra;
  xnet_conn_remote_addr(c, &ra);
  char text[XNET_ADDR_STRLEN];
  xnet_addr_format(&ra, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.1:9");
  XT_ASSERT_OK(xnet_conn_close(c));

  /* Every field given; unprivileged: FORCE refused, the plain options
   * follow it. */
  rec_reset();
  rec.force_eperm = 1;
  xnet_sctp_init_options o = {.num_ostreams = 300, .max_instreams = 5,
                              .max_attempts = 4, .max_init_timeout = 1500,
                              .read_buffer_size = 65536,
                              .write_buffer_size = 32768,
                              .adaptation_indication_enabled = true,
                              .adaptation_indication = 0x01020304};
  XT_ASSERT_OK(dial_fake(&o, "127.0.0.1:9", &c));
  i = find_set(SCTP_LEVEL, 2, 0);
  XT_ASSERT(i >= 0);
  XT_ASSERT_MEM_EQ(rec.set[i].val, rec.set[i].len,
                   "\x2c\x01\x05\x00\x04\x00\xdc\x05", 8);
  int rf = find_set(SOL_SOCKET, SO_RCVBUFFORCE, 0);
  XT_ASSERT(rf >= 0);
  r = find_set(SOL_SOCKET, SO_RCVBUF, 0);
  XT_ASSERT(r == rf + 1);
  XT_ASSERT_MEM_EQ(rec.set[r].val, rec.set[r].len, "\x00\x00\x01\x00", 4);
  w = find_set(SOL_SOCKET, SO_SNDBUF, 0);
  XT_ASSERT(w == find_set(SOL_SOCKET, SO_SNDBUFFORCE, 0) + 1);
  XT_ASSERT_MEM_EQ(rec.set[w].val, rec.set[w].len, "\x00\x80\x00\x00", 4);
  int a = find_set(SCTP_LEVEL, 7, 0);
  XT_ASSERT(a >= 0);
  XT_ASSERT_MEM_EQ(rec.set[a].val, rec.set[a].len, "\x04\x03\x02\x01", 4);
  XT_ASSERT_OK(xnet_conn_close(c));
}

/* A dialer on the fake from the local endpoint 127.0.0.1/127.0.0.2 (in
 * la), the recorder cleared first. The resolver's error. */
static int two_home_dialer(xnet_sctp_endpoint *la, xnet_sctp_dialer *d) {
  rec_reset();
  memset(d, 0, sizeof *d);
  d->stack = stack;
  d->local_addr = la;
  return xnet_sctp_resolve_addr(NULL, "sctp4", "127.0.0.1/127.0.0.2:0", la);
}

/* Several remote addresses go to SCTP_SOCKOPT_CONNECTX as one packed
 * sockaddr array; several local ones to bind + SCTP_SOCKOPT_BINDX_ADD. */
static void test_sctp_linux_connectx_bindx_bytes(void) {
  xnet_sctp_endpoint la;
  xnet_sctp_dialer d;
  XT_ASSERT_OK(two_home_dialer(&la, &d));
  xnet_conn *c;
  XT_ASSERT_OK(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.3/127.0.0.4:9", &c));
  xnet_addr me;
  xnet_conn_local_addr(c, &me);
  uint16_t port = me.port;
  XT_ASSERT(port != 0);
  /* bindx of the second local address, on the bound port. */
  int b = find_set(SCTP_LEVEL, 100, 0);
  XT_ASSERT(b >= 0);
  uint8_t want[32] = {2, 0, (uint8_t)(port >> 8), (uint8_t)port, 127, 0, 0, 2};
  XT_ASSERT_MEM_EQ(rec.set[b].val, rec.set[b].len, want, 16);
  /* connectx of both remote addresses. */
  int x = find_set(SCTP_LEVEL, 110, 0);
  XT_ASSERT(x > b);
  uint8_t cx[32] = {2, 0, 0, 9, 127, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0,
                    2, 0, 0, 9, 127, 0, 0, 4};
  XT_ASSERT_MEM_EQ(rec.set[x].val, rec.set[x].len, cx, 32);
  /* The conn knows both peers (the stand-in cannot list them). */
  xnet_sctp_endpoint ra;
  XT_ASSERT_OK(xnet_sctp_conn_remote_addr(c, &ra));
  char text[XNET_SCTP_ENDPOINT_STRLEN];
  xnet_sctp_endpoint_format(&ra, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.3/127.0.0.4:9");

  /* bind_add / bind_remove on the conn: one bindx each. */
  int from = rec.nset;
  XT_ASSERT_OK(xnet_sctp_conn_bind_add(c, "127.0.0.5"));
  b = find_set(SCTP_LEVEL, 100, from);
  XT_ASSERT(b >= 0);
  uint8_t add5[16] = {2, 0, (uint8_t)(port >> 8), (uint8_t)port, 127, 0, 0, 5};
  XT_ASSERT_MEM_EQ(rec.set[b].val, rec.set[b].len, add5, 16);
  XT_ASSERT_OK(xnet_sctp_conn_bind_remove(c, "127.0.0.5:0"));
  b = find_set(SCTP_LEVEL, 101, from);
  XT_ASSERT(b >= 0);
  XT_ASSERT_MEM_EQ(rec.set[b].val, rec.set[b].len, add5, 16);
  /* Another port is refused before any call. */
  from = rec.nset;
  XT_ASSERT_ERR(xnet_sctp_conn_bind_add(c, "127.0.0.6:1"), XNET_EINVAL);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "bindx");
  XT_ASSERT_INT_EQ(rec.nset, from);
  XT_ASSERT_OK(xnet_conn_close(c));
}

static void test_sctp_linux_subscribe_and_options(void) {
  xnet_conn *c;
  XT_ASSERT_OK(fresh_conn(&c));
  int from = rec.nset;
  xnet_sctp_notification_type t[] = {XNET_SCTP_ASSOC_CHANGE,
                                     XNET_SCTP_SHUTDOWN_EVENT,
                                     XNET_SCTP_SEND_FAILED_EVENT};
  XT_ASSERT_OK(xnet_sctp_conn_subscribe(c, t, 3));
  XT_ASSERT_INT_EQ(rec.nset - from, 3);
  /* struct sctp_event {assoc 0, type 0x8001, on 1, pad}. */
  XT_ASSERT_INT_EQ(rec.set[from].level, SCTP_LEVEL);
  XT_ASSERT_INT_EQ(rec.set[from].name, 127);
  XT_ASSERT_MEM_EQ(rec.set[from].val, rec.set[from].len,
                   "\0\0\0\0\x01\x80\x01\0", 8);
  XT_ASSERT_MEM_EQ(rec.set[from + 1].val, rec.set[from + 1].len,
                   "\0\0\0\0\x05\x80\x01\0", 8);
  XT_ASSERT_MEM_EQ(rec.set[from + 2].val, rec.set[from + 2].len,
                   "\0\0\0\0\x0d\x80\x01\0", 8);
  from = rec.nset;
  XT_ASSERT_OK(xnet_sctp_conn_unsubscribe(c, t + 1, 1));
  XT_ASSERT_MEM_EQ(rec.set[from].val, rec.set[from].len,
                   "\0\0\0\0\x05\x80\x00\0", 8);
  /* A bad type changes nothing. */
  xnet_sctp_notification_type bad[] = {XNET_SCTP_ASSOC_CHANGE,
                                       (xnet_sctp_notification_type)99};
  from = rec.nset;
  XT_ASSERT_ERR(xnet_sctp_conn_subscribe(c, bad, 2), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_subscribe(c, t, 0), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_subscribe(c, NULL, 1), XNET_EINVAL);
  /* usrsctp's NOTIFICATIONS_STOPPED has no Linux number. */
  xnet_sctp_notification_type none[] = {XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT};
  XT_ASSERT_ERR(xnet_sctp_conn_subscribe(c, none, 1), XNET_ENOTSUP);
  XT_ASSERT_INT_EQ(rec.nset, from);

  from = rec.nset;
  XT_ASSERT_OK(xnet_sctp_conn_set_no_delay(c, true));
  XT_ASSERT_OK(xnet_conn_set_no_delay(c, false)); /* the generic call too */
  XT_ASSERT_OK(xnet_sctp_conn_set_disable_fragments(c, true));
  XT_ASSERT_OK(xnet_sctp_conn_set_linger(c, 0));
  XT_ASSERT_INT_EQ(rec.nset - from, 4);
  XT_ASSERT_INT_EQ(rec.set[from].level, SCTP_LEVEL);
  XT_ASSERT_INT_EQ(rec.set[from].name, 3); /* SCTP_NODELAY */
  XT_ASSERT_MEM_EQ(rec.set[from].val, rec.set[from].len, int1, 4);
  XT_ASSERT_INT_EQ(rec.set[from + 1].name, 3);
  XT_ASSERT_MEM_EQ(rec.set[from + 1].val, rec.set[from + 1].len,
                   "\0\0\0\0", 4);
  XT_ASSERT_INT_EQ(rec.set[from + 2].name, 8); /* SCTP_DISABLE_FRAGMENTS */
  XT_ASSERT_MEM_EQ(rec.set[from + 2].val, rec.set[from + 2].len, int1, 4);
  /* Linger 0: struct linger {on, 0}, so close sends ABORT. */
  XT_ASSERT_INT_EQ(rec.set[from + 3].level, SOL_SOCKET);
  XT_ASSERT_INT_EQ(rec.set[from + 3].name, SO_LINGER);
  XT_ASSERT_MEM_EQ(rec.set[from + 3].val, rec.set[from + 3].len,
                   "\x01\0\0\0\0\0\0\0", 8);
  int size;
  XT_ASSERT_OK(xnet_sctp_conn_read_buffer_size(c, &size));
  XT_ASSERT(size > 0);
  XT_ASSERT_OK(xnet_sctp_conn_write_buffer_size(c, &size));
  XT_ASSERT(size > 0);
  XT_ASSERT_OK(xnet_conn_close(c));
}

static void test_sctp_linux_status(void) {
  xnet_conn *c;
  XT_ASSERT_OK(fresh_conn(&c));
  xnet_sctp_status st = {0};
  st.state = XNET_SCTP_ESTABLISHED;
  st.rwnd = 106496;
  st.instrms = 10;
  st.outstrms = 5;
  st.fragmentation_point = 65484;
  st.primary.addr.family = XNET_SCTP_AF_INET;
  st.primary.addr.port = 9;
  memcpy(st.primary.addr.ip, "\x7f\0\0\x01", 4);
  st.primary.state = XNET_SCTP_ACTIVE;
  st.primary.mtu = 65535;
  size_t len;
  XT_ASSERT_OK(xnet_sctp_status_marshal(&xnet_sctp_layout_linux, &st,
                                        rec.status, sizeof rec.status, &len));
  rec.status_on = 1;
  xnet_sctp_status got;
  XT_ASSERT_OK(xnet_sctp_conn_status(c, &got));
  XT_ASSERT_INT_EQ(rec.get_name, 14);
  XT_ASSERT_INT_EQ(rec.get_len, 176);
  XT_ASSERT_INT_EQ(got.state, XNET_SCTP_ESTABLISHED);
  XT_ASSERT_UINT_EQ(got.outstrms, 5);
  XT_ASSERT_UINT_EQ(got.instrms, 10);
  XT_ASSERT_UINT_EQ(got.fragmentation_point, 65484);
  XT_ASSERT_INT_EQ(got.primary.state, XNET_SCTP_ACTIVE);
  XT_ASSERT_UINT_EQ(got.primary.addr.port, 9);
  /* No status from the stack: its error, recorded as "get". */
  rec.status_on = 0;
  XT_ASSERT_ERR(xnet_sctp_conn_status(c, &got), -ENOPROTOOPT);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "get");
  /* Refresh: SCTP_GET_PEER_ADDRS lists 127.0.0.1 and 127.0.0.7. */
  uint8_t *p = rec.paddrs;
  memset(rec.paddrs, 0, sizeof rec.paddrs);
  p[4] = 2; /* addr_num */
  uint8_t sin1[16] = {2, 0, 0, 9, 127, 0, 0, 1};
  uint8_t sin2[16] = {2, 0, 0, 9, 127, 0, 0, 7};
  memcpy(p + 8, sin1, 16);
  memcpy(p + 24, sin2, 16);
  rec.paddrs_len = 40;
  xnet_sctp_endpoint ra;
  XT_ASSERT_OK(xnet_sctp_conn_refresh_remote_addr(c, &ra));
  XT_ASSERT_INT_EQ(rec.get_name, 108);
  char text[XNET_SCTP_ENDPOINT_STRLEN];
  xnet_sctp_endpoint_format(&ra, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.1/127.0.0.7:9");
  XT_ASSERT_OK(xnet_sctp_conn_remote_addr(c, &ra));
  xnet_sctp_endpoint_format(&ra, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.1/127.0.0.7:9");
  XT_ASSERT_OK(xnet_conn_close(c));
}

/* write_msg puts one SCTP_SNDINFO control message before the data;
 * write_msg_ext with a destination names it and adds SCTP_ADDR_OVER. */
static void test_sctp_linux_write_msg_bytes(void) {
  xnet_conn *c;
  XT_ASSERT_OK(fresh_conn(&c));
  xnet_sctp_sndinfo si = {.sid = 3, .flags = XNET_SCTP_UNORDERED,
                          .ppid = xnet_sctp_htonl(46), .context = 0x11223344};
  XT_ASSERT_INT_EQ(xnet_sctp_conn_write_msg(c, "hello", 5, &si), 5);
  XT_ASSERT_UINT_EQ(rec.sent, 5);
  XT_ASSERT_UINT_EQ(rec.namelen, 0);
  /* cmsghdr {len 32, level 132, type 2 = SCTP_SNDINFO} + sctp_sndinfo. */
  static const uint8_t want[32] = {
      32, 0, 0, 0, 0, 0, 0, 0, 132, 0, 0, 0, 2, 0, 0, 0, /* header */
      3, 0, 1, 0,                                        /* sid, flags */
      0, 0, 0, 46,                                       /* ppid (wire) */
      0x44, 0x33, 0x22, 0x11,                            /* context */
      0, 0, 0, 0};                                       /* assoc */
  XT_ASSERT_MEM_EQ(rec.control, rec.controllen, want, 32);
  /* Write: stream 0 and no control message at all. */
  XT_ASSERT_INT_EQ(xnet_conn_write(c, "x", 1), 1);
  XT_ASSERT_UINT_EQ(rec.controllen, 0);
  /* To another peer address: msg_name and SCTP_ADDR_OVER. */
  xnet_ip to;
  XT_ASSERT_OK(xnet_ip_parse("127.0.0.2", 9, &to));
  XT_ASSERT_INT_EQ(xnet_sctp_conn_write_msg_ext(c, "hi", 2, NULL, &to, 0), 2);
  uint8_t sin[16] = {2, 0, 0, 9, 127, 0, 0, 2};
  XT_ASSERT_MEM_EQ(rec.name, rec.namelen, sin, 16);
  XT_ASSERT_UINT_EQ(rec.controllen, 32);
  XT_ASSERT_MEM_EQ(rec.control + 16, 4, "\0\0\x02\0", 4); /* ADDR_OVER */
  int sends = rec.sends;
  XT_ASSERT_ERR(xnet_sctp_conn_write_msg_ext(c, "hi", 2, NULL, &to, 1),
                XNET_EINVAL);
  /* A flag Linux lacks (usrsctp's explicit EOR) is refused unsent. */
  si.flags = XNET_SCTP_EXPLICIT_EOR;
  XT_ASSERT_ERR(xnet_sctp_conn_write_msg(c, "x", 1, &si), XNET_ENOTSUP);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "write");
  XT_ASSERT_INT_EQ(rec.sends, sends);
  XT_ASSERT_OK(xnet_conn_close(c));
}

/* read_msg returns the rcvinfo and the message flags the kernel gives. */
static void test_sctp_linux_read_msg(void) {
  xnet_conn *c;
  XT_ASSERT_OK(fresh_conn(&c));
  /* A data message: "abc" on stream 4, ssn 2, ppid 51, tsn 100, EOR. */
  static const uint8_t rcv[48] = {
      44, 0, 0, 0, 0, 0, 0, 0, 132, 0, 0, 0, 3, 0, 0, 0, /* SCTP_RCVINFO */
      4, 0, 2, 0, 1, 0, 0, 0,                            /* sid ssn flags */
      0, 0, 0, 51, 100, 0, 0, 0, 99, 0, 0, 0,             /* ppid tsn cum */
      0, 0, 0, 0, 0, 0, 0, 0};                           /* context assoc */
  memcpy(rec.rx_data, "abc", 3);
  rec.rx_len = 3;
  memcpy(rec.rx_control, rcv, sizeof rcv);
  rec.rx_controllen = sizeof rcv;
  rec.rx_flags = MSG_EOR;
  rec.rx_on = 1;
  char buf[64];
  xnet_sctp_rcvinfo info;
  int flags;
  XT_ASSERT_INT_EQ(xnet_sctp_conn_read_msg(c, buf, sizeof buf, &info, &flags),
                   3);
  XT_ASSERT_MEM_EQ(buf, 3, "abc", 3);
  XT_ASSERT_INT_EQ(flags, XNET_SCTP_MSG_EOR);
  XT_ASSERT_UINT_EQ(info.sid, 4);
  XT_ASSERT_UINT_EQ(info.ssn, 2);
  XT_ASSERT_UINT_EQ(info.flags, XNET_SCTP_UNORDERED);
  XT_ASSERT_UINT_EQ(xnet_sctp_ntohl(info.ppid), 51);
  XT_ASSERT_UINT_EQ(info.tsn, 100);
  /* Too little room for the control data: CTRUNC, raw bytes given. */
  uint8_t oob[20];
  size_t oobn;
  rec.rx_flags = 0;
  XT_ASSERT_INT_EQ(xnet_sctp_conn_read_msg_ext(c, buf, sizeof buf, oob,
                                               sizeof oob, &oobn, &info, &flags),
                   3);
  XT_ASSERT_INT_EQ(flags, XNET_SCTP_MSG_CTRUNC);
  XT_ASSERT_UINT_EQ(oobn, sizeof oob);
  XT_ASSERT_UINT_EQ(info.sid, 0);
  /* A notification: COMM_UP with 10/10 streams. */
  xnet_sctp_notification n = {0};
  n.type = XNET_SCTP_ASSOC_CHANGE;
  n.u.assoc_change.state = XNET_SCTP_COMM_UP;
  n.u.assoc_change.outbound_streams = 10;
  n.u.assoc_change.inbound_streams = 10;
  size_t len;
  XT_ASSERT_OK(xnet_sctp_notification_marshal(&xnet_sctp_layout_linux, &n,
                                              rec.rx_data, sizeof rec.rx_data,
                                              &len));
  rec.rx_len = len;
  rec.rx_controllen = 0;
  rec.rx_flags = MSG_EOR | 0x8000;
  XT_ASSERT_INT_EQ(xnet_sctp_conn_read_msg(c, buf, sizeof buf, &info, &flags),
                   (int)len);
  XT_ASSERT_INT_EQ(flags, XNET_SCTP_MSG_NOTIFICATION | XNET_SCTP_MSG_EOR);
  xnet_sctp_notification ev;
  XT_ASSERT_OK(xnet_sctp_event_parse(c, buf, len, &ev));
  XT_ASSERT_INT_EQ(ev.type, XNET_SCTP_ASSOC_CHANGE);
  XT_ASSERT_INT_EQ(ev.u.assoc_change.state, XNET_SCTP_COMM_UP);
  XT_ASSERT_UINT_EQ(ev.u.assoc_change.outbound_streams, 10);
  /* xnet_conn_read takes the data without the control bytes. */
  rec.rx_len = 3;
  memcpy(rec.rx_data, "xyz", 3);
  rec.rx_flags = MSG_EOR;
  XT_ASSERT_INT_EQ(xnet_conn_read(c, buf, sizeof buf), 3);
  XT_ASSERT_MEM_EQ(buf, 3, "xyz", 3);
  rec.rx_on = 0;
  XT_ASSERT_OK(xnet_conn_close(c));
}

static void test_sctp_linux_listener_calls(void) {
  rec_reset();
  xnet_sctp_listen_config lc = {0};
  lc.stack = stack;
  xnet_listener *l;
  /* listen(2) on the UDP stand-in fails: the error, and nothing leaked. */
  int fds = ctu_count_fds();
  XT_ASSERT_ERR(xnet_sctp_listen_config_listen(&lc, "sctp4",
                                               "127.0.0.1/127.0.0.2:0", &l),
                -EOPNOTSUPP);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "listen");
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
  /* It had bound 127.0.0.1 and added 127.0.0.2 with bindx on that port,
   * after SO_REUSEADDR and the init options. */
  XT_ASSERT(find_set(SOL_SOCKET, SO_REUSEADDR, 0) >= 0);
  XT_ASSERT(find_set(SCTP_LEVEL, 2, 0) >= 0);
  int b = find_set(SCTP_LEVEL, 100, 0);
  XT_ASSERT(b >= 0);
  XT_ASSERT_UINT_EQ(rec.set[b].len, 16);
  XT_ASSERT(rec.set[b].val[2] != 0 || rec.set[b].val[3] != 0); /* a port */
  XT_ASSERT_MEM_EQ(rec.set[b].val + 4, 4, "\x7f\0\0\x02", 4);

  /* Now listening works: subscriptions, bindx and the address list of the
   * listening socket, and an accepted conn. */
  rec_reset();
  rec.listen_ok = 1;
  XT_ASSERT_OK(xnet_sctp_listen_config_listen(&lc, "sctp4", "127.0.0.1:0", &l));
  xnet_addr la;
  XT_ASSERT_OK(xnet_listener_addr(l, &la));
  XT_ASSERT_INT_EQ(la.kind, XNET_KIND_SCTP);
  uint16_t port = la.port;
  xnet_sctp_notification_type t2[] = {XNET_SCTP_PEER_ADDR_CHANGE};
  int from = rec.nset;
  XT_ASSERT_OK(xnet_sctp_listener_subscribe(l, t2, 1));
  XT_ASSERT_MEM_EQ(rec.set[from].val, rec.set[from].len,
                   "\0\0\0\0\x02\x80\x01\0", 8);
  XT_ASSERT_OK(xnet_sctp_listener_unsubscribe(l, t2, 1));
  XT_ASSERT_MEM_EQ(rec.set[from + 1].val, rec.set[from + 1].len,
                   "\0\0\0\0\x02\x80\x00\0", 8);
  from = rec.nset;
  XT_ASSERT_OK(xnet_sctp_listener_bind_add(l, "127.0.0.3"));
  uint8_t add3[16] = {2, 0, (uint8_t)(port >> 8), (uint8_t)port, 127, 0, 0, 3};
  XT_ASSERT_INT_EQ(rec.set[from].name, 100);
  XT_ASSERT_MEM_EQ(rec.set[from].val, rec.set[from].len, add3, 16);
  XT_ASSERT_OK(xnet_sctp_listener_bind_remove(l, "127.0.0.3"));
  XT_ASSERT_INT_EQ(rec.set[from + 1].name, 101);
  /* The listening socket's addresses: SCTP_GET_LOCAL_ADDRS. */
  memset(rec.laddrs, 0, sizeof rec.laddrs);
  rec.laddrs[4] = 2;
  uint8_t l1[16] = {2, 0, (uint8_t)(port >> 8), (uint8_t)port, 127, 0, 0, 1};
  uint8_t l3[16] = {2, 0, (uint8_t)(port >> 8), (uint8_t)port, 127, 0, 0, 3};
  memcpy(rec.laddrs + 8, l1, 16);
  memcpy(rec.laddrs + 24, l3, 16);
  rec.laddrs_len = 40;
  xnet_sctp_endpoint ep;
  XT_ASSERT_OK(xnet_sctp_listener_addr(l, &ep));
  XT_ASSERT_INT_EQ(rec.get_name, 109);
  XT_ASSERT_UINT_EQ(ep.count, 2);
  XT_ASSERT_UINT_EQ(ep.port, port);
  /* Accept: the new socket gets SCTP_RECVRCVINFO, the conn the peer. */
  rec.laddrs_len = 0;
  rec.accept_on = 1;
  from = rec.nset;
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listener_accept(l, &c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_SCTP);
  int r = find_set(SCTP_LEVEL, 32, from);
  XT_ASSERT(r >= 0);
  XT_ASSERT_MEM_EQ(rec.set[r].val, rec.set[r].len, int1, 4);
  xnet_sctp_endpoint ra;
  XT_ASSERT_OK(xnet_sctp_conn_remote_addr(c, &ra));
  char text[XNET_SCTP_ENDPOINT_STRLEN];
  xnet_sctp_endpoint_format(&ra, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "127.0.0.9:4000");
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
}

/* ---- argument checks ---- */

static void test_sctp_calls_on_other_kinds(void) {
  xnet_listener *tl;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &tl));
  char text[64];
  ctu_listener_text(tl, text, sizeof text);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial("tcp4", text, &c));
  xnet_sctp_status st;
  XT_ASSERT_ERR(xnet_sctp_conn_status(c, &st), XNET_EINVAL);
  XT_ASSERT_STR_EQ(xnet_last_error()->op, "get");
  xnet_sctp_notification_type t = XNET_SCTP_ASSOC_CHANGE;
  XT_ASSERT_ERR(xnet_sctp_conn_subscribe(c, &t, 1), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_write_msg(c, "x", 1, NULL), XNET_EINVAL);
  char buf[4];
  XT_ASSERT_ERR(xnet_sctp_conn_read_msg(c, buf, 4, NULL, NULL), XNET_EINVAL);
  xnet_sctp_endpoint ep;
  XT_ASSERT_ERR(xnet_sctp_conn_local_addr(c, &ep), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_bind_add(c, "127.0.0.2"), XNET_EINVAL);
  xnet_sctp_notification ev;
  XT_ASSERT_ERR(xnet_sctp_event_parse(c, buf, 4, &ev), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_listener_subscribe(tl, &t, 1), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_listener_addr(tl, &ep), XNET_EINVAL);
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(tl));
  /* Dialing a non-SCTP network through the SCTP calls. */
  XT_ASSERT_ERR(xnet_sctp_dial("tcp", "127.0.0.1:1", &c), XNET_EUNKNOWNNET);
  XT_ASSERT_ERR(xnet_sctp_dial_addr(NULL, "sctp", NULL, NULL, &c),
                XNET_EINVAL);
}

/* NULL handles and garbage notifications fail cleanly (ASan watches). */
static void test_sctp_bad_arguments(void) {
  xnet_sctp_status st;
  xnet_sctp_endpoint ep;
  xnet_sctp_notification ev;
  xnet_sctp_notification_type t = XNET_SCTP_ASSOC_CHANGE;
  XT_ASSERT_ERR(xnet_sctp_conn_status(NULL, &st), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_subscribe(NULL, &t, 1), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_read_msg(NULL, NULL, 0, NULL, NULL),
                XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_write_msg(NULL, "", 0, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_local_addr(NULL, &ep), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_conn_refresh_remote_addr(NULL, &ep), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_listener_addr(NULL, &ep), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_listener_bind_add(NULL, "1.2.3.4"), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_event_parse(NULL, "", 0, &ev), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_resolve_addr(NULL, "sctp", NULL, &ep), XNET_EINVAL);
  char text[16];
  xnet_sctp_endpoint_format(NULL, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "<nil>");
  /* Notifications that are cut, or claim other lengths and types. */
  xnet_conn *c;
  XT_ASSERT_OK(fresh_conn(&c));
  uint8_t b[160];
  uint32_t x = 12345;
  for (int round = 0; round < 200; round++) {
    for (size_t i = 0; i < sizeof b; i++) {
      x = x * 1103515245u + 12345u;
      b[i] = (uint8_t)(x >> 16);
    }
    if (round % 2) { b[0] = (uint8_t)(1 + round % 14); b[1] = 0x80; }
    size_t n = (size_t)round % sizeof b;
    int rc = xnet_sctp_event_parse(c, b, n, &ev);
    XT_ASSERT(rc <= 0);
    if (rc == 0) XT_ASSERT(ev.length <= n);
  }
  XT_ASSERT_OK(xnet_conn_close(c));
}

/* ---- follow-ups: dialer events, availability, cancel, typed forms ---- */

/* The dialer's events are subscribed before it connects (SCTP_EVENT ahead
 * of SCTP_SOCKOPT_CONNECTX), so the association's first notifications
 * reach the conn; a listen config's before listen. A bad type fails the
 * dial with nothing left open. */
static void test_sctp_linux_dialer_events_before_connect(void) {
  rec_reset();
  static const xnet_sctp_notification_type ev[] = {
      XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_ADAPTATION_INDICATION};
  xnet_sctp_dialer d = {0};
  d.stack = stack;
  d.events = ev;
  d.nevents = 2;
  xnet_conn *c;
  XT_ASSERT_OK(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.3/127.0.0.4:9", &c));
  int e1 = find_set(SCTP_LEVEL, 127, 0);
  XT_ASSERT(e1 >= 0);
  XT_ASSERT_MEM_EQ(rec.set[e1].val, rec.set[e1].len, "\0\0\0\0\x01\x80\x01\0",
                   8);
  int e2 = find_set(SCTP_LEVEL, 127, e1 + 1);
  XT_ASSERT(e2 > e1);
  XT_ASSERT_MEM_EQ(rec.set[e2].val, rec.set[e2].len, "\0\0\0\0\x07\x80\x01\0",
                   8);
  XT_ASSERT(find_set(SCTP_LEVEL, 110, 0) > e2);
  XT_ASSERT_OK(xnet_conn_close(c));

  rec_reset();
  int fds = ctu_count_fds();
  xnet_sctp_notification_type bad[] = {(xnet_sctp_notification_type)99};
  d.events = bad;
  d.nevents = 1;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.1:9", &c),
                XNET_EINVAL);
  XT_ASSERT(c == NULL);
  XT_ASSERT_INT_EQ(find_set(SCTP_LEVEL, 127, 0), -1);
  d.events = NULL; /* a count without types */
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.1:9", &c),
                XNET_EINVAL);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);

  rec_reset();
  rec.listen_ok = 1;
  xnet_sctp_listen_config lc = {0};
  lc.stack = stack;
  lc.events = ev;
  lc.nevents = 1;
  xnet_listener *l;
  XT_ASSERT_OK(xnet_sctp_listen_config_listen(&lc, "sctp4", "127.0.0.1:0", &l));
  e1 = find_set(SCTP_LEVEL, 127, 0);
  XT_ASSERT(e1 >= 0);
  XT_ASSERT_MEM_EQ(rec.set[e1].val, rec.set[e1].len, "\0\0\0\0\x01\x80\x01\0",
                   8);
  XT_ASSERT_OK(xnet_listener_close(l));
}

/* xnet_sctp_supported: false on this kernel, true where the socket
 * opened when the stack did (the recorder's stand-in); it makes no system
 * call (decided at open), leaks nothing, and leaves the thread's failure
 * record alone. */
static void test_sctp_supported(void) {
  int fds = ctu_count_fds();
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_sctp_dial("sctp7", "127.0.0.1:1", &c), XNET_EUNKNOWNNET);
  bool here = xnet_sctp_supported(NULL);
  XT_ASSERT(here == (kernel_has_sctp() == 1));
  XT_ASSERT_ERR(xnet_last_error()->code, XNET_EUNKNOWNNET);
  XT_ASSERT_STR_EQ(xnet_last_error()->net, "sctp7");
  rec_reset();
  XT_ASSERT(xnet_sctp_supported(stack));
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 0); /* no probe: decided at open */
  XT_ASSERT_INT_EQ(rec.nset, 0);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
  /* The answer does not follow a later change of the kernel's mind. */
  fake_sctp = 0;
  XT_ASSERT(xnet_sctp_supported(stack));
  fake_sctp = 1;
  XT_ASSERT(xnet_sctp_supported(stack_nosctp) == here);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 0);
  XT_ASSERT_ERR(xnet_last_error()->code, XNET_EUNKNOWNNET);
  if (!here) {
    /* No "no SCTP" text is carried into an unrelated later XNET_ENOTSUP
     * record. */
    xnet_sctp_notification_type t = XNET_SCTP_NOTIFICATIONS_STOPPED_EVENT;
    XT_ASSERT_OK(fresh_conn(&c));
    XT_ASSERT(!xnet_sctp_supported(stack_nosctp));
    XT_ASSERT_ERR(xnet_sctp_conn_subscribe(c, &t, 1), XNET_ENOTSUP);
    XT_ASSERT_STR_EQ(xnet_last_error()->detail, "");
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}

/* A TCP listener whose accept queue is full: a connect to it hangs. */
typedef struct hang {
  xnet_listener *l;
  xnet_conn *queued[8];
  int n;
  char addr[XNET_ADDR_STRLEN];
} hang;

static int hang_open(hang *h) {
  memset(h, 0, sizeof *h);
  xnet_listen_config lc = {.backlog = 1};
  if (xnet_listen_config_listen(&lc, "tcp4", "127.0.0.1:0", &h->l) < 0)
    return -1;
  ctu_listener_text(h->l, h->addr, sizeof h->addr);
  while (h->n < 8) {
    xnet_conn *c;
    int rc = xnet_dial_timeout("tcp4", h->addr, 100 * XNET_MILLISECOND, &c);
    if (rc == XNET_ETIMEDOUT) return 0;
    if (rc < 0) return -1;
    h->queued[h->n++] = c;
  }
  return -1;
}

static void hang_close(hang *h) {
  for (int i = 0; i < h->n; i++) (void)xnet_conn_close(h->queued[i]);
  if (h->l) (void)xnet_listener_close(h->l);
}

typedef struct sctp_dial_job {
  xnet_sctp_dialer d;
  const char *address;
  int rc;
  xnet_conn *c;
  char text[512];
} sctp_dial_job;

static void *sctp_dial_thread(void *arg) {
  sctp_dial_job *j = arg;
  j->rc = xnet_sctp_dialer_dial(&j->d, "sctp4", j->address, &j->c);
  xnet_op_error_format(xnet_last_error(), j->text, sizeof j->text);
  return NULL;
}

/* The SCTP dialer's canceler: a cancelled one fails the dial before any
 * socket; one of another stack is refused; a dial blocked in connect (a
 * TCP stand-in connecting to a full accept queue) returns at once when
 * cancelled, with Go's text, leaking nothing. */
static void test_sctp_linux_dial_cancel(void) {
  rec_reset();
  xnet_canceler *other, *cancel;
  XT_ASSERT_OK(xnet_canceler_new(NULL, &other));
  XT_ASSERT_OK(xnet_canceler_new(stack, &cancel));
  xnet_sctp_dialer d = {0};
  d.stack = stack;
  d.cancel = other;
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.1:9", &c),
                XNET_EINVAL);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 0);
  xnet_canceler_free(other);

  hang h;
  XT_ASSERT_OK(hang_open(&h));
  int fds = ctu_count_fds();
  rec_reset();
  rec.tcp_standin = 1;
  sctp_dial_job j;
  memset(&j, 0, sizeof j);
  j.d.stack = stack;
  j.d.cancel = cancel;
  j.d.timeout = 30 * XNET_SECOND; /* the cancel, not this, ends it */
  j.address = h.addr;
  pthread_t t;
  pthread_create(&t, NULL, sctp_dial_thread, &j);
  while (atomic_load(&cancel->waiters) < 1) ctu_sleep_ms(0);
  int64_t t0 = ctu_now_ns();
  xnet_canceler_cancel(cancel);
  pthread_join(t, NULL);
  XT_ASSERT(ctu_now_ns() - t0 < XNET_SECOND);
  XT_ASSERT_ERR(j.rc, XNET_ECANCELED);
  XT_ASSERT(j.c == NULL);
  char want[256];
  snprintf(want, sizeof want, "dial sctp4 %s: operation was canceled", h.addr);
  XT_ASSERT_STR_EQ(j.text, want);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 1);
  XT_ASSERT_INT_EQ(ctu_count_fds(), fds);
  /* Cancelled: later dials fail before they start, the generic ones too. */
  rec_reset();
  d.cancel = cancel;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.1:9", &c),
                XNET_ECANCELED);
  xnet_dialer gd = {0};
  gd.stack = stack;
  gd.cancel = cancel;
  XT_ASSERT_ERR(xnet_dialer_dial(&gd, "sctp", "127.0.0.1:9", &c),
                XNET_ECANCELED);
  xnet_sctp_endpoint ra;
  XT_ASSERT_OK(xnet_sctp_resolve_addr(NULL, "sctp", "127.0.0.1:9", &ra));
  XT_ASSERT_ERR(xnet_sctp_dialer_dial_addr(&d, "sctp", &ra, &c),
                XNET_ECANCELED);
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 0);
  xnet_canceler_free(cancel);
  hang_close(&h);
}

/* A failed dial or listen names a multi-homed endpoint whole, as Go
 * prints an *SCTPAddr ("h1/h2:port"); one address prints as before. */
static int refuse(void *arg, const char *network, const char *address,
                  int fd) {
  (void)arg, (void)network, (void)address, (void)fd;
  return XNET_EACCES;
}

static void test_sctp_op_error_names_endpoint(void) {
  xnet_sctp_endpoint la;
  xnet_sctp_dialer d;
  XT_ASSERT_OK(two_home_dialer(&la, &d));
  d.control = refuse;
  xnet_conn *c;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.3/127.0.0.4:9", &c),
                XNET_EACCES);
  const xnet_op_error *e = xnet_last_error();
  char text[512];
  xnet_op_error_format(e, text, sizeof text);
  XT_ASSERT_STR_EQ(text, "dial sctp4 127.0.0.1/127.0.0.2:0->"
                         "127.0.0.3/127.0.0.4:9: permission denied");
  /* The xnet_addr fields keep the first IPs. */
  char first[XNET_ADDR_STRLEN];
  xnet_addr_format(&e->addr, first, sizeof first);
  XT_ASSERT_STR_EQ(first, "127.0.0.3:9");
  XT_ASSERT_INT_EQ(e->addr.kind, XNET_KIND_SCTP);
  XT_ASSERT_STR_EQ(e->addr_text, "127.0.0.3/127.0.0.4:9");
  d.local_addr = NULL;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "127.0.0.3:9", &c),
                XNET_EACCES);
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "dial sctp4 127.0.0.3:9: permission denied");
  XT_ASSERT_STR_EQ(xnet_last_error()->addr_text, "");
  xnet_sctp_listen_config lc = {0};
  lc.stack = stack;
  lc.control = refuse;
  xnet_listener *l;
  XT_ASSERT_ERR(xnet_sctp_listen_config_listen(&lc, "sctp4",
                                               "127.0.0.1/127.0.0.2:7", &l),
                XNET_EACCES);
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text,
                   "listen sctp4 127.0.0.1/127.0.0.2:7: permission denied");
  /* Too long for the record's text: the first IP stands in. */
  char many[1024] = ""; /* 8 addresses: over 255 characters */
  for (int i = 0; i < 8; i++) {
    char one[48];
    snprintf(one, sizeof one, "%s[2001:db8:1234:5678:9abc:def0:1234:%d]",
             i ? "/" : "", 1000 + i);
    strcat(many, one);
  }
  strcat(many, ":9");
  d.control = refuse;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp6", many, &c), XNET_EACCES);
  XT_ASSERT_STR_EQ(xnet_last_error()->addr_text, "");
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "dial sctp6 [2001:db8:1234:5678:9abc:def0:1234:1000]"
                         ":9: permission denied");
}

/* xnet_dial_addr / xnet_listen_addr with "sctp*" and an SCTP address go
 * to the SCTP code: an SCTP socket (not a TCP one), the not-supported
 * answer on this kernel. */
static void test_sctp_typed_generic_forms(void) {
  xnet_addr ra = {0}, la = {0};
  ra.kind = la.kind = XNET_KIND_SCTP;
  XT_ASSERT_OK(xnet_ip_parse("127.0.0.1", 9, &ra.ip));
  ra.port = 9;
  XT_ASSERT_OK(xnet_ip_parse("127.0.0.1", 9, &la.ip));
  rec_reset();
  rec.listen_ok = 1;
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen_addr(stack, "sctp4", &la, &l));
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 1);
  XT_ASSERT(find_set(SCTP_LEVEL, 2, 0) >= 0); /* the init options */
  xnet_addr got;
  XT_ASSERT_OK(xnet_listener_addr(l, &got));
  XT_ASSERT_INT_EQ(got.kind, XNET_KIND_SCTP);
  XT_ASSERT_OK(xnet_listener_close(l));
  rec_reset();
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial_addr(stack, "sctp4", NULL, &ra, &c));
  XT_ASSERT_INT_EQ(rec.sctp_sockets, 1);
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_SCTP);
  xnet_sctp_endpoint ep;
  XT_ASSERT_OK(xnet_sctp_conn_remote_addr(c, &ep));
  XT_ASSERT_UINT_EQ(ep.count, 1);
  XT_ASSERT_UINT_EQ(ep.port, 9);
  XT_ASSERT_OK(xnet_conn_close(c));
  /* A TCP address on an SCTP network is still refused. */
  xnet_addr tcp = ra;
  tcp.kind = XNET_KIND_TCP;
  XT_ASSERT_ERR(xnet_dial_addr(stack, "sctp4", NULL, &tcp, &c), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_listen_addr(stack, "sctp4", &tcp, &l), XNET_EINVAL);
  if (!kernel_has_sctp()) {
    XT_ASSERT_ERR(xnet_dial_addr(NULL, "sctp", NULL, &ra, &c), XNET_ENOTSUP);
    assert_not_supported_text("dial");
    XT_ASSERT_ERR(xnet_listen_addr(NULL, "sctp", &la, &l), XNET_ENOTSUP);
    assert_not_supported_text("listen");
  }
}

static void test_sctp_linux_abi_matches_headers(void) {
  char why[256];
  int rc = xnet__linux_sctp_abi_verify(why, sizeof why);
  if (rc != 0) xt_fail(__LINE__, __FILE__, "%s", why);
  XT_ASSERT_OK(rc);
  XT_ASSERT(xnet_sctp_stack_layout(NULL) == &xnet_sctp_layout_linux);
}

XT_SUITE(core, sctp, suite_init, suite_cleanup,
         XT_TEST_IF(test_sctp_kernel_absent_here, need_no_kernel_sctp),
         XT_TEST_IF(test_sctp_kernel_absent_no_lookup, need_no_kernel_sctp),
         XT_TEST_IF(test_sctp_socket_op_text, need_no_kernel_sctp),
         XT_TEST(test_sctp_addr_resolve_and_format),
         XT_TEST(test_sctp_addr_rejects),
         XT_TEST(test_sctp_addr_conversions),
         XT_TEST(test_sctp_network_parse),
         XT_TEST_IF(test_sctp_linux_dial_init_options, need_little_endian),
         XT_TEST_IF(test_sctp_linux_connectx_bindx_bytes, need_little_endian),
         XT_TEST_IF(test_sctp_linux_subscribe_and_options, need_little_endian),
         XT_TEST_IF(test_sctp_linux_status, need_little_endian),
         XT_TEST_IF(test_sctp_linux_write_msg_bytes, need_little_endian),
         XT_TEST_IF(test_sctp_linux_read_msg, need_little_endian),
         XT_TEST(test_sctp_linux_listener_calls),
         XT_TEST(test_sctp_calls_on_other_kinds),
         XT_TEST(test_sctp_bad_arguments),
         XT_TEST_IF(test_sctp_linux_dialer_events_before_connect,
                    need_little_endian),
         XT_TEST(test_sctp_supported),
         XT_TEST(test_sctp_linux_dial_cancel),
         XT_TEST(test_sctp_op_error_names_endpoint),
         XT_TEST(test_sctp_typed_generic_forms),
         XT_TEST(test_sctp_linux_abi_matches_headers));
