/* mac.c — hardware addresses: Go's ParseMAC and HardwareAddr.String.
 */
#include <string.h>

#include "ip_addr_int.h"
#include "xnet/mac.h"

/* Go's xtoi2: two hex digits at s[0..2); when more text follows (more is
 * true) the third byte must be sep. */
static bool hex_pair(const char *s, bool more, char sep, uint8_t *out) {
  int hi = xnet__hex_value(s[0]), lo = xnet__hex_value(s[1]);
  if (hi < 0 || lo < 0 || (more && s[2] != sep))
    return false;
  *out = (uint8_t)(hi << 4 | lo);
  return true;
}

int xnet_mac_parse(const char *s, size_t n, xnet_mac *out) {
  size_t count;
  memset(out, 0, sizeof *out);
  /* 14 bytes is the shortest form, "0123.4567.89ab"; below it Go does not
   * look at s[2] or s[4]. */
  if (n < 14)
    return XNET_EBADMAC;
  if (s[2] == ':' || s[2] == '-') {
    /* n = 3 * count - 1: "xx" pairs joined by one separator. */
    if ((n + 1) % 3 != 0)
      return XNET_EBADMAC;
    count = (n + 1) / 3;
    if (count != 6 && count != 8 && count != 20)
      return XNET_EBADMAC;
    for (size_t i = 0, x = 0; i < count; i++, x += 3)
      if (!hex_pair(s + x, x + 2 < n, s[2], &out->bytes[i]))
        goto bad;
  } else if (s[4] == '.') {
    /* n = 5 * count / 2 - 1: "xxxx" groups joined by '.'. */
    if ((n + 1) % 5 != 0)
      return XNET_EBADMAC;
    count = 2 * (n + 1) / 5;
    if (count != 6 && count != 8 && count != 20)
      return XNET_EBADMAC;
    for (size_t i = 0, x = 0; i < count; i += 2, x += 5)
      if (!hex_pair(s + x, false, 0, &out->bytes[i]) ||
          !hex_pair(s + x + 2, x + 4 < n, '.', &out->bytes[i + 1]))
        goto bad;
  } else {
    return XNET_EBADMAC;
  }
  out->len = (uint8_t)count;
  return 0;
bad:
  memset(out, 0, sizeof *out);
  return XNET_EBADMAC;
}

int xnet_mac_format(const xnet_mac *mac, char *buf, size_t cap) {
  xnet__sbuf b = xnet__sbuf_make(buf, cap);
  size_t len = mac->len > XNET_MAC_MAX ? XNET_MAC_MAX : mac->len;
  for (size_t i = 0; i < len; i++) {
    if (i > 0)
      xnet__sbuf_putc(&b, ':');
    xnet__sbuf_putc(&b, xnet__hex_digit(mac->bytes[i] >> 4));
    xnet__sbuf_putc(&b, xnet__hex_digit(mac->bytes[i]));
  }
  return xnet__sbuf_finish(&b);
}
