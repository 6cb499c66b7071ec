using System.Runtime.CompilerServices;
using EbpfCat.Interpreter.Memory;

namespace EbpfCat.Interpreter.Execution;

/// <summary>The interpreter loop: one switch on the opcode byte per instruction, registers in a stack buffer,
/// nothing allocated while the program runs.</summary>
/// <remarks>Semantics are the kernel's (Documentation/bpf/standardization/instruction-set.rst, RFC 9669):
/// 32-bit ALU results are zero-extended, shift counts are masked to 5 or 6 bits, division by zero gives 0 and
/// modulo by zero leaves the dividend, signed INT_MIN / -1 wraps to INT_MIN and INT_MIN % -1 is 0.</remarks>
internal static unsafe class Executor
{
    /// <summary>The stack of one function, as in the kernel (MAX_BPF_STACK).</summary>
    public const int FrameSize = 512;

    /// <summary>The deepest call chain, the main function included, as in the kernel (MAX_CALL_FRAMES).</summary>
    public const int MaxFrames = 8;

    /// <summary>The size of the stack region: one frame for each level of calls.</summary>
    public const int StackSize = FrameSize * MaxFrames;

    struct CallFrame
    {
        public ulong R6, R7, R8, R9;
        public int ReturnIndex;
    }

    public static ulong Execute(DecodedInstruction[] code, InterpreterHelper?[] helpers, HelperContext state,
        ulong r1, ulong r2, long budget, out long executed)
    {
        var space = state.Space;
        var stack = space.Regions[AddressSpace.StackRegion];
        ulong xdpContextTag = state.XdpContextTag;
        ulong* r = stackalloc ulong[11];
        CallFrame* frames = stackalloc CallFrame[MaxFrames];
        int depth = 0;
        r[1] = r1;
        r[2] = r2;
        r[10] = AddressSpace.BaseOf(AddressSpace.StackRegion) + StackSize;
        stack.Low = StackSize - FrameSize;
        long steps = 0;
        int pc = 0, callee;
        {
            while (true)
            {
                ref DecodedInstruction i = ref code[pc];
                if (++steps > budget) throw Budget(pc, budget);
                int d = i.Destination, s = i.Source;
                switch (i.Opcode)
                {
                    // ---- ALU64, immediate (sign-extended to 64 bits) and register forms.
                    case 0x07: r[d] += (ulong)i.Immediate; break;
                    case 0x0f: r[d] += r[s]; break;
                    case 0x17: r[d] -= (ulong)i.Immediate; break;
                    case 0x1f: r[d] -= r[s]; break;
                    case 0x27: r[d] *= (ulong)i.Immediate; break;
                    case 0x2f: r[d] *= r[s]; break;
                    case 0x37: r[d] = i.Offset == 0 ? Arithmetic.Divide(r[d], (ulong)i.Immediate) : (ulong)Arithmetic.SignedDivide((long)r[d], i.Immediate); break;
                    case 0x3f: r[d] = i.Offset == 0 ? Arithmetic.Divide(r[d], r[s]) : (ulong)Arithmetic.SignedDivide((long)r[d], (long)r[s]); break;
                    case 0x47: r[d] |= (ulong)i.Immediate; break;
                    case 0x4f: r[d] |= r[s]; break;
                    case 0x57: r[d] &= (ulong)i.Immediate; break;
                    case 0x5f: r[d] &= r[s]; break;
                    case 0x67: r[d] <<= (int)(i.Immediate & 63); break;
                    case 0x6f: r[d] <<= (int)(r[s] & 63); break;
                    case 0x77: r[d] >>= (int)(i.Immediate & 63); break;
                    case 0x7f: r[d] >>= (int)(r[s] & 63); break;
                    case 0x87: r[d] = (ulong)-(long)r[d]; break;
                    case 0x97: r[d] = i.Offset == 0 ? Arithmetic.Remainder(r[d], (ulong)i.Immediate) : (ulong)Arithmetic.SignedRemainder((long)r[d], i.Immediate); break;
                    case 0x9f: r[d] = i.Offset == 0 ? Arithmetic.Remainder(r[d], r[s]) : (ulong)Arithmetic.SignedRemainder((long)r[d], (long)r[s]); break;
                    case 0xa7: r[d] ^= (ulong)i.Immediate; break;
                    case 0xaf: r[d] ^= r[s]; break;
                    case 0xb7: r[d] = (ulong)i.Immediate; break;
                    case 0xbf: r[d] = Arithmetic.Move64(r[s], i.Offset); break;
                    case 0xc7: r[d] = (ulong)((long)r[d] >> (int)(i.Immediate & 63)); break;
                    case 0xcf: r[d] = (ulong)((long)r[d] >> (int)(r[s] & 63)); break;
                    case 0xd7: r[d] = Arithmetic.ByteSwap(r[d], (int)i.Immediate); break;

                    // ---- ALU (32-bit): operands are the low halves, results are zero-extended.
                    case 0x04: r[d] = (uint)r[d] + (uint)i.Immediate; break;
                    case 0x0c: r[d] = (uint)r[d] + (uint)r[s]; break;
                    case 0x14: r[d] = (uint)r[d] - (uint)i.Immediate; break;
                    case 0x1c: r[d] = (uint)r[d] - (uint)r[s]; break;
                    case 0x24: r[d] = (uint)r[d] * (uint)i.Immediate; break;
                    case 0x2c: r[d] = (uint)r[d] * (uint)r[s]; break;
                    case 0x34: r[d] = i.Offset == 0 ? Arithmetic.Divide((uint)r[d], (uint)i.Immediate) : (uint)Arithmetic.SignedDivide((int)r[d], (int)i.Immediate); break;
                    case 0x3c: r[d] = i.Offset == 0 ? Arithmetic.Divide((uint)r[d], (uint)r[s]) : (uint)Arithmetic.SignedDivide((int)r[d], (int)r[s]); break;
                    case 0x44: r[d] = (uint)r[d] | (uint)i.Immediate; break;
                    case 0x4c: r[d] = (uint)r[d] | (uint)r[s]; break;
                    case 0x54: r[d] = (uint)r[d] & (uint)i.Immediate; break;
                    case 0x5c: r[d] = (uint)r[d] & (uint)r[s]; break;
                    case 0x64: r[d] = (uint)r[d] << (int)(i.Immediate & 31); break;
                    case 0x6c: r[d] = (uint)r[d] << (int)(r[s] & 31); break;
                    case 0x74: r[d] = (uint)r[d] >> (int)(i.Immediate & 31); break;
                    case 0x7c: r[d] = (uint)r[d] >> (int)(r[s] & 31); break;
                    case 0x84: r[d] = (uint)-(int)r[d]; break;
                    case 0x94: r[d] = i.Offset == 0 ? Arithmetic.Remainder((uint)r[d], (uint)i.Immediate) : (uint)Arithmetic.SignedRemainder((int)r[d], (int)i.Immediate); break;
                    case 0x9c: r[d] = i.Offset == 0 ? Arithmetic.Remainder((uint)r[d], (uint)r[s]) : (uint)Arithmetic.SignedRemainder((int)r[d], (int)r[s]); break;
                    case 0xa4: r[d] = (uint)r[d] ^ (uint)i.Immediate; break;
                    case 0xac: r[d] = (uint)r[d] ^ (uint)r[s]; break;
                    case 0xb4: r[d] = (uint)i.Immediate; break;
                    case 0xbc: r[d] = Arithmetic.Move32(r[s], i.Offset); break;
                    case 0xc4: r[d] = (uint)((int)r[d] >> (int)(i.Immediate & 31)); break;
                    case 0xcc: r[d] = (uint)((int)r[d] >> (int)(r[s] & 31)); break;
                    case 0xd4: r[d] = Arithmetic.ToLittleEndian(r[d], (int)i.Immediate); break;
                    case 0xdc: r[d] = Arithmetic.ToBigEndian(r[d], (int)i.Immediate); break;

                    // ---- JMP: 64-bit comparisons; the immediate is sign-extended, then compared as the operation says.
                    case 0x05: goto Jump;
                    case 0x15: if (r[d] == (ulong)i.Immediate) goto Jump; break;
                    case 0x1d: if (r[d] == r[s]) goto Jump; break;
                    case 0x25: if (r[d] > (ulong)i.Immediate) goto Jump; break;
                    case 0x2d: if (r[d] > r[s]) goto Jump; break;
                    case 0x35: if (r[d] >= (ulong)i.Immediate) goto Jump; break;
                    case 0x3d: if (r[d] >= r[s]) goto Jump; break;
                    case 0x45: if ((r[d] & (ulong)i.Immediate) != 0) goto Jump; break;
                    case 0x4d: if ((r[d] & r[s]) != 0) goto Jump; break;
                    case 0x55: if (r[d] != (ulong)i.Immediate) goto Jump; break;
                    case 0x5d: if (r[d] != r[s]) goto Jump; break;
                    case 0x65: if ((long)r[d] > i.Immediate) goto Jump; break;
                    case 0x6d: if ((long)r[d] > (long)r[s]) goto Jump; break;
                    case 0x75: if ((long)r[d] >= i.Immediate) goto Jump; break;
                    case 0x7d: if ((long)r[d] >= (long)r[s]) goto Jump; break;
                    case 0xa5: if (r[d] < (ulong)i.Immediate) goto Jump; break;
                    case 0xad: if (r[d] < r[s]) goto Jump; break;
                    case 0xb5: if (r[d] <= (ulong)i.Immediate) goto Jump; break;
                    case 0xbd: if (r[d] <= r[s]) goto Jump; break;
                    case 0xc5: if ((long)r[d] < i.Immediate) goto Jump; break;
                    case 0xcd: if ((long)r[d] < (long)r[s]) goto Jump; break;
                    case 0xd5: if ((long)r[d] <= i.Immediate) goto Jump; break;
                    case 0xdd: if ((long)r[d] <= (long)r[s]) goto Jump; break;

                    // ---- JMP32: comparisons of the low halves; gotol.
                    case 0x06: goto Jump;
                    case 0x16: if ((uint)r[d] == (uint)i.Immediate) goto Jump; break;
                    case 0x1e: if ((uint)r[d] == (uint)r[s]) goto Jump; break;
                    case 0x26: if ((uint)r[d] > (uint)i.Immediate) goto Jump; break;
                    case 0x2e: if ((uint)r[d] > (uint)r[s]) goto Jump; break;
                    case 0x36: if ((uint)r[d] >= (uint)i.Immediate) goto Jump; break;
                    case 0x3e: if ((uint)r[d] >= (uint)r[s]) goto Jump; break;
                    case 0x46: if (((uint)r[d] & (uint)i.Immediate) != 0) goto Jump; break;
                    case 0x4e: if (((uint)r[d] & (uint)r[s]) != 0) goto Jump; break;
                    case 0x56: if ((uint)r[d] != (uint)i.Immediate) goto Jump; break;
                    case 0x5e: if ((uint)r[d] != (uint)r[s]) goto Jump; break;
                    case 0x66: if ((int)r[d] > (int)i.Immediate) goto Jump; break;
                    case 0x6e: if ((int)r[d] > (int)r[s]) goto Jump; break;
                    case 0x76: if ((int)r[d] >= (int)i.Immediate) goto Jump; break;
                    case 0x7e: if ((int)r[d] >= (int)r[s]) goto Jump; break;
                    case 0xa6: if ((uint)r[d] < (uint)i.Immediate) goto Jump; break;
                    case 0xae: if ((uint)r[d] < (uint)r[s]) goto Jump; break;
                    case 0xb6: if ((uint)r[d] <= (uint)i.Immediate) goto Jump; break;
                    case 0xbe: if ((uint)r[d] <= (uint)r[s]) goto Jump; break;
                    case 0xc6: if ((int)r[d] < (int)i.Immediate) goto Jump; break;
                    case 0xce: if ((int)r[d] < (int)r[s]) goto Jump; break;
                    case 0xd6: if ((int)r[d] <= (int)i.Immediate) goto Jump; break;
                    case 0xde: if ((int)r[d] <= (int)r[s]) goto Jump; break;

                    // ---- Calls and exit.
                    case 0x85:
                        if (s == (int)Isa.CallKind.Local)
                        {
                            callee = i.Offset;
                            goto LocalCall;
                        }
                        r[0] = CallHelper(helpers, i.Immediate, state, r, pc);
                        break;
                    case 0x8d:
                    {
                        // callx: a function pointer (lddw with the function pseudo source) is a local call; any
                        // other value is a helper number, as the conformance suite (uBPF) expects.
                        ulong target = r[d];
                        if (target >> 32 == AddressSpace.FunctionTag)
                        {
                            if ((uint)target >= (uint)(code.Length - 1)) throw BadCall(pc, $"callx to instruction {(uint)target}, past the end of the program");
                            callee = (int)(uint)target;
                            goto LocalCall;
                        }
                        if (target >= (ulong)helpers.Length || helpers[target] is null)
                            throw BadCall(pc, $"callx r{d}: 0x{target:x} is neither a function pointer nor a known helper number");
                        r[0] = CallHelper(helpers, (long)target, state, r, pc);
                        break;
                    }
                    case 0x95:
                        if (depth == 0)
                        {
                            executed = steps;
                            return r[0];
                        }
                        ref var frame = ref frames[--depth];
                        r[6] = frame.R6;
                        r[7] = frame.R7;
                        r[8] = frame.R8;
                        r[9] = frame.R9;
                        r[10] += FrameSize;
                        stack.Low += FrameSize;
                        pc = frame.ReturnIndex;
                        continue;

                    // ---- 64-bit immediate load (constants and map addresses resolved in advance).
                    case 0x18: r[d] = (ulong)i.Immediate; break;

                    // ---- Loads, zero- and sign-extending. A 32-bit load of xdp_md.data/data_end/data_meta yields a
                    // packet pointer, as the kernel's context rewriting makes it.
                    case 0x61:
                    {
                        ulong address = r[s] + (ulong)(long)i.Offset;
                        r[d] = address >> 32 == xdpContextTag && (uint)address < 12 && (address & 3) == 0
                            ? state.XdpPointer((uint)address)
                            : Unsafe.ReadUnaligned<uint>(ref space.Resolve(address, 4, false, pc));
                        break;
                    }
                    case 0x69: r[d] = Unsafe.ReadUnaligned<ushort>(ref space.Resolve(r[s] + (ulong)(long)i.Offset, 2, false, pc)); break;
                    case 0x71: r[d] = space.Resolve(r[s] + (ulong)(long)i.Offset, 1, false, pc); break;
                    case 0x79: r[d] = Unsafe.ReadUnaligned<ulong>(ref space.Resolve(r[s] + (ulong)(long)i.Offset, 8, false, pc)); break;
                    case 0x81: r[d] = (ulong)(long)Unsafe.ReadUnaligned<int>(ref space.Resolve(r[s] + (ulong)(long)i.Offset, 4, false, pc)); break;
                    case 0x89: r[d] = (ulong)(long)Unsafe.ReadUnaligned<short>(ref space.Resolve(r[s] + (ulong)(long)i.Offset, 2, false, pc)); break;
                    case 0x91: r[d] = (ulong)(long)(sbyte)space.Resolve(r[s] + (ulong)(long)i.Offset, 1, false, pc); break;

                    // ---- Stores of an immediate and of a register.
                    case 0x62: Unsafe.WriteUnaligned(ref space.Resolve(r[d] + (ulong)(long)i.Offset, 4, true, pc), (uint)i.Immediate); break;
                    case 0x6a: Unsafe.WriteUnaligned(ref space.Resolve(r[d] + (ulong)(long)i.Offset, 2, true, pc), (ushort)i.Immediate); break;
                    case 0x72: space.Resolve(r[d] + (ulong)(long)i.Offset, 1, true, pc) = (byte)i.Immediate; break;
                    case 0x7a: Unsafe.WriteUnaligned(ref space.Resolve(r[d] + (ulong)(long)i.Offset, 8, true, pc), (ulong)i.Immediate); break;
                    case 0x63: Unsafe.WriteUnaligned(ref space.Resolve(r[d] + (ulong)(long)i.Offset, 4, true, pc), (uint)r[s]); break;
                    case 0x6b: Unsafe.WriteUnaligned(ref space.Resolve(r[d] + (ulong)(long)i.Offset, 2, true, pc), (ushort)r[s]); break;
                    case 0x73: space.Resolve(r[d] + (ulong)(long)i.Offset, 1, true, pc) = (byte)r[s]; break;
                    case 0x7b: Unsafe.WriteUnaligned(ref space.Resolve(r[d] + (ulong)(long)i.Offset, 8, true, pc), r[s]); break;

                    // ---- Atomics.
                    case 0xc3: Atomics.Execute<uint>(space, r, d, s, i.Offset, i.Immediate, pc); break;
                    case 0xdb: Atomics.Execute<ulong>(space, r, d, s, i.Offset, i.Immediate, pc); break;

                    case DecodedInstruction.FellOffEnd:
                        throw new InterpreterException(InterpreterFault.FellOffEnd, pc - 1, "execution continued past the last instruction without an exit");
                    default:
                        throw new InterpreterException(InterpreterFault.InvalidProgram, pc, $"opcode 0x{i.Opcode:x2} is not implemented");
                }
                pc++;
                continue;

            Jump:
                pc = i.Offset;
                continue;

            LocalCall:
                if (depth == MaxFrames - 1) throw BadCall(pc, $"the call chain is deeper than {MaxFrames} frames");
                frames[depth++] = new CallFrame { R6 = r[6], R7 = r[7], R8 = r[8], R9 = r[9], ReturnIndex = pc + 1 };
                // Every call gets a fresh, zeroed frame below the caller's; the caller's stays reachable only
                // through pointers the caller passes.
                r[10] -= FrameSize;
                stack.Low -= FrameSize;
                stack.Data.AsSpan((int)stack.Low, FrameSize).Clear();
                pc = callee;
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static ulong CallHelper(InterpreterHelper?[] helpers, long number, HelperContext state, ulong* r, int pc)
    {
        var helper = (ulong)number < (ulong)helpers.Length ? helpers[number] : null;
        if (helper is null)
            throw new InterpreterException(InterpreterFault.UnknownHelper, pc, $"helper {number} is not known (register it in InterpreterOptions.Helpers)");
        state.InstructionIndex = pc;
        state.R1 = r[1];
        state.R2 = r[2];
        state.R3 = r[3];
        state.R4 = r[4];
        state.R5 = r[5];
        return helper(state);
    }

    static InterpreterException Budget(int pc, long budget)
        => new(InterpreterFault.StepBudgetExceeded, pc, $"the step budget of {budget} instructions is exhausted (a runaway loop?)");

    static InterpreterException BadCall(int pc, string reason) => new(InterpreterFault.BadCall, pc, reason);
}
