/* ip_addr_error.c — Go's error texts for address parsing: ParseError
 * ("invalid CIDR address: x") and AddrError ("address x: missing port in
 * address"). The texts are built in the caller's buffer, never in a static
 * one.
 */
#include "ip_addr_int.h"
#include "xnet/address.h"

int xnet_addr_error_format(int code, const char *s, size_t n, char *buf,
                           size_t cap) {
  xnet__sbuf b = xnet__sbuf_make(buf, cap);
  if (code == XNET_EBADCIDR || code == XNET_EBADADDR) {
    xnet__sbuf_puts(&b, code == XNET_EBADCIDR ? "invalid CIDR address: "
                                              : "invalid IP address: ");
    xnet__sbuf_put(&b, s, n);
  } else {
    /* AddrError omits the "address x: " part when the text is empty. */
    if (n > 0) {
      xnet__sbuf_puts(&b, "address ");
      xnet__sbuf_put(&b, s, n);
      xnet__sbuf_puts(&b, ": ");
    }
    xnet__sbuf_puts(&b, xnet_strerror(code));
  }
  return xnet__sbuf_finish(&b);
}
