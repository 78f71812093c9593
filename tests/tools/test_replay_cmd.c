/* test_replay_cmd.c — `xnet replay FILE [--local ADDR]... [--json]` on the
 * replay fixtures (fixtures/replay/make_replay.py says what each holds),
 * on a recording made by the recorder, and on corpus captures: the JSON
 * lines are parsed and every field checked against what the capture
 * contains (events in virtual-time order, addresses, payload hex, TTL/TOS,
 * interface, TCP accept/dial/data/eof/reset, the final timeouts); the
 * text form; a 60-second capture gap costs no real time; bad files and
 * bad usage exit 3 and 2 with a clear message. The command runs
 * in-process (xnet_tool_main with temporary files), and once as the built
 * binary. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xnet_test.h"
#include "xnet_tool.h"

#define FIX(name) XNET_FIXTURES_DIR "/replay/" name
#define REPLAY_BINARY XNET_BINARY_DIR "/tools/xnet/xnet"

#ifdef XNET_HAVE_REPLAY
#include "json_reader.h"

typedef struct run_result {
  int status;
  char *out; /* malloc'd */
  char err[2048];
  double secs;
} run_result;

static char *slurp(FILE *f, size_t *len) {
  long n = ftell(f);
  rewind(f);
  char *b = malloc(n > 0 ? (size_t)n + 1 : 1);
  size_t got = b && n > 0 ? fread(b, 1, (size_t)n, f) : 0;
  if (b) b[got] = '\0';
  if (len) *len = got;
  fclose(f);
  return b;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs `xnet replay ARGS...` (NULL-terminated) in-process. */
static void vrun(run_result *r, va_list ap) {
  char *argv[24];
  int argc = 0;
  argv[argc++] = "xnet";
  argv[argc++] = "replay";
  for (char *a; argc < 23 && (a = va_arg(ap, char *)) != NULL;) argv[argc++] = a;
  argv[argc] = NULL;
  memset(r, 0, sizeof *r);
  FILE *out = tmpfile(), *err = tmpfile();
  if (!out || !err) {
    if (out) fclose(out);
    if (err) fclose(err);
    r->status = -1;
    return;
  }
  double t0 = now_s();
  r->status = xnet_tool_main(argc, argv, stdin, out, err);
  r->secs = now_s() - t0;
  r->out = slurp(out, NULL);
  size_t n = 0;
  char *e = slurp(err, &n);
  snprintf(r->err, sizeof r->err, "%s", e ? e : "");
  free(e);
}

static void run(run_result *r, ...) {
  va_list ap;
  va_start(ap, r);
  vrun(r, ap);
  va_end(ap);
}

static void done(run_result *r) {
  free(r->out);
  r->out = NULL;
}

/* ---- the JSON lines ---- */

#define MAX_OBS 1024
#define POOL 64

typedef struct obs {
  char line[8192];
  jnode pool[POOL];
  const jnode *root;
} obs;

typedef struct obs_list {
  size_t n;
  obs *o; /* MAX_OBS */
  int bad; /* lines that did not parse */
} obs_list;

static void parse_lines(const char *text, obs_list *l) {
  memset(l, 0, sizeof *l);
  l->o = calloc(MAX_OBS, sizeof *l->o);
  if (!l->o) return;
  const char *p = text;
  while (p && *p && l->n < MAX_OBS) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    obs *o = &l->o[l->n];
    if (len >= sizeof o->line) len = sizeof o->line - 1;
    memcpy(o->line, p, len);
    o->line[len] = '\0';
    o->root = json_parse_line(o->line, o->pool, POOL);
    if (o->root) l->n++;
    else l->bad++;
    p = nl ? nl + 1 : NULL;
  }
}

/* Runs `xnet replay ARGS...` (NULL-terminated), which must exit 0, and
 * parses its lines into l (l->o stays NULL when it failed); r keeps the
 * status, stderr and time. */
static void run_json(obs_list *l, run_result *r, ...) {
  memset(l, 0, sizeof *l);
  va_list ap;
  va_start(ap, r);
  vrun(r, ap);
  va_end(ap);
  if (r->status == 0) parse_lines(r->out, l);
  done(r);
  XT_ASSERT_INT_EQ(r->status, 0);
}

