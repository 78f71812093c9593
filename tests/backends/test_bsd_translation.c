/* test_bsd_translation.c — the BSD backend's translation code, run on
 * Linux. The flavour tables and translation ops of backends/bsd use no BSD
 * header (bsd_int.h), so they are compiled into this suite and driven
 * through a recording syscall table, once per flavour (FreeBSD, NetBSD,
 * OpenBSD, DragonFly, Darwin): which (level, option name, value bytes) a
 * portable option or an IP-level operation issues (group options in the
 * RFC 3678 form on FreeBSD and Darwin, the 4.4BSD in_addr / ip_mreq /
 * ipv6_mreq form elsewhere, with ListenMulticastUDP and the x/net
 * join / leave / multicast interface run through core), the
 * flags every socket, send and receive carries, what is refused with
 * XNET_ENOTSUP (SCTP but on FreeBSD, source-specific joins where the OS
 * has no SSM API, the IPv4 ICMP filter, BPF), and how BSD-layout control
 * messages handed back by recvmsg come out of xnet_ipv4_read_from. The
 * backend's portable files are compiled here once for the whole test
 * binary (test_bsd_host_ops.c and test_bsd_sctp.c use them too). Nothing
 * reaches a BSD kernel: the recorder answers setsockopt itself (BSD
 * numbers mean other things to Linux); sockets are real Linux UDP/TCP
 * sockets so core's bookkeeping (bind, getsockname) works.
 *
 * Vectors are the documented header values, named per row:
 *   SOL_SOCKET 0xffff and SO_* (sys/socket.h of each BSD and xnu);
 *   TCP_KEEP* (netinet/tcp.h: FreeBSD/DragonFly 256/512/1024, NetBSD
 *   3/5/6, Darwin TCP_KEEPALIVE 0x10, 0x101, 0x102; OpenBSD none);
 *   SO_LINGER_SEC 0x1080, SO_NOSIGPIPE 0x1022 (Darwin sys/socket.h);
 *   IP_TTL 4, IP_MULTICAST_TTL 10 (u_char), IP_MULTICAST_LOOP 11 (u_char),
 *   IPV6_MULTICAST_IF 9, IPV6_MULTICAST_LOOP 11, IPV6_V6ONLY 27
 *   (netinet/in.h, netinet6/in6.h); IP_RECVTTL 65 on FreeBSD, 24 on
 *   Darwin; IP_RECVDSTADDR 7; IP_PKTINFO 26 (Darwin);
 *   SOCK_NONBLOCK|SOCK_CLOEXEC 0x30000000 (FreeBSD, NetBSD, DragonFly),
 *   0xC000 (OpenBSD); MSG_NOSIGNAL 0x20000 / MSG_CMSG_CLOEXEC 0x40000
 *   (FreeBSD), 0x400 / 0x800 (NetBSD, OpenBSD), 0x400 / 0x1000
 *   (DragonFly); MCAST_JOIN_GROUP 80, MCAST_LEAVE_GROUP 81 (FreeBSD
 *   sys/netinet/in.h, Darwin netinet/in.h); without RFC 3678 (NetBSD,
 *   OpenBSD, DragonFly sys/netinet/in.h, netinet6/in6.h): IP_MULTICAST_IF
 *   9 with an in_addr, IP_ADD_MEMBERSHIP 12 / IP_DROP_MEMBERSHIP 13 with
 *   struct ip_mreq, IPV6_JOIN_GROUP 12 / IPV6_LEAVE_GROUP 13 with struct
 *   ipv6_mreq {in6_addr; unsigned ifindex}, and no source-specific API at
 *   all. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* On a BSD host the library holds these; on Linux the suite builds them. */
#if defined(__linux__)
#include "../../backends/bsd/flavours.c"
#include "../../backends/bsd/group.c"
#include "../../backends/bsd/maddrs.c"
#include "../../backends/bsd/recv.c"
#include "../../backends/bsd/sctp.c"
#include "../../backends/bsd/sockopt.c"
#else
#include "../../backends/bsd/bsd_int.h"
#endif
#include "file_int.h"
#include "bsd_flavours_test.h"
#include "xnet/interface.h"
#include "xnet/ipv4.h"
#include "xnet/ipv6.h"
#include "xnet/op_error.h"
#include "xnet/stack.h"
#include "xnet_test.h"

#define F_ALL 0x1f
#define F(x) (1u << (x))

BSD_TEST_FLAVOURS(NULL)

/* ---- the recorder ---- */

typedef struct set_rec {
  int level, name;
  uint8_t val[300];
  size_t len;
} set_rec;

static struct {
  set_rec sets[8];
  int nsets;
  int nsockets;
  int socket_type, socket_proto;
  int send_flags, recv_flags;
  /* what the fake recvmsg hands back */
  uint8_t ctl[128];
  size_t ctl_len;
} rec;

