/* test_replay_multicast.c — the replay backend on a real multicast run:
 * fixtures/replay/multicast.pcapng, recorded by make_multicast.sh (a
 * receiver on a recording stack in one network namespace, a sender with
 * multicast TTL / hop limit 7 and TOS / traffic class 0x28 in another).
 * Replayed the way the receiver ran (xnet_listen_multicast_udp on the
 * group, control messages on), every datagram reads as multicast.txt says
 * the real receiver saw it: payload, source, TTL, TOS, destination group
 * and interface index. Joins on the replay stack: remembered per conn
 * with the kernel's errors, and a conn bound to the wildcard receives a
 * group's datagrams once it has joined it. And live, in two namespaces of
 * the test's own: a receiver on a recording stack on a veth (interface
 * index 2, so the recording has two interface blocks, which libpcap must
 * read back) replays with the same observations. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifdef XNET_HAVE_REPLAY
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/netns_test_util.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

#define FIX(name) XNET_FIXTURES_DIR "/replay/" name
#define MC_MAX 16

/* One line of multicast.txt: what the real receiver observed. */
typedef struct mc_seen {
  char net[8];
  char src[64];
  char dst[64];
  unsigned ttl, tos, ifindex;
  int len;
  char payload[64];
} mc_seen;

typedef struct mc_log {
  int ifindex; /* the receiver's interface ("# receiver interface ...") */
  size_t n;
  mc_seen d[MC_MAX];
} mc_log;

/* Copies the value of key= in the space-separated line into out. */
static bool field(const char *line, const char *key, char *out, size_t cap) {
  size_t kl = strlen(key);
  for (const char *p = line; (p = strstr(p, key)) != NULL; p += kl) {
    if ((p != line && p[-1] != ' ') || p[kl] != '=') continue;
    const char *v = p + kl + 1;
    size_t n = strcspn(v, " ,\n");
    if (n >= cap) return false;
    memcpy(out, v, n);
    out[n] = '\0';
    return true;
  }
  return false;
}

static bool field_uint(const char *line, const char *key, unsigned *out) {
  char v[32];
  char *end;
  if (!field(line, key, v, sizeof v)) return false;
  unsigned long x = strtoul(v, &end, 0);
  if (*end || end == v) return false;
  *out = (unsigned)x;
  return true;
}

static int load_log(mc_log *l) {
  memset(l, 0, sizeof *l);
  FILE *f = fopen(FIX("multicast.txt"), "r");
  if (!f) return -1;
  char line[512];
  int bad = 0;
  while (fgets(line, sizeof line, f)) {
    unsigned u;
    if (strncmp(line, "# receiver interface ", 21) == 0 &&
        field_uint(line, "ifindex", &u))
      l->ifindex = (int)u;
    if (strncmp(line, "datagram ", 9) != 0) continue;
    if (l->n == MC_MAX) {
      bad = 1;
      break;
    }
    mc_seen *d = &l->d[l->n];
    unsigned len = 0;
    if (!field(line, "net", d->net, sizeof d->net) ||
        !field(line, "src", d->src, sizeof d->src) ||
        !field(line, "dst", d->dst, sizeof d->dst) ||
        !field_uint(line, "ttl", &d->ttl) || !field_uint(line, "tos", &d->tos) ||
        !field_uint(line, "ifindex", &d->ifindex) ||
        !field_uint(line, "len", &len) ||
        !field(line, "payload", d->payload, sizeof d->payload)) {
      bad = 1;
      break;
    }
    d->len = (int)len;
    l->n++;
  }
  fclose(f);
  return bad ? -1 : 0;
}

static size_t count_net(const mc_log *l, const char *net) {
  size_t k = 0;
  for (size_t i = 0; i < l->n; i++) k += strcmp(l->d[i].net, net) == 0;
  return k;
}

