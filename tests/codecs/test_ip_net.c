/* test_ip_net.c — ParseCIDR, IPNet.Contains and IPNet.String against
 * vectors from Go's net tests.
 */
#include <stdlib.h>

#include "xnet/error.h"
#include "xnet/ip_net.h"
#include "xnet_test.h"

static const uint8_t zero_net[sizeof(xnet_ip_net)];
static const uint8_t zero_ip[sizeof(xnet_ip)];

static int cidr(const char *s, xnet_ip *ip, xnet_ip_net *net) {
  size_t n = strlen(s);
  char *copy = malloc(n ? n : 1); /* exact length: ASan sees overreads */
  memcpy(copy, s, n);
  int rc = xnet_ip_net_parse(copy, n, ip, net);
  free(copy);
  return rc;
}

static const char *fmt_net(const xnet_ip_net *net, char *buf) {
  int n = xnet_ip_net_format(net, buf, XNET_IP_NET_STRLEN);
  return n >= 0 && n < XNET_IP_NET_STRLEN ? buf : "(format failed)";
}

static const char *fmt_ip(const xnet_ip *ip, char *buf) {
  int n = xnet_ip_format(ip, buf, XNET_IP_STRLEN);
  return n >= 0 && n < XNET_IP_STRLEN ? buf : "(format failed)";
}

/* Go's parseCIDRTests: input, IP.String(), IPNet.String(). */
static void test_ip_net_parse_go_vectors(void) {
  static const struct {
    const char *in, *ip, *net;
    uint8_t net_ip_len, mask_len;
  } v[] = {
      {"135.104.0.0/32", "135.104.0.0", "135.104.0.0/32", 4, 4},
      {"0.0.0.0/24", "0.0.0.0", "0.0.0.0/24", 4, 4},
      {"135.104.0.0/24", "135.104.0.0", "135.104.0.0/24", 4, 4},
      {"135.104.0.1/32", "135.104.0.1", "135.104.0.1/32", 4, 4},
      {"135.104.0.1/24", "135.104.0.1", "135.104.0.0/24", 4, 4},
      {"192.168.100.1/16", "192.168.100.1", "192.168.0.0/16", 4, 4},
      {"1.2.3.4/0", "1.2.3.4", "0.0.0.0/0", 4, 4},
      {"1.2.3.4/024", "1.2.3.4", "1.2.3.0/24", 4, 4},
      {"::1/128", "::1", "::1/128", 16, 16},
      {"abcd:2345::/127", "abcd:2345::", "abcd:2345::/127", 16, 16},
      {"abcd:2345::/65", "abcd:2345::", "abcd:2345::/65", 16, 16},
      {"abcd:2345::/64", "abcd:2345::", "abcd:2345::/64", 16, 16},
      {"abcd:2345::/63", "abcd:2345::", "abcd:2345::/63", 16, 16},
      {"abcd:2345::/33", "abcd:2345::", "abcd:2345::/33", 16, 16},
      {"abcd:2345::/32", "abcd:2345::", "abcd:2345::/32", 16, 16},
      {"abcd:2344::/31", "abcd:2344::", "abcd:2344::/31", 16, 16},
      {"abcd:2300::/24", "abcd:2300::", "abcd:2300::/24", 16, 16},
      {"abcd:2345::/24", "abcd:2345::", "abcd:2300::/24", 16, 16},
      {"2001:DB8::/48", "2001:db8::", "2001:db8::/48", 16, 16},
      {"2001:DB8::1/48", "2001:db8::1", "2001:db8::/48", 16, 16},
      {"::/0", "::", "::/0", 16, 16},
      /* Mapped text is IPv6: up to /128, and the network prints as IPv4
       * once the 16-byte mask reduces to 4 bytes. */
      {"::ffff:1.2.3.4/120", "1.2.3.4", "1.2.3.0/24", 16, 16},
      {"::ffff:1.2.3.4/24", "1.2.3.4", "::/24", 16, 16},
  };
  char buf[XNET_IP_NET_STRLEN];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip ip;
    xnet_ip_net net;
    int rc = cidr(v[i].in, &ip, &net);
    if (rc != 0) {
      xt_fail(__LINE__, __FILE__, "ParseCIDR(\"%s\") = %d", v[i].in, rc);
      return;
    }
    XT_ASSERT_UINT_EQ(ip.len, 16);
    XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), v[i].ip);
    XT_ASSERT_STR_EQ(fmt_net(&net, buf), v[i].net);
    XT_ASSERT_UINT_EQ(net.ip.len, v[i].net_ip_len);
    XT_ASSERT_UINT_EQ(net.mask.len, v[i].mask_len);
  }
}

