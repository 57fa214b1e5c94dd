using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Hpc.Hosted;
using Hpc.Protocol;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Proxy.Serving;

/// <summary>
/// The proxy's serving loop: polls every ring of the segment, serves console and file requests, takes events from
/// other threads (an isle process ended, a signal arrived), and sleeps on the segment's doorbell when all is quiet,
/// so an idle proxy takes no core from the isles.
/// </summary>
internal sealed unsafe class ProxyLoop
{
    /// <summary>Empty polls before the proxy goes to sleep (a few microseconds of spinning).</summary>
    private const int IdlePollsBeforeSleep = 64;
    /// <summary>Records taken from one ring before moving on, so one chatty rank cannot starve the others.</summary>
    private const int RecordsPerTurn = 64;
    /// <summary>Longest sleep; a safety net only, every event rings the doorbell.</summary>
    private const int SleepMilliseconds = 50;

    /// <summary>The segment.</summary>
    private readonly SegmentView _segment;
    /// <summary>Consumer ends of the rank rings.</summary>
    private readonly RingReader[] _rankRings;
    /// <summary>Consumer ends of the isle rings.</summary>
    private readonly RingReader[] _isleRings;
    /// <summary>Private copy of the record being served (the ring itself is untrusted).</summary>
    private readonly byte[] _record;
    /// <summary>Reply data being assembled.</summary>
    private readonly byte[] _reply;
    /// <summary>Console output.</summary>
    private readonly ConsoleSink _console;
    /// <summary>File requests.</summary>
    private readonly FileRequestHandler _files;
    /// <summary>The job's state.</summary>
    private readonly JobLedger _ledger;
    /// <summary>Work posted by other threads, run on the loop's thread.</summary>
    private readonly ConcurrentQueue<Action> _events = new();
    /// <summary>Isle notices already shown (each once).</summary>
    private readonly HashSet<string> _notices = [];
    /// <summary>Isles whose rings were found corrupt (ignored from then on).</summary>
    private readonly bool[] _corruptIsles;
    /// <summary>The ranks of this node: only their rings are served (the segment also lists other nodes' ranks).</summary>
    private readonly int[] _localRanks;
    /// <summary>More work the loop drives (across nodes: reporting the link's failures); null in a job of one node.</summary>
    private readonly IProxyPump? _pump;
    /// <summary>hermit-run's standard input for rank 0, or null when rank 0 gets end of input (it runs on another node).</summary>
    private readonly StdinForwarder? _stdin;
    /// <summary>The local ranks of each isle (whose rings must be empty before the isle's end is judged).</summary>
    private readonly List<int>[] _isleRanks;
    /// <summary>Isles whose process is gone, with what to do once everything they left in their rings is served.</summary>
    private readonly List<(int Isle, Action Judge)> _awaitingDrain = [];

    /// <summary>Stopwatch timestamp of the last request that waits for a reply (file calls), 0 before the first.</summary>
    public long LastRequestTimestamp { get; private set; }

    /// <summary>Serves the segment <paramref name="segment"/>.</summary>
    public ProxyLoop(SegmentView segment, ConsoleSink console, FileRequestHandler files, JobLedger ledger, IEnumerable<int> localRanks, IProxyPump? pump = null, StdinForwarder? stdin = null)
    {
        _stdin = stdin;
        _localRanks = [.. localRanks];
        _pump = pump;
        _segment = segment;
        _console = console;
        _files = files;
        _ledger = ledger;
        SegmentLayout layout = segment.Layout;
        _rankRings = new RingReader[layout.RankCount];
        for (int r = 0; r < layout.RankCount; r++)
        {
            _rankRings[r] = new RingReader(segment.RankRing(r), layout.RingCapacity);
        }

        _isleRings = new RingReader[layout.IsleCount];
        for (int i = 0; i < layout.IsleCount; i++)
        {
            _isleRings[i] = new RingReader(segment.IsleRing(i), layout.RingCapacity);
        }

        _corruptIsles = new bool[layout.IsleCount];
        _isleRanks = [.. Enumerable.Range(0, layout.IsleCount).Select(_ => new List<int>())];
        foreach (int r in _localRanks)
        {
            _isleRanks[_ledger.IsleOf(r)].Add(r);
        }

        // A terminal that caught up wakes the loop, which left ranks' output in their rings meanwhile.
        _console.OnRoom(Wake);
        _record = new byte[RingWriter.MaxPayload(layout.RingCapacity)];
        _reply = new byte[layout.ReplyCapacity];
    }

