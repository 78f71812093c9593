/* pcapng.c — the interface of each pcapng record, which libpcap does not
 * report: a second reader walks the file's blocks in step with libpcap's
 * records (one per Enhanced, Simple or obsolete Packet Block, the blocks
 * libpcap returns) and reads each one's interface ID. The kernel would
 * report an interface index; the replay reports ID + 1 (the first
 * interface block is index 1). Anything it cannot follow turns it off, and
 * every record is then on interface 1.
 *
 * It also keeps the stack's interface list (ops->interfaces, so x/net's
 * calls given an interface index accept the capture's): at open, the
 * interface blocks among the file's first blocks (named by their if_name
 * option, else "replayN"); later, any other interface block or SLL2
 * index the records reach. Block layout: pcapng draft
 * (draft-ietf-opsawg-pcapng) section 4. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_int.h"
#include "xnet/interface.h"
#include "xnet/packet.h"

enum {
  NG_SHB = 0x0A0D0D0A, NG_IDB = 1, NG_PB = 2, NG_SPB = 3, NG_EPB = 6,
  NG_BOM = 0x1A2B3C4D
};

static uint32_t u32(const uint8_t *b, bool big) {
  return big ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
                   (uint32_t)b[2] << 8 | b[3]
             : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
                   (uint32_t)b[1] << 8 | b[0];
}

/* The interface of an Interface Description Block whose body (after type
 * and length) is b[0..n): index (ID + 1), name from the if_name option
 * (code 2) when it has one. */
static void idb_seen(replay *r, const uint8_t *b, size_t n) {
  uint32_t index = ++r->ng_idbs;
  char name[sizeof r->ifs[0].name];
  name[0] = 0;
  for (size_t o = 8; o + 4 <= n;) { /* options after link type, snap length */
    uint16_t code = (uint16_t)(r->ng_big ? b[o] << 8 | b[o + 1]
                                         : b[o + 1] << 8 | b[o]);
    uint16_t len = (uint16_t)(r->ng_big ? b[o + 2] << 8 | b[o + 3]
                                        : b[o + 3] << 8 | b[o + 2]);
    o += 4;
    if (code == 0 || len > n - o) break; /* opt_endofopt, or cut */
    if (code == 2 && len > 0) {
      size_t k = 0;
      for (; k < len && k < sizeof name - 1 && b[o + k]; k++) {
        char c = (char)b[o + k];
        name[k] = c > ' ' && c < 0x7f ? c : '_'; /* printable, one word */
      }
      name[k] = 0;
    }
    o += ((size_t)len + 3) & ~(size_t)3;
  }
  /* Linux's "any" pseudo-interface (SLL2) is no interface of its own:
   * its records name theirs. */
  if (r->linktype == XNET_LINKTYPE_LINUX_SLL2 && !strcmp(name, "any")) return;
  rp_iface_seen(r, index, name[0] ? name : NULL);
}

/* Interface blocks are read up to this many bytes (their options). */
#define NG_IDB_READ 512

/* Reads the next block of f: *packet when it is one libpcap returns (its
 * interface ID in *id), interface blocks listed on the way. False when
 * the file cannot be followed (or ends). */
static bool step(replay *r, FILE *f, bool *packet, uint32_t *id) {
  uint8_t h[12];
  if (fread(h, 1, 8, f) != 8) return false;
  uint32_t type = u32(h, r->ng_big);
  size_t used = 8;
  if (type == NG_SHB) { /* a new section may change the byte order */
    if (fread(h + 8, 1, 4, f) != 4) return false;
    if (u32(h + 8, false) == NG_BOM) r->ng_big = false;
    else if (u32(h + 8, true) == NG_BOM) r->ng_big = true;
    else return false;
    used = 12;
    r->ng_idbs = 0; /* interface IDs count from 0 again */
  }
  uint32_t blen = u32(h + 4, r->ng_big);
  if (blen < 12 || blen % 4 || blen < used + 4) return false;
  *id = 0;
  *packet = false;
  if (type == NG_EPB || type == NG_PB) {
    uint8_t b[4];
    if (blen < used + 4 + 4 || fread(b, 1, 4, f) != 4) return false;
    used += 4;
    *id = type == NG_EPB ? u32(b, r->ng_big)
                         : (r->ng_big ? (uint32_t)(b[0] << 8 | b[1])
                                      : (uint32_t)(b[1] << 8 | b[0]));
    *packet = true;
  } else if (type == NG_SPB) {
    *packet = true;
  } else if (type == NG_IDB) {
    uint8_t b[NG_IDB_READ];
    size_t n = blen - used - 4; /* the body, without the trailing length */
    if (n > sizeof b) n = sizeof b;
    if (fread(b, 1, n, f) != n) return false;
    used += n;
    idb_seen(r, b, n);
  }
  return fseek(f, (long)(blen - used), SEEK_CUR) == 0;
}

