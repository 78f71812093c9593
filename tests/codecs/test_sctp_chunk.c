/* test_sctp_chunk.c — chunk bodies, parameters and causes: every decoder's
 * error cases on crafted chunks, the types the corpus lacks (I-DATA, SACK
 * gap blocks, ABORT, ERROR, FORWARD-TSN, IPv6 addresses), and the builders
 * (byte-exact output, ENOBUFS contract, build -> parse round trips).
 * Crafted bytes follow the layouts of RFC 9260, 8260 and 3758. */
#include <stdlib.h>

#include "xnet/error.h"
#include "xnet/sctp_chunk.h"
#include "xnet/sctp_packet.h"
#include "xnet_test.h"

/* A chunk view over crafted bytes b[0..n) (a chunk header then the value),
 * taking the Length from the bytes as the iterator would. */
static xnet_sctp_chunk chunk_of(const uint8_t *b, size_t n) {
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_chunk_iter_init_bytes(&it, b, n, 0);
  if (xnet_sctp_chunk_iter_next(&it, &c) != 1)
    memset(&c, 0, sizeof c);
  return c;
}

/* ---- DATA / I-DATA ------------------------------------------------------- */

static void test_sctp_chunk_data_flags_and_empty_payload(void) {
  /* U|I|B, no E; Length 16: no user data (legal to decode). */
  static const uint8_t b[] = {0x00, 0x0e, 0x00, 0x10, 0x00, 0x00, 0x00, 0x07,
                              0x00, 0x09, 0x12, 0x34, 0x00, 0x00, 0x00, 0x2e};
  xnet_sctp_chunk c = chunk_of(b, sizeof b);
  xnet_sctp_data d;
  XT_ASSERT_OK(xnet_sctp_data_parse(&c, &d));
  XT_ASSERT(d.unordered && d.immediate && d.beginning && !d.ending);
  XT_ASSERT_UINT_EQ(d.tsn, 7);
  XT_ASSERT_UINT_EQ(d.stream_id, 9);
  XT_ASSERT_UINT_EQ(d.ssn, 0x1234);
  XT_ASSERT_UINT_EQ(d.ppid, 46);
  XT_ASSERT_UINT_EQ(d.payload_len, 0);
}

static void test_sctp_chunk_data_rejects_short_and_wrong_type(void) {
  static const uint8_t b[] = {0x00, 0x03, 0x00, 0x0f, 1, 2, 3, 4, 5, 6, 7, 8,
                              9, 10, 11, 0};
  xnet_sctp_chunk c = chunk_of(b, sizeof b);
  xnet_sctp_data d;
  memset(&d, 0xAA, sizeof d);
  XT_ASSERT_ERR(xnet_sctp_data_parse(&c, &d), XNET_ESHORT);
  XT_ASSERT(d.payload == NULL && d.tsn == 0 && !d.beginning);
  XT_ASSERT_ERR(xnet_sctp_chunk_validate(&c), XNET_ESHORT);
  c.type = XNET_SCTP_CHUNK_SACK;
  XT_ASSERT_ERR(xnet_sctp_data_parse(&c, &d), XNET_EBADTYPE);
  XT_ASSERT_ERR(xnet_sctp_data_parse(NULL, &d), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_data_parse(&c, NULL), XNET_EINVAL);
}