static void fmt_ip(const uint8_t *b, int len, char *out, size_t cap) {
  xnet_ip ip;
  memset(&ip, 0, sizeof ip);
  ip.len = (uint8_t)len;
  memcpy(ip.bytes, b, (size_t)len);
  xnet_ip_format(&ip, out, cap);
}

static void resolve(xnet_stack *s, const char *net, const char *a, xnet_addr *out) {
  XT_ASSERT_OK(xnet_resolve_addr(s, net, a, out));
}

/* The log itself: the run the fixture holds, and what the issue asks of
 * it (TTL 7, TOS 0x28, the groups, one interface). */
static void test_replay_multicast_log_is_the_real_run(void) {
  mc_log l;
  XT_ASSERT_INT_EQ(load_log(&l), 0);
  XT_ASSERT(l.ifindex > 1); /* the veth, not loopback */
  XT_ASSERT_UINT_EQ(count_net(&l, "udp4"), 3);
  XT_ASSERT_UINT_EQ(count_net(&l, "udp6"), 3);
  for (size_t i = 0; i < l.n; i++) {
    bool v4 = strcmp(l.d[i].net, "udp4") == 0;
    XT_ASSERT_STR_EQ(l.d[i].dst, v4 ? "239.255.42.99" : "ff15::42");
    XT_ASSERT_UINT_EQ(l.d[i].ttl, 7);
    XT_ASSERT_UINT_EQ(l.d[i].tos, 0x28);
    XT_ASSERT_UINT_EQ(l.d[i].ifindex, (unsigned)l.ifindex);
    XT_ASSERT_INT_EQ((long long)strlen(l.d[i].payload), l.d[i].len);
  }
}

/* Reads the datagrams of net on c as the receiver did and compares each
 * with the log; then the next read times out (the capture has no more). */
static void read_like_receiver(xnet_stack *s, xnet_conn *c, const mc_log *l,
                               const char *net) {
  bool v4 = strcmp(net, "udp4") == 0;
  size_t k = 0;
  for (size_t i = 0; i < l->n; i++) {
    const mc_seen *want = &l->d[i];
    if (strcmp(want->net, net) != 0) continue;
    char buf[256], src[XNET_ADDR_STRLEN], dst[64];
    xnet_addr from;
    XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 5 * XNET_SECOND)));
    int n;
    unsigned ttl, tos, ifindex, has;
    if (v4) {
      xnet_ipv4_cmsg cm;
      n = xnet_ipv4_read_from(c, buf, sizeof buf, &cm, &from);
      XT_ASSERT(n >= 0);
      has = cm.has;
      ttl = cm.ttl;
      tos = cm.tos;
      ifindex = cm.ifindex;
      fmt_ip(cm.dst, 4, dst, sizeof dst);
    } else {
      xnet_ipv6_cmsg cm;
      n = xnet_ipv6_read_from(c, buf, sizeof buf, &cm, &from);
      XT_ASSERT(n >= 0);
      has = cm.has;
      ttl = cm.hop_limit;
      tos = cm.traffic_class;
      ifindex = cm.ifindex;
      fmt_ip(cm.dst, 16, dst, sizeof dst);
    }
    /* Every control message the recording holds came with the read. */
    unsigned all = v4 ? XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS |
                            XNET_IPV4_FLAG_DST | XNET_IPV4_FLAG_INTERFACE
                      : XNET_IPV6_FLAG_HOP_LIMIT | XNET_IPV6_FLAG_TRAFFIC_CLASS |
                            XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE;
    XT_ASSERT_UINT_EQ(has & all, all);
    XT_ASSERT_MEM_EQ(buf, (size_t)n, want->payload, (size_t)want->len);
    xnet_addr_format(&from, src, sizeof src);
    XT_ASSERT_STR_EQ(src, want->src);
    XT_ASSERT_UINT_EQ(ttl, want->ttl);
    XT_ASSERT_UINT_EQ(tos, want->tos);
    XT_ASSERT_UINT_EQ(ttl, 7);
    XT_ASSERT_UINT_EQ(tos, 0x28);
    XT_ASSERT_STR_EQ(dst, want->dst);
    XT_ASSERT_UINT_EQ(ifindex, want->ifindex);
    k++;
  }
  XT_ASSERT_UINT_EQ(k, 3);
  char buf[64];
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, XNET_SECOND)));
  int rc = v4 ? xnet_ipv4_read_from(c, buf, sizeof buf, NULL, NULL)
              : xnet_ipv6_read_from(c, buf, sizeof buf, NULL, NULL);
  XT_ASSERT(xnet_error_is_timeout(rc));
}

