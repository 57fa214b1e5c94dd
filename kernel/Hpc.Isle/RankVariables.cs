using Hpc.Isles;

namespace Hpc.Isle;

/// <summary>
/// The launchers' rank variables for programs that know nothing of Hpc (PMI_RANK/PMI_SIZE of hydra,
/// OMPI_COMM_WORLD_RANK/SIZE of Open MPI, SLURM_PROCID/SLURM_NTASKS of srun). The environment is one per process
/// and .NET offers no per-thread view of it (Environment.GetEnvironmentVariable reads one process-wide table, shared
/// by every load context), so they can be right only in an isle that hosts one rank: there they are set; in an
/// isle of several ranks they are removed, so that no rank reads another's rank or hermit-run's own launcher's.
/// </summary>
internal static class RankVariables
{
    /// <summary>The variables naming the rank.</summary>
    private static readonly string[] s_rankNames = ["PMI_RANK", "OMPI_COMM_WORLD_RANK", "SLURM_PROCID"];
    /// <summary>The variables naming the job's size.</summary>
    private static readonly string[] s_sizeNames = ["PMI_SIZE", "OMPI_COMM_WORLD_SIZE", "SLURM_NTASKS"];

    /// <summary>
    /// Sets the variables of <paramref name="rank"/> of <paramref name="size"/> in <paramref name="environment"/>: a
    /// rank process (<c>--aot</c>) is alone in its process, so its own variables are always right.
    /// </summary>
    public static void SetIn(IDictionary<string, string?> environment, int rank, int size)
    {
        foreach (string name in s_rankNames)
        {
            environment[name] = rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (string name in s_sizeNames)
        {
            environment[name] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Sets the variables for <paramref name="only"/>, the isle's single rank, or removes them (null).</summary>
    public static void Set(RankContext? only, int size)
    {
        foreach (string name in s_rankNames)
        {
            Environment.SetEnvironmentVariable(name, only?.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (string name in s_sizeNames)
        {
            Environment.SetEnvironmentVariable(name, only is null ? null : size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
