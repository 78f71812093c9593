/* test_bsd_host_ops.c — BSD backend ops whose bytes the kernel decides,
 * run on Linux through a recording syscall table, once per flavour:
 *
 *   - raw IPv4 with header-included writes and reads (x/net/ipv4 RawConn):
 *     the header bytes handed to the kernel and how a received header is
 *     parsed. Total length and fragment offset travel in host order, and
 *     a received total length excludes the header, on Darwin, DragonFly
 *     and NetBSD (NetBSD sys/netinet/raw_ip.c rip_output: "XXX userland
 *     passes ip_len and ip_off in host order"; x/net/ipv4 header.go treats
 *     "darwin", "dragonfly", "netbsd" alike); in wire order on FreeBSD 10+
 *     and OpenBSD. The codec's profile flag (ipv4_raw_host_order) decides,
 *     and the vectors below pin it per flavour.
 *   - multicast groups per interface (ops->multicast_addrs) from
 *     getifmaddrs(3) on FreeBSD and Darwin, whose struct ifmaddrs the fake
 *     builds with BSD-layout sockaddrs (sa_len, AF_INET 2, AF_INET6 28 on
 *     FreeBSD and 30 on Darwin, AF_LINK 18, sockaddr_dl's sdl_index at 2);
 *     NetBSD, OpenBSD and DragonFly have none.
 *   - descriptors received with SCM_RIGHTS (SOL_SOCKET 0xffff, type 1):
 *     close-on-exec by MSG_CMSG_CLOEXEC where the flavour has it, by fcntl
 *     right after recvmsg on Darwin, which has not.
 * Nothing reaches a BSD kernel; sockets are real Linux UDP sockets so
 * core's bind and getsockname work. On Linux the backend's portable files
 * are compiled into test_bsd_translation.c. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../../backends/bsd/bsd_int.h"
#include "file_int.h"
#include "bsd_flavours_test.h"
#include "xnet/ipv4.h"
#include "xnet/ipv4_header.h"
#include "xnet/stack.h"
#include "xnet_test.h"

BSD_TEST_FLAVOURS(NULL)

/* ---- the recorder ---- */

static struct {
  int hdrincl_sets; /* setsockopt(IPPROTO_IP, IP_HDRINCL 2) seen */
  uint8_t hdrincl_val[4];
  uint8_t sent[128]; /* the bytes of the last sendmsg */
  size_t sent_len;
  int recv_flags;
  uint8_t pkt[128]; /* what the fake recvmsg delivers */
  size_t pkt_len;
  uint8_t ctl[128];
  size_t ctl_len;
  int cloexec_calls; /* fcntl(fd, F_SETFD, FD_CLOEXEC) */
  int getifmaddrs_calls, freeifmaddrs_calls;
  const xnet_bsd_ifmaddrs *mlist;
} rec;

static void reset(void) { memset(&rec, 0, sizeof rec); }

