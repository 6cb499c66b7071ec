using EbpfCat.Isa;
using Xunit;

namespace EbpfCat.Properties.Reference;

/// <summary>Our decoder and disassembler read clang-19's code exactly as llvm-objdump-19 does, at every CPU.</summary>
public sealed class ClangReferenceTests(ClangReference clang) : IClassFixture<ClangReference>
{
    /// <summary>(program, CPU) for every CPU each program compiles for.</summary>
    public static TheoryData<string, string> Compilations => new(
        from program in ReferencePrograms.All
        from cpu in program.SupportedCpus
        select (program.Name, cpu));

    [Theory, MemberData(nameof(Compilations))]
    public void Our_disassembly_of_every_code_section_is_llvm_objdumps(string program, string cpu)
    {
        ClangReference.RequireTools();
        string objectFile = clang.Compile(Program(program).Source, cpu);
        var sections = clang.CodeSections(objectFile);
        Assert.NotEmpty(sections);
        foreach (var section in sections)
        {
            var instructions = InstructionEncoding.Decode(clang.SectionBytes(objectFile, section));
            var llvm = clang.Disassembly(objectFile, section);
            var llvmV4 = clang.Disassembly(objectFile, section, "v4");
            Assert.Equal(llvm.Count, instructions.Length);
            var expected = instructions.Select((instruction, k) => Expected(instruction, llvm[k], llvmV4[k]));
            Assert.Equal($"{section}:\n{string.Join('\n', expected)}", $"{section}:\n{Disassembler.Disassemble(instructions)}");
        }
    }

    [Fact]
    public void The_reference_programs_make_clang_emit_every_instruction_class()
    {
        ClangReference.RequireTools();
        var emitted = (
            from program in ReferencePrograms.All
            from cpu in program.SupportedCpus
            let objectFile = clang.Compile(program.Source, cpu)
            from section in clang.CodeSections(objectFile)
            from instruction in InstructionEncoding.Decode(clang.SectionBytes(objectFile, section))
            select instruction).ToList();
        var missing = ExpectedForms.Where(form => !emitted.Any(form.Value)).Select(form => form.Key);
        Assert.Empty(missing);
    }

