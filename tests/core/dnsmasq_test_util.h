/* dnsmasq_test_util.h — real DNS servers for the lookup suites (core.dns,
 * tools.lookup_cmd): dnsmasq instances started by the test on a loopback
 * address and a free port, serving a generated configuration, and a
 * "black hole" UDP server that reads queries and never answers.
 *
 * dms_start runs `dnsmasq -k` (in the foreground, a child of the test) with
 * --conf-file=/dev/null (nothing from /etc), --no-resolv, --no-hosts,
 * --bind-interfaces on one address, a pid file and log in a fresh temp
 * dir, and waits until it answers a query; dms_stop kills and reaps it and
 * removes the dir. dnsmasq runs under a watchdog child of the test that
 * holds the read end of a pipe: when the test closes it — or dies, even by
 * SIGKILL — the watchdog kills and reaps dnsmasq, so a crashed test leaves
 * no server behind (PR_SET_PDEATHSIG would not do: dnsmasq's privilege
 * changes clear it). A port is picked by binding port 0 and closing; if
 * dnsmasq cannot bind it (taken in between) another is tried.
 *
 * DMS_ZONE is the zone both suites check: the recursive instance (-c on
 * 127.0.0.1, --local=/test/ so unknown names are NXDOMAIN) serves every
 * record type but NS; NS records come from an authoritative instance
 * (--auth-server/--auth-zone) on 127.0.0.2.
 */
#ifndef XNET_DNSMASQ_TEST_UTIL_H
#define XNET_DNSMASQ_TEST_UTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The records of the recursive instance. */
#define DMS_CONF                                          \
  "host-record=www.test,192.0.2.10,2001:db8::10\n"        \
  "host-record=v4only.test,192.0.2.11\n"                  \
  "host-record=v6only.test,2001:db8::12\n"                \
  "host-record=two.test,192.0.2.13\n"                     \
  "host-record=two.test,192.0.2.14\n"                     \
  "cname=alias.test,www.test\n"                           \
  "ptr-record=30.2.0.192.in-addr.arpa,named.test\n"       \
  "txt-record=one.test,\"hello world\"\n"                 \
  "txt-record=multi.test,\"first part \",\"second part\"\n" \
  "srv-host=_sip._tcp.test,a.test,5060,10,60\n"           \
  "srv-host=_sip._tcp.test,b.test,5061,10,30\n"           \
  "srv-host=_sip._tcp.test,c.test,5062,10,10\n"           \
  "srv-host=_sip._tcp.test,d.test,5063,20,0\n"            \
  "srv-host=_sip._tcp.test,e.test,5064,5,1\n"             \
  "mx-host=mail.test,mx1.test,10\n"                       \
  "mx-host=mail.test,mx2.test,20\n"                       \
  "mx-host=mail.test,mx0.test,5\n"

typedef struct dms_server {
  pid_t pid; /* the watchdog; 0: not running */
  int wfd;   /* write end of the watchdog's pipe; -1 none */
  int port;
  char ip[16];
  char dir[64];
  char addr[32]; /* "127.0.0.1:PORT", for xnet_resolver.servers */
} dms_server;

static inline const char *dms_binary(void) {
  static const char *const paths[] = {"/usr/sbin/dnsmasq", "/usr/local/sbin/dnsmasq",
                                      "/usr/bin/dnsmasq", "/sbin/dnsmasq"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
    if (access(paths[i], X_OK) == 0) return paths[i];
  return NULL;
}

/* XT_TEST_IF condition: NULL when dnsmasq is installed. */
static inline const char *dms_need_dnsmasq(void) {
  return dms_binary() ? NULL : "dnsmasq is not installed (Debian package dnsmasq)";
}

/* A UDP port on ip that was free a moment ago (0 on failure). */
static inline int dms_free_port(const char *ip) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 0;
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  inet_pton(AF_INET, ip, &sa.sin_addr);
  socklen_t len = sizeof sa;
  int port = 0;
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
      getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
    port = ntohs(sa.sin_port);
  close(fd);
  return port;
}

/* Whether a UDP server on ip:port answers a query for www.test A within
 * ms milliseconds. */
