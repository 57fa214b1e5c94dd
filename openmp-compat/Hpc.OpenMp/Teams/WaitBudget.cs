using System.Diagnostics;

namespace Hpc.OpenMp.Teams;

/// <summary>
/// How long a waiter of a region spins, then yields its cpu, before it sleeps on a futex. While the region's threads
/// fit the cpus a waiter spins (the thread it waits for runs elsewhere and is about to write). With more threads than
/// cpus the thread it waits for is often queued behind it on its own cpu: spinning then only burns the slice that
/// thread needs, and sleeping costs a futex wake plus two switches on every release. Yielding hands the cpu straight
/// to a runnable thread and looks again when it comes back, which is what an oversubscribed team's barrier needs.
/// </summary>
/// <param name="Spins">Spin-wait hints before the waiter yields or sleeps (int.MaxValue: never stop spinning).</param>
/// <param name="YieldTicks">Stopwatch ticks the waiter yields for after its spins (0: none; long.MaxValue: it never sleeps).</param>
internal readonly record struct WaitBudget(int Spins, long YieldTicks)
{
    /// <summary>Spins before sleeping under the default policy (≈ 0.5–5 ms depending on the cpu's pause latency).</summary>
    public const int DefaultSpins = 200_000;

    /// <summary>
    /// Spins before yielding when the team has more threads than cpus: about what one yield costs, so a thread that
    /// is about to arrive on the other cpu is still caught spinning. (libgomp throttles to 1,000 spins, then sleeps.
    /// 4 threads on 2 cpus, by hand, 5 runs each: 100 spins gave PARALLEL FOR 10.1-14.6 µs and BARRIER 4.9-9.4 µs,
    /// 10 spins 4.4-6.3 and 2.2-4.1, 0 spins 3.6-4.6 and 2.1-3.4.)
    /// </summary>
    public const int ThrottledSpins = 10;

    /// <summary>Spins before sleeping under the passive policy.</summary>
    public const int PassiveSpins = 64;

    /// <summary>
    /// How long an oversubscribed waiter under the default policy yields before it sleeps: long enough for the threads
    /// queued on its cpu to reach the barrier (a slice each), short enough that a team waiting through a serial
    /// section stops taking the cpu from other processes within a fraction of a millisecond.
    /// </summary>
    public static readonly TimeSpan OversubscribedYieldTime = TimeSpan.FromMicroseconds(200);

    /// <summary>The budget for a policy, with the team's threads fitting the cpus or not.</summary>
    /// <remarks>
    /// Passive sleeps soon either way. Active never sleeps; oversubscribed, it yields after the throttled spins
    /// rather than spin through the slices the others need.
    /// </remarks>
    public static WaitBudget For(WaitPolicy policy, bool oversubscribed) => (policy, oversubscribed) switch
    {
        (WaitPolicy.Passive, _) => new(PassiveSpins, 0),
        (WaitPolicy.Active, false) => new(int.MaxValue, 0),
        (WaitPolicy.Active, true) => new(ThrottledSpins, long.MaxValue),
        (_, false) => new(DefaultSpins, 0),
        (_, true) => new(ThrottledSpins, (long)(OversubscribedYieldTime.TotalSeconds * Stopwatch.Frequency)),
    };

    /// <summary>
    /// Called by a waiter past its spins each time it still has to wait: yields the cpu and returns true while the
    /// yield time lasts (counted from the first call, kept in <paramref name="yieldEnd"/>, 0 at first), false once the
    /// waiter should sleep.
    /// </summary>
    public bool TryYield(ref long yieldEnd)
    {
        if (YieldTicks == 0)
        {
            return false;
        }

        if (YieldTicks != long.MaxValue)
        {
            long now = Stopwatch.GetTimestamp();
            if (yieldEnd == 0)
            {
                yieldEnd = now + YieldTicks;
            }
            else if (now >= yieldEnd)
            {
                return false;
            }
        }

        Thread.Yield();
        return true;
    }
}
