/* test_decode.c — `xnet decode` in-process: options and exit codes, hex
 * lines, stdin, every link type, the JSON shape, damaged input, and the
 * bundled sample capture. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <stdlib.h>

#include "json.h"
#include "xnet/version.h"
#include "xnet_test.h"
#include "xnet_tool.h"

typedef struct run_result {
  int status;
  char *out, *err;
  size_t out_len, err_len;
} run_result;

/* Runs the command line argv (NULL-terminated) with `in` as standard input
 * and captures both output streams. */
static void run(run_result *r, FILE *in, char **argv) {
  int argc = 0;
  while (argv[argc]) argc++;
  FILE *out = open_memstream(&r->out, &r->out_len);
  FILE *err = open_memstream(&r->err, &r->err_len);
  r->status = xnet_tool_main(argc, argv, in, out, err);
  fclose(out);
  fclose(err);
}

static void run_free(run_result *r) {
  free(r->out);
  free(r->err);
}

/* A read stream holding n bytes (a temporary file, so nothing is const-cast). */
static FILE *stream_of(const void *data, size_t n) {
  FILE *f = tmpfile();
  if (!f) return NULL;
  if (fwrite(data, 1, n, f) != n || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  return f;
}

static void le32(uint8_t *b, uint32_t v) {
  for (int i = 0; i < 4; i++) b[i] = (uint8_t)(v >> (8 * i));
}

/* A little-endian microsecond pcap file of `copies` records of pkt[0..n);
 * `cut` bytes are removed from the end (a damaged last record). */
static FILE *pcap_stream(uint32_t linktype, const uint8_t *pkt, size_t n, int copies,
                         size_t cut) {
  uint8_t buf[24 + 4 * (16 + 256)];
  if (n > 256 || copies > 4) return NULL;
  le32(buf, 0xa1b2c3d4);
  buf[4] = 2, buf[5] = 0, buf[6] = 4, buf[7] = 0; /* version 2.4 */
  memset(buf + 8, 0, 8);
  le32(buf + 16, 65535);
  le32(buf + 20, linktype);
  size_t len = 24;
  for (int i = 0; i < copies; i++) {
    le32(buf + len, 1704067200u + (uint32_t)i);
    le32(buf + len + 4, 0);
    le32(buf + len + 8, (uint32_t)n);
    le32(buf + len + 12, (uint32_t)n);
    memcpy(buf + len + 16, pkt, n);
    len += 16 + n;
  }
  return stream_of(buf, len - cut);
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

/* Line i (from 0) of s, copied into buf. */
static const char *line_of(const char *s, int i, char *buf, size_t cap) {
  for (; i > 0 && s; i--) {
    s = strchr(s, '\n');
    if (s) s++;
  }
  if (!s) return "";
  size_t n = strcspn(s, "\n");
  if (n >= cap) n = cap - 1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return buf;
}

/* IPv4, tos 0xb8, ttl 9, NOP + LSRR via 198.51.100.1 and 203.0.113.9 to
 * 192.0.2.2, UDP 1000 -> 2000 "hi" (checksums correct). */
static const char hex_lsrr[] =
    "48b8002a123400000911a50dc0000201c000020201830b04c6336401cb00710903e807d0000a07b56869";
/* IPv4 SCTP 5000 -> 5001, vtag 0xdeadbeef, DATA (tsn 7 sid 2 ssn 3 ppid 51,
 * "abc") and COOKIE-ACK, correct CRC32c. */
static const char hex_sctp[] =
    "45000038000140004084b63dc0000201c000020213881389deadbeef98e5775c00030013000000070002"
    "000300000033616263000b000004";
/* IPv6 2001:db8::1 -> 2001:db8::2, flow 0xabcde, hop limit 5, UDP 1000 -> 2000. */
static const char hex_ipv6[] =
    "600abcde0008110520010db800000000000000000000000120010db8000000000000000000000002"
    "03e807d000080000";

static void test_decode_help_version_and_usage_errors(void) {
  run_result r;
  char *none[] = {"xnet", NULL};
  run(&r, stdin, none);
  int status = r.status;
  int said = strstr(r.err, "usage: xnet") != NULL;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_USAGE);
  XT_ASSERT(said);

  char *help[] = {"xnet", "--help", NULL};
  run(&r, stdin, help);
  status = r.status;
  said = strstr(r.out, "decode") != NULL;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  XT_ASSERT(said);

  char *version[] = {"xnet", "--version", NULL};
  run(&r, stdin, version);
  char want[64];
  snprintf(want, sizeof want, "xnet %s\n", xnet_version_string());
  int same = strcmp(r.out, want) == 0;
  status = r.status;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  XT_ASSERT(same);

  char *decode_help[] = {"xnet", "decode", "--help", NULL};
  run(&r, stdin, decode_help);
  status = r.status;
  said = strstr(r.out, "icmpv6") && strstr(r.out, "inner") && strstr(r.out, "Exit status");
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  XT_ASSERT(said);

  char *bad_cmd[] = {"xnet", "nosuch", NULL};
  char *bad_opt[] = {"xnet", "decode", "--frobnicate", NULL};
  char *two[] = {"xnet", "decode", "a.pcap", "b.pcap", NULL};
  char **bad[] = {bad_cmd, bad_opt, two};
  for (size_t i = 0; i < 3; i++) {
    run(&r, stdin, bad[i]);
    status = r.status;
    size_t out_len = r.out_len, err_len = r.err_len;
    run_free(&r);
    XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_USAGE);
    XT_ASSERT_UINT_EQ(out_len, 0);
    XT_ASSERT(err_len > 0);
  }
}