static void test_ip_net_parse_rejects_go_vectors(void) {
  static const char *const bad[] = {
      "192.168.1.1/255.255.255.0",
      "192.168.1.1/35",
      "192.168.1.1/33",
      "2001:db8::1/-1",
      "2001:db8::1/-0",
      "2001:db8::1/129",
      "-0.0.0.0/32",
      "0.-1.0.0/32",
      "0.0.-2.0/32",
      "0.0.0.-3/32",
      "0.0.0.0/-0",
      "127.000.000.001/32",
      "",
      "1.2.3.4",
      "1.2.3.4/",
      "/24",
      "1.2.3.4/24/",
      "1.2.3.4/ 24",
      "1.2.3.4/+24",
      "1.2.3.4/24 ",
      "fe80::1%eth0/64",
      "1.2.3.4/99999999",
      "1.2.3.4/16777215",
      "::ffff:1.2.3.4/129",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    xnet_ip ip;
    xnet_ip_net net;
    memset(&ip, 0xa5, sizeof ip);
    memset(&net, 0xa5, sizeof net);
    int rc = cidr(bad[i], &ip, &net);
    if (rc != XNET_EBADCIDR) {
      xt_fail(__LINE__, __FILE__, "ParseCIDR(\"%s\") = %d, want EBADCIDR",
              bad[i], rc);
      return;
    }
    XT_ASSERT_MEM_EQ(&net, sizeof net, zero_net, sizeof zero_net);
    XT_ASSERT_MEM_EQ(&ip, sizeof ip, zero_ip, sizeof zero_ip);
  }
}

static void test_ip_net_parse_error_text(void) {
  char buf[64];
  const char *s = "192.168.1.1/35";
  XT_ASSERT_ERR(cidr(s, NULL, &(xnet_ip_net){0}), XNET_EBADCIDR);
  (void)xnet_addr_error_format(XNET_EBADCIDR, s, strlen(s), buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "invalid CIDR address: 192.168.1.1/35");
}

static void test_ip_net_parse_every_truncation(void) {
  static const char *const inputs[] = {"192.168.100.1/24", "2001:db8::/48"};
  for (size_t k = 0; k < 2; k++) {
    for (size_t n = 0; n <= strlen(inputs[k]); n++) {
      char *copy = malloc(n ? n : 1);
      memcpy(copy, inputs[k], n);
      xnet_ip_net net;
      int rc = xnet_ip_net_parse(copy, n, NULL, &net);
      free(copy);
      /* A prefix parses only when it still ends in /digits. */
      if (rc != 0 && rc != XNET_EBADCIDR) {
        xt_fail(__LINE__, __FILE__, "prefix %zu: %d", n, rc);
        return;
      }
      if (rc != 0)
        XT_ASSERT_MEM_EQ(&net, sizeof net, zero_net, sizeof zero_net);
    }
  }
}

static void test_ip_net_parse_null_ip_out(void) {
  xnet_ip_net net;
  char buf[XNET_IP_NET_STRLEN];
  XT_ASSERT_OK(xnet_ip_net_parse("10.1.2.3/8", 10, NULL, &net));
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "10.0.0.0/8");
}

/* Builds an IPNet from an address text (kept 16-byte unless ip4) and a
 * mask given as CIDR ones/bits or as raw bytes. */
