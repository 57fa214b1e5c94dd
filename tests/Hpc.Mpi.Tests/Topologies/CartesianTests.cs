namespace Hpc.Mpi.Tests.Topologies;

/// <summary>
/// Cartesian topologies: DimsCreate against MPICH's answers, and grids made on real engines over a segment, whose
/// coordinates, ranks, shifts and sub-grids are checked against row-major arithmetic done here.
/// </summary>
[TestFixture]
public sealed class CartesianTests
{
    /// <summary>What MPICH 4.0.2's MPI_Dims_create answers with all entries free (run on this machine, 2026-12-02).</summary>
    private static readonly object[] s_mpichDims =
    [
        new object[] { 12, 2, new[] { 4, 3 } },
        new object[] { 7, 2, new[] { 7, 1 } },
        new object[] { 64, 3, new[] { 4, 4, 4 } },
        new object[] { 6, 2, new[] { 3, 2 } },
        new object[] { 16, 3, new[] { 4, 2, 2 } },
        new object[] { 24, 3, new[] { 4, 3, 2 } },
        new object[] { 1, 3, new[] { 1, 1, 1 } },
        new object[] { 30, 2, new[] { 6, 5 } },
        new object[] { 8, 1, new[] { 8 } },
        new object[] { 36, 3, new[] { 4, 3, 3 } },
        new object[] { 90, 2, new[] { 10, 9 } },
        new object[] { 48, 3, new[] { 4, 4, 3 } },
        new object[] { 120, 3, new[] { 6, 5, 4 } },
        new object[] { 1000, 3, new[] { 10, 10, 10 } },
        new object[] { 60, 4, new[] { 5, 3, 2, 2 } },
    ];

    [TestCaseSource(nameof(s_mpichDims))]
    public void DimsCreate_AllFree_AsMpich(int nodes, int dimensions, int[] expected) =>
        Assert.That(Comm.DimsCreate(nodes, dimensions), Is.EqualTo(expected));

    [Test]
    public void DimsCreate_SomeFixed_KeepsThemAndBalancesTheRest()
    {
        int[] dims = [0, 3, 0];
        Comm.DimsCreate(24, dims);
        Assert.That(dims, Is.EqualTo(new[] { 4, 3, 2 }));
    }

    [Test]
    public void DimsCreate_NotAMultipleOfTheFixedExtents_Throws() =>
        Assert.Throws<ArgumentException>(() => Comm.DimsCreate(10, (Span<int>)[0, 3]));

    [Test]
    public void CartShift_NonPeriodic_EdgesGetProcNull()
    {
        // A 3 × 2 grid of 6 ranks: rank = 2·row + column.
        (int Source, int Destination)[][] shifts = SegmentWorld.Run(6, world =>
        {
            Comm grid = world.CartCreate([3, 2], [false, false], reorder: false)!;
            return new[] { grid.CartShift(0, 1), grid.CartShift(1, 1), grid.CartShift(0, -2) };
        });

        const int Null = Comm.ProcNull;
        for (int rank = 0; rank < 6; rank++)
        {
            int row = rank / 2, column = rank % 2;
            (int, int) down = (row > 0 ? rank - 2 : Null, row < 2 ? rank + 2 : Null);
            (int, int) right = (column > 0 ? rank - 1 : Null, column < 1 ? rank + 1 : Null);
            (int, int) upTwo = (row + 2 <= 2 ? rank + 4 : Null, row - 2 >= 0 ? rank - 4 : Null);
            Assert.That(shifts[rank], Is.EqualTo(new[] { down, right, upTwo }), $"rank {rank}");
        }
    }

