using System.Collections.Concurrent;

using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp;

/// <summary>Barriers and critical sections.</summary>
public static partial class Omp
{
    /// <summary>The lock of unnamed critical sections.</summary>
    private static readonly OmpLock s_critical = new();
    /// <summary>The locks of named critical sections, one per name (per rank).</summary>
    private static readonly ConcurrentDictionary<string, OmpLock> s_namedCritical = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>#pragma omp barrier</c>: returns once every thread of the team has called it. Outside a region, or in a
    /// team of one, it returns at once.
    /// </summary>
    public static void Barrier() => Barrier(CurrentTeamThread.Value);

    /// <summary><c>#pragma omp critical</c>: runs <paramref name="body"/> while no other thread runs an unnamed critical section.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> is null.</exception>
    public static void Critical(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Critical(s_critical, body);
    }

    /// <summary><c>#pragma omp critical(name)</c>: sections with the same name exclude each other; different names do not.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="body"/> is null.</exception>
    public static void Critical(string name, Action body)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(body);
        Critical(s_namedCritical.GetOrAdd(name, static _ => new OmpLock()), body);
    }

    /// <summary>Runs <paramref name="body"/> holding <paramref name="gate"/>.</summary>
    private static void Critical(OmpLock gate, Action body)
    {
        gate.Set();
        try
        {
            body();
        }
        finally
        {
            gate.Unset();
        }
    }

    /// <summary>The barrier of <paramref name="thread"/>'s team, if it has one.</summary>
    private static void Barrier(TeamThread? thread)
    {
        if (thread?.Team is { } team && thread.Size > 1)
        {
            team.Barrier(thread);
        }
    }
}
