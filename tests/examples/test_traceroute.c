/* test_traceroute.c — runs examples/traceroute across three network
 * namespaces the test creates and removes: h1 — r — h3, joined by veth
 * pairs, r forwarding.
 *
 *   h1: t1 10.202.1.1/24, default via 10.202.1.2
 *   r:  r1 10.202.1.2/24, r3 10.202.2.1/24, ip_forward 1
 *   h3: t3 10.202.2.2/24, default via 10.202.2.1
 *
 * From h1, "traceroute 10.202.2.2" must print hop 1 = the router, hop 2 =
 * the destination, and "reached". */
#include <stdio.h>
#include <string.h>

#include "../core/netns_test_util.h"
#include "xnet_test.h"

#define TRACEROUTE XNET_BINARY_DIR "/examples/traceroute"

static const char *need_traceroute(void) {
  if (access(TRACEROUTE, X_OK) != 0)
    return "examples/traceroute not built (XNET_BUILD_EXAMPLES=OFF)";
  return ntu_need_netns();
}

static void destroy3(ntu_ns ns[3]) {
  for (int i = 0; i < 3; i++)
    ntu_destroy(&ns[i]);
}

static int create3(ntu_ns ns[3]) {
  static const char *const tag[3] = {"h1", "r", "h3"};
  for (int i = 0; i < 3; i++) {
    snprintf(ns[i].name, sizeof ns[i].name, "xnet-tr%s-%ld", tag[i],
             (long)getpid());
    ntu_sh("ip netns del %s", ns[i].name);
  }
  const char *h1 = ns[0].name, *r = ns[1].name, *h3 = ns[2].name;
  int bad = 0;
  for (int i = 0; i < 3 && !bad; i++)
    bad = ntu_sh("ip netns add %s", ns[i].name) != 0 ||
          ntu_sh("ip -n %s link set lo up", ns[i].name) != 0;
  bad = bad ||
        ntu_sh("ip -n %s link add t1 type veth peer name r1 netns %s", h1, r) !=
            0 ||
        ntu_sh("ip -n %s link add t3 type veth peer name r3 netns %s", h3, r) !=
            0 ||
        ntu_sh("ip -n %s addr add 10.202.1.1/24 dev t1", h1) != 0 ||
        ntu_sh("ip -n %s addr add 10.202.1.2/24 dev r1", r) != 0 ||
        ntu_sh("ip -n %s addr add 10.202.2.1/24 dev r3", r) != 0 ||
        ntu_sh("ip -n %s addr add 10.202.2.2/24 dev t3", h3) != 0 ||
        ntu_sh("ip -n %s link set t1 up", h1) != 0 ||
        ntu_sh("ip -n %s link set r1 up", r) != 0 ||
        ntu_sh("ip -n %s link set r3 up", r) != 0 ||
        ntu_sh("ip -n %s link set t3 up", h3) != 0 ||
        ntu_sh("ip -n %s route add default via 10.202.1.2", h1) != 0 ||
        ntu_sh("ip -n %s route add default via 10.202.2.1", h3) != 0 ||
        ntu_sh("ip netns exec %s sysctl -qw net.ipv4.ip_forward=1", r) != 0;
  if (bad) {
    destroy3(ns);
    return -1;
  }
  return 0;
}

/* Runs the example in namespace ns; its stdout into out. Returns its exit
 * status (-1: could not run). */
static int run_in(const ntu_ns *ns, char *out, size_t cap) {
  int p[2];
  if (pipe(p) < 0)
    return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    char path[96];
    snprintf(path, sizeof path, "/run/netns/%s", ns->name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
      _exit(126);
    dup2(p[1], 1);
    close(p[0]);
    close(p[1]);
    execl(TRACEROUTE, TRACEROUTE, "10.202.2.2", "5", (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  size_t got = 0;
  for (;;) {
    ssize_t r = read(p[0], out + got, cap - 1 - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += (size_t)r;
    if (got == cap - 1)
      break;
  }
  out[got] = '\0';
  close(p[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_traceroute_three_namespaces(void) {
  ntu_ns ns[3];
  memset(ns, 0, sizeof ns);
  XT_ASSERT_INT_EQ(create3(ns), 0);
  if (!ns[0].name[0])
    return;
  char out[512];
  int rc = run_in(&ns[0], out, sizeof out);
  destroy3(ns);
  XT_ASSERT_STR_EQ(out, "1 10.202.1.2\n2 10.202.2.2\nreached 10.202.2.2\n");
  XT_ASSERT_INT_EQ(rc, 0);
}

XT_SUITE(examples, traceroute, NULL, NULL,
         XT_TEST_IF(test_traceroute_three_namespaces, need_traceroute));
