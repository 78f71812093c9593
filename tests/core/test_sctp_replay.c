/* test_sctp_replay.c — the public SCTP API (xnet/sctp.h) end to end on a
 * replay stack (backends/pcap/sctp*.c), on the crafted captures of
 * fixtures/replay/make_sctp.py: dial and accept; multi-homed addresses on
 * both sides; messages on several streams with PPIDs; a message larger
 * than the reader's buffer arriving in parts with end-of-record only on
 * the last; unordered delivery flagged; notifications only for subscribed
 * types, decoded; status with streams and state; graceful shutdown and
 * abort with their events and errors; write-msg to an explicit destination
 * checked against the capture. The vtable-level tests of the same backend
 * are tests/backends/test_replay_sctp.c. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../backends/sctp_fixtures_test.h"
#include "xnet/cancel.h"
#include "xnet/sctp.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

/* A replay stack of the crafted capture file as its host; NULL: failed. */
static xnet_stack *open_fixture(const char *file, int writes) {
  xnet_replay_options o;
  char path[512];
  xnet_stack *s = NULL;
  if (sctp_fixture(file, writes, &o, path, sizeof path) < 0) return NULL;
  return xnet_replay_stack_open(path, &o, &s) == 0 ? s : NULL;
}

static int finish(xnet_stack *s) {
  int rc = xnet_replay_finish(s);
  if (rc) {
    char msg[768];
    (void)xnet_replay_error(s, msg, sizeof msg);
    printf("\n  %s\n", msg);
  }
  return rc;
}

/* One read_msg, decoded. */
typedef struct rd {
  int rc, flags;
  uint8_t b[2048];
  xnet_sctp_rcvinfo info;
  xnet_sctp_notification ev;
  int ev_rc;
} rd;

static void read_one(xnet_conn *c, size_t cap, rd *r) {
  memset(r, 0, sizeof *r);
  if (cap > sizeof r->b) cap = sizeof r->b;
  r->rc = xnet_sctp_conn_read_msg(c, r->b, cap, &r->info, &r->flags);
  if (r->rc > 0 && (r->flags & XNET_SCTP_MSG_NOTIFICATION))
    r->ev_rc = xnet_sctp_event_parse(c, r->b, (size_t)r->rc, &r->ev);
}

#define EXPECT_EVENT(r, type_)                                \
  do {                                                        \
    XT_ASSERT((r)->rc > 0);                                   \
    XT_ASSERT((r)->flags & XNET_SCTP_MSG_NOTIFICATION);       \
    XT_ASSERT((r)->flags & XNET_SCTP_MSG_EOR);                \
    XT_ASSERT_OK((r)->ev_rc);                                 \
    XT_ASSERT_INT_EQ((r)->ev.type, (type_));                  \
  } while (0)

#define EXPECT_MSG(r, text, sid_, ppid_)                      \
  do {                                                        \
    XT_ASSERT_INT_EQ((r)->rc, (int)strlen(text));             \
    XT_ASSERT(!((r)->flags & XNET_SCTP_MSG_NOTIFICATION));    \
    XT_ASSERT((r)->flags & XNET_SCTP_MSG_EOR);                \
    XT_ASSERT_MEM_EQ((r)->b, (size_t)(r)->rc, text, strlen(text)); \
    XT_ASSERT_UINT_EQ((r)->info.sid, (sid_));                 \
    XT_ASSERT_UINT_EQ(xnet_sctp_ntohl((r)->info.ppid), (ppid_)); \
  } while (0)

/* An SCTP_ASSOC_CHANGE notification to state_. */
#define EXPECT_ASSOC(r, state_)                                \
  do {                                                        \
    EXPECT_EVENT((r), XNET_SCTP_ASSOC_CHANGE);                \
    XT_ASSERT_INT_EQ((r)->ev.u.assoc_change.state, (state_)); \
  } while (0)

static bool endpoint_is(const xnet_sctp_endpoint *e, const char *text) {
  char buf[XNET_SCTP_ENDPOINT_STRLEN];
  xnet_sctp_endpoint_format(e, buf, sizeof buf);
  if (strcmp(buf, text) != 0) printf("\n  endpoint %s, want %s\n", buf, text);
  return strcmp(buf, text) == 0;
}

