namespace EbpfCat.Properties.Reference;

/// <summary>C programs for the clang reference tests; together they make clang emit every instruction class.</summary>
public static class ReferencePrograms
{
    /// <summary>Types and the section attribute every program starts with.</summary>
    const string Prelude = """
        typedef unsigned long long u64; typedef unsigned int u32; typedef unsigned short u16; typedef unsigned char u8;
        typedef long long s64; typedef int s32; typedef short s16; typedef signed char s8;
        #define SEC(name) __attribute__((section(name), used))
        """;

    /// <summary>64- and 32-bit arithmetic of every operation, immediate and register, negation and byte-order conversions; each result is stored so that none folds away.</summary>
    public static ReferenceProgram Arithmetic { get; } = new(nameof(Arithmetic), "v1", Prelude + "\n" + """
        // One function per width: every operation's result is stored, so none folds away.
        #define ARITH(name, U, S)                                                                                  \
        SEC("xdp") int name(U *p) {                                                                                \
          U a = p[0], b = p[1]; S c = (S)p[2];                                                                     \
          p[3] = a + b; p[4] = a + 5; p[5] = a - b; p[6] = a - 0x12345; p[7] = a * b; p[8] = a * 0x12345;          \
          p[9] = a / b; p[10] = a / 0x1234; p[11] = a % b; p[12] = a % 11; p[13] = a | b; p[14] = a | 0x10;        \
          p[15] = a & b; p[16] = a & 0xfff0; p[17] = a << b; p[18] = a << 3; p[19] = a >> b; p[20] = a >> 2;      \
          p[21] = a ^ b; p[22] = a ^ -2; p[23] = c >> a; p[24] = c >> 5; p[25] = -a;                               \
          p[26] = __builtin_bswap64(a) + __builtin_bswap32((u32)b) + __builtin_bswap16((u16)a);                    \
          p[27] = (U)0x7fffffffffffLL; p[28] = (U)-0x80000000LL;                                                   \
          return 0;                                                                                                \
        }
        ARITH(arith64, u64, s64)
        ARITH(arith32, u32, s32)
        """);

    /// <summary>every comparison, signed and unsigned, 64- and 32-bit (JMP32 from v3), with bpf-to-bpf calls as targets, and an if/else that needs a goto.</summary>
    public static ReferenceProgram Jumps { get; } = new(nameof(Jumps), "v1", Prelude + "\n" + """
        static __attribute__((noinline)) int pick(int k) { return k * 2 + 1; }
        // One function per width (the 32-bit one compiles to JMP32 from v3 on).
        #define JUMPS(name, U, S)                                                                                  \
        SEC("xdp") int name(U *p) {                                                                                \
          U a = p[0], b = p[1]; S c = (S)p[2], d = (S)p[3];                                                        \
          if (a == 3) return pick(1);                                                                              \
          if (a != b) { if (a > b) return pick(2); if (a >= 100) return pick(3); }                                 \
          if (a < 7) return pick(4);                                                                               \
          if (b <= a) return pick(5);                                                                              \
          if (c > d) return pick(6);                                                                               \
          if (c >= -5) return pick(7);                                                                             \
          if (c < d) return pick(8);                                                                               \
          if (c <= -100) return pick(9);                                                                           \
          if (a & 0x40) return pick(10);                                                                           \
          if (a & b) return pick(11);                                                                              \
          if (b > 1000) return pick(12);                                                                           \
          return 0;                                                                                                \
        }
        JUMPS(jumps64, u64, s64)
        JUMPS(jumps32, u32, s32)
        SEC("xdp") u64 branches(u64 *p) {
          u64 x;
          if (p[0] > 5) x = p[1] * 3; else x = p[2] + 7;
          p[3] = x;
          return x;
        }
        """);

    /// <summary>loads and stores of every size, on the stack and through a pointer.</summary>
    public static ReferenceProgram Memory { get; } = new(nameof(Memory), "v1", Prelude + "\n" + """
        SEC("xdp") u64 memory(u64 *p) {
          volatile u8 b1 = 1; volatile u16 h1 = 2; volatile u32 w1 = 3; volatile u64 d1 = 4;
          volatile u8 b2 = (u8)p[0]; volatile u16 h2 = (u16)p[1]; volatile u32 w2 = (u32)p[2]; volatile u64 d2 = p[3];
          u8 *q = (u8 *)p;
          q[40] = 7; *(u16 *)(q + 42) = 0x1234; *(u32 *)(q + 44) = -1; p[6] = 0x7fffffff;
          q[56] = (u8)d2; *(u16 *)(q + 58) = (u16)d2; *(u32 *)(q + 60) = (u32)d2; p[8] = d2 + 1;
          return b1 + h1 + w1 + d1 + b2 + h2 + w2 + d2 + q[64] + *(u16 *)(q + 66) + *(u32 *)(q + 68) + p[9];
        }
        """);

