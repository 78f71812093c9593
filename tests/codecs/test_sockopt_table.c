/* test_sockopt_table.c — the IP socket-option tables of every profile: the
 * Linux rows equal this host's header constants (on Linux), group_req /
 * group_source_req bytes equal what the host's structures hold, the
 * Darwin packing, and empty rows where a flavour lacks an option. */
#include <string.h>
#ifdef __linux__
#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include "xnet/profile.h"
#include "xnet/sockopt_table.h"
#include "xnet_test.h"

static const xnet_profile *const profiles[] = {
    &xnet_profile_linux,   &xnet_profile_freebsd,   &xnet_profile_netbsd,
    &xnet_profile_openbsd, &xnet_profile_dragonfly, &xnet_profile_darwin};

static void test_sockopt_table_every_profile_has_tos_ttl_and_names(void) {
  for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
    XT_ASSERT(profiles[i]->sockopt != NULL);
    XT_ASSERT(xnet_sockopt_row(profiles[i], XNET_SO_IP_TOS) != NULL);
    XT_ASSERT(xnet_sockopt_row(profiles[i], XNET_SO_IPV6_TCLASS) != NULL);
  }
  for (int o = 0; o < XNET_SO__MAX; o++)
    XT_ASSERT(strcmp(xnet_sockopt_name((xnet_so)o), "?") != 0);
  XT_ASSERT_STR_EQ(xnet_sockopt_name(XNET_SO__MAX), "?");
  XT_ASSERT_STR_EQ(xnet_sockopt_name(XNET_SO_IP_JOIN_SOURCE_GROUP),
                   "MCAST_JOIN_SOURCE_GROUP");
}

static void test_sockopt_table_missing_options_are_empty_rows(void) {
  /* No RFC 3678 API on OpenBSD/NetBSD; no BPF sockopt nor ICMP_FILTER on
   * any BSD. */
  XT_ASSERT(xnet_sockopt_row(&xnet_profile_openbsd, XNET_SO_IP_JOIN_GROUP) ==
            NULL);
  XT_ASSERT(xnet_sockopt_row(&xnet_profile_netbsd, XNET_SO_IPV6_BLOCK_SOURCE) ==
            NULL);
  XT_ASSERT(xnet_sockopt_row(&xnet_profile_darwin, XNET_SO_ATTACH_FILTER) ==
            NULL);
  XT_ASSERT(xnet_sockopt_row(&xnet_profile_freebsd, XNET_SO_IP_ICMP_FILTER) ==
            NULL);
  uint8_t b[300];
  size_t n = 1;
  uint8_t g[4] = {239, 1, 2, 3};
  XT_ASSERT_ERR(xnet_sockopt_group_marshal(&xnet_profile_openbsd,
                                           XNET_SO_IP_JOIN_GROUP, 1, g, 4, NULL,
                                           0, b, sizeof b, &n),
                XNET_ENOTSUP);
  XT_ASSERT_UINT_EQ(n, 0);
  XT_ASSERT_ERR(xnet_sockopt_int_marshal(&xnet_profile_linux,
                                         XNET_SO_IP_JOIN_GROUP, 1, b, sizeof b,
                                         &n),
                XNET_ENOTSUP);
}

static void test_sockopt_table_int_and_byte_values(void) {
  uint8_t b[4];
  size_t n;
  XT_ASSERT_OK(xnet_sockopt_int_marshal(
      &xnet_profile_linux, XNET_SO_IP_MULTICAST_TTL, 300, b, sizeof b, &n));
  XT_ASSERT_UINT_EQ(n, 4);
  static const uint8_t v300[4] = {0x2c, 0x01, 0, 0};
  XT_ASSERT_MEM_EQ(b, n, v300, 4);
  /* FreeBSD's IP_MULTICAST_TTL is a u_char. */
  XT_ASSERT_OK(xnet_sockopt_int_marshal(
      &xnet_profile_freebsd, XNET_SO_IP_MULTICAST_TTL, 7, b, sizeof b, &n));
  XT_ASSERT_UINT_EQ(n, 1);
  XT_ASSERT_INT_EQ(b[0], 7);
  XT_ASSERT_ERR(xnet_sockopt_int_marshal(&xnet_profile_freebsd,
                                         XNET_SO_IP_MULTICAST_TTL, 256, b,
                                         sizeof b, &n),
                XNET_EINVAL);
  int v;
  XT_ASSERT_OK(
      xnet_sockopt_int_parse(&xnet_profile_linux, XNET_SO_IP_TTL, v300, 4, &v));
  XT_ASSERT_INT_EQ(v, 300);
  XT_ASSERT_ERR(
      xnet_sockopt_int_parse(&xnet_profile_linux, XNET_SO_IP_TTL, v300, 3, &v),
      XNET_EBADLEN);
}

