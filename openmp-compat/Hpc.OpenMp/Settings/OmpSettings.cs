using System.Globalization;

namespace Hpc.OpenMp.Settings;

/// <summary>
/// The OpenMP environment read once per rank (or process): the initial values of the ICVs, with the meanings of the
/// OpenMP 5.2 specification. A value the specification does not allow is an <see cref="OmpEnvironmentException"/>.
/// </summary>
internal sealed record OmpSettings
{
    /// <summary>nthreads-var from <c>OMP_NUM_THREADS</c> (the first level of the list), or null for one thread per place.</summary>
    public int? NumThreads { get; init; }

    /// <summary>
    /// The whole <c>OMP_NUM_THREADS</c> list, one size per nesting level (<see cref="NumThreads"/> being the first);
    /// empty when unset. Levels past its end take its last entry.
    /// </summary>
    public IReadOnlyList<int> NumThreadsPerLevel { get; init; } = [];

    /// <summary>run-sched-var from <c>OMP_SCHEDULE</c> (static when unset, as in libgomp).</summary>
    public Schedule Schedule { get; init; } = Schedule.Static();

    /// <summary>bind-var from <c>OMP_PROC_BIND</c> (the first level of the list); true (close) when unset.</summary>
    public ProcBind Bind { get; init; } = ProcBind.True;

    /// <summary>True when <c>OMP_PROC_BIND</c> was set: only then is the primary thread of a plain process bound too.</summary>
    public bool BindSet { get; init; }

    /// <summary>place-partition-var's text from <c>OMP_PLACES</c>, or null for one place per cpu the rank owns.</summary>
    public string? Places { get; init; }

    /// <summary>wait-policy-var from <c>OMP_WAIT_POLICY</c>.</summary>
    public WaitPolicy Wait { get; init; }

    /// <summary>
    /// max-active-levels-var from <c>OMP_MAX_ACTIVE_LEVELS</c>; regions beyond it run with one thread. When unset,
    /// 1, or the length of an <c>OMP_NUM_THREADS</c> list of several levels (as libgomp: the list asks for them).
    /// </summary>
    public int MaxActiveLevels { get; init; } = 1;

    /// <summary>thread-limit-var from <c>OMP_THREAD_LIMIT</c>.</summary>
    public int ThreadLimit { get; init; } = int.MaxValue;

    /// <summary>cancel-var from <c>OMP_CANCELLATION</c>: whether <c>Omp.Cancel</c> does anything (false when unset).</summary>
    public bool Cancellation { get; init; }

    /// <summary>stacksize-var from <c>OMP_STACKSIZE</c> in bytes: the stack of each team member; null for the runtime's default.</summary>
    public int? StackSize { get; init; }

    /// <summary>dyn-var from <c>OMP_DYNAMIC</c> (validated; the team size is never adjusted here).</summary>
    public bool Dynamic { get; init; }

    /// <summary>
    /// The <c>OMP_NUM_THREADS</c> entry for regions started at nesting level <paramref name="level"/> (≥ 1), the last
    /// entry past the list's end; null when the list has one entry or none (every level then takes the first
    /// level's nthreads-var, which the program may have changed).
    /// </summary>
    public int? NestedNumThreads(int level) =>
        NumThreadsPerLevel.Count > 1 ? NumThreadsPerLevel[Math.Min(level, NumThreadsPerLevel.Count - 1)] : null;

