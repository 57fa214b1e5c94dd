using Hpc.Proxy.Mpich;
using Hpc.Proxy.Serving;
using Hpc.Segment;

namespace Hpc.Proxy.Multinode;

/// <summary>
/// The proxy loop's part in the traffic between nodes for one run: the link's MPI thread carries the messages (it
/// drives a <see cref="RemoteRouter"/> on the segment); the loop fails the job, with the node named, when the link
/// failed or another node sent broken traffic, instead of letting the proxy fail.
/// </summary>
internal sealed class LinkedPump : IProxyPump, IDisposable
{
    /// <summary>The link, attached to the segment while this pump lives.</summary>
    private readonly NodeLinkTransport _link;
    /// <summary>The job's ledger, for failures.</summary>
    private readonly JobLedger _ledger;
    /// <summary>Node names, for messages.</summary>
    private readonly IReadOnlyList<string> _names;
    /// <summary>True once the job was failed here.</summary>
    private bool _failed;

    /// <summary>Carries the traffic of <paramref name="segment"/> over <paramref name="link"/>.</summary>
    public LinkedPump(SegmentView segment, NodeLinkTransport link, JobLedger ledger, IReadOnlyList<string> names)
    {
        _link = link;
        _ledger = ledger;
        _names = names;
        link.Attach(segment, new RemoteRouter(segment, link));
    }

    /// <inheritdoc />
    public bool HasWork => !_failed && (_link.Failure is not null || _link.RouterError is not null);

    /// <inheritdoc />
    public bool Pump()
    {
        if (_failed)
        {
            return false;
        }

        Exception? error = _link.Failure ?? _link.RouterError;
        switch (error)
        {
            case null:
                return false;
            case NodeFailedException e:
                Fail($"lost node {Name(e.Node)}: {e.Cause}");
                break;
            default:
                Fail($"broken traffic between nodes: {error.Message}");
                break;
        }

        return true;
    }

    /// <summary>Stops the routing (the segment is about to be unmapped).</summary>
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
