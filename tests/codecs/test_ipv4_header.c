/* test_ipv4_header.c — IPv4 header: real headers from the corpus byte for
 * byte, every error, every truncation, round trips on every profile, the
 * raw-socket byte orders, the checksum and Go's String form. */
#include <stdio.h>
#include <stdlib.h>

#include "xnet/inet_checksum.h"
#include "xnet/ipv4_header.h"
#include "xnet/profile.h"
#include "xnet_test.h"

/* Frame 1 of sctp/tcpdump__forces1.pcap (tshark: len 380, id 0x0004, DF,
 * ttl 64, proto 132, checksum 0x8817). */
static const uint8_t forces1[20] = {
    0x45, 0x02, 0x01, 0x7c, 0x00, 0x04, 0x40, 0x00, 0x40, 0x84,
    0x88, 0x17, 0x96, 0x8c, 0xfe, 0xca, 0xd3, 0x81, 0x48, 0x08};

/* Frame 1 of ipv4/PcapPlusPlus__ipv4-options.pcap: hdr_len 44, checksum
 * 0x752d, 24 bytes of options. */
static const uint8_t opts44[44] = {
    0x4b, 0x00, 0x00, 0x6c, 0x78, 0x37, 0x00, 0x00, 0x40, 0x01, 0x75,
    0x2d, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01, 0x86, 0x16,
    0x00, 0x00, 0x00, 0x02, 0x02, 0x10, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x04, 0x00, 0x05, 0x00, 0x06, 0x00, 0xef, 0x00, 0x00};

/* Frame 2 of the same capture: hdr_len 60 (the maximum), DF, checksum
 * 0x0d44, a timestamp option padded with zeros. */
static const uint8_t opts60[60] = {
    0x4f, 0x00, 0x00, 0x7c, 0x82, 0xe1, 0x40, 0x00, 0x40, 0x01, 0x0d, 0x44,
    0x0a, 0x00, 0x00, 0x06, 0x0a, 0x00, 0x00, 0x8a, 0x44, 0x28, 0x09, 0x00,
    0x04, 0xeb, 0x39, 0xb9, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

/* forces1 as a Darwin/DragonFly raw socket delivers it: total length in
 * little-endian host order without the header (380 - 20 = 0x0168),
 * flags/fragment offset little-endian (DF = 0x4000). */
static const uint8_t forces1_darwin_rcvd[20] = {
    0x45, 0x02, 0x68, 0x01, 0x00, 0x04, 0x00, 0x40, 0x40, 0x84,
    0x88, 0x17, 0x96, 0x8c, 0xfe, 0xca, 0xd3, 0x81, 0x48, 0x08};

/* forces1 as written to a Darwin raw socket: full length, host order. */
static const uint8_t forces1_darwin_sent[20] = {
    0x45, 0x02, 0x7c, 0x01, 0x00, 0x04, 0x00, 0x40, 0x40, 0x84,
    0x88, 0x17, 0x96, 0x8c, 0xfe, 0xca, 0xd3, 0x81, 0x48, 0x08};

static const xnet_profile *const all_profiles[] = {
    &xnet_profile_linux,   &xnet_profile_freebsd,   &xnet_profile_netbsd,
    &xnet_profile_openbsd, &xnet_profile_dragonfly, &xnet_profile_darwin};
#define NPROFILES (sizeof all_profiles / sizeof all_profiles[0])

static int is_zero(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i] != 0)
      return 0;
  return 1;
}

/* A struct filled with a non-zero pattern, to see that errors zero it. */
static void poison(xnet_ipv4_header *h) { memset(h, 0xa5, sizeof *h); }

static void test_ipv4_header_parse_forces1_vector(void) {
  xnet_ipv4_header h;
  poison(&h);
  XT_ASSERT_OK(xnet_ipv4_header_parse(forces1, sizeof forces1, &h));
  XT_ASSERT_UINT_EQ(h.version, 4);
  XT_ASSERT_UINT_EQ(h.len, 20);
  XT_ASSERT_UINT_EQ(h.tos, 0x02);
  XT_ASSERT_UINT_EQ(h.total_len, 380);
  XT_ASSERT_UINT_EQ(h.id, 0x0004);
  XT_ASSERT_UINT_EQ(h.flags, XNET_IPV4_FLAG_DONT_FRAGMENT);
  XT_ASSERT_UINT_EQ(h.frag_off, 0);
  XT_ASSERT_UINT_EQ(h.ttl, 64);
  XT_ASSERT_UINT_EQ(h.protocol, 132);
  XT_ASSERT_UINT_EQ(h.checksum, 0x8817);
  XT_ASSERT_UINT_EQ(h.checksum_ok, 1);
  static const uint8_t src[4] = {150, 140, 254, 202}, dst[4] = {211, 129, 72, 8};
  XT_ASSERT_MEM_EQ(h.src, 4, src, 4);
  XT_ASSERT_MEM_EQ(h.dst, 4, dst, 4);
  XT_ASSERT(h.options == NULL);
  XT_ASSERT_UINT_EQ(h.options_len, 0);
}

/* Options are a view into the input, not a copy. */
static void test_ipv4_header_parse_options_are_borrowed(void) {
  xnet_ipv4_header h;
  XT_ASSERT_OK(xnet_ipv4_header_parse(opts44, sizeof opts44, &h));
  XT_ASSERT_UINT_EQ(h.len, 44);
  XT_ASSERT_UINT_EQ(h.total_len, 108);
  XT_ASSERT_UINT_EQ(h.id, 0x7837);
  XT_ASSERT_UINT_EQ(h.protocol, 1);
  XT_ASSERT_UINT_EQ(h.checksum, 0x752d);
  XT_ASSERT_UINT_EQ(h.checksum_ok, 1);
  XT_ASSERT(h.options == opts44 + 20);
  XT_ASSERT_UINT_EQ(h.options_len, 24);
  XT_ASSERT_OK(xnet_ipv4_header_parse(opts60, sizeof opts60, &h));
  XT_ASSERT_UINT_EQ(h.len, 60);
  XT_ASSERT_UINT_EQ(h.flags, XNET_IPV4_FLAG_DONT_FRAGMENT);
  XT_ASSERT_UINT_EQ(h.checksum, 0x0d44);
  XT_ASSERT_UINT_EQ(h.checksum_ok, 1);
  XT_ASSERT(h.options == opts60 + 20);
  XT_ASSERT_UINT_EQ(h.options_len, 40);
}

