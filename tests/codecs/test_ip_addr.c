/* test_ip_addr.c — IP address text, conversions, classification, masks and
 * error texts, against vectors from Go's net tests and RFC 5952.
 */
#include <stdlib.h>

#include "xnet/address.h"
#include "xnet/error.h"
#include "xnet_test.h"

static const uint8_t zero_ip[sizeof(xnet_ip)];

/* Parses s through an exact-length heap copy, so ASan catches any read
 * past n (no NUL is available to stop on). */
static int parse_exact(const char *s, size_t n, bool zone, xnet_ip *out) {
  char *copy = malloc(n ? n : 1);
  memcpy(copy, s, n);
  int rc = zone ? xnet_ip_parse_zone(copy, n, out) : xnet_ip_parse(copy, n, out);
  free(copy);
  return rc;
}

static const char *fmt_ip(const xnet_ip *ip, char *buf) {
  int n = xnet_ip_format(ip, buf, XNET_IP_STRLEN);
  return n >= 0 && n < XNET_IP_STRLEN ? buf : "(format failed)";
}

/* Go's ParseIP: text that parses, with the String() it must print. */
static const struct {
  const char *in, *out;
} parse_ok[] = {
    {"127.0.1.2", "127.0.1.2"},
    {"127.0.0.1", "127.0.0.1"},
    {"0.0.0.0", "0.0.0.0"},
    {"255.255.255.255", "255.255.255.255"},
    {"::ffff:127.1.2.3", "127.1.2.3"},
    {"::ffff:7f01:0203", "127.1.2.3"},
    {"0:0:0:0:0000:ffff:127.1.2.3", "127.1.2.3"},
    {"0:0:0:0::ffff:127.1.2.3", "127.1.2.3"},
    {"::ffff:1.2.3.4", "1.2.3.4"},
    {"::FFFF:1.2.3.4", "1.2.3.4"},
    {"2001:4860:0:2001::68", "2001:4860:0:2001::68"},
    {"2001:4860:0000:2001:0000:0000:0000:0068", "2001:4860:0:2001::68"},
    {"::", "::"},
    {"::1", "::1"},
    {"1::", "1::"},
    {"::1.2.3.4", "::102:304"},
    {"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
    {"1:2:3:4:5::1.2.3.4", "1:2:3:4:5:0:102:304"},
    {"fe80::1", "fe80::1"},
    {"FE80::ABCD", "fe80::abcd"},
    {"2001:DB8::1", "2001:db8::1"},
    {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
    {"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
    {"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
    {"ff02::1", "ff02::1"},
    /* RFC 5952 section 4: canonical text. */
    {"2001:0db8::0001", "2001:db8::1"},
    {"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"},
    {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
    {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
    {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
    {"2001:db8::aaaa:0:0:1", "2001:db8::aaaa:0:0:1"},
    {"2001:db8:0:0:aaaa::1", "2001:db8::aaaa:0:0:1"},
    {"2001:db8::1:0:0:1", "2001:db8::1:0:0:1"},
};

/* Texts Go's ParseIP rejects. */
static const char *const parse_bad[] = {
    "",
    "-0.0.0.0",
    "0.-1.0.0",
    "0.0.-2.0",
    "0.0.0.-3",
    "127.0.0.256",
    "abc",
    "123:",
    "fe80::1%lo0",
    "fe80::1%911",
    "a1:a2:a3:a4::b1:b2:b3:b4",
    "127.001.002.003",
    "::ffff:127.001.002.003",
    "123.000.000.000",
    "1.2..4",
    "0123.0.0.1",
    "01.2.3.4",
    "1.2.3.04",
    "1.2.3",
    "1.2.3.4.5",
    "1.2.3.4.",
    ".1.2.3.4",
    "1.2.3.4%eth0",
    "0:0:0:0:000000:ffff:127.1.2.3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "1::2::3",
    ":1::",
    "1:",
    ":",
    ":::",
    "12345::",
    "g::",
    "::ffff:1.2.3",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4:5:1.2.3.4",
    "::1.2.3.4:5",
    "::1.2.3.4.5",
    "::ffff:01.2.3.4",
    "%eth0",
    "1.2.3.4 ",
    " 1.2.3.4",
    "::1 ",
};

static void test_ip_addr_parse_accepts_go_vectors(void) {
  char buf[XNET_IP_STRLEN];
  for (size_t i = 0; i < sizeof parse_ok / sizeof parse_ok[0]; i++) {
    xnet_ip ip;
    const char *in = parse_ok[i].in;
    int rc = parse_exact(in, strlen(in), false, &ip);
    if (rc != 0) {
      xt_fail(__LINE__, __FILE__, "parse(\"%s\") failed: %d", in, rc);
      return;
    }
    XT_ASSERT_UINT_EQ(ip.len, 16);
    XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), parse_ok[i].out);
  }
}

static void test_ip_addr_parse_rejects_go_vectors(void) {
  for (size_t i = 0; i < sizeof parse_bad / sizeof parse_bad[0]; i++) {
    xnet_ip ip;
    memset(&ip, 0xa5, sizeof ip);
    const char *in = parse_bad[i];
    int rc = parse_exact(in, strlen(in), false, &ip);
    if (rc != XNET_EBADADDR) {
      xt_fail(__LINE__, __FILE__, "parse(\"%s\") = %d, want XNET_EBADADDR",
              in, rc);
      return;
    }
    XT_ASSERT_MEM_EQ(&ip, sizeof ip, zero_ip, sizeof zero_ip);
  }
}

static void test_ip_addr_parse_bytes_exact(void) {
  static const uint8_t v6[16] = {0x20, 0x01, 0x48, 0x60, 0, 0, 0x20, 0x01,
                                 0,    0,    0,    0,    0, 0, 0,    0x68};
  static const uint8_t v4[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                                 0, 0, 0xff, 0xff, 74, 125, 19, 99};
  xnet_ip ip;
  XT_ASSERT_OK(xnet_ip_parse("2001:4860:0:2001::68", 20, &ip));
  XT_ASSERT_MEM_EQ(ip.bytes, ip.len, v6, 16);
  XT_ASSERT_STR_EQ(ip.zone, "");
  XT_ASSERT_OK(xnet_ip_parse("74.125.19.99", 12, &ip));
  XT_ASSERT_MEM_EQ(ip.bytes, ip.len, v4, 16);
}

static void test_ip_addr_parse_uses_only_n_bytes(void) {
  xnet_ip ip;
  char buf[XNET_IP_STRLEN];
  /* The text continues past n: only the first n bytes count. */
  XT_ASSERT_OK(xnet_ip_parse("10.0.0.1xyz", 8, &ip));
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "10.0.0.1");
  XT_ASSERT_OK(xnet_ip_parse("::1:2", 3, &ip));
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "::1");
  XT_ASSERT_ERR(xnet_ip_parse("1.2.3.4", 0, &ip), XNET_EBADADDR);
  /* An embedded NUL is just a bad character. */
  XT_ASSERT_ERR(xnet_ip_parse("1.2.3.4\0", 8, &ip), XNET_EBADADDR);
}

static void test_ip_addr_parse_every_truncation(void) {
  static const char *const inputs[] = {"192.168.100.200",
                                       "2001:db8:85a3::8a2e:370:7334",
                                       "::ffff:192.0.2.128", "fe80::1%eth0"};
  for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
    const char *in = inputs[k];
    for (size_t n = 0; n <= strlen(in); n++) {
      xnet_ip ip;
      int rc = parse_exact(in, n, true, &ip);
      if (rc != 0 && rc != XNET_EBADADDR) {
        xt_fail(__LINE__, __FILE__, "prefix %zu of \"%s\": %d", n, in, rc);
        return;
      }
      if (rc != 0)
        XT_ASSERT_MEM_EQ(&ip, sizeof ip, zero_ip, sizeof zero_ip);
      else
        XT_ASSERT_UINT_EQ(ip.len, 16);
    }
  }
}

static void test_ip_addr_parse_zone(void) {
  xnet_ip ip;
  char buf[XNET_IP_STRLEN];
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%eth0", 12, &ip));
  XT_ASSERT_STR_EQ(ip.zone, "eth0");
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "fe80::1%eth0");
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%911", 11, &ip));
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "fe80::1%911");
  /* Everything after the first '%' is the zone, as in netip. */
  XT_ASSERT_OK(xnet_ip_parse_zone("::1%a%b", 7, &ip));
  XT_ASSERT_STR_EQ(ip.zone, "a%b");
  /* A mapped address keeps its zone and prints dotted. */
  XT_ASSERT_OK(xnet_ip_parse_zone("::ffff:1.2.3.4%lo", 17, &ip));
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "1.2.3.4%lo");
  /* Fifteen bytes fit, sixteen do not. */
  XT_ASSERT_OK(xnet_ip_parse_zone("::1%abcdefghijklmno", 19, &ip));
  XT_ASSERT_STR_EQ(ip.zone, "abcdefghijklmno");
  XT_ASSERT_ERR(xnet_ip_parse_zone("::1%abcdefghijklmnop", 20, &ip),
                XNET_EBADADDR);
  XT_ASSERT_MEM_EQ(&ip, sizeof ip, zero_ip, sizeof zero_ip);
  XT_ASSERT_ERR(xnet_ip_parse_zone("fe80::1%", 8, &ip), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ip_parse_zone("1.2.3.4%eth0", 12, &ip), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ip_parse_zone("%eth0", 5, &ip), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ip_parse_zone("::1%a\0b", 7, &ip), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ip_parse_zone("1::2::3%x", 9, &ip), XNET_EBADADDR);
  /* The plain parser refuses every zone. */
  XT_ASSERT_ERR(xnet_ip_parse("fe80::1%eth0", 12, &ip), XNET_EBADADDR);
}

