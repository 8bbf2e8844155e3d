#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Installs the build into a scratch DESTDIR and builds examples/c/hello.c the
# way a consumer would: only with what `pkg-config myk10` says, once against
# the shared and once against the static library.
# Usage: consumer.sh BUILD_DIR SOURCE_DIR [CC [CFLAGS]]
# CFLAGS carries the sanitizer flags of a sanitizer build, whose installed
# library needs the consumer to link the same runtime.
set -eu
build=$1 source=$2 cc=${3:-cc} cflags=${4:-}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

meson install -C "$build" --no-rebuild --quiet --destdir "$stage" >/dev/null
pc=$(find "$stage" -name myk10.pc | head -n 1)
[ -n "$pc" ] || { echo "FAIL: myk10.pc was not installed"; exit 1; }
# The staged myk10.pc comes first; its dependencies come from the system.
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$stage"
[ "$(pkg-config --variable=pcfiledir myk10)" = "$(dirname "$pc")" ] ||
    { echo "FAIL: pkg-config did not pick the staged myk10.pc"; exit 1; }
# pkg-config applies the sysroot to variables as well.
libdir=$(pkg-config --variable=libdir myk10)
echo "installed pkg-config file: ${pc#"$stage"}, version $(pkg-config --modversion myk10)"

# Shared: the program must find the installed library, not the build tree's.
"$cc" $cflags -Wall -Werror "$source/examples/c/hello.c" -o "$stage/hello" \
    $(pkg-config --cflags --libs myk10)
LD_LIBRARY_PATH="$libdir" "$stage/hello" > "$stage/out"
cat "$stage/out"
grep -q "^libmyk10 " "$stage/out"
LD_LIBRARY_PATH="$libdir" ldd "$stage/hello" | grep "libmyk10.so" | grep -q "$stage" ||
    { echo "FAIL: hello did not load the installed libmyk10.so"; exit 1; }

# Static: libmyk10.a plus its private dependencies from Libs.private/Requires.private.
static_libs=$(pkg-config --static --libs myk10 | sed 's/-lmyk10\b//')
"$cc" $cflags -Wall -Werror "$source/examples/c/hello.c" -o "$stage/hello_static" \
    $(pkg-config --cflags myk10) "$libdir/libmyk10.a" $static_libs
"$stage/hello_static" > /dev/null
if ldd "$stage/hello_static" | grep -q libmyk10; then
    echo "FAIL: hello_static still needs libmyk10.so"; exit 1
fi
echo "1 passed, 0 failed"
