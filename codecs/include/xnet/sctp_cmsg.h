/* xnet/sctp_cmsg.h — SCTP ancillary data payloads (RFC 6458 section 5.3).
 *
 * The payload bytes of the IPPROTO_SCTP control messages — sctp_sndinfo,
 * sctp_rcvinfo, sctp_nxtinfo, sctp_prinfo, sctp_initmsg and the deprecated
 * sctp_sndrcvinfo — in a layout's ABI (xnet/sctp_abi.h), with each layout's
 * cmsg level and type. Framing a payload in a cmsghdr is the generic cmsg
 * writer/iterator's job (xnet/cmsg.h); these functions read and write only
 * what follows the header, and payloads must be exactly the struct's size.
 *
 * Flags are portable (XNET_SCTP_UNORDERED ...; see xnet/sctp_abi.h) and
 * mapped through the layout; native bits without a portable name travel in
 * bits 16..31. ppid and context are opaque 32-bit values: they are stored
 * in the layout's byte order exactly as the kernel sees them, and the wire
 * carries ppid's bytes as they lie in memory (RFC 6458), so a ppid meant to
 * read as a number on the wire is usually passed through htonl() first, as
 * with Go's Htonui32.
 *
 * Thread-safety: every function is reentrant.
 */
#ifndef XNET_SCTP_CMSG_H
#define XNET_SCTP_CMSG_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/sctp_abi.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* struct sctp_sndinfo, 16 bytes (Go: SndInfo). */
typedef struct xnet_sctp_sndinfo {
  uint16_t sid;
  uint32_t flags; /* portable XNET_SCTP_* flags */
  uint32_t ppid;
  uint32_t context;
  int32_t assoc_id;
} xnet_sctp_sndinfo;

/* struct sctp_rcvinfo, 28 bytes (Go: RcvInfo). */
typedef struct xnet_sctp_rcvinfo {
  uint16_t sid;
  uint16_t ssn;
  uint32_t flags; /* portable; XNET_SCTP_UNORDERED */
  uint32_t ppid;
  uint32_t tsn;
  uint32_t cumtsn;
  uint32_t context;
  int32_t assoc_id;
} xnet_sctp_rcvinfo;

/* struct sctp_nxtinfo, 16 bytes. */
typedef struct xnet_sctp_nxtinfo {
  uint16_t sid;
  uint32_t flags; /* portable; UNORDERED, NOTIFICATION, COMPLETE */
  uint32_t ppid;
  uint32_t length;
  int32_t assoc_id;
} xnet_sctp_nxtinfo;

/* struct sctp_prinfo, 8 bytes. */
typedef struct xnet_sctp_prinfo {
  xnet_sctp_pr_policy policy;
  uint32_t value; /* TTL in ms, or number of retransmissions, or priority */
} xnet_sctp_prinfo;

/* struct sctp_sndrcvinfo (deprecated; Linux 32 bytes, FreeBSD 128; usrsctp
 * has none). The PR-SCTP policy shares sinfo_flags with the flags; the
 * FreeBSD key-number fields and padding are not decoded (written as 0). */
typedef struct xnet_sctp_sndrcvinfo {
  uint16_t stream;
  uint16_t ssn;
  uint32_t flags; /* portable flags */
  xnet_sctp_pr_policy pr_policy;
  uint32_t ppid;
  uint32_t context;
  uint32_t timetolive; /* the PR-SCTP value */
  uint32_t tsn;
  uint32_t cumtsn;
  int32_t assoc_id;
} xnet_sctp_sndrcvinfo;

/* struct sctp_initmsg, 8 bytes: the SCTP_INIT payload and the
 * SCTP_INITMSG socket option (Go: InitOptions' first four fields). */
typedef struct xnet_sctp_initmsg {
  uint16_t num_ostreams;
  uint16_t max_instreams;
  uint16_t max_attempts;
  uint16_t max_init_timeo; /* milliseconds */
} xnet_sctp_initmsg;

/* xnet_sctp_cmsg_info gives the cmsg level, type and payload length of one
 * kind of SCTP ancillary data in the layout. Any out pointer may be NULL.
 * Go: none (the unix.SCTP_* constants).
 * Errors: XNET_EINVAL (kind out of range, NULL layout), XNET_ENOTSUP (the
 * layout has no such control message). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_cmsg_info(
    const xnet_sctp_layout *layout, xnet_sctp_cmsg_type kind, int *level,
    int *type, size_t *len);

/* xnet_sctp_cmsg_kind identifies a received control message by its level
 * and type.
 * Go: none.
 * Errors: XNET_EINVAL (NULL argument), XNET_EBADTYPE (not an SCTP control
 * message of this layout; *kind is then 0). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_cmsg_kind(
    const xnet_sctp_layout *layout, int level, int type,
    xnet_sctp_cmsg_type *kind);

/* Parsers: b[0..n) is the payload of one control message (or the socket
 * option value for initmsg). On error *out is zeroed.
 * Errors: XNET_ESHORT (n below the struct's size), XNET_EBADLEN (n above
 * it), XNET_ENOTSUP (the layout has no such struct: sndrcvinfo on usrsctp),
 * XNET_EBADFORMAT (a PR-SCTP policy the layout does not define),
 * XNET_EINVAL (NULL argument). */

/* Go: the SndInfo WriteMsg takes (read back, e.g. from SCTP_SEND_FAILED). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_sndinfo_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_sndinfo *out);
/* Go: the RcvInfo ReadMsg returns. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_rcvinfo_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_rcvinfo *out);
/* Go: none. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_nxtinfo_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_nxtinfo *out);
/* Go: none. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_prinfo_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_prinfo *out);
/* Go: none (the package uses sndinfo/rcvinfo only). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_sndrcvinfo_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_sndrcvinfo *out);
/* Go: none. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_initmsg_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_initmsg *out);

/* Marshalers: write the struct's exact size into buf, padding zeroed.
 * Errors: XNET_ENOBUFS (cap too small; *len = size needed), XNET_ENOTSUP (a
 * flag, policy or struct the layout lacks), XNET_EINVAL (NULL argument,
 * policy out of range, or bits 16..31 of flags naming a mapped native
 * bit). */

/* Go: SCTPConn.WriteMsg's SndInfo control message. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_sndinfo_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_sndinfo *in, uint8_t *buf,
    size_t cap, size_t *len);
/* Go: none (what a kernel delivers; used by the replay backend). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_rcvinfo_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_rcvinfo *in, uint8_t *buf,
    size_t cap, size_t *len);
/* Go: none. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_nxtinfo_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_nxtinfo *in, uint8_t *buf,
    size_t cap, size_t *len);
/* Go: none. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_prinfo_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_prinfo *in, uint8_t *buf,
    size_t cap, size_t *len);
/* Go: none. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_sndrcvinfo_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_sndrcvinfo *in,
    uint8_t *buf, size_t cap, size_t *len);
/* Go: the SCTP_INITMSG option set from Dialer.InitOptions. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_initmsg_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_initmsg *in, uint8_t *buf,
    size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* XNET_SCTP_CMSG_H */
