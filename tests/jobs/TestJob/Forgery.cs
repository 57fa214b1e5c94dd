using System.Globalization;

/// <summary>
/// What a hostile rank can do to the segment: every ring of the node is in one shared mapping, so a rank can find
/// another rank's or isle's proxy ring and append records to it as if it were that ring's producer. The layout is
/// recomputed here from the segment's header the way Hpc's SegmentLayout does (the job sees no internals).
/// </summary>
internal static unsafe class Forgery
{
    /// <summary>ProxyOp.RankExit.</summary>
    public const ushort RankExitOp = 3;
    /// <summary>ProxyOp.IsleExit.</summary>
    public const ushort IsleExitOp = 5;
    /// <summary>SegmentHeader.ExpectedMagic.</summary>
    private const ulong SegmentMagic = 0x3130_4745_5343_5048;
    /// <summary>RingHeader's size: producer line, consumer line, constants line.</summary>
    private const int RingHeaderSize = 192;

    /// <summary>Where the segment is mapped in this isle.</summary>
    private static readonly byte* s_base = FindSegment();

    /// <summary>The number of rank <paramref name="rank"/>'s proxy ring.</summary>
    public static int RankRing(int rank) => IsleCount + rank;

    /// <summary>The number of isle <paramref name="isle"/>'s proxy ring.</summary>
    public static int IsleRing(int isle) => isle;

    /// <summary>Appends an exit record with status 0 (op <paramref name="op"/>) at the ring's tail and publishes it.</summary>
    public static void Append(int index, ushort op)
    {
        byte* ring = Ring(index);
        long tail = Volatile.Read(ref *(long*)ring);
        byte* record = ring + RingHeaderSize + (tail & (RingCapacity - 1));
        *(int*)record = 8; // payload length: ExitParams
        *(ushort*)(record + 4) = op;
        *(ushort*)(record + 6) = 1; // RecordFlags.NoReply
        *(int*)(record + 8) = 0;
        *(int*)(record + 16) = 0; // ExitCode
        *(int*)(record + 20) = 0; // RankExitKind.Returned
        Interlocked.Exchange(ref *(long*)ring, tail + 64);
        Interlocked.Increment(ref *(int*)(s_base + 64)); // the proxy's doorbell (it naps at most 50 ms anyway)
    }

    /// <summary>Waits until the proxy has consumed everything published on the ring.</summary>
    public static void WaitConsumed(int index)
    {
        byte* ring = Ring(index);
        for (int i = 0; i < 1000 && Volatile.Read(ref *(long*)(ring + 64)) != Volatile.Read(ref *(long*)ring); i++)
        {
            Thread.Sleep(10);
        }

        Thread.Sleep(100);
    }

    /// <summary>Isles in the segment.</summary>
    private static int IsleCount => *(int*)(s_base + 12);

    /// <summary>Ranks in the segment.</summary>
    private static int RankCount => *(int*)(s_base + 16);

    /// <summary>Data bytes of a proxy ring.</summary>
    private static int RingCapacity => *(int*)(s_base + 20);

    /// <summary>The proxy ring number <paramref name="index"/> (isle rings first, then rank rings).</summary>
    private static byte* Ring(int index)
    {
        long rankTable = AlignUp(4096 + IsleCount * 64L, 64);
        long firstRing = AlignUp(rankTable + RankCount * 64L, 4096);
        return s_base + firstRing + index * (long)(RingHeaderSize + RingCapacity);
    }

    /// <summary>Rounds up to a power-of-two multiple.</summary>
    private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

    /// <summary>The segment's mapping, from /proc/self/maps.</summary>
    private static byte* FindSegment()
    {
        // The isle's mount namespace may show the segment under another name ("/" for a file bind-mounted onto
        // itself): find it, as an attacker would, by the magic at the start of a shared writable mapping.
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 6 && fields[1] == "rw-s")
            {
                byte* start = (byte*)long.Parse(line[..line.IndexOf('-')], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (*(ulong*)start == SegmentMagic)
                {
                    return start;
                }
            }
        }

        throw new InvalidOperationException("no segment mapped");
    }
}
