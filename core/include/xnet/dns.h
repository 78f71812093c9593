/* xnet/dns.h — DNS lookups through a resolver object (Go's net.Resolver
 * and its LookupHost, LookupIP, LookupAddr, LookupCNAME, LookupTXT,
 * LookupSRV, LookupMX, LookupNS), and the DNS error (Go's *net.DNSError).
 *
 * These lookups speak DNS directly with c-ares: with a NULL resolver (or
 * one naming no servers) they use /etc/resolv.conf (servers, search list,
 * options); a resolver may instead name its servers (names are then
 * queried as given, without resolv.conf's search list), a per-try timeout and
 * attempt count, an absolute deadline and a canceler. Every lookup runs its
 * queries to completion on the calling thread and honours the deadline
 * (failing with XNET_ETIMEDOUT, a DNS error with the timeout flag) and the
 * canceler (XNET_ECANCELED, seen within 20 ms of xnet_canceler_cancel from
 * any thread). The system-resolver lookups of xnet/lookup.h (getaddrinfo:
 * /etc/hosts, nsswitch) are the ones to use when those sources matter.
 *
 *   xnet_resolver r = {0};
 *   r.servers = "127.0.0.1:5353";
 *   r.deadline = xnet_deadline_in(NULL, 2 * XNET_SECOND);
 *   xnet_mx mx[8]; size_t n;
 *   if (xnet_resolver_lookup_mx(&r, "example.test", mx, 8, &n) < 0)
 *     xnet_dns_error_format(xnet_dns_last_error(), buf, sizeof buf);
 *
 * Names returned (CNAME, SRV targets, MX hosts, NS hosts, PTR names) are
 * absolute, with a trailing dot, as Go's. Arrays are caller-owned with
 * (cap, *count): a full array is not an error — *count says how many were
 * found, at most cap are stored.
 *
 * Limits: the DNS traffic uses host sockets, not the stack's backend; the
 * stack only supplies the clock the deadline is measured on. The server
 * named in an error is the first configured one (c-ares 1.18 does not say
 * which server answered).
 *
 * Thread-safety: reentrant; a resolver value may be shared by threads (it
 * is only read). Failures fill the thread's xnet_dns_error and its
 * xnet_op_error (op "lookup", the name).
 */
#ifndef XNET_DNS_H
#define XNET_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/address.h"
#include "xnet/cancel.h"
#include "xnet/stack.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A domain name in text with its trailing dot and NUL. */
#define XNET_DNS_NAME_MAX 256
/* One TXT record's strings joined, and its NUL. */
#define XNET_DNS_TXT_MAX 2048

/* Go's net.Resolver (with the context's deadline and cancel folded in).
 * The zero value means: /etc/resolv.conf, its timeout and attempts, no
 * deadline, no canceler, the default stack's clock. New fields are added
 * at the end. */
typedef struct xnet_resolver {
  xnet_stack *stack;     /* clock of the deadline (NULL: default stack) */
  const char *servers;   /* "127.0.0.1:5353,[::1]:53" (NULL: resolv.conf);
                          * 53 when there is no port ("127.0.0.1",
                          * "::1"; not "[::1]") */
  int64_t timeout;       /* per-try timeout, ns (0: resolv.conf / 5 s) */
  int attempts;          /* tries per server (0: resolv.conf / 3) */
  int64_t deadline;      /* absolute, the stack's clock (0: none) */
  xnet_canceler *cancel; /* cancels lookups from any thread (NULL: none) */
} xnet_resolver;

/* Go's *net.DNSError. */
typedef struct xnet_dns_error {
  int code;                     /* the XNET_E* code returned */
  char err[64];                 /* the cause: "no such host", "i/o timeout" */
  char name[XNET_DNS_NAME_MAX]; /* the name looked up */
  char server[64];              /* "127.0.0.1:5353" ("" unknown) */
  bool is_timeout;              /* the deadline or every try timed out */
  bool is_temporary;            /* retrying may succeed */
  bool is_not_found;            /* NXDOMAIN or no records of the type */
} xnet_dns_error;

/* Go's net.SRV. */
typedef struct xnet_srv {
  char target[XNET_DNS_NAME_MAX];
  uint16_t port;
  uint16_t priority;
  uint16_t weight;
} xnet_srv;

