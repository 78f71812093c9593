/* xnet/ipv4_header.h — the IPv4 header: parse, marshal, checksum, String.
 *
 * Two entry points, because the same 20..60 bytes have two byte layouts:
 *  - the wire format (captures, packets on a link): always network order;
 *  - the raw-socket format (IP_HDRINCL writes, raw-socket reads), which on
 *    some kernels keeps total length and fragment offset in host order and,
 *    on receive, strips the header length from total length. The profile
 *    (xnet/profile.h) says which; Linux's raw format is the wire format.
 *
 * Addresses are plain byte arrays in network order; xnet/address.h formats
 * them. Options are a borrowed view into the parsed buffer.
 *
 * Thread-safety: every function is reentrant (no state, no allocation).
 */
#ifndef XNET_IPV4_HEADER_H
#define XNET_IPV4_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Go: ipv4.Version, ipv4.HeaderLen. */
#define XNET_IPV4_VERSION 4
#define XNET_IPV4_HEADER_LEN 20
/* IHL is 4 bits of 32-bit words: at most 60 bytes, so 40 of options. */
#define XNET_IPV4_HEADER_MAX_LEN 60
#define XNET_IPV4_OPTIONS_MAX_LEN 40

/* Header flags, shifted down to bit 0 as Go's HeaderFlags (the wire puts
 * them in the top 3 bits of the flags/fragment-offset word).
 * Go: ipv4.MoreFragments, ipv4.DontFragment. */
#define XNET_IPV4_FLAG_MORE_FRAGMENTS 0x1
#define XNET_IPV4_FLAG_DONT_FRAGMENT 0x2

/* Go: ipv4.Header. Integer fields hold exactly the wire field's range. */
typedef struct xnet_ipv4_header {
  uint8_t version;    /* 4 after a successful parse */
  uint8_t len;        /* header length in bytes: 20 + options_len */
  uint8_t tos;        /* type of service (DSCP + ECN) */
  uint8_t flags;      /* XNET_IPV4_FLAG_* (3 bits) */
  uint16_t total_len; /* whole packet length in bytes, header included */
  uint16_t id;        /* identification */
  uint16_t frag_off;  /* fragment offset, in 8-byte units (13 bits) */
  uint8_t ttl;        /* time to live */
  uint8_t protocol;   /* next protocol (1 ICMP, 6 TCP, 17 UDP, 132 SCTP) */
  uint16_t checksum;  /* header checksum as carried */
  /* Parse only: 1 when the header checksum verifies over the parsed bytes
   * (RFC 1071 sum of the header is 0xffff), else 0. Marshal ignores it. */
  uint8_t checksum_ok;
  uint8_t src[4];     /* source address, network order */
  uint8_t dst[4];     /* destination address, network order */
  /* Options (extension headers), options_len bytes, a multiple of 4 and at
   * most 40. After parse: borrowed, points into the parsed buffer and lives
   * as long as it. For marshal: read, never kept. NULL when options_len 0. */
  const uint8_t *options;
  size_t options_len;
} xnet_ipv4_header;

/* xnet_ipv4_header_size returns the bytes marshal writes for h:
 * 20 + h->options_len (0 for a NULL h). Go: none (len(Marshal())).
 * Errors: none. */
XNET_API size_t xnet_ipv4_header_size(const xnet_ipv4_header *h);

