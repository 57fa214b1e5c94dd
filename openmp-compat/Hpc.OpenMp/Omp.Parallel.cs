using Hpc.OpenMp.Loops;
using Hpc.OpenMp.Regions;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>Parallel regions and the combined parallel loop and sections.</summary>
public static partial class Omp
{
    /// <summary>The size asked for by regions without a num_threads clause: nthreads-var at the encountering thread's level.</summary>
    private const int DefaultSize = 0;

    /// <summary>The reusable work of plain regions, per team.</summary>
    private static readonly TeamLocal<RegionWork> s_region = new(static () => new RegionWork());
    /// <summary>The reusable work of combined loops, per team.</summary>
    private static readonly TeamLocal<LoopWork> s_loop = new(static () => new LoopWork());
    /// <summary>The reusable work of combined sections, per team.</summary>
    private static readonly TeamLocal<SectionsWork> s_sections = new(static () => new SectionsWork());
    /// <summary>A reusable team-of-one state for serialized regions started outside any region, per thread.</summary>
    [ThreadStatic]
    private static TeamThread? s_serialRoot;

    /// <summary>
    /// <c>#pragma omp parallel</c>: runs <paramref name="body"/> on every thread of a team of <see cref="MaxThreads"/>
    /// threads, the caller being thread 0, and returns when all are done. The first exception thrown in the region
    /// is rethrown here (see <see cref="OtherExceptions"/>); the team stays usable. Inside a region, the new region
    /// gets a team of its own while the enclosing active regions are fewer than <see cref="MaxActiveLevels"/>, and
    /// runs serialized (a team of one) beyond.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void Parallel(Action body) => RunRegion(DefaultSize, body);

