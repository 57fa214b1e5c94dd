using System.Diagnostics;

namespace Hpc.OpenMp.Teams;

/// <summary>
/// Hands one member its chunks of a loop's logical iteration space [0, count) under a schedule: the fixed blocks
/// or round-robin chunks of static, the shared counter of dynamic, the shrinking claims of guided. Chunks come in
/// increasing order for each member, which the ordered clause relies on.
/// </summary>
internal unsafe struct LoopCursor
{
    /// <summary>Iterations of the loop.</summary>
    private readonly long _count;
    /// <summary>Members sharing the loop.</summary>
    private readonly int _threads;
    /// <summary>The calling member.</summary>
    private readonly int _num;
    /// <summary>The schedule's kind (never runtime or auto here).</summary>
    private readonly ScheduleKind _kind;
    /// <summary>The chunk size (0 for static blocks).</summary>
    private readonly long _chunk;
    /// <summary>The construct's shared counters (null when one member runs the whole loop or the schedule is static).</summary>
    private readonly WorkshareSlot* _slot;
    /// <summary>Static: the next round of chunks this member takes (blocks: 1 once taken).</summary>
    private long _round;

    /// <summary>Creates the cursor of member <paramref name="num"/> of <paramref name="threads"/>.</summary>
    public LoopCursor(long count, ScheduleKind kind, int chunk, int num, int threads, WorkshareSlot* slot)
    {
        Debug.Assert(kind is ScheduleKind.Static or ScheduleKind.Dynamic or ScheduleKind.Guided, "a resolved schedule");
        Debug.Assert(threads == 1 || kind == ScheduleKind.Static || slot is not null, "shared schedules need a slot");
        _count = count;
        _threads = threads;
        _num = num;
        _kind = threads == 1 ? ScheduleKind.Static : kind;
        _chunk = threads == 1 ? 0 : chunk;
        _slot = slot;
        _round = 0;
    }

    /// <summary>The next chunk [begin, end) of this member, or false when it has no more.</summary>
    public bool Next(out long begin, out long end)
    {
        switch (_kind)
        {
            case ScheduleKind.Static when _chunk == 0:
                if (_round++ != 0)
                {
                    break;
                }

                long quotient = _count / _threads;
                long remainder = _count % _threads;
                begin = (_num * quotient) + Math.Min(_num, remainder);
                end = begin + quotient + (_num < remainder ? 1 : 0);
                return begin < end;

            case ScheduleKind.Static:
                begin = ((_round++ * _threads) + _num) * _chunk;
                if (begin >= _count)
                {
                    break;
                }

                end = Math.Min(begin + _chunk, _count);
                return true;

            case ScheduleKind.Dynamic:
                begin = (Interlocked.Increment(ref _slot->Next) - 1) * _chunk;
                if (begin >= _count)
                {
                    break;
                }

                end = Math.Min(begin + _chunk, _count);
                return true;

            case ScheduleKind.Guided:
                while (true)
                {
                    long next = Volatile.Read(ref _slot->Next);
                    if (next >= _count)
                    {
                        break;
                    }

                    long left = _count - next;
                    long size = Math.Min(left, Math.Max(_chunk, (left + _threads - 1) / _threads));
                    if (Interlocked.CompareExchange(ref _slot->Next, next + size, next) == next)
                    {
                        begin = next;
                        end = next + size;
                        return true;
                    }
                }

                break;
        }

        begin = end = 0;
        return false;
    }
}
