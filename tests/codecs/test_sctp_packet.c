/* test_sctp_packet.c — SCTP common header, checksum, chunk iteration and
 * the decoding of real packets from the shared corpus, field by field.
 *
 * The byte arrays are SCTP packets cut from /work/shared/corpus/sctp/ (the
 * bytes after the IP header), named by file and frame; the expected values
 * are the ones tshark shows for those frames (expected/sctp/<file>.tsv) or read
 * off the bytes per RFC 9260. */
#include <stdio.h>
#include <stdlib.h>

#include "xnet/crc32c.h"
#include "xnet/error.h"
#include "xnet/sctp_chunk.h"
#include "xnet/sctp_packet.h"
#include "xnet_test.h"

/* Generated from /work/shared/corpus/sctp/ (SCTP bytes after the IP header):
 * file, frame number and content named above each array. */
/* tcpdump__forces2.pcap frame 1: INIT: supported address types, ECN, forward-TSN supported */
static const uint8_t forces2_init[48] = {
    0x84, 0xc1, 0x1a, 0x30, 0x00, 0x00, 0x00, 0x00, 0x25, 0x9e, 0xf4, 0x3f,
    0x01, 0x00, 0x00, 0x24, 0x94, 0xd0, 0x21, 0x98, 0x00, 0x00, 0xe0, 0x00,
    0x00, 0x01, 0x00, 0x01, 0xe5, 0x5c, 0xe9, 0x46, 0x00, 0x0c, 0x00, 0x06,
    0x00, 0x05, 0x00, 0x00, 0x80, 0x00, 0x00, 0x04, 0xc0, 0x00, 0x00, 0x04
};

/* tcpdump__forces2.pcap frame 4: COOKIE-ACK */
static const uint8_t forces2_cookie_ack[16] = {
    0x1a, 0x30, 0x84, 0xc1, 0x94, 0xd0, 0x21, 0x98, 0x25, 0xb1, 0x6a, 0x4b,
    0x0b, 0x00, 0x00, 0x04
};

/* tcpdump__forces2.pcap frame 13: DATA (B|E), TSN 3848071494, 24-byte payload */
static const uint8_t forces2_data[52] = {
    0x84, 0xc1, 0x1a, 0x30, 0x39, 0xd7, 0x23, 0x70, 0x66, 0xca, 0x25, 0x21,
    0x00, 0x03, 0x00, 0x28, 0xe5, 0x5c, 0xe9, 0x46, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x10, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x02,
    0x40, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
    0xf8, 0x00, 0x00, 0x00
};

/* tcpdump__forces2.pcap frame 14: SACK, no gap blocks */
static const uint8_t forces2_sack[28] = {
    0x1a, 0x30, 0x84, 0xc1, 0x94, 0xd0, 0x21, 0x98, 0xec, 0xd7, 0x49, 0x8e,
    0x03, 0x00, 0x00, 0x10, 0xe5, 0x5c, 0xe9, 0x46, 0x00, 0x00, 0xdf, 0xe8,
    0x00, 0x00, 0x00, 0x00
};

/* tcpdump__forces2.pcap frame 25: HEARTBEAT with a 40-byte Heartbeat Info */
static const uint8_t forces2_heartbeat[60] = {
    0x9a, 0x83, 0x1a, 0x31, 0xe4, 0x9d, 0x1b, 0xb2, 0xfa, 0xb2, 0xc9, 0x40,
    0x04, 0x00, 0x00, 0x30, 0x00, 0x01, 0x00, 0x2c, 0x02, 0x00, 0x1a, 0x31,
    0xc0, 0xa8, 0x01, 0x8f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xbc, 0xef, 0x43, 0xc0, 0x8c, 0x7e, 0x26, 0xe7, 0x31, 0xf0, 0x43, 0xc0,
    0x00, 0x4e, 0x02, 0x00, 0xf5, 0xe0, 0xa9, 0x64, 0xd2, 0xe7, 0x07, 0x6e
};

/* tcpdump__forces2.pcap frame 26: HEARTBEAT-ACK echoing it */
static const uint8_t forces2_heartbeat_ack[60] = {
    0x1a, 0x31, 0x9a, 0x83, 0x79, 0xe3, 0xf1, 0x23, 0x48, 0x99, 0x8c, 0x88,
    0x05, 0x00, 0x00, 0x30, 0x00, 0x01, 0x00, 0x2c, 0x02, 0x00, 0x1a, 0x31,
    0xc0, 0xa8, 0x01, 0x8f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xbc, 0xef, 0x43, 0xc0, 0x8c, 0x7e, 0x26, 0xe7, 0x31, 0xf0, 0x43, 0xc0,
    0x00, 0x4e, 0x02, 0x00, 0xf5, 0xe0, 0xa9, 0x64, 0xd2, 0xe7, 0x07, 0x6e
};

/* tcpdump__forces2.pcap frame 49: SHUTDOWN, cumulative TSN ack 918167008 */
static const uint8_t forces2_shutdown[20] = {
    0x84, 0xc1, 0x1a, 0x30, 0x39, 0xd7, 0x23, 0x70, 0x32, 0x19, 0xdd, 0xaf,
    0x07, 0x00, 0x00, 0x08, 0x36, 0xba, 0x1d, 0xe0
};

/* tcpdump__forces2.pcap frame 52: SHUTDOWN-ACK */
static const uint8_t forces2_shutdown_ack[16] = {
    0x1a, 0x30, 0x84, 0xc1, 0x94, 0xd0, 0x21, 0x98, 0x1c, 0x38, 0x48, 0x29,
    0x08, 0x00, 0x00, 0x04
};

/* tcpdump__forces2.pcap frame 53: SHUTDOWN-COMPLETE */
static const uint8_t forces2_shutdown_complete[16] = {
    0x84, 0xc1, 0x1a, 0x30, 0x39, 0xd7, 0x23, 0x70, 0xba, 0xbd, 0x7d, 0xf1,
    0x0e, 0x00, 0x00, 0x04
};

/* arkime__m3ua_synthetic.pcap frame 3: COOKIE-ECHO */
static const uint8_t m3ua_cookie_echo[32] = {
    0x0b, 0x58, 0x0b, 0x58, 0x00, 0x00, 0x00, 0x00, 0x99, 0x13, 0xc1, 0x28,
    0x0a, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
};

/* arkime__sctp-www.pcap frame 1: INIT: two IPv4 addresses, adaptation layer indication */
static const uint8_t www_init[72] = {
    0x80, 0x44, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x30, 0xba, 0xef, 0x54,
    0x01, 0x00, 0x00, 0x3c, 0x3b, 0xb9, 0x9c, 0x46, 0x00, 0x01, 0xa0, 0x00,
    0x00, 0x0a, 0xff, 0xff, 0x2b, 0x2d, 0x7e, 0xb2, 0x00, 0x05, 0x00, 0x08,
    0x9b, 0xe6, 0x18, 0x9b, 0x00, 0x05, 0x00, 0x08, 0x9b, 0xe6, 0x18, 0x9c,
    0x00, 0x0c, 0x00, 0x06, 0x00, 0x05, 0x00, 0x00, 0x80, 0x00, 0x00, 0x04,
    0xc0, 0x00, 0x00, 0x04, 0xc0, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00
};