/* Bytes after IHL*4 are payload: parsed the same, never looked at. */
static void test_ipv4_header_parse_ignores_payload(void) {
  uint8_t pkt[64];
  memcpy(pkt, opts44, sizeof opts44);
  memset(pkt + 44, 0xee, sizeof pkt - 44);
  xnet_ipv4_header a, b;
  XT_ASSERT_OK(xnet_ipv4_header_parse(pkt, sizeof pkt, &a));
  XT_ASSERT_OK(xnet_ipv4_header_parse(opts44, sizeof opts44, &b));
  XT_ASSERT_UINT_EQ(a.len, 44);
  XT_ASSERT_UINT_EQ(a.options_len, 24);
  XT_ASSERT_UINT_EQ(a.checksum_ok, 1);
  a.options = b.options = NULL;
  XT_ASSERT_MEM_EQ(&a, sizeof a, &b, sizeof b);
}

static void test_ipv4_header_parse_rejects_short_buffer(void) {
  xnet_ipv4_header h;
  for (size_t n = 0; n < 20; n++) {
    poison(&h);
    XT_ASSERT_ERR(xnet_ipv4_header_parse(forces1, n, &h), XNET_ESHORT);
    XT_ASSERT(is_zero(&h, sizeof h));
  }
}

static void test_ipv4_header_parse_rejects_bad_version(void) {
  static const uint8_t versions[] = {0, 1, 5, 6, 15};
  uint8_t b[20];
  xnet_ipv4_header h;
  for (size_t i = 0; i < sizeof versions; i++) {
    memcpy(b, forces1, sizeof b);
    b[0] = (uint8_t)(versions[i] << 4 | 5);
    poison(&h);
    XT_ASSERT_ERR(xnet_ipv4_header_parse(b, sizeof b, &h), XNET_EBADVERSION);
    XT_ASSERT(is_zero(&h, sizeof h));
  }
}

/* An IPv6 header has IHL nibble 0 too: the version is what is wrong. */
static void test_ipv4_header_parse_reports_version_before_ihl(void) {
  static const uint8_t v6[40] = {0x60, 0x00, 0x00, 0x00, 0x00, 0x28, 0x3a, 0x80};
  xnet_ipv4_header h;
  XT_ASSERT_ERR(xnet_ipv4_header_parse(v6, sizeof v6, &h), XNET_EBADVERSION);
  XT_ASSERT_ERR(xnet_ipv4_header_parse_raw(&xnet_profile_darwin, v6, sizeof v6, &h),
                XNET_EBADVERSION);
  XT_ASSERT_ERR(xnet_ipv4_header_parse(v6, 19, &h), XNET_ESHORT);
}

static void test_ipv4_header_parse_rejects_ihl_below_5(void) {
  uint8_t b[20];
  xnet_ipv4_header h;
  memcpy(b, forces1, sizeof b);
  for (uint8_t ihl = 0; ihl < 5; ihl++) {
    b[0] = (uint8_t)(0x40 | ihl);
    poison(&h);
    XT_ASSERT_ERR(xnet_ipv4_header_parse(b, sizeof b, &h), XNET_EBADHEADER);
    XT_ASSERT(is_zero(&h, sizeof h));
  }
}

static void test_ipv4_header_parse_rejects_ihl_beyond_buffer(void) {
  uint8_t b[60] = {0};
  xnet_ipv4_header h;
  memcpy(b, forces1, 20);
  for (uint8_t ihl = 6; ihl <= 15; ihl++) {
    b[0] = (uint8_t)(0x40 | ihl);
    poison(&h);
    XT_ASSERT_ERR(xnet_ipv4_header_parse(b, ihl * 4u - 1, &h), XNET_EBADLEN);
    XT_ASSERT(is_zero(&h, sizeof h));
    XT_ASSERT_OK(xnet_ipv4_header_parse(b, ihl * 4u, &h));
  }
}

/* Every prefix of a valid header fails cleanly, on every profile: ESHORT
 * below 20 bytes, EBADLEN below IHL*4; the whole header parses. */
static void test_ipv4_header_parse_every_truncation(void) {
  const uint8_t *vec[] = {forces1, opts44, opts60};
  const size_t len[] = {sizeof forces1, sizeof opts44, sizeof opts60};
  xnet_ipv4_header h;
  for (size_t v = 0; v < 3; v++) {
    for (size_t p = 0; p < NPROFILES; p++) {
      for (size_t n = 0; n < len[v]; n++) {
        /* A heap copy of exactly n bytes, so ASan sees any over-read. */
        uint8_t *cut = malloc(n ? n : 1);
        XT_ASSERT(cut != NULL);
        memcpy(cut, vec[v], n);
        poison(&h);
        int want = n < 20 ? XNET_ESHORT : XNET_EBADLEN;
        int got = xnet_ipv4_header_parse(cut, n, &h);
        int got_raw = xnet_ipv4_header_parse_raw(all_profiles[p], cut, n, &h);
        free(cut);
        XT_ASSERT_ERR(got, want);
        XT_ASSERT_ERR(got_raw, want);
        XT_ASSERT(is_zero(&h, sizeof h));
      }
      XT_ASSERT_OK(xnet_ipv4_header_parse_raw(all_profiles[p], vec[v], len[v], &h));
    }
  }
}

