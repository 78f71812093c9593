/* test_icmp.c — ICMP type constants and names (Go's ICMPType.String),
 * generated from the IANA registry snapshots. */
#include <stdlib.h>

#include "xnet/icmp.h"
#include "xnet_test.h"

/* x/net/ipv4 iana.go icmpTypes: every named ICMPv4 type. */
static const struct {
  int type;
  const char *name;
} v4[] = {
    {XNET_ICMP4_TYPE_ECHO_REPLY, "echo reply"},
    {XNET_ICMP4_TYPE_DESTINATION_UNREACHABLE, "destination unreachable"},
    {XNET_ICMP4_TYPE_REDIRECT, "redirect"},
    {XNET_ICMP4_TYPE_ECHO, "echo"},
    {XNET_ICMP4_TYPE_ROUTER_ADVERTISEMENT, "router advertisement"},
    {XNET_ICMP4_TYPE_ROUTER_SOLICITATION, "router solicitation"},
    {XNET_ICMP4_TYPE_TIME_EXCEEDED, "time exceeded"},
    {XNET_ICMP4_TYPE_PARAMETER_PROBLEM, "parameter problem"},
    {XNET_ICMP4_TYPE_TIMESTAMP, "timestamp"},
    {XNET_ICMP4_TYPE_TIMESTAMP_REPLY, "timestamp reply"},
    {XNET_ICMP4_TYPE_PHOTURIS, "photuris"},
    {XNET_ICMP4_TYPE_EXTENDED_ECHO_REQUEST, "extended echo request"},
    {XNET_ICMP4_TYPE_EXTENDED_ECHO_REPLY, "extended echo reply"},
};