    static readonly Dictionary<string, Func<Instruction, bool>> ExpectedForms = new()
    {
        ["64-bit arithmetic with an immediate"] = i => i.Opcode.Class == InstructionClass.Alu64 && i.Opcode.Source == OperandSource.Constant && i.Opcode.AluOperation == AluOperation.Mul,
        ["64-bit arithmetic with a register"] = i => i.Opcode.Class == InstructionClass.Alu64 && i.Opcode.Source == OperandSource.Register && i.Opcode.AluOperation == AluOperation.Div,
        ["32-bit arithmetic"] = i => i.Opcode.Class == InstructionClass.Alu && i.Opcode.AluOperation == AluOperation.Arsh,
        ["negation"] = i => i.Opcode.IsAlu && i.Opcode.AluOperation == AluOperation.Neg,
        ["byte-order conversion"] = i => i.Opcode.Class == InstructionClass.Alu && i.Opcode.AluOperation == AluOperation.End,
        ["byte swap (v4)"] = i => i.Opcode.Class == InstructionClass.Alu64 && i.Opcode.AluOperation == AluOperation.End,
        ["signed division (v4)"] = i => i.Opcode.AluOperation == AluOperation.Div && i.Opcode.IsAlu && i.Offset == 1,
        ["signed modulo (v4)"] = i => i.Opcode.AluOperation == AluOperation.Mod && i.Opcode.IsAlu && i.Offset == 1,
        ["sign-extending move (v4)"] = i => i.Opcode.IsAlu && i.Opcode.AluOperation == AluOperation.Mov && i.Offset != 0,
        ["sign-extending load (v4)"] = i => i.Opcode.Class == InstructionClass.Ldx && i.Opcode.Mode == AccessMode.MemorySignExtend,
        ["64-bit conditional jump"] = i => i.Opcode.Class == InstructionClass.Jmp && i.Opcode.JumpOperation == JumpOperation.JSGT,
        ["32-bit conditional jump (v3)"] = i => i.Opcode.Class == InstructionClass.Jmp32 && i.Opcode.JumpOperation == JumpOperation.JSLT,
        ["goto"] = i => i.Opcode == Opcode.Jump(JumpOperation.JA, OperandSource.Constant),
        ["helper call"] = i => i.IsHelperCall,
        ["bpf-to-bpf call"] = i => i.Opcode == Opcode.Jump(JumpOperation.Call, OperandSource.Constant) && i.CallKind == CallKind.Local,
        ["exit"] = i => i == Instruction.Exit(),
        ["lddw"] = i => i.IsWide,
        ["byte, half, word and double-word loads"] = i => i.Opcode == Opcode.Memory(InstructionClass.Ldx, AccessSize.Half, AccessMode.Memory),
        ["byte store"] = i => i.Opcode == Opcode.Memory(InstructionClass.Stx, AccessSize.Byte, AccessMode.Memory),
        ["half store"] = i => i.Opcode == Opcode.Memory(InstructionClass.Stx, AccessSize.Half, AccessMode.Memory),
        ["word store"] = i => i.Opcode == Opcode.Memory(InstructionClass.Stx, AccessSize.Word, AccessMode.Memory),
        ["double-word store"] = i => i.Opcode == Opcode.Memory(InstructionClass.Stx, AccessSize.DoubleWord, AccessMode.Memory),
        ["32-bit atomic add"] = i => IsAtomic(i, AccessSize.Word, AtomicOperation.Add),
        ["64-bit atomic add"] = i => IsAtomic(i, AccessSize.DoubleWord, AtomicOperation.Add),
        ["32-bit atomic xor (v3)"] = i => IsAtomic(i, AccessSize.Word, AtomicOperation.Xor),
        ["32-bit fetch-and (v3)"] = i => IsAtomic(i, AccessSize.Word, AtomicOperation.FetchAnd),
        ["64-bit fetch-or (v3)"] = i => IsAtomic(i, AccessSize.DoubleWord, AtomicOperation.FetchOr),
        ["32-bit xchg (v3)"] = i => IsAtomic(i, AccessSize.Word, AtomicOperation.Exchange),
        ["64-bit xchg (v3)"] = i => IsAtomic(i, AccessSize.DoubleWord, AtomicOperation.Exchange),
        ["32-bit cmpxchg (v3)"] = i => IsAtomic(i, AccessSize.Word, AtomicOperation.CompareExchange),
        ["64-bit cmpxchg (v3)"] = i => IsAtomic(i, AccessSize.DoubleWord, AtomicOperation.CompareExchange),
        ["legacy absolute packet load"] = i => i.Opcode.Class == InstructionClass.Ld && i.Opcode.Mode == AccessMode.Absolute,
        ["legacy indirect packet load"] = i => i.Opcode.Class == InstructionClass.Ld && i.Opcode.Mode == AccessMode.Indirect,
    };

    static bool IsAtomic(Instruction i, AccessSize size, AtomicOperation operation)
        => i.Opcode == Opcode.Memory(InstructionClass.Stx, size, AccessMode.Atomic) && i.Immediate == (int)operation;

    /// <summary>What we print where llvm-objdump prints <paramref name="llvm"/>, by the rules documented on
    /// <see cref="Disassembler"/>.</summary>
    static string Expected(Instruction instruction, string llvm, string llvmWithV4)
    {
        // llvm prints a bpf-to-bpf call like a helper call ("call -0x1"); we name it and sign its offset.
        if (instruction.Opcode == Opcode.Jump(JumpOperation.Call, OperandSource.Constant) && instruction.CallKind == CallKind.Local)
        {
            string offset = llvm["call ".Length..];
            return $"call local {(offset.StartsWith('-') ? offset : "+" + offset)}";
        }
        // Without --mcpu llvm knows only the 32-bit add (and mistakes fetch-add for it); we print the rest as with --mcpu=v3+.
        if (instruction.Opcode == Opcode.Memory(InstructionClass.Stx, AccessSize.Word, AccessMode.Atomic) && instruction.Immediate != (int)AtomicOperation.Add)
            return llvmWithV4;
        return llvm;
    }

    static ReferenceProgram Program(string name) => ReferencePrograms.All.Single(p => p.Name == name);
}
