/* xnet/sctp_notify.h — SCTP notifications (RFC 6458 section 6.1): the
 * messages a subscribed socket reads with MSG_NOTIFICATION set.
 *
 * A notification is an 8-byte header (sn_type, sn_flags, sn_length) and a
 * type-specific body whose numbering and bytes depend on the stack; the
 * layout argument (xnet/sctp_abi.h) says which. Parsing maps everything to
 * xnet's portable constants; marshalling does the reverse, so the replay
 * backend can synthesise exactly the bytes a subscribed kernel delivers.
 *
 * Decoded: association change (with its sac_info bytes), peer address
 * change (IPv4/IPv6 sockaddr decoded to address and port), remote error
 * (with the ERROR chunk's causes), shutdown, adaptation indication, sender
 * dry, and send failed (with its sndinfo and the undelivered data).
 * Recognised but not decoded: partial delivery, authentication, stream
 * reset, association reset, stream change, the deprecated SCTP_SEND_FAILED
 * and usrsctp's NOTIFICATIONS_STOPPED; their parse fails with
 * XNET_ENOTDECODED but still reports the type, flags, length and bytes.
 *
 * Cause codes (assoc_change.error, remote_error.error, send_failed.error)
 * are SCTP error cause codes in host order on every layout: Linux stores
 * them in network order (an ABORT with cause 12 reads 3072 through Go's
 * ParseEvent), and the layout undoes that.
 *
 * Ownership: the variable-length fields (info, data, raw) are borrowed
 * views into the parsed buffer and live as long as it does.
 *
 * Thread-safety: every function is reentrant.
 */
#ifndef XNET_SCTP_NOTIFY_H
#define XNET_SCTP_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "xnet/sctp_abi.h"
#include "xnet/sctp_cmsg.h"
#include "xnet/visibility.h"

