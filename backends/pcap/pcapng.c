/* pcapng.c — the interface of each pcapng record, which libpcap does not
 * report: a second reader walks the file's blocks in step with libpcap's
 * records (one per Enhanced, Simple or obsolete Packet Block, the blocks
 * libpcap returns) and reads each one's interface ID. The kernel would
 * report an interface index; the replay reports ID + 1 (the first
 * interface block is index 1). Anything it cannot follow turns it off, and
 * every record is then on interface 1. Block layout: pcapng draft
 * (draft-ietf-opsawg-pcapng) section 4. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"

enum {
  NG_SHB = 0x0A0D0D0A, NG_PB = 2, NG_SPB = 3, NG_EPB = 6,
  NG_BOM = 0x1A2B3C4D
};

static uint32_t u32(const uint8_t *b, bool big) {
  return big ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
                   (uint32_t)b[2] << 8 | b[3]
             : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
                   (uint32_t)b[1] << 8 | b[0];
}

void rp_ng_open(replay *r, const char *path, const void *bytes, size_t len) {
  FILE *f = path ? fopen(path, "rb")
                 : fmemopen((void *)(uintptr_t)bytes, len, "rb");
  if (!f) return;
  uint8_t h[12];
  if (fread(h, 1, 12, f) != 12 || u32(h, false) != NG_SHB ||
      (u32(h + 8, false) != NG_BOM && u32(h + 8, true) != NG_BOM)) {
    fclose(f);
    return;
  }
  rewind(f);
  r->ng = f;
}

void rp_ng_close(replay *r) {
  if (r->ng) fclose(r->ng);
  r->ng = NULL;
}

static uint32_t off(replay *r) {
  rp_ng_close(r);
  return 1;
}

uint32_t rp_ng_next_ifindex(replay *r) {
  FILE *f = r->ng;
  if (!f) return 1;
  for (;;) {
    uint8_t h[12];
    if (fread(h, 1, 8, f) != 8) return off(r);
    uint32_t type = u32(h, r->ng_big);
    size_t used = 8;
    if (type == NG_SHB) { /* a new section may change the byte order */
      if (fread(h + 8, 1, 4, f) != 4) return off(r);
      if (u32(h + 8, false) == NG_BOM) r->ng_big = false;
      else if (u32(h + 8, true) == NG_BOM) r->ng_big = true;
      else return off(r);
      used = 12;
    }
    uint32_t blen = u32(h + 4, r->ng_big);
    if (blen < 12 || blen % 4 || blen < used + 4) return off(r);
    uint32_t id = 0;
    bool packet = false;
    if (type == NG_EPB || type == NG_PB) {
      uint8_t b[4];
      if (blen < used + 4 + 4 || fread(b, 1, 4, f) != 4) return off(r);
      used += 4;
      id = type == NG_EPB ? u32(b, r->ng_big)
                          : (r->ng_big ? (uint32_t)(b[0] << 8 | b[1])
                                       : (uint32_t)(b[1] << 8 | b[0]));
      packet = true;
    } else if (type == NG_SPB) {
      packet = true;
    }
    if (fseek(f, (long)(blen - used), SEEK_CUR) != 0) return off(r);
    if (packet) return id < UINT32_MAX ? id + 1 : 1;
  }
}
