#!/usr/bin/env bash
# Installs the Debian packages a purpose needs, only when some are missing.
# Usage: install-deps.sh build|test|bench
set -euo pipefail

build=(cmake g++ make pkg-config libcli11-dev libvirt-dev libxml2-dev nlohmann-json3-dev scdoc libsnmp-dev
       libsqlite3-dev libcurl4-openssl-dev libtomlplusplus-dev)
# test: GoogleTest, clang for libFuzzer, a real libvirtd with QEMU, Icinga 2 and Nagios 4,
# aiosmtpd (for Debian's /usr/bin/python3) and openssl for virtcheck-alert's SMTP receivers,
# and what builds and lints the Debian package (debhelper, dpkg-dev, lintian),
# Go and govmomi for the vSphere simulator (vcsim), libtirpc-dev for the sanitizer build
# (it links libtirpc: CMakeLists.txt)
test=("${build[@]}" libgtest-dev clang libclang-rt-14-dev libvirt-daemon libvirt-daemon-driver-qemu
      libvirt-clients qemu-system-x86 qemu-utils dnsmasq-base iptables icinga2-bin icinga2-common nagios4-core curl python3
      binutils snmpd snmp snmpsim python3-aiosmtpd openssl debhelper dpkg-dev lintian
      golang-go golang-github-vmware-govmomi-dev libtirpc-dev)
# bench: the comparison programs (C floor, Python, Perl) and hyperfine; gnuplot for
# examples/learning/plot-history (bench/learning.sh draws its PNG)
bench=("${test[@]}" hyperfine gcc python3-libvirt libsys-virt-perl libmonitoring-plugin-perl time
       monitoring-plugins-standard valgrind python3-pyvmomi gnuplot-nox)

case "${1:-}" in
  build) wanted=("${build[@]}") ;;
  test) wanted=("${test[@]}") ;;
  bench) wanted=("${bench[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
# Package scripts must not start daemons (snmpd, icinga2, libvirtd): the tests start their own.
policy=/usr/sbin/policy-rc.d
added_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  added_policy=true
fi
trap '$added_policy && $sudo rm -f "$policy"' EXIT
$sudo apt-get -o DPkg::Lock::Timeout=600 update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
  --no-install-recommends "${missing[@]}"
