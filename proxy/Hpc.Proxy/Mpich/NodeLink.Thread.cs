using System.Diagnostics;
using Hpc.Hosted;

namespace Hpc.Proxy.Mpich;

/// <summary>The MPI thread: start-up, the polling loop with its back-off, heartbeats, failure and leaving.</summary>
internal sealed unsafe partial class NodeLink
{
    /// <summary>Frames in flight per peer at most, whatever their size.</summary>
    private const int WindowFrames = 64;

    /// <summary>Polling passes between two yields of the core while spinning (MPICH's blocking waits yield every 1000 polls).</summary>
    private const int YieldEvery = 2;

    /// <summary>Probed messages taken per loop pass at most (so sends and completions are not starved).</summary>
    private const int MatchesPerPass = 64;

    /// <summary>Outstanding requests (MPI thread only).</summary>
    private readonly RequestTable _requests = new();

    /// <summary>Completions of one Testsome (MPI thread only, reused).</summary>
    private readonly List<Completion> _completions = [];

    /// <summary>Inbound streams by (node, tag) (MPI thread only).</summary>
    private readonly Dictionary<long, InboundStream> _streams = [];

    /// <summary>Per-peer send queues (MPI thread only).</summary>
    private Outbox[] _outboxes = [];

    /// <summary>When each peer last sent us anything (Stopwatch ticks; MPI thread only).</summary>
    private long[] _lastHeard = [];

    /// <summary>When we last sent each peer anything (Stopwatch ticks; MPI thread only).</summary>
    private long[] _lastSent = [];

    /// <summary>The MPI tag of heartbeats (MPI_TAG_UB).</summary>
    private int _heartbeatTag;

    /// <summary>The MPI tag of the goodbye a leaving node sends every peer (MPI_TAG_UB - 1).</summary>
    private int _goodbyeTag;

    /// <summary>Peers that said goodbye: their silence or a failed heartbeat to them is no failure (MPI thread only).</summary>
    private bool[] _departed = [];

    /// <summary>When the liveness check last ran (Stopwatch ticks).</summary>
    private long _lastWatch;

    /// <summary>Send and receive frames in flight (heartbeats and the barrier not counted).</summary>
    private int _transfers;

    /// <summary>True when this pass queued arrivals (the callers' doorbell is rung once per pass).</summary>
    private bool _delivered;

    /// <summary>Where leaving stands: 0 not begun, 1 draining sends, 2 in the barrier, 3 through the barrier.</summary>
    private int _leavePhase;

    /// <summary>The thread's body: initialise MPI, then poll until asked to leave or abort.</summary>
    private void Run()
    {
        try
        {
            Initialize();
        }
        catch (Exception error)
        {
            _startError = error;
            _ready.Set();
            return;
        }

        _ready.Set();
        try
        {
            Pump();
        }
        catch (Exception error)
        {
            // An MPI call that failed outside a request, or a hook that threw: the link is unusable, say why.
            Fail(-1, $"the link's thread failed: {error.Message}", error);
            IdleUntilLeave();
        }
    }

    /// <summary>MPI_Init_thread (FUNNELED), errors returned instead of fatal, the world's shape, close-on-exec.</summary>
    private void Initialize()
    {
        int provided;
        MpiCalls.Check(MpiCalls.InitThread(null, null, MpichAbi.ThreadFunneled, &provided), "MPI_Init_thread");
        if (provided < MpichAbi.ThreadFunneled)
        {
            throw new InvalidOperationException($"MPI provides thread level {provided}, below FUNNELED.");
        }

        // Without this a failed peer makes MPICH abort the proxy from inside a call; with it the link reports the node.
        MpiCalls.Check(MpiCalls.CommSetErrhandler(MpichAbi.CommWorld, MpichAbi.ErrorsReturn), "MPI_Comm_set_errhandler");
        int rank, size, flag;
        MpiCalls.Check(MpiCalls.CommRank(MpichAbi.CommWorld, &rank), "MPI_Comm_rank");
        MpiCalls.Check(MpiCalls.CommSize(MpichAbi.CommWorld, &size), "MPI_Comm_size");
        int* tagUpperBound = null;
        MpiCalls.Check(MpiCalls.CommGetAttr(MpichAbi.CommWorld, MpichAbi.TagUpperBoundKey, &tagUpperBound, &flag), "MPI_Comm_get_attr");
        _heartbeatTag = flag != 0 && tagUpperBound != null ? *tagUpperBound : 32767;
        Node = rank;
        NodeCount = size;
        _goodbyeTag = _heartbeatTag - 1;
        MaxTag = _heartbeatTag - 2;

        // MPI_Init left hydra's and UCX's descriptors inheritable; children must not keep them. UCX opens a peer's
        // sockets (over TCP: 2-4 per peer, the accepting side's among them) only once the peer is first reached, so
        // every peer is reached first: marked before that, those sockets went to every child started later.
        ConnectPeers();
        InheritedDescriptors.MarkCloseOnExec();

        _outboxes = new Outbox[size];
        for (int i = 0; i < size; i++)
        {
            _outboxes[i] = new Outbox();
        }

        long now = Stopwatch.GetTimestamp();
        _departed = new bool[size];
        _lastHeard = new long[size];
        _lastSent = new long[size];
        Array.Fill(_lastHeard, now);
        Array.Fill(_lastSent, now);
        _lastWatch = now;
    }

