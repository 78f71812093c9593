/* test_ospf_hello.c — runs examples/ospf_hello in namespace h2 on b1 and
 * receives its hello in namespace h1 (a1, joined to 224.0.0.5) on a raw
 * ip4:89 conn: the IP header the example built, with the kernel's ID,
 * checksum and source, and a valid OSPF hello. The namespaces (a veth
 * pair a1 10.203.1.1/24 — b1 10.203.1.2/24) are created and removed by the
 * test. */
#include <stdio.h>
#include <string.h>

#include "../core/netns_test_util.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

#define OSPF_HELLO XNET_BINARY_DIR "/examples/ospf_hello"

static const char *need_example(void) {
  if (access(OSPF_HELLO, X_OK) != 0)
    return "examples/ospf_hello not built (XNET_BUILD_EXAMPLES=OFF)";
  return ntu_need_netns();
}

static ntu_ns h1, h2;

/* Runs the example in h2; its stdout into out; exit status or -1. */
static int run_example(char *out, size_t cap) {
  int p[2];
  if (pipe(p) < 0)
    return -1;
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
    execl(OSPF_HELLO, OSPF_HELLO, "b1", "10.0.0.7", "255.255.255.0",
          (char *)NULL);
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

static const char *check_hello(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_interface a1;
  NTU_CHECK_INT(xnet_interface_by_name(NULL, "a1", &a1), 0);
  xnet_conn *rx;
  NTU_CHECK_INT(xnet_listen_packet("ip4:89", "0.0.0.0", &rx), 0);
  xnet_ip all_spf;
  xnet_ip_v4(224, 0, 0, 5, &all_spf);
  NTU_CHECK_INT(xnet_ipv4_join_group(rx, a1.index, &all_spf), 0);
  NTU_CHECK_INT(
      xnet_ipv4_set_control_message(rx, XNET_IPV4_FLAG_INTERFACE, true), 0);
  char out[512];
  NTU_CHECK_INT(run_example(out, sizeof out), 0);
  NTU_CHECK(strstr(out, "interface b1 index ") == out);
  NTU_CHECK(strstr(out, "\nsent hello from router 10.0.0.7: 64 bytes to "
                        "224.0.0.5 on b1\n") != NULL);
  uint8_t buf[256];
  xnet_ipv4_header h;
  const uint8_t *p;
  size_t n;
  xnet_ipv4_cmsg cm;
  NTU_CHECK_INT(
      xnet_conn_set_read_deadline(rx, xnet_deadline_in(NULL, 2 * XNET_SECOND)),
      0);
  NTU_CHECK_INT(xnet_ipv4_raw_read_from(rx, buf, sizeof buf, &h, &p, &n, &cm),
                64);
  NTU_CHECK_INT(h.tos, 0xc0);
  NTU_CHECK_INT(h.ttl, 1);
  NTU_CHECK_INT(h.protocol, 89);
  NTU_CHECK_INT(h.checksum_ok, 1);
  static const uint8_t src[4] = {10, 203, 1, 2}, dst[4] = {224, 0, 0, 5};
  NTU_CHECK(memcmp(h.src, src, 4) == 0);
  NTU_CHECK(memcmp(h.dst, dst, 4) == 0);
  NTU_CHECK_INT(cm.ifindex, a1.index);
  NTU_CHECK_INT(n, 44);
  NTU_CHECK_INT(p[0], 2); /* OSPFv2 */
  NTU_CHECK_INT(p[1], 1); /* hello */
  static const uint8_t rid[4] = {10, 0, 0, 7};
  NTU_CHECK(memcmp(p + 4, rid, 4) == 0);
  NTU_CHECK_INT(xnet_inet_checksum(p, n), 0);
  xnet_conn_close(rx);
  return NULL;
}

static void test_ospf_hello_received_in_other_namespace(void) {
  snprintf(h1.name, sizeof h1.name, "xnet-os1-%ld", (long)getpid());
  snprintf(h2.name, sizeof h2.name, "xnet-os2-%ld", (long)getpid());
  ntu_sh("ip netns del %s", h1.name);
  ntu_sh("ip netns del %s", h2.name);
  const char *a = h1.name, *b = h2.name;
  int bad = ntu_sh("ip netns add %s", a) != 0 ||
            ntu_sh("ip netns add %s", b) != 0 ||
            ntu_sh("ip -n %s link add a1 type veth peer name b1 netns %s", a,
                   b) != 0 ||
            ntu_sh("ip -n %s addr add 10.203.1.1/24 dev a1", a) != 0 ||
            ntu_sh("ip -n %s addr add 10.203.1.2/24 dev b1", b) != 0 ||
            ntu_sh("ip -n %s link set a1 up", a) != 0 ||
            ntu_sh("ip -n %s link set b1 up", b) != 0;
  char msg[512];
  const char *err = bad ? "namespace setup failed"
                        : ntu_run_in(&h1, check_hello, NULL, msg, sizeof msg);
  ntu_destroy(&h1);
  ntu_destroy(&h2);
  if (err) {
    xt_fail(__LINE__, __FILE__, "%s", err);
    return;
  }
  XT_ASSERT(err == NULL); /* records the checks the child ran as passed */
}

XT_SUITE(examples, ospf_hello, NULL, NULL,
         XT_TEST_IF(test_ospf_hello_received_in_other_namespace, need_example));