/* arkime__sctp-www.pcap frame 5: DATA, Length 419: one byte of padding ends the packet */
static const uint8_t www_data_padded[432] = {
    0x80, 0x44, 0x00, 0x50, 0xd2, 0x6a, 0xc1, 0xe5, 0x70, 0xe5, 0x5b, 0x4c,
    0x00, 0x03, 0x01, 0xa3, 0x2b, 0x2d, 0x7e, 0xb2, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x47, 0x45, 0x54, 0x20, 0x2f, 0x20, 0x48, 0x54,
    0x54, 0x50, 0x2f, 0x31, 0x2e, 0x31, 0x0d, 0x0a, 0x48, 0x6f, 0x73, 0x74,
    0x3a, 0x20, 0x32, 0x30, 0x33, 0x2e, 0x32, 0x35, 0x35, 0x2e, 0x32, 0x35,
    0x32, 0x2e, 0x31, 0x39, 0x34, 0x0d, 0x0a, 0x55, 0x73, 0x65, 0x72, 0x2d,
    0x41, 0x67, 0x65, 0x6e, 0x74, 0x3a, 0x20, 0x4d, 0x6f, 0x7a, 0x69, 0x6c,
    0x6c, 0x61, 0x2f, 0x35, 0x2e, 0x30, 0x20, 0x28, 0x58, 0x31, 0x31, 0x3b,
    0x20, 0x55, 0x3b, 0x20, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x20, 0x69, 0x36,
    0x38, 0x36, 0x3b, 0x20, 0x6b, 0x6f, 0x2d, 0x4b, 0x52, 0x3b, 0x20, 0x72,
    0x76, 0x3a, 0x31, 0x2e, 0x37, 0x2e, 0x31, 0x32, 0x29, 0x20, 0x47, 0x65,
    0x63, 0x6b, 0x6f, 0x2f, 0x32, 0x30, 0x30, 0x35, 0x31, 0x30, 0x30, 0x37,
    0x20, 0x44, 0x65, 0x62, 0x69, 0x61, 0x6e, 0x2f, 0x31, 0x2e, 0x37, 0x2e,
    0x31, 0x32, 0x2d, 0x31, 0x0d, 0x0a, 0x41, 0x63, 0x63, 0x65, 0x70, 0x74,
    0x3a, 0x20, 0x74, 0x65, 0x78, 0x74, 0x2f, 0x78, 0x6d, 0x6c, 0x2c, 0x61,
    0x70, 0x70, 0x6c, 0x69, 0x63, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x2f, 0x78,
    0x6d, 0x6c, 0x2c, 0x61, 0x70, 0x70, 0x6c, 0x69, 0x63, 0x61, 0x74, 0x69,
    0x6f, 0x6e, 0x2f, 0x78, 0x68, 0x74, 0x6d, 0x6c, 0x2b, 0x78, 0x6d, 0x6c,
    0x2c, 0x74, 0x65, 0x78, 0x74, 0x2f, 0x68, 0x74, 0x6d, 0x6c, 0x3b, 0x71,
    0x3d, 0x30, 0x2e, 0x39, 0x2c, 0x74, 0x65, 0x78, 0x74, 0x2f, 0x70, 0x6c,
    0x61, 0x69, 0x6e, 0x3b, 0x71, 0x3d, 0x30, 0x2e, 0x38, 0x2c, 0x69, 0x6d,
    0x61, 0x67, 0x65, 0x2f, 0x70, 0x6e, 0x67, 0x2c, 0x2a, 0x2f, 0x2a, 0x3b,
    0x71, 0x3d, 0x30, 0x2e, 0x35, 0x0d, 0x0a, 0x41, 0x63, 0x63, 0x65, 0x70,
    0x74, 0x2d, 0x4c, 0x61, 0x6e, 0x67, 0x75, 0x61, 0x67, 0x65, 0x3a, 0x20,
    0x6b, 0x6f, 0x2c, 0x65, 0x6e, 0x2d, 0x75, 0x73, 0x3b, 0x71, 0x3d, 0x30,
    0x2e, 0x37, 0x2c, 0x65, 0x6e, 0x3b, 0x71, 0x3d, 0x30, 0x2e, 0x33, 0x0d,
    0x0a, 0x41, 0x63, 0x63, 0x65, 0x70, 0x74, 0x2d, 0x45, 0x6e, 0x63, 0x6f,
    0x64, 0x69, 0x6e, 0x67, 0x3a, 0x20, 0x67, 0x7a, 0x69, 0x70, 0x2c, 0x64,
    0x65, 0x66, 0x6c, 0x61, 0x74, 0x65, 0x0d, 0x0a, 0x41, 0x63, 0x63, 0x65,
    0x70, 0x74, 0x2d, 0x43, 0x68, 0x61, 0x72, 0x73, 0x65, 0x74, 0x3a, 0x20,
    0x45, 0x55, 0x43, 0x2d, 0x4b, 0x52, 0x2c, 0x75, 0x74, 0x66, 0x2d, 0x38,
    0x3b, 0x71, 0x3d, 0x30, 0x2e, 0x37, 0x2c, 0x2a, 0x3b, 0x71, 0x3d, 0x30,
    0x2e, 0x37, 0x0d, 0x0a, 0x4b, 0x65, 0x65, 0x70, 0x2d, 0x41, 0x6c, 0x69,
    0x76, 0x65, 0x3a, 0x20, 0x33, 0x30, 0x30, 0x0d, 0x0a, 0x43, 0x6f, 0x6e,
    0x6e, 0x65, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x3a, 0x20, 0x6b, 0x65, 0x65,
    0x70, 0x2d, 0x61, 0x6c, 0x69, 0x76, 0x65, 0x0d, 0x0a, 0x0d, 0x0a, 0x00
};

/* suricata-verify__sctp-keywords__input.pcap frame 2: INIT-ACK: state cookie, two IPv4 addresses */
static const uint8_t kw_init_ack[132] = {
    0x18, 0x9f, 0x0b, 0x5a, 0xdd, 0x68, 0xd3, 0x3d, 0xfe, 0x0a, 0x71, 0x90,
    0x02, 0x00, 0x00, 0x78, 0xd4, 0x2b, 0x48, 0x92, 0x00, 0x00, 0xfa, 0x00,
    0x00, 0x02, 0x00, 0x11, 0xd4, 0x2b, 0x48, 0x92, 0x00, 0x07, 0x00, 0x54,
    0x2d, 0x84, 0xcb, 0x75, 0x19, 0xfd, 0xbd, 0xe8, 0x17, 0x72, 0x5d, 0xa5,
    0xd8, 0xdf, 0xdc, 0xf5, 0x00, 0x00, 0x00, 0x50, 0xb8, 0x3a, 0x77, 0x24,
    0x00, 0x00, 0x13, 0x88, 0xdd, 0x68, 0xd3, 0x3d, 0xd4, 0x2b, 0x48, 0x92,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x29, 0xbe, 0xa6,
    0xd4, 0x2b, 0x48, 0x92, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0xfa, 0x00,
    0x00, 0x11, 0x00, 0x02, 0x00, 0x01, 0x0b, 0x5a, 0x18, 0x9f, 0x00, 0x00,
    0x00, 0x05, 0x00, 0x08, 0x55, 0xcd, 0x34, 0x6a, 0x00, 0x05, 0x00, 0x08,
    0x58, 0x52, 0x06, 0x86, 0x00, 0x05, 0x00, 0x08, 0x58, 0x52, 0x06, 0xb6
};

/* suricata-verify__sctp-keywords__input.pcap frame 15: SACK + three DATA chunks bundled */
static const uint8_t kw_bundle[148] = {
    0x18, 0x9f, 0x0b, 0x5a, 0xdd, 0x68, 0xd3, 0x3d, 0x0f, 0x73, 0x73, 0xab,
    0x03, 0x00, 0x00, 0x10, 0x06, 0x29, 0xbe, 0xaa, 0x00, 0x00, 0xfa, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x28, 0xd4, 0x2b, 0x48, 0x97,
    0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00, 0x02, 0x02,
    0x00, 0x00, 0x00, 0x18, 0x00, 0x12, 0x00, 0x08, 0x00, 0x00, 0x0a, 0x43,
    0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x04, 0x56, 0x00, 0x03, 0x00, 0x28,
    0xd4, 0x2b, 0x48, 0x98, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x03,
    0x01, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x18, 0x00, 0x12, 0x00, 0x08,
    0x00, 0x00, 0x0a, 0x42, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x04, 0x56,
    0x00, 0x03, 0x00, 0x28, 0xd4, 0x2b, 0x48, 0x99, 0x00, 0x00, 0x00, 0x07,
    0x00, 0x00, 0x00, 0x03, 0x01, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x18,
    0x00, 0x12, 0x00, 0x08, 0x00, 0x00, 0x0f, 0xa2, 0x00, 0x06, 0x00, 0x08,
    0x00, 0x00, 0x04, 0x56
};

