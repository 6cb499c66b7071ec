using Microsoft.Win32.SafeHandles;

namespace EbpfCat.Backend.Llvm.Native;

/// <summary>An owned LLVM context reference, released with <c>LLVMContextDispose</c>.</summary>
internal sealed class LlvmContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlvmContextHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        LlvmApi.LLVMContextDispose(handle);
        return true;
    }
}
