/* test_batch.c — read-batch / write-batch over UDP loopback: a batch of 64
 * in at most two reads, deadlines, close waking a blocked read, the
 * one-message-per-call fallback, per-message control messages. */
#include <string.h>

#include "core_test_util.h"
#include "xnet/batch.h"
#include "xnet/cmsg.h"
#include "xnet/error.h"
#include "xnet/interface.h"
#include "xnet/unix.h"
#include "xnet_test.h"

#define BATCH 64
#define PAYLOAD 64

/* Caller-owned storage of one batch. */
typedef struct batch_buf {
  xnet_msg msgs[BATCH];
  struct iovec iov[BATCH];
  unsigned char data[BATCH][PAYLOAD + 16];
  unsigned char oob[BATCH][256];
  xnet_ipv4_cmsg cm4[BATCH];
  xnet_ipv6_cmsg cm6[BATCH];
} batch_buf;

static batch_buf wbuf, rbuf;

static void fill(unsigned char *p, int i) {
  for (int j = 0; j < PAYLOAD; j++) p[j] = (unsigned char)(i * 7 + j);
}

/* Prepares b for writing BATCH messages of PAYLOAD bytes to `to`. */
static void prepare_write(batch_buf *b, const xnet_addr *to) {
  memset(b->msgs, 0, sizeof b->msgs);
  for (int i = 0; i < BATCH; i++) {
    fill(b->data[i], i);
    b->iov[i].iov_base = b->data[i];
    b->iov[i].iov_len = PAYLOAD;
    b->msgs[i].iov = &b->iov[i];
    b->msgs[i].iov_len = 1;
    if (to) b->msgs[i].addr = *to;
  }
}

/* Prepares b for reading (with oob; cm on request). */
static void prepare_read(batch_buf *b, bool cm4, bool cm6) {
  memset(b->msgs, 0, sizeof b->msgs);
  memset(b->data, 0, sizeof b->data);
  for (int i = 0; i < BATCH; i++) {
    b->iov[i].iov_base = b->data[i];
    b->iov[i].iov_len = sizeof b->data[i];
    b->msgs[i].iov = &b->iov[i];
    b->msgs[i].iov_len = 1;
    b->msgs[i].oob = b->oob[i];
    b->msgs[i].oob_cap = sizeof b->oob[i];
    b->msgs[i].cm4 = cm4 ? &b->cm4[i] : NULL;
    b->msgs[i].cm6 = cm6 ? &b->cm6[i] : NULL;
  }
}

/* Reads BATCH messages in as few read-batch calls as it takes (at most
 * max_calls); returns the number of calls, or -1. */
static int read_all(xnet_conn *c, batch_buf *b, int max_calls) {
  size_t got = 0;
  int calls = 0;
  while (got < BATCH && calls < max_calls) {
    int r = xnet_conn_read_batch(c, b->msgs + got, BATCH - got, 0);
    calls++;
    if (r <= 0) return -1;
    got += (size_t)r;
  }
  return got == BATCH ? calls : -1;
}

/* Checks every message of b: payload i, source from. */
static void check_read(const batch_buf *b, const xnet_addr *from) {
  for (int i = 0; i < BATCH; i++) {
    unsigned char want[PAYLOAD];
    fill(want, i);
    XT_ASSERT_UINT_EQ(b->msgs[i].n, PAYLOAD);
    XT_ASSERT_MEM_EQ(b->data[i], b->msgs[i].n, want, PAYLOAD);
    XT_ASSERT_INT_EQ(b->msgs[i].addr.kind, XNET_KIND_UDP);
    XT_ASSERT_UINT_EQ(b->msgs[i].addr.port, from->port);
    XT_ASSERT(xnet_ip_equal(&b->msgs[i].addr.ip, &from->ip));
    XT_ASSERT_INT_EQ(b->msgs[i].flags, 0);
  }
}

