using Hpc.OpenMp.Loops;
using Hpc.OpenMp.Regions;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>
/// Work-sharing constructs inside a region: every thread of the team calls them in the same order. Each ends with a
/// barrier, except the <c>…NoWait</c> forms (the <c>nowait</c> clause). Outside any region they run on the calling
/// thread alone.
/// </summary>
public static partial class Omp
{
    /// <summary><c>#pragma omp for schedule(runtime)</c> over [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void For(int fromInclusive, int toExclusive, Action<int> body) =>
        For(fromInclusive, toExclusive, 1, Schedule.Runtime, body);

    /// <summary><c>#pragma omp for schedule(...)</c> over [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void For(int fromInclusive, int toExclusive, Schedule schedule, Action<int> body) =>
        For(fromInclusive, toExclusive, 1, schedule, body);

    /// <summary><c>#pragma omp for</c> with a step (negative counts down).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
    public static void For(int from, int to, int step, Schedule schedule, Action<int> body) =>
        Barrier(RunFor(from, to, step, schedule, body));

    /// <summary>
    /// <c>#pragma omp for schedule(...) nowait</c> over [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>):
    /// no barrier at the end, a thread with no iterations left goes on at once (to the next construct, which may be
    /// another loop without a barrier: up to <see cref="Team.SlotCount"/> such constructs may be open at once).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <example>
    /// <code>
    /// Omp.Parallel(() =&gt;
    /// {
    ///     Omp.ForNoWait(0, n, Schedule.Dynamic(16), i =&gt; a[i] = f(i));
    ///     Omp.ForNoWait(0, m, Schedule.Dynamic(16), j =&gt; b[j] = g(j)); // independent of a: no need to wait
    /// });
    /// </code>
    /// </example>
    public static void ForNoWait(int fromInclusive, int toExclusive, Schedule schedule, Action<int> body) =>
        RunFor(fromInclusive, toExclusive, 1, schedule, body);

    /// <summary><c>#pragma omp for nowait</c> with a step (negative counts down).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
    public static void ForNoWait(int from, int to, int step, Schedule schedule, Action<int> body) =>
        RunFor(from, to, step, schedule, body);

    /// <summary>
    /// <c>#pragma omp for reduction(op: acc)</c>: every thread gets the combined result of the whole loop.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reduction"/> is a default instance.</exception>
    public static T For<T>(int fromInclusive, int toExclusive, Schedule schedule, Reduction<T> reduction, Func<int, T, T> body)
    {
        CheckReduction(reduction);
        ArgumentNullException.ThrowIfNull(body);
        var space = IterationSpace.Create(fromInclusive, toExclusive, 1);
        TeamThread? thread = CurrentTeamThread.Value;
        var loopBody = new AccumulateBody<T>(body, reduction.Identity);
        LoopDriver.Run(thread, space, LoopDriver.Resolve(schedule), ref loopBody);
        return Reduce(thread, loopBody.Value, reduction);
    }

    /// <summary>
    /// Combines every thread's <paramref name="value"/> with <paramref name="reduction"/> and returns the result to
    /// all of them (a reduction clause at a point of the region, with its barrier).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="reduction"/> is a default instance.</exception>
    public static T Reduce<T>(T value, Reduction<T> reduction)
    {
        CheckReduction(reduction);
        return Reduce(CurrentTeamThread.Value, value, reduction);
    }

    /// <summary><c>#pragma omp sections</c>: each section runs once, on whichever thread of the team takes it.</summary>
    /// <exception cref="ArgumentNullException">A section is null.</exception>
    public static void Sections(params ReadOnlySpan<Action> sections)
    {
        foreach (Action section in sections)
        {
            ArgumentNullException.ThrowIfNull(section, nameof(sections));
        }

        TeamThread? thread = CurrentTeamThread.Value;
        RunSections(thread, sections);
        Barrier(thread);
    }

    /// <summary><c>#pragma omp single</c>: the first thread to arrive runs <paramref name="body"/>; all wait at its end.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void Single(Action body) => Barrier(RunSingle(body));

    /// <summary><c>#pragma omp single nowait</c>: the first thread to arrive runs <paramref name="body"/>; the others go on at once.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void SingleNoWait(Action body) => RunSingle(body);

