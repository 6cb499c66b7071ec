using System.Text;
using EbpfCat.FSharp;
using EbpfCat.Isa;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EbpfCat.Properties.AssemblerTests;

/// <summary>Random programs of jumps to random labels, in both dialects: every jump's offset lands on its label's slot.</summary>
public sealed class LabelResolutionProperties
{
    const int LabelCount = 4;

    /// <summary>An instruction of the random program: a one- or two-slot filler, or a jump of some kind to a label.</summary>
    public abstract record Item;

    /// <summary><c>r0 = 0x1</c>, or the two-slot <c>r0 = 0x1 ll</c> when <paramref name="Wide"/>.</summary>
    public sealed record Filler(bool Wide) : Item;

    /// <summary>A jump to label <paramref name="Label"/>: 0 goto, 1 conditional, 2 gotol, 3 local call.</summary>
    public sealed record Jump(int Kind, int Label) : Item;

    /// <summary>The items, and for each label the index of the item it stands before (the count: at the end).</summary>
    public sealed record LabelledProgram(Item[] Items, int[] LabelPositions)
    {
        /// <summary>The slot of each item and, at the end, the slot after the last.</summary>
        public int[] Slots()
        {
            var slots = new int[Items.Length + 1];
            for (int i = 0; i < Items.Length; i++) slots[i + 1] = slots[i] + (Items[i] is Filler { Wide: true } ? 2 : 1);
            return slots;
        }

        public override string ToString() => Llvm();

        /// <summary>The program in the LLVM dialect; labels alternate between their own line and the instruction's.</summary>
        public string Llvm() => Render(
            filler => filler.Wide ? "r0 = 0x1 ll" : "r0 = 0x1",
            jump => jump.Kind switch
            {
                0 => $"goto L{jump.Label}",
                1 => $"if r1 s> 0x3 goto L{jump.Label}",
                2 => $"gotol L{jump.Label}",
                _ => $"call local L{jump.Label}",
            });

        /// <summary>The same program in the uBPF dialect.</summary>
        public string Ubpf() => Render(
            filler => filler.Wide ? "lddw %r0, 1" : "mov %r0, 1",
            jump => jump.Kind switch
            {
                0 => $"ja L{jump.Label}",
                1 => $"jsgt %r1, 3, L{jump.Label}",
                2 => $"ja32 L{jump.Label}",
                _ => $"call local L{jump.Label}",
            });

        string Render(Func<Filler, string> filler, Func<Jump, string> jump)
        {
            var text = new StringBuilder();
            for (int i = 0; i <= Items.Length; i++)
            {
                for (int label = 0; label < LabelCount; label++)
                    if (LabelPositions[label] == i) text.Append($"L{label}:").Append(label % 2 == 0 ? "\n" : " ");
                if (i < Items.Length) text.Append("  ").Append(Items[i] is Filler f ? filler(f) : jump((Jump)Items[i]));
                text.Append('\n');
            }
            return text.ToString();
        }
    }

    static readonly Gen<Item> Items = Gen.Frequency(
        (2, Gen.Elements(false, true).Select(wide => (Item)new Filler(wide))),
        (3, Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, LabelCount - 1), (kind, label) => (Item)new Jump(kind, label))));

    static readonly Gen<LabelledProgram> Programs =
        from items in Gen.ArrayOf(Items)
        from positions in Gen.ArrayOf(Gen.Choose(0, items.Length), LabelCount)
        select new LabelledProgram(items, positions);

    static bool LandsOnLabels(LabelledProgram program, Instruction[] assembled)
    {
        var slots = program.Slots();
        for (int i = 0; i < program.Items.Length; i++)
        {
            if (program.Items[i] is not Jump jump) continue;
            long distance = jump.Kind is 0 or 1 ? assembled[i].Offset : assembled[i].Immediate;
            if (slots[i] + 1 + distance != slots[program.LabelPositions[jump.Label]]) return false;
        }
        return true;
    }

    [Property(MaxTest = 300)]
    public Property Llvm_jumps_land_on_the_labelled_slot()
        => Prop.ForAll(Programs.ToArbitrary(), program => LandsOnLabels(program, Assembler.Assemble(program.Llvm())));

    [Property(MaxTest = 300)]
    public Property Ubpf_jumps_land_on_the_labelled_slot()
        => Prop.ForAll(Programs.ToArbitrary(), program => LandsOnLabels(program, Assembler.AssembleUbpf(program.Ubpf())));
}
