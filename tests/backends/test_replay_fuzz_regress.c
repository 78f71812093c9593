/* test_replay_fuzz_regress.c — the findings of fuzz/fuzz_replay.c, each
 * kept as the input that found it (fixtures/replay/fuzz/) and replayed two
 * ways: through the fuzz target's own driver (fuzz/replay_drive.h, which
 * must now run it through: under the ASan+UBSan build any of the old bugs
 * aborts the run), and as a targeted test of the behaviour that was wrong.
 *
 * Findings:
 *  1 icmp_cmsg_no_oob.pcap (= replay/icmp.pcap): a raw or UDP read without
 *    a control buffer on a conn with control messages on did pointer
 *    arithmetic on NULL (udp.c, put). Now: nothing is written and the read
 *    reports XNET_MSG_CTRUNC, as the kernel does.
 *  2 tcp_write_empty_stream.pcap (= replay/tcp_rst.pcap): a TCP write when
 *    the capture had no outbound bytes yet did NULL + 0 on the stream's
 *    buffer (expect.c, rp_tcp_send). Now: lenient accepts it, strict fails
 *    it with XNET_EMISMATCH and a diff saying the capture has 0 bytes.
 *  3 pcapng_timestamp_overflow.pcapng: a pcapng timestamp whose seconds
 *    times 10^9 overflow int64_t (signed overflow in source.c). Now: a
 *    record timed outside [0, INT64_MAX / 2] ns ends the capture as
 *    damaged (XNET_EBADFORMAT, "record N: timestamp out of range"). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fuzz/replay_drive.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

#define FUZZFIX(name) XNET_FIXTURES_DIR "/replay/fuzz/" name

/* The whole file, malloc'd (NULL on failure). */
static uint8_t *slurp(const char *path, size_t *n) {
  *n = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  uint8_t *b = malloc(64 * 1024);
  if (b) *n = fread(b, 1, 64 * 1024, f);
  fclose(f);
  return b;
}

/* Runs the fuzz target's driver on a fixture. */
static bool drive(const char *path, rd_result *res) {
  size_t n;
  uint8_t *b = slurp(path, &n);
  if (!b || n == 0) {
    free(b);
    return false;
  }
  rd_drive(b, n, res);
  free(b);
  return true;
}

static xnet_stack *open_path(const char *path, const char *local, int writes) {
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  o.writes = writes;
  if (local) {
    if (xnet_ip_parse(local, strlen(local), &o.local[0]) < 0) return NULL;
    o.local_count = 1;
  }
  xnet_stack *s = NULL;
  if (xnet_replay_stack_open(path, &o, &s) < 0) return NULL;
  return s;
}

/* ---- 1: control messages with no control buffer ---------------------- */

static void test_fuzz_regress_cmsg_no_oob_drive(void) {
  rd_result res;
  XT_ASSERT(drive(FUZZFIX("icmp_cmsg_no_oob.pcap"), &res));
  XT_ASSERT_OK(res.open_rc[0]);
  XT_ASSERT_OK(res.open_rc[1]);
  /* The echo request and reply were read (by read, read_from, read_msg). */
  XT_ASSERT(res.reads >= 2);
  XT_ASSERT_UINT_EQ(res.delivered[0], 2);
  XT_ASSERT_OK(res.finish_rc[0]);
  XT_ASSERT_OK(res.finish_rc[1]);
}

static void test_fuzz_regress_cmsg_no_oob(void) {
  xnet_stack *s = open_path(FUZZFIX("icmp_cmsg_no_oob.pcap"), NULL,
                            XNET_REPLAY_LENIENT);
  XT_ASSERT(s != NULL);
  xnet_listen_config lc = {.stack = s};
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_listen_config_listen_packet(&lc, "ip4:1", "", &c));
  XT_ASSERT_OK(xnet_ipv4_set_control_message(
      c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE,
      true));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, XNET_SECOND)));
  uint8_t buf[256];
  xnet_addr from;
  /* read_from: the control messages have nowhere to go. */
  int n = xnet_conn_read_from(c, buf, sizeof buf, &from);
  /* Linux's raw IPv4 read: the IP header, then ICMP and "xnet-echo". */
  XT_ASSERT_INT_EQ(n, 37);
  XT_ASSERT_INT_EQ(buf[20], 8); /* echo request */
  /* read_msg with no buffer: the kernel's answer, MSG_CTRUNC. */
  size_t oobn = 99;
  int flags = 0;
  n = xnet_conn_read_msg(c, buf, sizeof buf, NULL, 0, &oobn, &flags, &from);
  XT_ASSERT_INT_EQ(n, 37);
  XT_ASSERT_INT_EQ(buf[20], 0); /* echo reply */
  XT_ASSERT_UINT_EQ(oobn, 0);
  XT_ASSERT(flags & XNET_MSGF_CTRUNC);
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_replay_finish(s));
  xnet_stack_close(s);
}

