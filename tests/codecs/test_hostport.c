/* test_hostport.c — SplitHostPort / JoinHostPort (Go's splitJoinTests and
 * splitFailureTests), numeric ports, and the multi-homed SCTP address text.
 */
#include <stdlib.h>

#include "xnet/error.h"
#include "xnet/hostport.h"
#include "xnet_test.h"

static const uint8_t zero_hp[sizeof(xnet_hostport)];

static int split_exact(const char *s, xnet_hostport *out, char **copy) {
  size_t n = strlen(s);
  *copy = malloc(n ? n : 1); /* exact length: ASan sees overreads */
  memcpy(*copy, s, n);
  return xnet_hostport_split(*copy, n, out);
}

static bool view_eq(const char *p, size_t n, const char *want) {
  return n == strlen(want) && (n == 0 || memcmp(p, want, n) == 0);
}

/* Go's splitJoinTests: host, port, joined. */
static const struct {
  const char *host, *port, *join;
} split_join[] = {
    {"www.google.com", "80", "www.google.com:80"},
    {"127.0.0.1", "1234", "127.0.0.1:1234"},
    {"::1", "80", "[::1]:80"},
    {"fe80::1%lo0", "80", "[fe80::1%lo0]:80"},
    {"localhost%lo0", "80", "[localhost%lo0]:80"},
    {"", "0", ":0"},
    {"google.com", "https%foo", "google.com:https%foo"},
    {"127.0.0.1", "", "127.0.0.1:"},
    {"www.google.com", "", "www.google.com:"},
    {"", "", ":"},
    {"::", "", "[::]:"},
};

static void test_hostport_split_join_go_vectors(void) {
  char buf[128];
  for (size_t i = 0; i < sizeof split_join / sizeof split_join[0]; i++) {
    const char *h = split_join[i].host, *p = split_join[i].port;
    int n = xnet_hostport_join(h, strlen(h), p, strlen(p), buf, sizeof buf);
    XT_ASSERT_INT_EQ(n, strlen(split_join[i].join));
    XT_ASSERT_STR_EQ(buf, split_join[i].join);
    xnet_hostport hp;
    char *copy;
    int rc = split_exact(split_join[i].join, &hp, &copy);
    bool ok = rc == 0 && view_eq(hp.host, hp.host_len, h) &&
              view_eq(hp.port, hp.port_len, p);
    free(copy);
    if (!ok) {
      xt_fail(__LINE__, __FILE__, "split(\"%s\") rc=%d", split_join[i].join,
              rc);
      return;
    }
  }
}

static void test_hostport_split_bracketed_ipv4(void) {
  xnet_hostport hp;
  XT_ASSERT_OK(xnet_hostport_split("[127.0.0.1]:80", 14, &hp));
  XT_ASSERT(view_eq(hp.host, hp.host_len, "127.0.0.1"));
  XT_ASSERT(view_eq(hp.port, hp.port_len, "80"));
  XT_ASSERT_OK(xnet_hostport_split("[]:80", 5, &hp));
  XT_ASSERT_UINT_EQ(hp.host_len, 0);
  /* Only n bytes are read. */
  XT_ASSERT_OK(xnet_hostport_split("a:1:2", 3, &hp));
  XT_ASSERT(view_eq(hp.port, hp.port_len, "1"));
}

/* Go's splitFailureTests, each with the error Go names. */
static void test_hostport_split_errors(void) {
  static const struct {
    const char *in;
    int err;
  } v[] = {
      {"www.google.com", XNET_EMISSINGPORT},
      {"127.0.0.1", XNET_EMISSINGPORT},
      {"[::1]", XNET_EMISSINGPORT},
      {"[fe80::1%lo0]", XNET_EMISSINGPORT},
      {"[localhost%lo0]", XNET_EMISSINGPORT},
      {"localhost%lo0", XNET_EMISSINGPORT},
      {"", XNET_EMISSINGPORT},
      {"::1", XNET_ETOOMANYCOLONS},
      {"fe80::1%lo0", XNET_ETOOMANYCOLONS},
      {"fe80::1%lo0:80", XNET_ETOOMANYCOLONS},
      {"[foo:bar]", XNET_EMISSINGPORT},
      {"[foo:bar]baz", XNET_EMISSINGPORT},
      {"[foo]bar:baz", XNET_EMISSINGPORT},
      {"[foo]:[bar]:baz", XNET_ETOOMANYCOLONS},
      {"[foo]:[bar]baz", XNET_EUNEXPECTEDLBRACKET},
      {"foo[bar]:baz", XNET_EUNEXPECTEDLBRACKET},
      {"foo]bar:baz", XNET_EUNEXPECTEDRBRACKET},
      {"[::1]]:80", XNET_EMISSINGPORT},
      {"[::1]:8]0", XNET_EUNEXPECTEDRBRACKET},
      {"[::1:80", XNET_EMISSINGBRACKET},
      {"[:", XNET_EMISSINGBRACKET},
      {"[[::1]:80", XNET_EUNEXPECTEDLBRACKET},
      {"a:b]", XNET_EUNEXPECTEDRBRACKET},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_hostport hp;
    char *copy;
    memset(&hp, 0xa5, sizeof hp);
    int rc = split_exact(v[i].in, &hp, &copy);
    free(copy);
    if (rc != v[i].err) {
      xt_fail(__LINE__, __FILE__, "split(\"%s\") = %s, want %s", v[i].in,
              xnet_err_name(rc), xnet_err_name(v[i].err));
      return;
    }
    XT_ASSERT_MEM_EQ(&hp, sizeof hp, zero_hp, sizeof zero_hp);
  }
}

