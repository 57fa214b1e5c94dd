namespace Hpc.Proxy.Mpich;

/// <summary>
/// The launcher's variables a per-node proxy must not hand to its children. A child that sees the PMI variables of
/// its parent and calls MPI_Init takes over the parent's rank and breaks the job; UCX and MPICH settings are meant for
/// the proxy's own transport.
/// </summary>
internal static class ChildEnvironment
{
    /// <summary>Name prefixes removed: PMI/PMIx (process manager), MPI*/MPIR_CVAR_* (MPICH, mpiexec), HYDRA/HYDI (hydra), UCX_, OMPI_.</summary>
    private static readonly string[] s_prefixes = ["PMI_", "PMIX_", "MPI", "HYDRA", "HYDI_", "UCX_", "OMPI_"];

    /// <summary>True when <paramref name="name"/> is a launcher or MPI variable that children must not inherit.</summary>
    public static bool IsLauncherVariable(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string prefix in s_prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Removes every launcher variable from <paramref name="environment"/> (e.g. <c>ProcessStartInfo.Environment</c>,
    /// which starts as a copy of the proxy's own) and returns how many were removed.
    /// </summary>
    public static int Scrub(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var doomed = new List<string>();
        foreach (string name in environment.Keys)
        {
            if (IsLauncherVariable(name))
            {
                doomed.Add(name);
            }
        }

        foreach (string name in doomed)
        {
            environment.Remove(name);
        }

        return doomed.Count;
    }
}
