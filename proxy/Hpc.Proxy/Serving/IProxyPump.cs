namespace Hpc.Proxy.Serving;

/// <summary>
/// Work the proxy loop drives besides the rings of its ranks (across nodes: reporting a failed link or broken
/// traffic). Called on the loop's thread only; whoever produces work for it rings the segment's proxy doorbell.
/// </summary>
internal interface IProxyPump
{
    /// <summary>Moves what can move without waiting; true when anything did.</summary>
    bool Pump();

    /// <summary>True when <see cref="Pump"/> has something to do now (checked before the loop sleeps).</summary>
    bool HasWork { get; }
}