    /// <summary>Hands <paramref name="work"/> to the loop's thread and wakes it (callable from any thread).</summary>
    public void Post(Action work)
    {
        _events.Enqueue(work);
        Wake();
    }

    /// <summary>
    /// Runs <paramref name="judge"/> (on the loop's thread) once isle <paramref name="isle"/>'s rings hold nothing
    /// more: its process is gone, and how it ended is judged only after everything it reported has been read. The
    /// loop keeps serving meanwhile, so a terminal that is behind never keeps it from a deadline or a signal.
    /// </summary>
    public void WhenDrained(int isle, Action judge) => Post(() => _awaitingDrain.Add((isle, judge)));

    /// <summary>Wakes the loop's thread (callable from any thread).</summary>
    private void Wake()
    {
        Interlocked.Increment(ref _segment.Header->ProxyDoorbell);
        Futex.Wake(&_segment.Header->ProxyDoorbell);
    }

    /// <summary>Serves until <paramref name="done"/> says stop; <paramref name="onIdle"/> runs before each sleep.</summary>
    public void Run(Func<bool> done, Action onIdle, Func<int> sleepLimit)
    {
        int idle = 0;
        while (!done())
        {
            bool progressed = RunEvents() | PollAll() | JudgeDrainedIsles();
            if (progressed)
            {
                idle = 0;
                continue;
            }

            if (++idle < IdlePollsBeforeSleep)
            {
                Thread.SpinWait(20);
                continue;
            }

            onIdle();
            _console.Flush();
            Sleep(Math.Min(SleepMilliseconds, sleepLimit()));
            idle = 0;
        }
    }

    /// <summary>
    /// Serves everything already in the rings (the isles are gone or going), as far as the terminal takes it: output
    /// left when it is behind stays unread.
    /// </summary>
    public void Drain()
    {
        while (RunEvents() | PollAll() | JudgeDrainedIsles())
        {
        }
    }

    /// <summary>Judges the ended isles whose rings are now empty (or no longer read); true if any was judged.</summary>
    private bool JudgeDrainedIsles()
    {
        bool any = false;
        for (int i = 0; i < _awaitingDrain.Count; i++)
        {
            (int isle, Action judge) = _awaitingDrain[i];
            if (!IsDrained(isle))
            {
                continue;
            }

            _awaitingDrain.RemoveAt(i--);
            judge();
            any = true;
        }

        return any;
    }