/* sctp_client.pcap's exchange after the handshake: "ping" out with a PPID,
 * "pong" back with it, close-write runs the SHUTDOWN (SHUTDOWN_COMP, the
 * only subscribed event), then end of stream; closes c. */
static void ping_pong_shutdown(xnet_conn *c) {
  xnet_sctp_sndinfo si;
  memset(&si, 0, sizeof si);
  si.ppid = xnet_sctp_htonl(0x12345678);
  XT_ASSERT_INT_EQ(xnet_sctp_conn_write_msg(c, "ping", 4, &si), 4);
  rd r;
  read_one(c, 2048, &r);
  EXPECT_MSG(&r, "pong", 0, 0x12345678);
  XT_ASSERT_OK(xnet_conn_close_write(c));
  read_one(c, 2048, &r);
  EXPECT_ASSOC(&r, XNET_SCTP_SHUTDOWN_COMP);
  read_one(c, 2048, &r);
  XT_ASSERT_INT_EQ(r.rc, 0);
  XT_ASSERT_OK(xnet_conn_close(c));
}

/* An SCTP listener on s (sctp4) at addr. */
static int listen_on(xnet_stack *s, const char *addr, xnet_listener **l) {
  xnet_sctp_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  return xnet_sctp_listen_config_listen(&lc, "sctp4", addr, l);
}

/* An SCTP dial (sctp4) on s to addr, subscribed to the n events first. */
static int dial_on(xnet_stack *s, const xnet_sctp_notification_type *events,
                   size_t n, const char *addr, xnet_conn **c) {
  xnet_sctp_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  d.events = events;
  d.nevents = n;
  return xnet_sctp_dialer_dial(&d, "sctp4", addr, c);
}

/* (1) Accept: events, streams, PPIDs, a message in parts, unordered,
 * status, both sides' addresses, writes (one to the second path), the
 * peer's graceful shutdown. */
