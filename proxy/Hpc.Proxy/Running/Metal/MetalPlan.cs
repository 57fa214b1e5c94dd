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
    /// rank count, the plan is redone with one rank per isle; with more ranks than isles, each rank gets its own isle
    /// on its share of the cores), QEMU installed, /dev/kvm present for kvm isles.
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
            if (request.Isles is not null)
            {
                throw new JobException($"a metal isle runs one rank (as HermitCore's did): use -n {plan.Isles.Count} with --isles {request.Isles}, or leave --isles out");
            }

            plan = OneIslePerRank(plan);
        }

        return plan;
    }

    /// <summary>
    /// One metal isle for each rank of <paramref name="plan"/>, on the cores the rank owns there: more ranks than the
    /// node's cores means VMs that share host cores (Linux schedules their vCPU threads), as ranks share an
    /// oversubscribed hosted isle.
    /// </summary>
    private static JobPlan OneIslePerRank(JobPlan plan)
    {
        var isles = new List<IslePlan>();
        var ranks = new List<RankPlan>();
        foreach (RankPlan rank in plan.Ranks)
        {
            if (!rank.IsLocal)
            {
                ranks.Add(rank);
                continue;
            }

            IslePlan shared = plan.Isles[rank.Isle];
            int[] owned = plan.OwnedCpus(rank);
            // Memory as the cluster file gave it per isle: each VM has its own.
            isles.Add(new IslePlan(isles.Count, CpuSet.Of(owned), shared.MemoryBytes, shared.Target, [rank.Rank]));
            ranks.Add(rank with { Isle = isles.Count - 1, Cpu = owned[0] });
        }

        return plan with { Isles = isles, Ranks = ranks };
    }
}