/* pcap4j__SctpPacketTest.pcap frame 1: SHUTDOWN over IPv6, checksum field 0xabcdabcd (not a CRC32c) */
static const uint8_t pcap4j_shutdown_v6[20] = {
    0x00, 0x00, 0x00, 0x50, 0xfa, 0xde, 0xfa, 0xde, 0xab, 0xcd, 0xab, 0xcd,
    0x07, 0xaf, 0x00, 0x08, 0x01, 0x02, 0x03, 0x04
};

typedef struct vector {
  const char *name;
  const uint8_t *b;
  size_t n;
} vector;

#define V(a) {#a, a, sizeof a}
static const vector vectors[] = {
    V(forces2_init),          V(forces2_cookie_ack),
    V(forces2_data),          V(forces2_sack),
    V(forces2_heartbeat),     V(forces2_heartbeat_ack),
    V(forces2_shutdown),      V(forces2_shutdown_ack),
    V(forces2_shutdown_complete), V(m3ua_cookie_echo),
    V(www_init),              V(www_data_padded),
    V(kw_init_ack),           V(kw_bundle),
    V(pcap4j_shutdown_v6),
};
#undef V
#define NVECTORS (sizeof vectors / sizeof vectors[0])

/* Parses b and returns its first chunk (the packets here mostly have one). */
static int first_chunk(const uint8_t *b, size_t n, xnet_sctp_chunk *c) {
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  int rc = xnet_sctp_packet_parse(b, n, &pkt);
  if (rc != 0)
    return rc;
  xnet_sctp_chunk_iter_init(&it, &pkt);
  rc = xnet_sctp_chunk_iter_next(&it, c);
  return rc == 1 ? 0 : (rc == 0 ? XNET_ENOENT : rc);
}

/* ---- common header and checksum ------------------------------------------ */

static void test_sctp_packet_parse_common_header_fields(void) {
  xnet_sctp_packet pkt;
  XT_ASSERT_OK(xnet_sctp_packet_parse(forces2_init, sizeof forces2_init, &pkt));
  XT_ASSERT_UINT_EQ(pkt.header.src_port, 33985);
  XT_ASSERT_UINT_EQ(pkt.header.dst_port, 6704);
  XT_ASSERT_UINT_EQ(pkt.header.verification_tag, 0);
  XT_ASSERT_UINT_EQ(pkt.header.checksum, 0x3ff49e25u);
  XT_ASSERT(pkt.chunks == forces2_init + 12);
  XT_ASSERT_UINT_EQ(pkt.chunks_len, 36);

  XT_ASSERT_OK(xnet_sctp_packet_parse(kw_bundle, sizeof kw_bundle, &pkt));
  XT_ASSERT_UINT_EQ(pkt.header.src_port, 6303);
  XT_ASSERT_UINT_EQ(pkt.header.dst_port, 2906);
  XT_ASSERT_UINT_EQ(pkt.header.verification_tag, 0xdd68d33du);
}

/* RFC 9260 Appendix A: the CRC's least significant byte goes first. */
static void test_sctp_packet_checksum_stored_lsb_first(void) {
  static const uint8_t want[4] = {0x25, 0x9e, 0xf4, 0x3f};
  XT_ASSERT_UINT_EQ(xnet_sctp_packet_checksum(forces2_init, sizeof forces2_init),
                    0x3ff49e25u);
  XT_ASSERT_MEM_EQ(forces2_init + 8, 4, want, 4);
  /* The same value as a plain CRC32c over the packet with a zero field. */
  uint8_t copy[sizeof forces2_init];
  memcpy(copy, forces2_init, sizeof copy);
  memset(copy + 8, 0, 4);
  XT_ASSERT_UINT_EQ(xnet_crc32c(copy, sizeof copy), 0x3ff49e25u);
}

static void test_sctp_packet_verify_corpus_vectors(void) {
  for (size_t i = 0; i < NVECTORS; i++) {
    int want = vectors[i].b == pcap4j_shutdown_v6 ? XNET_EBADCHECKSUM : 0;
    int rc = xnet_sctp_packet_verify(vectors[i].b, vectors[i].n);
    if (rc != want) {
      xt_fail(__LINE__, __FILE__, "%s: verify gave %d, want %d",
              vectors[i].name, rc, want);
      return;
    }
  }
}

/* A CRC detects every single-bit error: flip each bit of a packet. */
static void test_sctp_packet_verify_detects_every_bit_flip(void) {
  uint8_t b[sizeof forces2_data];
  for (size_t bit = 0; bit < 8 * sizeof b; bit++) {
    memcpy(b, forces2_data, sizeof b);
    b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    if (xnet_sctp_packet_verify(b, sizeof b) != XNET_EBADCHECKSUM) {
      xt_fail(__LINE__, __FILE__, "bit %zu flipped, checksum still verifies",
              bit);
      return;
    }
  }
}

static void test_sctp_packet_parse_rejects_short(void) {
  for (size_t n = 0; n < 12; n++) {
    xnet_sctp_packet pkt;
    memset(&pkt, 0xAA, sizeof pkt);
    XT_ASSERT_ERR(xnet_sctp_packet_parse(forces2_init, n, &pkt), XNET_ESHORT);
    XT_ASSERT(pkt.chunks == NULL && pkt.chunks_len == 0 &&
              pkt.header.src_port == 0 && pkt.header.checksum == 0);
    XT_ASSERT_ERR(xnet_sctp_packet_verify(forces2_init, n), XNET_ESHORT);
  }
  uint8_t b[11] = {0};
  XT_ASSERT_ERR(xnet_sctp_packet_finalize(b, sizeof b), XNET_ESHORT);
  XT_ASSERT_UINT_EQ(xnet_sctp_packet_checksum(b, sizeof b), 0);
  xnet_sctp_packet pkt;
  XT_ASSERT_ERR(xnet_sctp_packet_parse(NULL, 12, &pkt), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_packet_parse(forces2_init, 12, NULL), XNET_EINVAL);
  XT_ASSERT_ERR(xnet_sctp_packet_verify(NULL, 12), XNET_EINVAL);
  /* A bare common header is a packet with no chunks. */
  XT_ASSERT_OK(xnet_sctp_packet_parse(forces2_init, 12, &pkt));
  XT_ASSERT_UINT_EQ(pkt.chunks_len, 0);
}

static void test_sctp_packet_finalize_restores_corpus_checksum(void) {
  uint8_t b[sizeof kw_bundle];
  memcpy(b, kw_bundle, sizeof b);
  memset(b + 8, 0xFF, 4);
  XT_ASSERT_ERR(xnet_sctp_packet_verify(b, sizeof b), XNET_EBADCHECKSUM);
  XT_ASSERT_OK(xnet_sctp_packet_finalize(b, sizeof b));
  XT_ASSERT_MEM_EQ(b, sizeof b, kw_bundle, sizeof kw_bundle);
}