/* Go's ipStringTests: bytes in, String() out. */
static void test_ip_addr_format_go_vectors(void) {
  static const struct {
    uint8_t b[16];
    uint8_t len;
    const char *out;
  } v[] = {
      {{0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1},
       16, "2001:db8::123:12:1"},
      {{0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1},
       16, "2001:db8::1"},
      {{0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1},
       16, "2001:db8:0:1:0:1:0:1"},
      {{0x20, 0x1, 0xd, 0xb8, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0},
       16, "2001:db8:1:0:1:0:1:0"},
      {{0x20, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1},
       16, "2001::1:0:0:1"},
      {{0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0},
       16, "2001:db8:0:0:1::"},
      {{0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1},
       16, "2001:db8::1:0:0:1"},
      {{0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0xa, 0, 0xb, 0, 0xc, 0, 0xd},
       16, "2001:db8::a:b:c:d"},
      {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 16, "::"},
      {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 16, "::1"},
      {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 192, 168, 0, 1}, 16, "::c0a8:1"},
      {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 1, 2, 3, 4}, 16,
       "::fffe:102:304"},
      {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 0, 1}, 16,
       "192.168.0.1"},
      {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff},
       16, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
      {{0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0}, 16,
       "1:0:1:0:1:0:1:0"},
      {{192, 168, 0, 1}, 4, "192.168.0.1"},
      {{0, 0, 0, 0}, 4, "0.0.0.0"},
      {{0}, 0, "<nil>"},
      {{1, 2, 3}, 3, "?010203"},
      {{1, 2, 3, 4, 5}, 5, "?0102030405"},
      {{0xde, 0xad, 0xbe, 0xef, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70,
        0x80, 0x90, 0xa0, 0xb0},
       15, "?deadbeef102030405060708090a0b0"},
  };
  char buf[XNET_IP_STRLEN];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip ip;
    XT_ASSERT_OK(xnet_ip_from_bytes(v[i].b, v[i].len, &ip));
    XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), v[i].out);
    XT_ASSERT_INT_EQ(xnet_ip_format(&ip, NULL, 0), strlen(v[i].out));
  }
}