static xnet_ip_net make_net(const char *ip, bool ip4, const uint8_t *mask,
                            uint8_t mask_len) {
  xnet_ip_net net;
  memset(&net, 0, sizeof net);
  if (xnet_ip_parse(ip, strlen(ip), &net.ip) != 0)
    abort();
  if (ip4 && xnet_ip_to4(&net.ip, &net.ip) != 0)
    abort();
  memcpy(net.mask.bytes, mask, mask_len);
  net.mask.len = mask_len;
  return net;
}

/* Go's ipNetStringTests, including non-canonical masks. */
static void test_ip_net_format_go_vectors(void) {
  static const uint8_t m24[4] = {255, 255, 255, 0};
  static const uint8_t m_ff00ff00[4] = {255, 0, 255, 0};
  static const uint8_t m_c000ff00[4] = {0xc0, 0, 0xff, 0};
  static const uint8_t m_ffff00ff[4] = {0xff, 0xff, 0, 0xff};
  static const uint8_t m55[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
  static const uint8_t m_cafe[16] = {0x80, 0, 0xf1, 0x23, 0, 0, 0xca, 0xfe};
  char buf[XNET_IP_NET_STRLEN];
  xnet_ip_net net;

  net = make_net("192.168.1.0", false, m24, 4);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "192.168.1.0/24");
  net = make_net("192.168.1.0", false, m_ff00ff00, 4);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "192.168.1.0/ff00ff00");
  net = make_net("192.168.100.1", true, m_c000ff00, 4);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "192.168.100.1/c000ff00");
  net = make_net("1.2.3.0", true, m_ffff00ff, 4);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "1.2.3.0/ffff00ff");
  net = make_net("2001:db8::", false, m55, 16);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "2001:db8::/55");
  net = make_net("2001:db8::", false, m_cafe, 16);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf),
                   "2001:db8::/8000f1230000cafe0000000000000000");
  /* The address is printed unmasked. */
  net = make_net("192.168.100.1", true, m24, 4);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "192.168.100.1/24");
}

static void test_ip_net_format_mismatched_lengths(void) {
  static const uint8_t m4[4] = {255, 255, 0, 0};
  static const uint8_t m16[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  char buf[XNET_IP_NET_STRLEN];
  xnet_ip_net net;
  /* A 4-byte mask cannot describe a true IPv6 network. */
  net = make_net("2001:db8::", false, m4, 4);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "<nil>");
  XT_ASSERT(!xnet_ip_net_contains(&net, &net.ip));
  /* A nil mask, or a nil address, is no network. */
  net = make_net("1.2.3.4", false, m4, 0);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "<nil>");
  memset(&net, 0, sizeof net);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "<nil>");
  /* A 16-byte mask applies to an IPv4 network through its last 4 bytes. */
  net = make_net("10.1.0.0", true, m16, 16);
  XT_ASSERT_STR_EQ(fmt_net(&net, buf), "10.1.0.0/16");
  XT_ASSERT_INT_EQ(xnet_ip_net_format(&net, NULL, 0), 11);
  XT_ASSERT_STR_EQ(xnet_ip_net_network(&net), "ip+net");
}