static void test_sctp_chunk_data_marshal_bytes_and_round_trip(void) {
  static const uint8_t payload[5] = {'h', 'e', 'l', 'l', 'o'};
  static const uint8_t want[24] = {0x00, 0x03, 0x00, 0x15, 0xde, 0xad, 0xbe,
                                   0xef, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00,
                                   0x00, 0x33, 'h',  'e',  'l',  'l',  'o',
                                   0,    0,    0};
  xnet_sctp_data d = {.flags = XNET_SCTP_DATA_FLAG_B | XNET_SCTP_DATA_FLAG_E,
                      .tsn = 0xdeadbeef, .stream_id = 2, .ssn = 3, .ppid = 51,
                      .payload = payload, .payload_len = 5};
  uint8_t buf[32];
  size_t len = 0;
  XT_ASSERT_UINT_EQ(xnet_sctp_data_size(&d), 24);
  memset(buf, 0xEE, sizeof buf);
  XT_ASSERT_ERR(xnet_sctp_data_marshal(&d, buf, 23, &len), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 24);
  XT_ASSERT_UINT_EQ(buf[0], 0xEE); /* nothing written */
  XT_ASSERT_ERR(xnet_sctp_data_marshal(&d, NULL, 0, &len), XNET_ENOBUFS);
  XT_ASSERT_OK(xnet_sctp_data_marshal(&d, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, want, sizeof want);

  xnet_sctp_chunk c = chunk_of(buf, len);
  xnet_sctp_data back;
  XT_ASSERT_OK(xnet_sctp_data_parse(&c, &back));
  XT_ASSERT_UINT_EQ(back.tsn, d.tsn);
  XT_ASSERT_UINT_EQ(back.stream_id, 2);
  XT_ASSERT_UINT_EQ(back.ssn, 3);
  XT_ASSERT_UINT_EQ(back.ppid, 51);
  XT_ASSERT(back.beginning && back.ending);
  XT_ASSERT_MEM_EQ(back.payload, back.payload_len, payload, 5);

  d.payload_len = 65536;
  XT_ASSERT_ERR(xnet_sctp_data_marshal(&d, buf, sizeof buf, &len), XNET_EMSGSIZE);
  d.payload = NULL;
  d.payload_len = 1;
  XT_ASSERT_ERR(xnet_sctp_data_marshal(&d, buf, sizeof buf, &len), XNET_EINVAL);
}

static void test_sctp_chunk_idata_ppid_or_fsn(void) {
  /* B set: the word after the MID is the PPID. */
  static const uint8_t first[] = {0x40, 0x02, 0x00, 0x15, 0, 0, 0, 10, 0, 4,
                                  0,    0,    0,    0,    0, 77, 0, 0, 0, 46,
                                  'x',  0,    0,    0};
  /* Neither B nor E, U: the FSN. */
  static const uint8_t middle[] = {0x40, 0x04, 0x00, 0x14, 0, 0, 0, 11, 0, 4,
                                   0,    0,    0,    0,    0, 77, 0, 0, 0, 1};
  xnet_sctp_chunk c = chunk_of(first, sizeof first);
  xnet_sctp_idata d;
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), "I_DATA");
  XT_ASSERT_OK(xnet_sctp_idata_parse(&c, &d));
  XT_ASSERT(d.beginning && !d.ending && !d.unordered);
  XT_ASSERT_UINT_EQ(d.tsn, 10);
  XT_ASSERT_UINT_EQ(d.stream_id, 4);
  XT_ASSERT_UINT_EQ(d.mid, 77);
  XT_ASSERT_UINT_EQ(d.ppid, 46);
  XT_ASSERT_UINT_EQ(d.fsn, 0);
  XT_ASSERT_UINT_EQ(d.payload_len, 1);
  XT_ASSERT_UINT_EQ(d.payload[0], 'x');

  uint8_t buf[32];
  size_t len = 0;
  XT_ASSERT_OK(xnet_sctp_idata_marshal(&d, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, first, sizeof first);

  c = chunk_of(middle, sizeof middle);
  XT_ASSERT_OK(xnet_sctp_idata_parse(&c, &d));
  XT_ASSERT(!d.beginning && d.unordered);
  XT_ASSERT_UINT_EQ(d.fsn, 1);
  XT_ASSERT_UINT_EQ(d.ppid, 0);
  XT_ASSERT_UINT_EQ(d.payload_len, 0);
  XT_ASSERT_OK(xnet_sctp_idata_marshal(&d, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, middle, sizeof middle);
  XT_ASSERT_ERR(xnet_sctp_idata_marshal(&d, buf, 19, &len), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 20);

  /* Shorter than 20 bytes. */
  c.value_len = 15;
  c.length = 19;
  XT_ASSERT_ERR(xnet_sctp_idata_parse(&c, &d), XNET_ESHORT);
  c.type = XNET_SCTP_CHUNK_DATA;
  XT_ASSERT_ERR(xnet_sctp_idata_parse(&c, &d), XNET_EBADTYPE);
}

/* ---- INIT / INIT-ACK ----------------------------------------------------- */

static void test_sctp_chunk_init_rejects_short(void) {
  static const uint8_t b[] = {0x01, 0x00, 0x00, 0x13, 1, 2, 3, 4, 5, 6,
                              7,    8,    9,    10,   11, 12, 13, 14, 15, 0};
  xnet_sctp_chunk c = chunk_of(b, sizeof b);
  xnet_sctp_init init;
  XT_ASSERT_UINT_EQ(c.length, 19);
  XT_ASSERT_ERR(xnet_sctp_init_parse(&c, &init), XNET_ESHORT);
  c.type = XNET_SCTP_CHUNK_DATA;
  XT_ASSERT_ERR(xnet_sctp_init_parse(&c, &init), XNET_EBADTYPE);
}

/* INIT fixed part with the given parameter bytes appended. */
static size_t make_init(uint8_t *b, const uint8_t *params, size_t n) {
  static const uint8_t fixed[20] = {0x01, 0, 0, 0, 0, 0, 0, 1, 0, 0,
                                    0x10, 0, 0, 1, 0, 1, 0, 0, 0, 9};
  memcpy(b, fixed, 20);
  memcpy(b + 20, params, n);
  b[2] = (uint8_t)((20 + n) >> 8);
  b[3] = (uint8_t)(20 + n);
  return 20 + n;
}

static void test_sctp_chunk_init_rejects_malformed_params(void) {
  static const struct {
    uint8_t p[12];
    size_t n;
    int iter_rc;
    size_t at;
  } cases[] = {
      /* Parameter Length 3. */
      {{0x00, 0x05, 0x00, 0x03, 1, 2, 3, 4}, 8, XNET_EBADLEN, 0},
      /* Length 12 in 8 bytes. */
      {{0x00, 0x05, 0x00, 0x0c, 1, 2, 3, 4}, 8, XNET_ETRUNCATED, 0},
      /* A good ECN parameter, then 2 stray bytes. */
      {{0x80, 0x00, 0x00, 0x04, 0xaa, 0xbb}, 6, XNET_ESHORT, 4},
      /* Length 0 after a good parameter. */
      {{0x80, 0x00, 0x00, 0x04, 0xc0, 0x00, 0x00, 0x00}, 8, XNET_EBADLEN, 4},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint8_t b[64];
    size_t n = make_init(b, cases[i].p, cases[i].n);
    xnet_sctp_chunk c = chunk_of(b, n);
    xnet_sctp_init init;
    XT_ASSERT_UINT_EQ(c.length, n);
    XT_ASSERT_ERR(xnet_sctp_init_parse(&c, &init), XNET_EBADOPTION);
    XT_ASSERT(init.params == NULL && init.initiate_tag == 0);
    XT_ASSERT_ERR(xnet_sctp_chunk_validate(&c), XNET_EBADOPTION);
    /* The parameter walk names the error and where. */
    xnet_sctp_tlv_iter it;
    xnet_sctp_param p;
    int rc;
    xnet_sctp_param_iter_init(&it, b + 20, n - 20);
    while ((rc = xnet_sctp_param_iter_next(&it, &p)) == 1) {
    }
    XT_ASSERT_ERR(rc, cases[i].iter_rc);
    XT_ASSERT_UINT_EQ(it.error_offset, cases[i].at);
    XT_ASSERT(p.value == NULL && p.type == 0);
  }
}

static void test_sctp_chunk_init_last_param_padding_absent(void) {
  /* Host name "ab" + NUL: Length 7, no padding since it ends the chunk. */
  static const uint8_t params[] = {0x00, 0x0b, 0x00, 0x07, 'a', 'b', 0};
  uint8_t b[64];
  size_t n = make_init(b, params, sizeof params);
  xnet_sctp_chunk c = chunk_of(b, n);
  xnet_sctp_init init;
  xnet_sctp_param p;
  const char *name = NULL;
  size_t name_len = 0;
  XT_ASSERT_OK(xnet_sctp_init_parse(&c, &init));
  XT_ASSERT_OK(xnet_sctp_init_find_param(&init, XNET_SCTP_PARAM_HOST_NAME_ADDRESS, &p));
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(p.type), "Hostname address");
  XT_ASSERT_OK(xnet_sctp_param_host_name_parse(&p, &name, &name_len));
  XT_ASSERT_MEM_EQ(name, name_len, "ab", 2);
  XT_ASSERT_ERR(xnet_sctp_param_ipv4_parse(&p, (uint8_t[4]){0}), XNET_EBADTYPE);
}

