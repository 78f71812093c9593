/* xnet/sctp_chunk.h — SCTP chunk bodies, parameters and error causes.
 *
 * Decoders take a chunk yielded by xnet_sctp_chunk_iter_next (see
 * xnet/sctp_packet.h) and fill a struct whose variable-length parts are
 * views borrowed from the packet bytes. Lists inside a chunk (SACK gap
 * blocks and duplicate TSNs, FORWARD-TSN stream/SSN pairs) are read through
 * indexed accessors over those bytes: nothing is copied or allocated.
 *
 * Parameters (INIT, INIT-ACK, HEARTBEAT) and error causes (ABORT, ERROR)
 * share one TLV layout: 16-bit type or code, 16-bit length covering the
 * 4-byte header and the value, padding to 4 bytes not counted; a chunk's
 * Length excludes the padding of its last parameter (RFC 9260 3.2), so
 * that padding may be missing.
 *
 * Chunks decoded here: INIT, INIT-ACK, SACK, HEARTBEAT, HEARTBEAT-ACK, ABORT,
 * SHUTDOWN, SHUTDOWN-ACK, ERROR, COOKIE-ECHO, COOKIE-ACK, SHUTDOWN-COMPLETE,
 * FORWARD-TSN (DATA and I-DATA are in sctp_packet.h). ECNE, CWR, AUTH,
 * NR-SACK, ASCONF, ASCONF-ACK, RE-CONFIG, PAD, PKTDROP and I-FORWARD-TSN are
 * named and exposed as the iterator's raw chunk view.
 *
 * Builders write one chunk (or parameter, or cause) at buf, zero-padded to
 * a multiple of 4, and set *len to the padded size; a packet is a common
 * header followed by chunks appended this way, then
 * xnet_sctp_packet_finalize(). With cap too small they write nothing and
 * return XNET_ENOBUFS with *len = the size needed.
 *
 * Thread-safety: every function is reentrant.
 */
#ifndef XNET_SCTP_CHUNK_H
#define XNET_SCTP_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/sctp_packet.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fixed sizes, chunk header included. */
#define XNET_SCTP_INIT_HEADER_LEN 20u
#define XNET_SCTP_SACK_HEADER_LEN 16u
#define XNET_SCTP_SHUTDOWN_LEN 8u
#define XNET_SCTP_FORWARD_TSN_HEADER_LEN 8u
#define XNET_SCTP_TLV_HEADER_LEN 4u

/* Parameter types (IANA "Chunk Parameter Types"). */
enum {
  XNET_SCTP_PARAM_HEARTBEAT_INFO = 1,             /* RFC 9260 */
  XNET_SCTP_PARAM_IPV4_ADDRESS = 5,               /* RFC 9260 */
  XNET_SCTP_PARAM_IPV6_ADDRESS = 6,               /* RFC 9260 */
  XNET_SCTP_PARAM_STATE_COOKIE = 7,               /* RFC 9260 */
  XNET_SCTP_PARAM_UNRECOGNIZED = 8,               /* RFC 9260 */
  XNET_SCTP_PARAM_COOKIE_PRESERVATIVE = 9,        /* RFC 9260 */
  XNET_SCTP_PARAM_HOST_NAME_ADDRESS = 11,         /* RFC 9260 (deprecated) */
  XNET_SCTP_PARAM_SUPPORTED_ADDRESS_TYPES = 12,   /* RFC 9260 */
  XNET_SCTP_PARAM_OUTGOING_SSN_RESET = 13,        /* RFC 6525 */
  XNET_SCTP_PARAM_INCOMING_SSN_RESET = 14,        /* RFC 6525 */
  XNET_SCTP_PARAM_SSN_TSN_RESET = 15,             /* RFC 6525 */
  XNET_SCTP_PARAM_RECONFIG_RESPONSE = 16,         /* RFC 6525 */
  XNET_SCTP_PARAM_ADD_OUTGOING_STREAMS = 17,      /* RFC 6525 */
  XNET_SCTP_PARAM_ADD_INCOMING_STREAMS = 18,      /* RFC 6525 */
  XNET_SCTP_PARAM_ECN_CAPABLE = 0x8000,           /* RFC 9260 */
  XNET_SCTP_PARAM_ZERO_CHECKSUM_ACCEPTABLE = 0x8001, /* RFC 9653 */
  XNET_SCTP_PARAM_RANDOM = 0x8002,                /* RFC 4895 */
  XNET_SCTP_PARAM_CHUNK_LIST = 0x8003,            /* RFC 4895 */
  XNET_SCTP_PARAM_REQUESTED_HMAC_ALGORITHM = 0x8004, /* RFC 4895 */
  XNET_SCTP_PARAM_PADDING = 0x8005,               /* RFC 4820 */
  XNET_SCTP_PARAM_SUPPORTED_EXTENSIONS = 0x8008,  /* RFC 5061 */
  XNET_SCTP_PARAM_FORWARD_TSN_SUPPORTED = 0xC000, /* RFC 3758 */
  XNET_SCTP_PARAM_ADD_IP_ADDRESS = 0xC001,        /* RFC 5061 */
  XNET_SCTP_PARAM_DELETE_IP_ADDRESS = 0xC002,     /* RFC 5061 */
  XNET_SCTP_PARAM_ERROR_CAUSE_INDICATION = 0xC003, /* RFC 5061 */
  XNET_SCTP_PARAM_SET_PRIMARY_ADDRESS = 0xC004,   /* RFC 5061 */
  XNET_SCTP_PARAM_SUCCESS_INDICATION = 0xC005,    /* RFC 5061 */
  XNET_SCTP_PARAM_ADAPTATION_LAYER_INDICATION = 0xC006 /* RFC 5061 */
};

