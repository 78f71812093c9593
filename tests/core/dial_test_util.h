/* dial_test_util.h — what the dialing suites (core.happy_eyeballs,
 * core.dial_cancel) share: a stack whose getaddrinfo answers a made-up
 * name, "dual.test", with ::1 and 127.0.0.1 in a chosen order (other names
 * go to the real resolver) and whose connect calls are recorded; and
 * listeners whose accept queue is full, so that a connect to them hangs
 * (the kernel drops the SYN) until the client gives up.
 *
 * The recorder state is per suite file (static), written by the dialing
 * thread and read once it has been joined. */
#ifndef XNET_DIAL_TEST_UTIL_H
#define XNET_DIAL_TEST_UTIL_H

#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core_test_util.h"
#include "posix_int.h"
#include "xnet/error.h"

static xnet_posix_syscalls real;
static int answer[2], nanswer;    /* families "dual.test" resolves to */
static struct addrinfo fake_ai[2];
static struct sockaddr_in fake4;
static struct sockaddr_in6 fake6;
static int connect_family[16];
static int64_t connect_at[16];
static int nconnects;
static int last_connect_fd = -1; /* the socket of the last call ... */
static int last_connect_pending; /* ... and whether it was in progress */

static int fake_getaddrinfo(const char *host, const char *service,
                            const struct addrinfo *hints,
                            struct addrinfo **res) {
  if (!host || strcmp(host, "dual.test") != 0)
    return real.getaddrinfo(host, service, hints, res);
  fake4 = (struct sockaddr_in){.sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  fake6 = (struct sockaddr_in6){.sin6_family = AF_INET6,
                                .sin6_addr = IN6ADDR_LOOPBACK_INIT};
  int n = 0;
  for (int i = 0; i < nanswer; i++) {
    int af = answer[i] == 4 ? AF_INET : AF_INET6;
    if (hints->ai_family != AF_UNSPEC && hints->ai_family != af) continue;
    memset(&fake_ai[n], 0, sizeof fake_ai[n]);
    fake_ai[n].ai_family = af;
    fake_ai[n].ai_socktype = SOCK_STREAM;
    fake_ai[n].ai_addr = af == AF_INET ? (struct sockaddr *)&fake4
                                       : (struct sockaddr *)&fake6;
    fake_ai[n].ai_addrlen = af == AF_INET ? sizeof fake4 : sizeof fake6;
    if (n > 0) fake_ai[n - 1].ai_next = &fake_ai[n];
    n++;
  }
  if (n == 0) return EAI_NONAME;
  *res = &fake_ai[0];
  return 0;
}

static void fake_freeaddrinfo(struct addrinfo *res) {
  if (res != &fake_ai[0]) real.freeaddrinfo(res);
}

/* Records one attempt per socket: a dial asks connect again on the same
 * socket to learn whether an in-progress connect has finished. */
static int rec_connect(int fd, const struct sockaddr *sa, socklen_t len) {
  bool again = fd == last_connect_fd && last_connect_pending;
  if (!again && nconnects < 16) {
    connect_family[nconnects] = sa->sa_family == AF_INET ? 4 : 6;
    connect_at[nconnects] = ctu_now_ns();
    nconnects++;
  }
  int rc = real.connect(fd, sa, len);
  last_connect_fd = fd;
  last_connect_pending = rc < 0 && (errno == EINPROGRESS || errno == EALREADY);
  return rc;
}

/* The recorder's syscall table: the host's, with the fakes. */
static inline void recorder_syscalls(xnet_posix_syscalls *t) {
  xnet__host_syscalls(&real);
  *t = real;
  t->getaddrinfo = fake_getaddrinfo;
  t->freeaddrinfo = fake_freeaddrinfo;
  t->connect = rec_connect;
}

static inline int recorder_open(xnet_stack **s) {
  xnet_posix_syscalls t;
  recorder_syscalls(&t);
  xnet_posix_config cfg = {.syscalls = &t};
  return xnet__host_stack_open_config(&cfg, s);
}

/* "dual.test" resolves to the families first, second (4 or 6); the
 * connect record restarts. */
static inline void resolve_to(int first, int second) {
  answer[0] = first;
  answer[1] = second;
  nanswer = 2;
  nconnects = 0;
  last_connect_fd = -1;
}

/* A listener whose accept queue is full. */
typedef struct full_listener {
  xnet_listener *l;
  xnet_conn *queued[8];
  int nqueued;
} full_listener;

static inline void full_close(full_listener *f) {
  for (int i = 0; i < f->nqueued; i++) xnet_conn_close(f->queued[i]);
  if (f->l) xnet_listener_close(f->l);
  memset(f, 0, sizeof *f);
}

/* Listens on address with the smallest backlog and dials it until a dial
 * times out. Returns 0 when full. */
static inline int full_open(const char *network, const char *address,
                            full_listener *f) {
  memset(f, 0, sizeof *f);
  xnet_listen_config lc = {.backlog = 1};
  int rc = xnet_listen_config_listen(&lc, network, address, &f->l);
  if (rc < 0) return rc;
  char text[XNET_ADDR_STRLEN];
  ctu_listener_text(f->l, text, sizeof text);
  while (f->nqueued < 8) {
    xnet_conn *c;
    rc = xnet_dial_timeout(network, text, 100 * XNET_MILLISECOND, &c);
    if (rc == XNET_ETIMEDOUT) return 0;
    if (rc < 0) break;
    f->queued[f->nqueued++] = c;
  }
  full_close(f);
  return rc < 0 ? rc : -1;
}

static inline uint16_t listener_port(xnet_listener *l) {
  xnet_addr a;
  xnet_listener_addr(l, &a);
  return a.port;
}

/* Listeners on one port: a full one on [::1] (tcp6) and, on 127.0.0.1, a
 * live one (*l4) or, with hang4, a full one (*f4). Retries when the port
 * is taken on IPv4. */
static inline int hanging_pair(full_listener *f6, full_listener *f4,
                               xnet_listener **l4, bool hang4) {
  for (int attempt = 0; attempt < 5; attempt++) {
    if (full_open("tcp6", "[::1]:0", f6) < 0) return -1;
    char a4[64];
    snprintf(a4, sizeof a4, "127.0.0.1:%u", listener_port(f6->l));
    int rc = hang4 ? full_open("tcp4", a4, f4) : xnet_listen("tcp4", a4, l4);
    if (rc == 0) return 0;
    full_close(f6);
  }
  return -1;
}

#endif /* XNET_DIAL_TEST_UTIL_H */
