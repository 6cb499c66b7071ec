namespace EbpfCat.Backend.Llvm;

/// <summary>The LLVM back end needs libLLVM-19 (<c>libLLVM.so.19.1</c>), which is not installed or cannot
/// be loaded; install it with <c>apt-get install libllvm19</c>, or use the direct back end (the default).</summary>
/// <example><code>try { LlvmCodeGenerator.Instance.EnsureAvailable(); } catch (LlvmNotInstalledException e) { Console.Error.WriteLine(e.Message); }</code></example>
public sealed class LlvmNotInstalledException(Exception inner)
    : EbpfCatException($"the LLVM back end needs libLLVM-19 ({Native.LlvmApi.Library}), which cannot be loaded: install the Debian package libllvm19 (apt-get install libllvm19), or compile with the direct back end; {inner.Message}", inner);
