#!/usr/bin/env bash
# The demo: assemble an XDP program from text, show its disassembly, and run it in the kernel
# (BPF_PROG_TEST_RUN) on an IPv4 frame and on an ARP frame. Needs root (or CAP_BPF + CAP_NET_ADMIN).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Cli -c Release -v quiet -nologo >/dev/null
ebpfcat() { dotnet src/Cli/bin/Release/net10.0/EbpfCat.Cli.dll "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== examples/asm/ipcheck.s assembled and disassembled"
ebpfcat asm examples/asm/ipcheck.s -o "$work/ipcheck.bin"
ebpfcat disasm "$work/ipcheck.bin" --offsets

frame() { printf 'ffffffffffff020000000001%s' "$1"; printf '00%.0s' $(seq 46); }  # dst, src, EtherType, payload
echo "== an IPv4 frame (EtherType 0800)"
ebpfcat run "$work/ipcheck.bin" --packet "$(frame 0800)" --repeat 1000
echo "== an ARP frame (EtherType 0806)"
ebpfcat run "$work/ipcheck.bin" --packet "$(frame 0806)" --repeat 1000