/* run_json, stopping the test when it failed (the failure is recorded). */
#define RUN_JSON(l, r, ...)              \
  do {                                   \
    run_json((l), (r), __VA_ARGS__);     \
    if (!(l)->o) return;                 \
  } while (0)

/* The node at a dotted path ("conn.local") below o, NULL: none. */
static const jnode *at(const jnode *o, const char *path) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s", path);
  const jnode *n = o;
  for (char *k = strtok(buf, "."); k && n; k = strtok(NULL, ".")) n = jget(n, k);
  return n;
}

static const char *str(const jnode *o, const char *path) {
  const jnode *n = at(o, path);
  return n && n->type == J_STR ? n->str : NULL;
}

static int64_t num(const jnode *o, const char *path) {
  const jnode *n = at(o, path);
  return n && n->type == J_NUM ? (int64_t)n->num : -1;
}

static bool is_null(const jnode *o, const char *path) {
  const jnode *n = at(o, path);
  return n && n->type == J_NULL;
}

static size_t count_event(const obs_list *l, const char *event) {
  size_t k = 0;
  for (size_t i = 0; i < l->n; i++) {
    const char *e = str(l->o[i].root, "event");
    if (e && strcmp(e, event) == 0) k++;
  }
  return k;
}

/* The i-th observation of event on the conn whose local address is local
 * (NULL: any). */
static const jnode *nth(const obs_list *l, const char *event, const char *local,
                        size_t i) {
  for (size_t k = 0; k < l->n; k++) {
    const jnode *o = l->o[k].root;
    const char *e = str(o, "event"), *lo = str(o, "conn.local");
    if (!e || strcmp(e, event) || (local && (!lo || strcmp(lo, local)))) continue;
    if (i-- == 0) return o;
  }
  return NULL;
}

/* Observations come in virtual-time order, each with the contract's base
 * fields. */
static void check_order(const obs_list *l) {
  XT_ASSERT_INT_EQ(l->bad, 0);
  int64_t t = 0;
  for (size_t i = 0; i < l->n; i++) {
    const jnode *o = l->o[i].root;
    XT_ASSERT(num(o, "t_ns") >= t);
    t = num(o, "t_ns");
    XT_ASSERT(str(o, "conn.network") != NULL);
    XT_ASSERT(str(o, "conn.local") != NULL);
    XT_ASSERT(str(o, "event") != NULL);
  }
}

/* ---- UDP ---- */

static void test_replay_cmd_udp_datagrams_with_control_messages(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("udp_echo.pcap"), NULL);
  XT_ASSERT_STR_EQ(r.err, "");
  check_order(&l);
  /* Two requests, two replies, the datagram to another port; then the
   * next read of each of the three conns times out. */
  XT_ASSERT_UINT_EQ(l.n, 8);
  XT_ASSERT_UINT_EQ(count_event(&l, "datagram"), 5);
  XT_ASSERT_UINT_EQ(count_event(&l, "timeout"), 3);
  const jnode *o = nth(&l, "datagram", "10.0.0.1:40000", 0);
  XT_ASSERT(o != NULL);
  XT_ASSERT_INT_EQ(num(o, "t_ns"), 1000000500000);
  XT_ASSERT_STR_EQ(str(o, "conn.network"), "udp4");
  XT_ASSERT(is_null(o, "conn.remote"));
  XT_ASSERT_STR_EQ(str(o, "src"), "10.0.0.2:7777");
  XT_ASSERT_STR_EQ(str(o, "dst"), "10.0.0.1:40000");
  XT_ASSERT_INT_EQ(num(o, "len"), 6);
  XT_ASSERT_STR_EQ(str(o, "data_hex"), "706f6e672031"); /* "pong 1" */
  XT_ASSERT_INT_EQ(num(o, "cm.ttl"), 61);
  XT_ASSERT_INT_EQ(num(o, "cm.tos"), 0x28);
  XT_ASSERT_STR_EQ(str(o, "cm.dst"), "10.0.0.1");
  XT_ASSERT_INT_EQ(num(o, "cm.ifindex"), 3);
  o = nth(&l, "datagram", "10.0.0.1:40000", 1);
  XT_ASSERT(o != NULL);
  XT_ASSERT_STR_EQ(str(o, "data_hex"), "706f6e672032");
  XT_ASSERT_INT_EQ(num(o, "cm.ttl"), 60);
  XT_ASSERT_INT_EQ(num(o, "cm.tos"), 0xb8);
  o = nth(&l, "datagram", "10.0.0.2:7777", 0);
  XT_ASSERT(o != NULL);
  XT_ASSERT_STR_EQ(str(o, "data_hex"), "70696e672031"); /* "ping 1" */
  XT_ASSERT_INT_EQ(num(o, "t_ns"), 1000000000000);
  o = nth(&l, "datagram", "10.0.0.1:40001", 0);
  XT_ASSERT(o != NULL);
  XT_ASSERT_STR_EQ(str(o, "data_hex"), "6f74686572"); /* "other" */
  o = nth(&l, "timeout", "10.0.0.1:40000", 0);
  XT_ASSERT(o != NULL);
  XT_ASSERT(str(o, "src") == NULL && num(o, "len") == -1);
  free(l.o);
}