static void test_sockopt_table_darwin_group_req_is_packed(void) {
  uint8_t b[300];
  size_t n;
  uint8_t g[4] = {232, 1, 1, 1}, s[4] = {10, 0, 0, 9};
  XT_ASSERT_OK(xnet_sockopt_group_marshal(&xnet_profile_darwin,
                                          XNET_SO_IP_JOIN_SOURCE_GROUP, 5, g, 4,
                                          s, 4, b, sizeof b, &n));
  XT_ASSERT_UINT_EQ(n, 260);
  static const uint8_t head[12] = {5, 0, 0, 0, 16, 2, 0, 0, 232, 1, 1, 1};
  XT_ASSERT_MEM_EQ(b, 12, head, 12);
  static const uint8_t src[8] = {16, 2, 0, 0, 10, 0, 0, 9};
  XT_ASSERT_MEM_EQ(b + 132, 8, src, 8);
  /* Too small: the size needed. */
  XT_ASSERT_ERR(xnet_sockopt_group_marshal(&xnet_profile_darwin,
                                           XNET_SO_IP_JOIN_SOURCE_GROUP, 5, g,
                                           4, s, 4, b, 100, &n),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(n, 260);
  /* A source is required; addresses are 4 or 16 bytes. */
  XT_ASSERT_ERR(xnet_sockopt_group_marshal(&xnet_profile_darwin,
                                           XNET_SO_IP_JOIN_SOURCE_GROUP, 5, g,
                                           4, NULL, 0, b, sizeof b, &n),
                XNET_EINVAL);
  /* FreeBSD IPv6: sin6_len 28, AF_INET6 28, group at 8. */
  uint8_t g6[16] = {0xff, 0x02, [15] = 0xfb};
  XT_ASSERT_OK(xnet_sockopt_group_marshal(&xnet_profile_freebsd,
                                          XNET_SO_IPV6_JOIN_GROUP, 3, g6, 16,
                                          NULL, 0, b, sizeof b, &n));
  XT_ASSERT_UINT_EQ(n, 136);
  XT_ASSERT_INT_EQ(b[8], 28);
  XT_ASSERT_INT_EQ(b[9], 28);
  XT_ASSERT_MEM_EQ(b + 16, 16, g6, 16);
}

#ifdef __linux__
static void test_sockopt_table_linux_rows_match_host_headers(void) {
  static const struct {
    xnet_so opt;
    int level, name;
  } want[] = {
      {XNET_SO_IP_TOS, IPPROTO_IP, IP_TOS},
      {XNET_SO_IP_TTL, IPPROTO_IP, IP_TTL},
      {XNET_SO_IP_HDRINCL, IPPROTO_IP, IP_HDRINCL},
      {XNET_SO_IP_MULTICAST_IF, IPPROTO_IP, IP_MULTICAST_IF},
      {XNET_SO_IP_MULTICAST_TTL, IPPROTO_IP, IP_MULTICAST_TTL},
      {XNET_SO_IP_MULTICAST_LOOP, IPPROTO_IP, IP_MULTICAST_LOOP},
      {XNET_SO_IP_ICMP_FILTER, 255 /* SOL_RAW */, 1 /* ICMP_FILTER */},
      {XNET_SO_IP_JOIN_GROUP, IPPROTO_IP, MCAST_JOIN_GROUP},
      {XNET_SO_IP_LEAVE_GROUP, IPPROTO_IP, MCAST_LEAVE_GROUP},
      {XNET_SO_IP_JOIN_SOURCE_GROUP, IPPROTO_IP, MCAST_JOIN_SOURCE_GROUP},
      {XNET_SO_IP_LEAVE_SOURCE_GROUP, IPPROTO_IP, MCAST_LEAVE_SOURCE_GROUP},
      {XNET_SO_IP_BLOCK_SOURCE, IPPROTO_IP, MCAST_BLOCK_SOURCE},
      {XNET_SO_IP_UNBLOCK_SOURCE, IPPROTO_IP, MCAST_UNBLOCK_SOURCE},
      {XNET_SO_IPV6_TCLASS, IPPROTO_IPV6, IPV6_TCLASS},
      {XNET_SO_IPV6_UNICAST_HOPS, IPPROTO_IPV6, IPV6_UNICAST_HOPS},
      {XNET_SO_IPV6_MULTICAST_IF, IPPROTO_IPV6, IPV6_MULTICAST_IF},
      {XNET_SO_IPV6_MULTICAST_HOPS, IPPROTO_IPV6, IPV6_MULTICAST_HOPS},
      {XNET_SO_IPV6_MULTICAST_LOOP, IPPROTO_IPV6, IPV6_MULTICAST_LOOP},
      {XNET_SO_IPV6_PATHMTU, IPPROTO_IPV6, IPV6_PATHMTU},
      {XNET_SO_IPV6_CHECKSUM, IPPROTO_IPV6, IPV6_CHECKSUM},
      {XNET_SO_IPV6_ICMP6_FILTER, IPPROTO_ICMPV6, 1 /* ICMPV6_FILTER */},
      {XNET_SO_IPV6_JOIN_GROUP, IPPROTO_IPV6, MCAST_JOIN_GROUP},
      {XNET_SO_IPV6_UNBLOCK_SOURCE, IPPROTO_IPV6, MCAST_UNBLOCK_SOURCE},
      {XNET_SO_ATTACH_FILTER, SOL_SOCKET, SO_ATTACH_FILTER},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    const xnet_so_row *r = xnet_sockopt_row(&xnet_profile_linux, want[i].opt);
    XT_ASSERT(r != NULL);
    if (!r)
      continue;
    XT_ASSERT_INT_EQ(r->level, want[i].level);
    XT_ASSERT_INT_EQ(r->name, want[i].name);
  }
}

static void test_sockopt_table_linux_group_req_matches_host_struct(void) {
  struct group_source_req want;
  memset(&want, 0, sizeof want);
  want.gsr_interface = 7;
  struct sockaddr_in6 *g = (struct sockaddr_in6 *)&want.gsr_group;
  struct sockaddr_in6 *s = (struct sockaddr_in6 *)&want.gsr_source;
  g->sin6_family = AF_INET6;
  s->sin6_family = AF_INET6;
  uint8_t g6[16] = {0xff, 0x3e, [15] = 0x42};
  uint8_t s6[16] = {0xfd, 0x00, [15] = 0x02};
  memcpy(&g->sin6_addr, g6, 16);
  memcpy(&s->sin6_addr, s6, 16);
  uint8_t b[300];
  size_t n;
  XT_ASSERT_OK(xnet_sockopt_group_marshal(&xnet_profile_linux,
                                          XNET_SO_IPV6_BLOCK_SOURCE, 7, g6, 16,
                                          s6, 16, b, sizeof b, &n));
  XT_ASSERT_MEM_EQ(b, n, &want, sizeof want);
  struct ip_mreqn m;
  memset(&m, 0, sizeof m);
  m.imr_ifindex = 3;
  XT_ASSERT_OK(xnet_sockopt_group_marshal(&xnet_profile_linux,
                                          XNET_SO_IP_MULTICAST_IF, 3, NULL, 0,
                                          NULL, 0, b, sizeof b, &n));
  XT_ASSERT_MEM_EQ(b, n, &m, sizeof m);
}
#define LINUX_TESTS                                                            \
  XT_TEST(test_sockopt_table_linux_rows_match_host_headers),                   \
      XT_TEST(test_sockopt_table_linux_group_req_matches_host_struct),
#else
#define LINUX_TESTS
#endif

XT_SUITE(codecs, sockopt_table, NULL, NULL,
         XT_TEST(test_sockopt_table_every_profile_has_tos_ttl_and_names),
         XT_TEST(test_sockopt_table_missing_options_are_empty_rows),
         XT_TEST(test_sockopt_table_int_and_byte_values),
         LINUX_TESTS XT_TEST(test_sockopt_table_darwin_group_req_is_packed));