static int fake_socket(int domain, int type, int protocol) {
  rec.nsockets++;
  rec.socket_type = type;
  rec.socket_proto = protocol;
  return socket(domain, (type & 0xf) | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
}

static int fake_setsockopt(int fd, int level, int name, const void *val,
                           socklen_t len) {
  (void)fd;
  if (rec.nsets < 8) {
    set_rec *r = &rec.sets[rec.nsets];
    r->level = level;
    r->name = name;
    r->len = len;
    memcpy(r->val, val, len < sizeof r->val ? len : sizeof r->val);
  }
  rec.nsets++;
  return 0;
}

static ssize_t fake_sendmsg(int fd, const struct msghdr *m, int flags) {
  (void)fd;
  rec.send_flags = flags;
  size_t n = 0;
  for (size_t i = 0; i < (size_t)m->msg_iovlen; i++) n += m->msg_iov[i].iov_len;
  return (ssize_t)n;
}

/* One datagram "abc" from 192.0.2.1:53 with rec.ctl as control data. */
static ssize_t fake_recvmsg(int fd, struct msghdr *m, int flags) {
  (void)fd;
  rec.recv_flags = flags;
  static const char data[] = "abc";
  if (m->msg_iovlen > 0 && m->msg_iov[0].iov_len >= 3)
    memcpy(m->msg_iov[0].iov_base, data, 3);
  fake_recv_rest(m, 0xC0000201, 53, rec.ctl, rec.ctl_len); /* 192.0.2.1:53 */
  return 3;
}

/* The interface list the stacks see (Linux struct ifaddrs: the POSIX
 * code reads it with the build host's headers): em0 (index 5) with an
 * IPv6 address first, then 192.0.2.7 and 192.0.2.8; gif0 (index 6) with
 * IPv6 only; lo0 (index 1) with 127.0.0.1. */
static struct sockaddr_in if_v4[3];
static struct sockaddr_in6 if_v6[2];
static struct ifaddrs if_list[6];

static void if_list_build(void) {
  static const struct {
    const char *name;
    int v4; /* index into if_v4, or -1 for the next IPv6 */
  } rows[6] = {{"em0", -1}, {"em0", 0}, {"em0", 1},
               {"gif0", -1}, {"lo0", 2}, {NULL, 0}};
  static const uint32_t v4[3] = {0xC0000207, 0xC0000208, 0x7F000001};
  int next6 = 0;
  for (int i = 0; i < 5; i++) {
    struct ifaddrs *e = &if_list[i];
    memset(e, 0, sizeof *e);
    e->ifa_name = (char *)(uintptr_t)rows[i].name;
    e->ifa_flags = IFF_UP | IFF_MULTICAST;
    e->ifa_next = i < 4 ? &if_list[i + 1] : NULL;
    if (rows[i].v4 >= 0) {
      struct sockaddr_in *a = &if_v4[rows[i].v4];
      memset(a, 0, sizeof *a);
      a->sin_family = AF_INET;
      a->sin_addr.s_addr = htonl(v4[rows[i].v4]);
      e->ifa_addr = (struct sockaddr *)a;
    } else {
      struct sockaddr_in6 *a = &if_v6[next6++];
      memset(a, 0, sizeof *a);
      a->sin6_family = AF_INET6;
      a->sin6_addr.s6_addr[0] = 0xfe;
      a->sin6_addr.s6_addr[1] = 0x80;
      a->sin6_addr.s6_addr[15] = (uint8_t)next6;
      e->ifa_addr = (struct sockaddr *)a;
    }
  }
}

static int fake_getifaddrs(struct ifaddrs **list) {
  *list = &if_list[0];
  return 0;
}
static void fake_freeifaddrs(struct ifaddrs *list) { (void)list; }
static unsigned fake_if_nametoindex(const char *name) {
  if (strcmp(name, "em0") == 0) return 5;
  if (strcmp(name, "gif0") == 0) return 6;
  if (strcmp(name, "lo0") == 0) return 1;
  return 0;
}

static int suite_init(void) {
  xnet_posix_syscalls t;
  BSD_FAKE_SYSCALLS(t);
  t.getifaddrs = fake_getifaddrs;
  t.freeifaddrs = fake_freeifaddrs;
  t.if_nametoindex = fake_if_nametoindex;
  if_list_build();
  return bsd_stacks_open(flavour_ops, &t);
}

static int suite_cleanup(void) { return bsd_stacks_close(); }

static void reset(void) {
  int nsockets = rec.nsockets;
  memset(&rec, 0, sizeof rec);
  rec.nsockets = nsockets;
}

/* ---- portable socket options ---- */

typedef struct option_case {
  unsigned flavours; /* F() mask the row applies to */
  xnet_sockopt opt;
  int value;
  int level, name; /* -1: XNET_ENOTSUP, nothing issued */
  uint8_t bytes[8];
  size_t len;
} option_case;

#define I4(a, b, c, d) {a, b, c, d}, 4
#define NOTSUP -1, -1, {0}, 0
static const option_case cases[] = {
    {F_ALL, XNET_SO_REUSEADDR, 1, 0xffff, 0x0004, I4(1, 0, 0, 0)},
    {F_ALL, XNET_SO_REUSEPORT, 1, 0xffff, 0x0200, I4(1, 0, 0, 0)},
    {F_ALL, XNET_SO_KEEPALIVE, 1, 0xffff, 0x0008, I4(1, 0, 0, 0)},
    /* struct linger {int l_onoff; int l_linger}, seconds */
    {F_ALL & ~F(DARWIN), XNET_SO_LINGER, 7, 0xffff, 0x0080,
     {1, 0, 0, 0, 7, 0, 0, 0}, 8},
    {F(DARWIN), XNET_SO_LINGER, 7, 0xffff, 0x1080, {1, 0, 0, 0, 7, 0, 0, 0}, 8},
    {F_ALL, XNET_SO_RCVBUF, 65536, 0xffff, 0x1002, I4(0, 0, 1, 0)},
    {F_ALL, XNET_SO_SNDBUF, 32768, 0xffff, 0x1001, I4(0, 0x80, 0, 0)},
    {F_ALL, XNET_SO_BROADCAST, 1, 0xffff, 0x0020, I4(1, 0, 0, 0)},
    {F_ALL, XNET_SO_PASSCRED, 1, NOTSUP},
    {F_ALL, XNET_TCP_NODELAY, 1, 6, 1, I4(1, 0, 0, 0)},
    {F(FREEBSD), XNET_TCP_KEEPIDLE, 30, 6, 256, I4(30, 0, 0, 0)},
    {F(NETBSD), XNET_TCP_KEEPIDLE, 30, 6, 3, I4(30, 0, 0, 0)},
    {F(OPENBSD), XNET_TCP_KEEPIDLE, 30, NOTSUP},
    {F(DRAGONFLY), XNET_TCP_KEEPIDLE, 30, 6, 256, I4(0x30, 0x75, 0, 0)},
    {F(DARWIN), XNET_TCP_KEEPIDLE, 30, 6, 0x10, I4(30, 0, 0, 0)},
    {F(FREEBSD), XNET_TCP_KEEPINTVL, 10, 6, 512, I4(10, 0, 0, 0)},
    {F(NETBSD), XNET_TCP_KEEPINTVL, 10, 6, 5, I4(10, 0, 0, 0)},
    {F(OPENBSD), XNET_TCP_KEEPINTVL, 10, NOTSUP},
    {F(DRAGONFLY), XNET_TCP_KEEPINTVL, 10, 6, 512, I4(0x10, 0x27, 0, 0)},
    {F(DARWIN), XNET_TCP_KEEPINTVL, 10, 6, 0x101, I4(10, 0, 0, 0)},
    {F(FREEBSD) | F(DRAGONFLY), XNET_TCP_KEEPCNT, 4, 6, 1024, I4(4, 0, 0, 0)},
    {F(NETBSD), XNET_TCP_KEEPCNT, 4, 6, 6, I4(4, 0, 0, 0)},
    {F(OPENBSD), XNET_TCP_KEEPCNT, 4, NOTSUP},
    {F(DARWIN), XNET_TCP_KEEPCNT, 4, 6, 0x102, I4(4, 0, 0, 0)},
    {F_ALL, XNET_IPV6_V6ONLY, 1, 41, 27, I4(1, 0, 0, 0)},
    /* u_char on the BSDs (the profiles' XNET_SO_KIND_BYTE) */
    {F_ALL, XNET_IP_MULTICAST_LOOP, 0, 0, 11, {0}, 1},
    {F_ALL, XNET_IPV6_MULTICAST_IF, 3, 41, 9, I4(3, 0, 0, 0)},
    {F_ALL, XNET_IPV6_MULTICAST_LOOP, 1, 41, 11, I4(1, 0, 0, 0)},
    /* Linux-only (SO_RCVBUFFORCE / SO_SNDBUFFORCE; no BSD has them) */
    {F_ALL, XNET_SO_RCVBUFFORCE, 65536, NOTSUP},
    {F_ALL, XNET_SO_SNDBUFFORCE, 65536, NOTSUP},
};
#undef I4
#undef NOTSUP
#define NCASES (sizeof cases / sizeof cases[0])

static void test_bsd_translation_every_option_has_a_vector_per_flavour(void) {
  for (int f = 0; f < NFLAVOURS; f++)
    for (int opt = 1; opt < XNET_SOCKOPT__MAX; opt++) {
      if (opt == XNET_SO_ERROR || opt == XNET_SO_TYPE) continue;
      if (opt == XNET_IP_MULTICAST_IF || opt == XNET_IP_MCAST_JOIN_GROUP ||
          opt == XNET_IPV6_MCAST_JOIN_GROUP ||
          opt == XNET_IP_MCAST_LEAVE_GROUP ||
          opt == XNET_IPV6_MCAST_LEAVE_GROUP)
        continue; /* ops->setsockopt_group, tested below */
      size_t i = 0;
      while (i < NCASES &&
             !((int)cases[i].opt == opt && (cases[i].flavours & F(f))))
        i++;
      if (i == NCASES)
        xt_fail(__LINE__, __FILE__, "%s: no vector for option %d",
                flavour_name[f], opt);
    }
}

static void test_bsd_translation_options_issue_exact_bytes(void) {
  for (int f = 0; f < NFLAVOURS; f++) {
    const xnet_backend_ops *ops = xnet__stack_ops(stacks[f]);
    void *inst = xnet__stack_instance(stacks[f]);
    int s;
    XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET6, XNET_SOCK_DGRAM, 0, &s));
    for (size_t i = 0; i < NCASES; i++) {
      const option_case *c = &cases[i];
      if (!(c->flavours & F(f))) continue;
      reset();
      int rc = ops->setsockopt(inst, s, c->opt, c->value);
      if (c->level == -1) {
        if (rc != XNET_ENOTSUP || rec.nsets != 0)
          xt_fail(__LINE__, __FILE__, "%s case %zu: got %s, %d calls",
                  flavour_name[f], i, xt_err_name(rc), rec.nsets);
        continue;
      }
      if (rc != 0 || rec.nsets != 1 || rec.sets[0].level != c->level ||
          rec.sets[0].name != c->name || rec.sets[0].len != c->len ||
          memcmp(rec.sets[0].val, c->bytes, c->len) != 0)
        xt_fail(__LINE__, __FILE__,
                "%s case %zu (option %d): rc %s, %d calls, (%d, %#x, %zu "
                "bytes) want (%d, %#x, %zu bytes)",
                flavour_name[f], i, (int)c->opt, xt_err_name(rc), rec.nsets,
                rec.sets[0].level, (unsigned)rec.sets[0].name, rec.sets[0].len,
                c->level, (unsigned)c->name, c->len);
    }
    ops->close(inst, s);
  }
}

