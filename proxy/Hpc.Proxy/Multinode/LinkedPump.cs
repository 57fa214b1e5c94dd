using Hpc.Proxy.Mpich;
using Hpc.Proxy.Serving;
using Hpc.Segment;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The proxy loop's traffic between nodes for one run: a <see cref="RemoteRouter"/> on the segment and the node
/// link. A failed link or a broken batch from another node fails the job (with the node named) instead of the proxy.
/// </summary>
internal sealed class LinkedPump : IProxyPump, IDisposable
{
    /// <summary>The router.</summary>
    private readonly RemoteRouter _router;
    /// <summary>The link, attached to the segment while this pump lives.</summary>
    private readonly NodeLinkTransport _link;
    /// <summary>The job's ledger, for failures.</summary>
    private readonly JobLedger _ledger;
    /// <summary>Node names, for messages.</summary>
    private readonly IReadOnlyList<string> _names;
    /// <summary>True once the job was failed here (the router is not used after).</summary>
    private bool _failed;

    /// <summary>Routes the traffic of <paramref name="segment"/> over <paramref name="link"/>.</summary>
    public LinkedPump(SegmentView segment, NodeLinkTransport link, JobLedger ledger, IReadOnlyList<string> names)
    {
        _router = new RemoteRouter(segment, link);
        _link = link;
        _ledger = ledger;
        _names = names;
        link.Attach(segment, _router.Deliver);
    }

    /// <inheritdoc />
    public bool HasWork => !_failed && (_router.HasWork || _link.Failure is not null);

    /// <inheritdoc />
    public bool Pump()
    {
        if (_failed)
        {
            return false;
        }

        try
        {
            return _router.Pump();
        }
        catch (NodeFailedException e)
        {
            Fail($"lost node {Name(e.Node)}: {e.Cause}");
        }
        catch (InvalidDataException e)
        {
            Fail($"broken traffic between nodes: {e.Message}");
        }

        return true;
    }

    /// <summary>Stops ringing the segment (it is about to be unmapped).</summary>
    public void Dispose() => _link.Detach();

    /// <summary>Fails the job once.</summary>
    private void Fail(string message)
    {
        _failed = true;
        _ledger.Fail(1, $"{message}; ranks {_ledger.RunningRanks} were still running");
    }

    /// <summary>A node's name.</summary>
    private string Name(int node) => node >= 0 && node < _names.Count ? _names[node] : $"#{node}";
}