static void test_hostport_error_text_matches_go(void) {
  char buf[96];
  (void)xnet_addr_error_format(XNET_EMISSINGBRACKET, "[::1:80", 7, buf,
                               sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address [::1:80: missing ']' in address");
  (void)xnet_addr_error_format(XNET_EUNEXPECTEDLBRACKET, "foo[bar]:baz", 12,
                               buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address foo[bar]:baz: unexpected '[' in address");
  (void)xnet_addr_error_format(XNET_EUNEXPECTEDRBRACKET, "foo]bar:baz", 11,
                               buf, sizeof buf);
  XT_ASSERT_STR_EQ(buf, "address foo]bar:baz: unexpected ']' in address");
}

static void test_hostport_split_every_truncation(void) {
  static const char *const inputs[] = {"[fe80::1%eth0]:8080", "10.0.0.1:53",
                                       "[::1]/[::2]:0"};
  for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
    for (size_t n = 0; n <= strlen(inputs[k]); n++) {
      char *copy = malloc(n ? n : 1);
      memcpy(copy, inputs[k], n);
      xnet_hostport hp;
      int rc = xnet_hostport_split(copy, n, &hp);
      /* The views must lie inside the n bytes given. */
      size_t host_end = rc ? 0 : (size_t)(hp.host - copy) + hp.host_len;
      size_t port_end = rc ? 0 : (size_t)(hp.port - copy) + hp.port_len;
      free(copy);
      XT_ASSERT(rc <= 0);
      XT_ASSERT(host_end <= n);
      XT_ASSERT(port_end <= n);
    }
  }
}

static void test_hostport_join_snprintf_semantics(void) {
  char buf[6];
  memset(buf, 'x', sizeof buf);
  XT_ASSERT_INT_EQ(xnet_hostport_join("::1", 3, "8080", 4, buf, sizeof buf),
                   10);
  XT_ASSERT_STR_EQ(buf, "[::1]");
  XT_ASSERT_INT_EQ(xnet_hostport_join("::1", 3, "8080", 4, NULL, 0), 10);
  /* Lengths, not NULs, delimit the parts. */
  XT_ASSERT_INT_EQ(xnet_hostport_join("abc:", 3, "12345", 2, buf, sizeof buf),
                   6);
  XT_ASSERT_STR_EQ(buf, "abc:1");
}

static void test_hostport_port_parse(void) {
  static const struct {
    const char *in;
    int rc;
    uint16_t port;
  } v[] = {
      {"0", 0, 0},
      {"80", 0, 80},
      {"65535", 0, 65535},
      {"", 0, 0},
      {"+80", 0, 80},
      {"-0", 0, 0},
      {"+", 0, 0},
      {"-", 0, 0},
      {"0080", 0, 80},
      {"65536", XNET_EBADPORT, 0},
      {"-1", XNET_EBADPORT, 0},
      {"99999999999999999999", XNET_EBADPORT, 0},
      {"4294967296", XNET_EBADPORT, 0},
      {"4294967300", XNET_EBADPORT, 0},
      {"1073741824", XNET_EBADPORT, 0},
      /* A huge number stops being read, so its tail is not a name. */
      {"99999999999x", XNET_EBADPORT, 0},
      {"http", XNET_EBADFORMAT, 0},
      {"80a", XNET_EBADFORMAT, 0},
      {" 80", XNET_EBADFORMAT, 0},
      {"8 0", XNET_EBADFORMAT, 0},
      {"++80", XNET_EBADFORMAT, 0},
      {"0x50", XNET_EBADFORMAT, 0},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    uint16_t port = 12345;
    int rc = xnet_port_parse(v[i].in, strlen(v[i].in), &port);
    if (rc != v[i].rc || port != v[i].port) {
      xt_fail(__LINE__, __FILE__, "port(\"%s\") = %s %u, want %s %u",
              v[i].in, xnet_err_name(rc), port, xnet_err_name(v[i].rc),
              v[i].port);
      return;
    }
  }
  uint16_t port;
  XT_ASSERT_OK(xnet_port_parse("4431", 3, &port));
  XT_ASSERT_UINT_EQ(port, 443);
}

/* ---- SCTP multi-homed addresses ------------------------------------- */

static int sctp_exact(const char *s, xnet_ip *addrs, size_t cap,
                      size_t *count, uint16_t *port) {
  size_t n = strlen(s);
  char *copy = malloc(n ? n : 1);
  memcpy(copy, s, n);
  int rc = xnet_sctp_addr_parse(copy, n, addrs, cap, count, port);
  free(copy);
  return rc;
}

/* Accepted text and SCTPAddr.String of the result (listen_test.go forms). */
static void test_hostport_sctp_parse_and_format(void) {
  static const struct {
    const char *in, *out;
    size_t count;
    uint16_t port;
  } v[] = {
      {"127.0.0.1:0", "127.0.0.1:0", 1, 0},
      {"127.0.0.1/127.0.0.2:0", "127.0.0.1/127.0.0.2:0", 2, 0},
      {"[::1]/[::2]:0", "[::1]/[::2]:0", 2, 0},
      {"[::1]/127.0.0.1:0", "[::1]/127.0.0.1:0", 2, 0},
      {"10.0.0.1/10.0.0.2/[2001:db8::1]:38412",
       "10.0.0.1/10.0.0.2/[2001:db8::1]:38412", 3, 38412},
      {"[fe80::1%eth0]/[fe80::2%eth1]:9899", "[fe80::1%eth0]/[fe80::2%eth1]:9899",
       2, 9899},
      {"[::ffff:1.2.3.4]:1", "1.2.3.4:1", 1, 1},
      {"[127.0.0.1]:5", "127.0.0.1:5", 1, 5},
      {"127.0.0.1:", "127.0.0.1:0", 1, 0},
      {"[::]:65535", "[::]:65535", 1, 65535},
      {"1.2.3.4:+80", "1.2.3.4:80", 1, 80},
      /* An empty middle host is a nil address, printed as nothing. */
      {"1.1.1.1//2.2.2.2:7", "1.1.1.1//2.2.2.2:7", 3, 7},
      /* An empty last host drops every address (the Go package does). */
      {":80", ":80", 0, 80},
      {"127.0.0.1/:80", ":80", 0, 80},
  };
  char buf[256];
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip addrs[4];
    size_t count = 99;
    uint16_t port = 1;
    int rc = sctp_exact(v[i].in, addrs, 4, &count, &port);
    if (rc != 0) {
      xt_fail(__LINE__, __FILE__, "sctp(\"%s\") = %s", v[i].in,
              xnet_err_name(rc));
      return;
    }
    XT_ASSERT_UINT_EQ(count, v[i].count);
    XT_ASSERT_UINT_EQ(port, v[i].port);
    int n = xnet_sctp_addr_format(addrs, count, port, buf, sizeof buf);
    XT_ASSERT_INT_EQ(n, strlen(v[i].out));
    XT_ASSERT_STR_EQ(buf, v[i].out);
    for (size_t k = 0; k < count; k++)
      XT_ASSERT(addrs[k].len == 0 || addrs[k].len == 16);
  }
}

static void test_hostport_sctp_errors(void) {
  static const struct {
    const char *in;
    int err;
  } v[] = {
      {"", XNET_EMISSINGPORT},
      {"127.0.0.1", XNET_EMISSINGPORT},
      {"127.0.0.1/127.0.0.2", XNET_EMISSINGPORT},
      {"::1/::2:80", XNET_ETOOMANYCOLONS},
      {"[::1]/::2:80", XNET_ETOOMANYCOLONS},
      {"1.2.3.4:80/5.6.7.8:90", XNET_ETOOMANYCOLONS},
      {"[::1]:/5.6.7.8:90", XNET_ETOOMANYCOLONS},
      {"[::1/[::2]:80", XNET_EMISSINGBRACKET},
      {"[::1]x/[::2]:80", XNET_EMISSINGPORT},
      {"a[b/1.2.3.4:80", XNET_EUNEXPECTEDLBRACKET},
      {"a]b/1.2.3.4:80", XNET_EUNEXPECTEDRBRACKET},
      {"localhost:80", XNET_EBADADDR},
      {"1.2.3.4/example.com:80", XNET_EBADADDR},
      {"[1.2.3.4%eth0]:80", XNET_EBADADDR},
      {"1.2.3.256:80", XNET_EBADADDR},
      {"1.2.3.4:http", XNET_EBADFORMAT},
      {"1.2.3.4:65536", XNET_EBADPORT},
      {"1.2.3.4:-1", XNET_EBADPORT},
      /* Go resolves the port of the last element before its host. */
      {"bad:http", XNET_EBADFORMAT},
  };
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    xnet_ip addrs[3];
    size_t count = 99;
    uint16_t port = 7;
    memset(addrs, 0xa5, sizeof addrs);
    int rc = sctp_exact(v[i].in, addrs, 3, &count, &port);
    if (rc != v[i].err) {
      xt_fail(__LINE__, __FILE__, "sctp(\"%s\") = %s, want %s", v[i].in,
              xnet_err_name(rc), xnet_err_name(v[i].err));
      return;
    }
    XT_ASSERT_UINT_EQ(count, 0);
    XT_ASSERT_UINT_EQ(port, 0);
    static const uint8_t zero[sizeof addrs];
    XT_ASSERT_MEM_EQ(addrs, sizeof addrs, zero, sizeof zero);
  }
}

