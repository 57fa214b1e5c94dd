using Hpc.Proxy.Cluster;
using Hpc.Segment;

namespace Hpc.Proxy.Placement;

/// <summary>Plans ranks onto isles and cpus.</summary>
internal static class JobPlanner
{
    /// <summary>
    /// Plans a job: picks the candidate isles (explicit ones of <paramref name="node"/>, else automatic ones from
    /// <paramref name="topology"/>; a null node means automatic), keeps only as many as there are ranks, deals the
    /// ranks out by <see cref="PlanRequest.Placement"/>, and pins the k-th rank of an isle to its cpu k·T mod count,
    /// giving it that cpu and the T - 1 next ones (T = <see cref="PlanRequest.ThreadsPerRank"/>).
    /// Throws <see cref="PlacementException"/> when the request cannot be met.
    /// </summary>
    public static JobPlan Plan(PlanRequest request, NodeSpec? node, NodeTopology topology)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(topology);
        if (request.Np < 1)
        {
            throw new PlacementException($"the rank count must be at least 1, not {request.Np}");
        }

        if (request.Np > SegmentLayout.MaxRanks)
        {
            throw new PlacementException($"the rank count must be at most {SegmentLayout.MaxRanks} (the most a segment describes), not {request.Np}");
        }

        if (request.Isles is < 1)
        {
            throw new PlacementException($"--isles must be at least 1, not {request.Isles}");
        }

        if (request.CoresPerIsle is < 1)
        {
            throw new PlacementException($"--cores-per-isle must be at least 1, not {request.CoresPerIsle}");
        }

        if (request.ThreadsPerRank < 1)
        {
            throw new PlacementException($"--threads must be at least 1, not {request.ThreadsPerRank}");
        }

        var candidates = IsleCandidates.Choose(request, node, topology);
        var isles = candidates.Take(request.Np).ToList();
        var isleOfRank = new int[request.Np];
        if (request.Placement == PlacementPolicy.RoundRobin)
        {
            for (var rank = 0; rank < request.Np; rank++)
            {
                isleOfRank[rank] = rank % isles.Count;
            }
        }
        else
        {
            var counts = RankDistribution.Proportional(request.Np, isles.Select(isle => isle.Cpus.Count).ToList());
            var rank = 0;
            for (var isle = 0; isle < counts.Length; isle++)
            {
                for (var k = 0; k < counts[isle]; k++)
                {
                    isleOfRank[rank++] = isle;
                }
            }
        }

        if (request.ThreadsPerRank > 1 && isles.FirstOrDefault(isle => isle.Cpus.Count < request.ThreadsPerRank) is { } small)
        {
            throw new PlacementException(
                $"--threads {request.ThreadsPerRank} needs isles of at least {request.ThreadsPerRank} cores, but an isle has {small.Cpus.Count} ({small.Cpus}); use --cores-per-isle");
        }

        var ranksOfIsle = isles.Select(_ => new List<int>()).ToList();
        var ranks = new List<RankPlan>(request.Np);
        for (var rank = 0; rank < request.Np; rank++)
        {
            var isle = isleOfRank[rank];
            var cpus = isles[isle].Cpus.Cpus;
            var first = ranksOfIsle[isle].Count * request.ThreadsPerRank % cpus.Count;
            ranks.Add(new RankPlan(rank, isle, cpus[first], request.ThreadsPerRank));
            ranksOfIsle[isle].Add(rank);
        }

        var islePlans = isles
            .Select((isle, index) => new IslePlan(index, isle.Cpus, isle.MemoryBytes, request.Target ?? isle.Target, ranksOfIsle[index]))
            .ToList();
        CheckHostedMemory(islePlans, isles, node);
        return new JobPlan(islePlans, ranks);
    }

    /// <summary>
    /// Refuses a hosted isle given less memory than its .NET runtime needs to start. The limit becomes the isle's GC
    /// heap hard limit, and below a few MiB the runtime cannot even create its heap: the isle dies at once (SIGKILL or
    /// SIGSEGV) and the job would be reported as killed instead of as misconfigured.
    /// </summary>
    private static void CheckHostedMemory(List<IslePlan> plans, List<IsleSpec> specs, NodeSpec? node)
    {
        for (var i = 0; i < plans.Count; i++)
        {
            if (plans[i] is { Target: IsleTarget.Process, MemoryBytes: long bytes } plan && bytes < IsleSpec.MinHostedMemoryBytes)
            {
                var where = node?.SourcePath is { } path && specs[i].Line > 0 ? $"{path}:{specs[i].Line}: " : "";
                var split = specs[i].Line > 0 && plan.MemoryBytes != node?.Isles.FirstOrDefault(isle => isle.Line == specs[i].Line)?.MemoryBytes
                    ? " (its share of the isle's memory after --cores-per-isle)" : "";
                throw new PlacementException(
                    $"{where}isle {i} (cpus {plan.Cpus}) has {MemorySize.Format(bytes)} of memory{split}; a hosted isle needs at least "
                    + $"{MemorySize.Format(IsleSpec.MinHostedMemoryBytes)} to start its .NET runtime");
            }
        }
    }
}
