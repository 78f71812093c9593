/* sctp_packet.c — SCTP common header, checksum, and the TLV walks: chunks
 * in a packet, parameters and error causes in a chunk.
 *
 * Chunks, parameters and causes share one framing (RFC 9260 3.2, 3.2.1,
 * 3.3.10): a 4-byte header whose bytes 2..3 are a big-endian length that
 * counts the header and the value but not the padding to 4 bytes. One walker
 * enforces it for all three, so they fail alike and report where.
 */
#include <stdint.h>
#include <string.h>

#include "xnet/crc32c.h"
#include "xnet/error.h"
#include "xnet/sctp_chunk.h"
#include "xnet/sctp_packet.h"

#include "bytes_int.h"

static inline size_t pad4(size_t n) { return (n + 3u) & ~(size_t)3u; }

/* ---- packet -------------------------------------------------------------- */

int xnet_sctp_packet_parse(const uint8_t *b, size_t n, xnet_sctp_packet *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  if (b == NULL && n > 0)
    return XNET_EINVAL;
  if (n < XNET_SCTP_COMMON_HEADER_LEN)
    return XNET_ESHORT;
  out->header.src_port = xnet__get_be16(b);
  out->header.dst_port = xnet__get_be16(b + 2);
  out->header.verification_tag = xnet__get_be32(b + 4);
  /* The checksum field holds the CRC least-significant byte first (RFC
   * 9260 Appendix A: the reflected CRC's first-computed bits go first). */
  out->header.checksum = xnet__get_le32(b + 8);
  out->chunks = b + XNET_SCTP_COMMON_HEADER_LEN;
  out->chunks_len = n - XNET_SCTP_COMMON_HEADER_LEN;
  return 0;
}

uint32_t xnet_sctp_packet_checksum(const uint8_t *b, size_t n) {
  static const uint8_t zero[4] = {0, 0, 0, 0};
  if (b == NULL || n < XNET_SCTP_COMMON_HEADER_LEN)
    return 0;
  uint32_t s = xnet_crc32c_init();
  s = xnet_crc32c_update(s, b, 8);
  s = xnet_crc32c_update(s, zero, sizeof zero);
  s = xnet_crc32c_update(s, b + XNET_SCTP_COMMON_HEADER_LEN,
                         n - XNET_SCTP_COMMON_HEADER_LEN);
  return xnet_crc32c_final(s);
}

int xnet_sctp_packet_verify(const uint8_t *b, size_t n) {
  if (b == NULL)
    return XNET_EINVAL;
  if (n < XNET_SCTP_COMMON_HEADER_LEN)
    return XNET_ESHORT;
  return xnet_sctp_packet_checksum(b, n) == xnet__get_le32(b + 8)
             ? 0
             : XNET_EBADCHECKSUM;
}

int xnet_sctp_common_header_marshal(const xnet_sctp_common_header *h,
                                    uint8_t *buf, size_t cap, size_t *len) {
  if (h == NULL || len == NULL || (buf == NULL && cap > 0))
    return XNET_EINVAL;
  *len = XNET_SCTP_COMMON_HEADER_LEN;
  if (cap < XNET_SCTP_COMMON_HEADER_LEN)
    return XNET_ENOBUFS;
  xnet__put_be16(buf, h->src_port);
  xnet__put_be16(buf + 2, h->dst_port);
  xnet__put_be32(buf + 4, h->verification_tag);
  xnet__put_le32(buf + 8, h->checksum);
  return 0;
}

int xnet_sctp_packet_finalize(uint8_t *b, size_t n) {
  if (b == NULL)
    return XNET_EINVAL;
  if (n < XNET_SCTP_COMMON_HEADER_LEN)
    return XNET_ESHORT;
  xnet__put_le32(b + 8, xnet_sctp_packet_checksum(b, n));
  return 0;
}

/* ---- the TLV walk -------------------------------------------------------- */

/* tlv_next finds the TLV at *pos in p[0..n): returns 1 with its start and
 * Length (>= 4, within n) and advances *pos past its padding, 0 at the end,
 * or an error code, leaving *pos at the bad TLV. Padding may be cut short
 * by the end of the data (the last chunk's, or a chunk's last parameter's). */
static int tlv_next(const uint8_t *p, size_t n, size_t *pos, size_t *start,
                    uint16_t *length) {
  size_t at = *pos;
  if (at >= n)
    return 0;
  if (n - at < 4)
    return XNET_ESHORT;
  uint16_t l = xnet__get_be16(p + at + 2);
  if (l < 4)
    return XNET_EBADLEN;
  if (l > n - at)
    return XNET_ETRUNCATED;
  size_t next = at + pad4(l);
  *pos = next < n ? next : n;
  *start = at;
  *length = l;
  return 1;
}

