/* xnet/lookup.h — host and address lookups through the stack's resolver
 * (Go's LookupHost, LookupIP, LookupAddr; LookupPort is in xnet/net.h).
 *
 * On the host stacks these use the system resolver (getaddrinfo and
 * getnameinfo: /etc/hosts, nsswitch, DNS). Results go into caller arrays:
 * with (cap, *count), a full array is not an error — *count says how many
 * were found, at most cap are stored. DNS record lookups (TXT, SRV, MX,
 * NS, CNAME) and lookups against named DNS servers are in xnet/dns.h.
 *
 * Deadlines and cancellation (the _ctx variants, Go's ctx argument): the
 * system resolver cannot be interrupted, so a lookup with a deadline or a
 * canceler runs the resolver on a helper thread and waits for it; when the
 * deadline passes (XNET_ETIMEDOUT, "lookup NAME: i/o timeout") or the
 * canceler fires (XNET_ECANCELED, seen within 20 ms) the caller returns at
 * once and the helper finishes on its own and frees its state. Without a
 * deadline or canceler no thread is made. Limits: the stack must stay open
 * until abandoned helpers finish (the default host stack is never closed);
 * a deadline bounds the caller's wait, not the resolver's work.
 *
 * Thread-safety: reentrant; failures fill the thread's xnet_op_error with
 * op "lookup" and the name.
 */
#ifndef XNET_LOOKUP_H
#define XNET_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/cancel.h"
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

/* xnet_lookup_ip_ctx is xnet_lookup_ip bounded by an absolute deadline on
 * the stack's clock (0: none) and a canceler (NULL: none).
 * Go: LookupIP (Resolver.LookupIPAddr(ctx) in later Go).
 * Errors: as xnet_lookup_ip, and XNET_ETIMEDOUT (deadline passed; a
 * timeout for xnet_error_is_timeout), XNET_ECANCELED, XNET_EAGAIN (no
 * helper thread could be started). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_lookup_ip_ctx(xnet_stack *s, const char *host, int64_t deadline,
                   xnet_canceler *cancel, xnet_ip *out, size_t cap,
                   size_t *count);

/* xnet_lookup_host_ctx is xnet_lookup_host under a deadline and canceler.
 * Go: LookupHost (with ctx in later Go). Errors: as xnet_lookup_ip_ctx. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_lookup_host_ctx(xnet_stack *s, const char *host, int64_t deadline,
                     xnet_canceler *cancel, char (*out)[XNET_IP_STRLEN],
                     size_t cap, size_t *count);

/* xnet_lookup_addr_ctx is xnet_lookup_addr under a deadline and canceler.
 * Go: LookupAddr (with ctx in later Go).
 * Errors: as xnet_lookup_addr, and those of xnet_lookup_ip_ctx. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_lookup_addr_ctx(xnet_stack *s, const char *addr, int64_t deadline,
                     xnet_canceler *cancel, char (*out)[XNET_HOSTNAME_MAX],
                     size_t cap, size_t *count);

#ifdef __cplusplus
}
#endif
#endif /* XNET_LOOKUP_H */