    /// <summary>True when nothing more can be read from isle <paramref name="isle"/>'s rings.</summary>
    private bool IsDrained(int isle)
    {
        if (_corruptIsles[isle])
        {
            return true;
        }

        if (_console.IsCongested || _isleRings[isle].HasData)
        {
            return false;
        }

        foreach (int r in _isleRanks[isle])
        {
            if (_rankRings[r].HasData)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs queued events.</summary>
    private bool RunEvents()
    {
        bool any = false;
        while (_events.TryDequeue(out Action? work))
        {
            work();
            any = true;
        }

        return any;
    }

    /// <summary>One turn over every ring.</summary>
    private bool PollAll()
    {
        bool any = false;
        // While the terminal is behind, records stay in the rings: the ranks wait for ring space, not the loop.
        for (int i = 0; i < _isleRings.Length && !_console.IsCongested; i++)
        {
            any |= PollIsleRing(i);
        }

        foreach (int r in _localRanks)
        {
            if (_console.IsCongested)
            {
                break;
            }

            any |= PollRankRing(r);
        }

        if (_pump is not null)
        {
            any |= _pump.Pump();
        }

        return any;
    }

    /// <summary>Sleeps on the doorbell unless something arrived since the last poll.</summary>
    private void Sleep(int milliseconds)
    {
        if (milliseconds <= 0)
        {
            return;
        }

        SegmentHeader* header = _segment.Header;
        int seen = Volatile.Read(ref header->ProxyDoorbell);
        Interlocked.Exchange(ref header->ProxySleeping, 1);
        if (!AnyPending())
        {
            Futex.Wait(&header->ProxyDoorbell, seen, milliseconds);
        }

        Volatile.Write(ref header->ProxySleeping, 0);
    }

    /// <summary>True when a ring or the event queue holds work (checked after announcing sleep).</summary>
    private bool AnyPending()
    {
        if (!_events.IsEmpty)
        {
            return true;
        }

        if (_console.IsCongested)
        {
            return _pump?.HasWork == true;
        }

        for (int i = 0; i < _isleRings.Length; i++)
        {
            if (!_corruptIsles[i] && _isleRings[i].HasData)
            {
                return true;
            }
        }

        foreach (int r in _localRanks)
        {
            if (_rankRings[r].HasData)
            {
                return true;
            }
        }

        return _pump?.HasWork == true;
    }

    /// <summary>Serves up to a turn's worth of rank <paramref name="rank"/>'s records.</summary>
    private bool PollRankRing(int rank) => Poll(ref _rankRings[rank], _ledger.IsleOf(rank), rank);

    /// <summary>Serves up to a turn's worth of isle <paramref name="isle"/>'s records.</summary>
    private bool PollIsleRing(int isle) => Poll(ref _isleRings[isle], isle, -1);

    /// <summary>
    /// Serves up to a turn's worth of records of one ring: a rank's (<paramref name="rank"/> ≥ 0) or its isle's own.
    /// A corrupt ring silences the whole isle: nothing it sends can be trusted any more.
    /// </summary>
    private bool Poll(ref RingReader ring, int isle, int rank)
    {
        if (_corruptIsles[isle])
        {
            return false;
        }

        bool any = false;
        for (int n = 0; n < RecordsPerTurn; n++)
        {
            RingReadStatus status = ring.TryRead(_record, out RingRecord record);
            if (status == RingReadStatus.Empty)
            {
                break;
            }

            if (status == RingReadStatus.Corrupt)
            {
                Corrupt(isle, rank >= 0 ? $"rank {rank}'s ring" : "its ring");
                break;
            }

            any = true;
            ReadOnlySpan<byte> payload = _record.AsSpan(0, record.Length);
            if (rank >= 0)
            {
                ServeRankRecord(rank, record, payload);
            }
            else
            {
                ServeIsleRecord(isle, record, payload);
            }
        }

        WakeProducer(ring.Publish(), rank);
        return any;
    }

    /// <summary>Serves one record of an isle's own ring.</summary>
    private void ServeIsleRecord(int isle, in RingRecord record, ReadOnlySpan<byte> payload)
    {
        switch ((ProxyOp)record.Op)
        {
            case ProxyOp.Stdout:
            case ProxyOp.Stderr:
                _console.Write(-isle - 1, record.Op == (ushort)ProxyOp.Stderr, payload);
                break;
            case ProxyOp.IsleExit when payload.Length >= Marshal.SizeOf<ExitParams>():
                if (!_ledger.EnvironmentExit(isle, MemoryMarshal.Read<ExitParams>(payload).ExitCode))
                {
                    _ledger.Fail(1, $"isle {isle} reported Environment.Exit twice: its ring was written by someone else; ending the job");
                }

                break;
            case ProxyOp.IsleFailure when payload.Length >= Marshal.SizeOf<ExitParams>():
                _ledger.ThreadFailed(isle, Encoding.UTF8.GetString(payload[Marshal.SizeOf<ExitParams>()..]));
                break;
            case ProxyOp.IsleLeftovers:
                _ledger.ProcessesLeft(isle, Encoding.UTF8.GetString(payload));
                break;
            case ProxyOp.IsleNotice:
                string notice = Encoding.UTF8.GetString(payload);
                if (_notices.Add(notice))
                {
                    _console.Report($"hermit-run: {notice}");
                }

                break;
            default:
                Corrupt(isle, $"an unknown op {record.Op} on its ring");
                break;
        }
    }

    /// <summary>Serves one record of a rank.</summary>
    private void ServeRankRecord(int rank, in RingRecord record, ReadOnlySpan<byte> payload)
    {
        var op = (ProxyOp)record.Op;
        switch (op)
        {
            case ProxyOp.Stdout:
            case ProxyOp.Stderr:
                _console.Write(rank, op == ProxyOp.Stderr, payload);
                return;
            case ProxyOp.RankExit:
                if (payload.Length < Marshal.SizeOf<ExitParams>())
                {
                    Corrupt(_ledger.IsleOf(rank), $"a short exit record from rank {rank}");
                    return;
                }

                ExitParams exit = MemoryMarshal.Read<ExitParams>(payload);
                if (_ledger.HasEnded(rank))
                {
                    // Each rank ends once: a second record means someone else wrote into its ring, most likely
                    // another isle (so its own isle is not silenced). Neither record can be believed: the worse counts.
                    _ledger.ExitReportedTwice(rank, exit.ExitCode);
                    return;
                }

                string text = Encoding.UTF8.GetString(payload[Marshal.SizeOf<ExitParams>()..]);
                _files.RankEnded(rank);
                _console.EndLines(rank);
                _ledger.RankEnded(rank, exit.ExitCode, DescribeFailure((RankExitKind)exit.Kind, exit.ExitCode, text));
                return;
        }

        if (op == ProxyOp.StdinRead)
        {
            ServeStdin(rank, record, payload);
            return;
        }

        long result = _files.Handle(rank, op, payload, _reply, out int replyLength, out int extra);
        if ((record.Flags & RecordFlags.NoReply) == 0)
        {
            Reply(rank, record.Sequence, result, replyLength, extra);
            LastRequestTimestamp = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Serves a read of standard input: rank 0's comes from hermit-run's own, every other rank's is empty.</summary>
    private void ServeStdin(int rank, in RingRecord record, ReadOnlySpan<byte> payload)
    {
        long result;
        if (payload.Length < Marshal.SizeOf<FileParams>())
        {
            result = -LinuxErrno.EINVAL;
        }
        else
        {
            long count = Math.Clamp(MemoryMarshal.Read<FileParams>(payload).Count, 0, _reply.Length);
            result = rank == 0 && _stdin is not null ? _stdin.Read(_reply.AsSpan(0, (int)count)) : 0;
        }

        if ((record.Flags & RecordFlags.NoReply) == 0)
        {
            Reply(rank, record.Sequence, result, result > 0 ? (int)result : 0, 0);
        }
    }

    /// <summary>Writes a reply into the rank's reply area and wakes the rank if it sleeps.</summary>
    private void Reply(int rank, int sequence, long result, int length, int extra)
    {
        var reply = (ReplyHeader*)_segment.Reply(rank);
        _reply.AsSpan(0, length).CopyTo(new Span<byte>((byte*)reply + sizeof(ReplyHeader), length));
        reply->Result = result;
        reply->Length = length;
        reply->Extra = extra;
        Interlocked.Exchange(ref reply->Sequence, sequence);
        // The rank may be parked by its isle's scheduler (which watches its doorbell) or asleep on the sequence.
        Doorbell.Ring(_segment.Doorbell(rank));
        if (Volatile.Read(ref reply->Waiting) != 0)
        {
            Futex.Wake(&reply->Sequence);
        }
    }

    /// <summary>
    /// Wakes a producer that waits for ring space: asleep on the ring's futex word, or (a rank under its isle's
    /// scheduler) watching its doorbell.
    /// </summary>
    private void WakeProducer(int* word, int rank)
    {
        if (word != null)
        {
            Futex.Wake(word);
            if (rank >= 0)
            {
                Doorbell.Ring(_segment.Doorbell(rank));
            }
        }
    }

    /// <summary>An isle broke the protocol: stop reading it and end the job.</summary>
    private void Corrupt(int isle, string what)
    {
        _corruptIsles[isle] = true;
        _ledger.Fail(1, $"isle {isle} sent a corrupt request ({what}); ending the job");
    }

    /// <summary>The failure message of a rank's end, or null when it simply returned.</summary>
    private static string? DescribeFailure(RankExitKind kind, int exitCode, string text) => kind switch
    {
        RankExitKind.Signal => $"was killed by signal {exitCode - 128} ({JobLedger.SignalName(exitCode - 128)})",
        RankExitKind.Exception => $"failed: {ConfinementHint.Add(text)}",
        RankExitKind.LoadFailure => $"could not start: {text}",
        RankExitKind.Abort => $"aborted the job: {text}",
        _ => null,
    };
}
