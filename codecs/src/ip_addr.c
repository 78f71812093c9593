/* ip_addr.c — IP address text (Go's ParseIP / netip.ParseAddr and
 * IP.String), conversions between the 4- and 16-byte forms, and equality.
 *
 * The parser accepts exactly the texts netip.ParseAddr accepts (Go 1.22;
 * ParseIP is ParseAddr without zones): the first of '.', ':'
 * or '%' decides the family; IPv4 needs four decimal fields without leading
 * zeros; IPv6 has 1-4 hex digits per group, at most one "::", and may end
 * in an embedded IPv4 address filling the last two groups.
 */
#include <string.h>

#include "ip_addr_int.h"
#include "xnet/address.h"

const uint8_t xnet__v4_in_v6_prefix[12] = {0, 0, 0, 0, 0, 0,
                                           0, 0, 0, 0, 0xff, 0xff};

void xnet_ip_from4(const uint8_t b[4], xnet_ip *out) {
  memset(out, 0, sizeof *out);
  memcpy(out->bytes, b, 4);
  out->len = 4;
}

void xnet_ip_from16(const uint8_t b[16], xnet_ip *out) {
  memset(out, 0, sizeof *out);
  memcpy(out->bytes, b, 16);
  out->len = 16;
}

void xnet_ip_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, xnet_ip *out) {
  memset(out, 0, sizeof *out);
  memcpy(out->bytes, xnet__v4_in_v6_prefix, 12);
  out->bytes[12] = a;
  out->bytes[13] = b;
  out->bytes[14] = c;
  out->bytes[15] = d;
  out->len = 16;
}

int xnet_ip_from_bytes(const uint8_t *b, size_t n, xnet_ip *out) {
  memset(out, 0, sizeof *out);
  if (n > 16)
    return XNET_EINVAL;
  if (n > 0)
    memcpy(out->bytes, b, n);
  out->len = (uint8_t)n;
  return 0;
}

/* ---- parsing ----------------------------------------------------------- */

/* The value of decimal digit c, or a value above 9 for any other byte. */
static inline unsigned dec_value(char c) {
  return (unsigned)(unsigned char)c - '0';
}

/* Go's parseIPv4Fields: s[0..n) must be exactly four dotted decimal fields,
 * each 0..255 without a leading zero (which could be read as octal). Read
 * octet by octet: a field has at most three digits, so a fourth digit is
 * rejected as Go rejects it (value above 255 or leading zero). */
static bool parse_v4_fields(const char *s, size_t n, uint8_t f[4]) {
  size_t p = 0;
  for (int k = 0; k < 4; k++) {
    unsigned d, v;
    if (k > 0) {
      if (p >= n || s[p] != '.')
        return false;
      p++;
    }
    if (p >= n || (v = dec_value(s[p])) > 9)
      return false;
    p++;
    if (p < n && (d = dec_value(s[p])) <= 9) {
      if (v == 0)
        return false;
      v = v * 10 + d;
      p++;
      if (p < n && (d = dec_value(s[p])) <= 9) {
        v = v * 10 + d;
        p++;
        if (v > 255 || (p < n && dec_value(s[p]) <= 9))
          return false;
      }
    }
    f[k] = (uint8_t)v;
  }
  return p == n;
}