static void test_ip_addr_format_snprintf_semantics(void) {
  xnet_ip ip;
  char buf[8];
  XT_ASSERT_OK(xnet_ip_parse("2001:db8::1", 11, &ip));
  memset(buf, 'x', sizeof buf);
  XT_ASSERT_INT_EQ(xnet_ip_format(&ip, buf, 5), 11);
  XT_ASSERT_STR_EQ(buf, "2001");
  XT_ASSERT_UINT_EQ((unsigned char)buf[5], 'x');
  XT_ASSERT_INT_EQ(xnet_ip_format(&ip, buf, 1), 11);
  XT_ASSERT_STR_EQ(buf, "");
  memset(buf, 'x', sizeof buf);
  XT_ASSERT_INT_EQ(xnet_ip_format(&ip, buf, 0), 11);
  XT_ASSERT_UINT_EQ((unsigned char)buf[0], 'x');
  /* A full-array zone without NUL is printed bounded. */
  memset(ip.zone, 'z', sizeof ip.zone);
  XT_ASSERT_INT_EQ(xnet_ip_format(&ip, NULL, 0), 11 + 1 + 16);
}

static void test_ip_addr_format_every_buffer_size(void) {
  xnet_ip ip;
  char want[XNET_IP_STRLEN], buf[XNET_IP_STRLEN];
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1:2:3:4%eth0", 18, &ip));
  int full = xnet_ip_format(&ip, want, sizeof want);
  XT_ASSERT_INT_EQ(full, 18);
  for (size_t cap = 1; cap <= (size_t)full + 1; cap++) {
    char *exact = malloc(cap);
    XT_ASSERT_INT_EQ(xnet_ip_format(&ip, exact, cap), full);
    memcpy(buf, want, cap - 1);
    buf[cap - 1] = '\0';
    XT_ASSERT_STR_EQ(exact, buf);
    free(exact);
  }
}

