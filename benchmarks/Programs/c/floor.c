#include "common.h"

SEC("xdp") int floor_program(struct xdp_md *ctx)
{
    return XDP_PASS;
}
