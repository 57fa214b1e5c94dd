using Hpc.Hosted;
using Hpc.Proxy.Mpich;
using Hpc.Segment;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The <see cref="INodeTransport"/> of a per-node proxy: MPICH through <see cref="NodeLink"/>. While a segment is
/// attached, the link's own MPI thread drives its <see cref="RemoteRouter"/> (NodeLinkOptions.OnPoll) and, when
/// idle, sleeps on the segment's node doorbell, which ranks ring: a message between a rank and MPI crosses no other
/// thread, and the proxy loop is woken only for failures. A small batch goes out of a reused frame and one that
/// arrives is written onto its channels from the link's receive buffer (NodeLinkOptions.OnInline): no allocation
/// per message. While a rank here waits on another node and a cpu is to spare, the thread keeps polling instead of
/// sleeping (NodeLinkOptions.KeepPolling), so the answer costs no wake-up.
/// </summary>
internal sealed unsafe class NodeLinkTransport : INodeTransport, IDisposable
{
    /// <summary>The NodeLink tag of record batches.</summary>
    private const int RecordsTag = 1;
    /// <summary>The NodeLink tag of "this node's ranks are all done" (empty).</summary>
    private const int DoneTag = 2;

    /// <summary>Environment variable: microseconds the link's MPI thread polls after its last progress before it naps.</summary>
    public const string SpinVariable = "HPC_NODE_SPIN_US";

    /// <summary>Nodes that said their ranks are done (MPI thread while attached, then the main thread).</summary>
    private readonly HashSet<int> _doneNodes = [];

    /// <summary>The link.</summary>
    private readonly NodeLink _link;
    /// <summary>Guards the attachment: the segment must not be unmapped while the MPI thread uses it.</summary>
    private readonly Lock _attachLock = new();
    /// <summary>The segment header while a segment is attached.</summary>
    private SegmentHeader* _segment;
    /// <summary>The router the MPI thread drives while a segment is attached.</summary>
    private RemoteRouter? _router;
    /// <summary>What the router threw on the MPI thread; the proxy loop reports it.</summary>
    private volatile Exception? _routerError;
    /// <summary>Bumped by the MPI thread after every batch of arrivals.</summary>
    private long _arrivalTicks;
    /// <summary>The ticks read before the last <see cref="TryReceive"/> that found nothing.</summary>
    private long _emptyAtTicks;

    /// <summary>Starts MPI (through hydra's PMI environment) and the link's thread.</summary>
    public NodeLinkTransport()
    {
        var defaults = new NodeLinkOptions();
        TimeSpan spin = defaults.SpinTime;
        if (int.TryParse(Environment.GetEnvironmentVariable(SpinVariable), out int microseconds) && microseconds >= 0)
        {
            // Longer polling keeps a message exchange off the nap path (MPI progress needs polling), at the cost of a core.
            spin = TimeSpan.FromMicroseconds(microseconds);
        }

        _link = NodeLink.Start(new NodeLinkOptions
        {
            SpinTime = spin,
            TransferSpinTime = spin > defaults.TransferSpinTime ? spin : defaults.TransferSpinTime,
            OnArrival = () => Interlocked.Increment(ref _arrivalTicks),
            // A whole batch as one MPI message from a reused frame: fewer, larger messages keep large transfers fast.
            InlineLimit = RemoteRouter.BatchLimit,
            OnPoll = PumpRouter,
            OnInline = DeliverInline,
            KeepPolling = RankAwaitsRemote,
            IdleWait = SleepOnNodeDoorbell,
            OnFailure = _ => RingProxy(),
        });
    }

    /// <summary>This node (its MPI rank).</summary>
    public int Node => _link.Node;

    /// <summary>Nodes in the job.</summary>
    public int NodeCount => _link.NodeCount;

    /// <summary>The link's failure, once it failed.</summary>
    public NodeFailedException? Failure => _link.Failure;

    /// <summary>What the router threw on the MPI thread (a corrupt channel, a broken batch), or null.</summary>
    public Exception? RouterError => _routerError;

    /// <inheritdoc />
    public bool HasArrivals => Volatile.Read(ref _arrivalTicks) != _emptyAtTicks;

    /// <summary>From now on the MPI thread carries the traffic of <paramref name="segment"/> through <paramref name="router"/>.</summary>
    public void Attach(SegmentView segment, RemoteRouter router)
    {
        lock (_attachLock)
        {
            _segment = segment.Header;
            _router = router;
        }
    }

    /// <summary>
    /// Stops using the segment (it is about to be unmapped), after one last pass that sends what the ranks wrote
    /// before they ended (an eager send is complete for its rank once on the channel).
    /// </summary>
    public void Detach()
    {
        lock (_attachLock)
        {
            if (_routerError is null)
            {
                try
                {
                    _ = _router?.Pump();
                }
                catch (Exception e) when (e is InvalidDataException or NodeFailedException)
                {
                    _routerError = e; // the job has ended: nothing is left to report it to
                }
            }

            _segment = null;
            _router = null;
        }
    }

