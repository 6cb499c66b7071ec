using Microsoft.Win32.SafeHandles;

namespace EbpfCat.Backend.Llvm.Native;

/// <summary>An owned LLVM module reference, released with <c>LLVMDisposeModule</c>.</summary>
internal sealed class LlvmModuleHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlvmModuleHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        LlvmApi.LLVMDisposeModule(handle);
        return true;
    }
}
