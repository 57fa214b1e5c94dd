using System.Diagnostics;
using System.Numerics;

namespace Hpc.Mpi.Collectives;

/// <summary>
/// The collective operations, built on <see cref="ICollectiveTransport"/>. Every rank calls the same collective with
/// the same arguments (counts, root, operation, base tag) in the same order; a call uses the tags
/// [tag, tag + <see cref="CollectiveTags.Count"/>). Buffers are in elements; receive and send buffers may be the same
/// memory (in place) where the signature has both and they have equal length. Barrier, broadcast, reduce and
/// allreduce go isle by isle when <see cref="IsleLayout.IsHierarchical"/>; the others are flat.
/// </summary>
/// <remarks>
/// Algorithms run on a <see cref="RankGroup"/> and use binomial trees in "relative" numbering: the root is 0, and
/// relative rank v &gt; 0 has parent v − lowbit(v) and children v + 2^k for 2^k &lt; lowbit(v) (the root: for
/// 2^k &lt; size), so the subtree of v is the contiguous range [v, v + lowbit(v)).
/// </remarks>
internal static partial class CollectiveAlgorithms
{
    /// <summary>The position of <paramref name="index"/> in a tree rooted at <paramref name="root"/>.</summary>
    private static int ToRelative(int index, int root, int size) => index >= root ? index - root : index - root + size;

    /// <summary>The group index at relative position <paramref name="relative"/> of a tree rooted at <paramref name="root"/>.</summary>
    private static int ToIndex(int relative, int root, int size) => relative + root < size ? relative + root : relative + root - size;

    /// <summary>
    /// The bound on the children of relative rank <paramref name="relative"/>: its children are relative + 2^k for
    /// 2^k below this bound (and below <paramref name="size"/> − relative). It is lowbit(relative), or for the root the
    /// smallest power of two not below the size.
    /// </summary>
    private static int SubtreeReach(int relative, int size) =>
        relative == 0 ? (int)BitOperations.RoundUpToPowerOf2((uint)size) : relative & -relative;

    /// <summary>The largest power of two not above <paramref name="size"/>.</summary>
    private static int FloorPowerOfTwo(int size)
    {
        Debug.Assert(size > 0);
        return 1 << BitOperations.Log2((uint)size);
    }

    /// <summary>The first element of block <paramref name="block"/> when <paramref name="count"/> elements are split into <paramref name="blocks"/> near-equal blocks.</summary>
    private static int BlockStart(int block, int count, int blocks) =>
        (block * (count / blocks)) + Math.Min(block, count % blocks);

    /// <summary>Elements [first block, end block) of a split of <paramref name="data"/> into <paramref name="blocks"/> near-equal blocks.</summary>
    private static Span<T> Blocks<T>(Span<T> data, int first, int end, int blocks)
    {
        int start = BlockStart(first, data.Length, blocks);
        return data[start..BlockStart(end, data.Length, blocks)];
    }
}
