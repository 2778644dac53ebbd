#!/usr/bin/env bash
# Builds libcorenn.so (and, unless CORENN_BUILD_TESTS=OFF, the C++ tests) with CMake.
#
# Maven runs this through JavaCPP's build goal, which extracts bytedeco's OpenBLAS and passes its
# folders in BUILD_PATH. Run by hand, it extracts OpenBLAS from the local Maven repository itself
# (run `mvn -q dependency:resolve -pl java` once if it is not there yet).
#   CORENN_BUILD_DIR   where to build (default native/build)
#   CORENN_VERSION     version string compiled in (default from CMakeLists.txt)
#   CORENN_SANITIZE    e.g. address,undefined
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build_dir=${CORENN_BUILD_DIR:-$here/build}
mkdir -p "$build_dir"

openblas_roots=""
if [ -n "${BUILD_PATH:-}" ]; then
  openblas_roots=$(echo "$BUILD_PATH" | tr ':' ';')
else
  version=0.3.31-1.5.13
  jar="${HOME}/.m2/repository/org/bytedeco/openblas/$version/openblas-$version-linux-x86_64.jar"
  [ -f "$jar" ] || { echo "build.sh: $jar not found; run 'mvn dependency:resolve' first" >&2; exit 1; }
  extracted="$build_dir/openblas"
  if [ ! -f "$extracted/org/bytedeco/openblas/linux-x86_64/include/cblas.h" ]; then
    (cd "$build_dir" && mkdir -p openblas && cd openblas && unzip -q -o "$jar" 'org/bytedeco/openblas/linux-x86_64/*')
  fi
  openblas_roots="$extracted/org/bytedeco/openblas/linux-x86_64"
fi

args=(-S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "-DOPENBLAS_ROOTS=$openblas_roots"
      "-DCORENN_BUILD_TESTS=${CORENN_BUILD_TESTS:-ON}" "-DCORENN_SANITIZE=${CORENN_SANITIZE:-}")
[ -n "${CORENN_VERSION:-}" ] && args+=("-DCORENN_VERSION=$CORENN_VERSION")

cmake "${args[@]}" > "$build_dir/cmake-configure.log" || { cat "$build_dir/cmake-configure.log"; exit 1; }
cmake --build "$build_dir" --parallel "$(nproc)"

# For the JNI link and JavaCPP's copyLibs: JavaCPP links the no-LAPACK OpenBLAS preset by the name
# openblas_nolapack, which has no file of its own in the jar, and bundles libgomp from this folder.
IFS=';' read -r -a roots <<< "$openblas_roots"
for root in "${roots[@]}"; do
  for candidate in "$root/libopenblas.so.0" "$root/lib/libopenblas.so.0"; do
    [ -f "$candidate" ] && ln -sf "$candidate" "$build_dir/libopenblas_nolapack.so"
  done
done
cp -L "$(${CXX:-g++} -print-file-name=libgomp.so.1)" "$build_dir/libgomp.so.1"
