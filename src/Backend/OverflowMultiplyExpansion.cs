using EbpfCat.Backend.Llvm.Native;

namespace EbpfCat.Backend.Llvm;

/// <summary>Rewrites the optimised module's 64-bit <c>llvm.umul.with.overflow</c> calls into plain 64-bit
/// multiplications, shifts and a comparison, which every BPF cpu has.</summary>
/// <remarks>InstCombine turns an overflow check written as a division, <c>(-1 / d) &gt;= y</c> for a d it knows
/// is not zero, into <c>!umul_overflow(d, y)</c>; LLVM's BPF target lowers that through a 128-bit multiplication,
/// a call to <c>__multi3</c> no BPF program can make, and refuses the program. The overflow bit needs only the
/// high half of the 128-bit product, built here from four 32 × 32-bit products. This runs after the pipeline, so
/// that InstCombine cannot fold the expansion back. (Its signed twin is not made from anything the translation
/// emits: signed division reaches LLVM as a division of magnitudes.)</remarks>
internal static class OverflowMultiplyExpansion
{
    const string Intrinsic = "llvm.umul.with.overflow";

    /// <summary>Expands every such call with 64-bit operands in the module, positioning <paramref name="b"/> as it goes.</summary>
    public static void Run(LlvmBuilder b)
    {
        uint id = LlvmApi.LLVMLookupIntrinsicID(Intrinsic, (nuint)Intrinsic.Length);
        var calls = new List<IntPtr>();
        for (var function = LlvmApi.LLVMGetFirstFunction(b.Module); function != IntPtr.Zero; function = LlvmApi.LLVMGetNextFunction(function))
            for (var block = LlvmApi.LLVMGetFirstBasicBlock(function); block != IntPtr.Zero; block = LlvmApi.LLVMGetNextBasicBlock(block))
                for (var instruction = LlvmApi.LLVMGetFirstInstruction(block); instruction != IntPtr.Zero; instruction = LlvmApi.LLVMGetNextInstruction(instruction))
                    if (LlvmApi.LLVMIsACallInst(instruction) != IntPtr.Zero
                        && LlvmApi.LLVMGetIntrinsicID(LlvmApi.LLVMGetCalledValue(instruction)) == id
                        // narrower ones become one 64-bit multiplication, which the target has
                        && LlvmApi.LLVMGetIntTypeWidth(b.TypeOf(LlvmApi.LLVMGetOperand(instruction, 0))) == 64)
                        calls.Add(instruction);
        foreach (var call in calls) Expand(b, call);
    }

    static void Expand(LlvmBuilder b, IntPtr call)
    {
        b.PositionBefore(call);
        IntPtr left = LlvmApi.LLVMGetOperand(call, 0), right = LlvmApi.LLVMGetOperand(call, 1);
        var product = b.Binary(LlvmBuilder.Mul, left, right);
        var overflow = b.Compare(LlvmBuilder.Ne, HighHalf(b, left, right), b.Constant(0));
        var result = b.InsertValue(b.InsertValue(LlvmApi.LLVMGetPoison(b.TypeOf(call)), product, 0), overflow, 1);
        LlvmApi.LLVMReplaceAllUsesWith(call, result);
        LlvmApi.LLVMInstructionEraseFromParent(call);
    }

    /// <summary>The high 64 bits of the unsigned 128-bit product, from the 32-bit halves of each operand.</summary>
    static IntPtr HighHalf(LlvmBuilder b, IntPtr left, IntPtr right)
    {
        IntPtr mask = b.Constant(0xffff_ffff), shift = b.Constant(32);
        IntPtr Low(IntPtr v) => b.Binary(LlvmBuilder.And, v, mask);
        IntPtr High(IntPtr v) => b.Binary(LlvmBuilder.LShr, v, shift);
        IntPtr Product(IntPtr x, IntPtr y) => b.Binary(LlvmBuilder.Mul, x, y);
        IntPtr Sum(IntPtr x, IntPtr y) => b.Binary(LlvmBuilder.Add, x, y);
        IntPtr leftLow = Low(left), leftHigh = High(left), rightLow = Low(right), rightHigh = High(right);
        IntPtr lowLow = Product(leftLow, rightLow), lowHigh = Product(leftLow, rightHigh), highLow = Product(leftHigh, rightLow);
        // bits 32–95 of the product: a sum of three 32-bit numbers, which cannot carry out of 64 bits
        var middle = Sum(Sum(High(lowLow), Low(lowHigh)), Low(highLow));
        return Sum(Sum(Sum(Product(leftHigh, rightHigh), High(lowHigh)), High(highLow)), High(middle));
    }
}