static void test_ip_addr_format_longest_fits_strlen(void) {
  xnet_ip ip;
  const char *s = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%abcdefghijklmno";
  XT_ASSERT_OK(xnet_ip_parse_zone(s, strlen(s), &ip));
  XT_ASSERT(xnet_ip_format(&ip, NULL, 0) < XNET_IP_STRLEN);
  XT_ASSERT_INT_EQ(xnet_ip_format(&ip, NULL, 0), strlen(s));
}

static void test_ip_addr_constructors(void) {
  static const uint8_t b4[4] = {10, 1, 2, 3};
  static const uint8_t b16[16] = {0xfe, 0x80, [15] = 1};
  xnet_ip ip;
  char buf[XNET_IP_STRLEN];
  xnet_ip_from4(b4, &ip);
  XT_ASSERT_UINT_EQ(ip.len, 4);
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "10.1.2.3");
  xnet_ip_from16(b16, &ip);
  XT_ASSERT_UINT_EQ(ip.len, 16);
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "fe80::1");
  xnet_ip_v4(192, 0, 2, 1, &ip);
  XT_ASSERT_UINT_EQ(ip.len, 16);
  XT_ASSERT_UINT_EQ(ip.bytes[10], 0xff);
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "192.0.2.1");
  uint8_t big[17] = {0};
  XT_ASSERT_ERR(xnet_ip_from_bytes(big, 17, &ip), XNET_EINVAL);
  XT_ASSERT_MEM_EQ(&ip, sizeof ip, zero_ip, sizeof zero_ip);
  XT_ASSERT_OK(xnet_ip_from_bytes(NULL, 0, &ip));
  XT_ASSERT_STR_EQ(fmt_ip(&ip, buf), "<nil>");
}

static void test_ip_addr_to4_to16(void) {
  xnet_ip ip, out;
  char buf[XNET_IP_STRLEN];
  XT_ASSERT_OK(xnet_ip_parse("1.2.3.4", 7, &ip));
  XT_ASSERT_OK(xnet_ip_to4(&ip, &out));
  XT_ASSERT_UINT_EQ(out.len, 4);
  XT_ASSERT_STR_EQ(fmt_ip(&out, buf), "1.2.3.4");
  XT_ASSERT_OK(xnet_ip_to4(&out, &out)); /* in place, idempotent */
  XT_ASSERT_UINT_EQ(out.len, 4);
  XT_ASSERT_OK(xnet_ip_to16(&out, &out));
  XT_ASSERT_UINT_EQ(out.len, 16);
  XT_ASSERT_MEM_EQ(out.bytes, 16, ip.bytes, 16);
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%eth0", 12, &ip));
  XT_ASSERT_ERR(xnet_ip_to4(&ip, &out), XNET_EBADADDR);
  XT_ASSERT_MEM_EQ(&out, sizeof out, zero_ip, sizeof zero_ip);
  XT_ASSERT_OK(xnet_ip_to16(&ip, &out));
  XT_ASSERT_STR_EQ(fmt_ip(&out, buf), "fe80::1%eth0");
  /* ::1.2.3.4 (IPv4-compatible, not mapped) is not IPv4. */
  XT_ASSERT_OK(xnet_ip_parse("::1.2.3.4", 9, &ip));
  XT_ASSERT_ERR(xnet_ip_to4(&ip, &out), XNET_EBADADDR);
  XT_ASSERT_OK(xnet_ip_from_bytes((const uint8_t *)"\1\2\3", 3, &ip));
  XT_ASSERT_ERR(xnet_ip_to4(&ip, &out), XNET_EBADADDR);
  XT_ASSERT_ERR(xnet_ip_to16(&ip, &out), XNET_EBADADDR);
  XT_ASSERT_MEM_EQ(&out, sizeof out, zero_ip, sizeof zero_ip);
}

static void test_ip_addr_equal(void) {
  static const uint8_t b4[4] = {1, 2, 3, 4};
  xnet_ip a, b, c;
  xnet_ip_from4(b4, &a);
  XT_ASSERT_OK(xnet_ip_parse("::ffff:1.2.3.4", 14, &b));
  XT_ASSERT(xnet_ip_equal(&a, &b));
  XT_ASSERT(xnet_ip_equal(&b, &a));
  XT_ASSERT(xnet_ip_equal(&a, &a));
  XT_ASSERT_OK(xnet_ip_parse("::1.2.3.4", 9, &c));
  XT_ASSERT(!xnet_ip_equal(&a, &c));
  XT_ASSERT(!xnet_ip_equal(&c, &a));
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%a", 9, &b));
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%b", 9, &c));
  XT_ASSERT(xnet_ip_equal(&b, &c)); /* zones are not compared */
  xnet_ip nil1 = {0}, nil2 = {0};
  XT_ASSERT(xnet_ip_equal(&nil1, &nil2));
  XT_ASSERT(!xnet_ip_equal(&nil1, &a));
  XT_ASSERT_OK(xnet_ip_from_bytes(b4, 3, &b));
  XT_ASSERT(!xnet_ip_equal(&a, &b));
}

