#include "common.h"
unsigned long long matched;
/* Irregular on purpose, as in ReferencePacket.cs. */
static const unsigned int blocked_sources[16] = {0x0aea2724, 0x0a8e6b5e, 0x0ad0454d, 0x0a2a99a5, 0x0a820b99, 0x0aa16c03, 0x0a7596c4, 0x0a93fd0b, 0x0a0f3ba4, 0x0a23f455, 0x0a374232, 0x0acd0134, 0x0a3731f7, 0x0a94f139, 0x0ac5e51a, 0x0a223715};
static const unsigned short blocked_ports[30] = {57761, 36327, 31540, 30291, 41260, 46469, 13125, 34305, 30671, 52221, 20907, 54084, 30635, 10316, 57179, 13469, 39518, 6966, 7192, 37709, 3768, 53708, 13225, 57060, 59375, 52992, 42603, 34572, 32203, 42303};

SEC("xdp") int parse_program(struct xdp_md *ctx)
{
    PACKET(ctx);
    if (d + 42 > end) return XDP_PASS;
    if (*(unsigned short *)(d + 12) != __builtin_bswap16(0x0800)) return XDP_PASS;
    if (d[14] != 0x45) return XDP_PASS;
    if (d[23] != 17) return XDP_PASS;
    if (d[22] == 0) return XDP_DROP;
    unsigned int source = __builtin_bswap32(*(unsigned int *)(d + 26));
#pragma unroll
    for (int i = 0; i < 16; i++)
        if (source == blocked_sources[i]) return XDP_DROP;
    unsigned int port = __builtin_bswap16(*(unsigned short *)(d + 36));
#pragma unroll
    for (int i = 0; i < 30; i++)
        if (port == blocked_ports[i]) return XDP_DROP;
    if (__builtin_bswap16(*(unsigned short *)(d + 34)) == 53) __sync_fetch_and_add(&matched, 1);
    return XDP_PASS;
}