    /// <summary>helper calls, bpf-to-bpf calls (nested, in .text), 64-bit constants and global variables (lddw), and the legacy packet loads.</summary>
    public static ReferenceProgram Calls { get; } = new(nameof(Calls), "v1", Prelude + "\n" + """
        static long (*bpf_ktime_get_ns)(void) = (void *)5;
        static long (*bpf_get_prandom_u32)(void) = (void *)7;
        unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
        unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
        unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");
        u64 global_counter; u64 global_table[4];
        static __attribute__((noinline)) u64 twice(u64 x) { return x * 2 + bpf_get_prandom_u32(); }
        static __attribute__((noinline)) u64 thrice(u64 x) { return twice(x) + x; }
        SEC("xdp") u64 calls(u64 *p) {
          u64 t = bpf_ktime_get_ns();
          global_counter = t;
          global_table[2] = 0x123456789abcdefULL;
          return thrice(t) + twice(p[0]) + 0xfedcba9876543210ULL;
        }
        SEC("socket") u64 legacy(void *skb) {
          u64 off = load_byte(skb, 14);
          return load_half(skb, 12) + load_word(skb, 26) + load_byte(skb, off) + load_half(skb, off + 2) + load_word(skb, off);
        }
        """);

    /// <summary>the atomic add of ISA v1, of words and double words.</summary>
    public static ReferenceProgram AtomicAdd { get; } = new(nameof(AtomicAdd), "v1", Prelude + "\n" + """
        u64 c64; u32 c32;
        SEC("xdp") int atomic_add(u64 *p) {
          __sync_fetch_and_add(&c64, p[0]);
          __sync_fetch_and_add(&c32, (u32)p[1]);
          __sync_fetch_and_add((u64 *)&p[2], 1);
          return 0;
        }
        """);

    /// <summary>every atomic of ISA v3: or, and, xor with and without fetch, fetch-add, xchg, cmpxchg, words and double words.</summary>
    public static ReferenceProgram Atomics { get; } = new(nameof(Atomics), "v3", Prelude + "\n" + """
        u64 c64; u32 c32;
        SEC("xdp") u64 atomics(u64 *p) {
          u64 a = p[0]; u32 b = (u32)p[1];
          __sync_fetch_and_or(&c64, a); __sync_fetch_and_and(&c64, a); __sync_fetch_and_xor(&c64, a);
          __sync_fetch_and_or(&c32, b); __sync_fetch_and_and(&c32, b); __sync_fetch_and_xor(&c32, b);
          u64 r = __sync_fetch_and_add(&c64, a) + __sync_fetch_and_or(&c64, a) + __sync_fetch_and_and(&c64, a) + __sync_fetch_and_xor(&c64, a);
          u32 s = __sync_fetch_and_add(&c32, b) + __sync_fetch_and_or(&c32, b) + __sync_fetch_and_and(&c32, b) + __sync_fetch_and_xor(&c32, b);
          r += __sync_lock_test_and_set(&c64, a); s += __sync_lock_test_and_set(&c32, b);
          r += __sync_val_compare_and_swap(&c64, 5, a); s += __sync_val_compare_and_swap(&c32, 6, b);
          return r + s;
        }
        """);

    /// <summary>ISA v4: signed division and modulo, sign-extending loads and moves, byte swaps.</summary>
    public static ReferenceProgram SignedAndSignExtending { get; } = new(nameof(SignedAndSignExtending), "v4", Prelude + "\n" + """
        SEC("xdp") s64 v4(u64 *p) {
          s64 a = (s64)p[0], b = (s64)p[1]; s32 c = (s32)p[2], d = (s32)p[3];
          s8 *q = (s8 *)p;
          s64 r = a / b + a % b + a / -7 + a % 9 + c / d + c % d + c / 5 + c % -3;
          r += q[40] + *(s16 *)(q + 42) + *(s32 *)(q + 44);
          r += (s8)a + (s16)b + (s32)a + (s8)c + (s16)d;
          r += (s64)__builtin_bswap64((u64)r) + __builtin_bswap32((u32)c) + __builtin_bswap16((u16)d);
          return r;
        }
        """);

    /// <summary>Every program, by name.</summary>
    public static IReadOnlyList<ReferenceProgram> All { get; } = [Arithmetic, Jumps, Memory, Calls, AtomicAdd, Atomics, SignedAndSignExtending];
}
