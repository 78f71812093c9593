/* replay_sctp_test.h — helpers shared by the SCTP replay suites
 * (test_replay_sctp.c: crafted captures; test_replay_sctp_real.c: the
 * corpus and the real kernel's captures): a replay stack driven through
 * its vtable ops, reads decoded into rcvinfo and notifications, writes
 * with an sndinfo. Test code only. */
#ifndef XNET_REPLAY_SCTP_TEST_H
#define XNET_REPLAY_SCTP_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xnet/backend.h"
#include "xnet/cmsg.h"
#include "sctp_fixtures_test.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

#define FIX(name) XNET_FIXTURES_DIR "/replay/" name

static const xnet_sctp_layout *const L = &xnet_sctp_layout_linux;

typedef struct rs {
  xnet_stack *st;
  const xnet_backend_ops *ops;
  void *inst;
} rs;

/* Opens the replay of path with options o on x. */
static inline int rs_open_options(rs *x, const char *path,
                                  const xnet_replay_options *o) {
  memset(x, 0, sizeof *x);
  int rc = xnet_replay_stack_open(path, o, &x->st);
  if (rc == 0) {
    x->ops = xnet__stack_ops(x->st);
    x->inst = xnet__stack_instance(x->st);
  }
  return rc;
}

static inline int rs_open(rs *x, const char *path, const char *const *local,
                   size_t nlocal, int writes, const char *output) {
  memset(x, 0, sizeof *x);
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = writes;
  o.output_path = output;
  for (size_t i = 0; i < nlocal; i++)
    if (xnet_ip_parse(local[i], strlen(local[i]), &o.local[i]) < 0)
      return XNET_EINVAL;
  o.local_count = nlocal;
  return rs_open_options(x, path, &o);
}

/* Opens the crafted capture file (sctp_fixtures_test.h) as its host. */
static inline int rs_open_fixture(rs *x, const char *file, int writes) {
  memset(x, 0, sizeof *x);
  xnet_replay_options o;
  char path[512];
  int rc = sctp_fixture(file, writes, &o, path, sizeof path);
  return rc ? rc : rs_open_options(x, path, &o);
}

static inline void rs_close(rs *x) {
  if (x->st) xnet_stack_close(x->st);
  x->st = NULL;
}

static inline xnet_sockaddr sa4(const char *ip, uint16_t port) {
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = XNET_AF_INET;
  a.port = port;
  if (xnet_ip_parse(ip, strlen(ip), &a.ip) < 0) a.family = XNET_AF_UNSPEC;
  return a;
}

static inline bool sa_is(const xnet_sockaddr *a, const char *ip, uint16_t port) {
  char buf[XNET_IP_STRLEN];
  if (xnet_ip_format(&a->ip, buf, sizeof buf) < 0) return false;
  return strcmp(buf, ip) == 0 && a->port == port;
}

static inline int sctp_socket(rs *x, int *sock) {
  return x->ops->socket(x->inst, XNET_AF_INET, XNET_SOCK_STREAM, 132, sock);
}

static inline int subscribe(rs *x, int sock, xnet_sctp_notification_type type,
                     int on) {
  int32_t native = 0;
  if (xnet_sctp_layout_to_native(L, XNET_SCTP_MAP_NOTIFICATION, (int)type,
                                 &native) < 0)
    return XNET_EINVAL;
  uint8_t ev[8] = {0, 0, 0, 0, (uint8_t)native, (uint8_t)(native >> 8),
                   (uint8_t)on, 0};
  return x->ops->setsockopt_raw(x->inst, sock, L->sockopt_level,
                                L->sockopt[XNET_SCTP_OPT_EVENT], ev,
                                sizeof ev);
}

static inline int set_int(rs *x, int sock, xnet_sctp_sockopt o, int v) {
  return x->ops->setsockopt_raw(x->inst, sock, L->sockopt_level,
                                L->sockopt[o], &v, sizeof v);
}

/* One received message or notification. */
typedef struct rmsg {
  int rc;
  uint8_t d[2048];
  size_t n;
  int flags;
  xnet_sockaddr from;
  bool have_info;
  xnet_sctp_rcvinfo info;
  xnet_sctp_notification nt;
  int nt_rc;
} rmsg;

/* Reads once (waiting in virtual time up to deadline, 0 none) into a
 * buffer of cap bytes and decodes the rcvinfo / notification. */
static inline void rs_recv_ex(rs *x, int sock, size_t cap, int64_t deadline, rmsg *m,
                       int flags) {
  memset(m, 0, sizeof *m);
  if (cap > sizeof m->d) cap = sizeof m->d;
  uint8_t oob[256];
  struct iovec iov = {m->d, cap};
  xnet_backend_msg bm;
  for (;;) {
    memset(&bm, 0, sizeof bm);
    bm.iov = &iov;
    bm.iov_len = 1;
    bm.oob = oob;
    bm.oob_cap = sizeof oob;
    m->rc = x->ops->recvmsg(x->inst, sock, &bm, flags);
    if (m->rc != XNET_EAGAIN) break;
    int w = x->ops->wait(x->inst, sock, XNET_WAIT_READ, deadline, NULL);
    if (w < 0) {
      m->rc = w;
      return;
    }
  }
  if (m->rc < 0) return;
  m->n = bm.n;
  m->flags = bm.flags;
  m->from = bm.addr;
  xnet_cmsg_iter it;
  xnet_cmsg c;
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, oob, bm.oob_len);
  while (xnet_cmsg_iter_next(&it, &c) == 1) {
    xnet_sctp_cmsg_type kind;
    if (xnet_sctp_cmsg_kind(L, c.level, c.type, &kind) == 0 &&
        kind == XNET_SCTP_CMSG_RCVINFO &&
        xnet_sctp_rcvinfo_parse(L, c.data, c.len, &m->info) == 0)
      m->have_info = true;
  }
  if (m->flags & XNET_MSG_NOTIFICATION)
    m->nt_rc = xnet_sctp_notification_parse(L, m->d, m->n, &m->nt);
}

