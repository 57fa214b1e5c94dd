using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

using Hpc.Hosted;

namespace Hpc.OpenMp.Teams;

/// <summary>
/// Waiting on a 32-bit word in the team's control block: spin (cheapest when the other thread is on another core and
/// about to write), yield while the team has more threads than cpus, then, unless the policy is active, sleep on a
/// futex (<see cref="WaitBudget"/> says how long each). A waiter counts itself in the word's
/// sleeper count before it sleeps, so a writer makes the system call only when someone sleeps.
/// </summary>
internal static unsafe class SpinPark
{
    /// <summary>Spins between yields of a waiter that never sleeps and has no yield time, so an oversubscribed team still progresses.</summary>
    private const int ActiveYieldEvery = 1 << 16;

    /// <summary>
    /// Returns once <c>*word != seen</c>, or once <c>*cancel != 0</c> when <paramref name="cancel"/> is not null.
    /// </summary>
    public static void WaitWhileEqual(int* word, int seen, int* sleepers, WaitBudget budget, int* cancel = null)
    {
        int spun = 0;
        long yieldEnd = 0;
        while (Volatile.Read(ref *word) == seen)
        {
            if (cancel is not null && Volatile.Read(ref *cancel) != 0)
            {
                return;
            }

            if (SpinOrYield(budget, ref spun, ref yieldEnd))
            {
                continue;
            }

            // Counting ourselves first, then re-checking inside futex_wait, pairs with the writer's store-then-read
            // of the sleeper count (both full fences): either it sees us, or we see its store.
            Interlocked.Increment(ref *sleepers);
            if (cancel is null || Volatile.Read(ref *cancel) == 0)
            {
                Futex.Wait(word, seen);
            }

            Interlocked.Decrement(ref *sleepers);
        }
    }

    /// <summary>
    /// Returns once <c>*word != seen</c>, sleeping (after the spins) on a bell shared with other waiters rather than on
    /// the word itself: a writer that releases several waiters at once bumps the bell once and wakes them all with one
    /// system call (<see cref="Ring"/>), instead of one wake each, during which the first woken may take its cpu.
    /// </summary>
    public static void WaitWhileEqual(int* word, int seen, int* bell, int* bellSleepers, WaitBudget budget)
    {
        int spun = 0;
        long yieldEnd = 0;
        while (Volatile.Read(ref *word) == seen)
        {
            if (SpinOrYield(budget, ref spun, ref yieldEnd))
            {
                continue;
            }

            // Read the bell before counting ourselves and re-checking the word: the writer writes the word, then
            // bumps the bell, then reads the count (all full fences), so either we see its word, or the bell has
            // moved by the time futex_wait compares it, or it sees us and wakes the bell.
            int rung = Volatile.Read(ref *bell);
            Interlocked.Increment(ref *bellSleepers);
            if (Volatile.Read(ref *word) == seen)
            {
                Futex.Wait(bell, rung);
            }

            Interlocked.Decrement(ref *bellSleepers);
        }
    }

    /// <summary>Rings a bell after its waiters' words were written (with full fences): one wake for all sleepers.</summary>
    public static void Ring(int* bell, int* bellSleepers)
    {
        Interlocked.Increment(ref *bell);
        if (Volatile.Read(ref *bellSleepers) != 0)
        {
            Futex.Wake(bell);
        }
    }

    /// <summary>Wakes the sleepers of a word just written with a full fence (an interlocked operation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Wake(int* word, int* sleepers)
    {
        if (Volatile.Read(ref *sleepers) != 0)
        {
            Futex.Wake(word);
        }
    }

    /// <summary>
    /// One look of a waiter that can sleep: spins within the budget, then yields while its yield time lasts; true when
    /// it did either (look again), false once the waiter should sleep. <paramref name="spun"/> and
    /// <paramref name="yieldEnd"/> start at 0 for each wait.
    /// </summary>
    public static bool SpinOrYield(WaitBudget budget, ref int spun, ref long yieldEnd)
    {
        if (spun < budget.Spins)
        {
            Spin(budget, ref spun);
            return true;
        }

        return budget.TryYield(ref yieldEnd);
    }

    /// <summary>
    /// One look of a waiter with no futex to sleep on (tasks, slots, ordered turns): spins within the budget, then
    /// yields at every look (with more threads than cpus, after a few spins: the thread it waits for may be queued
    /// behind it).
    /// </summary>
    public static void Idle(WaitBudget budget, ref int spun)
    {
        if (spun < budget.Spins)
        {
            Spin(budget, ref spun);
        }
        else
        {
            Thread.Yield();
        }
    }

    /// <summary>One spin of a waiter; one that never stops spinning yields now and then, so the cpu's others progress.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spin(WaitBudget budget, ref int spun)
    {
        spun++;
        Pause();
        if (budget.Spins == int.MaxValue && (spun & (ActiveYieldEvery - 1)) == 0)
        {
            Thread.Yield();
            spun = 0;
        }
    }

    /// <summary>One spin-wait hint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pause()
    {
        if (X86Base.IsSupported)
        {
            X86Base.Pause();
        }
        else
        {
            Thread.SpinWait(1);
        }
    }
}
