using EbpfCat.Ir;

namespace EbpfCat.Builder;

/// <summary>Where each map variable of a program lives: its map, and its offset (array maps) or key
/// (hash maps), in the order the program first uses them, which makes the layout deterministic.</summary>
internal sealed class MapLayout
{
    sealed class PendingMap(string name, MapKind kind)
    {
        public string Name { get; } = name;
        public MapKind Kind { get; } = kind;
        public List<(MapVariableBase Variable, int Offset, long Key)> Variables { get; } = [];
        public int Size;
    }

    readonly List<PendingMap> maps = [];
    readonly List<MapDeclaration> declared = [];
    readonly Dictionary<MapVariableBase, (PendingMap Map, int Offset, long Key)> placed = [];
    IReadOnlyDictionary<PendingMap, MapDeclaration>? declarations;

    /// <summary>A map declared whole (a typed dictionary), whose geometry is known from the start.</summary>
    public MapDeclaration Declare(MapDeclaration map)
    {
        if (declared.Find(d => d.Name == map.Name) is { } existing)
            return existing == map ? existing : throw new InvalidOperationException($"two maps are named '{map.Name}'");
        if (maps.Exists(m => m.Name == map.Name)) throw new InvalidOperationException($"map '{map.Name}' is also the name of a map of variables");
        declared.Add(map);
        return map;
    }

    /// <summary>Assigns <paramref name="variable"/> its place on first use.</summary>
    public void Place(MapVariableBase variable)
    {
        if (placed.ContainsKey(variable)) return;
        if (declarations is not null) throw new InvalidOperationException("the layout is final once the program is built");
        var map = maps.Find(m => m.Name == variable.MapName);
        if (declared.Exists(d => d.Name == variable.MapName))
            throw new InvalidOperationException($"{variable.Declared}: '{variable.Name}' names map '{variable.MapName}', which is a typed map; give the variable another map name");
        if (map is null) maps.Add(map = new PendingMap(variable.MapName, variable.Kind));
        else if (map.Kind != variable.Kind)
            throw new InvalidOperationException($"{variable.Declared}: '{variable.Name}' puts a {variable.Kind} variable into map '{map.Name}', which is a {map.Kind} map; give it another map name");
        int size = variable.Type.Size;
        int offset = 0;
        long key = map.Variables.Count;
        if (map.Kind is MapKind.Array or MapKind.PerCpuArray)
        {
            offset = (map.Size + size - 1) / size * size; // natural alignment, as the kernel's atomics require
            map.Size = offset + size;
            key = 0;
        }
        map.Variables.Add((variable, offset, key));
        placed[variable] = (map, offset, key);
    }

    /// <summary>The maps, declared once the program is built.</summary>
    public IReadOnlyList<MapDeclaration> Declarations => [.. Finish().Values, .. declared];

    /// <summary>The IR variable of a placed map variable.</summary>
    public MapVariable IrVariable(MapVariableBase variable)
    {
        var (map, offset, key) = placed[variable];
        if (declarations is null) return new MapVariable(Pending(map), variable.Name, variable.Type, offset, key);
        return new MapVariable(declarations[map], variable.Name, variable.Type, offset, key);
    }

    /// <summary>True when the program uses the variable.</summary>
    public bool Contains(MapVariableBase variable) => placed.ContainsKey(variable);

    // While building, the declaration's geometry is not known yet; IR made then is re-pointed at the final one.
    static MapDeclaration Pending(PendingMap map) => new(map.Name, map.Kind, 0, 0, 0);

    IReadOnlyDictionary<PendingMap, MapDeclaration> Finish() => declarations ??= maps.ToDictionary(m => m, m => m.Kind switch
    {
        MapKind.Array or MapKind.PerCpuArray => new MapDeclaration(m.Name, m.Kind, 4, (m.Size + 7) / 8 * 8, 1),
        _ => new MapDeclaration(m.Name, m.Kind, 4, 8, Math.Max(1, m.Variables.Count)) { HoldsVariables = true },
    });

    /// <summary>IR built with pending declarations, re-pointed at the final ones.</summary>
    public IrProgram Complete(IrProgram program)
    {
        var final = Finish();
        var byName = final.ToDictionary(p => p.Key.Name, p => p.Value);
        return new Repoint(byName).Rewrite(program with { Maps = [.. final.Values, .. declared] });
    }

    sealed class Repoint(Dictionary<string, MapDeclaration> byName) : IrRewriter
    {
        protected override Expr RewriteMapVariable(MapVariableRef node)
            => node with { Variable = node.Variable with { Map = byName[node.Variable.Map.Name] } };
    }
}
