/* xnet/sctp_packet.h — SCTP packets: common header, chunk iteration, DATA.
 *
 * An SCTP packet (RFC 9260 section 3) is a 12-byte common header (source
 * port, destination port, verification tag, CRC32c checksum) followed by
 * chunks, each a 4-byte header (type, flags, length) and a value padded to
 * a multiple of 4 bytes. This header holds the packet-level codec, the
 * bounds-checked chunk iterator, the chunk type numbers and names, and the
 * DATA / I-DATA chunks (the hot path of the replay backend). Every other
 * chunk body, INIT parameters and error causes are in xnet/sctp_chunk.h.
 *
 * Byte order is explicit: every multi-byte field is big-endian on the wire
 * and a host integer in the structs, except the checksum, which RFC 9260
 * Appendix A stores least-significant byte first (see
 * xnet_sctp_common_header.checksum).
 *
 * Views: every `const uint8_t *` in a parsed struct borrows the bytes handed
 * to the parser; it is valid as long as those bytes are.
 *
 * Thread-safety: every function is reentrant (no global mutable state, no
 * allocation, no I/O).
 */
#ifndef XNET_SCTP_PACKET_H
#define XNET_SCTP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes fixed by RFC 9260. */
#define XNET_SCTP_COMMON_HEADER_LEN 12u
#define XNET_SCTP_CHUNK_HEADER_LEN 4u
#define XNET_SCTP_DATA_HEADER_LEN 16u   /* chunk header + TSN, SID, SSN, PPID */
#define XNET_SCTP_IDATA_HEADER_LEN 20u  /* chunk header + TSN, SID, MID, PPID/FSN */

/* Chunk types (IANA "Chunk Types" registry). */
enum {
  XNET_SCTP_CHUNK_DATA = 0,               /* RFC 9260 */
  XNET_SCTP_CHUNK_INIT = 1,               /* RFC 9260 */
  XNET_SCTP_CHUNK_INIT_ACK = 2,           /* RFC 9260 */
  XNET_SCTP_CHUNK_SACK = 3,               /* RFC 9260 */
  XNET_SCTP_CHUNK_HEARTBEAT = 4,          /* RFC 9260 */
  XNET_SCTP_CHUNK_HEARTBEAT_ACK = 5,      /* RFC 9260 */
  XNET_SCTP_CHUNK_ABORT = 6,              /* RFC 9260 */
  XNET_SCTP_CHUNK_SHUTDOWN = 7,           /* RFC 9260 */
  XNET_SCTP_CHUNK_SHUTDOWN_ACK = 8,       /* RFC 9260 */
  XNET_SCTP_CHUNK_ERROR = 9,              /* RFC 9260 */
  XNET_SCTP_CHUNK_COOKIE_ECHO = 10,       /* RFC 9260 */
  XNET_SCTP_CHUNK_COOKIE_ACK = 11,        /* RFC 9260 */
  XNET_SCTP_CHUNK_ECNE = 12,              /* RFC 9260 appendix A of 4960 */
  XNET_SCTP_CHUNK_CWR = 13,               /* ditto */
  XNET_SCTP_CHUNK_SHUTDOWN_COMPLETE = 14, /* RFC 9260 */
  XNET_SCTP_CHUNK_AUTH = 15,              /* RFC 4895 */
  XNET_SCTP_CHUNK_NR_SACK = 16,           /* draft-tuexen-tsvwg-sctp-multipath */
  XNET_SCTP_CHUNK_I_DATA = 64,            /* RFC 8260 */
  XNET_SCTP_CHUNK_ASCONF_ACK = 128,       /* RFC 5061 */
  XNET_SCTP_CHUNK_PKTDROP = 129,          /* draft-stewart-sctp-pktdrprep */
  XNET_SCTP_CHUNK_RE_CONFIG = 130,        /* RFC 6525 */
  XNET_SCTP_CHUNK_PAD = 132,              /* RFC 4820 */
  XNET_SCTP_CHUNK_FORWARD_TSN = 192,      /* RFC 3758 */
  XNET_SCTP_CHUNK_ASCONF = 193,           /* RFC 5061 */
  XNET_SCTP_CHUNK_I_FORWARD_TSN = 194     /* RFC 8260 */
};

/* DATA and I-DATA chunk flags (RFC 9260 3.3.1, RFC 7053, RFC 8260). */
#define XNET_SCTP_DATA_FLAG_E 0x01u /* ending fragment */
#define XNET_SCTP_DATA_FLAG_B 0x02u /* beginning fragment */
#define XNET_SCTP_DATA_FLAG_U 0x04u /* unordered */
#define XNET_SCTP_DATA_FLAG_I 0x08u /* immediate: SACK without delay */