/* Error cause codes (IANA "Error Cause Codes"). */
enum {
  XNET_SCTP_CAUSE_INVALID_STREAM_ID = 1,
  XNET_SCTP_CAUSE_MISSING_MANDATORY_PARAM = 2,
  XNET_SCTP_CAUSE_STALE_COOKIE = 3,
  XNET_SCTP_CAUSE_OUT_OF_RESOURCE = 4,
  XNET_SCTP_CAUSE_UNRESOLVABLE_ADDRESS = 5,
  XNET_SCTP_CAUSE_UNRECOGNIZED_CHUNK_TYPE = 6,
  XNET_SCTP_CAUSE_INVALID_MANDATORY_PARAM = 7,
  XNET_SCTP_CAUSE_UNRECOGNIZED_PARAMS = 8,
  XNET_SCTP_CAUSE_NO_USER_DATA = 9,
  XNET_SCTP_CAUSE_COOKIE_WHILE_SHUTTING_DOWN = 10,
  XNET_SCTP_CAUSE_RESTART_WITH_NEW_ADDRESSES = 11,
  XNET_SCTP_CAUSE_USER_INITIATED_ABORT = 12,
  XNET_SCTP_CAUSE_PROTOCOL_VIOLATION = 13,
  XNET_SCTP_CAUSE_DELETE_LAST_ADDRESS = 0x00A0,     /* RFC 5061 */
  XNET_SCTP_CAUSE_RESOURCE_SHORTAGE = 0x00A1,       /* RFC 5061 */
  XNET_SCTP_CAUSE_DELETE_SOURCE_ADDRESS = 0x00A2,   /* RFC 5061 */
  XNET_SCTP_CAUSE_ILLEGAL_ASCONF_ACK = 0x00A3,      /* RFC 5061 */
  XNET_SCTP_CAUSE_NO_AUTHORIZATION = 0x00A4,        /* RFC 5061 */
  XNET_SCTP_CAUSE_UNSUPPORTED_HMAC_ID = 0x0105      /* RFC 4895 */
};

/* One parameter, as the iterator yields it. */
typedef struct xnet_sctp_param {
  uint16_t type;
  uint16_t length;      /* the Length field: 4 + value_len */
  const uint8_t *value; /* borrowed */
  size_t value_len;
  size_t offset; /* from the start of the bytes being iterated */
} xnet_sctp_param;

/* One error cause (same layout, a code instead of a type). */
typedef struct xnet_sctp_cause {
  uint16_t code;
  uint16_t length;     /* 4 + info_len */
  const uint8_t *info; /* borrowed cause-specific information */
  size_t info_len;
  size_t offset;
} xnet_sctp_cause;

/* Iterator over parameters or causes. Fields private except the error
 * report: `error` (sticky code) and `error_offset` (where the bad TLV
 * starts, relative to the iterated bytes). */
typedef struct xnet_sctp_tlv_iter {
  const uint8_t *p;
  size_t n;
  size_t pos;
  int error;
  size_t error_offset;
} xnet_sctp_tlv_iter;

