/* xnet/icmp_filter.h — ICMP message filters for raw ICMP sockets.
 *
 * Two filters, both kept in memory in one meaning (a set bit = *block*) so
 * code that edits them never depends on the kernel; only the conversion to
 * and from the kernel's structure bytes knows its layout:
 *  - ICMPv4 (Linux ICMP_FILTER, struct icmp_filter): one 32-bit word, bit t
 *    set = type t blocked. Only types 0..31 can be filtered; the kernel
 *    always delivers types >= 32.
 *  - ICMPv6 (RFC 3542 ICMP6_FILTER, struct icmp6_filter): 8 32-bit words,
 *    256 bits, bit (t & 31) of word (t >> 5) for type t. The meaning of a set
 *    bit differs by kernel: Linux's include/uapi/linux/icmpv6.h
 *    (ICMPV6_FILTER_WILLBLOCK) sets a bit to *block*; RFC 3542 and the BSD
 *    and Darwin <netinet/icmp6.h> macros (ICMP6_FILTER_WILLPASS) set it to
 *    *pass*. The profile's icmp6_filter_set_passes says which.
 * The words are u32 in the target's host order (profile->little_endian).
 * The editing functions ignore a NULL filter (will_block then returns 0).
 *
 * Thread-safety: every function is reentrant; a filter value is the
 * caller's and is not synchronised.
 */
#ifndef XNET_ICMP_FILTER_H
#define XNET_ICMP_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Size of the kernel structures. */
#define XNET_ICMP4_FILTER_SIZE 4
#define XNET_ICMP6_FILTER_SIZE 32

/* Go: ipv4.ICMPFilter (Linux). Bit t of `block` set = type t blocked.
 * The zero value accepts everything. */
typedef struct xnet_icmp4_filter {
  uint32_t block;
} xnet_icmp4_filter;

/* Go: ipv6.ICMPFilter. Bit (t & 31) of block[t >> 5] set = type t blocked,
 * whatever the kernel's convention. The zero value accepts everything. */
typedef struct xnet_icmp6_filter {
  uint32_t block[8];
} xnet_icmp6_filter;

/* xnet_icmp4_filter_accept lets ICMPv4 type `type` through. Types outside
 * 0..31 cannot be filtered: no-op (x/net instead aliases them to type & 31,
 * which the kernel does not do). Go: ipv4.ICMPFilter.Accept. Errors: none. */
XNET_API void xnet_icmp4_filter_accept(xnet_icmp4_filter *f, int type);

/* xnet_icmp4_filter_block blocks ICMPv4 type `type`; no-op outside 0..31
 * (see accept). Go: ipv4.ICMPFilter.Block. Errors: none. */
XNET_API void xnet_icmp4_filter_block(xnet_icmp4_filter *f, int type);

/* xnet_icmp4_filter_set_all blocks (block != 0) or accepts every filterable
 * type. Go: ipv4.ICMPFilter.SetAll. Errors: none. */
XNET_API void xnet_icmp4_filter_set_all(xnet_icmp4_filter *f, int block);

/* xnet_icmp4_filter_will_block returns 1 when type `type` is blocked, else
 * 0; always 0 outside 0..31, as the Linux kernel delivers those types.
 * Go: ipv4.ICMPFilter.WillBlock. Errors: none. */
XNET_API int xnet_icmp4_filter_will_block(const xnet_icmp4_filter *f,
                                          int type);

/* xnet_icmp4_filter_marshal writes f as Linux's struct icmp_filter (one u32
 * in p's host order) into buf[0..cap), *len = 4.
 * Go: the ICMP_FILTER setsockopt in ipv4.PacketConn.SetICMPFilter.
 * Errors: XNET_ENOBUFS (cap < 4; *len = 4), XNET_EINVAL (NULL argument). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_icmp4_filter_marshal(const xnet_profile *p, const xnet_icmp4_filter *f,
                          uint8_t *buf, size_t cap, size_t *len);

/* xnet_icmp4_filter_parse reads Linux's struct icmp_filter from b[0..n).
 * Go: the ICMP_FILTER getsockopt in ipv4.PacketConn.ICMPFilter.
 * Errors: XNET_ESHORT (n < 4), XNET_EBADLEN (n > 4), XNET_EINVAL (NULL
 * argument). *out zeroed on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_icmp4_filter_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                        xnet_icmp4_filter *out);

/* xnet_icmp6_filter_accept lets ICMPv6 type `type` through; no-op outside
 * 0..255. Go: ipv6.ICMPFilter.Accept (ICMP6_FILTER_SETPASS). Errors: none. */
XNET_API void xnet_icmp6_filter_accept(xnet_icmp6_filter *f, int type);

/* xnet_icmp6_filter_block blocks ICMPv6 type `type`; no-op outside 0..255.
 * Go: ipv6.ICMPFilter.Block (ICMP6_FILTER_SETBLOCK). Errors: none. */
XNET_API void xnet_icmp6_filter_block(xnet_icmp6_filter *f, int type);

/* xnet_icmp6_filter_set_all blocks (block != 0) or accepts every type.
 * Go: ipv6.ICMPFilter.SetAll (ICMP6_FILTER_SETBLOCKALL / SETPASSALL).
 * Errors: none. */
XNET_API void xnet_icmp6_filter_set_all(xnet_icmp6_filter *f, int block);

/* xnet_icmp6_filter_will_block returns 1 when type `type` is blocked, else
 * 0 (also 0 outside 0..255). Go: ipv6.ICMPFilter.WillBlock
 * (ICMP6_FILTER_WILLBLOCK). Errors: none. */
XNET_API int xnet_icmp6_filter_will_block(const xnet_icmp6_filter *f,
                                          int type);

/* xnet_icmp6_filter_marshal writes f as the kernel's struct icmp6_filter
 * (8 u32 words in p's host order, a set bit meaning what the profile
 * says) into buf[0..cap),
 * *len = 32. Go: the ICMP6_FILTER setsockopt in SetICMPFilter.
 * Errors: XNET_ENOBUFS (cap < 32; *len = 32), XNET_EINVAL (NULL argument). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_icmp6_filter_marshal(const xnet_profile *p, const xnet_icmp6_filter *f,
                          uint8_t *buf, size_t cap, size_t *len);

/* xnet_icmp6_filter_parse reads the kernel's struct icmp6_filter from
 * b[0..n) (8 u32 words in p's host order, set bits as the profile says).
 * Go: the ICMP6_FILTER getsockopt in ICMPFilter.
 * Errors: XNET_ESHORT (n < 32), XNET_EBADLEN (n > 32), XNET_EINVAL (NULL
 * argument). *out zeroed on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_icmp6_filter_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                        xnet_icmp6_filter *out);

#ifdef __cplusplus
}
#endif
#endif /* XNET_ICMP_FILTER_H */
