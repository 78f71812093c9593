/* xnet_test.h — the CUnit harness every suite uses.
 *
 * A suite is one file tests/<layer>/test_<module>.c that defines
 *
 *   XT_SUITE(codecs, address, NULL, NULL,
 *            XT_TEST(test_address_parse_ipv4),
 *            XT_TEST_IF(test_cmsg_kernel_vectors, need_udp_socket));
 *
 * CMake derives the suite list from the file names and generates the
 * registry, so adding a file adds a suite (and one ctest entry) with no other
 * edit. XT_TEST_IF's condition returns NULL when the test can run, or the
 * reason it cannot: the runner then prints "SKIP <suite>/<test>: <reason>"
 * and registers the test inactive, so it is never counted as passed.
 *
 * The assertion wrappers print both operands on failure (CUnit's own
 * CU_ASSERT_EQUAL does not) and return from the test function.
 */
#ifndef XNET_TEST_H
#define XNET_TEST_H

#include <CUnit/CUnit.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef const char *(*xt_condition_fn)(void);

typedef struct xt_test {
  const char *name;
  void (*fn)(void);
  xt_condition_fn condition; /* NULL: always runs */
} xt_test;

typedef struct xt_suite {
  const char *name;
  int (*init)(void);
  int (*cleanup)(void);
  const xt_test *tests;
  size_t count;
} xt_suite;

#define XT_TEST(fn) {#fn, fn, NULL}
#define XT_TEST_IF(fn, cond) {#fn, fn, cond}

#define XT_SUITE(layer, module, init_fn, cleanup_fn, ...)                    \
  static const xt_test xt__tests_##layer##_##module[] = {__VA_ARGS__};      \
  const xt_suite xt_suite_##layer##_##module = {                            \
      #layer "." #module, init_fn, cleanup_fn, xt__tests_##layer##_##module, \
      sizeof(xt__tests_##layer##_##module) / sizeof(xt_test)}

/* Records a failure with a formatted message (file:line are CUnit's). */
void xt_fail(unsigned line, const char *file, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Prints a hex dump of both buffers around the first difference. */
void xt_fail_mem(unsigned line, const char *file, const char *what,
                 const void *got, size_t got_len, const void *want,
                 size_t want_len);

#define XT_ASSERT(cond)                                                    \
  do {                                                                     \
    if (!(cond)) {                                                         \
      xt_fail(__LINE__, __FILE__, "assertion failed: %s", #cond);          \
      return;                                                              \
    }                                                                      \
    CU_PASS(#cond);                                                        \
  } while (0)

#define XT_ASSERT_INT_EQ(got, want)                                        \
  do {                                                                     \
    long long xt__g = (long long)(got), xt__w = (long long)(want);         \
    if (xt__g != xt__w) {                                                  \
      xt_fail(__LINE__, __FILE__, "%s == %s: got %lld (0x%llx), want %lld (0x%llx)", \
              #got, #want, xt__g, (unsigned long long)xt__g, xt__w,        \
              (unsigned long long)xt__w);                                  \
      return;                                                              \
    }                                                                      \
    CU_PASS(#got " == " #want);                                            \
  } while (0)

#define XT_ASSERT_UINT_EQ(got, want)                                       \
  do {                                                                     \
    unsigned long long xt__g = (unsigned long long)(got),                  \
                       xt__w = (unsigned long long)(want);                 \
    if (xt__g != xt__w) {                                                  \
      xt_fail(__LINE__, __FILE__, "%s == %s: got %llu (0x%llx), want %llu (0x%llx)", \
              #got, #want, xt__g, xt__g, xt__w, xt__w);                    \
      return;                                                              \
    }                                                                      \
    CU_PASS(#got " == " #want);                                            \
  } while (0)

#define XT_ASSERT_STR_EQ(got, want)                                        \
  do {                                                                     \
    const char *xt__g = (got), *xt__w = (want);                            \
    if (xt__g == NULL || xt__w == NULL || strcmp(xt__g, xt__w) != 0) {     \
      xt_fail(__LINE__, __FILE__, "%s == %s: got \"%s\", want \"%s\"",     \
              #got, #want, xt__g ? xt__g : "(null)",                       \
              xt__w ? xt__w : "(null)");                                   \
      return;                                                              \
    }                                                                      \
    CU_PASS(#got " == " #want);                                            \
  } while (0)

#define XT_ASSERT_MEM_EQ(got, got_len, want, want_len)                     \
  do {                                                                     \
    size_t xt__gl = (size_t)(got_len), xt__wl = (size_t)(want_len);        \
    if (xt__gl != xt__wl || memcmp((got), (want), xt__gl) != 0) {          \
      xt_fail_mem(__LINE__, __FILE__, #got " vs " #want, (got), xt__gl,    \
                  (want), xt__wl);                                         \
      return;                                                              \
    }                                                                      \
    CU_PASS(#got " == " #want);                                            \
  } while (0)

/* Asserts that an xnet call returned the given code, printing both names. */
#define XT_ASSERT_ERR(got, want)                                           \
  do {                                                                     \
    int xt__g = (int)(got), xt__w = (int)(want);                           \
    if (xt__g != xt__w) {                                                  \
      xt_fail(__LINE__, __FILE__, "%s: got %d (%s), want %d (%s)", #got,   \
              xt__g, xt_err_name(xt__g), xt__w, xt_err_name(xt__w));       \
      return;                                                              \
    }                                                                      \
    CU_PASS(#got " == " #want);                                            \
  } while (0)

#define XT_ASSERT_OK(got) XT_ASSERT_ERR(got, 0)

/* The name of an xnet code, resolved at run time so the harness does not
 * depend on any xnet header. */
const char *xt_err_name(int code);

/* The directory of ../shared/corpus (XNET_CORPUS_DIR at build time, or the
 * XNET_CORPUS_DIR environment variable), or NULL when it does not exist. */
const char *xt_corpus_dir(void);

/* The source tree's fixtures/ directory. */
const char *xt_fixtures_dir(void);

#endif /* XNET_TEST_H */