/* Go's parseIPv6 after the zone is split off: s[0..n) into 16 bytes. */
static bool parse_v6(const char *s, size_t n, uint8_t ip[16]) {
  int ellipsis = -1; /* byte offset where "::" stands, or -1 */
  size_t i = 0;      /* bytes filled */
  size_t p = 0;      /* read position */

  memset(ip, 0, 16);
  if (n >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    p = 2;
    if (p == n)
      return true; /* "::" */
  }
  while (i < 16) {
    size_t off = 0;
    unsigned acc = 0;
    for (; p + off < n; off++) {
      int v = xnet__hex_value(s[p + off]);
      if (v < 0)
        break;
      if (off > 3)
        return false; /* more than four digits in a group */
      acc = (acc << 4) | (unsigned)v;
    }
    if (off == 0)
      return false;
    if (p + off < n && s[p + off] == '.') {
      /* An embedded IPv4 address must take exactly the last 4 bytes. */
      if ((ellipsis < 0 && i != 12) || i + 4 > 16)
        return false;
      if (!parse_v4_fields(s + p, n - p, ip + i))
        return false;
      p = n;
      i += 4;
      break;
    }
    ip[i] = (uint8_t)(acc >> 8);
    ip[i + 1] = (uint8_t)acc;
    i += 2;
    p += off;
    if (p == n)
      break;
    if (s[p] != ':' || p + 1 == n)
      return false;
    p++;
    if (s[p] == ':') {
      if (ellipsis >= 0)
        return false; /* a second "::" */
      ellipsis = (int)i;
      p++;
      if (p == n)
        break;
    }
  }
  if (p != n)
    return false; /* trailing text after eight groups */
  if (i < 16) {
    if (ellipsis < 0)
      return false;
    size_t gap = 16 - i;
    memmove(ip + (size_t)ellipsis + gap, ip + ellipsis, i - (size_t)ellipsis);
    memset(ip + ellipsis, 0, gap);
  } else if (ellipsis >= 0) {
    return false; /* "::" must stand for at least one zero group */
  }
  return true;
}

/* netip.ParseAddr; the zone is kept only when allow_zone is set. */
static int parse_addr(const char *s, size_t n, bool allow_zone, xnet_ip *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '.') {
      if (!parse_v4_fields(s, n, out->bytes + 12))
        break;
      memcpy(out->bytes, xnet__v4_in_v6_prefix, 12);
      out->len = 16;
      return 0;
    }
    if (s[i] == ':') {
      const char *pct = memchr(s, '%', n);
      size_t an = pct ? (size_t)(pct - s) : n;
      if (pct) {
        size_t zn = n - an - 1;
        /* A zone is non-empty, fits, and holds no NUL (it is a C string). */
        if (!allow_zone || zn == 0 || zn > XNET_IP_ZONE_MAX ||
            memchr(pct + 1, '\0', zn) != NULL)
          break;
        memcpy(out->zone, pct + 1, zn);
      }
      if (!parse_v6(s, an, out->bytes))
        break;
      out->len = 16;
      return 0;
    }
    if (s[i] == '%')
      break; /* Go: "missing IPv6 address" */
  }
  memset(out, 0, sizeof *out);
  return XNET_EBADADDR;
}

int xnet_ip_parse(const char *s, size_t n, xnet_ip *out) {
  return parse_addr(s, n, false, out);
}

int xnet_ip_parse_zone(const char *s, size_t n, xnet_ip *out) {
  return parse_addr(s, n, true, out);
}

/* ---- formatting -------------------------------------------------------- */

static void put_dec(xnet__sbuf *b, unsigned v) {
  if (v >= 100)
    xnet__sbuf_putc(b, (char)('0' + v / 100));
  if (v >= 10)
    xnet__sbuf_putc(b, (char)('0' + v / 10 % 10));
  xnet__sbuf_putc(b, (char)('0' + v % 10));
}

static void put_v4(xnet__sbuf *b, const uint8_t *p) {
  for (int i = 0; i < 4; i++) {
    if (i > 0)
      xnet__sbuf_putc(b, '.');
    put_dec(b, p[i]);
  }
}

/* RFC 5952 as netip's string6 applies it: the longest run of two or more
 * zero groups (the first one on ties) becomes "::"; hex without leading
 * zeros, lower case; no dotted tail for any IPv6 address. */
