/// Translates the quotation of an ebpf { } body into the IR the C# builder makes, statement by statement
/// into the same build context, so both front ends share one mechanism (map layout, locals, checks).
module internal EbpfCat.FSharp.Translate

open System
open System.Reflection
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open Microsoft.FSharp.Quotations.DerivedPatterns
open EbpfCat.Ir
open EbpfCat.Builder
open EbpfCat.Diagnostics

type QExpr = Microsoft.FSharp.Quotations.Expr
type IrExpr = EbpfCat.Ir.Expr

/// What an F# variable of the body stands for: a value of the program, or a value known while building
/// (a loop counter of an unrolled for, a let of a constant), or an array of the program's locals (an
/// <c>Array.init</c> of a length known while building, indexed by values known while building).
type Binding =
    | InProgram of IrExpr
    | WhileBuilding of obj
    | LocalArray of LocalRef[]

type Env = Map<Var, Binding>

/// The F# source range of a quotation node (its start), or the enclosing node's.
let located (e: QExpr) (fallback: SourceLocation) =
    e.CustomAttributes
    |> List.tryPick (function
        | NewTuple [ String "DebugRange"; NewTuple [ String file; Int32 line; Int32 column; Int32 _; Int32 _ ] ] ->
            Some(SourceLocation(file, line, column + 1))
        | _ -> None)
    |> Option.defaultValue fallback

let unsupported (at: SourceLocation) (message: string) : 'a =
    raise (CompilationException [| Diagnostic(DiagnosticIds.UnsupportedConstruct, Severity.Error, at, message) |])

/// The type a member is declared in (members of the quotation always have one).
let declaring (m: MemberInfo) : Type = nonNull m.DeclaringType

let isGenericOf (definition: Type) (t: Type) = t.IsGenericType && t.GetGenericTypeDefinition() = definition

let (|FromModule|_|) (moduleName: string) (m: MethodInfo) =
    if (declaring m).FullName = moduleName then Some m.Name else None

let (|Operator|_|) = (|FromModule|_|) "Microsoft.FSharp.Core.Operators"
let (|KernelFunction|_|) = (|FromModule|_|) "EbpfCat.FSharp.Kernel"

let binaryOperators =
    dict [ "op_Addition", BinaryOperator.Add; "op_Subtraction", BinaryOperator.Subtract
           "op_Multiply", BinaryOperator.Multiply; "op_Division", BinaryOperator.Divide
           "op_Modulus", BinaryOperator.Modulo; "op_BitwiseAnd", BinaryOperator.BitAnd
           "op_BitwiseOr", BinaryOperator.BitOr; "op_ExclusiveOr", BinaryOperator.BitXor
           "op_LeftShift", BinaryOperator.ShiftLeft; "op_RightShift", BinaryOperator.ShiftRight ]

let compareOperators =
    dict [ "op_Equality", CompareOperator.Equal; "op_Inequality", CompareOperator.NotEqual
           "op_LessThan", CompareOperator.Less; "op_LessThanOrEqual", CompareOperator.LessOrEqual
           "op_GreaterThan", CompareOperator.Greater; "op_GreaterThanOrEqual", CompareOperator.GreaterOrEqual ]

let conversions =
    dict [ "ToByte", IrType.U8 :> IrType; "ToSByte", IrType.I8; "ToUInt16", IrType.U16; "ToInt16", IrType.I16
           "ToUInt32", IrType.U32; "ToInt32", IrType.I32; "ToInt", IrType.I32; "ToUInt64", IrType.U64
           "ToInt64", IrType.I64; "ToDouble", IrType.Fixed; "ToFloat", IrType.Fixed ]

let helpers = dict [ "ktimeGetNs", (5, IrType.U64 :> IrType); "getPrandomU32", (7, IrType.U32); "getSmpProcessorId", (8, IrType.U32) ]

