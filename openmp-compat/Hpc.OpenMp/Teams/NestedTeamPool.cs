namespace Hpc.OpenMp.Teams;

/// <summary>
/// The teams of active nested regions (OMP_MAX_ACTIVE_LEVELS above 1). A thread of an active region that starts a
/// region becomes member 0 of a team taken from here; the team goes back idle, its member threads kept, when the
/// region ends. So a nested region in a loop starts threads only until the pool has as many teams, as large, as the
/// program runs at once. The pool also counts the threads nested regions use, against thread-limit-var.
/// </summary>
internal sealed class NestedTeamPool
{
    /// <summary>Guards the idle teams and the counts (taken once per nested region; the rank's team never comes here).</summary>
    private readonly Lock _lock = new();
    /// <summary>Idle teams, the most recently used on top (its members are the likeliest to be still spinning).</summary>
    private readonly Stack<Team> _idle = new();
    /// <summary>
    /// The one place nested members are bound to, all the rank's cpus (empty: unbound). Members of the rank's team are
    /// bound to a cpu each and a new thread starts with the main thread's mask (bound to place 0 in a plain process with
    /// OMP_PROC_BIND set), so without this a nested team could be left with one cpu for all its threads.
    /// </summary>
    private readonly int[][] _places;
    /// <summary>The wait policy of the teams.</summary>
    private readonly WaitPolicy _wait;
    /// <summary>The cpus the rank owns.</summary>
    private readonly int _cpuCount;
    /// <summary>The stack size of member threads in bytes (0: the runtime's default).</summary>
    private readonly int _stackSize;
    /// <summary>Teams made so far (the next one's id is this plus one: id 0 is the rank's team).</summary>
    private int _made;
    /// <summary>Member threads (not counting their primaries) of the nested regions running now.</summary>
    private int _busyMembers;

    /// <summary>Creates an empty pool of teams with the rank's cpus, binding, wait policy and member stack size.</summary>
    /// <param name="cpus">The cpus the rank owns.</param>
    /// <param name="bound">Whether threads are bound (OMP_PROC_BIND not false): nested members then run on any of <paramref name="cpus"/>.</param>
    /// <param name="wait">The wait policy.</param>
    /// <param name="stackSize">The stack size of member threads in bytes (0: the runtime's default).</param>
    public NestedTeamPool(int[] cpus, bool bound, WaitPolicy wait, int stackSize)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        _places = bound && cpus.Length > 0 ? [cpus] : [];
        _wait = wait;
        _cpuCount = Math.Max(1, cpus.Length);
        _stackSize = stackSize;
    }

    /// <summary>Teams made so far (idle or running).</summary>
    public int Made
    {
        get
        {
            lock (_lock)
            {
                return _made;
            }
        }
    }

    /// <summary>
    /// A team, acquired, for a nested region of up to <paramref name="requested"/> threads, and its size: fewer when
    /// the threads of the contention group (<paramref name="rootThreads"/> in the rank's region, plus those of the
    /// nested regions running now) would pass <paramref name="threadLimit"/>. Null when not even two threads are left
    /// (the region then runs serialized). Give it back with <see cref="Return"/>.
    /// </summary>
    public Team? TryRent(int requested, int rootThreads, int threadLimit, out int size)
    {
        lock (_lock)
        {
            long inUse = (long)rootThreads + _busyMembers;
            size = (int)Math.Min(requested, Math.Max(0, threadLimit - inUse) + 1);
            if (size <= 1)
            {
                size = 1;
                return null;
            }

            _busyMembers += size - 1;
            // One place for every member: the enclosing members hold a cpu each, the OS spreads the nested ones.
            Team team = _idle.Count > 0
                ? _idle.Pop()
                : new Team(_places, ProcBind.Close, _wait, bindPrimary: false, _cpuCount, _stackSize, id: ++_made);
            team.ContendingThreads = (int)Math.Min(int.MaxValue, inUse + size - 1);
            bool acquired = team.TryAcquire();
            System.Diagnostics.Debug.Assert(acquired, "an idle team is free");
            return team;
        }
    }

    /// <summary>Gives back a team rented for a region of <paramref name="size"/> threads, once the region ended.</summary>
    public void Return(Team team, int size)
    {
        team.Release();
        lock (_lock)
        {
            _busyMembers -= size - 1;
            _idle.Push(team);
        }
    }
}