static void test_sctp_chunk_init_build_with_addresses_round_trip(void) {
  static const uint8_t v4[4] = {192, 0, 2, 1};
  static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                 0,    0,    0,    0,    0, 0, 0, 1};
  uint8_t params[64], pkt[128], got[16];
  size_t plen = 0, n = 0, len = 0;
  XT_ASSERT_OK(xnet_sctp_param_ipv4_marshal(v4, params, sizeof params, &len));
  XT_ASSERT_UINT_EQ(len, 8);
  plen += len;
  XT_ASSERT_ERR(xnet_sctp_param_ipv6_marshal(v6, params + plen, 19, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 20);
  XT_ASSERT_OK(xnet_sctp_param_ipv6_marshal(v6, params + plen,
                                            sizeof params - plen, &len));
  plen += len;
  xnet_sctp_param cp = {.type = XNET_SCTP_PARAM_COOKIE_PRESERVATIVE,
                        .value = (const uint8_t[4]){0, 0, 0x27, 0x10},
                        .value_len = 4};
  XT_ASSERT_OK(xnet_sctp_param_marshal(&cp, params + plen, sizeof params - plen, &len));
  plen += len;

  xnet_sctp_common_header h = {.src_port = 5000, .dst_port = 5001};
  xnet_sctp_init init = {.type = XNET_SCTP_CHUNK_INIT, .initiate_tag = 0x01020304,
                         .a_rwnd = 65535, .outbound_streams = 10,
                         .inbound_streams = 2048, .initial_tsn = 42,
                         .params = params, .params_len = plen};
  XT_ASSERT_OK(xnet_sctp_common_header_marshal(&h, pkt, sizeof pkt, &n));
  XT_ASSERT_OK(xnet_sctp_init_marshal(&init, pkt + n, sizeof pkt - n, &len));
  XT_ASSERT_UINT_EQ(len, 20 + 8 + 20 + 8);
  n += len;
  XT_ASSERT_OK(xnet_sctp_packet_finalize(pkt, n));
  XT_ASSERT_OK(xnet_sctp_packet_verify(pkt, n));

  xnet_sctp_packet p;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_init back;
  XT_ASSERT_OK(xnet_sctp_packet_parse(pkt, n, &p));
  XT_ASSERT_UINT_EQ(p.header.src_port, 5000);
  XT_ASSERT_UINT_EQ(p.header.dst_port, 5001);
  xnet_sctp_chunk_iter_init(&it, &p);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 1);
  XT_ASSERT_OK(xnet_sctp_init_parse(&c, &back));
  XT_ASSERT_UINT_EQ(back.initiate_tag, 0x01020304);
  XT_ASSERT_UINT_EQ(back.a_rwnd, 65535);
  XT_ASSERT_UINT_EQ(back.outbound_streams, 10);
  XT_ASSERT_UINT_EQ(back.inbound_streams, 2048);
  XT_ASSERT_UINT_EQ(back.initial_tsn, 42);
  XT_ASSERT_MEM_EQ(back.params, back.params_len, params, plen);

  xnet_sctp_param prm;
  uint32_t inc = 0;
  XT_ASSERT_OK(xnet_sctp_init_find_param(&back, XNET_SCTP_PARAM_IPV6_ADDRESS, &prm));
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(prm.type), "IPv6 address");
  XT_ASSERT_OK(xnet_sctp_param_ipv6_parse(&prm, got));
  XT_ASSERT_MEM_EQ(got, 16, v6, 16);
  XT_ASSERT_OK(xnet_sctp_init_find_param(&back, XNET_SCTP_PARAM_IPV4_ADDRESS, &prm));
  XT_ASSERT_OK(xnet_sctp_param_ipv4_parse(&prm, got));
  XT_ASSERT_MEM_EQ(got, 4, v4, 4);
  XT_ASSERT_OK(xnet_sctp_init_find_param(&back, XNET_SCTP_PARAM_COOKIE_PRESERVATIVE, &prm));
  XT_ASSERT_OK(xnet_sctp_param_u32_parse(&prm, &inc));
  XT_ASSERT_UINT_EQ(inc, 10000);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 0);

  /* The init marshal refuses other chunk types. */
  init.type = XNET_SCTP_CHUNK_DATA;
  XT_ASSERT_ERR(xnet_sctp_init_marshal(&init, pkt, sizeof pkt, &len), XNET_EINVAL);
}

