namespace EbpfCat.Backend.Llvm.Native;

/// <summary>The instruction builder of one LLVM function, in the terms the translator needs: plain
/// <c>LLVMValueRef</c>/<c>LLVMTypeRef</c>/<c>LLVMBasicBlockRef</c> pointers, borrowed from the context.</summary>
internal sealed unsafe class LlvmBuilder(LlvmContextHandle context, LlvmModuleHandle module, LlvmBuilderHandle builder)
{
    internal const int Add = 8, Sub = 10, Mul = 12, UDiv = 14, URem = 17, Shl = 20, LShr = 21, AShr = 22, And = 23, Or = 24, Xor = 25;
    internal const int Trunc = 30, ZExt = 31, SExt = 32, PtrToInt = 39, IntToPtr = 40;
    internal const int Eq = 32, Ne = 33, Ugt = 34, Uge = 35, Ult = 36, Ule = 37, Sgt = 38, Sge = 39, Slt = 40, Sle = 41;

    public LlvmModuleHandle Module => module;

    public IntPtr Int(int bits) => LlvmApi.LLVMIntTypeInContext(context, (uint)bits);
    public IntPtr I64 => Int(64);
    public IntPtr Pointer => LlvmApi.LLVMPointerTypeInContext(context, 0);
    public IntPtr ByteArray(int bytes) => LlvmApi.LLVMArrayType2(Int(8), (ulong)bytes);
    public IntPtr TypeOf(IntPtr value) => LlvmApi.LLVMTypeOf(value);

    public IntPtr FunctionType(IntPtr returns, params IntPtr[] parameters)
    {
        fixed (IntPtr* p = parameters) return LlvmApi.LLVMFunctionType(returns, p, (uint)parameters.Length, 0);
    }

    public IntPtr Constant(long value, int bits = 64) => LlvmApi.LLVMConstInt(Int(bits), unchecked((ulong)value), 1);
    public IntPtr Null => LlvmApi.LLVMConstNull(Pointer);

    public IntPtr Function(string name, IntPtr type) => LlvmApi.LLVMAddFunction(module, name, type);
    public IntPtr ExternalGlobal(string name, IntPtr type)
    {
        var global = LlvmApi.LLVMAddGlobal(module, type, name);
        LlvmApi.LLVMSetAlignment(global, 8);
        return global;
    }

    public IntPtr NewBlock(IntPtr function, string name) => LlvmApi.LLVMAppendBasicBlockInContext(context, function, name);
    public void PositionAt(IntPtr block) => LlvmApi.LLVMPositionBuilderAtEnd(builder, block);
    public void PositionBefore(IntPtr instruction) => LlvmApi.LLVMPositionBuilderBefore(builder, instruction);
    public IntPtr CurrentBlock => LlvmApi.LLVMGetInsertBlock(builder);
    public bool IsTerminated => LlvmApi.LLVMGetBasicBlockTerminator(CurrentBlock) != IntPtr.Zero;

    public IntPtr Alloca(IntPtr type)
    {
        var slot = LlvmApi.LLVMBuildAlloca(builder, type, "");
        LlvmApi.LLVMSetAlignment(slot, 8);
        return slot;
    }

    public IntPtr Load(IntPtr type, IntPtr pointer) => LlvmApi.LLVMBuildLoad2(builder, type, pointer, "");
    public void Store(IntPtr value, IntPtr pointer) => LlvmApi.LLVMBuildStore(builder, value, pointer);

    public IntPtr ByteOffset(IntPtr pointer, long offset)
    {
        if (offset == 0) return pointer;
        var index = Constant(offset);
        return LlvmApi.LLVMBuildGEP2(builder, Int(8), pointer, &index, 1, "");
    }

    public IntPtr Binary(int opcode, IntPtr left, IntPtr right) => LlvmApi.LLVMBuildBinOp(builder, opcode, left, right, "");
    public IntPtr Compare(int predicate, IntPtr left, IntPtr right) => LlvmApi.LLVMBuildICmp(builder, predicate, left, right, "");
    public IntPtr Select(IntPtr condition, IntPtr then, IntPtr otherwise) => LlvmApi.LLVMBuildSelect(builder, condition, then, otherwise, "");
    public IntPtr InsertValue(IntPtr aggregate, IntPtr element, int index) => LlvmApi.LLVMBuildInsertValue(builder, aggregate, element, (uint)index, "");
    public IntPtr Cast(int opcode, IntPtr value, IntPtr type) => LlvmApi.LLVMBuildCast(builder, opcode, value, type, "");

    public void Branch(IntPtr block) => LlvmApi.LLVMBuildBr(builder, block);
    public void Branch(IntPtr condition, IntPtr then, IntPtr otherwise) => LlvmApi.LLVMBuildCondBr(builder, condition, then, otherwise);
    public void Return(IntPtr value) => LlvmApi.LLVMBuildRet(builder, value);

    public IntPtr Call(IntPtr functionType, IntPtr callee, IntPtr[] arguments)
    {
        fixed (IntPtr* a = arguments) return LlvmApi.LLVMBuildCall2(builder, functionType, callee, a, (uint)arguments.Length, "");
    }

    /// <summary><c>atomicrmw volatile add</c>, sequentially consistent (as clang's <c>__sync_fetch_and_add</c>);
    /// with its result unused the BPF target emits the atomic add instruction. Volatile, because InstCombine
    /// would otherwise turn an add of 0 into an atomic or with a used result, which cpus before v3 cannot
    /// select (LLVM then aborts the process).</summary>
    public void AtomicAdd(IntPtr pointer, IntPtr value) => LlvmApi.LLVMSetVolatile(LlvmApi.LLVMBuildAtomicRMW(builder, 1, pointer, value, 7, 0), 1);

    /// <summary>The 32-bit field at <paramref name="offset"/> of <paramref name="pointer"/>, zero-extended to 64 bits by
    /// the load itself (<c>ldxw</c>), through inline assembly the optimiser cannot see into: nothing LLVM knows
    /// about the value (that it is a zero-extended 32-bit field) can lead it to rewrite arithmetic on it.</summary>
    public IntPtr OpaqueLoad32(IntPtr pointer, int offset)
    {
        var type = FunctionType(I64, Pointer);
        string asm = $"$0 = *(u32 *)($1 + {offset})", constraints = "=r,r";
        var load = LlvmApi.LLVMGetInlineAsm(type, asm, (nuint)asm.Length, constraints, (nuint)constraints.Length, 0, 0, 0, 0);
        return Call(type, load, [pointer]);
    }

    /// <summary>The declaration of an overloaded intrinsic such as <c>llvm.bswap</c> for <paramref name="type"/>.</summary>
    public (IntPtr Function, IntPtr Type) Intrinsic(string name, IntPtr type)
    {
        uint id = LlvmApi.LLVMLookupIntrinsicID(name, (nuint)name.Length);
        if (id == 0) throw new InvalidOperationException($"libLLVM does not know the intrinsic {name}");
        return (LlvmApi.LLVMGetIntrinsicDeclaration(module, id, &type, 1), FunctionType(type, type));
    }
}