static void test_decode_hex_lines_from_stdin(void) {
  char text[1024];
  snprintf(text, sizeof text,
           "# two packets, one per line\n"
           "\n"
           "%s  # trailing comment\n"
           "   # an indented comment\n"
           "60:0a:bc:de 00 08 11 05\t20010db8000000000000000000000001 "
           "20010db8000000000000000000000002 03e807d000080000\r\n",
           hex_lsrr);
  FILE *in = stream_of(text, strlen(text));
  XT_ASSERT(in != NULL);
  char *argv[] = {"xnet", "decode", "-", NULL};
  run_result r;
  run(&r, in, argv);
  fclose(in);
  char l1[512], l2[512];
  line_of(r.out, 0, l1, sizeof l1);
  line_of(r.out, 1, l2, sizeof l2);
  int lines = count_lines(r.out), status = r.status;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  XT_ASSERT_INT_EQ(lines, 2);
  XT_ASSERT_STR_EQ(l1,
                   "1 IPv4 192.0.2.1 > 192.0.2.2 tos 0xb8 ttl 9 id 0x1234 len 42 opts nop,lsrr "
                   "route-to 203.0.113.9 proto udp | UDP 1000 > 2000 len 10");
  XT_ASSERT_STR_EQ(l2,
                   "2 IPv6 2001:db8::1 > 2001:db8::2 flow 0xabcde hlim 5 plen 8 next udp "
                   "| UDP 1000 > 2000 len 8");
}