/* The T bit of ABORT and SHUTDOWN-COMPLETE: the sender used the peer's
 * verification tag reflected, not its own (RFC 9260 3.3.7, 3.3.13). */
#define XNET_SCTP_CHUNK_FLAG_T 0x01u

typedef struct xnet_sctp_common_header {
  uint16_t src_port;
  uint16_t dst_port;
  uint32_t verification_tag;
  /* The CRC32c value itself, as xnet_crc32c() returns it: RFC 9260
   * Appendix A puts its least-significant byte first on the wire, so the
   * four wire bytes read big-endian (Wireshark's sctp.checksum) are this
   * value byte-swapped. */
  uint32_t checksum;
} xnet_sctp_common_header;

/* A parsed packet: the header and a view of the chunk bytes after it. */
typedef struct xnet_sctp_packet {
  xnet_sctp_common_header header;
  const uint8_t *chunks; /* borrowed: the bytes after the common header */
  size_t chunks_len;
} xnet_sctp_packet;

/* One chunk as the iterator yields it. */
typedef struct xnet_sctp_chunk {
  uint8_t type;
  uint8_t flags;
  uint16_t length;      /* the Length field: header + value, padding excluded */
  const uint8_t *value; /* borrowed: length - 4 bytes after the chunk header */
  size_t value_len;
  size_t offset; /* where the chunk header starts, from the packet's start */
} xnet_sctp_chunk;

/* Iterator over the chunks of a packet. Treat the fields as private; after
 * an error, `error` and `error_offset` say what was wrong and where. */
typedef struct xnet_sctp_chunk_iter {
  const uint8_t *p; /* the chunk bytes */
  size_t n;
  size_t pos;          /* next chunk, relative to p */
  size_t base;         /* offset of p in the packet (12 after packet_parse) */
  int error;           /* 0, or the sticky XNET_E* code of the failure */
  size_t error_offset; /* packet offset of the chunk that failed */
} xnet_sctp_chunk_iter;

/* DATA chunk (type 0, RFC 9260 3.3.1). */
typedef struct xnet_sctp_data {
  uint8_t flags; /* XNET_SCTP_DATA_FLAG_*; the booleans below mirror them */
  bool unordered;
  bool beginning;
  bool ending;
  bool immediate;
  uint32_t tsn;
  uint16_t stream_id;
  uint16_t ssn;
  uint32_t ppid; /* payload protocol identifier, as a host integer */
  const uint8_t *payload; /* borrowed user data, padding excluded */
  size_t payload_len;
} xnet_sctp_data;

/* I-DATA chunk (type 64, RFC 8260 2.1). The 32-bit word after the MID is
 * the PPID in a beginning fragment and the fragment sequence number (FSN)
 * otherwise; the other of the two fields is 0. */
typedef struct xnet_sctp_idata {
  uint8_t flags;
  bool unordered;
  bool beginning;
  bool ending;
  bool immediate;
  uint32_t tsn;
  uint16_t stream_id;
  uint32_t mid;  /* message identifier */
  uint32_t ppid; /* when beginning */
  uint32_t fsn;  /* when !beginning */
  const uint8_t *payload;
  size_t payload_len;
} xnet_sctp_idata;

/* ---- packet ------------------------------------------------------------ */

/* xnet_sctp_packet_parse reads the common header of b[0..n) and sets out's
 * chunk view to the rest; it checks no checksum (see _verify).
 * Go: none (sctp packets are kernel-internal in Go).
 * Errors: XNET_ESHORT (n < 12), XNET_EINVAL (NULL). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_packet_parse(const uint8_t *b, size_t n, xnet_sctp_packet *out);

/* xnet_sctp_packet_checksum computes the CRC32c of b[0..n) with the checksum
 * field taken as zero, as RFC 9260 6.8 prescribes; n must be >= 12.
 * Go: none. Errors: none (returns 0 when n < 12 or b is NULL). */
XNET_API uint32_t xnet_sctp_packet_checksum(const uint8_t *b, size_t n);

/* xnet_sctp_packet_verify checks the stored checksum of b[0..n).
 * Go: none. Errors: XNET_ESHORT (n < 12), XNET_EBADCHECKSUM, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_packet_verify(const uint8_t *b,
                                                             size_t n);

/* xnet_sctp_common_header_marshal writes the 12-byte common header with the
 * given checksum (normally 0, then _finalize). *len = 12.
 * Go: none. Errors: XNET_ENOBUFS (*len = 12), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_common_header_marshal(const xnet_sctp_common_header *h, uint8_t *buf,
                                size_t cap, size_t *len);

/* xnet_sctp_packet_finalize computes the CRC32c of the complete packet
 * b[0..n) and stores it in the checksum field.
 * Go: none. Errors: XNET_ESHORT (n < 12), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_packet_finalize(uint8_t *b,
                                                               size_t n);

/* ---- chunk iteration ----------------------------------------------------- */

