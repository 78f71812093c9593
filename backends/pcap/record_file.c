/* record_file.c — the recording's pcapng file, written by hand (the format
 * is three block types; no libpcap dumper needed, and libpcap's pcap
 * dumper could not say which interface a packet came in on). A Section
 * Header Block, then Interface Description Blocks (link type raw IP,
 * nanosecond timestamps) written as packets name new interfaces, and one
 * Enhanced Packet Block per packet. Layout: the pcapng draft
 * (draft-ietf-opsawg-pcapng), sections 4.1, 4.2 and 4.3; little-endian
 * fields, which the byte-order magic declares. */
#define _GNU_SOURCE
#include <errno.h>
#include <pcap/dlt.h>
#include <string.h>

#include "record_int.h"
#include "xnet/error.h"

enum {
  NG_SHB = 0x0A0D0D0A, NG_IDB = 1, NG_EPB = 6, NG_BOM = 0x1A2B3C4D,
  NG_LINKTYPE_RAW = 101, NG_OPT_TSRESOL = 9
};

/* Interfaces beyond this share the last one (an index from a cmsg is
 * small; this bounds the blocks a bogus one could make us write). */
#define REC_MAX_IFS 64

static void put32(uint8_t *b, uint32_t v) {
  b[0] = (uint8_t)v;
  b[1] = (uint8_t)(v >> 8);
  b[2] = (uint8_t)(v >> 16);
  b[3] = (uint8_t)(v >> 24);
}

static void put16(uint8_t *b, uint16_t v) {
  b[0] = (uint8_t)v;
  b[1] = (uint8_t)(v >> 8);
}

static void out(recorder *r, const void *d, size_t n) {
  if (r->ferr || !r->f) return;
  if (fwrite(d, 1, n, r->f) != n) r->ferr = XNET_EIO;
}

/* The link type of every interface block after the first: libpcap up to
 * at least 1.10.3 (Debian 12) compares each later block's LINKTYPE_ value
 * with the first block's after mapping that one to a DLT_ value, so a
 * second LINKTYPE_RAW (101) block fails the read ("an interface has a
 * type 101 different from the type of the first interface") against
 * DLT_RAW (12 on Linux). Later blocks therefore carry the DLT_RAW value,
 * which libpcap maps to itself (a libpcap that maps both sides agrees) and
 * Wireshark reads as raw IP. */
#define NG_LINKTYPE_RAW_LATER DLT_RAW

static void idb(recorder *r) {
  uint8_t b[28]; /* the block without its trailing length */
  put32(b, NG_IDB);
  put32(b + 4, sizeof b + 4);
  put16(b + 8, r->nifs == 0 ? NG_LINKTYPE_RAW : NG_LINKTYPE_RAW_LATER);
  put16(b + 10, 0);
  put32(b + 12, 0); /* snap length: none */
  /* if_tsresol = 9: timestamps count nanoseconds */
  put16(b + 16, NG_OPT_TSRESOL);
  put16(b + 18, 1);
  b[20] = 9;
  b[21] = b[22] = b[23] = 0;
  put32(b + 24, 0); /* opt_endofopt */
  uint8_t tail[4];
  put32(tail, sizeof b + 4);
  out(r, b, sizeof b);
  out(r, tail, sizeof tail);
  r->nifs++;
}

int rec_file_open(recorder *r, const char *path) {
  r->f = fopen(path, "wb");
  if (!r->f) return errno ? -errno : XNET_EIO;
  uint8_t b[28];
  put32(b, NG_SHB);
  put32(b + 4, sizeof b);
  put32(b + 8, NG_BOM);
  put16(b + 12, 1); /* version 1.0 */
  put16(b + 14, 0);
  memset(b + 16, 0xff, 8); /* section length: not given */
  put32(b + 24, sizeof b);
  out(r, b, sizeof b);
  idb(r); /* readers want one before any packet, even in an empty file */
  return r->ferr;
}

int rec_file_close(recorder *r) {
  if (!r->f) return r->ferr;
  if (fclose(r->f) != 0 && !r->ferr) r->ferr = XNET_EIO;
  r->f = NULL;
  return r->ferr;
}

void rec_file_packet(recorder *r, int64_t t, uint32_t ifindex,
                     const uint8_t *d, size_t n) {
  uint32_t id = ifindex > 1 ? ifindex - 1 : 0;
  if (id >= REC_MAX_IFS) id = REC_MAX_IFS - 1;
  while (r->nifs <= id) idb(r);
  if (t < 0) t = 0;
  size_t pad = (4 - n % 4) % 4;
  uint32_t blen = (uint32_t)(28 + n + pad + 4);
  uint8_t h[28];
  put32(h, NG_EPB);
  put32(h + 4, blen);
  put32(h + 8, id);
  put32(h + 12, (uint32_t)((uint64_t)t >> 32));
  put32(h + 16, (uint32_t)t);
  put32(h + 20, (uint32_t)n);
  put32(h + 24, (uint32_t)n);
  out(r, h, sizeof h);
  out(r, d, n);
  static const uint8_t zero[4];
  out(r, zero, pad);
  uint8_t tail[4];
  put32(tail, blen);
  out(r, tail, sizeof tail);
  r->packets++;
}
