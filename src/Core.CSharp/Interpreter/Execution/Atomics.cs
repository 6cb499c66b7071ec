using System.Numerics;
using System.Runtime.CompilerServices;
using EbpfCat.Interpreter.Memory;
using EbpfCat.Isa;

namespace EbpfCat.Interpreter.Execution;

/// <summary>The atomic instructions, made atomic for real with <see cref="Interlocked"/> so that map values shared
/// between concurrent runs and the caller behave as in the kernel.</summary>
/// <remarks>Addresses must be aligned to the access size, as the kernel demands for atomics. The cell type is
/// unsigned so that values fetched by the 32-bit forms are zero-extended into the register.</remarks>
internal static unsafe class Atomics
{
    public static void Execute<T>(AddressSpace space, ulong* r, int dst, int src, int offset, long operation, int pc)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
    {
        int size = Unsafe.SizeOf<T>();
        ulong address = r[dst] + (ulong)(long)offset;
        // Regions start 8-byte aligned (array data and 4 GiB bases), so an aligned address is aligned in the host too.
        if ((address & (ulong)(size - 1)) != 0)
            throw new InterpreterException(InterpreterFault.Misaligned, pc, $"atomic access of {size} bytes at 0x{address:x} is not {size}-byte aligned");
        ref T cell = ref Unsafe.As<byte, T>(ref space.Resolve(address, size, write: true, pc));
        T value = T.CreateTruncating(r[src]);
        var op = (AtomicOperation)operation;
        T old;
        switch (op)
        {
            case AtomicOperation.Exchange:
                old = Interlocked.Exchange(ref cell, value);
                break;
            case AtomicOperation.CompareExchange:
                r[0] = ulong.CreateTruncating(Interlocked.CompareExchange(ref cell, value, T.CreateTruncating(r[0])));
                return;
            default:
                // add, or, and, xor: one compare-and-swap loop serves them all and both widths.
                old = cell;
                while (true)
                {
                    T next = (op & ~AtomicOperation.Fetch) switch
                    {
                        AtomicOperation.Add => old + value,
                        AtomicOperation.Or => old | value,
                        AtomicOperation.And => old & value,
                        AtomicOperation.Xor => old ^ value,
                        _ => throw new InterpreterException(InterpreterFault.InvalidProgram, pc, $"unknown atomic operation 0x{operation:x}"),
                    };
                    T seen = Interlocked.CompareExchange(ref cell, next, old);
                    if (seen == old) break;
                    old = seen;
                }
                break;
        }
        if ((op & AtomicOperation.Fetch) != 0) r[src] = ulong.CreateTruncating(old);
    }
}