/* The receiver's program, on the replay stack: the same observations. */
static void test_replay_multicast_listen_as_the_receiver(void) {
  mc_log l;
  XT_ASSERT_INT_EQ(load_log(&l), 0);
  xnet_stack *s = NULL;
  XT_ASSERT_OK(xnet_replay_stack_open(FIX("multicast.pcapng"), NULL, &s));
  xnet_interface ifi;
  memset(&ifi, 0, sizeof ifi);
  ifi.index = l.ifindex; /* the real name; the replay's is "replay2" */
  snprintf(ifi.name, sizeof ifi.name, "mr0");
  xnet_addr g4, g6;
  resolve(s, "udp4", "239.255.42.99:5999", &g4);
  resolve(s, "udp6", "[ff15::42]:5999", &g6);
  xnet_conn *c4 = NULL, *c6 = NULL;
  XT_ASSERT_OK(xnet_listen_multicast_udp(s, "udp4", &ifi, &g4, &c4));
  XT_ASSERT_OK(xnet_listen_multicast_udp(s, "udp6", &ifi, &g6, &c6));
  /* The join is remembered: a second one is refused as the kernel does
   * (interface 0 here; test_replay_multicast_join_by_index gives 2). */
  XT_ASSERT_ERR(xnet_ipv4_join_group(c4, 0, &g4.ip), XNET_EADDRINUSE);
  XT_ASSERT_ERR(xnet_ipv6_join_group(c6, 0, &g6.ip), XNET_EADDRINUSE);
  XT_ASSERT_OK(xnet_ipv4_set_control_message(
      c4, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS | XNET_IPV4_FLAG_DST |
              XNET_IPV4_FLAG_INTERFACE,
      true));
  XT_ASSERT_OK(xnet_ipv6_set_control_message(
      c6, XNET_IPV6_FLAG_HOP_LIMIT | XNET_IPV6_FLAG_TRAFFIC_CLASS |
              XNET_IPV6_FLAG_DST | XNET_IPV6_FLAG_INTERFACE,
      true));
  read_like_receiver(s, c4, &l, "udp4");
  read_like_receiver(s, c6, &l, "udp6");
  uint64_t delivered = 0;
  XT_ASSERT_OK(xnet_replay_stats(s, NULL, &delivered, NULL));
  XT_ASSERT_UINT_EQ(delivered, 6);
  XT_ASSERT_OK(xnet_conn_close(c4));
  XT_ASSERT_OK(xnet_conn_close(c6));
  XT_ASSERT_OK(xnet_replay_finish(s)); /* the receiver wrote nothing */
  xnet_stack_close(s);
}

/* With the local host named (the receiver's unicast addresses), a conn
 * bound to the wildcard port gets a group's datagrams only after joining
 * the group (x/net's JoinGroup: the raw group_req path; interface 0); a
 * leave ends its membership; joins and leaves fail as the kernel's do. */