/* Go's ipNetContainsTests. */
static void test_ip_net_contains_go_vectors(void) {
  static const uint8_t m12[4] = {0xff, 0xf0, 0, 0};
  static const uint8_t m13[4] = {0xff, 0xf8, 0, 0};
  static const uint8_t m_0_0_255_252[4] = {0, 0, 255, 252};
  static const uint8_t m_0_255_0_252[4] = {0, 255, 0, 252};
  static const uint8_t m47[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
  static const uint8_t m_ffff_0_ffff[16] = {0xff, 0xff, 0, 0, 0xff, 0xff};
  static const uint8_t m_0_0_0_ffff[16] = {0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static const struct {
    const char *ip, *net;
    const uint8_t *mask;
    uint8_t mask_len;
    bool want;
  } v[] = {
      {"172.16.1.2", "172.16.0.0", m12, 4, true},
      {"172.24.0.1", "172.16.0.0", m13, 4, false},
      {"192.168.0.3", "192.168.0.0", m_0_0_255_252, 4, true},
      {"192.168.0.4", "192.168.0.0", m_0_255_0_252, 4, false},
      {"2001:db8:1:2::1", "2001:db8:1::", m47, 16, true},
      {"2001:db8:1:2::1", "2001:db8:2::", m47, 16, false},
      {"2001:db8:1:2::1", "2001:db8:1::", m_ffff_0_ffff, 16, true},
      {"2001:db8:1:2::1", "2001:db8:1::", m_0_0_0_ffff, 16, false},
      /* Families never mix. */
      {"::ffff:0:0", "0.0.0.0", m12, 4, true},
      {"::", "0.0.0.0", m12, 4, false},
      {"1.2.3.4", "::", m47, 16, false},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip ip, ip4;
    for (int form = 0; form < 2; form++) {
      xnet_ip_net net = make_net(v[i].net, form == 1 && strchr(v[i].net, '.'),
                                 v[i].mask, v[i].mask_len);
      XT_ASSERT_OK(xnet_ip_parse(v[i].ip, strlen(v[i].ip), &ip));
      if (xnet_ip_net_contains(&net, &ip) != v[i].want) {
        xt_fail(__LINE__, __FILE__, "%s in %s (form %d) != %d", v[i].ip,
                v[i].net, form, v[i].want);
        return;
      }
      /* The 4-byte form of an IPv4 ip answers the same. */
      if (xnet_ip_to4(&ip, &ip4) == 0)
        XT_ASSERT(xnet_ip_net_contains(&net, &ip4) == v[i].want);
    }
  }
}

static void test_ip_net_contains_parsed(void) {
  xnet_ip_net net;
  xnet_ip ip;
  XT_ASSERT_OK(xnet_ip_net_parse("10.0.0.0/8", 10, NULL, &net));
  XT_ASSERT_OK(xnet_ip_parse("10.255.1.2", 10, &ip));
  XT_ASSERT(xnet_ip_net_contains(&net, &ip));
  XT_ASSERT_OK(xnet_ip_parse("11.0.0.1", 8, &ip));
  XT_ASSERT(!xnet_ip_net_contains(&net, &ip));
  XT_ASSERT_OK(xnet_ip_net_parse("fe80::/10", 9, NULL, &net));
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%eth0", 12, &ip));
  XT_ASSERT(xnet_ip_net_contains(&net, &ip));
  XT_ASSERT_OK(xnet_ip_parse("fec0::1", 7, &ip));
  XT_ASSERT(!xnet_ip_net_contains(&net, &ip));
  xnet_ip nil = {0};
  XT_ASSERT(!xnet_ip_net_contains(&net, &nil));
}

static void test_ip_net_round_trip(void) {
  static const char *const v[] = {"10.0.0.0/8", "192.168.1.0/24",
                                  "2001:db8::/32", "::/0", "0.0.0.0/0",
                                  "255.255.255.255/32", "fe80::/10"};
  char buf[XNET_IP_NET_STRLEN];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip_net net, again;
    XT_ASSERT_OK(xnet_ip_net_parse(v[i], strlen(v[i]), NULL, &net));
    XT_ASSERT_STR_EQ(fmt_net(&net, buf), v[i]);
    XT_ASSERT_OK(xnet_ip_net_parse(buf, strlen(buf), NULL, &again));
    XT_ASSERT_MEM_EQ(&again, sizeof again, &net, sizeof net);
  }
}

XT_SUITE(codecs, ip_net, NULL, NULL,
         XT_TEST(test_ip_net_parse_go_vectors),
         XT_TEST(test_ip_net_parse_rejects_go_vectors),
         XT_TEST(test_ip_net_parse_error_text),
         XT_TEST(test_ip_net_parse_every_truncation),
         XT_TEST(test_ip_net_parse_null_ip_out),
         XT_TEST(test_ip_net_format_go_vectors),
         XT_TEST(test_ip_net_format_mismatched_lengths),
         XT_TEST(test_ip_net_contains_go_vectors),
         XT_TEST(test_ip_net_contains_parsed),
         XT_TEST(test_ip_net_round_trip));
