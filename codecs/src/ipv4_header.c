/* ipv4_header.c — IPv4 header parse, marshal, checksum and String form.
 *
 * Layout (RFC 791 §3.1): version/IHL, TOS, total length, ID, flags (3 bits)
 * + fragment offset (13 bits), TTL, protocol, checksum, source,
 * destination, options up to IHL*4. The raw-socket variant differs only in
 * the byte order of total length and flags/fragment offset and in the
 * received total length (see x/net/ipv4 header.go and xnet/profile.h).
 */
#include "xnet/ipv4_header.h"

#include <stdio.h>
#include <string.h>

#include "bytes_int.h"

/* Reads at fixed offsets: header_len() has checked n >= 20 (and IHL*4)
 * once, before any of them runs. A raw-socket field in host order is
 * little-endian on every supported target, else big-endian like the wire. */
static inline uint16_t rd_16(const uint8_t *b, int little) {
  return little ? xnet__get_le16(b) : xnet__get_be16(b);
}

static inline void wr_16(uint8_t *b, uint16_t v, int little) {
  if (little) xnet__put_le16(b, v);
  else xnet__put_be16(b, v);
}

/* The RFC 1071 sum of a header, folded to 16 bits. IHL*4 is a multiple of
 * 4, so big-endian 32-bit words into a 64-bit sum cover it with no tail and
 * no carry to propagate (at most 15 words); 0xffff means it verifies. This
 * stays inline here because parse runs it on every header. */
static inline uint32_t header_sum(const uint8_t *b, size_t hl) {
  uint64_t acc = 0;
  for (size_t i = 0; i < hl; i += 4)
    acc += (uint32_t)b[i] << 24 | (uint32_t)b[i + 1] << 16 |
           (uint32_t)b[i + 2] << 8 | b[i + 3];
  acc = (acc & 0xffffffffu) + (acc >> 32);
  acc = (acc & 0xffffu) + (acc >> 16);
  acc = (acc & 0xffffu) + (acc >> 16);
  acc = (acc & 0xffffu) + (acc >> 16);
  return (uint32_t)acc;
}

/* Checks the fixed part and returns the header length, or an error. */
static int header_len(const uint8_t *b, size_t n) {
  if (n < XNET_IPV4_HEADER_LEN)
    return XNET_ESHORT;
  size_t hl = (size_t)(b[0] & 0x0f) << 2;
  if (hl < XNET_IPV4_HEADER_LEN)
    return XNET_EBADHEADER;
  if (hl > n)
    return XNET_EBADLEN;
  return (int)hl;
}

/* Parses with total length and flags/fragment offset in network order
 * (host_order 0) or in the profile's host order, the received total length
 * then excluding the header (host_order 1). */
static int parse(const uint8_t *b, size_t n, int host_order, int little,
                 xnet_ipv4_header *out) {
  int hl;
  if (out == NULL)
    return XNET_EINVAL;
  /* Zeroing first makes the padding deterministic too: parsed headers
   * compare equal with memcmp when their fields do. */
  memset(out, 0, sizeof *out);
  if (b == NULL)
    return XNET_EINVAL;
  /* The version before IHL: an IPv6 packet (0x60...) is reported as the
   * wrong version, not as a bad header length. */
  if (n >= XNET_IPV4_HEADER_LEN && b[0] >> 4 != XNET_IPV4_VERSION)
    return XNET_EBADVERSION;
  hl = header_len(b, n);
  if (hl < 0)
    return hl;
  uint16_t total, fragword;
  if (host_order) {
    uint32_t t = (uint32_t)rd_16(b + 2, little) + (uint32_t)hl;
    if (t > 0xffff) /* cannot be a real packet's length */
      return XNET_EBADLEN;
    total = (uint16_t)t;
    fragword = rd_16(b + 6, little);
  } else {
    total = xnet__get_be16(b + 2);
    fragword = xnet__get_be16(b + 6);
  }
  out->version = XNET_IPV4_VERSION;
  out->len = (uint8_t)hl;
  out->tos = b[1];
  out->flags = (uint8_t)(fragword >> 13);
  out->total_len = total;
  out->id = xnet__get_be16(b + 4);
  out->frag_off = fragword & 0x1fff;
  out->ttl = b[8];
  out->protocol = b[9];
  out->checksum = xnet__get_be16(b + 10);
  out->checksum_ok = header_sum(b, (size_t)hl) == 0xffff;
  memcpy(out->src, b + 12, 4);
  memcpy(out->dst, b + 16, 4);
  out->options_len = (size_t)hl - XNET_IPV4_HEADER_LEN;
  out->options = out->options_len ? b + XNET_IPV4_HEADER_LEN : NULL;
  return 0;
}

int xnet_ipv4_header_parse(const uint8_t *b, size_t n, xnet_ipv4_header *out) {
  return parse(b, n, 0, 0, out);
}

int xnet_ipv4_header_parse_raw(const xnet_profile *p, const uint8_t *b,
                               size_t n, xnet_ipv4_header *out) {
  if (p == NULL) {
    if (out != NULL)
      memset(out, 0, sizeof *out);
    return XNET_EINVAL;
  }
  return parse(b, n, p->ipv4_raw_host_order, p->little_endian, out);
}

