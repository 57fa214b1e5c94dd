using Hpc.Proxy.Cli;
using Hpc.Proxy.Cluster.Toml;

namespace Hpc.Proxy.Cluster;

/// <summary>The <c>[[node]]</c> and <c>[[node.isle]]</c> part of the reader.</summary>
internal sealed partial class ClusterFileReader
{
    /// <summary>Keys allowed in <c>[[node]]</c>.</summary>
    private static readonly string[] s_nodeKeys = ["name", "address", "isles", "cores_per_isle", "isle"];

    /// <summary>Keys allowed in <c>[[node.isle]]</c>.</summary>
    private static readonly string[] s_isleKeys = ["cpus", "memory", "target"];

    /// <summary>Reads every <c>[[node]]</c>, keeping each one's table for later position lookups.</summary>
    private List<(NodeSpec Spec, TomlTableNode Table)> ReadNodes(TomlEntry entry)
    {
        var nodes = new List<(NodeSpec Spec, TomlTableNode Table)>();
        foreach (var table in RequireTableArray(entry, "[[node]]"))
        {
            var spec = ReadNode(table);
            var twin = nodes.FirstOrDefault(node => string.Equals(node.Spec.Name, spec.Name, StringComparison.OrdinalIgnoreCase));
            if (twin.Spec is not null)
            {
                var at = (TomlNode?)table.Find("name")?.Value ?? table;
                throw Fail(at, $"duplicate node name {ErrorText.Quote(spec.Name)} (the node at line {twin.Spec.Line} has it too)");
            }

            nodes.Add((spec, table));
        }

        return nodes;
    }

    /// <summary>Reads one <c>[[node]]</c> table.</summary>
    private NodeSpec ReadNode(TomlTableNode table)
    {
        CheckKeys(table, "in [[node]]", s_nodeKeys);
        var name = NodeSpec.DefaultName;
        if (table.Find("name") is { } nameEntry)
        {
            name = RequireString(nameEntry, "a host name like \"node1\"").Trim();
            if (name.Length == 0)
            {
                throw Fail(nameEntry.Value, "'name' must not be empty");
            }
        }

        string? address = null;
        if (table.Find("address") is { } addressEntry)
        {
            address = RequireString(addressEntry, "an address like \"10.0.0.1\"").Trim();
            if (address.Length == 0)
            {
                throw Fail(addressEntry.Value, "'address' must not be empty (leave it out instead)");
            }
        }

        var islesEntry = table.Find("isles");
        if (islesEntry is not null && RequireString(islesEntry, "the string \"auto\"") != "auto")
        {
            throw Fail(islesEntry.Value, $"'isles' must be \"auto\" (or leave it out and list [[node.isle]] tables), not \"{ErrorText.Short((string)((TomlScalarNode)islesEntry.Value).Value)}\"");
        }

        var coresEntry = table.Find("cores_per_isle");
        int? coresPerIsle = coresEntry is null ? null : RequirePositiveInt(coresEntry);

        var isles = new List<IsleSpec>();
        var isleTables = table.Find("isle") is { } isleEntry ? RequireTableArray(isleEntry, "[[node.isle]]") : [];
        if (isleTables.Count > 0)
        {
            if (islesEntry is not null)
            {
                throw Fail(isleTables[0], $"node '{name}' has isles = \"auto\" (line {islesEntry.Line}) and [[node.isle]] tables; keep one of them");
            }

            if (coresEntry is not null)
            {
                throw Fail(coresEntry.Value, $"'cores_per_isle' only applies to automatic isles, but node '{name}' lists [[node.isle]] tables (line {isleTables[0].Line})");
            }
        }

        foreach (var isleTable in isleTables)
        {
            var isle = ReadIsle(isleTable);
            for (var other = 0; other < isles.Count; other++)
            {
                var shared = isles[other].Cpus.Overlap(isle.Cpus);
                if (!shared.IsEmpty)
                {
                    throw Fail(isleTable.Find("cpus")!.Value, $"{CpuWord(shared)} {shared} {(shared.Count == 1 ? "is" : "are")} in two isles of node '{name}': "
                        + $"isle {other} (line {isles[other].Line}) and isle {isles.Count} (line {isle.Line})");
                }
            }

            isles.Add(isle);
        }

        return new NodeSpec(name, address, isles.Count == 0, coresPerIsle, isles, table.Line) { SourcePath = _path };
    }

    /// <summary>Reads one <c>[[node.isle]]</c> table.</summary>
    private IsleSpec ReadIsle(TomlTableNode table)
    {
        CheckKeys(table, "in [[node.isle]]", s_isleKeys);
        var cpusEntry = table.Find("cpus") ?? throw Fail(table, "[[node.isle]] needs 'cpus', e.g. cpus = \"0-3\"");
        var cpusText = RequireString(cpusEntry, "a string like \"0-3\"");
        if (!CpuSet.TryParse(cpusText, out var cpus, out var cpusError))
        {
            throw Fail(cpusEntry.Value, $"bad 'cpus' \"{ErrorText.Short(cpusText)}\": {cpusError}");
        }

        long? memory = null;
        if (table.Find("memory") is { } memoryEntry)
        {
            memory = memoryEntry.Value switch
            {
                TomlScalarNode { Value: long bytes } when bytes > 0 => bytes,
                TomlScalarNode { Value: long } => throw Fail(memoryEntry.Value, "'memory' must be more than 0 bytes"),
                TomlScalarNode { Value: string text } => MemorySize.TryParse(text, out var bytes, out var error)
                    ? bytes
                    : throw Fail(memoryEntry.Value, $"bad 'memory': {error}"),
                _ => throw Fail(memoryEntry.Value, $"'memory' must be a size like \"16GiB\" or a whole number of bytes, not {memoryEntry.Value.KindName}"),
            };
        }

        var target = IsleTarget.Process;
        if (table.Find("target") is { } targetEntry)
        {
            var text = RequireString(targetEntry, "one of \"process\", \"qemu\", \"kvm\"");
            target = text switch
            {
                "process" => IsleTarget.Process,
                "qemu" => IsleTarget.Qemu,
                "kvm" => IsleTarget.Kvm,
                _ => throw Fail(targetEntry.Value, $"'target' must be one of \"process\", \"qemu\", \"kvm\", not \"{ErrorText.Short(text)}\""),
            };
        }

        return new IsleSpec(cpus, memory, target, table.Line);
    }
}
