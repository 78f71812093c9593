/* test_dns.c — the resolver lookups of xnet/dns.h against real DNS servers
 * on loopback: a dnsmasq instance serving DMS_CONF (dnsmasq_test_util.h)
 * on 127.0.0.1, an authoritative one for NS on 127.0.0.2, and a UDP
 * socket that never answers (timeouts, cancellation). Every lookup must
 * return exactly the configured data. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dnsmasq_test_util.h"
#include "xnet/dns.h"
#include "xnet/error.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

static dms_server dns_main, dns_auth;

static int suite_init(void) {
  if (!dms_binary()) return 0; /* every test needing it is skipped */
  if (dms_start_main(&dns_main) != 0) return -1;
  if (dms_start_auth(&dns_auth) != 0) {
    dms_stop(&dns_main);
    return -1;
  }
  return 0;
}

static int suite_cleanup(void) {
  dms_stop(&dns_auth);
  dms_stop(&dns_main);
  return 0;
}

/* A resolver asking the main server, with a 5 s deadline. */
static xnet_resolver main_resolver(void) {
  xnet_resolver r = {0};
  r.servers = dns_main.addr;
  r.deadline = xnet_deadline_in(NULL, 5 * XNET_SECOND);
  return r;
}

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether name is among the n names of list. */
static int has_name(char (*list)[XNET_DNS_NAME_MAX], size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0) return 1;
  return 0;
}

