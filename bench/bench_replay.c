/* bench_replay.c — the replay backend's delivery rate against a bare
 * libpcap loop over the same file, in the same run (issue 5: "≥ 0.5 of the
 * bare loop"), and its memory as the capture grows:
 *   replay.udp_deliver       datagrams per s read from a UDP conn on a
 *                            replay stack (Ethernet/IPv4/UDP, 64-byte
 *                            payloads, 200,000 packets)
 *   replay.pcap_next_ex      records per s of a bare pcap_next_ex loop
 *   replay.udp_deliver.ratio bare ns ÷ replay ns, median of per-round
 *                            ratios over ROUNDS rounds
 *   replay.peak_rss_small / _large   peak RSS (KiB) after replaying
 *                            100,000 then 400,000 packets: flat when the
 *                            capture is streamed rather than loaded.
 * The captures are generated into temporary files by this program. */
#define _GNU_SOURCE
#ifndef XNET_HAVE_REPLAY
#include <stdio.h>
int main(void) {
  fprintf(stderr, "bench_replay: built without libpcap\n");
  return 0;
}
#else
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench.h"
#include "xnet/xnet.h"

#define ROUNDS 5
#define PACKETS 200000

static void generate(const char *path, int count) {
  pcap_t *dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535,
                                                      PCAP_TSTAMP_PRECISION_NANO);
  pcap_dumper_t *d = pcap_dump_open(dead, path);
  if (!d) abort();
  uint8_t f[14 + 20 + 8 + 64];
  memset(f, 0, sizeof f);
  f[12] = 0x08; /* IPv4 */
  uint8_t *ip = f + 14;
  ip[0] = 0x45;
  ip[2] = 0;
  ip[3] = 20 + 8 + 64;
  ip[8] = 64;
  ip[9] = 17;
  ip[12] = 10, ip[15] = 2;  /* 10.0.0.2 */
  ip[16] = 10, ip[19] = 1;  /* 10.0.0.1 */
  uint8_t *u = ip + 20;
  u[0] = 0x13, u[1] = 0x88; /* 5000 */
  u[2] = 0x23, u[3] = 0x28; /* 9000 */
  u[5] = 8 + 64;
  struct pcap_pkthdr h;
  memset(&h, 0, sizeof h);
  h.caplen = h.len = sizeof f;
  for (int i = 0; i < count; i++) {
    h.ts.tv_sec = 1000 + i / 1000;
    h.ts.tv_usec = (i % 1000) * 1000; /* nanoseconds: one every µs */
    memcpy(u + 8, &i, sizeof i);
    pcap_dump((u_char *)d, &h, f);
  }
  pcap_dump_close(d);
  pcap_close(dead);
}

static double bare(const char *path, long *n) {
  char err[PCAP_ERRBUF_SIZE];
  double t0 = bench_now_ns();
  pcap_t *p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
  if (!p) abort();
  struct pcap_pkthdr *h;
  const u_char *b;
  long count = 0;
  unsigned sum = 0;
  while (pcap_next_ex(p, &h, &b) == 1) {
    sum += b[h->caplen - 1];
    count++;
  }
  BENCH_KEEP(sum);
  pcap_close(p);
  *n = count;
  return bench_now_ns() - t0;
}

static double replay(const char *path, long *n) {
  double t0 = bench_now_ns();
  xnet_stack *s = NULL;
  if (xnet_replay_stack_open(path, NULL, &s) != 0) abort();
  xnet_listen_config lc;
  memset(&lc, 0, sizeof lc);
  lc.stack = s;
  xnet_conn *c = NULL;
  if (xnet_listen_config_listen_packet(&lc, "udp4", "10.0.0.1:9000", &c) != 0) abort();
  (void)xnet_conn_set_read_deadline(c, xnet_deadline_in(s, 365 * 24 * 3600 * XNET_SECOND));
  char buf[128];
  long count = 0;
  unsigned sum = 0;
  int r;
  while ((r = xnet_conn_read(c, buf, sizeof buf)) > 0) {
    sum += (unsigned char)buf[0];
    count++;
  }
  BENCH_KEEP(sum);
  (void)xnet_conn_close(c);
  xnet_stack_close(s);
  *n = count;
  return bench_now_ns() - t0;
}

static long peak_kib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

int main(void) {
  char path[64], small[64], large[64];
  snprintf(path, sizeof path, "/tmp/xnet-bench-replay-%ld.pcap", (long)getpid());
  snprintf(small, sizeof small, "/tmp/xnet-bench-replay-s-%ld.pcap", (long)getpid());
  snprintf(large, sizeof large, "/tmp/xnet-bench-replay-l-%ld.pcap", (long)getpid());
  generate(path, PACKETS);
  double bare_ns[ROUNDS], rep_ns[ROUNDS], ratio[ROUNDS];
  for (int i = 0; i < ROUNDS; i++) {
    long nb = 0, nr = 0;
    bare_ns[i] = bare(path, &nb) / (double)PACKETS;
    rep_ns[i] = replay(path, &nr) / (double)PACKETS;
    if (nb != PACKETS || nr != PACKETS) {
      fprintf(stderr, "bench_replay: counted %ld bare, %ld replayed\n", nb, nr);
      return 1;
    }
    ratio[i] = bare_ns[i] / rep_ns[i];
  }
  bench_print("replay.udp_deliver", 1e9 / bench_median(rep_ns, ROUNDS), "pkt/s");
  bench_print("replay.pcap_next_ex", 1e9 / bench_median(bare_ns, ROUNDS),
              "pkt/s");
  printf("replay.udp_deliver.ratio %.3f\n", bench_median(ratio, ROUNDS));
  fflush(stdout);
  unlink(path);
  /* Memory: peak RSS after a small capture, then after one 4x larger. */
  generate(small, 100000);
  generate(large, 400000);
  long n;
  replay(small, &n);
  bench_print("replay.peak_rss_small", (double)peak_kib(), "KiB");
  replay(large, &n);
  bench_print("replay.peak_rss_large", (double)peak_kib(), "KiB");
  unlink(small);
  unlink(large);
  return 0;
}
#endif /* XNET_HAVE_REPLAY */