    /// <summary>
    /// Reaches every peer before the link is used: a heartbeat each way, then a barrier, so that by its end every
    /// node's connections to every other are set up, on both sides. Gives up after the failure timeout or at an MPI
    /// error: a peer that is not there is the polling loop's to report, with its name.
    /// </summary>
    private void ConnectPeers()
    {
        if (NodeCount < 2)
        {
            return;
        }

        long deadline = Stopwatch.GetTimestamp() + (long)(_options.FailureTimeout.TotalSeconds * Stopwatch.Frequency);
        int[] requests = new int[2 * (NodeCount - 1)];
        Array.Fill(requests, MpichAbi.RequestNull);
        int code = MpichAbi.Success;
        fixed (int* handles = requests)
        {
            for (int peer = 0, i = 0; peer < NodeCount && code == MpichAbi.Success; peer++)
            {
                if (peer != Node)
                {
                    code = MpiCalls.Irecv(null, 0, MpichAbi.Byte, peer, _heartbeatTag, MpichAbi.CommWorld, &handles[i++]);
                    if (code == MpichAbi.Success)
                    {
                        code = MpiCalls.Isend(null, 0, MpichAbi.Byte, peer, _heartbeatTag, MpichAbi.CommWorld, &handles[i++]);
                    }
                }
            }
        }

        if (code != MpichAbi.Success || !WaitAll(requests, deadline))
        {
            Free(requests);
            return;
        }

        int[] barrier = [MpichAbi.RequestNull];
        fixed (int* handle = barrier)
        {
            code = MpiCalls.Ibarrier(MpichAbi.CommWorld, handle);
        }

        // A barrier not through in time stays pending (freeing a collective's request is erroneous); it completes in
        // the background, and collectives keep their order, so the closing barrier is not confused with it.
        _ = code == MpichAbi.Success && WaitAll(barrier, deadline);
    }

    /// <summary>Tests <paramref name="requests"/> until all completed (true), or an error or <paramref name="deadline"/> (false).</summary>
    private static bool WaitAll(int[] requests, long deadline)
    {
        int[] indices = new int[requests.Length];
        var statuses = new MpiStatus[requests.Length];
        fixed (int* handles = requests)
        fixed (int* completed = indices)
        fixed (MpiStatus* status = statuses)
        {
            while (true)
            {
                int done;
                if (MpiCalls.Testsome(requests.Length, handles, &done, completed, status) != MpichAbi.Success)
                {
                    return false;
                }

                if (done == MpichAbi.Undefined)
                {
                    return true;
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    return false;
                }

                if (done == 0)
                {
                    _ = Thread.Yield();
                }
            }
        }
    }

    /// <summary>Frees the point-to-point requests still active: a late arrival then completes unwatched, as a heartbeat would.</summary>
    private static void Free(int[] requests)
    {
        fixed (int* handles = requests)
        {
            for (int i = 0; i < requests.Length; i++)
            {
                if (handles[i] != MpichAbi.RequestNull)
                {
                    _ = MpiCalls.RequestFree(&handles[i]);
                }
            }
        }
    }

