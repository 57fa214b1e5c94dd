using Hpc.Proxy.Cluster;
using Hpc.Proxy.Placement;

namespace Hpc.Proxy.Running.Metal;

/// <summary>What a plan with metal isles must satisfy in this phase, and the checks of the host for them.</summary>
internal static class MetalPlan
{
    /// <summary>Where KVM lives.</summary>
    private const string KvmDevice = "/dev/kvm";

    /// <summary>
    /// Checks <paramref name="plan"/>: no mix of hosted and metal isles, one rank per metal isle (without an explicit
    /// rank count, the plan is redone with one rank per isle), QEMU installed, /dev/kvm present for kvm isles.
    /// </summary>
    public static JobPlan Check(JobPlan plan, PlanRequest request, int? explicitNp, NodeSpec? node, NodeTopology topology)
    {
        if (plan.Isles.Any(i => i.Target == IsleTarget.Process))
        {
            throw new JobException("a job runs on hosted or on metal isles, not both at once (yet)");
        }

        if (plan.Isles.Any(i => i.Target == IsleTarget.Kvm) && !File.Exists(KvmDevice))
        {
            throw new JobException($"--target kvm needs {KvmDevice}, which this machine does not have (KVM skipped); --target qemu runs the same image under TCG");
        }

        if (!QemuIsle.IsInstalled)
        {
            throw new JobException($"{QemuCommand.Emulator} not found: install Debian's qemu-system-x86 (and nasm to build the image)");
        }

        if (explicitNp is null && plan.Ranks.Count != plan.Isles.Count)
        {
            plan = JobPlanner.Plan(request with { Np = plan.Isles.Count }, node, topology);
        }

        if (plan.Isles.Any(i => i.Ranks.Count != 1))
        {
            throw new JobException($"a metal isle runs one rank in this phase: use -n {plan.Isles.Count} (one per isle) or more isles");
        }

        return plan;
    }
}
