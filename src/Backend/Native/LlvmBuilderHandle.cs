using Microsoft.Win32.SafeHandles;

namespace EbpfCat.Backend.Llvm.Native;

/// <summary>An owned LLVM builder reference, released with <c>LLVMDisposeBuilder</c>.</summary>
internal sealed class LlvmBuilderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlvmBuilderHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        LlvmApi.LLVMDisposeBuilder(handle);
        return true;
    }
}
