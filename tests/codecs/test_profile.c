/* test_profile.c — the six ABI profiles as data: each flavour's facts as
 * its headers state them (numbers, geometry, the socket options that ask
 * for each control), the invariants every cmsg table must keep so the
 * codecs can trust it, and the byte-order helpers. */
#include "xnet/cmsg.h"
#include "xnet/profile.h"
#include "xnet_test.h"

static const xnet_profile *const all[] = {
    &xnet_profile_linux,   &xnet_profile_freebsd,   &xnet_profile_netbsd,
    &xnet_profile_openbsd, &xnet_profile_dragonfly, &xnet_profile_darwin};
#define NALL (sizeof(all) / sizeof(all[0]))

static void test_profile_names_and_byte_order(void) {
  static const char *const names[] = {"linux",   "freebsd",   "netbsd",
                                      "openbsd", "dragonfly", "darwin"};
  for (size_t i = 0; i < NALL; i++) {
    XT_ASSERT_STR_EQ(all[i]->name, names[i]);
    XT_ASSERT_UINT_EQ(all[i]->little_endian, 1);
    XT_ASSERT(all[i]->cmsg != NULL);
  }
}

/* Header facts: sizeof(struct cmsghdr), CMSG alignment, width of
 * cmsg_len, SOL_SOCKET, AF_INET6, sockaddr length byte (sources in each
 * profile_<os>.c). */
static void test_profile_cmsg_geometry_facts(void) {
  static const struct {
    uint8_t hdr, align, len_size, sa_len;
    uint16_t af_inet6;
    int32_t sol_socket;
  } want[] = {
      {16, 8, 8, 0, 10, 1},      {12, 8, 4, 1, 28, 0xffff},
      {12, 8, 4, 1, 24, 0xffff}, {12, 8, 4, 1, 24, 0xffff},
      {12, 8, 4, 1, 28, 0xffff}, {12, 4, 4, 1, 30, 0xffff},
  };
  for (size_t i = 0; i < NALL; i++) {
    const xnet_cmsg_abi *a = all[i]->cmsg;
    XT_ASSERT_UINT_EQ(a->hdr_len, want[i].hdr);
    XT_ASSERT_UINT_EQ(a->align, want[i].align);
    XT_ASSERT_UINT_EQ(a->len_size, want[i].len_size);
    XT_ASSERT_UINT_EQ(a->sa_len_byte, want[i].sa_len);
    XT_ASSERT_UINT_EQ(a->af_inet6, want[i].af_inet6);
    XT_ASSERT_INT_EQ(a->sol_socket, want[i].sol_socket);
    XT_ASSERT_INT_EQ(a->level_ip, 0);
    XT_ASSERT_INT_EQ(a->level_ipv6, 41);
    XT_ASSERT_UINT_EQ(a->sdl_index_off, i == 0 ? 0 : 2);
  }
}

/* The cmsg types and the options that ask for them, per flavour, as the
 * headers define them: {type, recv_opt} for each control (0: none). */