static void test_decode_hex_line_errors_are_per_packet(void) {
  char text[512];
  snprintf(text, sizeof text, "450\n%s\n45 zz\n55000014\n", hex_ipv6);
  FILE *in = stream_of(text, strlen(text));
  XT_ASSERT(in != NULL);
  char *argv[] = {"xnet", "decode", "--json", NULL};
  run_result r;
  run(&r, in, argv);
  fclose(in);
  char l[4][512];
  for (int i = 0; i < 4; i++) line_of(r.out, i, l[i], sizeof l[i]);
  int status = r.status, lines = count_lines(r.out);
  run_free(&r);
  XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_PACKET_ERRORS);
  XT_ASSERT_INT_EQ(lines, 4);
  XT_ASSERT_STR_EQ(l[0], "{\"frame\":1,\"error\":{\"layer\":\"input\",\"code\":\"XNET_EBADFORMAT\","
                         "\"reason\":\"line 1: odd number of hex digits\"}}");
  XT_ASSERT(strncmp(l[1], "{\"frame\":2,\"ipv6\":", 18) == 0);
  XT_ASSERT_STR_EQ(l[2], "{\"frame\":3,\"error\":{\"layer\":\"input\",\"code\":\"XNET_EBADFORMAT\","
                         "\"reason\":\"line 3: invalid character 'z' at column 4\"}}");
  XT_ASSERT_STR_EQ(l[3], "{\"frame\":4,\"error\":{\"layer\":\"ipv4\",\"code\":\"XNET_EBADVERSION\","
                         "\"reason\":\"unexpected protocol version (5) at offset 0\"}}");
}

static void test_decode_json_shape_of_crafted_packets(void) {
  char text[512];
  snprintf(text, sizeof text, "%s\n%s\n", hex_lsrr, hex_sctp);
  FILE *in = stream_of(text, strlen(text));
  XT_ASSERT(in != NULL);
  char *argv[] = {"xnet", "decode", "--json", NULL};
  run_result r;
  run(&r, in, argv);
  fclose(in);
  char l1[1024], l2[1024];
  line_of(r.out, 0, l1, sizeof l1);
  line_of(r.out, 1, l2, sizeof l2);
  int status = r.status;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  /* With a source route, dst is the final destination and cur_rt the
   * header's field, as in Wireshark. */
  XT_ASSERT_STR_EQ(l1,
                   "{\"frame\":1,\"ipv4\":{\"version\":4,\"hdr_len\":32,\"dsfield\":184,\"len\":42,"
                   "\"id\":4660,\"flags_df\":0,\"flags_mf\":0,\"frag_offset\":0,\"ttl\":9,"
                   "\"proto\":17,\"checksum\":42253,\"checksum_ok\":true,\"src\":\"192.0.2.1\","
                   "\"dst\":\"203.0.113.9\",\"cur_rt\":\"192.0.2.2\","
                   "\"options_hex\":\"01830b04c6336401cb007109\"},"
                   "\"udp\":{\"srcport\":1000,\"dstport\":2000,\"length\":10}}");
  XT_ASSERT_STR_EQ(l2,
                   "{\"frame\":2,\"ipv4\":{\"version\":4,\"hdr_len\":20,\"dsfield\":0,\"len\":56,"
                   "\"id\":1,\"flags_df\":1,\"flags_mf\":0,\"frag_offset\":0,\"ttl\":64,"
                   "\"proto\":132,\"checksum\":46653,\"checksum_ok\":true,\"src\":\"192.0.2.1\","
                   "\"dst\":\"192.0.2.2\",\"options_hex\":\"\"},"
                   "\"sctp\":{\"srcport\":5000,\"dstport\":5001,\"verification_tag\":3735928559,"
                   "\"checksum_ok\":true,\"chunks\":["
                   "{\"type\":0,\"type_name\":\"DATA\",\"flags\":3,\"length\":19,\"tsn\":7,"
                   "\"sid\":2,\"ssn\":3,\"ppid\":51},"
                   "{\"type\":11,\"type_name\":\"COOKIE_ACK\",\"flags\":0,\"length\":4}]}}");
}