static void test_replay_multicast_wildcard_needs_join(void) {
  mc_log l;
  XT_ASSERT_INT_EQ(load_log(&l), 0);
  xnet_replay_options o;
  memset(&o, 0, sizeof o);
  XT_ASSERT_OK(xnet_ip_parse("10.205.0.2", 10, &o.local[0]));
  XT_ASSERT_OK(xnet_ip_parse("fd00:205::2", 11, &o.local[1]));
  o.local_count = 2;
  xnet_ip g4, g6, other;
  XT_ASSERT_OK(xnet_ip_parse("239.255.42.99", 13, &g4));
  XT_ASSERT_OK(xnet_ip_parse("ff15::42", 8, &g6));
  XT_ASSERT_OK(xnet_ip_parse("239.1.2.3", 9, &other));

  /* Not joined: nothing arrives. */
  xnet_stack *s = NULL;
  XT_ASSERT_OK(xnet_replay_stack_open(FIX("multicast.pcapng"), &o, &s));
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_listen_config_listen_packet(&lc, "udp4", "0.0.0.0:5999", &c));
  XT_ASSERT_ERR(xnet_ipv4_leave_group(c, 0, &g4), XNET_EADDRNOTAVAIL);
  XT_ASSERT_OK(xnet_ipv4_join_group(c, 0, &other)); /* not this one */
  char buf[64];
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 10 * XNET_SECOND)));
  XT_ASSERT(xnet_error_is_timeout(xnet_conn_read(c, buf, sizeof buf)));
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(s);

  /* Joined: each family's datagrams, in order. */
  s = NULL;
  XT_ASSERT_OK(xnet_replay_stack_open(FIX("multicast.pcapng"), &o, &s));
  lc.stack = s;
  xnet_conn *c4 = NULL, *c6 = NULL;
  XT_ASSERT_OK(xnet_listen_config_listen_packet(&lc, "udp4", "0.0.0.0:5999", &c4));
  XT_ASSERT_OK(xnet_listen_config_listen_packet(&lc, "udp6", "[::]:5999", &c6));
  XT_ASSERT_OK(xnet_ipv4_join_group(c4, 0, &g4));
  XT_ASSERT_ERR(xnet_ipv4_join_group(c4, 0, &g4), XNET_EADDRINUSE);
  XT_ASSERT_OK(xnet_ipv6_join_group(c6, 0, &g6));
  size_t got4 = 0, got6 = 0;
  for (size_t i = 0; i < l.n; i++) {
    bool v4 = strcmp(l.d[i].net, "udp4") == 0;
    xnet_conn *cc = v4 ? c4 : c6;
    XT_ASSERT_OK(xnet_conn_set_read_deadline(cc, xnet_deadline_in(s, 5 * XNET_SECOND)));
    int n = xnet_conn_read(cc, buf, sizeof buf);
    XT_ASSERT_MEM_EQ(buf, (size_t)(n > 0 ? n : 0), l.d[i].payload, (size_t)l.d[i].len);
    if (v4) got4++;
    else got6++;
  }
  XT_ASSERT_UINT_EQ(got4, 3);
  XT_ASSERT_UINT_EQ(got6, 3);
  XT_ASSERT_OK(xnet_ipv4_leave_group(c4, 0, &g4));
  XT_ASSERT_ERR(xnet_ipv4_leave_group(c4, 0, &g4), XNET_EADDRNOTAVAIL);
  XT_ASSERT_OK(xnet_conn_close(c4));
  XT_ASSERT_OK(xnet_conn_close(c6));
  XT_ASSERT_OK(xnet_replay_finish(s));
  xnet_stack_close(s);
}

/* The replay stack lists the capture's interfaces (its two interface
 * blocks: indexes 1 and 2, unnamed), so x/net's calls given the
 * receiver's interface index 2 check it and work as on the real run. */