static void test_profile_option_numbers_facts(void) {
  static const int32_t v4[6][XNET_CTL__MAX][2] = {
      /* TTL,     TOS,      SRC,    DST,    INTERFACE, PKTINFO */
      {{2, 12}, {1, 13}, {0, 0}, {0, 0}, {0, 0}, {8, 8}},        /* linux */
      {{65, 65}, {68, 68}, {7, 0}, {7, 7}, {20, 20}, {0, 0}},    /* freebsd */
      {{23, 23}, {0, 0}, {7, 0}, {7, 7}, {20, 20}, {0, 0}},      /* netbsd */
      {{31, 31}, {0, 0}, {7, 0}, {7, 7}, {30, 30}, {0, 0}},      /* openbsd */
      {{65, 65}, {68, 68}, {7, 0}, {7, 7}, {20, 20}, {0, 0}},    /* dragonfly */
      {{24, 24}, {27, 27}, {0, 0}, {7, 7}, {20, 20}, {26, 26}},  /* darwin */
  };
  static const int32_t v6[6][XNET_CTL6__MAX][2] = {
      /* TCLASS,  HOPLIMIT, PKTINFO, NEXTHOP, PATHMTU */
      {{67, 66}, {52, 51}, {50, 49}, {0, 0}, {61, 60}},  /* linux */
      {{61, 57}, {47, 37}, {46, 36}, {48, 0}, {44, 43}}, /* freebsd */
      {{61, 57}, {47, 37}, {46, 36}, {48, 0}, {44, 43}}, /* netbsd */
      {{61, 57}, {47, 37}, {46, 36}, {48, 0}, {44, 43}}, /* openbsd */
      {{61, 57}, {47, 37}, {46, 36}, {48, 0}, {44, 43}}, /* dragonfly */
      {{36, 35}, {47, 37}, {46, 61}, {48, 0}, {44, 43}}, /* darwin */
  };
  for (size_t i = 0; i < NALL; i++) {
    const xnet_cmsg_abi *a = all[i]->cmsg;
    for (int c = 0; c < XNET_CTL__MAX; c++) {
      XT_ASSERT_INT_EQ(a->ipv4[c].type, v4[i][c][0]);
      XT_ASSERT_INT_EQ(a->ipv4[c].recv_opt, v4[i][c][1]);
    }
    for (int c = 0; c < XNET_CTL6__MAX; c++) {
      XT_ASSERT_INT_EQ(a->ipv6[c].type, v6[i][c][0]);
      XT_ASSERT_INT_EQ(a->ipv6[c].recv_opt, v6[i][c][1]);
    }
  }
}

static int power_of_two(unsigned v) { return v != 0 && (v & (v - 1)) == 0; }

/* Payload size a fixed kind implies (0: variable or none). */
static unsigned kind_len(int kind) {
  switch (kind) {
  case XNET_CMSG_KIND_U8: return 1;
  case XNET_CMSG_KIND_INT: return 4;
  case XNET_CMSG_KIND_IN_ADDR: return 4;
  case XNET_CMSG_KIND_IN_PKTINFO: return 12;
  case XNET_CMSG_KIND_IN6_PKTINFO: return 20;
  case XNET_CMSG_KIND_SOCKADDR_IN6: return 28;
  case XNET_CMSG_KIND_IP6_MTUINFO: return 32;
  default: return 0;
  }
}

/* The kinds each control may use, for sending and for receiving; the
 * codecs decode only these combinations. */
static int v4_kinds_ok(int ctl, int marshal, int parse) {
  switch (ctl) {
  case XNET_CTL_TTL:
  case XNET_CTL_TOS:
    return marshal == XNET_CMSG_KIND_NONE &&
           (parse == XNET_CMSG_KIND_U8 || parse == XNET_CMSG_KIND_INT);
  case XNET_CTL_SRC:
    return marshal == XNET_CMSG_KIND_IN_ADDR && parse == XNET_CMSG_KIND_NONE;
  case XNET_CTL_DST:
    return marshal == XNET_CMSG_KIND_NONE && parse == XNET_CMSG_KIND_IN_ADDR;
  case XNET_CTL_INTERFACE:
    return marshal == XNET_CMSG_KIND_NONE && parse == XNET_CMSG_KIND_SOCKADDR_DL;
  case XNET_CTL_PKTINFO:
    return marshal == XNET_CMSG_KIND_IN_PKTINFO &&
           parse == XNET_CMSG_KIND_IN_PKTINFO;
  default:
    return 0;
  }
}

static int v6_kinds_ok(int ctl, int marshal, int parse) {
  switch (ctl) {
  case XNET_CTL6_TCLASS:
  case XNET_CTL6_HOPLIMIT:
    return marshal == XNET_CMSG_KIND_INT && parse == XNET_CMSG_KIND_INT;
  case XNET_CTL6_PKTINFO:
    return marshal == XNET_CMSG_KIND_IN6_PKTINFO &&
           parse == XNET_CMSG_KIND_IN6_PKTINFO;
  case XNET_CTL6_NEXTHOP:
    return marshal == XNET_CMSG_KIND_SOCKADDR_IN6 && parse == XNET_CMSG_KIND_NONE;
  case XNET_CTL6_PATHMTU:
    return marshal == XNET_CMSG_KIND_NONE && parse == XNET_CMSG_KIND_IP6_MTUINFO;
  default:
    return 0;
  }
}