/// A value known while building, as the C# builder's implicit conversions make constants.
let constant (at: SourceLocation) (value: obj) : IrExpr =
    match value with
    | :? float as d -> Constant(FixedType.ToRaw d, IrType.Fixed, at)
    | :? float32 as d -> Constant(FixedType.ToRaw(float d), IrType.Fixed, at)
    | :? uint64 as u -> Constant(int64 u, (if u > uint64 Int64.MaxValue then IrType.U64 else IrType.I64), at)
    | :? Enum as e -> Constant(Convert.ToInt64 e, IrType.I64, at)
    | :? byte | :? sbyte | :? int16 | :? uint16 | :? int | :? uint32 | :? int64 -> Constant(Convert.ToInt64 value, IrType.I64, at)
    | _ -> unsupported at $"the host value {value} ({value.GetType().Name}) cannot be used in an eBPF program; only numbers, map variables and the packet can"

let isKernelOnly (p: PropertyInfo) =
    declaring p = typeof<Packet> && p.Name = "Size"
    || isGenericOf typedefof<PacketFields<_>> (declaring p)
    || typeof<MapVariableBase>.IsAssignableFrom(declaring p) && p.Name <> "Name"

let hostArithmetic (name: string) (a: obj) (b: obj) (result: Type) : obj option =
    let ints (f: int64 -> int64 -> int64) = Some(nonNull (Convert.ChangeType(f (Convert.ToInt64 a) (Convert.ToInt64 b), result)))
    match name, a with
    | _, (:? float | :? float32) -> None
    | "op_Addition", _ -> ints (+)
    | "op_Subtraction", _ -> ints (-)
    | "op_Multiply", _ -> ints (*)
    // an index such as (i + 1) % n; by zero it is left to the program, whose division defines it
    | ("op_Division" | "op_Modulus"), _ when Convert.ToInt64 b = 0L -> None
    | "op_Division", _ -> ints (/)
    | "op_Modulus", _ -> ints (%)
    | _ -> None

/// The variable of an array of locals, also where F# sees it as a sequence (for … in), and its locals.
let rec (|LocalArrayOf|_|) (env: Env) (e: QExpr) =
    match e with
    | Var v ->
        match env.TryFind v with
        | Some(LocalArray locals) -> Some(v, locals)
        | _ -> None
    | Coerce(LocalArrayOf env found, _) -> Some found
    | _ -> None

/// The value of <c>e</c> while building, when it needs nothing of the running program; a closure over a
/// mutable host object is an error, since the program could not see later changes.
let rec whileBuilding (env: Env) (at: SourceLocation) (e: QExpr) : obj option =
    let at = located e at
    match e with
    | Value(v, _) -> Option.ofObj v
    | Coerce(inner, _) -> whileBuilding env at inner
    | Var v ->
        match env.TryFind v with
        | Some(WhileBuilding v) -> Some v
        | _ -> None
    | PropertyGet(Some(LocalArrayOf env (_, locals)), p, []) when p.Name = "Length" -> Some(nonNull (box locals.Length))
    | PropertyGet(_, p, _) when isGenericOf typedefof<Ref<_>> (declaring p) ->
        unsupported at "a closure over a mutable host object (a ref cell) cannot be part of an eBPF program: the program is built once and would not see later changes; use a map variable"
    | PropertyGet(receiver, p, []) when not (isKernelOnly p) ->
        let target = receiver |> Option.map (whileBuilding env at)
        match target with
        | Some None -> None
        | _ ->
            let instance = target |> Option.bind id |> Option.toObj
            if p.CanWrite && not (instance :? EbpfCat.Builder.EbpfProgram) then
                unsupported at $"a closure over a mutable host object ({p.Name} can change) cannot be part of an eBPF program: the program is built once and would not see later changes; use a map variable"
            match p.GetValue instance with null -> None | v -> Some v
    | FieldGet(receiver, f) ->
        let target = receiver |> Option.map (whileBuilding env at)
        match target with
        | Some None -> None
        | _ ->
            if not f.IsInitOnly && not f.IsLiteral then
                unsupported at $"a closure over a mutable host object (the field {f.Name} can change) cannot be part of an eBPF program: the program is built once and would not see later changes; use a map variable"
            match f.GetValue(target |> Option.bind id |> Option.toObj) with null -> None | v -> Some v
    | Call(None, Operator name, [ a; b ]) when binaryOperators.ContainsKey name ->
        match whileBuilding env at a, whileBuilding env at b with
        | Some x, Some y -> hostArithmetic name x y e.Type
        | _ -> None
    | Call(None, Operator "op_Range", [ a; b ]) ->
        match whileBuilding env at a, whileBuilding env at b with
        | Some x, Some y -> Some(box [ Convert.ToInt64 x .. Convert.ToInt64 y ] |> nonNull)
        | _ -> None
    | _ -> None

