using System.Globalization;
using Hpc.Quiet;

namespace Hpc.NoiseStudies.Results;

/// <summary>
/// A thread of a probe's process tree, other than the measured ones, that may run on a measured cpu during the
/// measured phase (from threads.csv): the competitors a configuration brings onto its own cpus.
/// </summary>
/// <param name="Configuration">The configuration.</param>
/// <param name="Pid">Its process (host id).</param>
/// <param name="Tid">The thread (host id).</param>
/// <param name="Comm">Its name.</param>
/// <param name="Allowed">The cpus it may run on, as a list.</param>
/// <param name="RunningThere">Samples that saw it running or runnable on a measured cpu.</param>
/// <param name="Samples">Samples that saw it in the measured phase.</param>
internal sealed record ThreadExposure(string Configuration, int Pid, int Tid, string Comm, string Allowed, int RunningThere, int Samples)
{
    /// <summary>
    /// The exposed threads of one run: <paramref name="samples"/> within the measured phase of <paramref name="cores"/>,
    /// the measured threads (host ids) left out.
    /// </summary>
    public static IReadOnlyList<ThreadExposure> Of(string configuration, IReadOnlyList<CoreRun> cores, IReadOnlyList<ThreadSample> samples)
    {
        if (cores.Count == 0 || samples.Count == 0)
        {
            return [];
        }

        double start = cores.Min(c => c.Window.Start), end = cores.Max(c => c.Window.End);
        var measuredCpus = cores.Select(c => c.Cpu).ToHashSet();
        var measured = cores.Select(c => MeasuredTid(c, samples)).ToHashSet();
        return [.. samples.Where(s => s.TimeNs >= start && s.TimeNs <= end && !measured.Contains(s.Tid) && s.Allowed.Any(measuredCpus.Contains))
            .GroupBy(s => s.Tid)
            .Select(g => new ThreadExposure(configuration, g.First().Pid, g.Key, g.Last().Comm, CpuList.Format(g.Last().Allowed),
                g.Count(s => s.State == "R" && measuredCpus.Contains(s.Cpu)), g.Count()))
            .OrderByDescending(e => e.RunningThere).ThenBy(e => e.Pid).ThenBy(e => e.Tid)];
    }

    /// <summary>
    /// The host id of <paramref name="core"/>'s measured thread: the probe wrote its own id, which inside an isle's pid
    /// namespace differs from the host's; the thread pinned to that cpu with those namespace ids is it.
    /// </summary>
    public static int MeasuredTid(CoreRun core, IReadOnlyList<ThreadSample> samples)
    {
        ArgumentNullException.ThrowIfNull(core);
        int nsTid = core.MeasuredTid, nsPid = (int)core.Number("pid");
        ThreadSample? match = samples.FirstOrDefault(s => s.NsTid == nsTid && s.NsPid == nsPid && s.Allowed.Length == 1 && s.Allowed[0] == core.Cpu)
            ?? samples.FirstOrDefault(s => s.NsTid == nsTid && s.NsPid == nsPid);
        return match?.Tid ?? nsTid;
    }

    /// <summary>The row's cells: config, pid, thread, allowed cpus, samples running on a measured cpu / samples.</summary>
    public string[] Cells() =>
    [
        Configuration, Pid.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{Comm}:{Tid}"), Allowed,
        string.Create(CultureInfo.InvariantCulture, $"{RunningThere}/{Samples}"),
    ];
}
