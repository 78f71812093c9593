/* test_error.c — codes, names and messages from the one X-macro table. */
#include "xnet/error.h"
#include "xnet_test.h"

static void test_error_names_known_codes(void) {
  XT_ASSERT_STR_EQ(xnet_err_name(XNET_ESHORT), "XNET_ESHORT");
  XT_ASSERT_STR_EQ(xnet_err_name(XNET_EINVAL), "XNET_EINVAL");
  XT_ASSERT_STR_EQ(xnet_strerror(XNET_ETIMEDOUT), "i/o timeout");
  XT_ASSERT_STR_EQ(xnet_strerror(XNET_EMISSINGPORT), "missing port in address");
}

static void test_error_unknown_code_gets_static_string(void) {
  XT_ASSERT_STR_EQ(xnet_err_name(-3999), "XNET_UNKNOWN");
  XT_ASSERT_STR_EQ(xnet_strerror(-3999), "unknown error");
  XT_ASSERT_STR_EQ(xnet_err_name(0), "XNET_OK");
}

static void test_error_own_codes_below_minus_4000(void) {
  XT_ASSERT(XNET_ESHORT < -4000);
  XT_ASSERT(XNET_EBADFORMAT < -4000);
  XT_ASSERT_INT_EQ(XNET_EINVAL, -EINVAL);
}

XT_SUITE(codecs, error, NULL, NULL,
         XT_TEST(test_error_names_known_codes),
         XT_TEST(test_error_unknown_code_gets_static_string),
         XT_TEST(test_error_own_codes_below_minus_4000));
