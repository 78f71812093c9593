/* test_replay_sctp.c — SCTP on the pcap replay backend (backends/pcap/
 * sctp*.c), through the vtable ops of a replay stack: association up by
 * accept and by dial (refused, timed out), messages on several streams with
 * PPIDs and rcvinfo, a fragmented message reassembled and read in parts
 * (end of record on the last part only), unordered delivery flagged,
 * retransmissions dropped, notifications only for subscribed types and in
 * Linux bytes (decoded with xnet_sctp_notification_parse), SCTP_STATUS,
 * multi-homed addresses on both sides, sender dry, address confirmation
 * after a HEARTBEAT-ACK, remote errors, shutdown and abort each with their
 * events and errors, read deadlines in virtual time, IPv6, writes checked
 * against the capture (payload, stream, PPID, explicit destination) and
 * recorded with a valid CRC32c, options as a Linux kernel takes them,
 * malformed packets and randomly damaged captures. The real captures
 * (corpus, Linux kernel) are test_replay_sctp_real.c's.
 *
 * Fixtures: fixtures/replay/sctp_*.pcap, written by make_sctp.py (its
 * docstring says what each holds). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include "replay_sctp_test.h"

static const char *const SERVER_LOCAL[] = {"10.3.0.1", "10.3.1.1"};

/* Opens sctp_server.pcap, listens on 10.3.0.1:5000 subscribed to every
 * decoded event with RECVRCVINFO on, and accepts the association. */
static void server_open(rs *x, int writes, const char *output, int *lsock,
                        int *c) {
  *lsock = *c = -1;
  CU_ASSERT_EQUAL_FATAL(
      rs_open(x, FIX("sctp_server.pcap"), SERVER_LOCAL, 2, writes, output), 0);
  CU_ASSERT_EQUAL_FATAL(sctp_socket(x, lsock), 0);
  xnet_sockaddr a = sa4("10.3.0.1", 5000);
  CU_ASSERT_EQUAL(x->ops->bind(x->inst, *lsock, &a), 0);
  static const xnet_sctp_notification_type all[] = {
      XNET_SCTP_ASSOC_CHANGE,      XNET_SCTP_PEER_ADDR_CHANGE,
      XNET_SCTP_REMOTE_ERROR,      XNET_SCTP_SHUTDOWN_EVENT,
      XNET_SCTP_ADAPTATION_INDICATION, XNET_SCTP_SENDER_DRY_EVENT};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    CU_ASSERT_EQUAL(subscribe(x, *lsock, all[i], 1), 0);
  CU_ASSERT_EQUAL(set_int(x, *lsock, XNET_SCTP_OPT_RECVRCVINFO, 1), 0);
  CU_ASSERT_EQUAL(x->ops->listen(x->inst, *lsock, 8), 0);
  xnet_sockaddr peer;
  CU_ASSERT_EQUAL(rs_accept(x, *lsock, c, &peer), 0);
  CU_ASSERT(sa_is(&peer, "10.3.0.2", 40000));
}

/* Reads COMM_UP, ADAPTATION and the four messages of sctp_server.pcap. */
static void server_reads(rs *x, int c) {
  rmsg m;
  rs_recv(x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_COMM_UP);
  /* Negotiated: min(server OS 8, client MIS 12), min(client OS 10, MIS 10). */
  XT_ASSERT_UINT_EQ(m.nt.u.assoc_change.outbound_streams, 8);
  XT_ASSERT_UINT_EQ(m.nt.u.assoc_change.inbound_streams, 10);
  XT_ASSERT_INT_EQ(m.nt.u.assoc_change.assoc_id, 3);
  XT_ASSERT_UINT_EQ(m.nt.u.assoc_change.info_len, 0);
  XT_ASSERT(!m.have_info); /* notifications carry no rcvinfo */
  rs_recv(x, c, 2048, 0, &m);
  EXPECT_NOTE(&m, XNET_SCTP_ADAPTATION_INDICATION);
  XT_ASSERT_UINT_EQ(m.nt.u.adaptation_event.adaptation_ind, 0x01020304);
  rs_recv(x, c, 2048, 0, &m);
  EXPECT_DATA(&m, "hello", 0, 1);
  XT_ASSERT(sa_is(&m.from, "10.3.0.2", 40000));
  XT_ASSERT_UINT_EQ(m.info.tsn, 1000);
  XT_ASSERT_UINT_EQ(m.info.ssn, 0);
  XT_ASSERT_UINT_EQ(m.info.cumtsn, 0); /* Linux: 0 for ordered messages */
  XT_ASSERT_INT_EQ(m.info.assoc_id, 3);
  XT_ASSERT(!(m.info.flags & XNET_SCTP_UNORDERED));
  rs_recv(x, c, 2048, 0, &m);
  EXPECT_DATA(&m, "stream one", 1, 2);
  XT_ASSERT_UINT_EQ(m.info.tsn, 1001);
  /* The 900-byte message on stream 2, read with a 512-byte buffer: the
   * retransmitted TSN 1001 was dropped; EOR on the last part only, the
   * rcvinfo on both. */
  uint8_t big[900];
  for (size_t i = 0; i < sizeof big; i++) big[i] = (uint8_t)(i * 7);
  rs_recv(x, c, 512, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 512);
  XT_ASSERT(!(m.flags & XNET_MSG_EOR));
  XT_ASSERT(m.have_info);
  XT_ASSERT_UINT_EQ(m.info.sid, 2);
  XT_ASSERT_UINT_EQ(ntohl(m.info.ppid), 3);
  XT_ASSERT_UINT_EQ(m.info.tsn, 1002);
  XT_ASSERT_MEM_EQ(m.d, 512, big, 512);
  rs_recv(x, c, 512, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 388);
  XT_ASSERT(m.flags & XNET_MSG_EOR);
  XT_ASSERT(m.have_info);
  XT_ASSERT_UINT_EQ(m.info.sid, 2);
  XT_ASSERT_MEM_EQ(m.d, 388, big + 512, 388);
  rs_recv(x, c, 2048, 0, &m);
  EXPECT_DATA(&m, "urgent", 3, 4);
  XT_ASSERT(m.info.flags & XNET_SCTP_UNORDERED);
  XT_ASSERT_UINT_EQ(m.info.cumtsn, 1005); /* Linux: its own TSN */
}