static void test_sctp_replay_accept(void) {
  xnet_stack *s = open_fixture("sctp_server.pcap", XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  xnet_listener *l = NULL;
  XT_ASSERT_OK(listen_on(s, "10.3.0.1:5000", &l));
  static const xnet_sctp_notification_type types[] = {
      XNET_SCTP_ASSOC_CHANGE, XNET_SCTP_PEER_ADDR_CHANGE,
      XNET_SCTP_SHUTDOWN_EVENT, XNET_SCTP_ADAPTATION_INDICATION,
      XNET_SCTP_SENDER_DRY_EVENT};
  XT_ASSERT_OK(xnet_sctp_listener_subscribe(l, types, 5));
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_listener_accept(l, &c));
  xnet_sctp_endpoint ep;
  XT_ASSERT_OK(xnet_sctp_conn_remote_addr(c, &ep));
  XT_ASSERT(endpoint_is(&ep, "10.3.0.2/10.3.1.2:40000"));
  XT_ASSERT_OK(xnet_sctp_conn_local_addr(c, &ep));
  XT_ASSERT(endpoint_is(&ep, "10.3.0.1/10.3.1.1:5000"));
  xnet_sctp_status st;
  XT_ASSERT_OK(xnet_sctp_conn_status(c, &st));
  XT_ASSERT_INT_EQ(st.state, XNET_SCTP_ESTABLISHED);
  XT_ASSERT_UINT_EQ(st.outstrms, 8);
  XT_ASSERT_UINT_EQ(st.instrms, 10);
  rd r;
  read_one(c, 2048, &r);
  EXPECT_ASSOC(&r, XNET_SCTP_COMM_UP);
  XT_ASSERT_UINT_EQ(r.ev.u.assoc_change.outbound_streams, 8);
  XT_ASSERT_UINT_EQ(r.ev.u.assoc_change.inbound_streams, 10);
  read_one(c, 2048, &r);
  EXPECT_EVENT(&r, XNET_SCTP_ADAPTATION_INDICATION);
  XT_ASSERT_UINT_EQ(r.ev.u.adaptation_event.adaptation_ind, 0x01020304);
  read_one(c, 2048, &r);
  EXPECT_MSG(&r, "hello", 0, 1);
  read_one(c, 2048, &r);
  EXPECT_MSG(&r, "stream one", 1, 2);
  uint8_t big[900];
  for (size_t i = 0; i < sizeof big; i++) big[i] = (uint8_t)(i * 7);
  read_one(c, 600, &r);
  XT_ASSERT_INT_EQ(r.rc, 600);
  XT_ASSERT(!(r.flags & XNET_SCTP_MSG_EOR));
  XT_ASSERT_UINT_EQ(r.info.sid, 2);
  XT_ASSERT_UINT_EQ(xnet_sctp_ntohl(r.info.ppid), 3);
  XT_ASSERT_MEM_EQ(r.b, 600, big, 600);
  read_one(c, 600, &r);
  XT_ASSERT_INT_EQ(r.rc, 300);
  XT_ASSERT(r.flags & XNET_SCTP_MSG_EOR);
  XT_ASSERT_UINT_EQ(r.info.sid, 2);
  XT_ASSERT_MEM_EQ(r.b, 300, big + 600, 300);
  read_one(c, 2048, &r);
  EXPECT_MSG(&r, "urgent", 3, 4);
  XT_ASSERT(r.info.flags & XNET_SCTP_UNORDERED);
  xnet_sctp_sndinfo si;
  memset(&si, 0, sizeof si);
  si.sid = 1;
  si.ppid = xnet_sctp_htonl(7);
  XT_ASSERT_INT_EQ(xnet_sctp_conn_write_msg(c, "reply", 5, &si), 5);
  read_one(c, 2048, &r);
  EXPECT_EVENT(&r, XNET_SCTP_SENDER_DRY_EVENT);
  read_one(c, 2048, &r);
  EXPECT_EVENT(&r, XNET_SCTP_PEER_ADDR_CHANGE);
  XT_ASSERT_INT_EQ(r.ev.u.peer_addr_change.state, XNET_SCTP_ADDR_CONFIRMED);
  xnet_ip second;
  XT_ASSERT_OK(xnet_ip_parse("10.3.1.2", 8, &second));
  si.sid = 0;
  si.ppid = xnet_sctp_htonl(8);
  XT_ASSERT_INT_EQ(
      xnet_sctp_conn_write_msg_ext(c, "via second path", 15, &si, &second, 0),
      15);
  read_one(c, 2048, &r);
  EXPECT_EVENT(&r, XNET_SCTP_SENDER_DRY_EVENT);
  read_one(c, 2048, &r);
  EXPECT_EVENT(&r, XNET_SCTP_SHUTDOWN_EVENT);
  read_one(c, 2048, &r);
  EXPECT_ASSOC(&r, XNET_SCTP_SHUTDOWN_COMP);
  read_one(c, 2048, &r);
  XT_ASSERT_INT_EQ(r.rc, 0);
  XT_ASSERT_INT_EQ(r.flags, 0);
  XT_ASSERT_OK(xnet_conn_close(c));
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_OK(finish(s));
  xnet_stack_close(s);
}

/* (2) A write to an explicit destination that is not the capture's. */
static void test_sctp_replay_write_destination_checked(void) {
  xnet_stack *s = open_fixture("sctp_server.pcap", XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  xnet_listener *l = NULL;
  XT_ASSERT_OK(listen_on(s, "10.3.0.1:5000", &l));
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_listener_accept(l, &c));
  rd r;
  for (int i = 0; i < 5; i++) { /* the four messages, one in two parts */
    read_one(c, 512, &r);
    XT_ASSERT(r.rc > 0);
  }
  xnet_sctp_sndinfo si;
  memset(&si, 0, sizeof si);
  si.sid = 1;
  si.ppid = xnet_sctp_htonl(7);
  xnet_ip second;
  XT_ASSERT_OK(xnet_ip_parse("10.3.1.2", 8, &second));
  /* The capture sent "reply" on the primary path. */
  XT_ASSERT_ERR(xnet_sctp_conn_write_msg_ext(c, "reply", 5, &si, &second, 0),
                XNET_EMISMATCH);
  char msg[768];
  XT_ASSERT(xnet_replay_error(s, msg, sizeof msg) > 0);
  XT_ASSERT(strstr(msg, "destination 10.3.1.2:40000, expected 10.3.0.2:40000"));
  (void)xnet_conn_close(c);
  (void)xnet_listener_close(l);
  xnet_stack_close(s);
}

