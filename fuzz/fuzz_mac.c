/* fuzz_mac.c — libFuzzer target for hardware address text.
 *
 * Invariants checked (abort on violation):
 *  - a parse that succeeds has 6, 8 or 20 bytes, formats to 3 * len - 1
 *    characters, and that text parses back to the same address;
 *  - on error the result is zeroed;
 *  - the input length decides the form: only lengths 14, 17, 19, 23, 49
 *    and 59 can ever parse.
 */
#include <stdlib.h>
#include <string.h>

#include "xnet/mac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  xnet_mac mac, again;
  if (xnet_mac_parse((const char *)data, size, &mac) != 0) {
    static const xnet_mac zero;
    if (memcmp(&mac, &zero, sizeof mac) != 0)
      abort();
    return 0;
  }
  if (size != 14 && size != 17 && size != 19 && size != 23 && size != 49 &&
      size != 59)
    abort();
  if (mac.len != 6 && mac.len != 8 && mac.len != 20)
    abort();
  char text[XNET_MAC_STRLEN];
  int n = xnet_mac_format(&mac, text, sizeof text);
  if (n != 3 * mac.len - 1)
    abort();
  if (xnet_mac_parse(text, (size_t)n, &again) != 0 ||
      memcmp(&mac, &again, sizeof mac) != 0)
    abort();
  return 0;
}
