using System.Runtime.CompilerServices;
using EbpfCat.Ir;
using EbpfCat.Maps;

namespace EbpfCat.Builder;

/// <summary>A variable that lives in a map and so is shared by the program and user space: inside
/// <c>Build()</c> it is an expression of the program, once the program is loaded its <c>Value</c>
/// reads and writes the live value.</summary>
/// <remarks>Declare map variables as fields of the program class; the field's name names the variable.
/// A variable joins its program's map the first time the program uses it.</remarks>
public abstract class MapVariableBase : Variable
{
    private protected MapVariableBase(MapKind kind, IrType type, string? map, string name, string file, int line)
    {
        Kind = kind;
        Type = type;
        Name = name;
        MapName = map ?? kind switch { MapKind.Array => "array", MapKind.Hash => "hash", MapKind.PerCpuArray => "percpu", _ => "percpuhash" };
        Declared = CallSite.Of(file, line);
    }

    /// <summary>The variable's name (its field's name).</summary>
    public string Name { get; }

    /// <summary>The name of the map it lives in.</summary>
    public string MapName { get; }

    /// <summary>Where the variable was declared.</summary>
    public SourceLocation Declared { get; }

    internal MapKind Kind { get; }

    internal IrType Type { get; }

    /// <summary>The program that uses this variable; set on first use.</summary>
    private protected EbpfProgram? Owner { get; private set; }

    internal override Expr ToIr()
    {
        var context = BuildContext.Require($"reading {Name} as part of a program");
        if (Owner is not null && Owner != context.Program)
            throw new InvalidOperationException($"{Declared}: '{Name}' belongs to {Owner.GetType().Name} and cannot be used by {context.Program.GetType().Name}");
        Owner = context.Program;
        context.Layout.Place(this);
        return new MapVariableRef(context.Layout.IrVariable(this), Declared);
    }

    /// <summary>The kernel map and the variable's place in it; only once the program is loaded.</summary>
    private protected (BpfMap Map, MapVariable Variable) Live()
    {
        if (Owner is null) throw new InvalidOperationException($"{Declared}: '{Name}' is not used by any program, so it has no value");
        return Owner.Live(this);
    }

    private protected override void Add(Expression value, SourceLocation at)
    {
        if (BuildContext.Current is null)
        {
            AddFromUserSpace(value);
            return;
        }
        if (Type.Size is not (4 or 8) && Kind is MapKind.Array or MapKind.PerCpuArray)
            throw BuildError(Diagnostics.DiagnosticIds.AtomicAddSize, at,
                $"'{Name}' is {Type.Size} byte{(Type.Size == 1 ? "" : "s")} wide; += is atomic only for 4- and 8-byte variables; use format i, I, q or Q, or assign with Set");
        base.Add(value, at);
    }

    /// <summary><c>+=</c> outside a program: adds to the live value.</summary>
    private protected abstract void AddFromUserSpace(Expression value);

    /// <summary>A build-time error with the user's source location.</summary>
    internal static Diagnostics.CompilationException BuildError(string id, SourceLocation at, string message)
        => new([new Diagnostics.Diagnostic(id, Diagnostics.Severity.Error, at, message)]);

    /// <summary>The constant a user-space <c>+=</c> adds; only constants can be added from user space.</summary>
    private protected long UserSpaceConstant(Expression value) => value.ToIrOutsideBuild() is Constant c
        ? c.Type is FixedType || Type is not FixedType ? c.Value : FixedType.ToRaw(c.Value)
        : throw new InvalidOperationException($"only a number can be added to '{Name}' from user space");

    /// <summary>The live value, in a program-independent spelling; see the typed <c>Value</c> property.</summary>
    public override string ToString() => Owner?.LiveMaps is not null ? FormatLive() : $"{MapName}.{Name}";

    private protected abstract string FormatLive();
}
