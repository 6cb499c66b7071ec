#include "common.h"
unsigned long long count;

SEC("xdp") int count_program(struct xdp_md *ctx)
{
    __sync_fetch_and_add(&count, 1);
    return XDP_PASS;
}
