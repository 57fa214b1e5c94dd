namespace Hpc.Proxy.Cluster;

/// <summary>One isle as described by a <c>[[node.isle]]</c> table (or derived from the topology, then Line is 0).</summary>
/// <param name="Cpus">The isle's cores.</param>
/// <param name="MemoryBytes">Memory for the isle (hosted: GC heap hard limit; metal: VM RAM), null for the default.</param>
/// <param name="Target">What the isle runs as.</param>
/// <param name="Line">The 1-based line of the <c>[[node.isle]]</c> header, 0 when not from a file.</param>
internal sealed record IsleSpec(CpuSet Cpus, long? MemoryBytes, IsleTarget Target, int Line)
{
    /// <summary>
    /// The least memory a hosted isle is given: measured, the .NET runtime of an isle starts with a GC heap limit of
    /// 8 MiB and dies at 4 MiB; twice the measured floor leaves room for the job's own assemblies and ranks.
    /// </summary>
    public const long MinHostedMemoryBytes = 16L << 20;
}
