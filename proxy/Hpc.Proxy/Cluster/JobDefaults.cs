namespace Hpc.Proxy.Cluster;

/// <summary>Defaults for every job run with a cluster file (the <c>[job]</c> table).</summary>
/// <param name="Placement">How ranks are dealt out to isles.</param>
/// <param name="Allow">Extra file roots jobs may reach (the working directory is always allowed read-write).</param>
/// <param name="Np">The rank count when <c>-n</c> is not given, if any.</param>
/// <param name="Threads">The cores per rank when <c>--threads</c> is not given, if any.</param>
internal sealed record JobDefaults(PlacementPolicy Placement, IReadOnlyList<AllowedRoot> Allow, int? Np, int? Threads = null)
{
    /// <summary>The defaults when there is no <c>[job]</c> table: block placement, no extra roots, no rank count.</summary>
    public static JobDefaults Default { get; } = new(PlacementPolicy.Block, [], null);
}
