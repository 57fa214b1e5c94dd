using System.Reflection;
using System.Runtime.Loader;

namespace Hpc.Isle;

/// <summary>
/// The load context of one rank: the job's own assemblies are loaded once per rank, so their static fields are per
/// rank as if each rank were a process. The runtime's assemblies, Hpc.Kernel and Hpc.Mpi stay shared: they hold the
/// isle's state (segment, rank contexts, message engines keyed by rank) that every rank must see the same.
/// </summary>
internal sealed class RankLoadContext : AssemblyLoadContext
{
    /// <summary>Assemblies resolved from the default context: one copy per isle.</summary>
    private static readonly string[] s_shared = ["Hpc.Kernel", "Hpc.Mpi"];

    /// <summary>Resolves the job's dependencies from its .deps.json.</summary>
    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>Creates the context of rank <paramref name="rank"/> for the job at <paramref name="jobPath"/>.</summary>
    public RankLoadContext(string jobPath, int rank)
        : base($"rank {rank}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(jobPath);
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (Array.IndexOf(s_shared, assemblyName.Name) >= 0)
        {
            return null;
        }

        string? path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