/* Classification, after Go's ipAddrScopeTests. */
typedef bool (*ip_pred)(const xnet_ip *);

static bool check_pred(ip_pred f, const char *s, bool want) {
  xnet_ip ip;
  if (xnet_ip_parse(s, strlen(s), &ip) != 0)
    return false;
  if (f(&ip) != want)
    return false;
  /* The 4-byte form of an IPv4 address classifies the same. */
  xnet_ip v4;
  if (xnet_ip_to4(&ip, &v4) == 0 && f(&v4) != want)
    return false;
  return true;
}

#define PRED(f, s, want)                                                       \
  do {                                                                         \
    if (!check_pred(f, s, want)) {                                             \
      xt_fail(__LINE__, __FILE__, "%s(%s) != %s", #f, s,                       \
              (want) ? "true" : "false");                                      \
      return;                                                                  \
    }                                                                          \
  } while (0)

static void test_ip_addr_classify_go_vectors(void) {
  PRED(xnet_ip_is_unspecified, "0.0.0.0", true);
  PRED(xnet_ip_is_unspecified, "127.0.0.1", false);
  PRED(xnet_ip_is_unspecified, "::", true);
  PRED(xnet_ip_is_unspecified, "::1", false);
  PRED(xnet_ip_is_loopback, "127.0.0.1", true);
  PRED(xnet_ip_is_loopback, "127.255.255.254", true);
  PRED(xnet_ip_is_loopback, "128.1.2.3", false);
  PRED(xnet_ip_is_loopback, "::1", true);
  PRED(xnet_ip_is_loopback, "::2", false);
  PRED(xnet_ip_is_multicast, "224.0.0.0", true);
  PRED(xnet_ip_is_multicast, "239.0.0.0", true);
  PRED(xnet_ip_is_multicast, "240.0.0.0", false);
  PRED(xnet_ip_is_multicast, "ff05::a", true);
  PRED(xnet_ip_is_multicast, "fe05::a", false);
  PRED(xnet_ip_is_link_local_multicast, "224.0.0.0", true);
  PRED(xnet_ip_is_link_local_multicast, "224.0.0.255", true);
  PRED(xnet_ip_is_link_local_multicast, "224.0.1.0", false);
  PRED(xnet_ip_is_link_local_multicast, "239.0.0.0", false);
  PRED(xnet_ip_is_link_local_multicast, "ff02::a", true);
  PRED(xnet_ip_is_link_local_multicast, "ff12::a", true);
  PRED(xnet_ip_is_link_local_multicast, "ff05::a", false);
  PRED(xnet_ip_is_link_local_unicast, "169.254.0.0", true);
  PRED(xnet_ip_is_link_local_unicast, "169.255.0.0", false);
  PRED(xnet_ip_is_link_local_unicast, "fe80::", true);
  PRED(xnet_ip_is_link_local_unicast, "febf::", true);
  PRED(xnet_ip_is_link_local_unicast, "fec0::", false);
  PRED(xnet_ip_is_interface_local_multicast, "ff01::a", true);
  PRED(xnet_ip_is_interface_local_multicast, "ff11::a", true);
  PRED(xnet_ip_is_interface_local_multicast, "ff05::a", false);
  PRED(xnet_ip_is_interface_local_multicast, "224.0.0.1", false);
  PRED(xnet_ip_is_global_unicast, "240.0.0.1", true);
  PRED(xnet_ip_is_global_unicast, "232.0.0.1", false);
  PRED(xnet_ip_is_global_unicast, "169.254.0.0", false);
  PRED(xnet_ip_is_global_unicast, "0.0.0.0", false);
  PRED(xnet_ip_is_global_unicast, "127.0.0.1", false);
  PRED(xnet_ip_is_global_unicast, "10.255.0.0", true);
  PRED(xnet_ip_is_global_unicast, "255.255.255.255", false);
  PRED(xnet_ip_is_global_unicast, "2001:db8::1", true);
  PRED(xnet_ip_is_global_unicast, "fc00::1", true);
  PRED(xnet_ip_is_global_unicast, "fe80::1", false);
  PRED(xnet_ip_is_global_unicast, "ff00::", false);
  PRED(xnet_ip_is_global_unicast, "::", false);
  PRED(xnet_ip_is_global_unicast, "::1", false);
  PRED(xnet_ip_is_private, "9.255.255.255", false);
  PRED(xnet_ip_is_private, "10.0.0.0", true);
  PRED(xnet_ip_is_private, "10.255.255.255", true);
  PRED(xnet_ip_is_private, "11.0.0.0", false);
  PRED(xnet_ip_is_private, "172.15.255.255", false);
  PRED(xnet_ip_is_private, "172.16.0.0", true);
  PRED(xnet_ip_is_private, "172.31.255.255", true);
  PRED(xnet_ip_is_private, "172.32.0.0", false);
  PRED(xnet_ip_is_private, "192.167.255.255", false);
  PRED(xnet_ip_is_private, "192.168.0.0", true);
  PRED(xnet_ip_is_private, "192.168.255.255", true);
  PRED(xnet_ip_is_private, "192.169.0.0", false);
  PRED(xnet_ip_is_private, "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false);
  PRED(xnet_ip_is_private, "fc00::", true);
  PRED(xnet_ip_is_private, "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true);
  PRED(xnet_ip_is_private, "fe00::", false);
}

static void test_ip_addr_classify_invalid_lengths(void) {
  xnet_ip nil = {0}, three;
  XT_ASSERT_OK(xnet_ip_from_bytes((const uint8_t *)"\x7f\0\0", 3, &three));
  XT_ASSERT(!xnet_ip_is_unspecified(&nil));
  XT_ASSERT(!xnet_ip_is_loopback(&nil));
  XT_ASSERT(!xnet_ip_is_global_unicast(&nil));
  XT_ASSERT(!xnet_ip_is_loopback(&three));
  XT_ASSERT(!xnet_ip_is_multicast(&three));
  XT_ASSERT(!xnet_ip_is_private(&three));
  XT_ASSERT(!xnet_ip_is_global_unicast(&three));
}

static void test_ip_addr_well_known(void) {
  char buf[XNET_IP_STRLEN];
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv4_bcast, buf), "255.255.255.255");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv4_allsys, buf), "224.0.0.1");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv4_allrouter, buf), "224.0.0.2");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv4_zero, buf), "0.0.0.0");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv6_unspecified, buf), "::");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv6_loopback, buf), "::1");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv6_interfacelocalallnodes, buf), "ff01::1");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv6_linklocalallnodes, buf), "ff02::1");
  XT_ASSERT_STR_EQ(fmt_ip(&xnet_ipv6_linklocalallrouters, buf), "ff02::2");
  XT_ASSERT_UINT_EQ(xnet_ipv4_bcast.len, 16);
  XT_ASSERT(xnet_ip_is_multicast(&xnet_ipv4_allsys));
  XT_ASSERT(xnet_ip_is_link_local_multicast(&xnet_ipv6_linklocalallrouters));
  XT_ASSERT(xnet_ip_is_interface_local_multicast(
      &xnet_ipv6_interfacelocalallnodes));
  XT_ASSERT(xnet_ip_is_loopback(&xnet_ipv6_loopback));
}

