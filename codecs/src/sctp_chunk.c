/* sctp_chunk.c — control chunk bodies: INIT/INIT-ACK, SACK, HEARTBEAT(-ACK),
 * ABORT/ERROR, SHUTDOWN, the empty chunks, COOKIE-ECHO and FORWARD-TSN, plus
 * the per-type validation that dispatches to them.
 *
 * Decoders are strict about lengths (a Length the layout does not allow is
 * an error, never silently truncated) and lenient about values (a zero
 * initiate tag decodes; rejecting it is the association's job, RFC 9260
 * 5.1, not the codec's).
 */
#include <stdint.h>
#include <string.h>

#include "xnet/error.h"
#include "xnet/sctp_chunk.h"
#include "xnet/sctp_packet.h"

#include "bytes_int.h"

static inline size_t pad4(size_t n) { return (n + 3u) & ~(size_t)3u; }

/* Common checks of every decoder here: arguments, and the chunk's type. */
static int check_chunk(const xnet_sctp_chunk *c, uint8_t t1, uint8_t t2) {
  if (c == NULL || (c->value == NULL && c->value_len > 0))
    return XNET_EINVAL;
  if (c->type != t1 && c->type != t2)
    return XNET_EBADTYPE;
  return 0;
}

/* Starts a chunk of fixed part `fixed` bytes (header included) followed by
 * `tail_len` bytes: checks the arguments and the size, writes the chunk
 * header and the zero padding, and sets *len. Returns 1 when the caller
 * should fill in the rest, else the error. */
static int begin_chunk(uint8_t type, uint8_t flags, size_t fixed,
                       const void *tail, size_t tail_len, uint8_t *buf,
                       size_t cap, size_t *len) {
  if (len == NULL || (buf == NULL && cap > 0) ||
      (tail == NULL && tail_len > 0))
    return XNET_EINVAL;
  if (fixed > UINT16_MAX || tail_len > UINT16_MAX - fixed)
    return XNET_EMSGSIZE;
  size_t l = fixed + tail_len;
  *len = pad4(l);
  if (cap < *len)
    return XNET_ENOBUFS;
  buf[0] = type;
  buf[1] = flags;
  xnet__put_be16(buf + 2, (uint16_t)l);
  if (tail_len > 0)
    memcpy(buf + fixed, tail, tail_len);
  memset(buf + l, 0, *len - l);
  return 1;
}

/* Walks every TLV of b[0..n) with the parameter iterator (causes share the
 * framing) and maps a framing error to XNET_EBADOPTION. */
static int check_tlvs(const uint8_t *b, size_t n) {
  xnet_sctp_tlv_iter it;
  xnet_sctp_param p;
  int rc;
  xnet_sctp_param_iter_init(&it, b, n);
  while ((rc = xnet_sctp_param_iter_next(&it, &p)) > 0) {
  }
  return rc < 0 ? XNET_EBADOPTION : 0;
}

/* ---- INIT / INIT-ACK ----------------------------------------------------- */

int xnet_sctp_init_parse(const xnet_sctp_chunk *c, xnet_sctp_init *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  int rc = check_chunk(c, XNET_SCTP_CHUNK_INIT, XNET_SCTP_CHUNK_INIT_ACK);
  if (rc != 0)
    return rc;
  const size_t fixed = XNET_SCTP_INIT_HEADER_LEN - XNET_SCTP_CHUNK_HEADER_LEN;
  if (c->value_len < fixed)
    return XNET_ESHORT;
  const uint8_t *v = c->value;
  rc = check_tlvs(v + fixed, c->value_len - fixed);
  if (rc != 0)
    return rc;
  out->type = c->type;
  out->flags = c->flags;
  out->initiate_tag = xnet__get_be32(v);
  out->a_rwnd = xnet__get_be32(v + 4);
  out->outbound_streams = xnet__get_be16(v + 8);
  out->inbound_streams = xnet__get_be16(v + 10);
  out->initial_tsn = xnet__get_be32(v + 12);
  out->params = v + fixed;
  out->params_len = c->value_len - fixed;
  return 0;
}

int xnet_sctp_init_find_param(const xnet_sctp_init *init, uint16_t type,
                              xnet_sctp_param *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  if (init == NULL || (init->params == NULL && init->params_len > 0))
    return XNET_EINVAL;
  xnet_sctp_tlv_iter it;
  int rc;
  xnet_sctp_param_iter_init(&it, init->params, init->params_len);
  while ((rc = xnet_sctp_param_iter_next(&it, out)) > 0) {
    if (out->type == type)
      return 0;
  }
  memset(out, 0, sizeof *out);
  return rc < 0 ? XNET_EBADOPTION : XNET_ENOENT;
}