let fieldInfo (fields: obj) =
    let get name = (nonNull (fields.GetType().GetProperty(name, BindingFlags.Instance ||| BindingFlags.NonPublic ||| BindingFlags.Public))).GetValue fields |> nonNull
    get "FieldType" :?> IntType, get "NetworkOrder" :?> bool

let mapVariable env at (receiver: QExpr option) =
    match receiver |> Option.bind (whileBuilding env at) with
    | Some(:? MapVariableBase as v) -> Some v
    | _ -> None

let packetFields env at (receiver: QExpr option) =
    match receiver |> Option.bind (whileBuilding env at) with
    | Some fields when isGenericOf typedefof<PacketFields<_>> (fields.GetType()) -> Some(fieldInfo fields)
    | _ -> None

let hostInt env at (e: QExpr) what =
    match whileBuilding env at e with
    | Some v -> Convert.ToInt32 v
    | None -> unsupported (located e at) $"{what} must be known while building (a constant or an unrolled loop's counter)"

/// Whether <c>body</c> assigns an element of the array <c>array</c> anywhere.
let rec assignsElements (array: Var) (body: QExpr) =
    match body with
    | Call(None, m, Var target :: _) when m.Name = "SetArray" && target = array -> true
    | ExprShape.ShapeVar _ -> false
    | ExprShape.ShapeLambda(_, inner) -> assignsElements array inner
    | ExprShape.ShapeCombination(_, parts) -> parts |> List.exists (assignsElements array)

/// The element of a local array at an index known while building.
let element (locals: LocalRef[]) env at (index: QExpr) =
    let i = hostInt env at index "an index into an array of locals"
    if i < 0 || i >= locals.Length then unsupported (located index at) $"the index {i} is outside the array of {locals.Length} locals"
    locals[i]

/// A value of the program.
let rec expr (env: Env) (at: SourceLocation) (e: QExpr) : IrExpr =
    let at = located e at
    let recurse = expr env at
    match e with
    | PropertyGet(receiver, p, []) when p.Name = "Value" && (mapVariable env at receiver).IsSome ->
        match (mapVariable env at receiver).Value.ToIr() with
        | :? MapVariableRef as m -> MapVariableRef(m.Variable, at)
        | other -> other
    | PropertyGet(Some _, p, []) when declaring p = typeof<Packet> && p.Name = "Size" -> PacketLength(at)
    | PropertyGet(receiver, p, [ offset ]) when p.Name = "Item" && (packetFields env at receiver).IsSome ->
        let fieldType, network = (packetFields env at receiver).Value
        EbpfCat.Ir.PacketField(null, hostInt env at offset "a packet offset", fieldType, network, at)
    | Var v when (match env.TryFind v with Some(InProgram _) -> true | _ -> false) ->
        match env[v] with
        | InProgram(:? LocalRef as l) -> LocalRef(l.Local, at)
        | InProgram other -> other
        | WhileBuilding _ | LocalArray _ -> failwith "unreachable"
    | Call(None, m, [ LocalArrayOf env (_, locals); index ]) when m.Name = "GetArray" -> LocalRef((element locals env at index).Local, at)
    | Coerce(inner, _) -> recurse inner
    | AndAlso(a, b) -> Logical(true, recurse a, recurse b, at)
    | OrElse(a, b) -> Logical(false, recurse a, recurse b, at)
    | Call(None, Operator "Not", [ a ]) -> Not(recurse a, at)
    | _ ->
    match whileBuilding env at e with
    | Some value -> constant at value
    | None ->
    match e with
    | Call(None, Operator name, [ a; b ]) when binaryOperators.ContainsKey name -> Binary(binaryOperators[name], recurse a, recurse b, at)
    | Call(None, Operator name, [ a; b ]) when compareOperators.ContainsKey name -> Compare(compareOperators[name], recurse a, recurse b, at)
    | Call(None, Operator "op_UnaryNegation", [ a ]) -> Unary(UnaryOperator.Negate, recurse a, at)
    | Call(None, Operator "op_LogicalNot", [ a ]) -> Unary(UnaryOperator.BitNot, recurse a, at)
    | Call(None, Operator "Abs", [ a ]) -> Unary(UnaryOperator.Abs, recurse a, at)
    | Call(None, Operator name, [ a ]) when conversions.ContainsKey name ->
        let operand = recurse a
        match conversions[name], operand.Type with
        | :? FixedType, :? FixedType -> operand
        | :? IntType as target, :? IntType when target.Bits = 64 -> operand
        | target, _ -> Conversion(operand, target, at)
    | Call(None, KernelFunction "trueDiv", [ a; b ]) -> Binary(BinaryOperator.Divide, recurse a, recurse b, at)
    | Call(None, KernelFunction "floorDiv", [ a; b ]) -> Binary(BinaryOperator.FloorDivide, recurse a, recurse b, at)
    | Call(None, KernelFunction name, _) when helpers.ContainsKey name ->
        let helper, returns = helpers[name]
        HelperCall(helper, EquatableArray<IrExpr>(System.Collections.Immutable.ImmutableArray<IrExpr>.Empty), returns, at)
    | _ -> unsupported at $"this F# expression cannot run in eBPF: {e}"

