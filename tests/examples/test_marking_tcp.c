/* test_marking_tcp.c — runs examples/marking_tcp in namespace h2 and
 * connects to it from h1, where a raw ip4:tcp conn captures the server's
 * data segment: its TOS and TTL are the ones the example set. Namespaces
 * (veth a1 10.204.1.1/24 in h1 — b1 10.204.1.2/24 in h2) are created and
 * removed by the test. */
#include <stdio.h>
#include <string.h>

#include "../core/netns_test_util.h"
#include "xnet/xnet.h"
#include "xnet_test.h"

#define MARKING XNET_BINARY_DIR "/examples/marking_tcp"

static const char *need_example(void) {
  if (access(MARKING, X_OK) != 0)
    return "examples/marking_tcp not built (XNET_BUILD_EXAMPLES=OFF)";
  return ntu_need_netns();
}

static ntu_ns h1, h2;

static const char *check_marking(char *msg, size_t cap, void *arg) {
  (void)arg;
  xnet_conn *capc;
  NTU_CHECK_INT(xnet_listen_packet("ip4:tcp", "10.204.1.1", &capc), 0);
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
    execl(MARKING, MARKING, "10.204.1.2:0", "0x28", "32", (char *)NULL);
    _exit(127);
  }
  close(p[1]);
  FILE *f = fdopen(p[0], "r");
  char line[128] = "", addr[64] = "";
  if (f && fgets(line, sizeof line, f))
    sscanf(line, "listening on %63s", addr);
  xnet_conn *c = NULL;
  int drc = addr[0] ? xnet_dial("tcp4", addr, &c) : -1;
  char got[64] = "";
  int n = -1;
  if (drc == 0) {
    xnet_conn_set_deadline(c, xnet_deadline_in(NULL, 5 * XNET_SECOND));
    n = xnet_conn_read(c, got, sizeof got - 1);
    if (n > 0)
      got[n] = '\0';
  }
  char rest[512] = "";
  size_t used = 0;
  while (f && used < sizeof rest - 1 &&
         fgets(rest + used, (int)(sizeof rest - used), f))
    used = strlen(rest);
  if (f)
    fclose(f);
  int status = -1;
  waitpid(pid, &status, 0);
  if (c)
    xnet_conn_close(c);
  NTU_CHECK(strncmp(line, "listening on 10.204.1.2:", 24) == 0);
  NTU_CHECK_INT(drc, 0);
  NTU_CHECK_STR(got, "hello, marked world\n");
  NTU_CHECK(strstr(rest, "accepted 10.204.1.1:") == rest);
  NTU_CHECK(strstr(rest, "\nmarked tos 0x28 ttl 32\nwrote 20 bytes\n") != NULL);
  NTU_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  /* The server's data segment in the capture. */
  int seen = 0;
  for (int i = 0; i < 16 && !seen; i++) {
    uint8_t buf[1500];
    xnet_ipv4_header h;
    const uint8_t *tcp;
    size_t tn;
    NTU_CHECK_INT(xnet_conn_set_read_deadline(
                      capc, xnet_deadline_in(NULL, 2 * XNET_SECOND)),
                  0);
    int r = xnet_ipv4_raw_read_from(capc, buf, sizeof buf, &h, &tcp, &tn, NULL);
    NTU_CHECK(r > 0);
    if (tn < 20 || h.src[3] != 2)
      continue; /* from the server only */
    size_t off = (size_t)(tcp[12] >> 4) * 4;
    if (tn <= off)
      continue; /* no payload */
    NTU_CHECK_INT(h.tos, 0x28);
    NTU_CHECK_INT(h.ttl, 32);
    NTU_CHECK(memcmp(tcp + off, "hello", 5) == 0);
    seen = 1;
  }
  NTU_CHECK(seen);
  xnet_conn_close(capc);
  return NULL;
}

static void test_marking_tcp_marks_the_accepted_conn(void) {
  snprintf(h1.name, sizeof h1.name, "xnet-mk1-%ld", (long)getpid());
  snprintf(h2.name, sizeof h2.name, "xnet-mk2-%ld", (long)getpid());
  ntu_sh("ip netns del %s", h1.name);
  ntu_sh("ip netns del %s", h2.name);
  const char *a = h1.name, *b = h2.name;
  int bad = ntu_sh("ip netns add %s", a) != 0 ||
            ntu_sh("ip netns add %s", b) != 0 ||
            ntu_sh("ip -n %s link add a1 type veth peer name b1 netns %s", a,
                   b) != 0 ||
            ntu_sh("ip -n %s addr add 10.204.1.1/24 dev a1", a) != 0 ||
            ntu_sh("ip -n %s addr add 10.204.1.2/24 dev b1", b) != 0 ||
            ntu_sh("ip -n %s link set a1 up", a) != 0 ||
            ntu_sh("ip -n %s link set b1 up", b) != 0;
  char msg[512];
  const char *err = bad ? "namespace setup failed"
                        : ntu_run_in(&h1, check_marking, NULL, msg, sizeof msg);
  ntu_destroy(&h1);
  ntu_destroy(&h2);
  if (err) {
    xt_fail(__LINE__, __FILE__, "%s", err);
    return;
  }
  XT_ASSERT(err == NULL); /* records the checks the child ran as passed */
}

XT_SUITE(examples, marking_tcp, NULL, NULL,
         XT_TEST_IF(test_marking_tcp_marks_the_accepted_conn, need_example));
