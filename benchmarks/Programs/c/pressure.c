#include "common.h"
#define N 14
unsigned long long result;

SEC("xdp") int pressure_program(struct xdp_md *ctx)
{
    PACKET(ctx);
    if (d + 14 + N <= end) {
        unsigned long long v[N], sum = 0;
#pragma unroll
        for (int i = 0; i < N; i++) v[i] = d[14 + i];
#pragma unroll
        for (int i = 0; i < N; i++) sum += v[i] * v[(i + 1) % N];
#pragma unroll
        for (int i = 0; i < N; i++) sum ^= v[i];
        result = sum;
    }
    return XDP_PASS;
}
