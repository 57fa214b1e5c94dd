using System.Globalization;
using Hpc.Segment;

namespace Hpc.Proxy.Deadlock;

/// <summary>How a deadlock report names a wait: <c>Recv(source 1, tag 5) on world</c>, <c>Barrier on world (waiting for rank 1)</c>.</summary>
internal static class WaitText
{
    /// <summary>The wait, as a call with its envelope and communicator (ranks in world numbering).</summary>
    public static string Describe(WaitSnapshot wait)
    {
        string on = $" on {Communicator(wait.Context)}";
        return wait.Op switch
        {
            RankWaitOp.Recv or RankWaitOp.Probe or RankWaitOp.Sendrecv or RankWaitOp.Wait or RankWaitOp.WaitAll when wait.AwaitsMessage =>
                $"{wait.Op}(source {Value(wait.Source)}, tag {Value(wait.Tag)}){on}",
            RankWaitOp.Send or RankWaitOp.Sendrecv or RankWaitOp.Wait or RankWaitOp.WaitAll when wait.Destination >= 0 =>
                $"{wait.Op}(destination {wait.Destination}, tag {wait.Tag}){on}",
            RankWaitOp.Recv or RankWaitOp.Send or RankWaitOp.Sendrecv or RankWaitOp.Probe or RankWaitOp.Wait or RankWaitOp.WaitAll or RankWaitOp.WaitAny =>
                $"{wait.Op}{on}",
            // A collective: its internal tags mean nothing to the job, the peer it waits on does.
            _ => $"{wait.Op}{on}{Peer(wait)}",
        };
    }

    /// <summary>"world" for the world's contexts, else the communicator's context number.</summary>
    public static string Communicator(int context) =>
        context <= 1 ? "world" : $"the communicator of context {(context & ~1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A rank or tag, or "any".</summary>
    private static string Value(int value) => value == RankWait.AnyValue ? "any" : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whom a rank blocked in a collective waits on, if it says.</summary>
    private static string Peer(WaitSnapshot wait) =>
        wait.AwaitsMessage ? $" (waiting for {(wait.Source == RankWait.AnyValue ? "any rank" : $"rank {wait.Source}")})"
        : wait.Destination >= 0 ? $" (sending to rank {wait.Destination})"
        : "";
}
