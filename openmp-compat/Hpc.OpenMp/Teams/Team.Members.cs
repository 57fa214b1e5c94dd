using System.Runtime.InteropServices;

using Hpc.Hosted;

namespace Hpc.OpenMp.Teams;

/// <summary>The member threads: their start, binding and loop.</summary>
internal sealed unsafe partial class Team
{
    /// <summary>The place index each member is bound to now (-1: not yet), index 0 for the primary.</summary>
    private int[] _boundPlace = [-1];

    /// <summary>The place the calling thread was bound to as a primary, per thread (teams are per rank, one per thread is enough).</summary>
    [ThreadStatic]
    private static int[]? s_primaryPlace;

    /// <summary>Starts members until the team has <paramref name="size"/> (allocates only when it grows).</summary>
    private void Grow(int size)
    {
        int old = _members.Length;
        if (size <= old)
        {
            return;
        }

        Array.Resize(ref _members, size);
        Array.Resize(ref _goLines, size);
        Array.Resize(ref _threads, size);
        Array.Resize(ref _boundPlace, size);
        for (int member = old; member < size; member++)
        {
            _members[member] = new TeamThread(this, member);
            int* go = (int*)NativeMemory.AlignedAlloc(Line, Line);
            NativeMemory.Clear(go, Line);
            _goLines[member] = (nint)go;
            _boundPlace[member] = -1;
            int number = member;
            var thread = new Thread(() => MemberMain(number), _stackSize)
            {
                IsBackground = true,
                Name = Id == 0 ? $"omp member {member}" : $"omp team {Id} member {member}",
            };
            _threads[member] = thread;
            thread.Start();
        }
    }

    /// <summary>Binds the calling primary thread to place 0 of the team, once per thread.</summary>
    private void BindPrimary()
    {
        if (!_bindPrimary || s_primaryPlace == _places[0])
        {
            return;
        }

        CpuAffinity.SetProcessMask(_places[0]);
        s_primaryPlace = _places[0];
    }

    /// <summary>The place of member <paramref name="member"/> in a region of <paramref name="size"/> threads.</summary>
    private int PlaceOf(int member, int size) => _bind switch
    {
        ProcBind.Primary => 0,
        ProcBind.Spread => (int)((long)member * _places.Length / size) % _places.Length,
        _ => member % _places.Length,
    };

    /// <summary>Binds the calling member to its place for a region of <paramref name="size"/> (a system call only when it changes).</summary>
    private void BindMember(int member, int size)
    {
        if (_bind == ProcBind.False)
        {
            return;
        }

        int place = PlaceOf(member, size);
        if (_boundPlace[member] != place)
        {
            CpuAffinity.SetProcessMask(_places[place]);
            _boundPlace[member] = place;
        }
    }

    /// <summary>A member's life: wait for its go word, run its share, report done.</summary>
    private void MemberMain(int member)
    {
        TeamThread state = _members[member];
        int* go = (int*)_goLines[member];
        CurrentTeamThread.Value = state;
        int seen = 0;
        while (true)
        {
            SpinPark.WaitWhileEqual(go, seen, LaunchBell, LaunchSleepers, _budget);
            seen = Volatile.Read(ref *go);
            if (_stopping)
            {
                return;
            }

            int size = _size;
            TeamWork? work = _work;
            try
            {
                BindMember(member, size);
                state.Begin(_region, size, _outerLevel, _outerActiveLevel);
                state.Outer = _outer;
                work!.Run(state);
            }
            catch (TeamCancelledException)
            {
                // Another member threw first; its exception is the one to report.
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                // The region's end is a barrier: its tasks finish before anyone leaves.
                DrainTasks(state);
            }

            // The last touch of the region: after this the primary may start the next one. Only the last member
            // wakes it: the primary waits for all, and a wake per member would make it run (and sleep again) for each.
            if (Interlocked.Increment(ref *Done) == size - 1)
            {
                SpinPark.Wake(Done, DoneSleepers);
            }
        }
    }
}