int xnet_sctp_init_marshal(const xnet_sctp_init *init, uint8_t *buf,
                           size_t cap, size_t *len) {
  if (init == NULL || (init->type != XNET_SCTP_CHUNK_INIT &&
                       init->type != XNET_SCTP_CHUNK_INIT_ACK))
    return XNET_EINVAL;
  int rc = begin_chunk(init->type, init->flags, XNET_SCTP_INIT_HEADER_LEN,
                       init->params, init->params_len, buf, cap, len);
  if (rc <= 0)
    return rc;
  xnet__put_be32(buf + 4, init->initiate_tag);
  xnet__put_be32(buf + 8, init->a_rwnd);
  xnet__put_be16(buf + 12, init->outbound_streams);
  xnet__put_be16(buf + 14, init->inbound_streams);
  xnet__put_be32(buf + 16, init->initial_tsn);
  return 0;
}

/* ---- SACK ---------------------------------------------------------------- */

int xnet_sctp_sack_parse(const xnet_sctp_chunk *c, xnet_sctp_sack *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  int rc = check_chunk(c, XNET_SCTP_CHUNK_SACK, XNET_SCTP_CHUNK_SACK);
  if (rc != 0)
    return rc;
  const size_t fixed = XNET_SCTP_SACK_HEADER_LEN - XNET_SCTP_CHUNK_HEADER_LEN;
  if (c->value_len < fixed)
    return XNET_ESHORT;
  const uint8_t *v = c->value;
  uint16_t gaps = xnet__get_be16(v + 8), dups = xnet__get_be16(v + 10);
  if (c->value_len != fixed + 4u * ((size_t)gaps + dups))
    return XNET_EBADLEN;
  out->cum_tsn_ack = xnet__get_be32(v);
  out->a_rwnd = xnet__get_be32(v + 4);
  out->num_gap_blocks = gaps;
  out->num_dup_tsns = dups;
  out->gap_blocks = v + fixed;
  out->dup_tsns = v + fixed + 4u * gaps;
  return 0;
}

xnet_sctp_gap_block xnet_sctp_sack_gap_block(const xnet_sctp_sack *s,
                                             size_t i) {
  xnet_sctp_gap_block g = {0, 0};
  if (s != NULL && s->gap_blocks != NULL && i < s->num_gap_blocks) {
    g.start = xnet__get_be16(s->gap_blocks + 4 * i);
    g.end = xnet__get_be16(s->gap_blocks + 4 * i + 2);
  }
  return g;
}

uint32_t xnet_sctp_sack_dup_tsn(const xnet_sctp_sack *s, size_t i) {
  if (s == NULL || s->dup_tsns == NULL || i >= s->num_dup_tsns)
    return 0;
  return xnet__get_be32(s->dup_tsns + 4 * i);
}

int xnet_sctp_sack_marshal(const xnet_sctp_sack *s, uint8_t *buf, size_t cap,
                           size_t *len) {
  if (s == NULL || (s->gap_blocks == NULL && s->num_gap_blocks > 0) ||
      (s->dup_tsns == NULL && s->num_dup_tsns > 0))
    return XNET_EINVAL;
  size_t gap_bytes = 4u * s->num_gap_blocks, dup_bytes = 4u * s->num_dup_tsns;
  int rc = begin_chunk(XNET_SCTP_CHUNK_SACK, 0,
                       XNET_SCTP_SACK_HEADER_LEN + gap_bytes + dup_bytes, NULL,
                       0, buf, cap, len);
  if (rc <= 0)
    return rc;
  xnet__put_be32(buf + 4, s->cum_tsn_ack);
  xnet__put_be32(buf + 8, s->a_rwnd);
  xnet__put_be16(buf + 12, s->num_gap_blocks);
  xnet__put_be16(buf + 14, s->num_dup_tsns);
  if (gap_bytes > 0)
    memcpy(buf + XNET_SCTP_SACK_HEADER_LEN, s->gap_blocks, gap_bytes);
  if (dup_bytes > 0)
    memcpy(buf + XNET_SCTP_SACK_HEADER_LEN + gap_bytes, s->dup_tsns, dup_bytes);
  return 0;
}

/* ---- HEARTBEAT / HEARTBEAT-ACK ------------------------------------------- */

int xnet_sctp_heartbeat_parse(const xnet_sctp_chunk *c,
                              xnet_sctp_heartbeat *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  int rc = check_chunk(c, XNET_SCTP_CHUNK_HEARTBEAT,
                       XNET_SCTP_CHUNK_HEARTBEAT_ACK);
  if (rc != 0)
    return rc;
  if (c->value_len < XNET_SCTP_TLV_HEADER_LEN)
    return XNET_ESHORT;
  /* Exactly one parameter, a Heartbeat Info. */
  xnet_sctp_tlv_iter it;
  xnet_sctp_param info, extra;
  xnet_sctp_param_iter_init(&it, c->value, c->value_len);
  if (xnet_sctp_param_iter_next(&it, &info) != 1 ||
      info.type != XNET_SCTP_PARAM_HEARTBEAT_INFO ||
      xnet_sctp_param_iter_next(&it, &extra) != 0)
    return XNET_EBADOPTION;
  out->type = c->type;
  out->flags = c->flags;
  out->info = info.value;
  out->info_len = info.value_len;
  return 0;
}