static void test_sctp_common_header_marshal_round_trip(void) {
  xnet_sctp_packet pkt;
  uint8_t b[12];
  size_t len = 0;
  XT_ASSERT_OK(xnet_sctp_packet_parse(kw_bundle, sizeof kw_bundle, &pkt));
  XT_ASSERT_ERR(xnet_sctp_common_header_marshal(&pkt.header, b, 11, &len),
                XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(len, 12);
  XT_ASSERT_ERR(xnet_sctp_common_header_marshal(&pkt.header, NULL, 0, &len),
                XNET_ENOBUFS);
  XT_ASSERT_OK(xnet_sctp_common_header_marshal(&pkt.header, b, sizeof b, &len));
  XT_ASSERT_UINT_EQ(len, 12);
  XT_ASSERT_MEM_EQ(b, 12, kw_bundle, 12);
}

/* ---- chunk iteration ------------------------------------------------------- */

static void test_sctp_chunk_iter_bundle_offsets_and_data(void) {
  static const uint8_t want_type[4] = {3, 0, 0, 0};
  static const size_t want_off[4] = {12, 28, 68, 108};
  static const uint16_t want_len[4] = {16, 40, 40, 40};
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  XT_ASSERT_OK(xnet_sctp_packet_parse(kw_bundle, sizeof kw_bundle, &pkt));
  xnet_sctp_chunk_iter_init(&it, &pkt);
  for (int i = 0; i < 4; i++) {
    XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 1);
    XT_ASSERT_UINT_EQ(c.type, want_type[i]);
    XT_ASSERT_UINT_EQ(c.offset, want_off[i]);
    XT_ASSERT_UINT_EQ(c.length, want_len[i]);
    XT_ASSERT(c.value == kw_bundle + want_off[i] + 4);
    XT_ASSERT_UINT_EQ(c.value_len, want_len[i] - 4u);
    if (i > 0) {
      /* tshark: sid 0x0000, ssn 5,6,7, ppid 3, tsn 3559606423.. */
      xnet_sctp_data d;
      XT_ASSERT_OK(xnet_sctp_data_parse(&c, &d));
      XT_ASSERT_UINT_EQ(d.tsn, 3559606422u + (unsigned)i);
      XT_ASSERT_UINT_EQ(d.stream_id, 0);
      XT_ASSERT_UINT_EQ(d.ssn, 4u + (unsigned)i);
      XT_ASSERT_UINT_EQ(d.ppid, 3);
      XT_ASSERT(d.beginning && d.ending && !d.unordered && !d.immediate);
      XT_ASSERT_UINT_EQ(d.payload_len, 24);
    }
  }
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 0);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 0);
  XT_ASSERT_INT_EQ(it.error, 0);
}

static void test_sctp_chunk_iter_last_padding_may_be_absent(void) {
  xnet_sctp_chunk c;
  /* With its padding byte: Length 419, 415 bytes of value. */
  XT_ASSERT_OK(first_chunk(www_data_padded, sizeof www_data_padded, &c));
  XT_ASSERT_UINT_EQ(c.length, 419);
  XT_ASSERT_UINT_EQ(c.value_len, 415);
  XT_ASSERT_UINT_EQ(www_data_padded[sizeof www_data_padded - 1], 0);
  /* Without it: the same chunk, and a clean end. */
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  XT_ASSERT_OK(xnet_sctp_packet_parse(www_data_padded,
                                      sizeof www_data_padded - 1, &pkt));
  xnet_sctp_chunk_iter_init(&it, &pkt);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 1);
  XT_ASSERT_UINT_EQ(c.length, 419);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 0);
}

/* Runs the iterator over b and returns the final code, storing the number of
 * chunks yielded and the error offset. */
static int iterate(const uint8_t *b, size_t n, size_t *count, size_t *where) {
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  int rc = xnet_sctp_packet_parse(b, n, &pkt);
  *count = 0;
  *where = 0;
  if (rc != 0)
    return rc;
  xnet_sctp_chunk_iter_init(&it, &pkt);
  while ((rc = xnet_sctp_chunk_iter_next(&it, &c)) == 1)
    (*count)++;
  *where = it.error_offset;
  if (rc < 0 && it.error != rc)
    return 1; /* the error must be recorded in the iterator */
  return rc;
}

static void test_sctp_chunk_iter_rejects_length_below_4(void) {
  /* header | COOKIE-ACK (4) | chunk with Length 3 */
  uint8_t b[24] = {0};
  b[12] = XNET_SCTP_CHUNK_COOKIE_ACK;
  b[15] = 4;
  b[16] = 0x42;
  b[19] = 3;
  size_t count, where;
  XT_ASSERT_ERR(iterate(b, 20, &count, &where), XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(count, 1);
  XT_ASSERT_UINT_EQ(where, 16);
  b[19] = 0;
  XT_ASSERT_ERR(iterate(b, 24, &count, &where), XNET_EBADLEN);
  XT_ASSERT_UINT_EQ(where, 16);
}

static void test_sctp_chunk_iter_rejects_chunk_past_end(void) {
  uint8_t b[20] = {0};
  b[12] = XNET_SCTP_CHUNK_DATA;
  b[15] = 100;
  size_t count, where;
  XT_ASSERT_ERR(iterate(b, sizeof b, &count, &where), XNET_ETRUNCATED);
  XT_ASSERT_UINT_EQ(count, 0);
  XT_ASSERT_UINT_EQ(where, 12);
  /* Sticky: the iterator keeps answering the same error. */
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  XT_ASSERT_OK(xnet_sctp_packet_parse(b, sizeof b, &pkt));
  xnet_sctp_chunk_iter_init(&it, &pkt);
  XT_ASSERT_ERR(xnet_sctp_chunk_iter_next(&it, &c), XNET_ETRUNCATED);
  XT_ASSERT_ERR(xnet_sctp_chunk_iter_next(&it, &c), XNET_ETRUNCATED);
  XT_ASSERT(c.value == NULL && c.length == 0);
}

static void test_sctp_chunk_iter_rejects_trailing_bytes(void) {
  /* COOKIE-ACK then 1..3 bytes: not even a chunk header. */
  uint8_t b[19] = {0};
  b[12] = XNET_SCTP_CHUNK_COOKIE_ACK;
  b[15] = 4;
  for (size_t extra = 1; extra <= 3; extra++) {
    size_t count, where;
    XT_ASSERT_ERR(iterate(b, 16 + extra, &count, &where), XNET_ESHORT);
    XT_ASSERT_UINT_EQ(count, 1);
    XT_ASSERT_UINT_EQ(where, 16);
  }
}

/* The chunks of a packet as (offset, length) pairs, from a full walk. */
typedef struct span {
  size_t off, len;
} span;

/* Every truncation n of every vector: the iterator yields exactly the chunks
 * that end at or before n, then ends cleanly if n falls at a chunk boundary
 * or inside padding, and otherwise fails with ESHORT (less than a chunk
 * header left) or ETRUNCATED (a Length past the cut), at the cut chunk. */
static void test_sctp_chunk_iter_every_truncation(void) {
  for (size_t v = 0; v < NVECTORS; v++) {
    const uint8_t *b = vectors[v].b;
    size_t n = vectors[v].n;
    span spans[8];
    size_t nspans = 0;
    xnet_sctp_packet pkt;
    xnet_sctp_chunk_iter it;
    xnet_sctp_chunk c;
    XT_ASSERT_OK(xnet_sctp_packet_parse(b, n, &pkt));
    xnet_sctp_chunk_iter_init(&it, &pkt);
    while (xnet_sctp_chunk_iter_next(&it, &c) == 1 && nspans < 8)
      spans[nspans++] = (span){c.offset, c.length};
    XT_ASSERT_INT_EQ(it.error, 0);

    for (size_t cut = 0; cut <= n; cut++) {
      size_t count, where;
      int rc = iterate(b, cut, &count, &where);
      int want_rc;
      size_t want_count = 0;
      while (want_count < nspans &&
             spans[want_count].off + spans[want_count].len <= cut)
        want_count++;
      if (cut < 12)
        want_rc = XNET_ESHORT, want_count = 0;
      else if (want_count == nspans || cut <= spans[want_count].off)
        want_rc = 0;
      else if (cut - spans[want_count].off < 4)
        want_rc = XNET_ESHORT;
      else
        want_rc = XNET_ETRUNCATED;
      if (rc != want_rc || count != want_count ||
          (rc < 0 && cut >= 12 && where != spans[want_count].off)) {
        xt_fail(__LINE__, __FILE__,
                "%s cut at %zu: rc %d count %zu at %zu, want rc %d count %zu",
                vectors[v].name, cut, rc, count, where, want_rc, want_count);
        return;
      }
    }
  }
}

/* Like suricata's sctp-max-chunks capture: 16143 back-to-back 4-byte ABORT
 * chunks in one 64 KB packet; the walk is linear and bounded. */
static void test_sctp_chunk_iter_many_chunks(void) {
  enum { NCHUNKS = 16143 };
  size_t n = 12 + 4 * (size_t)NCHUNKS;
  uint8_t *b = calloc(1, n);
  XT_ASSERT(b != NULL);
  for (size_t i = 0; i < NCHUNKS; i++) {
    b[12 + 4 * i] = XNET_SCTP_CHUNK_ABORT;
    b[12 + 4 * i + 3] = 4;
  }
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  size_t count = 0, bad = 0;
  int rc = xnet_sctp_packet_parse(b, n, &pkt);
  xnet_sctp_chunk_iter_init(&it, &pkt);
  while ((rc = xnet_sctp_chunk_iter_next(&it, &c)) == 1) {
    count++;
    if (xnet_sctp_chunk_validate(&c) != 0)
      bad++;
  }
  free(b);
  XT_ASSERT_INT_EQ(rc, 0);
  XT_ASSERT_UINT_EQ(count, NCHUNKS);
  XT_ASSERT_UINT_EQ(bad, 0);
}

static void test_sctp_chunk_iter_over_bare_bytes(void) {
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  xnet_sctp_chunk_iter_init_bytes(&it, kw_bundle + 12, sizeof kw_bundle - 12,
                                  100);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 1);
  XT_ASSERT_UINT_EQ(c.offset, 100);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 1);
  XT_ASSERT_UINT_EQ(c.offset, 116);
  xnet_sctp_chunk_iter_init_bytes(&it, NULL, 0, 0);
  XT_ASSERT_INT_EQ(xnet_sctp_chunk_iter_next(&it, &c), 0);
  XT_ASSERT_ERR(xnet_sctp_chunk_iter_next(NULL, &c), XNET_EINVAL);
}