    /// <summary>The loop: take submissions, post frames, complete requests, match arrivals; back off when idle.</summary>
    private void Pump()
    {
        long spinTicks = (long)(_options.SpinTime.TotalSeconds * Stopwatch.Frequency);
        long transferSpinTicks = (long)(_options.TransferSpinTime.TotalSeconds * Stopwatch.Frequency);
        long napTicks = (long)(_options.NapTime.TotalSeconds * Stopwatch.Frequency);
        ShortSleep.TightenTimerSlack();
        long lastProgress = Stopwatch.GetTimestamp();
        int polls = 0;
        while (true)
        {
            if (_abortRequested)
            {
                _ = MpiCalls.Abort(MpichAbi.CommWorld, _abortCode);
            }

            _delivered = false;
            // The hook first: what a rank wrote since the last pass (often the answer its peer waits for) goes to
            // MPI before this pass's progress calls, each of which costs system calls.
            bool progressed = _options.OnPoll is { } poll && poll();
            progressed |= TakeSubmitted();
            progressed |= PostFrames();
            progressed |= CompleteRequests();
            progressed |= MatchArrivals();
            if (_delivered)
            {
                Doorbell.Ring(_arrival);
                _options.OnArrival?.Invoke();
            }

            long now = Stopwatch.GetTimestamp();
            Watch(now);
            if (_failure is not null)
            {
                IdleUntilLeave();
                return;
            }

            if (_leaveRequested && Leaving(now))
            {
                return;
            }

            if (progressed)
            {
                // What this pass delivered is often for a rank that shares this cpu, and what it sent is often the
                // answer such a rank waits for: let it run now rather than after another pass.
                lastProgress = now;
                _ = Thread.Yield();
            }
            else if (now - lastProgress > (_transfers > 0 ? transferSpinTicks : spinTicks) && !KeepsPolling(now, ref lastProgress))
            {
                // Back-off: naps of tens of microseconds for a while (a peer that is merely slow to answer is
                // still heard quickly), then millisecond sleeps that a Send cuts short.
                if (now - lastProgress > spinTicks + napTicks)
                {
                    Sleep(_options.IdleSleepMilliseconds);
                }
                else if (_submitted.IsEmpty)
                {
                    ShortSleep.For(_options.NapMicroseconds);
                }
            }
            else if (++polls % YieldEvery == 0)
            {
                // As MPICH's own blocking waits do: a peer process (or this proxy's caller thread) that shares
                // this core gets it now instead of after a whole scheduler slice.
                _ = Thread.Yield();
            }
            else
            {
                Thread.SpinWait(8);
            }
        }
    }

    /// <summary>
    /// Asks <see cref="NodeLinkOptions.KeepPolling"/> whether to go on polling instead of backing off; when it says
    /// so, the back-off starts afresh once it no longer does (a spin, then naps), as after progress.
    /// </summary>
    private bool KeepsPolling(long now, ref long lastProgress)
    {
        if (_options.KeepPolling is not { } keep || !keep())
        {
            return false;
        }

        lastProgress = now;
        return true;
    }

    /// <summary>True when no caller submitted a message or asked to leave or abort since the last look.</summary>
    private bool NothingAsked => _submitted.IsEmpty && !_leaveRequested && !_abortRequested;

    /// <summary>The idle sleep: on the owner's doorbell (<see cref="NodeLinkOptions.IdleWait"/>) or the link's own.</summary>
    private void Sleep(int milliseconds)
    {
        if (_options.IdleWait is { } wait && NothingAsked && wait(milliseconds))
        {
            return;
        }

        SleepOnDoorbell(milliseconds);
    }

    /// <summary>Sleeps on the MPI thread's doorbell unless a caller submitted something since the last look.</summary>
    private void SleepOnDoorbell(int milliseconds)
    {
        int seen = Volatile.Read(ref *_wake);
        Doorbell.MarkSleeping(_wake);
        if (NothingAsked)
        {
            Futex.Wait(_wake, seen, milliseconds);
        }

        Doorbell.ClearSleeping(_wake);
    }

