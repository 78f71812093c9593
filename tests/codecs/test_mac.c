/* test_mac.c — ParseMAC and HardwareAddr.String against Go's parseMACTests:
 * EUI-48, EUI-64 and 20-octet IPoIB, each with ':', '-' and '.'.
 */
#include <stdlib.h>

#include "xnet/address.h"
#include "xnet/error.h"
#include "xnet/mac.h"
#include "xnet_test.h"

static const uint8_t zero_mac[sizeof(xnet_mac)];

static int parse_exact(const char *s, size_t n, xnet_mac *out) {
  char *copy = malloc(n ? n : 1); /* exact length: ASan sees overreads */
  memcpy(copy, s, n);
  int rc = xnet_mac_parse(copy, n, out);
  free(copy);
  return rc;
}

static const uint8_t eui48[6] = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x01};
static const uint8_t eui64[8] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x00, 0x00, 0x01};
static const uint8_t ipoib[20] = {0x00, 0x00, 0x00, 0x00, 0xfe, 0x80, 0x00,
                                  0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
                                  0x5e, 0x10, 0x00, 0x00, 0x00, 0x01};
static const uint8_t mixed[6] = {0xab, 0xcd, 0xef, 0xab, 0xcd, 0xef};

static const struct {
  const char *in;
  const uint8_t *want;
  size_t len;
  const char *out;
} good[] = {
    {"00:00:5e:00:53:01", eui48, 6, "00:00:5e:00:53:01"},
    {"00-00-5e-00-53-01", eui48, 6, "00:00:5e:00:53:01"},
    {"0000.5e00.5301", eui48, 6, "00:00:5e:00:53:01"},
    {"02:00:5e:10:00:00:00:01", eui64, 8, "02:00:5e:10:00:00:00:01"},
    {"02-00-5e-10-00-00-00-01", eui64, 8, "02:00:5e:10:00:00:00:01"},
    {"0200.5e10.0000.0001", eui64, 8, "02:00:5e:10:00:00:00:01"},
    {"00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01", ipoib, 20,
     "00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"},
    {"00-00-00-00-fe-80-00-00-00-00-00-00-02-00-5e-10-00-00-00-01", ipoib, 20,
     "00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"},
    {"0000.0000.fe80.0000.0000.0000.0200.5e10.0000.0001", ipoib, 20,
     "00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"},
    {"ab:cd:ef:AB:CD:EF", mixed, 6, "ab:cd:ef:ab:cd:ef"},
    {"ab-cd-ef-AB-CD-EF", mixed, 6, "ab:cd:ef:ab:cd:ef"},
    {"abcd.efAB.CDEF", mixed, 6, "ab:cd:ef:ab:cd:ef"},
};

static void test_mac_parse_all_formats(void) {
  char buf[XNET_MAC_STRLEN];
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    xnet_mac mac;
    int rc = parse_exact(good[i].in, strlen(good[i].in), &mac);
    if (rc != 0) {
      xt_fail(__LINE__, __FILE__, "ParseMAC(\"%s\") = %d", good[i].in, rc);
      return;
    }
    XT_ASSERT_MEM_EQ(mac.bytes, mac.len, good[i].want, good[i].len);
    XT_ASSERT_INT_EQ(xnet_mac_format(&mac, buf, sizeof buf),
                     strlen(good[i].out));
    XT_ASSERT_STR_EQ(buf, good[i].out);
  }
}

