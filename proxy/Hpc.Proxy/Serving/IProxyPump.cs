namespace Hpc.Proxy.Serving;

/// <summary>
/// Work the proxy loop drives besides the rings of its ranks (the traffic between nodes). Called on the loop's
/// thread only; whoever produces work for it rings the segment's proxy doorbell.
/// </summary>
internal interface IProxyPump
{
    /// <summary>Moves what can move without waiting; true when anything did.</summary>
    bool Pump();

    /// <summary>True when <see cref="Pump"/> has something to do now (checked before the loop sleeps).</summary>
    bool HasWork { get; }
}
