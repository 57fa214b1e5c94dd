namespace Hpc.Proxy.Running;

/// <summary>
/// Environment variables a per-node proxy got from its launcher (hydra's PMI connection, MPICH and UCX settings, the
/// Slurm step) that an isle must not inherit: a child that finds a PMI connection in its environment and starts MPI
/// would take over its parent's place in the job.
/// </summary>
internal static class LauncherVariables
{
    /// <summary>Prefixes removed besides <see cref="Mpich.ChildEnvironment"/>'s: hydra's HYD_ and the node job spec.</summary>
    private static readonly string[] s_prefixes = ["HYD_", "HPC_NODE_JOB"];

    /// <summary>True when <paramref name="name"/> belongs to the launcher, not to the job.</summary>
    public static bool IsLauncherVariable(string name) =>
        Mpich.ChildEnvironment.IsLauncherVariable(name) || s_prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// Removes the variables of an enclosing MPI launch from mpiexec's environment (hermit-run itself may run under
    /// one, such as a test's per-node proxy), keeping hydra's own settings (HYDRA_*) and the job spec.
    /// </summary>
    public static void ScrubForLaunch(IDictionary<string, string?> environment)
    {
        foreach (string name in environment.Keys.Where(n => n.StartsWith("PMI_", StringComparison.Ordinal) || n.StartsWith("PMIX_", StringComparison.Ordinal)).ToList())
        {
            environment.Remove(name);
        }
    }

    /// <summary>Removes every launcher variable from <paramref name="environment"/> (a child's environment).</summary>
    public static void Scrub(IDictionary<string, string?> environment)
    {
        foreach (string name in environment.Keys.Where(IsLauncherVariable).ToList())
        {
            environment.Remove(name);
        }
    }
}
