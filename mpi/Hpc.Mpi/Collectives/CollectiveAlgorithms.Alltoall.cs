using System.Diagnostics;

namespace Hpc.Mpi.Collectives;

/// <content>Alltoall and Alltoallv.</content>
internal static partial class CollectiveAlgorithms
{
    /// <summary>
    /// Sends block d of <paramref name="send"/> to rank d, which stores it as block s (s = this rank) of its
    /// <paramref name="recv"/>; both buffers hold size equal blocks. Pairwise exchange: in step k every rank sends
    /// to rank + k and receives from rank − k.
    /// </summary>
    public static void Alltoall<T>(ICollectiveTransport transport, ReadOnlySpan<T> send, Span<T> recv, int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        int size = group.Size;
        int self = group.Self;
        int count = send.Length / size;
        Debug.Assert(send.Length == size * count && recv.Length == send.Length);
        send.Slice(self * count, count).CopyTo(recv.Slice(self * count, count));
        for (int step = 1; step < size; step++)
        {
            int to = (self + step) % size;
            int from = (self - step + size) % size;
            group.SendRecv(send.Slice(to * count, count), to, recv.Slice(from * count, count), from);
        }
    }

    /// <summary>
    /// Sends <paramref name="sendCounts"/>[d] elements at <paramref name="sendDisplacements"/>[d] to rank d, and
    /// receives <paramref name="recvCounts"/>[s] elements from rank s into <paramref name="recvDisplacements"/>[s].
    /// Pairwise exchange as in <see cref="Alltoall"/>.
    /// </summary>
    public static void Alltoallv<T>(
        ICollectiveTransport transport,
        ReadOnlySpan<T> send,
        ReadOnlySpan<int> sendCounts,
        ReadOnlySpan<int> sendDisplacements,
        Span<T> recv,
        ReadOnlySpan<int> recvCounts,
        ReadOnlySpan<int> recvDisplacements,
        int tag)
        where T : unmanaged
    {
        RankGroup group = IsleLayout.Of(transport).WorldGroup(transport, tag);
        int size = group.Size;
        int self = group.Self;
        Debug.Assert(sendCounts.Length == size && sendDisplacements.Length == size && recvCounts.Length == size && recvDisplacements.Length == size);
        Debug.Assert(sendCounts[self] == recvCounts[self]);
        send.Slice(sendDisplacements[self], sendCounts[self]).CopyTo(recv.Slice(recvDisplacements[self], recvCounts[self]));
        for (int step = 1; step < size; step++)
        {
            int to = (self + step) % size;
            int from = (self - step + size) % size;
            group.SendRecv(
                send.Slice(sendDisplacements[to], sendCounts[to]), to, recv.Slice(recvDisplacements[from], recvCounts[from]), from);
        }
    }
}
