/* test_bsd_sctp.c — SCTP through FreeBSD's kernel API (backends/bsd/sctp.c)
 * at the backend-op level, run on Linux through a recording syscall table:
 * the calls and bytes the FreeBSD flavour issues (socket with IPPROTO_SCTP
 * 132; libc's sctp_bindx / sctp_connectx with packed BSD sockaddrs;
 * sctp_getpaddrs / sctp_getladdrs read back and freed; SCTP_SNDINFO
 * control messages handed to sendmsg untouched), FreeBSD-layout
 * rcvinfo and notification bytes fed back through recvmsg decoding with
 * the codecs, and every other flavour refusing each op with XNET_ENOTSUP
 * before any system call.
 *
 * Vectors, FreeBSD headers: sockaddr_in {sin_len 16, AF_INET 2, port,
 * addr, zero[8]}, sockaddr_in6 {sin6_len 28, AF_INET6 28, port, flowinfo,
 * addr, scope_id} (sys/netinet/in.h, netinet6/in6.h);
 * SCTP_BINDX_ADD_ADDR 0x8001, SCTP_BINDX_REM_ADDR 0x8002 (netinet/sctp.h);
 * cmsg level IPPROTO_SCTP 132, SCTP_SNDINFO 4 (struct sctp_sndinfo
 * {u16 sid, u16 flags, u32 ppid, u32 context, u32 assoc_id}, 16 bytes),
 * SCTP_RCVINFO 5 (struct sctp_rcvinfo {u16 sid, u16 ssn, u16 flags, pad,
 * u32 ppid, tsn, cumtsn, context, assoc_id}, 28 bytes), SCTP_UNORDERED
 * 0x0400 (netinet/sctp_uio.h, sctp.h); struct sctp_assoc_change {u16 type
 * 0x0001, u16 flags, u32 length, u16 state (SCTP_COMM_UP 0x0001), u16
 * error, u16 outbound, u16 inbound, u32 assoc_id} (sctp_uio.h);
 * MSG_NOTIFICATION 0x2000, MSG_NOSIGNAL 0x20000 (sys/sys/socket.h);
 * cmsghdr 12 bytes, alignment 8 on amd64. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "../../backends/bsd/bsd_int.h"
#include "file_int.h"
#include "bsd_flavours_test.h"
#include "xnet/cmsg.h"
#include "xnet/sctp_cmsg.h"
#include "xnet/sctp.h"
#include "xnet/sctp_notify.h"
#include "xnet/stack.h"
#include "xnet_test.h"

BSD_TEST_FLAVOURS(&xnet_sctp_layout_freebsd)

/* ---- the recorder ---- */

static struct {
  int calls; /* every SCTP libc call and every socket() */
  int socket_type, socket_proto;
  uint8_t addrs[256]; /* the packed array of the last bindx/connectx */
  size_t addrs_len;
  int n, flags;
  int connectx_errno; /* 0: success */
  int get_remote;     /* 1 getpaddrs, 0 getladdrs, -1 none */
  uint8_t *list;      /* what getpaddrs/getladdrs handed out */
  int freed_remote;   /* 1 freepaddrs, 0 freeladdrs, -1 none */
  const struct sockaddr *freed;
  int send_flags, namelen;
  uint8_t ctl_sent[128];
  size_t ctl_sent_len;
  /* what recvmsg delivers */
  uint8_t pkt[64];
  size_t pkt_len;
  uint8_t ctl[128];
  size_t ctl_len;
  int msg_flags;
  int opt_level, opt_name; /* the last setsockopt */
  uint8_t opt_val[16];
  size_t opt_len;
} rec;

static void reset(void) {
  memset(&rec, 0, sizeof rec);
  rec.get_remote = rec.freed_remote = -1;
}

