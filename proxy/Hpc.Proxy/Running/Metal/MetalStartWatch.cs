using System.Diagnostics;
using System.Globalization;
using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;
using Hpc.Proxy.Serving;
using Hpc.Segment;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// Ends a job whose metal isle never attaches to the segment: a VM that hangs before its kernel runs (a KVM that
/// cannot run plain guests pauses it; a broken image spins) would otherwise keep hermit-run waiting forever. A booted
/// kernel attaches within milliseconds (TCG ≈ 54 ms here); the bounds leave room for a loaded machine.
/// </summary>
internal sealed unsafe class MetalStartWatch
{
    /// <summary>Set to a number of seconds to change both bounds (for slow machines).</summary>
    public const string Variable = "HPC_METAL_START_SECONDS";

    /// <summary>Bound for a VM under KVM.</summary>
    private static readonly TimeSpan s_kvmBound = TimeSpan.FromSeconds(15);

    /// <summary>Bound for a VM under TCG.</summary>
    private static readonly TimeSpan s_tcgBound = TimeSpan.FromSeconds(60);

    /// <summary>The metal isles still expected to attach, with their deadlines (Stopwatch ticks).</summary>
    private readonly List<(IslePlan Isle, long Deadline, TimeSpan Bound)> _waiting;

    /// <summary>Starts watching the metal isles of <paramref name="plan"/> from now.</summary>
    public MetalStartWatch(JobPlan plan)
    {
        long now = Stopwatch.GetTimestamp();
        TimeSpan? configured = double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
        _waiting = [.. plan.Isles.Where(i => i.Target != IsleTarget.Process)
            .Select(i => (Isle: i, Bound: configured ?? (i.Target == IsleTarget.Kvm ? s_kvmBound : s_tcgBound)))
            .Select(w => (w.Isle, now + (long)(w.Bound.TotalSeconds * Stopwatch.Frequency), w.Bound))];
    }

    /// <summary>How long the proxy may sleep before the next check (milliseconds; int.MaxValue when nothing is watched).</summary>
    public int SleepLimit => _waiting.Count == 0 ? int.MaxValue : 250;

    /// <summary>Fails the job when an isle is past its bound without having attached; true then.</summary>
    public bool Expired(SegmentView segment, JobLedger ledger)
    {
        if (_waiting.Count == 0)
        {
            return false;
        }

        _waiting.RemoveAll(w => Volatile.Read(ref segment.Isle(w.Isle.Index)->State) != 0);
        long now = Stopwatch.GetTimestamp();
        foreach ((IslePlan isle, long deadline, TimeSpan bound) in _waiting)
        {
            if (now > deadline)
            {
                string how = isle.Target == IsleTarget.Kvm
                    ? "; KVM may be unable to run plain guests here (a PVM host: dmesg shows kvm-pvm). --target qemu runs the same image under TCG"
                    : "";
                ledger.Fail(1, string.Create(CultureInfo.InvariantCulture, $"isle {isle.Index} (a {isle.Target.ToString().ToLowerInvariant()} VM on cpus {isle.Cpus}) did not start its kernel within {bound.TotalSeconds:0.#} s{how}"));
                return true;
            }
        }

        return false;
    }
}