static void test_decode_json_escaping(void) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  XT_ASSERT(f != NULL);
  json_writer j;
  json_init(&j, f);
  json_object_open(&j, NULL);
  json_string(&j, "s", "q\"b\\n\nt\tc\x01 d\x7f\xe9");
  json_string_n(&j, "nul", "a\0b", 3);
  json_array_open(&j, "a");
  json_uint(&j, NULL, 18446744073709551615u);
  json_bool(&j, NULL, 0);
  json_null(&j, NULL);
  json_object_open(&j, NULL);
  json_object_close(&j);
  json_hex(&j, NULL, (const uint8_t *)"\x00\xab", 2);
  json_array_close(&j);
  json_object_close(&j);
  fclose(f);
  int same = strcmp(buf, "{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001 d\\u007f\\u00e9\","
                         "\"nul\":\"a\\u0000b\","
                         "\"a\":[18446744073709551615,false,null,{},\"00ab\"]}") == 0;
  if (!same) fprintf(stderr, "\n  got %s\n", buf);
  free(buf);
  XT_ASSERT(same);
}

/* The same IPv4/UDP datagram behind each supported link layer. */
static void test_decode_each_link_type(void) {
  /* A plain 28-byte IPv4/UDP header pair (checksums are not needed). */
  static const uint8_t ip[28] = {0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1,
                                 192, 0, 2, 2, 0x03, 0xe8, 0x07, 0xd0, 0, 8, 0, 0};
  static const struct {
    uint32_t linktype;
    uint8_t head[20];
    size_t head_len;
  } links[] = {
      {0, {2, 0, 0, 0}, 4},                                                   /* NULL */
      {1, {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00}, 14},              /* Ethernet */
      {1, {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x81, 0, 0, 5, 0x08, 0}, 18}, /* 802.1Q */
      {101, {0}, 0},                                                          /* raw */
      {108, {0, 0, 0, 2}, 4},                                                 /* LOOP */
      {113, {0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00}, 16},      /* SLL */
      {228, {0}, 0},                                                          /* IPv4 */
      {276, {0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0}, 20}, /* SLL2 */
  };
  for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
    uint8_t pkt[64];
    memcpy(pkt, links[i].head, links[i].head_len);
    memcpy(pkt + links[i].head_len, ip, sizeof ip);
    FILE *in = pcap_stream(links[i].linktype, pkt, links[i].head_len + sizeof ip, 1, 0);
    XT_ASSERT(in != NULL);
    char *argv[] = {"xnet", "decode", "--json", "-", NULL};
    run_result r;
    run(&r, in, argv);
    fclose(in);
    int status = r.status;
    int found = strstr(r.out, "\"udp\":{\"srcport\":1000,\"dstport\":2000,\"length\":8}") != NULL;
    int vlan = strstr(r.out, "\"vlan\":[5]") != NULL;
    if (!found) fprintf(stderr, "\n  link type %u: %s", (unsigned)links[i].linktype, r.out);
    run_free(&r);
    XT_ASSERT_INT_EQ(status, 0);
    XT_ASSERT(found);
    XT_ASSERT_INT_EQ(vlan, i == 2);
  }
  /* IPv6 on LINKTYPE_IPV6 (229). */
  uint8_t v6[48];
  for (size_t i = 0; i < sizeof v6; i++) {
    unsigned v;
    sscanf(hex_ipv6 + 2 * i, "%2x", &v);
    v6[i] = (uint8_t)v;
  }
  FILE *in = pcap_stream(229, v6, sizeof v6, 1, 0);
  XT_ASSERT(in != NULL);
  char *argv[] = {"xnet", "decode", "-", NULL};
  run_result r;
  run(&r, in, argv);
  fclose(in);
  int status = r.status;
  int found = strstr(r.out, "IPv6 2001:db8::1 > 2001:db8::2") != NULL;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  XT_ASSERT(found);
}

static void test_decode_unsupported_link_type_is_named(void) {
  uint8_t pkt[24] = {0};
  FILE *in = pcap_stream(105, pkt, sizeof pkt, 2, 0);
  XT_ASSERT(in != NULL);
  char *argv[] = {"xnet", "decode", NULL};
  run_result r;
  run(&r, in, argv);
  fclose(in);
  char l[256];
  line_of(r.out, 1, l, sizeof l);
  int status = r.status, lines = count_lines(r.out);
  run_free(&r);
  XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_PACKET_ERRORS);
  XT_ASSERT_INT_EQ(lines, 2);
  XT_ASSERT_STR_EQ(l, "2 error link: unsupported link type 105 (IEEE802_11)");
}