/* Every socket, raw ones included, is a Linux UDP socket. */
static int fake_socket(int domain, int type, int protocol) {
  (void)type;
  (void)protocol;
  return socket(domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

static int fake_setsockopt(int fd, int level, int name, const void *val,
                           socklen_t len) {
  (void)fd;
  if (level == 0 && name == 2 && len == 4) {
    rec.hdrincl_sets++;
    memcpy(rec.hdrincl_val, val, 4);
  }
  return 0;
}

static ssize_t fake_sendmsg(int fd, const struct msghdr *m, int flags) {
  (void)fd;
  (void)flags;
  size_t n = 0;
  for (size_t i = 0; i < (size_t)m->msg_iovlen; i++) {
    size_t k = m->msg_iov[i].iov_len;
    if (n + k <= sizeof rec.sent)
      memcpy(rec.sent + n, m->msg_iov[i].iov_base, k);
    n += k;
  }
  rec.sent_len = n;
  return (ssize_t)n;
}

static ssize_t fake_recvmsg(int fd, struct msghdr *m, int flags) {
  (void)fd;
  rec.recv_flags = flags;
  size_t n = rec.pkt_len;
  if (m->msg_iovlen > 0 && n > m->msg_iov[0].iov_len) n = m->msg_iov[0].iov_len;
  if (n) memcpy(m->msg_iov[0].iov_base, rec.pkt, n);
  fake_recv_rest(m, 0x7F000001, 0, rec.ctl, rec.ctl_len);
  return (ssize_t)n;
}

static int fake_fcntl(int fd, int cmd, int arg) {
  if (cmd == F_SETFD && arg == FD_CLOEXEC) rec.cloexec_calls++;
  return fcntl(fd, cmd, arg);
}

static int fake_getifmaddrs(struct ifmaddrs **list) {
  rec.getifmaddrs_calls++;
  *list = (struct ifmaddrs *)(uintptr_t)rec.mlist;
  return 0;
}
static void fake_freeifmaddrs(struct ifmaddrs *list) {
  (void)list;
  rec.freeifmaddrs_calls++;
}

static int suite_init(void) {
  xnet_posix_syscalls t;
  BSD_FAKE_SYSCALLS(t);
  t.fcntl = fake_fcntl;
  t.getifmaddrs = fake_getifmaddrs;
  t.freeifmaddrs = fake_freeifmaddrs;
  return bsd_stacks_open(flavour_ops, &t);
}

static int suite_cleanup(void) { return bsd_stacks_close(); }

/* ---- raw IPv4 headers ---- */

/* 1: the flavour's raw sockets use host order (little-endian here). */
static const int raw_host_order[NFLAVOURS] = {0, 1, 0, 1, 1};

static void test_bsd_host_ops_raw_ipv4_profile_flags(void) {
  for (int f = 0; f < NFLAVOURS; f++) {
    const xnet_profile *p = xnet__stack_ops(stacks[f])->profile;
    if (p->ipv4_raw_host_order != raw_host_order[f])
      xt_fail(__LINE__, __FILE__, "%s: ipv4_raw_host_order %d, want %d",
              flavour_name[f], p->ipv4_raw_host_order, raw_host_order[f]);
  }
}

static xnet_conn *raw_conn(int f) { return loopback4_conn(f, XNET_KIND_IP, "ip4:1"); }

/* A header-included write: an ICMP echo of 8 bytes in a fragment (MF,
 * offset 185 units: the 16-bit field 0x20b9), total length 28. */
static void test_bsd_host_ops_raw_ipv4_write(void) {
  static const uint8_t echo[8] = {8, 0, 0xf7, 0xfe, 0, 1, 0, 0};
  for (int f = 0; f < NFLAVOURS; f++) {
    xnet_conn *c = raw_conn(f);
    if (!c) return;
    reset();
    XT_ASSERT_OK(xnet_ipv4_raw_init(c));
    /* IP_HDRINCL 2 at IPPROTO_IP, an int 1 (netinet/in.h of all five) */
    XT_ASSERT_INT_EQ(rec.hdrincl_sets, 1);
    const uint8_t one[4] = {1, 0, 0, 0};
    XT_ASSERT_MEM_EQ(rec.hdrincl_val, 4, one, 4);
    xnet_ipv4_header h;
    memset(&h, 0, sizeof h);
    h.tos = 0x10;
    h.id = 0x1234;
    h.flags = XNET_IPV4_FLAG_MORE_FRAGMENTS;
    h.frag_off = 185;
    h.ttl = 64;
    h.protocol = 1;
    const uint8_t dst[4] = {127, 0, 0, 1};
    memcpy(h.dst, dst, 4);
    XT_ASSERT_INT_EQ(xnet_ipv4_raw_write_to(c, &h, echo, sizeof echo, NULL),
                     28);
    XT_ASSERT_UINT_EQ(rec.sent_len, 28);
    uint8_t want[28] = {0x45, 0x10, 0, 28, 0x12, 0x34, 0x20, 0xb9,
                        64,   1,    0, 0,  0,    0,    0,    0,
                        127,  0,    0, 1};
    if (raw_host_order[f]) { /* ip_len, ip_off as the host's u_short */
      want[2] = 28;
      want[3] = 0;
      want[6] = 0xb9;
      want[7] = 0x20;
    }
    memcpy(want + 20, echo, sizeof echo);
    if (memcmp(rec.sent, want, sizeof want) != 0)
      xt_fail_mem(__LINE__, __FILE__, flavour_name[f], rec.sent, rec.sent_len,
                  want, sizeof want);
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}

/* A received header as each kernel hands it over: on the host-order
 * flavours ip_len has the 20 header bytes taken off and both fields are
 * little-endian; the parse gives the same header everywhere. */
static void test_bsd_host_ops_raw_ipv4_read(void) {
  static const uint8_t reply[8] = {0, 0, 0xff, 0xfe, 0, 1, 0, 0};
  for (int f = 0; f < NFLAVOURS; f++) {
    xnet_conn *c = raw_conn(f);
    if (!c) return;
    reset();
    uint8_t pkt[28] = {0x45, 0, 0, 28, 0xab, 0xcd, 0x20, 0xb9,
                       63,   1, 0, 0,  127,  0,    0,    1,
                       127,  0, 0, 1};
    if (raw_host_order[f]) {
      pkt[2] = 8; /* 28 - 20 */
      pkt[3] = 0;
      pkt[6] = 0xb9;
      pkt[7] = 0x20;
    }
    memcpy(pkt + 20, reply, sizeof reply);
    memcpy(rec.pkt, pkt, sizeof pkt);
    rec.pkt_len = sizeof pkt;
    uint8_t buf[64];
    xnet_ipv4_header h;
    const uint8_t *payload = NULL;
    size_t payload_len = 0;
    int n = xnet_ipv4_raw_read_from(c, buf, sizeof buf, &h, &payload,
                                    &payload_len, NULL);
    XT_ASSERT_INT_EQ(n, 28);
    if (h.total_len != 28 || h.flags != XNET_IPV4_FLAG_MORE_FRAGMENTS ||
        h.frag_off != 185)
      xt_fail(__LINE__, __FILE__,
              "%s: total_len %u flags %u frag_off %u, want 28 1 185",
              flavour_name[f], h.total_len, h.flags, h.frag_off);
    XT_ASSERT_INT_EQ(h.len, 20);
    XT_ASSERT_INT_EQ(h.id, 0xabcd);
    XT_ASSERT_INT_EQ(h.ttl, 63);
    XT_ASSERT_INT_EQ(h.protocol, 1);
    XT_ASSERT_MEM_EQ(payload, payload_len, reply, sizeof reply);
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}

/* ---- multicast groups per interface ---- */

/* sockaddr_dl with sdl_len 20, AF_LINK 18, sdl_index (host order). */
#define SDL(idx) {20, 18, (idx), 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

static void test_bsd_host_ops_multicast_addrs(void) {
  static const uint8_t sdl5[20] = SDL(5), sdl1[20] = SDL(1);
  /* link-layer group 01:00:5e:00:00:01 (skipped) */
  static const uint8_t link_group[20] = {20, 18, 5, 0, 6, 0, 6, 0,
                                         1,  0,  0x5e, 0, 0, 1};
  static const uint8_t in_224[16] = {16, 2, 0, 0, 224, 0, 0, 1};
  static const uint8_t in_239[16] = {16, 2, 0, 0, 239, 1, 1, 1};
  static const uint8_t in_short[16] = {6, 2, 0, 0, 239, 9, 9, 9}; /* sa_len 6 */
  static const uint8_t ff02_kame[16] = {0xff, 2, 0, 5, 0, 0, 0, 0,
                                        0,    0, 0, 1, 0xff, 0, 0, 1};
  static const uint8_t ff0e[16] = {0xff, 0x0e, 0x12, 0x34, 0, 0, 0, 0,
                                   0,    0,    0,    0,    0, 0, 0, 5};
  for (int f = 0; f < NFLAVOURS; f++) {
    const xnet_backend_ops *ops = xnet__stack_ops(stacks[f]);
    void *inst = xnet__stack_instance(stacks[f]);
    uint8_t af6 = f == DARWIN ? 30 : 28;
    uint8_t sin6_a[28] = {28, af6}, sin6_b[28] = {28, af6};
    memcpy(sin6_a + 8, ff02_kame, 16);
    memcpy(sin6_b + 8, ff0e, 16);
    xnet_bsd_ifmaddrs nodes[6] = {
        {&nodes[1], sdl5, link_group, NULL},
        {&nodes[2], sdl5, sin6_a, NULL},
        {&nodes[3], sdl5, in_224, NULL},
        {&nodes[4], sdl1, in_239, NULL},
        {&nodes[5], sdl1, sin6_b, NULL},
        {NULL, sdl1, in_short, NULL},
    };
    reset();
    rec.mlist = &nodes[0];
    xnet_ip out[8];
    int n = ops->multicast_addrs(inst, 0, out, 8);
    if (f == NETBSD || f == OPENBSD || f == DRAGONFLY) {
      XT_ASSERT_ERR(n, XNET_ENOTSUP);
      XT_ASSERT_INT_EQ(rec.getifmaddrs_calls, 0);
      continue;
    }
    XT_ASSERT_INT_EQ(n, 4);
    XT_ASSERT_INT_EQ(rec.getifmaddrs_calls, 1);
    XT_ASSERT_INT_EQ(rec.freeifmaddrs_calls, 1);
    /* IPv4 first, in list order; the KAME scope bytes of ff02:5::1:ff00:1
     * cleared, a global group's bytes 2-3 kept. */
    const uint8_t ff02[16] = {0xff, 2, 0, 0, 0, 0, 0, 0,
                              0,    0, 0, 1, 0xff, 0, 0, 1};
    XT_ASSERT_MEM_EQ(out[0].bytes, out[0].len, in_224 + 4, 4);
    XT_ASSERT_MEM_EQ(out[1].bytes, out[1].len, in_239 + 4, 4);
    XT_ASSERT_MEM_EQ(out[2].bytes, out[2].len, ff02, 16);
    XT_ASSERT_MEM_EQ(out[3].bytes, out[3].len, ff0e, 16);
    /* one interface */
    XT_ASSERT_INT_EQ(ops->multicast_addrs(inst, 5, out, 8), 2);
    XT_ASSERT_MEM_EQ(out[0].bytes, out[0].len, in_224 + 4, 4);
    XT_ASSERT_MEM_EQ(out[1].bytes, out[1].len, ff02, 16);
    XT_ASSERT_INT_EQ(ops->multicast_addrs(inst, 1, out, 8), 2);
    XT_ASSERT_MEM_EQ(out[0].bytes, out[0].len, in_239 + 4, 4);
    XT_ASSERT_MEM_EQ(out[1].bytes, out[1].len, ff0e, 16);
    XT_ASSERT_INT_EQ(ops->multicast_addrs(inst, 7, out, 8), 0);
    /* a short buffer: the total, the first entries filled */
    memset(out, 0xaa, sizeof out);
    XT_ASSERT_INT_EQ(ops->multicast_addrs(inst, 0, out, 1), 4);
    XT_ASSERT_MEM_EQ(out[0].bytes, out[0].len, in_224 + 4, 4);
    XT_ASSERT_INT_EQ(out[1].bytes[0], 0xaa);
    XT_ASSERT_ERR(ops->multicast_addrs(inst, -1, out, 8), XNET_EINVAL);
    XT_ASSERT_INT_EQ(rec.getifmaddrs_calls, rec.freeifmaddrs_calls);
  }
}

/* ---- received descriptors ---- */

/* One control message in the flavour's layout: a 12-byte header {u32 len,
 * i32 level, i32 type}, data at the header rounded up to align. len is
 * what cmsg_len says (a truncated message claims more than it has). */
static size_t put_cmsg(uint8_t *b, size_t at, size_t align, uint32_t len,
                       int level, int type, const void *data, size_t n) {
  size_t hdr = (12 + align - 1) & ~(align - 1);
  int32_t lv = level, ty = type;
  memcpy(b + at, &len, 4);
  memcpy(b + at + 4, &lv, 4);
  memcpy(b + at + 8, &ty, 4);
  memcpy(b + at + hdr, data, n);
  return at + ((hdr + n + align - 1) & ~(align - 1));
}

static int is_cloexec(int fd) {
  int fl = fcntl(fd, F_GETFD);
  return fl >= 0 && (fl & FD_CLOEXEC);
}

/* Receives rec.ctl on flavour f; returns what ops->recvmsg returned. */
static int recv_ctl(int f) {
  const xnet_backend_ops *ops = xnet__stack_ops(stacks[f]);
  void *inst = xnet__stack_instance(stacks[f]);
  int s;
  int rc = ops->socket(inst, XNET_AF_UNIX, XNET_SOCK_DGRAM, 0, &s);
  if (rc < 0) return rc;
  rec.pkt[0] = 'x';
  rec.pkt_len = 1;
  char buf[8];
  struct iovec iov = {buf, sizeof buf};
  uint8_t oob[128];
  xnet_backend_msg m;
  memset(&m, 0, sizeof m);
  m.iov = &iov;
  m.iov_len = 1;
  m.oob = oob;
  m.oob_cap = sizeof oob;
  rec.cloexec_calls = 0;
  rc = ops->recvmsg(inst, s, &m, 0);
  ops->close(inst, s);
  return rc;
}

static void test_bsd_host_ops_received_fds_close_on_exec(void) {
  int p[2], q[2];
  XT_ASSERT_INT_EQ(pipe(p), 0);
  XT_ASSERT_INT_EQ(pipe(q), 0);
  int32_t fds[3] = {p[0], p[1], q[0]};
  const uint8_t ttl = 9;
  /* Darwin: no MSG_CMSG_CLOEXEC; SCM_RIGHTS after an IP_RECVTTL message,
   * alignment 4: every descriptor gets FD_CLOEXEC with fcntl. */
  reset();
  size_t n = put_cmsg(rec.ctl, 0, 4, 13, 0, 24, &ttl, 1);
  rec.ctl_len = put_cmsg(rec.ctl, n, 4, 12 + 8, 0xffff, 1, fds, 8);
  XT_ASSERT_INT_EQ(recv_ctl(DARWIN), 1);
  XT_ASSERT_INT_EQ(rec.recv_flags, 0);
  XT_ASSERT_INT_EQ(rec.cloexec_calls, 2);
  XT_ASSERT(is_cloexec(p[0]) && is_cloexec(p[1]));
  XT_ASSERT(!is_cloexec(q[0]));
  /* cut short (MSG_CTRUNC): cmsg_len claims three, two arrived */
  XT_ASSERT_INT_EQ(fcntl(p[0], F_SETFD, 0), 0);
  reset();
  rec.ctl_len = put_cmsg(rec.ctl, 0, 4, 12 + 12, 0xffff, 1, fds, 8);
  XT_ASSERT_UINT_EQ(rec.ctl_len, 20);
  XT_ASSERT_INT_EQ(recv_ctl(DARWIN), 1);
  XT_ASSERT_INT_EQ(rec.cloexec_calls, 2);
  XT_ASSERT(is_cloexec(p[0]));
  /* no control data: no call */
  reset();
  XT_ASSERT_INT_EQ(recv_ctl(DARWIN), 1);
  XT_ASSERT_INT_EQ(rec.cloexec_calls, 0);
  /* a malformed header (cmsg_len 4, shorter than the header) or a header
   * cut short: nothing read past it, no call, the message still returned */
  reset();
  rec.ctl_len = put_cmsg(rec.ctl, 0, 4, 4, 0xffff, 1, fds, 8);
  XT_ASSERT_INT_EQ(recv_ctl(DARWIN), 1);
  XT_ASSERT_INT_EQ(rec.cloexec_calls, 0);
  reset();
  put_cmsg(rec.ctl, 0, 4, 20, 0xffff, 1, fds, 8);
  rec.ctl_len = 10;
  XT_ASSERT_INT_EQ(recv_ctl(DARWIN), 1);
  XT_ASSERT_INT_EQ(rec.cloexec_calls, 0);
  /* FreeBSD asks the kernel (MSG_CMSG_CLOEXEC 0x40000) and makes no
   * call of its own: q[0] stays as the fake kernel left it. */
  reset();
  rec.ctl_len = put_cmsg(rec.ctl, 0, 8, 12 + 4, 0xffff, 1, &fds[2], 4);
  XT_ASSERT_INT_EQ(recv_ctl(FREEBSD), 1);
  XT_ASSERT_INT_EQ(rec.recv_flags, 0x40000);
  XT_ASSERT_INT_EQ(rec.cloexec_calls, 0);
  XT_ASSERT(!is_cloexec(q[0]));
  close(p[0]);
  close(p[1]);
  close(q[0]);
  close(q[1]);
}

XT_SUITE(backends, bsd_host_ops, suite_init, suite_cleanup,
         XT_TEST(test_bsd_host_ops_raw_ipv4_profile_flags),
         XT_TEST_IF(test_bsd_host_ops_raw_ipv4_write, need_little_endian),
         XT_TEST_IF(test_bsd_host_ops_raw_ipv4_read, need_little_endian),
         XT_TEST_IF(test_bsd_host_ops_multicast_addrs, need_little_endian),
         XT_TEST_IF(test_bsd_host_ops_received_fds_close_on_exec,
                    need_little_endian));
