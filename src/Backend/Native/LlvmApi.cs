using System.Runtime.InteropServices;

namespace EbpfCat.Backend.Llvm.Native;

/// <summary>The functions of the LLVM C API (libLLVM-19, /usr/lib/llvm-19/include/llvm-c/) the back end
/// uses, and nothing else: this folder is the one place that knows libLLVM, so it could be replaced by
/// LLVMSharp without touching the translator. Plain IR references (types, values, blocks) are borrowed
/// pointers owned by their context; objects the caller must dispose are SafeHandles.</summary>
internal static partial class LlvmApi
{
    internal const string Library = "libLLVM.so.19.1";

    // ---- context and module (Core.h)
    [LibraryImport(Library)] internal static partial LlvmContextHandle LLVMContextCreate();
    [LibraryImport(Library)] internal static partial void LLVMContextDispose(IntPtr context);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial LlvmModuleHandle LLVMModuleCreateWithNameInContext(string name, LlvmContextHandle context);
    [LibraryImport(Library)] internal static partial void LLVMDisposeModule(IntPtr module);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial void LLVMSetTarget(LlvmModuleHandle module, string triple);
    [LibraryImport(Library)] internal static partial IntPtr LLVMPrintModuleToString(LlvmModuleHandle module);
    [LibraryImport(Library)] internal static partial void LLVMDisposeMessage(IntPtr message);
    [LibraryImport(Library)] internal static partial int LLVMVerifyModule(LlvmModuleHandle module, int action, out IntPtr message);

    // ---- types
    [LibraryImport(Library)] internal static partial IntPtr LLVMIntTypeInContext(LlvmContextHandle context, uint bits);
    [LibraryImport(Library)] internal static partial IntPtr LLVMPointerTypeInContext(LlvmContextHandle context, uint addressSpace);
    [LibraryImport(Library)] internal static partial IntPtr LLVMArrayType2(IntPtr element, ulong count);
    [LibraryImport(Library)] internal static unsafe partial IntPtr LLVMFunctionType(IntPtr returns, IntPtr* parameters, uint count, int isVarArg);
    [LibraryImport(Library)] internal static partial IntPtr LLVMTypeOf(IntPtr value);

