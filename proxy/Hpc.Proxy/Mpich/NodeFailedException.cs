namespace Hpc.Proxy.Mpich;

/// <summary>
/// The link to another node broke: the node stopped answering (no frame within the failure timeout), an MPI call
/// on its behalf failed, or it sent something that breaks the framing. <see cref="Node"/> is -1 when MPI could not
/// say which node.
/// </summary>
internal sealed class NodeFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="node"/> with the cause in words.</summary>
    public NodeFailedException(int node, string cause, Exception? inner = null)
        : base(node >= 0 ? $"node {node}: {cause}" : $"node link: {cause}", inner)
    {
        Node = node;
        Cause = cause;
    }

    /// <summary>The node that failed, or -1 when unknown.</summary>
    public int Node { get; }

    /// <summary>What went wrong, without the node prefix.</summary>
    public string Cause { get; }
}
