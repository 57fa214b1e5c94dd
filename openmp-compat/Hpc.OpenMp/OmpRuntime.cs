using Hpc.Hosted;
using Hpc.Isles;
using Hpc.OpenMp.Settings;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>
/// The OpenMP state of one rank (Hpc.OpenMp is loaded once per rank, so these statics are per rank) or of a plain
/// process: the settings read from the environment on first use, the ICVs the program may change, the team, and the
/// pool of teams for active nested regions.
/// </summary>
internal static class OmpRuntime
{
    /// <summary>Guards the first reading of the settings and the creation of the team.</summary>
    private static readonly Lock s_lock = new();
    /// <summary>The settings, once read.</summary>
    private static OmpSettings? s_settings;
    /// <summary>The team, once created.</summary>
    private static Team? s_team;
    /// <summary>The teams of nested regions, created with the team.</summary>
    private static NestedTeamPool? s_nestedTeams;
    /// <summary>The cpus the rank owns, once known.</summary>
    private static int[]? s_cpus;
    /// <summary>nthreads-var (0 until the settings are read).</summary>
    private static int s_numThreads;
    /// <summary>run-sched-var.</summary>
    private static Schedule s_runSchedule = Schedule.Static();
    /// <summary>max-active-levels-var.</summary>
    private static int s_maxActiveLevels = 1;
    /// <summary>cancel-var.</summary>
    private static bool s_cancellation;

    /// <summary>The settings from the environment (read on first use).</summary>
    /// <exception cref="OmpEnvironmentException">An OMP_* variable holds a bad value.</exception>
    public static OmpSettings Settings => Volatile.Read(ref s_settings) ?? Initialize().Settings;

    /// <summary>The team (created on first use, with the settings).</summary>
    /// <exception cref="OmpEnvironmentException">An OMP_* variable holds a bad value.</exception>
    public static Team Team => Volatile.Read(ref s_team) ?? Initialize().Team;

    /// <summary>The teams of active nested regions (created with the team).</summary>
    /// <exception cref="OmpEnvironmentException">An OMP_* variable holds a bad value.</exception>
    public static NestedTeamPool NestedTeams
    {
        get
        {
            _ = Team;
            return s_nestedTeams!;
        }
    }

    /// <summary>nthreads-var: the size of the next region without a num_threads argument.</summary>
    public static int NumThreads
    {
        get
        {
            _ = Settings;
            return Volatile.Read(ref s_numThreads);
        }

        set
        {
            _ = Settings;
            Volatile.Write(ref s_numThreads, value);
        }
    }

    /// <summary>
    /// nthreads-var for a region started by a thread at nesting level <paramref name="level"/> (0: outside any region):
    /// the OMP_NUM_THREADS list's entry for that level, the last entry past its end. The first level's entry is
    /// <see cref="NumThreads"/> (which omp_set_num_threads changes), and so is every level's when the list has one.
    /// </summary>
    public static int NumThreadsAt(int level) =>
        level > 0 && Settings.NestedNumThreads(level) is { } listed ? Math.Min(listed, Settings.ThreadLimit) : NumThreads;

    /// <summary>run-sched-var: what <see cref="Schedule.Runtime"/> means.</summary>
    public static Schedule RunSchedule
    {
        get
        {
            _ = Settings;
            return s_runSchedule;
        }

        set
        {
            _ = Settings;
            s_runSchedule = value;
        }
    }

    /// <summary>max-active-levels-var: regions nested deeper than this many active ones run serialized.</summary>
    public static int MaxActiveLevels
    {
        get
        {
            _ = Settings;
            return Volatile.Read(ref s_maxActiveLevels);
        }

        set
        {
            _ = Settings;
            Volatile.Write(ref s_maxActiveLevels, value);
        }
    }

    /// <summary>
    /// cancel-var: whether cancel constructs act (from OMP_CANCELLATION; programs cannot change it, the tests can,
    /// as the environment is read once per process).
    /// </summary>
    public static bool Cancellation
    {
        get
        {
            _ = Settings;
            return Volatile.Read(ref s_cancellation);
        }

        set
        {
            _ = Settings;
            Volatile.Write(ref s_cancellation, value);
        }
    }

    /// <summary>The cpus the rank owns: its cores in hermit-run, the allowed cpus of the first caller elsewhere.</summary>
    public static int[] Cpus
    {
        get
        {
            _ = Team;
            return s_cpus!;
        }
    }

    /// <summary>Reads the settings and creates the team, once; a bad setting throws every time it is asked for.</summary>
    private static (OmpSettings Settings, Team Team) Initialize()
    {
        lock (s_lock)
        {
            if (s_settings is not null && s_team is not null)
            {
                return (s_settings, s_team);
            }

            OmpSettings settings = OmpSettings.FromEnvironment();
            int[] cpus = RankContext.Current is { } rank ? [.. rank.Cores] : CpuAffinity.AllowedCpus();
            int[][] places = settings.Bind == ProcBind.False ? [] : PlaceList.Resolve(settings.Places, cpus);
            int placeCount = settings.Bind == ProcBind.False ? PlaceList.Resolve(settings.Places, cpus).Length : places.Length;
            s_cpus = cpus;
            s_numThreads = Math.Min(settings.NumThreads ?? placeCount, settings.ThreadLimit);
            s_runSchedule = settings.Schedule;
            s_maxActiveLevels = settings.MaxActiveLevels;
            s_cancellation = settings.Cancellation;
            var team = new Team(places, settings.Bind, settings.Wait, bindPrimary: settings.BindSet && RankContext.Current is null, cpuCount: cpus.Length,
                stackSize: settings.StackSize ?? 0);
            s_nestedTeams = new NestedTeamPool(cpus, bound: settings.Bind != ProcBind.False, settings.Wait, settings.StackSize ?? 0);
            Volatile.Write(ref s_team, team);
            Volatile.Write(ref s_settings, settings);
            return (settings, team);
        }
    }
}
