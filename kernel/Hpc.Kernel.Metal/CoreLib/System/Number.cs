namespace System;

/// <summary>
/// Number formatting for the metal core library: decimal integers, hex, and fixed-point doubles rounded from the
/// exact binary value (to nearest, ties to even), the way .NET's "F" format does, so a job prints the same digits
/// on both targets.
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
        if (shift >= 0)
        {
            // value * 10^decimals = product << shift, which must stay within 128 bits.
            if (LeadingZeros(high, low) < shift)
            {
                throw new FormatException("the metal core library formats doubles below 2^128 / 10^decimals only");
            }

            ShiftLeft(ref low, ref high, shift);
        }
        else
        {
            int k = -shift;
            if (k >= 128)
            {
                // The product is below 2^103, so below half of 2^k: rounds to zero.
                low = 0;
                high = 0;
            }
            else
            {
                // Round to nearest from the exact remainder, ties to even, as .NET does ("F0" of 2.5 is "2").
                int order = CompareRemainderWithHalf(low, high, k);
                ShiftRightInPlace(ref low, ref high, k);
                if (order > 0 || (order == 0 && (low & 1) == 1))
                {
                    low++;
                    if (low == 0)
                    {
                        high++;
                    }
                }
            }
        }

        string digits = Format128(low, high);
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

    /// <summary>Compares the low <paramref name="k"/> bits (1..127) of a 128-bit value with 2^(k-1): -1, 0 or 1.</summary>
    private static int CompareRemainderWithHalf(ulong low, ulong high, int k)
    {
        ulong remainderHigh, remainderLow, halfHigh, halfLow;
        if (k <= 64)
        {
            remainderHigh = 0;
            remainderLow = k == 64 ? low : low & ((1UL << k) - 1);
            halfHigh = 0;
            halfLow = 1UL << (k - 1);
        }
        else
        {
            remainderHigh = k == 128 ? high : high & ((1UL << (k - 64)) - 1);
            remainderLow = low;
            halfHigh = 1UL << (k - 65);
            halfLow = 0;
        }

        if (remainderHigh != halfHigh)
        {
            return remainderHigh > halfHigh ? 1 : -1;
        }

        return remainderLow == halfLow ? 0 : remainderLow > halfLow ? 1 : -1;
    }

    /// <summary>Shifts a 128-bit value right by 1..127 bits.</summary>
    private static void ShiftRightInPlace(ref ulong low, ref ulong high, int k)
    {
        if (k >= 64)
        {
            low = high >> (k - 64);
            high = 0;
        }
        else
        {
            low = (low >> k) | (high << (64 - k));
            high >>= k;
        }
    }

    /// <summary>Shifts a 128-bit value left by 0..127 bits (the caller checked nothing falls off).</summary>
    private static void ShiftLeft(ref ulong low, ref ulong high, int k)
    {
        if (k == 0)
        {
            return;
        }

        if (k >= 64)
        {
            high = low << (k - 64);
            low = 0;
        }
        else
        {
            high = (high << k) | (low >> (64 - k));
            low <<= k;
        }
    }

    /// <summary>Leading zero bits of a 128-bit value.</summary>
    private static int LeadingZeros(ulong high, ulong low)
    {
        int count = 0;
        ulong word = high != 0 ? high : low;
        if (high == 0)
        {
            count = 64;
            if (low == 0)
            {
                return 128;
            }
        }

        while ((word & 0x8000000000000000UL) == 0)
        {
            word <<= 1;
            count++;
        }

        return count;
    }

    /// <summary>Decimal digits of a 128-bit unsigned value (long division of 32-bit limbs by ten).</summary>
    private static string Format128(ulong low, ulong high)
    {
        if (high == 0)
        {
            return Format(low);
        }

        uint* limbs = stackalloc uint[4];
        limbs[0] = (uint)(high >> 32);
        limbs[1] = (uint)high;
        limbs[2] = (uint)(low >> 32);
        limbs[3] = (uint)low;
        char* buffer = stackalloc char[40];
        int start = 40;
        bool nonZero = true;
        while (nonZero)
        {
            ulong remainder = 0;
            nonZero = false;
            for (int i = 0; i < 4; i++)
            {
                ulong current = (remainder << 32) | limbs[i];
                limbs[i] = (uint)(current / 10);
                remainder = current % 10;
                nonZero |= limbs[i] != 0;
            }

            buffer[--start] = (char)('0' + (int)remainder);
        }

        return string.FromChars(buffer + start, 40 - start);
    }
}
