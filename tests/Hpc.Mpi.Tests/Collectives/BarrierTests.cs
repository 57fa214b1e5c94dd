using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="CollectiveAlgorithms.Barrier"/>: nobody leaves before everybody has arrived.</summary>
[TestFixture]
public sealed class BarrierTests
{
    /// <summary>Successive barriers each hold every rank until all have arrived at that barrier.</summary>
    [Test]
    public void Barrier_AnyLayout_NoRankLeavesEarly(
        [ValueSource(typeof(Matrix), nameof(Matrix.Sizes))] int size,
        [Values] IsleShape shape)
    {
        const int Rounds = 4;
        var arrived = new int[Rounds];
        int[][] seen = Ranks.Run(size, shape, transport =>
        {
            var counts = new int[Rounds];
            for (int round = 0; round < Rounds; round++)
            {
                Interlocked.Increment(ref arrived[round]);
                CollectiveAlgorithms.Barrier(transport, Ranks.Tag);

                // Every rank incremented this round's counter before entering, so after the barrier it must be full.
                counts[round] = Volatile.Read(ref arrived[round]);
            }

            return counts;
        });

        for (int rank = 0; rank < size; rank++)
        {
            Assert.That(seen[rank], Is.All.EqualTo(size), $"rank {rank} saw fewer arrivals");
        }
    }

    /// <summary>On isles of eight only the isle leaders send across isles.</summary>
    [Test]
    public void Barrier_IslesOfEight_OnlyLeadersCrossIsles()
    {
        Ranks.Run(64, IsleShape.Blocks8, transport =>
        {
            CollectiveAlgorithms.Barrier(transport, Ranks.Tag);
            return 0;
        }, out ThreadWorld world);

        Assert.That(CrossIsle.NonLeaderLinks(world), Is.Empty);
        Assert.That(world.Links.Keys.Count(link => world.IsleOf(link.Source) != world.IsleOf(link.Dest)), Is.EqualTo(8 * 3), "dissemination among 8 leaders: 3 rounds");
    }
}
