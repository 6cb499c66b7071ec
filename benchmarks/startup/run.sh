#!/usr/bin/env bash
# Start-to-exit time of ebpfcat disasm, asm and run --repeat 1 on a 100-instruction program:
# the NativeAOT executable, the framework-dependent build (dotnet EbpfCat.Cli.dll), and
# llvm-objdump-19 / llvm-mc-19 doing the same job. Prints a table of medians in milliseconds.
# Needs: dotnet, clang and zlib1g-dev (NativeAOT), hyperfine, llvm-19; root for `run`.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
work=$(mktemp -d /tmp/ebpfcat-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-200}

echo "publishing into $work ..." >&2
dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/native" >"$work/publish-native.log" 2>&1 \
  || { tail -20 "$work/publish-native.log" >&2; exit 1; }
dotnet publish src/Cli -c Release -o "$work/jit" >"$work/publish-jit.log" 2>&1 \
  || { tail -20 "$work/publish-jit.log" >&2; exit 1; }
native="$work/native/EbpfCat.Cli"
jit="dotnet $work/jit/EbpfCat.Cli.dll"

prog="$work/prog.s"
bash benchmarks/startup/make-program.sh >"$prog"
count=$(wc -l <"$prog")
[[ $count == 100 ]] || { echo "the generated program has $count instructions, not 100" >&2; exit 1; }
"$native" asm "$prog" -o "$work/prog.bin"
llvm-mc-19 -triple bpf -filetype=obj "$prog" -o "$work/prog.o"
cmp -s <("$native" disasm "$work/prog.bin") "$prog" || echo "note: ebpfcat disasm does not print the source back verbatim" >&2

median() { # command... -> median in ms, from hyperfine's JSON
  hyperfine -N --warmup 10 --runs "$runs" --export-json "$work/h.json" "$*" >/dev/null 2>&1 \
    || { echo "failed: $*" >&2; echo "-"; return; }
  python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$work/h.json"
}

printf '%-22s %14s %22s %18s\n' "job" "ebpfcat (AOT)" "dotnet EbpfCat.Cli.dll" "llvm-19"
printf '%-22s %14s %22s %18s\n' "disasm (100 insns)" \
  "$(median "$native" disasm "$work/prog.bin")" "$(median $jit disasm "$work/prog.bin")" \
  "$(median llvm-objdump-19 -d "$work/prog.o")"
printf '%-22s %14s %22s %18s\n' "asm (100 insns)" \
  "$(median "$native" asm "$prog" -o "$work/out.bin")" "$(median $jit asm "$prog" -o "$work/out.bin")" \
  "$(median llvm-mc-19 -triple bpf -filetype=obj "$prog" -o "$work/out.o")"
printf '%-22s %14s %22s %18s\n' "run --repeat 1" \
  "$(median "$native" run "$work/prog.bin" --repeat 1)" "$(median $jit run "$work/prog.bin" --repeat 1)" "-"
echo "medians in ms of $runs runs each (hyperfine -N); llvm-19 columns: llvm-objdump-19 -d on an ELF from llvm-mc-19, llvm-mc-19 -filetype=obj" >&2