/* ---- masks ------------------------------------------------------------ */

static const char *fmt_mask(const xnet_ip_mask *m, char *buf) {
  int n = xnet_ip_mask_format(m, buf, XNET_IP_MASK_STRLEN);
  return n >= 0 && n < XNET_IP_MASK_STRLEN ? buf : "(format failed)";
}

static void test_ip_addr_mask_cidr_go_vectors(void) {
  static const struct {
    int ones, bits;
    const char *hex; /* NULL: Go returns nil */
  } v[] = {
      {0, 32, "00000000"},
      {12, 32, "fff00000"},
      {24, 32, "ffffff00"},
      {32, 32, "ffffffff"},
      {1, 32, "80000000"},
      {31, 32, "fffffffe"},
      {0, 128, "00000000000000000000000000000000"},
      {4, 128, "f0000000000000000000000000000000"},
      {48, 128, "ffffffffffff00000000000000000000"},
      {128, 128, "ffffffffffffffffffffffffffffffff"},
      {33, 32, NULL},
      {32, 33, NULL},
      {-1, 128, NULL},
      {128, -1, NULL},
      {0, 0, NULL},
      {8, 64, NULL},
  };
  char buf[XNET_IP_MASK_STRLEN];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip_mask m;
    memset(&m, 0xa5, sizeof m);
    int rc = xnet_ip_mask_cidr(v[i].ones, v[i].bits, &m);
    if (v[i].hex == NULL) {
      XT_ASSERT_ERR(rc, XNET_EBADMASK);
      XT_ASSERT_UINT_EQ(m.len, 0);
      continue;
    }
    XT_ASSERT_OK(rc);
    XT_ASSERT_STR_EQ(fmt_mask(&m, buf), v[i].hex);
    int ones, bits;
    xnet_ip_mask_size(&m, &ones, &bits);
    XT_ASSERT_INT_EQ(ones, v[i].ones);
    XT_ASSERT_INT_EQ(bits, v[i].bits);
  }
}