static void test_sctp_chunk_type_names(void) {
  static const struct {
    uint8_t type;
    const char *name;
  } names[] = {
      {0, "DATA"},          {1, "INIT"},           {2, "INIT_ACK"},
      {3, "SACK"},          {4, "HEARTBEAT"},      {5, "HEARTBEAT_ACK"},
      {6, "ABORT"},         {7, "SHUTDOWN"},       {8, "SHUTDOWN_ACK"},
      {9, "ERROR"},         {10, "COOKIE_ECHO"},   {11, "COOKIE_ACK"},
      {12, "ECNE"},         {13, "CWR"},           {14, "SHUTDOWN_COMPLETE"},
      {15, "AUTH"},         {16, "NR-SACK"},       {64, "I_DATA"},
      {128, "ASCONF_ACK"},  {129, "PKTDROP"},      {130, "RE_CONFIG"},
      {132, "PAD"},         {192, "FORWARD_TSN"},  {193, "ASCONF"},
      {194, "I_FORWARD_TSN"}, {255, "IETF_EXTENSION"},
      /* numeric fallback */
      {17, "17"},           {66, "66"},            {131, "131"},
      {200, "200"},         {254, "254"},          {99, "99"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(names[i].type), names[i].name);
  /* Every unnamed type prints as its decimal number. */
  for (unsigned t = 0; t < 256; t++) {
    const char *s = xnet_sctp_chunk_type_name((uint8_t)t);
    XT_ASSERT(s != NULL);
    if (s[0] >= '0' && s[0] <= '9') {
      char want[4];
      snprintf(want, sizeof want, "%u", t);
      XT_ASSERT_STR_EQ(s, want);
    }
  }
}

/* ---- real packets, field by field ----------------------------------------- */

static void test_sctp_packet_decodes_forces2_init(void) {
  xnet_sctp_chunk c;
  xnet_sctp_init init;
  XT_ASSERT_OK(first_chunk(forces2_init, sizeof forces2_init, &c));
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), "INIT");
  XT_ASSERT_OK(xnet_sctp_init_parse(&c, &init));
  XT_ASSERT_UINT_EQ(init.type, XNET_SCTP_CHUNK_INIT);
  XT_ASSERT_UINT_EQ(init.initiate_tag, 0x94d02198u);
  XT_ASSERT_UINT_EQ(init.a_rwnd, 57344);
  XT_ASSERT_UINT_EQ(init.outbound_streams, 1);
  XT_ASSERT_UINT_EQ(init.inbound_streams, 1);
  XT_ASSERT_UINT_EQ(init.initial_tsn, 3848071494u);
  XT_ASSERT_UINT_EQ(init.params_len, 16);

  /* Supported Address Types (6 bytes + 2 of padding mid-chunk), ECN,
   * Forward-TSN supported. */
  xnet_sctp_tlv_iter it;
  xnet_sctp_param p;
  uint16_t at = 0;
  xnet_sctp_param_iter_init(&it, init.params, init.params_len);
  XT_ASSERT_INT_EQ(xnet_sctp_param_iter_next(&it, &p), 1);
  XT_ASSERT_UINT_EQ(p.type, XNET_SCTP_PARAM_SUPPORTED_ADDRESS_TYPES);
  XT_ASSERT_UINT_EQ(p.length, 6);
  XT_ASSERT_UINT_EQ(p.offset, 0);
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(p.type), "Supported address types");
  XT_ASSERT_OK(xnet_sctp_param_address_type(&p, 0, &at));
  XT_ASSERT_UINT_EQ(at, XNET_SCTP_PARAM_IPV4_ADDRESS);
  XT_ASSERT_ERR(xnet_sctp_param_address_type(&p, 1, &at), XNET_ENOENT);
  XT_ASSERT_INT_EQ(xnet_sctp_param_iter_next(&it, &p), 1);
  XT_ASSERT_UINT_EQ(p.type, XNET_SCTP_PARAM_ECN_CAPABLE);
  XT_ASSERT_UINT_EQ(p.offset, 8);
  XT_ASSERT_UINT_EQ(p.value_len, 0);
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(p.type), "ECN");
  XT_ASSERT_INT_EQ(xnet_sctp_param_iter_next(&it, &p), 1);
  XT_ASSERT_UINT_EQ(p.type, XNET_SCTP_PARAM_FORWARD_TSN_SUPPORTED);
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(p.type), "Forward TSN supported");
  XT_ASSERT_INT_EQ(xnet_sctp_param_iter_next(&it, &p), 0);
}

static void test_sctp_packet_decodes_www_init_addresses(void) {
  static const uint8_t a1[4] = {155, 230, 24, 155}, a2[4] = {155, 230, 24, 156};
  xnet_sctp_chunk c;
  xnet_sctp_init init;
  XT_ASSERT_OK(first_chunk(www_init, sizeof www_init, &c));
  XT_ASSERT_OK(xnet_sctp_init_parse(&c, &init));
  XT_ASSERT_UINT_EQ(init.initiate_tag, 0x3bb99c46u);
  XT_ASSERT_UINT_EQ(init.a_rwnd, 106496);
  XT_ASSERT_UINT_EQ(init.outbound_streams, 10);
  XT_ASSERT_UINT_EQ(init.inbound_streams, 65535);
  XT_ASSERT_UINT_EQ(init.initial_tsn, 724401842u);

  static const uint16_t want_types[6] = {5, 5, 12, 0x8000, 0xC000, 0xC006};
  xnet_sctp_tlv_iter it;
  xnet_sctp_param p;
  uint8_t addr[4];
  uint32_t u = 1;
  xnet_sctp_param_iter_init(&it, init.params, init.params_len);
  for (int i = 0; i < 6; i++) {
    XT_ASSERT_INT_EQ(xnet_sctp_param_iter_next(&it, &p), 1);
    XT_ASSERT_UINT_EQ(p.type, want_types[i]);
    if (i < 2) {
      XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(p.type), "IPv4 address");
      XT_ASSERT_OK(xnet_sctp_param_ipv4_parse(&p, addr));
      XT_ASSERT_MEM_EQ(addr, 4, i == 0 ? a1 : a2, 4);
    }
  }
  XT_ASSERT_OK(xnet_sctp_param_u32_parse(&p, &u));
  XT_ASSERT_UINT_EQ(u, 0);
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(p.type),
                   "Adaptation Layer Indication");
  XT_ASSERT_INT_EQ(xnet_sctp_param_iter_next(&it, &p), 0);
}