    /// <summary>
    /// <c>#pragma omp single copyprivate(x)</c>: the first thread to arrive runs <paramref name="body"/>, and every
    /// thread of the team returns its result, after the construct's barrier.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <example>
    /// <code>
    /// Omp.Parallel(() =&gt;
    /// {
    ///     int n = Omp.Single(() =&gt; int.Parse(Console.ReadLine()!)); // read once, known to all
    /// });
    /// </code>
    /// </example>
    public static unsafe T Single<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        TeamThread? thread = CurrentTeamThread.Value;
        if (thread?.Team is not { } team || thread.Size == 1)
        {
            return body();
        }

        WorkshareSlot* slot = team.EnterConstruct(thread, out bool first);
        T[] cells = CopyPrivateCells<T>.For(team);
        int cell = team.IndexOf(slot);
        if (first)
        {
            cells[cell] = body();
        }

        team.Barrier(thread);
        T value = cells[cell];
        // The cell is written again only when the slot is, which waits until every member has left this construct.
        Team.LeaveConstruct(slot);
        return value;
    }

    /// <summary><c>#pragma omp master</c> (<c>masked</c>): thread 0 runs <paramref name="body"/>; no barrier.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void Master(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (ThreadNum == 0)
        {
            body();
        }
    }

    /// <summary>
    /// <c>#pragma omp ordered</c>: inside the body of a loop whose schedule has <see cref="Schedule.WithOrdered"/>,
    /// runs <paramref name="body"/> when every earlier iteration has passed its ordered block. At most once per iteration.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Not inside an ordered loop, or a second ordered block in one iteration.</exception>
    public static unsafe void Ordered(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        TeamThread? thread = CurrentTeamThread.Value;
        if (thread is null)
        {
            // An orphaned ordered loop outside any region runs its iterations in order anyway.
            body();
            return;
        }

        WorkshareSlot* slot = thread.OrderedSlot;
        if (slot is null && !thread.OrderedAlone)
        {
            throw new InvalidOperationException("Omp.Ordered must be called from the body of a loop whose schedule has WithOrdered().");
        }

        if (thread.OrderedDone)
        {
            throw new InvalidOperationException("An iteration of an ordered loop may run only one ordered block.");
        }

        long k = thread.OrderedIteration;
        if (slot is not null)
        {
            LoopDriver.WaitTurn(thread.Team!, slot, k);
        }

        try
        {
            body();
        }
        finally
        {
            thread.OrderedDone = true;
            if (slot is not null)
            {
                Volatile.Write(ref slot->OrderedNext, k + 1);
            }
        }
    }

    /// <summary>Runs the calling thread's share of a loop (no barrier); returns its region state.</summary>
    private static TeamThread? RunFor(int from, int to, int step, Schedule schedule, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var space = IterationSpace.Create(from, to, step);
        TeamThread? thread = CurrentTeamThread.Value;
        var loopBody = new ActionBody(body);
        LoopDriver.Run(thread, space, LoopDriver.Resolve(schedule), ref loopBody);
        return thread;
    }

    /// <summary>Runs <paramref name="body"/> if the calling thread is the first to arrive (no barrier); returns its region state.</summary>
    private static unsafe TeamThread? RunSingle(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        TeamThread? thread = CurrentTeamThread.Value;
        if (thread?.Team is not { } team || thread.Size == 1)
        {
            body();
            return thread;
        }

        WorkshareSlot* slot = team.EnterConstruct(thread, out bool first);
        Team.LeaveConstruct(slot);
        if (first)
        {
            body();
        }

        return thread;
    }

    /// <summary>Runs the calling thread's share of sections (no barrier).</summary>
    internal static unsafe void RunSections(TeamThread? thread, ReadOnlySpan<Action> sections)
    {
        if (thread?.Team is not { } team || thread.Size == 1)
        {
            foreach (Action section in sections)
            {
                section();
            }

            return;
        }

        WorkshareSlot* slot = team.EnterConstruct(thread, out _);
        long next;
        while ((next = Interlocked.Increment(ref slot->Next) - 1) < sections.Length)
        {
            sections[(int)next]();
        }

        Team.LeaveConstruct(slot);
    }

    /// <summary>The all-reduce of a region: slots, barrier, combine in thread order, barrier (slots reusable after).</summary>
    private static T Reduce<T>(TeamThread? thread, T value, Reduction<T> reduction)
    {
        if (thread?.Team is not { } team || thread.Size == 1)
        {
            return reduction.Combine(reduction.Identity, value);
        }

        T[] partials = ReductionScratch<T>.Shared(team, team.Capacity);
        partials[thread.Num * ReductionScratch<T>.Stride] = value;
        team.Barrier(thread);
        T result = ReductionScratch<T>.Combine(partials, thread.Size, reduction);
        team.Barrier(thread);
        return result;
    }
}
