/* xnet/cmsg.h — socket control messages (ancillary data) as profile data.
 *
 * A control buffer (msg_control of sendmsg/recvmsg) is a sequence of
 * messages, each a header {cmsg_len, cmsg_level, cmsg_type} followed by a
 * payload, aligned to the kernel's boundary. The header's width, the
 * alignment, and the option numbers and payload layouts differ between
 * kernels; here they are values of a profile (xnet/profile.h), so a Linux
 * buffer can be built and read on a Mac and the other way round.
 *
 * This header has three parts:
 *  - the ABI description a profile carries (struct xnet_cmsg_abi): header
 *    geometry, level numbers, sockaddr layout facts, and one row per
 *    portable control (XNET_CTL_* for IPv4, XNET_CTL6_* for IPv6);
 *  - a generic, bounds-checked iterator over any buffer (any level and
 *    type, payloads as borrowed views) — what the IPv4/IPv6 codecs, the
 *    SCTP codecs and the core use to read frames;
 *  - a generic writer of one message (header + payload + padding).
 * The typed IPv4 and IPv6 messages (Go's ipv4.ControlMessage and
 * ipv6.ControlMessage) are in xnet/ipv4_cmsg.h and xnet/ipv6_cmsg.h.
 *
 * Thread-safety: reentrant; no function keeps state between calls except
 * in the caller-owned iterator.
 */
#ifndef XNET_CMSG_H
#define XNET_CMSG_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/error.h"
#include "xnet/profile.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How a payload is laid out. A row names a kind instead of pointing to a
 * function so that a profile is pure data: the profile objects link
 * without the codecs that interpret them, and adding a flavour adds a
 * table, not code. */
typedef enum xnet_cmsg_kind {
  XNET_CMSG_KIND_NONE = 0,     /* not sent / not read on this flavour */
  XNET_CMSG_KIND_U8,           /* one byte (BSD IP_RECVTTL, IP_RECVTOS) */
  XNET_CMSG_KIND_INT,          /* 32-bit kernel integer (Linux IP_TTL,
                                  IPV6_HOPLIMIT, IPV6_TCLASS) */
  XNET_CMSG_KIND_IN_ADDR,      /* struct in_addr, network order */
  XNET_CMSG_KIND_SOCKADDR_DL,  /* struct sockaddr_dl: variable length, the
                                  interface index is a u16 at
                                  xnet_cmsg_abi.sdl_index_off */
  XNET_CMSG_KIND_IN_PKTINFO,   /* struct in_pktinfo {int ifindex;
                                  in_addr spec_dst; in_addr addr} */
  XNET_CMSG_KIND_IN6_PKTINFO,  /* struct in6_pktinfo {in6_addr; u32 ifindex} */
  XNET_CMSG_KIND_SOCKADDR_IN6, /* struct sockaddr_in6 (28 bytes) */
  XNET_CMSG_KIND_IP6_MTUINFO   /* struct ip6_mtuinfo {sockaddr_in6; u32} */
} xnet_cmsg_kind;

/* Portable IPv4 controls (Go x/net/ipv4's ctlTTL, ctlDst, ... plus TOS). */
enum {
  XNET_CTL_TTL = 0,   /* received TTL */
  XNET_CTL_TOS,       /* received TOS byte (xnet; Go has no TOS cmsg) */
  XNET_CTL_SRC,       /* source address to send from (BSD IP_SENDSRCADDR) */
  XNET_CTL_DST,       /* received destination address (BSD IP_RECVDSTADDR) */
  XNET_CTL_INTERFACE, /* received interface (BSD IP_RECVIF) */
  XNET_CTL_PKTINFO,   /* in_pktinfo both ways (Linux, Darwin). When this
                         row exists it carries Src, Dst and the interface,
                         and the DST/INTERFACE rows are not asked for. */
  XNET_CTL__MAX
};

/* Portable IPv6 controls (Go x/net/ipv6's ctlTrafficClass ... ctlPathMTU). */
enum {
  XNET_CTL6_TCLASS = 0, /* traffic class, both ways */
  XNET_CTL6_HOPLIMIT,   /* hop limit, both ways */
  XNET_CTL6_PKTINFO,    /* in6_pktinfo: send src/ifindex, receive dst/ifindex */
  XNET_CTL6_NEXTHOP,    /* next hop sockaddr_in6, sending only */
  XNET_CTL6_PATHMTU,    /* ip6_mtuinfo, receiving only */
  XNET_CTL6__MAX
};

/* One control on one flavour. type == 0 means the flavour lacks it. */
typedef struct xnet_cmsg_row {
  int32_t level;    /* cmsg_level: IPPROTO_IP (0) or IPPROTO_IPV6 (41) */
  int32_t type;     /* cmsg_type; 0: unsupported */
  uint16_t len;     /* payload bytes: what is sent, what a receive buffer
                       is sized for (for SOCKADDR_DL: sizeof(sockaddr_dl)) */
  uint8_t marshal;  /* xnet_cmsg_kind written when sending, NONE: never */
  uint8_t parse;    /* xnet_cmsg_kind read on receipt, NONE: ignored */
  int32_t recv_opt; /* socket option (at `level`) that asks the kernel to
                       deliver it, 0 for send-only controls */
} xnet_cmsg_row;

