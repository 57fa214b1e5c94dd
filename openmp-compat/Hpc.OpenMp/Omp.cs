using System.Diagnostics;

using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>
/// OpenMP in C#: parallel regions, work-shared loops, reductions and synchronisation on a persistent team of
/// threads bound to the cores the rank owns (inside hermit-run, the cores given by <c>--threads</c>; elsewhere the
/// process's allowed cpus). A region nested in an active one gets a team of its own, from a pool of idle teams, up to
/// max-active-levels (1 unless <c>OMP_MAX_ACTIVE_LEVELS</c> or a list in <c>OMP_NUM_THREADS</c> asks for more), and
/// runs serialized (a team of one) beyond. The <c>OMP_*</c> environment is read on first use. This file holds the
/// runtime functions (<c>omp_get_thread_num</c> and friends).
/// </summary>
/// <example>
/// <code>
/// Omp.ParallelFor(0, n, Schedule.Static(), i =&gt; y[i] += a * x[i]);
/// Omp.Parallel(() =&gt; Console.WriteLine($"thread {Omp.ThreadNum} of {Omp.NumThreads}"));
/// </code>
/// </example>
public static partial class Omp
{
    /// <summary>omp_get_thread_num: the calling thread's number in its team, 0 outside any region.</summary>
    public static int ThreadNum => CurrentTeamThread.Value?.Num ?? 0;

    /// <summary>omp_get_num_threads: the size of the calling thread's team, 1 outside any region.</summary>
    public static int NumThreads => CurrentTeamThread.Value?.Size ?? 1;

    /// <summary>
    /// omp_get_max_threads: the size a region started now would have without a num_threads clause (nthreads-var at
    /// the calling thread's nesting level: the level's entry of an <c>OMP_NUM_THREADS</c> list).
    /// </summary>
    public static int MaxThreads => OmpRuntime.NumThreadsAt(Level);

    /// <summary>omp_get_num_procs: the cpus the rank owns (its cores under hermit-run).</summary>
    public static int NumProcs => OmpRuntime.Cpus.Length;

    /// <summary>omp_in_parallel: true inside an active region (one with more than one thread).</summary>
    public static bool InParallel => CurrentTeamThread.Value?.ActiveLevel > 0;

    /// <summary>omp_get_level: the number of enclosing parallel regions, serialized ones included.</summary>
    public static int Level => CurrentTeamThread.Value?.Level ?? 0;

    /// <summary>omp_get_active_level: the number of enclosing active regions.</summary>
    public static int ActiveLevel => CurrentTeamThread.Value?.ActiveLevel ?? 0;

    /// <summary>
    /// omp_get_ancestor_thread_num: the number, in its own team, of the calling thread's ancestor at nesting level
    /// <paramref name="level"/> (the thread itself at <see cref="Level"/>, 0 at level 0); -1 for a level below 0 or
    /// above <see cref="Level"/>.
    /// </summary>
    public static int AncestorThreadNum(int level) => Ancestor(level) is { } ancestor ? ancestor.Num : level == 0 ? 0 : -1;

    /// <summary>
    /// omp_get_team_size: the size of the team the calling thread's ancestor at nesting level <paramref name="level"/>
    /// belongs to (<see cref="NumThreads"/> at <see cref="Level"/>, 1 at level 0); -1 for a level below 0 or above
    /// <see cref="Level"/>.
    /// </summary>
    public static int TeamSize(int level) => Ancestor(level) is { } ancestor ? ancestor.Size : level == 0 ? 1 : -1;

    /// <summary>
    /// omp_get_max_active_levels / omp_set_max_active_levels: how many active regions may enclose each other; a region
    /// nested deeper runs with one thread (0 makes every region run with one thread).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public static int MaxActiveLevels
    {
        get => OmpRuntime.MaxActiveLevels;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            OmpRuntime.MaxActiveLevels = value;
        }
    }

    /// <summary>The wait policy in force (OMP_WAIT_POLICY).</summary>
    public static WaitPolicy WaitPolicy => OmpRuntime.Settings.Wait;

    /// <summary>omp_get_proc_bind: the binding policy in force (OMP_PROC_BIND).</summary>
    public static ProcBind ProcBind => OmpRuntime.Settings.Bind;

    /// <summary>omp_get_num_places: the places team threads are bound to (0 when unbound).</summary>
    public static int NumPlaces => OmpRuntime.Team.PlaceCount;

    /// <summary>omp_set_num_threads: the size of the next regions started without an explicit thread count.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    public static void SetNumThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        OmpRuntime.NumThreads = Math.Min(count, OmpRuntime.Settings.ThreadLimit);
    }

    /// <summary>omp_set_schedule: what <see cref="Schedule.Runtime"/> means from now on.</summary>
    /// <exception cref="ArgumentException"><paramref name="schedule"/> is itself the runtime schedule.</exception>
    public static void SetSchedule(Schedule schedule)
    {
        if (schedule.Kind == ScheduleKind.Runtime)
        {
            throw new ArgumentException("The runtime schedule cannot be its own meaning.", nameof(schedule));
        }

        OmpRuntime.RunSchedule = schedule;
    }

    /// <summary>omp_get_schedule: what <see cref="Schedule.Runtime"/> means now.</summary>
    public static Schedule GetSchedule() => OmpRuntime.RunSchedule;

    /// <summary>omp_get_wtime: elapsed seconds from an arbitrary fixed origin (a monotonic clock).</summary>
    public static double Wtime() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>omp_get_wtick: the resolution of <see cref="Wtime"/> in seconds.</summary>
    public static double Wtick() => 1.0 / Stopwatch.Frequency;

    /// <summary>
    /// The region state, at nesting level <paramref name="level"/> (≥ 1), of the calling thread or of the thread
    /// that started its region, and so on outwards; null at level 0 or out of range.
    /// </summary>
    private static TeamThread? Ancestor(int level)
    {
        TeamThread? thread = CurrentTeamThread.Value;
        while (thread is not null && thread.Level > level)
        {
            thread = thread.Outer;
        }

        return thread is not null && thread.Level == level ? thread : null;
    }

    /// <summary>
    /// The exceptions other threads of a region threw after <paramref name="first"/> (the one the region rethrew),
    /// or none.
    /// </summary>
    public static IReadOnlyList<Exception> OtherExceptions(Exception first)
    {
        ArgumentNullException.ThrowIfNull(first);
        return first.Data[Team.OtherExceptionsKey] as Exception[] ?? [];
    }
}