    /// <summary>Sends heartbeats to quiet peers and fails the link when a peer has been silent too long.</summary>
    private void Watch(long now)
    {
        long interval = (long)(_options.HeartbeatInterval.TotalSeconds * Stopwatch.Frequency);
        if (NodeCount == 1 || now - _lastWatch < interval / 4)
        {
            return;
        }

        long limit = (long)(_options.FailureTimeout.TotalSeconds * Stopwatch.Frequency);
        if (now - _lastWatch > limit / 2)
        {
            // This thread itself was held up (descheduled, stopped): silence seen now proves nothing about the peers.
            Array.Fill(_lastHeard, now);
        }

        _lastWatch = now;
        for (int peer = 0; peer < NodeCount; peer++)
        {
            if (peer == Node)
            {
                continue;
            }

            // A peer that said goodbye still waits in the closing barrier and checks on this node: keep beating.
            if (now - _lastSent[peer] >= interval)
            {
                int request;
                int code = MpiCalls.Isend(null, 0, MpichAbi.Byte, peer, _heartbeatTag, MpichAbi.CommWorld, &request);
                if (code != MpichAbi.Success && _departed[peer])
                {
                    _lastSent[peer] = now;
                    continue;
                }

                if (code != MpichAbi.Success)
                {
                    Fail(peer, $"a heartbeat could not be sent: {MpiCalls.ErrorText(code)}");
                    return;
                }

                _requests.Add(request, new PendingRequest(RequestKind.Heartbeat, peer, 0, null));
                _lastSent[peer] = now;
            }

            double silent = (double)(now - _lastHeard[peer]) / Stopwatch.Frequency;
            if (!_departed[peer] && now - _lastHeard[peer] > limit)
            {
                Fail(peer, $"silent for {silent:0.0} s (heartbeats are due every {_options.HeartbeatInterval.TotalMilliseconds:0} ms): its proxy died, stopped or lost the network");
                return;
            }
        }
    }

    /// <summary>One step of leaving: drain the sends, then a non-blocking barrier; true when done or out of time.</summary>
    private bool Leaving(long now)
    {
        if (now > Volatile.Read(ref _leaveDeadline))
        {
            _leftCleanly = false;
            return true;
        }

        if (_leavePhase == 0)
        {
            // Peers that are still busy must not take this node's coming silence for a failure.
            SendGoodbyes();
            _leavePhase = 1;
        }

        if (_leavePhase == 1 && _submitted.IsEmpty && Array.TrueForAll(_outboxes, box => box.Waiting.Count == 0 && box.FramesInFlight == 0))
        {
            int request;
            MpiCalls.Check(MpiCalls.Ibarrier(MpichAbi.CommWorld, &request), "MPI_Ibarrier");
            _requests.Add(request, new PendingRequest(RequestKind.Barrier, -1, 0, null));
            _leavePhase = 2;
        }

        if (_leavePhase == 3)
        {
            // Every node is through the barrier: end the PMI connection too, or hydra takes this exit for a failure
            // (see PmiConnection). An unclean leave skips this on purpose: hydra's failure handling then ends the job.
            long left = Volatile.Read(ref _leaveDeadline) - now;
            _ = PmiConnection.Finalize(TimeSpan.FromSeconds(Math.Max(1, (double)left / Stopwatch.Frequency)));
            _leftCleanly = true;
            return true;
        }

        return false;
    }

    /// <summary>Tells every peer this node is leaving (an empty message on the goodbye tag).</summary>
    private void SendGoodbyes()
    {
        for (int peer = 0; peer < NodeCount; peer++)
        {
            if (peer == Node || _departed[peer])
            {
                continue;
            }

            int request;
            MpiCalls.Check(MpiCalls.Isend(null, 0, MpichAbi.Byte, peer, _goodbyeTag, MpichAbi.CommWorld, &request), "MPI_Isend");
            _requests.Add(request, new PendingRequest(RequestKind.Heartbeat, peer, 0, null));
        }
    }

    /// <summary>Fails the link once: records the failure, wakes waiting callers, runs the hooks.</summary>
    private void Fail(int node, string cause, Exception? inner = null)
    {
        if (_failure is not null)
        {
            return;
        }

        var failure = new NodeFailedException(node, cause, inner);
        _failure = failure;
        Doorbell.Ring(_arrival);
        _options.OnArrival?.Invoke();
        _options.OnFailure?.Invoke(failure);
    }

    /// <summary>After a failure: no more MPI traffic (calls towards a dead peer may never end); wait for leave or abort.</summary>
    private void IdleUntilLeave()
    {
        while (!_leaveRequested)
        {
            if (_abortRequested)
            {
                _ = MpiCalls.Abort(MpichAbi.CommWorld, _abortCode);
            }

            SleepOnDoorbell(50);
        }

        _leftCleanly = false;
    }
}