/* The control-message ABI of one flavour. The header is
 * {cmsg_len (len_size bytes), int32 level, int32 type}: level sits at
 * offset len_size, type at len_size + 4. The payload starts at
 * CMSG_LEN(0) = hdr_len rounded up to align; a message occupies
 * CMSG_SPACE(n) = CMSG_LEN(0) + n rounded up to align. */
typedef struct xnet_cmsg_abi {
  uint8_t hdr_len;       /* sizeof(struct cmsghdr): 16 Linux, 12 BSDs */
  uint8_t align;         /* CMSG_ALIGN boundary, a power of two */
  uint8_t len_size;      /* width of cmsg_len: 8 (size_t), 4 (socklen_t) */
  uint8_t sa_len_byte;   /* 1: sockaddrs start with a length byte (BSD) */
  uint8_t sdl_index_off; /* offset of sdl_index in struct sockaddr_dl */
  uint16_t af_inet6;     /* AF_INET6 */
  int32_t sol_socket;    /* SOL_SOCKET: 1 Linux, 0xffff BSDs */
  int32_t level_ip;      /* IPPROTO_IP */
  int32_t level_ipv6;    /* IPPROTO_IPV6 */
  xnet_cmsg_row ipv4[XNET_CTL__MAX];
  xnet_cmsg_row ipv6[XNET_CTL6__MAX];
  /* Unix-domain controls, at level sol_socket (xnet/unix.h). */
  int32_t scm_rights;    /* SCM_RIGHTS: payload of 32-bit descriptors */
  int32_t scm_creds;     /* the credentials type (SCM_CREDENTIALS,
                            SCM_CREDS); 0: none */
  uint16_t cred_len;     /* its payload: sizeof the kernel's structure */
  uint8_t cred_pid_off;  /* offsets of the 32-bit pid, real uid and real */
  uint8_t cred_uid_off;  /* gid in that payload */
  uint8_t cred_gid_off;
  uint8_t cred_send;     /* 1: a sender attaches the message (Linux fills
                            it, FreeBSD sends it zeroed for the kernel to
                            fill); 0: only a receiver asks for it */
} xnet_cmsg_abi;

/* One message found by the iterator. data is a borrowed view into the
 * buffer given to xnet_cmsg_iter_init, valid as long as that buffer. */
typedef struct xnet_cmsg {
  int32_t level;
  int32_t type;
  const uint8_t *data; /* payload (CMSG_DATA) */
  size_t len;          /* payload bytes present */
  size_t offset;       /* offset of the header in the buffer */
} xnet_cmsg;

/* Caller-storage iterator; fields are read-only for the caller. The
 * geometry is copied from the profile at init so a step reads no table. */
typedef struct xnet_cmsg_iter {
  const xnet_profile *profile;
  const uint8_t *buf;
  size_t n;
  size_t off;       /* offset of the next header (of the bad one after an
                       error) */
  int status;       /* 0, or the sticky error of xnet_cmsg_iter_next */
  uint8_t hdr_len;  /* copies of the profile's geometry */
  uint8_t len_size;
  uint8_t data_off; /* CMSG_LEN(0) */
  uint8_t align;
  uint8_t little_endian;
} xnet_cmsg_iter;

/* xnet_cmsg_align rounds n up to the profile's cmsg alignment (CMSG_ALIGN);
 * SIZE_MAX when that overflows, 0 for a profile without a cmsg ABI.
 * Go: none (x/net/internal/socket cmsgAlign). Errors: none. */
XNET_API size_t xnet_cmsg_align(const xnet_profile *p, size_t n);

/* xnet_cmsg_len returns CMSG_LEN(payload_len): header, header padding and
 * payload. SIZE_MAX on overflow, 0 for a profile without a cmsg ABI.
 * Go: syscall.CmsgLen. Errors: none. */
XNET_API size_t xnet_cmsg_len(const xnet_profile *p, size_t payload_len);

/* xnet_cmsg_space returns CMSG_SPACE(payload_len): the bytes one message
 * occupies in a buffer, trailing padding included. SIZE_MAX on overflow, 0
 * for a profile without a cmsg ABI.
 * Go: syscall.CmsgSpace. Errors: none. */
XNET_API size_t xnet_cmsg_space(const xnet_profile *p, size_t payload_len);

/* xnet_cmsg_iter_init prepares it to walk buf[0..n) (msg_controllen bytes
 * as returned by recvmsg). buf is borrowed and must outlive the walk.
 * Go: none. Errors: none (a bad profile is reported by _next). */
XNET_API void xnet_cmsg_iter_init(xnet_cmsg_iter *it, const xnet_profile *p,
                                  const uint8_t *buf, size_t n);