    // ---- globals, functions, blocks
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMAddFunction(LlvmModuleHandle module, string name, IntPtr functionType);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMAddGlobal(LlvmModuleHandle module, IntPtr type, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial void LLVMSetSection(IntPtr global, string section);
    [LibraryImport(Library)] internal static partial void LLVMSetAlignment(IntPtr value, uint bytes);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetParam(IntPtr function, uint index);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMAppendBasicBlockInContext(LlvmContextHandle context, IntPtr function, string name);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetBasicBlockTerminator(IntPtr block);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial uint LLVMLookupIntrinsicID(string name, nuint length);
    [LibraryImport(Library)] internal static unsafe partial IntPtr LLVMGetIntrinsicDeclaration(LlvmModuleHandle module, uint id, IntPtr* parameterTypes, nuint count);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr LLVMGetInlineAsm(IntPtr functionType, string asm, nuint asmLength, string constraints, nuint constraintsLength,
        int hasSideEffects, int isAlignStack, int dialect, int canThrow);

    // ---- walking a module (after the optimiser, to rewrite what the BPF target cannot select)
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetFirstFunction(LlvmModuleHandle module);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetNextFunction(IntPtr function);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetFirstBasicBlock(IntPtr function);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetNextBasicBlock(IntPtr block);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetFirstInstruction(IntPtr block);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetNextInstruction(IntPtr instruction);
    [LibraryImport(Library)] internal static partial IntPtr LLVMIsACallInst(IntPtr value);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetCalledValue(IntPtr call);
    [LibraryImport(Library)] internal static partial uint LLVMGetIntrinsicID(IntPtr function);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetOperand(IntPtr user, uint index);
    [LibraryImport(Library)] internal static partial uint LLVMGetIntTypeWidth(IntPtr integerType);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetPoison(IntPtr type);
    [LibraryImport(Library)] internal static partial void LLVMReplaceAllUsesWith(IntPtr old, IntPtr replacement);
    [LibraryImport(Library)] internal static partial void LLVMInstructionEraseFromParent(IntPtr instruction);

    // ---- constants
    [LibraryImport(Library)] internal static partial IntPtr LLVMConstInt(IntPtr type, ulong value, int signExtend);
    [LibraryImport(Library)] internal static partial IntPtr LLVMConstNull(IntPtr type);

    // ---- builder
    [LibraryImport(Library)] internal static partial LlvmBuilderHandle LLVMCreateBuilderInContext(LlvmContextHandle context);
    [LibraryImport(Library)] internal static partial void LLVMDisposeBuilder(IntPtr builder);
    [LibraryImport(Library)] internal static partial void LLVMPositionBuilderAtEnd(LlvmBuilderHandle builder, IntPtr block);
    [LibraryImport(Library)] internal static partial void LLVMPositionBuilderBefore(LlvmBuilderHandle builder, IntPtr instruction);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetInsertBlock(LlvmBuilderHandle builder);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMBuildAlloca(LlvmBuilderHandle builder, IntPtr type, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMBuildLoad2(LlvmBuilderHandle builder, IntPtr type, IntPtr pointer, string name);
    [LibraryImport(Library)] internal static partial IntPtr LLVMBuildStore(LlvmBuilderHandle builder, IntPtr value, IntPtr pointer);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static unsafe partial IntPtr LLVMBuildGEP2(LlvmBuilderHandle builder, IntPtr type, IntPtr pointer, IntPtr* indices, uint count, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMBuildBinOp(LlvmBuilderHandle builder, int opcode, IntPtr left, IntPtr right, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMBuildICmp(LlvmBuilderHandle builder, int predicate, IntPtr left, IntPtr right, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMBuildSelect(LlvmBuilderHandle builder, IntPtr condition, IntPtr then, IntPtr otherwise, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMBuildCast(LlvmBuilderHandle builder, int opcode, IntPtr value, IntPtr type, string name);
    [LibraryImport(Library)] internal static partial IntPtr LLVMBuildBr(LlvmBuilderHandle builder, IntPtr block);
    [LibraryImport(Library)] internal static partial IntPtr LLVMBuildCondBr(LlvmBuilderHandle builder, IntPtr condition, IntPtr then, IntPtr otherwise);
    [LibraryImport(Library)] internal static partial IntPtr LLVMBuildRet(LlvmBuilderHandle builder, IntPtr value);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static unsafe partial IntPtr LLVMBuildCall2(LlvmBuilderHandle builder, IntPtr functionType, IntPtr function, IntPtr* arguments, uint count, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMBuildInsertValue(LlvmBuilderHandle builder, IntPtr aggregate, IntPtr element, uint index, string name);
    [LibraryImport(Library)] internal static partial void LLVMSetVolatile(IntPtr memoryAccess, int isVolatile);
    [LibraryImport(Library)] internal static partial IntPtr LLVMBuildAtomicRMW(LlvmBuilderHandle builder, int operation, IntPtr pointer, IntPtr value, int ordering, int singleThread);

    // ---- target machine (Target.h, TargetMachine.h)
    [LibraryImport(Library)] internal static partial void LLVMInitializeBPFTargetInfo();
    [LibraryImport(Library)] internal static partial void LLVMInitializeBPFTarget();
    [LibraryImport(Library)] internal static partial void LLVMInitializeBPFTargetMC();
    [LibraryImport(Library)] internal static partial void LLVMInitializeBPFAsmPrinter();
    [LibraryImport(Library)] internal static partial void LLVMInitializeBPFAsmParser();
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int LLVMGetTargetFromTriple(string triple, out IntPtr target, out IntPtr error);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial LlvmTargetMachineHandle LLVMCreateTargetMachine(IntPtr target, string triple, string cpu, string features, int optimization, int relocation, int codeModel);
    [LibraryImport(Library)] internal static partial void LLVMDisposeTargetMachine(IntPtr machine);
    [LibraryImport(Library)] internal static partial IntPtr LLVMCreateTargetDataLayout(LlvmTargetMachineHandle machine);
    [LibraryImport(Library)] internal static partial void LLVMSetModuleDataLayout(LlvmModuleHandle module, IntPtr layout);
    [LibraryImport(Library)] internal static partial void LLVMDisposeTargetData(IntPtr layout);
    [LibraryImport(Library)] internal static partial int LLVMTargetMachineEmitToMemoryBuffer(LlvmTargetMachineHandle machine, LlvmModuleHandle module, int fileType, out IntPtr error, out LlvmMemoryBufferHandle buffer);

    // ---- memory buffer
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetBufferStart(LlvmMemoryBufferHandle buffer);
    [LibraryImport(Library)] internal static partial nuint LLVMGetBufferSize(LlvmMemoryBufferHandle buffer);
    [LibraryImport(Library)] internal static partial void LLVMDisposeMemoryBuffer(IntPtr buffer);

    // ---- new pass manager (Transforms/PassBuilder.h)
    [LibraryImport(Library)] internal static partial IntPtr LLVMCreatePassBuilderOptions();
    [LibraryImport(Library)] internal static partial void LLVMDisposePassBuilderOptions(IntPtr options);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr LLVMRunPasses(LlvmModuleHandle module, string passes, LlvmTargetMachineHandle machine, IntPtr options);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetErrorMessage(IntPtr error);
    [LibraryImport(Library)] internal static partial void LLVMDisposeErrorMessage(IntPtr message);

    // ---- diagnostics (Core.h): errors of the BPF target arrive here instead of aborting the process
    [LibraryImport(Library)] internal static unsafe partial void LLVMContextSetDiagnosticHandler(LlvmContextHandle context, delegate* unmanaged<IntPtr, IntPtr, void> handler, IntPtr state);
    [LibraryImport(Library)] internal static partial IntPtr LLVMGetDiagInfoDescription(IntPtr info);
    [LibraryImport(Library)] internal static partial int LLVMGetDiagInfoSeverity(IntPtr info);

    /// <summary>Copies an LLVM-owned message and frees it with <c>LLVMDisposeMessage</c>.</summary>
    internal static string TakeMessage(IntPtr message)
    {
        if (message == IntPtr.Zero) return "";
        try { return Marshal.PtrToStringUTF8(message) ?? ""; }
        finally { LLVMDisposeMessage(message); }
    }

    /// <summary>Copies an <c>LLVMErrorRef</c>'s message and consumes the error.</summary>
    internal static string TakeError(IntPtr error)
    {
        var message = LLVMGetErrorMessage(error);
        try { return Marshal.PtrToStringUTF8(message) ?? ""; }
        finally { LLVMDisposeErrorMessage(message); }
    }
}
