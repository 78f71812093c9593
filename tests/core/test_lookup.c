/* test_lookup.c — LookupIP, LookupHost, LookupAddr. Names that are not in
 * /etc/hosts are answered by a stand-in getaddrinfo/getnameinfo installed
 * in a test stack, so no query ever leaves the machine. */
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "posix_int.h"
#include "xnet/error.h"
#include "xnet/lookup.h"
#include "xnet/op_error.h"
#include "xnet_test.h"

/* "two.test" has 192.0.2.7 and 2001:db8::7; every other name is unknown.
 * 192.0.2.7 is named "seven.test"; other addresses have no name. */
static int fake_getaddrinfo(const char *host, const char *service,
                            const struct addrinfo *hints,
                            struct addrinfo **res) {
  (void)service, (void)hints;
  if (strcmp(host, "two.test") != 0) return EAI_NONAME;
  static struct sockaddr_in v4;
  static struct sockaddr_in6 v6;
  static struct addrinfo a4, a6;
  memset(&v4, 0, sizeof v4);
  v4.sin_family = AF_INET;
  v4.sin_addr.s_addr = htonl(0xc0000207);
  memset(&v6, 0, sizeof v6);
  v6.sin6_family = AF_INET6;
  static const uint8_t ip6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 7};
  memcpy(&v6.sin6_addr, ip6, 16);
  a4 = (struct addrinfo){.ai_family = AF_INET, .ai_addrlen = sizeof v4,
                         .ai_addr = (struct sockaddr *)&v4, .ai_next = &a6};
  a6 = (struct addrinfo){.ai_family = AF_INET6, .ai_addrlen = sizeof v6,
                         .ai_addr = (struct sockaddr *)&v6};
  *res = &a4;
  return 0;
}

static void fake_freeaddrinfo(struct addrinfo *res) { (void)res; }

static int fake_getnameinfo(const struct sockaddr *sa, socklen_t salen,
                            char *host, socklen_t hostlen, char *serv,
                            socklen_t servlen, int flags) {
  (void)salen, (void)serv, (void)servlen, (void)flags;
  const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
  if (sa->sa_family != AF_INET || sin->sin_addr.s_addr != htonl(0xc0000207))
    return EAI_NONAME;
  snprintf(host, hostlen, "seven.test");
  return 0;
}

static xnet_stack *fake;

static int open_fake(void) {
  static xnet_posix_syscalls t;
  xnet__host_syscalls(&t);
  t.getaddrinfo = fake_getaddrinfo;
  t.freeaddrinfo = fake_freeaddrinfo;
  t.getnameinfo = fake_getnameinfo;
  xnet_posix_config cfg = {.syscalls = &t};
  return xnet__host_stack_open_config(&cfg, &fake) == 0 ? 0 : -1;
}

static int close_fake(void) {
  xnet_stack_close(fake);
  return 0;
}

static void test_lookup_ip_returns_every_address(void) {
  xnet_ip ips[4];
  size_t n;
  XT_ASSERT_OK(xnet_lookup_ip(fake, "two.test", ips, 4, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  char a[XNET_IP_STRLEN], b[XNET_IP_STRLEN];
  xnet_ip_format(&ips[0], a, sizeof a);
  xnet_ip_format(&ips[1], b, sizeof b);
  XT_ASSERT_STR_EQ(a, "192.0.2.7");
  XT_ASSERT_UINT_EQ(ips[0].len, 16); /* Go's IPv4 values are 16 bytes */
  XT_ASSERT_STR_EQ(b, "2001:db8::7");
  /* A short array is filled as far as it goes and *count says the rest. */
  memset(ips, 0, sizeof ips);
  XT_ASSERT_OK(xnet_lookup_ip(fake, "two.test", ips, 1, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  XT_ASSERT_UINT_EQ(ips[1].len, 0);
}

static void test_lookup_host_formats_addresses(void) {
  char out[4][XNET_IP_STRLEN];
  size_t n;
  XT_ASSERT_OK(xnet_lookup_host(fake, "two.test", out, 4, &n));
  XT_ASSERT_UINT_EQ(n, 2);
  XT_ASSERT_STR_EQ(out[0], "192.0.2.7");
  XT_ASSERT_STR_EQ(out[1], "2001:db8::7");
}

static void test_lookup_literal_is_itself(void) {
  char out[2][XNET_IP_STRLEN];
  size_t n;
  XT_ASSERT_OK(xnet_lookup_host(fake, "fe80::1%eth0", out, 2, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(out[0], "fe80::1%eth0");
}

static void test_lookup_unknown_name_is_no_such_host(void) {
  xnet_ip ips[2];
  size_t n = 9;
  XT_ASSERT_ERR(xnet_lookup_ip(fake, "nope.test", ips, 2, &n), XNET_ENOHOST);
  XT_ASSERT_UINT_EQ(n, 0);
  char text[128];
  xnet_op_error_format(xnet_last_error(), text, sizeof text);
  XT_ASSERT_STR_EQ(text, "lookup nope.test: no such host");
  XT_ASSERT_ERR(xnet_lookup_ip(fake, "", ips, 2, &n), XNET_EINVAL);
}

static void test_lookup_addr_reverse(void) {
  char names[2][XNET_HOSTNAME_MAX];
  size_t n;
  XT_ASSERT_OK(xnet_lookup_addr(fake, "192.0.2.7", names, 2, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_STR_EQ(names[0], "seven.test");
  XT_ASSERT_ERR(xnet_lookup_addr(fake, "192.0.2.8", names, 2, &n), XNET_ENOHOST);
  XT_ASSERT_ERR(xnet_lookup_addr(fake, "not-an-ip", names, 2, &n), XNET_EBADADDR);
}

/* The real resolver: localhost comes from /etc/hosts (no DNS traffic). */
static const char *need_localhost_in_hosts(void) {
  FILE *f = fopen("/etc/hosts", "r");
  if (!f) return "no /etc/hosts";
  char line[512];
  int found = 0;
  while (!found && fgets(line, sizeof line, f))
    found = strncmp(line, "127.0.0.1", 9) == 0 && strstr(line, "localhost");
  fclose(f);
  return found ? NULL : "/etc/hosts has no '127.0.0.1 localhost' line";
}

static void test_lookup_localhost_on_the_host_stack(void) {
  char out[8][XNET_IP_STRLEN];
  size_t n;
  XT_ASSERT_OK(xnet_lookup_host(NULL, "localhost", out, 8, &n));
  int has_v4 = 0;
  for (size_t i = 0; i < n && i < 8; i++) has_v4 |= strcmp(out[i], "127.0.0.1") == 0;
  XT_ASSERT(has_v4);
  char names[1][XNET_HOSTNAME_MAX];
  XT_ASSERT_OK(xnet_lookup_addr(NULL, "127.0.0.1", names, 1, &n));
  XT_ASSERT(strncmp(names[0], "localhost", 9) == 0);
}

XT_SUITE(core, lookup, open_fake, close_fake,
         XT_TEST(test_lookup_ip_returns_every_address),
         XT_TEST(test_lookup_host_formats_addresses),
         XT_TEST(test_lookup_literal_is_itself),
         XT_TEST(test_lookup_unknown_name_is_no_such_host),
         XT_TEST(test_lookup_addr_reverse),
         XT_TEST_IF(test_lookup_localhost_on_the_host_stack, need_localhost_in_hosts));
