using System.Diagnostics;
using System.Numerics;

namespace Hpc.Mpi.Collectives;

/// <content>Allgather and Allgatherv.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Collects <paramref name="send"/> (the same length everywhere) of every rank r into block r of
    /// <paramref name="recv"/> (size × send.Length elements) on every rank; <paramref name="send"/> may be this
    /// rank's block of <paramref name="recv"/>. Recursive doubling for a power-of-two size, ring otherwise.
    /// </summary>
    public static void Allgather<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        int size = group.Size;
        int self = group.Self;
        int count = send.Length;
        Debug.Assert(recv.Length == size * count);
        send.CopyTo(recv.Slice(self * count, count));
        if (BitOperations.IsPow2(size))
        {
            // Before the round with distance 2^k a member holds the 2^k blocks of its aligned window; partners swap windows.
            for (int mask = 1; mask < size; mask <<= 1)
            {
                int partner = self ^ mask;
                int mine = self & ~(mask - 1);
                int theirs = mine ^ mask;
                group.SendRecv<T>(recv.Slice(mine * count, mask * count), partner, recv.Slice(theirs * count, mask * count), partner);
            }

            return;
        }

        int right = self + 1 == size ? 0 : self + 1;
        int left = self == 0 ? size - 1 : self - 1;
        for (int step = 0; step < size - 1; step++)
        {
            int sendBlock = (self - step + size) % size;
            int recvBlock = (self - step - 1 + size) % size;
            group.SendRecv<T>(recv.Slice(sendBlock * count, count), right, recv.Slice(recvBlock * count, count), left);
        }
    }

    /// <summary>
    /// Collects <paramref name="send"/> of every rank r into <paramref name="recv"/> at
    /// <paramref name="displacements"/>[r] on every rank; <paramref name="counts"/>[r] is rank r's send length.
    /// Recursive doubling when the size is a power of two and the blocks lie back to back in rank order (then each
    /// window is one contiguous message), ring otherwise.
    /// </summary>
    public static void Allgatherv<T>(
        ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        int size = group.Size;
        int self = group.Self;
        Debug.Assert(counts.Length == size && displacements.Length == size && counts[self] == send.Length);
        send.CopyTo(recv.Slice(displacements[self], counts[self]));
        if (BitOperations.IsPow2(size) && AreBackToBack(counts, displacements))
        {
            for (int mask = 1; mask < size; mask <<= 1)
            {
                int partner = self ^ mask;
                int mine = self & ~(mask - 1);
                int theirs = mine ^ mask;
                group.SendRecv<T>(Window(recv, counts, displacements, mine, mask), partner, Window(recv, counts, displacements, theirs, mask), partner);
            }

            return;
        }

        int right = self + 1 == size ? 0 : self + 1;
        int left = self == 0 ? size - 1 : self - 1;
        for (int step = 0; step < size - 1; step++)
        {
            int sendBlock = (self - step + size) % size;
            int recvBlock = (self - step - 1 + size) % size;
            group.SendRecv<T>(
                recv.Slice(displacements[sendBlock], counts[sendBlock]), right, recv.Slice(displacements[recvBlock], counts[recvBlock]), left);
        }
    }

    /// <summary>Whether block r + 1 starts where block r ends, for every r.</summary>
    private static bool AreBackToBack(ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements)
    {
        for (int r = 1; r < counts.Length; r++)
        {
            if (displacements[r] != displacements[r - 1] + counts[r - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Blocks [first, first + length) of back-to-back blocks, as one span.</summary>
    private static Span<T> Window<T>(Span<T> data, ReadOnlySpan<int> counts, ReadOnlySpan<int> displacements, int first, int length)
    {
        int last = first + length - 1;
        return data[displacements[first]..(displacements[last] + counts[last])];
    }
}