static void test_sctp_chunk_param_value_errors(void) {
  xnet_sctp_param p = {.type = XNET_SCTP_PARAM_IPV4_ADDRESS,
                       .value = (const uint8_t[5]){1, 2, 3, 4, 5},
                       .value_len = 5};
  uint8_t a[16];
  uint32_t u;
  uint16_t t;
  XT_ASSERT_ERR(xnet_sctp_param_ipv4_parse(&p, a), XNET_EBADLEN);
  XT_ASSERT_ERR(xnet_sctp_param_ipv6_parse(&p, a), XNET_EBADTYPE);
  p.type = XNET_SCTP_PARAM_IPV6_ADDRESS;
  XT_ASSERT_ERR(xnet_sctp_param_ipv6_parse(&p, a), XNET_EBADLEN);
  p.type = XNET_SCTP_PARAM_COOKIE_PRESERVATIVE;
  XT_ASSERT_ERR(xnet_sctp_param_u32_parse(&p, &u), XNET_EBADLEN);
  p.type = XNET_SCTP_PARAM_STATE_COOKIE;
  XT_ASSERT_ERR(xnet_sctp_param_u32_parse(&p, &u), XNET_EBADTYPE);
  p.type = XNET_SCTP_PARAM_SUPPORTED_ADDRESS_TYPES;
  XT_ASSERT_ERR(xnet_sctp_param_address_type(&p, 0, &t), XNET_EBADLEN);
  p.value_len = 4; /* types 0x0102, 0x0304 */
  XT_ASSERT_OK(xnet_sctp_param_address_type(&p, 1, &t));
  XT_ASSERT_UINT_EQ(t, 0x0304);
  XT_ASSERT_ERR(xnet_sctp_param_address_type(&p, 2, &t), XNET_ENOENT);
  XT_ASSERT_ERR(xnet_sctp_param_ipv4_parse(NULL, a), XNET_EINVAL);
  XT_ASSERT(xnet_sctp_param_type_name(0x1234) == NULL);
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(XNET_SCTP_PARAM_HEARTBEAT_INFO),
                   "Heartbeat info");
}

/* ---- SACK ------------------------------------------------------------------ */

static const uint8_t sack_gaps_dups[] = {
    0x03, 0x00, 0x00, 0x20,             /* SACK, Length 32 */
    0x00, 0x00, 0x00, 0x64,             /* cumulative TSN ack 100 */
    0x00, 0x01, 0x00, 0x00,             /* a_rwnd 65536 */
    0x00, 0x02, 0x00, 0x02,             /* 2 gap blocks, 2 duplicate TSNs */
    0x00, 0x02, 0x00, 0x03,             /* gap 2..3 */
    0x00, 0x05, 0x00, 0x07,             /* gap 5..7 */
    0x00, 0x00, 0x00, 0x63,             /* dup 99 */
    0x00, 0x00, 0x00, 0x62};            /* dup 98 */

static void test_sctp_chunk_sack_gap_blocks_and_dups(void) {
  xnet_sctp_chunk c = chunk_of(sack_gaps_dups, sizeof sack_gaps_dups);
  xnet_sctp_sack s;
  XT_ASSERT_OK(xnet_sctp_sack_parse(&c, &s));
  XT_ASSERT_UINT_EQ(s.cum_tsn_ack, 100);
  XT_ASSERT_UINT_EQ(s.a_rwnd, 65536);
  XT_ASSERT_UINT_EQ(s.num_gap_blocks, 2);
  XT_ASSERT_UINT_EQ(s.num_dup_tsns, 2);
  xnet_sctp_gap_block g = xnet_sctp_sack_gap_block(&s, 0);
  XT_ASSERT_UINT_EQ(g.start, 2);
  XT_ASSERT_UINT_EQ(g.end, 3);
  g = xnet_sctp_sack_gap_block(&s, 1);
  XT_ASSERT_UINT_EQ(g.start, 5);
  XT_ASSERT_UINT_EQ(g.end, 7);
  g = xnet_sctp_sack_gap_block(&s, 2);
  XT_ASSERT(g.start == 0 && g.end == 0);
  XT_ASSERT_UINT_EQ(xnet_sctp_sack_dup_tsn(&s, 0), 99);
  XT_ASSERT_UINT_EQ(xnet_sctp_sack_dup_tsn(&s, 1), 98);
  XT_ASSERT_UINT_EQ(xnet_sctp_sack_dup_tsn(&s, 2), 0);

  uint8_t buf[40];
  size_t len = 0;
  XT_ASSERT_ERR(xnet_sctp_sack_marshal(&s, buf, 31, &len), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 32);
  XT_ASSERT_OK(xnet_sctp_sack_marshal(&s, buf, sizeof buf, &len));
  XT_ASSERT_MEM_EQ(buf, len, sack_gaps_dups, sizeof sack_gaps_dups);
}