static void test_replay_multicast_join_by_index(void) {
  mc_log l;
  XT_ASSERT_INT_EQ(load_log(&l), 0);
  XT_ASSERT_INT_EQ(l.ifindex, 2);
  xnet_replay_options o; /* the receiver's unicast addresses */
  memset(&o, 0, sizeof o);
  XT_ASSERT_OK(xnet_ip_parse("10.205.0.2", 10, &o.local[0]));
  o.local_count = 1;
  xnet_stack *s = NULL;
  XT_ASSERT_OK(xnet_replay_stack_open(FIX("multicast.pcapng"), &o, &s));
  xnet_interface ifs[4];
  size_t n = 0;
  XT_ASSERT_OK(xnet_interfaces(s, ifs, 4, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  if (n == 2) {
    XT_ASSERT_INT_EQ(ifs[1].index, 2);
    XT_ASSERT_STR_EQ(ifs[1].name, "replay2");
    XT_ASSERT(ifs[1].flags & XNET_IFF_MULTICAST);
    XT_ASSERT(ifs[1].flags & XNET_IFF_UP);
    XT_ASSERT(!(ifs[1].flags & XNET_IFF_LOOPBACK));
  }
  xnet_interface ifi;
  XT_ASSERT_OK(xnet_interface_by_index(s, 2, &ifi));
  XT_ASSERT_STR_EQ(ifi.name, "replay2");
  XT_ASSERT_ERR(xnet_interface_by_index(s, 3, &ifi), XNET_ENOENT);
  xnet_ip g4;
  XT_ASSERT_OK(xnet_ip_parse("239.255.42.99", 13, &g4));
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_conn *c = NULL;
  XT_ASSERT_OK(xnet_listen_config_listen_packet(&lc, "udp4", "0.0.0.0:5999", &c));
  XT_ASSERT_OK(xnet_ipv4_join_group(c, 2, &g4));
  XT_ASSERT_ERR(xnet_ipv4_join_group(c, 2, &g4), XNET_EADDRINUSE);
  /* an index the capture does not have: the kernel's ENODEV, x/net's
   * "no such network interface" */
  XT_ASSERT(xnet_ipv4_join_group(c, 7, &g4) < 0);
  xnet_ipv4_cmsg cm;
  char buf[64];
  XT_ASSERT_OK(xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_INTERFACE, true));
  XT_ASSERT_OK(xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 5 * XNET_SECOND)));
  int got = xnet_ipv4_read_from(c, buf, sizeof buf, &cm, NULL);
  XT_ASSERT_MEM_EQ(buf, (size_t)(got > 0 ? got : 0), "xnet-mcast4-1", 13);
  XT_ASSERT_UINT_EQ(cm.ifindex, 2);
  XT_ASSERT_OK(xnet_ipv4_leave_group(c, 2, &g4));
  XT_ASSERT_OK(xnet_conn_close(c));
  xnet_stack_close(s);
}

/* Little-endian pcapng blocks for a crafted capture. */
static size_t ng_put32(uint8_t *b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; i++) b[at + (size_t)i] = (uint8_t)(v >> (8 * i));
  return at + 4;
}

/* An Interface Description Block (link type 228, raw IPv4) with an
 * if_name option when name is not NULL. */
static size_t ng_idb(uint8_t *b, size_t at, const char *name) {
  size_t nl = name ? strlen(name) : 0, padded = (nl + 3) & ~(size_t)3;
  uint32_t blen = (uint32_t)(20 + (name ? 4 + padded + 4 : 0));
  size_t start = at;
  at = ng_put32(b, at, 1);
  at = ng_put32(b, at, blen);
  at = ng_put32(b, at, 228); /* link type, reserved */
  at = ng_put32(b, at, 0);   /* snap length */
  if (name) {
    at = ng_put32(b, at, 2u | (uint32_t)nl << 16); /* if_name */
    memset(b + at, 0, padded);
    memcpy(b + at, name, nl);
    at += padded;
    at = ng_put32(b, at, 0); /* opt_endofopt */
  }
  at = ng_put32(b, at, blen);
  return start + blen == at ? at : 0;
}

/* Interface names and flags from the interface blocks: the if_name option
 * when there is one (loopback for "lo"), else "replayN"; an SLL2-free
 * capture of three interfaces lists the three at open. */
