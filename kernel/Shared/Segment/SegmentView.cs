namespace Hpc.Segment;

/// <summary>
/// A mapped node segment seen through its layout: typed pointers to the header, the tables, the rings and the
/// reply areas. <c>Format</c> writes a new segment; <see cref="TryAttach"/> checks an existing one.
/// </summary>
internal readonly unsafe struct SegmentView
{
    /// <summary>Base address of the mapping.</summary>
    private readonly byte* _base;

    /// <summary>Wraps a mapping already checked against <paramref name="layout"/>.</summary>
    private SegmentView(byte* baseAddress, SegmentLayout layout)
    {
        _base = baseAddress;
        Layout = layout;
    }

    /// <summary>Where everything lies.</summary>
    public SegmentLayout Layout { get; }

    /// <summary>The header.</summary>
    public SegmentHeader* Header => (SegmentHeader*)_base;

    /// <summary>Isle <paramref name="isle"/>'s table entry.</summary>
    public IsleSlot* Isle(int isle) => (IsleSlot*)(_base + Layout.IsleTableOffset + (long)isle * SegmentLayout.SlotSize);

    /// <summary>Rank <paramref name="rank"/>'s table entry.</summary>
    public RankSlot* Rank(int rank) => (RankSlot*)(_base + Layout.RankTableOffset + (long)rank * SegmentLayout.SlotSize);

    /// <summary>Isle <paramref name="isle"/>'s ring (header first).</summary>
    public byte* IsleRing(int isle) => _base + Layout.IsleRingOffset(isle);

    /// <summary>Rank <paramref name="rank"/>'s ring (header first).</summary>
    public byte* RankRing(int rank) => _base + Layout.RankRingOffset(rank);

    /// <summary>Rank <paramref name="rank"/>'s reply area (header first).</summary>
    public byte* Reply(int rank) => _base + Layout.ReplyOffset(rank);

    /// <summary>Rank <paramref name="rank"/>'s doorbell: bumped by whoever posts something for the rank.</summary>
    public int* Doorbell(int rank) => (int*)(_base + Layout.DoorbellOffset(rank));

    /// <summary>
    /// Rank <paramref name="rank"/>'s listening flag, beside its doorbell: set (with a full fence) while the rank is
    /// about to wait or waits for its doorbell, clear while it runs and polls its channels itself.
    /// </summary>
    public int* Listening(int rank) => (int*)(_base + Layout.DoorbellOffset(rank) + SegmentLayout.ListeningFlagOffset);

    /// <summary>The channel from <paramref name="source"/> to <paramref name="destination"/> (ring header first).</summary>
    public byte* Channel(int source, int destination) => _base + Layout.ChannelOffset(source, destination);

    /// <summary>
    /// The key of the record stamps on the channel from <paramref name="source"/> to <paramref name="destination"/>:
    /// a well-mixed number (splitmix64 of the channel's index) both ends derive alike, so no data pattern a job sends
    /// matches it by accident.
    /// </summary>
    public long ChannelStampKey(int source, int destination)
    {
        ulong z = (ulong)((long)source * Layout.RankCount + destination + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) >> 1); // non-negative: the stamp of a position below 2^63 is then never 0
    }

    /// <summary>The window memory shared-memory windows are cut from (its size is 0 when the job has none).</summary>
    public WindowArena Windows => new(_base + Layout.WindowArenaOffset, Layout.WindowMemory);

    /// <summary>
    /// Writes a fresh segment of <c>layout.TotalSize</c> bytes at <paramref name="baseAddress"/> (already zeroed):
    /// header, isle table and rank table with each rank's isle, cpu and core count (1 each when
    /// <paramref name="rankCoreCounts"/> is empty), for a job of one node.
    /// </summary>
    public static SegmentView Format(byte* baseAddress, SegmentLayout layout, ReadOnlySpan<int> rankIsles, ReadOnlySpan<int> rankCpus, ReadOnlySpan<int> rankCoreCounts = default) =>
        Format(baseAddress, layout, rankIsles, rankCpus, new int[layout.RankCount], 1, 0, rankCoreCounts);

    /// <summary>
    /// Writes a fresh segment for node <paramref name="localNode"/> of a job on <paramref name="nodeCount"/> nodes:
    /// every rank of the job is in the rank table with its node and core count (1 each when
    /// <paramref name="rankCoreCounts"/> is empty); ranks of other nodes have isle -1.
    /// </summary>
    public static SegmentView Format(byte* baseAddress, SegmentLayout layout, ReadOnlySpan<int> rankIsles, ReadOnlySpan<int> rankCpus, ReadOnlySpan<int> rankNodes, int nodeCount, int localNode, ReadOnlySpan<int> rankCoreCounts = default)
    {
        var view = new SegmentView(baseAddress, layout);
        SegmentHeader* header = view.Header;
        header->Version = SegmentHeader.CurrentVersion;
        header->IsleCount = layout.IsleCount;
        header->RankCount = layout.RankCount;
        header->RingCapacity = layout.RingCapacity;
        header->ReplyCapacity = layout.ReplyCapacity;
        header->ChannelCapacity = layout.ChannelCapacity;
        header->TotalSize = layout.TotalSize;
        header->WindowMemory = layout.WindowMemory;
        header->NodeCount = nodeCount;
        header->LocalNode = localNode;
        for (int i = 0; i < layout.IsleCount; i++)
        {
            IsleSlot* isle = view.Isle(i);
            isle->Index = i;
        }

        for (int r = 0; r < layout.RankCount; r++)
        {
            RankSlot* rank = view.Rank(r);
            rank->Rank = r;
            rank->Isle = rankIsles[r];
            rank->Cpu = rankCpus[r];
            rank->CoreCount = rankCoreCounts.IsEmpty ? 1 : rankCoreCounts[r];
            rank->Node = rankNodes[r];
        }

        // The magic goes last: an isle that maps early never sees a half-written header as valid.
        System.Threading.Volatile.Write(ref header->Magic, SegmentHeader.ExpectedMagic);
        return view;
    }

    /// <summary>
    /// Checks the header of a mapping of <paramref name="mappedSize"/> bytes and, when it describes a segment that
    /// fits, returns its view. An isle calls this after mapping; false means "not a segment of this version".
    /// </summary>
    public static bool TryAttach(byte* baseAddress, long mappedSize, out SegmentView view)
    {
        view = default;
        if (mappedSize < SegmentLayout.HeaderSize)
        {
            return false;
        }

        SegmentHeader* header = (SegmentHeader*)baseAddress;
        if (System.Threading.Volatile.Read(ref header->Magic) != SegmentHeader.ExpectedMagic
            || header->Version != SegmentHeader.CurrentVersion
            || !SegmentLayout.IsValid(header->IsleCount, header->RankCount, header->RingCapacity, header->ReplyCapacity, header->ChannelCapacity, header->WindowMemory))
        {
            return false;
        }

        var layout = new SegmentLayout(header->IsleCount, header->RankCount, header->RingCapacity, header->ReplyCapacity, header->ChannelCapacity, header->WindowMemory);
        if (layout.TotalSize != header->TotalSize || layout.TotalSize > mappedSize)
        {
            return false;
        }

        view = new SegmentView(baseAddress, layout);
        return true;
    }
}
