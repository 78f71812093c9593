/* xnet/ipv4_cmsg.h — per-packet IPv4 control messages (x/net/ipv4's
 * ControlMessage): received TTL, TOS, destination and interface; source
 * and interface to send with.
 *
 * What is sent and received is the profile's business (xnet/cmsg.h):
 *  - Linux and Darwin exchange struct in_pktinfo (IP_PKTINFO): sending
 *    sets spec_dst = src and ifindex; receiving yields ifindex and the
 *    header destination (ipi_addr) as dst.
 *  - FreeBSD, NetBSD, OpenBSD and DragonFly receive IP_RECVDSTADDR (dst)
 *    and IP_RECVIF (a sockaddr_dl whose sdl_index is the interface) and
 *    send the source with IP_SENDSRCADDR; they cannot choose the outgoing
 *    interface per packet, so ifindex is not sent there.
 *  - TTL arrives as an int (Linux IP_TTL) or one byte (BSD IP_RECVTTL).
 * As in Go, marshal silently leaves out what the flavour cannot send, and
 * parse skips messages of other levels and of unknown types.
 *
 * Truncation (MSG_CTRUNC): parse reads every whole message, fills the
 * fields they carry, sets in `cut` the flags of recognised options that
 * were cut short, and returns XNET_ETRUNCATED. A kernel that drops a
 * message entirely (Linux, once fewer than a header's bytes are left)
 * leaves no trace in the bytes: compare the flags asked for with `has`,
 * and check MSG_CTRUNC. (A flag is in both `has` and `cut` only when a
 * whole copy of an option is followed by a cut one, which kernels do not
 * send.)
 *
 * Thread-safety: reentrant.
 */
#ifndef XNET_IPV4_CMSG_H
#define XNET_IPV4_CMSG_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/profile.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Control flags (Go: ipv4.ControlFlags): which options to receive, and
 * in xnet_ipv4_cmsg.has / .cut which fields hold a value. */
enum {
  XNET_IPV4_FLAG_TTL = 1 << 0,       /* Go: FlagTTL */
  XNET_IPV4_FLAG_SRC = 1 << 1,       /* Go: FlagSrc */
  XNET_IPV4_FLAG_DST = 1 << 2,       /* Go: FlagDst */
  XNET_IPV4_FLAG_INTERFACE = 1 << 3, /* Go: FlagInterface */
  XNET_IPV4_FLAG_TOS = 1 << 4        /* xnet: received TOS byte */
};

/* One packet's IPv4 options (Go: ipv4.ControlMessage). Zero-initialise
 * before filling it for marshal. */
typedef struct xnet_ipv4_cmsg {
  uint32_t ttl;     /* time-to-live, receiving only */
  uint32_t tos;     /* type-of-service byte, receiving only (xnet) */
  uint8_t src[4];   /* source address, specifying only; set when has
                       includes XNET_IPV4_FLAG_SRC (Go: Src != nil) */
  uint8_t dst[4];   /* destination address, receiving only; set when has
                       includes XNET_IPV4_FLAG_DST */
  uint32_t ifindex; /* interface index; when specifying, 0 means none */
  uint32_t has;     /* XNET_IPV4_FLAG_* of the fields that hold a value:
                       parse sets it; marshal reads only the SRC bit */
  uint32_t cut;     /* after parse: flags of options cut short */
} xnet_ipv4_cmsg;

/* xnet_ipv4_cmsg_space returns the receive-buffer size for the options
 * flags asks for on this flavour (sum of CMSG_SPACE of each message the
 * kernel will deliver); flags the flavour cannot deliver add nothing.
 * Go: ipv4.NewControlMessage (its length). Errors: none (0 for a profile
 * without a cmsg ABI). */
XNET_API size_t xnet_ipv4_cmsg_space(const xnet_profile *p, uint32_t flags);

/* xnet_ipv4_cmsg_marshal encodes the sending options of in (src, ifindex)
 * for this flavour into buf; *len is the number of bytes written (0 when
 * there is nothing to send, or in is NULL).
 * Go: (*ipv4.ControlMessage).Marshal.
 * Errors: XNET_ENOBUFS (cap too small; *len = the size needed);
 *   XNET_EINVAL (len NULL, or a profile without a cmsg ABI). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_cmsg_marshal(const xnet_profile *p, const xnet_ipv4_cmsg *in,
                       uint8_t *buf, size_t cap, size_t *len);

/* xnet_ipv4_cmsg_parse decodes the control buffer b[0..n) as received by
 * recvmsg on this flavour. Messages of other levels and unknown types are
 * skipped; a recognised option must have exactly its payload size (a
 * sockaddr_dl at least up to sdl_index).
 * Go: (*ipv4.ControlMessage).Parse.
 * Errors: XNET_ETRUNCATED (the buffer was cut — a header cut short, a
 *   cmsg_len past the end, or the last message's payload short: *out
 *   keeps every whole option and out->cut lists the cut ones);
 *   XNET_EBADLEN (cmsg_len below the header size, or a recognised
 *   option's payload of the wrong size not explained by truncation;
 *   *out zeroed); XNET_EINVAL (out NULL, or a profile without a cmsg
 *   ABI; *out zeroed). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_ipv4_cmsg_parse(const xnet_profile *p, const uint8_t *b, size_t n,
                     xnet_ipv4_cmsg *out);

/* xnet_ipv4_cmsg_format writes Go's String() form,
 * "ttl=64 src=<nil> dst=127.0.0.1 ifindex=1" (" tos=0x.." is appended
 * when a TOS was received), with snprintf semantics: at most cap bytes
 * including the NUL, returns the length the whole text needs. cm NULL
 * gives "<nil>".
 * Go: (*ipv4.ControlMessage).String. Errors: none. */
XNET_API int xnet_ipv4_cmsg_format(const xnet_ipv4_cmsg *cm, char *buf,
                                   size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* XNET_IPV4_CMSG_H */
