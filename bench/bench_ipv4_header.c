/* bench_ipv4_header.c — IPv4 header parse and marshal, and the Internet
 * checksum over a 20-byte header and a 1500-byte packet, against a
 * straightforward 16-bit-at-a-time RFC 1071 loop as the baseline. */
/* bench.h uses clock_gettime, which strict C11 hides without this. */
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include "bench.h"
#include "xnet/inet_checksum.h"
#include "xnet/ipv4_header.h"

/* Frame 1 of sctp/tcpdump__forces1.pcap. */
static const uint8_t forces1[20] = {
    0x45, 0x02, 0x01, 0x7c, 0x00, 0x04, 0x40, 0x00, 0x40, 0x84,
    0x88, 0x17, 0x96, 0x8c, 0xfe, 0xca, 0xd3, 0x81, 0x48, 0x08};

static uint8_t packet[1500];
/* Lengths read at run time, so the compiler cannot specialise either
 * checksum (gcc clones even noinline functions for constant arguments). */
static volatile size_t len20 = 20, len1500 = sizeof packet;
static xnet_ipv4_header parsed;

/* The baseline: RFC 1071 §4.1's loop, one big-endian 16-bit word at a
 * time into a 32-bit sum. Kept out of line, as the library function is, so
 * neither is specialised for the constant length at the call site. */
__attribute__((noinline)) static uint16_t baseline_checksum(const uint8_t *b,
                                                            size_t n) {
  uint32_t sum = 0;
  while (n > 1) {
    sum += (uint32_t)b[0] << 8 | b[1];
    b += 2;
    n -= 2;
  }
  if (n > 0)
    sum += (uint32_t)b[0] << 8;
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

static void do_parse(void *arg) {
  const uint8_t *b = arg;
  BENCH_CLOBBER();
  xnet_ipv4_header h;
  int err = xnet_ipv4_header_parse(b, 20, &h);
  BENCH_KEEP(err);
  BENCH_KEEP(h.checksum_ok);
}

static void do_marshal(void *arg) {
  uint8_t *out = arg;
  size_t n;
  BENCH_CLOBBER();
  int err = xnet_ipv4_header_marshal(&parsed, out, 60, &n);
  BENCH_KEEP(err);
}

static void do_cksum20(void *arg) {
  BENCH_CLOBBER();
  uint16_t s = xnet_inet_checksum(arg, len20);
  BENCH_KEEP(s);
}

static void do_base20(void *arg) {
  BENCH_CLOBBER();
  uint16_t s = baseline_checksum(arg, len20);
  BENCH_KEEP(s);
}

static void do_cksum1500(void *arg) {
  BENCH_CLOBBER();
  uint16_t s = xnet_inet_checksum(arg, len1500);
  BENCH_KEEP(s);
}

static void do_base1500(void *arg) {
  BENCH_CLOBBER();
  uint16_t s = baseline_checksum(arg, len1500);
  BENCH_KEEP(s);
}

int main(void) {
  enum { MIN_NS = 200 * 1000 * 1000 };
  uint8_t hdr[20], out[60];
  memcpy(hdr, forces1, sizeof hdr);
  for (size_t i = 0; i < sizeof packet; i++)
    packet[i] = (uint8_t)(i * 131 + 7);
  memcpy(packet, forces1, sizeof forces1);
  if (xnet_ipv4_header_parse(forces1, sizeof forces1, &parsed) != 0 ||
      xnet_inet_checksum(packet, sizeof packet) !=
          baseline_checksum(packet, sizeof packet))
    return 1;

  double parse = bench_ns_per_op(do_parse, hdr, MIN_NS);
  bench_print("ipv4_header.parse", parse, "ns/op");
  bench_print_allocs("ipv4_header.parse", do_parse, hdr, 1000);

  double marshal = bench_ns_per_op(do_marshal, out, MIN_NS);
  bench_print("ipv4_header.marshal", marshal, "ns/op");
  bench_print_allocs("ipv4_header.marshal", do_marshal, out, 1000);

  double c20 = bench_ns_per_op(do_cksum20, hdr, MIN_NS);
  double b20 = bench_ns_per_op(do_base20, hdr, MIN_NS);
  bench_print("inet_checksum.20B", c20, "ns/op");
  bench_print_ratio("inet_checksum.20B", b20, c20);
  bench_print_allocs("inet_checksum.20B", do_cksum20, hdr, 1000);

  double c1500 = bench_ns_per_op(do_cksum1500, packet, MIN_NS);
  double b1500 = bench_ns_per_op(do_base1500, packet, MIN_NS);
  bench_print("inet_checksum.1500B", c1500, "ns/op");
  bench_print("inet_checksum.1500B.throughput", sizeof packet / c1500, "GB/s");
  bench_print_ratio("inet_checksum.1500B", b1500, c1500);
  bench_print_allocs("inet_checksum.1500B", do_cksum1500, packet, 1000);
  return 0;
}
