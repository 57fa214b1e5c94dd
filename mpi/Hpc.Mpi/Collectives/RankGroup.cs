using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Hpc.Mpi.Collectives;

/// <summary>
/// The ranks one stage of a collective runs among (all ranks, one isle, or the isle leaders), addressed by their
/// index in the group, with the tag of that stage. The algorithms are written against groups, so the flat and the
/// hierarchical collectives share them.
/// </summary>
internal readonly struct RankGroup
{
    /// <summary>The point-to-point service underneath.</summary>
    private readonly ICollectiveTransport _transport;

    /// <summary>The transport rank of each group index, ascending.</summary>
    private readonly int[] _ranks;

    /// <summary>Makes the group <paramref name="ranks"/>, in which this rank has index <paramref name="self"/>.</summary>
    public RankGroup(ICollectiveTransport transport, int[] ranks, int self, int tag)
    {
        Debug.Assert((uint)self < (uint)ranks.Length && ranks[self] == transport.Rank, "This rank must be a member.");
        _transport = transport;
        _ranks = ranks;
        Self = self;
        Tag = tag;
    }

    /// <summary>The number of ranks in the group.</summary>
    public int Size => _ranks.Length;

    /// <summary>This rank's index in the group.</summary>
    public int Self { get; }

    /// <summary>The tag every message of this stage carries.</summary>
    public int Tag { get; }

    /// <summary>The same group with another tag.</summary>
    public RankGroup WithTag(int tag) => new(_transport, _ranks, Self, tag);

    /// <summary>Sends <paramref name="data"/> to the member with index <paramref name="to"/>.</summary>
    public void Send<T>(ReadOnlySpan<T> data, int to)
        where T : unmanaged
    {
        Debug.Assert(to != Self);
        _transport.Send(MemoryMarshal.AsBytes(data), _ranks[to], Tag);
    }

    /// <summary>Receives exactly <paramref name="data"/>'s length from the member with index <paramref name="from"/>.</summary>
    public void Recv<T>(Span<T> data, int from)
        where T : unmanaged
    {
        Debug.Assert(from != Self);
        _transport.Recv(MemoryMarshal.AsBytes(data), _ranks[from], Tag);
    }

    /// <summary>Sends to member <paramref name="to"/> while receiving from member <paramref name="from"/>.</summary>
    public void SendRecv<T>(ReadOnlySpan<T> send, int to, Span<T> recv, int from)
        where T : unmanaged
    {
        Debug.Assert(to != Self && from != Self);
        _transport.SendRecv(MemoryMarshal.AsBytes(send), _ranks[to], Tag, MemoryMarshal.AsBytes(recv), _ranks[from], Tag);
    }
}
