#!/usr/bin/env bash
# Prints the benchmark program: 100 instructions (ALU, stack stores and loads, forward jumps), the same every time.
set -euo pipefail
  echo "r0 = 0x0"
  for ((i = 1; i <= 49; i++)); do
    case $((i % 5)) in
      0) echo "*(u64 *)(r10 - 0x8) = r0"; echo "r2 = *(u64 *)(r10 - 0x8)" ;;
      1) echo "r0 += 0x$(printf '%x' $((i * 7)))"; echo "w3 = w0" ;;
      2) echo "if r0 > 0x$(printf '%x' $((i * 100))) goto +0x1"; echo "r0 ^= 0x$(printf '%x' $i)" ;;
      3) echo "r0 &= 0xffff"; echo "r0 <<= 0x1" ;;
      4) echo "r1 = r0"; echo "r0 |= 0x$(printf '%x' $((i * 3)))" ;;
    esac
  done
  echo "exit"