int xnet_sctp_heartbeat_marshal(const xnet_sctp_heartbeat *hb, uint8_t *buf,
                                size_t cap, size_t *len) {
  if (hb == NULL || (hb->type != XNET_SCTP_CHUNK_HEARTBEAT &&
                     hb->type != XNET_SCTP_CHUNK_HEARTBEAT_ACK))
    return XNET_EINVAL;
  /* The chunk's Length excludes the parameter's padding (it is the last
   * parameter), so chunk and parameter pad to the same boundary. */
  int rc = begin_chunk(hb->type, hb->flags, 8, hb->info, hb->info_len, buf,
                       cap, len);
  if (rc <= 0)
    return rc;
  xnet__put_be16(buf + 4, XNET_SCTP_PARAM_HEARTBEAT_INFO);
  xnet__put_be16(buf + 6, (uint16_t)(4u + hb->info_len));
  return 0;
}

/* ---- ABORT / ERROR ------------------------------------------------------- */

int xnet_sctp_causes_parse(const xnet_sctp_chunk *c, xnet_sctp_causes *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  int rc = check_chunk(c, XNET_SCTP_CHUNK_ABORT, XNET_SCTP_CHUNK_ERROR);
  if (rc != 0)
    return rc;
  rc = check_tlvs(c->value, c->value_len);
  if (rc != 0)
    return rc;
  out->type = c->type;
  out->flags = c->flags;
  out->t_bit = c->type == XNET_SCTP_CHUNK_ABORT &&
               (c->flags & XNET_SCTP_CHUNK_FLAG_T) != 0;
  out->causes = c->value;
  out->causes_len = c->value_len;
  return 0;
}

int xnet_sctp_causes_marshal(const xnet_sctp_causes *c, uint8_t *buf,
                             size_t cap, size_t *len) {
  if (c == NULL ||
      (c->type != XNET_SCTP_CHUNK_ABORT && c->type != XNET_SCTP_CHUNK_ERROR))
    return XNET_EINVAL;
  int rc = begin_chunk(c->type, c->flags, XNET_SCTP_CHUNK_HEADER_LEN,
                       c->causes, c->causes_len, buf, cap, len);
  return rc == 1 ? 0 : rc;
}

/* ---- SHUTDOWN, empty chunks, COOKIE-ECHO --------------------------------- */

int xnet_sctp_shutdown_parse(const xnet_sctp_chunk *c, uint32_t *cum_tsn_ack) {
  if (cum_tsn_ack == NULL)
    return XNET_EINVAL;
  *cum_tsn_ack = 0;
  int rc = check_chunk(c, XNET_SCTP_CHUNK_SHUTDOWN, XNET_SCTP_CHUNK_SHUTDOWN);
  if (rc != 0)
    return rc;
  if (c->value_len < 4)
    return XNET_ESHORT;
  if (c->value_len > 4)
    return XNET_EBADLEN;
  *cum_tsn_ack = xnet__get_be32(c->value);
  return 0;
}

int xnet_sctp_shutdown_marshal(uint32_t cum_tsn_ack, uint8_t *buf, size_t cap,
                               size_t *len) {
  int rc = begin_chunk(XNET_SCTP_CHUNK_SHUTDOWN, 0, XNET_SCTP_SHUTDOWN_LEN,
                       NULL, 0, buf, cap, len);
  if (rc <= 0)
    return rc;
  xnet__put_be32(buf + 4, cum_tsn_ack);
  return 0;
}

int xnet_sctp_empty_chunk_parse(const xnet_sctp_chunk *c, bool *t_bit) {
  if (t_bit == NULL)
    return XNET_EINVAL;
  *t_bit = false;
  if (c == NULL)
    return XNET_EINVAL;
  if (c->type != XNET_SCTP_CHUNK_SHUTDOWN_ACK &&
      c->type != XNET_SCTP_CHUNK_COOKIE_ACK &&
      c->type != XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE)
    return XNET_EBADTYPE;
  if (c->value_len != 0)
    return XNET_EBADLEN;
  *t_bit = c->type == XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE &&
           (c->flags & XNET_SCTP_CHUNK_FLAG_T) != 0;
  return 0;
}