/* The slow paths of the inline xnet_cmsg_iter_next (end of buffer, a
 * stopped walk, a malformed header); exported only because that inline
 * function calls it. Not for direct use. */
XNET_API int xnet__cmsg_iter_fail(xnet_cmsg_iter *it, xnet_cmsg *out,
                                  int code);

/* Reads a 32-bit kernel integer in the iterator's byte order. */
static inline uint32_t xnet__cmsg_iter_u32(const xnet_cmsg_iter *it,
                                           const uint8_t *b) {
  return it->little_endian
             ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                   (uint32_t)b[3] << 24
             : (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
                   (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

/* xnet_cmsg_iter_next yields the next message into *out. Never reads
 * outside the buffer and never trusts cmsg_len: the next header is looked
 * for at CMSG_SPACE past this one, or the buffer's end when the last
 * message's padding is missing (Darwin omits it). Messages of every level
 * and type are yielded; skipping is the caller's business. Inline because
 * it is every cmsg reader's inner loop (as glibc inlines CMSG_NXTHDR).
 * Returns 1 with *out filled, 0 at the end of the buffer, or a negative
 * code at the first malformed header; the walk then stops there (it->off
 * is that header's offset) and every later call returns the same code
 * with *out zeroed.
 * Go: syscall.ParseSocketControlMessage (one element per call).
 * Errors: XNET_ESHORT (1 to hdr_len-1 bytes left: a header cut short,
 *   *out zeroed); XNET_EBADLEN (cmsg_len smaller than CMSG_LEN(0), *out
 *   zeroed); XNET_ETRUNCATED (cmsg_len runs past the buffer, the BSD
 *   kernels' MSG_CTRUNC shape: *out still holds the level, type and the
 *   payload bytes present, so the caller can say what was cut);
 *   XNET_EINVAL (profile without a cmsg ABI, *out zeroed). */
XNET_WARN_UNUSED_RESULT static inline int
xnet_cmsg_iter_next(xnet_cmsg_iter *it, xnet_cmsg *out) {
  size_t left = it->n - it->off;
  if (it->status != 0 || left < it->hdr_len)
    return xnet__cmsg_iter_fail(it, out, it->status != 0 ? it->status
                                         : left != 0     ? XNET_ESHORT
                                                         : 0);
  const uint8_t *h = it->buf + it->off;
  uint64_t clen = xnet__cmsg_iter_u32(it, h);
  if (it->len_size == 8) {
    uint64_t hi = xnet__cmsg_iter_u32(it, h + 4);
    clen = it->little_endian ? hi << 32 | clen : clen << 32 | hi;
  }
  if (clen < it->data_off || clen > left)
    return xnet__cmsg_iter_fail(it, out, clen < it->data_off
                                             ? XNET_EBADLEN
                                             : XNET_ETRUNCATED);
  out->level = (int32_t)xnet__cmsg_iter_u32(it, h + it->len_size);
  out->type = (int32_t)xnet__cmsg_iter_u32(it, h + it->len_size + 4);
  out->offset = it->off;
  out->data = h + it->data_off;
  out->len = (size_t)clen - it->data_off;
  /* The next header starts at CMSG_SPACE; the last message may lack its
   * trailing padding, so stop at the buffer's end instead of failing. */
  size_t space = ((size_t)clen + it->align - 1) & ~(size_t)(it->align - 1);
  it->off = space < left ? it->off + space : it->n;
  return 1;
}

/* xnet_cmsg_header_put writes one message header at buf for a payload of
 * payload_len bytes (cmsg_len = CMSG_LEN(payload_len)) and zeroes the
 * header padding, the payload area and the trailing padding; the caller
 * then writes the payload at buf + xnet_cmsg_len(p, 0). *len is set to
 * CMSG_SPACE(payload_len), the offset of the next message.
 * Go: x/net/internal/socket ControlMessage.MarshalHeader.
 * Errors: XNET_ENOBUFS (cap < CMSG_SPACE; *len = the size needed);
 *   XNET_EMSGSIZE (payload too large for the profile's cmsg_len);
 *   XNET_EINVAL (NULL argument or profile without a cmsg ABI). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_cmsg_header_put(const xnet_profile *p, uint8_t *buf, size_t cap,
                     size_t *len, int32_t level, int32_t type,
                     size_t payload_len);

/* xnet_cmsg_put writes one whole message (header, payload copied from
 * payload, zero padding) at buf; *len = CMSG_SPACE(payload_len).
 * payload may be NULL only when payload_len is 0.
 * Go: none (x/net/internal/socket frames with MarshalHeader and a copy;
 * syscall.UnixRights builds one such message). Errors: as
 * xnet_cmsg_header_put. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_cmsg_put(const xnet_profile *p, uint8_t *buf, size_t cap, size_t *len,
              int32_t level, int32_t type, const void *payload,
              size_t payload_len);

#ifdef __cplusplus
}
#endif
#endif /* XNET_CMSG_H */