static void test_ipv4_header_parse_null_arguments(void) {
  xnet_ipv4_header h;
  poison(&h);
  XT_ASSERT_ERR(xnet_ipv4_header_parse(NULL, 20, &h), XNET_EINVAL);
  XT_ASSERT(is_zero(&h, sizeof h));
  XT_ASSERT_ERR(xnet_ipv4_header_parse(forces1, 20, NULL), XNET_EINVAL);
  poison(&h);
  XT_ASSERT_ERR(xnet_ipv4_header_parse_raw(NULL, forces1, 20, &h), XNET_EINVAL);
  XT_ASSERT(is_zero(&h, sizeof h));
}

/* Go's HeaderFlags: MoreFragments = 1, DontFragment = 2; the reserved bit
 * comes through as 4. Fragment offset in 8-byte units (tshark's 185 for
 * the second fragment of ipv4/PcapPlusPlus__IPv4Frag.pcap). */
static void test_ipv4_header_flags_and_fragment_offset(void) {
  XT_ASSERT_INT_EQ(XNET_IPV4_FLAG_MORE_FRAGMENTS, 1);
  XT_ASSERT_INT_EQ(XNET_IPV4_FLAG_DONT_FRAGMENT, 2);
  uint8_t b[20];
  xnet_ipv4_header h;
  memcpy(b, forces1, sizeof b);
  b[6] = 0x20; /* MF, offset 0x0b9 = 185 */
  b[7] = 0xb9;
  XT_ASSERT_OK(xnet_ipv4_header_parse(b, sizeof b, &h));
  XT_ASSERT_UINT_EQ(h.flags, XNET_IPV4_FLAG_MORE_FRAGMENTS);
  XT_ASSERT_UINT_EQ(h.frag_off, 185);
  XT_ASSERT_UINT_EQ(h.checksum_ok, 0); /* bytes changed under the checksum */
  b[6] = 0xff; /* all three flag bits, offset 0x1fff */
  b[7] = 0xff;
  XT_ASSERT_OK(xnet_ipv4_header_parse(b, sizeof b, &h));
  XT_ASSERT_UINT_EQ(h.flags, 7);
  XT_ASSERT_UINT_EQ(h.frag_off, 0x1fff);
  uint8_t out[20];
  size_t n;
  XT_ASSERT_OK(xnet_ipv4_header_marshal(&h, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, b, sizeof b);
  /* Out-of-range values are masked to their field, never spill over. */
  h.flags = 0xf9;
  h.frag_off = 0xe001;
  XT_ASSERT_OK(xnet_ipv4_header_marshal(&h, out, sizeof out, &n));
  XT_ASSERT_UINT_EQ(out[6], 0x20);
  XT_ASSERT_UINT_EQ(out[7], 0x01);
}

/* A header built by hand (version and len left 0) marshals to the capture's
 * bytes. */
static void test_ipv4_header_marshal_forces1_vector(void) {
  xnet_ipv4_header h = {.tos = 2, .total_len = 380, .id = 4,
                        .flags = XNET_IPV4_FLAG_DONT_FRAGMENT, .ttl = 64,
                        .protocol = 132, .checksum = 0x8817,
                        .src = {150, 140, 254, 202}, .dst = {211, 129, 72, 8}};
  uint8_t out[20];
  size_t n = 0;
  XT_ASSERT_UINT_EQ(xnet_ipv4_header_size(&h), 20);
  XT_ASSERT_OK(xnet_ipv4_header_marshal(&h, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, forces1, sizeof forces1);
  h.version = 4;
  h.len = 20;
  XT_ASSERT_OK(xnet_ipv4_header_marshal(&h, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, forces1, sizeof forces1);
}

/* parse then marshal gives the input back; marshal then parse gives the
 * struct back. */
static void test_ipv4_header_round_trip(void) {
  const uint8_t *vec[] = {forces1, opts44, opts60};
  const size_t len[] = {sizeof forces1, sizeof opts44, sizeof opts60};
  for (size_t v = 0; v < 3; v++) {
    xnet_ipv4_header h, h2;
    uint8_t out[60];
    size_t n;
    XT_ASSERT_OK(xnet_ipv4_header_parse(vec[v], len[v], &h));
    XT_ASSERT_UINT_EQ(xnet_ipv4_header_size(&h), len[v]);
    XT_ASSERT_OK(xnet_ipv4_header_marshal(&h, out, sizeof out, &n));
    XT_ASSERT_MEM_EQ(out, n, vec[v], len[v]);
    XT_ASSERT_OK(xnet_ipv4_header_parse(out, n, &h2));
    XT_ASSERT(h2.options == (h.options_len ? out + 20 : NULL));
    h.options = h2.options = NULL;
    XT_ASSERT_MEM_EQ(&h2, sizeof h2, &h, sizeof h);
  }
}

/* Every capacity below the needed size: ENOBUFS, *len = needed, nothing
 * written. */
static void test_ipv4_header_marshal_enobufs_every_cap(void) {
  xnet_ipv4_header h;
  XT_ASSERT_OK(xnet_ipv4_header_parse(opts44, sizeof opts44, &h));
  uint8_t out[44];
  for (size_t cap = 0; cap < sizeof opts44; cap++) {
    size_t n = 0;
    memset(out, 0x5a, sizeof out);
    XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, out, cap, &n), XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(n, 44);
    for (size_t i = 0; i < sizeof out; i++)
      XT_ASSERT_UINT_EQ(out[i], 0x5a);
    n = 0;
    XT_ASSERT_ERR(xnet_ipv4_header_marshal_raw(&xnet_profile_darwin, &h, out,
                                               cap, &n), XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(n, 44);
    n = 0;
    XT_ASSERT_ERR(xnet_ipv4_header_marshal_checksum(&h, out, cap, &n),
                  XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(n, 44);
  }
  size_t n = 0;
  XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, NULL, 0, &n), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(n, 44);
}

static void test_ipv4_header_marshal_rejects_bad_options(void) {
  static const uint8_t opt[44] = {0};
  static const size_t bad[] = {1, 2, 3, 5, 22, 41, 44};
  xnet_ipv4_header h = {.options = opt};
  uint8_t out[64];
  size_t n;
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    h.options_len = bad[i];
    XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, out, sizeof out, &n),
                  XNET_EBADOPTION);
  }
  h.options_len = 40;
  XT_ASSERT_OK(xnet_ipv4_header_marshal(&h, out, sizeof out, &n));
  XT_ASSERT_UINT_EQ(n, 60);
  XT_ASSERT_UINT_EQ(out[0], 0x4f);
  h.options = NULL;
  h.options_len = 4;
  XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, out, sizeof out, &n),
                XNET_EBADOPTION);
}

