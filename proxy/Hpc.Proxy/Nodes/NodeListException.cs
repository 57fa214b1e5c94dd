namespace Hpc.Proxy.Nodes;

/// <summary>A node list that cannot be used (bad host file, bad Slurm list); the message is one line.</summary>
internal sealed class NodeListException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public NodeListException(string message)
        : base(message)
    {
    }
}
