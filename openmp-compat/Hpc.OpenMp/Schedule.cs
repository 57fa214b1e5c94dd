using System.Globalization;

namespace Hpc.OpenMp;

/// <summary>
/// A loop schedule, as in OpenMP's <c>schedule(kind, chunk)</c> clause, plus the <c>ordered</c> clause.
/// <c>default(Schedule)</c> is <see cref="Runtime"/>.
/// </summary>
/// <example>
/// <code>
/// Omp.ParallelFor(0, n, Schedule.Dynamic(16), i => work(i));
/// </code>
/// </example>
public readonly struct Schedule : IEquatable<Schedule>
{
    /// <summary>Creates a schedule; callers have validated the chunk.</summary>
    private Schedule(ScheduleKind kind, int chunk, bool isOrdered)
    {
        Kind = kind;
        Chunk = chunk;
        IsOrdered = isOrdered;
    }

    /// <summary>The kind.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>The chunk size; 0 for static means one block per thread, and for runtime/auto it is unused.</summary>
    public int Chunk { get; }

    /// <summary>True when the loop has OpenMP's <c>ordered</c> clause: <see cref="Omp.Ordered"/> blocks run in iteration order.</summary>
    public bool IsOrdered { get; }

    /// <summary>The schedule taken from the run-sched-var ICV when the loop starts (<c>OMP_SCHEDULE</c>).</summary>
    public static Schedule Runtime => default;

    /// <summary>schedule(auto): the implementation's choice (static here).</summary>
    public static Schedule Auto => new(ScheduleKind.Auto, 0, false);

    /// <summary>schedule(static[, chunk]): with 0, one contiguous block per thread; otherwise chunks dealt round-robin.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The chunk is negative.</exception>
    public static Schedule Static(int chunk = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunk);
        return new Schedule(ScheduleKind.Static, chunk, false);
    }

    /// <summary>schedule(dynamic, chunk): chunks of <paramref name="chunk"/> iterations taken first come, first served.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The chunk is below 1.</exception>
    public static Schedule Dynamic(int chunk = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        return new Schedule(ScheduleKind.Dynamic, chunk, false);
    }

    /// <summary>schedule(guided, chunk): chunks proportional to the iterations left divided by the threads, at least <paramref name="chunk"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The chunk is below 1.</exception>
    public static Schedule Guided(int chunk = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        return new Schedule(ScheduleKind.Guided, chunk, false);
    }

    /// <summary>The same schedule with the <c>ordered</c> clause: <see cref="Omp.Ordered"/> blocks of the loop run in iteration order.</summary>
    public Schedule WithOrdered() => new(Kind, Chunk, true);

    /// <summary>Parses an <c>OMP_SCHEDULE</c> value: <c>[monotonic:|nonmonotonic:]kind[,chunk]</c>, kind static, dynamic, guided or auto.</summary>
    /// <exception cref="FormatException">The text is not such a value.</exception>
    public static Schedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string value = text.Trim().ToLowerInvariant();
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            string modifier = value[..colon].Trim();
            if (modifier is not ("monotonic" or "nonmonotonic"))
            {
                throw BadSchedule(text);
            }

            value = value[(colon + 1)..];
        }

        string[] parts = value.Split(',');
        if (parts.Length > 2)
        {
            throw BadSchedule(text);
        }

        int? chunk = null;
        if (parts.Length == 2)
        {
            if (!int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) || parsed < 1)
            {
                throw new FormatException($"'{text}': the chunk size must be a positive integer.");
            }

            chunk = parsed;
        }

        return parts[0].Trim() switch
        {
            "static" => Static(chunk ?? 0),
            "dynamic" => Dynamic(chunk ?? 1),
            "guided" => Guided(chunk ?? 1),
            "auto" when chunk is null => Auto,
            _ => throw BadSchedule(text),
        };
    }

    /// <inheritdoc/>
    public bool Equals(Schedule other) => Kind == other.Kind && Chunk == other.Chunk && IsOrdered == other.IsOrdered;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Schedule other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Chunk, IsOrdered);

    /// <summary>OpenMP's spelling: <c>dynamic,4</c>, <c>static</c>, <c>runtime</c>.</summary>
    public override string ToString()
    {
        string kind = Kind.ToString().ToLowerInvariant();
        string text = Chunk > 0 && Kind is ScheduleKind.Static or ScheduleKind.Dynamic or ScheduleKind.Guided
            ? string.Create(CultureInfo.InvariantCulture, $"{kind},{Chunk}")
            : kind;
        return IsOrdered ? text + " ordered" : text;
    }

    /// <summary>Equal schedules.</summary>
    public static bool operator ==(Schedule left, Schedule right) => left.Equals(right);

    /// <summary>Different schedules.</summary>
    public static bool operator !=(Schedule left, Schedule right) => !left.Equals(right);

    /// <summary>The error for a value that is not a schedule.</summary>
    private static FormatException BadSchedule(string text) =>
        new($"'{text}' is not a schedule: expected [monotonic:|nonmonotonic:]static|dynamic|guided[,chunk] or auto.");
}
