#!/bin/sh
# check_umbrella.sh SRC_DIR — every public header is included by the
# umbrella xnet/xnet.h (visibility.h comes in through the others).
set -eu
src=$1
umbrella="$src/core/include/xnet/xnet.h"
missing=0
for h in "$src"/codecs/include/xnet/*.h "$src"/core/include/xnet/*.h; do
  name=$(basename "$h")
  case "$name" in xnet.h|visibility.h) continue ;; esac
  if ! grep -q "#include \"xnet/$name\"" "$umbrella"; then
    echo "xnet/xnet.h does not include xnet/$name" >&2
    missing=$((missing + 1))
  fi
done
[ "$missing" -eq 0 ] && echo "umbrella: 1 passed, 0 failed" || { echo "umbrella: 0 passed, 1 failed"; exit 1; }
