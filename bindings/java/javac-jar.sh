#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Compiles Java sources in one javac run and packs the classes into a jar.
#
#   javac-jar.sh JAVAC JAR OUTPUT.jar CLASS_DIR [JAVAC_ARGUMENT...]
#
# JAVAC_ARGUMENTs are javac options and source files, in any order. CLASS_DIR
# is emptied first, so classes of deleted sources never linger in the jar.
# (meson's jar() compiles one file per javac call and cannot track classes of
# generated sources that live in a package, so it would rebuild every time.)
set -eu
javac=$1
jar=$2
output=$3
classes=$4
shift 4

rm -rf "$classes"
mkdir -p "$classes"
"$javac" -d "$classes" "$@"
rm -f "$output"
"$jar" --create --file "$output" -C "$classes" .
