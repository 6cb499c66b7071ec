/// The uBPF dialect of the bpf_conformance suite's test files: a mnemonic, then operands
/// separated by commas, such as <c>ldxdw %r1, [%r10-8]</c> or <c>jne %r0, %r1, exit</c>.
module internal EbpfCat.FSharp.UbpfSyntax

open FParsec
open EbpfCat.Isa
open EbpfCat.FSharp.Lexical
open EbpfCat.FSharp.Operands

let private style = HexOrDecimal
let private number = lexeme (signedNumber style)
let private imm32 = number |> refine fitsImm32
let private imm64 = number |> refine fitsImm64
let private reg = lexeme (registerNamed "%r" "a register (%r0..%r10)")
let private comma = sym ","
let private jumpTarget = target style

/// <c>[%r10-8]</c>, <c>[%r1+0x2]</c> or <c>[%r1]</c>.
let private memory: P<Register * int16> =
    sym "[" >>. reg .>>. (opt (displacement style |> refine fitsOffset16) |>> Option.defaultValue 0s) .>> sym "]"

let private regOrImm: P<Operand> =
    (reg |>> Reg) <|> (imm32 |>> Imm) <?> "a register or an immediate"

let private alu (operation: AluOperation) signed is32 : P<Emitted> =
    reg .>> comma .>>. regOrImm |>> fun (dst, right) -> Syntax.plain (arithmetic is32 operation signed dst right)

let private conditional (operation: JumpOperation) is32 : P<Emitted> =
    reg .>> comma .>>. regOrImm .>> comma .>>. jumpTarget OffsetField
    |>> fun ((dst, right), target) -> aim OffsetField (comparison is32 operation dst right) target

let private sizes =
    [ "b", AccessSize.Byte; "h", AccessSize.Half; "w", AccessSize.Word; "dw", AccessSize.DoubleWord ]

let private call: P<Emitted> =
    let local = word "local" >>. jumpTarget ImmediateField |>> aim ImmediateField (Instruction.CallLocal 0)
    let helper = optional (word "helper") >>. imm32 |>> fun n -> Syntax.plain (Instruction.Call n)
    let runtime = word "runtime" >>. imm32 |>> fun id -> Syntax.plain (Instruction.CallKernelFunction id)
    let register = reg |>> fun r -> Syntax.plain (Instruction.CallRegister r)
    local <|> runtime <|> register <|> helper

let private lockOperations =
    [ for name, op in [ "add", AtomicOperation.Add; "and", AtomicOperation.And; "or", AtomicOperation.Or; "xor", AtomicOperation.Xor ] do
          for suffix, size in [ "", AccessSize.DoubleWord; "32", AccessSize.Word ] do
              name + suffix, (op, op ||| AtomicOperation.Fetch, size)
      for name, op in [ "xchg", AtomicOperation.Exchange; "cmpxchg", AtomicOperation.CompareExchange ] do
          for suffix, size in [ "", AccessSize.DoubleWord; "32", AccessSize.Word ] do
              // Exchanges always return the old value, with or without the word fetch.
              name + suffix, (op, op, size) ]

/// <c>lock [fetch] add|and|or|xor|xchg|cmpxchg[32] [%rN+off], %rM</c>.
let private locked: P<Emitted> =
    let operation =
        choice [ for name, forms in lockOperations -> word name >>% forms ]
        <?> "an atomic operation (add, and, or, xor, xchg, cmpxchg, optionally with 32)"
    opt (word "fetch") .>>. operation .>>. memory .>> comma .>>. reg
    |>> fun (((fetch, (plainOp, fetchOp, size)), (dst, offset)), src) ->
        Syntax.plain (Instruction.Atomic((if fetch.IsSome then fetchOp else plainOp), size, dst, src, offset))

