using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

using Hpc.Hosted;

namespace Hpc.OpenMp.Teams;

/// <summary>
/// A persistent team of threads, each bound to its place, that runs parallel regions for whichever thread launches
/// them (that thread is member 0). Launch and join cost a few cache-line transfers: the primary writes each
/// member's go word (a region number on the member's own padded line), members spin on it, and report on one shared
/// done counter. Barriers are counter-plus-generation barriers on padded lines. Idle members spin, then sleep on a
/// futex unless the wait policy is active. Nothing is allocated per region once the team has grown.
/// </summary>
internal sealed unsafe partial class Team
{
    /// <summary>Bytes per control line: two cache lines, so the adjacent-line prefetcher does not pair them.</summary>
    private const int Line = 128;

    /// <summary>Work-sharing slots: a construct's slot is reused four constructs later, once every member has left it.</summary>
    public const int SlotCount = 4;

    /// <summary>The key under which the other exceptions of a region are attached to the first one's Data.</summary>
    public const string OtherExceptionsKey = "Hpc.OpenMp.OtherExceptions";

    /// <summary>Shared lines: [0] done counter and its sleepers, [1] barrier count, [2] barrier generation and sleepers, [3] cancelled, [4] the launch bell and its sleepers, then the slots.</summary>
    private readonly byte* _control;
    /// <summary>The cpu sets threads are bound to (empty: no binding).</summary>
    private readonly int[][] _places;
    /// <summary>How members are placed.</summary>
    private readonly ProcBind _bind;
    /// <summary>Whether the primary thread is bound to place 0 as well as the members to theirs.</summary>
    private readonly bool _bindPrimary;
    /// <summary>How waiters wait while the region's threads fit the cpus.</summary>
    private readonly WaitBudget _fittingBudget;
    /// <summary>How waiters wait while the region has more threads than cpus.</summary>
    private readonly WaitBudget _oversubscribedBudget;
    /// <summary>The cpus the team may use: more threads than this, and waiters throttle their spinning.</summary>
    private readonly int _cpuCount;
    /// <summary>The stack size of member threads in bytes (0: the runtime's default).</summary>
    private readonly int _stackSize;
    /// <summary>How waiters wait in the current region.</summary>
    private WaitBudget _budget;
    /// <summary>Guards the exceptions of the running region.</summary>
    private readonly Lock _errorsLock = new();

    /// <summary>Member states, 0 being the primary's.</summary>
    private TeamThread[] _members;
    /// <summary>Each member's go line ([0] the number of the region it is to run); index 0 unused.</summary>
    private nint[] _goLines;
    /// <summary>The member threads; index 0 unused.</summary>
    private Thread?[] _threads;
    /// <summary>1 while a region runs on the team.</summary>
    private int _busy;
    /// <summary>The number of the current (or last) region; never 0 once one started.</summary>
    private long _region;
    /// <summary>The size of the current region.</summary>
    private int _size;
    /// <summary>The region state of the thread that launched the current region (its members' way out to the enclosing regions).</summary>
    private TeamThread? _outer;
    /// <summary>The nesting levels outside the current region (it may be launched from a serialized region).</summary>
    private int _outerLevel;
    /// <summary>The active levels outside the current region.</summary>
    private int _outerActiveLevel;
    /// <summary>What the current region runs.</summary>
    private TeamWork? _work;
    /// <summary>The first exception of the current region.</summary>
    private Exception? _first;
    /// <summary>The later exceptions of the current region.</summary>
    private List<Exception>? _others;
    /// <summary>Set when the team is being shut down.</summary>
    private volatile bool _stopping;