static void test_ipv4_header_marshal_rejects_inconsistent_fields(void) {
  xnet_ipv4_header h;
  uint8_t out[60];
  size_t n;
  XT_ASSERT_OK(xnet_ipv4_header_parse(opts44, sizeof opts44, &h));
  h.len = 20; /* says no options, options_len says 24 */
  XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, out, sizeof out, &n),
                XNET_EBADHEADER);
  h.len = 44;
  h.version = 6;
  XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, out, sizeof out, &n),
                XNET_EBADVERSION);
  h.version = 4;
  XT_ASSERT_ERR(xnet_ipv4_header_marshal(NULL, out, sizeof out, &n), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, out, sizeof out, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_header_marshal(&h, NULL, 60, &n), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_header_marshal_raw(NULL, &h, out, sizeof out, &n),
                XNET_EINVAL);
  XT_ASSERT_UINT_EQ(xnet_ipv4_header_size(NULL), 0);
}

static void test_ipv4_header_checksum_compute_and_verify(void) {
  uint16_t sum = 1;
  XT_ASSERT_OK(xnet_ipv4_header_checksum(forces1, sizeof forces1, &sum));
  XT_ASSERT_UINT_EQ(sum, 0x8817);
  XT_ASSERT_OK(xnet_ipv4_header_checksum(opts44, sizeof opts44, &sum));
  XT_ASSERT_UINT_EQ(sum, 0x752d);
  XT_ASSERT_OK(xnet_ipv4_header_checksum(opts60, sizeof opts60, &sum));
  XT_ASSERT_UINT_EQ(sum, 0x0d44);
  XT_ASSERT_OK(xnet_ipv4_header_verify(forces1, sizeof forces1));
  XT_ASSERT_OK(xnet_ipv4_header_verify(opts44, sizeof opts44));
  /* Any single changed bit breaks the checksum, including in options. */
  uint8_t b[44];
  for (size_t i = 0; i < sizeof b; i++) {
    memcpy(b, opts44, sizeof b);
    b[i] ^= 0x10;
    if (i == 0) /* IHL bit: the header would be 108 bytes long */
      continue;
    XT_ASSERT_ERR(xnet_ipv4_header_verify(b, sizeof b), XNET_EBADCHECKSUM);
  }
  XT_ASSERT_ERR(xnet_ipv4_header_checksum(forces1, 19, &sum), XNET_ESHORT);
  XT_ASSERT_UINT_EQ(sum, 0);
  XT_ASSERT_ERR(xnet_ipv4_header_checksum(opts44, 43, &sum), XNET_EBADLEN);
  XT_ASSERT_ERR(xnet_ipv4_header_verify(opts44, 43), XNET_EBADLEN);
  XT_ASSERT_ERR(xnet_ipv4_header_verify(forces1, 19), XNET_ESHORT);
  memcpy(b, forces1, 20);
  b[0] = 0x44;
  XT_ASSERT_ERR(xnet_ipv4_header_verify(b, 20), XNET_EBADHEADER);
  XT_ASSERT_ERR(xnet_ipv4_header_checksum(forces1, 20, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_header_checksum(NULL, 20, &sum), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv4_header_verify(NULL, 20), XNET_EINVAL);
}

/* On random headers of every length, the computed checksum equals the
 * generic RFC 1071 checksum of the header with its field zeroed, and
 * verification agrees with it. */
static void test_ipv4_header_checksum_matches_generic(void) {
  uint32_t x = 0x2545f491u;
  for (int k = 0; k < 3000; k++) {
    uint8_t b[60], z[60];
    for (size_t i = 0; i < sizeof b; i++) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      b[i] = (uint8_t)x;
    }
    b[0] = (uint8_t)(0x45 + k % 11);
    if (k % 7 == 0) /* every 0xff: the sum sits on the all-ones zero */
      memset(b + 1, 0xff, sizeof b - 1);
    size_t hl = (size_t)(b[0] & 0x0f) * 4;
    memcpy(z, b, hl);
    z[10] = z[11] = 0;
    uint16_t sum;
    XT_ASSERT_OK(xnet_ipv4_header_checksum(b, hl, &sum));
    XT_ASSERT_UINT_EQ(sum, xnet_inet_checksum(z, hl));
    XT_ASSERT_INT_EQ(xnet_ipv4_header_verify(b, hl) == 0,
                     xnet_inet_checksum(b, hl) == 0);
    z[10] = (uint8_t)(sum >> 8);
    z[11] = (uint8_t)sum;
    XT_ASSERT_OK(xnet_ipv4_header_verify(z, hl));
  }
}

static void test_ipv4_header_marshal_checksum_fills_field(void) {
  const uint8_t *vec[] = {forces1, opts44, opts60};
  const size_t len[] = {sizeof forces1, sizeof opts44, sizeof opts60};
  for (size_t v = 0; v < 3; v++) {
    xnet_ipv4_header h;
    uint8_t out[60];
    size_t n;
    XT_ASSERT_OK(xnet_ipv4_header_parse(vec[v], len[v], &h));
    h.checksum = 0xbeef; /* ignored */
    XT_ASSERT_OK(xnet_ipv4_header_marshal_checksum(&h, out, sizeof out, &n));
    XT_ASSERT_MEM_EQ(out, n, vec[v], len[v]);
  }
}