/* INIT (type 1) and INIT-ACK (type 2), RFC 9260 3.3.2 and 3.3.3. */
typedef struct xnet_sctp_init {
  uint8_t type; /* XNET_SCTP_CHUNK_INIT or XNET_SCTP_CHUNK_INIT_ACK */
  uint8_t flags;
  uint32_t initiate_tag;
  uint32_t a_rwnd;
  uint16_t outbound_streams;
  uint16_t inbound_streams;
  uint32_t initial_tsn;
  const uint8_t *params; /* borrowed: the parameters, walk with param iter */
  size_t params_len;
} xnet_sctp_init;

/* SACK (type 3), RFC 9260 3.3.4. Gap blocks and duplicate TSNs stay in
 * wire form; read them with xnet_sctp_sack_gap_block / _dup_tsn. */
typedef struct xnet_sctp_sack {
  uint32_t cum_tsn_ack;
  uint32_t a_rwnd;
  uint16_t num_gap_blocks;
  uint16_t num_dup_tsns;
  const uint8_t *gap_blocks; /* borrowed: 4 bytes per block */
  const uint8_t *dup_tsns;   /* borrowed: 4 bytes per TSN */
} xnet_sctp_sack;

/* A gap ack block: TSNs cum_tsn_ack + start .. cum_tsn_ack + end arrived. */
typedef struct xnet_sctp_gap_block {
  uint16_t start;
  uint16_t end;
} xnet_sctp_gap_block;

/* HEARTBEAT (4) / HEARTBEAT-ACK (5), RFC 9260 3.3.5, 3.3.6: one Heartbeat
 * Info parameter whose value is opaque to the receiver. */
typedef struct xnet_sctp_heartbeat {
  uint8_t type;
  uint8_t flags;
  const uint8_t *info; /* borrowed: the parameter's value */
  size_t info_len;
} xnet_sctp_heartbeat;

/* ABORT (6) and ERROR (9), RFC 9260 3.3.7, 3.3.10: zero or more causes. */
typedef struct xnet_sctp_causes {
  uint8_t type;
  uint8_t flags;
  bool t_bit;            /* ABORT only: XNET_SCTP_CHUNK_FLAG_T */
  const uint8_t *causes; /* borrowed: walk with the cause iterator */
  size_t causes_len;
} xnet_sctp_causes;

/* FORWARD-TSN (192), RFC 3758 3.2. */
typedef struct xnet_sctp_forward_tsn {
  uint32_t new_cum_tsn;
  size_t num_streams;
  const uint8_t *streams; /* borrowed: 4 bytes (SID, SSN) per stream */
} xnet_sctp_forward_tsn;

typedef struct xnet_sctp_stream_ssn {
  uint16_t stream_id;
  uint16_t ssn;
} xnet_sctp_stream_ssn;

/* ---- chunks -------------------------------------------------------------- */

/* xnet_sctp_chunk_validate checks a chunk's body against its type's layout
 * by running the decoder for it (types without a decoder pass; so do
 * unknown types, which RFC 9260 3.2 lets the receiver skip).
 * Go: none. Errors: those of the type's _parse function. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_chunk_validate(const xnet_sctp_chunk *c);

/* xnet_sctp_init_parse decodes INIT or INIT-ACK and checks the framing of
 * every parameter (so a later parameter walk cannot fail).
 * Go: none. Errors: XNET_EBADTYPE (neither type), XNET_ESHORT (Length <
 * 20), XNET_EBADOPTION (a malformed parameter), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_init_parse(const xnet_sctp_chunk *c, xnet_sctp_init *out);

/* xnet_sctp_init_find_param finds the first parameter of `type` in an
 * INIT/INIT-ACK (e.g. the state cookie of an INIT-ACK).
 * Go: none. Errors: XNET_ENOENT (none), XNET_EBADOPTION, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_init_find_param(const xnet_sctp_init *init, uint16_t type,
                          xnet_sctp_param *out);

/* xnet_sctp_init_marshal writes an INIT or INIT-ACK (init->type,
 * init->flags) whose parameter bytes are init->params, copied as they are
 * (build them with the param builders).
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE,
 * XNET_EINVAL (type neither INIT nor INIT-ACK, NULL). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_init_marshal(const xnet_sctp_init *init, uint8_t *buf, size_t cap,
                       size_t *len);

/* xnet_sctp_sack_parse decodes a SACK.
 * Go: none. Errors: XNET_EBADTYPE, XNET_ESHORT (Length < 16), XNET_EBADLEN
 * (Length differs from 16 + 4 * (gap blocks + duplicate TSNs)), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_sack_parse(const xnet_sctp_chunk *c, xnet_sctp_sack *out);

/* xnet_sctp_sack_gap_block returns gap block i (i < num_gap_blocks; {0, 0}
 * otherwise). Go: none. Errors: none. */
