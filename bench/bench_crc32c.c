/* bench_crc32c.c — CRC32c over a 1500-byte packet with the SSE4.2 method
 * and the slicing-by-8 table method (the baseline: what every CPU gets),
 * and the SCTP decode path of the replay backend: parse a DATA packet,
 * walk its chunks, decode the DATA chunk, and verify its checksum. */
/* bench.h uses clock_gettime, which strict C11 hides without this. */
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include "bench.h"
#include "xnet/crc32c.h"
#include "xnet/sctp_packet.h"

/* Frame 13 of sctp/tcpdump__forces2.pcap: one DATA chunk, 24-byte payload. */
static const uint8_t forces2_data[52] = {
    0x84, 0xc1, 0x1a, 0x30, 0x39, 0xd7, 0x23, 0x70, 0x66, 0xca, 0x25, 0x21,
    0x00, 0x03, 0x00, 0x28, 0xe5, 0x5c, 0xe9, 0x46, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x10, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x02,
    0x40, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0xf8, 0x00, 0x00, 0x00};

static uint8_t packet[1500];

static void do_sse42(void *arg) {
  BENCH_CLOBBER();
  uint32_t c = xnet_crc32c_update_sse42(0xFFFFFFFFu, arg, sizeof packet);
  BENCH_KEEP(c);
}

static void do_table(void *arg) {
  BENCH_CLOBBER();
  uint32_t c = xnet_crc32c_update_table(0xFFFFFFFFu, arg, sizeof packet);
  BENCH_KEEP(c);
}

static void do_oneshot(void *arg) {
  BENCH_CLOBBER();
  uint32_t c = xnet_crc32c(arg, sizeof packet);
  BENCH_KEEP(c);
}

/* What the replay backend does per DATA packet before reassembly. */
static void do_parse_data(void *arg) {
  const uint8_t *b = arg;
  BENCH_CLOBBER();
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_data d;
  uint32_t tsn = 0;
  if (xnet_sctp_packet_parse(b, sizeof forces2_data, &pkt) == 0) {
    xnet_sctp_chunk_iter_init(&it, &pkt);
    while (xnet_sctp_chunk_iter_next(&it, &c) == 1)
      if (xnet_sctp_data_parse(&c, &d) == 0)
        tsn += d.tsn;
  }
  BENCH_KEEP(tsn);
}

static void do_verify_data(void *arg) {
  BENCH_CLOBBER();
  int rc = xnet_sctp_packet_verify(arg, sizeof forces2_data);
  BENCH_KEEP(rc);
}

int main(void) {
  enum { MIN_NS = 200 * 1000 * 1000 };
  uint8_t data[sizeof forces2_data];
  memcpy(data, forces2_data, sizeof data);
  for (size_t i = 0; i < sizeof packet; i++)
    packet[i] = (uint8_t)(i * 131 + 7);
  if (xnet_crc32c_update_sse42(0xFFFFFFFFu, packet, sizeof packet) !=
          xnet_crc32c_update_table(0xFFFFFFFFu, packet, sizeof packet) ||
      xnet_sctp_packet_verify(data, sizeof data) != 0)
    return 1;
  if (!xnet_crc32c_have_sse42())
    printf("# no SSE4.2 here: the sse42 figures are the table method\n");

  double sse42 = bench_ns_per_op(do_sse42, packet, MIN_NS);
  double table = bench_ns_per_op(do_table, packet, MIN_NS);
  double oneshot = bench_ns_per_op(do_oneshot, packet, MIN_NS);
  bench_print("crc32c.sse42.1500B", sse42, "ns/op");
  bench_print("crc32c.sse42.1500B.throughput", sizeof packet / sse42, "GB/s");
  bench_print("crc32c.table.1500B", table, "ns/op");
  bench_print("crc32c.table.1500B.throughput", sizeof packet / table, "GB/s");
  bench_print("crc32c.1500B", oneshot, "ns/op");
  bench_print_ratio("crc32c", table, sse42);
  bench_print_allocs("crc32c", do_oneshot, packet, 1000);

  double parse = bench_ns_per_op(do_parse_data, data, MIN_NS);
  bench_print("sctp_packet.parse_data", parse, "ns/op");
  bench_print_allocs("sctp_packet.parse_data", do_parse_data, data, 1000);
  double verify = bench_ns_per_op(do_verify_data, data, MIN_NS);
  bench_print("sctp_packet.verify_data", verify, "ns/op");
  return 0;
}
