/* xnet/address.h — IP addresses and masks in Go's `net` text forms.
 *
 * An xnet_ip is Go's net.IP as a value: up to 16 bytes and a length. As in
 * Go, both a 4-byte IPv4 address and its 16-byte IPv4-mapped form
 * (::ffff:a.b.c.d) are representable; they print the same ("1.2.3.4"),
 * xnet_ip_equal treats them as equal, and xnet_ip_to4 / xnet_ip_to16 convert.
 * Like Go's ParseIP, the parsers always produce the 16-byte form; wrap the
 * 4 bytes of an IPv4 header with xnet_ip_from4. A length other than 0, 4 or
 * 16 is an invalid address that still prints (Go: "?" + hex); length 0 is
 * Go's nil IP and prints "<nil>".
 *
 * The zone (IPv6 scope, "fe80::1%eth0") is Go's IPAddr.Zone carried along:
 * only xnet_ip_parse_zone accepts one, xnet_ip_format appends it, and
 * xnet_ip_equal ignores it (net.IP has no zone).
 *
 * Strings are taken as (s, n) and need not be NUL-terminated. Formatting
 * follows snprintf: it writes at most cap bytes including the NUL and
 * returns the length the full text needs (XNET_IP_STRLEN always suffices).
 *
 * Related headers: xnet/ip_net.h (IPNet, ParseCIDR), xnet/mac.h
 * (HardwareAddr), xnet/hostport.h (host:port, ports, SCTP address lists).
 *
 * Thread-safety: every function is reentrant; the constants are immutable.
 */
#ifndef XNET_ADDRESS_H
#define XNET_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/error.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XNET_IPV4_LEN 4
#define XNET_IPV6_LEN 16
/* Longest zone kept, without its NUL (Linux IFNAMSIZ - 1). */
#define XNET_IP_ZONE_MAX 15
/* Enough for any formatted xnet_ip: 39 characters of IPv6, '%', a zone,
 * the NUL. */
#define XNET_IP_STRLEN 64
/* Enough for any formatted xnet_ip_mask (32 hex digits and the NUL). */
#define XNET_IP_MASK_STRLEN 33

/* Go's net.IP. len is 0 (nil), 4 or 16 for a valid address; 1..15 other
 * than 4 is an invalid length that formats as "?" + hex. bytes beyond len
 * are zero in everything this library produces. zone is NUL-terminated and
 * "" when there is none. */
typedef struct xnet_ip {
  uint8_t bytes[16];
  uint8_t len;
  char zone[XNET_IP_ZONE_MAX + 1];
} xnet_ip;

/* Go's net.IPMask: len 0 (nil), 4 or 16 (other lengths are representable,
 * as in Go, and rejected where Go rejects them). */
typedef struct xnet_ip_mask {
  uint8_t bytes[16];
  uint8_t len;
} xnet_ip_mask;

/* ---- construction ---------------------------------------------------- */

/* xnet_ip_from4 wraps 4 address bytes (network order) as a 4-byte IP.
 * Go: net.IP(b[:4]). Errors: none. */
XNET_API void xnet_ip_from4(const uint8_t b[4], xnet_ip *out);

/* xnet_ip_from16 wraps 16 address bytes as a 16-byte IP.
 * Go: net.IP(b[:16]). Errors: none. */
XNET_API void xnet_ip_from16(const uint8_t b[16], xnet_ip *out);

/* xnet_ip_v4 returns the 16-byte (IPv4-mapped) form of a.b.c.d.
 * Go: net.IPv4(a, b, c, d). Errors: none. */
XNET_API void xnet_ip_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d,
                         xnet_ip *out);

/* xnet_ip_from_bytes wraps n ≤ 16 bytes of any length, valid or not (for
 * printing raw fields as Go would). Go: net.IP(b).
 * Errors: XNET_EINVAL when n > 16 (*out zeroed). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ip_from_bytes(const uint8_t *b, size_t n, xnet_ip *out);

/* ---- text ------------------------------------------------------------ */

