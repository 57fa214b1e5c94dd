using Hpc.Mpi.Collectives;

namespace Hpc.Mpi.Tests.Collectives;

/// <summary><see cref="IsleLayout"/>: isles, leaders and when the hierarchy is used.</summary>
[TestFixture]
public sealed class IsleLayoutTests
{
    /// <summary>One rank per isle, or one isle for all: the flat algorithms.</summary>
    [Test]
    public void IsHierarchical_OneRankPerIsleOrOneIsle_IsFalse()
    {
        Assert.That(new IsleLayout(3, 8, IsleShape.Flat.IsleOf()).IsHierarchical, Is.False);
        Assert.That(new IsleLayout(3, 8, IsleShape.OneIsle.IsleOf()).IsHierarchical, Is.False);
        Assert.That(new IsleLayout(0, 1, IsleShape.Flat.IsleOf()).IsHierarchical, Is.False);
    }

    /// <summary>Consecutive blocks: isles numbered by their lowest rank, leaders ascending, contiguous.</summary>
    [Test]
    public void Layout_Blocks_LeadersAreLowestRanks()
    {
        var layout = new IsleLayout(4, 5, IsleShape.Blocks3.IsleOf());

        Assert.That(layout.IsHierarchical, Is.True);
        Assert.That(layout.IsContiguous, Is.True);
        Assert.That(layout.Leaders, Is.EqualTo(new[] { 0, 3 }));
        Assert.That(layout.MyIsle, Is.EqualTo(new[] { 3, 4 }));
        Assert.That(layout.IndexInIsle, Is.EqualTo(1));
        Assert.That(layout.IsLeader, Is.False);
        Assert.That(layout.IsleNumberOf(2), Is.EqualTo(0));
        Assert.That(layout.IndexInIsleOf(3), Is.EqualTo(0));
    }

    /// <summary>Interleaved isles are hierarchical but not contiguous; a leader knows its index among the leaders.</summary>
    [Test]
    public void Layout_Interleaved_NotContiguous()
    {
        var layout = new IsleLayout(1, 5, IsleShape.RoundRobin3.IsleOf());

        Assert.That(layout.IsHierarchical, Is.True);
        Assert.That(layout.IsContiguous, Is.False);
        Assert.That(layout.Leaders, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(layout.MyIsle, Is.EqualTo(new[] { 1, 4 }));
        Assert.That(layout.LeaderIndex, Is.EqualTo(1));
        Assert.That(layout.IndexInIsleOf(3), Is.EqualTo(1));
    }
}
