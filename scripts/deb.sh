#!/bin/sh
# make deb: the Debian package. dpkg-buildpackage writes its results beside
# the source tree, so it runs in a copy, build/deb/synfin-VERSION/, and they
# land in build/deb/; the .deb is copied to build/ and lintian checks it.
set -eu
version=$(dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
# The package's version is the program's (synfin -v): one must not drift.
code=$(sed -n 's/^#define SYNFIN_VERSION "\(.*\)"$/\1/p' src/cli/version.h)
if [ "$version" != "$code" ]; then
    echo "synfin: debian/changelog says $version, src/cli/version.h says $code: make them agree" >&2
    exit 2
fi
work=build/deb
tree=$work/synfin-$version
rm -rf "$work"
mkdir -p "$tree"
# What the package is built from; not build/, tests, fuzzing or benchmarks.
tar -cf - Makefile README.md src scripts doc contrib debian | tar -xf - -C "$tree"
jobs=$(nproc 2>/dev/null || echo 1)
(cd "$tree" && dpkg-buildpackage -us -uc -b -j"$jobs")
deb=synfin_${version}_${arch}.deb
cp "$work/$deb" build/
echo "synfin: built build/$deb"
if command -v lintian >/dev/null 2>&1; then
    echo "synfin: lintian build/$deb"
    lintian --fail-on error,warning "build/$deb"
fi
