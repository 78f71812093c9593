/* test_ipv6_header.c — the fixed IPv6 header: corpus vectors, errors, every
 * truncation, round trips, Go's String form (RFC 5952 addresses) and every
 * IPv6 header tshark read in a set of captures. */
#include <stdio.h>
#include <stdlib.h>

#include "xnet/ipv6_header.h"
#include "xnet_test.h"

/* Frame 1 of ipv6/zeek__icmp__icmp6-ping.pcap. */
static const uint8_t ping[40] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x28, 0x3a, 0x80, 0x26, 0x20,
    0x00, 0x00, 0x0e, 0x00, 0x40, 0x0e, 0x0d, 0x1d, 0xdb, 0x37,
    0x0b, 0xeb, 0x5a, 0xac, 0x20, 0x01, 0x48, 0x60, 0x80, 0x06,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x63};

/* Frame 1 of ipv6/pcap4j__IpV6ExtHopByHopOptionsPacketTest.pcap: traffic
 * class 0x12 and flow label 0x12345 straddle the nibble boundaries. */
static const uint8_t hbh[40] = {
    0x61, 0x21, 0x23, 0x45, 0x00, 0x14, 0x00, 0x64, 0x20, 0x01,
    0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
    0x00, 0x02, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x02, 0x00, 0x02};

static int is_zero(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i] != 0)
      return 0;
  return 1;
}

static void test_ipv6_header_parse_ping_vector(void) {
  xnet_ipv6_header h;
  memset(&h, 0xa5, sizeof h);
  XT_ASSERT_OK(xnet_ipv6_header_parse(ping, sizeof ping, &h));
  XT_ASSERT_UINT_EQ(h.version, 6);
  XT_ASSERT_UINT_EQ(h.traffic_class, 0);
  XT_ASSERT_UINT_EQ(h.flow_label, 0);
  XT_ASSERT_UINT_EQ(h.payload_len, 40);
  XT_ASSERT_UINT_EQ(h.next_header, 58);
  XT_ASSERT_UINT_EQ(h.hop_limit, 128);
  XT_ASSERT_MEM_EQ(h.src, 16, ping + 8, 16);
  XT_ASSERT_MEM_EQ(h.dst, 16, ping + 24, 16);
}

static void test_ipv6_header_parse_traffic_class_and_flow_label(void) {
  xnet_ipv6_header h;
  XT_ASSERT_OK(xnet_ipv6_header_parse(hbh, sizeof hbh, &h));
  XT_ASSERT_UINT_EQ(h.traffic_class, 0x12);
  XT_ASSERT_UINT_EQ(h.flow_label, 0x12345);
  XT_ASSERT_UINT_EQ(h.payload_len, 20);
  XT_ASSERT_UINT_EQ(h.next_header, 0);
  XT_ASSERT_UINT_EQ(h.hop_limit, 100);
  uint8_t all[40];
  memcpy(all, hbh, sizeof all);
  all[0] = 0x6f;
  all[1] = 0xff;
  all[2] = all[3] = 0xff;
  XT_ASSERT_OK(xnet_ipv6_header_parse(all, sizeof all, &h));
  XT_ASSERT_UINT_EQ(h.traffic_class, 0xff);
  XT_ASSERT_UINT_EQ(h.flow_label, 0xfffff);
}

static void test_ipv6_header_parse_rejects_short_buffer_every_length(void) {
  for (size_t n = 0; n < sizeof ping; n++) {
    uint8_t *cut = malloc(n ? n : 1); /* exact size: ASan sees over-reads */
    XT_ASSERT(cut != NULL);
    memcpy(cut, ping, n);
    xnet_ipv6_header h;
    memset(&h, 0xa5, sizeof h);
    int err = xnet_ipv6_header_parse(cut, n, &h);
    free(cut);
    XT_ASSERT_ERR(err, XNET_ESHORT);
    XT_ASSERT(is_zero(&h, sizeof h));
  }
}