static void test_sctp_packet_decodes_init_ack_cookie(void) {
  static const uint8_t a1[4] = {88, 82, 6, 134}, a2[4] = {88, 82, 6, 182};
  xnet_sctp_chunk c;
  xnet_sctp_init init;
  xnet_sctp_param p;
  uint8_t addr[4];
  XT_ASSERT_OK(first_chunk(kw_init_ack, sizeof kw_init_ack, &c));
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), "INIT_ACK");
  XT_ASSERT_OK(xnet_sctp_init_parse(&c, &init));
  XT_ASSERT_UINT_EQ(init.type, XNET_SCTP_CHUNK_INIT_ACK);
  XT_ASSERT_UINT_EQ(init.initiate_tag, 0xd42b4892u);
  XT_ASSERT_UINT_EQ(init.a_rwnd, 64000);
  XT_ASSERT_UINT_EQ(init.outbound_streams, 2);
  XT_ASSERT_UINT_EQ(init.inbound_streams, 17);
  XT_ASSERT_UINT_EQ(init.initial_tsn, 3559606418u);
  XT_ASSERT_OK(xnet_sctp_init_find_param(&init, XNET_SCTP_PARAM_STATE_COOKIE, &p));
  XT_ASSERT_UINT_EQ(p.length, 84);
  XT_ASSERT_UINT_EQ(p.value_len, 80);
  XT_ASSERT(p.value == kw_init_ack + 12 + 20 + 4);
  XT_ASSERT_STR_EQ(xnet_sctp_param_type_name(p.type), "State cookie");
  XT_ASSERT_OK(xnet_sctp_init_find_param(&init, XNET_SCTP_PARAM_IPV4_ADDRESS, &p));
  XT_ASSERT_OK(xnet_sctp_param_ipv4_parse(&p, addr));
  XT_ASSERT_MEM_EQ(addr, 4, a1, 4);
  /* The second address is the last parameter. */
  xnet_sctp_tlv_iter it;
  xnet_sctp_param last = {0};
  xnet_sctp_param_iter_init(&it, init.params, init.params_len);
  while (xnet_sctp_param_iter_next(&it, &p) == 1)
    last = p;
  p = last;
  XT_ASSERT_UINT_EQ(p.offset, 92);
  XT_ASSERT_OK(xnet_sctp_param_ipv4_parse(&p, addr));
  XT_ASSERT_MEM_EQ(addr, 4, a2, 4);
  XT_ASSERT_ERR(xnet_sctp_init_find_param(&init, XNET_SCTP_PARAM_HOST_NAME_ADDRESS, &p),
                XNET_ENOENT);
}

static void test_sctp_packet_decodes_forces2_data(void) {
  static const uint8_t payload_head[4] = {0x10, 0x01, 0x00, 0x06};
  xnet_sctp_chunk c;
  xnet_sctp_data d;
  XT_ASSERT_OK(first_chunk(forces2_data, sizeof forces2_data, &c));
  XT_ASSERT_OK(xnet_sctp_data_parse(&c, &d));
  XT_ASSERT_UINT_EQ(d.flags, 3);
  XT_ASSERT(d.beginning && d.ending && !d.unordered && !d.immediate);
  XT_ASSERT_UINT_EQ(d.tsn, 3848071494u);
  XT_ASSERT_UINT_EQ(d.stream_id, 0);
  XT_ASSERT_UINT_EQ(d.ssn, 0);
  XT_ASSERT_UINT_EQ(d.ppid, 0);
  XT_ASSERT_UINT_EQ(d.payload_len, 24);
  XT_ASSERT(d.payload == forces2_data + 28);
  XT_ASSERT_MEM_EQ(d.payload, 4, payload_head, 4);
}

static void test_sctp_packet_decodes_forces2_sack(void) {
  xnet_sctp_chunk c;
  xnet_sctp_sack s;
  XT_ASSERT_OK(first_chunk(forces2_sack, sizeof forces2_sack, &c));
  XT_ASSERT_OK(xnet_sctp_sack_parse(&c, &s));
  XT_ASSERT_UINT_EQ(s.cum_tsn_ack, 3848071494u);
  XT_ASSERT_UINT_EQ(s.a_rwnd, 57320);
  XT_ASSERT_UINT_EQ(s.num_gap_blocks, 0);
  XT_ASSERT_UINT_EQ(s.num_dup_tsns, 0);
}

static void test_sctp_packet_decodes_heartbeat_pair(void) {
  xnet_sctp_chunk c;
  xnet_sctp_heartbeat hb, ack;
  XT_ASSERT_OK(first_chunk(forces2_heartbeat, sizeof forces2_heartbeat, &c));
  XT_ASSERT_OK(xnet_sctp_heartbeat_parse(&c, &hb));
  XT_ASSERT_UINT_EQ(hb.type, XNET_SCTP_CHUNK_HEARTBEAT);
  XT_ASSERT_UINT_EQ(hb.info_len, 40);
  XT_ASSERT(hb.info == forces2_heartbeat + 20);
  XT_ASSERT_OK(first_chunk(forces2_heartbeat_ack, sizeof forces2_heartbeat_ack, &c));
  XT_ASSERT_OK(xnet_sctp_heartbeat_parse(&c, &ack));
  XT_ASSERT_UINT_EQ(ack.type, XNET_SCTP_CHUNK_HEARTBEAT_ACK);
  /* The ACK echoes the info unchanged (RFC 9260 8.3). */
  XT_ASSERT_MEM_EQ(ack.info, ack.info_len, hb.info, hb.info_len);
}

static void test_sctp_packet_decodes_shutdown_sequence(void) {
  xnet_sctp_chunk c;
  uint32_t cum = 0;
  bool t = true;
  XT_ASSERT_OK(first_chunk(forces2_shutdown, sizeof forces2_shutdown, &c));
  XT_ASSERT_OK(xnet_sctp_shutdown_parse(&c, &cum));
  XT_ASSERT_UINT_EQ(cum, 918167008u);
  XT_ASSERT_OK(first_chunk(forces2_shutdown_ack, sizeof forces2_shutdown_ack, &c));
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), "SHUTDOWN_ACK");
  XT_ASSERT_OK(xnet_sctp_empty_chunk_parse(&c, &t));
  XT_ASSERT(!t);
  t = true;
  XT_ASSERT_OK(first_chunk(forces2_shutdown_complete,
                           sizeof forces2_shutdown_complete, &c));
  XT_ASSERT_STR_EQ(xnet_sctp_chunk_type_name(c.type), "SHUTDOWN_COMPLETE");
  XT_ASSERT_OK(xnet_sctp_empty_chunk_parse(&c, &t));
  XT_ASSERT(!t);
  XT_ASSERT_OK(first_chunk(pcap4j_shutdown_v6, sizeof pcap4j_shutdown_v6, &c));
  XT_ASSERT_OK(xnet_sctp_shutdown_parse(&c, &cum));
}

static void test_sctp_packet_decodes_cookie_echo_and_ack(void) {
  static const uint8_t zeros[16] = {0};
  xnet_sctp_chunk c;
  const uint8_t *cookie = NULL;
  size_t cookie_len = 0;
  bool t = true;
  XT_ASSERT_OK(first_chunk(m3ua_cookie_echo, sizeof m3ua_cookie_echo, &c));
  XT_ASSERT_OK(xnet_sctp_cookie_echo_parse(&c, &cookie, &cookie_len));
  XT_ASSERT(cookie == m3ua_cookie_echo + 16);
  XT_ASSERT_MEM_EQ(cookie, cookie_len, zeros, 16);
  XT_ASSERT_OK(first_chunk(forces2_cookie_ack, sizeof forces2_cookie_ack, &c));
  XT_ASSERT_OK(xnet_sctp_empty_chunk_parse(&c, &t));
}

