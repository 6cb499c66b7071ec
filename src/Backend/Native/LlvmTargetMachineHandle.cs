using Microsoft.Win32.SafeHandles;

namespace EbpfCat.Backend.Llvm.Native;

/// <summary>An owned LLVM target machine reference, released with <c>LLVMDisposeTargetMachine</c>.</summary>
internal sealed class LlvmTargetMachineHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlvmTargetMachineHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        LlvmApi.LLVMDisposeTargetMachine(handle);
        return true;
    }
}