    /// <summary>Creates a team (only the primary's state at first; members start on demand).</summary>
    /// <param name="places">Cpu sets for binding, in order (member i goes to a place by <paramref name="bind"/>); empty: unbound.</param>
    /// <param name="bind">The binding policy.</param>
    /// <param name="wait">The wait policy.</param>
    /// <param name="bindPrimary">
    /// Whether the thread launching a region is bound to place 0 too. Binding a plain process's main thread narrows
    /// the mask of every thread .NET creates afterwards, so that is done only when asked for (OMP_PROC_BIND set);
    /// a rank's thread is bound to its core by the isle anyway.
    /// </param>
    /// <param name="cpuCount">The cpus the team may use (more threads than this: waiters spin less).</param>
    /// <param name="stackSize">The stack size of member threads in bytes (OMP_STACKSIZE), 0 for the runtime's default.</param>
    /// <param name="id">The team's number: 0 for the rank's team, from 1 for the teams of nested regions (see <see cref="TeamLocal{T}"/>).</param>
    public Team(int[][] places, ProcBind bind, WaitPolicy wait, bool bindPrimary, int cpuCount, int stackSize = 0, int id = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stackSize);
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        Id = id;
        _stackSize = stackSize;
        ArgumentNullException.ThrowIfNull(places);
        _places = places;
        _bind = places.Length == 0 ? ProcBind.False : bind;
        _bindPrimary = bindPrimary && _bind != ProcBind.False;
        Wait = wait;
        _cpuCount = Math.Max(1, cpuCount);
        _fittingBudget = WaitBudget.For(wait, oversubscribed: false);
        _oversubscribedBudget = WaitBudget.For(wait, oversubscribed: true);
        _budget = _fittingBudget;
        nuint bytes = (nuint)((5 + (SlotCount * sizeof(WorkshareSlot) / Line)) * Line);
        _control = (byte*)NativeMemory.AlignedAlloc(bytes, Line);
        NativeMemory.Clear(_control, bytes);
        _members = [new TeamThread(this, 0)];
        _goLines = [0];
        _threads = [null];
    }

    /// <summary>The wait policy of the team.</summary>
    public WaitPolicy Wait { get; }

    /// <summary>The team's number: 0 for the rank's team, from 1 for the teams of nested regions.</summary>
    public int Id { get; }

    /// <summary>
    /// The threads of the whole contention group while this team's next region runs (0: just the region's own): a
    /// nested team shares the cpus with the enclosing teams, so its waiters throttle their spinning by that count.
    /// </summary>
    public int ContendingThreads { get; set; }

    /// <summary>The size of the current (or last) region.</summary>
    public int RegionSize => Volatile.Read(ref _size);

    /// <summary>The number of places threads are bound to (0: unbound).</summary>
    public int PlaceCount => _places.Length;

    /// <summary>How waiters wait in the current region (spinning less, and yielding, when it has more threads than cpus).</summary>
    public WaitBudget Budget => _budget;

    /// <summary>Members started so far, the primary included.</summary>
    public int Capacity => _members.Length;

    /// <summary>The done counter of the join.</summary>
    private int* Done => (int*)_control;
    /// <summary>Sleepers on the done counter.</summary>
    private int* DoneSleepers => (int*)_control + 1;
    /// <summary>Arrivals at the current barrier.</summary>
    private int* BarrierCount => (int*)(_control + Line);
    /// <summary>Completed barriers (the generation waiters watch).</summary>
    private int* BarrierGeneration => (int*)(_control + (2 * Line));
    /// <summary>Sleepers on the barrier generation.</summary>
    private int* BarrierSleepers => (int*)(_control + (2 * Line)) + 1;
    /// <summary>Nonzero once a member of the current region threw.</summary>
    private int* Cancelled => (int*)(_control + (3 * Line));
    /// <summary>The work-sharing slots.</summary>
    private WorkshareSlot* Slots => (WorkshareSlot*)(_control + (5 * Line));
    /// <summary>The bell idle members sleep on once they stop spinning on their go words: one wake starts them all.</summary>
    private int* LaunchBell => (int*)(_control + (4 * Line));
    /// <summary>Members asleep on the launch bell.</summary>
    private int* LaunchSleepers => (int*)(_control + (4 * Line)) + 1;

    /// <summary>Takes the team for one region; false when another thread's region holds it (then run serialized).</summary>
    public bool TryAcquire() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    /// <summary>Gives the team back after <see cref="Run"/>.</summary>
    public void Release() => Volatile.Write(ref _busy, 0);

    /// <summary>
    /// Runs <paramref name="work"/> on <paramref name="size"/> members, the calling thread being member 0, and returns
    /// when all have finished. The first exception of any member is rethrown here, the others attached.
    /// </summary>
    /// <param name="size">Members of the region (≥ 1).</param>
    /// <param name="work">What each member runs.</param>
    /// <param name="outer">The caller's region state (a serialized region it runs in), or null.</param>
    public void Run(int size, TeamWork work, TeamThread? outer)
    {
        Debug.Assert(Volatile.Read(ref _busy) == 1, "the caller acquired the team");
        Debug.Assert(size >= 1, "a region has a thread");
        Grow(size);
        BindPrimary();

        _work = work;
        _size = size;
        _budget = Math.Max(size, ContendingThreads) > _cpuCount ? _oversubscribedBudget : _fittingBudget;
        _outer = outer;
        _outerLevel = outer?.Level ?? 0;
        _outerActiveLevel = outer?.ActiveLevel ?? 0;
        long region = ++_region;
        *Done = 0;
        *BarrierCount = 0;
        *Cancelled = 0;

        TeamThread primary = _members[0];
        primary.Begin(region, size, _outerLevel, _outerActiveLevel);
        primary.Outer = outer;
        CurrentTeamThread.Value = primary;

        // Interlocked: a full fence, so the fields above are visible to the member before it sees its go word.
        // Sleeping members are woken together by one ring of the bell, after every go word is written.
        for (int member = 1; member < size; member++)
        {
            Interlocked.Exchange(ref *(int*)_goLines[member], (int)region);
        }

        SpinPark.Ring(LaunchBell, LaunchSleepers);

        try
        {
            work.Run(primary);
        }
        catch (TeamCancelledException)
        {
            // Another member threw; its exception is the one to report.
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            DrainTasks(primary);
            CurrentTeamThread.Value = outer;
        }

        int expected = size - 1;
        int done;
        while ((done = Volatile.Read(ref *Done)) != expected)
        {
            SpinPark.WaitWhileEqual(Done, done, DoneSleepers, _budget);
        }

        _work = null;
        _outer = null;
        ThrowIfFailed();
    }

    /// <summary>
    /// A barrier of the calling member's region. Throws <see cref="TeamCancelledException"/> when another member of
    /// the region threw (the region is being abandoned).
    /// </summary>
    public void Barrier(TeamThread thread)
    {
        Debug.Assert(thread.Team == this, "a member of this team");
        int size = thread.Size;
        if (Volatile.Read(ref *PendingTasks) != 0)
        {
            // A barrier lets nobody pass before every task of the region has finished: help run them first.
            DrainTasks(thread);
        }

        if (size > 1)
        {
            // Read the generation before arriving: the last arrival bumps it only after our arrival.
            int generation = Volatile.Read(ref *BarrierGeneration);
            if (Interlocked.Increment(ref *BarrierCount) == size)
            {
                Volatile.Write(ref *BarrierCount, 0);
                Interlocked.Increment(ref *BarrierGeneration);
                SpinPark.Wake(BarrierGeneration, BarrierSleepers);
            }
            else
            {
                WaitAtBarrier(thread, generation);
            }
        }

        ThrowIfCancelled();
        // Past a barrier every task of the region has finished: the thread's depend clauses constrain nothing more.
        thread.Children.Dependences?.Clear();
    }

    /// <summary>
    /// A member waiting at a barrier for the generation after <paramref name="generation"/>: a barrier is a task
    /// scheduling point, so it runs the region's pending tasks while it waits (tasks spawned after it arrived
    /// included: <see cref="Spawn"/> wakes it), spins, then sleeps. Returns early when the region is abandoned.
    /// </summary>
    private void WaitAtBarrier(TeamThread thread, int generation)
    {
        int spun = 0;
        long yieldEnd = 0;
        while (Volatile.Read(ref *BarrierGeneration) == generation && Volatile.Read(ref *Cancelled) == 0)
        {
            if (Volatile.Read(ref *PendingTasks) != 0 && TryRunOne(thread))
            {
                spun = 0;
                yieldEnd = 0;
                continue;
            }

            if (SpinPark.SpinOrYield(_budget, ref spun, ref yieldEnd))
            {
                continue;
            }

            // Counted first, then checked: a spawner or the last arrival that misses us made its change before our
            // check (all full fences), so we see it; at worst a wake lands just before futex_wait, and the tasks
            // are left to their spawner, which runs them before it arrives.
            Interlocked.Increment(ref *BarrierSleepers);
            if (Volatile.Read(ref *PendingTasks) == 0 && Volatile.Read(ref *Cancelled) == 0)
            {
                Futex.Wait(BarrierGeneration, generation);
            }

            Interlocked.Decrement(ref *BarrierSleepers);
        }
    }

    /// <summary>Throws <see cref="TeamCancelledException"/> if a member of the region threw.</summary>
    public void ThrowIfCancelled()
    {
        if (Volatile.Read(ref *Cancelled) != 0)
        {
            throw new TeamCancelledException();
        }
    }

    /// <summary>True once a member of the current region threw.</summary>
    public bool IsCancelled => Volatile.Read(ref *Cancelled) != 0;

    /// <summary>
    /// Enters the calling member's next work-sharing construct: returns its slot, reset by whichever member came
    /// first (<paramref name="first"/> is true for that one). Every member calls <see cref="LeaveConstruct"/> once
    /// it is done with the slot. Throws <see cref="TeamCancelledException"/> when the region is being abandoned.
    /// </summary>
    public WorkshareSlot* EnterConstruct(TeamThread thread, out bool first)
    {
        long id = thread.NextConstruct();
        WorkshareSlot* slot = Slots + (id & (SlotCount - 1));
        long claim = Volatile.Read(ref slot->Claim);
        int spun = 0;
        // The slot may still hold an earlier construct of this region that a member has not left (constructs
        // without a barrier let a thread run ahead): reset it only once every member has left it.
        while (claim != id && claim >> 32 == id >> 32 && Volatile.Read(ref slot->Left) < thread.Size)
        {
            ThrowIfCancelled();
            SpinPark.Idle(_budget, ref spun);
            claim = Volatile.Read(ref slot->Claim);
        }

        if (claim != id && Interlocked.CompareExchange(ref slot->Claim, id, claim) == claim)
        {
            slot->Next = 0;
            slot->OrderedNext = 0;
            slot->Left = 0;
            slot->Cancelled = 0;
            Volatile.Write(ref slot->Ready, id);
            first = true;
            return slot;
        }

        while (Volatile.Read(ref slot->Ready) != id)
        {
            SpinPark.Idle(_budget, ref spun);
        }

        first = false;
        return slot;
    }

    /// <summary>Says the calling member is done with <paramref name="slot"/>'s construct (the slot may be reused once all are).</summary>
    public static void LeaveConstruct(WorkshareSlot* slot) => Interlocked.Increment(ref slot->Left);

    /// <summary>The index of <paramref name="slot"/> among the team's slots (for state kept per slot elsewhere).</summary>
    public int IndexOf(WorkshareSlot* slot) => (int)(slot - Slots);

    /// <summary>Records a member's exception and makes the others leave their barriers.</summary>
    public void Fail(Exception exception)
    {
        lock (_errorsLock)
        {
            if (_first is null)
            {
                _first = exception;
            }
            else
            {
                (_others ??= []).Add(exception);
            }
        }

        Abandon();
    }

    /// <summary>
    /// Cancels the current region (<c>cancel parallel</c>): members leave at their next barrier or cancellation
    /// point, tasks not yet started are dropped, and the region ends without an exception.
    /// </summary>
    public void Abandon()
    {
        Interlocked.Exchange(ref *Cancelled, 1);
        Interlocked.Increment(ref *BarrierGeneration);
        Futex.Wake(BarrierGeneration);
    }

    /// <summary>Stops the members (they are background threads; this is for tests and unloading).</summary>
    public void Stop()
    {
        _stopping = true;
        for (int member = 1; member < _goLines.Length; member++)
        {
            Interlocked.Increment(ref *(int*)_goLines[member]);
        }

        Interlocked.Increment(ref *LaunchBell);
        Futex.Wake(LaunchBell);

        for (int member = 1; member < _threads.Length; member++)
        {
            _threads[member]?.Join();
        }
    }

    /// <summary>Rethrows the region's first exception, the others attached, and clears them.</summary>
    private void ThrowIfFailed()
    {
        if (_first is null)
        {
            return;
        }

        Exception first = _first;
        List<Exception>? others = _others;
        _first = null;
        _others = null;
        if (others is not null)
        {
            first.Data[OtherExceptionsKey] = others.ToArray();
        }

        ExceptionDispatchInfo.Throw(first);
    }
}