    [Test]
    public void CartShift_Periodic_WrapsAround()
    {
        (int Source, int Destination)[][] shifts = SegmentWorld.Run(6, world =>
        {
            Comm grid = world.CartCreate([3, 2], [true, false], reorder: false)!;
            return new[] { grid.CartShift(0, 1), grid.CartShift(0, 4), grid.CartShift(1, 1) };
        });

        for (int rank = 0; rank < 6; rank++)
        {
            int row = rank / 2, column = rank % 2;
            (int, int) down = ((((row + 2) % 3) * 2) + column, (((row + 1) % 3) * 2) + column);
            (int, int) downFour = ((((row + 2) % 3) * 2) + column, (((row + 1) % 3) * 2) + column); // 4 ≡ 1 (mod 3)
            (int, int) right = (column > 0 ? rank - 1 : Comm.ProcNull, column < 1 ? rank + 1 : Comm.ProcNull);
            Assert.That(shifts[rank], Is.EqualTo(new[] { down, downFour, right }), $"rank {rank}");
        }
    }

    [Test]
    public void CartCoordsAndCartRank_RowMajor_AreInverse()
    {
        bool[] results = SegmentWorld.Run(4, world =>
        {
            Comm grid = world.CartCreate([2, 1, 2], [false, true, false], reorder: false)!;
            bool ok = grid.Cartesian!.Size == 4 && grid.Cartesian.Dimensions == 3;
            for (int rank = 0; rank < grid.Size; rank++)
            {
                int[] coords = grid.CartCoords(rank);
                ok &= coords.SequenceEqual(new[] { rank / 2, 0, rank % 2 }) && grid.CartRank(coords) == rank;
            }

            ok &= grid.CartCoords().SequenceEqual(grid.CartCoords(grid.Rank));
            ok &= grid.CartRank([1, 5, 0]) == 2; // the periodic middle dimension wraps
            Assert.Throws<ArgumentException>(() => grid.CartRank([2, 0, 0]));
            return ok;
        });

        Assert.That(results, Is.All.True);
    }

    [Test]
    public void CartCreate_SmallerThanTheCommunicator_LeftOverRanksGetNull()
    {
        (bool HasGrid, int Rank)[] results = SegmentWorld.Run(5, world =>
        {
            Comm? grid = world.CartCreate([2, 2], [false, false], reorder: true);
            return (grid is not null, grid?.Rank ?? -1);
        });

        Assert.That(results, Is.EqualTo(new[] { (true, 0), (true, 1), (true, 2), (true, 3), (false, -1) }));
    }

    [Test]
    public void CartSub_KeepColumns_GivesRowCommunicatorsThatTalk()
    {
        // A 2 × 3 grid; keeping dimension 1 makes one communicator per row, ranked by column.
        (int Size, int Rank, int Dims, int RowSum, (int, int) Shift)[] results = SegmentWorld.Run(6, world =>
        {
            Comm grid = world.CartCreate([2, 3], [false, true], reorder: false)!;
            Comm row = grid.CartSub([false, true]);
            int rowSum = row.Allreduce(world.Rank, Op<int>.Sum);
            return (row.Size, row.Rank, row.Cartesian!.Dims[0], rowSum, row.CartShift(0, 1));
        });

        for (int rank = 0; rank < 6; rank++)
        {
            int r = rank / 3, c = rank % 3;
            Assert.That(results[rank], Is.EqualTo((3, c, 3, (3 * r * 3) + 3, ((c + 2) % 3, (c + 1) % 3))), $"rank {rank}");
        }
    }

    [Test]
    public void CartShift_WithoutATopology_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => SegmentWorld.Run(1, world => world.CartShift(0, 1)));
    }

    [Test]
    public void SendrecvAlongCartShift_RingOfFour_EveryRankGetsItsLeftNeighbour()
    {
        int[] results = SegmentWorld.Run(4, world =>
        {
            Comm ring = world.CartCreate(Comm.DimsCreate(world.Size, 1), [true], reorder: false)!;
            (int left, int right) = ring.CartShift(0, 1);
            int received = -1;
            ring.Sendrecv<int>([ring.Rank * 100], right, 0, new Span<int>(ref received), left, 0);
            return received;
        });

        Assert.That(results, Is.EqualTo(new[] { 300, 0, 100, 200 }));
    }
}