/* (3) Dial a multi-homed server from a multi-homed host; only the
 * subscribed type arrives; close-write runs the SHUTDOWN. */
static void test_sctp_replay_dial(void) {
  xnet_stack *s = open_fixture("sctp_client.pcap", XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  xnet_conn *c = NULL;
  XT_ASSERT_OK(dial_on(s, NULL, 0, "10.4.0.2:6000", &c));
  static const xnet_sctp_notification_type up[] = {XNET_SCTP_ASSOC_CHANGE};
  XT_ASSERT_OK(xnet_sctp_conn_subscribe(c, up, 1));
  xnet_sctp_endpoint ep;
  XT_ASSERT_OK(xnet_sctp_conn_refresh_remote_addr(c, &ep));
  XT_ASSERT(endpoint_is(&ep, "10.4.0.2/10.4.1.2:6000"));
  XT_ASSERT_OK(xnet_sctp_conn_local_addr(c, &ep));
  XT_ASSERT(endpoint_is(&ep, "10.4.0.1/10.4.1.1:41000"));
  xnet_sctp_status st;
  XT_ASSERT_OK(xnet_sctp_conn_status(c, &st));
  XT_ASSERT_UINT_EQ(st.outstrms, 7);
  XT_ASSERT_UINT_EQ(st.instrms, 5);
  /* Subscribed after COMM_UP was made: it was filtered then. The SACK of
   * "ping" makes the sender dry, which is not subscribed. */
  ping_pong_shutdown(c);
  XT_ASSERT_OK(finish(s));
  xnet_stack_close(s);
}

/* (4) The peer's ABORT: COMM_LOST with its cause, then a reset. */
static void test_sctp_replay_abort(void) {
  xnet_stack *s = open_fixture("sctp_abort.pcap", XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  xnet_listener *l = NULL;
  XT_ASSERT_OK(listen_on(s, ":5000", &l));
  static const xnet_sctp_notification_type types[] = {XNET_SCTP_ASSOC_CHANGE};
  XT_ASSERT_OK(xnet_sctp_listener_subscribe(l, types, 1));
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_listener_accept(l, &c));
  rd r;
  read_one(c, 2048, &r);
  EXPECT_ASSOC(&r, XNET_SCTP_COMM_UP);
  read_one(c, 2048, &r);
  EXPECT_MSG(&r, "before abort", 0, 0);
  read_one(c, 2048, &r);
  EXPECT_ASSOC(&r, XNET_SCTP_COMM_LOST);
  XT_ASSERT_UINT_EQ(r.ev.u.assoc_change.error, 12);
  read_one(c, 2048, &r);
  XT_ASSERT_ERR(r.rc, XNET_ECONNRESET);
  XT_ASSERT_ERR(xnet_sctp_conn_write_msg(c, "x", 1, NULL), XNET_EPIPE);
  (void)xnet_conn_close(c);
  XT_ASSERT_OK(xnet_listener_close(l));
  XT_ASSERT_OK(finish(s));
  xnet_stack_close(s);
}

/* (5) Dials refused by an ABORT and unanswered in the capture. */
static void test_sctp_replay_dial_fail(void) {
  xnet_stack *s = open_fixture("sctp_dial_fail.pcap", XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  xnet_sctp_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  xnet_conn *c = NULL;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "10.6.0.2:7001", &c),
                XNET_ECONNREFUSED);
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "10.6.0.2:7002", &c),
                XNET_ETIMEDOUT);
  XT_ASSERT(c == NULL);
  XT_ASSERT_OK(finish(s));
  xnet_stack_close(s);
}

/* (6) The dialer's events are on before the dial: the client reads its
 * own COMM_UP, with the negotiated stream counts, first. */