static void test_replay_cmd_local_limits_the_host(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", "--local", "10.0.0.1", FIX("udp_echo.pcap"), NULL);
  check_order(&l);
  XT_ASSERT_UINT_EQ(count_event(&l, "datagram"), 3);
  XT_ASSERT(nth(&l, "datagram", "10.0.0.2:7777", 0) == NULL);
  for (size_t i = 0; i < l.n; i++)
    XT_ASSERT(strncmp(str(l.o[i].root, "conn.local"), "10.0.0.1:", 9) == 0);
  free(l.o);
}

static void test_replay_cmd_ipv6_interface_from_pcapng(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("udp6.pcapng"), NULL);
  check_order(&l);
  XT_ASSERT_UINT_EQ(count_event(&l, "datagram"), 2);
  const jnode *a = nth(&l, "datagram", NULL, 0), *b = nth(&l, "datagram", NULL, 1);
  XT_ASSERT_STR_EQ(str(a, "conn.network"), "udp6");
  XT_ASSERT_STR_EQ(str(a, "conn.local"), "[2001:db8::1]:5300");
  XT_ASSERT_STR_EQ(str(a, "src"), "[2001:db8::2]:53");
  XT_ASSERT_INT_EQ(num(a, "cm.ttl"), 33);
  XT_ASSERT_INT_EQ(num(a, "cm.tos"), 0x20);
  XT_ASSERT_INT_EQ(num(a, "cm.ifindex"), 2);
  XT_ASSERT_INT_EQ(num(b, "cm.ttl"), 34);
  XT_ASSERT_INT_EQ(num(b, "cm.ifindex"), 1);
  XT_ASSERT_INT_EQ(num(b, "t_ns") - num(a, "t_ns"), 1000000000);
  free(l.o);
}

static void test_replay_cmd_fragments_and_raw_icmp(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("frag.pcap"), NULL);
  check_order(&l);
  const jnode *o = nth(&l, "datagram", "10.9.0.1:6001", 0);
  XT_ASSERT(o != NULL);
  XT_ASSERT_INT_EQ(num(o, "len"), 3000); /* reassembled from three */
  XT_ASSERT_UINT_EQ(strlen(str(o, "data_hex")), 6000);
  o = nth(&l, "datagram", "10.9.0.1:6001", 1);
  XT_ASSERT(o != NULL);
  XT_ASSERT_STR_EQ(str(o, "data_hex"), "7461696c"); /* "tail" */
  free(l.o);

  RUN_JSON(&l, &r, "--json", FIX("icmp.pcap"), NULL);
  check_order(&l);
  o = nth(&l, "datagram", "10.1.0.1", 0);
  XT_ASSERT(o != NULL);
  XT_ASSERT_STR_EQ(str(o, "conn.network"), "ip4:1");
  XT_ASSERT_STR_EQ(str(o, "src"), "10.1.0.2");
  XT_ASSERT_INT_EQ(num(o, "len"), 37); /* IPv4 header + echo, as Linux */
  XT_ASSERT(strncmp(str(o, "data_hex"), "45", 2) == 0);
  XT_ASSERT(strstr(str(o, "data_hex"), "786e65742d6563686f") != NULL); /* xnet-echo */
  XT_ASSERT_INT_EQ(num(o, "cm.ttl"), 55);
  free(l.o);
}

/* ---- TCP ---- */