    /// <summary><c>#pragma omp parallel num_threads(n)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="numThreads"/> is below 1.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void Parallel(int numThreads, Action body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numThreads, 1);
        RunRegion(numThreads, body);
    }

    /// <summary>A plain region of <paramref name="numThreads"/> threads (<see cref="DefaultSize"/>: nthreads-var).</summary>
    private static void RunRegion(int numThreads, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        TeamThread? outer = CurrentTeamThread.Value;
        if (TryTeam(outer, numThreads, out Team? team, out int size))
        {
            RegionWork work = s_region.For(team);
            work.Body = body;
            try
            {
                team.Run(size, work, outer);
            }
            finally
            {
                work.Body = null;
                Leave(team, size);
            }

            return;
        }

        EnterSerial(outer);
        try
        {
            body();
        }
        finally
        {
            CurrentTeamThread.Value = outer;
        }
    }

    /// <summary>
    /// <c>#pragma omp parallel reduction(op: x)</c>: every thread returns its contribution, combined with
    /// <paramref name="reduction"/> into the result.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reduction"/> is a default instance.</exception>
    public static T Parallel<T>(Reduction<T> reduction, Func<T> body)
    {
        CheckReduction(reduction);
        ArgumentNullException.ThrowIfNull(body);
        TeamThread? outer = CurrentTeamThread.Value;
        if (TryTeam(outer, DefaultSize, out Team? team, out int size))
        {
            ReduceRegionWork<T> work = ReduceRegionWork<T>.ByTeam.For(team);
            work.Body = body;
            work.Partials = ReductionScratch<T>.For(team, size);
            try
            {
                team.Run(size, work, outer);
                return ReductionScratch<T>.Combine(work.Partials, size, reduction);
            }
            finally
            {
                work.Body = null;
                Leave(team, size);
            }
        }

        EnterSerial(outer);
        try
        {
            return reduction.Combine(reduction.Identity, body());
        }
        finally
        {
            CurrentTeamThread.Value = outer;
        }
    }

    /// <summary><c>#pragma omp parallel for schedule(runtime)</c> over [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void ParallelFor(int fromInclusive, int toExclusive, Action<int> body) =>
        ParallelFor(fromInclusive, toExclusive, 1, Schedule.Runtime, body);

    /// <summary><c>#pragma omp parallel for schedule(...)</c> over [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void ParallelFor(int fromInclusive, int toExclusive, Schedule schedule, Action<int> body) =>
        ParallelFor(fromInclusive, toExclusive, 1, schedule, body);

    /// <summary>
    /// <c>#pragma omp parallel for</c> over <c>i = from; step &gt; 0 ? i &lt; to : i &gt; to; i += step</c> (negative
    /// steps count down).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
    public static void ParallelFor(int from, int to, int step, Schedule schedule, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var space = IterationSpace.Create(from, to, step);
        Schedule resolved = LoopDriver.Resolve(schedule);
        TeamThread? outer = CurrentTeamThread.Value;
        if (space.Count > 0 && TryTeam(outer, DefaultSize, out Team? team, out int size))
        {
            LoopWork work = s_loop.For(team);
            work.Space = space;
            work.Schedule = resolved;
            work.Body = body;
            try
            {
                team.Run(size, work, outer);
            }
            finally
            {
                work.Body = null;
                Leave(team, size);
            }

            return;
        }

        TeamThread serial = EnterSerial(outer);
        try
        {
            var loopBody = new ActionBody(body);
            LoopDriver.Run(serial, space, resolved, ref loopBody);
        }
        finally
        {
            CurrentTeamThread.Value = outer;
        }
    }

    /// <summary>
    /// <c>#pragma omp parallel for schedule(runtime) reduction(op: acc)</c>: <paramref name="body"/> takes the loop
    /// variable and the thread's partial result and returns the new partial result.
    /// </summary>
    public static T ParallelFor<T>(int fromInclusive, int toExclusive, Reduction<T> reduction, Func<int, T, T> body) =>
        ParallelFor(fromInclusive, toExclusive, 1, Schedule.Runtime, reduction, body);

    /// <summary><c>#pragma omp parallel for schedule(...) reduction(op: acc)</c>.</summary>
    public static T ParallelFor<T>(int fromInclusive, int toExclusive, Schedule schedule, Reduction<T> reduction, Func<int, T, T> body) =>
        ParallelFor(fromInclusive, toExclusive, 1, schedule, reduction, body);

    /// <summary><c>#pragma omp parallel for schedule(...) reduction(op: acc)</c> with a step (negative counts down).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reduction"/> is a default instance.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is 0.</exception>
    public static T ParallelFor<T>(int from, int to, int step, Schedule schedule, Reduction<T> reduction, Func<int, T, T> body)
    {
        CheckReduction(reduction);
        ArgumentNullException.ThrowIfNull(body);
        var space = IterationSpace.Create(from, to, step);
        Schedule resolved = LoopDriver.Resolve(schedule);
        TeamThread? outer = CurrentTeamThread.Value;
        if (space.Count > 0 && TryTeam(outer, DefaultSize, out Team? team, out int size))
        {
            ReduceLoopWork<T> work = ReduceLoopWork<T>.ByTeam.For(team);
            work.Space = space;
            work.Schedule = resolved;
            work.Reduction = reduction;
            work.Body = body;
            work.Partials = ReductionScratch<T>.For(team, size);
            try
            {
                team.Run(size, work, outer);
                return ReductionScratch<T>.Combine(work.Partials, size, reduction);
            }
            finally
            {
                work.Body = null;
                work.Reduction = default;
                Leave(team, size);
            }
        }

        TeamThread serial = EnterSerial(outer);
        try
        {
            var loopBody = new AccumulateBody<T>(body, reduction.Identity);
            LoopDriver.Run(serial, space, resolved, ref loopBody);
            return loopBody.Value;
        }
        finally
        {
            CurrentTeamThread.Value = outer;
        }
    }

    /// <summary><c>#pragma omp parallel sections</c>: each section runs once, on whichever thread takes it.</summary>
    /// <exception cref="ArgumentNullException">A section is null.</exception>
    public static void ParallelSections(params ReadOnlySpan<Action> sections)
    {
        foreach (Action section in sections)
        {
            ArgumentNullException.ThrowIfNull(section, nameof(sections));
        }

        TeamThread? outer = CurrentTeamThread.Value;
        if (sections.Length > 1 && TryTeam(outer, Math.Min(OmpRuntime.NumThreadsAt(outer?.Level ?? 0), sections.Length), out Team? team, out int size))
        {
            SectionsWork work = s_sections.For(team);
            work.Set(sections);
            try
            {
                team.Run(size, work, outer);
            }
            finally
            {
                work.Clear();
                Leave(team, size);
            }

            return;
        }

        TeamThread serial = EnterSerial(outer);
        try
        {
            RunSections(serial, sections);
        }
        finally
        {
            CurrentTeamThread.Value = outer;
        }
    }

    /// <summary>
    /// Whether a region of <paramref name="requested"/> threads (<see cref="DefaultSize"/>: nthreads-var) gets a team,
    /// and which. Outside any active region: the rank's team, unless another thread's region holds it. Inside one: a
    /// team of the nested pool, while the enclosing active regions are fewer than max-active-levels and
    /// thread-limit-var leaves threads for it. Never for a region of one thread.
    /// </summary>
    private static bool TryTeam(TeamThread? outer, int requested, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Team? team, out int size)
    {
        if (requested == DefaultSize)
        {
            requested = OmpRuntime.NumThreadsAt(outer?.Level ?? 0);
        }

        size = Math.Min(requested, OmpRuntime.Settings.ThreadLimit);
        int maxActive = OmpRuntime.MaxActiveLevels;
        team = null;
        if (size <= 1 || maxActive == 0)
        {
            return false;
        }

        if (outer is null || outer.ActiveLevel == 0)
        {
            team = OmpRuntime.Team;
            if (!team.TryAcquire())
            {
                team = null;
                return false;
            }

            return true;
        }

        if (outer.ActiveLevel >= maxActive)
        {
            return false;
        }

        // Every active region runs inside the rank's team's (a thread outside it finds that team busy and runs
        // serialized), so that region's size plus the nested teams' members are the threads in use.
        team = OmpRuntime.NestedTeams.TryRent(size, OmpRuntime.Team.RegionSize, OmpRuntime.Settings.ThreadLimit, out size);
        return team is not null;
    }

    /// <summary>Gives back the team of a region of <paramref name="size"/> threads: the rank's team, or to the nested pool.</summary>
    private static void Leave(Team team, int size)
    {
        if (team.Id == 0)
        {
            team.Release();
        }
        else
        {
            OmpRuntime.NestedTeams.Return(team, size);
        }
    }

    /// <summary>Makes the calling thread a team of one nested in <paramref name="outer"/>; the caller restores <paramref name="outer"/>.</summary>
    private static TeamThread EnterSerial(TeamThread? outer)
    {
        TeamThread serial = outer is null
            ? s_serialRoot ??= new TeamThread(null, 0)
            : outer.NestedCache ??= new TeamThread(null, 0);
        serial.Begin(0, 1, outer?.Level ?? 0, outer?.ActiveLevel ?? 0);
        serial.Outer = outer;
        CurrentTeamThread.Value = serial;
        return serial;
    }

    /// <summary>Throws for a default reduction.</summary>
    private static void CheckReduction<T>(Reduction<T> reduction)
    {
        if (reduction.IsDefault)
        {
            throw new ArgumentException("The reduction has no operation; get one from Reduction.Sum<T>() and friends.", nameof(reduction));
        }
    }
}