static void test_sctp_replay_dial_events(void) {
  xnet_stack *s = open_fixture("sctp_client.pcap", XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  XT_ASSERT(xnet_sctp_supported(s));
  static const xnet_sctp_notification_type up[] = {XNET_SCTP_ASSOC_CHANGE};
  xnet_conn *c = NULL;
  XT_ASSERT_OK(dial_on(s, up, 1, "10.4.0.2:6000", &c));
  rd r;
  read_one(c, 2048, &r);
  EXPECT_ASSOC(&r, XNET_SCTP_COMM_UP);
  XT_ASSERT_UINT_EQ(r.ev.u.assoc_change.outbound_streams, 7);
  XT_ASSERT_UINT_EQ(r.ev.u.assoc_change.inbound_streams, 5);
  ping_pong_shutdown(c);
  XT_ASSERT_OK(finish(s));
  xnet_stack_close(s);
}

/* (7) A cancelled canceler fails a dial at once, before it takes the
 * capture's INIT (the next dial still finds it); a failed multi-homed dial
 * names the whole endpoint. A replay dial never blocks (the handshake
 * runs in capture time, synchronously), so the cancel of a dial blocked
 * in connect is checked on kernels (core.sctp's stand-in, vm.sctp). */
static void test_sctp_replay_dial_cancel(void) {
  xnet_stack *s = open_fixture("sctp_dial_fail.pcap", XNET_REPLAY_STRICT);
  XT_ASSERT(s != NULL);
  xnet_canceler *cancel = NULL, *other = NULL;
  XT_ASSERT_OK(xnet_canceler_new(s, &cancel));
  XT_ASSERT_OK(xnet_canceler_new(NULL, &other));
  xnet_sctp_dialer d;
  memset(&d, 0, sizeof d);
  d.stack = s;
  d.cancel = other; /* the default stack's */
  xnet_conn *c = NULL;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "10.6.0.2:7001", &c),
                XNET_EINVAL);
  d.cancel = cancel;
  xnet_canceler_cancel(cancel);
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "10.6.0.2:7001", &c),
                XNET_ECANCELED);
  char text[512];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "dial sctp4: operation was canceled");
  d.cancel = NULL;
  XT_ASSERT_ERR(xnet_sctp_dialer_dial(&d, "sctp4", "10.6.0.2:7001", &c),
                XNET_ECONNREFUSED);
  XT_ASSERT_ERR(
      xnet_sctp_dialer_dial(&d, "sctp4", "10.6.0.2/10.6.0.3:7002", &c),
      XNET_ETIMEDOUT);
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "dial sctp4 10.6.0.2/10.6.0.3:7002: i/o timeout");
  XT_ASSERT(c == NULL);
  XT_ASSERT_OK(finish(s));
  xnet_canceler_free(cancel);
  xnet_canceler_free(other);
  xnet_stack_close(s);
}

/* (8) The typed generic forms take an SCTP address (one IP). */
static void test_sctp_replay_typed_generic(void) {
  xnet_stack *s = open_fixture("sctp_client.pcap", XNET_REPLAY_LENIENT);
  XT_ASSERT(s != NULL);
  xnet_addr ra;
  memset(&ra, 0, sizeof ra);
  ra.kind = XNET_KIND_SCTP;
  XT_ASSERT_OK(xnet_ip_parse("10.4.0.2", 8, &ra.ip));
  ra.port = 6000;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_dial_addr(s, "sctp4", NULL, &ra, &c));
  XT_ASSERT_INT_EQ(xnet_conn_kind(c), XNET_KIND_SCTP);
  xnet_sctp_status st;
  XT_ASSERT_OK(xnet_sctp_conn_status(c, &st));
  XT_ASSERT_INT_EQ(st.state, XNET_SCTP_ESTABLISHED);
  XT_ASSERT_UINT_EQ(st.outstrms, 7);
  xnet_sctp_endpoint ep;
  XT_ASSERT_OK(xnet_sctp_conn_local_addr(c, &ep));
  XT_ASSERT(endpoint_is(&ep, "10.4.0.1/10.4.1.1:41000"));
  (void)xnet_conn_close(c);
  xnet_stack_close(s);
}

XT_SUITE(core, sctp_replay, NULL, NULL,
         XT_TEST(test_sctp_replay_accept),
         XT_TEST(test_sctp_replay_write_destination_checked),
         XT_TEST(test_sctp_replay_dial),
         XT_TEST(test_sctp_replay_abort),
         XT_TEST(test_sctp_replay_dial_fail),
         XT_TEST(test_sctp_replay_dial_events),
         XT_TEST(test_sctp_replay_dial_cancel),
         XT_TEST(test_sctp_replay_typed_generic));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_sctp_replay_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(core, sctp_replay, NULL, NULL,
         XT_TEST_IF(test_sctp_replay_unavailable, need_replay));
#endif