static void test_replay_cmd_tcp_server_side(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("tcp_server.pcap"), NULL);
  check_order(&l);
  const jnode *a = nth(&l, "accept", "10.2.0.1:8080", 0);
  XT_ASSERT(a != NULL);
  XT_ASSERT_STR_EQ(str(a, "src"), "10.2.0.2:41000");
  XT_ASSERT(is_null(a, "conn.remote")); /* the listener */
  /* The request, reassembled: overlap resolved to the first copy, the
   * retransmission dropped. */
  char all[256] = "";
  for (size_t i = 0; i < 8; i++) {
    const jnode *d = nth(&l, "data", "10.2.0.1:8080", i);
    if (!d) break;
    XT_ASSERT_STR_EQ(str(d, "conn.remote"), "10.2.0.2:41000");
    strncat(all, str(d, "data_hex"), sizeof all - strlen(all) - 1);
  }
  /* "GET /index.html HTTP/1.1\r\nHost: xy\r\n\r\n" */
  XT_ASSERT_STR_EQ(all, "474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a2078790d0a0d0a");
  XT_ASSERT_UINT_EQ(count_event(&l, "eof"), 1);
  XT_ASSERT_UINT_EQ(count_event(&l, "timeout"), 0); /* the conn ended */
  free(l.o);
}

static void test_replay_cmd_tcp_local_dials(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", "--local", "10.3.0.1", FIX("tcp_client.pcap"), NULL);
  check_order(&l);
  XT_ASSERT_UINT_EQ(l.n, 4);
  const jnode *o = l.o[0].root;
  XT_ASSERT_STR_EQ(str(o, "event"), "dial");
  XT_ASSERT_STR_EQ(str(o, "conn.local"), "10.3.0.1:50000");
  XT_ASSERT_STR_EQ(str(o, "conn.remote"), "10.3.0.2:80");
  o = l.o[1].root;
  XT_ASSERT_STR_EQ(str(o, "event"), "data");
  XT_ASSERT_STR_EQ(str(o, "data_hex"), "776f726c64"); /* "world" */
  XT_ASSERT_STR_EQ(str(l.o[2].root, "event"), "eof");
  o = l.o[3].root;
  XT_ASSERT_STR_EQ(str(o, "event"), "reset");
  XT_ASSERT_STR_EQ(str(o, "conn.remote"), "10.3.0.2:81");
  XT_ASSERT_STR_EQ(str(o, "error"), "XNET_ECONNREFUSED");
  free(l.o);

  RUN_JSON(&l, &r, "--json", "--local", "10.4.0.1", FIX("tcp_rst.pcap"), NULL);
  check_order(&l);
  XT_ASSERT_UINT_EQ(l.n, 4);
  XT_ASSERT_STR_EQ(str(l.o[1].root, "data_hex"), "7061727431");
  XT_ASSERT_STR_EQ(str(l.o[2].root, "data_hex"), "7061727432");
  o = l.o[3].root;
  XT_ASSERT_STR_EQ(str(o, "event"), "reset");
  XT_ASSERT_INT_EQ(num(o, "t_ns"), 11004000000);
  free(l.o);
}

static void test_replay_cmd_text_form(void) {
  run_result r;
  run(&r, FIX("tcp_server.pcap"), NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  const char *want =
      "0.000000000 tcp4 10.2.0.1:8080 accept from 10.2.0.2:41000\n"
      "0.003000000 tcp4 10.2.0.1:8080<-10.2.0.2:41000 data 10 bytes \"GET /index\"\n";
  XT_ASSERT(strstr(r.out, want) != NULL);
  XT_ASSERT(strstr(r.out, "10.2.0.1:8080<-10.2.0.2:41000 eof\n") != NULL);
  XT_ASSERT(strncmp(r.out, "# xnet replay ", 14) == 0);
  XT_ASSERT(strstr(r.out, "# 4 observations\n") != NULL);
  done(&r);
  run(&r, FIX("udp_echo.pcap"), NULL);
  XT_ASSERT(strstr(r.out, "0.000500000 udp4 10.0.0.1:40000 datagram from 10.0.0.2:7777 "
                          "6 bytes ttl=61 tos=0x28 dst=10.0.0.1 ifindex=3 \"pong 1\"\n") != NULL);
  done(&r);
}

/* A 60 s gap in the capture is 60 s of virtual time and no real wait. */
static void test_replay_cmd_gap_costs_no_real_time(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("gap.pcap"), NULL);
  XT_ASSERT(r.secs < 5.0);
  XT_ASSERT_UINT_EQ(count_event(&l, "datagram"), 2);
  XT_ASSERT_INT_EQ(num(nth(&l, "datagram", NULL, 1), "t_ns") -
                       num(nth(&l, "datagram", NULL, 0), "t_ns"),
                   60 * INT64_C(1000000000));
  free(l.o);
}

