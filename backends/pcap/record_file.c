/* record_file.c — the recording's pcapng file, written by hand (the format
 * is three block types; no libpcap dumper needed, and libpcap's pcap
 * dumper could not say which interface a packet came in on). A Section
 * Header Block, then Interface Description Blocks (link type Linux cooked
 * v2, nanosecond timestamps) written as packets name new interfaces, and
 * one Enhanced Packet Block per packet: an SLL2 header, then the IP
 * datagram. Layout: the pcapng draft (draft-ietf-opsawg-pcapng), sections
 * 4.1, 4.2 and 4.3; little-endian fields, which the byte-order magic
 * declares. SLL2: tcpdump.org's LINKTYPE_LINUX_SLL2 page. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>

#include "record_int.h"
#include "xnet/error.h"

enum {
  NG_SHB = 0x0A0D0D0A, NG_IDB = 1, NG_EPB = 6, NG_BOM = 0x1A2B3C4D,
  NG_LINKTYPE_SLL2 = 276, NG_OPT_TSRESOL = 9
};

/* SLL2: the header's length, a hardware type for IP without a link layer
 * (Linux's ARPHRD_NONE) and the packet types (Linux's PACKET_*). */
enum {
  SLL2_LEN = 20, SLL2_ARPHRD_NONE = 0xfffe,
  SLL2_HOST = 0, SLL2_BROADCAST = 1, SLL2_MULTICAST = 2, SLL2_OUTGOING = 4
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

/* Every interface block says LINKTYPE_LINUX_SLL2 (276). Raw IP (101)
 * would not do: libpcap up to at least 1.10.3 compares each later block's
 * LINKTYPE_ value with the first block's after mapping that one to a DLT_
 * value (DLT_RAW: 12 on Linux, 14 on OpenBSD), so a second raw IP block
 * fails the read. 276 is its own DLT_ value everywhere, and the SLL2
 * header carries the interface index (a reader without the interface
 * blocks still has it) and the direction. */
static void idb(recorder *r) {
  uint8_t b[28]; /* the block without its trailing length */
  put32(b, NG_IDB);
  put32(b + 4, sizeof b + 4);
  put16(b + 8, NG_LINKTYPE_SLL2);
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

static void put16be(uint8_t *b, uint32_t v) {
  b[0] = (uint8_t)(v >> 8);
  b[1] = (uint8_t)v;
}

/* The SLL2 packet type of the datagram d[0..n): outgoing, or as a
 * receiving kernel classes its destination. */
static uint8_t pkttype(bool outgoing, const uint8_t *d, size_t n) {
  if (outgoing) return SLL2_OUTGOING;
  if (n >= 20 && d[0] >> 4 == 4) {
    if (d[16] >= 224 && d[16] < 240) return SLL2_MULTICAST;
    if (d[16] == 255 && d[17] == 255 && d[18] == 255 && d[19] == 255)
      return SLL2_BROADCAST;
  } else if (n >= 40 && d[0] >> 4 == 6 && d[24] == 0xff) {
    return SLL2_MULTICAST;
  }
  return SLL2_HOST;
}

void rec_file_packet(recorder *r, int64_t t, uint32_t ifindex,
                     bool outgoing, const uint8_t *d, size_t n) {
  if (ifindex == 0) ifindex = 1; /* unknown: the first interface */
  uint32_t id = ifindex - 1;
  if (id >= REC_MAX_IFS) id = REC_MAX_IFS - 1;
  while (r->nifs <= id) idb(r);
  if (t < 0) t = 0;
  size_t len = SLL2_LEN + n;
  size_t pad = (4 - len % 4) % 4;
  uint32_t blen = (uint32_t)(28 + len + pad + 4);
  uint8_t h[28 + SLL2_LEN];
  put32(h, NG_EPB);
  put32(h + 4, blen);
  put32(h + 8, id);
  put32(h + 12, (uint32_t)((uint64_t)t >> 32));
  put32(h + 16, (uint32_t)t);
  put32(h + 20, (uint32_t)len);
  put32(h + 24, (uint32_t)len);
  /* SLL2, big-endian: protocol, reserved, interface index (the real one,
   * also past REC_MAX_IFS), hardware type, packet type, address length
   * and 8 bytes of (no) address */
  uint8_t *s = h + 28;
  memset(s, 0, SLL2_LEN);
  put16be(s, n > 0 && d[0] >> 4 == 6 ? 0x86dd : 0x0800);
  put16be(s + 4, ifindex >> 16);
  put16be(s + 6, ifindex);
  put16be(s + 8, SLL2_ARPHRD_NONE);
  s[10] = pkttype(outgoing, d, n);
  out(r, h, sizeof h);
  out(r, d, n);
  static const uint8_t zero[4];
  out(r, zero, pad);
  uint8_t tail[4];
  put32(tail, blen);
  out(r, tail, sizeof tail);
  r->packets++;
}