/* Blocks read at open looking for interface blocks: writers put them in
 * front, the recorder as the first packets name them; a bound on the cost
 * at open of a big capture (a block header read and a seek within stdio's
 * buffer each). */
#define NG_PRESCAN_BLOCKS 4096

/* After the interface blocks (or without any): a capture has interface 1
 * (every record of a pcap file is on it) but an SLL2 one, whose records
 * name theirs. */
static void first_iface(replay *r) {
  if (r->linktype != XNET_LINKTYPE_LINUX_SLL2) rp_iface_seen(r, 1, NULL);
}

void rp_ng_open(replay *r, const char *path, const void *bytes, size_t len) {
  FILE *f = path ? fopen(path, "rb")
                 : fmemopen((void *)(uintptr_t)bytes, len, "rb");
  if (!f) {
    first_iface(r);
    return;
  }
  /* before any read, as setvbuf must be: fewer refills while seeking
   * from block to block */
  (void)setvbuf(f, NULL, _IOFBF, 64 * 1024);
  uint8_t h[12];
  if (fread(h, 1, 12, f) != 12 || u32(h, false) != NG_SHB ||
      (u32(h + 8, false) != NG_BOM && u32(h + 8, true) != NG_BOM)) {
    fclose(f);
    first_iface(r);
    return;
  }
  /* The interfaces known at open: the interface blocks of the first
   * NG_PRESCAN_BLOCKS blocks (later ones are listed when the replay
   * reaches them). */
  rewind(f);
  bool packet;
  uint32_t id;
  for (int i = 0; i < NG_PRESCAN_BLOCKS; i++)
    if (!step(r, f, &packet, &id)) break;
  first_iface(r);
  rewind(f);
  r->ng_big = false;
  r->ng_idbs = 0;
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
    bool packet;
    uint32_t id;
    if (!step(r, f, &packet, &id)) return off(r);
    if (packet) return id < UINT32_MAX ? id + 1 : 1;
  }
}

void rp_iface_seen(replay *r, uint32_t index, const char *name) {
  if (index == 0 || index > INT32_MAX || r->nifs >= RP_MAX_IFS) return;
  for (uint32_t i = 0; i < r->nifs; i++)
    if (r->ifs[i].index == index) return;
  rp_iface *f = &r->ifs[r->nifs++];
  f->index = index;
  if (name)
    snprintf(f->name, sizeof f->name, "%s", name);
  else
    snprintf(f->name, sizeof f->name, "replay%u", (unsigned)index);
}

/* A loopback name: "lo", or "lo" and a unit number ("lo0" on the BSDs). */
static bool lo_name(const char *n) {
  if (strncmp(n, "lo", 2) != 0) return false;
  for (n += 2; *n; n++)
    if (*n < '0' || *n > '9') return false;
  return true;
}

int rp_interfaces(void *inst, xnet_backend_interface *out, size_t cap) {
  replay *r = inst;
  pthread_mutex_lock(&r->mu);
  uint32_t n = r->nifs;
  for (uint32_t i = 0; i < n && i < cap; i++) {
    xnet_backend_interface *o = &out[i];
    memset(o, 0, sizeof *o);
    o->index = (int)r->ifs[i].index;
    snprintf(o->name, sizeof o->name, "%s", r->ifs[i].name);
    /* A capture says nothing of MTU or hardware address (left 0); the
     * interface carried traffic, so it was up and running, and the replay
     * delivers multicast on it. */
    o->flags = XNET_IFF_UP | XNET_IFF_RUNNING | XNET_IFF_MULTICAST;
    if (lo_name(o->name)) o->flags |= XNET_IFF_LOOPBACK;
  }
  pthread_mutex_unlock(&r->mu);
  return (int)n;
}