/* (1) The server: accept, events, messages, writes (one to the second
 * path), sender dry, address confirmation, the peer's shutdown. */
static void test_replay_sctp_server(void) {
  rs x;
  int l, c;
  server_open(&x, XNET_REPLAY_STRICT, NULL, &l, &c);
  if (c < 0) {
    rs_close(&x);
    return;
  }
  xnet_sctp_status st;
  XT_ASSERT_OK(status(&x, c, &st));
  XT_ASSERT_INT_EQ(st.state, XNET_SCTP_ESTABLISHED);
  XT_ASSERT_UINT_EQ(st.outstrms, 8);
  XT_ASSERT_UINT_EQ(st.instrms, 10);
  XT_ASSERT_INT_EQ(st.assoc_id, 3);
  XT_ASSERT_INT_EQ(st.primary.addr.family, XNET_SCTP_AF_INET);
  XT_ASSERT_UINT_EQ(st.primary.addr.port, 40000);
  XT_ASSERT_MEM_EQ(st.primary.addr.ip, 4, "\x0a\x03\x00\x02", 4);
  /* Both sides are multi-homed. */
  xnet_sockaddr as[4];
  XT_ASSERT_INT_EQ(x.ops->sctp_addrs(x.inst, c, 1, as, 4), 2);
  XT_ASSERT(sa_is(&as[0], "10.3.0.2", 40000));
  XT_ASSERT(sa_is(&as[1], "10.3.1.2", 40000));
  XT_ASSERT_INT_EQ(x.ops->sctp_addrs(x.inst, c, 0, as, 4), 2);
  XT_ASSERT(sa_is(&as[0], "10.3.0.1", 5000));
  XT_ASSERT(sa_is(&as[1], "10.3.1.1", 5000));
  server_reads(&x, c);
  XT_ASSERT_INT_EQ(rs_send(&x, c, "reply", 5, 1, 7, 0, NULL), 5);
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m); /* the SACK covers TSN 5000 */
  EXPECT_NOTE(&m, XNET_SCTP_SENDER_DRY_EVENT);
  XT_ASSERT_INT_EQ(m.nt.u.sender_dry_event.assoc_id, 3);
  /* The HEARTBEAT-ACK from 10.3.1.2 confirms that (INIT-listed) path. */
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_NOTE(&m, XNET_SCTP_PEER_ADDR_CHANGE);
  XT_ASSERT_INT_EQ(m.nt.u.peer_addr_change.state, XNET_SCTP_ADDR_CONFIRMED);
  XT_ASSERT_MEM_EQ(m.nt.u.peer_addr_change.addr.ip, 4, "\x0a\x03\x01\x02", 4);
  XT_ASSERT_UINT_EQ(m.nt.u.peer_addr_change.addr.port, 40000);
  XT_ASSERT_UINT_EQ(m.nt.u.peer_addr_change.error, 2); /* as Linux 6.1 */
  xnet_sockaddr second = sa4("10.3.1.2", 40000);
  XT_ASSERT_INT_EQ(rs_send(&x, c, "via second path", 15, 0, 8, 0, &second), 15);
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_NOTE(&m, XNET_SCTP_SENDER_DRY_EVENT);
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_NOTE(&m, XNET_SCTP_SHUTDOWN_EVENT);
  XT_ASSERT_OK(status(&x, c, &st));
  XT_ASSERT_INT_EQ(st.state, XNET_SCTP_SHUTDOWN_RECEIVED);
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_SHUTDOWN_COMP);
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 0); /* end of stream */
  XT_ASSERT_ERR(status(&x, c, &st), XNET_EINVAL); /* no association now */
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 0);
  XT_ASSERT_ERR(rs_send(&x, c, "late", 4, 0, 0, 0, NULL), XNET_EPIPE);
  XT_ASSERT_OK(rs_end(&x, c, l));
}