static void open_pair(xnet_stack *s, const char *net, const char *host,
                      xnet_conn **a, xnet_conn **b, xnet_addr *aa,
                      xnet_addr *ba) {
  xnet_addr l;
  memset(&l, 0, sizeof l);
  l.kind = XNET_KIND_UDP;
  XT_ASSERT_OK(xnet_ip_parse(host, strlen(host), &l.ip));
  XT_ASSERT_OK(xnet_listen_packet_addr(s, net, &l, a));
  XT_ASSERT_OK(xnet_listen_packet_addr(s, net, &l, b));
  xnet_conn_local_addr(*a, aa);
  xnet_conn_local_addr(*b, ba);
  /* Room for a whole batch even on hosts with small defaults. */
  XT_ASSERT_OK(xnet_conn_set_read_buffer(*b, 1 << 20));
}

/* 64 datagrams with one write-batch; read back in at most two calls. */
static void run_batch_64(xnet_stack *s) {
  xnet_conn *a, *b;
  xnet_addr aa, ba;
  open_pair(s, "udp4", "127.0.0.1", &a, &b, &aa, &ba);
  prepare_write(&wbuf, &ba);
  XT_ASSERT_INT_EQ(xnet_conn_write_batch(a, wbuf.msgs, BATCH, 0), BATCH);
  for (int i = 0; i < BATCH; i++) XT_ASSERT_UINT_EQ(wbuf.msgs[i].n, PAYLOAD);
  prepare_read(&rbuf, false, false);
  int calls = read_all(b, &rbuf, 2);
  XT_ASSERT(calls >= 1 && calls <= 2);
  check_read(&rbuf, &aa);
  /* Nothing is left: a read with a deadline times out. */
  XT_ASSERT_OK(xnet_conn_set_read_deadline(
      b, xnet_deadline_in(xnet_conn_stack(b), 20 * XNET_MILLISECOND)));
  XT_ASSERT_ERR(xnet_conn_read_batch(b, rbuf.msgs, 1, 0), XNET_ETIMEDOUT);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static void test_batch_64_in_two_reads(void) { run_batch_64(NULL); }

/* A connected sender writes without addresses; a later, smaller batch
 * reuses the conn's work array. */
static void test_batch_connected_and_partial(void) {
  xnet_conn *a, *b, *d;
  xnet_addr aa, ba, da;
  open_pair(NULL, "udp4", "127.0.0.1", &a, &b, &aa, &ba);
  XT_ASSERT_OK(xnet_dial_addr(NULL, "udp4", NULL, &ba, &d));
  xnet_conn_local_addr(d, &da);
  prepare_write(&wbuf, NULL);
  XT_ASSERT_INT_EQ(xnet_conn_write_batch(d, wbuf.msgs, 3, 0), 3);
  /* An address on a connected conn is refused before any is sent. */
  wbuf.msgs[0].addr = ba;
  XT_ASSERT_ERR(xnet_conn_write_batch(d, wbuf.msgs, 1, 0),
                XNET_EWRITETOCONNECTED);
  /* No address on an unconnected conn: the good prefix is sent. */
  prepare_write(&wbuf, &ba);
  memset(&wbuf.msgs[2].addr, 0, sizeof wbuf.msgs[2].addr);
  XT_ASSERT_INT_EQ(xnet_conn_write_batch(a, wbuf.msgs, 4, 0), 2);
  XT_ASSERT_ERR(xnet_conn_write_batch(a, wbuf.msgs + 2, 2, 0), XNET_EINVAL);
  prepare_read(&rbuf, false, false);
  /* Five datagrams wait: a batch of 64 returns them without blocking. */
  size_t got = 0;
  for (int calls = 0; got < 5 && calls < 5; calls++) {
    int r = xnet_conn_read_batch(b, rbuf.msgs + got, BATCH - got, 0);
    XT_ASSERT(r > 0);
    if (r <= 0) break;
    got += (size_t)r;
  }
  XT_ASSERT_UINT_EQ(got, 5);
  for (size_t i = 0; i < got; i++) {
    const xnet_addr *want = i < 3 ? &da : &aa;
    XT_ASSERT_UINT_EQ(rbuf.msgs[i].addr.port, want->port);
    unsigned char p[PAYLOAD];
    fill(p, (int)(i < 3 ? i : i - 3));
    XT_ASSERT_MEM_EQ(rbuf.data[i], rbuf.msgs[i].n, p, PAYLOAD);
  }
  /* Peek leaves the datagram queued. */
  XT_ASSERT_INT_EQ(xnet_conn_write_to(a, "peek", 4, &ba), 4);
  prepare_read(&rbuf, false, false);
  XT_ASSERT_INT_EQ(xnet_conn_read_batch(b, rbuf.msgs, 1, XNET_MSGF_PEEK), 1);
  XT_ASSERT_INT_EQ(xnet_conn_read_batch(b, rbuf.msgs + 1, 1, 0), 1);
  XT_ASSERT_MEM_EQ(rbuf.data[1], rbuf.msgs[1].n, "peek", 4);
  /* Truncation is reported per message. */
  XT_ASSERT_INT_EQ(xnet_conn_write_to(a, "0123456789", 10, &ba), 10);
  rbuf.iov[0].iov_len = 4;
  XT_ASSERT_INT_EQ(xnet_conn_read_batch(b, rbuf.msgs, 1, 0), 1);
  XT_ASSERT(rbuf.msgs[0].flags & XNET_MSGF_TRUNC);
  XT_ASSERT_ERR(xnet_conn_read_batch(b, rbuf.msgs, 1, 0x100), XNET_EINVAL);
  XT_ASSERT_INT_EQ(xnet_conn_read_batch(b, rbuf.msgs, 0, 0), 0);
  xnet_conn_close(a);
  xnet_conn_close(b);
  xnet_conn_close(d);
}

static void test_batch_rejects_stream_conns(void) {
  xnet_listener *l;
  XT_ASSERT_OK(xnet_listen("tcp4", "127.0.0.1:0", &l));
  char addr[64];
  ctu_listener_text(l, addr, sizeof addr);
  xnet_conn *c;
  XT_ASSERT_OK(xnet_dial("tcp4", addr, &c));
  prepare_read(&rbuf, false, false);
  XT_ASSERT_ERR(xnet_conn_read_batch(c, rbuf.msgs, 1, 0), XNET_EINVAL);
  prepare_write(&wbuf, NULL);
  XT_ASSERT_ERR(xnet_conn_write_batch(c, wbuf.msgs, 1, 0), XNET_EINVAL);
  xnet_conn_close(c);
  xnet_listener_close(l);
}

static void test_batch_read_deadline(void) {
  xnet_conn *c;
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &c));
  prepare_read(&rbuf, false, false);
  /* A deadline in the past fails at once. */
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, 1));
  XT_ASSERT_ERR(xnet_conn_read_batch(c, rbuf.msgs, BATCH, 0), XNET_ETIMEDOUT);
  int64_t t0 = ctu_now_ns();
  XT_ASSERT_OK(xnet_conn_set_read_deadline(
      c, xnet_deadline_in(xnet_conn_stack(c), 100 * XNET_MILLISECOND)));
  XT_ASSERT_ERR(xnet_conn_read_batch(c, rbuf.msgs, BATCH, 0), XNET_ETIMEDOUT);
  int64_t el = ctu_now_ns() - t0;
  XT_ASSERT(el >= 90 * XNET_MILLISECOND);
  XT_ASSERT(el < 2 * XNET_SECOND);
  xnet_conn_close(c);
}

