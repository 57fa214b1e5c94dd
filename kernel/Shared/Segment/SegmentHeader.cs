using System.Runtime.InteropServices;

namespace Hpc.Segment;

/// <summary>
/// The first page of a node segment. Written by the proxy before any isle starts; afterwards only the atomics
/// (doorbell, sleeping flag, attach count) change. Shared source: proxy, hosted isle and metal kernel.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SegmentLayout.HeaderSize)]
internal struct SegmentHeader
{
    /// <summary>"HPCSEG01" in little-endian ASCII; anything else is not one of our segments.</summary>
    public const ulong ExpectedMagic = 0x3130_4745_5343_5048;

    /// <summary>Layout version; bumped whenever a field or record changes meaning.</summary>
    public const int CurrentVersion = 9;

    /// <summary>Must equal <see cref="ExpectedMagic"/>.</summary>
    [FieldOffset(0)] public ulong Magic;
    /// <summary>Must equal <see cref="CurrentVersion"/>.</summary>
    [FieldOffset(8)] public int Version;
    /// <summary>Number of isles; the isle table has this many entries.</summary>
    [FieldOffset(12)] public int IsleCount;
    /// <summary>
    /// Number of ranks in the whole job (all nodes); the rank table has this many entries. Ranks of other nodes have
    /// channels here too: their far ends belong to this node's proxy, which carries the messages between nodes.
    /// </summary>
    [FieldOffset(16)] public int RankCount;
    /// <summary>Bytes of ring data per rank-to-proxy ring (a power of two).</summary>
    [FieldOffset(20)] public int RingCapacity;
    /// <summary>Bytes of reply data per rank (payload of forwarded reads, stat results, directory listings).</summary>
    [FieldOffset(24)] public int ReplyCapacity;
    /// <summary>Bytes of ring data per rank-to-rank channel (a power of two).</summary>
    [FieldOffset(28)] public int ChannelCapacity;
    /// <summary>Total size of the segment in bytes.</summary>
    [FieldOffset(32)] public long TotalSize;
    /// <summary>Number of nodes the job runs on (1 for a job of one node).</summary>
    [FieldOffset(40)] public int NodeCount;
    /// <summary>This node's index among them.</summary>
    [FieldOffset(44)] public int LocalNode;
    /// <summary>Bytes of window memory at the segment's end (see <see cref="WindowArena"/>).</summary>
    [FieldOffset(48)] public long WindowMemory;

    // Each atomic word sits on its own cache line so pollers do not false-share with the constant fields.

    /// <summary>Futex word the proxy sleeps on; producers bump it and wake the proxy when it sleeps.</summary>
    [FieldOffset(64)] public int ProxyDoorbell;
    /// <summary>Non-zero while the proxy is (about to be) asleep on <see cref="ProxyDoorbell"/>.</summary>
    [FieldOffset(128)] public int ProxySleeping;
    /// <summary>Isles that have mapped the segment; when it reaches the isle count the proxy may unlink the file.</summary>
    [FieldOffset(192)] public int AttachedIsles;
    /// <summary>
    /// The doorbell (counter, then sleeping flag: see Hpc.Hosted.Doorbell) of whoever carries messages to other nodes
    /// (the per-node proxy's link thread): a rank rings it after writing on a channel to a rank of another node, or
    /// after making room on a channel from one. Unused in a job of one node.
    /// </summary>
    [FieldOffset(256)] public int NodeDoorbell;
}
