/* test_dns_system.c — deadlines and cancellation of the system-resolver
 * lookups (xnet_lookup_*_ctx of xnet/lookup.h). A test stack's
 * getaddrinfo/getnameinfo answer "fast.test" and 192.0.2.7 at once and
 * block on a gate for "slow.test" and 192.0.2.99 — a resolver that never
 * answers — so the caller must give up by itself; the gate is opened
 * afterwards and the abandoned helpers are waited for before the stack
 * closes. No query leaves the process. */
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "posix_int.h"
#include "xnet/cancel.h"
#include "xnet/conn.h"
#include "xnet/error.h"
#include "xnet/lookup.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_open;
static atomic_int blocked;  /* calls that reached the gate */
static atomic_int finished; /* of those, calls completely done */

static void gate_pass(void) {
  atomic_fetch_add(&blocked, 1);
  pthread_mutex_lock(&gate_mu);
  while (!gate_open) pthread_cond_wait(&gate_cv, &gate_mu);
  pthread_mutex_unlock(&gate_mu);
}

static struct sockaddr_in fast_sa;
static struct addrinfo fast_ai;

static int fake_getaddrinfo(const char *host, const char *service,
                            const struct addrinfo *hints, struct addrinfo **res) {
  (void)service, (void)hints;
  bool slow = strcmp(host, "slow.test") == 0;
  if (!slow && strcmp(host, "fast.test") != 0) return EAI_NONAME;
  if (slow) gate_pass();
  *res = &fast_ai;
  return 0;
}

static void fake_freeaddrinfo(struct addrinfo *res) {
  (void)res;
  pthread_mutex_lock(&gate_mu);
  int was_open = gate_open;
  pthread_mutex_unlock(&gate_mu);
  if (was_open) atomic_fetch_add(&finished, 1); /* only gated calls count */
}

static int fake_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
                            socklen_t hostlen, char *serv, socklen_t servlen, int flags) {
  (void)salen, (void)serv, (void)servlen, (void)flags;
  const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
  if (sa->sa_family != AF_INET) return EAI_NONAME;
  if (sin->sin_addr.s_addr == htonl(0xc0000263)) {
    gate_pass();
    atomic_fetch_add(&finished, 1);
    return EAI_NONAME;
  }
  if (sin->sin_addr.s_addr != htonl(0xc0000207)) return EAI_NONAME;
  snprintf(host, hostlen, "seven.test");
  return 0;
}

static xnet_stack *fake;

static int open_fake(void) {
  memset(&fast_sa, 0, sizeof fast_sa);
  fast_sa.sin_family = AF_INET;
  fast_sa.sin_addr.s_addr = htonl(0xc0000207);
  fast_ai = (struct addrinfo){.ai_family = AF_INET, .ai_addrlen = sizeof fast_sa,
                              .ai_addr = (struct sockaddr *)&fast_sa};
  static xnet_posix_syscalls t;
  xnet__host_syscalls(&t);
  t.getaddrinfo = fake_getaddrinfo;
  t.freeaddrinfo = fake_freeaddrinfo;
  t.getnameinfo = fake_getnameinfo;
  xnet_posix_config cfg = {.syscalls = &t};
  return xnet__host_stack_open_config(&cfg, &fake) == 0 ? 0 : -1;
}

/* Opens the gate and waits (up to 5 s) for every abandoned helper to be
 * done with the stack before closing it. */
