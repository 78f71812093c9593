/* xnet/lookup.h — host and address lookups through the stack's resolver
 * (Go's LookupHost, LookupIP, LookupAddr; LookupPort is in xnet/net.h).
 *
 * On the host stacks these use the system resolver (getaddrinfo and
 * getnameinfo: /etc/hosts, nsswitch, DNS). Results go into caller arrays:
 * with (cap, *count), a full array is not an error — *count says how many
 * were found, at most cap are stored. DNS record lookups (TXT, SRV, MX,
 * NS, CNAME) are not here.
 *
 * Thread-safety: reentrant; failures fill the thread's xnet_op_error with
 * op "lookup" and the name.
 */
#ifndef XNET_LOOKUP_H
#define XNET_LOOKUP_H

#include <stddef.h>

#include "xnet/address.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Enough for any host name (NI_MAXHOST) and its NUL. */
#define XNET_HOSTNAME_MAX 1025

/* xnet_lookup_ip stores the addresses of host (NULL stack: default). A
 * literal address is returned as itself, as in Go. IPv4 results are
 * 16-byte IPv4-mapped values, as Go's.
 * Go: LookupIP.
 * Errors: XNET_ENOHOST ("no such host"), XNET_EINVAL (empty host),
 * resolver errors (XNET_EAGAIN for a temporary failure). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_lookup_ip(xnet_stack *s,
                                                   const char *host,
                                                   xnet_ip *out, size_t cap,
                                                   size_t *count);

/* xnet_lookup_host is xnet_lookup_ip with the addresses as text
 * (canonical, as Go's IP.String).
 * Go: LookupHost. Errors: as xnet_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_lookup_host(xnet_stack *s, const char *host,
                 char (*out)[XNET_IP_STRLEN], size_t cap, size_t *count);

/* xnet_lookup_addr stores the names of the address text addr (the system
 * resolver gives one) into out.
 * Go: LookupAddr.
 * Errors: XNET_EBADADDR (addr is not an IP address), XNET_ENOHOST (no
 * name), resolver errors. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_lookup_addr(xnet_stack *s, const char *addr,
                 char (*out)[XNET_HOSTNAME_MAX], size_t cap, size_t *count);

#ifdef __cplusplus
}
#endif
#endif /* XNET_LOOKUP_H */