    /// <inheritdoc />
    public void Send(int node, ReadOnlySpan<byte> message) => _link.SendCopy(node, RecordsTag, message);

    /// <inheritdoc />
    public bool TryReceive(out int node, out Memory<byte> message)
    {
        long ticks = Volatile.Read(ref _arrivalTicks);
        NodeMessage arrived;
        bool taken;
        while ((taken = _link.TryReceive(out arrived)) && arrived.Tag == DoneTag)
        {
            _doneNodes.Add(arrived.Node);
        }

        node = arrived.Node;
        message = arrived.Payload;
        if (!taken)
        {
            _emptyAtTicks = ticks;
        }

        return taken;
    }

    /// <summary>
    /// Tells every other node that this node's ranks are done and waits until every other node said the same (or the
    /// link failed, or <paramref name="timeout"/> passed): then all nodes leave the link together. Batches that still
    /// arrive meanwhile are for ranks that have ended and are dropped. Called after the run (detached), on the main thread.
    /// </summary>
    public bool AwaitAllDone(TimeSpan timeout)
    {
        for (int node = 0; node < NodeCount; node++)
        {
            if (node != Node)
            {
                _link.Send(node, DoneTag, Array.Empty<byte>());
            }
        }

        long deadline = Environment.TickCount64 + (long)Math.Min(timeout.TotalMilliseconds, long.MaxValue / 2);
        while (_doneNodes.Count < NodeCount - 1)
        {
            if (_link.Failure is not null || Environment.TickCount64 > deadline)
            {
                return false;
            }

            try
            {
                while (TryReceive(out _, out _))
                {
                    // A batch for a rank that has ended: nothing takes it any more.
                }
            }
            catch (NodeFailedException)
            {
                return false;
            }

            _ = _link.WaitForArrival(TimeSpan.FromMilliseconds(100));
        }

        return true;
    }

    /// <summary>
    /// Waits until every node is done (their ranks ended) and leaves the link; false when a node failed or
    /// <paramref name="timeout"/> passed first.
    /// </summary>
    public bool Leave(TimeSpan timeout) => _link.Leave(timeout);

    /// <summary>Leaves with the link's default timeout.</summary>
    public void Dispose() => _link.Dispose();

    /// <summary>One pass of the router on the MPI thread; a failure stops the routing and wakes the proxy loop.</summary>
    private bool PumpRouter()
    {
        lock (_attachLock)
        {
            if (_router is null || _routerError is not null)
            {
                return false;
            }

            try
            {
                return _router.Pump();
            }
            catch (Exception e) when (e is InvalidDataException or NodeFailedException)
            {
                _routerError = e;
            }
        }

        RingProxy();
        return true;
    }

    /// <summary>
    /// A small batch that arrived, on the MPI thread: written onto its channels at once while a router is attached
    /// (true); otherwise (or for another tag) left to the link's queue. A broken batch stops the routing.
    /// </summary>
    private bool DeliverInline(int node, int tag, ReadOnlySpan<byte> batch)
    {
        if (tag != RecordsTag)
        {
            return false;
        }

        lock (_attachLock)
        {
            if (_router is null || _routerError is not null)
            {
                return false;
            }

            try
            {
                _router.Deliver(node, batch);
                return true;
            }
            catch (InvalidDataException e)
            {
                _routerError = e;
            }
        }

        RingProxy();
        return true;
    }

    /// <summary>True while a rank of this node waits on another node and a cpu is to spare for polling (MPI thread).</summary>
    private bool RankAwaitsRemote()
    {
        lock (_attachLock)
        {
            return _router is not null && _routerError is null && _router.AwaitsRemote(Environment.ProcessorCount);
        }
    }

    /// <summary>The MPI thread's idle sleep while attached: on the node doorbell, unless the router has work.</summary>
    private bool SleepOnNodeDoorbell(int milliseconds)
    {
        lock (_attachLock)
        {
            if (_segment is null || _router is null || _routerError is not null)
            {
                return false;
            }

            int* doorbell = &_segment->NodeDoorbell;
            int seen = Volatile.Read(ref *doorbell);
            Doorbell.MarkSleeping(doorbell);
            if (!_router.HasWork)
            {
                Futex.Wait(doorbell, seen, milliseconds);
            }

            Doorbell.ClearSleeping(doorbell);
            return true;
        }
    }

    /// <summary>Wakes the proxy loop (it reports failures).</summary>
    private void RingProxy()
    {
        lock (_attachLock)
        {
            if (_segment is null)
            {
                return;
            }

            Interlocked.Increment(ref _segment->ProxyDoorbell);
            Futex.Wake(&_segment->ProxyDoorbell);
        }
    }
}
