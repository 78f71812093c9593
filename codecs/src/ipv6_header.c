/* ipv6_header.c — the fixed 40-byte IPv6 header (RFC 8200 §3): parse,
 * marshal and Go's String form.
 *
 * Layout: version (4 bits), traffic class (8), flow label (20), payload
 * length (16), next header (8), hop limit (8), source (128), destination
 * (128), all network order.
 */
#include "xnet/ipv6_header.h"

#include <stdio.h>
#include <string.h>

int xnet_ipv6_header_parse(const uint8_t *b, size_t n, xnet_ipv6_header *out) {
  if (out == NULL)
    return XNET_EINVAL;
  int err = 0;
  if (b == NULL)
    err = XNET_EINVAL;
  else if (n < XNET_IPV6_HEADER_LEN)
    err = XNET_ESHORT;
  else if (b[0] >> 4 != XNET_IPV6_VERSION)
    err = XNET_EBADVERSION;
  /* Zeroing first makes the padding deterministic too: parsed headers
   * compare equal with memcmp when their fields do. */
  memset(out, 0, sizeof *out);
  if (err != 0)
    return err;
  out->version = XNET_IPV6_VERSION;
  out->traffic_class = (uint8_t)((b[0] & 0x0f) << 4 | b[1] >> 4);
  out->flow_label = (uint32_t)(b[1] & 0x0f) << 16 | (uint32_t)b[2] << 8 | b[3];
  out->payload_len = (uint16_t)(b[4] << 8 | b[5]);
  out->next_header = b[6];
  out->hop_limit = b[7];
  memcpy(out->src, b + 8, 16);
  memcpy(out->dst, b + 24, 16);
  return 0;
}

int xnet_ipv6_header_marshal(const xnet_ipv6_header *h, uint8_t *buf,
                             size_t cap, size_t *len) {
  if (h == NULL || len == NULL || (buf == NULL && cap > 0))
    return XNET_EINVAL;
  *len = XNET_IPV6_HEADER_LEN;
  if (cap < XNET_IPV6_HEADER_LEN)
    return XNET_ENOBUFS;
  uint32_t fl = h->flow_label & 0xfffffu;
  buf[0] = (uint8_t)(XNET_IPV6_VERSION << 4 | h->traffic_class >> 4);
  buf[1] = (uint8_t)((h->traffic_class & 0x0f) << 4 | fl >> 16);
  buf[2] = (uint8_t)(fl >> 8);
  buf[3] = (uint8_t)fl;
  buf[4] = (uint8_t)(h->payload_len >> 8);
  buf[5] = (uint8_t)h->payload_len;
  buf[6] = h->next_header;
  buf[7] = h->hop_limit;
  memcpy(buf + 8, h->src, 16);
  memcpy(buf + 24, h->dst, 16);
  return 0;
}

/* Formats a as Go's net.IP.String does (s holds at least 46 bytes):
 * IPv4-mapped addresses (::ffff:a.b.c.d) in dotted form, others per RFC
 * 5952: lower-case hex without leading zeros, the longest run of two or
 * more zero groups (the first on a tie) as "::". */
static void fmt_ipv6(char *s, const uint8_t a[16]) {
  static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (memcmp(a, mapped, sizeof mapped) == 0) {
    snprintf(s, 46, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
    return;
  }
  unsigned g[8];
  for (int i = 0; i < 8; i++)
    g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
  int best = -1, best_len = 1; /* a lone zero group is not compressed */
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && g[j] == 0)
      j++;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j > i ? j : i + 1;
  }
  size_t off = 0;
  for (int i = 0; i < 8; i++) {
    if (i == best) {
      s[off++] = ':';
      s[off++] = ':';
      i += best_len - 1;
      continue;
    }
    if (off > 0 && s[off - 1] != ':')
      s[off++] = ':';
    off += (size_t)snprintf(s + off, 46 - off, "%x", g[i]);
  }
  s[off] = '\0';
}

int xnet_ipv6_header_format(const xnet_ipv6_header *h, char *buf, size_t n) {
  if (h == NULL)
    return snprintf(buf, n, "<nil>");
  char src[46], dst[46];
  fmt_ipv6(src, h->src);
  fmt_ipv6(dst, h->dst);
  /* Go's %#x prints 0 as "0x0" where C's prints "0": spell the prefix. */
  return snprintf(buf, n,
                  "ver=%u tclass=0x%x flowlbl=0x%x payloadlen=%u nxthdr=%u "
                  "hoplim=%u src=%s dst=%s",
                  (unsigned)h->version, (unsigned)h->traffic_class,
                  (unsigned)h->flow_label, (unsigned)h->payload_len,
                  (unsigned)h->next_header, (unsigned)h->hop_limit, src, dst);
}