static void test_replay_multicast_interfaces_named_by_blocks(void) {
  static uint8_t b[512];
  size_t at = 0;
  at = ng_put32(b, at, 0x0A0D0D0A); /* Section Header Block */
  at = ng_put32(b, at, 28);
  at = ng_put32(b, at, 0x1A2B3C4D);
  at = ng_put32(b, at, 1); /* version 1.0 */
  at = ng_put32(b, at, 0xffffffff);
  at = ng_put32(b, at, 0xffffffff);
  at = ng_put32(b, at, 28);
  at = ng_idb(b, at, "lo");
  XT_ASSERT(at > 0);
  at = ng_idb(b, at, "eth0");
  XT_ASSERT(at > 0);
  at = ng_idb(b, at, NULL);
  XT_ASSERT(at > 0);
  xnet_stack *s = NULL;
  XT_ASSERT_OK(xnet_replay_stack_open_memory(b, at, NULL, &s));
  if (!s) return;
  xnet_interface ifs[4];
  size_t n = 0;
  XT_ASSERT_OK(xnet_interfaces(s, ifs, 4, &n));
  XT_ASSERT_UINT_EQ(n, 3);
  if (n == 3) {
    XT_ASSERT_INT_EQ(ifs[0].index, 1);
    XT_ASSERT_STR_EQ(ifs[0].name, "lo");
    XT_ASSERT(ifs[0].flags & XNET_IFF_LOOPBACK);
    XT_ASSERT_INT_EQ(ifs[1].index, 2);
    XT_ASSERT_STR_EQ(ifs[1].name, "eth0");
    XT_ASSERT(!(ifs[1].flags & XNET_IFF_LOOPBACK));
    XT_ASSERT(ifs[1].flags & XNET_IFF_RUNNING);
    XT_ASSERT_INT_EQ(ifs[2].index, 3);
    XT_ASSERT_STR_EQ(ifs[2].name, "replay3");
  }
  xnet_interface ifi;
  XT_ASSERT_OK(xnet_interface_by_name(s, "eth0", &ifi));
  XT_ASSERT_INT_EQ(ifi.index, 2);
  xnet_stack_close(s);
}

/* ---- live: record in two namespaces, then replay ---- */

typedef struct mc_live {
  ntu_ns snd, rcv;
  uint16_t port; /* the group port the receiver got (child side) */
  const char *send_err; /* the sender's failure, or NULL */
} mc_live;

static void live_destroy(mc_live *t) {
  ntu_destroy(&t->snd);
  ntu_destroy(&t->rcv);
}

/* Sender "ms0" 10.206.0.1/24 and receiver "mr0" 10.206.0.2/24, one
 * namespace each: a datagram from the sender's address is not the
 * receiver's own (a namespace would drop its own source as martian). */
static int live_create(mc_live *t) {
  memset(t, 0, sizeof *t);
  snprintf(t->snd.name, sizeof t->snd.name, "xnet-mcs-%ld", (long)getpid());
  snprintf(t->rcv.name, sizeof t->rcv.name, "xnet-mcr-%ld", (long)getpid());
  const char *a = t->snd.name, *b = t->rcv.name;
  ntu_sh("ip netns del %s", a);
  ntu_sh("ip netns del %s", b);
  int bad = ntu_sh("ip netns add %s", a) != 0 || ntu_sh("ip netns add %s", b) != 0 ||
            ntu_sh("ip -n %s link set lo up", a) != 0 ||
            ntu_sh("ip -n %s link set lo up", b) != 0 ||
            ntu_sh("ip -n %s link add ms0 type veth peer name mr0 netns %s", a, b) != 0 ||
            ntu_sh("ip -n %s addr add 10.206.0.1/24 dev ms0", a) != 0 ||
            ntu_sh("ip -n %s addr add 10.206.0.2/24 dev mr0", b) != 0 ||
            ntu_sh("ip -n %s link set ms0 up", a) != 0 ||
            ntu_sh("ip -n %s link set mr0 up", b) != 0;
  if (bad) {
    live_destroy(t);
    return -1;
  }
  return 0;
}

