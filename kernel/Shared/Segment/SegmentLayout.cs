using System.Runtime.CompilerServices;

namespace Hpc.Segment;

/// <summary>
/// Where everything lies in a node segment: header, isle table, rank table, then per isle a ring and per rank a
/// ring and a reply area (the proxy's side), then per rank a doorbell line and per ordered pair of ranks a message
/// channel (the ranks' side), each cache-line aligned, and last the window memory shared-memory windows are cut from. Computed identically by whoever creates or maps the segment, and
/// every offset is checked against the mapped size before use.
/// </summary>
internal readonly struct SegmentLayout
{
    /// <summary>Cache line size assumed for alignment and padding.</summary>
    public const int CacheLine = 64;
    /// <summary>Size of the header page.</summary>
    public const int HeaderSize = 4096;
    /// <summary>Size of one isle or rank table entry.</summary>
    public const int SlotSize = 64;
    /// <summary>Default ring data size: big enough to batch a burst of console lines, small enough for -n 256.</summary>
    public const int DefaultRingCapacity = 64 * 1024;
    /// <summary>Default reply size: one forwarded read or directory chunk.</summary>
    public const int DefaultReplyCapacity = 64 * 1024;
    /// <summary>Largest rank count a segment may describe.</summary>
    public const int MaxRanks = 1 << 16;
    /// <summary>Largest isle count a segment may describe.</summary>
    public const int MaxIsles = 4096;

    /// <summary>Smallest channel ring: a few eager messages of a few hundred bytes.</summary>
    public const int MinChannelCapacity = 4096;
    /// <summary>
    /// Largest channel ring of a job on one node: room for a window of 64 messages of 4 KiB (osu_bw's), so a stream of
    /// small messages never waits for the receiver to make room; messages past the eager bound (16 KiB) go by
    /// rendezvous or stream through whatever the ring's size.
    /// </summary>
    public const int MaxChannelCapacity = 256 * 1024;
    /// <summary>
    /// Largest channel ring of a job across nodes: a channel to a rank of another node is drained by the proxy's link
    /// thread, and each refill costs a hand-off between threads, so a bigger ring carries more per hand-off.
    /// </summary>
    public const int MaxNodesChannelCapacity = 1024 * 1024;
    /// <summary>Shared memory spent on channels: all n² channels share it (≈ 66 MiB at -n 64).</summary>
    private const long ChannelBudget = 96L * 1024 * 1024;
    /// <summary>
    /// Default window memory of a job's node segment (hermit-run --window-memory): tmpfs and ivshmem pages cost
    /// nothing until a window touches them.
    /// </summary>
    public const long DefaultWindowMemory = 64L * 1024 * 1024;
    /// <summary>Largest window memory a segment may describe.</summary>
    public const long MaxWindowMemory = 1L << 40;

    /// <summary>Creates the layout for a job.</summary>
    public SegmentLayout(int isleCount, int rankCount, int ringCapacity, int replyCapacity, int channelCapacity, long windowMemory = 0)
    {
        WindowMemory = windowMemory;
        IsleCount = isleCount;
        RankCount = rankCount;
        RingCapacity = ringCapacity;
        ReplyCapacity = replyCapacity;
        ChannelCapacity = channelCapacity;
        IsleTableOffset = HeaderSize;
        RankTableOffset = AlignUp(IsleTableOffset + (long)isleCount * SlotSize);
        FirstRingOffset = AlignUp(RankTableOffset + (long)rankCount * SlotSize, 4096);
    }

    /// <summary>Number of isles.</summary>
    public int IsleCount { get; }
    /// <summary>Number of ranks.</summary>
    public int RankCount { get; }
    /// <summary>Ring data bytes per ring.</summary>
    public int RingCapacity { get; }
    /// <summary>Reply data bytes per rank.</summary>
    public int ReplyCapacity { get; }
    /// <summary>Ring data bytes per rank-to-rank channel.</summary>
    public int ChannelCapacity { get; }
    /// <summary>Bytes of window memory (a multiple of a page; 0: none).</summary>
    public long WindowMemory { get; }
    /// <summary>Offset of the isle table.</summary>
    public long IsleTableOffset { get; }
    /// <summary>Offset of the rank table.</summary>
    public long RankTableOffset { get; }
    /// <summary>Offset of the first ring.</summary>
    public long FirstRingOffset { get; }

    /// <summary>Bytes one ring takes, header included.</summary>
    public long RingStride => RingHeaderSize + RingCapacity;
    /// <summary>Bytes one reply area takes, header included.</summary>
    public long ReplyStride => ReplyHeaderSize + AlignUp(ReplyCapacity);
    /// <summary>Size of a ring's header (producer line, consumer line, constants line).</summary>
    public static int RingHeaderSize => Unsafe.SizeOf<Rings.RingHeader>();
    /// <summary>Size of a reply area's header.</summary>
    public static int ReplyHeaderSize => Unsafe.SizeOf<Rings.ReplyHeader>();

    /// <summary>Offset of isle <paramref name="isle"/>'s ring.</summary>
    public long IsleRingOffset(int isle) => FirstRingOffset + isle * RingStride;
    /// <summary>Offset of rank <paramref name="rank"/>'s ring.</summary>
    public long RankRingOffset(int rank) => FirstRingOffset + (IsleCount + (long)rank) * RingStride;
    /// <summary>Offset of rank <paramref name="rank"/>'s reply area.</summary>
    public long ReplyOffset(int rank) => FirstRingOffset + (IsleCount + (long)RankCount) * RingStride + rank * ReplyStride;
    /// <summary>Offset of the window arena (its header page, then the window memory), after the last channel.</summary>
    public long WindowArenaOffset => AlignUp(ChannelOffset(RankCount - 1, RankCount - 1) + ChannelStride, 4096);
    /// <summary>Total segment size.</summary>
    public long TotalSize => WindowArenaOffset + (WindowMemory == 0 ? 0 : WindowArena.HeaderSize + WindowMemory);

    /// <summary>Bytes one channel takes, header included.</summary>
    public long ChannelStride => RingHeaderSize + ChannelCapacity;

    /// <summary>
    /// Where the listening flag lies in a rank's doorbell line: after the doorbell's two words (counter, core-asleep
    /// flag). Non-zero while the rank waits for its doorbell; a rank that sends it a message rings only then.
    /// </summary>
    public const int ListeningFlagOffset = 8;

    /// <summary>Offset of rank <paramref name="rank"/>'s doorbell line (doorbell, then listening flag).</summary>
    public long DoorbellOffset(int rank) => AlignUp(ReplyOffset(RankCount), 4096) + (long)rank * CacheLine;

    /// <summary>Offset of the channel carrying messages from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public long ChannelOffset(int source, int destination) =>
        AlignUp(DoorbellOffset(RankCount), 4096) + ((long)source * RankCount + destination) * ChannelStride;

    /// <summary>
    /// Channel ring size for a job of <paramref name="rankCount"/> ranks (on several nodes when
    /// <paramref name="acrossNodes"/>): the budget shared by n² channels.
    /// </summary>
    public static int ChannelCapacityFor(int rankCount, bool acrossNodes = false)
    {
        long share = ChannelBudget / ((long)rankCount * rankCount);
        int capacity = MinChannelCapacity;
        int largest = acrossNodes ? MaxNodesChannelCapacity : MaxChannelCapacity;
        while (capacity * 2L <= share && capacity < largest)
        {
            capacity *= 2;
        }

        return capacity;
    }

    /// <summary>True when the parameters are within the limits every party accepts.</summary>
    public static bool IsValid(int isleCount, int rankCount, int ringCapacity, int replyCapacity, int channelCapacity, long windowMemory = 0) =>
        isleCount is > 0 and <= MaxIsles && rankCount >= isleCount && rankCount <= MaxRanks
        && ringCapacity is >= 4096 and <= 1 << 24 && (ringCapacity & (ringCapacity - 1)) == 0
        && replyCapacity is >= 4096 and <= 1 << 24
        && channelCapacity is >= MinChannelCapacity and <= MaxNodesChannelCapacity && (channelCapacity & (channelCapacity - 1)) == 0
        && windowMemory is >= 0 and <= MaxWindowMemory && windowMemory % WindowArena.BlockAlignment == 0;

    /// <summary>Rounds up to a multiple of <paramref name="alignment"/> (a power of two).</summary>
    public static long AlignUp(long value, long alignment = CacheLine) => (value + alignment - 1) & ~(alignment - 1);
}