static void test_ip_addr_mask_size_non_canonical(void) {
  xnet_ip_mask m;
  int ones = -1, bits = -1;
  xnet_ip_mask_v4(255, 0, 255, 0, &m);
  xnet_ip_mask_size(&m, &ones, &bits);
  XT_ASSERT_INT_EQ(ones, 0);
  XT_ASSERT_INT_EQ(bits, 0);
  xnet_ip_mask_v4(255, 255, 255, 1, &m);
  xnet_ip_mask_size(&m, &ones, &bits);
  XT_ASSERT_INT_EQ(bits, 0);
  xnet_ip_mask_v4(255, 255, 254, 0, &m);
  xnet_ip_mask_size(&m, &ones, &bits);
  XT_ASSERT_INT_EQ(ones, 23);
  XT_ASSERT_INT_EQ(bits, 32);
  memset(&m, 0, sizeof m); /* nil */
  xnet_ip_mask_size(&m, &ones, &bits);
  XT_ASSERT_INT_EQ(ones, 0);
  XT_ASSERT_INT_EQ(bits, 0);
  char buf[XNET_IP_MASK_STRLEN];
  XT_ASSERT_STR_EQ(fmt_mask(&m, buf), "<nil>");
  xnet_ip_mask_v4(0xc0, 0, 0xff, 0, &m);
  XT_ASSERT_STR_EQ(fmt_mask(&m, buf), "c000ff00");
}

static void test_ip_addr_default_mask(void) {
  static const struct {
    const char *ip, *mask;
  } v[] = {{"10.1.2.3", "ff000000"},   {"127.0.0.1", "ff000000"},
           {"128.0.0.1", "ffff0000"},  {"172.16.0.1", "ffff0000"},
           {"191.255.0.1", "ffff0000"}, {"192.168.1.1", "ffffff00"},
           {"224.0.0.1", "ffffff00"},  {"255.255.255.255", "ffffff00"}};
  char buf[XNET_IP_MASK_STRLEN];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip ip;
    xnet_ip_mask m;
    XT_ASSERT_OK(xnet_ip_parse(v[i].ip, strlen(v[i].ip), &ip));
    XT_ASSERT_OK(xnet_ip_default_mask(&ip, &m));
    XT_ASSERT_STR_EQ(fmt_mask(&m, buf), v[i].mask);
  }
  xnet_ip ip;
  xnet_ip_mask m;
  XT_ASSERT_OK(xnet_ip_parse("::1", 3, &ip));
  XT_ASSERT_ERR(xnet_ip_default_mask(&ip, &m), XNET_EBADADDR);
  XT_ASSERT_UINT_EQ(m.len, 0);
}

/* Go's ipMaskTests: IP.Mask with every length combination. */
static void test_ip_addr_apply_mask_go_vectors(void) {
  static const struct {
    const char *ip;
    bool ip4; /* use the 4-byte form of ip */
    const char *mask;
    bool mask_v4; /* mask given as a.b.c.d bytes, else as an IPv6 text */
    const char *out;
  } v[] = {
      {"192.168.1.127", false, "255.255.255.128", true, "192.168.1.0"},
      {"192.168.1.127", false, "::ffff:255.255.255.192", false, "192.168.1.64"},
      {"192.168.1.127", false, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffe0",
       false, "192.168.1.96"},
      {"192.168.1.127", false, "255.0.255.0", true, "192.0.1.0"},
      {"2001:db8::1", false, "ffff:ff80::", false, "2001:d80::"},
      {"2001:db8::1", false, "f0f0:0f0f::", false, "2000:d08::"},
      /* A 4-byte IP takes a 16-byte mask whose first 12 bytes are ff. */
      {"10.20.30.40", true, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00", false,
       "10.20.30.0"},
  };
  char buf[XNET_IP_STRLEN];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip ip, mip, out;
    xnet_ip_mask m;
    XT_ASSERT_OK(xnet_ip_parse(v[i].ip, strlen(v[i].ip), &ip));
    if (v[i].ip4)
      XT_ASSERT_OK(xnet_ip_to4(&ip, &ip));
    XT_ASSERT_OK(xnet_ip_parse(v[i].mask, strlen(v[i].mask), &mip));
    if (v[i].mask_v4)
      XT_ASSERT_OK(xnet_ip_to4(&mip, &mip));
    memset(&m, 0, sizeof m);
    memcpy(m.bytes, mip.bytes, mip.len);
    m.len = mip.len;
    XT_ASSERT_OK(xnet_ip_apply_mask(&ip, &m, &out));
    XT_ASSERT_STR_EQ(fmt_ip(&out, buf), v[i].out);
  }
}