XNET_API xnet_sctp_gap_block xnet_sctp_sack_gap_block(const xnet_sctp_sack *s,
                                                      size_t i);

/* xnet_sctp_sack_dup_tsn returns duplicate TSN i (i < num_dup_tsns; 0
 * otherwise). Go: none. Errors: none. */
XNET_API uint32_t xnet_sctp_sack_dup_tsn(const xnet_sctp_sack *s, size_t i);

/* xnet_sctp_sack_marshal writes a SACK (flags 0); gap_blocks and dup_tsns
 * are read in wire form (4 bytes per entry), as _parse leaves them.
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_sack_marshal(const xnet_sctp_sack *s, uint8_t *buf, size_t cap,
                       size_t *len);

/* xnet_sctp_heartbeat_parse decodes HEARTBEAT or HEARTBEAT-ACK.
 * Go: none. Errors: XNET_EBADTYPE, XNET_ESHORT (no parameter),
 * XNET_EBADOPTION (not exactly one Heartbeat Info parameter), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_heartbeat_parse(const xnet_sctp_chunk *c, xnet_sctp_heartbeat *out);

/* xnet_sctp_heartbeat_marshal writes HEARTBEAT or HEARTBEAT-ACK (hb->type,
 * hb->flags) carrying hb->info in a Heartbeat Info parameter; the chunk's
 * Length excludes the parameter's padding.
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_heartbeat_marshal(const xnet_sctp_heartbeat *hb, uint8_t *buf,
                            size_t cap, size_t *len);

/* xnet_sctp_causes_parse decodes ABORT or ERROR and checks the framing of
 * every cause.
 * Go: none. Errors: XNET_EBADTYPE, XNET_EBADOPTION (a malformed cause),
 * XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_causes_parse(const xnet_sctp_chunk *c, xnet_sctp_causes *out);

/* xnet_sctp_causes_marshal writes ABORT or ERROR (c->type, c->flags: set
 * XNET_SCTP_CHUNK_FLAG_T there for an ABORT with the T bit; c->t_bit is
 * ignored) with the cause bytes c->causes (built with
 * xnet_sctp_cause_marshal). Go: none.
 * Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_causes_marshal(const xnet_sctp_causes *c, uint8_t *buf, size_t cap,
                         size_t *len);

/* xnet_sctp_shutdown_parse decodes SHUTDOWN: its cumulative TSN ack.
 * Go: none. Errors: XNET_EBADTYPE, XNET_ESHORT (Length < 8), XNET_EBADLEN
 * (Length > 8), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_shutdown_parse(const xnet_sctp_chunk *c, uint32_t *cum_tsn_ack);

/* xnet_sctp_shutdown_marshal writes SHUTDOWN (8 bytes).
 * Go: none. Errors: XNET_ENOBUFS (*len = 8), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_shutdown_marshal(uint32_t cum_tsn_ack, uint8_t *buf, size_t cap,
                           size_t *len);

/* xnet_sctp_empty_chunk_parse checks a chunk that has no value (SHUTDOWN-ACK,
 * COOKIE-ACK, SHUTDOWN-COMPLETE) and returns its T bit (meaningful for
 * SHUTDOWN-COMPLETE). Go: none.
 * Errors: XNET_EBADTYPE (another type), XNET_EBADLEN (Length != 4),
 * XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_empty_chunk_parse(const xnet_sctp_chunk *c, bool *t_bit);

/* xnet_sctp_cookie_echo_parse gives COOKIE-ECHO's cookie (its whole value).
 * Go: none. Errors: XNET_EBADTYPE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_cookie_echo_parse(const xnet_sctp_chunk *c, const uint8_t **cookie,
                            size_t *cookie_len);

/* xnet_sctp_forward_tsn_parse decodes FORWARD-TSN.
 * Go: none. Errors: XNET_EBADTYPE, XNET_ESHORT (Length < 8), XNET_EBADLEN
 * (stream list not a multiple of 4 bytes), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_forward_tsn_parse(const xnet_sctp_chunk *c,
                            xnet_sctp_forward_tsn *out);

/* xnet_sctp_forward_tsn_stream returns stream/SSN pair i (i < num_streams;
 * {0, 0} otherwise). Go: none. Errors: none. */
XNET_API xnet_sctp_stream_ssn
xnet_sctp_forward_tsn_stream(const xnet_sctp_forward_tsn *f, size_t i);

