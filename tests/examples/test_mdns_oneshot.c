/* test_mdns_oneshot.c — runs examples/mdns_oneshot in namespace h2 on b1
 * for "printer" at 10.205.1.2; a querier in h1 (a1, joined to
 * 224.0.0.251) asks for printer.local once the example has joined, and
 * receives one A record answer to the group with TTL 255 on a1. The
 * namespaces (veth a1 10.205.1.1/24 — b1 10.205.1.2/24) are created and
 * removed by the test. */
#include <stdio.h>
#include <string.h>

#include "../core/netns_test_util.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

#define MDNS XNET_BINARY_DIR "/examples/mdns_oneshot"

static const char *need_example(void) {
  if (access(MDNS, X_OK) != 0)
    return "examples/mdns_oneshot not built (XNET_BUILD_EXAMPLES=OFF)";
  return ntu_need_netns();
}

static ntu_ns h1, h2;

static const uint8_t query[] = {
    0,   0,   0,   0,   0,   1,   0,   0,   0, 0,   0,   0, /* header */
    7,   'P', 'r', 'i', 'n', 't', 'e', 'r', 5, 'l', 'o', 'c',
    'a', 'l', 0,   0,   1,   0,   1}; /* A, IN */

static const char *check_mdns(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_interface a1;
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "a1", &a1), 0);
  xnet_conn *q;
  NTU_CHECK_INT(xnet_listen_packet("udp4", "0.0.0.0:5353", &q), 0);
  xnet_ip group;
  xnet_ip_v4(224, 0, 0, 251, &group);
  NTU_CHECK_INT(xnet_ipv4_join_group(q, a1.index, &group), 0);
  NTU_CHECK_INT(xnet_ipv4_set_multicast_interface(q, a1.index), 0);
  NTU_CHECK_INT(xnet_ipv4_set_multicast_loopback(q, false), 0);
  NTU_CHECK_INT(xnet_ipv4_set_control_message(
                    q, XNET_IPV4_FLAG_TTL | XNET_IPV4_FLAG_INTERFACE, true),
                0);
  int p[2];
  NTU_CHECK_INT(pipe(p), 0);
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    char path[96];
    snprintf(path, sizeof path, "/run/netns/%s", h2.name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
      _exit(126);
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execl(MDNS, MDNS, "b1", "printer", "10.205.1.2", (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  FILE *f = fdopen(p[0], "r");
  char first[128] = "";
  if (f && !fgets(first, sizeof first, f))
    first[0] = '\0';
  xnet_addr dst;
  memset(&dst, 0, sizeof dst);
  dst.kind = XNET_KIND_UDP;
  dst.ip = group;
  dst.port = 5353;
  int w =
      first[0] ? xnet_ipv4_write_to(q, query, sizeof query, NULL, &dst) : -1;
  uint8_t m[512];
  xnet_ipv4_cmsg cm;
  xnet_addr from;
  int n = -1;
  if (w > 0) {
    xnet_conn_set_read_deadline(q, xnet_deadline_in(NULL, 3 * XNET_SECOND));
    n = xnet_ipv4_read_from(q, m, sizeof m, &cm, &from);
  }
  if (n < 0)
    kill(pid, SIGTERM);
  char rest[512] = "";
  size_t used = 0;
  while (f && used < sizeof rest - 1 &&
         fgets(rest + used, (int)(sizeof rest - used), f))
    used = strlen(rest);
  if (f)
    fclose(f);
  int status = -1;
  waitpid(pid, &status, 0);
  xnet_conn_close(q);
  NTU_CHECK_STR(first, "joined 224.0.0.251 on b1\n");
  NTU_CHECK_INT(w, (int)sizeof query);
  NTU_CHECK_STR(rest, "query for printer.local from 10.205.1.1:5353\n"
                      "answered printer.local A 10.205.1.2\n");
  NTU_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  static const uint8_t want[] = {
      0,   0,    0x84, 0,   0,   0,   0,   1,   0,   0,   0,   0,   7, 'p',
      'r', 'i',  'n',  't', 'e', 'r', 5,   'l', 'o', 'c', 'a', 'l', 0, 0,
      1,   0x80, 1,    0,   0,   0,   120, 0,   4,   10,  205, 1,   2};
  NTU_CHECK_INT(n, (int)sizeof want);
  NTU_CHECK(memcmp(m, want, sizeof want) == 0);
  NTU_CHECK_INT(cm.ttl, 255);
  NTU_CHECK_INT(cm.ifindex, a1.index);
  return NULL;
}

static void test_mdns_oneshot_answers_one_query(void) {
  snprintf(h1.name, sizeof h1.name, "xnet-md1-%ld", (long)getpid());
  snprintf(h2.name, sizeof h2.name, "xnet-md2-%ld", (long)getpid());
  ntu_sh("ip netns del %s", h1.name);
  ntu_sh("ip netns del %s", h2.name);
  const char *a = h1.name, *b = h2.name;
  int bad = ntu_sh("ip netns add %s", a) != 0 ||
            ntu_sh("ip netns add %s", b) != 0 ||
            ntu_sh("ip -n %s link add a1 type veth peer name b1 netns %s", a,
                   b) != 0 ||
            ntu_sh("ip -n %s addr add 10.205.1.1/24 dev a1", a) != 0 ||
            ntu_sh("ip -n %s addr add 10.205.1.2/24 dev b1", b) != 0 ||
            ntu_sh("ip -n %s link set a1 up", a) != 0 ||
            ntu_sh("ip -n %s link set b1 up", b) != 0;
  char msg[512];
  const char *err = bad ? "namespace setup failed"
                        : ntu_run_in(&h1, check_mdns, NULL, msg, sizeof msg);
  ntu_destroy(&h1);
  ntu_destroy(&h2);
  if (err) {
    xt_fail(__LINE__, __FILE__, "%s", err);
    return;
  }
  XT_ASSERT(err == NULL); /* records the checks the child ran as passed */
}

XT_SUITE(examples, mdns_oneshot, NULL, NULL,
         XT_TEST_IF(test_mdns_oneshot_answers_one_query, need_example));