/* checksum_ok reports the verification; parse still succeeds. */
static void test_ipv4_header_parse_reports_bad_checksum(void) {
  uint8_t b[20];
  xnet_ipv4_header h;
  memcpy(b, forces1, sizeof b);
  b[11] ^= 1;
  XT_ASSERT_OK(xnet_ipv4_header_parse(b, sizeof b, &h));
  XT_ASSERT_UINT_EQ(h.checksum, 0x8816);
  XT_ASSERT_UINT_EQ(h.checksum_ok, 0);
}

/* Profiles without the quirk read and write the wire format. */
static void test_ipv4_header_raw_without_quirk_is_wire_format(void) {
  for (size_t p = 0; p < NPROFILES; p++) {
    const xnet_profile *prof = all_profiles[p];
    if (prof->ipv4_raw_host_order)
      continue;
    xnet_ipv4_header a, b;
    uint8_t out[60];
    size_t n;
    XT_ASSERT_OK(xnet_ipv4_header_parse_raw(prof, opts44, sizeof opts44, &a));
    XT_ASSERT_OK(xnet_ipv4_header_parse(opts44, sizeof opts44, &b));
    XT_ASSERT_MEM_EQ(&a, sizeof a, &b, sizeof b);
    XT_ASSERT_OK(xnet_ipv4_header_marshal_raw(prof, &a, out, sizeof out, &n));
    XT_ASSERT_MEM_EQ(out, n, opts44, sizeof opts44);
  }
  XT_ASSERT_UINT_EQ(xnet_profile_linux.ipv4_raw_host_order, 0);
  XT_ASSERT_UINT_EQ(xnet_profile_freebsd.ipv4_raw_host_order, 0);
  XT_ASSERT_UINT_EQ(xnet_profile_openbsd.ipv4_raw_host_order, 0);
}

/* Darwin, DragonFly and NetBSD: host-order fields, received length
 * without the header, as x/net/ipv4's header.go reads them. */
static void test_ipv4_header_raw_darwin_received_vector(void) {
  const xnet_profile *quirky[] = {&xnet_profile_darwin, &xnet_profile_dragonfly,
                                  &xnet_profile_netbsd};
  for (size_t p = 0; p < 3; p++) {
    xnet_ipv4_header h;
    XT_ASSERT_UINT_EQ(quirky[p]->ipv4_raw_host_order, 1);
    XT_ASSERT_OK(xnet_ipv4_header_parse_raw(quirky[p], forces1_darwin_rcvd,
                                            sizeof forces1_darwin_rcvd, &h));
    XT_ASSERT_UINT_EQ(h.total_len, 380);
    XT_ASSERT_UINT_EQ(h.flags, XNET_IPV4_FLAG_DONT_FRAGMENT);
    XT_ASSERT_UINT_EQ(h.frag_off, 0);
    XT_ASSERT_UINT_EQ(h.id, 4); /* ID stays in network order */
    XT_ASSERT_UINT_EQ(h.checksum, 0x8817);
    XT_ASSERT_UINT_EQ(h.checksum_ok, 0); /* the kernel rewrote the fields */
  }
  /* A fragment: MF | 185 in little-endian. */
  uint8_t b[20];
  memcpy(b, forces1_darwin_rcvd, sizeof b);
  b[6] = 0xb9;
  b[7] = 0x20;
  xnet_ipv4_header h;
  XT_ASSERT_OK(xnet_ipv4_header_parse_raw(&xnet_profile_darwin, b, sizeof b, &h));
  XT_ASSERT_UINT_EQ(h.flags, XNET_IPV4_FLAG_MORE_FRAGMENTS);
  XT_ASSERT_UINT_EQ(h.frag_off, 185);
}