/* xnet_ip_parse parses dotted IPv4 ("192.0.2.1"; an octet with a leading
 * zero is rejected) or IPv6 text ("2001:db8::1", "::ffff:1.2.3.4", hex
 * groups of 1-4 digits in either case); a zone is rejected. The result is
 * always 16 bytes (IPv4 as ::ffff:a.b.c.d), as Go's.
 * Go: net.ParseIP (which is netip.ParseAddr without zones).
 * Errors: XNET_EBADADDR (*out zeroed). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ip_parse(const char *s, size_t n,
                                                   xnet_ip *out);

/* xnet_ip_parse_zone is xnet_ip_parse that also accepts an IPv6 zone,
 * "fe80::1%eth0" (zone: everything after the first '%', non-empty, at most
 * XNET_IP_ZONE_MAX bytes, no NUL byte). IPv4 text never takes a zone, as in Go.
 * Go: netip.ParseAddr / the literal path of net.ResolveIPAddr.
 * Errors: XNET_EBADADDR (*out zeroed).
 * Limits: a zone longer than IFNAMSIZ - 1 or holding a NUL byte, which Go
 * would keep, is refused. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ip_parse_zone(const char *s,
                                                        size_t n,
                                                        xnet_ip *out);

/* xnet_ip_format prints ip as Go does: "<nil>" for length 0, dotted decimal
 * for a 4-byte or IPv4-mapped 16-byte address, RFC 5952 text otherwise
 * (lower-case hex, the longest run of two or more zero groups compressed to
 * "::", leftmost on ties), "?" + hex for any other length; then "%zone" when
 * zone is non-empty. snprintf semantics: returns the full length.
 * As in Go, an IPv4-mapped address with a zone prints "1.2.3.4%zone",
 * text no parser accepts back.
 * Go: net.IP.String, net.IPAddr.String (for the zone). Errors: none. */
XNET_API int xnet_ip_format(const xnet_ip *ip, char *buf, size_t cap);

/* ---- conversion and comparison -------------------------------------- */

/* xnet_ip_to4 converts a 4-byte or IPv4-mapped 16-byte address to 4 bytes
 * (zone dropped). Go: IP.To4.
 * Errors: XNET_EBADADDR when ip is not IPv4 (*out zeroed, i.e. nil). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ip_to4(const xnet_ip *ip,
                                                 xnet_ip *out);

/* xnet_ip_to16 converts a 4-byte address to its IPv4-mapped form and copies
 * a 16-byte one (zone kept). Go: IP.To16.
 * Errors: XNET_EBADADDR for any other length (*out zeroed). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ip_to16(const xnet_ip *ip,
                                                  xnet_ip *out);

/* xnet_ip_equal reports whether a and b are the same address; a 4-byte
 * IPv4 address equals its 16-byte mapped form. Zones are ignored.
 * Go: IP.Equal. */
XNET_API bool xnet_ip_equal(const xnet_ip *a, const xnet_ip *b);

/* ---- classification (Go: the IP.Is* methods) ------------------------- */

/* 0.0.0.0 or ::. Go: IP.IsUnspecified. */
XNET_API bool xnet_ip_is_unspecified(const xnet_ip *ip);
/* 127.0.0.0/8 or ::1. Go: IP.IsLoopback. */
XNET_API bool xnet_ip_is_loopback(const xnet_ip *ip);
/* 10/8, 172.16/12, 192.168/16 (RFC 1918) or fc00::/7 (RFC 4193).
 * Go: IP.IsPrivate. */
XNET_API bool xnet_ip_is_private(const xnet_ip *ip);
/* 224.0.0.0/4 or ff00::/8. Go: IP.IsMulticast. */
XNET_API bool xnet_ip_is_multicast(const xnet_ip *ip);
/* ffx1::/16 (IPv6 only). Go: IP.IsInterfaceLocalMulticast. */
XNET_API bool xnet_ip_is_interface_local_multicast(const xnet_ip *ip);
/* 224.0.0.0/24 or ffx2::/16. Go: IP.IsLinkLocalMulticast. */
XNET_API bool xnet_ip_is_link_local_multicast(const xnet_ip *ip);
/* 169.254.0.0/16 or fe80::/10. Go: IP.IsLinkLocalUnicast. */
XNET_API bool xnet_ip_is_link_local_unicast(const xnet_ip *ip);
/* A valid-length address that is none of: broadcast, unspecified,
 * loopback, multicast, link-local unicast (private addresses count).
 * Go: IP.IsGlobalUnicast. */