static void test_sctp_chunk_sack_rejects_bad_counts(void) {
  uint8_t b[sizeof sack_gaps_dups];
  xnet_sctp_sack s;
  memcpy(b, sack_gaps_dups, sizeof b);
  b[15] = 3; /* 3 duplicate TSNs claimed, room for 2 */
  xnet_sctp_chunk c = chunk_of(b, sizeof b);
  XT_ASSERT_ERR(xnet_sctp_sack_parse(&c, &s), XNET_EBADLEN);
  XT_ASSERT(s.gap_blocks == NULL && s.num_dup_tsns == 0);
  b[15] = 0xff;
  b[13] = 0xff;
  c = chunk_of(b, sizeof b);
  XT_ASSERT_ERR(xnet_sctp_sack_parse(&c, &s), XNET_EBADLEN);
  b[13] = 2;
  b[15] = 1; /* 4 bytes left over */
  c = chunk_of(b, sizeof b);
  XT_ASSERT_ERR(xnet_sctp_sack_parse(&c, &s), XNET_EBADLEN);
  /* Shorter than the 16-byte fixed part. */
  b[3] = 12;
  c = chunk_of(b, 12);
  XT_ASSERT_ERR(xnet_sctp_sack_parse(&c, &s), XNET_ESHORT);
  XT_ASSERT_ERR(xnet_sctp_chunk_validate(&c), XNET_ESHORT);
}

/* ---- HEARTBEAT ------------------------------------------------------------- */

static void test_sctp_chunk_heartbeat_build_and_errors(void) {
  static const uint8_t info[6] = {1, 2, 3, 4, 5, 6};
  static const uint8_t want[16] = {0x04, 0x00, 0x00, 0x0e, 0x00, 0x01, 0x00, 0x0a,
                                   1,    2,    3,    4,    5,    6,    0,    0};
  xnet_sctp_heartbeat hb = {.type = XNET_SCTP_CHUNK_HEARTBEAT, .info = info,
                            .info_len = sizeof info};
  uint8_t b[32];
  size_t len = 0;
  XT_ASSERT_ERR(xnet_sctp_heartbeat_marshal(&hb, b, 15, &len), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 16);
  XT_ASSERT_OK(xnet_sctp_heartbeat_marshal(&hb, b, sizeof b, &len));
  XT_ASSERT_MEM_EQ(b, len, want, sizeof want);
  xnet_sctp_chunk c = chunk_of(b, len);
  xnet_sctp_heartbeat back;
  XT_ASSERT_OK(xnet_sctp_heartbeat_parse(&c, &back));
  XT_ASSERT_MEM_EQ(back.info, back.info_len, info, sizeof info);

  /* Wrong parameter type. */
  b[5] = 0x05;
  c = chunk_of(b, len);
  XT_ASSERT_ERR(xnet_sctp_heartbeat_parse(&c, &back), XNET_EBADOPTION);
  /* No parameter at all. */
  static const uint8_t empty[4] = {0x05, 0x00, 0x00, 0x04};
  c = chunk_of(empty, sizeof empty);
  XT_ASSERT_ERR(xnet_sctp_heartbeat_parse(&c, &back), XNET_ESHORT);
  /* Two parameters. */
  static const uint8_t two[12] = {0x04, 0, 0, 12, 0, 1, 0, 4, 0, 1, 0, 4};
  c = chunk_of(two, sizeof two);
  XT_ASSERT_ERR(xnet_sctp_heartbeat_parse(&c, &back), XNET_EBADOPTION);
  /* Parameter longer than the chunk. */
  static const uint8_t over[8] = {0x04, 0, 0, 8, 0, 1, 0, 9};
  c = chunk_of(over, sizeof over);
  XT_ASSERT_ERR(xnet_sctp_heartbeat_parse(&c, &back), XNET_EBADOPTION);
  hb.type = XNET_SCTP_CHUNK_DATA;
  XT_ASSERT_ERR(xnet_sctp_heartbeat_marshal(&hb, b, sizeof b, &len), XNET_EINVAL);
}

/* ---- ABORT / ERROR ----------------------------------------------------------- */