/* (2) Writes that differ from the capture fail with a readable reason. */
static void test_replay_sctp_write_mismatch(void) {
  static const struct {
    const char *text;
    uint16_t sid;
    uint32_t ppid;
    const char *to;
    const char *why;
  } cases[] = {
      {"reply", 1, 9, NULL, "PPID 9, expected 7"},
      {"reply", 2, 7, NULL, "stream 2, expected 1"},
      {"replx", 1, 7, NULL, "differs at byte 4"},
      {"reply", 1, 7, "10.3.1.2", "destination 10.3.1.2:40000, expected "
                                  "10.3.0.2:40000"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    rs x;
    int l, c;
    server_open(&x, XNET_REPLAY_STRICT, NULL, &l, &c);
    if (c < 0) {
      rs_close(&x);
      return;
    }
    server_reads(&x, c);
    xnet_sockaddr to = cases[i].to ? sa4(cases[i].to, 40000) : sa4("0", 0);
    XT_ASSERT_ERR(rs_send(&x, c, cases[i].text, strlen(cases[i].text),
                          cases[i].sid, cases[i].ppid, 0,
                          cases[i].to ? &to : NULL),
                  XNET_EMISMATCH);
    char msg[768];
    XT_ASSERT(xnet_replay_error(x.st, msg, sizeof msg) > 0);
    if (!strstr(msg, cases[i].why)) {
      printf("\n  case %zu: %s\n", i, msg);
      XT_ASSERT(strstr(msg, cases[i].why) != NULL);
    }
    XT_ASSERT_ERR(xnet_replay_finish(x.st), XNET_EMISMATCH);
    rs_close(&x);
  }
}

/* (3) The client: dial a multi-homed server from a multi-homed host,
 * status, only the subscribed notifications, close-write. */
static void test_replay_sctp_client(void) {
  rs x;
  XT_ASSERT_OK(rs_open_fixture(&x, "sctp_client.pcap", XNET_REPLAY_STRICT));
  int c;
  XT_ASSERT_OK(sctp_socket(&x, &c));
  XT_ASSERT_OK(subscribe(&x, c, XNET_SCTP_ASSOC_CHANGE, 1));
  /* Subscribed, then unsubscribed: never delivered. */
  XT_ASSERT_OK(subscribe(&x, c, XNET_SCTP_SENDER_DRY_EVENT, 1));
  XT_ASSERT_OK(subscribe(&x, c, XNET_SCTP_SENDER_DRY_EVENT, 0));
  xnet_sockaddr to = sa4("10.4.0.2", 6000);
  XT_ASSERT_OK(x.ops->sctp_connectx(x.inst, c, &to, 1));
  xnet_sctp_status st;
  XT_ASSERT_OK(status(&x, c, &st));
  XT_ASSERT_INT_EQ(st.state, XNET_SCTP_ESTABLISHED);
  XT_ASSERT_UINT_EQ(st.outstrms, 7); /* min(10, server MIS 7) */
  XT_ASSERT_UINT_EQ(st.instrms, 5);  /* min(10, server OS 5) */
  XT_ASSERT_UINT_EQ(st.rwnd, 32768);
  XT_ASSERT_UINT_EQ(st.primary.addr.port, 6000);
  xnet_sockaddr as[4];
  XT_ASSERT_INT_EQ(x.ops->sctp_addrs(x.inst, c, 1, as, 4), 2);
  XT_ASSERT(sa_is(&as[0], "10.4.0.2", 6000));
  XT_ASSERT(sa_is(&as[1], "10.4.1.2", 6000));
  XT_ASSERT_INT_EQ(x.ops->sctp_addrs(x.inst, c, 0, as, 4), 2);
  XT_ASSERT(sa_is(&as[0], "10.4.0.1", 41000));
  XT_ASSERT(sa_is(&as[1], "10.4.1.1", 41000));
  xnet_sockaddr la;
  XT_ASSERT_OK(x.ops->local_addr(x.inst, c, &la));
  XT_ASSERT(sa_is(&la, "10.4.0.1", 41000));
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_COMM_UP);
  XT_ASSERT_UINT_EQ(m.nt.u.assoc_change.outbound_streams, 7);
  XT_ASSERT_UINT_EQ(m.nt.u.assoc_change.inbound_streams, 5);
  XT_ASSERT_INT_EQ(rs_send(&x, c, "ping", 4, 0, 0x12345678, 0, NULL), 4);
  /* RECVRCVINFO is off: the message comes without control data. */
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 4);
  XT_ASSERT_MEM_EQ(m.d, m.n, "pong", 4);
  XT_ASSERT(m.flags & XNET_MSG_EOR);
  XT_ASSERT(!m.have_info);
  XT_ASSERT_OK(x.ops->shutdown(x.inst, c, 1));
  XT_ASSERT_ERR(rs_send(&x, c, "x", 1, 0, 0, 0, NULL), XNET_EPIPE);
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_SHUTDOWN_COMP);
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 0);
  XT_ASSERT_OK(rs_end(&x, c, -1));
}

