namespace EbpfCat.Elf;

/// <summary>The BTF encoding facts the object reader and writer share (include/uapi/linux/btf.h).</summary>
internal static class Btf
{
    public const ushort Magic = 0xeB9F;
    public const int HeaderSize = 24;

    // btf_type.info: vlen in bits 0-15, kind in bits 24-28, kind_flag in bit 31
    public const int KindInt = 1, KindPtr = 2, KindArray = 3, KindStruct = 4, KindUnion = 5, KindEnum = 6, KindFwd = 7,
        KindTypedef = 8, KindVolatile = 9, KindConst = 10, KindRestrict = 11, KindFunc = 12, KindFuncProto = 13,
        KindVar = 14, KindDatasec = 15, KindFloat = 16, KindDeclTag = 17, KindTypeTag = 18, KindEnum64 = 19;

    public static uint Info(int kind, int vlen) => (uint)(kind << 24) | (uint)vlen;
    public static int KindOf(uint info) => (int)((info >> 24) & 0x1f);
    public static int VlenOf(uint info) => (int)(info & 0xffff);

    /// <summary>Bytes that follow a btf_type of each kind, per vlen item and fixed.</summary>
    public static int TrailerSize(int kind, int vlen) => kind switch
    {
        KindInt => 4,
        KindArray => 12,
        KindStruct or KindUnion => 12 * vlen,
        KindEnum => 8 * vlen,
        KindEnum64 => 12 * vlen,
        KindFuncProto => 8 * vlen,
        KindVar => 4,
        KindDatasec => 12 * vlen,
        KindDeclTag => 4,
        _ => 0,
    };
}