static void test_sctp_chunk_abort_t_bit_and_causes(void) {
  uint8_t causes[32], b[48];
  size_t clen = 0, len = 0;
  xnet_sctp_cause uia = {.code = XNET_SCTP_CAUSE_USER_INITIATED_ABORT,
                         .info = (const uint8_t *)"bye", .info_len = 3};
  xnet_sctp_cause pv = {.code = XNET_SCTP_CAUSE_PROTOCOL_VIOLATION};
  XT_ASSERT_OK(xnet_sctp_cause_marshal(&uia, causes, sizeof causes, &len));
  XT_ASSERT_UINT_EQ(len, 8);
  clen += len;
  XT_ASSERT_OK(xnet_sctp_cause_marshal(&pv, causes + clen, sizeof causes - clen, &len));
  clen += len;
  xnet_sctp_causes abort_ = {.type = XNET_SCTP_CHUNK_ABORT,
                             .flags = XNET_SCTP_CHUNK_FLAG_T, .causes = causes,
                             .causes_len = clen};
  XT_ASSERT_OK(xnet_sctp_causes_marshal(&abort_, b, sizeof b, &len));
  static const uint8_t want[16] = {0x06, 0x01, 0x00, 0x10, 0x00, 0x0c, 0x00, 0x07,
                                   'b',  'y',  'e',  0x00, 0x00, 0x0d, 0x00, 0x04};
  XT_ASSERT_MEM_EQ(b, len, want, sizeof want);

  xnet_sctp_chunk c = chunk_of(b, len);
  xnet_sctp_causes got;
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), "ABORT");
  XT_ASSERT_OK(xnet_sctp_causes_parse(&c, &got));
  XT_ASSERT(got.t_bit);
  xnet_sctp_tlv_iter it;
  xnet_sctp_cause cause;
  xnet_sctp_cause_iter_init(&it, got.causes, got.causes_len);
  XT_ASSERT_INT_EQ(xnet_sctp_cause_iter_next(&it, &cause), 1);
  XT_ASSERT_UINT_EQ(cause.code, 12);
  XT_ASSERT_STR_EQ(xnet_sctp_cause_code_name(cause.code), "User initiated ABORT");
  XT_ASSERT_MEM_EQ(cause.info, cause.info_len, "bye", 3);
  XT_ASSERT_INT_EQ(xnet_sctp_cause_iter_next(&it, &cause), 1);
  XT_ASSERT_UINT_EQ(cause.code, 13);
  XT_ASSERT_UINT_EQ(cause.offset, 8);
  XT_ASSERT_STR_EQ(xnet_sctp_cause_code_name(cause.code), "Protocol violation");
  XT_ASSERT_INT_EQ(xnet_sctp_cause_iter_next(&it, &cause), 0);

  /* A cause whose Length runs past the chunk. */
  b[7] = 0x40;
  c = chunk_of(b, len);
  XT_ASSERT_ERR(xnet_sctp_causes_parse(&c, &got), XNET_EBADOPTION);
  XT_ASSERT(got.causes == NULL && !got.t_bit);
}

static void test_sctp_chunk_error_causes(void) {
  /* ERROR: Invalid Stream Identifier (stream 5), Unrecognized Chunk Type
   * quoting a 4-byte chunk of type 0x42. */
  static const uint8_t b[] = {0x09, 0x00, 0x00, 0x14, 0x00, 0x01, 0x00, 0x08,
                              0x00, 0x05, 0x00, 0x00, 0x00, 0x06, 0x00, 0x08,
                              0x42, 0x00, 0x00, 0x04};
  xnet_sctp_chunk c = chunk_of(b, sizeof b);
  xnet_sctp_causes e;
  xnet_sctp_tlv_iter it;
  xnet_sctp_cause cause;
  XT_ASSERT_OK(xnet_sctp_causes_parse(&c, &e));
  XT_ASSERT(!e.t_bit);
  xnet_sctp_cause_iter_init(&it, e.causes, e.causes_len);
  XT_ASSERT_INT_EQ(xnet_sctp_cause_iter_next(&it, &cause), 1);
  XT_ASSERT_STR_EQ(xnet_sctp_cause_code_name(cause.code), "Invalid stream identifier");
  XT_ASSERT_UINT_EQ(cause.info_len, 4);
  XT_ASSERT_UINT_EQ(cause.info[1], 5);
  XT_ASSERT_INT_EQ(xnet_sctp_cause_iter_next(&it, &cause), 1);
  XT_ASSERT_STR_EQ(xnet_sctp_cause_code_name(cause.code), "Unrecognized chunk type");
  /* The quoted chunk is itself a chunk: walk it. */
  xnet_sctp_chunk inner = chunk_of(cause.info, cause.info_len);
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(inner.type), "66");
  XT_ASSERT_INT_EQ(xnet_sctp_cause_iter_next(&it, &cause), 0);
  XT_ASSERT(xnet_sctp_cause_code_name(0x7777) == NULL);

  uint8_t out[32];
  size_t len = 0;
  XT_ASSERT_OK(xnet_sctp_causes_marshal(&e, out, sizeof out, &len));
  XT_ASSERT_MEM_EQ(out, len, b, sizeof b);
  e.type = XNET_SCTP_CHUNK_SACK;
  XT_ASSERT_ERR(xnet_sctp_causes_marshal(&e, out, sizeof out, &len), XNET_EINVAL);
}

/* ---- SHUTDOWN and the empty chunks -------------------------------------------- */

static void test_sctp_chunk_shutdown_lengths(void) {
  uint8_t b[16];
  size_t len = 0;
  uint32_t cum = 1;
  static const uint8_t want[8] = {0x07, 0, 0, 8, 0x12, 0x34, 0x56, 0x78};
  XT_ASSERT_ERR(xnet_sctp_shutdown_marshal(0x12345678, b, 7, &len), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 8);
  XT_ASSERT_OK(xnet_sctp_shutdown_marshal(0x12345678, b, sizeof b, &len));
  XT_ASSERT_MEM_EQ(b, len, want, sizeof want);
  xnet_sctp_chunk c = chunk_of(b, len);
  XT_ASSERT_OK(xnet_sctp_shutdown_parse(&c, &cum));
  XT_ASSERT_UINT_EQ(cum, 0x12345678);
  c.value_len = 3;
  XT_ASSERT_ERR(xnet_sctp_shutdown_parse(&c, &cum), XNET_ESHORT);
  XT_ASSERT_UINT_EQ(cum, 0);
  c.value_len = 8;
  XT_ASSERT_ERR(xnet_sctp_shutdown_parse(&c, &cum), XNET_EBADLEN);
}