/* xnet_ipv4_header_parse parses the wire-format (network order) header at
 * b[0..n). Reads only the header (IHL*4 bytes); what follows is payload.
 * total_len is not checked against n (a capture may be truncated).
 * Go: ipv4.ParseHeader (with the wire layout of Linux).
 * Errors, checked in this order: XNET_ESHORT (n < 20), XNET_EBADVERSION
 * (version != 4), XNET_EBADHEADER (IHL < 5), XNET_EBADLEN (IHL*4 > n);
 * XNET_EINVAL (NULL b or out). *out zeroed on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_header_parse(const uint8_t *b, size_t n, xnet_ipv4_header *out);

/* xnet_ipv4_header_parse_raw parses a header *received* on a raw IPv4
 * socket of profile p. With p->ipv4_raw_host_order (Darwin, DragonFly),
 * total length and flags/fragment offset are read in the profile's host
 * order and the header length is added back to total length, as the kernel
 * subtracted it; otherwise identical to xnet_ipv4_header_parse.
 * Go: ipv4.Header.Parse / ipv4.ParseHeader on that platform.
 * Errors: as xnet_ipv4_header_parse; XNET_EBADLEN also when the length
 * with the header added back exceeds 65535; XNET_EINVAL if p is NULL.
 * checksum_ok is computed over the bytes as given (a kernel that rewrote
 * total length leaves it 0). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_header_parse_raw(const xnet_profile *p, const uint8_t *b, size_t n,
                           xnet_ipv4_header *out);

/* xnet_ipv4_header_marshal writes h in wire format (network order) into
 * buf[0..cap) and sets *len to the bytes written. The version written is 4
 * and IHL comes from options_len; h->version and h->len may be 0 (filled
 * in) or must agree. The checksum field is h->checksum as given (use
 * xnet_ipv4_header_marshal_checksum to compute it). flags are masked to 3
 * bits, frag_off to 13. A parsed header marshals back to the same bytes.
 * Go: ipv4.Header.Marshal (with the wire layout of Linux).
 * Errors: XNET_EBADOPTION (options_len not a multiple of 4, > 40, or
 * options NULL with options_len > 0), XNET_EBADHEADER (h->len neither 0
 * nor 20 + options_len), XNET_EBADVERSION (h->version neither 0 nor 4),
 * XNET_ENOBUFS (cap too small; *len = needed size), XNET_EINVAL (NULL h or
 * len, or NULL buf with cap > 0). Nothing is written on error. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_header_marshal(const xnet_ipv4_header *h, uint8_t *buf, size_t cap,
                         size_t *len);

/* xnet_ipv4_header_marshal_raw writes h as a header to *send* on a raw IPv4
 * socket (IP_HDRINCL) of profile p. With p->ipv4_raw_host_order, total length
 * and flags/fragment offset are written in the profile's host order and
 * total_len is written as given (sending kernels expect the full length:
 * only received headers have it shortened). Otherwise as marshal.
 * Go: ipv4.Header.Marshal on that platform.
 * Errors: as xnet_ipv4_header_marshal; XNET_EINVAL if p is NULL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_header_marshal_raw(const xnet_profile *p, const xnet_ipv4_header *h,
                             uint8_t *buf, size_t cap, size_t *len);

/* xnet_ipv4_header_checksum computes the header checksum of the wire-format
 * header at b[0..n) (length from its IHL), treating the checksum field as
 * zero, and stores it in *sum (host value; write it big-endian at 10..11).
 * Go: none. Errors: as xnet_ipv4_header_parse, minus the version check. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_header_checksum(const uint8_t *b, size_t n, uint16_t *sum);

/* xnet_ipv4_header_verify checks the header checksum of the wire-format
 * header at b[0..n). Go: none.
 * Errors: XNET_EBADCHECKSUM on mismatch; else as xnet_ipv4_header_checksum. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_header_verify(const uint8_t *b, size_t n);

/* xnet_ipv4_header_marshal_checksum marshals h in wire format with the
 * checksum field computed (h->checksum is ignored). Go: none.
 * Errors: as xnet_ipv4_header_marshal. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_header_marshal_checksum(const xnet_ipv4_header *h, uint8_t *buf,
                                  size_t cap, size_t *len);

/* xnet_ipv4_header_format writes Go's Header.String form into buf[0..n)
 * with snprintf semantics (always NUL-terminated when n > 0) and returns the
 * length the full text needs, without the NUL:
 * "ver=4 hdrlen=20 tos=0x0 totallen=84 id=0x1c46 flags=0x2 fragoff=0x0
 *  ttl=64 proto=1 cksum=0xb1e6 src=172.16.10.99 dst=172.16.10.12".
 * A NULL h gives "<nil>". Go: ipv4.Header.String. Errors: none. */
XNET_API int xnet_ipv4_header_format(const xnet_ipv4_header *h, char *buf,
                                     size_t n);

#ifdef __cplusplus
}
#endif
#endif /* XNET_IPV4_HEADER_H */
