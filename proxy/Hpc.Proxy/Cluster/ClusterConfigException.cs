namespace Hpc.Proxy.Cluster;

/// <summary>A valid cluster file that does not fit this run (e.g. no node describes this machine); one-line message.</summary>
internal sealed class ClusterConfigException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ClusterConfigException(string message)
        : base(message)
    {
    }
}