/* (4) The peer's ABORT: COMM_LOST with its cause (network order in the
 * Linux bytes, host order decoded), then ECONNRESET once, then 0. */
static void test_replay_sctp_abort(void) {
  rs x;
  XT_ASSERT_OK(rs_open_fixture(&x, "sctp_abort.pcap", XNET_REPLAY_STRICT));
  int l, c;
  XT_ASSERT_OK(rs_listen(&x, "0.0.0.0", 5000, 1, &l));
  XT_ASSERT_OK(subscribe(&x, l, XNET_SCTP_ASSOC_CHANGE, 1));
  XT_ASSERT_OK(subscribe(&x, l, XNET_SCTP_REMOTE_ERROR, 1));
  XT_ASSERT_OK(rs_accept(&x, l, &c, NULL));
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_COMM_UP);
  /* The DATA is 2 ms (capture time) after the COOKIE-ECHO: a read with a
   * 1 ms deadline times out, in virtual time, to the nanosecond. */
  int64_t t0 = x.ops->now(x.inst);
  rs_recv(&x, c, 2048, t0 + XNET_SECOND / 1000, &m);
  XT_ASSERT_ERR(m.rc, XNET_ETIMEDOUT);
  XT_ASSERT_INT_EQ(x.ops->now(x.inst), t0 + XNET_SECOND / 1000);
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 12);
  XT_ASSERT_MEM_EQ(m.d, m.n, "before abort", 12);
  XT_ASSERT_INT_EQ(x.ops->now(x.inst), t0 + 2 * XNET_SECOND / 1000);
  /* The peer's ERROR chunk: SCTP_REMOTE_ERROR with its causes. */
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_NOTE(&m, XNET_SCTP_REMOTE_ERROR);
  XT_ASSERT_UINT_EQ(m.nt.u.remote_error.error, 1);
  XT_ASSERT_MEM_EQ(m.nt.u.remote_error.data, m.nt.u.remote_error.data_len,
                   "\x00\x01\x00\x08\x00\x09\x00\x00", 8);
  XT_ASSERT_UINT_EQ(m.d[8], 0); /* sre_error: network order, as Linux */
  XT_ASSERT_UINT_EQ(m.d[9], 1);
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_COMM_LOST);
  XT_ASSERT_UINT_EQ(m.nt.u.assoc_change.error, 12);
  XT_ASSERT_UINT_EQ(m.d[10], 0); /* sac_error: htons(12) as Linux has it */
  XT_ASSERT_UINT_EQ(m.d[11], 12);
  /* sac_info: the ABORT chunk's value (its Length counts the cause's
   * padding byte here), as Linux 6.1 delivers it. */
  XT_ASSERT_MEM_EQ(m.nt.u.assoc_change.info, m.nt.u.assoc_change.info_len,
                   "\x00\x0c\x00\x07" "bye\0", 8);
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_ERR(m.rc, XNET_ECONNRESET);
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_INT_EQ(m.rc, 0);
  XT_ASSERT_ERR(rs_send(&x, c, "x", 1, 0, 0, 0, NULL), XNET_EPIPE);
  XT_ASSERT_OK(rs_end(&x, c, l));
}

/* (5) Dials that fail: ABORT in answer (refused, CANT_STR_ASSOC queued),
 * no answer (timed out), no INIT in the capture at all (mismatch). */
static void test_replay_sctp_dial_fail(void) {
  rs x;
  XT_ASSERT_OK(rs_open_fixture(&x, "sctp_dial_fail.pcap", XNET_REPLAY_STRICT));
  int c;
  XT_ASSERT_OK(sctp_socket(&x, &c));
  XT_ASSERT_OK(subscribe(&x, c, XNET_SCTP_ASSOC_CHANGE, 1));
  xnet_sockaddr to = sa4("10.6.0.2", 7001);
  XT_ASSERT_ERR(x.ops->connect(x.inst, c, &to), XNET_ECONNREFUSED);
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_CANT_STR_ASSOC);
  XT_ASSERT_OK(x.ops->close(x.inst, c));
  int64_t t0 = x.ops->now(x.inst);
  XT_ASSERT_OK(sctp_socket(&x, &c));
  to = sa4("10.6.0.2", 7002);
  XT_ASSERT_ERR(x.ops->connect(x.inst, c, &to), XNET_ETIMEDOUT);
  /* The retransmitted INIT a second later was passed in virtual time. */
  XT_ASSERT(x.ops->now(x.inst) - t0 >= XNET_SECOND);
  XT_ASSERT_OK(x.ops->close(x.inst, c));
  XT_ASSERT_OK(xnet_replay_finish(x.st));
  XT_ASSERT_OK(sctp_socket(&x, &c));
  to = sa4("10.6.0.2", 7003);
  XT_ASSERT_ERR(x.ops->connect(x.inst, c, &to), XNET_EMISMATCH);
  char msg[256];
  XT_ASSERT(xnet_replay_error(x.st, msg, sizeof msg) > 0);
  XT_ASSERT(strstr(msg, "no INIT") != NULL);
  XT_ASSERT_OK(x.ops->close(x.inst, c));
  rs_close(&x);
}

