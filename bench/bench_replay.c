/* bench_replay.c — the replay backend's delivery rate against a bare
 * libpcap loop over the same file, in the same run (issue 5: "≥ 0.5 of the
 * bare loop"), and its memory as the capture grows:
 *   replay.udp_deliver       datagrams per s read from a UDP conn on a
 *                            replay stack (Ethernet/IPv4/UDP, 64-byte
 *                            payloads, a 1,000,000-packet capture)
 *   replay.udp_deliver.pcap_next_ex   records per s of a bare
 *                            pcap_next_ex loop over the same file
 *   replay.udp_deliver.ratio bare ns ÷ replay ns, median of per-round
 *                            ratios over ROUNDS rounds (bench_compare)
 *   replay.peak_rss_small / _large   peak RSS (KiB) of a fresh process
 *                            replaying 100,000 / 1,000,000 packets: flat
 *                            when the capture is streamed, not loaded.
 * The captures are generated into temporary files by this program, which
 * runs itself (`bench_replay --rss FILE`) for each memory figure. */
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
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "xnet/xnet.h"

#define ROUNDS 5
#define PACKETS 1000000
#define PACKETS_SMALL 100000

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

static long bare(const char *path) {
  char err[PCAP_ERRBUF_SIZE];
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
  return count;
}

static long replay(const char *path) {
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
  while (xnet_conn_read(c, buf, sizeof buf) > 0) {
    sum += (unsigned char)buf[0];
    count++;
  }
  BENCH_KEEP(sum);
  (void)xnet_conn_close(c);
  xnet_stack_close(s);
  return count;
}

/* bench_compare's rounds: each times one pass over the capture and checks
 * that every packet was counted. */
static const char *cap_path;

static double time_pass(long (*pass)(const char *), const char *what) {
  double t0 = bench_now_ns();
  long n = pass(cap_path);
  double ns = bench_now_ns() - t0;
  if (n != PACKETS) {
    fprintf(stderr, "bench_replay: %s counted %ld of %d packets\n", what, n,
            PACKETS);
    exit(1);
  }
  return ns;
}

static double round_bare(void) { return time_pass(bare, "pcap_next_ex"); }
static double round_replay(void) { return time_pass(replay, "replay"); }

/* Peak RSS (KiB) of a fresh process replaying path: this program run with
 * --rss, so nothing this process touched counts. -1 on failure. */
static long peak_rss_of(const char *self, const char *path) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execl(self, self, "--rss", path, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0)
    return -1;
  return ru.ru_maxrss;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "--rss")) return replay(argv[2]) > 0 ? 0 : 1;
  char path[64], small[64];
  snprintf(path, sizeof path, "/tmp/xnet-bench-replay-%ld.pcap", (long)getpid());
  snprintf(small, sizeof small, "/tmp/xnet-bench-replay-s-%ld.pcap", (long)getpid());
  generate(path, PACKETS);
  cap_path = path;
  bench_compare("replay.udp_deliver", "pcap_next_ex", round_bare, round_replay,
                ROUNDS, PACKETS, "pkt/s");
  /* Memory: the same replay over 100,000 and over 1,000,000 packets. */
  generate(small, PACKETS_SMALL);
  char self[4096];
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  if (k > 0) {
    self[k] = 0;
    bench_print("replay.peak_rss_small", (double)peak_rss_of(self, small), "KiB");
    bench_print("replay.peak_rss_large", (double)peak_rss_of(self, path), "KiB");
  }
  unlink(small);
  unlink(path);
  return 0;
}
#endif /* XNET_HAVE_REPLAY */
