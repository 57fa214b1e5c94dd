namespace Hpc.Mpi.Collectives;

/// <content>Scan and Exscan.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Inclusive prefix reduction: <paramref name="recv"/> of rank r becomes x0 op x1 op ... op xr, in rank order;
    /// <paramref name="send"/> may be <paramref name="recv"/>. Recursive doubling: in round k partners 2^k apart
    /// swap the reduction of their aligned windows; a rank folds what comes from below into its prefix on the left.
    /// </summary>
    public static void Scan<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, Op<T> op, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        using var scratch = new RentedBuffer<T>(2 * send.Length);
        Span<T> window = scratch.Span[..send.Length];
        Span<T> incoming = scratch.Span[send.Length..];
        send.CopyTo(window);
        send.CopyTo(recv);
        for (int mask = 1; mask < group.Size; mask <<= 1)
        {
            int partner = group.Self ^ mask;
            if (partner >= group.Size)
            {
                continue;
            }

            group.SendRecv<T>(window, partner, incoming, partner);
            if (partner < group.Self)
            {
                op.ApplyLeft(incoming, window);
                op.ApplyLeft(incoming, recv);
            }
            else
            {
                op.ApplyRight(incoming, window);
            }
        }
    }

    /// <summary>
    /// Exclusive prefix reduction: <paramref name="recv"/> of rank r &gt; 0 becomes x0 op ... op x(r−1), in rank
    /// order; rank 0's <paramref name="recv"/> is left as it was. <paramref name="send"/> may be
    /// <paramref name="recv"/>. Recursive doubling as in <see cref="Scan"/>.
    /// </summary>
    public static void Exscan<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, Op<T> op, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        using var scratch = new RentedBuffer<T>(2 * send.Length);
        Span<T> window = scratch.Span[..send.Length];
        Span<T> incoming = scratch.Span[send.Length..];

        // Copied before recv is written, since send may be recv.
        send.CopyTo(window);
        bool hasPrefix = false;
        for (int mask = 1; mask < group.Size; mask <<= 1)
        {
            int partner = group.Self ^ mask;
            if (partner >= group.Size)
            {
                continue;
            }

            group.SendRecv<T>(window, partner, incoming, partner);
            if (partner < group.Self)
            {
                op.ApplyLeft(incoming, window);
                if (hasPrefix)
                {
                    op.ApplyLeft(incoming, recv);
                }
                else
                {
                    incoming.CopyTo(recv);
                    hasPrefix = true;
                }
            }
            else
            {
                op.ApplyRight(incoming, window);
            }
        }
    }
}