/* (6) close with linger 0 must match the capture's local ABORT; a plain
 * close there is a mismatch (the capture shows ABORT, not SHUTDOWN). */
static void test_replay_sctp_local_abort(void) {
  for (int linger = 0; linger < 2; linger++) {
    rs x;
    XT_ASSERT_OK(rs_open_fixture(&x, "sctp_local_abort.pcap",
                                 XNET_REPLAY_STRICT));
    int c;
    XT_ASSERT_OK(sctp_socket(&x, &c));
    xnet_sockaddr to = sa4("10.7.0.2", 8000);
    XT_ASSERT_OK(x.ops->connect(x.inst, c, &to));
    if (linger == 0) XT_ASSERT_OK(x.ops->setsockopt(x.inst, c, XNET_SO_LINGER, 0));
    XT_ASSERT_OK(x.ops->close(x.inst, c));
    int rc = xnet_replay_finish(x.st);
    if (linger == 0) {
      print_problem(&x, rc);
      XT_ASSERT_OK(rc);
    } else {
      XT_ASSERT_ERR(rc, XNET_EMISMATCH);
      char msg[512];
      (void)xnet_replay_error(x.st, msg, sizeof msg);
      XT_ASSERT(strstr(msg, "ABORT") != NULL);
    }
    rs_close(&x);
  }
}

/* (7) IPv6: dial, the peer's second address, a message each way,
 * recorded with an IPv6 header, the peer's ABORT without a cause. */
static void test_replay_sctp_ipv6(void) {
  rs x;
  XT_ASSERT_OK(rs_open_fixture(&x, "sctp_client6.pcap", XNET_REPLAY_STRICT));
  int c;
  XT_ASSERT_OK(x.ops->socket(x.inst, XNET_AF_INET6, XNET_SOCK_STREAM, 132, &c));
  XT_ASSERT_OK(subscribe(&x, c, XNET_SCTP_ASSOC_CHANGE, 1));
  XT_ASSERT_OK(set_int(&x, c, XNET_SCTP_OPT_RECVRCVINFO, 1));
  xnet_sockaddr to;
  memset(&to, 0, sizeof to);
  to.family = XNET_AF_INET6;
  to.port = 7000;
  XT_ASSERT_OK(xnet_ip_parse("2001:db8::2", 11, &to.ip));
  XT_ASSERT_OK(x.ops->connect(x.inst, c, &to));
  xnet_sockaddr as[4];
  XT_ASSERT_INT_EQ(x.ops->sctp_addrs(x.inst, c, 1, as, 4), 2);
  XT_ASSERT(sa_is(&as[0], "2001:db8::2", 7000));
  XT_ASSERT(sa_is(&as[1], "2001:db8:1::2", 7000));
  xnet_sctp_status st;
  XT_ASSERT_OK(status(&x, c, &st));
  XT_ASSERT_INT_EQ(st.primary.addr.family, XNET_SCTP_AF_INET6);
  XT_ASSERT_UINT_EQ(st.outstrms, 4);
  XT_ASSERT_UINT_EQ(st.fragmentation_point, 1500 - 40 - 12 - 16);
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_NOTE(&m, XNET_SCTP_ASSOC_CHANGE);
  XT_ASSERT_INT_EQ(rs_send(&x, c, "v6 ping", 7, 1, 5, 0, NULL), 7);
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_DATA(&m, "v6 pong", 1, 5);
  XT_ASSERT(sa_is(&m.from, "2001:db8::2", 7000));
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_ASSOC(&m, XNET_SCTP_COMM_LOST);
  XT_ASSERT_UINT_EQ(m.nt.u.assoc_change.error, 0);
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_ERR(m.rc, XNET_ECONNRESET);
  XT_ASSERT_OK(rs_end(&x, c, -1));
}

/* (7b) An IPv6 listener on the wildcard takes an IPv4 association, with
 * IPv4-mapped addresses, as Linux does (IPV6_V6ONLY off). */
