using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Alltoall"/> and <see cref="CollectiveAlgorithms.Alltoallv"/>.</summary>
[TestFixture]
public sealed class AlltoallTests
{
    /// <summary>Block s of rank d's result is what rank s addressed to d.</summary>
    [Test]
    public void Alltoall_AnySize_EveryRankHoldsWhatEachSentIt(
        [ValueSource(typeof(Matrix), nameof(Matrix.Sizes))] int size,
        [ValueSource(typeof(Matrix), nameof(Matrix.BlockCounts))] int count)
    {
        // The element i of the block rank s sends to rank d.
        int Value(int source, int dest, int i) => Ranks.Mix((source * 1000) + dest, i);

        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int self = transport.Rank;
            int[] send = [.. Enumerable.Range(0, size).SelectMany(dest => Enumerable.Range(0, count).Select(i => Value(self, dest, i)))];
            int[] recv = new int[size * count];
            CollectiveAlgorithms.Alltoall<int>(transport, send, recv, Ranks.Tag);
            return recv;
        });

        for (int rank = 0; rank < size; rank++)
        {
            int dest = rank;
            int[] expected = [.. Enumerable.Range(0, size).SelectMany(source => Enumerable.Range(0, count).Select(i => Value(source, dest, i)))];
            Ranks.AssertSame<int>(expected, results[rank], $"rank {rank}");
        }
    }

    /// <summary>Blocks whose lengths depend on the (source, destination) pair, some empty, at gapped displacements.</summary>
    [Test]
    public void Alltoallv_VaryingCounts_EveryRankHoldsWhatEachSentIt([ValueSource(typeof(Matrix), nameof(Matrix.Sizes))] int size)
    {
        int Count(int source, int dest) => ((source * 3) + (dest * 5)) % 4;
        int Value(int source, int dest, int i) => Ranks.Mix((source * 1000) + dest, i);

        // Rank s lays out its outgoing blocks, and rank d its incoming ones, in reverse order with one-element gaps.
        static (int[] Displacements, int Length) Place(int size, Func<int, int> count)
        {
            var displacements = new int[size];
            int at = 0;
            for (int peer = size - 1; peer >= 0; peer--)
            {
                displacements[peer] = at;
                at += count(peer) + 1;
            }

            return (displacements, at);
        }

        int[][] results = Ranks.Run(size, IsleShape.Flat, transport =>
        {
            int self = transport.Rank;
            int[] sendCounts = [.. Enumerable.Range(0, size).Select(dest => Count(self, dest))];
            int[] recvCounts = [.. Enumerable.Range(0, size).Select(source => Count(source, self))];
            (int[] sendDisplacements, int sendLength) = Place(size, dest => sendCounts[dest]);
            (int[] recvDisplacements, int recvLength) = Place(size, source => recvCounts[source]);
            int[] send = new int[sendLength];
            for (int dest = 0; dest < size; dest++)
            {
                for (int i = 0; i < sendCounts[dest]; i++)
                {
                    send[sendDisplacements[dest] + i] = Value(self, dest, i);
                }
            }

            int[] recv = new int[recvLength];
            CollectiveAlgorithms.Alltoallv<int>(transport, send, sendCounts, sendDisplacements, recv, recvCounts, recvDisplacements, Ranks.Tag);

            // Unpack in source order so that the test compares plain sequences.
            return Enumerable.Range(0, size).SelectMany(source => recv.AsSpan(recvDisplacements[source], recvCounts[source]).ToArray()).ToArray();
        });

        for (int rank = 0; rank < size; rank++)
        {
            int dest = rank;
            int[] expected = [.. Enumerable.Range(0, size).SelectMany(source => Enumerable.Range(0, Count(source, dest)).Select(i => Value(source, dest, i)))];
            Ranks.AssertSame<int>(expected, results[rank], $"rank {rank}");
        }
    }
}