/* Every socket is created non-blocking and close-on-exec with the
 * flavour's own flag bits; Darwin, which has none, gets the emulation in
 * the host table and SO_NOSIGPIPE on the socket instead of MSG_NOSIGNAL. */
static void test_bsd_translation_socket_send_recv_flags(void) {
  static const int type_flags[NFLAVOURS] = {0x30000000, 0x30000000, 0xC000,
                                            0x30000000, 0};
  static const int send_flags[NFLAVOURS] = {0x20000, 0x400, 0x400, 0x400, 0};
  static const int recv_flags[NFLAVOURS] = {0x40000, 0x800, 0x800, 0x1000, 0};
  for (int f = 0; f < NFLAVOURS; f++) {
    const xnet_backend_ops *ops = xnet__stack_ops(stacks[f]);
    void *inst = xnet__stack_instance(stacks[f]);
    reset();
    int s;
    XT_ASSERT_OK(ops->socket(inst, XNET_AF_INET, XNET_SOCK_DGRAM, 0, &s));
    XT_ASSERT_INT_EQ(rec.socket_type, SOCK_DGRAM | type_flags[f]);
    if (f == DARWIN) {
      XT_ASSERT_INT_EQ(rec.nsets, 1);
      XT_ASSERT_INT_EQ(rec.sets[0].level, 0xffff);
      XT_ASSERT_INT_EQ(rec.sets[0].name, 0x1022);
      const int one = 1;
      XT_ASSERT_MEM_EQ(rec.sets[0].val, rec.sets[0].len, &one, sizeof one);
    } else {
      XT_ASSERT_INT_EQ(rec.nsets, 0);
    }
    char buf[8] = "xy";
    struct iovec iov = {buf, 2};
    xnet_backend_msg m;
    memset(&m, 0, sizeof m);
    m.iov = &iov;
    m.iov_len = 1;
    m.addr.family = XNET_AF_INET;
    m.addr.port = 9;
    xnet_ip_v4(127, 0, 0, 1, &m.addr.ip);
    XT_ASSERT_INT_EQ(ops->sendmsg(inst, s, &m, 0), 2);
    XT_ASSERT_INT_EQ(rec.send_flags, send_flags[f]);
    iov.iov_len = sizeof buf;
    memset(&m, 0, sizeof m);
    m.iov = &iov;
    m.iov_len = 1;
    XT_ASSERT_INT_EQ(ops->recvmsg(inst, s, &m, 0), 3);
    XT_ASSERT_INT_EQ(rec.recv_flags, recv_flags[f]);
    XT_ASSERT_UINT_EQ(m.n, 3);
    ops->close(inst, s);
  }
}

/* Kernel SCTP is FreeBSD's only (test_bsd_sctp.c); the others refuse. */
static void test_bsd_translation_sctp_is_not_supported(void) {
  for (int f = 0; f < NFLAVOURS; f++) {
    if (f == FREEBSD) continue;
    const xnet_backend_ops *ops = xnet__stack_ops(stacks[f]);
    void *inst = xnet__stack_instance(stacks[f]);
    reset();
    int before = rec.nsockets, s = 12345;
    XT_ASSERT_ERR(ops->socket(inst, XNET_AF_INET, XNET_SOCK_SEQPACKET, 132, &s),
                  XNET_ENOTSUP);
    XT_ASSERT_INT_EQ(s, -1);
    XT_ASSERT_INT_EQ(rec.nsockets, before); /* no system call */
  }
}

/* ---- multicast groups through the profile's structures ---- */

static xnet_conn *udp_conn(int f) { return loopback4_conn(f, XNET_KIND_UDP, "udp4"); }

static int is_mreq(int f) {
  return f == NETBSD || f == OPENBSD || f == DRAGONFLY;
}

