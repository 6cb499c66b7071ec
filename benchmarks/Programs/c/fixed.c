#include "common.h"
/* Fixed point with scale 100000, as EbpfCat's format x; × 1.5 written the way a C programmer would. */
long long value;

SEC("xdp") int fixed_program(struct xdp_md *ctx)
{
    value = value * 3 / 2;
    return XDP_PASS;
}
