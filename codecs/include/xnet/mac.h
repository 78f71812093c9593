/* xnet/mac.h — hardware (link-layer) addresses in Go's text forms.
 *
 * Thread-safety: every function is reentrant.
 */
#ifndef XNET_MAC_H
#define XNET_MAC_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest hardware address Go parses: 20-octet IP over InfiniBand. */
#define XNET_MAC_MAX 20
/* Enough for any formatted xnet_mac: 20 pairs, 19 colons, the NUL. */
#define XNET_MAC_STRLEN 60

/* Go's net.HardwareAddr: len is 0 (none), 6 (EUI-48/MAC-48), 8 (EUI-64) or
 * 20 (IPoIB) when parsed; any length up to 20 formats. */
typedef struct xnet_mac {
  uint8_t bytes[XNET_MAC_MAX];
  uint8_t len;
} xnet_mac;

/* xnet_mac_parse parses a 6-, 8- or 20-octet address written as pairs of
 * hex digits separated by ':' or '-' ("01:23:45:67:89:ab",
 * "01-23-45-67-89-ab-cd-ef"; one separator throughout) or as groups of four
 * hex digits separated by '.' ("0123.4567.89ab"). Either case of hex.
 * Go: net.ParseMAC.
 * Errors: XNET_EBADMAC (*out zeroed); Go's error text is
 * xnet_addr_error_format(XNET_EBADMAC, s, n, ...) =
 * "address <s>: invalid MAC address". */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_mac_parse(const char *s, size_t n,
                                                    xnet_mac *out);

/* xnet_mac_format prints lower-case hex pairs joined by ':'; an empty
 * address prints "". snprintf semantics. Go: HardwareAddr.String.
 * Errors: none. */
XNET_API int xnet_mac_format(const xnet_mac *mac, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* XNET_MAC_H */