typedef struct blocked {
  xnet_conn *c;
  int rc;
} blocked;

static void *blocked_read(void *arg) {
  blocked *b = arg;
  static batch_buf tb;
  prepare_read(&tb, false, false);
  b->rc = xnet_conn_read_batch(b->c, tb.msgs, BATCH, 0);
  return NULL;
}

static void test_batch_close_wakes_read(void) {
  blocked b = {NULL, 1};
  XT_ASSERT_OK(xnet_listen_packet("udp4", "127.0.0.1:0", &b.c));
  pthread_t t;
  XT_ASSERT_INT_EQ(pthread_create(&t, NULL, blocked_read, &b), 0);
  ctu_wait_busy(&b.c->pd);
  ctu_sleep_ms(20); /* let it reach the wait */
  int64_t t0 = ctu_now_ns();
  XT_ASSERT_OK(xnet_conn_close(b.c));
  pthread_join(t, NULL);
  XT_ASSERT_ERR(b.rc, XNET_ECLOSED);
  XT_ASSERT(ctu_now_ns() - t0 < XNET_SECOND);
}

/* ---- the fallback: a stack whose ops lack recvmmsg/sendmmsg ---- */

static const xnet_backend_ops *host_ops;
static atomic_int single_recvs, single_sends;

static int counting_recvmsg(void *inst, int sock, xnet_backend_msg *m,
                            int flags) {
  atomic_fetch_add(&single_recvs, 1);
  return host_ops->recvmsg(inst, sock, m, flags);
}
static int counting_sendmsg(void *inst, int sock, xnet_backend_msg *m,
                            int flags) {
  atomic_fetch_add(&single_sends, 1);
  return host_ops->sendmsg(inst, sock, m, flags);
}