static inline void rs_recv(rs *x, int sock, size_t cap, int64_t deadline, rmsg *m) {
  rs_recv_ex(x, sock, cap, deadline, m, 0);
}

static inline int rs_accept(rs *x, int lsock, int *c, xnet_sockaddr *peer) {
  for (;;) {
    int rc = x->ops->accept(x->inst, lsock, c, peer);
    if (rc != XNET_EAGAIN) return rc;
    rc = x->ops->wait(x->inst, lsock, XNET_WAIT_READ,
                      x->ops->now(x->inst) + 3600 * XNET_SECOND, NULL);
    if (rc < 0) return rc;
  }
}

/* A write with an sndinfo (ppid as the API takes it: network order). */
static inline int rs_send(rs *x, int sock, const void *b, size_t n, uint16_t sid,
                   uint32_t ppid, uint32_t flags, const xnet_sockaddr *to) {
  xnet_sctp_sndinfo si;
  memset(&si, 0, sizeof si);
  si.sid = sid;
  si.ppid = htonl(ppid);
  si.flags = flags;
  uint8_t pay[16], oob[64];
  size_t plen = 0, olen = 0;
  if (xnet_sctp_sndinfo_marshal(L, &si, pay, sizeof pay, &plen) < 0 ||
      xnet_cmsg_put(&xnet_profile_linux, oob, sizeof oob, &olen, L->cmsg_level,
                    L->cmsg_type[XNET_SCTP_CMSG_SNDINFO], pay, plen) < 0)
    return XNET_EINVAL;
  struct iovec iov = {(void *)(uintptr_t)b, n};
  xnet_backend_msg m;
  memset(&m, 0, sizeof m);
  m.iov = &iov;
  m.iov_len = 1;
  m.oob = oob;
  m.oob_len = olen;
  if (to) m.addr = *to;
  return x->ops->sendmsg(x->inst, sock, &m, 0);
}

static inline int status(rs *x, int sock, xnet_sctp_status *st) {
  uint8_t b[XNET_SCTP_STATUS_SIZE];
  memset(b, 0, sizeof b);
  size_t len = sizeof b;
  int rc = x->ops->getsockopt_raw(x->inst, sock, L->sockopt_level,
                                  L->sockopt[XNET_SCTP_OPT_STATUS], b, &len);
  if (rc < 0) return rc;
  return xnet_sctp_status_parse(L, b, len, st);
}

static inline void print_problem(rs *x, int rc) {
  if (rc) {
    char msg[768];
    (void)xnet_replay_error(x->st, msg, sizeof msg);
    printf("\n  %s\n", msg);
  }
}

/* An SCTP listener on x bound to ip:port (socket, bind, listen with
 * backlog). The first error. */
static inline int rs_listen(rs *x, const char *ip, uint16_t port, int backlog,
                            int *l) {
  int rc = sctp_socket(x, l);
  if (rc) return rc;
  xnet_sockaddr a = sa4(ip, port);
  rc = x->ops->bind(x->inst, *l, &a);
  return rc ? rc : x->ops->listen(x->inst, *l, backlog);
}

/* The end of a test: closes c and l (-1: none), finishes the replay (all
 * of the capture used; the problem printed) and closes the stack. The
 * first error. */
static inline int rs_end(rs *x, int c, int l) {
  int rc = c >= 0 ? x->ops->close(x->inst, c) : 0;
  int lrc = l >= 0 ? x->ops->close(x->inst, l) : 0;
  int fin = xnet_replay_finish(x->st);
  print_problem(x, fin);
  rs_close(x);
  return rc ? rc : lrc ? lrc : fin;
}

#define EXPECT_NOTE(m, type_, ...)                                          \
  do {                                                                      \
    XT_ASSERT_INT_EQ((m)->rc, (int)(m)->n);                                 \
    XT_ASSERT((m)->flags & XNET_MSG_NOTIFICATION);                          \
    XT_ASSERT((m)->flags & XNET_MSG_EOR);                                   \
    XT_ASSERT_OK((m)->nt_rc);                                               \
    XT_ASSERT_INT_EQ((m)->nt.type, (type_));                                \
  } while (0)

/* An SCTP_ASSOC_CHANGE notification to state_. */
#define EXPECT_ASSOC(m, state_)                                             \
  do {                                                                      \
    EXPECT_NOTE((m), XNET_SCTP_ASSOC_CHANGE);                               \
    XT_ASSERT_INT_EQ((m)->nt.u.assoc_change.state, (state_));               \
  } while (0)

#define EXPECT_DATA(m, text, sid_, ppid_)                                   \
  do {                                                                      \
    XT_ASSERT_INT_EQ((m)->rc, (int)strlen(text));                           \
    XT_ASSERT(!((m)->flags & XNET_MSG_NOTIFICATION));                       \
    XT_ASSERT((m)->flags & XNET_MSG_EOR);                                   \
    XT_ASSERT_MEM_EQ((m)->d, (m)->n, (text), strlen(text));                 \
    XT_ASSERT((m)->have_info);                                              \
    XT_ASSERT_UINT_EQ((m)->info.sid, (sid_));                               \
    XT_ASSERT_UINT_EQ(ntohl((m)->info.ppid), (ppid_));                      \
  } while (0)

#endif /* XNET_REPLAY_SCTP_TEST_H */
