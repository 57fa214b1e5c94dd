using System.Globalization;

namespace Hpc.Proxy.Cluster;

/// <summary>
/// The Slurm job hermit-run runs in, if any. Its cpus: with Slurm's task/affinity or cgroup plugins the allocation is
/// already the process's affinity (<see cref="NodeTopology"/> reads it); with task/none, or <c>srun --cpu-bind=none</c>,
/// only <c>SLURM_CPUS_ON_NODE</c> says how many cpus are ours, and using more would take other jobs' cores.
/// </summary>
internal static class SlurmJob
{
    /// <summary>
    /// What a SIGTERM most likely means: inside a Slurm job it is how slurmstepd ends a step at the time limit or on
    /// scancel (SIGKILL follows after KillWait), which is worth naming in the job's last line.
    /// </summary>
    public static string TerminatedText(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        return variable("SLURM_JOB_ID") is { Length: > 0 } job
            ? $"terminated (SIGTERM; inside Slurm job {job}, whose time limit or scancel sends it)"
            : "terminated (SIGTERM)";
    }

    /// <summary>
    /// The number of cpus allocated on this node, or null outside a Slurm job (no <c>SLURM_JOB_ID</c>) or when the
    /// allocation does not say. Inside a step (srun, an sbatch script) that is <c>SLURM_CPUS_ON_NODE</c>; salloc runs
    /// its command outside any step with only the job's per-node counts (<c>SLURM_JOB_CPUS_PER_NODE</c>, e.g.
    /// <c>2(x3),1</c>), which name this node's count only when every node has the same one.
    /// </summary>
    public static int? CpusOnNode(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        if (string.IsNullOrEmpty(variable("SLURM_JOB_ID")))
        {
            return null;
        }

        if (Positive(variable("SLURM_CPUS_ON_NODE")) is int onNode)
        {
            return onNode;
        }

        string? perNode = variable("SLURM_JOB_CPUS_PER_NODE");
        int repeat = perNode?.IndexOf("(x", StringComparison.Ordinal) ?? -1;
        return perNode is null || perNode.Contains(',', StringComparison.Ordinal) ? null
            : Positive(repeat < 0 ? perNode : perNode[..repeat]);
    }

    /// <summary>A positive decimal number, or null.</summary>
    private static int? Positive(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;
}