static void test_hostport_sctp_capacity(void) {
  xnet_ip addrs[2];
  size_t count;
  uint16_t port;
  const char *s = "10.0.0.1/10.0.0.2/10.0.0.3:9";
  XT_ASSERT_ERR(sctp_exact(s, addrs, 2, &count, &port), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(count, 3);
  XT_ASSERT_UINT_EQ(port, 0);
  XT_ASSERT_ERR(sctp_exact(s, NULL, 0, &count, &port), XNET_ENOBUFS);
  XT_ASSERT_UINT_EQ(count, 3);
  XT_ASSERT_OK(sctp_exact(":9", NULL, 0, &count, &port));
  XT_ASSERT_UINT_EQ(count, 0);
  XT_ASSERT_UINT_EQ(port, 9);
  /* A syntax error wins over a full array. */
  XT_ASSERT_ERR(sctp_exact("1.1.1.1/2.2.2.2/x:9", addrs, 1, &count, &port),
                XNET_EBADADDR);
  XT_ASSERT_UINT_EQ(count, 0);
  /* Exactly full is fine. */
  XT_ASSERT_OK(sctp_exact("10.0.0.1/10.0.0.2:9", addrs, 2, &count, &port));
  XT_ASSERT_UINT_EQ(count, 2);
}

static void test_hostport_sctp_format_edge_cases(void) {
  xnet_ip addrs[3];
  char buf[64];
  static const uint8_t b4[4] = {192, 0, 2, 1};
  XT_ASSERT_INT_EQ(xnet_sctp_addr_format(NULL, 0, 0, buf, sizeof buf), 2);
  XT_ASSERT_STR_EQ(buf, ":0");
  xnet_ip_from4(b4, &addrs[0]);
  memset(&addrs[1], 0, sizeof addrs[1]);
  XT_ASSERT_OK(xnet_ip_from_bytes(b4, 3, &addrs[2])); /* wrong length */
  XT_ASSERT_INT_EQ(xnet_sctp_addr_format(addrs, 3, 65535, buf, sizeof buf),
                   17);
  XT_ASSERT_STR_EQ(buf, "192.0.2.1//:65535");
  XT_ASSERT_INT_EQ(xnet_sctp_addr_format(addrs, 3, 65535, buf, 4), 17);
  XT_ASSERT_STR_EQ(buf, "192");
}

static void test_hostport_sctp_every_truncation(void) {
  const char *in = "10.0.0.1/[fe80::1%eth0]:38412";
  for (size_t n = 0; n <= strlen(in); n++) {
    char *copy = malloc(n ? n : 1);
    memcpy(copy, in, n);
    xnet_ip addrs[2];
    size_t count;
    uint16_t port;
    int rc = xnet_sctp_addr_parse(copy, n, addrs, 2, &count, &port);
    free(copy);
    XT_ASSERT(rc <= 0);
    if (rc == 0)
      XT_ASSERT(count <= 2);
    else
      XT_ASSERT_UINT_EQ(count, 0);
  }
}

XT_SUITE(codecs, hostport, NULL, NULL,
         XT_TEST(test_hostport_split_join_go_vectors),
         XT_TEST(test_hostport_split_bracketed_ipv4),
         XT_TEST(test_hostport_split_errors),
         XT_TEST(test_hostport_error_text_matches_go),
         XT_TEST(test_hostport_split_every_truncation),
         XT_TEST(test_hostport_join_snprintf_semantics),
         XT_TEST(test_hostport_port_parse),
         XT_TEST(test_hostport_sctp_parse_and_format),
         XT_TEST(test_hostport_sctp_errors),
         XT_TEST(test_hostport_sctp_capacity),
         XT_TEST(test_hostport_sctp_format_edge_cases),
         XT_TEST(test_hostport_sctp_every_truncation));