/* One ops->setsockopt_group on a fresh socket of flavour f; the recorder
 * holds what it issued. */
static int group_op(int f, xnet_sockopt opt, int ifindex,
                    const xnet_sockaddr *g) {
  const xnet_backend_ops *ops = xnet__stack_ops(stacks[f]);
  void *inst = xnet__stack_instance(stacks[f]);
  int s;
  int rc = ops->socket(inst, g && g->family == XNET_AF_INET6 ? XNET_AF_INET6
                                                            : XNET_AF_INET,
                       XNET_SOCK_DGRAM, 0, &s);
  if (rc < 0) return rc;
  reset();
  rc = ops->setsockopt_group(inst, s, opt, ifindex, g);
  ops->close(inst, s);
  return rc;
}

/* Asserts one recorded call (level, name, exact bytes). */
#define ASSERT_SET(i, lv, nm, bytes, n)                                    \
  do {                                                                     \
    XT_ASSERT_INT_EQ(rec.sets[i].level, lv);                               \
    XT_ASSERT_INT_EQ(rec.sets[i].name, nm);                                \
    XT_ASSERT_MEM_EQ(rec.sets[i].val, rec.sets[i].len, bytes, n);          \
  } while (0)

/* struct group_req {uint32_t gr_interface; sockaddr_storage gr_group} of
 * flavour f (FreeBSD LP64: group at 8, 136 bytes; Darwin, #pragma
 * pack(4): at 4, 132 bytes) for ifindex and group g (4 or 16 bytes) into
 * out; returns its size. The sockaddr: sin_len 16, AF_INET 2 / sin6_len
 * 28, AF_INET6 28 (FreeBSD) or 30 (Darwin). */
static size_t group_req_bytes(int f, uint8_t ifindex, const uint8_t *g,
                              size_t glen, uint8_t out[136]) {
  size_t off = f == DARWIN ? 4 : 8;
  memset(out, 0, 136);
  out[0] = ifindex;
  if (glen == 4) {
    out[off] = 16;
    out[off + 1] = 2;
    memcpy(out + off + 4, g, 4);
  } else {
    out[off] = 28;
    out[off + 1] = f == DARWIN ? 30 : 28;
    memcpy(out + off + 8, g, 16);
  }
  return off + 128;
}

/* The groups the join tests use: 232.1.2.3 and ff02::fb. */
static void join_groups(xnet_sockaddr *g, xnet_sockaddr *g6) {
  memset(g, 0, sizeof *g);
  g->family = XNET_AF_INET;
  xnet_ip_v4(232, 1, 2, 3, &g->ip);
  memset(g6, 0, sizeof *g6);
  g6->family = XNET_AF_INET6;
  g6->ip.len = 16;
  g6->ip.bytes[0] = 0xff;
  g6->ip.bytes[1] = 0x02;
  g6->ip.bytes[15] = 0xfb;
}

/* RFC 3678 where the flavour has it (FreeBSD, Darwin): MCAST_JOIN_GROUP 80
 * and MCAST_LEAVE_GROUP 81 with struct group_req {uint32_t gr_interface;
 * sockaddr_storage gr_group at 8 (FreeBSD LP64) or 4 (Darwin, #pragma
 * pack(4))}, IP_MULTICAST_IF 9 with struct ip_mreqn {0, 0, ifindex}. */
static void test_bsd_translation_group_req_flavours(void) {
  xnet_sockaddr g, g6;
  join_groups(&g, &g6);
  const int fl[2] = {FREEBSD, DARWIN};
  for (int i = 0; i < 2; i++) {
    int f = fl[i];
    size_t off = f == DARWIN ? 4 : 8;
    XT_ASSERT_OK(group_op(f, XNET_IP_MCAST_JOIN_GROUP, 5, &g));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    XT_ASSERT_INT_EQ(rec.sets[0].level, 0);
    XT_ASSERT_INT_EQ(rec.sets[0].name, 80);
    XT_ASSERT_UINT_EQ(rec.sets[0].len, f == DARWIN ? 132 : 136);
    const uint8_t ifx[4] = {5, 0, 0, 0};
    XT_ASSERT_MEM_EQ(rec.sets[0].val, 4, ifx, 4);
    /* sockaddr_in {sin_len 16, AF_INET 2, port 0, 232.1.2.3} */
    const uint8_t sin[8] = {16, 2, 0, 0, 232, 1, 2, 3};
    XT_ASSERT_MEM_EQ(rec.sets[0].val + off, 8, sin, 8);
    XT_ASSERT_OK(group_op(f, XNET_IP_MULTICAST_IF, 5, NULL));
    const uint8_t mreqn[12] = {0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0};
    ASSERT_SET(0, 0, 9, mreqn, sizeof mreqn);
    /* IPv6: MCAST_JOIN_GROUP 80 at IPPROTO_IPV6 41, a sockaddr_in6
     * {sin6_len 28, AF_INET6 28 (FreeBSD) or 30 (Darwin)} */
    XT_ASSERT_OK(group_op(f, XNET_IPV6_MCAST_JOIN_GROUP, 5, &g6));
    XT_ASSERT_INT_EQ(rec.sets[0].level, 41);
    XT_ASSERT_INT_EQ(rec.sets[0].name, 80);
    const uint8_t sin6[2] = {28, f == DARWIN ? 30 : 28};
    XT_ASSERT_MEM_EQ(rec.sets[0].val + off, 2, sin6, 2);
    XT_ASSERT_MEM_EQ(rec.sets[0].val + off + 8, 16, g6.ip.bytes, 16);
    /* Leaving: MCAST_LEAVE_GROUP 81, the join's structure. */
    uint8_t want[136];
    const uint8_t g4[4] = {232, 1, 2, 3};
    size_t n = group_req_bytes(f, 5, g4, 4, want);
    XT_ASSERT_OK(group_op(f, XNET_IP_MCAST_LEAVE_GROUP, 5, &g));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    ASSERT_SET(0, 0, 81, want, n);
    n = group_req_bytes(f, 5, g6.ip.bytes, 16, want);
    XT_ASSERT_OK(group_op(f, XNET_IPV6_MCAST_LEAVE_GROUP, 5, &g6));
    ASSERT_SET(0, 41, 81, want, n);
    XT_ASSERT_ERR(group_op(f, XNET_IPV6_MCAST_LEAVE_GROUP, 5, &g), XNET_EINVAL);
    XT_ASSERT_INT_EQ(rec.nsets, 0);
  }
}

/* The 4.4BSD forms on NetBSD, OpenBSD and DragonFly: the interface index
 * becomes the first IPv4 address of that interface in the list (em0,
 * index 5: 192.0.2.7, its IPv6 address listed first is passed over);
 * index 0 the wildcard; an interface without IPv4 cannot be named. */