static void test_sctp_chunk_empty_chunks_and_t_bit(void) {
  static const uint8_t complete_t[4] = {0x0e, 0x01, 0x00, 0x04};
  static const uint8_t ack_with_value[8] = {0x08, 0x00, 0x00, 0x08, 0, 0, 0, 0};
  bool t = false;
  xnet_sctp_chunk c = chunk_of(complete_t, sizeof complete_t);
  XT_ASSERT_OK(xnet_sctp_empty_chunk_parse(&c, &t));
  XT_ASSERT(t);
  c = chunk_of(ack_with_value, sizeof ack_with_value);
  XT_ASSERT_ERR(xnet_sctp_empty_chunk_parse(&c, &t), XNET_EBADLEN);
  XT_ASSERT(!t);
  XT_ASSERT_ERR(xnet_sctp_chunk_validate(&c), XNET_EBADLEN);
  c.type = XNET_SCTP_CHUNK_DATA;
  XT_ASSERT_ERR(xnet_sctp_empty_chunk_parse(&c, &t), XNET_EBADTYPE);

  /* Built with the generic builder, as SHUTDOWN-COMPLETE with T. */
  xnet_sctp_chunk sc = {.type = XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE,
                        .flags = XNET_SCTP_CHUNK_FLAG_T};
  uint8_t b[8];
  size_t len = 0;
  XT_ASSERT_ERR(xnet_sctp_chunk_marshal(&sc, b, 3, &len), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 4);
  XT_ASSERT_OK(xnet_sctp_chunk_marshal(&sc, b, sizeof b, &len));
  XT_ASSERT_MEM_EQ(b, len, complete_t, sizeof complete_t);
}

static void test_sctp_chunk_cookie_echo_generic_build(void) {
  static const uint8_t cookie[5] = {9, 8, 7, 6, 5};
  static const uint8_t want[12] = {0x0a, 0, 0, 9, 9, 8, 7, 6, 5, 0, 0, 0};
  xnet_sctp_chunk ce = {.type = XNET_SCTP_CHUNK_COOKIE_ECHO, .value = cookie,
                        .value_len = sizeof cookie};
  uint8_t b[16];
  size_t len = 0;
  const uint8_t *got = NULL;
  size_t got_len = 0;
  XT_ASSERT_OK(xnet_sctp_chunk_marshal(&ce, b, sizeof b, &len));
  XT_ASSERT_MEM_EQ(b, len, want, sizeof want);
  xnet_sctp_chunk c = chunk_of(b, len);
  XT_ASSERT_OK(xnet_sctp_cookie_echo_parse(&c, &got, &got_len));
  XT_ASSERT_MEM_EQ(got, got_len, cookie, sizeof cookie);
  c.type = XNET_SCTP_CHUNK_COOKIE_ACK;
  XT_ASSERT_ERR(xnet_sctp_cookie_echo_parse(&c, &got, &got_len), XNET_EBADTYPE);
  XT_ASSERT(got == NULL && got_len == 0);
  ce.value_len = 65532;
  XT_ASSERT_ERR(xnet_sctp_chunk_marshal(&ce, b, sizeof b, &len), XNET_EMSGSIZE);
}

/* ---- FORWARD-TSN ------------------------------------------------------------ */

static void test_sctp_chunk_forward_tsn(void) {
  static const uint8_t b[] = {0xc0, 0x00, 0x00, 0x10, 0x00, 0x00, 0x01, 0x00,
                              0x00, 0x01, 0x00, 0x05, 0x00, 0x03, 0x00, 0x09};
  xnet_sctp_chunk c = chunk_of(b, sizeof b);
  xnet_sctp_forward_tsn f;
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), "FORWARD_TSN");
  XT_ASSERT_OK(xnet_sctp_forward_tsn_parse(&c, &f));
  XT_ASSERT_UINT_EQ(f.new_cum_tsn, 256);
  XT_ASSERT_UINT_EQ(f.num_streams, 2);
  xnet_sctp_stream_ssn s = xnet_sctp_forward_tsn_stream(&f, 1);
  XT_ASSERT_UINT_EQ(s.stream_id, 3);
  XT_ASSERT_UINT_EQ(s.ssn, 9);
  s = xnet_sctp_forward_tsn_stream(&f, 2);
  XT_ASSERT(s.stream_id == 0 && s.ssn == 0);
  uint8_t out[16];
  size_t len = 0;
  XT_ASSERT_OK(xnet_sctp_forward_tsn_marshal(&f, out, sizeof out, &len));
  XT_ASSERT_MEM_EQ(out, len, b, sizeof b);
  c.value_len = 6;
  XT_ASSERT_ERR(xnet_sctp_forward_tsn_parse(&c, &f), XNET_EBADLEN);
  c.value_len = 2;
  XT_ASSERT_ERR(xnet_sctp_forward_tsn_parse(&c, &f), XNET_ESHORT);
}