static int fake_socket(int domain, int type, int protocol) {
  rec.calls++;
  rec.socket_type = type;
  rec.socket_proto = protocol;
  return socket(domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

/* Copies n packed sockaddrs (each sa_len bytes) into the recorder. */
static void record_addrs(const struct sockaddr *addrs, int n) {
  const uint8_t *b = (const uint8_t *)addrs;
  size_t at = 0;
  for (int i = 0; i < n && b[at] && at + b[at] <= sizeof rec.addrs; i++) {
    memcpy(rec.addrs + at, b + at, b[at]);
    at += b[at];
  }
  rec.addrs_len = at;
  rec.n = n;
}

static int fake_bindx(int fd, struct sockaddr *addrs, int n, int flags) {
  (void)fd;
  rec.calls++;
  record_addrs(addrs, n);
  rec.flags = flags;
  return 0;
}

static int fake_connectx(int fd, const struct sockaddr *addrs, int n,
                         uint32_t *id) {
  (void)fd;
  rec.calls++;
  record_addrs(addrs, n);
  if (id) *id = 7;
  if (rec.connectx_errno) {
    errno = rec.connectx_errno;
    return -1;
  }
  return 0;
}

/* Two peer addresses: 198.51.100.1:5000 and [2001:db8::2%3]:5000. */
static int fake_get(int remote, struct sockaddr **out) {
  rec.calls++;
  rec.get_remote = remote;
  uint8_t *b = calloc(1, 16 + 28);
  if (!b) return -1;
  const uint8_t sin[8] = {16, 2, 0x13, 0x88, 198, 51, 100, 1};
  memcpy(b, sin, 8);
  uint8_t *s6 = b + 16;
  s6[0] = 28;
  s6[1] = 28;
  s6[2] = 0x13;
  s6[3] = 0x88;
  s6[8] = 0x20;
  s6[9] = 0x01;
  s6[10] = 0x0d;
  s6[11] = 0xb8;
  s6[23] = 2;
  s6[24] = 3; /* sin6_scope_id */
  rec.list = b;
  *out = (struct sockaddr *)(void *)b;
  return 2;
}
static int fake_getpaddrs(int fd, uint32_t id, struct sockaddr **out) {
  (void)fd;
  (void)id;
  return fake_get(1, out);
}
static int fake_getladdrs(int fd, uint32_t id, struct sockaddr **out) {
  (void)fd;
  (void)id;
  return fake_get(0, out);
}
static void fake_free(int remote, struct sockaddr *list) {
  rec.calls++;
  rec.freed_remote = remote;
  rec.freed = list;
  free(list);
}
static void fake_freepaddrs(struct sockaddr *list) { fake_free(1, list); }
static void fake_freeladdrs(struct sockaddr *list) { fake_free(0, list); }

static int fake_setsockopt(int fd, int level, int name, const void *val,
                           socklen_t len) {
  (void)fd;
  rec.opt_level = level;
  rec.opt_name = name;
  rec.opt_len = len;
  memcpy(rec.opt_val, val, len < sizeof rec.opt_val ? len : sizeof rec.opt_val);
  return 0;
}

static ssize_t fake_sendmsg(int fd, const struct msghdr *m, int flags) {
  (void)fd;
  rec.send_flags = flags;
  rec.namelen = (int)m->msg_namelen;
  rec.ctl_sent_len = m->msg_controllen;
  if (m->msg_controllen <= sizeof rec.ctl_sent)
    memcpy(rec.ctl_sent, m->msg_control, m->msg_controllen);
  size_t n = 0;
  for (size_t i = 0; i < (size_t)m->msg_iovlen; i++) n += m->msg_iov[i].iov_len;
  return (ssize_t)n;
}

static ssize_t fake_recvmsg(int fd, struct msghdr *m, int flags) {
  (void)fd;
  (void)flags;
  size_t n = rec.pkt_len;
  if (n > m->msg_iov[0].iov_len) n = m->msg_iov[0].iov_len;
  memcpy(m->msg_iov[0].iov_base, rec.pkt, n);
  m->msg_namelen = 0;
  size_t c = rec.ctl_len < m->msg_controllen ? rec.ctl_len : m->msg_controllen;
  if (c) memcpy(m->msg_control, rec.ctl, c);
  m->msg_controllen = c;
  m->msg_flags = rec.msg_flags;
  return (ssize_t)n;
}

static int suite_init(void) {
  xnet_posix_syscalls t;
  BSD_FAKE_SYSCALLS(t);
  t.sctp_bindx = fake_bindx;
  t.sctp_connectx = fake_connectx;
  t.sctp_getpaddrs = fake_getpaddrs;
  t.sctp_freepaddrs = fake_freepaddrs;
  t.sctp_getladdrs = fake_getladdrs;
  t.sctp_freeladdrs = fake_freeladdrs;
  return bsd_stacks_open(flavour_ops, &t);
}

static int suite_cleanup(void) { return bsd_stacks_close(); }

static const xnet_backend_ops *ops_of(int f) {
  return xnet__stack_ops(stacks[f]);
}
static void *inst_of(int f) { return xnet__stack_instance(stacks[f]); }

/* 192.0.2.1:5000 and [2001:db8::1%3]:5000 */
static void two_addrs(xnet_sockaddr a[2]) {
  memset(a, 0, 2 * sizeof *a);
  a[0].family = XNET_AF_INET;
  a[0].port = 5000;
  xnet_ip_v4(192, 0, 2, 1, &a[0].ip);
  a[1].family = XNET_AF_INET6;
  a[1].port = 5000;
  a[1].ip.len = 16;
  a[1].ip.bytes[0] = 0x20;
  a[1].ip.bytes[1] = 0x01;
  a[1].ip.bytes[2] = 0x0d;
  a[1].ip.bytes[3] = 0xb8;
  a[1].ip.bytes[15] = 1;
  a[1].scope_id = 3;
}

static const uint8_t packed_two[44] = {
    16, 2, 0x13, 0x88, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, /* sin */
    28, 28, 0x13, 0x88, 0, 0, 0, 0,                          /* sin6 */
    0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* addr */
    3, 0, 0, 0};                                             /* scope */

/* A FreeBSD SCTP socket, AF_INET6 one-to-one. */
static int sctp6_socket(int *s) {
  return ops_of(FREEBSD)->socket(inst_of(FREEBSD), XNET_AF_INET6,
                                 XNET_SOCK_STREAM, 132, s);
}

/* two_addrs in a and an sctp6_socket in s, the recorder cleared after. */
static int socket_and_addrs(xnet_sockaddr a[2], int *s) {
  two_addrs(a);
  int rc = sctp6_socket(s);
  reset();
  return rc;
}

static void test_bsd_sctp_socket_and_layout(void) {
  XT_ASSERT(ops_of(FREEBSD)->sctp_layout == &xnet_sctp_layout_freebsd);
  reset();
  int s;
  XT_ASSERT_OK(sctp6_socket(&s));
  XT_ASSERT_INT_EQ(rec.calls, 1);
  XT_ASSERT_INT_EQ(rec.socket_proto, 132);
  /* SOCK_STREAM with FreeBSD's SOCK_NONBLOCK | SOCK_CLOEXEC */
  XT_ASSERT_INT_EQ(rec.socket_type, SOCK_STREAM | 0x30000000);
  ops_of(FREEBSD)->close(inst_of(FREEBSD), s);
}

static void test_bsd_sctp_bindx(void) {
  xnet_sockaddr a[2];
  int s;
  XT_ASSERT_OK(socket_and_addrs(a, &s));
  const xnet_backend_ops *ops = ops_of(FREEBSD);
  XT_ASSERT_OK(ops->sctp_bindx(inst_of(FREEBSD), s, a, 2, 1));
  XT_ASSERT_INT_EQ(rec.calls, 1);
  XT_ASSERT_INT_EQ(rec.n, 2);
  XT_ASSERT_INT_EQ(rec.flags, 0x8001);
  XT_ASSERT_MEM_EQ(rec.addrs, rec.addrs_len, packed_two, sizeof packed_two);
  reset();
  XT_ASSERT_OK(ops->sctp_bindx(inst_of(FREEBSD), s, a, 1, 0));
  XT_ASSERT_INT_EQ(rec.flags, 0x8002);
  XT_ASSERT_MEM_EQ(rec.addrs, rec.addrs_len, packed_two, 16);
  /* An IPv4-mapped IPv4 address is packed as a sockaddr_in. */
  xnet_sockaddr m = a[0];
  XT_ASSERT_OK(xnet_ip_to16(&a[0].ip, &m.ip));
  reset();
  XT_ASSERT_OK(ops->sctp_bindx(inst_of(FREEBSD), s, &m, 1, 1));
  XT_ASSERT_MEM_EQ(rec.addrs, rec.addrs_len, packed_two, 16);
  /* Refused before the call: none, a family SCTP does not carry. */
  reset();
  XT_ASSERT_ERR(ops->sctp_bindx(inst_of(FREEBSD), s, a, 0, 1), XNET_EINVAL);
  XT_ASSERT_ERR(ops->sctp_bindx(inst_of(FREEBSD), s, NULL, 1, 1),
                XNET_EINVAL);
  xnet_sockaddr u;
  memset(&u, 0, sizeof u);
  u.family = XNET_AF_UNIX;
  XT_ASSERT_ERR(ops->sctp_bindx(inst_of(FREEBSD), s, &u, 1, 1),
                XNET_EAFNOSUPPORT);
  XT_ASSERT_INT_EQ(rec.calls, 0);
  ops->close(inst_of(FREEBSD), s);
}

static void test_bsd_sctp_connectx(void) {
  xnet_sockaddr a[2];
  int s;
  XT_ASSERT_OK(socket_and_addrs(a, &s));
  const xnet_backend_ops *ops = ops_of(FREEBSD);
  XT_ASSERT_OK(ops->sctp_connectx(inst_of(FREEBSD), s, a, 2));
  XT_ASSERT_INT_EQ(rec.n, 2);
  XT_ASSERT_MEM_EQ(rec.addrs, rec.addrs_len, packed_two, sizeof packed_two);
  /* Non-blocking: under way, as ops->connect says it. */
  reset();
  rec.connectx_errno = EINPROGRESS;
  XT_ASSERT_ERR(ops->sctp_connectx(inst_of(FREEBSD), s, a, 1), XNET_EAGAIN);
  reset();
  rec.connectx_errno = ECONNREFUSED;
  XT_ASSERT_ERR(ops->sctp_connectx(inst_of(FREEBSD), s, a, 1),
                XNET_ECONNREFUSED);
  ops->close(inst_of(FREEBSD), s);
}

static void test_bsd_sctp_addrs(void) {
  const xnet_backend_ops *ops = ops_of(FREEBSD);
  for (int remote = 0; remote <= 1; remote++) {
    reset();
    xnet_sockaddr out[4];
    memset(out, 0, sizeof out);
    XT_ASSERT_INT_EQ(ops->sctp_addrs(inst_of(FREEBSD), 3, remote, out, 4), 2);
    XT_ASSERT_INT_EQ(rec.get_remote, remote);
    XT_ASSERT_INT_EQ(rec.freed_remote, remote); /* the matching free */
    XT_ASSERT(rec.freed == (const struct sockaddr *)(void *)rec.list);
    XT_ASSERT_INT_EQ(out[0].family, XNET_AF_INET);
    XT_ASSERT_INT_EQ(out[0].port, 5000);
    const uint8_t v4[4] = {198, 51, 100, 1};
    XT_ASSERT_MEM_EQ(out[0].ip.bytes, out[0].ip.len, v4, 4);
    XT_ASSERT_INT_EQ(out[1].family, XNET_AF_INET6);
    XT_ASSERT_INT_EQ(out[1].port, 5000);
    XT_ASSERT_INT_EQ(out[1].ip.len, 16);
    XT_ASSERT_INT_EQ(out[1].ip.bytes[0], 0x20);
    XT_ASSERT_INT_EQ(out[1].ip.bytes[15], 2);
    XT_ASSERT_UINT_EQ(out[1].scope_id, 3);
    /* a short array: the total, and the list still freed */
    reset();
    XT_ASSERT_INT_EQ(ops->sctp_addrs(inst_of(FREEBSD), 3, remote, out, 1), 2);
    XT_ASSERT_INT_EQ(rec.freed_remote, remote);
  }
}

/* A message with an SCTP_SNDINFO control message (FreeBSD layout) to a
 * given peer address (SCTP_ADDR_OVER): sendmsg gets the bytes as they are,
 * the address as msg_name and MSG_NOSIGNAL. */
static void test_bsd_sctp_sendmsg_sndinfo(void) {
  const xnet_sctp_layout *l = &xnet_sctp_layout_freebsd;
  xnet_sctp_sndinfo si = {.sid = 2,
                          .flags = XNET_SCTP_UNORDERED | XNET_SCTP_ADDR_OVER,
                          .ppid = 0x01020304,
                          .context = 9};
  uint8_t payload[16];
  size_t plen;
  XT_ASSERT_OK(xnet_sctp_sndinfo_marshal(l, &si, payload, sizeof payload,
                                         &plen));
  /* SCTP_UNORDERED 0x0400 | SCTP_ADDR_OVER 0x0800 */
  const uint8_t want[16] = {2, 0, 0, 0x0c, 4, 3, 2, 1, 9, 0, 0, 0, 0, 0, 0, 0};
  XT_ASSERT_MEM_EQ(payload, plen, want, sizeof want);
  uint8_t oob[32];
  memset(oob, 0, sizeof oob);
  const uint32_t clen = 16 + 16; /* CMSG_LEN: 12 rounded up to 8, + 16 */
  const int32_t level = 132, type = 4;
  memcpy(oob, &clen, 4);
  memcpy(oob + 4, &level, 4);
  memcpy(oob + 8, &type, 4);
  memcpy(oob + 16, payload, 16);
  const xnet_backend_ops *ops = ops_of(FREEBSD);
  int s;
  XT_ASSERT_OK(ops->socket(inst_of(FREEBSD), XNET_AF_INET, XNET_SOCK_STREAM,
                           132, &s));
  reset();
  char data[] = "hello";
  struct iovec iov = {data, 5};
  xnet_backend_msg m;
  memset(&m, 0, sizeof m);
  m.iov = &iov;
  m.iov_len = 1;
  m.oob = oob;
  m.oob_len = sizeof oob;
  m.addr.family = XNET_AF_INET;
  m.addr.port = 5000;
  xnet_ip_v4(198, 51, 100, 1, &m.addr.ip);
  XT_ASSERT_INT_EQ(ops->sendmsg(inst_of(FREEBSD), s, &m, 0), 5);
  XT_ASSERT_MEM_EQ(rec.ctl_sent, rec.ctl_sent_len, oob, sizeof oob);
  XT_ASSERT_INT_EQ(rec.send_flags, 0x20000);
  XT_ASSERT(rec.namelen > 0);
  ops->close(inst_of(FREEBSD), s);
}

/* Options go through setsockopt_raw at the layout's level and numbers:
 * SCTP_INITMSG 0x03 with struct sctp_initmsg {u16 ostreams, instreams,
 * attempts, timeo}, SCTP_NODELAY 0x04 an int (netinet/sctp.h). */
static void test_bsd_sctp_options_at_layout_numbers(void) {
  const xnet_sctp_layout *l = &xnet_sctp_layout_freebsd;
  const xnet_backend_ops *ops = ops_of(FREEBSD);
  int s;
  XT_ASSERT_OK(ops->socket(inst_of(FREEBSD), XNET_AF_INET, XNET_SOCK_STREAM,
                           132, &s));
  xnet_sctp_initmsg im = {.num_ostreams = 10, .max_instreams = 5,
                          .max_attempts = 4, .max_init_timeo = 3000};
  uint8_t v[8];
  size_t n;
  XT_ASSERT_OK(xnet_sctp_initmsg_marshal(l, &im, v, sizeof v, &n));
  reset();
  XT_ASSERT_OK(ops->setsockopt_raw(inst_of(FREEBSD), s, l->sockopt_level,
                                   l->sockopt[XNET_SCTP_OPT_INITMSG], v, n));
  const uint8_t want[8] = {10, 0, 5, 0, 4, 0, 0xb8, 0x0b};
  XT_ASSERT_INT_EQ(rec.opt_level, 132);
  XT_ASSERT_INT_EQ(rec.opt_name, 3);
  XT_ASSERT_MEM_EQ(rec.opt_val, rec.opt_len, want, sizeof want);
  const int one = 1;
  XT_ASSERT_OK(ops->setsockopt_raw(inst_of(FREEBSD), s, l->sockopt_level,
                                   l->sockopt[XNET_SCTP_OPT_NODELAY], &one,
                                   sizeof one));
  XT_ASSERT_INT_EQ(rec.opt_name, 4);
  ops->close(inst_of(FREEBSD), s);
}

/* Receives rec's message on a FreeBSD SCTP socket. */
static int recv_one(xnet_backend_msg *m, uint8_t *buf, size_t cap,
                    uint8_t *oob, size_t oob_cap, struct iovec *iov) {
  const xnet_backend_ops *ops = ops_of(FREEBSD);
  int s;
  int rc = ops->socket(inst_of(FREEBSD), XNET_AF_INET, XNET_SOCK_STREAM, 132,
                       &s);
  if (rc < 0) return rc;
  iov->iov_base = buf;
  iov->iov_len = cap;
  memset(m, 0, sizeof *m);
  m->iov = iov;
  m->iov_len = 1;
  m->oob = oob;
  m->oob_cap = oob_cap;
  rc = ops->recvmsg(inst_of(FREEBSD), s, m, 0);
  ops->close(inst_of(FREEBSD), s);
  return rc;
}

/* A data message with its rcvinfo (SCTP_RECVRCVINFO on), then an
 * SCTP_ASSOC_CHANGE notification: the flags and the FreeBSD bytes come
 * back decodable with the FreeBSD layout. */
static void test_bsd_sctp_recvmsg_rcvinfo_and_notification(void) {
  const xnet_sctp_layout *l = &xnet_sctp_layout_freebsd;
  const xnet_profile *pr = &xnet_profile_freebsd;
  reset();
  memcpy(rec.pkt, "hello", 5);
  rec.pkt_len = 5;
  const uint8_t rcv[28] = {3,  0, 7, 0, 0,    4, 0, 0, /* sid ssn flags pad */
                           0x0d, 0x0c, 0x0b, 0x0a,     /* ppid */
                           100, 0, 0, 0, 99, 0, 0, 0,  /* tsn cumtsn */
                           0x55, 0, 0, 0, 7, 0, 0, 0}; /* context assoc */
  const uint32_t clen = 16 + 28;
  const int32_t level = 132, type = 5;
  memcpy(rec.ctl, &clen, 4);
  memcpy(rec.ctl + 4, &level, 4);
  memcpy(rec.ctl + 8, &type, 4);
  memcpy(rec.ctl + 16, rcv, 28);
  rec.ctl_len = 48; /* CMSG_SPACE(28) */
  rec.msg_flags = MSG_EOR;
  uint8_t buf[64], oob[128];
  struct iovec iov;
  xnet_backend_msg m;
  XT_ASSERT_INT_EQ(recv_one(&m, buf, sizeof buf, oob, sizeof oob, &iov), 5);
  XT_ASSERT_INT_EQ(m.flags, XNET_MSG_EOR);
  XT_ASSERT_UINT_EQ(m.oob_len, 48);
  xnet_cmsg_iter it;
  xnet_cmsg_iter_init(&it, pr, oob, m.oob_len);
  xnet_cmsg cm;
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &cm), 1);
  xnet_sctp_cmsg_type kind;
  XT_ASSERT_OK(xnet_sctp_cmsg_kind(l, cm.level, cm.type, &kind));
  XT_ASSERT_INT_EQ(kind, XNET_SCTP_CMSG_RCVINFO);
  xnet_sctp_rcvinfo ri;
  XT_ASSERT_OK(xnet_sctp_rcvinfo_parse(l, cm.data, cm.len, &ri));
  XT_ASSERT_INT_EQ(ri.sid, 3);
  XT_ASSERT_INT_EQ(ri.ssn, 7);
  XT_ASSERT_UINT_EQ(ri.flags, XNET_SCTP_UNORDERED);
  XT_ASSERT_UINT_EQ(ri.ppid, 0x0a0b0c0d);
  XT_ASSERT_UINT_EQ(ri.tsn, 100);
  XT_ASSERT_UINT_EQ(ri.cumtsn, 99);
  XT_ASSERT_UINT_EQ(ri.context, 0x55);
  XT_ASSERT_INT_EQ(ri.assoc_id, 7);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &cm), 0);

  /* SCTP_ASSOC_CHANGE, COMM_UP, 10 out / 5 in streams, assoc 7 */
  reset();
  const uint8_t sac[20] = {1, 0, 0, 0, 20, 0, 0, 0, 1, 0,
                           0, 0, 10, 0, 5, 0, 7, 0, 0, 0};
  memcpy(rec.pkt, sac, sizeof sac);
  rec.pkt_len = sizeof sac;
  rec.msg_flags = 0x2000 | MSG_EOR;
  XT_ASSERT_INT_EQ(recv_one(&m, buf, sizeof buf, oob, sizeof oob, &iov), 20);
  XT_ASSERT_INT_EQ(m.flags, XNET_MSG_NOTIFICATION | XNET_MSG_EOR);
  XT_ASSERT_UINT_EQ(m.oob_len, 0);
  xnet_sctp_notification n;
  XT_ASSERT_OK(xnet_sctp_notification_parse(l, buf, m.n, &n));
  XT_ASSERT_INT_EQ(n.type, XNET_SCTP_ASSOC_CHANGE);
  XT_ASSERT_UINT_EQ(n.length, 20);
  XT_ASSERT_INT_EQ(n.u.assoc_change.state, XNET_SCTP_COMM_UP);
  XT_ASSERT_INT_EQ(n.u.assoc_change.outbound_streams, 10);
  XT_ASSERT_INT_EQ(n.u.assoc_change.inbound_streams, 5);
  XT_ASSERT_INT_EQ(n.u.assoc_change.assoc_id, 7);
}

