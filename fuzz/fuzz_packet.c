/* fuzz_packet.c — the dissector on any bytes, under every link type.
 *
 * The first input byte picks the link type (from the supported ones plus
 * one unsupported); the rest is the frame. Checked on every input: the
 * walk never reads outside the frame (ASan), every listed layer lies
 * inside it and nests as documented, the result is the same when run
 * twice, and a clean walk records no error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xnet/packet.h"

static const uint32_t linktypes[] = {
    XNET_LINKTYPE_ETHERNET, XNET_LINKTYPE_RAW,       XNET_LINKTYPE_NULL,
    XNET_LINKTYPE_LOOP,     XNET_LINKTYPE_LINUX_SLL, XNET_LINKTYPE_LINUX_SLL2,
    XNET_LINKTYPE_IPV4,     XNET_LINKTYPE_IPV6,      XNET_LINKTYPE_RAW_12,
    XNET_LINKTYPE_RAW_14,   105 /* unsupported */};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Two results are the same when their header fields and their listed
 * layers are: layers[count..) are unspecified, and padding is not data. */
static int same(const xnet_packet *a, const xnet_packet *b) {
  if (a->linktype != b->linktype || a->caplen != b->caplen ||
      a->count != b->count || a->error != b->error ||
      a->error_proto != b->error_proto || a->error_offset != b->error_offset)
    return 0;
  for (size_t i = 0; i < a->count && i < XNET_PACKET_MAX_LAYERS; i++) {
    const xnet_packet_layer *x = &a->layers[i], *y = &b->layers[i];
    if (x->proto != y->proto || x->depth != y->depth || x->flags != y->flags ||
        x->upper != y->upper || x->next != y->next || x->offset != y->offset ||
        x->header_len != y->header_len || x->end != y->end)
      return 0;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint32_t linktype = linktypes[data[0] % (sizeof linktypes / sizeof *linktypes)];
  const uint8_t *frame = data + 1;
  size_t n = size - 1;
  xnet_packet a, b;
  /* Different garbage in each: a field the dissector forgets to set
   * shows up as a difference. */
  memset(&a, 0x00, sizeof a);
  memset(&b, 0xa5, sizeof b);
  int ra = xnet_packet_dissect(linktype, frame, n, &a);
  int rb = xnet_packet_dissect(linktype, frame, n, &b);
  if (ra != rb || ra != a.error || !same(&a, &b)) abort();
  if (a.count > XNET_PACKET_MAX_LAYERS || a.caplen != n) abort();
  unsigned depth = 0;
  for (size_t i = 0; i < a.count; i++) {
    const xnet_packet_layer *l = &a.layers[i];
    if (l->proto == XNET_PACKET_NONE || l->proto >= XNET_PACKET__MAX) abort();
    if (l->end > n || l->offset > l->end) abort();
    if (!(l->flags & XNET_PACKET_TRUNCATED) && l->header_len > l->end - l->offset) abort();
    /* Layers go deeper (a quote or tunnel) but never back out. */
    if (l->depth < depth || l->depth >= XNET_PACKET_MAX_DEPTH) abort();
    depth = l->depth;
    if (i > 0 && l->offset < a.layers[i - 1].offset) abort();
  }
  return 0;
}