static void test_ipv6_header_parse_rejects_bad_version(void) {
  static const uint8_t versions[] = {0, 4, 5, 7, 15};
  uint8_t b[40];
  for (size_t i = 0; i < sizeof versions; i++) {
    memcpy(b, ping, sizeof b);
    b[0] = (uint8_t)(versions[i] << 4);
    xnet_ipv6_header h;
    memset(&h, 0xa5, sizeof h);
    XT_ASSERT_ERR(xnet_ipv6_header_parse(b, sizeof b, &h), XNET_EBADVERSION);
    XT_ASSERT(is_zero(&h, sizeof h));
  }
}

static void test_ipv6_header_parse_null_arguments(void) {
  xnet_ipv6_header h;
  memset(&h, 0xa5, sizeof h);
  XT_ASSERT_ERR(xnet_ipv6_header_parse(NULL, 40, &h), XNET_EINVAL);
  XT_ASSERT(is_zero(&h, sizeof h));
  XT_ASSERT_ERR(xnet_ipv6_header_parse(ping, 40, NULL), XNET_EINVAL);
}

/* Bytes after the 40-byte header are payload, not read. */
static void test_ipv6_header_parse_ignores_payload(void) {
  uint8_t pkt[100];
  memcpy(pkt, ping, 40);
  memset(pkt + 40, 0xee, 60);
  xnet_ipv6_header a, b;
  XT_ASSERT_OK(xnet_ipv6_header_parse(pkt, sizeof pkt, &a));
  XT_ASSERT_OK(xnet_ipv6_header_parse(ping, sizeof ping, &b));
  XT_ASSERT_MEM_EQ(&a, sizeof a, &b, sizeof b);
}

static void test_ipv6_header_round_trip(void) {
  const uint8_t *vec[] = {ping, hbh};
  for (size_t v = 0; v < 2; v++) {
    xnet_ipv6_header h, h2;
    uint8_t out[40];
    size_t n = 0;
    XT_ASSERT_OK(xnet_ipv6_header_parse(vec[v], 40, &h));
    XT_ASSERT_OK(xnet_ipv6_header_marshal(&h, out, sizeof out, &n));
    XT_ASSERT_MEM_EQ(out, n, vec[v], 40);
    XT_ASSERT_OK(xnet_ipv6_header_parse(out, n, &h2));
    XT_ASSERT_MEM_EQ(&h2, sizeof h2, &h, sizeof h);
  }
}

/* A header built by hand; version 6 is written whatever h->version says,
 * and the flow label is masked to its 20 bits. */
static void test_ipv6_header_marshal_vector(void) {
  xnet_ipv6_header h = {.traffic_class = 0x12, .flow_label = 0xfff12345u,
                        .payload_len = 20, .next_header = 0, .hop_limit = 100};
  memcpy(h.src, hbh + 8, 16);
  memcpy(h.dst, hbh + 24, 16);
  uint8_t out[48];
  size_t n = 0;
  XT_ASSERT_OK(xnet_ipv6_header_marshal(&h, out, sizeof out, &n));
  XT_ASSERT_MEM_EQ(out, n, hbh, sizeof hbh);
}

