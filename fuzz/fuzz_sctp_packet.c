/* fuzz_sctp_packet.c — SCTP packet parse, chunk walk, every chunk decoder,
 * parameter and cause walks, and the builders' round trips.
 *
 * Invariants (abort() on violation):
 *  - no chunk, parameter or cause view reaches outside the input;
 *  - walking the chunks twice yields the same chunks and the same ending;
 *  - a chunk that decodes, rebuilt by its builder, reproduces its bytes
 *    (DATA, I-DATA, INIT/INIT-ACK, SACK, ABORT/ERROR, SHUTDOWN,
 *    FORWARD-TSN, generic) and decodes again to the same fields
 *    (HEARTBEAT, whose Length may or may not count the padding);
 *  - finalize then verify accepts the packet.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/crc32c.h"
#include "xnet/sctp_chunk.h"
#include "xnet/sctp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *g_lo, *g_hi;

static void check_view(const uint8_t *p, size_t n) {
  if (n == 0)
    return;
  if (p == NULL || p < g_lo || p > g_hi || n > (size_t)(g_hi - p))
    abort();
}

static void walk_tlvs(const uint8_t *b, size_t n, int causes) {
  xnet_sctp_tlv_iter it;
  int rc;
  if (causes) {
    xnet_sctp_cause c;
    xnet_sctp_cause_iter_init(&it, b, n);
    while ((rc = xnet_sctp_cause_iter_next(&it, &c)) == 1) {
      check_view(c.info, c.info_len);
      if (c.length != c.info_len + 4 || c.offset + c.length > n)
        abort();
      (void)xnet_sctp_cause_code_name(c.code);
    }
  } else {
    xnet_sctp_param p;
    xnet_sctp_param_iter_init(&it, b, n);
    while ((rc = xnet_sctp_param_iter_next(&it, &p)) == 1) {
      check_view(p.value, p.value_len);
      if (p.length != p.value_len + 4 || p.offset + p.length > n)
        abort();
      uint8_t a[16];
      uint32_t u;
      uint16_t t;
      const char *name;
      size_t name_len;
      (void)xnet_sctp_param_type_name(p.type);
      (void)xnet_sctp_param_ipv4_parse(&p, a);
      (void)xnet_sctp_param_ipv6_parse(&p, a);
      (void)xnet_sctp_param_u32_parse(&p, &u);
      (void)xnet_sctp_param_address_type(&p, 0, &t);
      if (xnet_sctp_param_host_name_parse(&p, &name, &name_len) == 0)
        check_view((const uint8_t *)name, name_len);
    }
  }
  if (rc < 0 && it.error_offset >= n)
    abort();
}

/* The rebuilt chunk `out` must repeat the input chunk's Length bytes. */
static void same_bytes(const xnet_sctp_chunk *c, const uint8_t *out,
                       size_t out_len) {
  const uint8_t *in = c->value - 4;
  if (out_len < c->length || memcmp(out, in, c->length) != 0)
    abort();
}