/* The sender, a thread of the receiver's child moved into the sender's
 * namespace (a network namespace is per thread): two datagrams to the
 * group with multicast TTL 7 and TOS 0x28; a failure in t->send_err. */
static const char *live_send(mc_live *t) {
  char path[96];
  snprintf(path, sizeof path, "/run/netns/%s", t->snd.name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
    if (fd >= 0) close(fd);
    return "cannot enter the sender namespace";
  }
  close(fd);
  xnet_interface ifi;
  xnet_conn *c = NULL;
  if (xnet_interface_by_name(NULL, "ms0", &ifi) != 0) return "no ms0";
  if (xnet_listen_packet("udp4", "10.206.0.1:0", &c) != 0) return "sender listen";
  char g[64];
  snprintf(g, sizeof g, "239.255.42.98:%u", t->port);
  xnet_addr ga;
  const char *err = NULL;
  if (xnet_resolve_addr(NULL, "udp4", g, &ga) != 0 ||
      xnet_ipv4_set_multicast_interface(c, ifi.index) != 0 ||
      xnet_ipv4_set_multicast_ttl(c, 7) != 0 || xnet_ipv4_set_tos(c, 0x28) != 0)
    err = "sender options";
  for (int i = 1; !err && i <= 2; i++) {
    char m[16];
    int n = snprintf(m, sizeof m, "live-%d", i);
    if (xnet_conn_write_to(c, m, (size_t)n, &ga) != n) err = "send";
  }
  (void)xnet_conn_close(c);
  return err;
}

static void *live_sender(void *arg) {
  mc_live *t = arg;
  t->send_err = live_send(t);
  return NULL;
}

/* Reads the two datagrams on c (a udp4 group conn with control messages
 * on) into what the receiver observed, a line each in out. */
static const char *read_two(xnet_stack *s, xnet_conn *c, char *out, size_t cap) {
  out[0] = '\0';
  for (int i = 0; i < 2; i++) {
    char buf[64], src[XNET_ADDR_STRLEN], dst[64];
    xnet_ipv4_cmsg cm;
    xnet_addr from;
    if (xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 3 * XNET_SECOND)) != 0)
      return "deadline";
    int n = xnet_ipv4_read_from(c, buf, sizeof buf, &cm, &from);
    if (n < 0) return "read";
    xnet_addr_format(&from, src, sizeof src);
    fmt_ip(cm.dst, 4, dst, sizeof dst);
    size_t used = strlen(out);
    snprintf(out + used, cap - used, "%.*s %s ttl=%u tos=%#x dst=%s ifindex=%u\n", n,
             buf, src, cm.ttl, cm.tos, dst, cm.ifindex);
  }
  return NULL;
}

/* The receiver's conn: the group on ifi, control messages on. */
static xnet_conn *group_conn(xnet_stack *s, const xnet_interface *ifi, uint16_t port) {
  char g[64];
  snprintf(g, sizeof g, "239.255.42.98:%u", port);
  xnet_addr ga;
  xnet_conn *c = NULL;
  if (xnet_resolve_addr(s, "udp4", g, &ga) != 0 ||
      xnet_listen_multicast_udp(s, "udp4", ifi, &ga, &c) != 0)
    return NULL;
  if (xnet_ipv4_set_control_message(c, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_TOS |
                                           XNET_IPV4_FLAG_DST |
                                           XNET_IPV4_FLAG_INTERFACE,
                                    true) != 0) {
    (void)xnet_conn_close(c);
    return NULL;
  }
  return c;
}