/* Rebuilds a chunk from its decoded form with the type's own builder. */
static int rebuild_chunk(const xnet_sctp_chunk *c, uint8_t *buf, size_t cap,
                         size_t *len) {
  int rc;
  switch (c->type) {
  case XNET_SCTP_CHUNK_DATA: {
    xnet_sctp_data d;
    if ((rc = xnet_sctp_data_parse(c, &d)) != 0)
      return rc;
    return xnet_sctp_data_marshal(&d, buf, cap, len);
  }
  case XNET_SCTP_CHUNK_INIT:
  case XNET_SCTP_CHUNK_INIT_ACK: {
    xnet_sctp_init init;
    if ((rc = xnet_sctp_init_parse(c, &init)) != 0)
      return rc;
    return xnet_sctp_init_marshal(&init, buf, cap, len);
  }
  case XNET_SCTP_CHUNK_SACK: {
    xnet_sctp_sack s;
    if ((rc = xnet_sctp_sack_parse(c, &s)) != 0)
      return rc;
    return xnet_sctp_sack_marshal(&s, buf, cap, len);
  }
  case XNET_SCTP_CHUNK_HEARTBEAT:
  case XNET_SCTP_CHUNK_HEARTBEAT_ACK: {
    xnet_sctp_heartbeat hb;
    if ((rc = xnet_sctp_heartbeat_parse(c, &hb)) != 0)
      return rc;
    return xnet_sctp_heartbeat_marshal(&hb, buf, cap, len);
  }
  case XNET_SCTP_CHUNK_SHUTDOWN: {
    uint32_t cum;
    if ((rc = xnet_sctp_shutdown_parse(c, &cum)) != 0)
      return rc;
    return xnet_sctp_shutdown_marshal(cum, buf, cap, len);
  }
  default:
    if ((rc = xnet_sctp_chunk_validate(c)) != 0)
      return rc;
    return xnet_sctp_chunk_marshal(c, buf, cap, len);
  }
}

/* parse -> rebuild -> identical bytes, checksum included, for every
 * vector with a CRC32c (all of them canonical: padded, zero padding). */
static void test_sctp_packet_rebuild_is_byte_identical(void) {
  for (size_t v = 0; v < NVECTORS; v++) {
    if (vectors[v].b == pcap4j_shutdown_v6)
      continue;
    uint8_t out[512];
    size_t off = 0, len = 0;
    xnet_sctp_packet pkt;
    xnet_sctp_chunk_iter it;
    xnet_sctp_chunk c;
    int rc;
    XT_ASSERT_OK(xnet_sctp_packet_parse(vectors[v].b, vectors[v].n, &pkt));
    pkt.header.checksum = 0;
    XT_ASSERT_OK(xnet_sctp_common_header_marshal(&pkt.header, out, sizeof out, &off));
    xnet_sctp_chunk_iter_init(&it, &pkt);
    while ((rc = xnet_sctp_chunk_iter_next(&it, &c)) == 1) {
      XT_ASSERT_OK(rebuild_chunk(&c, out + off, sizeof out - off, &len));
      off += len;
    }
    XT_ASSERT_INT_EQ(rc, 0);
    XT_ASSERT_OK(xnet_sctp_packet_finalize(out, off));
    if (off != vectors[v].n || memcmp(out, vectors[v].b, off) != 0) {
      xt_fail_mem(__LINE__, __FILE__, vectors[v].name, out, off, vectors[v].b,
                  vectors[v].n);
      return;
    }
  }
}

/* ---- the whole corpus against tshark -------------------------------------- */

static const char *need_corpus(void) {
  return xt_corpus_dir() != NULL ? NULL : "shared corpus not found";
}

static uint8_t *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  uint8_t *b = NULL;
  size_t cap = 0;
  *n = 0;
  for (;;) {
    if (*n == cap) {
      cap = cap ? 2 * cap : 65536;
      uint8_t *nb = realloc(b, cap + 1);
      if (nb == NULL) {
        free(b);
        fclose(f);
        return NULL;
      }
      b = nb;
    }
    size_t got = fread(b + *n, 1, cap - *n, f);
    if (got == 0)
      break;
    *n += got;
  }
  fclose(f);
  b[*n] = 0;
  return b;
}

