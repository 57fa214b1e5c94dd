namespace Hpc.Kernel.Metal.Platform;

/// <summary>UTF-16 to UTF-8, one code point at a time (a surrogate pair advances the index past its low half).</summary>
internal static unsafe class Utf8
{
    /// <summary>Encodes the code point starting at <paramref name="index"/> through <paramref name="sink"/>.</summary>
    public static void Encode(char c, string text, ref int index, delegate*<byte, void> sink)
    {
        uint cp = c;
        if (c >= 0xD800 && c <= 0xDBFF && index + 1 < text.Length && text[index + 1] >= 0xDC00 && text[index + 1] <= 0xDFFF)
        {
            cp = 0x10000 + ((uint)(c - 0xD800) << 10) + (uint)(text[index + 1] - 0xDC00);
            index++;
        }

        if (cp < 0x80)
        {
            sink((byte)cp);
        }
        else if (cp < 0x800)
        {
            sink((byte)(0xC0 | (cp >> 6)));
            sink((byte)(0x80 | (cp & 0x3F)));
        }
        else if (cp < 0x10000)
        {
            sink((byte)(0xE0 | (cp >> 12)));
            sink((byte)(0x80 | ((cp >> 6) & 0x3F)));
            sink((byte)(0x80 | (cp & 0x3F)));
        }
        else
        {
            sink((byte)(0xF0 | (cp >> 18)));
            sink((byte)(0x80 | ((cp >> 12) & 0x3F)));
            sink((byte)(0x80 | ((cp >> 6) & 0x3F)));
            sink((byte)(0x80 | (cp & 0x3F)));
        }
    }

    /// <summary>Encodes <paramref name="text"/> into <paramref name="target"/> (room for 3 bytes a unit); returns the bytes written.</summary>
    public static int EncodeTo(string text, byte* target)
    {
        s_cursor = target;
        for (int i = 0; i < text.Length; i++)
        {
            Encode(text[i], text, ref i, &Store);
        }

        return (int)(s_cursor - target);
    }

    /// <summary>Where <see cref="Store"/> writes next (per call of <see cref="EncodeTo"/>; callers hold the console lock).</summary>
    private static byte* s_cursor;

    /// <summary>Stores one byte at the cursor.</summary>
    private static void Store(byte value) => *s_cursor++ = value;
}