static void test_ipv6_header_marshal_enobufs_every_cap(void) {
  xnet_ipv6_header h;
  XT_ASSERT_OK(xnet_ipv6_header_parse(ping, sizeof ping, &h));
  uint8_t out[40];
  for (size_t cap = 0; cap < 40; cap++) {
    size_t n = 0;
    memset(out, 0x5a, sizeof out);
    XT_ASSERT_ERR(xnet_ipv6_header_marshal(&h, out, cap, &n), XNET_ENOBUFS);
    XT_ASSERT_UINT_EQ(n, 40);
    for (size_t i = 0; i < sizeof out; i++)
      XT_ASSERT_UINT_EQ(out[i], 0x5a);
  }
  size_t n;
  XT_ASSERT_ERR(xnet_ipv6_header_marshal(NULL, out, 40, &n), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv6_header_marshal(&h, out, 40, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_ipv6_header_marshal(&h, NULL, 40, &n), XNET_EINVAL);
}

static void test_ipv6_header_format_go_string(void) {
  xnet_ipv6_header h;
  char s[200];
  XT_ASSERT_OK(xnet_ipv6_header_parse(ping, sizeof ping, &h));
  int n = xnet_ipv6_header_format(&h, s, sizeof s);
  XT_ASSERT_STR_EQ(s, "ver=6 tclass=0x0 flowlbl=0x0 payloadlen=40 nxthdr=58 "
                      "hoplim=128 src=2620:0:e00:400e:d1d:db37:beb:5aac "
                      "dst=2001:4860:8006::63");
  XT_ASSERT_INT_EQ(n, (int)strlen(s));
  XT_ASSERT_OK(xnet_ipv6_header_parse(hbh, sizeof hbh, &h));
  n = xnet_ipv6_header_format(&h, s, sizeof s);
  XT_ASSERT_STR_EQ(s, "ver=6 tclass=0x12 flowlbl=0x12345 payloadlen=20 "
                      "nxthdr=0 hoplim=100 src=2001:db8::3:2:1 "
                      "dst=2001:db8::3:2:2");
  XT_ASSERT_INT_EQ(n, (int)strlen(s));
  XT_ASSERT_INT_EQ(xnet_ipv6_header_format(NULL, s, sizeof s), 5);
  XT_ASSERT_STR_EQ(s, "<nil>");
  /* snprintf semantics. */
  XT_ASSERT_INT_EQ(xnet_ipv6_header_format(&h, NULL, 0), n);
  XT_ASSERT_INT_EQ(xnet_ipv6_header_format(&h, s, 6), n);
  XT_ASSERT_STR_EQ(s, "ver=6");
}

/* The address part of the String form on RFC 5952 corner cases, as Go's
 * net.IP.String prints them. */
static void test_ipv6_header_format_addresses_rfc5952(void) {
  static const struct {
    uint8_t a[16];
    const char *want;
  } cases[] = {
      {{0}, "::"},
      {{[15] = 1}, "::1"},
      {{[0] = 0x00, [1] = 0x01}, "1::"},
      /* Two equal zero runs: the first is compressed. */
      {{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1},
       "2001:db8::1:0:0:1"},
      /* The longer run wins even when it comes second. */
      {{0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
       "2001:0:0:1::1"},
      /* A single zero group is never compressed. */
      {{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1},
       "2001:db8:0:1:1:1:1:1"},
      {{0xfe, 0x80, [8] = 0xab, 0xcd, [15] = 0x0e}, "fe80::abcd:0:0:e"},
      /* IPv4-mapped: Go prints the dotted quad alone. */
      {{[10] = 0xff, 0xff, 192, 0, 2, 1}, "192.0.2.1"},
      /* Not mapped (ffff in the wrong place): hex. */
      {{[8] = 0xff, 0xff, [12] = 192, 0, 2, 1}, "::ffff:0:c000:201"},
      {{0xff, 0x02, [15] = 0xfb}, "ff02::fb"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    xnet_ipv6_header h = {.version = 6};
    memcpy(h.src, cases[i].a, 16);
    memcpy(h.dst, cases[i].a, 16);
    char s[200], want[200];
    xnet_ipv6_header_format(&h, s, sizeof s);
    snprintf(want, sizeof want,
             "ver=6 tclass=0x0 flowlbl=0x0 payloadlen=0 nxthdr=0 hoplim=0 "
             "src=%s dst=%s", cases[i].want, cases[i].want);
    XT_ASSERT_STR_EQ(s, want);
  }
}

/* ---- Corpus: every outer IPv6 header tshark read. ---- */

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap + 1);
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

static const char *const cols[] = {"frame.number", "ipv6.tclass", "ipv6.flow",
                                   "ipv6.plen", "ipv6.nxt", "ipv6.hlim",
                                   "ipv6.src", "ipv6.dst"};
enum { NCOLS = sizeof cols / sizeof cols[0] };

/* Column indexes of cols[] in the tsv header line. */
static int header_cols(const char *line, int *idx) {
  for (int k = 0; k < NCOLS; k++) {
    idx[k] = -1;
    const char *p = line;
    for (int c = 0; p != NULL; c++) {
      size_t w = strcspn(p, "\t\n");
      if (w == strlen(cols[k]) && memcmp(p, cols[k], w) == 0)
        idx[k] = c;
      p = p[w] == '\t' ? p + w + 1 : NULL;
    }
    if (idx[k] < 0)
      return 0;
  }
  return 1;
}

/* The first comma-separated value (the outer header) of column col. */
static int field(const char *line, int col, char *out, size_t n) {
  for (int c = 0; c < col && line != NULL; c++)
    if ((line = strchr(line, '\t')) != NULL)
      line++;
  if (line == NULL)
    return 0;
  size_t len = strcspn(line, ",\t\n");
  if (len == 0 || len >= n)
    return 0;
  memcpy(out, line, len);
  out[len] = '\0';
  return 1;
}

static uint32_t rd32(const uint8_t *p, int big) {
  return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
             : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Field `key=` of a String form, up to the next space. */
static void string_field(const char *s, const char *key, char *out, size_t n) {
  const char *p = strstr(s, key);
  out[0] = '\0';
  if (p == NULL)
    return;
  p += strlen(key);
  size_t len = strcspn(p, " ");
  if (len < n) {
    memcpy(out, p, len);
    out[len] = '\0';
  }
}

/* Compares one frame's header with its tsv line; 0 on a match. */
static int compare(const char *line, const int *idx, const xnet_ipv6_header *h,
                   char *why, size_t whyn) {
  char str[300], v[64], got[64];
  xnet_ipv6_header_format(h, str, sizeof str);
  for (int k = 1; k < NCOLS; k++) {
    if (!field(line, idx[k], v, sizeof v))
      return 0;
    switch (k) {
    case 1: snprintf(got, sizeof got, "0x%08x", h->traffic_class); break;
    case 2: snprintf(got, sizeof got, "0x%06x", (unsigned)h->flow_label); break;
    case 3: snprintf(got, sizeof got, "%u", h->payload_len); break;
    case 4: snprintf(got, sizeof got, "%u", h->next_header); break;
    case 5: snprintf(got, sizeof got, "%u", h->hop_limit); break;
    case 6: string_field(str, " src=", got, sizeof got); break;
    default: string_field(str, " dst=", got, sizeof got); break;
    }
    /* tshark keeps ::ffff: on mapped addresses; Go drops it. */
    if (k >= 6 && strncmp(v, "::ffff:", 7) == 0 && strchr(v, '.') != NULL &&
        strcmp(v + 7, got) == 0)
      continue;
    if (strcmp(got, v) != 0) {
      snprintf(why, whyn, "%s: got %s, tshark %s", cols[k], got, v);
      return 1;
    }
  }
  return 0;
}

static const char *need_corpus(void) {
  return xt_corpus_dir() ? NULL : "capture corpus not found";
}

static void test_ipv6_header_corpus_matches_tshark(void) {
  static const char *const files[] = {
      "ipv6/zeek__icmp__icmp6-ping.pcap",
      "ipv6/pcap4j__IpV6ExtHopByHopOptionsPacketTest.pcap",
      "ipv6/pcap4j__IpV6ExtRoutingPacketTest.pcap",
      "ipv6/libpcap__ipv6_ext_headers.pcap",
      "ipv6/tcpdump__icmpv6.pcap",
      "ipv6/tcpdump__ipv6-srh-ext-header.pcap",
      "ipv6/zeek__dns__mdns.pcap",
      "ipv6/zeek__icmp__icmp6-nd-options.pcap",
      "ipv6/zeek__icmp__icmp6-mldv2.pcap",
      "ipv6/tcpdump__LINKTYPE_IPV6.pcap",
      "ipv6/zeek__ipv6-fragmented-dns.pcap",
      "tcp/PcapPlusPlus__one_ipv6_http_stream.pcap",
      "sctp/pcap4j__SctpPacketTest.pcap",
  };
  const char *dir = xt_corpus_dir();
  size_t checked = 0;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[1024];
    size_t len, tlen;
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    uint8_t *cap = (uint8_t *)slurp(path, &len);
    snprintf(path, sizeof path, "%s/expected/%s.tsv", dir, files[i]);
    char *text = slurp(path, &tlen);
    int idx[NCOLS];
    if (cap == NULL || text == NULL || len < 24 || !header_cols(text, idx)) {
      free(cap);
      free(text);
      xt_fail(__LINE__, __FILE__, "cannot read %s or its expected tsv", files[i]);
      return;
    }
    uint32_t magic = rd32(cap, 0);
    int big = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
    unsigned lt = rd32(cap + 20, big) & 0xffff;
    const char *line = strchr(text, '\n');
    size_t off = 24;
    int bad = 0;
    char why[200] = "";
    /* tsv lines follow frame order, one per frame. */
    for (unsigned long frame = 1; off + 16 <= len && line && !bad; frame++) {
      line++;
      size_t incl = rd32(cap + off + 8, big);
      const uint8_t *f = cap + off + 16;
      off += 16 + incl;
      const char *this_line = line;
      line = strchr(line, '\n');
      if (off > len || strtoul(this_line, NULL, 10) != frame)
        break;
      size_t net = lt == 1 ? 14 : lt == 229 ? 0 : (size_t)-1;
      if (lt == 1 && incl >= 18 && f[12] == 0x81 && f[13] == 0x00)
        net = 18;
      char plen[16];
      if (net == (size_t)-1 || net > incl || !field(this_line, idx[3], plen, sizeof plen) ||
          (lt == 1 && f[net - 2] != 0x86))
        continue;
      xnet_ipv6_header h;
      int err = xnet_ipv6_header_parse(f + net, incl - net, &h);
      if (err != 0) {
        snprintf(why, sizeof why, "parse: %s", xt_err_name(err));
        bad = 1;
      } else if (compare(this_line, idx, &h, why, sizeof why)) {
        bad = 1;
      } else {
        checked++;
      }
      if (bad)
        fprintf(stderr, "  %s frame %lu: %s\n", files[i], frame, why);
    }
    free(cap);
    free(text);
    XT_ASSERT_INT_EQ(bad, 0);
  }
  printf("(%zu headers) ", checked);
  XT_ASSERT(checked >= 60);
}

XT_SUITE(codecs, ipv6_header, NULL, NULL,
         XT_TEST(test_ipv6_header_parse_ping_vector),
         XT_TEST(test_ipv6_header_parse_traffic_class_and_flow_label),
         XT_TEST(test_ipv6_header_parse_rejects_short_buffer_every_length),
         XT_TEST(test_ipv6_header_parse_rejects_bad_version),
         XT_TEST(test_ipv6_header_parse_null_arguments),
         XT_TEST(test_ipv6_header_parse_ignores_payload),
         XT_TEST(test_ipv6_header_round_trip),
         XT_TEST(test_ipv6_header_marshal_vector),
         XT_TEST(test_ipv6_header_marshal_enobufs_every_cap),
         XT_TEST(test_ipv6_header_format_go_string),
         XT_TEST(test_ipv6_header_format_addresses_rfc5952),
         XT_TEST_IF(test_ipv6_header_corpus_matches_tshark, need_corpus));