static void test_bsd_translation_group_mreq_flavours(void) {
  xnet_sockaddr g, g6;
  join_groups(&g, &g6);
  xnet_sockaddr mapped = g; /* the same group, IPv4-mapped */
  XT_ASSERT_OK(xnet_ip_to16(&g.ip, &mapped.ip));
  XT_ASSERT_UINT_EQ(mapped.ip.len, 16);
  for (int f = 0; f < NFLAVOURS; f++) {
    if (!is_mreq(f)) continue;
    /* IP_ADD_MEMBERSHIP 12, struct ip_mreq {imr_multiaddr 232.1.2.3;
     * imr_interface 192.0.2.7} */
    XT_ASSERT_OK(group_op(f, XNET_IP_MCAST_JOIN_GROUP, 5, &g));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    const uint8_t mreq[8] = {232, 1, 2, 3, 192, 0, 2, 7};
    ASSERT_SET(0, 0, 12, mreq, sizeof mreq);
    XT_ASSERT_OK(group_op(f, XNET_IP_MCAST_JOIN_GROUP, 5, &mapped));
    ASSERT_SET(0, 0, 12, mreq, sizeof mreq);
    /* index 0: INADDR_ANY, the kernel's choice */
    XT_ASSERT_OK(group_op(f, XNET_IP_MCAST_JOIN_GROUP, 0, &g));
    const uint8_t mreq_any[8] = {232, 1, 2, 3, 0, 0, 0, 0};
    ASSERT_SET(0, 0, 12, mreq_any, sizeof mreq_any);
    /* IP_MULTICAST_IF 9 with struct in_addr */
    XT_ASSERT_OK(group_op(f, XNET_IP_MULTICAST_IF, 5, NULL));
    const uint8_t in_addr[4] = {192, 0, 2, 7};
    ASSERT_SET(0, 0, 9, in_addr, sizeof in_addr);
    XT_ASSERT_OK(group_op(f, XNET_IP_MULTICAST_IF, 1, NULL));
    const uint8_t lo[4] = {127, 0, 0, 1};
    ASSERT_SET(0, 0, 9, lo, sizeof lo);
    XT_ASSERT_OK(group_op(f, XNET_IP_MULTICAST_IF, 0, NULL));
    const uint8_t any[4] = {0, 0, 0, 0};
    ASSERT_SET(0, 0, 9, any, sizeof any);
    /* gif0 (6) has no IPv4 address; 9 does not exist: nothing issued */
    XT_ASSERT_ERR(group_op(f, XNET_IP_MULTICAST_IF, 6, NULL),
                  XNET_EADDRNOTAVAIL);
    XT_ASSERT_ERR(group_op(f, XNET_IP_MCAST_JOIN_GROUP, 9, &g),
                  XNET_EADDRNOTAVAIL);
    XT_ASSERT_INT_EQ(rec.nsets, 0);
    /* IPV6_JOIN_GROUP 12, struct ipv6_mreq {ff02::fb; ifindex 5} */
    XT_ASSERT_OK(group_op(f, XNET_IPV6_MCAST_JOIN_GROUP, 5, &g6));
    uint8_t mreq6[20];
    memcpy(mreq6, g6.ip.bytes, 16);
    const uint8_t five[4] = {5, 0, 0, 0};
    memcpy(mreq6 + 16, five, 4);
    ASSERT_SET(0, 41, 12, mreq6, sizeof mreq6);
    /* Leaving names the interface as the join did: IP_DROP_MEMBERSHIP 13
     * with the same ip_mreq, IPV6_LEAVE_GROUP 13 with the same ipv6_mreq. */
    XT_ASSERT_OK(group_op(f, XNET_IP_MCAST_LEAVE_GROUP, 5, &g));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    ASSERT_SET(0, 0, 13, mreq, sizeof mreq);
    XT_ASSERT_OK(group_op(f, XNET_IP_MCAST_LEAVE_GROUP, 0, &mapped));
    ASSERT_SET(0, 0, 13, mreq_any, sizeof mreq_any);
    XT_ASSERT_OK(group_op(f, XNET_IPV6_MCAST_LEAVE_GROUP, 5, &g6));
    ASSERT_SET(0, 41, 13, mreq6, sizeof mreq6);
    XT_ASSERT_ERR(group_op(f, XNET_IP_MCAST_LEAVE_GROUP, 9, &g),
                  XNET_EADDRNOTAVAIL);
    XT_ASSERT_ERR(group_op(f, XNET_IPV6_MCAST_LEAVE_GROUP, 5, &g),
                  XNET_EINVAL);
    XT_ASSERT_INT_EQ(rec.nsets, 0);
    /* a group of the other family, or none */
    XT_ASSERT_ERR(group_op(f, XNET_IP_MCAST_JOIN_GROUP, 5, &g6), XNET_EINVAL);
    XT_ASSERT_ERR(group_op(f, XNET_IPV6_MCAST_JOIN_GROUP, 5, &g),
                  XNET_EINVAL);
    XT_ASSERT_ERR(group_op(f, XNET_IP_MCAST_JOIN_GROUP, 5, NULL), XNET_EINVAL);
    XT_ASSERT_ERR(group_op(f, XNET_IP_MCAST_JOIN_GROUP, -1, &g), XNET_EINVAL);
    XT_ASSERT_INT_EQ(rec.nsets, 0);
  }
}

/* Go's ListenMulticastUDP through core on a BSD without RFC 3678: the
 * options in Go's order (SO_BROADCAST as on every UDP socket,
 * SO_REUSEADDR, IP_MULTICAST_IF, IP_MULTICAST_LOOP off as one byte, the
 * join), each in the 4.4BSD form. */
static void test_bsd_translation_listen_multicast_udp_mreq(void) {
  xnet_addr ga;
  memset(&ga, 0, sizeof ga);
  ga.kind = XNET_KIND_UDP;
  xnet_ip_v4(239, 1, 2, 3, &ga.ip);
  for (int f = 0; f < NFLAVOURS; f++) {
    if (!is_mreq(f)) continue;
    xnet_interface ifi;
    XT_ASSERT_OK(xnet_interface_by_index(stacks[f], 5, &ifi));
    XT_ASSERT_STR_EQ(ifi.name, "em0");
    reset();
    xnet_conn *c = NULL;
    XT_ASSERT_OK(xnet_listen_multicast_udp(stacks[f], "udp4", &ifi, &ga, &c));
    XT_ASSERT_INT_EQ(rec.nsets, 5);
    const uint8_t one[4] = {1, 0, 0, 0}, in_addr[4] = {192, 0, 2, 7},
                  off[1] = {0}, mreq[8] = {239, 1, 2, 3, 192, 0, 2, 7};
    ASSERT_SET(0, 0xffff, 0x0020, one, 4); /* SO_BROADCAST (every UDP) */
    ASSERT_SET(1, 0xffff, 0x0004, one, 4);
    ASSERT_SET(2, 0, 9, in_addr, 4);
    ASSERT_SET(3, 0, 11, off, 1);
    ASSERT_SET(4, 0, 12, mreq, 8);
    if (c) XT_ASSERT_OK(xnet_conn_close(c));
  }
}