/* Every flavour but FreeBSD: no layout, and each op refused before any
 * system call. */
static void test_bsd_sctp_other_flavours_refuse(void) {
  xnet_sockaddr a[2];
  two_addrs(a);
  for (int f = 0; f < NFLAVOURS; f++) {
    if (f == FREEBSD) continue;
    const xnet_backend_ops *ops = ops_of(f);
    XT_ASSERT(ops->sctp_layout == NULL);
    reset();
    int s = 99;
    XT_ASSERT_ERR(ops->socket(inst_of(f), XNET_AF_INET, XNET_SOCK_STREAM, 132,
                              &s),
                  XNET_ENOTSUP);
    XT_ASSERT_INT_EQ(s, -1);
    XT_ASSERT_ERR(ops->sctp_bindx(inst_of(f), 3, a, 2, 1), XNET_ENOTSUP);
    XT_ASSERT_ERR(ops->sctp_connectx(inst_of(f), 3, a, 2), XNET_ENOTSUP);
    xnet_sockaddr out[2];
    XT_ASSERT_ERR(ops->sctp_addrs(inst_of(f), 3, 1, out, 2), XNET_ENOTSUP);
    XT_ASSERT_ERR(ops->sctp_addrs(inst_of(f), 3, 0, out, 2), XNET_ENOTSUP);
    XT_ASSERT_INT_EQ(rec.calls, 0);
  }
}