/* ---- SCTP ---- */

static const jnode *note(const obs_list *l, const char *type, size_t i) {
  for (size_t k = 0; k < l->n; k++) {
    const jnode *o = l->o[k].root;
    const char *t = str(o, "notification.type");
    if (t && strcmp(t, type) == 0 && i-- == 0) return o;
  }
  return NULL;
}

static void test_replay_cmd_sctp_server_messages_and_notifications(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("sctp_server.pcap"), NULL);
  check_order(&l);
  /* The listener is on both local addresses (the second from the
   * HEARTBEAT path): multi-homed. */
  const jnode *a = nth(&l, "accept", NULL, 0);
  XT_ASSERT(a != NULL);
  XT_ASSERT_STR_EQ(str(a, "conn.network"), "sctp4");
  XT_ASSERT_STR_EQ(str(a, "conn.local"), "10.3.0.1/10.3.1.1:5000");
  XT_ASSERT_STR_EQ(str(a, "src"), "10.3.0.2:40000");
  const jnode *up = note(&l, "SCTP_ASSOC_CHANGE", 0);
  XT_ASSERT(up != NULL);
  XT_ASSERT_STR_EQ(str(up, "notification.state"), "SCTP_COMM_UP");
  XT_ASSERT_INT_EQ(num(up, "notification.outbound_streams"), 8);
  XT_ASSERT_INT_EQ(num(up, "notification.inbound_streams"), 10);
  XT_ASSERT_STR_EQ(str(up, "conn.remote"), "10.3.0.2:40000");
  XT_ASSERT_INT_EQ(num(note(&l, "SCTP_ADAPTATION_INDICATION", 0),
                       "notification.adaptation_ind"), 0x01020304);
  /* Messages: streams, PPIDs, TSNs; the retransmission once; the three
   * fragments as one 900-byte message; the unordered one flagged. */
  XT_ASSERT_UINT_EQ(count_event(&l, "message"), 4);
  static const struct { const char *hex; int sid, ppid, tsn, len; bool unordered; } want[] = {
      {"68656c6c6f", 0, 1, 1000, 5, false},
      {"73747265616d206f6e65", 1, 2, 1001, 10, false},
      {NULL, 2, 3, 1002, 900, false},
      {"757267656e74", 3, 4, 1005, 6, true}};
  for (size_t i = 0; i < 4; i++) {
    const jnode *m = nth(&l, "message", NULL, i);
    XT_ASSERT(m != NULL);
    if (want[i].hex) XT_ASSERT_STR_EQ(str(m, "data_hex"), want[i].hex);
    XT_ASSERT_INT_EQ(num(m, "len"), want[i].len);
    XT_ASSERT_INT_EQ(num(m, "sctp.sid"), want[i].sid);
    XT_ASSERT_INT_EQ(num(m, "sctp.ppid"), want[i].ppid);
    XT_ASSERT_INT_EQ(num(m, "sctp.tsn"), want[i].tsn);
    XT_ASSERT_INT_EQ(num(m, "sctp.ssn"), 0);
    const jnode *u = jget(jget(m, "sctp"), "unordered"), *e = jget(jget(m, "sctp"), "eor");
    XT_ASSERT(u && u->type == J_BOOL && (bool)u->num == want[i].unordered);
    XT_ASSERT(e && e->type == J_BOOL && e->num == 1);
  }
  const jnode *pc = note(&l, "SCTP_PEER_ADDR_CHANGE", 0);
  XT_ASSERT(pc != NULL);
  XT_ASSERT_STR_EQ(str(pc, "notification.state"), "SCTP_ADDR_CONFIRMED");
  XT_ASSERT_STR_EQ(str(pc, "notification.addr"), "10.3.1.2:40000");
  /* The SHUTDOWN sequence: shutdown event, then shutdown complete, then
   * end of stream. */
  const jnode *sd = note(&l, "SCTP_SHUTDOWN_EVENT", 0);
  const jnode *sc = note(&l, "SCTP_ASSOC_CHANGE", 1);
  XT_ASSERT(sd != NULL && sc != NULL);
  XT_ASSERT_STR_EQ(str(sc, "notification.state"), "SCTP_SHUTDOWN_COMP");
  XT_ASSERT(num(sd, "t_ns") <= num(sc, "t_ns"));
  XT_ASSERT_STR_EQ(str(l.o[l.n - 1].root, "event"), "eof");
  free(l.o);
}