/* x/net/ipv6 iana.go icmpTypes: every named ICMPv6 type. */
static const struct {
  int type;
  const char *name;
} v6[] = {
    {XNET_ICMP6_TYPE_DESTINATION_UNREACHABLE, "destination unreachable"},
    {XNET_ICMP6_TYPE_PACKET_TOO_BIG, "packet too big"},
    {XNET_ICMP6_TYPE_TIME_EXCEEDED, "time exceeded"},
    {XNET_ICMP6_TYPE_PARAMETER_PROBLEM, "parameter problem"},
    {XNET_ICMP6_TYPE_ECHO_REQUEST, "echo request"},
    {XNET_ICMP6_TYPE_ECHO_REPLY, "echo reply"},
    {XNET_ICMP6_TYPE_MULTICAST_LISTENER_QUERY, "multicast listener query"},
    {XNET_ICMP6_TYPE_MULTICAST_LISTENER_REPORT, "multicast listener report"},
    {XNET_ICMP6_TYPE_MULTICAST_LISTENER_DONE, "multicast listener done"},
    {XNET_ICMP6_TYPE_ROUTER_SOLICITATION, "router solicitation"},
    {XNET_ICMP6_TYPE_ROUTER_ADVERTISEMENT, "router advertisement"},
    {XNET_ICMP6_TYPE_NEIGHBOR_SOLICITATION, "neighbor solicitation"},
    {XNET_ICMP6_TYPE_NEIGHBOR_ADVERTISEMENT, "neighbor advertisement"},
    {XNET_ICMP6_TYPE_REDIRECT, "redirect message"},
    {XNET_ICMP6_TYPE_ROUTER_RENUMBERING, "router renumbering"},
    {XNET_ICMP6_TYPE_NODE_INFORMATION_QUERY, "icmp node information query"},
    {XNET_ICMP6_TYPE_NODE_INFORMATION_RESPONSE, "icmp node information response"},
    {XNET_ICMP6_TYPE_INVERSE_NEIGHBOR_DISCOVERY_SOLICITATION,
     "inverse neighbor discovery solicitation message"},
    {XNET_ICMP6_TYPE_INVERSE_NEIGHBOR_DISCOVERY_ADVERTISEMENT,
     "inverse neighbor discovery advertisement message"},
    {XNET_ICMP6_TYPE_VERSION2_MULTICAST_LISTENER_REPORT,
     "version 2 multicast listener report"},
    {XNET_ICMP6_TYPE_HOME_AGENT_ADDRESS_DISCOVERY_REQUEST,
     "home agent address discovery request message"},
    {XNET_ICMP6_TYPE_HOME_AGENT_ADDRESS_DISCOVERY_REPLY,
     "home agent address discovery reply message"},
    {XNET_ICMP6_TYPE_MOBILE_PREFIX_SOLICITATION, "mobile prefix solicitation"},
    {XNET_ICMP6_TYPE_MOBILE_PREFIX_ADVERTISEMENT, "mobile prefix advertisement"},
    {XNET_ICMP6_TYPE_CERTIFICATION_PATH_SOLICITATION,
     "certification path solicitation message"},
    {XNET_ICMP6_TYPE_CERTIFICATION_PATH_ADVERTISEMENT,
     "certification path advertisement message"},
    {XNET_ICMP6_TYPE_MULTICAST_ROUTER_ADVERTISEMENT, "multicast router advertisement"},
    {XNET_ICMP6_TYPE_MULTICAST_ROUTER_SOLICITATION, "multicast router solicitation"},
    {XNET_ICMP6_TYPE_MULTICAST_ROUTER_TERMINATION, "multicast router termination"},
    {XNET_ICMP6_TYPE_FMIPV6, "fmipv6 messages"},
    {XNET_ICMP6_TYPE_RPL_CONTROL, "rpl control message"},
    {XNET_ICMP6_TYPE_ILNPV6_LOCATOR_UPDATE, "ilnpv6 locator update message"},
    {XNET_ICMP6_TYPE_DUPLICATE_ADDRESS_REQUEST, "duplicate address request"},
    {XNET_ICMP6_TYPE_DUPLICATE_ADDRESS_CONFIRMATION, "duplicate address confirmation"},
    {XNET_ICMP6_TYPE_MPL_CONTROL, "mpl control message"},
    {XNET_ICMP6_TYPE_EXTENDED_ECHO_REQUEST, "extended echo request"},
    {XNET_ICMP6_TYPE_EXTENDED_ECHO_REPLY, "extended echo reply"},
};

static void test_icmp_protocol_numbers(void) {
  XT_ASSERT_INT_EQ(XNET_ICMP4_PROTOCOL, 1);
  XT_ASSERT_INT_EQ(XNET_ICMP6_PROTOCOL, 58);
}

/* Spot values the constants must have (RFC 792, RFC 4443, RFC 4861). */
static void test_icmp_type_constant_values(void) {
  XT_ASSERT_INT_EQ(XNET_ICMP4_TYPE_ECHO, 8);
  XT_ASSERT_INT_EQ(XNET_ICMP4_TYPE_TIME_EXCEEDED, 11);
  XT_ASSERT_INT_EQ(XNET_ICMP4_TYPE_EXTENDED_ECHO_REPLY, 43);
  XT_ASSERT_INT_EQ(XNET_ICMP6_TYPE_ECHO_REQUEST, 128);
  XT_ASSERT_INT_EQ(XNET_ICMP6_TYPE_NEIGHBOR_SOLICITATION, 135);
  XT_ASSERT_INT_EQ(XNET_ICMP6_TYPE_VERSION2_MULTICAST_LISTENER_REPORT, 143);
  XT_ASSERT_INT_EQ(XNET_ICMP6_TYPE_EXTENDED_ECHO_REPLY, 161);
}

