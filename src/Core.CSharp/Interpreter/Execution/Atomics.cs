using System.Runtime.CompilerServices;
using EbpfCat.Interpreter.Memory;
using EbpfCat.Isa;

namespace EbpfCat.Interpreter.Execution;

/// <summary>The atomic instructions, made atomic for real with <see cref="Interlocked"/> so that map values shared
/// between concurrent runs and the caller behave as in the kernel.</summary>
/// <remarks>Addresses must be aligned to the access size, as the kernel demands for atomics; values fetched by the
/// 32-bit forms are zero-extended into the register.</remarks>
internal static unsafe class Atomics
{
    public static void Word(AddressSpace space, ulong* r, int dst, int src, int offset, long operation, int pc)
    {
        ref int cell = ref Unsafe.As<byte, int>(ref Cell(space, r[dst] + (ulong)(long)offset, 4, pc));
        int value = (int)r[src];
        switch ((AtomicOperation)operation)
        {
            case AtomicOperation.Add: Interlocked.Add(ref cell, value); break;
            case AtomicOperation.Or: Interlocked.Or(ref cell, value); break;
            case AtomicOperation.And: Interlocked.And(ref cell, value); break;
            case AtomicOperation.Xor: Xor(ref cell, value); break;
            case AtomicOperation.FetchAdd: r[src] = (uint)(Interlocked.Add(ref cell, value) - value); break;
            case AtomicOperation.FetchOr: r[src] = (uint)Interlocked.Or(ref cell, value); break;
            case AtomicOperation.FetchAnd: r[src] = (uint)Interlocked.And(ref cell, value); break;
            case AtomicOperation.FetchXor: r[src] = (uint)Xor(ref cell, value); break;
            case AtomicOperation.Exchange: r[src] = (uint)Interlocked.Exchange(ref cell, value); break;
            case AtomicOperation.CompareExchange: r[0] = (uint)Interlocked.CompareExchange(ref cell, value, (int)r[0]); break;
            default: throw Unknown(operation, pc);
        }
    }

    public static void DoubleWord(AddressSpace space, ulong* r, int dst, int src, int offset, long operation, int pc)
    {
        ref long cell = ref Unsafe.As<byte, long>(ref Cell(space, r[dst] + (ulong)(long)offset, 8, pc));
        long value = (long)r[src];
        switch ((AtomicOperation)operation)
        {
            case AtomicOperation.Add: Interlocked.Add(ref cell, value); break;
            case AtomicOperation.Or: Interlocked.Or(ref cell, value); break;
            case AtomicOperation.And: Interlocked.And(ref cell, value); break;
            case AtomicOperation.Xor: Xor(ref cell, value); break;
            case AtomicOperation.FetchAdd: r[src] = (ulong)(Interlocked.Add(ref cell, value) - value); break;
            case AtomicOperation.FetchOr: r[src] = (ulong)Interlocked.Or(ref cell, value); break;
            case AtomicOperation.FetchAnd: r[src] = (ulong)Interlocked.And(ref cell, value); break;
            case AtomicOperation.FetchXor: r[src] = (ulong)Xor(ref cell, value); break;
            case AtomicOperation.Exchange: r[src] = (ulong)Interlocked.Exchange(ref cell, value); break;
            case AtomicOperation.CompareExchange: r[0] = (ulong)Interlocked.CompareExchange(ref cell, value, (long)r[0]); break;
            default: throw Unknown(operation, pc);
        }
    }

    static ref byte Cell(AddressSpace space, ulong address, int size, int pc)
    {
        // Regions start 8-byte aligned (array data and 4 GiB bases), so an aligned address is aligned in the host too.
        if ((address & (ulong)(size - 1)) != 0)
            throw new InterpreterException(InterpreterFault.Misaligned, pc, $"atomic access of {size} bytes at 0x{address:x} is not {size}-byte aligned");
        return ref space.Resolve(address, size, write: true, pc);
    }

    static int Xor(ref int cell, int value)
    {
        int old = Volatile.Read(ref cell);
        while (true)
        {
            int seen = Interlocked.CompareExchange(ref cell, old ^ value, old);
            if (seen == old) return old;
            old = seen;
        }
    }

    static long Xor(ref long cell, long value)
    {
        long old = Volatile.Read(ref cell);
        while (true)
        {
            long seen = Interlocked.CompareExchange(ref cell, old ^ value, old);
            if (seen == old) return old;
            old = seen;
        }
    }

    static InterpreterException Unknown(long operation, int pc)
        => new(InterpreterFault.InvalidProgram, pc, $"unknown atomic operation 0x{operation:x}");
}