/* xnet_sctp_chunk_iter_init starts iterating over pkt's chunks; chunk and
 * error offsets count from the start of the packet.
 * Go: none. Errors: none. */
XNET_API void xnet_sctp_chunk_iter_init(xnet_sctp_chunk_iter *it,
                                        const xnet_sctp_packet *pkt);

/* xnet_sctp_chunk_iter_init_bytes iterates over bare chunk bytes b[0..n)
 * (offsets then count from b, or from `base` if the bytes sit inside a
 * larger buffer). Go: none. Errors: none. */
XNET_API void xnet_sctp_chunk_iter_init_bytes(xnet_sctp_chunk_iter *it,
                                              const uint8_t *b, size_t n,
                                              size_t base);

/* xnet_sctp_chunk_iter_next yields the next chunk: returns 1 and fills
 * *out, 0 at the clean end, or a negative code (sticky; *out zeroed, and
 * it->error / it->error_offset set to the offset of the bad chunk). Padding
 * after a chunk is skipped without being checked (RFC 9260 3.2: the
 * receiver ignores it), and the data may end inside it: the last chunk's
 * padding may be missing, in whole or in part. Hence a packet cut at any
 * point yields exactly the chunks that end at or before the cut, then 0 if
 * the cut falls on a chunk boundary or inside padding, else the error for
 * the cut chunk.
 * Go: none.
 * Errors: XNET_ESHORT (1..3 bytes left: no room for a chunk header),
 * XNET_EBADLEN (Length < 4), XNET_ETRUNCATED (Length runs past the end),
 * XNET_EINVAL (NULL). */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_chunk_iter_next(xnet_sctp_chunk_iter *it, xnet_sctp_chunk *out);

/* xnet_sctp_chunk_type_name names a chunk type as Wireshark does ("DATA",
 * "INIT_ACK", "I_FORWARD_TSN", ...) and, for a type without a name, its
 * decimal number ("66"). Never NULL; the string is static.
 * Go: none. Errors: none. */
XNET_API const char *xnet_sctp_chunk_type_name(uint8_t type);

/* xnet_sctp_chunk_marshal writes a generic chunk (type, flags, value; its
 * `length` is ignored and recomputed) at buf, zero-padded to 4 bytes;
 * *len = bytes written including padding. Used for the chunks without a
 * dedicated builder (SHUTDOWN-ACK, COOKIE-ACK, COOKIE-ECHO, AUTH, ...).
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE (value
 * longer than 65531), XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_chunk_marshal(const xnet_sctp_chunk *c, uint8_t *buf, size_t cap,
                        size_t *len);

/* ---- DATA / I-DATA ------------------------------------------------------- */

/* xnet_sctp_data_parse decodes a DATA chunk.
 * Go: none. Errors: XNET_EBADTYPE (not DATA), XNET_ESHORT (Length < 16),
 * XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_data_parse(const xnet_sctp_chunk *c, xnet_sctp_data *out);

/* xnet_sctp_data_size is the padded size of the DATA chunk for d.
 * Go: none. Errors: none. */
XNET_API size_t xnet_sctp_data_size(const xnet_sctp_data *d);

/* xnet_sctp_data_marshal writes a DATA chunk (flags from d->flags; the
 * booleans are ignored) at buf with padding; *len = padded size.
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_data_marshal(const xnet_sctp_data *d, uint8_t *buf, size_t cap,
                       size_t *len);

/* xnet_sctp_idata_parse decodes an I-DATA chunk.
 * Go: none. Errors: XNET_EBADTYPE (not I-DATA), XNET_ESHORT (Length < 20),
 * XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_idata_parse(const xnet_sctp_chunk *c, xnet_sctp_idata *out);

/* xnet_sctp_idata_marshal writes an I-DATA chunk (flags from d->flags; the
 * PPID is written when the B flag is set, the FSN otherwise).
 * Go: none. Errors: XNET_ENOBUFS (*len = needed), XNET_EMSGSIZE, XNET_EINVAL. */
XNET_API XNET_WARN_UNUSED_RESULT int
xnet_sctp_idata_marshal(const xnet_sctp_idata *d, uint8_t *buf, size_t cap,
                        size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* XNET_SCTP_PACKET_H */
