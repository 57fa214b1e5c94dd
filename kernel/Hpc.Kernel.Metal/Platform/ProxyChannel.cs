using Hpc.Kernel.Metal.Boot;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Protocol;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Kernel.Metal.Platform;

/// <summary>
/// The metal isle's link to the proxy: the node segment seen through the ivshmem device, and the rank's ring in
/// it, written with the same <see cref="RingWriter"/> and records the hosted isles use (console output, the rank's
/// exit, file requests whose replies come in the rank's reply area). The proxy has no way to be woken from the guest, so it finds records on its next poll (it sleeps at most
/// a few tens of milliseconds). Without a segment (QEMU run by hand) everything falls back to the serial port.
/// </summary>
internal static unsafe class ProxyChannel
{
    /// <summary>UTF-16 units sent per record (three UTF-8 bytes each must fit the ring's largest payload).</summary>
    private const int CharsPerRecord = 4096;

    /// <summary>The rank this isle runs.</summary>
    public static int Rank { get; private set; }

    /// <summary>Ranks in the job.</summary>
    public static int RankCount { get; private set; } = 1;

    /// <summary>This isle's index.</summary>
    public static int Isle { get; private set; }

    /// <summary>True once a segment is attached.</summary>
    public static bool IsAttached { get; private set; }

    /// <summary>The mapped segment.</summary>
    private static SegmentView s_segment;
    /// <summary>The rank's ring (mutable struct: used by reference only).</summary>
    private static RingWriter s_ring;
    /// <summary>Serialises writers on several cpus.</summary>
    private static int s_lock;

    /// <summary>
    /// Finds the ivshmem device, checks the segment in it and claims the rank of isle <c>isle=N</c> (kernel
    /// command line); then counts the isle as attached so the proxy may unlink the segment's file.
    /// </summary>
    public static void Attach()
    {
        ulong address = Pci.FindIvshmem(out ulong size);
        if (address == 0)
        {
            return;
        }

        if (address + size > 1UL << 32)
        {
            SerialPort.Write("hpc: the ivshmem segment lies above 4 GiB, outside the identity map; console stays on the serial port\n");
            return;
        }

        if (!SegmentView.TryAttach((byte*)address, (long)size, out SegmentView segment))
        {
            SerialPort.Write("hpc: the ivshmem device holds no segment of this version; console stays on the serial port\n");
            return;
        }

        string? isleText = BootInfo.Argument("isle");
        int isle = isleText is null ? 0 : ParseDecimal(isleText);
        int rank = -1;
        for (int r = 0; r < segment.Layout.RankCount; r++)
        {
            if (segment.Rank(r)->Isle == isle)
            {
                rank = r;
                break;
            }
        }

        if (isle >= segment.Layout.IsleCount || rank < 0)
        {
            SerialPort.Write("hpc: the segment has no rank for this isle; console stays on the serial port\n");
            return;
        }

        s_segment = segment;
        Linux.Files.SegmentFile.Setup(address, size);
        s_ring = new RingWriter(segment.RankRing(rank), segment.Layout.RingCapacity);
        Rank = rank;
        RankCount = segment.Layout.RankCount;
        Isle = isle;
        Volatile.Write(ref segment.Isle(isle)->State, 1);
        Interlocked.Increment(ref segment.Header->AttachedIsles);
        IsAttached = true;
    }

    /// <summary>Sends console text as <paramref name="stream"/> records (Stdout by default); false when no segment is attached.</summary>
    public static bool TryWrite(string text, ProxyOp stream = ProxyOp.Stdout)
    {
        if (!IsAttached)
        {
            return false;
        }

        SpinLock.Enter(ref s_lock);
        for (int start = 0; start < text.Length; start += CharsPerRecord)
        {
            int length = text.Length - start < CharsPerRecord ? text.Length - start : CharsPerRecord;
            string piece = start == 0 && length == text.Length ? text : text.Substring(start, length);
            byte* payload = Reserve(3 * length);
            int bytes = Utf8.EncodeTo(piece, payload);
            Commit(stream, bytes);
        }

        SpinLock.Exit(ref s_lock);
        return true;
    }

