using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster.Toml;
using Hpc.Segment;

namespace Hpc.Proxy.Cluster;

/// <summary>Checks a parsed cluster file key by key and builds the model; every problem throws with its position.</summary>
internal sealed partial class ClusterFileReader
{
    /// <summary>Keys allowed at the top level.</summary>
    private static readonly string[] s_topKeys = ["job", "node"];

    /// <summary>Keys allowed in <c>[job]</c>.</summary>
    private static readonly string[] s_jobKeys = ["placement", "allow", "np", "threads"];

    /// <summary>The file name used in error messages.</summary>
    private readonly string _path;

    /// <summary>This machine's cpus, to check the node that describes it.</summary>
    private readonly NodeTopology _topology;

    /// <summary>This machine's host name, to find the node that describes it.</summary>
    private readonly string _hostName;

    /// <summary>The directory relative <c>allow</c> entries are taken from.</summary>
    private readonly string _baseDirectory;

    /// <summary>Whether a path names an existing directory (the file system, unless a test stands in for it).</summary>
    private readonly Func<string, bool> _directoryExists;

    /// <summary>Creates a reader for one file; <paramref name="directoryExists"/> defaults to the real file system.</summary>
    public ClusterFileReader(string path, NodeTopology topology, string hostName, string baseDirectory, Func<string, bool>? directoryExists = null)
    {
        _directoryExists = directoryExists ?? Directory.Exists;
        _path = path;
        _topology = topology;
        _hostName = hostName;
        _baseDirectory = baseDirectory;
    }

    /// <summary>Reads the whole document.</summary>
    public ClusterConfig Read(TomlTableNode root)
    {
        CheckKeys(root, "at the top level", s_topKeys);
        var job = root.Find("job") is { } jobEntry ? ReadJob(jobEntry) : JobDefaults.Default;
        var nodes = root.Find("node") is { } nodeEntry ? ReadNodes(nodeEntry) : [];
        var specs = nodes.Select(node => node.Spec).ToList();
        if (ClusterConfig.FindNode(specs, _hostName) is { } local)
        {
            CheckLocalCpus(nodes.First(node => ReferenceEquals(node.Spec, local)));
        }

        return new ClusterConfig(_path, job, specs);
    }

    /// <summary>Reads <c>[job]</c>.</summary>
    private JobDefaults ReadJob(TomlEntry entry)
    {
        var table = RequireTable(entry, "[job]");
        CheckKeys(table, "in [job]", s_jobKeys);
        var placement = PlacementPolicy.Block;
        if (table.Find("placement") is { } placementEntry)
        {
            var text = RequireString(placementEntry, "\"block\" or \"round-robin\"");
            placement = text switch
            {
                "block" => PlacementPolicy.Block,
                "round-robin" => PlacementPolicy.RoundRobin,
                _ => throw Fail(placementEntry.Value, $"'placement' must be \"block\" or \"round-robin\", not \"{ErrorText.Short(text)}\""),
            };
        }

        var allow = new List<AllowedRoot>();
        if (table.Find("allow") is { } allowEntry)
        {
            foreach (var item in RequireValueArray(allowEntry, "an array of strings like [\"data\", \"/scratch:rw\"]"))
            {
                if (item is not TomlScalarNode { Value: string text })
                {
                    throw Fail(item, $"each 'allow' entry must be a string like \"/scratch:rw\", not {item.KindName}");
                }

                try
                {
                    allow.Add(AllowedRoot.ParseExisting(text, _baseDirectory, _directoryExists));
                }
                catch (FormatException e)
                {
                    throw Fail(item, $"bad 'allow' entry: {e.Message}");
                }
            }
        }

        int? np = table.Find("np") is { } npEntry ? RequirePositiveInt(npEntry, SegmentLayout.MaxRanks, " (the most ranks a job can have)") : null;
        int? threads = table.Find("threads") is { } threadsEntry ? RequirePositiveInt(threadsEntry) : null;
        return new JobDefaults(placement, allow, np, threads);
    }

    /// <summary>Checks the isles of the node describing this machine against the cpus this process may use.</summary>
    private void CheckLocalCpus((NodeSpec Spec, TomlTableNode Table) node)
    {
        var isleTables = node.Table.Find("isle")?.Value is TomlArrayNode array ? array.Items : [];
        for (var i = 0; i < node.Spec.Isles.Count; i++)
        {
            var missing = node.Spec.Isles[i].Cpus.Except(_topology.UsableCpus);
            if (missing.IsEmpty)
            {
                continue;
            }

            var offline = missing.Except(_topology.OnlineCpus);
            var reason = !offline.IsEmpty
                ? $"this machine has no online {CpuWord(offline)} {offline} (online: {_topology.OnlineCpus})"
                : $"{CpuWord(missing)} {missing} {(missing.Count == 1 ? "is" : "are")} outside the cpus this process may use "
                  + $"({_topology.UsableCpus}; restricted by taskset, a cgroup or the batch system)";
            var at = ((TomlTableNode)isleTables[i]).Find("cpus")!.Value;
            throw Fail(at, $"isle {i} of node '{node.Spec.Name}' (this machine): {reason}");
        }
    }

    /// <summary>"cpu" or "cpus" to go with a set.</summary>
    private static string CpuWord(CpuSet set) => set.Count == 1 ? "cpu" : "cpus";
}