/* Every value 0..255: the listed types have Go's name, all others NULL. */
static void test_icmp4_type_names_exact(void) {
  int named = 0;
  for (int t = 0; t < 256; t++) {
    const char *want = NULL;
    for (size_t i = 0; i < sizeof v4 / sizeof v4[0]; i++)
      if (v4[i].type == t)
        want = v4[i].name;
    const char *got = xnet_icmp4_type_name(t);
    if (want == NULL) {
      XT_ASSERT_INT_EQ(got == NULL ? -1 : t, -1);
    } else {
      XT_ASSERT_STR_EQ(got, want);
      named++;
    }
  }
  XT_ASSERT_INT_EQ(named, (int)(sizeof v4 / sizeof v4[0]));
}

static void test_icmp6_type_names_exact(void) {
  int named = 0;
  for (int t = 0; t < 256; t++) {
    const char *want = NULL;
    for (size_t i = 0; i < sizeof v6 / sizeof v6[0]; i++)
      if (v6[i].type == t)
        want = v6[i].name;
    const char *got = xnet_icmp6_type_name(t);
    if (want == NULL) {
      XT_ASSERT_INT_EQ(got == NULL ? -1 : t, -1);
    } else {
      XT_ASSERT_STR_EQ(got, want);
      named++;
    }
  }
  XT_ASSERT_INT_EQ(named, (int)(sizeof v6 / sizeof v6[0]));
}

/* Registered but deprecated, reserved or experimental: unnamed, as in Go. */
static void test_icmp_type_names_skip_deprecated_and_experimental(void) {
  XT_ASSERT(xnet_icmp4_type_name(4) == NULL);   /* source quench (deprecated) */
  XT_ASSERT(xnet_icmp4_type_name(17) == NULL);  /* address mask (deprecated) */
  XT_ASSERT(xnet_icmp4_type_name(41) == NULL);  /* seamoby (experimental) */
  XT_ASSERT(xnet_icmp4_type_name(253) == NULL); /* RFC3692-style experiment */
  XT_ASSERT(xnet_icmp4_type_name(255) == NULL); /* reserved */
  XT_ASSERT(xnet_icmp6_type_name(100) == NULL); /* private experimentation */
  XT_ASSERT(xnet_icmp6_type_name(127) == NULL); /* reserved */
  XT_ASSERT(xnet_icmp6_type_name(150) == NULL); /* seamoby */
  XT_ASSERT(xnet_icmp6_type_name(255) == NULL);
}

static void test_icmp_type_names_out_of_range(void) {
  XT_ASSERT(xnet_icmp4_type_name(-1) == NULL);
  XT_ASSERT(xnet_icmp4_type_name(256) == NULL);
  XT_ASSERT(xnet_icmp4_type_name(256 + 8) == NULL); /* no aliasing mod 256 */
  XT_ASSERT(xnet_icmp6_type_name(-128) == NULL);
  XT_ASSERT(xnet_icmp6_type_name(256 + 128) == NULL);
}

#ifdef XNET_SOURCE_DIR
static const char *need_python(void) {
  return system("python3 -c '' >/dev/null 2>&1") == 0 ? NULL
                                                      : "python3 not found";
}
#else
static const char *need_python(void) {
  return "XNET_SOURCE_DIR not defined by the build";
}
#endif

/* The committed icmp_types_gen.c is what the committed script makes from
 * the committed snapshots. */
static void test_icmp_generated_table_is_current(void) {
#ifdef XNET_SOURCE_DIR
  XT_ASSERT_INT_EQ(system("python3 " XNET_SOURCE_DIR
                          "/tools/gen/gen_icmp_types.py --check"),
                   0);
#endif
}

XT_SUITE(codecs, icmp, NULL, NULL,
         XT_TEST(test_icmp_protocol_numbers),
         XT_TEST(test_icmp_type_constant_values),
         XT_TEST(test_icmp4_type_names_exact),
         XT_TEST(test_icmp6_type_names_exact),
         XT_TEST(test_icmp_type_names_skip_deprecated_and_experimental),
         XT_TEST(test_icmp_type_names_out_of_range),
         XT_TEST_IF(test_icmp_generated_table_is_current, need_python));
