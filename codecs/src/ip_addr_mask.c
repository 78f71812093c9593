/* ip_addr_mask.c — IP masks: CIDRMask, IPv4Mask, IPMask.Size and String,
 * IP.DefaultMask and IP.Mask.
 */
#include <string.h>

#include "ip_addr_int.h"
#include "xnet/address.h"

int xnet_ip_mask_cidr(int ones, int bits, xnet_ip_mask *out) {
  memset(out, 0, sizeof *out);
  if ((bits != 32 && bits != 128) || ones < 0 || ones > bits)
    return XNET_EBADMASK;
  out->len = (uint8_t)(bits / 8);
  for (int i = 0; i < out->len; i++, ones -= 8) {
    if (ones >= 8)
      out->bytes[i] = 0xff;
    else if (ones > 0)
      out->bytes[i] = (uint8_t)~(0xffu >> ones);
    else
      break;
  }
  return 0;
}

void xnet_ip_mask_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d,
                     xnet_ip_mask *out) {
  memset(out, 0, sizeof *out);
  out->bytes[0] = a;
  out->bytes[1] = b;
  out->bytes[2] = c;
  out->bytes[3] = d;
  out->len = 4;
}

/* Go's simpleMaskLength: the count of leading ones, or -1 when a one
 * follows a zero. */
int xnet__ip_mask_prefix_len(const xnet_ip_mask *m) {
  size_t len = m->len > 16 ? 16 : m->len;
  int n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned v = m->bytes[i];
    if (v == 0xff) {
      n += 8;
      continue;
    }
    while (v & 0x80) {
      n++;
      v = (v << 1) & 0xff;
    }
    if (v != 0)
      return -1;
    for (i++; i < len; i++)
      if (m->bytes[i] != 0)
        return -1;
    break;
  }
  return n;
}

void xnet_ip_mask_size(const xnet_ip_mask *m, int *ones, int *bits) {
  int n = xnet__ip_mask_prefix_len(m);
  *ones = n < 0 ? 0 : n;
  *bits = n < 0 ? 0 : 8 * (m->len > 16 ? 16 : m->len);
}

int xnet_ip_mask_format(const xnet_ip_mask *m, char *buf, size_t cap) {
  xnet__sbuf b = xnet__sbuf_make(buf, cap);
  if (m->len == 0)
    xnet__sbuf_puts(&b, "<nil>");
  for (size_t i = 0; i < m->len && i < 16; i++) {
    xnet__sbuf_putc(&b, xnet__hex_digit(m->bytes[i] >> 4));
    xnet__sbuf_putc(&b, xnet__hex_digit(m->bytes[i]));
  }
  return xnet__sbuf_finish(&b);
}

int xnet_ip_default_mask(const xnet_ip *ip, xnet_ip_mask *out) {
  xnet_ip v4;
  if (xnet_ip_to4(ip, &v4) != 0) {
    memset(out, 0, sizeof *out);
    return XNET_EBADADDR;
  }
  /* Classful addressing (RFC 791): A below 128, B below 192, C the rest. */
  if (v4.bytes[0] < 0x80)
    xnet_ip_mask_v4(0xff, 0, 0, 0, out);
  else if (v4.bytes[0] < 0xc0)
    xnet_ip_mask_v4(0xff, 0xff, 0, 0, out);
  else
    xnet_ip_mask_v4(0xff, 0xff, 0xff, 0, out);
  return 0;
}

static bool all_ff(const uint8_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (b[i] != 0xff)
      return false;
  return true;
}

int xnet_ip_apply_mask(const xnet_ip *ip, const xnet_ip_mask *mask,
                       xnet_ip *out) {
  const uint8_t *ib = ip->bytes, *mb = mask->bytes;
  size_t il = ip->len, ml = mask->len;
  /* Go lets a 16-byte mask of the form ffff..ff:xxxx apply to a 4-byte IP,
   * and a 4-byte mask apply to an IPv4-mapped 16-byte IP. */
  if (ml == 16 && il == 4 && all_ff(mb, 12)) {
    mb += 12;
    ml = 4;
  }
  if (ml == 4 && il == 16 && memcmp(ib, xnet__v4_in_v6_prefix, 12) == 0) {
    ib += 12;
    il = 4;
  }
  memset(out, 0, sizeof *out);
  if (il != ml || il > 16)
    return XNET_EBADMASK;
  for (size_t i = 0; i < il; i++)
    out->bytes[i] = ib[i] & mb[i];
  out->len = (uint8_t)il;
  return 0;
}
