/* sctp_chunk_data.c — DATA (RFC 9260 3.3.1) and I-DATA (RFC 8260 2.1)
 * chunks: the user-message carriers the replay backend reassembles.
 */
#include <stdint.h>
#include <string.h>

#include "xnet/error.h"
#include "xnet/sctp_packet.h"

#include "bytes_int.h"

static inline size_t pad4(size_t n) { return (n + 3u) & ~(size_t)3u; }

/* The flag bits DATA and I-DATA share, spelled out as booleans. */
#define SET_FLAG_BOOLS(out, f)                                                 \
  do {                                                                         \
    (out)->flags = (f);                                                        \
    (out)->ending = ((f) & XNET_SCTP_DATA_FLAG_E) != 0;                        \
    (out)->beginning = ((f) & XNET_SCTP_DATA_FLAG_B) != 0;                     \
    (out)->unordered = ((f) & XNET_SCTP_DATA_FLAG_U) != 0;                     \
    (out)->immediate = ((f) & XNET_SCTP_DATA_FLAG_I) != 0;                     \
  } while (0)

int xnet_sctp_data_parse(const xnet_sctp_chunk *c, xnet_sctp_data *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  if (c == NULL || (c->value == NULL && c->value_len > 0))
    return XNET_EINVAL;
  if (c->type != XNET_SCTP_CHUNK_DATA)
    return XNET_EBADTYPE;
  if (c->value_len < XNET_SCTP_DATA_HEADER_LEN - XNET_SCTP_CHUNK_HEADER_LEN)
    return XNET_ESHORT;
  const uint8_t *v = c->value;
  SET_FLAG_BOOLS(out, c->flags);
  out->tsn = xnet__get_be32(v);
  out->stream_id = xnet__get_be16(v + 4);
  out->ssn = xnet__get_be16(v + 6);
  out->ppid = xnet__get_be32(v + 8);
  out->payload = v + 12;
  out->payload_len = c->value_len - 12;
  return 0;
}

size_t xnet_sctp_data_size(const xnet_sctp_data *d) {
  if (d == NULL)
    return 0;
  return pad4(XNET_SCTP_DATA_HEADER_LEN + d->payload_len);
}

/* Checks the common marshal preconditions for a chunk of `l` bytes (before
 * padding) and sets *len; returns 1 when the caller may write. */
static int begin_chunk(size_t l, uint8_t *buf, size_t cap, size_t *len) {
  if (l > UINT16_MAX)
    return XNET_EMSGSIZE;
  *len = pad4(l);
  if (cap < *len)
    return XNET_ENOBUFS;
  memset(buf + l, 0, *len - l);
  return 1;
}

int xnet_sctp_data_marshal(const xnet_sctp_data *d, uint8_t *buf, size_t cap,
                           size_t *len) {
  if (d == NULL || len == NULL || (buf == NULL && cap > 0) ||
      (d->payload == NULL && d->payload_len > 0))
    return XNET_EINVAL;
  if (d->payload_len > UINT16_MAX)
    return XNET_EMSGSIZE;
  size_t l = XNET_SCTP_DATA_HEADER_LEN + d->payload_len;
  int rc = begin_chunk(l, buf, cap, len);
  if (rc <= 0)
    return rc;
  buf[0] = XNET_SCTP_CHUNK_DATA;
  buf[1] = d->flags;
  xnet__put_be16(buf + 2, (uint16_t)l);
  xnet__put_be32(buf + 4, d->tsn);
  xnet__put_be16(buf + 8, d->stream_id);
  xnet__put_be16(buf + 10, d->ssn);
  xnet__put_be32(buf + 12, d->ppid);
  if (d->payload_len > 0)
    memcpy(buf + 16, d->payload, d->payload_len);
  return 0;
}

int xnet_sctp_idata_parse(const xnet_sctp_chunk *c, xnet_sctp_idata *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  if (c == NULL || (c->value == NULL && c->value_len > 0))
    return XNET_EINVAL;
  if (c->type != XNET_SCTP_CHUNK_I_DATA)
    return XNET_EBADTYPE;
  if (c->value_len < XNET_SCTP_IDATA_HEADER_LEN - XNET_SCTP_CHUNK_HEADER_LEN)
    return XNET_ESHORT;
  const uint8_t *v = c->value;
  SET_FLAG_BOOLS(out, c->flags);
  out->tsn = xnet__get_be32(v);
  out->stream_id = xnet__get_be16(v + 4);
  /* v[6..7] is reserved. */
  out->mid = xnet__get_be32(v + 8);
  if (out->beginning)
    out->ppid = xnet__get_be32(v + 12);
  else
    out->fsn = xnet__get_be32(v + 12);
  out->payload = v + 16;
  out->payload_len = c->value_len - 16;
  return 0;
}

int xnet_sctp_idata_marshal(const xnet_sctp_idata *d, uint8_t *buf, size_t cap,
                            size_t *len) {
  if (d == NULL || len == NULL || (buf == NULL && cap > 0) ||
      (d->payload == NULL && d->payload_len > 0))
    return XNET_EINVAL;
  if (d->payload_len > UINT16_MAX)
    return XNET_EMSGSIZE;
  size_t l = XNET_SCTP_IDATA_HEADER_LEN + d->payload_len;
  int rc = begin_chunk(l, buf, cap, len);
  if (rc <= 0)
    return rc;
  buf[0] = XNET_SCTP_CHUNK_I_DATA;
  buf[1] = d->flags;
  xnet__put_be16(buf + 2, (uint16_t)l);
  xnet__put_be32(buf + 4, d->tsn);
  xnet__put_be16(buf + 8, d->stream_id);
  xnet__put_be16(buf + 10, 0);
  xnet__put_be32(buf + 12, d->mid);
  xnet__put_be32(buf + 16, (d->flags & XNET_SCTP_DATA_FLAG_B) ? d->ppid : d->fsn);
  if (d->payload_len > 0)
    memcpy(buf + 20, d->payload, d->payload_len);
  return 0;
}
