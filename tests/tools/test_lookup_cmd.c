/* test_lookup_cmd.c — `xnet lookup TYPE NAME [--server ADDR]` against the
 * dnsmasq servers of core.dns (tests/core/dnsmasq_test_util.h): every type
 * prints exactly the configured data, a missing name and a silent server
 * fail with Go's DNSError text and exit 1, bad usage exits 2. The command
 * runs in-process (xnet_tool_main with temporary files for its streams),
 * and once as the built binary. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/dnsmasq_test_util.h"
#include "xnet_test.h"
#include "xnet_tool.h"

#define LOOKUP_BINARY XNET_BINARY_DIR "/tools/xnet/xnet"

static dms_server srv_main, srv_auth;

static int suite_init(void) {
  if (!dms_binary()) return 0;
  if (dms_start_main(&srv_main) != 0) return -1;
  if (dms_start_auth(&srv_auth) != 0) {
    dms_stop(&srv_main);
    return -1;
  }
  return 0;
}

static int suite_cleanup(void) {
  dms_stop(&srv_auth);
  dms_stop(&srv_main);
  return 0;
}

typedef struct run_result {
  int status;
  char out[4096];
  char err[1024];
} run_result;

static void slurp(FILE *f, char *buf, size_t cap) {
  rewind(f);
  size_t n = fread(buf, 1, cap - 1, f);
  buf[n] = '\0';
  fclose(f);
}

/* Runs `xnet lookup ARGS...` (NULL-terminated) in-process. */
static void run(run_result *r, ...) {
  char *argv[16];
  int argc = 0;
  argv[argc++] = "xnet";
  argv[argc++] = "lookup";
  va_list ap;
  va_start(ap, r);
  for (char *a; argc < 15 && (a = va_arg(ap, char *)) != NULL;) argv[argc++] = a;
  va_end(ap);
  argv[argc] = NULL;
  FILE *out = tmpfile(), *err = tmpfile();
  memset(r, 0, sizeof *r);
  if (!out || !err) {
    if (out) fclose(out);
    if (err) fclose(err);
    r->status = -1;
    return;
  }
  r->status = xnet_tool_main(argc, argv, stdin, out, err);
  slurp(out, r->out, sizeof r->out);
  slurp(err, r->err, sizeof r->err);
}