static void test_replay_cmd_sctp_abort_and_dials(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("sctp_abort.pcap"), NULL);
  check_order(&l);
  XT_ASSERT_STR_EQ(str(nth(&l, "message", NULL, 0), "data_hex"),
                   "6265666f72652061626f7274"); /* before abort */
  const jnode *lost = note(&l, "SCTP_ASSOC_CHANGE", 1);
  XT_ASSERT(lost != NULL);
  XT_ASSERT_STR_EQ(str(lost, "notification.state"), "SCTP_COMM_LOST");
  XT_ASSERT_INT_EQ(num(lost, "notification.error"), 12);
  XT_ASSERT_STR_EQ(str(l.o[l.n - 1].root, "event"), "reset");
  free(l.o);

  /* The client side: a dial, the server's message with its PPID. */
  RUN_JSON(&l, &r, "--json", "--local", "10.4.0.1", FIX("sctp_client.pcap"), NULL);
  check_order(&l);
  const jnode *d = l.o[0].root;
  XT_ASSERT_STR_EQ(str(d, "event"), "dial");
  XT_ASSERT_STR_EQ(str(d, "conn.remote"), "10.4.0.2:6000");
  const jnode *m = nth(&l, "message", NULL, 0);
  XT_ASSERT(m != NULL);
  XT_ASSERT_STR_EQ(str(m, "data_hex"), "706f6e67"); /* pong */
  XT_ASSERT_INT_EQ(num(m, "sctp.ppid"), 0x12345678);
  XT_ASSERT_STR_EQ(str(l.o[l.n - 1].root, "event"), "eof");
  free(l.o);

  /* A refused dial (ABORT answers the INIT) and one never answered. */
  RUN_JSON(&l, &r, "--json", "--local", "10.6.0.1", FIX("sctp_dial_fail.pcap"), NULL);
  XT_ASSERT_UINT_EQ(l.n, 2);
  XT_ASSERT_STR_EQ(str(l.o[0].root, "event"), "reset");
  XT_ASSERT_STR_EQ(str(l.o[0].root, "error"), "XNET_ECONNREFUSED");
  XT_ASSERT_STR_EQ(str(l.o[1].root, "event"), "timeout");
  XT_ASSERT_STR_EQ(str(l.o[1].root, "conn.remote"), "10.6.0.2:7002");
  free(l.o);
}

/* ---- a recording by the recorder ---- */

static void test_replay_cmd_recorded_demo(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", "--local", "127.0.0.1", XNET_FIXTURES_DIR "/replay/demo.pcapng", NULL);
  XT_ASSERT_STR_EQ(r.err, "");
  check_order(&l);
  /* fixtures/replay/record_demo.c: the UDP reply came with TTL 42 and TOS
   * 0x28; the TCP client dialled 127.0.0.2, got the response, then eof. */
  const jnode *o = nth(&l, "datagram", NULL, 0);
  XT_ASSERT(o != NULL);
  XT_ASSERT_STR_EQ(str(o, "data_hex"), "48454c4c4f2c20554450"); /* HELLO, UDP */
  XT_ASSERT_INT_EQ(num(o, "cm.ttl"), 42);
  XT_ASSERT_INT_EQ(num(o, "cm.tos"), 0x28);
  XT_ASSERT_INT_EQ(num(o, "cm.ifindex"), 1);
  XT_ASSERT_STR_EQ(str(o, "cm.dst"), "127.0.0.1");
  XT_ASSERT(strncmp(str(o, "src"), "127.0.0.2:", 10) == 0);
  XT_ASSERT_UINT_EQ(count_event(&l, "dial"), 1);
  XT_ASSERT(count_event(&l, "data") >= 1);
  XT_ASSERT(strncmp(str(nth(&l, "data", NULL, 0), "data_hex"), "485454502f312e30", 16) == 0);
  XT_ASSERT_UINT_EQ(count_event(&l, "eof"), 1);
  free(l.o);
}

