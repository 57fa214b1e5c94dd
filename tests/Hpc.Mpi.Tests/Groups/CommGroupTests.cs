namespace Hpc.Mpi.Tests.Groups;

/// <summary>Groups, Comm.Create, SplitType and Compare, on real engines over a segment.</summary>
[TestFixture]
public sealed class CommGroupTests
{
    [Test]
    public void Create_EvenRanks_MembersTalkAndOthersGetNull()
    {
        (int Rank, int Size, int Sum)[] results = SegmentWorld.Run(5, world =>
        {
            Group evens = world.Group.Incl([0, 2, 4]);
            Comm? comm = world.Create(evens);
            return comm is null ? (-1, 0, 0) : (comm.Rank, comm.Size, comm.Allreduce(world.Rank, Op<int>.Sum));
        });

        Assert.That(results, Is.EqualTo(new[] { (0, 3, 6), (-1, 0, 0), (1, 3, 6), (-1, 0, 0), (2, 3, 6) }));
    }

    [Test]
    public void Create_GroupInReverseOrder_NumbersRanksInGroupOrder()
    {
        int[][] results = SegmentWorld.Run(3, world =>
        {
            Comm reversed = world.Create(world.Group.Incl([2, 1, 0]))!;
            return reversed.Allgather(world.Rank);
        });

        Assert.That(results, Is.All.EqualTo(new[] { 2, 1, 0 }));
    }

    [Test]
    public void ExclAndTranslateRanks_AgreeWithTheMembersKept()
    {
        Group[] groups = SegmentWorld.Run(1, world => world.Group);
        Assert.That(groups[0].Size, Is.EqualTo(1));

        var world6 = new Group([0, 1, 2, 3, 4, 5]);
        Group odd = world6.Excl([0, 2, 4]);
        Assert.That(odd.Size, Is.EqualTo(3));
        Assert.That(world6.TranslateRanks([0, 1, 3, 5], odd), Is.EqualTo(new[] { -1, 0, 1, 2 }));
        Assert.That(odd.TranslateRanks([0, 1, 2], world6), Is.EqualTo(new[] { 1, 3, 5 }));
        Assert.Throws<ArgumentException>(() => world6.Incl([1, 1]));
        Assert.Throws<ArgumentException>(() => world6.Excl([6]));
    }

    [Test]
    public void Compare_DupSplitAndReorder_AsMpiAnswers()
    {
        CommComparison[][] results = SegmentWorld.Run(4, world =>
        {
            Comm dup = world.Dup();
            Comm reversed = world.Split(0, -world.Rank)!;
            Comm half = world.Split(world.Rank / 2, world.Rank)!;
            return new[] { Comm.Compare(world, world), Comm.Compare(world, dup), Comm.Compare(world, reversed), Comm.Compare(world, half) };
        });

        Assert.That(results, Is.All.EqualTo(new[] { CommComparison.Identical, CommComparison.Congruent, CommComparison.Similar, CommComparison.Unequal }));
    }

    [Test]
    public void SplitType_IslePerRank_IsleGivesSingletonsAndSharedGivesTheNode()
    {
        (int IsleSize, int SharedSize, int SharedRank)[] results = SegmentWorld.Run(3, world =>
        {
            Comm isle = world.SplitType(CommSplitType.Isle, 0);
            Comm shared = world.SplitType(CommSplitType.Shared, -world.Rank);
            return (isle.Size, shared.Size, shared.Rank);
        });

        Assert.That(results, Is.EqualTo(new[] { (1, 3, 2), (1, 3, 1), (1, 3, 0) }));
    }
}