/* Source-specific multicast: NetBSD, OpenBSD and DragonFly have no API
 * for it (no MCAST_JOIN_SOURCE_GROUP, no IP_ADD_SOURCE_MEMBERSHIP in their
 * sys/netinet/in.h), so the IPv4 API refuses before any system call and
 * says which option is missing; FreeBSD and Darwin issue
 * MCAST_JOIN_SOURCE_GROUP 82 with struct group_source_req. */
static void test_bsd_translation_source_specific_joins(void) {
  xnet_ip group, source;
  xnet_ip_v4(232, 1, 2, 3, &group);
  xnet_ip_v4(192, 0, 2, 99, &source);
  for (int f = 0; f < NFLAVOURS; f++) {
    xnet_conn *c = udp_conn(f);
    if (!c) return;
    reset();
    int rc = xnet_ipv4_join_source_specific_group(c, 0, &group, &source);
    if (is_mreq(f)) {
      XT_ASSERT_ERR(rc, XNET_ENOTSUP);
      XT_ASSERT_INT_EQ(rec.nsets, 0);
      char text[256];
      xnet_op_error_format(xnet_last_error(), text, sizeof text);
      XT_ASSERT(strstr(text, "MCAST_JOIN_SOURCE_GROUP") != NULL);
      XT_ASSERT_ERR(xnet_ipv4_leave_source_specific_group(c, 0, &group,
                                                          &source),
                    XNET_ENOTSUP);
      XT_ASSERT_ERR(xnet_ipv4_exclude_source_specific_group(c, 0, &group,
                                                            &source),
                    XNET_ENOTSUP);
      XT_ASSERT_ERR(xnet_ipv4_include_source_specific_group(c, 0, &group,
                                                            &source),
                    XNET_ENOTSUP);
      XT_ASSERT_INT_EQ(rec.nsets, 0);
    } else {
      XT_ASSERT_OK(rc);
      XT_ASSERT_INT_EQ(rec.nsets, 1);
      XT_ASSERT_INT_EQ(rec.sets[0].level, 0);
      XT_ASSERT_INT_EQ(rec.sets[0].name, 82);
      /* group at 8 / source at 136 (FreeBSD), 4 / 132 (Darwin, packed) */
      size_t g_off = f == DARWIN ? 4 : 8, s_off = f == DARWIN ? 132 : 136;
      const uint8_t gs[8] = {16, 2, 0, 0, 232, 1, 2, 3},
                    ss[8] = {16, 2, 0, 0, 192, 0, 2, 99};
      XT_ASSERT_MEM_EQ(rec.sets[0].val + g_off, 8, gs, 8);
      XT_ASSERT_MEM_EQ(rec.sets[0].val + s_off, 8, ss, 8);
    }
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}

/* ---- x/net's any-source multicast through core ---- */

/* One call through the public API on conn c; the recorder holds what
 * reached setsockopt. */
#define API(call) (reset(), (call))

/* Go's ipv4.PacketConn JoinGroup / LeaveGroup / SetMulticastInterface on
 * every flavour, through core: the RFC 3678 structures from the profile on
 * FreeBSD and Darwin; on NetBSD, OpenBSD and DragonFly, whose profiles
 * have no row for them, the backend's 4.4BSD forms (ops->setsockopt_group)
 * — IP_ADD_MEMBERSHIP 12 / IP_DROP_MEMBERSHIP 13 with struct ip_mreq
 * {group; the interface's first IPv4 address}, IP_MULTICAST_IF 9 with
 * that address as a struct in_addr — as Go's sys_bsd.go does. */
static void test_bsd_translation_ipv4_join_leave_and_interface(void) {
  xnet_ip group;
  xnet_ip_v4(232, 1, 2, 3, &group);
  const uint8_t g4[4] = {232, 1, 2, 3};
  const uint8_t mreq[8] = {232, 1, 2, 3, 192, 0, 2, 7},
                mreq_any[8] = {232, 1, 2, 3, 0, 0, 0, 0},
                in_addr[4] = {192, 0, 2, 7}, any[4] = {0, 0, 0, 0},
                mreqn[12] = {0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0},
                mreqn6[12] = {0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0},
                mreqn0[12] = {0};
  for (int f = 0; f < NFLAVOURS; f++) {
    xnet_conn *c = udp_conn(f);
    if (!c) return;
    uint8_t gr[136], gr0[136];
    size_t grn = group_req_bytes(f, 5, g4, 4, gr);
    size_t gr0n = group_req_bytes(f, 0, g4, 4, gr0);
    /* join on em0 (index 5), leave, join with the system's choice */
    XT_ASSERT_OK(API(xnet_ipv4_join_group(c, 5, &group)));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    if (is_mreq(f)) ASSERT_SET(0, 0, 12, mreq, sizeof mreq);
    else ASSERT_SET(0, 0, 80, gr, grn);
    XT_ASSERT_OK(API(xnet_ipv4_leave_group(c, 5, &group)));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    if (is_mreq(f)) ASSERT_SET(0, 0, 13, mreq, sizeof mreq);
    else ASSERT_SET(0, 0, 81, gr, grn);
    XT_ASSERT_OK(API(xnet_ipv4_join_group(c, 0, &group)));
    if (is_mreq(f)) ASSERT_SET(0, 0, 12, mreq_any, sizeof mreq_any);
    else ASSERT_SET(0, 0, 80, gr0, gr0n);
    XT_ASSERT_OK(API(xnet_ipv4_leave_group(c, 0, &group)));
    if (is_mreq(f)) ASSERT_SET(0, 0, 13, mreq_any, sizeof mreq_any);
    else ASSERT_SET(0, 0, 81, gr0, gr0n);
    /* the multicast interface */
    XT_ASSERT_OK(API(xnet_ipv4_set_multicast_interface(c, 5)));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    if (is_mreq(f)) ASSERT_SET(0, 0, 9, in_addr, sizeof in_addr);
    else ASSERT_SET(0, 0, 9, mreqn, sizeof mreqn);
    XT_ASSERT_OK(API(xnet_ipv4_set_multicast_interface(c, 0)));
    if (is_mreq(f)) ASSERT_SET(0, 0, 9, any, sizeof any);
    else ASSERT_SET(0, 0, 9, mreqn0, sizeof mreqn0);
    /* gif0 (6) has no IPv4 address: the 4.4BSD forms cannot name it (Go:
     * "no such network interface"), nothing issued; ip_mreqn can. */
    int rc = API(xnet_ipv4_set_multicast_interface(c, 6));
    if (is_mreq(f)) {
      XT_ASSERT_ERR(rc, XNET_EADDRNOTAVAIL);
      XT_ASSERT_INT_EQ(rec.nsets, 0);
      XT_ASSERT_ERR(API(xnet_ipv4_join_group(c, 6, &group)),
                    XNET_EADDRNOTAVAIL);
      XT_ASSERT_ERR(API(xnet_ipv4_leave_group(c, 6, &group)),
                    XNET_EADDRNOTAVAIL);
      XT_ASSERT_INT_EQ(rec.nsets, 0);
      const xnet_op_error *e = xnet_last_error();
      XT_ASSERT_STR_EQ(e->op, "set");
    } else {
      XT_ASSERT_OK(rc);
      ASSERT_SET(0, 0, 9, mreqn6, sizeof mreqn6);
    }
    /* Checked in core before any call on every flavour: an interface that
     * does not exist, a group that is not multicast or not IPv4. */
    XT_ASSERT_ERR(API(xnet_ipv4_join_group(c, 9, &group)), XNET_EBADADDR);
    XT_ASSERT_ERR(API(xnet_ipv4_set_multicast_interface(c, 9)),
                  XNET_EBADADDR);
    xnet_ip unicast, v6;
    xnet_ip_v4(192, 0, 2, 1, &unicast);
    XT_ASSERT_OK(xnet_ip_parse("ff02::fb", 8, &v6));
    XT_ASSERT_ERR(API(xnet_ipv4_leave_group(c, 5, &unicast)), XNET_EBADADDR);
    XT_ASSERT_ERR(API(xnet_ipv4_join_group(c, 5, &v6)), XNET_EBADADDR);
    XT_ASSERT_INT_EQ(rec.nsets, 0);
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}

static const char *need_le_and_ipv6(void) {
  const char *why = need_little_endian();
  if (why) return why;
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) return "no IPv6 sockets here";
  close(fd);
  return NULL;
}

/* Go's ipv6.PacketConn JoinGroup / LeaveGroup: MCAST_JOIN_GROUP 80 /
 * MCAST_LEAVE_GROUP 81 with group_req at IPPROTO_IPV6 41 on FreeBSD and
 * Darwin; IPV6_JOIN_GROUP 12 / IPV6_LEAVE_GROUP 13 with struct ipv6_mreq
 * {group; index} on NetBSD, OpenBSD and DragonFly (no address lookup:
 * ipv6_mreq takes the index). The multicast interface is an int
 * everywhere (IPV6_MULTICAST_IF 9). Source-specific joins stay refused
 * without a call where there is no SSM API. */
static void test_bsd_translation_ipv6_join_leave_and_interface(void) {
  xnet_ip group, source;
  XT_ASSERT_OK(xnet_ip_parse("ff02::fb", 8, &group));
  XT_ASSERT_OK(xnet_ip_parse("2001:db8::1", 11, &source));
  uint8_t mreq6[20] = {0}, mreq6_any[20] = {0};
  memcpy(mreq6, group.bytes, 16);
  memcpy(mreq6_any, group.bytes, 16);
  mreq6[16] = 5;
  const uint8_t five[4] = {5, 0, 0, 0};
  for (int f = 0; f < NFLAVOURS; f++) {
    xnet_addr a;
    memset(&a, 0, sizeof a);
    a.kind = XNET_KIND_UDP;
    XT_ASSERT_OK(xnet_ip_parse("::1", 3, &a.ip));
    xnet_conn *c = NULL;
    XT_ASSERT_OK(xnet_listen_packet_addr(stacks[f], "udp6", &a, &c));
    if (!c) return;
    uint8_t gr[136], gr0[136];
    size_t grn = group_req_bytes(f, 5, group.bytes, 16, gr);
    size_t gr0n = group_req_bytes(f, 0, group.bytes, 16, gr0);
    XT_ASSERT_OK(API(xnet_ipv6_join_group(c, 5, &group)));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    if (is_mreq(f)) ASSERT_SET(0, 41, 12, mreq6, sizeof mreq6);
    else ASSERT_SET(0, 41, 80, gr, grn);
    XT_ASSERT_OK(API(xnet_ipv6_leave_group(c, 5, &group)));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    if (is_mreq(f)) ASSERT_SET(0, 41, 13, mreq6, sizeof mreq6);
    else ASSERT_SET(0, 41, 81, gr, grn);
    XT_ASSERT_OK(API(xnet_ipv6_join_group(c, 0, &group)));
    if (is_mreq(f)) ASSERT_SET(0, 41, 12, mreq6_any, sizeof mreq6_any);
    else ASSERT_SET(0, 41, 80, gr0, gr0n);
    /* gif0 has no IPv4 address, which ipv6_mreq does not need */
    XT_ASSERT_OK(API(xnet_ipv6_leave_group(c, 6, &group)));
    mreq6[16] = 6;
    gr[0] = 6;
    if (is_mreq(f)) ASSERT_SET(0, 41, 13, mreq6, sizeof mreq6);
    else ASSERT_SET(0, 41, 81, gr, grn);
    mreq6[16] = 5;
    XT_ASSERT_OK(API(xnet_ipv6_set_multicast_interface(c, 5)));
    XT_ASSERT_INT_EQ(rec.nsets, 1);
    ASSERT_SET(0, 41, 9, five, sizeof five);
    XT_ASSERT_ERR(API(xnet_ipv6_join_group(c, 9, &group)), XNET_EBADADDR);
    XT_ASSERT_INT_EQ(rec.nsets, 0);
    int rc = API(xnet_ipv6_join_source_specific_group(c, 5, &group, &source));
    if (is_mreq(f)) {
      XT_ASSERT_ERR(rc, XNET_ENOTSUP);
      XT_ASSERT_INT_EQ(rec.nsets, 0);
      char text[256];
      xnet_op_error_format(xnet_last_error(), text, sizeof text);
      XT_ASSERT(strstr(text, "MCAST_JOIN_SOURCE_GROUP") != NULL);
    } else {
      XT_ASSERT_OK(rc);
      XT_ASSERT_INT_EQ(rec.nsets, 1);
      XT_ASSERT_INT_EQ(rec.sets[0].name, 82);
    }
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}
#undef API

/* ---- the IPv4 API on a BSD stack ---- */


static void test_bsd_translation_ipv4_options_and_refusals(void) {
  for (int f = 0; f < NFLAVOURS; f++) {
    xnet_conn *c = udp_conn(f);
    if (!c) return;
    reset();
    /* "Currently only Linux supports this": no ICMP filter, no BPF. */
    xnet_icmp4_filter flt;
    memset(&flt, 0, sizeof flt);
    XT_ASSERT_ERR(xnet_ipv4_set_icmp_filter(c, &flt), XNET_ENOTSUP);
    const xnet_bpf_insn prog[1] = {{0x06, 0, 0, 0xffff}}; /* ret #65535 */
    XT_ASSERT_ERR(xnet_ipv4_set_bpf(c, prog, 1), XNET_ENOTSUP);
    XT_ASSERT_INT_EQ(rec.nsets, 0);
    /* IP_TTL 4: an int; IP_MULTICAST_TTL 10: one byte. */
    XT_ASSERT_OK(xnet_ipv4_set_ttl(c, 5));
    XT_ASSERT_OK(xnet_ipv4_set_multicast_ttl(c, 3));
    XT_ASSERT_INT_EQ(rec.nsets, 2);
    const uint8_t five[4] = {5, 0, 0, 0}, three[1] = {3};
    XT_ASSERT_INT_EQ(rec.sets[0].level, 0);
    XT_ASSERT_INT_EQ(rec.sets[0].name, 4);
    XT_ASSERT_MEM_EQ(rec.sets[0].val, rec.sets[0].len, five, 4);
    XT_ASSERT_INT_EQ(rec.sets[1].level, 0);
    XT_ASSERT_INT_EQ(rec.sets[1].name, 10);
    XT_ASSERT_MEM_EQ(rec.sets[1].val, rec.sets[1].len, three, 1);
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}

/* Appends one control message in the flavour's layout: a 12-byte header
 * {u32 len, i32 level, i32 type}, data at the header rounded up to align,
 * the next message at the space rounded up likewise. */
static size_t put_cmsg(uint8_t *b, size_t at, size_t align, int level,
                       int type, const void *data, size_t n) {
  size_t hdr = (12 + align - 1) & ~(align - 1);
  uint32_t len = (uint32_t)(hdr + n);
  int32_t lv = level, ty = type;
  memcpy(b + at, &len, 4);
  memcpy(b + at + 4, &lv, 4);
  memcpy(b + at + 8, &ty, 4);
  memcpy(b + at + hdr, data, n);
  return at + ((hdr + n + align - 1) & ~(align - 1));
}

static void test_bsd_translation_control_messages_come_back(void) {
  const uint8_t ttl = 42, dst[4] = {10, 1, 2, 3};
  /* FreeBSD: IP_RECVTTL (65, one byte), IP_RECVDSTADDR (7, in_addr); the
   * receive options are ints. Alignment 8 (sizeof(long) on amd64). */
  {
    xnet_conn *c = udp_conn(FREEBSD);
    if (!c) return;
    reset();
    XT_ASSERT_OK(xnet_ipv4_set_control_message(
        c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST, true));
    XT_ASSERT_INT_EQ(rec.nsets, 2);
    int names = rec.sets[0].name | rec.sets[1].name << 8;
    XT_ASSERT(names == (65 | 7 << 8) || names == (7 | 65 << 8));
    size_t n = put_cmsg(rec.ctl, 0, 8, 0, 65, &ttl, 1);
    rec.ctl_len = put_cmsg(rec.ctl, n, 8, 0, 7, dst, 4);
    XT_ASSERT_UINT_EQ(rec.ctl_len, 48);
    char buf[16];
    xnet_ipv4_cmsg cm;
    xnet_addr src;
    memset(&cm, 0, sizeof cm);
    XT_ASSERT_INT_EQ(xnet_ipv4_read_from(c, buf, sizeof buf, &cm, &src), 3);
    XT_ASSERT_INT_EQ(cm.ttl, 42);
    XT_ASSERT_MEM_EQ(cm.dst, 4, dst, 4);
    XT_ASSERT_UINT_EQ(cm.has & (XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST),
                      XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST);
    XT_ASSERT_INT_EQ(src.port, 53);
    XT_ASSERT_INT_EQ(rec.recv_flags, 0x40000); /* MSG_CMSG_CLOEXEC */
    XT_ASSERT_OK(xnet_conn_close(c));
  }
  /* Darwin: IP_RECVTTL (24, one byte) and IP_PKTINFO (26, struct
   * in_pktinfo {ifindex, spec_dst, addr}); alignment 4. */
  {
    xnet_conn *c = udp_conn(DARWIN);
    if (!c) return;
    reset();
    XT_ASSERT_OK(xnet_ipv4_set_control_message(
        c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE,
        true));
    XT_ASSERT_INT_EQ(rec.nsets, 2);
    int names = rec.sets[0].name | rec.sets[1].name << 8;
    XT_ASSERT(names == (24 | 26 << 8) || names == (26 | 24 << 8));
    uint8_t pi[12] = {7, 0, 0, 0, 0, 0, 0, 0, 10, 1, 2, 3};
    size_t n = put_cmsg(rec.ctl, 0, 4, 0, 24, &ttl, 1);
    rec.ctl_len = put_cmsg(rec.ctl, n, 4, 0, 26, pi, sizeof pi);
    XT_ASSERT_UINT_EQ(rec.ctl_len, 40);
    char buf[16];
    xnet_ipv4_cmsg cm;
    memset(&cm, 0, sizeof cm);
    XT_ASSERT_INT_EQ(xnet_ipv4_read_from(c, buf, sizeof buf, &cm, NULL), 3);
    XT_ASSERT_INT_EQ(cm.ttl, 42);
    XT_ASSERT_MEM_EQ(cm.dst, 4, dst, 4);
    XT_ASSERT_INT_EQ(cm.ifindex, 7);
    XT_ASSERT_INT_EQ(rec.recv_flags, 0);
    XT_ASSERT_OK(xnet_conn_close(c));
  }
}

XT_SUITE(backends, bsd_translation, suite_init, suite_cleanup,
         XT_TEST(test_bsd_translation_every_option_has_a_vector_per_flavour),
         XT_TEST_IF(test_bsd_translation_options_issue_exact_bytes,
                    need_little_endian),
         XT_TEST(test_bsd_translation_socket_send_recv_flags),
         XT_TEST(test_bsd_translation_sctp_is_not_supported),
         XT_TEST_IF(test_bsd_translation_group_req_flavours,
                    need_little_endian),
         XT_TEST_IF(test_bsd_translation_group_mreq_flavours,
                    need_little_endian),
         XT_TEST_IF(test_bsd_translation_listen_multicast_udp_mreq,
                    need_little_endian),
         XT_TEST_IF(test_bsd_translation_source_specific_joins,
                    need_little_endian),
         XT_TEST_IF(test_bsd_translation_ipv4_join_leave_and_interface,
                    need_little_endian),
         XT_TEST_IF(test_bsd_translation_ipv6_join_leave_and_interface,
                    need_le_and_ipv6),
         XT_TEST_IF(test_bsd_translation_ipv4_options_and_refusals,
                    need_little_endian),
         XT_TEST_IF(test_bsd_translation_control_messages_come_back,
                    need_little_endian));