    /// <summary>Reads the settings from the process environment.</summary>
    public static OmpSettings FromEnvironment() => Parse(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="variable"/> (name to value, null when unset).</summary>
    /// <exception cref="OmpEnvironmentException">A variable holds a value the specification does not allow.</exception>
    public static OmpSettings Parse(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var settings = new OmpSettings();
        if (Value(variable, "OMP_NUM_THREADS") is { } threads)
        {
            int[] perLevel = PositiveList(threads, "OMP_NUM_THREADS");
            settings = settings with { NumThreads = perLevel[0], NumThreadsPerLevel = perLevel, MaxActiveLevels = perLevel.Length };
        }

        if (Value(variable, "OMP_SCHEDULE") is { } schedule)
        {
            try
            {
                settings = settings with { Schedule = Schedule.Parse(schedule) };
            }
            catch (FormatException e)
            {
                throw new OmpEnvironmentException("OMP_SCHEDULE", schedule, e.Message);
            }
        }

        if (Value(variable, "OMP_PROC_BIND") is { } bind)
        {
            settings = settings with { Bind = ParseBind(bind), BindSet = true };
        }

        if (Value(variable, "OMP_PLACES") is { } places)
        {
            // Checked against the cpus when the team is built (the rank's cores are known only then); the syntax now.
            _ = PlaceList.Resolve(places, [.. Enumerable.Range(0, PlaceList.SyntaxCheckCpus)], syntaxOnly: true);
            settings = settings with { Places = places };
        }

        if (Value(variable, "OMP_WAIT_POLICY") is { } wait)
        {
            settings = settings with
            {
                Wait = wait.Trim().ToLowerInvariant() switch
                {
                    "active" => WaitPolicy.Active,
                    "passive" => WaitPolicy.Passive,
                    _ => throw new OmpEnvironmentException("OMP_WAIT_POLICY", wait, "expected active or passive."),
                },
            };
        }

        if (Value(variable, "OMP_MAX_ACTIVE_LEVELS") is { } levels)
        {
            settings = settings with { MaxActiveLevels = NonNegative(levels, "OMP_MAX_ACTIVE_LEVELS") };
        }

        if (Value(variable, "OMP_THREAD_LIMIT") is { } limit)
        {
            settings = settings with { ThreadLimit = PositiveList(limit, "OMP_THREAD_LIMIT", single: true)[0] };
        }

        if (Value(variable, "OMP_DYNAMIC") is { } dynamic)
        {
            settings = settings with { Dynamic = Boolean(dynamic, "OMP_DYNAMIC") };
        }

        if (Value(variable, "OMP_CANCELLATION") is { } cancellation)
        {
            settings = settings with { Cancellation = Boolean(cancellation, "OMP_CANCELLATION") };
        }

        if (Value(variable, "OMP_STACKSIZE") is { } stack)
        {
            settings = settings with { StackSize = ParseStackSize(stack) };
        }

        return settings;
    }

    /// <summary>An <c>OMP_STACKSIZE</c> value: a positive size with an optional unit B, K, M or G (K when none, as the specification says).</summary>
    private static int ParseStackSize(string text)
    {
        string trimmed = text.Trim();
        char unit = char.ToUpperInvariant(trimmed[^1]);
        long multiplier = unit switch
        {
            'B' => 1,
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 0,
        };
        string digits = multiplier == 0 ? trimmed : trimmed[..^1].TrimEnd();
        // Thread takes the size as an int: 2 GiB - 1 at most.
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long size) || size < 1
            || size > int.MaxValue / (multiplier == 0 ? 1L << 10 : multiplier))
        {
            throw new OmpEnvironmentException("OMP_STACKSIZE", text, "expected a positive size with an optional unit B, K, M or G, below 2 GiB.");
        }

        return (int)(size * (multiplier == 0 ? 1L << 10 : multiplier));
    }

    /// <summary>The variable's value, or null when unset or blank (the specification treats both as unset).</summary>
    private static string? Value(Func<string, string?> variable, string name) =>
        variable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>A comma-separated list of positive integers (one only when <paramref name="single"/>).</summary>
    private static int[] PositiveList(string text, string name, bool single = false)
    {
        string[] parts = text.Split(',');
        if (single && parts.Length != 1)
        {
            throw new OmpEnvironmentException(name, text, "expected one positive integer.");
        }

        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                throw new OmpEnvironmentException(name, text, single
                    ? "expected one positive integer."
                    : "expected a positive integer, or a comma-separated list of them (one per nesting level).");
            }
        }

        return values;
    }

    /// <summary>A non-negative integer.</summary>
    private static int NonNegative(string text, string name) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new OmpEnvironmentException(name, text, "expected a non-negative integer.");

    /// <summary>true or false, any case.</summary>
    private static bool Boolean(string text, string name) => text.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new OmpEnvironmentException(name, text, "expected true or false."),
    };

    /// <summary>An <c>OMP_PROC_BIND</c> value: false, true, or a list of primary|master|close|spread (first level used).</summary>
    private static ProcBind ParseBind(string text)
    {
        string[] parts = text.Split(',');
        var first = ProcBind.False;
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].Trim().ToLowerInvariant();
            ProcBind bind = part switch
            {
                "false" when parts.Length == 1 => ProcBind.False,
                "true" when parts.Length == 1 => ProcBind.True,
                "primary" or "master" => ProcBind.Primary,
                "close" => ProcBind.Close,
                "spread" => ProcBind.Spread,
                _ => throw new OmpEnvironmentException("OMP_PROC_BIND", text,
                    "expected true, false, or a comma-separated list of primary, master, close and spread."),
            };
            if (i == 0)
            {
                first = bind;
            }
        }

        return first;
    }
}