static void test_batch_fallback_one_per_call(void) {
  host_ops = xnet__stack_ops(xnet_stack_default());
  xnet_backend_ops ops = *host_ops;
  ops.recvmmsg = NULL; /* a backend without batching */
  ops.sendmmsg = NULL;
  ops.recvmsg = counting_recvmsg;
  ops.sendmsg = counting_sendmsg;
  xnet_stack *s;
  XT_ASSERT_OK(xnet__stack_open(&ops, NULL, &s));
  atomic_store(&single_recvs, 0);
  atomic_store(&single_sends, 0);
  run_batch_64(s);
  /* Each datagram took its own system call (the reads add the EAGAIN
   * that ends a batch and the timed-out read). */
  XT_ASSERT_INT_EQ(atomic_load(&single_sends), BATCH);
  XT_ASSERT(atomic_load(&single_recvs) >= BATCH);
  xnet_stack_close(s);
}

/* ---- control messages, parsed on request ---- */

/* Asks the kernel for a control message through its profile row. */
static int enable_cmsg(xnet_conn *c, const xnet_cmsg_row *row) {
  if (row->type == 0 || row->recv_opt == 0) return XNET_ENOTSUP;
  xnet_stack *s = xnet_conn_stack(c);
  int32_t one = 1;
  return xnet__stack_ops(s)->setsockopt_raw(xnet__stack_instance(s),
                                            c->pd.sock, row->level,
                                            row->recv_opt, &one, sizeof one);
}

static int lo_index(void) {
  xnet_interface ifi;
  return xnet_interface_by_name(NULL, "lo", &ifi) == 0 ? ifi.index : -1;
}

static const char *need_lo(void) {
  return lo_index() > 0 ? NULL : "no loopback interface named lo";
}

static void test_batch_cmsg_ipv4(void) {
  xnet_conn *a, *b;
  xnet_addr aa, ba;
  open_pair(NULL, "udp4", "127.0.0.1", &a, &b, &aa, &ba);
  const xnet_cmsg_abi *abi = xnet_conn_profile(b)->cmsg;
  XT_ASSERT_OK(enable_cmsg(b, &abi->ipv4[XNET_CTL_TTL]));
  const xnet_cmsg_row *pk = &abi->ipv4[XNET_CTL_PKTINFO];
  if (pk->type != 0) {
    XT_ASSERT_OK(enable_cmsg(b, pk));
  } else {
    XT_ASSERT_OK(enable_cmsg(b, &abi->ipv4[XNET_CTL_DST]));
    XT_ASSERT_OK(enable_cmsg(b, &abi->ipv4[XNET_CTL_INTERFACE]));
  }
  prepare_write(&wbuf, &ba);
  XT_ASSERT_INT_EQ(xnet_conn_write_batch(a, wbuf.msgs, BATCH, 0), BATCH);
  prepare_read(&rbuf, true, false);
  /* One message without the request: bytes, but no parse. */
  rbuf.msgs[0].cm4 = NULL;
  XT_ASSERT(read_all(b, &rbuf, 2) > 0);
  check_read(&rbuf, &aa);
  XT_ASSERT(rbuf.msgs[0].oob_len > 0);
  XT_ASSERT_INT_EQ(rbuf.msgs[0].cm_status, 0);
  for (int i = 1; i < BATCH; i++) {
    const xnet_ipv4_cmsg *cm = &rbuf.cm4[i];
    XT_ASSERT_INT_EQ(rbuf.msgs[i].cm_status, 0);
    XT_ASSERT(cm->has & XNET_IPV4_FLAG_TTL);
    XT_ASSERT(cm->ttl >= 1 && cm->ttl <= 255);
    XT_ASSERT(cm->has & XNET_IPV4_FLAG_DST);
    XT_ASSERT_MEM_EQ(cm->dst, 4, "\x7f\0\0\x01", 4);
    XT_ASSERT(cm->has & XNET_IPV4_FLAG_INTERFACE);
    XT_ASSERT_INT_EQ((int)cm->ifindex, lo_index());
  }
  /* A control buffer too small for them: MSG_CTRUNC, and the parse says
   * so (or finds nothing, when the kernel dropped every message). */
  XT_ASSERT_INT_EQ(xnet_conn_write_to(a, "x", 1, &ba), 1);
  prepare_read(&rbuf, true, false);
  rbuf.msgs[0].oob_cap = 8;
  XT_ASSERT_INT_EQ(xnet_conn_read_batch(b, rbuf.msgs, 1, 0), 1);
  XT_ASSERT(rbuf.msgs[0].flags & XNET_MSGF_CTRUNC);
  XT_ASSERT((rbuf.cm4[0].has & XNET_IPV4_FLAG_TTL) == 0);
  xnet_conn_close(a);
  xnet_conn_close(b);
}

