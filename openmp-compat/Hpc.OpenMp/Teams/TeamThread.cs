using System.Diagnostics;

namespace Hpc.OpenMp.Teams;

/// <summary>
/// What one thread knows about the region it runs in: its number, the team's size, the nesting levels and its
/// position in the sequence of work-sharing constructs. The persistent team keeps one per member; a serialized
/// (nested or contended) region gets a team of one with no <see cref="Team"/>.
/// </summary>
internal sealed unsafe class TeamThread
{
    /// <summary>Creates the state of member <paramref name="num"/> of <paramref name="team"/> (null: a serialized team of one).</summary>
    public TeamThread(Team? team, int num)
    {
        Team = team;
        Num = num;
        Size = 1;
    }

    /// <summary>The team, or null when the region runs serialized on this thread alone.</summary>
    public Team? Team { get; }

    /// <summary>omp_get_thread_num.</summary>
    public int Num { get; }

    /// <summary>omp_get_num_threads for the current region.</summary>
    public int Size { get; private set; }

    /// <summary>omp_get_level: enclosing parallel regions, active or not.</summary>
    public int Level { get; private set; }

    /// <summary>omp_get_active_level: enclosing regions with more than one thread.</summary>
    public int ActiveLevel { get; private set; }

    /// <summary>The state this one replaced on its thread, restored when the region ends.</summary>
    public TeamThread? Outer { get; set; }

    /// <summary>A reusable state for serialized regions nested in this one (no allocation after the first).</summary>
    public TeamThread? NestedCache { get; set; }

    /// <summary>The children counter of the task this thread runs now (its implicit task's, or an explicit task's).</summary>
    public TaskChildren Children { get; set; } = new();

    /// <summary>The id of the next work-sharing construct: the region's number in the high half, a count in the low half.</summary>
    private long _nextConstruct;

    /// <summary>The ordered loop this thread is in, or null.</summary>
    public WorkshareSlot* OrderedSlot { get; set; }

    /// <summary>True while this thread runs a loop with the ordered clause on a team of one (nothing to wait for).</summary>
    public bool OrderedAlone { get; set; }

    /// <summary>The logical iteration (0-based) the thread is running in an ordered loop.</summary>
    public long OrderedIteration { get; set; }

    /// <summary>True once the current iteration's ordered block has run (or been passed).</summary>
    public bool OrderedDone { get; set; }

    /// <summary>The slot of the loop this thread runs while cancellation is enabled (null: none, or a team of one).</summary>
    public WorkshareSlot* CancellableLoop { get; set; }

    /// <summary>True while this thread runs a loop alone (a team of one) with cancellation enabled.</summary>
    public bool InCancellableLoop { get; set; }

    /// <summary>Set by <c>cancel for</c> in a loop run by a team of one.</summary>
    public bool LoopCancelledAlone { get; set; }

    /// <summary>Starts a region of <paramref name="size"/> threads inside <paramref name="outerLevel"/> enclosing regions.</summary>
    public void Begin(long region, int size, int outerLevel, int outerActiveLevel)
    {
        Debug.Assert(size >= 1, "a team has a thread");
        Size = size;
        Level = outerLevel + 1;
        ActiveLevel = outerActiveLevel + (size > 1 ? 1 : 0);
        _nextConstruct = region << 32;
        OrderedSlot = null;
        OrderedAlone = false;
        CancellableLoop = null;
        InCancellableLoop = false;
    }

    /// <summary>The id of the next work-sharing construct this thread meets (the same sequence on every member).</summary>
    public long NextConstruct() => ++_nextConstruct;
}