/* xnet_sctp_forward_tsn_marshal writes FORWARD-TSN; f->streams in wire form.
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_forward_tsn_marshal(const xnet_sctp_forward_tsn *f, uint8_t *buf,
                              size_t cap, size_t *len);

/* ---- parameters and causes ----------------------------------------------- */

/* xnet_sctp_param_iter_init walks the parameters in b[0..n) (for example
 * init->params). Go: none. Errors: none. */
XNET_API void xnet_sctp_param_iter_init(xnet_sctp_tlv_iter *it,
                                        const uint8_t *b, size_t n);

/* xnet_sctp_param_iter_next yields the next parameter: 1 and *out filled,
 * 0 at the end, or a sticky negative code (*out zeroed; it->error and
 * it->error_offset set). Padding of the last parameter may be missing.
 * Go: none. Errors: XNET_ESHORT (1..3 trailing bytes), XNET_EBADLEN
 * (Length < 4), XNET_ETRUNCATED (Length past the end). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_iter_next(xnet_sctp_tlv_iter *it, xnet_sctp_param *out);

/* xnet_sctp_cause_iter_init / _next: the same walk over error causes. */
XNET_API void xnet_sctp_cause_iter_init(xnet_sctp_tlv_iter *it,
                                        const uint8_t *b, size_t n);
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_cause_iter_next(xnet_sctp_tlv_iter *it, xnet_sctp_cause *out);

/* xnet_sctp_param_type_name names a parameter type ("IPv4 address",
 * "State cookie", ...) or returns NULL for an unknown type.
 * Go: none. Errors: none. */
XNET_API const char *xnet_sctp_param_type_name(uint16_t type);

/* xnet_sctp_cause_code_name names an error cause ("Invalid stream
 * identifier", ...) or returns NULL for an unknown code.
 * Go: none. Errors: none. */
XNET_API const char *xnet_sctp_cause_code_name(uint16_t code);

/* xnet_sctp_param_ipv4_parse copies an IPv4 Address parameter's address
 * (network order). Go: none.
 * Errors: XNET_EBADTYPE (type != 5), XNET_EBADLEN (value not 4 bytes),
 * XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_ipv4_parse(const xnet_sctp_param *p, uint8_t addr[4]);

/* xnet_sctp_param_ipv6_parse: the same for IPv6 Address (type 6, 16 bytes).
 * Go: none. Errors: XNET_EBADTYPE, XNET_EBADLEN, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_ipv6_parse(const xnet_sctp_param *p, uint8_t addr[16]);

/* xnet_sctp_param_u32_parse reads a parameter whose value is one 32-bit
 * number: Cookie Preservative (suggested life-span increment, ms) and
 * Adaptation Layer Indication. Go: none.
 * Errors: XNET_EBADTYPE (another type), XNET_EBADLEN, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_u32_parse(const xnet_sctp_param *p, uint32_t *value);

/* xnet_sctp_param_host_name_parse gives a Host Name Address parameter's
 * name (borrowed; not NUL-terminated, its NUL terminator and any padding
 * excluded). Go: none. Errors: XNET_EBADTYPE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_host_name_parse(const xnet_sctp_param *p, const char **name,
                                size_t *name_len);

/* xnet_sctp_param_address_type returns address type i of a Supported
 * Address Types parameter (count: p->value_len / 2).
 * Go: none. Errors: XNET_EBADTYPE, XNET_EBADLEN (odd length), XNET_ENOENT
 * (i past the end), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_address_type(const xnet_sctp_param *p, size_t i,
                             uint16_t *type);

/* xnet_sctp_param_marshal writes a parameter (p->type, p->value; length
 * recomputed), padded. Go: none.
 * Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_marshal(const xnet_sctp_param *p, uint8_t *buf, size_t cap,
                        size_t *len);

/* xnet_sctp_param_ipv4_marshal / _ipv6_marshal write an address parameter
 * (8 / 20 bytes). Go: none. Errors: XNET_ENOBUFS (*len = needed),
 * XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_ipv4_marshal(const uint8_t addr[4], uint8_t *buf, size_t cap,
                             size_t *len);
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_param_ipv6_marshal(const uint8_t addr[16], uint8_t *buf, size_t cap,
                             size_t *len);

/* xnet_sctp_cause_marshal writes an error cause (c->code, c->info), padded.
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_cause_marshal(const xnet_sctp_cause *c, uint8_t *buf, size_t cap,
                        size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* XNET_SCTP_CHUNK_H */
