using Hpc.Proxy.Cluster;

namespace Hpc.Proxy.Placement;

/// <summary>Chooses the isles a job may use, before the rank count trims them: explicit ones from the node, or automatic ones from the topology.</summary>
internal static class IsleCandidates
{
    /// <summary>The candidate isles in order; automatic ones have Line 0, no memory and the process target.</summary>
    public static List<IsleSpec> Choose(PlanRequest request, NodeSpec? node, NodeTopology topology)
    {
        return node is { AutoIsles: false, Isles.Count: > 0 }
            ? Explicit(request, node)
            : Automatic(request, node, topology);
    }

    /// <summary>The node's own isles: the first K with <c>--isles K</c>, each re-split into groups with <c>--cores-per-isle</c>.</summary>
    private static List<IsleSpec> Explicit(PlanRequest request, NodeSpec node)
    {
        var isles = node.Isles.ToList();
        if (request.Isles is int count)
        {
            if (count > isles.Count)
            {
                throw new PlacementException($"--isles {count}: node '{node.Name}' defines only {isles.Count} isle{Plural(isles.Count)}");
            }

            isles = isles.Take(count).ToList();
        }

        if (request.CoresPerIsle is int size)
        {
            isles = isles.SelectMany(isle => Groups(isle.Cpus, size).Select(group => isle with
            {
                Cpus = group,

                // The isle's memory is shared among its parts in proportion to their cores.
                MemoryBytes = isle.MemoryBytes is long bytes ? (long)((Int128)bytes * group.Count / isle.Cpus.Count) : null,
            })).ToList();
        }

        return isles;
    }

    /// <summary>
    /// Isles from the topology: groups of G cores (within each NUMA node) when a core count is given, the first K of
    /// them with <c>--isles K</c>; with only <c>--isles K</c>, K near-equal contiguous groups; else one per NUMA node.
    /// </summary>
    private static List<IsleSpec> Automatic(PlanRequest request, NodeSpec? node, NodeTopology topology)
    {
        var usable = topology.UsableCpus;
        if (usable.IsEmpty)
        {
            throw new PlacementException("this machine has no usable cpus (check the cpu affinity of hermit-run)");
        }

        // A command-line --isles outranks the file's cores_per_isle; only a command-line core count combines with it.
        var size = request.CoresPerIsle ?? (request.Isles is null ? node?.CoresPerIsle : null);
        List<CpuSet> groups;
        if (size is int cores)
        {
            groups = topology.NumaNodes.SelectMany(numa => Groups(numa, cores)).ToList();
            if (request.Isles is int wanted)
            {
                if (wanted > groups.Count)
                {
                    throw new PlacementException($"--isles {wanted} with {cores} core{Plural(cores)} per isle: this machine has room for only {groups.Count} (usable cpus {usable})");
                }

                groups = groups.Take(wanted).ToList();
            }
        }
        else if (request.Isles is int count)
        {
            if (count > usable.Count)
            {
                throw new PlacementException($"--isles {count}: this machine has only {usable.Count} usable cpu{Plural(usable.Count)} ({usable})");
            }

            groups = NearEqual(usable, count);
        }
        else
        {
            groups = topology.NumaNodes.ToList();
        }

        return groups.Select(cpus => new IsleSpec(cpus, null, IsleTarget.Process, 0)).ToList();
    }

    /// <summary>Consecutive groups of <paramref name="size"/> cpus; the last may be smaller.</summary>
    private static IEnumerable<CpuSet> Groups(CpuSet cpus, int size)
    {
        for (var start = 0; start < cpus.Count; start += size)
        {
            yield return cpus.Slice(start, Math.Min(size, cpus.Count - start));
        }
    }

    /// <summary><paramref name="count"/> contiguous groups whose sizes differ by at most one, larger ones first.</summary>
    private static List<CpuSet> NearEqual(CpuSet cpus, int count)
    {
        var groups = new List<CpuSet>(count);
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var size = (cpus.Count / count) + (i < cpus.Count % count ? 1 : 0);
            groups.Add(cpus.Slice(start, size));
            start += size;
        }

        return groups;
    }

    /// <summary>"s" unless <paramref name="count"/> is 1.</summary>
    private static string Plural(int count) => count == 1 ? "" : "s";
}
