using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Hpc.Mpi.Collectives;

/// <summary>
/// How the ranks sit on isles, seen from one rank: its isle, the isle leaders (the lowest rank of every isle) and
/// whether the hierarchical algorithms pay off. Computed once per transport and cached.
/// </summary>
internal sealed class IsleLayout
{
    /// <summary>The layout of each transport seen so far; dropped with the transport.</summary>
    private static readonly ConditionalWeakTable<ICollectiveTransport, IsleLayout> s_layouts = new();

    /// <summary>For every rank, the number of its isle (the isle's index in <see cref="Leaders"/>).</summary>
    private readonly int[] _isleNumberOf;

    /// <summary>For every rank, its index among the ranks of its isle.</summary>
    private readonly int[] _indexInIsleOf;

    /// <summary>Groups the <paramref name="size"/> ranks by the isle <paramref name="isleOf"/> names.</summary>
    /// <param name="rank">The rank the layout is seen from.</param>
    /// <param name="size">The number of ranks.</param>
    /// <param name="isleOf">The isle of a rank; any int identifies an isle.</param>
    public IsleLayout(int rank, int size, Func<int, int> isleOf)
    {
        Debug.Assert(size > 0 && (uint)rank < (uint)size);
        Rank = rank;
        World = new int[size];
        _isleNumberOf = new int[size];
        _indexInIsleOf = new int[size];

        // Ranks are visited in ascending order, so isles are numbered by their lowest rank and list their ranks ascending.
        var numberOfIsle = new Dictionary<int, int>();
        var isles = new List<List<int>>();
        for (int r = 0; r < size; r++)
        {
            World[r] = r;
            int isle = isleOf(r);
            if (!numberOfIsle.TryGetValue(isle, out int number))
            {
                number = isles.Count;
                numberOfIsle.Add(isle, number);
                isles.Add([]);
            }

            _isleNumberOf[r] = number;
            _indexInIsleOf[r] = isles[number].Count;
            isles[number].Add(r);
        }

        Leaders = [.. isles.Select(static members => members[0])];
        MyIsle = [.. isles[_isleNumberOf[rank]]];
        IndexInIsle = _indexInIsleOf[rank];
        LeaderIndex = IndexInIsle == 0 ? _isleNumberOf[rank] : -1;
        IsHierarchical = isles.Count > 1 && isles.Count < size;
        IsContiguous = isles.All(static members => members[^1] - members[0] == members.Count - 1);
    }

    /// <summary>The rank the layout is seen from.</summary>
    public int Rank { get; }

    /// <summary>All ranks: index and rank coincide.</summary>
    public int[] World { get; }

    /// <summary>The ranks of this rank's isle, ascending; the first is the isle's leader.</summary>
    public int[] MyIsle { get; }

    /// <summary>This rank's index in <see cref="MyIsle"/>.</summary>
    public int IndexInIsle { get; }

    /// <summary>The leader of every isle, ascending; the index of a leader is its isle's number.</summary>
    public int[] Leaders { get; }

    /// <summary>This rank's index in <see cref="Leaders"/>, or -1 if it does not lead its isle.</summary>
    public int LeaderIndex { get; }

    /// <summary>Whether this rank leads its isle.</summary>
    public bool IsLeader => LeaderIndex >= 0;

    /// <summary>
    /// Whether the collectives go isle by isle: there is more than one isle and some isle holds more than one rank.
    /// With one isle, or one rank per isle, every message costs the same and the flat algorithms are better.
    /// </summary>
    public bool IsHierarchical { get; }

    /// <summary>
    /// Whether every isle holds a contiguous range of ranks, so that reducing isle by isle keeps rank order and a
    /// non-commutative reduction can go hierarchically too.
    /// </summary>
    public bool IsContiguous { get; }

    /// <summary>The layout of <paramref name="transport"/>, computed on first use.</summary>
    public static IsleLayout Of(ICollectiveTransport transport) =>
        s_layouts.GetValue(transport, static t => new IsleLayout(t.Rank, t.Size, t.IsleOf));

    /// <summary>The number of the isle hosting <paramref name="rank"/>.</summary>
    public int IsleNumberOf(int rank) => _isleNumberOf[rank];

    /// <summary>The index of <paramref name="rank"/> among the ranks of its isle.</summary>
    public int IndexInIsleOf(int rank) => _indexInIsleOf[rank];

    /// <summary>All ranks, on the flat tag of the call.</summary>
    public RankGroup WorldGroup(ICollectiveTransport transport, int tag) => new(transport, World, Rank, tag + CollectiveTags.Main);

    /// <summary>This rank's isle, on the given stage tag offset of the call.</summary>
    public RankGroup IsleGroup(ICollectiveTransport transport, int tag, int stage) => new(transport, MyIsle, IndexInIsle, tag + stage);

    /// <summary>The isle leaders, on the flat tag of the call; only for a leader.</summary>
    public RankGroup LeaderGroup(ICollectiveTransport transport, int tag)
    {
        Debug.Assert(IsLeader);
        return new(transport, Leaders, LeaderIndex, tag + CollectiveTags.Main);
    }
}