static void test_replay_sctp_dual_stack_listener(void) {
  rs x;
  XT_ASSERT_OK(rs_open_fixture(&x, "sctp_abort.pcap", XNET_REPLAY_STRICT));
  int l, c;
  XT_ASSERT_OK(x.ops->socket(x.inst, XNET_AF_INET6, XNET_SOCK_STREAM, 132, &l));
  xnet_sockaddr a;
  memset(&a, 0, sizeof a);
  a.family = XNET_AF_INET6;
  a.port = 5000;
  a.ip.len = 16;
  XT_ASSERT_OK(x.ops->bind(x.inst, l, &a));
  XT_ASSERT_OK(set_int(&x, l, XNET_SCTP_OPT_RECVRCVINFO, 1));
  XT_ASSERT_OK(x.ops->listen(x.inst, l, 1));
  xnet_sockaddr peer;
  XT_ASSERT_OK(rs_accept(&x, l, &c, &peer));
  XT_ASSERT_INT_EQ(peer.family, XNET_AF_INET6);
  XT_ASSERT_MEM_EQ(peer.ip.bytes, peer.ip.len,
                   "\0\0\0\0\0\0\0\0\0\0\xff\xff\x0a\x05\x00\x02", 16);
  XT_ASSERT_UINT_EQ(peer.port, 40001);
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_DATA(&m, "before abort", 0, 0);
  XT_ASSERT_MEM_EQ(m.from.ip.bytes, m.from.ip.len, peer.ip.bytes, 16);
  XT_ASSERT_UINT_EQ(m.from.port, 40001);
  xnet_sctp_status st;
  XT_ASSERT_OK(status(&x, c, &st));
  XT_ASSERT_INT_EQ(st.primary.addr.family, XNET_SCTP_AF_INET6);
  rs_recv(&x, c, 2048, 0, &m);
  XT_ASSERT_ERR(m.rc, XNET_ECONNRESET);
  XT_ASSERT_OK(rs_end(&x, c, l));
}

/* (8) Malformed packets are skipped; the association carries on. */
static void test_replay_sctp_malformed(void) {
  rs x;
  XT_ASSERT_OK(rs_open_fixture(&x, "sctp_malformed.pcap", XNET_REPLAY_LENIENT));
  int l, c;
  XT_ASSERT_OK(rs_listen(&x, "10.8.0.1", 5000, 1, &l));
  XT_ASSERT_OK(set_int(&x, l, XNET_SCTP_OPT_RECVRCVINFO, 1));
  XT_ASSERT_OK(rs_accept(&x, l, &c, NULL));
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_DATA(&m, "still fine", 0, 9);
  XT_ASSERT_UINT_EQ(m.info.tsn, 10);
  rs_recv(&x, c, 2048, x.ops->now(x.inst) + XNET_SECOND, &m);
  XT_ASSERT_ERR(m.rc, XNET_ETIMEDOUT);
  XT_ASSERT_OK(rs_end(&x, c, l));
}

