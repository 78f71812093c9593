/* fuzz_sctp_cmsg.c — SCTP ancillary-data payloads, socket-option results
 * and sockaddrs, in every layout.
 *
 * Input: one byte choosing the layout (bits 0-1: linux, usrsctp,
 * usrsctp_darwin, freebsd) and the structure (bits 2-5), then its bytes.
 * Invariants, abort() on violation: a failed parse leaves *out zeroed; a
 * successful one marshals back, and parse . marshal is the identity, seen
 * as a byte-identical second marshal (padding is canonical, so the bytes
 * are a faithful fingerprint of the parsed value). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/error.h"
#include "xnet/sctp_abi.h"
#include "xnet/sctp_cmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const xnet_sctp_layout *const layouts[] = {
    &xnet_sctp_layout_linux, &xnet_sctp_layout_usrsctp,
    &xnet_sctp_layout_usrsctp_darwin, &xnet_sctp_layout_freebsd};

typedef int (*parse_fn)(const xnet_sctp_layout *, const uint8_t *, size_t,
                        void *);
typedef int (*marshal_fn)(const xnet_sctp_layout *, const void *, uint8_t *,
                          size_t, size_t *);

/* One row per structure: its codec pair, adapted to untyped pointers. */
#define ROW(name, type)                                                        \
  static int p_##name(const xnet_sctp_layout *l, const uint8_t *b, size_t n,  \
                      void *o) {                                               \
    return xnet_sctp_##name##_parse(l, b, n, (type *)o);                       \
  }                                                                            \
  static int m_##name(const xnet_sctp_layout *l, const void *in, uint8_t *b,  \
                      size_t cap, size_t *len) {                               \
    return xnet_sctp_##name##_marshal(l, (const type *)in, b, cap, len);       \
  }
ROW(sndinfo, xnet_sctp_sndinfo)
ROW(rcvinfo, xnet_sctp_rcvinfo)
ROW(nxtinfo, xnet_sctp_nxtinfo)
ROW(prinfo, xnet_sctp_prinfo)
ROW(sndrcvinfo, xnet_sctp_sndrcvinfo)
ROW(initmsg, xnet_sctp_initmsg)
ROW(status, xnet_sctp_status)
ROW(paddrinfo, xnet_sctp_paddrinfo)
ROW(sockaddr, xnet_sctp_addr)
#undef ROW

static const struct {
  parse_fn parse;
  marshal_fn marshal;
  size_t out_size;
} codecs[] = {
    {p_sndinfo, m_sndinfo, sizeof(xnet_sctp_sndinfo)},
    {p_rcvinfo, m_rcvinfo, sizeof(xnet_sctp_rcvinfo)},
    {p_nxtinfo, m_nxtinfo, sizeof(xnet_sctp_nxtinfo)},
    {p_prinfo, m_prinfo, sizeof(xnet_sctp_prinfo)},
    {p_sndrcvinfo, m_sndrcvinfo, sizeof(xnet_sctp_sndrcvinfo)},
    {p_initmsg, m_initmsg, sizeof(xnet_sctp_initmsg)},
    {p_status, m_status, sizeof(xnet_sctp_status)},
    {p_paddrinfo, m_paddrinfo, sizeof(xnet_sctp_paddrinfo)},
    {p_sockaddr, m_sockaddr, sizeof(xnet_sctp_addr)},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const xnet_sctp_layout *l = layouts[data[0] & 3];
  unsigned which = (unsigned)(data[0] >> 2) % (sizeof codecs / sizeof codecs[0]);
  data++;
  size--;
  /* Large enough for every value type above. */
  union {
    xnet_sctp_status s;
    xnet_sctp_sndrcvinfo q;
    uint8_t bytes[256];
  } out, back;
  uint8_t first[256], second[256];
  size_t len1, len2;
  memset(&out, 0xa5, sizeof out);
  int err = codecs[which].parse(l, data, size, &out);
  if (err) {
    for (size_t i = 0; i < codecs[which].out_size; i++)
      if (out.bytes[i]) abort();
    return 0;
  }
  /* "No address" parses but has no sockaddr of its own to marshal. */
  if (which == 8 && ((xnet_sctp_addr *)&out)->family == XNET_SCTP_AF_UNSPEC)
    return 0;
  if (codecs[which].marshal(l, &out, first, sizeof first, &len1)) abort();
  /* A sockaddr may be followed by more bytes; the fixed structs may not. */
  if (len1 > size || (which != 8 && len1 != size)) abort();
  if (codecs[which].parse(l, first, len1, &back)) abort();
  if (codecs[which].marshal(l, &back, second, sizeof second, &len2)) abort();
  if (len1 != len2 || memcmp(first, second, len1) != 0) abort();

  /* The (level, type) lookup never fails unexpectedly either. */
  if (size >= 2) {
    xnet_sctp_cmsg_type kind;
    int level, type;
    size_t plen;
    err = xnet_sctp_cmsg_kind(l, 132, data[0], &kind);
    if (!err && (xnet_sctp_cmsg_info(l, kind, &level, &type, &plen) ||
                 type != data[0] || plen == 0))
      abort();
  }
  return 0;
}
