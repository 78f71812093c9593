/* netns_two_hosts.h — two network namespaces for the IP-option suites
 * (core.ipv4_netns, core.ipv6): "h1" and "h2" joined by two veth pairs,
 * multicast-capable, IPv4 and IPv6 addressed, made per test and removed:
 *
 *   h1: a1 10.201.1.1/24 fd00:201:1::1/64   a2 10.201.2.1/24 fd00:201:2::1/64
 *   h2: b1 10.201.1.2/24 10.201.1.3/24 fd00:201:1::2,3/64
 *       b2 10.201.2.2/24 fd00:201:2::2/64
 *
 * run_two() runs a check in a child inside h1; the check moves further
 * children into h2 with enter(cur->h2.name). */
#ifndef XNET_NETNS_TWO_HOSTS_H
#define XNET_NETNS_TWO_HOSTS_H

#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "netns_test_util.h"
#include "xnet/interface.h"
#include "xnet/stack.h"
#include "xnet_test.h"

typedef struct two_hosts {
  ntu_ns h1, h2;
} two_hosts;

static void hosts_destroy(two_hosts *t) {
  ntu_destroy(&t->h1);
  ntu_destroy(&t->h2);
}

static int hosts_create(two_hosts *t, const char *tag) {
  memset(t, 0, sizeof *t);
  snprintf(t->h1.name, sizeof t->h1.name, "xnet-%s1-%ld", tag, (long)getpid());
  snprintf(t->h2.name, sizeof t->h2.name, "xnet-%s2-%ld", tag, (long)getpid());
  const char *a = t->h1.name, *b = t->h2.name;
  ntu_sh("ip netns del %s", a);
  ntu_sh("ip netns del %s", b);
  int bad =
      ntu_sh("ip netns add %s", a) != 0 || ntu_sh("ip netns add %s", b) != 0 ||
      ntu_sh("ip -n %s link set lo up", a) != 0 ||
      ntu_sh("ip -n %s link set lo up", b) != 0 ||
      ntu_sh("ip -n %s link add a1 type veth peer name b1 netns %s", a, b) !=
          0 ||
      ntu_sh("ip -n %s link add a2 type veth peer name b2 netns %s", a, b) !=
          0 ||
      ntu_sh("ip -n %s addr add 10.201.1.1/24 dev a1", a) != 0 ||
      ntu_sh("ip -n %s addr add 10.201.2.1/24 dev a2", a) != 0 ||
      ntu_sh("ip -n %s addr add fd00:201:1::1/64 dev a1 nodad", a) != 0 ||
      ntu_sh("ip -n %s addr add fd00:201:2::1/64 dev a2 nodad", a) != 0 ||
      ntu_sh("ip -n %s addr add 10.201.1.2/24 dev b1", b) != 0 ||
      ntu_sh("ip -n %s addr add 10.201.1.3/24 dev b1", b) != 0 ||
      ntu_sh("ip -n %s addr add 10.201.2.2/24 dev b2", b) != 0 ||
      ntu_sh("ip -n %s addr add fd00:201:1::2/64 dev b1 nodad", b) != 0 ||
      ntu_sh("ip -n %s addr add fd00:201:1::3/64 dev b1 nodad", b) != 0 ||
      ntu_sh("ip -n %s addr add fd00:201:2::2/64 dev b2 nodad", b) != 0 ||
      ntu_sh("ip -n %s link set a1 up", a) != 0 ||
      ntu_sh("ip -n %s link set a2 up", a) != 0 ||
      ntu_sh("ip -n %s link set b1 up", b) != 0 ||
      ntu_sh("ip -n %s link set b2 up", b) != 0;
  /* IPv6 multicast routes (ff00::/8 per device) appear once the links
   * are operationally up, which the kernel reports up to a second late. */
  for (int i = 0; !bad && i < 50; i++) {
    if (ntu_sh("ip -n %s -6 route show table local type multicast | grep -q b2",
               b) == 0 &&
        ntu_sh("ip -n %s -6 route show table local type multicast | grep -q b1",
               b) == 0)
      break;
    usleep(100000);
  }
  if (bad) {
    hosts_destroy(t);
    return -1;
  }
  return 0;
}

/* Moves the calling process (a check's child) into namespace name. */
static int enter(const char *name) {
  char path[96];
  snprintf(path, sizeof path, "/run/netns/%s", name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = setns(fd, CLONE_NEWNET);
  close(fd);
  return rc;
}

static two_hosts *cur; /* the hosts of the running check */

static void run_two(const char *tag, ntu_check_fn fn) {
  two_hosts t;
  XT_ASSERT_INT_EQ(hosts_create(&t, tag), 0);
  if (t.h1.name[0] == '\0')
    return;
  cur = &t;
  char msg[512];
  const char *err = ntu_run_in(&t.h1, fn, NULL, msg, sizeof msg);
  hosts_destroy(&t);
  cur = NULL;
  if (err) {
    xt_fail(__LINE__, __FILE__, "in namespaces %s/%s: %s", t.h1.name, t.h2.name,
            err);
    return;
  }
  XT_ASSERT(err == NULL); /* records the checks the child ran as passed */
}

static int ifindex(const char *name) {
  xnet_interface ifi;
  return xnet_interface_by_name(NULL, name, &ifi) == 0 ? ifi.index : -1;
}

static int64_t soon(int ms) {
  return xnet_deadline_in(NULL, (int64_t)ms * XNET_MILLISECOND);
}

#endif /* XNET_NETNS_TWO_HOSTS_H */