static inline bool dms_answers(const char *ip, int port, int ms) {
  static const unsigned char q[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                                    3, 'w', 'w', 'w', 4, 't', 'e', 's', 't', 0,
                                    0, 1, 0, 1};
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  inet_pton(AF_INET, ip, &sa.sin_addr);
  bool ok = false;
  if (sendto(fd, q, sizeof q, 0, (struct sockaddr *)&sa, sizeof sa) == (ssize_t)sizeof q) {
    struct pollfd p = {fd, POLLIN, 0};
    unsigned char buf[512];
    ok = poll(&p, 1, ms) == 1 && recv(fd, buf, sizeof buf, 0) > 0;
  }
  close(fd);
  return ok;
}

/* Stops the watchdog (which stops dnsmasq) and reaps it. */
static inline void dms_kill(dms_server *s) {
  if (s->pid <= 0) return; /* also a zeroed, never started server */
  if (s->wfd >= 0) close(s->wfd);
  s->wfd = -1;
  {
    int st;
    for (int i = 0; i < 500 && waitpid(s->pid, &st, WNOHANG) == 0; i++) {
      struct timespec ts = {0, 10000000};
      nanosleep(&ts, NULL);
      if (i == 499) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &st, 0);
      }
    }
  }
}

static inline void dms_stop(dms_server *s) {
  dms_kill(s);
  s->pid = 0;
  if (s->dir[0]) {
    char path[128];
    static const char *const files[] = {"conf", "pid", "log"};
    for (size_t i = 0; i < 3; i++) {
      snprintf(path, sizeof path, "%s/%s", s->dir, files[i]);
      unlink(path);
    }
    rmdir(s->dir);
    s->dir[0] = '\0';
  }
}

/* One attempt: dnsmasq on ip:port with conf and extra arguments (NULL
 * terminated); 0 when it answers, -1 when it did not start. */
static inline int dms_try(dms_server *s, const char *ip, int port,
                          const char *const *extra) {
  char portarg[32], listen[48], conf[96], pidf[96], log[96];
  snprintf(portarg, sizeof portarg, "--port=%d", port);
  snprintf(listen, sizeof listen, "--listen-address=%s", ip);
  snprintf(conf, sizeof conf, "--conf-file=%s/conf", s->dir);
  snprintf(pidf, sizeof pidf, "--pid-file=%s/pid", s->dir);
  snprintf(log, sizeof log, "%s/log", s->dir);
  const char *args[32];
  int n = 0;
  args[n++] = "dnsmasq";
  args[n++] = "--keep-in-foreground";
  args[n++] = portarg;
  args[n++] = listen;
  args[n++] = "--bind-interfaces";
  args[n++] = "--no-resolv";
  args[n++] = "--no-hosts";
  args[n++] = "--conf-file=/dev/null";
  args[n++] = conf;
  args[n++] = pidf;
  /* As root, stay root: dropping to dnsmasq's user would clear the
   * parent-death signal that stops it if the test process dies. */
  if (geteuid() == 0) args[n++] = "--user=root";
  for (size_t i = 0; extra && extra[i] && n < 31; i++) args[n++] = extra[i];
  /* execv wants writable strings: copies made before fork. */
  static char store[32][128];
  char *argv[32];
  for (int i = 0; i < n; i++) {
    snprintf(store[i], sizeof store[i], "%s", args[i]);
    argv[i] = store[i];
  }
  argv[n] = NULL;
  const char *bin = dms_binary();
  int pfd[2];
  if (pipe(pfd) != 0) return -1;
  fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
  pid_t pid = fork();
  if (pid < 0) {
    close(pfd[0]);
    close(pfd[1]);
    return -1;
  }
  if (pid == 0) { /* the watchdog: async-signal-safe calls only */
    for (int fd = 3; fd < 1024; fd++)
      if (fd != pfd[0]) close(fd);
    pid_t d = fork();
    if (d < 0) _exit(1);
    if (d == 0) {
      close(pfd[0]);
      int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
      }
      execv(bin, argv);
      _exit(127);
    }
    int st;
    for (;;) {
      struct pollfd p = {pfd[0], POLLIN, 0};
      int r = poll(&p, 1, 20);
      if (waitpid(d, &st, WNOHANG) == d) _exit(1); /* dnsmasq gave up */
      char c;
      if (r > 0 && read(pfd[0], &c, 1) <= 0) break; /* the test is done */
    }
    kill(d, SIGTERM);
    waitpid(d, &st, 0);
    _exit(0);
  }
  close(pfd[0]);
  s->pid = pid;
  s->wfd = pfd[1];
  for (int i = 0; i < 100; i++) { /* up to 5 s */
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) { /* dnsmasq exited */
      s->pid = 0;
      close(s->wfd);
      s->wfd = -1;
      return -1;
    }
    if (dms_answers(ip, port, 50)) return 0;
  }
  dms_kill(s);
  s->pid = 0;
  return -1;
}