static void test_lookup_cmd_prints_each_record_type(void) {
  char *s = srv_main.addr;
  run_result r;
  run(&r, "--server", s, "host", "www.test", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT_STR_EQ(r.out, "192.0.2.10\n2001:db8::10\n");
  XT_ASSERT_STR_EQ(r.err, "");
  run(&r, "ip", "v6only.test", "--server", s, NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT_STR_EQ(r.out, "2001:db8::12\n");
  run(&r, "--server", s, "addr", "192.0.2.30", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT_STR_EQ(r.out, "named.test.\n");
  run(&r, "--server", s, "cname", "alias.test", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT_STR_EQ(r.out, "www.test.\n");
  run(&r, "--server", s, "txt", "multi.test", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT_STR_EQ(r.out, "first part second part\n");
  run(&r, "--server", s, "mx", "mail.test", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT_STR_EQ(r.out, "5 mx0.test.\n10 mx1.test.\n20 mx2.test.\n");
  run(&r, "--server", srv_auth.addr, "ns", "test", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT(strcmp(r.out, "ns1.test.\nns2.test.\n") == 0 ||
            strcmp(r.out, "ns2.test.\nns1.test.\n") == 0);
}

static void test_lookup_cmd_srv_lines_by_priority(void) {
  run_result r;
  run(&r, "--server", srv_main.addr, "srv", "_sip._tcp.test", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  /* e (priority 5) first, d (20) last, a b c (10) between in some order. */
  const char *first = "5 1 5064 e.test.\n", *last = "20 0 5063 d.test.\n";
  XT_ASSERT(strncmp(r.out, first, strlen(first)) == 0);
  size_t len = strlen(r.out);
  XT_ASSERT(len > strlen(last) && strcmp(r.out + len - strlen(last), last) == 0);
  XT_ASSERT(strstr(r.out, "10 60 5060 a.test.\n") != NULL);
  XT_ASSERT(strstr(r.out, "10 30 5061 b.test.\n") != NULL);
  XT_ASSERT(strstr(r.out, "10 10 5062 c.test.\n") != NULL);
}

static void test_lookup_cmd_missing_name_exits_1(void) {
  run_result r;
  run(&r, "--server", srv_main.addr, "host", "nope.test", NULL);
  XT_ASSERT_INT_EQ(r.status, 1);
  XT_ASSERT_STR_EQ(r.out, "");
  char want[128];
  snprintf(want, sizeof want, "xnet lookup: lookup nope.test on %s: no such host\n",
           srv_main.addr);
  XT_ASSERT_STR_EQ(r.err, want);
}

static void test_lookup_cmd_silent_server_times_out(void) {
  dms_hole h;
  XT_ASSERT_OK(dms_hole_open(&h));
  run_result r;
  run(&r, "--server", h.addr, "-w", "0.3", "mx", "mail.test", NULL);
  char want[128];
  snprintf(want, sizeof want, "xnet lookup: lookup mail.test on %s: i/o timeout\n", h.addr);
  dms_hole_close(&h);
  XT_ASSERT_INT_EQ(r.status, 1);
  XT_ASSERT_STR_EQ(r.err, want);
}

static void test_lookup_cmd_port_and_usage(void) {
  run_result r;
  run(&r, "port", "tcp/80", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT_STR_EQ(r.out, "80\n");
  run(&r, "host", NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  run(&r, "bogus", "x", NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  XT_ASSERT(strstr(r.err, "unknown type 'bogus'") != NULL);
  run(&r, "--server", NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  run(&r, "-w", "-1", "host", "x", NULL);
  XT_ASSERT_INT_EQ(r.status, 2);
  run(&r, "--help", NULL);
  XT_ASSERT_INT_EQ(r.status, 0);
  XT_ASSERT(strstr(r.out, "usage: xnet lookup") != NULL);
}

/* The built binary: same output, same exit status. */
static void test_lookup_cmd_binary(void) {
  char cmd[256];
  snprintf(cmd, sizeof cmd, "%s lookup --server %s mx mail.test 2>&1", LOOKUP_BINARY,
           srv_main.addr);
  FILE *p = popen(cmd, "r");
  XT_ASSERT(p != NULL);
  char buf[512];
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  buf[n] = '\0';
  int st = pclose(p);
  XT_ASSERT(WIFEXITED(st));
  XT_ASSERT_INT_EQ(WEXITSTATUS(st), 0);
  XT_ASSERT_STR_EQ(buf, "5 mx0.test.\n10 mx1.test.\n20 mx2.test.\n");
  snprintf(cmd, sizeof cmd, "%s lookup --server %s txt nope.test >/dev/null 2>&1",
           LOOKUP_BINARY, srv_main.addr);
  st = system(cmd);
  XT_ASSERT(WIFEXITED(st));
  XT_ASSERT_INT_EQ(WEXITSTATUS(st), 1);
}

XT_SUITE(tools, lookup_cmd, suite_init, suite_cleanup,
         XT_TEST_IF(test_lookup_cmd_prints_each_record_type, dms_need_dnsmasq),
         XT_TEST_IF(test_lookup_cmd_srv_lines_by_priority, dms_need_dnsmasq),
         XT_TEST_IF(test_lookup_cmd_missing_name_exits_1, dms_need_dnsmasq),
         XT_TEST(test_lookup_cmd_silent_server_times_out),
         XT_TEST(test_lookup_cmd_port_and_usage),
         XT_TEST_IF(test_lookup_cmd_binary, dms_need_dnsmasq));
