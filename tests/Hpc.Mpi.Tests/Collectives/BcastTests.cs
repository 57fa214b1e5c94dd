using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Bcast"/> against the root's buffer.</summary>
[TestFixture]
public sealed class BcastTests
{
    /// <summary>Sizes × counts (both sides of the large-message switch) × first and last root × layouts.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int size in Matrix.Sizes)
        {
            foreach (int count in Matrix.Counts)
            {
                foreach (int root in Ranks.Roots(size))
                {
                    foreach (IsleShape shape in Matrix.Shapes)
                    {
                        yield return new TestCaseData(size, count, root, shape);
                    }
                }
            }
        }
    }

    /// <summary>Every rank ends with the root's ints.</summary>
    [TestCaseSource(nameof(Cases))]
    public void Bcast_Ints_EveryRankHoldsRootData(int size, int count, int root, IsleShape shape) =>
        Check(size, count, root, shape, Ranks.Mix);

    /// <summary>Every rank ends with the root's doubles (an element size that does not divide the chunking evenly for all counts).</summary>
    [TestCaseSource(nameof(Cases))]
    public void Bcast_Doubles_EveryRankHoldsRootData(int size, int count, int root, IsleShape shape) =>
        Check(size, count, root, shape, static (r, i) => Ranks.Mix(r, i) / 7.0);

    /// <summary>A broadcast of a 3-byte struct, so chunks split elements, still arrives whole.</summary>
    [Test]
    public void Bcast_OddElementSizeLarge_EveryRankHoldsRootData([Values(3, 5, 8)] int size) =>
        Check(size, 30_001, size - 1, IsleShape.Flat, static (r, i) => new Rgb((byte)r, (byte)i, (byte)(i >> 8)));

    /// <summary>On isles of eight only the isle leaders send across isles, whichever rank is the root.</summary>
    [Test]
    public void Bcast_IslesOfEight_OnlyLeadersCrossIsles([Values(0, 13, 63)] int root, [Values(16, 70_000)] int count)
    {
        Ranks.Run(64, IsleShape.Blocks8, transport =>
        {
            int[] buffer = Ranks.Fill(transport.Rank, count, Ranks.Mix);
            CollectiveAlgorithms.Bcast<int>(transport, buffer, root, Ranks.Tag);
            return 0;
        }, out ThreadWorld world);

        Assert.That(CrossIsle.NonLeaderLinks(world), Is.Empty);
    }

    /// <summary>Runs a broadcast and compares every rank's buffer with the root's.</summary>
    private static void Check<T>(int size, int count, int root, IsleShape shape, Func<int, int, T> value)
        where T : unmanaged
    {
        T[] expected = Ranks.Fill(root, count, value);
        T[][] results = Ranks.Run(size, shape, transport =>
        {
            T[] buffer = transport.Rank == root ? Ranks.Fill(root, count, value) : new T[count];
            CollectiveAlgorithms.Bcast<T>(transport, buffer, root, Ranks.Tag);
            return buffer;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Ranks.AssertSame<T>(expected, results[rank], $"rank {rank}");
        }
    }

    /// <summary>A three-byte element.</summary>
    private readonly record struct Rgb(byte R, byte G, byte B);
}