static const char *live_check(char *msg, size_t cap, void *arg) {
  mc_live *t = arg;
  char path[] = "/tmp/xnet-mcrec-XXXXXX";
  int fd = mkstemp(path);
  NTU_CHECK(fd >= 0);
  close(fd);
  xnet_interface ifi;
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "mr0", &ifi), 0);
  NTU_CHECK(ifi.index > 1);
  xnet_stack *rs = NULL;
  NTU_CHECK_INT(xnet_record_stack_open(NULL, path, NULL, &rs), 0);
  xnet_conn *c = group_conn(rs, &ifi, 0);
  NTU_CHECK(c != NULL);
  xnet_addr la;
  NTU_CHECK_INT(xnet_conn_local_addr(c, &la), 0);
  t->port = la.port;
  pthread_t th;
  NTU_CHECK_INT(pthread_create(&th, NULL, live_sender, t), 0);
  pthread_join(th, NULL);
  if (t->send_err) {
    snprintf(msg, cap, "sender: %s", t->send_err);
    return msg;
  }
  char live[512], replayed[512];
  const char *err = read_two(rs, c, live, sizeof live);
  (void)xnet_conn_close(c);
  NTU_CHECK(err == NULL);
  NTU_CHECK_INT(xnet_record_flush(rs), 0);
  xnet_stack_close(rs);

  /* The recording has an interface block for lo and one for mr0. */
  xnet_stack *s = NULL;
  int rc = xnet_replay_stack_open(path, NULL, &s);
  NTU_CHECK_INT(rc, 0);
  /* listed at open: the recorder's interface block for mr0 is found
   * ahead of the packets that use it */
  xnet_interface rifi;
  NTU_CHECK_INT(xnet_interface_by_index(s, ifi.index, &rifi), 0);
  c = group_conn(s, &ifi, t->port);
  NTU_CHECK(c != NULL);
  err = read_two(s, c, replayed, sizeof replayed);
  (void)xnet_conn_close(c);
  rc = xnet_replay_finish(s);
  xnet_stack_close(s);
  unlink(path);
  NTU_CHECK(err == NULL);
  NTU_CHECK_INT(rc, 0);
  NTU_CHECK_STR(replayed, live);
  char want[64];
  snprintf(want, sizeof want, "ttl=7 tos=0x28 dst=239.255.42.98 ifindex=%d\n", ifi.index);
  NTU_CHECK(strstr(live, want) != NULL);
  return NULL;
}

static void test_replay_multicast_record_live_then_replay(void) {
  mc_live t;
  XT_ASSERT_INT_EQ(live_create(&t), 0);
  char msg[512];
  const char *err = ntu_run_in(&t.rcv, live_check, &t, msg, sizeof msg);
  live_destroy(&t);
  if (err) {
    xt_fail(__LINE__, __FILE__, "in namespaces %s/%s: %s", t.snd.name, t.rcv.name, err);
    return;
  }
  XT_ASSERT(err == NULL);
}

XT_SUITE(backends, replay_multicast, NULL, NULL,
         XT_TEST(test_replay_multicast_log_is_the_real_run),
         XT_TEST(test_replay_multicast_listen_as_the_receiver),
         XT_TEST(test_replay_multicast_wildcard_needs_join),
         XT_TEST(test_replay_multicast_join_by_index),
         XT_TEST(test_replay_multicast_interfaces_named_by_blocks),
         XT_TEST_IF(test_replay_multicast_record_live_then_replay, ntu_need_netns));
#else /* built without libpcap (XNET_WITH_PCAP=OFF) */
#include "xnet_test.h"

static const char *need_replay(void) {
  return "built without libpcap (XNET_WITH_PCAP=OFF): no replay backend";
}
static void test_replay_multicast_unavailable(void) { CU_FAIL("not reached"); }
XT_SUITE(backends, replay_multicast, NULL, NULL,
         XT_TEST_IF(test_replay_multicast_unavailable, need_replay));
#endif
