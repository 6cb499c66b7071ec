#include "common.h"
unsigned long long ipv4, other;

SEC("xdp") int ipcount_program(struct xdp_md *ctx)
{
    PACKET(ctx);
    if (d + 14 <= end) {
        if (*(unsigned short *)(d + 12) == __builtin_bswap16(0x0800)) __sync_fetch_and_add(&ipv4, 1);
        else __sync_fetch_and_add(&other, 1);
    }
    return XDP_PASS;
}