static void put_v6(xnet__sbuf *b, const uint8_t *ip) {
  unsigned group[8];
  int zs = -1, ze = -1;
  for (int g = 0; g < 8; g++)
    group[g] = (unsigned)ip[2 * g] << 8 | ip[2 * g + 1];
  for (int g = 0; g < 8; g++) {
    int j = g;
    while (j < 8 && group[j] == 0)
      j++;
    if (j - g >= 2 && j - g > ze - zs) {
      zs = g;
      ze = j;
    }
  }
  for (int g = 0; g < 8; g++) {
    if (g == zs) {
      xnet__sbuf_put(b, "::", 2);
      g = ze - 1;
      continue;
    }
    if (g > 0 && g != ze)
      xnet__sbuf_putc(b, ':');
    unsigned v = group[g];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned d = (v >> shift) & 0xf;
      if (d != 0 || started || shift == 0) {
        xnet__sbuf_putc(b, xnet__hex_digit(d));
        started = true;
      }
    }
  }
}

static bool is_v4_mapped(const uint8_t *b16) {
  return memcmp(b16, xnet__v4_in_v6_prefix, 12) == 0;
}

int xnet_ip_format(const xnet_ip *ip, char *buf, size_t cap) {
  xnet__sbuf b = xnet__sbuf_make(buf, cap);
  if (ip->len == 0) {
    xnet__sbuf_puts(&b, "<nil>");
  } else if (ip->len == 4) {
    put_v4(&b, ip->bytes);
  } else if (ip->len == 16) {
    if (is_v4_mapped(ip->bytes))
      put_v4(&b, ip->bytes + 12);
    else
      put_v6(&b, ip->bytes);
  } else {
    /* Go prints a wrong-length IP as "?" and its bytes in hex. */
    size_t n = ip->len > 16 ? 16 : ip->len;
    xnet__sbuf_putc(&b, '?');
    for (size_t i = 0; i < n; i++) {
      xnet__sbuf_putc(&b, xnet__hex_digit(ip->bytes[i] >> 4));
      xnet__sbuf_putc(&b, xnet__hex_digit(ip->bytes[i]));
    }
  }
  if (ip->zone[0] != '\0') {
    xnet__sbuf_putc(&b, '%');
    /* Bounded: a caller-built zone may fill the array without a NUL. */
    const char *nul = memchr(ip->zone, '\0', sizeof ip->zone);
    xnet__sbuf_put(&b, ip->zone,
                   nul ? (size_t)(nul - ip->zone) : sizeof ip->zone);
  }
  return xnet__sbuf_finish(&b);
}

/* ---- conversion and comparison ----------------------------------------- */

int xnet_ip_to4(const xnet_ip *ip, xnet_ip *out) {
  if (ip->len == 4 || (ip->len == 16 && is_v4_mapped(ip->bytes))) {
    uint8_t b[4];
    memcpy(b, ip->len == 4 ? ip->bytes : ip->bytes + 12, 4);
    xnet_ip_from4(b, out);
    return 0;
  }
  memset(out, 0, sizeof *out);
  return XNET_EBADADDR;
}

int xnet_ip_to16(const xnet_ip *ip, xnet_ip *out) {
  if (ip->len == 4) {
    xnet_ip_v4(ip->bytes[0], ip->bytes[1], ip->bytes[2], ip->bytes[3], out);
    return 0;
  }
  if (ip->len == 16) {
    *out = *ip;
    return 0;
  }
  memset(out, 0, sizeof *out);
  return XNET_EBADADDR;
}

bool xnet_ip_equal(const xnet_ip *a, const xnet_ip *b) {
  if (a->len == b->len)
    return a->len <= 16 && memcmp(a->bytes, b->bytes, a->len) == 0;
  if (a->len == 4 && b->len == 16)
    return is_v4_mapped(b->bytes) && memcmp(a->bytes, b->bytes + 12, 4) == 0;
  if (a->len == 16 && b->len == 4)
    return is_v4_mapped(a->bytes) && memcmp(a->bytes + 12, b->bytes, 4) == 0;
  return false;
}
