namespace Hpc.Kernel.Metal.Linux.Files;

/// <summary>
/// Writes the text of a kernel-made file into a fixed buffer without allocating (the kernel has no collector, and
/// the runtime opens these files again and again); what does not fit is cut off.
/// </summary>
internal unsafe struct TextBuilder
{
    /// <summary>The buffer.</summary>
    private readonly byte* _buffer;
    /// <summary>Its size.</summary>
    private readonly int _capacity;

    /// <summary>Starts an empty text in <paramref name="buffer"/> of <paramref name="capacity"/> bytes.</summary>
    public TextBuilder(byte* buffer, int capacity)
    {
        _buffer = buffer;
        _capacity = capacity;
        Length = 0;
    }

    /// <summary>Bytes written.</summary>
    public int Length { get; private set; }

    /// <summary>Appends ASCII <paramref name="text"/>.</summary>
    public void Append(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            Append((byte)text[i]);
        }
    }

    /// <summary>Appends one byte.</summary>
    public void Append(byte value)
    {
        if (Length < _capacity)
        {
            _buffer[Length++] = value;
        }
    }

    /// <summary>Appends <paramref name="value"/> in decimal.</summary>
    public void AppendDecimal(ulong value) => AppendDigits(value, 10, 1);

    /// <summary>Appends <paramref name="value"/> in lower-case hexadecimal, at least <paramref name="width"/> digits.</summary>
    public void AppendHex(ulong value, int width = 1) => AppendDigits(value, 16, width);

    /// <summary>Appends <paramref name="value"/> in base <paramref name="radix"/>, zero-padded to <paramref name="width"/>.</summary>
    private void AppendDigits(ulong value, uint radix, int width)
    {
        byte* digits = stackalloc byte[24];
        int count = 0;
        do
        {
            ulong digit = value % radix;
            digits[count++] = (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            value /= radix;
        }
        while (value != 0);

        while (count < width)
        {
            digits[count++] = (byte)'0';
        }

        while (count > 0)
        {
            Append(digits[--count]);
        }
    }
}
