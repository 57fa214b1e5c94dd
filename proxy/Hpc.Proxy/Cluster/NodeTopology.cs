using System.Globalization;

namespace Hpc.Proxy.Cluster;

/// <summary>
/// The cpus this process may use on the local machine, grouped by NUMA node: online cpus, narrowed to the
/// process's affinity (taskset, cgroup cpusets and Slurm all show up in <c>Cpus_allowed_list</c>).
/// </summary>
internal sealed class NodeTopology
{
    /// <summary>Builds a topology from already intersected, non-empty NUMA node cpu sets.</summary>
    private NodeTopology(IReadOnlyList<CpuSet> numaNodes, CpuSet onlineCpus, CpuSet? allowedCpus)
    {
        NumaNodes = numaNodes;
        OnlineCpus = onlineCpus;
        AllowedCpus = allowedCpus;
        UsableCpus = numaNodes.Aggregate(CpuSet.Empty, (all, node) => all.Union(node));
    }

    /// <summary>The NUMA nodes in id order, each holding only usable cpus; nodes without usable cpus are left out.</summary>
    public IReadOnlyList<CpuSet> NumaNodes { get; }

    /// <summary>Every cpu this process may run on: online and inside its affinity.</summary>
    public CpuSet UsableCpus { get; }

    /// <summary>The cpus the kernel reports online.</summary>
    public CpuSet OnlineCpus { get; }

    /// <summary>The process's affinity from <c>Cpus_allowed_list</c>, or null when it could not be read.</summary>
    public CpuSet? AllowedCpus { get; }

    /// <summary>
    /// Builds a topology from NUMA node cpu sets, keeping only cpus that are online (default: all cpus of the nodes)
    /// and allowed (default: no restriction), and dropping nodes left empty.
    /// </summary>
    public static NodeTopology Create(IEnumerable<CpuSet> numaNodes, CpuSet? onlineCpus = null, CpuSet? allowedCpus = null)
    {
        ArgumentNullException.ThrowIfNull(numaNodes);
        var nodes = numaNodes.ToList();
        var online = onlineCpus ?? nodes.Aggregate(CpuSet.Empty, (all, node) => all.Union(node));
        var usable = allowedCpus is null ? online : online.Overlap(allowedCpus);
        var kept = nodes.Select(node => node.Overlap(usable)).Where(node => !node.IsEmpty).ToList();
        return new NodeTopology(kept, online, allowedCpus);
    }

    /// <summary>
    /// Reads the topology below <paramref name="root"/> ("/" for this machine): NUMA nodes from
    /// <c>sys/devices/system/node/node*/cpulist</c> (all online cpus form one node when there are none), online cpus
    /// from <c>sys/devices/system/cpu/online</c>, and the affinity from <c>proc/self/status</c> (ignored if missing).
    /// </summary>
    public static NodeTopology Detect(string root = "/")
    {
        ArgumentNullException.ThrowIfNull(root);
        var onlinePath = Path.Combine(root, "sys/devices/system/cpu/online");
        var numaNodes = ReadNumaNodes(Path.Combine(root, "sys/devices/system/node"));

        // Without sysfs (some containers) fall back to what the runtime counts, which is at least consistent.
        var online = File.Exists(onlinePath)
            ? ReadCpuList(onlinePath)
            : numaNodes.Count > 0
                ? numaNodes.Aggregate(CpuSet.Empty, (all, node) => all.Union(node))
                : CpuSet.Of(Enumerable.Range(0, Environment.ProcessorCount));
        if (numaNodes.Count == 0)
        {
            numaNodes = [online];
        }

        var allowed = ReadAllowedCpus(Path.Combine(root, "proc/self/status"));
        return Create(numaNodes, online, allowed);
    }

    /// <summary>
    /// This topology with at most <paramref name="cpuCount"/> usable cpus (the lowest, NUMA node by node), or itself
    /// when <paramref name="cpuCount"/> is null or not smaller: a Slurm allocation narrower than the affinity.
    /// </summary>
    public NodeTopology Within(int? cpuCount)
    {
        if (cpuCount is not int count || count >= UsableCpus.Count)
        {
            return this;
        }

        CpuSet kept = CpuSet.Of(UsableCpus.Cpus.Take(count));
        return Create(NumaNodes, OnlineCpus, kept);
    }

    /// <summary>What this process may use for a job: <see cref="Detect"/>, narrowed to a Slurm allocation if any.</summary>
    public static NodeTopology DetectForJob() => Detect().Within(SlurmJob.CpusOnNode());

    /// <summary>Reads every <c>node&lt;N&gt;/cpulist</c> under the sysfs node folder, ordered by N.</summary>
    private static List<CpuSet> ReadNumaNodes(string nodeFolder)
    {
        if (!Directory.Exists(nodeFolder))
        {
            return [];
        }

        var nodes = new List<(int Id, CpuSet Cpus)>();
        foreach (var folder in Directory.EnumerateDirectories(nodeFolder, "node*"))
        {
            var name = Path.GetFileName(folder);
            var cpulist = Path.Combine(folder, "cpulist");
            if (int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && File.Exists(cpulist))
            {
                nodes.Add((id, ReadCpuList(cpulist)));
            }
        }

        return nodes.OrderBy(node => node.Id).Select(node => node.Cpus).ToList();
    }

    /// <summary>Reads the <c>Cpus_allowed_list</c> line of a proc status file; null if the file or line is absent.</summary>
    private static CpuSet? ReadAllowedCpus(string statusPath)
    {
        if (!File.Exists(statusPath))
        {
            return null;
        }

        const string Prefix = "Cpus_allowed_list:";
        foreach (var line in File.ReadLines(statusPath))
        {
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return ParseKernelList(line[Prefix.Length..], statusPath);
            }
        }

        return null;
    }

    /// <summary>Reads a sysfs cpulist file; memory-only NUMA nodes have an empty one.</summary>
    private static CpuSet ReadCpuList(string path) => ParseKernelList(File.ReadAllText(path), path);

    /// <summary>Parses a cpulist written by the kernel, where an empty list is legitimate.</summary>
    private static CpuSet ParseKernelList(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return CpuSet.Empty;
        }

        if (!CpuSet.TryParse(text, out var set, out var error))
        {
            throw new InvalidDataException($"{path}: unreadable cpu list \"{text.Trim()}\": {error}");
        }

        return set;
    }
}