/* Starts dnsmasq on ip with the configuration text conf_text and extra
 * arguments (NULL-terminated, may be NULL). 0, or -1 (nothing left). */
static inline int dms_start(dms_server *s, const char *ip, const char *conf_text,
                            const char *const *extra) {
  memset(s, 0, sizeof *s);
  s->wfd = -1;
  if (!dms_binary()) return -1;
  snprintf(s->dir, sizeof s->dir, "/tmp/xnet-dns-XXXXXX");
  if (!mkdtemp(s->dir)) {
    s->dir[0] = '\0';
    return -1;
  }
  chmod(s->dir, 0755); /* dnsmasq may drop to its own user */
  char path[128];
  snprintf(path, sizeof path, "%s/conf", s->dir);
  FILE *f = fopen(path, "w");
  if (!f) {
    dms_stop(s);
    return -1;
  }
  fputs(conf_text, f);
  fclose(f);
  snprintf(s->ip, sizeof s->ip, "%s", ip);
  for (int attempt = 0; attempt < 5; attempt++) {
    int port = dms_free_port(ip);
    if (port && dms_try(s, ip, port, extra) == 0) {
      s->port = port;
      snprintf(s->addr, sizeof s->addr, "%s:%d", ip, port);
      return 0;
    }
  }
  dms_stop(s);
  return -1;
}

/* The recursive test server: DMS_CONF on 127.0.0.1, unknown names in
 * test NXDOMAIN. */
static inline int dms_start_main(dms_server *s) {
  static const char *const extra[] = {"--local=/test/", NULL};
  return dms_start(s, "127.0.0.1", DMS_CONF, extra);
}

/* The authoritative server for test on 127.0.0.2: NS ns1.test, ns2.test. */
static inline int dms_start_auth(dms_server *s) {
  static const char *const extra[] = {"--auth-server=ns1.test,127.0.0.2",
                                      "--auth-zone=test", "--auth-sec-servers=ns2.test",
                                      NULL};
  return dms_start(s, "127.0.0.2", "host-record=www.test,192.0.2.10\n", extra);
}

/* ---- a server that never answers ---- */

typedef struct dms_hole {
  int fd; /* -1: none */
  int port;
  char addr[32];
  pthread_t thread;
  atomic_int stop;
  int running;
} dms_hole;

static inline void *dms_hole_run(void *arg) {
  dms_hole *h = arg;
  unsigned char buf[1500];
  while (!atomic_load(&h->stop)) {
    struct pollfd p = {h->fd, POLLIN, 0};
    if (poll(&p, 1, 20) == 1) (void)recv(h->fd, buf, sizeof buf, 0);
  }
  return NULL;
}

/* Opens a UDP socket on 127.0.0.1 that reads and drops every query. */
static inline int dms_hole_open(dms_hole *h) {
  memset(h, 0, sizeof *h);
  atomic_init(&h->stop, 0);
  h->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (h->fd < 0) return -1;
  struct sockaddr_in sa = {0};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  if (bind(h->fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
      getsockname(h->fd, (struct sockaddr *)&sa, &len) != 0 ||
      pthread_create(&h->thread, NULL, dms_hole_run, h) != 0) {
    close(h->fd);
    h->fd = -1;
    return -1;
  }
  h->running = 1;
  h->port = ntohs(sa.sin_port);
  snprintf(h->addr, sizeof h->addr, "127.0.0.1:%d", h->port);
  return 0;
}

static inline void dms_hole_close(dms_hole *h) {
  if (h->running) {
    atomic_store(&h->stop, 1);
    pthread_join(h->thread, NULL);
    h->running = 0;
  }
  if (h->fd >= 0) close(h->fd);
  h->fd = -1;
}

#endif /* XNET_DNSMASQ_TEST_UTIL_H */
