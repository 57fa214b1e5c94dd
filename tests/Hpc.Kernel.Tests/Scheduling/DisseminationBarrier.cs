using Hpc.Scheduling;

namespace Hpc.Kernel.Tests.Scheduling;

/// <summary>
/// A dissemination barrier over doorbells, the way the collectives will use the scheduler: in step k of a barrier,
/// rank r bumps its count for step k at rank r + 2^k, rings that rank, and waits until its own count for step k
/// reaches the barrier's number. Counts are cumulative, so no reset is needed between barriers.
/// </summary>
internal sealed class DisseminationBarrier
{
    /// <summary>Ints in a cache line: one line of counts per rank.</summary>
    private const int IntsPerLine = 16;

    /// <summary>The rig whose ranks take part.</summary>
    private readonly RankRig _rig;
    /// <summary>Ranks taking part.</summary>
    private readonly int _ranks;
    /// <summary>Steps per barrier: ceil(log2(ranks)).</summary>
    private readonly int _steps;
    /// <summary>Signals received, at [rank * IntsPerLine + step].</summary>
    private readonly int[] _arrivals;
    /// <summary>Barriers each rank has completed.</summary>
    private readonly int[] _completed;

    /// <summary>Creates a barrier for all ranks of <paramref name="rig"/>.</summary>
    public DisseminationBarrier(RankRig rig)
    {
        _rig = rig;
        _ranks = rig.Tasks.Length;
        _steps = 0;
        while ((1 << _steps) < _ranks)
        {
            _steps++;
        }

        _arrivals = new int[_ranks * IntsPerLine];
        _completed = new int[_ranks * IntsPerLine];
    }

    /// <summary>Waits on the calling rank until every rank has arrived at this barrier.</summary>
    public void Arrive(RankTask task)
    {
        int rank = task.Rank;
        int round = ++_completed[rank * IntsPerLine];
        for (int step = 0; step < _steps; step++)
        {
            int partner = (rank + (1 << step)) % _ranks;
            Interlocked.Increment(ref _arrivals[(partner * IntsPerLine) + step]);
            _rig.Ring(partner);

            // The doorbell pattern, inline so a barrier allocates nothing: read the bell, test, wait for a change.
            ref int arrivals = ref _arrivals[(rank * IntsPerLine) + step];
            while (true)
            {
                int seen = _rig.Peek(rank);
                if (Volatile.Read(ref arrivals) >= round)
                {
                    break;
                }

                _rig.Scheduler.WaitForDoorbell(task, seen);
            }
        }
    }
}