/* Go's net.MX. */
typedef struct xnet_mx {
  char host[XNET_DNS_NAME_MAX];
  uint16_t pref;
} xnet_mx;

/* xnet_dns_last_error returns this thread's last DNS failure (never NULL;
 * code 0 when none). Owns: the thread; valid until the next failing
 * lookup on this thread. Go: the *net.DNSError of the last lookup.
 * Errors: none. */
XNET_API const xnet_dns_error *xnet_dns_last_error(void);

/* xnet_dns_error_format prints e as Go's DNSError.Error does:
 * "lookup NAME[ on SERVER]: ERR". snprintf semantics.
 * Go: DNSError.Error. Errors: none (returns the length it needs). */
XNET_API int xnet_dns_error_format(const xnet_dns_error *e, char *buf,
                                   size_t cap);

/* xnet_resolver_lookup_ip stores the A and AAAA addresses of host (r
 * NULL: defaults). A literal address is returned as itself. IPv4 results
 * are 16-byte IPv4-mapped values, as Go's; IPv4 addresses come first.
 * Go: LookupIP (Resolver.LookupIPAddr in later Go).
 * Errors: XNET_ENOHOST (not found), XNET_ETIMEDOUT, XNET_ECANCELED,
 * XNET_ESERVFAIL, XNET_ECONNREFUSED, XNET_EINVAL (empty host or bad
 * servers text), XNET_ENOMEM. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_ip(const xnet_resolver *r, const char *host,
                        xnet_ip *out, size_t cap, size_t *count);

/* xnet_resolver_lookup_host is xnet_resolver_lookup_ip with the addresses
 * as text. Go: LookupHost. Errors: as xnet_resolver_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_host(const xnet_resolver *r, const char *host,
                          char (*out)[XNET_IP_STRLEN], size_t cap,
                          size_t *count);

/* xnet_resolver_lookup_addr stores the PTR names of the address text addr.
 * Go: LookupAddr.
 * Errors: XNET_EBADADDR (addr is not an IP address), the others as
 * xnet_resolver_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_addr(const xnet_resolver *r, const char *addr,
                          char (*out)[XNET_DNS_NAME_MAX], size_t cap,
                          size_t *count);

/* xnet_resolver_lookup_cname stores the canonical name of host: the end
 * of its CNAME chain, or host itself (absolute) when it has addresses but
 * no CNAME. Go: LookupCNAME.
 * Errors: as xnet_resolver_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_cname(const xnet_resolver *r, const char *host,
                           char out[XNET_DNS_NAME_MAX]);

/* xnet_resolver_lookup_txt stores the TXT records of name, the strings of
 * one record joined without separator, as Go does.
 * Go: LookupTXT.
 * Errors: XNET_ENOBUFS (a record longer than XNET_DNS_TXT_MAX - 1; nothing
 * stored), the others as xnet_resolver_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_txt(const xnet_resolver *r, const char *name,
                         char (*out)[XNET_DNS_TXT_MAX], size_t cap,
                         size_t *count);

/* xnet_resolver_lookup_srv looks up "_service._proto.name", or name itself
 * when service and proto are both "" (or NULL). Records come sorted by
 * priority and, within a priority, in the weighted random order of RFC
 * 2782. cname (may be NULL) receives the name the records belong to.
 * Go: LookupSRV.
 * Errors: as xnet_resolver_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_srv(const xnet_resolver *r, const char *service,
                         const char *proto, const char *name,
                         char cname[XNET_DNS_NAME_MAX], xnet_srv *out,
                         size_t cap, size_t *count);

/* xnet_resolver_lookup_mx stores the MX records of name sorted by
 * preference (equal preferences in random order, as Go).
 * Go: LookupMX. Errors: as xnet_resolver_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_mx(const xnet_resolver *r, const char *name,
                        xnet_mx *out, size_t cap, size_t *count);

/* xnet_resolver_lookup_ns stores the NS host names of name.
 * Go: LookupNS. Errors: as xnet_resolver_lookup_ip. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_resolver_lookup_ns(const xnet_resolver *r, const char *name,
                        char (*out)[XNET_DNS_NAME_MAX], size_t cap,
                        size_t *count);

#ifdef __cplusplus
}
#endif
#endif /* XNET_DNS_H */
