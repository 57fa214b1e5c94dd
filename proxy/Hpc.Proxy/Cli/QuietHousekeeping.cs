using System.Globalization;
using System.Runtime.InteropServices;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Cli;

/// <summary>
/// <c>--quiet</c> on a node with a cpu no local rank owns: that cpu becomes the housekeeping cpu. hermit-run moves
/// its own threads there (the main thread serving the rings, tiered compilation, finalizer, console forwarders,
/// thread pool: measured with hermit-noise, every one of them could run on the ranks' cpus), and the isles are told
/// (HPC_HOUSEKEEPING_CPU) to move their runtime threads there too instead of onto their first cpu, a rank's. On a
/// node whose every cpu has a rank, nothing changes.
/// </summary>
internal static unsafe partial class QuietHousekeeping
{
    /// <summary>The variable naming the housekeeping cpu (read by the isles' quiet phase).</summary>
    private const string Variable = "HPC_HOUSEKEEPING_CPU";

    /// <summary>
    /// For a quiet job (<c>HPC_QUIET=1</c> in <paramref name="environment"/>): picks the housekeeping cpu (the user's
    /// -x value, else the first usable cpu no local rank owns), pins this process's threads to it, and returns the
    /// environment with it named. Otherwise returns <paramref name="environment"/> unchanged.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Apply(JobPlan plan, NodeTopology topology, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.GetValueOrDefault("HPC_QUIET") != "1" || plan.Isles.Any(i => i.Target != IsleTarget.Process))
        {
            return environment;
        }

        var owned = plan.Ranks.Where(r => r.IsLocal).SelectMany(plan.OwnedCpus).ToHashSet();
        int? cpu = int.TryParse(environment.GetValueOrDefault(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out int given)
            ? given
            : topology.UsableCpus.Cpus.Where(c => !owned.Contains(c)).Select(c => (int?)c).FirstOrDefault();
        if (cpu is not int housekeeping)
        {
            return environment;
        }

        PinThreads(housekeeping);
        return new Dictionary<string, string>(environment) { [Variable] = housekeeping.ToString(CultureInfo.InvariantCulture) };
    }

    /// <summary>Pins every thread of this process to <paramref name="cpu"/> (threads made later inherit their maker's mask).</summary>
    private static void PinThreads(int cpu)
    {
        byte[] mask = new byte[Math.Max(128, ((cpu / 64) + 1) * 8)];
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
            {
                fixed (byte* p = mask)
                {
                    // A thread that ended since the listing is no failure; nor is a refusal (hermit-run still runs, less quietly).
                    _ = SchedSetAffinity(tid, (nuint)mask.Length, p);
                }
            }
        }
    }

    /// <summary>sched_setaffinity(2).</summary>
    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, byte* mask);
}