/* One row: unsupported rows are all zero; supported rows sit at the
 * family's level, use kinds the codecs decode, carry the kind's size, and
 * have a receive option exactly when they are received. */
static int row_ok(const xnet_cmsg_abi *a, const xnet_cmsg_row *r, int32_t level,
                  int kinds_ok) {
  if (r->type == 0)
    return r->level == 0 && r->len == 0 && r->marshal == 0 && r->parse == 0 &&
           r->recv_opt == 0;
  int k = r->parse != XNET_CMSG_KIND_NONE ? r->parse : r->marshal;
  unsigned want_len = kind_len(k);
  int len_ok = k == XNET_CMSG_KIND_SOCKADDR_DL
                   ? r->len >= a->sdl_index_off + 2u
                   : r->len == want_len;
  return r->level == level && kinds_ok && len_ok &&
         ((r->recv_opt != 0) == (r->parse != XNET_CMSG_KIND_NONE));
}

static void test_profile_cmsg_tables_are_consistent(void) {
  for (size_t i = 0; i < NALL; i++) {
    const xnet_cmsg_abi *a = all[i]->cmsg;
    XT_ASSERT_UINT_EQ(a->hdr_len, a->len_size + 8u);
    XT_ASSERT(a->len_size == 4 || a->len_size == 8);
    XT_ASSERT(power_of_two(a->align) && a->align >= 4);
    for (int c = 0; c < XNET_CTL__MAX; c++) {
      const xnet_cmsg_row *r = &a->ipv4[c];
      if (!row_ok(a, r, a->level_ip, v4_kinds_ok(c, r->marshal, r->parse)))
        xt_fail(__LINE__, __FILE__, "%s ipv4 row %d", all[i]->name, c);
      XT_ASSERT(row_ok(a, r, a->level_ip, v4_kinds_ok(c, r->marshal, r->parse)));
    }
    for (int c = 0; c < XNET_CTL6__MAX; c++) {
      const xnet_cmsg_row *r = &a->ipv6[c];
      if (!row_ok(a, r, a->level_ipv6, v6_kinds_ok(c, r->marshal, r->parse)))
        xt_fail(__LINE__, __FILE__, "%s ipv6 row %d", all[i]->name, c);
      XT_ASSERT(row_ok(a, r, a->level_ipv6, v6_kinds_ok(c, r->marshal, r->parse)));
    }
  }
}

static void test_profile_received_types_are_unambiguous(void) {
  /* A received message must map to one control: no two receivable rows
   * of a family share a type (BSD SRC and DST share 7, but SRC is
   * send-only). */
  for (size_t i = 0; i < NALL; i++) {
    const xnet_cmsg_abi *a = all[i]->cmsg;
    for (int x = 0; x < XNET_CTL__MAX; x++)
      for (int y = x + 1; y < XNET_CTL__MAX; y++)
        if (a->ipv4[x].parse && a->ipv4[y].parse)
          XT_ASSERT(a->ipv4[x].type != a->ipv4[y].type);
    for (int x = 0; x < XNET_CTL6__MAX; x++)
      for (int y = x + 1; y < XNET_CTL6__MAX; y++)
        if (a->ipv6[x].parse && a->ipv6[y].parse)
          XT_ASSERT(a->ipv6[x].type != a->ipv6[y].type);
  }
}