static void check_chunk(const xnet_sctp_chunk *c, uint8_t *scratch,
                        size_t cap) {
  size_t len = 0;
  check_view(c->value, c->value_len);
  (void)xnet_sctp_chunk_type_name(c->type);
  int valid = xnet_sctp_chunk_validate(c) == 0;
  switch (c->type) {
  case XNET_SCTP_CHUNK_DATA: {
    xnet_sctp_data d;
    if (xnet_sctp_data_parse(c, &d) != 0) {
      if (valid) abort();
      break;
    }
    check_view(d.payload, d.payload_len);
    if (xnet_sctp_data_marshal(&d, scratch, cap, &len) != 0 ||
        len != xnet_sctp_data_size(&d))
      abort();
    same_bytes(c, scratch, len);
    break;
  }
  case XNET_SCTP_CHUNK_I_DATA: {
    xnet_sctp_idata d;
    if (xnet_sctp_idata_parse(c, &d) != 0)
      break;
    check_view(d.payload, d.payload_len);
    if (xnet_sctp_idata_marshal(&d, scratch, cap, &len) != 0)
      abort();
    /* Bytes 6..7 of the value are reserved and written as zero. */
    if (c->value[6] == 0 && c->value[7] == 0)
      same_bytes(c, scratch, len);
    break;
  }
  case XNET_SCTP_CHUNK_INIT:
  case XNET_SCTP_CHUNK_INIT_ACK: {
    xnet_sctp_init init;
    if (xnet_sctp_init_parse(c, &init) != 0)
      break;
    check_view(init.params, init.params_len);
    walk_tlvs(init.params, init.params_len, 0);
    if (xnet_sctp_init_marshal(&init, scratch, cap, &len) != 0)
      abort();
    same_bytes(c, scratch, len);
    break;
  }
  case XNET_SCTP_CHUNK_SACK: {
    xnet_sctp_sack s;
    if (xnet_sctp_sack_parse(c, &s) != 0)
      break;
    check_view(s.gap_blocks, 4u * s.num_gap_blocks);
    check_view(s.dup_tsns, 4u * s.num_dup_tsns);
    for (size_t i = 0; i <= s.num_gap_blocks; i++)
      (void)xnet_sctp_sack_gap_block(&s, i);
    for (size_t i = 0; i <= s.num_dup_tsns; i++)
      (void)xnet_sctp_sack_dup_tsn(&s, i);
    if (xnet_sctp_sack_marshal(&s, scratch, cap, &len) != 0)
      abort();
    scratch[1] = c->flags; /* the builder writes flags 0 */
    same_bytes(c, scratch, len);
    break;
  }
  case XNET_SCTP_CHUNK_HEARTBEAT:
  case XNET_SCTP_CHUNK_HEARTBEAT_ACK: {
    xnet_sctp_heartbeat hb, back;
    if (xnet_sctp_heartbeat_parse(c, &hb) != 0)
      break;
    check_view(hb.info, hb.info_len);
    if (xnet_sctp_heartbeat_marshal(&hb, scratch, cap, &len) != 0)
      abort();
    xnet_sctp_chunk_iter it;
    xnet_sctp_chunk again;
    xnet_sctp_chunk_iter_init_bytes(&it, scratch, len, 0);
    if (xnet_sctp_chunk_iter_next(&it, &again) != 1 ||
        xnet_sctp_heartbeat_parse(&again, &back) != 0 ||
        back.type != hb.type || back.info_len != hb.info_len ||
        memcmp(back.info, hb.info, hb.info_len) != 0)
      abort();
    break;
  }
  case XNET_SCTP_CHUNK_ABORT:
  case XNET_SCTP_CHUNK_ERROR: {
    xnet_sctp_causes e;
    walk_tlvs(c->value, c->value_len, 1);
    if (xnet_sctp_causes_parse(c, &e) != 0)
      break;
    if (xnet_sctp_causes_marshal(&e, scratch, cap, &len) != 0)
      abort();
    same_bytes(c, scratch, len);
    break;
  }
  case XNET_SCTP_CHUNK_SHUTDOWN: {
    uint32_t cum;
    if (xnet_sctp_shutdown_parse(c, &cum) != 0)
      break;
    if (xnet_sctp_shutdown_marshal(cum, scratch, cap, &len) != 0)
      abort();
    scratch[1] = c->flags; /* the builder writes flags 0 */
    same_bytes(c, scratch, len);
    break;
  }
  case XNET_SCTP_CHUNK_FORWARD_TSN: {
    xnet_sctp_forward_tsn f;
    if (xnet_sctp_forward_tsn_parse(c, &f) != 0)
      break;
    check_view(f.streams, 4u * f.num_streams);
    for (size_t i = 0; i <= f.num_streams; i++)
      (void)xnet_sctp_forward_tsn_stream(&f, i);
    if (xnet_sctp_forward_tsn_marshal(&f, scratch, cap, &len) != 0)
      abort();
    scratch[1] = c->flags;
    same_bytes(c, scratch, len);
    break;
  }
  default: {
    bool t;
    const uint8_t *cookie;
    size_t cookie_len;
    (void)xnet_sctp_empty_chunk_parse(c, &t);
    if (xnet_sctp_cookie_echo_parse(c, &cookie, &cookie_len) == 0)
      check_view(cookie, cookie_len);
    if (xnet_sctp_chunk_marshal(c, scratch, cap, &len) != 0)
      abort();
    same_bytes(c, scratch, len);
    break;
  }
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static uint8_t scratch[70000];
  xnet_sctp_packet pkt;
  g_lo = data;
  g_hi = data + size;
  if (xnet_sctp_packet_parse(data, size, &pkt) != 0) {
    if (size >= XNET_SCTP_COMMON_HEADER_LEN)
      abort();
    return 0;
  }
  check_view(pkt.chunks, pkt.chunks_len);

  /* Two walks: the same chunks, the same ending, the same error offset. */
  xnet_sctp_chunk_iter a, b;
  xnet_sctp_chunk ca, cb;
  int ra, rb;
  size_t count = 0;
  xnet_sctp_chunk_iter_init(&a, &pkt);
  xnet_sctp_chunk_iter_init(&b, &pkt);
  for (;;) {
    ra = xnet_sctp_chunk_iter_next(&a, &ca);
    rb = xnet_sctp_chunk_iter_next(&b, &cb);
    if (ra != rb || memcmp(&ca, &cb, sizeof ca) != 0)
      abort();
    if (ra != 1)
      break;
    count++;
    if (ca.offset + ca.length > size || ca.length < 4 || ca.offset % 4 != 0)
      abort();
    check_chunk(&ca, scratch, sizeof scratch);
  }
  if (ra < 0 && (a.error != ra || a.error_offset != b.error_offset ||
                 a.error_offset >= size))
    abort();
  if (count > size / 4)
    abort();

  /* Finalize on a copy, then the checksum must verify. */
  if (size <= sizeof scratch) {
    memcpy(scratch, data, size);
    if (xnet_sctp_packet_finalize(scratch, size) != 0 ||
        xnet_sctp_packet_verify(scratch, size) != 0 ||
        xnet_sctp_packet_checksum(scratch, size) !=
            xnet_crc32c_final(xnet_crc32c_update_table(
                xnet_crc32c_update_table(
                    xnet_crc32c_update_table(xnet_crc32c_init(), scratch, 8),
                    (const uint8_t[4]){0, 0, 0, 0}, 4),
                scratch + 12, size - 12)))
      abort();
  }
  return 0;
}
