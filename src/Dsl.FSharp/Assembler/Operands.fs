/// The instruction shapes both dialects build from a register or immediate second operand.
module internal EbpfCat.FSharp.Operands

open EbpfCat.Isa

/// The second operand of arithmetic and comparisons.
type Operand =
    | Reg of Register
    | Imm of int

let private fields operand =
    match operand with
    | Reg r -> OperandSource.Register, r, 0L
    | Imm v -> OperandSource.Constant, Register.R0, int64 v

/// <c>dst op= operand</c> in ALU (32-bit) or ALU64; <paramref name="signed"/> selects the ISA v4
/// signed division and modulo, which differ from the unsigned ones only by offset 1.
let arithmetic is32 (operation: AluOperation) signed dst operand =
    let source, src, imm = fields operand
    let opcode = if is32 then Opcode.Alu32(operation, source) else Opcode.Alu64(operation, source)
    Instruction(opcode, dst, src, (if signed then 1s else 0s), imm)

/// <c>if dst op operand goto +0</c> in JMP or JMP32; the offset is filled in later.
let comparison is32 (operation: JumpOperation) dst operand =
    let source, src, imm = fields operand
    let opcode = if is32 then Opcode.Jump32(operation, source) else Opcode.Jump(operation, source)
    Instruction(opcode, dst, src, 0s, imm)