#ifdef __cplusplus
extern "C" {
#endif

/* sn_type, sn_flags, sn_length. */
#define XNET_SCTP_NOTIFICATION_HEADER_SIZE 8

/* SCTP_ASSOC_CHANGE (Go: AssocChangeEvent). */
typedef struct xnet_sctp_assoc_change {
  xnet_sctp_assoc_change_state state;
  uint16_t error; /* SCTP cause code, host order */
  uint16_t outbound_streams;
  uint16_t inbound_streams;
  int32_t assoc_id;
  /* sac_info: Linux puts the ABORT chunk here on COMM_LOST and
   * CANT_STR_ASSOC; usrsctp lists supported features on COMM_UP. */
  const uint8_t *info;
  size_t info_len;
} xnet_sctp_assoc_change;

/* SCTP_PEER_ADDR_CHANGE (Go: PeerAddrChangeEvent). */
typedef struct xnet_sctp_peer_addr_change {
  xnet_sctp_addr addr;
  xnet_sctp_peer_addr_state state;
  uint32_t error;
  int32_t assoc_id;
} xnet_sctp_peer_addr_change;

/* SCTP_REMOTE_ERROR (Go: RemoteErrorEvent). */
typedef struct xnet_sctp_remote_error {
  uint16_t error; /* first cause code, host order */
  int32_t assoc_id;
  const uint8_t *data; /* the ERROR chunk's causes as on the wire */
  size_t data_len;
} xnet_sctp_remote_error;

/* SCTP_SHUTDOWN_EVENT (Go: ShutdownEvent). */
typedef struct xnet_sctp_shutdown_event {
  int32_t assoc_id;
} xnet_sctp_shutdown_event;

/* SCTP_ADAPTATION_INDICATION (Go: AdaptationEvent). */
typedef struct xnet_sctp_adaptation_event {
  uint32_t adaptation_ind;
  int32_t assoc_id;
} xnet_sctp_adaptation_event;

/* SCTP_SENDER_DRY_EVENT (Go: SenderDryEvent). */
typedef struct xnet_sctp_sender_dry_event {
  int32_t assoc_id;
} xnet_sctp_sender_dry_event;

/* SCTP_SEND_FAILED_EVENT (Go: SendFailedEvent). */
typedef struct xnet_sctp_send_failed_event {
  xnet_sctp_send_failed_flag flags; /* from sn_flags */
  uint32_t error;                   /* cause code in the low 16 bits */
  /* The sndinfo of the undelivered message. Its flags are not message
   * flags but XNET_SCTP_DATA_LAST_FRAG / XNET_SCTP_DATA_NOT_FRAG (the DATA
   * chunk's E/B bits), the same in every layout and not mapped. */
  xnet_sctp_sndinfo info;
  int32_t assoc_id;
  const uint8_t *data; /* the undelivered (part of the) message */
  size_t data_len;
} xnet_sctp_send_failed_event;

/* One notification (Go: the Event ParseEvent returns). */
typedef struct xnet_sctp_notification {
  /* Portable type; 0 when the layout does not know native_type. */
  xnet_sctp_notification_type type;
  /* As found in the header: sn_type, sn_flags and sn_length. */
  uint16_t native_type;
  uint16_t flags;
  uint32_t length;
  /* The notification's sn_length bytes (borrowed). */
  const uint8_t *raw;
  /* The body selected by type. */
  union {
    xnet_sctp_assoc_change assoc_change;
    xnet_sctp_peer_addr_change peer_addr_change;
    xnet_sctp_remote_error remote_error;
    xnet_sctp_shutdown_event shutdown_event;
    xnet_sctp_adaptation_event adaptation_event;
    xnet_sctp_sender_dry_event sender_dry_event;
    xnet_sctp_send_failed_event send_failed_event;
  } u;
} xnet_sctp_notification;

/* xnet_sctp_notification_parse decodes one notification at b[0..n); bytes
 * past sn_length are not part of it and are ignored. sn_length may exceed
 * a type's fixed size (room a newer stack may use): fixed-size types
 * ignore the rest, variable-size ones take it as their data.
 * Go: ParseEvent.
 * Errors: XNET_ESHORT (n < 8), XNET_ETRUNCATED (sn_length > n: the
 * notification was not read whole), XNET_EBADLEN (sn_length < 8 or below
 * the type's fixed size), XNET_EBADTYPE (sn_type unknown to the layout),
 * XNET_ENOTDECODED (a type recognised but not decoded), XNET_EAFNOSUPPORT /
 * XNET_EBADADDR (the peer address's sockaddr), XNET_EBADFORMAT (a state or
 * flag value the layout does not define), XNET_EINVAL (NULL argument).
 * On error *out is zeroed, except that XNET_EBADTYPE and XNET_ENOTDECODED
 * leave type (0 for EBADTYPE), native_type, flags, length and raw set, so
 * the caller still learns what it skipped. */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_notification_parse(
    const xnet_sctp_layout *layout, const uint8_t *b, size_t n,
    xnet_sctp_notification *out);

/* xnet_sctp_notification_size returns the number of bytes
 * xnet_sctp_notification_marshal writes for n in the layout, or 0 when it
 * cannot be marshalled (see the errors there).
 * Go: none. */
XNET_API size_t xnet_sctp_notification_size(const xnet_sctp_layout *layout,
                                            const xnet_sctp_notification *n);

/* xnet_sctp_notification_marshal writes n as the layout's stack delivers
 * it: type, flags and length computed from n->type and the body, padding
 * and unused sockaddr bytes zeroed. n->native_type, n->length and n->raw
 * are ignored; n->flags is written as sn_flags except for
 * SCTP_SEND_FAILED_EVENT, whose sn_flags come from the body.
 * Go: none (the replay backend synthesises kernel notifications with it).
 * Errors: XNET_ENOBUFS (cap too small; *len = size needed), XNET_ENOTSUP
 * (a type that is not decoded, or a type, state or flag the layout lacks),
 * XNET_EINVAL (NULL argument, a value out of its enum, a bad address
 * family, a NULL view with a length, or a length beyond 32 bits). */
XNET_API XNET_WARN_UNUSED_RESULT int xnet_sctp_notification_marshal(
    const xnet_sctp_layout *layout, const xnet_sctp_notification *n,
    uint8_t *buf, size_t cap, size_t *len);

/* xnet_sctp_notification_equal returns 1 when a and b hold the same
 * notification, else 0: the same type and body (views compared by
 * content), and the same flags except for SCTP_SEND_FAILED_EVENT, whose
 * sn_flags are layout numbers decoded into the body. native_type and
 * length depend on the layout and are not compared; raw is compared (by
 * content) only for types without a decoded body. So a notification parsed
 * from one layout equals its marshal into another, parsed back.
 * Go: none (reflect.DeepEqual on events). */
XNET_API int xnet_sctp_notification_equal(const xnet_sctp_notification *a,
                                          const xnet_sctp_notification *b);

/* xnet_sctp_notification_format writes a one-line description such as
 * "SCTP_ASSOC_CHANGE state=SCTP_COMM_UP error=0 outbound=10 inbound=10
 * assoc=1 info=0" with snprintf semantics: at most cap bytes including the
 * NUL, returning the length the whole text needs.
 * Go: none (the Go events have no String()). */
XNET_API int xnet_sctp_notification_format(const xnet_sctp_notification *n,
                                           char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* XNET_SCTP_NOTIFY_H */