/* (9) Options as a Linux kernel takes them. */
static void test_replay_sctp_options(void) {
  rs x;
  XT_ASSERT_OK(rs_open_fixture(&x, "sctp_client.pcap", XNET_REPLAY_LENIENT));
  int c;
  XT_ASSERT_OK(sctp_socket(&x, &c));
  int lvl = L->sockopt_level;
  uint8_t im[8] = {0};
  XT_ASSERT_ERR(x.ops->setsockopt_raw(x.inst, c, lvl,
                                      L->sockopt[XNET_SCTP_OPT_INITMSG], im, 7),
                XNET_EINVAL);
  xnet_sctp_initmsg in = {16, 32, 4, 1000};
  size_t n = 0;
  XT_ASSERT_OK(xnet_sctp_initmsg_marshal(L, &in, im, sizeof im, &n));
  XT_ASSERT_OK(x.ops->setsockopt_raw(x.inst, c, lvl,
                                     L->sockopt[XNET_SCTP_OPT_INITMSG], im, n));
  uint8_t back[8];
  size_t blen = sizeof back;
  XT_ASSERT_OK(x.ops->getsockopt_raw(x.inst, c, lvl,
                                     L->sockopt[XNET_SCTP_OPT_INITMSG], back,
                                     &blen));
  XT_ASSERT_MEM_EQ(back, blen, im, n);
  int one = 1;
  XT_ASSERT_ERR(x.ops->setsockopt_raw(x.inst, c, lvl, 9999, &one, sizeof one),
                -ENOPROTOOPT);
  XT_ASSERT_ERR(x.ops->setsockopt_raw(x.inst, c, lvl,
                                      L->sockopt[XNET_SCTP_OPT_NODELAY], &one, 2),
                XNET_EINVAL);
  XT_ASSERT_OK(set_int(&x, c, XNET_SCTP_OPT_NODELAY, 1));
  int v = 0;
  size_t vlen = sizeof v;
  XT_ASSERT_OK(x.ops->getsockopt_raw(x.inst, c, lvl,
                                     L->sockopt[XNET_SCTP_OPT_NODELAY], &v,
                                     &vlen));
  XT_ASSERT_INT_EQ(v, 1);
  /* No association yet: no status. */
  xnet_sctp_status st;
  XT_ASSERT_ERR(status(&x, c, &st), XNET_EINVAL);
  XT_ASSERT_OK(set_int(&x, c, XNET_SCTP_OPT_DISABLE_FRAGMENTS, 1));
  /* The deprecated SCTP_EVENTS: data_io and association events. */
  uint8_t evs[14] = {1, 1};
  XT_ASSERT_OK(x.ops->setsockopt_raw(x.inst, c, lvl,
                                     L->sockopt[XNET_SCTP_OPT_EVENTS], evs,
                                     sizeof evs));
  xnet_sockaddr to = sa4("10.4.0.2", 6000);
  XT_ASSERT_OK(x.ops->connect(x.inst, c, &to));
  rmsg m;
  rs_recv(&x, c, 2048, 0, &m);
  EXPECT_NOTE(&m, XNET_SCTP_ASSOC_CHANGE);
  static uint8_t big[2000];
  XT_ASSERT_ERR(rs_send(&x, c, big, sizeof big, 0, 0, 0, NULL), XNET_EMSGSIZE);
  XT_ASSERT_ERR(rs_send(&x, c, "ping", 4, 7, 0, 0, NULL), XNET_EINVAL);
  xnet_sockaddr stranger = sa4("10.9.9.9", 6000);
  XT_ASSERT_ERR(rs_send(&x, c, "ping", 4, 0, 0, 0, &stranger), XNET_EINVAL);
  XT_ASSERT_INT_EQ(rs_send(&x, c, "ping", 4, 0, 0x12345678, 0, NULL), 4);
  /* data_io: the deprecated SCTP_SNDRCV control message comes along. */
  uint8_t buf[64], oob[128];
  struct iovec iov = {buf, sizeof buf};
  xnet_backend_msg bm;
  for (;;) {
    memset(&bm, 0, sizeof bm);
    bm.iov = &iov;
    bm.iov_len = 1;
    bm.oob = oob;
    bm.oob_cap = sizeof oob;
    int rc = x.ops->recvmsg(x.inst, c, &bm, 0);
    if (rc != XNET_EAGAIN) {
      XT_ASSERT_INT_EQ(rc, 4);
      break;
    }
    XT_ASSERT_OK(x.ops->wait(x.inst, c, XNET_WAIT_READ, 0, NULL));
  }
  xnet_cmsg_iter it;
  xnet_cmsg cm;
  xnet_cmsg_iter_init(&it, &xnet_profile_linux, oob, bm.oob_len);
  XT_ASSERT_INT_EQ(xnet_cmsg_iter_next(&it, &cm), 1);
  xnet_sctp_cmsg_type kind;
  XT_ASSERT_OK(xnet_sctp_cmsg_kind(L, cm.level, cm.type, &kind));
  XT_ASSERT_INT_EQ(kind, XNET_SCTP_CMSG_SNDRCV);
  xnet_sctp_sndrcvinfo sr;
  XT_ASSERT_OK(xnet_sctp_sndrcvinfo_parse(L, cm.data, cm.len, &sr));
  XT_ASSERT_UINT_EQ(ntohl(sr.ppid), 0x12345678);
  XT_ASSERT_UINT_EQ(sr.tsn, 900);
  /* A small control buffer: the message comes, MSG_CTRUNC says so. */
  XT_ASSERT_OK(x.ops->close(x.inst, c));
  rs_close(&x);
}

/* (10) Writes recorded into an output capture: valid SCTP with CRC32c,
 * the capture's TSNs, streams and PPIDs. */
static void test_replay_sctp_output_capture(void) {
  char path[] = "/tmp/xnet_sctp_out_XXXXXX";
  int fd = mkstemp(path);
  XT_ASSERT(fd >= 0);
  close(fd);
  rs x;
  int l, c;
  server_open(&x, XNET_REPLAY_STRICT, path, &l, &c);
  if (c >= 0) {
    server_reads(&x, c);
    CU_ASSERT_EQUAL(rs_send(&x, c, "reply", 5, 1, 7, 0, NULL), 5);
  }
  rs_close(&x); /* flushes the output */
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(path, err);
  XT_ASSERT(p != NULL);
  struct pcap_pkthdr *h;
  const u_char *b;
  int got = pcap_next_ex(p, &h, &b);
  XT_ASSERT_INT_EQ(got, 1);
  XT_ASSERT(h->caplen >= 20 + 12 + 16 + 5);
  XT_ASSERT_UINT_EQ(b[9], 132);
  XT_ASSERT_MEM_EQ(b + 12, 8, "\x0a\x03\x00\x01\x0a\x03\x00\x02", 8);
  XT_ASSERT_OK(xnet_sctp_packet_verify(b + 20, h->caplen - 20));
  xnet_sctp_packet pk;
  XT_ASSERT_OK(xnet_sctp_packet_parse(b + 20, h->caplen - 20, &pk));
  XT_ASSERT_UINT_EQ(pk.header.verification_tag, 0x11111111);
  XT_ASSERT_UINT_EQ(pk.header.src_port, 5000);
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk ch;
  xnet_sctp_chunk_iter_init(&it, &pk);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &ch), 1);
  xnet_sctp_data d;
  XT_ASSERT_OK(xnet_sctp_data_parse(&ch, &d));
  XT_ASSERT_UINT_EQ(d.tsn, 5000);
  XT_ASSERT_UINT_EQ(d.stream_id, 1);
  XT_ASSERT_UINT_EQ(d.ppid, 7);
  XT_ASSERT(d.beginning && d.ending);
  XT_ASSERT_MEM_EQ(d.payload, d.payload_len, "reply", 5);
  pcap_close(p);
  unlink(path);
}