static void test_mac_parse_rejects_go_vectors(void) {
  static const char *const bad[] = {
      "01.02.03.04.05.06",
      "01:02:03:04:05:06:",
      "x1:02:03:04:05:06",
      "01002:03:04:05:06",
      "01:02003:04:05:06",
      "01:02:03004:05:06",
      "01:02:03:04005:06",
      "01:02:03:04:05006",
      "01-02:03:04:05:06",
      "01:02-03-04-05-06",
      "0123:4567:89AF",
      "0123-4567-89AF",
      "",
      "01:02:03:04:05",
      "01:02:03:04:05:06:07",
      "01:02:03:04:05:06:07:08:09",
      "0123.4567.89ab.",
      "0123.4567.89ab.cdef.0123",
      "0123.4567:89ab",
      "012.34567.89ab",
      "0123.4567.89ag",
      "g1:02:03:04:05:06",
      "01:02:03:04:05:0g",
      " 1:02:03:04:05:06",
      "01:02:03:04:05: 6",
      "+1:02:03:04:05:06",
      "0x:02:03:04:05:06",
      "0123.4567.89a",
      "01:02:03:04:05:6",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    xnet_mac mac;
    memset(&mac, 0xa5, sizeof mac);
    int rc = parse_exact(bad[i], strlen(bad[i]), &mac);
    if (rc != XNET_EBADMAC) {
      xt_fail(__LINE__, __FILE__, "ParseMAC(\"%s\") = %d, want EBADMAC",
              bad[i], rc);
      return;
    }
    XT_ASSERT_MEM_EQ(&mac, sizeof mac, zero_mac, sizeof zero_mac);
  }
}

static void test_mac_parse_every_truncation(void) {
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    size_t len = strlen(good[i].in);
    for (size_t n = 0; n < len; n++) {
      xnet_mac mac;
      int rc = parse_exact(good[i].in, n, &mac);
      /* No proper prefix of a 6-, 8- or 20-octet form is another valid
       * form except the 6-octet prefix of an 8-octet text. */
      if (rc == 0) {
        XT_ASSERT(mac.len == 6 || mac.len == 8);
        XT_ASSERT(mac.len < good[i].len);
        XT_ASSERT_MEM_EQ(mac.bytes, mac.len, good[i].want, mac.len);
        continue;
      }
      XT_ASSERT_ERR(rc, XNET_EBADMAC);
      XT_ASSERT_MEM_EQ(&mac, sizeof mac, zero_mac, sizeof zero_mac);
    }
  }
}

static void test_mac_format(void) {
  xnet_mac mac;
  char buf[XNET_MAC_STRLEN];
  memset(&mac, 0, sizeof mac);
  XT_ASSERT_INT_EQ(xnet_mac_format(&mac, buf, sizeof buf), 0);
  XT_ASSERT_STR_EQ(buf, "");
  mac.len = 1;
  mac.bytes[0] = 0xf0;
  XT_ASSERT_INT_EQ(xnet_mac_format(&mac, buf, sizeof buf), 2);
  XT_ASSERT_STR_EQ(buf, "f0");
  memcpy(mac.bytes, ipoib, 20);
  mac.len = 20;
  XT_ASSERT_INT_EQ(xnet_mac_format(&mac, NULL, 0), XNET_MAC_STRLEN - 1);
  XT_ASSERT_INT_EQ(xnet_mac_format(&mac, buf, 6), XNET_MAC_STRLEN - 1);
  XT_ASSERT_STR_EQ(buf, "00:00");
}

static void test_mac_round_trip(void) {
  char buf[XNET_MAC_STRLEN];
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    xnet_mac a, b;
    XT_ASSERT_OK(xnet_mac_parse(good[i].in, strlen(good[i].in), &a));
    int n = xnet_mac_format(&a, buf, sizeof buf);
    XT_ASSERT_OK(xnet_mac_parse(buf, (size_t)n, &b));
    XT_ASSERT_MEM_EQ(&a, sizeof a, &b, sizeof b);
  }
}

static void test_mac_error_text(void) {
  char buf[64];
  (void)xnet_addr_error_format(XNET_EBADMAC, "01:02:03", 8, buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address 01:02:03: invalid MAC address");
}

XT_SUITE(codecs, mac, NULL, NULL,
         XT_TEST(test_mac_parse_all_formats),
         XT_TEST(test_mac_parse_rejects_go_vectors),
         XT_TEST(test_mac_parse_every_truncation),
         XT_TEST(test_mac_format),
         XT_TEST(test_mac_round_trip),
         XT_TEST(test_mac_error_text));
