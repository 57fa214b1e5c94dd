using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Drivers;

/// <summary>COM1 (16550 at 0x3F8): the early-boot and panic console, and the fallback when no segment is mapped.</summary>
internal static unsafe class SerialPort
{
    /// <summary>COM1's base port.</summary>
    private const int Base = 0x3F8;
    /// <summary>Line status register: bit 5 = transmit holding register empty.</summary>
    private const int LineStatus = Base + 5;

    /// <summary>Spin lock so lines from several cpus do not interleave mid-line.</summary>
    private static int s_lock;

    /// <summary>Sets 115200 8N1, FIFOs on, interrupts off.</summary>
    public static void Setup()
    {
        Cpu.OutByte(Base + 1, 0x00);
        Cpu.OutByte(Base + 3, 0x80);
        Cpu.OutByte(Base + 0, 0x01);
        Cpu.OutByte(Base + 1, 0x00);
        Cpu.OutByte(Base + 3, 0x03);
        Cpu.OutByte(Base + 2, 0xC7);
    }

    /// <summary>Writes one byte.</summary>
    private static void WriteByte(byte value)
    {
        while ((Cpu.InByte(LineStatus) & 0x20) == 0)
        {
            Cpu.Pause();
        }

        Cpu.OutByte(Base, value);
    }

    /// <summary>Writes a string as UTF-8 (newline becomes CR LF), atomically with respect to other cpus.</summary>
    public static void Write(string text)
    {
        SpinLock.Enter(ref s_lock);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                WriteByte((byte)'\r');
            }

            Utf8.Encode(c, text, ref i, &WriteByte);
        }

        SpinLock.Exit(ref s_lock);
    }

    /// <summary>Writes <paramref name="length"/> bytes as they are (newline becomes CR LF), atomically with respect to other cpus.</summary>
    public static void Write(byte* bytes, int length)
    {
        SpinLock.Enter(ref s_lock);
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                WriteByte((byte)'\r');
            }

            WriteByte(bytes[i]);
        }

        SpinLock.Exit(ref s_lock);
    }

    /// <summary>Writes without taking the lock (panics: the lock holder may be the cpu that died).</summary>
    public static void WriteUnlocked(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                WriteByte((byte)'\r');
            }

            Utf8.Encode(text[i], text, ref i, &WriteByte);
        }
    }
}