static void test_dns_lookup_host_returns_a_and_aaaa(void) {
  xnet_resolver r = main_resolver();
  char text[8][XNET_IP_STRLEN];
  size_t n;
  XT_ASSERT_OK(xnet_resolver_lookup_host(&r, "www.test", text, 8, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  XT_ASSERT_STR_EQ(text[0], "192.0.2.10");
  XT_ASSERT_STR_EQ(text[1], "2001:db8::10");
  XT_ASSERT_OK(xnet_resolver_lookup_host(&r, "v4only.test", text, 8, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(text[0], "192.0.2.11");
  XT_ASSERT_OK(xnet_resolver_lookup_host(&r, "v6only.test", text, 8, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(text[0], "2001:db8::12");
  XT_ASSERT_OK(xnet_resolver_lookup_host(&r, "two.test", text, 8, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  XT_ASSERT((strcmp(text[0], "192.0.2.13") == 0 && strcmp(text[1], "192.0.2.14") == 0) ||
            (strcmp(text[0], "192.0.2.14") == 0 && strcmp(text[1], "192.0.2.13") == 0));
  /* A full array is not an error: the count says how many exist. */
  XT_ASSERT_OK(xnet_resolver_lookup_host(&r, "www.test", text, 1, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  XT_ASSERT_STR_EQ(text[0], "192.0.2.10");
}

static void test_dns_lookup_ip_maps_ipv4(void) {
  xnet_resolver r = main_resolver();
  xnet_ip ip[4];
  size_t n;
  XT_ASSERT_OK(xnet_resolver_lookup_ip(&r, "v4only.test", ip, 4, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  static const uint8_t mapped[16] = {[10] = 0xff, [11] = 0xff, 192, 0, 2, 11};
  XT_ASSERT_UINT_EQ(ip[0].len, 16);
  XT_ASSERT_MEM_EQ(ip[0].bytes, 16, mapped, 16);
  /* A literal needs no server at all. */
  xnet_resolver none = {0};
  none.servers = "127.0.0.1:1";
  XT_ASSERT_OK(xnet_resolver_lookup_ip(&none, "2001:db8::1", ip, 4, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  char text[XNET_IP_STRLEN];
  xnet_ip_format(&ip[0], text, sizeof text);
  XT_ASSERT_STR_EQ(text, "2001:db8::1");
}

static void test_dns_lookup_addr_returns_ptr_names(void) {
  xnet_resolver r = main_resolver();
  char names[4][XNET_DNS_NAME_MAX];
  size_t n;
  XT_ASSERT_OK(xnet_resolver_lookup_addr(&r, "192.0.2.30", names, 4, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(names[0], "named.test.");
  XT_ASSERT_OK(xnet_resolver_lookup_addr(&r, "192.0.2.11", names, 4, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(names[0], "v4only.test.");
  XT_ASSERT_OK(xnet_resolver_lookup_addr(&r, "2001:db8::12", names, 4, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(names[0], "v6only.test.");
  XT_ASSERT_ERR(xnet_resolver_lookup_addr(&r, "not-an-ip", names, 4, &n), XNET_EBADADDR);
  XT_ASSERT_UINT_EQ(n, 0);
}

static void test_dns_lookup_cname_follows_alias(void) {
  xnet_resolver r = main_resolver();
  char cname[XNET_DNS_NAME_MAX];
  XT_ASSERT_OK(xnet_resolver_lookup_cname(&r, "alias.test", cname));
  XT_ASSERT_STR_EQ(cname, "www.test.");
  XT_ASSERT_OK(xnet_resolver_lookup_cname(&r, "www.test", cname));
  XT_ASSERT_STR_EQ(cname, "www.test.");
  XT_ASSERT_OK(xnet_resolver_lookup_cname(&r, "v6only.test.", cname));
  XT_ASSERT_STR_EQ(cname, "v6only.test.");
  XT_ASSERT_ERR(xnet_resolver_lookup_cname(&r, "nope.test", cname), XNET_ENOHOST);
  XT_ASSERT_STR_EQ(cname, "");
}

static void test_dns_lookup_txt_joins_strings_of_a_record(void) {
  xnet_resolver r = main_resolver();
  char (*txt)[XNET_DNS_TXT_MAX] = malloc(4 * sizeof *txt);
  XT_ASSERT(txt != NULL);
  size_t n = 0;
  int rc1 = xnet_resolver_lookup_txt(&r, "one.test", txt, 4, &n);
  size_t n1 = n;
  char one[64];
  snprintf(one, sizeof one, "%s", rc1 == 0 ? txt[0] : "");
  int rc2 = xnet_resolver_lookup_txt(&r, "multi.test", txt, 4, &n);
  char multi[64];
  snprintf(multi, sizeof multi, "%s", rc2 == 0 ? txt[0] : "");
  free(txt);
  XT_ASSERT_OK(rc1);
  XT_ASSERT_UINT_EQ(n1, 1);
  XT_ASSERT_STR_EQ(one, "hello world");
  XT_ASSERT_OK(rc2);
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(multi, "first part second part");
}

static void test_dns_lookup_srv_orders_by_priority(void) {
  xnet_resolver r = main_resolver();
  xnet_srv srv[8];
  char cname[XNET_DNS_NAME_MAX];
  size_t n;
  XT_ASSERT_OK(xnet_resolver_lookup_srv(&r, "sip", "tcp", "test", cname, srv, 8, &n));
  XT_ASSERT_UINT_EQ(n, 5);
  XT_ASSERT_STR_EQ(cname, "_sip._tcp.test.");
  XT_ASSERT_STR_EQ(srv[0].target, "e.test.");
  XT_ASSERT_UINT_EQ(srv[0].priority, 5);
  XT_ASSERT_UINT_EQ(srv[0].port, 5064);
  XT_ASSERT_UINT_EQ(srv[0].weight, 1);
  for (size_t i = 1; i < 4; i++) XT_ASSERT_UINT_EQ(srv[i].priority, 10);
  XT_ASSERT_STR_EQ(srv[4].target, "d.test.");
  XT_ASSERT_UINT_EQ(srv[4].priority, 20);
  XT_ASSERT_UINT_EQ(srv[4].port, 5063);
  XT_ASSERT_UINT_EQ(srv[4].weight, 0);
  int seen = 0; /* a, b, c each once, with their own port and weight */
  for (size_t i = 1; i < 4; i++) {
    char c = srv[i].target[0];
    XT_ASSERT(c >= 'a' && c <= 'c');
    XT_ASSERT_STR_EQ(srv[i].target + 1, ".test.");
    XT_ASSERT_UINT_EQ(srv[i].port, 5060 + (c - 'a'));
    XT_ASSERT_UINT_EQ(srv[i].weight, c == 'a' ? 60 : c == 'b' ? 30 : 10);
    seen |= 1 << (c - 'a');
  }
  XT_ASSERT_INT_EQ(seen, 7);
  /* LookupSRV("", "", name) asks for name itself. */
  XT_ASSERT_OK(xnet_resolver_lookup_srv(&r, "", "", "_sip._tcp.test", NULL, srv, 8, &n));
  XT_ASSERT_UINT_EQ(n, 5);
  XT_ASSERT_STR_EQ(srv[0].target, "e.test.");
  XT_ASSERT_ERR(xnet_resolver_lookup_srv(&r, "xmpp", "tcp", "test", cname, srv, 8, &n),
                XNET_ENOHOST);
  XT_ASSERT_STR_EQ(xnet_dns_last_error()->name, "_xmpp._tcp.test");
}

/* RFC 2782: within priority 10 (weights 60, 30, 10) the first record is
 * a, b or c with probability 0.6, 0.3, 0.1. Over 1,000 lookups each count
 * must lie within 5 standard deviations of its expectation (a false
 * failure is below one in a million). */
static void test_dns_lookup_srv_weights_statistically(void) {
  xnet_resolver r = main_resolver();
  r.deadline = xnet_deadline_in(NULL, 60 * XNET_SECOND);
  int first[3] = {0, 0, 0};
  for (int i = 0; i < 1000; i++) {
    xnet_srv srv[8];
    size_t n;
    XT_ASSERT_OK(xnet_resolver_lookup_srv(&r, "sip", "tcp", "test", NULL, srv, 8, &n));
    XT_ASSERT_UINT_EQ(n, 5);
    XT_ASSERT_UINT_EQ(srv[1].priority, 10);
    first[srv[1].target[0] - 'a']++;
  }
  /* Expectations and standard deviations sqrt(1000 p (1 - p)). */
  static const double mean_of[3] = {600, 300, 100}, sd_of[3] = {15.49, 14.49, 9.49};
  for (int k = 0; k < 3; k++) {
    double mean = mean_of[k], sd = sd_of[k];
    if (first[k] < mean - 5 * sd || first[k] > mean + 5 * sd)
      xt_fail(__LINE__, __FILE__, "%c first %d times of 1000, want %.0f +- %.0f",
              'a' + k, first[k], mean, 5 * sd);
    XT_ASSERT(first[k] >= mean - 5 * sd && first[k] <= mean + 5 * sd);
  }
}

static void test_dns_lookup_mx_orders_by_preference(void) {
  xnet_resolver r = main_resolver();
  xnet_mx mx[8];
  size_t n;
  XT_ASSERT_OK(xnet_resolver_lookup_mx(&r, "mail.test", mx, 8, &n));
  XT_ASSERT_UINT_EQ(n, 3);
  XT_ASSERT_STR_EQ(mx[0].host, "mx0.test.");
  XT_ASSERT_UINT_EQ(mx[0].pref, 5);
  XT_ASSERT_STR_EQ(mx[1].host, "mx1.test.");
  XT_ASSERT_UINT_EQ(mx[1].pref, 10);
  XT_ASSERT_STR_EQ(mx[2].host, "mx2.test.");
  XT_ASSERT_UINT_EQ(mx[2].pref, 20);
}

static void test_dns_lookup_ns_from_authoritative_server(void) {
  xnet_resolver r = {0};
  r.servers = dns_auth.addr;
  r.deadline = xnet_deadline_in(NULL, 5 * XNET_SECOND);
  char ns[4][XNET_DNS_NAME_MAX];
  size_t n;
  XT_ASSERT_OK(xnet_resolver_lookup_ns(&r, "test", ns, 4, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  XT_ASSERT(has_name(ns, n, "ns1.test."));
  XT_ASSERT(has_name(ns, n, "ns2.test."));
}

static void test_dns_missing_name_is_not_found(void) {
  xnet_resolver r = main_resolver();
  char text[4][XNET_IP_STRLEN];
  size_t n = 99;
  XT_ASSERT_ERR(xnet_resolver_lookup_host(&r, "nope.test", text, 4, &n), XNET_ENOHOST);
  XT_ASSERT_UINT_EQ(n, 0);
  const xnet_dns_error *e = xnet_dns_last_error();
  XT_ASSERT_ERR(e->code, XNET_ENOHOST);
  XT_ASSERT(e->is_not_found);
  XT_ASSERT(!e->is_timeout);
  XT_ASSERT_STR_EQ(e->name, "nope.test");
  XT_ASSERT_STR_EQ(e->server, dns_main.addr);
  char msg[256], want[256];
  xnet_dns_error_format(e, msg, sizeof msg);
  snprintf(want, sizeof want, "lookup nope.test on %s: no such host", dns_main.addr);
  XT_ASSERT_STR_EQ(msg, want);
  xnet_op_error_format(xnet_last_error(), msg, sizeof msg);
  XT_ASSERT_STR_EQ(msg, "lookup nope.test: no such host");
  xnet_mx mx[2];
  XT_ASSERT_ERR(xnet_resolver_lookup_mx(&r, "nope.test", mx, 2, &n), XNET_ENOHOST);
  XT_ASSERT(xnet_dns_last_error()->is_not_found);
  /* An existing name without records of the type is not found too. */
  XT_ASSERT_ERR(xnet_resolver_lookup_mx(&r, "www.test", mx, 2, &n), XNET_ENOHOST);
}

static void test_dns_silent_server_times_out_at_deadline(void) {
  dms_hole h;
  XT_ASSERT_OK(dms_hole_open(&h));
  xnet_resolver r = {0};
  r.servers = h.addr;
  r.deadline = xnet_deadline_in(NULL, 300 * XNET_MILLISECOND);
  xnet_mx mx[2];
  size_t n;
  int64_t t0 = mono_ms();
  int rc = xnet_resolver_lookup_mx(&r, "mail.test", mx, 2, &n);
  int64_t took = mono_ms() - t0;
  xnet_dns_error e = *xnet_dns_last_error();
  dms_hole_close(&h);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(xnet_error_is_timeout(rc));
  XT_ASSERT(e.is_timeout);
  XT_ASSERT(!e.is_not_found);
  XT_ASSERT_STR_EQ(e.name, "mail.test");
  XT_ASSERT_STR_EQ(e.server, h.addr);
  XT_ASSERT(took >= 250);
  XT_ASSERT(took < 1000);
}

static void test_dns_silent_server_times_out_after_tries(void) {
  dms_hole h;
  XT_ASSERT_OK(dms_hole_open(&h));
  xnet_resolver r = {0};
  r.servers = h.addr;
  r.timeout = 100 * XNET_MILLISECOND;
  r.attempts = 2;
  char text[2][XNET_IP_STRLEN];
  size_t n;
  int64_t t0 = mono_ms();
  int rc = xnet_resolver_lookup_host(&r, "www.test", text, 2, &n);
  int64_t took = mono_ms() - t0;
  bool timeout = xnet_dns_last_error()->is_timeout;
  dms_hole_close(&h);
  XT_ASSERT_ERR(rc, XNET_ETIMEDOUT);
  XT_ASSERT(timeout);
  XT_ASSERT(took < 3000);
}

typedef struct cancel_arg {
  xnet_canceler *c;
} cancel_arg;

static void *cancel_later(void *arg) {
  struct timespec ts = {0, 150000000};
  nanosleep(&ts, NULL);
  xnet_canceler_cancel(((cancel_arg *)arg)->c);
  return NULL;
}

static void test_dns_cancel_from_another_thread(void) {
  dms_hole h;
  XT_ASSERT_OK(dms_hole_open(&h));
  xnet_canceler *c;
  if (xnet_canceler_new(NULL, &c) != 0) {
    dms_hole_close(&h);
    XT_ASSERT(0);
  }
  xnet_resolver r = {0};
  r.servers = h.addr;
  r.cancel = c;
  cancel_arg a = {c};
  pthread_t t;
  int64_t t0 = mono_ms();
  int prc = pthread_create(&t, NULL, cancel_later, &a);
  char txt_buf[1][XNET_DNS_TXT_MAX];
  size_t n;
  int rc = prc == 0 ? xnet_resolver_lookup_txt(&r, "one.test", txt_buf, 1, &n) : 0;
  int64_t took = mono_ms() - t0;
  if (prc == 0) pthread_join(t, NULL);
  /* Cancelled before it starts: fails at once. */
  int64_t t1 = mono_ms();
  int rc2 = xnet_resolver_lookup_txt(&r, "one.test", txt_buf, 1, &n);
  int64_t took2 = mono_ms() - t1;
  xnet_canceler_free(c);
  dms_hole_close(&h);
  XT_ASSERT_OK(prc);
  XT_ASSERT_ERR(rc, XNET_ECANCELED);
  XT_ASSERT(took >= 100);
  XT_ASSERT(took < 1000);
  XT_ASSERT_ERR(rc2, XNET_ECANCELED);
  XT_ASSERT(took2 < 100);
}

static void test_dns_rejects_bad_input(void) {
  xnet_resolver r = {0};
  r.servers = "not a server list";
  xnet_mx mx[1];
  size_t n;
  XT_ASSERT_ERR(xnet_resolver_lookup_mx(&r, "mail.test", mx, 1, &n), XNET_EINVAL);
  r.servers = "127.0.0.1:1";
  XT_ASSERT_ERR(xnet_resolver_lookup_mx(&r, "", mx, 1, &n), XNET_EINVAL);
  xnet_ip ip[1];
  XT_ASSERT_ERR(xnet_resolver_lookup_ip(&r, "", ip, 1, &n), XNET_EINVAL);
}

XT_SUITE(core, dns, suite_init, suite_cleanup,
         XT_TEST_IF(test_dns_lookup_host_returns_a_and_aaaa, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_ip_maps_ipv4, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_addr_returns_ptr_names, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_cname_follows_alias, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_txt_joins_strings_of_a_record, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_srv_orders_by_priority, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_srv_weights_statistically, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_mx_orders_by_preference, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_lookup_ns_from_authoritative_server, dms_need_dnsmasq),
         XT_TEST_IF(test_dns_missing_name_is_not_found, dms_need_dnsmasq),
         XT_TEST(test_dns_silent_server_times_out_at_deadline),
         XT_TEST(test_dns_silent_server_times_out_after_tries),
         XT_TEST(test_dns_cancel_from_another_thread),
         XT_TEST(test_dns_rejects_bad_input));