static int close_fake(void) {
  pthread_mutex_lock(&gate_mu);
  gate_open = 1;
  pthread_cond_broadcast(&gate_cv);
  pthread_mutex_unlock(&gate_mu);
  for (int i = 0; i < 500 && atomic_load(&finished) < atomic_load(&blocked); i++) {
    struct timespec ts = {0, 10000000};
    nanosleep(&ts, NULL);
  }
  struct timespec ts = {0, 20000000}; /* the helpers' last steps */
  nanosleep(&ts, NULL);
  xnet_stack_close(fake);
  return 0;
}

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_dns_system_ctx_answers_like_plain_lookup(void) {
  char out[4][XNET_IP_STRLEN];
  size_t n;
  XT_ASSERT_OK(xnet_lookup_host_ctx(fake, "fast.test", xnet_deadline_in(fake, XNET_SECOND),
                                    NULL, out, 4, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(out[0], "192.0.2.7");
  char names[1][XNET_HOSTNAME_MAX];
  XT_ASSERT_OK(xnet_lookup_addr_ctx(fake, "192.0.2.7", xnet_deadline_in(fake, XNET_SECOND),
                                    NULL, names, 1, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(names[0], "seven.test");
  xnet_ip ip[1];
  XT_ASSERT_ERR(xnet_lookup_ip_ctx(fake, "nope.test", xnet_deadline_in(fake, XNET_SECOND),
                                   NULL, ip, 1, &n),
                XNET_ENOHOST);
}

static void test_dns_system_deadline_abandons_resolver(void) {
  xnet_ip ip[2];
  size_t n = 9;
  int64_t t0 = mono_ms();
  int rc = xnet_lookup_ip_ctx(fake, "slow.test", xnet_deadline_in(fake, 200 * XNET_MILLISECOND),
                              NULL, ip, 2, &n);
  int64_t took = mono_ms() - t0;
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(xnet_error_is_timeout(rc));
  XT_ASSERT_UINT_EQ(n, 0);
  XT_ASSERT(took >= 150);
  XT_ASSERT(took < 1000);
  char msg[128];
  xnet_op_error_format(xnet_last_error(), msg, sizeof msg);
  XT_ASSERT_STR_EQ(msg, "lookup slow.test: i/o timeout");
  /* A deadline already passed fails before any work. */
  XT_ASSERT_ERR(xnet_lookup_ip_ctx(fake, "fast.test", xnet_deadline_in(fake, 0), NULL, ip, 2,
                                   &n),
                XNET_ETIMEDOUT);
}

static void *cancel_soon(void *arg) {
  struct timespec ts = {0, 150000000};
  nanosleep(&ts, NULL);
  xnet_canceler_cancel(arg);
  return NULL;
}

static void test_dns_system_cancel_from_another_thread(void) {
  xnet_canceler *c;
  XT_ASSERT_OK(xnet_canceler_new(fake, &c));
  pthread_t t;
  int prc = pthread_create(&t, NULL, cancel_soon, c);
  char names[1][XNET_HOSTNAME_MAX];
  size_t n;
  int64_t t0 = mono_ms();
  int rc = prc == 0 ? xnet_lookup_addr_ctx(fake, "192.0.2.99", 0, c, names, 1, &n) : 0;
  int64_t took = mono_ms() - t0;
  if (prc == 0) pthread_join(t, NULL);
  int rc2 = xnet_lookup_host_ctx(fake, "fast.test", 0, c, NULL, 0, &n);
  xnet_canceler_free(c);
  XT_ASSERT_OK(prc);
  XT_ASSERT_ERR(rc, XNET_ECANCELED);
  XT_ASSERT(took >= 100);
  XT_ASSERT(took < 1000);
  XT_ASSERT_ERR(rc2, XNET_ECANCELED); /* already cancelled: at once */
}

/* Dialing resolves under the dialer's deadline: a name whose resolver never
 * answers makes the dial time out at the deadline, not hang. */
static void test_dns_system_dial_resolution_honours_timeout(void) {
  xnet_dialer d = {0};
  d.stack = fake;
  d.timeout = 200 * XNET_MILLISECOND;
  xnet_conn *c = NULL;
  int64_t t0 = mono_ms();
  int rc = xnet_dialer_dial(&d, "tcp", "slow.test:80", &c);
  int64_t took = mono_ms() - t0;
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(c == NULL);
  XT_ASSERT(took >= 150 && took < 1000);
  char text[160];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "dial tcp: lookup slow.test: i/o timeout");
}

XT_SUITE(core, dns_system, open_fake, close_fake,
         XT_TEST(test_dns_system_dial_resolution_honours_timeout),
         XT_TEST(test_dns_system_ctx_answers_like_plain_lookup),
         XT_TEST(test_dns_system_deadline_abandons_resolver),
         XT_TEST(test_dns_system_cancel_from_another_thread));
