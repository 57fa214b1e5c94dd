using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Proxy.Deadlock;

/// <summary>
/// Tells from the segment when the ranks of a one-node job can never move again, so the job ends with a report
/// instead of hanging: (1) every rank still running has been blocked in Hpc.Mpi for the bound, with no rank's wait
/// record changing and no unread message in any channel to a blocked rank; or (2), at once, a rank waits for a
/// message only a rank that has already returned could send, and the channel from it is empty. Called on the proxy's
/// idle path; reads the segment only (it is untrusted: see <see cref="WaitSnapshot"/>).
/// </summary>
/// <remarks>
/// Why a report is never premature: a rank publishes its wait after its last look at the channels found nothing,
/// and clears it before it consumes anything. A record read unchanged before and after finding a channel empty thus
/// belongs to a rank that has seen everything that channel ever held. Only one node: across nodes a message may be
/// on its way in another node's proxy, which this one cannot see.
/// </remarks>
internal sealed class DeadlockDetector
{
    /// <summary>hermit-run's exit status when the job ends in a deadlock.</summary>
    public const int ExitStatus = 3;
    /// <summary>The bound when --deadlock-timeout is not given.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(10);
    /// <summary>Most ranks a report lists one by one.</summary>
    private const int ListedRanks = 32;
    /// <summary>Shortest time between two looks (the idle path may run far more often).</summary>
    private static readonly long s_checkInterval = Stopwatch.Frequency / 20;

    /// <summary>The segment.</summary>
    private readonly SegmentView _segment;
    /// <summary>Ranks of this node (all of them: the detector runs in one-node jobs only).</summary>
    private readonly int[] _ranks;
    /// <summary>How long everything must stay still, in Stopwatch ticks.</summary>
    private readonly long _boundTicks;
    /// <summary>The bound as given, for the report.</summary>
    private readonly TimeSpan _bound;
    /// <summary>Each rank's record at the start of the current still period (by position in <see cref="_ranks"/>).</summary>
    private readonly WaitSnapshot[] _still;
    /// <summary>Which ranks had returned at the start of the current still period.</summary>
    private readonly bool[] _stillReturned;
    /// <summary>Each rank's record in the current look.</summary>
    private readonly WaitSnapshot[] _now;
    /// <summary>Which ranks have returned, in the current look.</summary>
    private readonly bool[] _returned;
    /// <summary>Start of the current still period (Stopwatch ticks), or null while ranks move.</summary>
    private long? _stillSince;
    /// <summary>Time of the last look, or null before the first.</summary>
    private long? _lastLook;