size_t xnet_ipv4_header_size(const xnet_ipv4_header *h) {
  if (h == NULL)
    return 0;
  return XNET_IPV4_HEADER_LEN + h->options_len;
}

static int marshal(const xnet_ipv4_header *h, int host_order, int little,
                   uint8_t *buf, size_t cap, size_t *len) {
  if (h == NULL || len == NULL || (buf == NULL && cap > 0))
    return XNET_EINVAL;
  if (h->options_len > XNET_IPV4_OPTIONS_MAX_LEN || h->options_len % 4 != 0 ||
      (h->options_len > 0 && h->options == NULL))
    return XNET_EBADOPTION;
  size_t hl = XNET_IPV4_HEADER_LEN + h->options_len;
  if (h->len != 0 && h->len != hl)
    return XNET_EBADHEADER;
  if (h->version != 0 && h->version != XNET_IPV4_VERSION)
    return XNET_EBADVERSION;
  *len = hl;
  if (cap < hl)
    return XNET_ENOBUFS;
  uint16_t fragword = (uint16_t)((h->flags & 0x7u) << 13 | (h->frag_off & 0x1fffu));
  buf[0] = (uint8_t)(XNET_IPV4_VERSION << 4 | hl >> 2);
  buf[1] = h->tos;
  wr_16(buf + 2, h->total_len, host_order && little);
  xnet__put_be16(buf + 4, h->id);
  wr_16(buf + 6, fragword, host_order && little);
  buf[8] = h->ttl;
  buf[9] = h->protocol;
  xnet__put_be16(buf + 10, h->checksum);
  memcpy(buf + 12, h->src, 4);
  memcpy(buf + 16, h->dst, 4);
  if (h->options_len)
    memcpy(buf + XNET_IPV4_HEADER_LEN, h->options, h->options_len);
  return 0;
}

int xnet_ipv4_header_marshal(const xnet_ipv4_header *h, uint8_t *buf,
                             size_t cap, size_t *len) {
  return marshal(h, 0, 0, buf, cap, len);
}

int xnet_ipv4_header_marshal_raw(const xnet_profile *p,
                                 const xnet_ipv4_header *h, uint8_t *buf,
                                 size_t cap, size_t *len) {
  if (p == NULL)
    return XNET_EINVAL;
  return marshal(h, p->ipv4_raw_host_order, p->little_endian, buf, cap, len);
}

int xnet_ipv4_header_checksum(const uint8_t *b, size_t n, uint16_t *sum) {
  if (sum == NULL)
    return XNET_EINVAL;
  *sum = 0;
  if (b == NULL)
    return XNET_EINVAL;
  int hl = header_len(b, n);
  if (hl < 0)
    return hl;
  /* The sum with the checksum field as zero: subtract the field, in one's
   * complement (adding its complement). */
  uint32_t s = header_sum(b, (size_t)hl) + (uint16_t)~xnet__get_be16(b + 10);
  s = (s & 0xffffu) + (s >> 16);
  *sum = (uint16_t)~s;
  return 0;
}

int xnet_ipv4_header_verify(const uint8_t *b, size_t n) {
  if (b == NULL)
    return XNET_EINVAL;
  int hl = header_len(b, n);
  if (hl < 0)
    return hl;
  return header_sum(b, (size_t)hl) == 0xffff ? 0 : XNET_EBADCHECKSUM;
}

int xnet_ipv4_header_marshal_checksum(const xnet_ipv4_header *h, uint8_t *buf,
                                      size_t cap, size_t *len) {
  int err = marshal(h, 0, 0, buf, cap, len);
  if (err != 0)
    return err;
  /* The checksum field as marshalled is h->checksum: clear it first. */
  buf[10] = buf[11] = 0;
  xnet__put_be16(buf + 10, (uint16_t)~header_sum(buf, *len));
  return 0;
}

/* Dotted quad into a buffer of at least 16 bytes. */
static void fmt_ipv4(char *s, const uint8_t a[4]) {
  snprintf(s, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

int xnet_ipv4_header_format(const xnet_ipv4_header *h, char *buf, size_t n) {
  if (h == NULL)
    return snprintf(buf, n, "<nil>");
  char src[16], dst[16];
  fmt_ipv4(src, h->src);
  fmt_ipv4(dst, h->dst);
  /* Go's %#x prints 0 as "0x0" where C's prints "0": spell the prefix. */
  return snprintf(buf, n,
                  "ver=%u hdrlen=%u tos=0x%x totallen=%u id=0x%x flags=0x%x "
                  "fragoff=0x%x ttl=%u proto=%u cksum=0x%x src=%s dst=%s",
                  (unsigned)h->version, (unsigned)h->len, (unsigned)h->tos,
                  (unsigned)h->total_len, (unsigned)h->id, (unsigned)h->flags,
                  (unsigned)h->frag_off, (unsigned)h->ttl,
                  (unsigned)h->protocol, (unsigned)h->checksum, src, dst);
}
