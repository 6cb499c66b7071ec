; ipcheck: pass IPv4 frames, drop everything else.
; The EtherType at offset 12 is read as loaded (little endian), so IPv4's 0x0800 reads as 0x8.
    r2 = *(u32 *)(r1 + 0x4)      ; data_end
    r1 = *(u32 *)(r1 + 0x0)      ; data
    r3 = r1
    r3 += 0xe                    ; an Ethernet header is 14 bytes
    r0 = 0x1                     ; XDP_DROP unless proven IPv4
    if r3 > r2 goto done         ; the verifier learns the packet is long enough here
    r1 = *(u16 *)(r1 + 0xc)
    if r1 != 0x8 goto done
    r0 = 0x2                     ; XDP_PASS
done:
    exit
