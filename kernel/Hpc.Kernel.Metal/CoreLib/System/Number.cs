namespace System;

/// <summary>
/// Number formatting for the kernel's messages: decimal integers and hex (the kernel prints no floating point).
/// </summary>
internal static unsafe class Number
{
    /// <summary>Decimal digits of a signed value.</summary>
    public static string Format(long value)
    {
        if (value >= 0)
        {
            return Format((ulong)value);
        }

        return string.Concat("-", Format((ulong)(-(value + 1)) + 1));
    }

    /// <summary>Decimal digits of an unsigned value.</summary>
    public static string Format(ulong value)
    {
        char* buffer = stackalloc char[20];
        int start = 20;
        do
        {
            buffer[--start] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
        while (value != 0);

        return string.FromChars(buffer + start, 20 - start);
    }

    /// <summary>Lower-case hex digits, at least one.</summary>
    public static string FormatHex(ulong value)
    {
        char* buffer = stackalloc char[16];
        int start = 16;
        do
        {
            int digit = (int)(value & 0xF);
            buffer[--start] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            value >>= 4;
        }
        while (value != 0);

        return string.FromChars(buffer + start, 16 - start);
    }
}
