/* test_batch_netns.c — batch I/O between two hosts' addresses in a network
 * namespace the suite creates (xa 10.200.0.1, xb 10.200.0.2; see
 * netns_test_util.h): 64 datagrams written with one write-batch are read
 * with read-batch in at most two calls, payloads and sources intact. */
#include <string.h>

#include "netns_test_util.h"
#include "xnet/batch.h"
#include "xnet/conn.h"
#include "xnet/error.h"

#define COUNT 64

static const char *batch_between_hosts(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_conn *tx, *rx;
  NTU_CHECK_INT(xnet_listen_packet("udp4", "10.200.0.1:0", &tx), 0);
  NTU_CHECK_INT(xnet_listen_packet("udp4", "10.200.0.2:0", &rx), 0);
  xnet_addr to, from_want;
  xnet_conn_local_addr(rx, &to);
  xnet_conn_local_addr(tx, &from_want);
  static char out[COUNT][16], in[COUNT][64];
  static struct iovec out_iov[COUNT], in_iov[COUNT];
  static xnet_msg w[COUNT], r[COUNT];
  memset(w, 0, sizeof w);
  memset(r, 0, sizeof r);
  for (int i = 0; i < COUNT; i++) {
    int len = snprintf(out[i], sizeof out[i], "datagram %02d", i);
    out_iov[i] = (struct iovec){out[i], (size_t)len};
    w[i].iov = &out_iov[i];
    w[i].iov_len = 1;
    w[i].addr = to;
    in_iov[i] = (struct iovec){in[i], sizeof in[i]};
    r[i].iov = &in_iov[i];
    r[i].iov_len = 1;
  }
  NTU_CHECK_INT(xnet_conn_write_batch(tx, w, COUNT, 0), COUNT);
  NTU_CHECK_INT(xnet_conn_set_read_deadline(rx, xnet_deadline_in(NULL, 2 * XNET_SECOND)), 0);
  int got = 0, calls = 0;
  while (got < COUNT && calls < 2) {
    int n = xnet_conn_read_batch(rx, r + got, (size_t)(COUNT - got), 0);
    NTU_CHECK(n > 0);
    got += n;
    calls++;
  }
  NTU_CHECK_INT(got, COUNT);
  for (int i = 0; i < COUNT; i++) {
    char want[16];
    int len = snprintf(want, sizeof want, "datagram %02d", i);
    NTU_CHECK_INT(r[i].n, len);
    NTU_CHECK(memcmp(in[i], want, (size_t)len) == 0);
    NTU_CHECK(xnet_ip_equal(&r[i].addr.ip, &from_want.ip));
    NTU_CHECK_INT(r[i].addr.port, from_want.port);
  }
  xnet_conn_close(tx);
  xnet_conn_close(rx);
  return NULL;
}

static void test_batch_netns_64_datagrams_in_two_reads(void) {
  ntu_run_checks("batch", batch_between_hosts);
}

XT_SUITE(core, batch_netns, NULL, NULL,
         XT_TEST_IF(test_batch_netns_64_datagrams_in_two_reads, ntu_need_netns));
