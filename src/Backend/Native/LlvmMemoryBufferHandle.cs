using Microsoft.Win32.SafeHandles;

namespace EbpfCat.Backend.Llvm.Native;

/// <summary>An owned LLVM memory buffer reference, released with <c>LLVMDisposeMemoryBuffer</c>.</summary>
internal sealed class LlvmMemoryBufferHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public LlvmMemoryBufferHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle()
    {
        LlvmApi.LLVMDisposeMemoryBuffer(handle);
        return true;
    }
}
