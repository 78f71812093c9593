/* ip_addr_int.h — internals shared by the address codec's files (ip_addr*,
 * ip_net*, mac*, hostport*). Never installed.
 */
#ifndef XNET_IP_ADDR_INT_H
#define XNET_IP_ADDR_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/error.h"
#include "xnet/hostport.h"

/* An output cursor with snprintf semantics: it counts every byte it is
 * given but stores only what fits before the terminating NUL, so one pass
 * both writes and measures. */
typedef struct xnet__sbuf {
  char *buf;
  size_t cap;
  size_t len;
} xnet__sbuf;

static inline xnet__sbuf xnet__sbuf_make(char *buf, size_t cap) {
  xnet__sbuf b = {buf, cap, 0};
  return b;
}

static inline void xnet__sbuf_putc(xnet__sbuf *b, char c) {
  if (b->len + 1 < b->cap)
    b->buf[b->len] = c;
  b->len++;
}

static inline void xnet__sbuf_put(xnet__sbuf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    xnet__sbuf_putc(b, s[i]);
}

static inline void xnet__sbuf_puts(xnet__sbuf *b, const char *s) {
  while (*s)
    xnet__sbuf_putc(b, *s++);
}

/* Writes the NUL and returns the full length, as snprintf does; a length
 * that an int cannot carry is XNET_EINVAL. */
static inline int xnet__sbuf_finish(xnet__sbuf *b) {
  if (b->cap > 0)
    b->buf[b->len < b->cap ? b->len : b->cap - 1] = '\0';
  return b->len > (size_t)INT_MAX ? XNET_EINVAL : (int)b->len;
}

/* Lower-case hex, as every Go String() in net prints it. */
static inline char xnet__hex_digit(unsigned v) {
  return "0123456789abcdef"[v & 0xf];
}

/* The value of hex digit c, or -1. */
static inline int xnet__hex_value(char c) {
  unsigned u = (unsigned char)c;
  if (u - '0' < 10)
    return (int)(u - '0');
  u |= 0x20; /* ASCII upper to lower case; no other byte lands in a-f */
  if (u - 'a' < 6)
    return (int)(u - 'a' + 10);
  return -1;
}

/* The 12-byte prefix of an IPv4-mapped IPv6 address, ::ffff:0:0/96
 * (RFC 4291 2.5.5.2): Go's v4InV6Prefix. */
extern const uint8_t xnet__v4_in_v6_prefix[12];

/* Go's simpleMaskLength: the number of leading one bits of m, or -1 when
 * the mask is not ones followed by zeros. */
int xnet__ip_mask_prefix_len(const xnet_ip_mask *m);

/* xnet__hostport_split is SplitHostPort of (s, n), followed by one virtual
 * ':' when trailing_colon is true. ResolveSCTPAddr splits each '/'-separated
 * host h as h + ":"; this spares that copy. Returns 0 or the XNET_E* code
 * of xnet_hostport_split; views point into s. */
int xnet__hostport_split(const char *s, size_t n, bool trailing_colon,
                         xnet_hostport *out);

#endif /* XNET_IP_ADDR_INT_H */
