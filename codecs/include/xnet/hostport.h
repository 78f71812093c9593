/* xnet/hostport.h — "host:port" text (Go's SplitHostPort / JoinHostPort),
 * numeric ports, and the multi-homed SCTP address text "h1/h2/[v6]:port"
 * (ishidawataru/sctp's ResolveSCTPAddr input and SCTPAddr.String).
 *
 * Only literal text is handled here: service names ("http") and host names
 * are resolved by the core, which uses these functions to split the text
 * first. Strings are (s, n), not NUL-dependent; parsed strings are borrowed
 * views into the input, valid as long as it is.
 *
 * Thread-safety: every function is reentrant.
 */
#ifndef XNET_HOSTPORT_H
#define XNET_HOSTPORT_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Enough for any formatted "[ipv6%zone]:65535" with its NUL. */
#define XNET_HOSTPORT_STRLEN (XNET_IP_STRLEN + 8)

/* The two parts of "host:port": borrowed views into the split text (not
 * NUL-terminated). host excludes the brackets; either part may be empty. */
typedef struct xnet_hostport {
  const char *host;
  size_t host_len;
  const char *port;
  size_t port_len;
} xnet_hostport;

/* xnet_hostport_split splits "host:port", "[host]:port" or
 * "[ipv6-host%zone]:port" at the last ':'. The host is not checked to be an
 * address and the port not checked to be a number, as in Go.
 * Go: net.SplitHostPort.
 * Errors (*out zeroed), in Go's order of checks:
 *   XNET_EMISSINGPORT        no ':' at all, "[::1]", "[::1]x:80";
 *   XNET_EMISSINGBRACKET     "[::1:80";
 *   XNET_ETOOMANYCOLONS      "::1:80", "[::1]:80:90";
 *   XNET_EUNEXPECTEDLBRACKET a '[' after the first byte ("a[b:80");
 *   XNET_EUNEXPECTEDRBRACKET a ']' outside the brackets ("a]b:80"). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_hostport_split(const char *s, size_t n, xnet_hostport *out);

/* xnet_hostport_join writes "host:port", or "[host]:port" when host holds a
 * ':' or a '%' (the reference's rule: an IPv6 literal, possibly zoned).
 * snprintf semantics: returns the full length.
 * Go: net.JoinHostPort.
 * Errors: XNET_EINVAL when the text would exceed INT_MAX bytes. */
XNET_API int xnet_hostport_join(const char *host, size_t host_len,
                                const char *port, size_t port_len, char *buf,
                                size_t cap);

/* xnet_port_parse reads a numeric port as Go's parsePort does: decimal
 * digits with an optional '+' or '-' sign, leading zeros allowed; the empty
 * string is port 0 (golang.org/issue/13610).
 * Go: net.LookupPort for numeric services (parsePort + range check).
 * Errors (*port = 0): XNET_EBADPORT for a number outside 0..65535 ("-1",
 * "65536"; Go: "invalid port"); XNET_EBADFORMAT when the text is not a
 * number — a service name, which the core looks up. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_port_parse(const char *s, size_t n,
                                                     uint16_t *port);

/* xnet_sctp_addr_parse reads "h1/h2/.../hN:port": every '/'-separated
 * element but the last is a host (optionally "[bracketed]"), the last is
 * "host:port". Each host must be a literal IP (IPv6 with an optional zone)
 * or empty; an empty one yields a nil address (len 0), except that an empty
 * last host yields no addresses at all (*count = 0), as the Go package
 * does. Addresses are stored in the 16-byte form.
 * Go: sctp.ResolveSCTPAddr (literal addresses, numeric ports; the network
 * "sctp4"/"sctp6" family filter is the caller's).
 * Errors (addrs[0..cap), *count and *port zeroed):
 *   the xnet_hostport_split codes for a malformed element;
 *   XNET_EBADADDR for a host that is not a literal IP (a name: the core's);
 *   the xnet_port_parse codes for the port;
 *   XNET_ENOBUFS when more than cap addresses: *count = the number needed. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_addr_parse(const char *s, size_t n, xnet_ip *addrs, size_t cap,
                     size_t *count, uint16_t *port);

/* xnet_sctp_addr_format writes the addresses joined by '/' — IPv4 ones
 * (4-byte or mapped) plain, IPv6 ones bracketed, each with "%zone" when it
 * has one, nil or wrong-length ones as nothing — then ':' and the port.
 * snprintf semantics. Go: sctp.SCTPAddr.String.
 * Errors: XNET_EINVAL when the text would exceed INT_MAX bytes. */
XNET_API int xnet_sctp_addr_format(const xnet_ip *addrs, size_t count,
                                   uint16_t port, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* XNET_HOSTPORT_H */