/* (11) Damaged captures: random bytes of sctp_server.pcap changed (and
 * some records cut), replayed by a server that reads and writes until the
 * end. Nothing may crash, read out of bounds or leak (ASan runs this). */
static void test_replay_sctp_mutations(void) {
  FILE *f = fopen(FIX("sctp_server.pcap"), "rb");
  XT_ASSERT(f != NULL);
  static uint8_t orig[8192], buf[8192];
  size_t n = fread(orig, 1, sizeof orig, f);
  fclose(f);
  XT_ASSERT(n > 100 && n < sizeof orig);
  uint64_t x = 0x2545f4914f6cdd1dull;
  int opened = 0;
  for (int iter = 0; iter < 400; iter++) {
    memcpy(buf, orig, n);
    size_t len = n;
    int flips = 1 + iter % 8;
    for (int k = 0; k < flips; k++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      size_t at = 24 + (size_t)(x % (n - 24));
      buf[at] = (uint8_t)(x >> 32);
    }
    if (iter % 5 == 4) len = 24 + (size_t)((x >> 8) % (n - 24));
    xnet_replay_options o;
    memset(&o, 0, sizeof o);
    o.writes = XNET_REPLAY_LENIENT;
    CU_ASSERT_EQUAL(xnet_ip_parse("10.3.0.1", 8, &o.local[0]), 0);
    o.local_count = 1;
    rs r;
    memset(&r, 0, sizeof r);
    if (xnet_replay_stack_open_memory(buf, len, &o, &r.st) != 0) continue;
    opened++;
    r.ops = xnet__stack_ops(r.st);
    r.inst = xnet__stack_instance(r.st);
    int l, c = -1;
    if (sctp_socket(&r, &l) == 0) {
      xnet_sockaddr a = sa4("10.3.0.1", 5000);
      for (int t = XNET_SCTP_ASSOC_CHANGE; t <= XNET_SCTP_SEND_FAILED_EVENT; t++)
        (void)subscribe(&r, l, (xnet_sctp_notification_type)t, 1);
      (void)set_int(&r, l, XNET_SCTP_OPT_RECVRCVINFO, 1);
      (void)r.ops->bind(r.inst, l, &a);
      (void)r.ops->listen(r.inst, l, 4);
      if (rs_accept(&r, l, &c, NULL) == 0) {
        rmsg *m = malloc(sizeof *m);
        for (int k = 0; m && k < 64; k++) {
          rs_recv(&r, c, 100, r.ops->now(r.inst) + XNET_SECOND, m);
          if (m->rc < 0 && m->rc != XNET_EAGAIN && k > 20) break;
          if (k == 6) (void)rs_send(&r, c, "reply", 5, 1, 7, 0, NULL);
          xnet_sctp_status st;
          (void)status(&r, c, &st);
          xnet_sockaddr as[4];
          (void)r.ops->sctp_addrs(r.inst, c, 1, as, 4);
        }
        free(m);
        (void)r.ops->shutdown(r.inst, c, 1);
        (void)r.ops->close(r.inst, c);
      }
      (void)r.ops->close(r.inst, l);
    }
    int fin = xnet_replay_finish(r.st);
    CU_ASSERT(fin <= 0);
    rs_close(&r);
  }
  XT_ASSERT(opened > 100);
}

XT_SUITE(backends, replay_sctp, NULL, NULL,
         XT_TEST(test_replay_sctp_server),
         XT_TEST(test_replay_sctp_write_mismatch),
         XT_TEST(test_replay_sctp_client),
         XT_TEST(test_replay_sctp_abort),
         XT_TEST(test_replay_sctp_dial_fail),
         XT_TEST(test_replay_sctp_local_abort),
         XT_TEST(test_replay_sctp_ipv6),
         XT_TEST(test_replay_sctp_dual_stack_listener),
         XT_TEST(test_replay_sctp_malformed),
         XT_TEST(test_replay_sctp_options),
         XT_TEST(test_replay_sctp_output_capture),
         XT_TEST(test_replay_sctp_mutations));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_replay_sctp_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, replay_sctp, NULL, NULL,
         XT_TEST_IF(test_replay_sctp_unavailable, need_replay));
#endif
