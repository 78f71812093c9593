/* replay_scan.c — the capture as `xnet replay` sees it before and beside
 * the replay stack: libpcap reads the records (nanosecond timestamps, the
 * same times the replay stack's clock takes), the codec dissector finds
 * the outermost IP header and the transport ports. Used twice: a first
 * pass finds every endpoint to open, a second walks the packets in step
 * with the replay so each read is made when its packet is due. */
#define _GNU_SOURCE /* libpcap's headers use u_int */
#ifdef XNET_TOOL_WITH_PCAP
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "replay_cmd.h"
#include "xnet/packet.h"

struct rs_reader {
  pcap_t *p;
  FILE *f;
  long size;
  uint64_t records;
};

rs_reader *rs_open(const char *path, char *msg, size_t cap) {
  char err[PCAP_ERRBUF_SIZE] = "";
  rs_reader *r = calloc(1, sizeof *r);
  if (!r) {
    snprintf(msg, cap, "out of memory");
    return NULL;
  }
  r->p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
  if (!r->p) {
    snprintf(msg, cap, "%s", err);
    free(r);
    return NULL;
  }
  r->f = pcap_file(r->p);
  struct stat st;
  if (stat(path, &st) == 0) r->size = (long)st.st_size;
  return r;
}

static unsigned be16(const uint8_t *b) { return (unsigned)b[0] << 8 | b[1]; }

/* Fills p from the frame; leaves p->family 0 when it holds no IP packet. */
static void classify(uint32_t linktype, const uint8_t *b, size_t n, rs_pkt *p) {
  xnet_packet pk;
  (void)!xnet_packet_dissect(linktype, b, n, &pk); /* layers found count */
  int ip = -1;
  for (size_t i = 0; i < pk.count; i++)
    if (pk.layers[i].depth == 0 && (pk.layers[i].proto == XNET_PACKET_IPV4 ||
                                    pk.layers[i].proto == XNET_PACKET_IPV6)) {
      ip = (int)i;
      break;
    }
  if (ip < 0) return;
  const xnet_packet_layer *l = &pk.layers[ip];
  const uint8_t *h = b + l->offset;
  if (l->proto == XNET_PACKET_IPV4) {
    if (l->end - l->offset < 20) return;
    p->family = 4;
    xnet_ip_from4(h + 12, &p->src);
    xnet_ip_from4(h + 16, &p->dst);
  } else {
    if (l->end - l->offset < 40) return;
    p->family = 6;
    xnet_ip_from16(h + 8, &p->src);
    xnet_ip_from16(h + 24, &p->dst);
  }
  p->proto = l->upper;
  for (size_t i = (size_t)ip + 1; i < pk.count; i++) {
    const xnet_packet_layer *t = &pk.layers[i];
    if (t->depth != 0) break;
    if (t->proto != XNET_PACKET_UDP && t->proto != XNET_PACKET_TCP &&
        t->proto != XNET_PACKET_SCTP)
      continue;
    const uint8_t *th = b + t->offset;
    size_t have = t->end - t->offset;
    if (have < 4) break;
    p->ports = true;
    p->sport = (uint16_t)be16(th);
    p->dport = (uint16_t)be16(th + 2);
    if (t->proto == XNET_PACKET_TCP && have >= 14) {
      p->tcp_flags = th[13] & 0x3f;
      p->tcp_payload = have > t->header_len;
    }
    if (t->proto == XNET_PACKET_SCTP && have >= 13) p->sctp_chunk = th[12];
    break;
  }
}

int rs_next(rs_reader *r, rs_pkt *p, char *msg, size_t cap) {
  struct pcap_pkthdr *h;
  const u_char *d;
  memset(p, 0, sizeof *p);
  int rc = pcap_next_ex(r->p, &h, &d);
  if (rc == -2) return 0;
  if (rc != 1) {
    snprintf(msg, cap, "record %llu: %s", (unsigned long long)r->records + 1,
             pcap_geterr(r->p));
    return -1;
  }
  r->records++;
  p->t = (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;
  classify((uint32_t)pcap_datalink(r->p), d, h->caplen, p);
  return 1;
}

uint64_t rs_records(const rs_reader *r) { return r->records; }

double rs_progress(const rs_reader *r) {
  if (!r->f || r->size <= 0) return 0;
  long at = ftell(r->f);
  return at <= 0 ? 0 : (double)at / (double)r->size;
}

long rs_size(const rs_reader *r) { return r->size; }

void rs_close(rs_reader *r) {
  if (!r) return;
  pcap_close(r->p);
  free(r);
}
#endif /* XNET_TOOL_WITH_PCAP */
