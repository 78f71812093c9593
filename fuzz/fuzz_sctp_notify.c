/* fuzz_sctp_notify.c — SCTP notification parse, in every layout.
 *
 * Input: one byte choosing the layout (mod 4: linux, usrsctp,
 * usrsctp_darwin, freebsd), then the notification bytes. Invariants,
 * abort() on violation:
 *   - a failed parse leaves *out zeroed, except EBADTYPE / ENOTDECODED,
 *     which leave only the header fields and raw set;
 *   - a parsed notification marshals in its own layout, and parsing that
 *     gives an equal notification (parse . marshal = identity), whose
 *     marshal is byte-identical (marshal is canonical);
 *   - marshalled into every other layout, it either fails with ENOTSUP (a
 *     value that layout lacks) or parses back equal;
 *   - format never writes past its buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/error.h"
#include "xnet/sctp_notify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const xnet_sctp_layout *const layouts[] = {
    &xnet_sctp_layout_linux, &xnet_sctp_layout_usrsctp,
    &xnet_sctp_layout_usrsctp_darwin, &xnet_sctp_layout_freebsd};

static int all_zero(const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i]) return 0;
  return 1;
}

/* Marshals n into layout l and checks the round trip; returns the error. */
static int round_trip(const xnet_sctp_layout *l,
                      const xnet_sctp_notification *n) {
  size_t need = 0, len = 0;
  int err = xnet_sctp_notification_marshal(l, n, NULL, 0, &need);
  if (err == XNET_ENOTSUP) return err;
  if (err != XNET_ENOBUFS || need != xnet_sctp_notification_size(l, n))
    abort();
  uint8_t *buf = malloc(need), *again = malloc(need);
  if (!buf || !again) abort();
  if (xnet_sctp_notification_marshal(l, n, buf, need, &len) || len != need)
    abort();
  xnet_sctp_notification back;
  if (xnet_sctp_notification_parse(l, buf, len, &back)) abort();
  if (!xnet_sctp_notification_equal(n, &back)) abort();
  if (xnet_sctp_notification_marshal(l, &back, again, need, &len) ||
      len != need || memcmp(buf, again, need) != 0)
    abort();
  free(buf);
  free(again);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const xnet_sctp_layout *l = layouts[data[0] % 4];
  data++;
  size--;
  xnet_sctp_notification n;
  int err = xnet_sctp_notification_parse(l, data, size, &n);
  char text[200];
  int w = xnet_sctp_notification_format(&n, text, sizeof text);
  if (w < 0) abort();
  size_t want = (size_t)w < sizeof text ? (size_t)w : sizeof text - 1;
  if (strlen(text) != want) abort();
  if (err == XNET_EBADTYPE || err == XNET_ENOTDECODED) {
    if (n.raw != data || n.length > size ||
        !all_zero(&n.u, sizeof n.u) || (err == XNET_EBADTYPE) != (n.type == 0))
      abort();
    return 0;
  }
  if (err) {
    if (!all_zero(&n, sizeof n)) abort();
    return 0;
  }
  if (n.length > size || n.raw != data) abort();
  if (round_trip(l, &n)) abort();
  for (size_t i = 0; i < sizeof layouts / sizeof layouts[0]; i++)
    (void)round_trip(layouts[i], &n);
  return 0;
}