let private mnemonics: Map<string, P<Emitted>> =
    let plain (p: P<Instruction>) = p |>> Syntax.plain
    let one f = plain (reg |>> f)
    Map
        [ for name, operation, signed in
              [ "add", AluOperation.Add, false
                "sub", AluOperation.Sub, false
                "mul", AluOperation.Mul, false
                "div", AluOperation.Div, false
                "sdiv", AluOperation.Div, true
                "or", AluOperation.Or, false
                "and", AluOperation.And, false
                "lsh", AluOperation.Lsh, false
                "rsh", AluOperation.Rsh, false
                "mod", AluOperation.Mod, false
                "smod", AluOperation.Mod, true
                "xor", AluOperation.Xor, false
                "mov", AluOperation.Mov, false
                "arsh", AluOperation.Arsh, false ] do
              name, alu operation signed false
              name + "64", alu operation signed false
              name + "32", alu operation signed true
          "neg", one (fun r -> AluOperationExtensions.Negate r)
          "neg64", one (fun r -> AluOperationExtensions.Negate r)
          "neg32", one (fun r -> AluOperationExtensions.Negate(r, true))
          for from, into in [ 8, 32; 16, 32; 8, 64; 16, 64; 32, 64 ] do
              ("movsx" + string from + string into),
              plain (reg .>> comma .>>. reg |>> fun (dst, src) -> AluOperationExtensions.MoveSignExtend(dst, src, from, (into = 32)))
          for bits in [ 16; 32; 64 ] do
              ("le" + string bits), one (fun r -> AluOperationExtensions.ToLittleEndian(r, bits))
              ("be" + string bits), one (fun r -> AluOperationExtensions.ToBigEndian(r, bits))
              ("swap" + string bits), one (fun r -> AluOperationExtensions.ByteSwap(r, bits))
              ("bswap" + string bits), one (fun r -> AluOperationExtensions.ByteSwap(r, bits))
          "lddw", plain (reg .>> comma .>>. imm64 |>> Instruction.LoadImm64)
          for suffix, size in sizes do
              "ldx" + suffix, plain (reg .>> comma .>>. memory |>> fun (dst, (src, off)) -> Instruction.Load(size, dst, src, off))
              "st" + suffix, plain (memory .>> comma .>>. imm32 |>> fun ((dst, off), v) -> Instruction.Store(size, dst, off, v))
              "stx" + suffix, plain (memory .>> comma .>>. reg |>> fun ((dst, off), src) -> Instruction.Store(size, dst, off, src))
          for suffix, size in List.take 3 sizes do
              "ldxs" + suffix, plain (reg .>> comma .>>. memory |>> fun (dst, (src, off)) -> Instruction.LoadSignExtend(size, dst, src, off))
              "ldabs" + suffix, plain (imm32 |>> fun v -> Instruction.LoadAbsolute(size, v))
              "ldind" + suffix, plain (reg .>> comma .>>. imm32 |>> fun (src, v) -> Instruction.LoadIndirect(size, src, v))
          "ja", (jumpTarget OffsetField |>> aim OffsetField (Instruction.Goto 0s))
          "ja32", (jumpTarget ImmediateField |>> aim ImmediateField (Instruction.GotoLong 0))
          for name, operation in
              [ "jeq", JumpOperation.JEQ
                "jgt", JumpOperation.JGT
                "jge", JumpOperation.JGE
                "jset", JumpOperation.JSET
                "jne", JumpOperation.JNE
                "jsgt", JumpOperation.JSGT
                "jsge", JumpOperation.JSGE
                "jlt", JumpOperation.JLT
                "jle", JumpOperation.JLE
                "jslt", JumpOperation.JSLT
                "jsle", JumpOperation.JSLE ] do
              name, conditional operation false
              name + "32", conditional operation true
          "call", call
          "exit", preturn (Syntax.plain (Instruction.Exit()))
          "lock", locked ]

/// The uBPF dialect for the shared line structure; as in bpf_conformance's assembler, a jump
/// to <c>exit</c> without an <c>exit:</c> label goes to the first exit instruction.
let dialect: Lines.Dialect =
    { CheckHead = fun name -> if mnemonics.ContainsKey name then None else Some ("unknown mnemonic '" + name + "'")
      AfterHead = fun name -> mnemonics[name]
      Other = pzero
      ImplicitLabels =
        fun statements ->
            match Syntax.firstSlotWhere (fun i -> i = Instruction.Exit()) statements with
            | Some slot -> Map [ "exit", slot ]
            | None -> Map.empty }
