namespace EbpfCat.Interpreter;

/// <summary>A helper function the interpreter calls for <c>call N</c>: it reads r1–r5 from the context and
/// returns the new r0.</summary>
/// <example><code>
/// InterpreterHelper pidTgid = context =&gt; (1234UL &lt;&lt; 32) | 1234;
/// var options = new InterpreterOptions { Helpers = new Dictionary&lt;int, InterpreterHelper&gt; { [14] = pidTgid } };
/// </code></example>
public delegate ulong InterpreterHelper(HelperContext context);