static void test_decode_damaged_capture_prints_what_was_read(void) {
  static const uint8_t udp4[28] = {0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1,
                                   192, 0, 2, 2, 0x03, 0xe8, 0x07, 0xd0, 0, 8, 0, 0};
  /* Three records, the last one cut in its data. */
  FILE *in = pcap_stream(101, udp4, sizeof udp4, 3, 10);
  XT_ASSERT(in != NULL);
  char *argv[] = {"xnet", "decode", NULL};
  run_result r;
  run(&r, in, argv);
  fclose(in);
  int status = r.status, lines = count_lines(r.out);
  int said = strstr(r.err, "damaged pcap input after 2 packets") != NULL;
  if (!said) fprintf(stderr, "\n  stderr: %s", r.err);
  run_free(&r);
  XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_INPUT);
  XT_ASSERT_INT_EQ(lines, 2);
  XT_ASSERT(said);
}

static void test_decode_unreadable_inputs(void) {
  run_result r;
  char *missing[] = {"xnet", "decode", "/nonexistent/xnet-test.pcap", NULL};
  run(&r, stdin, missing);
  int status = r.status;
  int said = strstr(r.err, "/nonexistent/xnet-test.pcap: No such file") != NULL;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_INPUT);
  XT_ASSERT(said);

  static const uint8_t garbage[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  FILE *in = stream_of(garbage, sizeof garbage);
  XT_ASSERT(in != NULL);
  char *from_stdin[] = {"xnet", "decode", NULL};
  run(&r, in, from_stdin);
  fclose(in);
  status = r.status;
  said = strstr(r.err, "not a pcap/pcapng capture or hex text (starts with 7f 45 4c 46)") != NULL;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_INPUT);
  XT_ASSERT(said);

  /* A pcap header libpcap rejects (major version 1). */
  static const uint8_t old[24] = {0xd4, 0xc3, 0xb2, 0xa1, 1, 0, 4, 0};
  in = stream_of(old, sizeof old);
  XT_ASSERT(in != NULL);
  run(&r, in, from_stdin);
  fclose(in);
  status = r.status;
  said = strstr(r.err, "cannot read capture") != NULL;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, XNET_TOOL_EXIT_INPUT);
  XT_ASSERT(said);

  /* Empty input: no packets, success. */
  in = stream_of("", 0);
  XT_ASSERT(in != NULL);
  run(&r, in, from_stdin);
  fclose(in);
  status = r.status;
  size_t out_len = r.out_len;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  XT_ASSERT_UINT_EQ(out_len, 0);
}

static char sample_path[4096];

static const char *need_sample(void) {
  snprintf(sample_path, sizeof sample_path, "%s/sample.pcapng", xt_fixtures_dir());
  FILE *f = fopen(sample_path, "rb");
  if (!f) return "fixtures/sample.pcapng is missing (run fixtures/make_sample.py)";
  fclose(f);
  return NULL;
}