    /// <summary>Watches the ranks <paramref name="ranks"/> of <paramref name="segment"/>; <paramref name="bound"/> must be positive.</summary>
    public DeadlockDetector(SegmentView segment, IEnumerable<int> ranks, TimeSpan bound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bound, TimeSpan.Zero);
        _segment = segment;
        _ranks = [.. ranks];
        _bound = bound;
        _boundTicks = (long)Math.Min(bound.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2);
        _still = new WaitSnapshot[_ranks.Length];
        _stillReturned = new bool[_ranks.Length];
        _now = new WaitSnapshot[_ranks.Length];
        _returned = new bool[_ranks.Length];
    }

    /// <summary>
    /// Looks at the ranks at time <paramref name="timestamp"/> (Stopwatch ticks); <paramref name="hasReturned"/> tells
    /// which ranks have returned (from the proxy's ledger, never from the segment). Returns the report when the job
    /// is deadlocked, else null.
    /// </summary>
    public string? Check(Func<int, bool> hasReturned, long timestamp)
    {
        if (timestamp - _lastLook < s_checkInterval)
        {
            return null;
        }

        _lastLook = timestamp;
        bool allBlocked = true;
        bool anyWaiting = false;
        for (int i = 0; i < _ranks.Length; i++)
        {
            _returned[i] = hasReturned(_ranks[i]);
            _now[i] = _returned[i] ? default : WaitSnapshot.Read(_segment, _ranks[i], _segment.Layout.RankCount);
            anyWaiting |= _now[i].IsWaiting;
            allBlocked &= _returned[i] || _now[i].IsWaiting;
        }

        if (!anyWaiting)
        {
            _stillSince = null;
            return null;
        }

        if (WaitsForReturned() is string lost)
        {
            return lost;
        }

        if (!allBlocked)
        {
            _stillSince = null;
            return null;
        }

        if (_stillSince is null || !Unchanged(_still, i => _now[i]) || !_returned.AsSpan().SequenceEqual(_stillReturned))
        {
            // The first look of a still period (or something moved since the last): start counting from here.
            _now.CopyTo(_still, 0);
            _returned.CopyTo(_stillReturned, 0);
            _stillSince = timestamp;
            return null;
        }

        if (timestamp - _stillSince.Value < _boundTicks)
        {
            return null;
        }

        // The channels only now (n² reads, once a bound): a message consumed during the period would have changed its
        // receiver's record, so empty channels now, with every record unchanged around the look, mean none moved.
        if (!AllWaitingDrained() || !Unchanged(_now, i => WaitSnapshot.Read(_segment, _ranks[i], _segment.Layout.RankCount)))
        {
            _stillSince = null;
            return null;
        }

        return Report();
    }

    /// <summary>
    /// The report for the first rank whose awaited message can only come from ranks that have all returned and whose
    /// channels to it are empty, or null.
    /// </summary>
    private string? WaitsForReturned()
    {
        for (int i = 0; i < _ranks.Length; i++)
        {
            WaitSnapshot wait = _now[i];
            if (!wait.AwaitsMessage)
            {
                continue;
            }

            int rank = _ranks[i];
            // A lone rank waiting for any source blames no one: the bound judges it, as it judges waits on oneself.
            bool lost = wait.Source == RankWait.AnyValue ? _ranks.Length > 1 && EveryOtherReturnedAndDrained(rank) : HasReturned(wait.Source) && IsDrained(wait.Source, rank);
            // Re-read after the channels: unchanged means the rank published this wait after it last drained them.
            if (lost && WaitSnapshot.Read(_segment, rank, _segment.Layout.RankCount) == wait)
            {
                string who = wait.Source == RankWait.AnyValue ? "every other rank has" : $"rank {wait.Source} has";
                return $"rank {rank} waits in {WaitText.Describe(wait)}, but {who} already returned";
            }
        }

        return null;
    }

    /// <summary>True when every rank but <paramref name="rank"/> has returned and nothing is left in a channel to it.</summary>
    private bool EveryOtherReturnedAndDrained(int rank)
    {
        for (int i = 0; i < _ranks.Length; i++)
        {
            if ((_ranks[i] != rank && !_returned[i]) || !IsDrained(_ranks[i], rank))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="rank"/> is one of the watched ranks and has returned (in this look).</summary>
    private bool HasReturned(int rank)
    {
        int i = Array.IndexOf(_ranks, rank);
        return i >= 0 && _returned[i];
    }

    /// <summary>True when no channel from a watched rank to a waiting rank holds unread bytes.</summary>
    private bool AllWaitingDrained()
    {
        for (int i = 0; i < _ranks.Length; i++)
        {
            if (!_now[i].IsWaiting)
            {
                continue;
            }

            foreach (int source in _ranks)
            {
                if (!IsDrained(source, _ranks[i]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>True when the channel from <paramref name="source"/> to <paramref name="destination"/> holds nothing unread.</summary>
    private unsafe bool IsDrained(int source, int destination)
    {
        var header = (RingHeader*)_segment.Channel(source, destination);
        return Volatile.Read(ref header->Tail) == Volatile.Read(ref header->Head);
    }

    /// <summary>True when every waiting rank's record in <paramref name="records"/> equals <paramref name="current"/>'s.</summary>
    private bool Unchanged(WaitSnapshot[] records, Func<int, WaitSnapshot> current)
    {
        for (int i = 0; i < _ranks.Length; i++)
        {
            if (!_returned[i] && records[i] != current(i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The report: one line of cause, then each rank's wait.</summary>
    private string Report()
    {
        bool someReturned = _returned.Contains(true);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"deadlock: every rank{(someReturned ? " still running" : "")} has waited {_bound.TotalSeconds:0.###} s with no message in flight");
        for (int i = 0; i < _ranks.Length && i < ListedRanks; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  rank {_ranks[i]}: {(_returned[i] ? "returned" : WaitText.Describe(_now[i]))}");
        }

        if (_ranks.Length > ListedRanks)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  ({_ranks.Length - ListedRanks} more ranks not listed)");
        }

        return text.ToString();
    }
}
