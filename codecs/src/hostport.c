/* hostport.c — SplitHostPort, JoinHostPort and numeric ports, checked in
 * the same order as Go's net package so each malformed text gets Go's
 * error.
 */
#include <string.h>

#include "ip_addr_int.h"
#include "xnet/hostport.h"

/* Index of the first c in s[from..n), or n. */
static size_t index_of(const char *s, size_t from, size_t n, char c) {
  const char *p = from < n ? memchr(s + from, c, n - from) : NULL;
  return p ? (size_t)(p - s) : n;
}

int xnet__hostport_split(const char *s, size_t n, bool trailing_colon,
                         xnet_hostport *out) {
  /* The text is s[0..n) plus, when trailing_colon, one ':' at index n. */
  size_t total = n + (trailing_colon ? 1 : 0);
  size_t i, j = 0, k = 0, host_off, host_len;
  int err = 0;

  memset(out, 0, sizeof *out);
  /* The port starts after the last colon. */
  if (trailing_colon) {
    i = n;
  } else {
    for (i = n; i > 0 && s[i - 1] != ':'; i--)
      ;
    if (i == 0)
      return XNET_EMISSINGPORT;
    i--;
  }
  if (n > 0 && s[0] == '[') {
    /* Expect the first ']' just before the last ':'. */
    size_t end = index_of(s, 0, n, ']');
    if (end == n)
      return XNET_EMISSINGBRACKET;
    if (end + 1 == total)
      return XNET_EMISSINGPORT; /* nothing can follow the ']' */
    if (end + 1 != i) {
      /* end + 1 < total, and index n (if virtual) is only reached when
       * end + 1 == n == i, handled above; so s[end + 1] is real. */
      return s[end + 1] == ':' ? XNET_ETOOMANYCOLONS : XNET_EMISSINGPORT;
    }
    host_off = 1;
    host_len = end - 1;
    j = 1;       /* no '[' may follow the first byte */
    k = end + 1; /* no ']' may follow the closing one */
  } else {
    host_off = 0;
    host_len = i;
    if (index_of(s, 0, i, ':') < i)
      return XNET_ETOOMANYCOLONS;
  }
  if (index_of(s, j, n, '[') < n)
    err = XNET_EUNEXPECTEDLBRACKET;
  else if (index_of(s, k, n, ']') < n)
    err = XNET_EUNEXPECTEDRBRACKET;
  if (err != 0)
    return err;
  out->host = s + host_off;
  out->host_len = host_len;
  out->port = s + (i + 1 < n ? i + 1 : n);
  out->port_len = i + 1 < n ? n - i - 1 : 0;
  return 0;
}

int xnet_hostport_split(const char *s, size_t n, xnet_hostport *out) {
  return xnet__hostport_split(s, n, false, out);
}

int xnet_hostport_join(const char *host, size_t host_len, const char *port,
                       size_t port_len, char *buf, size_t cap) {
  xnet__sbuf b = xnet__sbuf_make(buf, cap);
  bool bracket = index_of(host, 0, host_len, ':') < host_len ||
                 index_of(host, 0, host_len, '%') < host_len;
  if (bracket)
    xnet__sbuf_putc(&b, '[');
  xnet__sbuf_put(&b, host, host_len);
  if (bracket)
    xnet__sbuf_putc(&b, ']');
  xnet__sbuf_putc(&b, ':');
  xnet__sbuf_put(&b, port, port_len);
  return xnet__sbuf_finish(&b);
}

int xnet_port_parse(const char *s, size_t n, uint16_t *port) {
  /* Go's parsePort saturates instead of overflowing: once the value
   * reaches 2^30 it stops reading digits (later non-digits go unseen),
   * which makes every huge number an invalid port rather than a name.
   * 64 bits hold 10 * 2^30 + 9, so no step can wrap. */
  const uint64_t cutoff = UINT64_C(1) << 30;
  uint64_t v = 0;
  bool neg = false, saturated = false;
  size_t i = 0;

  *port = 0;
  if (n > 0 && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return XNET_EBADFORMAT;
    if (v >= cutoff) {
      saturated = true;
      break;
    }
    v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (saturated || v >= cutoff || (neg && v != 0) || v > 65535)
    return XNET_EBADPORT;
  *port = (uint16_t)v;
  return 0;
}