/// The value stored into <c>target</c>: a conversion to the target's kind is left to the assignment,
/// which converts the same way, so that <c>x.Value &lt;- int y</c> is the C# builder's <c>x.Set(y)</c>.
let assigned (target: IrExpr) (value: IrExpr) (at: SourceLocation) : IrExpr =
    let value =
        match value with
        | :? Conversion as c when (c.TargetType :? FixedType && target.Type :? FixedType) || (c.TargetType :? IntType && target.Type :? IntType) -> c.Operand
        | _ -> value
    Variable.Located(value, at)

let localType (value: IrExpr) : IrType =
    match value.Type with
    | :? FixedType -> IrType.Fixed
    | :? IntType as t when not t.Signed -> IrType.U64
    | _ -> IrType.I64

/// The statements of the program, added to the open block of the build context.
let rec statement (context: BuildContext) (env: Env) (at: SourceLocation) (e: QExpr) : unit =
    let at = located e at
    let recurse = statement context env at
    let block (body: QExpr) = context.Capture(Action(fun () -> statement context env at body), located body at)
    match e with
    | Sequential(a, b) -> recurse a; recurse b
    | Value(_, t) when t = typeof<unit> -> ()
    | Call(Some _, m, []) when m.Name = "Zero" && declaring m = typeof<EbpfBuilder> -> ()
    | Call(Some _, m, [ Lambda(_, inner) ]) when m.Name = "Delay" && declaring m = typeof<EbpfBuilder> -> recurse inner
    | Call(Some _, m, [ first; rest ]) when m.Name = "Combine" && declaring m = typeof<EbpfBuilder> -> recurse first; recurse rest
    | Call(Some _, m, [ LocalArrayOf env (array, locals); Lambda(parameter, inner) ]) when m.Name = "For" && declaring m = typeof<EbpfBuilder> ->
        // F# binds the loop variable from the lambda's argument (fun _arg -> let v = _arg in …); v is then the
        // element itself, as in C#'s foreach over locals, unless the body assigns elements of the array, where F#'s
        // v keeps the value the element had when the iteration began, so it is a copy
        let v, inner =
            match inner with
            | Let(v, Var arg, rest) when arg = parameter && not (assignsElements array rest) -> v, rest
            | _ -> parameter, inner
        for local in locals do statement context (env.Add(v, InProgram local)) at inner
    | Call(Some _, m, [ values; Lambda(v, inner) ]) when m.Name = "For" && declaring m = typeof<EbpfBuilder> ->
        match whileBuilding env at values with
        | Some(:? System.Collections.IEnumerable as known) ->
            for value in known do statement context (env.Add(v, WhileBuilding(nonNull value))) at inner
        | _ -> unsupported at "a for loop must run over values known while building (it is unrolled); eBPF programs here have no run-time loops"
    | Call(Some _, m, [ Lambda(_, guard); _ ]) when m.Name = "While" && declaring m = typeof<EbpfBuilder> ->
        // without --quotations-debug+ the builder call has no range of its own, but its condition has one
        unsupported (if e.CustomAttributes.IsEmpty then located guard at else at) "a while loop runs for as long as a run-time value says, and eBPF programs here have no run-time loops; use 'for i in a .. b do' over bounds known while building (it is unrolled)"
    | Let(v, Call(None, m, [ length; Lambda(i, initial) ]), body) when m.Name = "Initialize" && (declaring m).FullName = "Microsoft.FSharp.Collections.ArrayModule" ->
        // Array.init n (fun i -> …): n locals, each set to the body with i known
        let n = hostInt env at length "the length of an array of locals"
        let locals =
            [| for k in 0 .. n - 1 ->
                let value = Variable.Located(expr (env.Add(i, WhileBuilding(nonNull (box k)))) at initial, at)
                let local = context.NewLocal($"{v.Name}{k}", localType value)
                context.Add(Assign(LocalRef(local, at), value, at))
                LocalRef(local, at) |]
        statement context (env.Add(v, LocalArray locals)) at body
    | Let(v, value, body) ->
        match (if v.IsMutable then None else whileBuilding env at value) with
        | Some known -> statement context (env.Add(v, WhileBuilding known)) at body
        | None ->
            let initial = Variable.Located(expr env at value, at)
            let local = context.NewLocal(v.Name, localType initial)
            context.Add(Assign(LocalRef(local, at), initial, at))
            statement context (env.Add(v, InProgram(LocalRef(local, at)))) at body
    | VarSet(v, value) ->
        match env.TryFind v with
        | Some(InProgram target) -> context.Add(Assign(target, assigned target (expr env at value) at, at))
        | _ -> unsupported at $"'{v.Name}' is not a variable of the program"
    | IfThenElse(condition, thenBody, elseBody) ->
        match whileBuilding env at condition with
        | Some(:? bool as known) -> recurse (if known then thenBody else elseBody)
        | _ -> context.Add(If(Variable.Located(expr env at condition, at), block thenBody, block elseBody, at))
    | ForIntegerRangeLoop(v, first, last, body) ->
        let first = hostInt env at first "the start of a for loop"
        let last = hostInt env at last "the end of a for loop"
        for i in first..last do statement context (env.Add(v, WhileBuilding(i :> obj))) at body
    | WhileLoop _ ->
        unsupported at "a while loop runs for as long as a run-time value says, and eBPF programs here have no run-time loops; use 'for i in a .. b do' over bounds known while building (it is unrolled)"
    | PropertySet(receiver, p, [], value) when p.Name = "Value" && (mapVariable env at receiver).IsSome ->
        let target = expr env at (QExpr.PropertyGet(receiver.Value, p))
        context.Add(Assign(target, assigned target (expr env at value) at, at))
    | PropertySet(receiver, p, [ offset ], value) when p.Name = "Item" && (packetFields env at receiver).IsSome ->
        let fieldType, network = (packetFields env at receiver).Value
        let target = EbpfCat.Ir.PacketField(null, hostInt env at offset "a packet offset", fieldType, network, at)
        context.Add(Assign(target, assigned target (expr env at value) at, at))
    | Call(None, m, [ LocalArrayOf env (_, locals); index; value ]) when m.Name = "SetArray" ->
        let target = element locals env at index
        context.Add(Assign(LocalRef(target.Local, at), assigned target (expr env at value) at, at))
    | Call(None, KernelFunction "exitWith", [ action ]) -> context.Add(Exit(expr env at action, at))
    | Call(None, KernelFunction "op_AdditionAssignment", [ variable; amount ]) ->
        match whileBuilding env at variable with
        | Some(:? MapVariableBase as v) -> v.AddAt(Expression.Of(Variable.Located(expr env at amount, at)), at)
        | _ -> unsupported at "+= adds atomically to a map variable; for a local, write 'x <- x + amount'"
    | Call(None, Operator "Ignore", [ value ]) -> context.Add(Evaluate(expr env at value, at))
    | _ -> unsupported at $"this F# statement cannot run in eBPF: {e}"

/// The quoted body of an ebpf { } as statements of the program being built.
let body (quoted: EbpfBody) =
    let context = BuildContext.Require "an ebpf { } body"
    let rec unwrap (e: QExpr) =
        match e with
        | Call(Some _, m, [ inner ]) when m.Name = "Delay" -> unwrap inner
        | Lambda(_, inner) -> inner
        | _ -> e
    let whole = quoted.Quotation
    statement context Map.empty (located whole SourceLocation.Unknown) (unwrap whole)
