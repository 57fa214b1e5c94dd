using Hpc.Kernel.Metal.Platform;

namespace Hpc.Kernel.Metal.Drivers;

/// <summary>
/// The CMOS real-time clock (MC146818 at ports 0x70/0x71), read once for the wall clock: QEMU keeps it at the
/// host's UTC time. Seconds resolution; the TSC gives everything finer.
/// </summary>
internal static class Rtc
{
    /// <summary>CMOS index port.</summary>
    private const int IndexPort = 0x70;
    /// <summary>CMOS data port.</summary>
    private const int DataPort = 0x71;

    /// <summary>Seconds since 1970-01-01 UTC now, or 0 when the clock reads as nonsense.</summary>
    public static ulong ReadUnixSeconds()
    {
        // Two identical reads outside an update cycle give a consistent time.
        ulong first, second;
        do
        {
            WaitWhileUpdating();
            first = ReadOnce();
            WaitWhileUpdating();
            second = ReadOnce();
        }
        while (first != second);

        return first;
    }

    /// <summary>Spins while the clock updates its registers (status A bit 7).</summary>
    private static void WaitWhileUpdating()
    {
        for (int spins = 0; spins < 1_000_000 && (Read(0x0A) & 0x80) != 0; spins++)
        {
            Cpu.Pause();
        }
    }

    /// <summary>One read of the date and time registers, converted to Unix seconds.</summary>
    private static ulong ReadOnce()
    {
        int status = Read(0x0B);
        bool binary = (status & 0x04) != 0, twentyFourHour = (status & 0x02) != 0;
        int second = Value(Read(0x00), binary), minute = Value(Read(0x02), binary);
        int hourByte = Read(0x04);
        int hour = Value(hourByte & 0x7F, binary);
        if (!twentyFourHour)
        {
            // 12-hour mode: bit 7 means PM; 12 AM is hour 0.
            hour = hour % 12 + ((hourByte & 0x80) != 0 ? 12 : 0);
        }

        int day = Value(Read(0x07), binary), month = Value(Read(0x08), binary), year = 2000 + Value(Read(0x09), binary);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        {
            return 0;
        }

        return (ulong)(DaysSinceEpoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second);
    }

    /// <summary>Days from 1970-01-01 to the given civil date (proleptic Gregorian; Hinnant's days_from_civil).</summary>
    private static long DaysSinceEpoch(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        long era = year / 400;
        long yearOfEra = year - era * 400;
        long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    /// <summary>A register's value: BCD unless the clock says binary.</summary>
    private static int Value(int raw, bool binary) => binary ? raw : (raw & 0x0F) + (raw >> 4) * 10;

    /// <summary>Reads CMOS register <paramref name="index"/> (NMI stays enabled: bit 7 clear).</summary>
    private static int Read(int index)
    {
        Cpu.OutByte(IndexPort, index);
        return Cpu.InByte(DataPort);
    }
}