/* ---- 2: a TCP write before the capture's outbound stream has bytes ---- */

static void test_fuzz_regress_tcp_write_empty_drive(void) {
  rd_result res;
  XT_ASSERT(drive(FUZZFIX("tcp_write_empty_stream.pcap"), &res));
  XT_ASSERT_OK(res.open_rc[1]);
  /* The client pass dialled, read the server's 10 bytes and wrote. */
  XT_ASSERT(res.conns >= 1);
  XT_ASSERT(res.bytes >= 10);
}

/* Dials 10.4.0.2:443 from the capture's client and reads its 5 bytes. */
static xnet_conn *dial_rst(xnet_stack *s) {
  xnet_addr la;
  memset(&la, 0, sizeof la);
  la.kind = XNET_KIND_TCP;
  if (xnet_ip_parse("10.4.0.1", 8, &la.ip) < 0) return NULL;
  la.port = 43000;
  xnet_dialer d = {.stack = s, .local_addr = &la};
  xnet_conn *c = NULL;
  if (xnet_dialer_dial(&d, "tcp4", "10.4.0.2:443", &c) < 0) return NULL;
  return c;
}

static void test_fuzz_regress_tcp_write_empty(void) {
  static const char *const mode[] = {"lenient", "strict"};
  for (int strict = 0; strict < 2; strict++) {
    xnet_stack *s = open_path(FUZZFIX("tcp_write_empty_stream.pcap"),
                              "10.4.0.1",
                              strict ? XNET_REPLAY_STRICT : XNET_REPLAY_LENIENT);
    XT_ASSERT(s != NULL);
    xnet_conn *c = dial_rst(s);
    if (!c) {
      xt_fail(__LINE__, __FILE__, "%s: dial failed", mode[strict]);
      xnet_stack_close(s);
      return;
    }
    (void)xnet_conn_set_deadline(c, xnet_deadline_in(s, XNET_SECOND));
    char buf[16];
    int n = xnet_conn_read(c, buf, sizeof buf);
    XT_ASSERT_INT_EQ(n, 5);
    /* The capture's client never sends: its outbound stream is empty. */
    int w = xnet_conn_write(c, "hello", 5);
    if (strict) {
      XT_ASSERT_ERR(w, XNET_EMISMATCH);
      char why[768];
      XT_ASSERT(xnet_replay_error(s, why, sizeof why) > 0);
      XT_ASSERT(strstr(why, "the capture has 0 more bytes") != NULL);
    } else {
      XT_ASSERT_INT_EQ(w, 5);
    }
    (void)xnet_conn_close(c);
    xnet_stack_close(s);
  }
}

/* ---- 3: a pcapng timestamp past int64_t nanoseconds -------------------- */

static void test_fuzz_regress_timestamp_drive(void) {
  rd_result res;
  XT_ASSERT(drive(FUZZFIX("pcapng_timestamp_overflow.pcapng"), &res));
  XT_ASSERT_OK(res.open_rc[0]);
  XT_ASSERT_ERR(res.finish_rc[0], XNET_EBADFORMAT);
  XT_ASSERT_ERR(res.finish_rc[1], XNET_EBADFORMAT);
}

static void test_fuzz_regress_timestamp(void) {
  /* Strict: finish then reads the rest of the capture, to its damage. */
  xnet_stack *s = open_path(FUZZFIX("pcapng_timestamp_overflow.pcapng"), NULL,
                            XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  /* The records before the bad one play; then the capture is damaged. */
  int rc = xnet_replay_finish(s);
  XT_ASSERT_ERR(rc, XNET_EBADFORMAT);
  char why[768];
  XT_ASSERT(xnet_replay_error(s, why, sizeof why) > 0);
  XT_ASSERT(strstr(why, "timestamp out of range") != NULL);
  uint64_t records = 0;
  XT_ASSERT_OK(xnet_replay_stats(s, &records, NULL, NULL));
  XT_ASSERT(records >= 1);
  /* The clock stayed inside int64_t nanoseconds and kept moving forward. */
  XT_ASSERT(xnet_now(s) >= 0);
  xnet_stack_close(s);
}

XT_SUITE(backends, replay_fuzz_regress, NULL, NULL,
         XT_TEST(test_fuzz_regress_cmsg_no_oob_drive),
         XT_TEST(test_fuzz_regress_cmsg_no_oob),
         XT_TEST(test_fuzz_regress_tcp_write_empty_drive),
         XT_TEST(test_fuzz_regress_tcp_write_empty),
         XT_TEST(test_fuzz_regress_timestamp_drive),
         XT_TEST(test_fuzz_regress_timestamp));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_replay_fuzz_regress_unavailable(void) {
  CU_FAIL("not reached");
}
XT_SUITE(backends, replay_fuzz_regress, NULL, NULL,
         XT_TEST_IF(test_replay_fuzz_regress_unavailable, need_replay));
#endif