/* The capabilities of each flavour's stack: SCTP on FreeBSD only, no
 * batch I/O in these tables (no recvmmsg/sendmmsg), and
 * xnet_sctp_supported answers from them with no system call. */
static void test_bsd_sctp_caps_by_flavour(void) {
  for (int f = 0; f < NFLAVOURS; f++) {
    reset();
    int caps = xnet__stack_caps(stacks[f]);
    XT_ASSERT_INT_EQ((caps & XNET_CAP_SCTP) != 0, f == FREEBSD);
    XT_ASSERT_INT_EQ(caps & (XNET_CAP_BATCH | XNET_CAP_VIRTUAL_CLOCK), 0);
    XT_ASSERT_INT_EQ(xnet_sctp_supported(stacks[f]), f == FREEBSD);
    XT_ASSERT_INT_EQ(rec.calls, 0);
  }
}

XT_SUITE(backends, bsd_sctp, suite_init, suite_cleanup,
         XT_TEST(test_bsd_sctp_socket_and_layout),
         XT_TEST_IF(test_bsd_sctp_bindx, need_little_endian),
         XT_TEST_IF(test_bsd_sctp_connectx, need_little_endian),
         XT_TEST_IF(test_bsd_sctp_addrs, need_little_endian),
         XT_TEST_IF(test_bsd_sctp_sendmsg_sndinfo, need_little_endian),
         XT_TEST_IF(test_bsd_sctp_options_at_layout_numbers,
                    need_little_endian),
         XT_TEST_IF(test_bsd_sctp_recvmsg_rcvinfo_and_notification,
                    need_little_endian),
         XT_TEST(test_bsd_sctp_other_flavours_refuse),
         XT_TEST(test_bsd_sctp_caps_by_flavour));