void xnet_sctp_chunk_iter_init_bytes(xnet_sctp_chunk_iter *it,
                                     const uint8_t *b, size_t n, size_t base) {
  if (it == NULL)
    return;
  memset(it, 0, sizeof *it);
  it->p = b;
  it->n = b != NULL ? n : 0;
  it->base = base;
}

void xnet_sctp_chunk_iter_init(xnet_sctp_chunk_iter *it,
                               const xnet_sctp_packet *pkt) {
  if (pkt == NULL) {
    xnet_sctp_chunk_iter_init_bytes(it, NULL, 0, 0);
    return;
  }
  xnet_sctp_chunk_iter_init_bytes(it, pkt->chunks, pkt->chunks_len,
                                  XNET_SCTP_COMMON_HEADER_LEN);
}

int xnet_sctp_chunk_iter_next(xnet_sctp_chunk_iter *it, xnet_sctp_chunk *out) {
  if (it == NULL || out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  if (it->error != 0)
    return it->error;
  size_t start = 0;
  uint16_t l = 0;
  int rc = tlv_next(it->p, it->n, &it->pos, &start, &l);
  if (rc < 0) {
    it->error = rc;
    it->error_offset = it->base + it->pos;
    return rc;
  }
  if (rc == 0)
    return 0;
  const uint8_t *c = it->p + start;
  out->type = c[0];
  out->flags = c[1];
  out->length = l;
  out->value = c + XNET_SCTP_CHUNK_HEADER_LEN;
  out->value_len = (size_t)l - XNET_SCTP_CHUNK_HEADER_LEN;
  out->offset = it->base + start;
  return 1;
}

static void tlv_iter_init(xnet_sctp_tlv_iter *it, const uint8_t *b, size_t n) {
  if (it == NULL)
    return;
  memset(it, 0, sizeof *it);
  it->p = b;
  it->n = b != NULL ? n : 0;
}

/* Shared by the parameter and cause iterators: fills type/code, length,
 * value and offset through the out-pointers. */
static int tlv_iter_next(xnet_sctp_tlv_iter *it, uint16_t *type,
                         uint16_t *length, const uint8_t **value,
                         size_t *value_len, size_t *offset) {
  if (it->error != 0)
    return it->error;
  size_t start = 0;
  uint16_t l = 0;
  int rc = tlv_next(it->p, it->n, &it->pos, &start, &l);
  if (rc < 0) {
    it->error = rc;
    it->error_offset = it->pos;
    return rc;
  }
  if (rc == 0)
    return 0;
  *type = xnet__get_be16(it->p + start);
  *length = l;
  *value = it->p + start + XNET_SCTP_TLV_HEADER_LEN;
  *value_len = (size_t)l - XNET_SCTP_TLV_HEADER_LEN;
  *offset = start;
  return 1;
}

void xnet_sctp_param_iter_init(xnet_sctp_tlv_iter *it, const uint8_t *b,
                               size_t n) {
  tlv_iter_init(it, b, n);
}

int xnet_sctp_param_iter_next(xnet_sctp_tlv_iter *it, xnet_sctp_param *out) {
  if (it == NULL || out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  int rc = tlv_iter_next(it, &out->type, &out->length, &out->value,
                         &out->value_len, &out->offset);
  if (rc <= 0)
    memset(out, 0, sizeof *out);
  return rc;
}

void xnet_sctp_cause_iter_init(xnet_sctp_tlv_iter *it, const uint8_t *b,
                               size_t n) {
  tlv_iter_init(it, b, n);
}

int xnet_sctp_cause_iter_next(xnet_sctp_tlv_iter *it, xnet_sctp_cause *out) {
  if (it == NULL || out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  int rc = tlv_iter_next(it, &out->code, &out->length, &out->info,
                         &out->info_len, &out->offset);
  if (rc <= 0)
    memset(out, 0, sizeof *out);
  return rc;
}

/* ---- writing TLVs -------------------------------------------------------- */

/* Writes a 4-byte TLV header whose first two bytes are h0 h1, then the value
 * and zero padding. The one framing writer behind every builder. */
static int tlv_write(uint8_t h0, uint8_t h1, const uint8_t *value,
                     size_t value_len, uint8_t *buf, size_t cap, size_t *len) {
  if (len == NULL || (buf == NULL && cap > 0) ||
      (value == NULL && value_len > 0))
    return XNET_EINVAL;
  if (value_len > UINT16_MAX - 4u)
    return XNET_EMSGSIZE;
  size_t l = 4u + value_len, total = pad4(l);
  *len = total;
  if (cap < total)
    return XNET_ENOBUFS;
  buf[0] = h0;
  buf[1] = h1;
  xnet__put_be16(buf + 2, (uint16_t)l);
  if (value_len > 0)
    memcpy(buf + 4, value, value_len);
  memset(buf + l, 0, total - l);
  return 0;
}

int xnet_sctp_chunk_marshal(const xnet_sctp_chunk *c, uint8_t *buf, size_t cap,
                            size_t *len) {
  if (c == NULL)
    return XNET_EINVAL;
  return tlv_write(c->type, c->flags, c->value, c->value_len, buf, cap, len);
}

int xnet_sctp_param_marshal(const xnet_sctp_param *p, uint8_t *buf, size_t cap,
                            size_t *len) {
  if (p == NULL)
    return XNET_EINVAL;
  return tlv_write((uint8_t)(p->type >> 8), (uint8_t)p->type, p->value,
                   p->value_len, buf, cap, len);
}

int xnet_sctp_cause_marshal(const xnet_sctp_cause *c, uint8_t *buf, size_t cap,
                            size_t *len) {
  if (c == NULL)
    return XNET_EINVAL;
  return tlv_write((uint8_t)(c->code >> 8), (uint8_t)c->code, c->info,
                   c->info_len, buf, cap, len);
}

/* ---- names ----------------------------------------------------------------- */

/* Wireshark's spellings (epan/dissectors/packet-sctp.c chunk_type_values),
 * so xnet's output lines up with tshark's. */
static const char *const chunk_names[256] = {
    [XNET_SCTP_CHUNK_DATA] = "DATA",
    [XNET_SCTP_CHUNK_INIT] = "INIT",
    [XNET_SCTP_CHUNK_INIT_ACK] = "INIT_ACK",
    [XNET_SCTP_CHUNK_SACK] = "SACK",
    [XNET_SCTP_CHUNK_HEARTBEAT] = "HEARTBEAT",
    [XNET_SCTP_CHUNK_HEARTBEAT_ACK] = "HEARTBEAT_ACK",
    [XNET_SCTP_CHUNK_ABORT] = "ABORT",
    [XNET_SCTP_CHUNK_SHUTDOWN] = "SHUTDOWN",
    [XNET_SCTP_CHUNK_SHUTDOWN_ACK] = "SHUTDOWN_ACK",
    [XNET_SCTP_CHUNK_ERROR] = "ERROR",
    [XNET_SCTP_CHUNK_COOKIE_ECHO] = "COOKIE_ECHO",
    [XNET_SCTP_CHUNK_COOKIE_ACK] = "COOKIE_ACK",
    [XNET_SCTP_CHUNK_ECNE] = "ECNE",
    [XNET_SCTP_CHUNK_CWR] = "CWR",
    [XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE] = "SHUTDOWN_COMPLETE",
    [XNET_SCTP_CHUNK_AUTH] = "AUTH",
    [XNET_SCTP_CHUNK_NR_SACK] = "NR-SACK",
    [XNET_SCTP_CHUNK_I_DATA] = "I_DATA",
    [XNET_SCTP_CHUNK_ASCONF_ACK] = "ASCONF_ACK",
    [XNET_SCTP_CHUNK_PKTDROP] = "PKTDROP",
    [XNET_SCTP_CHUNK_RE_CONFIG] = "RE_CONFIG",
    [XNET_SCTP_CHUNK_PAD] = "PAD",
    [XNET_SCTP_CHUNK_FORWARD_TSN] = "FORWARD_TSN",
    [XNET_SCTP_CHUNK_ASCONF] = "ASCONF",
    [XNET_SCTP_CHUNK_I_FORWARD_TSN] = "I_FORWARD_TSN",
    [255] = "IETF_EXTENSION",
};

/* Decimal spellings of every byte value, the fallback for unnamed types:
 * a static string for each, so the name function never needs a buffer. */
#define D10(p) p "0", p "1", p "2", p "3", p "4", p "5", p "6", p "7", p "8", p "9"
static const char *const decimal_names[256] = {
    D10(""),   D10("1"),  D10("2"),  D10("3"),  D10("4"),  D10("5"),
    D10("6"),  D10("7"),  D10("8"),  D10("9"),  D10("10"), D10("11"),
    D10("12"), D10("13"), D10("14"), D10("15"), D10("16"), D10("17"),
    D10("18"), D10("19"), D10("20"), D10("21"), D10("22"), D10("23"),
    D10("24"), "250",     "251",     "252",     "253",     "254",
    "255"};
#undef D10

const char *xnet_sctp_chunk_type_name(uint8_t type) {
  return chunk_names[type] != NULL ? chunk_names[type] : decimal_names[type];
}