static void test_profile_every_flavour_covers_go_flags(void) {
  /* Every flavour receives TTL, Dst and Interface (in_pktinfo, or
   * RECVDSTADDR + RECVIF), sends Src, and has every IPv6 row but Linux's
   * IPV6_NEXTHOP, which its kernel refuses as a cmsg. */
  for (size_t i = 0; i < NALL; i++) {
    const xnet_cmsg_abi *a = all[i]->cmsg;
    XT_ASSERT(a->ipv4[XNET_CTL_TTL].parse != XNET_CMSG_KIND_NONE);
    int pkt = a->ipv4[XNET_CTL_PKTINFO].type != 0;
    XT_ASSERT(pkt || (a->ipv4[XNET_CTL_DST].type && a->ipv4[XNET_CTL_INTERFACE].type));
    XT_ASSERT(pkt || a->ipv4[XNET_CTL_SRC].marshal == XNET_CMSG_KIND_IN_ADDR);
    for (int c = 0; c < XNET_CTL6__MAX; c++)
      XT_ASSERT((a->ipv6[c].type != 0) != (i == 0 && c == XNET_CTL6_NEXTHOP));
  }
  /* DESIGN.md: FreeBSD and Darwin differ in IP_RECVTTL and alignment. */
  XT_ASSERT(xnet_profile_freebsd.cmsg->ipv4[XNET_CTL_TTL].type !=
            xnet_profile_darwin.cmsg->ipv4[XNET_CTL_TTL].type);
  XT_ASSERT(xnet_profile_freebsd.cmsg->align != xnet_profile_darwin.cmsg->align);
}

static void test_profile_sockaddr_dl_sizes(void) {
  /* sizeof(struct sockaddr_dl): what a receive buffer is sized for. */
  static const uint16_t want[] = {0, 54, 20, 32, 54, 20};
  for (size_t i = 0; i < NALL; i++)
    XT_ASSERT_UINT_EQ(all[i]->cmsg->ipv4[XNET_CTL_INTERFACE].len, want[i]);
}

static void test_profile_integer_helpers_follow_profile_order(void) {
  const xnet_profile le = {.name = "le", .little_endian = 1},
                     be = {.name = "be", .little_endian = 0};
  static const uint8_t b[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  XT_ASSERT_UINT_EQ(xnet_profile_get_u16(&le, b), 0x0201);
  XT_ASSERT_UINT_EQ(xnet_profile_get_u16(&be, b), 0x0102);
  XT_ASSERT_UINT_EQ(xnet_profile_get_u32(&le, b), 0x04030201);
  XT_ASSERT_UINT_EQ(xnet_profile_get_u32(&be, b), 0x01020304);
  XT_ASSERT_UINT_EQ(xnet_profile_get_u64(&le, b), 0x0807060504030201ull);
  XT_ASSERT_UINT_EQ(xnet_profile_get_u64(&be, b), 0x0102030405060708ull);
  uint8_t o[8];
  xnet_profile_put_u16(&le, o, 0x0201);
  XT_ASSERT_MEM_EQ(o, 2, b, 2);
  xnet_profile_put_u16(&be, o, 0x0102);
  XT_ASSERT_MEM_EQ(o, 2, b, 2);
  xnet_profile_put_u32(&le, o, 0x04030201);
  XT_ASSERT_MEM_EQ(o, 4, b, 4);
  xnet_profile_put_u32(&be, o, 0x01020304);
  XT_ASSERT_MEM_EQ(o, 4, b, 4);
  xnet_profile_put_u64(&le, o, 0x0807060504030201ull);
  XT_ASSERT_MEM_EQ(o, 8, b, 8);
  xnet_profile_put_u64(&be, o, 0x0102030405060708ull);
  XT_ASSERT_MEM_EQ(o, 8, b, 8);
}

XT_SUITE(codecs, profile, NULL, NULL,
         XT_TEST(test_profile_names_and_byte_order),
         XT_TEST(test_profile_cmsg_geometry_facts),
         XT_TEST(test_profile_option_numbers_facts),
         XT_TEST(test_profile_cmsg_tables_are_consistent),
         XT_TEST(test_profile_received_types_are_unambiguous),
         XT_TEST(test_profile_every_flavour_covers_go_flags),
         XT_TEST(test_profile_sockaddr_dl_sizes),
         XT_TEST(test_profile_integer_helpers_follow_profile_order));