/* ---- raw chunk types --------------------------------------------------------- */

static void test_sctp_chunk_raw_types_iterate_and_validate(void) {
  /* ECNE, CWR, AUTH, ASCONF, ASCONF-ACK, RE-CONFIG, PAD, I-FORWARD-TSN and an
   * unknown type 0x42: exposed as views, validation passes them. */
  static const uint8_t types[] = {12, 13, 15, 193, 128, 130, 132, 194, 0x42};
  static const char *const names[] = {"ECNE",  "CWR",       "AUTH",
                                      "ASCONF", "ASCONF_ACK", "RE_CONFIG",
                                      "PAD",   "I_FORWARD_TSN", "66"};
  uint8_t b[9 * 8];
  for (size_t i = 0; i < 9; i++) {
    uint8_t *p = b + 8 * i;
    p[0] = types[i];
    p[1] = 0;
    p[2] = 0;
    p[3] = 8;
    p[4] = (uint8_t)i;
    p[5] = p[6] = p[7] = 0xAB;
  }
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_chunk_iter_init_bytes(&it, b, sizeof b, 12);
  for (size_t i = 0; i < 9; i++) {
    XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 1);
    XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), names[i]);
    XT_ASSERT_UINT_EQ(c.offset, 12 + 8 * i);
    XT_ASSERT_UINT_EQ(c.value_len, 4);
    XT_ASSERT_UINT_EQ(c.value[0], i);
    XT_ASSERT_OK(xnet_sctp_chunk_validate(&c));
  }
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 0);
}

/* ---- a whole packet built from every builder ----------------------------------- */

static void test_sctp_chunk_build_bundle_parse_back(void) {
  static const uint8_t payload[3] = {1, 2, 3};
  uint8_t pkt[256];
  size_t n = 0, len = 0;
  xnet_sctp_common_header h = {.src_port = 1, .dst_port = 2,
                               .verification_tag = 0xcafef00d};
  XT_ASSERT_OK(xnet_sctp_common_header_marshal(&h, pkt, sizeof pkt, &n));
  xnet_sctp_chunk sc = chunk_of(sack_gaps_dups, sizeof sack_gaps_dups);
  xnet_sctp_sack s;
  XT_ASSERT_OK(xnet_sctp_sack_parse(&sc, &s));
  XT_ASSERT_OK(xnet_sctp_sack_marshal(&s, pkt + n, sizeof pkt - n, &len));
  n += len;
  xnet_sctp_data d = {.flags = 3, .tsn = 1, .payload = payload, .payload_len = 3};
  XT_ASSERT_OK(xnet_sctp_data_marshal(&d, pkt + n, sizeof pkt - n, &len));
  n += len;
  XT_ASSERT_OK(xnet_sctp_shutdown_marshal(100, pkt + n, sizeof pkt - n, &len));
  n += len;
  XT_ASSERT_OK(xnet_sctp_packet_finalize(pkt, n));
  XT_ASSERT_OK(xnet_sctp_packet_verify(pkt, n));
  XT_ASSERT_UINT_EQ(n, 12 + 32 + 20 + 8);

  static const uint8_t want_types[3] = {3, 0, 7};
  xnet_sctp_packet p;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  XT_ASSERT_OK(xnet_sctp_packet_parse(pkt, n, &p));
  XT_ASSERT_UINT_EQ(p.header.verification_tag, 0xcafef00d);
  xnet_sctp_chunk_iter_init(&it, &p);
  for (int i = 0; i < 3; i++) {
    XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 1);
    XT_ASSERT_UINT_EQ(c.type, want_types[i]);
    XT_ASSERT_OK(xnet_sctp_chunk_validate(&c));
  }
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 0);
}

XT_SUITE(codecs, sctp_chunk, NULL, NULL,
         XT_TEST(test_sctp_chunk_data_flags_and_empty_payload),
         XT_TEST(test_sctp_chunk_data_rejects_short_and_wrong_type),
         XT_TEST(test_sctp_chunk_data_marshal_bytes_and_round_trip),
         XT_TEST(test_sctp_chunk_idata_ppid_or_fsn),
         XT_TEST(test_sctp_chunk_init_rejects_short),
         XT_TEST(test_sctp_chunk_init_rejects_malformed_params),
         XT_TEST(test_sctp_chunk_init_last_param_padding_absent),
         XT_TEST(test_sctp_chunk_init_build_with_addresses_round_trip),
         XT_TEST(test_sctp_chunk_param_value_errors),
         XT_TEST(test_sctp_chunk_sack_gap_blocks_and_dups),
         XT_TEST(test_sctp_chunk_sack_rejects_bad_counts),
         XT_TEST(test_sctp_chunk_heartbeat_build_and_errors),
         XT_TEST(test_sctp_chunk_abort_t_bit_and_causes),
         XT_TEST(test_sctp_chunk_error_causes),
         XT_TEST(test_sctp_chunk_shutdown_lengths),
         XT_TEST(test_sctp_chunk_empty_chunks_and_t_bit),
         XT_TEST(test_sctp_chunk_cookie_echo_generic_build),
         XT_TEST(test_sctp_chunk_forward_tsn),
         XT_TEST(test_sctp_chunk_raw_types_iterate_and_validate),
         XT_TEST(test_sctp_chunk_build_bundle_parse_back));