static uint32_t rd32(const uint8_t *p, bool be) {
  return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
            : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The SCTP bytes of a captured frame whose outer IP protocol is 132, or
 * NULL. Link types of the corpus: Ethernet (1), Linux SLL (113), raw IPv4
 * (228). */
static const uint8_t *frame_sctp(const uint8_t *f, size_t n, uint32_t link,
                                 size_t *sn) {
  size_t l2;
  unsigned et;
  if (link == 1 && n >= 14)
    l2 = 14, et = (unsigned)f[12] << 8 | f[13];
  else if (link == 113 && n >= 16)
    l2 = 16, et = (unsigned)f[14] << 8 | f[15];
  else if (link == 228)
    l2 = 0, et = 0x0800;
  else
    return NULL;
  const uint8_t *ip = f + l2;
  size_t ipn = n - l2;
  if (et == 0x0800 && ipn >= 20 && ip[9] == 132) {
    size_t ihl = (size_t)(ip[0] & 15) * 4, tot = (size_t)ip[2] << 8 | ip[3];
    if (tot > ipn)
      tot = ipn;
    if (ihl > tot)
      return NULL;
    *sn = tot - ihl;
    return ip + ihl;
  }
  if (et == 0x86DD && ipn >= 40 && ip[6] == 132) {
    size_t plen = (size_t)ip[4] << 8 | ip[5];
    *sn = plen < ipn - 40 ? plen : ipn - 40;
    return ip + 40;
  }
  return NULL;
}

/* What tshark's columns say for the packet, in tshark's formatting. */
static void describe(const uint8_t *s, size_t n, char *out, size_t cap) {
  xnet_sctp_packet pkt;
  xnet_sctp_chunk_iter it;
  xnet_sctp_chunk c;
  enum { TYPES = 65536 };
  static char types[TYPES]; /* test-only scratch; the suite is one thread */
  char sid[1024] = "", ssn[1024] = "", ppid[1024] = "", tsn[1024] = "";
  size_t tlen = 0;
  types[0] = 0;
  if (xnet_sctp_packet_parse(s, n, &pkt) != 0) {
    snprintf(out, cap, "unparsable");
    return;
  }
  xnet_sctp_chunk_iter_init(&it, &pkt);
  while (xnet_sctp_chunk_iter_next(&it, &c) == 1) {
    size_t k = tlen;
    if (k + 8 < TYPES)
      tlen += (size_t)snprintf(types + k, TYPES - k, "%s%u", k ? "," : "", c.type);
    xnet_sctp_data d;
    if (c.type == XNET_SCTP_CHUNK_DATA && xnet_sctp_data_parse(&c, &d) == 0) {
      k = strlen(sid);
      snprintf(sid + k, sizeof sid - k, "%s0x%04x", k ? "," : "", d.stream_id);
      k = strlen(ssn);
      snprintf(ssn + k, sizeof ssn - k, "%s%u", k ? "," : "", d.ssn);
      k = strlen(ppid);
      snprintf(ppid + k, sizeof ppid - k, "%s%u", k ? "," : "", (unsigned)d.ppid);
      k = strlen(tsn);
      snprintf(tsn + k, sizeof tsn - k, "%s%u", k ? "," : "", (unsigned)d.tsn);
    }
  }
  snprintf(out, cap, "%u\t%u\t0x%08x\t%s\t%s\t%s\t%s\t%s",
           pkt.header.src_port, pkt.header.dst_port,
           (unsigned)pkt.header.verification_tag, types, sid, ssn, ppid, tsn);
}

/* The tsv fields sctp.srcport .. sctp.data_tsn_raw of a line, tab-joined. */
static void tsv_fields(char *line, int first, int last, char *out, size_t cap) {
  int col = 0;
  size_t k = 0;
  out[0] = 0;
  for (char *p = line; col <= last; p++) {
    if (*p == '\t' || *p == '\n' || *p == 0) {
      if (col >= first && col < last && k + 1 < cap)
        out[k++] = '\t';
      col++;
      if (*p != '\t')
        break;
    } else if (col >= first && k + 1 < cap) {
      out[k++] = *p;
    }
  }
  out[k] = 0;
}

/* Captures whose checksums are the RFC 2960 Adler-32 (or a placeholder),
 * not CRC32c: verify must reject every packet in them. */
static bool legacy_checksum(const char *name) {
  return strcmp(name, "pcapfile__sctp.pcap") == 0 ||
         strcmp(name, "tcpdump__isup.pcap") == 0 ||
         strcmp(name, "pcap4j__SctpPacketTest.pcap") == 0;
}

static const char *const corpus_files[] = {
    "PcapPlusPlus__ip-frag.sctp-icmp-subset.pcap",
    "arkime__diameter_synthetic.pcap",
    "arkime__m3ua_synthetic.pcap",
    "arkime__sctp-www.pcap",
    "pcap4j__SctpPacketTest.pcap",
    "pcapfile__sctp.pcap",
    "suricata-verify__decode-sctp-01__input.pcap",
    "suricata-verify__sctp-keywords__input.pcap",
    "suricata-verify__sctp-max-chunks.pcap",
    "tcpdump__forces1.pcap",
    "tcpdump__forces2.pcap",
    "tcpdump__forces3.pcap",
    "tcpdump__isup.pcap",
    "zeek__communityid__sctp.pcap",
};

/* Checks one capture; returns the number of SCTP packets compared, or -1
 * after reporting a failure. */
static long check_capture(const char *dir, const char *name) {
  enum { LINE = 70000 };
  static char got[LINE], want[LINE];
  char path[1024];
  size_t n = 0, tn = 0;
  snprintf(path, sizeof path, "%s/sctp/%s", dir, name);
  uint8_t *b = slurp(path, &n);
  snprintf(path, sizeof path, "%s/expected/sctp/%s.tsv", dir, name);
  char *tsv = (char *)slurp(path, &tn);
  long compared = -1;
  if (b == NULL || tsv == NULL || n < 24) {
    xt_fail(__LINE__, __FILE__, "%s: cannot read capture or tsv", name);
    goto out;
  }
  bool be = b[0] == 0xa1;
  uint32_t link = rd32(b + 20, be);
  /* Column indices from the header line. */
  int first = -1, last = -1, col = 0;
  char *line = tsv;
  for (char *p = tsv; *p && *p != '\n'; p++) {
    if (p == tsv || p[-1] == '\t') {
      if (strncmp(p, "sctp.srcport\t", 13) == 0) first = col;
      if (strncmp(p, "sctp.data_tsn_raw\t", 18) == 0) last = col;
    }
    if (*p == '\t') col++;
  }
  if (first < 0 || last < 0) {
    xt_fail(__LINE__, __FILE__, "%s: tsv lacks the sctp columns", name);
    goto out;
  }
  compared = 0;
  size_t off = 24;
  for (unsigned frame = 1; off + 16 <= n; frame++) {
    size_t incl = rd32(b + off + 8, be);
    const uint8_t *f = b + off + 16;
    off += 16 + incl;
    if (off > n)
      break;
    line = strchr(line, '\n');
    if (line == NULL)
      break;
    line++;
    size_t sn = 0;
    const uint8_t *s = frame_sctp(f, incl, link, &sn);
    if (s == NULL)
      continue;
    describe(s, sn, got, sizeof got);
    tsv_fields(line, first, last, want, sizeof want);
    if (strcmp(got, want) != 0) {
      xt_fail(__LINE__, __FILE__, "%s frame %u:\n got  %.300s\n want %.300s",
              name, frame, got, want);
      compared = -1;
      goto out;
    }
    int rc = xnet_sctp_packet_verify(s, sn);
    if (rc != (legacy_checksum(name) ? XNET_EBADCHECKSUM : 0)) {
      xt_fail(__LINE__, __FILE__, "%s frame %u: verify gave %d", name, frame, rc);
      compared = -1;
      goto out;
    }
    /* Every chunk of the corpus decodes with its type's decoder. */
    xnet_sctp_packet pkt;
    xnet_sctp_chunk_iter it;
    xnet_sctp_chunk c;
    if (xnet_sctp_packet_parse(s, sn, &pkt) != 0)
      memset(&pkt, 0, sizeof pkt);
    xnet_sctp_chunk_iter_init(&it, &pkt);
    while ((rc = xnet_sctp_chunk_iter_next(&it, &c)) == 1) {
      int vr = xnet_sctp_chunk_validate(&c);
      if (vr != 0) {
        xt_fail(__LINE__, __FILE__, "%s frame %u: %s chunk at %zu: %d", name,
                frame, xnet_sctp_chunk_type_name(c.type), c.offset, vr);
        compared = -1;
        goto out;
      }
    }
    if (rc != 0) {
      xt_fail(__LINE__, __FILE__, "%s frame %u: chunk walk %d at %zu", name,
              frame, rc, it.error_offset);
      compared = -1;
      goto out;
    }
    compared++;
  }
out:
  free(b);
  free(tsv);
  return compared;
}

static void test_sctp_packet_corpus_matches_tshark(void) {
  const char *dir = xt_corpus_dir();
  long total = 0;
  for (size_t i = 0; i < sizeof corpus_files / sizeof corpus_files[0]; i++) {
    long k = check_capture(dir, corpus_files[i]);
    if (k < 0)
      return;
    if (k == 0) {
      xt_fail(__LINE__, __FILE__, "%s: no SCTP packet found", corpus_files[i]);
      return;
    }
    total += k;
  }
  /* Every IPv4/IPv6 SCTP packet of the 14 captures (ICMP-quoted ones are
   * not SCTP packets of their own and are skipped). */
  XT_ASSERT_INT_EQ(total, 588);
}

XT_SUITE(codecs, sctp_packet, NULL, NULL,
         XT_TEST(test_sctp_packet_parse_common_header_fields),
         XT_TEST(test_sctp_packet_checksum_stored_lsb_first),
         XT_TEST(test_sctp_packet_verify_corpus_vectors),
         XT_TEST(test_sctp_packet_verify_detects_every_bit_flip),
         XT_TEST(test_sctp_packet_parse_rejects_short),
         XT_TEST(test_sctp_packet_finalize_restores_corpus_checksum),
         XT_TEST(test_sctp_common_header_marshal_round_trip),
         XT_TEST(test_sctp_chunk_iter_bundle_offsets_and_data),
         XT_TEST(test_sctp_chunk_iter_last_padding_may_be_absent),
         XT_TEST(test_sctp_chunk_iter_rejects_length_below_4),
         XT_TEST(test_sctp_chunk_iter_rejects_chunk_past_end),
         XT_TEST(test_sctp_chunk_iter_rejects_trailing_bytes),
         XT_TEST(test_sctp_chunk_iter_every_truncation),
         XT_TEST(test_sctp_chunk_iter_many_chunks),
         XT_TEST(test_sctp_chunk_iter_over_bare_bytes),
         XT_TEST(test_sctp_chunk_type_names),
         XT_TEST(test_sctp_packet_decodes_forces2_init),
         XT_TEST(test_sctp_packet_decodes_www_init_addresses),
         XT_TEST(test_sctp_packet_decodes_init_ack_cookie),
         XT_TEST(test_sctp_packet_decodes_forces2_data),
         XT_TEST(test_sctp_packet_decodes_forces2_sack),
         XT_TEST(test_sctp_packet_decodes_heartbeat_pair),
         XT_TEST(test_sctp_packet_decodes_shutdown_sequence),
         XT_TEST(test_sctp_packet_decodes_cookie_echo_and_ack),
         XT_TEST(test_sctp_packet_rebuild_is_byte_identical),
         XT_TEST_IF(test_sctp_packet_corpus_matches_tshark, need_corpus));
