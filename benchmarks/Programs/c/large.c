#include "common.h"
/* 2,500 steps x = (x ^ c_i) + (x >> 3), c_i = (i * 2654435761) & 0x7fffffff, as the C# twin. */
unsigned long long result;

#define S(i) x = (x ^ ((((unsigned long long)(i)) * 2654435761ull) & 0x7fffffffull)) + (x >> 3);
#define S10(b) S(b) S(b + 1) S(b + 2) S(b + 3) S(b + 4) S(b + 5) S(b + 6) S(b + 7) S(b + 8) S(b + 9)
#define S100(b) S10(b) S10(b + 10) S10(b + 20) S10(b + 30) S10(b + 40) S10(b + 50) S10(b + 60) S10(b + 70) S10(b + 80) S10(b + 90)
#define S500(b) S100(b) S100(b + 100) S100(b + 200) S100(b + 300) S100(b + 400)

SEC("xdp") int large_program(struct xdp_md *ctx)
{
    PACKET(ctx);
    if (d + 18 <= end) {
        unsigned long long x = *(unsigned int *)(d + 14);
        S500(0) S500(500) S500(1000) S500(1500) S500(2000)
        result = x;
    }
    return XDP_PASS;
}
