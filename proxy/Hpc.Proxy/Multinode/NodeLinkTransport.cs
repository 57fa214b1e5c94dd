using Hpc.Hosted;
using Hpc.Proxy.Mpich;
using Hpc.Segment;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The <see cref="INodeTransport"/> of a per-node proxy: MPICH through <see cref="NodeLink"/>. Arrivals ring the
/// segment's proxy doorbell, so the proxy loop wakes for them as it does for its isles.
/// </summary>
internal sealed unsafe class NodeLinkTransport : INodeTransport, IDisposable
{
    /// <summary>The NodeLink tag of record batches.</summary>
    private const int RecordsTag = 1;
    /// <summary>The NodeLink tag of "this node's ranks are all done" (empty).</summary>
    private const int DoneTag = 2;

    /// <summary>Nodes that said their ranks are done (touched under the router's inbound lock, or after the run).</summary>
    private readonly HashSet<int> _doneNodes = [];

    /// <summary>The link.</summary>
    private readonly NodeLink _link;
    /// <summary>Guards <see cref="_segment"/>: the segment must not be unmapped while the MPI thread rings it.</summary>
    private readonly Lock _segmentLock = new();
    /// <summary>The segment header whose doorbell arrivals ring, while the segment exists.</summary>
    private SegmentHeader* _segment;
    /// <summary>Delivers arrivals on the MPI thread (true: all delivered, no need to wake the loop), or null.</summary>
    private Func<bool>? _deliver;
    /// <summary>Bumped by the MPI thread after every batch of arrivals.</summary>
    private long _arrivalTicks;
    /// <summary>The ticks read before the last <see cref="TryReceive"/> that found nothing.</summary>
    private long _emptyAtTicks;

    /// <summary>Environment variable: microseconds the link's MPI thread polls after its last progress before it naps.</summary>
    public const string SpinVariable = "HPC_NODE_SPIN_US";

    /// <summary>Starts MPI (through hydra's PMI environment) and the link's thread.</summary>
    public NodeLinkTransport()
    {
        var options = new NodeLinkOptions { OnArrival = RingProxy };
        if (int.TryParse(Environment.GetEnvironmentVariable(SpinVariable), out int spin) && spin >= 0)
        {
            // Longer polling keeps a message exchange off the nap path (MPI progress needs polling), at the cost of a core.
            // The spin while frames are in flight is never shorter than the idle one (the link checks it).
            TimeSpan spinTime = TimeSpan.FromMicroseconds(spin);
            options = new NodeLinkOptions
            {
                OnArrival = RingProxy,
                SpinTime = spinTime,
                TransferSpinTime = spinTime > options.TransferSpinTime ? spinTime : options.TransferSpinTime,
            };
        }

        _link = NodeLink.Start(options);
    }

    /// <summary>This node (its MPI rank).</summary>
    public int Node => _link.Node;

    /// <summary>Nodes in the job.</summary>
    public int NodeCount => _link.NodeCount;

    /// <summary>The link's failure, once it failed.</summary>
    public NodeFailedException? Failure => _link.Failure;

    /// <summary>
    /// From now on arrivals are handed to <paramref name="deliver"/> on the MPI thread, and wake the proxy loop of
    /// <paramref name="segment"/> when it could not deliver everything.
    /// </summary>
    public void Attach(SegmentView segment, Func<bool> deliver)
    {
        lock (_segmentLock)
        {
            _segment = segment.Header;
            _deliver = deliver;
        }

        RingProxy(); // anything that arrived before is taken now or on the loop's first turn
    }

    /// <summary>Detaches from the segment (it is about to be unmapped).</summary>
    public void Detach()
    {
        lock (_segmentLock)
        {
            _segment = null;
            _deliver = null;
        }
    }

    /// <inheritdoc />
    public void Send(int node, byte[] message) => _link.Send(node, RecordsTag, message);

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
    /// arrive meanwhile are for ranks that have ended and are dropped. Called after the run, on the main thread.
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

    /// <inheritdoc />
    public bool HasArrivals => Volatile.Read(ref _arrivalTicks) != _emptyAtTicks;

    /// <summary>
    /// Waits until every node is done (their ranks ended) and leaves the link; false when a node failed or
    /// <paramref name="timeout"/> passed first.
    /// </summary>
    public bool Leave(TimeSpan timeout) => _link.Leave(timeout);

    /// <summary>Leaves with the link's default timeout.</summary>
    public void Dispose() => _link.Dispose();

    /// <summary>Rings the proxy's doorbell (on the link's MPI thread).</summary>
    private void RingProxy()
    {
        Interlocked.Increment(ref _arrivalTicks);
        lock (_segmentLock)
        {
            SegmentHeader* header = _segment;
            if (header == null || _deliver?.Invoke() == true)
            {
                return;
            }

            Interlocked.Increment(ref header->ProxyDoorbell);
            if (Volatile.Read(ref header->ProxySleeping) != 0)
            {
                Futex.Wake(&header->ProxyDoorbell);
            }
        }
    }
}