/* fixtures/replay/multicast.pcapng (make_multicast.sh): a receiver in a
 * network namespace, on a recording stack, got three datagrams to
 * 239.255.42.99:5999 and three to [ff15::42]:5999 on its veth, sent with
 * multicast TTL / hop limit 7 and TOS / traffic class 0x28. */
static void test_replay_cmd_recorded_multicast(void) {
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", FIX("multicast.pcapng"), NULL);
  XT_ASSERT_STR_EQ(r.err, "");
  check_order(&l);
  XT_ASSERT_UINT_EQ(count_event(&l, "datagram"), 6);
  XT_ASSERT_UINT_EQ(count_event(&l, "timeout"), 2);
  for (size_t i = 0; i < 6; i++) {
    const jnode *o = nth(&l, "datagram", NULL, i);
    XT_ASSERT(o != NULL);
    const char *net = str(o, "conn.network"), *hex = str(o, "data_hex");
    XT_ASSERT(net != NULL && hex != NULL);
    bool v4 = strcmp(net, "udp4") == 0;
    XT_ASSERT_STR_EQ(str(o, "conn.local"), v4 ? "239.255.42.99:5999" : "[ff15::42]:5999");
    XT_ASSERT_STR_EQ(str(o, "dst"), v4 ? "239.255.42.99:5999" : "[ff15::42]:5999");
    XT_ASSERT_INT_EQ(num(o, "cm.ttl"), 7);
    XT_ASSERT_INT_EQ(num(o, "cm.tos"), 0x28);
    XT_ASSERT_STR_EQ(str(o, "cm.dst"), v4 ? "239.255.42.99" : "ff15::42");
    XT_ASSERT(num(o, "cm.ifindex") > 1); /* the veth, from the pcapng */
    XT_ASSERT_INT_EQ(num(o, "len"), 13);
    XT_ASSERT(strncmp(hex, "786e65742d6d63617374", 20) == 0); /* xnet-mcast */
  }
  free(l.o);
}

/* ---- corpus captures ---- */

static void test_replay_cmd_corpus_http_both_sides(void) {
  const char *dir = xt_corpus_dir();
  char path[512];
  snprintf(path, sizeof path, "%s/tcp/zeek__http__get-gzip.pcap", dir ? dir : ".");
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", "--local", "141.142.228.5", path, NULL);
  check_order(&l);
  XT_ASSERT_UINT_EQ(count_event(&l, "dial"), 1);
  XT_ASSERT(strncmp(str(nth(&l, "data", NULL, 0), "data_hex"),
                    "485454502f312e3120323030204f4b", 30) == 0); /* HTTP/1.1 200 OK */
  XT_ASSERT_UINT_EQ(count_event(&l, "eof"), 1);
  free(l.o);
  /* The server's view: the request. */
  RUN_JSON(&l, &r, "--json", "--local", "54.243.118.187", path, NULL);
  XT_ASSERT_UINT_EQ(count_event(&l, "accept"), 1);
  XT_ASSERT(strncmp(str(nth(&l, "data", NULL, 0), "data_hex"), "474554202f677a6970", 18) == 0);
  free(l.o);
}

static void test_replay_cmd_corpus_mdns_multicast(void) {
  const char *dir = xt_corpus_dir();
  char path[512];
  snprintf(path, sizeof path, "%s/ipv6/zeek__dns__mdns.pcap", dir ? dir : ".");
  run_result r;
  obs_list l;
  RUN_JSON(&l, &r, "--json", path, NULL);
  check_order(&l);
  const jnode *v4 = nth(&l, "datagram", "224.0.0.251:5353", 0);
  const jnode *v6 = nth(&l, "datagram", "[ff02::fb]:5353", 0);
  XT_ASSERT(v4 != NULL && v6 != NULL);
  XT_ASSERT_INT_EQ(num(v4, "cm.ttl"), 255); /* mDNS sends with TTL 255 */
  XT_ASSERT_STR_EQ(str(v4, "cm.dst"), "224.0.0.251");
  XT_ASSERT_INT_EQ(num(v6, "cm.ttl"), 255);
  XT_ASSERT_STR_EQ(str(v6, "cm.dst"), "ff02::fb");
  free(l.o);
}

static const char *need_corpus(void) {
  return xt_corpus_dir() ? NULL : "the shared capture corpus is not here";
}

/* ---- bad input and usage ---- */