static const char *need_ipv6_lo(void) {
  const char *r = ctu_need_ipv6();
  return r ? r : need_lo();
}

static void test_batch_cmsg_ipv6(void) {
  xnet_conn *a, *b;
  xnet_addr aa, ba;
  open_pair(NULL, "udp6", "::1", &a, &b, &aa, &ba);
  const xnet_cmsg_abi *abi = xnet_conn_profile(b)->cmsg;
  XT_ASSERT_OK(enable_cmsg(b, &abi->ipv6[XNET_CTL6_HOPLIMIT]));
  XT_ASSERT_OK(enable_cmsg(b, &abi->ipv6[XNET_CTL6_PKTINFO]));
  prepare_write(&wbuf, &ba);
  XT_ASSERT_INT_EQ(xnet_conn_write_batch(a, wbuf.msgs, BATCH, 0), BATCH);
  prepare_read(&rbuf, false, true);
  XT_ASSERT(read_all(b, &rbuf, 2) > 0);
  for (int i = 0; i < BATCH; i++) {
    unsigned char want[PAYLOAD];
    fill(want, i);
    XT_ASSERT_MEM_EQ(rbuf.data[i], rbuf.msgs[i].n, want, PAYLOAD);
    XT_ASSERT_UINT_EQ(rbuf.msgs[i].addr.port, aa.port);
    const xnet_ipv6_cmsg *cm = &rbuf.cm6[i];
    XT_ASSERT_INT_EQ(rbuf.msgs[i].cm_status, 0);
    XT_ASSERT(cm->has & XNET_IPV6_FLAG_HOP_LIMIT);
    XT_ASSERT(cm->hop_limit >= 1 && cm->hop_limit <= 255);
    XT_ASSERT(cm->has & XNET_IPV6_FLAG_DST);
    XT_ASSERT_MEM_EQ(cm->dst, 16,
                     "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
    XT_ASSERT(cm->has & XNET_IPV6_FLAG_INTERFACE);
    XT_ASSERT_INT_EQ((int)cm->ifindex, lo_index());
  }
  xnet_conn_close(a);
  xnet_conn_close(b);
}

XT_SUITE(core, batch, NULL, NULL,
         XT_TEST(test_batch_64_in_two_reads),
         XT_TEST(test_batch_connected_and_partial),
         XT_TEST(test_batch_rejects_stream_conns),
         XT_TEST(test_batch_read_deadline),
         XT_TEST(test_batch_close_wakes_read),
         XT_TEST(test_batch_fallback_one_per_call),
         XT_TEST_IF(test_batch_cmsg_ipv4, need_lo),
         XT_TEST_IF(test_batch_cmsg_ipv6, need_ipv6_lo));