    /// <summary>
    /// Sends <paramref name="length"/> bytes as <paramref name="op"/> records (<see cref="ProxyOp.Stdout"/> or
    /// <see cref="ProxyOp.Stderr"/>), as they are; false when no segment is attached.
    /// </summary>
    public static bool TryWrite(ProxyOp op, byte* bytes, int length)
    {
        if (!IsAttached)
        {
            return false;
        }

        SpinLock.Enter(ref s_lock);
        for (int start = 0; start < length; start += 3 * CharsPerRecord)
        {
            int piece = length - start < 3 * CharsPerRecord ? length - start : 3 * CharsPerRecord;
            byte* payload = Reserve(piece);
            Buffer.MemoryCopy(bytes + start, payload, piece, piece);
            Commit(op, piece);
        }

        SpinLock.Exit(ref s_lock);
        return true;
    }

    /// <summary>The rank's reply area (valid once attached): the proxy answers each request there.</summary>
    public static ReplyHeader* Reply => (ReplyHeader*)s_segment.Reply(Rank);

    /// <summary>Bytes of reply data the reply area holds.</summary>
    public static int ReplyCapacity => s_segment.Layout.ReplyCapacity;

    /// <summary>Largest payload (parameters and data) of one record.</summary>
    public static int MaxPayload => s_ring.MaxPayloadLength;

    /// <summary>
    /// Posts a request the proxy answers in <see cref="Reply"/> with <paramref name="sequence"/>: the
    /// <paramref name="headLength"/> bytes at <paramref name="head"/> then the <paramref name="bodyLength"/> at
    /// <paramref name="body"/> (together at most <see cref="MaxPayload"/>). Only when attached.
    /// </summary>
    public static void Request(ProxyOp op, int sequence, byte* head, int headLength, byte* body, int bodyLength)
    {
        SpinLock.Enter(ref s_lock);
        byte* payload = Reserve(headLength + bodyLength);
        Buffer.MemoryCopy(head, payload, headLength, headLength);
        if (bodyLength > 0)
        {
            Buffer.MemoryCopy(body, payload + headLength, bodyLength, bodyLength);
        }

        s_ring.Commit((ushort)op, 0, sequence, headLength + bodyLength);
        Interlocked.Increment(ref s_segment.Header->ProxyDoorbell);
        SpinLock.Exit(ref s_lock);
    }

    /// <summary>Reports the rank's end: its status, as a rank that returned from Main.</summary>
    public static void Finish(int status)
    {
        if (!IsAttached)
        {
            return;
        }

        SpinLock.Enter(ref s_lock);
        SendExit(status, RankExitKind.Returned, "");
        SpinLock.Exit(ref s_lock);
    }

    /// <summary>Reports a panic as the rank's failure (the proxy prints it with the rank's place).</summary>
    public static void ReportPanic(string line)
    {
        if (!IsAttached)
        {
            return;
        }

        // The other cpus are stopped; one of them may have died holding the lock, so take it by force after a while.
        for (int spins = 0; spins < 1_000_000 && Interlocked.CompareExchange(ref s_lock, 1, 0) != 0; spins++)
        {
            Cpu.Pause();
        }

        SendExit(1, RankExitKind.Exception, line);
    }

    /// <summary>Writes a RankExit record: <see cref="ExitParams"/> then the UTF-8 description.</summary>
    private static void SendExit(int status, RankExitKind kind, string description)
    {
        byte* payload = Reserve(sizeof(ExitParams) + 3 * description.Length);
        *(ExitParams*)payload = new ExitParams { ExitCode = status, Kind = (int)kind };
        int bytes = Utf8.EncodeTo(description, payload + sizeof(ExitParams));
        Commit(ProxyOp.RankExit, sizeof(ExitParams) + bytes);
    }

    /// <summary>Reserves room for a record, waiting while the proxy catches up.</summary>
    private static byte* Reserve(int length)
    {
        while (true)
        {
            byte* payload = s_ring.TryReserve(length);
            if (payload != null)
            {
                return payload;
            }

            Cpu.Pause();
        }
    }

    /// <summary>Publishes the reserved record and rings the proxy's doorbell (it polls it; no futex wake from a guest).</summary>
    private static void Commit(ProxyOp op, int length)
    {
        s_ring.Commit((ushort)op, 0, 0, length);
        Interlocked.Increment(ref s_segment.Header->ProxyDoorbell);
    }

    /// <summary>Decimal digits to an int.</summary>
    private static int ParseDecimal(string text)
    {
        int value = 0;
        for (int i = 0; i < text.Length; i++)
        {
            value = value * 10 + (text[i] - '0');
        }

        return value;
    }
}