/* Sending: host order, full length (x/net Marshal writes TotalLen as is). */
static void test_ipv4_header_raw_darwin_sent_vector(void) {
  xnet_ipv4_header h;
  uint8_t out[20];
  size_t n;
  XT_ASSERT_OK(xnet_ipv4_header_parse(forces1, sizeof forces1, &h));
  XT_ASSERT_OK(xnet_ipv4_header_marshal_raw(&xnet_profile_darwin, &h, out,
                                            sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, forces1_darwin_sent, sizeof forces1_darwin_sent);
  XT_ASSERT_OK(xnet_ipv4_header_marshal_raw(&xnet_profile_dragonfly, &h, out,
                                            sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, forces1_darwin_sent, sizeof forces1_darwin_sent);
}

/* Round trips per profile. Without the quirk, identity both ways. With it,
 * marshal (a header to send) then parse (a header received) differs only by
 * the header length added to total_len, exactly as on those kernels. */
static void test_ipv4_header_raw_round_trip_every_profile(void) {
  const uint8_t *vec[] = {forces1, opts44, opts60};
  const size_t len[] = {sizeof forces1, sizeof opts44, sizeof opts60};
  for (size_t p = 0; p < NPROFILES; p++) {
    const xnet_profile *prof = all_profiles[p];
    for (size_t v = 0; v < 3; v++) {
      xnet_ipv4_header h, h2;
      uint8_t out[60], again[60];
      size_t n, n2;
      XT_ASSERT_OK(xnet_ipv4_header_parse(vec[v], len[v], &h));
      XT_ASSERT_OK(xnet_ipv4_header_marshal_raw(prof, &h, out, sizeof out, &n));
      XT_ASSERT_OK(xnet_ipv4_header_parse_raw(prof, out, n, &h2));
      unsigned added = prof->ipv4_raw_host_order ? h.len : 0;
      XT_ASSERT_UINT_EQ(h2.total_len, h.total_len + added);
      h2.total_len = h.total_len;
      h2.checksum_ok = h.checksum_ok = 0;
      h.options = h2.options = NULL;
      XT_ASSERT_MEM_EQ(&h2, sizeof h2, &h, sizeof h);
      /* parse_raw then marshal_raw: bytes back, but for that length. */
      XT_ASSERT_OK(xnet_ipv4_header_parse_raw(prof, out, n, &h2));
      h2.total_len = (uint16_t)(h2.total_len - added);
      XT_ASSERT_OK(xnet_ipv4_header_marshal_raw(prof, &h2, again, sizeof again, &n2));
      XT_ASSERT_MEM_EQ(again, n2, out, n);
    }
  }
}

/* The quirk on a big-endian target: host order is network order, but the
 * received length still excludes the header. */
static void test_ipv4_header_raw_big_endian_host_order(void) {
  static const xnet_profile be = {.name = "be-test", .little_endian = 0,
                                  .ipv4_raw_host_order = 1};
  uint8_t b[20];
  memcpy(b, forces1, sizeof b);
  b[2] = 0x01;
  b[3] = 0x68; /* 360 */
  xnet_ipv4_header h;
  XT_ASSERT_OK(xnet_ipv4_header_parse_raw(&be, b, sizeof b, &h));
  XT_ASSERT_UINT_EQ(h.total_len, 380);
  XT_ASSERT_UINT_EQ(h.flags, XNET_IPV4_FLAG_DONT_FRAGMENT);
  uint8_t out[20];
  size_t n;
  XT_ASSERT_OK(xnet_ipv4_header_marshal_raw(&be, &h, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, forces1, sizeof forces1);
}

/* A received length that cannot fit once the header is added back. */
static void test_ipv4_header_raw_rejects_length_overflow(void) {
  uint8_t b[44];
  memcpy(b, opts44, sizeof b);
  b[2] = 0xdc; /* 0xffdc + 44 = 65544, little-endian */
  b[3] = 0xff;
  xnet_ipv4_header h;
  poison(&h);
  XT_ASSERT_ERR(xnet_ipv4_header_parse_raw(&xnet_profile_darwin, b, sizeof b, &h),
                XNET_EBADLEN);
  XT_ASSERT(is_zero(&h, sizeof h));
  b[2] = 0xd3; /* 0xffd3 + 44 = 65535 */
  XT_ASSERT_OK(xnet_ipv4_header_parse_raw(&xnet_profile_darwin, b, sizeof b, &h));
  XT_ASSERT_UINT_EQ(h.total_len, 65535);
}

static void test_ipv4_header_format_go_string(void) {
  xnet_ipv4_header h;
  char s[200];
  XT_ASSERT_OK(xnet_ipv4_header_parse(forces1, sizeof forces1, &h));
  int n = xnet_ipv4_header_format(&h, s, sizeof s);
  XT_ASSERT_STR_EQ(s, "ver=4 hdrlen=20 tos=0x2 totallen=380 id=0x4 flags=0x2 "
                      "fragoff=0x0 ttl=64 proto=132 cksum=0x8817 "
                      "src=150.140.254.202 dst=211.129.72.8");
  XT_ASSERT_INT_EQ(n, (int)strlen(s));
  /* Go's %#x prints zero as 0x0. */
  xnet_ipv4_header z = {0};
  xnet_ipv4_header_format(&z, s, sizeof s);
  XT_ASSERT_STR_EQ(s, "ver=0 hdrlen=0 tos=0x0 totallen=0 id=0x0 flags=0x0 "
                      "fragoff=0x0 ttl=0 proto=0 cksum=0x0 src=0.0.0.0 "
                      "dst=0.0.0.0");
  XT_ASSERT_OK(xnet_ipv4_header_parse(opts60, sizeof opts60, &h));
  xnet_ipv4_header_format(&h, s, sizeof s);
  XT_ASSERT_STR_EQ(s, "ver=4 hdrlen=60 tos=0x0 totallen=124 id=0x82e1 "
                      "flags=0x2 fragoff=0x0 ttl=64 proto=1 cksum=0xd44 "
                      "src=10.0.0.6 dst=10.0.0.138");
  XT_ASSERT_INT_EQ(xnet_ipv4_header_format(NULL, s, sizeof s), 5);
  XT_ASSERT_STR_EQ(s, "<nil>");
}

/* snprintf semantics: the full length is returned whatever fits, the
 * output is always terminated, and n = 0 writes nothing. */
static void test_ipv4_header_format_truncates(void) {
  xnet_ipv4_header h;
  char full[200], s[200];
  XT_ASSERT_OK(xnet_ipv4_header_parse(forces1, sizeof forces1, &h));
  int want = xnet_ipv4_header_format(&h, full, sizeof full);
  for (size_t n = 1; n < (size_t)want + 2; n++) {
    memset(s, 'x', sizeof s);
    XT_ASSERT_INT_EQ(xnet_ipv4_header_format(&h, s, n), want);
    size_t kept = n - 1 < (size_t)want ? n - 1 : (size_t)want;
    XT_ASSERT_UINT_EQ(strlen(s), kept);
    XT_ASSERT(memcmp(s, full, kept) == 0);
  }
  XT_ASSERT_INT_EQ(xnet_ipv4_header_format(&h, NULL, 0), want);
}

/* ---- Corpus: every IPv4 header tshark read, field by field. ---- */

typedef struct tsv {
  char *text;
  char **rows; /* rows[frame] = the line, or NULL */
  size_t nrows;
  int col[16];
} tsv;

static const char *const tsv_cols[] = {
    "ip.version", "ip.hdr_len", "ip.dsfield", "ip.len",  "ip.id",
    "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.ttl", "ip.proto",
    "ip.checksum", "ip.src",      "ip.dst"};
#define NCOLS (sizeof tsv_cols / sizeof tsv_cols[0])

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  size_t got;
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *bigger = realloc(buf, cap * 2 + 1);
      if (bigger == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf != NULL)
    buf[n] = '\0';
  *len = n;
  return buf;
}

/* Field `col` (0-based) of a tab-separated line, first comma-separated
 * value `which` (0 = outer header), copied into out. */
static int tsv_field(const char *line, int col, int which, char *out, size_t n) {
  for (int c = 0; c < col; c++) {
    line = strchr(line, '\t');
    if (line == NULL)
      return 0;
    line++;
  }
  for (int w = 0; w < which; w++) {
    const char *comma = strpbrk(line, ",\t\n");
    if (comma == NULL || *comma != ',')
      return 0;
    line = comma + 1;
  }
  size_t len = strcspn(line, ",\t\n");
  if (len == 0 || len >= n)
    return 0;
  memcpy(out, line, len);
  out[len] = '\0';
  return 1;
}

static int tsv_load(tsv *t, const char *path) {
  size_t len;
  memset(t, 0, sizeof *t);
  t->text = slurp(path, &len);
  if (t->text == NULL)
    return 0;
  size_t lines = 0;
  for (size_t i = 0; i < len; i++)
    lines += t->text[i] == '\n';
  t->rows = calloc(lines + 2, sizeof *t->rows);
  if (t->rows == NULL)
    return 0;
  char *line = t->text, *header = t->text;
  for (size_t k = 0; k < NCOLS; k++) {
    t->col[k] = -1;
    const char *p = header;
    for (int c = 0; p != NULL && *p != '\n'; c++) {
      size_t w = strcspn(p, "\t\n");
      if (w == strlen(tsv_cols[k]) && memcmp(p, tsv_cols[k], w) == 0)
        t->col[k] = c;
      p = p[w] == '\t' ? p + w + 1 : NULL;
    }
    if (t->col[k] < 0)
      return 0;
  }
  while ((line = strchr(line, '\n')) != NULL && *++line != '\0') {
    unsigned long frame = strtoul(line, NULL, 10);
    if (frame > 0 && frame <= lines)
      t->rows[frame] = line;
  }
  t->nrows = lines + 1;
  return 1;
}

static void tsv_free(tsv *t) {
  free(t->rows);
  free(t->text);
}

/* The offset of the network header in a frame of link type lt, or -1. */
static long net_offset(unsigned lt, const uint8_t *f, size_t n) {
  switch (lt) {
  case 1: { /* Ethernet, with 802.1Q tags */
    size_t off = 12;
    while (off + 2 <= n && f[off] == 0x81 && f[off + 1] == 0x00)
      off += 4;
    if (off + 2 > n)
      return -1;
    return (f[off] == 0x08 && f[off + 1] == 0x00) ||
                   (f[off] == 0x86 && f[off + 1] == 0xdd)
               ? (long)off + 2
               : -1;
  }
  case 113: /* Linux cooked */
    return n >= 16 ? 16 : -1;
  case 0: /* BSD loopback: a 4-byte address family */
    return n >= 4 ? 4 : -1;
  case 101: case 228: case 229: /* raw IP */
    return 0;
  }
  return -1;
}

static uint32_t rd32(const uint8_t *p, int big) {
  return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
             : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* With a loose or strict source route option (RFC 791: types 0x83, 0x89)
 * tshark shows the route's final hop as ip.dst, not the header field. */
static int has_source_route(const xnet_ipv4_header *h) {
  for (size_t i = 0; i < h->options_len;) {
    uint8_t type = h->options[i];
    if (type == 0)
      break;
    if (type == 0x83 || type == 0x89)
      return 1;
    if (type == 1 || i + 1 >= h->options_len || h->options[i + 1] < 2) {
      i++;
      continue;
    }
    i += h->options[i + 1];
  }
  return 0;
}

static void fmt_dotted(char *s, const uint8_t a[4]) {
  snprintf(s, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

/* Compares one parsed header with tshark's values (which = 0 outer, 1 the
 * header quoted inside an ICMP error). Returns 0 on a match. */
static int compare_row(const tsv *t, const char *row, int which,
                       const xnet_ipv4_header *h, char *why, size_t whyn) {
  char v[64], got[64];
  for (size_t k = 0; k < NCOLS; k++) {
    if (!tsv_field(row, t->col[k], which, v, sizeof v))
      return 0; /* tshark has no value: nothing to compare */
    switch (k) {
    case 0: snprintf(got, sizeof got, "%u", h->version); break;
    case 1: snprintf(got, sizeof got, "%u", h->len); break;
    case 2: snprintf(got, sizeof got, "0x%02x", h->tos); break;
    case 3: snprintf(got, sizeof got, "%u", h->total_len); break;
    case 4: snprintf(got, sizeof got, "0x%04x", h->id); break;
    case 5: snprintf(got, sizeof got, "%u", (h->flags >> 1) & 1); break;
    case 6: snprintf(got, sizeof got, "%u", h->flags & 1); break;
    case 7: snprintf(got, sizeof got, "%u", h->frag_off); break;
    case 8: snprintf(got, sizeof got, "%u", h->ttl); break;
    case 9: snprintf(got, sizeof got, "%u", h->protocol); break;
    case 10: snprintf(got, sizeof got, "0x%04x", h->checksum); break;
    case 11: fmt_dotted(got, h->src); break;
    default:
      if (has_source_route(h))
        continue;
      fmt_dotted(got, h->dst);
      break;
    }
    if (strcmp(got, v) != 0) {
      snprintf(why, whyn, "%s: got %s, tshark %s", tsv_cols[k], got, v);
      return 1;
    }
  }
  return 0;
}

static const char *need_corpus(void) {
  return xt_corpus_dir() ? NULL : "capture corpus not found";
}

/* Parses the IPv4 header (and the one quoted by ICMP errors) of every frame
 * of each classic-pcap capture listed, and compares with tshark. */
static void test_ipv4_header_corpus_matches_tshark(void) {
  static const char *const files[] = {
      "sctp/tcpdump__forces1.pcap",
      "sctp/tcpdump__forces2.pcap",
      "sctp/tcpdump__isup.pcap",
      "sctp/PcapPlusPlus__ip-frag.sctp-icmp-subset.pcap",
      "ipv4/PcapPlusPlus__ipv4-options.pcap",
      "ipv4/suricata-verify__detect-ipopts__input.pcap",
      "ipv4/suricata-verify__ipopts-esec__test.pcap",
      "ipv4/pcap4j__IpV4PacketTest.pcap",
      "ipv4/tcpdump__IGMP_V2.pcap",
      "ipv4/zeek__icmp__icmp-timeexceeded.pcap",
      "ipv4/pcap4j__IcmpV4TimeExceededPacketTest.pcap",
      "ipv4/zeek__icmp__icmp-destunreach-udp.pcap",
      "ipv4/zeek__ipv4__fragmented-2.pcap",
      "ipv4/PcapPlusPlus__IPv4Frag.pcap",
      "ipv4/PcapPlusPlus__frag_with_padding.pcap",
      "ipv4/tcpdump__LINKTYPE_IPV4.pcap",
      "ipv4/tcpdump__LINKTYPE_RAW_ipv4.pcap",
      "udp/PcapPlusPlus__NullLoopback.pcap",
      "tcp/tcpdump__tcp-handshake-nano.pcap",
  };
  const char *dir = xt_corpus_dir();
  size_t checked = 0, quoted = 0;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[1024], tpath[1024];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    snprintf(tpath, sizeof tpath, "%s/expected/%s.tsv", dir, files[i]);
    size_t len;
    uint8_t *cap = (uint8_t *)slurp(path, &len);
    tsv t;
    int loaded = tsv_load(&t, tpath);
    if (cap == NULL || !loaded || len < 24) {
      free(cap);
      tsv_free(&t);
      xt_fail(__LINE__, __FILE__, "cannot read %s or its expected tsv", files[i]);
      return;
    }
    uint32_t magic = rd32(cap, 0);
    int big = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
    unsigned lt = rd32(cap + 20, big) & 0xffff;
    size_t off = 24;
    char why[160] = "";
    int bad = 0;
    for (unsigned long frame = 1; off + 16 <= len && !bad; frame++) {
      size_t incl = rd32(cap + off + 8, big);
      const uint8_t *f = cap + off + 16;
      off += 16 + incl;
      if (off > len)
        break;
      const char *row = frame < t.nrows ? t.rows[frame] : NULL;
      char ver[8];
      long net = net_offset(lt, f, incl);
      if (row == NULL || net < 0 || !tsv_field(row, t.col[0], 0, ver, sizeof ver) ||
          strcmp(ver, "4") != 0)
        continue;
      xnet_ipv4_header h;
      int err = xnet_ipv4_header_parse(f + net, incl - (size_t)net, &h);
      if (err != 0) {
        snprintf(why, sizeof why, "parse: %s", xt_err_name(err));
        bad = 1;
      } else if (compare_row(&t, row, 0, &h, why, sizeof why)) {
        bad = 1;
      } else if (h.checksum_ok !=
                 (xnet_inet_checksum(f + net, h.len) == 0)) {
        snprintf(why, sizeof why, "checksum_ok %u disagrees", h.checksum_ok);
        bad = 1;
      } else {
        checked++;
        /* ICMP errors (3, 11, 12) quote the offending header after 8 bytes. */
        size_t in = (size_t)net + h.len + 8;
        if (h.protocol == 1 && in < incl &&
            (f[in - 8] == 3 || f[in - 8] == 11 || f[in - 8] == 12) &&
            tsv_field(row, t.col[0], 1, ver, sizeof ver)) {
          xnet_ipv4_header q;
          if (xnet_ipv4_header_parse(f + in, incl - in, &q) != 0 ||
              compare_row(&t, row, 1, &q, why, sizeof why)) {
            bad = 1;
          } else {
            quoted++;
          }
        }
      }
      if (bad)
        fprintf(stderr, "  %s frame %lu: %s\n", files[i], frame, why);
    }
    free(cap);
    tsv_free(&t);
    XT_ASSERT_INT_EQ(bad, 0);
  }
  printf("(%zu headers, %zu quoted) ", checked, quoted);
  XT_ASSERT(checked >= 200);
  XT_ASSERT(quoted >= 4);
}

XT_SUITE(codecs, ipv4_header, NULL, NULL,
         XT_TEST(test_ipv4_header_parse_forces1_vector),
         XT_TEST(test_ipv4_header_parse_options_are_borrowed),
         XT_TEST(test_ipv4_header_parse_ignores_payload),
         XT_TEST(test_ipv4_header_parse_rejects_short_buffer),
         XT_TEST(test_ipv4_header_parse_rejects_bad_version),
         XT_TEST(test_ipv4_header_parse_reports_version_before_ihl),
         XT_TEST(test_ipv4_header_parse_rejects_ihl_below_5),
         XT_TEST(test_ipv4_header_parse_rejects_ihl_beyond_buffer),
         XT_TEST(test_ipv4_header_parse_every_truncation),
         XT_TEST(test_ipv4_header_parse_null_arguments),
         XT_TEST(test_ipv4_header_flags_and_fragment_offset),
         XT_TEST(test_ipv4_header_marshal_forces1_vector),
         XT_TEST(test_ipv4_header_round_trip),
         XT_TEST(test_ipv4_header_marshal_enobufs_every_cap),
         XT_TEST(test_ipv4_header_marshal_rejects_bad_options),
         XT_TEST(test_ipv4_header_marshal_rejects_inconsistent_fields),
         XT_TEST(test_ipv4_header_checksum_compute_and_verify),
         XT_TEST(test_ipv4_header_checksum_matches_generic),
         XT_TEST(test_ipv4_header_marshal_checksum_fills_field),
         XT_TEST(test_ipv4_header_parse_reports_bad_checksum),
         XT_TEST(test_ipv4_header_raw_without_quirk_is_wire_format),
         XT_TEST(test_ipv4_header_raw_darwin_received_vector),
         XT_TEST(test_ipv4_header_raw_darwin_sent_vector),
         XT_TEST(test_ipv4_header_raw_round_trip_every_profile),
         XT_TEST(test_ipv4_header_raw_big_endian_host_order),
         XT_TEST(test_ipv4_header_raw_rejects_length_overflow),
         XT_TEST(test_ipv4_header_format_go_string),
         XT_TEST(test_ipv4_header_format_truncates),
         XT_TEST_IF(test_ipv4_header_corpus_matches_tshark, need_corpus));
