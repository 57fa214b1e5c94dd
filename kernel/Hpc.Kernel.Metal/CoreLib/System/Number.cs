namespace System;

/// <summary>
/// Number formatting for the metal core library: decimal integers, hex, and fixed-point doubles rounded from the
/// exact binary value (half away from zero), the way .NET's "F" format does, so a job prints the same digits on
/// both targets.
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

    /// <summary>The digit count of an "F&lt;n&gt;" format (0 to 15).</summary>
    public static int ParseFixedFormat(string format)
    {
        if (format.Length == 1 && (format[0] == 'F' || format[0] == 'f'))
        {
            return 2;
        }

        if (format.Length == 2 && (format[0] == 'F' || format[0] == 'f') && format[1] >= '0' && format[1] <= '9')
        {
            return format[1] - '0';
        }

        if (format.Length == 3 && (format[0] == 'F' || format[0] == 'f') && format[1] == '1' && format[2] >= '0' && format[2] <= '5')
        {
            return 10 + format[2] - '0';
        }

        throw new FormatException("the metal core library formats doubles with F0 to F15 only");
    }

    /// <summary>Fixed point with <paramref name="decimals"/> digits after the point.</summary>
    public static string FormatFixed(double value, int decimals)
    {
        ulong bits = *(ulong*)&value;
        bool negative = (bits >> 63) != 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        ulong mantissa = bits & ((1UL << 52) - 1);
        if (exponent == 0x7FF)
        {
            return mantissa != 0 ? "NaN" : negative ? "-∞" : "∞";
        }

        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1UL << 52;
        }

        // value = mantissa * 2^shift; scaled = round(value * 10^decimals), exactly, in 128 bits.
        int shift = exponent - 1075;
        ulong scale = 1;
        for (int i = 0; i < decimals; i++)
        {
            scale *= 10;
        }

        ulong low = Multiply(mantissa, scale, out ulong high);
        ulong scaled;
        if (shift >= 0)
        {
            if (high != 0 || shift > 10 || (low >> (63 - shift)) != 0)
            {
                throw new FormatException("the metal core library formats doubles below 2^63 / 10^decimals only");
            }

            scaled = low << shift;
        }
        else
        {
            int k = -shift;
            if (k >= 128)
            {
                scaled = 0;
            }
            else
            {
                // Add half of the divisor, then shift: ties round up, i.e. away from zero on the magnitude.
                AddPowerOfTwo(ref low, ref high, k - 1);
                scaled = ShiftRight(low, high, k);
            }
        }

        string digits = Format(scaled);
        if (decimals > 0)
        {
            while (digits.Length <= decimals)
            {
                digits = string.Concat("0", digits);
            }

            digits = string.Concat(digits.Substring(0, digits.Length - decimals), ".", digits.Substring(digits.Length - decimals));
        }

        return negative ? string.Concat("-", digits) : digits;
    }

    /// <summary>64 × 64 → 128-bit product: returns the low half, <paramref name="high"/> gets the high half.</summary>
    private static ulong Multiply(ulong a, ulong b, out ulong high)
    {
        ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
        ulong lowLow = aLow * bLow;
        ulong highLow = aHigh * bLow;
        ulong lowHigh = aLow * bHigh;
        ulong highHigh = aHigh * bHigh;
        ulong middle = (lowLow >> 32) + (uint)highLow + (uint)lowHigh;
        high = highHigh + (highLow >> 32) + (lowHigh >> 32) + (middle >> 32);
        return (middle << 32) | (uint)lowLow;
    }

    /// <summary>Adds 2^<paramref name="bit"/> to a 128-bit value.</summary>
    private static void AddPowerOfTwo(ref ulong low, ref ulong high, int bit)
    {
        if (bit < 64)
        {
            ulong add = 1UL << bit;
            ulong sum = low + add;
            if (sum < low)
            {
                high++;
            }

            low = sum;
        }
        else
        {
            high += 1UL << (bit - 64);
        }
    }

    /// <summary>A 128-bit value shifted right by 1..127 bits, truncated to 64 bits.</summary>
    private static ulong ShiftRight(ulong low, ulong high, int k)
    {
        if (k >= 64)
        {
            return high >> (k - 64);
        }

        return (low >> k) | (high << (64 - k));
    }
}