int xnet_sctp_cookie_echo_parse(const xnet_sctp_chunk *c,
                                const uint8_t **cookie, size_t *cookie_len) {
  if (cookie == NULL || cookie_len == NULL)
    return XNET_EINVAL;
  *cookie = NULL;
  *cookie_len = 0;
  int rc =
      check_chunk(c, XNET_SCTP_CHUNK_COOKIE_ECHO, XNET_SCTP_CHUNK_COOKIE_ECHO);
  if (rc != 0)
    return rc;
  *cookie = c->value;
  *cookie_len = c->value_len;
  return 0;
}

/* ---- FORWARD-TSN ----------------------------------------------------------- */

int xnet_sctp_forward_tsn_parse(const xnet_sctp_chunk *c,
                                xnet_sctp_forward_tsn *out) {
  if (out == NULL)
    return XNET_EINVAL;
  memset(out, 0, sizeof *out);
  int rc =
      check_chunk(c, XNET_SCTP_CHUNK_FORWARD_TSN, XNET_SCTP_CHUNK_FORWARD_TSN);
  if (rc != 0)
    return rc;
  if (c->value_len < 4)
    return XNET_ESHORT;
  if ((c->value_len - 4) % 4 != 0)
    return XNET_EBADLEN;
  out->new_cum_tsn = xnet__get_be32(c->value);
  out->num_streams = (c->value_len - 4) / 4;
  out->streams = c->value + 4;
  return 0;
}

xnet_sctp_stream_ssn xnet_sctp_forward_tsn_stream(const xnet_sctp_forward_tsn *f,
                                                  size_t i) {
  xnet_sctp_stream_ssn s = {0, 0};
  if (f != NULL && f->streams != NULL && i < f->num_streams) {
    s.stream_id = xnet__get_be16(f->streams + 4 * i);
    s.ssn = xnet__get_be16(f->streams + 4 * i + 2);
  }
  return s;
}

int xnet_sctp_forward_tsn_marshal(const xnet_sctp_forward_tsn *f,
                                  uint8_t *buf, size_t cap, size_t *len) {
  if (f == NULL)
    return XNET_EINVAL;
  if (f->num_streams > UINT16_MAX / 4u)
    return XNET_EMSGSIZE;
  int rc = begin_chunk(XNET_SCTP_CHUNK_FORWARD_TSN, 0,
                       XNET_SCTP_FORWARD_TSN_HEADER_LEN, f->streams,
                       4u * f->num_streams, buf, cap, len);
  if (rc <= 0)
    return rc;
  xnet__put_be32(buf + 4, f->new_cum_tsn);
  return 0;
}

/* ---- validation ------------------------------------------------------------ */

int xnet_sctp_chunk_validate(const xnet_sctp_chunk *c) {
  if (c == NULL)
    return XNET_EINVAL;
  union {
    xnet_sctp_data data;
    xnet_sctp_idata idata;
    xnet_sctp_init init;
    xnet_sctp_sack sack;
    xnet_sctp_heartbeat hb;
    xnet_sctp_causes causes;
    xnet_sctp_forward_tsn ftsn;
    uint32_t u32;
    bool t;
    struct {
      const uint8_t *p;
      size_t n;
    } view;
  } u;
  switch (c->type) {
  case XNET_SCTP_CHUNK_DATA:
    return xnet_sctp_data_parse(c, &u.data);
  case XNET_SCTP_CHUNK_I_DATA:
    return xnet_sctp_idata_parse(c, &u.idata);
  case XNET_SCTP_CHUNK_INIT:
  case XNET_SCTP_CHUNK_INIT_ACK:
    return xnet_sctp_init_parse(c, &u.init);
  case XNET_SCTP_CHUNK_SACK:
    return xnet_sctp_sack_parse(c, &u.sack);
  case XNET_SCTP_CHUNK_HEARTBEAT:
  case XNET_SCTP_CHUNK_HEARTBEAT_ACK:
    return xnet_sctp_heartbeat_parse(c, &u.hb);
  case XNET_SCTP_CHUNK_ABORT:
  case XNET_SCTP_CHUNK_ERROR:
    return xnet_sctp_causes_parse(c, &u.causes);
  case XNET_SCTP_CHUNK_SHUTDOWN:
    return xnet_sctp_shutdown_parse(c, &u.u32);
  case XNET_SCTP_CHUNK_SHUTDOWN_ACK:
  case XNET_SCTP_CHUNK_COOKIE_ACK:
  case XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE:
    return xnet_sctp_empty_chunk_parse(c, &u.t);
  case XNET_SCTP_CHUNK_COOKIE_ECHO:
    return xnet_sctp_cookie_echo_parse(c, &u.view.p, &u.view.n);
  case XNET_SCTP_CHUNK_FORWARD_TSN:
    return xnet_sctp_forward_tsn_parse(c, &u.ftsn);
  default:
    return 0;
  }
}