static void test_replay_cmd_bad_files_and_usage(void) {
  run_result r;
  run(&r, "/nonexistent/x.pcap", NULL);
  XT_ASSERT_INT_EQ(r.status, 3);
  XT_ASSERT(strstr(r.err, "/nonexistent/x.pcap") != NULL);
  done(&r);
  /* not a capture */
  char path[64];
  snprintf(path, sizeof path, "/tmp/xnet-replay-cmd-%ld.txt", (long)getpid());
  FILE *f = fopen(path, "w");
  XT_ASSERT(f != NULL);
  fputs("this is not a capture\n", f);
  fclose(f);
  run(&r, path, NULL);
  XT_ASSERT_INT_EQ(r.status, 3);
  XT_ASSERT(strncmp(r.err, "xnet replay: ", 13) == 0);
  done(&r);
  /* a capture cut in the middle of a record: the observations before the
   * damage, then exit 3 naming the record */
  FILE *in = fopen(FIX("udp_echo.pcap"), "rb");
  XT_ASSERT(in != NULL);
  char buf[512];
  size_t n = fread(buf, 1, sizeof buf, in);
  fclose(in);
  f = fopen(path, "wb");
  XT_ASSERT(f != NULL);
  XT_ASSERT_UINT_EQ(fwrite(buf, 1, n - 20, f), n - 20);
  fclose(f);
  run(&r, "--json", path, NULL);
  XT_ASSERT_INT_EQ(r.status, 3);
  XT_ASSERT(strstr(r.err, "record") != NULL);
  XT_ASSERT(strstr(r.out, "\"event\":\"datagram\"") != NULL);
  done(&r);
  unlink(path);

  run(&r, NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  XT_ASSERT(strstr(r.err, "missing FILE") != NULL);
  done(&r);
  run(&r, "--local", "not-an-ip", FIX("udp_echo.pcap"), NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  XT_ASSERT(strstr(r.err, "not-an-ip") != NULL);
  done(&r);
  run(&r, "--bogus", FIX("udp_echo.pcap"), NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  done(&r);
  run(&r, "-", NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  done(&r);
  run(&r, "--help", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT(strstr(r.out, "usage: xnet replay") != NULL);
  done(&r);
}

/* The built binary does the same (and exits as it says). */
static void test_replay_cmd_binary(void) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "%s replay --json %s", REPLAY_BINARY, FIX("udp6.pcapng"));
  FILE *p = popen(cmd, "r");
  XT_ASSERT(p != NULL);
  char out[4096];
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = '\0';
  XT_ASSERT_INT_EQ(pclose(p), 0);
  XT_ASSERT(strstr(out, "\"data_hex\":\"76362068656c6c6f\"") != NULL); /* v6 hello */
}

static const char *need_binary(void) {
  return access(REPLAY_BINARY, X_OK) == 0 ? NULL : "the xnet binary is not built";
}

XT_SUITE(tools, replay_cmd, NULL, NULL,
         XT_TEST(test_replay_cmd_udp_datagrams_with_control_messages),
         XT_TEST(test_replay_cmd_local_limits_the_host),
         XT_TEST(test_replay_cmd_ipv6_interface_from_pcapng),
         XT_TEST(test_replay_cmd_fragments_and_raw_icmp),
         XT_TEST(test_replay_cmd_tcp_server_side),
         XT_TEST(test_replay_cmd_tcp_local_dials),
         XT_TEST(test_replay_cmd_text_form),
         XT_TEST(test_replay_cmd_gap_costs_no_real_time),
         XT_TEST(test_replay_cmd_sctp_server_messages_and_notifications),
         XT_TEST(test_replay_cmd_sctp_abort_and_dials),
         XT_TEST(test_replay_cmd_recorded_demo),
         XT_TEST(test_replay_cmd_recorded_multicast),
         XT_TEST_IF(test_replay_cmd_corpus_http_both_sides, need_corpus),
         XT_TEST_IF(test_replay_cmd_corpus_mdns_multicast, need_corpus),
         XT_TEST(test_replay_cmd_bad_files_and_usage),
         XT_TEST_IF(test_replay_cmd_binary, need_binary));
#else /* built without libpcap */
static const char *need_pcap(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay";
}
static void test_replay_cmd_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(tools, replay_cmd, NULL, NULL,
         XT_TEST_IF(test_replay_cmd_unavailable, need_pcap));
#endif