static void test_decode_sample_fixture(void) {
  char *text_argv[] = {"xnet", "decode", sample_path, NULL};
  run_result r;
  run(&r, stdin, text_argv);
  char first[512];
  line_of(r.out, 0, first, sizeof first);
  int status = r.status, lines = count_lines(r.out);
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  XT_ASSERT_INT_EQ(lines, 20);
  XT_ASSERT_STR_EQ(first, "1 IPv4 192.0.2.10 > 192.0.2.53 ttl 64 id 0x0101 len 57 DF proto udp "
                          "| UDP 53000 > 53 len 37");

  char *json_argv[] = {"xnet", "decode", "--json", sample_path, NULL};
  run(&r, stdin, json_argv);
  char l[20][1024];
  for (int i = 0; i < 20; i++) line_of(r.out, i, l[i], sizeof l[i]);
  status = r.status;
  run_free(&r);
  XT_ASSERT_INT_EQ(status, 0);
  /* Frame 2: the port unreachable quotes frame 1's header and UDP ports. */
  XT_ASSERT(strstr(l[1], "\"icmp\":{\"type\":3,\"code\":3,\"name\":\"destination unreachable\"}"));
  XT_ASSERT(strstr(l[1], "\"inner\":[{\"ipv4\":{"));
  XT_ASSERT(strstr(l[1], "\"udp\":{\"srcport\":53000,\"dstport\":53,\"length\":37}}]"));
  /* Frame 3: Record Route. */
  XT_ASSERT(strstr(l[2], "\"hdr_len\":32"));
  XT_ASSERT(strstr(l[2], "\"options_hex\":\"070b04000000000000000000\""));
  /* Frame 6: hop-by-hop then MLDv2. */
  XT_ASSERT(strstr(l[5], "\"nxt\":0,\"hlim\":1,\"src\":\"fe80::1\",\"dst\":\"ff02::16\",\"ext\":[0]"));
  XT_ASSERT(strstr(l[5], "\"icmpv6\":{\"type\":143,\"code\":0,"));
  /* Frame 9: SYN. */
  XT_ASSERT(strstr(l[8], "\"tcp\":{\"srcport\":50000,\"dstport\":80,\"seq_raw\":523124044,"
                         "\"ack_raw\":0,\"flags\":2}"));
  /* Frames 15, 16: DATA on streams 0 and 1, CRC32c verified. */
  XT_ASSERT(strstr(l[14], "\"checksum_ok\":true,\"chunks\":[{\"type\":0,\"type_name\":\"DATA\","
                          "\"flags\":3,\"length\":31,\"tsn\":1000,\"sid\":0,\"ssn\":0,\"ppid\":51}]"));
  XT_ASSERT(strstr(l[15], "\"tsn\":1001,\"sid\":1,\"ssn\":0,\"ppid\":51"));
  XT_ASSERT(strstr(l[19], "\"type_name\":\"SHUTDOWN_COMPLETE\""));
  for (int i = 0; i < 20; i++) XT_ASSERT(strstr(l[i], "\"error\"") == NULL);
}

static void test_decode_stdin_capture_equals_file(void) {
  FILE *f = fopen(sample_path, "rb");
  XT_ASSERT(f != NULL);
  run_result by_stdin, by_path;
  char *stdin_argv[] = {"xnet", "decode", "--json", "-", NULL};
  run(&by_stdin, f, stdin_argv);
  fclose(f);
  char *path_argv[] = {"xnet", "decode", "--json", sample_path, NULL};
  run(&by_path, stdin, path_argv);
  int same = by_stdin.status == 0 && by_path.status == 0 && by_stdin.out_len > 0 &&
             strcmp(by_stdin.out, by_path.out) == 0;
  run_free(&by_stdin);
  run_free(&by_path);
  XT_ASSERT(same);
}

XT_SUITE(tools, decode, NULL, NULL,
         XT_TEST(test_decode_help_version_and_usage_errors),
         XT_TEST(test_decode_hex_lines_from_stdin),
         XT_TEST(test_decode_hex_line_errors_are_per_packet),
         XT_TEST(test_decode_json_shape_of_crafted_packets),
         XT_TEST(test_decode_json_escaping),
         XT_TEST(test_decode_each_link_type),
         XT_TEST(test_decode_unsupported_link_type_is_named),
         XT_TEST(test_decode_damaged_capture_prints_what_was_read),
         XT_TEST(test_decode_unreadable_inputs),
         XT_TEST_IF(test_decode_sample_fixture, need_sample),
         XT_TEST_IF(test_decode_stdin_capture_equals_file, need_sample));
