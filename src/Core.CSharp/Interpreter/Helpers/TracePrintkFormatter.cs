using System.Globalization;
using System.Text;

namespace EbpfCat.Interpreter;

/// <summary>Formats a trace_printk line the way the kernel's printf subset does: %d %i %u %x %X %o %c %s %p and %%,
/// with flags, width, precision and the h/l/ll/z length modifiers, at most three arguments.</summary>
internal static class TracePrintkFormatter
{
    public static string Format(ReadOnlySpan<byte> format, ReadOnlySpan<ulong> args, HelperContext context)
    {
        var text = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.Length; i++)
        {
            char ch = (char)format[i];
            if (ch != '%') { text.Append(ch); continue; }
            if (++i >= format.Length) throw context.Fail("trace_printk's format ends inside a conversion");
            if (format[i] == '%') { text.Append('%'); continue; }

            bool left = false, zero = false, plus = false, space = false, alternate = false;
            for (; i < format.Length && "-0+ #".Contains((char)format[i]); i++)
                switch ((char)format[i]) { case '-': left = true; break; case '0': zero = true; break; case '+': plus = true; break; case ' ': space = true; break; default: alternate = true; break; }
            int width = ReadNumber(format, ref i);
            int precision = -1;
            if (i < format.Length && format[i] == '.') { i++; precision = ReadNumber(format, ref i); }
            int bits = 32;
            while (i < format.Length && format[i] is (byte)'l' or (byte)'h' or (byte)'z')
            {
                bits = format[i] switch { (byte)'h' => bits == 16 ? 8 : 16, _ => 64 };
                i++;
            }
            if (i >= format.Length) throw context.Fail("trace_printk's format ends inside a conversion");
            char conversion = (char)format[i];
            if (next >= args.Length) throw context.Fail("trace_printk's format has more than three conversions");
            ulong arg = args[next++];
            string body = conversion switch
            {
                'd' or 'i' => Signed(arg, bits, plus, space),
                'u' => Truncate(arg, bits).ToString(CultureInfo.InvariantCulture),
                'x' => (alternate && arg != 0 ? "0x" : "") + Truncate(arg, bits).ToString("x", CultureInfo.InvariantCulture),
                'X' => (alternate && arg != 0 ? "0X" : "") + Truncate(arg, bits).ToString("X", CultureInfo.InvariantCulture),
                'o' => Convert.ToString((long)Truncate(arg, bits), 8),
                'c' => ((char)(byte)arg).ToString(),
                's' => context.ReadString(arg, precision >= 0 ? precision : 256),
                'p' => SkipPointerSuffix(format, ref i, arg),
                _ => throw context.Fail($"trace_printk does not support %{conversion}"),
            };
            if (precision >= 0 && conversion is 'd' or 'i' or 'u' or 'x' or 'X' or 'o')
                body = PadDigits(body, precision);
            text.Append(Pad(body, width, left, zero && precision < 0 && conversion != 's' && conversion != 'c'));
        }
        return text.ToString();
    }

    static int ReadNumber(ReadOnlySpan<byte> format, ref int i)
    {
        int n = 0;
        for (; i < format.Length && format[i] is >= (byte)'0' and <= (byte)'9'; i++) n = n * 10 + (format[i] - '0');
        return n;
    }

    static ulong Truncate(ulong value, int bits) => bits == 64 ? value : value & ((1UL << bits) - 1);

    static string Signed(ulong value, int bits, bool plus, bool space)
    {
        long v = bits switch { 8 => (sbyte)value, 16 => (short)value, 32 => (int)value, _ => (long)value };
        string s = v.ToString(CultureInfo.InvariantCulture);
        return v >= 0 && plus ? "+" + s : v >= 0 && space ? " " + s : s;
    }

    // %pK, %px and friends print the pointer; the extra letters belong to the conversion.
    static string SkipPointerSuffix(ReadOnlySpan<byte> format, ref int i, ulong value)
    {
        while (i + 1 < format.Length && char.IsAsciiLetterOrDigit((char)format[i + 1])) i++;
        return "0x" + value.ToString("x", CultureInfo.InvariantCulture);
    }

    static string PadDigits(string body, int precision)
    {
        int sign = body.Length > 0 && body[0] is '-' or '+' or ' ' ? 1 : 0;
        int digits = body.Length - sign;
        return digits >= precision ? body : body[..sign] + new string('0', precision - digits) + body[sign..];
    }

    static string Pad(string body, int width, bool left, bool zero)
    {
        if (body.Length >= width) return body;
        if (left) return body.PadRight(width);
        if (!zero) return body.PadLeft(width);
        int sign = body.Length > 0 && body[0] is '-' or '+' or ' ' ? 1 : 0;
        return body[..sign] + new string('0', width - body.Length) + body[sign..];
    }
}