static void test_ip_addr_apply_mask_length_rules(void) {
  xnet_ip ip, out;
  xnet_ip_mask m;
  /* A 4-byte mask on a mapped IP gives a 4-byte result. */
  XT_ASSERT_OK(xnet_ip_parse("1.2.3.4", 7, &ip));
  xnet_ip_mask_v4(255, 255, 0, 0, &m);
  XT_ASSERT_OK(xnet_ip_apply_mask(&ip, &m, &out));
  XT_ASSERT_UINT_EQ(out.len, 4);
  /* A 4-byte mask on a true IPv6 address does not apply. */
  XT_ASSERT_OK(xnet_ip_parse("2001:db8::1", 11, &ip));
  memset(&out, 0xa5, sizeof out);
  XT_ASSERT_ERR(xnet_ip_apply_mask(&ip, &m, &out), XNET_EBADMASK);
  XT_ASSERT_MEM_EQ(&out, sizeof out, zero_ip, sizeof zero_ip);
  /* A 16-byte mask not starting with 12 ff bytes does not apply to 4. */
  XT_ASSERT_OK(xnet_ip_mask_cidr(64, 128, &m));
  XT_ASSERT_OK(xnet_ip_parse("1.2.3.4", 7, &ip));
  XT_ASSERT_OK(xnet_ip_to4(&ip, &ip));
  XT_ASSERT_ERR(xnet_ip_apply_mask(&ip, &m, &out), XNET_EBADMASK);
  /* The zone is dropped. */
  XT_ASSERT_OK(xnet_ip_parse_zone("fe80::1%eth0", 12, &ip));
  XT_ASSERT_OK(xnet_ip_apply_mask(&ip, &m, &out));
  XT_ASSERT_STR_EQ(out.zone, "");
}

static void test_ip_addr_error_text(void) {
  char buf[128];
  XT_ASSERT_INT_EQ(xnet_addr_error_format(XNET_EBADCIDR, "1.2.3.4/33", 10,
                                          buf, sizeof buf),
                   strlen("invalid CIDR address: 1.2.3.4/33"));
  XT_ASSERT_STR_EQ(buf, "invalid CIDR address: 1.2.3.4/33");
  (void)xnet_addr_error_format(XNET_EBADADDR, "1.2.3", 5, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "invalid IP address: 1.2.3");
  (void)xnet_addr_error_format(XNET_EMISSINGPORT, "127.0.0.1", 9, buf,
                               sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address 127.0.0.1: missing port in address");
  (void)xnet_addr_error_format(XNET_ETOOMANYCOLONS, "::1", 3, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address ::1: too many colons in address");
  (void)xnet_addr_error_format(XNET_EBADMAC, "01:02", 5, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address 01:02: invalid MAC address");
  (void)xnet_addr_error_format(XNET_EBADPORT, "65536", 5, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address 65536: invalid port");
  (void)xnet_addr_error_format(XNET_EMISSINGPORT, "", 0, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "missing port in address");
  XT_ASSERT_INT_EQ(xnet_addr_error_format(XNET_EBADCIDR, "x", 1, buf, 4), 23);
  XT_ASSERT_STR_EQ(buf, "inv");
}

XT_SUITE(codecs, ip_addr, NULL, NULL,
         XT_TEST(test_ip_addr_parse_accepts_go_vectors),
         XT_TEST(test_ip_addr_parse_rejects_go_vectors),
         XT_TEST(test_ip_addr_parse_bytes_exact),
         XT_TEST(test_ip_addr_parse_uses_only_n_bytes),
         XT_TEST(test_ip_addr_parse_every_truncation),
         XT_TEST(test_ip_addr_parse_zone),
         XT_TEST(test_ip_addr_format_go_vectors),
         XT_TEST(test_ip_addr_format_snprintf_semantics),
         XT_TEST(test_ip_addr_format_every_buffer_size),
         XT_TEST(test_ip_addr_format_longest_fits_strlen),
         XT_TEST(test_ip_addr_constructors),
         XT_TEST(test_ip_addr_to4_to16),
         XT_TEST(test_ip_addr_equal),
         XT_TEST(test_ip_addr_classify_go_vectors),
         XT_TEST(test_ip_addr_classify_invalid_lengths),
         XT_TEST(test_ip_addr_well_known),
         XT_TEST(test_ip_addr_mask_cidr_go_vectors),
         XT_TEST(test_ip_addr_mask_size_non_canonical),
         XT_TEST(test_ip_addr_default_mask),
         XT_TEST(test_ip_addr_apply_mask_go_vectors),
         XT_TEST(test_ip_addr_apply_mask_length_rules),
         XT_TEST(test_ip_addr_error_text));
