/* netns_test_util.h — a private network namespace for the suites that need
 * interfaces of their own (core.interface, core.multicast): a veth pair,
 * xa and xb, with known names, MACs, MTU and addresses, made with iproute2
 * and deleted afterwards. Checks run in a forked child that has entered
 * the namespace (setns), so /proc/net and every socket it opens are the
 * namespace's and nothing it sends leaves it. Namespaces are named after
 * the suite and the pid, so parallel runs do not collide.
 *
 *   xa  02:00:00:00:00:0a  mtu 1400  10.200.0.1/24 10.200.1.5/32
 *                                    fd00:200::1/64
 *   xb  02:00:00:00:00:0b  mtu 1500  10.200.0.2/24 fd00:200::2/64
 */
#ifndef XNET_NETNS_TEST_UTIL_H
#define XNET_NETNS_TEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xnet_test.h"

/* Runs a shell command (quiet); returns its exit status, -1 if none. */
static inline int ntu_sh(const char *fmt, ...) {
  char cmd[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(cmd, sizeof cmd - 32, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof cmd - 32) return -1;
  strcat(cmd, " >/dev/null 2>&1");
  int rc = system(cmd);
  return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

/* XT_TEST_IF condition: NULL when namespaces can be made here. */
static inline const char *ntu_need_netns(void) {
  if (geteuid() != 0) return "not root: network namespaces need CAP_SYS_ADMIN";
  if (ntu_sh("command -v ip") != 0) return "no ip binary (install iproute2)";
  char name[48];
  snprintf(name, sizeof name, "xnet-probe-%ld", (long)getpid());
  if (ntu_sh("ip netns add %s", name) != 0)
    return "ip netns add failed (no namespace support here)";
  ntu_sh("ip netns del %s", name);
  return NULL;
}

typedef struct ntu_ns {
  char name[48];
} ntu_ns;

static inline void ntu_destroy(const ntu_ns *ns) {
  if (ns->name[0]) ntu_sh("ip netns del %s", ns->name);
}

/* Creates the namespace for tag with the veth pair; 0 or -1 (nothing
 * left behind). */
static inline int ntu_create(ntu_ns *ns, const char *tag) {
  snprintf(ns->name, sizeof ns->name, "xnet-%s-%ld", tag, (long)getpid());
  ntu_sh("ip netns del %s", ns->name); /* a leftover of a killed run */
  const char *n = ns->name;
  int bad = ntu_sh("ip netns add %s", n) != 0 ||
            ntu_sh("ip -n %s link set lo up", n) != 0 ||
            ntu_sh("ip -n %s link add xa type veth peer name xb", n) != 0 ||
            ntu_sh("ip -n %s link set xa address 02:00:00:00:00:0a mtu 1400",
                   n) != 0 ||
            ntu_sh("ip -n %s link set xb address 02:00:00:00:00:0b", n) != 0 ||
            ntu_sh("ip -n %s addr add 10.200.0.1/24 dev xa", n) != 0 ||
            ntu_sh("ip -n %s addr add 10.200.1.5/32 dev xa", n) != 0 ||
            ntu_sh("ip -n %s addr add 10.200.0.2/24 dev xb", n) != 0 ||
            ntu_sh("ip -n %s addr add fd00:200::1/64 dev xa nodad", n) != 0 ||
            ntu_sh("ip -n %s addr add fd00:200::2/64 dev xb nodad", n) != 0 ||
            ntu_sh("ip -n %s link set xa up", n) != 0 ||
            ntu_sh("ip -n %s link set xb up", n) != 0;
  if (bad) {
    ntu_destroy(ns);
    ns->name[0] = '\0';
    return -1;
  }
  return 0;
}

/* A check run inside the namespace: returns NULL, or a failure message
 * (written into msg, cap bytes). */
typedef const char *(*ntu_check_fn)(char *msg, size_t cap, void *arg);

/* Failure helpers for checks (they return from the check function). */
#define NTU_CHECK(cond)                                                      \
  do {                                                                       \
    if (!(cond)) {                                                           \
      snprintf(msg, cap, "%s:%d: %s", __FILE__, __LINE__, #cond);            \
      return msg;                                                            \
    }                                                                        \
  } while (0)
#define NTU_CHECK_INT(got, want)                                             \
  do {                                                                       \
    long long ntu__g = (long long)(got), ntu__w = (long long)(want);         \
    if (ntu__g != ntu__w) {                                                  \
      snprintf(msg, cap, "%s:%d: %s == %s: got %lld, want %lld", __FILE__,   \
               __LINE__, #got, #want, ntu__g, ntu__w);                       \
      return msg;                                                            \
    }                                                                        \
  } while (0)
#define NTU_CHECK_STR(got, want)                                             \
  do {                                                                       \
    const char *ntu__g = (got), *ntu__w = (want);                            \
    if (strcmp(ntu__g, ntu__w) != 0) {                                       \
      snprintf(msg, cap, "%s:%d: %s: got \"%s\", want \"%s\"", __FILE__,     \
               __LINE__, #got, ntu__g, ntu__w);                              \
      return msg;                                                            \
    }                                                                        \
  } while (0)

/* Runs fn(arg) in a child process inside the namespace. Returns NULL when
 * it passed, else its message (in msg). */
static inline const char *ntu_run_in(const ntu_ns *ns, ntu_check_fn fn,
                                     void *arg, char *msg, size_t cap) {
  int p[2];
  if (pipe(p) < 0) return "pipe failed";
  fflush(NULL); /* nothing buffered is written twice */
  pid_t pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return "fork failed";
  }
  if (pid == 0) {
    close(p[0]);
    char path[96];
    snprintf(path, sizeof path, "/run/netns/%s", ns->name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    const char *err = NULL;
    if (fd < 0 || setns(fd, CLONE_NEWNET) < 0)
      err = "cannot enter the namespace";
    else
      err = fn(msg, cap, arg);
    if (err) {
      ssize_t w = write(p[1], err, strlen(err));
      (void)w;
    }
    _exit(err ? 1 : 0);
  }
  close(p[1]);
  size_t got = 0;
  for (;;) {
    ssize_t r = read(p[0], msg + got, cap - 1 - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
    if (got == cap - 1) break;
  }
  msg[got] = '\0';
  close(p[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return NULL;
  if (got == 0)
    snprintf(msg, cap, "check died (status 0x%x)", (unsigned)status);
  return msg;
}

/* A test body: creates the namespace for tag, runs fn inside it, deletes
 * the namespace (whatever happened), then reports fn's failure. */
static inline void ntu_run_checks(const char *tag, ntu_check_fn fn) {
  ntu_ns ns;
  XT_ASSERT_INT_EQ(ntu_create(&ns, tag), 0);
  char msg[512];
  const char *err = ntu_run_in(&ns, fn, NULL, msg, sizeof msg);
  ntu_destroy(&ns);
  if (err) {
    xt_fail(__LINE__, __FILE__, "in namespace %s: %s", ns.name, err);
    return;
  }
  XT_ASSERT(err == NULL); /* records the checks the child ran as passed */
}

#endif /* XNET_NETNS_TEST_UTIL_H */
