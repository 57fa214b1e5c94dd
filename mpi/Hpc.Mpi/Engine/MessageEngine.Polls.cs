using Hpc.Isles;

namespace Hpc.Mpi.Engine;

/// <summary>
/// MPI's progress rule for ranks that poll (MPI 4.0 §3.7.4: a Test repeated on a request whose matching operation
/// was started eventually succeeds). A rank that loops on <c>Test</c>, <c>Testany</c>, <c>Iprobe</c>… never blocks, so
/// on a core it shares it would keep the partner it waits for from running. After
/// <see cref="UnsuccessfulPollsBeforeYield"/> polls in a row that found nothing, it hands the core to a ready rank
/// of its core (if there is one) and gets it back in round-robin order.
/// </summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>
    /// Polls in a row that found nothing before the core goes to a ready rank of the same core: 64, ≈ 6–60 µs of
    /// polling (0.1–1 µs a poll, from 2 to 64 channels) against a hand-off there and back of ≈ 2 × 2.8 µs, so a
    /// poller that shares its core loses at most about half its time to hand-offs and a ready partner waits for tens
    /// of microseconds, never for the poller's whole loop. With no other ready rank on the core, a yield costs only
    /// the look at the core's doorbells.
    /// </summary>
    public const int UnsuccessfulPollsBeforeYield = 64;

    /// <summary>Polls in a row that found nothing.</summary>
    private int _unsuccessfulPolls;

    /// <summary>
    /// One poll of a Test, Testany, Iprobe… that found what it looked for: the count of unsuccessful polls starts
    /// again.
    /// </summary>
    public void PollSucceeded() => _unsuccessfulPolls = 0;

    /// <summary>
    /// One poll of a Test, Testany, Iprobe… that found nothing: after <see cref="UnsuccessfulPollsBeforeYield"/> of
    /// them in a row, the other ranks of the core get to run.
    /// </summary>
    public void PollFailed()
    {
        if (++_unsuccessfulPolls < UnsuccessfulPollsBeforeYield)
        {
            return;
        }

        _unsuccessfulPolls = 0;
        RankWaiting.Yield(_doorbell);
    }
}
