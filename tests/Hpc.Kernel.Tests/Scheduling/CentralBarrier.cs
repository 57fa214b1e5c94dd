using Hpc.Scheduling;

namespace Hpc.Kernel.Tests.Scheduling;

/// <summary>
/// A central barrier over doorbells: each rank bumps one shared count; the last to arrive starts the next generation
/// and rings every rank. Each rank blocks once per barrier, so a core of n ranks makes about n hand-offs per barrier:
/// the scheduler's floor for a barrier, to compare with the dissemination barrier.
/// </summary>
internal sealed class CentralBarrier
{
    /// <summary>The rig whose ranks take part.</summary>
    private readonly RankRig _rig;
    /// <summary>Ranks arrived at the current generation (own cache line).</summary>
    private readonly int[] _arrived = new int[32];
    /// <summary>Barriers completed (own cache line).</summary>
    private readonly int[] _generation = new int[32];

    /// <summary>Creates a barrier for all ranks of <paramref name="rig"/>.</summary>
    public CentralBarrier(RankRig rig) => _rig = rig;

    /// <summary>Waits on the calling rank until every rank has arrived.</summary>
    public void Arrive(RankTask task)
    {
        ref int arrived = ref _arrived[16];
        ref int generation = ref _generation[16];
        int mine = Volatile.Read(ref generation);
        int ranks = _rig.Tasks.Length;
        if (Interlocked.Increment(ref arrived) == ranks)
        {
            arrived = 0;
            Volatile.Write(ref generation, mine + 1);
            for (int rank = 0; rank < ranks; rank++)
            {
                _rig.Ring(rank);
            }

            return;
        }

        while (true)
        {
            int seen = _rig.Peek(task.Rank);
            if (Volatile.Read(ref generation) != mine)
            {
                return;
            }

            _rig.Scheduler.WaitForDoorbell(task, seen);
        }
    }
}