XNET_API bool xnet_ip_is_global_unicast(const xnet_ip *ip);

/* ---- well-known addresses (Go's package variables) ------------------ */

/* The IPv4 ones are 16-byte IPv4-mapped values, as Go's IPv4() makes. */
XNET_API extern const xnet_ip xnet_ipv4_bcast;       /* 255.255.255.255 */
XNET_API extern const xnet_ip xnet_ipv4_allsys;      /* 224.0.0.1 */
XNET_API extern const xnet_ip xnet_ipv4_allrouter;   /* 224.0.0.2 */
XNET_API extern const xnet_ip xnet_ipv4_zero;        /* 0.0.0.0 */
XNET_API extern const xnet_ip xnet_ipv6_unspecified; /* :: */
XNET_API extern const xnet_ip xnet_ipv6_loopback;    /* ::1 */
XNET_API extern const xnet_ip xnet_ipv6_interfacelocalallnodes; /* ff01::1 */
XNET_API extern const xnet_ip xnet_ipv6_linklocalallnodes;      /* ff02::1 */
XNET_API extern const xnet_ip xnet_ipv6_linklocalallrouters;    /* ff02::2 */

/* ---- masks ----------------------------------------------------------- */

/* xnet_ip_mask_cidr makes a mask of `ones` leading 1 bits out of `bits`
 * (32 or 128). Go: net.CIDRMask.
 * Errors: XNET_EBADMASK when bits is not 32 or 128 or ones is outside
 * 0..bits (*out zeroed: Go returns nil). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ip_mask_cidr(int ones, int bits,
                                                       xnet_ip_mask *out);

/* xnet_ip_mask_v4 makes the 4-byte mask a.b.c.d. Go: net.IPv4Mask.
 * Errors: none. */
XNET_API void xnet_ip_mask_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d,
                              xnet_ip_mask *out);

/* xnet_ip_mask_size stores the number of leading ones and the total bits
 * (8 * len) of a canonical mask (ones then zeros); a non-canonical mask
 * gives 0, 0, as does a nil one. Go: IPMask.Size. Errors: none. */
XNET_API void xnet_ip_mask_size(const xnet_ip_mask *m, int *ones, int *bits);

/* xnet_ip_mask_format prints the mask as lower-case hex without separators
 * ("ffffff00"), "<nil>" when its length is 0. snprintf semantics.
 * Go: IPMask.String. Errors: none. */
XNET_API int xnet_ip_mask_format(const xnet_ip_mask *m, char *buf,
                                 size_t cap);

/* xnet_ip_default_mask gives the classful mask of an IPv4 address
 * (class A /8, B /16, C /24; 4 bytes). Go: IP.DefaultMask.
 * Errors: XNET_EBADADDR when ip is not IPv4 (*out zeroed: Go's nil). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ip_default_mask(const xnet_ip *ip, xnet_ip_mask *out);

/* xnet_ip_apply_mask stores ip AND mask. A 16-byte mask whose first 12
 * bytes are ff applies to a 4-byte IP, and a 4-byte mask to an IPv4-mapped
 * 16-byte IP (the result then has 4 bytes), as in Go. Zone dropped.
 * Go: IP.Mask.
 * Errors: XNET_EBADMASK when the lengths do not match (*out zeroed: nil). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_ip_apply_mask(const xnet_ip *ip,
                                                        const xnet_ip_mask *mask,
                                                        xnet_ip *out);

/* ---- error text ------------------------------------------------------ */

/* xnet_addr_error_format prints the Go error text for a failed address
 * parse of the text (s, n): XNET_EBADCIDR gives "invalid CIDR address: s"
 * and XNET_EBADADDR "invalid IP address: s" (Go's ParseError); every other
 * code gives "address s: <xnet_strerror(code)>" (Go's AddrError, e.g.
 * "address 1.2.3.4: missing port in address"). snprintf semantics.
 * Go: ParseError.Error, AddrError.Error.
 * Errors: XNET_EINVAL when the text would exceed INT_MAX bytes. */
XNET_API int xnet_addr_error_format(int code, const char *s, size_t n,
                                    char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* XNET_ADDRESS_H */
